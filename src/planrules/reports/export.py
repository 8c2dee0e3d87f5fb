"""A compiled rule set as plain data, for systems that do not run Python.

`ruleset_to_dict` lists every effective target (own and inherited) with its
kind, metric, the records and condition it counts (a change: what it is of, and its base year), comparator, exact
threshold, period, the units it binds (its scope with the members its groups list, or its
task's leads; "*": every unit), who monitors it, and its places (the `.plan` file and
the seed document), and every task deadline (with `joint`, the leads who answer it
together, when they do). `planrules export` writes it as
TOML or JSON. Thresholds are exact fractions written as strings ("3/5").
"""

from __future__ import annotations

import json

import tomli_w

from ..language import model as m
from ..evaluation.conditions import General
from ..evaluation.rules import Clause, DeadlineRule, MetricRule
from ..evaluation.ruleset import RuleSet

FORMAT_VERSION = 1


def _clause(c: Clause) -> dict:
    out = {"rule": c.rule, "plan": c.plan}
    if c.cited:
        out["clause"] = c.cited
    if c.inherited_from:
        out["inherited_from"] = c.inherited_from
    if c.source is not None:
        out["source"] = str(c.source)
    if c.document:
        out["document"] = c.document
    if c.at:
        out["at"] = c.at
    return out


def _where(pairs) -> dict | str:
    """A rule's condition: its (field, value) pairs, or a general condition as the explanations write it."""
    if isinstance(pairs, General):
        return pairs.text()
    return {k: v for k, v in pairs}


def _target(rule: MetricRule) -> dict:
    out = _clause(rule.clause)
    out.update(
        kind=rule.kind.value,
        record_kind=rule.record_kind,
        comparator=rule.comparator.value,
        threshold=str(rule.threshold.value),
        threshold_unit=rule.threshold.unit.value or "number",
        threshold_fraction=str(rule.threshold.fraction),
        period=f"year {rule.year}" if rule.year is not None else f"each year from {rule.first_year}"
        + (f" to {rule.last_year}" if rule.last_year is not None else ""),
    )
    if rule.upper is not None:  # a range: its upper end
        out.update(upper=str(rule.upper.value), upper_fraction=str(rule.upper.fraction))
    if rule.when_none is not None:
        out["when_none"] = rule.when_none.value
    if rule.change:  # a cut or a growth: what it is of, and the year it is measured against
        out["of"] = rule.base_kind.value
        out["base_year"] = rule.base_year if rule.base_year is not None else "previous year"
    if rule.metric:
        out["metric"] = rule.metric
    if rule.text is not None:  # an assessed target: met or not as its assessors report, no threshold
        out["text"] = rule.text
        out["assessors"] = list(rule.assessors)
        for key in ("record_kind", "comparator", "threshold", "threshold_unit", "threshold_fraction"):
            del out[key]
    if rule.pos:
        out["where"] = _where(rule.pos)
    if rule.neg:
        out["excluding"] = _where(rule.neg)
    if rule.field:
        out["field"] = rule.field
    if rule.by:
        out["by"] = rule.by
    if rule.category:
        out["category"] = rule.category
    out["binds"] = sorted(rule.leads) if rule.leads is not None else ["*"]
    if rule.monitored_by:
        out["monitored_by"] = list(rule.monitored_by)
    return out


def _deadline(rule: DeadlineRule) -> dict:
    out = _clause(rule.clause)
    d = rule.deadline
    out.update(task=rule.task, kind=type(d).__name__, position=rule.position)
    if d.label:
        out["label"] = d.label
    for name in ("date", "inclusive", "day", "month", "year", "quarter", "trigger", "event"):
        value = getattr(d, name, None)
        if name == "inclusive" and not isinstance(d, m.OnDate) and not value:
            continue  # a recurring day is strict unless written `đến ngày` (one-off dates always say)
        if value is not None:
            out[name] = value
    if d.hard:
        out["hard"] = True
    out["binds"] = sorted(rule.leads) if rule.leads is not None else ["*"]
    if rule.joint:  # one deliverable these leads answer together (docs/evaluation.md, "Joint deliverables")
        out["joint"] = list(rule.joint)
    return out


def ruleset_to_dict(rules: RuleSet) -> dict:
    plan: m.Plan = rules.plan
    head = {"format": FORMAT_VERSION, "plan": plan.number or ""}
    if plan.title:
        head["title"] = plan.title
    if plan.date:
        head["date"] = plan.date
    head["targets"] = [_target(r) for r in rules.metric_rules]
    head["deadlines"] = [_deadline(r) for r in rules.deadline_rules]
    return head


def to_toml(rules: RuleSet) -> str:
    return tomli_w.dumps(ruleset_to_dict(rules))


def to_json(rules: RuleSet) -> str:
    return json.dumps(ruleset_to_dict(rules), ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n"
