"""The fit of facts to a plan: checked once, then judged.

Facts fit a plan when every unit, group, event, task, deadline, period,
record kind and metric they name is the plan's (the F2xx codes: F201–F209).
`fit(rules, facts)` checks that once and gives a `Fit`, the facts with the
problems found, which `RuleSet.evaluate` judges without checking again; given
plain facts, `evaluate` fits them itself. The fit is a step of its own so the
command line can load facts, fit them once — listing the loader's problems
and the plan's together — and evaluate the fitted value: before, the loader
and the evaluation each checked the same facts against the same plan.

This module takes the rule set as an argument and never imports `ruleset`
(which imports it): a rule set is the plan's units, groups, events, tasks
and vocabulary here.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

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

    @property
    def judged(self) -> Any:
        """What the evaluation counts on: the source when there is one, else the facts."""
        return self.source if self.source is not None else self.facts


def fit(rules, facts) -> Fit:
    """`facts` (a `Facts` or a table source) checked once against the plan of `rules`."""
    if isinstance(facts, f.Facts):
        return Fit(rules, facts, None, tuple(misfits(rules, facts)))
    checked = facts.light_facts(rules.vocabulary)  # the tables checked; every unit, no records
    return Fit(rules, checked, facts, tuple(misfits(rules, checked)))


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
        if unit.name not in rules.units:
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
    for event in facts.events:
        if event.event not in rules.events:
            problem("F203", "event_not_in_plan", event.origin, rules.events, name=event.event)
        if event.unit is not None and event.unit not in rules.units:
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
