"""Verdicts as tables (`reports.tables`, `planrules eval --output`): Parquet, DuckDB and PostgreSQL hold exactly
what the report says, and a target is replaced whole or left as it was.

The round trips read every row back into the verdict (or aggregate) it was written from — with the report's
own types: exact fractions, enums, dates — and compare it with the report's, every field but the evidence
records and the wording (which the table leaves out by design; the explanations are columns on request).
The PostgreSQL tests use the server of `PLANRULES_TEST_POSTGRES` (conftest's `server`; `.ci/run` starts
one), each in a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
import secrets
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_report import small_fractions, verdicts as any_verdicts

import planrules
from planrules.base.diagnostics import OutputTargetError
from planrules.evaluation.rollup import Aggregate, Coverage, Gap, RollUp, UnitViolation, roll_up
from planrules.evaluation.verdicts import Figure, Report, RuleKind, Status, Verdict, Violation
from planrules.facts.targets import is_conninfo
from planrules.language.model import Comparator, Quantity, QuantityUnit, SourceRef, WhenNone
from planrules.reports import data as R
from planrules.reports import tables as T
from planrules.strategies import valid_facts
from planrules.tooling.cli import run

PLAN = '''kế hoạch: "1/KH-TB"
ngày ban hành: 01/01/2025
đơn vị a: "A"
đơn vị b: "B"
đơn vị c: "C"
chỉ tiêu: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 60% hằng năm
chỉ tiêu: giảm_hội_nghị tối thiểu 10% hằng năm
chỉ tiêu: số_hội_nghị không quá 6 hằng năm
chỉ tiêu: thời_lượng_hội_nghị(quán_triệt) không quá 1/2 ngày hằng năm
chỉ tiêu: tỷ_lệ_văn_bản_điện_tử tối thiểu 90% hằng năm
'''
RULES = planrules.compile(planrules.parse(PLAN, source="tables.plan"), calendar=planrules.Calendar.plain())
AS_OF = st.sampled_from((dt.date(2025, 12, 31), dt.date(2026, 6, 30), dt.date(2026, 12, 31)))
VU_DUONG = ("plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan", "--library", "plans", "--facts",
            "examples/vu-duong/facts.toml", "--as-of", "2026-11-30")


# ------------------------------------------------------------ reading back --


def _fraction(row: dict, name: str) -> Fraction | None:
    numerator = row[f"{name}_numerator"]
    return None if numerator is None else Fraction(numerator, row[f"{name}_denominator"])


def _quantity(row: dict, name: str) -> Quantity | None:
    value = _fraction(row, name)
    return None if value is None else Quantity(value, QuantityUnit(row[f"{name}_unit"] or ""))


def _figure(x: dict) -> Figure:
    value = Fraction(x["numerator"], x["denominator"])
    return Figure(x["name"], int(value) if value.denominator == 1 else value)


def _violation(x: dict) -> Violation:
    return Violation(x["record"], Fraction(x["value_numerator"], x["value_denominator"]),
                     Fraction(x["limit_numerator"], x["limit_denominator"]), x["category"], x["origin"])


def _judgement(row: dict) -> dict:
    return dict(
        rule=row["rule"], kind=RuleKind(row["kind"]), status=Status(row["status"]), clause=row["clause"],
        period=row["period"], value=_fraction(row, "value"), value_unit=QuantityUnit(row["value_unit"] or ""),
        value_label=row["value_label"], comparator=Comparator(row["comparator"]) if row["comparator"] else None,
        threshold=_quantity(row, "threshold"), upper=_quantity(row, "upper"),
        when_none=WhenNone(row["when_none"]) if row["when_none"] else None, category=row["category"],
        metric=row["metric"], label=row["label"], on_track=row["on_track"], due=row["due"], last_day=row["last_day"],
        figures=tuple(_figure(x) for x in row["figures"]), inherited_from=row["inherited_from"], at=row["at"],
        monitored_by=tuple(row["monitored_by"]))


def verdict_of(row: dict) -> Verdict:
    """The verdict a row of table `verdicts` says, in the report's own types."""
    source = None if row["source_first"] is None else SourceRef(row["source_first"], row["source_last"],
                                                                 row["source_document"])
    return Verdict(plan=row["plan"], unit=row["unit"], **_judgement(row), delivered=row["delivered"],
                   days_late=row["days_late"], violations=tuple(_violation(x) for x in row["violations"]),
                   leads=tuple(row["leads"]), answered_by=tuple(row["answered_by"]), source=source,
                   document=row["document"])


def aggregate_of(row: dict) -> Aggregate:
    """The aggregate a row of table `rollup` says."""
    coverage = Coverage(tuple(row["bound"]), tuple(row["counted"]),
                        tuple(Gap(g["unit"], Status(g["status"]), g["reason"]) for g in row["missing"]))
    return Aggregate(group=row["group"], coverage=coverage, **_judgement(row),
                     violations=tuple(UnitViolation(x["unit"], _violation(x)) for x in row["violations"]),
                     failing=tuple(row["failing"]))


def without_wording(v: Verdict) -> Verdict:
    """What the table keeps of a verdict: all but its evidence records and its explanation."""
    return attrs.evolve(v, records=(), explanation=())


def read_parquet(folder: Path, prefix: str = "") -> dict[str, list[dict]]:
    import pyarrow.parquet as pq

    return {name: pq.read_table(folder / f"{prefix}{name}.parquet").to_pylist() for name in ("verdicts", "rollup")}


def read_duckdb(path: Path) -> dict[str, list[dict]]:
    import duckdb

    con = duckdb.connect(os.fspath(path), read_only=True)
    try:
        return {name: con.sql(f'SELECT * FROM "{name}"').to_arrow_table().to_pylist() for name in ("verdicts", "rollup")}
    finally:
        con.close()


def check_rows(rows: dict[str, list[dict]], report: Report, rollups: tuple[RollUp, ...]) -> None:
    """`rows` say exactly `report`'s verdicts and `rollups`' aggregates, in their order."""
    assert [verdict_of(r) for r in rows["verdicts"]] == [without_wording(v) for v in report.verdicts]
    assert {r["as_of"] for r in rows["verdicts"]} <= {report.as_of}
    labels = dict(report.labels)
    assert [r["unit_label"] for r in rows["verdicts"]] == [labels.get(v.unit) for v in report.verdicts]
    expected = [(r.by, a.group, dict(r.labels).get(a.group), a) for r in rollups for a in r.aggregates]
    assert [(r["level"], r["group"], r["group_label"], aggregate_of(r)) for r in rows["rollup"]] == expected


def evaluation(facts, as_of):
    report = RULES.evaluate(facts, as_of)
    provinces = roll_up(report, {u: "Ninh Bình" if u != "c" else "Hà Nam" for u in report.units}, by="tỉnh",
                        labels={"Hà Nam": "Tỉnh Hà Nam"})
    nation = roll_up(report, {u: "VN" for u in report.units}, by="quốc_gia")
    return report, (provinces, nation)


# ------------------------------------------------------------ properties --


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(valid_facts(RULES, years=(2024, 2026)), AS_OF)
def test_parquet_and_duckdb_hold_the_reports_exact_values_and_its_rollups(tmp_path, facts, as_of):
    report, rollups = evaluation(facts, as_of)
    tables = T.tables_of(report, rollups)
    folder = tmp_path / secrets.token_hex(4)
    T.write_tables(tables, folder)
    check_rows(read_parquet(folder), report, rollups)
    database = folder / "out.duckdb"
    T.write_tables(tables, database)
    check_rows(read_duckdb(database), report, rollups)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(any_verdicts(numbers=small_fractions, figure_ints=st.integers(-(2**40), 2**40)), max_size=4),
       st.dates())
def test_any_verdict_round_trips_hostile_text_and_all(tmp_path, drawn, as_of):
    report = Report("P", as_of, tuple(drawn), labels=tuple((v.unit, f"label of {v.unit}") for v in drawn[:2]))
    tables = T.tables_of(report)
    prefix = tmp_path / f"{secrets.token_hex(4)}.parquet"
    T.write_tables(tables, prefix)
    check_rows(read_parquet(tmp_path, prefix.name[: -len("parquet")]), report, ())
    database = tmp_path / f"{secrets.token_hex(4)}.duckdb"
    T.write_tables(tables, database)
    check_rows(read_duckdb(database), report, ())


def _large_report(draw_value):
    v = Verdict("P", "u", "R#1", RuleKind.COUNT, Status.MET, period="2026", value=draw_value)
    return Report("P", dt.date(2026, 12, 31), (v,))


@pytest.mark.parametrize("value", [Fraction(2**63), Fraction(1, 2**63), Fraction(-(2**63) - 1, 2)])
def test_a_number_beyond_64_bits_is_refused_named_and_nothing_is_written(tmp_path, value):
    with pytest.raises(OutputTargetError) as caught:
        T.tables_of(_large_report(value), target=os.fspath(tmp_path / "out"))
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "F256"
    text = diagnostic.render("en")
    assert "rule R#1 (u, 2026)" in text and "table verdicts" in text and str(tmp_path / "out") in text
    assert not (tmp_path / "out").exists()
    assert T.tables_of(_large_report(Fraction(2**63 - 1, 2**63 - 1))).verdicts.num_rows == 1  # the edge fits


# ------------------------------------------------------------ explanations --


def test_a_restated_measure_names_the_rule_it_restates_as_the_json_report_does(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    data = json.loads(_run("eval", *VU_DUONG, "--format", "json")[1])
    _run("eval", *VU_DUONG, "--output", os.fspath(tmp_path / "out"))
    rows = read_parquet(tmp_path / "out")["verdicts"]
    assert [r["restates"] for r in rows] == [v.get("restates") for v in data["verdicts"]]
    assert sum(r["restates"] is not None for r in rows) >= 2  # the Vũ Dương plan states targets in several clauses


def test_explanations_are_columns_only_on_request_in_both_languages():
    report, rollups = evaluation(_facts(), dt.date(2026, 12, 31))
    lean = T.tables_of(report, rollups)
    assert not {"explanation_en", "explanation_vi"} & set(lean.verdicts.column_names + lean.rollup.column_names)
    full = T.tables_of(report, rollups, explain=True)
    rows = full.verdicts.to_pylist()
    assert [r["explanation_en"] for r in rows] == [v.explain("en") for v in report.verdicts]
    assert [r["explanation_vi"] for r in rows] == [v.explain("vi") for v in report.verdicts]
    assert all(r["explanation_vi"] for r in full.rollup.to_pylist())


def _facts():
    from planrules.facts import model as f

    def conference(i: int, year: int) -> f.Record:
        day = dt.date(year, 3, 1 + i)
        values = (("ngày", day), ("trực_tuyến", i % 2 == 0), ("loại", "quán_triệt"), ("thời_lượng", Fraction(1, 2)))
        return f.Record("hội_nghị", values, id=f"h{year}-{i}", date=day)

    conferences = tuple(conference(i, year) for year in (2025, 2026) for i in range(4 + year % 2))
    return f.Facts(units=(f.UnitFacts("a", records=conferences), f.UnitFacts("b")))


# ------------------------------------------------------------ targets and atomicity --


@pytest.mark.parametrize("target, kind", [
    ("out", "folder"), ("a/b/out", "folder"), ("out.parquet", "prefix"), ("X.DuckDB", "duckdb"), ("x.db", "duckdb"),
    ("postgresql://u@h/db", "postgres"), ("host=h dbname=d", "postgres"),
])
def test_what_an_output_target_names(tmp_path, monkeypatch, target, kind):
    monkeypatch.chdir(tmp_path)
    assert T.kind_of(target) == kind


@pytest.mark.parametrize("target", ["report.json", "facts.csv", "existing"])
def test_a_target_of_no_known_kind_is_f257(tmp_path, monkeypatch, target):
    monkeypatch.chdir(tmp_path)
    Path("existing").write_text("a file, not a folder")
    with pytest.raises(OutputTargetError) as caught:
        T.kind_of(target)
    assert [d.code for d in caught.value.diagnostics] == ["F257"]
    assert not Path(target).is_dir()


def _two_runs():
    facts = _facts()
    first, rollups = evaluation(facts, dt.date(2026, 12, 31))
    second, _ = evaluation(facts, dt.date(2025, 12, 31))
    return (first, rollups), T.tables_of(first, rollups), T.tables_of(second)


def test_a_parquet_write_that_fails_midway_leaves_the_files_as_they_were(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    (first, rollups), old, new = _two_runs()
    T.write_tables(old, tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real = pq.write_table
    calls = []

    def failing(table, where, **options):
        calls.append(where)
        if len(calls) == 2:  # the roll-up's, once the verdicts' temporary is written
            raise OSError(28, "No space left on device")
        return real(table, where, **options)

    monkeypatch.setattr(pq, "write_table", failing)
    with pytest.raises(OutputTargetError) as caught:
        T.write_tables(new, tmp_path)
    assert "No space left on device" in caught.value.diagnostics[0].render("en")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # no temporary left either
    check_rows(read_parquet(tmp_path), first, rollups)


def test_parquet_targets_that_cannot_be_written_are_f255(tmp_path):
    (_, _), old, _ = _two_runs()
    (tmp_path / "file").write_text("x")
    (tmp_path / "busy" / "verdicts.parquet").mkdir(parents=True)
    for target in (tmp_path / "file" / "out", tmp_path / "busy", tmp_path / "file" / "x.parquet"):
        with pytest.raises(OutputTargetError) as caught:
            T.write_tables(old, target)
        assert [d.code for d in caught.value.diagnostics] == ["F255"]
        assert str(target) in caught.value.diagnostics[0].render("en")
    assert sorted(p.name for p in (tmp_path / "busy").iterdir()) == ["verdicts.parquet"]


def test_a_duckdb_transaction_that_fails_midway_keeps_the_previous_tables(tmp_path):
    (first, rollups), old, new = _two_runs()
    database = tmp_path / "out.duckdb"
    T.write_tables(old, database)
    broken = T.Tables(new.verdicts, "not an Arrow table")  # the second table fails once the first is replaced
    with pytest.raises(OutputTargetError) as caught:
        T.write_tables(broken, database)
    assert caught.value.diagnostics[0].code == "F255"
    check_rows(read_duckdb(database), first, rollups)
    T.write_tables(new, database)  # and a good run replaces both
    assert len(read_duckdb(database)["rollup"]) == 0


def test_a_locked_duckdb_file_is_f255_and_untouched(tmp_path):
    (first, rollups), old, new = _two_runs()
    database = tmp_path / "out.duckdb"
    T.write_tables(old, database)
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
                               "print('held', flush=True); sys.stdin.read()", os.fspath(database)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(OutputTargetError) as caught:
            T.write_tables(new, database)
        text = caught.value.diagnostics[0].render("en")
        assert caught.value.diagnostics[0].code == "F255" and str(database) in text and "lock" in text.lower()
    finally:
        holder.communicate("")
    check_rows(read_duckdb(database), first, rollups)


def test_a_file_that_is_not_a_database_is_f255_and_untouched(tmp_path):
    (_, _), old, _ = _two_runs()
    database = tmp_path / "notes.duckdb"
    database.write_text("not a database")
    with pytest.raises(OutputTargetError) as caught:
        T.write_tables(old, database)
    assert caught.value.diagnostics[0].code == "F255"
    assert database.read_text() == "not a database"


def test_a_connection_string_is_never_shown_with_its_password():
    (_, _), old, _ = _two_runs()
    for target in ("postgresql://planrules:hunter2%21@127.0.0.1:1/db", "host=127.0.0.1 port=1 password=hunter2!"):
        with pytest.raises(OutputTargetError) as caught:
            T.write_tables(old, target)
        text = caught.value.render("en")
        assert caught.value.diagnostics[0].code == "F255" and "hunter2" not in text and "127.0.0.1" in text


# ------------------------------------------------------------ schema and docs --


def test_docs_sql_md_lists_every_column_with_its_types():
    doc = (ROOT / "docs/sql.md").read_text(encoding="utf-8")
    section = doc.split("\n## Verdicts as tables\n", 1)[1].split("\n## ", 1)[0]
    for table in ("verdicts", "rollup"):
        part = section.split(f"\n### Table `{table}`\n", 1)[1].split("\n### ", 1)[0]
        rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in part.splitlines()
                if line.startswith("| `")]
        shown = [(r[0].strip("`"), r[1].strip("`"), r[2].strip("`")) for r in rows]
        wanted = [(c.name, T.TYPES[c.type][1], T.TYPES[c.type][2]) for c in T.columns(table, explain=True)]
        assert shown == wanted, table


def test_the_ddl_creates_the_tables_written(tmp_path):
    import duckdb

    (_, _), old, _ = _two_runs()
    database = tmp_path / "out.duckdb"
    T.write_tables(old, database)
    con = duckdb.connect(":memory:")
    con.execute(T.ddl("duckdb"))
    for table in ("verdicts", "rollup"):
        declared = con.execute(f'DESCRIBE "{table}"').fetchall()
        written = duckdb.connect(os.fspath(database), read_only=True).execute(f'DESCRIBE "{table}"').fetchall()
        assert [(c[0], c[1]) for c in declared] == [(c[0], c[1]) for c in written]


# ------------------------------------------------------------ the command line --


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_eval_output_writes_the_tables_and_says_so_printing_no_report(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, err = _run("eval", *VU_DUONG, "--output", os.fspath(tmp_path / "out"), "--lang", "en")
    assert code == 0 and out == ""
    report = R.from_json(_run("eval", *VU_DUONG, "--format", "json")[1])
    assert f"wrote {len(report.verdicts)} verdict(s) and 0 roll-up row(s) to {tmp_path / 'out'}" in err
    check_rows(read_parquet(tmp_path / "out"), report, ())
    code, out, err = _run("eval", *VU_DUONG, "--output", os.fspath(tmp_path / "x.duckdb"), "--format", "json",
                          "--explain")
    assert code == 0 and R.from_json(out) == report
    rows = read_duckdb(tmp_path / "x.duckdb")["verdicts"]
    assert [r["explanation_vi"] for r in rows] == [v.explain("vi") for v in report.verdicts]


def test_eval_output_with_a_bad_target_stops_before_evaluating(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, err = _run("eval", *VU_DUONG, "--output", os.fspath(tmp_path / "report.json"))
    assert code == 2 and out == "" and "error[F257]" in err and "C303" not in err  # refused before compiling
    code, out, err = _run("eval", *VU_DUONG, "--output", "postgresql://u:hunter2@127.0.0.1:1/db")
    assert code == 2 and "error[F255]" in err and "hunter2" not in err and "127.0.0.1:1/db" in err


@pytest.mark.parametrize("options, key", [
    (("--output-schema", "s"), "--output-schema names a PostgreSQL schema"),
    (("--output", "out", "--output-schema", "s"), "--output-schema names a PostgreSQL schema"),
    (("--no-explain",), "--no-explain leaves the explanations out"),
    (("--no-explain", "--format", "md"), "--no-explain leaves the explanations out"),
])
def test_eval_options_that_do_not_go_together(tmp_path, monkeypatch, options, key):
    monkeypatch.chdir(ROOT)
    code, out, err = _run("eval", *VU_DUONG, *options, "--lang", "en")  # (without it: the plan's, Vietnamese)
    assert code == 2 and out == "" and key in err


# ------------------------------------------------------------ JSON, streamed and lean --


def _as_dumped(report, rollups=None, explain=True) -> str:
    data = R.report_to_dict(report, rollups, explain=explain)
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=R._json_default) + "\n"


@settings(max_examples=40, deadline=None)
@given(valid_facts(RULES, years=(2024, 2026)), AS_OF, st.integers(1, 5000), st.booleans())
def test_streamed_json_is_the_documents_bytes_in_pieces(facts, as_of, size, explain):
    report, rollups = evaluation(facts, as_of)
    for written in ((), rollups[:1], rollups):
        pieces = list(R.json_chunks(report, written, explain=explain, size=size))
        assert "".join(pieces) == _as_dumped(report, written, explain)
        largest = max((len(R._json_at(R._verdict_to_dict(v), 2)) for v in report.verdicts), default=0)
        largest = max([largest, *(len(R._json_at(value, 1)) for value in R._head(report).values()),
                       *(len(R._json_at(value, 3)) for r in written for key, value in R.rollup_to_dict(r).items()
                         if key != "aggregates")])
        largest = max([largest, *(len(R._json_at(R._aggregate_to_dict(a), 3)) for r in written for a in r.aggregates)])
        assert all(len(p) < size + largest + 200 for p in pieces)  # a verdict at a time, never the whole document


@settings(max_examples=60, deadline=None)
@given(st.lists(any_verdicts(), max_size=3), st.dates())
def test_streamed_json_of_any_report_reads_back(drawn, as_of):
    report = Report("P", as_of, tuple(drawn))
    assert "".join(R.json_chunks(report, size=7)) == _as_dumped(report)
    lean = R.from_json("".join(R.json_chunks(report, explain=False)))
    assert lean == attrs.evolve(report, verdicts=tuple(attrs.evolve(v, explanation=()) for v in report.verdicts))


def test_no_explain_drops_every_explanation_and_nothing_else(monkeypatch):
    monkeypatch.chdir(ROOT)
    sample = ("examples/tinh-mau/ke-hoach.plan", "--facts", "examples/tinh-mau/facts.duckdb", "--as-of", "2026-12-31",
              "--group-by", "tỉnh", "--format", "json")
    code, full, _ = _run("eval", *sample)
    assert code == 0 and '"aggregates"' in full
    code, lean, _ = _run("eval", *sample, "--no-explain")
    assert code == 0 and len(lean) < len(full) * 0.7
    dropped = {"explanation", "explanation_en", "explanation_vi"}

    def strip(x):
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k not in dropped}
        return [strip(v) for v in x] if isinstance(x, list) else x

    assert strip(json.loads(full)) == json.loads(lean)
    assert not re.search(r'"explanation', lean)
    code, toml, _ = _run("eval", *VU_DUONG, "--format", "toml", "--no-explain")
    assert code == 0 and "explanation" not in toml


# ------------------------------------------------------------ PostgreSQL --


@contextlib.contextmanager
def _schema(server):
    import psycopg

    name = f"planrules_out_{secrets.token_hex(6)}"
    try:
        yield name
    finally:
        with psycopg.connect(server, autocommit=True) as con:
            con.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def read_postgres(server: str, schema: str) -> dict[str, list[dict]]:
    import psycopg
    from psycopg.rows import dict_row

    out = {}
    with psycopg.connect(server, row_factory=dict_row) as con:
        for name in ("verdicts", "rollup"):
            out[name] = con.execute(f'SELECT * FROM "{schema}"."{name}"').fetchall()
    for rows in out.values():  # TEXT[] comes back as lists; JSONB as lists of dicts: the Arrow shapes
        for row in rows:
            for key, value in row.items():
                if value is None and key in ("leads", "answered_by", "monitored_by", "failing", "bound", "counted"):
                    row[key] = []
    return out


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(valid_facts(RULES, years=(2024, 2026)), AS_OF)
def test_postgres_holds_the_reports_exact_values_and_its_rollups(server, facts, as_of):
    report, rollups = evaluation(facts, as_of)
    with _schema(server) as schema:
        shown = T.write_tables(T.tables_of(report, rollups), server, schema=schema)
        assert f"schema {schema}" in shown
        check_rows(read_postgres(server, schema), report, rollups)


def test_postgres_output_is_written_in_utf8_whatever_the_connection_asks(server):
    """`client_encoding=LATIN1` asked by the connection string (or the role) could not carry a Vietnamese unit's
    name: F255, nothing written. The writer sends UTF-8 whatever is asked; the rows read back are the report's."""
    import psycopg

    report, rollups = evaluation(_facts(), dt.date(2026, 12, 31))  # its metrics named in Vietnamese
    with _schema(server) as schema:
        asking = psycopg.conninfo.make_conninfo(server, options="-c client_encoding=LATIN1")
        T.write_tables(T.tables_of(report, rollups), asking, schema=schema)
        check_rows(read_postgres(server, schema), report, rollups)


def test_postgres_tables_are_replaced_in_one_transaction(server):
    (first, rollups), old, new = _two_runs()
    with _schema(server) as schema:
        T.write_tables(old, server, schema=schema)
        # a roll-up row PostgreSQL refuses (text holding NUL): the verdicts were already replaced in the transaction
        bad = T.tables_of(first, [attrs.evolve(rollups[0], aggregates=tuple(
            attrs.evolve(a, group="a\x00b") for a in rollups[0].aggregates))])
        with pytest.raises(OutputTargetError) as caught:
            T.write_tables(T.Tables(new.verdicts, bad.rollup), server, schema=schema)
        assert caught.value.diagnostics[0].code == "F255"
        check_rows(read_postgres(server, schema), first, rollups)
        T.write_tables(new, server, schema=schema)
        assert len(read_postgres(server, schema)["rollup"]) == 0


def test_postgres_errors_never_show_the_password(server):
    import psycopg

    (_, _), old, _ = _two_runs()
    info = psycopg.conninfo.conninfo_to_dict(server)
    wrong = psycopg.conninfo.make_conninfo(server, user="nobody_here", password="hunter2-secret")
    with pytest.raises(OutputTargetError) as caught:
        T.write_tables(old, wrong, schema="s")
    text = caught.value.render("en")
    assert "hunter2" not in text and f"{info.get('host')}" in text


def test_the_line_docs_sql_md_quotes_is_what_its_first_command_says(tmp_path, monkeypatch):
    doc = (ROOT / "docs/sql.md").read_text(encoding="utf-8").split("\n## Verdicts as tables\n", 1)[1]
    command = re.search(r"```sh\n(planrules eval [^\n]*)\n", doc).group(1).split()
    said = re.search(r"the first command above says `([^`]*)`", doc).group(1)
    for i, word in enumerate(command):  # the sample's files, from the checkout; the output in a fresh folder
        if word.startswith("examples/"):
            command[i] = os.fspath(ROOT / word)
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(*command[1:])
    assert code == 0 and out == "" and err.strip() == said
    check_rows(read_parquet(tmp_path / "ket-qua"),
               R.from_json(_run(*command[1:command.index("--output")], "--format", "json")[1]),
               R.rollups_from_json(_run(*command[1:command.index("--output")], "--format", "json")[1]))


def test_postgres_writes_into_an_existing_schema_a_role_may_use_but_not_create(server):
    import psycopg

    (first, rollups), old, _ = _two_runs()
    role = f"planrules_dash_{secrets.token_hex(4)}"
    with _schema(server) as schema, psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        admin.execute(f"CREATE ROLE {role} LOGIN")
        try:
            admin.execute(f'GRANT USAGE, CREATE ON SCHEMA "{schema}" TO {role}')
            T.write_tables(old, psycopg.conninfo.make_conninfo(server, user=role), schema=schema)
            check_rows(read_postgres(server, schema), first, rollups)
        finally:
            admin.execute(f'DROP OWNED BY {role}')
            admin.execute(f"DROP ROLE {role}")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.characters(exclude_characters="/"), min_size=1, max_size=30)
       .filter(lambda t: t not in (".", "..") and not is_conninfo(t)))
def test_any_target_is_written_or_refused_with_our_own_error(tmp_path, monkeypatch, target):
    """A name in the working folder (never `..`, `/`: the test would write outside its folder)."""
    monkeypatch.chdir(tmp_path)
    empty = T.tables_of(Report("P", dt.date(2026, 12, 31), ()))
    try:
        T.write_tables(empty, target)
    except OutputTargetError as error:
        assert {d.code for d in error.diagnostics} <= {"F255", "F257"}
