"""Source text and places in it: the first stage every later one points back to.

A `Source` is a file's name and its NFC-normalised text. A `Span` is a place in
that text (1-based line and column, as editors count). Spans are kept beside
the data and left out of equality, so that the same plan saved in NFC or NFD,
or reformatted, compares equal.
"""

from __future__ import annotations

import gc
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager

from attrs import field, frozen


def normalize(text: str) -> str:
    """Return `text` in Unicode NFC, with a leading byte-order mark removed.

    Vietnamese is often saved decomposed (NFD: "ế" as e + two combining
    marks); keywords, names and carets only line up after composing.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    return unicodedata.normalize("NFC", text)


@frozen
class Span:
    """A place in a source file: where a clause, a token or an error is."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@frozen
class SheetSpan(Span):
    """A cell of a spreadsheet: `file` is the workbook and its sheet ("facts.xlsx:hội_nghị"), `line` the row
    and `column` the column's number, shown as a spreadsheet names a cell: facts.xlsx:hội_nghị!C7."""

    def __str__(self) -> str:
        return f"{self.file}!{column_letters(self.column)}{self.line}"

    @staticmethod
    def names_sheet(file: str) -> bool:
        """Is `file` a workbook's sheet, as a sheet's spans name it (a workbook's name, a colon, the sheet's)?"""
        return _SHEET.search(file) is not None


_SHEET = re.compile(r"\.xlsx:[^/\\]+$", re.IGNORECASE)


def column_letters(number: int) -> str:
    """A spreadsheet's name of column `number` (1-based): 1 is A, 27 is AA."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters or "A"


def span_field():
    """An attrs field for a `Span` that equality and repr ignore."""
    return field(default=None, eq=False, repr=False, kw_only=True)


@frozen
class Source:
    """A named, normalised text with a line index for turning offsets into places."""

    name: str
    text: str
    _line_starts: tuple[int, ...] = field(init=False, repr=False, eq=False)

    @_line_starts.default
    def _index_lines(self) -> tuple[int, ...]:
        return (0, *(m.end() for m in re.finditer("\n", self.text)))

    @classmethod
    def from_text(cls, text: str, name: str = "<string>") -> "Source":
        return cls(name=name, text=normalize(text))

    def line_text(self, line: int) -> str:
        """The text of 1-based `line`, without its newline ("" past the end)."""
        if line < 1 or line > len(self._line_starts):
            return ""
        start = self._line_starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start : end if end >= 0 else len(self.text)].rstrip("\r")

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(self.name, line, column, end_line, end_column)

    @property
    def line_count(self) -> int:
        return len(self._line_starts)


@contextmanager
def paused_gc(*, promote: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector while a large input is read into (acyclic) objects.

    A 10 MB plan or a 200,000-row facts table makes millions of objects, and
    the collector would walk all of them again and again: it doubles the
    time of reading them. Reference counting still frees everything; the
    collector is turned back on (if it was on) when reading ends.

    `promote`: what was made during the pause is kept by the caller (a national year's verdicts, a
    million objects), so the young collection that would follow at once would walk every one of them
    to free none (0.1–0.4 s of a repeat evaluation, bench/national.py). They are moved to the oldest
    generation instead (`gc.freeze` then `gc.unfreeze`: a list spliced, nothing walked), where the
    next full collection looks at them as at any long-lived object: a cycle left over is collected
    then, never leaked."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if promote:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
