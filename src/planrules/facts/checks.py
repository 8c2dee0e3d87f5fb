"""The facts against each other: duplicates, counts that contradict each other, facts outside the period.

Run once every file is read, over the merged facts: F131 (a count with
conditions larger than one with fewer), F134 (records and counts of one kind
and year), F140-F145 (given twice), F150-F152 (the period). Each problem is
placed at the fact (or its value) where the collector recorded it.
"""

from __future__ import annotations

import datetime as _dt

from . import findings
from .fact_rows import FactReader
from .model import Count, Facts, Happened, Record, ReportedValue, UnitFacts

__all__ = ["FactChecks"]


class FactChecks:
    """Checks facts read by `rows` against each other, reporting to its collector."""

    def __init__(self, rows: FactReader):
        self.rows = rows
        self.out = rows.out

    def check(self, facts: Facts) -> None:
        period = self.check_periods()
        events: dict[tuple, Happened] = {}
        for event in facts.events:
            key = (event.event, event.date, event.unit)
            if not self.out.whole(event):  # its date could not be read: only its other parts are checked
                pass
            elif key in events:
                self.out.fact_found(event, findings.duplicate_event(event.event, event.date, self.first(events[key])))
            else:
                events[key] = event
            self.within(period, event, "date", event.date)
        for unit in facts.units:
            self.check_unit(unit, period)

    def first(self, fact: object) -> str:
        """Where the first of two was read: file:line."""
        return self.out.where_is(fact)

    def check_periods(self) -> tuple[_dt.date, _dt.date] | None:
        if not self.rows.periods:
            return None
        (period, file, path), *others = self.rows.periods
        for other, other_file, other_path in others:
            if other != period:
                line, _ = file.place(path)
                self.out.report(other_file, other_path, "F152", "period_conflict",
                                start=other[0].isoformat(), end=other[1].isoformat(),
                                other_start=period[0].isoformat(), other_end=period[1].isoformat(),
                                other=f"{file.name}:{line}")
        return period

    def within(self, period, fact: object, part: str | None, value: _dt.date | int | None) -> None:
        """F150 when `value` (a fact's date, or a year) lies outside `period`, at the fact's `part`."""
        if period is None or value is None:
            return
        found = findings.outside_period(value, period)
        if found is not None:
            self.out.fact_found(fact, found, part=part)

    def check_unit(self, unit: UnitFacts, period) -> None:
        self.check_records(unit, period)
        self.check_counts(unit, period)
        values: dict[tuple, ReportedValue] = {}
        for reported in unit.values:
            key = (reported.metric, reported.year)
            if key in values:
                found = findings.duplicate_value(reported.metric, reported.year, unit.name, self.first(values[key]))
                self.out.fact_found(reported, found)
            else:
                values[key] = reported
            self.within(period, reported, "year", reported.year)
        for delivery in unit.deliveries:
            self.within(period, delivery, "date", delivery.date)
        for assessment in unit.assessments:
            self.within(period, assessment, "date", assessment.date)

    def check_records(self, unit: UnitFacts, period) -> None:
        """F140, F141 and F150 of a unit's records."""
        ids: dict[tuple, Record] = {}
        same: dict[tuple, Record] = {}
        for record in unit.records:
            if record.id is not None:
                key = (record.kind, record.id)
                if key in ids:
                    self.out.fact_found(record, findings.duplicate_id(record.kind, record.id, unit.name,
                                                                      self.first(ids[key])))
                else:
                    ids[key] = record
            elif not self.out.whole(record):  # a field left out as unreadable: not the same as another record
                pass
            else:
                key = (record.kind, tuple(sorted(record.values, key=lambda pair: pair[0])))
                if key in same:
                    self.out.fact_found(record, findings.duplicate_record(record.kind, unit.name,
                                                                          self.first(same[key])))
                else:
                    same[key] = record
            date_field = self.rows.date_field(record.kind)
            self.within(period, record, date_field.name if date_field else None, record.date)

    def check_counts(self, unit: UnitFacts, period) -> None:
        """F142, F134, F131 and F150 of a unit's counts."""
        dated: dict[tuple, Record] = {}  # (kind, year, or None for a kind without dates) -> a record of it
        for record in unit.records:
            if record.date is not None:
                dated.setdefault((record.kind, record.date.year), record)
            elif self.rows.date_field(record.kind) is None:
                dated.setdefault((record.kind, None), record)
        counts: dict[tuple, Count] = {}
        conflicts: set[tuple] = set()
        for count in unit.counts:
            key = (count.kind, count.year, count.where)
            if not self.out.whole(count):  # its number or a condition could not be read: not compared with others
                pass
            elif key in counts:
                self.out.fact_found(count, findings.duplicate_count(count.kind, count.year, count.where, unit.name,
                                                                    self.first(counts[key])))
            else:
                counts[key] = count
            self.within(period, count, "year", count.year)
            record = dated.get((count.kind, count.year)) or dated.get((count.kind, None))
            if record is not None and (count.kind, count.year) not in conflicts:
                conflicts.add((count.kind, count.year))
                self.out.fact_found(count, findings.records_and_counts(unit.name, count.kind, count.year,
                                                                       self.out.where_is(record)))
        groups: dict[tuple, list[Count]] = {}
        for count in counts.values():
            groups.setdefault((count.kind, count.year), []).append(count)
        for count in counts.values():
            for other in groups[(count.kind, count.year)]:
                if set(other.where) < set(count.where) and count.count > other.count:
                    found = findings.count_exceeds(count.count, count.kind, count.year, count.where, other.count,
                                                   other.where, self.out.where_is(other))
                    self.out.fact_found(count, found, part="count")
                    break
