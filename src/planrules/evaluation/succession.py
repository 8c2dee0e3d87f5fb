"""Mergers, renames and succession: a unit's duties passing to another from a day the register gives.

The register says that unit A was merged into B, renamed B, or succeeded by B (`successor`, `since`,
`change`: facts/register.py). Nothing A owed is lost and nothing is counted twice
(docs/evaluation.md, "Mergers, renames and succession"):

- A stays bound where it was, and its verdicts stay listed under A;
- an occurrence of A's deadline is answered by A's deliveries and by its successors' dated on or after
  the day they took over (along a chain A → B → C, C's from the later day): the earliest counts, as for a
  joint deliverable (`joint`: other units' deliveries answer one duty), and the verdict names who answered
  it (`Verdict.answered_by`, "answered by B, successor of A since 01/03/2025");
- A's target periods wholly on or after the day are `not_applicable` (its figures are B's from then), the
  period holding the day is judged on A's facts and says so; B is judged on the targets that bind it only
  through A for the periods ending on or after the day.

The binding makes B a unit of the plan where A is one, and bound where A is bound (`binding._successors`).
Judged the same way for facts in Python and from a table source: only the verdicts are changed here.

Public: `deadline`, `inherited_from`, `handed_over`, `ours`, `takes_over`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

import attrs

from ..facts import model as f
from ..facts.register import Register, Registered
from .rules import DeadlineRule, MetricRule
from .verdicts import Explanation, Status, Verdict, show_date
from .workdays import Calendar

__all__ = ["deadline", "handed_over", "inherited_from", "ours", "takes_over"]

E = Explanation.of

# what each `change` makes of a delivery by the successor, and of a target period after the day
_ANSWERED = {"merged": "merger_answered", "renamed": "rename_answered", "succeeded": "succession_answered"}
_KEYS = frozenset({*_ANSWERED.values(), "succession_target_after", "succession_target_within"})


def ours(verdict: Verdict) -> bool:
    """Does `verdict` say a succession (so a unit left out of the facts keeps it, not `unknown`)?"""
    return any(x.key in _KEYS for x in verdict.explanation)


def deadline(rule: DeadlineRule, unit: f.UnitFacts, facts: f.Facts, register: Register,
             happened: Sequence[_dt.date], as_of: _dt.date, calendar: Calendar) -> list[Verdict]:
    """`rule`'s verdicts for `unit`, its successors' deliveries from the day each took over answering it too."""
    heirs: list[tuple[Registered, f.Delivery]] = []
    start: _dt.date | None = None
    for link in register.successors(unit.name):
        start = link.since if start is None or link.since is None else max(start, link.since)
        theirs = facts.unit(link.successor) if start is not None else None
        if theirs is not None:
            heirs.extend((link, d) for d in theirs.deliveries if d.date >= start)
    verdicts = rule.judge(unit.name, [*unit.deliveries, *(d for _, d in heirs)], happened, as_of, calendar)
    if not heirs:
        return verdicts
    alone = rule.judge(unit.name, unit.deliveries, happened, as_of, calendar)
    out = []
    for verdict, own in zip(verdicts, alone):  # the same occurrences: deliveries never make or remove one
        if verdict.delivered is not None and verdict.delivered != own.delivered:
            link = next(l for l, d in heirs if d.date == verdict.delivered and rule.answers(d) and d.task == rule.task)
            said = E(_ANSWERED[link.change or "succeeded"], heir=link.successor, unit=link.name,
                     since=show_date(link.since))
            verdict = attrs.evolve(verdict, answered_by=(link.successor,), explanation=(said, *verdict.explanation))
        out.append(verdict)
    return out


def takes_over(register: Register, name: str) -> tuple[tuple[str, _dt.date], ...]:
    """The units whose duties passed to `name` (directly or along a chain), each with the day they reached it:
    the `since` of the last step into `name`."""
    out = []
    for before in register.predecessors(name):
        into = next((s for s in register.successors(before.name) if s.successor == name), None)
        if into is not None and into.since is not None:
            out.append((before.name, into.since))
    return tuple(out)


def inherited_from(rule: MetricRule, unit: str, verdicts: list[Verdict],
                   since: _dt.date) -> list[Verdict]:
    """A target binding `unit` only through a predecessor whose duties reached it on `since`: its verdicts for
    the periods ending on or after that day (before it, they were the predecessor's)."""
    return [v for v in verdicts if _bounds(rule, v)[1] >= since]


def handed_over(rule: MetricRule, unit: str, verdicts: list[Verdict], register: Register) -> list[Verdict]:
    """`unit`'s target verdicts once its duties passed on: periods wholly on or after the day `not_applicable`
    (its successor's figures from then), the period holding the day judged on its own facts, saying so."""
    chain = register.successors(unit)
    if not chain or chain[0].since is None:
        return verdicts
    link = chain[0]
    args = {"heir": link.successor, "unit": unit, "since": show_date(link.since)}
    out = []
    for verdict in verdicts:
        first, last = _bounds(rule, verdict)
        if first >= link.since:
            verdict = attrs.evolve(verdict, status=Status.NOT_APPLICABLE, value=None, on_track=None, figures=(),
                                   records=(), violations=(), explanation=(E("succession_target_after", **args),))
        elif last >= link.since:
            verdict = attrs.evolve(verdict, explanation=(E("succession_target_within", **args),
                                                         *verdict.explanation))
        out.append(verdict)
    return out


def _bounds(rule: MetricRule, verdict: Verdict) -> tuple[_dt.date, _dt.date]:
    """The first and last day of a target verdict's period ("2026", or "2024-2026" for a running total)."""
    years = (verdict.period or "").split("-")
    first, last = int(years[0]), int(years[-1])
    return rule.bounds(first)[0], rule.bounds(last)[1]
