"""A record table's (unit, year) groups, read once, answer what four statements over every record answered
(`facts.record_groups`): drawn tables with drawn defects (NULL units and years, units spelled apart, long units,
reported rows of no group, of an undated unit, of a kind without a table), each answer compared with the
statement it stands for, order included where the statement ordered; and a mapping's `[reported]` zeros
matched in Python (a folder of files) equal to the join of a database file, through the whole source.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_mapping_shapes import MAPPING, PLAN, compiled, copy_to_postgres, foreign_database, parquet_copy

from planrules.facts import duckdb_engine, sources
from planrules.facts.mapping import loads_mapping
from planrules.facts.record_groups import RecordGroups
from planrules.language.vocabulary import Vocabulary

VOCABULARY = Vocabulary.standard()
UNITS = st.one_of(st.none(), st.sampled_from(["VN-1", "VN-2", "vn-1", "Xã Hòa", "Xã Hoa\u0300", " VN-1", "VN-1 ",
                                              "ĐỒNG", "a" * 30, "a" * 31]))
YEARS = st.one_of(st.none(), st.integers(2023, 2026))


class _Source:
    """What `RecordGroups.read` asks of a source: its statements run, and the kinds read by a year column."""

    def __init__(self, con, year_kinds=frozenset()):
        self.con, self.year_kinds = con, year_kinds

    def run(self, sql, params=()):
        return self.con.execute(sql, list(params)).fetchall()


def _table(con, kind: str, rows: list[tuple], dated: bool) -> None:
    """A kind's relation as a table of its name (`sql_text.relation`): unit and date (a day of the year drawn)."""
    con.execute(f'CREATE TABLE "planrules:{kind}" (unit VARCHAR, "ngày" DATE, "ngày_gửi" DATE)')
    day = (lambda y: dt.date(y, 6, 1) if y is not None else None) if dated else (lambda y: None)
    if rows:
        con.executemany(f'INSERT INTO "planrules:{kind}" VALUES (?, ?, ?)', [(u, day(y), day(y)) for u, y in rows])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(UNITS, YEARS), max_size=30), st.sampled_from(["hội_nghị", "cán_bộ"]),
       st.lists(st.tuples(UNITS, st.integers(2023, 2026)), max_size=12), st.integers(1, 31))
def test_the_groups_answer_as_the_statements_they_stand_for(rows, kind, reported, size):
    con = duckdb.connect()
    try:
        _table(con, kind, rows, kind != "cán_bộ")
        groups = RecordGroups.read(_Source(con), VOCABULARY, kind)
        rel = f'"planrules:{kind}"'
        year = "CAST(EXTRACT(YEAR FROM \"ngày\") AS INTEGER)" if kind != "cán_bộ" else "NULL"
        # SmallTables.read: the units with records; TableChecks.read_texts: their spellings, at most `size` long
        units = con.execute(f"SELECT DISTINCT unit FROM {rel} WHERE unit IS NOT NULL").fetchall()
        assert sorted(groups.units()) == sorted(u for (u,) in units) and len(set(groups.units())) == len(units)
        starts = con.execute(f"SELECT DISTINCT substr(unit, 1, $1) FROM {rel} WHERE unit IS NOT NULL", [size])
        assert sorted(groups.unit_starts(size)) == sorted(u for (u,) in starts.fetchall())
        # F134 (SmallTables._records_and_counts), in its order
        dated_only = f" WHERE {year} IS NOT NULL" if kind != "cán_bộ" else ""
        assert groups.years() == con.execute(f"SELECT DISTINCT unit, {year} FROM {rel}{dated_only} "
                                             f"ORDER BY 1, 2").fetchall()
        # the [reported] zeros (mapping_shapes._reported_zeros), in its order
        con.execute("CREATE TABLE reported (r BIGINT, unit VARCHAR, year INTEGER)")
        if reported:
            con.executemany("INSERT INTO reported VALUES (?, ?, ?)", [(i + 1, u, y) for i, (u, y) in enumerate(reported)])
        present = f"(SELECT unit, {year if kind != 'cán_bộ' else 'CAST(NULL AS INTEGER)'} AS y FROM {rel} GROUP BY ALL)"
        joined = con.execute(f"SELECT r.unit, r.year, MIN(r.r) FROM reported AS r LEFT JOIN {present} AS x "
                             f"ON x.unit = r.unit AND (x.y = r.year OR x.y IS NULL) WHERE x.unit IS NULL "
                             f"GROUP BY r.unit, r.year ORDER BY 3").fetchall()
        assert groups.unmatched(con.execute("SELECT r, unit, year FROM reported").fetchall()) == joined
    finally:
        con.close()


def _prepared(make, target, seen):
    """The zeros and the light facts of `target` (a DuckDB file or a folder) through the mapping, and whether
    the records were joined in SQL to find the zeros."""
    seen.clear()
    rules = compiled(PLAN)
    with make(target, mapping=loads_mapping(MAPPING, "foreign.mapping.toml")) as source:
        light = source.light_facts(rules.vocabulary)
        return source.validation.zeros, light.units, any(" AS r LEFT JOIN " in sql for sql in seen)


def _counts(units) -> dict[str, list[tuple]]:
    """Each unit's counts (kind, year, count), wherever they were read from."""
    return {u.name: sorted((c.kind, c.year, c.count) for c in u.counts) for u in units}


CONFERENCES = st.lists(st.tuples(st.sampled_from(["VN-00001", "VN-00002", "VN-00003"]), st.integers(1, 4),
                                 st.sampled_from([dt.date(2024, 5, 1), dt.date(2025, 3, 1)]),
                                 st.sampled_from(["quan_triet", "chuyen_mon"]), st.sampled_from(["Y", "N"])),
                       min_size=1, max_size=8, unique_by=lambda r: (r[0], r[1]))
DOCS = st.lists(st.tuples(st.sampled_from(["VN-00001", "VN-00002"]), st.sampled_from([2024, 2025]),
                          st.sampled_from([0, 1]), st.booleans()), min_size=1, max_size=6)
REPORTS = st.lists(st.tuples(st.sampled_from(["VN-00001", "VN-00002", "VN-00003"]), st.sampled_from(["conf", "docs"]),
                             st.sampled_from([2024, 2025])), max_size=8)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(CONFERENCES, DOCS, REPORTS)
def test_zeros_matched_in_python_are_the_databases_join(tmp_path_factory, monkeypatch, conferences, docs, reports):
    """The same foreign tables as a DuckDB file (its columns may carry a collation: the zeros joined in SQL) and
    as Parquet files (no collation: matched against the checks' groups): the same zeros, the same units."""
    folder = tmp_path_factory.mktemp("groups")
    db = foreign_database(folder / "f.duckdb", conferences=conferences, docs=docs, reports=reports)
    files = parquet_copy(db, folder / "files")
    seen: list[str] = []
    run = duckdb_engine.DuckDBEngine.run
    with monkeypatch.context() as patched:
        patched.setattr(duckdb_engine.DuckDBEngine, "run",
                        lambda self, sql, params=(): seen.append(sql) or run(self, sql, params))
        zeros, units, joined = _prepared(sources.DuckDBSource, db, seen)
        assert joined or not reports
        in_python, in_python_units, joined = _prepared(sources.FolderSource, files, seen)
        assert not joined
    assert in_python == zeros
    assert [(u.name, [(c.kind, c.year, c.count, c.origin.row) for c in u.counts]) for u in in_python_units] == \
        [(u.name, [(c.kind, c.year, c.count, c.origin.row) for c in u.counts]) for u in units]


def test_a_first_run_reads_each_record_table_s_units_once(tmp_path, monkeypatch):
    """The units a record table names, its (unit, year) of F134 and of the zeros: one grouping of its records
    (none of the four statements it replaces: DISTINCT units twice, DISTINCT (unit, year), the zeros' join)."""
    files = parquet_copy(foreign_database(tmp_path / "f.duckdb"), tmp_path / "files")
    seen: list[str] = []
    run = duckdb_engine.DuckDBEngine.run
    monkeypatch.setattr(duckdb_engine.DuckDBEngine, "run",
                        lambda self, sql, params=(): seen.append(sql) or run(self, sql, params))
    zeros, _, joined = _prepared(sources.FolderSource, files, seen)
    assert not joined and zeros
    grouped = [sql for sql in seen if "GROUP BY \"unit\"" in sql and sql.endswith("ORDER BY 1, 2")]
    assert len(grouped) == 2  # conferences and documents sent
    assert not [sql for sql in seen if "SELECT DISTINCT \"unit\"" in sql or "SELECT DISTINCT substr(\"unit\"" in sql]


@pytest.mark.parametrize("engine", ["DuckDBEngine", "FolderEngine"])
def test_only_the_files_planrules_reads_compare_text_as_python_does(engine):
    assert getattr(duckdb_engine, engine).plain_text is (engine == "FolderEngine")


@pytest.mark.parametrize("unit_type, in_python", [("TEXT", True), ("VARCHAR(20)", True), ("CHAR(12)", False)])
def test_postgresql_matches_reported_units_in_python_only_where_they_compare_as_python_does(
        server, tmp_path, monkeypatch, unit_type, in_python):
    """The small foreign database in PostgreSQL: text units are matched in Python, a CHAR(12) `[reported]` unit
    (padded, compared without its padding) is joined in SQL; the zeros are the DuckDB file's either way."""
    import secrets

    import psycopg

    from planrules.facts import postgres_engine

    path = foreign_database(tmp_path / "f.duckdb")
    seen: list[str] = []
    expected, units, _ = _prepared(sources.DuckDBSource, path, seen)
    schema = f"planrules_groups_{secrets.token_hex(6)}"
    with psycopg.connect(server, autocommit=True) as admin:
        try:
            copy_to_postgres(path, admin, schema, unit_type)
            run = postgres_engine.PostgresEngine.run
            monkeypatch.setattr(postgres_engine.PostgresEngine, "run",
                                lambda self, sql, params=(): seen.append(sql) or run(self, sql, params))
            zeros, got, joined = _prepared(lambda target, mapping: sources.PostgresSource(
                target, schema=schema, mapping=mapping), server, seen)
            assert joined is not in_python
            # a CHAR(12) unit is read without its padding, as PostgreSQL compares it (read padded, it named no
            # unit and the unit's zero count was lost: unknown where the database says 0)
            assert zeros == expected and _counts(got) == _counts(units)
        finally:
            admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
