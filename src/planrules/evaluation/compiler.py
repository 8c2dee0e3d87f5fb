"""Plan model -> rule set: everything evaluation needs, worked out once.

`compile(plan, library)` checks the plan's names (a plan that does not
resolve does not compile), gathers its effective targets — its own, then
those of its parents in `library` that it does not already repeat or
tighten — and turns each target and each task deadline into a rule
(`rules.MetricRule`, `rules.DeadlineRule`) with its conditions pre-built and
its clause located, and the words of every clause a rule comes from, the
parents' too (`clause_texts`). The result, a `RuleSet`, is evaluated many times.

Rules are plain frozen objects with methods, not generated source: no user
text ever becomes code, so there is nothing to escape.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

import attrs

from ..language import model as m
from ..base.diagnostics import Diagnostic, PlanError, Severity
from ..language.library import Library, prelude as standard_prelude
from ..language.messages import LanguageMessage
from . import clause_texts
from .conditions import compiled
from .measure import year_bounds, year_of
from .messages import EvaluationMessage
from ..language.resolver import resolve, unit_mismatch
from .figures import Term
from .rules import Clause, DeadlineRule, MetricRule, day_of
from .ruleset import RuleSet
from ..facts.register import Register
from .workdays import Calendar
from .verdicts import RuleKind
from ..language.vocabulary import Vocabulary, changed, metric_unit


def compile(
    plan: m.Plan,
    library: Library | None = None,
    *,
    prelude: m.Plan | None = None,
    calendar: Calendar | None = None,
    register: Register | None = None,
) -> RuleSet:
    """Compile `plan` (with its parents' targets when `library` holds them) into a `RuleSet`.

    `register` (a `facts.register.Register`) says who is in the plan's open
    and level groups, and which unit its `địa bàn` is (`binding`). Raises
    `PlanError` when the plan is a vocabulary, has no date, uses a name that
    does not resolve, or names a territory or a level the register does not
    have (C304, C305).
    """
    prelude = prelude if prelude is not None else standard_prelude()
    shared = [prelude, *(library.vocabularies if library else ())]
    if plan.is_vocabulary or plan.date is None:
        cannot = EvaluationMessage.of("not_compilable", what=plan.number or "vocabulary")
        raise PlanError([Diagnostic("C301", cannot, plan.span)])
    cycle = parent_cycle(plan, library)
    if cycle is not None:
        raise PlanError([cycle])
    parents = list(ancestors(plan, library))
    errors = [d for d in resolve([*shared[1:], plan], prelude) if d.severity is Severity.ERROR]
    if errors:
        raise PlanError(errors)
    vocabulary = Vocabulary.of([*shared, *reversed(parents), plan])
    own = list(target_rules(plan, vocabulary))
    targets = list(own)
    for parent in parents:
        for rule in target_rules(parent, vocabulary, parent.number):
            if not any(covers(mine, rule) for mine in targets):
                targets.append(in_force(rule, plan))
    deadlines = tuple(_deadlines(plan))
    return RuleSet.build(
        plan=plan,
        vocabulary=vocabulary,
        metric_rules=tuple(targets),
        deadline_rules=deadlines,
        clauses=clause_texts.gather(plan, parents, targets, deadlines),
        calendar=calendar or Calendar.vietnam(),
        missing_parents=missing_parents(plan, library),
        register=register,
    )


def ancestors(plan: m.Plan, library: Library | None) -> Iterator[m.Plan]:
    """The plan's parents that `library` holds, nearest first, each once (cycles cut)."""
    if library is None:
        return
    seen = {plan.number}
    queue = list(plan.parents)
    while queue:
        number = queue.pop(0)
        if number in seen:
            continue
        seen.add(number)
        parent = library.by_number(number)
        if parent is not None:
            yield parent
            queue.extend(parent.parents)


def missing_parents(plan: m.Plan, library: Library | None) -> tuple[str, ...]:
    """The numbers in the `cấp trên` of `plan` and of its ancestors that `library` lacks, in the order
    `ancestors` meets them: their targets are not inherited, which is said rather than left out in silence."""
    named = [*plan.parents, *(n for parent in ancestors(plan, library) for n in parent.parents)]
    found = {p.number for p in ancestors(plan, library)} | {plan.number}
    return tuple(n for n in dict.fromkeys(named) if n not in found)


def parent_cycle(plan: m.Plan, library: Library | None) -> Diagnostic | None:
    """P502 (an error) when `plan` or one of its ancestors is its own ancestor, else None.

    Which targets such a plan inherits would depend on where the cycle is
    cut (`ancestors` cuts it somewhere, silently): refusing to compile it is
    the one answer that cannot give a wrong verdict. Parents are followed
    by number, `plan` standing for its own number; the finding names the
    cycle and sits on the `cấp trên` that closes it.
    """
    if library is None:
        return None

    def plan_of(number: str) -> m.Plan | None:
        return plan if number == plan.number else library.by_number(number)

    path: list[m.Plan] = [plan]
    done: set[str | None] = set()
    stack = [iter(dict.fromkeys(plan.parents))]  # depth first, without recursion
    while stack:
        number = next(stack[-1], None)
        if number is None:
            done.add(path.pop().number)
            stack.pop()
            continue
        on_path = [p.number for p in path]
        if number in on_path:
            ring = path[on_path.index(number):]
            return _cycle_finding(ring, library)
        parent = plan_of(number)
        if parent is None or number in done:
            continue
        path.append(parent)
        stack.append(iter(dict.fromkeys(parent.parents)))
    return None


def _cycle_finding(ring: list[m.Plan], library: Library) -> Diagnostic:
    """The library's P502 message for `ring` (each plan naming the next as its parent, the last the first)."""
    def named(p: m.Plan) -> str:
        return f"{p.number} ({library.path_of(p) or (p.span.file if p.span else '?')})"

    text = " → ".join(named(p) for p in ring) + f" → {ring[0].number}"
    last, first = ring[-1], ring[0]
    span = library.header_span(last, "parents", first.number) or last.span
    file = library.path_of(last) or (last.span.file if last.span else "?")
    return Diagnostic("P502", LanguageMessage.of("parent_cycle", cycle=text), span, Severity.ERROR,
                      (LanguageMessage.of("hint_parent_cycle", number=first.number, file=file),))


def in_force(rule: MetricRule, plan: m.Plan) -> MetricRule:
    """A parent's `rule` as `plan` applies it: never before the effective date `plan` states, nor after its end.

    An inherited target keeps its parent's years otherwise (from the parent's
    date), as it always has: only a validity the child writes narrows them.
    """
    first, start, last, counted = rule.first_year, rule.start, rule.last_year, rule.counted_from
    end = rule.counted_to
    if plan.effective is not None and plan.effective > start:
        first, start, counted = plan.effective.year, plan.effective, plan.effective
    if plan.until is not None and (last is None or plan.until.year < last):
        last = plan.until.year
    if plan.until is not None and (end is None or plan.until < end):
        end = plan.until
    if (first, start, last, counted, end) == (rule.first_year, rule.start, rule.last_year, rule.counted_from,
                                              rule.counted_to):
        return rule
    return attrs.evolve(rule, first_year=first, start=start, last_year=last, counted_from=counted, counted_to=end)


def covers(mine: MetricRule, theirs: MetricRule) -> bool:
    """Does `mine` already demand at least what `theirs` does, of at least the same units, so `theirs` is not applied?

    The one test both `compile` (which parent targets to apply) and
    `inheritance.check_inheritance` (which restatements weaken a parent)
    use, so `check` passes exactly when `eval` applies no parent target the
    child restates.
    """
    return restates(mine, theirs) and binds_as_many(mine, theirs) and not shortfalls(mine, theirs)


def binds_as_many(mine: MetricRule, theirs: MetricRule) -> bool:
    """Does `mine` bind at least the units `theirs` binds?

    A task's target binds only the task's leads, a scoped one its scope (`phạm vi`,
    with the members its groups list): inside a task, or scoped to fewer units, a
    target on a parent's plan-wide measure does not replace it, whatever its
    threshold; the parent's still binds every unit, the task's lead included.
    Names are compared as written: a unit does not stand for a group that lists it,
    since the facts may add members to any group (`member_of`).
    """
    if mine.leads is None:
        return True
    if theirs.leads is None:
        return False
    return (theirs.reach or theirs.leads) <= (mine.reach or mine.leads)


def restates(mine: MetricRule, theirs: MetricRule, *, base_year: bool = True) -> bool:
    """Is `mine` about what `theirs` is about: the same measured thing, in the same direction, in a year
    `theirs` applies in, against the same base year? (Whom it binds is `binds_as_many`; the exclusion, `trừ`,
    is a shortfall.) A growth against 2020 and one against the previous year are different numbers: neither
    bounds the other (`base_year=False` asks whether they differ only in that: inheritance's I309)."""
    if mine.year is not None and theirs.year is not None and mine.year != theirs.year:
        return False
    if base_year and mine.base_year != theirs.base_year:
        return False
    if mine.base_kind is not theirs.base_kind:
        return False  # the growth of a count and that of a share: a percentage and percentage points
    if mine.kind is RuleKind.SHARE and mine.running_from != theirs.running_from:
        return False  # a share of a running total and a year's share are different numbers: neither bounds the other
    if mine.data_from != theirs.data_from:
        return False  # years made of other days (a data window): neither target bounds the other
    if mine.kind is RuleKind.REPORTED and mine.metric != theirs.metric:
        return False  # two reported figures are the same figure only by name
    if [t.key for t in mine.terms] != [t.key for t in theirs.terms]:
        return False  # a ratio of other measures
    return (mine.record_kind, mine.kind, mine.pos, mine.field, mine.by, mine.category, mine.bound.sides, mine.text) == (
        theirs.record_kind, theirs.kind, theirs.pos, theirs.field, theirs.by, theirs.category, theirs.bound.sides,
        theirs.text)


def shortfalls(mine: MetricRule, theirs: MetricRule) -> tuple[str, ...]:
    """How `mine`, restating `theirs`, asks less: "minimum" (a lower minimum, or a range's lower end lowered;
    at the same number, inclusive where the parent's is strict), "maximum" (a higher maximum, a range's top
    raised), "exclusion" (it leaves out other records, so the share is another one), "period" (fewer years,
    or judged on a day of the parent's year that asks less)."""
    out = [{"lower": "minimum", "upper": "maximum"}[end] for end in mine.bound.looser_ends(theirs.bound)]
    if mine.neg != theirs.neg:
        out.append("exclusion")
    if mine.kind is RuleKind.ASSESSED and set(mine.assessors) != set(theirs.assessors):
        out.append("assessor")  # judged by someone else: not the parent's judgement
    if _sums_more(mine, theirs):
        out.append("period")
        return tuple(out)
    if mine.year is not None and theirs.year is None and not _only_year_in_force(mine):
        out.append("period")
    elif mine.year is None and theirs.year is None and _ends_sooner(mine, theirs):
        out.append("period")
    elif mine.year is None and theirs.year is None and _asks_later(mine, _by(mine), _by(theirs)):
        out.append("period")  # every year, judged on another day that asks less
    elif theirs.year is not None:
        # judged on another day of the parent's year (`đến ngày`; without one, 31 December): a minimum
        # reached by a later day, or a maximum kept only up to an earlier one, asks less
        mine_day = mine.cut_off if mine.year is not None else (
            day_of(theirs.year, mine.by_day) if mine.by_day is not None else _dt.date(theirs.year, 12, 31))
        if _asks_later(mine, mine_day, theirs.cut_off):
            out.append("period")
        elif mine.year is None and mine.until_year is not None and mine.until_year < theirs.year and \
                (mine.last_year is None or mine.last_year > mine.until_year):  # it stops before the parent's year
            out.append("period")
    return tuple(out)


def _sums_more(mine: MetricRule, theirs: MetricRule) -> bool:
    """Does `mine` ask less by what it adds up: a minimum on a running total from an earlier start than
    `theirs` (or on one where `theirs` is a year's level), a maximum from a later one (or on a level)?
    Counts only grow, so the longer the run, the larger the count."""
    if mine.running_from == theirs.running_from:
        return False
    latest = _dt.date.max  # a year's level: counted from the latest start of all
    earlier = (mine.running_from or latest) < (theirs.running_from or latest)
    return earlier == mine.bound.minimum or mine.bound.sides == "both"  # a range: either way, not the same


def _by(rule: MetricRule) -> tuple[int, int]:
    """The (month, day) a yearly target is judged on each year: `đến ngày`, or 31 December."""
    return (rule.by_day[1], rule.by_day[0]) if rule.by_day is not None else (12, 31)


def _asks_later(mine: MetricRule, my_day, their_day) -> bool:
    """Is `mine` judged on a day that asks less: a minimum reached later, or a maximum kept up to an earlier day?
    A range is judged on another day than its parent's: a count may keep one and not the other, either way."""
    if my_day == their_day:
        return False
    return mine.bound.sides == "both" or (my_day > their_day) == mine.bound.minimum


def _ends_sooner(mine: MetricRule, theirs: MetricRule) -> bool:
    """Does `mine` (every year, `đến năm`) stop asking before `theirs` does, while its plan is still in force?"""
    if mine.until_year is None:
        return False
    theirs_last = theirs.until_year
    if theirs_last is not None and mine.until_year >= theirs_last:
        return False
    return mine.last_year is None or mine.last_year > mine.until_year


def _only_year_in_force(rule: MetricRule) -> bool:
    """Is `rule`'s one year (`trong năm Y`) the only year its plan is in force? Then it is every year of it."""
    return rule.last_year is not None and rule.first_year == rule.last_year == rule.year


def _at(span) -> str | None:
    return f"{span.file}:{span.line}:{span.column}" if span is not None else None


def target_rules(plan: m.Plan, vocabulary: Vocabulary, inherited_from: str | None = None) -> Iterator[MetricRule]:
    """One `MetricRule` per target of `plan` (standing alone or in a task), in file order."""
    numbering: dict[str, int] = {}
    levels = any(u.levels for u in plan.units)
    for statement in plan.body:
        if isinstance(statement, (m.Target, m.AssessedTarget)):
            pairs = [(statement, statement.address, statement.span)]
            leads = None
        elif isinstance(statement, m.Task):
            pairs = [(t, t.address or statement.address, t.span or statement.span) for t in statement.targets]
            leads = frozenset(statement.leads) or None  # a task with no lead binds every unit
        else:
            continue
        for target, address, span in pairs:
            where = str(address) if address is not None else ""
            numbering[where] = numbering.get(where, 0) + 1
            rule_id = f"{where}#{numbering[where]}"
            if inherited_from:
                rule_id = f"{inherited_from}:{rule_id}"
            source = target.source
            clause = Clause(
                plan=plan.number or "", rule=rule_id, address=where or None, source=source,
                document=(source.document if source and source.document else plan.source_text),
                at=_at(span), inherited_from=inherited_from, span=span, stated=target,
            )
            rule = _metric_rule(plan, target, clause, vocabulary, scoped(plan, target, leads))
            yield attrs.evolve(rule, reach=reach(plan, rule.leads)) if rule.leads and levels else rule


def reach(plan: m.Plan, leads: frozenset[str]) -> frozenset[str]:
    """`leads` as inheritance compares them (`MetricRule.reach`): a level group as its levels, "cấp xã"."""
    levels = {u.name: u.levels for u in plan.units if u.levels}
    return frozenset(token for n in leads for token in ([f"cấp {x}" for x in levels[n]] if n in levels else [n]))


def scoped(plan: m.Plan, target: m.Target, leads: frozenset[str] | None) -> frozenset[str] | None:
    """The names `target` binds (`MetricRule.leads`; None: every unit judged): its scope (`phạm vi`) when
    it states one, else `leads` (its task's, or None outside a task).

    A scope's groups bring in the members they list, transitively: they bind them anyway, and so
    `binds_as_many` sees that a child scoped to a group takes in a parent's target scoped to one of its
    units. The whole territory, or a group of every unit (`= tất cả`) or a role (in every unit), is None:
    one spelling of "every unit".
    """
    if target.scope is None:
        return leads
    declared = {u.name: u for u in plan.units}
    names, queue = set(target.scope.names), list(target.scope.names)
    while queue:
        unit = declared.get(queue.pop())
        if unit is not None and (unit.all_units or unit.kind is m.UnitKind.ROLE):
            return None
        for member in unit.members if unit is not None else ():
            if member not in names:
                names.add(member)
                queue.append(member)
    return frozenset(names) or None


def _running_from(plan: m.Plan, target, cumulative: m.Cumulative | None, window: m.DataWindow | None
                  ) -> _dt.date | None:
    """The first day a running total (`lũy kế`) counts: its stated start, else the plan's effective date,
    else 1 January of the plan's year; None for a target on each year's level."""
    starts = window.start if window is not None else None
    if isinstance(target.period, m.SpanPeriod):  # a span adds up its years, from its first
        stated = cumulative.start if cumulative is not None else None
        return stated or year_bounds(target.period.first, starts)[0]
    if cumulative is None:
        return None
    return cumulative.start or plan.effective or year_bounds(year_of(plan.valid_from, starts), starts)[0]


def _metric_rule(plan: m.Plan, target: m.Target | m.AssessedTarget, clause: Clause, vocabulary: Vocabulary,
                 leads: frozenset[str] | None) -> MetricRule:
    year = target.period.year if isinstance(target.period, (m.YearPeriod, m.AtDatePeriod, m.SpanPeriod)) else None
    at = target.period.date if isinstance(target.period, m.AtDatePeriod) else None
    if isinstance(target, m.AssessedTarget):  # nothing measured: met or not as its assessor reports
        expr, name, comparator, threshold, upper = None, None, m.Comparator.AT_LEAST, m.Quantity(1), None
        cumulative, window, when_none = None, None, None
    else:
        expr = vocabulary.expr(target.metric)
        name = target.metric.name if isinstance(target.metric, m.MetricName) else None
        comparator, threshold, upper = target.comparator, target.threshold, target.upper
        cumulative, window, when_none = target.cumulative, target.data_window, target.when_none
        wrong = unit_mismatch(expr, target.threshold.unit, vocabulary.kinds, vocabulary.metrics)
        if wrong is None and target.upper is not None:
            wrong = unit_mismatch(expr, target.upper.unit, vocabulary.kinds, vocabulary.metrics)
        if wrong is not None:  # a parent's target compiled against the child's vocabulary: checked here too
            raise PlanError([Diagnostic("R210", LanguageMessage.of(wrong[0], **wrong[1]), target.span)])
    kind = _record_kind(expr, vocabulary) if expr is not None else ""
    common = dict(
        clause=clause, metric=name, comparator=comparator, threshold=threshold, upper=upper,
        when_none=when_none,
        monitored_by=target.monitored_by, scoped=target.scope is not None,
        first_year=plan.valid_from.year, year=year, start=plan.valid_from, category=getattr(target, "category", None), leads=leads,
        last_year=plan.until.year if plan.until is not None else None,
        value_unit=metric_unit(expr, vocabulary.kinds, vocabulary.metrics) if expr is not None else m.QuantityUnit.NONE,
        value_label=vocabulary.label(expr) if expr is not None else None, at=at,
        counted_from=plan.effective,
        counted_to=plan.until,
        until_year=target.period.until if isinstance(target.period, m.EachYearPeriod) else None,
        by_day=target.period.by if isinstance(target.period, m.EachYearPeriod) else None,
        snapshot=bool(kind) and vocabulary.date_field(kind) is None,
        running_from=_running_from(plan, target, cumulative, window),
        data_from=window.start if window is not None else None,
        span=isinstance(target.period, m.SpanPeriod),
    )
    if isinstance(target, m.AssessedTarget):
        return MetricRule(kind=RuleKind.ASSESSED, record_kind="", text=target.text, assessors=target.assessors,
                          **common)
    if isinstance(expr, m.TasksCompleted):  # over the unit's own deadline verdicts (`ruleset`)
        return MetricRule(kind=RuleKind.TASKS, record_kind="", field="on_time" if expr.on_time else "delivered",
                          **common)

    def built(tests):
        pairs = compiled(tests)
        if pairs is None:
            raise PlanError([Diagnostic("C302", EvaluationMessage.of("contradiction", name=name or "-"), target.span)])
        return pairs

    if isinstance(expr, m.ShareOf):
        neg = built(expr.excluding) if expr.excluding else None
        return MetricRule(kind=RuleKind.SHARE, record_kind=expr.kind, pos=built(expr.where), neg=neg, **common)
    if isinstance(expr, m.Change):
        return _change_rule(expr, target, vocabulary, built, common)
    if isinstance(expr, m.CountOf):
        neg = built(expr.excluding) if expr.excluding else None
        return MetricRule(kind=RuleKind.COUNT, record_kind=expr.kind, pos=built(expr.where), neg=neg, **common)
    if isinstance(expr, m.SumOf):
        return MetricRule(kind=RuleKind.SUM, record_kind=expr.kind, pos=built(expr.where), field=expr.field, **common)
    if isinstance(expr, m.Reported):
        return MetricRule(kind=RuleKind.REPORTED, record_kind="", **common)
    if isinstance(expr, m.RatioOf):
        terms = tuple(_term(x, vocabulary, built) for x in (expr.numerator, expr.denominator))
        return MetricRule(kind=RuleKind.RATIO, record_kind="", terms=terms, **common)
    return MetricRule(kind=RuleKind.CAP, record_kind=expr.kind, field=expr.field, by=expr.by, **common)


_CHANGES = {m.CutVsPreviousYear: RuleKind.CUT, m.Growth: RuleKind.GROWTH, m.AverageGrowth: RuleKind.AVERAGE_GROWTH}


def _change_rule(expr, target: m.Target, vocabulary: Vocabulary, built, common: dict) -> MetricRule:
    """A cut, a growth or an average growth: of a count (a percentage of the baseline) or of a share (in
    percentage points), against the previous year, a fixed base year, or (an average) the year before the span."""
    base = changed(expr, vocabulary.metrics)
    base_year = getattr(expr, "year", None)
    if isinstance(expr, m.AverageGrowth):  # from the year before its span to the span's last year, as levels
        base_year = target.period.first - 1 if isinstance(target.period, m.SpanPeriod) else None
        common = {**common, "running_from": None, "span": False}
    if isinstance(base, m.RatioOf):  # of a sum, a ratio or a reported figure: measured as terms (`figures.change`)
        terms = tuple(_term(x, vocabulary, built) for x in (base.numerator, base.denominator))
        return MetricRule(kind=_CHANGES[type(expr)], record_kind="", terms=terms, base_year=base_year,
                          base_kind=RuleKind.RATIO, **common)
    if isinstance(base, (m.SumOf, m.Reported)):
        kind = RuleKind.SUM if isinstance(base, m.SumOf) else RuleKind.REPORTED
        return MetricRule(kind=_CHANGES[type(expr)], record_kind="", terms=(_term(expr.base, vocabulary, built),),
                          base_year=base_year, base_kind=kind, **common)
    share = isinstance(base, m.ShareOf)
    neg = built(base.excluding) if base.excluding else None  # a share's or a count's (`trừ`)
    return MetricRule(kind=_CHANGES[type(expr)], record_kind=base.kind, pos=built(base.where), neg=neg,
                      base_year=base_year, base_kind=RuleKind.SHARE if share else RuleKind.COUNT, **common)


def _record_kind(expr: m.MetricExpr, vocabulary: Vocabulary) -> str:
    """The record kind a metric counts or measures (a change's, through its base); "" for one over the plan's own
    verdicts, a reported figure or a ratio, which measure none (or several), and for a change of a sum, whose
    record kind is its term's (`figures.Term`)."""
    if isinstance(expr, m.Change):
        expr = changed(expr, vocabulary.metrics)
        return expr.kind if isinstance(expr, (m.CountOf, m.ShareOf)) else ""
    if isinstance(expr, (m.TasksCompleted, m.Reported, m.RatioOf)):
        return ""
    return expr.kind


def _term(x: m.Term, vocabulary: Vocabulary, built) -> Term:
    """A ratio's numerator or denominator as evaluation measures it (`figures.Term`)."""
    name = x.name if isinstance(x, m.MetricName) else None
    expr = vocabulary.expr(x)
    unit = metric_unit(expr, vocabulary.kinds) or m.QuantityUnit.NONE
    if isinstance(expr, m.Reported):
        return Term(None, metric=name, unit=unit, label=expr.label)
    field = expr.field if isinstance(expr, m.SumOf) else None
    return Term(expr.kind, built(expr.where), field, name, unit, snapshot=vocabulary.date_field(expr.kind) is None)


def several_units(plan: m.Plan) -> frozenset[str]:
    """The names of `plan` that stand for several units: its groups and roles (each member owes its own)."""
    return frozenset(u.name for u in plan.units if u.kind is not m.UnitKind.UNIT)


def joint_leads(task: m.Task, several: frozenset[str]) -> tuple[str, ...]:
    """The leads who answer `task`'s deliverable together: the units it names, when it is joint and names two.

    A group or a role named as a lead (`several`, from `several_units`) binds each
    of its members on its own (docs/language.md, "Several leads"), so it is never
    part of a joint product. The compiler's `DeadlineRule.joint`, and what lint L401
    says of the task.
    """
    if not task.joint:
        return ()
    units = tuple(dict.fromkeys(name for name in task.leads if name not in several))
    return units if len(units) > 1 else ()


def _deadlines(plan: m.Plan) -> Iterator[DeadlineRule]:
    several = None  # worked out once, and only for a plan with a joint task: a plan may have 10,000 units
    for task in plan.tasks:
        if task.joint and several is None:
            several = several_units(plan)
        joint = joint_leads(task, several) if task.joint else ()
        address = str(task.address)
        for position, deadline in enumerate(task.deadlines, start=1):
            span = deadline.span or task.span
            source = deadline.source or task.source
            clause = Clause(
                plan=plan.number or "", rule=f"{address}@{position}", address=address, source=source,
                document=(source.document if source and source.document else plan.source_text), at=_at(span),
                span=span,
            )
            yield DeadlineRule(
                clause=clause, task=address, deadline=deadline, position=position, of=len(task.deadlines),
                leads=frozenset(task.leads) or None, plan_date=plan.valid_from, until=plan.until, joint=joint,
                siblings=task.deadlines,
            )
