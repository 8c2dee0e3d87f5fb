"""The small tables of a source — counts, values, deliveries, events, units, period — read into Python.

They are a unit's few rows, not its registers: read whole, each value through
the readers of the TOML path (`values`: its spellings, limits, codes and
words), and built into `facts` values, so that every decision is the one the
in-Python path makes.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

from ..language import model as m
from ..language.vocabulary import Vocabulary
from . import findings
from . import model as f
from .layout import Cell, Column
from .sql_text import quote, relation, stored_as
from .table_problems import TableProblems
from .values import BadValue, check_value, read_category, read_integer, read_name, read_number, read_text, read_year

__all__ = ["SmallTables", "attributes_of", "read_as_given"]

def read_as_given(column: Column | None) -> str | None:
    """The type a small table's column must have (`sql_text.ACCEPTS`) when its cells are read into Python as the
    database gives them, or None: a date held as text, or a unit name as a number, would reach the deadline and
    period arithmetic as the wrong type. Years, counts, values and conditions go through the readers of
    `values`, which say what is wrong with a cell."""
    if column is None or column.condition or column.cell not in (Cell.NAME, Cell.TEXT, Cell.DATE):
        return None
    return stored_as(column.cell)


def attributes_of(columns: dict[str, str]) -> tuple[str, ...]:
    """The columns of a units table beyond `unit` and `member_of`: the units' attributes (tỉnh, huyện …)."""
    return tuple(c for c in columns if c not in ("unit", "member_of"))


class SmallTables:
    """Reads the small tables of `source` (a `FactSource`), reporting to `problems`."""

    def __init__(self, source, problems: TableProblems):
        self.source = source
        self.problems = problems

    def period(self, tables: dict[str, dict[str, str]]) -> tuple[_dt.date, _dt.date] | None:
        """The `period` table's (first) row; F151 when it ends before it starts."""
        if "period" not in tables:
            return None
        found = self.rows("period", ("from", "to"), tables["period"])
        if not found or found[0][1] is None or found[0][2] is None:
            return None
        start, end = (v.date() if isinstance(v, _dt.datetime) else v for v in found[0][1:3])
        if start > end:
            self.problems.found(findings.period_order(start, end), at=("period", found[0][0]))
            return None
        return start, end

    def rows(self, table: str, columns: Sequence[str], present: dict[str, str],
             texts: dict[str, str] | None = None) -> list[tuple]:
        """The rows of small table `table` (its row number first), each text cell of `texts` (column -> "name",
        "label" or "text") read as the TOML loader reads it (`values.read_name`, `read_text`): composed,
        a name trimmed, within its limit. A row with a cell refused is reported (`problems`) and left out."""
        source, row = self.source.table_source(table)
        select = [f"CAST({row} AS BIGINT)"]
        select += [quote(c) if c in present else "NULL" for c in columns]
        rows = self.source.run(f"SELECT {', '.join(select)} FROM {source} ORDER BY 1")
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
                self.problems.bad(error, table=table, row=cells[0])
                continue
            out.append(tuple(cells))
        return out

    def read(self, vocabulary: Vocabulary, tables: dict[str, dict[str, str]],
               period: tuple[_dt.date, _dt.date] | None = None) -> f.Facts:
        units: dict[str, dict] = {}

        def unit_of(name, table, number):
            if name is None:
                self.problems.missing_cell(table, number, "unit")
                return None
            found = units.get(name)
            if found is None:  # the first table that names a unit is its origin
                found = units[name] = {"member_of": [], "counts": [], "values": [], "deliveries": [],
                                       "origin": f.Origin(self.source.origin_of(table), table, number)}
            return found

        def origin(table, number):
            return f.Origin(self.source.origin_of(table), table, number)

        for kind in vocabulary.kinds:
            if kind in tables:
                for (name,) in self.source.run(f"SELECT DISTINCT {quote('unit')} FROM {relation(kind)} "
                                          f"WHERE {quote('unit')} IS NOT NULL"):
                    unit_of(name, kind, None)
        if "units" in tables:
            seen: dict[str, int] = {}
            named = attributes_of(tables["units"])
            for number, name, member_of, *values in self.rows(
                    "units", ("unit", "member_of", *named), tables["units"],
                    {"unit": "name", "member_of": "text", **{a: "label" for a in named}}):
                if name in seen:
                    self.problems.found(findings.duplicate_unit(name, self.problems.where("units", seen[name])),
                                        at=("units", number))
                    continue
                seen[name] = number
                entry = unit_of(name, "units", number)
                try:  # each group a name, as in a TOML file's member_of
                    groups = [read_name(g, "member_of") for g in (member_of or "").split(";") if g.strip()]
                except BadValue as error:
                    self.problems.bad(error, table="units", row=number, unit=name)
                    continue
                if entry is not None:
                    entry["origin"] = origin("units", number)
                    entry["member_of"] = list(dict.fromkeys(entry["member_of"] + groups))
                    entry["attributes"] = tuple((a, str(v).strip()) for a, v in zip(named, values)
                                                if v is not None and str(v).strip())
        if "counts" in tables:
            conditions = [c for c in tables["counts"] if c not in self.source.layout.table("counts").required]
            seen_counts: dict[tuple, int] = {}
            for number, name, kind, year, count, *where in self.rows(
                    "counts", ("unit", "kind", "year", "count", *conditions), tables["counts"],
                    {"unit": "name", "kind": "name"}):
                entry = unit_of(name, "counts", number)
                ok = entry is not None and self._count_ok(vocabulary, number, kind, year, count)
                pairs = []
                for column, value in zip(conditions, where):
                    if value is None:
                        continue
                    decl = vocabulary.field(kind, column) if kind in vocabulary.kinds else None
                    if decl is None or decl.type not in (m.FieldType.BOOL, m.FieldType.CATEGORY):
                        if kind in vocabulary.kinds:
                            self._not_condition(vocabulary, number, name, kind, column, decl)
                        ok = False
                        continue
                    if decl.type is m.FieldType.BOOL:
                        if isinstance(value, str) and value in ("true", "false"):
                            value = value == "true"
                        if not isinstance(value, bool):
                            self.problems.add("F120", "column_type", table="counts", column=column, found=repr(value),
                                              field=column, expected="bool")
                            ok = False
                            continue
                    elif (value := self._category(value, decl, number, name)) is None:
                        ok = False
                        continue
                    pairs.append((column, value))
                if not ok:
                    continue
                where_ = tuple(sorted(pairs))
                key = (name, kind, year, where_)
                if key in seen_counts:
                    first = self.problems.where("counts", seen_counts[key])
                    self.problems.found(findings.duplicate_count(kind, year, where_, name, first), at=("counts", number),
                                        who=name)
                    continue
                seen_counts[key] = number
                entry["counts"].append(f.Count(kind, int(year), int(count), where_, origin("counts", number)))
        if "values" in tables:
            seen_values: dict[tuple, int] = {}
            for number, name, metric, year, value in self.rows("values", ("unit", "metric", "year", "value"),
                                                                tables["values"],
                                                                {"unit": "name", "metric": "name"}):
                entry = unit_of(name, "values", number)
                if entry is None:
                    continue
                decl = vocabulary.metrics.get(metric)
                if decl is None:
                    self.problems.found(findings.unknown_metric(str(metric), vocabulary.metrics),
                                        at=("values", number), who=name)
                    continue
                try:  # the TOML/CSV reader: its spellings ("24/25", "0,96", "96%"), limits, codes and words
                    exact, percent = read_number(value, "value", "number", percent=True)
                except BadValue as error:
                    self.problems.bad(error, table="values", row=number, unit=name)
                    continue
                if not self._year_ok(year, "values", number):
                    continue
                try:  # F133, F132: the metric takes no such value (as in a TOML file)
                    check_value(vocabulary, metric, exact, percent, value)
                except BadValue as error:
                    self.problems.bad(error, table="values", row=number, unit=name)
                    continue
                key = (name, metric, year)
                if key in seen_values:
                    first = self.problems.where("values", seen_values[key])
                    self.problems.found(findings.duplicate_value(metric, year, name, first), at=("values", number),
                                        who=name)
                    continue
                seen_values[key] = number
                entry["values"].append(f.ReportedValue(metric, int(year), exact, origin("values", number)))
        if "deliveries" in tables:
            for number, name, task, day, deadline, occurrence in self.rows(
                    "deliveries", ("unit", "task", "date", "deadline", "period"), tables["deliveries"],
                    {"unit": "name", "task": "name", "deadline": "name", "period": "name"}):
                entry = unit_of(name, "deliveries", number)
                if entry is None:
                    continue
                if task is None or day is None:
                    self.problems.missing_cell("deliveries", number, "task" if task is None else "date")
                    continue
                entry["deliveries"].append(f.Delivery(str(task), day, None if deadline is None else str(deadline),
                                                      None if occurrence is None else str(occurrence),
                                                      origin("deliveries", number)))
        events = []
        if "events" in tables:
            for number, event, day, unit in self.rows("events", ("event", "date", "unit"), tables["events"],
                                                       {"event": "name", "unit": "name"}):
                if event is None or day is None:
                    self.problems.missing_cell("events", number, "event" if event is None else "date")
                    continue
                events.append(f.Happened(str(event), day, unit, origin("events", number)))
        self._records_and_counts(vocabulary, tables, units)
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
        return f.Facts(tuple(out), tuple(events), period, (self.source.name,))

    def _records_and_counts(self, vocabulary: Vocabulary, tables: dict[str, dict[str, str]], units: dict) -> None:
        """F134: records and counts of the same unit, kind and year, at the first such count (records of a kind
        with no date count for every year)."""
        counted: dict[tuple[str, str], dict[int, int]] = {}  # (unit, kind) -> year -> the row of its first count
        for name, entry in units.items():
            for c in entry["counts"]:
                counted.setdefault((name, c.kind), {}).setdefault(c.year, c.origin.row)
        for kind in sorted({k for _, k in counted}):
            if kind not in tables:
                continue
            date = vocabulary.date_field(kind)
            year = f"CAST(EXTRACT(YEAR FROM {quote(date.name)}) AS INTEGER)" if date else "NULL"
            dated_only = f" WHERE {quote(date.name)} IS NOT NULL" if date else ""  # an undated record has no year
            for name, y in self.source.run(f"SELECT DISTINCT {quote('unit')}, {year} FROM {relation(kind)}{dated_only} "
                                           f"ORDER BY 1, 2"):
                years = counted.get((name, kind), {})
                for year_ in sorted(years if y is None else {y} & set(years)):
                    found = findings.records_and_counts(name, kind, year_, self.problems.where(kind))
                    self.problems.found(found, at=("counts", years[year_]), who=name)

    def _category(self, value: object, decl: m.FieldDecl, number: int, unit: str) -> str | None:
        """A count's condition on category field `decl`, read as in a TOML file (`values.read_category`);
        None when refused: F113 (an unknown category) or F120 (too long), in the reader's words."""
        try:
            return read_category(value, decl)
        except BadValue as error:
            self.problems.bad(error, table="counts", row=number, unit=unit)
            return None

    def _not_condition(self, vocabulary: Vocabulary, number: int, unit: str, kind: str, column: str,
                       decl: m.FieldDecl | None) -> None:
        """F111 (no such field of `kind`) or F130 (a field that is no condition) at a count's condition column."""
        if decl is None:
            fields = [fd.name for fd in vocabulary.kinds[kind].fields]
            self.problems.found(findings.kind_has_no_field(kind, column, fields), at=("counts", number), who=unit)
        else:
            self.problems.found(findings.not_condition(kind, column), at=("counts", number), who=unit)

    def _year_ok(self, year, table, number) -> bool:
        """A year cell read as a TOML file's (`values.read_year`: its codes, words and limits)."""
        if year is None:
            self.problems.missing_cell(table, number, "year")
            return False
        try:
            read_year(year, "year", text=False)
        except BadValue as error:
            self.problems.bad(error, table=table, row=number)
            return False
        return True

    def _count_ok(self, vocabulary, number, kind, year, count) -> bool:
        ok = self._year_ok(year, "counts", number)
        if kind is None:
            self.problems.missing_cell("counts", number, "kind")
            ok = False
        elif kind not in vocabulary.kinds:
            self.problems.found(findings.unknown_kind(str(kind), vocabulary.kinds), at=("counts", number))
            ok = False
        if count is None:
            self.problems.missing_cell("counts", number, "count")
            return False
        try:  # a whole number ≥ 0, as in a TOML file (`values.read_integer`)
            read_integer(count, "count", text=False)
        except BadValue as error:
            self.problems.bad(error, table="counts", row=number)
            return False
        return ok

