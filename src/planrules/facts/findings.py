"""Every problem of the facts themselves, worded once: one small function per F1xx check.

A check finds its problem where the facts are: in Python over the rows of a
TOML or CSV file (`checks`, `csv_facts`, `fact_rows`), or in SQL over a whole
table of a database (`table_checks`, beside it) and over the small tables read
into Python (`small_tables`). Whichever reader found it, the problem is said by
the one function here: one code, one message, the same hints. Only its place
is the reader's to add — a line and column of a file (`collector.FileCollector`),
or a table and row of a database (`table_problems.TableProblems`) — and, for a
duplicate, where the other one is (`first`, a place as that reader names it).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence

from attrs import frozen

from ..base.diagnostics import Message
from .messages import facts_message
from .model import FieldValue
from .values import quoted, show_where, suggest

__all__ = [
    "Finding", "code_is_name", "code_twice", "count_exceeds", "duplicate_count", "duplicate_event", "duplicate_id", "duplicate_record",
    "duplicate_unit", "duplicate_value", "kind_has_no_field", "missing_cell", "missing_column", "not_condition", "outside_period",
    "parent_cycle", "period_order", "records_and_counts", "table_twice", "unknown_column", "unknown_kind", "unknown_metric", "unknown_parent", "unknown_table",
]


@frozen
class Finding:
    """A problem with facts, without its place: its code, its message (a key of the catalogue and its
    arguments) and its hints."""

    code: str
    key: str
    args: tuple[tuple[str, object], ...] = ()
    hints: tuple[Message, ...] = ()

    @classmethod
    def of(cls, code: str, key: str, hints: Iterable[Message] = (), /, **args: object) -> "Finding":
        return cls(code, key, tuple(args.items()), tuple(hints))

    @property
    def message(self) -> Message:
        return facts_message(self.key, **dict(self.args))


def _first(place: str) -> Message:
    return facts_message("first_at", place=place)


# ------------------------------------------------------------ the layout --


def unknown_table(name: str, accepted: Sequence[str]) -> Finding:
    """F105: a table that is neither a record kind nor a facts table."""
    return Finding.of("F105", "unknown_table", suggest(name, accepted), name=quoted(name))


def unknown_column(column: str, table: str, known: Sequence[str]) -> Finding:
    """F103: a column the layout does not have in a table (a CSV file's header lists its own as it goes)."""
    return Finding.of("F103", "unknown_column", suggest(column, known), item=quoted(column), table=quoted(table))


def missing_column(column: str, table: str) -> Finding:
    """F104: a table without a column the layout requires."""
    return Finding.of("F104", "missing_column", item=quoted(column), table=quoted(table))


def table_twice(table: str, first: str, second: str) -> Finding:
    """F105: two files of a folder source for one table (`x.parquet` and `x.csv`)."""
    return Finding.of("F105", "duplicate", what=f"table {table}", first=first, second=second)


def missing_cell(row: int, table: str, column: str) -> Finding:
    """F104: a row without a required cell."""
    return Finding.of("F104", "missing_cell", row=row, table=quoted(table), item=quoted(column))


# ------------------------------------------------------------ vocabulary --


def unknown_kind(kind: str, kinds: Iterable[str]) -> Finding:
    """F110: a count of a record kind the vocabulary does not declare."""
    return Finding.of("F110", "unknown_kind", suggest(kind, kinds), name=quoted(kind))


def unknown_metric(metric: str, metrics: Iterable[str]) -> Finding:
    """F112: a value of a metric the vocabulary does not declare."""
    return Finding.of("F112", "unknown_metric", suggest(metric, metrics), name=quoted(metric))


def kind_has_no_field(kind: str, name: str, fields: Sequence[str]) -> Finding:
    """F111: a field (a count's condition) the record kind does not declare."""
    return Finding.of("F111", "kind_has_no_field", suggest(name, fields), kind=quoted(kind), name=quoted(name))


def not_condition(kind: str, field: str) -> Finding:
    """F130: a count's condition on a field that is neither yes/no nor a category."""
    return Finding.of("F130", "not_condition", kind=kind, field=field)


# ---------------------------------------------------- facts against facts --


def count_exceeds(count: int, kind: str, year: int, where: Sequence[tuple[str, FieldValue]], total: int,
                  other: Sequence[tuple[str, FieldValue]], other_place: str) -> Finding:
    """F131: a count with conditions larger than a count of the same kind and year with some of them."""
    return Finding.of("F131", "count_exceeds", (facts_message("other_count_at", place=other_place),), count=count,
                      kind=kind, year=year, where=show_where(where), total=total, other=show_where(other))


def records_and_counts(unit: str, kind: str, year: int, records_place: str) -> Finding:
    """F134: records and counts of the same kind, for the same unit and year."""
    return Finding.of("F134", "records_and_counts", (facts_message("records_at", place=records_place),),
                      unit=quoted(unit), kind=kind, year=year)


def duplicate_id(kind: str, id_: str, unit: str, first: str) -> Finding:
    """F140: two records of a unit and kind with the same id."""
    return Finding.of("F140", "duplicate_id", (_first(first),), kind=kind, id=quoted(id_), unit=quoted(unit))


def duplicate_record(kind: str, unit: str, first: str) -> Finding:
    """F141: two identical records without ids."""
    return Finding.of("F141", "duplicate_record", (_first(first), facts_message("give_ids")), kind=kind,
                      unit=quoted(unit))


def duplicate_count(kind: str, year: int, where: Sequence[tuple[str, FieldValue]], unit: str, first: str) -> Finding:
    """F142: the same count given twice (unit, kind, year, conditions)."""
    return Finding.of("F142", "duplicate_count", (_first(first),), kind=kind, year=year, where=show_where(where),
                      unit=quoted(unit))


def duplicate_value(metric: str, year: int, unit: str, first: str) -> Finding:
    """F143: the same value given twice (unit, metric, year)."""
    return Finding.of("F143", "duplicate_value", (_first(first),), metric=quoted(metric), year=year,
                      unit=quoted(unit))


def duplicate_unit(unit: str, first: str) -> Finding:
    """F144: a unit listed twice in a units table."""
    return Finding.of("F144", "duplicate_unit", (_first(first),), unit=quoted(unit))


def code_twice(code: str, unit: str, other: str, first: str) -> Finding:
    """F147: an official code a register gives two units."""
    return Finding.of("F147", "code_twice", (_first(first),), code=quoted(code), unit=quoted(unit),
                      other=quoted(other))


def code_is_name(code: str, unit: str, other: str) -> Finding:
    """F147: a unit's official code that is another unit's name (a fact naming it would mean either); `other`,
    where that unit is."""
    return Finding.of("F147", "code_is_name", (facts_message("unit_at", unit=quoted(code), place=other),),
                      code=quoted(code), unit=quoted(unit))


def unknown_parent(parent: str, unit: str, names: Sequence[str]) -> Finding:
    """F148: a unit's parent that is not a unit of the register `names`: "did you mean" the closest, never the
    whole list (a register has thousands of units)."""
    hints = tuple(h for h in suggest(parent, names) if h.key == "did_you_mean")
    return Finding.of("F148", "unknown_parent", hints, parent=quoted(parent), unit=quoted(unit))


def parent_cycle(ring: Sequence[str]) -> Finding:
    """F149: units each other's ancestors, the ring named from the unit reported back to it."""
    return Finding.of("F149", "ancestor_cycle", unit=quoted(ring[0]),
                      ring=" → ".join(quoted(name) for name in (*ring, ring[0])))


def unknown_successor(successor: str, unit: str, names: Sequence[str]) -> Finding:
    """F155: a unit's successor that is not a unit of the register `names` ("did you mean" the closest)."""
    hints = tuple(h for h in suggest(successor, names) if h.key == "did_you_mean")
    return Finding.of("F155", "unknown_successor", hints, successor=quoted(successor), unit=quoted(unit))


def half_succession(unit: str, given: str) -> Finding:
    """F156: a unit given a `successor` without `since`, or `since` (or `change`) without `successor`."""
    missing = "since" if given == "successor" else "successor"
    return Finding.of("F156", "since_without_successor", unit=quoted(unit), given=given, missing=missing)


def successor_cycle(ring: Sequence[str]) -> Finding:
    """F157: units that succeed each other in a ring, named from the unit reported back to it."""
    return Finding.of("F157", "successor_cycle", unit=quoted(ring[0]),
                      ring=" → ".join(quoted(name) for name in (*ring, ring[0])))


def duplicate_event(event: str, date: _dt.date, first: str) -> Finding:
    """F145: the same event on the same date given twice."""
    return Finding.of("F145", "duplicate_event", (_first(first),), event=quoted(event), date=date.isoformat())


def outside_period(value: _dt.date | int, period: tuple[_dt.date, _dt.date]) -> Finding | None:
    """F150 for a dated fact outside the period of the facts: a date, or a year (an int); None inside it."""
    start, end = period
    if isinstance(value, int):
        inside, shown, what = start.year <= value <= end.year, str(value), ("year", "năm")
    else:
        inside, shown, what = start <= value <= end, value.isoformat(), ("date", "ngày")
    if inside:
        return None
    return Finding.of("F150", "outside_period", what=what, value=shown, start=start.isoformat(), end=end.isoformat())


def period_order(start: _dt.date, end: _dt.date) -> Finding | None:
    """F151: the period of the facts ends before it starts; None when it does not."""
    if start <= end:
        return None
    return Finding.of("F151", "period_order", start=start.isoformat(), end=end.isoformat())
