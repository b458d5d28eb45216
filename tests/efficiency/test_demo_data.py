"""`generate_demo_data --efficiency N`: sample rules and firms, a final and a notice set, all removable."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from core.validators import validate_credit_code
from efficiency.models import FirmYear, Result, ResultSet, RuleSet
from efficiency.rules import rule_set_problems
from enterprises.models import Enterprise
from portal.demo.efficiency import CREDIT_CODE_PREFIX, RULE_SET_NAME, demo_efficiency_generate, demo_efficiency_remove
from tests.efficiency.builders import make_firm_year, make_rule_set

pytestmark = pytest.mark.django_db


def _command(**kwargs):
    call_command("generate_demo_data", stdout=open("/dev/null", "w"), **kwargs)  # noqa: SIM115


def test_sample_firms_rules_and_result_sets():
    _command(efficiency=30)
    today = datetime.date.today()
    samples = FirmYear.objects.filter(is_demo=True)
    assert samples.values("credit_code").distinct().count() == 30
    assert set(samples.values_list("year", flat=True)) == {today.year - 2, today.year - 1}
    assert all(name.startswith("示例") for name in samples.values_list("name", flat=True))
    for credit_code in samples.values_list("credit_code", flat=True)[:10]:
        validate_credit_code(credit_code)
    assert samples.values("group_code").distinct().count() == 3
    assert samples.exclude(parcel="").values("year", "parcel").distinct().count() < samples.count()  # a shared parcel
    rule_sets = RuleSet.objects.filter(is_demo=True)
    assert sorted(rule_sets.values_list("year", flat=True)) == [today.year - 2, today.year - 1]
    assert set(rule_sets.values_list("name", flat=True)) == {RULE_SET_NAME}
    assert all(rule_set_problems(rule_set) == [] for rule_set in rule_sets)
    final = ResultSet.objects.get(rule_set__year=today.year - 2)
    notice = ResultSet.objects.get(rule_set__year=today.year - 1)
    assert final.status == ResultSet.Status.FINAL and notice.status == ResultSet.Status.NOTICE
    assert notice.notice_starts_on <= today <= notice.notice_ends_on and notice.show_classes_during_notice
    for result_set in (final, notice):
        assert result_set.summary["firms"] > 0 and sum(result_set.summary["classes"].values()) > 0
    assert Result.objects.exclude(exempt_reason="").exists()


def test_a_few_sample_firms_match_sample_enterprises_never_real_ones(seeded):
    real = set(Enterprise.objects.filter(is_demo=False).values_list("pk", "credit_code"))
    _command(enterprises=10)
    _command(efficiency=30)
    matched = FirmYear.objects.filter(is_demo=True, enterprise__isnull=False)
    assert matched.exists()
    assert not matched.filter(enterprise__is_demo=False).exists()
    for firm_year in matched:
        assert firm_year.enterprise.credit_code == firm_year.credit_code
    assert set(Enterprise.objects.filter(is_demo=False).values_list("pk", "credit_code")) == real


def test_real_firm_years_are_left_out_and_kept():
    real_rules = make_rule_set(year=datetime.date.today().year - 1)
    real = make_firm_year(1, year=datetime.date.today().year - 1)
    _command(efficiency=5)
    assert not Result.objects.filter(firm_year=real).exists()
    _command(remove=True)
    assert FirmYear.objects.get() == real and RuleSet.objects.get() == real_rules


def test_remove_deletes_every_sample_row_and_clears_the_codes_it_gave(seeded):
    _command(enterprises=10)
    _command(efficiency=30)
    assert Enterprise.objects.filter(credit_code__startswith=CREDIT_CODE_PREFIX).exists()
    demo_efficiency_remove()
    assert not FirmYear.objects.exists() and not RuleSet.objects.exists() and not ResultSet.objects.exists()
    assert not Enterprise.objects.filter(credit_code__startswith=CREDIT_CODE_PREFIX).exists()
    _command(efficiency=3)
    _command(remove=True)
    assert not FirmYear.objects.exists() and not Enterprise.objects.filter(is_demo=True).exists()


def test_a_second_run_adds_firms_and_keeps_one_set_on_notice():
    demo_efficiency_generate(count=5)
    demo_efficiency_generate(count=5)
    assert FirmYear.objects.filter(is_demo=True).values("credit_code").distinct().count() == 10
    assert ResultSet.objects.filter(status=ResultSet.Status.NOTICE).count() == 1
    assert ResultSet.objects.filter(status=ResultSet.Status.FINAL).count() == 2  # a new version after the first


def test_if_none_adds_nothing_when_samples_exist():
    _command(efficiency=5, if_none=True)
    _command(efficiency=5, if_none=True)
    assert FirmYear.objects.filter(is_demo=True).values("credit_code").distinct().count() == 5


def test_refuses_a_negative_count():
    with pytest.raises(CommandError):
        _command(efficiency=-1)
