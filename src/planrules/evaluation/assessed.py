"""Assessed targets: a text target met or not met as its named assessor reports (`"…" đánh giá bởi: X`).

Nothing is measured. For each year the target covers (`MetricRule.years`), the
unit's assessments of the target (`facts.model.Assessment`, by the target's
address, or, inherited, by the parent's cited clause) are read:

- one by a unit the target names as assessor, dated by `as_of`: met or not met,
  as assessed, naming the assessor, the date and the row (two that contradict
  each other never get here: the fit refuses them, F226);
- none: `unknown` once the year is over, `pending` while it is open;
- an assessment by a unit the target does not name, or dated after `as_of`, is
  not counted, and the explanation says so.

The assessments are the unit's facts (`UnitIndex.unit`), which the Python and
the SQL paths both read into Python alike (a table source's `assessments`
table is a small table): the verdicts are the same on both.
"""

from __future__ import annotations

import datetime as _dt

from ..facts import model as f
from .measure import UnitIndex
from .verdicts import Explanation, Status, Verdict, show_date

E = Explanation.of


def answers(rule, assessment: f.Assessment) -> bool:
    """Is `assessment` about `rule`'s target: its address, or (inherited) the parent's clause as cited?"""
    return assessment.target in {rule.clause.address, rule.clause.cited} - {None}


def judge(rule, unit: str, index: UnitIndex, as_of: _dt.date) -> list[Verdict]:
    """The verdicts of assessed `rule` (a `rules.MetricRule` of kind ASSESSED) for `unit`, one per year."""
    mine = [a for a in index.unit.assessments if answers(rule, a)]
    return [_year(rule, unit, [a for a in mine if a.year == year], as_of, year) for year in rule.years(as_of)]


def _year(rule, unit: str, assessments: list[f.Assessment], as_of: _dt.date, year: int) -> Verdict:
    state = rule._state(year, as_of)
    if state == "future":
        return _verdict(rule, unit, year, Status.PENDING, (E("future", year=year, as_of=show_date(as_of)),))
    named = ", ".join(rule.assessors)
    counted = [a for a in assessments if a.assessor in rule.assessors and a.date <= as_of]
    aside = []
    for a in assessments:
        if a.assessor not in rule.assessors:
            aside.append(E("assessed_not_named", assessor=a.assessor, date=show_date(a.date), origin=_origin(a),
                           assessors=named))
        elif a.date > as_of:
            aside.append(E("assessed_later", assessor=a.assessor, date=show_date(a.date), as_of=show_date(as_of)))
    records = tuple(_origin(a) for a in counted)
    results = {a.met for a in counted}
    if len(results) == 1:
        first = min(counted, key=lambda a: a.date)
        key = "assessed_met" if first.met else "assessed_not_met"
        status = Status.MET if first.met else Status.NOT_MET
        lead = E(key, text=rule.text, assessor=first.assessor, date=show_date(first.date), origin=_origin(first),
                 year=year)
        return _verdict(rule, unit, year, status, (lead, *aside), records)
    if len(results) > 1:  # (the fit refuses this: F226) never a guess between two
        return _verdict(rule, unit, year, Status.UNKNOWN, (E("assessed_contradict", year=year), *aside), records)
    if state == "open":
        day = rule.judged_on(year)
        until = show_date(day) if day is not None else f"31/12/{year}"
        return _verdict(rule, unit, year, Status.PENDING,
                        (E("assessed_open", text=rule.text, assessors=named, year=year, until=until), *aside))
    return _verdict(rule, unit, year, Status.UNKNOWN,
                    (E("assessed_none", text=rule.text, assessors=named, year=year), *aside))


def _origin(a: f.Assessment) -> str:
    return str(a.origin) if a.origin is not None else "-"


def _verdict(rule, unit: str, year: int, status: Status, explanation, records=()) -> Verdict:
    c = rule.clause
    return Verdict(
        plan=c.plan, unit=unit, rule=c.rule, kind=rule.kind, status=status, clause=rule.cited,
        period=f"{rule.year_of(rule.running_from)}-{year}" if rule.span else str(year), records=records,
        inherited_from=c.inherited_from, source=c.source, document=c.document, at=c.at,
        monitored_by=rule.monitored_by, explanation=tuple(explanation),
    )
