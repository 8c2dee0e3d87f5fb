"""The lint: a plan that parses and resolves may still be a poor plan.

`lint(plan)` reads one plan and reports what the Vietnamese practice of
planning asks of it and the plan does not give:

- L401 (warning) a task with more than one lead: "một việc - một đầu mối",
  saying how evaluation judges them (jointly, or owed by each);
- L402 (warning or info) a task that misses some of the "6 rõ" (rõ người,
  rõ việc, rõ trách nhiệm, rõ tiến độ, rõ sản phẩm, rõ thẩm quyền), listing
  which; a warning when who or what is missing, a note otherwise;
- L403 (error) two tasks at the same address;
- L404 (error) a deadline already over on the day the plan is in force from
  (`hiệu lực từ`, else its date of issue);
- L405 (warning) a plan issued (its date of issue, whatever its `hiệu lực
  từ`) after the deadline of the parent task it takes up (`thực hiện:`),
  or of the task of its parent (`cấp trên:`) that asks the plan's issuer
  for its plan, looked up in a `Library`;
- L406 (warning) a number the text promises (a percentage, "không quá N
  ngày") that no target at the same address measures, and a target that
  cannot fail;
- L407 (error) two deadlines of one task with the same label: a delivery
  naming the label could answer either.

Names that do not resolve (an unknown unit, metric or event) are the
resolver's (R2xx), not repeated here. Each finding is located on the line
and the words it is about (the `chủ trì:` field of a task, the deadline, the
number in the text) when the file's text is at hand: from `sources`, or
read from the file the plan's spans name. Findings come sorted by line.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from fractions import Fraction

from ..evaluation.compiler import joint_leads, several_units
from ..language import model as m
from ..language.bounds import Bound
from ..base.diagnostics import Diagnostic, Message, Severity
from ..language.keywords import fold, spellings
from ..language.library import prelude
from ..language.printer import Printer
from ..language.vocabulary import Vocabulary, bounded_change
from ..base.source import Source, Span
from .messages import ChecksMessage

__all__ = ["CODES", "SIX_CLEAR", "issuer_names", "lint", "makes_plan", "missing_clear"]

# code -> (severity, what it is about); a task's 6 rõ (L402) is a warning or a note, see `_six_clear`.
CODES: dict[str, tuple[Severity, str]] = {
    "L401": (Severity.WARNING, "a task with more than one lead (một việc - một đầu mối)"),
    "L402": (Severity.WARNING, "a task missing some of the 6 rõ (info when only when/deliverable/authority)"),
    "L403": (Severity.ERROR, "two tasks with the same address"),
    "L404": (Severity.ERROR, "a deadline already over on the day the plan is in force from"),
    "L405": (Severity.WARNING, "a plan issued after the deadline of the parent task it implements"),
    "L406": (Severity.WARNING, "a promised number with no target to measure it, or a target that cannot fail or be met"),
    "L407": (Severity.ERROR, "two deadlines of one task with the same label"),
}

# The "6 rõ", in the order the practice lists them: key, English, Vietnamese.
SIX_CLEAR: tuple[tuple[str, str, str], ...] = (
    ("who", "who", "rõ người"),
    ("what", "what", "rõ việc"),
    ("responsibility", "responsibility", "rõ trách nhiệm"),
    ("when", "when", "rõ tiến độ"),
    ("deliverable", "deliverable", "rõ sản phẩm"),
    ("authority", "authority", "rõ thẩm quyền"),
)


_WHAT = {"task": ("task", "nhiệm vụ"), "paragraph": ("paragraph", "đoạn")}


def lint(
    plan: m.Plan, library=None, sources: dict[str, Source] | None = None
) -> list[Diagnostic]:
    """Every lint finding about `plan`, sorted by place (file, line, column) then code.

    `library` (anything with `by_number(number) -> Plan | None`, such as a
    `Library`) is where the parent plans of `thực hiện:` references are
    looked up (L405); without it that rule is skipped. `sources` (file name ->
    `Source`) gives the text used to point at the exact field and to show the
    line; a file missing from it is read from disk when it exists.
    """
    text = _Text(sources)
    found: list[Diagnostic] = []
    found += _many_leads(plan, text)
    found += _six_clear(plan, text)
    found += _duplicates(plan, text)
    found += _shared_labels(plan, text)
    found += _deadlines_before_plan(plan, text)
    if library is not None:
        found += _late_for_parent(plan, library, text)
        found += _late_for_parent_asking(plan, library, text)
    found += _unmeasured_numbers(plan, text)
    found += _vacuous_targets(plan, text)
    return sorted(found, key=_order)


def _order(d: Diagnostic) -> tuple:
    span = d.span
    if span is None:
        return ("", 0, 0, d.code)
    return (span.file, span.line, span.column, d.code)


# ---------------------------------------------------------------- places --


_QUOTED = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"')  # unrolled, as grammar/plan.lark's STRING


def _blank_quotes(line: str) -> str:
    return _QUOTED.sub(lambda q: " " * len(q.group()), line)


def _keyword(terminal: str) -> re.Pattern:
    """A field keyword in any of its spellings, followed by its colon (label and @source between allowed)."""
    words = sorted(spellings(terminal), key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    label = r'(?:\s*"[^"\\\n]*(?:\\.[^"\\\n]*)*")?'  # a deadline's label (blank in blanked text)
    source = r'(?:\s*@\s*(?:(?:"[^"\\\n]*(?:\\.[^"\\\n]*)*")?\s*:)?\s*[0-9]+(?:\s*-\s*[0-9]+)?)?'
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w){label}{source}\s*:", re.IGNORECASE)


_KW = {name: _keyword(name) for name in ("KW_LEAD", "KW_IMPLEMENTS", "KW_DEADLINE")}
_HEADER = re.compile(r"[^@{:\n]*?(?=\s*(?:[@{:]|$))")
_AND = re.compile(r"\s+(?:và|va|and)\s+", re.IGNORECASE)


class _Text:
    """The lines of the files a plan's spans name, read once each."""

    def __init__(self, sources: dict[str, Source] | None):
        self.sources = sources or {}
        self.read: dict[str, Source | None] = {}

    def source(self, file: str) -> Source | None:
        if file in self.sources:
            return self.sources[file]
        if file not in self.read:
            from ..base.diagnostics import PlanError
            from ..language.library import read_text

            try:  # through the file guard: a span may name a FIFO or a kernel file (parse(text, source=...))
                self.read[file] = Source.from_text(read_text(file), file)
            except PlanError:
                self.read[file] = None
        return self.read[file]

    def lines(self, span: Span | None) -> Iterator[tuple[int, str]]:
        """(number, text) of each line of `span`, when the text is at hand."""
        source = self.source(span.file) if span is not None else None
        if source is None:
            return
        for line in range(span.line, span.end_line + 1):
            yield line, source.line_text(line)

    def diag(self, code: str, span: Span | None, key: str, severity: Severity,
             hints: Iterable[Message] = (), **args) -> Diagnostic:
        """A finding at `span`, carrying its line's text when it is at hand."""
        line_text = None
        source = self.source(span.file) if span is not None else None
        if source is not None:
            line_text = source.line_text(span.line)
        return Diagnostic(code, ChecksMessage.of(key, **args), span, severity, tuple(hints), line_text)

    def header(self, statement) -> Span | None:
        """The statement's keyword and address on its first line ("nhiệm vụ TT 5")."""
        span = statement.span
        if span is None:
            return None
        source = self.source(span.file)
        if source is not None:
            found = _HEADER.match(source.line_text(span.line), span.column - 1)
            if found and found.end() > span.column - 1:
                return Span(span.file, span.line, span.column, span.line, found.end() + 1)
        return Span(span.file, span.line, span.column, span.line, span.column + 1)

    def field(self, task: m.Task, terminal: str, find=None) -> Span | None:
        """The first `terminal` field of `task` whose value `find` accepts, keyword to value.

        `find(raw_value, blanked_value)` returns the end offset (in the value)
        of what to underline, or None to skip this occurrence; without it the
        keyword alone is underlined. Falls back to the task's first line.
        """
        span = task.span
        for line, text in self.lines(span):
            blanked = _blank_quotes(text)
            begin = span.column - 1 if line == span.line else 0
            for match in _KW[terminal].finditer(blanked, begin):
                if find is None:
                    return Span(span.file, line, match.start() + 1, line, match.end() + 1)
                end = find(text[match.end():], blanked[match.end():])
                if end is not None:
                    return Span(span.file, line, match.start() + 1, line, match.end() + end + 1)
        return self.header(task) if span is not None else None


_NAME_LIST = re.compile(r"\s*[^\s,:{}\"]+(?:\s*,\s*[^\s,:{}\"]+)*")


def _list_naming(names: Iterable[str]):
    """A `find` for `_Text.field`: the end of a name list holding one of `names`."""
    wanted = set(names)

    def find(_raw: str, blanked: str) -> int | None:
        listed = _NAME_LIST.match(blanked)
        if listed is None or not wanted & {n.strip() for n in listed.group().split(",")}:
            return None
        return listed.end()

    return find


# ------------------------------------------------------------------ L401 --


def _distinct(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


def _many_leads(plan: m.Plan, text: _Text) -> Iterator[Diagnostic]:
    several = None  # the plan's groups and roles, worked out once, for the first task with several leads
    for task in plan.tasks:
        leads = _distinct(task.leads)
        if len(leads) < 2:
            continue
        several = several_units(plan) if several is None else several
        span = text.field(task, "KW_LEAD", _list_naming(leads[1:]))
        choice = _lead_choice(task, several)
        yield text.diag("L401", span, "lint_many_leads", Severity.WARNING,
                        (ChecksMessage.of("lint_hint_one_lead"),),
                        address=str(task.address), count=len(leads), names=", ".join(leads),
                        choice=(choice.text("en"), choice.text("vi")))


def _lead_choice(task: m.Task, several: frozenset[str]) -> ChecksMessage:
    """How the leads owe the deliverable, as evaluation judges it (`compiler.joint_leads`): L401 says it."""
    if task.lead_mode is m.LeadMode.EACH:
        return ChecksMessage.of("lint_leads_each")
    if not joint_leads(task, several):  # joint, but a group's members each owe their own
        return ChecksMessage.of("lint_leads_groups", groups=", ".join(n for n in _distinct(task.leads) if n in several))
    return ChecksMessage.of("lint_leads_joint" if task.lead_mode is m.LeadMode.JOINT else "lint_leads_joint_default")


# ------------------------------------------------------------------ L402 --


def missing_clear(task: m.Task) -> tuple[str, ...]:
    """The keys of `SIX_CLEAR` that `task` does not make clear, in their order.

    - who: at least one lead (`chủ trì`);
    - what: a content (`nội dung`) that is not blank;
    - responsibility: roles are separate: there is a lead, and no unit is
      both a lead and a collaborator (`phối hợp`), compared by name;
    - when: at least one deadline (`thời hạn`), of any kind;
    - deliverable: a deliverable (`sản phẩm`) or at least one target;
    - authority: the task says who receives or approves its result
      (`báo cáo cho`). The issuer of the plan is not taken as an implicit
      answer: it stands above every task, so it would make every task clear.
    """
    missing = []
    if not task.leads:
        missing.append("who")
    if not (task.content or "").strip():
        missing.append("what")
    if not task.leads or set(task.leads) & set(task.collaborators):
        missing.append("responsibility")
    if not task.deadlines:
        missing.append("when")
    if not (task.deliverable or "").strip() and not task.targets:
        missing.append("deliverable")
    if not task.reports_to:
        missing.append("authority")
    return tuple(missing)


def _six_clear(plan: m.Plan, text: _Text) -> Iterator[Diagnostic]:
    words = {key: (en, vi) for key, en, vi in SIX_CLEAR}
    for task in plan.tasks:
        missing = missing_clear(task)
        if not missing:
            continue
        severity = Severity.WARNING if {"who", "what"} & set(missing) else Severity.INFO
        hints = []
        for key in missing:
            if key == "responsibility":
                both = [n for n in _distinct(task.leads) if n in set(task.collaborators)]
                hints.append(ChecksMessage.of("lint_hint_responsibility_both", names=", ".join(both)) if both
                             else ChecksMessage.of("lint_hint_responsibility_no_lead"))
            else:
                hints.append(ChecksMessage.of(f"lint_hint_{key}"))
        listed = (", ".join(words[k][0] for k in missing), ", ".join(words[k][1] for k in missing))
        yield text.diag("L402", text.header(task), "lint_six_clear", severity, hints,
                        address=str(task.address), count=len(missing), missing=listed)


# ------------------------------------------------------------------ L403 --


def _duplicates(plan: m.Plan, text: _Text) -> Iterator[Diagnostic]:
    first: dict[str, m.Task] = {}
    for task in plan.tasks:
        address = str(task.address)
        if address not in first:
            first[address] = task
            continue
        earlier = first[address]
        yield text.diag("L403", text.header(task), "lint_duplicate_task", Severity.ERROR,
                        (ChecksMessage.of("lint_hint_renumber"),), address=address,
                        first=earlier.span.line if earlier.span else "?",
                        line=task.span.line if task.span else "?")


# ------------------------------------------------------------------ L407 --


def _shared_labels(plan: m.Plan, text: _Text) -> Iterator[Diagnostic]:
    """Each deadline of a task whose label an earlier deadline of the task already has.

    A delivery names its deadline by label or position (`schedule`,
    `DeadlineRule.answers`): a label two deadlines share names neither.
    """
    for task in plan.tasks:
        first: dict[str, int] = {}
        for index, deadline in enumerate(task.deadlines):
            if deadline.label is None:
                continue
            if deadline.label not in first:
                first[deadline.label] = index
                continue
            yield text.diag("L407", _deadline_span(task, index, text), "lint_shared_label", Severity.ERROR,
                            (ChecksMessage.of("lint_hint_own_label"),), address=str(task.address),
                            label=deadline.label, first=first[deadline.label] + 1, position=index + 1)


# ------------------------------------------------------------------ L404 --


def _quarter(day: _dt.date) -> int:
    return (day.month - 1) // 3 + 1


def _over_before(deadline, day: _dt.date, plan_year: int | None) -> bool:
    """Whether a one-off `deadline` has no day left on or after `day`.

    `trước ngày D` leaves the days before D (so it is over on D itself);
    `đến ngày D` leaves D; `cuối năm Y` leaves all of Y; a quarter leaves its
    last day (a quarter without a year is in `plan_year`, decision 3 of the
    language), waiting for an event or not. Recurring deadlines, `thường
    xuyên` and `sau khi …` are never over.
    """
    if isinstance(deadline, m.OnDate):
        return deadline.date < day or (not deadline.inclusive and deadline.date == day)
    if isinstance(deadline, m.EndOfYear):
        return deadline.year < day.year
    if isinstance(deadline, m.InQuarter):
        year = deadline.year if deadline.year is not None else plan_year
        return year is not None and (year, deadline.quarter) < (day.year, _quarter(day))
    return False


def _deadline_words(deadline) -> tuple[str, str]:
    return (Printer("en").deadline(deadline), Printer("vi").deadline(deadline))


def _date(day: _dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def _deadline_span(task: m.Task, index: int, text: _Text) -> Span | None:
    """The words of `task.deadlines[index]` in its `thời hạn:` field (one of `A và B`)."""
    deadline = task.deadlines[index]
    span = deadline.span
    if span is None:
        return text.header(task) if task.span is not None else None
    if span.line != span.end_line:
        return span
    siblings = [i for i, d in enumerate(task.deadlines) if d.span == span]
    for _line, line_text in text.lines(span):
        field = line_text[span.column - 1:span.end_column - 1]
        colon = _KW["KW_DEADLINE"].match(_blank_quotes(field))
        if colon is None:
            return span
        value_start = colon.end()
        pieces, start = [], value_start
        for match in _AND.finditer(field, value_start):
            pieces.append((start, match.start()))
            start = match.end()
        pieces.append((start, len(field)))
        if len(pieces) != len(siblings):
            return span
        begin, end = pieces[siblings.index(index)]
        while begin < end and field[begin].isspace():
            begin += 1
        while end > begin and field[end - 1].isspace():
            end -= 1
        if begin == end:
            return span
        return Span(span.file, span.line, span.column + begin, span.line, span.column + end)
    return span


def _deadlines_before_plan(plan: m.Plan, text: _Text) -> Iterator[Diagnostic]:
    """L404: a deadline over before the plan is in force (`valid_from`: hiệu lực từ, else ngày ban hành).

    Evaluation judges a plan from that day only, so a deadline over before it cannot be met by
    the plan; a quarter without a year is in that day's year, as evaluation reads it. A plan in
    force from a day before its date of issue (hiệu lực từ, retroactive) is read from that day.
    """
    start = plan.valid_from
    if start is None:
        return
    effective = plan.effective is not None and plan.effective != plan.date
    for task in plan.tasks:
        for index, deadline in enumerate(task.deadlines):
            if not _over_before(deadline, start, start.year):
                continue
            hints = [ChecksMessage.of("lint_hint_deadline_effective" if effective else "lint_hint_deadline_year")]
            if isinstance(deadline, m.OnDate) and not deadline.inclusive and deadline.date == start:
                hints = [ChecksMessage.of("lint_hint_strict_before", date=_date(deadline.date))]
            yield text.diag("L404", _deadline_span(task, index, text),
                            "lint_deadline_before_effective" if effective else "lint_deadline_before_plan",
                            Severity.ERROR, hints, deadline=_deadline_words(deadline),
                            address=str(task.address), date=_date(start))


# ------------------------------------------------------------------ L405 --


def _one_off(deadline) -> bool:
    """A deadline met once, by a known last day: a date, a year's end, a quarter not waiting for an event."""
    if isinstance(deadline, m.InQuarter):
        return deadline.trigger is None
    return isinstance(deadline, (m.OnDate, m.EndOfYear))


_REF_ADDRESS = re.compile(r"\s+(?:TT|row)\s+[0-9]+|\s+[^\s{}]+", re.IGNORECASE)


def _late_for_parent(plan: m.Plan, library, text: _Text) -> Iterator[Diagnostic]:
    """L405 by `thực hiện:`. The parent asks for the plan itself, which it has once it is issued:
    the plan's date of issue is compared, not its `hiệu lực từ` (a plan signed in time and in
    force later met the parent; one signed late and in force retroactively did not). A parent's
    quarter without a year is in the year the parent is in force from, as evaluation reads it.
    """
    if plan.date is None:
        return
    for task in plan.tasks:
        for ref in task.implements:
            parent = library.by_number(ref.plan)
            parent_task = parent.find_task(str(ref.address)) if parent is not None else None
            if parent_task is None:
                continue
            parent_year = parent.valid_from.year if parent.valid_from is not None else None
            missed = next((d for d in parent_task.deadlines
                           if _one_off(d) and _over_before(d, plan.date, parent_year)), None)
            if missed is None:
                continue
            quoted = '"' + ref.plan.replace("\\", "\\\\").replace('"', '\\"') + '"'

            def find(raw: str, _blanked: str, quoted=quoted) -> int | None:
                at = raw.find(quoted)
                if at < 0:
                    return None
                after = _REF_ADDRESS.match(raw, at + len(quoted))
                return after.end() if after else at + len(quoted)

            yield text.diag("L405", text.field(task, "KW_IMPLEMENTS", find), "lint_plan_after_parent",
                            Severity.WARNING, (ChecksMessage.of("lint_hint_parent_deadline"),),
                            date=_date(plan.date), parent=ref.plan, address=str(ref.address),
                            deadline=_deadline_words(missed))


# ----------------------------------------------------------- who leads --


def _label(text: str | None) -> str:
    """A label as compared across plans: NFC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())


def issuer_names(child: m.Plan, parent: m.Plan) -> frozenset[str]:
    """The names of `parent`'s units through which the issuer of `child` leads a task of `parent`.

    The same units evaluation binds to a task (docs/evaluation.md, "Who is
    bound"), with the child plan standing for the facts:

    - the issuer itself: a unit (`đơn vị`) of `parent` whose label is the
      child's `cơ quan ban hành`, or a unit the child declares with that label
      (by its name, which the parent may use too);
    - every group that lists one of those names, directly or through another
      group: the parent's groups, and the groups the child declares — a child
      fills in a group its parent does not list the members of
      (`nhóm các_chi_bộ: "Các chi bộ" = chi_bộ_văn_phòng`); a child's group
      counts under its name and under the name of the parent's group with
      the same label;
    - every group of `parent` that is every unit (`= tất cả`) and every role
      (`vai trò`, held in every unit), whoever the issuer is.

    Labels are compared NFC-normalised, case-folded, with spaces collapsed.
    A child without `cơ quan ban hành` is bound through groups of every unit
    and roles only.
    """
    names: set[str] = set()
    issuer = _label(child.issuer)
    if issuer:
        names |= {u.name for u in (*parent.units, *child.units)
                  if u.kind is m.UnitKind.UNIT and _label(u.label) == issuer}
    by_label: dict[str, set[str]] = {}
    for unit in parent.units:
        if unit.kind is m.UnitKind.GROUP:
            by_label.setdefault(_label(unit.label), set()).add(unit.name)
    groups = [(u, False) for u in parent.units if u.kind is m.UnitKind.GROUP]
    groups += [(u, True) for u in child.units if u.kind is m.UnitKind.GROUP]
    grown = bool(names)
    while grown:
        grown = False
        for group, childs in groups:
            if not set(group.members) & names:
                continue
            found = {group.name} | (by_label.get(_label(group.label), set()) if childs else set())
            if not found <= names:
                names |= found
                grown = True
    names |= {u.name for u in parent.units
              if (u.kind is m.UnitKind.GROUP and u.all_units) or u.kind is m.UnitKind.ROLE}
    return frozenset(names)


_PLAN_WORK = re.compile(r"(?<!\w)(?:xay dung|ban hanh)(?:\s*(?:,|va)\s*(?:xay dung|ban hanh))?\s+ke hoach(?!\w)")
_PLAN_DELIVERABLE = re.compile(r"\s*(?:ke hoach|(?:an?\s+|the\s+)?(?:\w+\s+)?plan)(?!\w)")


def makes_plan(task: m.Task) -> bool:
    """Whether `task` asks its leads for a plan of their own (the task a child plan answers).

    Read from the task's words, there being no typed deliverable: its
    `sản phẩm` begins with "kế hoạch" (or "plan", "an action plan"), or, without
    a `sản phẩm`, its `nội dung` asks to "xây dựng kế hoạch" or "ban hành kế
    hoạch" (build or issue a plan) — compared case- and accent-insensitively.
    Cục 10-KH/ĐU III.1.a: "chủ động xây dựng kế hoạch để tổ chức triển khai
    thực hiện …, hoàn thành trước ngày 15/5/2026".
    """
    def folded(text: str | None) -> str:
        return " ".join(fold(unicodedata.normalize("NFC", text or "")).casefold().split())

    if (task.deliverable or "").strip():
        return _PLAN_DELIVERABLE.match(folded(task.deliverable)) is not None
    return _PLAN_WORK.search(folded(task.content)) is not None


def _late_for_parent_asking(plan: m.Plan, library, text: _Text) -> Iterator[Diagnostic]:
    """L405 without `thực hiện:`: a parent (`cấp trên`) task that asks this plan's issuer for its plan, missed.

    For each parent the library holds, each of its tasks that asks for a plan
    (`makes_plan`), is led by this plan's issuer (`issuer_names`: the unit, a
    group it belongs to, a group of every unit, a role) and has a one-off
    deadline already over on this plan's date. A parent task some task of
    this plan names in `thực hiện:` is left to the rule above. One finding
    per parent task, on the parent's number in `cấp trên:`.
    """
    if plan.date is None:
        return
    named = {(ref.plan, str(ref.address)) for task in plan.tasks for ref in task.implements}
    for number in dict.fromkeys(plan.parents):
        parent = library.by_number(number)
        if parent is None or parent is plan:
            continue
        mine = issuer_names(plan, parent)
        parent_year = parent.valid_from.year if parent.valid_from is not None else None
        for task in parent.tasks:
            leads = [name for name in dict.fromkeys(task.leads) if name in mine]
            if not leads or (number, str(task.address)) in named or not makes_plan(task):
                continue
            missed = next((d for d in task.deadlines if _one_off(d) and _over_before(d, plan.date, parent_year)), None)
            if missed is None:
                continue
            address = str(task.address)
            yield text.diag("L405", _parents_span(plan, number, text), "lint_plan_after_parent_asked",
                            Severity.WARNING, (ChecksMessage.of("lint_hint_parent_asked", parent=number, address=address),),
                            date=_date(plan.date), parent=number, address=address, leads=", ".join(leads),
                            deadline=_deadline_words(missed))


def _parents_span(plan: m.Plan, number: str, text: _Text) -> Span | None:
    """The quoted `number` in the plan's `cấp trên:` header (else the `cấp trên:` line, else the plan)."""
    from ..language.library import header_place

    file = next((x.span.file for x in (plan, *plan.preamble, *plan.body) if x.span is not None), None)
    source = text.source(file) if file is not None else None
    found = header_place(source, "parents", number) if source is not None else None
    if found is None and plan.span is None and file is not None:
        return Span(file, 1, 1, 1, 1)  # no text at hand: the file's first line
    return found or plan.span


# ------------------------------------------------------------------ L406 --

_NUMBER = r"[0-9]+(?:[.,][0-9]+)?|[0-9]+/[0-9]+|½"
_PERCENT = re.compile(rf"(?<![\w/.,])({_NUMBER})\s*%")
_DAYS = re.compile(rf"(?<!\w)(?:không quá|tối đa)\s+({_NUMBER})\s+ngày(?!\w)", re.IGNORECASE)


def _value(number: str) -> Fraction:
    if number == "½":
        return Fraction(1, 2)
    return Fraction(number.replace(",", "."))


def promised(text: str) -> list[tuple[str, m.Quantity]]:
    """The numbers `text` promises: percentages, and days after "không quá" / "tối đa", in order.

    Each comes with the words that state it ("15%", "không quá 1/2 ngày").
    """
    found: list[tuple[int, str, m.Quantity]] = []
    for pattern, unit in ((_PERCENT, m.QuantityUnit.PERCENT), (_DAYS, m.QuantityUnit.DAYS)):
        for match in pattern.finditer(text):
            try:
                found.append((match.start(), match.group(), m.Quantity(_value(match[1]), unit)))
            except ZeroDivisionError:  # "1/0%": not a number anyone can promise
                continue
    return [(words, quantity) for _, words, quantity in sorted(found, key=lambda f: f[0])]


def _example(quantity: m.Quantity, address: str, inside_task: bool, lang: str) -> str:
    printer = Printer(lang)
    comparator = printer.kw("KW_AT_MOST" if quantity.unit is m.QuantityUnit.DAYS else "KW_AT_LEAST")
    metric = "<metric>" if lang == "en" else "<chỉ số>"
    where = "" if inside_task else f" {address}"
    return f"{printer.kw('KW_TARGET')}{where}: {metric} {comparator} {printer.quantity(quantity)}"


def _unmeasured_numbers(plan: m.Plan, text: _Text) -> Iterator[Diagnostic]:
    measured: dict[str, set[m.Quantity]] = {}
    for target in _measured(plan.targets):
        if target.address is not None:
            measured.setdefault(str(target.address), set()).update(_limits(target))
    for statement in plan.body:
        if isinstance(statement, m.Task):
            words = [t for t in (statement.content, statement.deliverable) if t]
            here = measured.get(str(statement.address), set()) | {q for t in _measured(statement.targets) for q in _limits(t)}
            what = "task"
        elif isinstance(statement, m.Paragraph):
            words = [statement.text]
            here = measured.get(str(statement.address), set())
            what = "paragraph"
        else:
            continue
        unmatched: dict[m.Quantity, str] = {}
        for said, quantity in (p for t in words for p in promised(t)):
            if quantity not in here and quantity not in unmatched:
                unmatched[quantity] = said
        if not unmatched:
            continue
        address = str(statement.address)
        first = next(iter(unmatched))
        example = (_example(first, address, what == "task", "en"), _example(first, address, what == "task", "vi"))
        yield text.diag("L406", _number_span(statement, unmatched[first], text), "lint_unmeasured_number",
                        Severity.WARNING, (ChecksMessage.of("lint_hint_add_target", example=example),),
                        what=_WHAT[what], address=address, numbers=", ".join(f'"{w}"' for w in unmatched.values()))


def _limits(target: m.Target) -> tuple[m.Quantity, ...]:
    """The numbers a target states: its threshold, and a range's upper end."""
    return (target.threshold,) if target.upper is None else (target.threshold, target.upper)


def _number_span(statement, words: str, text: _Text) -> Span | None:
    """Where the words stating a number are, inside the statement's quoted text."""
    span = statement.span
    for line, line_text in text.lines(span):
        for quoted in _QUOTED.finditer(line_text):
            at = quoted.group().find(words)
            if at >= 0:
                column = quoted.start() + at + 1
                return Span(span.file, line, column, line, column + len(words))
    return text.header(statement) if span is not None else None


def _vacuous(target: m.Target, vocabulary: Vocabulary) -> bool:
    """A target no facts can fail: a maximum that 100% of a percentage keeps (`≤ 100%`, `< 120%`), a minimum
    that 0 of a count or days keeps (`≥ 0`, `> -1`). A range has two ends: one always binds.

    (At least 0% or 0 points is left alone: a cut, a growth, the change of a share can be negative; at most 100%
    of a growth too: it has no ceiling.)
    """
    bound = Bound.of(target.comparator, target.threshold, target.upper)
    if bound.maximum:  # a share, a cut, a share's change in points: never over 100%; a growth has no ceiling
        return _ceiling(target, vocabulary) and bound.holds(1)
    return bound.minimum and target.threshold.unit not in _PERCENTS and bound.holds(0)


_PERCENTS = (m.QuantityUnit.PERCENT, m.QuantityUnit.POINTS)


def _ceiling(target: m.Target, vocabulary: Vocabulary) -> bool:
    """Are `target`'s values at most 100% (a share, the share of tasks completed, a cut of a count; a share's
    change, 100 points)? A growth's are not, nor a ratio's, a reported figure's or the change of either or of
    a sum (`bounded_change`): a ratio passes 100%, a sum may fall below 0."""
    expr = vocabulary.expr(target.metric)
    if isinstance(expr, (m.ShareOf, m.TasksCompleted)):
        return True
    if isinstance(expr, m.AverageGrowth) or not bounded_change(expr, vocabulary.metrics):
        return False
    return target.threshold.unit is m.QuantityUnit.POINTS or isinstance(expr, m.CutVsPreviousYear)


def _unmeetable(target: m.Target, vocabulary: Vocabulary) -> bool:
    """A target no facts can meet: a percentage (a share, a cut) no value up to 100% keeps (`trên 100%`), a
    count or days no value from 0 up keeps (`dưới 0`). (A growth has no ceiling; a change may be negative.)"""
    bound = Bound.of(target.comparator, target.threshold, target.upper)
    if target.threshold.unit in _PERCENTS:
        return _ceiling(target, vocabulary) and not bound.keeps_lower(1)
    return not bound.keeps_upper(0)


def _measured(targets) -> list[m.Target]:
    """The targets with a threshold: not the assessed ones (`"…" đánh giá bởi:`), which measure nothing."""
    return [t for t in targets if isinstance(t, m.Target)]


def _vacuous_targets(plan: m.Plan, text: _Text) -> Iterator[Diagnostic]:
    vocabulary = Vocabulary.of([prelude(), plan])  # a growth's ceiling: its metric, the plan's or the prelude's
    for target in _measured(plan.targets):
        key = "lint_vacuous_target" if _vacuous(target, vocabulary) else "lint_unmeetable_target" if \
            _unmeetable(target, vocabulary) \
            else None
        if key is None:
            continue
        words = tuple(Printer(lang).target_body(target) for lang in ("en", "vi"))
        yield text.diag("L406", target.span, key, Severity.WARNING,
                        (ChecksMessage.of("lint_hint_vacuous"),), target=words)
