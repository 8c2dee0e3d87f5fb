"""What a verdict costs: built (exact values, explanation not worded), then worded (issue 19, point 4).

    python3 bench/verdicts.py [--communes 1000] [--runs 5] [--as-of 2026-12-31] [--keep DIR] [--scale 0.02]

The national-shaped path: `bench/generate.py --tables duckdb` writes a national fact set of --communes
communes (--scale times the records of a commune: the counts change, not the verdicts) and the plan that
binds them all (QĐ 534's plan-level targets and two of KH 104's: shares with exclusions, cuts, caps); the
source is opened and fitted and the database's aggregates read once (`evaluation.sql.sql_indexes`), so what
is timed is Python alone, as `RuleSet.evaluate` runs it per unit:

- **built**: every commune's verdicts (`RuleSet.evaluate_unit` with the unit's index), median of --runs
  runs, in µs per verdict;
- **worded**: every sentence of those verdicts put into words, English and Vietnamese
  (`Verdict.explain`, as a report does), median of --runs runs each on freshly built verdicts, in µs
  per verdict;
- how many explanation sentences the verdicts hold, and how many were worded while they were built
  (none should be).

Each time is given as wall clock and as this process's CPU time (steadier on a shared machine).

--as-of 2026-11-30 judges an open year (values so far, on track or not). --keep DIR keeps the generated
set in DIR and reuses it; without it the set is written to a temporary folder and deleted. Timings are
wall-clock on a shared machine: compare figures of one run only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "src"))


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def national(folder: Path, communes: int, scale: float) -> Path:
    """The national DuckDB set under `folder` (generated unless there), and its plan's path."""
    done = folder / f"verdicts-{communes}-{scale}"
    if not (done / "national.duckdb").exists():
        _generator().write_national(done, "duckdb", communes=communes, provinces=34, seed=1, scale=scale)
    return done


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--as-of", dest="as_of", type=dt.date.fromisoformat, default=dt.date(2026, 12, 31))
    parser.add_argument("--scale", type=float, default=0.02, help="records per commune, times about 10,470")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the generated set in this folder")
    args = parser.parse_args(argv)
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        measure(args, national(args.keep, args.communes, args.scale))
    else:
        with tempfile.TemporaryDirectory() as folder:
            measure(args, national(Path(folder), args.communes, args.scale))


def measure(args, folder: Path) -> None:
    import planrules
    from planrules.evaluation.sql import sql_indexes
    from planrules.facts import sources

    rules = planrules.compile(planrules.load(folder / "national.plan"))
    with sources.DuckDBSource(folder / "national.duckdb", evidence="problems") as source:
        fitted = rules.fit(source)
        facts = fitted.facts
        vocabulary = rules.vocabulary
        dated = frozenset(k for k in vocabulary.kinds if vocabulary.date_field(k) is not None)
        indexes = sql_indexes(fitted.source, rules, args.as_of, list(facts.units), dated)
    covered = frozenset(u.name for u in facts.units)

    def build() -> list:
        out = []
        for unit in facts.units:
            out.extend(rules.evaluate_unit(unit, facts, args.as_of, dated, index=indexes.get(unit.name),
                                           judged=covered))
        return out

    def word(verdicts) -> None:
        for v in verdicts:
            v.explain("en")
            v.explain("vi")

    built, worded = [], []
    gc.disable()  # as `RuleSet.evaluate` does (`paused_gc`)
    try:
        for _ in range(args.runs):
            t0 = _clocks()
            verdicts = build()
            t1 = _clocks()
            sentences = [s for v in verdicts for s in v.explanation]
            early = sum(1 for s in sentences if getattr(s, "worded", True))
            t2 = _clocks()
            word(verdicts)
            t3 = _clocks()
            built.append([(b - a) / len(verdicts) for a, b in zip(t0, t1)])
            worded.append([(b - a) / len(verdicts) for a, b in zip(t2, t3)])
    finally:
        gc.enable()
    print(f"{args.communes} communes, {len(verdicts):,} verdicts ({len(rules.metric_rules)} targets), "
          f"as of {args.as_of}, {args.runs} runs (medians; µs per verdict, wall clock and this process's CPU)")
    for label, times in (("built, explanation not worded", built), ("worded, English and Vietnamese", worded),
                         ("built and worded", [[b + w for b, w in zip(x, y)] for x, y in zip(built, worded)])):
        wall, cpu = (statistics.median(t[i] for t in times) * 1e6 for i in (0, 1))
        print(f"{label:32} {wall:8.2f} wall {cpu:8.2f} CPU")
    print(f"{len(sentences):,} sentences, {early:,} of them worded while the verdicts were built")


def _clocks() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


if __name__ == "__main__":
    main()
