"""The floors of issue 19's targets: planrules' own statements replayed alone, and its judging alone.

    python3 bench/floors.py [--communes 3321] [--runs 3] [--keep DIR] [--seed 1] [--quick]

Issue 19 asks that planrules' first evaluation of the foreign national year (`bench/national.py`: another
team's Parquet files read through bench/foreign.mapping.toml) cost at most 4x the hand-written DuckDB query,
and evaluating it again, unchanged, at most 1.5x. This bench measures what parts of that work cost on their
own, on national.py's year (generated, or reused from --keep DIR as national.py keeps it; never rewritten):

1. planrules' statements are captured by a spy on its engine (`DuckDBEngine.run`), with the rows each
   returned: those of a first evaluation (an empty compile cache: the source is validated) and those of a
   repeat (a new process keeping that cache: the validation stands), each in a process of its own;
2. they are grouped: (a) the first run's statements proving each record table's (unit, id) unique (F140:
   the distinct count of `hash(unit, id)` in the table's one pass of checks, or a grouping `HAVING COUNT(*)
   > 1` of records without ids), as planrules runs them, the other checks of the same pass with them;
   (a') those statements with each distinct count replaced by the plain count beside it (the same rows when
   the ids are unique), so that (a) - (a') is what the distinct counts cost; (b) the first run's other
   statements, those the repeat does not run (the rest of the validation, the small tables); (c) the
   repeat's statements (its metric SQL: one aggregate per record kind, the rows that explain a problem);
3. then, --runs times, interleaved, each measurement in a fresh process: the hand-written query and
   planrules' first evaluation and repeat (as national.py times them); each group replayed alone on a
   fresh connection to the same files, opened as planrules opens them (`FolderEngine`: the same views,
   memory limit and worker thread; opening it is not timed), every statement's rows checked equal to the
   rows planrules got (a difference fails the run, nothing printed); and (3) the Python judging, report
   and roll-up by tỉnh on the repeat's answers (`bench/judging.py`: the answers read once, then judged
   again with no statement run; in one thread).

Printed: each measurement's median in seconds (wall clock, what the issue's ratios use), CPU seconds
(every thread's) and × the query's median; (a)'s and (a')'s statements by table; and the floors they imply
(sums of medians): a first evaluation costs at least (a)+(c) (at least (a)-(a')+(c) if the pass's other
checks cost nothing), a repeat at least (c)+(3), against the targets. Not in either: reading the answers
into the evaluation's structures (`evaluation.sql`'s `Answers._read`), the small tables, opening the source.
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import os
import pickle
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "src"))


def _module(name: str, file: str):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCH / file)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


national = _module("bench_national", "national.py")

UNIQUE, UNIQUE_LESS, OTHER, METRIC = "unique", "unique without distinct", "other", "metric"
GROUPS = {
    UNIQUE: "(a) the first run's statements proving (unit, id) unique, as run (each record table's one pass of "
            "checks)",
    UNIQUE_LESS: "(a') the same without their distinct counts (each the plain count beside it)",
    OTHER: "(b) the first run's other statements (the rest of the validation, the small tables)",
    METRIC: "(c) the repeat's statements (its metric SQL, the answers fetched)",
}
JUDGING = "(3) judging, the report and the roll-up on the repeat's answers (Python, one thread)"
QUERY, FIRST, AGAIN = national.QUERY, national.FIRST, national.AGAIN

# How the first run's statements prove each record table's (unit, id) unique (facts/table_checks.py, F140):
# a distinct count of the key's hashes in the table's one pass, or a grouping of records without ids.
PROVING = ("COUNT(DISTINCT hash(", "HAVING COUNT(*) > 1")
DISTINCT = re.compile(r"COUNT\(DISTINCT hash\([^()]*\)\) (FILTER \(WHERE [^()]*\))")
READS = re.compile(r'"planrules\.src:([^"]+)"')

Statement = tuple  # (sql, params, the rows planrules got)


def capture(spec: dict) -> dict:
    """planrules evaluating the year through the mapping, every statement its engine runs written with the rows
    it returned (a pickled list of `Statement`s) to spec["out"]: how many, and whether the validation stood."""
    from planrules.facts import duckdb_engine

    seen: list[Statement] = []
    real = duckdb_engine.DuckDBEngine.run

    def spy(self, sql, params=()):
        rows = real(self, sql, params)
        seen.append((sql, tuple(params), rows))
        return rows

    duckdb_engine.DuckDBEngine.run = spy
    try:
        evaluation, times = national.evaluate(spec["plan"], "parquet", spec["where"], mapping=str(national.MAPPING),
                                              cache_dir=spec["cache"])
    finally:
        duckdb_engine.DuckDBEngine.run = real
    Path(spec["out"]).write_bytes(pickle.dumps(seen))
    return {"statements": len(seen), "reused": times["reused"], "verdicts": len(evaluation.report.verdicts)}


def without_distinct(sql: str) -> str | None:
    """`sql` with each distinct count of hashes replaced by the plain count of the same rows (None for a grouping
    of records without ids: all of it is the uniqueness)."""
    if "COUNT(DISTINCT hash(" not in sql:
        return None
    plain = DISTINCT.sub(r"COUNT(*) \1", sql)
    if "COUNT(DISTINCT" in plain:
        raise ValueError(f"a distinct count of a form this bench does not know: {sql}")
    return plain


def groups(first: list[Statement], again: list[Statement]) -> dict[str, list[Statement]]:
    """The statements of a first run and of a repeat, grouped (the module's docstring): the first run's that
    the repeat does not run are the validation's; those proving uniqueness are (a), the rest (b)."""
    def key(statement):
        return statement[0], repr(statement[1])

    repeated = collections.Counter(key(s) for s in again)
    validation = []
    for statement in first:
        if repeated[key(statement)]:
            repeated[key(statement)] -= 1
        else:
            validation.append(statement)
    unique = [s for s in validation if any(p in s[0] for p in PROVING)]
    less = [(plain, params, rows) for sql, params, rows in unique if (plain := without_distinct(sql)) is not None]
    return {UNIQUE: unique, UNIQUE_LESS: less, OTHER: [s for s in validation if s not in unique],
            METRIC: list(again)}


def reads(sql: str) -> str:
    """The tables of the database `sql` reads, or "catalogue"."""
    return "+".join(sorted(set(READS.findall(sql)))) or "catalogue"


def replay(where: str, statements: list[Statement]) -> dict:
    """`statements` run one after the other on a fresh connection to the folder `where`, opened as planrules
    opens it: seconds and CPU seconds of the run (every thread's; opening the folder not included), each
    statement's seconds, and the rows each returned."""
    from planrules.facts.duckdb_engine import FolderEngine
    from planrules.language.vocabulary import Vocabulary

    engine = FolderEngine(Path(where), Vocabulary.standard())
    try:
        got, each = [], []
        t0, c0 = time.perf_counter(), time.process_time()
        for sql, params, _ in statements:
            t = time.perf_counter()
            got.append(engine.run(sql, params))
            each.append(time.perf_counter() - t)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    finally:
        engine.close()
    return {"seconds": seconds, "cpu": cpu, "each": each, "rows": got}


def differing(statements: list[Statement], got: list[list]) -> list[str]:
    """Where the rows replayed differ from the rows planrules got (in any order: a statement without ORDER BY
    may give them in another)."""
    out = [f"{reads(sql)}: {len(mine)} rows replayed, {len(rows)} as planrules got them: {sql[-300:]}"
           for (sql, _, rows), mine in zip(statements, got) if sorted(map(repr, rows)) != sorted(map(repr, mine))]
    if len(got) != len(statements):
        out.append(f"{len(got)} statements replayed, {len(statements)} captured")
    return out


def child(spec: dict) -> dict:
    """One measurement of this bench in its own process."""
    import duckdb  # noqa: F401 - imports are not timed, on any side
    import planrules.facts.sources  # noqa: F401
    import planrules.pipeline  # noqa: F401

    task = spec["task"]
    if task == "capture":
        return capture(spec)
    if task == "replay":
        statements = pickle.loads(Path(spec["statements"]).read_bytes())[spec["group"]]
        out = replay(spec["where"], statements)
        out["mismatches"] = differing(statements, out.pop("rows"))
        out["statements"] = len(statements)
        out["reads"] = [reads(sql) for sql, _, _ in statements]
        return out
    if task == "judging":
        import datetime as dt

        judging = _module("bench_judging", "judging.py")
        out = judging.measure(spec["plan"], spec["where"], dt.date.fromisoformat(national.AS_OF), 1, spec["cache"])
        return {"seconds": out["walls"][0], "cpu": out["totals"][0],
                "verdicts": len(out["evaluation"].report.verdicts)}
    raise ValueError(f"unknown task {task!r}")


def run_child(spec: dict, timeout: float) -> dict:
    return national.run_child(spec, timeout, Path(__file__).resolve())


def _checkout() -> str:
    done = subprocess.run(["git", "-C", str(BENCH.parent), "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True)
    return done.stdout.strip() or "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=3321)
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the generated data in this folder")
    parser.add_argument("--quick", action="store_true", help="a smoke size: 40 communes, 1 run")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed to one child run")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        import json

        print(json.dumps(child(json.loads(args.child))))
        return 0
    if args.quick:
        args.communes, args.runs = 40, 1
    if args.communes < 1 or args.runs < 1:
        parser.error("--communes and --runs must be at least 1")

    def log(text):
        print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)

    base = args.keep if args.keep else Path(tempfile.mkdtemp(prefix="planrules-floors-", dir="/tmp"))
    base.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="planrules-floors-scratch-", dir="/tmp"))
    load = os.getloadavg()
    try:
        data = national.dataset(base, args.communes, args.provinces, args.seed, log)
        plan, where, cache = data["plan"], data["parquet"], str(scratch / "cache")
        captured = {}
        for phase in ("first", "again"):
            log(f"capturing the statements of planrules' {phase} evaluation, {args.communes} communes")
            spec = dict(task="capture", plan=plan, where=where, cache=cache, out=str(scratch / f"{phase}.pickle"))
            captured[phase] = run_child(spec, args.timeout)
        if captured["first"]["reused"] or not captured["again"]["reused"]:
            print("the first evaluation found a validation to reuse, or the repeat did not: nothing measured")
            return 1
        grouped = groups(*(pickle.loads((scratch / f"{p}.pickle").read_bytes()) for p in ("first", "again")))
        empty = [name for name, statements in grouped.items() if not statements]
        if empty:
            print(f"no statement in the groups {empty}: nothing measured")
            return 1
        path = scratch / "groups.pickle"
        path.write_bytes(pickle.dumps(grouped))

        results: dict[str, list[dict]] = {}
        for r in range(args.runs):
            steps = national.measurements("Parquet", "parquet", where, plan, None, scratch / f"run-{r}")
            steps = [(step, {k: v for k, v in spec.items() if k != "output"}) for step, spec in steps]
            steps += [(name, dict(task="replay", group=name, where=where, statements=str(path)))
                      for name in GROUPS]
            steps.append((JUDGING, dict(task="judging", plan=plan, where=where, cache=cache)))
            for step, spec in steps:
                log(f"run {r + 1}/{args.runs}: {GROUPS.get(step, step)}")
                child_run = national.run_child if spec["task"] in ("query", "planrules") else run_child
                result = child_run(spec, args.timeout)
                if result.get("mismatches"):
                    print(f"MISMATCH {GROUPS[step]}:", *result["mismatches"], sep="\n  ")
                    print("the statements replayed did not return the rows planrules got: nothing printed")
                    return 1
                results.setdefault(step, []).append(result)
        report(args, data, captured, results, (load, os.getloadavg()))
        return 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


def _median(runs: list[dict], what: str = "seconds") -> float:
    return statistics.median(r[what] for r in runs)


def report(args, data, captured, results, loads) -> None:
    import platform

    import duckdb

    rows = data["rows"]
    records = sum(rows[t] for t in ("conferences", "docs_issued", "docs_sent", "dossiers", "staff", "surveys"))
    floor, cpu_floor = _median(results[QUERY]), _median(results[QUERY], "cpu")
    print(f"foreign national year: {args.communes:,} communes, {records:,} records, Parquet "
          f"{data['parquet_mb']:.0f} MB; {captured['first']['verdicts']:,} verdicts; checkout {_checkout()}")
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, duckdb {duckdb.__version__}; "
          f"load average {loads[0][0]:.2f} at the start, {loads[1][0]:.2f} at the end; {args.runs} runs, "
          f"interleaved, each measurement a fresh process; statements captured: {captured['first']['statements']} "
          f"in the first evaluation, {captured['again']['statements']} in the repeat (its validation reused)")
    print()
    print("| measurement | statements | median s | × the query | CPU s | CPU × the query | runs (s) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for step, runs in results.items():
        seconds, cpu = _median(runs), _median(runs, "cpu")
        count = runs[0].get("statements", 1 if step == QUERY else "")
        if step in (FIRST, AGAIN):
            count = captured["first" if step == FIRST else "again"]["statements"]
        print(f"| {GROUPS.get(step, step)} | {count} | {seconds:.2f} | {seconds / floor:.2f} | {cpu:.2f} | "
              f"{cpu / cpu_floor:.2f} | {national.runs_text(runs)} |")
    print()
    for step in (UNIQUE, UNIQUE_LESS):
        runs = results[step]
        each = [statistics.median(r["each"][i] for r in runs) for i in range(len(runs[0]["each"]))]
        print(f"{GROUPS[step].split()[0]} by table, median s: "
              + ", ".join(f"{table} {s:.2f}" for table, s in zip(runs[0]["reads"], each)))
    print()

    def floor_line(name: str, terms: list[tuple[int, str]], target: float, measured: str) -> None:
        """A floor: the sum of the medians of `terms` (sign, measurement), against `target` × the query."""
        seconds = sum(sign * _median(results[step]) for sign, step in terms)
        cpu = sum(sign * _median(results[step], "cpu") for sign, step in terms)
        ratio = seconds / floor
        print(f"  {name} = {seconds:.2f} s = {ratio:.2f}x the query (CPU {cpu:.2f} s, {cpu / cpu_floor:.2f}x); "
              f"target <= {target:g}x: {'within it' if ratio <= target else 'the floor alone is ABOVE it'}; "
              f"measured now {_median(results[measured]) / floor:.2f}x")

    print("floors (sums of the medians above):")
    floor_line("first evaluation >= (a)+(c)", [(1, UNIQUE), (1, METRIC)], 4, FIRST)
    floor_line("first evaluation >= the distinct counts alone, (a)-(a'), + (c)",
               [(1, UNIQUE), (-1, UNIQUE_LESS), (1, METRIC)], 4, FIRST)
    floor_line("again >= (c)+(3)", [(1, METRIC), (1, JUDGING)], 1.5, AGAIN)


if __name__ == "__main__":
    sys.exit(main())
