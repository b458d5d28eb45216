"""The open-data catalogue as DCAT-AP 3.0 (RDF): what data portals' harvesters read.

One graph holds the catalogue, its datasets, their distributions and everything they point to, with
every title, description and keyword in Chinese and English (language-tagged literals). Every
resource has its own IRI, built from ``settings.SITE_URL`` (the site's public address, which links
in mail use too), so the same dataset has the same IRI whoever asks and on whichever host:

    catalogue        {SITE_URL}/data/#catalogue
    dataset          {SITE_URL}/data/<dataset>/#dataset     (its landing page is /data/<dataset>/)
    distribution     {SITE_URL}/data/<dataset>/#csv, #json, #xlsx, #geojson, #api
    yearly series    {SITE_URL}/data/<dataset>/#series, a year #year-2022 (its files #year-2022-csv…)
    publisher        {SITE_URL}/#publisher              contact point  {SITE_URL}/contact/#contact-point
    the zone         {SITE_URL}/zones/#area             a zone         {SITE_URL}/zones/<slug>/#area
    industries       {SITE_URL}/industries/#scheme      an industry    {SITE_URL}/industries/<slug>/#concept
    the API          {SITE_URL}/api/v1/#service

Served by api/pages.py: /data/ and /data/<dataset>/ by content negotiation (JSON-LD, Turtle,
RDF/XML), and /data/catalog.jsonld, .ttl and .rdf (docs/open-data.md). What each dataset says of
itself is declared once, on its ``Dataset`` (api/common.py); its modification date comes from the
change log (api/changes.py). tests/api/test_dcat.py validates the graph against the official
DCAT-AP 3.0.1 SHACL shapes vendored in tests/data/dcat-ap/.
"""

from datetime import date, datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, SKOS, XSD

from api import vocabularies as vocab
from api.changes import last_changes
from api.common import Openness
from api.models import CatalogueSettings
from core.dates import DatePrecision

DCAT = Namespace("http://www.w3.org/ns/dcat#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
PREFIXES = {
    "dcat": DCAT,
    "dct": DCTERMS,
    "foaf": FOAF,
    "vcard": VCARD,
    "skos": SKOS,
    "locn": LOCN,
    "gsp": GSP,
    "dcatap": DCATAP,
    "xsd": XSD,
}
LANGUAGES = (("zh", "zh-hans"), ("en", "en"))  # (the literals' tag, Django's language code)

# The serialisations: media type → rdflib's format, and the extension of /data/catalog.<ext>.
SERIALISATIONS = {
    "application/ld+json": ("json-ld", "jsonld"),
    "text/turtle": ("turtle", "ttl"),
    "application/rdf+xml": ("xml", "rdf"),
}
EXTENSIONS = {extension: media_type for media_type, (_fmt, extension) in SERIALISATIONS.items()}

CATALOGUE_TITLE = _("Open data of the Hangzhou Qianjiang Economic Development Zone")
CATALOGUE_DESCRIPTION = _(
    "The datasets the zone publishes for reuse: signed projects, enterprises, policies, space on offer, "
    "news and events, zones, the industry system and its investment targets, the report card and "
    "innovation platforms, as CSV, JSON and Excel files and through the API."
)
INDUSTRIES_TITLE = _("Industries of the Hangzhou Qianjiang Economic Development Zone (一智三新五链)")
SERVICE_TITLE = _("Open-data API of the Hangzhou Qianjiang Economic Development Zone")
SERVICE_DESCRIPTION = _(
    "Read-only JSON over HTTP: every dataset of the catalogue as a list with the filters of its web page, "
    "and each row by its id or slug; documented in OpenAPI 3."
)
DISTRIBUTION_DESCRIPTIONS = {
    "csv": _("Every row as CSV (UTF-8 with a byte-order mark); the columns are described on the dataset's page."),
    "json": _("Every row as JSON, as the API writes it, with the licence and the number of rows."),
    "xlsx": _("Every row as an Excel workbook, with the data dictionary on a second sheet."),
    "api": _("The dataset through the API: pages of JSON with the filters of its web page."),
}
YEAR_TITLE = _("%(title)s, %(year)s")
YEAR_DESCRIPTION = _(
    "The figures of the zone's report card for %(year)s, that is those whose period ends in %(year)s: "
    "each with its value, unit, the period it covers and its source, as CSV, JSON or Excel."
)


def site_url(request=None) -> str:
    """The base of every IRI: ``SITE_URL``; the request's own address only where the deployment left it empty."""
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    return request.build_absolute_uri("/").rstrip("/") if request is not None else ""


def catalogue_graph(request=None) -> Graph:
    """The whole catalogue."""
    return _Builder(site_url(request)).catalogue()


def dataset_graph(dataset, request=None) -> Graph:
    """One dataset's description (and its yearly series), with what it points to, without the catalogue."""
    return _Builder(site_url(request)).described([dataset])


def serialise(graph: Graph, media_type: str) -> bytes:
    fmt, _extension = SERIALISATIONS[media_type]
    if fmt == "json-ld":
        context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
        return graph.serialize(format="json-ld", context=context, auto_compact=True, indent=1).encode()
    return graph.serialize(format=fmt, encoding="utf-8")


def dataset_iri(base: str, name: str, fragment: str = "dataset") -> URIRef:
    return URIRef(f"{base}/data/{name}/#{fragment}")


class _Builder:
    """Builds the graph in one pass; reads the database a fixed number of times (tests pin the count)."""

    def __init__(self, base: str):
        from portal.models import SiteSettings
        from zones.models import Zone

        self.base = base
        self.graph = Graph()
        for prefix, namespace in PREFIXES.items():
            self.graph.bind(prefix, namespace)
        self.licence = CatalogueSettings.current()
        self.site = SiteSettings.current()
        self.zones = list(Zone.objects.ordered())
        self.changes = last_changes()
        self._industries = None
        self._industry_themes = {}
        self.publisher = URIRef(f"{base}/#publisher")
        self.contact = URIRef(f"{base}/contact/#contact-point")
        self.area = URIRef(f"{base}/zones/#area")
        self.service = URIRef(f"{base}/api/v1/#service")
        self.industry_scheme = URIRef(f"{base}/industries/#scheme")

    # --- helpers -----------------------------------------------------------------------------------

    def add(self, subject, predicate, value):
        if value is not None and value != "":
            self.graph.add((subject, predicate, value))

    def texts(self, subject, predicate, text, **params):
        """`text` (translatable) in Chinese and English, each tagged."""
        for tag, code in LANGUAGES:
            with translation.override(code):
                value = str(text) % params if params else str(text)
            self.add(subject, predicate, Literal(value, lang=tag))

    def url(self, path: str) -> URIRef:
        return URIRef(f"{self.base}{path}")

    def document(self, path: str) -> URIRef:
        page = self.url(path)
        self.graph.add((page, RDF.type, FOAF.Document))
        return page

    def concept(self, concept: vocab.Concept, *classes) -> URIRef:
        """A concept of a shared vocabulary, with its label and scheme (api/vocabularies.py)."""
        node = URIRef(concept.uri)
        if (node, RDF.type, SKOS.Concept) in self.graph:
            return node
        for cls in (SKOS.Concept, *classes):
            self.graph.add((node, RDF.type, cls))
        self.texts(node, SKOS.prefLabel, concept.label)
        scheme = URIRef(concept.scheme.uri)
        self.graph.add((node, SKOS.inScheme, scheme))
        self.graph.add((scheme, RDF.type, SKOS.ConceptScheme))
        self.graph.add((scheme, DCTERMS.title, Literal(concept.scheme.title, lang="en")))
        return node

    # --- the catalogue -----------------------------------------------------------------------------

    def catalogue(self) -> Graph:
        from api.datasets import DATASETS

        g = self.graph
        catalogue = URIRef(f"{self.base}/data/#catalogue")
        g.add((catalogue, RDF.type, DCAT.Catalog))
        self.texts(catalogue, DCTERMS.title, CATALOGUE_TITLE)
        self.texts(catalogue, DCTERMS.description, CATALOGUE_DESCRIPTION)
        g.add((catalogue, DCTERMS.publisher, self.agent()))
        g.add((catalogue, FOAF.homepage, self.document(reverse_path("opendata:catalogue"))))
        g.add((catalogue, DCTERMS.license, self.licence_document()))
        g.add((catalogue, DCTERMS.spatial, self.location()))
        for language in vocab.LANGUAGES:
            g.add((catalogue, DCTERMS.language, self.concept(language, DCTERMS.LinguisticSystem)))
        g.add((catalogue, DCAT.themeTaxonomy, URIRef(vocab.DATA_THEME.uri)))
        g.add((catalogue, DCAT.themeTaxonomy, self.industries_scheme()))
        g.add((catalogue, DCAT.service, self.data_service(DATASETS.values())))
        modified = []
        for resource, last in self.datasets(DATASETS.values()):
            g.add((catalogue, DCAT.dataset, resource))
            modified.append(last)
        if any(modified):
            g.add((catalogue, DCTERMS.modified, Literal(max(day for day in modified if day), datatype=XSD.date)))
        return g

    def described(self, datasets) -> Graph:
        datasets = list(datasets)
        list(self.datasets(datasets))
        self.data_service(datasets)
        return self.graph

    def datasets(self, datasets):
        """Each dataset's resources (the dataset; its series and the series' years), with its last change."""
        for dataset in datasets:
            resource, last = self.dataset(dataset)
            yield resource, last
            if dataset.series is not None:
                yield from ((node, last) for node in self.series(dataset))

    # --- datasets ----------------------------------------------------------------------------------

    def dataset(self, dataset):
        g = self.graph
        node = dataset_iri(self.base, dataset.name)
        g.add((node, RDF.type, DCAT.Dataset))
        g.add((node, DCTERMS.identifier, Literal(str(node))))
        self.texts(node, DCTERMS.title, dataset.title)
        self.texts(node, DCTERMS.description, dataset.description)
        self.common(node, dataset)
        g.add((node, DCAT.landingPage, self.document(reverse_path("opendata:dataset", dataset=dataset.name))))
        if dataset.html_list:
            g.add((node, FOAF.page, self.document(reverse_path(dataset.html_list))))
        frequency = vocab.FREQUENCIES[dataset.frequency]
        g.add((node, DCTERMS.accrualPeriodicity, self.concept(frequency, DCTERMS.Frequency)))
        last = modified_day(dataset, self.changes)
        self.add(node, DCTERMS.modified, Literal(last, datatype=XSD.date) if last else None)
        ends = dataset.temporal() if dataset.temporal else None
        if ends:
            g.add((node, DCTERMS.temporal, self.period(dataset_iri(self.base, dataset.name, "temporal"), *ends)))
        for extension in ("csv", "json", "xlsx"):
            self.file(node, dataset, extension, f"/data/{dataset.name}.{extension}")
        if dataset.geojson_url():
            self.file(node, dataset, "geojson", dataset.geojson_url(), description=dataset.geojson_note)
        self.api_distribution(node, dataset)
        return node, last

    def common(self, node, dataset):
        """What a dataset and each year of its series say alike."""
        g = self.graph
        g.add((node, DCTERMS.publisher, self.agent()))
        g.add((node, DCAT.contactPoint, self.contact_point()))
        g.add((node, DCTERMS.license, self.licence_document()))
        access = vocab.ACCESS_RIGHTS[Openness(dataset.openness).access_right]
        g.add((node, DCTERMS.accessRights, self.concept(access, DCTERMS.RightsStatement)))
        for language in vocab.LANGUAGES:
            g.add((node, DCTERMS.language, self.concept(language, DCTERMS.LinguisticSystem)))
        for keyword in dataset.keywords:
            self.texts(node, DCAT.keyword, keyword)
        for code in dataset.themes:
            g.add((node, DCAT.theme, self.concept(vocab.THEMES[code])))
        for industry in self.industry_themes(dataset):
            g.add((node, DCAT.theme, industry))
        g.add((node, DCTERMS.spatial, self.location()))
        if dataset.zoned:
            for zone in self.zones:
                g.add((node, DCTERMS.spatial, self.zone_location(zone)))

    def period(self, node, start, end) -> URIRef:
        g = self.graph
        g.add((node, RDF.type, DCTERMS.PeriodOfTime))
        g.add((node, DCAT.startDate, _date_literal(*start)))
        g.add((node, DCAT.endDate, _date_literal(*end)))
        return node

    # --- distributions -----------------------------------------------------------------------------

    def file(self, dataset_node, dataset, extension, path, *, fragment=None, description=None, title=None):
        g = self.graph
        fmt = vocab.FORMATS[extension]
        node = URIRef(f"{str(dataset_node).rsplit('#', 1)[0]}#{fragment or extension}")
        g.add((dataset_node, DCAT.distribution, node))
        g.add((node, RDF.type, DCAT.Distribution))
        self.texts(node, DCTERMS.title, title or dataset.title)
        self.texts(node, DCTERMS.description, description or DISTRIBUTION_DESCRIPTIONS[extension])
        g.add((node, DCAT.accessURL, self.url(reverse_path("opendata:dataset", dataset=dataset.name))))
        g.add((node, DCAT.downloadURL, self.url(path)))
        media_type = URIRef(fmt.media_type_uri)
        g.add((media_type, RDF.type, DCTERMS.MediaType))
        g.add((node, DCAT.mediaType, media_type))
        g.add((node, DCTERMS.format, self.concept(fmt.file_type, DCTERMS.MediaTypeOrExtent)))
        g.add((node, DCTERMS.license, self.licence_document()))
        g.add((node, DCATAP.availability, self.concept(vocab.STABLE)))
        return node

    def api_distribution(self, dataset_node, dataset):
        g = self.graph
        node = dataset_iri(self.base, dataset.name, "api")
        g.add((dataset_node, DCAT.distribution, node))
        g.add((node, RDF.type, DCAT.Distribution))
        self.texts(node, DCTERMS.title, dataset.title)
        self.texts(node, DCTERMS.description, DISTRIBUTION_DESCRIPTIONS["api"])
        g.add((node, DCAT.accessURL, self.url(reverse(dataset.api_list))))
        g.add((node, DCAT.accessService, self.service))
        media_type = URIRef(vocab.FORMATS["json"].media_type_uri)
        g.add((media_type, RDF.type, DCTERMS.MediaType))
        g.add((node, DCAT.mediaType, media_type))
        g.add((node, DCTERMS.format, self.concept(vocab.FORMATS["json"].file_type, DCTERMS.MediaTypeOrExtent)))
        g.add((node, DCTERMS.license, self.licence_document()))
        g.add((node, DCATAP.availability, self.concept(vocab.STABLE)))

    def data_service(self, datasets) -> URIRef:
        g = self.graph
        node = self.service
        g.add((node, RDF.type, DCAT.DataService))
        self.texts(node, DCTERMS.title, SERVICE_TITLE)
        self.texts(node, DCTERMS.description, SERVICE_DESCRIPTION)
        g.add((node, DCAT.endpointURL, self.url("/api/v1/")))
        g.add((node, DCAT.endpointDescription, self.url(reverse("api:schema"))))
        g.add((node, DCAT.landingPage, self.document(reverse_path("opendata:api_docs"))))
        standard = URIRef(vocab.OPENAPI[0])
        g.add((standard, RDF.type, DCTERMS.Standard))
        g.add((standard, DCTERMS.title, Literal(vocab.OPENAPI[1], lang="en")))
        g.add((node, DCTERMS.conformsTo, standard))
        g.add((node, DCTERMS.publisher, self.agent()))
        g.add((node, DCAT.contactPoint, self.contact_point()))
        g.add((node, DCTERMS.license, self.licence_document()))
        g.add((node, DCTERMS.format, self.concept(vocab.FORMATS["json"].file_type, DCTERMS.MediaTypeOrExtent)))
        self.texts(node, DCAT.keyword, _("open data"))
        self.texts(node, DCAT.keyword, _("API"))
        g.add((node, DCAT.theme, self.concept(vocab.THEMES["ECON"])))
        for dataset in datasets:
            g.add((node, DCAT.servesDataset, dataset_iri(self.base, dataset.name)))
        return node

    # --- a dataset published year by year ----------------------------------------------------------

    def series(self, dataset):
        """The series node and each year's dataset, oldest first, linked first/last and prev/next."""
        g = self.graph
        series = dataset.series
        node = dataset_iri(self.base, dataset.name, "series")
        g.add((node, RDF.type, DCAT.DatasetSeries))
        self.texts(node, DCTERMS.title, series.title)
        self.texts(node, DCTERMS.description, series.description)
        self.common(node, dataset)
        g.add((node, DCAT.landingPage, self.document(reverse_path("opendata:dataset", dataset=dataset.name))))
        g.add((node, DCTERMS.accrualPeriodicity, self.concept(vocab.FREQUENCIES["ANNUAL"], DCTERMS.Frequency)))
        periods = series.periods()
        years = []
        for year, first in periods:
            member = dataset_iri(self.base, dataset.name, f"year-{year}")
            years.append(member)
            g.add((member, RDF.type, DCAT.Dataset))
            g.add((member, DCTERMS.identifier, Literal(str(member))))
            g.add((member, DCAT.inSeries, node))
            self.texts(member, DCTERMS.title, YEAR_TITLE, title=_Lazy(dataset.title), year=year)
            self.texts(member, DCTERMS.description, YEAR_DESCRIPTION, year=year)
            self.common(member, dataset)
            g.add((member, DCAT.landingPage, self.document(reverse_path("opendata:dataset", dataset=dataset.name))))
            temporal = dataset_iri(self.base, dataset.name, f"year-{year}-temporal")
            g.add((member, DCTERMS.temporal, self.period(temporal, _year(first), _year(year))))
            for extension in ("csv", "json", "xlsx"):
                self.file(
                    member,
                    dataset,
                    extension,
                    f"/data/{dataset.name}.{extension}?{series.param}={year}",
                    fragment=f"year-{year}-{extension}",
                    title=_YearTitle(dataset.title, year),
                )
        if periods:
            first_year = min(first for _year, first in periods)
            temporal = dataset_iri(self.base, dataset.name, "series-temporal")
            g.add((node, DCTERMS.temporal, self.period(temporal, _year(first_year), _year(periods[-1][0]))))
            g.add((node, DCAT.first, years[0]))
            g.add((node, DCAT.last, years[-1]))
        for earlier, later in zip(years, years[1:], strict=False):
            g.add((later, DCAT.prev, earlier))
            g.add((earlier, DCAT.next, later))
        return [node, *years]

    # --- who, where, which licence -----------------------------------------------------------------

    def agent(self) -> URIRef:
        g = self.graph
        node = self.publisher
        if (node, RDF.type, FOAF.Agent) not in g:
            g.add((node, RDF.type, FOAF.Agent))
            g.add((node, RDF.type, FOAF.Organization))
            self.texts(node, FOAF.name, settings.SITE_NAME)
            g.add((node, DCTERMS.type, self.concept(vocab.LOCAL_AUTHORITY)))
            g.add((node, FOAF.homepage, self.document("/")))
        return node

    def contact_point(self) -> URIRef:
        """The zone's public contacts from the site settings (/contact/); the contact page always."""
        g = self.graph
        node = self.contact
        if (node, RDF.type, VCARD.Kind) in g:
            return node
        g.add((node, RDF.type, VCARD.Kind))
        g.add((node, RDF.type, VCARD.Organization))
        self.texts(node, VCARD.fn, settings.SITE_NAME)
        g.add((node, VCARD.hasURL, self.url(reverse_path("portal:contact"))))
        site = self.site
        if site is not None and site.email:
            g.add((node, VCARD.hasEmail, URIRef(f"mailto:{site.email}")))
        if site is not None and site.hotline:
            telephone = tel_uri(site.hotline)
            if telephone:
                g.add((node, VCARD.hasTelephone, URIRef(telephone)))
        if site is not None and site.address:
            address = URIRef(f"{self.base}/contact/#address")
            g.add((node, VCARD.hasAddress, address))
            g.add((address, RDF.type, VCARD.Address))
            g.add((address, VCARD["street-address"], Literal(site.address, lang="zh")))
            self.add(address, VCARD["street-address"], Literal(site.address_en, lang="en") if site.address_en else None)
            g.add((address, VCARD["country-name"], Literal("中国", lang="zh")))
            g.add((address, VCARD["country-name"], Literal("China", lang="en")))
        return node

    def licence_document(self) -> URIRef:
        g = self.graph
        node = URIRef(self.licence.licence_url)
        if (node, RDF.type, DCTERMS.LicenseDocument) not in g:
            g.add((node, RDF.type, DCTERMS.LicenseDocument))
            g.add((node, DCTERMS.title, Literal(self.licence.licence_name)))
            kind = vocab.LICENCE_TYPES.get(self.licence.licence_url)
            if kind is not None:
                g.add((node, DCTERMS.type, self.concept(kind)))
        return node

    def location(self) -> URIRef:
        """The development zone; its outline is the zones' drawn boundaries, when every zone has one."""
        g = self.graph
        node = self.area
        if (node, RDF.type, DCTERMS.Location) in g:
            return node
        g.add((node, RDF.type, DCTERMS.Location))
        self.texts(node, SKOS.prefLabel, settings.SITE_NAME)
        if self.zones and all(zone.boundary for zone in self.zones):
            from shapely.geometry import shape
            from shapely.ops import unary_union

            whole = unary_union([shape(zone.boundary) for zone in self.zones])
            self.geometry(node, whole)
        return node

    def zone_location(self, zone) -> URIRef:
        g = self.graph
        node = URIRef(f"{self.base}/zones/{zone.slug}/#area")
        if (node, RDF.type, DCTERMS.Location) in g:
            return node
        g.add((node, RDF.type, DCTERMS.Location))
        g.add((node, SKOS.prefLabel, Literal(zone.full_name or zone.name, lang="zh")))
        english = zone.full_name_en or zone.name_en
        self.add(node, SKOS.prefLabel, Literal(english, lang="en") if english else None)
        if zone.boundary:
            from shapely.geometry import shape

            self.geometry(node, shape(zone.boundary))
        return node

    def geometry(self, location, shape):
        """A location's outline as a WKT literal (longitude latitude, WGS 84: GeoSPARQL's default CRS84),
        with its bounding box and centroid. One literal, as the DCAT-AP 3.0.1 shapes ask (the GeoJSON of
        the zones is their own distribution, /data/zones.geojson)."""
        from shapely import to_wkt
        from shapely.geometry import box

        g = self.graph
        for predicate, value in [
            (LOCN.geometry, shape),
            (DCAT.bbox, box(*shape.bounds)),
            (DCAT.centroid, shape.centroid),
        ]:
            # Seven decimals of a degree: about a centimetre; no float noise (30.349999999999998).
            g.add((location, predicate, Literal(to_wkt(value, rounding_precision=7), datatype=GSP.wktLiteral)))

    # --- the zone's industries as a concept scheme -------------------------------------------------

    def industries(self) -> dict:
        if self._industries is None:
            from industries.models import Industry

            self._industries = {industry.pk: industry for industry in Industry.objects.order_by("order", "id")}
        return self._industries

    def industries_scheme(self) -> URIRef:
        g = self.graph
        node = self.industry_scheme
        if (node, RDF.type, SKOS.ConceptScheme) not in g:
            g.add((node, RDF.type, SKOS.ConceptScheme))
            self.texts(node, DCTERMS.title, INDUSTRIES_TITLE)
        for industry in self.industries().values():
            g.add((node, SKOS.hasTopConcept, self.industry_concept(industry)))
        return node

    def industry_concept(self, industry) -> URIRef:
        g = self.graph
        node = URIRef(f"{self.base}/industries/{industry.slug}/#concept")
        if (node, RDF.type, SKOS.Concept) in g:
            return node
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.prefLabel, Literal(industry.name, lang="zh")))
        self.add(node, SKOS.prefLabel, Literal(industry.name_en, lang="en") if industry.name_en else None)
        g.add((node, SKOS.inScheme, self.industry_scheme))
        g.add((node, SKOS.topConceptOf, self.industry_scheme))
        if (self.industry_scheme, RDF.type, SKOS.ConceptScheme) not in g:
            g.add((self.industry_scheme, RDF.type, SKOS.ConceptScheme))
            self.texts(self.industry_scheme, DCTERMS.title, INDUSTRIES_TITLE)
        return node

    def industry_themes(self, dataset) -> list[URIRef]:
        """The zone's industries the dataset's rows are about (one query per dataset that has the path)."""
        if not dataset.industries:
            return []
        if dataset.name in self._industry_themes:
            return self._industry_themes[dataset.name]
        found = set(
            dataset.queryset.model.objects.filter(pk__in=dataset.rows().values("pk"))
            .values_list(dataset.industries, flat=True)
            .distinct()
            .order_by()
        )
        themes = [self.industry_concept(industry) for pk, industry in self.industries().items() if pk in found]
        self._industry_themes[dataset.name] = themes
        return themes


class _Lazy:
    """A translatable text read in the language active when it is formatted."""

    def __init__(self, text):
        self.text = text

    def __str__(self):
        return str(self.text)


class _YearTitle:
    def __init__(self, title, year):
        self.title, self.year = title, year

    def __str__(self):
        return str(YEAR_TITLE) % {"title": str(self.title), "year": self.year}


def modified_day(dataset, logged: dict) -> date | None:
    """The day a dataset last changed: the change log's latest day with a change (`logged`,
    api.changes.last_changes); before the log has seen one, the dataset's own record of its latest
    edit (``Dataset.modified``), where it keeps one."""
    last = logged.get(dataset.name)
    if last is None and dataset.modified is not None:
        last = dataset.modified()
        if isinstance(last, datetime):
            last = timezone.localtime(last).date()
    return last


def reverse_path(name: str, **kwargs) -> str:
    """The Chinese (default-language) path of a page: IRIs do not change with the reader's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, kwargs=kwargs or None)


def tel_uri(number: str) -> str:
    """A phone number as an RFC 3966 ``tel:`` URI: +86 numbers global, local ones with China's context."""
    digits = "".join(ch for ch in number if ch.isdigit() or ch in "+-")
    if not any(ch.isdigit() for ch in digits):
        return ""
    if digits.startswith("+"):
        return f"tel:{digits}"
    return f"tel:{digits};phone-context=+86"


def _year(year: int) -> tuple[date, str]:
    return date(year, 1, 1), DatePrecision.YEAR


def _date_literal(value: date, precision: str) -> Literal:
    """A date at its precision: xsd:gYear, xsd:gYearMonth or xsd:date."""
    if precision == DatePrecision.YEAR:
        return Literal(f"{value.year:04d}", datatype=XSD.gYear)
    if precision == DatePrecision.MONTH:
        return Literal(f"{value.year:04d}-{value.month:02d}", datatype=XSD.gYearMonth)
    return Literal(value.isoformat(), datatype=XSD.date)
