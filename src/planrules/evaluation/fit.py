"""The fit of facts to a plan: checked once, then judged.

Facts fit a plan when every unit, group, event, task, deadline, period,
record kind and metric they name is the plan's (the F2xx codes: F201–F209).
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
from ..facts import model as f
from .located import fact_diagnostic
from .messages import EvaluationMessage
from .periods import period_problems


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

    @property
    def judged(self) -> Any:
        """What the evaluation counts on: the source when there is one, else the facts."""
        return self.source if self.source is not None else self.facts


def fit(rules, facts) -> Fit:
    """`facts` (a `Facts` or a table source) checked once against the plan of `rules`."""
    if isinstance(facts, f.Facts):
        named, given = by_register_name(rules.register, facts)
        return Fit(rules, named, None, tuple(misfits(rules, named)), given)
    checked = facts.light_facts(rules.vocabulary)  # the tables checked; every unit, no records
    named, given = by_register_name(rules.register, checked)
    return Fit(rules, named, facts, tuple(misfits(rules, named)), given)


def by_register_name(register, facts: f.Facts) -> tuple[f.Facts, dict[str, str]]:
    """`facts` with every unit named by its official code renamed to the register's name for it.

    Returns the facts (the same value when nothing is renamed) and, for each
    renamed unit, its name as given. A unit reported under both its code and
    its name is one unit: its facts are merged.
    """
    given: dict[str, str] = {}
    for unit in facts.units:
        name = register.name_of(unit.name) if unit.name not in register else unit.name
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


def misfits(rules, facts: f.Facts) -> list[Diagnostic]:
    """Every way `facts` do not fit the plan of `rules` (empty when they do), each at its fact's place."""
    plan = rules.plan.number or ""
    out: list[Diagnostic] = []

    def problem(code: str, key: str, origin, candidates=(), **args):
        hints = ()
        name = args.get("name")
        if candidates and isinstance(name, str):
            close = closest(name, sorted(candidates))
            if close is not None:
                hints = (Message.of("did_you_mean", name=close),)
        out.append(fact_diagnostic(code, EvaluationMessage.of(key, plan=plan, **args), origin, hints))

    for unit in facts.units:
        if not rules.binding.knows(unit.name, unit.member_of):
            problem("F201", "unit_not_in_plan", unit.origin, rules.units, name=unit.name)
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
    reporting = {u.name for u in facts.units if rules.binding.knows(u.name, u.member_of)}
    for event in facts.events:
        if event.event not in rules.events:
            problem("F203", "event_not_in_plan", event.origin, rules.events, name=event.event)
        if event.unit is not None and event.unit not in rules.units and event.unit not in reporting:
            problem("F201", "unit_not_in_plan", event.origin, rules.units, name=event.unit)
    return out


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
