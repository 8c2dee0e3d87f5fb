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
