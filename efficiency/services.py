"""Writes of the 亩均 evaluation: run the engine, put a result set on public notice, finalise it.

A result set goes draft → notice (公示) → final. Running the rule set recomputes its latest set in
place while that set is a draft or on notice (staff correct figures during the notice and run
again); once the latest is final, a run makes a new draft with the next version number. A final
set is frozen: nothing here changes it, and every attempt says so.

Each service is one transaction: a failure leaves the database as it was. The exempt reasons are
written in the site's primary language (Chinese), whatever the language of the request that ran
the engine, so that a set reads the same to everyone.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from efficiency import engine
from efficiency.models import FirmYear, Objection, Result, ResultSet, RuleSet
from efficiency.rules import rule_set_problems


def _frozen() -> ValidationError:
    return ValidationError(_("Final sets are frozen; run the evaluation again to make a new version."), code="frozen")


def engine_rules(rule_set: RuleSet) -> engine.Rules:
    """The engine's rules from a saved rule set (3 queries: groups, their indicators and cut-offs, exemptions)."""
    groups = rule_set.groups.prefetch_related("indicators", "cutoffs").order_by("order", "id")
    return engine.Rules(
        year=rule_set.year,
        total_weight=rule_set.total_weight,
        parcel_rule=rule_set.parcel_rule,
        exemptions=tuple(engine.ExemptionRule(kind=e.kind, years=e.years) for e in rule_set.exemptions.all()),
        groups=tuple(
            engine.GroupRule(
                code=group.code,
                name=group.name,
                basis=group.cutoff_basis,
                indicators=tuple(
                    engine.IndicatorRule(
                        measure=i.measure,
                        weight=i.weight,
                        benchmark=i.benchmark,
                        benchmark_value=i.benchmark_value,
                        cap=i.cap,
                    )
                    for i in group.indicators.all()
                ),
                bands=tuple(engine.Band(c.firm_class, c.lower, c.upper) for c in group.cutoffs.all()),
            )
            for group in groups
        ),
    )


def engine_firm(firm_year: FirmYear) -> engine.Firm:
    return engine.Firm(
        credit_code=firm_year.credit_code,
        name=firm_year.name,
        group_code=firm_year.group_code,
        parcel=firm_year.parcel,
        land_mu=firm_year.land_mu,
        **{name: getattr(firm_year, name) for name in engine.FIGURES if name != "land_mu"},
        founded_year=firm_year.founded_year,
        land_supplied_year=firm_year.land_supplied_year,
        under_construction=firm_year.under_construction,
        is_utility=firm_year.is_utility,
    )


def _locked(result_set: ResultSet) -> ResultSet:
    """The set's row as it is now, locked until the transaction ends (two officers, one set)."""
    return ResultSet.objects.select_for_update().select_related("rule_set").get(pk=result_set.pk)


def _compute(result_set: ResultSet, *, user) -> ResultSet:
    """Replace the set's results with a fresh run over its rule set's year."""
    rule_set = result_set.rule_set
    problems = rule_set_problems(rule_set)
    if problems:
        raise ValidationError(problems, code="rules")
    rules = engine_rules(rule_set)
    # Sample rules (示例) evaluate the sample firm-years, the zone's rules the real ones.
    firm_years = list(FirmYear.objects.for_year(rule_set.year).filter(is_demo=rule_set.is_demo).order_by("credit_code"))
    firms = [engine_firm(firm_year) for firm_year in firm_years]
    with translation.override(settings.LANGUAGE_CODE):
        try:
            outcomes = engine.evaluate(rules, firms)
        except engine.EngineError as error:
            raise ValidationError(error.messages, code="input") from error
    result_set.summary = engine.summary(outcomes, firms)
    result_set.computed_at = timezone.now()
    result_set.computed_by = user if user is not None and user.is_authenticated else None
    result_set.full_clean()
    result_set._history_user = result_set.computed_by
    result_set.save()
    result_set.results.all().delete()
    by_code = {firm_year.credit_code: firm_year for firm_year in firm_years}
    rows = []
    for outcome in outcomes:
        firm_year = by_code[outcome.credit_code]
        row = Result(
            result_set=result_set,
            firm_year=firm_year,
            enterprise_id=firm_year.enterprise_id,
            credit_code=outcome.credit_code,
            name=outcome.name,
            group_code=outcome.group_code,
            score=outcome.score,
            rank=outcome.rank,
            group_size=outcome.group_size,
            firm_class=outcome.firm_class,
            exempt_reason=outcome.exempt_reason[: Result._meta.get_field("exempt_reason").max_length],
            terms=[term.as_json() for term in outcome.terms],
        )
        row.clean_fields(exclude=["result_set", "firm_year", "enterprise"])  # no query per row
        rows.append(row)
    Result.objects.bulk_create(rows, batch_size=500)
    return result_set


@transaction.atomic
def resultset_run(*, rule_set: RuleSet, user) -> ResultSet:
    """Run the engine over the rule set's year: recompute the latest set while it is a draft or on
    notice, else (none yet, or the latest is final) make a new draft with the next version.

    Raises ValidationError with every problem of the rules or the figures; nothing is written then.
    """
    rule_set = RuleSet.objects.select_for_update().get(pk=rule_set.pk)  # one run per rule set at a time
    latest = rule_set.result_sets.order_by("-version").first()
    if latest is not None and not latest.is_frozen:
        result_set = latest
    else:
        result_set = ResultSet(rule_set=rule_set, version=(latest.version + 1) if latest else 1)
    return _compute(result_set, user=user)


@transaction.atomic
def resultset_recompute(*, result_set: ResultSet, user) -> ResultSet:
    """Run the engine again for this very set (a draft or a set on notice); a final set refuses."""
    result_set = _locked(result_set)
    if result_set.is_frozen:
        raise _frozen()
    return _compute(result_set, user=user)


@transaction.atomic
def resultset_start_notice(
    *, result_set: ResultSet, starts_on: datetime.date, ends_on: datetime.date, show_classes: bool, user
) -> ResultSet:
    """Put a draft on public notice (公示) from `starts_on` to `ends_on` (both days included)."""
    result_set = _locked(result_set)
    if result_set.is_frozen:
        raise _frozen()
    if result_set.status != ResultSet.Status.DRAFT:
        raise ValidationError(_("Only a draft can be put on public notice."), code="status")
    errors = {}
    if starts_on is None:
        errors["notice_starts_on"] = _("Give the first day of the notice.")
    if ends_on is None:
        errors["notice_ends_on"] = _("Give the last day of the notice.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["notice_ends_on"] = _("The last day of the notice is before its first day.")
    if errors:
        raise ValidationError(errors)
    if not result_set.results.exists():
        raise ValidationError(_("The set has no results: run the evaluation first."), code="empty")
    result_set.status = ResultSet.Status.NOTICE
    result_set.notice_starts_on = starts_on
    result_set.notice_ends_on = ends_on
    result_set.show_classes_during_notice = bool(show_classes)
    result_set.full_clean()
    result_set._history_user = user if user is not None and user.is_authenticated else None
    result_set.save()
    return result_set


@transaction.atomic
def resultset_finalise(*, result_set: ResultSet, user, today: datetime.date | None = None) -> ResultSet:
    """Make a set on notice final (frozen): only once the notice has ended and no objection is open."""
    result_set = _locked(result_set)
    if result_set.is_frozen:
        raise _frozen()
    if result_set.status != ResultSet.Status.NOTICE:
        raise ValidationError(_("Only a set on public notice can be finalised."), code="status")
    today = today or timezone.localdate()
    if today <= result_set.notice_ends_on:
        raise ValidationError(
            _("The notice runs until %(date)s; finalise the set after that day.") % {"date": result_set.notice_ends_on},
            code="notice_running",
        )
    open_count = Objection.objects.open().filter(result_set=result_set).count()
    if open_count:
        raise ValidationError(
            translation.ngettext(
                "%(count)d objection is still open; resolve it first.",
                "%(count)d objections are still open; resolve them first.",
                open_count,
            )
            % {"count": open_count},
            code="objections_open",
        )
    result_set.status = ResultSet.Status.FINAL
    result_set.finalised_at = timezone.now()
    result_set.finalised_by = user if user is not None and user.is_authenticated else None
    result_set.full_clean()
    result_set._history_user = result_set.finalised_by
    result_set.save()
    return result_set
