"""The one table layout of facts, derived from the vocabulary: what every reader fills and every check reads.

Facts are tables (docs/sql.md): one table per declared record kind — `unit`, an
optional `id`, the kind's fields under their declared names — and six small
tables: `counts`, `values`, `deliveries`, `assessments`, `events`, `units` and `period`. A
TOML file, a CSV file, a DuckDB file, a folder of Parquet files and a
PostgreSQL schema are five spellings of these tables. So the layout is a value
of its own, made once from the vocabulary in force (`Layout.of`): the CSV reader
checks a file's header against it, the table sources check a database's
tables and columns against it, and `table_schema` renders it as DDL and JSON
Schema. A plan that declares its own record kinds gets its own tables with no
change anywhere.

Each column says what its cells hold (`Cell`): the type a reader reads them
as, the SQL type a database stores them in, the JSON Schema of a cell.
"""

from __future__ import annotations

from enum import Enum

from attrs import frozen

from ..language import model as m
from ..language.vocabulary import Vocabulary

__all__ = ["CSV_TABLES", "Cell", "Column", "Layout", "SCALE", "SMALL_TABLES", "Table", "UNIT_COLUMNS"]

SMALL_TABLES = ("counts", "values", "deliveries", "assessments", "events", "units", "period")
CSV_TABLES = SMALL_TABLES[:-1]  # a CSV facts file is one of these, or a record kind's table (the period is TOML's)
# The columns of a units table that are not attributes: its unit, its groups, and what a register says of it
UNIT_COLUMNS = ("unit", "member_of", "label", "code", "level", "parent", "successor", "since", "change")

SCALE = 6
"""Decimal places of a stored number of days (`DECIMAL(18, 6)`)."""


class Cell(str, Enum):
    """What the cells of a column hold, as the readers read them."""

    NAME = "name"  # a unit, a kind, a metric, a task, an event: text, never blank
    TEXT = "text"  # free text, a label, a category (checked against its field)
    DATE = "date"
    BOOL = "bool"
    DAYS = "days"  # a number of days, exact to `SCALE` decimals
    INTEGER = "integer"  # a whole number ≥ 0
    DECIMAL = "decimal"  # an exact number of either sign, to `SCALE` decimals (a percentage as its fraction)
    YEAR = "year"
    VALUE = "value"  # a reported value: text ("24/25", "96%") or an exact number

    @property
    def sql(self) -> str:
        """The SQL type a database stores it in (DuckDB and PostgreSQL alike)."""
        return _SQL[self]

    @property
    def json(self) -> dict:
        """The JSON Schema of one cell."""
        return dict(_JSON[self])


_SQL = {Cell.NAME: "TEXT", Cell.TEXT: "TEXT", Cell.DATE: "DATE", Cell.BOOL: "BOOLEAN", Cell.DAYS: f"DECIMAL(18, {SCALE})",
        Cell.INTEGER: "BIGINT", Cell.DECIMAL: f"DECIMAL(18, {SCALE})", Cell.YEAR: "INTEGER", Cell.VALUE: "TEXT"}
_JSON = {
    Cell.NAME: {"type": "string", "minLength": 1}, Cell.TEXT: {"type": "string"},
    Cell.DATE: {"type": "string", "format": "date"}, Cell.BOOL: {"type": "boolean"},
    Cell.DAYS: {"type": "number", "minimum": 0}, Cell.INTEGER: {"type": "integer", "minimum": 0},
    Cell.DECIMAL: {"type": "number"},
    Cell.YEAR: {"type": "integer", "minimum": 1900, "maximum": 2200}, Cell.VALUE: {"type": "string"},
}

# a record kind's field type -> what its column holds
FIELD_CELLS: dict[m.FieldType, Cell] = {
    m.FieldType.DATE: Cell.DATE, m.FieldType.BOOL: Cell.BOOL, m.FieldType.DAYS: Cell.DAYS,
    m.FieldType.INTEGER: Cell.INTEGER, m.FieldType.TEXT: Cell.TEXT, m.FieldType.UNIT: Cell.TEXT,
    m.FieldType.CATEGORY: Cell.TEXT, m.FieldType.DECIMAL: Cell.DECIMAL, m.FieldType.PERCENT: Cell.DECIMAL,
}


@frozen
class Column:
    """One column of a table of the layout.

    `condition`: a column of `counts` that is a condition field of some record
    kind (a yes/no or a category), present only when a count is conditioned on it.
    """

    name: str
    cell: Cell
    required: bool = False
    about: str | None = None
    categories: tuple[str, ...] = ()  # the declared categories of a category field's column
    condition: bool = False

    @property
    def json(self) -> dict:
        """The JSON Schema of a cell: its type, and the declared categories of a category field."""
        cell = {"type": "string", "enum": list(self.categories)} if self.categories else self.cell.json
        return {**cell, **({"description": self.about} if self.about else {})}


@frozen
class Table:
    """One table of the layout: a record kind's (`records`), or a small table."""

    name: str
    columns: tuple[Column, ...]
    records: bool = False
    about: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def optional(self) -> tuple[str, ...]:
        """The columns a table may leave out, the condition columns of `counts` excepted."""
        return tuple(c.name for c in self.columns if not c.required and not c.condition)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


def _record_table(decl: m.RecordKind) -> Table:
    columns = [Column("unit", Cell.NAME, True, "the unit that reported the record"),
               Column("id", Cell.TEXT, False, "the record's own id (its label in explanations)")]
    columns += [Column(fd.name, FIELD_CELLS[fd.type], False, fd.label, tuple(c.name for c in fd.categories))
                for fd in decl.fields]
    return Table(decl.name, tuple(columns), records=True, about=decl.label)


def _conditions(vocabulary: Vocabulary) -> list[Column]:
    """One column of `counts` per condition field of any kind: yes/no when every kind's field of that name is."""
    types: dict[str, set[m.FieldType]] = {}
    for decl in vocabulary.kinds.values():
        for fd in decl.fields:
            if fd.type in (m.FieldType.BOOL, m.FieldType.CATEGORY):
                types.setdefault(fd.name, set()).add(fd.type)
    return [Column(name, Cell.BOOL if types[name] == {m.FieldType.BOOL} else Cell.TEXT, False,
                   "part of the condition counted; empty: not part of it", condition=True)
            for name in sorted(types)]


def _small_tables(vocabulary: Vocabulary) -> list[Table]:
    unit = Column("unit", Cell.NAME, True)
    return [
        Table("counts", (unit, Column("kind", Cell.NAME, True, "a record kind"), Column("year", Cell.YEAR, True),
                         Column("count", Cell.INTEGER, True, "how many records"), *_conditions(vocabulary))),
        Table("values", (unit, Column("metric", Cell.NAME, True, "a declared metric"), Column("year", Cell.YEAR, True),
                         Column("value", Cell.VALUE, True, 'exact: "24/25", "0.96" or "96%"'),
                         Column("measured_in", Cell.TEXT, False, "a reported figure's unit: %, ngày, a named one "
                                "(Tbps); empty: as its metric declares"))),
        Table("deliveries", (unit, Column("task", Cell.NAME, True, "the task's address (TT 3)"),
                             Column("date", Cell.DATE, True, "when it was delivered"), Column("deadline", Cell.TEXT),
                             Column("period", Cell.TEXT, False, "the period it answers; several separated by ; "
                                    "(a December report that is also Q4's, H2's and the year's)"))),
        Table("assessments", (unit, Column("target", Cell.NAME, True, "the assessed target's address (II.2, TT 3)"),
                              Column("year", Cell.YEAR, True),
                              Column("result", Cell.NAME, True, "đạt or không đạt (met or not met)"),
                              Column("assessor", Cell.NAME, True, "the unit that assessed it"),
                              Column("date", Cell.DATE, True, "when it was assessed"))),
        Table("events", (Column("event", Cell.NAME, True, "a declared event"), Column("date", Cell.DATE, True),
                         Column("unit", Cell.TEXT, False, "empty: every unit"))),
        Table("units", (unit, Column("member_of", Cell.TEXT, False, "the unit's groups, separated by ;"),
                        Column("label", Cell.TEXT, False, "the unit's name as written (Xã Vũ Dương)"),
                        Column("code", Cell.NAME, False, "an official code facts may use instead of the name"),
                        Column("level", Cell.NAME, False, "its level (cấp): xã, tỉnh, quốc_gia …"),
                        Column("parent", Cell.NAME, False, "the unit one level up"),
                        Column("successor", Cell.NAME, False, "the unit that takes over its duties"),
                        Column("since", Cell.DATE, False, "the day the successor takes over"),
                        Column("change", Cell.NAME, False, "merged, renamed or succeeded (the default)"))),
        Table("period", (Column("from", Cell.DATE, True), Column("to", Cell.DATE, True))),
    ]


@frozen
class Layout:
    """The tables of facts for one vocabulary: the record kinds' tables in declared order, then the small ones."""

    tables: tuple[Table, ...]

    @classmethod
    def of(cls, vocabulary: Vocabulary) -> "Layout":
        return cls((*(_record_table(decl) for decl in vocabulary.kinds.values()), *_small_tables(vocabulary)))

    def table(self, name: str) -> Table | None:
        return next((t for t in self.tables if t.name == name), None)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.tables)

    @property
    def small(self) -> tuple[Table, ...]:
        return tuple(t for t in self.tables if not t.records)
