"""A date that applies only once an event happens (`đến ngày 30/06/2026 nếu E [trong vòng N ngày]`):
issue 17, point 4 ("conditional dates").

Not applicable until the event happened; then due on the date, or with a time after the event on the
later of the date and the event plus that time; in a child plan, later than a parent's plain date.
"""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planrules import Library, Severity, Status, format, parse, prelude, resolve
from planrules.checks.inheritance import check_inheritance
from planrules.evaluation.judgements import judge
from planrules.evaluation.workdays import Calendar
from planrules.facts.model import Delivery
from planrules.language import model as m

HEAD = 'kế hoạch: "60/KH-UBND"\nngày ban hành: 10/03/2026\nsự kiện vb: "Văn bản của tỉnh"\n'
JUNE = dt.date(2026, 6, 30)


@pytest.mark.parametrize(("text", "deadline"), [
    ("đến ngày 30/06/2026 nếu vb", m.OnDate(date=JUNE, inclusive=True, trigger="vb")),
    ("den ngay 30/06/2026 neu vb", m.OnDate(date=JUNE, inclusive=True, trigger="vb")),
    ("by 30/06/2026 if vb", m.OnDate(date=JUNE, inclusive=True, trigger="vb")),
    ("trước ngày 30/06/2026 nếu vb trong vòng 20 ngày", m.OnDate(date=JUNE, trigger="vb", after_days=20)),
    ("before 2026-06-30 if vb within 1 working day no extension",
     m.OnDate(date=JUNE, trigger="vb", after_days=1, working=True, hard=True)),
])
def test_a_conditional_date_in_three_spellings_and_back(text, deadline):
    plan = parse(HEAD + f"nhiệm vụ TT 1 {{\n    thời hạn: {text}\n}}\n")
    assert plan.tasks[0].deadlines == (deadline,)
    for lang in ("vi", "en"):
        assert parse(format(plan, lang=lang)) == plan


def test_its_event_must_be_declared():
    found = resolve([parse(HEAD + "nhiệm vụ TT 1 {\n    thời hạn: đến ngày 30/06/2026 nếu vb2\n}\n", source="p.plan")],
                    prelude())
    assert [(d.code, d.message.args) for d in found][0][0] == "R202"


def _judge(deadline: m.OnDate, happened, deliveries=(), as_of=dt.date(2026, 12, 31)):
    return judge(deadline, plan_date=dt.date(2026, 3, 10), as_of=as_of, happened=happened,
                 deliveries=[Delivery("TT 1", d) for d in deliveries], calendar=Calendar.plain())


def test_not_applicable_until_the_event_then_due_on_the_date():
    d = m.OnDate(date=JUNE, inclusive=True, trigger="vb")
    (waiting,) = _judge(d, [], [dt.date(2026, 6, 1)])
    assert waiting.status is Status.NOT_APPLICABLE and "Waits for vb" in waiting.explanation[0].text("en")
    (late,) = _judge(d, [dt.date(2026, 6, 25)], [dt.date(2026, 7, 2)])
    assert (late.status, late.due, late.days_late) == (Status.NOT_MET, JUNE, 2)
    assert late.explanation[0].text("en") == "vb happened on 25/06/2026: this date applies."
    assert late.explanation[0].text("vi") == "vb đã xảy ra ngày 25/06/2026: thời hạn này được áp dụng."


@given(st.dates(dt.date(2026, 3, 10), dt.date(2026, 12, 31)), st.integers(1, 60), st.booleans())
def test_with_time_after_the_event_it_is_due_on_the_later_day(happened, days, inclusive):
    """The due day is never before the date's last day, nor before `days` after the event; it is one of them."""
    d = m.OnDate(date=JUNE, inclusive=inclusive, trigger="vb", after_days=days)
    (j,) = _judge(d, [happened], as_of=dt.date(2027, 6, 30))
    last = JUNE if inclusive else JUNE - dt.timedelta(days=1)
    offset = happened + dt.timedelta(days=days)
    assert j.last_day == max(last, offset)
    assert j.status is Status.NOT_MET and j.days_late == (dt.date(2027, 6, 30) - j.last_day).days
    said = j.explanation[0].text("en")
    assert (("later than the date written" in said) if offset > last else ("so 30/06/2026 applies" in said))


def test_working_days_after_the_event():
    """Wednesday 29/04/2026, 2 working days: 30/04 and 01/05 are holidays, then a weekend: 05/05/2026."""
    d = m.OnDate(date=dt.date(2026, 5, 4), inclusive=True, trigger="vb", after_days=2, working=True)
    (j,) = judge(d, plan_date=dt.date(2026, 3, 10), as_of=dt.date(2026, 5, 5), happened=[dt.date(2026, 4, 29)],
                 deliveries=[Delivery("TT 1", dt.date(2026, 5, 5))], calendar=Calendar.vietnam())
    assert (j.status, j.due) == (Status.MET, dt.date(2026, 5, 5))
    assert "due 2 working days after it, by 05/05/2026" in j.explanation[0].text("en")


@pytest.mark.parametrize(("parent", "child", "codes"), [
    ("đến ngày 30/06/2026", "đến ngày 30/06/2026 nếu vb", ["I305"]),  # later, or never
    ("đến ngày 30/06/2026 nếu vb", "đến ngày 30/06/2026", []),  # a parent's conditional date is not compared
])
def test_a_conditional_date_in_a_child_plan(parent, child, codes):
    plans = (parse(HEAD + f"nhiệm vụ TT 1 {{\n    thời hạn: {parent}\n}}\n", source="p.plan"),
             parse('kế hoạch: "61/KH-C"\nngày ban hành: 20/03/2026\ncấp trên: "60/KH-UBND"\nsự kiện vb: "V"\n'
                   f'nhiệm vụ TT 1 {{\n    thực hiện: "60/KH-UBND" TT 1\n    thời hạn: {child}\n}}\n', source="c.plan"))
    found = [d.code for d in check_inheritance(Library(plans, ("p.plan", "c.plan")), prelude())
             if d.severity is not Severity.INFO]
    assert found == codes
