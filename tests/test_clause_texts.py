"""The words of the clauses rules come from (`evaluation.clause_texts`): kept in the rule set, the parents' too,
carried by reports, and shown beside every verdict on the web page and in the calendar.

The property draws a parent plan and a child plan in source text — targets written bare, at an address
with a paragraph of words, at an address with none, or inside a task with or without a content and a
deadline — so the words each verdict must be shown beside are known from the text drawn, not from the
code under test; it evaluates the child and reads its web page back with an HTML parser.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import attrs
import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st
from test_html import Page

from planrules import parse
from planrules.evaluation.agenda import agenda
from planrules.evaluation.clause_texts import index, text_of
from planrules.evaluation.compiler import compile
from planrules.evaluation.verdicts import ClauseText
from planrules.facts import model as f
from planrules.language.library import Library
from planrules.language.printer import q
from planrules.pipeline import Pipeline
from planrules.reports import data as R
from planrules.reports.agenda import agenda_to_ics, agenda_to_text
from planrules.reports.html import to_html
from planrules.tooling.cache import Cache
from planrules.tooling.cli import run

PLANS = ROOT / "plans"
CUC = PLANS / "quoc-gia/bo-noi-vu/cuc-van-thu-luu-tru/kh-10-du.plan"
CUC_FACTS = ROOT / "examples/cuc-van-thu-luu-tru/facts.toml"
PARENT, CHILD, ABSENT = "1/KH-P", "2/KH-C", "9/KH-X"
UNITS = 'đơn vị u1: "Đơn vị 1"\nđơn vị u2: "Đơn vị 2"\n'
METRICS = ("tỷ_lệ_hội_nghị_trực_tuyến", "tỷ_lệ_văn_bản_điện_tử", "tỷ_lệ_số_hóa_văn_bản", "tỷ_lệ_hồ_sơ_trực_tuyến",
           "tỷ_lệ_đào_tạo_kỹ_năng_số", "giảm_hội_nghị", "số_hội_nghị", "số_văn_bản_hành_chính")
WORDS = ("Thực hiện", "cắt giảm", "tối thiểu", "15%", "hội nghị", "trực tuyến", "văn bản", "điện tử", "<b>", "&amp;",
         '"', "'", "TT 3", "báo cáo", "534/QĐ-TTg")
words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)
FORMS = ("bare", "paragraph", "address", "task", "task_deadline", "task_no_content")


@st.composite
def clauses(draw, metrics: list[str], roman: str) -> tuple[str, list[tuple[str, str, str, str | None]]]:
    """`.plan` text of targets on `metrics`, each in a drawn form, and what each must be quoted as: (metric, its
    clause's address, the target's words, the words of its task's deadline, or None)."""
    text, expected = "", []
    for i, metric in enumerate(metrics, 1):
        form = draw(st.sampled_from(FORMS))
        body = f"{metric} tối thiểu {draw(st.integers(1, 99))}{'%' if metric.startswith(('tỷ', 'giảm')) else ''}" \
               " hằng năm"
        said = draw(words)
        if form == "bare":
            text += f"chỉ tiêu: {body}\n"
            expected.append((metric, "", f"chỉ tiêu: {body}", None))
        elif form == "paragraph":
            text += f"đoạn {roman}.{i}: {q(said)}\nchỉ tiêu {roman}.{i}: {body}\n"
            expected.append((metric, f"{roman}.{i}", said, None))
        elif form == "address":  # an address the plan gives no words at: the target as written
            text += f"chỉ tiêu {roman}.{i}: {body}\n"
            expected.append((metric, f"{roman}.{i}", f"chỉ tiêu: {body}", None))
        else:
            content = f"    nội dung: {q(said)}\n" if form != "task_no_content" else ""
            deadline = "    thời hạn: hằng năm\n" if form != "task" else ""
            text += f"nhiệm vụ {roman}.{i} {{\n{content}{deadline}    chỉ tiêu: {body}\n}}\n"
            quoted = said if form != "task_no_content" else f"chỉ tiêu: {body}"
            expected.append((metric, f"{roman}.{i}", quoted,
                             (said if form != "task_no_content" else "thời hạn: hằng năm") if deadline else None))
    return text, expected


@st.composite
def families(draw):
    """A parent and its child, on distinct metrics (no target restated: every parent target is inherited), the
    child naming a second parent the library lacks, or not."""
    metrics = draw(st.permutations(METRICS))
    mine, theirs = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    parent_body, parent_expected = draw(clauses(list(metrics[:theirs]), "I"))
    child_body, child_expected = draw(clauses(list(metrics[theirs:theirs + mine]), "II"))
    absent = draw(st.booleans())
    parents = f'"{PARENT}", "{ABSENT}"' if absent else f'"{PARENT}"'
    parent = f'kế hoạch: "{PARENT}"\nngày ban hành: 01/02/2026\n{UNITS}{parent_body}'
    child = f'kế hoạch: "{CHILD}"\nngày ban hành: 01/03/2026\ncấp trên: {parents}\n{UNITS}{child_body}'
    return parent, child, parent_expected, child_expected, absent


def _family_rules(parent: str, child: str):
    plans = (parse(parent, source="p.plan"), parse(child, source="c.plan"))
    return compile(plans[1], Library(plans, ("p.plan", "c.plan")))


def _asides(text: str) -> list[tuple[str, str]]:
    """Each verdict's article on the page: (its data-rule, the HTML of its `aside`)."""
    return [(m.group(1), m.group(2)) for m in re.finditer(
        r'<article class="verdict"[^>]* data-rule="([^"]*)"[^>]*>.*?<aside class="source">(.*?)</aside>', text, re.S)]


@settings(max_examples=40, deadline=None)
@given(families(), st.sampled_from(["en", "vi"]))
def test_every_clause_a_verdict_cites_is_quoted_beside_it_on_the_page(family, lang):
    parent, child, parent_expected, child_expected, absent = family
    rules = _family_rules(parent, child)
    report = rules.evaluate(f.Facts(units=(f.UnitFacts("u1"), f.UnitFacts("u2"))), dt.date(2026, 12, 31))
    targets = {m: (said, PARENT) for m, _, said, _ in parent_expected}
    targets |= {m: (said, None) for m, _, said, _ in child_expected}
    deadlines = {address: said for _, address, _, said in child_expected if said is not None}
    inherited = {m for m, _, _, _ in parent_expected}
    assert {v.inherited_from for v in report.verdicts if v.metric in inherited} == {PARENT}
    assert {v.metric for v in report.verdicts} >= inherited  # every parent target is inherited, and judged
    page = to_html(report, lang)
    asides = _asides(page)
    assert len(asides) == len(report.verdicts)  # (one article per verdict: nothing is restated in these plans)
    for v, (rule, aside) in zip(sorted(report.verdicts, key=_on_page(report)), asides):
        assert rule == v.rule
        quoted = Page(aside)
        shown = [t.strip() for t in quoted.text if t.strip()]
        said, parent_of = targets[v.metric] if v.metric is not None else (deadlines[v.clause], None)
        assert said.strip() in shown, (v.rule, said, shown)
        marked = [a for t, a in quoted.elements if t == "div" and a.get("class") == "parent"]
        assert len(marked) == (parent_of is not None)
        if parent_of is not None:
            assert (f"In parent plan {PARENT}:" if lang == "en" else f"Trong kế hoạch cấp trên {PARENT}:") in shown
    assert (ABSENT in Page(page).words) == absent  # a parent the library lacks: named as having no text shown
    assert R.from_json(R.to_json(report)).clause_texts == report.clause_texts


def _on_page(report):
    """The order the page lists verdicts in: by unit (the report's), then as the report has them."""
    units = {u: i for i, u in enumerate(dict.fromkeys((*report.units, *(v.unit for v in report.verdicts))))}
    order = {id(v): i for i, v in enumerate(report.verdicts)}
    return lambda v: (units[v.unit], order[id(v)])


# ------------------------------------------------------------ the rule set --


def test_the_rule_set_keeps_the_parents_clauses_with_their_places():
    rules = Pipeline(library=PLANS).rules(CUC)
    texts = index(rules.clauses)
    online = texts["534/QĐ-TTg:#3"]
    assert online == ClauseText("534/QĐ-TTg:#3", "chỉ tiêu: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 95% hằng năm",
                                "534/QĐ-TTg", str(PLANS / "quoc-gia/qd-534-ttg.plan"), 29, online.source)
    assert str(online.source) == "002_fd3af5f17558bdc9.txt:31"
    own = texts["II.5-1"]
    assert own.inherited_from is None and own.text.startswith("Đảm bảo 100% văn bản trao đổi")
    assert (own.file, own.line) == (str(CUC), 147)
    inherited = [r for r in rules.metric_rules if r.clause.inherited_from]
    assert inherited and all(text_of(texts, r.clause.rule, r.clause.cited).inherited_from == "534/QĐ-TTg"
                             for r in inherited)
    assert all(text_of(texts, r.clause.rule, r.clause.cited) is not None
               for r in (*rules.metric_rules, *rules.deadline_rules))


def test_a_parent_target_at_an_address_of_words_is_quoted_from_the_parent_not_the_child():
    """The parent's I.1 and the child's I.1 are two clauses: each verdict is quoted from its own plan."""
    parent = f'kế hoạch: "{PARENT}"\nngày ban hành: 01/02/2026\n{UNITS}đoạn I.1: "Lời của cấp trên"\n' \
             "chỉ tiêu I.1: tỷ_lệ_văn_bản_điện_tử tối thiểu 90% hằng năm\n"
    child = f'kế hoạch: "{CHILD}"\nngày ban hành: 01/03/2026\ncấp trên: "{PARENT}"\n{UNITS}' \
            'đoạn I.1: "Lời của cấp dưới"\nchỉ tiêu I.1: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 90% hằng năm\n'
    report = _family_rules(parent, child).evaluate(f.Facts(units=(f.UnitFacts("u1"),)), dt.date(2026, 12, 31))
    texts = index(report.clause_texts)
    said = {v.clause: text_of(texts, v.rule, v.clause) for v in report.verdicts}
    assert said["I.1"].text == "Lời của cấp dưới" and said["I.1"].inherited_from is None
    assert said[f"{PARENT}:I.1"].text == "Lời của cấp trên" and said[f"{PARENT}:I.1"].inherited_from == PARENT
    assert (said[f"{PARENT}:I.1"].file, said[f"{PARENT}:I.1"].line) == ("p.plan", 5)


def test_the_compile_cache_keeps_the_texts(tmp_path):
    """Parents read back from the compile cache give the same texts, places and all, as parsed afresh."""
    fresh = Pipeline(library=PLANS).rules(CUC).clauses
    with Cache(tmp_path / "cache") as cache:
        assert Pipeline(library=PLANS, cache=cache).rules(CUC).clauses == fresh
    with Cache(tmp_path / "cache") as cache:
        again = Pipeline(library=PLANS, cache=cache).rules(CUC).clauses
        assert cache.stats.hits >= 2 and cache.stats.misses == 0  # the plan and its parent, from the cache
    assert again == fresh and any(t.inherited_from == "534/QĐ-TTg" for t in again)


# ------------------------------------------------------------ the reports --


def test_the_cuc_page_quotes_qd_534_beside_the_verdicts_it_inherits():
    out, err = io.StringIO(), io.StringIO()
    code = run(["eval", str(CUC), "--library", str(PLANS), "--facts", str(CUC_FACTS), "--as-of", "2026-11-30",
                "--format", "html", "--lang", "vi"], out, err)
    assert code == 0, err.getvalue()
    inherited = [(rule, aside) for rule, aside in _asides(out.getvalue()) if "534/QĐ-TTg:#3" in rule]
    assert inherited
    for _, aside in inherited:
        shown = [t.strip() for t in Page(aside).text if t.strip()]
        assert shown[:3] == ["534/QĐ-TTg", "Trong kế hoạch cấp trên 534/QĐ-TTg:",
                             "chỉ tiêu: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 95% hằng năm"]
    words = Page(out.getvalue()).words
    assert ("Không đánh giá, không trích dẫn: chỉ tiêu và nội dung của kế hoạch cấp trên 226-KL/TW, không có "
            "trong thư viện.") in words


def test_a_page_without_a_clauses_text_says_so():
    rules = Pipeline(library=PLANS).rules(CUC)
    facts = f.Facts(units=(f.UnitFacts("chi_bộ_văn_phòng"),))
    report = rules.evaluate(facts, dt.date(2026, 11, 30))
    bare = attrs.evolve(report, clause_texts=())
    page = to_html(bare, "en")
    asides = _asides(page)
    assert asides and all("No text of this clause in the report." in aside for _, aside in asides)
    gone = attrs.evolve(report, clause_texts=(), missing_parents=("534/QĐ-TTg",))
    inherited = [aside for rule, aside in _asides(to_html(gone, "en")) if "534/QĐ-TTg:" in rule]
    assert inherited and all("No text: parent plan 534/QĐ-TTg is not in the library." in a for a in inherited)


def test_the_json_block_of_docs_evaluation_is_the_cuc_report():
    doc = (ROOT / "docs/evaluation.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```json clause_texts\n(.*?)```", doc, re.S)
    documented = json.loads(block)
    written = _cuc_json()
    assert [c for c in written if c["clause"] in {d["clause"] for d in documented}] == documented


def _cuc_json() -> list[dict]:
    import os

    here = os.getcwd()
    os.chdir(ROOT)
    try:
        out, err = io.StringIO(), io.StringIO()
        code = run(["eval", "plans/quoc-gia/bo-noi-vu/cuc-van-thu-luu-tru/kh-10-du.plan", "--library", "plans",
                    "--facts", "examples/cuc-van-thu-luu-tru/facts.toml", "--as-of", "2026-11-30", "--format",
                    "json"], out, err)
    finally:
        os.chdir(here)
    assert code == 0, err.getvalue()
    return json.loads(out.getvalue())["clause_texts"]


# ------------------------------------------------------------ the calendar --


CALENDAR = """kế hoạch: "21/KH-UBND"
ngày ban hành: 01/10/2026
đơn vị vp: "Văn phòng UBND"

nhiệm vụ TT 1 {
    nội dung: "Báo cáo tình hình thực hiện kế hoạch"
    chủ trì: vp
    thời hạn: đến ngày 20/10/2026
}

nhiệm vụ TT 2 {
    chủ trì: vp
    thời hạn: đến ngày 21/10/2026
}
"""


def test_the_calendar_quotes_each_deadlines_clause_in_text_and_ics():
    icalendar = pytest.importorskip("icalendar")
    rules = compile(parse(CALENDAR, source="lich.plan"))
    owed = agenda(rules, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert [t.text for t in owed.clauses] == ["Báo cáo tình hình thực hiện kế hoạch", "thời hạn: đến ngày 21/10/2026"]
    text = agenda_to_text(owed, rules.calendar, "vi")
    assert "    Báo cáo tình hình thực hiện kế hoạch\n" in text and "    thời hạn: đến ngày 21/10/2026\n" in text
    events = icalendar.Calendar.from_ical(agenda_to_ics(owed, rules.calendar, "vi")).walk("VEVENT")
    described = [str(e["DESCRIPTION"]).split("\n")[0] for e in events]
    assert described == ["Báo cáo tình hình thực hiện kế hoạch", "thời hạn: đến ngày 21/10/2026"]
    assert [str(e["SUMMARY"]).split(" — ")[0] for e in events] == ["TT 1: Báo cáo tình hình thực hiện kế hoạch",
                                                                  "TT 2"]
