"""Facts from a workbook (.xlsx): one table a sheet, named by the sheet (docs/facts.md, "Excel").

A sheet is a CSV table laid out for people: row 1 holds each column's label
(free text, not read), row 2 its name in the layout (what the reader maps
back), data from row 3. The header is checked and each row built exactly as a
CSV file's (`CsvFacts.header`, `CsvFacts.csv_facts`), so a workbook and CSV
files holding the same facts read as the same facts. What differs is the
cells: a spreadsheet stores real dates, numbers and yes/no, and each is handed
to the readers of `values` as the value it is (`cell_value`) — a date cell as
a date, a whole number as an integer, any other number as the exact decimal of
its shortest representation (0.1 is 1/10, never 0.1000000000000000055…), a
number shown as a percentage (45%, stored 0.45) as "45%" — while a text cell
is read as a CSV cell is ("15/03/2026", "12", "có").

Problems are placed at cells: the place of a sheet's diagnostic is a
`SheetSpan` (facts.xlsx:hội_nghị!C7). A workbook is vetted from its zip
directory before it is unpacked, and read a row at a time (`limits`).
openpyxl (the `office` extra) is imported only when a workbook is read.
"""

from __future__ import annotations

import datetime as _dt
import io
import operator
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from itertools import repeat

from ..base.source import SheetSpan, Span, column_letters
from . import findings
from .collector import FilePlace
from .csv_facts import CsvFacts
from .layout import CSV_TABLES, UNIT_COLUMNS, Cell
from .limits import MAX_CSV_ROWS, MAX_SHEET_COLUMNS, MAX_XLSX_ENTRIES, MAX_XLSX_UNZIPPED
from .model import Facts
from .text_file import TextFile
from .values import clip, quoted, wrong_type

__all__ = ["GUIDE_SHEET", "HEADER_ROW", "LISTS_SHEET", "NOTE_SHEETS", "SheetFile", "XlsxFacts", "cell_value",
           "sheet_name"]

GUIDE_SHEET = "Hướng dẫn"  # how to fill the workbook in: no table
LISTS_SHEET = "Danh mục"  # the units, categories and yes/no the drop-down lists offer, with their labels: no table
NOTE_SHEETS = (GUIDE_SHEET, LISTS_SHEET)
HEADER_ROW = 2  # row 1: the columns' labels, for people; row 2: their names, which the reader maps back
SHEET_NAME_LENGTH = 31  # the longest name a spreadsheet program gives a sheet
_EXCEL_ROWS = 1_048_576  # the most rows a sheet can have: a hostile file claiming more is refused there


def sheet_name(table: str) -> str:
    """The name of `table`'s sheet: the table's own, cut to the 31 characters a sheet's name may have."""
    return table[:SHEET_NAME_LENGTH]


class SheetFile(TextFile):
    """One sheet being read, as the collector places its problems: at cells (`SheetSpan`), with no line shown.

    Its name is the workbook's and the sheet's ("facts.xlsx:hội_nghị"); places are those of a CSV table
    ((table, row) and (table, row, column), the header being row 0), turned into the sheet's row and column.
    """

    def __init__(self, book: str, sheet: str, table: str):
        super().__init__(f"{book}:{sheet}", "")
        self.table_name = table
        self.lines: list[int] = [HEADER_ROW]  # data row (0: the header) -> its row in the sheet
        self.columns: dict[str, int] = {}  # column name -> its 0-based index (the first, when named twice)

    def span(self, line: int, column: int) -> Span:
        return SheetSpan(self.name, line, column, line, column + 1)

    def line_text(self, line: int) -> str | None:
        return None

    def cell(self, path: tuple) -> tuple[int, int] | None:
        """(row, column) of a place in the sheet, both 1-based; None when it has none."""
        if not path or path[0] != self.table_name or len(path) > 3:
            return None
        if len(path) == 1:
            return HEADER_ROW, 1
        row = path[1]
        if not isinstance(row, int) or not 0 <= row < len(self.lines):
            return None
        if len(path) == 2:
            return self.lines[row], 1
        index = path[2] if isinstance(path[2], int) else self.columns.get(path[2])
        return None if index is None else (self.lines[row], index + 1)

    def offset(self, path: tuple) -> int | None:
        return 0 if self.cell(path) is not None else None

    def place(self, path: tuple, value: bool = False) -> tuple[int, int]:
        for cut in range(len(path), 0, -1):
            found = self.cell(path[:cut])
            if found is not None:
                return found
        return 1, 1

    def line_of(self, path: tuple) -> int | None:
        return self.place(path)[0] if path else None

    def line_named(self, line: int) -> str:
        return f"{self.name}!A{line}"


class _Book(TextFile):
    """A workbook as a whole, where a problem of the whole file is placed: its first cell, with no line shown."""

    def line_text(self, line: int) -> str | None:
        return None


def cell_value(value: object, number_format: str | None, cell: Cell) -> object:
    """A spreadsheet cell's value as the `values` readers take it, for a column holding `cell`.

    Text is composed (NFC) and trimmed, "" for a blank; a date cell (a datetime at midnight) is its date (one with
    a time of day stays a datetime: the date reader refuses it); a number shown as a percentage is its text
    ("45.5%": the cell holds 0.455); a whole number is an `int` (3.0 is 3); any other number the exact `Decimal`
    of its shortest representation. In a column of names or text a whole number is its digits (an id, an official
    code typed as a number), and in a yes/no column 1 and 0 are "1" and "0". Anything else (yes/no, a time of day) is handed on as it is.
    """
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    if isinstance(value, _dt.datetime):
        return value.date() if value.time() == _dt.time() and value.tzinfo is None else value
    if isinstance(value, float) and value == value and value not in (float("inf"), float("-inf")):
        exact = Decimal(repr(value))
        if number_format is not None and "%" in number_format:
            return f"{exact * 100:f}%"
        value = int(exact) if exact == exact.to_integral_value() else exact
    if isinstance(value, int) and not isinstance(value, bool):
        if number_format is not None and "%" in number_format:
            return f"{value * 100}%"
        if cell in (Cell.NAME, Cell.TEXT, Cell.BOOL):  # as a CSV cell would hold it: 1 and 0 are yes and no there
            return str(value)
    return value


class XlsxFacts:
    """Reads the facts of workbooks with the CSV reader's header check and row builder, reporting to its collector."""

    def __init__(self, tables: CsvFacts):
        self.tables = tables
        self.rows = tables.rows
        self.out = tables.out

    def xlsx_file(self, name: str, data: bytes) -> list[Facts]:
        """The facts of each sheet of the workbook `name` (its bytes: `data`), in the workbook's order."""
        book = _Book(name, "")
        self.out.files.setdefault(name, book)
        try:
            import openpyxl
        except ImportError:
            self.out.report_at(book, 1, 1, "F260", "xlsx_needs_openpyxl", path=name)
            return []
        refusal = _vetted(data)
        if refusal is not None:
            code, key, args = refusal
            self.out.report_at(book, 1, 1, code, key, path=name, **args)
            return []
        parts: list[Facts] = []
        try:
            with warnings.catch_warnings():  # openpyxl warns of parts it does not keep (extensions, no style)
                warnings.simplefilter("ignore")
                values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
                # a second reading, of the formulas, only for a workbook that has some: the values reading
                # cannot tell a formula saved without its value from a blank (F263)
                formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False) \
                    if _has_formulas(data) else None
                read = 0
                try:
                    for title in values.sheetnames:
                        sheet = unicodedata.normalize("NFC", title).strip()
                        if sheet in NOTE_SHEETS:
                            continue
                        read += 1
                        parts.extend(self.sheet(name, sheet, formulas[title] if formulas else None, values[title]))
                finally:
                    values.close()
                    if formulas is not None:
                        formulas.close()
        except (AssertionError, NameError, UnboundLocalError):  # a mistake of this reader's, not of the workbook
            raise
        except Exception as error:  # a damaged workbook: whatever openpyxl or the zip reader raised about it
            self.out.report_at(book, 1, 1, "F260", "not_workbook", path=name, reason=clip(str(error) or
                                                                                         type(error).__name__, 120))
            return []
        if not read:
            self.out.report_at(book, 1, 1, "F262", "no_sheets", path=name)
        return parts

    def table_of(self, sheet: str) -> str | None:
        """The table a sheet holds: the one it is named after, or the one whose name it is cut from (31 letters)."""
        accepted = [*self.rows.vocabulary.kinds, *CSV_TABLES]
        if sheet in accepted:
            return sheet
        cut = [t for t in accepted if len(t) > SHEET_NAME_LENGTH and sheet_name(t) == sheet]
        return cut[0] if len(cut) == 1 else None

    def sheet(self, book: str, sheet: str, formulas, values) -> list[Facts]:
        table = self.table_of(sheet)
        file = SheetFile(book, sheet, table or sheet)
        self.out.order.setdefault(file.name, len(self.out.order))
        self.out.files.setdefault(file.name, file)
        if table is None:
            self.out.found_at(file, 1, 1, findings.unknown_table(sheet, [*self.rows.vocabulary.kinds, *CSV_TABLES]))
            return []
        from openpyxl.cell.read_only import EMPTY_CELL

        stated = values.max_column
        if isinstance(stated, int) and stated > MAX_SHEET_COLUMNS:
            self.out.report_at(file, 1, MAX_SHEET_COLUMNS + 1, "F261", "sheet_too_wide", table=quoted(table),
                               limit=MAX_SHEET_COLUMNS)
            return []
        values.reset_dimensions()
        if formulas is None:
            rows: Iterator = ((row, row) for row in values.iter_rows(max_col=MAX_SHEET_COLUMNS + 1))
        else:
            formulas.reset_dimensions()
            rows = zip(formulas.iter_rows(max_col=MAX_SHEET_COLUMNS + 1),
                       values.iter_rows(max_col=MAX_SHEET_COLUMNS + 1))
        columns: list[str] = []
        for number, (shown, stored) in enumerate(rows, start=1):
            if number == HEADER_ROW:
                columns = [self.name_of(file, table, index, f, v) for index, (f, v) in enumerate(zip(shown, stored))]
                break
        while columns and not columns[-1]:
            columns.pop()
        if not columns:
            self.out.report_at(file, HEADER_ROW, 1, "F262", "no_header", table=quoted(table), row=HEADER_ROW)
            return []
        ok, named = self.tables.header(file, table, columns, file.columns)
        layout = self.rows.layout.table(table)
        cells = [_column_cell(layout, table, c) for c in columns]

        def parsed() -> Iterator[tuple[int, int, dict[str, object]]]:
            """Each data row as {column: value} without blank cells, one at a time."""
            data = 0
            width = len(columns)
            for line, (shown, stored) in enumerate(rows, start=HEADER_ROW + 1):
                # the cells past the named columns, looked at one by one only when one of them holds something
                # (a row is padded to the most columns a sheet may have: 257 cells a row, most of them the filler)
                extra = [i for i in _filled_past(stored, width, EMPTY_CELL)
                         or (_filled_past(shown, width, EMPTY_CELL) if shown is not stored else ())]
                filled = bool(extra) or _any(stored[:width]) or (shown is not stored and _any(shown[:width]))
                if line > _EXCEL_ROWS or data >= MAX_CSV_ROWS and filled:
                    key = "sheet_too_many_rows"
                    self.out.report_at(file, line, 1, "F261", key, table=quoted(table), limit=MAX_CSV_ROWS)
                    return
                if not filled:
                    continue
                data += 1
                file.lines.append(line)
                row: dict[str, object] = {}
                for index in [*range(min(width, len(stored))), *extra]:
                    formula, value = shown[index], stored[index]
                    raw = self.value_of(file, table, data, index, formula, value,
                                        cells[index] if index < len(cells) else Cell.TEXT)
                    if raw is None or raw == "":
                        continue
                    if index >= MAX_SHEET_COLUMNS:
                        self.out.report(file, (table, data, index), "F261", "sheet_too_wide", table=quoted(table),
                                        limit=MAX_SHEET_COLUMNS)
                    elif index >= len(columns) or not columns[index]:
                        self.out.report(file, (table, data, index), "F106", "unnamed_column",
                                        text=quoted(clip(str(raw), 40)))
                    elif named[index]:
                        if table == "units" and columns[index] not in UNIT_COLUMNS and not isinstance(raw, str):
                            self.out.bad(FilePlace(file, (table, data)), wrong_type(columns[index], "text", raw),
                                         columns[index])  # an attribute (tỉnh = …) is a name
                            continue
                        row[columns[index]] = raw
                yield data, line, row

        if not ok:
            for _ in parsed():  # still report what the rows hold in columns without a name
                pass
            return []
        return [self.tables.csv_facts(file, table, parsed())]

    def name_of(self, file: SheetFile, table: str, index: int, formula, value) -> str:
        """A column's name in the header row: its text, trimmed ("" for a blank)."""
        raw = cell_value(value.value, None, Cell.NAME)
        if raw is None:
            return ""
        if isinstance(raw, str):
            return raw
        self.out.bad(FilePlace(file, (table, 0, index)), wrong_type("header", "name", raw))
        return ""

    def value_of(self, file: SheetFile, table: str, row: int, index: int, formula, value, cell: Cell) -> object:
        """The value of one cell (`cell_value`), or None; a formula without its value and an error are F263."""
        at = (table, row, index)
        if getattr(value, "data_type", None) == "e":
            self.out.report(file, at, "F263", "error_value", item=_item(file, index), text=quoted(value.value))
            return None
        if getattr(formula, "data_type", None) == "f" and value.value is None:
            self.out.report(file, at, "F263", "formula_without_value", item=_item(file, index),
                            text=quoted(clip(str(formula.value), 40)))
            return None
        raw = value.value
        if raw is None:
            return None
        return cell_value(raw, getattr(value, "number_format", None), cell)


def _item(file: SheetFile, index: int) -> str:
    """How a message names a column: its name, or its letter when it has none."""
    name = next((n for n, i in file.columns.items() if i == index), None)
    return name if name is not None else column_letters(index + 1)


def _column_cell(layout, table: str, column: str) -> Cell:
    """What a column's cells hold (a condition or attribute column the layout does not list: text)."""
    found = layout.column(column) if layout is not None else None
    return found.cell if found is not None else Cell.TEXT


def _filled_past(cells, width: int, empty) -> list[int]:
    """The indices past `width` of the cells of a row holding something (a value, a formula): none, at C speed,
    when they are all the reader's filler `empty`."""
    past = cells[width:]
    if all(map(operator.is_, past, repeat(empty))):  # by identity: a cell's own == reads attributes the filler lacks
        return []
    return [i for i, cell in enumerate(past, start=width) if _any((cell,))]


def _has_formulas(data: bytes) -> bool:
    """Does a sheet of the workbook hold a formula (an <f> element)? Read from the sheets' XML, already vetted."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for entry in archive.infolist():
            if entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml"):
                if _FORMULA.search(archive.read(entry)) is not None:
                    return True
    return False


_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")


def _any(cells) -> bool:
    """Does a row hold anything (a formula, a value: a blank text is nothing)?"""
    for cell in cells:
        value = cell.value
        if value is not None and not (isinstance(value, str) and not value.strip()):
            return True
    return False


def _vetted(data: bytes) -> tuple[str, str, dict] | None:
    """Why a workbook is refused before it is unpacked (code, message, arguments), or None: not a zip, or a zip
    that unpacks to more than `MAX_XLSX_UNZIPPED` bytes or holds more than `MAX_XLSX_ENTRIES` files."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        return "F260", "not_workbook", {"reason": clip(str(error) or type(error).__name__, 120)}
    if len(entries) > MAX_XLSX_ENTRIES or sum(e.file_size for e in entries) > MAX_XLSX_UNZIPPED:
        return "F261", "workbook_too_large", {"limit": MAX_XLSX_UNZIPPED, "entries": MAX_XLSX_ENTRIES}
    return None
