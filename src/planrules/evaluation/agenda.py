"""The agenda: what each unit owes and when, from a plan's deadline rules, in date order.

An official asks the plan "what do we owe this quarter?" before any fact is
reported. `agenda` expands every deadline a unit is bound by (`occurrences`,
the same expansion the verdicts judge) over a span of days and says, for each
occurrence, its last day on time after the working-day rule (`workdays`: a
deadline falling on a weekend or a holiday moves to the next working day, and
the entry names the days it moved over), unless it is a hard cut-off. A
joint deliverable (`chủ trì: a, b chung`) is one entry for all its leads. A
deadline waiting for an event that has not happened is listed apart
(`Agenda.waiting`): it is owed, but not yet dated — never silently dropped.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

from attrs import frozen

from ..facts import model as f
from ..language import model as m
from .occurrences import NotTriggered, expand
from .judgements import last_on_time
from .rules import DeadlineRule
from .ruleset import RuleSet
from .verdicts import ClauseText

__all__ = ["Agenda", "Entry", "Waiting", "agenda"]


@frozen
class Entry:
    """One occurrence of a deadline a unit (or several, jointly) owes.

    `last_day` is the day it must be delivered by: `due` as written (or the day
    before, for a strict `trước ngày`), moved past `moved_over` (the days off it
    fell on) to the next working day. `due` is None for a duty with no due date
    (`thường xuyên`, owed through its year until `closes`; `sau khi E`, owed from
    the event on), whose `last_day` is then `closes` (or `opens`).
    """

    owners: tuple[str, ...]  # the unit, or a joint deliverable's leads
    task: str  # the task's address ("TT 4", "III.2.b")
    rule: str  # the deadline's rule id ("TT 4@1")
    period: str  # the occurrence's key ("2026-H1", "once", an event's ISO date)
    opens: _dt.date
    due: _dt.date | None
    inclusive: bool
    last_day: _dt.date
    moved_over: tuple[_dt.date, ...] = ()
    hard: bool = False  # a hard cut-off (`không gia hạn`): not moved off a day off
    closes: _dt.date | None = None
    label: str | None = None  # the deadline as the plan writes it ("hằng quý"), when it has a label
    source: m.SourceRef | None = None  # the deadline's line(s) in the source document
    document: str | None = None
    at: str | None = None  # its place in the .plan file
    inherited_from: str | None = None  # the parent plan the deadline is stated in, when not the agenda's own

    @property
    def joint(self) -> bool:
        return len(self.owners) > 1


@frozen
class Waiting:
    """A deadline the `owners` owe once `event` happens; it had not by the agenda's last day."""

    owners: tuple[str, ...]
    task: str
    rule: str
    event: str


@frozen
class Agenda:
    """The entries falling between `start` and `end` (inclusive), by last day; and what waits for an event."""

    plan: str
    start: _dt.date
    end: _dt.date
    entries: tuple[Entry, ...]
    waiting: tuple[Waiting, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()  # (unit, label) for each owner with a label
    # the words of each deadline's clause listed (its task's content, else the deadline as written): `clause_texts`
    clauses: tuple[ClauseText, ...] = ()
    events: tuple[tuple[str, str], ...] = ()  # (event, its label in the plan) for each event waited for


def agenda(rules: RuleSet, start: _dt.date, end: _dt.date, *, units: Sequence[str] | None = None,
           happened: Sequence[f.Happened] = ()) -> Agenda:
    """What the units of `rules` owe with a last day from `start` to `end`, in date order.

    `units` (default: every unit the plan binds, `RuleSet.bound`) chooses whose
    deadlines; `happened` are the events the facts report (`Facts.events`), for
    the deadlines waiting for one: an event of one unit counts for its
    deadlines (a joint one's, for any of its leads), one of no unit for all. Recurring deadlines expand as a verdict's
    do, from the day the plan is in force (at most `occurrences.HORIZON_YEARS`).
    """
    if end < start:
        raise ValueError(f"the agenda's end {end} is before its start {start}")
    chosen = list(rules.bound) if units is None else list(units)
    entries: dict[tuple, Entry] = {}
    waiting: dict[tuple, Waiting] = {}
    for unit in chosen:
        mine = rules.binding.responsibilities(unit)
        for rule in rules.deadline_rules:
            if unit in rule.joint:
                owners = rule.joint
            elif rule.leads is None or rule.leads & mine:
                owners = (unit,)
            else:
                continue
            found = _occurrences(rule, rules, owners, end, happened)
            if isinstance(found, Waiting):
                waiting.setdefault((found.rule, found.owners), found)
                continue
            for entry in found:
                if start <= entry.last_day <= end:
                    entries.setdefault((entry.rule, entry.period, entry.owners), entry)
    order = {name: i for i, name in enumerate(chosen)}
    ranked = sorted(entries.values(), key=lambda e: (e.last_day, min(order.get(o, len(order)) for o in e.owners),
                                                     e.rule, e.period))
    owners = dict.fromkeys(o for x in (*ranked, *waiting.values()) for o in x.owners)
    labels = tuple((o, label) for o in owners if (label := rules.binding.label_of(o)) and label != o)
    clauses = rules.cited_texts((x.rule, x.task) for x in (*ranked, *waiting.values()))
    events = {e.name: e.label for e in rules.plan.events}
    waited = dict.fromkeys(w.event for w in waiting.values() if w.event in events)
    return Agenda(plan=rules.plan.number or "", start=start, end=end, entries=tuple(ranked),
                  waiting=tuple(waiting.values()), labels=labels, clauses=clauses,
                  events=tuple((e, events[e]) for e in waited))


def _occurrences(rule: DeadlineRule, rules: RuleSet, owners: tuple[str, ...], end: _dt.date,
                 happened: Sequence[f.Happened]) -> list[Entry] | Waiting:
    trigger = rule.trigger
    dates = sorted({e.date for e in happened if e.event == trigger and (e.unit is None or e.unit in owners)}
                   if trigger else ())
    expanded = expand(rule.deadline, plan_date=rule.plan_date, as_of=end, happened=dates, until=rule.until,
                      calendar=rules.calendar)
    if isinstance(expanded, NotTriggered):
        return Waiting(owners, rule.task, rule.clause.rule, expanded.event)
    c = rule.clause
    where = {"label": rule.deadline.label, "source": c.source, "document": c.document, "at": c.at,
             "hard": rule.deadline.hard, "inherited_from": c.inherited_from}
    out = []
    for o in expanded:
        if o.due is None:  # owed through a year (`thường xuyên`) or from an event on (`sau khi`)
            out.append(Entry(owners, rule.task, c.rule, o.key, o.opens, None, o.inclusive, o.closes or o.opens,
                             closes=o.closes, **where))
            continue
        last, skipped = last_on_time(rule.deadline, o.due, o.inclusive, rules.calendar)
        out.append(Entry(owners, rule.task, c.rule, o.key, o.opens, o.due, o.inclusive, last, skipped,
                         closes=o.closes, **where))
    return out
