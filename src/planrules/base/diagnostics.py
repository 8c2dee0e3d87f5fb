"""Diagnostics and the exceptions that carry them, in Vietnamese and English.

Every stage reports problems as `Diagnostic`s: a code, a severity, a message
and hints (each a catalogue key with arguments, rendered in either
language), and a `Span`. A stage collects all of them, then raises one
`PlanError` carrying the list, so a user sees every mistake in a file in one
run. Rendering shows the place, the offending line and a caret under it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from typing import ClassVar

from attrs import field, frozen

from .messages import MESSAGES as CATALOGUE
from .source import Span

LANGUAGES = ("en", "vi")

# The families of diagnostic codes: each letter, the numbers it may use and what it is about
# (docs/checks.md, docs/facts.md, docs/scenarios.md, docs/documents.md). A new family is declared here;
# tests/test_messages.py keeps every code planrules writes inside one.
CODE_FAMILIES: dict[str, tuple[int, int, str]] = {
    "E": (0, 199, "reading a plan file, its syntax and values"),
    "R": (200, 299, "names a plan uses (resolving)"),
    "C": (300, 399, "compiling a plan for a command"),
    "I": (300, 399, "inheritance between plans"),
    "L": (400, 499, "lint of one plan"),
    "P": (500, 599, "the library of plans"),
    "S": (0, 99, "silences"),
    "F": (100, 299, "facts and registers, and their fit to a plan"),
    "T": (100, 199, "scenario files"),
    "H": (700, 799, "the calendar"),
    "D": (600, 639, "Word and Excel documents: an assignment table imported and exported"),
}



class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def label(self, lang: str = "en") -> str:
        """The word a message starts with: "warning", or "cảnh báo" in Vietnamese."""
        return self.value if lang != "vi" else _SEVERITY_VI[self.value]

    @property
    def rank(self) -> int:
        """0 info, 1 warning, 2 error: what `--min-severity` compares."""
        return ("info", "warning", "error").index(self.value)


_SEVERITY_VI = {"error": "lỗi", "warning": "cảnh báo", "info": "thông tin"}

# A diagnostic shows at most this many characters of its line, around the caret: a
# finding on a 1 MB line must not keep (nor print) the whole line, once per finding.
LINE_WINDOW = 160
# Findings of one code in one file listed at most; past it, one "… and N more" closes them.
MAX_FINDINGS_PER_CODE = 100


def line_window(text: str, column: int) -> tuple[str, int]:
    """At most `LINE_WINDOW` characters of `text` around `column`, and how many columns they are shifted.

    A cut end is shown as "…". The character at 1-based `column` is at
    `column - shift` in the window, so the caret stays under it.
    """
    if len(text) <= LINE_WINDOW:
        return text, 0
    start = max(0, min(column - 1 - LINE_WINDOW // 3, len(text) - LINE_WINDOW))
    end = start + LINE_WINDOW
    head = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    inner = start + len(head)
    return head + text[inner:end - len(tail)] + tail, inner - len(head)


@frozen
class Message:
    """A catalogue key and its arguments; rendered in the reader's language.

    An argument is a string, or an (English, Vietnamese) pair when the
    argument itself is words ("end of file" / "hết tệp").
    """

    key: str
    args: tuple[tuple[str, str | tuple[str, str]], ...] = ()

    catalogue: ClassVar[dict[str, tuple[str, str]]] = CATALOGUE

    @classmethod
    def of(cls, key: str, **args: object) -> "Message":
        return cls(key, Message.arguments(args))

    @staticmethod
    def arguments(args: Mapping[str, object]) -> tuple[tuple[str, str | tuple[str, str]], ...]:
        """`args` as a message holds them: sorted by name, each a string or an (English, Vietnamese) pair.

        A value that is neither but can be called is a wording left for later (`evaluation.verdicts.Later`):
        it is called, and what it gives is held.
        """
        # Written out (no generator): the explanations of a national evaluation's verdicts, when
        # a report words them, pass here once a sentence.
        items = []
        for name in sorted(args):
            v = args[name]
            kind = type(v)
            if kind is not str and kind is not tuple and callable(v):
                v = v()
                kind = type(v)
            if kind is str:
                items.append((name, v))
            elif kind is tuple:
                items.append((name, (str(v[0]), str(v[1]))))  # type: ignore[index]
            else:
                items.append((name, str(v)))
        return tuple(items)

    def text(self, lang: str = "en") -> str:
        english, vietnamese = self.catalogue[self.key]
        template = vietnamese if lang == "vi" else english
        args = {k: (v[1] if lang == "vi" else v[0]) if isinstance(v, tuple) else v for k, v in self.args}
        return template.format(**args)


@frozen
class Diagnostic:
    """One problem (or note) found in a file, with its place and its line."""

    code: str
    message: Message
    span: Span | None = None
    severity: Severity = Severity.ERROR
    hints: tuple[Message, ...] = ()
    # The line shown under the message: only a window of it around the caret (`line_window`),
    # `line_shift` columns to the left of the line's own columns.
    line_text: str | None = field(default=None, eq=False)
    line_shift: int = field(default=0, eq=False)

    def __attrs_post_init__(self) -> None:
        if self.line_text is not None and len(self.line_text) > LINE_WINDOW:
            column = self.span.column if self.span is not None else 1
            text, shift = line_window(self.line_text, column)
            object.__setattr__(self, "line_text", text)
            object.__setattr__(self, "line_shift", shift)

    def render(self, lang: str = "en") -> str:
        """The finding as a terminal shows it: place, message, the line with a caret, hints. Every control
        character of what a file gave (a unit's name, the line itself) is written as its escape (`visible`)."""
        severity = self.severity.label(lang)
        where = f"{visible(str(self.span))}: " if self.span else ""
        out = [f"{where}{severity}[{self.code}]: {visible(self.message.text(lang))}"]
        if self.span is not None and self.line_text is not None:
            number = str(self.span.line)
            pad = " " * len(number)
            width = 1
            if self.span.end_line == self.span.line and self.span.end_column > self.span.column:
                width = self.span.end_column - self.span.column
            caret = max(0, self.span.column - 1 - self.line_shift)
            width = max(1, min(width, len(self.line_text) - caret))
            line = self.line_text.replace("\t", " ")  # a tab is a column, as the caret counts it
            before, marked = visible(line[:caret]), visible(line[caret:caret + width])
            out.append(f" {number} | {visible(line)}")
            out.append(f" {pad} | {' ' * len(before)}{'^' * max(1, len(marked))}")
        label = "gợi ý" if lang == "vi" else "hint"
        out.extend(f"  {label}: {visible(hint.text(lang))}" for hint in self.hints)
        return "\n".join(out)


_INVISIBLE = {c: f"\\u{c:04x}" for c in (*range(0x20), *range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F,
                                         *range(0x202A, 0x202F), *range(0x2066, 0x206A))}
"""Characters a terminal acts on or reorders rather than shows: C0 and C1 controls (an escape sequence
recolours or rewrites the screen, a newline forges a line) and the bidirectional marks (text shown other than
it is read), each written as its escape, as a TOML string writes it."""


_INVISIBLE_BUT_SPACES = {c: e for c, e in _INVISIBLE.items() if not chr(c).isspace()}


def visible(text: str, *, spaces: bool = False) -> str:
    """`text` with every control character and bidirectional mark written as its escape (`\\u001b`): what a
    facts file, a database or a plan names reaches a terminal as text, never as a command to it. `spaces`
    keeps those that are whitespace (a newline, a tab), for text that is wrapped or laid out after."""
    return text.translate(_INVISIBLE_BUT_SPACES if spaces else _INVISIBLE)


def stands_for(d: Diagnostic) -> int:
    """How many findings `d` counts for: a closing "… and N more" note N, any other finding 1.

    Totals and per-code summaries count findings, not lines listed: a note
    left out of a count would make 1 of the 1,899 findings it stands for.
    """
    if d.message.key == "more_findings":
        return int(dict(d.message.args)["count"])
    return 1


def capped(diagnostics: Iterable[Diagnostic], limit: int = MAX_FINDINGS_PER_CODE,
           located: Callable[[Diagnostic], Diagnostic] | None = None) -> list[Diagnostic]:
    """The first `limit` of `diagnostics` of each code in each file, then one "… and N more" of each code cut.

    Reads `diagnostics` lazily and keeps only what it lists, so a plan with a
    million findings costs the memory of the listed ones. `located` (e.g.
    pointing a finding at its name) runs only on those; with it, an item may
    be anything with a `code`, a `span` and a `severity` that `located` makes
    a `Diagnostic` of (the resolver's findings, whose hints cost difflib). The closing note has
    the code and the most severe severity of what it stands for, at the first
    finding left out, so exit codes still see it. A note already among
    `diagnostics` (findings capped once, then sorted) is folded into this one:
    capping twice lists no more and counts no fewer than capping once.
    """
    kept: list[Diagnostic] = []
    counts: dict[tuple[str, str], int] = {}
    dropped: dict[tuple[str, str], tuple[Diagnostic, int, Severity]] = {}
    for d in diagnostics:
        key = (d.span.file if d.span else "", d.code)
        note = isinstance(d, Diagnostic) and d.message.key == "more_findings"
        seen = counts.get(key, 0)
        if not note:
            counts[key] = seen + 1
            if seen < limit:
                kept.append(located(d) if located is not None else d)
                continue
        first, count, severity = dropped.get(key, (d, 0, d.severity))
        if note and _place(d) < _place(first):
            first = d
        dropped[key] = (first, count + (stands_for(d) if note else 1), min(severity, d.severity, key=_RANK.index))
    for (_, code), (first, count, severity) in dropped.items():
        message = Message.of("more_findings", count=count, code=code, limit=limit)
        kept.append(Diagnostic(code, message, first.span, severity))
    return kept


_RANK = [Severity.ERROR, Severity.WARNING, Severity.INFO]


def _place(d) -> tuple[int, int]:
    return (d.span.line, d.span.column) if d.span is not None else (0, 0)


class PlanError(Exception):
    """Base of every error planrules raises about a user's input.

    `.diagnostics` lists every problem found, not only the first.
    """

    def __init__(self, diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]):
        self.diagnostics = tuple(diagnostics)
        super().__init__(self.render("en"))

    def render(self, lang: "str | Callable[[Diagnostic], str]" = "en", limit: int = 50) -> str:
        """The diagnostics, in `lang`, or each in the language `lang(diagnostic)` gives (its file's)."""
        language = lang if callable(lang) else (lambda _: lang)
        shown = [d.render(language(d)) for d in self.diagnostics[:limit]]
        rest = sum(stands_for(d) for d in self.diagnostics[limit:])  # a capped code's note, all it stands for
        if rest > 0:
            said = language(self.diagnostics[limit])
            shown.append(f"… và {rest} lỗi khác" if said == "vi" else f"… and {rest} more")
        return "\n".join(shown)


class PlanSyntaxError(PlanError):
    """The text of a `.plan` file does not follow the grammar."""


class PlanLoadError(PlanError):
    """A `.plan` file or folder cannot be read (missing, not UTF-8, empty folder)."""


class DocumentError(PlanError):
    """A Word or Excel document that cannot be read as a plan's assignment table (D6xx): not a document of its
    kind, too large once unpacked, or without the table; each problem located by table, row and column."""


class FactsError(PlanError):
    """Facts that cannot be used: unreadable, ill-typed, contradictory or unknown to the plan.

    Raised before anything is evaluated; `.diagnostics` lists every problem,
    each naming the fact and its place (file, table, row).
    """


class OutputTargetError(PlanError):
    """A report's tables cannot be written where `--output` says (F255–F257): the target is then as it was."""
