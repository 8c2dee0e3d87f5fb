"""One meaning, two paths: metrics counted in SQL (DuckDB, Parquet) judge exactly as the in-Python path.

The differential tests draw plans (targets of every kind: shares with and
without exclusions, cuts, counts, per-record caps "at most" and "at least",
by category, for a year, every year or no year, plan-wide or for a task's
lead) and facts (`planrules.strategies`: valid facts with fields left out,
undated records, counts standing in for records, reported values; facts
drawn to meet or violate a target, exactly at its threshold often), write
the facts into a DuckDB file and a Parquet folder, and compare the reports:

- the SQL path against the in-Python path on the same tables read into
  Python (`FactSource.facts`), field for field, explanations included;
- the SQL path against the in-Python path on the original facts, verdict for
  verdict: status, value, figures, on-track, violations (records without an
  id are named by their place, which differs between a TOML file and a table).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
import sqlglot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sql_cases import (HEADER, HOSTILE, PLANS, _hostile_facts, _same_facts, cases, check_both_paths, compile_text,
                       same_meaning)
from test_joint_leads import facts_of, joint_cases

import planrules
from planrules.facts import model as f
from planrules.facts import duckdb_engine, sources, targets
from planrules.base.diagnostics import FactsError
from planrules.evaluation.sql import KindQuestions, compile_kind, questions
from planrules.facts.sql_text import quote

@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_duckdb_and_python_give_identical_reports(case):
    rules, facts, as_of = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "facts.duckdb"
        sources.write_duckdb(facts, path, rules.vocabulary)
        with sources.DuckDBSource(path) as source:
            _same_facts(source.facts(rules.vocabulary), facts)
            check_both_paths(rules, facts, as_of, source)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_parquet_and_python_give_identical_reports(case):
    rules, facts, as_of = case
    with tempfile.TemporaryDirectory() as folder:
        sources.write_parquet(facts, folder, rules.vocabulary)
        with sources.FolderSource(folder) as source:
            check_both_paths(rules, facts, as_of, source)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_problems_evidence_changes_only_the_records_listed(case):
    """`evidence="problems"` (national runs) gives the same verdicts; only counted records are not listed."""
    rules, facts, as_of = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "facts.duckdb"
        sources.write_duckdb(facts, path, rules.vocabulary)
        with sources.DuckDBSource(path) as full, sources.DuckDBSource(path, evidence="problems") as lean:
            a, b = rules.evaluate(full, as_of), rules.evaluate(lean, as_of)
    assert [attrs.evolve(v, records=()) for v in a.verdicts] == [attrs.evolve(v, records=()) for v in b.verdicts]
    for x, y in zip(a.verdicts, b.verdicts):
        assert set(y.records) <= set(x.records)
        if x.status in (planrules.Status.UNKNOWN,):
            assert x.records == y.records  # the records that explain an unknown are always listed


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["", "chung", "mỗi đơn vị"]).flatmap(joint_cases))
def test_joint_deliverables_judge_alike_in_duckdb_and_python(case):
    """Joint leads (issue 16): a deliverable answered once for all its leads, from a table source as from Python."""
    rules, _, deliveries, events, as_of = case
    facts = facts_of(deliveries, events)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "facts.duckdb"
        sources.write_duckdb(facts, path, rules.vocabulary)
        with sources.DuckDBSource(path) as source:
            check_both_paths(rules, facts, as_of, source)
            joint = [(v.unit, v.rule, v.period, v.status, v.delivered, v.leads, v.answered_by)
                     for v in rules.evaluate(source, as_of).verdicts]
    assert joint == [(v.unit, v.rule, v.period, v.status, v.delivered, v.leads, v.answered_by)
                     for v in rules.evaluate(facts, as_of).verdicts]


# ------------------------------------------------------------- the real plan --

VU_DUONG = planrules.compile(planrules.load(PLANS / "quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"),
                             planrules.load_dir(PLANS))


@pytest.mark.parametrize("as_of", [dt.date(2026, 11, 30), dt.date(2026, 12, 31), dt.date(2027, 12, 31)])
def test_the_vu_duong_sample_facts_judge_alike_in_duckdb_parquet_and_python(tmp_path, as_of):
    facts = planrules.load_facts(Path(__file__).parent.parent / "examples/vu-duong/facts.toml",
                                 vocabulary=VU_DUONG.vocabulary)
    sources.write_duckdb(facts, tmp_path / "f.duckdb", VU_DUONG.vocabulary)
    sources.write_parquet(facts, tmp_path / "pq", VU_DUONG.vocabulary)
    for source in (sources.DuckDBSource(tmp_path / "f.duckdb"), sources.FolderSource(tmp_path / "pq")):
        with source:
            check_both_paths(VU_DUONG, facts, as_of, source)


# ---------------------------------------------------------------- injection --

def test_quote_doubles_quotes_and_refuses_what_no_engine_stores():
    assert quote("hội_nghị") == '"hội_nghị"'
    assert quote('a"b') == '"a""b"'
    assert quote(HOSTILE) == '"x\'; DROP TABLE ""hội_nghị""; --"'
    for bad in ("", "a\x00b", None):
        with pytest.raises(ValueError):
            quote(bad)
    import duckdb

    con = duckdb.connect()
    con.execute(f"CREATE TABLE {quote(HOSTILE)} ({quote(HOSTILE + '2')} INTEGER)")
    assert con.execute(f"SELECT COUNT(*) FROM {quote(HOSTILE)}").fetchone() == (0,)
    assert [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()] == [HOSTILE]


def test_every_statement_parses_the_same_in_duckdb_and_postgresql():
    rules = compile_text(HEADER.format(number="1", title="t", label="l") +
                         "chỉ tiêu: tỷ_lệ_hn_qt tối thiểu 60%\nchỉ tiêu: số_người_mỗi_lớp(trực_tiếp) tối thiểu 5\n"
                         "chỉ tiêu: giảm_hn_qt tối thiểu 10%\nchỉ tiêu: tỷ_lệ_đào_tạo_kỹ_năng_số tối thiểu 100%\n")
    for kind, asked in questions(rules.metric_rules).items():
        date = rules.vocabulary.date_field(kind)
        for evidence in ("records", "problems"):
            c = compile_kind(kind, date.name if date else None, asked, dt.date(2026, 12, 31), ["đv_a", HOSTILE],
                             evidence=evidence)
            year_only = compile_kind(kind, date.name if date else None, asked, dt.date(2026, 12, 31), ["đv_a"],
                                     evidence=evidence, since=dt.date(2026, 3, 1), year_only=True)
            for sql in filter(None, (c.main, c.rows, c.undated, year_only.main, year_only.rows, year_only.undated)):
                assert HOSTILE not in sql and "quán_triệt" not in sql  # values are parameters
                for dialect in ("duckdb", "postgres"):
                    assert sqlglot.parse_one(sql, read=dialect) is not None
    assert compile_kind("k", None, KindQuestions(), dt.date(2026, 1, 1)).undated is None


def test_only_statements_naming_a_few_records_number_them_late():
    """Counting the rows between the records found (`sql_text.numbered`) beats a window over the whole table when a
    few are named (the undated, the problems), and loses when every record is (evidence="records": 9.6 s against
    2.9 s for 2 M documents on PostgreSQL): those keep the window. Every statement still parses as PostgreSQL."""
    from planrules.facts.engines import Counted

    rules = compile_text(HEADER.format(number="1", title="t", label="l") + "chỉ tiêu: tỷ_lệ_hn_qt tối thiểu 60%\n")
    counted = Counted('"s"."t"', "ctid", "CAST('(0,0)' AS pg_catalog.tid)")
    (kind, asked), = questions(rules.metric_rules).items()
    date = rules.vocabulary.date_field(kind).name
    late = {evidence: compile_kind(kind, date, asked, dt.date(2026, 12, 31), evidence=evidence, counted=counted)
            for evidence in ("records", "problems")}
    assert "lag(" not in late["records"].rows and 'ORDER BY "__row"' in late["records"].rows
    assert "lag(" in late["problems"].rows and '"__row"' not in late["problems"].rows
    assert all("lag(" in c.undated and '"__row"' not in c.undated for c in late.values())
    for sql in (late["problems"].rows, late["problems"].undated):
        assert sqlglot.parse_one(sql, read="postgres") is not None


def test_hostile_text_in_every_name_and_string_changes_nothing(tmp_path):
    """Quotes and `; DROP TABLE` in the plan's strings, record ids, text fields and paths: data, never SQL."""
    targets = ("chỉ tiêu: tỷ_lệ_hn_qt tối thiểu 60%\nchỉ tiêu: số_người_mỗi_lớp(trực_tiếp) tối thiểu 5\n"
               "chỉ tiêu: thời_lượng_hội_nghị(quán_triệt) không quá 1/2 ngày\nchỉ tiêu: giảm_hội_nghị tối thiểu 10%\n")
    hostile = compile_text(HEADER.format(number=HOSTILE.replace('"', "'"), title=HOSTILE.replace('"', "'"),
                                         label=HOSTILE.replace('"', "'")) + targets)
    plain = compile_text(HEADER.format(number="1", title="t", label="l") + targets)
    facts = _hostile_facts(hostile)
    folder = tmp_path / HOSTILE.replace("/", "_")
    folder.mkdir()
    sources.write_duckdb(facts, folder / f"{HOSTILE}.duckdb", hostile.vocabulary)
    sources.write_parquet(facts, folder / "pq", hostile.vocabulary)
    as_of = dt.date(2026, 12, 31)
    expected = plain.evaluate(facts, as_of)
    for make in (lambda: sources.DuckDBSource(folder / f"{HOSTILE}.duckdb"),
                 lambda: sources.FolderSource(folder / "pq")):
        for rules in (hostile, plain):
            with make() as source:
                report = rules.evaluate(source, as_of)
                assert report == rules.evaluate(source.facts(rules.vocabulary), as_of)
                same_meaning(report, rules.evaluate(facts, as_of))
            assert [(v.rule, v.status, v.value) for v in report.verdicts] == [
                (v.rule, v.status, v.value) for v in expected.verdicts]
        with make() as source:  # nothing was dropped or changed
            _same_facts(source.facts(hostile.vocabulary), facts)
    broken = [v for v in expected.verdicts if v.violations]
    assert broken and any(HOSTILE in x.record for v in broken for x in v.violations)


# --------------------------------------------------------------- validation --


def _duckdb(tmp_path, *statements) -> Path:
    import duckdb

    path = tmp_path / "bad.duckdb"
    con = duckdb.connect(str(path))
    for sql in statements:
        con.execute(sql)
    con.close()
    return path


CONFERENCES = ('CREATE TABLE "hội_nghị" (unit VARCHAR, id VARCHAR, "ngày" DATE, "loại" VARCHAR, '
               '"trực_tuyến" BOOLEAN, "thời_lượng" DECIMAL(18, 6))')


@pytest.mark.parametrize(("statements", "code"), [
    ([CONFERENCES, "INSERT INTO \"hội_nghị\" VALUES ('đv_a', 'H1', '2026-01-02', 'quán triệt', true, 1)"], "F113"),
    ([CONFERENCES, "INSERT INTO \"hội_nghị\" VALUES ('đv_a', 'H1', '2026-01-02', 'quán_triệt', true, -1)"], "F123"),
    ([CONFERENCES, "INSERT INTO \"hội_nghị\" VALUES (NULL, 'H1', '2026-01-02', 'quán_triệt', true, 1)"], "F104"),
    ([CONFERENCES, "INSERT INTO \"hội_nghị\" VALUES ('đv_a', 'H1', '2026-01-02', NULL, true, 1), "
                   "('đv_a', 'H1', '2026-01-03', NULL, true, 1)"], "F140"),
    ([CONFERENCES, "INSERT INTO \"hội_nghị\" VALUES ('đv_a', NULL, '2026-01-02', NULL, true, 1), "
                   "('đv_a', NULL, '2026-01-02', NULL, true, 1)"], "F141"),
    (['CREATE TABLE "hội_nghị" (unit VARCHAR, "ngày" DATE, "thời_lượng" DOUBLE)'], "F120"),
    (['CREATE TABLE "hội_nghị" (unit VARCHAR, "ngay" DATE)'], "F103"),
    (['CREATE TABLE "hội_nghi" (unit VARCHAR)'], "F105"),
    (["CREATE TABLE counts (unit VARCHAR, kind VARCHAR, year INTEGER, count BIGINT)",
      "INSERT INTO counts VALUES ('đv_a', 'hội_nghị', 2026, -3)"], "F123"),
    (["CREATE TABLE counts (unit VARCHAR, kind VARCHAR, year INTEGER, count BIGINT)",
      "INSERT INTO counts VALUES ('đv_a', 'hội_nghi', 2026, 3)"], "F110"),
    (["CREATE TABLE counts (unit VARCHAR, kind VARCHAR, year INTEGER, count BIGINT)",
      "INSERT INTO counts VALUES ('đv_a', 'hội_nghị', 2026, 3), ('đv_a', 'hội_nghị', 2026, 4)"], "F142"),
    ([CONFERENCES, "INSERT INTO \"hội_nghị\" VALUES ('đv_a', 'H1', '2026-01-02', NULL, true, 1)",
      "CREATE TABLE counts (unit VARCHAR, kind VARCHAR, year INTEGER, count BIGINT)",
      "INSERT INTO counts VALUES ('đv_a', 'hội_nghị', 2026, 3)"], "F134"),
    (["CREATE TABLE \"values\" (unit VARCHAR, metric VARCHAR, year INTEGER, value DOUBLE)",
      "INSERT INTO \"values\" VALUES ('đv_a', 'tỷ_lệ_hội_nghị_trực_tuyến', 2026, 0.5)"], "F120"),
    (["CREATE TABLE \"values\" (unit VARCHAR, metric VARCHAR, year INTEGER, value VARCHAR)",
      "INSERT INTO \"values\" VALUES ('đv_a', 'thời_lượng_hội_nghị', 2026, '1')"], "F133"),
])
def test_invalid_tables_raise_located_facts_errors_and_no_verdict(tmp_path, statements, code):
    path = _duckdb(tmp_path, *statements)
    with sources.DuckDBSource(path) as source, pytest.raises(FactsError) as error:
        VU_DUONG.evaluate(source, dt.date(2026, 12, 31))
    assert code in [d.code for d in error.value.diagnostics]
    assert all(d.hints and "bad.duckdb" in d.hints[0].text() for d in error.value.diagnostics)


@pytest.mark.parametrize("collation", ["NOCASE", "NOACCENT", "NFC"])
@pytest.mark.parametrize("column", ["unit", "loại"])
def test_a_text_column_under_a_collation_is_refused(tmp_path, column, collation):
    """DuckDB groups and compares such a column by its collation ('đv_a' and 'ĐV_A' one unit), where planrules
    tells them apart: read, the counts would differ from the same facts' anywhere else. F120, at the column."""
    table = CONFERENCES.replace(f'{"unit" if column == "unit" else chr(34) + column + chr(34)} VARCHAR',
                                f'{"unit" if column == "unit" else chr(34) + column + chr(34)} VARCHAR COLLATE {collation}')
    assert "COLLATE" in table
    path = _duckdb(tmp_path, table, "INSERT INTO \"hội_nghị\" VALUES ('đv_a', 'H1', '2026-01-02', 'quán_triệt', true, 1)")
    with sources.DuckDBSource(path) as source, pytest.raises(FactsError) as error:
        VU_DUONG.evaluate(source, dt.date(2026, 12, 31))
    (found,) = [d for d in error.value.diagnostics if d.code == "F120"]
    assert f"column {column} of table hội_nghị is VARCHAR (COLLATE)" in found.message.text()


def test_a_plain_text_column_is_not_taken_for_a_collated_one(tmp_path):
    path = _duckdb(tmp_path, CONFERENCES)
    with sources.DuckDBSource(path) as source:
        assert source.engine.tables()["hội_nghị"]["unit"] == "VARCHAR"


def test_unknown_units_are_the_plans_check(tmp_path):
    path = _duckdb(tmp_path, CONFERENCES,
                   "INSERT INTO \"hội_nghị\" VALUES ('không_có', 'H1', '2026-01-02', 'quán_triệt', true, 1)")
    with sources.DuckDBSource(path) as source, pytest.raises(FactsError) as error:
        VU_DUONG.evaluate(source, dt.date(2026, 12, 31))
    assert [d.code for d in error.value.diagnostics] == ["F201"]


def test_unreadable_sources_are_facts_errors(tmp_path):
    (tmp_path / "x.duckdb").write_bytes(b"not a database")
    for make in (lambda: sources.DuckDBSource(tmp_path / "x.duckdb"),
                 lambda: sources.DuckDBSource(tmp_path / "missing.duckdb")):
        with pytest.raises(FactsError) as error:
            make()
        assert error.value.diagnostics[0].code == "F101"
    (tmp_path / "pq").mkdir()
    (tmp_path / "pq" / "hội_nghị.parquet").write_bytes(b"PAR1 broken")
    with pytest.raises(FactsError) as error:
        sources.FolderSource(tmp_path / "pq")
    assert error.value.diagnostics[0].code == "F101"


def test_days_a_decimal_column_cannot_hold_are_refused_when_writing(tmp_path):
    day = dt.date(2026, 3, 2)
    facts = f.Facts((f.UnitFacts("đv_a", records=(f.Record("hội_nghị", (("ngày", day), ("thời_lượng", Fraction(1, 3))),
                                                            id="H", date=day),)),))
    with pytest.raises(FactsError) as error:
        sources.write_duckdb(facts, tmp_path / "f.duckdb")
    assert error.value.diagnostics[0].code == "F120"


def test_machine_csv_folders_read_like_parquet(tmp_path):
    (tmp_path / "hội_nghị.csv").write_text(
        "unit,id,ngày,loại,trực_tuyến,thời_lượng\n"
        "vp_hđnd_ubnd,H1,2026-07-02,quán_triệt,true,0.5\n"
        "vp_hđnd_ubnd,H2,2026-08-02,chuyên_môn,false,1.5\n"
        "vp_hđnd_ubnd,,2026-09-02,quán_triệt,true,1\n", encoding="utf-8")
    with sources.FolderSource(tmp_path) as source:
        report = VU_DUONG.evaluate(source, dt.date(2026, 12, 31))
        assert report == VU_DUONG.evaluate(source.facts(VU_DUONG.vocabulary), dt.date(2026, 12, 31))
    cap = [v for v in report.verdicts if v.violations]
    assert cap and cap[0].violations[0].record == f"{tmp_path / 'hội_nghị.csv'} (hội_nghị[3])"
    assert any(v.value == Fraction(2, 3) and v.kind.value == "share"
               for v in report.verdicts)



def test_a_machine_csv_decimal_is_read_exactly_as_a_parquet_one_is(tmp_path):
    """A seventh decimal place was rounded on reading a CSV file (the layout's DECIMAL(18, 6)): 0.1234567 read as
    0.123457, in silence, where the same cell in Parquet, or in a facts file, is 0.1234567."""
    import duckdb

    (tmp_path / "csv").mkdir()
    (tmp_path / "pq").mkdir()
    (tmp_path / "csv" / "hội_nghị.csv").write_text(
        "unit,id,ngày,loại,trực_tuyến,thời_lượng\nvp_hđnd_ubnd,H1,2026-07-02,quán_triệt,true,0.1234567\n"
        "vp_hđnd_ubnd,H2,2026-07-03,quán_triệt,true,123456789.000000000000000001\n", encoding="utf-8")
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{tmp_path / 'csv' / 'hội_nghị.csv'}', "
               "types={'thời_lượng': 'DECIMAL(38,18)'})) TO '" + str(tmp_path / "pq" / "hội_nghị.parquet") + "'")

    def durations(folder):
        with sources.FolderSource(folder) as source:
            return [dict(r.values)["thời_lượng"] for u in source.facts(VU_DUONG.vocabulary).units for r in u.records]

    assert durations(tmp_path / "csv") == durations(tmp_path / "pq") == [
        Fraction("0.1234567"), Fraction("123456789.000000000000000001")]

def test_open_source_dispatch(tmp_path):
    facts = f.Facts((f.UnitFacts("vp_hđnd_ubnd"),))
    sources.write_duckdb(facts, tmp_path / "f.duckdb")
    sources.write_parquet(facts, tmp_path / "pq")
    assert targets.is_source(tmp_path / "f.duckdb") and targets.is_source(tmp_path / "pq")
    assert targets.is_source("postgresql://localhost/x")
    assert not targets.is_source(PLANS.parent / "examples/vu-duong/facts.toml")
    for target in (tmp_path / "f.duckdb", tmp_path / "pq"):
        with sources.open_source(target) as source:
            assert source.light_facts().unit_names == ("vp_hđnd_ubnd",)


def _statements(monkeypatch) -> list[tuple[str, list]]:
    seen: list[tuple[str, list]] = []
    run = duckdb_engine.DuckDBEngine.run

    def spy(self, sql, params=()):
        seen.append((sql, list(params)))
        return run(self, sql, params)

    monkeypatch.setattr(duckdb_engine.DuckDBEngine, "run", spy)
    return seen


def test_follow_up_queries_read_only_the_units_with_a_problem(tmp_path, monkeypatch):
    """evidence="problems": record rows are read for units the aggregates found a problem in, and no others."""
    rules = compile_text(HEADER.format(number="1", title="t", label="l")
                         + "chỉ tiêu: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 60%\n"
                         + "chỉ tiêu: thời_lượng_hội_nghị(quán_triệt) không quá 1/2 ngày\n")
    clean = ("('đv_a', 'A1', '2026-04-02', 'chuyên_môn', true, 1), ('đv_b', 'B1', '2026-04-02', 'chuyên_môn', true, 1)")
    as_of = dt.date(2026, 12, 31)
    for rows, troubled in (
            (clean, {}),
            (clean + ", ('đv_b', 'B2', '2026-05-02', 'chuyên_môn', NULL, 1)", {"rows": ["đv_b"]}),  # lacks trực_tuyến
            (clean + ", ('đv_a', 'A2', '2026-05-02', 'quán_triệt', true, 1)", {"rows": ["đv_a"]}),  # over the cap
            (clean + ", ('đv_a', 'A3', NULL, 'chuyên_môn', true, 1)", {"undated": ["đv_a"]}),  # no date
    ):
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        folder.mkdir()
        path = _duckdb(folder, CONFERENCES, f'INSERT INTO "hội_nghị" VALUES {rows}')
        with sources.DuckDBSource(path) as source:
            expected = rules.evaluate(source.facts(rules.vocabulary), as_of)
        seen = _statements(monkeypatch)
        with sources.DuckDBSource(path, evidence="problems") as source:
            report = rules.evaluate(source, as_of)
        monkeypatch.undo()
        assert [attrs.evolve(v, records=()) for v in report.verdicts] == [
            attrs.evolve(v, records=()) for v in expected.verdicts]
        follow_ups = {"rows": [p for sql, p in seen if '"__row" IS NULL' not in sql and "ORDER BY \"__row\"" in sql
                               and "COALESCE(" in sql],
                      "undated": [p for sql, p in seen if '"ngày" IS NULL AND' in sql or
                                  ('"ngày" IS NULL ORDER BY' in sql and "SELECT \"unit\", CAST(\"id\"" in sql)]}
        for which in ("rows", "undated"):
            if which in troubled:
                assert len(follow_ups[which]) == 1 and [u for u in follow_ups[which][0] if str(u).startswith("đv_")] \
                    == troubled[which], (which, follow_ups[which])
            else:
                assert follow_ups[which] == [], (which, rows)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_problems_evidence_reads_every_unit_alike_past_the_narrowing_limit(case):
    """Past `Answers.NARROW` troubled units the follow-up statements read every unit: the same verdicts."""
    rules, facts, as_of = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "facts.duckdb"
        sources.write_duckdb(facts, path, rules.vocabulary)
        with sources.DuckDBSource(path, evidence="problems") as narrowed:
            a = rules.evaluate(narrowed, as_of)
        before = planrules.evaluation.sql.Answers.NARROW
        planrules.evaluation.sql.Answers.NARROW = 0
        try:
            with sources.DuckDBSource(path, evidence="problems") as wide:
                b = rules.evaluate(wide, as_of)
        finally:
            planrules.evaluation.sql.Answers.NARROW = before
    assert a == b


def test_the_sql_shown_in_docs_sql_md_is_what_compile_kind_builds():
    """docs/sql.md shows the aggregate of two Vũ Dương targets: the text must be the statement that runs."""
    import re

    text = (PLANS.parent / "docs/sql.md").read_text(encoding="utf-8")
    shown = [" ".join(line.split("--")[0] for line in block.splitlines()).split()
             for block in re.findall(r"```sql\n(.*?)```", text, re.S) if block.startswith("SELECT")]
    built = []
    for rule in VU_DUONG.metric_rules:
        if rule.clause.rule in ("TT 8#3", "II.4-4#1"):
            (kind, asked), = questions([rule]).items()
            built.append(compile_kind(kind, VU_DUONG.vocabulary.date_field(kind).name, asked,
                                      dt.date(2026, 12, 31)).main.split())
    assert len(shown) == 2 and sorted(shown) == sorted(built)


# ------------------------------------------------------------- organisations from a register --


@st.composite
def register_cases(draw):
    """A register of communes under two provinces (some with official codes), a plan that lists none of them
    (a level group, a territory, a scoped target and a task it leads), and facts for some communes — named by
    name or by code, with their own level and parent for a commune the register lacks."""
    from planrules.facts.register import Register, Registered
    from planrules.language.syntax import parse

    size = draw(st.integers(1, 6))
    provinces = draw(st.lists(st.sampled_from(["01", "37"]), min_size=size, max_size=size))
    coded = draw(st.lists(st.booleans(), min_size=size, max_size=size))
    units = [Registered("VN", level="quốc_gia"), Registered("01", level="tỉnh", parent="VN"),
             Registered("37", level="tỉnh", parent="VN")]
    units += [Registered(f"{i:05d}", f"Xã {i}", code=f"X{i}" if c else None, level="xã", parent=p)
              for i, (p, c) in enumerate(zip(provinces, coded))]
    register = Register(tuple(units))
    territory = draw(st.sampled_from(["VN", "01", "37"]))
    text = (f'kế hoạch: "9/KH"\nđịa bàn: "{territory}"\nngày ban hành: 01/02/2026\n'
            'nhóm các_xã: "Các xã" = cấp xã\n'
            'chỉ tiêu: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 90% hằng năm phạm vi: các_xã\n'
            'nhiệm vụ I {\n    nội dung: "Báo cáo"\n    chủ trì: các_xã\n    thời hạn: đến ngày 30/06/2026\n}\n')
    rules = planrules.compile(parse(text, "r.plan"), register=register)
    reporting = draw(st.lists(st.sampled_from(list(rules.bound)), unique=True)) if rules.bound else []
    facts = []
    for name in reporting:
        unit = register.get(name)
        records = tuple(f.Record("hồ_sơ_tthc", (("ngày", dt.date(2026, 3, 1 + i)), ("trực_tuyến", online)),
                                 id=f"{name}-{i}", date=dt.date(2026, 3, 1 + i))
                        for i, online in enumerate(draw(st.lists(st.booleans(), max_size=6))))
        days = draw(st.lists(st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)), max_size=1))
        facts.append(f.UnitFacts(unit.code if unit.code and draw(st.booleans()) else name, records=records,
                                 deliveries=tuple(f.Delivery("I", d) for d in days)))
    if draw(st.booleans()):  # a commune the facts add, under the territory
        facts.append(f.UnitFacts("99999", label="Xã mới", level="xã", parent=territory if territory != "VN" else "01",
                                 deliveries=(f.Delivery("I", dt.date(2026, 6, 1)),)))
    return rules, f.Facts(tuple(facts)), draw(st.sampled_from([dt.date(2026, 6, 30), dt.date(2026, 12, 31)]))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(register_cases())
def test_units_a_register_binds_judge_alike_in_duckdb_and_python(case):
    """Issue 16: who a register puts in a plan's groups, codes mapped to names, units the facts' units table adds:
    the same units, verdicts and labels from a table source as from Python."""
    rules, facts, as_of = case
    python = rules.evaluate(facts, as_of)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "facts.duckdb"
        sources.write_duckdb(facts, path, rules.vocabulary)
        with sources.DuckDBSource(path) as source:
            sql = rules.evaluate(source, as_of)
    assert sorted(sql.units) == sorted(python.units) and dict(sql.labels) == dict(python.labels)
    same_meaning(sql, python)
    assert set(python.units) >= set(rules.bound)  # every commune the register binds is judged


_YEARS = st.one_of(st.none(), st.integers(2022, 2029), st.integers(1900, 2200))
_DAYS = st.one_of(st.dates(dt.date(2022, 1, 1), dt.date(2029, 12, 31)),  # near the records' years, 1 January too
                  st.integers(2022, 2029).map(lambda y: dt.date(y, 1, 1)),
                  st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), _YEARS, st.sampled_from([True, False, None])),
                max_size=30),
       _DAYS, st.one_of(st.none(), _DAYS),
       st.one_of(st.none(), st.lists(st.sampled_from(["a", "b", "c"]), unique=True)),
       st.sampled_from(["records", "problems"]))
def test_a_year_only_kind_grouped_on_its_year_column_reads_as_grouped_on_its_date(rows, as_of, since, units,
                                                                                   evidence):
    """A mapping's year column (`year = "col"`) makes each record's date 1 January of its year; the statements
    group and filter a year-only kind on that column (`year_only`, no date made and taken apart per row) and
    must read exactly what they read on the date: the same groups, counts, rows and undated records."""
    import duckdb

    con = duckdb.connect()
    con.execute(f'CREATE TABLE {quote("planrules:k")} (unit VARCHAR, id VARCHAR, __row BIGINT, "ngày" DATE, '
                f'"trực_tuyến" BOOLEAN, {quote("planrules:year")} INTEGER)')
    for i, (unit, year, online) in enumerate(rows):
        con.execute(f'INSERT INTO {quote("planrules:k")} VALUES (?, ?, ?, make_date(CAST(? AS INTEGER), 1, 1), ?, ?)',
                    [unit, f"r{i}", i + 1, year, online, year])
    asked = KindQuestions(counts=(((("trực_tuyến", True),), None), ((), None)))
    read = {}
    for year_only in (False, True):
        c = compile_kind("k", "ngày", asked, as_of, units, evidence=evidence, since=since, year_only=year_only)
        assert ("planrules:year" in c.main) is year_only and ("EXTRACT" in c.main) is not year_only
        read[year_only] = [sorted(con.execute(sql, list(params)).fetchall(), key=repr)
                           for sql, params in ((c.main, c.main_params), (c.rows, c.rows_params),
                                               (c.undated, c.undated_params))]
    assert read[True] == read[False]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.one_of(st.none(), _DAYS),
                          st.sampled_from([True, False, None]), st.sampled_from([None, 0, 1, 2])), max_size=30),
       _DAYS, st.one_of(st.none(), _DAYS), st.lists(st.sampled_from(["a", "b", "c"]), unique=True),
       st.sampled_from(["records", "problems"]))
def test_statements_reading_every_unit_answer_as_those_listing_the_units(rows, as_of, since, units, evidence):
    """`Answers(unlisted=True)`: the statements read every unit instead of listing those asked about (what
    `sql_indexes` does when every unit with records is asked about) and the rows of any other unit are left
    out in Python: every group, count, cap and undated record of the units asked about is the same, in the
    year's answers and in a window's, and no follow-up statement names another unit."""
    import duckdb

    from planrules.evaluation.sql import Answers, CapKey
    from planrules.language.bounds import Bound, Comparator

    con = duckdb.connect()
    con.execute(f'CREATE TABLE {quote("planrules:k")} (unit VARCHAR, id VARCHAR, __row BIGINT, "ngày" DATE, '
                f'"trực_tuyến" BOOLEAN, "thời_lượng" DECIMAL(18, 6))')
    for i, (unit, day, online, days) in enumerate(rows):
        con.execute(f'INSERT INTO {quote("planrules:k")} VALUES (?, ?, ?, ?, ?, ?)',
                    [unit, f"r{i}", i + 1, day, online, days])
    cap = CapKey("thời_lượng", None, None, dt.date(2022, 1, 1), Bound(Comparator.AT_MOST, Fraction(1)))
    asked = KindQuestions(counts=(((("trực_tuyến", True),), None), ((), None)), caps=(cap,))
    years = sorted({day.year for _, day, _, _ in rows if day is not None}) + [None]

    named: set[str] = set()

    def answers(unlisted: bool) -> tuple[list, list[str]]:
        seen: list[str] = []

        def run(sql, params):
            seen.append(sql)
            named.update(p for p in params if p in ("a", "b", "c"))
            return con.execute(sql, list(params)).fetchall()

        read = []
        for window in (None, since):
            whole = Answers(run, {"k": "ngày"}, lambda kind: "k.parquet", as_of, units, evidence, unlisted=unlisted)
            a = whole if window is None else whole.within(window, as_of)
            a.ask("k", asked)
            read.append([(unit, year, a.group("k", unit, year)) for unit in units for year in years])
            read.append([(unit, a.undated("k", unit)) for unit in units])
        return read, seen

    listed, listed_sql = answers(False)
    every, every_sql = answers(True)
    assert every == listed and named <= set(units)
    mains = [sql for sql in every_sql if "GROUP BY" in sql]
    assert mains and not any('"unit" IN' in sql for sql in mains)
    assert all(('"unit" IN' in sql) == bool(units) for sql in listed_sql if "GROUP BY" in sql)
