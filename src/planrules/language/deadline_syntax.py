"""The builder's deadlines (and a span of years): each deadline rule of the grammar to its model value.

A part of `builder.Builder` (which it is a base of), kept apart as the builder's own module would
otherwise pass the size every module keeps to; its methods use the builder's helpers (`_plain`, `_date`,
`_year`, `_error`), and errors are collected as the builder collects them.
"""

from __future__ import annotations

import re

from attrs import evolve
from lark import Token

from . import model as m
from ..base.dates import YEARS, days_in
from .keywords import WEEKDAYS


class DeadlineSyntax:
    """Deadline rules (and `giai đoạn` spans) to model values; mixed into `builder.Builder`."""

    def before_date(self, meta, children, inclusive=False):
        parts = self._plain(children)
        condition = parts.pop() if parts and isinstance(parts[-1], dict) else {}
        date = self._date(parts[-1])
        return m.OnDate(date=date, inclusive=inclusive, **condition) if date else None

    def by_date(self, meta, children):
        return self.before_date(meta, children, inclusive=True)

    def if_event(self, meta, children, working=False):
        """The condition of a conditional date: its event, and the days after it (calendar or working)."""
        parts = self._plain(children)
        out = {"trigger": str(parts[0])}
        if len(parts) > 1:
            if int(parts[1]) < 1:
                self._error(parts[1], "bad_offset", days=str(parts[1]))
            out.update(after_days=int(parts[1]), working=working)
        return out

    def if_event_days(self, meta, children):
        return self.if_event(meta, children)

    def if_event_working(self, meta, children):
        return self.if_event(meta, children, working=True)

    def before_day_monthly(self, meta, children, inclusive=False):
        (day,) = self._plain(children)
        if not 1 <= int(day) <= 31:
            self._error(day, "bad_day_of_month", day=int(day))
        return m.MonthlyBefore(day=int(day), inclusive=inclusive)

    def by_day_monthly(self, meta, children):
        return self.before_day_monthly(meta, children, inclusive=True)

    def before_day_yearly(self, meta, children, inclusive=False):
        (token,) = self._plain(children)
        day, month = (int(x) for x in str(token).split("/"))
        if not 1 <= month <= 12:
            self._error(token, "bad_month", text=str(token), month=month)
        elif not 1 <= day <= days_in(2024, month):  # 2024: leap, so 29/2 is allowed
            self._error(token, "bad_day_month", text=str(token), month=month, days=days_in(2024, month))
        return m.YearlyBefore(day=day, month=month, inclusive=inclusive)

    def by_day_yearly(self, meta, children):
        return self.before_day_yearly(meta, children, inclusive=True)

    def yearly(self, meta, children):
        self._plain(children)
        return m.EachYear()

    def half_yearly(self, meta, children):
        self._plain(children)
        return m.EachHalfYear()

    def monthly(self, meta, children):
        self._plain(children)
        return m.EachMonth()

    def quarterly(self, meta, children):
        self._plain(children)
        return m.EachQuarter()

    def weekly(self, meta, children):
        self._plain(children)
        return m.EachWeek()

    def by_weekday_weekly(self, meta, children):
        day = next(WEEKDAYS.index(c.type) + 1 for c in children if isinstance(c, Token) and c.type in WEEKDAYS)
        self._plain(children)
        return m.EachWeek(day=day)

    def yearly_ongoing(self, meta, children):
        self._plain(children)
        return m.EachYear(ongoing=True)

    def span_deadline(self, meta, children):
        first, last = self._years_span(self._plain(children)[-1])
        return m.EndOfYear(year=last, first=first)

    def span_period(self, meta, children):
        first, last = self._years_span(self._plain(children)[-1])
        return m.SpanPeriod(first, last)

    def _years_span(self, token: Token) -> tuple[int, int]:
        """The years of `giai đoạn 2025-2026`: from an earlier year to a later one."""
        first, last = (int(x) for x in re.split(r"[ \t]*[-–][ \t]*", str(token)))
        for year in (first, last):
            if year not in YEARS:
                self._error(token, "bad_year", text=str(year))
                return first, max(last, first + 1)
        if first >= last:
            self._error(token, "span_order", text=str(token), first=first, last=last)
        return first, last

    def ongoing(self, meta, children):
        self._plain(children)
        return m.Ongoing()

    def end_of_year(self, meta, children):
        (year,) = self._plain(children)
        return m.EndOfYear(year=self._year(year))

    def hard_deadline(self, meta, children):
        deadline, token = children[0], children[-1]
        self._plain(children[1:])
        if isinstance(deadline, (m.Ongoing, m.AfterEvent)):
            self._error(token, "hard_without_due_date")
            return deadline
        return evolve(deadline, hard=True) if deadline is not None else None

    def in_month(self, meta, children):
        (token,) = self._plain(children)
        month, year = (int(x) for x in str(token).split("/"))
        if not 1 <= month <= 12:
            self._error(token, "bad_month", text=str(token), month=month)
        if year not in YEARS:
            self._error(token, "bad_year", text=str(year))
        return m.InMonth(year=year, month=month)

    def quarter(self, meta, children):
        parts = self._plain(children)
        quarter = {"I": 1, "II": 2, "III": 3, "IV": 4}.get(str(parts[0]).upper()) or int(str(parts[0]))
        year = next((self._year(p) for p in parts[1:] if isinstance(p, Token) and p.type == "INT"), None)
        trigger = next((p for p in parts[1:] if isinstance(p, str) and not isinstance(p, Token)), None)
        return m.InQuarter(quarter=quarter, year=year, trigger=trigger)

    def within_after_event(self, meta, children, working=False):
        days, event = self._plain(children)
        if int(days) < 1:
            self._error(days, "bad_offset", days=str(days))
        return m.WithinAfterEvent(days=int(days), event=event, working=working)

    def within_working_after_event(self, meta, children):
        return self.within_after_event(meta, children, working=True)

    def within_of_issue(self, meta, children, working=False):
        (days,) = self._plain(children)
        if int(days) < 1:
            self._error(days, "bad_offset", days=str(days))
        return m.WithinOfIssue(days=int(days), working=working)

    def within_working_of_issue(self, meta, children):
        return self.within_of_issue(meta, children, working=True)

    def after_event(self, meta, children):
        return m.AfterEvent(event=self._plain(children)[0])

    def deadline(self, meta, children):  # pragma: no cover - every alternative is aliased
        return children[0]


__all__ = ["DeadlineSyntax"]
