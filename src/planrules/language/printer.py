"""Plan model -> canonical `.plan` text (what `planrules fmt` writes).

One layout for every plan: the identity header first, then the statements in
file order, one per line, blocks indented by four spaces, a blank line
before each section and around each block. Keywords are written in the
plan's language (Vietnamese with diacritics, or English; ASCII-folded input
is written back with diacritics). Comments are kept as written (their text
after "# ", indentation included), attached to what follows them: a comment
above a header field stays above it, and one that stood inside or at the end
of a statement is written on its own line above it.

The contract, checked by property tests: `parse(format(p)) == p`, and
`format` is idempotent.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from fractions import Fraction

from . import model as m
from .bounds import KEYWORDS
from .keywords import WEEKDAYS, spelling

INDENT = "    "
LINE_LENGTH = 100  # lists longer than this go one item per line
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def format(plan: m.Plan, lang: str | None = None) -> str:  # noqa: A001 - the public verb
    """The canonical text of `plan`, in `lang` or the plan's own language."""
    return Printer(lang or plan.language).plan(plan)


class Printer:
    """Parts of plans as `.plan` text in one language: a whole plan (`format`), or one statement, deadline or
    metric, which the checks quote in their findings in the words the writer would have used."""

    def __init__(self, lang: str):
        self.lang = lang

    def kw(self, name: str) -> str:
        return spelling(name, self.lang)

    # -- the file --

    def plan(self, plan: m.Plan) -> str:
        out: list[str] = []
        for comment in plan.preamble:
            out.extend(self.statement(comment))
        if plan.preamble and plan.preamble[-1].detached:
            out.append("")
        header = self.header(plan)
        out.extend(header)
        previous = "header" if header else ("Comment" if plan.preamble else None)
        for statement in plan.body:
            kind = _layout_kind(statement)
            if previous is not None and _blank_between(previous, kind):
                out.append("")
            out.extend(self.statement(statement))
            previous = "detached" if isinstance(statement, m.Comment) and statement.detached else kind
        return "\n".join(out) + "\n" if out else ""

    def header(self, plan: m.Plan) -> list[str]:
        """The identity header, one field a line (m.HEADER_FIELDS' order), each below the comments above it."""
        notes = {n.field: n.comments for n in plan.header_comments}
        out = []
        for name in m.HEADER_FIELDS:
            lines = self.header_field(plan, name, name in notes)
            if lines:
                out += [line for comment in notes.get(name, ()) for line in self.statement(comment)] + lines
        return out

    def header_field(self, plan: m.Plan, name: str, noted: bool) -> list[str]:
        """The line(s) of one header field; none when it is not set (`trạng thái: đầy đủ` only under a comment)."""
        kw = self.kw
        value = getattr(plan, name)
        if name == "status":
            if value is m.PlanStatus.PARTIAL or noted:
                return [f"{kw('KW_STATUS')}: {kw('KW_PARTIAL' if value is m.PlanStatus.PARTIAL else 'KW_COMPLETE')}"]
            return []
        if name in ("recipients", "parents"):
            return self.string_list(kw(_HEADER_KEYWORDS[name]), value) if value else []
        if value is None:
            return []
        return [f"{kw(_HEADER_KEYWORDS[name])}: {date(value) if name in _DATES else q(value)}"]

    def string_list(self, keyword: str, values: tuple[str, ...]) -> list[str]:
        inline = f"{keyword}: {', '.join(q(v) for v in values)}"
        if len(inline) <= LINE_LENGTH:
            return [inline]
        lines = [f"{keyword}:"]
        lines.extend(f"{INDENT}{q(v)}," for v in values[:-1])
        lines.append(f"{INDENT}{q(values[-1])}")
        return lines

    def statement(self, s) -> list[str]:
        kw = self.kw
        if isinstance(s, m.Comment):
            return [f"# {s.text}" if s.text else "#"]
        if isinstance(s, m.Basis):
            keyword = kw("KW_IMPLEMENTS" if s.kind is m.BasisKind.IMPLEMENTS else "KW_BASIS")
            dated = f" {kw('KW_DATED')} {date(s.date)}" if s.date else ""
            return [f"{keyword} {q(s.number)}{dated}{ref(s.source)}: {q(s.description)}"]
        if isinstance(s, m.Unit):
            return [self.unit(s)]
        if isinstance(s, m.Event):
            return [f"{kw('KW_EVENT')} {s.name}{ref(s.source)}: {q(s.label)}"]
        if isinstance(s, m.RecordKind):
            return self.record(s)
        if isinstance(s, m.RecordExtension):
            return [f"{kw('KW_EXTEND')} {kw('KW_RECORD')} {s.kind} {{", *self.fields(s.fields), "}"]
        if isinstance(s, m.Metric):
            label = f" {q(s.label)}" if s.label is not None else ""
            return [f"{kw('KW_METRIC')} {s.name}{label}: {self.metric_expr(s.expr)}"]
        if isinstance(s, m.Section):
            return [f"{kw('KW_SECTION')} {s.address.written(kw)}{ref(s.source)}: {q(s.title)}"]
        if isinstance(s, m.Paragraph):
            return [f"{kw('KW_PARAGRAPH')} {s.address.written(kw)}{ref(s.source)}: {q(s.text)}"]
        if isinstance(s, m.Task):
            return self.task(s)
        if isinstance(s, (m.Target, m.AssessedTarget)):
            address = f" {s.address.written(kw)}" if s.address is not None else ""
            return [f"{kw('KW_TARGET')}{address}{ref(s.source)}: {self.target_body(s)}"]
        raise TypeError(f"not a statement: {s!r}")

    def unit(self, u: m.Unit) -> str:
        keyword = {m.UnitKind.UNIT: "KW_UNIT", m.UnitKind.ROLE: "KW_ROLE", m.UnitKind.GROUP: "KW_GROUP"}[u.kind]
        line = f"{self.kw(keyword)} {u.name}{ref(u.source)}: {q(u.label)}"
        if u.kind is m.UnitKind.GROUP and u.levels:
            line += f" = {self.kw('KW_LEVEL')} {', '.join(u.levels)}"
        elif u.kind is m.UnitKind.GROUP and (u.all_units or u.members):
            members = self.kw("KW_ALL") if u.all_units else ", ".join(u.members)
            line += f" = {members}"
        return line

    def record(self, r: m.RecordKind) -> list[str]:
        label = f" {q(r.label)}" if r.label is not None else ""
        return [f"{self.kw('KW_RECORD')} {r.name}{label} {{", *self.fields(r.fields), "}"]

    def fields(self, fields: tuple[m.FieldDecl, ...]) -> list[str]:
        return [f"{INDENT}{f.name}{f' {q(f.label)}' if f.label is not None else ''}: {self.field_type(f)}"
                for f in fields]

    def field_type(self, f: m.FieldDecl) -> str:
        simple = {
            m.FieldType.DATE: "KW_T_DATE",
            m.FieldType.BOOL: "KW_T_BOOL",
            m.FieldType.INTEGER: "KW_T_INT",
            m.FieldType.DAYS: "KW_T_DAYS",
            m.FieldType.DECIMAL: "KW_T_DECIMAL",
            m.FieldType.PERCENT: "KW_T_PERCENT",
            m.FieldType.TEXT: "KW_T_TEXT",
            m.FieldType.UNIT: "KW_UNIT",
        }
        if f.type in simple:
            return self.kw(simple[f.type])
        cats = ", ".join(c.name + (f" {q(c.label)}" if c.label is not None else "") for c in f.categories)
        return f"{self.kw('KW_T_ENUM')} {cats}"

    # -- metrics and targets --

    def metric_expr(self, e) -> str:
        kw = self.kw
        if isinstance(e, m.MetricName):
            return e.name
        if isinstance(e, m.CountOf):
            where = f" {kw('KW_WHERE')} {self.condition(e.where)}" if e.where else ""
            if e.excluding:
                where += f" {kw('KW_EXCEPT')} {self.condition(e.excluding)}"
            return f"{kw('KW_COUNT')} {e.kind}{where}"
        if isinstance(e, m.ShareOf):
            text = f"{kw('KW_SHARE')} {e.kind} {kw('KW_WHERE')} {self.condition(e.where)}"
            if e.excluding:
                text += f" {kw('KW_EXCEPT')} {self.condition(e.excluding)}"
            return text
        if isinstance(e, (m.CutVsPreviousYear, m.Growth)):
            word = kw("KW_CUT" if isinstance(e, m.CutVsPreviousYear) else "KW_GROWTH")
            base = kw("KW_VS_PREVIOUS_YEAR") if e.year is None else f"{kw('KW_VS_YEAR')} {e.year}"
            return f"{word} {self.metric_expr(e.base)} {base}"
        if isinstance(e, m.AverageGrowth):
            return f"{kw('KW_AVERAGE_GROWTH')} {self.metric_expr(e.base)}"
        if isinstance(e, m.EachRecord):
            by = f" {kw('KW_BY')} {e.by}" if e.by is not None else ""
            return f"{e.field} {kw('KW_OF')} {kw('KW_EACH')} {e.kind}{by}"
        if isinstance(e, m.TasksCompleted):
            return f"{kw('KW_SHARE')} {kw('KW_TASKS_COMPLETED')}" + (f" {kw('KW_ON_TIME')}" if e.on_time else "")
        if isinstance(e, m.SumOf):
            where = f" {kw('KW_WHERE')} {self.condition(e.where)}" if e.where else ""
            return f"{kw('KW_SUM')} {e.field} {kw('KW_OF')} {e.kind}{where}"
        if isinstance(e, m.Reported):
            if e.label is not None:
                return f"{kw('KW_REPORTED')} {kw('KW_MEASURED_IN')} {q(e.label)}"
            if e.unit is m.QuantityUnit.NONE:
                return kw("KW_REPORTED")
            unit = "%" if e.unit is m.QuantityUnit.PERCENT else kw("KW_DAY")
            return f"{kw('KW_REPORTED')} {kw('KW_MEASURED_IN')} {unit}"
        if isinstance(e, m.RatioOf):
            def term(x) -> str:
                return x.name if isinstance(x, m.MetricName) else f"({self.metric_expr(x)})"
            return f"{kw('KW_RATIO')} {term(e.numerator)} {kw('KW_OVER')} {term(e.denominator)}"
        raise TypeError(f"not a metric expression: {e!r}")

    def condition(self, tests: m.Condition, *, whole: bool = True) -> str:
        """A condition as written: `whole` when it stands alone (after `có`, `trừ`), where a lone `hoặc`
        needs no parentheses; inside a conjunction or an alternative an `AnyOf` is parenthesised."""
        parts = []
        for t in tests:
            if isinstance(t, m.AnyOf):
                text = f" {self.kw('KW_OR')} ".join(self.condition(o, whole=False) for o in t.options)
                parts.append(text if whole and len(tests) == 1 else f"({text})")
            else:
                parts.append(self.test(t))
        return f" {self.kw('KW_AND')} ".join(parts)

    _RELATIONS = {m.Relation.MORE_THAN: ">", m.Relation.AT_LEAST: "≥", m.Relation.LESS_THAN: "<",
                  m.Relation.AT_MOST: "≤", m.Relation.EQUAL: "=", m.Relation.NOT_EQUAL: "≠"}

    def test(self, t) -> str:
        if isinstance(t, m.FlagIsSet):
            return t.field
        if isinstance(t, m.FlagNotSet):
            return f"{self.kw('KW_NOT')} {t.field}"
        if isinstance(t, m.FieldEquals):
            return f"{t.field} = {t.value}"
        if isinstance(t, m.FieldNotEquals):
            return f"{t.field} ≠ {t.value}"
        if isinstance(t, m.FieldIn):
            return f"{t.field} {self.kw('KW_IN')} ({', '.join(t.values)})"
        sign, size = ("-", m.Quantity(-t.quantity.value, t.quantity.unit)) if t.quantity.value < 0 else ("", t.quantity)
        return f"{t.field} {self._RELATIONS[t.relation]} {sign}{self.quantity(size)}"

    def target_body(self, t: m.Target | m.AssessedTarget) -> str:
        if isinstance(t, m.AssessedTarget):  # `"…" đánh giá bởi: X [period]`
            text = f"{q(t.text)} {self.kw('KW_ASSESSED_BY')}: {', '.join(t.assessors)}"
            return text + self.period(t.period) + self.target_scope(t)
        if isinstance(t.metric, m.MetricName):
            metric = t.metric.name + (f"({t.category})" if t.category is not None else "")
        else:
            metric = f"({self.metric_expr(t.metric)})"
        text = f"{metric} {self.bound(t)}"
        if t.cumulative is not None:
            text += self.cumulative(t.cumulative)
        if isinstance(t.period, m.YearPeriod) and t.cumulative is not None:  # "lũy kế đến năm 2026"
            text += f" {self.kw('KW_UNTIL_YEAR')} {t.period.year}"
        else:
            text += self.period(t.period)
        if t.data_window is not None:
            text += self.data_window(t.data_window)
        return text + self.target_scope(t) + self.when_none(t.when_none)

    def bound(self, t: m.Target) -> str:
        """`tối thiểu 60%`, `trên 30`; a range `từ 40% đến 50%` (its unit on both ends)."""
        if t.comparator is m.Comparator.BETWEEN and t.upper is not None:
            return (f"{self.kw('KW_RANGE_FROM')} {self.quantity(t.threshold)} {self.kw('KW_RANGE_TO')} "
                    f"{self.quantity(t.upper)}")
        return f"{self.kw(KEYWORDS[t.comparator])} {self.quantity(t.threshold)}"

    def when_none(self, when: m.WhenNone | None) -> str:
        """` nếu không phát sinh: đạt` (or `không áp dụng`); nothing when the target does not say."""
        if when is None:
            return ""
        word = "KW_MET" if when is m.WhenNone.MET else "KW_NOT_APPLICABLE"
        return f" {self.kw('KW_IF_NONE')}: {self.kw(word)}"

    def period(self, period: m.Period | None) -> str:
        """A target's period, with its leading space: ` hằng năm`, ` trong năm 2026`, ` đến ngày 30/11/2026`."""
        text = ""
        if isinstance(period, m.YearPeriod):
            text += f" {self.kw('KW_IN_YEAR')} {period.year}"
        elif isinstance(period, m.EachYearPeriod):
            text += f" {self.kw('KW_YEARLY')}"
            if period.by is not None:
                day = self.kw("KW_DAY") + " " if self.lang == "vi" else ""
                text += f" {self.kw('KW_BY_DATE')} {day}{period.by[0]:02d}/{period.by[1]:02d}"
            if period.until is not None:
                text += f" {self.kw('KW_UNTIL_YEAR')} {period.until}"
        elif isinstance(period, m.SpanPeriod):
            text += f" {self.kw('KW_SPAN')} {period.first}-{period.last}"
        elif isinstance(period, m.AtDatePeriod):
            day = self.kw("KW_DAY") + " " if self.lang == "vi" else ""
            text += f" {self.kw('KW_BY_DATE')} {day}{date(period.date)}"
        return text

    def data_window(self, w: m.DataWindow) -> str:
        """` số liệu từ ngày 15/12 năm trước đến ngày 14/12`: each year's data, when not the calendar year's."""
        start, end = (f"{d:02d}/{mo:02d}" for d, mo in (w.start, w.end))
        return (f" {self.kw('KW_DATA')} {self.kw('KW_FROM_DATE')} {start} {self.kw('KW_PREVIOUS_YEAR')}"
                f" {self.kw('KW_DATA_TO')} {end}")

    def cumulative(self, c: m.Cumulative) -> str:
        """A running total and its start, when stated: ` lũy kế từ năm 2024`, ` cumulative from 01/07/2025`."""
        text = f" {self.kw('KW_CUMULATIVE')}"
        if c.since is not None:
            return text + f" {self.kw('KW_FROM_DATE')} {date(c.since)}"
        if c.since_year is not None:
            return text + f" {self.kw('KW_FROM_YEAR')} {c.since_year}"
        return text

    def target_scope(self, t: m.Target) -> str:
        """Who the target binds and who monitors it, when the plan says: after its period, on its line."""
        text = ""
        if t.scope is not None:
            names = ", ".join(t.scope.names) if t.scope.names else self.kw("KW_WHOLE_TERRITORY")
            text += f" {self.kw('KW_SCOPE')}: {names}"
        if t.monitored_by:
            text += f" {self.kw('KW_MONITORED_BY')}: {', '.join(t.monitored_by)}"
        return text

    def quantity(self, qty: m.Quantity) -> str:
        value = qty.value
        if qty.unit is m.QuantityUnit.DAYS and 0 < value < 1 and value.denominator <= 10:
            text = f"{value.numerator}/{value.denominator}"  # part of a day as plans write it: "1/2 ngày"; 0,7 stays 0,7
        else:
            text = number(value, self.lang)
        if qty.unit is m.QuantityUnit.PERCENT:
            return text + "%"
        if qty.unit is m.QuantityUnit.POINTS:  # "5 điểm %", "5 points", "1 point"
            return f"{text} {self.kw('KW_POINTS') if self.lang == 'vi' or value != 1 else 'point'}"
        if qty.unit is m.QuantityUnit.DAYS:
            word = self.kw("KW_DAY")
            if self.lang == "en" and qty.value <= 1:
                word = "day"
            return f"{text} {word}"
        return text

    # -- tasks and deadlines --

    def task(self, t: m.Task) -> list[str]:
        kw = self.kw
        lines = [f"{kw('KW_TASK')} {t.address.written(kw)}{ref(t.source)} {{"]
        field = lambda name, value: f"{INDENT}{kw(name)}: {value}"  # noqa: E731
        if t.content is not None:
            lines.append(field("KW_CONTENT", q(t.content)))
        if t.leads:
            mode = {m.LeadMode.JOINT: " " + kw("KW_JOINTLY"), m.LeadMode.EACH: " " + kw("KW_SEVERALLY")}
            lines.append(field("KW_LEAD", ", ".join(t.leads) + mode.get(t.lead_mode, "")))
        if t.collaborators:
            lines.append(field("KW_WITH", ", ".join(t.collaborators)))
        if t.deliverable is not None:
            lines.append(field("KW_DELIVERABLE", q(t.deliverable)))
        for d in t.deadlines:  # one per line; "và" / "and" is shorthand on input
            label = f" {q(d.label)}" if d.label is not None else ""
            lines.append(f"{INDENT}{kw('KW_DEADLINE')}{label}{ref(d.source)}: {self.deadline(d)}")
        if t.reports_to:
            lines.append(field("KW_REPORTS_TO", ", ".join(t.reports_to)))
        for r in t.implements:
            lines.append(field("KW_IMPLEMENTS", f"{q(r.plan)} {r.address.written(kw)}"))
        for target in t.targets:
            lines.append(f"{INDENT}{kw('KW_TARGET')}{ref(target.source)}: {self.target_body(target)}")
        lines.append("}")
        return lines

    def deadline(self, d) -> str:
        """The deadline as written, with `không gia hạn` / `no extension` after a hard cut-off."""
        text = self._deadline_kind(d)
        return f"{text} {self.kw('KW_HARD')}" if d.hard else text

    def _if_event(self, d: m.OnDate) -> str:
        """A conditional date's condition: ` nếu E`, ` nếu E trong vòng 20 ngày (làm việc)`."""
        if d.trigger is None:
            return ""
        text = f" {self.kw('KW_IF')} {d.trigger}"
        if d.after_days is not None:
            text += f" {self.kw('KW_WITHIN')} {self.offset(d.after_days, d.working)}"
        return text

    def _deadline_kind(self, d) -> str:
        kw = self.kw
        day = kw("KW_DAY") + " " if self.lang == "vi" else ""
        if isinstance(d, m.OnDate):
            word = kw("KW_BY_DATE" if d.inclusive else "KW_BEFORE")
            return f"{word} {day}{date(d.date)}" + self._if_event(d)
        if isinstance(d, m.MonthlyBefore):
            day_word = kw("KW_DAY") if self.lang == "vi" else "day"
            return f"{kw('KW_BY_DATE' if d.inclusive else 'KW_BEFORE')} {day_word} {d.day} {kw('KW_MONTHLY')}"
        if isinstance(d, m.YearlyBefore):
            word = kw("KW_BY_DATE" if d.inclusive else "KW_BEFORE")
            return f"{word} {day}{d.day:02d}/{d.month:02d} {kw('KW_YEARLY')}"
        if isinstance(d, m.EachYear):
            return kw("KW_YEARLY_ONGOING" if d.ongoing else "KW_YEARLY")
        if isinstance(d, m.EachHalfYear):
            return kw("KW_HALF_YEARLY")
        if isinstance(d, m.EachMonth):
            return kw("KW_MONTHLY")
        if isinstance(d, m.EachQuarter):
            return kw("KW_QUARTERLY")
        if isinstance(d, m.EachWeek):
            if d.day == 7:
                return kw("KW_WEEKLY")
            return f"{kw('KW_BY_DATE')} {kw(WEEKDAYS[d.day - 1])} {kw('KW_WEEKLY')}"
        if isinstance(d, m.Ongoing):
            return kw("KW_ONGOING")
        if isinstance(d, m.InMonth):
            return f"{kw('KW_IN_MONTH')} {d.month:02d}/{d.year}"
        if isinstance(d, m.EndOfYear) and d.first is not None:
            return f"{kw('KW_SPAN')} {d.first}-{d.year}"
        if isinstance(d, m.EndOfYear):
            return f"{kw('KW_END_OF_YEAR')} {d.year}"
        if isinstance(d, m.InQuarter):
            text = f"{kw('KW_QUARTER')} {_ROMAN[d.quarter]}"
            if d.year is not None:
                text += f" {d.year}"
            if d.trigger is not None:
                text += f" {kw('KW_ONCE')} {d.trigger}"
            return text
        if isinstance(d, m.AfterEvent):
            return f"{kw('KW_AFTER')} {d.event}"
        if isinstance(d, m.WithinAfterEvent):
            return f"{kw('KW_WITHIN')} {self.offset(d.days, d.working)} {kw('KW_AFTER')} {d.event}"
        if isinstance(d, m.WithinOfIssue):
            return f"{kw('KW_WITHIN')} {self.offset(d.days, d.working)} {kw('KW_OF_ISSUE')}"
        raise TypeError(f"not a deadline: {d!r}")

    def offset(self, days: int, working: bool) -> str:
        """`20 ngày`, `2 ngày làm việc` / `20 days`, `1 working day`: the days of a `trong vòng` offset."""
        unit = self.kw("KW_WORKING_DAYS") if working else self.kw("KW_DAY")
        if self.lang == "en" and days == 1:
            unit = unit[:-1]  # "1 day", "1 working day"
        return f"{days} {unit}"


def _layout_kind(statement) -> str:
    if isinstance(statement, (m.Task, m.RecordKind, m.RecordExtension)):
        return "block"
    return type(statement).__name__


_CLAUSES = ("Section", "Paragraph", "Target", "AssessedTarget")
_DATES = ("date", "effective", "until")
_HEADER_KEYWORDS = {
    "number": "KW_PLAN", "title": "KW_TITLE", "issuer": "KW_ISSUER", "place": "KW_PLACE", "territory": "KW_TERRITORY",
    "date": "KW_ISSUED",
    "effective": "KW_EFFECTIVE", "until": "KW_UNTIL",
    "signer": "KW_SIGNER", "signer_title": "KW_POSITION", "recipients": "KW_RECIPIENTS",
    "source_text": "KW_SOURCE_TEXT", "parents": "KW_PARENTS",
}


def _blank_between(previous: str, kind: str) -> bool:
    """A blank line before a section, a block or a comment, after a block, and between kinds of declaration.

    A section's paragraphs and targets follow it without blank lines.
    """
    if previous == "Comment":
        return False
    if previous == "detached" or previous == "block" or kind in ("block", "Section", "Comment"):
        return True
    if previous in _CLAUSES and kind in _CLAUSES:
        return False
    return previous != kind


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def q(text: str) -> str:
    """`text` as a quoted string literal, which the parser reads back as `text` (docs/language.md, "Quoted text").

    A backslash, a quote, a line break, a carriage return and a tab are escaped. A character that would
    compose (NFC) with the letter of an escape before it (`\\n` then a combining tilde is `\\ñ`) is
    written `\\u{…}`, since the file is composed before it is read.
    """
    if not any(ch in _ESCAPES for ch in text):
        return f'"{text}"'
    out: list[str] = []
    for ch in text:
        before = out[-1][-1] if out and len(out[-1]) > 1 else None  # the letter of the escape just written
        if before is not None and unicodedata.normalize("NFC", before + ch) != before + ch:
            out.append(f"\\u{{{ord(ch):X}}}")
        else:
            out.append(_ESCAPES.get(ch, ch))
    return '"' + "".join(out) + '"'


def ref(source: m.SourceRef | None) -> str:
    if source is None:
        return ""
    lines = f"{source.first}" if source.first == source.last else f"{source.first}-{source.last}"
    return f" @{q(source.document)}:{lines}" if source.document is not None else f" @{lines}"


def date(value: dt.date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def number(value: Fraction, lang: str) -> str:
    """Exact, shortest: 60, 1,5 (vi) / 1.5 (en), or 1/3 when no decimal is exact."""
    if value.denominator == 1:
        return str(value.numerator)
    denominator = value.denominator
    digits = 0
    while denominator % 10 == 0 or denominator % 2 == 0 or denominator % 5 == 0:
        if denominator % 10 == 0:
            denominator //= 10
        elif denominator % 2 == 0:
            denominator //= 2
        else:
            denominator //= 5
        digits += 1
    if denominator != 1 or digits > 12:
        return f"{value.numerator}/{value.denominator}"
    scaled = value * 10**digits
    whole, frac = divmod(int(scaled), 10**digits)
    text = f"{whole}.{frac:0{digits}d}".rstrip("0")
    return text.replace(".", ",") if lang == "vi" else text
