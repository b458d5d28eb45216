"""The 亩均 engine against hand-computed examples, and each of its documented decisions."""

import random
from decimal import Decimal

import pytest
from django.utils import translation

from efficiency import engine
from efficiency.engine import Band, EngineError, Firm, GroupRule, IndicatorRule, evaluate, summary
from efficiency.models import Exemption, Indicator, Measure, RuleGroup, RuleSet
from tests.efficiency.builders import LARGE, SIX, TAX_ONLY, code, group, rules, tax_firm

D = Decimal
Kind = Exemption.Kind


def by_code(outcomes):
    return {outcome.credit_code: outcome for outcome in outcomes}


def contributions(outcome):
    return [term.contribution for term in outcome.terms]


# --- A published county formula, with its own benchmarks ----------------------------------------


def test_a_large_firm_scored_by_huangyan_district_published_formula():
    """黄岩区 (台州) published its 2021 scoring with the notice of 20 September 2022 (工业企业综合评价得分
    计算说明): 规上企业得分 = 亩均税收÷26.01×30 + 亩均增加值÷132.27×20 + 单位能耗增加值÷2.54×20
    + 单位排放增加值÷4861.08×10 + 全员劳动生产率÷17.45×10 + R&D经费占主营业务收入比重÷0.0305×10 —
    the benchmarks being that year's values for the district's large firms. Here they are fixed
    benchmarks (the R&D share in per cent, 0.0305 = 3.05 %), no cap.

    The firm: 80 亩, tax 2,400 万元, value added 12,000 万元, 4,000 tce, 3 t of pollutants,
    600 staff, revenue 50,000 万元, R&D 1,500 万元. Its values and terms (4 places, half up):
      亩均税收       2400 ÷ 80       = 30      → 30 ÷ 26.01 × 30      = 34.602076… → 34.6021
      亩均增加值     12000 ÷ 80      = 150     → 150 ÷ 132.27 × 20    = 22.680880… → 22.6809
      单位能耗增加值 12000 ÷ 4000    = 3       → 3 ÷ 2.54 × 20        = 23.622047… → 23.6220
      单位排放增加值 12000 ÷ 3       = 4000    → 4000 ÷ 4861.08 × 10  =  8.228624… →  8.2286
      全员劳动生产率 12000 ÷ 600     = 20      → 20 ÷ 17.45 × 10      = 11.461318… → 11.4613
      R&D 占比       1500 ÷ 50000 × 100 = 3 %  → 3 ÷ 3.05 × 10        =  9.836065… →  9.8361
    Score: 34.6021 + 22.6809 + 23.6220 + 8.2286 + 11.4613 + 9.8361 = 110.4310.
    """
    benchmarks = {
        Measure.TAX_PER_MU: "26.01",
        Measure.VALUE_ADDED_PER_MU: "132.27",
        Measure.VALUE_ADDED_PER_ENERGY: "2.54",
        Measure.VALUE_ADDED_PER_EMISSION: "4861.08",
        Measure.LABOUR_PRODUCTIVITY: "17.45",
        Measure.RD_RATIO: "3.05",
    }
    huangyan = GroupRule(
        code=LARGE,
        name="规上工业",
        indicators=tuple(
            IndicatorRule(m, D(w), benchmark=Indicator.Benchmark.FIXED, benchmark_value=D(benchmarks[m]))
            for m, w in SIX
        ),
        bands=group().bands,
    )
    firm = Firm(
        credit_code=code(1),
        group_code=LARGE,
        land_mu=D(80),
        tax=D(2400),
        value_added=D(12000),
        energy_tce=D(4000),
        emission_t=D(3),
        headcount=600,
        revenue=D(50000),
        rd_spending=D(1500),
    )
    [outcome] = evaluate(rules(huangyan), [firm])
    assert [t.value for t in outcome.terms] == [D("30"), D("150"), D("3"), D("4000"), D("20"), D("3")]
    assert [t.benchmark for t in outcome.terms] == [D(benchmarks[m]) for m, _w in SIX]
    assert contributions(outcome) == [D("34.6021"), D("22.6809"), D("23.6220"), D("8.2286"), D("11.4613"), D("9.8361")]
    assert outcome.score == D("110.4310")
    assert (outcome.rank, outcome.group_size, outcome.firm_class) == (1, 1, "A")


# --- The same formula with benchmarks at the group's mean ---------------------------------------

# Four large firms and a fifth founded last year (exempt: left out of the means). Figures in 万元, 亩,
# tce, t, people:
#        land  tax   value added  energy  emission  staff  revenue  R&D
#   F1   30    1200  4500         2250    11.25     150    20000    800
#   F2   50    1000  5000         4000    25        250    25000    750
#   F3   40     600  4000         1600    16        160    16000    320
#   F4   18      90   900          400     6        180     6000     60
#   F5   18      90  (founded 2023, evaluated for 2024 with 2 years' grace: exempt)
# Values:                F1    F2    F3    F4    mean (the benchmark, multiple 1)
#   亩均税收             40    20    15     5    (40+20+15+5)/4     = 20
#   亩均增加值           150   100   100   50    (150+100+100+50)/4 = 100
#   单位能耗增加值        2    1.25  2.5   2.25  (2+1.25+2.5+2.25)/4 = 2
#   单位排放增加值       400   200   250   150   (400+200+250+150)/4 = 250
#   全员劳动生产率        30    20    25     5   (30+20+25+5)/4     = 20
#   R&D 占比 (%)          4     3     2     1    (4+3+2+1)/4        = 2.5
# Terms (value ÷ mean × weight):
#   F1: 40/20×30=60   150/100×20=30  2/2×20=20      400/250×10=16  30/20×10=15   4/2.5×10=16  → 157
#   F2: 20/20×30=30   100/100×20=20  1.25/2×20=12.5 200/250×10=8   20/20×10=10   3/2.5×10=12  → 92.5
#   F3: 15/20×30=22.5 100/100×20=20  2.5/2×20=25    250/250×10=10  25/20×10=12.5 2/2.5×10=8   → 98
#   F4: 5/20×30=7.5   50/100×20=10   2.25/2×20=22.5 150/250×10=6   5/20×10=2.5   1/2.5×10=4   → 52.5
# Ranks: F1 1st (share 0 %: A), F3 2nd (25 %: B), F2 3rd (50 %: B), F4 4th (75 %: C).
MEAN_EXAMPLE = [
    (1, "30", "1200", "4500", "2250", "11.25", 150, "20000", "800"),
    (2, "50", "1000", "5000", "4000", "25", 250, "25000", "750"),
    (3, "40", "600", "4000", "1600", "16", 160, "16000", "320"),
    (4, "18", "90", "900", "400", "6", 180, "6000", "60"),
]


def mean_example_firms():
    firms = [
        Firm(
            credit_code=code(n),
            group_code=LARGE,
            land_mu=D(land),
            tax=D(tax),
            value_added=D(va),
            energy_tce=D(energy),
            emission_t=D(emission),
            headcount=staff,
            revenue=D(revenue),
            rd_spending=D(rd),
        )
        for n, land, tax, va, energy, emission, staff, revenue, rd in MEAN_EXAMPLE
    ]
    firms.append(Firm(credit_code=code(5), group_code=LARGE, land_mu=D(18), tax=D(90), founded_year=2023))
    return firms


def test_six_indicators_over_the_groups_means_hand_computed():
    outcomes = evaluate(rules(exemptions=[(Kind.FOUNDED_WITHIN, 2)]), mean_example_firms())
    found = by_code(outcomes)
    assert [t.benchmark for t in found[code(1)].terms] == [D("20"), D("100"), D("2"), D("250"), D("20"), D("2.5")]
    assert contributions(found[code(1)]) == [D(60), D(30), D(20), D(16), D(15), D(16)]
    assert contributions(found[code(2)]) == [D(30), D(20), D("12.5"), D(8), D(10), D(12)]
    assert contributions(found[code(3)]) == [D("22.5"), D(20), D(25), D(10), D("12.5"), D(8)]
    assert contributions(found[code(4)]) == [D("7.5"), D(10), D("22.5"), D(6), D("2.5"), D(4)]
    table = [(o.credit_code, o.score, o.rank, o.rank_share, o.firm_class) for o in outcomes if o.scored]
    assert table == [
        (code(1), D("157.0000"), 1, D("0.0000"), "A"),
        (code(3), D("98.0000"), 2, D("25.0000"), "B"),
        (code(2), D("92.5000"), 3, D("50.0000"), "B"),
        (code(4), D("52.5000"), 4, D("75.0000"), "C"),
    ]
    assert all(o.group_size == 4 for o in outcomes if o.scored)
    exempt = found[code(5)]
    assert exempt.score is None and exempt.rank is None and exempt.firm_class == "" and exempt.terms == ()
    assert exempt.exempt_reason == "成立未满 2 年"
    assert outcomes[-1] is exempt  # listed after the scored firms


def test_terms_serialise_as_the_result_rows_store_them():
    outcomes = evaluate(rules(exemptions=[(Kind.FOUNDED_WITHIN, 2)]), mean_example_firms())
    assert outcomes[0].terms[0].as_json() == {
        "measure": "tax_per_mu",
        "value": "40.0000",
        "benchmark": "20.0000",
        "weight": "30",
        "contribution": "60.0000",
        "capped": False,
        "note": "",
    }


def test_summary_has_the_shape_the_pages_read():
    firms = mean_example_firms()
    outcomes = evaluate(rules(exemptions=[(Kind.FOUNDED_WITHIN, 2)]), firms)
    # Scored land 30+50+40+18 = 138 亩; tax 1200+1000+600+90 = 2890 → 2890/138 = 20.942… → 20.94;
    # value added 4500+5000+4000+900 = 14400 → 14400/138 = 104.347… → 104.35.
    assert summary(outcomes, firms) == {
        "firms": 4,
        "exempt": 1,
        "classes": {"A": 1, "B": 2, "C": 1, "D": 0},
        "land_mu": "138.00",
        "tax_per_mu": "20.94",
        "value_added_per_mu": "104.35",
    }


def test_summary_without_scored_land_has_no_per_mu_figures():
    firms = [tax_firm(1, 100, founded_year=2024)]
    outcomes = evaluate(rules(group(indicators=TAX_ONLY), exemptions=[(Kind.FOUNDED_WITHIN, 2)]), firms)
    made = summary(outcomes, firms)
    assert made["firms"] == 0 and made["exempt"] == 1 and made["land_mu"] == "0.00"
    assert made["tax_per_mu"] is None and made["value_added_per_mu"] is None


# --- Benchmarks ---------------------------------------------------------------------------------


def _benchmark(taxes, **kwargs):
    firms = [tax_firm(n, tax) for n, tax in enumerate(taxes, start=1)]  # 10 亩 each: 亩均税收 = tax / 10
    outcomes = evaluate(rules(group(indicators=TAX_ONLY, **kwargs)), firms)
    return {o.terms[0].benchmark for o in outcomes}.pop(), by_code(outcomes)


def test_mean_benchmark():
    benchmark, found = _benchmark([100, 200, 600])  # values 10, 20, 60 → mean 30
    assert benchmark == D("30")
    assert found[code(3)].score == D("200.0000")  # 60 / 30 × 100


def test_median_benchmark_odd_and_even():
    assert _benchmark([100, 200, 600], benchmark=Indicator.Benchmark.MEDIAN)[0] == D("20")  # 10, 20, 60
    assert _benchmark([100, 200, 600, 1000], benchmark=Indicator.Benchmark.MEDIAN)[0] == D("40")  # (20 + 60) / 2


def test_benchmark_multiple():
    benchmark, found = _benchmark([100, 200, 600], value=D("1.2"))  # 30 × 1.2 = 36
    assert benchmark == D("36")
    assert found[code(1)].score == D("27.7778")  # 10 / 36 × 100 = 27.777…


def test_fixed_benchmark_ignores_the_population():
    benchmark, found = _benchmark([100, 200, 600], benchmark=Indicator.Benchmark.FIXED, value=D("25"))
    assert benchmark == D("25")
    assert found[code(2)].score == D("80.0000")  # 20 / 25 × 100


def test_exempt_and_missing_values_stay_out_of_the_benchmark():
    firms = [
        tax_firm(1, 100),  # 10
        tax_firm(2, 300),  # 30
        tax_firm(3, 5000, under_construction=True),  # 500, exempt
        tax_firm(4, None),  # missing
    ]
    outcomes = by_code(evaluate(rules(group(indicators=TAX_ONLY), exemptions=[(Kind.UNDER_CONSTRUCTION, None)]), firms))
    assert outcomes[code(1)].terms[0].benchmark == D("20")  # (10 + 30) / 2
    missing = outcomes[code(4)].terms[0]
    assert (missing.value, missing.contribution, missing.note) == (None, D(0), engine.MISSING)
    assert outcomes[code(4)].score == D(0) and outcomes[code(4)].rank == 3  # scored, last


def test_a_benchmark_of_zero_gives_no_contribution():
    outcomes = evaluate(rules(group(indicators=TAX_ONLY)), [tax_firm(1, 0), tax_firm(2, 0)])
    assert {(o.score, o.terms[0].note) for o in outcomes} == {(D(0), engine.NO_BENCHMARK)}
    assert [o.rank for o in outcomes] == [1, 1]


# --- Caps ---------------------------------------------------------------------------------------


def test_cap_limits_a_term_to_a_multiple_of_its_weight():
    # Values 10, 10, 100 → mean 40; the third firm's ratio 2.5 is capped at 2 → 2 × 100 = 200.
    firms = [tax_firm(1, 100), tax_firm(2, 100), tax_firm(3, 1000)]
    found = by_code(evaluate(rules(group(indicators=TAX_ONLY, cap=D(2))), firms))
    top = found[code(3)].terms[0]
    assert (top.contribution, top.capped) == (D("200.0000"), True)
    assert (found[code(1)].terms[0].contribution, found[code(1)].terms[0].capped) == (D("25.0000"), False)


def test_a_ratio_exactly_at_the_cap_is_not_marked_capped():
    # Values 10 and 30 → mean 20; 30 / 20 = 1.5, the cap.
    found = by_code(evaluate(rules(group(indicators=TAX_ONLY, cap=D("1.5"))), [tax_firm(1, 100), tax_firm(2, 300)]))
    assert (found[code(2)].terms[0].contribution, found[code(2)].terms[0].capped) == (D("150.0000"), False)


# --- Zero denominators --------------------------------------------------------------------------

ENERGY_ONLY = ((Measure.VALUE_ADDED_PER_ENERGY, 100),)


def _energy_firm(number, value_added, energy):
    return Firm(
        credit_code=code(number), group_code=LARGE, land_mu=D(10), value_added=D(value_added), energy_tce=D(energy)
    )


def test_zero_energy_use_takes_the_cap():
    firms = [_energy_firm(1, 100, 50), _energy_firm(2, 300, 50), _energy_firm(3, 100, 0)]
    found = by_code(evaluate(rules(group(indicators=ENERGY_ONLY, cap=D(3))), firms))
    term = found[code(3)].terms[0]
    assert (term.value, term.contribution, term.capped, term.note) == (None, D("300.0000"), True, engine.NO_USE)
    assert term.benchmark == D("4")  # (2 + 6) / 2: the zero-use firm stays out of the mean
    assert found[code(3)].rank == 1


def test_zero_energy_use_without_a_cap_takes_the_full_weight():
    firms = [_energy_firm(1, 100, 50), _energy_firm(2, 300, 50), _energy_firm(3, 100, 0)]
    found = by_code(evaluate(rules(group(indicators=ENERGY_ONLY)), firms))
    assert found[code(3)].terms[0].contribution == D("100.0000")
    assert found[code(3)].terms[0].capped is False


def test_zero_headcount_is_treated_as_missing():
    firm = Firm(credit_code=code(1), group_code=LARGE, land_mu=D(10), value_added=D(100), headcount=0)
    [outcome] = evaluate(rules(group(indicators=((Measure.LABOUR_PRODUCTIVITY, 100),))), [firm])
    assert (outcome.terms[0].note, outcome.score) == (engine.MISSING, D(0))


def test_tax_per_10000_kwh_and_rd_share_units():
    # 50 万元 over 2,000,000 kWh = 200 万千瓦时 → 0.25 万元 per 万千瓦时; R&D 30 of revenue 1,000 → 3 %.
    firm = Firm(
        credit_code=code(1),
        group_code=LARGE,
        land_mu=D(10),
        tax=D(50),
        electricity_kwh=D(2000000),
        revenue=D(1000),
        rd_spending=D(30),
    )
    indicators = ((Measure.TAX_PER_KWH, 50), (Measure.RD_RATIO, 50))
    [outcome] = evaluate(rules(group(indicators=indicators)), [firm])
    assert [t.value for t in outcome.terms] == [D("0.25"), D("3")]


# --- Exemptions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "years", "firm_kwargs", "reason"),
    [
        (Kind.FOUNDED_WITHIN, 2, {"founded_year": 2023}, "成立未满 2 年"),
        (Kind.LAND_SUPPLIED_WITHIN, 3, {"land_supplied_year": 2022}, "供地未满 3 年"),
        (Kind.UNDER_CONSTRUCTION, None, {"under_construction": True}, "用地尚在建设中"),
        (Kind.UTILITY, None, {"is_utility": True}, "公用事业单位"),
    ],
)
def test_each_exemption(kind, years, firm_kwargs, reason):
    firms = [tax_firm(1, 100), tax_firm(2, 200, **firm_kwargs)]
    with_rule = by_code(evaluate(rules(group(indicators=TAX_ONLY), exemptions=[(kind, years)]), firms))
    assert with_rule[code(2)].exempt_reason == reason
    assert with_rule[code(2)].score is None and with_rule[code(1)].group_size == 1
    without_rule = by_code(evaluate(rules(group(indicators=TAX_ONLY)), firms))
    assert without_rule[code(2)].scored  # only the rules' own exemptions apply


def test_within_n_years_counts_from_the_evaluation_year():
    # Evaluating 2024 with 2 years: founded 2023 (1 year) is exempt, 2022 (2 years) is not.
    firms = [tax_firm(1, 100, founded_year=2022), tax_firm(2, 100, founded_year=2023)]
    found = by_code(evaluate(rules(group(indicators=TAX_ONLY), exemptions=[(Kind.FOUNDED_WITHIN, 2)]), firms))
    assert found[code(1)].scored and not found[code(2)].scored


def test_every_reason_that_applies_is_given():
    firm = tax_firm(1, 100, founded_year=2024, under_construction=True, is_utility=True)
    exemptions = [(Kind.FOUNDED_WITHIN, 1), (Kind.UNDER_CONSTRUCTION, None), (Kind.UTILITY, None)]
    [outcome] = evaluate(rules(group(indicators=TAX_ONLY), exemptions=exemptions), [firm])
    assert outcome.exempt_reason == "成立未满 1 年；用地尚在建设中；公用事业单位"
    with translation.override("en"):
        [outcome] = evaluate(rules(group(indicators=TAX_ONLY), exemptions=exemptions), [firm])
    assert outcome.exempt_reason == (
        "Founded less than 1 year before the evaluation year; The land is still under construction; "
        "The firm is a public utility"
    )


def test_a_firm_in_no_group_of_the_rules_is_listed_with_the_reason():
    [outcome] = evaluate(rules(group(indicators=TAX_ONLY)), [tax_firm(1, 100, group_code="mystery")])
    assert outcome.exempt_reason == "评价办法中没有“mystery”分组"
    assert outcome.group_code == "mystery" and not outcome.scored


@pytest.mark.parametrize("land", [0, None])
def test_no_land_is_not_scorable_where_the_group_divides_by_land(land):
    firms = [tax_firm(1, 100), tax_firm(2, 100, land=land)]
    found = by_code(evaluate(rules(group(indicators=TAX_ONLY)), firms))
    assert found[code(2)].exempt_reason == "无用地面积，无法计算亩均指标"
    # A group that never divides by land scores the same firm.
    kwh = ((Measure.TAX_PER_KWH, 100),)
    firm = tax_firm(2, 100, land=land, electricity_kwh=D(10000))
    assert evaluate(rules(group(indicators=kwh)), [firm])[0].scored


# --- Ranks and classes --------------------------------------------------------------------------


def test_ties_share_a_rank_and_the_next_is_skipped():
    firms = [tax_firm(1, 300), tax_firm(2, 200), tax_firm(3, 200), tax_firm(4, 100)]
    found = by_code(evaluate(rules(group(indicators=TAX_ONLY)), firms))
    assert [found[code(n)].rank for n in (1, 2, 3, 4)] == [1, 2, 2, 4]


def test_firms_tied_at_a_cut_off_both_take_the_better_class():
    # Ten firms, A the top 20 %: ranks 1 and 2 (shares 0 and 10 %) are A, rank 3 (20 %) is B. With the
    # 2nd and 3rd tied, both are 2nd (10 %): A has three firms.
    taxes = [1000, 900, 800, 700, 600, 500, 400, 300, 200, 100]
    found = by_code(evaluate(rules(group(indicators=TAX_ONLY)), [tax_firm(n, t) for n, t in enumerate(taxes, 1)]))
    assert [found[code(n)].firm_class for n in (1, 2, 3, 4)] == ["A", "A", "B", "B"]
    taxes[2] = 900
    found = by_code(evaluate(rules(group(indicators=TAX_ONLY)), [tax_firm(n, t) for n, t in enumerate(taxes, 1)]))
    assert [(found[code(n)].rank, found[code(n)].firm_class) for n in (1, 2, 3, 4)] == [
        (1, "A"),
        (2, "A"),
        (2, "A"),
        (4, "B"),
    ]


def test_bottom_five_percent_is_d_unless_tied_upwards():
    # Twenty firms: the 20th (share 95 %) is D; tied with the 19th, both are 19th (90 %): C, and no D.
    taxes = list(range(2000, 0, -100))
    found = by_code(evaluate(rules(group(indicators=TAX_ONLY)), [tax_firm(n, t) for n, t in enumerate(taxes, 1)]))
    assert (found[code(19)].firm_class, found[code(20)].firm_class) == ("C", "D")
    taxes[-1] = taxes[-2]
    found = by_code(evaluate(rules(group(indicators=TAX_ONLY)), [tax_firm(n, t) for n, t in enumerate(taxes, 1)]))
    assert (found[code(19)].firm_class, found[code(20)].firm_class) == ("C", "C")


def test_classes_by_score_bands():
    spec = (("A", 80, None), ("B", 60, 80), ("C", 40, 60), ("D", 0, 40))
    scoring = group(
        indicators=TAX_ONLY,
        benchmark=Indicator.Benchmark.FIXED,
        value=D(10),
        basis=RuleGroup.CutoffBasis.SCORE,
        spec=spec,
    )
    # Fixed benchmark 10 亩均税收 at weight 100: score = tax / 10 (10 亩) / 10 × 100 = tax.
    firms = [tax_firm(1, 80), tax_firm(2, "79.99"), tax_firm(3, 40), tax_firm(4, 0), tax_firm(5, 500)]
    found = by_code(evaluate(rules(scoring), firms))
    assert [found[code(n)].firm_class for n in range(1, 6)] == ["A", "B", "C", "D", "A"]


def test_groups_are_ranked_apart():
    small = group("industry-below", indicators=TAX_ONLY)
    large = group(indicators=TAX_ONLY)
    firms = [tax_firm(1, 100), tax_firm(2, 200), tax_firm(3, 5, group_code="industry-below")]
    found = by_code(evaluate(rules(large, small), firms))
    assert (found[code(3)].rank, found[code(3)].group_size, found[code(3)].firm_class) == (1, 1, "A")
    assert found[code(1)].group_size == 2


# --- Parcels ------------------------------------------------------------------------------------


def test_combine_scores_a_shared_parcel_as_one_unit():
    # P: 8 亩 with tax 100 (owner) + 2 亩 leased with tax 300 (tenant) → one unit: 10 亩, tax 400,
    # 亩均税收 40. Alone: firm 3 (10 亩, 200 → 20) and firm 4 (10 亩, 300 → 30).
    # Units' values 40, 20, 30 → mean 30; unit P 40 / 30 × 100 = 133.3333.
    firms = [
        tax_firm(1, 100, land=8, parcel="P"),
        tax_firm(2, 300, land=2, parcel="P"),
        tax_firm(3, 200),
        tax_firm(4, 300),
    ]
    found = by_code(evaluate(rules(group(indicators=TAX_ONLY)), firms))
    one, two = found[code(1)], found[code(2)]
    assert one.score == two.score == D("133.3333")
    assert one.terms == two.terms and one.terms[0].value == D("40")
    assert one.unit == two.unit == (code(1), code(2))
    assert (one.rank, two.rank, found[code(4)].rank, found[code(3)].rank) == (1, 1, 2, 3)
    assert one.group_size == 3  # the unit counts once
    assert (one.land_mu, two.land_mu) == (D("8.0000"), D("2.0000"))  # each keeps its own land for the summary
    assert summary(found.values(), firms)["firms"] == 4  # … and each firm counts in the zone's figures


def test_combine_never_crosses_groups_nor_takes_in_exempt_firms():
    firms = [
        tax_firm(1, 100, parcel="P"),
        tax_firm(2, 100, parcel="P", group_code="industry-below"),
        tax_firm(3, 100, parcel="P", founded_year=2024),
    ]
    found = by_code(
        evaluate(
            rules(
                group(indicators=TAX_ONLY),
                group("industry-below", indicators=TAX_ONLY),
                exemptions=[(Kind.FOUNDED_WITHIN, 2)],
            ),
            firms,
        )
    )
    assert found[code(1)].unit == (code(1),) and found[code(2)].unit == (code(2),)
    assert found[code(1)].terms[0].value == D("10")
    assert not found[code(3)].scored


def test_combine_a_figure_missing_for_one_member_is_missing_for_the_unit():
    firms = [tax_firm(1, 100, parcel="P"), tax_firm(2, None, parcel="P"), tax_firm(3, 100)]
    found = by_code(evaluate(rules(group(indicators=TAX_ONLY)), firms))
    assert found[code(1)].terms[0].note == engine.MISSING


def test_apportion_shares_the_parcels_land_by_revenue():
    # Parcel P: firm 1 reported 20 亩 and firm 2 60 亩, 80 亩 in all, shared by their revenues 3000 : 1000
    # → 80 × ¾ = 60 亩 and 80 × ¼ = 20 亩, whatever each reported.
    firms = [
        tax_firm(1, 600, land=20, parcel="P", revenue=D(3000)),
        tax_firm(2, 200, land=60, parcel="P", revenue=D(1000)),
        tax_firm(3, 100),
    ]
    apportion = rules(group(indicators=TAX_ONLY), parcel_rule=RuleSet.ParcelRule.APPORTION)
    found = by_code(evaluate(apportion, firms))
    assert (found[code(1)].land_mu, found[code(2)].land_mu) == (D("60.0000"), D("20.0000"))
    assert (found[code(1)].terms[0].value, found[code(2)].terms[0].value) == (D("10"), D("10"))
    assert found[code(1)].unit == (code(1),)  # scored apart
    assert found[code(1)].group_size == 3


def test_apportion_in_equal_shares_when_a_revenue_is_missing():
    firms = [tax_firm(1, 100, land=30, parcel="P", revenue=D(3000)), tax_firm(2, 100, land=10, parcel="P")]
    found = by_code(evaluate(rules(group(indicators=TAX_ONLY), parcel_rule=RuleSet.ParcelRule.APPORTION), firms))
    assert found[code(1)].land_mu == found[code(2)].land_mu == D("20.0000")


# --- Determinism and bad input ------------------------------------------------------------------


def test_same_input_in_any_order_gives_the_same_outcomes():
    firms = mean_example_firms() + [tax_firm(n, n * 37, parcel="P" if n % 3 == 0 else "") for n in range(6, 30)]
    the_rules = rules(exemptions=[(Kind.FOUNDED_WITHIN, 2)])
    first = evaluate(the_rules, firms)
    for seed in range(3):
        shuffled = firms[:]
        random.Random(seed).shuffle(shuffled)
        assert evaluate(the_rules, shuffled) == first


def test_bad_input_is_refused_with_every_problem():
    firms = [tax_firm(1, 100), tax_firm(1, 200), tax_firm(2, -5)]
    with pytest.raises(EngineError) as raised:
        evaluate(rules(group(indicators=TAX_ONLY)), firms)
    assert len(raised.value.messages) == 2
    assert "重复" in raised.value.messages[0] and "负数" in raised.value.messages[1]


def test_rules_that_do_not_add_up_or_tile_are_refused():
    broken = GroupRule(
        code=LARGE,
        name="规上工业",
        indicators=(IndicatorRule(Measure.TAX_PER_MU, D(90)),),
        bands=(Band("A", D(0), D(20)), Band("B", D(30), None)),
    )
    with pytest.raises(EngineError) as raised:
        evaluate(rules(broken), [tax_firm(1, 100)])
    assert len(raised.value.messages) == 2  # weights 90 ≠ 100; a gap between A and B
