"""Diagnostics placed where a fact or a plan's declaration is: its file, its line, and the line's text.

The checks of facts against a plan (`fit`), the warnings of `RuleSet.gaps`
and the grouping of units (`rollup.grouping`) all point at a fact's
`Origin` or at a declaration's `Span`; they share these helpers so every
such diagnostic looks the same, and is sorted the same way (`by_place`).
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from ..base.diagnostics import Diagnostic, Message, Severity
from ..base.source import SheetSpan, Span
from ..facts import model as f
from ..facts.messages import FactsMessage

# A facts file is never larger (facts.loader.MAX_FACTS_BYTES): a larger one is not shown.
_MAX_SHOWN_FILE = 16 * 2**20


def by_place(d: Diagnostic) -> tuple:
    """The sort key of a located diagnostic: file, line, column (an unplaced one first)."""
    return (d.span.file, d.span.line, d.span.column) if d.span else ("", 0, 0)


def fact_diagnostic(code: str, message: Message, origin: f.Origin | None, hints=(),
                    tables: Callable[[str], str] | None = None) -> Diagnostic:
    """A diagnostic at the fact whose `origin` is given: its whole line, and the table (and row) it is in.

    `tables`: how the source names a table of an origin (`FactSource.shown_table`: a mapped table by the
    database's own name, `communes[2]` where the facts call it `units`, `provinces[1]` for `units:provinces`)."""
    if origin is None:
        return Diagnostic(code, message, None, hints=hints)
    line = origin.line or 1
    table = tables(origin.table) if tables is not None else origin.table
    place = FactsMessage.of("place", place=f"{table}" + (f"[{origin.row}]" if origin.row else ""))
    if SheetSpan.names_sheet(origin.file):  # a row of a workbook's sheet: its first cell, no line to show
        return Diagnostic(code, message, SheetSpan(origin.file, line, 1, line, 2), hints=(place, *hints))
    text = line_of(origin.file, line)
    return Diagnostic(code, message, Span(origin.file, line, 1, line, max(2, len(text) + 1)),
                      hints=(place, *hints), line_text=text)


def plan_warning(code: str, message: Message, span: Span | None) -> Diagnostic:
    """A warning about the plan at `span` (a declaration), with the line it points at."""
    text = line_of(span.file, span.line) if span is not None else None
    if span is not None and text is not None and span.end_line != span.line:
        span = Span(span.file, span.line, span.column, span.line, max(span.column + 1, len(text) + 1))
    return Diagnostic(code, message, span, Severity.WARNING, line_text=text)


@lru_cache(maxsize=64)
def _lines(file: str, stamp: tuple[int, int]) -> tuple[str, ...]:
    from ..base.files import Refused, read_file

    try:  # through the file guard: only a regular file, bounded, never a FIFO or a kernel file
        data, size = read_file(file, _MAX_SHOWN_FILE)
        return tuple(data.decode("utf-8").splitlines()) if size <= _MAX_SHOWN_FILE else ()
    except (Refused, UnicodeDecodeError):
        return ()


def line_of(file: str, line: int) -> str:
    """Line `line` of the file `file`, to show under a diagnostic; "" when it cannot be read.

    Only a regular file of a facts file's size is read (an origin may name
    anything, a device included), and again when it changed since.
    """
    try:
        status = Path(file).stat()
    except (OSError, ValueError):
        return ""
    if not stat.S_ISREG(status.st_mode) or status.st_size > _MAX_SHOWN_FILE:
        return ""
    lines = _lines(file, (status.st_mtime_ns, status.st_size))
    return lines[line - 1] if 0 < line <= len(lines) else ""
