"""Golden tests of the second directive: Nghị quyết 03/NQ-CP (plans/quoc-gia/chinh-phu/).

The plan is loaded with `planrules.load` and pinned: identity, the programme's sections, the
140 rows of Phụ lục II (lead, collaborators, result, deadline) and the targets of Phụ lục I.
The traceability tests read the source text stored beside the plan (nq-03-cp.txt) and check
that every `@` reference points at lines that say what the clause says, and every threshold
is written there (save the approximations the plan marks with TODO(issue 18)).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from fractions import Fraction
from pathlib import Path

import pytest

import planrules
from planrules.language import model as m
from planrules.language import printer

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "plans" / "quoc-gia" / "chinh-phu"
PLAN = FOLDER / "nq-03-cp.plan"
TEXT = FOLDER / "nq-03-cp.txt"


@pytest.fixture(scope="module")
def nq() -> m.Plan:
    return planrules.load(PLAN)


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return TEXT.read_text(encoding="utf-8").split("\n")


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"\*+", "", text)
    text = re.sub(r"(?m)^\s*#+\s*", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", _normal(text).casefold())


def _cited(ref: m.SourceRef, lines: list[str]) -> str:
    assert ref.document is None
    assert 1 <= ref.first <= ref.last <= len(lines), ref
    assert lines[ref.first - 1].strip() and lines[ref.last - 1].strip(), ref
    return _normal(" ".join(lines[ref.first - 1 : ref.last]))


def appendix_rows(plan: m.Plan) -> list[m.Task]:
    return [t for t in plan.tasks if t.address.appendix == "II" and t.address.row is not None]


# ------------------------------------------------------------ identity --


def test_identity(nq):
    assert nq.number == "03/NQ-CP"
    assert (nq.place, nq.date) == ("Hà Nội", dt.date(2025, 1, 9))
    assert (nq.signer, nq.signer_title) == ("Nguyễn Hòa Bình", "KT. THỦ TƯỚNG - PHÓ THỦ TƯỚNG")
    assert len(nq.recipients) == 15
    assert nq.issuer == "Chính phủ"
    assert nq.source_text == "nq-03-cp.txt"
    assert nq.parents == ("57-NQ/TW",)
    assert [b.number for b in nq.bases][-1] == "57-NQ/TW"


def test_the_source_text_is_nfc():
    text = TEXT.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text


# ------------------------------------------------------------ structure --


def test_appendix_ii_has_its_140_rows_in_order(nq):
    rows = appendix_rows(nq)
    assert [str(t.address) for t in rows] == [f"Phụ lục II TT {n}" for n in range(1, 141)]


def test_appendix_ii_rows_carry_lead_result_and_deadline(nq):
    rows = appendix_rows(nq)
    assert all(t.leads for t in rows)
    assert sum(1 for t in rows if t.deliverable) == 131
    assert sum(1 for t in rows if t.deadlines) == 139
    first = rows[0]
    assert first.leads == ("bộ_tt_tt",)
    assert first.collaborators == ("ban_tuyên_giáo", "các_bộ_ngành_địa_phương", "vtv", "vov", "ttxvn")
    assert first.deliverable == "Quyết định của Thủ tướng Chính phủ"
    assert first.deadlines == (m.InMonth(year=2025, month=6),)
    row108 = nq.find_task("Phụ lục II TT 108")
    assert len(row108.leads) == 8 and row108.collaborators == ()


def test_programme_sections(nq):
    sections = [str(s.address) for s in nq.body if isinstance(s, m.Section) and s.address.appendix is None]
    assert sections == ["I", "II", *(f"II.{n}" for n in range(1, 8)), "III"]
    assert [str(t.address) for t in nq.tasks if t.address.appendix is None] == [f"III.{n}" for n in range(1, 7)]


def test_appendix_i_target_lines(nq):
    """56 lines of Phụ lục I, each a target: 4 results in words assessed by their ministry, 52 measured
    (rows 4 and 5 as two each: South-East Asia and the world; row 17 as two: at least 3%, and rising each
    year); 4 ranges."""
    targets = [t for t in nq.targets if t.address.appendix == "I"]
    assessed = [t for t in targets if isinstance(t, m.AssessedTarget)]
    assert [str(t.address) for t in assessed] == ["Phụ lục I TT 1", "Phụ lục I TT 2", "Phụ lục I TT 3", "Phụ lục I TT 23"]
    assert [t.assessors for t in assessed] == [("bộ_kh_cn",)] * 3 + [("bộ_tt_tt",)]
    assert all(t.assessors == t.monitored_by for t in assessed)  # "Cơ quan chủ trì theo dõi, đánh giá"
    assert len({str(t.address) for t in targets}) == 56
    assert len(targets) == 59
    tt17 = [t for t in targets if str(t.address) == "Phụ lục I TT 17"]
    assert [t.metric for t in tt17] == [m.MetricName("chỉ_tiêu_tt_17"), m.Growth(m.MetricName("chỉ_tiêu_tt_17"))]
    assert (tt17[1].comparator, tt17[1].threshold) == (m.Comparator.MORE_THAN, m.Quantity(0, m.QuantityUnit.POINTS))
    ranges = [str(t.address) for t in targets if getattr(t, "upper", None) is not None]
    assert ranges == ["Phụ lục I TT 19", "Phụ lục I TT 21", "Phụ lục I TT 22", "Phụ lục I TT 41"]
    assert all(t.monitored_by for t in targets)
    assert {t.scope.names for t in targets} == {("chính_phủ",)}
    assert not [p for p in nq.paragraphs if p.address.appendix == "I"]


# ------------------------------------------------------------ traceability --


def _clauses(plan: m.Plan):
    for s in plan.body:
        if isinstance(s, m.Task):
            yield f"task {s.address}", s.content, s.source
            if s.deliverable is not None:
                yield f"deliverable of {s.address}", s.deliverable, s.source
        elif isinstance(s, m.Paragraph):
            yield f"paragraph {s.address}", s.text, s.source
        elif isinstance(s, m.Section):
            yield f"section {s.address}", s.title, s.source
        elif isinstance(s, (m.Unit, m.Event)):
            yield f"{type(s).__name__} {s.name}", s.label, s.source
        elif isinstance(s, m.Basis):
            yield f"basis {s.number}", s.description, s.source
        elif isinstance(s, m.AssessedTarget):
            yield f"assessed target {s.address}", s.text, s.source


def test_copied_text_is_exact(nq, lines):
    """Every copied text occurs verbatim in its cited lines, or word for word in order where a row was joined."""
    count = 0
    for what, text, ref in _clauses(nq):
        assert ref is not None, what
        count += 1
        cited = _cited(ref, lines)
        if _normal(text) in cited:
            continue
        table_row = lines[ref.first - 1].startswith("|")
        assert ref.last > ref.first or table_row, f"{what}: {text!r} not found verbatim at {ref}"
        it = iter(_words(cited))
        assert all(word in it for word in _words(text)), f"{what}: {text!r} not at {ref}"
    assert count > 400


def _forms(v: Fraction) -> set[str]:
    """How the text writes a threshold: 5, 05, 0,7, 20% (the % is not needed: the unit column)."""
    if v.denominator == 1:
        return {str(v.numerator), f"{v.numerator:02d}"}
    return {printer.number(v, "vi")}


def test_thresholds_occur_in_cited_lines(nq, lines):
    """Every target's threshold, and a range's upper end, is written in the line it cites."""
    for t in nq.targets:
        if isinstance(t, m.AssessedTarget):
            continue  # no threshold: its text is checked with the copied texts
        cited = _cited(t.source, lines)
        for q in (t.threshold, t.upper):
            if q is None:
                continue
            if q == m.Quantity(0, m.QuantityUnit.POINTS) and isinstance(t.metric, m.Growth):
                assert "tăng dần" in cited  # "rising" written as a growth above 0 points: no number to cite
                continue
            assert any(re.search(rf"(?<![\d,.]){re.escape(f)}(?![\d,])", cited) for f in _forms(q.value)), (
                f"{t.address}: {q} not at {t.source}")


def test_todo_tally():
    """The TODO(issue 18) lines docs/language.md counts; update both when a construct lands."""
    todos = [line for line in PLAN.read_text(encoding="utf-8").splitlines() if "TODO(issue 18):" in line]
    assert len(todos) == TODO_COUNT


TODO_COUNT = 0
