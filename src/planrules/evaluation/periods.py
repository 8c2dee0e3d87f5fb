"""Delivery periods: whether the period a delivery names can ever be one of its deadline's occurrences.

`period_problems` lists the deliveries whose `period` no occurrence of the deadline
can have (wrong shape, before the plan, beyond the horizon, not when the event
happened), each with the reason in English; `fit` turns them into F2xx findings.

Public: `period_problems`.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence

from ..facts.model import Delivery
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
from .occurrences import HORIZON_YEARS, ROMAN, expand, quarter_for_trigger, recurring_last
from .verdicts import show_date

__all__ = ["period_fits", "period_problems"]

_YEAR = re.compile(r"(\d{4})")
_SPAN = re.compile(r"(\d{4})-(\d{4})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_HALF = re.compile(r"(\d{4})-H([12])")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")

_SHAPES = (
    (_ISO_DATE, "a date"),
    (_MONTH, "a month"),
    (_HALF, "a half-year"),
    (_QUARTER, "a quarter"),
    (_WEEK, "a week"),
    (_YEAR, "a year"),
    (_SPAN, "a span of years"),
)


def _shape(period: str) -> str:
    if period == "once":
        return "the single occurrence 'once'"
    for pattern, name in _SHAPES:
        if pattern.fullmatch(period):
            return name
    return "not a period key"


def _expected(deadline: Deadline) -> str:
    if isinstance(deadline, (OnDate, WithinOfIssue)):
        return "a one-off deadline: its only period is 'once'"
    if isinstance(deadline, (MonthlyBefore, EachMonth)):
        return "a monthly deadline: expected a month such as '2026-05'"
    if isinstance(deadline, (YearlyBefore, EachYear, Ongoing)):
        return "a yearly deadline: expected a year such as '2026'"
    if isinstance(deadline, EachHalfYear):
        return "a half-yearly deadline: expected '2026-H1' or '2026-H2'"
    if isinstance(deadline, EachQuarter):
        return "a quarterly deadline: expected a quarter such as '2026-Q1'"
    if isinstance(deadline, EachWeek):
        return "a weekly deadline: expected an ISO week such as '2026-W14'"
    if isinstance(deadline, InMonth):
        return f"due within {deadline.month:02d}/{deadline.year}: its only period is '{deadline.year:04d}-{deadline.month:02d}'"
    if isinstance(deadline, EndOfYear) and deadline.first is not None:
        return f"due at the end of the span {deadline.first}-{deadline.year}: its only period is " \
               f"'{deadline.first:04d}-{deadline.year:04d}'"
    if isinstance(deadline, EndOfYear):
        return f"due at the end of {deadline.year}: its only period is '{deadline.year:04d}'"
    if isinstance(deadline, InQuarter):
        return f"due within a quarter: expected a quarter such as '2026-Q{deadline.quarter}'"
    return "due after an event: expected the event's date, such as '2026-09-15'"


def period_fits(deadline: Deadline, period: str, *, plan_date: _dt.date) -> bool:
    """Can `period` be a key of `deadline`'s occurrences (any event date, for a deadline that waits for one)?
    What picks, among a task's deadlines, the one a delivery naming only its period answers."""
    return _period_problem(deadline, period, plan_date=plan_date, happened=None) is None


def _period_problem(
    deadline: Deadline, period: str, *, plan_date: _dt.date, happened: Sequence[_dt.date] | None
) -> str | None:
    """Why `period` can never be a key of `deadline`'s occurrences, or None when it can."""
    wrong_shape = f"period {period!r} is {_shape(period)}, but this is {_expected(deadline)}"
    last_year = plan_date.year + HORIZON_YEARS - 1
    plan_day = show_date(plan_date)

    def beyond(year: int) -> str | None:
        if year > last_year:
            return f"period {period!r} is more than {HORIZON_YEARS} years after the plan's year {plan_date.year}"
        return None

    if isinstance(deadline, (OnDate, WithinOfIssue)):
        return None if period == "once" else wrong_shape
    if isinstance(deadline, InMonth):
        return None if period == f"{deadline.year:04d}-{deadline.month:02d}" else wrong_shape
    if isinstance(deadline, EndOfYear):
        key = f"{deadline.year:04d}" if deadline.first is None else f"{deadline.first:04d}-{deadline.year:04d}"
        return None if period == key else wrong_shape

    if isinstance(deadline, (MonthlyBefore, EachMonth)):
        found = _MONTH.fullmatch(period)
        if not found:
            return wrong_shape
        year, month = int(found[1]), int(found[2])
        if not 1 <= month <= 12:
            return f"period {period!r} is not a month: there is no month {month}"
        first = expand(deadline, plan_date=plan_date, as_of=_dt.date(plan_date.year + 1, 1, 1))
        assert isinstance(first, tuple) and first
        if period < first[0].key:
            return f"period {period!r} is before the first month due, {first[0].key} (the plan is in force from {plan_day})"
        return beyond(year)

    if isinstance(deadline, (YearlyBefore, EachYear, Ongoing)):
        found = _YEAR.fullmatch(period)
        if not found:
            return wrong_shape
        year = int(found[1])
        first_year = plan_date.year
        if isinstance(deadline, YearlyBefore) and recurring_last(deadline, plan_date.year, deadline.month) < plan_date:
            first_year += 1
        if year < first_year:
            return f"period {period!r} is before the first year due, {first_year} (the plan is in force from {plan_day})"
        return beyond(year)

    def part_of_year(pattern, first: str, what: str) -> str | None:
        """A half-year or quarter key (`2026-H1`, `2026-Q3`): its shape, not before `first`, not too far."""
        found = pattern.fullmatch(period)
        if not found:
            return wrong_shape
        if period < first:
            return f"period {period!r} is before the first {what} due, {first} (the plan is in force from {plan_day})"
        return beyond(int(found[1]))

    if isinstance(deadline, EachHalfYear):
        return part_of_year(_HALF, f"{plan_date.year:04d}-H{1 if plan_date.month <= 6 else 2}", "half-year")
    if isinstance(deadline, EachQuarter):
        return part_of_year(_QUARTER, f"{plan_date.year:04d}-Q{(plan_date.month - 1) // 3 + 1}", "quarter")

    if isinstance(deadline, EachWeek):
        found = _WEEK.fullmatch(period)
        if not found:
            return wrong_shape
        year, week = int(found[1]), int(found[2])
        weeks = _dt.date(year, 12, 28).isocalendar()[1]  # 28/12 is always in the year's last ISO week
        if not 1 <= week <= weeks:
            return f"period {period!r} is not a week: {year} has weeks 01 to {weeks}"
        found_first = expand(deadline, plan_date=plan_date, as_of=plan_date + _dt.timedelta(days=7))
        assert isinstance(found_first, tuple) and found_first
        first = found_first[0].key
        if period < first:
            return f"period {period!r} is before the first week due, {first} (the plan is in force from {plan_day})"
        return beyond(year)

    if isinstance(deadline, InQuarter):
        found = _QUARTER.fullmatch(period)
        if not found:
            return wrong_shape
        year, quarter = int(found[1]), int(found[2])
        base = deadline.year if deadline.year is not None else plan_date.year
        if quarter != deadline.quarter:
            return f"period {period!r} is quarter {ROMAN[quarter]}, but this deadline is in quarter {ROMAN[deadline.quarter]}"
        if deadline.trigger is None:
            return None if year == base else f"period {period!r} is not {base:04d}-Q{deadline.quarter}, the quarter due"
        if year < base:
            return f"period {period!r} is before {base:04d}-Q{deadline.quarter}, the first quarter it can be due in"
        if happened is not None:
            events = sorted(d for d in happened)
            if events and year != quarter_for_trigger(base, deadline.quarter, events[0]):
                due = quarter_for_trigger(base, deadline.quarter, events[0])
                return (
                    f"period {period!r} is not {due:04d}-Q{deadline.quarter}, the quarter due after "
                    f"{deadline.trigger} happened on {show_date(events[0])}"
                )
        return beyond(year)

    if isinstance(deadline, (AfterEvent, WithinAfterEvent)):
        found = _ISO_DATE.fullmatch(period)
        if not found:
            return wrong_shape
        try:
            day = _dt.date(int(found[1]), int(found[2]), int(found[3]))
        except ValueError:
            return f"period {period!r} is not a date that exists"
        if happened is not None and day not in set(happened):
            return f"period {period!r} names no date on which {deadline.event} happened"
        return None

    return wrong_shape  # pragma: no cover - every model deadline is handled above


def period_problems(
    deadline: Deadline,
    deliveries: Sequence[Delivery],
    *,
    plan_date: _dt.date,
    as_of: _dt.date,
    happened: Sequence[_dt.date] | None = None,
) -> list[tuple[Delivery, str]]:
    """Deliveries whose `period` this deadline can never have, each with the reason in English.

    A period is checked against every occurrence the deadline can ever have (within
    `HORIZON_YEARS` of the plan's year), not only those opened by `as_of`: a report
    handed in early for a later month is not a mistake. When `happened` is given,
    the period of a `sau khi` deadline must be a date the event happened on, and that
    of a `quý … khi` deadline the quarter the event's first happening makes due.
    `as_of` is not used to judge a period (every happening and every future occurrence
    is a period a delivery may name); it is accepted so the call reads like `judge`.
    The caller turns the result into a FactsError.
    """
    del as_of
    out: list[tuple[Delivery, str]] = []
    for delivery in deliveries:
        if delivery.period is None:
            continue
        reason = _period_problem(deadline, delivery.period, plan_date=plan_date, happened=happened)
        if reason is not None:
            out.append((delivery, reason))
    return out
