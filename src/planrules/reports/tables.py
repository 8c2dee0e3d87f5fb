"""Verdicts and roll-ups as tables, written where a ministry's dashboards already read: Parquet, DuckDB,
PostgreSQL (`planrules eval --output`).

One row per verdict (table `verdicts`) and one per aggregate of every roll-up asked for (table
`rollup`, its `level` the grouping: `tỉnh`, `quốc_gia`), with the exact values a verdict carries
— a value and a threshold as a numerator and a denominator, never a float — and, only on request
(`explain=True`), its explanation in both languages: wording 26,000 explanations is most of what a
national report would otherwise cost. The columns are `VERDICT_COLUMNS` and `ROLLUP_COLUMNS`, the
one place the schema is stated: the Arrow tables, the PostgreSQL DDL and docs/sql.md's table all
follow them (a test compares the documentation with them).

Each table is handed to its target whole, in one statement: an Arrow table that
`pyarrow.parquet` writes, that DuckDB creates a table from, that PostgreSQL receives through one
COPY. Nothing is half-written: Parquet files are written to temporary files beside the target and
renamed over it; a database's two tables are replaced in one transaction. Every failure is an
`OutputTargetError` (F255: the target cannot be written; F256: a number too large for a 64-bit
column; F257: a target of no known kind), and a connection string is named only without its
password (`facts.targets.shown_target`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

from attrs import frozen

from ..base.diagnostics import Diagnostic, OutputTargetError
from ..base.source import paused_gc
from ..evaluation.rollup import Aggregate, RollUp
from ..evaluation.verdicts import Report, Verdict
from ..facts.targets import describe, is_conninfo, libpq_conninfo, redacted, shown_target
from .messages import ReportMessage
from .phrases import aggregate_sentences, explain, restated_rules

__all__ = ["ROLLUP_COLUMNS", "VERDICT_COLUMNS", "Column", "Tables", "columns", "ddl", "kind_of", "tables_of",
           "write_tables"]

_INT64 = 2**63

# the types a column can have, as Arrow, DuckDB and PostgreSQL spell them
TYPES = {
    "text": ("string", "VARCHAR", "TEXT"),
    "integer": ("int64", "BIGINT", "BIGINT"),
    "boolean": ("bool", "BOOLEAN", "BOOLEAN"),
    "date": ("date32", "DATE", "DATE"),
    "texts": ("list<string>", "VARCHAR[]", "TEXT[]"),
    "figures": ("list<struct>", "STRUCT(name VARCHAR, numerator BIGINT, denominator BIGINT)[]", "JSONB"),
    "violations": ("list<struct>", "STRUCT(unit VARCHAR, record VARCHAR, value_numerator BIGINT, "
                   "value_denominator BIGINT, limit_numerator BIGINT, limit_denominator BIGINT, category VARCHAR, "
                   "origin VARCHAR)[]", "JSONB"),
    "gaps": ("list<struct>", "STRUCT(unit VARCHAR, status VARCHAR, reason VARCHAR)[]", "JSONB"),
}


@frozen
class Column:
    """A column of an output table: its name, its type (a key of `TYPES`) and what it holds."""

    name: str
    type: str
    doc: str

    def ddl(self, dialect: str) -> str:
        return f'"{self.name}" {TYPES[self.type][1 if dialect == "duckdb" else 2]}'


def _exact(name: str, what: str) -> tuple[Column, Column]:
    return (Column(f"{name}_numerator", "integer", f"{what}: numerator of the exact fraction (NULL: none)"),
            Column(f"{name}_denominator", "integer", f"{what}: denominator, > 0"))


# What a verdict and an aggregate both say, from the clause to the threshold (see `reports.data`'s judgement).
_JUDGEMENT = (
    Column("rule", "text",
           "the rule's id in the plan: `II.4-3#2` (the 2nd target of II.4-3), `III.1.b@1` (a deadline)"),
    Column("clause", "text", "the clause as the plan cites it (`TT 3`)"),
    Column("kind", "text", "share, cut, growth, average_growth, count, cap, sum, reported, ratio, deadline, assessed, "
           "tasks"),
    Column("metric", "text", "a target's metric, as the plan names it"),
    Column("label", "text", "a deadline's label, as the plan writes it (`hàng tháng`)"),
    Column("category", "text", "a per-record cap's category"),
    Column("period", "text", "the period judged: a year (`2026`), a span (`2021-2025`), a deadline's occurrence"),
    Column("status", "text", "met, not_met, pending, unknown, not_applicable"),
    Column("on_track", "boolean", "a pending target: is the year so far on track (NULL: cannot say)"),
    *_exact("value", "the value measured"),
    Column("value_unit", "text", "`%` (the fraction is of one: 3/5 is 60%), `days`, `points`; NULL: a plain number"),
    Column("value_label", "text", "a reported figure's named unit (`Tbps`)"),
    Column("comparator", "text", "`>=`, `>`, `<=`, `<`, `between` (a range)"),
    *_exact("threshold", "the threshold (a range's lower end)"),
    Column("threshold_unit", "text", "`%`, `points`: the threshold as the plan writes it, in percent (50/1 is 50%, "
           "against a value of 1/2: divide by 100 to compare it with value), `days`; NULL: a plain number"),
    *_exact("upper", "a range's upper end"),
    Column("upper_unit", "text", "as threshold_unit: as the plan writes it (`%`: 60/1 is 60%)"),
    Column("when_none", "text", "what nothing to measure counts as: met, not_applicable"),
    Column("figures", "figures", "the numbers behind the value (part, whole, excluded, baseline, current, count, "
           "records, …), each exact"),
)

VERDICT_COLUMNS: tuple[Column, ...] = (
    Column("plan", "text", "the plan's number (`104/KH-UBND`)"),
    Column("unit", "text", "the unit judged"),
    Column("unit_label", "text", "its name as written: the plan's declaration, or the register's label of a unit "
           "known by its code (`26734`: `Xã Vũ Dương`)"),
    *_JUDGEMENT,
    Column("violations", "violations", "the records over a per-record cap (unit: NULL)"),
    Column("due", "date", "a deadline's due day"),
    Column("last_day", "date", "the last day on time"),
    Column("delivered", "date", "the delivery that answered a deadline"),
    Column("days_late", "integer", "days from the last day on time to a late delivery (or to as_of)"),
    Column("leads", "texts", "a joint deliverable's leads"),
    Column("answered_by", "texts", "the leads whose delivery answered it"),
    Column("monitored_by", "texts", "who monitors the target (`theo dõi`)"),
    Column("restates", "text", "the rule of an earlier verdict this one restates (the same measure cited by another "
           "clause): count a measure once by leaving these out"),
    Column("inherited_from", "text", "the parent plan a target is inherited from"),
    Column("as_of", "date", "the date the plan was judged at"),
    Column("at", "text", "the clause's place in the .plan file (`file:line:column`)"),
    Column("document", "text", "the seed document the clause encodes"),
    Column("source_first", "integer", "its first line there"),
    Column("source_last", "integer", "its last line there"),
    Column("source_document", "text", "the document its lines are of, when it names one"),
)

ROLLUP_COLUMNS: tuple[Column, ...] = (
    Column("plan", "text", "the plan's number"),
    Column("level", "text", "the grouping (`--group-by`: `tỉnh`, `quốc_gia`, a group of the plan)"),
    Column("group", "text", "the parent unit (the group)"),
    Column("group_label", "text", "its name, from the register"),
    *_JUDGEMENT,
    Column("violations", "violations", "the records over a cap, each with its unit"),
    Column("failing", "texts", "the units whose own verdict is not_met"),
    Column("bound", "texts", "coverage: the units the rule binds in the group"),
    Column("counted", "texts", "coverage: those whose figures are summed"),
    Column("missing", "gaps", "coverage: the others, each with its status and why (unknown, not_yet, value_only)"),
    Column("due", "date", "a deadline's due day"),
    Column("last_day", "date", "the last day on time"),
    Column("monitored_by", "texts", "who monitors the target"),
    Column("inherited_from", "text", "the parent plan a target is inherited from"),
    Column("as_of", "date", "the date the plan was judged at"),
    Column("at", "text", "the clause's place in the .plan file"),
)

EXPLANATION_COLUMNS = (Column("explanation_en", "text", "the explanation in English (only with --explain)"),
                       Column("explanation_vi", "text", "the explanation in Vietnamese (only with --explain)"))


@frozen
class Tables:
    """The two tables of an evaluation, as Arrow tables (`pyarrow.Table`), ready to be written."""

    verdicts: Any
    rollup: Any

    def items(self) -> tuple[tuple[str, Any], ...]:
        return (("verdicts", self.verdicts), ("rollup", self.rollup))


def columns(table: str, explain: bool = False) -> tuple[Column, ...]:
    """The columns of `table` ("verdicts" or "rollup"), with the explanations' when `explain`."""
    own = VERDICT_COLUMNS if table == "verdicts" else ROLLUP_COLUMNS
    return own + EXPLANATION_COLUMNS if explain else own


def ddl(dialect: str, explain: bool = False, schema: str | None = None) -> str:
    """CREATE TABLE statements of both tables for `dialect` ("duckdb" or "postgres")."""
    out = []
    for table in ("verdicts", "rollup"):
        name = f'"{schema}"."{table}"' if schema else f'"{table}"'
        body = ",\n".join(f"    {c.ddl(dialect)}" for c in columns(table, explain))
        out.append(f"CREATE TABLE {name} (\n{body}\n);")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------ building --


class _TooLarge(Exception):
    def __init__(self, column: str, value: object):
        self.column, self.value = column, value


def _int(value: int | None, column: str) -> int | None:
    if value is not None and not -_INT64 <= value < _INT64:
        raise _TooLarge(column, value)
    return value


def _pair(value: Fraction | int | None, column: str) -> tuple[int | None, int | None]:
    if value is None:
        return None, None
    numerator, denominator = value.numerator, value.denominator  # an int has both (n/1): no Fraction made
    if not (-_INT64 <= numerator < _INT64 and denominator < _INT64):
        raise _TooLarge(column, value)
    return numerator, denominator


def _quantity(q, column: str) -> tuple[int | None, int | None, str | None]:
    if q is None:
        return None, None, None
    return (*_pair(q.value, column), q.unit._value_ or None)


def _optional(member) -> str | None:
    return member._value_ if member is not None else None  # an enum's value as an attribute: no descriptor call


def _judgement(x: Verdict | Aggregate) -> tuple:
    """The cells of `_JUDGEMENT`, in its order, for a verdict or an aggregate."""
    return (x.rule, x.clause, x.kind._value_, x.metric, x.label, x.category, x.period, x.status._value_, x.on_track,
            *_pair(x.value, "value"), x.value_unit._value_ or None, x.value_label, _optional(x.comparator),
            *_quantity(x.threshold, "threshold"), *_quantity(x.upper, "upper"), _optional(x.when_none),
            [dict(zip(_FIGURE, (f.name, *_pair(f.value, "figures")))) for f in x.figures])


_FIGURE = ("name", "numerator", "denominator")
_VIOLATION = ("unit", "record", "value_numerator", "value_denominator", "limit_numerator", "limit_denominator",
              "category", "origin")


def _violation(x, unit: str | None) -> dict[str, Any]:
    return dict(zip(_VIOLATION, (unit, x.record, *_pair(x.value, "violations"), *_pair(x.limit, "violations"),
                                 x.category, x.origin)))


def _verdict_row(v: Verdict, label: str | None, as_of, restates: str | None, explain_: bool) -> tuple:
    """The cells of a row of `verdicts`, in the order of `VERDICT_COLUMNS` (and the explanations')."""
    source = v.source
    row = (v.plan, v.unit, label, *_judgement(v), [_violation(x, None) for x in v.violations], v.due, v.last_day,
           v.delivered, _int(v.days_late, "days_late"), list(v.leads), list(v.answered_by), list(v.monitored_by),
           restates, v.inherited_from, as_of, v.at, v.document,
           _int(source.first, "source_first") if source else None,
           _int(source.last, "source_last") if source else None, source.document if source else None)
    return row + (explain(v, "en"), explain(v, "vi")) if explain_ else row


def _aggregate_row(rollup: RollUp, labels: dict[str, str], a: Aggregate, explain_: bool) -> tuple:
    """The cells of a row of `rollup`, in the order of `ROLLUP_COLUMNS` (and the explanations')."""
    coverage = a.coverage
    row = (rollup.plan, rollup.by, a.group, labels.get(a.group), *_judgement(a),
           [_violation(x.violation, x.unit) for x in a.violations], list(a.failing), list(coverage.bound),
           list(coverage.counted),
           [{"unit": g.unit, "status": g.status._value_, "reason": g.reason} for g in coverage.missing],
           a.due, a.last_day, list(a.monitored_by), a.inherited_from, rollup.as_of, a.at)
    return row + tuple(" ".join(aggregate_sentences(a, lang)) for lang in ("en", "vi")) if explain_ else row


def _arrow_type(column: Column):
    import pyarrow as pa

    text, integer = pa.string(), pa.int64()
    structs = {
        "figures": [("name", text), ("numerator", integer), ("denominator", integer)],
        "violations": [("unit", text), ("record", text), ("value_numerator", integer), ("value_denominator", integer),
                       ("limit_numerator", integer), ("limit_denominator", integer), ("category", text),
                       ("origin", text)],
        "gaps": [("unit", text), ("status", text), ("reason", text)],
    }
    if column.type in structs:
        return pa.list_(pa.struct(structs[column.type]))
    return {"text": text, "integer": integer, "boolean": pa.bool_(), "date": pa.date32(),
            "texts": pa.list_(text)}[column.type]


def _arrow(rows: list[tuple], wanted: Sequence[Column]):
    """One Arrow table of `rows` (tuples in the order of `wanted`), a column at a time."""
    import pyarrow as pa

    schema = pa.schema([(c.name, _arrow_type(c)) for c in wanted])
    cells = list(zip(*rows)) if rows else [()] * len(wanted)
    if len(cells) != len(wanted):  # pragma: no cover - a row builder out of step with its columns
        raise ValueError(f"{len(cells)} cells a row for {len(wanted)} columns")
    return pa.table({c.name: pa.array(column, type=schema.field(c.name).type) for c, column in zip(wanted, cells)},
                    schema=schema)


def tables_of(report: Report, rollups: RollUp | Sequence[RollUp] | None = None, *, explain: bool = False,
              target: str = "") -> Tables:
    """The verdicts of `report` and the aggregates of `rollups` as two Arrow tables (the roll-up table empty
    when there is none, so that a table written before by a run with `--group-by` is never left beside
    this run's verdicts). F256 when a number does not fit a 64-bit integer (`target` names where it was to go)."""
    with paused_gc():  # rows of acyclic dicts and lists: the collector would walk the whole report for each batch
        return _tables_of(report, rollups, explain, target)


def _tables_of(report: Report, rollups: RollUp | Sequence[RollUp] | None, explain: bool, target: str) -> Tables:
    rollups = (rollups,) if isinstance(rollups, RollUp) else tuple(rollups or ())
    restates = restated_rules(report.verdicts)
    table, item = "verdicts", None
    try:
        rows = []
        labels = dict(report.labels)
        for item in report.verdicts:
            rows.append(_verdict_row(item, labels.get(item.unit), report.as_of, restates.get(id(item)), explain))
        verdicts = _arrow(rows, columns("verdicts", explain))
        table, rows = "rollup", []
        for rollup in rollups:
            labels = dict(rollup.labels)
            for item in rollup.aggregates:
                rows.append(_aggregate_row(rollup, labels, item, explain))
    except _TooLarge as error:
        unit = item.unit if isinstance(item, Verdict) else item.group  # type: ignore[union-attr]
        raise OutputTargetError([Diagnostic("F256", ReportMessage.of(
            "output_too_large", table=table, column=error.column, value=str(error.value), rule=item.rule,
            unit=unit, period=item.period or "", target=shown_target(target) if target else "-"), None)]) from None
    return Tables(verdicts, _arrow(rows, columns("rollup", explain)))


# ------------------------------------------------------------ targets --


def kind_of(target: str | os.PathLike) -> str:
    """What `--output` names: "postgres" (a connection string), "duckdb" (a `.duckdb` or `.db` file),
    "prefix" (`PATH.parquet`: PATH.verdicts.parquet and PATH.rollup.parquet), "folder" (a folder, made if
    need be, for verdicts.parquet and rollup.parquet); F257 for anything else (a file of another kind)."""
    text = os.fspath(target)
    if is_conninfo(text):
        return "postgres"
    suffix = Path(text).suffix.lower()
    if suffix in (".duckdb", ".db"):
        return "duckdb"
    if suffix == ".parquet":
        return "prefix"
    if os.path.isdir(text) or (not suffix and not os.path.lexists(text)):
        return "folder"
    raise OutputTargetError([Diagnostic("F257", ReportMessage.of("output_kind", target=text), None)])


def write_tables(tables: Tables, target: str | os.PathLike, *, schema: str = "public",
                 guard: Callable[[], contextlib.AbstractContextManager] = contextlib.nullcontext) -> str:
    """Write `tables` to `target` (see `kind_of`), replacing what a run wrote there before; how the target is
    named in messages (a connection string without its password).

    `guard` holds what must not be interrupted — the renames of Parquet files, a database's commit —
    (the command line passes `tooling.signals.signals_held`). One `OutputTargetError` (F255) says why a
    target cannot be written; it is then as it was.
    """
    kind = kind_of(target)
    text = os.fspath(target)
    if kind == "postgres":
        return _write_postgres(tables, text, schema, guard)
    if kind == "duckdb":
        _write_duckdb(tables, text, guard)
    elif kind == "prefix":
        stem = text[: -len(".parquet")]
        _write_parquet(tables, {name: Path(f"{stem}.{name}.parquet") for name, _ in tables.items()}, text, guard)
    else:
        _write_parquet(tables, {name: Path(text) / f"{name}.parquet" for name, _ in tables.items()}, text, guard)
    return text


def _failed(target: str, reason: str) -> OutputTargetError:
    return OutputTargetError([Diagnostic("F255", ReportMessage.of("output_unwritable", target=target,
                                                                  reason=reason), None)])


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return f"{error.filename}: {error.strerror}" if error.filename else error.strerror
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _write_parquet(tables: Tables, files: dict[str, Path], target: str, guard) -> None:
    """Each table to a temporary file beside its own, then every rename at once: old files or new, never half."""
    import tempfile

    import pyarrow.parquet as pq

    written: list[tuple[str, Path]] = []
    try:
        for name, table in tables.items():
            file = files[name]
            file.parent.mkdir(parents=True, exist_ok=True)
            if file.is_dir():
                raise IsADirectoryError(21, "a folder is in the way", os.fspath(file))
            handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.", suffix=".tmp")
            os.close(handle)
            written.append((temporary, file))
            pq.write_table(table, temporary)
        with guard():
            for temporary, file in written:
                os.replace(temporary, file)
            written = []
    except (OSError, ValueError) as error:  # pyarrow's ArrowIOError is an OSError
        raise _failed(target, _reason(error)) from None
    finally:
        for temporary, _ in written:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _write_duckdb(tables: Tables, path: str, guard) -> None:
    """Both tables created or replaced in one transaction of the DuckDB file at `path` (made if need be)."""
    import duckdb

    try:
        con = duckdb.connect(path)
    except duckdb.Error as error:  # locked by another process, not a DuckDB file
        raise _failed(path, _reason(error)) from None
    try:
        con.execute("BEGIN TRANSACTION")
        for name, table in tables.items():
            view = f"planrules_{name}_arrow"
            con.register(view, table)
            con.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM "{view}"')
            con.unregister(view)
        with guard():
            con.execute("COMMIT")
    except duckdb.Error as error:
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise _failed(path, _reason(error)) from None
    finally:
        con.close()


def _write_postgres(tables: Tables, conninfo: str, schema: str, guard) -> str:
    """Both tables dropped (when there) and created in `schema`, filled by one COPY each, in one transaction."""
    import psycopg
    from psycopg.types.json import Jsonb

    name = shown_target(conninfo)
    try:
        name = redacted(describe(conninfo, schema), conninfo)
        with psycopg.connect(libpq_conninfo(conninfo), connect_timeout=10) as con:
            with con.cursor() as cursor:
                # the text in UTF-8 whatever the role or the connection string asks (client_encoding=LATIN1 could not
                # carry a Vietnamese unit's name: F255, nothing written)
                cursor.execute("SET client_encoding TO 'UTF8'")
                # made only when missing: CREATE SCHEMA IF NOT EXISTS asks for the right to create schemas first
                cursor.execute("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = %s", [schema])
                if cursor.fetchone() is None:
                    cursor.execute(f"CREATE SCHEMA {_quoted(schema)}")
                for table_name, table in tables.items():
                    wanted = [c for c in _all_columns(table_name) if c.name in table.column_names]
                    relation = f"{_quoted(schema)}.{_quoted(table_name)}"
                    cursor.execute(f"DROP TABLE IF EXISTS {relation}")
                    cursor.execute(f"CREATE TABLE {relation} ({', '.join(c.ddl('postgres') for c in wanted)})")
                    listed = ", ".join(_quoted(c.name) for c in wanted)
                    structs = [i for i, c in enumerate(wanted) if TYPES[c.type][2] == "JSONB"]
                    with cursor.copy(f"COPY {relation} ({listed}) FROM STDIN") as copy:
                        for row in _rows(table, wanted):
                            for i in structs:
                                row[i] = Jsonb(row[i])
                            copy.write_row(row)
            with guard():
                con.commit()
    except (psycopg.Error, ValueError) as error:
        raise _failed(name, redacted(_reason(error), conninfo)) from None
    return name


def _all_columns(table: str) -> tuple[Column, ...]:
    return columns(table, explain=True)


def _rows(table, wanted: Sequence[Column]) -> Iterable[list]:
    """The rows of an Arrow table as lists, in the order of `wanted`, a batch at a time."""
    for batch in table.to_batches(max_chunksize=4096):
        values = [batch.column(c.name).to_pylist() for c in wanted]
        yield from (list(row) for row in zip(*values))


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
