"""A running total (`lũy kế` / `cumulative`): issue 17, point 3 ("the level reached by a year vs a
running total up to it").

The language (three spellings, the formatter), the resolver (only counts and shares of dated
records add up), evaluation (each year counted as a level is, then added; an unknown year makes the
total unknown) and inheritance (counts only grow: which of a running total and a level asks more).
"""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import planrules
from planrules import Library, Severity, Status, format, parse, prelude, resolve
from planrules.checks.inheritance import check_inheritance
from planrules.evaluation.compiler import compile
from planrules.language import model as m

HEAD = '''kế hoạch: "30/KH-UBND"
ngày ban hành: 15/03/2025
đơn vị vp: "Văn phòng"
'''


# ------------------------------------------------------------- language --


@pytest.mark.parametrize(("text", "cumulative", "period"), [
    ("lũy kế đến năm 2026", m.Cumulative(), m.YearPeriod(2026)),
    ("luỹ kế đến năm 2026", m.Cumulative(), m.YearPeriod(2026)),
    ("luy ke den nam 2026", m.Cumulative(), m.YearPeriod(2026)),
    ("cumulative until year 2026", m.Cumulative(), m.YearPeriod(2026)),
    ("lũy kế từ năm 2024 hằng năm", m.Cumulative(since_year=2024), m.EachYearPeriod()),
    ("cumulative from year 2024 yearly until year 2030", m.Cumulative(since_year=2024), m.EachYearPeriod(2030)),
    ("lũy kế từ ngày 01/07/2025 đến ngày 30/11/2026", m.Cumulative(since=dt.date(2025, 7, 1)),
     m.AtDatePeriod(dt.date(2026, 11, 30))),
    ("tu ngay" and "luy ke tu ngay 2025-07-01 trong nam 2026", m.Cumulative(since=dt.date(2025, 7, 1)),
     m.YearPeriod(2026)),
    ("cumulative from 01/07/2025", m.Cumulative(since=dt.date(2025, 7, 1)), None),
    ("lũy kế", m.Cumulative(), None),
    ("hằng năm", None, m.EachYearPeriod()),
])
def test_a_running_total_in_three_spellings(text, cumulative, period):
    (target,) = parse(HEAD + f"chỉ tiêu: số_hội_nghị tối thiểu 5 {text} phạm vi: vp\n").targets
    assert (target.cumulative, target.period, target.scope) == (cumulative, period, m.Scope(("vp",)))


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(("tail", "vi", "en"), [
    ("lũy kế đến năm 2026", "lũy kế đến năm 2026", "cumulative until year 2026"),
    ("lũy kế trong năm 2026", "lũy kế đến năm 2026", "cumulative until year 2026"),
    ("lũy kế từ năm 2024 hằng năm đến năm 2030", "lũy kế từ năm 2024 hằng năm đến năm 2030",
     "cumulative from year 2024 yearly until year 2030"),
    ("lũy kế từ ngày 01/07/2025 đến ngày 30/11/2026", "lũy kế từ ngày 01/07/2025 đến ngày 30/11/2026",
     "cumulative from 01/07/2025 by 30/11/2026"),
    ("lũy kế", "lũy kế", "cumulative"),
])
def test_the_formatter_writes_a_running_total_back(tail, vi, en, lang):
    plan = parse(HEAD + f"chỉ tiêu: số_hội_nghị tối thiểu 5 {tail}\n")
    text = format(plan, lang=lang)
    assert f"5 {vi if lang == 'vi' else en}\n" in text
    assert parse(text) == plan


@pytest.mark.parametrize(("target", "key", "words"), [
    ("giảm_hội_nghị tối thiểu 10% lũy kế", "cumulative_not_summed", "a change vs a base year"),
    ("thời_lượng_hội_nghị(chuyên_môn) không quá 1 ngày lũy kế", "cumulative_not_summed", "per-record cap"),
    ("tỷ_lệ_đào_tạo_kỹ_năng_số tối thiểu 50% lũy kế", "cumulative_snapshot", "cán_bộ has no date field"),
])
def test_only_counts_and_shares_of_dated_records_add_up(target, key, words):
    """R210 at the target: a cut or a per-record cap has no running total; a snapshot kind (the staff list)
    would count the same list once a year."""
    found = resolve([parse(HEAD + f"chỉ tiêu: {target}\n", source="p.plan")], prelude())
    (d,) = found
    assert (d.code, d.span.line, d.message.key) == ("R210", 4, key)
    assert words in d.message.text("en") and "lũy kế" in d.message.text("vi")


# ------------------------------------------------------------- evaluation --

PLAN = HEAD + '''chỉ tiêu I.1: số_hội_nghị tối thiểu 5 lũy kế đến năm 2026
chỉ tiêu I.2: số_hội_nghị không quá 4 lũy kế hằng năm
chỉ tiêu I.3: số_hội_nghị tối thiểu 3 hằng năm
chỉ tiêu I.4: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 50% lũy kế từ năm 2026 hằng năm
'''


def _counts(years: dict[int, tuple[int, int]]) -> str:
    """TOML counts of vp's conferences: year -> (all, online)."""
    out = '[units."vp"]\n'
    for year, (whole, online) in years.items():
        out += f'[[units."vp".counts]]\nkind = "hội_nghị"\nyear = {year}\ncount = {whole}\n'
        out += (f'[[units."vp".counts]]\nkind = "hội_nghị"\nyear = {year}\ncount = {online}\n'
                f'where = {{ "trực_tuyến" = true }}\n')
    return out


def _judge(plan: str, facts: str, as_of: dt.date):
    rules = compile(parse(plan, source="p.plan"))
    report = rules.evaluate(planrules.load_facts(_write(facts), rules=rules), as_of)
    return {(v.clause, v.period): v for v in report.verdicts}


def _write(text: str):
    import tempfile
    from pathlib import Path
    path = Path(tempfile.mkdtemp()) / "f.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_running_total_adds_the_years_up_where_the_level_does_not():
    """3 conferences in 2025, 2 in 2026: the running total to 2026 is 5 (met), the 2026 level 2 (not met);
    'at most 4' as a running total is met in 2025 (3) and not in 2026 (5); the online share from 2026 on
    is 2026's alone."""
    got = _judge(PLAN, _counts({2025: (3, 1), 2026: (2, 2)}), dt.date(2026, 12, 31))
    assert (got["I.1", "2026"].status, got["I.1", "2026"].value) == (Status.MET, 5)
    assert ("I.1", "2025") not in got  # judged once, in its year
    assert (got["I.3", "2026"].status, got["I.3", "2026"].value) == (Status.NOT_MET, 2)
    assert [(got["I.2", y].status, got["I.2", y].value) for y in ("2025", "2026")] == [
        (Status.MET, 3), (Status.NOT_MET, 5)]
    assert (got["I.4", "2026"].status, got["I.4", "2026"].value) == (Status.MET, 1)
    assert ("I.4", "2025") not in got  # a running total that starts later is not judged before it
    first = got["I.1", "2026"].explanation
    assert first[0].text("en") == ("Running total from 01/01/2025 to 31/12/2026: each year from 2025 to 2026 "
                                   "counted, and the counts added.")
    assert first[0].text("vi") == ("Lũy kế từ ngày 01/01/2025 đến ngày 31/12/2026: cộng dồn số liệu của từng năm "
                                   "từ 2025 đến 2026.")
    assert "in 2025–2026: 5 ≥ 5" in first[1].text("en") and "năm 2025–2026: 5 ≥ 5" in first[1].text("vi")


def test_an_unknown_year_makes_the_running_total_unknown_never_zero():
    got = _judge(PLAN, _counts({2026: (9, 9)}), dt.date(2026, 12, 31))
    assert got["I.1", "2026"].status is Status.UNKNOWN
    assert "2025" in got["I.1", "2026"].explanation[-1].text("en")
    assert got["I.3", "2026"].status is Status.MET  # the level needs 2026 only


def test_a_running_total_is_pending_while_its_year_is_open_and_counts_from_the_effective_date():
    plan = PLAN.replace("ngày ban hành: 15/03/2025\n", "ngày ban hành: 15/03/2025\nhiệu lực từ: 01/07/2025\n")
    records = '[units."vp"]\n' + "".join(
        f'[[units."vp".records."hội_nghị"]]\nid = "h{i}"\n"ngày" = {day}\n"trực_tuyến" = true\n'
        f'"loại" = "chuyên_môn"\n"thời_lượng" = 1\n'
        for i, day in enumerate(["2025-03-01", "2025-08-01", "2026-02-01", "2026-05-01"]))
    got = _judge(plan, records, dt.date(2026, 6, 30))
    running = got["I.1", "2026"]
    assert (running.status, running.value) == (Status.PENDING, 3)  # 2025-03-01 is before the plan is in force
    assert running.records == ("h1", "h2", "h3")
    assert running.explanation[0].text("en").startswith("Running total from 01/07/2025 to 31/12/2026")


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from([2025, 2026, 2027]), st.tuples(st.integers(0, 6), st.integers(0, 6)).map(
    lambda p: (max(p), min(p))), max_size=3), st.sampled_from([dt.date(2026, 12, 31), dt.date(2027, 12, 31)]))
def test_a_running_total_is_the_sum_of_the_levels_or_unknown(years, as_of):
    """For any counts, each year's running total ('at most 4 lũy kế hằng năm') is the sum of the yearly
    levels ('at least 3 hằng năm') from the plan's first year, known exactly when every level is."""
    got = _judge(PLAN, _counts(years), as_of)
    for year in range(2025, as_of.year + 1):
        levels = [got["I.3", str(y)] for y in range(2025, year + 1)]
        running = got["I.2", str(year)]
        if all(v.value is not None for v in levels):
            assert running.value == sum(v.value for v in levels)
            assert running.status is (Status.MET if running.value <= 4 else Status.NOT_MET)
        else:
            assert running.status is Status.UNKNOWN and running.value is None


# ------------------------------------------------------------- inheritance --

PARENT = '''kế hoạch: "1/KH-P"
ngày ban hành: 01/02/2025
chỉ tiêu I.1: số_hội_nghị tối thiểu 5 hằng năm
chỉ tiêu I.2: số_hội_nghị không quá 20 lũy kế hằng năm
chỉ tiêu I.3: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 50% hằng năm
'''
CHILD = '''kế hoạch: "2/KH-C"
ngày ban hành: 01/03/2025
cấp trên: "1/KH-P"
'''


def _inherit(body: str):
    plans = (parse(PARENT, source="p.plan"), parse(CHILD + body + "\n", source="c.plan"))
    library = Library(plans, ("p.plan", "c.plan"))
    found = [d for d in check_inheritance(library, prelude()) if d.severity is not Severity.INFO]
    applied = {r.clause.rule for r in compile(plans[1], library, prelude=prelude()).metric_rules
               if r.clause.inherited_from}
    return found, applied


@pytest.mark.parametrize(("body", "parent"), [
    ("chỉ tiêu II.1: số_hội_nghị tối thiểu 5 lũy kế hằng năm", "I.1"),  # a minimum summed over more years
    ("chỉ tiêu II.1: số_hội_nghị không quá 20 hằng năm", "I.2"),  # a maximum on one year, not the total
    ("chỉ tiêu II.1: số_hội_nghị không quá 20 lũy kế từ năm 2026 hằng năm", "I.2"),  # from a later start
])
def test_a_running_total_that_asks_less_is_i304(body, parent):
    found, applied = _inherit(body)
    (d,) = found
    assert (d.code, d.span.file, d.span.line) == ("I304", "c.plan", 4)
    assert "counts only grow" in d.message.text("en") and "running total from" in d.message.text("en")
    assert "lũy kế từ ngày" in d.message.text("vi")
    assert f"1/KH-P:{parent}#1" in applied


@pytest.mark.parametrize(("body", "parent"), [
    ("chỉ tiêu II.1: số_hội_nghị không quá 20 lũy kế từ năm 2024 hằng năm", "I.2"),  # from an earlier start
    ("chỉ tiêu II.1: số_hội_nghị không quá 15 lũy kế hằng năm", "I.2"),
])
def test_a_running_total_that_asks_as_much_keeps_the_parents(body, parent):
    found, applied = _inherit(body)
    assert found == [] and f"1/KH-P:{parent}#1" not in applied


def test_a_share_summed_and_a_years_share_are_both_judged():
    """Neither share bounds the other: no finding, and the parent's still applies beside the child's."""
    found, applied = _inherit("chỉ tiêu II.1: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 60% lũy kế hằng năm")
    assert found == [] and "1/KH-P:I.3#1" in applied


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 8), st.integers(0, 8), st.sampled_from(["tối thiểu", "không quá"]), st.booleans(),
       st.booleans(), st.integers(0, 5), st.integers(0, 5))
def test_a_child_that_keeps_its_parents_target_is_never_met_where_the_parent_is_not(
        parent_n, child_n, comparator, parent_runs, child_runs, first, second):
    """Soundness of the comparison: when inheritance finds nothing (the child's target replaces the
    parent's), every year the child's target is met, the parent's is met too, on any counts."""
    def target(n, runs):
        return f"số_hội_nghị {comparator} {n}{' lũy kế' if runs else ''} hằng năm"

    unit = 'đơn vị vp: "Văn phòng"\n'
    parent = PARENT.replace("số_hội_nghị tối thiểu 5 hằng năm", target(parent_n, parent_runs)) + unit
    child = CHILD + unit + f"chỉ tiêu II.1: {target(child_n, child_runs)}\n"
    plans = (parse(parent, source="p.plan"), parse(child, source="c.plan"))
    library = Library(plans, ("p.plan", "c.plan"))
    found = [d for d in check_inheritance(library, prelude())
             if d.severity is not Severity.INFO and "1/KH-P I.1#1" in d.message.text("en")]
    if found:
        return
    facts = _counts({2025: (first, 0), 2026: (second, 0)})
    mine = _judge(child.replace('cấp trên: "1/KH-P"\n', ""), facts, dt.date(2026, 12, 31))
    theirs = _judge(parent, facts, dt.date(2026, 12, 31))
    for year in ("2025", "2026"):
        if mine["II.1", year].status is Status.MET:
            assert theirs["I.1", year].status is Status.MET
