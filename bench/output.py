"""Verdicts where the data is (issue 19, point 3): writing a national run's verdicts and roll-ups as tables,
and its JSON report streamed, with and without explanations.

    python3 bench/output.py [--communes 1000] [--runs 3] [--keep DIR] [--postgres URL]

bench/generate.py --tables parquet --register writes --communes communes' year of facts (about 10,470
records each) and the plan judging them (kept in --keep DIR, reused when there). The plan is evaluated
once on the Parquet folder, `evidence="problems"`, rolled up to the provinces and to the nation
(`--group-by tỉnh --group-by quốc_gia`), as `planrules eval` does; then, each the median of --runs:

- the tables `verdicts` and `rollup` built (Arrow) and written: to Parquet (a folder), to a DuckDB file,
  and with --postgres (default: $PLANRULES_TEST_POSTGRES, if set) to a PostgreSQL schema, dropped after;
  the same with the explanations (`--explain`);
- the JSON report written to a file, streamed (`reports.data.json_chunks`, what `planrules eval --format
  json` does), with explanations (the default) and without (`--no-explain`): bytes and seconds, and the
  peak of memory Python allocated while writing (tracemalloc, one more run each) beside the document
  built whole (`json.dumps(report_to_dict(…))`, what the command did before).

Before timing, the Parquet tables are read back and compared with the report (every verdict's exact value
and status, every aggregate's): a difference exits with status 1.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from planrules.facts import sources  # noqa: E402
from planrules.pipeline import Pipeline  # noqa: E402
from planrules.reports import data as R  # noqa: E402
from planrules.reports import tables as T  # noqa: E402


def dataset(folder: Path, communes: int) -> Path:
    if not (folder / "national.plan").exists():
        subprocess.run([sys.executable, str(ROOT / "bench/generate.py"), str(folder), "--tables", "parquet",
                        "--communes", str(communes), "--provinces", str(min(34, communes)), "--register"], check=True)
    return folder


def evaluate(folder: Path):
    pipeline = Pipeline()
    rules = pipeline.rules(folder / "national.plan")
    fitted = pipeline.fit(rules, folder / "national", evidence="problems")
    return pipeline.evaluate(fitted, __import__("datetime").date(2026, 12, 31), group_by=("tỉnh", "quốc_gia"))


def verify(evaluation, folder: Path) -> list[str]:
    """The Parquet tables read back say each verdict's and aggregate's exact value and status."""
    import pyarrow.parquet as pq

    problems = []
    rows = pq.read_table(folder / "verdicts.parquet").to_pylist()
    if len(rows) != len(evaluation.report.verdicts):
        problems.append(f"{len(rows)} rows for {len(evaluation.report.verdicts)} verdicts")
    for row, v in zip(rows, evaluation.report.verdicts):
        value = None if row["value_numerator"] is None else Fraction(row["value_numerator"], row["value_denominator"])
        if (row["unit"], row["rule"], row["period"], row["status"], value) != (v.unit, v.rule, v.period,
                                                                                v.status.value, v.value):
            problems.append(f"{v.unit} {v.rule} {v.period}: the table says {row}")
    aggregates = [(r.by, a) for r in evaluation.rollups for a in r.aggregates]
    rows = pq.read_table(folder / "rollup.parquet").to_pylist()
    for row, (by, a) in zip(rows, aggregates):
        value = None if row["value_numerator"] is None else Fraction(row["value_numerator"], row["value_denominator"])
        if (row["level"], row["group"], row["rule"], row["status"], value) != (by, a.group, a.rule, a.status.value,
                                                                                a.value):
            problems.append(f"roll-up {by} {a.group} {a.rule}: the table says {row}")
    if len(rows) != len(aggregates):
        problems.append(f"{len(rows)} roll-up rows for {len(aggregates)} aggregates")
    return problems[:20]


def timed(runs: int, action) -> tuple[float, float]:
    """The median wall-clock and CPU seconds (this process, every thread) of `action`: on a shared machine the
    wall clock also counts the time others had the cores."""
    wall, cpu = [], []
    for _ in range(runs):
        start, used = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - used)
    return statistics.median(wall), statistics.median(cpu)


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--communes", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the generated data here")
    parser.add_argument("--postgres", default=os.environ.get("PLANRULES_TEST_POSTGRES"))
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="planrules-output-"))
    try:
        folder = dataset(args.keep or scratch / "data", args.communes)
        start = time.perf_counter()
        evaluation = evaluate(folder)
        print(f"{args.communes} communes: {len(evaluation.report.verdicts):,} verdicts, "
              f"{sum(len(r.aggregates) for r in evaluation.rollups):,} roll-up rows "
              f"(evaluated in {time.perf_counter() - start:.1f} s, not counted below)")
        out = scratch / "out"
        T.write_tables(T.tables_of(evaluation.report, evaluation.rollups), out)
        problems = verify(evaluation, out)
        if problems:
            print("the tables differ from the report:", *problems, sep="\n  ")
            return 1
        print("tables read back equal the report's exact values and statuses")
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"median of {args.runs} runs                   | seconds | CPU s | bytes")
        print("------------------------------------- | ------: | ----: | ----:")
        targets = [("Parquet folder", out), ("DuckDB file", scratch / "out.duckdb")]
        if args.postgres:
            targets.append(("PostgreSQL", args.postgres))
        for explain in (False, True):
            for name, target in targets:
                schema = "planrules_bench_output"

                def write(target=target, explain=explain, schema=schema):
                    tables = T.tables_of(evaluation.report, evaluation.rollups, explain=explain)
                    T.write_tables(tables, target, schema=schema)

                seconds, cpu = timed(args.runs, write)
                size = "" if name == "PostgreSQL" else f"{_size(Path(target)):,}"
                label = f"tables to {name}" + (", --explain" if explain else "")
                print(f"{label:<37} | {seconds:7.3f} | {cpu:5.3f} | {size}")
                if name == "PostgreSQL":
                    import psycopg

                    with psycopg.connect(target, autocommit=True) as con:
                        con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        for explain in (True, False):
            path = scratch / "report.json"

            def stream(explain=explain, path=path):
                with open(path, "w", encoding="utf-8") as handle:
                    for chunk in R.json_chunks(evaluation.report, evaluation.rollups, explain=explain):
                        handle.write(chunk)

            seconds, cpu = timed(args.runs, stream)
            label = "JSON report, streamed" + ("" if explain else ", --no-explain")
            print(f"{label:<37} | {seconds:7.3f} | {cpu:5.3f} | {path.stat().st_size:,}")
        print()
        for explain in (True, False):
            tracemalloc.start()
            for _ in R.json_chunks(evaluation.report, evaluation.rollups, explain=explain):
                pass
            streamed = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            tracemalloc.start()
            whole = json.dumps(R.report_to_dict(evaluation.report, evaluation.rollups, explain=explain),
                               ensure_ascii=False, indent=2, sort_keys=True, default=str)
            built = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            del whole
            print(f"JSON{'' if explain else ' --no-explain'}: peak allocated while writing, streamed "
                  f"{streamed / 2**20:.1f} MB; built whole {built / 2**20:.1f} MB")
        return 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
