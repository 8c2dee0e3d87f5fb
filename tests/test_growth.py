"""Growth (issue 18): `mức tăng X so với năm trước`, a fixed base year (`so với năm 2020`), an average yearly
growth over a span (`tăng trưởng bình quân X` with `giai đoạn 2021-2025`), and the change of a share in
percentage points (`5 điểm %`): read, written back, checked, judged exactly on both paths, rolled up, inherited."""

from __future__ import annotations

import datetime as dt
import tempfile
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import planrules
from planrules import Status
from planrules.evaluation.rollup import roll_up
from planrules.evaluation.verdicts import RuleKind, average_growth
from planrules.facts import model as f
from planrules.language import model as m
from planrules.language.keywords import fold
from planrules.language.bounds import Bound
from planrules.language.model import Comparator
from planrules.language.printer import format as print_plan
from planrules.language.resolver import resolve
from planrules.strategies import facts_meeting, facts_violating, valid_facts, verdict_for

HEAD = ('kế hoạch: "1/KH-TEST"\nngày ban hành: 01/01/2021\nđơn vị u: "Đơn vị U"\n'
        'bản ghi xã_cáp {\n    ngày: ngày tháng\n    có_cáp: có hoặc không\n    mật: có hoặc không\n}\n'
        "chỉ số cáp: tỷ lệ xã_cáp có có_cáp\nchỉ số số_cáp: số lượng xã_cáp có có_cáp\n")
END = dt.date(2027, 1, 5)
CABLE = (("có_cáp", True),)


def _rules(targets: str, head: str = HEAD) -> planrules.RuleSet:
    return planrules.compile(planrules.parse(head + targets, source="t.plan"), calendar=planrules.Calendar.plain())


def _judge(target: str, counts=(), records=(), as_of=END):
    rules = _rules(f"chỉ tiêu: {target}\n")
    report = rules.evaluate(f.Facts(units=(f.UnitFacts("u", counts=tuple(counts), records=tuple(records)),)), as_of)
    (v,) = report.verdicts
    (a,) = roll_up(report, {"u": "g"}).aggregates
    assert (a.status, a.value) == (v.status, v.value) or v.value is None  # one unit rolls up to itself
    return v


def _count(year: int, n: int, where=CABLE) -> f.Count:
    return f.Count("xã_cáp", year, n, where)


# ------------------------------------------------------------------ the language --

SOURCE = """chỉ số tăng_cáp "Mức tăng số xã có cáp": mức tăng số_cáp so với năm trước
chỉ số giảm_cáp_2020: mức giảm số lượng xã_cáp có có_cáp so với năm 2020
chỉ số tăng_tỷ_lệ_cáp: mức tăng tỷ lệ xã_cáp có có_cáp trừ mật so với năm 2020
chỉ số bình_quân_cáp: tăng trưởng bình quân số_cáp
chỉ tiêu: tăng_cáp tối thiểu 10% hằng năm
chỉ tiêu: tăng_tỷ_lệ_cáp tối thiểu 5 điểm % trong năm 2026
chỉ tiêu: (mức giảm tỷ lệ xã_cáp có có_cáp so với năm trước) không quá 1,5 điểm % hằng năm
chỉ tiêu: bình_quân_cáp tối thiểu 8% giai đoạn 2021-2025
chỉ tiêu: (tăng trưởng bình quân số lượng xã_cáp) không quá 12,5% giai đoạn 2024-2026
"""


def test_growth_base_years_averages_and_points_read_and_write_back_in_both_languages():
    plan = planrules.parse(HEAD + SOURCE, source="t.plan")
    metrics = {x.name: x.expr for x in plan.metrics}
    assert metrics["tăng_cáp"] == m.Growth(m.MetricName("số_cáp"))
    assert metrics["giảm_cáp_2020"] == m.CutVsPreviousYear(m.CountOf("xã_cáp", (m.FlagIsSet("có_cáp"),)), 2020)
    assert metrics["tăng_tỷ_lệ_cáp"] == m.Growth(
        m.ShareOf("xã_cáp", (m.FlagIsSet("có_cáp"),), (m.FlagIsSet("mật"),)), 2020)
    assert metrics["bình_quân_cáp"] == m.AverageGrowth(m.MetricName("số_cáp"))
    thresholds = [t.threshold for t in plan.body if isinstance(t, m.Target)]
    assert thresholds[1:3] == [m.Quantity(Fraction(5), m.QuantityUnit.POINTS),
                               m.Quantity(Fraction(3, 2), m.QuantityUnit.POINTS)]
    english = print_plan(plan, "en")
    assert "metric tăng_cáp \"Mức tăng số xã có cáp\": growth in số_cáp vs previous year" in english
    assert "cut in count of xã_cáp where có_cáp vs year 2020" in english
    assert "average growth in số_cáp" in english and "at least 5 points in year 2026" in english
    assert "at most 1.5 points yearly" in english
    vietnamese = print_plan(plan, "vi")
    assert "tối thiểu 5 điểm % trong năm 2026" in vietnamese and "tăng trưởng bình quân số_cáp" in vietnamese
    for text in (english, vietnamese):
        assert planrules.parse(text, source="t.plan").body == plan.body
    ascii_ = planrules.parse(HEAD + "chi so tăng_cáp: muc tang số_cáp so voi nam truoc\n"
                             "chi so bình_quân_cáp: tang truong binh quan số_cáp\n"
                             "chi tieu: (muc giam cáp so voi nam 2020) toi thieu 5 diem % trong nam 2026\n"
                             "chi tieu: (muc tang cáp so voi nam truoc) toi thieu 5 diem phan tram\n")
    assert [x.expr for x in ascii_.metrics[-2:]] == [metrics["tăng_cáp"], metrics["bình_quân_cáp"]]
    assert ascii_.body[-2].metric == m.CutVsPreviousYear(m.MetricName("cáp"), 2020)
    assert {t.threshold.unit for t in ascii_.body[-2:]} == {m.QuantityUnit.POINTS}
    assert fold("điểm %") == "diem %"
    # the other spellings: "điểm phần trăm", "percentage points", "1 point"
    assert planrules.parse(HEAD + "chỉ tiêu: (mức tăng cáp so với năm trước) tối thiểu 5 điểm phần trăm\n").body[-1] \
        .threshold == m.Quantity(Fraction(5), m.QuantityUnit.POINTS)
    one = planrules.parse(HEAD.replace("chỉ số", "metric") + "target: (growth in cáp vs previous year) at least 1 point\n")
    assert one.body[-1].threshold == m.Quantity(Fraction(1), m.QuantityUnit.POINTS)
    assert "at least 1 point" in print_plan(one, "en")
    assert "percentage points" in print_plan(planrules.parse(
        HEAD + "chỉ tiêu: (mức tăng cáp so với năm trước) tối thiểu 5 percentage points\n"), "en").replace(
        "5 points", "5 percentage points")


@pytest.mark.parametrize(("target", "key"), [
    ("(mức tăng cáp so với năm trước) tối thiểu 5% hằng năm", "needs_points"),  # a share's change is in points
    ("(mức tăng số_cáp so với năm trước) tối thiểu 5 điểm % hằng năm", "needs_percent"),  # a count's in %
    ("(tăng trưởng bình quân số_cáp) tối thiểu 5 điểm % giai đoạn 2021-2025", "needs_percent"),
    ("(tăng trưởng bình quân số_cáp) tối thiểu 8% hằng năm", "average_needs_span"),
    ("(tăng trưởng bình quân số_cáp) tối thiểu 8%", "average_needs_span"),
    ("(mức tăng số_cáp so với năm 2026) tối thiểu 10% trong năm 2026", "base_year_not_before"),
    ("(mức giảm số_cáp so với năm 2025) tối thiểu 10% đến ngày 30/06/2025", "base_year_not_before"),
    ("(mức tăng số_cáp so với năm trước) tối thiểu 10% lũy kế", "cumulative_not_summed"),
    ("(tăng trưởng bình quân số_cáp) tối thiểu 8% lũy kế giai đoạn 2021-2025", "cumulative_not_summed"),
])
def test_a_threshold_in_the_wrong_unit_or_a_missing_span_is_r210_at_its_place(target, key):
    plan = planrules.parse(HEAD + f"chỉ tiêu: {target}\n", source="t.plan")
    found = [d for d in resolve([plan]) if d.code == "R210"]
    assert [d.message.key for d in found] == [key]
    assert (found[0].span.file, found[0].span.line, found[0].span.column) == ("t.plan", HEAD.count("\n") + 1, 1)


def test_an_average_growth_of_a_share_or_a_growth_of_a_cap_is_r206():
    plan = planrules.parse(HEAD + "chỉ tiêu: (tăng trưởng bình quân cáp) tối thiểu 8% giai đoạn 2021-2025\n"
                           "chỉ tiêu: (mức tăng thời_lượng_hội_nghị so với năm trước) tối thiểu 8%\n", source="t.plan")
    from planrules.language.library import prelude

    assert [(d.code, d.message.key) for d in resolve([plan], prelude()) if d.code == "R206"] == [
        ("R206", "average_needs_count"), ("R206", "cut_needs_count")]


# ------------------------------------------------------------------ judging --


def test_growth_of_exactly_the_threshold_is_met_and_one_less_is_not():
    v = _judge("(mức tăng số_cáp so với năm trước) tối thiểu 10% trong năm 2026", [_count(2025, 10), _count(2026, 11)])
    assert (v.status, v.value, v.kind) == (Status.MET, Fraction(1, 10), RuleKind.GROWTH)
    assert "xã_cáp (có_cáp): 10 in 2025, 11 in 2026: a growth of 10% ≥ 10%." in v.explain()
    assert "tăng 10% ≥ 10%." in v.explain("vi")
    v = _judge("(mức tăng số_cáp so với năm trước) tối thiểu 10% trong năm 2026", [_count(2025, 11), _count(2026, 12)])
    assert (v.status, v.value) == (Status.NOT_MET, Fraction(1, 11))


def test_a_fall_reads_as_a_fall_never_as_growth():
    v = _judge("(mức tăng số_cáp so với năm trước) tối thiểu 0% trong năm 2026", [_count(2025, 10), _count(2026, 8)])
    assert (v.status, v.value) == (Status.NOT_MET, Fraction(-1, 5))
    assert "a fall of 20%, not a growth (-20%, needs ≥ 0%)." in v.explain()
    assert "giảm 20%, không phải tăng (-20%, cần ≥ 0%)." in v.explain("vi")


def test_growth_from_zero_is_unknown_and_from_nothing_to_nothing_does_not_apply():
    v = _judge("(mức tăng số_cáp so với năm trước) không quá 10% trong năm 2026", [_count(2025, 0), _count(2026, 3)])
    assert (v.status, v.value) == (Status.UNKNOWN, None)
    assert "a growth from zero is undefined (no percentage of 0)" in v.explain()
    v = _judge("(mức tăng số_cáp so với năm trước) tối thiểu 10% trong năm 2026", [_count(2025, 0), _count(2026, 0)])
    assert v.status is Status.NOT_APPLICABLE and "nothing to grow from" in v.explain()
    v = _judge("(mức tăng số_cáp so với năm trước) tối thiểu 10% trong năm 2026", [_count(2026, 3)])
    assert v.status is Status.UNKNOWN  # no count for 2025: never read as zero


def test_a_fixed_base_year_compares_every_year_with_that_year():
    rules = _rules("chỉ tiêu: (mức tăng số_cáp so với năm 2020) tối thiểu 20% hằng năm\n")
    facts = f.Facts(units=(f.UnitFacts("u", counts=(_count(2020, 10), _count(2021, 11), _count(2022, 12))),))
    verdicts = {v.period: v for v in rules.evaluate(facts, dt.date(2022, 12, 31)).verdicts}
    assert {p: (v.status, v.value) for p, v in verdicts.items()} == {
        "2021": (Status.NOT_MET, Fraction(1, 10)), "2022": (Status.MET, Fraction(1, 5))}
    assert "10 in 2020, 12 in 2022: a growth of 20% ≥ 20%." in verdicts["2022"].explain()
    cut = _judge("(mức giảm số_cáp so với năm 2020) tối thiểu 50% trong năm 2026", [_count(2020, 10), _count(2026, 5)])
    assert (cut.status, cut.value) == (Status.MET, Fraction(1, 2)) and "5 in 2026: a cut of 50%" in cut.explain()


def test_a_fixed_base_year_the_plan_reaches_is_not_applicable_and_says_why():
    rules = planrules.compile(planrules.parse(HEAD.replace("01/01/2021", "01/01/2020") + (
        "chỉ tiêu: (mức tăng số_cáp so với năm 2020) tối thiểu 20% hằng năm\n"), source="t.plan"),
        calendar=planrules.Calendar.plain())
    verdicts = rules.evaluate(f.Facts(units=(f.UnitFacts("u", counts=(_count(2020, 10),)),)), dt.date(2020, 12, 31))
    (v,) = verdicts.verdicts
    assert v.status is Status.NOT_APPLICABLE
    assert "2020 is not after the base year 2020: there is no change to measure" in v.explain()


def test_a_share_changes_in_percentage_points():
    counts = [_count(2025, 3), _count(2025, 10, ()), _count(2026, 4), _count(2026, 10, ())]
    v = _judge("(mức tăng cáp so với năm trước) tối thiểu 10 điểm % trong năm 2026", counts)
    assert (v.status, v.value, v.value_unit) == (Status.MET, Fraction(1, 10), m.QuantityUnit.POINTS)
    assert "Share of xã_cáp (có_cáp): 30% (3/10) in 2025, 40% (4/10) in 2026: a rise of 10 points ≥ 10 points." \
        in v.explain()
    assert "Tỷ lệ xã_cáp (có_cáp): 30% (3/10) năm 2025, 40% (4/10) năm 2026: tăng 10 điểm % ≥ 10 điểm %." \
        in v.explain("vi")
    assert [(x.name, x.value) for x in v.figures] == [("baseline_part", 3), ("baseline_whole", 10), ("part", 4),
                                                     ("whole", 10)]
    v = _judge("(mức tăng cáp so với năm trước) tối thiểu 10,5 điểm % trong năm 2026", counts)
    assert v.status is Status.NOT_MET
    fall = _judge("(mức giảm cáp so với năm trước) không quá 5 điểm % trong năm 2026", counts)
    assert (fall.status, fall.value) == (Status.MET, Fraction(-1, 10)) and "a fall of -10 points" in fall.explain()


def test_the_change_of_a_share_of_nothing_is_unknown_from_it_and_does_not_apply_to_it():
    none_before = [_count(2025, 0), _count(2025, 0, ()), _count(2026, 4), _count(2026, 10, ())]
    v = _judge("(mức tăng cáp so với năm trước) tối thiểu 5 điểm % trong năm 2026", none_before)
    assert v.status is Status.UNKNOWN and "no record counts toward it in 2025" in v.explain()
    none_now = [_count(2025, 3), _count(2025, 10, ()), _count(2026, 0), _count(2026, 0, ())]
    v = _judge("(mức tăng cáp so với năm trước) tối thiểu 5 điểm % trong năm 2026", none_now)
    assert v.status is Status.NOT_APPLICABLE and "in 2026, so the share is undefined" in v.explain()


# 1.08^5 = 1.4693280768: the average growth of 8% a year over 2021-2025 from 10^10 ends at 14 693 280 768
BASE = 10**10


@pytest.mark.parametrize(("end", "status", "shown"), [
    (14_693_280_768, Status.MET, Fraction(8, 100)),  # exactly 8% a year
    (14_693_280_767, Status.NOT_MET, Fraction(79, 1000)),  # a hair short: shown 7.9%, never "8% ≥ 8%"
    (14_693_280_769, Status.MET, Fraction(8, 100)),
    (BASE, Status.NOT_MET, Fraction(0)),
])
def test_average_growth_is_judged_exactly_against_the_power_and_shown_rounded(end, status, shown):
    v = _judge("(tăng trưởng bình quân số_cáp) tối thiểu 8% giai đoạn 2021-2025", [_count(2020, BASE), _count(2025, end)])
    assert (v.status, v.value, v.period, v.kind) == (status, shown, "2021-2025", RuleKind.AVERAGE_GROWTH)
    assert "over 5 years, an average growth of" in v.explain() and "rounded to 0.1 percentage point" in v.explain()
    assert f"judged exactly, {end}/{BASE} against (1 + 8%)^5" in v.explain()
    assert "làm tròn đến 0,1 điểm phần trăm" in v.explain("vi")


def test_average_growth_counts_only_the_base_year_and_the_last_year_of_its_span():
    counts = [_count(2020, 100), _count(2021, 0), _count(2025, 200)]  # 2021-2024 play no part, nor are they needed
    v = _judge("(tăng trưởng bình quân số_cáp) tối thiểu 14% giai đoạn 2021-2025", counts)
    assert v.status is Status.MET and v.value == Fraction(149, 1000)  # 2^(1/5) = 1.1487
    v = _judge("(tăng trưởng bình quân số_cáp) tối thiểu 8% giai đoạn 2021-2025", [_count(2025, 200)])
    assert v.status is Status.UNKNOWN  # the base year 2020 has no figure: unknown, never a growth from zero
    v = _judge("(tăng trưởng bình quân số_cáp) tối thiểu 8% giai đoạn 2021-2025",
               [_count(2020, 100), _count(2025, 200)], as_of=dt.date(2024, 6, 1))
    assert v.status is Status.PENDING


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 10**6), st.integers(0, 10**7), st.integers(1, 12), st.fractions(0, 2, max_denominator=1000),
       st.sampled_from(list(Comparator)), st.fractions(0, 1, max_denominator=1000))
def test_average_growth_agrees_with_the_rate_it_shows_and_stays_within_a_tenth_of_a_point(base, end, years, limit,
                                                                                          comparator, width):
    bound = Bound(comparator, limit, limit + width if comparator is Comparator.BETWEEN else None)
    ratio = Fraction(end, base)
    kept, shown = average_growth(ratio, years, bound)
    ends = (limit,) if bound.upper is None else (limit, bound.upper)
    assert kept == Bound(comparator, *((1 + e) ** years for e in ends)).holds(ratio)
    assert kept == bound.holds(shown)
    # the exact rate lies within 0.1 point of the shown one: (1 + shown - 1/1000)^n < ratio < (1 + shown + 1/1000)^n
    low, high = 1 + shown - Fraction(1, 1000), 1 + shown + Fraction(1, 1000)
    assert (max(low, 0)) ** years <= ratio <= high ** years
    if width >= Fraction(1, 1000) or bound.upper is None:
        assert (shown * 1000).denominator == 1  # on the grid of 0.1 point, but in a range narrower than it


def test_strict_comparators_ranges_and_if_none_apply_to_a_growth():
    counts = [_count(2025, 10), _count(2026, 11)]
    assert _judge("(mức tăng số_cáp so với năm trước) trên 10% trong năm 2026", counts).status is Status.NOT_MET
    assert _judge("(mức tăng số_cáp so với năm trước) dưới 11% trong năm 2026", counts).status is Status.MET
    assert _judge("(mức tăng số_cáp so với năm trước) từ 5% đến 10% trong năm 2026", counts).status is Status.MET
    assert _judge("(mức tăng số_cáp so với năm trước) từ 11% đến 20% trong năm 2026", counts).status is Status.NOT_MET
    nothing = [_count(2025, 0), _count(2026, 0)]
    v = _judge("(mức tăng số_cáp so với năm trước) tối thiểu 10% trong năm 2026 nếu không phát sinh: đạt", nothing)
    assert v.status is Status.MET and "nothing to grow from, which the target counts as met" in v.explain()
    v = _judge("(mức tăng cáp so với năm trước) tối thiểu 5 điểm % trong năm 2026 nếu không phát sinh: đạt",
               [_count(2025, 1), _count(2025, 2, ()), _count(2026, 0), _count(2026, 0, ())])
    assert v.status is Status.MET
    v = _judge("(tăng trưởng bình quân số_cáp) từ 5% đến 8% giai đoạn 2021-2025", [_count(2020, BASE),
                                                                                  _count(2025, 14_693_280_768)])
    assert (v.status, v.value) == (Status.MET, Fraction(8, 100))
    assert "against (1 + 5%)^5 – (1 + 8%)^5" in v.explain()
    open_year = _judge("(mức tăng số_cáp so với năm trước) từ 10% đến 20% trong năm 2026",
                       [_count(2025, 20), _count(2026, 6)], as_of=dt.date(2026, 6, 30))
    assert "kept if 2026 ends with from 22 to 24" in open_year.explain()


def test_growth_so_far_in_an_open_year_says_what_the_year_must_reach():
    v = _judge("(mức tăng số_cáp so với năm trước) tối thiểu 10% trong năm 2026", [_count(2025, 20), _count(2026, 6)],
               as_of=dt.date(2026, 6, 30))
    assert (v.status, v.value) == (Status.PENDING, None)
    assert ("6 so far in 2026 (to 30/06/2026), against 20 in the whole of 2025: part of a year is not compared with "
            "a whole one. The growth of ≥ 10% is kept if 2026 ends with at least 22.") in v.explain()
    over = _judge("(mức tăng số_cáp so với năm trước) không quá 10% trong năm 2026",
                  [_count(2025, 20), _count(2026, 23)], as_of=dt.date(2026, 6, 30))
    assert over.status is Status.NOT_MET  # counts only grow: 23 already more than 22


def test_growth_at_a_date_compares_the_base_years_same_days():
    day = lambda d, i: f.Record("xã_cáp", (("ngày", d), ("có_cáp", True), ("mật", False)), id=f"X{i}", date=d)  # noqa: E731
    records = [day(dt.date(2020, 3, 1), 1), day(dt.date(2020, 12, 1), 2), day(dt.date(2026, 2, 1), 3),
               day(dt.date(2026, 5, 1), 4)]
    v = _judge("(mức tăng số_cáp so với năm 2020) tối thiểu 100% đến ngày 30/11/2026", records=records)
    assert (v.status, v.figure("baseline"), v.figure("current")) == (Status.MET, 1, 2)
    assert "against the base year 2020's up to 30/11/2020" in v.explain()


# ------------------------------------------------------------------ roll-up --


def test_a_roll_up_sums_the_baselines_and_judges_the_sum():
    rules = _rules("chỉ tiêu: (mức tăng số_cáp so với năm trước) tối thiểu 10% trong năm 2026\n"
                   "chỉ tiêu: (mức tăng cáp so với năm trước) tối thiểu 5 điểm % trong năm 2026\n"
                   "chỉ tiêu: (tăng trưởng bình quân số_cáp) tối thiểu 8% giai đoạn 2021-2026\n",
                   HEAD + 'đơn vị a: "A"\nđơn vị b: "B"\n')
    units = (f.UnitFacts("a", counts=(_count(2020, 50), _count(2025, 10), _count(2025, 20, ()), _count(2026, 13),
                                      _count(2026, 20, ()))),
             f.UnitFacts("b", counts=(_count(2020, 50), _count(2025, 10), _count(2025, 20, ()), _count(2026, 9),
                                      _count(2026, 20, ()))))
    report = rules.evaluate(f.Facts(units=units), END)
    aggregates = {a.rule: a for a in roll_up(report, {"a": "g", "b": "g"}).aggregates}
    growth, points, average = (aggregates[r.clause.rule] for r in rules.metric_rules)
    assert (growth.status, growth.value) == (Status.MET, Fraction(1, 10))  # 20 -> 22, though b fell
    assert (points.status, points.value) == (Status.MET, Fraction(1, 20))  # 20/40 -> 22/40
    assert (average.status, average.value) == (Status.NOT_MET, Fraction(-223, 1000))  # 100 -> 22 over 6 years
    from planrules.reports.phrases import aggregate_sentences

    assert aggregate_sentences(growth, "en")[0] == "Summed across 2 unit(s): 20 in 2025, 22 in 2026: 10% ≥ 10%."
    assert aggregate_sentences(points, "vi")[0] == "Cộng 2 đơn vị: năm 2025 là 20/40, năm 2026 là 22/40: 5 điểm % ≥ 5 điểm %."
    assert aggregate_sentences(average, "en")[0] == ("Summed across 2 unit(s): 100 in 2020, 22 in 2021-2026: "
                                                      "-22.3%, needs ≥ 8%.")


# ------------------------------------------------------------------ inheritance --


def test_another_base_year_is_another_target_and_the_parents_still_applies(tmp_path):
    from planrules.checks.inheritance import check_inheritance

    (tmp_path / "p.plan").write_text(
        'kế hoạch: "1/KH-P"\nngày ban hành: 01/01/2021\n'
        "chỉ tiêu I.1: (mức tăng số_hội_nghị so với năm 2020) tối thiểu 50% hằng năm\n"
        "chỉ tiêu I.2: (mức tăng số_hội_nghị so với năm trước) tối thiểu 10% hằng năm\n"
        "chỉ tiêu I.3: (tăng trưởng bình quân số_hội_nghị) tối thiểu 8% giai đoạn 2021-2025\n", encoding="utf-8")
    (tmp_path / "c.plan").write_text(
        'kế hoạch: "2/KH-C"\nngày ban hành: 01/03/2021\ncấp trên: "1/KH-P"\n'
        "chỉ tiêu II.1: (mức tăng số_hội_nghị so với năm 2021) tối thiểu 60% hằng năm\n"
        "chỉ tiêu II.2: (mức tăng số_hội_nghị so với năm trước) tối thiểu 5% hằng năm\n"
        "chỉ tiêu II.3: (tăng trưởng bình quân số_hội_nghị) tối thiểu 9% giai đoạn 2022-2025\n", encoding="utf-8")
    library = planrules.load_dir(tmp_path)
    found = sorted((d.code, d.span.line, d.severity.value) for d in check_inheritance(library))
    assert found == [("I301", 5, "error"), ("I309", 4, "warning"), ("I309", 6, "warning")]
    rules = planrules.compile(library.by_number("2/KH-C"), library)
    inherited = sorted(r.clause.rule for r in rules.metric_rules if r.clause.inherited_from)
    assert inherited == ["1/KH-P:I.1#1", "1/KH-P:I.2#1", "1/KH-P:I.3#1"]  # each still binds the child


# ------------------------------------------------------------------ SQL and the kit --

GROWTHS = HEAD + """chỉ số tăng_cáp: mức tăng số_cáp so với năm trước
chỉ số tăng_cáp_2020: mức tăng số_cáp so với năm 2020
chỉ số bình_quân_cáp: tăng trưởng bình quân số_cáp
chỉ số giảm_tỷ_lệ: mức giảm tỷ lệ xã_cáp có có_cáp trừ mật so với năm 2022
chỉ tiêu: tăng_cáp tối thiểu 10% hằng năm
chỉ tiêu: tăng_cáp không quá 25% trong năm 2023
chỉ tiêu: tăng_cáp_2020 tối thiểu 30% hằng năm
chỉ tiêu: bình_quân_cáp tối thiểu 12,5% giai đoạn 2021-2023
chỉ tiêu: bình_quân_cáp không quá 5% giai đoạn 2022-2023
chỉ tiêu: giảm_tỷ_lệ tối thiểu 5 điểm % hằng năm
chỉ tiêu: (mức tăng tỷ lệ xã_cáp có có_cáp so với năm trước) không quá 1/3 điểm % hằng năm
"""


@pytest.fixture(scope="module")
def growths():
    return planrules.compile(planrules.parse(GROWTHS, source="g.plan"), calendar=planrules.Calendar.plain())


@st.composite
def _growth_cases(draw, rules):
    rule = draw(st.sampled_from(rules.metric_rules))
    kit = draw(st.sampled_from([facts_meeting, facts_violating, None]))
    if kit is None:
        return draw(valid_facts(rules, years=(2020, 2024))), draw(st.dates(dt.date(2021, 1, 1), dt.date(2025, 1, 1)))
    year = rule.year or draw(st.sampled_from([y for y in (2021, 2022, 2023) if rule.baseline_of(y) < y]))
    return draw(kit(rule, rules=rules, year=year)), dt.date(year, 12, 31)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_growth_judges_alike_in_duckdb_and_python(growths, data):
    from sql_cases import check_both_paths, storable
    from planrules.facts import sources

    facts, as_of = data.draw(_growth_cases(growths))
    facts = storable(facts)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "facts.duckdb"
        sources.write_duckdb(facts, path, growths.vocabulary)
        with sources.DuckDBSource(path) as source:
            check_both_paths(growths, facts, as_of, source)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_kit_draws_facts_that_meet_or_violate_a_growth(growths, data):
    rule = data.draw(st.sampled_from(growths.metric_rules))
    meet = data.draw(st.booleans())
    year = rule.year or data.draw(st.sampled_from([y for y in (2021, 2022, 2023) if rule.baseline_of(y) < y]))
    facts = data.draw((facts_meeting if meet else facts_violating)(rule, rules=growths, year=year))
    assert verdict_for(rule, facts, rules=growths, year=year).status is (Status.MET if meet else Status.NOT_MET)


@settings(max_examples=10, deadline=None)
@given(st.data())
def test_the_kit_draws_the_change_of_a_share_from_both_years(growths, data):
    rule = next(r for r in growths.metric_rules if r.base_kind is RuleKind.SHARE)
    facts = data.draw(facts_meeting(rule, rules=growths, year=2023, using="counts"))
    years = {c.year for u in facts.units for c in u.counts}
    assert years == {2022, 2023}  # its base year, 2022, and the year judged


def test_lint_takes_no_growth_ceiling_or_negative_change_for_a_vacuous_target():
    from planrules.checks.lint import lint

    plan = planrules.parse(HEAD + "chỉ tiêu: (mức tăng số_cáp so với năm trước) không quá 100% hằng năm\n"
                           "chỉ tiêu: (mức tăng cáp so với năm trước) tối thiểu 0 điểm % hằng năm\n"
                           "chỉ tiêu: (mức tăng cáp so với năm trước) không quá 100 điểm % hằng năm\n"
                           "chỉ tiêu: cáp không quá 100% hằng năm\n", source="t.plan")
    vacuous = [d.span.line for d in lint(plan) if d.message.key == "lint_vacuous_target"]
    assert vacuous == [HEAD.count("\n") + 3, HEAD.count("\n") + 4]
    plan = planrules.parse(HEAD + "chỉ tiêu: (mức tăng số_cáp so với năm trước) trên 100% hằng năm\n"
                           "chỉ tiêu: (mức tăng cáp so với năm trước) dưới 0 điểm % hằng năm\n"
                           "chỉ tiêu: (mức tăng cáp so với năm trước) trên 100 điểm % hằng năm\n", source="t.plan")
    unmeetable = [d.span.line for d in lint(plan) if d.message.key == "lint_unmeetable_target"]
    assert unmeetable == [HEAD.count("\n") + 3]  # a share moves 100 points at most; a growth has no ceiling


def test_export_says_what_a_change_is_of_and_its_base_year(growths):
    from planrules.reports.export import ruleset_to_dict

    targets = ruleset_to_dict(growths)["targets"]
    assert [(t["kind"], t.get("of"), t.get("base_year")) for t in targets] == [
        ("growth", "count", "previous year"), ("growth", "count", "previous year"), ("growth", "count", 2020),
        ("average_growth", "count", 2020), ("average_growth", "count", 2021), ("cut", "share", 2022),
        ("growth", "share", "previous year")]


def test_a_reported_growth_is_judged_as_reported_and_a_fall_past_100_percent_is_refused(tmp_path, growths):
    from planrules.base.diagnostics import FactsError
    from planrules.facts.loader import load_facts

    path = tmp_path / "facts.toml"
    path.write_text('[[units."u".values]]\nmetric = "bình_quân_cáp"\nyear = 2023\nvalue = "12,5%"\n', encoding="utf-8")
    facts = load_facts(path, vocabulary=growths.vocabulary)
    verdicts = [v for v in growths.evaluate(facts, dt.date(2023, 12, 31)).verdicts if v.period == "2021-2023"]
    assert [(v.status, v.value) for v in verdicts] == [(Status.MET, Fraction(1, 8))]
    assert "The unit reported 12.5%" in verdicts[0].explain()
    path.write_text('[[units."u".values]]\nmetric = "tăng_cáp"\nyear = 2023\nvalue = "-150%"\n', encoding="utf-8")
    with pytest.raises(FactsError) as raised:
        load_facts(path, vocabulary=growths.vocabulary)
    assert "F132" in str(raised.value) and "a fall of more than 100%" in str(raised.value)


# ------------------------------------------------------------------ of a reported figure, a sum, a ratio --

FIGURES = ('kế hoạch: "2/KH-TEST"\nngày ban hành: 01/01/2021\nđơn vị u: "Đơn vị U"\nđơn vị v: "Đơn vị V"\n'
           "bản ghi dự_án {\n    ngày: ngày tháng\n    vốn: số nguyên\n    điểm: số thập phân\n"
           "    trọng_điểm: có hoặc không\n}\n"
           'chỉ số tỷ_trọng: số liệu báo cáo tính bằng %\nchỉ số băng_thông: số liệu báo cáo tính bằng "Tbps"\n'
           "chỉ số vốn_tđ: tổng vốn của dự_án có trọng_điểm\n"
           "chỉ số tỷ_lệ_vốn: tỷ số vốn_tđ trên (tổng vốn của dự_án)\n")
FIGURE_TARGETS = """chỉ tiêu: (mức tăng tỷ_trọng so với năm trước) trên 0 điểm % hằng năm
chỉ tiêu: (mức giảm băng_thông so với năm 2020) tối thiểu 10% hằng năm
chỉ tiêu: (mức tăng vốn_tđ so với năm trước) tối thiểu 10% hằng năm
chỉ tiêu: (mức tăng tổng điểm của dự_án so với năm 2021) không quá 50% hằng năm
chỉ tiêu: (mức tăng tỷ_lệ_vốn so với năm trước) tối thiểu 5 điểm % hằng năm
chỉ tiêu: (tăng trưởng bình quân băng_thông) tối thiểu 8% giai đoạn 2021-2023
chỉ tiêu: (tăng trưởng bình quân vốn_tđ) không quá 12,5% giai đoạn 2022-2023
"""


def _figure_rules(targets: str = FIGURE_TARGETS) -> planrules.RuleSet:
    return planrules.compile(planrules.parse(FIGURES + targets, source="f.plan"), calendar=planrules.Calendar.plain())


def _value(metric: str, year: int, value) -> f.ReportedValue:
    unit = {"tỷ_trọng": "%", "băng_thông": "Tbps"}[metric]
    return f.ReportedValue(metric, year, Fraction(value), unit=unit)


def _project(i: int, day: dt.date, vốn: int, điểm=Fraction(1), trọng_điểm=True) -> f.Record:
    values = (("ngày", day), ("vốn", vốn), ("điểm", Fraction(điểm)), ("trọng_điểm", trọng_điểm))
    return f.Record("dự_án", values, id=f"D{i}", date=day)


def _figure_verdict(target: str, values=(), records=(), as_of=END, period: str | None = None):
    rules = _figure_rules(f"chỉ tiêu: {target}\n")
    facts = f.Facts(units=(f.UnitFacts("u", records=tuple(records), values=tuple(values)),))
    found = [v for v in rules.evaluate(facts, as_of, units=["u"]).verdicts if period is None or v.period == period]
    return found[-1] if period is None else found[0]


def test_the_growth_of_a_figure_a_sum_or_a_ratio_reads_and_writes_back_in_both_languages():
    plan = planrules.parse(FIGURES + "chỉ số t1: mức tăng tổng vốn của dự_án có trọng_điểm so với năm trước\n"
                           "chỉ số t2: mức giảm tỷ số vốn_tđ trên (tổng vốn của dự_án) so với năm 2020\n"
                           "chỉ số t3: tăng trưởng bình quân tổng điểm của dự_án\n"
                           "chỉ số t4: mức tăng tỷ_trọng so với năm trước\n" + FIGURE_TARGETS, source="f.plan")
    metrics = {x.name: x.expr for x in plan.metrics}
    assert metrics["t1"] == m.Growth(m.SumOf("vốn", "dự_án", (m.FlagIsSet("trọng_điểm"),)))
    assert metrics["t2"] == m.CutVsPreviousYear(m.RatioOf(m.MetricName("vốn_tđ"), m.SumOf("vốn", "dự_án")), 2020)
    assert metrics["t3"] == m.AverageGrowth(m.SumOf("điểm", "dự_án"))
    assert metrics["t4"] == m.Growth(m.MetricName("tỷ_trọng"))
    english = print_plan(plan, "en")
    assert "metric t1: growth in sum of vốn of dự_án where trọng_điểm vs previous year" in english
    assert "metric t2: cut in ratio of vốn_tđ to (sum of vốn of dự_án) vs year 2020" in english
    assert "metric t3: average growth in sum of điểm of dự_án" in english
    assert "target: (growth in tỷ_trọng vs previous year) more than 0 points yearly" in english
    for text in (english, print_plan(plan, "vi")):
        assert planrules.parse(text, source="f.plan").body == plan.body
    assert resolve([plan]) == []


@pytest.mark.parametrize(("target", "code", "key"), [
    ("(mức tăng tỷ_trọng so với năm trước) tối thiểu 5% hằng năm", "R210", "needs_points"),  # a % figure: points
    ("(mức tăng tỷ_lệ_vốn so với năm trước) tối thiểu 5% hằng năm", "R210", "needs_points"),  # a ratio: points
    ("(mức tăng băng_thông so với năm trước) tối thiểu 5 điểm % hằng năm", "R210", "needs_percent"),  # Tbps: %
    ("(mức giảm vốn_tđ so với năm trước) tối thiểu 5 hằng năm", "R210", "needs_percent"),  # a sum: %
    ("(tăng trưởng bình quân tỷ_trọng) tối thiểu 5% giai đoạn 2021-2025", "R206", "average_needs_count"),
    ("(tăng trưởng bình quân tỷ_lệ_vốn) tối thiểu 5% giai đoạn 2021-2025", "R206", "average_needs_count"),
    ("(tăng trưởng bình quân băng_thông) tối thiểu 5% hằng năm", "R210", "average_needs_span"),
    ("(mức tăng băng_thông so với năm 2022) tối thiểu 5% trong năm 2022", "R210", "base_year_not_before"),
])
def test_a_change_of_a_figure_is_checked_for_its_unit_and_what_it_is_of(target, code, key):
    plan = planrules.parse(FIGURES + f"chỉ tiêu: {target}\n", source="f.plan")
    found = [(d.code, d.message.key, d.span.line) for d in resolve([plan]) if d.code in ("R206", "R210")]
    assert found == [(code, key, FIGURES.count("\n") + 1)]


def test_a_change_of_a_change_is_still_r206():
    plan = planrules.parse(FIGURES + "chỉ số t: mức tăng băng_thông so với năm trước\n"
                           "chỉ tiêu: (mức tăng t so với năm trước) tối thiểu 5% hằng năm\n", source="f.plan")
    assert [(d.code, d.message.key) for d in resolve([plan])] == [("R206", "cut_needs_count")]


def test_a_figure_in_percent_changes_in_points_and_a_missing_year_is_unknown_naming_it():
    target = "(mức tăng tỷ_trọng so với năm trước) trên 0 điểm % trong năm 2024"
    rising = _figure_verdict(target, [_value("tỷ_trọng", 2023, "0.2"), _value("tỷ_trọng", 2024, "0.225")])
    assert (rising.status, rising.value, rising.value_unit) == (Status.MET, Fraction(1, 40), m.QuantityUnit.POINTS)
    assert "tỷ_trọng: 20% in 2023, 22.5% in 2024: a growth of 2.5 points > 0 points." in rising.explain()
    assert "tỷ_trọng: 20% năm 2023, 22,5% năm 2024: tăng 2,5 điểm % > 0 điểm %." in rising.explain("vi")
    flat = _figure_verdict(target, [_value("tỷ_trọng", 2023, "0.2"), _value("tỷ_trọng", 2024, "0.2")])
    assert (flat.status, flat.value) == (Status.NOT_MET, 0)  # not rising: "tăng dần" asks more than 0
    falling = _figure_verdict(target, [_value("tỷ_trọng", 2023, "0.2"), _value("tỷ_trọng", 2024, "0.19")])
    assert falling.status is Status.NOT_MET and "a fall of 1 point, not a growth" in falling.explain()
    for missing in (2023, 2024):  # either year without a figure: unknown, never a change from or to zero
        kept = [_value("tỷ_trọng", y, "0.2") for y in (2023, 2024) if y != missing]
        v = _figure_verdict(target, kept)
        assert (v.status, v.value) == (Status.UNKNOWN, None)
        assert f"No figure of tỷ_trọng was reported for {missing}" in v.explain()
    open_ = _figure_verdict(target, [_value("tỷ_trọng", 2023, "0.2"), _value("tỷ_trọng", 2024, "0.25")],
                            as_of=dt.date(2024, 6, 30))
    assert (open_.status, open_.on_track) == (Status.PENDING, True)  # a figure so far is a level, as the year's
    waiting = _figure_verdict(target, [_value("tỷ_trọng", 2023, "0.2")], as_of=dt.date(2024, 6, 30))
    assert waiting.status is Status.PENDING  # nothing reported for the open year yet


def test_a_figure_in_a_named_unit_changes_by_a_percentage_of_the_base_year():
    target = "(mức giảm băng_thông so với năm 2020) tối thiểu 10% trong năm 2025"
    v = _figure_verdict(target, [_value("băng_thông", 2020, 10), _value("băng_thông", 2025, 9)])
    assert (v.status, v.value, v.value_unit) == (Status.MET, Fraction(1, 10), m.QuantityUnit.PERCENT)
    assert "băng_thông: 10 Tbps in 2020, 9 Tbps in 2025: a cut of 10% ≥ 10%." in v.explain()
    zero = _figure_verdict(target, [_value("băng_thông", 2020, 0), _value("băng_thông", 2025, 9)])
    assert zero.status is Status.NOT_MET and "an increase from zero is not a cut" in zero.explain()
    growth = _figure_verdict("(mức tăng băng_thông so với năm 2020) tối thiểu 10% trong năm 2025",
                             [_value("băng_thông", 2020, 0), _value("băng_thông", 2025, 9)])
    assert growth.status is Status.UNKNOWN and "a growth from zero is undefined" in growth.explain()
    below = _figure_verdict(target, [_value("băng_thông", 2020, -10), _value("băng_thông", 2025, -20)])
    assert below.status is Status.UNKNOWN and "a value below zero has no meaning" in below.explain().replace(
        "a change in percent of a value below zero has no meaning", "a value below zero has no meaning")


def test_a_sum_grows_by_a_percentage_and_an_open_year_says_the_total_it_needs():
    target = "(mức tăng vốn_tđ so với năm trước) tối thiểu 10% trong năm 2024"
    records = [_project(1, dt.date(2023, 3, 1), 60), _project(2, dt.date(2023, 9, 1), 40),
               _project(3, dt.date(2024, 2, 1), 70), _project(4, dt.date(2024, 5, 1), 39),
               _project(5, dt.date(2024, 5, 2), 500, trọng_điểm=False)]
    v = _figure_verdict(target, records=records)
    assert (v.status, v.value) == (Status.NOT_MET, Fraction(9, 100))  # 100 -> 109, the other project not counted
    assert "vốn_tđ: 100 in 2023, 109 in 2024: a growth of 9%, needs ≥ 10%." in v.explain()
    assert [(x.name, x.value) for x in v.figures] == [("baseline_total", 100), ("current_total", 109)]
    met = _figure_verdict(target, records=records + [_project(6, dt.date(2024, 6, 1), 1)])
    assert (met.status, met.value) == (Status.MET, Fraction(1, 10))  # exactly the threshold
    so_far = _figure_verdict(target, records=records[:3], as_of=dt.date(2024, 3, 31))
    assert (so_far.status, so_far.value, so_far.on_track) == (Status.PENDING, None, None)
    assert "70 so far (to 31/03/2024), against 100 for 2023" in so_far.explain()
    assert "kept if 2024 ends with a total ≥ 110." in so_far.explain()
    assert "nếu cả năm 2024 có tổng ≥ 110." in so_far.explain("vi")
    none = _figure_verdict(target, records=records[2:])
    assert none.status is Status.UNKNOWN and "for 2023" in none.explain()  # no records of the base year


def test_a_decimal_sum_may_fall_below_zero_and_a_change_from_below_zero_is_unknown():
    target = "(mức tăng tổng điểm của dự_án so với năm 2021) không quá 50% trong năm 2022"
    fell = _figure_verdict(target, records=[_project(1, dt.date(2021, 1, 5), 1, "2.5"),
                                            _project(2, dt.date(2022, 1, 5), 1, "-2.5")])
    assert (fell.status, fell.value) == (Status.MET, Fraction(-2))  # a fall of 200%
    below = _figure_verdict(target, records=[_project(1, dt.date(2021, 1, 5), 1, "-2.5"),
                                             _project(2, dt.date(2022, 1, 5), 1, "2.5")])
    assert (below.status, below.value) == (Status.UNKNOWN, None)


def test_a_ratio_changes_in_points_and_nothing_to_divide_by_is_as_for_a_share():
    target = "(mức tăng tỷ_lệ_vốn so với năm trước) tối thiểu 5 điểm % trong năm 2024"
    records = [_project(1, dt.date(2023, 3, 1), 50), _project(2, dt.date(2023, 3, 2), 50, trọng_điểm=False),
               _project(3, dt.date(2024, 3, 1), 55), _project(4, dt.date(2024, 3, 2), 45, trọng_điểm=False)]
    v = _figure_verdict(target, records=records)
    assert (v.status, v.value) == (Status.MET, Fraction(1, 20))
    assert "vốn_tđ / total vốn of dự_án: 50% in 2023, 55% in 2024" in v.explain()
    empty = [_project(1, dt.date(2023, 3, 1), 50), _project(3, dt.date(2024, 3, 1), 0)]
    assert _figure_verdict(target, records=empty).status is Status.NOT_APPLICABLE  # 0 / 0 this year
    assert _figure_verdict(target + " nếu không phát sinh: đạt", records=empty).status is Status.MET
    before = [_project(1, dt.date(2023, 3, 1), 0), _project(3, dt.date(2024, 3, 1), 50)]
    assert _figure_verdict(target, records=before).status is Status.UNKNOWN  # from 0 / 0


def test_an_average_growth_of_a_figure_or_a_sum_is_judged_exactly():
    target = "(tăng trưởng bình quân băng_thông) tối thiểu 8% giai đoạn 2021-2023"
    base = Fraction(10)
    exact = _figure_verdict(target, [_value("băng_thông", 2020, base), _value("băng_thông", 2023, base * Fraction(27, 25) ** 3)])
    assert (exact.status, exact.value, exact.period) == (Status.MET, Fraction(2, 25), "2021-2023")
    assert "judged exactly, the ratio of the two against (1 + 8%)^3" in exact.explain()
    short = _figure_verdict(target, [_value("băng_thông", 2020, base),
                                     _value("băng_thông", 2023, base * Fraction(27, 25) ** 3 - Fraction(1, 10**6))])
    assert short.status is Status.NOT_MET and short.value < Fraction(2, 25)


def test_a_roll_up_adds_the_totals_of_a_sum_and_the_terms_of_a_ratio_never_figures():
    rules = _figure_rules("chỉ tiêu: (mức tăng vốn_tđ so với năm trước) tối thiểu 10% trong năm 2024\n"
                          "chỉ tiêu: (mức tăng tỷ_lệ_vốn so với năm trước) tối thiểu 5 điểm % trong năm 2024\n"
                          "chỉ tiêu: (mức tăng tỷ_trọng so với năm trước) trên 0 điểm % trong năm 2024\n")
    u = f.UnitFacts("u", records=(_project(1, dt.date(2023, 3, 1), 50), _project(2, dt.date(2024, 3, 1), 40)),
                    values=(_value("tỷ_trọng", 2023, "0.2"), _value("tỷ_trọng", 2024, "0.3")))
    v = f.UnitFacts("v", records=(_project(3, dt.date(2023, 3, 1), 50), _project(4, dt.date(2024, 3, 1), 75),
                                  _project(5, dt.date(2024, 3, 1), 25, trọng_điểm=False)),
                    values=(_value("tỷ_trọng", 2023, "0.2"), _value("tỷ_trọng", 2024, "0.3")))
    report = rules.evaluate(f.Facts(units=(u, v)), END)
    total, ratio, figure = (next(a for a in roll_up(report, {"u": "g", "v": "g"}).aggregates if a.rule == r.clause.rule)
                            for r in rules.metric_rules)
    assert (total.status, total.value) == (Status.MET, Fraction(15, 100))  # 100 -> 115, though u fell
    assert (ratio.status, ratio.value) == (Status.NOT_MET, Fraction(115, 140) - 1)  # 100/100 -> 115/140
    assert figure.status is Status.UNKNOWN and figure.coverage.counted == ()  # one body's figures do not add up
    from planrules.reports.phrases import aggregate_sentences

    assert aggregate_sentences(total, "en")[0] == "Summed across 2 unit(s): 100 in 2023, 115 in 2024: 15% ≥ 10%."


def test_a_child_may_ask_more_growth_of_a_figure_never_less(tmp_path):
    from planrules.checks.inheritance import check_inheritance

    (tmp_path / "p.plan").write_text(FIGURES.replace("2/KH-TEST", "1/KH-P") + (
        "chỉ tiêu I.1: (mức tăng tỷ_trọng so với năm trước) trên 0 điểm % hằng năm\n"
        "chỉ tiêu I.2: (mức tăng vốn_tđ so với năm trước) tối thiểu 10% hằng năm\n"), encoding="utf-8")
    head = 'kế hoạch: "2/KH-C"\nngày ban hành: 01/03/2021\ncấp trên: "1/KH-P"\n'
    (tmp_path / "c.plan").write_text(head + "chỉ tiêu II.1: (mức tăng tỷ_trọng so với năm trước) tối thiểu 1 điểm % hằng năm\n"
                                     "chỉ tiêu II.2: (mức tăng vốn_tđ so với năm trước) tối thiểu 5% hằng năm\n",
                                     encoding="utf-8")
    library = planrules.load_dir(tmp_path)
    found = sorted((d.code, d.span.line) for d in check_inheritance(library) if d.severity.value == "error")
    assert found == [("I301", 5)]  # 5% of the sum asks less than 10%; 1 point more than "above 0"


FIGURE_GROWTHS = FIGURE_TARGETS + "chỉ tiêu: (mức giảm tỷ_trọng so với năm 2021) không quá 1/3 điểm % hằng năm\n"


@pytest.fixture(scope="module")
def figure_growths():
    return _figure_rules(FIGURE_GROWTHS)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_growth_of_figures_sums_and_ratios_judges_alike_in_duckdb_and_python(figure_growths, data):
    from sql_cases import check_both_paths, storable
    from planrules.facts import sources

    rule = data.draw(st.sampled_from(figure_growths.metric_rules))
    kit = data.draw(st.sampled_from([facts_meeting, facts_violating, None]))
    year = rule.year or data.draw(st.sampled_from([y for y in (2022, 2023) if rule.baseline_of(y) < y]))
    try:  # the kit draws no change of a ratio: valid facts then, which draw each term's records and figures
        if kit is None:
            raise ValueError("valid facts")
        facts, as_of = data.draw(kit(rule, rules=figure_growths, year=year)), dt.date(year, 12, 31)
    except ValueError:
        facts = data.draw(valid_facts(figure_growths, years=(2020, 2024)))
        as_of = data.draw(st.dates(dt.date(2021, 1, 1), dt.date(2025, 1, 1)))
    facts = storable(facts)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "facts.duckdb"
        sources.write_duckdb(facts, path, figure_growths.vocabulary)
        with sources.DuckDBSource(path) as source:
            check_both_paths(figure_growths, facts, as_of, source)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_kit_draws_facts_that_meet_or_violate_the_growth_of_a_figure_or_a_sum(figure_growths, data):
    drawable = [r for r in figure_growths.metric_rules if r.base_kind is not RuleKind.RATIO]
    rule = data.draw(st.sampled_from(drawable))
    meet = data.draw(st.booleans())
    year = rule.year or data.draw(st.sampled_from([y for y in (2022, 2023) if rule.baseline_of(y) < y]))
    facts = data.draw((facts_meeting if meet else facts_violating)(rule, rules=figure_growths, year=year))
    assert verdict_for(rule, facts, rules=figure_growths, year=year).status is (Status.MET if meet else Status.NOT_MET)
    with pytest.raises(ValueError, match="the change of a ratio"):
        facts_meeting(next(r for r in figure_growths.metric_rules if r.base_kind is RuleKind.RATIO),
                      rules=figure_growths, year=2023)
