"""Deadline schedules: when each occurrence of a deadline is due, and whether it was met.

A deadline of the model (`model.OnDate`, `model.MonthlyBefore`, ...) says in words
when a task is due. This module turns it into dated occurrences (`expand`) and judges
each occurrence on the deliveries a unit reported (`judge`), with an explanation in
English and Vietnamese. `docs/deadlines.md` states every rule; in short:

- `trước ngày D` is strict (D itself is late), `đến ngày D` (also monthly and yearly), `hằng năm`, `định kỳ 6
  tháng`, `hằng quý`, `hằng tháng`, `hằng tuần`, `cuối năm`, `quý` are inclusive of their last day (docs/language.md, rule 1);
- a monthly day a month lacks is that month's last day, inclusive (`trước ngày 31`
  in April is met on 30/04); 29/02 is 28/02 in other years, inclusive (rule 2); a
  quarter without a year is in the plan's year (rule 3);
- when the last day on time is a weekend day or a public holiday, it moves to the
  next working day (Bộ luật Dân sự 2015, Điều 148 khoản 5) — see `Calendar`;
- `thường xuyên` is judged per calendar year and is never late; a deadline waiting
  for an event is not applicable until the event happens (rule 4).

Public: `Calendar`, `Occurrence`, `NotTriggered`, `Judgement`, `expand`, `judge`,
`period_problems`, `HORIZON_YEARS`.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as _dt
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from attrs import frozen

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
    YearlyBefore,
)
from .verdicts import Explanation, Status, show_date

__all__ = [
    "HORIZON_YEARS",
    "Calendar",
    "Judgement",
    "NotTriggered",
    "Occurrence",
    "expand",
    "judge",
    "period_problems",
]

# Recurring deadlines expand over at most this many calendar years, counted from the
# year of the plan's date: an `as_of` further away is treated as the end of that range.
HORIZON_YEARS = 100

_ONE_DAY = _dt.timedelta(days=1)
_LAW = ("Civil Code 2015, Article 148(5)", "khoản 5 Điều 148 Bộ luật Dân sự 2015")
_WEEKDAYS = (
    ("Monday", "thứ Hai"),
    ("Tuesday", "thứ Ba"),
    ("Wednesday", "thứ Tư"),
    ("Thursday", "thứ Năm"),
    ("Friday", "thứ Sáu"),
    ("Saturday", "thứ Bảy"),
    ("Sunday", "Chủ nhật"),
)
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


# ------------------------------------------------------------ calendar --


class Calendar:
    """Working days: which days count when a deadline's last day is moved.

    `Calendar.vietnam()` is the Vietnamese public-sector calendar: Saturday and Sunday
    are days off, and so are the public holidays (ngày nghỉ lễ, tết) and the days off
    substituted for a working Saturday, as the `holidays` package lists them for Viet
    Nam; a Saturday worked in exchange (e.g. 22/08/2026, for 31/08/2026) is a working
    day. The package covers 1950–2100: outside those years only weekends are days off.

    `Calendar.plain()` has no days off at all: every deadline ends on the day the plan
    writes (the literal reading; also for tests).
    """

    def __init__(self, name: str, *, weekend: frozenset[int] = frozenset(), country: str | None = None):
        self.name = name
        self.weekend = weekend
        self._country = country
        self._tables: dict[str, Any] = {}  # language -> holidays.HolidayBase, made on first use

    def __repr__(self) -> str:
        return f"Calendar.{self.name}()"

    # ----------------------------------------------------- constructors --

    @classmethod
    def vietnam(cls) -> "Calendar":
        """Viet Nam's working days (one calendar per process; holiday years load lazily)."""
        return _vietnam()

    @classmethod
    def plain(cls) -> "Calendar":
        """Every day is a working day: no weekends, no holidays, no moved deadlines."""
        return _plain()

    # ------------------------------------------------------------ lookups --

    def _table(self, lang: str, day: _dt.date):
        """The holiday table in `lang` ("vi" or "en_US"), with `day`'s year and the next loaded.

        The next year is loaded too because a working Saturday in late December can be
        swapped for a day off in the following January (27/12/2014 for 02/01/2015).
        """
        if self._country is None:
            return None
        table = self._tables.get(lang)
        if table is None:
            import holidays

            table = holidays.country_holidays(self._country, language=lang)
            self._tables[lang] = table
        for year in (day.year, day.year + 1):
            if year not in table.years and _dt.MINYEAR <= year <= _dt.MAXYEAR:
                table.get(_dt.date(year, 1, 1))  # loads the year's holidays
        return table

    def is_working_day(self, day: _dt.date) -> bool:
        """True when `day` is neither a weekend day nor a day off (a worked Saturday is working)."""
        table = self._table("vi", day)
        if table is not None:
            if day.weekday() in self.weekend:
                return day in table.weekend_workdays
            return day not in table
        return day.weekday() not in self.weekend

    def holiday_name(self, day: _dt.date, lang: str = "vi") -> str | None:
        """The name of the holiday on `day` ("Tết Nguyên Đán"; English with lang="en"), or None."""
        table = self._table("vi" if lang == "vi" else "en_US", day)
        if table is None:
            return None
        name = table.get(day)
        # the English names write the day a day off replaces as a US date ("substituted from 08/22/2026")
        return _US_DATE.sub(r"\2/\1/\3", name) if name is not None and lang != "vi" else name

    def last_on_time_day(self, due: _dt.date, inclusive: bool) -> tuple[_dt.date, tuple[_dt.date, ...]]:
        """The last day a delivery is on time, and the days off skipped to reach it.

        The last day is `due` itself when inclusive (`đến ngày`), the day before it when
        strict (`trước ngày`). When that day is not a working day, the deadline ends at
        the end of the next working day (Bộ luật Dân sự 2015, Điều 148 khoản 5): the
        day moves forward until it is one, and the days passed over are returned so an
        explanation can name them.
        """
        last = due if inclusive else due - _ONE_DAY
        skipped: list[_dt.date] = []
        while not self.is_working_day(last) and last < _dt.date.max and len(skipped) < 366:
            skipped.append(last)
            last += _ONE_DAY
        return last, tuple(skipped)

    def day_off_reason(self, day: _dt.date) -> tuple[tuple[str, str], tuple[str, str]]:
        """Why `day` is a day off, in English and Vietnamese: (as a clause, as a short note).

        ("a Sunday", "Chủ nhật"), ("Sunday", "Chủ nhật"); or for a holiday
        ("a public holiday (Lunar New Year)", "ngày nghỉ lễ (Tết Nguyên Đán)"),
        ("Lunar New Year", "Tết Nguyên Đán").
        """
        vi = self.holiday_name(day, "vi")
        if vi is not None:
            en = self.holiday_name(day, "en") or vi
            return (f"a public holiday ({en})", f"ngày nghỉ lễ ({vi})"), (en, vi)
        en_day, vi_day = _WEEKDAYS[day.weekday()]
        return (f"a {en_day}", vi_day), (en_day, vi_day)


_US_DATE = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")


@cache
def _vietnam() -> Calendar:
    return Calendar("vietnam", weekend=frozenset({5, 6}), country="VN")


@cache
def _plain() -> Calendar:
    return Calendar("plain")


# --------------------------------------------------------- occurrences --


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


def _recurring_last(deadline: MonthlyBefore | YearlyBefore, year: int, month: int) -> _dt.date:
    """The last day on time (before the working-day rule) of a monthly or yearly day."""
    due, inclusive = _recurring_due(deadline, year, month)
    return due if inclusive else due - _ONE_DAY


def _quarter_last(year: int, quarter: int) -> _dt.date:
    month = 3 * quarter
    return _dt.date(year, month, _month_end(year, month))


def _quarter_first(year: int, quarter: int) -> _dt.date:
    return _dt.date(year, 3 * quarter - 2, 1)


def _horizon(plan_date: _dt.date, as_of: _dt.date) -> _dt.date:
    """`as_of`, or the end of the last year of the horizon when that is earlier."""
    last_year = min(plan_date.year + HORIZON_YEARS - 1, _dt.MAXYEAR)
    return min(as_of, _dt.date(last_year, 12, 31))


def _offset_due(day: _dt.date, deadline: WithinAfterEvent, calendar: Calendar) -> _dt.date:
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


def _quarter_for_trigger(base_year: int, quarter: int, trigger: _dt.date) -> int:
    """The year of the first quarter `quarter` from `base_year` on that ends on or after `trigger`."""
    year = max(base_year, trigger.year)
    if _quarter_last(year, quarter) < trigger:
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
        isinstance(deadline, InQuarter) and deadline.trigger is not None
    ):
        event = deadline.trigger if isinstance(deadline, InQuarter) else deadline.event
        if not events:
            return NotTriggered(event)
    end = _horizon(plan_date, as_of)
    out: list[Occurrence] = []

    if isinstance(deadline, OnDate):
        out.append(Occurrence("once", plan_date, deadline.date, deadline.inclusive, deadline.date))

    elif isinstance(deadline, MonthlyBefore):
        year, month = plan_date.year, plan_date.month
        if _recurring_last(deadline, year, month) < plan_date:  # its last day was over before the plan
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        while _dt.date(year, month, 1) <= end:
            due, inclusive = _recurring_due(deadline, year, month)
            out.append(Occurrence(f"{year:04d}-{month:02d}", _dt.date(year, month, 1), due, inclusive, due))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    elif isinstance(deadline, YearlyBefore):
        year = plan_date.year
        if _recurring_last(deadline, year, deadline.month) < plan_date:
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
            due = _quarter_last(year, quarter)
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

    elif isinstance(deadline, EndOfYear):
        due = _dt.date(deadline.year, 12, 31)
        out.append(Occurrence(f"{deadline.year:04d}", plan_date, due, True, due))

    elif isinstance(deadline, InQuarter):
        base = deadline.year if deadline.year is not None else plan_date.year
        if deadline.trigger is None:
            year, opens = base, _quarter_first(base, deadline.quarter)
        else:
            opens = events[0]
            year = _quarter_for_trigger(base, deadline.quarter, opens)
        if opens <= end:
            due = _quarter_last(year, deadline.quarter)
            out.append(Occurrence(f"{year:04d}-Q{deadline.quarter}", opens, due, True, due))

    elif isinstance(deadline, WithinAfterEvent):
        for day in events:
            due = _offset_due(day, deadline, calendar or Calendar.vietnam())
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


# ---------------------------------------------------------- judgements --


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


def _pair(key: str, **args: object) -> tuple[str, str]:
    """A catalogue phrase rendered in both languages, to be an argument of a sentence."""
    message = Explanation.of(key, **args)
    return message.text("en"), message.text("vi")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _days(n: int) -> tuple[str, str]:
    return (f"{n} day" if n == 1 else f"{n} days"), f"{n} ngày"


def _due_phrase(due: _dt.date, inclusive: bool, moved: bool) -> tuple[str, str]:
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
    return []


def _trigger(deadline: Deadline, occurrence: Occurrence, plan_date: _dt.date) -> list[Explanation]:
    if isinstance(deadline, WithinAfterEvent) and occurrence.due is not None:
        n = deadline.days
        days = (
            (f"{n} working day" if n == 1 else f"{n} working days", f"{n} ngày làm việc")
            if deadline.working
            else _days(n)
        )
        return [
            Explanation.of(
                "deadline_offset",
                event=deadline.event,
                happened=show_date(occurrence.opens),
                days=days,
                due=show_date(occurrence.due),
            )
        ]
    if not isinstance(deadline, InQuarter) or deadline.trigger is None or occurrence.due is None:
        return []
    base = deadline.year if deadline.year is not None else plan_date.year
    quarter = _ROMAN[deadline.quarter]
    if occurrence.due.year > base and occurrence.opens > _quarter_last(base, deadline.quarter):
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


def _judge_dated(
    deadline: Deadline,
    occurrence: Occurrence,
    matched: list[Delivery],
    *,
    plan_date: _dt.date,
    as_of: _dt.date,
    calendar: Calendar,
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
    if deadline.hard:  # `không gia hạn`: the last day as written, even on a day off
        last, skipped = Calendar.plain().last_on_time_day(due, occurrence.inclusive)
    else:
        last, skipped = calendar.last_on_time_day(due, occurrence.inclusive)
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
        main = Explanation.of("deadline_missing", as_of=show_date(as_of), due=phrase)
    else:
        status = Status.PENDING
        main = Explanation.of("deadline_pending", as_of=show_date(as_of), due=phrase, last=show_date(last))
    sentences = [
        *_trigger(deadline, occurrence, plan_date),
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
                _judge_dated(deadline, occurrence, matched, plan_date=plan_date, as_of=as_of, calendar=calendar)
            )
    return tuple(out)


# ------------------------------------------------------------- periods --

_YEAR = re.compile(r"(\d{4})")
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
)


def _shape(period: str) -> str:
    if period == "once":
        return "the single occurrence 'once'"
    for pattern, name in _SHAPES:
        if pattern.fullmatch(period):
            return name
    return "not a period key"


def _expected(deadline: Deadline) -> str:
    if isinstance(deadline, OnDate):
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
    if isinstance(deadline, EndOfYear):
        return f"due at the end of {deadline.year}: its only period is '{deadline.year:04d}'"
    if isinstance(deadline, InQuarter):
        return f"due within a quarter: expected a quarter such as '2026-Q{deadline.quarter}'"
    return "due after an event: expected the event's date, such as '2026-09-15'"


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

    if isinstance(deadline, OnDate):
        return None if period == "once" else wrong_shape
    if isinstance(deadline, InMonth):
        return None if period == f"{deadline.year:04d}-{deadline.month:02d}" else wrong_shape
    if isinstance(deadline, EndOfYear):
        return None if period == f"{deadline.year:04d}" else wrong_shape

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
        if isinstance(deadline, YearlyBefore) and _recurring_last(deadline, plan_date.year, deadline.month) < plan_date:
            first_year += 1
        if year < first_year:
            return f"period {period!r} is before the first year due, {first_year} (the plan is in force from {plan_day})"
        return beyond(year)

    if isinstance(deadline, EachHalfYear):
        found = _HALF.fullmatch(period)
        if not found:
            return wrong_shape
        first = f"{plan_date.year:04d}-H{1 if plan_date.month <= 6 else 2}"
        if period < first:
            return f"period {period!r} is before the first half-year due, {first} (the plan is in force from {plan_day})"
        return beyond(int(found[1]))

    if isinstance(deadline, EachQuarter):
        found = _QUARTER.fullmatch(period)
        if not found:
            return wrong_shape
        first = f"{plan_date.year:04d}-Q{(plan_date.month - 1) // 3 + 1}"
        if period < first:
            return f"period {period!r} is before the first quarter due, {first} (the plan is in force from {plan_day})"
        return beyond(int(found[1]))

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
            return f"period {period!r} is quarter {_ROMAN[quarter]}, but this deadline is in quarter {_ROMAN[deadline.quarter]}"
        if deadline.trigger is None:
            return None if year == base else f"period {period!r} is not {base:04d}-Q{deadline.quarter}, the quarter due"
        if year < base:
            return f"period {period!r} is before {base:04d}-Q{deadline.quarter}, the first quarter it can be due in"
        if happened is not None:
            events = sorted(d for d in happened)
            if events and year != _quarter_for_trigger(base, deadline.quarter, events[0]):
                due = _quarter_for_trigger(base, deadline.quarter, events[0])
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
