"""A facts text file being read (TOML or CSV): its NFC text, and where each of its parts is.

A reader records, as it goes, where each key, table, array element, row and
cell starts; a diagnostic then turns a path into file:line:column and the
offending line, from the text already in memory — never re-reading the file.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from ..base.source import Span

__all__ = ["CsvPlaces", "TextFile", "cell_starts", "dotted"]


class TextFile:
    """One facts file being read: its name, NFC text, and where its parts are."""

    def __init__(self, name: str, text: str):
        self.name = name
        self.text = text
        self.where: dict[tuple, int] = {}
        self.values: dict[tuple, int] = {}  # where the value of a key (or a CSV cell) starts
        self.starts = [0, *(found.end() for found in re.finditer("\n", text))]
        self.table: CsvPlaces | None = None  # a CSV file's rows, placed on demand
        self.broken = False  # a CSV file that is not CSV, or too long: nothing else is reported of it

    def offset(self, path: tuple) -> int | None:
        """Where `path` is: a TOML key, table or array element, or a CSV row or cell; None when unknown."""
        found = self.where.get(path)
        if found is None and self.table is not None:
            found = self.table.offset(self, path)
        return found

    def span(self, line: int, column: int) -> Span:
        """The place of a diagnostic at `line` and `column` (a spreadsheet's sheet gives a cell's)."""
        return Span(self.name, line, column, line, column + 1)

    def line_named(self, line: int) -> str:
        """Line `line` as a hint names it: file:line."""
        return f"{self.name}:{line}"

    def line_text(self, line: int) -> str | None:
        if not 1 <= line <= len(self.starts):
            return ""
        start = self.starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start : end if end >= 0 else len(self.text)].rstrip("\r")

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def place(self, path: tuple, value: bool = False) -> tuple[int, int]:
        """(line, column) of `path` (of its value when `value`), or of its longest prefix that has a place."""
        if value and path in self.values:
            return self.position(self.values[path])
        for cut in range(len(path), 0, -1):
            offset = self.offset(path[:cut])
            if offset is not None:
                return self.position(offset)
        return 1, 1

    def line_of(self, path: tuple) -> int | None:
        for cut in range(len(path), 0, -1):
            offset = self.offset(path[:cut])
            if offset is not None:
                return self.position(offset)[0]
        return None


class CsvPlaces:
    """Where the rows and cells of a CSV file are, worked out only for the few a diagnostic names.

    Paths are (table, row) and (table, row, column), the header being row 0
    and a column named or (unnamed, or a name given twice) numbered from 0.
    Keeping one line number a row, not an offset a cell, is what lets a large
    table load in bounded memory.
    """

    def __init__(self, name: str, delimiter: str):
        self.name = name
        self.delimiter = delimiter
        self.lines: list[int] = []  # row -> its first line (1-based)
        self.several: set[int] = set()  # rows over several lines (a quoted newline): placed at their start
        self.columns: dict[str, int] = {}  # column name -> the index of its first occurrence
        self._cells: tuple[int, list[int]] = (-1, [])  # the last row whose cells were placed, and where they start

    def offset(self, file: TextFile, path: tuple) -> int | None:
        if len(path) < 2 or path[0] != self.name or not isinstance(path[1], int) or not 0 <= path[1] < len(self.lines):
            return None
        start = file.starts[self.lines[path[1]] - 1]
        if len(path) == 2:
            return start
        key = path[2]
        index = key if isinstance(key, int) else self.columns.get(key)
        if index is None or len(path) > 3:
            return None
        if path[1] in self.several:
            return start
        if self._cells[0] != path[1]:  # the cells of a row once, not once per cell named: a header of
            # 100,000 columns was rescanned for each unknown one
            self._cells = (path[1], cell_starts(file.line_text(self.lines[path[1]]), self.delimiter))
        cells = self._cells[1]
        return start + cells[index] if index < len(cells) else start


def dotted(path: Sequence) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def cell_starts(line: str, delimiter: str) -> list[int]:
    """0-based offsets where each cell of a one-line CSV row starts."""
    starts, quoted = [0], False
    for index, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            starts.append(index + 1)
    return starts
