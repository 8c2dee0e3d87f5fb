"""The report as a workbook (reports/xlsx_report.py) and `eval --format xlsx -o FILE`."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

import planrules
from planrules.evaluation.verdicts import Status, restatements
from planrules.pipeline import Pipeline
from planrules.reports.xlsx_report import RESULTS_SHEET, SUMMARY_SHEET, to_xlsx
from planrules.tooling.cli import run

ROOT = Path(__file__).resolve().parents[1]
VU_DUONG = ROOT / "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"
VU_FACTS = ROOT / "examples/vu-duong/facts.toml"
CUC = ROOT / "plans/quoc-gia/bo-noi-vu/cuc-van-thu-luu-tru/kh-10-du.plan"
CUC_FACTS = ROOT / "examples/cuc-van-thu-luu-tru/facts.toml"


@pytest.fixture(scope="module")
def evaluation():
    rules = planrules.compile(planrules.load(VU_DUONG), planrules.load_dir(ROOT / "plans"))
    pipeline = Pipeline()
    return pipeline.evaluate(pipeline.fit(rules, VU_FACTS), dt.date(2026, 11, 30))


def _rows(data: bytes, sheet: str) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [[c.value for c in row] for row in book[sheet].iter_rows()]


def test_one_row_per_verdict_in_the_plans_words(evaluation):
    """Each distinct measure or deadline is one row, in the unit order of the report, with the unit's label, the
    status and the explanation in the report's language, and the unit's name and rule ids for programs."""
    report = evaluation.report
    rows = _rows(to_xlsx(report, "vi"), RESULTS_SHEET)
    assert rows[0][:5] == ["Đơn vị", "Mục", "Nội dung đánh giá", "Kỳ", "Kết quả"]
    groups = [g for unit in report.units for g in restatements(report.of_unit(unit))]
    assert len(rows) - 1 == len(groups)
    labels = dict(report.labels)
    for row, group in zip(rows[1:], groups):
        v = group[0]
        assert row[0] == labels.get(v.unit, v.unit) and row[8] == v.unit
        assert row[4].startswith(v.status.label("vi"))
        assert row[9] == ", ".join(x.rule for x in group) if v.clause else row[9] == v.rule
    cut = next(row for row in rows if row[9] == "TT 2#1")
    assert cut[0] == "Văn phòng HĐND - UBND xã" and cut[4] == "không đạt"
    assert cut[5] == "12,5%" and cut[6] == "≥ 15%" and "giảm 12,5%" in cut[7]


def test_the_summary_counts_each_unit_by_status(evaluation):
    report = evaluation.report
    rows = _rows(to_xlsx(report, "en"), SUMMARY_SHEET)
    assert rows[0] == ["Unit", *(s.label("en") for s in Status), "total", "Unit (name)"]
    summary = report.summary()
    assert [r[-1] for r in rows[1:-1]] == list(summary)
    for row, counts in zip(rows[1:-1], summary.values()):
        assert row[1:-2] == [counts[s] for s in Status] and row[-2] == sum(counts.values())
    assert rows[-1][0] == "Total" and rows[-1][-2] == sum(sum(c.values()) for c in summary.values())


def test_the_summary_is_the_rollup_with_group_by(tmp_path):
    """`--group-by`: the "Tổng hợp" sheet holds each group's aggregates; --format xlsx writes only with -o."""
    path = tmp_path / "r.xlsx"
    argv = ["eval", str(CUC), "--library", str(ROOT / "plans"), "--facts", str(CUC_FACTS), "--as-of", "2026-11-30",
            "--group-by", "các_chi_bộ", "--format", "xlsx", "--lang", "vi"]
    out, err = io.StringIO(), io.StringIO()
    assert run(argv, out, err) == 2 and out.getvalue() == "" and "--output TỆP.xlsx" in err.getvalue()  # --lang vi
    assert run([*argv, "-o", str(path)], io.StringIO(), io.StringIO()) == 0
    rows = _rows(path.read_bytes(), SUMMARY_SHEET)
    assert rows[0][:2] == ["Nhóm", "Tổng hợp theo"]
    assert len(rows) > 1 and {r[1] for r in rows[1:]} == {"các_chi_bộ"}
    assert all(r[5] for r in rows[1:])  # a status on every aggregate



def test_an_xlsx_output_is_the_workbook_and_nothing_is_printed(tmp_path):
    """--output FILE.xlsx alone writes the workbook (as --format xlsx does); another --format with it is refused."""
    path = tmp_path / "r.xlsx"
    argv = ["eval", str(VU_DUONG), "--library", str(ROOT / "plans"), "--facts", str(VU_FACTS), "--as-of",
            "2026-11-30", "--output", str(path), "--lang", "en"]
    out = io.StringIO()
    assert run(argv, out, io.StringIO()) == 0 and out.getvalue() == ""
    assert _rows(path.read_bytes(), RESULTS_SHEET)[0][0] == "Unit"
    err = io.StringIO()
    assert run([*argv, "--format", "md"], io.StringIO(), err) == 2 and "--format xlsx" in err.getvalue()
