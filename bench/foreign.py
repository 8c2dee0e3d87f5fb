"""A national year in another team's database: its own names, codes and shapes (issue 19).

    python3 bench/foreign.py OUT [--communes 3321] [--provinces 34] [--seed 1]
                             [--records-scale 1.0] [--duckdb FILE] [--twin]
    python3 bench/foreign.py OUT --postgres URL [--schema public] [--communes 1000] [--no-parquet]

planrules was pointed at a national year it did not generate, laid out by the
reporting system of another team. This writes such a year, deterministic from
--seed, from the same draw of facts as bench/generate.py --tables (the
records of `_national_chunks`), so that the very same facts can also be
written in the plan's own layout (--twin) and the two compared:

    OUT/foreign/<table>.parquet     the foreign database (a Parquet folder; the default)
    FILE                            --duckdb FILE: the same tables in a DuckDB file
    URL                             --postgres URL: the same tables in schema --schema (COPY)
    OUT/national.plan               the plan that judges it: QĐ 534's plan-level targets and two
                                    of KH 104's, scoped to a group named by its level (cấp xã);
                                    the plan lists no unit, the database says who they are
    OUT/twin/<table>.parquet        --twin: the same facts in the plan's own layout (docs/sql.md)

The foreign database (`TABLES` below has every column and type):

- its own table and column names, in English (`conferences(commune_code, seq,
  held_on, type_code, online, duration_days)`, `docs_sent`, `dossiers` …);
- communes coded `VN-00001` … in every table, in a `communes` table that also
  gives each its official five-digit code (`gso_code`, what the plan's
  reports name it by: the mapping's units `key` is `commune_code`) and the
  code of its province; the provinces with codes of their own (`P01` …) in
  `provinces`, a units table of their own (level `tỉnh`, the communes' parent);
- conference types as ASCII codes (`quan_triet` for `quán_triệt`), record
  kinds in `reports` as codes (`CONF`, `DOC_SENT` …);
- booleans as 'Y'/'N' (conferences, documents sent), as 0/1 integers
  (documents issued, dossiers), and as BOOLEAN (staff, the baselines'
  `administrative`): a mix, as real systems have;
- documents sent and dossiers with a year column and no date;
- rows with no id: a conference is (commune_code, seq), a document sent is
  its row;
- the duration of a conference as DECIMAL(4,2) days;
- a satisfaction survey of each commune each quarter (`surveys`), its rate
  written as the number of percent (DECIMAL(5,2): 85.50 for 85,5%), some not
  given (NULL): the plan declares the kind `khảo_sát` and caps each survey's
  rate from below (at least 90%), the mapping says `percent = "0-100"`;
- `reports(commune_code, record_type, year)`: a row means "this commune
  reported this kind for this year", possibly zero records. Some communes
  report zero of a kind (`ZERO`), some report nothing of a kind at all
  (`UNREPORTED`: unknown), a few send records without a report row
  (`UNFILED`: records mean what they mean);
- the 2025 baselines in `annual_counts(commune_code, record_kind, year,
  total, administrative)`. Its kinds are the plan's names: a mapping's value
  maps apply to record kinds' tables and to `reports`, not to the facts
  tables (`counts`: F232 in docs/sql.md), so this one table speaks the plan's
  words.

In the twin, a report of zero is a `counts` row of 0 for that kind and year;
documents sent and dossiers keep the dates drawn (the foreign database keeps
their year only); records have the generator's ids; the units are named by
their official codes (`gso_code`), its `units` table giving the provinces
(level `tỉnh`) and each commune its label, level (`xã`) and province (its
`parent`, which `--group-by tỉnh` rolls up by), as the mapping reads the
`communes` and `provinces` tables. The plan has no territory (`địa bàn`): the
nation is no unit of the database.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT / "src"))


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_generate", module)
    spec.loader.exec_module(module)
    return module


generate = sys.modules.get("bench_generate") or _generator()

YEAR = 2026
TYPE_CODES = {"quán_triệt": "quan_triet", "chuyên_môn": "chuyen_mon", "quan_trọng": "quan_trong"}
KIND_CODES = {"hội_nghị": "CONF", "văn_bản_ban_hành": "DOC_ISSUED", "văn_bản_gửi": "DOC_SENT",
              "hồ_sơ_tthc": "DOSSIER"}  # the kinds of the `reports` table, as its codes
REPORTED_KINDS = ("hội_nghị", "văn_bản_ban_hành", "văn_bản_gửi", "hồ_sơ_tthc")  # staff is a list, not a year's

# Which communes (0-based positions) report zero records of a kind for the year, report nothing of it, or send
# records without filing a report: the first of each in the first dozen communes, then every `period`-th, so that
# every case occurs in a test's 20 communes as in a national year.
ZERO = {"hội_nghị": (2, 97), "hồ_sơ_tthc": (3, 89), "văn_bản_gửi": (5, 113), "văn_bản_ban_hành": (9, 131)}
UNREPORTED = {"hồ_sơ_tthc": (4, 83), "hội_nghị": (8, 139), "văn_bản_gửi": (10, 149)}
UNFILED = {"văn_bản_gửi": (6, 61), "hội_nghị": (12, 71)}

# The foreign database: table -> [(column, Arrow type name)], as written to Parquet, DuckDB and PostgreSQL.
TABLES = {
    "provinces": [("province_code", "string"), ("province_name", "string")],
    "communes": [("commune_code", "string"), ("gso_code", "string"), ("commune_name", "string"),
                 ("province_code", "string")],
    "conferences": [("commune_code", "string"), ("seq", "int32"), ("held_on", "date32"), ("type_code", "string"),
                    ("online", "string"), ("duration_days", "decimal(4,2)")],
    "docs_issued": [("commune_code", "string"), ("doc_no", "string"), ("issued_on", "date32"),
                    ("administrative", "int8"), ("digitised", "int8")],
    "docs_sent": [("commune_code", "string"), ("report_year", "int16"), ("electronic", "string"),
                  ("secret", "string")],
    "dossiers": [("commune_code", "string"), ("dossier_no", "string"), ("received_year", "int16"),
                 ("online", "int8")],
    "staff": [("commune_code", "string"), ("staff_no", "string"), ("digital_skills", "bool")],
    "surveys": [("commune_code", "string"), ("survey_no", "string"), ("surveyed_on", "date32"),
                ("satisfied_pct", "decimal(5,2)")],
    "reports": [("commune_code", "string"), ("record_type", "string"), ("year", "int16")],
    "annual_counts": [("commune_code", "string"), ("record_kind", "string"), ("year", "int16"), ("total", "int64"),
                      ("administrative", "bool")],
}


def _every(cases: dict[str, tuple[int, int]], kind: str, position: int) -> bool:
    first, period = cases.get(kind, (-1, 1))
    return position >= first >= 0 and (position - first) % period == 0


def case(kind: str, position: int) -> str | None:
    """"zero", "unreported", "unfiled" or None (records and a report row) for the commune at `position` and
    `kind`: one case each, the first that applies in that order."""
    for name, cases in (("zero", ZERO), ("unreported", UNREPORTED), ("unfiled", UNFILED)):
        if _every(cases, kind, position):
            return name
    return None


def commune_code(serial: int) -> str:
    """The database's own code of the `serial`-th commune: what every table of it names the commune by."""
    return f"VN-{serial:05d}"


_GSO_STEP = 7919  # prime to 100,000: serial -> code is one to one below 100,000
_GSO_BACK = pow(_GSO_STEP, -1, 100_000)


def gso_code(serial: int) -> str:
    """The official code of the `serial`-th commune, five digits not in the database's order: its name in the plan's
    reports and register (the twin names it so; the database keys it by `commune_code`)."""
    return f"{serial * _GSO_STEP % 100_000:05d}"


def serial_of(gso: str) -> int:
    """The serial of the commune whose official code is `gso` (the inverse of `gso_code`)."""
    return int(gso) * _GSO_BACK % 100_000


def _recoded(column, recode):
    """An Arrow string column with each distinct value replaced by `recode(value)` (NULL kept): the few thousand
    distinct units of a chunk mapped in Python, not its rows."""
    import pyarrow as pa
    import pyarrow.compute as pc

    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    encoded = pc.dictionary_encode(column)
    values = pa.array([recode(v) for v in encoded.dictionary.to_pylist()], pa.string())
    return values.take(encoded.indices)


def database_code(column):
    """The database's codes (`VN-00001`) of a column of official codes."""
    return _recoded(column, lambda gso: commune_code(serial_of(gso)))


SURVEY_KIND = """bản ghi khảo_sát "Khảo sát sự hài lòng của người dân" {
    ngày "Ngày khảo sát": ngày tháng
    tỷ_lệ_hài_lòng "Tỷ lệ người dân hài lòng": phần trăm
}
chỉ số mức_hài_lòng "Tỷ lệ hài lòng của mỗi đợt khảo sát": tỷ_lệ_hài_lòng của mỗi khảo_sát
"""
SURVEY_TARGET = "chỉ tiêu: mức_hài_lòng tối thiểu 90%"
SURVEY_DAYS = ((2, 15), (5, 15), (8, 15), (11, 15))  # one survey a quarter; the first is before the plan's date


def surveys(here: list[int], seed: int) -> list[tuple]:
    """(position, survey no, day, rate in percent with 2 decimals or None) of the communes at positions `here`:
    deterministic from `seed`, from 70.00 to 100.00, one in about 47 not given."""
    import datetime as dt
    from decimal import Decimal

    out = []
    for i in here:
        for q, (month, day) in enumerate(SURVEY_DAYS):
            rate = None if (i * 5 + q + seed) % 47 == 0 else Decimal(7000 + (i * 37 + q * 1031 + seed * 7) % 3001) / 100
            out.append((i, f"KS-{i + 1}-{q + 1}", dt.date(YEAR, month, day), rate))
    return out


def province_code(p: int) -> str:
    return f"P{p:02d}"


def communes_of(communes: int, provinces: int) -> list[tuple[str, str]]:
    """(official code, province code) of every commune, in order (generate.py's split into provinces)."""
    return [(gso_code(i), f"P{int(group[5:]):02d}")
            for i, (_, group) in enumerate(generate.national_units(communes, provinces), start=1)]


def _arrow_type(name: str):
    import pyarrow as pa

    if name.startswith("decimal"):
        precision, scale = name[8:-1].split(",")
        return pa.decimal128(int(precision), int(scale))
    return {"string": pa.string(), "int8": pa.int8(), "int16": pa.int16(), "int32": pa.int32(),
            "int64": pa.int64(), "date32": pa.date32(), "bool": pa.bool_()}[name]


def schema_of(table: str):
    import pyarrow as pa

    return pa.schema([(c, _arrow_type(t)) for c, t in TABLES[table]])


# ------------------------------------------------------------------ the facts --

def national_facts(communes: int, provinces: int, seed: int, scale: float):
    """(table, Arrow table) pairs in the plan's own layout, a chunk of communes at a time: generate.py's national
    draw, the communes named by their codes, with the zero reports, the kinds not reported and the records sent
    without a report row of `ZERO`, `UNREPORTED` and `UNFILED`. Each chunk's `reports` pairs (not a table of the
    layout) say which (commune, kind) reported for the year."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if communes > 99_999:
        raise ValueError("at most 99,999 communes: their codes have five digits")
    units = communes_of(communes, provinces)
    position = {f"xa_{i:04d}" if i <= 9999 else f"xa_{i}": i - 1 for i in range(1, communes + 1)}
    base = 0
    for name, table in generate._national_chunks(communes, provinces, seed, scale):
        if name == "units":  # the last table of a chunk: who is in it, and the reports of the chunk's communes
            here = [position[u] for u in table.column("unit").to_pylist()]
            codes = [units[i][0] for i in here]
            yield "units", pa.table({"unit": pa.array(codes, pa.string()),
                                     "label": pa.array([commune_label(i) for i in here], pa.string()),
                                     "level": pa.array(["xã"] * len(here), pa.string()),
                                     "parent": pa.array([units[i][1] for i in here], pa.string())})
            drawn = surveys(here, seed)  # the rate as its fraction in the layout (85,5% is 0.855)
            yield "khảo_sát", pa.table({
                "unit": pa.array([units[i][0] for i, _, _, _ in drawn], pa.string()),
                "id": pa.array([n for _, n, _, _ in drawn], pa.string()),
                "ngày": pa.array([d for _, _, d, _ in drawn], pa.date32()),
                "tỷ_lệ_hài_lòng": pa.array([None if r is None else r / 100 for _, _, _, r in drawn],
                                           pa.decimal128(18, 6))})
            zero = [(units[i][0], kind) for i in here for kind in REPORTED_KINDS if case(kind, i) == "zero"]
            if zero:
                yield "counts", pa.table({
                    "unit": pa.array([u for u, _ in zero], pa.string()),
                    "kind": pa.array([k for _, k in zero], pa.string()),
                    "year": pa.array([YEAR] * len(zero), pa.int32()),
                    "count": pa.array([0] * len(zero), pa.int64()),
                    "hành_chính": pa.array([None] * len(zero), pa.bool_())})
            filed = [(units[i][0], kind) for i in here for kind in REPORTED_KINDS
                     if case(kind, i) not in ("unreported", "unfiled")]
            yield "reports", filed
            base += len(here)
            continue
        codes = _recoded(table.column("unit"), lambda xa: gso_code(int(xa[3:])))  # xa_0001: the first commune
        table = table.set_column(table.schema.get_field_index("unit"), "unit", codes)
        if name in REPORTED_KINDS:
            gone = [gso_code(i + 1) for i in range(base, min(communes, base + generate.CHUNK))
                    if case(name, i) in ("zero", "unreported")]
            if gone:
                table = table.filter(pc.invert(pc.is_in(table.column("unit"), pa.array(gone, pa.string()))))
        yield name, table


def commune_label(position: int) -> str:
    syllables = generate.SYLLABLES
    return f"Xã {syllables[position % len(syllables)]} {syllables[(position * 7 + 3) % len(syllables)]} " \
           f"{position + 1}"


def province_rows(communes: int, provinces: int) -> list[tuple[str, str]]:
    used = sorted({p for _, p in communes_of(communes, provinces)})
    return [(p, f"Tỉnh mẫu {p}") for p in used]


def foreign_tables(name: str, table, reports=None):
    """The foreign database's tables holding the plan-layout chunk `table` of kind or table `name`."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    def yes_no(column):  # 'Y'/'N', NULL kept
        return pc.if_else(column, pa.scalar("Y"), pa.scalar("N"))

    def zero_one(column):  # 1/0, NULL kept
        return pc.cast(column, pa.int8())

    def year_of(column):
        return pc.cast(pc.year(column), pa.int16())

    unit = database_code(table.column("unit")) if name != "reports" else None  # the database's own codes
    if name == "hội_nghị":
        units = unit.to_numpy(zero_copy_only=False)
        starts = np.concatenate(([True], units[1:] != units[:-1])) if len(units) else np.zeros(0, bool)
        index = np.arange(len(units))
        first = np.maximum.accumulate(np.where(starts, index, 0)) if len(units) else index
        codes = pa.array(list(TYPE_CODES.values()), pa.string())
        categories = pa.array(list(TYPE_CODES), pa.string())
        yield "conferences", pa.table({
            "commune_code": unit, "seq": pa.array(index - first + 1, pa.int32()),
            "held_on": table.column("ngày"),
            "type_code": codes.take(pc.index_in(table.column("loại"), value_set=categories)),
            "online": yes_no(table.column("trực_tuyến")),
            "duration_days": pc.cast(table.column("thời_lượng"), pa.decimal128(4, 2))}, schema=schema_of("conferences"))
    elif name == "văn_bản_ban_hành":
        yield "docs_issued", pa.table({
            "commune_code": unit, "doc_no": pc.binary_join_element_wise("VB-", table.column("id"), ""),
            "issued_on": table.column("ngày"), "administrative": zero_one(table.column("hành_chính")),
            "digitised": zero_one(table.column("số_hóa"))}, schema=schema_of("docs_issued"))
    elif name == "văn_bản_gửi":
        yield "docs_sent", pa.table({
            "commune_code": unit, "report_year": year_of(table.column("ngày")),
            "electronic": yes_no(table.column("điện_tử")), "secret": yes_no(table.column("mật"))},
            schema=schema_of("docs_sent"))
    elif name == "hồ_sơ_tthc":
        yield "dossiers", pa.table({
            "commune_code": unit, "dossier_no": pc.binary_join_element_wise("HS-", table.column("id"), ""),
            "received_year": year_of(table.column("ngày")), "online": zero_one(table.column("trực_tuyến"))},
            schema=schema_of("dossiers"))
    elif name == "khảo_sát":  # the rate as the number of percent: 0.855 is 85.50
        yield "surveys", pa.table({
            "commune_code": unit, "survey_no": table.column("id"), "surveyed_on": table.column("ngày"),
            "satisfied_pct": pc.cast(pc.multiply(table.column("tỷ_lệ_hài_lòng"), pa.scalar(100, pa.int64())),
                                     pa.decimal128(5, 2))}, schema=schema_of("surveys"))
    elif name == "cán_bộ":
        yield "staff", pa.table({"commune_code": unit, "staff_no": table.column("mã"),
                                 "digital_skills": table.column("đào_tạo_kỹ_năng_số")}, schema=schema_of("staff"))
    elif name == "counts":
        reported = pc.equal(table.column("count"), 0)  # a zero of the year: the foreign system files a report
        baseline = table.filter(pc.invert(reported))
        if baseline.num_rows:
            yield "annual_counts", pa.table({
                "commune_code": database_code(baseline.column("unit")),
                "record_kind": baseline.column("kind"),
                "year": pc.cast(baseline.column("year"), pa.int16()), "total": baseline.column("count"),
                "administrative": baseline.column("hành_chính")}, schema=schema_of("annual_counts"))
    elif name == "reports":
        if reports:
            yield "reports", pa.table({
                "commune_code": pa.array([commune_code(serial_of(u)) for u, _ in reports], pa.string()),
                "record_type": pa.array([KIND_CODES[k] for _, k in reports], pa.string()),
                "year": pa.array([YEAR] * len(reports), pa.int16())}, schema=schema_of("reports"))
    elif name == "units":
        yield "communes", pa.table({"commune_code": unit, "gso_code": table.column("unit"),
                                    "commune_name": table.column("label"), "province_code": table.column("parent")},
                                   schema=schema_of("communes"))
    else:
        raise ValueError(f"no foreign table for {name}")


# -------------------------------------------------------------------- writing --

# The keys the reporting system's own database keeps: what identifies a commune, a province, a document, a
# dossier, a conference and a staff member (PostgreSQL's tables, and bench/national.py --duckdb's copy). planrules
# does not search a table the database keeps unique by (unit, id) for duplicate ids (docs/sql.md, "Keys the
# database keeps"); the hand-written query reads none.
KEYS = {"provinces": ("province_code",), "communes": ("commune_code",), "conferences": ("commune_code", "seq"),
        "docs_issued": ("commune_code", "doc_no"), "dossiers": ("commune_code", "dossier_no"),
        "staff": ("commune_code", "staff_no"), "surveys": ("commune_code", "survey_no")}


class _PostgresSink:
    """The foreign tables in a new schema of a PostgreSQL database, each chunk appended with COPY."""

    TYPES = {"string": "TEXT", "int8": "SMALLINT", "int16": "SMALLINT", "int32": "INTEGER", "int64": "BIGINT",
             "date32": "DATE", "bool": "BOOLEAN", "decimal(4,2)": "NUMERIC(4,2)",
             "decimal(5,2)": "NUMERIC(5,2)"}

    def __init__(self, url: str, schema: str):
        import psycopg

        self.con = psycopg.connect(url)
        self.schema = schema
        with self.con.cursor() as cursor:
            cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {self._quote(schema)}")
            for table, columns in TABLES.items():
                body = ", ".join(f"{self._quote(c)} {self.TYPES[t]}" for c, t in columns)
                # fails if the table exists: nothing is ever written over
                cursor.execute(f"CREATE TABLE {self._quote(schema)}.{self._quote(table)} ({body})")

    @staticmethod
    def _quote(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    def write(self, name: str, table) -> None:
        """`table` appended to `name` with one COPY of its CSV text (an empty field is NULL: no text is empty)."""
        import io

        import pyarrow.csv as pcsv

        text = io.BytesIO()
        pcsv.write_csv(table, text, pcsv.WriteOptions(include_header=False))
        columns = ", ".join(self._quote(c) for c in table.column_names)
        with self.con.cursor() as cursor:
            target = f"{self._quote(self.schema)}.{self._quote(name)}"
            with cursor.copy(f"COPY {target} ({columns}) FROM STDIN (FORMAT csv)") as copy:
                copy.write(text.getvalue())

    def close(self) -> None:
        """Commit, add the keys, then VACUUM (FREEZE, ANALYZE) every table: the state of a database at rest, whose
        WAL position no later autovacuum moves (planrules' proof of an unchanged source, docs/sql.md)."""
        self.con.commit()
        for table, key in KEYS.items():
            self.con.execute(f"ALTER TABLE {self._quote(self.schema)}.{self._quote(table)} "
                             f"ADD PRIMARY KEY ({', '.join(map(self._quote, key))})")
        self.con.commit()
        self.con.autocommit = True
        for table in TABLES:
            self.con.execute(f"VACUUM (FREEZE, ANALYZE) {self._quote(self.schema)}.{self._quote(table)}")
        self.con.close()


def _sinks(out: Path, *, parquet: bool, duckdb: Path | None, postgres: tuple[str, str] | None, twin: bool):
    foreign = []
    if parquet:
        foreign.append(generate._ParquetSink(out / "foreign"))
    if duckdb is not None:
        foreign.append(generate._DuckDBSink(duckdb))
    if postgres is not None:
        foreign.append(_PostgresSink(*postgres))
    return foreign, (generate._ParquetSink(out / "twin") if twin else None)


def write_foreign(out: Path, *, communes: int, provinces: int, seed: int, scale: float = 1.0, parquet: bool = True,
                  duckdb: Path | None = None, postgres: tuple[str, str] | None = None,
                  twin: bool = False) -> dict[str, int]:
    """Write the foreign database (Parquet under out/foreign, and/or a DuckDB file, and/or a PostgreSQL schema),
    the plan that judges it (out/national.plan) and, with `twin`, the same facts in the plan's own layout
    (out/twin). Return the rows of each foreign table."""
    import pyarrow as pa

    out.mkdir(parents=True, exist_ok=True)
    (out / "national.plan").write_text(plan_text(), encoding="utf-8")
    foreign, twin_sink = _sinks(out, parquet=parquet, duckdb=duckdb, postgres=postgres, twin=twin)
    sinks = [*foreign, *([twin_sink] if twin_sink else [])]
    rows = dict.fromkeys(TABLES, 0)
    try:
        places = province_rows(communes, provinces)
        first = pa.table({"province_code": pa.array([p for p, _ in places], pa.string()),
                          "province_name": pa.array([n for _, n in places], pa.string())},
                         schema=schema_of("provinces"))
        for sink in foreign:
            sink.write("provinces", first)
        if twin_sink:  # the provinces are units of the twin too, above the communes (their parent)
            twin_sink.write("units", pa.table({
                "unit": first.column("province_code"), "label": first.column("province_name"),
                "level": pa.array(["tỉnh"] * first.num_rows, pa.string()),
                "parent": pa.array([None] * first.num_rows, pa.string())}))
        rows["provinces"] = first.num_rows
        empty = {t: True for t in TABLES if t != "provinces"}
        for name, table in national_facts(communes, provinces, seed, scale):
            if twin_sink and name != "reports":
                twin_sink.write(name, table)
            chunks = foreign_tables(name, None, table) if name == "reports" else foreign_tables(name, table)
            for foreign_name, chunk in chunks:
                for sink in foreign:
                    sink.write(foreign_name, chunk)
                rows[foreign_name] += chunk.num_rows
                empty[foreign_name] = False
        for name, is_empty in empty.items():  # every table exists, even with no row (a file for each)
            if is_empty:
                for sink in foreign:
                    sink.write(name, schema_of(name).empty_table())
    finally:
        for sink in sinks:
            sink.close()
    return rows


def plan_text() -> str:
    """The plan judging the national year: generate.py's register-style plan (QĐ 534's plan-level targets and two
    of KH 104's, scoped to the communes, a group named by its level), and a satisfaction survey's rate capped from
    below (`SURVEY_KIND`): it lists no unit."""
    text = "".join(line for line in generate.national_register_plan_text().splitlines(keepends=True)
                   if not line.startswith("địa bàn:"))  # the nation is no unit of the database: no territory
    text = text.replace(
        "bench/generate.py --register", "bench/foreign.py").replace(
        "áp cho mọi xã trong danh mục don-vi.units.csv bên cạnh.", "áp cho mọi xã mà cơ sở dữ liệu liệt kê.").replace(
        "the plan lists no unit; the register does.", "the plan lists no unit; the database does.")
    # a kind of its own, with a percentage the database writes as the number of percent (`surveys`)
    return f"{text}\n{SURVEY_KIND}{SURVEY_TARGET} phạm vi: các_xã\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--communes", type=int, default=3321)
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--records-scale", type=float, default=1.0,
                        help="multiply the records per commune (1.0: about 10,470)")
    parser.add_argument("--duckdb", type=Path, help="also write the foreign tables into this new DuckDB file")
    parser.add_argument("--no-parquet", action="store_true", help="do not write OUT/foreign/*.parquet")
    parser.add_argument("--postgres", help="also load the foreign tables into PostgreSQL (COPY), schema --schema")
    parser.add_argument("--schema", default="public",
                        help="with --postgres: the schema (made if need be; its tables must not exist yet)")
    parser.add_argument("--twin", action="store_true", help="also write the same facts in the plan's own layout")
    args = parser.parse_args(argv)
    if args.communes < 1 or args.provinces < 1 or args.records_scale <= 0:
        parser.error("--communes and --provinces must be at least 1, --records-scale positive")
    rows = write_foreign(args.out, communes=args.communes, provinces=args.provinces, seed=args.seed,
                         scale=args.records_scale, parquet=not args.no_parquet, duckdb=args.duckdb,
                         postgres=(args.postgres, args.schema) if args.postgres else None, twin=args.twin)
    print(f"{args.communes} communes in {args.out}: " + ", ".join(f"{name} {n:,}" for name, n in rows.items()))


if __name__ == "__main__":
    main()
