"""Judging and the roll-up alone, on the foreign national year (issue 19, the repeat's Python part).

    python3 bench/judging.py [--communes 1000] [--runs 7] [--keep DIR] [--as-of 2026-12-31]

`bench/national.py`'s year (`--communes` communes of another team's Parquet files, read through
`bench/foreign.mapping.toml`; generated, or reused from `--keep DIR` as national.py keeps it) is fitted once with
a compile cache, and the database's answers are read once (`evaluation.sql.sql_indexes`, the metric SQL). Then
`Pipeline.evaluate` (every commune judged, the report built, rolled up by tỉnh) runs --runs times in this process,
each time on fresh per-commune indexes over those same answers, so every count and cap is asked as a real
repeat asks it and no statement runs again: what is timed is the Python after the SQL, the part of a repeat
that one thread does. Printed: medians of this process's CPU time (steadier than wall clock on a shared machine)
for the whole evaluation and for its roll-up, in seconds and in µs per verdict.

Compare two checkouts by running each one's copy of this script (it imports the planrules beside it) alternately
on the same kept data.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "src"))


def _national():
    spec = importlib.util.spec_from_file_location("bench_national", BENCH / "national.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_national", module)
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def answers_read_once():
    """`sql_indexes` as the evaluation calls it, its statements run the first time only: later calls get fresh
    indexes (nothing counted yet) on the answers read then."""
    from planrules.evaluation import sql

    real, read = sql.sql_indexes, {}

    def once(source, rules, as_of, units, dated):
        key = (as_of, tuple(u.name for u in units))
        if key not in read:
            read[key] = real(source, rules, as_of, units, dated)
        return {name: sql.SqlIndex(index.unit, index.as_of, index._dated, index._answers, starts=index.starts)
                for name, index in read[key].items()}

    sql.sql_indexes = once
    try:
        yield
    finally:
        sql.sql_indexes = real


def measure(plan: str, parquet: str, as_of: dt.date, runs: int, cache_dir: str) -> dict:
    """The evaluation's and the roll-up's CPU seconds in each of `runs` runs (after one that reads the answers),
    the evaluation's wall-clock seconds (`walls`), and the evaluation itself."""
    import planrules.pipeline as pipeline_module
    from planrules.pipeline import Pipeline
    from planrules.tooling.cache import Cache

    national = _national()
    with Cache(cache_dir) as cache:
        pipeline = Pipeline(cache=cache)
        rules = pipeline.rules(plan)
        fitted = pipeline.fit(rules, parquet, mapping=str(national.MAPPING), evidence="problems")
    rolled: list[float] = []
    real_roll_up = pipeline_module.roll_up

    def timed_roll_up(*args, **kwargs):
        start = time.process_time()
        try:
            return real_roll_up(*args, **kwargs)
        finally:
            rolled.append(time.process_time() - start)

    totals: list[float] = []
    walls: list[float] = []
    pipeline_module.roll_up = timed_roll_up
    try:
        with answers_read_once(), fitted.source:
            evaluation = pipeline._evaluate(fitted, as_of, None, (national.GROUP_BY,))  # the SQL, not timed
            rolled.clear()
            for _ in range(runs):
                start, wall = time.process_time(), time.perf_counter()
                evaluation = pipeline._evaluate(fitted, as_of, None, (national.GROUP_BY,))
                totals.append(time.process_time() - start)
                walls.append(time.perf_counter() - wall)
    finally:
        pipeline_module.roll_up = real_roll_up
    return {"evaluation": evaluation, "totals": totals, "walls": walls, "rolled": rolled}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=1000)
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--as-of", dest="as_of", type=dt.date.fromisoformat, default=dt.date(2026, 12, 31))
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the generated year in this folder")
    args = parser.parse_args(argv)
    if args.communes < 1 or args.runs < 1:
        parser.error("--communes and --runs must be at least 1")
    national = _national()
    with tempfile.TemporaryDirectory(prefix="planrules-judging-") as scratch:
        base = args.keep if args.keep is not None else Path(scratch)
        base.mkdir(parents=True, exist_ok=True)
        data = national.dataset(base, args.communes, args.provinces, args.seed, lambda text: None)
        out = measure(data["plan"], data["parquet"], args.as_of, args.runs, str(Path(scratch) / "cache"))
    n = len(out["evaluation"].report.verdicts)
    total, rolled = statistics.median(out["totals"]), statistics.median(out["rolled"])
    print(f"{args.communes} communes, {n:,} verdicts, as of {args.as_of}, {args.runs} runs after the SQL "
          f"(medians of this process's CPU time)")
    print(f"judging, the report and the roll-up  {total:7.3f} s  {total / n * 1e6:7.2f} µs a verdict")
    print(f"of which the roll-up by {national.GROUP_BY}        {rolled:7.3f} s  {rolled / n * 1e6:7.2f} µs a verdict")
    return 0


if __name__ == "__main__":
    sys.exit(main())
