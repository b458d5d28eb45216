"""Firm-year figures: the checks they pass and their one write path (the admin and the spreadsheet import).

The figures are confidential (efficiency.models): only the efficiency officer and the administrator
read or write them. Each figure has a floor of zero on the model; the ceilings below catch a value
typed in the wrong unit (元 for 万元, m² for 亩) or with a stray digit, and the land rule catches a
firm that could never be scored per 亩.

Land: a firm whose own plus leased land is zero or not given is refused, unless its land is still
under construction or it is a public utility — the two cases a rule set may exempt without land
(efficiency.models.Exemption). Every other firm is scored per 亩 and needs its land.

A firm-year is matched to the enterprise whose unified social credit code it carries (normalised
as core.validators does). When no enterprise holds that code, or more than one does, the row is
kept with no enterprise and listed as unmatched (the admin's filter 'unmatched'): never dropped.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from core.bulk import bulk_save_with_history
from core.validators import normalise_credit_code
from efficiency.models import FirmYear, RuleGroup

# The largest plausible value of each figure, in the model's unit. Larger is a typing error.
MAXIMA = {
    "land_own_mu": Decimal("100000"),  # 亩 (about 67 km²: more than the whole zone)
    "land_leased_mu": Decimal("100000"),
    "tax": Decimal("100000000"),  # 万元 (1 万亿元)
    "value_added": Decimal("1000000000"),  # 万元
    "revenue": Decimal("1000000000"),  # 万元
    "rd_spending": Decimal("100000000"),  # 万元
    "energy_tce": Decimal("100000000"),  # tonnes of coal equivalent
    "emission_t": Decimal("10000000"),  # tonnes
    "electricity_kwh": Decimal("1000000000000"),  # kWh
    "headcount": 1_000_000,
}


def firm_year_problems(firm_year: FirmYear) -> dict[str, list[str]]:
    """What is wrong with a firm-year's figures beyond the model's own validation, by field name."""
    problems: dict[str, list[str]] = {}

    def add(field, message):
        problems.setdefault(field, []).append(message)

    for field, ceiling in MAXIMA.items():
        value = getattr(firm_year, field)
        if value is not None and value > ceiling:
            label = FirmYear._meta.get_field(field).verbose_name
            add(
                field,
                gettext("%(value)s is not a plausible %(label)s (at most %(max)s): check the unit and the digits.")
                % {"value": value, "label": label, "max": f"{ceiling:,}"},
            )
    land = firm_year.land_mu
    if (land is None or land == 0) and not (firm_year.under_construction or firm_year.is_utility):
        add(
            "land_own_mu",
            gettext(
                "Zero land area: give the own or leased land in mu. Only a firm whose land is under "
                "construction or a public utility may have none."
            ),
        )
    for field in ("founded_year", "land_supplied_year"):
        value = getattr(firm_year, field)
        if value is not None and firm_year.year and value > firm_year.year:
            add(
                field,
                gettext("%(value)s is after the evaluation year %(year)s.") % {"value": value, "year": firm_year.year},
            )
    return problems


def group_codes_by_year(years) -> dict[int, dict[str, str]]:
    """{year: {code or name, case-folded: code}} of the groups of every rule set of those years."""
    table: dict[int, dict[str, str]] = {}
    rows = RuleGroup.objects.filter(rule_set__year__in=list(years)).values_list("rule_set__year", "code", "name")
    for year, code, name in rows:
        names = table.setdefault(year, {})
        names[code.casefold()] = code
        names.setdefault(name.casefold(), code)
    return table


def enterprise_ids_by_code(codes) -> dict[str, int]:
    """{credit code: enterprise id} for the codes exactly one enterprise holds (one query)."""
    from django.db.models import Count, Min

    enterprise_model = FirmYear._meta.get_field("enterprise").related_model
    wanted = {normalise_credit_code(code) for code in codes if code}
    rows = (
        enterprise_model.objects.filter(credit_code__in=wanted)
        .values("credit_code")
        .annotate(n=Count("id"), first=Min("id"))
    )
    return {row["credit_code"]: row["first"] for row in rows if row["n"] == 1}


def firm_year_prepare(firm_year: FirmYear, *, matches: dict[str, int] | None = None) -> FirmYear:
    """The normalised credit code and the enterprise that holds it (None when none or several do)."""
    firm_year.credit_code = normalise_credit_code(firm_year.credit_code)
    if matches is None:
        matches = enterprise_ids_by_code([firm_year.credit_code])
    firm_year.enterprise_id = matches.get(firm_year.credit_code)
    return firm_year


def firm_year_check(firm_year: FirmYear) -> None:
    """The model's validation and the checks above, as one ValidationError by field."""
    errors: dict[str, list] = {}
    try:
        firm_year.full_clean()
    except ValidationError as error:
        errors = error.message_dict
    for field, messages in firm_year_problems(firm_year).items():
        errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def firm_year_save(*, firm_year: FirmYear, user=None, note: str = "") -> FirmYear:
    """Validate, match to its enterprise and save one firm-year (the admin's form)."""
    firm_year_prepare(firm_year)
    firm_year_check(firm_year)
    firm_year._history_user = user
    if note:
        firm_year._change_reason = note
    firm_year.save()
    return firm_year


@transaction.atomic
def firm_years_save_many(*, firm_years: list[FirmYear], user=None, note: str = "", validate: bool = True):
    """`firm_year_save` for many rows at once (the spreadsheet import), one history record each."""
    matches = enterprise_ids_by_code([f.credit_code for f in firm_years])
    for firm_year in firm_years:
        firm_year_prepare(firm_year, matches=matches)
        if validate:
            firm_year_check(firm_year)
    bulk_save_with_history(FirmYear, firm_years, user=user, note=note)
    return firm_years
