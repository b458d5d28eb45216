"""News (资讯): 新闻动态, 通知公告, 招商活动 (events) and 政策解读, written by editors, published by reviewers.

A news item is written in Markdown (`body`, `body_en`); the HTML the pages show (`body_html`,
`body_html_en`) is rendered and sanitised by the write service (news/services.py, `news_save`),
which the admin, the seed and the demo data all use, never by `save()`. The editorial workflow is a
status (draft → submitted → scheduled / published, or withdrawn) moved only by the services:
`news_submit` (the writer), `news_publish` (a reviewer who is not the writer), `news_publish_due`
(the scheduled job that publishes what a reviewer scheduled once its time comes, through the same
service so that the content version moves and cached pages show the item).

An event (kind `event`) adds when, where, how many and when registration opens and closes. Links
from an item to a project, enterprise, space or policy live in the top floor (portal), since the
directories do not reference each other.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.dates import precision_field
from core.directory import DirectoryQuerySet, Searchable
from core.i18n import Localized, TranslatedModel
from core.search import SearchTokensField

# Paths under /news/ and /events/ that are pages of their own, never an item's slug.
RESERVED_SLUGS = frozenset({"feeds", "feed", "calendar", "register", "registered", "registration", "status", "cancel"})


class Kind(models.TextChoices):
    NEWS = "news", pgettext_lazy("news column", "News")
    NOTICE = "notice", pgettext_lazy("news column", "Notices")
    EVENT = "event", pgettext_lazy("news column", "Events")
    INTERPRETATION = "interpretation", pgettext_lazy("news column", "Policy interpretations")


class Status(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("news status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("news status", "Submitted for review")
    SCHEDULED = "scheduled", pgettext_lazy("news status", "Scheduled")
    PUBLISHED = "published", pgettext_lazy("news status", "Published")
    WITHDRAWN = "withdrawn", pgettext_lazy("news status", "Withdrawn")


class Attendance(models.TextChoices):
    OFFLINE = "offline", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class NewsQuerySet(DirectoryQuerySet):
    def public(self):
        """Published items; the scheduled job publishes a scheduled item once its time comes."""
        return self.filter(status=Status.PUBLISHED)

    def newest_first(self):
        return self.order_by("-pinned", "-published_at", "-id")

    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def events(self):
        return self.filter(kind=Kind.EVENT)

    def upcoming(self, now: datetime.datetime | None = None):
        """Events that have not ended (or, without an end, not started) by `now`, soonest first."""
        now = now or timezone.now()
        return (
            self.events()
            .filter(models.Q(ends_at__gte=now) | models.Q(ends_at__isnull=True, starts_at__gte=now))
            .order_by("starts_at", "id")
        )

    def past(self, now: datetime.datetime | None = None):
        now = now or timezone.now()
        return (
            self.events()
            .exclude(models.Q(ends_at__gte=now) | models.Q(ends_at__isnull=True, starts_at__gte=now))
            .order_by("-starts_at", "-id")
        )

    def due(self, now: datetime.datetime | None = None):
        """Scheduled items whose publish time has come."""
        return self.filter(status=Status.SCHEDULED, published_at__lte=now or timezone.now())


class NewsItem(Searchable, TranslatedModel):
    """One item of a news column; an event when its kind is `event`."""

    SEARCH_FIELDS = ("title", "title_en", "summary", "summary_en", "place", "place_en", "source_publisher")
    SEARCH_LABELS = ("kind",)

    Kind = Kind
    Status = Status
    Attendance = Attendance

    kind = models.CharField(_("column"), max_length=16, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("The item's address under /news/; left empty, one is made from the date."),
    )
    summary = models.TextField(_("summary"), max_length=500)
    summary_en = models.TextField(_("summary (English)"), max_length=800, blank=True)
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_(
            "Markdown: **bold**, *italic*, [link](https://…), lists with -, headings with ##. "
            "HTML is not allowed and is removed."
        ),
    )
    body_en = models.TextField(_("body (English)"), blank=True)
    body_html = models.TextField(_("body as shown"), blank=True, editable=False)
    body_html_en = models.TextField(_("English body as shown"), blank=True, editable=False)
    cover = models.ImageField(_("cover image"), upload_to="news/covers/", blank=True)
    cover_alt = models.CharField(
        _("cover description"), max_length=200, blank=True, help_text=_("What the image shows, for screen readers.")
    )
    cover_alt_en = models.CharField(_("cover description (English)"), max_length=300, blank=True)
    # A reprint's source line (转载): who published it first, who wrote it, when, where.
    source_publisher = models.CharField(_("source"), max_length=120, blank=True, help_text=_("e.g. 杭州日报"))
    source_publisher_en = models.CharField(_("source (English)"), max_length=200, blank=True)
    source_author = models.CharField(_("author"), max_length=80, blank=True)
    source_date = models.DateField(_("source date"), null=True, blank=True)
    source_date_precision = precision_field(_("source date precision"))
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Shown first in its column and on the home page.")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, editable=False)
    published_at = models.DateTimeField(
        _("publish time"),
        null=True,
        blank=True,
        help_text=_("When the item appears on the site; a time in the past publishes at once."),
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_written",
        editable=False,
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_reviewed",
        editable=False,
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True, editable=False)
    # Events (kind `event`) only.
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    place_en = models.CharField(_("place (English)"), max_length=300, blank=True)
    attendance = models.CharField(_("attendance"), max_length=8, choices=Attendance.choices, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Seats; further registrations go to the waiting list. Empty: no registration limit."),
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: the event takes no registrations.")
    )
    is_demo = models.BooleanField(
        _("synthetic demo row"), default=False, editable=False, help_text=_("Generated sample data, not real news.")
    )
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    search_tokens = SearchTokensField(_("search tokens"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "search_text", "search_tokens"])
    objects = NewsQuerySet.as_manager()

    title_i18n = Localized("title")
    summary_i18n = Localized("summary")
    body_i18n = Localized("body")
    body_html_i18n = Localized("body_html")
    cover_alt_i18n = Localized("cover_alt")
    source_publisher_i18n = Localized("source_publisher")
    place_i18n = Localized("place")

    class Meta:
        ordering = ["-pinned", "-published_at", "-id"]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        permissions = [("publish_newsitem", _("Can publish news items written by others"))]
        indexes = [
            models.Index(
                fields=["-pinned", "-published_at", "-id"],
                condition=models.Q(status="published"),
                name="news_pub_newest",
            ),
            models.Index(
                fields=["kind", "-pinned", "-published_at", "-id"],
                condition=models.Q(status="published"),
                name="news_pub_kind_newest",
            ),
            models.Index(
                fields=["starts_at", "id"],
                condition=models.Q(status="published", kind="event"),
                name="news_pub_event_start",
            ),
            models.Index(fields=["published_at"], condition=models.Q(status="scheduled"), name="news_scheduled"),
            models.Index(fields=["is_demo"], condition=models.Q(is_demo=True), name="news_demo"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(starts_at__isnull=True)
                | models.Q(ends_at__gte=models.F("starts_at")),
                name="news_event_ends_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(registration_closes_at__isnull=True)
                | models.Q(registration_opens_at__isnull=True)
                | models.Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="news_registration_closes_after_opening",
                violation_error_message=_("Registration must close after it opens."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.kind == Kind.EVENT:
            return reverse("events:detail", kwargs={"key": self.slug})
        return reverse("news:detail", kwargs={"key": self.slug})

    @property
    def is_event(self) -> bool:
        return self.kind == Kind.EVENT

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def takes_registrations(self) -> bool:
        return self.is_event and self.registration_closes_at is not None

    def registration_state(self, now: datetime.datetime | None = None) -> str:
        """`none` (takes none), `not_yet`, `open` or `closed` at `now`."""
        if not self.takes_registrations:
            return "none"
        now = now or timezone.now()
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_yet"
        if now >= self.registration_closes_at:
            return "closed"
        return "open"

    def clean(self):
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("This address is a page of its own; choose another.")
        if self.cover and not self.cover_alt:
            errors["cover_alt"] = _("Describe the cover image for readers who cannot see it.")
        event_fields = (
            "starts_at",
            "ends_at",
            "place",
            "attendance",
            "online_url",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
        )
        if self.kind == Kind.EVENT:
            if not self.starts_at:
                errors["starts_at"] = _("An event needs its start time.")
            if not self.attendance:
                errors["attendance"] = _("Say whether the event is in person, online or both.")
            elif self.attendance in (Attendance.OFFLINE, Attendance.HYBRID) and not self.place:
                errors["place"] = _("An event held in person needs its place.")
            if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
                errors["ends_at"] = _("An event cannot end before it starts.")
            if (
                self.registration_closes_at
                and self.registration_opens_at
                and (self.registration_closes_at <= self.registration_opens_at)
            ):
                errors["registration_closes_at"] = _("Registration must close after it opens.")
            if (
                self.registration_closes_at
                and self.starts_at
                and self.registration_closes_at > (self.ends_at or self.starts_at)
            ):
                errors["registration_closes_at"] = _("Registration must close before the event ends.")
            if self.capacity and not self.registration_closes_at:
                errors["registration_closes_at"] = _(
                    "An event with a capacity takes registrations: say when they close."
                )
        else:
            for name in event_fields:
                if getattr(self, name) not in (None, ""):
                    errors[name] = _("Only an event has this.")
        if self.source_date and self.source_date > datetime.date.today():
            errors["source_date"] = _("The source's date cannot lie in the future.")
        if errors:
            raise ValidationError(errors)
