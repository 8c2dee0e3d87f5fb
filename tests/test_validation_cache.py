"""Validate once (facts/validation_cache.py): a table source that passed its checks, unchanged, is not checked
again; any change to its files (or, in PostgreSQL, to its tables) has it checked afresh; a cache entry that
is damaged or not one is ignored; the second evaluation equals one without the cache."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sql_cases import storable

import planrules
from planrules.base.diagnostics import FactsError
from planrules.facts import duckdb_engine, engines, sources
from planrules.pipeline import Pipeline
from planrules.strategies import valid_facts
from planrules.tooling.cache import FILE, Cache

ROOT = Path(__file__).parent.parent
PLAN = ROOT / "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"
RULES = planrules.compile(planrules.load(PLAN), planrules.load_dir(ROOT / "plans"))
FACTS = planrules.load_facts(ROOT / "examples/vu-duong/facts.toml", vocabulary=RULES.vocabulary)
AS_OF = dt.date(2026, 12, 31)
CHECKS = ("FILTER (WHERE", "SELECT DISTINCT substr(")  # the record checks' aggregate, the spellings read


@pytest.fixture
def statements(monkeypatch) -> list[str]:
    """Every statement the DuckDB engine runs from now on."""
    seen: list[str] = []
    run = duckdb_engine.DuckDBEngine.run
    monkeypatch.setattr(duckdb_engine.DuckDBEngine, "run",
                        lambda self, sql, params=(): seen.append(sql) or run(self, sql, params))
    return seen


def prepared(target, cache_folder: Path | None, seen: list[str] | None = None, **options):
    """Open `target`, validate it (with the cache in `cache_folder`, or none), return (source, its light facts,
    the statements validation ran)."""
    if seen is not None:
        seen.clear()
    with contextlib.ExitStack() as stack:
        cache = stack.enter_context(Cache(cache_folder)) if cache_folder is not None else None
        pipeline = Pipeline(cache=cache)
        source = stack.enter_context(pipeline.load_facts(target, vocabulary=RULES.vocabulary, **options))
        light = source.light_facts(RULES.vocabulary)
        return source, light, list(seen or ())


def evaluated(target, cache_folder: Path | None):
    """The report of evaluating `target` (through a pipeline with the cache in `cache_folder`), or the
    diagnostics that refused it."""
    with contextlib.ExitStack() as stack:
        cache = stack.enter_context(Cache(cache_folder)) if cache_folder is not None else None
        pipeline = Pipeline(cache=cache)
        try:
            fitted = pipeline.fit(RULES, target)
            return pipeline.evaluate(fitted, AS_OF).report
        except FactsError as error:
            return [(d.code, d.message.text("en"), tuple(h.text("en") for h in d.hints)) for d in error.diagnostics]


def checked(seen: list[str]) -> list[str]:
    return [sql for sql in seen if any(check in sql for check in CHECKS)]


def test_the_second_run_reuses_the_first_validation_and_reads_the_same(tmp_path, statements):
    db = tmp_path / "f.duckdb"
    sources.write_duckdb(FACTS, db, RULES.vocabulary)
    first, light, ran = prepared(db, tmp_path / "cache", statements)
    assert not first.validation.reused and checked(ran)
    second, again, ran_again = prepared(db, tmp_path / "cache", statements)
    assert second.validation.reused and not checked(ran_again)
    assert len(ran_again) < len(ran) and again == light
    units_read = 'GROUP BY "unit"'  # each record table's units (`RecordGroups`), kept with the validation
    assert any(units_read in sql for sql in ran) and not any(units_read in sql for sql in ran_again)
    assert evaluated(db, tmp_path / "cache") == evaluated(db, None)  # the SQL path, reused or not
    with sources.DuckDBSource(db) as plain:
        python = RULES.evaluate(plain.facts(RULES.vocabulary), AS_OF)  # the Python path on the same rows
    assert evaluated(db, tmp_path / "cache") == python


def test_no_cache_validates_every_time(tmp_path, statements):
    db = tmp_path / "f.duckdb"
    sources.write_duckdb(FACTS, db, RULES.vocabulary)
    for _ in range(2):
        source, _, ran = prepared(db, None, statements)
        assert not source.validation.reused and checked(ran)


def _negative(db: Path) -> None:
    """One conference of a negative number of days (F123), the file otherwise as it was."""
    import duckdb

    con = duckdb.connect(str(db))
    con.execute('UPDATE "hội_nghị" SET "thời_lượng" = -1 WHERE rowid = (SELECT MIN(rowid) FROM "hội_nghị")')
    con.close()


def test_a_row_changed_in_the_database_file_is_checked_again(tmp_path):
    db = tmp_path / "f.duckdb"
    sources.write_duckdb(FACTS, db, RULES.vocabulary)
    assert evaluated(db, tmp_path / "cache") == evaluated(db, tmp_path / "cache")
    _negative(db)
    got = evaluated(db, tmp_path / "cache")
    assert got == evaluated(db, None) and [code for code, *_ in got] == ["F123"]


def _csv_folder(tmp_path: Path) -> Path:
    """The facts as Parquet files, but the conferences as a machine-format CSV file (a text to edit in place)."""
    import duckdb

    folder = tmp_path / "facts"
    sources.write_parquet(FACTS, folder, RULES.vocabulary)
    part = folder / "hội_nghị.parquet"
    duckdb.sql(f"COPY (SELECT * FROM read_parquet('{part}')) TO '{folder / 'hội_nghị.csv'}' (HEADER)")
    part.unlink()
    return folder


def _same_size_rewrite(path: Path) -> None:
    """`path` with one conference's days `1.0` made `-1.`: the same size; its mtime set back as it was."""
    before = os.stat(path)
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines[1:], 1) if line.rstrip("\n").endswith(",1.000000"))
    lines[index] = lines[index].rstrip("\n")[:-len("1.000000")] + "-1.00000\n"
    path.write_text("".join(lines), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(path)
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)


@pytest.mark.parametrize("clock", ["ctime", "racy"])
def test_a_file_rewritten_to_its_size_with_its_mtime_set_back_is_checked_again(tmp_path, monkeypatch, clock):
    """The ctime catches it (no content hashed: RACY_NS 0); should the clock not have ticked between the two
    writes (ctime left out of the state), the content of a file written just before it was checked does."""
    folder = _csv_folder(tmp_path)
    if clock == "ctime":
        monkeypatch.setattr(engines, "RACY_NS", 0)
    else:
        states = engines.file_states
        monkeypatch.setattr(engines, "file_states", lambda paths: [
            s[:3] + s[4:] if s[1] is not None else s for s in states(paths)])
    first = evaluated(folder, tmp_path / "cache")
    assert prepared(folder, tmp_path / "cache")[0].validation.reused
    _same_size_rewrite(folder / "hội_nghị.csv")
    got = evaluated(folder, tmp_path / "cache")
    assert got != first and got == evaluated(folder, None) and [code for code, *_ in got] == ["F123"]


def test_a_file_replaced_by_a_copy_of_another_is_checked_again(tmp_path):
    """Replaced by rename, as writers of Parquet do: a new inode, whatever the size and times say."""
    folder = tmp_path / "facts"
    sources.write_parquet(FACTS, folder, RULES.vocabulary)
    assert not prepared(folder, tmp_path / "cache")[0].validation.reused
    assert prepared(folder, tmp_path / "cache")[0].validation.reused
    shutil.copy2(folder / "hội_nghị.parquet", tmp_path / "copy.parquet")
    os.replace(tmp_path / "copy.parquet", folder / "hội_nghị.parquet")  # the same bytes, another file
    assert not prepared(folder, tmp_path / "cache")[0].validation.reused


def test_a_parquet_row_appended_is_checked_again(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = tmp_path / "facts"
    sources.write_parquet(FACTS, folder, RULES.vocabulary)
    evaluated(folder, tmp_path / "cache")
    table = pq.read_table(folder / "hội_nghị.parquet")
    pq.write_table(pa.concat_tables([table, table.slice(0, 1)]), folder / "hội_nghị.parquet")  # a duplicate
    got = evaluated(folder, tmp_path / "cache")
    assert got == evaluated(folder, None) and {code for code, *_ in got} <= {"F140", "F141"} and got


def _entries(folder: Path, holding: str = "spellings") -> list[str]:
    """The keys of the cache's entries whose text holds `holding`: a validation's ("spellings"), or what reading
    the small tables gave ("unit_keys", `Validation.light`)."""
    with Cache(folder) as cache, sqlite3.connect(folder / FILE) as db:
        keys = [key for (key,) in db.execute("SELECT key FROM entries")]
        return [key for key in keys if (cache.get_text(key) or "").startswith(f'{{"{holding}"')]


@pytest.mark.parametrize("damage", ["bytes", "not json", "another shape", "unknown kind", "wrong digest",
                                    "zeros of no kind", "zeros not rows", "units of no table", "units of a table left out"])
def test_a_damaged_or_foreign_entry_is_ignored_and_the_source_checked(tmp_path, statements, damage):
    db = tmp_path / "f.duckdb"
    sources.write_duckdb(FACTS, db, RULES.vocabulary)
    prepared(db, tmp_path / "cache")
    key, = _entries(tmp_path / "cache")
    if damage == "bytes":
        with sqlite3.connect(tmp_path / "cache" / FILE) as con:
            con.execute("UPDATE entries SET payload = X'00ff00' WHERE key = ?", (key,))
    else:
        text = {"not json": "{", "another shape": json.dumps({"spellings": []}),
                "unknown kind": json.dumps({"spellings": {"counts": {"unit": {"a": "b"}}}, "contents": {},
                                            "seconds": 1.0, "zeros": None, "record_units": None}),
                "wrong digest": json.dumps({"spellings": {}, "contents": {str(db): "0" * 64}, "seconds": 1.0,
                                            "zeros": None, "record_units": None}),
                "zeros of no kind": json.dumps({"spellings": {}, "contents": {}, "seconds": 1.0,
                                                "zeros": [["no_such_kind", "u", 2025, 1]], "record_units": None}),
                "zeros not rows": json.dumps({"spellings": {}, "contents": {}, "seconds": 1.0,
                                              "zeros": [["x", 2025]], "record_units": None}),
                "units of no table": json.dumps({"spellings": {}, "contents": {}, "seconds": 1.0, "zeros": None,
                                                 "record_units": {"no_such_table": ["u"]}}),
                "units of a table left out": json.dumps({"spellings": {}, "contents": {}, "seconds": 1.0,
                                                         "zeros": None, "record_units": {}})}[damage]
        with Cache(tmp_path / "cache") as cache:
            cache.put_text(key, text)
    source, light, ran = prepared(db, tmp_path / "cache", statements)
    assert not source.validation.reused and checked(ran)
    assert light == prepared(db, None)[1]


def test_a_view_is_checked_every_time(tmp_path):
    """A view may compute its rows (now(), random()): no file's state says they are the same."""
    import duckdb

    db = tmp_path / "f.duckdb"
    sources.write_duckdb(FACTS, db, RULES.vocabulary)
    con = duckdb.connect(str(db))
    con.execute('CREATE SCHEMA raw; CREATE TABLE raw.meetings AS SELECT * FROM "hội_nghị"; DROP TABLE "hội_nghị"; '
                'CREATE VIEW "hội_nghị" AS SELECT * FROM raw.meetings')
    con.close()
    for _ in range(2):
        assert not prepared(db, tmp_path / "cache")[0].validation.reused


def test_the_command_line_says_what_it_saved_and_no_cache_turns_it_off(tmp_path, monkeypatch):
    from planrules.tooling.cli import run as cli

    db = tmp_path / "f.duckdb"
    sources.write_duckdb(FACTS, db, RULES.vocabulary)
    monkeypatch.setenv("PLANRULES_CACHE_DIR", str(tmp_path / "cache"))

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def run(*extra: str) -> tuple[str, str]:
        out, err = io.StringIO(), Terminal()
        code = cli(["eval", str(PLAN), "--facts", str(db), "--library", str(ROOT / "plans"), "--as-of",
                    "2026-12-31", "--lang", "en", *extra], out, err)
        assert code == 0
        return out.getvalue(), err.getvalue()

    note = "passed its checks before and is unchanged"
    first, said_first = run()
    second, said_second = run()
    assert first == second and note not in said_first and note in said_second
    assert note not in run("--no-cache")[1]
    out, err = io.StringIO(), io.StringIO()  # a file or a pipe: no note, as no progress bar
    assert cli(["eval", str(PLAN), "--facts", str(db), "--library", str(ROOT / "plans"), "--as-of", "2026-12-31",
                "--lang", "en"], out, err) == 0 and note not in err.getvalue() and out.getvalue() == first


def test_a_foreign_shape_through_its_mapping_is_reused_and_a_value_its_map_lacks_found(tmp_path):
    """Through a mapping (value maps, `reports` rows, units under their own names), the second run reuses the
    validation, and a code the map does not list, written afterwards, is found (F230) as without the cache."""
    import duckdb
    from foreign_shape import foreign_copy

    from planrules.facts.mapping import loads_mapping

    sources.write_duckdb(FACTS, tmp_path / "plain.duckdb", RULES.vocabulary)
    db = tmp_path / "foreign.duckdb"
    text = foreign_copy(tmp_path / "plain.duckdb", db, RULES.vocabulary)
    mapping = tmp_path / "foreign.mapping.toml"
    mapping.write_text(text, encoding="utf-8")
    loads_mapping(text, str(mapping))  # a mapping file that reads

    def judged(cache_folder):
        with contextlib.ExitStack() as stack:
            pipeline = Pipeline(cache=stack.enter_context(Cache(cache_folder)) if cache_folder else None)
            try:
                fitted = pipeline.fit(RULES, db, mapping=str(mapping))
                return fitted.source, pipeline.evaluate(fitted, AS_OF).report
            except FactsError as error:
                return None, [d.code for d in error.diagnostics]

    first, report = judged(tmp_path / "cache")
    second, again = judged(tmp_path / "cache")
    assert not first.validation.reused and second.validation.reused and again == report == judged(None)[1]
    con = duckdb.connect(str(db))  # the conferences (tbl_0), their type (col_3) in a code no map lists
    con.execute("UPDATE tbl_0 SET col_3 = 'c9_9_9' WHERE rowid = (SELECT MIN(rowid) FROM tbl_0)")
    con.close()
    assert "F230" in judged(None)[1] and judged(tmp_path / "cache")[1] == judged(None)[1]


# ---------------------------------------------------------------- property --

CHANGES = ("delete", "duplicate", "negative", "no unit", "unknown category", "rewrite")


def _change(db: Path, kind: str, change: str, row: int) -> None:
    """One change to the rows of table `kind` of `db` (what tests/test_sources_validation.py checks)."""
    import duckdb

    from planrules.facts.sql_text import quote

    con = duckdb.connect(str(db))
    table = quote(kind)
    count = con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    target = f"(SELECT rowid FROM {table} ORDER BY rowid LIMIT 1 OFFSET {row % max(count, 1)})"
    columns = dict(con.execute(f"SELECT column_name, data_type FROM information_schema.columns "
                               f"WHERE table_name = '{kind}'").fetchall())
    numbers = [c for c, t in columns.items() if t in ("BIGINT",) or t.startswith("DECIMAL")]
    texts = [c for c, t in columns.items() if t == "VARCHAR" and c not in ("unit", "id")]
    if change == "delete":
        con.execute(f"DELETE FROM {table} WHERE rowid = {target}")
    elif change == "duplicate":
        con.execute(f"INSERT INTO {table} SELECT * FROM {table} WHERE rowid = {target}")
    elif change == "negative" and numbers:
        con.execute(f"UPDATE {table} SET {quote(numbers[0])} = -1 WHERE rowid = {target}")
    elif change == "no unit":
        con.execute(f"UPDATE {table} SET unit = NULL WHERE rowid = {target}")
    elif change == "unknown category" and texts:
        con.execute(f"UPDATE {table} SET {quote(texts[0])} = 'không_có' WHERE rowid = {target}")
    else:  # the same rows, written again
        con.execute(f"CREATE TABLE copy AS SELECT * FROM {table}; DELETE FROM {table}; "
                    f"INSERT INTO {table} SELECT * FROM copy; DROP TABLE copy")
    con.close()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=valid_facts(RULES.vocabulary, years=(2025, 2026)), change=st.sampled_from(CHANGES),
       which=st.integers(0, 10), row=st.integers(0, 100))
def test_after_any_change_to_one_table_the_second_evaluation_equals_one_without_the_cache(facts, change, which,
                                                                                             row):
    facts = storable(facts)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "f.duckdb"
        sources.write_duckdb(facts, db, RULES.vocabulary)
        kinds = sorted({r.kind for u in facts.units for r in u.records})
        evaluated(db, Path(folder) / "cache")
        if kinds:
            _change(db, kinds[which % len(kinds)], change, row)
        assert evaluated(db, Path(folder) / "cache") == evaluated(db, None)


# --------------------------------------------------------------- PostgreSQL --


def _postgres(server: str, schema: str, cache_folder: Path, trust: bool = False):
    """(reused?, the light facts or the codes refusing them) of the facts in `schema`, with the cache."""
    with Cache(cache_folder) as cache, sources.PostgresSource(server, schema=schema) as source:
        source.cache, source.trust_unchanged = cache, trust
        try:
            light = source.light_facts(RULES.vocabulary)
        except FactsError as error:
            return source.validation.reused, [d.code for d in error.diagnostics]
        return source.validation.reused, light


def _reused_within(tries: int, *args) -> bool:
    """Reused in one of `tries` runs: any WAL the server writes meanwhile (a checkpoint, autovacuum of the
    catalogue) rightly has the source checked again."""
    return any(_postgres(*args)[0] for _ in range(tries))


@pytest.mark.parametrize("trust", [False, True])
def test_postgresql_reuses_an_unchanged_source_and_checks_a_changed_one(still_server, tmp_path, trust):
    import secrets

    import psycopg

    from planrules.facts.sql_text import quote

    schema = f"planrules_test_{secrets.token_hex(6)}"
    sources.write_postgres(FACTS, still_server, RULES.vocabulary, schema=schema)
    with psycopg.connect(still_server, autocommit=True) as admin:
        try:
            tables = [t for (t,) in admin.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [schema])]
            for table in tables:  # no analyze of the tables' own moves the WAL between two runs
                admin.execute(f"ALTER TABLE {quote(schema)}.{quote(table)} SET (autovacuum_enabled = false)")
            first = _postgres(still_server, schema, tmp_path / "cache", trust)
            assert first[0] is False and first[1].units  # checked, and read
            assert _reused_within(3, still_server, schema, tmp_path / "cache", trust)
            admin.execute(f'UPDATE {quote(schema)}."hội_nghị" SET "thời_lượng" = -1 '
                          f'WHERE ctid = (SELECT MIN(ctid) FROM {quote(schema)}."hội_nghị")')
            if trust:  # the statistics: flushed once the writer is idle, then read
                admin.execute("SELECT pg_stat_force_next_flush()")
                admin.execute("SELECT 1")
                import time

                for _ in range(50):
                    if admin.execute("SELECT n_tup_upd FROM pg_stat_all_tables WHERE schemaname = %s AND "
                                     "relname = 'hội_nghị'", [schema]).fetchone()[0]:
                        break
                    time.sleep(0.1)
            assert _postgres(still_server, schema, tmp_path / "cache", trust) == (False, ["F123"])
        finally:
            admin.execute(f"DROP SCHEMA IF EXISTS {quote(schema)} CASCADE")


@pytest.mark.parametrize("trust", [False, True])
def test_postgresql_never_hands_one_role_what_another_read(still_server, tmp_path, trust):
    """The validation and the small tables kept are what the role that ran them could read. Another role of the same
    database, under the same WAL position, was handed them: a table it may not read (the values, here) and units a
    counts a row-level security policy hides from it were served from the cache, where reading the source itself
    gives F101 and no counts. The role is part of the fingerprint; a table read under row-level security has none (a policy
    may depend on the session, the time, anything but the WAL)."""
    import secrets

    import psycopg

    from planrules.facts.sql_text import quote

    schema = f"planrules_test_{secrets.token_hex(6)}"
    role = f"planrules_reader_{secrets.token_hex(4)}"
    sources.write_postgres(FACTS, still_server, RULES.vocabulary, schema=schema)
    with psycopg.connect(still_server, autocommit=True) as admin:
        try:
            s = quote(schema)
            tables = [t for (t,) in admin.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [schema])]
            for table in tables:
                admin.execute(f"ALTER TABLE {s}.{quote(table)} SET (autovacuum_enabled = false)")
            admin.execute(f"CREATE ROLE {quote(role)} LOGIN")
            admin.execute(f"GRANT USAGE ON SCHEMA {s} TO {quote(role)}")
            for table in tables:
                if table != "counts":
                    admin.execute(f"GRANT SELECT ON {s}.{quote(table)} TO {quote(role)}")
            reader = psycopg.conninfo.make_conninfo(still_server, user=role)
            owner = _postgres(still_server, schema, tmp_path / "cache", trust)
            assert owner[0] is False and owner[1].units
            assert _reused_within(3, still_server, schema, tmp_path / "cache", trust)
            assert not any(_postgres(reader, schema, tmp_path / "cache", trust)[0] for _ in range(3))
            assert _postgres(reader, schema, tmp_path / "cache", trust) == (False, ["F101"])  # may not read counts
            admin.execute(f"GRANT SELECT ON {s}.counts TO {quote(role)}")
            admin.execute(f"ALTER TABLE {s}.counts ENABLE ROW LEVEL SECURITY")
            admin.execute(f"CREATE POLICY none_of_them ON {s}.counts TO {quote(role)} USING (false)")
            owner = _postgres(still_server, schema, tmp_path / "cache", trust)
            assert not any(_postgres(still_server, schema, tmp_path / "cache", trust)[0] for _ in range(3))
            seen = _postgres(reader, schema, tmp_path / "cache", trust)
            assert seen[0] is False
            assert any(u.counts for u in owner[1].units) and not any(u.counts for u in seen[1].units)
        finally:
            admin.execute(f"DROP SCHEMA IF EXISTS {quote(schema)} CASCADE")
            admin.execute(f"DROP OWNED BY {quote(role)}")
            admin.execute(f"DROP ROLE {quote(role)}")


def test_postgresql_never_hands_one_database_what_another_of_the_server_read(still_server, tmp_path):
    """A database made from another (`CREATE DATABASE b TEMPLATE a`: a staging copy) has the same schemas, tables and
    storage numbers, and the server one WAL position: once the original's bad row was mended and it passed its
    checks, the copy, bad row and all, was handed that validation (no F123). The database is part of the
    fingerprint."""
    import secrets

    import psycopg

    from planrules.facts.sql_text import quote

    first, copy = (f"planrules_{secrets.token_hex(4)}_{n}" for n in ("a", "b"))
    with psycopg.connect(still_server, autocommit=True) as admin:
        try:
            admin.execute(f"CREATE DATABASE {quote(first)}")
        except psycopg.errors.InsufficientPrivilege:
            pytest.skip("the test server's role may not create databases")
        try:
            original = psycopg.conninfo.make_conninfo(still_server, dbname=first)
            sources.write_postgres(FACTS, original, RULES.vocabulary, schema="facts")
            with psycopg.connect(original, autocommit=True) as con:
                con.execute('UPDATE facts."hội_nghị" SET "thời_lượng" = -1 WHERE ctid = '
                            '(SELECT MIN(ctid) FROM facts."hội_nghị")')
            admin.execute(f"CREATE DATABASE {quote(copy)} TEMPLATE {quote(first)}")
            with psycopg.connect(original, autocommit=True) as con:
                con.execute('UPDATE facts."hội_nghị" SET "thời_lượng" = 1 WHERE "thời_lượng" = -1')
                for (table,) in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'facts'").fetchall():
                    con.execute(f'ALTER TABLE facts.{quote(table)} SET (autovacuum_enabled = false)')
            staging = psycopg.conninfo.make_conninfo(still_server, dbname=copy)
            with psycopg.connect(staging, autocommit=True) as con:
                for (table,) in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'facts'").fetchall():
                    con.execute(f'ALTER TABLE facts.{quote(table)} SET (autovacuum_enabled = false)')
            assert _postgres(original, "facts", tmp_path / "cache")[0] is False
            outcomes = []
            for _ in range(3):  # the original passed just before, at the WAL position the copy is read at
                _postgres(original, "facts", tmp_path / "cache")
                outcomes.append(_postgres(staging, "facts", tmp_path / "cache"))
            assert outcomes == [(False, ["F123"])] * 3
        finally:
            for name in (copy, first):
                admin.execute(f"DROP DATABASE IF EXISTS {quote(name)} WITH (FORCE)")


def test_postgresql_never_reuses_a_table_with_a_foreign_child(still_server, tmp_path):
    """A table's rows include its children's, and a child may be a foreign table (`INHERITS`, or a partition):
    its rows are a file's or another server's, which write no WAL here. With the WAL standing still, the source was
    handed its validation again after the file gained a negative duration (no F123). A database holding a foreign
    table that inherits from any has no fingerprint, as one holding an unlogged table."""
    import os
    import secrets

    import psycopg

    from planrules.facts.sql_text import quote

    schema = f"planrules_test_{secrets.token_hex(6)}"
    kids = f"{schema}_kids"
    sources.write_postgres(FACTS, still_server, RULES.vocabulary, schema=schema)
    fd, csv = tempfile.mkstemp(suffix=".csv", dir="/tmp")
    os.close(fd)
    os.chmod(csv, 0o644)  # read by the server's own user
    Path(csv).write_text("vp_hđnd_ubnd,EXTRA-1,2026-02-02,,,0.5\n", encoding="utf-8")
    server = f"planrules_files_{secrets.token_hex(4)}"
    with psycopg.connect(still_server, autocommit=True) as admin:
        try:
            try:
                admin.execute("CREATE EXTENSION IF NOT EXISTS file_fdw")
            except psycopg.Error:
                pytest.skip("the test server has no file_fdw")
            admin.execute(f"CREATE SERVER {quote(server)} FOREIGN DATA WRAPPER file_fdw")
            admin.execute(f"CREATE SCHEMA {quote(kids)}")
            admin.execute(f'CREATE FOREIGN TABLE {quote(kids)}.more () INHERITS ({quote(schema)}."hội_nghị") '
                          f"SERVER {quote(server)} OPTIONS (filename '{csv}', format 'csv')")
            for (table,) in admin.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [schema]).fetchall():
                admin.execute(f"ALTER TABLE {quote(schema)}.{quote(table)} SET (autovacuum_enabled = false)")
            first = _postgres(still_server, schema, tmp_path / "cache")
            assert first[0] is False and first[1].units
            assert not _reused_within(3, still_server, schema, tmp_path / "cache")
            Path(csv).write_text("vp_hđnd_ubnd,EXTRA-1,2026-02-02,,,-1\n", encoding="utf-8")
            assert _postgres(still_server, schema, tmp_path / "cache") == (False, ["F123"])
        finally:
            admin.execute(f"DROP SCHEMA IF EXISTS {quote(kids)} CASCADE")
            admin.execute(f"DROP SCHEMA IF EXISTS {quote(schema)} CASCADE")
            admin.execute(f"DROP SERVER IF EXISTS {quote(server)} CASCADE")
            os.unlink(csv)
