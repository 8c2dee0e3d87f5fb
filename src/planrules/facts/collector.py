"""The collector: every problem found while reading facts files, placed in its file.

A reader reports a problem at a path (keys and positions, as it walks the file);
the collector turns it into a located diagnostic — file:line:column, the line
and a caret — from the places the readers recorded (`TextFile`), and keeps
where each fact was read, so that the checks across facts can point at them.
At most `MAX_FINDINGS_PER_CODE` findings of a code are listed per file; the
rest become one "… and N more" note.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..base.diagnostics import MAX_FINDINGS_PER_CODE, Diagnostic, Message, Severity
from ..base.files import Refused
from ..base.source import Span
from .findings import Finding
from .messages import facts_message
from .model import Origin
from .text_file import TextFile
from .values import BadValue

__all__ = ["BAD", "Collector"]

BAD = object()  # a value that could not be read (already reported)


class Collector:
    """The diagnostics of one load, and where each fact was read."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []
        self.counts: dict[tuple[str, str], int] = {}  # (file, code) -> findings met (`_past_cap`)
        self.files: dict[str, TextFile] = {}
        self.order: dict[str, int] = {}  # file or path name -> its rank, for sorting diagnostics
        self.places: dict[int, tuple[TextFile, tuple]] = {}  # id(fact) -> where it was read
        # id(fact) of facts read with a problem (already reported), kept with the parts that could be
        # read so that the rest of them is still checked (their dates, ids, units, tasks): never returned
        self.partial: set[int] = set()

    def report(self, file: TextFile | None, path: tuple, code: str, message: str,
               hints: Sequence[Message] | Callable[[], Sequence[Message]] = (), /, *, at_value: bool = False,
               **args: object) -> None:
        """Report a problem at `path` in `file`; `hints` may be a function, called only for a finding listed."""
        if callable(hints) and file is None:
            hints = hints()
        if file is None:  # a path that cannot be read: its place is the path itself
            name = str(args.get("path", "")) or None
            span = Span(name, 1, 1, 1, 2) if name else None
            self.diagnostics.append(
                Diagnostic(code, facts_message(message, **args), span, Severity.ERROR, tuple(hints))
            )
            return
        if self._past_cap(file, code):
            return
        line, column = file.place(path, at_value)
        self._add(file, line, column, code, message, hints() if callable(hints) else hints, **args)

    def found(self, file: TextFile, path: tuple, finding: Finding, *, at_value: bool = False) -> None:
        """Report `finding` (a problem worded by `findings`) at `path` in `file`."""
        self.report(file, path, finding.code, finding.key, finding.hints, at_value=at_value, **dict(finding.args))

    def fact_found(self, fact: object, finding: Finding, *, part: str | None = None) -> None:
        """Report `finding` at a fact read earlier, or (`part`) at the value of one of its keys."""
        self.report_fact(fact, finding.code, finding.key, finding.hints, part=part, **dict(finding.args))

    def _past_cap(self, file: TextFile, code: str) -> bool:
        """Count a finding of `code` in `file`; True (only counted) past `MAX_FINDINGS_PER_CODE` of them.

        A CSV header of 100,000 unknown columns is 100,000 F111: listing (and
        placing, and keeping the line of) each cost minutes. The rest is one
        "… and N more" note (`more_findings`), added when loading ends.
        """
        key = (file.name, code)
        count = self.counts.get(key, 0) + 1
        self.counts[key] = count
        return count > MAX_FINDINGS_PER_CODE

    def discard(self, file: TextFile, mark: int) -> None:
        """Forget the findings about `file` since `mark` but the last, listed or only counted.

        The cap counts a finding as it is reported; what a file that turns out not
        to be CSV had found before must not be closed by a "… and N more" of
        findings no longer listed (nor crash looking for the last one listed).
        """
        del self.diagnostics[mark:-1]
        for key in [key for key in self.counts if key[0] == file.name]:
            self.counts[key] = sum(1 for d in self.diagnostics if d.code == key[1] and d.span
                                   and d.span.file == file.name)

    def report_at(self, file: TextFile, line: int, column: int, code: str, message: str,
                  hints: Sequence[Message] = (), /, **args: object) -> None:
        if not self._past_cap(file, code):
            self._add(file, line, column, code, message, hints, **args)

    def found_at(self, file: TextFile, line: int, column: int, finding: Finding) -> None:
        """Report `finding` at `line` and `column` of `file` (a problem of the file as a whole: its first line)."""
        self.report_at(file, line, column, finding.code, finding.key, finding.hints, **dict(finding.args))

    def _add(self, file: TextFile, line: int, column: int, code: str, message: str,
             hints: Sequence[Message] = (), /, **args: object) -> None:
        span = Span(file.name, line, column, line, column + 1)
        self.diagnostics.append(
            Diagnostic(code, facts_message(message, **args), span, Severity.ERROR, tuple(hints),
                       file.line_text(line))
        )

    def more(self) -> list[Diagnostic]:
        """One "… and N more" note per file and code past the cap, at the last one listed."""
        notes = []
        for (name, code), count in self.counts.items():
            if count > MAX_FINDINGS_PER_CODE:
                last = next(d for d in reversed(self.diagnostics) if d.code == code and d.span and d.span.file == name)
                message = Message.of("more_findings", count=count - MAX_FINDINGS_PER_CODE, code=code,
                                     limit=MAX_FINDINGS_PER_CODE)
                notes.append(Diagnostic(code, message, last.span, Severity.ERROR))
        return notes

    def bad(self, file: TextFile, path: tuple, error: BadValue) -> object:
        self.report(file, path, error.code, error.message, error.hints, at_value=True, **error.args_)
        return BAD

    def read(self, file: TextFile, path: tuple, reader, *args, **kwargs) -> Any:
        try:
            return reader(*args, **kwargs)
        except BadValue as error:
            return self.bad(file, path, error)

    def origin(self, file: TextFile, table: str, row: int | None, path: tuple) -> Origin:
        return Origin(file.name, table, row, file.line_of(path))

    def keep(self, fact: object, file: TextFile, path: tuple, *, partial: bool = False) -> None:
        self.places[id(fact)] = (file, path)
        if partial:
            self.partial.add(id(fact))

    def flagged(self, fact, partial: bool):
        """`fact`, marked partial when a problem of its row (a key, a cell) was reported."""
        if partial:
            self.partial.add(id(fact))
        return fact

    def whole(self, fact: object) -> bool:
        """Was `fact` read without a problem? (A partial one is only checked, never returned.)"""
        return id(fact) not in self.partial

    def report_fact(self, fact: object, code: str, message: str, hints: Sequence[Message] = (), /,
                    *, part: str | None = None, **args: object) -> None:
        """Report a problem with a fact read earlier, at the fact or (`part`) at the value of one of its keys."""
        file, path = self.places[id(fact)]
        if part is not None and (path + (part,) in file.values or file.offset(path + (part,)) is not None):
            self.report(file, path + (part,), code, message, hints, at_value=True, **args)
        else:
            self.report(file, path, code, message, hints, **args)

    def where_is(self, fact: object) -> str:
        """A fact's place, for hints: file:line."""
        file, path = self.places[id(fact)]
        line, _ = file.place(path)
        return f"{file.name}:{line}"

    def refused(self, refusal: Refused) -> None:
        """F101 for a path the file guard refused (`files`), placed on it and quoting none of it."""
        self.report(None, (), "F101", "unreadable", path=refusal.path, reason=refusal.reason)

