"""Deadlines as officials write them: each form read, and what `written` writes read back as the same deadline."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from planrules.documents import official
from planrules.language import model as m
from planrules.strategies.plan_models import deadlines

FORMS = {
    "Quý IV/2026": m.InQuarter(quarter=4, year=2026),
    "Quý 2 năm 2027": m.InQuarter(quarter=2, year=2027),
    "Tháng 6/2026": m.InMonth(year=2026, month=6),
    "Trong tháng 6 năm 2026": m.InMonth(year=2026, month=6),
    "Năm 2026": m.EndOfYear(year=2026),
    "Cuối năm 2026": m.EndOfYear(year=2026),
    "2026-2030": m.EndOfYear(year=2030, first=2026),
    "Hằng năm": m.EachYear(),
    "Hàng năm và thường xuyên": m.EachYear(ongoing=True),
    "Thường xuyên": m.Ongoing(),
    "Định kỳ 6 tháng": m.EachHalfYear(),
    "trước ngày 15/5/2026": m.OnDate(date=dt.date(2026, 5, 15)),
    "30/6/2026": m.OnDate(date=dt.date(2026, 6, 30), inclusive=True),
    "ngày 15 tháng 5 năm 2026": m.OnDate(date=dt.date(2026, 5, 15), inclusive=True),
    "Trước ngày 25 hằng tháng": m.MonthlyBefore(day=25),
    "trước ngày 05 tháng 12 hằng năm": m.YearlyBefore(day=5, month=12),
    "Trong vòng 30 ngày": m.WithinOfIssue(days=30),
    "Trong vòng 30 ngày kể từ ngày ký ban hành Kế hoạch": m.WithinOfIssue(days=30),
    "Sau khi có chỉ đạo của tỉnh": m.AfterEvent(event="có chỉ đạo của tỉnh"),
    "Quý IV (khi có văn bản chỉ đạo của tỉnh)": m.InQuarter(quarter=4, trigger="có văn bản chỉ đạo của tỉnh"),
    "Trong vòng 20 ngày làm việc sau khi có quyết định": m.WithinAfterEvent(days=20, event="có quyết định",
                                                                           working=True),
    "Trước ngày 30/6/2026 (không gia hạn)": m.OnDate(date=dt.date(2026, 6, 30), hard=True),
}


@pytest.mark.parametrize("text", FORMS)
def test_each_official_form_is_read(text):
    assert official.read(text) == (FORMS[text],)


@pytest.mark.parametrize("text", ["6 tháng", "cả năm", "31/2/2026", "Quý V/2026", "khi nào xong", ""])
def test_what_the_language_cannot_say_is_not_read(text):
    assert official.read(text) is None


_LABELS = st.text("abcdeghlmnopqrstuyđơư ", min_size=1, max_size=12).map(lambda s: " ".join(s.split())).filter(bool)


@settings(max_examples=300, deadline=None)
@given(deadlines(label=st.none(), source=st.none()), _LABELS)
def test_written_reads_back_as_the_same_deadline(deadline, label):
    """Every deadline the language has, written as an official would, reads back as itself (its events by label)."""
    for name in official.EVENT_FIELDS:
        if getattr(deadline, name, None) is not None:
            deadline = m.__dict__[type(deadline).__name__](**{**_fields(deadline), name: label})
    assert official.read(official.written(deadline)) == (deadline,)


def _fields(deadline) -> dict:
    import attrs

    return {f.name: getattr(deadline, f.name) for f in attrs.fields(type(deadline)) if f.init}


def test_identifier_keeps_vietnamese_letters():
    assert official.identifier("Văn phòng HĐND - UBND xã") == "văn_phòng_hđnd_ubnd_xã"
    assert official.identifier("Các cơ quan, đơn vị") == "các_cơ_quan_đơn_vị"
    assert official.identifier("3 Sở") == "đv_3_sở"
