"""The builder of facts: located values, read and checked against the vocabulary, into facts values.

One row of a table of the layout — a record, a count, a reported value, a
delivery, an event — arrives as its raw values and their paths, from a TOML
table or a CSV row alike (`text` says whether raw values are CSV cells). Each
value is read (`values`), checked against the vocabulary in force (F110-F113,
F130, F132, F133), and the fact is built; a problem is reported at its value's
place (`Collector`), and a fact read with a problem is kept, marked partial, so
that the rest of it is still checked — never returned.
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
from .model import Count, Delivery, FieldValue, Happened, Origin, Record, ReportedValue
from .text_file import TextFile
from .values import (BadValue, check_value, quoted, read_date, read_deadline, read_field, read_integer, read_name,
                     read_number, read_period, read_year, suggest)

__all__ = ["FactReader"]


class FactReader:
    """Builds facts from located values, against `vocabulary`, reporting to `out`."""

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

    # -- reporting --

    def record(self, file: TextFile, kind: str, raw_id: object, id_path: tuple,
               items: Sequence[tuple[str, object, tuple]], origin: Origin, path: tuple, *, text: bool) -> Record | None:
        ok = True
        record_id = None
        if raw_id is not None:
            if isinstance(raw_id, int) and not isinstance(raw_id, bool):
                record_id = str(raw_id)
            else:
                record_id = self.out.read(file, id_path, read_name, raw_id, "id")
                ok = record_id is not BAD
        values: list[tuple[str, FieldValue]] = []
        for key, raw, where in items:
            decl = self.field(kind, key)
            if decl is None:
                fields = [f.name for f in self.vocabulary.kinds[kind].fields]
                self.out.report(file, where, "F111", "kind_has_no_field", lambda: suggest(key, [*fields, "id"]),
                                kind=quoted(kind), name=quoted(key))
                ok = False
                continue
            value = self.out.read(file, where, read_field, decl, raw, text=text)
            if value is BAD:
                ok = False
            else:
                values.append((key, value))
        date_field = self.date_field(kind)
        date = next((v for k, v in values if date_field is not None and k == date_field.name), None)
        record = Record(kind, tuple(values), None if record_id is BAD else record_id, date, origin)
        self.out.keep(record, file, path, partial=not ok)
        return record

    def count(self, file: TextFile, path: tuple, raw_kind: object, raw_year: object, raw_count: object,
              where: Sequence[tuple[str, object, tuple]], origin: Origin, *, text: bool) -> Count | None:
        kind = year = number = None
        ok = True
        if raw_kind is not None:
            kind = self.out.read(file, path + ("kind",), read_name, raw_kind, "kind")
            if kind is not BAD and kind not in self.vocabulary.kinds:
                self.out.found(file, path + ("kind",), findings.unknown_kind(kind, self.vocabulary.kinds))
                kind = BAD
        if raw_year is not None:
            year = self.out.read(file, path + ("year",), read_year, raw_year, "year", text=text)
        if raw_count is not None:
            number = self.out.read(file, path + ("count",), read_integer, raw_count, "count", text=text)
        pairs: list[tuple[str, FieldValue]] = []
        if kind is not None and kind is not BAD:
            fields = [f.name for f in self.vocabulary.kinds[kind].fields]
            for key, raw, where_path in where:
                decl = self.field(kind, key)
                if decl is None:
                    self.out.found(file, where_path, findings.kind_has_no_field(kind, key, fields))
                    ok = False
                elif decl.type not in (m.FieldType.BOOL, m.FieldType.CATEGORY):
                    self.out.found(file, where_path, findings.not_condition(kind, key))
                    ok = False
                else:
                    value = self.out.read(file, where_path, read_field, decl, raw, text=text)
                    if value is BAD:
                        ok = False
                    else:
                        pairs.append((key, value))
        if kind in (None, BAD) or year in (None, BAD):
            return None
        partial = not ok or number in (None, BAD)
        count = Count(kind, year, 0 if partial else number, tuple(sorted(pairs)), origin)
        self.out.keep(count, file, path, partial=partial)
        return count

    def value(self, file: TextFile, path: tuple, raw_metric: object, raw_year: object, raw_value: object,
              origin: Origin, *, text: bool) -> ReportedValue | None:
        metric = year = number = None
        percent = False
        if raw_metric is not None:
            metric = self.out.read(file, path + ("metric",), read_name, raw_metric, "metric")
            if metric is not BAD and metric not in self.vocabulary.metrics:
                self.out.found(file, path + ("metric",), findings.unknown_metric(metric, self.vocabulary.metrics))
                metric = BAD
        if raw_year is not None:
            year = self.out.read(file, path + ("year",), read_year, raw_year, "year", text=text)
        if raw_value is not None:
            try:
                number, percent = read_number(raw_value, "value", "number", percent=True)
            except BadValue as error:
                number = self.out.bad(file, path + ("value",), error)
        if metric is not None and metric is not BAD and number is not None and number is not BAD:
            if not self.value_fits(file, path + ("value",), metric, number, percent, raw_value):
                number = BAD
        if metric in (None, BAD) or year in (None, BAD):
            return None
        partial = number in (None, BAD)
        reported = ReportedValue(metric, year, Fraction(0) if partial else number, origin)
        self.out.keep(reported, file, path, partial=partial)
        return reported

    def value_fits(self, file: TextFile, path: tuple, metric: str, value: Fraction, percent: bool, raw: object) -> bool:
        try:
            check_value(self.vocabulary, metric, value, percent, raw)
        except BadValue as error:
            self.out.bad(file, path, error)
            return False
        return True

    def delivery(self, file: TextFile, path: tuple, row: dict, origin: Origin, *, text: bool) -> Delivery | None:
        task = date = deadline = period = None
        if row.get("task") is not None:
            task = self.out.read(file, path + ("task",), read_name, row["task"], "task")
        if row.get("date") is not None:
            date = self.out.read(file, path + ("date",), read_date, row["date"], "date")
        if row.get("deadline") is not None:
            deadline = self.out.read(file, path + ("deadline",), read_deadline, row["deadline"], text=text)
        if row.get("period") is not None:
            period = self.out.read(file, path + ("period",), read_period, row["period"])
        if task in (None, BAD) or BAD in (deadline, period):  # which deadline and period: needed to check it
            return None
        partial = date in (None, BAD)
        delivery = Delivery(task, None if partial else date, deadline, period, origin)  # type: ignore[arg-type]
        self.out.keep(delivery, file, path, partial=partial)
        return delivery

    def happened(self, file: TextFile, path: tuple, raw_event: object, raw_date: object, raw_unit: object,
                 origin: Origin, *, text: bool) -> Happened | None:
        event = date = unit = None
        if raw_event is not None:
            event = self.out.read(file, path + ("event",), read_name, raw_event, "event")
        if raw_date is not None:
            date = self.out.read(file, path + ("date",), read_date, raw_date, "date")
        if raw_unit is not None:
            unit = self.out.read(file, path + ("unit",), read_name, raw_unit, "unit")
        if event in (None, BAD) or unit is BAD:
            return None
        partial = date in (None, BAD)
        happened = Happened(event, None if partial else date, unit, origin)  # type: ignore[arg-type]
        self.out.keep(happened, file, path, partial=partial)
        return happened

