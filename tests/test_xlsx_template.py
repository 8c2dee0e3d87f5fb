"""The facts template (reports/xlsx_template.py): the sheets the plan reads, headers the reader maps back, lists."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

import planrules
from planrules.facts.layout import Layout
from planrules.facts.loader import load_facts
from planrules.facts.xlsx_facts import GUIDE_SHEET, HEADER_ROW, LISTS_SHEET
from planrules.reports.xlsx_template import needed_tables, template_xlsx

ROOT = Path(__file__).resolve().parents[1]
# every bundled plan with facts to fill in: a vocabulary file (the prelude) has no date and no units
PLANS = [p for p in sorted((ROOT / "plans").rglob("*.plan"))
         if not (plan := planrules.load(p)).is_vocabulary and plan.date is not None]


@pytest.fixture(scope="module")
def library():
    return planrules.load_dir(ROOT / "plans")


@pytest.fixture(scope="module")
def vu_duong(library):
    return planrules.compile(planrules.load(ROOT / "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"), library)


def _book(rules, lang: str = "vi"):
    return openpyxl.load_workbook(io.BytesIO(template_xlsx(rules, lang)))


def test_a_sheet_per_table_the_plan_reads_with_its_names_in_row_2(vu_duong, tmp_path):
    book = _book(vu_duong)
    tables = needed_tables(vu_duong)
    assert book.sheetnames == [GUIDE_SHEET, LISTS_SHEET, *(t.name for t in tables)]
    assert {"hội_nghị", "counts", "values", "deliveries", "events", "units"} <= {t.name for t in tables}
    for table in tables:
        sheet = book[table.name]
        assert [c.value for c in sheet[HEADER_ROW]] == list(table.names)
        assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
    assert [c.value for c in book["hội_nghị"][1]] == ["Đơn vị", "Mã bản ghi", "Ngày tổ chức", "Loại hội nghị",
                                                      "Tổ chức trực tuyến", "Thời gian họp"]
    path = tmp_path / "empty.xlsx"
    book.save(path)
    assert load_facts(path).units == ()  # an empty template reads as no facts, and no error


def test_drop_down_lists_for_units_categories_and_yes_no(vu_duong):
    book = _book(vu_duong)
    sheet = book["hội_nghị"]
    lists = book[LISTS_SHEET]
    by_column = {str(v.sqref).split(":")[0][0]: v for v in sheet.data_validations.dataValidation}
    assert set(by_column) == {"A", "D", "E"}  # unit, loại (a category), trực_tuyến (yes/no)

    def entries(validation) -> list[tuple]:
        where = validation.formula1.split("!")[1].replace("$", "")
        first, last = where.split(":")
        column = openpyxl.utils.column_index_from_string(first.rstrip("0123456789"))
        return [(lists.cell(row=r, column=column).value, lists.cell(row=r, column=column + 1).value or None)
                for r in range(int(first.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")), int(last.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) + 1)]

    units = entries(by_column["A"])
    assert ("vp_hđnd_ubnd", "Văn phòng HĐND - UBND xã") in units and all(n != "các_đơn_vị" for n, _ in units)
    assert entries(by_column["D"]) == [("quán_triệt", "Hội nghị quán triệt, triển khai"),
                                        ("chuyên_môn", "Hội nghị chuyên môn"),
                                        ("quan_trọng", "Hội nghị quan trọng cần thảo luận sâu")]
    assert entries(by_column["E"]) == [("có", None), ("không", None)]
    assert by_column["D"].errorStyle == "stop" and by_column["A"].errorStyle == "warning"
    assert "quán_triệt = Hội nghị quán triệt, triển khai" in by_column["D"].prompt
    assert sheet["C3"].number_format == "DD/MM/YYYY" and sheet["A3"].number_format == "@"


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name)
def test_every_plans_template_reads_back(path, library, tmp_path):
    """Every bundled plan gets a template whose sheets the reader takes: no unknown sheet, no bad header."""
    plan = planrules.load(path)
    rules = planrules.compile(plan, library)
    workbook = tmp_path / "t.xlsx"
    workbook.write_bytes(template_xlsx(rules))
    assert load_facts(workbook, vocabulary=rules.vocabulary).units == ()
    assert {t.name for t in needed_tables(rules)} <= set(Layout.of(rules.vocabulary).names)
