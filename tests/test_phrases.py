"""The reports' words (`reports.phrases`) in Vietnamese: no English word of the catalogues in a Vietnamese report.

Issue 20 point 6: a report for people speaks the plan's language. A word a Vietnamese report did not take from
the plan, its facts or its scenarios must come from the Vietnamese side of a catalogue; an English word of the
catalogues that turns up (a sentence left in English: "3 of 5 … records in 2026 meet …") is a regression this
test catches, on every scenario of the real plans, in text, Markdown and the web page, and on what `planrules
test`, `calendar` and `tree` print in Vietnamese. A word the Vietnamese catalogues quote (a key such as `pending`
or `deadline`, which a Vietnamese message names as the file writes it) cannot be told apart, and is not checked.
"""

from __future__ import annotations

import html
import importlib
import io
import re
from functools import cache

import pytest
from conftest import PLANS, ROOT

from planrules.reports.render import render
from planrules.tooling import scenarios
from planrules.tooling.cli import run

_WORD = re.compile(r"(?<![\w/.\-@#])[A-Za-z]{3,}(?![\w/.\-@#])")
_PACKAGES = ("base", "language", "facts", "evaluation", "checks", "reports", "tooling", "documents")


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(re.sub(r"\{[^}]*\}", " ", text))}


@cache
def english_only() -> frozenset[str]:
    """The ASCII words of the catalogues' English texts that their Vietnamese texts do not use, nor the texts the
    plans quote (labels, contents, clauses: a plan may quote "can", a Vietnamese word), which reports show."""
    english: set[str] = set()
    vietnamese: set[str] = set()
    for package in _PACKAGES:
        for en, vi in importlib.import_module(f"planrules.{package}.messages").MESSAGES.values():
            english |= _words(en)
            vietnamese |= _words(vi)
    quoted: set[str] = set()
    for path in (*PLANS.rglob("*.plan"), *(ROOT / "tests/fixtures/scenarios").rglob("*.plan")):
        for text in re.findall(r'"([^"\n]*)"', path.read_text(encoding="utf-8")):
            quoted |= _words(text)
    return frozenset(english - vietnamese - quoted)


def english_in(text: str) -> list[str]:
    return sorted({w for w in _WORD.findall(text) if w.lower() in english_only()})


def test_the_list_holds_the_english_a_report_would_leak():
    """The words the list is made of are the ones a regression would show (else the test below proves nothing)."""
    assert len(english_only()) > 500
    assert {"records", "meet", "source", "line", "joint", "late", "delivered", "passed", "failed", "actual", "why",
            "partial", "complete", "summary", "total", "reformatted"} <= english_only()
    assert english_in("3 of 5 hội_nghị records in 2026 meet trực_tuyến") == ["meet", "records"]
    assert english_in("3/5 bản ghi Hội nghị, cuộc họp năm 2026 thỏa mãn Tổ chức trực tuyến") == []


@cache
def _reports():
    """The report of every scenario of the real plans, each once."""
    result = scenarios.run([PLANS])
    assert result.files and not result.errors
    return list({id(o.report): o.report for o in result.outcomes if o.report is not None}.values())


@pytest.mark.parametrize("format", ["text", "md", "html"])
def test_no_english_word_in_a_vietnamese_report_of_any_scenario(format):
    reports = _reports()
    assert len(reports) >= 10
    for report in reports:
        shown = render(report, format, "vi")
        if format == "html":  # what the page shows: its text, not its markup, style, script or data- attributes
            shown = html.unescape(re.sub(r"(?s)<script>.*?</script>|<style>.*?</style>|<[^>]*>", " ", shown))
        assert english_in(shown) == [], (report.plan, report.as_of, format)


@pytest.mark.parametrize("argv", [
    ["test", "tests/fixtures/scenarios/broken"],
    ["test", "plans", "--coverage"],
    ["calendar", "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan", "--library", "plans"],
    ["calendar", "plans/quoc-gia/bo-noi-vu/cuc-van-thu-luu-tru/kh-10-du.plan", "--library", "plans", "--facts",
     "examples/cuc-van-thu-luu-tru/facts.toml", "--late", "--as-of", "2026-11-30"],
    ["tree", "plans"],
], ids=lambda a: " ".join(a[:2]))
def test_no_english_word_in_what_a_vietnamese_run_prints(argv, monkeypatch):
    """With the Vietnamese plans and no --lang (nor $PLANRULES_LANG), and with --lang vi: all of it in Vietnamese."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("PLANRULES_LANG", raising=False)
    for lang in ([], ["--lang", "vi"]):
        out, err = io.StringIO(), io.StringIO()
        run([*argv, *lang], out, err)
        assert out.getvalue() and english_in(out.getvalue() + err.getvalue()) == [], (argv, lang)
