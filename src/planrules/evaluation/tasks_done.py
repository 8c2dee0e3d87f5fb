"""A measure over the plan's own verdicts: `tỷ lệ nhiệm vụ hoàn thành [đúng hạn]` (`share of tasks completed
[on time]`).

For a unit and a year, the unit's task-deadline verdicts (`DeadlineRule.judge`,
a joint deliverable's included for each of its leads) whose due date falls in
the year (up to the target's day, `đến ngày`), the share delivered — on time
(`met`), or at all (`met`, or late) without `đúng hạn`. A deadline that does not
apply (`not_applicable`) is left out of both. `RuleSet` judges the deadlines
first, then these rules on their verdicts: the deadline verdicts are the same
on the Python and the SQL paths, so these are too.

Exact, never a guess: occurrences still `pending` or `unknown` are counted
both ways; the target is decided only when it holds (or fails) either way.
No deadline due in the year: `not_applicable` (`pending` while it is open).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from fractions import Fraction

from .verdicts import Explanation, Figure, Status, Verdict, show_date

E = Explanation.of

_DECIDED = (Status.MET, Status.NOT_MET)
_WHAT = {"on_time": ("delivered on time", "hoàn thành đúng hạn"), "delivered": ("delivered", "hoàn thành")}


def judge(rule, unit: str, deadlines: Sequence[Verdict], as_of: _dt.date) -> list[Verdict]:
    """The verdicts of `rule` (a `rules.MetricRule` of kind TASKS) for `unit`, on its deadline verdicts."""
    return [_year(rule, unit, deadlines, as_of, year) for year in rule.years(as_of)]


def _done(rule, v: Verdict) -> bool:
    if rule.field == "on_time":
        return v.status is Status.MET
    return v.status in _DECIDED and v.delivered is not None


def _year(rule, unit: str, deadlines: Sequence[Verdict], as_of: _dt.date, year: int) -> Verdict:
    state = rule._state(year, as_of)
    if state == "future":
        return rule._verdict(unit, year, Status.PENDING, explanation=(E("future", year=year, as_of=show_date(as_of)),))
    first, last = rule.window(year)
    first = first or rule.bounds(year)[0]
    due = [v for v in deadlines if v.due is not None and first <= v.due <= last
           and v.status is not Status.NOT_APPLICABLE]
    open_ = [v for v in due if v.status not in _DECIDED]
    part = sum(1 for v in due if _done(rule, v))
    whole = len(due)
    records = tuple(f"{v.rule} {v.period}" for v in due)
    figures = (Figure("part", part), Figure("whole", whole))
    what = _WHAT[rule.field]
    if whole == 0:
        lead = E("tasks_none", year=year, what=what)
        if state == "open":
            return rule._verdict(unit, year, Status.PENDING, figures=figures,
                                 explanation=(lead, rule._open_no_facts(year)))
        return rule._verdict(unit, year, Status.NOT_APPLICABLE, figures=figures, explanation=(lead,))
    if not open_:
        value = Fraction(part, whole)
        lead = E("tasks_share", part=part, whole=whole, year=year, what=what, **rule._args(value))
        kept = rule.bound.holds(value)
        if state == "closed":
            return rule._verdict(unit, year, Status.MET if kept else Status.NOT_MET, value=value, figures=figures,
                                 records=records, explanation=(lead,))
        return rule._verdict(unit, year, Status.PENDING, value=value, figures=figures, records=records, on_track=kept,
                             explanation=(lead, E("open", year=year, track=_track(kept), **rule._args(value))))
    low, high = Fraction(part, whole), Fraction(part + len(open_), whole)
    either = {rule.bound.holds(Fraction(part + k, whole)) for k in range(len(open_) + 1)}  # (a range is not monotone)
    listing = ", ".join(f"{v.rule} {v.period} ({v.status.label('en')})" for v in open_[:5])
    listing += f", … (+{len(open_) - 5})" if len(open_) > 5 else ""
    lead = E("tasks_open", part=part, whole=whole, n=len(open_), year=year, what=what, list=listing,
             low=tuple(rule._show(low, lang) for lang in ("en", "vi")),
             high=tuple(rule._show(high, lang) for lang in ("en", "vi")))
    if state == "closed" and len(either) == 1:  # the same verdict whatever the open ones turn out to be
        status = Status.MET if either == {True} else Status.NOT_MET
        return rule._verdict(unit, year, status, figures=figures, records=records,
                             explanation=(lead, E("tasks_decided")))
    unknown = state == "closed" and any(v.status is Status.UNKNOWN for v in open_)
    return rule._verdict(unit, year, Status.UNKNOWN if unknown else Status.PENDING, figures=figures,
                         records=records, explanation=(lead,))


def _track(kept: bool) -> tuple[str, str]:
    return ("on track", "đúng hướng") if kept else ("not on track", "chưa đạt")
