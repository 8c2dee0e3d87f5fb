"""The web page report (`reports.html`): self-contained, escaped, in the plan's words, and working in Chromium.

The page is read back with the standard library's HTML parser (what is text,
what is an element, what is an attribute), and loaded in Debian's headless
Chromium (the `browser` fixture of conftest: skipped without it, failed
without it under PLANRULES_REQUIRE_BROWSER=1, as .ci/run sets) to check that
it runs with no console error and that its filters show what they say.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st
from test_report import MORE, SAMPLE, reports

from planrules.evaluation.verdicts import ClauseText, Explanation, Status, restatements
from planrules.reports.html import to_html
from planrules.reports.phrases import clean, explain
from planrules.reports.render import render
from planrules.tooling.cli import run

VU_DUONG = ROOT / "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"
VU_FACTS = ROOT / "examples/vu-duong/facts.toml"
HOSTILE = "<script>window.pwned=1</script>\"'><img src=x onerror=\"window.pwned=2\">&amp;"


class Page(HTMLParser):
    """An HTML page read back: its elements (tag, attributes), its text, and the content of each script."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs_):
        self.elements.append((tag, dict(attrs_)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)

    @property
    def words(self) -> str:
        return "\n".join(self.text)

    def with_class(self, tag: str, cls: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.elements if t == tag and cls in (a.get("class") or "").split()]


def eval_html(*extra: str, plan: Path = VU_DUONG) -> str:
    """The page `eval` writes, run from the repository with its paths as a user types them (plans/…), so that
    the places it shows, and docs/report-page.png, name no folder of the machine that ran it."""
    out, err = io.StringIO(), io.StringIO()
    shown = plan.relative_to(ROOT) if plan.is_relative_to(ROOT) else plan
    with contextlib.chdir(ROOT):
        code = run(["eval", str(shown), "--library", "plans", "--facts", str(VU_FACTS.relative_to(ROOT)),
                    "--as-of", "2026-11-30", "--format", "html", *extra], out, err)
    assert code == 0, err.getvalue()
    return out.getvalue()


def assert_self_contained(text: str) -> None:
    """No resource from anywhere: no URL, no element that loads one, no attribute naming one."""
    assert not re.search(r"(?i)\b(?:https?|ftp|file|data|javascript):", text)
    assert "//" not in re.sub(r"(?s)<script>.*?</script>", "", text).replace("<!DOCTYPE html>", "")
    assert "@import" not in text and "url(" not in text
    page = Page(text)
    loading = {"link", "img", "iframe", "object", "embed", "audio", "video", "source", "base", "form", "a"}
    assert [t for t, _ in page.elements if t in loading] == []
    assert [(t, k) for t, a in page.elements for k in a if k in ("src", "href", "action", "srcset")
            or k.startswith("on")] == []


# ----------------------------------------------------------- the page --


@pytest.fixture(scope="module")
def vu_duong_vi() -> str:
    return eval_html("--lang", "vi")


def test_the_page_is_self_contained(vu_duong_vi):
    assert_self_contained(vu_duong_vi)
    assert_self_contained(eval_html())


def test_the_page_speaks_the_report_language(vu_duong_vi):
    english = eval_html("--lang", "en")
    assert '<html lang="vi">' in vu_duong_vi and '<html lang="en">' in english
    vi, en = Page(vu_duong_vi).words, Page(english).words
    assert "Báo cáo thực hiện kế hoạch 104/KH-UBND, tính đến ngày 30/11/2026" in vi
    assert "Report on plan 104/KH-UBND, as of 30/11/2026" in en
    assert "chưa đến hạn (đúng tiến độ)" in vi and "pending (on track)" in en
    assert "≈66,67% ≥ 60%" in vi and "≈66.67% ≥ 60%" in en  # the decimal comma in Vietnamese


def test_the_header_says_once_that_the_parents_are_not_in_the_library(vu_duong_vi):
    """The parents left out (138/QĐ-UBND, 226-KL/TW) are named in one line of the header, that says both what
    the other reports say (their targets are not evaluated) and what only the page needs (nothing is quoted)."""
    for page, said in ((vu_duong_vi, "Không đánh giá, không trích dẫn: chỉ tiêu và nội dung của kế hoạch cấp trên "
                                     "138/QĐ-UBND, 226-KL/TW, không có trong thư viện."),
                       (eval_html("--lang", "en"), "Not evaluated, nor quoted: the targets and text of parent "
                                                   "plan(s) 138/QĐ-UBND, 226-KL/TW, which are not in the library.")):
        (header,) = re.findall(r"(?s)<header>.*?</header>", page)
        lines = [t.strip() for t in Page(header).text if t.strip()]
        assert [line for line in lines if "226-KL/TW" in line and "138/QĐ-UBND" in line] == [said]
        assert sum("thư viện" in line or "library" in line for line in lines) == 1


def test_the_page_shows_the_plans_labels_and_keeps_identifiers_as_data(vu_duong_vi):
    page = Page(vu_duong_vi)
    # a violation names the place of its record in the facts ("units.vp_hđnd_ubnd.records.hội_nghị[3]"): left out
    words = Page(re.sub(r'(?s)<ul class="violations">.*?</ul>', "", vu_duong_vi)).words
    for label in ("Văn phòng HĐND - UBND xã", "Phòng Văn hóa - Xã hội", "Trung tâm phục vụ hành chính công",
                  "Tỷ lệ hội nghị trực tuyến trên tổng số hội nghị", "Mức giảm số lượng hội nghị so với năm trước"):
        assert label in words
    for identifier in ("vp_hđnd_ubnd", "phòng_vhxh", "trung_tâm_phục_vụ_hcc", "tỷ_lệ_hội_nghị_trực_tuyến",
                       "I.2-1#1", "TT 1@1"):
        assert identifier not in words
    sections = page.with_class("section", "unit")
    assert [s["data-unit"] for s in sections] == ["vp_hđnd_ubnd", "phòng_vhxh", "trung_tâm_phục_vụ_hcc"]
    verdicts = page.with_class("article", "verdict")
    assert {v["data-status"] for v in verdicts} == {s.value for s in Status} and len(verdicts) == 45
    assert {"I.2-1#1, II.4-3#2, TT 3#2", "TT 1@1"} <= {v["data-rule"] for v in verdicts}
    assert {v["data-metric"] for v in verdicts if "data-metric" in v} >= {"tỷ_lệ_hội_nghị_trực_tuyến"}
    joint = [json.loads(v["data-units"]) for v in verdicts if len(json.loads(v["data-units"])) > 1]
    assert {"trung_tâm_phục_vụ_hcc", "vp_hđnd_ubnd"} in [set(units) for units in joint]
    assert all(set(units) <= {"trung_tâm_phục_vụ_hcc", "vp_hđnd_ubnd", "phòng_vhxh"} for units in joint)


def test_each_verdict_has_its_explanation_and_its_clauses_text_beside_it(vu_duong_vi):
    words = Page(vu_duong_vi).words
    # the record kind and the field in the vocabulary's words (`bản ghi hội_nghị "Hội nghị, cuộc họp"`)
    assert "6/9 bản ghi Hội nghị, cuộc họp năm 2026 thỏa mãn Tổ chức trực tuyến" in words
    assert "hội_nghị năm" not in words and "thỏa mãn trực_tuyến" not in words
    # TT 2's own row (line 152 of the source) and where it is, beside its verdict
    assert "Thực hiện cắt giảm tối thiểu 15% số lượng văn bản hành chính ban hành so với năm trước" in words
    assert "nguồn 104/KH-UBND, dòng 152" in words  # the seed document by its plan's number, not its file's name
    block = vu_duong_vi[vu_duong_vi.index('data-rule="TT 2#1"'):]
    block = block[:block.index("</article>")]
    assert "<aside class=\"source\">" in block and "cắt giảm tối thiểu 15%" in block.split("<aside")[1]
    assert "12,5%, cần ≥ 15%" in block.split("<aside")[0]


def test_the_summary_counts_per_unit_as_the_report_does(vu_duong_vi):
    page = Page(vu_duong_vi)
    rows = [a["data-unit"] for t, a in page.elements if t == "tr" and "data-unit" in a]
    assert rows == ["vp_hđnd_ubnd", "phòng_vhxh", "trung_tâm_phục_vụ_hcc"]
    cells = re.findall(r'<tr data-unit="vp_hđnd_ubnd"><td>[^<]*</td>((?:<td class="n">\d+</td>)+)', vu_duong_vi)
    assert re.findall(r"\d+", cells[0]) == ["2", "2", "9", "0", "1", "14"]  # as README's summary


def test_hostile_plan_and_facts_text_shows_as_text(tmp_path):
    """A label, a clause and a record id of `<script>` and an attribute-breaking quote are shown, never obeyed."""
    plan = VU_DUONG.read_text(encoding="utf-8")
    hostile = HOSTILE.replace('"', '\\"')
    plan = plan.replace('"Văn phòng HĐND - UBND xã"', f'"{hostile}"')
    plan = plan.replace("Thực hiện cắt giảm tối thiểu 15%", f"{hostile} cắt giảm tối thiểu 15%")
    assert plan.count(hostile) >= 2
    (tmp_path / "hostile.plan").write_text(plan, encoding="utf-8")
    text = eval_html("--lang", "vi", plan=tmp_path / "hostile.plan")
    assert_self_contained(text)
    page = Page(text)
    assert len(page.scripts) == 1 and "pwned" not in page.scripts[0]
    assert HOSTILE in page.words  # the words themselves, as text
    assert [t for t, _ in page.elements].count("img") == 0


def test_hostile_report_fields_are_escaped_everywhere():
    v = attrs.evolve(SAMPLE.verdicts[0], unit=HOSTILE, rule=HOSTILE, metric=HOSTILE, clause=HOSTILE,
                     leads=(HOSTILE, "b"), explanation=(Explanation.of("test_words", text=HOSTILE),))
    report = attrs.evolve(SAMPLE, verdicts=(v, *SAMPLE.verdicts[1:]), units=(HOSTILE, *SAMPLE.units), title=HOSTILE,
                          labels=((HOSTILE, HOSTILE),), metric_labels=((HOSTILE, HOSTILE),),
                          clause_texts=(ClauseText(HOSTILE, HOSTILE, HOSTILE, HOSTILE),), plan=HOSTILE)
    text = to_html(report, "en")
    page = Page(text)
    assert len(page.scripts) == 1 and "pwned" not in page.scripts[0]
    assert [t for t, _ in page.elements].count("img") == 0
    article = page.with_class("article", "verdict")[0]
    assert article["data-unit"] == HOSTILE and json.loads(article["data-units"]) == [HOSTILE, "b"]
    assert page.words.count(HOSTILE) >= 5


def test_the_page_renders_every_kind_through_render():
    for lang in ("en", "vi"):
        assert render(MORE, "html", lang) == to_html(MORE, lang)
    with pytest.raises(ValueError, match="not roll-ups"):
        render(SAMPLE, "html", units=False)


def test_html_with_group_by_is_a_usage_error():
    out, err = io.StringIO(), io.StringIO()
    code = run(["eval", str(VU_DUONG), "--facts", str(VU_FACTS), "--as-of", "2026-11-30", "--format", "html",
                "--group-by", "tỉnh"], out, err)  # in the Vietnamese plan's language
    assert code == 2 and "không trình bày phần tổng hợp" in err.getvalue() and out.getvalue() == ""


@settings(max_examples=60)
@given(reports, st.sampled_from(["en", "vi"]))
def test_any_report_makes_a_page_whose_text_is_the_reports(report, lang):
    """Whatever the report holds, the page has one script (its own), an article per measure, and each
    explanation as text (escaped on the way in, read back the same; no unit labels, which it would show for
    the units an explanation names)."""
    report = attrs.evolve(report, labels=())
    text = to_html(report, lang)
    assert_self_contained_loosely(text)
    page = Page(text)
    assert len(page.scripts) == 1
    groups = [g for unit in dict.fromkeys((*report.units, *(v.unit for v in report.verdicts)))
              for g in restatements([v for v in report.verdicts if v.unit == unit])]
    articles = page.with_class("article", "verdict")
    assert len(articles) == len(groups)
    for article, group in zip(articles, groups):
        assert article["data-status"] == group[0].status.value and article["data-unit"] == clean(group[0].unit)
    words = page.words.replace("\r\n", "\n").replace("\r", "\n")
    for group in groups:
        said = clean(explain(group[0], lang)).replace("\r\n", "\n").replace("\r", "\n")
        assert said in words


def assert_self_contained_loosely(text: str) -> None:
    """What drawn reports can be held to: their words may spell a URL, but as text only, never as a resource."""
    page = Page(text)
    assert [(t, k) for t, a in page.elements for k in a if k in ("src", "href", "action", "srcset")
            or k.startswith("on")] == []
    assert {t for t, _ in page.elements} <= {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2",
                                              "p", "main", "table", "thead", "tbody", "tr", "th", "td", "div",
                                              "label", "select", "option", "span", "section", "article", "aside",
                                              "strong", "blockquote", "ul", "li", "script"}


# ------------------------------------------------------------ Chromium --


def _visible(browser) -> list[dict]:
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('article.verdict')).filter(a => a.offsetParent !== null)"
        ".map(a => ({status: a.dataset.status, units: JSON.parse(a.dataset.units)}));")


def _choose(browser, select: str, value: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", select)).select_by_value(value)


def test_in_chromium_the_page_renders_without_error_and_its_filters_work(browser, vu_duong_vi, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(vu_duong_vi, encoding="utf-8")
    browser.get(page.as_uri())
    assert browser.title.startswith("Báo cáo thực hiện kế hoạch 104/KH-UBND")
    everything = _visible(browser)
    assert len(everything) == 45
    assert browser.find_element("id", "shown-count").text == "45"

    _choose(browser, "filter-status", "not_met")
    shown = _visible(browser)
    assert len(shown) == 2 and {v["status"] for v in shown} == {"not_met"}
    assert browser.find_element("id", "shown-count").text == "2"

    _choose(browser, "filter-status", "")
    _choose(browser, "filter-unit", "phòng_vhxh")
    shown = _visible(browser)
    expected = [v for v in everything if "phòng_vhxh" in v["units"]]
    assert len(shown) == len(expected) == 21 and all("phòng_vhxh" in v["units"] for v in shown)
    sections = browser.execute_script(
        "return Array.from(document.querySelectorAll('section.unit')).filter(s => s.offsetParent !== null)"
        ".map(s => s.dataset.unit);")
    assert sections == ["phòng_vhxh"]

    _choose(browser, "filter-unit", "vp_hđnd_ubnd")  # the joint deliverables listed under the other lead too
    shown = _visible(browser)
    assert len(shown) > 14 - 1 and all("vp_hđnd_ubnd" in v["units"] for v in shown)
    _choose(browser, "filter-status", "pending")
    assert {v["status"] for v in _visible(browser)} == {"pending"}

    errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert errors == []


def test_in_chromium_hostile_text_does_not_run(browser, tmp_path):
    v = attrs.evolve(SAMPLE.verdicts[0], unit=HOSTILE, explanation=(Explanation.of("test_words", text=HOSTILE),))
    report = attrs.evolve(SAMPLE, verdicts=(v, *SAMPLE.verdicts[1:]), labels=((HOSTILE, HOSTILE),),
                          clause_texts=(ClauseText(v.clause, HOSTILE),))
    page = tmp_path / "hostile.html"
    page.write_text(to_html(report, "vi"), encoding="utf-8")
    browser.get(page.as_uri())
    assert browser.execute_script("return window.pwned === undefined;")
    assert HOSTILE in browser.find_element("tag name", "main").text
    browser.execute_script(  # (Selenium's Select builds a CSS selector of the value, which this one breaks)
        "const s = document.getElementById('filter-unit'); s.value = arguments[0];"
        "s.dispatchEvent(new Event('change'));", HOSTILE)
    assert [v["units"] for v in _visible(browser)] == [[HOSTILE]]
    assert [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "ERROR")] == []


SCREENSHOT = ROOT / "docs" / "report-page.png"


def test_in_chromium_the_docs_screenshot_is_the_page_as_it_renders(browser, vu_duong_vi, tmp_path):
    """docs/report-page.png is this page in this browser: the test takes the screenshot again (1200 pixels
    wide, the top of the page) and checks the committed one has its width, and that both show a rendered
    page: a blank or an error page compresses to a few kilobytes, this page's text, badges and boxes to far
    more. PLANRULES_UPDATE_SCREENSHOT=1 writes the new one over docs/report-page.png (docs/reports.md)."""
    import os
    import struct

    page = tmp_path / "report.html"
    page.write_text(vu_duong_vi, encoding="utf-8")
    browser.set_window_size(1200, 1400)
    browser.get(page.as_uri())
    shot = browser.get_screenshot_as_png()

    def size(png: bytes) -> tuple[int, int]:
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        return struct.unpack(">II", png[16:24])

    if os.environ.get("PLANRULES_UPDATE_SCREENSHOT") == "1":
        SCREENSHOT.write_bytes(shot)
    committed = SCREENSHOT.read_bytes()
    assert size(shot)[0] == size(committed)[0] == 1200
    assert len(shot) > 50_000 and len(committed) > 50_000
    assert browser.execute_script("return document.title;").startswith("Báo cáo thực hiện kế hoạch 104/KH-UBND")
    assert str(ROOT) not in vu_duong_vi  # the places it shows are the repository's, not this machine's folders
