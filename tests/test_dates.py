"""The one date reader (planrules.base.dates): both forms, and why an impossible date is none."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planrules.base.dates import (
    ANY_YEAR, YEARS, NoSuchDay, NoSuchMonth, NotADate, NotDateForm, YearOutside, days_in, read_date,
)

PLAN_DAYS = st.dates(dt.date(YEARS[0], 1, 1), dt.date(YEARS[-1], 12, 31))


@given(PLAN_DAYS)
def test_an_iso_date_reads_back(day):
    assert read_date(day.isoformat()) == day


@given(PLAN_DAYS, st.booleans(), st.booleans())
def test_a_day_first_date_reads_back_with_or_without_leading_zeros(day, pad_day, pad_month):
    text = f"{day.day:0{2 if pad_day else 1}d}/{day.month:0{2 if pad_month else 1}d}/{day.year}"
    assert read_date(f"  {text}\n") == day


@given(st.integers(1900, 2200), st.integers(0, 99), st.integers(0, 99))
def test_the_reader_agrees_with_datetime(year, month, day):
    """A text of the right form is a date exactly when Python's calendar has that day."""
    try:
        expected = dt.date(year, month, day)
    except ValueError:
        expected = None
    for text in (f"{day}/{month}/{year}", f"{year}-{month}-{day}"):
        if expected is not None:
            assert read_date(text) == expected
        else:
            with pytest.raises((NoSuchMonth, NoSuchDay)):
                read_date(text)


@given(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
def test_any_year_reads_what_strptime_reads(day):
    text = day.strftime("%d/%m/") + f"{day.year:04d}"
    assert read_date(text, ANY_YEAR) == dt.datetime.strptime(text, "%d/%m/%Y").date()


def test_no_month_13_in_both_languages():
    with pytest.raises(NoSuchMonth) as info:
        read_date("01/13/2026")
    assert (info.value.text, info.value.month) == ("01/13/2026", 13)
    assert info.value.reason == ("there is no month 13", "không có tháng 13")


def test_february_has_28_days_in_both_languages():
    with pytest.raises(NoSuchDay) as info:
        read_date("2026-02-29")
    assert (info.value.year, info.value.month, info.value.days) == (2026, 2, 28)
    assert info.value.reason == ("month 2/2026 has 28 days", "tháng 2/2026 chỉ có 28 ngày")


def test_a_year_outside_the_plans_years_is_said_after_the_month_and_before_the_day():
    with pytest.raises(YearOutside) as info:
        read_date("30/02/2300")
    assert info.value.year == 2300
    with pytest.raises(NoSuchMonth):
        read_date("30/13/2300")
    assert read_date("01/01/1850", ANY_YEAR) == dt.date(1850, 1, 1)


@pytest.mark.parametrize("text", ["", "2026", "2026/12/31", "31-12-2026", "31/12/26", "2026-12-31T00:00", "1.2.2026",
                                  "31/12/20266", "x31/12/2026"])
def test_other_forms_are_no_date(text):
    with pytest.raises(NotDateForm) as info:
        read_date(text)
    assert info.value.text == text.strip()


def test_every_refusal_is_a_value_error():
    assert issubclass(NotADate, ValueError)
    for kind in (NotDateForm, NoSuchMonth, YearOutside, NoSuchDay):
        assert issubclass(kind, NotADate)


@given(st.integers(1, 9998), st.integers(1, 12))
def test_days_in_is_the_last_day_of_the_month(year, month):
    last = dt.date(year, month, days_in(year, month))
    assert (last + dt.timedelta(days=1)).day == 1
