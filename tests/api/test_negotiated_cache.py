"""Every API answer is stored and served per negotiated format (issue 22, finding 10).

The schema answered in whichever format was stored first: ``?format=json`` was junk to the page
cache and the key ignored ``Accept``. The tests ask every format of every API URL in both orders,
and hold every DRF view in the URLconf to declaring its negotiation (api/negotiation.py), so a new
view cannot repeat the fault.
"""

import itertools
import json

import pytest
import yaml
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.views import APIView

from api import urls as api_urlconf
from tests.factories import EnterpriseFactory, ProjectFactory, SpaceFactory, ZoneFactory
from tests.news_items import event, news_item
from tests.policies.factories import PolicyFactory

pytestmark = pytest.mark.django_db

YAML = "application/vnd.oai.openapi"
OPENAPI_JSON = "application/vnd.oai.openapi+json"
# The ways to ask the schema for a format: (query, Accept header, media type of the answer, parser).
SCHEMA_ASKS = {
    "yaml, plain": ("", None, YAML, yaml.safe_load),
    "yaml, ?format": ("?format=yaml", None, YAML, yaml.safe_load),
    "yaml, Accept": ("", YAML, YAML, yaml.safe_load),
    "json, ?format": ("?format=json", None, OPENAPI_JSON, json.loads),
    "json, Accept": ("", OPENAPI_JSON, OPENAPI_JSON, json.loads),
    "json, Accept application/json": ("", "application/json", "application/json", json.loads),
}


def _get(client, url, accept=None):
    return client.get(url, **({"HTTP_ACCEPT": accept} if accept else {}))


def _media_type(response) -> str:
    return response["Content-Type"].split(";")[0].strip()


@pytest.mark.parametrize(("first", "second"), list(itertools.permutations(SCHEMA_ASKS, 2)))
def test_the_schema_answers_in_the_format_asked_whatever_was_stored_first(client, first, second):
    for name in (first, second, second):  # the second format asked twice: rendered (or stored), then stored
        query, accept, media_type, parse = SCHEMA_ASKS[name]
        response = _get(client, reverse("api:schema") + query, accept)
        assert response.status_code == 200
        assert _media_type(response) == media_type, (name, response.get("X-Page-Cache"))
        assert parse(response.content)["openapi"].startswith("3.")


def test_the_schema_in_english_is_not_the_stored_chinese(client):
    url = reverse("api:schema")
    chinese = client.get(url, HTTP_ACCEPT=OPENAPI_JSON)
    english = client.get(url + "?lang=en", HTTP_ACCEPT=OPENAPI_JSON)
    assert english.get("X-Page-Cache") != "hit"
    assert english.content != chinese.content
    assert client.get(url + "?lang=en", HTTP_ACCEPT=OPENAPI_JSON).content == english.content
    assert client.get(url, HTTP_ACCEPT=OPENAPI_JSON).content == chinese.content


def test_the_schema_ignores_a_version_parameter(client):
    """``?version=`` is junk to the page cache, so the view must not read it either."""
    plain = client.get(reverse("api:schema") + "?format=json")
    asked = client.get(reverse("api:schema") + "?format=json&version=evil")
    assert json.loads(asked.content)["info"]["version"] == json.loads(plain.content)["info"]["version"] == "1"
    assert "/api/schema/" not in json.loads(plain.content)["paths"]  # still left out of itself


def _drf_views(resolver=None, prefix=""):
    """(route, view function) for every DRF view in the URLconf."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _drf_views(pattern, route)
        elif isinstance(pattern, URLPattern):
            view_class = getattr(pattern.callback, "cls", None)
            if isinstance(view_class, type) and issubclass(view_class, APIView):
                yield route, pattern.callback


def test_every_drf_view_tells_the_page_cache_how_it_negotiates():
    views = list(_drf_views())
    assert len(views) >= 14  # the API's lists, details and schema
    for route, view in views:
        negotiation = getattr(view, "page_cache_negotiation", None)
        assert negotiation is not None, f"{route}: no page_cache_negotiation (api.views.OpenDataMixin sets it)"
        assert "format" in negotiation.params, route


def _target():
    from industries.models import ChainNode
    from tests.factories import IndustryFactory

    return ChainNode.objects.create(
        industry=IndustryFactory(),
        stage="upstream",
        name="环节",
        is_target=True,
        target_kind="fill",
        target_brief="简介",
    )


@pytest.fixture
def api_urls():
    """Every URL of the api namespace, a row for each detail."""
    zone = ZoneFactory()
    rows = {
        "zone-detail": zone.slug,
        "project-detail": ProjectFactory(zone=zone).slug,
        "enterprise-detail": EnterpriseFactory(zone=zone).pk,
        "policy-detail": PolicyFactory().pk,
        "space-detail": SpaceFactory(zone=zone).pk,
        "news-detail": news_item().slug,
        "event-detail": event().pk,
        "target-detail": _target().pk,
    }
    urls = {}
    for pattern in api_urlconf.urlpatterns:
        kwargs = {"key": rows[pattern.name]} if "key" in str(pattern.pattern) else {}
        urls[pattern.name] = (reverse(f"api:{pattern.name}", kwargs=kwargs), pattern.callback)
    return urls


def _renderers(view):
    return view.cls(**view.initkwargs).get_renderers()


def test_every_api_url_answers_each_format_whatever_was_stored_first(client, api_urls):
    for name, (url, view) in api_urls.items():
        asks = []
        for renderer in _renderers(view):
            asks.append((f"?format={renderer.format}", None, None))
            asks.append(("", renderer.media_type, renderer.media_type))
        for order in (asks, asks[::-1]):
            for query, accept, media_type in order:
                response = _get(client, url + query, accept)
                assert response.status_code == 200, (name, query, accept)
                if media_type:
                    assert _media_type(response) == media_type, (name, accept, response.get("X-Page-Cache"))
                else:
                    fmt = query.removeprefix("?format=")
                    assert any(r.format == fmt and r.media_type == _media_type(response) for r in _renderers(view)), (
                        name,
                        query,
                        response.get("X-Page-Cache"),
                    )


@pytest.mark.parametrize(
    ("query", "accept", "status"),
    [("?format=api", None, 404), ("?format=xml", None, 404), ("", "text/html", 406)],
)
def test_a_format_the_view_refuses_is_refused_after_a_stored_answer(client, api_urls, query, accept, status):
    """DRF's browsable API (``?format=api``) is off: its 404 is not served the stored JSON."""
    for name, (url, _view) in api_urls.items():
        assert client.get(url).status_code == 200
        assert client.get(url).get("X-Page-Cache") == "hit", name
        refused = _get(client, url + query, accept)
        assert refused.status_code == status, (name, query, accept)
        assert "X-Page-Cache" not in refused


def test_accept_parameters_a_renderer_reads_are_answered_not_stored(client, api_urls):
    url, _view = api_urls["zone-list"]
    client.get(url)
    indented = client.get(url, HTTP_ACCEPT="application/json; indent=2")
    assert "X-Page-Cache" not in indented
    assert indented.content.startswith(b"[\n  {")
