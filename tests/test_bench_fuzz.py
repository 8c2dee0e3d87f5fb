"""bench/fuzz.py: the long campaign's driver counts every input and catches every escape.

The campaign is only as good as its bookkeeping: these tests run a few inputs of every entry
point through `run_chunk` and check that each input is counted once, that a replayed input is
the same input (seeded by its number), and that an exception other than PlanError/FactsError
is reported and saved rather than swallowed.
"""

import importlib.util
import random
import sys

from conftest import ROOT

spec = importlib.util.spec_from_file_location("bench_fuzz", ROOT / "bench" / "fuzz.py")
fuzz = importlib.util.module_from_spec(spec)
sys.modules["bench_fuzz"] = fuzz
spec.loader.exec_module(fuzz)


def test_every_entry_point_runs_and_every_input_is_counted(tmp_path):
    cheap = [name for name in fuzz.ENTRIES if name not in ("duckdb", "parquet", "postgres")]
    part = fuzz.run_chunk((0, 60, 3, str(tmp_path / "out"), 1, 60.0, cheap))
    assert sum(part["counts"].values()) == 60
    assert set(part["counts"]) <= set(cheap) and len(part["counts"]) >= 4


def test_the_same_number_draws_the_same_input(tmp_path):
    world = fuzz.World(tmp_path)
    first = fuzz.plan_text(world, random.Random(7))
    again = fuzz.plan_text(world, random.Random(7))
    assert first == again and first != fuzz.plan_text(world, random.Random(8))


def test_an_escape_is_a_saved_finding(tmp_path, monkeypatch):
    def broken(world, rng):
        raise TypeError("an escape")

    monkeypatch.setitem(fuzz.ENTRIES, "mapping", (broken, 1))
    part = fuzz.run_chunk((0, 5, 1, str(tmp_path / "out"), 2, 60.0, ["mapping"]))
    assert part["findings"]["mapping"] == 5
    (kind,) = part["kinds"]
    assert kind.startswith("mapping: TypeError at test_bench_fuzz.py:")
    saved = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert len(saved) == 4 and all(name.startswith("mapping-") for name in saved)  # --keep 2: two inputs, two traces


def test_a_table_source_input_is_built_and_judged(tmp_path):
    """One DuckDB input: the sample facts written, one cell made hostile, opened and evaluated."""
    world = fuzz.World(tmp_path)
    what = fuzz.duckdb_entry(world, random.Random(11))
    assert what.startswith("duckdb: ")


def test_a_postgresql_input_is_built_judged_and_its_schema_dropped(tmp_path, server, monkeypatch):
    """One PostgreSQL input: the sample facts in a fresh schema, one cell hostile, judged; nothing left."""
    import psycopg

    monkeypatch.setenv("PLANRULES_TEST_POSTGRES", server)
    world = fuzz.World(tmp_path)
    what = fuzz.postgres_entry(world, random.Random(5))
    assert what.startswith("postgres: ")
    with psycopg.connect(server) as con:
        left = con.execute("select nspname from pg_namespace where nspname like 'planrules_fuzz_%'").fetchall()
    assert left == []
