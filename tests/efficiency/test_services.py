"""Running the evaluation and moving a result set through notice to final; a final set stays frozen."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from efficiency.models import Exemption, FirmYear, Measure, Objection, Result, ResultSet
from efficiency.services import resultset_finalise, resultset_recompute, resultset_run, resultset_start_notice
from tests.efficiency.builders import code, make_firm_year, make_rule_set

pytestmark = pytest.mark.django_db
D = Decimal
TAX_ONLY = ((Measure.TAX_PER_MU, 100),)
START, END = datetime.date(2025, 6, 10), datetime.date(2025, 6, 16)
AFTER = datetime.date(2025, 6, 17)


@pytest.fixture
def officer(db):
    return get_user_model().objects.create_user("officer", password="x", is_staff=True)  # noqa: S106


@pytest.fixture
def rule_set(db):
    return make_rule_set(groups=(("industry-above", TAX_ONLY),), exemptions=[(Exemption.Kind.FOUNDED_WITHIN, 2)])


def _firms(count=4):
    return [make_firm_year(n, tax=100 * n) for n in range(1, count + 1)]


def _on_notice(result_set, officer, **kwargs):
    return resultset_start_notice(
        result_set=result_set, starts_on=START, ends_on=END, show_classes=kwargs.get("show", True), user=officer
    )


def _objection(result_set, status=Objection.Status.NEW):
    now = timezone.now()
    return Objection.objects.create(
        reference=f"YY-{Objection.objects.count() + 1}",
        result_set=result_set,
        credit_code=code(1),
        contact_name="张三",
        reason="数据有误",
        consent_at=now,
        due_at=now + datetime.timedelta(days=5),
        status=status,
        resolved_at=None if status in (Objection.Status.NEW, Objection.Status.REVIEWING) else now,
    )


def test_run_makes_a_draft_with_a_result_per_firm(rule_set, officer):
    _firms()
    make_firm_year(9, founded_year=2024)
    make_firm_year(10, group_code="mystery")
    result_set = resultset_run(rule_set=rule_set, user=officer)
    assert (result_set.version, result_set.status) == (1, ResultSet.Status.DRAFT)
    assert result_set.computed_by == officer and result_set.computed_at is not None
    results = {r.credit_code: r for r in result_set.results.all()}
    assert len(results) == 6
    top = results[code(4)]
    assert (top.score, top.rank, top.group_size, top.firm_class) == (D("160.0000"), 1, 4, "A")  # 40 / 25 × 100
    assert top.terms[0]["measure"] == "tax_per_mu" and top.terms[0]["benchmark"] == "25.0000"
    assert results[code(9)].exempt_reason == "成立未满 2 年" and results[code(9)].score is None
    assert results[code(10)].exempt_reason == "评价办法中没有“mystery”分组"
    assert result_set.summary["firms"] == 4 and result_set.summary["exempt"] == 2
    assert result_set.summary["classes"] == {"A": 1, "B": 2, "C": 1, "D": 0}
    assert result_set.history.count() == 1
    assert result_set.history.first().history_user == officer


def test_exempt_reasons_are_stored_in_chinese_whatever_the_request_language(rule_set, officer):
    from django.utils import translation

    make_firm_year(1, founded_year=2024)
    with translation.override("en"):
        result_set = resultset_run(rule_set=rule_set, user=officer)
    assert result_set.results.get().exempt_reason == "成立未满 2 年"


def test_rules_with_problems_are_refused_and_nothing_is_written(officer):
    broken = make_rule_set(groups=(("industry-above", ((Measure.TAX_PER_MU, 90),)),))
    _firms()
    with pytest.raises(ValidationError) as raised:
        resultset_run(rule_set=broken, user=officer)
    assert "90" in raised.value.messages[0]
    assert not ResultSet.objects.exists()


def test_re_running_a_draft_recomputes_it_in_place(rule_set, officer):
    firms = _firms()
    first = resultset_run(rule_set=rule_set, user=officer)
    FirmYear.objects.filter(pk=firms[0].pk).update(tax=D(1000))
    again = resultset_run(rule_set=rule_set, user=officer)
    assert again.pk == first.pk and again.version == 1
    assert ResultSet.objects.count() == 1 and Result.objects.count() == 4
    assert Result.objects.get(credit_code=code(1)).rank == 1


def test_notice_then_an_objection_then_a_corrected_run_then_final(rule_set, officer):
    firms = _firms()
    result_set = _on_notice(resultset_run(rule_set=rule_set, user=officer), officer)
    assert result_set.status == ResultSet.Status.NOTICE and result_set.show_classes_during_notice
    objection = _objection(result_set)
    with pytest.raises(ValidationError, match="1 件异议未办结"):
        resultset_finalise(result_set=result_set, user=officer, today=AFTER)
    # The objection is upheld: the figures are corrected and the set on notice is run again, in place.
    FirmYear.objects.filter(pk=firms[0].pk).update(tax=D(1000))
    rerun = resultset_run(rule_set=rule_set, user=officer)
    assert rerun.pk == result_set.pk and rerun.status == ResultSet.Status.NOTICE
    assert rerun.results.get(credit_code=code(1)).firm_class == "A"
    Objection.objects.filter(pk=objection.pk).update(status=Objection.Status.UPHELD, resolved_at=timezone.now())
    final = resultset_finalise(result_set=rerun, user=officer, today=AFTER)
    assert final.status == ResultSet.Status.FINAL and final.finalised_by == officer and final.is_frozen


def test_finalise_waits_for_the_notice_to_end(rule_set, officer):
    _firms()
    result_set = _on_notice(resultset_run(rule_set=rule_set, user=officer), officer)
    with pytest.raises(ValidationError, match="2025-06-16"):
        resultset_finalise(result_set=result_set, user=officer, today=END)
    assert resultset_finalise(result_set=result_set, user=officer, today=AFTER).status == ResultSet.Status.FINAL


def test_only_a_draft_goes_on_notice_and_only_with_dates_in_order(rule_set, officer):
    _firms()
    draft = resultset_run(rule_set=rule_set, user=officer)
    with pytest.raises(ValidationError) as raised:
        resultset_start_notice(result_set=draft, starts_on=END, ends_on=START, show_classes=False, user=officer)
    assert "notice_ends_on" in raised.value.message_dict
    with pytest.raises(ValidationError, match="只有公示中的结果才能定稿"):
        resultset_finalise(result_set=draft, user=officer, today=AFTER)
    on_notice = _on_notice(draft, officer)
    with pytest.raises(ValidationError, match="只有草稿才能进入公示"):
        _on_notice(on_notice, officer)


def test_an_empty_set_cannot_go_on_notice(rule_set, officer):
    draft = resultset_run(rule_set=rule_set, user=officer)
    with pytest.raises(ValidationError, match="请先运行评价"):
        _on_notice(draft, officer)


def test_a_final_set_is_frozen_and_a_new_run_makes_the_next_version(rule_set, officer):
    firms = _firms()
    final = resultset_finalise(
        result_set=_on_notice(resultset_run(rule_set=rule_set, user=officer), officer), user=officer, today=AFTER
    )
    frozen = list(final.results.values_list("credit_code", "score", "firm_class"))
    for attempt in (
        lambda: resultset_recompute(result_set=final, user=officer),
        lambda: _on_notice(final, officer),
        lambda: resultset_finalise(result_set=final, user=officer, today=AFTER),
    ):
        with pytest.raises(ValidationError, match="终版结果已冻结"):
            attempt()
    FirmYear.objects.filter(pk=firms[0].pk).update(tax=D(1000))
    second = resultset_run(rule_set=rule_set, user=officer)
    assert (second.version, second.status) == (2, ResultSet.Status.DRAFT)
    assert list(final.results.values_list("credit_code", "score", "firm_class")) == frozen
    assert second.results.get(credit_code=code(1)).rank == 1


def test_recompute_a_draft_directly(rule_set, officer):
    _firms()
    draft = resultset_run(rule_set=rule_set, user=officer)
    assert resultset_recompute(result_set=draft, user=officer).pk == draft.pk


def test_sample_rules_evaluate_only_sample_firms_and_real_rules_only_real_ones(rule_set, officer):
    _firms(2)
    FirmYear.objects.create(
        year=2024,
        credit_code=code(50),
        name="示例",
        group_code="industry-above",
        land_own_mu=D(10),
        tax=D(1),
        is_demo=True,
    )
    real = resultset_run(rule_set=rule_set, user=officer)
    assert sorted(real.results.values_list("credit_code", flat=True)) == [code(1), code(2)]
    sample_rules = make_rule_set(groups=(("industry-above", TAX_ONLY),), is_demo=True)
    sample = resultset_run(rule_set=sample_rules, user=None)
    assert list(sample.results.values_list("credit_code", flat=True)) == [code(50)]
    assert sample.computed_by is None


def test_a_run_reads_as_many_queries_for_40_firms_as_for_5(rule_set, officer):
    counts = []
    for numbers in (range(1, 6), range(6, 41)):
        for number in numbers:
            make_firm_year(number, tax=10 * number)
        with CaptureQueriesContext(connection) as context:
            resultset_run(rule_set=rule_set, user=officer)
        counts.append(len(context))
    assert counts[0] == counts[1] <= 26
