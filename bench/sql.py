"""Facts where they are: a national year judged in DuckDB, Parquet and PostgreSQL (issue 8).

    python3 bench/sql.py [--communes 3321] [--runs 3] [--keep DIR] [--quick]
                         [--python-sizes 100,300] [--postgres-communes 100]
                         [--postgres URL | --no-postgres] [--default-evidence-max 300]
                         [--seed 1]
    python3 bench/sql.py --profile parquet|duckdb --keep DIR [--communes 3321]
    python3 bench/sql.py --duplicates-alone --keep DIR [--communes 3321] [--runs 3]
    python3 bench/sql.py --second-run …   (also: the unchanged source evaluated again, with the cache)

bench/generate.py --tables writes the national fact set (--communes communes,
about 10,470 records each: ~35 M for 3,321) as a Parquet folder and as a DuckDB
file, and the plan that judges it: QĐ 534/QĐ-TTg's plan-level targets (shares
with exclusions, cuts versus 2025, caps on the duration of each type of
conference) and two of KH 104's, which bind every commune, the communes
declared as its units, each in its province's group. Then, each figure the
median of --runs runs, every run of every measurement in a fresh child process
(its peak memory is that process's own peak resident size, VmHWM — what
ru_maxrss would say, had Linux not carried the parent's over an exec; runs are
interleaved):

- planrules: `RuleSet.evaluate(FolderSource(…))` and `DuckDBSource(…)`, with
  `evidence="problems"` (for national runs: only records that explain a
  problem are listed) and the per-province roll-up (`planrules.evaluation.rollup.roll_up`,
  when that module exists), from opening the source to the last aggregate;
  the default `evidence="records"` (every counted record listed) is measured at
  the sizes of --python-sizes and, when --communes is at most
  --default-evidence-max, at full size too;
- the floor: ONE hand-written SQL query computing the same aggregates (per unit
  and year, every target's numerator and denominator, the records over each
  cap, the records lacking a field, the undated ones) on the same files;
- in Python: every record loaded (`FactSource.facts()`) and evaluated there,
  measured at --python-sizes (too slow and too large for the national set) and
  extrapolated linearly to --communes — printed as extrapolated, with the
  measured points;
- PostgreSQL with --postgres-communes communes loaded (`sources.write_postgres`):
  planrules' `PostgresSource` beside the same hand-written query there. The
  server is --postgres (default: $PLANRULES_TEST_POSTGRES), or one started with
  .ci/postgres.sh and stopped at the end; its own memory is not in the figures.

Before anything is timed, every path's verdicts are compared with the
hand-written query's figures, for every unit and target (part and whole of a
share, and what its exclusion left out; baseline and current of a cut;
records, broken and unclear of a cap; `unknown` wherever a record lacks a field
or a date), and the roll-up's sums with the units' figures: a difference is
printed and the run exits with status 1. --keep DIR keeps (and reuses) the
generated data in DIR; without it everything is written under a temporary
folder in /tmp and deleted at the end. Timings are wall-clock: compare figures
of one run only. --profile runs planrules once under cProfile, every SQL
statement timed, and prints where the time goes.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.util
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT / "src"))

AS_OF = "2026-12-31"
CAP_START = "2026-03-31"  # the plan's date: its caps bind conferences from that day on
CAPS = {"quán_triệt": ("qt", "0.5"), "chuyên_môn": ("cm", "1"), "quan_trọng": ("qtr", "1.5")}
KINDS = ("hội_nghị", "văn_bản_ban_hành", "văn_bản_gửi", "hồ_sơ_tthc", "cán_bộ")


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_generate", module)
    spec.loader.exec_module(module)
    return module


KEYED_DUCKDB = "planrules DuckDB, UNIQUE (unit, id) declared"
KEYED_POSTGRES = "planrules PostgreSQL, UNIQUE (unit, id) declared"


# ------------------------------------------------------ the hand-written query --

def _caps_sql() -> str:
    out = []
    for category, (short, limit) in CAPS.items():
        scope = f"\"ngày\" >= DATE '{CAP_START}'"
        out += [
            f"COUNT(*) FILTER (WHERE {scope} AND \"loại\" = '{category}') AS {short}_records",
            f"COUNT(*) FILTER (WHERE {scope} AND (\"loại\" IS NULL OR (\"loại\" = '{category}' "
            f"AND \"thời_lượng\" IS NULL))) AS {short}_unclear",
            f"COUNT(*) FILTER (WHERE {scope} AND \"loại\" = '{category}' AND \"thời_lượng\" > {limit}) "
            f"AS {short}_broken",
        ]
    return ",\n           ".join(out)


# One statement, the same text on DuckDB (a file, or views over the Parquet files) and PostgreSQL.
# Per unit and year (NULL: an undated record, or the staff list, which has no date).
HANDWRITTEN = f"""
WITH hn AS (
    SELECT "unit", CAST(EXTRACT(YEAR FROM "ngày") AS INTEGER) AS "year", COUNT(*) AS hn_all,
           COUNT(*) FILTER (WHERE "trực_tuyến" IS NULL) AS hn_online_null,
           COUNT(*) FILTER (WHERE "trực_tuyến") AS hn_online,
           {_caps_sql()}
    FROM "hội_nghị" WHERE "ngày" IS NULL OR "ngày" <= DATE '{AS_OF}' GROUP BY 1, 2),
bh AS (
    SELECT "unit", CAST(EXTRACT(YEAR FROM "ngày") AS INTEGER) AS "year", COUNT(*) AS bh_all,
           COUNT(*) FILTER (WHERE "số_hóa" IS NULL) AS bh_digitised_null,
           COUNT(*) FILTER (WHERE "số_hóa") AS bh_digitised,
           COUNT(*) FILTER (WHERE "hành_chính" IS NULL) AS bh_admin_null,
           COUNT(*) FILTER (WHERE "hành_chính") AS bh_admin
    FROM "văn_bản_ban_hành" WHERE "ngày" IS NULL OR "ngày" <= DATE '{AS_OF}' GROUP BY 1, 2),
vg AS (
    SELECT "unit", CAST(EXTRACT(YEAR FROM "ngày") AS INTEGER) AS "year", COUNT(*) AS vg_all,
           COUNT(*) FILTER (WHERE "mật" IS NULL OR "điện_tử" IS NULL) AS vg_null,
           COUNT(*) FILTER (WHERE NOT "mật") AS vg_not_secret,
           COUNT(*) FILTER (WHERE "điện_tử" AND NOT "mật") AS vg_electronic
    FROM "văn_bản_gửi" WHERE "ngày" IS NULL OR "ngày" <= DATE '{AS_OF}' GROUP BY 1, 2),
hs AS (
    SELECT "unit", CAST(EXTRACT(YEAR FROM "ngày") AS INTEGER) AS "year", COUNT(*) AS hs_all,
           COUNT(*) FILTER (WHERE "trực_tuyến" IS NULL) AS hs_online_null,
           COUNT(*) FILTER (WHERE "trực_tuyến") AS hs_online
    FROM "hồ_sơ_tthc" WHERE "ngày" IS NULL OR "ngày" <= DATE '{AS_OF}' GROUP BY 1, 2),
cb AS (
    SELECT "unit", CAST(NULL AS INTEGER) AS "year", COUNT(*) AS cb_all,
           COUNT(*) FILTER (WHERE "đào_tạo_kỹ_năng_số" IS NULL) AS cb_trained_null,
           COUNT(*) FILTER (WHERE "đào_tạo_kỹ_năng_số") AS cb_trained
    FROM "cán_bộ" GROUP BY 1),
base AS (
    SELECT "unit", "year" + 1 AS "year",
           SUM("count") FILTER (WHERE "kind" = 'hội_nghị' AND "hành_chính" IS NULL) AS hn_base,
           SUM("count") FILTER (WHERE "kind" = 'văn_bản_ban_hành' AND "hành_chính") AS bh_admin_base
    FROM "counts" GROUP BY 1, 2)
SELECT * FROM hn FULL JOIN bh USING ("unit", "year") FULL JOIN vg USING ("unit", "year")
    FULL JOIN hs USING ("unit", "year") FULL JOIN cb USING ("unit", "year") LEFT JOIN base USING ("unit", "year")
"""


def _connect_duckdb(engine: str, where: str):
    import duckdb

    if engine == "duckdb":
        return duckdb.connect(where, read_only=True)
    con = duckdb.connect()
    for path in sorted(Path(where).glob("*.parquet")):
        con.read_parquet(str(path)).create_view(path.stem)
    return con


def _postgres(where):
    import psycopg

    conninfo, schema = where
    con = psycopg.connect(conninfo, autocommit=True)
    con.execute("SELECT pg_catalog.set_config('search_path', %s, false)", ['"' + schema.replace('"', '""') + '"'])
    return con


def handwritten(engine: str, where) -> tuple[list[str], list[tuple]]:
    """Run the hand-written query: (column names, rows)."""
    if engine == "postgres":
        con = _postgres(where)
        try:
            cursor = con.execute(HANDWRITTEN)
            return [c.name for c in cursor.description], cursor.fetchall()
        finally:
            con.close()
    con = _connect_duckdb(engine, where)
    try:
        cursor = con.execute(HANDWRITTEN)
        return [c[0] for c in cursor.description], cursor.fetchall()
    finally:
        con.close()


def expected_figures(columns: list[str], rows: list[tuple], year: int = 2026) -> dict:
    """unit -> target key -> None (unknown: a record lacks a field or a date) or {figure: value}."""
    by_unit: dict[str, dict] = {}
    undated: dict[str, dict] = {}
    for row in rows:
        r = {c: (int(v) if v is not None and not isinstance(v, str) else v) for c, v in zip(columns, row)}
        target = by_unit if r["year"] == year else undated if r["year"] is None else None
        if target is None:
            continue
        merged = target.setdefault(r["unit"], {})
        merged.update({k: v for k, v in r.items() if v is not None})
    out = {}
    for unit in set(by_unit) | set(undated):
        r, u = by_unit.get(unit, {}), undated.get(unit, {})
        hn_dated = not u.get("hn_all")

        def share(kind, null, part, whole, excluded=None):
            if u.get(f"{kind}_all") or r.get(null) or f"{kind}_all" not in r:
                return None
            figures = {"part": r[part], "whole": r[whole]}
            if excluded:
                figures["excluded"] = r[f"{kind}_all"] - r[whole]
            return figures

        def cut(kind, null, current, baseline):
            if u.get(f"{kind}_all") or (null and r.get(null)) or r.get(baseline) is None or f"{kind}_all" not in r:
                return None
            return {"baseline": r[baseline], "current": r[current]}

        e = {
            ("tỷ_lệ_hội_nghị_trực_tuyến", None): share("hn", "hn_online_null", "hn_online", "hn_all"),
            ("giảm_hội_nghị", None): cut("hn", None, "hn_all", "hn_base"),
            ("tỷ_lệ_hồ_sơ_trực_tuyến", None): share("hs", "hs_online_null", "hs_online", "hs_all"),
            ("tỷ_lệ_số_hóa_văn_bản", None): share("bh", "bh_digitised_null", "bh_digitised", "bh_all"),
            ("tỷ_lệ_văn_bản_điện_tử", None): share("vg", "vg_null", "vg_electronic", "vg_not_secret", True),
            ("giảm_văn_bản_hành_chính", None): cut("bh", "bh_admin_null", "bh_admin", "bh_admin_base"),
        }
        for category, (short, _) in CAPS.items():
            e[("thời_lượng_hội_nghị", category)] = (
                {"records": r[f"{short}_records"], "broken": r[f"{short}_broken"], "unclear": r[f"{short}_unclear"]}
                if hn_dated and "hn_all" in r else None)
        staff = {**u, **r}
        e[("tỷ_lệ_đào_tạo_kỹ_năng_số", None)] = (
            None if staff.get("cb_trained_null") or "cb_all" not in staff
            else {"part": staff["cb_trained"], "whole": staff["cb_all"]})
        out[unit] = e
    return out


def compare(report, expected: dict, rollup=None, limit: int = 20) -> list[str]:
    """Differences between planrules' verdicts (and roll-up sums) and the hand-written figures."""
    import planrules

    problems = []
    seen = set()
    for v in report.verdicts:
        key = (v.metric, v.category)
        seen.add((v.unit, key))
        want = expected.get(v.unit, {}).get(key, "absent")
        if want == "absent":
            problems.append(f"{v.unit} {v.rule} {key}: no hand-written figures")
        elif want is None:
            if v.status is not planrules.Status.UNKNOWN:
                problems.append(f"{v.unit} {v.rule} {key}: {v.status.value}, the hand-written query says unknown")
        else:
            got = {f.name: int(f.value) for f in v.figures}
            if got != want:
                problems.append(f"{v.unit} {v.rule} {key}: planrules {got}, hand-written {want}")
    for unit, targets in expected.items():
        for key in targets:
            if (unit, key) not in seen:
                problems.append(f"{unit} {key}: no verdict from planrules")
    if rollup is not None:
        for a in rollup.aggregates:
            if a.kind.value not in ("share", "cut"):
                continue
            for name in ("part", "whole", "baseline", "current"):
                value = a.figure(name)
                if value is None:
                    continue
                total = sum(expected[u][(a.metric, a.category)][name] for u in a.coverage.counted)
                if int(value) != total:
                    problems.append(f"roll-up {a.group} {a.rule} {name}: {value}, the units' sum {total}")
    return problems[:limit] + ([f"… {len(problems) - limit} more"] if len(problems) > limit else [])


# --------------------------------------------------------------- child runs --

def _maxrss_mb() -> float:
    """This process's peak resident memory, in MiB: VmHWM of /proc/self/status where there is one.

    ru_maxrss would be the same figure, but Linux keeps it across execve: a
    child started by a parent that had grown larger reports the parent's size.
    VmHWM belongs to the process's own memory map, new at exec.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rules(plan: str):
    import planrules

    return planrules.compile(planrules.load(plan))


def _roll_up(report, facts):
    try:
        from planrules.evaluation.rollup import roll_up
    except ImportError:
        return None
    groups = {u.name: u.member_of[0] for u in facts.units}
    return roll_up(report, groups, by="tỉnh")


def _open(engine: str, where, evidence: str):
    from planrules.facts import sources

    if engine == "parquet":
        return sources.FolderSource(where, evidence=evidence)
    if engine == "duckdb":
        return sources.DuckDBSource(where, evidence=evidence)
    return sources.PostgresSource(where[0], schema=where[1], evidence=evidence)


def child(spec: dict) -> dict:
    """One measurement (the child process's whole purpose): seconds of each phase, peak memory."""
    as_of = dt.date.fromisoformat(spec.get("as_of", AS_OF))
    out: dict = {}
    task = spec["task"]
    if task == "handwritten":
        t0 = time.perf_counter()
        columns, rows = handwritten(spec["engine"], spec["where"])
        out["seconds"] = time.perf_counter() - t0
        out["rows"] = len(rows)
        return {**out, "maxrss_mb": _maxrss_mb()}
    t0 = time.perf_counter()
    rules = _rules(spec["plan"])
    out["compile"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    rollup = None
    if task == "planrules":
        with _open(spec["engine"], spec["where"], spec["evidence"]) as source, contextlib.ExitStack() as stack:
            if spec.get("cache"):  # the compile cache, where a validation passed is kept (--second-run)
                from planrules.tooling.cache import Cache

                source.cache = stack.enter_context(Cache(spec["cache"]))
            report = rules.evaluate(source, as_of)
            out["evaluate"] = time.perf_counter() - t0
            if spec.get("rollup"):
                rollup = _roll_up(report, source.light_facts(rules.vocabulary))
            if source.validation is not None:
                out["reused"], out["validation"] = source.validation.reused, source.validation.seconds
    else:  # "python": every record into Python, evaluated there
        from planrules.facts import sources

        with sources.FolderSource(spec["where"]) as source:
            facts = source.facts(rules.vocabulary)
        out["load"] = time.perf_counter() - t0
        report = rules.evaluate(facts, as_of)
        out["evaluate"] = time.perf_counter() - t0 - out["load"]
        if spec.get("rollup"):
            rollup = _roll_up(report, facts)
    out["seconds"] = time.perf_counter() - t0
    out["maxrss_mb"] = _maxrss_mb()
    out["verdicts"] = len(report.verdicts)
    out["listed"] = sum(len(v.records) for v in report.verdicts)
    out["statuses"] = {s.value: n for s, n in report.totals().items() if n}
    out["aggregates"] = None if rollup is None else len(rollup.aggregates)
    if spec.get("verify"):
        columns, rows = handwritten(spec.get("check_engine", spec.get("engine", "parquet")),
                                    spec.get("check_where", spec["where"]))
        out["mismatches"] = compare(report, expected_figures(columns, rows), rollup)
    return out


def profile(plan: str, engine: str, where, evidence: str = "problems", top: int = 25) -> None:
    """One planrules run under cProfile, each SQL statement timed: where the time goes (--profile)."""
    import cProfile
    import pstats

    from planrules.facts.duckdb_engine import DuckDBEngine
    from planrules.facts.postgres_engine import PostgresEngine

    rules = _rules(plan)
    statements: list[tuple[float, int, str]] = []
    engines = [DuckDBEngine, PostgresEngine]
    originals = {c: c.run for c in engines}

    def timed(original):
        def run(self, sql, params=()):
            t0 = time.perf_counter()
            rows = original(self, sql, params)
            statements.append((time.perf_counter() - t0, len(rows), " ".join(sql.split())))
            return rows
        return run

    for c in engines:
        c.run = timed(originals[c])
    profiler = cProfile.Profile()
    t0 = time.perf_counter()
    try:
        profiler.enable()
        with _open(engine, where, evidence) as source:
            report = rules.evaluate(source, dt.date.fromisoformat(AS_OF))
            t1 = time.perf_counter()
            _roll_up(report, source.light_facts(rules.vocabulary))
        profiler.disable()
    finally:
        for c in engines:
            c.run = originals[c]
    t2 = time.perf_counter()
    print(f"profile of planrules on {engine} {where} (evidence={evidence}), under cProfile: evaluate {t1 - t0:.2f} s, "
          f"roll-up {t2 - t1:.2f} s; {len(statements)} SQL statements, {sum(s[0] for s in statements):.2f} s in all, "
          f"peak {_maxrss_mb():.0f} MB")
    print("slowest statements (seconds, rows returned, text):")
    for seconds, rows, sql in sorted(statements, reverse=True)[:12]:
        print(f"  {seconds:7.3f} {rows:8d}  {sql[:160]}")
    print(f"functions by cumulative time (top {top}):")
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(top)


def duplicates_alone(data: dict, runs: int) -> None:
    """The count of distinct (unit, id) hashes behind F140 on its own (what a record table's one aggregate adds
    when no key is declared: `table_checks._duplicates`), beside the query."""
    from planrules.facts.duckdb_engine import DUCKDB_MEMORY

    for engine in ("parquet", "duckdb"):
        con = _connect_duckdb(engine, data[engine])
        con.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")
        grouping, query = [], []
        for _ in range(runs):
            t0 = time.perf_counter()
            for table in KINDS:
                con.execute(f'SELECT COUNT(*) FILTER (WHERE "id" IS NOT NULL), COUNT(DISTINCT hash("unit", "id")) '
                            f'FILTER (WHERE "id" IS NOT NULL) FROM "{table}"').fetchall()
            grouping.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            con.execute(HANDWRITTEN).fetchall()
            query.append(time.perf_counter() - t0)
        con.close()
        g, q = statistics.median(grouping), statistics.median(query)
        print(f"{engine}: duplicate-id grouping of the {len(KINDS)} record tables {g:.2f} s, hand-written query "
              f"{q:.2f} s ({g / q:.1f}x; medians of {runs}, one process)")


def run_child(spec: dict, timeout: float) -> dict:
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(spec)],
                          capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"child {spec['task']} {spec.get('engine', '')} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------- driver --

def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def dataset(base: Path, communes: int, provinces: int, seed: int, log) -> dict:
    """The national set for `communes` under base/nN (generated unless already there, complete)."""
    folder = base / f"n{communes}"
    done = folder / "complete.json"
    if done.exists():
        info = json.loads(done.read_text())
        log(f"reusing {folder}")
    else:
        if folder.exists():
            shutil.rmtree(folder)
        generate = _generator()
        t0 = time.perf_counter()
        rows = generate.write_national(folder, "parquet", communes=communes, provinces=provinces, seed=seed)
        t1 = time.perf_counter()
        generate.write_national(folder, "duckdb", communes=communes, provinces=provinces, seed=seed)
        t2 = time.perf_counter()
        info = {"rows": rows, "records": sum(n for k, n in rows.items() if k in KINDS),
                "parquet_s": t1 - t0, "duckdb_s": t2 - t1}
        done.write_text(json.dumps(info))
        log(f"generated {folder}: {info['records']:,} records in {t1 - t0:.1f} s (Parquet) + {t2 - t1:.1f} s (DuckDB)")
    keyed = folder / "national-keyed.duckdb"
    if "keyed_s" not in info:
        t0 = time.perf_counter()
        keyed_copy(folder / "national.duckdb", keyed)
        info["keyed_s"] = time.perf_counter() - t0
        done.write_text(json.dumps(info))
        log(f"copied {folder / 'national.duckdb'} with UNIQUE (unit, id) on its record tables in "
            f"{info['keyed_s']:.1f} s")
    info.update(folder=folder, plan=str(folder / "national.plan"), parquet=str(folder / "national"),
                duckdb=str(folder / "national.duckdb"), parquet_mb=_size(folder / "national") / 2**20,
                duckdb_mb=_size(folder / "national.duckdb") / 2**20, keyed=str(keyed),
                keyed_mb=_size(keyed) / 2**20)
    return info


def _keyed_tables(columns_of) -> dict[str, str]:
    """Table -> the column list of its CREATE TABLE, with UNIQUE ("unit", "id") for the record tables."""
    out = {}
    for table in KINDS:
        columns = columns_of(table)
        body = [f'"{c}" {t}' for c, t in columns]
        if {"unit", "id"} <= {c for c, _ in columns}:
            body.append('UNIQUE ("unit", "id")')
        out[table] = ", ".join(body)
    return out


def keyed_copy(plain: Path, keyed: Path) -> None:
    """`plain` copied to `keyed`, its record tables declaring (unit, id) unique, as `planrules schema` does.

    What a reporting database that declares its keys looks like: DuckDB keeps
    the key in an index (building it takes far more memory than reading the
    file, and the file grows), and planrules need not look for duplicate ids."""
    import duckdb

    keyed.unlink(missing_ok=True)
    con = duckdb.connect(str(keyed))
    try:
        con.execute("ATTACH $1 AS plain (READ_ONLY)", [str(plain)])

        def columns_of(table):
            return con.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_catalog = "
                               "'plain' AND table_name = $1 ORDER BY ordinal_position", [table]).fetchall()

        tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                            "WHERE table_catalog = 'plain' ORDER BY 1").fetchall()]
        bodies = _keyed_tables(columns_of)
        for table in tables:
            if table in bodies:
                con.execute(f'CREATE TABLE main."{table}" ({bodies[table]})')
                con.execute(f'INSERT INTO main."{table}" SELECT * FROM plain."{table}"')
            else:
                con.execute(f'CREATE TABLE main."{table}" AS SELECT * FROM plain."{table}"')
    finally:
        con.close()


class Postgres:
    """The server: --postgres, $PLANRULES_TEST_POSTGRES, or one started with .ci/postgres.sh (stopped at close)."""

    def __init__(self, url: str | None, log):
        self.folder = None
        self.url = url or os.environ.get("PLANRULES_TEST_POSTGRES")
        if not self.url:
            done = subprocess.run(["bash", str(ROOT / ".ci/postgres.sh"), "start"], capture_output=True, text=True)
            if done.returncode != 0:
                raise RuntimeError(f"could not start PostgreSQL: {done.stderr.strip()[-500:]}")
            for line in done.stdout.splitlines():
                name, _, value = line.removeprefix("export ").partition("=")
                value = value.strip("'\"")
                if name == "PLANRULES_TEST_POSTGRES":
                    self.url = value
                elif name == "PLANRULES_POSTGRES_DIR":
                    self.folder = value
            log(f"started PostgreSQL ({self.url}, {self.folder})")

    def close(self):
        if self.folder:
            subprocess.run(["bash", str(ROOT / ".ci/postgres.sh"), "stop", self.folder], capture_output=True)


def load_postgres(pg: Postgres, data: dict, schema: str, keep: bool, log) -> float | None:
    """The set `data` written into `schema` with sources.write_postgres (None: reused); seconds taken."""
    import psycopg

    from planrules.facts import sources

    with psycopg.connect(pg.url, autocommit=True) as con:
        have = all(con.execute("SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE schemaname = %s",
                               [name]).fetchone()[0] for name in (schema, schema + "_keyed"))
        if have and keep:
            log(f"reusing PostgreSQL schema {schema}")
            return None
        con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    rules = _rules(data["plan"])
    t0 = time.perf_counter()
    with sources.FolderSource(data["parquet"]) as source:
        facts = source.facts(rules.vocabulary)
    sources.write_postgres(facts, pg.url, rules.vocabulary, schema=schema)
    with psycopg.connect(pg.url, autocommit=True) as con:
        for (table,) in con.execute("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = %s",
                                    [schema]).fetchall():
            con.execute(f'ANALYZE "{schema}"."{table}"')
    del facts
    seconds = time.perf_counter() - t0
    log(f"loaded {data['records']:,} records into PostgreSQL schema {schema} in {seconds:.0f} s")
    keyed = schema + "_keyed"
    with psycopg.connect(pg.url, autocommit=True) as con:  # the same tables, (unit, id) declared unique
        con.execute(f'DROP SCHEMA IF EXISTS "{keyed}" CASCADE')
        con.execute(f'CREATE SCHEMA "{keyed}"')
        tables = [r[0] for r in con.execute("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = %s "
                                            "ORDER BY 1", [schema]).fetchall()]
        for table in tables:
            con.execute(f'CREATE TABLE "{keyed}"."{table}" AS SELECT * FROM "{schema}"."{table}"')
            if table in KINDS:
                con.execute(f'ALTER TABLE "{keyed}"."{table}" ADD UNIQUE ("unit", "id")')
            con.execute(f'ANALYZE "{keyed}"."{table}"')
    return seconds


def drop_schema(pg: Postgres, schema: str) -> None:
    import psycopg

    with psycopg.connect(pg.url, autocommit=True) as con:
        con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        con.execute(f'DROP SCHEMA IF EXISTS "{schema}_keyed" CASCADE')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=3321)
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the generated data in this folder")
    parser.add_argument("--quick", action="store_true", help="a small smoke size: 40 communes, 1 run")
    parser.add_argument("--python-sizes", default="100,300", help="sizes at which the in-Python path is measured")
    parser.add_argument("--postgres-communes", type=int, default=100)
    parser.add_argument("--postgres", help="a PostgreSQL URL (default: $PLANRULES_TEST_POSTGRES, else a server "
                                           "started with .ci/postgres.sh)")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--default-evidence-max", type=int, default=300,
                        help="largest set on which evidence='records' (the default) is measured")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed to one child run")
    parser.add_argument("--profile", choices=("parquet", "duckdb"),
                        help="instead: profile one planrules run on the --keep DIR set of --communes")
    parser.add_argument("--duplicates-alone", action="store_true",
                        help="instead: time only the duplicate-id grouping planrules runs on an undeclared key, "
                             "on the --keep DIR set, beside the hand-written query (a lower bound)")
    parser.add_argument("--second-run", dest="second_run", action="store_true",
                        help="also time evaluating the unchanged Parquet folder, DuckDB file (and PostgreSQL "
                             "schema) again, each run a new process with the compile cache, where a first run left "
                             "the validation it passed (docs/sql.md, Validate once)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return 0
    if args.profile:
        if not args.keep:
            parser.error("--profile needs --keep DIR (the data set to profile, generated if missing)")
        data = dataset(args.keep, args.communes, args.provinces, args.seed, lambda text: None)
        profile(data["plan"], args.profile, data[args.profile])
        return 0
    if args.duplicates_alone:
        if not args.keep:
            parser.error("--duplicates-alone needs --keep DIR (the data set, generated if missing)")
        duplicates_alone(dataset(args.keep, args.communes, args.provinces, args.seed, lambda text: None), args.runs)
        return 0
    if args.quick:
        args.communes, args.runs, args.python_sizes, args.postgres_communes = 40, 1, "10,20", 10
    python_sizes = sorted({int(x) for x in args.python_sizes.split(",") if x.strip()})
    if args.communes < 1 or args.runs < 1 or len(python_sizes) < 1 or min(python_sizes) < 1:
        parser.error("--communes, --runs and every --python-sizes must be at least 1")

    def log(text):
        print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)

    base = args.keep if args.keep else Path(tempfile.mkdtemp(prefix="planrules-sql-", dir="/tmp"))
    base.mkdir(parents=True, exist_ok=True)
    sizes = sorted({args.communes, *python_sizes, *(() if args.no_postgres else (args.postgres_communes,))})
    need = sum(sizes) * 170_000  # about 70 kB of Parquet and 90 kB of DuckDB per commune
    free = shutil.disk_usage(base).free
    if free < 2 * need:
        print(f"not enough disk under {base}: {free / 2**30:.1f} GiB free, about {need / 2**30:.1f} GiB needed",
              file=sys.stderr)
        return 2
    pg = None
    schema = f"bench_sql_n{args.postgres_communes}_s{args.seed}"
    try:
        data = {n: dataset(base, n, args.provinces, args.seed, log) for n in sizes}
        try:
            import planrules.evaluation.rollup  # noqa: F401
            has_rollup = True
        except ImportError:
            has_rollup = False
        main_set = data[args.communes]
        pg_load = None
        if not args.no_postgres:
            pg = Postgres(args.postgres, log)
            pg_load = load_postgres(pg, data[args.postgres_communes], schema, bool(args.keep), log)
            pg_where = [pg.url, schema]
            pg_keyed = [pg.url, schema + "_keyed"]

        # ------------------------------------------------------------ verification
        checks = []
        for engine, where in (("parquet", "parquet"), ("duckdb", "duckdb"), ("duckdb", "keyed")):
            checks.append((f"planrules {where} n={args.communes}", dict(
                task="planrules", engine=engine, where=main_set[where], evidence="problems", rollup=True,
                plan=main_set["plan"], verify=True, check_engine="duckdb", check_where=main_set["duckdb"])))
        for n in python_sizes:
            d = data[n]
            checks.append((f"in Python n={n}", dict(task="python", where=d["parquet"], plan=d["plan"], rollup=True,
                                                    verify=True, check_engine="parquet")))
            checks.append((f"planrules evidence=records n={n}", dict(
                task="planrules", engine="parquet", where=d["parquet"], evidence="records", rollup=True,
                plan=d["plan"], verify=True)))
        if pg:
            d = data[args.postgres_communes]
            checks.append((f"planrules PostgreSQL n={args.postgres_communes}", dict(
                task="planrules", engine="postgres", where=pg_where, evidence="problems", rollup=True,
                plan=d["plan"], verify=True)))
            checks.append((f"planrules PostgreSQL keyed n={args.postgres_communes}", dict(
                task="planrules", engine="postgres", where=pg_keyed, evidence="problems", rollup=True,
                plan=d["plan"], verify=True, check_engine="postgres", check_where=pg_where)))
        failed = False
        verified = {}
        for label, spec in checks:
            log(f"verifying {label}")
            result = run_child(spec, args.timeout)
            verified[label] = result
            if result["mismatches"]:
                failed = True
                print(f"MISMATCH {label}:", *result["mismatches"], sep="\n  ")
        if failed:
            print("planrules' figures differ from the hand-written query's: nothing timed")
            return 1

        # ------------------------------------------------------------ measurements
        measurements: list[tuple[str, int, dict]] = []  # (label, communes, spec)

        def planrules_spec(engine, where, plan, evidence="problems"):
            return dict(task="planrules", engine=engine, where=where, evidence=evidence, rollup=has_rollup,
                        plan=plan)

        n = args.communes
        measurements += [
            ("planrules Parquet, evidence=problems", n,
             planrules_spec("parquet", main_set["parquet"], main_set["plan"])),
            ("planrules DuckDB, evidence=problems", n,
             planrules_spec("duckdb", main_set["duckdb"], main_set["plan"])),
            ("hand-written query, Parquet", n, dict(task="handwritten", engine="parquet", where=main_set["parquet"])),
            ("hand-written query, DuckDB", n, dict(task="handwritten", engine="duckdb", where=main_set["duckdb"])),
            (KEYED_DUCKDB, n, planrules_spec("duckdb", main_set["keyed"], main_set["plan"])),
        ]
        if n <= args.default_evidence_max:
            measurements.append(("planrules Parquet, evidence=records (default)", n,
                                 planrules_spec("parquet", main_set["parquet"], main_set["plan"], "records")))
        for m in python_sizes:
            d = data[m]
            if m != n:
                measurements += [
                    ("planrules Parquet, evidence=problems", m, planrules_spec("parquet", d["parquet"], d["plan"])),
                    ("hand-written query, Parquet", m, dict(task="handwritten", engine="parquet", where=d["parquet"])),
                ]
                if m <= args.default_evidence_max:
                    measurements.append(("planrules Parquet, evidence=records (default)", m,
                                         planrules_spec("parquet", d["parquet"], d["plan"], "records")))
            measurements.append(("in Python: load every record, evaluate", m,
                                 dict(task="python", where=d["parquet"], plan=d["plan"], rollup=has_rollup)))
        if pg:
            d = data[args.postgres_communes]
            measurements += [
                ("planrules PostgreSQL, evidence=problems", args.postgres_communes,
                 planrules_spec("postgres", pg_where, d["plan"])),
                ("hand-written query, PostgreSQL", args.postgres_communes,
                 dict(task="handwritten", engine="postgres", where=pg_where)),
                (KEYED_POSTGRES, args.postgres_communes, planrules_spec("postgres", pg_keyed, d["plan"])),
            ]
        if args.second_run:
            second = [("planrules Parquet, second run (validation reused)", n, "parquet", main_set["parquet"]),
                      ("planrules DuckDB, second run (validation reused)", n, "duckdb", main_set["duckdb"])]
            if pg:
                second.append(("planrules PostgreSQL, second run (validation reused)", args.postgres_communes,
                               "postgres", pg_where))
            for label, size, engine, where in second:
                spec = {**planrules_spec(engine, where, data[size]["plan"]),
                        "cache": tempfile.mkdtemp(prefix="cache-", dir=base)}
                log(f"first run, leaving its validation in the cache: {label}, {size} communes")
                primed = run_child(spec, args.timeout)
                log(f"  validation took {primed.get('validation', 0):.2f} s")
                measurements.append((label, size, spec))
        results: dict[tuple[str, int], list[dict]] = {}
        for r in range(args.runs):
            for label, size, spec in measurements:
                log(f"run {r + 1}/{args.runs}: {label}, {size} communes")
                results.setdefault((label, size), []).append(run_child(spec, args.timeout))
        report(args, data, sizes, python_sizes, results, verified, has_rollup, pg_load)
        return 0
    finally:
        if pg is not None:
            if not args.keep:
                try:
                    drop_schema(pg, schema)
                except Exception as error:  # noqa: BLE001 - cleaning up, say it and go on
                    log(f"could not drop schema {schema}: {error}")
            pg.close()
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


def _median(results: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in results)


def report(args, data, sizes, python_sizes, results, verified, has_rollup, pg_load) -> None:
    n = args.communes
    main_set = data[n]
    rows = main_set["rows"]
    print(f"national fact set: {n} communes in {args.provinces} provinces, {main_set['records']:,} records "
          f"({', '.join(f'{k} {rows[k]:,}' for k in KINDS)}; counts {rows['counts']:,}, units {rows['units']:,})")
    print(f"  Parquet {main_set['parquet_mb']:.0f} MB, DuckDB {main_set['duckdb_mb']:.0f} MB"
          + (f"; generated in {main_set['parquet_s']:.0f} s (Parquet) and {main_set['duckdb_s']:.0f} s (DuckDB)"
             if "parquet_s" in main_set else ""))
    first = results[("planrules Parquet, evidence=problems", n)][0]
    print(f"plan: QĐ 534's 8 plan-level targets + 2 of KH 104 (bench/generate.py national_plan_text), {n} units; "
          f"compiled in {first['compile']:.2f} s (not in the figures below); as_of {AS_OF}")
    print(f"  {first['verdicts']:,} verdicts {first['statuses']}"
          + (f"; roll-up: {first['aggregates']} aggregates over {args.provinces} provinces" if has_rollup
             else "; planrules.evaluation.rollup missing: verdicts only"))
    print("verified before timing (figures of every unit and target = the hand-written query's; "
          "roll-up sums = the units'): " + ", ".join(verified))
    import platform

    import duckdb
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, duckdb {duckdb.__version__}; "
          f"{args.runs} runs, each a fresh process; seconds from opening the source to the last "
          f"{'aggregate' if has_rollup else 'verdict'}")
    print()
    print(f"{'measurement':52} {'communes':>8} {'median s':>9} {'peak MB':>8}  runs (s)")
    for (label, size), runs in sorted(results.items(), key=lambda kv: (kv[0][1] != n, kv[0][1], kv[0][0])):
        seconds = _median(runs, "seconds")
        print(f"{label:52} {size:8} {seconds:9.2f} {max(r['maxrss_mb'] for r in runs):8.0f}  "
              + " ".join(f"{r['seconds']:.2f}" for r in runs))
        if label.startswith("in Python"):
            print(f"  (load {_median(runs, 'load'):.2f} s, evaluate {_median(runs, 'evaluate'):.2f} s)")
    print()

    def med(label, size):
        runs = results.get((label, size))
        return None if runs is None else _median(runs, "seconds")

    print("ratios (medians of this run):")
    verdict_ok = []
    for engine in ("Parquet", "DuckDB"):
        ours, floor = med(f"planrules {engine}, evidence=problems", n), med(f"hand-written query, {engine}", n)
        ratio = ours / floor
        verdict_ok.append(ratio <= 2)
        print(f"  planrules / hand-written query, {engine}, {n} communes: {ratio:.2f}x (target <= 2x: "
              f"{'met' if ratio <= 2 else 'MISSED'})")
    points = [(m, med("in Python: load every record, evaluate", m)) for m in python_sizes]
    for m, t in points:
        ours = med("planrules Parquet, evidence=problems", m)
        print(f"  in Python / planrules Parquet, {m} communes (measured): {t / ours:.1f}x")
    if len(points) >= 2:
        (n1, t1), (n2, t2) = points[0], points[-1]
        slope = (t2 - t1) / (n2 - n1)
        estimate = t1 + slope * (n - n1)
        mem = [max(r["maxrss_mb"] for r in results[("in Python: load every record, evaluate", m)]) for m in (n1, n2)]
        mem_estimate = mem[0] + (mem[1] - mem[0]) / (n2 - n1) * (n - n1)
    else:
        (n1, t1), = points
        estimate, mem_estimate = t1 * n / n1, None
        n2 = n1
    if n not in python_sizes:
        ours = med("planrules Parquet, evidence=problems", n)
        print(f"  in Python, {n} communes: EXTRAPOLATED linearly from {n1} and {n2} communes "
              f"({', '.join(f'{t:.1f} s at {m}' for m, t in points)}): about {estimate:.0f} s"
              + (f" and {mem_estimate / 1024:.1f} GB" if mem_estimate else ""))
        ratio = estimate / ours
        print(f"  in Python (extrapolated) / planrules Parquet, {n} communes: {ratio:.1f}x (target >= 10x: "
              f"{'met' if ratio >= 10 else 'MISSED'})")
    keyed = med(KEYED_DUCKDB, n)
    print(f"  planrules on DuckDB with (unit, id) declared UNIQUE / hand-written query, DuckDB, {n} communes: "
          f"{keyed / med('hand-written query, DuckDB', n):.2f}x (no grouping for duplicate ids; the copy is "
          f"{main_set['keyed_mb']:.0f} MB against {main_set['duckdb_mb']:.0f} MB, made in {main_set['keyed_s']:.0f} s)")
    peak = max(max(r["maxrss_mb"] for r in results[label])
               for label in ((f"planrules {e}, evidence=problems", n) for e in ("Parquet", "DuckDB")))
    print(f"  peak memory of planrules, {n} communes: {peak:.0f} MB (target < 1024 MB: "
          f"{'met' if peak < 1024 else 'MISSED'})")
    for m in sorted({m for (label, m) in results if label.endswith("(default)")}):
        default, problems = med("planrules Parquet, evidence=records (default)", m), med(
            "planrules Parquet, evidence=problems", m)
        print(f"  evidence=records (default) / evidence=problems, {m} communes: {default / problems:.1f}x")
    for (label, size), runs in sorted(results.items()):
        if "second run" not in label:
            continue
        engine = label.split(",")[0].removeprefix("planrules ")
        first, floor = med(f"planrules {engine}, evidence=problems", size), med(f"hand-written query, {engine}", size)
        reused = sum(bool(r.get("reused")) for r in runs)
        print(f"  {label} / hand-written query, {engine}, {size} communes: {med(label, size) / floor:.2f}x "
              f"(first run {first / floor:.2f}x; the validation reused in {reused} of {len(runs)} runs"
              + ("" if reused == len(runs) else ": NOT ALWAYS, the source was checked again") + ")")
    if not args.no_postgres:
        p = args.postgres_communes
        ours, floor = med("planrules PostgreSQL, evidence=problems", p), med("hand-written query, PostgreSQL", p)
        print(f"  planrules / hand-written query, PostgreSQL, {p} communes: {ours / floor:.2f}x"
              + (f" (loaded with write_postgres in {pg_load:.0f} s)" if pg_load else ""))
        print(f"  planrules with (unit, id) declared UNIQUE / hand-written query, PostgreSQL, {p} communes: "
              f"{med(KEYED_POSTGRES, p) / floor:.2f}x")


if __name__ == "__main__":
    sys.exit(main())
