"""Lark tree -> plan model: each grammar rule's value, the plan's header and body, and its comments put back.

Value errors (a 31/02 date, a number too long, a field given twice) are
collected as diagnostics, not raised, so a file shows all of them at once.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from fractions import Fraction

from attrs import evolve, frozen
from lark import Token, Tree

from . import model as m
from ..base.dates import YEARS, NoSuchDay, NoSuchMonth, YearOutside, days_in, read_date
from ..base.diagnostics import Diagnostic
from ..base.source import Source, Span
from .deadline_syntax import DeadlineSyntax
from .keywords import language_of, spelling
from .limits import MAX_DIGITS
from .messages import LanguageMessage
from .vocabulary_builder import VocabularyBuilder

# The escapes of quoted text (docs/language.md, "Quoted text"): \" \\ \n \t \r and \u{hex}. Any other
# backslash is an error, never silently the letter after it.
_ESCAPE = re.compile(r'\\(u\{[^{}"\\]*\}|.)')
_ESCAPED = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r"}


# ------------------------------------------------------------- comments --

_UNITS = {"PERCENT": m.QuantityUnit.PERCENT, "KW_DAY": m.QuantityUnit.DAYS, "KW_POINTS": m.QuantityUnit.POINTS}
_COMMENT = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"|(#[^\n]*)')  # unrolled, as grammar/plan.lark's STRING


def comments_of(text: str) -> list[tuple[int, str, bool]]:
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
    "date": "KW_ISSUED", "effective": "KW_EFFECTIVE", "until": "KW_UNTIL", "signer": "KW_SIGNER",
    "signer_title": "KW_POSITION", "territory": "KW_TERRITORY",
    "recipients": "KW_RECIPIENTS", "source_text": "KW_SOURCE_TEXT", "status": "KW_STATUS",
    "parents": "KW_PARENTS", "content": "KW_CONTENT", "deliverable": "KW_DELIVERABLE",
}


_NUMBERS = ("INT", "DECIMAL", "FRACTION")
_ZERO = {"INT": "0", "DECIMAL": "0.0", "FRACTION": "0/1"}


@frozen
class _Level:
    """`= cấp xã` (or `= cấp bộ, tỉnh`) after a group's label: the levels its members are of (names the register
    gives)."""

    names: tuple[str, ...]


class Builder(DeadlineSyntax, VocabularyBuilder):
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
                token_method = getattr(self, str(child.type), None) if child.type in ("STRING", "NAME") else None
                if child.type in _NUMBERS and len(child) > MAX_DIGITS:
                    child = self._too_long(child)
                built.append(token_method(child) if token_method else child)
                continue
            stack.pop()
            # str(): Lark names a rule with a Token, whose __eq__ is Python code; a signal handled inside it
            # during the class's attribute lookup is swallowed by that lookup, and Ctrl-C or SIGTERM would
            # surface as "no attribute" with a traceback instead of stopping the run.
            value = getattr(self, str(node.data))(node.meta, built)
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
    plan_territory = _header("territory")
    plan_date = _header("date")
    plan_effective = _header("effective")
    plan_until = _header("until")
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
        if isinstance(members, _Level):
            return m.Unit(name, label, m.UnitKind.GROUP, levels=members.names, source=source, span=self._span(meta))
        return m.Unit(name, label, m.UnitKind.GROUP, members=members, source=source, span=self._span(meta))

    def all_units(self, meta, children):
        self._plain(children)
        return None

    def level_units(self, meta, children):
        return _Level(tuple(dict.fromkeys(self._plain(children))))

    def listed_units(self, meta, children):
        return tuple(children)

    def event_decl(self, meta, children):
        (name, label), source = self._named(children)
        return m.Event(name, label, source=source, span=self._span(meta))

    # -- clauses --

    def section(self, meta, children):
        (address, title), source = self._named(children)
        return m.Section(address, title, source, span=self._span(meta))

    def paragraph(self, meta, children):
        (address, text), source = self._named(children)
        return m.Paragraph(address, text, source, span=self._span(meta))

    # An address is built from its parts, each a dict of `Address` fields.

    def address(self, meta, children):
        fields: dict = {}
        for part in children:
            fields.update(part)
        return m.Address(**fields)

    def address_path(self, meta, children):
        return {"path": str(children[0])}

    def address_row(self, meta, children):
        (token,) = self._plain(children)
        numbers = str(token).split(".")
        if any(len(n) > MAX_DIGITS for n in numbers):
            digits = max(len(n) for n in numbers)
            self._error(token, "too_many_digits", text=f"{token[:12]}…", count=digits, limit=MAX_DIGITS)
            numbers = ["0" if len(n) > MAX_DIGITS else n for n in numbers]
        row, *sub = map(int, numbers)
        return {"row": row, "sub": tuple(sub)}

    def address_article(self, meta, children):
        fields: dict = {}
        for part in children:
            fields.update(part)
        return fields

    def address_article_number(self, meta, children):
        return {"article": int(self._plain(children)[0])}

    def address_clause(self, meta, children):
        return {"clause": int(self._plain(children)[0])}

    def address_point(self, meta, children):
        return {"point": str(self._plain(children)[0]).lower()}

    def address_appendix(self, meta, children):
        number = str(self._plain(children)[0])
        if number.isdigit():
            if len(number) > MAX_DIGITS:
                self._error(self._plain(children)[0], "too_many_digits", text=f"{number[:12]}…",
                            count=len(number), limit=MAX_DIGITS)
                number = "0"
            number = str(int(number))
        return {"appendix": number}

    def address_preamble(self, meta, children):
        return {"preamble": True, **{k: v for part in self._plain(children) for k, v in part.items()}}

    def address_item(self, meta, children):
        return {"item": int(children[0])}

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

        targets = tuple(evolve(t, address=address) for t in many("target"))
        leads, lead_mode = self._leads(values.get("lead", ()))
        return m.Task(
            address,
            content=one("content"),
            leads=leads,
            lead_mode=lead_mode,
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
        parts = self._plain(children)
        mode, word = parts[1] if len(parts) > 1 else (None, None)
        return ("lead", (parts[0], mode, word))

    def lead_jointly(self, meta, children):
        self._plain(children)
        return (m.LeadMode.JOINT, children[0])

    def lead_severally(self, meta, children):
        self._plain(children)
        return (m.LeadMode.EACH, children[0])

    def _leads(self, fields) -> tuple[tuple[str, ...], m.LeadMode | None]:
        """The leads of every `chủ trì` line, and the one way they owe the deliverable that is stated.

        The word is about several leads: with one named it means nothing, and a
        second, different one contradicts the first; each is an E101 at the word.
        """
        leads = tuple(name for names, _, _ in fields for name in names)
        stated = [(mode, word) for _, mode, word in fields if mode is not None]
        for mode, word in stated:
            if len(leads) < 2:
                self._error(word, "lead_mode_one_lead", word=str(word), lead=leads[0] if leads else "")
            elif mode is not stated[0][0]:
                self._error(word, "lead_mode_twice", word=str(word), first=str(stated[0][1]))
        return leads, stated[0][0] if stated else None

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

    def assessed_body(self, meta, children):  # `"…" đánh giá bởi: X [period] [scope] [monitor]`: `_target` places it
        text, assessors, *rest = self._plain(children)
        return m.AssessedTarget(text, tuple(assessors), next((p for p in rest if not isinstance(p, (m.Scope, tuple))),
                                None), scope=next((p for p in rest if isinstance(p, m.Scope)), None),
                                monitored_by=next((p[1] for p in rest if isinstance(p, tuple)), ()))

    def unit_list(self, meta, children):
        return tuple(children)

    def target(self, meta, children):
        parts = self._plain(children)
        address = next((p for p in parts if isinstance(p, m.Address)), None)
        source = next((p for p in parts if isinstance(p, m.SourceRef)), None)
        return _target(parts[-1], address, source, self._span(meta))

    def target_body(self, meta, children):
        return tuple(children)

    def scope_units(self, meta, children):
        return m.Scope(self._plain(children)[-1])

    def scope_whole(self, meta, children):
        self._plain(children)
        return m.Scope(())

    def target_monitor(self, meta, children):
        return ("monitored_by", self._plain(children)[-1])

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

    def more_than(self, meta, children):
        self._plain(children)
        return m.Comparator.MORE_THAN

    def less_than(self, meta, children):
        self._plain(children)
        return m.Comparator.LESS_THAN

    def one_bound(self, meta, children):
        comparator, threshold = self._plain(children)
        return (comparator, threshold, None)

    def range_bound(self, meta, children):
        """`từ 40 đến 50%`, `40–50%`: both ends in one unit, written on either end or both; the lower first."""
        low, high = self._plain(children)
        where = Token("RANGE", "", line=meta.line, column=meta.column, end_line=meta.end_line,
                      end_column=meta.end_column)
        none = m.QuantityUnit.NONE
        if low.unit is not none and high.unit is not none and low.unit is not high.unit:
            self._error(where, "range_units", low=low.unit.value or "-", high=high.unit.value or "-")
        elif low.unit is none or high.unit is none:
            unit = low.unit if low.unit is not none else high.unit
            low, high = m.Quantity(low.value, unit), m.Quantity(high.value, unit)
        if low.value > high.value:
            self._error(where, "range_reversed", low=str(low.value), high=str(high.value))
        return (m.Comparator.BETWEEN, low, high)

    def if_none_met(self, meta, children):
        self._plain(children)
        return m.WhenNone.MET

    def if_none_not_applicable(self, meta, children):
        self._plain(children)
        return m.WhenNone.NOT_APPLICABLE

    def each_year(self, meta, children):
        parts = self._plain(children)
        by = parts.pop(0) if parts and isinstance(parts[0], tuple) else None
        return m.EachYearPeriod(self._year(parts[-1]) if parts else None, by)

    def year_cut_off(self, meta, children):
        (token,) = self._plain(children)
        day, month = (int(x) for x in str(token).split("/"))
        if not 1 <= month <= 12:
            self._error(token, "bad_month", text=str(token), month=month)
        elif not 1 <= day <= days_in(2024, month):  # 2024: leap, so 29/2 is allowed
            self._error(token, "bad_day_month", text=str(token), month=month, days=days_in(2024, month))
        return (day, month)

    def cumulative(self, meta, children):
        self._plain(children)
        return m.Cumulative()

    def cumulative_from_year(self, meta, children):
        (year,) = self._plain(children)
        return m.Cumulative(since_year=self._year(year))

    def cumulative_from_date(self, meta, children):
        (day,) = self._plain(children)
        return m.Cumulative(since=day) if day is not None else m.Cumulative()

    def data_window(self, meta, children):
        start_token, end_token = self._plain(children)
        start, end = self.year_cut_off(None, [start_token]), self.year_cut_off(None, [end_token])
        if not (1 <= start[1] <= 12 and 1 <= end[1] <= 12):  # a month that does not exist: said already
            return m.DataWindow(start, end)
        if start in ((29, 2), (1, 1)):  # 01/01: the calendar year itself; 29/02: not in every year
            self._error(start_token, "data_window_bad_start", start=_show_day(start))
        elif end not in _days_before(start):
            self._error(end_token, "data_window_not_a_year", start=_show_day(start), end=_show_day(_days_before(start)[0]))
        return m.DataWindow(start, end)

    def in_year(self, meta, children):
        (year,) = self._plain(children)
        return m.YearPeriod(self._year(year))

    def at_date(self, meta, children):
        date = self._date(self._plain(children)[-1])
        return m.AtDatePeriod(date) if date else None

    # -- values --

    def quantity(self, meta, children):
        value, *unit_token = children
        self._plain(unit_token)  # a unit's keyword: the file's language
        return m.Quantity(value, _UNITS[unit_token[0].type] if unit_token else m.QuantityUnit.NONE)

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

    def plan_of(self, statements, comments: list[tuple[int, str, bool]]) -> m.Plan:
        """The plan of the built `statements`, with `comments` (`comments_of`) put back where they were."""
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
        first = header.get("effective") or header.get("date")
        if header.get("until") is not None and first is not None and header["until"] < first:
            span = seen["until"]
            self.diagnostics.append(Diagnostic(
                "E101", LanguageMessage.of("until_before_start", until=_shown(header["until"]),
                                           start=_shown(first)),
                span, line_text=self.src.line_text(span.line) if span else None))
        return m.Plan(
            **header,
            preamble=tuple(top),
            header_comments=tuple(m.FieldComments(name, tuple(notes[name])) for name in m.HEADER_FIELDS
                                  if notes.get(name)),
            body=tuple(body),
            language=language,
            header_spans=tuple((name, span) for name, span in seen.items() if span is not None),
        )


def _shown(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


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


def _evolve_deadline(deadline, label, source, span):
    return evolve(deadline, label=label, source=source, span=span)


def _days_before(start: tuple[int, int]) -> tuple[tuple[int, int], ...]:
    """The (day, month) before `start`, in a common year and in a leap one (before 01/03: 28/02 or 29/02)."""
    out = []
    for year in (2025, 2024):
        before = dt.date(year, start[1], min(start[0], days_in(year, start[1]))) - dt.timedelta(days=1)
        out.append((before.day, before.month))
    return tuple(dict.fromkeys(out))


def _show_day(day_month: tuple[int, int]) -> str:
    return f"{day_month[0]:02d}/{day_month[1]:02d}"


def _target(body, address, source, span) -> m.Target | m.AssessedTarget:
    if isinstance(body, m.AssessedTarget):
        return evolve(body, address=address, source=source, span=span)
    metric_part, (comparator, threshold, upper), *rest = body
    if isinstance(metric_part, tuple):
        metric, category = metric_part
    else:
        metric, category = metric_part, None
    period = next((p for p in rest if p is not None and not isinstance(p, (m.Scope, tuple, m.Cumulative,
                                                                           m.DataWindow, m.WhenNone))), None)
    when_none = next((p for p in rest if isinstance(p, m.WhenNone)), None)
    scope = next((p for p in rest if isinstance(p, m.Scope)), None)
    watchers = next((p[1] for p in rest if isinstance(p, tuple)), ())
    cumulative = next((p for p in rest if isinstance(p, m.Cumulative)), None)
    window = next((p for p in rest if isinstance(p, m.DataWindow)), None)
    return m.Target(metric, comparator, threshold, category, period, address, source, span=span, scope=scope,
                    monitored_by=watchers, cumulative=cumulative, data_window=window, upper=upper, when_none=when_none)
