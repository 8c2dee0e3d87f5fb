"""The one reader of a date a user wrote: 2026-12-31 or 31/12/2026.

Plans, facts files, scenario files and the command line's --as-of all take a
date as text in these two forms, ISO and the day-first form Vietnamese
documents use. They all read it here, so a date that one accepts none
refuses. A text of the right form can still name no day (31/02/2026): the
reader then says why, in both languages ("month 2/2026 has 28 days"), and
each caller puts that reason into its own message, at its own place.

The reader raises rather than returns: every caller stops reading the value
there, and the kinds of `NotADate` say which check failed, in the order a
reader meets them: the form, then the month, the year, the day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

# The years a plan or a fact may name: a plan of 1850 or 2300 is a typo, not a plan.
YEARS = range(1900, 2201)
# Every year a Python date can hold, for a reader that takes any date (--as-of, scenarios).
ANY_YEAR = range(dt.MINYEAR, dt.MAXYEAR + 1)

_DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


class NotADate(ValueError):
    """`text` (as read, without surrounding spaces) is not a date."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


class NotDateForm(NotADate):
    """`text` is written neither 2026-12-31 nor 31/12/2026."""


class NoSuchMonth(NotADate):
    """`text` has a date's form, but its month is not 1 to 12."""

    def __init__(self, text: str, month: int) -> None:
        super().__init__(text)
        self.month = month

    @property
    def reason(self) -> tuple[str, str]:
        """Why, in English and Vietnamese: "there is no month 13"."""
        return f"there is no month {self.month}", f"không có tháng {self.month}"


class YearOutside(NotADate):
    """`text` has a date's form and a month, but its year is outside the years the reader was given."""

    def __init__(self, text: str, year: int) -> None:
        super().__init__(text)
        self.year = year


class NoSuchDay(NotADate):
    """`text` has a date's form, a month and a year, but its month has no such day."""

    def __init__(self, text: str, year: int, month: int) -> None:
        super().__init__(text)
        self.year, self.month = year, month
        self.days = days_in(year, month)

    @property
    def reason(self) -> tuple[str, str]:
        """Why, in English and Vietnamese: "month 2/2026 has 28 days"."""
        return (
            f"month {self.month}/{self.year} has {self.days} days",
            f"tháng {self.month}/{self.year} chỉ có {self.days} ngày",
        )


def days_in(year: int, month: int) -> int:
    """How many days `month` (1 to 12) of `year` has."""
    return calendar.monthrange(year, month)[1]


def read_date(text: str, years: range = YEARS) -> dt.date:
    """The date `text` names, written 2026-12-31 or 31/12/2026 (one- or two-digit day and month).

    Raises a `NotADate`: `NotDateForm` when `text` has neither form, else
    `NoSuchMonth`, `YearOutside` (a year not in `years`) or `NoSuchDay`,
    checked in that order.
    """
    text = text.strip()
    if found := _DAY_FIRST.fullmatch(text):
        day, month, year = (int(part) for part in found.groups())
    elif found := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in found.groups())
    else:
        raise NotDateForm(text)
    if not 1 <= month <= 12:
        raise NoSuchMonth(text, month)
    if year not in years:
        raise YearOutside(text, year)
    if not 1 <= day <= days_in(year, month):
        raise NoSuchDay(text, year, month)
    return dt.date(year, month, day)
