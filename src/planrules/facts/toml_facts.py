"""Facts from a TOML file (docs/facts.md): the document walked, each table's keys checked, each row built.

The text is read by the strict TOML reader (`toml_text`), which also says where
every key is; its problems become F100/F107/F120 here. Each table of the
document is checked for unknown and missing keys (F103, F104) and its rows
handed to the builder (`FactReader`), as a CSV file's rows are.
"""

from __future__ import annotations

import datetime as _dt
import unicodedata
from collections.abc import Iterator, Sequence

from attrs import evolve

from ..base.diagnostics import Diagnostic, Severity
from ..base.source import Span
from . import findings
from .collector import BAD, FilePlace
from .fact_rows import FactReader
from .limits import MAX_CSV_ROWS, MAX_DEPTH, MAX_DIGITS, MAX_TOML_ENTRIES
from .messages import facts_message
from .model import REGISTER_FIELDS, Assessment, Count, Delivery, Facts, Happened, Record, ReportedValue, UnitFacts
from .text_file import TextFile, dotted
from .toml_text import read_strict_toml
from .values import EXPECTED, quoted, read_date, read_name, read_registered, shown_found, suggest

__all__ = ["TomlFacts", "UNIT_KEYS"]

UNIT_KEYS = ("member_of", "attributes", *REGISTER_FIELDS, "records", "counts", "values", "deliveries", "assessments")


class TomlFacts:
    """Reads the facts of TOML files with `rows` (the builder), reporting to its collector."""

    def __init__(self, rows: FactReader, *, document_keys: Sequence[str] = ("facts", "events", "units"),
                 unit_keys: Sequence[str] = UNIT_KEYS):
        """`document_keys` and `unit_keys`: what a document may hold, and a unit's table (a register file holds
        only units, each without facts: `register_files`)."""
        self.rows = rows
        self.out = rows.out
        self.document_keys = tuple(document_keys)
        self.unit_keys = tuple(unit_keys)

    def toml_file(self, file: TextFile) -> Facts | None:
        document, problems = read_strict_toml(file, MAX_TOML_ENTRIES)
        for problem in problems:
            if problem.kind == "too_many":  # placed at the first entry too many; a line of a 12 MB array is not shown
                span = Span(file.name, problem.line, problem.column, problem.line, problem.column + 1)
                line = file.line_text(problem.line)
                self.out.diagnostics.append(Diagnostic(
                    "F101", facts_message("too_many_entries", path=file.name, limit=MAX_TOML_ENTRIES), span,
                    Severity.ERROR, (facts_message("split_hint", rows=MAX_CSV_ROWS),),
                    line if len(line) <= 200 else None))
            elif problem.kind == "bare_key":
                self.out.report_at(file, problem.line, problem.column, "F107", "bare_key", name=problem.text)
            elif problem.kind == "too_deep":
                self.out.report_at(file, problem.line, problem.column, "F100", "toml_too_deep", limit=MAX_DEPTH)
            elif problem.kind == "duplicate":
                self.out.report_at(file, problem.line, problem.column, "F100", "toml_duplicate",
                                   item=quoted(dotted(problem.path)), first=problem.first)
            elif problem.kind == "long_number":
                item = dotted(problem.path) if problem.path else ("the file", "tệp")
                self.out.report_at(file, problem.line, problem.column, "F120", "number_too_long", item=item,
                                   text=problem.text, count=problem.count, limit=MAX_DIGITS)
            else:
                self.out.report_at(file, problem.line, problem.column, "F100", "toml_syntax", reason=problem.text)
        return None if document is None else self.document(file, document)

    def table(self, file: TextFile, path: tuple, value: object) -> dict | None:
        if isinstance(value, dict):
            return value
        self.out.report(file, path, "F120", "wrong_type", at_value=True, item=dotted(path), expected=EXPECTED["table"], found=shown_found(value))
        return None

    def tables(self, file: TextFile, path: tuple, value: object) -> Iterator[tuple[int, dict]]:
        if not isinstance(value, list):
            self.out.report(file, path, "F120", "wrong_type", at_value=True, item=dotted(path), expected=EXPECTED["tables"],
                            found=shown_found(value))
            return
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item
            else:
                self.out.report(file, path + (index,), "F120", "wrong_type", at_value=True, item=dotted(path + (index,)),
                                expected=EXPECTED["table"], found=shown_found(item))

    def keys(self, file: TextFile, path: tuple, table: dict, allowed: Sequence[str],
             required: Sequence[str] = ()) -> bool:
        ok = True
        for key in table:
            if key not in allowed:
                self.out.report(file, path + (key,), "F103", "unknown_key", lambda: suggest(key, allowed),
                                item=quoted(key), table=dotted(path) or ("the file", "tệp"))
                ok = False
        for key in required:
            if key not in table:
                self.out.report(file, path, "F104", "missing_key", item=quoted(key), table=dotted(path))
                ok = False
        return ok

    def document(self, file: TextFile, document: dict) -> Facts:
        period = None
        events: list[Happened] = []
        units: list[UnitFacts] = []
        self.keys(file, (), document, self.document_keys)
        if "facts" in document and (table := self.table(file, ("facts",), document["facts"])) is not None:
            period = self.facts_table(file, table)
        if "events" in document:
            for index, item in self.tables(file, ("events",), document["events"]):
                path = ("events", index)
                ok = self.keys(file, path, item, ("event", "date", "unit"), ("event", "date"))
                origin = self.out.origin(file, "events", index + 1, path)
                event = self.rows.happened(FilePlace(file, path), item.get("event"), item.get("date"),
                                           item.get("unit"), origin, text=False)
                if event is not None:
                    events.append(self.out.flagged(event, not ok))
        if "units" in document and (table := self.table(file, ("units",), document["units"])) is not None:
            for name, value in table.items():
                read = self.out.read(FilePlace(file, ("units", name)), None, read_name, name, "unit")  # a name, as in CSV and tables
                if read is BAD:
                    continue
                unit = self.toml_unit(file, name, value)
                if unit is not None and read != name:
                    unit = evolve(unit, name=read)
                if unit is not None:
                    units.append(unit)
        return Facts(tuple(units), tuple(events), period, (file.name,))

    def facts_table(self, file: TextFile, table: dict) -> tuple[_dt.date, _dt.date] | None:
        self.keys(file, ("facts",), table, ("period",))
        if "period" not in table:
            return None
        path = ("facts", "period")
        period = self.table(file, path, table["period"])
        if period is None:
            return None
        if not self.keys(file, path, period, ("from", "to"), ("from", "to")):
            return None
        start = self.out.read(FilePlace(file, path), "from", read_date, period["from"], "from")
        end = self.out.read(FilePlace(file, path), "to", read_date, period["to"], "to")
        if start is BAD or end is BAD:
            return None
        if (found := findings.period_order(start, end)) is not None:
            self.out.found(FilePlace(file, path), found)
            return None
        self.rows.periods.append(((start, end), file, path))
        return start, end

    def toml_unit(self, file: TextFile, name: str, value: object) -> UnitFacts | None:
        path = ("units", name)
        table = self.table(file, path, value)
        if table is None:
            return None
        self.keys(file, path, table, self.unit_keys)
        members: tuple[str, ...] = ()
        if "member_of" in table:
            members = self.members(file, path + ("member_of",), table["member_of"])
        attributes: tuple[tuple[str, str], ...] = ()
        if "attributes" in table:
            attributes = self.attributes(file, path + ("attributes",), table["attributes"])
        records: list[Record] = []
        if "records" in table and (kinds := self.table(file, path + ("records",), table["records"])) is not None:
            for kind, rows in kinds.items():
                kind_path = path + ("records", kind)
                if kind not in self.rows.vocabulary.kinds:
                    self.out.found(FilePlace(file, kind_path), findings.unknown_kind(kind, self.rows.vocabulary.kinds))
                    continue
                table_name = f"units.{name}.records.{kind}"
                for index, row in self.tables(file, kind_path, rows):
                    row_path = kind_path + (index,)
                    items = [(key, raw) for key, raw in row.items() if key != "id"]
                    record = self.rows.record(FilePlace(file, row_path), kind, row.get("id"), items,
                                              self.out.origin(file, table_name, index + 1, row_path), text=False)
                    if record is not None:
                        records.append(record)
        counts: list[Count] = []
        if "counts" in table:
            for index, row in self.tables(file, path + ("counts",), table["counts"]):
                row_path = path + ("counts", index)
                ok = self.keys(file, row_path, row, ("kind", "year", "count", "where"), ("kind", "year", "count"))
                where: list[tuple[str, object]] = []
                if "where" in row and (conditions := self.table(file, row_path + ("where",), row["where"])) is not None:
                    where = list(conditions.items())
                elif "where" in row:
                    ok = False
                origin = self.out.origin(file, f"units.{name}.counts", index + 1, row_path)
                at = FilePlace(file, row_path)
                count = self.rows.count(at, row.get("kind"), row.get("year"), row.get("count"), where, origin,
                                        text=False, where_at=at.at("where"))
                if count is not None:
                    counts.append(self.out.flagged(count, not ok))
        values: list[ReportedValue] = []
        if "values" in table:
            for index, row in self.tables(file, path + ("values",), table["values"]):
                row_path = path + ("values", index)
                ok = self.keys(file, row_path, row, ("metric", "year", "value", "measured_in"),
                               ("metric", "year", "value"))
                origin = self.out.origin(file, f"units.{name}.values", index + 1, row_path)
                reported = self.rows.value(FilePlace(file, row_path), row.get("metric"), row.get("year"),
                                           row.get("value"), origin, text=False, raw_unit=row.get("measured_in"))
                if reported is not None:
                    values.append(self.out.flagged(reported, not ok))
        deliveries: list[Delivery] = []
        if "deliveries" in table:
            for index, row in self.tables(file, path + ("deliveries",), table["deliveries"]):
                row_path = path + ("deliveries", index)
                ok = self.keys(file, row_path, row, ("task", "deadline", "period", "periods", "date"), ("task", "date"))
                origin = self.out.origin(file, f"units.{name}.deliveries", index + 1, row_path)
                for delivery in self.rows.delivery(FilePlace(file, row_path), row, origin, text=False):
                    deliveries.append(self.out.flagged(delivery, not ok))
        assessments: list[Assessment] = []
        if "assessments" in table:
            keys = ("target", "year", "result", "assessor", "date")
            for index, row in self.tables(file, path + ("assessments",), table["assessments"]):
                row_path = path + ("assessments", index)
                ok = self.keys(file, row_path, row, keys, keys)
                origin = self.out.origin(file, f"units.{name}.assessments", index + 1, row_path)
                found = self.rows.assessment(FilePlace(file, row_path), row, origin, text=False)
                if found is not None:
                    assessments.append(self.out.flagged(found, not ok))
        origin = self.out.origin(file, f"units.{name}", None, path)
        registered = [self.out.read(FilePlace(file, path), key, read_registered, table[key], key) if key in table else None
                      for key in REGISTER_FIELDS]
        return UnitFacts(name, members, tuple(records), tuple(counts), tuple(values), tuple(deliveries), origin,
                         attributes, *(None if value is BAD else value for value in registered),
                         assessments=tuple(assessments))

    def attributes(self, file: TextFile, path: tuple, raw: object) -> tuple[tuple[str, str], ...]:
        """A unit's attributes (`attributes = { "tỉnh" = "Ninh Bình" }`): text values, in file order."""
        found = self.table(file, path, raw)
        if found is None:
            return ()
        out: list[tuple[str, str]] = []
        for key, value in found.items():
            text = self.out.read(FilePlace(file, path), key, read_name, value, key)
            if text is not BAD:
                out.append((unicodedata.normalize("NFC", key), unicodedata.normalize("NFC", text)))
        return tuple(out)

    def members(self, file: TextFile, path: tuple, raw: object) -> tuple[str, ...]:
        if not isinstance(raw, list):
            self.out.report(file, path, "F120", "wrong_type", at_value=True, item="member_of", expected=EXPECTED["names"], found=shown_found(raw))
            return ()
        out: list[str] = []
        for index, item in enumerate(raw):
            name = self.out.read(FilePlace(file, path), index, read_name, item, "member_of")
            if name is not BAD:
                out.append(name)
        return tuple(dict.fromkeys(out))
