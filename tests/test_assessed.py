"""Assessed targets (`"…" đánh giá bởi: X`) and the share of tasks completed (`tỷ lệ nhiệm vụ hoàn thành [đúng
hạn]`): syntax both ways, checks, facts in every format, evaluation on both paths, inheritance (issue 18)."""

from __future__ import annotations

import datetime as dt
import tempfile
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sql_cases import check_both_paths, storable

import planrules
from planrules import format, parse
from planrules.base.diagnostics import FactsError
from planrules.checks.inheritance import check_inheritance
from planrules.evaluation.verdicts import RuleKind, Status
from planrules.facts import model as f
from planrules.facts.loader import loads_facts
from planrules.language import model as m
from planrules.language.library import Library, prelude
from planrules.language.resolver import resolve
from planrules.strategies import facts_and_toml, facts_meeting, facts_violating, valid_facts, verdict_for

PLAN = """kế hoạch: "20/KH-UBND"
ngày ban hành: 15/01/2026
đơn vị sở_tt: "Sở Thông tin và Truyền thông"
đơn vị huyện_a: "UBND huyện A"
đơn vị huyện_b: "UBND huyện B"
chỉ tiêu II.2 @12: "Hình thành nền tảng số" đánh giá bởi: sở_tt hằng năm
chỉ tiêu II.3: "Hoàn thành trung tâm dữ liệu" đánh giá bởi: sở_tt đến ngày 30/06/2026
nhiệm vụ TT 1 {
    nội dung: "Báo cáo chuyển đổi số"
    chủ trì: huyện_a, huyện_b mỗi đơn vị
    thời hạn: hằng quý
    chỉ tiêu: (tỷ lệ nhiệm vụ hoàn thành đúng hạn) tối thiểu 75% hằng năm
    chỉ tiêu: (tỷ lệ nhiệm vụ hoàn thành) tối thiểu 100% hằng năm
}
nhiệm vụ TT 2 {
    nội dung: "Báo cáo chung"
    chủ trì: huyện_a, huyện_b chung
    thời hạn: trước ngày 01/12/2026
}
"""


def rules_of(text: str = PLAN):
    return planrules.compile(parse(text, source="p.plan"), calendar=planrules.Calendar.plain())


RULES = rules_of()


def verdict(report, unit: str, rule: str, period: str):
    return next(v for v in report.verdicts if (v.unit, v.rule, v.period) == (unit, rule, period))


def assessed(target="II.2", year=2026, met=True, by="sở_tt", day=dt.date(2026, 12, 20)):
    return f.Assessment(target, year, met, by, day)


# ------------------------------------------------------------------ language --


def test_both_languages_and_ascii_read_as_one_model_and_print_back():
    vi = 'chỉ tiêu II.2 @40: "Nền tảng số" đánh giá bởi: a, b hằng năm phạm vi: c theo dõi: d\n' \
         'chỉ tiêu: (tỷ lệ nhiệm vụ hoàn thành đúng hạn) tối thiểu 90% hằng năm\n'
    en = 'target II.2 @40: "Nền tảng số" assessed by: a, b yearly scope: c monitored by: d\n' \
         'target: (share of tasks completed on time) at least 90% yearly\n'
    ascii_ = 'chi tieu II.2 @40: "Nền tảng số" danh gia boi: a, b hang nam pham vi: c theo doi: d\n' \
             'chi tieu: (ty le nhiem vu hoan thanh dung han) toi thieu 90% hang nam\n'
    plans = [parse(t) for t in (vi, en, ascii_)]
    assert plans[0] == plans[1] == plans[2]
    first, second = plans[0].body
    assert first == m.AssessedTarget("Nền tảng số", ("a", "b"), m.EachYearPeriod(), m.Address(path="II.2"),
                                     m.SourceRef(40, 40), scope=m.Scope(("c",)), monitored_by=("d",))
    assert second.metric == m.TasksCompleted(on_time=True)
    assert format(plans[0], "vi") == vi and format(plans[0], "en") == en


def test_an_assessor_must_be_declared_and_a_share_of_tasks_is_a_yearly_percentage():
    text = ('kế hoạch: "1/KH"\nngày ban hành: 01/01/2026\nđơn vị a: "A"\n'
            'chỉ tiêu: "X" đánh giá bởi: bộ_khcn\n'
            'chỉ tiêu: (tỷ lệ nhiệm vụ hoàn thành) tối thiểu 90\n'
            'chỉ tiêu: (tỷ lệ nhiệm vụ hoàn thành) tối thiểu 90% lũy kế hằng năm\n'
            'chỉ tiêu: (tỷ lệ nhiệm vụ hoàn thành) tối thiểu 120%\n')
    found = [(d.code, d.span.line) for d in resolve([parse(text, source="x.plan")], prelude())]
    assert found == [("R201", 4), ("R210", 5), ("R210", 6), ("R210", 7)]


# ------------------------------------------------------------------- facts --

TOML = """[[units."huyện_a".assessments]]
target = "II.2"
year = 2026
result = "Không Đạt"
assessor = "sở_tt"
date = "20/12/2026"
"""


def test_an_assessment_reads_alike_from_toml_and_csv_and_a_bad_result_is_located():
    facts = loads_facts(TOML, "f.toml", vocabulary=RULES.vocabulary)
    assert facts.units[0].assessments == (assessed(met=False),)
    csv = "unit,target,year,result,assessor,date\nhuyện_a,II.2,2026,khong dat,sở_tt,2026-12-20\n"
    assert loads_facts(csv, "assessments.csv", vocabulary=RULES.vocabulary).units[0].assessments == facts.units[0].assessments
    with pytest.raises(FactsError) as bad:
        loads_facts(TOML.replace("Không Đạt", "tốt"), "f.toml", vocabulary=RULES.vocabulary)
    (d,) = bad.value.diagnostics
    assert (d.code, d.span.line) == ("F127", 4) and "tốt" in d.message.text("en")


def test_an_unknown_target_and_two_contradicting_assessments_are_located_facts_errors():
    facts = f.Facts((f.UnitFacts("huyện_a", assessments=(
        assessed("II 2"), assessed(), assessed(met=False, day=dt.date(2026, 12, 28)),
        assessed(met=False, by="huyện_b"))),))  # by a unit not named: not counted, no contradiction
    with pytest.raises(FactsError) as bad:
        RULES.evaluate(facts, dt.date(2026, 12, 31))
    codes = [(d.code, d.message.text("en")) for d in bad.value.diagnostics]
    assert [c for c, _ in codes] == ["F225", "F226"]
    assert any("did you mean II.2?" in h.text("en") for h in bad.value.diagnostics[0].hints)
    assert "where sở_tt assessed it met" in codes[1][1]


# -------------------------------------------------------------- evaluation --


def test_met_or_not_as_the_named_assessor_says_and_another_unit_is_not_counted():
    facts = f.Facts((f.UnitFacts("huyện_a", assessments=(assessed(met=False), assessed(met=True, by="huyện_b"))),
                     f.UnitFacts("huyện_b", assessments=(assessed(by="huyện_b"),))))
    report = RULES.evaluate(facts, dt.date(2026, 12, 31))
    a, b = verdict(report, "huyện_a", "II.2#1", "2026"), verdict(report, "huyện_b", "II.2#1", "2026")
    assert a.kind is RuleKind.ASSESSED and a.status is Status.NOT_MET
    assert "assessed not met for 2026 by sở_tt on 20/12/2026" in a.explain("en")
    assert "Not counted: the assessment by huyện_b" in a.explain("en")
    assert b.status is Status.UNKNOWN and "No assessment" in b.explain("en")
    assert "Không tính đánh giá của huyện_b" in b.explain("vi")


def test_none_is_pending_while_open_unknown_after_and_a_later_assessment_is_not_known_yet():
    facts = f.Facts((f.UnitFacts("huyện_a", assessments=(assessed(day=dt.date(2026, 12, 20)),)),))
    open_ = verdict(RULES.evaluate(facts, dt.date(2026, 10, 1)), "huyện_a", "II.2#1", "2026")
    assert open_.status is Status.PENDING and "dated 20/12/2026, after 01/10/2026" in open_.explain("en")
    early = f.Facts((f.UnitFacts("huyện_a", assessments=(assessed(year=2027, day=dt.date(2027, 3, 1)),)),))
    assert verdict(RULES.evaluate(early, dt.date(2027, 6, 1)), "huyện_a", "II.2#1", "2027").status is Status.MET
    closed = RULES.evaluate(f.Facts((f.UnitFacts("huyện_a"),)), dt.date(2027, 1, 2))
    assert verdict(closed, "huyện_a", "II.2#1", "2026").status is Status.UNKNOWN
    assert verdict(closed, "huyện_a", "II.3#1", "2026").status is Status.UNKNOWN  # judged on 30/06/2026
    assert verdict(RULES.evaluate(f.Facts((f.UnitFacts("huyện_a"),)), dt.date(2026, 6, 29)),
                   "huyện_a", "II.3#1", "2026").status is Status.PENDING


def deliveries(*days_and_periods):
    return tuple(f.Delivery("TT 1", day, period=period) for day, period in days_and_periods)


def test_share_of_tasks_completed_on_time_and_at_all_from_the_deadline_verdicts():
    late = deliveries((dt.date(2026, 3, 25), "2026-Q1"), (dt.date(2026, 6, 24), "2026-Q2"),
                      (dt.date(2026, 10, 2), "2026-Q3"), (dt.date(2026, 12, 28), "2026-Q4"))
    joint = (f.Delivery("TT 2", dt.date(2026, 11, 20)),)
    facts = f.Facts((f.UnitFacts("huyện_a", deliveries=late + joint), f.UnitFacts("huyện_b")))
    report = RULES.evaluate(facts, dt.date(2026, 12, 31))
    on_time, at_all = verdict(report, "huyện_a", "TT 1#1", "2026"), verdict(report, "huyện_a", "TT 1#2", "2026")
    assert (on_time.status, on_time.value) == (Status.MET, Fraction(4, 5))
    assert on_time.figure("part") == 4 and on_time.figure("whole") == 5
    assert at_all.status is Status.MET and at_all.value == 1  # late counts as delivered
    assert "4 of 5 task deadlines due in 2026 delivered on time: 80% ≥ 75%." in on_time.explain("en")
    # without huyện_b's facts, the joint TT 2 is unknown: 4/5 or 3/5 against 75%, so unknown too
    alone = RULES.evaluate(f.Facts((f.UnitFacts("huyện_a", deliveries=late),)), dt.date(2026, 12, 31))
    assert verdict(alone, "huyện_a", "TT 1#1", "2026").status is Status.UNKNOWN


def test_a_joint_deliverable_counts_for_each_lead_and_open_ones_decide_only_when_either_way_agrees():
    facts = f.Facts((f.UnitFacts("huyện_a", deliveries=(f.Delivery("TT 2", dt.date(2026, 11, 20)),)),
                     f.UnitFacts("huyện_b")))
    report = RULES.evaluate(facts, dt.date(2026, 12, 31))
    # huyện_b: 4 quarters missing + TT 2 delivered jointly by huyện_a = 1 of 5
    b = verdict(report, "huyện_b", "TT 1#1", "2026")
    assert (b.figure("part"), b.figure("whole"), b.status) == (1, 5, Status.NOT_MET)
    # at 15/10 Q4 is pending: 0 of 4 so far for huyện_a's quarters (TT 2 not due yet): pending, never a guess
    early = verdict(RULES.evaluate(facts, dt.date(2026, 10, 15)), "huyện_a", "TT 1#1", "2026")
    assert early.status is Status.PENDING and early.value is None


def test_no_deadline_due_in_the_year_does_not_apply():
    text = PLAN.replace("thời hạn: hằng quý", "thời hạn: trong tháng 03/2026").replace(
        "    thời hạn: trước ngày 01/12/2026\n", "")
    report = rules_of(text).evaluate(f.Facts((f.UnitFacts("huyện_a"),)), dt.date(2027, 12, 31))
    v = verdict(report, "huyện_a", "TT 1#1", "2027")
    assert v.status is Status.NOT_APPLICABLE and "No task deadline falls due in 2027" in v.explain("en")


# ------------------------------------------------------------ both paths --


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=valid_facts(RULES, years=(2026, 2027), period=False),
       extra=st.lists(st.tuples(st.sampled_from(["huyện_a", "huyện_b"]), st.sampled_from(["TT 1", "TT 2"]),
                                st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31))), max_size=6),
       as_of=st.dates(dt.date(2026, 1, 1), dt.date(2028, 1, 31)))
def test_sql_and_python_judge_assessments_and_task_shares_alike(facts, extra, as_of):
    units = {u.name: u for u in facts.units}
    for name, task, day in extra:
        unit = units.get(name, f.UnitFacts(name))
        units[name] = f.UnitFacts(name, unit.member_of, unit.records, unit.counts, unit.values,
                                  unit.deliveries + (f.Delivery(task, day, period=None if task == "TT 2" else
                                                                f"{day.year}-Q{(day.month - 1) // 3 + 1}"),),
                                  assessments=unit.assessments)
    facts = storable(f.Facts(tuple(units.values()), facts.events, facts.period))
    if RULES.fit(facts).problems:
        return  # a drawn delivery twice for one quarter is fine; one that fits no deadline is not this test's
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.duckdb"
        planrules.write_duckdb(facts, path, RULES.vocabulary)
        check_both_paths(RULES, facts, as_of, planrules.open_source(path, RULES.vocabulary))


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_facts_meeting_and_violating_an_assessed_target(data):
    met = data.draw(facts_meeting("II.2#1", rules=RULES, year=2026))
    assert verdict_for("II.2#1", met, rules=RULES, year=2026).status is Status.MET
    failed = data.draw(facts_violating("II.2#1", rules=RULES, year=2026))
    assert verdict_for("II.2#1", failed, rules=RULES, year=2026).status is Status.NOT_MET


@settings(max_examples=30, deadline=None)
@given(pair=facts_and_toml(RULES))
def test_assessments_written_in_any_spelling_read_back(pair):
    facts, text = pair
    assert loads_facts(text, "facts.toml", vocabulary=RULES.vocabulary) == facts


# ------------------------------------------------------------ inheritance --

PARENT = """kế hoạch: "20/KH-BNV"
ngày ban hành: 15/01/2026
đơn vị bkhcn: "Bộ Khoa học và Công nghệ"
đơn vị sở: "Sở"
chỉ tiêu II.2: "Hình thành nền tảng số" đánh giá bởi: bkhcn hằng năm
"""
CHILD = """kế hoạch: "31/KH-UBND"
ngày ban hành: 10/03/2026
cấp trên: "20/KH-BNV"
đơn vị bkhcn: "Bộ Khoa học và Công nghệ"
đơn vị sở: "Sở"
chỉ tiêu II.1: "Hình thành nền tảng số" đánh giá bởi: {who} {period}
"""


@pytest.mark.parametrize("who, period, codes, applied", [
    ("bkhcn", "hằng năm", [], 1),  # restated alike: kept, the parent's not applied again
    ("sở", "hằng năm", ["I311"], 2),  # another assessor: the parent's still applies
    ("bkhcn", "trong năm 2026", ["I304"], 2),  # one year where the parent asks every year
])
def test_a_child_keeps_an_assessed_target_only_with_the_same_text_and_assessors(who, period, codes, applied):
    parent, child = parse(PARENT, source="p.plan"), parse(CHILD.format(who=who, period=period), source="c.plan")
    library = Library((parent, child), ("p.plan", "c.plan"))
    assert [d.code for d in check_inheritance(library, prelude())] == codes
    rules = planrules.compile(child, library)
    assert len([r for r in rules.metric_rules if r.kind is RuleKind.ASSESSED]) == applied


def test_a_roll_up_sums_the_task_shares_and_meets_an_assessed_target_only_if_every_unit_does():
    from planrules.evaluation.rollup import roll_up

    quarters = deliveries((dt.date(2026, 3, 25), "2026-Q1"), (dt.date(2026, 6, 24), "2026-Q2"),
                          (dt.date(2026, 9, 2), "2026-Q3"), (dt.date(2026, 12, 28), "2026-Q4"))
    facts = f.Facts((f.UnitFacts("huyện_a", deliveries=quarters + (f.Delivery("TT 2", dt.date(2026, 11, 2)),),
                                 assessments=(assessed(),)),
                     f.UnitFacts("huyện_b", deliveries=quarters[:1], assessments=(assessed(met=False),))))
    report = RULES.evaluate(facts, dt.date(2026, 12, 31))
    rolled = roll_up(report, {"huyện_a": "tỉnh", "huyện_b": "tỉnh"})
    by_rule = {(a.rule, a.period): a for a in rolled.aggregates}
    tasks = by_rule[("TT 1#1", "2026")]
    assert (tasks.figure("part"), tasks.figure("whole"), tasks.value) == (7, 10, Fraction(7, 10))  # 5/5 + 2/5
    assert tasks.status is Status.NOT_MET
    judged = by_rule[("II.2#1", "2026")]
    assert judged.status is Status.NOT_MET and judged.failing == ("huyện_b",)


def test_open_occurrences_decide_a_range_only_when_every_count_they_could_reach_agrees():
    """1 of 4 on time, 2 still open: 25%, 50% or 75%, and 50% is inside 40-60% though both ends are out:
    not decided (the ends alone would say not met)."""
    from planrules.evaluation import tasks_done
    from planrules.evaluation.verdicts import Verdict

    text = PLAN.replace("(tỷ lệ nhiệm vụ hoàn thành đúng hạn) tối thiểu 75% hằng năm",
                        "(tỷ lệ nhiệm vụ hoàn thành đúng hạn) từ 40% đến 60% hằng năm")
    rule = next(r for r in rules_of(text).metric_rules if r.clause.rule == "TT 1#1")

    def judged(*statuses):
        made = [Verdict("p", "huyện_a", "TT 1@1", RuleKind.DEADLINE, status, due=dt.date(2026, 3 * q, 28),
                        delivered=dt.date(2026, 3 * q, 20) if status is Status.MET else None, period=f"2026-Q{q}")
                for q, status in enumerate(statuses, start=1)]
        return next(v for v in tasks_done.judge(rule, "huyện_a", made, dt.date(2027, 1, 5)) if v.period == "2026")

    open_ = judged(Status.MET, Status.NOT_MET, Status.PENDING, Status.UNKNOWN)
    assert open_.status is Status.UNKNOWN and "between 25% and 75%" in open_.explain("en")
    assert judged(Status.MET, Status.NOT_MET, Status.NOT_MET, Status.UNKNOWN).status is Status.UNKNOWN  # 25%, 50%
    decided = judged(Status.NOT_MET, Status.NOT_MET, Status.NOT_MET, Status.UNKNOWN)  # 0% or 25%: out either way
    assert decided.status is Status.NOT_MET and "Either way the target is decided." in decided.explain("en")


def test_a_target_that_does_not_resolve_after_an_assessed_one_is_left_out_without_shifting_the_others():
    """The inheritance check numbers every target, assessed ones too: a bad one after an assessed one stands in
    for itself, not for its neighbour (which then still weakens its parent: I301)."""
    parent = parse(PARENT + "chỉ tiêu II.3: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 60% hằng năm\n", source="p.plan")
    child = parse(CHILD.format(who="bkhcn", period="hằng năm")
                  + "chỉ tiêu II.4: không_có tối thiểu 5\nchỉ tiêu II.5: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 50% hằng năm\n",
                  source="c.plan")
    found = check_inheritance(Library((parent, child), ("p.plan", "c.plan")), prelude())
    assert [(d.code, d.span.line) for d in found] == [("I301", 8)]


@pytest.mark.parametrize("result, valid", [("Không Đạt", True), ("dat", True), ("NOT MET", True), ("tốt", False),
                                           ("không", False)])
def test_the_json_schema_takes_the_results_the_reader_takes(result, valid):
    jsonschema = pytest.importorskip("jsonschema")
    from test_facts_schema import read_toml

    from planrules.facts.json_schema import facts_schema

    document = read_toml(TOML.replace("Không Đạt", result))
    errors = list(jsonschema.Draft202012Validator(facts_schema()).iter_errors(document))
    assert (errors == []) is valid
    if valid:
        loads_facts(TOML.replace("Không Đạt", result), "f.toml", vocabulary=RULES.vocabulary)
