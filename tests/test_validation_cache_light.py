"""Validate once, the small tables too (facts/validation_cache.py, `Validation.light`): a repeat of an unchanged
table source reads none of its small tables and has exactly the facts (origins included) and the units' keys a
fresh read gives; any change the reading depends on (a units or counts table, the mapping, the vocabulary) has
them read afresh; a damaged entry is ignored; a reading that found a problem leaves nothing to reuse."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import secrets
import sqlite3
from pathlib import Path

import attrs
import duckdb
import pytest
from test_facts_codec import exactly
from test_mapping_shapes import MAPPING, PLAN, compiled, foreign_database
from test_validation_cache import FACTS, RULES, _entries, evaluated

from planrules.base.diagnostics import FactsError
from planrules.facts import duckdb_engine, engines, postgres_engine, sources
from planrules.facts.mapping import loads_mapping
from planrules.language.vocabulary import Vocabulary
from planrules.pipeline import Pipeline
from planrules.tooling.cache import FILE, Cache

# the tables only reading the small tables reads: the layout's, the benchmark's foreign ones (`bench/foreign.py`)
SMALL = ("counts", "units", "deliveries", "events", "communes", "provinces", "reports", "annual_counts")


def small_tables(seen: list[str]) -> list[str]:
    """The statements of `seen` that read a small table: in a database, or a folder (`"planrules.src:counts"`).
    Not the DuckDB engine's question of which text columns compare by a collation, which reads no row (`WHERE
    FALSE`) when it opens a file."""
    return [sql for sql in seen if any(f'"{t}"' in sql or f':{t}"' in sql for t in SMALL)
            and " WHERE FALSE UNION ALL " not in sql]


@pytest.fixture
def statements(monkeypatch) -> list[str]:
    """Every statement the DuckDB and PostgreSQL engines run from now on."""
    seen: list[str] = []
    for engine in (duckdb_engine.DuckDBEngine, postgres_engine.PostgresEngine):
        monkeypatch.setattr(engine, "run", lambda self, sql, params=(), run=engine.run: seen.append(sql) or
                            run(self, sql, params))
    return seen


@attrs.frozen
class Read:
    """One opening of a source: whether the validation and the small tables' reading came from the cache, the
    light facts (or the diagnostics refusing them, as (code, text, hints)), the units' keys, the small tables
    read."""

    reused: bool
    light_reused: bool
    light: object
    unit_keys: dict | None
    small_read: list[str]
    key: str | None = None


def read(target, cache_folder: Path | None, seen: list[str] | None = None, vocabulary: Vocabulary | None = None,
         **options) -> Read:
    vocabulary = vocabulary or RULES.vocabulary
    if seen is not None:
        seen.clear()
    with contextlib.ExitStack() as stack:
        cache = stack.enter_context(Cache(cache_folder)) if cache_folder is not None else None
        source = stack.enter_context(Pipeline(cache=cache).load_facts(target, vocabulary=vocabulary, **options))
        try:
            light = source.light_facts(vocabulary)
        except FactsError as error:
            light = [(d.code, d.message.text("en"), tuple(h.text("en") for h in d.hints)) for d in error.diagnostics]
        validation = source.validation
        small = small_tables(seen or [])
        key = validation.light_key() if validation.key is not None else None
        return Read(validation.reused, validation.light_reused, light, source.unit_keys, small, key)


def same(one: Read, other: Read) -> bool:
    """The same facts, origins included, and the same keys (or the same problems)."""
    if isinstance(one.light, list) or isinstance(other.light, list):
        return one.light == other.light
    return exactly(one.light) == exactly(other.light) and one.unit_keys == other.unit_keys


def test_a_repeat_reads_no_small_table_and_has_what_a_fresh_read_has(tmp_path, statements):
    db = tmp_path / "f.duckdb"
    sources.write_duckdb(FACTS, db, RULES.vocabulary)
    fresh = read(db, None, statements)
    first = read(db, tmp_path / "cache", statements)
    again = read(db, tmp_path / "cache", statements)
    assert fresh.small_read and first.small_read and not first.light_reused
    assert again.reused and again.light_reused and again.small_read == []
    assert same(again, fresh) and same(first, fresh)
    assert any(u.origin is not None for u in again.light.units)  # the places a fact came from, kept
    assert evaluated(db, tmp_path / "cache") == evaluated(db, None)


def test_a_folder_of_parquet_files_too(tmp_path, statements):
    folder = tmp_path / "facts"
    sources.write_parquet(FACTS, folder, RULES.vocabulary)
    fresh = read(folder, None, statements)
    read(folder, tmp_path / "cache", statements)
    again = read(folder, tmp_path / "cache", statements)
    assert again.light_reused and again.small_read == [] and fresh.small_read
    assert same(again, fresh)
    assert evaluated(folder, tmp_path / "cache") == evaluated(folder, None)


def test_the_foreign_shape_of_the_national_benchmark(tmp_path, statements):
    """Through bench/foreign.mapping.toml: units keyed by the database's codes, under provinces of their own
    table, `[reported]` zeros, annual counts; rolled up by province."""
    from test_bench_national import foreign, national

    foreign.write_foreign(tmp_path / "year", communes=12, provinces=2, seed=3, scale=0.02, twin=False)
    plan, where, mapping = tmp_path / "year" / "national.plan", tmp_path / "year" / "foreign", national.MAPPING
    pipeline = Pipeline()
    rules = pipeline.rules(str(plan))
    options = dict(vocabulary=rules.vocabulary, mapping=str(mapping), evidence="problems")
    fresh = read(where, None, statements, **options)
    first = read(where, tmp_path / "cache", statements, **options)
    again = read(where, tmp_path / "cache", statements, **options)
    assert again.light_reused and again.small_read == [] and fresh.small_read and not first.light_reused
    assert fresh.unit_keys and same(again, fresh)
    assert any(c.count == 0 and c.origin.table == "reported" for u in again.light.units for c in u.counts)

    def evaluation(cache_folder):
        with contextlib.ExitStack() as stack:
            cache = stack.enter_context(Cache(cache_folder)) if cache_folder is not None else None
            pipeline = Pipeline(cache=cache)
            fitted = pipeline.fit(rules, str(where), mapping=str(mapping), evidence="problems")
            done = pipeline.evaluate(fitted, dt.date(2026, 12, 31), group_by="tỉnh")
            return done.report, done.rollups, fitted.source.validation.light_reused

    report, rollups, reused = evaluation(tmp_path / "cache")
    assert reused and (report, rollups) == evaluation(None)[:2]


def test_postgresql_too(still_server, tmp_path, statements):
    import psycopg

    from planrules.facts.sql_text import quote

    schema = f"planrules_test_{secrets.token_hex(6)}"
    sources.write_postgres(FACTS, still_server, RULES.vocabulary, schema=schema)
    with psycopg.connect(still_server, autocommit=True) as admin:
        try:
            for (table,) in admin.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [schema]):
                admin.execute(f"ALTER TABLE {quote(schema)}.{quote(table)} SET (autovacuum_enabled = false)")

            def opened(cache_folder):
                with contextlib.ExitStack() as stack:
                    cache = stack.enter_context(Cache(cache_folder)) if cache_folder is not None else None
                    source = stack.enter_context(sources.PostgresSource(still_server, schema=schema))
                    source.cache = cache
                    statements.clear()
                    light = source.light_facts(RULES.vocabulary)
                    return Read(source.validation.reused, source.validation.light_reused, light, source.unit_keys,
                                small_tables(statements))

            fresh = opened(None)
            runs = [opened(tmp_path / "cache") for _ in range(4)]  # a WAL the server writes meanwhile: read again
            again = next(r for r in runs if r.light_reused)
            assert again.small_read == [] and fresh.small_read and same(again, fresh)
            assert all(same(r, fresh) for r in runs)
        finally:
            admin.execute(f"DROP SCHEMA IF EXISTS {quote(schema)} CASCADE")


# ------------------------------------------------- what the reading depends on --

def _rewrite(folder: Path, table: str, change) -> None:
    """`folder`'s `table`.parquet with `change` (a function of its rows, as dicts) applied."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = folder / f"{table}.parquet"
    old = pq.read_table(path)
    pq.write_table(pa.Table.from_pylist(change(old.to_pylist()), schema=old.schema), path)


@pytest.mark.parametrize("table, change", [
    ("units", lambda rows: [{**r, "member_of": "một_nhóm_khác"} if i == 0 else r for i, r in enumerate(rows)]),
    ("counts", lambda rows: [{**r, "count": r["count"] + 1} if i == 0 else r for i, r in enumerate(rows)]),
])
def test_a_changed_units_or_counts_table_is_read_afresh(tmp_path, statements, table, change):
    folder = tmp_path / "facts"
    sources.write_parquet(FACTS, folder, RULES.vocabulary)
    read(folder, tmp_path / "cache")
    before = read(folder, tmp_path / "cache")
    assert before.light_reused
    _rewrite(folder, table, change)
    after = read(folder, tmp_path / "cache", statements)
    assert not after.light_reused and after.small_read and after.key != before.key
    assert same(after, read(folder, None)) and not same(after, before)
    assert read(folder, tmp_path / "cache").light_reused  # and kept, as it now is


def test_another_mapping_is_read_afresh(tmp_path):
    """The units table's level, said by the mapping alone: no row changes."""
    db = foreign_database(tmp_path / "f.duckdb")
    rules = compiled(PLAN)

    def opened(text, cache_folder):
        return read(db, cache_folder, vocabulary=rules.vocabulary, mapping=loads_mapping(text, "m.toml"))

    opened(MAPPING, tmp_path / "cache")
    before = opened(MAPPING, tmp_path / "cache")
    assert before.light_reused and {u.level for u in before.light.units} == {"xã"}
    other = MAPPING.replace('level = "xã"', 'level = "phường"')
    after = opened(other, tmp_path / "cache")
    assert not after.light_reused and after.key != before.key and {u.level for u in after.light.units} == {"phường"}
    assert same(after, opened(other, None))


def _moved(vocabulary: Vocabulary, field: str, source: str, target: str) -> Vocabulary:
    """`vocabulary` with `field` of record kind `source` declared by kind `target` instead."""
    kinds = dict(vocabulary.kinds)
    moving = next(fd for fd in kinds[source].fields if fd.name == field)
    kinds[source] = attrs.evolve(kinds[source], fields=tuple(fd for fd in kinds[source].fields if fd.name != field))
    kinds[target] = attrs.evolve(kinds[target], fields=(*kinds[target].fields, moving))
    return Vocabulary(kinds, vocabulary.metrics)


def test_another_vocabulary_is_read_afresh(tmp_path):
    """A count's condition names a field another declaration gives to another kind: the tables found, their
    columns and the declarations of the kinds with records are all as they were (the validation stands), but
    the count is no longer one the vocabulary can read."""
    db = tmp_path / "f.duckdb"
    sources.write_duckdb(FACTS, db, RULES.vocabulary)
    tables = set(duckdb.connect(str(db), read_only=True).execute(
        "SELECT table_name FROM information_schema.tables").fetchall())
    assert ("văn_bản_ban_hành",) not in tables and ("văn_bản_gửi",) not in tables  # counts only: no records table
    read(db, tmp_path / "cache")
    before = read(db, tmp_path / "cache")
    assert before.light_reused
    other = _moved(RULES.vocabulary, "hành_chính", "văn_bản_ban_hành", "văn_bản_gửi")
    after = read(db, tmp_path / "cache", vocabulary=other)
    assert after.reused and not after.light_reused and after.key != before.key
    assert isinstance(after.light, list)  # refused, as it must be
    assert same(after, read(db, None, vocabulary=other))


# ----------------------------------------------------- damaged, refused, unproved --

@pytest.mark.parametrize("damage", ["bytes", "not json", "keys not texts", "facts not facts", "a float",
                                    "no facts", "no digests", "a racy file's bytes changed"])
def test_a_damaged_entry_is_ignored_and_the_tables_read(tmp_path, statements, damage):
    db = tmp_path / "f.duckdb"
    sources.write_duckdb(FACTS, db, RULES.vocabulary)
    fresh = read(db, tmp_path / "cache")
    key, = _entries(tmp_path / "cache", "unit_keys")
    with Cache(tmp_path / "cache") as cache:
        good = cache.get_text(key)
    said, _, facts = good.partition("\n")
    if damage == "bytes":
        with sqlite3.connect(tmp_path / "cache" / FILE) as con:
            con.execute("UPDATE entries SET payload = X'00ff00' WHERE key = ?", (key,))
    else:
        text = {"not json": "{\n{", "keys not texts": '{"unit_keys": {"a": 1}, "contents": {}}\n' + facts,
                "facts not facts": said + '\n{"format": 1}', "a float": said + "\n" + facts.replace(",2025,", ",2025.0,"),
                "no facts": said, "no digests": '{"unit_keys": null}\n' + facts,
                "a racy file's bytes changed": json.dumps({"unit_keys": None, "contents": {str(db): "0" * 64}}) +
                "\n" + facts}[damage]
        with Cache(tmp_path / "cache") as cache:
            cache.put_text(key, text)
    again = read(db, tmp_path / "cache", statements)
    assert again.reused and not again.light_reused and again.small_read and same(again, fresh)
    assert read(db, tmp_path / "cache").light_reused  # written again


def test_a_problem_found_in_a_small_table_is_said_again_and_nothing_is_kept(tmp_path):
    db = tmp_path / "f.duckdb"
    sources.write_duckdb(FACTS, db, RULES.vocabulary)
    con = duckdb.connect(str(db))
    con.execute('INSERT INTO "counts" SELECT * FROM "counts" LIMIT 1')  # one count given twice: F142
    con.close()
    first, again = read(db, tmp_path / "cache"), read(db, tmp_path / "cache")
    assert isinstance(first.light, list) and [code for code, *_ in first.light] == ["F142"]
    assert again.light == first.light == read(db, None).light and not again.light_reused
    assert _entries(tmp_path / "cache", "unit_keys") == []


def test_a_view_is_read_every_time(tmp_path, statements):
    """A view may compute its rows: no state of the file proves them unchanged."""
    db = tmp_path / "f.duckdb"
    sources.write_duckdb(FACTS, db, RULES.vocabulary)
    con = duckdb.connect(str(db))
    con.execute('CREATE SCHEMA raw; CREATE TABLE raw.counts AS SELECT * FROM "counts"; DROP TABLE "counts"; '
                'CREATE VIEW "counts" AS SELECT * FROM raw.counts')
    con.close()
    for _ in range(2):
        got = read(db, tmp_path / "cache", statements)
        assert not got.light_reused and got.small_read


def test_without_the_validation_the_small_tables_are_read_with_the_checks(tmp_path, statements):
    """What the checks leave (the units each record table names, the records-and-counts check) comes from reading
    the small tables when the validation runs: a kept reading is not taken then, though it is there."""
    db = tmp_path / "f.duckdb"
    sources.write_duckdb(FACTS, db, RULES.vocabulary)
    read(db, tmp_path / "cache")
    key, = _entries(tmp_path / "cache")
    with Cache(tmp_path / "cache") as cache:
        cache.put_text(key, "{")
    again = read(db, tmp_path / "cache", statements)
    assert not again.reused and not again.light_reused and again.small_read and same(again, read(db, None))
    assert evaluated(db, tmp_path / "cache") == evaluated(db, None)


def test_a_file_racy_when_read_and_settled_since_is_proved_by_its_digest(tmp_path, monkeypatch):
    """Written just before the first run read it (its digest kept), older than `engines.RACY_NS` at the next:
    its times now prove it, and its bytes are still those the kept reading was made from."""
    db = tmp_path / "f.duckdb"
    sources.write_duckdb(FACTS, db, RULES.vocabulary)
    monkeypatch.setattr(engines, "RACY_NS", 10**15)
    read(db, tmp_path / "cache")
    key, = _entries(tmp_path / "cache", "unit_keys")
    with Cache(tmp_path / "cache") as cache:
        assert str(db) in json.loads(cache.get_text(key).partition("\n")[0])["contents"]
    monkeypatch.setattr(engines, "RACY_NS", 0)
    again = read(db, tmp_path / "cache")
    assert again.reused and again.light_reused and same(again, read(db, None))
