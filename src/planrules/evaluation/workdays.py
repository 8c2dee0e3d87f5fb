"""Working days: the calendar that moves a deadline's last day off a day off.

`Calendar.vietnam()` is the Vietnamese public-sector calendar (weekends, public
holidays and swapped days, from the `holidays` package); `Calendar.plain()` has
no days off. When the last day on time is not a working day it moves to the next
working day (Bộ luật Dân sự 2015, Điều 148 khoản 5); `judgements` says so, and
`occurrences` counts working days for `trong vòng N ngày làm việc`.

Public: `Calendar`.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import cache
from typing import Any

__all__ = ["Calendar", "weekday_name"]

_ONE_DAY = _dt.timedelta(days=1)
_WEEKDAYS = (
    ("Monday", "thứ Hai"),
    ("Tuesday", "thứ Ba"),
    ("Wednesday", "thứ Tư"),
    ("Thursday", "thứ Năm"),
    ("Friday", "thứ Sáu"),
    ("Saturday", "thứ Bảy"),
    ("Sunday", "Chủ nhật"),
)


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


def weekday_name(day: _dt.date, lang: str = "en") -> str:
    """The day of the week of `day`: "Monday" … "Sunday"; in Vietnamese "thứ Hai" … "Chủ nhật"."""
    return _WEEKDAYS[day.weekday()][1 if lang == "vi" else 0]


_US_DATE = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")


@cache
def _vietnam() -> Calendar:
    return Calendar("vietnam", weekend=frozenset({5, 6}), country="VN")


@cache
def _plain() -> Calendar:
    return Calendar("plain")
