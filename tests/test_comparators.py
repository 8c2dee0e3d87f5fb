"""Strict comparators, ranges and what nothing to measure means (issue 18, "BOUNDS"): `language/bounds.py`.

`trên` / `more than` / `>`, `dưới` / `less than` / `<`, `từ 40% đến 50%` / `from 40% to 50%` / `40–50%`, and
`nếu không phát sinh: đạt` / `if none: met`: the language (three spellings, the formatter), the semantics of
each bound (a value on an end, decided early in an open year, inheritance), and verdicts end to end.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import sql_cases
from planrules import Status, format, parse
from planrules.base.diagnostics import PlanSyntaxError
from planrules.evaluation.compiler import compile, shortfalls
from planrules.facts import model as f
from planrules.language import model as m
from planrules.language.bounds import Bound

C = m.Comparator
HEAD = '''kế hoạch: "40/KH-UBND"
ngày ban hành: 15/03/2025
đơn vị vp: "Văn phòng"
'''
PCT = m.QuantityUnit.PERCENT


# ------------------------------------------------------------- language --


@pytest.mark.parametrize(("text", "comparator", "threshold", "upper"), [
    ("trên 30", C.MORE_THAN, m.Quantity(Fraction(30)), None),
    ("tren 30", C.MORE_THAN, m.Quantity(Fraction(30)), None),
    ("lớn hơn 30", C.MORE_THAN, m.Quantity(Fraction(30)), None),
    ("more than 30", C.MORE_THAN, m.Quantity(Fraction(30)), None),
    ("> 30", C.MORE_THAN, m.Quantity(Fraction(30)), None),
    ("dưới 30", C.LESS_THAN, m.Quantity(Fraction(30)), None),
    ("nhỏ hơn 30", C.LESS_THAN, m.Quantity(Fraction(30)), None),
    ("nho hon 30", C.LESS_THAN, m.Quantity(Fraction(30)), None),
    ("less than 30", C.LESS_THAN, m.Quantity(Fraction(30)), None),
    ("< 30", C.LESS_THAN, m.Quantity(Fraction(30)), None),
    ("từ 40% đến 50%", C.BETWEEN, m.Quantity(Fraction(40), PCT), m.Quantity(Fraction(50), PCT)),
    ("tu 40 den 50%", C.BETWEEN, m.Quantity(Fraction(40), PCT), m.Quantity(Fraction(50), PCT)),
    ("from 40% to 50", C.BETWEEN, m.Quantity(Fraction(40), PCT), m.Quantity(Fraction(50), PCT)),
    ("40–50%", C.BETWEEN, m.Quantity(Fraction(40), PCT), m.Quantity(Fraction(50), PCT)),
    ("20%-50%", C.BETWEEN, m.Quantity(Fraction(20), PCT), m.Quantity(Fraction(50), PCT)),
    ("40 - 40", C.BETWEEN, m.Quantity(Fraction(40)), m.Quantity(Fraction(40))),
])
def test_a_bound_in_every_spelling(text, comparator, threshold, upper):
    (target,) = parse(HEAD + f"chỉ tiêu: tỷ_lệ_hội_nghị_trực_tuyến {text} hằng năm\n").targets
    assert (target.comparator, target.threshold, target.upper) == (comparator, threshold, upper)


@pytest.mark.parametrize(("text", "when"), [
    ("nếu không phát sinh: đạt", m.WhenNone.MET),
    ("neu khong phat sinh: dat", m.WhenNone.MET),
    ("if none: met", m.WhenNone.MET),
    ("nếu không phát sinh: không áp dụng", m.WhenNone.NOT_APPLICABLE),
    ("if none: not applicable", m.WhenNone.NOT_APPLICABLE),
    ("", None),
])
def test_what_nothing_to_measure_means_in_every_spelling(text, when):
    (target,) = parse(HEAD + f"chỉ tiêu: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 60% hằng năm phạm vi: vp {text}\n").targets
    assert (target.when_none, target.scope) == (when, m.Scope(("vp",)))


@pytest.mark.parametrize(("body", "vi", "en"), [
    ("số_hội_nghị > 3", "số_hội_nghị trên 3", "số_hội_nghị more than 3"),
    ("số_hội_nghị nhỏ hơn 3 trong năm 2026", "số_hội_nghị dưới 3 trong năm 2026",
     "số_hội_nghị less than 3 in year 2026"),
    ("tỷ_lệ_hội_nghị_trực_tuyến 40-50% hằng năm nếu không phát sinh: đạt",
     "tỷ_lệ_hội_nghị_trực_tuyến từ 40% đến 50% hằng năm nếu không phát sinh: đạt",
     "tỷ_lệ_hội_nghị_trực_tuyến from 40% to 50% yearly if none: met"),
    ("thời_lượng_hội_nghị(quán_triệt) từ 0,5 đến 1 ngày đến ngày 30/11/2026 if none: not applicable",
     "thời_lượng_hội_nghị(quán_triệt) từ 1/2 ngày đến 1 ngày đến ngày 30/11/2026 nếu không phát sinh: không áp dụng",
     "thời_lượng_hội_nghị(quán_triệt) from 1/2 day to 1 day by 30/11/2026 if none: not applicable"),
])
def test_the_formatter_writes_each_bound_back(body, vi, en):
    plan = parse(HEAD + f"chỉ tiêu: {body}\n")
    for lang, line in (("vi", f"chỉ tiêu: {vi}"), ("en", f"target: {en}")):
        text = format(plan, lang)
        assert line in text.splitlines()
        assert parse(text) == plan


@pytest.mark.parametrize(("body", "words"), [
    ("từ 50 đến 40", "runs backwards"),
    ("5%–20 ngày", "different units"),
])
def test_a_range_that_cannot_be_is_refused_where_it_is_written(body, words):
    with pytest.raises(PlanSyntaxError) as error:
        parse(HEAD + f"chỉ tiêu: số_hội_nghị {body}\n")
    (d,) = error.value.diagnostics
    assert d.code == "E101" and words in d.message.text("en") and d.span.column == 23


# ------------------------------------------------------------ semantics --

fractions = st.fractions(min_value=-50, max_value=50, max_denominator=12)
single = st.builds(Bound, st.sampled_from([c for c in C if c is not C.BETWEEN]), fractions)
ranges = st.builds(lambda a, b: Bound(C.BETWEEN, min(a, b), max(a, b)), fractions, fractions)
bounds = st.one_of(single, ranges)


@given(st.sampled_from(list(C)), fractions, fractions)
def test_a_value_on_an_end_keeps_an_inclusive_bound_and_breaks_a_strict_one(comparator, limit, more):
    upper = limit + abs(more) if comparator is C.BETWEEN else None
    bound = Bound(comparator, limit, upper)
    inclusive = comparator in (C.AT_LEAST, C.AT_MOST, C.BETWEEN)
    assert bound.holds(limit) is inclusive
    if upper is not None:
        assert bound.holds(upper)
    eps = Fraction(1, 10**9)
    assert bound.holds(limit + eps) is (comparator in (C.AT_LEAST, C.MORE_THAN) or
                                        (comparator is C.BETWEEN and upper > limit))
    assert bound.holds(limit - eps) is (comparator in (C.AT_MOST, C.LESS_THAN))


@given(bounds, st.one_of(fractions, st.integers(min_value=-60, max_value=60),
                         st.fractions(min_value=-10**30, max_value=10**30, max_denominator=10**12)))
def test_holds_compared_in_integers_is_the_fractions_comparison(bound, value):
    """`Bound.holds` cross-multiplies a Fraction's or an int's numerator and denominator with each end's (the fast
    path of every verdict and every record a cap scans): the same answer as comparing the Fractions themselves,
    on each end, strict or not, and the same for an int as for the Fraction equal to it."""
    fractions_say = bound.keeps_lower(value) and bound.keeps_upper(value)
    assert bound.holds(value) is fractions_say
    assert bound.holds(Fraction(value)) is fractions_say
    for end in (bound.lower_end, bound.upper_end):  # on an end, and just beside it
        if end is not None:
            for near in (end[0], end[0] + Fraction(1, 10**15), end[0] - Fraction(1, 10**15)):
                assert bound.holds(near) is (bound.keeps_lower(near) and bound.keeps_upper(near))


@given(bounds)
def test_a_bounds_sides_are_its_ends(bound):
    """`sides`, worked out once, names the ends the bound has: what `worst`, `extreme` and a cap's words read."""
    expected = "both" if bound.comparator is C.BETWEEN else ("lower" if bound.upper_end is None else "upper")
    assert bound.sides == expected
    assert bound.minimum is (expected == "lower") and bound.maximum is (expected == "upper")


@given(bounds, bounds, fractions)
def test_a_bound_within_another_asks_at_least_as_much(mine, theirs, value):
    """`within` is the subset order of the bounds' sets of values: a value keeping the inner keeps the outer."""
    if mine.within(theirs) and mine.holds(value):
        assert theirs.holds(value)
    assert mine.within(mine)
    assert (mine.looser_ends(theirs) == ()) is mine.within(theirs)


@given(st.sampled_from([C.AT_LEAST, C.AT_MOST]), fractions)
def test_strict_asks_more_than_inclusive_at_the_same_number(inclusive, limit):
    strict = {C.AT_LEAST: C.MORE_THAN, C.AT_MOST: C.LESS_THAN}[inclusive]
    assert Bound(strict, limit).within(Bound(inclusive, limit))
    assert not Bound(inclusive, limit).within(Bound(strict, limit))


@given(bounds, st.integers(-60, 60), st.integers(0, 40), st.sampled_from([1, -1]))
def test_decided_early_and_certain_agree_with_every_value_still_to_come(bound, so_far, steps, moves):
    """A value that only grows (a count, `moves` 1) or only falls (a cut, -1): decided means no value it can
    still reach keeps the bound; certain means every one does; neither claims what one reachable value refutes."""
    reachable = [Fraction(so_far + moves * k, 4) for k in range(0, 4 * 200)]
    value = reachable[0]
    keeps = [bound.holds(v) for v in reachable]
    if bound.decided(value, moves):
        assert not any(keeps)
    if bound.certain(value, moves):
        assert all(keeps)
    if not bound.decided(value, moves) and any(bound.holds(v) for v in (bound.limit, bound.upper or bound.limit)):
        # not decided: some value on the way keeps it (its ends lie within the 200 steps drawn)
        ends = [e for e in (bound.lower_end, bound.upper_end) if e is not None]
        if all(abs(e[0]) <= 50 for e in ends):
            assert any(keeps) or not any(bound.holds(v) for v in reachable)


@pytest.mark.parametrize(("bound", "moves", "decided_at", "certain_at"), [
    (Bound(C.LESS_THAN, Fraction(30)), 1, 30, None),   # a count of 30 can no longer be below 30
    (Bound(C.AT_MOST, Fraction(30)), 1, 31, None),
    (Bound(C.MORE_THAN, Fraction(30)), 1, None, 31),   # 31 > 30 for good, judged on its day
    (Bound(C.AT_LEAST, Fraction(30)), 1, None, 30),
    (Bound(C.BETWEEN, Fraction(20), Fraction(30)), 1, 31, None),  # a range is never certain early
    (Bound(C.MORE_THAN, Fraction(1, 10)), -1, Fraction(1, 10), None),  # a cut of exactly 10% stays ≤ 10%
    (Bound(C.AT_LEAST, Fraction(1, 10)), -1, Fraction(9, 100), None),
    (Bound(C.LESS_THAN, Fraction(1, 10)), -1, None, Fraction(9, 100)),
    (Bound(C.AT_MOST, Fraction(1, 10)), -1, None, Fraction(1, 10)),
])
def test_decided_early_for_each_comparator_and_direction(bound, moves, decided_at, certain_at):
    for v in (Fraction(-100), Fraction(0), Fraction(1, 10), Fraction(9, 100), Fraction(20), Fraction(30),
              Fraction(31), Fraction(100)):
        assert bound.decided(v, moves) is (decided_at is not None and (v >= decided_at if moves > 0 else
                                                                      v <= decided_at))
        assert bound.certain(v, moves) is (certain_at is not None and (v >= certain_at if moves > 0 else
                                                                      v <= certain_at))


# ----------------------------------------------------------- inheritance --

PARENT = '''kế hoạch: "1/KH-TW"
ngày ban hành: 01/01/2025
chỉ tiêu II.1: {parent}
'''
CHILD = '''kế hoạch: "2/KH-UBND"
ngày ban hành: 01/02/2025
cấp trên: "1/KH-TW"
đơn vị vp: "Văn phòng"
chỉ tiêu II.1: {child}
'''


def _rules(text: str):
    (rule,) = compile(parse(text)).metric_rules
    return rule


percent = st.integers(0, 100)


@settings(max_examples=60, deadline=None)
@given(percent, percent, percent, percent)
def test_a_child_range_inside_its_parents_never_fails_and_one_that_widens_it_always_does(a, b, c, d):
    lo, hi = min(a, b), max(a, b)
    clo, chi = min(c, d), max(c, d)
    metric = "tỷ_lệ_hội_nghị_trực_tuyến"
    theirs = _rules(PARENT.format(parent=f"{metric} từ {lo}% đến {hi}% hằng năm"))
    mine = _rules(CHILD.format(child=f"{metric} từ {clo}% đến {chi}% hằng năm"))
    inside = lo <= clo and chi <= hi
    found = shortfalls(mine, theirs)
    assert ("minimum" in found) is (clo < lo) and ("maximum" in found) is (chi > hi)
    assert (not found) is inside


@pytest.mark.parametrize(("parent", "child", "found"), [
    ("số_hội_nghị tối thiểu 30", "số_hội_nghị trên 30", ()),
    ("số_hội_nghị trên 30", "số_hội_nghị tối thiểu 30", ("minimum",)),
    ("số_hội_nghị không quá 30", "số_hội_nghị dưới 30", ()),
    ("số_hội_nghị dưới 30", "số_hội_nghị không quá 30", ("maximum",)),
    ("số_hội_nghị dưới 30", "số_hội_nghị dưới 31", ("maximum",)),
])
def test_strict_and_inclusive_at_the_same_number_in_a_child_plan(parent, child, found):
    assert shortfalls(_rules(CHILD.format(child=child)), _rules(PARENT.format(parent=parent))) == found


# ------------------------------------------------------------- verdicts --

PLAN = HEAD + '''chỉ tiêu: {target}
'''


def _conferences(n: int, year: int = 2026, online: int = 0, *, days=Fraction(1)) -> tuple[f.Record, ...]:
    return tuple(f.Record("hội_nghị", (("ngày", dt.date(year, 3, 1 + i % 28)), ("loại", "chuyên_môn"),
                                       ("trực_tuyến", i < online), ("thời_lượng", days)),
                          id=f"HN-{year}-{i}", date=dt.date(year, 3, 1 + i % 28)) for i in range(n))


def _verdict(target: str, records, as_of: dt.date, year: str = "2026", counts=()):
    rules = compile(parse(PLAN.format(target=target)))
    report = rules.evaluate(f.Facts((f.UnitFacts("vp", records=tuple(records), counts=tuple(counts)),)), as_of)
    (v,) = [v for v in report.verdicts if v.period == year]
    return v


OPEN, CLOSED = dt.date(2026, 6, 30), dt.date(2026, 12, 31)


@pytest.mark.parametrize(("target", "n", "as_of", "status", "track"), [
    ("số_hội_nghị dưới 3 trong năm 2026", 2, CLOSED, Status.MET, None),
    ("số_hội_nghị dưới 3 trong năm 2026", 3, CLOSED, Status.NOT_MET, None),
    ("số_hội_nghị dưới 3 trong năm 2026", 3, OPEN, Status.NOT_MET, None),  # counts only grow: decided early
    ("số_hội_nghị dưới 3 trong năm 2026", 2, OPEN, Status.PENDING, None),
    ("số_hội_nghị trên 3 trong năm 2026", 3, CLOSED, Status.NOT_MET, None),
    ("số_hội_nghị trên 3 trong năm 2026", 4, CLOSED, Status.MET, None),
    ("số_hội_nghị trên 3 trong năm 2026", 4, OPEN, Status.PENDING, True),  # reached; judged on its day
    ("số_hội_nghị trên 3 trong năm 2026", 3, OPEN, Status.PENDING, None),
    ("số_hội_nghị từ 2 đến 3 trong năm 2026", 1, CLOSED, Status.NOT_MET, None),
    ("số_hội_nghị từ 2 đến 3 trong năm 2026", 2, CLOSED, Status.MET, None),
    ("số_hội_nghị từ 2 đến 3 trong năm 2026", 3, CLOSED, Status.MET, None),
    ("số_hội_nghị từ 2 đến 3 trong năm 2026", 4, CLOSED, Status.NOT_MET, None),
    ("số_hội_nghị từ 2 đến 3 trong năm 2026", 4, OPEN, Status.NOT_MET, None),  # past the top: decided
    ("số_hội_nghị từ 2 đến 3 trong năm 2026", 3, OPEN, Status.PENDING, None),  # inside, may still pass it
])
def test_a_count_against_each_bound_closed_and_open(target, n, as_of, status, track):
    v = _verdict(target, _conferences(n), as_of)
    assert (v.status, v.on_track) == (status, track)


@pytest.mark.parametrize(("online", "status", "shown"), [
    (3, Status.NOT_MET, "30%, needs 40%–50%"),
    (4, Status.MET, "40% in 40%–50%"),
    (5, Status.MET, "50% in 40%–50%"),
    (6, Status.NOT_MET, "60%, needs 40%–50%"),  # beating the top of a range is not meeting it
])
def test_a_share_in_a_range_both_ends_included(online, status, shown):
    v = _verdict("tỷ_lệ_hội_nghị_trực_tuyến 40–50% trong năm 2026", _conferences(10, online=online), CLOSED)
    assert v.status is status and shown in v.explain("en")
    assert v.upper == m.Quantity(Fraction(50), PCT)


@pytest.mark.parametrize(("when", "status", "words"), [
    ("", Status.NOT_APPLICABLE, "apply"),
    (" nếu không phát sinh: không áp dụng", Status.NOT_APPLICABLE, "apply"),
    (" nếu không phát sinh: đạt", Status.MET, "if none: met"),
])
@pytest.mark.parametrize("target", [
    "tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 60% trong năm 2026",  # 0/0
    "thời_lượng_hội_nghị(quán_triệt) không quá ½ ngày trong năm 2026",  # a cap on no record
    "giảm_hội_nghị tối thiểu 10% trong năm 2026",  # a cut from 0 to 0
])
def test_nothing_to_measure_is_what_the_target_says(target, when, status, words):
    zero = [f.Count("hội_nghị", year, 0, where) for year in (2025, 2026) for where in ((), (("trực_tuyến", True),))]
    v = _verdict(target + when, (), CLOSED, counts=zero)  # none in 2025 or 2026
    assert v.status is status and words in v.explain("en"), v.explain("en")
    assert _verdict(target + when, (), OPEN, counts=zero).status is Status.PENDING  # records may still come


def test_a_cap_in_a_range_lists_the_records_outside_it():
    records = _conferences(3, days=Fraction(1)) + _conferences(1, days=Fraction(3))[:0] + (
        f.Record("hội_nghị", (("ngày", dt.date(2026, 5, 1)), ("loại", "chuyên_môn"), ("trực_tuyến", False),
                              ("thời_lượng", Fraction(1, 4))), id="HN-short", date=dt.date(2026, 5, 1)),)
    v = _verdict("thời_lượng_hội_nghị(chuyên_môn) từ ½ đến 1 ngày trong năm 2026", records, CLOSED)
    assert v.status is Status.NOT_MET and v.value == Fraction(1, 4)
    assert "fall outside 0.5 days–1 day: HN-short (0.25 days)" in v.explain("en")


@pytest.mark.parametrize(("parent", "child", "codes"), [
    ("từ 40% đến 60%", "từ 45% đến 55%", ["I310"]),  # inside: stricter, which is fine
    ("từ 40% đến 60%", "từ 40% đến 60%", []),
    ("từ 40% đến 60%", "từ 30% đến 60%", ["I301"]),
    ("từ 40% đến 60%", "từ 40% đến 70%", ["I302"]),
    ("từ 40% đến 60%", "từ 30% đến 70%", ["I301", "I302"]),
    ("tối thiểu 40%", "trên 40%", ["I310"]),
    ("trên 40%", "tối thiểu 40%", ["I301"]),
    ("tối thiểu 40%", "từ 45% đến 50%", []),  # a range and a minimum bound neither each other: both judged
])
def test_a_childs_bound_against_its_parents_through_the_check(parent, child, codes):
    from planrules import Library, prelude
    from planrules.checks.inheritance import check_inheritance

    p = parse(PARENT.format(parent=f"tỷ_lệ_hội_nghị_trực_tuyến {parent} hằng năm"))
    c = parse(CHILD.format(child=f"tỷ_lệ_hội_nghị_trực_tuyến {child} hằng năm"))
    found = check_inheritance(Library((p, c), ("p.plan", "c.plan")), prelude())
    assert sorted(d.code for d in found) == codes


@pytest.mark.parametrize(("target", "key"), [
    ("tỷ_lệ_hội_nghị_trực_tuyến dưới 120%", "lint_vacuous_target"),  # every share is below 120%
    ("số_hội_nghị trên 0", None),
    ("số_hội_nghị dưới 0", "lint_unmeetable_target"),  # no count is below 0
    ("số_hội_nghị không quá 0", None),
    ("giảm_hội_nghị trên 100%", "lint_unmeetable_target"),  # no cut passes 100%
    ("giảm_hội_nghị tối thiểu 100%", None),  # met by cutting everything
    ("tỷ_lệ_hội_nghị_trực_tuyến từ 0% đến 100%", None),  # a range: neither end alone says so
    ("thời_lượng_hội_nghị(quán_triệt) dưới 0 ngày", "lint_unmeetable_target"),
])
def test_the_lint_names_a_target_that_cannot_fail_or_cannot_be_met(target, key):
    from planrules.checks.lint import lint

    found = [d for d in lint(parse(HEAD + f"chỉ tiêu: {target}\n")) if d.code == "L406"]
    assert [d.message.key for d in found] == ([key] if key else [])


def test_a_roll_up_of_units_with_nothing_to_measure_is_what_the_target_says():
    from planrules.evaluation.rollup import roll_up

    rules = compile(parse(HEAD + 'đơn vị vp2: "B"\n' + "chỉ tiêu: tỷ_lệ_hội_nghị_trực_tuyến từ 40% đến 50% "
                          "trong năm 2026 nếu không phát sinh: đạt\n"))
    zero = tuple(f.Count("hội_nghị", 2026, 0, w) for w in ((), (("trực_tuyến", True),)))
    facts = f.Facts((f.UnitFacts("vp", counts=zero), f.UnitFacts("vp2", counts=zero)))
    report = rules.evaluate(facts, CLOSED)
    assert {v.status for v in report.verdicts} == {Status.MET}
    (a,) = roll_up(report, {"vp": "all", "vp2": "all"}).aggregates
    assert a.status is Status.MET and a.upper == m.Quantity(Fraction(50), PCT)


# ------------------------------------------------------------ both paths --


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sql_cases.cases(targets=sql_cases.BOUNDS))
def test_every_bound_gives_the_same_verdicts_in_duckdb_and_in_python(case):
    """The SQL/Python differential property (tests/test_sql.py) on plans of strict bounds, ranges and `nếu
    không phát sinh` only: a cap's candidates are found in SQL per end, the verdict in Python, on both paths."""
    import tempfile
    from pathlib import Path

    from planrules.facts import sources

    rules, facts, as_of = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "facts.duckdb"
        sources.write_duckdb(facts, path, rules.vocabulary)
        with sources.DuckDBSource(path) as source:
            sql_cases.check_both_paths(rules, facts, as_of, source)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.data())
def test_facts_drawn_to_meet_or_break_a_bound_give_that_verdict(data):
    """`facts_meeting` / `facts_violating` on every bound: met (not met) at the end of the year, exactly on an
    inclusive end often, just past a strict one."""
    from planrules.strategies import facts_meeting, facts_violating, verdict_for

    rules = sql_cases.compile_text(data.draw(sql_cases.plan_texts(targets=sql_cases.BOUNDS)))
    standalone = [r for r in rules.metric_rules if r.leads is None and r.running_from is None
                  and r.data_from is None]
    if not standalone:
        return
    rule = data.draw(st.sampled_from(standalone))
    meet = data.draw(st.booleans())
    year = rule.year or 2026
    try:
        facts = data.draw((facts_meeting if meet else facts_violating)(rule, rules=rules, year=year))
    except ValueError:  # no facts can (a bound none can break, or none keep)
        event("no facts can")
        return
    event(f"judged {rule.kind.value} {rule.comparator.name}")
    assert verdict_for(rule, facts, rules=rules, year=year).status is (Status.MET if meet else Status.NOT_MET)


@pytest.mark.parametrize(("target", "status"), [
    ("giảm_hội_nghị tối thiểu 10% trong năm 2026", Status.NOT_MET),  # an increase from zero is not a cut
    ("giảm_hội_nghị trên 10% trong năm 2026", Status.NOT_MET),
    ("giảm_hội_nghị từ 0% đến 10% trong năm 2026", Status.NOT_MET),
    ("giảm_hội_nghị dưới 10% trong năm 2026", Status.MET),  # ... but it keeps a maximum cut
    ("giảm_hội_nghị không quá 10% trong năm 2026", Status.MET),
])
def test_an_increase_from_zero_breaks_a_minimum_cut_and_keeps_a_maximum(target, status):
    from planrules.evaluation.rollup import roll_up

    counts = (f.Count("hội_nghị", 2025, 0), f.Count("hội_nghị", 2026, 3))
    rules = compile(parse(PLAN.format(target=target)))
    report = rules.evaluate(f.Facts((f.UnitFacts("vp", counts=counts),)), CLOSED)
    (v,) = [v for v in report.verdicts if v.period == "2026"]
    assert v.status is status
    (a,) = roll_up(report, {"vp": "all"}).aggregates
    assert a.status is status
    assert _verdict(target, (), OPEN, counts=counts).status in (Status.PENDING, Status.NOT_MET)
    if status is Status.MET:
        assert _verdict(target, (), OPEN, counts=counts).status is Status.PENDING
