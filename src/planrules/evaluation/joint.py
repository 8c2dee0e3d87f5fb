"""Joint deliverables: one verdict per deadline occurrence for all the leads of a joint task.

A task whose units lead it jointly (`chủ trì: a, b chung`, the default for several: `DeadlineRule.joint`)
owes one product: each occurrence of its deadline is judged once, on the deliveries of every lead
together, so the earliest delivery by any of them decides it, whoever made it, and a product missing
is one failure, never one per lead. The verdict names every lead (`Verdict.leads`) and those whose
delivery counted (`answered_by`, several when they delivered the same day).

It is listed under one lead (`holder`): the first, in the task's order, of the leads the report
covers that reported facts; when none of them did, the first the report covers. A lead that reported
nothing at all might have delivered: while one is absent, a product not (or late) delivered by the
others is `unknown`, saying who is missing, never `not_met`; when none of them reported anything, every
verdict is `unknown`, as a unit's without facts is. Triggering events are those of every
lead. Docs: docs/evaluation.md, "Joint deliverables".

Public: `holder`, `judge`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection

import attrs

from ..facts import model as f
from .rules import DeadlineRule
from .verdicts import Explanation, Status, Verdict
from .workdays import Calendar

__all__ = ["holder", "judge"]

E = Explanation.of


def holder(rule: DeadlineRule, facts: f.Facts, judged: Collection[str] | None) -> str | None:
    """The lead whose row lists `rule`'s joint verdicts: see the module's docstring.

    `judged` are the units the report covers (None: every lead may be listed).
    """
    covered = [name for name in rule.joint if judged is None or name in judged]
    reported = [name for name in covered if facts.unit(name) is not None]
    return (reported or covered or [None])[0]


def judge(rule: DeadlineRule, unit: str, facts: f.Facts, as_of: _dt.date, calendar: Calendar) -> list[Verdict]:
    """The verdicts of joint `rule`, listed under `unit`: each occurrence judged once for all its leads."""
    reported = {name: facts.unit(name) for name in rule.joint}
    happened = sorted({e.date for name in rule.joint for e in facts.events_for(name) if e.event == rule.trigger}
                      if rule.trigger else ())
    together = [d for u in reported.values() if u is not None for d in u.deliveries]
    verdicts = rule.judge(unit, together, happened, as_of, calendar)
    own = {name: rule.judge(name, u.deliveries, happened, as_of, calendar)
           for name, u in reported.items() if u is not None}
    absent = [name for name, u in reported.items() if u is None]
    out = []
    for i, verdict in enumerate(verdicts):  # every lead's occurrences are the same: the same events, as_of, plan
        by = tuple(name for name, theirs in own.items()
                   if verdict.delivered is not None and theirs[i].delivered == verdict.delivered)
        out.append(_joint(verdict, rule.joint, by, absent))
    return out


def _joint(verdict: Verdict, leads: tuple[str, ...], by: tuple[str, ...], absent: list[str]) -> Verdict:
    """`verdict`, judged on every lead's deliveries, said of them all: who answered it, or who is absent."""
    names = " + ".join(leads)
    if len(absent) == len(leads):  # no lead reported anything: nothing is known, as of a unit without facts
        return attrs.evolve(verdict, status=Status.UNKNOWN, delivered=None, records=(), leads=leads,
                            explanation=(E("joint_no_facts", leads=names),))
    first = E("joint_answered", leads=names, by=", ".join(by)) if by else E("joint_open", leads=names)
    status, last = verdict.status, ()
    if absent and status is Status.NOT_MET:  # missing, or late: an absent lead's delivery may be on time
        status, last = Status.UNKNOWN, (E("joint_absent", absent=", ".join(absent)),)
    return attrs.evolve(verdict, status=status, leads=leads, answered_by=by,
                        explanation=(first, *verdict.explanation, *last))
