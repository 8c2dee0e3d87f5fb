"""Units from a database's own tables (facts/mapping_units.py; docs/sql.md, "Units from the database's own tables"):
several units tables, a hierarchy across them, the key the other tables name units by, and a hand map of unit codes.

The differential property writes drawn facts once in the plan's own layout and once in a foreign shape whose
every table names a unit by a key of the database's own (`foreign_shape.foreign_copy(keys=True)`), read back
through the units table's `key`: the reports are equal; copied into PostgreSQL, the verdicts too. The worked example of docs/sql.md is replayed; each
way a key, a units table or a unit map can be wrong is an error at its place.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sql_cases import cases
from test_mapping_shapes import (MAPPING, PLAN, _evaluate_both, compiled, counts_unplaced, foreign_database, judged,
                                 refused, with_zeros)

from planrules.base.diagnostics import FactsError
from planrules.facts import sources
from planrules.facts.mapping import loads_mapping
from planrules.tooling.cli import run

ROOT = Path(__file__).parent.parent


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.frozensets(st.integers(0, 63), max_size=24), st.sampled_from([True, "integer"]))
def test_units_named_by_the_databases_own_key_judge_as_the_plain_layout(case, zeros, keys):
    """Every table (records, counts, values, deliveries, assessments, events, reported rows, a units table's parent
    and successor) names a unit by its key — text, or a whole number (unit_id BIGINT, read as its decimal text):
    the report is the plain layout's, and the in-Python path's."""
    rules, facts, as_of = case
    facts = with_zeros(facts, rules.vocabulary, zeros)
    with tempfile.TemporaryDirectory() as folder:
        found = _evaluate_both(rules, facts, as_of, Path(folder), years=False, numeric=False, keys=keys)
    if found is None:
        return
    plain, foreign, python, _ = found
    assert counts_unplaced(foreign) == counts_unplaced(plain)
    assert foreign == python


# ------------------------------------------------------ the worked example --

UNITS_PLAN = '''kế hoạch: "9/KH-UBND"
tiêu đề: "Kế hoạch thử đơn vị"
ngày ban hành: 01/01/2025
nhóm các_xã: "Các xã" = cấp xã

nhiệm vụ I {
    nội dung: "Họp trực tuyến"
    chủ trì: các_xã
    chỉ tiêu: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 50% trong năm 2025
    chỉ tiêu: số_hội_nghị không quá 2 trong năm 2025
}
'''

UNITS_MAPPING = '''[tables."hội_nghị"]
table = "conferences"
columns = { unit = "commune_id", "ngày" = "held_on", "trực_tuyến" = "online" }
identity = "row"
[tables."hội_nghị".values."trực_tuyến"]
yes = ["Y"]
no = ["N"]

[[tables.units]]                       # the communes: named by their official code, keyed by the system's id
table = "communes"
columns = { unit = "gso_code", label = "commune_name", parent = "province_id" }
key = "commune_id"                     # what every other table holds in its unit column
level = "xã"

[[tables.units]]                       # the provinces above them, a level of their own
table = "provinces"
columns = { unit = "province_code", label = "province_name" }
key = "province_id"
level = "tỉnh"

[reported]
table = "reports"
columns = { unit = "commune_id", kind = "record_type", year = "year" }
[reported.values.kind]
conf = "hội_nghị"
'''


def units_database(path: Path, *, conferences=None, communes=None, reports=None) -> Path:
    """A reporting system that names its communes by an id of its own, its provinces in a table of their own."""
    con = duckdb.connect(str(path))
    try:
        con.execute("CREATE TABLE provinces (province_id VARCHAR, province_code VARCHAR, province_name VARCHAR)")
        con.execute("INSERT INTO provinces VALUES ('p-1', '37', 'Tỉnh Ninh Bình'), ('p-2', '01', 'Thành phố Hà Nội')")
        con.execute("CREATE TABLE communes (commune_id VARCHAR, gso_code VARCHAR, commune_name VARCHAR, "
                    "province_id VARCHAR)")
        con.executemany("INSERT INTO communes VALUES (?, ?, ?, ?)", communes if communes is not None else [
            ("c-17", "14000", "Xã Vũ Dương", "p-1"), ("c-18", "14002", "Xã Yên Khánh", "p-1"),
            ("c-31", "00004", "Phường Ba Đình", "p-2")])
        con.execute("CREATE TABLE conferences (commune_id VARCHAR, held_on DATE, online VARCHAR)")
        con.executemany("INSERT INTO conferences VALUES (?, ?, ?)", conferences if conferences is not None else [
            ("c-17", dt.date(2025, 3, 1), "Y"), ("c-17", dt.date(2025, 4, 1), "N"),
            ("c-18", dt.date(2025, 5, 1), "N"), ("c-18", dt.date(2025, 6, 1), "N"), ("c-18", dt.date(2025, 7, 1), "Y")])
        con.execute("CREATE TABLE reports (commune_id VARCHAR, record_type VARCHAR, year INTEGER)")
        rows = reports if reports is not None else [("c-31", "conf", 2025)]
        if rows:
            con.executemany("INSERT INTO reports VALUES (?, ?, ?)", rows)
    finally:
        con.close()
    return path


def units_judged(path, mapping: str = UNITS_MAPPING, plan: str = UNITS_PLAN):
    return judged(path, mapping, plan)


def units_refused(path, mapping: str = UNITS_MAPPING, plan: str = UNITS_PLAN) -> list:
    return refused(path, mapping, plan)


def test_units_keyed_by_the_databases_id_are_judged_under_their_names(tmp_path):
    verdicts = units_judged(units_database(tmp_path / "u.duckdb"))
    assert {u for u, _ in verdicts} == {"14000", "14002", "00004"}  # the register's names, never the ids
    assert verdicts[("14000", "I#1")].value == 0.5 and verdicts[("14002", "I#2")].status.value == "not_met"
    assert verdicts[("00004", "I#2")].value == 0 and verdicts[("00004", "I#2")].status.value == "met"  # reported


def test_the_units_worked_example_of_docs_sql_md_is_what_eval_prints(tmp_path, monkeypatch):
    doc = (ROOT / "docs/sql.md").read_text(encoding="utf-8")
    section = doc.split("### Units from the database's own tables\n")[1]
    mapping = section.split("```toml\n")[1].split("```")[0]
    plan = section.split("```text\n")[1].split("```")[0]
    shown = section.split("```text units-example\n")[1].split("```")[0]
    assert plan == UNITS_PLAN and loads_mapping(mapping).tables == loads_mapping(UNITS_MAPPING).tables
    units_database(tmp_path / "commune.duckdb")
    (tmp_path / "9.plan").write_text(plan, encoding="utf-8")
    (tmp_path / "commune.mapping.toml").write_text(mapping, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    code = run(["eval", "9.plan", "--facts", "commune.duckdb", "--mapping", "commune.mapping.toml", "--as-of",
                "2025-12-31", "--group-by", "tỉnh", "--lang", "en"], out, err)
    assert code == 0 and err.getvalue() == "", err.getvalue()
    printed, at = out.getvalue(), 0
    for part in shown.split("…\n"):
        found = printed.find(part, at)
        assert found >= 0, part
        at = found + len(part)


def test_a_register_beside_the_plan_with_codes_of_its_own_agrees_with_the_keys(tmp_path):
    """The register names the communes by their GSO code and gives them official codes of its own; the database's
    ids are a third naming, which only the mapping knows: no F216, the verdicts under the register's names."""
    import json

    path = units_database(tmp_path / "u.duckdb")
    (tmp_path / "9.plan").write_text(UNITS_PLAN, encoding="utf-8")
    (tmp_path / "vn.units.csv").write_text(
        "unit,label,code,level,parent\n37,Tỉnh Ninh Bình,VN-37,tỉnh,\n01,Thành phố Hà Nội,VN-01,tỉnh,\n"
        "14000,Xã Vũ Dương,VN-37-14000,xã,37\n14002,Xã Yên Khánh,VN-37-14002,xã,37\n00004,Phường Ba Đình,VN-01-00004,xã,01\n",
        encoding="utf-8")
    (tmp_path / "m.toml").write_text(UNITS_MAPPING, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = run(["eval", str(tmp_path / "9.plan"), "--facts", str(path), "--mapping", str(tmp_path / "m.toml"),
                "--as-of", "2025-12-31", "--format", "json", "--no-cache"], out, err)
    assert code == 0, err.getvalue()
    report = json.loads(out.getvalue())
    assert {v["unit"] for v in report["verdicts"]} == {"14000", "14002", "00004"}


def test_a_key_no_units_table_lists_is_an_error_at_its_row_in_every_table(tmp_path):
    path = units_database(tmp_path / "u.duckdb", conferences=[("c-17", dt.date(2025, 3, 1), "Y"),
                                                             ("c-99", dt.date(2025, 3, 2), "Y")],
                          reports=[("c-31", "conf", 2025), ("c-98", "conf", 2025)],
                          communes=[("c-17", "14000", "Xã Vũ Dương", "p-1"), ("c-18", "14002", "Xã Yên Khánh", "p-9"),
                                    ("c-31", "00004", "Phường Ba Đình", "p-2")])
    problems = units_refused(path)
    assert [(d.code, d.message.text(), d.hints[0].text()) for d in problems] == [
        ("F239", 'province_id (parent) holds "p-9", which is the key of no unit of the units tables '
                 '(communes.commune_id, provinces.province_id)', f"in {path} (communes[2]), unit p-9"),
        ("F239", 'commune_id (unit) holds "c-99", which is the key of no unit of the units tables '
                 '(communes.commune_id, provinces.province_id)', f"in {path} (conferences[2]), unit c-99"),
        ("F239", 'commune_id (unit) holds "c-98", which is the key of no unit of the units tables '
                 '(communes.commune_id, provinces.province_id)', f"in {path} (reports[2]), unit c-98")]


def test_two_units_of_one_key_and_one_unit_in_two_units_tables_are_errors_at_the_second(tmp_path):
    path = units_database(tmp_path / "u.duckdb", communes=[
        ("c-17", "14000", "Xã Vũ Dương", "p-1"), ("c-17", "14002", "Xã Yên Khánh", "p-1"),
        ("c-31", "00004", "Phường Ba Đình", "p-2")], conferences=[("c-17", dt.date(2025, 3, 1), "Y")])
    (problem,) = units_refused(path)
    assert (problem.code, problem.hints[0].text()) == ("F240", f"in {path} (communes[2]), unit 14002")
    assert problem.message.text() == ('commune_id gives unit "14002" the key "c-17", which is the key of unit '
                                      f'"14000" already (at {path} (communes[1]))')
    twice = units_database(tmp_path / "twice.duckdb", communes=[
        ("c-17", "14000", "Xã Vũ Dương", "p-1"), ("c-31", "37", "Phường Ba Đình", "p-2")],
        conferences=[("c-17", dt.date(2025, 3, 1), "Y")])
    problems = units_refused(twice)  # the province 37 refused, what names it as a parent is said too
    assert ("F144", f"in {twice} (provinces[1])") in [(d.code, d.hints[0].text()) for d in problems]


@pytest.mark.parametrize("change, code, line, column, text", [
    ('table = "provinces"', "F238", 16, 9, 'table "communes" is read as units twice: give each units table once'),
    ('identity = "row"', "F238", 5, 1,
     '"hội_nghị" maps its unit codes by hand, but a units table\'s key names the database\'s units already'),
    ('[reported.values.kind]', "F103", 24, 1, 'unknown key "key" in reported'),
    ('[tables."hội_nghị".values."trực_tuyến"]', "F232", 5, 1, 'key is for a units table, not for "hội_nghị"'),
])
def test_units_tables_and_unit_maps_that_contradict_each_other_are_located_in_the_mapping_file(
        tmp_path, change, code, line, column, text):
    replaced = {'table = "provinces"': 'table = "communes"',
                'identity = "row"': 'identity = "row"\n[tables."hội_nghị".values.unit]\nc-17 = "14000"',
                '[reported.values.kind]': 'key = "commune_id"\n[reported.values.kind]',
                '[tables."hội_nghị".values."trực_tuyến"]': 'key = "commune_id"\n[tables."hội_nghị".values."trực_tuyến"]'
                }[change]
    problems = units_refused(units_database(tmp_path / "u.duckdb"), UNITS_MAPPING.replace(change, replaced))
    assert [(d.code, d.span.line, d.span.column, d.message.text()) for d in problems][:1] == [
        (code, line, column, text)]


def test_a_hand_map_of_unit_codes_is_total_and_reads_as_the_units_it_names(tmp_path):
    """Without a units table: `values.unit` of a record kind's table maps a few codes by hand, in SQL."""
    path = foreign_database(tmp_path / "f.duckdb")
    con = duckdb.connect(str(path))
    con.execute("UPDATE conferences SET commune_code = replace(commune_code, 'VN-0000', 'C')")
    con.close()
    mapping = MAPPING.replace('[tables."hội_nghị".values."loại"]',
                              '[tables."hội_nghị".values.unit]\nC1 = "VN-00001"\nC2 = "VN-00002"\n'
                              '[tables."hội_nghị".values."loại"]')
    def seen(verdicts):
        return {k: (v.status, v.value, v.figures) for k, v in verdicts.items()}

    assert seen(judged(path, mapping)) == seen(judged(foreign_database(tmp_path / "g.duckdb")))
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO conferences VALUES ('C7', 3, '2025-01-01', 'quan_triet', 'Y', NULL)")
    con.close()
    (problem,) = refused(path, mapping)
    assert (problem.code, problem.message.text(), problem.hints[0].text()) == (
        "F230", 'commune_code (unit) holds "C7", which the mapping\'s values for "unit" do not list',
        f"in {path} (conferences[4]), unit C7")
    lists = MAPPING.replace('[tables."hội_nghị".values."loại"]', '[tables."hội_nghị".values.unit]\nyes = ["C1"]\n'
                            '[tables."hội_nghị".values."loại"]')
    (problem,) = refused(path, lists)
    assert (problem.code, problem.span.line) == ("F232", 5)


def test_postgresql_reads_units_tables_and_keys_alike(server, tmp_path):
    import secrets

    import psycopg

    path = units_database(tmp_path / "u.duckdb")
    expected = units_judged(path)
    schema = f"planrules_units_{secrets.token_hex(6)}"
    con = duckdb.connect(str(path), read_only=True)
    rules = compiled(UNITS_PLAN)
    with psycopg.connect(server, autocommit=True) as admin:
        try:
            admin.execute(f'CREATE SCHEMA "{schema}"')
            for table, ddl in (("provinces", "province_id TEXT, province_code TEXT, province_name TEXT"),
                               ("communes", "commune_id TEXT, gso_code TEXT, commune_name TEXT, province_id TEXT"),
                               ("conferences", "commune_id TEXT, held_on DATE, online TEXT"),
                               ("reports", "commune_id TEXT, record_type TEXT, year INTEGER")):
                admin.execute(f'CREATE TABLE "{schema}".{table} ({ddl})')
                rows = con.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
                with admin.cursor() as cursor:
                    cursor.executemany(f'INSERT INTO "{schema}".{table} VALUES ({", ".join(["%s"] * len(rows[0]))})',
                                       rows)
            mapping = loads_mapping(UNITS_MAPPING, "m.toml")
            with sources.PostgresSource(server, schema=schema, mapping=mapping) as source:
                report = rules.evaluate(source, dt.date(2025, 12, 31))
                assert report == rules.evaluate(source.facts(rules.vocabulary), dt.date(2025, 12, 31))
            assert {(v.unit, v.rule): (v.status, v.value, v.figures) for v in report.verdicts} == {
                k: (v.status, v.value, v.figures) for k, v in expected.items()}
            admin.execute(f'INSERT INTO "{schema}".conferences VALUES (%s, %s, %s)', ["c-99", dt.date(2025, 6, 1), "Y"])
            with sources.PostgresSource(server, schema=schema, mapping=mapping) as source, \
                    pytest.raises(FactsError) as error:
                rules.evaluate(source, dt.date(2025, 12, 31))
            assert [d.code for d in error.value.diagnostics] == ["F239"]
        finally:
            con.close()
            admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_compiled_plan_and_plain_layout_agree_on_the_example(tmp_path):
    """The example's units in the plan's own layout (a units table with levels and parents, the communes' records
    under their names, a count of zero for the reported one): the same verdicts as through the keys."""
    from planrules.facts import model as f

    rules = compiled(UNITS_PLAN)
    through = units_judged(units_database(tmp_path / "u.duckdb"))
    rows = {"14000": [(dt.date(2025, 3, 1), True), (dt.date(2025, 4, 1), False)],
            "14002": [(dt.date(2025, 5, 1), False), (dt.date(2025, 6, 1), False), (dt.date(2025, 7, 1), True)]}
    units = [f.UnitFacts("37", label="Tỉnh Ninh Bình", level="tỉnh"),
             f.UnitFacts("01", label="Thành phố Hà Nội", level="tỉnh")]
    for name, label, parent in (("14000", "Xã Vũ Dương", "37"), ("14002", "Xã Yên Khánh", "37"),
                                ("00004", "Phường Ba Đình", "01")):
        records = tuple(f.Record("hội_nghị", (("ngày", d), ("trực_tuyến", on)), date=d) for d, on in rows.get(name, ()))
        counts = (f.Count("hội_nghị", 2025, 0),) if name == "00004" else ()
        units.append(f.UnitFacts(name, records=records, counts=counts, label=label, level="xã", parent=parent))
    plain = {(v.unit, v.rule): v for v in rules.evaluate(f.Facts(tuple(units)), dt.date(2025, 12, 31)).verdicts}
    assert {k: (v.status, v.value, v.figures) for k, v in through.items()} == {
        k: (v.status, v.value, v.figures) for k, v in plain.items()}


def _to_postgres(path: Path, server: str, schema: str) -> None:
    """Every table of the DuckDB file `path` into a new schema of PostgreSQL, rows in order (ctid is their row)."""
    import psycopg

    types = {"VARCHAR": "TEXT", "BOOLEAN": "BOOLEAN", "DATE": "DATE", "INTEGER": "INTEGER", "BIGINT": "BIGINT",
             "SMALLINT": "SMALLINT", "TINYINT": "SMALLINT"}
    con = duckdb.connect(str(path), read_only=True)
    try:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'CREATE SCHEMA "{schema}"')
            for (table,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall():
                columns = con.execute("SELECT column_name, data_type FROM information_schema.columns WHERE "
                                      "table_name = $1 ORDER BY ordinal_position", [table]).fetchall()
                ddl = ", ".join('"{}" {}'.format(c.replace('"', '""'), types.get(t, t.replace("DECIMAL", "NUMERIC")))
                                for c, t in columns)
                quoted_table = '"{}"'.format(table.replace('"', '""'))
                admin.execute(f'CREATE TABLE "{schema}".{quoted_table} ({ddl})')
                rows = con.execute(f"SELECT * FROM {quoted_table} ORDER BY rowid").fetchall()
                if rows:
                    with admin.cursor() as cursor, cursor.copy(f'COPY "{schema}".{quoted_table} FROM STDIN') as copy:
                        for row in rows:
                            copy.write_row(row)
    finally:
        con.close()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                               HealthCheck.function_scoped_fixture])
@given(cases(), st.booleans(), st.sampled_from([False, True, "except"]), st.sampled_from([True, "integer"]))
def test_postgresql_reads_a_foreign_copy_with_keys_and_percents_as_duckdb(server, case, percents, filtered, keys):
    """The foreign shape with keys (and percentages written 0-100) copied into PostgreSQL: the same verdicts as
    the plain layout in DuckDB (statuses, values, figures, violations)."""
    import secrets

    import psycopg
    from foreign_shape import foreign_copy
    from sql_cases import same_meaning
    from test_mapping_shapes import within_percent

    rules, facts, as_of = case
    facts = within_percent(facts, rules.vocabulary) if percents else facts
    schema = f"planrules_keys_{secrets.token_hex(6)}"
    with tempfile.TemporaryDirectory() as folder:
        plain = Path(folder) / "plain.duckdb"
        sources.write_duckdb(facts, plain, rules.vocabulary)
        try:
            with sources.DuckDBSource(plain) as source:
                expected = rules.evaluate(source, as_of)
        except FactsError:
            return
        text = foreign_copy(plain, Path(folder) / "foreign.duckdb", rules.vocabulary, keys=keys, percents=percents,
                            filtered=filtered)
        try:
            _to_postgres(Path(folder) / "foreign.duckdb", server, schema)
            with sources.PostgresSource(server, schema=schema, mapping=loads_mapping(text, "m.toml")) as source:
                same_meaning(rules.evaluate(source, as_of), expected)
        finally:
            with psycopg.connect(server, autocommit=True) as admin:
                admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_a_facts_table_names_units_by_key_too(tmp_path):
    """A `counts` table (the layout's, unmapped) names its units by the database's key as every table does: a key
    is its commune's count, an unlisted one F239 at its row."""
    path = units_database(tmp_path / "u.duckdb", reports=[])
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE counts (unit VARCHAR, kind VARCHAR, year INTEGER, count BIGINT)")
    con.execute("INSERT INTO counts VALUES ('c-31', 'hội_nghị', 2025, 1), ('c-97', 'hội_nghị', 2025, 2)")
    con.close()
    problems = units_refused(path)
    assert [(d.code, d.hints[0].text()) for d in problems] == [("F239", f"in {path} (counts[2]), unit c-97")]
    con = duckdb.connect(str(path))
    con.execute("DELETE FROM counts WHERE unit = 'c-97'")
    con.close()
    verdicts = units_judged(path)
    assert verdicts[("00004", "I#2")].value == 1  # c-31's count, under its name


def test_a_reported_key_spelled_with_spaces_around_is_the_key_it_reads_as(tmp_path):
    """`" c-31 "` in the reported rows is the key c-31, as it is in a record table (it was F239): its unit's
    reported conferences are a true zero; c-17's reported row, spelled apart too, adds nothing to its records."""
    path = units_database(tmp_path / "u.duckdb", reports=[(" c-31 ", "conf", 2025), ("c-17\t", "conf", 2025)])
    verdicts = units_judged(path)
    assert verdicts[("00004", "I#2")].value == 0 and verdicts[("00004", "I#2")].status.value == "met"
    assert verdicts[("14000", "I#2")].value == 2


def test_problems_of_the_units_against_the_plan_name_the_databases_tables(tmp_path):
    """F216 and F201 at a unit of a mapped table name the database's table and row (`communes[1]`,
    `provinces[1]`, `reports[1]`, `conferences`), never the mapping's own names for them (`units[1]`,
    `units:provinces[1]`, `reported[1]`, `hội_nghị`)."""
    cycle = units_database(tmp_path / "cycle.duckdb", communes=[
        ("c-17", "14000", "Xã Vũ Dương", "c-17"), ("c-18", "14002", "Xã Yên Khánh", "p-1"),
        ("c-31", "00004", "Phường Ba Đình", "p-2")])
    (problem,) = units_refused(cycle)
    assert problem.code == "F216" and [h.text() for h in problem.hints] == ["in communes[1]"]
    provinces = units_database(tmp_path / "provinces.duckdb")
    con = duckdb.connect(str(provinces))
    con.execute("ALTER TABLE provinces ADD COLUMN parent VARCHAR")
    con.execute("UPDATE provinces SET parent = 'p-2' WHERE province_id = 'p-1'")
    con.execute("UPDATE provinces SET parent = 'p-1' WHERE province_id = 'p-2'")
    con.close()
    mapping = UNITS_MAPPING.replace('columns = { unit = "province_code", label = "province_name" }',
                                    'columns = { unit = "province_code", label = "province_name", parent = "parent" }')
    assert {h.text() for d in units_refused(provinces, mapping) for h in d.hints} >= {"in provinces[1]",
                                                                                       "in provinces[2]"}
    path = foreign_database(tmp_path / "f.duckdb", reports=[("VN-00009", "conf", 2025)])
    (problem,) = refused(path)
    assert problem.code == "F201" and problem.hints[0].text() == "in reports[1]"
    path = foreign_database(tmp_path / "g.duckdb", conferences=[("VN-00009", 1, dt.date(2025, 3, 1), "quan_triet",
                                                                 "Y")])
    (problem,) = refused(path)
    assert problem.code == "F201" and problem.hints[0].text() == "in conferences"
