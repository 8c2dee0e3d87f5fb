"""Facts: what units reported, as frozen values that remember where they came from.

`loader.load_facts` reads them from TOML or CSV files and validates them
against the vocabulary (record kinds and fields declared in `.plan` source);
`ruleset.RuleSet.evaluate` judges a plan on them. This module only holds the
values and the lookups evaluation needs; it never reads files.

Kinds of fact, per unit:
- `Record`: one conference, document, dossier, staff member... of a declared
  record kind, with its field values (a field not reported is absent, and any
  verdict that needs it is `unknown`);
- `Count`: an aggregate where records are not kept: how many records of a
  kind, in a year, met a condition (`where`, a conjunction of field values);
- `ReportedValue`: a metric's value as a unit reported it ("96%");
- `Delivery`: a deliverable of a task handed in (a report, a plan), with
  its date and, for recurring deadlines, the period it answers;
- `Assessment`: a text target (`"…" đánh giá bởi: X`) judged met or not met
  for a year, by an assessor, on a date;
and for everyone: `Happened`, an event (the province's guidance) and its date.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from fractions import Fraction
from typing import Union

from attrs import field, frozen

# A field's value: date, bool, int, Fraction (days), str (text, unit, category).
FieldValue = Union[_dt.date, bool, int, Fraction, str]

# What a units table may say of a unit beside its groups and attributes: the register's fields.
REGISTER_FIELDS = ("label", "code", "level", "parent", "successor", "since", "change")
# What a register's `change` says of a unit and its successor (docs/registers.md, "Mergers, renames and succession")
CHANGES = ("merged", "renamed", "succeeded")


@frozen
class Origin:
    """Where a fact was read: file, table (a dotted TOML path or a CSV table) and row.

    `row` is 1-based within the table; `line` is the line in the file when
    known (CSV rows, TOML array-of-table headers).
    """

    file: str
    table: str
    row: int | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        row = f"[{self.row}]" if self.row is not None else ""
        return f"{where} ({self.table}{row})"


@frozen
class Record:
    """One reported record of `kind`; `values` are (field, value) pairs in file order.

    `date` is the value of the kind's dating field (its first date field), kept
    apart because every period-bound metric needs it; None when the kind has no
    date field (a snapshot, such as a staff list) or the record lacks it.
    """

    kind: str
    values: tuple[tuple[str, FieldValue], ...]
    id: str | None = None
    date: _dt.date | None = None
    origin: Origin | None = field(default=None, eq=False)

    def get(self, name: str) -> FieldValue | None:
        for key, value in self.values:
            if key == name:
                return value
        return None

    def has(self, name: str) -> bool:
        return any(key == name for key, _ in self.values)

    @property
    def label(self) -> str:
        """How an explanation names this record: its id, or its place in the file."""
        if self.id is not None:
            return self.id
        return str(self.origin) if self.origin else self.kind


Where = tuple[tuple[str, FieldValue], ...]  # sorted (field, value) pairs, a conjunction


@frozen
class Count:
    """`count` records of `kind` dated in `year` met every (field, value) of `where`."""

    kind: str
    year: int
    count: int
    where: Where = ()
    origin: Origin | None = field(default=None, eq=False)


@frozen
class ReportedValue:
    """A metric's value for `year` as reported, when the counts behind it were not."""

    metric: str
    year: int
    value: Fraction
    origin: Origin | None = field(default=None, eq=False)
    # a reported figure's unit as its metric declares it (`Vocabulary.figure_unit`: "%", "days", "Tbps"); None for
    # a plain number, and for a value of any other metric
    unit: str | None = field(default=None, kw_only=True)


@frozen
class Delivery:
    """A deliverable of task `task` (an address: "III.1.b", "TT 2") handed in on `date`.

    `deadline` names which of the task's deadlines it answers (its label, or its
    1-based position) when the task has several; `period` names the occurrence
    ("2026", "2026-05", "2026-H1", "2026-Q4", "2026-W14", or an event's ISO date).
    """

    task: str
    date: _dt.date
    deadline: str | None = None
    period: str | None = None
    origin: Origin | None = field(default=None, eq=False)


@frozen
class Assessment:
    """The unit was assessed on target `target` (its address: "II.2", "TT 3") for `year`: `met` or not, by
    `assessor`, on `date` (an assessed target, `"…" đánh giá bởi: X`)."""

    target: str
    year: int
    met: bool
    assessor: str
    date: _dt.date
    origin: Origin | None = field(default=None, eq=False)


@frozen
class Happened:
    """Event `event` happened on `date` (for `unit` only, or for every unit when None)."""

    event: str
    date: _dt.date
    unit: str | None = None
    origin: Origin | None = field(default=None, eq=False)


@frozen
class UnitFacts:
    """Everything one unit reported."""

    name: str
    member_of: tuple[str, ...] = ()
    records: tuple[Record, ...] = ()
    counts: tuple[Count, ...] = ()
    values: tuple[ReportedValue, ...] = ()
    deliveries: tuple[Delivery, ...] = ()
    origin: Origin | None = field(default=None, eq=False)
    # (name, value) pairs that describe the unit outside the plan — where it lies
    # ("tỉnh", "huyện"), what it is — in file order. They never bind a rule (that is
    # `member_of`, which names the plan's groups); `rollup.grouping` reads one of them
    # to roll verdicts up to parent units (`planrules eval --group-by NAME`).
    attributes: tuple[tuple[str, str], ...] = ()
    # What a register says of a unit (facts/register.py), when the facts' units table says it too:
    # its label, the official code facts may use instead of its name, its level (cấp) and the
    # unit one level up. None when not given; `Register.of_facts` reads them.
    label: str | None = None
    code: str | None = None
    level: str | None = None
    parent: str | None = None
    # A succession (docs/registers.md): the unit that takes over this one's duties, from which day, and how
    # (`CHANGES`: merged into it, renamed to it, succeeded by it). All None when the unit goes on.
    successor: str | None = None
    since: _dt.date | None = None
    change: str | None = None
    assessments: tuple[Assessment, ...] = ()  # of its assessed targets, by the assessors who judged them

    def records_of(self, kind: str) -> tuple[Record, ...]:
        return tuple(r for r in self.records if r.kind == kind)


@frozen
class Facts:
    """The facts of one or many units, from one or many files.

    `period` (first day, last day), when the files declare it, bounds every
    dated fact; the loader has already checked that they lie inside it.
    """

    units: tuple[UnitFacts, ...] = ()
    events: tuple[Happened, ...] = ()
    period: tuple[_dt.date, _dt.date] | None = None
    files: tuple[str, ...] = ()

    def unit(self, name: str) -> UnitFacts | None:
        return next((u for u in self.units if u.name == name), None)

    @property
    def unit_names(self) -> tuple[str, ...]:
        return tuple(u.name for u in self.units)

    def events_for(self, unit: str) -> tuple[Happened, ...]:
        return tuple(e for e in self.events if e.unit is None or e.unit == unit)

    @classmethod
    def merge(cls, parts: Iterable["Facts"]) -> "Facts":
        """One `Facts` from several (one TOML file and a CSV per table, say).

        A unit named in several parts gets the facts of all of them; the
        periods, when given, must agree (the loader checks that).
        """
        units: dict[str, UnitFacts] = {}
        events: list[Happened] = []
        files: list[str] = []
        period = None
        for part in parts:
            files.extend(part.files)
            events.extend(part.events)
            period = period or part.period
            for unit in part.units:
                known = units.get(unit.name)
                if known is None:
                    units[unit.name] = unit
                else:
                    units[unit.name] = UnitFacts(
                        unit.name,
                        tuple(dict.fromkeys(known.member_of + unit.member_of)),
                        known.records + unit.records,
                        known.counts + unit.counts,
                        known.values + unit.values,
                        known.deliveries + unit.deliveries,
                        known.origin,
                        _merged(known.attributes, unit.attributes),
                        *(getattr(known, k) if getattr(known, k) is not None else getattr(unit, k)
                          for k in REGISTER_FIELDS),
                        known.assessments + unit.assessments,
                    )
        return cls(tuple(units.values()), tuple(events), period, tuple(files))


def _merged(first: tuple[tuple[str, str], ...], then: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Attributes of a unit named in two parts: the first part's value wins (the loader reports a clash, F146)."""
    out = dict(first)
    for name, value in then:
        out.setdefault(name, value)
    return tuple(out.items())
