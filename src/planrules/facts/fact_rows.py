"""The one builder of facts: rows of the layout, read and checked against the vocabulary, into facts values.

One row of a table of the layout — a record, a count, a reported value, a
delivery, an event — arrives as its raw cells and its place, from a TOML
table, a CSV row or a table source's small table alike (`text` says whether
raw values are CSV cells, spelled as text). Each value is read (`values`),
checked against the vocabulary in force (F110-F113, F120-F125, F130, F132,
F133), and the fact is built; a problem is reported to the reader's collector
(`collector.Collector`) at the row's place or one column of it, and a fact
read with a problem is kept, marked partial, so that the rest of it is still
checked — never returned.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from fractions import Fraction

from ..language import model as m
from ..language.vocabulary import Vocabulary
from . import findings
from .collector import BAD, Collector
from .layout import Layout
from .model import Assessment, Count, Delivery, FieldValue, Happened, Origin, Record, ReportedValue
from .text_file import TextFile
from .values import (BadValue, check_value, figure_value, read_date, read_deadline, read_field, read_integer,
                     read_name, read_number, read_period, read_periods, read_result, read_text, read_year)

__all__ = ["FactReader"]


class FactReader:
    """Builds facts from rows of the layout, against `vocabulary`, reporting to `out` (any `Collector`)."""

    def __init__(self, vocabulary: Vocabulary, out: Collector):
        self.vocabulary = vocabulary
        self.out = out
        self.layout = Layout.of(vocabulary)  # the tables every file's rows are rows of
        self.periods: list[tuple[tuple[_dt.date, _dt.date], TextFile, tuple]] = []  # each file's [facts] period
        self._fields: dict[tuple[str, str], m.FieldDecl | None] = {}
        self._dates: dict[str, m.FieldDecl | None] = {}

    def field(self, kind: str, name: str) -> m.FieldDecl | None:
        """`Vocabulary.field`, looked up once per kind and name (a table has a million cells)."""
        key = (kind, name)
        if key not in self._fields:
            self._fields[key] = self.vocabulary.field(kind, name)
        return self._fields[key]

    def date_field(self, kind: str) -> m.FieldDecl | None:
        if kind not in self._dates:
            self._dates[kind] = self.vocabulary.date_field(kind)
        return self._dates[kind]

    def record(self, at, kind: str, raw_id: object, items: Sequence[tuple[str, object]], origin: Origin, *,
               text: bool) -> Record | None:
        """A record of `kind` from its id and (field, cell) `items`; each cell's place is its field's column."""
        ok = True
        record_id = None
        if raw_id is not None:
            if isinstance(raw_id, int) and not isinstance(raw_id, bool):
                record_id = str(raw_id)
            else:
                record_id = self.out.read(at, "id", read_name, raw_id, "id")
                ok = record_id is not BAD
        values: list[tuple[str, FieldValue]] = []
        for key, raw in items:
            decl = self.field(kind, key)
            if decl is None:
                fields = [f.name for f in self.vocabulary.kinds[kind].fields]
                self.out.found(at, findings.kind_has_no_field(kind, key, [*fields, "id"]), key)
                ok = False
                continue
            value = self.out.read(at, key, read_field, decl, raw, text=text)
            if value is BAD:
                ok = False
            else:
                values.append((key, value))
        date_field = self.date_field(kind)
        date = next((v for k, v in values if date_field is not None and k == date_field.name), None)
        record = Record(kind, tuple(values), None if record_id is BAD else record_id, date, origin)
        self.out.keep(record, at, partial=not ok)
        return record

    def count(self, at, raw_kind: object, raw_year: object, raw_count: object,
              where: Sequence[tuple[str, object]], origin: Origin, *, text: bool, where_at=None) -> Count | None:
        """A count from its cells and its conditions `where` (field, cell), placed at their columns of
        `where_at` (a TOML count's `where` table; the row itself elsewhere)."""
        kind = year = number = None
        ok = True
        if raw_kind is not None:
            kind = self.out.read(at, "kind", read_name, raw_kind, "kind")
            if kind is not BAD and kind not in self.vocabulary.kinds:
                self.out.found(at, findings.unknown_kind(kind, self.vocabulary.kinds), "kind")
                kind = BAD
        if raw_year is not None:
            year = self.out.read(at, "year", read_year, raw_year, "year", text=text)
        if raw_count is not None:
            number = self.out.read(at, "count", read_integer, raw_count, "count", text=text)
        pairs: list[tuple[str, FieldValue]] = []
        if kind is not None and kind is not BAD:
            where_at = at if where_at is None else where_at
            for key, raw in where:
                decl = self.field(kind, key)
                if decl is None:
                    fields = [f.name for f in self.vocabulary.kinds[kind].fields]
                    self.out.found(where_at, findings.kind_has_no_field(kind, key, fields), key)
                    ok = False
                elif decl.type not in (m.FieldType.BOOL, m.FieldType.CATEGORY):
                    self.out.found(where_at, findings.not_condition(kind, key), key)
                    ok = False
                else:
                    value = self.out.read(where_at, key, read_field, decl, raw, text=text)
                    if value is BAD:
                        ok = False
                    else:
                        pairs.append((key, value))
        if kind in (None, BAD) or year in (None, BAD):
            return None
        partial = not ok or number in (None, BAD)
        count = Count(kind, year, 0 if partial else number, tuple(sorted(pairs)), origin)
        self.out.keep(count, at, partial=partial)
        return count

    def value(self, at, raw_metric: object, raw_year: object, raw_value: object, origin: Origin, *,
              text: bool, raw_unit: object = None) -> ReportedValue | None:
        metric = year = number = unit = None
        percent = False
        if raw_metric is not None:
            metric = self.out.read(at, "metric", read_name, raw_metric, "metric")
            if metric is not BAD and metric not in self.vocabulary.metrics:
                self.out.found(at, findings.unknown_metric(metric, self.vocabulary.metrics), "metric")
                metric = BAD
        if raw_year is not None:
            year = self.out.read(at, "year", read_year, raw_year, "year", text=text)
        if raw_value is not None:
            try:
                number, percent = read_number(raw_value, "value", "number", percent=True)
            except BadValue as error:
                number = self.out.bad(at, error, "value")
        if metric is not None and metric is not BAD and number is not None and number is not BAD:
            if self.out.read(at, "value", check_value, self.vocabulary, metric, number, percent, raw_value) is BAD:
                number = BAD
        if metric is not None and metric is not BAD and number is not None and number is not BAD:
            written = None if raw_unit is None else self.out.read(at, "measured_in", read_text, raw_unit, "measured_in")
            figure = BAD if written is BAD else self.out.read(
                at, "value" if raw_unit is None else "measured_in", figure_value, self.vocabulary, metric, number,
                percent, written, raw_value)
            number, unit = (BAD, None) if figure is BAD else figure
        if metric in (None, BAD) or year in (None, BAD):
            return None
        partial = number in (None, BAD)
        reported = ReportedValue(metric, year, Fraction(0) if partial else number, origin, unit=unit)
        self.out.keep(reported, at, partial=partial)
        return reported

    def delivery(self, at, row: dict, origin: Origin, *, text: bool) -> tuple[Delivery, ...]:
        """A delivery from its cells (`row`: task, date, deadline, period or periods): one fact per period
        it answers — one report that is also the quarter's, the half-year's and the year's (`periods`, or
        periods separated by `;`) is a delivery for each, from the same row."""
        task = date = deadline = None
        periods: object = (None,)
        if row.get("task") is not None:
            task = self.out.read(at, "task", read_name, row["task"], "task")
        if row.get("date") is not None:
            date = self.out.read(at, "date", read_date, row["date"], "date")
        if row.get("deadline") is not None:
            deadline = self.out.read(at, "deadline", read_deadline, row["deadline"], text=text)
        if row.get("period") is not None and row.get("periods") is not None:
            periods = self.out.read(at, "periods", _not_both)
        elif row.get("periods") is not None:
            periods = self.out.read(at, "periods", read_periods, row["periods"])
        elif isinstance(row.get("period"), str) and ";" in row["period"]:
            periods = self.out.read(at, "period", read_periods, row["period"])
        elif row.get("period") is not None:
            periods = (self.out.read(at, "period", read_period, row["period"]),)
        if task in (None, BAD) or deadline is BAD or periods is BAD or BAD in periods:  # type: ignore[operator]
            return ()  # which deadline and period: needed to check it
        partial = date in (None, BAD)
        out = tuple(Delivery(task, None if partial else date, deadline, period, origin)  # type: ignore[arg-type]
                    for period in periods)  # type: ignore[union-attr]
        for delivery in out:
            self.out.keep(delivery, at, partial=partial)
        return out

    def assessment(self, at, row: dict, origin: Origin, *, text: bool) -> Assessment | None:
        """An assessment of an assessed target from its cells (`row`: target, year, result, assessor, date)."""
        cells = {}
        for key, reader in (("target", read_name), ("year", None), ("result", read_result), ("assessor", read_name),
                            ("date", read_date)):
            raw = row.get(key)
            if raw is None:
                cells[key] = None
            elif reader is None:
                cells[key] = self.out.read(at, key, read_year, raw, key, text=text)
            else:
                cells[key] = self.out.read(at, key, reader, raw, key)
        if any(cells[k] in (None, BAD) for k in ("target", "year", "assessor")):
            return None
        partial = cells["result"] in (None, BAD) or cells["date"] in (None, BAD)
        day = None if cells["date"] in (None, BAD) else cells["date"]  # (a partial fact is only checked)
        found = Assessment(" ".join(cells["target"].split()), cells["year"], cells["result"] is True,
                           cells["assessor"], day, origin)  # type: ignore[arg-type]
        self.out.keep(found, at, partial=partial)
        return found

    def happened(self, at, raw_event: object, raw_date: object, raw_unit: object, origin: Origin, *,
                 text: bool) -> Happened | None:
        event = date = unit = None
        if raw_event is not None:
            event = self.out.read(at, "event", read_name, raw_event, "event")
        if raw_date is not None:
            date = self.out.read(at, "date", read_date, raw_date, "date")
        if raw_unit is not None:
            unit = self.out.read(at, "unit", read_name, raw_unit, "unit")
        if event in (None, BAD) or unit is BAD:
            return None
        partial = date in (None, BAD)
        happened = Happened(event, None if partial else date, unit, origin)  # type: ignore[arg-type]
        self.out.keep(happened, at, partial=partial)
        return happened


def _not_both() -> None:
    """A delivery row with both `period` and `periods`: which one it means is not for a reader to guess."""
    raise BadValue("F124", "period_and_periods")
