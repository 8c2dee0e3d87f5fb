"""A national year from another team's database, through a mapping file alone (issue 19).

    python3 bench/national.py [--communes 3321] [--runs 3] [--keep DIR] [--seed 1]
                              [--postgres URL [--postgres-communes 1000]] [--duckdb] [--quick]

bench/foreign.py writes the national year (--communes communes, about 10,470
records each) as another team's database: Parquet files with its own names,
codes and shapes (commune codes, ASCII category codes, Y/N and 0/1 booleans,
year columns, rows without ids, a `reports` table, its own communes and
provinces tables, every commune named by the database's own code and known
to the plan's reports by its official one).
planrules reads it through bench/foreign.mapping.toml and nothing else,
judging the plan bench/foreign.py writes (QĐ 534's plan-level targets and two
of KH 104's, for every commune the database lists) as of 31/12/2026, with
`evidence="problems"`, rolled up by province (`--group-by tỉnh`: the
provinces table's units, each commune's parent).

Each figure is the median of --runs runs, every run of every measurement in a
fresh child process (runs interleaved). Seconds run from opening the source
to the query's last row, or to planrules' roll-up: imports and compiling the
plan are outside, on both sides ("process s" is the child's whole life). "CPU s"
is the child's CPU time over the same span, every thread's (DuckDB's included):
on a machine shared with other work, where waiting for a core inflates every
wall-clock figure, and a multi-threaded query more than Python, its ratio is the
steadier one. On PostgreSQL the work is the server's, not the child's: no CPU ratio
is given there (the child's CPU s is its own share: reading rows, judging). Peak
memory is the child's own peak resident size (VmHWM: what ru_maxrss would
say, had Linux not carried the parent's over an exec). Measured:

- the floor: ONE hand-written DuckDB query over the foreign Parquet files
  (`FOREIGN_QUERY`), with the foreign shape's adaptations written by hand in
  SQL, computing every commune's numerators and denominators;
- planrules' first evaluation through the mapping: validation included, the
  compile cache empty (a new folder); then every verdict and the roll-up
  written to Parquet (`eval --output`), timed apart, when this planrules has
  `Pipeline.write_tables`;
- planrules again, the source unchanged, in a new process keeping the cache
  the first made;
- for comparison, the same two on the same facts in the plan's own layout
  (bench/foreign.py --twin), no mapping;
- with --duckdb, the query and planrules' two evaluations on the same year
  copied into one DuckDB file whose tables declare the keys the reporting
  system's database keeps (`keyed_duckdb`: PRIMARY KEY (commune_code,
  dossier_no), ...; made once, beside the Parquet files): the database proves
  each (unit, id) unique, so planrules does not search for duplicate ids there
  (docs/sql.md, "Keys the database keeps"), where Parquet cannot say so;
- with --postgres URL, the query and planrules' two evaluations on PostgreSQL
  holding --postgres-communes communes of the same shape, in a database of
  their own on that server (made by bench/foreign.py with COPY, with the keys
  the reporting system's database keeps, vacuumed), once the server is at
  rest (`settle`: its WAL position standing still, as a nightly copy's does).

Before anything is timed, planrules' figures through the mapping (part and
whole of a share, what its exclusion left out, baseline and current of a cut,
records, broken and unclear of a cap, `unknown` where the query says a figure
is unknown) are compared with the query's for every commune and target, the
roll-up's sums with the communes', and, on Parquet and the DuckDB file, planrules' report and
roll-up through the mapping with those on the plan's own layout: a difference
is printed and the run exits with status 1, nothing timed. --keep DIR keeps
(and reuses) the generated data and the PostgreSQL database; without it
everything is written under a temporary folder and dropped at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
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

MAPPING = BENCH / "foreign.mapping.toml"
AS_OF = "2026-12-31"
YEAR = 2026
CAP_START = "2026-03-31"  # the plan's date: its caps bind conferences from that day on
CAPS = {"quán_triệt": ("qt", "quan_triet", "0.5"), "chuyên_môn": ("cm", "chuyen_mon", "1"),
        "quan_trọng": ("qtr", "quan_trong", "1.5")}
GROUP_BY = "tỉnh"


def _module(name: str, file: str):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCH / file)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


foreign = _module("bench_foreign", "foreign.py")
bench_sql = _module("bench_sql", "sql.py")


# ------------------------------------------------------ the hand-written query --

def _caps_sql() -> str:
    out = []
    for short, code, limit in CAPS.values():
        scope = f"held_on >= DATE '{CAP_START}'"
        out += [
            f"COUNT(*) FILTER (WHERE {scope} AND type_code = '{code}') AS {short}_records",
            f"COUNT(*) FILTER (WHERE {scope} AND (type_code IS NULL OR (type_code = '{code}' "
            f"AND duration_days IS NULL))) AS {short}_unclear",
            f"COUNT(*) FILTER (WHERE {scope} AND type_code = '{code}' AND duration_days > {limit}) AS {short}_broken",
        ]
    return ",\n           ".join(out)


# One statement, the same text on DuckDB (views over the Parquet files, or a DuckDB file) and PostgreSQL: per
# commune and year (NULL: an undated record, or the staff list, which has no date), every figure the plan's
# targets need, with the foreign shape read by hand: 'Y'/'N' and 0/1 booleans, ASCII type codes, year columns,
# record kinds as codes, `reports` rows saying a commune reported a kind for a year (possibly zero records), and
# the surveys' rates as the number of percent (compared with 90, not 0.9).
FOREIGN_QUERY = f"""
WITH hn AS (
    SELECT commune_code AS unit, CAST(EXTRACT(YEAR FROM held_on) AS INTEGER) AS year, COUNT(*) AS hn_all,
           COUNT(*) FILTER (WHERE online IS NULL) AS hn_online_null,
           COUNT(*) FILTER (WHERE online = 'Y') AS hn_online,
           {_caps_sql()}
    FROM conferences WHERE held_on IS NULL OR held_on <= DATE '{AS_OF}' GROUP BY 1, 2),
bh AS (
    SELECT commune_code AS unit, CAST(EXTRACT(YEAR FROM issued_on) AS INTEGER) AS year, COUNT(*) AS bh_all,
           COUNT(*) FILTER (WHERE digitised IS NULL) AS bh_digitised_null,
           COUNT(*) FILTER (WHERE digitised = 1) AS bh_digitised,
           COUNT(*) FILTER (WHERE administrative IS NULL) AS bh_admin_null,
           COUNT(*) FILTER (WHERE administrative = 1) AS bh_admin
    FROM docs_issued WHERE issued_on IS NULL OR issued_on <= DATE '{AS_OF}' GROUP BY 1, 2),
vg AS (
    SELECT commune_code AS unit, CAST(report_year AS INTEGER) AS year, COUNT(*) AS vg_all,
           COUNT(*) FILTER (WHERE secret IS NULL OR electronic IS NULL) AS vg_null,
           COUNT(*) FILTER (WHERE secret = 'N') AS vg_not_secret,
           COUNT(*) FILTER (WHERE electronic = 'Y' AND secret = 'N') AS vg_electronic
    FROM docs_sent WHERE report_year IS NULL OR report_year <= {YEAR} GROUP BY 1, 2),
hs AS (
    SELECT commune_code AS unit, CAST(received_year AS INTEGER) AS year, COUNT(*) AS hs_all,
           COUNT(*) FILTER (WHERE online IS NULL) AS hs_online_null,
           COUNT(*) FILTER (WHERE online = 1) AS hs_online
    FROM dossiers WHERE received_year IS NULL OR received_year <= {YEAR} GROUP BY 1, 2),
cb AS (
    SELECT commune_code AS unit, CAST(NULL AS INTEGER) AS year, COUNT(*) AS cb_all,
           COUNT(*) FILTER (WHERE digital_skills IS NULL) AS cb_trained_null,
           COUNT(*) FILTER (WHERE digital_skills) AS cb_trained
    FROM staff GROUP BY 1),
base AS (
    SELECT commune_code AS unit, CAST(year AS INTEGER) + 1 AS year,
           SUM(total) FILTER (WHERE record_kind = 'hội_nghị' AND administrative IS NULL) AS hn_base,
           SUM(total) FILTER (WHERE record_kind = 'văn_bản_ban_hành' AND administrative) AS bh_admin_base
    FROM annual_counts GROUP BY 1, 2),
ks AS (
    SELECT commune_code AS unit, CAST(EXTRACT(YEAR FROM surveyed_on) AS INTEGER) AS year,
           COUNT(*) FILTER (WHERE surveyed_on >= DATE '{CAP_START}') AS ks_records,
           COUNT(*) FILTER (WHERE surveyed_on >= DATE '{CAP_START}' AND satisfied_pct IS NULL) AS ks_unclear,
           COUNT(*) FILTER (WHERE surveyed_on >= DATE '{CAP_START}' AND satisfied_pct < 90) AS ks_broken
    FROM surveys WHERE surveyed_on IS NULL OR surveyed_on <= DATE '{AS_OF}' GROUP BY 1, 2),
rep AS (
    SELECT commune_code AS unit, CAST(year AS INTEGER) AS year,
           COUNT(*) FILTER (WHERE record_type = 'CONF') AS hn_reported,
           COUNT(*) FILTER (WHERE record_type = 'DOC_ISSUED') AS bh_reported,
           COUNT(*) FILTER (WHERE record_type = 'DOC_SENT') AS vg_reported,
           COUNT(*) FILTER (WHERE record_type = 'DOSSIER') AS hs_reported
    FROM reports GROUP BY 1, 2)
SELECT * FROM hn FULL JOIN bh USING (unit, year) FULL JOIN vg USING (unit, year)
    FULL JOIN hs USING (unit, year) FULL JOIN cb USING (unit, year) FULL JOIN base USING (unit, year)
    FULL JOIN ks USING (unit, year) FULL JOIN rep USING (unit, year)
"""


def connect(engine: str, where):
    """A connection to the foreign database: views over a Parquet folder, a DuckDB file, or a PostgreSQL schema."""
    if engine == "postgres":
        return bench_sql._postgres(where)
    return bench_sql._connect_duckdb(engine, where)


def hand_query(engine: str, where) -> tuple[list[str], list[tuple]]:
    """Run the hand-written query: (column names, rows)."""
    con = connect(engine, where)
    try:
        cursor = con.execute(FOREIGN_QUERY)
        names = [c.name for c in cursor.description] if engine == "postgres" else [c[0] for c in cursor.description]
        return names, cursor.fetchall()
    finally:
        con.close()


def expected_figures(columns: list[str], rows: list[tuple], year: int = YEAR) -> dict:
    """commune -> (metric, category) -> None (unknown) or {figure: value}, as planrules names its figures and its
    communes (by their official codes: the query groups by the database's own, `VN-00001`).

    A commune that reported a kind for the year and has no record of it has a true zero (a share 0 of 0, a cut
    to 0, a cap over no conference: `count` 0); one that neither reported it nor has records is unknown, as is
    any figure a record lacking a field or its date (or year) leaves open."""
    dated: dict[str, dict] = {}
    undated: dict[str, dict] = {}
    for row in rows:
        r = {c: (int(v) if v is not None and not isinstance(v, str) else v) for c, v in zip(columns, row)}
        target = dated if r["year"] == year else undated if r["year"] is None else None
        if target is not None:
            target.setdefault(r["unit"], {}).update({k: v for k, v in r.items() if v is not None})
    out = {}
    for unit in set(dated) | set(undated):
        r, u = dated.get(unit, {}), undated.get(unit, {})

        def known(kind):
            """'records', 'zero' (reported, no record) or None (unknown: undated records, or nothing at all)."""
            if u.get(f"{kind}_all"):
                return None
            if r.get(f"{kind}_all"):
                return "records"
            return "zero" if r.get(f"{kind}_reported") else None

        def share(kind, null, part, whole, excluded=False):
            state = known(kind)
            if state is None or (state == "records" and r.get(null)):
                return None
            figures = {"part": r.get(part, 0), "whole": r.get(whole, 0)}
            if excluded:
                figures["excluded"] = r.get(f"{kind}_all", 0) - r.get(whole, 0)
            return figures

        def cut(kind, null, current, baseline):
            state = known(kind)
            if state is None or (null and state == "records" and r.get(null)) or r.get(baseline) is None:
                return None
            return {"baseline": r[baseline], "current": r.get(current, 0)}

        e = {
            ("tỷ_lệ_hội_nghị_trực_tuyến", None): share("hn", "hn_online_null", "hn_online", "hn_all"),
            ("giảm_hội_nghị", None): cut("hn", None, "hn_all", "hn_base"),
            ("tỷ_lệ_hồ_sơ_trực_tuyến", None): share("hs", "hs_online_null", "hs_online", "hs_all"),
            ("tỷ_lệ_số_hóa_văn_bản", None): share("bh", "bh_digitised_null", "bh_digitised", "bh_all"),
            ("tỷ_lệ_văn_bản_điện_tử", None): share("vg", "vg_null", "vg_electronic", "vg_not_secret", True),
            ("giảm_văn_bản_hành_chính", None): cut("bh", "bh_admin_null", "bh_admin", "bh_admin_base"),
        }
        state = known("hn")
        for category, (short, _, _) in CAPS.items():
            e[("thời_lượng_hội_nghị", category)] = (
                None if state is None else {"count": 0} if state == "zero" else
                {"records": r[f"{short}_records"], "broken": r[f"{short}_broken"], "unclear": r[f"{short}_unclear"]})
        e[("mức_hài_lòng", None)] = (  # each survey's rate, written 0-100, against 90%: read by hand as percents
            None if u.get("ks_records") else {"records": r.get("ks_records", 0), "broken": r.get("ks_broken", 0),
                                              "unclear": r.get("ks_unclear", 0)})
        staff = {**u, **r}
        e[("tỷ_lệ_đào_tạo_kỹ_năng_số", None)] = (
            None if staff.get("cb_trained_null") or "cb_all" not in staff
            else {"part": staff["cb_trained"], "whole": staff["cb_all"]})
        out[foreign.gso_code(int(unit[3:]))] = e  # VN-00001: the first commune
    return out


# Differences between planrules' verdicts (and roll-up sums) and the hand-written figures: the same comparison
# bench/sql.py makes (the figures differ in how they are computed here, not in how they are compared).
compare = bench_sql.compare


def _masked(text: str, records: tuple[str, ...]) -> str:
    """`text` with the names of the records it lists as "<record>": each database names its records its own way
    (an id, or its table and row: `docs_sent.parquet (văn_bản_gửi[3])` here, `văn_bản_gửi.parquet …` there)."""
    import re

    for name in sorted(records, key=len, reverse=True):  # as listed: after ": " or ", ", before "," "." or " ("
        text = re.sub(rf"(?<=: |, ){re.escape(name)}(?=,|\.|;| \(|$)", "<record>", text)
    return text


def _named(v) -> tuple[str, ...]:
    return (*v.records, *(x.record for x in v.violations))


def _broken(v) -> list[tuple]:
    """A verdict's violations without the records' names: value, cap and category of each."""
    return [(x.value, x.limit, x.category) for x in v.violations]


def differences(through, twin, limit: int = 20) -> list[str]:
    """Where the report through the mapping differs from the report on the same facts in the plan's layout:
    units, and each verdict's unit, rule, period, status, value, figures, how many records and violations it
    lists, and its explanation in both languages, the records' names aside (`_masked`)."""
    def key(v):
        return (v.unit, v.rule, str(v.period))

    problems = []
    if through.units != twin.units:
        problems.append(f"units: {len(through.units)} through the mapping, {len(twin.units)} in the plan's layout")
    theirs = {key(v): v for v in twin.verdicts}
    for v in through.verdicts:
        w = theirs.pop(key(v), None)
        if w is None:
            problems.append(f"{key(v)}: only through the mapping")
        elif (v.status, v.figures, v.value) != (w.status, w.figures, w.value):
            problems.append(f"{key(v)}: {v.status.value} {v.figures} through the mapping, "
                            f"{w.status.value} {w.figures} in the plan's layout")
        elif (len(v.records), _broken(v)) != (len(w.records), _broken(w)):
            problems.append(f"{key(v)}: {len(v.records)} records and the violations {_broken(v)} listed through "
                            f"the mapping, {len(w.records)} and {_broken(w)} in the plan's layout")
        else:
            said = [(lang, _masked(v.explain(lang), _named(v)), _masked(w.explain(lang), _named(w)))
                    for lang in ("en", "vi")]
            problems += [f"{key(v)}: explained {a!r} through the mapping, {b!r} in the plan's layout ({lang})"
                         for lang, a, b in said if a != b]
    problems += [f"{k}: only in the plan's layout" for k in theirs]
    return problems[:limit] + ([f"… {len(problems) - limit} more"] if len(problems) > limit else [])


def rollup_differences(through, twin, limit: int = 20) -> list[str]:
    """Where the roll-up through the mapping differs from the roll-up of the plan's layout: the groups and their
    units, and each aggregate's group, rule, period, status, value, figures, coverage and failing units."""
    problems = []
    if through.groups != twin.groups:
        problems.append(f"groups: {[(g.name, len(g.units)) for g in through.groups]} through the mapping, "
                        f"{[(g.name, len(g.units)) for g in twin.groups]} in the plan's layout")

    def seen(a):
        return (a.group, a.rule, a.period, a.status, a.value, a.figures, a.coverage, a.failing)

    ours, theirs = [seen(a) for a in through.aggregates], [seen(a) for a in twin.aggregates]
    problems += [f"roll-up {mine[:3]}: {mine[3:]} through the mapping, {other[3:]} in the plan's layout"
                 for mine, other in zip(ours, theirs) if mine != other]
    if len(ours) != len(theirs):
        problems.append(f"roll-up: {len(ours)} aggregates through the mapping, {len(theirs)} in the plan's layout")
    return problems[:limit] + ([f"… {len(problems) - limit} more"] if len(problems) > limit else [])


# --------------------------------------------------------------- child runs --

def evaluate(plan: str, engine: str, where, *, mapping: str | None, cache_dir: str | None,
             evidence: str = "problems", as_of: str = AS_OF, output: str | None = None, trust: bool = False):
    """planrules on the source (through `mapping`), rolled up by province: (evaluation, seconds of each phase).
    With `output`, a folder, every verdict and the roll-up are then written there as Parquet (`eval --output`),
    timed apart (`output`), when this planrules can (`Pipeline.write_tables`). `trust`: PostgreSQL's statistics
    are believed to show a change (`--trust-unchanged-source`, docs/sql.md "Validate once")."""
    from planrules.pipeline import Pipeline

    times = {}
    t0 = time.perf_counter()
    cache = None
    if cache_dir is not None:
        from planrules.tooling.cache import Cache

        cache = Cache(cache_dir)
    pipeline = Pipeline(cache=cache)
    rules = pipeline.rules(plan)
    times["compile"] = time.perf_counter() - t0
    t1, c1 = time.perf_counter(), time.process_time()
    options = {"evidence": evidence}
    if mapping is not None:
        options["mapping"] = mapping
    if trust:
        options["trust_unchanged_source"] = True
    if engine == "postgres" and where[1] != "public":
        raise ValueError("planrules reads a connection string's public schema: load the year into a database")
    fitted = pipeline.fit(rules, where[0] if engine == "postgres" else where, **options)
    evaluation = pipeline.evaluate(fitted, dt.date.fromisoformat(as_of), group_by=GROUP_BY)
    validation = getattr(fitted.source, "validation", None)  # did an earlier validation stand for this one?
    times["reused"] = bool(getattr(validation, "reused", False))
    if cache is not None:
        cache.close()
    times["seconds"] = time.perf_counter() - t1
    times["cpu"] = time.process_time() - c1
    if output is not None and hasattr(pipeline, "write_tables"):
        t2 = time.perf_counter()
        pipeline.write_tables(evaluation, output)
        times["output"] = time.perf_counter() - t2
    return evaluation, times


def child(spec: dict) -> dict:
    """One measurement (the child process's whole purpose): seconds, peak memory, and the check when asked."""
    task = spec["task"]
    import duckdb  # noqa: F401 - imports are not timed, on either side: the process's wall time includes them

    if spec["engine"] == "postgres":
        import psycopg  # noqa: F401
    if task != "query":
        import pyarrow.parquet  # noqa: F401 - what writing the verdicts to Parquet imports
        import planrules.facts.sources  # noqa: F401
        import planrules.pipeline  # noqa: F401
    if task == "query":
        t0, c0 = time.perf_counter(), time.process_time()
        columns, rows = hand_query(spec["engine"], spec["where"])
        return {"seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0, "rows": len(rows),
                "maxrss_mb": bench_sql._maxrss_mb()}
    evaluation, out = evaluate(spec["plan"], spec["engine"], spec["where"], mapping=spec.get("mapping"),
                               cache_dir=spec.get("cache"), output=spec.get("output"), trust=spec.get("trust", False))
    out["maxrss_mb"] = bench_sql._maxrss_mb()
    report = evaluation.report
    out["verdicts"] = len(report.verdicts)
    out["statuses"] = {s.value: n for s, n in report.totals().items() if n}
    out["aggregates"] = len(evaluation.rollup.aggregates) if evaluation.rollup else None
    if spec.get("verify"):
        columns, rows = hand_query(spec["engine"], spec["where"])
        out["mismatches"] = compare(report, expected_figures(columns, rows), evaluation.rollup)
        if spec.get("twin"):
            twin, _ = evaluate(spec["plan"], "parquet", spec["twin"], mapping=None, cache_dir=None)
            out["mismatches"] += differences(report, twin.report) + rollup_differences(evaluation.rollup,
                                                                                       twin.rollup)
    return out


def run_child(spec: dict, timeout: float, script: Path | None = None) -> dict:
    """`spec` measured in a new process (`script --child SPEC`, this one's unless said): what it says, and
    `process`, its wall time from start to exit."""
    t0 = time.perf_counter()
    script = script or Path(__file__).resolve()
    done = subprocess.run([sys.executable, str(script), "--child", json.dumps(spec)],
                          capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"child {spec['task']} {spec.get('engine', '')} failed:\n{done.stderr[-4000:]}")
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "process": wall}


# ------------------------------------------------------------------- driver --

def dataset(base: Path, communes: int, provinces: int, seed: int, log) -> dict:
    """The foreign national year of `communes` under base/nN, with its twin (generated unless already there)."""
    folder = base / f"n{communes}"
    done = folder / "complete.json"
    if done.exists():
        info = json.loads(done.read_text())
        log(f"reusing {folder}")
    else:
        if folder.exists():
            shutil.rmtree(folder)
        t0 = time.perf_counter()
        rows = foreign.write_foreign(folder, communes=communes, provinces=provinces, seed=seed, twin=True)
        info = {"rows": rows, "seconds": time.perf_counter() - t0}
        done.write_text(json.dumps(info))
        log(f"generated {folder}: {sum(rows.values()):,} rows in {info['seconds']:.1f} s")
    info.update(plan=str(folder / "national.plan"), parquet=str(folder / "foreign"), twin=str(folder / "twin"),
                parquet_mb=bench_sql._size(folder / "foreign") / 2**20)
    return info


def load_postgres(url: str, communes: int, provinces: int, seed: int, base: Path, keep: bool, log) -> tuple:
    """The foreign year of `communes` in the public schema of a database of its own on the server of `url`
    (made, or reused with --keep): (its connection string, the plan)."""
    import psycopg
    from psycopg.conninfo import make_conninfo

    name = f"bench_foreign_n{communes}_s{seed}"
    where = make_conninfo(url, dbname=name)
    folder = base / f"pg{communes}"
    with psycopg.connect(url, autocommit=True) as con:
        have = con.execute("SELECT COUNT(*) FROM pg_catalog.pg_database WHERE datname = %s", [name]).fetchone()[0]
        if have and keep and (folder / "complete.json").exists():
            log(f"reusing PostgreSQL database {name}")
            return where, str(folder / "national.plan")
        con.execute(f'DROP DATABASE IF EXISTS "{name}"')
        con.execute(f'CREATE DATABASE "{name}"')
    shutil.rmtree(folder, ignore_errors=True)
    t0 = time.perf_counter()
    foreign.write_foreign(folder, communes=communes, provinces=provinces, seed=seed, parquet=False,
                          postgres=(where, "public"))
    (folder / "complete.json").write_text("{}")
    log(f"loaded {communes} communes into PostgreSQL database {name} in {time.perf_counter() - t0:.0f} s")
    return where, str(folder / "national.plan")


def keyed_duckdb(data: dict, log) -> str:
    """The foreign year's Parquet files copied into one DuckDB file beside them (made once, reused with --keep),
    each table declaring the keys the reporting system's database keeps (`foreign.KEYS`: PRIMARY KEY
    (commune_code, dossier_no), ...). planrules then skips the exact search for duplicate ids the database already
    forbids (docs/sql.md, "Keys the database keeps"); Parquet cannot declare a key and keeps it."""
    import duckdb

    folder = Path(data["parquet"])
    path, done = folder.parent / "keyed.duckdb", folder.parent / "keyed.complete"
    if done.exists() and path.exists():
        log(f"reusing {path}")
        return str(path)
    for stale in (path, Path(f"{path}.wal")):
        stale.unlink(missing_ok=True)
    t0 = time.perf_counter()
    con = duckdb.connect(str(path))
    try:
        con.execute("SET enable_progress_bar = false")
        for file in sorted(folder.glob("*.parquet")):
            columns = con.execute("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet($1))",
                                  [str(file)]).fetchall()
            body = ", ".join(f'"{name}" {type_}' for name, type_ in columns)
            key = foreign.KEYS.get(file.stem)
            if key:
                body += ", PRIMARY KEY (" + ", ".join('"' + c + '"' for c in key) + ")"
            con.execute(f'CREATE TABLE "{file.stem}" ({body})')
            con.execute(f'INSERT INTO "{file.stem}" SELECT * FROM read_parquet($1)', [str(file)])
    finally:
        con.close()
    done.write_text("{}")
    log(f"copied {folder} into {path} with its keys in {time.perf_counter() - t0:.0f} s "
        f"({path.stat().st_size / 2**20:.0f} MB)")
    return str(path)


def settle(where: str, log, quiet: float = 20.0, limit: float = 600.0) -> bool:
    """Wait until the server's WAL position stands still for `quiet` seconds (at most `limit`): a database at rest,
    as a nightly copy is, whose unchanged data planrules can prove by that position (docs/sql.md, "Validate once").

    After a load the server still writes WAL with no data changed: the checkpoint spread over minutes, then a
    record of the running transactions every 15 s while there was activity. A CHECKPOINT (when this role may)
    ends the first at once. False when the position still moved after `limit` seconds."""
    import psycopg

    with psycopg.connect(where, autocommit=True) as con:
        try:
            con.execute("CHECKPOINT")
        except psycopg.Error:
            pass  # not a superuser nor pg_checkpoint: the server's own checkpoint ends in time
        t0 = time.perf_counter()
        position, since = None, time.perf_counter()
        while time.perf_counter() - t0 < limit:
            now = con.execute("SELECT CAST(pg_catalog.pg_current_wal_insert_lsn() AS TEXT)").fetchone()[0]
            if now != position:
                position, since = now, time.perf_counter()
            elif time.perf_counter() - since >= quiet:
                log(f"the server's WAL position stood still for {quiet:.0f} s (waited "
                    f"{time.perf_counter() - t0:.0f} s)")
                return True
            time.sleep(2)
    log(f"the server's WAL position still moves after {limit:.0f} s: planrules will validate again every run")
    return False


def drop_database(url: str, where: str) -> None:
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    name = conninfo_to_dict(where)["dbname"]
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}"')


QUERY = "hand-written query"
FIRST = "planrules, first evaluation (empty cache)"
AGAIN = "planrules, again (unchanged, cache kept)"
WRITE = "writing every verdict and the roll-up to Parquet (after the first)"
TWIN_FIRST = "planrules, plan's own layout, first"
TWIN_AGAIN = "planrules, plan's own layout, again"


def measurements(label: str, engine: str, where, plan: str, twin: str | None, cache: Path,
                 trust: bool = False) -> list[tuple[str, dict]]:
    """The steps of one run on one source, in order: the query, planrules through the mapping with an empty
    cache, then again keeping it; on Parquet, planrules on the twin (the same facts in the plan's layout) too."""
    def planrules_spec(where_, mapping, folder):
        return dict(task="planrules", engine=engine, where=where_, plan=plan, mapping=mapping, cache=str(folder),
                    trust=trust)

    steps = [(QUERY, dict(task="query", engine=engine, where=where)),
             (FIRST, {**planrules_spec(where, str(MAPPING), cache / "mapped"),
                      **({"output": str(cache / "verdicts")} if engine == "parquet" else {})}),
             (AGAIN, planrules_spec(where, str(MAPPING), cache / "mapped"))]
    if twin is not None:
        steps += [(TWIN_FIRST, planrules_spec(twin, None, cache / "twin")),
                  (TWIN_AGAIN, planrules_spec(twin, None, cache / "twin"))]
    return steps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=3321)
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the generated data in this folder")
    parser.add_argument("--quick", action="store_true", help="a smoke size: 40 communes, 1 run")
    parser.add_argument("--postgres", help="a PostgreSQL URL: also measure --postgres-communes communes there")
    parser.add_argument("--postgres-communes", type=int, default=1000)
    parser.add_argument("--trust-unchanged-source", action="store_true",
                        help="on PostgreSQL, believe the tables' statistics to show a change (docs/sql.md, "
                             "'Validate once'); without it, an unchanged source is proved by the WAL position")
    parser.add_argument("--duckdb", action="store_true",
                        help="also measure the year copied into a DuckDB file whose tables declare the database's keys "
                             "(PRIMARY KEY (commune_code, dossier_no), ...): no search for duplicate ids there")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed to one child run")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return 0
    if args.quick:
        args.communes, args.runs, args.postgres_communes = 40, 1, 20
    if args.communes < 1 or args.runs < 1 or args.postgres_communes < 1:
        parser.error("--communes, --runs and --postgres-communes must be at least 1")

    def log(text):
        print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)

    base = args.keep if args.keep else Path(tempfile.mkdtemp(prefix="planrules-national-", dir="/tmp"))
    base.mkdir(parents=True, exist_ok=True)
    caches = Path(tempfile.mkdtemp(prefix="planrules-national-cache-", dir="/tmp"))
    pg_where = None
    try:
        data = dataset(base, args.communes, args.provinces, args.seed, log)
        # (label, engine, where, plan, communes, twin)
        sources = [("Parquet", "parquet", data["parquet"], data["plan"], args.communes, data["twin"])]
        if args.duckdb:
            sources.append(("DuckDB, keyed", "duckdb", keyed_duckdb(data, log), data["plan"], args.communes, None))
        if args.postgres:
            pg_where, pg_plan = load_postgres(args.postgres, args.postgres_communes, args.provinces, args.seed,
                                              base, bool(args.keep), log)
            sources.append(("PostgreSQL", "postgres", [pg_where, "public"], pg_plan, args.postgres_communes, None))
            settle(pg_where, log)

        # ------------------------------------------------------------ verification
        failed = False
        for label, engine, where, plan, n, twin in sources:
            log(f"verifying planrules through the mapping on {label}, {n} communes")
            spec = dict(task="planrules", engine=engine, where=where, plan=plan, mapping=str(MAPPING), verify=True,
                        twin=twin or (data["twin"] if engine == "duckdb" else None))
            result = run_child(spec, args.timeout)
            if result["mismatches"]:
                failed = True
                print(f"MISMATCH {label}:", *result["mismatches"], sep="\n  ")
        if failed:
            print("planrules' figures differ from the hand-written query's (or from its report on the plan's own "
                  "layout): nothing timed")
            return 1

        # ------------------------------------------------------------ measurements
        results: dict[tuple[str, str], list[dict]] = {}
        for r in range(args.runs):
            for label, engine, where, plan, n, twin in sources:
                for step, spec in measurements(label, engine, where, plan, twin, caches / f"{engine}-{r}",
                                               args.trust_unchanged_source):
                    log(f"run {r + 1}/{args.runs}: {step}, {label}, {n} communes")
                    results.setdefault((label, step), []).append(run_child(spec, args.timeout))
        report(args, data, sources, results)
        return 0
    finally:
        shutil.rmtree(caches, ignore_errors=True)
        if pg_where and not args.keep:
            drop_database(args.postgres, pg_where)
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


def _median(runs: list[dict]) -> float:
    return statistics.median(r["seconds"] for r in runs)


def runs_text(runs: list[dict]) -> str:
    return " ".join(f"{r['seconds']:.2f}" for r in runs)


def report(args, data, sources, results) -> None:
    import platform

    import duckdb

    rows = data["rows"]
    records = sum(rows[t] for t in ("conferences", "docs_issued", "docs_sent", "dossiers", "staff"))
    print(f"foreign national year: {args.communes} communes in {args.provinces} provinces, {records:,} records "
          f"({', '.join(f'{k} {v:,}' for k, v in rows.items())}); Parquet {data['parquet_mb']:.0f} MB")
    first = results[("Parquet", FIRST)][0]
    print(f"  {first['verdicts']:,} verdicts {first['statuses']}, {first['aggregates']} roll-up aggregates by "
          f"{GROUP_BY}; as_of {AS_OF}; plan compiled in {first['compile']:.2f} s (not in the figures)")
    compared = ", ".join(label for label, engine, *_ in sources if engine in ("parquet", "duckdb"))
    print("verified before timing: every commune's figures = the hand-written query's, roll-up sums = the "
          f"communes', the report through the mapping = the report on the plan's own layout ({compared})")
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, duckdb {duckdb.__version__}; "
          f"{args.runs} runs, each a fresh process; seconds: from opening the source to the last row (the query) "
          f"or to the roll-up (planrules), imports and compiling the plan not included; process s: the child's "
          f"whole life, Python's start and the bench's imports (planrules' included, on both sides) too")
    print()
    print("| source | communes | measurement | median s | × the query | CPU s | CPU × the query | process s | peak MB "
          "| runs (s) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for label, engine, where, plan, n, twin in sources:
        floor = _median(results[(label, QUERY)])
        cpu_floor = statistics.median(r["cpu"] for r in results[(label, QUERY)])
        for (source, step), runs in results.items():
            if source == label:
                seconds = _median(runs)
                process = statistics.median(r["process"] for r in runs)
                reused = sum(bool(r.get("reused")) for r in runs)
                said = f" (validation reused in {reused} of {len(runs)})" if step in (AGAIN, TWIN_AGAIN) else ""
                cpu = statistics.median(r["cpu"] for r in runs)
                ratio = "" if engine == "postgres" else f"{cpu / cpu_floor:.2f}"  # the server's CPU is not the child's
                print(f"| {label} | {n:,} | {step}{said} | {seconds:.2f} | {seconds / floor:.2f} | {cpu:.2f} | "
                      f"{ratio} | {process:.2f} | {max(r['maxrss_mb'] for r in runs):.0f} | "
                      f"{runs_text(runs)} |")
        written = [r["output"] for r in results[(label, FIRST)] if "output" in r]
        if written:
            print(f"| {label} | {n:,} | {WRITE} | {statistics.median(written):.2f} | | | | | | "
                  f"{' '.join(f'{x:.2f}' for x in written)} |")
    print()
    for label, engine, where, plan, n, twin in sources:
        floor = _median(results[(label, QUERY)])
        first_s, again_s = _median(results[(label, FIRST)]), _median(results[(label, AGAIN)])
        cpu = {step: statistics.median(r["cpu"] for r in results[(label, step)]) for step in (QUERY, FIRST, AGAIN)}
        peak = max(r["maxrss_mb"] for step in (FIRST, AGAIN) for r in results[(label, step)])
        written = [r["output"] for r in results[(label, FIRST)] if "output" in r]
        output = statistics.median(written) if written else None
        print(f"targets, {label}, {n:,} communes: first evaluation {first_s / floor:.2f}x the query (target <= 4x: "
              f"{'met' if first_s <= 4 * floor else 'MISSED'}); again {again_s / floor:.2f}x (target <= 1.5x: "
              f"{'met' if again_s <= 1.5 * floor else 'MISSED'}); peak {peak:.0f} MB (target < 1024 MB: "
              f"{'met' if peak < 1024 else 'MISSED'})"
              + ("" if engine == "postgres" else f"; in CPU time, first {cpu[FIRST] / cpu[QUERY]:.2f}x, again "
                                                 f"{cpu[AGAIN] / cpu[QUERY]:.2f}x")
              + ("" if output is None else f"; Parquet written in {output:.2f} s (target < 0.5 s: "
                                            f"{'met' if output < 0.5 else 'MISSED'})"))
    if not any("output" in r for runs in results.values() for r in runs):
        print("(no --output row: this planrules cannot write its verdicts to tables, Pipeline.write_tables)")


if __name__ == "__main__":
    sys.exit(main())
