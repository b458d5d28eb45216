"""Feeds of the news columns (django.contrib.syndication) and the events' iCalendar feed.

| URL | what |
| --- | --- |
| `/news/feeds/all.rss`, `/news/feeds/all.atom` | every column, newest first |
| `/news/feeds/<kind>.rss`, `.atom` | one column (`news`, `notice`, `event`, `interpretation`); else 404 |
| `/events/calendar.ics` | the events (upcoming, and those of the past year) as iCalendar (news/calendar.py) |

Under /en/ the same feeds are in English (titles and summaries fall back to the Chinese where no
English is written, as on the pages). A feed lists the latest `FEED_ITEMS` published items, each
with its page's absolute URL as its link and id.
"""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from news import calendar as ics
from news.models import Kind, NewsItem

FEED_ITEMS = 30
CALENDAR_PAST_DAYS = 365
CALENDAR_MAX_EVENTS = 500
ALL = "all"


def feed_url(kind: str | None, fmt: str) -> str:
    return reverse("news:feed", kwargs={"kind": kind or ALL, "fmt": fmt})


def calendar_url() -> str:
    return reverse("events:calendar")


def feed_links(kind: str | None, *, calendar: bool = False) -> list[dict]:
    """The feeds a page offers: [{"href", "type", "title"}], for <link rel="alternate"> and the page's own links."""
    label = str(Kind(kind).label) if kind else _("All news")
    links = [
        {
            "href": feed_url(kind, "rss"),
            "type": "application/rss+xml",
            "title": _("%(column)s (RSS)") % {"column": label},
        },
        {
            "href": feed_url(kind, "atom"),
            "type": "application/atom+xml",
            "title": _("%(column)s (Atom)") % {"column": label},
        },
    ]
    if calendar:
        links.append({"href": calendar_url(), "type": "text/calendar", "title": _("Events calendar (iCalendar)")})
    return links


class NewsFeed(Feed):
    """RSS 2.0; `NewsAtomFeed` the same items as Atom. `kind` is a column or `all`."""

    feed_type = Rss201rev2Feed

    @property
    def language(self) -> str:
        """The feed's language tag (Django would give the site's code, zh-hans)."""
        return "en" if (get_language() or "").startswith("en") else "zh-CN"

    def get_object(self, request, kind: str):
        if kind == ALL:
            return None
        if kind not in Kind.values:
            raise Http404
        return kind

    def title(self, kind):
        label = Kind(kind).label if kind else _("News")
        return f"{label} · {settings.SITE_NAME}"

    def link(self, kind):
        url = reverse("news:list")
        return f"{url}?kind={kind}" if kind else url

    def feed_url(self, kind):
        return feed_url(kind, "atom" if self.feed_type is Atom1Feed else "rss")

    def description(self, kind):
        if kind:
            return _("The latest items of the column %(column)s.") % {"column": Kind(kind).label}
        return _("News, notices, events and policy interpretations of the zone.")

    subtitle = description

    def items(self, kind):
        queryset = NewsItem.objects.public().order_by("-published_at", "-id")
        if kind:
            queryset = queryset.of_kind(kind)
        return list(queryset[:FEED_ITEMS])

    def item_title(self, item):
        return item.title_i18n

    def item_description(self, item):
        return item.summary_i18n

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.source_author or None

    def item_categories(self, item):
        return [str(item.get_kind_display())]


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed


_rss, _atom = NewsFeed(), NewsAtomFeed()


@require_safe
def feed(request, kind: str, fmt: str):
    view = {"rss": _rss, "atom": _atom}.get(fmt)
    if view is None:
        raise Http404
    return view(request, kind=kind)


@require_safe
def events_calendar(request):
    """Published events to come and those of the last `CALENDAR_PAST_DAYS` days, at most `CALENDAR_MAX_EVENTS`."""
    since = timezone.now() - datetime.timedelta(days=CALENDAR_PAST_DAYS)
    items = (
        NewsItem.objects.public()
        .events()
        .filter(starts_at__gte=since)
        .order_by("starts_at", "id")[:CALENDAR_MAX_EVENTS]
    )
    body = ics.calendar(items, request.build_absolute_uri, name=f"{_('Events')} · {settings.SITE_NAME}")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    return response
