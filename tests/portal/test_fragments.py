"""The card tags and the cached fragments (filter form, header, footer) of the public pages."""

import pytest
from django.test import override_settings

from tests.factories import EnterpriseFactory, IndustryFactory, ProjectFactory, ZoneFactory

pytestmark = pytest.mark.django_db


@override_settings(PAGE_CACHE_ENABLED=False)
def test_filter_form_shows_a_new_zone_on_the_next_request(client):
    ProjectFactory()
    assert "新增片区" not in client.get("/projects/").content.decode()
    ZoneFactory(slug="new-zone", name="新增片区")
    html = client.get("/projects/").content.decode()
    assert '<option value="new-zone">新增片区</option>' in html


@override_settings(PAGE_CACHE_ENABLED=False)
def test_filter_form_keeps_each_query_string_apart(client):
    ProjectFactory()
    plain = client.get("/projects/").content.decode()
    filtered = client.get("/projects/?stage=production").content.decode()
    assert '<option value="production" selected>' not in plain
    assert '<option value="production" selected>' in filtered


@override_settings(PAGE_CACHE_ENABLED=False)
def test_header_is_cached_per_url_and_language(client):
    ProjectFactory()
    projects = client.get("/projects/?page=1").content.decode()
    enterprises = client.get("/enterprises/").content.decode()
    english = client.get("/en/enterprises/").content.decode()
    assert 'href="/projects/" aria-current="page"' in projects
    assert 'href="/en/projects/?page=1"' in projects  # language switch keeps the query string
    assert 'href="/enterprises/" aria-current="page"' in enterprises
    assert 'href="/projects/" aria-current="page"' not in enterprises
    assert 'href="/en/enterprises/" aria-current="page"' in english


@override_settings(PAGE_CACHE_ENABLED=False)
def test_cards_escape_content_and_show_translated_labels(client):
    industry = IndustryFactory(name="<b>产业</b>", name_en="<b>Industry</b>")
    ProjectFactory(name="<script>x</script>项目", industry=industry)
    EnterpriseFactory(name="<i>企业</i>", industry=industry)
    pages = (("/projects/", "<dt>片区</dt>"), ("/en/projects/", "<dt>Zone</dt>"), ("/en/enterprises/", "<dt>Zone</dt>"))
    for url, label in pages:
        html = client.get(url).content.decode()
        assert "<script>x</script>" not in html and "<b>产业</b>" not in html and "<b>Industry</b>" not in html
        assert "<i>企业</i>" not in html
        assert label in html
    assert "&lt;script&gt;x&lt;/script&gt;项目" in client.get("/projects/").content.decode()
