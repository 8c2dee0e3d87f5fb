"""One vectorised DuckDB query over every commune's records at once: the machine's limit.

`load` reads the generator's CSV tables of every commune with `read_csv` into
two tables (records of every kind in one wide table, aggregate counts keyed by
their condition) and the targets and units of every commune into two more:
that is the peer's "facts loading", timed apart. `QUERY` then computes, for
every commune, unit, target and year, the same numerators and denominators as
planrules and the status from them, in one statement: records are grouped once
by unit, kind, year and the values of their yes/no fields, and every target reads
its counts from those groups.

Semantics (docs/evaluation.md): records of the year first (dated up to as_of;
staff is a snapshot), then aggregate counts looked up exactly (an exclusion
also as its yes/no opposite, or as all minus the excluded), otherwise unknown;
shares exclude before dividing; cuts against the previous year; caps per
category from the plan's date; pending while the year is open (a cut with no value:
part of a year is not compared with a whole one). Not here, as in
commune.rego: chains of yes/no reversals and "zero for a looser condition"
between aggregates, reported values, deadlines. Values come out as integer
numerator and denominator, compared by cross-multiplying: exact.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

from .rulebook import METRICS, Target

FLAGS = {  # yes/no field -> column of the wide records table
    "trực_tuyến": "truc_tuyen", "điện_tử": "dien_tu", "mật": "mat", "số_hóa": "so_hoa",
    "hành_chính": "hanh_chinh", "đào_tạo_kỹ_năng_số": "dao_tao",
}
DATED_KINDS = ("hội_nghị", "văn_bản_gửi", "hồ_sơ_tthc", "văn_bản_ban_hành")


def connect(threads: int | None = None):
    import duckdb

    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    return con


def _key(pairs) -> str:
    """A condition as the canonical text the counts table is keyed by: sorted field=value pairs."""
    return "&".join(f"{k}={'true' if v is True else 'false' if v is False else v}" for k, v in sorted(pairs))


def _yes(column: str) -> str:
    return f"CASE lower(trim(\"{column}\")) WHEN 'có' THEN true WHEN 'không' THEN false END"


def _days(column: str) -> tuple[str, str]:
    """A duration cell ("1/2", "1", "1,5") as an exact numerator and denominator."""
    text = f"replace(trim(\"{column}\"), ',', '.')"
    num = (f"CASE WHEN {text} = '' THEN NULL WHEN contains({text}, '/') THEN CAST(split_part({text}, '/', 1) AS BIGINT) "
           f"WHEN contains({text}, '.') THEN CAST(replace({text}, '.', '') AS BIGINT) ELSE CAST({text} AS BIGINT) END")
    den = (f"CASE WHEN {text} = '' THEN NULL WHEN contains({text}, '/') THEN CAST(split_part({text}, '/', 2) AS BIGINT) "
           f"WHEN contains({text}, '.') THEN CAST(10 ** length(split_part({text}, '.', 2)) AS BIGINT) ELSE 1 END")
    return num, den


def load(con, facts: Path, communes: dict[str, tuple[list[Target], dict[str, frozenset[str]]]]) -> None:
    """Every commune's CSV facts under `facts`, and its targets and units' names, into DuckDB tables.

    `communes` maps a commune's folder ("tinh-01/xa-0001") to (its targets, {unit: names it leads through}).
    """
    base = str(facts).replace("'", "''")

    def source(table: str) -> str:
        return (f"read_csv('{base}/*/*/{table}.csv', header=true, all_varchar=true, filename=true, "
                f"union_by_name=true)")

    commune = r"regexp_extract(filename, '(tinh-[0-9]+/xa-[0-9]+)/[^/]+$', 1)"

    def select(table: str, present: dict[str, str], dated: bool, extra: str = "NULL::VARCHAR AS loai, "
               "NULL::BIGINT AS tl_num, NULL::BIGINT AS tl_den") -> str:
        columns = []
        for field, column in FLAGS.items():
            columns.append(f"{_yes(field)} AS {column}" if field in present else f"NULL::BOOLEAN AS {column}")
        day = "TRY_CAST(nullif(trim(\"ngày\"), '') AS DATE)" if dated else "NULL::DATE"
        return (f"SELECT {commune} AS commune, unit, '{table}' AS kind, {str(dated).lower()} AS dated, {day} AS d, "
                f"{', '.join(columns)}, {extra} FROM {source(table)}")

    num, den = _days("thời_lượng")
    parts = [
        select("hội_nghị", {"trực_tuyến": ""}, True,
               f"nullif(trim(\"loại\"), '') AS loai, {num} AS tl_num, {den} AS tl_den"),
        select("văn_bản_gửi", {"điện_tử": "", "mật": ""}, True),
        select("hồ_sơ_tthc", {"trực_tuyến": ""}, True),
        select("cán_bộ", {"đào_tạo_kỹ_năng_số": ""}, False),
    ]
    con.execute("CREATE OR REPLACE TABLE recs AS " + " UNION ALL ".join(parts))
    where = " , ".join(
        f"CASE WHEN coalesce(trim(\"{f}\"), '') <> '' THEN '{f}=' || CAST({_yes(f)} AS VARCHAR) END"
        for f in sorted(("hành_chính", "số_hóa", "mật")))
    con.execute(
        f"CREATE OR REPLACE TABLE counts AS SELECT commune, unit, kind, year, map(list(w), list(n)) AS m FROM ("
        f"SELECT {commune} AS commune, unit, kind, CAST(year AS INTEGER) AS year, "
        f"concat_ws('&', {where}) AS w, CAST(count AS BIGINT) AS n FROM {source('counts')}) GROUP BY ALL")

    rules, units = [], []
    for folder, (table, names) in communes.items():
        for t in table:
            rules.append((folder, t.id, t.metric, t.category, t.at_least, t.limit.numerator, t.limit.denominator,
                          t.year, t.first_year, t.start, sorted(t.leads) if t.leads is not None else None,
                          t.issued))
        for unit, led in names.items():
            units.append((folder, unit, sorted(led)))
    con.execute("CREATE OR REPLACE TABLE rules (commune VARCHAR, rule VARCHAR, metric VARCHAR, category VARCHAR, "
                "at_least BOOLEAN, num BIGINT, den BIGINT, year INTEGER, first_year INTEGER, start DATE, "
                "leads VARCHAR[], issued DATE)")
    con.executemany("INSERT INTO rules VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rules)
    con.execute("CREATE OR REPLACE TABLE units (commune VARCHAR, unit VARCHAR, names VARCHAR[])")
    con.executemany("INSERT INTO units VALUES (?, ?, ?)", units)
    metrics = []
    for name, (rule, kind, pos, neg, field, by) in METRICS.items():
        (pf, pv), = pos or ((None, None),)
        (nf, nv), = neg or ((None, None),)
        flipped = tuple(pos) + (((nf, not nv),) if neg else ())
        metrics.append((name, rule, kind, kind in DATED_KINDS, FLAGS.get(pf), pv, FLAGS.get(nf), nv,
                        _key(pos), _key(flipped), _key(((nf, not nv),)) if neg else "",
                        _key(tuple(pos) + tuple(neg or ())), _key(neg or ()), by))
    con.execute("CREATE OR REPLACE TABLE metrics (metric VARCHAR, rule_kind VARCHAR, kind VARCHAR, dated BOOLEAN, "
                "pos_col VARCHAR, pos_val BOOLEAN, neg_col VARCHAR, neg_val BOOLEAN, k_pos VARCHAR, "
                "k_pos_notneg VARCHAR, k_notneg VARCHAR, k_pos_neg VARCHAR, k_neg VARCHAR, by_field VARCHAR)")
    con.executemany("INSERT INTO metrics VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", metrics)


def _flag(column: str, prefix: str = "s.") -> str:
    """The value of the yes/no field named by `column` (a column holding a column name), per row."""
    return "CASE " + column + "".join(f" WHEN '{c}' THEN {prefix}{c}" for c in FLAGS.values()) + " END"


def query(as_of: dt.date) -> str:
    pos, neg = _flag("ry.pos_col"), _flag("ry.neg_col")
    hit = f"coalesce(ry.neg_col IS NOT NULL AND {neg} = ry.neg_val, false)"
    meets = f"(ry.pos_col IS NULL OR {pos} = ry.pos_val)"
    lacks = f"((ry.pos_col IS NOT NULL AND {pos} IS NULL) OR (ry.neg_col IS NOT NULL AND {neg} IS NULL))"
    cur = "(s.yr = ry.year OR (s.yr IS NULL AND NOT ry.dated))"
    prev = "(s.yr = ry.year - 1 OR (s.yr IS NULL AND NOT ry.dated))"
    return f"""
WITH params AS (SELECT DATE '{as_of.isoformat()}' AS as_of, {as_of.year} AS as_of_year),
ry AS (  -- every target, for every unit it binds and every year it covers
    SELECT r.commune, u.unit, r.rule, r.metric, r.category, r.at_least, r.num, r.den, r.start, m.*,
           unnest(CASE WHEN r.year IS NOT NULL THEN [r.year]
                       ELSE range(r.first_year, greatest(r.first_year, p.as_of_year) + 1) END) AS year,
           p.as_of, p.as_of_year
    FROM rules r JOIN units u USING (commune) JOIN metrics m USING (metric), params p
    WHERE r.leads IS NULL OR list_has_any(r.leads, u.names)
),
ry2 AS (SELECT *, as_of >= make_date(year, 12, 31) AS closed FROM ry),
undated AS (SELECT DISTINCT commune, unit, kind FROM recs WHERE dated AND d IS NULL),
groups AS (  -- records by unit, kind, year and the values of their yes/no fields
    SELECT commune, unit, kind, CASE WHEN dated THEN year(d) END AS yr,
           truc_tuyen, dien_tu, mat, so_hoa, hanh_chinh, dao_tao, count(*) AS n
    FROM recs, params WHERE NOT dated OR (d IS NOT NULL AND d <= as_of) GROUP BY ALL
),
tallied AS (
    SELECT ry.commune, ry.unit, ry.rule, ry.year,
           coalesce(sum(s.n) FILTER (WHERE {cur}), 0) AS c_n,
           coalesce(sum(s.n) FILTER (WHERE {cur} AND {lacks}), 0) AS c_lack,
           coalesce(sum(s.n) FILTER (WHERE {cur} AND {meets} AND NOT {hit}), 0) AS c_part,
           coalesce(sum(s.n) FILTER (WHERE {cur} AND NOT {hit}), 0) AS c_whole,
           coalesce(sum(s.n) FILTER (WHERE {prev}), 0) AS p_n,
           coalesce(sum(s.n) FILTER (WHERE {prev} AND {lacks}), 0) AS p_lack,
           coalesce(sum(s.n) FILTER (WHERE {prev} AND {meets}), 0) AS p_part
    FROM ry2 ry LEFT JOIN groups s ON s.commune = ry.commune AND s.unit = ry.unit AND s.kind = ry.kind
    WHERE ry.rule_kind <> 'cap'
    GROUP BY ALL
),
figures AS (  -- numerator and denominator, or why they are unknown (reason of the year, of the year before)
    SELECT ry.*, t.c_n, t.p_n, u.kind IS NOT NULL AS no_date,
        CASE WHEN u.kind IS NOT NULL THEN NULL
             WHEN t.c_n > 0 THEN (CASE WHEN t.c_lack > 0 THEN NULL ELSE t.c_part END)
             WHEN ry.neg_col IS NULL THEN map_extract_value(c.m, ry.k_pos)
             ELSE coalesce(map_extract_value(c.m, ry.k_pos_notneg),
                           map_extract_value(c.m, ry.k_pos) - map_extract_value(c.m, ry.k_pos_neg)) END AS part,
        CASE WHEN u.kind IS NOT NULL THEN NULL
             WHEN t.c_n > 0 THEN (CASE WHEN t.c_lack > 0 THEN NULL ELSE t.c_whole END)
             WHEN ry.neg_col IS NULL THEN map_extract_value(c.m, '')
             ELSE coalesce(map_extract_value(c.m, ry.k_notneg),
                           map_extract_value(c.m, '') - map_extract_value(c.m, ry.k_neg)) END AS whole,
        CASE WHEN u.kind IS NOT NULL THEN NULL
             WHEN t.p_n > 0 THEN (CASE WHEN t.p_lack > 0 THEN NULL ELSE t.p_part END)
             ELSE map_extract_value(b.m, ry.k_pos) END AS base,
        u.kind IS NULL AND t.c_n = 0 AS cur_from_counts
    FROM ry2 ry
    JOIN tallied t ON t.commune = ry.commune AND t.unit = ry.unit AND t.rule = ry.rule AND t.year = ry.year
    LEFT JOIN undated u ON u.commune = ry.commune AND u.unit = ry.unit AND u.kind = ry.kind
    LEFT JOIN counts c ON c.commune = ry.commune AND c.unit = ry.unit AND c.kind = ry.kind AND c.year = ry.year
    LEFT JOIN counts b ON b.commune = ry.commune AND b.unit = ry.unit AND b.kind = ry.kind AND b.year = ry.year - 1
),
judged AS (
    SELECT commune, unit, rule, year, rule_kind,
        CASE rule_kind
        WHEN 'share' THEN CASE
            WHEN part IS NULL OR whole IS NULL THEN
                CASE WHEN NOT closed AND cur_from_counts THEN 'pending' ELSE 'unknown' END
            WHEN whole = 0 THEN CASE WHEN closed THEN 'not_applicable' ELSE 'pending' END
            WHEN closed THEN CASE WHEN (at_least AND part * den >= num * whole)
                                    OR (NOT at_least AND part * den <= num * whole) THEN 'met' ELSE 'not_met' END
            ELSE 'pending' END
        ELSE CASE  -- a cut against the previous year
            WHEN base IS NULL THEN 'unknown'
            WHEN part IS NULL THEN CASE WHEN NOT closed AND cur_from_counts THEN 'pending' ELSE 'unknown' END
            WHEN base = 0 AND part = 0 THEN CASE WHEN closed THEN 'not_applicable' ELSE 'pending' END
            WHEN base = 0 THEN 'not_met'
            WHEN (at_least AND (base - part) * den >= num * base)
              OR (NOT at_least AND (base - part) * den <= num * base) THEN CASE WHEN closed THEN 'met' ELSE 'pending' END
            WHEN closed OR at_least THEN 'not_met'
            ELSE 'pending' END
        END AS status,
        CASE WHEN rule_kind = 'share' AND part IS NOT NULL AND whole IS NOT NULL AND whole > 0 THEN part
             WHEN rule_kind = 'cut' AND base IS NOT NULL AND part IS NOT NULL AND base > 0 THEN base - part END AS v_num,
        CASE WHEN rule_kind = 'share' AND part IS NOT NULL AND whole IS NOT NULL AND whole > 0 THEN whole
             WHEN rule_kind = 'cut' AND base IS NOT NULL AND part IS NOT NULL AND base > 0 THEN base END AS v_den
    FROM figures
),
capped AS (  -- caps: every record of the unit, kind and year from the plan's date on, by category
    SELECT ry.commune, ry.unit, ry.rule, ry.year, any_value(ry.closed) AS closed, any_value(ry.at_least) AS at_least,
           any_value(ry.num) AS num, any_value(ry.den) AS den, any_value(ry.category) AS category,
           count(x.kind) AS n_year,
           count(x.kind) FILTER (WHERE x.d >= greatest(ry.start, make_date(ry.year, 1, 1))
                                  AND (ry.category IS NULL OR x.loai = ry.category)) AS relevant,
           count(x.kind) FILTER (WHERE x.d >= greatest(ry.start, make_date(ry.year, 1, 1))
                                  AND ((ry.category IS NOT NULL AND x.loai IS NULL)
                                       OR ((ry.category IS NULL OR x.loai = ry.category) AND x.tl_num IS NULL))) AS unclear,
           CASE WHEN any_value(ry.at_least) THEN
                arg_min([x.tl_num, x.tl_den], x.tl_num / x.tl_den)
                    FILTER (WHERE x.d >= greatest(ry.start, make_date(ry.year, 1, 1)) AND x.tl_num IS NOT NULL
                            AND (ry.category IS NULL OR x.loai = ry.category))
           ELSE arg_max([x.tl_num, x.tl_den], x.tl_num / x.tl_den)
                    FILTER (WHERE x.d >= greatest(ry.start, make_date(ry.year, 1, 1)) AND x.tl_num IS NOT NULL
                            AND (ry.category IS NULL OR x.loai = ry.category)) END AS extreme,
           bool_or(u.kind IS NOT NULL) AS no_date,
           any_value(ry.by_field) AS by_field, any_value(ry.kind) AS kind
    FROM ry2 ry
    LEFT JOIN recs x ON x.commune = ry.commune AND x.unit = ry.unit AND x.kind = ry.kind AND x.d IS NOT NULL
                    AND x.d <= ry.as_of AND year(x.d) = ry.year
    LEFT JOIN undated u ON u.commune = ry.commune AND u.unit = ry.unit AND u.kind = ry.kind
    WHERE ry.rule_kind = 'cap'
    GROUP BY ry.commune, ry.unit, ry.rule, ry.year
),
caps AS (
    SELECT c.commune, c.unit, c.rule, c.year,
        CASE WHEN c.no_date THEN 'unknown'
             WHEN c.n_year = 0 THEN CASE
                 WHEN map_extract_value(k.m, CASE WHEN c.category IS NULL THEN ''
                                                  ELSE c.by_field || '=' || c.category END) = 0 THEN 'not_applicable'
                 WHEN NOT c.closed THEN 'pending' ELSE 'unknown' END
             WHEN c.extreme IS NOT NULL AND ((NOT c.at_least AND c.extreme[1] * c.den > c.num * c.extreme[2])
                                          OR (c.at_least AND c.extreme[1] * c.den < c.num * c.extreme[2])) THEN 'not_met'
             WHEN c.unclear > 0 THEN 'unknown'
             WHEN c.relevant = 0 THEN CASE WHEN c.closed THEN 'not_applicable' ELSE 'pending' END
             WHEN c.closed THEN 'met' ELSE 'pending' END AS status,
        c.extreme
    FROM capped c
    LEFT JOIN counts k ON k.commune = c.commune AND k.unit = c.unit AND k.kind = c.kind AND k.year = c.year
)
SELECT v.commune, v.unit, v.rule, v.period,  -- before the judged plan's own date: pending, no value
       CASE WHEN p.as_of < r.issued THEN 'pending' ELSE v.status END,
       CASE WHEN p.as_of < r.issued THEN NULL ELSE v.v_num END, CASE WHEN p.as_of < r.issued THEN NULL ELSE v.v_den END
FROM (
    SELECT commune, unit, rule, CAST(year AS VARCHAR) AS period, status,  -- a cut in an open year: no value
           CASE WHEN NOT (rule_kind = 'cut' AND status = 'pending') THEN v_num END AS v_num,
           CASE WHEN NOT (rule_kind = 'cut' AND status = 'pending') THEN v_den END AS v_den FROM judged
    UNION ALL
    SELECT commune, unit, rule, CAST(year AS VARCHAR), status,
           CASE WHEN status IN ('met', 'not_met', 'pending') AND NOT (status = 'pending' AND extreme IS NULL) THEN extreme[1] END,
           CASE WHEN status IN ('met', 'not_met', 'pending') AND NOT (status = 'pending' AND extreme IS NULL) THEN extreme[2] END
    FROM caps
) v JOIN rules r USING (commune, rule), params p
"""


def run(con, as_of: dt.date) -> list[tuple]:
    """The timed part: every commune's verdicts as rows (commune, unit, rule, period, status, num, den)."""
    return con.execute(query(as_of)).fetchall()


def verdicts(rows: list[tuple]) -> dict[str, dict[tuple, tuple]]:
    """The rows as {commune: {(unit, rule, period): (status, Fraction | None)}}."""
    out: dict[str, dict[tuple, tuple]] = {}
    for commune, unit, rule, period, status, num, den in rows:
        out.setdefault(commune, {})[(unit, rule, period)] = (status, None if num is None else Fraction(num, den))
    return out
