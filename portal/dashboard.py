"""The figures of the staff home page: each role sees its own work, and never a figure of records it may not view.

Which blocks a user sees follows their roles (staff/roles.py; ROLE_BLOCKS): the content editor the
verification queue, the recent content changes and the expiring policies; the investment officer their
inquiries and the pipeline's figures (portal/dashboard_figures.py: the funnel and the months; each
officer's speed for the administrator only); the grid officers and the service desk their service
requests; the content editor and the reviewer (审核) the news columns' freshness, the reviewer also the
items waiting for review; the administrator (and a superuser) everything. Staff in none of the roles,
whose rights were given one by one, see what their permissions allow. Every block still checks the view
permission of the records behind it, and everyone sees their own notices (an assignment to them) on top.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Max, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from enterprises.models import Enterprise
from inquiries.models import Inquiry, InquiryNotice, SpaceProposal
from news.models import NewsItem
from policies.dashboard import expiring_policies
from portal.contact import contact_officers
from portal.models import Indicator, SiteSettings
from projects.models import Project
from service.models import ServiceNotice, ServiceRequest
from service.permissions import visible_requests
from staff import roles
from staff.names import staff_name

RECENT_CHANGES = 8
NOTICES_SHOWN = 20

# The blocks of the dashboard; "notices" are everyone's.
PROJECTS, VERIFICATION, RECENT_CHANGES_BLOCK, EXPIRING, SPACES = (
    "projects",
    "verification",
    "recent_changes",
    "expiring_policies",
    "spaces",
)
INQUIRIES, SERVICE = "inquiries", "service"
PIPELINE = "pipeline"  # issue 30: the funnel and the months (portal.dashboard_figures); per officer for administrators
CONTACT = "site_contact"  # what /contact/ lacks: the administrator's to fill in (or to have filled in)
FRESHNESS, NEWS_REVIEW = "news_freshness", "news_review"  # issue 27: days since something new; the review queue
ALL_BLOCKS = frozenset(
    {
        PROJECTS,
        VERIFICATION,
        RECENT_CHANGES_BLOCK,
        EXPIRING,
        SPACES,
        INQUIRIES,
        SERVICE,
        CONTACT,
        FRESHNESS,
        NEWS_REVIEW,
        PIPELINE,
    }
)
ROLE_BLOCKS = {
    roles.CONTENT_EDITOR: frozenset({VERIFICATION, RECENT_CHANGES_BLOCK, EXPIRING, PROJECTS, SPACES, FRESHNESS}),
    roles.REVIEWER: frozenset({FRESHNESS, NEWS_REVIEW}),
    roles.INVESTMENT_OFFICER: frozenset({INQUIRIES, PIPELINE}),
    roles.GRID_OFFICER: frozenset({SERVICE}),
    roles.SERVICE_DESK: frozenset({SERVICE}),
    roles.ADMINISTRATOR: ALL_BLOCKS,
}
CONTENT_MODELS = (Project, Enterprise, Indicator)
INQUIRY_URLS = "admin:inquiries_inquiry_change", "admin:inquiries_inquiry_notice_dismiss"
SERVICE_URLS = "admin:service_servicerequest_change", "admin:service_servicerequest_notice_dismiss"


@dataclass
class Dashboard:
    blocks: frozenset = frozenset()
    notices: list = field(default_factory=list)
    projects_by_stage: list = field(default_factory=list)
    projects_by_zone: list = field(default_factory=list)
    inquiries: dict | None = None
    stale: list = field(default_factory=list)
    recent_changes: list = field(default_factory=list)
    expiring_policies: dict | None = None
    contact_missing: dict | None = None
    freshness: dict | None = None
    news_review: dict | None = None

    @property
    def is_empty(self):
        return not (
            self.contact_missing
            or self.freshness
            or self.news_review
            or self.notices
            or self.projects_by_stage
            or self.inquiries
            or self.stale
            or self.recent_changes
            or self.expiring_policies
        )


def blocks_for(user) -> frozenset:
    """The dashboard blocks of the user's roles (one query); see the module's docstring."""
    if user.is_superuser:
        return ALL_BLOCKS
    names = set(user.groups.values_list("name", flat=True)) & ROLE_BLOCKS.keys()
    if not names:
        return ALL_BLOCKS  # no role: the permissions alone decide, block by block
    return frozenset().union(*(ROLE_BLOCKS[name] for name in names))


def _changelist(model, **params) -> str:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def _may_view(user, model) -> bool:
    return user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")


def dashboard_for(user) -> Dashboard:
    blocks = blocks_for(user)
    dashboard = Dashboard(blocks=blocks, notices=notices_for(user))
    if PROJECTS in blocks and _may_view(user, Project):
        # Counts of real records: synthetic samples (is_demo) are left out, and so are they from the lists linked.
        real = Project.objects.filter(is_demo=False)
        counts = dict(real.order_by().values_list("stage").annotate(n=Count("id")))
        dashboard.projects_by_stage = [
            (label, counts.get(value, 0), _changelist(Project, stage__exact=value, is_demo__exact=0))
            for value, label in Project.Stage.choices
        ]
        dashboard.projects_by_zone = [
            (row["zone__name"], row["n"], _changelist(Project, zone__id__exact=row["zone"], is_demo__exact=0))
            for row in real.order_by("zone__order", "zone")
            .values("zone", "zone__name", "zone__order")
            .annotate(n=Count("id"))
        ]
    if INQUIRIES in blocks and _may_view(user, Inquiry):
        dashboard.inquiries = _inquiry_figures(user)
    if VERIFICATION in blocks:
        days = settings.STALE_AFTER_DAYS
        for model in (Project, Enterprise):
            if _may_view(user, model):
                count = model.objects.public().filter(is_demo=False).stale(days).count()
                url = _changelist(model, verification="due", is_published__exact=1, is_demo__exact=0)
                dashboard.stale.append((model._meta.verbose_name_plural, count, url))
    if RECENT_CHANGES_BLOCK in blocks:
        # The content's changes; the inquiries' too for whoever also works them (the administrator).
        models = CONTENT_MODELS + ((Inquiry,) if INQUIRIES in blocks else ())
        dashboard.recent_changes = _recent_changes(user, models)
    if EXPIRING in blocks:
        dashboard.expiring_policies = expiring_policies(user)
    if CONTACT in blocks and _may_view(user, SiteSettings):
        dashboard.contact_missing = missing_contacts(user)
    if FRESHNESS in blocks and _may_view(user, NewsItem):
        dashboard.freshness = news_freshness()
    if NEWS_REVIEW in blocks and user.has_perm("news.publish_newsitem"):
        dashboard.news_review = news_review_queue(user)
    return dashboard


# Freshness levels of a column (and of the home page): each is said in words on the dashboard.
FRESH, WARNING, ALARM, EMPTY = "fresh", "warning", "alarm", "empty"


def freshness_level(days: int | None) -> str:
    """`days` since the last publication → fresh, warning (NEWS_WARNING_DAYS), alarm (NEWS_ALARM_DAYS), empty."""
    if days is None:
        return EMPTY
    if days >= settings.NEWS_ALARM_DAYS:
        return ALARM
    if days >= settings.NEWS_WARNING_DAYS:
        return WARNING
    return FRESH


def news_freshness(now=None) -> dict:
    """How many days since the home page and each news column last had something new (one query).

    Website norms treat a home page not updated for two weeks, or an empty column, as a failing site
    (issue 27). "Something new" is the latest publish time of a published item; samples (is_demo) are
    left out, as they are from the other figures here. Days are calendar days in the site's time zone.
    """
    today = timezone.localdate(now or timezone.now())
    last = dict(
        NewsItem.objects.public()
        .filter(is_demo=False)
        .order_by()
        .values_list("kind")
        .annotate(last=Max("published_at"))
    )

    def row(published_at):
        days = (today - timezone.localdate(published_at)).days if published_at else None
        return {"last": published_at, "days": days, "level": freshness_level(days)}

    columns = [
        {"kind": kind, "label": label, "url": _changelist_or_empty(NewsItem, kind__exact=kind), **row(last.get(kind))}
        for kind, label in NewsItem.Kind.choices
    ]
    newest = max((value for value in last.values() if value), default=None)
    return {
        "home": row(newest),
        "columns": columns,
        "warning_days": settings.NEWS_WARNING_DAYS,
        "alarm_days": settings.NEWS_ALARM_DAYS,
    }


def news_review_queue(user) -> dict:
    """Items submitted for review: those others wrote (the user may publish them) and the user's own
    (another reviewer must). One query."""
    counts = NewsItem.objects.filter(status=NewsItem.Status.SUBMITTED).aggregate(
        others=Count("id", filter=~Q(written_by=user) | Q(written_by__isnull=True)),
        own=Count("id", filter=Q(written_by=user)),
    )
    return {**counts, "url": _changelist_or_empty(NewsItem, status__exact=NewsItem.Status.SUBMITTED)}


def _changelist_or_empty(model, **params) -> str:
    """The changelist's URL, or "" while the model has no admin (the news admin is registered by its app)."""
    try:
        return _changelist(model, **params)
    except NoReverseMatch:
        return ""


def missing_contacts(user) -> dict | None:
    """What /contact/ cannot show yet: the empty contact fields of the site settings, and whether no
    officer publishes a phone or e-mail for an industry chain or a grid. None when nothing is missing."""
    site = SiteSettings.current()
    fields = (
        site.missing_contact_fields()
        if site
        else [SiteSettings._meta.get_field(name).verbose_name for name in SiteSettings.CONTACT_FIELDS]
    )
    industries, grids = contact_officers()
    if not (fields or not industries or not grids):
        return None
    if site is None:
        url = reverse("admin:portal_sitesettings_add") if user.has_perm("portal.add_sitesettings") else ""
    else:
        url = (
            reverse("admin:portal_sitesettings_change", args=[site.pk])
            if user.has_perm("portal.change_sitesettings")
            else ""
        )
    return {
        "fields": fields,
        "no_industry_officers": not industries,
        "no_grid_officers": not grids,
        "url": url,
        "public_url": reverse("portal:contact"),
    }


def _inquiry_figures(user) -> dict:
    """The investment officer's inquiries: new and overdue ones (anyone's to take), and their own open ones."""
    now = timezone.now()
    figures = Inquiry.objects.aggregate(
        new=Count("id", filter=Q(stage=Inquiry.Stage.NEW)),
        overdue=Count("id", filter=Q(stage=Inquiry.Stage.NEW, due_at__lt=now)),
        mine=Count("id", filter=Q(owner=user) & ~Q(stage__in=[Inquiry.Stage.SIGNED, Inquiry.Stage.CLOSED])),
        mine_waiting=Count(
            "id",
            filter=Q(owner=user, stage__in=[Inquiry.Stage.NEW, Inquiry.Stage.ASSIGNED], due_at__lt=now),
        ),
    )
    figures["proposals"] = SpaceProposal.objects.filter(inquiry__owner=user).count()
    return {
        **figures,
        "new_url": _changelist(Inquiry, stage__exact=Inquiry.Stage.NEW),
        "overdue_url": _changelist(Inquiry, overdue="yes"),
        "mine_url": _changelist(Inquiry, owner="me"),
    }


def notices_for(user) -> list:
    """The user's unread notices, newest first, naming each case by its reference only (no personal data);
    only about cases the user may view. Two queries."""
    notices = []
    if _may_view(user, Inquiry):
        rows = InquiryNotice.objects.unread().filter(recipient=user).select_related("inquiry", "sent_by")
        notices += [_notice(row, row.inquiry, *INQUIRY_URLS) for row in rows[:NOTICES_SHOWN]]
    if user.has_perm("service.view_servicerequest"):
        visible = visible_requests(user, ServiceRequest.objects.all())
        rows = (
            ServiceNotice.objects.unread()
            .filter(recipient=user, request__in=visible.values("pk"))
            .select_related("request", "sent_by")
        )
        notices += [_notice(row, row.request, *SERVICE_URLS) for row in rows[:NOTICES_SHOWN]]
    notices.sort(key=lambda n: n["created_at"], reverse=True)
    return notices[:NOTICES_SHOWN]


def _notice(row, case, change_url: str, dismiss_url: str) -> dict:
    return {
        "kind": row.get_kind_display(),
        "case": case._meta.verbose_name,
        "reference": case.reference,
        "url": reverse(change_url, args=[case.pk]),
        "dismiss_url": reverse(dismiss_url, args=[row.pk]),
        "created_at": row.created_at,
        "sent_by": staff_name(row.sent_by),
    }


def _recent_changes(user, models) -> list:
    """The latest edits across the models with history, newest first: one query per model."""
    records = []
    for model in models:
        if not _may_view(user, model):
            continue
        history = model.history.model
        for record in history.objects.select_related("history_user").order_by("-history_date")[:RECENT_CHANGES]:
            records.append(
                {
                    "date": record.history_date,
                    "user": staff_name(record.history_user),  # as the notices name staff: by full name
                    "type": record.get_history_type_display(),
                    "kind": model._meta.verbose_name,
                    # Inquiries carry personal data: show the reference number only.
                    "label": record.reference if model is Inquiry else str(record.history_object),
                    "url": reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_history", args=[record.id]),
                }
            )
    records.sort(key=lambda r: r["date"], reverse=True)
    return records[:RECENT_CHANGES]
