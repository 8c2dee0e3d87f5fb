"""A span (`giai đoạn 2025-2026` / `during 2025-2026`) for a target or a deadline, and "yearly and ongoing"
(`hằng năm và thường xuyên`) as one duty: issue 17, point 4.

A span is one period covering its years, judged once at its end: a target on it adds its years up (the
running total of `lũy kế` from its first year, so the SQL path sums alike); a deadline on it is one
occurrence keyed "2025-2026". "Yearly and ongoing" is one deadline whose verdicts are the yearly ones.
"""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import planrules
from planrules import Library, PlanError, Severity, Status, format, parse, prelude, resolve
from planrules.checks.inheritance import check_inheritance
from planrules.evaluation.compiler import compile
from planrules.facts.values import BadValue, read_period
from planrules.language import model as m

HEAD = '''kế hoạch: "50/KH-UBND"
ngày ban hành: 15/03/2025
đơn vị vp: "Văn phòng"
'''


@pytest.mark.parametrize(("text", "period"), [
    ("giai đoạn 2025-2026", m.SpanPeriod(2025, 2026)),
    ("giai đoạn 2025 – 2027", m.SpanPeriod(2025, 2027)),
    ("giai doan 2025-2026", m.SpanPeriod(2025, 2026)),
    ("during 2025–2026", m.SpanPeriod(2025, 2026)),
])
def test_a_span_for_a_target_in_three_spellings_and_back(text, period):
    plan = parse(HEAD + f"chỉ tiêu: số_hội_nghị tối thiểu 5 {text}\n")
    assert plan.targets[0].period == period and period.year == period.last
    for lang in ("vi", "en"):
        assert parse(format(plan, lang=lang)) == plan
    assert f"giai đoạn {period.first}-{period.last}\n" in format(plan)


@pytest.mark.parametrize(("text", "deadline"), [
    ("giai đoạn 2025-2026", m.EndOfYear(year=2026, first=2025)),
    ("during 2025 - 2026", m.EndOfYear(year=2026, first=2025)),
    ("hằng năm và thường xuyên", m.EachYear(ongoing=True)),
    ("hàng năm và thường xuyên", m.EachYear(ongoing=True)),
    ("hang nam va thuong xuyen", m.EachYear(ongoing=True)),
    ("yearly and ongoing", m.EachYear(ongoing=True)),
])
def test_a_span_and_yearly_and_ongoing_as_deadlines(text, deadline):
    plan = parse(HEAD + f"nhiệm vụ TT 1 {{\n    chủ trì: vp\n    thời hạn: {text}\n}}\n")
    assert plan.tasks[0].deadlines == (deadline,)
    for lang in ("vi", "en"):
        assert parse(format(plan, lang=lang)) == plan


def test_yearly_and_another_deadline_stay_two():
    """Only the phrase 'hằng năm và thường xuyên' is one duty; 'hằng năm và định kỳ 6 tháng' is two."""
    plan = parse(HEAD + "nhiệm vụ TT 1 {\n    thời hạn: hằng năm và định kỳ 6 tháng và thường xuyên\n}\n")
    assert plan.tasks[0].deadlines == (m.EachYear(), m.EachHalfYear(), m.Ongoing())


@pytest.mark.parametrize("years", ["2026-2025", "2026-2026"])
def test_a_span_runs_forward_or_is_e101(years):
    with pytest.raises(PlanError) as raised:
        parse(HEAD + f"chỉ tiêu: số_hội_nghị tối thiểu 5 giai đoạn {years}\n", source="p.plan")
    (d,) = raised.value.diagnostics
    assert (d.code, d.span.line, d.message.key) == ("E101", 4, "span_order")
    assert "giai đoạn" in d.message.text("vi")


def test_a_span_on_a_cut_is_r210():
    found = resolve([parse(HEAD + "chỉ tiêu: giảm_hội_nghị tối thiểu 10% giai đoạn 2025-2026\n", source="p.plan")],
                    prelude())
    assert [(d.code, d.message.key) for d in found] == [("R210", "cumulative_not_summed")]


def _judge(tmp_path: Path, plan: str, facts: str, as_of: dt.date):
    rules = compile(parse(plan, source="p.plan"))
    path = tmp_path / "f.toml"
    path.write_text(facts, encoding="utf-8")
    return {(v.clause, v.period): v for v in rules.evaluate(planrules.load_facts(path, rules=rules), as_of).verdicts}


def _counts(years: dict[int, int]) -> str:
    return "".join(f'[[units."vp".counts]]\nkind = "hội_nghị"\nyear = {y}\ncount = {n}\n\n' for y, n in years.items())


SPAN_PLAN = HEAD + '''chỉ tiêu I.1: số_hội_nghị tối thiểu 5 giai đoạn 2025-2026
chỉ tiêu I.2: số_hội_nghị tối thiểu 3 hằng năm
nhiệm vụ TT 1 {
    nội dung: "Tổng kết giai đoạn"
    chủ trì: vp
    thời hạn: giai đoạn 2025-2026
}
nhiệm vụ TT 2 {
    nội dung: "Rà soát thủ tục hành chính"
    chủ trì: vp
    thời hạn: hằng năm và thường xuyên
}
'''


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 5), st.integers(0, 5))
def test_a_span_is_judged_once_on_the_sum_of_its_years(first, second):
    import tempfile
    got = _judge(Path(tempfile.mkdtemp()), SPAN_PLAN, _counts({2025: first, 2026: second}), dt.date(2027, 1, 10))
    span = got["I.1", "2025-2026"]
    assert [k for k in got if k[0] == "I.1"] == [("I.1", "2025-2026")]  # once, keyed by its years
    assert span.value == first + second == got["I.2", "2025"].value + got["I.2", "2026"].value
    assert span.status is (Status.MET if first + second >= 5 else Status.NOT_MET)
    assert span.explanation[0].text("en").startswith("The span 2025-2026 is one period, from 01/01/2025 to 31/12/2026")


def test_a_span_is_pending_until_its_end(tmp_path):
    got = _judge(tmp_path, SPAN_PLAN, _counts({2025: 1, 2026: 1}), dt.date(2026, 6, 30))
    assert got["I.1", "2025-2026"].status is Status.PENDING


def test_a_span_deadline_is_one_occurrence_and_yearly_and_ongoing_is_the_yearly_one(tmp_path):
    facts = ('[[units."vp".deliveries]]\ntask = "TT 1"\ndate = 2026-12-20\nperiod = "2025-2026"\n\n'
             '[[units."vp".deliveries]]\ntask = "TT 2"\ndate = 2025-12-10\n\n'
             '[[units."vp".deliveries]]\ntask = "TT 2"\ndate = 2027-01-05\nperiod = "2026"\n')
    got = _judge(tmp_path, SPAN_PLAN, facts, dt.date(2027, 1, 10))
    span = got["TT 1", "2025-2026"]
    assert (span.status, span.due) == (Status.MET, dt.date(2026, 12, 31))
    assert [k for k in got if k[0] == "TT 1"] == [("TT 1", "2025-2026")]
    assert span.explanation[0].text("vi").startswith("Giai đoạn 2025-2026 là một kỳ")
    duty = {k[1]: v for k, v in got.items() if k[0] == "TT 2"}
    assert sorted(duty) == ["2025", "2026", "2027"]  # one duty: the yearly verdicts, nothing else
    assert [duty[y].status for y in ("2025", "2026", "2027")] == [Status.MET, Status.NOT_MET, Status.PENDING]
    assert duty["2026"].explanation[0].text("en").startswith("Yearly and ongoing: one duty")
    assert "late by 5 days" in duty["2026"].explanation[1].text("en")


@pytest.mark.parametrize(("raw", "key"), [("2025-2026", "2025-2026"), ("2025 – 2027", "2025-2027")])
def test_a_delivery_names_a_span_period(raw, key):
    assert read_period(raw) == key


@pytest.mark.parametrize("raw", ["2026-2025", "2026-2026", "1800-2026"])
def test_a_span_period_runs_forward(raw):
    with pytest.raises(BadValue):
        read_period(raw)


PARENT = '''kế hoạch: "1/KH-P"
ngày ban hành: 01/02/2025
chỉ tiêu I.1: số_hội_nghị tối thiểu 5 hằng năm
chỉ tiêu I.2: số_hội_nghị tối thiểu 8 giai đoạn 2025-2026
'''


@pytest.mark.parametrize(("body", "parent", "finding"), [
    ("chỉ tiêu II.1: số_hội_nghị tối thiểu 10 giai đoạn 2025-2026", "I.1", "I304"),  # a sum for every year: less
    ("chỉ tiêu II.1: số_hội_nghị tối thiểu 8 hằng năm", "I.2", None),  # 8 a year is at least 8 over the span
])
def test_a_span_against_yearly_targets(body, parent, finding):
    plans = (parse(PARENT, source="p.plan"),
             parse('kế hoạch: "2/KH-C"\nngày ban hành: 01/03/2025\ncấp trên: "1/KH-P"\n' + body + "\n", source="c.plan"))
    library = Library(plans, ("p.plan", "c.plan"))
    found = [d for d in check_inheritance(library, prelude()) if d.severity is not Severity.INFO]
    applied = {r.clause.rule for r in compile(plans[1], library, prelude=prelude()).metric_rules
               if r.clause.inherited_from}
    assert [d.code for d in found if f"1/KH-P {parent}#1" in d.message.text("en")] == ([finding] if finding else [])
    if finding:
        (d,) = found
        assert "over the span 2025-2026" in d.message.text("en") and "giai đoạn 2025-2026" in d.message.text("vi")
    assert (f"1/KH-P:{parent}#1" in applied) is (finding is not None)


def test_a_span_deadline_keeps_a_parents_end_of_its_last_year_and_not_an_earlier_one():
    def found(parent: str, child: str):
        plans = (parse('kế hoạch: "1/KH-P"\nngày ban hành: 01/02/2025\nnhiệm vụ TT 1 {\n    thời hạn: '
                       f"{parent}\n}}\n", source="p.plan"),
                 parse('kế hoạch: "2/KH-C"\nngày ban hành: 01/03/2025\ncấp trên: "1/KH-P"\nnhiệm vụ TT 1 {\n'
                       f'    thực hiện: "1/KH-P" TT 1\n    thời hạn: {child}\n}}\n', source="c.plan"))
        library = Library(plans, ("p.plan", "c.plan"))
        return [d.code for d in check_inheritance(library, prelude()) if d.severity is not Severity.INFO]

    assert found("cuối năm 2026", "giai đoạn 2025-2026") == []
    assert found("cuối năm 2025", "giai đoạn 2025-2026") == ["I305"]


@pytest.mark.parametrize(("parent", "child", "codes"), [
    ("hằng năm", "hằng năm và thường xuyên", []),  # the same yearly verdicts
    ("hằng năm và thường xuyên", "hằng năm", []),
    ("hằng năm và thường xuyên", "hằng quý", []),  # more often
    ("hằng năm và thường xuyên", "thường xuyên", ["I306"]),  # never late: it drops the yearly report
])
def test_yearly_and_ongoing_is_kept_as_a_yearly_duty(parent, child, codes):
    plans = (parse('kế hoạch: "1/KH-P"\nngày ban hành: 01/02/2025\nnhiệm vụ TT 1 {\n    thời hạn: '
                   f"{parent}\n}}\n", source="p.plan"),
             parse('kế hoạch: "2/KH-C"\nngày ban hành: 01/03/2025\ncấp trên: "1/KH-P"\nnhiệm vụ TT 1 {\n'
                   f'    thực hiện: "1/KH-P" TT 1\n    thời hạn: {child}\n}}\n', source="c.plan"))
    found = [d.code for d in check_inheritance(Library(plans, ("p.plan", "c.plan")), prelude())
             if d.severity is not Severity.INFO]
    assert found == codes
