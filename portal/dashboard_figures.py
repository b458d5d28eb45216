"""The staff dashboard's pipeline figures (issue 30): the inquiry funnel, inquiries and signings by month,
and, for administrators only, how fast each officer answers.

The view is chosen by query parameters on the admin's home page, so that it can be bookmarked and shared
between staff (the contract, checked by `DashboardFilterForm`):

    period     12m (default: this month and the eleven before), 90d, year (this year), last_year, or
               custom (the dates below); giving `from` or `to` alone means custom
    from, to   dates (YYYY-MM-DD) of a custom period, both included; `from` defaults to the first day of
               the month eleven months before `to`, `to` to today; from 2000 on, never after today, at
               most MAX_MONTHS months
    zone       a zone's slug: inquiries by their preferred zone, projects and service requests by their zone
    industry   an industry's slug: inquiries and projects by their industry, service requests by their
               enterprise's industry
    grid       a service grid's number: service requests only (inquiries and projects have no grid)

A value the form refuses is said on the page, above the figures, and the figures then show the default
view (the last 12 months, no filter): a bad link never yields an error page nor figures of a view that
was not asked for.

What each figure counts (every count is over the period's received inquiries or signed projects):
- The funnel: inquiries received in the period that reached each stage — new, assigned, contacted, site
  visit, negotiating, signed — or a later one, by their stage history and their stage now; a closed
  inquiry counts up to the last stage it reached, so each bar is at most the one above it.
- By month: inquiries received (in the site's time zone) and projects signed. A signing date known to the
  month counts in its month; one known only to the year counts in no month, and the chart says how many.
  Projects count real records; only when the period has none but samples (`is_demo`) is the series
  computed over the samples, and named 示例/Sample (the figures rule of PORTAL.md). Inquiries have no samples.
- Per officer (administrators only; the investment officers see the funnel, not each other's speed):
  inquiries — working days from receipt to the first move to contacted, site visit, negotiating or signed,
  credited to the staff member who made that move; service requests — from receipt to acceptance (leaving
  "submitted" for accepted, in progress, resolved or referred), credited the same way. Working days are
  mainland China's (core.workdays.WorkingCalendar: weekends and holidays off, 调休 days on), from the day
  after receipt up to and including the day of the move, by local date. The steps are the public speed
  ledger's (portal.figures: INQUIRY_REPLIED, SERVICE_ACCEPTED) and so is the arithmetic: each officer's
  replies are summed up by core.figures.summarise (number, median, 90th percentile; type 7), in Python, so
  SQLite and PostgreSQL agree. Unlike the public ledger, staff see every officer's figure whatever its
  sample size (no FIGURES_MIN_SAMPLE): the number beside it says how far to trust it.
  Service requests count real records, or samples labelled as such when the period has no real one.

Queries, whatever the table sizes: the form's zones, industries and grids (3), the funnel (1), inquiries
and projects by month (2); for administrators the first replies, the inquiries waiting for one, the
acceptances, the officers' names and one working calendar (5).
"""

import datetime
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext, npgettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core import charts
from core.dates import DatePrecision, add_months, display
from core.figures import summarise
from core.workdays import WorkingCalendar, local_day
from industries.models import Industry
from inquiries.models import Inquiry, InquiryStageLog
from portal.figures import INQUIRY_REPLIED, SERVICE_ACCEPTED
from projects.models import Project
from service.models import ServiceRequest, ServiceStageLog
from staff import roles
from staff.names import staff_name
from zones.models import ServiceGrid, Zone

DEFAULT_PERIOD = "12m"
PERIODS = {
    "12m": pgettext_lazy("dashboard period", "Last 12 months"),
    "90d": pgettext_lazy("dashboard period", "Last 90 days"),
    "year": pgettext_lazy("dashboard period", "This year"),
    "last_year": pgettext_lazy("dashboard period", "Last year"),
    "custom": pgettext_lazy("dashboard period", "The dates below"),
}
EARLIEST = datetime.date(2000, 1, 1)
MAX_MONTHS = 60
COLUMNS_UP_TO = 6  # months drawn as columns; more as lines

FUNNEL = (
    Inquiry.Stage.NEW,
    Inquiry.Stage.ASSIGNED,
    Inquiry.Stage.CONTACTED,
    Inquiry.Stage.SITE_VISIT,
    Inquiry.Stage.NEGOTIATING,
    Inquiry.Stage.SIGNED,
)
KEY = re.compile(r"[-a-zA-Z0-9_]{1,100}")


def may_see_officer_figures(user) -> bool:
    """Each officer's speed is for administrators (and superusers): a role, not a permission one could
    be given by accident with the right to view inquiries."""
    return user.is_superuser or user.groups.filter(name=roles.ADMINISTRATOR).exists()


# --- The period and the filters -------------------------------------------------------------------------


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first days of the months from `first`'s to `last`'s, both included."""
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    return [add_months(first, number) for number in range(count)]


@dataclass(frozen=True)
class Period:
    first: datetime.date
    last: datetime.date  # included
    key: str  # a PERIODS key

    @property
    def months(self) -> list[datetime.date]:
        return months_between(self.first, self.last)

    @property
    def partial_months(self) -> bool:
        """Whether the first or the last month is only partly in the period."""
        return self.first.day != 1 or (self.last + datetime.timedelta(days=1)).day != 1

    @property
    def label(self) -> str:
        return f"{self.first.isoformat()} – {self.last.isoformat()}"

    @property
    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The period as aware datetimes in the site's time zone: [start, end)."""
        start = datetime.datetime.combine(self.first, datetime.time.min)
        end = datetime.datetime.combine(self.last + datetime.timedelta(days=1), datetime.time.min)
        return timezone.make_aware(start), timezone.make_aware(end)


def preset_period(key: str, today: datetime.date) -> Period:
    if key == "90d":
        return Period(today - datetime.timedelta(days=89), today, key)
    if key == "year":
        return Period(datetime.date(today.year, 1, 1), today, key)
    if key == "last_year":
        return Period(datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 12, 31), key)
    return Period(add_months(today, -11), today, DEFAULT_PERIOD)


class KeyChoiceField(forms.ModelChoiceField):
    """A choice of a zone, industry or grid by its slug or number; anything that could not be one is refused
    before the database is asked (a NUL byte or a number too large for the column would be an error there)."""

    def __init__(self, *args, pattern=KEY, **kwargs):
        self.pattern = pattern
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value not in self.empty_values and not self.pattern.fullmatch(str(value)):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

    def label_from_instance(self, obj):
        return obj.name_i18n


class DashboardFilterForm(forms.Form):
    """The dashboard's query parameters (the module's docstring); `period` in `cleaned_data` is a Period."""

    period = forms.ChoiceField(
        label=pgettext_lazy("dashboard", "Period"), choices=list(PERIODS.items()), required=False
    )
    zone = KeyChoiceField(
        Zone.objects.order_by("order", "id"), to_field_name="slug", label=_("Zone"), empty_label=_("All zones")
    )
    industry = KeyChoiceField(
        Industry.objects.order_by("order", "id"),
        to_field_name="slug",
        label=_("Industry"),
        empty_label=_("All industries"),
    )
    grid = KeyChoiceField(
        ServiceGrid.objects.order_by("order", "number"),
        pattern=re.compile(r"[0-9]{1,2}"),
        to_field_name="number",
        label=_("Service grid"),
        empty_label=_("All grids"),
        help_text=pgettext_lazy("dashboard", "Service requests only: inquiries and projects have no grid."),
    )

    def __init__(self, *args, today: datetime.date | None = None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        date_input = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        # "from" is a Python keyword: these two are added here rather than declared.
        self.fields["from"] = forms.DateField(
            label=pgettext_lazy("dashboard period", "From"), required=False, widget=date_input
        )
        self.fields["to"] = forms.DateField(
            label=pgettext_lazy("dashboard period", "To"), required=False, widget=date_input
        )
        self.order_fields(["period", "from", "to", "zone", "industry", "grid"])

    def clean(self):
        data = super().clean()
        key, first, last = data.get("period") or "", data.get("from"), data.get("to")
        if "period" in self.errors or "from" in self.errors or "to" in self.errors:
            return data
        dated = first is not None or last is not None
        if key and key != "custom" and dated:
            raise ValidationError(
                pgettext("dashboard", "Choose a period or dates, not both: pick “%(custom)s” to use the dates.")
                % {"custom": PERIODS["custom"]}
            )
        if key == "custom" and not dated:
            raise ValidationError(pgettext("dashboard", "Give the period's dates, or choose another period."))
        if not dated:
            data["period"] = preset_period(key or DEFAULT_PERIOD, self.today)
            return data
        last = last or self.today
        first = first or add_months(last, -11)
        if last > self.today:
            raise ValidationError(pgettext("dashboard", "The period cannot end after today."))
        if first < EARLIEST:
            raise ValidationError(
                pgettext("dashboard", "The period cannot start before %(date)s.") % {"date": EARLIEST.isoformat()}
            )
        if first > last:
            raise ValidationError(pgettext("dashboard", "The period's first date is after its last."))
        if len(months_between(first, last)) > MAX_MONTHS:
            raise ValidationError(
                pgettext("dashboard", "A period spans at most %(months)s months.") % {"months": MAX_MONTHS}
            )
        data["period"] = Period(first, last, "custom")
        return data


@dataclass(frozen=True)
class View:
    """What the figures are for: the period and the filters (None: all)."""

    period: Period
    zone: Zone | None = None
    industry: Industry | None = None
    grid: ServiceGrid | None = None


def view_from(params, *, today: datetime.date | None = None) -> tuple[View, DashboardFilterForm]:
    """The view the query parameters ask for, or the default view when the form refuses them."""
    form = DashboardFilterForm(params, today=today)
    if form.is_valid():
        data = form.cleaned_data
        return View(data["period"], data["zone"], data["industry"], data["grid"]), form
    return View(preset_period(DEFAULT_PERIOD, form.today)), form


# --- Figures --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Speed:
    """One officer's replies: how many, the median and the 90th percentile in working days."""

    officer: str
    n: int
    median: Decimal | None
    p90: Decimal | None
    waiting: int = 0  # inquiries they own still waiting for a first reply


def speed(officer: str, days: list[int], waiting: int = 0) -> Speed:
    spread = summarise(days, minimum=1)  # staff see every sample size (the module's docstring)
    return Speed(officer, spread.n, spread.median, spread.p90, waiting)


@dataclass
class PipelineFigures:
    view: View
    form: DashboardFilterForm
    funnel: charts.Chart | None = None
    funnel_counts: dict = field(default_factory=dict)  # stage → inquiries that reached it
    closed: int = 0
    monthly: charts.Chart | None = None
    monthly_counts: dict = field(default_factory=dict)  # "inquiries" / "signings" → {month: count}
    signings_are_samples: bool = False
    signings_year_only: int = 0
    inquiry_speeds: list = field(default_factory=list)
    service_speeds: list = field(default_factory=list)
    service_are_samples: bool = False
    inquiry_chart: charts.Chart | None = None
    service_chart: charts.Chart | None = None
    show_officers: bool = False
    show_service: bool = False

    @property
    def waiting_speeds(self) -> list:
        return [s for s in self.inquiry_speeds if s.waiting]


def _inquiries(view: View):
    start, end = view.period.bounds
    inquiries = Inquiry.objects.filter(created_at__gte=start, created_at__lt=end)
    if view.zone:
        inquiries = inquiries.filter(zone=view.zone)
    if view.industry:
        inquiries = inquiries.filter(industry=view.industry)
    return inquiries


def _service_requests(view: View):
    start, end = view.period.bounds
    requests = ServiceRequest.objects.filter(created_at__gte=start, created_at__lt=end)
    if view.zone:
        requests = requests.filter(zone=view.zone)
    if view.industry:
        requests = requests.filter(enterprise__industry=view.industry)
    if view.grid:
        requests = requests.filter(grid=view.grid)
    return requests


def _reached(stage) -> Q:
    """An inquiry that reached `stage` or a later one of the funnel: by its stage now or its stage history."""
    later = FUNNEL[FUNNEL.index(stage) :]
    return Q(stage__in=later) | Q(Exists(InquiryStageLog.objects.filter(inquiry=OuterRef("pk"), to_stage__in=later)))


def funnel_counts(view: View) -> tuple[dict, int]:
    """{stage: inquiries of the view that reached it}, and how many of them are closed (one query)."""
    counts = _inquiries(view).aggregate(
        closed=Count("pk", filter=Q(stage=Inquiry.Stage.CLOSED)),
        **{stage: Count("pk", filter=_reached(stage)) for stage in FUNNEL[1:]},
        **{FUNNEL[0]: Count("pk")},
    )
    closed = counts.pop("closed")
    return {stage: counts[stage] for stage in FUNNEL}, closed


def monthly_counts(view: View) -> tuple[dict, dict, bool, int]:
    """Inquiries received and projects signed, by month ({first day of the month: count}), whether the
    signings are samples, and how many signings of the period are known only to the year (two queries)."""
    received = Counter()
    by_month = _inquiries(view).annotate(month=TruncMonth("created_at")).values_list("month").annotate(n=Count("pk"))
    for month, count in by_month.order_by():
        received[timezone.localtime(month).date()] += count

    period = view.period
    by_day = Q(signed_on_precision=DatePrecision.DAY, signed_on__gte=period.first, signed_on__lte=period.last)
    by_month = Q(
        signed_on_precision=DatePrecision.MONTH,
        signed_on__gte=first_of_month(period.first),
        signed_on__lte=period.last,
    )
    by_year = Q(
        signed_on_precision=DatePrecision.YEAR,
        signed_on__year__gte=period.first.year,
        signed_on__year__lte=period.last.year,
    )
    projects = Project.objects.filter(by_day | by_month | by_year)
    if view.zone:
        projects = projects.filter(zone=view.zone)
    if view.industry:
        projects = projects.filter(industry=view.industry)
    rows = list(
        projects.annotate(month=TruncMonth("signed_on"))
        .values_list("is_demo", "signed_on_precision", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    samples = not any(not is_demo for is_demo, *_rest in rows)
    signed, year_only = Counter(), 0
    for is_demo, precision, month, count in rows:
        if is_demo != samples:
            continue
        if precision == DatePrecision.YEAR:
            year_only += count
        else:
            signed[month] += count
    return dict(received), dict(signed), samples and bool(rows), year_only


def _first_moves(rows):
    """(case id, moment, staff id, received, …) rows in order of case and time → the first row of each case."""
    first = {}
    for row in rows:
        first.setdefault(row[0], row)
    return list(first.values())


def officer_speeds(view: View) -> tuple[list[Speed], list[Speed], bool]:
    """Each officer's first replies to inquiries and acceptances of service requests (five queries)."""
    inquiries = _inquiries(view)
    replies = _first_moves(
        InquiryStageLog.objects.filter(inquiry__in=inquiries.values("pk"), to_stage__in=INQUIRY_REPLIED)
        .order_by("inquiry_id", "changed_at", "id")
        .values_list("inquiry_id", "changed_at", "changed_by_id", "inquiry__created_at")
    )
    waiting = dict(
        inquiries.exclude(stage__in=[*INQUIRY_REPLIED, Inquiry.Stage.CLOSED])
        .exclude(Exists(InquiryStageLog.objects.filter(inquiry=OuterRef("pk"), to_stage__in=INQUIRY_REPLIED)))
        .filter(owner__isnull=False)
        .order_by()
        .values_list("owner")
        .annotate(n=Count("pk"))
    )
    acceptances = _first_moves(
        ServiceStageLog.objects.filter(
            request__in=_service_requests(view).values("pk"),
            from_stage=ServiceRequest.Stage.SUBMITTED,
            to_stage__in=SERVICE_ACCEPTED,
        )
        .order_by("request_id", "changed_at", "id")
        .values_list("request_id", "changed_at", "changed_by_id", "request__created_at", "request__is_demo")
    )
    real = [row for row in acceptances if not row[4]]
    samples = not real and bool(acceptances)
    acceptances = real or acceptances

    spans = [
        (by, local_day(received), local_day(moment)) for _id, moment, by, received, *_rest in [*replies, *acceptances]
    ]
    calendar = WorkingCalendar.covering([day for _by, *days in spans for day in days])
    staff_ids = {by for by, _s, _e in spans} | set(waiting)
    from django.contrib.auth import get_user_model

    names = {user.pk: staff_name(user) for user in get_user_model().objects.filter(pk__in=staff_ids - {None})}

    def speeds(rows, waiting=None):
        days = defaultdict(list)
        for _id, moment, by, received, *_rest in rows:
            days[by].append(calendar.between(local_day(received), local_day(moment)))
        waiting = waiting or {}
        people = set(days) | set(waiting)
        result = [
            speed(names.get(by) or pgettext("dashboard", "No one recorded"), days.get(by, []), waiting.get(by, 0))
            for by in people
        ]
        return sorted(result, key=lambda s: (-s.n, -s.waiting, s.officer))

    return speeds(replies, waiting), speeds(acceptances), samples


def _speed_chart(title, speeds: list[Speed], key: str, *, samples: bool = False) -> charts.Chart | None:
    measured = [s for s in speeds if s.n]
    if not measured:
        return None
    categories = [
        npgettext("dashboard", "%(officer)s · %(n)s case", "%(officer)s · %(n)s cases", s.n)
        % {"officer": s.officer, "n": s.n}
        for s in measured
    ]
    sample = f"{gettext('Sample')} · " if samples else ""
    return charts.bar_chart(
        f"{sample}{title}",
        categories,
        [
            charts.Series(pgettext("dashboard", "Median"), [s.median for s in measured]),
            charts.Series(pgettext("dashboard", "90th percentile"), [s.p90 for s in measured]),
        ],
        unit=pgettext("dashboard", "working days"),
        category_label=pgettext("dashboard", "Officer"),
        decimals=1,
        key=key,
    )


def _month_label(month: datetime.date) -> str:
    return display(month, DatePrecision.MONTH)


def pipeline_figures(user, params, *, today: datetime.date | None = None) -> PipelineFigures | None:
    """The figures `user` may see for the view `params` asks for; None when they may see none of them."""
    may_inquiries = user.has_perm("inquiries.view_inquiry")
    may_projects = user.has_perm("projects.view_project")
    if not (may_inquiries or may_projects):
        return None
    view, form = view_from(params, today=today)
    figures = PipelineFigures(view=view, form=form)
    if may_inquiries:
        counts, figures.closed = funnel_counts(view)
        figures.funnel_counts = counts
        figures.funnel = charts.bar_chart(
            pgettext("dashboard", "Inquiry pipeline: how far the period's inquiries got"),
            [Inquiry.Stage(stage).label for stage in FUNNEL],
            [charts.Series(pgettext("dashboard", "Count"), [counts[stage] for stage in FUNNEL])],
            unit=pgettext("dashboard", "inquiries"),
            category_label=pgettext("dashboard", "Stage reached"),
            key="dashboard-funnel",
        )
    received, signed, samples, year_only = monthly_counts(view)
    months = view.period.months
    series = []
    if may_inquiries:
        series.append(charts.Series(pgettext("dashboard", "Inquiries received"), [received.get(m, 0) for m in months]))
        figures.monthly_counts["inquiries"] = {m: received.get(m, 0) for m in months}
    if may_projects:
        name = pgettext("dashboard", "Projects signed")
        if samples:
            name = f"{gettext('Sample')} · {name}"
        series.append(charts.Series(name, [signed.get(m, 0) for m in months]))
        figures.monthly_counts["signings"] = {m: signed.get(m, 0) for m in months}
        figures.signings_are_samples, figures.signings_year_only = samples, year_only
    draw = charts.column_chart if len(months) <= COLUMNS_UP_TO else charts.line_chart
    figures.monthly = draw(
        pgettext("dashboard", "By month"),
        [_month_label(m) for m in months],
        series,
        category_label=pgettext("dashboard", "Month"),
        key="dashboard-monthly",
    )
    if may_see_officer_figures(user) and may_inquiries:
        figures.show_officers = True
        inquiry_speeds, service_speeds, service_samples = officer_speeds(view)
        figures.inquiry_speeds, figures.service_speeds = inquiry_speeds, service_speeds
        figures.service_are_samples = service_samples
        figures.inquiry_chart = _speed_chart(
            pgettext("dashboard", "First reply to inquiries, per officer"),
            inquiry_speeds,
            "dashboard-officers-inquiries",
        )
        if user.has_perm("service.view_servicerequest"):
            figures.show_service = True
            figures.service_chart = _speed_chart(
                pgettext("dashboard", "Acceptance of service requests, per officer"),
                service_speeds,
                "dashboard-officers-service",
                samples=service_samples,
            )
    return figures
