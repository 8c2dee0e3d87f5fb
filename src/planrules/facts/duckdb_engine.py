"""DuckDB as a table source's engine: a database file (read-only), or a folder of Parquet and CSV files.

A database file is untrusted: its connection may read no other file, load no
extension and change no setting (`connect_duckdb`). A folder's files are each a
view in an in-memory DuckDB that may read those files and no other.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ..base.diagnostics import Diagnostic, FactsError
from ..language.vocabulary import Vocabulary
from . import findings
from .engines import QUERY_TIMEOUT, Engine, Fingerprint, Watched, error_text, timed_out
from .messages import facts_message
from .layout import Layout, Table
from .sql_text import quote
from .table_problems import RowPlace, TableProblems

__all__ = ["DUCKDB_MEMORY", "DuckDBEngine", "FolderEngine", "connect_duckdb"]

SUFFIXES = (".parquet", ".csv")

DUCKDB_MEMORY = "512MB"
"""What DuckDB may hold in memory for one source. Checking a national year for duplicate ids
groups tens of millions of records; past this DuckDB spills to a private temporary folder,
so a national run stays under a gigabyte (bench/sql.py measures it)."""

PROBE = ("A", "a", "á", "a\u0301")
"""Four texts apart byte by byte (by case, by accent, by composition): a column that makes fewer of them compares
by a collation (`DuckDBEngine._collated`)."""

COLLATED = "VARCHAR (COLLATE)"
"""The type a VARCHAR column compared by a collation is given: no field accepts it (`sql_text.accepts`: F120)."""


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


def connect_duckdb(path: str | None = None, *, read_only: bool = False, files: Sequence[str] = ()):
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


class DuckDBEngine(Engine):
    def __init__(self, connection, name: str, timeout: float | None = QUERY_TIMEOUT):
        self.con = connection
        self.name = name
        self.timeout = timeout
        self.watched: Watched | None = None  # the files its data is, as they were when opened (`fingerprint`)

    def close(self) -> None:
        self.con.close()

    def key_hash(self, columns: Sequence[str]) -> str | None:
        return f"hash({', '.join(columns)})"

    def composed(self, text: str) -> str:
        return f"nfc_normalize({text})"

    def non_ascii(self, text: str) -> str:
        return f"strlen({text}) <> length({text})"  # bytes and characters: equal only in ASCII

    def fingerprint(self, trust_unchanged: bool = False) -> Fingerprint | None:
        """The state of the database file and its write-ahead log (or of a folder's files), as opened: a file
        held open read-only cannot be written by DuckDB meanwhile. None when a table read is a view of the
        file, or the file has a generated column: either may compute what it gives (`now()`, `random()`) as
        it is read, which no file's state shows."""
        if self.watched is None or getattr(self, "_views", None):
            return None
        if self.run("SELECT 1 FROM information_schema.columns WHERE table_catalog = current_database() "
                    "AND is_generated = 'ALWAYS' LIMIT 1"):
            return None
        return self.watched.fingerprint()

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
            raise timed_out(self.name, self.timeout)
        error = done.get("error")
        if isinstance(error, duckdb.Error):
            raise FactsError([Diagnostic("F101", facts_message("unreadable", path=self.name,
                                                                  reason=error_text(error)))]) from None
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
        self._collated("main", out)
        self._note_views("main", out)
        return out

    def _collated(self, schema: str, found: dict[str, dict[str, str]]) -> None:
        """Give each VARCHAR column of `found` that its database compares other than byte by byte (`COLLATE
        NOCASE`, `NOACCENT`, `NFC`, an ICU locale) the type `COLLATED`, which no field accepts (F120).

        DuckDB groups and compares such a column by its collation ('đv_a' and 'ĐV_A' one unit, 'QUÁN_TRIỆT'
        the category 'quán_triệt'), where planrules tells them apart: read, its counts would differ from the same
        facts' anywhere else. The catalogue does not say a column's collation, so each is asked, in one
        statement that reads no row: four texts apart byte by byte (case, accent, composition) stay four in a
        UNION with the column, which takes its collation."""
        probes = [(table, column) for table, columns in found.items()
                  for column, type_ in columns.items() if type_ == "VARCHAR"]
        for start in range(0, len(probes), 100):
            chunk = probes[start:start + 100]
            counts = self.run("SELECT " + ", ".join(
                f"(SELECT COUNT(DISTINCT x) FROM (SELECT {quote(column)} AS x FROM {quote(schema)}.{quote(table)} "
                f"WHERE FALSE UNION ALL SELECT x FROM (VALUES ($1), ($2), ($3), ($4)) AS p(x)) AS s)"
                for table, column in chunk), list(PROBE))[0]
            for (table, column), count in zip(chunk, counts):
                if count != len(PROBE):
                    found[table][column] = COLLATED

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
            self._collated(schema, {table: found})
            self._note_views(schema, {table: found})
        return found


class FolderEngine(DuckDBEngine):
    """Parquet and CSV files of a folder, each a view in an in-memory DuckDB (a folder of Parquet files,
    as Spark and Hive write a table, is one table). Its views have no collation: `plain_text`."""

    plain_text = True

    def __init__(self, folder: Path, vocabulary: Vocabulary, timeout: float | None = QUERY_TIMEOUT,
                 mapped: dict[str, dict[str, str]] | None = None):
        import duckdb

        problems = TableProblems(str(folder))
        found = _folder_tables(folder, problems)
        problems.raise_any()
        files = [str(p) for _, parts in found.values() for p in parts]
        watched = Watched(files)  # before any is read: a CSV file is read now, a Parquet file by each query
        try:
            con = connect_duckdb(files=files)
        except duckdb.Error as error:
            raise FactsError([Diagnostic("F101", facts_message("unreadable", path=str(folder),
                                                                  reason=error_text(error)))]) from None
        super().__init__(con, str(folder), timeout)
        self.watched = watched
        self.files: dict[str, Path] = {table: shown for table, (shown, _) in found.items()}
        self._tables: dict[str, dict[str, str]] = {}
        layout = Layout.of(vocabulary)
        for table, (path, parts) in found.items():
            view = f"planrules.src:{table}"
            try:
                if path.suffix == ".csv":
                    # a file a mapping reads has columns of its own: `mapped_csv_types`
                    types = csv_types(layout.table(table))
                    if table in (mapped or {}):  # only those of its header: a column missing is the mapping's F103
                        header = set(self.con.read_csv(str(parts[0]), header=True).columns)
                        types = {c: t for c, t in mapped[table].items() if c in header}
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
                problems.add("F101", "unreadable", path=str(path), reason=error_text(error))
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


def _folder_tables(folder: Path, problems: "TableProblems") -> dict[str, tuple[Path, list[Path]]]:
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
            problems.found(RowPlace(table), findings.table_twice(table, found[table][0].name, path.name))
            continue
        found[table] = (path, parts)
    return found


def _resolved(path: Path, root: Path, problems: "TableProblems") -> Path | None:
    """`path` with its links followed, if it is a regular file or a folder inside `root` (the folder the user
    named): `files.vet`, the guard every reader of a user's files goes through; else None, and F101 said."""
    from ..base.files import Refused, vet

    try:
        vet(path, (root,) if path != root else (), folder=None)
    except Refused as refusal:
        problems.add("F101", "unreadable", path=str(path), reason=refusal.reason)
        return None
    return Path(os.path.realpath(path))


def _parquet_parts(folder: Path, root: Path, problems: "TableProblems") -> list[Path]:
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


CSV_DECIMAL = "DECIMAL(38,18)"
"""How a machine-format CSV file's decimal cells are read: to 18 places, as wide as DuckDB's decimals go. The
layout's own `DECIMAL(18, 6)` would round a seventh place on reading, in silence (0.8999999 read as 0.9, a rate
meeting "≥ 90%" that the same cell in a facts file or a Parquet column does not meet)."""


def csv_types(table: Table | None) -> dict[str, str]:
    """The DuckDB types of a layout table's columns, for reading a machine-format CSV file of it (none for
    a condition column of `counts`, or a units table's attributes: DuckDB reads those as it finds them)."""
    if table is None:
        return {}
    return {c.name: "VARCHAR" if c.cell.sql == "TEXT" else CSV_DECIMAL if c.cell.sql.startswith("DECIMAL")
            else c.cell.sql.replace(" ", "") for c in table.columns if not c.condition}


def mapped_csv_types(layout: Layout, mapping) -> dict[str, dict[str, str]]:
    """The DuckDB types of the columns a mapping (`mapping.Mapping`) reads from a folder's CSV files, by file.

    A CSV file has no types: DuckDB guesses them, and would read a commune code 26734 as a number. So
    every column the mapping reads as text is read as text — a unit, an id, a key or a parent, a column read
    through a value map or yes/no lists, an identity, a units table's attribute, a text field —, a decimal
    field as an exact decimal (`CSV_DECIMAL`), and the others (dates, whole numbers, a year) as DuckDB finds
    them, then checked as any column (`F120`)."""
    out: dict[str, dict[str, str]] = {}
    for entry in (*mapping.tables, *([mapping.reported] if mapping.reported is not None else [])):
        if entry.schema is not None:
            continue
        types = out.setdefault(entry.table, {})
        declared = csv_types(layout.table(entry.name)) if entry.name != "reported" else {
            "unit": "VARCHAR", "kind": "VARCHAR"}
        text = set(entry.mapped_values)
        for name, column in entry.columns:
            if name in text or declared.get(name, "VARCHAR" if entry.name == "units" else None) == "VARCHAR":
                types[column] = "VARCHAR"
            elif declared.get(name) == CSV_DECIMAL:  # DuckDB would guess DOUBLE: inexact, and refused (F120)
                types[column] = CSV_DECIMAL
        for column in (*entry.identity, *([entry.key] if entry.key is not None else [])):
            types[column] = "VARCHAR"
    return out
