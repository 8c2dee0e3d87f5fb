"""Deadline occurrences: a deadline of the model expanded into dated occurrences.

A deadline of the model (`model.OnDate`, `model.MonthlyBefore`, ...) says in words
when a task is due. `expand` turns it into the occurrences whose window has opened
by a date, each with its period key, the day it opens and its due date as written
(`judgements` judges them on deliveries; `periods` checks the periods deliveries
name). `docs/deadlines.md` states every rule; in short:

- `trước ngày D` is strict (D itself is late), `đến ngày D` (also monthly and yearly), `hằng năm`, `định kỳ 6
  tháng`, `hằng quý`, `hằng tháng`, `hằng tuần`, `cuối năm`, `quý` are inclusive of their last day (docs/language.md, rule 1);
- a monthly day a month lacks is that month's last day, inclusive (`trước ngày 31`
  in April is met on 30/04); 29/02 is 28/02 in other years, inclusive (rule 2); a
  quarter without a year is in the plan's year (rule 3);
- `thường xuyên` is judged per calendar year; a deadline waiting for an event is
  not applicable until the event happens (rule 4).

Public: `Occurrence`, `NotTriggered`, `expand`, `HORIZON_YEARS`, and for the
modules beside it `recurring_last`, `quarter_last`, `quarter_for_trigger`, `ROMAN`.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as _dt
from collections.abc import Sequence

from attrs import frozen

from ..language.model import (
    AfterEvent,
    Deadline,
    EachHalfYear,
    EachMonth,
    EachQuarter,
    EachWeek,
    EachYear,
    EndOfYear,
    InMonth,
    InQuarter,
    MonthlyBefore,
    OnDate,
    Ongoing,
    WithinAfterEvent,
    WithinOfIssue,
    YearlyBefore,
)
from .workdays import Calendar

__all__ = [
    "HORIZON_YEARS",
    "ROMAN",
    "NotTriggered",
    "Occurrence",
    "expand",
    "offset_due",
    "quarter_for_trigger",
    "quarter_last",
    "recurring_last",
]

# Recurring deadlines expand over at most this many calendar years, counted from the
# year of the plan's date: an `as_of` further away is treated as the end of that range.
HORIZON_YEARS = 100

_ONE_DAY = _dt.timedelta(days=1)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@frozen
class Occurrence:
    """One dated occurrence of a deadline.

    `key` names the period it covers ("2026", "2026-05", "2026-H1", "2026-Q4", "2026-W14",
    "once", or the ISO date of the event it answers); `opens` is the day its window
    starts; `due` the due date as written (after rule 2; None for `thường xuyên` and
    `sau khi`, which have none) and `inclusive` whether `due` itself is on time
    (meaningless without a due date); `closes` is the last day of the period it
    covers (the due date itself for a dated deadline, 31/12 for `thường xuyên`, the
    day before the event happens again for `sau khi`, None when open-ended).
    """

    key: str
    opens: _dt.date
    due: _dt.date | None
    inclusive: bool
    closes: _dt.date | None


@frozen
class NotTriggered:
    """The deadline waits for `event`, which has not happened by the date judged."""

    event: str


def _month_end(year: int, month: int) -> int:
    return _calendar.monthrange(year, month)[1]


def _recurring_due(deadline: MonthlyBefore | YearlyBefore, year: int, month: int) -> tuple[_dt.date, bool]:
    """The due date of a monthly or yearly day in `year`/`month`, and whether it is inclusive.

    A day the month lacks (31 in April, 29/02 in 2027) is the month's last day, inclusive
    (rule 2): `trước ngày 31 hằng tháng` is "before the 31st", so in a 30-day month the whole
    month is on time — strictly before the month's end, the 30th itself included.
    """
    if deadline.day > _month_end(year, month):
        return _dt.date(year, month, _month_end(year, month)), True
    return _dt.date(year, month, deadline.day), deadline.inclusive


def recurring_last(deadline: MonthlyBefore | YearlyBefore, year: int, month: int) -> _dt.date:
    """The last day on time (before the working-day rule) of a monthly or yearly day."""
    due, inclusive = _recurring_due(deadline, year, month)
    return due if inclusive else due - _ONE_DAY


def quarter_last(year: int, quarter: int) -> _dt.date:
    month = 3 * quarter
    return _dt.date(year, month, _month_end(year, month))


def _quarter_first(year: int, quarter: int) -> _dt.date:
    return _dt.date(year, 3 * quarter - 2, 1)


def _horizon(plan_date: _dt.date, as_of: _dt.date) -> _dt.date:
    """`as_of`, or the end of the last year of the horizon when that is earlier."""
    last_year = min(plan_date.year + HORIZON_YEARS - 1, _dt.MAXYEAR)
    return min(as_of, _dt.date(last_year, 12, 31))


def offset_due(day: _dt.date, deadline: WithinAfterEvent | WithinOfIssue, calendar: Calendar) -> _dt.date:
    """`deadline.days` calendar days after `day`, or the `deadline.days`-th working day after it."""
    try:
        if not deadline.working:
            return day + _dt.timedelta(days=deadline.days)
        left = deadline.days
        while left:
            day += _ONE_DAY
            left -= calendar.is_working_day(day)
        return day
    except OverflowError:  # past year 9999: the last day there is
        return _dt.date.max


def conditional_due(deadline: OnDate, happened: _dt.date | None, calendar: Calendar) -> tuple[_dt.date, bool]:
    """A date's due day and whether that day is on time: as written; for a conditional date (`nếu E trong
    vòng N ngày`) that waited N (working) days after `happened`, the later of its last day and that day."""
    due, inclusive = deadline.date, deadline.inclusive
    if deadline.after_days is None or happened is None:
        return due, inclusive
    offset = offset_due(happened, WithinAfterEvent(days=deadline.after_days, event=deadline.trigger or "",
                                                    working=deadline.working), calendar)
    last = due if inclusive else due - _ONE_DAY
    return (offset, True) if offset > last else (due, inclusive)


def quarter_for_trigger(base_year: int, quarter: int, trigger: _dt.date) -> int:
    """The year of the first quarter `quarter` from `base_year` on that ends on or after `trigger`."""
    year = max(base_year, trigger.year)
    if quarter_last(year, quarter) < trigger:
        year += 1
    return year


def expand(
    deadline: Deadline,
    *,
    plan_date: _dt.date,
    as_of: _dt.date,
    happened: Sequence[_dt.date] = (),
    until: _dt.date | None = None,
    calendar: Calendar | None = None,
) -> tuple[Occurrence, ...] | NotTriggered:
    """The occurrences of `deadline` whose window has opened by `as_of`, in order.

    Occurrences start from the plan's date (`plan_date`, its ngày ban hành): nothing
    is due before a plan is issued, so an `as_of` before `plan_date` gives none.
    Recurring deadlines stop at `HORIZON_YEARS` calendar years from the plan's year.
    `happened` are the dates the deadline's event happened (for `quý … khi` and
    `sau khi`); those after `as_of` are ignored. A deadline waiting for an event that
    has not happened by `as_of` gives `NotTriggered`. With `until` (the plan's end date,
    hiệu lực đến), an occurrence whose window opens after it does not exist: it is not
    judged at all (a period that began while the plan was in force still is).
    """
    if as_of < plan_date:
        return ()
    events = sorted({d for d in happened if d <= as_of})
    if isinstance(deadline, (AfterEvent, WithinAfterEvent)) or (
        isinstance(deadline, (InQuarter, OnDate)) and deadline.trigger is not None
    ):
        event = deadline.trigger if isinstance(deadline, (InQuarter, OnDate)) else deadline.event
        if not events:
            return NotTriggered(event)
    end = _horizon(plan_date, as_of)
    out: list[Occurrence] = []

    if isinstance(deadline, OnDate):
        due, inclusive = conditional_due(deadline, events[0] if events else None, calendar or Calendar.vietnam())
        out.append(Occurrence("once", plan_date, due, inclusive, due))

    elif isinstance(deadline, MonthlyBefore):
        year, month = plan_date.year, plan_date.month
        if recurring_last(deadline, year, month) < plan_date:  # its last day was over before the plan
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        while _dt.date(year, month, 1) <= end:
            due, inclusive = _recurring_due(deadline, year, month)
            out.append(Occurrence(f"{year:04d}-{month:02d}", _dt.date(year, month, 1), due, inclusive, due))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    elif isinstance(deadline, YearlyBefore):
        year = plan_date.year
        if recurring_last(deadline, year, deadline.month) < plan_date:
            year += 1
        while _dt.date(year, 1, 1) <= end:
            due, inclusive = _recurring_due(deadline, year, deadline.month)
            out.append(Occurrence(f"{year:04d}", _dt.date(year, 1, 1), due, inclusive, due))
            year += 1

    elif isinstance(deadline, (EachYear, Ongoing)):
        for year in range(plan_date.year, end.year + 1):
            opens = max(_dt.date(year, 1, 1), plan_date)
            last = _dt.date(year, 12, 31)
            due = None if isinstance(deadline, Ongoing) else last
            out.append(Occurrence(f"{year:04d}", opens, due, True, last))

    elif isinstance(deadline, EachHalfYear):
        year, half = plan_date.year, 1 if plan_date.month <= 6 else 2
        while True:
            start = _dt.date(year, 1 if half == 1 else 7, 1)
            opens = max(start, plan_date)
            if opens > end:
                break
            due = _dt.date(year, 6, 30) if half == 1 else _dt.date(year, 12, 31)
            out.append(Occurrence(f"{year:04d}-H{half}", opens, due, True, due))
            year, half = (year, 2) if half == 1 else (year + 1, 1)

    elif isinstance(deadline, EachMonth):
        year, month = plan_date.year, plan_date.month
        while (opens := max(_dt.date(year, month, 1), plan_date)) <= end:
            due = _dt.date(year, month, _month_end(year, month))
            out.append(Occurrence(f"{year:04d}-{month:02d}", opens, due, True, due))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    elif isinstance(deadline, EachQuarter):
        year, quarter = plan_date.year, (plan_date.month - 1) // 3 + 1
        while True:
            opens = max(_quarter_first(year, quarter), plan_date)
            if opens > end:
                break
            due = quarter_last(year, quarter)
            out.append(Occurrence(f"{year:04d}-Q{quarter}", opens, due, True, due))
            year, quarter = (year, quarter + 1) if quarter < 4 else (year + 1, 1)

    elif isinstance(deadline, EachWeek):
        monday = plan_date - _dt.timedelta(days=plan_date.weekday())
        if monday + _dt.timedelta(days=deadline.day - 1) < plan_date:
            monday += _dt.timedelta(days=7)  # its day was over before the plan was in force: from next week
        while True:
            opens = max(monday, plan_date)
            if opens > end:
                break
            due = monday + _dt.timedelta(days=deadline.day - 1)
            iso = monday.isocalendar()
            out.append(Occurrence(f"{iso[0]:04d}-W{iso[1]:02d}", opens, due, True, due))
            if due >= _dt.date.max - _dt.timedelta(days=7):
                break
            monday += _dt.timedelta(days=7)

    elif isinstance(deadline, InMonth):
        due = _dt.date(deadline.year, deadline.month, _month_end(deadline.year, deadline.month))
        out.append(Occurrence(f"{deadline.year:04d}-{deadline.month:02d}", plan_date, due, True, due))

    elif isinstance(deadline, EndOfYear):  # a span (`giai đoạn 2025-2026`) is one period too, keyed by its years
        due = _dt.date(deadline.year, 12, 31)
        key = f"{deadline.year:04d}" if deadline.first is None else f"{deadline.first:04d}-{deadline.year:04d}"
        out.append(Occurrence(key, plan_date, due, True, due))

    elif isinstance(deadline, InQuarter):
        base = deadline.year if deadline.year is not None else plan_date.year
        if deadline.trigger is None:
            year, opens = base, plan_date  # one duty, owed from the plan's date (as `trong tháng 6/2026`)
        else:
            opens = events[0]
            year = quarter_for_trigger(base, deadline.quarter, opens)
        if opens <= end:
            due = quarter_last(year, deadline.quarter)
            out.append(Occurrence(f"{year:04d}-Q{deadline.quarter}", opens, due, True, due))

    elif isinstance(deadline, WithinOfIssue):  # counted from the day the plan is in force (its date of issue)
        due = offset_due(plan_date, deadline, calendar or Calendar.vietnam())
        out.append(Occurrence("once", plan_date, due, True, due))

    elif isinstance(deadline, WithinAfterEvent):
        for day in events:
            due = offset_due(day, deadline, calendar or Calendar.vietnam())
            out.append(Occurrence(day.isoformat(), day, due, True, due))

    elif isinstance(deadline, AfterEvent):
        for i, day in enumerate(events):
            closes = events[i + 1] - _ONE_DAY if i + 1 < len(events) else None
            out.append(Occurrence(day.isoformat(), day, None, True, closes))

    else:  # pragma: no cover - every model deadline is handled above
        raise TypeError(f"not a deadline: {deadline!r}")
    if until is not None:
        return tuple(o for o in out if o.opens <= until)
    return tuple(out)
