"""Builders for the 亩均 evaluation's admin tests and for the registry-wide admin tests (make_rows):
rule sets that pass efficiency.rules, firm-years that pass efficiency.firmyears' checks, result sets
and results as the engine leaves them (written directly, never by running it), and objections."""

import datetime
import itertools
from decimal import Decimal

import factory
from django.utils import timezone

from core.validators import CREDIT_CODE_CHARS, credit_code_check_char
from efficiency.models import (
    ClassCutoff,
    Exemption,
    FirmYear,
    Indicator,
    Objection,
    ObjectionMail,
    ObjectionNote,
    ObjectionStatusLog,
    Result,
    ResultSet,
    RuleGroup,
    RuleSet,
)

_codes = itertools.count(1)


def credit_code(n: int | None = None) -> str:
    """A valid unified social credit code, a different one for each call (or each `n`)."""
    n = next(_codes) if n is None else n
    serial = ""
    for _ in range(9):
        serial = CREDIT_CODE_CHARS[n % 31] + serial
        n //= 31
    first17 = "91330110" + serial
    return first17 + credit_code_check_char(first17)


class RuleSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RuleSet

    name = factory.Sequence(lambda n: f"钱开区工业企业亩均效益综合评价办法{n}")
    number = "钱开管〔2025〕3号"
    year = 2024


class RuleGroupFactory(factory.django.DjangoModelFactory):
    """A group that passes the rules: 亩均税收 60 + 亩均增加值 40, and A/B/C/D by rank 0–20–60–95–100."""

    class Meta:
        model = RuleGroup
        skip_postgeneration_save = True

    rule_set = factory.SubFactory(RuleSetFactory)
    code = factory.Sequence(lambda n: f"gsgy{n}")
    name = factory.Sequence(lambda n: f"规上工业{n}")

    @factory.post_generation
    def rules(group, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        Indicator.objects.create(group=group, measure="tax_per_mu", weight=Decimal("60"))
        Indicator.objects.create(group=group, measure="value_added_per_mu", weight=Decimal("40"), order=1)
        for firm_class, lower, upper in (("A", 0, 20), ("B", 20, 60), ("C", 60, 95), ("D", 95, 100)):
            ClassCutoff.objects.create(group=group, firm_class=firm_class, lower=lower, upper=upper)


def rule_set_with_group(**fields) -> RuleSet:
    rule_set = RuleSetFactory(**fields)
    RuleGroupFactory(rule_set=rule_set, code="gsgy", name="规上工业")
    Exemption.objects.create(rule_set=rule_set, kind=Exemption.Kind.FOUNDED_WITHIN, years=2)
    return rule_set


class FirmYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FirmYear

    year = 2024
    credit_code = factory.LazyFunction(credit_code)
    name = factory.Sequence(lambda n: f"杭州测试制造有限公司{n}")
    group_code = "gsgy"
    parcel = ""
    land_own_mu = Decimal("20.5")
    tax = Decimal("640.00")
    value_added = Decimal("2100.00")
    revenue = Decimal("9800.00")
    energy_tce = Decimal("420.000")
    electricity_kwh = Decimal("1500000")
    headcount = 120
    rd_spending = Decimal("310.00")
    founded_year = 2010
    contact_name = "李经理"
    contact_phone = "0571-86000000"
    contact_email = "finance@example.com"


class ResultSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResultSet

    rule_set = factory.SubFactory(RuleSetFactory)
    version = 1
    status = ResultSet.Status.DRAFT
    computed_at = factory.LazyFunction(timezone.now)
    summary = factory.LazyFunction(
        lambda: {
            "firms": 2,
            "exempt": 1,
            "classes": {"A": 1, "B": 0, "C": 0, "D": 1},
            "land_mu": "41.00",
            "tax_per_mu": "31.22",
            "value_added_per_mu": "102.44",
        }
    )

    class Params:
        on_notice = factory.Trait(
            status=ResultSet.Status.NOTICE,
            notice_starts_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=2)),
            notice_ends_on=factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=4)),
        )
        final = factory.Trait(
            status=ResultSet.Status.FINAL,
            notice_starts_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30)),
            notice_ends_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=23)),
            finalised_at=factory.LazyFunction(timezone.now),
        )


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Result

    result_set = factory.SubFactory(ResultSetFactory)
    firm_year = factory.SubFactory(FirmYearFactory, year=factory.SelfAttribute("..result_set.rule_set.year"))
    enterprise = factory.SelfAttribute("firm_year.enterprise")
    credit_code = factory.SelfAttribute("firm_year.credit_code")
    name = factory.SelfAttribute("firm_year.name")
    group_code = factory.SelfAttribute("firm_year.group_code")
    score = Decimal("87.5000")
    rank = 1
    group_size = 2
    firm_class = "A"
    terms = factory.LazyFunction(
        lambda: [
            {
                "measure": "tax_per_mu",
                "value": "31.22",
                "benchmark": "25.00",
                "weight": "60",
                "contribution": "74.93",
                "capped": False,
            },
            {
                "measure": "value_added_per_mu",
                "value": "102.44",
                "benchmark": "110.00",
                "weight": "40",
                "contribution": "37.25",
                "capped": False,
            },
        ]
    )


_references = itertools.count(1)


class ObjectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objection

    reference = factory.LazyFunction(lambda: f"YY2025-{next(_references):05d}")
    result_set = factory.SubFactory(ResultSetFactory, on_notice=True)
    firm_year = factory.SubFactory(FirmYearFactory, year=factory.SelfAttribute("..result_set.rule_set.year"))
    credit_code = factory.SelfAttribute("firm_year.credit_code")
    contact_name = "王小明"
    phone = "13800001111"
    email = "filer@example.net"
    reason = "我司自有用地面积填报有误。"
    consent_at = factory.LazyFunction(timezone.now)
    due_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))


def make_efficiency_rows(n: int) -> None:
    """Rows of every efficiency model registered in the admin, `n` of each kind: the first rule set,
    group and result set still in draft (so that the role matrix opens editable ones), an unmatched
    firm-year beside each matched one, and an objection with a note, a status change and a mail."""
    from tests.factories import EnterpriseFactory

    for _ in range(n):
        rule_set = rule_set_with_group()
        result_set = ResultSetFactory(rule_set=rule_set)
        enterprise = EnterpriseFactory(credit_code=credit_code())
        matched = FirmYearFactory(enterprise=enterprise, credit_code=enterprise.credit_code)
        ResultFactory(result_set=result_set, firm_year=matched)
        ResultFactory(result_set=result_set, firm_class="", score=None, rank=None, exempt_reason="成立未满2年")
        objection = ObjectionFactory(result_set=ResultSetFactory(rule_set=rule_set_with_group(), on_notice=True))
        ObjectionNote.objects.create(objection=objection, text="已电话联系企业。")
        ObjectionStatusLog.objects.create(objection=objection, from_stage="new", to_stage="reviewing")
        ObjectionMail.objects.create(objection=objection, kind=ObjectionMail.Kind.RECEIVED)
