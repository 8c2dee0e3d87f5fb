"""The facts against each other: duplicates, counts that contradict each other, facts outside the period.

Run once every file is read, over the merged facts: F131 (a count with
conditions larger than one with fewer), F134 (records and counts of one kind
and year), F140-F145 (given twice), F150-F152 (the period). Each problem is
placed at the fact (or its value) where the collector recorded it.
"""

from __future__ import annotations

import datetime as _dt

from ..base.diagnostics import Message
from .fact_rows import FactReader
from .messages import facts_message
from .model import Count, Facts, Happened, Record, ReportedValue, UnitFacts
from .values import quoted, show_where

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
                self.out.report_fact(event, "F145", "duplicate_event", self.first(events[key]),
                                 event=quoted(event.event), date=event.date.isoformat())
            else:
                events[key] = event
            self.within(period, event, "date", event.date)
        for unit in facts.units:
            self.check_unit(unit, period)

    def first(self, fact: object) -> tuple[Message, ...]:
        return (facts_message("first_at", place=self.out.where_is(fact)),)

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
        if period is None or value is None:
            return
        start, end = period
        if isinstance(value, int):
            outside = not start.year <= value <= end.year
            shown = str(value)
            words = ("year", "năm")
        else:
            outside = not start <= value <= end
            shown = value.isoformat()
            words = ("date", "ngày")
        if outside:
            self.out.report_fact(fact, "F150", "outside_period", part=part, what=words, value=shown,
                             start=start.isoformat(), end=end.isoformat())

    def check_unit(self, unit: UnitFacts, period) -> None:
        ids: dict[tuple, Record] = {}
        same: dict[tuple, Record] = {}
        dated: dict[tuple, Record] = {}
        for record in unit.records:
            if record.id is not None:
                key = (record.kind, record.id)
                if key in ids:
                    self.out.report_fact(record, "F140", "duplicate_id", self.first(ids[key]),
                                     kind=record.kind, id=quoted(record.id), unit=quoted(unit.name))
                else:
                    ids[key] = record
            elif not self.out.whole(record):  # a field left out as unreadable: not the same as another record
                pass
            else:
                key = (record.kind, tuple(sorted(record.values, key=lambda pair: pair[0])))
                if key in same:
                    self.out.report_fact(record, "F141", "duplicate_record",
                                     (*self.first(same[key]), facts_message("give_ids")),
                                     kind=record.kind, unit=quoted(unit.name))
                else:
                    same[key] = record
            if record.date is not None:
                dated.setdefault((record.kind, record.date.year), record)
            elif self.rows.date_field(record.kind) is None:
                dated.setdefault((record.kind, None), record)
            date_field = self.rows.date_field(record.kind)
            self.within(period, record, date_field.name if date_field else None, record.date)
        counts: dict[tuple, Count] = {}
        conflicts: set[tuple] = set()
        for count in unit.counts:
            key = (count.kind, count.year, count.where)
            if not self.out.whole(count):  # its number or a condition could not be read: not compared with others
                pass
            elif key in counts:
                self.out.report_fact(count, "F142", "duplicate_count", self.first(counts[key]), kind=count.kind,
                                 year=count.year, where=show_where(count.where), unit=quoted(unit.name))
            else:
                counts[key] = count
            self.within(period, count, "year", count.year)
            record = dated.get((count.kind, count.year)) or dated.get((count.kind, None))
            if record is not None and (count.kind, count.year) not in conflicts:
                conflicts.add((count.kind, count.year))
                self.out.report_fact(count, "F134", "records_and_counts",
                                 (facts_message("records_at", place=self.out.where_is(record)),),
                                 unit=quoted(unit.name), kind=count.kind, year=count.year)
        groups: dict[tuple, list[Count]] = {}
        for count in counts.values():
            groups.setdefault((count.kind, count.year), []).append(count)
        for count in counts.values():
            for other in groups[(count.kind, count.year)]:
                if set(other.where) < set(count.where) and count.count > other.count:
                    hints = (facts_message("other_count_at", place=self.out.where_is(other)),)
                    self.out.report_fact(count, "F131", "count_exceeds", hints, part="count", count=count.count,
                                     kind=count.kind, year=count.year, where=show_where(count.where),
                                     total=other.count, other=show_where(other.where))
                    break
        values: dict[tuple, ReportedValue] = {}
        for reported in unit.values:
            key = (reported.metric, reported.year)
            if key in values:
                self.out.report_fact(reported, "F143", "duplicate_value", self.first(values[key]),
                                 metric=quoted(reported.metric), year=reported.year, unit=quoted(unit.name))
            else:
                values[key] = reported
            self.within(period, reported, "year", reported.year)
        for delivery in unit.deliveries:
            self.within(period, delivery, "date", delivery.date)
