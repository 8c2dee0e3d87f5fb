"""Inheritance: a child plan keeps every target and deadline of its parents; it may tighten, never weaken.

`effective_targets(plan, library)` is what binds a plan: its own targets,
then those of its ancestors (`cấp trên`, nearest first) that no own or nearer
target already covers — the same set `compiler.compile` evaluates.

`check_inheritance(library)` compares each plan with its encoded parents:

- each effective target of a parent against the child's own targets on the
  same measured thing (same record kind, rule kind, condition, field,
  category and comparator direction). The parent target is kept when some
  child target is at least as strict (direction-aware: a minimum may only go
  up, a maximum only down), excludes no record the parent counts, and covers
  the parent's period. Otherwise: I301 a lower minimum, I302 a higher maximum,
  I303 an exclusion (`trừ`) the parent does not allow, I304 a narrower
  period (fewer years; or, in the same year, judged on a day that asks less:
  a minimum reached by a later day than the parent's, a maximum kept only up
  to an earlier one, 31 December for a target with no date), I308 a scope
  (`phạm vi`) that binds fewer units than the parent's target binds, I309 (warning) a change against
  another base year (not the same target: the parent's still applies), I311 an assessed target (`"…" đánh giá
  bởi:`, the same text) judged by other assessors. A child that does not restate a parent target simply inherits it:
  that is no finding. A child target stricter than its parent's is I310 (info);
- each task of the child that says it implements a parent task
  (`thực hiện: "10-KH/ĐU" III.1.b`) against that task's deadlines: I305 a
  later deadline (or none, or one that waits for an event, where the parent
  has a date), I306 a recurring deadline made less frequent (or waiting for
  an event);
- each parent task led by the child's issuer (`issuer_names`: the unit
  itself, a group it is a member of, a group of every unit, a role) that no
  task of the child takes up: I307 (warning).

Every finding is located at the child's clause in its `.plan` file and names
the parent's clause, its place in the parent's file and in the seed document.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

from attrs import evolve, frozen

from ..language import model as m
from ..evaluation.compiler import ancestors, binds_as_many, covers, restates, shortfalls, target_rules
from ..base.diagnostics import Diagnostic, Message, Severity
from ..language.library import Library, prelude as standard_prelude
from .messages import ChecksMessage
from .lint import issuer_names
from ..evaluation.conditions import General, Where, compiled
from ..language.printer import Printer
from ..language.resolver import unit_mismatch
from ..evaluation.rules import Clause, MetricRule
from ..evaluation.occurrences import expand, offset_due
from ..evaluation.workdays import Calendar
from ..base.source import Span
from ..evaluation.verdicts import show_date
from ..language.vocabulary import Vocabulary, change_refused

# Every code this stage gives, and what it means (docs/checks.md).
CODES: dict[str, str] = {
    "I301": "a lower minimum than the parent's (share, cut, count; a range's lower end; inclusive where it is strict)",
    "I302": "a higher maximum than the parent's (a per-record cap, a count; a range's upper end)",
    "I303": "an exclusion other than the parent's (leaving out records it counts, or counting others)",
    "I304": "a narrower period than the parent's (or, in the same year, a day that asks less)",
    "I305": "a later deadline than the parent's",
    "I306": "a recurring deadline made less frequent",
    "I307": "a parent task for subordinate units that the child does not take up (warning)",
    "I308": "a target scoped to fewer units than the parent's (phạm vi)",
    "I309": "a change against another base year than the parent's: another target, the parent's still applies",
    "I310": "a target stricter than the parent's (information)",
    "I311": "an assessed target restated with other assessors than the parent's",
}

__all__ = ["check_inheritance", "effective_targets"]


_KEEP = {"lower": "hint_keep_minimum", "upper": "hint_keep_maximum", "both": "hint_keep_range"}
_UNRESOLVED = "\0unresolved"  # the record kind of a target whose metric does not resolve (the resolver says so)


# ----------------------------------------------------------- effective --


@frozen
class _Stated:
    """A target's compiled rule with the target it was compiled from (for describing it)."""

    rule: MetricRule
    target: m.Target


def _vocabulary(plan: m.Plan, library: Library | None, prelude: m.Plan | None) -> Vocabulary:
    """The vocabulary `compile` uses: prelude, library vocabularies, ancestors (farthest first), the plan."""
    prelude = prelude if prelude is not None else standard_prelude()
    shared = [prelude, *(library.vocabularies if library else ())]
    return Vocabulary.of([*shared, *reversed(list(ancestors(plan, library))), plan])


def _usable(target: m.Target | m.AssessedTarget, vocabulary: Vocabulary) -> bool:
    """Can a rule be built from `target`? (Its metric resolves, its conditions are consistent, its unit fits.)"""
    if isinstance(target, m.AssessedTarget):
        return True
    expr = vocabulary.expr(target.metric)
    ends = (target.threshold,) if target.upper is None else (target.threshold, target.upper)
    if expr is None or any(unit_mismatch(expr, end.unit, vocabulary.kinds, vocabulary.metrics) is not None for end in ends):
        return False  # the resolver's R203-R210
    if isinstance(expr, m.Change):
        base = vocabulary.expr(expr.base)
        return base is not None and change_refused(expr, vocabulary.metrics) is None and _measurable(base, vocabulary)
    return _measurable(expr, vocabulary)


def _measurable(expr, vocabulary: Vocabulary) -> bool:
    """Is `expr`, not a change, something a rule measures (its conditions consistent, a ratio's terms resolved)?"""
    if isinstance(expr, (m.ShareOf, m.CountOf, m.SumOf)):
        return _consistent(expr)
    if isinstance(expr, m.RatioOf):
        terms = [vocabulary.expr(t) for t in (expr.numerator, expr.denominator)]
        return all(isinstance(t, m.Reported) or (isinstance(t, (m.CountOf, m.SumOf)) and _consistent(t))
                   for t in terms)
    return isinstance(expr, (m.EachRecord, m.TasksCompleted, m.Reported))


def _consistent(expr) -> bool:
    """Are a count's or a share's conditions consistent (a contradiction compiles to nothing: C302)?"""
    excluding = getattr(expr, "excluding", ())
    return compiled(expr.where) is not None and (not excluding or compiled(excluding) is not None)


def _stated(plan: m.Plan, vocabulary: Vocabulary, inherited_from: str | None = None) -> tuple[_Stated, ...]:
    """The plan's targets as rules, in file order, numbered as `compile` numbers them.

    A target whose metric does not resolve is left out (that is the resolver's
    finding) without renumbering the others; a plan without a date gets a
    stand-in one (dates play no part in comparing targets).
    """
    targets = plan.targets
    if plan.date is None:
        plan = evolve(plan, date=_dt.date(1900, 1, 1))
    bad = {i for i, t in enumerate(targets) if not _usable(t, vocabulary)}
    if bad:
        stand_in = m.CountOf(_UNRESOLVED)
        count = iter(range(len(targets)))

        def fix(t: m.Target) -> m.Target:
            if next(count) not in bad:
                return t
            upper = m.Quantity(t.upper.value) if t.upper is not None else None  # a range's end in its unit too
            return evolve(t, metric=stand_in, category=None, threshold=m.Quantity(t.threshold.value), upper=upper)

        body = []
        for statement in plan.body:
            if isinstance(statement, (m.Target, m.AssessedTarget)):  # every target, in `plan.targets`' order
                statement = fix(statement)
            elif isinstance(statement, m.Task) and statement.targets:
                statement = evolve(statement, targets=tuple(fix(t) for t in statement.targets))
            body.append(statement)
        plan = evolve(plan, body=tuple(body))
    rules = target_rules(plan, vocabulary, inherited_from)
    return tuple(_Stated(r, t) for r, t in zip(rules, targets) if r.record_kind != _UNRESOLVED)


def _effective(plan: m.Plan, library: Library | None, prelude: m.Plan | None) -> tuple[_Stated, ...]:
    return _Chains(library, prelude).effective(plan)


def _covered_out(out: list[_Stated], candidates: Iterable[_Stated]) -> list[_Stated]:
    """`out` followed by each candidate (in order) that nothing already in it covers."""
    for stated in candidates:
        if not any(covers(mine.rule, stated.rule) for mine in out):
            out.append(stated)
    return out


class _Chains:
    """Each plan's vocabulary, own targets and effective targets, worked out once per plan.

    Worked out alone, a plan's effective targets cost a walk over all its
    ancestors, so a chain of n plans cost n²/2 steps (10,000 plans: over 500
    s). Here a plan that extends exactly one parent (its only parent encoded,
    its number unique, no vocabulary of its own, not on a cycle) reuses that
    parent's: its ancestors are the parent then the parent's ancestors, in
    the same order and with the same vocabulary, so the parent's effective
    targets are its candidates in order, less those the parent already found
    covered, which `covers` (a preorder) would drop here too. Any other plan
    is worked out in full. `steps` counts the compilations of a plan's targets.
    """

    def __init__(self, library: Library | None, prelude: m.Plan | None):
        self.library, self.prelude = library, prelude
        self.vocabularies: dict[int, Vocabulary] = {}
        self.owns: dict[int, tuple[_Stated, ...]] = {}
        self.effectives: dict[int, tuple[_Stated, ...]] = {}
        self.as_parent: dict[int, dict[int, _Stated]] = {}  # a plan's own targets as its children inherit them
        self.on_cycle: dict[int, int] | None = None  # `_cycle_of(library)`, when first needed
        self.steps = 0

    def _extends(self, plan: m.Plan) -> m.Plan | None:
        """The one parent whose vocabulary and effective targets `plan` extends, or None."""
        library = self.library
        if library is None or plan.record_kinds or plan.metrics or plan.number is None:
            return None
        if self.on_cycle is None:
            self.on_cycle = _cycle_of(library)
        if id(plan) in self.on_cycle:  # its parent's ancestors may lead back to it, through any route
            return None
        parents = library.parents(plan)
        if len(parents) != 1 or parents[0] is plan or len(library.numbered(plan.number)) != 1:
            return None
        return parents[0]

    def _chain(self, plan: m.Plan) -> list[tuple[m.Plan, m.Plan | None]]:
        """`plan` and the parents it extends, nearest first, up to one worked out already or in full.

        Each with the parent it extends (None: in full). A plan on a cycle is
        worked out in full: its ancestors are not its parent's.
        """
        chain: list[tuple[m.Plan, m.Plan | None]] = []
        at: dict[int, int] = {}
        current: m.Plan | None = plan
        while current is not None and id(current) not in self.effectives:
            if id(current) in at:  # a cycle: from where it closes, every plan is worked out in full
                chain = [(p, parent if i < at[id(current)] else None) for i, (p, parent) in enumerate(chain)]
                break
            at[id(current)] = len(chain)
            parent = self._extends(current)
            chain.append((current, parent))
            current = parent
        return chain

    def effective(self, plan: m.Plan) -> tuple[_Stated, ...]:
        for current, parent in reversed(self._chain(plan)):
            if id(current) in self.effectives:
                continue
            if parent is None:
                vocabulary = _vocabulary(current, self.library, self.prelude)
                self.vocabularies[id(current)] = vocabulary
                candidates = (s for a in ancestors(current, self.library) for s in self._compile(a, vocabulary, a.number))
            else:
                self.vocabularies[id(current)] = self.vocabularies[id(parent)]
                candidates = (self._inherited(parent, s) for s in self.effectives[id(parent)])
            self.effectives[id(current)] = tuple(_covered_out(list(self.own(current)), candidates))
        return self.effectives[id(plan)]

    def _compile(self, plan: m.Plan, vocabulary: Vocabulary, inherited_from: str | None = None) -> tuple[_Stated, ...]:
        self.steps += 1
        return _stated(plan, vocabulary, inherited_from)

    def _inherited(self, parent: m.Plan, stated: _Stated) -> _Stated:
        """`parent`'s effective target as its child inherits it: the parent's own ones, numbered as the parent's."""
        if stated.rule.clause.inherited_from is not None:
            return stated
        table = self.as_parent.get(id(parent))
        if table is None:
            as_parent = self._compile(parent, self.vocabularies[id(parent)], parent.number)
            table = self.as_parent[id(parent)] = {id(own): s for own, s in zip(self.own(parent), as_parent)}
        return table[id(stated)]

    def vocabulary(self, plan: m.Plan) -> Vocabulary:
        if id(plan) not in self.vocabularies:
            self.effective(plan)
        return self.vocabularies[id(plan)]

    def own(self, plan: m.Plan) -> tuple[_Stated, ...]:
        vocabulary = self.vocabulary(plan)  # first: working it out may compile the plan's own targets
        found = self.owns.get(id(plan))
        if found is None:
            found = self.owns[id(plan)] = self._compile(plan, vocabulary)
        return found


def effective_targets(plan: m.Plan, library: Library | None, *, prelude: m.Plan | None = None) -> tuple[MetricRule, ...]:
    """The targets that bind `plan`: its own (file order), then each ancestor's (nearest first) not already covered.

    An inherited rule carries `clause.inherited_from` (the number of the plan
    it comes from) and a rule id prefixed with that number. The same rules
    `compiler.compile(plan, library).metric_rules` evaluates.
    """
    return tuple(s.rule for s in _effective(plan, library, prelude))


# --------------------------------------------------------------- words --


def _clause_name(clause: Clause) -> str:
    rule = clause.rule
    if clause.inherited_from and rule.startswith(f"{clause.inherited_from}:"):
        rule = rule[len(clause.inherited_from) + 1:]
    return f"{clause.plan} {rule}"


def _at(span: Span | None) -> str:
    return str(span) if span is not None else "?"


def _seed(source: m.SourceRef | None, document: str | None) -> str:
    if source is None:
        return "-"
    lines = str(m.SourceRef(source.first, source.last))
    document = source.document or document
    return f"{document}:{lines}" if document else lines


def _both(make) -> tuple[str, str]:
    return make("en"), make("vi")


def _what(target: m.Target | m.AssessedTarget) -> tuple[str, str]:
    def text(lang: str) -> str:
        if isinstance(target, m.AssessedTarget):
            return f'"{target.text}"'
        if isinstance(target.metric, m.MetricName):
            return target.metric.name + (f"({target.category})" if target.category is not None else "")
        return f"({Printer(lang).metric_expr(target.metric)})"

    return _both(text)


def _value(rule: MetricRule) -> tuple[str, str]:
    """The rule's bound in the plan's words: "at least 60%", "trên 30", "from 40% to 50%"."""
    return _both(lambda lang: rule.bound.words(rule.shown(lang), lang))


def _period(rule: MetricRule) -> tuple[str, str]:
    en, vi = _level_period(rule)
    if rule.span:
        first = rule.year_of(rule.running_from)
        return f"over the span {first}-{rule.year}", f"cho cả giai đoạn {first}-{rule.year}"
    if rule.running_from is None:
        return en, vi
    since = show_date(rule.running_from)
    return f"as a running total from {since}, {en}", f"lũy kế từ ngày {since}, {vi}"


def _level_period(rule: MetricRule) -> tuple[str, str]:
    if rule.year is None:
        en, vi = "every year", "hằng năm"
        if rule.by_day is not None:
            day = f"{rule.by_day[0]:02d}/{rule.by_day[1]:02d}"
            en, vi = f"{en} by {day}", f"{vi} đến ngày {day}"
        if rule.until_year is not None:
            en, vi = f"{en} until {rule.until_year}", f"{vi} đến năm {rule.until_year}"
        return (en, vi)
    if rule.at is not None:
        return (f"by {show_date(rule.at)}", f"đến ngày {show_date(rule.at)}")
    return (f"in {rule.year}", f"trong năm {rule.year}")


def _base(rule: MetricRule) -> tuple[str, str]:
    """The year a change is measured against, as a finding names it."""
    if rule.base_year is None:
        return ("the previous year", "năm trước")
    return (f"year {rule.base_year}", f"năm {rule.base_year}")


def _excluded(where: Where | General | None) -> tuple[str, str]:
    if not where:
        return ("nothing", "không bản ghi nào")
    if isinstance(where, General):
        return _both(lambda lang: Printer(lang).condition(where.tests))

    def text(lang: str) -> str:
        parts = []
        for key, value in where:
            if value is True:
                parts.append(key)
            elif value is False:
                parts.append(f"{'không' if lang == 'vi' else 'not'} {key}")
            else:
                parts.append(f"{key} = {value}")
        return f" {'và' if lang == 'vi' else 'and'} ".join(parts)

    return _both(text)


def _deadline(d: m.Deadline | None) -> tuple[str, str]:
    if d is None:
        return ("none", "không có")
    return _both(lambda lang: Printer(lang).deadline(d))


def _deadlines(ds: Iterable[m.Deadline]) -> tuple[str, str]:
    ds = tuple(ds)
    if not ds:
        return ("none", "không có")
    return tuple("; ".join(_deadline(d)[k] for d in ds) for k in (0, 1))  # type: ignore[return-value]


# ----------------------------------------------------------- the check --


def _excludes_counted(mine: MetricRule, theirs: MetricRule) -> bool:
    """Does `mine` leave out records `theirs` counts (rather than only counting some it leaves out)?"""
    if not mine.neg:
        return False
    if isinstance(mine.neg, General) or isinstance(theirs.neg, General):  # no subset to see: only the same one
        return mine.neg != theirs.neg
    return not theirs.neg or not set(theirs.neg) <= set(mine.neg)


def _failures(mine: MetricRule, theirs: MetricRule) -> tuple[str, ...]:
    """`compiler.shortfalls` as codes: the same test `compile` applies, so a finding here is a parent target
    `eval` still applies, and no finding means it does not."""
    codes = {"minimum": "I301", "maximum": "I302", "exclusion": "I303", "period": "I304", "assessor": "I311"}
    return tuple(codes[way] for way in shortfalls(mine, theirs))


def _narrower(child: _Stated, parent: MetricRule) -> bool:
    """Does `child` state a scope (`phạm vi`) that binds fewer units than `parent`? (I308.) A target without
    one binds its task's leads, as it always has: beside the parent's, which still binds every unit."""
    return child.target.scope is not None and not binds_as_many(child.rule, parent)


def _scope(stated: _Stated) -> tuple[str, str]:
    """Who `stated` binds, as the plan writes it: its scope, or its task's leads; or the whole territory."""
    scope = stated.target.scope
    names = scope.names if scope is not None else tuple(sorted(stated.rule.leads or ()))
    if not names or stated.rule.leads is None:
        return ("the whole territory", "toàn địa bàn")
    return (", ".join(names),) * 2  # type: ignore[return-value]


def _strictness(rule: MetricRule):
    return rule.bound.strictness()


class _Checker:
    def __init__(self, library: Library, prelude: m.Plan):
        self.library = library
        self.prelude = prelude
        self.chains = _Chains(library, prelude)  # each plan's targets worked out once, for every child

    def effective(self, plan: m.Plan) -> tuple[_Stated, ...]:
        return self.chains.effective(plan)

    def own(self, plan: m.Plan) -> tuple[_Stated, ...]:
        return self.chains.own(plan)

    def hint(self, clause: Clause) -> Message:
        return ChecksMessage.of("hint_parent_clause", parent=_clause_name(clause), at=_at(clause.span),
                          seed=_seed(clause.source, clause.document))

    # -- targets --

    def targets(self, child: m.Plan, parent: m.Plan) -> Iterable[Diagnostic]:
        """Each child target that weakens an effective target of `parent` (or tightens it: I310)."""
        mine = self.own(child)
        found: dict[tuple[str, str], tuple[_Stated, _Stated]] = {}

        def note(code: str, stated: _Stated, theirs: _Stated) -> None:
            # one finding per child clause and code, against the strictest parent target it concerns
            key = (code, stated.rule.clause.rule)
            if key not in found or _strictness(theirs.rule) < _strictness(found[key][1].rule):
                found[key] = (stated, theirs)

        theirs_all = self.effective(parent)
        restating = {id(s) for s in mine for t in theirs_all if restates(s.rule, t.rule)}
        for theirs in theirs_all:
            rule = theirs.rule
            candidates = [s for s in mine if restates(s.rule, rule)]
            if not candidates:  # not restated: inherited as it is; by a change against another base year, said so
                for s in mine:
                    if id(s) not in restating and restates(s.rule, rule, base_year=False):
                        note("I309", s, theirs)
                continue
            # kept only by a target that binds at least its units (one inside a task binds only the task's
            # leads): exactly when `compile` does not apply it
            for s in candidates:  # asking more, of all its units or of a task's leads: information
                if not _failures(s.rule, rule) and s.rule.bound != rule.bound \
                        and not _narrower(s, rule):
                    note("I310", s, theirs)
            if any(covers(s.rule, rule) for s in candidates):
                continue
            for s in candidates:
                for code in (*_failures(s.rule, rule), *(("I308",) if _narrower(s, rule) else ())):
                    note(code, s, theirs)
        for (code, _), (stated, theirs) in found.items():
            severity = {"I310": Severity.INFO, "I309": Severity.WARNING}.get(code, Severity.ERROR)
            yield self._target_finding(code, stated, theirs, severity)

    def _target_finding(self, code: str, child: _Stated, parent: _Stated, severity: Severity) -> Diagnostic:
        mine, theirs = child.rule, parent.rule
        names = dict(child=_clause_name(mine.clause), parent=_clause_name(theirs.clause), what=_what(child.target))
        values = dict(child_value=_value(mine), parent_value=_value(theirs))
        if code == "I301":
            message = ChecksMessage.of("inherit_lower_minimum", **names, **values)
            fix = ChecksMessage.of(_KEEP[theirs.bound.sides], parent_value=values["parent_value"])
        elif code == "I302":
            message = ChecksMessage.of("inherit_higher_maximum", **names, **values)
            fix = ChecksMessage.of(_KEEP[theirs.bound.sides], parent_value=values["parent_value"])
        elif code == "I303":
            excluded = dict(child_excluded=_excluded(mine.neg), parent_excluded=_excluded(theirs.neg))
            key = "inherit_exclusion" if _excludes_counted(mine, theirs) else "inherit_other_exclusion"
            message = ChecksMessage.of(key, **names, **excluded)
            fix = ChecksMessage.of("hint_keep_exclusion", parent_excluded=excluded["parent_excluded"])
        elif code == "I304":
            other_day = theirs.year is not None or (  # every year both, the same years, another day
                mine.year is None and mine.by_day != theirs.by_day
                and (mine.until_year or 9999) >= (theirs.until_year or 9999))
            key = "inherit_other_day" if other_day else "inherit_narrower_period"
            if mine.running_from != theirs.running_from:
                key = "inherit_running"
            message = ChecksMessage.of(key, **names, child_period=_period(mine), parent_period=_period(theirs))
            fix = ChecksMessage.of("hint_keep_period", parent_period=_period(theirs))
        elif code == "I309":
            bases = dict(child_base=_base(mine), parent_base=_base(theirs))
            message = ChecksMessage.of("inherit_other_base", **names, **bases)
            fix = ChecksMessage.of("hint_keep_base", parent_base=bases["parent_base"])
        elif code == "I308":
            scopes = dict(child_scope=_scope(child), parent_scope=_scope(parent))
            message = ChecksMessage.of("inherit_narrower_scope", **names, **scopes)
            fix = ChecksMessage.of("hint_keep_scope", parent_scope=scopes["parent_scope"])
        elif code == "I311":
            who = dict(child_assessors=", ".join(mine.assessors), parent_assessors=", ".join(theirs.assessors))
            message = ChecksMessage.of("inherit_other_assessor", **names, **who)
            fix = ChecksMessage.of("hint_keep_assessor", parent_assessors=who["parent_assessors"])
        else:
            message = ChecksMessage.of("inherit_stricter", **names, **values)
            fix = None
        hints = (self.hint(theirs.clause),) + ((fix,) if fix is not None else ())
        return Diagnostic(code, message, mine.clause.span, severity, hints)

    # -- tasks --

    def tasks(self, child: m.Plan, parents: tuple[m.Plan, ...]) -> Iterable[Diagnostic]:
        numbers = {p.number for p in parents}
        for task in child.tasks:
            for ref in task.implements:
                if ref.plan not in numbers:
                    continue  # not a parent encoded here: external, or the lint's business
                parent = self.library.by_number(ref.plan)
                theirs = parent.find_task(ref.address) if parent is not None else None
                if theirs is None:
                    continue
                yield from self._deadlines(child, task, parent, theirs)

    def _names(self, child: m.Plan, task: m.Task, parent: m.Plan, theirs: m.Task) -> dict:
        return dict(child=f"{child.number} {task.address}", parent=f"{parent.number} {theirs.address}")

    def _deadline_hint(self, parent: m.Plan, theirs: m.Task, d: m.Deadline | None) -> Message:
        span = (d.span if d is not None else None) or theirs.span
        source = (d.source if d is not None else None) or theirs.source
        return ChecksMessage.of("hint_parent_clause", parent=f"{parent.number} {theirs.address}", at=_at(span),
                          seed=_seed(source, parent.source_text))

    def _deadlines(self, child: m.Plan, task: m.Task, parent: m.Plan, theirs: m.Task) -> Iterable[Diagnostic]:
        due = [d for d in theirs.deadlines
               if isinstance(d, m.WithinAfterEvent) or _frequency(d) is not None and _frequency(d) >= 0]
        if not due:
            return
        names = self._names(child, task, parent, theirs)
        if not task.deadlines:
            yield Diagnostic("I305", ChecksMessage.of("inherit_no_deadline", **names, parent_deadline=_deadlines(due)),
                             task.span, Severity.ERROR,
                             (self._deadline_hint(parent, theirs, due[0]),
                              ChecksMessage.of("hint_keep_deadline", parent_deadline=_deadlines(due))))
            return
        for d in due:
            found = _compare_deadline(d, task.deadlines, parent.date, child.date, child)
            if found is None:
                continue
            code, mine = found
            key = "inherit_later_deadline" if code == "I305" else "inherit_less_frequent"
            fix = "hint_keep_deadline" if code == "I305" else "hint_keep_frequency"
            shown = _deadline(mine) if code == "I305" else _deadlines(task.deadlines)
            if mine is not None and _frequency(mine) is None and not isinstance(d, m.WithinAfterEvent):
                # waits for an event that may never come
                key, shown = "inherit_event_deadline", _deadline(mine)
            yield Diagnostic(code, ChecksMessage.of(key, **names, child_deadline=shown, parent_deadline=_deadline(d)),
                             (mine.span if mine is not None else None) or task.span, Severity.ERROR,
                             (self._deadline_hint(parent, theirs, d), ChecksMessage.of(fix, parent_deadline=_deadline(d))))

    def taken_up(self, child: m.Plan, parent: m.Plan) -> Iterable[Diagnostic]:
        mine = issuer_names(child, parent)
        taken = {(ref.plan, ref.address) for task in child.tasks for ref in task.implements}
        for theirs in parent.tasks:
            leads = [name for name in dict.fromkeys(theirs.leads) if name in mine]
            if not leads or (parent.number, theirs.address) in taken:
                continue
            address = str(theirs.address)
            span = self.library.header_span(child, "parents", parent.number) or child.span
            yield Diagnostic(
                "I307",
                ChecksMessage.of("inherit_task_not_taken_up", child=child.number, parent=f"{parent.number} {address}",
                           leads=", ".join(leads)),
                span, Severity.WARNING,
                (ChecksMessage.of("hint_take_up", number=parent.number, address=address, at=_at(theirs.span)),),
            )


# ------------------------------------------------------------ deadlines --

_YEAR = 2024  # a leap year: every dd/mm of a yearly deadline exists in it


def _frequency(d: m.Deadline) -> int | None:
    """Occurrences a year: 52 weekly, 12 monthly, 4 quarterly, 2 half-yearly, 1 yearly, 0 once, -1 never due;
    None: waits for an event."""
    if isinstance(d, m.EachWeek):
        return 52
    if isinstance(d, (m.MonthlyBefore, m.EachMonth)):
        return 12
    if isinstance(d, m.EachQuarter):
        return 4
    if isinstance(d, m.EachHalfYear):
        return 2
    if isinstance(d, (m.YearlyBefore, m.EachYear)):
        return 1
    if isinstance(d, m.OnDate) and d.trigger is not None:
        return None  # a conditional date (`nếu E`) applies only once its event happens
    if isinstance(d, (m.OnDate, m.EndOfYear, m.InMonth, m.WithinOfIssue)):
        return 0
    if isinstance(d, m.InQuarter):
        return None if d.trigger is not None else 0
    if isinstance(d, m.Ongoing):
        return -1
    return None  # AfterEvent


def _last_day(d: m.Deadline, plan_date: _dt.date | None) -> _dt.date | None:
    """The last day on time of a one-off deadline (`plan_date`: the day its plan is in force, which a deadline
    within N days of issue counts from; working days on the Vietnamese calendar)."""
    if isinstance(d, m.WithinOfIssue):
        return offset_due(plan_date, d, Calendar.vietnam()) if plan_date is not None else None
    if isinstance(d, m.OnDate):
        return d.date if d.inclusive else d.date - _dt.timedelta(days=1)
    if isinstance(d, m.InMonth):
        return _dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1) - _dt.timedelta(days=1)
    if isinstance(d, m.EndOfYear):
        return _dt.date(d.year, 12, 31)
    if isinstance(d, m.InQuarter) and d.trigger is None:
        year = d.year if d.year is not None else (plan_date.year if plan_date else None)
        if year is None:
            return None
        month = 3 * d.quarter
        return (_dt.date(year + (month == 12), month % 12 + 1, 1) - _dt.timedelta(days=1))
    return None


def _due_in_period(d: m.Deadline) -> int:
    """How late in its period a recurring deadline falls (comparable within one frequency)."""
    if isinstance(d, m.MonthlyBefore):  # its last day on time in a month that has the day
        return d.day - (0 if d.inclusive else 1)
    if isinstance(d, m.YearlyBefore):
        return (_dt.date(_YEAR, d.month, d.day) - _dt.timedelta(days=0 if d.inclusive else 1)).toordinal()
    if isinstance(d, m.EachYear):
        return _dt.date(_YEAR, 12, 31).toordinal()
    if isinstance(d, m.EachMonth):
        return 31  # by the month's last day: no day of the month is later
    if isinstance(d, m.EachWeek):
        return d.day  # its weekday, Monday 1 to Sunday 7
    return 0  # half-yearly, quarterly: by the period's last day


def _kept(mine, d: m.Deadline, theirs_at, theirs: m.Deadline) -> bool:
    """A child's last day (or day in the period) keeps the parent's: earlier, or the same day and
    not weaker — a hard cut-off (`không gia hạn`) is stricter than a day that may move off a day off."""
    return mine < theirs_at or (mine == theirs_at and (d.hard or not theirs.hard))


def _offset_kept(mine: m.WithinAfterEvent, theirs: m.WithinAfterEvent) -> bool:
    """A child's offset from the same event keeps the parent's: no longer, in the same unit; N calendar
    days are never later than N working days, but N working days may be later than N calendar days."""
    if mine.working and not theirs.working:
        return False
    return mine.days < theirs.days or (mine.days == theirs.days and (mine.hard or not theirs.hard))


def _compare_offset(theirs: m.WithinAfterEvent, candidates: tuple[m.Deadline, ...]):
    """A parent's `trong vòng N ngày sau khi E`: kept by a child offset from E no longer than it;
    a child that only waits for E (`sau khi E`, no due date) is later (I305); other deadlines are
    not compared (they do not follow E)."""
    same = [d for d in candidates if isinstance(d, m.WithinAfterEvent) and d.event == theirs.event]
    if any(_offset_kept(d, theirs) for d in same):
        return None
    if same:
        return "I305", min(same, key=lambda d: (d.days, d.working))
    waiting = [d for d in candidates if isinstance(d, m.AfterEvent) and d.event == theirs.event]
    return ("I305", waiting[0]) if waiting else None


def _compare_deadline(theirs: m.Deadline, deadlines: tuple[m.Deadline, ...], parent_date, child_date,
                      child: m.Plan | None = None):
    """None when the child's deadlines keep `theirs`; else (code, the child deadline to point at or None).

    A child with an end date (`hiệu lực đến`) is held to the occurrences of a
    recurring `theirs` while it is in force: none, and it is kept; one (a
    2026-only campaign under a yearly duty), and a dated child deadline on
    or before that occurrence's last day keeps it, as one deadline keeps
    another.

    A child deadline that waits for an event (`sau khi …`, `quý … khi …`) is
    due only if and when the event happens: in place of a parent's date it
    is later, or never (I305); in place of a recurring deadline it is less
    frequent (I306). It keeps the parent's deadline only beside a child
    deadline that does.
    """
    candidates = deadlines
    if theirs.label is not None and any(d.label == theirs.label for d in deadlines):
        candidates = tuple(d for d in deadlines if d.label == theirs.label)
    if isinstance(theirs, m.WithinAfterEvent):
        return _compare_offset(theirs, candidates)
    rank = _frequency(theirs)
    ranks = [(d, _frequency(d)) for d in candidates]
    waiting = [d for d, r in ranks if r is None]
    if rank >= 1 and child is not None and child.until is not None and child.valid_from is not None:
        within = expand(theirs, plan_date=child.valid_from, as_of=child.until, until=child.until)
        if isinstance(within, tuple) and len(within) <= 1:
            if not within:
                return None  # nothing of it falls while the child is in force
            (once,) = within
            if once.due is not None:
                last = once.due if once.inclusive else once.due - _dt.timedelta(days=1)
                dated = [_last_day(d, child_date) for d, r in ranks if r == 0]
                if any(day is not None and day <= last for day in dated):
                    return None
    if rank >= 1:
        if any(r is not None and r > rank for _, r in ranks):
            return None  # more often than asked
        same = [d for d, r in ranks if r == rank]
        if same:
            if any(_kept(_due_in_period(d), d, _due_in_period(theirs), theirs) for d in same):
                return None
            return "I305", min(same, key=_due_in_period)
        if any(r is not None for _, r in ranks):
            return "I306", next(d for d, r in ranks if r is not None)
        return "I306", waiting[0]  # only deadlines waiting for events: maybe never due
    last = _last_day(theirs, parent_date)
    if last is None:
        return None
    dated = [(d, _last_day(d, child_date)) for d, r in ranks if r == 0]
    dated = [(d, day) for d, day in dated if day is not None]
    if dated:
        if any(_kept(day, d, last, theirs) for d, day in dated):
            return None
        return "I305", min(dated, key=lambda pair: pair[1])[0]
    if any(r is not None and r >= 1 for _, r in ranks):
        return None  # a recurring deadline in place of a date: not compared
    ongoing = [d for d, r in ranks if r == -1]
    if ongoing:
        return "I305", ongoing[0]  # `thường xuyên` is never due: later than any date
    if waiting:
        return "I305", waiting[0]  # due only if the event happens: later than the date, or never
    return None


# ---------------------------------------------------------------- entry --


def _cycle_of(library: Library) -> dict[int, int]:
    """id(plan) -> the number of the cycle of parents it is on (`library.structure`'s P502), for plans on one."""
    from ..language.library import parent_cycles

    return {id(library.plans[i]): n for n, (ring, rest) in enumerate(parent_cycles(library)) for i in (*ring, *rest)}


def check_inheritance(library: Library, prelude: m.Plan | None = None) -> list[Diagnostic]:
    """Every weakening of a parent by a child in `library` (I301-I307) and every tightening (I310).

    Only plans whose parents are encoded in `library` are checked; an external
    parent is `library.structure`'s P503. A plan is not checked against a
    parent on the same cycle of parents (P502): until the cycle is broken no
    plan of it comes first, and comparing each with all the others cost n²
    (a cycle of 10,000 plans: hours). Sorted by file and line, the same
    whatever the order of `library.plans`.
    """
    checker = _Checker(library, prelude if prelude is not None else standard_prelude())
    cycle = _cycle_of(library)
    found: dict[tuple, Diagnostic] = {}
    for child in library.ordered():
        if child.is_vocabulary:
            continue
        parents = tuple(p for p in library.parents(child)
                        if p is not child and (id(child) not in cycle or cycle.get(id(p)) != cycle[id(child)]))
        if not parents:
            continue
        findings: list[Diagnostic] = []
        for parent in parents:
            findings += checker.targets(child, parent)
            findings += checker.taken_up(child, parent)
        findings += checker.tasks(child, parents)
        for d in findings:
            found.setdefault((d.code, d.span, d.message), d)  # a grandparent's target seen through two parents
    return sorted(found.values(), key=_order)


def _order(d: Diagnostic) -> tuple:
    span = d.span
    place = (span.file, span.line, span.column) if span else ("", 0, 0)
    return (*place, d.code, d.message.text("en"))
