"""The small tables of a source — counts, values, deliveries, events, units, period — read into Python.

They are a unit's few rows, not its registers: read whole, each row of
counts, values, deliveries and events handed, with its place (`RowPlace`), to
the builder of the TOML and CSV files (`fact_rows.FactReader`), which reads
its cells (`values`: their spellings, limits, codes and words) and builds the
`facts` values, reporting to the source's collector (`TableProblems`). So a
table's row is refused, or built, exactly as the same row of a file; only the
place of a problem differs. What a file checks across facts (F142-F145,
F134) is checked here over the rows read, in the same words.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Sequence

from ..language.vocabulary import Vocabulary
from . import findings
from . import model as f
from .fact_rows import FactReader
from .layout import UNIT_COLUMNS, Cell, Column
from .mapping import KEY_COLUMN
from .mapping_units import UnitKeys, unit_parts
from .record_groups import RecordGroups
from .sql_text import quote, stored_as
from .table_problems import RowPlace, TableProblems
from .values import BadValue, read_date, read_name, read_registered, read_text

__all__ = ["SmallTables", "attributes_of", "read_as_given"]


def read_as_given(column: Column | None) -> str | None:
    """The type a small table's column must have (`sql_text.ACCEPTS`) when its cells are read into Python as the
    database gives them, or None: a date column held as text, or a name column as numbers, is said once, for
    the column, as for a record kind's table, rather than at each of its rows. Years, counts, values and
    conditions are what a database spells in many ways: their cells are read (`values`) and each refused one
    said at its row."""
    if column is None or column.condition or column.cell not in (Cell.NAME, Cell.TEXT, Cell.DATE):
        return None
    return stored_as(column.cell)


def attributes_of(columns: dict[str, str]) -> tuple[str, ...]:
    """The columns of a units table beyond `UNIT_COLUMNS` (unit, member_of, label …): the units' attributes
    (tỉnh, huyện …)."""
    return tuple(c for c in columns if c not in UNIT_COLUMNS and c != KEY_COLUMN)


class SmallTables:
    """Reads the small tables of `source` (a `FactSource`), reporting to `problems`."""

    def __init__(self, source, problems: TableProblems):
        self.source = source
        self.problems = problems

    def period(self, tables: dict[str, dict[str, str]]) -> tuple[_dt.date, _dt.date] | None:
        """The `period` table's period: each row read as a facts file's `[period]` (both dates, F104 for one
        missing; `infinity` or a year outside 1900-2200 refused; F151 when it ends before it starts), and a row
        giving another period than the first is F152, as a second facts file's would be. The first row alone was
        read, and a second row's other period dropped in silence (the dates outside it never F150)."""
        if "period" not in tables:
            return None
        periods = []
        for number, *cells in self.rows("period", ("from", "to"), tables["period"]):
            missing = [column for column, value in zip(("from", "to"), cells) if value is None]
            for column in missing:
                self.problems.missing_cell(RowPlace("period", number), column)
            if missing:
                continue
            try:  # read as a facts file's period is: `infinity`, a year outside 1900-2200 refused at the row
                start, end = (read_date(v.date() if isinstance(v, _dt.datetime) else v, column)
                              for v, column in zip(cells, ("from", "to")))
            except BadValue as error:
                self.problems.bad(RowPlace("period", number), error)
                continue
            if start > end:
                self.problems.found(RowPlace("period", number), findings.period_order(start, end))
                continue
            periods.append((number, start, end))
        if not periods:
            return None
        first, start, end = periods[0]
        for number, other_start, other_end in periods[1:]:
            if (other_start, other_end) != (start, end):
                self.problems.add("F152", "period_conflict", table="period", row=number,
                                  start=other_start.isoformat(), end=other_end.isoformat(),
                                  other_start=start.isoformat(), other_end=end.isoformat(),
                                  other=f"{self.source.origin_of('period')} (period[{first}])")
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
                    if expected == "register" and cells[i] is not None:  # a date or a change word
                        cells[i] = read_registered(cells[i], column)
                    elif isinstance(cells[i], str):  # "name": trimmed and not blank; "label": a name's limit alone
                        cells[i] = read_name(cells[i], column) if expected == "name" else \
                            read_text(cells[i], column, "text" if expected == "text" else "name")
            except BadValue as error:
                self.problems.bad(RowPlace(table, cells[0]), error)
                continue
            out.append(tuple(cells))
        return out

    def read(self, vocabulary: Vocabulary, tables: dict[str, dict[str, str]],
             period: tuple[_dt.date, _dt.date] | None = None, validation=None,
             groups: dict[str, RecordGroups] | None = None) -> f.Facts:
        """The units, their counts, values, deliveries and groups, and the events: each row of a small table
        built by the builder of the TOML and CSV files (`FactReader`), reporting at its row (`RowPlace`).

        `validation` (`validation_cache.Validation`): an earlier validation of the unchanged source standing for
        this one (`reused`) gives the units each record table names, and the records-and-counts check (F134) it
        passed is not run again; otherwise both come from `groups`, each record table's (unit, year) groups the
        checks read (`TableChecks.groups`), and the units are left to remember."""
        builder = FactReader(vocabulary, self.problems)
        units: dict[str, dict] = {}

        def unit_of(name, table, number):
            found = units.get(name)
            if found is None:  # the first table that names a unit is its origin
                found = units[name] = {"member_of": [], "counts": [], "values": [], "deliveries": [], "assessments": [],
                                       "origin": f.Origin(self.source.origin_of(table), table, number)}
            return found

        parts = [name for name, _ in unit_parts(self.source.mapping) if name in tables] or (
            ["units"] if "units" in tables else [])
        keys = self._keys(parts) if getattr(self.source, "keyed", False) else None
        listed, seen = [], {}
        for part in parts:  # every units table, its units in order (F144: one listed twice, in one or two)
            listed += self._units(tables, unit_of, part, seen, keys)
        if keys is not None:
            self._parents(units, keys)
        known = validation.record_units if validation is not None and validation.reused else None
        named: dict[str, list[str]] = {}
        for kind in vocabulary.kinds:
            if kind in tables:
                names = known[kind] if known is not None else groups[kind].units()  # (groups: checked just now)
                named[kind] = names
                for name in (names if keys is None else keys.records(self.source, kind, names).values()):
                    unit_of(name, kind, None)
        if validation is not None:
            validation.record_units = named
        if keys is not None and "reported" in self.source.mapped:  # its units by key too
            keys.table(self.source, "reported")
        for table, built in (("counts", self._counts), ("values", self._values), ("deliveries", self._deliveries),
                             ("assessments", self._assessments)):
            if table in tables:
                for name, number, fact in built(builder, tables):
                    name = name if keys is None else keys.name(name, table, number)
                    if name is not None:
                        unit_of(name, table, number)[table].append(fact)
        events = list(self._events(builder, tables, keys)) if "events" in tables else []
        if known is None:  # passed by the validation that stands for this one otherwise
            self._records_and_counts(tables, units, groups, keys)
        self.source.unit_keys = keys.names if keys is not None else None
        out = []
        # the units table's order (a TOML file's order, when written from one), then the others by name
        in_list = set(listed)
        for name in listed + sorted(n for n in units if n not in in_list):
            e = units[name]
            out.append(f.UnitFacts(name, tuple(e["member_of"]), (), tuple(e["counts"]), tuple(e["values"]),
                                   tuple(e["deliveries"]), e["origin"], e.get("attributes", ()),
                                   *e.get("registered", (None,) * len(f.REGISTER_FIELDS)),
                                   assessments=tuple(e["assessments"])))
        return f.Facts(tuple(out), tuple(events), period, (self.source.name,))

    def _origin(self, table: str, number: int) -> f.Origin:
        return f.Origin(self.source.origin_of(table), table, number)

    def _layout_rows(self, table: str, columns: Sequence[str], present: dict[str, str]) -> Iterator[tuple]:
        """The rows of small table `table` as the builder takes them: (row place, origin, cells, whether a cell
        is missing), each cell of a required column present (F104 otherwise, as a CSV row gets), its unit read as
        a name; a row without its unit is left out (an event's unit is optional: every unit)."""
        required = self.source.layout.table(table).required
        events = table == "events"
        source = self.source.origin_of(table)
        for number, *cells in self.rows(table, columns, present, {} if events else {"unit": "name"}):
            row = dict(zip(columns, cells))
            at = RowPlace(table, number, None if events else row["unit"])
            missing = False
            for column in required:
                if row[column] is None:
                    self.problems.missing_cell(at, column)
                    missing = True
            if events or at.unit is not None:
                yield at, f.Origin(source, table, number), row, missing

    def _counts(self, builder: FactReader, tables: dict[str, dict[str, str]]) -> Iterator[tuple]:
        """Each count that is whole, F142 for one given twice (at the second)."""
        conditions = [c for c in tables["counts"] if c not in self.source.layout.table("counts").required]
        seen: dict[tuple, int] = {}
        for at, origin, row, missing in self._layout_rows("counts", ("unit", "kind", "year", "count", *conditions),
                                                          tables["counts"]):
            where = [(c, row[c]) for c in conditions if row[c] is not None]
            count = builder.count(at, row["kind"], row["year"], row["count"], where, origin, text=False)
            if count is None or missing or not builder.out.whole(count):
                continue
            key = (at.unit, count.kind, count.year, count.where)
            if key in seen:
                found = findings.duplicate_count(count.kind, count.year, count.where, at.unit,
                                                 self.problems.where("counts", seen[key]))
                self.problems.found(at, found)
                continue
            seen[key] = at.row
            yield at.unit, at.row, count

    def _values(self, builder: FactReader, tables: dict[str, dict[str, str]]) -> Iterator[tuple]:
        """Each reported value that is whole, F143 for one given twice (at the second)."""
        seen: dict[tuple, int] = {}
        for at, origin, row, missing in self._layout_rows("values", ("unit", "metric", "year", "value", "measured_in"),
                                                          tables["values"]):
            reported = builder.value(at, row["metric"], row["year"], row["value"], origin, text=False,
                                     raw_unit=row["measured_in"])
            if reported is None or missing or not builder.out.whole(reported):
                continue
            key = (at.unit, reported.metric, reported.year)
            if key in seen:
                found = findings.duplicate_value(reported.metric, reported.year, at.unit,
                                                 self.problems.where("values", seen[key]))
                self.problems.found(at, found)
                continue
            seen[key] = at.row
            yield at.unit, at.row, reported

    def _deliveries(self, builder: FactReader, tables: dict[str, dict[str, str]]) -> Iterator[tuple]:
        for at, origin, row, missing in self._layout_rows("deliveries", ("unit", "task", "date", "deadline", "period"),
                                                          tables["deliveries"]):
            for delivery in builder.delivery(at, row, origin, text=False):  # one per period it answers
                if not missing and builder.out.whole(delivery):
                    yield at.unit, at.row, delivery

    def _assessments(self, builder: FactReader, tables: dict[str, dict[str, str]]) -> Iterator[tuple]:
        columns = ("unit", "target", "year", "result", "assessor", "date")
        for at, origin, row, missing in self._layout_rows("assessments", columns, tables["assessments"]):
            found = builder.assessment(at, row, origin, text=False)
            if found is not None and not missing and builder.out.whole(found):
                yield at.unit, at.row, found

    def _events(self, builder: FactReader, tables: dict[str, dict[str, str]],
                keys: UnitKeys | None = None) -> Iterator[f.Happened]:
        """Each event that is whole, F145 for one given twice (at the second)."""
        seen: dict[tuple, int] = {}
        for at, origin, row, missing in self._layout_rows("events", ("event", "date", "unit"), tables["events"]):
            if keys is not None and row["unit"] is not None:  # the database's key of the unit it is of
                row["unit"] = keys.name(row["unit"], "events", at.row)
                if row["unit"] is None:
                    continue
            event = builder.happened(at, row["event"], row["date"], row["unit"], origin, text=False)
            if event is None or missing or not builder.out.whole(event):
                continue
            key = (event.event, event.date, event.unit)
            if key in seen:
                self.problems.found(at, findings.duplicate_event(event.event, event.date,
                                                                 self.problems.where("events", seen[key])))
                continue
            seen[key] = at.row
            yield event

    def _keys(self, parts: Sequence[str]) -> UnitKeys:
        """The keys of the units tables `parts`, each unit's `key` column (its name where a table has none)."""
        mapped = self.source.mapped
        columns = {p: mapped[p][2].get(KEY_COLUMN, mapped[p][2].get("unit", "unit")) for p in parts if p in mapped}
        return UnitKeys(self.problems, columns)

    def _parents(self, units: dict, keys: UnitKeys) -> None:
        """A units table's `parent` and `successor`, given by the database's key of that unit: its name (F239 at
        the row of a key no units table lists)."""
        fields = f.REGISTER_FIELDS
        for name, entry in units.items():
            registered = list(entry.get("registered", ()))
            for field in ("parent", "successor"):
                at = fields.index(field)
                if registered and registered[at] is not None:
                    origin = entry["origin"]
                    registered[at] = keys.name(registered[at], origin.table, origin.row, field)
            if registered:
                entry["registered"] = tuple(registered)

    def _units(self, tables: dict[str, dict[str, str]], unit_of, table: str = "units", seen: dict | None = None,
               keys: UnitKeys | None = None) -> list[str]:
        """A units table (`table`: "units", or another of a mapping's units tables): each unit's groups and
        attributes, in its order; F144 for a unit listed twice (in `seen`: in any units table read before); the
        key of each unit to `keys`."""
        seen = {} if seen is None else seen
        listed = []
        named = attributes_of(tables[table])
        for number, name, member_of, key, *registered, values in self._unit_rows(tables[table], named, table):
            if name is None:
                self.problems.missing_cell(RowPlace(table, number), "unit")
                continue
            if name in seen:
                self.problems.found(RowPlace(table, number),
                                    findings.duplicate_unit(name, self.problems.where(*seen[name])))
                continue
            seen[name] = (table, number)
            try:  # each group a name, as in a TOML file's member_of
                groups = [read_name(g, "member_of") for g in (member_of or "").split(";") if g.strip()]
            except BadValue as error:
                self.problems.bad(RowPlace(table, number, name), error)
                continue
            if keys is not None and (key is not None or KEY_COLUMN not in tables[table]):  # a NULL key: none
                keys.add(key if key is not None else name, name, table, number)
            entry = unit_of(name, table, number)
            entry["origin"] = self._origin(table, number)
            entry["member_of"] = list(dict.fromkeys(entry["member_of"] + groups))
            entry["attributes"] = tuple((a, str(v).strip()) for a, v in zip(named, values)
                                        if v is not None and str(v).strip())
            entry["registered"] = tuple(registered)
            listed.append(name)
        return listed

    def _unit_rows(self, present: dict[str, str], named: Sequence[str], table: str = "units") -> Iterator[tuple]:
        """A units table's rows: (row, unit, member_of, key, the register's fields, attribute values), each
        register field read as the TOML and CSV readers read it (`values.read_registered`) or None."""
        fields = f.REGISTER_FIELDS
        for number, name, member_of, key, *rest in self.rows(
                table, ("unit", "member_of", KEY_COLUMN, *fields, *named), present,
                {"unit": "name", "member_of": "text", KEY_COLUMN: "name",
                 **{c: "register" if c in ("since", "change") else "name" for c in fields},
                 **{a: "label" for a in named}}):
            yield (number, name, member_of, key, *rest[:len(fields)], rest[len(fields):])

    def _records_and_counts(self, tables: dict[str, dict[str, str]], units: dict, groups: dict[str, RecordGroups],
                            keys: UnitKeys | None = None) -> None:
        """F134: records and counts of the same unit, kind and year, at the first such count (records of a kind
        with no date count for every year); the (unit, year) of a kind's records from its `groups`."""
        counted: dict[tuple[str, str], dict[int, int]] = {}  # (unit, kind) -> year -> the row of its first count
        for name, entry in units.items():
            for c in entry["counts"]:
                counted.setdefault((name, c.kind), {}).setdefault(c.year, c.origin.row)
        for kind in sorted({k for _, k in counted}):
            if kind not in tables:
                continue
            for name, y in groups[kind].years():
                name = name if keys is None else keys.names.get(name)  # (a key not listed: F239 already)
                years = counted.get((name, kind), {})
                for year_ in sorted(years if y is None else {y} & set(years)):
                    found = findings.records_and_counts(name, kind, year_, self.problems.where(kind))
                    self.problems.found(RowPlace("counts", years[year_], name), found)
