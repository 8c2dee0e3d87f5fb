"""Joint leads (issue 16, point 4): a task with several leads states whether its deliverable is one
product they answer together (`chung` / `jointly`, the default) or owed by each (`mỗi đơn vị` / `each`).

The language (keywords, model, printer, the error after a single lead); evaluation, reports and the
lint have their own sections below.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planrules import PlanSyntaxError, parse
from planrules.language import model as m
from planrules.language.printer import format as format_plan
from planrules.strategies.plan_models import tasks

# ------------------------------------------------------------- language --

UNITS = 'kế hoạch: "1/KH"\nđơn vị a: "A"\nđơn vị b: "B"\n'


def _task(lead_line: str) -> m.Task:
    return parse(UNITS + f"nhiệm vụ TT 1 {{\n    {lead_line}\n    thời hạn: trước ngày 15/05/2026\n}}\n").tasks[0]


@pytest.mark.parametrize("line, mode", [
    ("chủ trì: a, b chung", m.LeadMode.JOINT),
    ("chu tri: a, b CHUNG", m.LeadMode.JOINT),
    ("lead: a, b jointly", m.LeadMode.JOINT),
    ("chủ trì: a, b mỗi đơn vị", m.LeadMode.EACH),
    ("chủ trì: a, b moi  don vi", m.LeadMode.EACH),
    ("lead: a, b Each", m.LeadMode.EACH),
    ("chủ trì: a, b", None),
])
def test_the_word_after_several_leads_is_read_in_every_spelling(line, mode):
    task = _task(line)
    assert task.leads == ("a", "b")
    assert task.lead_mode is mode
    assert task.joint is (mode is not m.LeadMode.EACH)


def test_several_lead_lines_add_up_and_the_word_is_said_once():
    task = _task("chủ trì: a\n    chủ trì: b chung")
    assert (task.leads, task.lead_mode, task.joint) == (("a", "b"), m.LeadMode.JOINT, True)


def test_a_single_lead_is_never_joint():
    assert _task("chủ trì: a").joint is False


@pytest.mark.parametrize("line, word, key", [
    ("chủ trì: a chung", "chung", "several leads"),
    ("lead: a each", "each", "several leads"),
    ("chủ trì: a chung\n    chủ trì: b mỗi đơn vị", "mỗi đơn vị", "contradicts chung"),
])
def test_the_word_where_it_means_nothing_or_contradicts_is_a_located_error(line, word, key):
    with pytest.raises(PlanSyntaxError) as raised:
        _task(line)
    (found,) = raised.value.diagnostics
    assert found.code == "E101"
    assert key in found.message.text("en")
    line_no = 5 + line.count("\n")
    assert (found.span.line, found.span.column) == (line_no, found.line_text.index(word) + 1)
    assert found.message.text("vi") != found.message.text("en")


@pytest.mark.parametrize("lang, joint, each", [("vi", "chung", "mỗi đơn vị"), ("en", "jointly", "each")])
def test_the_formatter_prints_the_word_back_in_the_plan_language(lang, joint, each):
    plan = parse(UNITS + "nhiệm vụ TT 1 { chủ trì: a, b chung }\nnhiệm vụ TT 2 { chủ trì: a, b mỗi đơn vị }\n"
                 "nhiệm vụ TT 3 { chủ trì: a, b }\n")
    text = format_plan(plan, lang)
    assert f": a, b {joint}\n" in text and f": a, b {each}\n" in text
    assert text.count(f": a, b\n") == 1  # unsaid stays unsaid
    assert parse(text) == plan


@settings(max_examples=150, deadline=None)
@given(st.lists(tasks(), min_size=1, max_size=3))
def test_tasks_with_or_without_the_word_round_trip(drawn):
    plan = m.Plan(number="1/KH", body=tuple(drawn))
    for lang in ("vi", "en"):
        assert parse(format_plan(plan, lang)) == plan


# ----------------------------------------------------------- evaluation --

import datetime as dt  # noqa: E402

import attrs  # noqa: E402

import planrules  # noqa: E402
from planrules.evaluation.verdicts import Status  # noqa: E402
from planrules.facts import model as f  # noqa: E402
from planrules.reports import data as report_data  # noqa: E402
from planrules.reports.render import render  # noqa: E402

LEADS = ("vhxh", "vp", "hcc")
# the deadlines drawn: one occurrence, monthly, quarterly after an event, ongoing, after an event, N days after one
DEADLINES = ("trước ngày 15/09/2026", "trước ngày 10 hằng tháng", "quý IV 2026 khi chỉ_đạo",
             "thường xuyên", "sau khi chỉ_đạo", "trong vòng 10 ngày làm việc sau khi chỉ_đạo")


def joint_plan(deadline: str, mode: str = "", leads: tuple[str, ...] = ("vhxh", "vp")) -> str:
    """A plan of one task led by `leads`, with `mode` ("chung", "mỗi đơn vị" or "") and one deadline."""
    return (
        'kế hoạch: "12/KH-UBND"\nngày ban hành: 10/06/2026\n'
        + "".join(f'đơn vị {u}: "{u.upper()}"\n' for u in LEADS)
        + 'sự kiện chỉ_đạo: "có chỉ đạo của tỉnh"\n'
        + f"nhiệm vụ TT 1 {{\n    chủ trì: {', '.join(leads)} {mode}\n    thời hạn: {deadline}\n}}\n"
    )


def rules_of(text: str):
    return planrules.compile(parse(text, source="chung.plan"))


def facts_of(deliveries: dict[str, list[dt.date]], events=()) -> f.Facts:
    """Facts where each unit of `deliveries` handed in TT 1 on each of its dates; `events` are (unit, date)."""
    units = tuple(f.UnitFacts(u, deliveries=tuple(f.Delivery("TT 1", d) for d in days))
                  for u, days in deliveries.items())
    return f.Facts(units, tuple(f.Happened("chỉ_đạo", d, u) for u, d in events))


def judged(report):
    """What a deadline's verdicts decide, whoever delivered: period, status and dates."""
    return [(v.rule, v.period, v.status, v.due, v.last_day, v.delivered) for v in report.verdicts]


def test_one_delivery_by_either_lead_answers_a_joint_deliverable_once():
    rules = rules_of(joint_plan("trước ngày 15/09/2026", "chung"))
    report = rules.evaluate(facts_of({"vhxh": [], "vp": [dt.date(2026, 9, 10)]}), dt.date(2026, 9, 30))
    (v,) = report.verdicts  # one verdict, not one per lead
    assert (v.unit, v.status, v.delivered, v.leads, v.answered_by) == (
        "vhxh", Status.MET, dt.date(2026, 9, 10), ("vhxh", "vp"), ("vp",))
    assert v.explain().startswith("Joint deliverable of vhxh + vp: a delivery by any of them answers it; "
                                  "answered by vp. Delivered 10/09/2026")
    assert v.explain("vi").startswith("Sản phẩm chung của vhxh + vp: một đơn vị nộp là đủ cho cả các đơn vị; "
                                      "do vp nộp.")
    assert report.totals()[Status.MET] == 1 and sum(report.totals().values()) == 1
    assert rules.gaps(facts_of({"vhxh": [], "vp": [dt.date(2026, 9, 10)]})) == []  # a lead's: no F215


def test_a_joint_deliverable_missing_is_one_failure_and_the_default_for_several_leads():
    for mode in ("chung", ""):
        report = rules_of(joint_plan("trước ngày 15/09/2026", mode)).evaluate(
            facts_of({"vp": [], "vhxh": []}), dt.date(2026, 9, 30))
        assert [(v.unit, v.status) for v in report.verdicts] == [("vhxh", Status.NOT_MET)]
        assert report.totals()[Status.NOT_MET] == 1


def test_owed_by_each_judges_every_lead_on_its_own_deliveries():
    report = rules_of(joint_plan("trước ngày 15/09/2026", "mỗi đơn vị")).evaluate(
        facts_of({"vhxh": [], "vp": [dt.date(2026, 9, 10)]}), dt.date(2026, 9, 30))
    assert [(v.unit, v.status, v.leads) for v in report.verdicts] == [
        ("vhxh", Status.NOT_MET, ()), ("vp", Status.MET, ())]


def test_the_earliest_delivery_counts_and_a_tie_names_both():
    rules = rules_of(joint_plan("trước ngày 15/09/2026"))
    (late_and_early,) = rules.evaluate(facts_of({"vhxh": [dt.date(2026, 9, 20)], "vp": [dt.date(2026, 9, 1)]}),
                                       dt.date(2026, 9, 30)).verdicts
    assert (late_and_early.status, late_and_early.delivered, late_and_early.answered_by) == (
        Status.MET, dt.date(2026, 9, 1), ("vp",))
    (tie,) = rules.evaluate(facts_of({"vhxh": [dt.date(2026, 9, 1)], "vp": [dt.date(2026, 9, 1)]}),
                            dt.date(2026, 9, 30)).verdicts
    assert tie.answered_by == ("vhxh", "vp") and "answered by vhxh, vp." in tie.explain()


def test_a_lead_without_facts_makes_a_missing_or_late_joint_deliverable_unknown():
    rules = rules_of(joint_plan("trước ngày 15/09/2026"))
    as_of = dt.date(2026, 9, 30)
    (missing,) = rules.evaluate(facts_of({"vp": []}), as_of).verdicts
    assert (missing.unit, missing.status) == ("vp", Status.UNKNOWN)  # listed under the lead that reported
    assert missing.explain().endswith("No facts reported for vhxh, which leads it jointly: a delivery of theirs "
                                      "would answer it, so it is unknown, not missing or late.")
    (late,) = rules.evaluate(facts_of({"vp": [dt.date(2026, 9, 20)]}), as_of).verdicts
    assert (late.status, late.delivered, late.answered_by) == (Status.UNKNOWN, dt.date(2026, 9, 20), ("vp",))
    (met,) = rules.evaluate(facts_of({"vp": [dt.date(2026, 9, 1)]}), as_of).verdicts
    assert met.status is Status.MET  # a delivery on time answers it, whoever is absent
    (nothing,) = rules.evaluate(f.Facts(), as_of).verdicts
    assert (nothing.unit, nothing.status) == ("vhxh", Status.UNKNOWN)
    assert nothing.explain().startswith("No facts reported for any of vhxh + vp, who lead it jointly")


def test_a_report_of_one_lead_lists_the_joint_deliverable_under_it():
    rules = rules_of(joint_plan("trước ngày 15/09/2026"))
    report = rules.evaluate(facts_of({"vhxh": [], "vp": [dt.date(2026, 9, 10)]}), dt.date(2026, 9, 30), units=["vp"])
    assert [(v.unit, v.status, v.answered_by) for v in report.verdicts] == [("vp", Status.MET, ("vp",))]


def test_a_group_as_a_lead_keeps_every_member_owing_its_own():
    text = joint_plan("trước ngày 15/09/2026", "chung", leads=("vhxh", "các_phòng")).replace(
        'sự kiện', 'nhóm các_phòng: "Các phòng" = vp, hcc\nsự kiện')
    report = rules_of(text).evaluate(facts_of({"vhxh": [], "vp": [dt.date(2026, 9, 10)], "hcc": []}),
                                     dt.date(2026, 9, 30))
    assert [(v.unit, v.status, v.leads) for v in report.verdicts] == [
        ("vhxh", Status.NOT_MET, ()), ("vp", Status.MET, ()), ("hcc", Status.NOT_MET, ())]


def test_reports_name_every_lead_once_and_read_them_back():
    rules = rules_of(joint_plan("trước ngày 15/09/2026"))
    report = rules.evaluate(facts_of({"vhxh": [], "vp": [dt.date(2026, 9, 10)]}), dt.date(2026, 9, 30))
    assert "[met] TT 1 · once · VHXH + VP (joint)\n" in render(report, "text", "en")  # by their labels
    assert "VHXH + VP (chung)" in render(report, "text", "vi")
    assert "| TT 1 · VHXH + VP (joint) | — |" in render(report, "md", "en")  # a deadline the plan gave no words
    for write, read in ((report_data.to_json, report_data.from_json), (report_data.to_toml, report_data.from_toml)):
        text = write(report)
        assert read(text) == report
    (written,) = report_data.report_to_dict(report)["verdicts"]
    assert (written["leads"], written["answered_by"]) == (["vhxh", "vp"], ["vp"])


# ------------------------------------------------------------ properties --

DAYS = st.dates(dt.date(2026, 6, 10), dt.date(2027, 3, 31))


@st.composite
def joint_cases(draw, mode: str = ""):
    """A task of two or three leads with one deadline, each lead's deliveries, the events, and a day."""
    leads = draw(st.sampled_from([("vhxh", "vp"), ("vp", "vhxh", "hcc")]))
    deadline = draw(st.sampled_from(DEADLINES))
    rules = rules_of(joint_plan(deadline, mode, leads))
    deliveries = {u: draw(st.lists(DAYS, max_size=3)) for u in leads}
    events = draw(st.lists(st.tuples(st.sampled_from([None, *leads]), DAYS), max_size=2, unique_by=lambda e: e[1]))
    return rules, leads, deliveries, events, draw(st.dates(dt.date(2026, 6, 10), dt.date(2027, 6, 30)))


@settings(max_examples=200, deadline=None)
@given(joint_cases(), st.data())
def test_who_delivers_and_in_what_order_does_not_matter_only_the_earliest_date(case, data):
    """A joint deliverable judged with deliveries from leads L is judged alike with all of them moved to any one lead."""
    rules, leads, deliveries, events, as_of = case
    spread = rules.evaluate(facts_of(deliveries, events), as_of)
    to = data.draw(st.sampled_from(leads))
    everything = [d for days in deliveries.values() for d in days]
    moved = {u: (data.draw(st.permutations(everything)) if u == to else []) for u in leads}
    together = rules.evaluate(facts_of(moved, events), as_of)
    assert judged(spread) == judged(together)
    assert {v.unit for v in spread.verdicts} <= {leads[0]}  # listed once, under the first lead
    for v in spread.verdicts:  # who answered: the leads whose own delivery is the one that counted
        assert v.leads == leads
        assert set(v.answered_by) <= {u for u, days in deliveries.items() if v.delivered in days}
        assert bool(v.answered_by) is (v.delivered is not None)


@settings(max_examples=150, deadline=None)
@given(joint_cases("mỗi đơn vị"))
def test_owed_by_each_is_every_lead_judged_alone(case):
    """With `mỗi đơn vị` each lead's verdicts are those of the same task led by it alone, on its own facts."""
    rules, leads, deliveries, events, as_of = case
    report = rules.evaluate(facts_of(deliveries, events), as_of)
    deadline = next(iter(rules.deadline_rules)).deadline
    for lead in leads:
        alone = planrules.compile(attrs.evolve(rules.plan, body=tuple(
            attrs.evolve(s, leads=(lead,), lead_mode=None) if isinstance(s, m.Task) else s for s in rules.plan.body)))
        assert alone.deadline_rules[0].deadline == deadline
        own = alone.evaluate(facts_of({lead: deliveries[lead]}, [(u, d) for u, d in events if u in (None, lead)]),
                             as_of)
        assert report.of_unit(lead) == own.verdicts


def test_export_names_the_leads_of_a_joint_deliverable_only():
    from planrules.reports.export import ruleset_to_dict

    for mode, joint in (("chung", ["vhxh", "vp"]), ("", ["vhxh", "vp"]), ("mỗi đơn vị", None)):
        (deadline,) = ruleset_to_dict(rules_of(joint_plan("trước ngày 15/09/2026", mode)))["deadlines"]
        assert deadline.get("joint") == joint and deadline["binds"] == ["vhxh", "vp"]


# ----------------------------------------------------------------- lint --

from planrules.checks.lint import lint  # noqa: E402


@pytest.mark.parametrize("leads, mode, said", [
    ("vhxh, vp", "", "judged jointly, as the task does not say (chung or mỗi đơn vị): one delivery by any of them "
                     "answers it"),
    ("vhxh, vp", "chung", "judged jointly: one delivery by any of them answers it"),
    ("vhxh, vp", "mỗi đơn vị", "owed by each: every lead is judged on its own"),
    ("vhxh, các_phòng", "chung", "owed by each: các_phòng binds each of its members on its own, so no two units "
                                 "share the deliverable"),
])
def test_l401_states_how_several_leads_are_judged(leads, mode, said):
    text = joint_plan("trước ngày 15/09/2026", mode, tuple(leads.split(", "))).replace(
        'sự kiện', 'nhóm các_phòng: "Các phòng" = vp, hcc\nsự kiện')
    (found,) = [d for d in lint(parse(text, source="t.plan")) if d.code == "L401"]
    assert found.message.text("en").endswith("(một việc - một đầu mối); " + said)
    assert found.message.text("vi") != found.message.text("en")
