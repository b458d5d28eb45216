"""腾笼换鸟: the evaluation's renewal candidates, and a space record opened from one.

Two kinds of candidate, for staff only (the figures behind them are confidential):
- the D-class firms (倒逼整治) of the latest final result set;
- long-idle land: a firm whose firm-years of the latest year with figures and of the year before
  both show land (own or leased above zero), no revenue (营业收入 0 or left empty — a firm that
  reports nothing is listed for staff to check, and the list says which it was) and land not under
  construction. `idle_years` counts how many consecutive years, back from the latest, it has been so.

A space opened from a candidate is written through spaces.services (the spaces' one write path) as
an unpublished renewal space with the name, zone, status and area staff give; the firm's name is in
no field of it. Its internal notes (never shown on the site) name the firm-year record by number,
which only the roles that may read firm-years can open, so a space's readers learn nothing of the
firm from it.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext

from efficiency.models import FirmClass, FirmYear, Result, ResultSet

IDLE_YEARS_MIN = 2
NOTE_MARK = "亩均评价记录 #"  # how a space's internal note names the firm-year it was opened from


def idle_q() -> Q:
    """A firm-year with land, no revenue and its land not under construction."""
    has_land = Q(land_own_mu__gt=0) | Q(land_leased_mu__gt=0)
    no_revenue = Q(revenue__isnull=True) | Q(revenue=0)
    return has_land & no_revenue & Q(under_construction=False)


@dataclass
class IdleFirm:
    firm_year: FirmYear
    idle_years: int
    opened_spaces: list = field(default_factory=list)  # the spaces already opened from it


@dataclass
class Candidates:
    result_set: ResultSet | None = None
    d_class: list[Result] = field(default_factory=list)  # each with `opened_spaces`, as IdleFirm
    year: int | None = None  # the latest year with figures
    idle: list[IdleFirm] = field(default_factory=list)


def latest_final_set() -> ResultSet | None:
    return ResultSet.objects.final().select_related("rule_set").order_by("-rule_set__year", "-version").first()


def idle_firms(year: int) -> list[IdleFirm]:
    """The firms idle in `year` and at least the year before it, with the length of their idle run."""
    idle = list(
        FirmYear.objects.filter(idle_q(), year__lte=year, year__gt=year - 30)
        .order_by("credit_code", "-year")
        .values_list("credit_code", "year", "id")
    )
    runs: dict[str, tuple[int, int]] = {}  # code → (run length back from `year`, the latest firm-year's id)
    for code, row_year, pk in idle:
        if code not in runs:
            if row_year == year:
                runs[code] = (1, pk)
            continue
        length, latest = runs[code]
        if row_year == year - length:
            runs[code] = (length + 1, latest)
    kept = {latest: length for length, latest in runs.values() if length >= IDLE_YEARS_MIN}
    rows = FirmYear.objects.filter(pk__in=kept).select_related("enterprise").order_by("name", "credit_code")
    return [IdleFirm(firm_year=row, idle_years=kept[row.pk]) for row in rows]


def spaces_opened(firm_year_ids) -> dict[int, list]:
    """The spaces opened from these firm-years, found by their internal notes' mark (one query)."""
    from spaces.models import Space

    wanted = {int(pk) for pk in firm_year_ids}
    found: dict[int, list] = {}
    if not wanted:
        return found
    for space in Space.objects.filter(internal_notes__contains=NOTE_MARK).only("pk", "code", "name", "internal_notes"):
        for pk in wanted:
            if f"{NOTE_MARK}{pk}]" in space.internal_notes:
                found.setdefault(pk, []).append(space)
    return found


def renewal_candidates() -> Candidates:
    candidates = Candidates(result_set=latest_final_set())
    if candidates.result_set is not None:
        candidates.d_class = list(
            Result.objects.filter(result_set=candidates.result_set, firm_class=FirmClass.D)
            .select_related("firm_year")
            .order_by("group_code", "rank", "name")
        )
    candidates.year = FirmYear.objects.order_by("-year").values_list("year", flat=True).first()
    if candidates.year is not None:
        candidates.idle = idle_firms(candidates.year)
    opened = spaces_opened([r.firm_year_id for r in candidates.d_class] + [i.firm_year.pk for i in candidates.idle])
    for result in candidates.d_class:
        result.opened_spaces = opened.get(result.firm_year_id, [])
    for idle in candidates.idle:
        idle.opened_spaces = opened.get(idle.firm_year.pk, [])
    return candidates


def renewal_note(firm_year: FirmYear) -> str:
    url = reverse("admin:efficiency_firmyear_change", args=[firm_year.pk])
    return gettext(
        "腾笼换鸟: opened from a renewal candidate of the 亩均 evaluation ([%(mark)s%(id)s] %(url)s, "
        "readable by the efficiency officer only)."
    ) % {"mark": NOTE_MARK, "id": firm_year.pk, "url": url}


@transaction.atomic
def renewal_space_open(*, firm_year: FirmYear, name: str, zone, status: str, area_mu: Decimal | None = None, user=None):
    """An unpublished renewal space for a candidate's site, through the spaces' write path."""
    from spaces.models import Space
    from spaces.services import space_save

    space = Space(
        kind=Space.Kind.RENEWAL,
        name=name,
        zone=zone,
        status=status,
        area_mu=area_mu,
        is_published=False,
        internal_notes=renewal_note(firm_year),
    )
    return space_save(space=space, user=user, previous_status=None)
