"""/figures/: the speed ledger (issue 30; the figures rule of PORTAL.md), and the page's data with the
space market (spaces.market) and its CSV.

How many working days each step of a case takes, read from the stage logs:

    inquiries         first reply   received → its first move to contacted, site visit, negotiating or signed
                      site visit    received → its first move to site visit
                      signing       received → the move to signed that stands (the inquiry is signed now)
    service requests  acceptance    received → leaving "submitted" for accepted, in progress, resolved or
                                    referred (closing it unanswered is no acceptance)
                      resolution    received → resolved (`resolved_at` of a request resolved or confirmed
                                    now, as /service/ counts it: a reopened request starts again)
    signed projects   construction  signing date → construction start
                      production    construction start → production start
                      whole way     signing date → production start

Working days are China's (core.workdays: weekends and public holidays off, 调休 make-up days on,
and the days staff set), from the day after the start up to and including the end day, by local
date: a case answered on the day it came in took 0 working days. Each step is summed up by its
median, 90th percentile and count (core.figures.summarise: linear interpolation; a cell with fewer
than FIGURES_MIN_SAMPLE values is hidden). Cases: the steps completed in the last 12 months (this
month and the eleven before), as a whole, by the month the step was completed, and by zone,
industry and grid. Projects: every published project whose two dates are known to the day (a date
given only to the month or the year measures nothing), as a whole, by the year the later stage was
reached, by zone and by industry.

Samples: each process counts real records; only when it has none (in what it reads) are its
samples counted, and then it is labelled 示例/Sample (core.figures). Inquiries have no samples.

Queries, whatever the table sizes: the inquiries' stage log (1), the service requests' log and
resolved requests (2), projects (1; 2 when none is real), zones, industries and grids (3), and one
working calendar over every span (1). Everything is computed here in Python, so SQLite and
PostgreSQL give the same figures.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import charts
from core.cache import cached_value
from core.dates import DatePrecision, add_months
from core.figures import (
    Group,
    Link,
    Spread,
    as_text,
    both_languages,
    min_sample,
    month_group,
    named_groups,
    summarise,
    year_group,
)
from core.workdays import WorkingCalendar, local_day
from industries.models import Industry
from inquiries.models import Inquiry, InquiryStageLog
from projects.models import Project
from service.models import ServiceRequest, ServiceStageLog
from spaces.market import SpaceMarket, space_market
from zones.models import ServiceGrid, Zone

WINDOW_MONTHS = 12

PROCESSES = {
    "inquiries": _("Investment inquiries"),
    "service": _("Service requests"),
    "projects": _("Signed projects"),
}
STAGES = {
    "first_reply": _("First reply"),
    "site_visit": _("Site visit"),
    "signing": _("Signing"),
    "acceptance": _("Acceptance"),
    "resolution": _("Resolution"),
    "construction": _("Signing to construction"),
    "production": _("Construction to production"),
    "signing_to_production": _("Signing to production"),
}
BREAKDOWNS = {
    "all": _("All"),
    "month": _("By month completed"),
    "year": _("By year reached"),
    "zone": _("By zone"),
    "industry": _("By industry"),
    "grid": _("By service grid"),
}
NOT_STATED = _("Not stated")  # a case with no zone, industry or grid

INQUIRY_REPLIED = (
    Inquiry.Stage.CONTACTED,
    Inquiry.Stage.SITE_VISIT,
    Inquiry.Stage.NEGOTIATING,
    Inquiry.Stage.SIGNED,
)
SERVICE_ACCEPTED = (
    ServiceRequest.Stage.ACCEPTED,
    ServiceRequest.Stage.IN_PROGRESS,
    ServiceRequest.Stage.RESOLVED,
    ServiceRequest.Stage.REFERRED,
)
PROJECT_SPANS = {  # stage: (start date field, end date field)
    "construction": ("signed_on", "started_on"),
    "production": ("started_on", "production_on"),
    "signing_to_production": ("signed_on", "production_on"),
}


@dataclass(frozen=True)
class LedgerRow:
    group: Group
    cells: tuple[tuple[str, Spread], ...]  # (stage, its spread) for each stage of the process, in its order


@dataclass(frozen=True)
class Breakdown:
    by: str
    rows: tuple[LedgerRow, ...]

    @property
    def label(self):
        return BREAKDOWNS[self.by]


@dataclass(frozen=True)
class Process:
    key: str
    stages: tuple[str, ...]
    is_sample: bool
    first_day: datetime.date | None  # the window's first day; None: every record (projects)
    breakdowns: tuple[Breakdown, ...]  # the first is the whole ("all")

    @property
    def label(self):
        return PROCESSES[self.key]

    @property
    def stage_labels(self) -> list:
        return [STAGES[stage] for stage in self.stages]

    @property
    def whole(self) -> LedgerRow:
        return self.breakdowns[0].rows[0]


@dataclass(frozen=True)
class Measurement:
    """One step of one case: its start and end days and the groups it falls in."""

    stage: str
    start: datetime.date
    end: datetime.date
    groups: dict  # breakdown → group key


def window_first_day(today: datetime.date) -> datetime.date:
    """The first day of the speed ledger's window: this month and the eleven before."""
    return add_months(today, 1 - WINDOW_MONTHS)


# --- Speed ledger ---------------------------------------------------------------------------------


def _case_step(stage: str, received: datetime.datetime, moment: datetime.datetime, groups: dict) -> Measurement:
    """A case's step from its receipt to `moment`, in the groups given and the month it was completed."""
    end = local_day(moment)
    return Measurement(stage, local_day(received), end, {**groups, "month": f"{end.year:04d}-{end.month:02d}"})


def _inquiry_measurements(since: datetime.datetime) -> tuple[list[Measurement], bool]:
    """The inquiries' steps, from the stage log of every inquiry that moved on since `since` (one query)."""
    moved = InquiryStageLog.objects.filter(changed_at__gte=since, to_stage__in=INQUIRY_REPLIED).values("inquiry_id")
    rows = (
        InquiryStageLog.objects.filter(inquiry_id__in=moved, to_stage__in=INQUIRY_REPLIED)
        .order_by("inquiry_id", "changed_at", "id")
        .values_list(
            "inquiry_id", "to_stage", "changed_at", "inquiry__created_at", "inquiry__stage", "inquiry__zone__slug",
            "inquiry__industry__slug",
        )
    )  # fmt: skip
    steps = defaultdict(dict)
    facts = {}
    for inquiry_id, to_stage, changed_at, received, stage_now, zone, industry in rows:
        facts[inquiry_id] = (received, {"zone": zone or "", "industry": industry or ""})
        reached = steps[inquiry_id]
        reached.setdefault("first_reply", changed_at)
        if to_stage == Inquiry.Stage.SITE_VISIT:
            reached.setdefault("site_visit", changed_at)
        if to_stage == Inquiry.Stage.SIGNED and stage_now == Inquiry.Stage.SIGNED:
            reached["signing"] = changed_at  # the last move to signed: an earlier one was taken back
    measurements = [
        _case_step(stage, facts[inquiry_id][0], moment, facts[inquiry_id][1])
        for inquiry_id, reached in steps.items()
        for stage, moment in reached.items()
    ]
    return measurements, False


def _service_measurements(since: datetime.datetime) -> tuple[list[Measurement], bool]:
    """The service requests' acceptances (stage log) and resolutions since `since` (two queries)."""
    common = ("created_at", "zone__slug", "grid__number", "enterprise__industry__slug", "is_demo")
    accepted = ServiceStageLog.objects.filter(
        from_stage=ServiceRequest.Stage.SUBMITTED, to_stage__in=SERVICE_ACCEPTED, changed_at__gte=since
    ).values_list("request_id", "changed_at", *(f"request__{name}" for name in common))
    resolved = ServiceRequest.objects.filter(
        stage__in=ServiceRequest.DONE_STAGES, resolved_at__gte=since, resolved_at__isnull=False
    ).values_list("id", "resolved_at", *common)
    rows = [("acceptance", *row) for row in accepted] + [("resolution", *row) for row in resolved]
    real = [row for row in rows if not row[-1]]
    samples = not real and bool(rows)
    first = {}
    for stage, request_id, moment, received, zone, grid, industry, _demo in real or rows:
        key = (stage, request_id)
        if key not in first or moment < first[key][0]:  # a request leaves "submitted" once; defensively the first
            groups = {"zone": zone or "", "grid": "" if grid is None else str(grid), "industry": industry or ""}
            first[key] = (moment, received, groups)
    measurements = [
        _case_step(stage, received, moment, groups) for (stage, _id), (moment, received, groups) in first.items()
    ]
    return measurements, samples


def _project_measurements() -> tuple[list[Measurement], bool]:
    """The published projects' steps whose two dates are known to the day (one query; two when none is real)."""
    day = DatePrecision.DAY
    known = [
        Q(**{f"{start}__isnull": False, f"{start}_precision": day, f"{end}__isnull": False, f"{end}_precision": day})
        for start, end in PROJECT_SPANS.values()
    ]
    fields = ["zone__slug", "industry__slug"]
    for name in ("signed_on", "started_on", "production_on"):
        fields += [name, f"{name}_precision"]
    measurable = Project.objects.public().filter(known[0] | known[1] | known[2]).order_by("id")
    rows = list(measurable.filter(is_demo=False).values_list(*fields))
    samples = False
    if not rows:
        rows = list(measurable.filter(is_demo=True).values_list(*fields))
        samples = bool(rows)
    measurements = []
    for zone, industry, *dates in rows:
        known_dates = {
            name: value for name, value, precision in zip(fields[2::2], dates[::2], dates[1::2], strict=True)
            if value is not None and precision == day
        }  # fmt: skip
        for stage, (start, end) in PROJECT_SPANS.items():
            if start in known_dates and end in known_dates:
                end_day = known_dates[end]
                groups = {"year": str(end_day.year), "zone": zone, "industry": industry}
                measurements.append(Measurement(stage, known_dates[start], end_day, groups))
    return measurements, samples


def _reference_groups() -> dict[str, dict[str, Group]]:
    """Zones, industries and grids as table rows, in their order (three queries)."""
    names = ("slug", "name", "name_en", "english_out_of_date")
    return {
        "zone": named_groups(Zone.objects.ordered().only(*names)),
        "industry": named_groups(Industry.objects.order_by("order", "id").only(*names)),
        "grid": named_groups(ServiceGrid.objects.all(), key=lambda grid: grid.number),
    }


def _cells(values_by_stage: dict, stages) -> tuple[tuple[str, Spread], ...]:
    return tuple((stage, summarise(values_by_stage.get(stage, ()))) for stage in stages)


def _breakdown(by, measured, stages, groups: list[Group]) -> Breakdown:
    """The rows of one breakdown: each group's spreads over the measured steps that fall in it."""
    values = defaultdict(lambda: defaultdict(list))
    for measurement, days in measured:
        values[measurement.groups.get(by, "")][measurement.stage].append(days)
    return Breakdown(by, tuple(LedgerRow(group, _cells(values.get(group.key, {}), stages)) for group in groups))


def _process(key, stages, measured, *, is_sample, first_day, dimensions, references, links=None) -> Process:
    """A process's tables: the whole, then each breakdown in `dimensions` (a period's groups are given; a
    reference's are those with a step to count, in the reference's order, then "not stated"). `links`:
    per breakdown, the public list of its records and the query parameter that selects a group's."""
    links = links or {}
    whole = defaultdict(list)
    for measurement, days in measured:
        whole[measurement.stage].append(days)
    base = Link(links["all"][0]) if "all" in links else None
    everything = Group("all", *both_languages(BREAKDOWNS["all"]), base)
    breakdowns = [Breakdown("all", (LedgerRow(everything, _cells(whole, stages)),))]
    for by, period_groups in dimensions:
        if period_groups is not None:
            groups = period_groups
        else:
            present = {measurement.groups.get(by, "") for measurement, _days in measured}
            url_name, parameter = links.get(by, (None, None))
            groups = [
                Group(
                    group.key,
                    group.name,
                    group.name_en,
                    Link(url_name, f"{parameter}={group.key}") if url_name else None,
                )
                for group in references[by].values()
                if group.key in present
            ]
            if "" in present:
                groups.append(Group("", *both_languages(NOT_STATED)))
        breakdowns.append(_breakdown(by, measured, stages, groups))
    return Process(key, stages, is_sample, first_day, tuple(breakdowns))


def speed_ledger(today: datetime.date | None = None) -> list[Process]:
    """The three processes' tables (module docstring), for the window ending `today` (default: the local date)."""
    today = today or timezone.localdate()
    first_day = window_first_day(today)
    since = timezone.make_aware(datetime.datetime.combine(first_day, datetime.time.min))
    inquiries, inquiry_samples = _inquiry_measurements(since)
    service, service_samples = _service_measurements(since)
    projects, project_samples = _project_measurements()
    references = _reference_groups()
    inquiries = [m for m in inquiries if first_day <= m.end <= today]
    service = [m for m in service if first_day <= m.end <= today]
    every = inquiries + service + projects
    calendar = WorkingCalendar.covering([m.start for m in every] + [m.end for m in every])

    def measured(steps):
        return [(m, calendar.between(m.start, m.end)) for m in steps]

    months = [month_group(add_months(first_day, offset)) for offset in range(WINDOW_MONTHS)]
    # No link: the project list's year is the signing year, not the year a stage was reached.
    years = [year_group(year) for year in sorted({m.end.year for m in projects})]
    return [
        _process(
            "inquiries",
            ("first_reply", "site_visit", "signing"),
            measured(inquiries),
            is_sample=inquiry_samples,
            first_day=first_day,
            dimensions=[("month", months), ("zone", None), ("industry", None)],
            references=references,
        ),
        _process(
            "service",
            ("acceptance", "resolution"),
            measured(service),
            is_sample=service_samples,
            first_day=first_day,
            dimensions=[("month", months), ("zone", None), ("industry", None), ("grid", None)],
            references=references,
        ),
        _process(
            "projects",
            tuple(PROJECT_SPANS),
            measured(projects),
            is_sample=project_samples,
            first_day=None,
            dimensions=[("year", years), ("zone", None), ("industry", None)],
            references=references,
            links={
                "all": ("projects:list", ""),
                "zone": ("projects:list", "zone"),
                "industry": ("projects:list", "chain"),
            },
        ),
    ]


# --- Charts (core.charts: the SVG with a table of the same numbers) -----------------------------------


def ledger_chart(process: Process) -> charts.Chart | None:
    """The process's medians over its periods (months; years for projects), a line (or columns) per stage; None
    when there is no median to draw. Built for the language active: titles and names are the reader's."""
    periods = process.breakdowns[1]
    medians = [[dict(row.cells)[stage].median for row in periods.rows] for stage in process.stages]
    if not any(value is not None for values in medians for value in values):
        return None
    build = charts.line_chart if periods.by == "month" else charts.column_chart
    return build(
        _("%(process)s: median working days") % {"process": process.label},
        [row.group.key for row in periods.rows],  # 2025-03, 2024: short enough for a phone in both languages
        [charts.Series(STAGES[stage], values) for stage, values in zip(process.stages, medians, strict=True)],
        unit=_("working days"),
        category_label=periods.label,
        decimals=1,
        key=f"chart-{process.key}",
    )


def vacancy_chart(market: SpaceMarket) -> charts.Chart | None:
    """Today's vacancy of each kind in all zones, as bars; None when no share can be shown."""
    rows = [(kind, cells[-1][1]) for kind, cells in market.vacancy.rows]  # the last column: all zones
    if not any(vacancy.share is not None for _kind, vacancy in rows):
        return None
    return charts.bar_chart(
        _("Vacancy by kind of space, all zones"),
        [kind.name_i18n for kind, _vacancy in rows],
        [charts.Series(_("Vacant share of the area"), [vacancy.share for _kind, vacancy in rows])],
        unit=charts.PERCENT,
        category_label=_("Kind of space"),
        decimals=1,
        key="chart-vacancy",
    )


# --- The page's data, and the rows of its CSV and API ------------------------------------------------

PERCENTILE_METHOD = (
    "Linear interpolation between the closest ranks (Hyndman & Fan type 7; numpy's default, Excel's "
    "PERCENTILE.INC), computed exactly and rounded half up; durations in working days of the mainland "
    "Chinese calendar (public holidays off, make-up working days on)."
)
LEDGER_COLUMNS = (
    "process", "process_name", "process_name_en", "stage", "stage_name", "stage_name_en", "breakdown", "group",
    "group_name", "group_name_en", "n", "median_working_days", "p90_working_days", "hidden", "is_sample",
    "period_from", "period_to",
)  # fmt: skip


@dataclass(frozen=True)
class Figures:
    """Everything /figures/ shows, as of `today`, remembered for both languages (portal.views.figures)."""

    today: datetime.date
    min_sample: int
    processes: tuple[Process, ...]
    market: SpaceMarket


def page_figures(today: datetime.date | None = None) -> Figures:
    today = today or timezone.localdate()
    return Figures(today, min_sample(), tuple(speed_ledger(today)), space_market(today))


def current_figures() -> Figures:
    """The figures as of today, remembered per content version and day, at most ``PAGE_CACHE_SECONDS``: the
    cases they count do not move the content version, so, like the stored page, they may be that old."""
    today = timezone.localdate()
    return cached_value("figures", (today.isoformat(), min_sample()), lambda: page_figures(today))


def ledger_rows(figures: Figures) -> list[dict]:
    """One row per process, breakdown, group and stage: the speed ledger as the CSV and the API give it."""
    rows = []
    for process in figures.processes:
        process_names = both_languages(process.label)
        stage_names = {stage: both_languages(STAGES[stage]) for stage in process.stages}
        for breakdown in process.breakdowns:
            for row in breakdown.rows:
                for stage, spread in row.cells:
                    names = stage_names[stage]
                    rows.append({
                        "process": process.key,
                        "process_name": process_names[0],
                        "process_name_en": process_names[1],
                        "stage": stage,
                        "stage_name": names[0],
                        "stage_name_en": names[1],
                        "breakdown": breakdown.by,
                        "group": row.group.key,
                        "group_name": row.group.name,
                        "group_name_en": row.group.name_en,
                        "n": spread.n,
                        "median_working_days": as_text(spread.median),
                        "p90_working_days": as_text(spread.p90),
                        "hidden": spread.hidden,
                        "is_sample": process.is_sample,
                        "period_from": process.first_day.isoformat() if process.first_day else None,
                        "period_to": figures.today.isoformat(),
                    })  # fmt: skip
    return rows
