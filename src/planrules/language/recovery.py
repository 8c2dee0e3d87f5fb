"""Syntax errors, all of them: reading a broken file statement by statement, and saying each error in words.

When a file does not parse, every top-level statement (and each field of a
broken block) is parsed on its own, so that all errors in the file are
reported at once, each with its place, the expected input in words and, for
the common mistakes, a hint. Statements that parse are still built, for
their value errors. No Lark exception leaves this module.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from lark import Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from ..base.diagnostics import Diagnostic, Message, Severity
from ..base.source import Source, Span
from ..base.suggest import closest, likeness
from .builder import Builder
from .grammar import parser
from .keywords import KEYWORDS, spelling, spellings
from .limits import MAX_ERRORS
from .messages import LanguageMessage

_MAX_EXPECTED = 8


def recover(src: Source, first: UnexpectedInput) -> list[Diagnostic]:
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
        builder = Builder(src, first_line)
        chunks: dict[int, list] = {}
        for statement in tree.children:
            line = first_line + (statement.meta.line if not statement.meta.empty else 1) - 1
            chunks.setdefault(bisect_right(starts, line), []).append(builder.transform(statement))
        for statements in chunks.values():
            builder.plan_of(statements, [])
        return builder.diagnostics

    def broken(first_line: int, end_line: int, error: UnexpectedInput) -> list[Diagnostic]:
        return _recover_block(recovery, first_line, end_line, error)

    bounds = list(zip(starts, starts[1:] + [len(lines)]))
    diagnostics = recovery.runs(bounds, "start", built, broken, first)
    if not any(d.code == "E100" for d in diagnostics):
        # The statements parse alone but not together: report the first error.
        diagnostics.append(_describe(src, first, 0))
    return sorted(dict.fromkeys(diagnostics), key=position)  # not a set: ties keep one order, whatever the hash seed


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
        builder = Builder(src, first_line)
        builder.transform(field_tree)
        return builder.diagnostics

    def broken(first_line: int, end_line: int, field_error: UnexpectedInput) -> list[Diagnostic]:
        return [_describe(src, field_error, first_line)]

    found = recovery.runs(_fields(lines, first + 1, body_end), body_start, built, broken)
    if closing is None and not any(position(d) == position(whole[0]) for d in found):
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


def position(d: Diagnostic) -> tuple[int, int]:
    return (d.span.line, d.span.column) if d.span else (0, 0)


def internal_error(src: Source, error: Exception) -> Diagnostic:
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
    refused = None if at_end else _refused_address(line_text[: column - 1], line_text[column - 1 :], expected)
    if refused is not None:
        column, width, message = refused
    span = Span(src.name, line, column, line, column + width)
    return Diagnostic("E100", message, span, hints=tuple(hints), line_text=line_text)


# Where an address may start or go on (grammar/plan.lark, `address`).
_ADDRESS_STARTS = frozenset({"ADDRESS", "KW_ROW", "KW_APPENDIX", "KW_ARTICLE", "KW_CLAUSE", "KW_POINT", "KW_PREAMBLE"})
_ADDRESS_PARTS = frozenset({"ROW_NUMBER", "POINT_LETTER", "APPENDIX_NUM"})
_ADDRESS_KEYWORDS = ("KW_ROW", "KW_APPENDIX", "KW_ARTICLE", "KW_CLAUSE", "KW_POINT")
_ADDRESS_WORD = re.compile(r'[^\s{}@:"#]+')
_ADDRESS_LIKE = re.compile(r"[0-9IVXLC]")


def _refused_address(before: str, after: str, expected: set[str]) -> tuple[int, int, Message] | None:
    """When the error is in an address, (column, width, a message naming the accepted forms), else None.

    It is when only an address may come (after `nhiệm vụ`, `mục`, `TT`, `điểm`...),
    or an address may and what stands there looks like one (`chỉ tiêu 3:`). The
    place covers the refused address, with the address keyword written before it.
    """
    word = _ADDRESS_WORD.match(after)
    if word is None:
        return None
    keyword = _trailing_keyword(before)
    after_keyword = keyword is not None and _all_spellings(_ADDRESS_KEYWORDS).get(" ".join(keyword.lower().split()))
    only_address = bool(expected) and expected <= _ADDRESS_STARTS | _ADDRESS_PARTS and bool(expected - {"INT"})
    if not (only_address or after_keyword or expected & _ADDRESS_STARTS and _ADDRESS_LIKE.match(word.group())):
        return None
    column = len(before) + 1
    found = word.group()
    if after_keyword:
        found = f"{before.rstrip()[-len(keyword):]} {found}"
        column = len(before.rstrip()) - len(keyword) + 1
    return column, len(found), LanguageMessage.of("bad_address", found=f'"{_excerpt(found)}"', **_address_forms())


@lru_cache(maxsize=1)
def _address_forms() -> dict[str, tuple[str, str]]:
    """Examples of each address form, (English, Vietnamese), spelt from the keyword table."""
    from .model import Address

    forms = {
        "paths": (Address(path="I"), Address(path="II.4"), Address(path="I.2.1"), Address(path="II.2.2.a"),
                  Address(path="II.5-1")),
        "rows": (Address(row=3), Address(row=11, sub=(1,))),
        "articles": (Address(article=3), Address(article=3, clause=2, point="a"), Address(clause=2),
                     Address(point="a"), Address(article=3, item=1)),
        "appendices": (Address(appendix="I"), Address(appendix="I", row=11, sub=(1,)),
                       Address(appendix="I", path="II.1")),
        "preambles": (Address(preamble=True), Address(preamble=True, item=2)),
    }
    out = {
        name: tuple(", ".join(a.written(lambda t, lang=lang: spelling(t, lang)) for a in examples)
                    for lang in ("en", "vi"))
        for name, examples in forms.items()
    }
    # the order legal citations write, smallest first: the same address
    legal = tuple(f"{spelling('KW_POINT', lang)} a {spelling('KW_CLAUSE', lang)} 2 {spelling('KW_ARTICLE', lang)} 3"
                  for lang in ("en", "vi"))
    out["articles"] = tuple(f"{forms_}, {cited}" for forms_, cited in zip(out["articles"], legal))
    return out


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
    "ROW_NUMBER": ("a row number such as 3 or 11.1", "số thứ tự dòng, ví dụ 3 hoặc 11.1"),
    "POINT_LETTER": ("a point's letter such as a", "chữ cái của điểm, ví dụ a"),
    "APPENDIX_NUM": ("an appendix number such as I or 2", "số phụ lục, ví dụ I hoặc 2"),
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


def _hints(before: str, after: str, expected: set[str], found: str | None) -> list[Message]:
    hints: list[Message] = []
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
            hints.append(Message.of("did_you_mean", name=suggestion))
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
