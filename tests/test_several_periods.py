"""One delivery answering several named periods (a December report that is also the Q4, H2 and annual
one): issue 17, point 4. TOML `periods = [...]`, a `period` cell with periods separated by `;` (CSV,
DuckDB, Parquet), located F124 errors, and evaluation: one verdict met per period, of whichever deadline
has it, on every path alike.
"""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import planrules
from planrules import FactsError, Status, parse
from planrules.evaluation.compiler import compile
from planrules.facts.values import BadValue, read_periods

PLAN = '''kế hoạch: "70/KH-UBND"
ngày ban hành: 01/12/2026
đơn vị vp: "Văn phòng"
nhiệm vụ TT 1 {
    nội dung: "Báo cáo tình hình thực hiện"
    chủ trì: vp
    thời hạn: hằng tháng và hằng quý và định kỳ 6 tháng và hằng năm
}
'''
ALL = ("2026-12", "2026-Q4", "2026-H2", "2026")
END = dt.date(2026, 12, 31)


def _rules():
    return compile(parse(PLAN, source="p.plan"))


def _statuses(report) -> dict[str, Status]:
    return {v.period: v.status for v in report.verdicts}


def _toml(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "f.toml"
    path.write_text('[[units."vp".deliveries]]\ntask = "TT 1"\ndate = 2026-12-18\n' + body, encoding="utf-8")
    return path


def test_a_december_report_answers_the_month_quarter_half_and_year(tmp_path):
    rules = _rules()
    facts = planrules.load_facts(_toml(tmp_path, f"periods = {list(ALL)!r}\n".replace("'", '"')), rules=rules)
    assert [d.period for d in facts.units[0].deliveries] == list(ALL)
    assert _statuses(rules.evaluate(facts, END)) == dict.fromkeys(ALL, Status.MET)


def test_without_periods_each_occurrence_needs_its_own(tmp_path):
    """One period named: only its own deadline takes it; the others are missing (the task's four deadlines)."""
    rules = _rules()
    report = rules.evaluate(planrules.load_facts(_toml(tmp_path, 'period = "2026-Q4"\n'), rules=rules), END)
    assert _statuses(report) == {"2026-12": Status.NOT_MET, "2026-Q4": Status.MET, "2026-H2": Status.NOT_MET,
                                 "2026": Status.NOT_MET}


@pytest.mark.parametrize(("body", "key"), [
    ('period = "2026"\nperiods = ["2026-12"]\n', "period_and_periods"),
    ('periods = ["2026-12", "2026-12"]\n', "period_twice"),
    ("periods = []\n", "bad_periods"),
    ('periods = ["2026-13"]\n', "bad_period"),
])
def test_bad_periods_are_f124_at_the_key(tmp_path, body, key):
    with pytest.raises(FactsError) as raised:
        planrules.load_facts(_toml(tmp_path, body), rules=_rules())
    (d,) = raised.value.diagnostics
    line = 4 + body.count("\n") - 1
    assert (d.code, d.span.line, d.message.key) == ("F124", line, key)


def test_a_csv_cell_names_several_periods_separated_by_semicolons(tmp_path):
    path = tmp_path / "deliveries.csv"
    path.write_text("unit,task,date,period\nvp,TT 1,2026-12-18,2026-12;2026-Q4;2026-H2;2026\n", encoding="utf-8")
    rules = _rules()
    assert _statuses(rules.evaluate(planrules.load_facts(path, rules=rules), END)) == dict.fromkeys(ALL, Status.MET)
    path.write_text("unit,task,date,period\nvp,TT 1,2026-12-18,2026-12;;2026\n", encoding="utf-8")
    with pytest.raises(FactsError) as raised:
        planrules.load_facts(path, rules=rules)
    assert [(d.code, d.span.line, d.message.key) for d in raised.value.diagnostics] == [("F124", 2, "bad_periods")]


@pytest.mark.parametrize("writer", ["write_duckdb", "write_parquet"])
def test_a_table_source_reads_several_periods_alike(tmp_path, writer):
    rules = _rules()
    facts = planrules.load_facts(_toml(tmp_path, 'periods = ["2026-12", "2026-Q4", "2026-H2", "2026"]\n'),
                                 rules=rules)
    target = tmp_path / ("f.duckdb" if writer == "write_duckdb" else "folder")
    getattr(planrules, writer)(facts, target, rules.vocabulary)
    source = planrules.open_source(target)
    assert _statuses(rules.evaluate(source, END)) == _statuses(rules.evaluate(facts, END)) == dict.fromkeys(
        ALL, Status.MET)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(ALL), min_size=1, max_size=4, unique=True))
def test_each_period_named_is_met_and_no_other(named):
    import tempfile
    rules = _rules()
    path = _toml(Path(tempfile.mkdtemp()), "periods = [" + ", ".join(f'"{p}"' for p in named) + "]\n")
    statuses = _statuses(rules.evaluate(planrules.load_facts(path, rules=rules), END))
    assert {p for p, s in statuses.items() if s is Status.MET} == set(named)


@pytest.mark.parametrize(("raw", "read"), [
    (["2026-12", "2026-q4", 2026], ("2026-12", "2026-Q4", "2026")),
    ("2026-12; 2026-H2", ("2026-12", "2026-H2")),
    ("2026", ("2026",)),
])
def test_read_periods(raw, read):
    assert read_periods(raw) == read


@pytest.mark.parametrize("raw", [[], "2026;", ";2026", ["2026", "2026"], 2026.5, [True]])
def test_read_periods_refuses(raw):
    with pytest.raises(BadValue):
        read_periods(raw)


def test_a_period_two_deadlines_can_have_must_say_which(tmp_path):
    """'hằng năm' and 'trước ngày 05/12 hằng năm' both have the period 2026: F206, 'say which one'."""
    plan = PLAN.replace("hằng tháng và hằng quý và định kỳ 6 tháng và hằng năm", "hằng năm và trước ngày 05/12 hằng năm")
    rules = compile(parse(plan, source="p.plan"))
    with pytest.raises(FactsError) as raised:
        rules.evaluate(planrules.load_facts(_toml(tmp_path, 'period = "2026"\n'), rules=rules), END)
    assert [d.code for d in raised.value.diagnostics] == ["F206"]
