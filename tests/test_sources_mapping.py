"""Mapping files: a database's own table and column names read as the layout's (docs/sql.md, "Mapping").

A DuckDB file (a Parquet folder, a PostgreSQL schema) holding the Vũ Dương
sample facts under foreign names, with columns and tables the plan knows
nothing of, judges exactly like the plain layout once mapped; every mistake
in a mapping is reported before any query on the data, located in the file
or naming both the declared and the database's name; names holding quotes
and `; DROP TABLE` are names, never SQL.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import secrets
from fractions import Fraction
from pathlib import Path

import pytest
from sql_cases import HOSTILE, _same_facts, same_meaning

import planrules
from planrules.facts import duckdb_engine, sources
from planrules.base.diagnostics import FactsError
from planrules.facts.mapping import Mapping, as_mapping, loads_mapping
from planrules.facts.sql_text import quote

ROOT = Path(__file__).parent.parent
RULES = planrules.compile(planrules.load(ROOT / "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"),
                          planrules.load_dir(ROOT / "plans"))
FACTS = planrules.load_facts(ROOT / "examples/vu-duong/facts.toml", vocabulary=RULES.vocabulary)
AS_OF = dt.date(2026, 12, 31)

# declared table -> (the database's table, {declared column: the database's column}); columns left out keep
# their names (id, thời_lượng), and tables left out (events, deliveries) keep theirs.
FOREIGN = {
    "hội_nghị": ("meetings", {"unit": "commune_code", "ngày": "held_on", "loại": "kind_of",
                              "trực_tuyến": "is_online"}),
    "cán_bộ": ("staff", {"unit": "org", "mã": "staff_no", "đào_tạo_kỹ_năng_số": "digital_training"}),
    "counts": ("agg_counts", {"unit": "who", "kind": "record_kind", "year": "yr", "count": "n",
                              "trực_tuyến": "online"}),
    "units": ("org_units", {"unit": "code", "member_of": "groups"}),
    "period": ("reporting_period", {"from": "start_on", "to": "end_on"}),
}


def mapping_text(foreign: dict, schema: str | None = None) -> str:
    lines = []
    for name, (table, columns) in foreign.items():
        key = json.dumps(name, ensure_ascii=False)
        lines += [f"[tables.{key}]", f"table = {json.dumps(table, ensure_ascii=False)}"]
        if schema is not None:
            lines.append(f"schema = {json.dumps(schema, ensure_ascii=False)}")
        lines.append(f"[tables.{key}.columns]")
        lines += [f"{json.dumps(k, ensure_ascii=False)} = {json.dumps(v, ensure_ascii=False)}"
                  for k, v in columns.items()]
    return "\n".join(lines) + "\n"


def plain_duckdb(tmp_path) -> Path:
    path = tmp_path / "plain.duckdb"
    if not path.exists():
        sources.write_duckdb(FACTS, path, RULES.vocabulary)
    return path


def foreign_duckdb(tmp_path, foreign: dict, name: str = "foreign.duckdb") -> Path:
    """The plain layout copied under `foreign` names, an extra column in each mapped table, an unrelated table."""
    import duckdb

    plain = plain_duckdb(tmp_path)
    path = tmp_path / name
    con = duckdb.connect(str(path))
    try:
        con.execute("ATTACH $1 AS plain (READ_ONLY)", [str(plain)])
        tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                            "WHERE table_catalog = 'plain' ORDER BY 1").fetchall()]
        for table in tables:
            target, renames = foreign.get(table, (table, {}))
            columns = [r[0] for r in con.execute("SELECT column_name FROM information_schema.columns WHERE "
                                                 "table_catalog = 'plain' AND table_name = $1 ORDER BY ordinal_position",
                                                 [table]).fetchall()]
            select = ", ".join(f"{quote(c)} AS {quote(renames.get(c, c))}" for c in columns)
            extra = f", 'x' AS {quote('created_by')}" if table in foreign else ""  # unmapped: the layout, strictly
            con.execute(f"CREATE TABLE main.{quote(target)} AS SELECT {select}{extra} FROM plain.{quote(table)}")
        con.execute("CREATE TABLE audit_log (what VARCHAR)")
    finally:
        con.close()
    return path


@pytest.fixture
def expected(tmp_path):
    with sources.DuckDBSource(plain_duckdb(tmp_path)) as source:
        return RULES.evaluate(source, AS_OF)


# ------------------------------------------------------------------ meaning --


def test_foreign_names_through_a_mapping_judge_like_the_plain_layout(tmp_path, expected):
    path = foreign_duckdb(tmp_path, FOREIGN)
    (tmp_path / "map.toml").write_text(mapping_text(FOREIGN), encoding="utf-8")
    with pytest.raises(FactsError) as error:  # without the mapping, the foreign tables are not the layout
        with sources.DuckDBSource(path) as source:
            RULES.evaluate(source, AS_OF)
    assert "F105" in [d.code for d in error.value.diagnostics]
    for mapping in (tmp_path / "map.toml", str(tmp_path / "map.toml"),
                    {"tables": {k: {"table": t, "columns": c} for k, (t, c) in FOREIGN.items()}}):
        with sources.open_source(path, mapping=mapping) as source:
            report = RULES.evaluate(source, AS_OF)
            same_meaning(report, expected)
            assert report == RULES.evaluate(source.facts(RULES.vocabulary), AS_OF)
            _same_facts(source.facts(RULES.vocabulary), FACTS)
    same_meaning(expected, RULES.evaluate(FACTS, AS_OF))


def test_a_folder_of_files_with_their_own_names_maps_alike(tmp_path, expected):
    import duckdb

    path = foreign_duckdb(tmp_path, FOREIGN)
    folder = tmp_path / "exports"
    folder.mkdir()
    con = duckdb.connect(str(path), read_only=True)
    for (table,) in con.execute("SELECT table_name FROM information_schema.tables WHERE table_name <> 'audit_log'"
                                ).fetchall():
        con.sql(f"SELECT * FROM {quote(table)}").write_parquet(str(folder / f"{table}.parquet"))
    con.close()
    with sources.FolderSource(folder, mapping=loads_mapping(mapping_text(FOREIGN), "map.toml")) as source:
        report = RULES.evaluate(source, AS_OF)
    same_meaning(report, expected)


def test_views_and_other_schemas_of_a_duckdb_file_map_alike(tmp_path, expected):
    import duckdb

    path = foreign_duckdb(tmp_path, FOREIGN)
    con = duckdb.connect(str(path))
    con.execute("CREATE SCHEMA hr")
    con.execute("CREATE TABLE hr.people AS SELECT * FROM staff")
    con.execute("DROP TABLE staff")
    con.execute("CREATE VIEW meetings_v AS SELECT * FROM meetings")
    con.close()
    foreign = {**FOREIGN, "hội_nghị": ("meetings_v", FOREIGN["hội_nghị"][1])}
    text = mapping_text({k: v for k, v in foreign.items() if k != "cán_bộ"})
    text += mapping_text({"cán_bộ": ("people", FOREIGN["cán_bộ"][1])}, schema="hr")
    with sources.DuckDBSource(path, mapping=loads_mapping(text, "map.toml")) as source:
        report = RULES.evaluate(source, AS_OF)
    same_meaning(report, expected)


def test_problems_in_a_mapped_table_name_the_databases_table_and_column(tmp_path):
    import duckdb

    path = foreign_duckdb(tmp_path, FOREIGN)
    con = duckdb.connect(str(path))
    con.execute("UPDATE meetings SET kind_of = 'quán triệt' WHERE id = (SELECT MIN(id) FROM meetings)")
    con.close()
    with sources.DuckDBSource(path, mapping=loads_mapping(mapping_text(FOREIGN), "map.toml")) as source, \
            pytest.raises(FactsError) as error:
        RULES.evaluate(source, AS_OF)
    (problem,) = error.value.diagnostics
    assert problem.code == "F113"
    assert "kind_of (loại)" in problem.message.text() and "(meetings[" in problem.hints[0].text()


# ------------------------------------------------------------ the file itself --


def test_the_mapping_file_is_strict_toml_and_every_mistake_is_located(tmp_path):
    text = ('[tables.hội_nghị]\n'                       # 1: a bare key TOML does not allow
            'table = "meetings"\n'                     # 2
            'tabel = "x"\n'                            # 3: an unknown key
            '[tables."hội_nghị".columns]\n'            # 4
            'unit = 3\n'                               # 5: not a name
            '"ngày" = ""\n')                           # 6: no database has an empty name
    (tmp_path / "map.toml").write_text(text, encoding="utf-8")
    with pytest.raises(FactsError) as error:
        sources.DuckDBSource(plain_duckdb(tmp_path), mapping=tmp_path / "map.toml")
    found = [(d.code, d.span.line, d.span.column) for d in error.value.diagnostics]
    assert found == [("F107", 1, 9), ("F103", 3, 1), ("F120", 5, 8), ("F120", 6, 10)]
    shown = error.value.render()
    assert f"{tmp_path / 'map.toml'}:3:1: error[F103]: unknown key \"tabel\"" in shown
    assert 'did you mean "table"?' in shown and " 3 | tabel = \"x\"\n   | ^" in shown
    with pytest.raises(FactsError) as error:
        loads_mapping('[tables."hội_nghị"\n', "broken.toml")
    assert error.value.diagnostics[0].code == "F100"
    with pytest.raises(FactsError) as error:
        as_mapping(tmp_path / "missing.toml")
    assert error.value.diagnostics[0].code == "F101"
    (tmp_path / "latin1.toml").write_bytes(b'[tables.x]\ntable = "\xe9"\n')
    with pytest.raises(FactsError) as error:
        as_mapping(tmp_path / "latin1.toml")
    assert error.value.diagnostics[0].code == "F102"


def test_kinds_and_fields_the_plan_does_not_declare_are_named_with_did_you_mean(tmp_path):
    text = ('[tables."hội_nghi"]\ntable = "meetings"\n'
            '[tables."hội_nghị".columns]\n"ngay" = "held_on"\n'
            '[tables.counts.columns]\nyears = "yr"\n')
    mapping = loads_mapping(text, "map.toml")
    with sources.DuckDBSource(foreign_duckdb(tmp_path, FOREIGN), mapping=mapping) as source, \
            pytest.raises(FactsError) as error:
        RULES.evaluate(source, AS_OF)
    problems = error.value.diagnostics
    assert [(d.code, d.span.line) for d in problems] == [("F105", 1), ("F111", 4), ("F103", 6)]
    assert [d.message.text() for d in problems] == [
        'the mapping maps "hội_nghi", which is neither a record kind nor a facts table',
        'the mapping maps column "ngay" of "hội_nghị", which "hội_nghị" does not have',
        'the mapping maps column "years" of "counts", which "counts" does not have',
    ]
    assert [d.hints[0].text() for d in problems] == [
        'did you mean "hội_nghị"?', 'did you mean "ngày"?', 'did you mean "year"?']
    assert "tables nghị" not in problems[0].render("vi") and "tệp ánh xạ" in problems[0].render("vi")


def test_unknown_tables_and_columns_of_the_database_name_both_before_any_query(tmp_path, monkeypatch):
    foreign = dict(FOREIGN)
    foreign["hội_nghị"] = ("meeting", FOREIGN["hội_nghị"][1])
    foreign["counts"] = ("agg_counts", {**FOREIGN["counts"][1], "year": "yrs"})
    (tmp_path / "map.toml").write_text(mapping_text(foreign), encoding="utf-8")
    ran: list[str] = []
    with sources.DuckDBSource(foreign_duckdb(tmp_path, FOREIGN), mapping=tmp_path / "map.toml") as source:
        run = source.engine.run
        monkeypatch.setattr(source.engine, "run", lambda sql, params=(): ran.append(sql) or run(sql, params))
        with pytest.raises(FactsError) as error:
            RULES.evaluate(source, AS_OF)
    # only the catalogue was read, and which text columns compare by a collation (a question reading no row)
    assert all("information_schema" in sql or " WHERE FALSE UNION ALL " in sql for sql in ran)
    table, column = error.value.diagnostics
    assert (table.code, table.span.line, table.span.column) == ("F105", 2, 9)
    assert table.message.text() == ('the mapping reads "hội_nghị" from table "meeting", but '
                                    f'{tmp_path / "foreign.duckdb"} has no table "meeting"')
    assert table.hints[0].text() == 'did you mean "meetings"?'
    assert (column.code, column.span.file) == ("F103", str(tmp_path / "map.toml"))
    assert column.message.text() == ('the mapping reads "counts"."year" from column "yrs" of table "agg_counts", '
                                     'but table "agg_counts" has no column "yrs"')
    assert column.hints[0].text() == 'did you mean "yr"?'
    assert "created_by" in column.hints[1].text()


# ------------------------------------------------------------------ hostile --


HOSTILE_COLUMN = 'x"; DROP TABLE "agg_counts"; --'


def test_hostile_names_in_a_mapping_change_nothing(tmp_path, expected):
    foreign = dict(FOREIGN)
    foreign["hội_nghị"] = (HOSTILE, {**FOREIGN["hội_nghị"][1], "ngày": HOSTILE_COLUMN, "id": "'; DROP TABLE x"})
    foreign["counts"] = (f'agg"; DROP TABLE "{HOSTILE}"; --', FOREIGN["counts"][1])
    path = foreign_duckdb(tmp_path, foreign)
    import duckdb

    def contents():
        con = duckdb.connect(str(path), read_only=True)
        try:
            return [(t, con.execute(f"SELECT COUNT(*) FROM {quote(t)}").fetchone()[0])
                    for (t,) in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
        finally:
            con.close()

    before = contents()
    assert HOSTILE in dict(before)
    with sources.DuckDBSource(path, mapping=loads_mapping(mapping_text(foreign), "map.toml")) as source:
        report = RULES.evaluate(source, AS_OF)
        _same_facts(source.facts(RULES.vocabulary), FACTS)
    same_meaning(report, expected)
    assert contents() == before


# --------------------------------------------------------------- PostgreSQL --


@contextlib.contextmanager
def fresh_schemas(server, count: int):
    import psycopg

    names = [f"planrules_map_{secrets.token_hex(6)}" for _ in range(count)]
    with psycopg.connect(server, autocommit=True) as admin:
        try:
            yield admin, names
        finally:
            for name in names:
                admin.execute(f"DROP SCHEMA IF EXISTS {quote(name)} CASCADE")


def test_postgresql_tables_with_their_own_names_in_two_schemas(server, expected):
    foreign = dict(FOREIGN)
    foreign["hội_nghị"] = (HOSTILE, {**FOREIGN["hội_nghị"][1], "ngày": HOSTILE_COLUMN})
    with fresh_schemas(server, 3) as (admin, (plain, mine, other)):
        sources.write_postgres(FACTS, server, RULES.vocabulary, schema=plain)
        for schema in (mine, other):
            admin.execute(f"CREATE SCHEMA {quote(schema)}")
        tables = [r[0] for r in admin.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind = 'r'", [plain]).fetchall()]
        for table in tables:
            target, renames = foreign.get(table, (table, {}))
            schema = other if table == "hội_nghị" else mine  # the conferences live in another schema
            columns = [r[0] for r in admin.execute(
                "SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n "
                "ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relname = %s AND a.attnum > 0 "
                "AND NOT a.attisdropped ORDER BY a.attnum", [plain, table]).fetchall()]
            select = ", ".join(f"{quote(c)} AS {quote(renames.get(c, c))}" for c in columns)
            extra = ", 1 AS extra" if table in foreign else ""
            admin.execute(f"CREATE TABLE {quote(schema)}.{quote(target)} AS SELECT {select}{extra} "
                          f"FROM {quote(plain)}.{quote(table)} ORDER BY ctid")
        text = mapping_text({k: v for k, v in foreign.items() if k != "hội_nghị"})
        text += mapping_text({"hội_nghị": foreign["hội_nghị"]}, schema=other)
        mapping = loads_mapping(text, "map.toml")
        with sources.PostgresSource(server, schema=mine, mapping=mapping) as source:
            report = RULES.evaluate(source, AS_OF)
            _same_facts(source.facts(RULES.vocabulary), FACTS)
        same_meaning(report, expected)
        broken = loads_mapping(mapping_text({"hội_nghị": ("meetings", {})}, schema=other), "map.toml")
        with sources.PostgresSource(server, schema=mine, mapping=broken) as source, \
                pytest.raises(FactsError) as error:
            RULES.evaluate(source, AS_OF)
        (problem,) = error.value.diagnostics
        assert problem.code == "F105" and f'"{other}.meetings"' in problem.message.text()
        assert admin.execute("SELECT COUNT(*) FROM pg_tables WHERE schemaname IN (%s, %s)",
                             [mine, other]).fetchone()[0] == len(tables)


def test_a_mapping_object_is_equal_to_its_file():
    text = mapping_text(FOREIGN)
    assert loads_mapping(text, "a.toml").tables == as_mapping(
        {"tables": {k: {"table": t, "columns": c} for k, (t, c) in FOREIGN.items()}}).tables
    assert isinstance(as_mapping(loads_mapping(text)), Mapping) and as_mapping(None) is None


def test_a_unique_key_is_recognised_under_the_databases_own_column_names(tmp_path, expected, monkeypatch):
    import duckdb

    path = foreign_duckdb(tmp_path, FOREIGN)
    # a table of the same rows whose (commune_code, id) the database keeps unique
    con = duckdb.connect(str(path))
    types = con.execute("SELECT column_name, data_type FROM information_schema.columns "
                        "WHERE table_name = 'meetings' ORDER BY ordinal_position").fetchall()
    body = ", ".join(f"{quote(c)} {t}" for c, t in types)
    con.execute(f"CREATE TABLE keyed_meetings ({body}, UNIQUE (commune_code, id))")
    con.execute("INSERT INTO keyed_meetings SELECT * FROM meetings")
    con.close()
    seen: list[str] = []
    run = duckdb_engine.DuckDBEngine.run
    monkeypatch.setattr(duckdb_engine.DuckDBEngine, "run", lambda self, sql, params=(): seen.append(sql) or run(self, sql, params))
    for table, searched in (("meetings", True), ("keyed_meetings", False)):
        seen.clear()
        foreign = {**FOREIGN, "hội_nghị": (table, FOREIGN["hội_nghị"][1])}
        with sources.DuckDBSource(path, mapping=loads_mapping(mapping_text(foreign), "map.toml")) as source:
            report = RULES.evaluate(source, AS_OF)
        same_meaning(report, expected)
        grouped = [sql for sql in seen if 'DISTINCT hash("unit", "id")' in sql and "hội_nghị" in sql]
        assert bool(grouped) is searched, (table, grouped)


SMALL_PLAN = """kế hoạch: "5/KH-UBND"
ngày ban hành: 01/01/2025
đơn vị a: "Xã A"
đơn vị b: "Xã B"

nhiệm vụ I {
    nội dung: "Họp trực tuyến"
    chủ trì: a
    chỉ tiêu: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 50% trong năm 2025
    chỉ tiêu: số_hội_nghị không quá 2 trong năm 2025
}
"""
SMALL_FACTS = """[facts]
period = { from = 2025-01-01, to = 2025-12-31 }
[[units.a.records."hội_nghị"]]
id = "1"
"ngày" = 2025-02-03
"trực_tuyến" = true
[[units.a.records."hội_nghị"]]
id = "2"
"ngày" = 2025-03-04
"trực_tuyến" = false
[[units.a.records."hội_nghị"]]
id = "3"
"ngày" = 2025-04-05
"trực_tuyến" = false
[[units.b.records."hội_nghị"]]
id = "4"
"ngày" = 2025-02-03
"trực_tuyến" = true
"""


@pytest.mark.parametrize("form", ["duckdb", "csv"])
def test_a_table_named_as_a_layout_table_is_what_the_mapping_reads_it_as(tmp_path, form):
    """A reporting system that calls its conferences `events` and its communes `units`: the mapping reads them as
    conferences and as the units table, and neither is also read as the layout's table of that name (whose columns
    it does not have: F103 at every column, and a folder's CSV files typed as the layout's, F101, before)."""
    import duckdb

    plan = tmp_path / "5.plan"
    plan.write_text(SMALL_PLAN, encoding="utf-8")
    (tmp_path / "facts.toml").write_text(SMALL_FACTS, encoding="utf-8")
    rules = planrules.compile(planrules.load(plan))
    facts = planrules.load_facts(tmp_path / "facts.toml", vocabulary=rules.vocabulary)
    path = tmp_path / "system.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE events (org VARCHAR, no VARCHAR, held_on DATE, online BOOLEAN, kind_code VARCHAR)")
    con.execute("INSERT INTO events SELECT u, i, d, o, 'MTG' FROM (VALUES ('a', '1', DATE '2025-02-03', true), "
                "('a', '2', DATE '2025-03-04', false), ('a', '3', DATE '2025-04-05', false), "
                "('b', '4', DATE '2025-02-03', true)) AS t(u, i, d, o)")
    con.execute("CREATE TABLE units (code VARCHAR, name VARCHAR)")
    con.execute("INSERT INTO units VALUES ('a', 'Xã A'), ('b', 'Xã B')")
    if form == "csv":
        target = tmp_path / "csv"
        target.mkdir()
        for table in ("events", "units"):
            con.execute(f"COPY {table} TO '{target / (table + '.csv')}' (HEADER)")
    else:
        target = path
    con.close()
    mapping = loads_mapping('[tables."hội_nghị"]\ntable = "events"\ncolumns = { unit = "org", id = "no", '
                            '"ngày" = "held_on", "trực_tuyến" = "online" }\n'
                            '[tables.units]\ntable = "units"\ncolumns = { unit = "code", label = "name" }\n', "map.toml")
    with sources.open_source(target, mapping=mapping) as source:
        report = rules.evaluate(source, dt.date(2025, 12, 31))
        assert report == rules.evaluate(source.facts(rules.vocabulary), dt.date(2025, 12, 31))
    same_meaning(report, rules.evaluate(facts, dt.date(2025, 12, 31)))
    assert [v.status.value for v in report.verdicts if v.unit == "a"] == ["not_met", "not_met"]


# ---------------------------------------------------------- where: a wide table --

WIDE_PLAN = SMALL_PLAN.replace("}\n", """}
nhiệm vụ II {
    nội dung: "Văn bản điện tử"
    chủ trì: a
    chỉ tiêu: tỷ_lệ_văn_bản_điện_tử tối thiểu 80% trong năm 2025
}
""", 1)
WIDE_FACTS = SMALL_FACTS + """[[units.a.records."văn_bản_gửi"]]
id = "5"
"ngày" = 2025-02-01
"điện_tử" = true
"mật" = false
[[units.a.records."văn_bản_gửi"]]
id = "7"
"ngày" = 2025-02-03
"điện_tử" = false
"mật" = true
"""
# one table of conferences and documents, told apart by kind_code, its deleted rows kept with deleted = 1
WIDE_ROWS = [  # (event_id, unit, kind_code, date, online, electronic, secret, deleted)
    ("1", "a", "MTG", "2025-02-03", "có", None, None, 0),
    ("2", "a", "MTG", "2025-03-04", "không", None, None, 0),
    ("5", "a", "DOC", "2025-02-01", None, "có", "không", 0),
    ("3", "a", "MTG", "2025-04-05", "không", None, None, 0),
    ("6", "a", "DOC", "2025-02-02", None, "không", "không", 1),  # deleted: would make the share 50%
    ("1", "a", "MTG", "2025-05-06", "có", None, None, 1),  # deleted: a duplicate id (F140) if read
    ("4", "b", "MTG", "2025-02-03", "có", None, None, 0),
    ("7", "a", "DOC", "2025-02-03", None, "không", "có", 0),
    ("8", "b", "XYZ", "2025-02-03", "??", "??", "??", 0),  # another kind: no value of it is read
]
WIDE_MAPPING = """[tables."hội_nghị"]
table = "events"
columns = { unit = "org", id = "event_id", "ngày" = "held_on", "trực_tuyến" = "online" }
where = { kind_code = "MTG", deleted = [0] }
[tables."hội_nghị".values."trực_tuyến"]
yes = ["có"]
no = ["không"]

[tables."văn_bản_gửi"]
table = "events"
columns = { unit = "org", id = "event_id", "ngày" = "held_on", "điện_tử" = "electronic", "mật" = "secret" }
where = { kind_code = ["DOC"], deleted = [0] }
[tables."văn_bản_gửi".values."điện_tử"]
yes = ["có"]
no = ["không"]
[tables."văn_bản_gửi".values."mật"]
yes = ["có"]
no = ["không"]

[tables.units]
table = "orgs"
columns = { unit = "code", label = "name" }
where = { deleted = [false] }
"""


def wide_database(tmp_path, rows=WIDE_ROWS) -> Path:
    import duckdb

    path = tmp_path / "wide.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE events (event_id VARCHAR, org VARCHAR, kind_code VARCHAR, held_on DATE, "
                "online VARCHAR, electronic VARCHAR, secret VARCHAR, deleted INTEGER)")
    con.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    # its units, a renamed one's old row kept deleted: read, it would be unit a listed twice (F144)
    con.execute("CREATE TABLE orgs (code VARCHAR, name VARCHAR, deleted BOOLEAN)")
    con.execute("INSERT INTO orgs VALUES ('a', 'Xã A cũ', true), ('a', 'Xã A', false), ('b', 'Xã B', false)")
    con.close()
    return path


def wide_case(tmp_path):
    plan = tmp_path / "5.plan"
    plan.write_text(WIDE_PLAN, encoding="utf-8")
    (tmp_path / "facts.toml").write_text(WIDE_FACTS, encoding="utf-8")
    rules = planrules.compile(planrules.load(plan))
    return rules, planrules.load_facts(tmp_path / "facts.toml", vocabulary=rules.vocabulary)


@pytest.mark.parametrize("form", ["duckdb", "csv"])
def test_a_wide_table_of_several_kinds_and_deleted_rows_reads_each_kind_by_its_where(tmp_path, form):
    """`where` keeps a kind's own rows of a table holding several (kind_code) and leaves out those marked deleted:
    the same verdicts as the same facts in the plan's own layout. The rows left out are not checked either (a
    duplicate id, an unlisted yes/no value), and the rows read keep the database's row numbers."""
    import duckdb

    rules, facts = wide_case(tmp_path)
    path = wide_database(tmp_path)
    target = path
    if form == "csv":
        target = tmp_path / "csv"
        target.mkdir()
        con = duckdb.connect(str(path), read_only=True)
        for table in ("events", "orgs"):
            con.execute(f"COPY {table} TO '{target / (table + '.csv')}' (HEADER)")
        con.close()
    (tmp_path / "wide.mapping.toml").write_text(WIDE_MAPPING, encoding="utf-8")
    expected = rules.evaluate(facts, dt.date(2025, 12, 31))
    # as `planrules eval --facts TARGET --mapping FILE` reads it: a folder of CSV files too
    with planrules.load_facts(target, vocabulary=rules.vocabulary, mapping=tmp_path / "wide.mapping.toml") as source:
        report = rules.evaluate(source, dt.date(2025, 12, 31))
        assert report == rules.evaluate(source.facts(rules.vocabulary), dt.date(2025, 12, 31))
    same_meaning(report, expected)
    assert dict(report.labels)["a"] == "Xã A"
    assert {(v.rule, v.status.value) for v in report.verdicts if v.unit == "a"} == {
        ("I#1", "not_met"), ("I#2", "not_met"), ("II#1", "met")}
    # without its where, a kind reads every row of the table: refused, at the kind's table (F252)
    unfiltered = WIDE_MAPPING.replace('where = { kind_code = ["DOC"], deleted = [0] }\n', "")
    with pytest.raises(FactsError) as error:
        with sources.DuckDBSource(path, mapping=loads_mapping(unfiltered, "m.toml")) as source:
            rules.evaluate(source, dt.date(2025, 12, 31))
    [problem] = error.value.diagnostics
    assert (problem.code, problem.span.line, problem.span.column) == ("F252", 10, 9)
    read_twice = WIDE_MAPPING.replace("where = { deleted = [false] }\n", "")
    with pytest.raises(FactsError) as error:
        with sources.DuckDBSource(path, mapping=loads_mapping(read_twice, "m.toml")) as source:
            rules.evaluate(source, dt.date(2025, 12, 31))
    assert [d.code for d in error.value.diagnostics] == ["F144"]  # the units' where is what kept it out
    assert '"hội_nghị" and "văn_bản_gửi" from table "events", and "văn_bản_gửi" has no where' in problem.message.text()


def test_rows_a_where_reads_keep_their_row_numbers_and_others_are_never_checked(tmp_path):
    rules, _ = wide_case(tmp_path)
    rows = [*WIDE_ROWS[:2], ("9", "a", "MTG", "2025-06-01", "maybe", None, None, 0), *WIDE_ROWS[2:]]
    path = wide_database(tmp_path, rows)
    with pytest.raises(FactsError) as error:
        with sources.DuckDBSource(path, mapping=loads_mapping(WIDE_MAPPING, "m.toml")) as source:
            rules.evaluate(source, dt.date(2025, 12, 31))
    assert [(d.code, d.hints[0].text()) for d in error.value.diagnostics] == [
        ("F230", f"in {path} (events[3]), unit a")]  # its third row, the database's; not the deleted ones


def test_a_where_is_read_strictly_and_checked_against_the_database(tmp_path):
    rules, _ = wide_case(tmp_path)
    path = wide_database(tmp_path)
    with pytest.raises(FactsError) as error:
        loads_mapping('[tables."hội_nghị"]\ntable = "events"\nwhere = { deleted = [] , kind_code = [1.5] }\n', "m.toml")
    assert [(d.code, d.span.line, d.span.column) for d in error.value.diagnostics] == [
        ("F251", 3, 21), ("F120", 3, 39)]
    assert error.value.diagnostics[0].message.text().startswith("where.deleted lists no value: list the values")
    wrong = WIDE_MAPPING.replace('kind_code = "MTG"', 'kind_cod = "MTG"')
    with pytest.raises(FactsError) as error:
        with sources.DuckDBSource(path, mapping=loads_mapping(wrong, "m.toml")) as source:
            rules.evaluate(source, dt.date(2025, 12, 31))
    [problem] = error.value.diagnostics
    assert (problem.code, problem.span.line) == ("F103", 4)
    assert 'did you mean "kind_code"?' in [h.text() for h in problem.hints]


def test_postgresql_reads_a_wide_table_by_its_where_as_duckdb(server, tmp_path):
    """PostgreSQL numbers a table's rows by a window over ctid: numbered, then filtered, so a problem is at the
    database's row there too; the verdicts are DuckDB's."""
    import psycopg
    from test_mapping_units import _to_postgres

    rules, facts = wide_case(tmp_path)
    schema = f"planrules_wide_{secrets.token_hex(6)}"
    mapping = loads_mapping(WIDE_MAPPING, "m.toml")
    for rows, problem in ((WIDE_ROWS, None), ([*WIDE_ROWS[:2], ("9", "a", "MTG", "2025-06-01", "maybe", None, None, 0),
                                               *WIDE_ROWS[2:]], "events[3]")):
        _to_postgres(wide_database(tmp_path, rows), server, schema)
        try:
            with sources.PostgresSource(server, schema=schema, mapping=mapping) as source:
                if problem is None:
                    same_meaning(rules.evaluate(source, dt.date(2025, 12, 31)),
                                 rules.evaluate(facts, dt.date(2025, 12, 31)))
                else:
                    with pytest.raises(FactsError) as error:
                        rules.evaluate(source, dt.date(2025, 12, 31))
                    assert [d.code for d in error.value.diagnostics] == ["F230"]
                    assert f"({problem})" in error.value.diagnostics[0].hints[0].text()
        finally:
            with psycopg.connect(server, autocommit=True) as admin:
                admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        (tmp_path / "wide.duckdb").unlink()


def test_the_where_example_of_docs_sql_md_is_what_eval_prints(tmp_path, monkeypatch):
    import io

    import duckdb

    from planrules.tooling.cli import run

    doc = (ROOT / "docs/sql.md").read_text(encoding="utf-8")
    section = doc.split("### Rows of several kinds in one table, deleted rows: `where`\n")[1].split("\n### ")[0]
    mapping = section.split("```toml\n")[1].split("```")[0]
    shown = section.split("```text where-example\n")[1].split("```")[0]
    refused = section.split("```text where-refused\n")[1].split("```")[0]
    assert mapping == WIDE_MAPPING
    monkeypatch.chdir(tmp_path)
    (tmp_path / "5.plan").write_text(WIDE_PLAN, encoding="utf-8")
    (tmp_path / "wide.mapping.toml").write_text(mapping, encoding="utf-8")
    (tmp_path / "unfiltered.mapping.toml").write_text(
        mapping.replace('where = { kind_code = ["DOC"], deleted = [0] }\n', ""), encoding="utf-8")
    con = duckdb.connect(str(wide_database(tmp_path)), read_only=True)
    (tmp_path / "export").mkdir()
    for table in ("events", "orgs"):
        con.execute(f"COPY {table} TO 'export/{table}.csv' (HEADER)")
    con.close()
    for name, expected, status in (("wide", shown, 0), ("unfiltered", refused, 2)):
        out, err = io.StringIO(), io.StringIO()
        code = run(["eval", "5.plan", "--facts", "export", "--mapping", f"{name}.mapping.toml", "--as-of",
                    "2025-12-31", "--lang", "en"], out, err)
        assert code == status, err.getvalue()
        assert expected in (out.getvalue() if status == 0 else err.getvalue())


def test_a_folder_of_csv_files_a_mapping_reads_keeps_its_codes_as_text(tmp_path):
    """A CSV file has no types: DuckDB guesses the commune codes 11 and 12 are numbers (BIGINT, then refused: F120,
    a unit is text). Every column the mapping reads as text is read as text: the units are 11 and 12."""
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "meetings.csv").write_text("org,no,held_on,online\n11,1,2025-02-03,1\n12,2,2025-02-04,0\n",
                                         encoding="utf-8")
    mapping = loads_mapping('[tables."hội_nghị"]\ntable = "meetings"\ncolumns = { unit = "org", id = "no", '
                            '"ngày" = "held_on", "trực_tuyến" = "online" }\n[tables."hội_nghị".values."trực_tuyến"]\n'
                            'yes = [1]\nno = [0]\n', "m.toml")
    with planrules.load_facts(folder, mapping=mapping) as source:
        facts = source.facts()
    assert sorted((u.name, [r.id for r in u.records]) for u in facts.units) == [("11", ["1"]), ("12", ["2"])]



def test_a_folder_of_csv_files_a_mapping_reads_keeps_its_decimals_exact(tmp_path):
    """DuckDB guesses a CSV column of 1.25 and 0.1234567 is DOUBLE, a type no decimal field is read from (F120), and
    inexact: a mapped decimal field is read as an exact decimal, each value as written."""
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "meetings.csv").write_text("org,no,held_on,days\n11,1,2025-02-03,1.25\n12,2,2025-02-04,0.1234567\n",
                                         encoding="utf-8")
    mapping = loads_mapping('[tables."hội_nghị"]\ntable = "meetings"\ncolumns = { unit = "org", id = "no", '
                            '"ngày" = "held_on", "thời_lượng" = "days" }\n', "m.toml")
    with planrules.load_facts(folder, mapping=mapping) as source:
        facts = source.facts()
    assert sorted((u.name, [dict(r.values)["thời_lượng"] for r in u.records]) for u in facts.units) == [
        ("11", [Fraction("1.25")]), ("12", [Fraction("0.1234567")])]

def test_a_where_column_under_a_nondeterministic_collation_is_refused(server, tmp_path):
    """PostgreSQL would keep the rows 'mtg' by a where listing 'MTG' under a case-insensitive collation, rows the
    same test keeps out anywhere else: F120 at the where's key, as any column the mapping reads so collated."""
    import psycopg
    from test_mapping_units import _to_postgres

    rules, _ = wide_case(tmp_path)
    schema = f"planrules_wide_{secrets.token_hex(6)}"
    _to_postgres(wide_database(tmp_path), server, schema)
    try:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'CREATE COLLATION "{schema}".ci (provider = icu, locale = \'und-u-ks-level2\', '
                          "deterministic = false)")
            admin.execute(f'ALTER TABLE "{schema}".events ALTER COLUMN kind_code TYPE TEXT COLLATE "{schema}".ci')
        with sources.PostgresSource(server, schema=schema, mapping=loads_mapping(WIDE_MAPPING, "m.toml")) as source, \
                pytest.raises(FactsError) as error:
            rules.evaluate(source, dt.date(2025, 12, 31))
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    assert [(d.code, d.span.line, d.span.column) for d in error.value.diagnostics] == [("F120", 4, 23), ("F120", 12, 23)]


@pytest.mark.parametrize("engine", ["duckdb", "postgresql"])
def test_a_date_held_as_a_timestamp_is_its_day(tmp_path, engine, request):
    """A reporting system stamps its events with a time of day (TIMESTAMP): each is the day written, its time left
    out — the last minute of 2025 in 2025, the first of 2026 not — as the same facts' dates in the plan's layout.
    A TIMESTAMP WITH TIME ZONE stays refused (F120): its day depends on the zone it is seen from."""
    import duckdb

    rules, _ = wide_case(tmp_path)
    stamped = [(*row[:3], row[3] + (" 23:59:59" if i % 2 else " 00:00:00"), *row[4:]) for i, row in enumerate(WIDE_ROWS)]
    late = [*stamped, ("9", "a", "MTG", "2026-01-01 00:00:30", "có", None, None, 0)]  # 2026: not one of 2025's
    path = wide_database(tmp_path, late)
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE events ALTER held_on TYPE TIMESTAMP")  # (written as DATE above: the days, then stamped)
    con.execute("DELETE FROM events")
    con.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)", late)
    con.close()
    as_of = dt.date(2025, 12, 31)
    expected = [(v.unit, v.rule, v.status, v.value, v.figures) for v in
                rules.evaluate(planrules.load_facts(tmp_path / "facts.toml", vocabulary=rules.vocabulary), as_of).verdicts]
    mapping = loads_mapping(WIDE_MAPPING, "m.toml")
    if engine == "duckdb":
        with sources.DuckDBSource(path, mapping=mapping) as source:
            report = rules.evaluate(source, as_of)
            assert report == rules.evaluate(source.facts(rules.vocabulary), as_of)
        assert [(v.unit, v.rule, v.status, v.value, v.figures) for v in report.verdicts] == expected
        con = duckdb.connect(str(path))
        con.execute("ALTER TABLE events ALTER held_on TYPE TIMESTAMPTZ")
        con.close()
        with pytest.raises(FactsError) as error:
            with sources.DuckDBSource(path, mapping=mapping) as source:
                rules.evaluate(source, as_of)
        assert {d.code for d in error.value.diagnostics} == {"F120"}
        assert "is TIMESTAMP WITH TIME ZONE, but ngày is date" in error.value.diagnostics[0].message.text()
        return
    import psycopg
    from test_mapping_units import _to_postgres

    server = request.getfixturevalue("server")
    schema = f"planrules_stamped_{secrets.token_hex(6)}"
    _to_postgres(path, server, schema)
    try:
        with sources.PostgresSource(server, schema=schema, mapping=mapping) as source:
            report = rules.evaluate(source, as_of)
        assert [(v.unit, v.rule, v.status, v.value, v.figures) for v in report.verdicts] == expected
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'ALTER TABLE "{schema}".events ALTER held_on TYPE TIMESTAMPTZ')
        with pytest.raises(FactsError) as error:
            with sources.PostgresSource(server, schema=schema, mapping=mapping) as source:
                rules.evaluate(source, as_of)
        assert {d.code for d in error.value.diagnostics} == {"F120"}
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_the_small_tables_dates_held_as_timestamps_are_their_days(tmp_path):
    import duckdb

    rules, _ = wide_case(tmp_path)
    path = wide_database(tmp_path)
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE span (a TIMESTAMP, b TIMESTAMP)")
    con.execute("INSERT INTO span VALUES ('2025-01-01 08:00', '2025-12-31 23:59:59')")
    con.execute("CREATE TABLE handed (org VARCHAR, task VARCHAR, handed_at TIMESTAMP_NS)")
    con.execute("INSERT INTO handed VALUES ('a', 'I', '2025-03-01 10:00')")
    con.close()
    mapping = WIDE_MAPPING + ('[tables.period]\ntable = "span"\ncolumns = { from = "a", to = "b" }\n[tables.deliveries]\n'
                              'table = "handed"\ncolumns = { unit = "org", task = "task", date = "handed_at" }\n')
    with sources.DuckDBSource(path, mapping=loads_mapping(mapping, "m.toml")) as source:
        facts = source.facts(rules.vocabulary)
    assert facts.period == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert [(d.task, d.date) for u in facts.units for d in u.deliveries] == [("I", dt.date(2025, 3, 1))]


LEVELS = """[tables."hội_nghị"]
table = "events"
columns = { unit = "org_id", id = "event_id", "ngày" = "held_on", "trực_tuyến" = "online" }
where = { kind_code = "MTG", deleted = [0] }
[tables."hội_nghị".values."trực_tuyến"]
yes = ["có"]
no = ["không"]

[[tables.units]]
table = "orgs"
columns = { unit = "code", label = "name", parent = "parent_id" }
key = "org_id"
where = { level_name = "commune" }
level = "xã"

[[tables.units]]
table = "orgs"
columns = { unit = "code", label = "name", parent = "parent_id" }
key = "org_id"
where = { level_name = "province" }
level = "tỉnh"
"""


def test_one_units_table_of_every_level_is_read_once_per_level_by_its_where(tmp_path):
    """A system's one table of communes and provinces (level_name 'commune', 'province'; units named by an INTEGER
    id): read once per level, each with its where and level, a plan's `cấp xã` binds the communes alone and the
    roll-up by tỉnh finds their province. A unit both wheres read is F144; the table twice without where, F238."""
    import duckdb

    plan = tmp_path / "6.plan"
    plan.write_text('kế hoạch: "6/KH-UBND"\nngày ban hành: 01/01/2025\nnhóm các_xã: "Các xã" = cấp xã\n\n'
                    'nhiệm vụ I {\n    nội dung: "Họp"\n    chủ trì: các_xã\n'
                    '    chỉ tiêu: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 50% trong năm 2025\n}\n', encoding="utf-8")
    rules = planrules.compile(planrules.load(plan))
    path = tmp_path / "orgs.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE orgs (org_id INTEGER, code VARCHAR, name VARCHAR, parent_id INTEGER, level_name VARCHAR)")
    con.execute("INSERT INTO orgs VALUES (1, 'P1', 'Tỉnh Một', NULL, 'province'), (11, 'X11', 'Xã An', 1, 'commune'), "
                "(12, 'X12', 'Xã Bình', 1, 'commune')")
    con.execute("CREATE TABLE events (event_id INTEGER, org_id INTEGER, kind_code VARCHAR, held_on DATE, "
                "online VARCHAR, deleted INTEGER)")
    con.execute("INSERT INTO events VALUES (1, 11, 'MTG', DATE '2025-03-01', 'có', 0), "
                "(2, 12, 'MTG', DATE '2025-03-02', 'không', 0), (3, 12, 'MTG', DATE '2025-03-03', 'có', 1)")
    con.close()
    from planrules.pipeline import Pipeline

    pipeline = Pipeline()
    compiled = pipeline.rules(plan)
    with planrules.load_facts(path, vocabulary=rules.vocabulary, mapping=loads_mapping(LEVELS, "m.toml")) as source:
        evaluation = pipeline.evaluate(compiled.fit(source), dt.date(2025, 12, 31), group_by="tỉnh")
    assert sorted((v.unit, v.status.value) for v in evaluation.report.verdicts) == [
        ("X11", "met"), ("X12", "not_met")]
    [rollup] = evaluation.rollups
    assert [(a.group, a.status.value, a.value) for a in rollup.aggregates] == [("P1", "met", Fraction(1, 2))]
    for text, code in ((LEVELS.replace('where = { level_name = "province" }', 'where = { level_name = ["province", '
                                                                              '"commune"] }'), "F144"),
                       (LEVELS.replace('where = { level_name = "province" }\n', ""), "F238")):
        with pytest.raises(FactsError) as error:
            with sources.DuckDBSource(path, mapping=loads_mapping(text, "m.toml")) as source:
                rules.evaluate(source, dt.date(2025, 12, 31))
        assert {d.code for d in error.value.diagnostics} == {code}


def test_a_role_granted_only_the_columns_the_mapping_reads_reads_a_table_by_its_where(server, tmp_path):
    """The rows a where keeps are read from the columns the mapping names alone (no `SELECT *`): a role that may
    not read the table's note column evaluates, as its owner does."""
    import psycopg
    from test_mapping_units import _to_postgres

    from planrules.facts.sql_text import quote

    rules, facts = wide_case(tmp_path)
    schema = f"planrules_wide_{secrets.token_hex(6)}"
    role = f"planrules_reader_{secrets.token_hex(4)}"
    _to_postgres(wide_database(tmp_path), server, schema)
    try:
        with psycopg.connect(server, autocommit=True) as admin:
            s = quote(schema)
            admin.execute(f"ALTER TABLE {s}.events ADD COLUMN note TEXT DEFAULT 'personal'")
            admin.execute(f"CREATE ROLE {quote(role)} LOGIN")
            admin.execute(f"GRANT USAGE ON SCHEMA {s} TO {quote(role)}")
            admin.execute(f"GRANT SELECT ON {s}.orgs TO {quote(role)}")
            admin.execute(f"GRANT SELECT (event_id, org, kind_code, held_on, online, electronic, secret, deleted) ON "
                          f"{s}.events TO {quote(role)}")
        reader = psycopg.conninfo.make_conninfo(server, user=role)
        with sources.PostgresSource(reader, schema=schema, mapping=loads_mapping(WIDE_MAPPING, "m.toml")) as source:
            report = rules.evaluate(source, dt.date(2025, 12, 31))
            assert report == rules.evaluate(source.facts(rules.vocabulary), dt.date(2025, 12, 31))
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA IF EXISTS {quote(schema)} CASCADE")
            admin.execute(f"DROP OWNED BY {quote(role)}")
            admin.execute(f"DROP ROLE IF EXISTS {quote(role)}")
    same_meaning(report, rules.evaluate(facts, dt.date(2025, 12, 31)))


def test_a_mapped_column_of_the_wrong_type_is_an_error_at_the_mappings_key(tmp_path):
    """A date kept as text ('2025-02-03' in a VARCHAR): F120 at the key of the mapping file that reads it, with
    what to do, where it was said at the table alone, not saying which line of the file to change."""
    import duckdb

    rules, _ = wide_case(tmp_path)
    path = wide_database(tmp_path)
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE events ALTER held_on TYPE VARCHAR")
    con.close()
    with pytest.raises(FactsError) as error:
        with sources.DuckDBSource(path, mapping=loads_mapping(WIDE_MAPPING, "m.toml")) as source:
            rules.evaluate(source, dt.date(2025, 12, 31))
    assert [(d.code, d.span.line, d.span.column) for d in error.value.diagnostics] == [("F120", 3, 53),
                                                                                      ("F120", 11, 53)]
    first = error.value.diagnostics[0]
    assert first.message.text() == "column held_on (ngày) of table events is VARCHAR, but ngày is date"
    assert [h.text() for h in first.hints] == [
        f"in {path} (events)", "map a column that holds date, or one cast to it in the database (a view of the table)"]


def test_a_row_a_where_neither_keeps_nor_leaves_out_is_an_error_and_except_says_it(tmp_path):
    """A system whose deleted flag is NULL for its live rows: `deleted = [0]` would drop every live conference in
    silence. A row whose where column is NULL while the others keep it is F253 at its row (a document's NULL flag
    is not a conference's problem: its kind_code leaves it out already); `except = { deleted = [1] }` says what
    the flag means, NULL leaving no row out: the layout's verdicts."""
    import duckdb

    rules, facts = wide_case(tmp_path)
    path = wide_database(tmp_path)
    con = duckdb.connect(str(path))
    con.execute("UPDATE events SET deleted = NULL WHERE deleted = 0 AND event_id <> '8'")
    con.close()
    with pytest.raises(FactsError) as error:
        with sources.DuckDBSource(path, mapping=loads_mapping(WIDE_MAPPING, "m.toml")) as source:
            rules.evaluate(source, dt.date(2025, 12, 31))
    assert [(d.code, d.hints[0].text()) for d in error.value.diagnostics] == [
        ("F253", f"in {path} (events[{row}]), unit {unit}") for row, unit in
        ((1, "a"), (2, "a"), (4, "a"), (7, "b"), (3, "a"), (8, "a"))]
    assert error.value.diagnostics[0].message.text().startswith(
        "deleted is NULL, which the mapping's where for \"hội_nghị\" neither keeps nor leaves out")
    said = WIDE_MAPPING.replace(", deleted = [0] }", " }\nexcept = { deleted = [1] }")
    with sources.DuckDBSource(path, mapping=loads_mapping(said, "m.toml")) as source:
        report = rules.evaluate(source, dt.date(2025, 12, 31))
        assert report == rules.evaluate(source.facts(rules.vocabulary), dt.date(2025, 12, 31))
    same_meaning(report, rules.evaluate(facts, dt.date(2025, 12, 31)))
    with pytest.raises(FactsError) as error:
        loads_mapping('[tables."hội_nghị"]\ntable = "events"\nexcept = { deleted = [] }\n', "m.toml")
    assert [(d.code, d.message.text()) for d in error.value.diagnostics] == [
        ("F251", "except.deleted lists no value: list the values that keep a row (where) or leave it out (except)")]
