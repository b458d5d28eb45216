"""News and events: /api/v1/news/, /api/v1/events/, /data/news.csv|json and /data/events.csv|json,
each from one allow-list (api/common.py).

Only published items (``NewsItem.objects.public()``): drafts, items waiting for review, scheduled
items before their time and withdrawn ones never appear. An item is published as its pages show it:
the body as the sanitised HTML the page shows (``body_html``; the Markdown the editor typed is
theirs), the cover as an absolute URL with its description, the source line of a reprint. Who wrote
and who published an item, its workflow status and its review times are the newsroom's, not public.

/api/v1/news/ takes the parameters of /news/ (news.filters.NewsFilter: ``q``, ``kind``, ``year``,
validated alike) in its order (pinned, then newest); /api/v1/events/ those of /events/ (``q``, ``year``) in its order
(upcoming soonest first, then past latest first), plus ``when`` (``upcoming`` or ``past``) to take
one part.
"""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from api.common import (
    ENGLISH_OUT_OF_DATE,
    URL,
    AllowList,
    CurrentEnglishMixin,
    Dataset,
    Openness,
    PageURLField,
    PreciseDateField,
    api_only,
    english_out_of_date_field,
    labels,
    latest,
    span,
)
from api.dictionary import Note
from api.views import COMMON_RESPONSES, LIST_RESPONSES, DetailAPIView, DirectoryListAPIView
from news.filters import EventFilter, NewsFilter, upcoming_condition
from news.models import Attendance, Kind, NewsItem

# What every item and every event publishes beyond its title and summary.
_SOURCE = ("source_publisher", "source_publisher_en", "source_author", "source_date", "source_date_precision")
_EVENT = (
    "starts_at",
    "ends_at",
    "attendance",
    "attendance_name",
    "attendance_name_en",
    "place",
    "place_en",
    "online_url",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
)

NEWS_FIELDS = AllowList(
    "slug",
    URL,
    "kind",
    "kind_name",
    "kind_name_en",
    "title",
    "title_en",
    "summary",
    "summary_en",
    api_only("body_html"),  # HTML: in the JSON, not in a spreadsheet's cell
    api_only("body_html_en"),
    "cover",
    "cover_alt",
    "cover_alt_en",
    *_SOURCE,
    "source_url",
    "pinned",
    "published_at",
    *_EVENT,
    "is_demo",
    ENGLISH_OUT_OF_DATE,
)
EVENT_FIELDS = AllowList(
    "slug",
    URL,
    "title",
    "title_en",
    "summary",
    "summary_en",
    *_EVENT,
    api_only("body_html"),
    api_only("body_html_en"),
    "cover",
    "cover_alt",
    "cover_alt_en",
    "published_at",
    "is_demo",
    ENGLISH_OUT_OF_DATE,
)

# The Markdown sources and the search columns are never read for the open data.
_UNREAD = ("body", "body_en", "search_text", "search_tokens")
NEWS = NewsItem.objects.public().defer(*_UNREAD)
EVENTS = NewsItem.objects.public().events().defer(*_UNREAD)


class NewsItemRepresentation(CurrentEnglishMixin):
    """What both serializers of an item share: the cover's address and the attendance's labels. (An
    English body out of date is served empty with its HTML: core.i18n marks `body_html_en` with `body_en`.)"""

    @extend_schema_field(
        {
            "type": "string",
            "format": "uri",
            "nullable": True,
            "description": "The cover image as an absolute URL; null when the item has none (`cover_alt` "
            "describes it).",
        }
    )
    def get_cover(self, item):
        if not item.cover:
            return None
        return self.context["request"].build_absolute_uri(item.cover.url)

    def get_attendance_name(self, item) -> str:
        """In person, online or both (events only; empty otherwise)."""
        return labels(Attendance.choices, item.attendance)[0]

    def get_attendance_name_en(self, item) -> str:
        return labels(Attendance.choices, item.attendance)[1]


class NewsItemSerializer(NewsItemRepresentation, serializers.ModelSerializer):
    english_out_of_date = english_out_of_date_field()
    url = PageURLField()
    cover = serializers.SerializerMethodField()
    attendance_name = serializers.SerializerMethodField()
    attendance_name_en = serializers.SerializerMethodField()
    kind_name = serializers.SerializerMethodField()
    kind_name_en = serializers.SerializerMethodField()
    source_date = PreciseDateField()

    class Meta:
        model = NewsItem
        fields = NEWS_FIELDS.fields

    def get_kind_name(self, item) -> str:
        return labels(Kind.choices, item.kind)[0]

    def get_kind_name_en(self, item) -> str:
        return labels(Kind.choices, item.kind)[1]


class EventSerializer(NewsItemRepresentation, serializers.ModelSerializer):
    """Whether registration is open follows from `registration_opens_at` and `registration_closes_at`
    (none: the event takes no registrations); it is not a field, so that no stored answer can go stale."""

    english_out_of_date = english_out_of_date_field()
    url = PageURLField()
    cover = serializers.SerializerMethodField()
    attendance_name = serializers.SerializerMethodField()
    attendance_name_en = serializers.SerializerMethodField()

    class Meta:
        model = NewsItem
        fields = EVENT_FIELDS.fields


class NewsListFilter(NewsFilter):
    """/news/'s filters. `kind` lists every column: the HTML form offers only the columns with something
    published but accepts them all (news.filters.ColumnField), and the schema must name what is accepted."""

    kind = django_filters.ChoiceFilter(
        label=NewsFilter.base_filters["kind"].label,
        choices=Kind.choices,
        empty_label=NewsFilter.base_filters["kind"].extra["empty_label"],
    )


class EventListFilter(EventFilter):
    """/events/'s filters, and ``when``: the upcoming events (not ended yet) or the past ones."""

    when = django_filters.ChoiceFilter(
        label=pgettext_lazy("events filter", "When"),
        choices=[
            ("upcoming", pgettext_lazy("events filter", "Upcoming")),
            ("past", pgettext_lazy("events filter", "Past")),
        ],
        empty_label=pgettext_lazy("events filter", "Upcoming and past"),
        method="filter_when",
        help_text=_("upcoming: events that have not ended; past: events that have ended; empty: both, upcoming first."),
    )

    class Meta(EventFilter.Meta):
        fields = [*EventFilter.Meta.fields, "when"]

    def filter_when(self, queryset, name, value):
        condition = upcoming_condition(timezone.now())
        return queryset.filter(condition) if value == "upcoming" else queryset.exclude(condition)


@extend_schema_view(get=extend_schema(responses={200: NewsItemSerializer(many=True), **LIST_RESPONSES}))
class NewsList(DirectoryListAPIView):
    """Published news items of every column (events included), filtered and ordered as /news/."""

    serializer_class = NewsItemSerializer
    filterset_class = NewsListFilter
    queryset = NEWS


@extend_schema_view(get=extend_schema(responses={200: NewsItemSerializer, **COMMON_RESPONSES}))
class NewsDetail(DetailAPIView):
    serializer_class = NewsItemSerializer
    queryset = NEWS


@extend_schema_view(get=extend_schema(responses={200: EventSerializer(many=True), **LIST_RESPONSES}))
class EventList(DirectoryListAPIView):
    """Published events: upcoming first (soonest first), then past (latest first), as /events/."""

    serializer_class = EventSerializer
    filterset_class = EventListFilter
    queryset = EVENTS


@extend_schema_view(get=extend_schema(responses={200: EventSerializer, **COMMON_RESPONSES}))
class EventDetail(DetailAPIView):
    serializer_class = EventSerializer
    queryset = EVENTS


NEWS_DATASET = Dataset(
    name="news",
    openness=Openness.UNCONDITIONAL,
    title=_("News, notices, events and policy interpretations"),
    description=_(
        "Every published item of the news columns (news, notices, events, policy interpretations): title, "
        "summary, the body as shown, the source of a reprint, publish time and an event's time and place; "
        "pinned items first, then the newest, like the list."
    ),
    queryset=NEWS,
    serializer=NewsItemSerializer,
    allow_list=NEWS_FIELDS,
    filterset_class=NewsListFilter,
    api_list="api:news-list",
    html_list="news:list",
    modified=latest(NewsItem.objects.public(), "updated_at"),
    keywords=(_("news"), _("notices"), _("policy interpretations")),
    themes=("GOVE",),
    dictionary={"cover": Note(type="uri")},
    frequency="UPDATE_CONT",
    temporal=span(NewsItem.objects.public(), "published_at"),
)
EVENT_DATASET = Dataset(
    name="events",
    openness=Openness.UNCONDITIONAL,
    title=_("Investment events"),
    description=_(
        "Published investment events: when they start and end, where, in person or online, how many seats, "
        "when registration opens and closes; upcoming first (soonest first), then past, like the list."
    ),
    queryset=EVENTS,
    serializer=EventSerializer,
    allow_list=EVENT_FIELDS,
    filterset_class=EventListFilter,
    api_list="api:event-list",
    html_list="events:list",
    modified=latest(NewsItem.objects.public().events(), "updated_at"),
    keywords=(_("investment events"), _("event registration"), _("investment promotion")),
    themes=("ECON", "GOVE"),
    dictionary={"cover": Note(type="uri")},
    frequency="UPDATE_CONT",
    temporal=span(NewsItem.objects.public().events(), "starts_at"),
)
