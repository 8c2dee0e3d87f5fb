"""Fact sources: where facts live when they are tables — DuckDB, Parquet, PostgreSQL.

A `FactSource` is what `RuleSet.evaluate` accepts in place of a `facts.Facts`.
It knows its units and answers the measure questions (`sql.SqlIndex`): the
database counts records, grouped by unit and year, for every unit at once;
the small tables (aggregate counts, reported values, deliveries, events,
units) are read into Python as `facts` values, so that every decision is the
one the in-Python path makes. `FactSource.facts()` reads everything,
records included, into a `Facts` (the in-Python path on the same data).

Implementations:

- `DuckDBSource(path)`: a DuckDB database file (opened read-only, with no access
  to other files or extensions: docs/sql.md, "Security model"), one table per
  table of the layout below, in the `main` schema;
- `FolderSource(path)`: a folder of Parquet files (`hội_nghị.parquet`,
  `counts.parquet`, …, or a folder of part files per table), or of CSV files in
  the machine format (ISO dates, `true`/`false`, decimal points), read by an
  in-memory DuckDB that may read those files and no other;
- `PostgresSource(conninfo, schema="public")`: the tables (or views) of one
  schema of a PostgreSQL database through psycopg, running the same SQL text
  (docs/sql.md, "PostgreSQL").

`open_source(target)` picks one: a connection string (`is_conninfo`), a
`.duckdb`/`.db` file, or a folder holding `.parquet` files. Every query has a
time limit (`QUERY_TIMEOUT`); no message shows a connection string's password.

**Layout** (one table per declared record kind and five small tables, the
TOML/CSV facts model of docs/facts.md as tables):

| table | columns |
| --- | --- |
| a record kind (`hội_nghị`) | `unit` text, `id` text (optional), the kind's declared fields under their names: date → DATE, yes/no → BOOLEAN, days → DECIMAL(18,6), whole number → BIGINT, text/unit/category → TEXT |
| `counts` | `unit`, `kind`, `year` INTEGER, `count` BIGINT, one column per condition field (yes/no or category) of any kind; NULL: not part of the condition |
| `values` | `unit`, `metric`, `year`, `value` (text `"24/25"`, `"0.96"`, or an exact DECIMAL) |
| `deliveries` | `unit`, `task`, `date` DATE, `deadline`, `period` |
| `events` | `event`, `date` DATE, `unit` (NULL: every unit) |
| `units` | `unit`, `member_of` (groups separated by `;`) |
| `period` | `from` DATE, `to` DATE (one row, optional) |

A record's row number (its label when it has no id) is its 1-based position
in its table: DuckDB's `rowid`, the Parquet file's row, the CSV file's data
row; PostgreSQL has no row order, so there it is the order of `ctid` (for a
view, of the rows' values; give records ids there). `write_duckdb`,
`write_parquet` and `write_postgres` write a `Facts` in this layout.

Every problem with a source — unreadable, an unknown table or column, a
column of the wrong type, a missing unit, a negative number, an unknown
category, a duplicate — raises `FactsError` naming the table, the column
and the row; nothing is evaluated on invalid data.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import os
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from . import model as f
from ..language import model as m
from ..base.diagnostics import Diagnostic, FactsError, Message
from .loader import (CSV_FIELD_LIMIT, MAX_NAME, BadValue, FactsMessage, check_value, clip, read_category,
                         read_integer, read_name, read_number, read_text, read_year, too_long_text)
from .mapping import Mapping, as_mapping
from ..evaluation.sql import EVIDENCE, MAX_NAME_BYTES, ROW, SCALE, Answers, SqlIndex, questions, quote, read_free, relation
from ..language.vocabulary import Vocabulary

SMALL_TABLES = ("counts", "values", "deliveries", "events", "units", "period")
SUFFIXES = (".parquet", ".csv")

CAP = 20
"""The most problems one check lists (ordered by table and row); the rest are counted: "… and K more"."""

_MAPPED_ROW = "planrules:row"  # the row number's column in a mapped table's renaming subquery
_TOTAL = ", COUNT(*) OVER ()"  # the last column of every check query: how many rows it finds in all

_COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {  # table -> (required, optional)
    "counts": (("unit", "kind", "year", "count"), ()),
    "values": (("unit", "metric", "year", "value"), ()),
    "deliveries": (("unit", "task", "date"), ("deadline", "period")),
    "events": (("event", "date"), ("unit",)),
    "units": (("unit",), ("member_of",)),
    "period": (("from", "to"), ()),
}

# The columns of the small tables that are read into Python as the database gives them, by the type
# they must have (the others — years, counts, values — go through facts_load's readers, which say
# what is wrong with a cell): a date held as text, or a unit name as a number, would reach the
# deadline and period arithmetic as the wrong type.
_SMALL_TYPES = {
    ("deliveries", "date"): "date", ("events", "date"): "date", ("period", "from"): "date", ("period", "to"): "date",
    **{(table, column): "text" for table, column in (
        ("counts", "unit"), ("counts", "kind"), ("values", "unit"), ("values", "metric"), ("deliveries", "unit"),
        ("deliveries", "task"), ("deliveries", "deadline"), ("deliveries", "period"), ("events", "event"),
        ("events", "unit"), ("units", "unit"), ("units", "member_of"))},
}

SQL_TYPES = {
    m.FieldType.DATE: "DATE", m.FieldType.BOOL: "BOOLEAN", m.FieldType.DAYS: f"DECIMAL(18, {SCALE})",
    m.FieldType.INTEGER: "BIGINT", m.FieldType.TEXT: "TEXT", m.FieldType.UNIT: "TEXT", m.FieldType.CATEGORY: "TEXT",
}

# what a declared type accepts of a column's type, as information_schema (upper-cased) spells it
_ACCEPTS = {
    "date": ("DATE",),
    "bool": ("BOOLEAN",),
    "days": ("DECIMAL", "NUMERIC", "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER",
             "USMALLINT", "UTINYINT", "INT"),
    "integer": ("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER", "USMALLINT",
                "UTINYINT", "INT", "NUMERIC"),
    "text": ("VARCHAR", "TEXT", "CHARACTER VARYING", "CHARACTER", "STRING"),
}


def _accepts(expected: str, type_: str) -> bool:
    """Does a column of type `type_` (`DECIMAL(18,6)`, `CHARACTER VARYING`) hold a field of type `expected`?

    The type's name must be one of the accepted ones, whole: `INTERVAL` is not an `INT`.
    """
    return any(type_ == name or type_.startswith(name + "(") for name in _ACCEPTS[expected])


_TYPE_OF_FIELD = {
    m.FieldType.DATE: "date", m.FieldType.BOOL: "bool", m.FieldType.DAYS: "days", m.FieldType.INTEGER: "integer",
    m.FieldType.TEXT: "text", m.FieldType.UNIT: "text", m.FieldType.CATEGORY: "text",
}

SOURCE_MESSAGES: dict[str, tuple[str, str]] = {
    "unreadable": ("cannot read {path}: {reason}", "không đọc được {path}: {reason}"),
    "unknown_table": (
        "{table} is neither a record kind nor a facts table (accepted: {accepted})",
        "{table} không phải loại bản ghi hay bảng số liệu (chấp nhận: {accepted})",
    ),
    "unknown_column": (
        "table {table} has a column {column} that is not a field of {table} (accepted: {accepted})",
        "bảng {table} có cột {column} không phải trường của {table} (chấp nhận: {accepted})",
    ),
    "missing_column": ("table {table} has no column {column}", "bảng {table} thiếu cột {column}"),
    "column_type": (
        "column {column} of table {table} is {found}, but {field} is {expected}",
        "cột {column} của bảng {table} có kiểu {found}, nhưng {field} cần kiểu {expected}",
    ),
    "missing_cell": ("{column} is empty", "{column} để trống"),
    "negative": ("{column} is negative: {value}", "{column} âm: {value}"),
    "unknown_category": ("{column} has no category {value}", "{column} không có giá trị {value}"),
    "bad_year": ("{column}: {value} is not a year between 1900 and 2200",
                 "{column}: {value} không phải năm hợp lệ (1900-2200)"),
    "outside_period": ("{column} {value} lies outside the facts period {period}",
                       "{column} {value} nằm ngoài kỳ số liệu {period}"),
    "duplicate_id": ("unit {unit} has two {table} records with id {value} (rows {first} and {second})",
                     "đơn vị {unit} có hai bản ghi {table} cùng mã {value} (dòng {first} và {second})"),
    "duplicate_record": ("two identical {table} records without id (rows {first} and {second})",
                         "hai bản ghi {table} giống hệt nhau và không có mã (dòng {first} và {second})"),
    "duplicate": ("the same {what} twice (rows {first} and {second})",
                  "{what} bị lặp lại (dòng {first} và {second})"),
    "records_and_counts": (
        "unit {unit} gives both records and counts of {kind} for {year}: give one or the other",
        "đơn vị {unit} có cả bản ghi và số lượng {kind} năm {year}: chỉ được dùng một trong hai",
    ),
    "unknown_kind": ("{value} is not a record kind", "{value} không phải loại bản ghi"),
    "unknown_metric": ("{value} is not a metric", "{value} không phải chỉ số"),
    "not_condition": ("{column} is not a yes/no or category field of {kind}",
                      "{column} không phải trường có/không hay trường phân loại của {kind}"),
    "not_storable": ("{column}: {value} cannot be stored exactly as {type}",
                     "{column}: {value} không lưu chính xác được dưới dạng {type}"),
    "count_exceeds": (
        "{count} {kind} in {year} with {where} is more than the {total} with {other} (row {first})",
        "{count} {kind} năm {year} ({where}) nhiều hơn số {total} ({other}, dòng {first})",
    ),
    "period_order": ("the facts period starts on {start}, after its end {end}",
                     "kỳ số liệu bắt đầu ngày {start}, sau ngày kết thúc {end}"),
    "timeout": ("a query of the source ran longer than its time limit of {seconds} s and was stopped",
                "một truy vấn nguồn số liệu chạy quá thời hạn {seconds} giây và đã bị dừng"),
    "timeout_hint": ("a view of the database may never end; otherwise raise --query-timeout",
                     "có thể một view của cơ sở dữ liệu không bao giờ kết thúc; nếu không, hãy tăng --query-timeout"),
    "more": ("… and {count} more", "… và {count} lỗi khác"),
    "place": ("in {place}", "tại {place}"),
    "did_you_mean": ("did you mean {suggestion}?", "có phải là {suggestion}?"),
}


class SourceMessage(Message):
    catalogue = SOURCE_MESSAGES


class _Problems:
    """Problems found in a source, each located by table, column and row.

    One check (a code, a message, a table) lists at most `CAP` problems; the
    others are counted, and `raise_any` adds "… and K more" after the last one
    shown. `names(table, column)` gives the names messages show: a mapped
    table's and column's own names in the database.
    """

    def __init__(self, name: str, names=None):
        self.name = name
        self.names = names if names is not None else (lambda table, column: (table, column))
        self.items: list[Diagnostic] = []
        self._groups: list[tuple] = []
        self._shown: dict[tuple, int] = {}
        self._hidden: dict[tuple, int] = {}
        self._places: dict[tuple, str] = {}

    def _place(self, table: str | None, row: int | None = None) -> str:
        return self.name + (f" ({table}" + (f"[{row}]" if row is not None else "") + ")" if table else "")

    def add(self, code: str, key: str, *, table: str | None = None, row: int | None = None,
            unit: str | None = None, suggest: tuple[str, Iterable[str]] | None = None, **args) -> None:
        group = (code, key, table)
        if self._shown.get(group, 0) >= CAP:
            self._hidden[group] = self._hidden.get(group, 0) + 1
            return
        self._shown[group] = self._shown.get(group, 0) + 1
        shown, column = self.names(table, args.get("column"))
        if "column" in args:
            args["column"] = column
        place = self._place(shown, row)
        self._places[group] = self._place(shown)
        unit = _unit_shown(unit)
        if unit is not None:
            place += f", unit {unit}"
            args.setdefault("unit", unit)
        hints = [SourceMessage.of("place", place=place)]
        if suggest:
            close = difflib.get_close_matches(suggest[0], sorted(suggest[1]), n=1, cutoff=0.6)
            if close:
                hints.append(SourceMessage.of("did_you_mean", suggestion=close[0]))
        self.items.append(Diagnostic(code, SourceMessage.of(key, table=shown or "", **args), None,
                                     hints=tuple(hints)))
        self._groups.append(group)

    def bad(self, error: BadValue, *, table: str, row: int | None, unit: str | None = None) -> None:
        """A value `facts_load`'s readers refused: their code and words (as for a TOML file), at its row."""
        group = (error.code, error.message, table)
        if self._shown.get(group, 0) >= CAP:
            self._hidden[group] = self._hidden.get(group, 0) + 1
            return
        self._shown[group] = self._shown.get(group, 0) + 1
        shown, _ = self.names(table, None)
        unit = _unit_shown(unit)
        place = self._place(shown, row) + (f", unit {unit}" if unit is not None else "")
        self._places[group] = self._place(shown)
        self.items.append(Diagnostic(error.code, FactsMessage.of(error.message, **error.args_), None,
                                     hints=(SourceMessage.of("place", place=place), *error.hints)))
        self._groups.append(group)

    def more(self, code: str, key: str, table: str | None, count: int) -> None:
        """`count` more problems of a check than its query returned (it returns at most `CAP`)."""
        if count > 0:
            group = (code, key, table)
            self._hidden[group] = self._hidden.get(group, 0) + count

    def raise_any(self) -> None:
        if not self.items:
            return
        last = {group: i for i, group in enumerate(self._groups)}
        out = []
        for i, (item, group) in enumerate(zip(self.items, self._groups)):
            out.append(item)
            if last[group] == i and self._hidden.get(group):
                out.append(Diagnostic(group[0], SourceMessage.of("more", count=self._hidden[group]), None,
                                      hints=(SourceMessage.of("place", place=self._places[group]),)))
        raise FactsError(out)


def _show(value: object) -> str:
    """A number as a message quotes it (`facts_load.clip`: never thousands of digits)."""
    return clip(str(value))


def _day(value: object) -> str:
    if isinstance(value, _dt.datetime):
        value = value.date()
    return value.isoformat() if isinstance(value, _dt.date) else str(value)


def _period_text(period: tuple[_dt.date, _dt.date]) -> str:
    return f"{period[0].isoformat()} – {period[1].isoformat()}"


def _conditions(pairs: Sequence[tuple[str, object]]) -> str | tuple[str, str]:
    if not pairs:
        return ("no condition", "không điều kiện")
    return ", ".join(f"{k} = {'true' if v is True else 'false' if v is False else v}" for k, v in pairs)


_MARK = re.compile("\x00([0-9]+)\x00")
"""A value's place in a relation's SELECT (`_respelled`): numbered `$n` when a statement uses it (`_placed`).
No identifier holds NUL (`sql.quote`), so no mark is mistaken for one."""


def _placed(select: str, offset: int) -> str:
    """`select` with its marks made `$n` placeholders, numbered after a statement's own `offset` values."""
    return _MARK.sub(lambda found: f"${offset + int(found[1]) + 1}", select)


def _respelled(column: str, spellings: dict[str, str], values: list[str]) -> str:
    """`column` in a relation's SELECT: as stored, or with each spelling replaced by its reading (NFC,
    trimmed). A CASE over the few values spelled otherwise costs the database next to nothing; composing
    every row in SQL (nfc_normalize) costs a national year tens of seconds."""
    if not spellings:
        return quote(column)

    def mark(value: str) -> str:
        values.append(value)
        return f"\x00{len(values) - 1}\x00"

    cases = " ".join(f"WHEN {mark(raw)} THEN {mark(read)}" for raw, read in sorted(spellings.items()))
    return f"CASE {quote(column)} {cases} ELSE {quote(column)} END AS {quote(column)}"


_SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
"""What `str.strip` takes off a text (`read_name`), for `ltrim` in SQL."""


def _unit_shown(name: object) -> str | None:
    """A unit as a problem's place names it: read as a name when it can be, else its start."""
    if name is None:
        return None
    try:
        return read_name(name, "unit")
    except BadValue:
        return clip(str(name), 40)


# ----------------------------------------------------------------- engines --


class _Engine:
    """One database connection: runs statements, says what tables and columns exist."""

    name: str

    def run(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        raise NotImplementedError

    def tables(self) -> dict[str, dict[str, str]]:
        """Table name -> {column: type, in table order}; types upper-cased."""
        raise NotImplementedError

    def key_hash(self, columns: Sequence[str]) -> str | None:
        """An SQL expression hashing `columns` (quoted) to one integer, or None when the engine has none.

        Finding duplicate keys among tens of millions of records is a grouping
        by the key; grouped by a 64-bit hash it is far smaller and faster. A
        hash can only give false candidates, never miss a duplicate, so the
        exact grouping runs only when the hash finds some."""
        return None

    def unique_keys(self, table: str, schema: str | None = None) -> list[frozenset[str]]:
        """The column sets the database itself keeps unique in `table`: primary keys, UNIQUE constraints
        and (PostgreSQL) unique indexes over plain columns. Files and views keep none."""
        return []

    def origin(self, table: str) -> str:
        """How a record's label names the place of table `table`."""
        return self.name

    def source(self, table: str, schema: str | None = None) -> tuple[str, str]:
        """(relation to select from, expression of the 1-based row number) for table `table`.

        `schema`: a table of another schema than the source's (a mapping's `schema`).
        """
        raise NotImplementedError

    def columns_of(self, table: str, schema: str) -> dict[str, str] | None:
        """The columns (name -> type) of `table` in another schema `schema`; None when there is no such table."""
        return None

    def close(self) -> None:
        pass


def _error_text(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


DUCKDB_MEMORY = "512MB"
"""What DuckDB may hold in memory for one source. Checking a national year for duplicate ids
groups tens of millions of records; past this DuckDB spills to a private temporary folder,
so a national run stays under a gigabyte (bench/sql.py measures it)."""

QUERY_TIMEOUT = 600.0
"""Seconds one query of a source may run (`--query-timeout`) before it is stopped with `F101`.

A national year's costliest statement takes well under a minute; a hostile view (a cross join
of millions of rows by millions) would otherwise never end. None: no limit."""


_SPILL: str | None = None


def _spill_folder() -> str:
    """This process's private folder for what DuckDB spills, made once and removed at exit.

    One for every connection: DuckDB refuses two connections to one file with
    different settings."""
    global _SPILL
    if _SPILL is None:
        import atexit
        import shutil
        import tempfile

        _SPILL = tempfile.mkdtemp(prefix="planrules-duckdb-")
        atexit.register(shutil.rmtree, _SPILL, True)
    return _SPILL


def _duckdb(path: str | None = None, *, read_only: bool = False, files: Sequence[str] = ()):
    """A DuckDB connection with bounded memory, spilling to this process's private folder, that runs
    nothing but SQL over its own database and `files`.

    A database file is untrusted: its views could read any file (`read_text('/etc/shadow')`) or make
    DuckDB fetch and load an extension. So external access and extension auto-install and auto-load
    are off, and the configuration is locked, so that no statement can turn them back on. `files`
    (the Parquet and CSV files of a folder source, already checked) are the only files it may read
    besides its own: they are allowed one by one before external access is turned off and the
    configuration locked (DuckDB takes `allowed_paths` only once the database has started). Nothing of
    the file runs before: its views and macros run only when queried.
    """
    import duckdb

    config = {"memory_limit": DUCKDB_MEMORY, "temp_directory": _spill_folder(),
              "autoinstall_known_extensions": False, "autoload_known_extensions": False}
    con = duckdb.connect(path or ":memory:", read_only=read_only, config=config)
    try:  # in this order: DuckDB refuses a temp_directory, or allowed paths, given with external access off
        if con.execute("SELECT current_setting('lock_configuration')").fetchone()[0]:
            return con  # a second connection to a database file this process holds open: locked already
        if files:
            con.execute("SET allowed_paths = $1", [list(files)])
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


def _timed_out(name: str, seconds: float | None) -> FactsError:
    return FactsError([Diagnostic("F101", SourceMessage.of("timeout", seconds=f"{seconds:g}"), None,
                                  hints=(SourceMessage.of("place", place=name),
                                         SourceMessage.of("timeout_hint")))])


class _DuckDB(_Engine):
    def __init__(self, connection, name: str, timeout: float | None = QUERY_TIMEOUT):
        self.con = connection
        self.name = name
        self.timeout = timeout

    def close(self) -> None:
        self.con.close()

    def key_hash(self, columns: Sequence[str]) -> str | None:
        return f"hash({', '.join(columns)})"

    def unique_keys(self, table, schema=None):
        rows = self.run(
            "SELECT constraint_column_names FROM duckdb_constraints() WHERE database_name = current_database() "
            "AND schema_name = $1 AND table_name = $2 AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')",
            [schema or "main", table])
        return [frozenset(columns) for (columns,) in rows if columns]

    def run(self, sql, params=()):
        """The rows of `sql`, run in a worker thread while this one waits, at most `timeout` seconds.

        DuckDB has no statement timeout, and while it runs a query in the calling thread a Ctrl-C
        is either seen late or turned into a `RuntimeError`. Waiting here instead, this thread
        gets Ctrl-C (or the CLI's SIGTERM) at once, as it gets the end of the time limit: either
        way the query is interrupted and finished before anything else happens."""
        import duckdb
        import threading

        done: dict[str, object] = {}
        finished = threading.Event()  # not Thread.join: a join cut by Ctrl-C may say a running thread ended

        def query() -> None:
            try:
                done["rows"] = self.con.execute(sql, list(params)).fetchall()
            except BaseException as error:  # noqa: BLE001 - handed to the waiting thread
                done["error"] = error
            finally:
                finished.set()

        threading.Thread(target=query, name="planrules-duckdb", daemon=True).start()
        try:
            expired = not finished.wait(self.timeout)
            if expired:
                self._stop(finished)
        except BaseException:  # Ctrl-C, SIGTERM: stop the query, then leave
            self._stop(finished)
            raise
        if expired:
            raise _timed_out(self.name, self.timeout)
        error = done.get("error")
        if isinstance(error, duckdb.Error):
            raise FactsError([Diagnostic("F101", SourceMessage.of("unreadable", path=self.name,
                                                                  reason=_error_text(error)))]) from None
        if error is not None:
            raise error
        return done["rows"]

    def _stop(self, finished) -> None:
        """Interrupt the running query until it has `finished` (an interrupt sent before it starts is lost)."""
        while not finished.is_set():
            self.con.interrupt()
            finished.wait(0.05)

    def tables(self):
        rows = self.run(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = $1 AND table_catalog = current_database() ORDER BY table_name, ordinal_position",
            ["main"])
        out: dict[str, dict[str, str]] = {}
        for table, column, type_ in rows:
            out.setdefault(table, {})[column] = str(type_).upper()
        self._note_views("main", out)
        return out

    def _note_views(self, schema: str, found: dict[str, dict[str, str]]) -> None:
        """Remember which of `found` are views: a view has no rowid."""
        views = {t for (t,) in self.run("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 "
                                        "AND table_catalog = current_database() AND table_type = 'VIEW'", [schema])}
        if not hasattr(self, "_views"):
            self._views: dict[tuple[str, str], tuple[str, ...]] = {}
        self._views.update({(schema, t): tuple(columns) for t, columns in found.items() if t in views})

    def source(self, table, schema=None):
        relation_ = f"{quote(schema)}.{quote(table)}" if schema is not None else quote(table)
        view = getattr(self, "_views", {}).get((schema or "main", table))
        if view is not None:  # a view's rows in the order of their values, as for PostgreSQL
            return relation_, f"row_number() OVER (ORDER BY {', '.join(quote(c) for c in view) or '1'})"
        return relation_, "rowid + 1"

    def columns_of(self, table, schema):
        rows = self.run(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 "
            "AND table_name = $2 AND table_catalog = current_database() ORDER BY ordinal_position", [schema, table])
        found = {column: str(type_).upper() for column, type_ in rows} or None
        if found:
            self._note_views(schema, {table: found})
        return found


class _Folder(_DuckDB):
    """Parquet and CSV files of a folder, each a view in an in-memory DuckDB (a folder of Parquet files,
    as Spark and Hive write a table, is one table)."""

    def __init__(self, folder: Path, vocabulary: Vocabulary, timeout: float | None = QUERY_TIMEOUT):
        import duckdb

        problems = _Problems(str(folder))
        found = _folder_tables(folder, problems)
        problems.raise_any()
        files = [str(p) for _, parts in found.values() for p in parts]
        try:
            con = _duckdb(files=files)
        except duckdb.Error as error:
            raise FactsError([Diagnostic("F101", SourceMessage.of("unreadable", path=str(folder),
                                                                  reason=_error_text(error)))]) from None
        super().__init__(con, str(folder), timeout)
        self.files: dict[str, Path] = {table: shown for table, (shown, _) in found.items()}
        self._tables: dict[str, dict[str, str]] = {}
        for table, (path, parts) in found.items():
            view = f"planrules.src:{table}"
            try:
                if path.suffix == ".csv":
                    types = _csv_types(table, vocabulary)
                    rel = self.con.read_csv(str(parts[0]), header=True, dtype=types) if types else \
                        self.con.read_csv(str(parts[0]), header=True)
                    rel.create_view(view + ":csv")
                    self.con.execute(f"CREATE TEMP TABLE {quote(view)} AS SELECT *, "
                                     f"CAST(row_number() OVER () - 1 AS BIGINT) AS file_row_number "
                                     f"FROM {quote(view + ':csv')}")
                elif not path.is_dir():
                    self.con.read_parquet(str(parts[0]), file_row_number=True,
                                          hive_partitioning=False).create_view(view)
                else:  # a folder-table: its files in path order, rows numbered across them
                    self.con.read_parquet([str(p) for p in parts], file_row_number=True, filename=True,
                                          union_by_name=True).create_view(view + ":parts")
                    self.con.execute(
                        f"CREATE TEMP VIEW {quote(view)} AS SELECT * EXCLUDE (filename, file_row_number), "
                        f"CAST(row_number() OVER (ORDER BY filename, file_row_number) - 1 AS BIGINT) "
                        f"AS file_row_number FROM {quote(view + ':parts')}")
                columns = self.con.execute(f"SELECT * FROM {quote(view)} LIMIT 0").description
                kinds = self.con.execute(f"DESCRIBE {quote(view)}").fetchall()
            except duckdb.Error as error:
                problems.add("F101", "unreadable", path=str(path), reason=_error_text(error))
                continue
            types_ = {row[0]: str(row[1]).upper() for row in kinds}
            self._tables[table] = {c[0]: types_.get(c[0], "") for c in columns if c[0] != "file_row_number"}
        if problems.items:
            self.close()
        problems.raise_any()

    def tables(self):
        return self._tables

    def origin(self, table):
        path = self.files.get(table)
        return str(path) if path is not None else self.name

    def source(self, table, schema=None):
        return quote(f"planrules.src:{table}"), "file_row_number + 1"

    def columns_of(self, table, schema):
        return None  # a folder of files has no schemas


def _folder_tables(folder: Path, problems: "_Problems") -> dict[str, tuple[Path, list[Path]]]:
    """The tables of a folder source: table -> (the path the user sees, the files to read, resolved).

    A `.parquet` or `.csv` file is a table; so is a sub-folder holding `.parquet` files, at any depth
    (a table as Spark and Hive write it, `hội_nghị.parquet/part-0.parquet` or `hội_nghị/…`). What is
    not a regular file — a FIFO, a device (a link to `/dev/zero`), a link that loops, or one that
    leads outside `folder` — is refused (`F101`) rather than skipped or read: reading it could hang,
    never end, or read a file the user did not name.
    """
    import unicodedata

    real_root = _resolved(folder, folder, problems)
    if real_root is None:
        return {}
    if not real_root.is_dir():
        problems.add("F101", "unreadable", path=str(folder), reason="not a folder")
        return {}
    root = folder
    found: dict[str, tuple[Path, list[Path]]] = {}
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        problems.add("F101", "unreadable", path=str(folder), reason=error.strerror or str(error))
        return {}
    for path in entries:
        named = path.suffix in SUFFIXES
        if path.name.startswith((".", "_")) and not named:
            continue  # hidden files, Spark's _SUCCESS and _temporary
        real = _resolved(path, root, problems) if named or path.is_symlink() or path.is_dir() else None
        if real is None:
            continue
        if real.is_dir():
            if path.suffix not in ("", ".parquet"):
                continue
            parts = _parquet_parts(path, root, problems)
            if not parts:
                if named:
                    problems.add("F101", "unreadable", path=str(path), reason="a folder without .parquet files")
                continue
        elif not named:
            continue
        else:
            parts = [real]
        table = unicodedata.normalize("NFC", path.stem if path.suffix in SUFFIXES else path.name)
        if table in found:
            problems.add("F105", "duplicate", table=table, what=f"table {table}", first=found[table][0].name,
                         second=path.name)
            continue
        found[table] = (path, parts)
    return found


def _resolved(path: Path, root: Path, problems: "_Problems") -> Path | None:
    """`path` with its links followed, if it is a regular file or a folder inside `root` (the folder the user
    named): `files.vet`, the guard every reader of a user's files goes through; else None, and F101 said."""
    from ..base.files import Refused, vet

    try:
        vet(path, (root,) if path != root else (), folder=None)
    except Refused as refusal:
        problems.add("F101", "unreadable", path=str(path), reason=refusal.reason)
        return None
    return Path(os.path.realpath(path))


def _parquet_parts(folder: Path, root: Path, problems: "_Problems") -> list[Path]:
    """The `.parquet` files of a folder-table, at any depth, in path order (resolved, each checked)."""
    parts: list[Path] = []
    seen: set[Path] = set()
    stack = [folder]
    while stack:
        here = stack.pop()
        real_here = _resolved(here, root, problems)
        if real_here is None or real_here in seen:
            continue
        seen.add(real_here)
        try:
            entries = sorted(here.iterdir())
        except OSError as error:
            problems.add("F101", "unreadable", path=str(here), reason=error.strerror or str(error))
            continue
        for path in entries:
            if path.name.startswith((".", "_")):
                continue
            if path.suffix != ".parquet" and not path.is_dir():
                continue
            real = _resolved(path, root, problems)
            if real is None:
                continue
            if real.is_dir():
                stack.append(path)
            else:
                parts.append(real)
    return sorted(parts)


def _csv_types(table: str, vocabulary: Vocabulary) -> dict[str, str]:
    decl = vocabulary.kinds.get(table)
    if decl is not None:
        out = {fd.name: SQL_TYPES[fd.type].replace(" ", "") for fd in decl.fields}
        out.update(unit="VARCHAR", id="VARCHAR")
        return out
    fixed = {
        "counts": {"unit": "VARCHAR", "kind": "VARCHAR", "year": "INTEGER", "count": "BIGINT"},
        "values": {"unit": "VARCHAR", "metric": "VARCHAR", "year": "INTEGER", "value": "VARCHAR"},
        "deliveries": {"unit": "VARCHAR", "task": "VARCHAR", "date": "DATE", "deadline": "VARCHAR",
                       "period": "VARCHAR"},
        "events": {"event": "VARCHAR", "date": "DATE", "unit": "VARCHAR"},
        "units": {"unit": "VARCHAR", "member_of": "VARCHAR"},
        "period": {"from": "DATE", "to": "DATE"},
    }
    return fixed.get(table, {})


def _attributes(columns: dict[str, str]) -> tuple[str, ...]:
    """The columns of a units table beyond `unit` and `member_of`: the units' attributes (tỉnh, huyện …)."""
    return tuple(c for c in columns if c not in ("unit", "member_of"))


class _Postgres(_Engine):
    """A PostgreSQL database through psycopg 3: the tables of one schema, the same `$n` SQL text (`RawCursor`).

    Autocommit: every statement stands alone, so a failing one leaves nothing
    half done. Nothing is created, not even a temporary view (the record
    relations are a WITH clause of each statement): a role with SELECT alone,
    a read-only transaction or a hot standby is enough.
    """

    def __init__(self, conninfo: str, schema: str, timeout: float | None = QUERY_TIMEOUT):
        import psycopg

        self.schema = schema
        self.timeout = timeout
        self.con = None
        self._conninfo = conninfo = _conninfo(conninfo)
        try:
            info = psycopg.conninfo.conninfo_to_dict(conninfo)
        except psycopg.Error as error:
            raise self._error(error, "PostgreSQL") from None
        self.name = redacted(self.describe(info, schema), conninfo)  # a misread URL may put it in the host
        try:
            self.con = psycopg.connect(conninfo, autocommit=True, cursor_factory=psycopg.RawCursor,
                                       connect_timeout=int(info.get("connect_timeout") or 10))
        except (psycopg.Error, ValueError) as error:
            raise self._error(error, self.name) from None
        try:
            # Functions and operators come from pg_catalog only, whatever the database's search_path
            # holds; relations are schema-qualified, but for this session's temporary views.
            self.run("SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', false)")
            # the server stops a statement past the time limit (0: none), as a timer does for DuckDB
            self.run("SELECT pg_catalog.set_config('statement_timeout', $1, false)",
                     [str(int(timeout * 1000)) if timeout else "0"])
            found = self.run("SELECT COUNT(*) FROM pg_catalog.pg_namespace WHERE nspname = $1", [schema])
            if not found[0][0]:
                raise FactsError([Diagnostic("F101", SourceMessage.of("unreadable", path=self.name,
                                                                      reason=f"no schema {schema}"))])
        except FactsError:
            self.close()
            raise

    def _error(self, error: BaseException, where: str) -> FactsError:
        """F101 for a driver's error, every echo of the connection string's password taken out."""
        return FactsError([Diagnostic("F101", SourceMessage.of("unreadable", path=where,
                                                               reason=redacted(_error_text(error), self._conninfo)))])

    @staticmethod
    def describe(conninfo: str | dict, schema: str = "public") -> str:
        """How errors and record labels name the database: `postgresql://host:port/dbname`, never a password."""
        import psycopg

        info = psycopg.conninfo.conninfo_to_dict(_conninfo(conninfo)) if isinstance(conninfo, str) else conninfo
        host = str(info.get("host") or info.get("hostaddr") or "")
        port = f":{info['port']}" if info.get("port") else ""
        return f"postgresql://{host}{port}/{info.get('dbname') or ''}" + (
            f", schema {schema}" if schema != "public" else "")

    def run(self, sql, params=()):
        import psycopg

        try:
            with self.con.cursor() as cursor:
                cursor.execute(sql, list(params))
                return cursor.fetchall() if cursor.description is not None else []
        except psycopg.errors.QueryCanceled:
            raise _timed_out(self.name, self.timeout) from None
        except psycopg.Error as error:
            raise self._error(error, self.name) from None

    def unique_keys(self, table, schema=None):
        # A valid unique index over plain columns, not partial: a primary key, a UNIQUE constraint (deferrable
        # or not: what is committed holds it) or a bare unique index.
        rows = self.run(
            "SELECT ARRAY(SELECT CAST(a.attname AS TEXT) FROM pg_catalog.unnest(i.indkey) AS k(attnum) "
            "JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) "
            "FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = $1 AND c.relname = $2 AND i.indisunique AND i.indisvalid "
            "AND i.indpred IS NULL AND i.indexprs IS NULL", [schema or self.schema, table])
        return [frozenset(columns) for (columns,) in rows if columns]

    def tables(self):
        # pg_catalog rather than information_schema: every column (not only those granted), and
        # what kind of relation each is (a view has no ctid).
        rows = self.run(
            "SELECT c.relname, CAST(c.relkind AS TEXT), a.attname, pg_catalog.format_type(a.atttypid, NULL) "
            "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid "
            "WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'm', 'v', 'f') AND NOT c.relispartition "
            "AND a.attnum > 0 "
            "AND NOT a.attisdropped ORDER BY c.relname, a.attnum", [self.schema])
        out: dict[str, dict[str, str]] = {}
        self._relkinds: dict[str, str] = {}
        for table, relkind, column, type_ in rows:
            out.setdefault(table, {})[column] = str(type_).upper()
            self._relkinds[table] = relkind
        self._columns = out
        return out

    def source(self, table, schema=None):
        if schema is not None and schema != self.schema:
            relkind, found = getattr(self, "_elsewhere", {}).get((schema, table), ("r", {}))
        else:
            schema, relkind, found = self.schema, getattr(self, "_relkinds", {}).get(table, "r"), \
                getattr(self, "_columns", {}).get(table, {})
        relation_ = f"{quote(schema)}.{quote(table)}"
        if relkind in ("r", "p", "m"):
            return relation_, "row_number() OVER (ORDER BY ctid)"
        # a view or a foreign table has no physical order: its rows in the order of their values
        columns = ", ".join(quote(c) for c in found) or "1"
        return relation_, f"row_number() OVER (ORDER BY {columns})"

    def columns_of(self, table, schema):
        rows = self.run(
            "SELECT CAST(c.relkind AS TEXT), a.attname, pg_catalog.format_type(a.atttypid, NULL) "
            "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid "
            "WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p', 'm', 'v', 'f') "
            "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum", [schema, table])
        if not rows:
            return None
        found = {column: str(type_).upper() for _, column, type_ in rows}
        if not hasattr(self, "_elsewhere"):
            self._elsewhere: dict[tuple[str, str], tuple[str, dict[str, str]]] = {}
        self._elsewhere[(schema, table)] = (rows[0][0], found)
        return found

    def close(self):
        if self.con is None:
            return
        try:
            self.con.close()
        finally:
            self.con = None


# ----------------------------------------------------------------- sources --


class FactSource:
    """Facts in tables (see the module's docstring): what `RuleSet.evaluate` accepts besides `Facts`.

    `vocabulary` (the prelude's when None) checks the tables when they are
    read on their own (`facts`); an evaluation checks them against the plan's.
    `evidence` says what verdicts list (`sql.EVIDENCE`): "records", every
    record counted, as the in-Python path; "problems", only the records that
    explain a problem (lacking a field, undated, over a cap) — for national runs.
    """

    def __init__(self, engine: _Engine, vocabulary: Vocabulary | None = None, evidence: str = "records",
                 mapping: Mapping | None = None):
        if evidence not in EVIDENCE:
            engine.close()
            raise ValueError(f"evidence must be one of {EVIDENCE}: {evidence!r}")
        try:
            mapping = as_mapping(mapping)
        except FactsError:
            engine.close()
            raise
        self._engine = engine
        self.vocabulary = vocabulary
        self.evidence = evidence
        self.mapping = mapping
        self.name = engine.name
        self._prepared: tuple | None = None
        self._mapped: dict[str, tuple] = {}  # declared table -> (TableMapping, db table, {declared: db column})
        self._sources: dict[str, tuple[str, str]] = {}  # declared table -> (renaming subquery, row expression)
        # a record kind's relation (quoted) -> the SELECT that defines it and the values of its `_MARK`s
        self._relations: dict[str, tuple[str, tuple]] = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._engine.close()

    # -------------------------------------------------------- preparation --

    def _run(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        """Run `sql`, its record relations (`sql.relation`) defined in a WITH clause before it.

        No view, temporary or not, is ever created: a read-only role, a hot standby and a DuckDB
        file opened read-only run every statement. NOT MATERIALIZED keeps each relation inlined
        where it is used, as a view is, so filters reach the table."""
        used, params = [], list(params)
        for name, (select, values) in self._relations.items():
            if name in sql:  # a relation's own values are numbered after the statement's
                used.append(f"{name} AS NOT MATERIALIZED ({_placed(select, len(params))})")
                params += values
        return self._engine.run(f"WITH {', '.join(used)} {sql}" if used else sql, params)

    def _vocab(self, vocabulary: Vocabulary | None) -> Vocabulary:
        if vocabulary is not None:
            return vocabulary
        if self.vocabulary is None:
            self.vocabulary = Vocabulary.standard()
        return self.vocabulary

    def _prepare(self, vocabulary: Vocabulary) -> tuple[dict[str, dict[str, str]], f.Facts]:
        """Check every table against `vocabulary`, make a relation per record kind, read the small tables."""
        if self._prepared is not None and self._prepared[0] is vocabulary:
            return self._prepared[1], self._prepared[2]
        engine = self._engine
        self._relations = {}
        conditions = tuple(sorted({fd.name for decl in vocabulary.kinds.values() for fd in decl.fields
                                   if fd.type in (m.FieldType.BOOL, m.FieldType.CATEGORY)}))
        if self.mapping is not None:  # the declared names first: no query runs on a mapping that does not fit
            layout = {kind: ("unit", "id", *(fd.name for fd in decl.fields)) for kind, decl in vocabulary.kinds.items()}
            layout.update({t: _COLUMNS[t][0] + _COLUMNS[t][1] + (conditions if t == "counts" else ())
                           for t in SMALL_TABLES})
            wrong = self.mapping.check(layout)
            if wrong:
                raise FactsError(wrong)
        problems = _Problems(self.name, self._display)
        tables = engine.tables()
        if self.mapping is not None:
            tables = self._apply_mapping(tables, layout)
        else:
            accepted = sorted(set(vocabulary.kinds) | set(SMALL_TABLES))
            for table in tables:
                if table not in vocabulary.kinds and table not in SMALL_TABLES:
                    problems.add("F105", "unknown_table", table=table, accepted=", ".join(accepted),
                                 suggest=(table, accepted))
        for kind, decl in vocabulary.kinds.items():
            self._kind_relation(kind, decl, tables.get(kind), problems)
        for table in SMALL_TABLES:
            if table in tables:
                extra = conditions if table == "counts" else _attributes(tables[table]) if table == "units" else ()
                self._check_columns(table, tables[table], problems, extra)
        problems.raise_any()
        period = self._period(tables, problems)
        for kind, decl in vocabulary.kinds.items():
            if kind in tables:
                self._read_texts(kind, decl, tables[kind], problems)
                self._check_records(kind, decl, vocabulary, problems, tables[kind], period)
        self._check_counts(tables, problems)
        self._check_dates(tables, period, problems)
        light = self._small(vocabulary, tables, problems, period)
        problems.raise_any()
        self._prepared = (vocabulary, tables, light)
        return tables, light

    # ----------------------------------------------------------- mapping --

    def _apply_mapping(self, found: dict[str, dict[str, str]],
                       layout: dict[str, tuple[str, ...]]) -> dict[str, dict[str, str]]:
        """The tables as the layout names them: each mapped table read through a subquery renaming its columns.

        A mapped table's other columns are not read, and the database's tables
        that neither the mapping nor the layout names are left alone. Raises
        `FactsError` (the place in the mapping file, both names) for a mapped
        table or column the database does not have.
        """
        engine = self._engine
        wrong: list[Diagnostic] = []
        tables: dict[str, dict[str, str]] = {}
        self._mapped, self._sources = {}, {}
        for name, accepted in layout.items():
            entry = self.mapping.get(name)
            if entry is None:
                if name in found:
                    tables[name] = found[name]
                continue

            def lookup(table: str, schema: str | None) -> dict[str, str] | None:
                return found.get(table) if schema is None else engine.columns_of(table, schema)

            table, renames, problems = self.mapping.resolve(entry, lookup, found, self.name)
            wrong += problems
            if table is None or problems:
                continue
            columns = lookup(table, entry.schema) or {}
            read = {c: renames[c] if c in renames else c for c in accepted if c in renames or c in columns}
            relation_, row = engine.source(table, entry.schema)
            select = [f"{row} AS {quote(_MAPPED_ROW)}"]
            select += [f"{quote(db)} AS {quote(declared)}" for declared, db in read.items()]
            self._sources[name] = (f"(SELECT {', '.join(select)} FROM {relation_}) AS {quote('planrules:mapped')}",
                                   quote(_MAPPED_ROW))
            self._mapped[name] = (entry, table, read)
            tables[name] = {declared: columns[db] for declared, db in read.items()}
        if wrong:
            raise FactsError(wrong)
        return tables

    def _source(self, table: str) -> tuple[str, str]:
        """(relation, row expression) of a table of the layout: the database's, renamed when mapped."""
        return self._sources[table] if table in self._sources else self._engine.source(table)

    def _origin(self, table: str) -> str:
        mapped = self._mapped.get(table)
        return self._engine.origin(mapped[1] if mapped else table)

    def _display(self, table: str | None, column: str | None) -> tuple[str | None, str | None]:
        """How a problem names a table and column: the database's names when mapped (`held_on (ngày)`)."""
        mapped = self._mapped.get(table) if table else None
        if mapped is None:
            return table, column
        entry, _, read = mapped
        if column is not None and read.get(column, column) != column:
            column = f"{read[column]} ({column})"
        return entry.shown, column

    def _check_columns(self, table: str, columns: dict[str, str], problems: _Problems,
                       extra: tuple[str, ...] = ()) -> None:
        required, optional = _COLUMNS[table]
        optional = optional + extra
        for column in columns:
            if column not in required + optional:
                problems.add("F103", "unknown_column", table=table, column=column,
                             accepted=", ".join(required + optional), suggest=(column, required + optional))
        for column in required:
            if column not in columns:
                problems.add("F104", "missing_column", table=table, column=column)
        for column, type_ in columns.items():  # read into Python as they are: a text date is no date
            expected = _SMALL_TYPES.get((table, column))
            if expected is not None and not _accepts(expected, type_):
                problems.add("F120", "column_type", table=table, column=column, found=type_, field=column,
                             expected=expected)

    def _kind_relation(self, kind: str, decl: m.RecordKind, columns: dict[str, str] | None,
                       problems: _Problems, spellings: dict[str, dict[str, str]] | None = None) -> None:
        """The relation of record kind `kind`: its table's columns under the layout's names (NULL for a field
        it lacks), its row number, and each of `spellings`' columns (unit, categories) read as the TOML
        loader reads it: a value spelled otherwise (NFD, spaces around) replaced by its reading."""
        fields = {fd.name: fd for fd in decl.fields}
        select = []
        if columns is None:
            select = ["CAST(NULL AS TEXT) AS " + quote("unit"), "CAST(NULL AS TEXT) AS " + quote("id"),
                      "CAST(NULL AS BIGINT) AS " + quote(ROW)]
            select += [f"CAST(NULL AS {SQL_TYPES[fd.type]}) AS {quote(fd.name)}" for fd in decl.fields]
            self._relations[relation(kind)] = (f"SELECT {', '.join(select)} WHERE FALSE", ())
            return
        accepted = ("unit", "id", *fields)
        bad = False
        for column, type_ in columns.items():
            if column not in accepted:
                problems.add("F103", "unknown_column", table=kind, column=column, accepted=", ".join(accepted),
                             suggest=(column, accepted))
                bad = True
                continue
            expected = "text" if column in ("unit",) else (
                None if column == "id" else _TYPE_OF_FIELD[fields[column].type])
            if expected is not None and not _accepts(expected, type_):
                problems.add("F120", "column_type", table=kind, column=column, found=type_, field=column,
                             expected=expected)
                bad = True
        if "unit" not in columns:
            problems.add("F104", "missing_column", table=kind, column="unit")
            bad = True
        if bad:
            return
        source, row = self._source(kind)
        values: list[str] = []

        def read(column: str) -> str:
            return _respelled(column, (spellings or {}).get(column, {}), values)

        select = [read("unit"),
                  f"CAST({quote('id')} AS TEXT) AS {quote('id')}" if "id" in columns
                  else f"CAST(NULL AS TEXT) AS {quote('id')}",
                  f"CAST({row} AS BIGINT) AS {quote(ROW)}"]
        for fd in decl.fields:
            select.append(read(fd.name) if fd.name in columns else f"CAST(NULL AS {SQL_TYPES[fd.type]}) AS "
                          f"{quote(fd.name)}")
        self._relations[relation(kind)] = (f"SELECT {', '.join(select)} FROM {source}", tuple(values))

    def _read_texts(self, kind: str, decl: m.RecordKind, columns: dict[str, str], problems: _Problems) -> None:
        """Read a record table's text as the TOML loader reads it (`facts_load.read_name`, `read_category`,
        `read_text`), without composing every row in SQL.

        The columns compared inside SQL (the unit, the categories) have few distinct values: each is read
        once in Python, and those spelled otherwise than they read (NFD, spaces around) are replaced by
        their reading in the kind's relation (`_respelled`); those refused are reported at their rows. Free
        text (an id, a text or unit field) is composed when Python reads it; here only its length is
        checked, in SQL (F120 past `MAX_NAME`, or `CSV_FIELD_LIMIT` for a text field)."""
        spellings: dict[str, dict[str, str]] = {}
        refused: dict[str, dict[str, BadValue]] = {}
        categories = {fd.name: fd for fd in decl.fields if fd.type is m.FieldType.CATEGORY and fd.name in columns}
        for column in ("unit", *categories):
            if column == "unit":
                found = self._run(f"SELECT DISTINCT substr({quote(column)}, 1, $1) FROM {relation(kind)} "
                                  f"WHERE {quote(column)} IS NOT NULL", [4 * MAX_NAME + 1])
            else:
                names = [c.name for c in categories[column].categories]
                marks = ", ".join(f"${i + 2}" for i in range(len(names))) or "NULL"
                found = self._run(f"SELECT DISTINCT substr({quote(column)}, 1, $1) FROM {relation(kind)} "
                                  f"WHERE {quote(column)} IS NOT NULL AND {quote(column)} NOT IN ({marks})",
                                  [4 * MAX_NAME + 1, *names])
            for (raw,) in found:
                try:
                    read = read_name(raw, column) if column == "unit" else read_category(raw, categories[column])
                except BadValue as error:
                    if error.code != "F113":  # an unknown category: `_check_records` says so, at every row
                        refused.setdefault(column, {})[raw] = error
                    continue
                if read != raw:
                    spellings.setdefault(column, {})[raw] = read
        for column, errors in refused.items():
            self._refused_rows(kind, column, errors, problems)
        if spellings:
            self._kind_relation(kind, decl, columns, problems, spellings)
        free = [("id", "name")] if "id" in columns else []
        free += [(fd.name, "text" if fd.type is m.FieldType.TEXT else "name") for fd in decl.fields
                 if fd.name in columns and fd.type in (m.FieldType.TEXT, m.FieldType.UNIT)]
        for column, expected in free:
            self._long_texts(kind, column, expected, problems)
            if expected == "name":
                self._blank_names(kind, column, problems)

    def _blank_names(self, kind: str, column: str, problems: _Problems) -> None:
        """F120 at the rows whose name `column` (an id, a unit field) is blank: nothing but what `str.strip`
        takes off, as `read_name` refuses it."""
        rel, row, col = relation(kind), quote(ROW), quote(column)
        # ltrim over a set of characters costs a national year seconds: only a text that starts with one of
        # them (or is empty) is trimmed, and CASE keeps the others from it; a longer one: `_long_texts`
        starts = ", ".join(str(ord(c)) for c in "\x00" + _SPACES)
        sql = (f"SELECT {row}, {quote('unit')}, {col}{_TOTAL} FROM {rel} WHERE CASE WHEN ascii({col}) IN ({starts}) "
               f"THEN length({col}) <= $2 AND ltrim({col}, $1) = '' ELSE FALSE END ORDER BY {row}")
        for number, who, value in self._first_rows(sql, [_SPACES, MAX_NAME], problems, "F120", "wrong_type", kind):
            try:
                read_name(value, column)
            except BadValue as error:
                problems.bad(error, table=kind, row=number, unit=who)

    def _refused_rows(self, kind: str, column: str, errors: dict[str, BadValue], problems: _Problems) -> None:
        """Report `errors` (a refused spelling -> the reader's error) at the first rows that hold them."""
        shown = list(errors)[:CAP]
        marks = ", ".join(f"${i + 2}" for i in range(len(shown)))
        rel, row = relation(kind), quote(ROW)
        sql = (f"SELECT {row}, {quote('unit')}, substr({quote(column)}, 1, $1){_TOTAL} FROM {rel} "
               f"WHERE substr({quote(column)}, 1, $1) IN ({marks}) ORDER BY {row}")
        for number, who, raw in self._first_rows(sql, [4 * MAX_NAME + 1, *shown], problems, errors[shown[0]].code,
                                                 errors[shown[0]].message, kind):
            problems.bad(errors[raw], table=kind, row=number, unit=None if column == "unit" else who)

    def _long_texts(self, kind: str, column: str, expected: str, problems: _Problems) -> None:
        """F120 at the rows whose `column` is longer than `read_text` takes, in its words (the start quoted).

        Only a text that may be too long is read, and of one over four times the limit (too long however
        it composes) only its start."""
        limit = CSV_FIELD_LIMIT if expected == "text" else MAX_NAME
        rel, row, col = relation(kind), quote(ROW), quote(column)
        sql = (f"SELECT {row}, {quote('unit')}, length({col}){_TOTAL} FROM {rel} WHERE length({col}) > $1 "
               f"ORDER BY {row}")
        for number, who, size in self._first_rows(sql, [limit], problems, "F120", "text_too_long", kind):
            (value,), = self._run(f"SELECT substr({col}, 1, $1) FROM {rel} WHERE {row} = $2",
                                  [41 if size > 4 * limit else size, number])
            try:
                if size > 4 * limit:
                    raise too_long_text(column, value, expected)
                read_text(value, column, expected)
            except BadValue as error:
                problems.bad(error, table=kind, row=number, unit=who)

    def _first_rows(self, sql: str, params: Sequence[object], problems: _Problems, code: str, key: str,
                    table: str) -> list[tuple]:
        """The first `CAP` rows a check query finds (its last column `_TOTAL`, taken off); the rest are counted."""
        rows = self._run(f"{sql} LIMIT {CAP}", params)
        if rows:
            problems.more(code, key, table, int(rows[0][-1]) - len(rows))
        return [row[:-1] for row in rows]

    def _check_records(self, kind: str, decl: m.RecordKind, vocabulary: Vocabulary, problems: _Problems,
                       columns: dict[str, str] | None = None,
                       period: tuple[_dt.date, _dt.date] | None = None) -> None:
        rel, unit, id_, row = relation(kind), quote("unit"), quote("id"), quote(ROW)
        order = f" ORDER BY {row}"

        def first(sql: str, params: Sequence[object], code: str, key: str) -> list[tuple]:
            return self._first_rows(sql, params, problems, code, key, kind)

        for (number, who) in first(f"SELECT {row}, {id_}{_TOTAL} FROM {rel} WHERE {unit} IS NULL{order}", (),
                                   "F104", "missing_cell"):
            problems.add("F104", "missing_cell", table=kind, row=number, column="unit")
        for fd in decl.fields:
            col = quote(fd.name)
            if fd.type in (m.FieldType.DAYS, m.FieldType.INTEGER) and (columns or {}).get(fd.name) == "NUMERIC":
                # PostgreSQL's unconstrained NUMERIC holds what no field is: NaN, ±Infinity, any scale;
                # NaN and Infinity compare above every number there.
                whole = f"{col} <> FLOOR({col}) OR " if fd.type is m.FieldType.INTEGER else ""
                for number, who, value in first(
                        f"SELECT {row}, {unit}, CAST({col} AS TEXT){_TOTAL} FROM {rel} WHERE {col} IS NOT NULL AND "
                        f"({whole}{col} > $1 OR {col} < $2){order}", [Decimal(10**18), Decimal(-10**18)],
                        "F120", "not_storable"):
                    problems.add("F120", "not_storable", table=kind, row=number, unit=who, column=fd.name,
                                 value=clip(value), type="a whole number" if whole else "a number of days")
            if fd.type in (m.FieldType.DAYS, m.FieldType.INTEGER):
                for number, who, value in first(
                        f"SELECT {row}, {unit}, {col}{_TOTAL} FROM {rel} WHERE {col} < $1{order}", [0],
                        "F123", "negative"):
                    problems.add("F123", "negative", table=kind, row=number, unit=who, column=fd.name,
                                 value=_show(value))
            elif fd.type is m.FieldType.CATEGORY:
                names = [c.name for c in fd.categories]
                marks = ", ".join(f"${i + 1}" for i in range(len(names))) or "NULL"
                for number, who, value in first(
                        f"SELECT {row}, {unit}, substr({col}, 1, {4 * MAX_NAME + 1}){_TOTAL} FROM {rel} "
                        f"WHERE {col} IS NOT NULL AND {col} NOT IN ({marks}){order}", names, "F113",
                        "unknown_category"):
                    try:
                        value = read_category(value, fd)
                    except BadValue as error:
                        if error.code != "F113":
                            continue  # too long: F120, said by `_read_texts`
                        value = read_text(value, fd.name, "name").strip()
                    problems.add("F113", "unknown_category", table=kind, row=number, unit=who, column=fd.name,
                                 value=value, suggest=(value, names))
            elif fd.type is m.FieldType.DATE:
                for number, who, value in first(
                        f"SELECT {row}, {unit}, {col}{_TOTAL} FROM {rel} WHERE {col} < $1 OR {col} > $2{order}",
                        [_dt.date(1900, 1, 1), _dt.date(2200, 12, 31)], "F122", "bad_year"):
                    problems.add("F122", "bad_year", table=kind, row=number, unit=who, column=fd.name,
                                 value=str(value))
        date = vocabulary.date_field(kind)
        if period is not None and date is not None:  # F150: the record's date (its kind's first date field)
            col = quote(date.name)
            for number, who, value in first(
                    f"SELECT {row}, {unit}, {col}{_TOTAL} FROM {rel} WHERE {col} < $1 OR {col} > $2{order}",
                    list(period), "F150", "outside_period"):
                problems.add("F150", "outside_period", table=kind, row=number, unit=who, column=date.name,
                             value=_day(value), period=_period_text(period))
        hashed = self._engine.key_hash([unit, id_])
        candidates = not self._unique_in_database(kind) and (hashed is None or bool(self._run(
            f"SELECT 1 FROM {rel} WHERE {id_} IS NOT NULL GROUP BY {hashed} HAVING COUNT(*) > 1 LIMIT 1")))
        for who, value, first_, second in first(
                f"SELECT {unit}, {id_}, MIN({row}), MAX({row}){_TOTAL} FROM {rel} WHERE {id_} IS NOT NULL "
                f"GROUP BY {unit}, {id_} HAVING COUNT(*) > 1 ORDER BY MIN({row})", (), "F140", "duplicate_id"
        ) if candidates else ():
            problems.add("F140", "duplicate_id", table=kind, row=second, unit=who, value=value, first=first_,
                         second=second)
        columns_ = ", ".join([unit, *(quote(fd.name) for fd in decl.fields)])
        for first_, second in first(
                f"SELECT MIN({row}), MAX({row}){_TOTAL} FROM {rel} WHERE {id_} IS NULL GROUP BY {columns_} "
                f"HAVING COUNT(*) > 1 ORDER BY MIN({row})", (), "F141", "duplicate_record"):
            problems.add("F141", "duplicate_record", table=kind, row=second, first=first_, second=second)

    def _unique_in_database(self, kind: str) -> bool:
        """Does the database itself keep (unit, id) unique in the table behind `kind`?

        Then no two records share an id (F140) and the grouping of every record
        by its key — the costliest check of a national year — is not run: a
        primary key or UNIQUE constraint on (unit, id), or on either alone."""
        mapped = self._mapped.get(kind)
        table, schema, read = (mapped[1], mapped[0].schema, mapped[2]) if mapped is not None else (
            kind, None, {"unit": "unit", "id": "id"})
        key = {read[c] for c in ("unit", "id") if c in read}
        return any(columns <= key for columns in self._engine.unique_keys(table, schema))

    def _numbered(self, table: str, columns: Sequence[str]) -> str:
        """A subquery of a small table with its row number (`_MAPPED_ROW`) and `columns`, for checks in SQL."""
        source, row = self._source(table)
        select = [f"CAST({row} AS BIGINT) AS {quote(_MAPPED_ROW)}", *(quote(c) for c in columns)]
        return f"(SELECT {', '.join(select)} FROM {source})"

    def _period(self, tables: dict[str, dict[str, str]], problems: _Problems) -> tuple[_dt.date, _dt.date] | None:
        """The `period` table's (first) row; F151 when it ends before it starts."""
        if "period" not in tables:
            return None
        found = self._rows("period", ("from", "to"), tables["period"])
        if not found or found[0][1] is None or found[0][2] is None:
            return None
        start, end = (v.date() if isinstance(v, _dt.datetime) else v for v in found[0][1:3])
        if start > end:
            problems.add("F151", "period_order", table="period", row=found[0][0], start=start.isoformat(),
                         end=end.isoformat())
            return None
        return start, end

    def _check_counts(self, tables: dict[str, dict[str, str]], problems: _Problems) -> None:
        """F131, in SQL over the whole `counts` table: a count with conditions larger than a count of the same
        unit, kind and year whose conditions are some of its own (35 online conferences of 30 in all)."""
        if "counts" not in tables:
            return
        conditions = [c for c in tables["counts"] if c not in _COLUMNS["counts"][0]]
        if not conditions:
            return
        numbered = self._numbered("counts", ("unit", "kind", "year", "count", *conditions))
        row, count = quote(_MAPPED_ROW), quote("count")

        def given(side: str) -> str:
            return " + ".join(f"CASE WHEN {side}.{quote(c)} IS NOT NULL THEN 1 ELSE 0 END" for c in conditions)

        subset = " AND ".join(f"(b.{quote(c)} IS NULL OR b.{quote(c)} = a.{quote(c)})" for c in conditions)
        pairs = (f"SELECT a.{row} AS {quote('a')}, b.{row} AS {quote('b')}, a.{quote('unit')} AS {quote('unit')}, "
                 f"a.{quote('kind')} AS {quote('kind')}, a.{quote('year')} AS {quote('year')}, "
                 f"a.{count} AS {quote('more')}, b.{count} AS {quote('less')}, "
                 + ", ".join(f"a.{quote(c)} AS {quote('a:' + c)}, b.{quote(c)} AS {quote('b:' + c)}"
                             for c in conditions)
                 + f", row_number() OVER (PARTITION BY a.{row} ORDER BY b.{row}) AS {quote('k')} "
                 f"FROM {numbered} AS a JOIN {numbered} AS b ON a.{quote('unit')} = b.{quote('unit')} "
                 f"AND a.{quote('kind')} = b.{quote('kind')} AND a.{quote('year')} = b.{quote('year')} "
                 f"WHERE a.{count} > b.{count} AND {subset} AND ({given('a')}) > ({given('b')})")
        shown = ", ".join(f"{quote('a:' + c)}, {quote('b:' + c)}" for c in conditions)
        sql = (f"SELECT {quote('a')}, {quote('b')}, {quote('unit')}, {quote('kind')}, {quote('year')}, "
               f"{quote('more')}, {quote('less')}, {shown}{_TOTAL} FROM ({pairs}) AS {quote('pairs')} "
               f"WHERE {quote('k')} = 1 ORDER BY {quote('a')}")
        for a, b, unit, kind, year, more, less, *values in self._first_rows(sql, (), problems, "F131",
                                                                            "count_exceeds", "counts"):
            mine = [(c, v) for c, v in zip(conditions, values[0::2]) if v is not None]
            other = [(c, v) for c, v in zip(conditions, values[1::2]) if v is not None]
            problems.add("F131", "count_exceeds", table="counts", row=a, unit=unit, count=more, kind=kind,
                         year=year, where=_conditions(mine), total=less, other=_conditions(other), first=b)

    def _check_dates(self, tables: dict[str, dict[str, str]], period: tuple[_dt.date, _dt.date] | None,
                     problems: _Problems) -> None:
        """F150, in SQL over each small table: a delivery's or an event's date outside the period, or the year
        of a count or a value (records: `_check_records`)."""
        if period is None:
            return
        row = quote(_MAPPED_ROW)
        for table, column, bounds in (("counts", "year", (period[0].year, period[1].year)),
                                      ("values", "year", (period[0].year, period[1].year)),
                                      ("deliveries", "date", period), ("events", "date", period)):
            if table not in tables or column not in tables[table] or \
                    not _accepts("integer" if column == "year" else "date", tables[table][column]):
                continue  # a column of another type: the rows read say what is wrong
            unit = quote("unit") if "unit" in tables[table] else "CAST(NULL AS TEXT)"
            col = quote(column)
            sql = (f"SELECT {row}, {unit}, {col}{_TOTAL} FROM {self._numbered(table, [c for c in tables[table]])} "
                   f"AS {quote('t')} WHERE {col} < $1 OR {col} > $2 ORDER BY {row}")
            for number, who, value in self._first_rows(sql, list(bounds), problems, "F150", "outside_period", table):
                problems.add("F150", "outside_period", table=table, row=number, unit=who, column=column,
                             value=_day(value), period=_period_text(period))

    # ------------------------------------------------------- small tables --

    def _rows(self, table: str, columns: Sequence[str], present: dict[str, str],
              problems: _Problems | None = None, texts: dict[str, str] | None = None) -> list[tuple]:
        """The rows of small table `table` (its row number first), each text cell of `texts` (column -> "name",
        "label" or "text") read as the TOML loader reads it (`facts_load.read_name`, `read_text`): composed,
        a name trimmed, within its limit. A row with a cell refused is reported (`problems`) and left out."""
        source, row = self._source(table)
        select = [f"CAST({row} AS BIGINT)"]
        select += [quote(c) if c in present else "NULL" for c in columns]
        rows = self._run(f"SELECT {', '.join(select)} FROM {source} ORDER BY 1")
        if not texts:
            return rows
        places = [(i + 1, c, texts[c]) for i, c in enumerate(columns) if c in texts and c in present]
        out = []
        for cells in rows:
            cells = list(cells)
            try:
                for i, column, expected in places:
                    if isinstance(cells[i], str):  # "name": trimmed and not blank; "label": a name's limit alone
                        cells[i] = read_name(cells[i], column) if expected == "name" else \
                            read_text(cells[i], column, "text" if expected == "text" else "name")
            except BadValue as error:
                problems.bad(error, table=table, row=cells[0])
                continue
            out.append(tuple(cells))
        return out

    def _small(self, vocabulary: Vocabulary, tables: dict[str, dict[str, str]], problems: _Problems,
               period: tuple[_dt.date, _dt.date] | None = None) -> f.Facts:
        units: dict[str, dict] = {}

        def unit_of(name, table, number):
            if name is None:
                problems.add("F104", "missing_cell", table=table, row=number, column="unit")
                return None
            found = units.get(name)
            if found is None:  # the first table that names a unit is its origin
                found = units[name] = {"member_of": [], "counts": [], "values": [], "deliveries": [],
                                       "origin": f.Origin(self._origin(table), table, number)}
            return found

        def origin(table, number):
            return f.Origin(self._origin(table), table, number)

        for kind in vocabulary.kinds:
            if kind in tables:
                for (name,) in self._run(f"SELECT DISTINCT {quote('unit')} FROM {relation(kind)} "
                                          f"WHERE {quote('unit')} IS NOT NULL"):
                    unit_of(name, kind, None)
        if "units" in tables:
            seen: dict[str, int] = {}
            named = _attributes(tables["units"])
            for number, name, member_of, *values in self._rows(
                    "units", ("unit", "member_of", *named), tables["units"], problems,
                    {"unit": "name", "member_of": "text", **{a: "label" for a in named}}):
                if name in seen:
                    problems.add("F144", "duplicate", table="units", row=number, what=f"unit {name}",
                                 first=seen[name], second=number)
                    continue
                seen[name] = number
                entry = unit_of(name, "units", number)
                try:  # each group a name, as in a TOML file's member_of
                    groups = [read_name(g, "member_of") for g in (member_of or "").split(";") if g.strip()]
                except BadValue as error:
                    problems.bad(error, table="units", row=number, unit=name)
                    continue
                if entry is not None:
                    entry["origin"] = origin("units", number)
                    entry["member_of"] = list(dict.fromkeys(entry["member_of"] + groups))
                    entry["attributes"] = tuple((a, str(v).strip()) for a, v in zip(named, values)
                                                if v is not None and str(v).strip())
        if "counts" in tables:
            conditions = [c for c in tables["counts"] if c not in _COLUMNS["counts"][0]]
            seen_counts: dict[tuple, int] = {}
            for number, name, kind, year, count, *where in self._rows(
                    "counts", ("unit", "kind", "year", "count", *conditions), tables["counts"], problems,
                    {"unit": "name", "kind": "name"}):
                entry = unit_of(name, "counts", number)
                ok = entry is not None and self._count_ok(vocabulary, number, kind, year, count, problems)
                pairs = []
                for column, value in zip(conditions, where):
                    if value is None:
                        continue
                    decl = vocabulary.field(kind, column) if kind in vocabulary.kinds else None
                    if decl is None or decl.type not in (m.FieldType.BOOL, m.FieldType.CATEGORY):
                        if kind in vocabulary.kinds:
                            problems.add("F130" if decl else "F111", "not_condition", table="counts", row=number,
                                         column=column, kind=kind)
                        ok = False
                        continue
                    if decl.type is m.FieldType.BOOL:
                        if isinstance(value, str) and value in ("true", "false"):
                            value = value == "true"
                        if not isinstance(value, bool):
                            problems.add("F120", "column_type", table="counts", column=column, found=repr(value),
                                         field=column, expected="bool")
                            ok = False
                            continue
                    elif (value := self._category(value, decl, number, name, problems)) is None:
                        ok = False
                        continue
                    pairs.append((column, value))
                if not ok:
                    continue
                where_ = tuple(sorted(pairs))
                key = (name, kind, year, where_)
                if key in seen_counts:
                    problems.add("F142", "duplicate", table="counts", row=number, what="count",
                                 first=seen_counts[key], second=number)
                    continue
                seen_counts[key] = number
                entry["counts"].append(f.Count(kind, int(year), int(count), where_, origin("counts", number)))
        if "values" in tables:
            seen_values: dict[tuple, int] = {}
            for number, name, metric, year, value in self._rows("values", ("unit", "metric", "year", "value"),
                                                                tables["values"], problems,
                                                                {"unit": "name", "metric": "name"}):
                entry = unit_of(name, "values", number)
                if entry is None:
                    continue
                decl = vocabulary.metrics.get(metric)
                if decl is None:
                    problems.add("F112", "unknown_metric", table="values", row=number, value=metric,
                                 suggest=(str(metric), vocabulary.metrics))
                    continue
                try:  # the TOML/CSV reader: its spellings ("24/25", "0,96", "96%"), limits, codes and words
                    exact, percent = read_number(value, "value", "number", percent=True)
                except BadValue as error:
                    problems.bad(error, table="values", row=number, unit=name)
                    continue
                if not self._year_ok(year, "values", number, problems):
                    continue
                try:  # F133, F132: the metric takes no such value (as in a TOML file)
                    check_value(vocabulary, metric, exact, percent, value)
                except BadValue as error:
                    problems.bad(error, table="values", row=number, unit=name)
                    continue
                key = (name, metric, year)
                if key in seen_values:
                    problems.add("F143", "duplicate", table="values", row=number, what="value",
                                 first=seen_values[key], second=number)
                    continue
                seen_values[key] = number
                entry["values"].append(f.ReportedValue(metric, int(year), exact, origin("values", number)))
        if "deliveries" in tables:
            for number, name, task, day, deadline, occurrence in self._rows(
                    "deliveries", ("unit", "task", "date", "deadline", "period"), tables["deliveries"], problems,
                    {"unit": "name", "task": "name", "deadline": "name", "period": "name"}):
                entry = unit_of(name, "deliveries", number)
                if entry is None:
                    continue
                if task is None or day is None:
                    problems.add("F104", "missing_cell", table="deliveries", row=number,
                                 column="task" if task is None else "date")
                    continue
                entry["deliveries"].append(f.Delivery(str(task), day, None if deadline is None else str(deadline),
                                                      None if occurrence is None else str(occurrence),
                                                      origin("deliveries", number)))
        events = []
        if "events" in tables:
            for number, event, day, unit in self._rows("events", ("event", "date", "unit"), tables["events"],
                                                       problems, {"event": "name", "unit": "name"}):
                if event is None or day is None:
                    problems.add("F104", "missing_cell", table="events", row=number,
                                 column="event" if event is None else "date")
                    continue
                events.append(f.Happened(str(event), day, unit, origin("events", number)))
        # records and counts of the same unit, kind and year (F134)
        counted: dict[tuple[str, str], set[int]] = {}  # (unit, kind) -> the years it gave counts for
        for name, entry in units.items():
            for c in entry["counts"]:
                counted.setdefault((name, c.kind), set()).add(c.year)
        for kind in {k for _, k in counted}:
            if kind not in tables:
                continue
            date = vocabulary.date_field(kind)
            year = f"CAST(EXTRACT(YEAR FROM {quote(date.name)}) AS INTEGER)" if date else "NULL"
            dated_only = f" WHERE {quote(date.name)} IS NOT NULL" if date else ""  # an undated record has no year
            for name, y in self._run(f"SELECT DISTINCT {quote('unit')}, {year} FROM {relation(kind)}{dated_only}"):
                years = counted.get((name, kind), set())
                for year_ in sorted(years if y is None else {y} & years):
                    problems.add("F134", "records_and_counts", table="counts", unit=name, kind=kind, year=year_)
        out = []
        # the units table's order (a TOML file's order, when written from one), then the others by name
        listed = list(seen) if "units" in tables else []
        in_list = set(listed)
        for name in listed + sorted(n for n in units if n not in in_list):
            if name not in units:
                continue
            e = units[name]
            out.append(f.UnitFacts(name, tuple(e["member_of"]), (), tuple(e["counts"]), tuple(e["values"]),
                                   tuple(e["deliveries"]), e["origin"], e.get("attributes", ())))
        return f.Facts(tuple(out), tuple(events), period, (self.name,))

    @staticmethod
    def _category(value: object, decl: m.FieldDecl, number: int, unit: str, problems: _Problems) -> str | None:
        """A count's condition on category field `decl`, read as in a TOML file (`facts_load.read_category`);
        None when refused: F113 (an unknown category, in the source's words) or the reader's F120."""
        names = [c.name for c in decl.categories]
        try:
            return read_category(value, decl)
        except BadValue as error:
            if error.code != "F113":
                problems.bad(error, table="counts", row=number, unit=unit)
                return None
        shown = read_text(value, decl.name, "name").strip()
        problems.add("F113", "unknown_category", table="counts", row=number, unit=unit, column=decl.name,
                     value=shown, suggest=(shown, names))
        return None

    def _year_ok(self, year, table, number, problems) -> bool:
        """A year cell read as a TOML file's (`facts_load.read_year`: its codes, words and limits)."""
        if year is None:
            problems.add("F104", "missing_cell", table=table, row=number, column="year")
            return False
        try:
            read_year(year, "year", text=False)
        except BadValue as error:
            problems.bad(error, table=table, row=number)
            return False
        return True

    def _count_ok(self, vocabulary, number, kind, year, count, problems) -> bool:
        ok = self._year_ok(year, "counts", number, problems)
        if kind not in vocabulary.kinds:
            problems.add("F110", "unknown_kind", table="counts", row=number, value=kind,
                         suggest=(str(kind), vocabulary.kinds))
            ok = False
        if count is None:
            problems.add("F104", "missing_cell", table="counts", row=number, column="count")
            return False
        try:  # a whole number ≥ 0, as in a TOML file (`facts_load.read_integer`)
            read_integer(count, "count", text=False)
        except BadValue as error:
            problems.bad(error, table="counts", row=number)
            return False
        return ok

    # ------------------------------------------------------------ answers --

    def light_facts(self, vocabulary: Vocabulary | None = None) -> f.Facts:
        """Every unit, with its counts, values, deliveries and groups, and the events — no records."""
        return self._prepare(self._vocab(vocabulary))[1]

    def indexes(self, rules, as_of: _dt.date, units: Sequence[f.UnitFacts], dated: frozenset[str]) -> dict:
        """One `sql.SqlIndex` per unit of `units`, all answered by a few queries per record kind."""
        vocabulary = rules.vocabulary
        self._prepare(vocabulary)
        light = {u.name: u for u in units}
        everyone = len(units) == len(self.light_facts(vocabulary).units)
        dates = {k: (d.name if (d := vocabulary.date_field(k)) is not None else None) for k in vocabulary.kinds}
        answers = Answers(self._run, dates, self._origin, as_of,
                          None if everyone else [u.name for u in units], self.evidence)
        for kind, asked in questions(rules.metric_rules).items():
            if kind in vocabulary.kinds:
                answers.ask(kind, asked)
        return {name: SqlIndex(unit, as_of, dated, answers) for name, unit in light.items()}

    def facts(self, vocabulary: Vocabulary | None = None) -> f.Facts:
        """Everything, records included, read into Python: the in-Python path on the same data.

        Records are named as the SQL path names them (their id, or
        `Origin(file, kind, row)`), so both paths give identical reports.
        """
        vocabulary = self._vocab(vocabulary)
        tables, light = self._prepare(vocabulary)
        records: dict[str, list[f.Record]] = {}
        for kind, decl in vocabulary.kinds.items():
            if kind not in tables:
                continue
            date = vocabulary.date_field(kind)
            names = [fd.name for fd in decl.fields]
            select = ", ".join([quote("unit"), quote("id"), quote(ROW), *(quote(n) for n in names)])
            for unit, id_, number, *values in self._run(
                    f"SELECT {select} FROM {relation(kind)} ORDER BY {quote(ROW)}"):
                pairs = tuple((n, _python(fd.type, v, n)) for n, fd, v in zip(names, decl.fields, values)
                              if v is not None)
                day = next((v for n, v in pairs if date is not None and n == date.name), None)
                records.setdefault(unit, []).append(
                    f.Record(kind, pairs, id=read_free(id_, "id", "name"), date=day,
                             origin=f.Origin(self._origin(kind), kind, number)))
        units = tuple(attrs_evolve(u, records=tuple(records.get(u.name, ()))) for u in light.units)
        return f.Facts(units, light.events, light.period, light.files)


def attrs_evolve(unit: f.UnitFacts, **changes) -> f.UnitFacts:
    import attrs

    return attrs.evolve(unit, **changes)


def _python(type_: m.FieldType, value: object, name: str = "") -> f.FieldValue:
    if isinstance(value, str) and type_ in (m.FieldType.TEXT, m.FieldType.UNIT):
        return read_free(value, name, "text" if type_ is m.FieldType.TEXT else "name")
    if type_ is m.FieldType.DAYS:
        return Fraction(value)
    if type_ is m.FieldType.INTEGER:
        return int(value)
    if isinstance(value, _dt.datetime):
        return value.date()
    return value


def DuckDBSource(path: str | os.PathLike, vocabulary: Vocabulary | None = None, *,
                 evidence: str = "records", mapping=None, query_timeout: float | None = QUERY_TIMEOUT) -> FactSource:
    """The facts in a DuckDB database file, opened read-only, able to read no other file (`_duckdb`).

    `mapping`: a mapping file's path, its parsed data or a `mapping.Mapping`
    (docs/sql.md, "Mapping"): the database's own names for the layout's tables and columns.
    `query_timeout`: the seconds one query may run (None: no limit).
    """
    import duckdb

    mapping = as_mapping(mapping)  # a bad mapping file is reported before the database is opened
    name = str(path)
    from ..base.files import Refused, vet

    try:  # a regular file, not a FIFO (DuckDB would wait on it) nor a kernel file: never opened otherwise
        vet(name)
    except Refused as refusal:
        raise FactsError([Diagnostic("F101", SourceMessage.of("unreadable", path=name,
                                                              reason=refusal.reason))]) from None
    try:
        con = _duckdb(name, read_only=True)
    except duckdb.Error as error:
        raise FactsError([Diagnostic("F101", SourceMessage.of("unreadable", path=name,
                                                              reason=_error_text(error)))]) from None
    return FactSource(_DuckDB(con, name, query_timeout), vocabulary, evidence, mapping)


def FolderSource(path: str | os.PathLike, vocabulary: Vocabulary | None = None, *,
                 evidence: str = "records", mapping=None, query_timeout: float | None = QUERY_TIMEOUT) -> FactSource:
    """The facts in a folder of Parquet (or machine-format CSV) files, one file per table (`mapping`: the
    files' own names, `table = "meetings"` for `meetings.parquet`)."""
    mapping = as_mapping(mapping)
    vocab = vocabulary if vocabulary is not None else Vocabulary.standard()
    return FactSource(_Folder(Path(path), vocab, query_timeout), vocabulary, evidence, mapping)


def PostgresSource(conninfo: str, vocabulary: Vocabulary | None = None, *, schema: str = "public",
                   evidence: str = "records", mapping=None,
                   query_timeout: float | None = QUERY_TIMEOUT) -> FactSource:
    """The facts in a PostgreSQL database (`postgresql://…` or a libpq key/value string); `mapping` as for
    `DuckDBSource` (a mapped table may name another `schema`)."""
    mapping = as_mapping(mapping)
    return FactSource(_Postgres(conninfo, schema, query_timeout), vocabulary, evidence, mapping)


_SCHEME = re.compile(r"\s*postgres(?:ql)?://", re.IGNORECASE)
_PAIR = re.compile(r"\s*[A-Za-z_]+\s*=")
_USERINFO = re.compile(r"://(?P<info>.*)@", re.DOTALL)
_PASSWORD_PAIR = re.compile(r"password\s*=\s*(?P<value>'(?:[^'\\]|\\.)*'?|[^\s&#]*)", re.IGNORECASE)
_QUOTED = re.compile(r'"[^"]*"')


def is_conninfo(target: str | os.PathLike) -> bool:
    """Is `target` a PostgreSQL connection string, by its shape? A `postgresql://` or `postgres://` URL, in any
    case, or libpq's `key=value` pairs (`host=db dbname=x`) that name no existing file."""
    text = os.fspath(target)
    if not isinstance(text, str):
        return False
    return bool(_SCHEME.match(text)) or (bool(_PAIR.match(text)) and not _exists(text))


def _exists(text: str) -> bool:
    try:
        return os.path.lexists(text)
    except (OSError, ValueError):
        return False


def _conninfo(text: str) -> str:
    """`text` as libpq takes it: a URL's scheme in lower case (libpq reads `POSTGRESQL://` as a key)."""
    found = _SCHEME.match(text)
    return found.group().strip().lower() + text[found.end():] if found else text


def _secrets(conninfo: str) -> list[str]:
    """Every spelling of the password(s) `conninfo` may hold, longest first.

    The driver's own parser gives the password of a well-formed string; a malformed one (an unclosed
    `[`, a bad percent-escape) is searched by shape as well: a URL's user information after the first
    `:`, and every `password=` value, raw and percent-decoded."""
    from urllib.parse import unquote

    found: set[str] = set()
    try:
        from psycopg.conninfo import conninfo_to_dict

        found.add(str(conninfo_to_dict(conninfo).get("password") or ""))
    except Exception:  # noqa: BLE001 - a malformed string, or no driver: the shapes below still apply
        pass
    userinfo = _USERINFO.search(conninfo)
    if userinfo and ":" in userinfo["info"]:
        found.add(userinfo["info"].split(":", 1)[1])
    for pair in _PASSWORD_PAIR.finditer(conninfo):
        value = pair["value"]
        found.update({value, value.strip("'")})
    found |= {unquote(s) for s in found}
    return sorted((s for s in found if s), key=len, reverse=True)


def redacted(text: str, conninfo: str) -> str:
    """`text` (a driver's message, a path shown) with nothing of `conninfo`'s password left.

    libpq quotes what it cannot read, often the whole URL: a quoted part that holds a secret, or any
    quoted part of a string that cannot be parsed, becomes "…"; then each spelling of the password
    becomes `***`."""
    secrets = _secrets(conninfo)

    def hide(quoted: re.Match) -> str:
        inner = quoted.group()[1:-1]
        if any(s in inner for s in secrets) or (len(inner) > 1 and inner in conninfo):
            return '"…"'
        return quoted.group()

    text = _QUOTED.sub(hide, text)
    for secret in secrets:
        text = text.replace(secret, "***")
    return text


def shown_target(target: str | os.PathLike) -> str:
    """How messages name a `--facts` argument: a connection string as `postgresql://host:port/dbname` (or, when
    it cannot be read, redacted), anything else as given."""
    text = os.fspath(target)
    if not is_conninfo(text):
        return text
    try:
        return redacted(_Postgres.describe(text), text)
    except Exception:  # noqa: BLE001 - malformed, or no driver to read it
        return redacted(text, text)


def is_source(target: str | os.PathLike) -> bool:
    """Does `target` name a table source (rather than TOML/CSV files for `load_facts`)?"""
    text = os.fspath(target)
    if is_conninfo(text):
        return True
    path = Path(text)
    if path.is_file():
        return path.suffix in (".duckdb", ".db")
    if path.is_dir():
        return any(p.suffix == ".parquet" for p in path.iterdir())
    return False


def open_source(target: str | os.PathLike, vocabulary: Vocabulary | None = None, *,
                evidence: str = "records", mapping=None, query_timeout: float | None = QUERY_TIMEOUT) -> FactSource:
    """A `FactSource` for a connection string, a DuckDB file, or a folder of Parquet/CSV files.

    `mapping` (a mapping file's path, its parsed data, or a `mapping.Mapping`)
    gives the database's own names of the layout's tables and columns.
    """
    text = os.fspath(target)
    if is_conninfo(text):
        return PostgresSource(text, vocabulary, evidence=evidence, mapping=mapping, query_timeout=query_timeout)
    if Path(text).is_dir():
        return FolderSource(text, vocabulary, evidence=evidence, mapping=mapping, query_timeout=query_timeout)
    return DuckDBSource(text, vocabulary, evidence=evidence, mapping=mapping, query_timeout=query_timeout)


# ----------------------------------------------------------------- writing --


def tables_of(facts: f.Facts, vocabulary: Vocabulary | None = None) -> dict:
    """`facts` as Arrow tables in the layout above (name -> `pyarrow.Table`); tables with no row are left out.

    Raises `FactsError` for a value a column cannot hold exactly (a number of
    days with more than six decimals, a whole number beyond 64 bits).
    """
    import pyarrow as pa

    vocabulary = vocabulary if vocabulary is not None else Vocabulary.standard()
    problems = _Problems("facts")
    arrow = {
        m.FieldType.DATE: pa.date32(), m.FieldType.BOOL: pa.bool_(), m.FieldType.DAYS: pa.decimal128(18, SCALE),
        m.FieldType.INTEGER: pa.int64(), m.FieldType.TEXT: pa.string(), m.FieldType.UNIT: pa.string(),
        m.FieldType.CATEGORY: pa.string(),
    }

    def cell(type_, value, column):
        if type_ is m.FieldType.DAYS:
            scaled = Fraction(value) * 10**SCALE
            if scaled.denominator != 1 or abs(scaled) >= 10**18:
                problems.add("F120", "not_storable", column=column, value=str(value), type=f"DECIMAL(18,{SCALE})")
                return None
            return Decimal(scaled.numerator).scaleb(-SCALE)
        if type_ is m.FieldType.INTEGER and not -2**63 <= int(value) < 2**63:
            problems.add("F120", "not_storable", column=column, value=str(value), type="BIGINT")
            return None
        return value

    out = {}
    for kind, decl in vocabulary.kinds.items():
        rows = [(u.name, r) for u in facts.units for r in u.records if r.kind == kind]
        if not rows:
            continue
        data = {"unit": [u for u, _ in rows], "id": [r.id for _, r in rows]}
        schema = [("unit", pa.string()), ("id", pa.string())]
        for fd in decl.fields:
            data[fd.name] = [None if r.get(fd.name) is None else cell(fd.type, r.get(fd.name), fd.name)
                             for _, r in rows]
            schema.append((fd.name, arrow[fd.type]))
        out[kind] = pa.table(data, schema=pa.schema(schema))
    flags: dict[str, set] = {}
    for decl in vocabulary.kinds.values():
        for fd in decl.fields:
            if fd.type in (m.FieldType.BOOL, m.FieldType.CATEGORY):
                flags.setdefault(fd.name, set()).add(fd.type)
    counts = [(u.name, c) for u in facts.units for c in u.counts]
    used = sorted({k for _, c in counts for k, _ in c.where})
    data = {"unit": [u for u, _ in counts], "kind": [c.kind for _, c in counts],
            "year": [c.year for _, c in counts], "count": [c.count for _, c in counts]}
    schema = [("unit", pa.string()), ("kind", pa.string()), ("year", pa.int32()), ("count", pa.int64())]
    for column in used:
        boolean = flags.get(column) == {m.FieldType.BOOL}
        values = [dict(c.where).get(column) for _, c in counts]
        if not boolean:
            values = [None if v is None else ("true" if v is True else "false" if v is False else v) for v in values]
        data[column] = values
        schema.append((column, pa.bool_() if boolean else pa.string()))
    if counts:
        out["counts"] = pa.table(data, schema=pa.schema(schema))
    values = [(u.name, v) for u in facts.units for v in u.values]
    if values:
        out["values"] = pa.table({
            "unit": [u for u, _ in values], "metric": [v.metric for _, v in values],
            "year": pa.array([v.year for _, v in values], pa.int32()),
            "value": [str(v.value) for _, v in values]})
    deliveries = [(u.name, d) for u in facts.units for d in u.deliveries]
    if deliveries:
        out["deliveries"] = pa.table({
            "unit": [u for u, _ in deliveries], "task": [d.task for _, d in deliveries],
            "date": pa.array([d.date for _, d in deliveries], pa.date32()),
            "deadline": pa.array([d.deadline for _, d in deliveries], pa.string()),
            "period": pa.array([d.period for _, d in deliveries], pa.string())})
    if facts.events:
        out["events"] = pa.table({
            "event": [e.event for e in facts.events], "date": pa.array([e.date for e in facts.events], pa.date32()),
            "unit": pa.array([e.unit for e in facts.events], pa.string())})
    if facts.units:
        named = list(dict.fromkeys(a for u in facts.units for a, _ in u.attributes))
        columns = {
            "unit": [u.name for u in facts.units],
            "member_of": pa.array([";".join(u.member_of) or None for u in facts.units], pa.string())}
        for attribute in named:  # one column per attribute, as a units.csv has (blank: none)
            columns[attribute] = pa.array([dict(u.attributes).get(attribute) for u in facts.units], pa.string())
        out["units"] = pa.table(columns)
    if facts.period is not None:
        out["period"] = pa.table({"from": pa.array([facts.period[0]], pa.date32()),
                                  "to": pa.array([facts.period[1]], pa.date32())})
    problems.raise_any()
    return out


def write_duckdb(facts: f.Facts, path: str | os.PathLike, vocabulary: Vocabulary | None = None) -> None:
    """Write `facts` into a new DuckDB database file at `path` (one table per table of the layout); never over one."""
    import duckdb

    if Path(path).exists():
        raise FactsError([Diagnostic("F101", SourceMessage.of("unreadable", path=os.fspath(path),
                                                              reason="the file exists already"))])
    tables = tables_of(facts, vocabulary)
    con = duckdb.connect(os.fspath(path))
    try:
        for name, table in tables.items():
            con.register("planrules:arrow", table)
            con.execute(f"CREATE TABLE {quote(name)} AS SELECT * FROM {quote('planrules:arrow')}")
            con.unregister("planrules:arrow")
    finally:
        con.close()


def _postgres_type(type_) -> str:
    import pyarrow as pa

    if pa.types.is_decimal(type_):
        return f"NUMERIC({type_.precision}, {type_.scale})"
    for test, name in ((pa.types.is_boolean, "BOOLEAN"), (pa.types.is_int32, "INTEGER"), (pa.types.is_int64, "BIGINT"),
                       (pa.types.is_date32, "DATE"), (pa.types.is_string, "TEXT"), (pa.types.is_null, "TEXT")):
        if test(type_):
            return name
    raise TypeError(f"no PostgreSQL type for {type_}")  # pragma: no cover - tables_of makes only the above


def write_postgres(facts: f.Facts, conninfo: str, vocabulary: Vocabulary | None = None, *,
                   schema: str = "public") -> None:
    """Write `facts` into the schema `schema` of a PostgreSQL database (created if need be), one table per
    table of the layout, all in one transaction; never over a table that exists already.

    Records are written in order, so a record's row number (`ctid` order) is
    its position, as in `write_duckdb`. Text holding NUL, which PostgreSQL
    cannot store, is refused (`F120`), like days with more than six decimals.
    """
    import psycopg

    tables = tables_of(facts, vocabulary)
    problems = _Problems("facts")
    rows: dict[str, list[tuple]] = {}
    for name, table in tables.items():
        columns = table.column_names
        for identifier in (name, *columns):
            if len(identifier.encode("utf-8")) > MAX_NAME_BYTES:  # PostgreSQL would cut it silently
                problems.add("F120", "not_storable", table=name, column=identifier, value=identifier,
                             type=f"a PostgreSQL name (at most {MAX_NAME_BYTES} bytes)")
        rows[name] = [tuple(record[c] for c in columns) for record in table.to_pylist()]
        for number, row in enumerate(rows[name], start=1):
            for column, value in zip(columns, row):
                if isinstance(value, str) and "\x00" in value:
                    problems.add("F120", "not_storable", table=name, row=number, column=column, value=repr(value),
                                 type="PostgreSQL TEXT")
    problems.raise_any()
    where = "PostgreSQL"
    try:
        where = redacted(_Postgres.describe(conninfo, schema), conninfo)
        with psycopg.connect(_conninfo(conninfo), connect_timeout=10) as con, con.cursor() as cursor:
            cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {quote(schema)}")
            for name, table in tables.items():
                target = f"{quote(schema)}.{quote(name)}"
                columns = [(c, _postgres_type(table.schema.field(c).type)) for c in table.column_names]
                cursor.execute(f"CREATE TABLE {target} ({', '.join(f'{quote(c)} {t}' for c, t in columns)})")
                with cursor.copy(f"COPY {target} ({', '.join(quote(c) for c, _ in columns)}) FROM STDIN") as copy:
                    for row in rows[name]:
                        copy.write_row(row)
    except (psycopg.Error, ValueError) as error:
        raise FactsError([Diagnostic("F101", SourceMessage.of("unreadable", path=where,
                                                              reason=redacted(_error_text(error), conninfo)))]) from None


def write_parquet(facts: f.Facts, folder: str | os.PathLike, vocabulary: Vocabulary | None = None) -> None:
    """Write `facts` as Parquet files into `folder` (created if need be): `<table>.parquet` per table."""
    import pyarrow.parquet as pq

    tables = tables_of(facts, vocabulary)
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        pq.write_table(table, target / f"{name}.parquet")


__all__ = [
    "DuckDBSource", "FactSource", "FolderSource", "PostgresSource", "SMALL_TABLES", "SOURCE_MESSAGES",
    "is_conninfo", "is_source", "open_source", "redacted", "shown_target", "tables_of", "write_duckdb", "write_parquet", "write_postgres",
]
