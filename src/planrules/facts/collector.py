"""The collectors: every problem found while reading facts, turned from its origin into a located diagnostic.

The builder of facts (`fact_rows.FactReader`) reads a row of the layout from
any reader and reports what it finds through one interface, `Collector`: a
problem at a row's place, or at one column of it (`found`, `bad`, `read`), and
each fact built (`keep`), marked partial when a problem of its row was
reported. Two collectors implement it, one per kind of origin:

- `FileCollector`, for TOML and CSV files: a place is a path in a file
  (`FilePlace`: keys and positions, as a reader walks it), turned into
  file:line:column, the line and a caret from the places the readers recorded
  (`TextFile`) — never by reading the file again. It keeps where each fact was
  read, so that the checks across facts can point at them. At most
  `MAX_FINDINGS_PER_CODE` findings of a code are listed per file; the rest
  become one "… and N more" note;
- `table_problems.TableProblems`, for the table sources: a place is a table,
  a row and its unit (`table_problems.RowPlace`), said in a first hint.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from ..base.diagnostics import MAX_FINDINGS_PER_CODE, Diagnostic, Message, Severity
from ..base.files import Refused
from ..base.source import Span
from .findings import Finding
from .messages import facts_message
from .model import Origin
from .text_file import TextFile
from .values import BadValue

__all__ = ["BAD", "Collector", "FileCollector", "FilePlace"]

BAD = object()  # a value that could not be read (already reported)


class Collector:
    """Where the builder of facts reports: a problem at a row's place (`at`) or at one `column` of it.

    `found` and `bad` are each collector's own: how an origin becomes a place
    in a diagnostic.
    """

    def __init__(self) -> None:
        # id(fact) -> fact, for facts read with a problem (already reported), kept with the parts that could
        # be read so that the rest of them is still checked (their dates, ids, units, tasks): never returned.
        # Held here, so that no fact made later (a table's partial rows are dropped) is given a freed id
        self.partial: dict[int, object] = {}

    def found(self, at, finding: Finding, column: str | None = None) -> None:
        """Report `finding` (a problem worded by `findings`) at row place `at`, or at its `column`."""
        raise NotImplementedError

    def bad(self, at, error: BadValue, column: str | None = None) -> object:
        """Report a value the `values` readers refused, at its `column` of `at`; returns `BAD`."""
        raise NotImplementedError

    def read(self, at, column: str | None, reader, *args, **kwargs) -> Any:
        """`reader(*args, **kwargs)`, or `BAD` when it refuses the value (reported at its `column` of `at`)."""
        try:
            return reader(*args, **kwargs)
        except BadValue as error:
            return self.bad(at, error, column)

    def keep(self, fact: object, at, *, partial: bool = False) -> None:
        """`fact` was built from the row at `at`; `partial`: a problem of the row was reported."""
        self.flagged(fact, partial)

    def flagged(self, fact, partial: bool):
        """`fact`, marked partial when a problem of its row (a key, a cell) was reported."""
        if partial:
            self.partial[id(fact)] = fact
        return fact

    def whole(self, fact: object) -> bool:
        """Was `fact` read without a problem? (A partial one is only checked, never returned.)"""
        return id(fact) not in self.partial


class FilePlace(NamedTuple):
    """A place in a facts file: the path (keys and positions) a reader walked to it.

    A tuple, not an attrs class: one is made for each row of a file."""

    file: TextFile
    path: tuple

    def at(self, key: object) -> "FilePlace":
        return FilePlace(self.file, self.path + (key,))


class FileCollector(Collector):
    """The diagnostics of one load of files, and where each fact was read."""

    def __init__(self) -> None:
        super().__init__()
        self.diagnostics: list[Diagnostic] = []
        self.counts: dict[tuple[str, str], int] = {}  # (file, code) -> findings met (`_past_cap`)
        self.files: dict[str, TextFile] = {}
        self.order: dict[str, int] = {}  # file or path name -> its rank, for sorting diagnostics
        self.places: dict[int, FilePlace] = {}  # id(fact) -> where it was read

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

    def found(self, at: FilePlace, finding: Finding, column: str | None = None) -> None:
        path = at.path if column is None else at.path + (column,)
        self.report(at.file, path, finding.code, finding.key, finding.hints, **dict(finding.args))

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
        span = file.span(line, column)
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

    def bad(self, at: FilePlace, error: BadValue, column: str | None = None) -> object:
        path = at.path if column is None else at.path + (column,)
        self.report(at.file, path, error.code, error.message, error.hints, at_value=True, **error.args_)
        return BAD

    def origin(self, file: TextFile, table: str, row: int | None, path: tuple) -> Origin:
        return Origin(file.name, table, row, file.line_of(path))

    def keep(self, fact: object, at: FilePlace, *, partial: bool = False) -> None:
        self.places[id(fact)] = at
        super().keep(fact, at, partial=partial)

    def report_fact(self, fact: object, code: str, message: str, hints: Sequence[Message] = (), /,
                    *, part: str | None = None, **args: object) -> None:
        """Report a problem with a fact read earlier, at the fact or (`part`) at the value of one of its keys."""
        place = self.places[id(fact)]
        file, path = place.file, place.path
        if part is not None and (path + (part,) in file.values or file.offset(path + (part,)) is not None):
            self.report(file, path + (part,), code, message, hints, at_value=True, **args)
        else:
            self.report(file, path, code, message, hints, **args)

    def where_is(self, fact: object) -> str:
        """A fact's place, for hints: file:line (a sheet's row: facts.xlsx:counts!A7)."""
        place = self.places[id(fact)]
        line, _ = place.file.place(place.path)
        return place.file.line_named(line)

    def refused(self, refusal: Refused) -> None:
        """F101 for a path the file guard refused (`files`), placed on it and quoting none of it."""
        self.report(None, (), "F101", "unreadable", path=refusal.path, reason=refusal.reason)

