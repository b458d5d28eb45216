import datetime
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from tests.news_items import event, news_item

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap_entries(client) -> dict:
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 (our own sitemap)
    return {
        url.find("s:loc", NS).text.removeprefix("http://testserver"): {
            link.get("hreflang"): link.get("href").removeprefix("http://testserver")
            for link in url.findall("x:link", NS)
        }
        for url in root.findall("s:url", NS)
    }


def test_sitemap_lists_published_news_and_events_in_both_languages(client):
    news_item(slug="opening")
    event(slug="fair")
    entries = sitemap_entries(client)
    for path in ("/news/", "/events/", "/news/opening/", "/events/fair/"):
        for loc in (path, f"/en{path}"):
            assert entries[loc] == {"zh-hans": path, "en": f"/en{path}", "x-default": path}, loc
    # An event lives at /events/<slug>/ only.
    assert "/news/fair/" not in entries


def test_sitemap_leaves_out_drafts_scheduled_and_sample_items(client):
    news_item(slug="draft", publish=False)
    news_item(slug="later", published_at=timezone.now() + datetime.timedelta(days=1))
    news_item(slug="sample-news-1", is_demo=True)
    news_item(slug="shown")
    body = client.get("/sitemap.xml").content.decode()
    assert "/news/shown/" in body
    for slug in ("draft", "later", "sample-news-1"):
        assert f"/{slug}/" not in body
