"""Data windows (`số liệu từ ngày 15/12 năm trước đến ngày 14/12` / `data from 15/12 of the previous year to
14/12`): issue 17, point 3 ("reporting periods with data windows").

A reporting year that crosses calendar years: the language (three spellings, the formatter, located
errors), evaluation in Python (the SQL path is compared by tests/test_sql.py's differential, which draws
data windows), every verdict naming its window, and inheritance (other days: neither bounds the other).
"""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import planrules
from planrules import Library, PlanError, Severity, Status, format, parse, prelude, resolve
from planrules.checks.inheritance import check_inheritance
from planrules.evaluation.compiler import compile
from planrules.evaluation.measure import year_bounds, year_of
from planrules.language import model as m

HEAD = '''kế hoạch: "40/KH-UBND"
ngày ban hành: 10/01/2026
đơn vị vp: "Văn phòng"
'''
DEC = m.DataWindow((15, 12), (14, 12))


@pytest.mark.parametrize(("text", "window", "period"), [
    ("hằng năm số liệu từ ngày 15/12 năm trước đến ngày 14/12", DEC, m.EachYearPeriod()),
    ("hằng năm số liệu tính từ ngày 15/12 năm trước đến ngày 14/12", DEC, m.EachYearPeriod()),
    ("hang nam so lieu tu ngay 15/12 nam truoc den ngay 14/12", DEC, m.EachYearPeriod()),
    ("yearly data from 15/12 of the previous year to 14/12", DEC, m.EachYearPeriod()),
    ("số liệu từ ngày 01/10 năm trước đến ngày 30/09", m.DataWindow((1, 10), (30, 9)), None),
    ("trong năm 2026 số liệu từ ngày 01/03 năm trước đến ngày 29/02", m.DataWindow((1, 3), (29, 2)),
     m.YearPeriod(2026)),
    ("lũy kế hằng năm số liệu từ ngày 15/12 năm trước đến ngày 14/12", DEC, m.EachYearPeriod()),
])
def test_a_data_window_in_three_spellings_and_back(text, window, period):
    plan = parse(HEAD + f"chỉ tiêu: số_hội_nghị tối thiểu 3 {text} phạm vi: vp\n")
    (target,) = plan.targets
    assert (target.data_window, target.period, target.scope) == (window, period, m.Scope(("vp",)))
    for lang in ("vi", "en"):
        assert parse(format(plan, lang=lang)) == plan
    assert " số liệu từ ngày " in format(plan) and " data from " in format(plan, lang="en")


@pytest.mark.parametrize(("window", "day", "key"), [
    ("15/12 năm trước đến ngày 15/12", "ngày 15/12", "data_window_not_a_year"),  # a year and a day
    ("15/12 năm trước đến ngày 31/12", "ngày 31/12", "data_window_not_a_year"),
    ("01/01 năm trước đến ngày 31/12", "01/01", "data_window_bad_start"),  # two calendar years
    ("29/02 năm trước đến ngày 28/02", "29/02", "data_window_bad_start"),
])
def test_a_data_window_that_is_not_one_year_is_e101_at_its_day(window, day, key):
    line = f"chỉ tiêu: số_hội_nghị tối thiểu 3 hằng năm số liệu từ ngày {window}"
    with pytest.raises(PlanError) as raised:
        parse(HEAD + line + "\n", source="p.plan")
    (d,) = raised.value.diagnostics
    column = (line.rindex(day) + 1 + len("ngày ")) if day.startswith("ngày") else line.index(day) + 1
    assert (d.code, d.span.line, d.span.column, d.message.key) == ("E101", 4, column, key)
    assert d.message.text("vi").startswith("khoảng số liệu")


@pytest.mark.parametrize("period", ["đến ngày 30/11/2026", "hằng năm đến ngày 30/11"])
def test_a_data_window_on_a_target_judged_at_a_date_is_r210(period):
    found = resolve([parse(HEAD + f"chỉ tiêu: số_hội_nghị tối thiểu 3 {period} số liệu từ ngày 15/12 năm trước "
                                  "đến ngày 14/12\n", source="p.plan")], prelude())
    (d,) = found
    assert (d.code, d.span.line, d.message.key) == ("R210", 4, "data_window_at_date")


@settings(max_examples=200, deadline=None)
@given(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)), st.dates(dt.date(2025, 1, 2), dt.date(2025, 12, 31)))
def test_every_day_is_in_exactly_the_year_whose_bounds_hold_it(day, first):
    """The reporting years tile the calendar: a day's year (`year_of`) is the one whose bounds hold it,
    the next year starts the day after a year ends, and every year has 365 or 366 days."""
    starts = (first.day, first.month)
    year = year_of(day, starts)
    low, high = year_bounds(year, starts)
    assert low <= day <= high
    assert year_bounds(year + 1, starts)[0] == high + dt.timedelta(days=1)
    assert (high - low).days + 1 in (365, 366)
    assert year_of(day, None) == day.year and year_bounds(day.year, None) == (dt.date(day.year, 1, 1),
                                                                              dt.date(day.year, 12, 31))


PLAN = HEAD + '''chỉ tiêu I.1: số_hội_nghị tối thiểu 3 hằng năm số liệu từ ngày 15/12 năm trước đến ngày 14/12
chỉ tiêu I.2: số_hội_nghị tối thiểu 3 hằng năm
'''
RECORDS = "".join(f'[[units."vp".records."hội_nghị"]]\nid = "HN-0{i}"\n"ngày" = {day}\n"trực_tuyến" = true\n\n'
                  for i, day in enumerate(["2025-12-20", "2026-06-10", "2026-12-14", "2026-12-15"], start=1))


def _judge(tmp_path: Path, plan: str, facts: str, as_of: dt.date):
    rules = compile(parse(plan, source="p.plan"))
    path = tmp_path / "f.toml"
    path.write_text(facts, encoding="utf-8")
    report = rules.evaluate(planrules.load_facts(path, rules=rules), as_of)
    return {(v.clause, v.period): v for v in report.verdicts}


def test_a_reporting_year_counts_the_records_of_its_window(tmp_path):
    """2026's data run 15/12/2025–14/12/2026: HN-01..03, not HN-04 (2027's); the calendar year 2026 holds
    HN-02..04. Every verdict of the windowed target names its window."""
    got = _judge(tmp_path, PLAN, RECORDS, dt.date(2026, 12, 31))
    windowed, calendar = got["I.1", "2026"], got["I.2", "2026"]
    assert (windowed.status, windowed.records) == (Status.MET, ("HN-01", "HN-02", "HN-03"))
    assert (calendar.status, calendar.records) == (Status.MET, ("HN-02", "HN-03", "HN-04"))
    assert windowed.explanation[0].text("en") == ("The data of 2026 run from 15/12/2025 to 14/12/2026: records "
                                                  "dated in that window count.")
    assert windowed.explanation[0].text("vi") == ("Số liệu năm 2026 tính từ ngày 15/12/2025 đến ngày 14/12/2026: "
                                                  "tính các bản ghi có ngày trong khoảng đó.")
    later = got["I.1", "2027"]  # opened on 15/12/2026
    assert (later.status, later.value, later.records) == (Status.PENDING, 1, ("HN-04",))
    assert "14/12/2027" in later.explanation[-1].text("en")
    assert ("I.2", "2027") not in got


def test_a_reporting_year_closes_on_its_last_day_and_not_before(tmp_path):
    before = _judge(tmp_path, PLAN, RECORDS, dt.date(2026, 12, 13))["I.1", "2026"]
    closed = _judge(tmp_path, PLAN, RECORDS, dt.date(2026, 12, 14))["I.1", "2026"]
    assert (before.status, before.value) == (Status.PENDING, 2)
    assert (closed.status, closed.value) == (Status.MET, 3)


def test_calendar_counts_say_nothing_of_a_data_window(tmp_path):
    """An aggregate count is a calendar year's: under a data window it is not used (unknown, never a guess)."""
    counts = '[[units."vp".counts]]\nkind = "hội_nghị"\nyear = 2026\ncount = 9\n'
    got = _judge(tmp_path, PLAN, counts, dt.date(2026, 12, 31))
    assert got["I.1", "2026"].status is Status.UNKNOWN and got["I.2", "2026"].status is Status.MET


PARENT = '''kế hoạch: "1/KH-P"
ngày ban hành: 01/02/2026
chỉ tiêu I.1: số_hội_nghị tối thiểu 5 hằng năm
'''


@pytest.mark.parametrize("body", [
    "chỉ tiêu II.1: số_hội_nghị tối thiểu 5 hằng năm số liệu từ ngày 15/12 năm trước đến ngày 14/12",
    "chỉ tiêu II.1: số_hội_nghị tối thiểu 9 hằng năm số liệu từ ngày 01/10 năm trước đến ngày 30/09",
])
def test_a_childs_data_window_neither_keeps_nor_weakens_a_calendar_target(body):
    """Years made of other days bound neither way: no finding, and the parent's target is judged beside."""
    plans = (parse(PARENT, source="p.plan"),
             parse('kế hoạch: "2/KH-C"\nngày ban hành: 01/03/2026\ncấp trên: "1/KH-P"\n' + body + "\n", source="c.plan"))
    library = Library(plans, ("p.plan", "c.plan"))
    found = [d for d in check_inheritance(library, prelude()) if d.severity is not Severity.INFO]
    applied = {r.clause.rule for r in compile(plans[1], library, prelude=prelude()).metric_rules
               if r.clause.inherited_from}
    assert found == [] and "1/KH-P:I.1#1" in applied


ROLLED = HEAD + '''chỉ tiêu I.1: số_hội_nghị tối thiểu 3 hằng năm số liệu từ ngày 15/12 năm trước đến ngày 14/12
chỉ tiêu I.2: số_hội_nghị tối thiểu 5 lũy kế hằng năm số liệu từ ngày 15/12 năm trước đến ngày 14/12
chỉ tiêu I.3: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 60% giai đoạn 2026-2027
chỉ tiêu I.4: số_hội_nghị không quá 4 lũy kế từ ngày 01/06/2026 hằng năm
'''


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.dates(dt.date(2025, 12, 1), dt.date(2027, 12, 31)), st.booleans()), max_size=8),
       st.sampled_from([dt.date(2026, 12, 14), dt.date(2026, 12, 20), dt.date(2027, 6, 30), dt.date(2027, 12, 31)]))
def test_the_roll_up_of_one_unit_is_that_units_verdict(dated, as_of):
    """A group of one unit says what the unit's verdict says, for windowed years, running totals and spans
    too: the group's year closes on the day the unit's does (14/12 under the window), not on 31/12."""
    from planrules.evaluation.rollup import roll_up
    import tempfile
    records = '[units."vp"]\n' + "".join(
        f'[[units."vp".records."hội_nghị"]]\nid = "h{i}"\n"ngày" = {day}\n"trực_tuyến" = {str(online).lower()}\n\n'
        for i, (day, online) in enumerate(dated))
    rules = compile(parse(ROLLED, source="p.plan"))
    path = Path(tempfile.mkdtemp()) / "f.toml"
    path.write_text(records, encoding="utf-8")
    report = rules.evaluate(planrules.load_facts(path, rules=rules), as_of)
    rolled = {(a.rule, a.period): a for a in roll_up(report, {"vp": "nhóm"}).aggregates}
    for v in report.verdicts:
        aggregate = rolled[(v.rule, v.period)]
        assert (aggregate.status, aggregate.value) == (v.status, v.value), v.rule
