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

**Layout** (one table per declared record kind and the small tables, the
TOML/CSV facts model of docs/facts.md as tables):

| table | columns |
| --- | --- |
| a record kind (`hội_nghị`) | `unit` text, `id` text (optional), the kind's declared fields under their names: date → DATE, yes/no → BOOLEAN, days → DECIMAL(18,6), whole number → BIGINT, text/unit/category → TEXT |
| `counts` | `unit`, `kind`, `year` INTEGER, `count` BIGINT, one column per condition field (yes/no or category) of any kind; NULL: not part of the condition |
| `values` | `unit`, `metric`, `year`, `value` (text `"24/25"`, `"0.96"`, or an exact DECIMAL) |
| `deliveries` | `unit`, `task`, `date` DATE, `deadline`, `period` |
| `assessments` | `unit`, `target` (an address), `year` INTEGER, `result` (đạt / không đạt), `assessor`, `date` DATE |
| `events` | `event`, `date` DATE, `unit` (NULL: every unit) |
| `units` | `unit`, `member_of` (groups separated by `;`), `label`, `code`, `level`, `parent`, `successor`, `since`, `change` (what a register says: docs/registers.md), then attributes |
| `period` | `from` DATE, `to` DATE (one row, optional) |

A record's row number (its label when it has no id) is its 1-based position
in its table: DuckDB's `rowid`, the Parquet file's row, the CSV file's data
row; PostgreSQL has no row order, so there it is the order of `ctid` (for a
view, of the rows' values; give records ids there). `write_duckdb`,
`write_parquet` and `write_postgres` write a `Facts` in this layout.

Every problem with a source — unreadable, an unknown table or column, a
column of the wrong type, a missing unit, a negative number, an unknown
category, a duplicate — raises `FactsError` naming the table, the column
and the row; nothing is evaluated on invalid data. The checks that must run
inside the database are `table_checks`; the small tables are read by
`small_tables`; a connection is an `Engine` (`duckdb_engine`,
`postgres_engine`). The measure on SQL (`evaluation.sql.sql_indexes`) is built
from a source by evaluation: a source gives it `run`, `origin_of`, `evidence`
and its units (`light_facts`).
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from attrs import evolve

from ..base.diagnostics import Diagnostic, FactsError
from ..base.files import Refused, vet
from ..language import model as m
from ..language.vocabulary import Vocabulary
from . import model as f
from . import findings
from .duckdb_engine import DuckDBEngine, FolderEngine, connect_duckdb, mapped_csv_types
from .engines import QUERY_TIMEOUT, Engine, Watched, error_text
from .mapping import (KEY_COLUMN, REPORTED_COLUMNS, YEAR_COLUMN, Mapping, as_mapping, except_column, identity_column,
                      where_column)
from .mapping_units import unit_parts
from .mapping_shapes import (adapted, check_value_maps, check_where_nulls, mapped_read, percent_read, shapes_check,
                             stored_read, where_test)
from .messages import facts_message
from .postgres_engine import PostgresEngine
from .layout import FIELD_CELLS, SCALE, Cell, Layout, Table
from .small_tables import SmallTables, attributes_of, read_as_given
from .sql_text import (EVIDENCE, MAPPED_ROW, MAPPED_YEAR, MAX_NAME_BYTES, ROW, STORED_YEAR, TID, accepts, collated,
                       placed, quote, read_free, relation, respelled, stored_as)
from .table_checks import TableChecks
from .table_problems import RowPlace, TableProblems
from .validation_cache import Validation
from .values import quoted
from .targets import describe, is_conninfo, libpq_conninfo, redacted

__all__ = ["DuckDBSource", "FactSource", "FolderSource", "PostgresSource", "open_source", "tables_of", "write_duckdb",
           "write_parquet", "write_postgres"]


_TIMESTAMPS = ("TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "DATETIME", "TIMESTAMP WITHOUT TIME ZONE")
"""A mapped date column's types read as their day (`CAST … AS DATE`): a time of day with no time zone. One with a
zone (TIMESTAMPTZ) is refused as any type a date is not (F120): its day depends on the zone it is seen from."""
_UNIT_NAMES = ("unit", "parent", "successor", KEY_COLUMN)
"""The columns of a mapped table that name a unit (or its key): read as text when the database's are whole numbers."""


class FactSource:
    """Facts in tables (see the module's docstring): what `RuleSet.evaluate` accepts besides `Facts`.

    `vocabulary` (the prelude's when None) checks the tables when they are
    read on their own (`facts`); an evaluation checks them against the plan's.
    `evidence` says what verdicts list (`sql.EVIDENCE`): "records", every
    record counted, as the in-Python path; "problems", only the records that
    explain a problem (lacking a field, undated, over a cap) — for national runs.
    """

    def __init__(self, engine: Engine, vocabulary: Vocabulary | None = None, evidence: str = "records",
                 mapping: Mapping | None = None):
        if evidence not in EVIDENCE:
            engine.close()
            raise ValueError(f"evidence must be one of {EVIDENCE}: {evidence!r}")
        try:
            mapping = as_mapping(mapping)
        except FactsError:
            engine.close()
            raise
        self.engine = engine
        self.vocabulary = vocabulary
        self.evidence = evidence
        self.mapping = mapping
        self.keyed = False  # (set by `_apply_mapping`)
        self.unit_keys: dict[str, str] | None = None  # with `keyed`: the database's key of a unit -> its name
        self.name = engine.name
        self._prepared: tuple | None = None
        self.layout: Layout | None = None  # the layout of the vocabulary the tables were last checked against
        self.mapped: dict[str, tuple] = {}  # declared table -> (TableMapping, db table, {declared: db column})
        self.identities: dict[str, tuple[str, ...]] = {}  # mapped kind -> the database's columns its id is made of
        self._sources: dict[str, tuple[str, str]] = {}  # declared table -> (renaming subquery, row expression)
        self._reported_types: dict[str, str] | None = None  # the mapped `[reported]` table's columns and types
        # the record kinds whose mapping gives a year column for their date: their relation has it as `MAPPED_YEAR`
        self.year_kinds: frozenset[str] = frozenset()
        # a record kind's relation (quoted) -> the SELECT that defines it and the values of its `MARK`s
        self._relations: dict[str, tuple[str, tuple]] = {}
        # a relation numbered late (`counted`) -> its SELECT without the row number: what a statement that reads no
        # row number gets, with no window over the whole table in it (PostgreSQL then reads only what it uses)
        self._unnumbered: dict[str, str] = {}
        self._unnumbered_sources: dict[str, str] = {}  # a mapped kind numbered late -> its subquery without numbers
        # a record kind -> how its few rows a statement names are numbered without numbering all (`Engine.counted`)
        self.counted: dict[str, object] = {}
        # a mapped kind -> its fields read through a value map -> (its relation's column holding the value as stored,
        # {declared value: the stored values read as it}): what the metric statements test (`stored_read`)
        self.stored_values: dict[str, dict[str, tuple[str, dict]]] = {}
        # Validate once (`validation_cache`): the compile cache, handed down by the pipeline (None: check every
        # time); the user's word that PostgreSQL's statistics show any change; the last validation (`reused`)
        self.cache = None
        self.trust_unchanged = False
        self.validation: Validation | None = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.engine.close()

    # -------------------------------------------------------- preparation --

    def run(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        """Run `sql`, its record relations (`sql_text.relation`) defined in a WITH clause before it.

        No view, temporary or not, is ever created: a read-only role, a hot standby and a DuckDB
        file opened read-only run every statement. NOT MATERIALIZED keeps each relation inlined
        where it is used, as a view is, so filters reach the table."""
        used, params = [], list(params)
        numbers = quote(ROW) in sql
        chosen: dict[str, str] = {}
        named = [name for name in self._relations if name in sql]
        while named:  # and the relations those read (a kind's over the rows a mapping's `where` reads)
            name = named.pop()
            select = chosen[name] = self._relations[name][0] if numbers else self._unnumbered.get(
                name, self._relations[name][0])
            named += [other for other in self._relations if other not in chosen and other in select]
        for name, (_, values) in self._relations.items():  # in the order made: each after those it reads
            if name in chosen:  # a relation's own values are numbered after the statement's
                used.append(f"{name} AS NOT MATERIALIZED ({placed(chosen[name], len(params))})")
                params += values
        return self.engine.run(f"WITH {', '.join(used)} {sql}" if used else sql, params)

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
        engine = self.engine
        self._relations, self._unnumbered, self._unnumbered_sources, self.counted = {}, {}, {}, {}
        self.stored_values = {}
        layout = self.layout = Layout.of(vocabulary)
        names = {table.name: table.names for table in layout.tables}
        if self.mapping is not None:  # the declared names first: no query runs on a mapping that does not fit
            wrong = self.mapping.check(names) + shapes_check(self.mapping, vocabulary)
            if wrong:
                raise FactsError(wrong)
        problems = TableProblems(self.name, self._display)
        tables = engine.tables()
        if self.mapping is not None:
            tables = self._apply_mapping(tables, names, vocabulary)
        else:
            accepted = sorted(layout.names)
            for table in tables:
                if layout.table(table) is None:
                    problems.found(RowPlace(table), findings.unknown_table(table, accepted))
        for kind, decl in vocabulary.kinds.items():
            self.kind_relation(kind, decl, tables.get(kind), problems)
        for table in layout.small:
            for name in [table.name] + ([n for n, _ in unit_parts(self.mapping)[1:]] if table.name == "units" else []):
                if name in tables:
                    self._check_columns(table, tables[name], problems, name)
        problems.raise_any()
        small, checks = SmallTables(self, problems), TableChecks(self, problems)
        period = small.period(tables)
        validation = self.validation = Validation(self, vocabulary, tables, period, self._reported_types)
        spellings = validation.spellings()
        if spellings is not None:  # passed before, unchanged since: its relations read as they were checked
            for kind, spelled in spellings.items():
                self.kind_relation(kind, vocabulary.kinds[kind], tables[kind], problems, spelled)
        else:
            check_value_maps(self, tables, problems)  # a value map is total: F230 at a value it does not list
            check_where_nulls(self, problems)  # a where is total too: F253 at a row it neither keeps nor leaves out
            for kind, decl in vocabulary.kinds.items():
                if kind in tables:
                    checks.read_texts(kind, decl, tables[kind], vocabulary)
                    checks.check_records(kind, decl, vocabulary, tables[kind], period)
            checks.check_counts(tables)
            checks.check_dates(tables, period)
            validation.checked()
        kept = validation.light()  # what reading the small tables gave, when the validation stands and kept it
        if kept is not None:
            light, self.unit_keys = kept
        else:
            light = small.read(vocabulary, tables, period, validation, checks.groups)
            light = adapted(self, vocabulary, light, self._reported_types, problems, checks.groups)  # level, zeros
            problems.raise_any()
        validation.remember(checks.spellings, None if kept is not None else light, self.unit_keys)
        self._prepared = (vocabulary, tables, light)
        return tables, light

    # ----------------------------------------------------------- mapping --

    def _apply_mapping(self, found: dict[str, dict[str, str]], layout: dict[str, tuple[str, ...]],
                       vocabulary: Vocabulary | None = None) -> dict[str, dict[str, str]]:
        """The tables as the layout names them: each mapped table read through a subquery renaming its columns.

        A mapped table's other columns are not read, and the database's tables
        that neither the mapping nor the layout names are left alone. A year
        column is read as its year's first day under the kind's date field, an
        identity as the record's id (`mapping_shapes`, docs/sql.md). Raises
        `FactsError` (the place in the mapping file, both names) for a mapped
        table or column the database does not have.
        """
        engine = self.engine
        wrong: list[Diagnostic] = []
        tables: dict[str, dict[str, str]] = {}
        self.mapped, self._sources, self._reported_types = {}, {}, None
        self._unnumbered_sources = {}
        self.identities = {}
        year_kinds = set()
        self.keyed = False  # a units table has a `key`: every other table names units by it (`mapping_units`)

        def lookup(table: str, schema: str | None) -> dict[str, str] | None:
            return found.get(table) if schema is None else engine.columns_of(table, schema)

        entries = [(name, accepted, self.mapping.get(name)) for name, accepted in layout.items() if name != "units"]
        parts = unit_parts(self.mapping)  # each units table, under a name of its own
        entries += [(name, layout["units"], entry) for name, entry in parts] if parts else [
            ("units", layout.get("units", ()), None)]
        if self.mapping.reported is not None:
            entries.append(("reported", REPORTED_COLUMNS, self.mapping.reported))
        for name, accepted, entry in entries:
            if entry is None:  # the layout's own table, unless the file reads it as something else
                if name in found and name not in self.mapping.read_tables:
                    tables[name] = found[name]
                continue
            table, renames, problems = self.mapping.resolve(entry, lookup, found, self.name)
            wrong += problems
            if table is None or problems:
                continue
            columns = lookup(table, entry.schema) or {}
            if entry.name == "units":  # its further columns are attributes; its key, where the others name its units
                accepted = (*accepted, *(d for d, _ in entry.columns if d not in accepted))
                if entry.key is not None:
                    accepted = (*accepted, KEY_COLUMN)
            read = {c: renames[c] if c in renames else c for c in accepted if c in renames or c in columns}
            collated = self._collated(entry, {**renames, **read}, columns)
            if collated:
                wrong += collated
                continue
            self.keyed = self.keyed or entry.key is not None
            if entry.identity or entry.rows_are_records:
                read.pop("id", None)  # the identity says what tells records apart: a column named id is not read
            relation_, row = engine.source(table, entry.schema)
            select = [f"{row} AS {quote(MAPPED_ROW)}"]
            counted = engine.counted(table, entry.schema) if name in layout and vocabulary is not None \
                and name in vocabulary.kinds else None
            if counted is not None:  # a record kind's few rows named are numbered late (`sql_text.numbered`)
                select.append(f"{counted.locator} AS {quote(TID)}")
                self.counted[name] = counted
            # a unit named by a whole number (unit_id INTEGER, its parent_id, a key) is its decimal text, as a unit
            # is text everywhere: 17 is the unit (or key) "17"
            whole = {d for d in _UNIT_NAMES if d in read and accepts("integer", columns[read[d]])}
            # a date held as a TIMESTAMP (no time zone) is its day as written, the time of day left out
            layout_table = self.layout.table(entry.name) if self.layout is not None else None
            days = {d for d, db in read.items() if columns[db].upper() in _TIMESTAMPS and layout_table is not None
                    and layout_table.column(d) is not None and layout_table.column(d).cell is Cell.DATE}
            select += [f"CAST({quote(db)} AS TEXT) AS {quote(declared)}" if declared in whole else
                       f"CAST({quote(db)} AS DATE) AS {quote(declared)}" if declared in days else
                       f"{quote(db)} AS {quote(declared)}" for declared, db in read.items()]
            types = {declared: "VARCHAR" if declared in whole else "DATE" if declared in days else columns[db]
                     for declared, db in read.items()}
            date = vocabulary.date_field(name) if vocabulary is not None and name in vocabulary.kinds else None
            if entry.year is not None and date is not None:  # the year's first day stands for the date
                year = renames[YEAR_COLUMN]
                if not accepts("integer", columns[year]):
                    wrong.append(self.mapping.diagnostic(("tables", name, "year"), "F120", "column_type",
                                                         column=quoted(year), table=quoted(entry.shown),
                                                         found=columns[year], field="year", expected="integer"))
                    continue
                # a year outside 1900-2200 (or, in a PostgreSQL NUMERIC, not whole) is F122 at its row, checked on
                # the column as stored (`STORED_YEAR`); cast, it could overflow an INTEGER or a date and fail the
                # whole statement, or round 2025.5 to 2026: it makes no date and no year
                known = f"CASE WHEN {quote(year)} BETWEEN 1900 AND 2200 THEN CAST({quote(year)} AS INTEGER) END"
                select.append(f"make_date({known}, 1, 1) AS {quote(date.name)}")
                select.append(f"{known} AS {quote(MAPPED_YEAR)}")  # that date's year, as it is
                select.append(f"{quote(year)} AS {quote(STORED_YEAR)}")
                types[date.name] = "DATE"
                year_kinds.add(name)
            if entry.identity:  # the identity's columns, the unit's left out, make the record's id
                parts = [renames[identity_column(i)] for i in range(len(entry.identity))]
                parts = [p for p in parts if p != read.get("unit")] or parts
                self.identities[name] = tuple(parts)
                # joined by '/', each part's backslashes and slashes escaped by a backslash when there are several:
                # ("1/2", "3") and ("1", "2/3") are two ids, not one "1/2/3"; a part without either reads as it is
                texts = [f"CAST({quote(p)} AS TEXT)" for p in parts]
                if len(texts) > 1:
                    texts = [f"replace(replace({t}, '\\', '\\\\'), '/', '\\/')" for t in texts]
                joined = " || '/' || ".join(texts)
                select.append(f"{joined} AS {quote('id')}")
                types["id"] = "VARCHAR"
            if entry.where or entry.excluded:  # only the rows its `where` reads: a relation of them (`_filtered`)
                self._sources[name] = (self._filtered(name, entry, {**renames, **read}, columns, relation_, row,
                                                      select, counted), quote(MAPPED_ROW))
            else:
                self._sources[name] = (f"(SELECT {', '.join(select)} FROM {relation_}) AS "
                                       f"{quote('planrules:mapped')}", quote(MAPPED_ROW))
            if counted is not None and not (entry.where or entry.excluded):  # the same, unnumbered (`_unnumbered`)
                self._unnumbered_sources[name] = (f"(SELECT {', '.join(select[1:])} FROM {relation_}) AS "
                                                  f"{quote('planrules:mapped')}")
            self.mapped[name] = (entry, table, read)
            if name == "reported":
                self._reported_types = types
            else:
                tables[name] = types
        if wrong:
            raise FactsError(wrong)
        self.year_kinds = frozenset(year_kinds)
        return tables

    def _collated(self, entry, read: dict[str, str], columns: dict[str, str]) -> list[Diagnostic]:
        """F120 for each column the mapping reads (`read`: declared -> the database's column; a value-mapped, year,
        identity, key or reported column included) that the database compares by a collation (`sql_text.collated`):
        a value map's `'Y'` would match `'y'`, the `[reported]` kind `'conf'` the row `'CONF'`, and an identity's
        `'a'` and `'A'` would be one id, where the same facts anywhere else tell them apart. At the mapping's key for
        the column, or its table's when the column is read under its own name."""
        mapped = dict(entry.columns)
        out = []
        for declared, column in read.items():
            if not collated(columns.get(column, "")):
                continue
            path = (*entry.place, "columns", declared) if declared in mapped else \
                (*entry.place, "year") if declared == YEAR_COLUMN else \
                (*entry.place, "key") if declared == KEY_COLUMN else \
                (*entry.place, "where", column) if declared in [where_column(i) for i in range(len(entry.where))] else \
                (*entry.place, "except", column) if declared in [except_column(i) for i in range(len(entry.excluded))] \
                else \
                next(((*entry.place, "identity", i) for i, c in enumerate(entry.identity) if c == column),
                     (*entry.place, "table"))
            out.append(self.mapping.diagnostic(path, "F120", "mapped_collated", (facts_message("place", place=self.name),),
                                               at_value=True, column=quoted(column), table=quoted(entry.shown),
                                               found=columns[column]))
        return out

    def _filtered(self, name: str, entry, renames: dict[str, str], columns: dict[str, str], relation_: str,
                  row: str, select: list[str], counted) -> str:
        """The relation of the rows of a mapped table that its `where` reads (`where_test`), renamed as `select`
        renames them: what every reader of the declared table `name` reads (`table_source`, the kind's relation).
        `renames`: every database column it reads (declared -> the database's; the where's, year, key, identity).

        Its rows keep their numbers in the database's table: numbered there, then filtered (a window numbers what
        it is given), so a problem is said at the row the database has. A record kind numbered late (`counted`)
        also gets the same rows unnumbered, which is what its relation without row numbers reads."""
        values: list = []
        test = where_test([(renames[where_column(i)], listed) for i, (_, listed) in enumerate(entry.where)], columns,
                          values, [(renames[except_column(i)], listed) for i, (_, listed) in enumerate(entry.excluded)])
        numbered, locator = quote("planrules:n"), quote("planrules:l")
        # the columns the mapping reads, and no other: a role may be granted those alone (no `SELECT *`)
        inner = [*(quote(c) for c in sorted(set(renames.values()))), f"{row} AS {numbered}",
                 *([f"{counted.locator} AS {locator}"] if counted is not None else [])]
        outer = [f"{numbered} AS {quote(MAPPED_ROW)}",
                 *([f"{locator} AS {quote(TID)}"] if counted is not None else []),
                 *select[2 if counted is not None else 1:]]
        full = quote(f"planrules:rows:{name}")
        self._relations[full] = (f"SELECT {', '.join(outer)} FROM (SELECT {', '.join(inner)} FROM {relation_}) AS "
                                 f"{quote('planrules:table')} WHERE {test}", tuple(values))
        if counted is not None:
            late = quote(f"planrules:rows-late:{name}")
            self._relations[late] = (f"SELECT {', '.join(select[1:])} FROM {relation_} WHERE {test}", tuple(values))
            self._unnumbered_sources[name] = late
        return full

    def table_source(self, table: str) -> tuple[str, str]:
        """(relation, row expression) of a table of the layout: the database's, renamed when mapped."""
        return self._sources[table] if table in self._sources else self.engine.source(table)

    def origin_of(self, table: str) -> str:
        mapped = self.mapped.get(table)
        return self.engine.origin(mapped[1] if mapped else table)

    def shown_table(self, table: str) -> str:
        """How a message names a table of the facts (an origin's): a mapped one by the database's own name
        (`communes` for the mapping's units table, `reports` for `[reported]`, `conferences` for `hội_nghị`)."""
        return self._display(table, None)[0]

    def _display(self, table: str | None, column: str | None) -> tuple[str | None, str | None]:
        """How a problem names a table and column: the database's names when mapped (`held_on (ngày)`)."""
        mapped = self.mapped.get(table) if table else None
        if mapped is None:
            return table, column
        entry, _, read = mapped
        if column is not None and read.get(column, column) != column:
            column = f"{read[column]} ({column})"
        return entry.shown, column

    def _check_columns(self, table: Table, columns: dict[str, str], problems: TableProblems,
                       name: str | None = None) -> None:
        """A small table's columns against the layout: a units table's further columns are its units' attributes.
        `name`: the table as the source reads it (another units table: "units:provinces")."""
        name = name or table.name
        known = table.names if table.name != "units" else table.names + attributes_of(columns) + (KEY_COLUMN,)
        for column in columns:
            if column not in known:
                _unknown_column(problems, name, column, known)
        for column in table.required:
            if column not in columns:
                _missing_column(problems, name, column)
        for column, type_ in columns.items():  # read into Python as they are: a text date is no date
            expected = read_as_given(table.column(column))
            if expected is not None and not accepts(expected, type_):
                self._wrong_type(problems, name, column, type_, expected)

    def _wrong_type(self, problems: TableProblems, table: str, column: str, found: str, expected: str) -> None:
        """F120 for a column of a type its field cannot be read from: at the mapping's key when the mapping names
        the column (the file is what says which column holds it, so what to change), at the table otherwise."""
        entry = self.mapped[table][0] if table in self.mapped else None
        if entry is None or column not in dict(entry.columns):
            problems.add("F120", "column_type", table=table, column=column, found=found, field=column,
                         expected=expected)
            return
        shown_table, shown_column = self._display(table, column)
        problems.add_located(self.mapping.diagnostic(
            (*entry.place, "columns", column), "F120", "column_type",
            (facts_message("place", place=problems.where(table)), facts_message("mapped_type_cast", expected=expected)),
            at_value=True, table=shown_table, column=shown_column, found=found, field=column, expected=expected))

    def kind_relation(self, kind: str, decl: m.RecordKind, columns: dict[str, str] | None,
                       problems: TableProblems, spellings: dict[str, dict[str, str]] | None = None) -> None:
        """The relation of record kind `kind`: its table's columns under the layout's names (NULL for a field
        it lacks), its row number, and each of `spellings`' columns (unit, categories) read as the TOML
        loader reads it: a value spelled otherwise (NFD, spaces around) replaced by its reading."""
        fields = {fd.name: fd for fd in decl.fields}
        select = []
        if columns is None:
            select = ["CAST(NULL AS TEXT) AS " + quote("unit"), "CAST(NULL AS TEXT) AS " + quote("id"),
                      "CAST(NULL AS BIGINT) AS " + quote(ROW)]
            select += [f"CAST(NULL AS {FIELD_CELLS[fd.type].sql}) AS {quote(fd.name)}" for fd in decl.fields]
            self._relations[relation(kind)] = (f"SELECT {', '.join(select)} WHERE FALSE", ())
            return
        accepted = ("unit", "id", *fields)
        entry = self.mapped[kind][0] if kind in self.mapped else None
        translated = set(entry.mapped_values) if entry is not None else set()  # read through a value map
        bad = False
        for column, type_ in columns.items():
            if column not in accepted:
                _unknown_column(problems, kind, column, accepted)
                bad = True
                continue
            if column in translated:
                continue
            expected = None if column == "id" else "text" if column == "unit" else \
                stored_as(FIELD_CELLS[fields[column].type])
            if expected is not None and not accepts(expected, type_):
                self._wrong_type(problems, kind, column, type_, expected)
                bad = True
        if "unit" not in columns:
            _missing_column(problems, kind, "unit")
            bad = True
        if bad:
            return
        source, row = self.table_source(kind)
        values: list[str] = []
        if kind not in self.mapped:
            counted = self.engine.counted(kind)
            if counted is not None:
                self.counted[kind] = counted

        def read(column: str) -> str:
            if column in translated:
                return mapped_read(column, entry.value_map(column), values, columns[column])
            if entry is not None and entry.percent_form(column) is not None:  # a "0-100" column as its fraction
                return percent_read(column, entry.percent_form(column))
            return respelled(column, (spellings or {}).get(column, {}), values)

        numbered_as = f"CAST({row} AS BIGINT) AS {quote(ROW)}"
        select = [read("unit"),
                  f"CAST({quote('id')} AS TEXT) AS {quote('id')}" if "id" in columns
                  else f"CAST(NULL AS TEXT) AS {quote('id')}", numbered_as]
        for fd in decl.fields:
            select.append(read(fd.name) if fd.name in columns else f"CAST(NULL AS {FIELD_CELLS[fd.type].sql}) AS "
                          f"{quote(fd.name)}")
        stored = {}
        for i, fd in enumerate(decl.fields):  # a mapped field's value as stored too: what a metric statement tests
            if fd.name in translated and fd.name in columns:
                subject, reads = stored_read(fd.name, entry.value_map(fd.name), columns[fd.name])
                stored[fd.name] = (f"planrules:stored:{i}", reads)
                select.append(f"{subject} AS {quote(stored[fd.name][0])}")
        self.stored_values[kind] = stored
        if kind in self.year_kinds:  # the year its date is made from: what its records are grouped by (`year_of`)
            select += [quote(MAPPED_YEAR), quote(STORED_YEAR)]  # and the column as stored, which the checks read
        if kind in self.counted:  # the row's locator: read from the mapped subquery, or the table's own
            select.append(quote(TID) if kind in self.mapped else f"{self.counted[kind].locator} AS {quote(TID)}")
        self._relations[relation(kind)] = (f"SELECT {', '.join(select)} FROM {source}", tuple(values))
        if kind in self.counted:  # its few rows named are numbered late: a statement that reads no row number
            self._unnumbered[relation(kind)] = (f"SELECT {', '.join(s for s in select if s != numbered_as)} FROM "
                                                f"{self._unnumbered_sources.get(kind, source)}")

    # ------------------------------------------------------------ answers --

    def light_facts(self, vocabulary: Vocabulary | None = None) -> f.Facts:
        """Every unit, with its counts, values, deliveries and groups, and the events — no records."""
        return self._prepare(self._vocab(vocabulary))[1]

    def recorded_units(self) -> set[str]:
        """The units (as the record tables name them) that have records of some kind: what the database groups
        its counts by."""
        named = self.validation.record_units if self.validation is not None else None
        return {name for names in (named or {}).values() for name in names}

    def keys_of(self, names) -> dict[str, str]:
        """The database's key of each unit of `names` whose key is not its name: what the queries of the
        records name it by (a units table's `key`, `mapping_units`); empty without one."""
        if not self.unit_keys:
            return {}
        wanted = set(names)
        return {name: key for key, name in self.unit_keys.items() if name in wanted and key != name}

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
            for unit, id_, number, *values in self.run(
                    f"SELECT {select} FROM {relation(kind)} ORDER BY {quote(ROW)}"):
                pairs = tuple((n, _python(fd.type, v, n)) for n, fd, v in zip(names, decl.fields, values)
                              if v is not None)
                day = next((v for n, v in pairs if date is not None and n == date.name), None)
                if self.unit_keys is not None:  # the database's key of the unit: its name (listed, or F239 before)
                    unit = self.unit_keys[unit]
                records.setdefault(unit, []).append(
                    f.Record(kind, pairs, id=read_free(id_, "id", "name"), date=day,
                             origin=f.Origin(self.origin_of(kind), kind, number)))
        units = tuple(evolve(u, records=tuple(records.get(u.name, ()))) for u in light.units)
        return f.Facts(units, light.events, light.period, light.files)


def _unknown_column(problems: TableProblems, table: str, column: str, known: Sequence[str]) -> None:
    """F103: a column the layout does not have, in the words a CSV header gets for one."""
    shown, _ = problems.shown(table)
    problems.found(RowPlace(table), findings.unknown_column(column, shown, known))


def _missing_column(problems: TableProblems, table: str, column: str) -> None:
    """F104: a required column the table lacks, in the words a CSV header gets for one."""
    shown, shown_column = problems.shown(table, column)
    problems.found(RowPlace(table), findings.missing_column(shown_column, shown))


def _python(type_: m.FieldType, value: object, name: str = "") -> f.FieldValue:
    if isinstance(value, str) and type_ in (m.FieldType.TEXT, m.FieldType.UNIT):
        return read_free(value, name, "text" if type_ is m.FieldType.TEXT else "name")
    if type_ in (m.FieldType.DAYS, m.FieldType.DECIMAL, m.FieldType.PERCENT):
        return Fraction(value)
    if type_ is m.FieldType.INTEGER:
        return int(value)
    if isinstance(value, _dt.datetime):
        return value.date()
    return value


def DuckDBSource(path: str | os.PathLike, vocabulary: Vocabulary | None = None, *,
                 evidence: str = "records", mapping=None, query_timeout: float | None = QUERY_TIMEOUT) -> FactSource:
    """The facts in a DuckDB database file, opened read-only, able to read no other file (`connect_duckdb`).

    `mapping`: a mapping file's path, its parsed data or a `mapping.Mapping`
    (docs/sql.md, "Mapping"): the database's own names for the layout's tables and columns.
    `query_timeout`: the seconds one query may run (None: no limit).
    """
    import duckdb

    mapping = as_mapping(mapping)  # a bad mapping file is reported before the database is opened
    name = str(path)

    try:  # a regular file, not a FIFO (DuckDB would wait on it) nor a kernel file: never opened otherwise
        vet(name)
    except Refused as refusal:
        raise FactsError([Diagnostic("F101", facts_message("unreadable", path=name,
                                                              reason=refusal.reason))]) from None
    watched = Watched([name, name + ".wal"])  # DuckDB's write-ahead log is part of the data
    try:
        con = connect_duckdb(name, read_only=True)
    except duckdb.Error as error:
        raise FactsError([Diagnostic("F101", facts_message("unreadable", path=name,
                                                              reason=error_text(error)))]) from None
    engine = DuckDBEngine(con, name, query_timeout)
    engine.watched = watched
    return FactSource(engine, vocabulary, evidence, mapping)


def FolderSource(path: str | os.PathLike, vocabulary: Vocabulary | None = None, *,
                 evidence: str = "records", mapping=None, query_timeout: float | None = QUERY_TIMEOUT) -> FactSource:
    """The facts in a folder of Parquet (or machine-format CSV) files, one file per table (`mapping`: the
    files' own names, `table = "meetings"` for `meetings.parquet`)."""
    mapping = as_mapping(mapping)
    vocab = vocabulary if vocabulary is not None else Vocabulary.standard()
    mapped = mapped_csv_types(Layout.of(vocab), mapping) if mapping is not None else None
    return FactSource(FolderEngine(Path(path), vocab, query_timeout, mapped), vocabulary, evidence, mapping)


def PostgresSource(conninfo: str, vocabulary: Vocabulary | None = None, *, schema: str = "public",
                   evidence: str = "records", mapping=None,
                   query_timeout: float | None = QUERY_TIMEOUT) -> FactSource:
    """The facts in a PostgreSQL database (`postgresql://…` or a libpq key/value string); `mapping` as for
    `DuckDBSource` (a mapped table may name another `schema`)."""
    mapping = as_mapping(mapping)
    return FactSource(PostgresEngine(conninfo, schema, query_timeout), vocabulary, evidence, mapping)


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
    problems = TableProblems("facts")
    arrow = {
        m.FieldType.DATE: pa.date32(), m.FieldType.BOOL: pa.bool_(), m.FieldType.DAYS: pa.decimal128(18, SCALE),
        m.FieldType.INTEGER: pa.int64(), m.FieldType.TEXT: pa.string(), m.FieldType.UNIT: pa.string(),
        m.FieldType.CATEGORY: pa.string(), m.FieldType.DECIMAL: pa.decimal128(18, SCALE),
        m.FieldType.PERCENT: pa.decimal128(18, SCALE),
    }

    def cell(type_, value, column):
        if type_ in (m.FieldType.DAYS, m.FieldType.DECIMAL, m.FieldType.PERCENT):
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
            "value": [_value_text(v) for _, v in values],
            "measured_in": pa.array([v.unit for _, v in values], pa.string())})
    deliveries = [(u.name, d) for u in facts.units for d in u.deliveries]
    if deliveries:
        out["deliveries"] = pa.table({
            "unit": [u for u, _ in deliveries], "task": [d.task for _, d in deliveries],
            "date": pa.array([d.date for _, d in deliveries], pa.date32()),
            "deadline": pa.array([d.deadline for _, d in deliveries], pa.string()),
            "period": pa.array([d.period for _, d in deliveries], pa.string())})
    assessments = [(u.name, a) for u in facts.units for a in u.assessments]
    if assessments:
        out["assessments"] = pa.table({
            "unit": [u for u, _ in assessments], "target": [a.target for _, a in assessments],
            "year": pa.array([a.year for _, a in assessments], pa.int32()),
            "result": ["đạt" if a.met else "không đạt" for _, a in assessments],
            "assessor": [a.assessor for _, a in assessments],
            "date": pa.array([a.date for _, a in assessments], pa.date32())})
    if facts.events:
        out["events"] = pa.table({
            "event": [e.event for e in facts.events], "date": pa.array([e.date for e in facts.events], pa.date32()),
            "unit": pa.array([e.unit for e in facts.events], pa.string())})
    if facts.units:
        named = list(dict.fromkeys(a for u in facts.units for a, _ in u.attributes))
        columns = {
            "unit": [u.name for u in facts.units],
            "member_of": pa.array([";".join(u.member_of) or None for u in facts.units], pa.string())}
        for key in f.REGISTER_FIELDS:  # what a register says of a unit, when the facts say it (blank: not said)
            if any(getattr(u, key) is not None for u in facts.units):
                columns[key] = pa.array([getattr(u, key) for u in facts.units],
                                        pa.date32() if key == "since" else pa.string())
        for attribute in named:  # one column per attribute, as a units.csv has (blank: none)
            columns[attribute] = pa.array([dict(u.attributes).get(attribute) for u in facts.units], pa.string())
        out["units"] = pa.table(columns)
    if facts.period is not None:
        out["period"] = pa.table({"from": pa.array([facts.period[0]], pa.date32()),
                                  "to": pa.array([facts.period[1]], pa.date32())})
    problems.raise_any()
    return out


def _value_text(value: f.ReportedValue) -> str:
    """A reported value as a table holds it, read back the same: exact ("21/100"), a figure in % with its sign
    ("21%", "91/2%": a figure in % is written so, `values.figure_value`)."""
    if value.unit == "%":
        return f"{value.value * 100}%"
    return str(value.value)


def write_duckdb(facts: f.Facts, path: str | os.PathLike, vocabulary: Vocabulary | None = None) -> None:
    """Write `facts` into a new DuckDB database file at `path` (one table per table of the layout); never over one."""
    import duckdb

    if Path(path).exists():
        raise FactsError([Diagnostic("F101", facts_message("unreadable", path=os.fspath(path),
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
    problems = TableProblems("facts")
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
        where = redacted(describe(conninfo, schema), conninfo)
        with psycopg.connect(libpq_conninfo(conninfo), connect_timeout=10) as con, con.cursor() as cursor:
            cursor.execute("SET client_encoding TO 'UTF8'")  # whatever the role or string asks: Vietnamese is sent
            cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {quote(schema)}")
            for name, table in tables.items():
                target = f"{quote(schema)}.{quote(name)}"
                columns = [(c, _postgres_type(table.schema.field(c).type)) for c in table.column_names]
                cursor.execute(f"CREATE TABLE {target} ({', '.join(f'{quote(c)} {t}' for c, t in columns)})")
                with cursor.copy(f"COPY {target} ({', '.join(quote(c) for c, _ in columns)}) FROM STDIN") as copy:
                    for row in rows[name]:
                        copy.write_row(row)
    except (psycopg.Error, ValueError) as error:
        raise FactsError([Diagnostic("F101", facts_message("unreadable", path=where,
                                                              reason=redacted(error_text(error), conninfo)))]) from None


def write_parquet(facts: f.Facts, folder: str | os.PathLike, vocabulary: Vocabulary | None = None) -> None:
    """Write `facts` as Parquet files into `folder` (created if need be): `<table>.parquet` per table."""
    import pyarrow.parquet as pq

    tables = tables_of(facts, vocabulary)
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        pq.write_table(table, target / f"{name}.parquet")

