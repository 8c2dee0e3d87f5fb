"""The fit of facts to a plan: checked once, then judged.

Facts fit a plan when every unit, group, event, task, deadline, period,
record kind, metric and assessed target they name is the plan's (the F2xx codes: F201–F209, F225), and
no two assessments of one target and year by its assessors contradict each other (F226).
`fit(rules, facts)` checks that once and gives a `Fit`, the facts with the
problems found, which `RuleSet.evaluate` judges without checking again; given
plain facts, `evaluate` fits them itself. The fit is a step of its own so the
command line can load facts, fit them once — listing the loader's problems
and the plan's together — and evaluate the fitted value: before, the loader
and the evaluation each checked the same facts against the same plan.

Facts may name a unit by its official code (`VN-37`) where the register
calls it by its name (`37`): the fit gives such a unit, and every event
naming it, the register's name, so that everything after — binding,
verdicts, reports — speaks of one unit by one name (`Fit.given` keeps the
name as given, which a table source's queries still use).

This module takes the rule set as an argument and never imports `ruleset`
(which imports it): a rule set is the plan's units, groups, events, tasks
and vocabulary here.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import attrs
from attrs import frozen

from ..base.diagnostics import Diagnostic, Message
from ..base.suggest import closest
from ..facts import findings
from ..facts import model as f
from ..facts.register import Register
from .located import fact_diagnostic
from .messages import EvaluationMessage
from .periods import period_problems
from .year_only import year_only_problems


@frozen(eq=False)
class Fit:
    """Facts checked against a rule set once: the facts, where they came from, and every way they do not fit.

    `facts` are the facts checked: for a table source, its light facts (every
    unit and its tables checked, no records), and `source` is the source the
    database counts are taken from. `problems` is empty when the facts fit.
    """

    rules: Any  # the `RuleSet` fitted to (not imported: `ruleset` imports this module)
    facts: f.Facts
    source: Any = None  # a `facts.sources.FactSource`, when the facts are a database's
    problems: tuple[Diagnostic, ...] = ()
    given: dict[str, str] = attrs.Factory(dict)  # a unit the facts named by its code: the register's name -> the code as given
    binding: Any = None  # who the plan binds with what the facts' units table adds to the register (None: the rules')

    @property
    def judged(self) -> Any:
        """What the evaluation counts on: the source when there is one, else the facts."""
        return self.source if self.source is not None else self.facts


def fit(rules, facts) -> Fit:
    """`facts` (a `Facts` or a table source) checked once against the plan of `rules`.

    The facts' own `units` table may say what a register says (a unit's label,
    code, level, parent, groups): the plan's register is completed with it — a
    unit the register lacks is taken from the facts, a unit it has must agree
    (F216) — and who the plan binds is worked out again on the whole.
    """
    source = None
    if not isinstance(facts, f.Facts):
        source, facts = facts, facts.light_facts(rules.vocabulary)  # the tables checked; every unit, no records
    tables = getattr(source, "shown_table", None)  # a mapped table named as the database names it
    binding, disagreements = _with_facts_register(rules, facts, tables)
    named, given = by_register_name(binding.register, facts)
    clashes: list[Diagnostic] = []
    if source is not None and not getattr(source, "unit_keys", None):
        given, clashes = _as_recorded(source, binding.register, facts, given, rules.plan.number or "", tables)
    if source is not None and getattr(source, "unit_keys", None):  # the database names its units by a key
        keys = source.keys_of(u.name for u in facts.units)
        given = {name: keys.get(as_given, as_given) for name, as_given in
                 {**{n: n for n in keys}, **given}.items() if keys.get(as_given, as_given) != name}
    named = _without_places(binding, named, _recorded(source, binding.register) if source is not None else set())
    problems = (*disagreements, *clashes,
                *misfits(rules, named, binding, register_refused=bool(disagreements), tables=tables),
                *year_only_problems(rules, source))
    return Fit(rules, named, source, tuple(problems), given, None if binding is rules.binding else binding)


def _with_facts_register(rules, facts: f.Facts, tables=None) -> tuple[Any, list[Diagnostic]]:
    """The binding of `rules` with the register the facts' units table adds, and where the two disagree (F216,
    each at its unit's row, its table named by `tables`: `located.fact_diagnostic`)."""
    said = Register.of_facts(facts)
    if not any(u.label or u.code or u.level or u.parent or u.successor for u in said.units):
        return rules.binding, []  # member_of alone: the fit reads it from each unit, as before
    register = rules.register
    out: list[Diagnostic] = _codes(facts, register, tables)
    plan = rules.plan.number or ""
    for unit in said.units:
        known = register.get(unit.name)
        if known is None:
            continue
        for key in f.REGISTER_FIELDS:
            theirs, mine = getattr(unit, key), getattr(known, key)
            if theirs is not None and theirs != mine:
                message = EvaluationMessage.of("register_disagrees", plan=plan, unit=unit.name, field=key,
                                               facts=theirs, register=mine if mine is not None else "-")
                out.append(fact_diagnostic("F216", message, unit.origin, tables=tables))
    merged = Register.merge([register, said])
    for unit in said.units:
        if unit.successor is not None and unit.successor not in merged:  # (the register's own: F155 when read)
            message = EvaluationMessage.of("successor_not_registered", plan=plan, unit=unit.name,
                                           parent=unit.successor)
            out.append(fact_diagnostic("F216", message, unit.origin, tables=tables))
        if unit.parent is not None and unit.parent not in merged:
            message = EvaluationMessage.of("parent_not_registered", plan=plan, unit=unit.name, parent=unit.parent)
            out.append(fact_diagnostic("F216", message, unit.origin,
                                       (Message.of("did_you_mean", name=close),) if (close := closest(
                                           unit.parent, [u.name for u in merged.units])) else (), tables))
        elif unit.name in merged.ancestors(unit.name) or _loops(merged, unit.name):
            message = EvaluationMessage.of("unit_under_itself", plan=plan, unit=unit.name)
            out.append(fact_diagnostic("F216", message, unit.origin, tables=tables))
    if out:
        return rules.binding, out
    return rules.binding.with_register(merged), out


def _recorded(source, register) -> set[str]:
    """The units (by the register's names) that records of `source` name: a table source's facts hold none."""
    keys = getattr(source, "unit_keys", None) or {}
    return {register.name_of(name) or name for name in (keys.get(raw, raw) for raw in source.recorded_units())}


def _codes(facts: f.Facts, register, tables=None) -> list[Diagnostic]:
    """F147, as a register file gets it: an official code the facts' units table gives a unit that another unit
    holds (in the table or the plan's register), or that is another unit's name. A fact naming that code would
    mean either unit: one was chosen in silence (the last listed), its records counted as the other's."""
    out: list[Diagnostic] = []
    origins = {u.name: u.origin for u in facts.units}
    # the units a register or a units table lists (not a name records give a unit by, its code among them)
    names = {*(u.name for u in facts.units if any(getattr(u, k) is not None for k in f.REGISTER_FIELDS)),
             *(u.name for u in register.units)}
    holders: dict[str, str] = {u.code: u.name for u in register.units if u.code is not None}

    def place(name: str) -> str:
        origin = origins.get(name)
        if origin is None:
            return ", ".join(register.files) or "-"
        table = tables(origin.table) if tables is not None else origin.table
        return f"{origin.file} ({table}" + (f"[{origin.row}])" if origin.row else ")")

    for unit in facts.units:
        code = unit.code
        if code is None:
            continue
        if code in names and code != unit.name:
            found = findings.code_is_name(code, unit.name, place(code))
        elif holders.setdefault(code, unit.name) != unit.name:
            found = findings.code_twice(code, unit.name, holders[code], place(holders[code]))
        else:
            continue
        out.append(fact_diagnostic(found.code, found.message, unit.origin, found.hints, tables))
    return out


def _without_places(binding, facts: f.Facts, recorded: set[str] = frozenset()) -> f.Facts:
    """`facts` without the units listed only to say who lies under them: a province or the nation in the units
    table, reporting nothing, above a unit the plan binds. They are the register's, not units judged.

    `recorded`: the units a table source's records name (its facts hold no record): a province with records
    of its own reports, and is F201 when the plan binds it not, as it is from a TOML file; its records were
    left out in silence, the communes judged without a word."""
    parents = {u.parent for u in binding.register.units if u.parent is not None}
    places = {u.name for u in facts.units
              if u.name in parents and not binding.knows(u.name, u.member_of)
              and not (u.records or u.counts or u.values or u.deliveries) and u.name not in recorded}
    if not places or any(e.unit in places for e in facts.events):
        return facts
    return attrs.evolve(facts, units=tuple(u for u in facts.units if u.name not in places))


def _loops(register, name: str) -> bool:
    """Does following `parent` from `name` come back to a unit already passed (a cycle above it)?"""
    seen = {name}
    unit = register.get(name)
    while unit is not None and unit.parent is not None:
        if unit.parent in seen:
            return True
        seen.add(unit.parent)
        unit = register.get(unit.parent)
    return False


def by_register_name(register, facts: f.Facts) -> tuple[f.Facts, dict[str, str]]:
    """`facts` with every unit named by its official code renamed to the register's name for it.

    Returns the facts (the same value when nothing is renamed) and, for each
    renamed unit, its name as given. A unit reported under both its code and
    its name is one unit: its facts are merged.
    """
    given: dict[str, str] = {}
    for unit in facts.units:
        name = register.name_of(unit.name)
        if name is not None and name != unit.name:
            given[name] = unit.name
    events_renamed = any(e.unit is not None and e.unit not in register and register.name_of(e.unit) is not None
                         for e in facts.events)
    if not given and not events_renamed:
        return facts, given
    renamed = {code: name for name, code in given.items()}
    units = tuple(attrs.evolve(u, name=renamed.get(u.name, u.name)) for u in facts.units)
    events = tuple(attrs.evolve(e, unit=register.name_of(e.unit) or e.unit) if e.unit is not None else e
                   for e in facts.events)
    merged = f.Facts.merge([f.Facts(units, events, facts.period, facts.files)])
    return merged, given


def _as_recorded(source, register, facts: f.Facts, given: dict[str, str],
                 plan: str, tables=None) -> tuple[dict[str, str], list[Diagnostic]]:
    """`given` (the register's name of a unit -> its name as the facts gave it) with each unit named as the record
    tables of `source` name it, which is what the database groups its counts by: a unit named by its code in one
    table and by its name in a record table is queried by its name. A unit whose records are under both (its name
    and a code, or two codes) is F241, at the unit: each query would count the records of one name alone."""
    recorded = source.recorded_units()
    raws: dict[str, list[str]] = {}
    for unit in facts.units:
        raws.setdefault(register.name_of(unit.name) or unit.name, []).append(unit.name)
    out, problems = dict(given), []
    for name, names in raws.items():
        counted = [n for n in names if n in recorded]
        if len(counted) > 1:
            message = EvaluationMessage.of("unit_recorded_twice", plan=plan, unit=name,
                                           names=", ".join(f'"{n}"' for n in counted))
            origin = next((u.origin for u in facts.units if u.name == counted[-1]), None)
            problems.append(fact_diagnostic("F241", message, origin, tables=tables))
        elif counted and counted[0] != name:
            out[name] = counted[0]
        elif counted:
            out.pop(name, None)
    return out, problems


def misfits(rules, facts: f.Facts, binding=None, register_refused: bool = False, tables=None) -> list[Diagnostic]:
    """Every way `facts` do not fit the plan of `rules` (empty when they do), each at its fact's place; `binding`
    is who the plan binds (default: the rules').

    `register_refused`: the facts' units table disagrees with the plan's register or with itself (F216, a parent
    missing, a cycle), so who the plan binds through it (a level, a parent, a group) cannot be worked out: no
    unit is then said to be outside the plan (F201), where every unit of a plan binding `cấp xã` was, each
    after the one F216 that explains them all. `tables`: how a table source names the tables of facts' origins."""
    binding = binding if binding is not None else rules.binding
    plan = rules.plan.number or ""
    out: list[Diagnostic] = []

    def problem(code: str, key: str, origin, candidates=(), **args):
        hints = ()
        name = args.get("name")
        if candidates and isinstance(name, str):
            close = closest(name, sorted(candidates))
            if close is not None:
                hints = (Message.of("did_you_mean", name=close),)
        out.append(fact_diagnostic(code, EvaluationMessage.of(key, plan=plan, **args), origin, hints, tables))

    for unit in facts.units:
        if not register_refused and not binding.knows(unit.name, unit.member_of):
            problem("F201", "unit_not_in_plan", unit.origin, binding.names, name=unit.name)
        for group in unit.member_of:
            if group not in rules.groups:
                problem("F202", "unknown_group", unit.origin, rules.groups, name=group, unit=unit.name)
        for record in unit.records:
            if record.kind not in rules.vocabulary.kinds:
                problem("F208", "unknown_kind_for_plan", record.origin, rules.vocabulary.kinds, name=record.kind)
        for count in unit.counts:
            if count.kind not in rules.vocabulary.kinds:
                problem("F208", "unknown_kind_for_plan", count.origin, rules.vocabulary.kinds, name=count.kind)
        for value in unit.values:
            if value.metric not in rules.vocabulary.metrics:
                problem("F209", "unknown_metric_for_plan", value.origin, rules.vocabulary.metrics,
                        name=value.metric)
        for delivery in unit.deliveries:
            _delivery_misfits(rules, delivery, problem)
        _assessment_misfits(rules, unit, problem)
    reporting = {u.name for u in facts.units if binding.knows(u.name, u.member_of)}
    for event in facts.events:
        if event.event not in rules.events:
            problem("F203", "event_not_in_plan", event.origin, rules.events, name=event.event)
        if event.unit is not None and event.unit not in binding.names and event.unit not in reporting:
            problem("F201", "unit_not_in_plan", event.origin, binding.names, name=event.unit)
    return out


def _assessment_misfits(rules, unit: f.UnitFacts, problem) -> None:
    """F225: an assessment of a target the plan has no assessed target at; F226: two assessments of one target and
    year by its assessors that contradict each other (at the later one, naming the earlier)."""
    assessed = [r for r in rules.metric_rules if r.text is not None]
    known = {key for r in assessed for key in (r.clause.address, r.clause.cited) if key is not None}
    seen: dict[tuple, f.Assessment] = {}
    for a in unit.assessments:
        if a.target not in known:
            problem("F225", "unknown_assessed", a.origin, known, name=a.target)
            continue
        if not any(a.target in (r.clause.address, r.clause.cited) and a.assessor in r.assessors for r in assessed):
            continue  # not counted, and the verdict says so
        earlier = seen.setdefault((a.target, a.year), a)
        if earlier.met != a.met:
            words = {True: ("met", "đạt"), False: ("not met", "không đạt")}
            problem("F226", "assessments_contradict", a.origin, unit=unit.name, name=a.target, year=a.year,
                    assessor=a.assessor, result=words[a.met], other=earlier.assessor, before=words[earlier.met],
                    at=str(earlier.origin) if earlier.origin is not None else "-")


def _delivery_misfits(rules, delivery: f.Delivery, problem) -> None:
    """F204–F207 of `misfits`: a delivery answers exactly one deadline of a task of the plan, in a period of it."""
    deadlines = rules.tasks.get(delivery.task)
    if deadlines is None:
        problem("F204", "unknown_task", delivery.origin, rules.tasks, name=delivery.task)
        return
    if not deadlines:
        problem("F205", "no_deadline", delivery.origin, name=delivery.task)
        return
    labels = ", ".join(f'"{r.deadline.label}"' if r.deadline.label else str(r.position) for r in deadlines)
    answered = [r for r in deadlines if r.answers(delivery)]
    if not answered:
        key = "which_deadline" if delivery.deadline is None else "unknown_deadline"
        problem("F206", key, delivery.origin, name=delivery.task, count=len(deadlines), labels=labels,
                deadline=delivery.deadline or "")
        return
    if len(answered) > 1:  # a label several deadlines share (L407): never counted for all of them
        problem("F206", "shared_label", delivery.origin, name=delivery.task, deadline=delivery.deadline,
                positions=", ".join(str(r.position) for r in answered))
        return
    (rule,) = answered
    for _, reason in period_problems(rule.deadline, [delivery], plan_date=rule.plan_date, as_of=_dt.date.max):
        problem("F207", "delivery_period", delivery.origin, name=delivery.task, reason=reason)
