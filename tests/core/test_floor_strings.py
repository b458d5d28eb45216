"""No app names a floor above its own in a string, where lint-imports cannot see it.

The floors are the layers contract in pyproject.toml ([tool.importlinter]), read here, never copied.
An app may import only from its own floor and below (lint-imports holds that); this test holds the
same for what an import-graph cannot show (docs/style.md, "Each app registers itself"):
`"app.Model"` and `apps.get_model("app", …)` in Python, URL names (`"app:name"`, `{% url 'app:…' %}`,
`reverse(...)`) and tag libraries (`{% load app_tags %}`) in templates.

Who owns what: a Python file belongs to the package it is in; a template in `<app>/templates/` to
that app; a template in `templates/<folder>/` to the app whose URLs use that folder's name as their
namespace (`templates/zones/` are the zone pages, served by portal), else to the app of that name;
anything else there (`base.html`, `includes/`, `admin/`) is the site's frame, on top of every floor.
A URL name belongs to the app whose URLconf declares its namespace, a tag library to the app whose
`templatetags` holds it, a model label to its app.

Migrations are scanned too: each app's own `*_role_grants` migration grants the rights on its own
models, so no migration names an app above its own.
"""

import re
import tomllib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.template import engines
from django.urls import get_resolver

ROOT = Path(settings.BASE_DIR)

# Upward references that are known and have an owner, each as (file, the reference as written).
# Each names the part of issue 23 that removes it; the test fails when one is gone, so the list
# only shrinks.
KNOWN: dict[tuple[str, str], str] = {}  # (path, what is written) -> why it is still there


def floors() -> dict[str, int]:
    """Each app's floor number, 0 the lowest, from the layers contract ("a | b" share a floor)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["type"] == "layers"]
    return {
        app.strip(): number
        for number, layer in enumerate(reversed(contract["layers"]))
        for app in re.split(r"[|:]", layer)
    }


def url_namespaces() -> dict[str, str]:
    """Each URL namespace and the top package of the URLconf that declares it."""
    owners = {}
    for namespace, (_prefix, resolver) in get_resolver().namespace_dict.items():
        urlconf = resolver.urlconf_name
        module = urlconf if isinstance(urlconf, str) else getattr(urlconf, "__name__", "")
        owners[namespace] = module.split(".")[0]
    return owners


def tag_libraries() -> dict[str, str]:
    return {name: module.split(".")[0] for name, module in engines["django"].engine.libraries.items()}


MODEL = re.compile(r"""["']([a-z_]+)\.([A-Z]\w*)["']""")
GET_MODEL = re.compile(r"""get_model\(\s*["']([a-z_]+)[.'"]""")
URL_NAME = re.compile(r"""["']([a-z_]+):[\w-]+["']""")
LOAD = re.compile(r"""\{%\s*load\s+([^%]+?)\s*%\}""")


def references(text: str, *, labels, namespaces, libraries):
    """(target app, the reference as written, line) for each string reference to an app in `text`."""
    line = lambda match: text.count("\n", 0, match.start()) + 1  # noqa: E731
    for match in MODEL.finditer(text):
        yield labels.get(match.group(1)), match.group(0), line(match)
    for match in GET_MODEL.finditer(text):
        yield labels.get(match.group(1)), match.group(0), line(match)
    for match in URL_NAME.finditer(text):
        yield namespaces.get(match.group(1)), match.group(0), line(match)
    for match in LOAD.finditer(text):
        for name in match.group(1).split():
            yield libraries.get(name), name, line(match)


def owner(path: Path, floor_of: dict, namespaces: dict) -> str | None:
    """The app a file belongs to; None for the site's frame (templates above every floor)."""
    parts = path.relative_to(ROOT).parts
    if parts[0] != "templates":
        return parts[0]
    if len(parts) < 3:
        return None
    return namespaces.get(parts[1]) if parts[1] in namespaces else (parts[1] if parts[1] in floor_of else None)


def scanned_files(floor_of: dict):
    for app in floor_of:
        for path in sorted((ROOT / app).rglob("*")):
            if path.suffix in (".py", ".html"):
                yield path
    yield from sorted((ROOT / "templates").rglob("*.html"))


def upward_references(floor_of: dict, files) -> dict[tuple[str, str], str]:
    labels = {config.label: config.name.split(".")[0] for config in apps.get_app_configs()}
    namespaces, libraries = url_namespaces(), tag_libraries()
    found = {}
    for path in files:
        app = owner(path, floor_of, namespaces)
        if app is None or app not in floor_of:
            continue
        text = path.read_text(encoding="utf-8")
        for target, written, line in references(text, labels=labels, namespaces=namespaces, libraries=libraries):
            if target in floor_of and floor_of[target] > floor_of[app]:
                found[(str(path.relative_to(ROOT)), written)] = f"line {line}: {app} names {target}, a floor above"
    return found


def test_the_floors_come_from_the_contract():
    floor_of = floors()
    assert floor_of["core"] == 0
    assert floor_of["projects"] == floor_of["spaces"] > floor_of["zones"] > floor_of["staff"]
    assert max(floor_of, key=floor_of.get) == "api"


def test_no_app_names_a_floor_above_it_in_a_string():
    found = upward_references(floors(), scanned_files(floors()))
    unknown = {key: why for key, why in found.items() if key not in KNOWN}
    assert not unknown, "String references up a floor (register from the app above instead):\n" + "\n".join(
        f"{path}: {written} ({why})" for (path, written), why in sorted(unknown.items())
    )


def test_each_known_exception_is_still_there():
    """A fixed exception leaves the list, so the scan tightens as issue 23 lands."""
    found = upward_references(floors(), scanned_files(floors()))
    gone = sorted(key for key in KNOWN if key not in found)
    assert not gone, f"No longer found, remove from KNOWN: {gone}"


@pytest.mark.parametrize(
    "path, text",
    [
        ("projects/views.py", 'apps.get_model("inquiries", "Inquiry")'),
        ("projects/models.py", 'models.ForeignKey("service.ServiceRequest", on_delete=models.CASCADE)'),
        ("spaces/views.py", 'reverse("inquiries:form")'),
        ("templates/spaces/space_list.html", "<a href=\"{% url 'inquiries:form' %}\">"),
        ("templates/projects/includes/project_card.html", "{% load i18n portal_tags %}"),
        ("zones/templates/zones/x.html", "{% load policy_tags %}"),
        ("templates/zones/zone_list.html", "{% url 'opendata:catalogue' %}"),
    ],
)
def test_the_scan_finds_an_upward_reference(tmp_path, path, text, monkeypatch):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    file = tmp_path / path
    file.parent.mkdir(parents=True)
    file.write_text(f"x\n{text}\n")
    found = upward_references(FLOORS, [file])
    assert [line.split(":")[0] for line in found.values()] == ["line 2"]


@pytest.mark.parametrize(
    "path, text",
    [
        ("projects/models.py", '"enterprises.Enterprise"'),  # a neighbour on the same floor, by field
        ("templates/portal/home.html", "{% load directory figures portal_tags %}{% url 'projects:list' %}"),
        ("templates/includes/header.html", "{% url 'inquiries:form' %}"),  # the site's frame
        ("service/forms.py", '"inquiries.Inquiry"'),  # down a floor
        ("projects/models.py", '"auth.User"'),  # Django's own apps are below every floor
    ],
)
def test_the_scan_lets_references_down_or_across_pass(tmp_path, path, text, monkeypatch):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    file = tmp_path / path
    file.parent.mkdir(parents=True)
    file.write_text(text)
    assert upward_references(FLOORS, [file]) == {}


FLOORS = floors()
