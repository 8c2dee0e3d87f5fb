"""Deadline schedules (`planrules.evaluation.occurrences`, `judgements`, `periods`, `workdays`) on the real plans, at the boundaries, and as properties.

The real cases are the deadlines of Kế hoạch 10-KH/ĐU of the Đảng ủy Cục Văn thư và Lưu
trữ nhà nước (dated 06/05/2026) and Kế hoạch 104/KH-UBND of UBND xã Vũ Dương (dated
04/06/2026), read from their `.plan` files so the tests follow the encoding.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import PLANS
from planrules import PlanSyntaxError, load, parse
from planrules.language import model as m
from planrules.facts.model import Delivery, Origin
from planrules.evaluation.judgements import Judgement, judge
from planrules.evaluation.occurrences import HORIZON_YEARS, NotTriggered, Occurrence, expand
from planrules.evaluation.periods import period_problems
from planrules.evaluation.workdays import Calendar
from planrules.strategies import deadlines
from planrules.evaluation.messages import MESSAGES
from planrules.evaluation.verdicts import Status

D = dt.date
VN = Calendar.vietnam()
PLAIN = Calendar.plain()

CUC = load(PLANS / "quoc-gia" / "bo-noi-vu" / "cuc-van-thu-luu-tru" / "kh-10-du.plan")
VU_DUONG = load(PLANS / "quoc-gia" / "ninh-binh" / "vu-duong" / "kh-104-ubnd.plan")


def deadline_of(plan: m.Plan, address: str, index: int = 0):
    task = plan.find_task(address)
    assert task is not None, address
    return task.deadlines[index]


def delivered(day: dt.date, period: str | None = None, row: int = 1) -> Delivery:
    return Delivery("X", day, period=period, origin=Origin("facts.toml", "deliveries", row))


def one(judgements: tuple[Judgement, ...]) -> Judgement:
    assert len(judgements) == 1, judgements
    return judgements[0]


def by_period(judgements: tuple[Judgement, ...]) -> dict[str | None, Judgement]:
    return {j.period: j for j in judgements}


# ------------------------------------------------------------------ calendar --


class TestCalendar:
    def test_vietnam_is_cached(self):
        assert Calendar.vietnam() is Calendar.vietnam()
        assert Calendar.plain() is Calendar.plain()

    def test_weekends_and_holidays(self):
        assert VN.is_working_day(D(2026, 5, 25))  # Monday
        assert not VN.is_working_day(D(2026, 5, 23))  # Saturday
        assert not VN.is_working_day(D(2026, 5, 24))  # Sunday
        assert not VN.is_working_day(D(2026, 2, 17))  # Tết
        assert not VN.is_working_day(D(2026, 9, 2))  # Quốc khánh
        assert not VN.is_working_day(D(2026, 11, 24))  # Ngày Văn hóa Việt Nam (from 2026)
        assert VN.is_working_day(D(2025, 11, 24))

    def test_holiday_names_in_vietnamese_and_english(self):
        assert VN.holiday_name(D(2026, 2, 17)) == "Tết Nguyên Đán"
        assert VN.holiday_name(D(2026, 2, 17), "en") == "Lunar New Year"
        assert VN.holiday_name(D(2026, 5, 25)) is None
        assert VN.holiday_name(D(2026, 5, 24)) is None  # a Sunday is no holiday

    def test_substituted_saturday_is_a_working_day(self):
        # 2026: 31/08 (Monday) is a day off in exchange for work on Saturday 22/08.
        assert "22/08/2026" in VN.holiday_name(D(2026, 8, 31))
        assert not VN.is_working_day(D(2026, 8, 31))
        assert VN.is_working_day(D(2026, 8, 22))
        assert not VN.is_working_day(D(2026, 8, 29))  # an ordinary Saturday

    def test_substituted_saturday_across_new_year(self):
        # 02/01/2015 off, worked on Saturday 27/12/2014: known when 2014 alone is asked about.
        assert VN.is_working_day(D(2014, 12, 27))

    def test_last_on_time_day(self):
        assert VN.last_on_time_day(D(2026, 5, 15), False) == (D(2026, 5, 14), ())
        assert VN.last_on_time_day(D(2026, 5, 15), True) == (D(2026, 5, 15), ())
        assert VN.last_on_time_day(D(2026, 5, 25), False) == (D(2026, 5, 25), (D(2026, 5, 24),))
        assert VN.last_on_time_day(D(2026, 10, 25), True) == (D(2026, 10, 26), (D(2026, 10, 25),))
        last, skipped = VN.last_on_time_day(D(2026, 2, 17), False)  # Tết 2026: 16/02 to 22/02 off
        assert last == D(2026, 2, 23)
        assert skipped == tuple(D(2026, 2, d) for d in range(16, 23))
        # 31/08 and 01–02/09/2026 off, then a working Thursday.
        assert VN.last_on_time_day(D(2026, 8, 31), True) == (D(2026, 9, 3), (D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 2)))

    def test_plain_calendar_never_moves(self):
        assert PLAIN.is_working_day(D(2026, 5, 24))
        assert PLAIN.holiday_name(D(2026, 2, 17)) is None
        assert PLAIN.last_on_time_day(D(2026, 5, 25), False) == (D(2026, 5, 24), ())
        assert PLAIN.last_on_time_day(D(2026, 2, 17), True) == (D(2026, 2, 17), ())

    def test_outside_the_package_years_only_weekends(self):
        assert not VN.is_working_day(D(2150, 1, 3))  # a Saturday
        assert VN.is_working_day(D(2150, 1, 1))  # a Thursday: no holiday data after 2100


# ------------------------------------------------------------------ expand --


class TestExpandCuc:
    plan_date = CUC.date

    def test_plan_date(self):
        assert self.plan_date == D(2026, 5, 6)

    def test_on_date(self):
        deadline = deadline_of(CUC, "III.1.a")  # trước ngày 15/05/2026
        assert expand(deadline, plan_date=self.plan_date, as_of=D(2026, 5, 10)) == (
            Occurrence("once", D(2026, 5, 6), D(2026, 5, 15), False, D(2026, 5, 15)),
        )

    def test_monthly(self):
        deadline = deadline_of(CUC, "III.1.b", 0)  # trước ngày 25 hằng tháng
        occurrences = expand(deadline, plan_date=self.plan_date, as_of=D(2026, 12, 31))
        assert [o.key for o in occurrences] == [f"2026-{month:02d}" for month in range(5, 13)]
        assert occurrences[0] == Occurrence("2026-05", D(2026, 5, 1), D(2026, 5, 25), False, D(2026, 5, 25))
        assert all(o.due == D(2026, int(o.key[5:]), 25) and not o.inclusive for o in occurrences)

    def test_monthly_window_opens_on_the_first(self):
        deadline = deadline_of(CUC, "III.1.b", 0)
        keys = [o.key for o in expand(deadline, plan_date=self.plan_date, as_of=D(2026, 7, 1))]
        assert keys == ["2026-05", "2026-06", "2026-07"]
        keys = [o.key for o in expand(deadline, plan_date=self.plan_date, as_of=D(2026, 6, 30))]
        assert keys == ["2026-05", "2026-06"]

    def test_monthly_starts_after_the_plan(self):
        # A plan dated on or after the 25th has its first monthly report due next month.
        deadline = m.MonthlyBefore(day=25)
        keys = [o.key for o in expand(deadline, plan_date=D(2026, 5, 25), as_of=D(2026, 7, 31))]
        assert keys == ["2026-06", "2026-07"]

    def test_yearly(self):
        june = deadline_of(CUC, "III.1.b", 1)  # trước ngày 05/06 hằng năm
        december = deadline_of(CUC, "III.1.b", 2)  # trước ngày 05/12 hằng năm
        assert expand(june, plan_date=self.plan_date, as_of=D(2027, 12, 31)) == (
            Occurrence("2026", D(2026, 1, 1), D(2026, 6, 5), False, D(2026, 6, 5)),
            Occurrence("2027", D(2027, 1, 1), D(2027, 6, 5), False, D(2027, 6, 5)),
        )
        assert [o.due for o in expand(december, plan_date=self.plan_date, as_of=D(2026, 12, 31))] == [D(2026, 12, 5)]

    def test_yearly_already_past_starts_next_year(self):
        deadline = m.YearlyBefore(day=5, month=3)
        assert [o.key for o in expand(deadline, plan_date=self.plan_date, as_of=D(2027, 12, 31))] == ["2027"]

    def test_after_event(self):
        deadline = deadline_of(CUC, "III-1")
        assert expand(deadline, plan_date=self.plan_date, as_of=D(2026, 12, 31)) == NotTriggered("khó_khăn_vướng_mắc")

    def test_nothing_before_the_plan(self):
        for deadline in (*CUC.find_task("III.1.b").deadlines, deadline_of(CUC, "III-1")):
            assert expand(deadline, plan_date=self.plan_date, as_of=D(2026, 5, 5)) == ()
            assert judge(deadline, plan_date=self.plan_date, as_of=D(2026, 5, 5), deliveries=(), calendar=VN) == ()


class TestExpandVuDuong:
    plan_date = VU_DUONG.date

    def test_plan_date(self):
        assert self.plan_date == D(2026, 6, 4)

    def test_each_half_year(self):
        deadline = deadline_of(VU_DUONG, "V.2-1", 0)  # định kỳ 6 tháng
        assert expand(deadline, plan_date=self.plan_date, as_of=D(2027, 7, 1)) == (
            Occurrence("2026-H1", D(2026, 6, 4), D(2026, 6, 30), True, D(2026, 6, 30)),
            Occurrence("2026-H2", D(2026, 7, 1), D(2026, 12, 31), True, D(2026, 12, 31)),
            Occurrence("2027-H1", D(2027, 1, 1), D(2027, 6, 30), True, D(2027, 6, 30)),
            Occurrence("2027-H2", D(2027, 7, 1), D(2027, 12, 31), True, D(2027, 12, 31)),
        )

    def test_each_year(self):
        deadline = deadline_of(VU_DUONG, "V.2-1", 1)  # hằng năm
        assert expand(deadline, plan_date=self.plan_date, as_of=D(2027, 1, 1)) == (
            Occurrence("2026", D(2026, 6, 4), D(2026, 12, 31), True, D(2026, 12, 31)),
            Occurrence("2027", D(2027, 1, 1), D(2027, 12, 31), True, D(2027, 12, 31)),
        )

    def test_ongoing(self):
        deadline = deadline_of(VU_DUONG, "TT 1")  # thường xuyên
        assert expand(deadline, plan_date=self.plan_date, as_of=D(2027, 3, 1)) == (
            Occurrence("2026", D(2026, 6, 4), None, True, D(2026, 12, 31)),
            Occurrence("2027", D(2027, 1, 1), None, True, D(2027, 12, 31)),
        )

    def test_end_of_year(self):
        deadline = deadline_of(VU_DUONG, "TT 8")  # cuối năm 2026
        assert expand(deadline, plan_date=self.plan_date, as_of=D(2028, 1, 1)) == (
            Occurrence("2026", D(2026, 6, 4), D(2026, 12, 31), True, D(2026, 12, 31)),
        )

    @pytest.mark.parametrize(
        "event, key, due",
        [
            (D(2026, 8, 20), "2026-Q4", D(2026, 12, 31)),  # in Q III: due in Q IV of the same year
            (D(2026, 11, 2), "2026-Q4", D(2026, 12, 31)),  # in Q IV itself
            (D(2026, 12, 31), "2026-Q4", D(2026, 12, 31)),  # on its last day
            (D(2027, 1, 10), "2027-Q4", D(2027, 12, 31)),  # after Q IV 2026: the next Q IV
            (D(2026, 3, 1), "2026-Q4", D(2026, 12, 31)),  # before the plan: still its year
        ],
    )
    def test_quarter_when_event(self, event, key, due):
        deadline = deadline_of(VU_DUONG, "TT 5")  # quý IV khi chỉ_đạo_của_tỉnh_về_phân_cấp
        assert expand(deadline, plan_date=self.plan_date, as_of=D(2027, 2, 1), happened=[event]) == (
            Occurrence(key, event, due, True, due),
        )

    def test_quarter_event_not_happened(self):
        deadline = deadline_of(VU_DUONG, "TT 5")
        assert expand(deadline, plan_date=self.plan_date, as_of=D(2026, 12, 31)) == NotTriggered(
            "chỉ_đạo_của_tỉnh_về_phân_cấp"
        )
        # An event after as_of has not happened yet.
        later = expand(deadline, plan_date=self.plan_date, as_of=D(2026, 12, 31), happened=[D(2027, 1, 5)])
        assert later == NotTriggered("chỉ_đạo_của_tỉnh_về_phân_cấp")

    def test_quarter_without_event(self):
        # one duty, owed from the plan's date like `trong tháng 6/2026`: listed (pending) before its quarter opens,
        # never left out of a report
        deadline = m.InQuarter(quarter=4)
        for as_of in (self.plan_date, D(2026, 9, 30), D(2026, 10, 1)):
            assert expand(deadline, plan_date=self.plan_date, as_of=as_of) == (
                Occurrence("2026-Q4", self.plan_date, D(2026, 12, 31), True, D(2026, 12, 31)),
            )
        assert expand(m.InQuarter(quarter=1, year=2027), plan_date=self.plan_date, as_of=D(2027, 5, 1)) == (
            Occurrence("2027-Q1", self.plan_date, D(2027, 3, 31), True, D(2027, 3, 31)),
        )

    def test_after_event_twice(self):
        deadline = deadline_of(VU_DUONG, "V-1")  # sau khi khó_khăn_vướng_mắc
        happened = [D(2026, 9, 15), D(2026, 7, 1), D(2027, 1, 5)]
        assert expand(deadline, plan_date=self.plan_date, as_of=D(2026, 12, 31), happened=happened) == (
            Occurrence("2026-07-01", D(2026, 7, 1), None, True, D(2026, 9, 14)),
            Occurrence("2026-09-15", D(2026, 9, 15), None, True, None),
        )


class TestExpandBoundaries:
    def test_february_has_no_31st(self):
        deadline = m.MonthlyBefore(day=31)
        occurrences = expand(deadline, plan_date=D(2026, 1, 10), as_of=D(2026, 4, 30))
        assert [o.due for o in occurrences] == [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 30)]
        leap = expand(deadline, plan_date=D(2028, 2, 1), as_of=D(2028, 2, 1))
        assert [o.due for o in leap] == [D(2028, 2, 29)]

    def test_leap_day_yearly(self):
        deadline = m.YearlyBefore(day=29, month=2)
        dues = [o.due for o in expand(deadline, plan_date=D(2027, 1, 1), as_of=D(2029, 1, 1))]
        assert dues == [D(2027, 2, 28), D(2028, 2, 29), D(2029, 2, 28)]

    def test_horizon(self):
        occurrences = expand(m.MonthlyBefore(day=1), plan_date=D(2026, 1, 15), as_of=D(9999, 12, 31))
        assert len(occurrences) == 12 * HORIZON_YEARS - 1
        assert occurrences[-1].key == f"{2026 + HORIZON_YEARS - 1}-12"
        years = expand(m.Ongoing(), plan_date=D(2026, 1, 15), as_of=D(9999, 12, 31))
        assert len(years) == HORIZON_YEARS


# ------------------------------------------------------------------ judge --


class TestJudgeCuc:
    plan_date = CUC.date

    def run(self, deadline, as_of, *deliveries, calendar=VN, happened=()):
        return judge(
            deadline,
            plan_date=self.plan_date,
            as_of=as_of,
            deliveries=deliveries,
            happened=happened,
            calendar=calendar,
        )

    def test_on_date_met_and_explained(self):
        deadline = deadline_of(CUC, "III.1.a")
        j = one(self.run(deadline, D(2026, 6, 1), delivered(D(2026, 5, 14))))
        assert (j.period, j.status, j.due, j.last_day, j.delivered) == (
            "once", Status.MET, D(2026, 5, 15), D(2026, 5, 14), D(2026, 5, 14)
        )
        assert j.records == ("facts.toml (deliveries[1])",)
        assert j.explain() == "Delivered 14/05/2026, due before 15/05/2026 (the 15th itself is late): on time."
        assert j.explain("vi") == "Nộp ngày 14/05/2026, hạn trước ngày 15/05/2026 (ngày 15 là trễ): đúng hạn."

    def test_on_date_due_day_itself_is_late(self):
        deadline = deadline_of(CUC, "III.1.a")  # 15/05/2026 is a Friday: nothing moves
        j = one(self.run(deadline, D(2026, 6, 1), delivered(D(2026, 5, 15))))
        assert j.status is Status.NOT_MET
        assert j.explain().endswith(": late by 1 day.")
        assert "trễ 1 ngày" in j.explain("vi")

    def test_on_date_missing_and_pending(self):
        deadline = deadline_of(CUC, "III.1.a")
        missing = one(self.run(deadline, D(2026, 5, 15)))
        assert missing.status is Status.NOT_MET and missing.delivered is None and missing.records == ()
        assert missing.explain() == ("Nothing delivered by 15/05/2026, due before 15/05/2026 (the 15th itself is late): "
                                     "missing, 1 day late.")
        assert missing.days_late == 1  # its last day on time was 14/05
        # `as_of` is the end of its day: at the end of the last day on time, nothing came
        assert one(self.run(deadline, D(2026, 5, 14))).status is Status.NOT_MET
        pending = one(self.run(deadline, D(2026, 5, 13)))
        assert pending.status is Status.PENDING
        assert "last day 14/05/2026" in pending.explain()

    def test_inclusive_due_day_is_on_time(self):
        deadline = m.OnDate(date=D(2026, 5, 15), inclusive=True)
        j = one(self.run(deadline, D(2026, 6, 1), delivered(D(2026, 5, 15))))
        assert j.status is Status.MET
        assert j.explain() == "Delivered 15/05/2026, due by 15/05/2026 inclusive: on time."
        assert j.explain("vi") == "Nộp ngày 15/05/2026, hạn đến hết ngày 15/05/2026: đúng hạn."
        late = one(self.run(deadline, D(2026, 6, 1), delivered(D(2026, 5, 16))))
        assert late.status is Status.NOT_MET

    def test_monthly_reports_through_the_year(self):
        deadline = deadline_of(CUC, "III.1.b", 0)
        judgements = self.run(
            deadline,
            D(2026, 12, 31),
            delivered(D(2026, 5, 20), row=1),  # May: on time
            delivered(D(2026, 6, 25), row=2),  # June: the 25th itself is late
            delivered(D(2026, 7, 10), row=3),  # July: on time
            delivered(D(2026, 9, 3), period="2026-08", row=4),  # August, late, named by period
            delivered(D(2026, 10, 26), row=5),  # October: 24–25/10 weekend, moved to Monday 26
            delivered(D(2026, 11, 25), row=6),  # November: 24/11 Ngày Văn hóa Việt Nam, moved to 25
            delivered(D(2027, 1, 2), period="2026-12", row=7),  # after as_of: not yet happened
        )
        status = {j.period: j.status for j in judgements}
        assert status == {
            "2026-05": Status.MET,
            "2026-06": Status.NOT_MET,
            "2026-07": Status.MET,
            "2026-08": Status.NOT_MET,
            "2026-09": Status.NOT_MET,  # the delivery of 03/09 names August, so September has none
            "2026-10": Status.MET,
            "2026-11": Status.MET,
            "2026-12": Status.NOT_MET,
        }
        found = by_period(judgements)
        assert found["2026-09"].delivered is None
        may = found["2026-05"]
        assert may.last_day == D(2026, 5, 25)  # 24/05/2026 is a Sunday
        assert may.explain() == (
            "Delivered 20/05/2026, due before 25/05/2026 (strictly before: the last day is 24/05/2026): on time. "
            "24/05/2026 is a Sunday: last day moved to 25/05/2026, the next working day "
            "(Civil Code 2015, Article 148(5))."
        )
        assert may.explain("vi") == (
            "Nộp ngày 20/05/2026, hạn trước ngày 25/05/2026 (ngày cuối theo lịch là 24/05/2026): đúng hạn. "
            "24/05/2026 là Chủ nhật: ngày cuối được lùi sang 25/05/2026, ngày làm việc tiếp theo "
            "(khoản 5 Điều 148 Bộ luật Dân sự 2015)."
        )
        assert found["2026-06"].explain() == (
            "Delivered 25/06/2026, due before 25/06/2026 (the 25th itself is late): late by 1 day."
        )
        assert found["2026-08"].explain().endswith("late by 10 days.")
        assert found["2026-08"].records == ("facts.toml (deliveries[4])",)
        october = found["2026-10"]
        assert october.last_day == D(2026, 10, 26)
        assert "24/10/2026 (Saturday), 25/10/2026 (Sunday) are days off: last day moved to 26/10/2026" in october.explain()
        assert "24/10/2026 (thứ Bảy), 25/10/2026 (Chủ nhật) là ngày nghỉ" in october.explain("vi")
        november = found["2026-11"]
        assert "24/11/2026 is a public holiday (Vietnam Cultural Day)" in november.explain()
        assert "ngày nghỉ lễ (Ngày Văn hóa Việt Nam)" in november.explain("vi")
        december = found["2026-12"]
        assert december.delivered is None and "missing" in december.explain()

    def test_worked_example_of_docs_deadlines(self):
        """The table of docs/deadlines.md, "Worked example: Kế hoạch 10-KH/ĐU"."""
        deadline = deadline_of(CUC, "III.1.b", 0)
        days = [D(2026, 5, 20), D(2026, 6, 25), D(2026, 7, 24), D(2026, 8, 21), D(2026, 9, 30), D(2026, 10, 26), D(2026, 11, 25)]
        judgements = self.run(deadline, D(2026, 12, 10), *(delivered(day) for day in days))
        assert [(j.period, j.last_day.day, j.status.value) for j in judgements] == [
            ("2026-05", 25, "met"),
            ("2026-06", 24, "not_met"),
            ("2026-07", 24, "met"),
            ("2026-08", 24, "met"),
            ("2026-09", 24, "not_met"),
            ("2026-10", 26, "met"),
            ("2026-11", 25, "met"),
            ("2026-12", 24, "pending"),
        ]
        assert judgements[4].explain().endswith("late by 6 days.")
        assert judgements[5].explain("vi") == (
            "Nộp ngày 26/10/2026, hạn trước ngày 25/10/2026 (ngày cuối theo lịch là 24/10/2026): đúng hạn. "
            "Các ngày 24/10/2026 (thứ Bảy), 25/10/2026 (Chủ nhật) là ngày nghỉ: ngày cuối được lùi sang 26/10/2026, "
            "ngày làm việc tiếp theo (khoản 5 Điều 148 Bộ luật Dân sự 2015)."
        )

    def test_monthly_plain_calendar_does_not_move(self):
        deadline = deadline_of(CUC, "III.1.b", 0)
        j = by_period(self.run(deadline, D(2026, 5, 31), delivered(D(2026, 5, 25)), calendar=PLAIN))["2026-05"]
        assert j.status is Status.NOT_MET and j.last_day == D(2026, 5, 24)
        assert "moved" not in j.explain()

    def test_monthly_february_31(self):
        """`trước ngày 31 hằng tháng` is "before the 31st": in a month without one, the whole month is on time."""
        deadline = m.MonthlyBefore(day=31)
        judgements = judge(
            deadline,
            plan_date=D(2026, 1, 10),
            as_of=D(2026, 3, 1),
            deliveries=[delivered(D(2026, 2, 28), period="2026-02")],
            calendar=PLAIN,
        )
        february = by_period(judgements)["2026-02"]
        assert february.due == D(2026, 2, 28) and february.last_day == D(2026, 2, 28)
        assert february.status is Status.MET and february.delivered == D(2026, 2, 28)
        assert february.explain() == (
            "02/2026 has no day 31: due by the month's last day, 28/02/2026, inclusive. "
            "Delivered 28/02/2026, due by 28/02/2026 inclusive: on time."
        )
        assert february.explain("vi") == (
            "Tháng 02/2026 không có ngày 31: hạn đến hết ngày cuối tháng, 28/02/2026. "
            "Nộp ngày 28/02/2026, hạn đến hết ngày 28/02/2026: đúng hạn."
        )
        late = judge(
            deadline, plan_date=D(2026, 1, 10), as_of=D(2026, 3, 2), deliveries=[delivered(D(2026, 3, 1), "2026-02")],
            calendar=PLAIN,
        )
        assert by_period(late)["2026-02"].status is Status.NOT_MET

    def test_monthly_31_in_a_30_day_month_is_its_last_day_not_the_29th(self):
        # issue 17: `trước ngày 31 hằng tháng` used to end on 29/06; June has no 31st, so 30/06 is on time
        (june,) = judge(m.MonthlyBefore(day=31), plan_date=D(2026, 6, 1), as_of=D(2026, 6, 30), calendar=VN,
                        deliveries=[delivered(D(2026, 6, 30))])
        assert (june.period, june.status, june.last_day) == ("2026-06", Status.MET, D(2026, 6, 30))
        # in a 31-day month the 31st itself is late, as written
        (may,) = judge(m.MonthlyBefore(day=31), plan_date=D(2026, 5, 1), as_of=D(2026, 5, 31), calendar=PLAIN,
                       deliveries=[delivered(D(2026, 5, 31))])
        assert (may.status, may.last_day) == (Status.NOT_MET, D(2026, 5, 30))

    def test_by_day_monthly_is_inclusive(self):
        """`đến ngày 25 hằng tháng` / `by day 25 monthly`: no later than the 25th, the 25th on time."""
        for text in ("đến ngày 25 hằng tháng", "den ngay 25 hang thang", "by day 25 monthly"):
            assert _deadline(text) == m.MonthlyBefore(day=25, inclusive=True)
        assert _deadline("đến ngày 05/06 hằng năm") == m.YearlyBefore(day=5, month=6, inclusive=True)
        assert _deadline("by 05/06 yearly") == m.YearlyBefore(day=5, month=6, inclusive=True)
        june, july = judge(m.MonthlyBefore(day=25, inclusive=True), plan_date=D(2026, 6, 1), as_of=D(2026, 7, 31),
                           calendar=VN, deliveries=[delivered(D(2026, 6, 25)), delivered(D(2026, 7, 28), row=2)])
        assert (june.status, june.last_day) == (Status.MET, D(2026, 6, 25))
        assert june.explain() == "Delivered 25/06/2026, due by 25/06/2026 inclusive: on time."
        # 25/07/2026 is a Saturday: the last day moves to Monday 27/07; the 28th is late by one day
        assert (july.status, july.last_day) == (Status.NOT_MET, D(2026, 7, 27))
        assert july.explain("vi").startswith("Nộp ngày 28/07/2026, hạn đến hết ngày 25/07/2026: trễ 1 ngày.")

    def test_a_month_whose_day_is_the_plan_date_is_due_when_inclusive(self):
        found = expand(m.MonthlyBefore(day=25, inclusive=True), plan_date=D(2026, 6, 25), as_of=D(2026, 7, 1))
        assert [o.key for o in found] == ["2026-06", "2026-07"]
        found = expand(m.MonthlyBefore(day=25), plan_date=D(2026, 6, 25), as_of=D(2026, 7, 1))
        assert [o.key for o in found] == ["2026-07"]

    def test_yearly_june_and_december(self):
        june = deadline_of(CUC, "III.1.b", 1)
        december = deadline_of(CUC, "III.1.b", 2)
        j = one(self.run(june, D(2026, 12, 31), delivered(D(2026, 6, 4))))  # 04/06/2026 is a Thursday
        assert (j.period, j.status, j.last_day) == ("2026", Status.MET, D(2026, 6, 4))
        j = one(self.run(june, D(2026, 12, 31), delivered(D(2026, 6, 5))))
        assert j.status is Status.NOT_MET
        # 05/12/2027 is a Sunday, but a strict deadline ends on Saturday 04/12, moved to Monday 06/12.
        found = by_period(self.run(december, D(2027, 12, 31), delivered(D(2026, 12, 4)), delivered(D(2027, 12, 6))))
        assert found["2026"].status is Status.MET
        assert found["2027"].status is Status.MET and found["2027"].last_day == D(2027, 12, 6)

    def test_yearly_on_tet(self):
        deadline = m.YearlyBefore(day=17, month=2)
        found = by_period(
            judge(
                deadline,
                plan_date=D(2025, 6, 1),
                as_of=D(2026, 3, 1),
                deliveries=[delivered(D(2026, 2, 23))],
                calendar=VN,
            )
        )
        j = found["2026"]
        assert j.status is Status.MET and j.last_day == D(2026, 2, 23)
        assert "16/02/2026 (Lunar New Year's Eve), 17/02/2026 (Lunar New Year)" in j.explain()
        assert "17/02/2026 (Tết Nguyên Đán)" in j.explain("vi")
        strict = by_period(
            judge(deadline, plan_date=D(2025, 6, 1), as_of=D(2026, 3, 1), deliveries=[delivered(D(2026, 2, 23))], calendar=PLAIN)
        )
        assert strict["2026"].status is Status.NOT_MET

    def test_after_event_not_happened(self):
        deadline = deadline_of(CUC, "III-1")
        j = one(self.run(deadline, D(2026, 12, 31), delivered(D(2026, 9, 1))))
        assert (j.period, j.status, j.due, j.last_day) == (None, Status.NOT_APPLICABLE, None, None)
        assert j.explain() == "Waits for khó_khăn_vướng_mắc: not happened by 31/12/2026."
        assert j.explain("vi") == "Chờ khó_khăn_vướng_mắc: đến ngày 31/12/2026 chưa xảy ra."

    def test_deliveries_after_as_of_are_ignored(self):
        deadline = deadline_of(CUC, "III.1.a")
        j = one(self.run(deadline, D(2026, 5, 10), delivered(D(2026, 5, 12))))
        assert j.status is Status.PENDING and j.delivered is None

    def test_earliest_delivery_counts(self):
        deadline = deadline_of(CUC, "III.1.a")
        j = one(self.run(deadline, D(2026, 6, 1), delivered(D(2026, 5, 20), row=2), delivered(D(2026, 5, 11), row=1)))
        assert j.status is Status.MET and j.delivered == D(2026, 5, 11)
        assert j.records == ("facts.toml (deliveries[1])",)

    def test_before_first_window_belongs_to_first(self):
        deadline = deadline_of(CUC, "III.1.b", 0)
        j = by_period(self.run(deadline, D(2026, 5, 31), delivered(D(2026, 4, 28))))["2026-05"]
        assert j.status is Status.MET and j.delivered == D(2026, 4, 28)

    def test_unknown_period_matches_nothing(self):
        deadline = deadline_of(CUC, "III.1.a")
        j = one(self.run(deadline, D(2026, 6, 1), delivered(D(2026, 5, 11), period="2026-05")))
        assert j.status is Status.NOT_MET and j.delivered is None


class TestJudgeVuDuong:
    plan_date = VU_DUONG.date

    def run(self, deadline, as_of, *deliveries, happened=()):
        return judge(
            deadline, plan_date=self.plan_date, as_of=as_of, deliveries=deliveries, happened=happened, calendar=VN
        )

    def test_each_half_year(self):
        deadline = deadline_of(VU_DUONG, "V.2-1", 0)
        # 30/06/2026 is a Tuesday: on time that day. 31/12/2026 Thursday.
        found = by_period(self.run(deadline, D(2027, 1, 15), delivered(D(2026, 6, 30)), delivered(D(2027, 1, 4), period="2026-H2")))
        assert found["2026-H1"].status is Status.MET
        assert found["2026-H1"].explain() == "Delivered 30/06/2026, due by 30/06/2026 inclusive: on time."
        assert found["2026-H2"].status is Status.NOT_MET
        assert found["2026-H2"].explain().endswith("late by 4 days.")
        assert found["2027-H1"].status is Status.PENDING

    def test_each_year_end_on_weekend(self):
        # 31/12/2028 is a Sunday and 01/01/2029 Tết Dương lịch: the last day is Tuesday 02/01/2029.
        deadline = deadline_of(VU_DUONG, "V.2-1", 1)
        found = by_period(self.run(deadline, D(2029, 1, 31), delivered(D(2029, 1, 2), period="2028")))
        j = found["2028"]
        assert j.status is Status.MET and j.last_day == D(2029, 1, 2)
        assert "31/12/2028 (Sunday), 01/01/2029 (New Year's Day) are days off" in j.explain()
        assert found["2026"].status is Status.NOT_MET and "missing" in found["2026"].explain()

    def test_ongoing(self):
        deadline = deadline_of(VU_DUONG, "TT 1")
        found = by_period(self.run(deadline, D(2027, 6, 30), delivered(D(2026, 11, 3))))
        assert found["2026"].status is Status.MET
        assert found["2026"].due is None and found["2026"].last_day is None
        assert found["2026"].explain() == "Reported 03/11/2026, within 2026: met (ongoing task: no due date)."
        assert found["2027"].status is Status.PENDING
        assert "the year runs until 31/12/2027" in found["2027"].explain()
        closed = by_period(self.run(deadline, D(2028, 1, 1)))
        assert closed["2026"].status is Status.NOT_MET and closed["2027"].status is Status.NOT_MET
        for lang in ("en", "vi"):
            text = closed["2026"].explain(lang)
            assert "late" not in text and "trễ" not in text
        assert closed["2026"].explain().startswith("No report in 2026")
        assert closed["2026"].explain("vi").startswith("Không có báo cáo trong năm 2026")

    def test_ongoing_report_dated_outside_its_year(self):
        deadline = deadline_of(VU_DUONG, "TT 1")
        found = by_period(self.run(deadline, D(2027, 3, 1), delivered(D(2027, 1, 10), period="2026")))
        assert found["2026"].status is Status.NOT_MET
        assert "The report of 10/01/2027 given for 2026 is dated outside 2026" in found["2026"].explain()

    def test_end_of_year(self):
        deadline = deadline_of(VU_DUONG, "TT 8")
        assert one(self.run(deadline, D(2026, 12, 30))).status is Status.PENDING
        assert one(self.run(deadline, D(2026, 12, 31))).status is Status.NOT_MET  # the end of the last day
        assert one(self.run(deadline, D(2027, 1, 1))).status is Status.NOT_MET
        j = one(self.run(deadline, D(2027, 1, 1), delivered(D(2026, 12, 31))))
        assert (j.period, j.status, j.due, j.last_day) == ("2026", Status.MET, D(2026, 12, 31), D(2026, 12, 31))

    @pytest.mark.parametrize(
        "event, as_of, period, status, words",
        [
            (D(2026, 8, 20), D(2027, 1, 5), "2026-Q4", Status.NOT_MET, "happened 20/08/2026: due within quarter IV 2026"),
            (D(2026, 11, 2), D(2026, 12, 1), "2026-Q4", Status.PENDING, "happened 02/11/2026: due within quarter IV 2026"),
            (
                D(2027, 1, 10),
                D(2027, 3, 1),
                "2027-Q4",
                Status.PENDING,
                "happened 10/01/2027, after quarter IV 2026 had ended: due within quarter IV 2027",
            ),
        ],
    )
    def test_quarter_when_event(self, event, as_of, period, status, words):
        deadline = deadline_of(VU_DUONG, "TT 5")
        j = one(self.run(deadline, as_of, happened=[event]))
        assert (j.period, j.status) == (period, status)
        assert words in j.explain()

    def test_quarter_when_event_delivered(self):
        deadline = deadline_of(VU_DUONG, "TT 5")
        j = one(self.run(deadline, D(2027, 1, 5), delivered(D(2026, 12, 15)), happened=[D(2026, 8, 20)]))
        assert j.status is Status.MET and j.due == D(2026, 12, 31)
        assert "chỉ_đạo_của_tỉnh_về_phân_cấp xảy ra ngày 20/08/2026: hạn trong quý IV năm 2026." in j.explain("vi")

    def test_quarter_event_not_happened(self):
        deadline = deadline_of(VU_DUONG, "TT 5")
        j = one(self.run(deadline, D(2026, 12, 31)))
        assert j.status is Status.NOT_APPLICABLE and j.period is None
        assert j.explain() == "Waits for chỉ_đạo_của_tỉnh_về_phân_cấp: not happened by 31/12/2026."

    def test_after_event_twice(self):
        deadline = deadline_of(VU_DUONG, "V-1")
        happened = [D(2026, 7, 1), D(2026, 9, 15)]
        judgements = self.run(
            deadline,
            D(2026, 12, 31),
            delivered(D(2026, 6, 20), row=1),  # before the first happening: does not count
            delivered(D(2026, 7, 20), row=2),  # answers the first
            happened=happened,
        )
        first, second = judgements
        assert (first.period, first.status, first.delivered, first.due, first.last_day) == (
            "2026-07-01", Status.MET, D(2026, 7, 20), None, None
        )
        assert first.records == ("facts.toml (deliveries[2])",)
        assert first.explain() == "khó_khăn_vướng_mắc happened 01/07/2026; delivered 20/07/2026: met (no due date)."
        assert (second.period, second.status) == ("2026-09-15", Status.PENDING)
        assert "there is no due date" in second.explain()
        assert "không có thời hạn" in second.explain("vi")
        alone = self.run(deadline, D(2026, 12, 31), delivered(D(2026, 6, 20)), happened=[D(2026, 7, 1)])
        assert one(alone).status is Status.PENDING
        assert "dated before khó_khăn_vướng_mắc happened (01/07/2026) and does not count" in one(alone).explain()
        # By period: a delivery names the happening it answers.
        named = self.run(deadline, D(2026, 12, 31), delivered(D(2026, 10, 1), period="2026-07-01"), happened=happened)
        assert [j.status for j in named] == [Status.MET, Status.PENDING]


# --------------------------------------------------------- period problems --


class TestPeriodProblems:
    def problems(self, deadline, *periods, plan_date=D(2026, 5, 6), happened=None):
        deliveries = [delivered(D(2026, 12, 1), period=p, row=i) for i, p in enumerate(periods, start=1)]
        found = period_problems(deadline, deliveries, plan_date=plan_date, as_of=D(2026, 12, 31), happened=happened)
        return {d.period: reason for d, reason in found}

    def test_monthly(self):
        deadline = deadline_of(CUC, "III.1.b", 0)
        found = self.problems(deadline, "2026-05", "2026-12", "2027-01", "2026-13", "2026-04", "2026", None)
        assert set(found) == {"2026-13", "2026-04", "2026"}
        assert "no month 13" in found["2026-13"]
        assert "before the first month due, 2026-05" in found["2026-04"]
        assert "is a year, but this is a monthly deadline" in found["2026"]

    def test_yearly(self):
        deadline = deadline_of(CUC, "III.1.b", 1)
        found = self.problems(deadline, "2026", "2030", "2026-05", "2025", "26")
        assert set(found) == {"2026-05", "2025", "26"}
        assert "is a month, but this is a yearly deadline" in found["2026-05"]

    def test_once_end_of_year_half_quarter(self):
        assert self.problems(deadline_of(CUC, "III.1.a"), "once", "2026") == {
            "2026": "period '2026' is a year, but this is a one-off deadline: its only period is 'once'"
        }
        assert set(self.problems(deadline_of(VU_DUONG, "TT 8"), "2026", "2027")) == {"2027"}
        half = deadline_of(VU_DUONG, "V.2-1", 0)
        assert set(self.problems(half, "2026-H1", "2026-H2", "2026-H3", "2025-H2", plan_date=D(2026, 6, 4))) == {
            "2026-H3",
            "2025-H2",
        }
        quarter = deadline_of(VU_DUONG, "TT 5")
        found = self.problems(quarter, "2026-Q4", "2027-Q4", "2026-Q3", "2025-Q4", plan_date=D(2026, 6, 4))
        assert set(found) == {"2026-Q3", "2025-Q4"}
        found = self.problems(quarter, "2026-Q4", "2027-Q4", plan_date=D(2026, 6, 4), happened=[D(2026, 8, 20)])
        assert set(found) == {"2027-Q4"}

    def test_after_event(self):
        deadline = deadline_of(VU_DUONG, "V-1")
        assert set(self.problems(deadline, "2026-07-01", "2026-02-30", "2026-07")) == {"2026-02-30", "2026-07"}
        found = self.problems(deadline, "2026-07-01", "2026-07-02", happened=[D(2026, 7, 1)])
        assert set(found) == {"2026-07-02"}


def test_explanations_are_registered_in_both_languages():
    ours = {k: v for k, v in MESSAGES.items() if k.startswith("deadline_")}
    assert len(ours) >= 20
    for english, vietnamese in ours.values():
        assert english and vietnamese and english != vietnamese


# -------------------------------------------------------------- properties --

_days = st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31))
_deadlines = deadlines(label=st.none(), source=st.none())
_calendars = st.sampled_from([VN, PLAIN])


def _event_of(deadline) -> str | None:
    if isinstance(deadline, (m.AfterEvent, m.WithinAfterEvent)):
        return deadline.event
    if isinstance(deadline, (m.InQuarter, m.OnDate)):  # a quarter, or a date (`nếu E`), waiting for an event
        return deadline.trigger
    return None


@given(_deadlines, _days, _days, st.lists(_days, max_size=4))
def test_expand_keys_increase_and_windows_have_opened(deadline, plan_date, as_of, happened):
    expanded = expand(deadline, plan_date=plan_date, as_of=as_of, happened=happened)
    if isinstance(expanded, NotTriggered):
        assert expanded.event == _event_of(deadline)
        assert not [d for d in happened if d <= as_of]
        return
    keys = [o.key for o in expanded]
    assert keys == sorted(set(keys))
    assert all(o.opens <= as_of for o in expanded)
    assert len(expanded) <= 53 * HORIZON_YEARS  # weekly: at most 53 ISO weeks a year
    for o in expanded:
        assert (o.due is None) == isinstance(deadline, (m.Ongoing, m.AfterEvent))
        if o.due is not None:
            assert o.closes == o.due


@given(_deadlines, _days, _days, st.lists(_days, max_size=3), st.lists(st.tuples(_days, st.booleans()), max_size=4), _calendars)
def test_judge_never_raises(deadline, plan_date, as_of, happened, raw, calendar):
    first = expand(deadline, plan_date=plan_date, as_of=as_of, happened=happened)
    keys = [o.key for o in first] if isinstance(first, tuple) else []
    deliveries = [
        Delivery("X", day, period=(keys[day.toordinal() % len(keys)] if tagged and keys else None)) for day, tagged in raw
    ]
    judgements = judge(
        deadline, plan_date=plan_date, as_of=as_of, deliveries=deliveries, happened=happened, calendar=calendar
    )
    for j in judgements:
        assert isinstance(j.status, Status)
        assert j.explain("en") and j.explain("vi")
        if j.last_day is not None:
            assert j.due is not None and j.last_day >= j.due - dt.timedelta(days=1)
        if j.status is Status.NOT_MET and j.due is None:
            assert isinstance(deadline, m.Ongoing)
    period_problems(deadline, deliveries, plan_date=plan_date, as_of=as_of, happened=happened)


@given(
    _deadlines,
    _days,
    st.integers(0, 800),
    st.lists(_days, min_size=1, max_size=2),
    st.data(),
    _calendars,
)
def test_delivering_earlier_never_turns_met_into_not_met(deadline, plan_date, span, happened, data, calendar):
    as_of = min(plan_date + dt.timedelta(days=span), D(2100, 12, 31))
    occurrences = expand(deadline, plan_date=plan_date, as_of=as_of, happened=happened)
    if isinstance(occurrences, NotTriggered) or not occurrences:
        return
    target = data.draw(st.sampled_from(occurrences))
    # `thường xuyên` counts only reports dated within their year: earlier, but not before it; a duty "within N
    # days after E" is answered only by a report made once E happened (judgements: deadline_before_event).
    first = D(int(target.key), 1, 1) if isinstance(deadline, m.Ongoing) else D(1990, 1, 1)
    if isinstance(deadline, m.WithinAfterEvent):
        first = target.opens
    if first > as_of:
        return
    later = data.draw(st.dates(min_value=first, max_value=as_of))
    earlier = data.draw(st.dates(min_value=first, max_value=later))

    def status(day):
        found = judge(
            deadline,
            plan_date=plan_date,
            as_of=as_of,
            deliveries=[Delivery("X", day, period=target.key)],
            happened=happened,
            calendar=calendar,
        )
        return by_period(found)[target.key].status

    if status(later) is Status.MET:
        assert status(earlier) is not Status.NOT_MET


@given(_days, st.booleans(), _calendars)
def test_last_on_time_day_is_a_working_day_not_before_the_eve(due, inclusive, calendar):
    last, skipped = calendar.last_on_time_day(due, inclusive)
    assert last >= due - dt.timedelta(days=1)
    assert calendar.is_working_day(last)
    assert all(not calendar.is_working_day(d) for d in skipped)
    start = due if inclusive else due - dt.timedelta(days=1)
    assert skipped == tuple(start + dt.timedelta(days=i) for i in range((last - start).days))


# ------------------------------------------------------------- validity --


@given(deadlines(), st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)), st.integers(0, 800), st.integers(0, 2000))
def test_an_end_date_removes_exactly_the_occurrences_opening_after_it(deadline, start, length, later):
    """With `until`, the occurrences are those without it that open on or before it, unchanged."""
    until = start + dt.timedelta(days=length)
    as_of = start + dt.timedelta(days=later)
    happened = (start + dt.timedelta(days=10),)
    whole = expand(deadline, plan_date=start, as_of=as_of, happened=happened)
    cut = expand(deadline, plan_date=start, as_of=as_of, happened=happened, until=until)
    if isinstance(whole, tuple):
        assert cut == tuple(o for o in whole if o.opens <= until)
    else:
        assert cut == whole


def test_a_campaign_judges_only_the_months_it_is_in_force():
    """A monthly report from 15/05 to 22/08: May..August judged, nothing after, however late `as_of` is."""
    monthly = m.MonthlyBefore(day=25)
    found = judge(monthly, plan_date=dt.date(2026, 5, 15), until=dt.date(2026, 8, 22), as_of=dt.date(2027, 6, 1),
                  deliveries=(), calendar=Calendar.plain())
    assert [j.period for j in found] == ["2026-05", "2026-06", "2026-07", "2026-08"]
    assert all(j.status is Status.NOT_MET for j in found)


DEADLINES_DOC = PLANS.parent / "docs" / "deadlines.md"


def _doc_blocks(text: str) -> list[tuple[int, str, str, str]]:
    import re

    found = re.finditer(r"^```(\S*)([^\n]*)\n(.*?)^```$", text, re.M | re.S)
    return [(text.count("\n", 0, b.start()) + 1, b.group(1), (re.findall(r"file=(\S+)", b.group(2)) or [""])[0],
             b.group(3)) for b in found]


@pytest.mark.parametrize("block", [b for b in _doc_blocks(DEADLINES_DOC.read_text(encoding="utf-8"))
                                   if b[1] == "console"], ids=lambda b: f"line{b[0]}")
def test_the_console_blocks_of_docs_deadlines_print_what_they_show(block, tmp_path, monkeypatch):
    import io

    from conftest import console_steps
    from planrules.tooling.cli import run

    for _, _, name, text in _doc_blocks(DEADLINES_DOC.read_text(encoding="utf-8")):
        if name:
            (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for command, expected in console_steps(block[3], f"docs/deadlines.md:{block[0]}"):
        argv = command.split()
        assert argv[0] == "planrules", command
        out, err = io.StringIO(), io.StringIO()
        run(argv[1:], out, err)
        assert (out.getvalue() + err.getvalue()).rstrip("\n") == expected, f"docs/deadlines.md:{block[0]}: $ {command}"


def test_a_period_before_the_plan_is_in_force_names_the_day_it_is_in_force_from():
    """A report for April of a plan in force from 15/05/2026 answers no occurrence, and the reason says from when."""
    report = Delivery(task="TT 1", date=dt.date(2026, 4, 20), period="2026-04")
    ((_, reason),) = period_problems(m.MonthlyBefore(day=25), [report], plan_date=dt.date(2026, 5, 15),
                                     as_of=dt.date(2026, 12, 31))
    assert reason == "period '2026-04' is before the first month due, 2026-05 (the plan is in force from 15/05/2026)"


# ------------------------------------------------ quarterly and weekly --


def _deadline(text: str):
    """The one deadline of a task written `thời hạn: <text>` (either language)."""
    plan = parse(
        f'kế hoạch: "1/KH"\nngày ban hành: 10/02/2026\nđơn vị vp: "VP"\n'
        f'nhiệm vụ TT 1 {{\n    nội dung: "x"\n    chủ trì: vp\n    thời hạn: {text}\n}}\n'
    )
    return plan.find_task("TT 1").deadlines[0]


class TestQuarterlyAndWeekly:
    """`hằng quý` / `quarterly` and `hằng tuần` / `weekly` (issue 17, point 4a)."""

    @pytest.mark.parametrize("text", ["hằng quý", "hàng quý", "hang quy", "quarterly", "Quarterly"])
    def test_quarterly_spellings(self, text):
        assert _deadline(text) == m.EachQuarter()

    @pytest.mark.parametrize("text", ["hằng tuần", "hàng tuần", "hang tuan", "weekly"])
    def test_weekly_spellings(self, text):
        assert _deadline(text) == m.EachWeek()

    def test_quarters_from_the_quarter_holding_the_plan_date(self):
        assert expand(m.EachQuarter(), plan_date=D(2026, 2, 10), as_of=D(2026, 10, 1)) == (
            Occurrence("2026-Q1", D(2026, 2, 10), D(2026, 3, 31), True, D(2026, 3, 31)),
            Occurrence("2026-Q2", D(2026, 4, 1), D(2026, 6, 30), True, D(2026, 6, 30)),
            Occurrence("2026-Q3", D(2026, 7, 1), D(2026, 9, 30), True, D(2026, 9, 30)),
            Occurrence("2026-Q4", D(2026, 10, 1), D(2026, 12, 31), True, D(2026, 12, 31)),
        )

    def test_weeks_are_iso_weeks_monday_to_sunday(self):
        # Wednesday 01/04/2026 is in ISO week 14; its Sunday is 05/04
        assert expand(m.EachWeek(), plan_date=D(2026, 4, 1), as_of=D(2026, 4, 6)) == (
            Occurrence("2026-W14", D(2026, 4, 1), D(2026, 4, 5), True, D(2026, 4, 5)),
            Occurrence("2026-W15", D(2026, 4, 6), D(2026, 4, 12), True, D(2026, 4, 12)),
        )

    def test_weeks_across_the_new_year_keep_the_iso_year(self):
        found = expand(m.EachWeek(), plan_date=D(2026, 12, 30), as_of=D(2027, 1, 4))
        assert [(o.key, o.due) for o in found] == [("2026-W53", D(2027, 1, 3)), ("2027-W01", D(2027, 1, 10))]

    def test_a_quarter_delivered_late_names_its_period(self):
        found = by_period(
            judge(m.EachQuarter(), plan_date=D(2026, 2, 10), as_of=D(2026, 7, 15), calendar=VN,
                  deliveries=(delivered(D(2026, 3, 31)), delivered(D(2026, 7, 2), period="2026-Q2", row=2)))
        )
        assert found["2026-Q1"].status is Status.MET
        assert found["2026-Q2"].status is Status.NOT_MET
        assert found["2026-Q2"].explain() == "Delivered 02/07/2026, due by 30/06/2026 inclusive: late by 2 days."
        assert found["2026-Q2"].explain("vi") == "Nộp ngày 02/07/2026, hạn đến hết ngày 30/06/2026: trễ 2 ngày."
        assert found["2026-Q3"].status is Status.PENDING

    def test_a_week_ending_on_sunday_ends_on_monday(self):
        (week,) = judge(m.EachWeek(), plan_date=D(2026, 4, 1), as_of=D(2026, 4, 5), calendar=VN,
                        deliveries=(delivered(D(2026, 4, 6)),))
        assert (week.period, week.status, week.last_day) == ("2026-W14", Status.PENDING, D(2026, 4, 6))

    def test_period_problems(self):
        quarterly = TestPeriodProblems().problems(
            m.EachQuarter(), "2026-Q1", "2026-Q4", "2025-Q4", "2026-05", "2026", plan_date=D(2026, 2, 10)
        )
        assert set(quarterly) == {"2025-Q4", "2026-05", "2026"}
        assert "before the first quarter due, 2026-Q1" in quarterly["2025-Q4"]
        assert "is a month, but this is a quarterly deadline" in quarterly["2026-05"]
        weekly = TestPeriodProblems().problems(
            m.EachWeek(), "2026-W14", "2026-W53", "2027-W53", "2026-W13", "2026-Q2", plan_date=D(2026, 4, 1)
        )
        assert set(weekly) == {"2027-W53", "2026-W13", "2026-Q2"}
        assert "2027 has weeks 01 to 52" in weekly["2027-W53"]
        assert "before the first week due, 2026-W14" in weekly["2026-W13"]
        assert "is a quarter, but this is a weekly deadline" in weekly["2026-Q2"]


class TestWeeklyOnADay:
    """`đến thứ Sáu hằng tuần` / `by Friday weekly`: each week, by its Friday inclusive."""

    @pytest.mark.parametrize(("text", "day"), [
        ("đến thứ Sáu hằng tuần", 5), ("den thu sau hang tuan", 5), ("đến thứ 6 hàng tuần", 5),
        ("by Friday weekly", 5), ("đến thứ Hai hằng tuần", 1), ("by Monday weekly", 1),
        ("đến thứ Bảy hằng tuần", 6), ("đến thứ 7 hằng tuần", 6), ("đến Chủ nhật hằng tuần", 7),
        ("by Sunday weekly", 7), ("đến thứ Tư hằng tuần", 3), ("by Thursday weekly", 4), ("by Tuesday weekly", 2),
    ])
    def test_spellings(self, text, day):
        assert _deadline(text) == m.EachWeek(day=day)

    def test_due_on_the_friday_of_each_week(self):
        # Wednesday 01/04/2026: its week's Friday 03/04 is still ahead
        found = expand(m.EachWeek(day=5), plan_date=D(2026, 4, 1), as_of=D(2026, 4, 13))
        assert [(o.key, o.opens, o.due) for o in found] == [
            ("2026-W14", D(2026, 4, 1), D(2026, 4, 3)),
            ("2026-W15", D(2026, 4, 6), D(2026, 4, 10)),
            ("2026-W16", D(2026, 4, 13), D(2026, 4, 17)),
        ]

    def test_a_week_whose_day_is_over_before_the_plan_is_not_due(self):
        # in force from Saturday 04/04/2026: that week's Friday has passed, the first week due is W15
        found = expand(m.EachWeek(day=5), plan_date=D(2026, 4, 4), as_of=D(2026, 4, 13))
        assert [o.key for o in found] == ["2026-W15", "2026-W16"]
        problems = TestPeriodProblems().problems(m.EachWeek(day=5), "2026-W14", "2026-W15", plan_date=D(2026, 4, 4))
        assert "before the first week due, 2026-W15" in problems["2026-W14"]

    def test_late_on_saturday(self):
        (week, _) = judge(m.EachWeek(day=5), plan_date=D(2026, 4, 1), as_of=D(2026, 4, 6), calendar=VN,
                          deliveries=(delivered(D(2026, 4, 4)),))
        assert (week.period, week.status, week.last_day) == ("2026-W14", Status.NOT_MET, D(2026, 4, 3))
        assert week.explain() == "Delivered 04/04/2026, due by 03/04/2026 inclusive: late by 1 day."
        assert week.explain("vi") == "Nộp ngày 04/04/2026, hạn đến hết ngày 03/04/2026: trễ 1 ngày."


class TestEachMonth:
    """`hằng tháng` / `monthly` alone: each month by its last day, inclusive (issue 17, point 4b: month ends)."""

    @pytest.mark.parametrize("text", ["hằng tháng", "hàng tháng", "hang thang", "monthly"])
    def test_spellings(self, text):
        assert _deadline(text) == m.EachMonth()

    def test_months_from_the_month_holding_the_plan_date(self):
        assert expand(m.EachMonth(), plan_date=D(2026, 2, 10), as_of=D(2026, 4, 1)) == (
            Occurrence("2026-02", D(2026, 2, 10), D(2026, 2, 28), True, D(2026, 2, 28)),
            Occurrence("2026-03", D(2026, 3, 1), D(2026, 3, 31), True, D(2026, 3, 31)),
            Occurrence("2026-04", D(2026, 4, 1), D(2026, 4, 30), True, D(2026, 4, 30)),
        )

    def test_the_month_end_itself_is_on_time(self):
        (june,) = judge(m.EachMonth(), plan_date=D(2026, 6, 1), as_of=D(2026, 6, 30), calendar=VN,
                        deliveries=[delivered(D(2026, 6, 30))])
        assert (june.period, june.status) == ("2026-06", Status.MET)
        assert june.explain("vi") == "Nộp ngày 30/06/2026, hạn đến hết ngày 30/06/2026: đúng hạn."

    def test_period_problems(self):
        found = TestPeriodProblems().problems(m.EachMonth(), "2026-02", "2026-01", "2026-13", "2026-Q1",
                                              plan_date=D(2026, 2, 10))
        assert set(found) == {"2026-01", "2026-13", "2026-Q1"}


class TestInMonth:
    """`trong tháng 6/2025` / `within month 6/2025`: by the end of that month (issue 17, point 4b)."""

    @pytest.mark.parametrize("text", ["trong tháng 6/2025", "trong thang 06/2025", "cuối tháng 6/2025",
                                      "within month 6/2025", "end of month 06/2025"])
    def test_spellings(self, text):
        assert _deadline(text) == m.InMonth(year=2025, month=6)

    def test_one_occurrence_due_by_the_month_end(self):
        assert expand(m.InMonth(year=2026, month=6), plan_date=D(2026, 2, 10), as_of=D(2026, 7, 1)) == (
            Occurrence("2026-06", D(2026, 2, 10), D(2026, 6, 30), True, D(2026, 6, 30)),
        )
        (june,) = judge(m.InMonth(year=2026, month=6), plan_date=D(2026, 2, 10), as_of=D(2026, 7, 10), calendar=VN,
                        deliveries=[delivered(D(2026, 7, 1))])
        assert june.status is Status.NOT_MET
        assert june.explain() == "Delivered 01/07/2026, due by 30/06/2026 inclusive: late by 1 day."
        assert june.explain("vi") == "Nộp ngày 01/07/2026, hạn đến hết ngày 30/06/2026: trễ 1 ngày."

    def test_period_problems(self):
        found = TestPeriodProblems().problems(m.InMonth(year=2026, month=6), "2026-06", "2026-07", "once")
        assert set(found) == {"2026-07", "once"}
        assert "its only period is '2026-06'" in found["2026-07"]

    @pytest.mark.parametrize(("text", "says"), [("trong tháng 13/2025", "there is no month 13"),
                                                ("trong tháng 6/1800", "1800 is not a year")])
    def test_a_month_that_does_not_exist_is_refused(self, text, says):
        with pytest.raises(PlanSyntaxError, match=says):
            _deadline(text)


class TestHardCutOff:
    """`không gia hạn` / `no extension`: the last day does not move off a day off (issue 17, point 4d)."""

    @pytest.mark.parametrize("text", ["đến ngày 20/12/2026 không gia hạn", "den ngay 20/12/2026 khong gia han",
                                      "by 20/12/2026 no extension"])
    def test_spellings(self, text):
        assert _deadline(text) == m.OnDate(date=D(2026, 12, 20), inclusive=True, hard=True)

    def test_a_dossier_on_monday_after_a_sunday_cut_off_is_late(self):
        # issue 17: 20/12/2026 is a Sunday; a dossier on Monday 21/12 must be refused
        hard = m.OnDate(date=D(2026, 12, 20), inclusive=True, hard=True)
        (found,) = judge(hard, plan_date=D(2026, 6, 1), as_of=D(2026, 12, 31), calendar=VN,
                         deliveries=[delivered(D(2026, 12, 21))])
        assert (found.status, found.last_day) == (Status.NOT_MET, D(2026, 12, 20))
        assert found.explain() == (
            "Delivered 21/12/2026, due by 20/12/2026 inclusive: late by 1 day. "
            "20/12/2026 is a Sunday, but this deadline has no extension: its last day does not move."
        )
        assert found.explain("vi") == (
            "Nộp ngày 21/12/2026, hạn đến hết ngày 20/12/2026: trễ 1 ngày. "
            "20/12/2026 là Chủ nhật, nhưng thời hạn không gia hạn: ngày cuối không được lùi."
        )
        soft = judge(m.OnDate(date=D(2026, 12, 20), inclusive=True), plan_date=D(2026, 6, 1), as_of=D(2026, 12, 31),
                     calendar=VN, deliveries=[delivered(D(2026, 12, 21))])
        assert soft[0].status is Status.MET

    def test_a_recurring_hard_deadline(self):
        # `trước ngày 25 hằng tháng không gia hạn`: 24/10/2026 is a Saturday; it stays the last day
        deadline = m.MonthlyBefore(day=25, hard=True)
        found = by_period(judge(deadline, plan_date=D(2026, 10, 1), as_of=D(2026, 10, 31), calendar=VN,
                                deliveries=[delivered(D(2026, 10, 24))]))
        assert (found["2026-10"].status, found["2026-10"].last_day) == (Status.MET, D(2026, 10, 24))
        assert _deadline("trước ngày 25 hằng tháng không gia hạn") == deadline

    @pytest.mark.parametrize("text", ["thường xuyên không gia hạn", "sau khi tỉnh không gia hạn"])
    def test_a_deadline_without_a_due_date_cannot_be_hard(self, text):
        with pytest.raises(PlanSyntaxError, match="no last day to keep from moving"):
            _deadline(text)


class TestWithinAfterEvent:
    """`trong vòng 20 ngày sau khi E` / `within 20 days after E`, in calendar or working days (point 4c)."""

    @pytest.mark.parametrize(("text", "days", "working"), [
        ("trong vòng 20 ngày sau khi tỉnh_ban_hành", 20, False), ("within 20 days after tỉnh_ban_hành", 20, False),
        ("trong vong 2 ngay lam viec sau khi tỉnh_ban_hành", 2, True),
        ("within 2 working days after tỉnh_ban_hành", 2, True), ("within 1 working day after tỉnh_ban_hành", 1, True),
    ])
    def test_spellings(self, text, days, working):
        assert _deadline(text) == m.WithinAfterEvent(days=days, event="tỉnh_ban_hành", working=working)

    def test_not_applicable_until_the_event(self):
        (found,) = judge(m.WithinAfterEvent(days=20, event="e"), plan_date=D(2026, 1, 1), as_of=D(2026, 3, 1),
                         deliveries=(), calendar=VN)
        assert found.status is Status.NOT_APPLICABLE

    def test_calendar_days_from_each_happening(self):
        deadline = m.WithinAfterEvent(days=20, event="tỉnh_ban_hành")
        # the province issued on 02/03/2026 and again on 01/06/2026; 22/03/2026 is a Sunday
        found = by_period(judge(deadline, plan_date=D(2026, 1, 1), as_of=D(2026, 6, 30), calendar=VN,
                                happened=[D(2026, 3, 2), D(2026, 6, 1)],
                                deliveries=[delivered(D(2026, 3, 23)), delivered(D(2026, 6, 25), row=2)]))
        march, june = found["2026-03-02"], found["2026-06-01"]
        assert (march.due, march.last_day, march.status) == (D(2026, 3, 22), D(2026, 3, 23), Status.MET)
        assert march.explain().startswith(
            "tỉnh_ban_hành happened 02/03/2026: due within 20 days after it, by 22/03/2026. "
            "Delivered 23/03/2026, due by 22/03/2026 inclusive: on time."
        )
        assert (june.due, june.status) == (D(2026, 6, 21), Status.NOT_MET)
        assert june.explain("vi").startswith(
            "tỉnh_ban_hành xảy ra ngày 01/06/2026: hạn trong vòng 20 ngày sau đó, đến hết ngày 21/06/2026. "
            "Nộp ngày 25/06/2026, hạn đến hết ngày 21/06/2026: trễ 3 ngày."
        )

    def test_working_days_skip_weekends_and_holidays(self):
        deadline = m.WithinAfterEvent(days=2, event="e", working=True)
        # Thursday 30/04/2026 and Friday 01/05 are public holidays, then a weekend: due Tuesday 05/05
        (found,) = judge(deadline, plan_date=D(2026, 1, 1), as_of=D(2026, 5, 6), calendar=VN,
                         happened=[D(2026, 4, 29)], deliveries=[delivered(D(2026, 5, 5))])
        assert (found.due, found.last_day, found.status) == (D(2026, 5, 5), D(2026, 5, 5), Status.MET)
        assert found.explain().startswith("e happened 29/04/2026: due within 2 working days after it, by 05/05/2026.")
        (plain,) = judge(deadline, plan_date=D(2026, 1, 1), as_of=D(2026, 5, 6), calendar=PLAIN,
                         happened=[D(2026, 4, 29)], deliveries=[delivered(D(2026, 5, 5))])
        assert (plain.due, plain.status) == (D(2026, 5, 1), Status.NOT_MET)

    def test_a_delivery_before_the_event_does_not_count(self):
        (found,) = judge(m.WithinAfterEvent(days=20, event="e"), plan_date=D(2026, 1, 1), as_of=D(2026, 3, 5),
                         calendar=VN, happened=[D(2026, 3, 2)], deliveries=[delivered(D(2026, 2, 20))])
        assert found.status is Status.PENDING
        assert "The delivery of 20/02/2026 is dated before e happened (02/03/2026) and does not count." in found.explain()

    def test_period_problems(self):
        found = TestPeriodProblems().problems(m.WithinAfterEvent(days=3, event="e"), "2026-03-02", "2026-03",
                                              happened=[D(2026, 3, 2)])
        assert set(found) == {"2026-03"}


def test_every_late_judgement_carries_its_days_late():
    """`Judgement.days_late` (point 4e): to the late delivery, or to `as_of` when none came; None otherwise."""
    deadline = m.OnDate(date=D(2026, 6, 10), inclusive=True)  # a Wednesday
    kwargs = dict(plan_date=D(2026, 1, 1), calendar=VN)
    (late,) = judge(deadline, as_of=D(2026, 6, 30), deliveries=[delivered(D(2026, 6, 13))], **kwargs)
    assert (late.status, late.days_late) == (Status.NOT_MET, 3)
    assert late.explain().endswith("late by 3 days.")
    (missing,) = judge(deadline, as_of=D(2026, 6, 30), deliveries=(), **kwargs)
    assert (missing.status, missing.days_late) == (Status.NOT_MET, 20)
    (met,) = judge(deadline, as_of=D(2026, 6, 30), deliveries=[delivered(D(2026, 6, 10))], **kwargs)
    (pending,) = judge(deadline, as_of=D(2026, 6, 5), deliveries=(), **kwargs)
    assert met.days_late is None and pending.days_late is None


# ------------------------------------------------------------------ within N days of the plan's issue --


@pytest.mark.parametrize(("text", "working"), [
    ("trong vòng 30 ngày kể từ ngày ban hành", False), ("trong vong 30 ngay ke tu ngay ban hanh", False),
    ("within 30 days of issue", False), ("trong vòng 30 ngày làm việc kể từ ngày ban hành", True),
])
def test_within_n_days_of_issue_parses_and_formats_back(text, working):
    plan = parse(f"nhiệm vụ TT 1 {{\n    thời hạn: {text}\n}}\n")
    (deadline,) = plan.tasks[0].deadlines
    assert deadline == m.WithinOfIssue(days=30, working=working)
    assert parse(format_plan(plan)) == plan and parse(format_plan(plan, "en")) == plan


def format_plan(plan, lang=None):
    from planrules import format

    return format(plan, lang)


def test_within_n_days_of_issue_is_due_that_many_days_after_the_plan_is_in_force():
    """Issued Thursday 04/06/2026: 30 days is Saturday 04/07, so the last day on time is Monday 06/07; 5 working
    days is Thursday 11/06. Once, keyed 'once'; late and missing say by how many days."""
    calendar = Calendar.vietnam()
    (on_time,) = judge(m.WithinOfIssue(days=30), plan_date=D(2026, 6, 4), as_of=D(2026, 12, 31),
                       deliveries=[Delivery("X", D(2026, 7, 6))], calendar=calendar)
    assert (on_time.period, on_time.status, on_time.due) == ("once", Status.MET, D(2026, 7, 4))
    assert on_time.explanation[0].text() == "Due within 30 days of the plan's date (04/06/2026): by 04/07/2026."
    (late,) = judge(m.WithinOfIssue(days=5, working=True), plan_date=D(2026, 6, 4), as_of=D(2026, 12, 31),
                    deliveries=[Delivery("X", D(2026, 6, 15))], calendar=calendar)
    assert (late.status, late.due, late.days_late) == (Status.NOT_MET, D(2026, 6, 11), 4)
    (waiting,) = judge(m.WithinOfIssue(days=30), plan_date=D(2026, 6, 4), as_of=D(2026, 6, 20), deliveries=[],
                       calendar=calendar)
    assert waiting.status is Status.PENDING
    assert period_problems(m.WithinOfIssue(days=30), [Delivery("X", D(2026, 6, 5), period="2026")],
                           plan_date=D(2026, 6, 4), as_of=D(2026, 12, 31))


@pytest.mark.parametrize(("child", "codes"), [
    ("trong vòng 20 ngày kể từ ngày ban hành", []),   # issued 10 days later, due 30/07: no later than 04/08
    ("đến ngày 31/07/2026", []),
    ("trong vòng 60 ngày kể từ ngày ban hành", ["I305"]),  # due 08/09/2026: after the parent's last day, 04/08
])
def test_a_child_keeps_a_parents_days_of_issue_with_a_day_no_later(child, codes):
    from planrules.checks.inheritance import check_inheritance
    from planrules.language.library import Library, prelude

    parent = ('kế hoạch: "1/KH-P"\nngày ban hành: 05/07/2026\nđơn vị a: "A"\n'
              'nhiệm vụ TT 1 {\n    chủ trì: a\n    thời hạn: trong vòng 30 ngày kể từ ngày ban hành\n}\n')
    kid = ('kế hoạch: "2/KH-C"\nngày ban hành: 10/07/2026\ncấp trên: "1/KH-P"\nđơn vị a: "A"\n'
           f'nhiệm vụ TT 1 {{\n    chủ trì: a\n    thực hiện: "1/KH-P" TT 1\n    thời hạn: {child}\n}}\n')
    plans = (parse(parent, "p.plan"), parse(kid, "c.plan"))
    found = [d.code for d in check_inheritance(Library(plans, ("p.plan", "c.plan")), prelude())
             if d.code.startswith("I30") and d.code != "I309"]
    assert found == codes
