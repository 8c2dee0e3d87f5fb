"""Deadline judgements: each occurrence of a deadline judged on the deliveries a unit reported.

`judge` expands a deadline (`occurrences.expand`), matches each delivery to an
occurrence (by its `period`, else by the window holding its date) and judges each
occurrence with an explanation in English and Vietnamese (`docs/deadlines.md`):

- when the last day on time is a weekend day or a public holiday, it moves to the
  next working day (Bộ luật Dân sự 2015, Điều 148 khoản 5) — see `workdays.Calendar`;
  a hard cut-off (`không gia hạn`) does not move;
- `thường xuyên` is judged per calendar year and is never late; a deadline waiting
  for an event is not applicable until the event happens.

Public: `Judgement`, `judge`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

from attrs import frozen

from ..facts.model import Delivery
from ..language.model import (
    AfterEvent,
    Deadline,
    EachYear,
    OnDate,
    EndOfYear,
    InQuarter,
    MonthlyBefore,
    Ongoing,
    WithinAfterEvent,
    WithinOfIssue,
    YearlyBefore,
)
from .occurrences import ROMAN, NotTriggered, Occurrence, expand, quarter_last
from .verdicts import Explanation, Later, Status, show_date
from .workdays import Calendar

__all__ = ["Judgement", "judge", "last_on_time"]

_ONE_DAY = _dt.timedelta(days=1)
_LAW = ("Civil Code 2015, Article 148(5)", "khoản 5 Điều 148 Bộ luật Dân sự 2015")


@frozen
class Judgement:
    """The verdict on one occurrence of a deadline (or on a deadline still waiting for its event).

    `period` is the occurrence's key (None when not applicable); `due` the due date
    as written and `last_day` the last day on time after the working-day rule (both
    None without a due date); `delivered` the date of the delivery that counted;
    `records` where that delivery was read (str of its origin). `days_late`, for
    a late verdict only: the days from the last day on time to the delivery that came
    late ("late by N days"), or to `as_of` when nothing came (a missing one).
    """

    period: str | None
    status: Status
    due: _dt.date | None
    last_day: _dt.date | None
    delivered: _dt.date | None
    records: tuple[str, ...]
    explanation: tuple[Explanation, ...]
    days_late: int | None = None

    def explain(self, lang: str = "en") -> str:
        return " ".join(sentence.text(lang) for sentence in self.explanation)


def _pair(key: str, **args: object) -> Later:
    """A catalogue phrase in both languages, to be an argument of a sentence: worded when the sentence is."""
    return Later(_phrase, key, args)


def _phrase(key: str, args: dict[str, object]) -> tuple[str, str]:
    message = Explanation.of(key, **args)
    return message.text("en"), message.text("vi")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _days(n: int) -> tuple[str, str]:
    return (f"{n} day" if n == 1 else f"{n} days"), f"{n} ngày"


def _offset(n: int, working: bool) -> tuple[str, str]:
    """An offset as its explanation says it: "20 days", or "2 working days" (`ngày làm việc`)."""
    if not working:
        return _days(n)
    return (f"{n} working day" if n == 1 else f"{n} working days"), f"{n} ngày làm việc"


def _due_phrase(due: _dt.date, inclusive: bool, moved: bool) -> Later:
    if inclusive:
        return _pair("deadline_due_by", due=show_date(due))
    if moved:
        return _pair("deadline_due_before_moved", due=show_date(due), eve=show_date(due - _ONE_DAY))
    return _pair("deadline_due_before", due=show_date(due), ordinal=_ordinal(due.day), day=f"{due.day:02d}")


def _moved(calendar: Calendar, skipped: tuple[_dt.date, ...], last: _dt.date) -> list[Explanation]:
    if not skipped:
        return []
    if len(skipped) == 1:
        what, _ = calendar.day_off_reason(skipped[0])
        return [Explanation.of("deadline_moved_one", day=show_date(skipped[0]), what=what, last=show_date(last), law=_LAW)]
    notes = [(show_date(d), calendar.day_off_reason(d)[1]) for d in skipped]
    days = (", ".join(f"{d} ({en})" for d, (en, _) in notes), ", ".join(f"{d} ({vi})" for d, (_, vi) in notes))
    return [Explanation.of("deadline_moved_many", days=days, last=show_date(last), law=_LAW)]


def _hard(deadline: Deadline, calendar: Calendar, last: _dt.date) -> list[Explanation]:
    """A hard cut-off whose last day is a day off says that it did not move."""
    if not deadline.hard or calendar.is_working_day(last):
        return []
    what, _ = calendar.day_off_reason(last)
    return [Explanation.of("deadline_hard", day=show_date(last), what=what)]


def _written_as(deadline: Deadline, due: _dt.date) -> list[Explanation]:
    """Rule 2, said out loud when it changed the day the plan wrote."""
    if isinstance(deadline, MonthlyBefore) and due.day != deadline.day:
        return [
            Explanation.of(
                "deadline_month_end", month=f"{due.month:02d}/{due.year}", day=deadline.day, due=show_date(due)
            )
        ]
    if isinstance(deadline, YearlyBefore) and due.day != deadline.day:
        return [Explanation.of("deadline_no_leap_day", year=due.year, due=show_date(due))]
    if isinstance(deadline, EachYear) and deadline.ongoing:
        return [Explanation.of("deadline_yearly_ongoing", year=due.year)]
    if isinstance(deadline, EndOfYear) and deadline.first is not None:
        return [Explanation.of("deadline_span", first=deadline.first, last=deadline.year, due=show_date(due))]
    return []


def _conditional(deadline: OnDate, occurrence: Occurrence, happened: _dt.date) -> list[Explanation]:
    """Why a conditional date (`nếu E`) applies, and which day it is due on once E happened."""
    args = dict(event=deadline.trigger, happened=show_date(happened), written=show_date(deadline.date))
    if deadline.after_days is None:
        return [Explanation.of("deadline_if", **args)]
    days = _offset(deadline.after_days, deadline.working)
    if (occurrence.due, occurrence.inclusive) != (deadline.date, deadline.inclusive):  # the event's day is later
        return [Explanation.of("deadline_if_later", days=days, due=show_date(occurrence.due), **args)]
    return [Explanation.of("deadline_if_date", days=days, **args)]


def _trigger(deadline: Deadline, occurrence: Occurrence, plan_date: _dt.date,
             happened: Sequence[_dt.date] = ()) -> list[Explanation]:
    if isinstance(deadline, WithinOfIssue) and occurrence.due is not None:
        return [Explanation.of("deadline_of_issue", days=_offset(deadline.days, deadline.working),
                               issued=show_date(occurrence.opens), due=show_date(occurrence.due))]
    if isinstance(deadline, WithinAfterEvent) and occurrence.due is not None:
        return [Explanation.of("deadline_offset", event=deadline.event, happened=show_date(occurrence.opens),
                               days=_offset(deadline.days, deadline.working), due=show_date(occurrence.due))]
    if isinstance(deadline, OnDate) and deadline.trigger is not None and happened:
        return _conditional(deadline, occurrence, happened[0])
    if not isinstance(deadline, InQuarter) or deadline.trigger is None or occurrence.due is None:
        return []
    base = deadline.year if deadline.year is not None else plan_date.year
    quarter = ROMAN[deadline.quarter]
    if occurrence.due.year > base and occurrence.opens > quarter_last(base, deadline.quarter):
        return [
            Explanation.of(
                "deadline_quarter_next_year",
                event=deadline.trigger,
                happened=show_date(occurrence.opens),
                quarter=quarter,
                base=base,
                year=occurrence.due.year,
            )
        ]
    return [
        Explanation.of(
            "deadline_quarter_triggered",
            event=deadline.trigger,
            happened=show_date(occurrence.opens),
            quarter=quarter,
            year=occurrence.due.year,
        )
    ]


def _where(delivery: Delivery) -> str:
    if delivery.origin is not None:
        return str(delivery.origin)
    return f"{delivery.task} {delivery.date.isoformat()}"


def _match(occurrences: tuple[Occurrence, ...], deliveries: Sequence[Delivery]) -> list[list[Delivery]]:
    """The deliveries of each occurrence: by `period` when given, else by the window holding the date.

    An occurrence's window runs from its `opens` to the day before the next one opens;
    the last is open-ended, and a delivery dated before the first window belongs to the
    first. A `period` no occurrence has (not yet opened, or not a key of this deadline)
    matches nothing.
    """
    index = {o.key: i for i, o in enumerate(occurrences)}
    buckets: list[list[Delivery]] = [[] for _ in occurrences]
    if not occurrences:
        return buckets
    for delivery in deliveries:
        if delivery.period is not None:
            i = index.get(delivery.period)
        else:
            i = 0
            for j, occurrence in enumerate(occurrences):
                if occurrence.opens <= delivery.date:
                    i = j
        if i is not None:
            buckets[i].append(delivery)
    for bucket in buckets:
        bucket.sort(key=lambda d: d.date)
    return buckets


def last_on_time(deadline: Deadline, due: _dt.date, inclusive: bool,
                 calendar: Calendar) -> tuple[_dt.date, tuple[_dt.date, ...]]:
    """The last day a delivery of `deadline` due `due` is on time, and the days off it was moved over: the
    working-day rule (`Calendar.last_on_time_day`), except for a hard cut-off (`không gia hạn`), whose last
    day is as written even on a day off. What a verdict judges by and the agenda shows."""
    if deadline.hard:
        return Calendar.plain().last_on_time_day(due, inclusive)
    return calendar.last_on_time_day(due, inclusive)


def _judge_dated(
    deadline: Deadline,
    occurrence: Occurrence,
    matched: list[Delivery],
    *,
    plan_date: _dt.date,
    as_of: _dt.date,
    calendar: Calendar,
    happened: Sequence[_dt.date] = (),
) -> Judgement:
    assert occurrence.due is not None
    due = occurrence.due
    early: list[Explanation] = []
    if isinstance(deadline, WithinAfterEvent):  # a delivery before the event does not answer it
        early = [
            Explanation.of("deadline_before_event", date=show_date(d.date), event=deadline.event,
                           happened=show_date(occurrence.opens))
            for d in matched
            if d.date < occurrence.opens
        ]
        matched = [d for d in matched if d.date >= occurrence.opens]
    last, skipped = last_on_time(deadline, due, occurrence.inclusive, calendar)
    phrase = _due_phrase(due, occurrence.inclusive, bool(skipped))
    first = matched[0] if matched else None
    days_late = None
    if first is not None:
        if first.date <= last:
            status = Status.MET
            main = Explanation.of("deadline_on_time", delivered=show_date(first.date), due=phrase)
        else:
            status = Status.NOT_MET
            days_late = (first.date - last).days
            main = Explanation.of("deadline_late", delivered=show_date(first.date), due=phrase, late=_days(days_late))
    elif as_of >= last:  # `as_of` is the end of that day: the last day is over
        status = Status.NOT_MET
        days_late = (as_of - last).days
        main = (Explanation.of("deadline_missing_late", as_of=show_date(as_of), due=phrase, late=_days(days_late))
                if days_late else Explanation.of("deadline_missing", as_of=show_date(as_of), due=phrase))
    else:
        status = Status.PENDING
        main = Explanation.of("deadline_pending", as_of=show_date(as_of), due=phrase, last=show_date(last))
    sentences = [
        *_trigger(deadline, occurrence, plan_date, happened),
        *_written_as(deadline, due),
        main,
        *_moved(calendar, skipped, last),
        *_hard(deadline, calendar, last),
        *early,
    ]
    return Judgement(
        occurrence.key,
        status,
        due,
        last,
        first.date if first else None,
        (_where(first),) if first else (),
        tuple(sentences),
        days_late,
    )


def _judge_ongoing(occurrence: Occurrence, matched: list[Delivery], *, as_of: _dt.date) -> Judgement:
    year = int(occurrence.key)
    inside = [d for d in matched if d.date.year == year]
    outside = [
        Explanation.of("deadline_outside_year", date=show_date(d.date), year=year)
        for d in matched
        if d.date.year != year and d.period == occurrence.key
    ]
    closes = occurrence.closes or _dt.date(year, 12, 31)
    if inside:
        first = inside[0]
        return Judgement(
            occurrence.key,
            Status.MET,
            None,
            None,
            first.date,
            (_where(first),),
            (Explanation.of("deadline_ongoing_met", delivered=show_date(first.date), year=year),),
        )
    if as_of >= closes:  # the end of the last day of the year
        status, main = Status.NOT_MET, Explanation.of("deadline_ongoing_none", year=year)
    else:
        status, main = Status.PENDING, Explanation.of("deadline_ongoing_open", year=year, closes=show_date(closes))
    return Judgement(occurrence.key, status, None, None, None, (), (main, *outside))


def _judge_event(event: str, occurrence: Occurrence, matched: list[Delivery], *, as_of: _dt.date) -> Judgement:
    after = [d for d in matched if d.date >= occurrence.opens]
    happened = show_date(occurrence.opens)
    if after:
        first = after[0]
        return Judgement(
            occurrence.key,
            Status.MET,
            None,
            None,
            first.date,
            (_where(first),),
            (Explanation.of("deadline_event_met", event=event, happened=happened, delivered=show_date(first.date)),),
        )
    early = [
        Explanation.of("deadline_before_event", date=show_date(d.date), event=event, happened=happened)
        for d in matched
    ]
    main = Explanation.of("deadline_event_pending", event=event, happened=happened, as_of=show_date(as_of))
    return Judgement(occurrence.key, Status.PENDING, None, None, None, (), (main, *early))


def judge(
    deadline: Deadline,
    *,
    plan_date: _dt.date,
    as_of: _dt.date,
    deliveries: Sequence[Delivery],
    happened: Sequence[_dt.date] = (),
    calendar: Calendar,
    until: _dt.date | None = None,
) -> tuple[Judgement, ...]:
    """One judgement per occurrence of `deadline` opened by `as_of` (see `expand`).

    `deliveries` are those of this task and this deadline (the caller filters them);
    deliveries dated after `as_of` are ignored: at `as_of` they have not happened.
    Each is matched to an occurrence (`period` when given, else the window holding its
    date) and the earliest matched delivery of an occurrence decides it:

    - on or before the last day on time (`Calendar.last_on_time_day`): met;
    - after it: not met, late by the number of days past the last day;
    - none, and `as_of` after the last day: not met (missing); none yet: pending.

    `thường xuyên`: a delivery dated within the year is met; none in a closed year is
    not met ("no report"), never late; none in the open year is pending. `sau khi`: a
    delivery dated on or after the event is met, otherwise pending (no due date).
    A deadline still waiting for its event gives one not-applicable judgement.
    """
    expanded = expand(deadline, plan_date=plan_date, as_of=as_of, happened=happened, until=until, calendar=calendar)
    if isinstance(expanded, NotTriggered):
        return (
            Judgement(
                None,
                Status.NOT_APPLICABLE,
                None,
                None,
                None,
                (),
                (Explanation.of("deadline_waits", event=expanded.event, as_of=show_date(as_of)),),
            ),
        )
    if not expanded:
        return ()
    buckets = _match(expanded, [d for d in deliveries if d.date <= as_of])
    out: list[Judgement] = []
    for occurrence, matched in zip(expanded, buckets):
        if isinstance(deadline, Ongoing):
            out.append(_judge_ongoing(occurrence, matched, as_of=as_of))
        elif isinstance(deadline, AfterEvent):
            out.append(_judge_event(deadline.event, occurrence, matched, as_of=as_of))
        else:
            out.append(
                _judge_dated(deadline, occurrence, matched, plan_date=plan_date, as_of=as_of, calendar=calendar,
                             happened=sorted(d for d in happened if d <= as_of))
            )
    return tuple(out)
