"""One check, one message: the same faulty rows give the same code and words from a file and from a table.

Facts are tables whatever holds them (facts/layout.py). Each case below is one
check's fixture: the same rows written as a TOML facts file (or a CSV table,
where TOML has no such row) and as tables of a DuckDB file. Both readers must
find one problem with the same code and the same words, in English and in
Vietnamese; only the place differs in kind — a line and column of the file
(with its caret), or the table and row of the database (a hint).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

import planrules
from planrules.base.diagnostics import Diagnostic, FactsError
from planrules.facts import sources
from planrules.facts.loader import loads_facts

ROOT = Path(__file__).parent.parent
RULES = planrules.compile(planrules.load(ROOT / "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"),
                          planrules.load_dir(ROOT / "plans"))
VOCABULARY = RULES.vocabulary

CONFERENCES = ('CREATE TABLE "hội_nghị" (unit VARCHAR, id VARCHAR, "ngày" DATE, "loại" VARCHAR, '
               '"trực_tuyến" BOOLEAN, "thời_lượng" DECIMAL(18, 6))')
COUNTS = ('CREATE TABLE counts (unit VARCHAR, kind VARCHAR, year INTEGER, count BIGINT, "trực_tuyến" BOOLEAN, '
          '"loại" VARCHAR)')
VALUES = 'CREATE TABLE "values" (unit VARCHAR, metric VARCHAR, year INTEGER, value VARCHAR)'
SPELLED_COUNTS = 'CREATE TABLE counts (unit VARCHAR, kind VARCHAR, year INTEGER, count BIGINT, "trực_tuyến" VARCHAR)'
EVENTS = "CREATE TABLE events (event VARCHAR, date DATE, unit VARCHAR)"
DELIVERIES = "CREATE TABLE deliveries (unit VARCHAR, task VARCHAR, date DATE, deadline VARCHAR, period VARCHAR)"
UNITS = "CREATE TABLE units (unit VARCHAR, member_of VARCHAR)"
PERIOD = 'CREATE TABLE period ("from" DATE, "to" DATE)'
IN_2025 = "INSERT INTO period VALUES ('2025-01-01', '2025-12-31')"


def _record(fields: str, unit: str = "vp") -> str:
    return f'[[units.{unit}.records."hội_nghị"]]\n{fields}\n'


def _count(fields: str) -> str:
    return f'[[units.vp.counts]]\nkind = "hội_nghị"\n{fields}\n'


# (check, text of the file, its name, statements of the database, the row the database names)
CASES = [
    ("F113 an unknown category", _record('"ngày" = 2025-03-02\n"loại" = "quán triệt"'), "f.toml",
     [CONFERENCES, "INSERT INTO \"hội_nghị\" VALUES ('vp', NULL, '2025-03-02', 'quán triệt', NULL, NULL)"],
     "hội_nghị[1]"),
    ("F123 a negative number of days", _record('"ngày" = 2025-03-02\n"thời_lượng" = -1.5'), "f.toml",
     [CONFERENCES, "INSERT INTO \"hội_nghị\" VALUES ('vp', NULL, '2025-03-02', NULL, NULL, -1.5)"],
     "hội_nghị[1]"),
    ("F122 a date outside 1900-2200", _record('"ngày" = 1850-03-02'), "f.toml",
     [CONFERENCES, "INSERT INTO \"hội_nghị\" VALUES ('vp', NULL, '1850-03-02', NULL, NULL, NULL)"],
     "hội_nghị[1]"),
    ("F140 an id given twice", _record('id = "H1"\n"ngày" = 2025-03-02') + _record('id = "H1"\n"ngày" = 2025-04-02'),
     "f.toml",
     [CONFERENCES, "INSERT INTO \"hội_nghị\" VALUES ('vp', 'H1', '2025-03-02', NULL, NULL, NULL), "
                   "('vp', 'H1', '2025-04-02', NULL, NULL, NULL)"],
     "hội_nghị[2]"),
    ("F141 one record twice without ids", _record('"ngày" = 2025-03-02') * 2, "f.toml",
     [CONFERENCES, "INSERT INTO \"hội_nghị\" VALUES ('vp', NULL, '2025-03-02', NULL, NULL, NULL), "
                   "('vp', NULL, '2025-03-02', NULL, NULL, NULL)"],
     "hội_nghị[2]"),
    ("F110 an unknown kind", '[[units.vp.counts]]\nkind = "hoi_nghi"\nyear = 2025\ncount = 3\n', "f.toml",
     [COUNTS, "INSERT INTO counts VALUES ('vp', 'hoi_nghi', 2025, 3, NULL, NULL)"], "counts[1]"),
    ("F111 a condition on a field the kind lacks",
     '[[units.vp.counts]]\nkind = "cán_bộ"\nyear = 2025\ncount = 3\nwhere = { "loại" = "quán_triệt" }\n', "f.toml",
     [COUNTS, "INSERT INTO counts VALUES ('vp', 'cán_bộ', 2025, 3, NULL, 'quán_triệt')"], "counts[1]"),
    ("F131 a count larger than the whole",
     _count("year = 2025\ncount = 30") + _count('year = 2025\ncount = 35\nwhere = { "trực_tuyến" = true }'), "f.toml",
     [COUNTS, "INSERT INTO counts VALUES ('vp', 'hội_nghị', 2025, 30, NULL, NULL), "
              "('vp', 'hội_nghị', 2025, 35, true, NULL)"], "counts[2]"),
    ("F134 records and counts of one year", _record('"ngày" = 2025-03-02') + _count("year = 2025\ncount = 3"),
     "f.toml", [CONFERENCES, COUNTS, "INSERT INTO \"hội_nghị\" VALUES ('vp', NULL, '2025-03-02', NULL, NULL, NULL)",
                "INSERT INTO counts VALUES ('vp', 'hội_nghị', 2025, 3, NULL, NULL)"], "counts[1]"),
    ("F142 one count twice", _count("year = 2025\ncount = 3") * 2, "f.toml",
     [COUNTS, "INSERT INTO counts VALUES ('vp', 'hội_nghị', 2025, 3, NULL, NULL), "
              "('vp', 'hội_nghị', 2025, 3, NULL, NULL)"], "counts[2]"),
    ("F112 an unknown metric", '[[units.vp.values]]\nmetric = "ty_le"\nyear = 2025\nvalue = "1/2"\n', "f.toml",
     [VALUES, "INSERT INTO \"values\" VALUES ('vp', 'ty_le', 2025, '1/2')"], "values[1]"),
    ("F143 one value twice",
     '[[units.vp.values]]\nmetric = "tỷ_lệ_hồ_sơ_trực_tuyến"\nyear = 2025\nvalue = "1/2"\n' * 2, "f.toml",
     [VALUES, "INSERT INTO \"values\" VALUES ('vp', 'tỷ_lệ_hồ_sơ_trực_tuyến', 2025, '1/2'), "
              "('vp', 'tỷ_lệ_hồ_sơ_trực_tuyến', 2025, '1/2')"], "values[2]"),
    ("F144 a unit listed twice", "unit,member_of\nvp,\nvp,\n", "units.csv",
     [UNITS, "INSERT INTO units VALUES ('vp', NULL), ('vp', NULL)"], "units[2]"),
    ("F104 a count without its number", "unit,kind,year,count\nvp,hội_nghị,2025,\n", "counts.csv",
     [COUNTS, "INSERT INTO counts VALUES ('vp', 'hội_nghị', 2025, NULL, NULL, NULL)"], "counts[1]"),
    ("F150 a record outside the period",
     '[facts]\nperiod = { from = 2025-01-01, to = 2025-12-31 }\n' + _record('"ngày" = 2026-03-02'), "f.toml",
     [PERIOD, IN_2025, CONFERENCES,
      "INSERT INTO \"hội_nghị\" VALUES ('vp', NULL, '2026-03-02', NULL, NULL, NULL)"], "hội_nghị[1]"),
    ("F150 a count outside the period",
     '[facts]\nperiod = { from = 2025-01-01, to = 2025-12-31 }\n' + _count("year = 2026\ncount = 3"), "f.toml",
     [PERIOD, IN_2025, COUNTS, "INSERT INTO counts VALUES ('vp', 'hội_nghị', 2026, 3, NULL, NULL)"],
     "counts[1]"),
    ("F120 a condition that is no yes or no", "unit,kind,year,count,trực_tuyến\nvp,hội_nghị,2025,3,maybe\n",
     "counts.csv", [SPELLED_COUNTS, "INSERT INTO counts VALUES ('vp', 'hội_nghị', 2025, 3, 'maybe')"], "counts[1]"),
    ("F104 a value without its metric", "unit,metric,year,value\nvp,,2025,1/2\n", "values.csv",
     [VALUES, "INSERT INTO \"values\" VALUES ('vp', NULL, 2025, '1/2')"], "values[1]"),
    ("F124 a delivery's period of no known shape", "unit,task,date,period\nvp,TT 3,2025-01-05,2025-13\n",
     "deliveries.csv", [DELIVERIES, "INSERT INTO deliveries VALUES ('vp', 'TT 3', '2025-01-05', NULL, '2025-13')"],
     "deliveries[1]"),
    ("F125 a delivery's deadline at position 0", "unit,task,date,deadline\nvp,TT 3,2025-01-05,0\n", "deliveries.csv",
     [DELIVERIES, "INSERT INTO deliveries VALUES ('vp', 'TT 3', '2025-01-05', '0', NULL)"], "deliveries[1]"),
    ("F145 one event twice", '[[events]]\nevent = "tết"\ndate = 2025-01-29\n' * 2, "f.toml",
     [EVENTS, "INSERT INTO events VALUES ('tết', '2025-01-29', NULL), ('tết', '2025-01-29', NULL)"], "events[2]"),
    ("F151 a period that ends before it starts", '[facts]\nperiod = { from = 2025-12-31, to = 2025-01-01 }\n',
     "f.toml", [PERIOD, "INSERT INTO period VALUES ('2025-12-31', '2025-01-01')"], "period[1]"),
]


def _from_file(text: str, name: str) -> Diagnostic:
    with pytest.raises(FactsError) as error:
        loads_facts(text, name, vocabulary=VOCABULARY)
    (found,) = error.value.diagnostics
    return found


def _from_database(tmp_path: Path, statements: list[str]) -> Diagnostic:
    with pytest.raises(FactsError) as error:
        _database_facts(tmp_path, statements)
    (found,) = error.value.diagnostics
    return found


def _database_facts(tmp_path: Path, statements: list[str]):
    """The facts (light: no records) of a DuckDB file made by `statements`."""
    import duckdb

    path = tmp_path / "facts.duckdb"
    con = duckdb.connect(str(path))
    for sql in statements:
        con.execute(sql)
    con.close()
    with sources.DuckDBSource(path, VOCABULARY) as source:
        return source.light_facts()


@pytest.mark.parametrize(("check", "text", "name", "statements", "row"), CASES, ids=[c[0] for c in CASES])
def test_a_check_says_the_same_from_a_file_and_from_a_table(tmp_path, check, text, name, statements, row):
    pytest.importorskip("duckdb")
    in_file = _from_file(text, name)
    in_table = _from_database(tmp_path, statements)
    assert in_file.code == in_table.code == check.split()[0]
    assert in_table.message.text("en") == in_file.message.text("en")
    assert in_table.message.text("vi") == in_file.message.text("vi")
    assert type(in_table.message) is type(in_file.message)
    # the place: a line and column of the file; a table and row of the database, as the first hint
    assert in_file.span is not None and in_file.span.file == name and in_file.line_text
    assert in_table.span is None and in_table.hints[0].text("en").startswith(f"in {tmp_path / 'facts.duckdb'} ({row})")
    # the other hints (did you mean, where the first of two is) name the same things
    assert [h.key for h in in_table.hints[1:]] == [h.key for h in in_file.hints]


def test_a_row_builds_the_same_facts_from_a_file_and_from_a_table(tmp_path):
    """The one builder: a table's cells are read as a file's (a spelled yes/no, a deadline's position, a period's
    shape normalised), so the facts built are the same but for their origin."""
    pytest.importorskip("duckdb")
    counts, deliveries = "unit,kind,year,count,trực_tuyến\nvp,hội_nghị,2025,3,có\nvp,hội_nghị,2024,2,x\n", \
        "unit,task,date,deadline,period\nvp,TT 3,2025-01-05,02,2025-5\nvp,TT 3,2025-02-05,,2025-h1\n"
    from_files = [loads_facts(counts, "counts.csv", vocabulary=VOCABULARY).units[0],
                  loads_facts(deliveries, "deliveries.csv", vocabulary=VOCABULARY).units[0]]
    (unit,) = _database_facts(tmp_path, [
        SPELLED_COUNTS, DELIVERIES, "INSERT INTO counts VALUES ('vp', 'hội_nghị', 2025, 3, 'có'), ('vp', 'hội_nghị', "
        "2024, 2, 'x')", "INSERT INTO deliveries VALUES ('vp', 'TT 3', '2025-01-05', '02', '2025-5'), "
        "('vp', 'TT 3', '2025-02-05', NULL, '2025-h1')"]).units

    def bare(facts):
        """Each fact without its origin (a file's line, a table's row)."""
        return [attrs.evolve(fact, origin=None) for fact in facts]

    assert bare(unit.counts) == bare(from_files[0].counts)
    assert bare(unit.deliveries) == bare(from_files[1].deliveries)
    assert [d.period for d in unit.deliveries] == ["2025-05", "2025-H1"] and unit.deliveries[0].deadline == "2"


@pytest.mark.parametrize("refused", [["2026, NULL", "2026, 'abc'"], ["2026, NULL", "2025, '150'"],
                                     ["2026, 'abc'", "2025, '150'"]])
def test_rows_refused_before_do_not_hide_a_later_problem(tmp_path, refused):
    """A table's refused rows are dropped once reported; a row read after them is still checked (F143 here):
    the collector holds what it marked partial, so no later fact is mistaken for one (a reused id())."""
    metric = "'vp', 'tỷ_lệ_hồ_sơ_trực_tuyến', "
    rows = [metric + r for r in refused] + [metric + "2024, '0.5'", metric + "2024, '0.6'"]
    with pytest.raises(FactsError) as error:
        _database_facts(tmp_path, [VALUES, 'INSERT INTO "values" VALUES ' + ", ".join(f"({r})" for r in rows)])
    assert [d.code for d in error.value.diagnostics][-1] == "F143"


def test_every_check_of_the_table_sources_has_a_case():
    """Each code the table sources give for a row is one a facts file gives too, and has a case above."""
    import re

    facts = ROOT / "src" / "planrules" / "facts"
    table_side = {code for module in ("table_checks", "small_tables")
                  for code in re.findall(r'"(F1\d\d)"', (facts / f"{module}.py").read_text(encoding="utf-8"))}
    # F120 (a column or a value no field holds) belongs to the database alone; F130 needs a vocabulary where
    # a condition column of one kind is no condition of another (its words are `not_condition`, as in a file);
    # F132, F133 and the readers' F120s are `values`' own functions, the same on both paths; F152 (another period
    # than the first) needs two files, a file declaring one period, and names the other's place, a file's line or
    # the period table's row: its table side is test_sql_postgres' (101be99)
    covered = {check.split()[0] for check, *_ in CASES}
    assert table_side - covered <= {"F120", "F130", "F152"}, sorted(table_side - covered)


def test_a_parity_case_can_fail(tmp_path):
    """The comparison notices a difference: a file and a table with different faults."""
    in_file = _from_file(CASES[0][1], "f.toml")
    in_table = _from_database(tmp_path, CASES[1][3])
    assert in_file.message.text("en") != in_table.message.text("en")
    assert dt.date(2025, 1, 1)  # the cases' year is inside 1900-2200


def test_each_check_of_the_facts_is_worded_in_one_function():
    """The codes `findings` words are said nowhere else: a reader finds the problem, `findings` says it."""
    import ast

    facts = ROOT / "src" / "planrules" / "facts"

    def said(path: Path) -> set[str]:
        """The F1xx codes a module puts in a message itself (not those it only counts, as `_first_rows` does)."""
        codes = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) not in (
                    "_first_rows", "first", "more"):
                codes |= {a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
                          and len(a.value) == 4 and a.value.startswith("F1")}
        return codes

    # F103 and F104 are also a TOML table's unknown or missing key, F111 a record's unknown field: the file's own
    # words for its keys, listed lazily (a header of 100,000 columns); the rest is said by `findings` alone
    shared = said(facts / "findings.py") - {"F103", "F104", "F111"}
    assert {"F105", "F110", "F112", "F131", "F134", "F140", "F141", "F142", "F143", "F144", "F150"} <= shared
    for path in sorted(facts.glob("*.py")):
        if path.name in ("findings.py", "mapping.py"):  # a mapping file's own F105s are about the mapping file
            continue
        assert said(path) & shared == set(), f"{path.name} words {sorted(said(path) & shared)} itself"
