"""Properties of the 亩均 engine over generated firms: monotone in tax, never negative, every scored
firm classed, the same whatever the order."""

import dataclasses
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from efficiency.engine import Firm, evaluate
from efficiency.models import Exemption, Indicator, RuleSet
from tests.efficiency.builders import LARGE, code, group, rules

D = Decimal
SMALL = "industry-below"


def money(max_value=100000, places=2):
    return st.one_of(
        st.none(),
        st.decimals(min_value=0, max_value=max_value, places=places, allow_nan=False, allow_infinity=False),
    )


@st.composite
def firms(draw):
    count = draw(st.integers(min_value=1, max_value=12))
    made = []
    for number in range(1, count + 1):
        made.append(
            Firm(
                credit_code=code(number),
                group_code=draw(st.sampled_from([LARGE, LARGE, SMALL])),
                parcel=draw(st.sampled_from(["", "", "", "P1", "P2"])),
                land_mu=draw(money(500, 4)),
                tax=draw(money()),
                value_added=draw(money()),
                revenue=draw(money(500000)),
                energy_tce=draw(money(50000, 3)),
                emission_t=draw(money(1000, 4)),
                electricity_kwh=draw(money(10**8, 0)),
                headcount=draw(st.one_of(st.none(), st.integers(min_value=0, max_value=5000))),
                rd_spending=draw(money()),
                founded_year=draw(st.one_of(st.none(), st.integers(min_value=1990, max_value=2024))),
                under_construction=draw(st.booleans()),
            )
        )
    return made


@st.composite
def rule_sets(draw):
    benchmark = draw(st.sampled_from([Indicator.Benchmark.MEAN, Indicator.Benchmark.MEDIAN, Indicator.Benchmark.FIXED]))
    value = D(draw(st.sampled_from(["0.8", "1", "1.5", "20"])))
    cap = draw(st.sampled_from([None, D("1.5"), D(3)]))
    return rules(
        group(benchmark=benchmark, value=value, cap=cap),
        group(SMALL, indicators=(("tax_per_mu", 50), ("tax_per_kwh", 50)), benchmark=benchmark, value=value, cap=cap),
        exemptions=[(Exemption.Kind.FOUNDED_WITHIN, 2), (Exemption.Kind.UNDER_CONSTRUCTION, None)],
        parcel_rule=draw(st.sampled_from(RuleSet.ParcelRule.values)),
    )


@settings(max_examples=100, deadline=None)
@given(rule_sets(), firms(), st.data())
def test_raising_a_firms_tax_never_lowers_its_score(the_rules, the_firms, data):
    index = data.draw(st.integers(min_value=0, max_value=len(the_firms) - 1))
    firm = the_firms[index]
    more = data.draw(st.decimals(min_value="0.01", max_value=100000, places=2))
    raised = dataclasses.replace(firm, tax=(firm.tax or D(0)) + more)
    before = {o.credit_code: o for o in evaluate(the_rules, the_firms)}[firm.credit_code]
    after = {o.credit_code: o for o in evaluate(the_rules, [*the_firms[:index], raised, *the_firms[index + 1 :]])}[
        firm.credit_code
    ]
    assert before.scored == after.scored
    if before.scored:
        assert after.score >= before.score


@settings(max_examples=100, deadline=None)
@given(rule_sets(), firms())
def test_scores_are_never_negative_and_every_scored_firm_has_a_class(the_rules, the_firms):
    outcomes = evaluate(the_rules, the_firms)
    assert sorted(o.credit_code for o in outcomes) == sorted(f.credit_code for f in the_firms)
    for outcome in outcomes:
        if outcome.scored:
            assert outcome.score >= 0
            assert outcome.firm_class in "ABCD" and outcome.firm_class
            assert 1 <= outcome.rank <= outcome.group_size
            assert not outcome.exempt_reason
            assert outcome.score == sum(term.contribution for term in outcome.terms)
        else:
            assert outcome.exempt_reason and not outcome.firm_class


@settings(max_examples=50, deadline=None)
@given(rule_sets(), firms(), st.randoms(use_true_random=False))
def test_the_order_of_the_firms_does_not_matter(the_rules, the_firms, rng):
    shuffled = the_firms[:]
    rng.shuffle(shuffled)
    assert evaluate(the_rules, shuffled) == evaluate(the_rules, the_firms)
