"""Facts from a CSV file: one table a file, named by the file's stem (docs/facts.md, "CSV").

The header is checked against the table's columns (F103-F106, F111); each data
row becomes {column: cell} and goes to the builder (`FactReader`), as a TOML
table's rows do. Rows are read one at a time and placed on demand
(`CsvPlaces`), so a large table loads in bounded memory.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from ..base.suggest import closest
from . import findings
from .collector import BAD, FilePlace
from .fact_rows import FactReader
from .layout import CSV_TABLES, UNIT_COLUMNS
from .limits import CSV_FIELD_LIMIT, MAX_CSV_ROWS
from .model import REGISTER_FIELDS, Facts, Happened, Origin, UnitFacts
from .text_file import CsvPlaces, TextFile
from .values import quoted, read_name, read_registered, read_text, suggest

__all__ = ["CsvFacts"]

class CsvFacts:
    """Reads the facts of CSV files with `rows` (the builder), reporting to its collector."""

    def __init__(self, rows: FactReader):
        self.rows = rows
        self.out = rows.out

    def csv_file(self, file: TextFile, table: str) -> Facts | None:
        accepted = [*self.rows.vocabulary.kinds, *CSV_TABLES]
        if table not in accepted:
            self.out.found_at(file, 1, 1, findings.unknown_table(table, accepted))
            return None
        mark = len(self.out.diagnostics)
        rows = self.csv_rows(file, table)
        header = next(rows, None)
        if header is None:
            return None
        header_line, header_cells = header
        places = file.table
        assert places is not None
        columns = [c.strip() for c in header_cells]
        ok, named = self.header(file, table, columns, places.columns)

        def parsed() -> Iterator[tuple[int, int, dict[str, str]]]:
            """Each data row as {column: cell} without blank cells, one at a time."""
            for number, (line, cells) in enumerate(rows, start=1):
                row: dict[str, str] = {}
                for index, cell in enumerate(cells):
                    value = cell.strip()
                    if index >= len(columns) or not columns[index]:
                        if value:
                            self.out.report(file, (table, number, index), "F106", "unnamed_column", text=quoted(value))
                    elif named[index] and value:
                        row[columns[index]] = value
                yield number, line, row

        facts = self.csv_facts(file, table, parsed()) if ok else None
        if not ok:
            for _ in parsed():  # still report data in unnamed columns
                pass
        if file.broken:  # not CSV, or too long: that alone is said about the file
            self.out.discard(file, mark)
            return None
        return facts

    def header(self, file: TextFile, table: str, columns: list[str], first: dict[str, int]) -> tuple[bool, list[bool]]:
        """Check a table's header (`columns`, stripped) against the layout: whether its rows can be read, and
        which columns are read (a column named twice is read once); `first` gets each name's first index.
        Shared by every reader of tables with a header row (CSV files, spreadsheet sheets)."""
        layout = self.rows.layout.table(table)
        required = layout.required
        # a counts table's further columns are condition fields, checked row by row;
        # a units table's are the units' attributes (tỉnh, huyện ...)
        known = () if table in ("counts", "units") else layout.names
        if table == "units":
            for index, column in enumerate(columns):
                near = closest(column, layout.names, cutoff=0.75)
                if column and near and column != near:  # a typo must not pass for an attribute
                    self.out.report(file, (table, 0, index), "F103", "unknown_column",
                                    lambda: suggest(column, layout.names), item=quoted(column), table=quoted(table))
        ok = True
        for index, column in enumerate(columns):
            where = (table, 0, column or index)
            if not column:
                continue
            if column in first:
                self.out.report(file, (table, 0, index), "F106", "duplicate_column", item=quoted(column))
                ok = False
                continue
            first[column] = index
            if known and column not in known:
                if table in self.rows.vocabulary.kinds:
                    self.out.report(file, where, "F111", "kind_has_no_field", lambda: suggest(column, known[2:]),
                                    kind=quoted(table), name=quoted(column))
                else:
                    self.out.report(file, where, "F103", "unknown_column", lambda: suggest(column, known),
                                    item=quoted(column), table=quoted(table))
                ok = False
        for column in required:
            if column not in first:
                self.out.found(FilePlace(file, (table, 0)), findings.missing_column(column, table))
                ok = False
        return ok, [bool(c) and first.get(c) == i for i, c in enumerate(columns)]

    def csv_rows(self, file: TextFile, table: str) -> Iterator[tuple[int, list[str]]]:
        """(first line, cells) of every non-blank row, the header first, read one at a time.

        Sets `file.table` (where rows are) before the first; stops, setting
        `file.broken`, at a CSV syntax error or past `MAX_CSV_ROWS` rows.
        """
        lines = file.text.split("\n")
        head = next((line for line in lines if line.strip()), None)
        if head is None:
            self.out.report_at(file, 1, 1, "F106", "csv_empty")
            return
        delimiter = max((",", ";", "\t"), key=lambda d: (_count_outside_quotes(head, d), d == ","))
        places = file.table = CsvPlaces(table, delimiter)
        if lines[-1] == "":
            lines.pop()
        if csv.field_size_limit() < CSV_FIELD_LIMIT:
            csv.field_size_limit(CSV_FIELD_LIMIT)  # raised, never lowered, for the whole process
        if len(lines) > MAX_CSV_ROWS + 1 and (too_long := _row_past(lines, delimiter, MAX_CSV_ROWS + 1)):
            file.broken = True  # refused before a row is read
            self.out.report_at(file, too_long, 1, "F101", "too_many_rows", table=quoted(table), limit=MAX_CSV_ROWS)
            return
        reader = csv.reader((line + "\n" for line in lines), delimiter=delimiter, strict=True)
        del lines
        consumed = 0
        try:
            for cells in reader:
                line = consumed + 1
                consumed = reader.line_num
                if not any(cell.strip() for cell in cells):
                    continue
                if len(places.lines) > MAX_CSV_ROWS:
                    file.broken = True
                    self.out.report_at(file, line, 1, "F101", "too_many_rows", table=quoted(table), limit=MAX_CSV_ROWS)
                    return
                if consumed != line:
                    places.several.add(len(places.lines))
                places.lines.append(line)
                yield line, cells
        except csv.Error as error:
            file.broken = True
            self.out.report_at(file, max(1, reader.line_num), 1, "F100", "csv_syntax", reason=str(error))
            return
        if not places.lines:
            self.out.report_at(file, 1, 1, "F106", "csv_empty")

    def csv_facts(self, file: TextFile, table: str, rows: Iterable[tuple[int, int, dict[str, str]]]) -> Facts:
        required = self.rows.layout.table(table).required
        units: dict[str, dict[str, list]] = {}
        unit_origin: dict[str, Origin] = {}
        members: dict[str, tuple[str, ...]] = {}
        attributes: dict[str, tuple[tuple[str, str], ...]] = {}
        registered: dict[str, tuple] = {}
        listed: dict[str, int] = {}
        events: list[Happened] = []
        for number, line, row in rows:
            origin = Origin(file.name, table, number, line)
            here = (table, number)
            at = FilePlace(file, here)
            missing = [key for key in required if key not in row]
            for key in missing:
                self.out.found(at, findings.missing_cell(number, table, key), key)
            if table == "events":
                event = self.rows.happened(at, row.get("event"), row.get("date"), row.get("unit"), origin, text=True)
                if event is not None:
                    events.append(self.out.flagged(event, bool(missing)))
                continue
            if "unit" not in row:
                continue
            name = self.out.read(at, "unit", read_name, row["unit"], "unit")
            if name is BAD:
                continue
            if name not in units:
                units[name] = {"records": [], "counts": [], "values": [], "deliveries": [], "assessments": []}
                unit_origin[name] = origin
            facts = units[name]
            if table == "units":
                if name in listed:
                    self.out.found(at, findings.duplicate_unit(name, f"{file.name}:{listed[name]}"))
                    continue
                listed[name] = line
                text = self.out.read(at, "member_of", read_text, row["member_of"], "member_of") if "member_of" in row else ""
                text = "" if text is BAD else text  # (reported: a spreadsheet's cell that is not text)
                members[name] = tuple(dict.fromkeys(p.strip() for p in text.split(";") if p.strip()))
                attributes[name] = tuple((key, value) for key, value in row.items()
                                         if key not in UNIT_COLUMNS and value)
                registered[name] = self.registered(at, row)
            elif table == "counts":
                fixed = ("unit", "kind", "year", "count")
                where = [(key, value) for key, value in row.items() if key not in fixed]
                count = self.rows.count(at, row.get("kind"), row.get("year"), row.get("count"), where, origin, text=True)
                if count is not None:
                    facts["counts"].append(self.out.flagged(count, bool(missing)))
            elif table == "values":
                reported = self.rows.value(at, row.get("metric"), row.get("year"), row.get("value"), origin, text=True,
                                           raw_unit=row.get("measured_in"))
                if reported is not None:
                    facts["values"].append(self.out.flagged(reported, bool(missing)))
            elif table == "deliveries":
                for delivery in self.rows.delivery(at, row, origin, text=True):  # one per period it answers
                    facts["deliveries"].append(self.out.flagged(delivery, bool(missing)))
            elif table == "assessments":
                found = self.rows.assessment(at, row, origin, text=True)
                if found is not None:
                    facts["assessments"].append(self.out.flagged(found, bool(missing)))
            else:
                items = [(key, value) for key, value in row.items() if key not in ("unit", "id")]
                record = self.rows.record(at, table, row.get("id"), items, origin, text=True)
                if record is not None:
                    facts["records"].append(record)
        out = [
            UnitFacts(name, members.get(name, ()), tuple(parts["records"]), tuple(parts["counts"]),
                      tuple(parts["values"]), tuple(parts["deliveries"]), unit_origin[name], attributes.get(name, ()),
                      *registered.get(name, (None,) * len(REGISTER_FIELDS)), assessments=tuple(parts["assessments"]))
            for name, parts in units.items()
        ]
        return Facts(tuple(out), tuple(events), None, (file.name,))

    def registered(self, at: FilePlace, row: dict[str, str]) -> tuple:
        """What a units row says of its unit as a register does (`REGISTER_FIELDS`): each read, or None."""
        out = []
        for key in REGISTER_FIELDS:
            value = self.out.read(at, key, read_registered, row[key], key) if key in row else None
            out.append(None if value is BAD else value)
        return tuple(out)


def _row_past(lines: list[str], delimiter: str, limit: int) -> int | None:
    """The first line of the non-blank row after the first `limit` ones, or None (a quick pass, C speed)."""
    reader = csv.reader((line + "\n" for line in lines), delimiter=delimiter)
    rows, consumed = 0, 0
    try:
        for cells in reader:
            line, consumed = consumed + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                rows += 1
                if rows > limit:
                    return line
    except csv.Error:
        return None  # the real pass reports it
    return None


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            count += 1
    return count
