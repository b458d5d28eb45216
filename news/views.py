"""The public news pages: /news/ (every column), /news/<slug>/, /events/ and /events/<slug>/.

All four stand on the directory layer (core/directory.py), so they are cached like the other
directories and cost a fixed number of queries. An event is shown at /events/<slug>/ (with the
related blocks other apps register, e.g. its registration form); its /news/<slug>/ redirects there
for good, and a non-event's /events/<slug>/ back to /news/<slug>/.
"""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect

from core.directory import DirectoryDetailView, DirectoryListView
from news import feeds, structured_data
from news.filters import EventFilter, NewsFilter, published_kinds
from news.models import Kind, NewsItem


class FeedLinksMixin:
    """The feeds a list page names in its <head> (<link rel="alternate">) and shows on the page."""

    def feed_links(self, kind: str | None) -> list[dict]:
        return feeds.feed_links(kind)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["feed_links"] = self.feed_links(self.current_kind())
        return context

    def current_kind(self) -> str | None:
        return None


class NewsListView(FeedLinksMixin, DirectoryListView):
    filterset_class = NewsFilter
    queryset = NewsItem.objects.public()
    template_name = "news/news_list.html"

    def current_kind(self):
        form = self.filterset.form
        if form.is_valid() and form.cleaned_data.get("kind"):
            return form.cleaned_data["kind"]
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind = self.current_kind()
        context["columns"] = published_kinds()
        context["current_kind"] = kind
        context["current_kind_label"] = Kind(kind).label if kind else ""
        return context


class EventListView(FeedLinksMixin, DirectoryListView):
    """Upcoming events first (soonest first), then past ones (latest first), one paged list.

    Which events count as upcoming is decided when the page's rows are read; a cached page or page
    of rows keeps its order until the content changes or ``PAGE_CACHE_SECONDS`` pass, so an event
    that has just ended may show among the upcoming ones for up to that long.
    """

    filterset_class = EventFilter
    queryset = NewsItem.objects.public().events()
    template_name = "news/event_list.html"

    def feed_links(self, kind):
        return feeds.feed_links(Kind.EVENT, calendar=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(context.get("object_list") or ())
        context["upcoming_rows"] = [row for row in rows if not row.is_past]
        context["past_rows"] = [row for row in rows if row.is_past]
        return context


class ItemDetailView(DirectoryDetailView):
    """One published item; an item of the other page's kind is redirected there for good."""

    queryset = NewsItem.objects.public()
    context_object_name = "item"
    shows_events = False

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.is_event != self.shows_events:
            return HttpResponsePermanentRedirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data(object=self.object))

    def structured_data(self, item, url: str) -> dict:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        item = self.object
        kwargs["json_ld"] = self.structured_data(item, self.request.build_absolute_uri(item.get_absolute_url()))
        return super().get_context_data(**kwargs)


class NewsDetailView(ItemDetailView):
    template_name = "news/news_detail.html"

    def structured_data(self, item, url):
        return structured_data.news_article(item, url, self.request.build_absolute_uri, str(settings.SITE_NAME))


class EventDetailView(ItemDetailView):
    """An event's page; the registrations app adds its block with `EventDetailView.add_related`.

    Its own `related`, so that a block registered for events does not show on news pages or back.
    """

    template_name = "news/event_detail.html"
    shows_events = True
    related: dict = {}

    def structured_data(self, item, url):
        return structured_data.event(item, url, self.request.build_absolute_uri, str(settings.SITE_NAME))

    def get_context_data(self, **kwargs):
        kwargs["calendar_url"] = feeds.calendar_url()
        return super().get_context_data(**kwargs)
