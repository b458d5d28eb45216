"""Validating a graph against the official DCAT-AP 3.0.1 SHACL shapes vendored in tests/data/dcat-ap/.

Imports are off (``do_owl_imports=False``: the shapes' own imports.ttl would fetch vocabularies over
the network); the one piece of the DCAT vocabulary the shapes rely on, dcat:DatasetSeries being a
dcat:Dataset, is given as the ontology graph (tests/data/dcat-ap/dcat3-series-axiom.ttl).
"""

from collections import defaultdict
from functools import cache
from pathlib import Path

from pyshacl import validate
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES = Path(__file__).resolve().parent.parent / "data" / "dcat-ap"
SHAPE_FILES = ("shapes.ttl", "range.ttl", "shapes_recommended.ttl", "mdr-vocabularies.shape.ttl", "deprecateduris.ttl")


@cache
def _shapes() -> Graph:
    shapes = Graph()
    for name in SHAPE_FILES:
        shapes.parse(SHAPES / "3.0.1" / name)
    return shapes


@cache
def _ontology() -> Graph:
    return Graph().parse(SHAPES / "dcat3-series-axiom.ttl")


def _name(term) -> str:
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def shacl_results(data: Graph) -> dict[str, dict[tuple[str, str], list[str]]]:
    """The report's results by severity ("Violation", "Warning", "Info"), each keyed by (the focus
    node's class, the property) with the focus nodes; nested details of a failed sh:node are part of
    their result, not results of their own."""
    _conforms, report, _text = validate(
        data,
        shacl_graph=_shapes(),
        ont_graph=_ontology(),
        inference="none",
        do_owl_imports=False,
        allow_warnings=True,
    )
    found: dict[str, dict] = defaultdict(lambda: defaultdict(list))
    for result in report.objects(None, SH.result):
        severity = _name(report.value(result, SH.resultSeverity))
        focus = report.value(result, SH.focusNode)
        classes = sorted(_name(kind) for kind in data.objects(focus, RDF.type))
        kind = "DatasetSeries" if "DatasetSeries" in classes else (classes[0] if classes else "")
        found[severity][(kind, _name(report.value(result, SH.resultPath)))].append(str(focus))
    return found
