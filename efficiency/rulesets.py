"""Rule sets beyond the admin's own form: when they are frozen, and a copy to change the rules for another evaluation.

A rule set that a final result set used is frozen (its rules are the record of how that result was
reached), so changing the rules means copying it: the copy has the same groups, indicators, class
bands and exemptions, and is marked as a copy in its name until staff rename it.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext

from efficiency.models import ResultSet, RuleSet


def final_sets(rule_set: RuleSet) -> list[ResultSet]:
    """The final result sets that used the rule set: while there is one, its rules may no longer change."""
    return list(rule_set.result_sets.final().order_by("version")) if rule_set.pk else []


def frozen_expression(rule_set_ref: str = "pk") -> Exists:
    """The same rule as a query expression (annotate a rule set, or a row pointing at one, with it)."""
    return Exists(ResultSet.objects.final().filter(rule_set=OuterRef(rule_set_ref)))


@transaction.atomic
def rule_set_copy(*, rule_set: RuleSet, user=None) -> RuleSet:
    groups = list(rule_set.groups.prefetch_related("indicators", "cutoffs"))
    exemptions = list(rule_set.exemptions.all())
    copy = RuleSet(
        name=gettext("%(name)s (copy)") % {"name": rule_set.name},
        name_en=rule_set.name_en,
        number=rule_set.number,
        year=rule_set.year,
        total_weight=rule_set.total_weight,
        parcel_rule=rule_set.parcel_rule,
        notes=rule_set.notes,
        is_demo=rule_set.is_demo,
    )
    copy.name = copy.name[: RuleSet._meta.get_field("name").max_length]
    copy._history_user = user
    copy._change_reason = gettext("Copied from %(source)s") % {"source": rule_set}
    copy.full_clean()
    copy.save()
    for group in groups:
        indicators, cutoffs = list(group.indicators.all()), list(group.cutoffs.all())
        group.pk, group.rule_set, group._state.adding = None, copy, True
        group.save()
        for row in [*indicators, *cutoffs]:
            row.pk, row.group, row._state.adding = None, group, True
            row.save()
    for exemption in exemptions:
        exemption.pk, exemption.rule_set, exemption._state.adding = None, copy, True
        exemption.save()
    return copy
