"""Validate once (facts/validation_cache.py), attacked: every change a source can undergo between two runs — a
Parquet part added to or removed from a folder-table, a table file added to the folder, another mapping, another
plan's declaration of a kind, another database written at the same path, another as-of date — either has it
checked afresh or provably leaves it unchanged: the verdicts (or the refusal) always equal a run with no cache."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from pathlib import Path

import duckdb
import pytest
from test_mapping_shapes import MAPPING, PLAN, foreign_database
from test_validation_cache import FACTS, RULES, evaluated

import planrules
from planrules.base.diagnostics import FactsError
from planrules.facts import sources
from planrules.facts.mapping import loads_mapping
from planrules.pipeline import Pipeline
from planrules.tooling.cache import Cache


def run(rules, target, cache_folder: Path | None, as_of=dt.date(2025, 12, 31), **options):
    """(the report or the codes that refused it, whether the validation was reused)."""
    with contextlib.ExitStack() as stack:
        cache = stack.enter_context(Cache(cache_folder)) if cache_folder is not None else None
        pipeline = Pipeline(cache=cache)
        try:
            fitted = pipeline.fit(rules, target, **options)
        except FactsError as error:
            return sorted(d.code for d in error.diagnostics), False
        reused = fitted.source.validation.reused
        try:
            return pipeline.evaluate(fitted, as_of).report, reused
        except FactsError as error:
            return sorted(d.code for d in error.diagnostics), reused


def same_as_uncached(rules, target, cache_folder: Path, **options):
    """The cached run's result, asserted equal to an uncached one's; and whether it reused a validation."""
    got, reused = run(rules, target, cache_folder, **options)
    assert got == run(rules, target, None, **options)[0]
    return got, reused


def _folder_table(tmp_path: Path) -> Path:
    """The Vũ Dương facts as Parquet, the conferences a folder-table of one part (as Spark writes a table)."""
    folder = tmp_path / "facts"
    sources.write_parquet(FACTS, folder, RULES.vocabulary)
    (folder / "hội_nghị").mkdir()
    os.replace(folder / "hội_nghị.parquet", folder / "hội_nghị" / "part-0.parquet")
    return folder


def _negative_part(folder: Path) -> None:
    """A second part holding one conference of a negative number of days (F123)."""
    part = folder / "hội_nghị" / "part-0.parquet"
    duckdb.sql(f"COPY (SELECT * REPLACE (-1 AS \"thời_lượng\") FROM read_parquet('{part}') LIMIT 1) "
               f"TO '{folder / 'hội_nghị' / 'part-1.parquet'}' (FORMAT PARQUET)")


def test_a_part_added_to_a_folder_table_is_checked_again_and_its_removal_too(tmp_path):
    folder, cache = _folder_table(tmp_path), tmp_path / "cache"
    first, _ = same_as_uncached(RULES, folder, cache)
    assert run(RULES, folder, cache)[1] is True
    _negative_part(folder)
    got, reused = same_as_uncached(RULES, folder, cache)
    assert set(got) == {"F123", "F140"} and not reused  # the copied conference's days, and its id given twice
    (folder / "hội_nghị" / "part-1.parquet").unlink()
    again, _ = same_as_uncached(RULES, folder, cache)
    assert again == first and run(RULES, folder, cache)[1] is True


def test_a_table_file_added_to_the_folder_is_checked_again(tmp_path):
    folder, cache = tmp_path / "facts", tmp_path / "cache"
    sources.write_parquet(FACTS, folder, RULES.vocabulary)
    shutil.move(folder / "hội_nghị.parquet", tmp_path / "aside.parquet")
    same_as_uncached(RULES, folder, cache)
    assert run(RULES, folder, cache)[1] is True
    duckdb.sql(f"COPY (SELECT * REPLACE (-1 AS \"thời_lượng\") FROM read_parquet('{tmp_path / 'aside.parquet'}')) "
               f"TO '{folder / 'hội_nghị.parquet'}' (FORMAT PARQUET)")
    got, reused = same_as_uncached(RULES, folder, cache)
    assert set(got) == {"F123"} and not reused


def test_another_database_written_at_the_same_path_is_checked_again(tmp_path):
    db, cache = tmp_path / "f.duckdb", tmp_path / "cache"
    sources.write_duckdb(FACTS, db, RULES.vocabulary)
    same_as_uncached(RULES, db, cache)
    assert run(RULES, db, cache)[1] is True
    db.unlink()
    sources.write_duckdb(FACTS, db, RULES.vocabulary)
    con = duckdb.connect(str(db))
    con.execute('UPDATE "hội_nghị" SET "thời_lượng" = -1 WHERE rowid = 0')
    con.close()
    got, reused = same_as_uncached(RULES, db, cache)
    assert got == ["F123"] and not reused


def test_another_as_of_date_reuses_the_validation_and_judges_as_without_it(tmp_path):
    db, cache = tmp_path / "f.duckdb", tmp_path / "cache"
    sources.write_duckdb(FACTS, db, RULES.vocabulary)
    run(RULES, db, cache, as_of=dt.date(2026, 12, 31))
    for as_of in (dt.date(2025, 6, 30), dt.date(2026, 3, 1), dt.date(2027, 1, 1)):
        got, reused = run(RULES, db, cache, as_of=as_of)
        assert reused is True and got == run(RULES, db, None, as_of=as_of)[0]


def _foreign(rules, path: Path, mapping_text: str, cache: Path | None):
    return run(rules, path, cache, mapping=loads_mapping(mapping_text, "foreign.mapping.toml"))


def test_another_mapping_of_the_same_database_is_checked_again(tmp_path):
    rules = planrules.compile(planrules.parse(PLAN, source="7.plan"), calendar=planrules.Calendar.plain())
    path, cache = foreign_database(tmp_path / "f.duckdb"), tmp_path / "cache"
    first = _foreign(rules, path, MAPPING, cache)
    assert _foreign(rules, path, MAPPING, cache) == (first[0], True)
    narrower = MAPPING.replace('chuyen_mon = "chuyên_môn"\n', "")  # a code the database holds, no longer listed
    got = _foreign(rules, path, narrower, cache)
    assert got == (["F230"], False) and got[0] == _foreign(rules, path, narrower, None)[0]
    swapped = MAPPING.replace('yes = ["Y"]\nno = ["N"]', 'yes = ["N"]\nno = ["Y"]')  # the same values, read otherwise
    got = _foreign(rules, path, swapped, cache)
    assert got[0] != first[0] and got[0] == _foreign(rules, path, swapped, None)[0]


EXTENDED = '''bổ sung bản ghi hội_nghị {{
    cấp "Cấp tổ chức": một trong {categories}
}}
'''


@pytest.mark.parametrize("categories", ["tỉnh, xã", "tỉnh"])
def test_another_plan_declaring_a_kind_otherwise_is_checked_again(tmp_path, categories):
    """The same database judged under two plans: one extends conferences with a category the rows hold, the other
    lists fewer categories (F113 at the row holding the other). Whichever runs first, the second is not judged
    on the first's validation."""
    path, cache = foreign_database(tmp_path / "f.duckdb"), tmp_path / "cache"
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE conferences ADD COLUMN level VARCHAR")
    con.execute("UPDATE conferences SET level = CASE WHEN seq = 1 THEN 'tỉnh' ELSE 'xã' END")
    con.close()
    mapping = MAPPING.replace('"trực_tuyến" = "online" }', '"trực_tuyến" = "online", "cấp" = "level" }')
    plans = {c: planrules.compile(planrules.parse(EXTENDED.format(categories=c) + PLAN, source="7.plan"),
                                  calendar=planrules.Calendar.plain()) for c in ("tỉnh, xã", "tỉnh")}
    other = "tỉnh" if categories == "tỉnh, xã" else "tỉnh, xã"
    _foreign(plans[categories], path, mapping, cache)
    got = _foreign(plans[other], path, mapping, cache)
    assert got[0] == _foreign(plans[other], path, mapping, None)[0]
    assert (got[0] == ["F113"]) == (other == "tỉnh") and not got[1]


def test_a_database_file_whose_table_computes_a_column_is_checked_every_time(tmp_path):
    """A generated column (`GENERATED ALWAYS AS (now() …)`, `random()`) is computed as it is read, as a view's rows
    are: the file's state cannot show that what it gives changed, so its validation is never reused."""
    db, cache = tmp_path / "f.duckdb", tmp_path / "cache"
    sources.write_duckdb(FACTS, db, RULES.vocabulary)
    con = duckdb.connect(str(db))
    columns = con.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = "
                          "'hội_nghị' ORDER BY ordinal_position").fetchall()
    con.execute('ALTER TABLE "hội_nghị" RENAME TO "old"')
    con.execute('CREATE TABLE "hội_nghị" (' + ", ".join(
        f'"{c}" {t}' + (f" GENERATED ALWAYS AS (CAST(1 + 0 * epoch(now()) AS {t}))" if c == "thời_lượng" else "")
        for c, t in columns) + ")")
    kept = ", ".join(f'"{c}"' for c, _ in columns if c != "thời_lượng")
    con.execute(f'INSERT INTO "hội_nghị" ({kept}) SELECT {kept} FROM "old"')
    con.execute('DROP TABLE "old"')
    con.close()
    first, reused = same_as_uncached(RULES, db, cache)
    assert not reused and not isinstance(first, list)
    assert run(RULES, db, cache) == (first, False)


def test_postgresql_trusting_statistics_never_reuses_a_table_with_inheriting_children(server, tmp_path):
    """A table read has children (`INHERITS`): its rows include theirs, which its own statistics do not count, so a
    row written to a child leaves them as they were however long one waits; with --trust-unchanged-source it is
    checked every time (and without, the WAL position covers the children as any table)."""
    import secrets
    import time

    import psycopg
    from test_validation_cache import _postgres

    from planrules.facts.sql_text import quote

    schema = f"planrules_test_{secrets.token_hex(6)}"
    sources.write_postgres(FACTS, server, RULES.vocabulary, schema=schema)
    conferences, child = f'{quote(schema)}."hội_nghị"', f'{quote(schema + "_child")}."child"'
    with psycopg.connect(server, autocommit=True) as admin:
        try:
            admin.execute(f"CREATE SCHEMA {quote(schema + '_child')}")  # the source's own schema holds its tables only
            admin.execute(f'CREATE TABLE {child} () INHERITS ({conferences})')
            first = _postgres(server, schema, tmp_path / "cache", True)
            assert first[0] is False and first[1].units
            assert not any(_postgres(server, schema, tmp_path / "cache", True)[0] for _ in range(3))
            admin.execute(f'INSERT INTO {child} SELECT * FROM {conferences} LIMIT 1')
            admin.execute(f'UPDATE {child} SET "thời_lượng" = -1, "id" = "id" || \'-copy\'')
            admin.execute("SELECT pg_stat_force_next_flush()")
            time.sleep(0.5)
            assert _postgres(server, schema, tmp_path / "cache", True) == (False, ["F123"])
        finally:
            admin.execute(f"DROP SCHEMA IF EXISTS {quote(schema + '_child')} CASCADE")
            admin.execute(f"DROP SCHEMA IF EXISTS {quote(schema)} CASCADE")


def test_a_reported_kind_one_plan_declares_and_the_next_does_not_is_f230_for_the_next(tmp_path):
    """The `[reported]` zeros are remembered with a validation: a plan declaring a kind the reports table names (no
    table of its own) and then one that does not declare it judge the same database; the second is F230, as
    without the cache, not the first plan's zero."""
    path = foreign_database(tmp_path / "f.duckdb", reports=[("VN-00003", "hội_nghị", 2025),
                                                            ("VN-00003", "khảo_sát", 2025)])
    mapping = MAPPING.split("[reported.values.kind]")[0]
    declares = planrules.compile(planrules.parse('bản ghi khảo_sát "Khảo sát" {\n    ngày "Ngày": ngày tháng\n}\n'
                                                 + PLAN, source="7.plan"), calendar=planrules.Calendar.plain())
    plain = planrules.compile(planrules.parse(PLAN, source="7.plan"), calendar=planrules.Calendar.plain())
    cache = tmp_path / "cache"
    first = _foreign(declares, path, mapping, cache)
    assert not isinstance(first[0], list) and _foreign(declares, path, mapping, cache)[1] is True
    got = _foreign(plain, path, mapping, cache)
    assert got[0] == ["F230"] == _foreign(plain, path, mapping, None)[0]
