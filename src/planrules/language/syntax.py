"""Text -> plan model: the only module that imports Lark.

The grammar (grammar/plan.lark) is loaded once per process into an LALR
parser with the contextual lexer. `parse` normalises the text to NFC, parses
it, and builds `model.Plan` with a Lark `Transformer`. When the text has
syntax errors, every top-level statement is parsed on its own so that all
errors in the file are reported in one `PlanSyntaxError`, each with its
place, the expected input in words and, for the common mistakes, a hint.
No Lark exception leaves this module.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from bisect import bisect_right
from fractions import Fraction
from functools import lru_cache

from attrs import evolve
from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from . import model as m
from ..base.dates import YEARS, NoSuchDay, NoSuchMonth, YearOutside, days_in, read_date
from ..base.diagnostics import Diagnostic, PlanLoadError, PlanSyntaxError, Severity
from .keywords import KEYWORDS, language_of, spelling, spellings
from .messages import LanguageMessage
from ..base.resources import GRAMMAR, read
from ..base.source import Source, Span, paused_gc
from ..base.suggest import closest, likeness

# Every code this stage gives, and what it means (docs/language.md, "Errors").
CODES: dict[str, str] = {
    "E001": "a file cannot be read: missing, too large, not UTF-8",
    "E100": "the text does not follow the grammar",
    "E101": "a value that cannot be: an impossible date, a year out of range, a number too long",
    "E102": "a field given twice in one block",
}

_MAX_EXPECTED = 8

# Limits on hostile input (docs/architecture.md, "Hostile input and limits").
# Parsing costs under 1 s and about 55 MB of memory per MB of text, so the largest
# plan accepted is 16 MiB of UTF-8 (real plans are 3-30 KB); a larger one is
# refused before anything is parsed. A broken file reports at most
# MAX_ERRORS syntax errors: past that, reading on only costs time.
MAX_PLAN_BYTES = 16 * 2**20
MAX_ERRORS = 100
# The most digits a number may have (Python refuses to read more than 4300 anyway).
MAX_DIGITS = 100

# The escapes of quoted text (docs/language.md, "Quoted text"): \" \\ \n \t \r and \u{hex}. Any other
# backslash is an error, never silently the letter after it.
_ESCAPE = re.compile(r'\\(u\{[^{}"\\]*\}|.)')
_ESCAPED = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r"}


def check_size(size: int, name: str) -> None:
    """Raise `PlanLoadError` (E001) when a plan of `size` bytes is over `MAX_PLAN_BYTES`."""
    if size > MAX_PLAN_BYTES:
        raise PlanLoadError([Diagnostic(
            "E001", LanguageMessage.of("too_large", what=name, limit=MAX_PLAN_BYTES), Span(name, 1, 1, 1, 1),
        )])


def _utf8_size(text: str) -> int:
    """The size of `text` in UTF-8, without encoding it when the answer is plain."""
    if len(text) > MAX_PLAN_BYTES or 4 * len(text) <= MAX_PLAN_BYTES:
        return len(text)  # over the limit in characters already, or under it whatever the characters
    return len(text.encode("utf-8", "surrogatepass"))


@lru_cache(maxsize=1)
def parser() -> Lark:
    """The process-wide parser, built on first use from the shipped grammar.

    The grammar ships fixed, and tests/test_syntax.py builds it with
    strict=True, which proves it free of LALR conflicts and of terminal
    collisions. Re-proving the collisions at every start would cost over a
    second (interegular, when installed, turns ~80 regexes into automata),
    so the runtime build skips that one check.
    """
    import lark.lexer

    saved = lark.lexer.has_interegular
    lark.lexer.has_interegular = False
    try:
        return Lark(read(GRAMMAR), **PARSER_OPTIONS)
    finally:
        lark.lexer.has_interegular = saved


PARSER_OPTIONS = dict(
    start=["start", "task_body", "record_body"],
    parser="lalr",
    lexer="contextual",
    propagate_positions=True,
    maybe_placeholders=False,
)


def parse(text: str, source: str = "<string>") -> m.Plan:
    """Parse `.plan` text into a `Plan`; raise `PlanSyntaxError` listing every error.

    Text over `MAX_PLAN_BYTES` (in UTF-8) is refused with a `PlanLoadError`.
    """
    check_size(_utf8_size(text), source)
    src = Source.from_text(text, source)
    with paused_gc():
        builder = _Builder(src)
        statements = _statements_by_piece(src, builder)
        if statements is None:
            try:
                tree = parser().parse(src.text, start="start")
            except UnexpectedInput as error:
                raise PlanSyntaxError(_recover(src, error)) from None
            except LarkError as error:  # pragma: no cover - grammar bugs only
                raise PlanSyntaxError([_internal(src, error)]) from None
            builder = _Builder(src)
            statements = builder.transform(tree)
            del tree
        plan = builder._plan(statements, _comments(src.text))
    if builder.diagnostics:
        raise PlanSyntaxError(sorted(builder.diagnostics, key=_position))
    return plan


# A large text is parsed a piece of about this many characters (256 Ki) at a time: Lark's tree takes
# about 100 bytes per byte of token-dense text (250,000 targets, 15.7 MB: 1.9 GB), and only
# one piece's tree is alive at once.
PIECE_CHARS = 1 << 18
_STATEMENT_START = re.compile(r"^[^\s}#]", re.MULTILINE)


def _statements_by_piece(src: Source, builder: "_Builder") -> list | None:
    """The statements of `src`, parsed piece by piece, or None to parse it whole.

    Pieces end where a line starts in column 1 with neither space, "}" nor
    "#" (a statement, as the formatter writes it). The grammar is LALR(1)
    without conflicts, so a token that starts a statement never continues
    one: pieces that each parse give the statements the whole text gives.
    When one does not (a statement cut by a line in column 1, or an error),
    the text is parsed whole, as ever, errors and recovery included. A text
    of one piece is parsed whole directly.
    """
    text = src.text
    if len(text) <= PIECE_CHARS:
        return None
    statements: list = []
    start = 0
    while start < len(text):
        cut = _STATEMENT_START.search(text, start + PIECE_CHARS) if start + PIECE_CHARS < len(text) else None
        end = cut.start() if cut else len(text)
        try:
            tree = parser().parse(text[start:end], start="start")
        except LarkError:
            builder.diagnostics.clear()
            return None
        statements += builder.transform(tree)
        del tree
        builder.line_offset += text.count("\n", start, end)
        start = end
    builder.line_offset = 0
    return statements


# ------------------------------------------------------------- recovery --


def _recover(src: Source, first: UnexpectedInput) -> list[Diagnostic]:
    """Parse each top-level statement alone, collecting every error.

    A statement starts on a line that begins in column 1 with something other
    than "}" or a comment (the formatter indents everything inside a block).
    Statements that parse are still built, to report their value errors
    (impossible dates and the like). After `MAX_ERRORS` syntax errors the
    rest of the file is left unchecked, with a note saying where that starts.
    """
    recovery = _Recovery(src)
    lines = recovery.lines
    starts = [
        i for i, line in enumerate(lines) if line[:1] not in ("", " ", "\t", "}", "#", "\r", "\f", "\u00a0")
    ]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)

    def built(tree: Tree, first_line: int) -> list[Diagnostic]:
        # Each statement's chunk as if parsed alone: a header given in two chunks is not "given twice" here.
        builder = _Builder(src, first_line)
        chunks: dict[int, list] = {}
        for statement in tree.children:
            line = first_line + (statement.meta.line if not statement.meta.empty else 1) - 1
            chunks.setdefault(bisect_right(starts, line), []).append(builder.transform(statement))
        for statements in chunks.values():
            builder._plan(statements, [])
        return builder.diagnostics

    def broken(first_line: int, end_line: int, error: UnexpectedInput) -> list[Diagnostic]:
        return _recover_block(recovery, first_line, end_line, error)

    bounds = list(zip(starts, starts[1:] + [len(lines)]))
    diagnostics = recovery.runs(bounds, "start", built, broken, first)
    if not any(d.code == "E100" for d in diagnostics):
        # The statements parse alone but not together: report the first error.
        diagnostics.append(_describe(src, first, 0))
    return sorted(dict.fromkeys(diagnostics), key=_position)  # not a set: ties keep one order, whatever the hash seed


class _Recovery:
    """Reading a broken file piece by piece, with a budget of `MAX_ERRORS` syntax errors."""

    def __init__(self, src: Source):
        self.src = src
        self.lines = src.text.split("\n")
        self.errors = 0
        self.stopped = False

    def runs(self, bounds: list[tuple[int, int]], start: str, built, broken,
             known: UnexpectedInput | None = None) -> list[Diagnostic]:
        """Parse the pieces `bounds` (line ranges, in order) from rule `start`, each as if alone.

        A run of pieces is tried together first; `built(tree, first_line)`
        gives the value errors of a run that parses. A run that fails is split
        where the error is: the pieces before it, the piece with it, the pieces
        after. (When the error is in the run's last piece, and cutting there
        already failed once, an earlier piece may be left open: halve.) A
        single piece that fails is `broken(first_line, end_line, error)`. So a
        large file with a few errors costs a few parses of it, not one parse
        per piece. `known` is the error of parsing all the pieces together,
        when the caller has it.
        """
        out: list[Diagnostic] = []
        firsts = [first for first, _ in bounds]
        pending = [(0, len(bounds), True)] if bounds else []  # runs still to read, the next one last
        while pending:
            low, high, cut_at_end = pending.pop()
            if self.errors >= MAX_ERRORS:
                if not self.stopped:
                    self.stopped = True
                    line = bounds[low][0] + 1
                    out.append(Diagnostic(
                        "E100", LanguageMessage.of("too_many_errors", count=self.errors),
                        Span(self.src.name, line, 1, line, 1), Severity.INFO, line_text=self.src.line_text(line),
                    ))
                break
            first_line, end_line = bounds[low][0], bounds[high - 1][1]
            text = "\n".join(self.lines[first_line:end_line])
            if not text.strip():
                continue
            try:
                if known is not None:
                    error, known = known, None
                    raise error
                tree = parser().parse(text, start=start)
            except UnexpectedInput as error:
                if high - low == 1:
                    before = self.errors  # a block's fields are read by a nested `runs`, which counts its own
                    found = broken(first_line, end_line, error)
                    self.errors = before + max(
                        self.errors - before, sum(d.code == "E100" and d.severity is Severity.ERROR for d in found)
                    )
                    out.extend(found)
                    continue
                line = first_line + (error.line if isinstance(error.line, int) and error.line > 0 else 1) - 1
                at = min(max(bisect_right(firsts, line) - 1, low), high - 1)
                if isinstance(error, UnexpectedEOF) or (
                    isinstance(error, UnexpectedToken) and error.token.type == "$END"
                ):
                    at = high - 1
                if at < high - 1 or cut_at_end:
                    parts = [(low, at, at < high - 1), (at, at + 1, True), (at + 1, high, True)]
                else:
                    middle = (low + high) // 2
                    parts = [(low, middle, True), (middle, high, True)]
                pending += reversed([part for part in parts if part[0] < part[1]])
                continue
            out.extend(built(tree, first_line))
        return out


def _recover_block(recovery: _Recovery, first: int, end: int, error: UnexpectedInput) -> list[Diagnostic]:
    """Errors of one broken statement; for a block ({ ... }), of each of its fields.

    The block's head is parsed with an empty body, then each field (a line
    starting with a keyword, plus the lines continuing it) as if alone.
    """
    src, lines = recovery.src, recovery.lines
    whole = [_describe(src, error, first)]
    head = lines[first]
    if "{" not in head or "}" in head:
        return whole
    # the block ends at the first "}" in column 1 (as the formatter writes it), else at the last "}"
    closing = next((i for i in range(first + 1, end) if lines[i].startswith("}")), None)
    if closing is None:
        closing = max((i for i in range(first + 1, end) if lines[i].strip().startswith("}")), default=None)
    try:
        tree = parser().parse(head[: head.index("{") + 1] + "}", start="start")
    except UnexpectedInput as head_error:
        return [_describe(src, head_error, first)]
    body_start = "task_body" if tree.children and tree.children[0].data == "task" else "record_body"
    body_end = closing if closing is not None else end

    def built(field_tree: Tree, first_line: int) -> list[Diagnostic]:
        builder = _Builder(src, first_line)
        builder.transform(field_tree)
        return builder.diagnostics

    def broken(first_line: int, end_line: int, field_error: UnexpectedInput) -> list[Diagnostic]:
        return [_describe(src, field_error, first_line)]

    found = recovery.runs(_fields(lines, first + 1, body_end), body_start, built, broken)
    if closing is None and not any(_position(d) == _position(whole[0]) for d in found):
        found.append(whole[0])  # the block is not closed (unless a field's error already says so there)
    return found or whole


def _fields(lines: list[str], first: int, end: int) -> list[tuple[int, int]]:
    """Line ranges of the fields in a block body: a field starts with a keyword or a name and ':'."""
    starts = []
    field = _field_start()
    for i in range(first, end):
        text = lines[i].strip().lower()
        if not text or text.startswith("#"):
            continue
        if field.match(text) or not starts:
            starts.append(i)
    return list(zip(starts, starts[1:] + [end]))


@lru_cache(maxsize=1)
def _field_start() -> re.Pattern[str]:
    """What starts a field in a block: any keyword spelling not running on into a letter or digit, or `name:`."""
    words = "|".join(re.escape(w) for w in sorted(_all_spellings(KEYWORDS), key=len, reverse=True))
    return re.compile(rf"(?:{words})(?![^\W_])|[^\W\d]\w*\s*(\"[^\"]*\"\s*)?:")


def _position(d: Diagnostic) -> tuple[int, int]:
    return (d.span.line, d.span.column) if d.span else (0, 0)


def _internal(src: Source, error: Exception) -> Diagnostic:
    return Diagnostic("E100", LanguageMessage.of("unexpected", found=type(error).__name__, expected="valid input"))


def _describe(src: Source, error: UnexpectedInput, line_offset: int) -> Diagnostic:
    """Turn a Lark error into a located diagnostic with the expected input in words."""
    line = (error.line if isinstance(error.line, int) and error.line > 0 else 1) + line_offset
    column = error.column if isinstance(error.column, int) and error.column > 0 else 1
    at_end = isinstance(error, UnexpectedEOF) or (
        isinstance(error, UnexpectedToken) and error.token.type == "$END"
    )
    if at_end:
        line = max(1, src.line_count)
        while line > 1 and not src.line_text(line).strip():
            line -= 1
        column = len(src.line_text(line)) + 1
    line_text = src.line_text(line)
    width = 1
    found_type: str | None = "$END"
    if isinstance(error, UnexpectedToken) and not at_end:
        expected = set(error.accepts or error.expected)
        width = max(1, len(str(error.token)))
        key, found, found_type = "unexpected", _found(error.token), error.token.type
    elif isinstance(error, UnexpectedCharacters):
        expected = set(error.allowed or ())
        key, found, found_type = "unexpected_char", repr(error.char), None
    else:
        expected = set(getattr(error, "expected", ()) or getattr(error, "accepts", ()) or ())
        key, found = "unexpected_eof", ("end of file", "hết tệp")
    message = LanguageMessage.of(key, found=found, expected=_expected_words(expected))
    hints = _hints(line_text[: column - 1], line_text[column - 1 :], expected, found_type)
    span = Span(src.name, line, column, line, column + width)
    return Diagnostic("E100", message, span, hints=tuple(hints), line_text=line_text)


def _found(token: Token) -> tuple[str, str]:
    kind, text = token.type, _excerpt(str(token))  # a 15 MB text in the wrong place is named by its start
    if kind.startswith("KW_"):
        return f'keyword "{text}"', f'từ khóa "{text}"'
    if kind == "NAME":
        return f'name "{text}"', f'tên "{text}"'
    if kind == "STRING":
        return f"text {text}", f"chuỗi {text}"
    return f'"{text}"', f'"{text}"'


_EXCERPT = 60


def _excerpt(text: str) -> str:
    """`text`, or its first and last characters around "…" when it is longer than a message should quote."""
    if len(text) <= _EXCERPT:
        return text
    return f"{text[:_EXCERPT - 10]}…{text[-9:]}"


_WORDS = {
    "NAME": ("a name", "một tên"),
    "STRING": ('a text in quotes "…"', 'một chuỗi trong ngoặc kép "…"'),
    "INT": ("a whole number", "một số nguyên"),
    "DECIMAL": ("a number", "một số"),
    "FRACTION": ("a number", "một số"),
    "HALF": ("a number", "một số"),
    "DATE_DMY": ("a date (dd/mm/yyyy)", "một ngày (dd/mm/yyyy)"),
    "DATE_ISO": ("a date (dd/mm/yyyy)", "một ngày (dd/mm/yyyy)"),
    "DAY_MONTH": ("a day and month (dd/mm)", "ngày và tháng (dd/mm)"),
    "ADDRESS": ("a section number such as II.4.b", "số mục, ví dụ II.4.b"),
    "QUARTER_NUM": ("a quarter (I-IV)", "một quý (I-IV)"),
    "$END": ("end of file", "hết tệp"),
}
_KEYWORD_ORDER = {name: i for i, name in enumerate(KEYWORDS)}


def _expected_words(expected: set[str]) -> tuple[str, str]:
    """The expected terminals in words, (English, Vietnamese); keywords first, in table order."""
    if len(expected) > 1:
        expected = expected - {"$END"}  # "or the input may end here" helps no one
    names = sorted(expected, key=lambda n: (_KEYWORD_ORDER.get(n, len(_KEYWORD_ORDER)), n))
    rendered = []
    for lang in ("en", "vi"):
        words: list[str] = []
        for name in names:
            if name in KEYWORDS:
                word = f'"{spelling(name, lang)}"'
            elif name in _WORDS:
                word = _WORDS[name][0 if lang == "en" else 1]
            else:
                literal = _literal(name)
                if literal is None:
                    continue
                word = f'"{literal}"'
            if word not in words:
                words.append(word)
        if _WORDS["DECIMAL"][0 if lang == "en" else 1] in words:  # "a number" covers "a whole number"
            words = [w for w in words if w != _WORDS["INT"][0 if lang == "en" else 1]]
        if len(words) > _MAX_EXPECTED:
            words = words[:_MAX_EXPECTED] + ["…"]
        joiner = " hoặc " if lang == "vi" else " or "
        if not words:
            rendered.append("nothing more" if lang == "en" else "không gì thêm")
        else:
            rendered.append(", ".join(words[:-1]) + joiner + words[-1] if len(words) > 1 else words[0])
    return rendered[0], rendered[1]


def _literal(terminal: str) -> str | None:
    try:
        pattern = parser().get_terminal(terminal).pattern
    except KeyError:
        return None
    return pattern.value if pattern.type == "str" else None


def _all_spellings(names) -> dict[str, str]:
    """Every accepted spelling (lower case) of the keywords `names` -> the terminal name.

    In table order, whatever the order of `names` (often a set): a spelling two
    keywords share ("by", "ngày") always names the same one.
    """
    out: dict[str, str] = {}
    for name in sorted(names, key=lambda n: (_KEYWORD_ORDER.get(n, len(_KEYWORD_ORDER)), n)):
        if name in KEYWORDS:
            for word in sorted(spellings(name)):
                out.setdefault(word, name)
    return out


def _hints(before: str, after: str, expected: set[str], found: str | None) -> list[LanguageMessage]:
    hints: list[LanguageMessage] = []
    if "COLON" in expected and found not in ("COLON", None) or ("COLON" in expected and after[:1] != ":"):
        keyword = _trailing_keyword(before)
        if keyword is not None:
            hints.append(LanguageMessage.of("hint_colon", keyword=f'"{keyword}"'))
    if found == "PERCENT" or after.startswith("%"):
        hints.append(LanguageMessage.of("hint_percent"))
    if expected & {"DATE_DMY", "DATE_ISO"} and re.match(r"\d+[-./]\d+", after):
        hints.append(LanguageMessage.of("hint_date"))
    keywords = {name for name in expected if name in KEYWORDS}
    if keywords and found in ("NAME", None, "ADDRESS") and after[:1].isalpha():
        suggestion = _suggest(after, keywords)
        if suggestion:
            hints.append(LanguageMessage.of("hint_keyword", suggestion=suggestion))
    if "STRING" in expected and found not in ("STRING", "$END") and after[:1] not in ('"', ""):
        hints.append(LanguageMessage.of("hint_quote"))
    if "RBRACE" in expected and found == "$END":
        hints.append(LanguageMessage.of("hint_brace"))
    return hints


def _trailing_keyword(before: str) -> str | None:
    words = before.rstrip().split()
    spellings = _all_spellings(KEYWORDS)
    for size in (4, 3, 2, 1):
        candidate = " ".join(words[-size:]).lower()
        if len(words) >= size and candidate in spellings:
            return " ".join(words[-size:])
    return None


def _suggest(after: str, keywords: set[str]) -> str | None:
    """The keyword spelling closest to the words at the error, in the writer's own spelling."""
    spellings = _all_spellings(keywords)
    words = re.findall(r"[^\W\d]+", after[:200].split(":")[0])[:4]  # the next words, not the rest of a long line
    best: tuple[float, str] | None = None
    for size in range(len(words), 0, -1):
        candidate = " ".join(words[:size]).lower()
        match = closest(candidate, spellings)
        if match is not None:
            score = likeness(candidate, match)
            if best is None or score > best[0]:
                best = (score, match)
    if best is None:
        return None
    vietnamese, english = KEYWORDS[spellings[best[1]]]
    exact = {vietnamese.lower(): vietnamese, english.lower(): english}
    return f'"{exact.get(best[1], best[1])}"'


# ------------------------------------------------------------- comments --

_COMMENT = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"|(#[^\n]*)')  # unrolled, as grammar/plan.lark's STRING


def _comments(text: str) -> list[tuple[int, str, bool]]:
    """Every `#` comment outside quoted text: (line, text after '#', blank line after)."""
    found: list[tuple[int, str, bool]] = []
    if "#" not in text:
        return found
    line, counted = 1, 0
    for match in _COMMENT.finditer(text):
        if match.group(1):
            line += text.count("\n", counted, match.start(1))
            counted = match.start(1)
            rest = text[match.end(1) : match.end(1) + 400].split("\n")
            detached = len(rest) > 2 and not rest[1].strip() and any(r.strip() for r in rest[2:])
            found.append((line, _as_written(match.group(1)), detached))
    return found


def _as_written(comment: str) -> str:
    """A comment's text as written: after "#" and the one space that usually follows it, trailing space dropped.

    Indentation inside the comment (an indented note, a table drawn in it) is
    kept, so `planrules fmt` writes it back as it was.
    """
    text = comment[1:]
    return (text[1:] if text.startswith(" ") else text).rstrip()


# -------------------------------------------------------------- builder --


def _kw(token) -> bool:
    return isinstance(token, Token) and token.type.startswith("KW_")


_FIELD_KEYWORD = {
    "number": "KW_PLAN", "title": "KW_TITLE", "issuer": "KW_ISSUER", "place": "KW_PLACE",
    "date": "KW_ISSUED", "signer": "KW_SIGNER", "signer_title": "KW_POSITION",
    "recipients": "KW_RECIPIENTS", "source_text": "KW_SOURCE_TEXT", "status": "KW_STATUS",
    "parents": "KW_PARENTS", "content": "KW_CONTENT", "deliverable": "KW_DELIVERABLE",
}


_NUMBERS = ("INT", "DECIMAL", "FRACTION")
_ZERO = {"INT": "0", "DECIMAL": "0.0", "FRACTION": "0/1"}


class _Builder:
    """Lark tree -> model. Value errors (a 31/02 date) are collected, not raised.

    Each grammar rule (or alias) has a method `rule(meta, children)` called
    with its children already built; tokens STRING and NAME have methods of
    their own. The walk is iterative, so no input can exhaust the stack.
    """

    def __init__(self, src: Source, line_offset: int = 0):
        self.src = src
        self.line_offset = line_offset
        self.diagnostics: list[Diagnostic] = []
        self._placed: set[Span] = set()  # where value errors were reported
        self._language: tuple[int, int, str] | None = None

    # -- helpers --

    def build(self, tree, comments: list[tuple[int, str, bool]]) -> m.Plan:
        return self._plan(self.transform(tree), comments)

    def transform(self, tree: Tree):
        """Build bottom-up without recursion: a stack of (tree, built children)."""
        stack: list[tuple[Tree, list]] = [(tree, [])]
        result = None
        while stack:
            node, built = stack[-1]
            if len(built) < len(node.children):
                child = node.children[len(built)]
                if isinstance(child, Tree):
                    stack.append((child, []))
                    continue
                token_method = getattr(self, child.type, None) if child.type in ("STRING", "NAME") else None
                if child.type in _NUMBERS and len(child) > MAX_DIGITS:
                    child = self._too_long(child)
                built.append(token_method(child) if token_method else child)
                continue
            stack.pop()
            value = getattr(self, node.data)(node.meta, built)
            if stack:
                stack[-1][1].append(value)
            else:
                result = value
        return result

    def _span(self, meta) -> Span | None:
        if meta is None or getattr(meta, "empty", True):
            return None
        o = self.line_offset
        return Span(self.src.name, meta.line + o, meta.column, meta.end_line + o, meta.end_column)

    def _token_span(self, token: Token) -> Span:
        o = self.line_offset
        return Span(
            self.src.name, token.line + o, token.column, token.end_line + o, token.end_column
        )

    def _error(self, token: Token, key: str, **args) -> None:
        span = self._token_span(token)
        if span in self._placed:  # one error for a token (a number too long is not a year too)
            return
        self._placed.add(span)
        self.diagnostics.append(
            Diagnostic("E101", LanguageMessage.of(key, **args), span, line_text=self.src.line_text(span.line))
        )

    def _too_long(self, token: Token) -> Token:
        """Report a number of more than MAX_DIGITS digits; read on with 0 in its place."""
        digits = sum(ch.isdigit() for ch in token)
        self._error(token, "too_many_digits", text=f"{token[:12]}…", count=digits, limit=MAX_DIGITS)
        return Token.new_borrow_pos(token.type, _ZERO[token.type], token)

    def _twice(self, what: str, span: Span | None, first: Span | None) -> None:
        """Report a field given a second time, pointing at the second."""
        self.diagnostics.append(
            Diagnostic(
                "E102",
                LanguageMessage.of(
                    "duplicate_header",
                    what=tuple(f'"{spelling(_FIELD_KEYWORD[what], lang)}"' for lang in ("en", "vi")),
                    line=first.line if first else "?",
                ),
                span,
                line_text=self.src.line_text(span.line) if span else None,
            )
        )

    def _plain(self, children):
        """Children without keyword tokens, noting which language keywords are in."""
        out = []
        for child in children:
            if _kw(child):
                lang = language_of(child.type, str(child))
                if lang is not None:
                    where = (child.line, child.column, lang)
                    if self._language is None or where < self._language:
                        self._language = where
            else:
                out.append(child)
        return out

    # -- terminals --

    # Strings are interned: plans copy their parent's text (paragraphs, names,
    # labels) word for word, so a library of thousands of plans holds each
    # repeated text once instead of once per plan.

    def STRING(self, token):
        body = token[1:-1]
        return sys.intern(self._unescape(token, body) if "\\" in body else body)

    def _unescape(self, token: Token, body: str) -> str:
        """`body` with its escapes read, composed (NFC) again, as all text is; an error at each bad escape."""

        def one(match: re.Match) -> str:
            escape = match.group(1)
            if escape in _ESCAPED:
                return _ESCAPED[escape]
            code = escape[2:-1] if escape.startswith("u{") else None
            if code is not None and 1 <= len(code) <= 6 and all(c in "0123456789abcdefABCDEF" for c in code):
                value = int(code, 16)
                if value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF:
                    return chr(value)
            key = "bad_unicode_escape" if code is not None else "unknown_escape"
            self._error_at(token, match.start() + 1, match.end() + 1, key, escape=match.group(0))
            return match.group(0)

        return unicodedata.normalize("NFC", _ESCAPE.sub(one, body))

    def _error_at(self, token: Token, start: int, end: int, key: str, **args) -> None:
        """An E101 at characters `start`..`end` of `token` (on its one line)."""
        line = token.line + self.line_offset
        span = Span(self.src.name, line, token.column + start, line, token.column + end)
        self._placed.add(span)
        self.diagnostics.append(
            Diagnostic("E101", LanguageMessage.of(key, **args), span, line_text=self.src.line_text(span.line))
        )

    def NAME(self, token):
        return sys.intern(str(token))

    # -- header --

    def _header(name):
        def method(self, meta, children):
            (value,) = self._plain(children)
            return ("header", name, value, self._span(meta))

        return method

    plan_number = _header("number")
    plan_title = _header("title")
    plan_issuer = _header("issuer")
    plan_place = _header("place")
    plan_date = _header("date")
    plan_signer = _header("signer")
    plan_signer_title = _header("signer_title")
    plan_recipients = _header("recipients")
    plan_source_text = _header("source_text")
    plan_parents = _header("parents")

    def plan_status(self, meta, children):
        status = m.PlanStatus.PARTIAL if children[-1].type == "KW_PARTIAL" else m.PlanStatus.COMPLETE
        self._plain(children)
        return ("header", "status", status, self._span(meta))

    def string_list(self, meta, children):
        return tuple(children)

    def basis(self, meta, children):
        kind = m.BasisKind.IMPLEMENTS if children[0].type == "KW_IMPLEMENTS" else m.BasisKind.BASIS
        parts = self._plain(children)
        number, description = parts[0], parts[-1]
        date = next((p for p in parts if isinstance(p, dt.date)), None)
        source = next((p for p in parts if isinstance(p, m.SourceRef)), None)
        return m.Basis(kind, number, description, date, source, span=self._span(meta))

    def dated(self, meta, children):
        return self._plain(children)[0]

    # -- units --

    def _named(self, children):
        parts = self._plain(children)
        source = next((p for p in parts if isinstance(p, m.SourceRef)), None)
        rest = [p for p in parts if not isinstance(p, m.SourceRef)]
        return rest, source

    def unit(self, meta, children):
        (name, label), source = self._named(children)
        return m.Unit(name, label, m.UnitKind.UNIT, source=source, span=self._span(meta))

    def role(self, meta, children):
        (name, label), source = self._named(children)
        return m.Unit(name, label, m.UnitKind.ROLE, source=source, span=self._span(meta))

    def group(self, meta, children):
        parts, source = self._named(children)
        name, label, members = (*parts, ())[:3]
        if members is None:
            return m.Unit(name, label, m.UnitKind.GROUP, all_units=True, source=source, span=self._span(meta))
        return m.Unit(name, label, m.UnitKind.GROUP, members=members, source=source, span=self._span(meta))

    def all_units(self, meta, children):
        self._plain(children)
        return None

    def listed_units(self, meta, children):
        return tuple(children)

    def event_decl(self, meta, children):
        (name, label), source = self._named(children)
        return m.Event(name, label, source=source, span=self._span(meta))

    # -- vocabulary --

    def record_decl(self, meta, children):
        parts = self._plain(children)
        name = parts[0]
        label = parts[1] if len(parts) > 1 and isinstance(parts[1], str) else None
        fields = tuple(p for p in parts if isinstance(p, m.FieldDecl))
        return m.RecordKind(name, label, fields, span=self._span(meta))

    def field_decl(self, meta, children):
        parts = self._plain(children)
        name, ftype = parts[0], parts[-1]
        label = parts[1] if len(parts) == 3 else None
        kind, categories = ftype
        return m.FieldDecl(name, kind, label, categories, span=self._span(meta))

    def _type(kind):
        def method(self, meta, children):
            self._plain(children)
            return (kind, ())

        return method

    type_date = _type(m.FieldType.DATE)
    type_bool = _type(m.FieldType.BOOL)
    type_integer = _type(m.FieldType.INTEGER)
    type_days = _type(m.FieldType.DAYS)
    type_text = _type(m.FieldType.TEXT)
    type_unit = _type(m.FieldType.UNIT)

    def type_category(self, meta, children):
        return (m.FieldType.CATEGORY, tuple(self._plain(children)))

    def category(self, meta, children):
        return m.Category(children[0], children[1] if len(children) > 1 else None)

    def metric_decl(self, meta, children):
        parts = self._plain(children)
        label = parts[1] if len(parts) == 3 else None
        return m.Metric(parts[0], label, parts[-1], span=self._span(meta))

    def count_expr(self, meta, children):
        parts = self._plain(children)
        return m.CountOf(parts[0], parts[1] if len(parts) > 1 else ())

    def share_expr(self, meta, children):
        parts = self._plain(children)
        return m.ShareOf(parts[0], parts[1], parts[2] if len(parts) > 2 else ())

    def cut_expr(self, meta, children):
        return m.CutVsPreviousYear(self._plain(children)[0])

    def each_expr(self, meta, children):
        parts = self._plain(children)
        return m.EachRecord(parts[0], parts[1], parts[2] if len(parts) > 2 else None)

    def metric_name(self, meta, children):
        return m.MetricName(children[0])

    def condition(self, meta, children):
        return tuple(self._plain(children))

    def flag_is_set(self, meta, children):
        return m.FlagIsSet(children[0])

    def flag_not_set(self, meta, children):
        return m.FlagNotSet(self._plain(children)[0])

    def field_equals(self, meta, children):
        return m.FieldEquals(children[0], children[1])

    # -- clauses --

    def section(self, meta, children):
        (address, title), source = self._named(children)
        return m.Section(m.Address(path=str(address)), title, source, span=self._span(meta))

    def paragraph(self, meta, children):
        (address, text), source = self._named(children)
        return m.Paragraph(m.Address(path=str(address)), text, source, span=self._span(meta))

    def section_address(self, meta, children):
        return m.Address(path=str(children[0]))

    def row_address(self, meta, children):
        return m.Address(row=int(self._plain(children)[0]))

    def task(self, meta, children):
        parts = self._plain(children)
        address = parts[0]
        source = parts[1] if len(parts) > 1 and isinstance(parts[1], m.SourceRef) else None
        values: dict[str, list] = {}
        for kind, value, *span in (p for p in parts if isinstance(p, tuple)):
            if kind in values and span:  # content and deliverable are single
                self._twice(kind, span[0], values[kind][0][1])
            values.setdefault(kind, []).append((value, span[0]) if span else value)

        def one(kind):
            found = values.get(kind)
            return found[0][0] if found else None

        def many(kind):
            return tuple(x for chunk in values.get(kind, ()) for x in chunk)

        targets = tuple(m_ for m_ in many("target"))
        targets = tuple(_with_address(t, address) for t in targets)
        return m.Task(
            address,
            content=one("content"),
            leads=many("lead"),
            collaborators=many("with"),
            deliverable=one("deliverable"),
            deadlines=many("deadline"),
            reports_to=many("reports_to"),
            implements=many("implements"),
            targets=targets,
            source=source,
            span=self._span(meta),
        )

    def task_content(self, meta, children):
        return ("content", self._plain(children)[0], self._span(meta))

    def task_lead(self, meta, children):
        return ("lead", self._plain(children)[0])

    def task_with(self, meta, children):
        return ("with", self._plain(children)[0])

    def task_deliverable(self, meta, children):
        return ("deliverable", self._plain(children)[0], self._span(meta))

    def task_reports_to(self, meta, children):
        return ("reports_to", self._plain(children)[0])

    def task_implements(self, meta, children):
        plan, address = self._plain(children)
        return ("implements", (m.TaskRef(plan, address),))

    def task_deadline(self, meta, children):
        parts = self._plain(children)
        label = parts[0] if isinstance(parts[0], str) else None
        source = next((p for p in parts if isinstance(p, m.SourceRef)), None)
        deadlines = tuple(
            _evolve_deadline(p, label, source, self._span(meta))
            for p in parts
            if p is not None and not isinstance(p, (str, m.SourceRef))
        )
        return ("deadline", deadlines)

    def task_target(self, meta, children):
        parts = self._plain(children)
        source = parts[0] if isinstance(parts[0], m.SourceRef) else None
        return ("target", (_target(parts[-1], None, source, self._span(meta)),))

    def unit_list(self, meta, children):
        return tuple(children)

    def target(self, meta, children):
        parts = self._plain(children)
        address = next((m.Address(path=str(p)) for p in parts if isinstance(p, Token)), None)
        source = next((p for p in parts if isinstance(p, m.SourceRef)), None)
        return _target(parts[-1], address, source, self._span(meta))

    def target_body(self, meta, children):
        return tuple(children)

    def inline_metric(self, meta, children):
        return (children[0], None)

    def metric_category(self, meta, children):
        return (children[0], children[1])

    def at_least(self, meta, children):
        self._plain(children)
        return m.Comparator.AT_LEAST

    def at_most(self, meta, children):
        self._plain(children)
        return m.Comparator.AT_MOST

    def each_year(self, meta, children):
        self._plain(children)
        return m.EachYearPeriod()

    def in_year(self, meta, children):
        (year,) = self._plain(children)
        return m.YearPeriod(self._year(year))

    # -- deadlines --

    def before_date(self, meta, children):
        date = self._date(self._plain(children)[-1])
        return m.OnDate(date=date, inclusive=False) if date else None

    def by_date(self, meta, children):
        date = self._date(self._plain(children)[-1])
        return m.OnDate(date=date, inclusive=True) if date else None

    def before_day_monthly(self, meta, children):
        (day,) = self._plain(children)
        if not 1 <= int(day) <= 31:
            self._error(day, "bad_day_of_month", day=int(day))
        return m.MonthlyBefore(day=int(day))

    def before_day_yearly(self, meta, children):
        (token,) = self._plain(children)
        day, month = (int(x) for x in str(token).split("/"))
        if not 1 <= month <= 12:
            self._error(token, "bad_month", text=str(token), month=month)
        elif not 1 <= day <= days_in(2024, month):  # 2024: leap, so 29/2 is allowed
            self._error(token, "bad_day_month", text=str(token), month=month, days=days_in(2024, month))
        return m.YearlyBefore(day=day, month=month)

    def yearly(self, meta, children):
        self._plain(children)
        return m.EachYear()

    def half_yearly(self, meta, children):
        self._plain(children)
        return m.EachHalfYear()

    def ongoing(self, meta, children):
        self._plain(children)
        return m.Ongoing()

    def end_of_year(self, meta, children):
        (year,) = self._plain(children)
        return m.EndOfYear(year=self._year(year))

    def quarter(self, meta, children):
        parts = self._plain(children)
        quarter = {"I": 1, "II": 2, "III": 3, "IV": 4}.get(str(parts[0]).upper()) or int(str(parts[0]))
        year = next((self._year(p) for p in parts[1:] if isinstance(p, Token) and p.type == "INT"), None)
        trigger = next((p for p in parts[1:] if isinstance(p, str) and not isinstance(p, Token)), None)
        return m.InQuarter(quarter=quarter, year=year, trigger=trigger)

    def after_event(self, meta, children):
        return m.AfterEvent(event=self._plain(children)[0])

    def deadline(self, meta, children):  # pragma: no cover - every alternative is aliased
        return children[0]

    # -- values --

    def quantity(self, meta, children):
        value, *unit_token = children
        unit = m.QuantityUnit.NONE
        if unit_token:
            unit = m.QuantityUnit.PERCENT if unit_token[0].type == "PERCENT" else m.QuantityUnit.DAYS
            self._plain(unit_token)
        return m.Quantity(value, unit)

    def decimal(self, meta, children):
        return Fraction(str(children[0]).replace(",", "."))

    def fraction(self, meta, children):
        numerator, denominator = (int(x) for x in str(children[0]).split("/"))
        if denominator == 0:
            self._error(children[0], "zero_denominator", text=str(children[0]))
            return Fraction(0)
        return Fraction(numerator, denominator)

    def half(self, meta, children):
        return Fraction(1, 2)

    def integer(self, meta, children):
        return Fraction(int(children[0]))

    def date(self, meta, children):
        return self._date(children[0])

    def source_ref(self, meta, children):
        document = children[0] if isinstance(children[0], str) and not isinstance(children[0], Token) else None
        numbers = [c for c in children if isinstance(c, Token) and c.type == "INT"]
        first = int(numbers[0])
        last = int(numbers[-1])
        if last < first:
            self._error(numbers[-1], "bad_lines", first=first, last=last)
        return m.SourceRef(first, last, document)

    def _date(self, token: Token) -> dt.date | None:
        """The date of a DATE_DMY or DATE_ISO token, or None when it names no day (said as an error)."""
        try:
            return read_date(str(token))
        except NoSuchMonth as error:
            self._error(token, "bad_month", text=error.text, month=error.month)
        except YearOutside as error:
            self._error(token, "bad_year", text=str(error.year))
        except NoSuchDay as error:
            self._error(token, "bad_day", text=error.text, month=error.month, year=error.year, days=error.days)
        return None

    def _year(self, token: Token) -> int:
        year = int(token)
        if year not in YEARS:
            self._error(token, "bad_year", text=str(token))
        return year

    # -- the file --

    def start(self, meta, children):
        return children

    def task_body(self, meta, children):  # error recovery only
        return children

    def record_body(self, meta, children):  # error recovery only
        return children

    def _plan(self, statements, comments) -> m.Plan:
        header: dict[str, object] = {}
        seen: dict[str, Span | None] = {}
        body: list = []
        for statement in statements:
            if isinstance(statement, tuple) and statement[0] == "header":
                _, name, value, span = statement
                if name in seen:
                    self._twice(name, span, seen[name])
                seen[name] = span
                header[name] = value
            else:
                body.append(statement)
        spans = [s[3] for s in statements if isinstance(s, tuple) and s[3] is not None]
        spans += [s.span for s in body if s.span is not None]
        first_line = min((span.line for span in spans), default=None)
        preamble = [c for c in comments if first_line is None or c[0] < first_line]
        if first_line is None:
            preamble = []  # a file of comments only: they stay in the body
        rest = comments[len(preamble):]
        body, notes = _merge_comments(statements, rest, self.src.name)
        top = [_comment(*c, self.src.name) for c in preamble]
        if not header and any(not isinstance(s, m.Comment) for s in body):
            # comments inside the first statement are written above it, where they read back as the preamble
            while isinstance(body[0], m.Comment):
                top.append(body.pop(0))
        # the first header line written is the file's first: the comments above it read back as the preamble
        written = [name for name in m.HEADER_FIELDS if name in header
                   and (name != "status" or header[name] is m.PlanStatus.PARTIAL or name in notes)]
        if written:
            top.extend(notes.pop(written[0], []))
        language = self._language[2] if self._language else "vi"
        return m.Plan(
            **header,
            preamble=tuple(top),
            header_comments=tuple(m.FieldComments(name, tuple(notes[name])) for name in m.HEADER_FIELDS
                                  if notes.get(name)),
            body=tuple(body),
            language=language,
        )


def _merge_comments(statements: list, comments: list[tuple[int, str, bool]],
                    file: str) -> tuple[list, dict[str, list[m.Comment]]]:
    """Attach each comment to the first statement that ends on or after its line.

    Returns the body with its comments in place, and the comments of each header
    field (by `Plan` attribute), which the formatter writes above that field.
    """
    out: list = []
    notes: dict[str, list[m.Comment]] = {}
    pending = list(comments)
    for statement in statements:
        is_header = isinstance(statement, tuple) and statement[0] == "header"
        span = statement[3] if is_header else statement.span
        end = span.end_line if span else 0
        taken = []
        while pending and pending[0][0] <= end:
            taken.append(_comment(*pending.pop(0), file))
        if is_header:
            notes.setdefault(statement[1], []).extend(taken)
        else:
            out += [*taken, statement]
    out.extend(_comment(*c, file) for c in pending)
    return out, notes


def _comment(line: int, text: str, detached: bool, file: str) -> m.Comment:
    return m.Comment(text, detached, span=Span(file, line, 1, line, 1))


def _with_address(target: m.Target, address: m.Address) -> m.Target:
    return evolve(target, address=address)


def _evolve_deadline(deadline, label, source, span):
    return evolve(deadline, label=label, source=source, span=span)


def _target(body, address, source, span) -> m.Target:
    metric_part, comparator, threshold, *rest = body
    if isinstance(metric_part, tuple):
        metric, category = metric_part
    else:
        metric, category = metric_part, None
    period = rest[0] if rest else None
    return m.Target(metric, comparator, threshold, category, period, address, source, span=span)
