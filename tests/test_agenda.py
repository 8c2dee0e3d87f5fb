"""The agenda (`evaluation.agenda`) and how it is written (`reports.agenda`).

The backbone is a property: for any deadline, the agenda lists exactly the
occurrences the verdicts judge whose last day falls in its span, each with
the last day the verdict judges by — a delivery on it is on time, a day
later is late. Nothing owed is left out, nothing is listed that is not owed.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from planrules import parse
from planrules.evaluation.agenda import agenda
from planrules.evaluation.judgements import judge
from planrules.evaluation.verdicts import Status
from planrules.evaluation.workdays import Calendar
from planrules.facts.model import Delivery, Happened
from planrules.pipeline import Pipeline
from planrules.reports.agenda import agenda_to_ics, agenda_to_text, entry_uid, late_of, late_to_text
from planrules.strategies import deadlines

PLAN = """kế hoạch: "9/KH-UBND"
ngày ban hành: 15/03/2026
đơn vị vp: "Văn phòng"
đơn vị tp: "Phòng Tài chính"
sự kiện e: "có chỉ đạo"

nhiệm vụ TT 1 {
    nội dung: "Báo cáo"
    chủ trì: vp
    sản phẩm: "Báo cáo"
    thời hạn: hằng năm
}
"""
BASE = parse(PLAN, source="p.plan")


def rules_with(deadline, lead=("vp",)):
    task = attrs.evolve(BASE.tasks[0], deadlines=(deadline,), leads=lead)
    body = tuple(task if s is BASE.tasks[0] else s for s in BASE.body)
    return Pipeline().rules(attrs.evolve(BASE, body=body))


_days = st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2028, 12, 31))


@settings(max_examples=150)
@given(deadlines(label=st.none(), source=st.none()), _days, st.integers(0, 400), st.lists(_days, max_size=2))
def test_the_agenda_lists_exactly_what_the_verdicts_judge_by_their_last_day(deadline, start, length, events):
    end = start + dt.timedelta(days=length)
    deadline = _on_event_e(deadline)
    rules = rules_with(deadline)
    happened = [Happened("e", d) for d in events]
    found = agenda(rules, start, end, happened=happened)
    assert [e.last_day for e in found.entries] == sorted(e.last_day for e in found.entries)
    assert all(start <= e.last_day <= end for e in found.entries)
    rule = rules.deadline_rules[0]
    judged = judge(deadline, plan_date=rule.plan_date, until=rule.until, as_of=end, deliveries=(),
                   happened=events, calendar=rules.calendar)
    if judged and judged[0].status is Status.NOT_APPLICABLE:  # waiting for its event
        assert found.entries == () and [w.event for w in found.waiting] == ["e"]
        return
    expected = {(j.period, j.last_day) for j in judged if j.last_day is not None and start <= j.last_day <= end}
    dated = {(e.period, e.last_day) for e in found.entries if e.due is not None}
    assert dated == expected
    for entry in found.entries:
        assert entry.owners == ("vp",) and entry.rule == "TT 1@1"
        if entry.due is None:
            continue
        assert entry.hard or rules.calendar.is_working_day(entry.last_day)
        assert all(not rules.calendar.is_working_day(d) for d in entry.moved_over)
        # judged after the last day, and no earlier than `end`: a duty due before the plan's date (a
        # deadline of 02/01 in a plan issued on 15/03) is judged only once the plan is in force
        when = max(entry.last_day + dt.timedelta(2), end)
        on_time = judge(deadline, plan_date=rule.plan_date, until=rule.until, as_of=when,
                        deliveries=(Delivery("TT 1", entry.last_day, period=entry.period),), happened=events,
                        calendar=rules.calendar)
        late = judge(deadline, plan_date=rule.plan_date, until=rule.until, as_of=when,
                     deliveries=(Delivery("TT 1", entry.last_day + dt.timedelta(1), period=entry.period),),
                     happened=events, calendar=rules.calendar)
        assert {j.period: j.status for j in on_time}[entry.period] is Status.MET
        assert {j.period: j.status for j in late}[entry.period] is Status.NOT_MET


def _on_event_e(deadline):
    """`deadline` waiting for the plan's event `e`, when it waits for one."""
    for name in ("event", "trigger"):
        if getattr(deadline, name, None) is not None:
            return attrs.evolve(deadline, **{name: "e"})
    return deadline


def test_a_weekend_or_holiday_moves_the_last_day_and_a_hard_cut_off_does_not():
    monthly = rules_with(parse(PLAN.replace("hằng năm", "trước ngày 25 hằng tháng"), source="p").tasks[0].deadlines[0])
    found = agenda(monthly, dt.date(2026, 10, 1), dt.date(2026, 11, 30))
    assert [(e.last_day, e.moved_over) for e in found.entries] == [
        (dt.date(2026, 10, 26), (dt.date(2026, 10, 24), dt.date(2026, 10, 25))),  # Saturday, Sunday
        (dt.date(2026, 11, 25), (dt.date(2026, 11, 24),)),  # Ngày Văn hóa Việt Nam
    ]
    text = " ".join(agenda_to_text(found, Calendar.vietnam(), "vi").split())  # as wrapped lines read
    assert "24/11/2026 (Ngày Văn hóa Việt Nam): ngày nghỉ, nên dời đến thứ Tư 25/11/2026" in text
    hard = rules_with(parse(PLAN.replace("hằng năm", "đến ngày 22/11/2026 không gia hạn"), source="p").tasks[0]
                      .deadlines[0])
    entry, = agenda(hard, dt.date(2026, 11, 1), dt.date(2026, 11, 30)).entries
    assert entry.last_day == dt.date(2026, 11, 22) and entry.moved_over == () and entry.hard
    assert "a hard cut-off: not moved off 22/11/2026 (Sunday)" in " ".join(agenda_to_text(
        agenda(hard, dt.date(2026, 11, 1), dt.date(2026, 11, 30)), Calendar.vietnam(), "en").split())


def test_a_joint_deliverable_is_one_entry_and_units_filter():
    joint = rules_with(parse(PLAN.replace("hằng năm", "đến ngày 24/11/2026"), source="p").tasks[0].deadlines[0],
                       lead=("vp", "tp"))
    found = agenda(joint, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert [e.owners for e in found.entries] == [("vp", "tp")]
    assert agenda(joint, dt.date(2026, 1, 1), dt.date(2026, 12, 31), units=["tp"]).entries == found.entries
    text = " ".join(agenda_to_text(found, Calendar.vietnam(), "en").split())
    assert "Văn phòng + Phòng Tài chính (joint) · TT 1" in text
    each = rules_with(BASE.tasks[0].deadlines[0], lead=("vp",))
    assert agenda(each, dt.date(2026, 1, 1), dt.date(2026, 12, 31), units=["tp"]).entries == ()


def test_a_span_backwards_is_refused():
    with pytest.raises(ValueError, match="before its start"):
        agenda(rules_with(BASE.tasks[0].deadlines[0]), dt.date(2026, 2, 1), dt.date(2026, 1, 1))


def test_ics_has_one_event_per_entry_with_stable_uids():
    icalendar = pytest.importorskip("icalendar")
    monthly = rules_with(parse(PLAN.replace("hằng năm", "trước ngày 25 hằng tháng"), source="p").tasks[0].deadlines[0])
    found = agenda(monthly, dt.date(2026, 4, 1), dt.date(2026, 12, 31))
    text = agenda_to_ics(found, Calendar.vietnam(), "vi")
    events = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert len(events) == len(found.entries) == 9
    assert [e.decoded("dtstart") for e in events] == [x.last_day for x in found.entries]
    assert len({str(e["uid"]) for e in events}) == 9
    assert all(str(e["summary"]) == "TT 1: Báo cáo — Văn phòng" for e in events)
    # the same occurrence has the same UID whatever the span asked
    later = agenda(monthly, dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert {entry_uid(later.plan, e) for e in later.entries} < {str(e["uid"]) for e in events}
    assert text == agenda_to_ics(found, Calendar.vietnam(), "vi")


def test_late_lists_only_overdue_deadline_verdicts():
    pipeline = Pipeline(library=ROOT / "plans")
    rules = pipeline.rules(ROOT / "plans/quoc-gia/bo-noi-vu/cuc-van-thu-luu-tru/kh-10-du.plan")
    fitted = pipeline.fit(rules, ROOT / "examples/cuc-van-thu-luu-tru/facts.toml")
    report = pipeline.evaluate(fitted, dt.date(2026, 11, 30)).report
    late = late_of(report)
    assert late and all(v.kind.value == "deadline" for v in late)
    assert {v.status for v in late} <= {Status.NOT_MET, Status.UNKNOWN, Status.PENDING}
    assert all(v.status is Status.NOT_MET or v.last_day < report.as_of for v in late)
    missed = [v for v in report.verdicts if v.kind.value == "deadline" and v.status is Status.NOT_MET]
    assert set(map(id, missed)) <= set(map(id, late))
    text = late_to_text(report, "vi")
    assert text.startswith("Việc quá hạn của kế hoạch 10-KH/ĐU tính đến ngày 30/11/2026\n")
    assert text.count("\n\n") == len(late)
