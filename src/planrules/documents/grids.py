"""Tables as the documents package holds them, whatever the file's kind: `Grid`s of `Cell`s read, an
`OfficialTable` to write, and the bounds every reader checks as it reads (`limits`).

A cell keeps where its merged region starts (`origin`), so a row continued
over a page break is not joined to a merged cell's own copy of itself.
"""

from __future__ import annotations

import re
import unicodedata

from attrs import frozen

from ..base.diagnostics import Diagnostic, DocumentError
from .limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS
from .messages import DocumentMessage

__all__ = ["Cell", "Grid", "OfficialTable", "cell_text", "check_size", "checked_cell", "fail", "office_package"]


@frozen
class Cell:
    """A cell's text (NFC, each line trimmed) and the (row, column) where its merged region starts, 1-based."""

    text: str
    origin: tuple[int, int]


@frozen
class Grid:
    """One table of a Word document (`kind` "table", named by its number) or one sheet of a workbook ("sheet",
    named by its name): `rows[i]` is the document's row i + 1."""

    file: str
    kind: str
    name: str
    rows: tuple[tuple[Cell, ...], ...]

    def where(self) -> DocumentMessage:
        return DocumentMessage.of("table_place" if self.kind == "table" else "sheet_place", table=self.name)

    def label(self) -> str:
        """The table in the draft's words (Vietnamese, as the document's): "bảng 1", "trang tính Phụ lục"."""
        return self.where().text("vi")

    def at_row(self, row: int) -> DocumentMessage:
        place = self.where()
        return DocumentMessage.of("row_place", table=(place.text("en"), place.text("vi")), row=row)

    def at_cell(self, row: int, column: int, header: str) -> DocumentMessage:
        place = self.where()
        return DocumentMessage.of("cell_place", table=(place.text("en"), place.text("vi")), row=row,
                                  column=column, header=header)


@frozen
class OfficialTable:
    """A table to write: the lines above it (the appendix's title), its header row and its rows of text."""

    title: tuple[str, ...]
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def office_package(module: str, package: str):
    """The module `module` of the `office` extra, imported; D604 naming `package` and the extra when it is
    not installed (`pip install -e .` installs no extra), rather than a traceback or a "damaged file"."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise fail("needs_office", package=package) from None


def fail(key: str, **args: object) -> DocumentError:
    """The error of a document that is not read at all (D600–D609 by `key`)."""
    return DocumentError([Diagnostic(_CODES[key], DocumentMessage.of(key, **args))])


_CODES = {"not_a_document": "D600", "unknown_suffix": "D600", "document_too_large": "D601", "unpacks_too_large": "D601",
          "too_many_parts": "D601", "table_too_many_rows": "D602", "too_many_columns": "D602", "cell_too_long": "D602",
          "no_table": "D603", "needs_office": "D604"}

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")


def cell_text(value: str) -> str:
    """A cell as read: NFC, line breaks of any kind as one newline, each line trimmed, empty lines dropped."""
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def check_size(file: str, place: DocumentMessage, rows: int, columns: int) -> None:
    """Refuse a table past `MAX_ROWS` or `MAX_COLUMNS` before its cells are read."""
    where = (place.text("en"), place.text("vi"))
    if rows > MAX_ROWS:
        raise fail("table_too_many_rows", file=file, place=where, limit=MAX_ROWS)
    if columns > MAX_COLUMNS:
        raise fail("too_many_columns", file=file, place=where, limit=MAX_COLUMNS)


def checked_cell(file: str, grid_place: DocumentMessage, row: int, text: str, origin: tuple[int, int]) -> Cell:
    if len(text) > MAX_CELL_CHARS:
        place = DocumentMessage.of("row_place", table=(grid_place.text("en"), grid_place.text("vi")), row=row)
        raise fail("cell_too_long", file=file, place=(place.text("en"), place.text("vi")), limit=MAX_CELL_CHARS)
    return Cell(cell_text(text), origin)


