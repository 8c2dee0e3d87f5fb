"""Facts from workbooks (facts/xlsx_facts.py): the same facts as CSV, Excel's own types, problems at cells, limits.

The backbone is a property: facts drawn by `planrules.strategies.valid_facts` for the Vũ Dương plan, written into
the plan's template (`reports.xlsx_template`) with Excel's own types and as CSV tables, read back as the same facts
and evaluated to the same report.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from attrs import evolve
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import planrules
from planrules.base.diagnostics import FactsError
from planrules.facts import xlsx_facts
from planrules.facts.layout import Layout
from planrules.facts.loader import load_facts, read_facts
from planrules.language import model as m
from planrules.pipeline import Pipeline
from planrules.reports.data import report_to_dict
from planrules.reports.xlsx_template import template_xlsx
from planrules.strategies import valid_facts

ROOT = Path(__file__).resolve().parents[1]
VU_DUONG = ROOT / "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"
AS_OF = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def rules():
    return planrules.compile(planrules.load(VU_DUONG), planrules.load_dir(ROOT / "plans"))


# ------------------------------------------------------------ writing --


def _decimal_text(value: Fraction) -> str:
    """`value` as CSV writes an exact number: its finite decimal, else a fraction."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return f"{exact:f}" if Fraction(exact) == value else f"{value.numerator}/{value.denominator}"


def _float_of(value: Fraction) -> float | None:
    """`value` as a float whose shortest representation is exactly it (what Excel stores), else None."""
    number = float(value)
    return number if Fraction(Decimal(repr(number))) == value else None


def _tables(rules, facts) -> dict[str, list[dict]]:
    """`facts` as rows of the layout's tables, with native values (dates, bools, Fractions, text)."""
    vocabulary = rules.vocabulary
    out: dict[str, list[dict]] = {}
    for unit in facts.units:
        if unit.member_of:
            out.setdefault("units", []).append({"unit": unit.name, "member_of": "; ".join(unit.member_of)})
        for record in unit.records:
            row = {"unit": unit.name, **({"id": record.id} if record.id is not None else {}), **dict(record.values)}
            out.setdefault(record.kind, []).append(row)
        for count in unit.counts:
            out.setdefault("counts", []).append(
                {"unit": unit.name, "kind": count.kind, "year": count.year, "count": count.count, **dict(count.where)})
        for value in unit.values:
            row = {"unit": unit.name, "metric": value.metric, "year": value.year, "value": value.value}
            if vocabulary.figure_unit(value.metric) == "%":
                row["value"], row["measured_in"] = value.value * 100, "%"
            out.setdefault("values", []).append(row)
        for a in unit.assessments:
            out.setdefault("assessments", []).append(
                {"unit": unit.name, "target": a.target, "year": a.year, "result": "đạt" if a.met else "không đạt",
                 "assessor": a.assessor, "date": a.date})
    for event in facts.events:
        out.setdefault("events", []).append(
            {"event": event.event, "date": event.date, **({"unit": event.unit} if event.unit else {})})
    return out


def _csv_cell(value) -> str:
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Fraction):
        return _decimal_text(value)
    return str(value)


def write_csv(folder: Path, rules, tables: dict[str, list[dict]]) -> None:
    """The rows as CSV tables, their columns in the layout's order (the template's: a record's fields in one order)."""
    folder.mkdir()
    layout = Layout.of(rules.vocabulary)
    for table, rows in tables.items():
        given = set(k for row in rows for k in row)
        columns = [c for c in layout.table(table).names if c in given]
        columns += sorted(given - set(columns))
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_cell(row[c]) if c in row else "" for c in columns])
        (folder / f"{table}.csv").write_text(out.getvalue(), encoding="utf-8")


def _percent(rules, table: str, column: str) -> bool:
    decl = rules.vocabulary.field(table, column) if table in rules.vocabulary.kinds else None
    return decl is not None and decl.type is m.FieldType.PERCENT


def write_xlsx(path: Path, rules, tables: dict[str, list[dict]], rnd) -> None:
    """The rows in the plan's template, each value as a person typing it into Excel would leave it."""
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx(rules)))
    for table, rows in tables.items():
        name = xlsx_facts.sheet_name(table)
        if name not in book.sheetnames:  # a table the plan does not read: a sheet of its own
            sheet = book.create_sheet(name)
            sheet.append([f"Cột {c}" for c in Layout.of(rules.vocabulary).table(table).names])
            sheet.append(list(Layout.of(rules.vocabulary).table(table).names))
        sheet = book[name]
        header = [c.value for c in sheet[xlsx_facts.HEADER_ROW]]
        for number, row in enumerate(rows, start=xlsx_facts.HEADER_ROW + 1):
            for key, value in row.items():
                if key not in header:  # a condition column the template has not
                    header.append(key)
                    sheet.cell(row=xlsx_facts.HEADER_ROW, column=len(header), value=key)
                cell = sheet.cell(row=number, column=header.index(key) + 1)
                cell.value, shown = _typed(value, _percent(rules, table, key), rnd)
                if shown is not None:
                    cell.number_format = shown
    # the sheets in the order a folder's CSV files are read (by name), so that each unit's facts come in one order
    tables_first = sorted((s for s in book.worksheets if s.title not in xlsx_facts.NOTE_SHEETS),
                          key=lambda s: s.title + ".csv")
    for index, sheet in enumerate(tables_first, start=len(xlsx_facts.NOTE_SHEETS)):
        book.move_sheet(sheet, index - book.worksheets.index(sheet))
    book.save(path)


def _typed(value, percent: bool, rnd) -> tuple[object, str | None]:
    """(what Excel stores, the number format it shows it in) for one value: real dates, yes/no, numbers."""
    if isinstance(value, bool):
        return rnd.choice([value, "có" if value else "không"]), None
    if isinstance(value, dt.date):
        return rnd.choice([dt.datetime(value.year, value.month, value.day), value.strftime("%d/%m/%Y")]), "DD/MM/YYYY"
    if isinstance(value, Fraction):
        number = _float_of(value)
        if percent:  # typed 45,5 in a percentage cell: Excel stores 0.455 and shows 45.5%
            return (number, "0.00%") if number is not None else (f"{_decimal_text(value * 100)}%", None)
        if number is not None and rnd.random() < 0.8:
            return number, None
        return _decimal_text(value), None
    if isinstance(value, int):
        return rnd.choice([value, float(value), str(value)]), None
    return value, None


_ORIGIN = re.compile(r"[^\s\"'(]+\.(?:csv|xlsx)(?::[^\s:!\"']+)?(?::\d+|!\w+\d+)?")


def comparable(report) -> str:
    """The report as data with every place in a facts file said alike: a CSV line, a sheet's row."""
    return _ORIGIN.sub("FILE", json.dumps(report_to_dict(report), default=str, ensure_ascii=False, sort_keys=True))


_XLSX_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what a workbook cannot hold (openpyxl refuses it)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_a_workbook_and_csv_tables_of_the_same_facts_give_the_same_report(rules, tmp_path_factory, data):
    """Facts drawn for the plan, written into its template with Excel's types and as CSV: same facts, same report."""
    import random

    facts = data.draw(valid_facts(rules, years=(2025, 2026), period=False))
    rnd = random.Random(data.draw(st.integers(0, 2**32 - 1)))
    tables = _tables(rules, facts)
    assume(tables)  # no facts at all: an empty folder of CSV tables is no facts source (F101)
    assume(not any(isinstance(v, str) and _XLSX_TEXT.search(v) for rows in tables.values() for row in rows
                   for v in row.values()))
    # a cell is trimmed and a blank one is "not reported" (docs/facts.md), in a workbook as in CSV: a text
    # that is blank or padded is not what either format can hold (two records differing only by a blank
    # text would be the same record twice, F141, both ways)
    assume(not any(isinstance(v, str) and v != v.strip() or v == "" for rows in tables.values() for row in rows
                   for v in row.values()))
    where = tmp_path_factory.mktemp("same")
    write_csv(where / "csv", rules, tables)
    write_xlsx(where / "facts.xlsx", rules, tables, rnd)
    pipeline = Pipeline()
    from_csv = pipeline.fit(rules, where / "csv")
    from_xlsx = pipeline.fit(rules, where / "facts.xlsx")
    assert evolve(from_xlsx.facts, files=()) == evolve(from_csv.facts, files=())
    assert comparable(pipeline.evaluate(from_xlsx, AS_OF).report) == \
        comparable(pipeline.evaluate(from_csv, AS_OF).report)


# ---------------------------------------------------- Excel's own types --


def _book(path: Path, sheets: dict[str, list[list]], formats: dict[tuple[str, str], str] | None = None) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    for (name, cell), shown in (formats or {}).items():
        book[name][cell].number_format = shown
    book.save(path)
    return path


LABELS = ["Đơn vị", "Mã", "Ngày tổ chức", "Trực tuyến", "Loại", "Thời lượng"]
NAMES = ["unit", "id", "ngày", "trực_tuyến", "loại", "thời_lượng"]


def test_excel_types_read_as_the_values_they_are(tmp_path):
    """A real date, TRUE, a whole number stored as 3.0, a decimal 0.1 (exactly 1/10), text cells read as CSV."""
    path = _book(tmp_path / "f.xlsx", {"hội_nghị": [
        LABELS, NAMES,
        ["vp", 3.0, dt.datetime(2026, 3, 5), True, "quán_triệt", 0.1],
        ["vp", "A-2", "15/03/2026", "không", "chuyên_môn", "1/2"],
        [None, None, None, None, None, None],  # a blank row: skipped, as a blank CSV line
        ["vp", 17, dt.date(2026, 4, 1), 0, "quán_triệt", 2],
    ]})
    records = load_facts(path).unit("vp").records
    assert [r.id for r in records] == ["3", "A-2", "17"]
    assert [r.date for r in records] == [dt.date(2026, 3, 5), dt.date(2026, 3, 15), dt.date(2026, 4, 1)]
    assert [dict(r.values)["trực_tuyến"] for r in records] == [True, False, False]
    assert [dict(r.values)["thời_lượng"] for r in records] == [Fraction(1, 10), Fraction(1, 2), Fraction(2)]
    assert [r.origin.line for r in records] == [3, 4, 6]  # rows of the sheet


def test_a_percentage_cell_is_its_percentage(tmp_path):
    """45,5% typed in Excel is stored as 0.455: a share reported so is 45.5%, never 0.455%."""
    path = _book(tmp_path / "f.xlsx", {"values": [
        ["Đơn vị", "Chỉ số", "Năm", "Giá trị"], ["unit", "metric", "year", "value"],
        ["vp", "tỷ_lệ_hội_nghị_trực_tuyến", 2026, 0.455],
        ["vp", "tỷ_lệ_văn_bản_điện_tử", 2026, 0.96],
    ]}, {("values", "D3"): "0.00%"})
    values = load_facts(path).unit("vp").values
    assert [v.value for v in values] == [Fraction(455, 1000), Fraction(96, 100)]


# ------------------------------------------------- problems at cells --


def _problems(path) -> list[tuple[str, str]]:
    return [(d.code, str(d.span)) for d in read_facts(path).problems]


def test_each_problem_is_placed_at_its_sheet_row_and_column(tmp_path):
    """A wrong category, a date typed as text that is no date, a number stored as text that is no number, a date
    with a time, an unknown sheet, a sheet without its column names: each at its cell, with the usual codes."""
    path = _book(tmp_path / "f.xlsx", {
        "Hướng dẫn": [["not read"]],
        "hội_nghị": [LABELS, NAMES,
                     ["vp", 1, dt.datetime(2026, 3, 5), True, "quán_triệt", 1],
                     ["vp", 2, "31/02/2026", True, "hội_thảo", 1],
                     ["vp", 3, dt.datetime(2026, 3, 5, 9, 30), True, "quán_triệt", "một ngày"]],
        "counts": [["Đơn vị", "Loại", "Năm", "Số"], ["unit", "kind", "year", "count"],
                   ["vp", "văn_bản_gửi", 2026, "12 cái"]],
        "hoi_nghi": [LABELS, NAMES],
        "values": [["Đơn vị", "Chỉ số", "Năm", "Giá trị"]],
    })
    name = str(path)
    assert _problems(path) == [
        ("F121", f"{name}:hội_nghị!C4"), ("F113", f"{name}:hội_nghị!E4"),
        ("F120", f"{name}:hội_nghị!C5"), ("F120", f"{name}:hội_nghị!F5"),
        ("F120", f"{name}:counts!D3"),
        ("F105", f"{name}:hoi_nghi!A1"),
        ("F262", f"{name}:values!A2"),
    ]
    with pytest.raises(FactsError) as caught:
        load_facts(path)
    text = caught.value.render("vi")
    assert f"{name}:hội_nghị!E4: lỗi[F113]" in text and "hội_nghị" in text and "quán_triệt" in text


def test_header_problems_are_at_their_header_cells(tmp_path):
    """A column the table has not, one given twice, a required one missing: at row 2, as a CSV header's are."""
    path = _book(tmp_path / "f.xlsx", {"values": [["a", "b", "c", "d"], ["unit", "metric", "yaer", "metric"]]})
    found = _problems(path)
    name = str(path)
    assert found == [("F103", f"{name}:values!C2"), ("F106", f"{name}:values!D2"),
                     ("F104", f"{name}:values!A2"), ("F104", f"{name}:values!A2")]


def test_plan_problems_point_at_the_row(tmp_path, rules):
    """A unit the plan does not have (F201), found when the facts are fitted to the plan: at its row's first cell."""
    path = _book(tmp_path / "f.xlsx", {"hội_nghị": [LABELS, NAMES, ["không_có", 1, dt.datetime(2026, 3, 5)]]})
    with pytest.raises(FactsError) as caught:
        Pipeline().fit(rules, path)
    assert [(d.code, str(d.span)) for d in caught.value.diagnostics] == [("F201", f"{path}:hội_nghị!A3")]


def test_formulas_without_values_and_error_cells_are_refused(tmp_path):
    """A formula saved without its value (openpyxl writes none) is not a blank; #N/A is not a value (F263)."""
    path = tmp_path / "f.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "counts"
    sheet.append(["a", "b", "c", "d"])
    sheet.append(["unit", "kind", "year", "count"])
    sheet.append(["vp", "hội_nghị", 2026, "=1+1"])
    sheet.append(["vp", "văn_bản_gửi", 2026, "#N/A"])
    sheet["D4"].data_type = "e"
    book.save(path)
    assert _problems(path) == [("F263", f"{path}:counts!D3"), ("F104", f"{path}:counts!D3"),
                               ("F263", f"{path}:counts!D4"), ("F104", f"{path}:counts!D4")]


def test_a_long_table_name_is_its_sheet_cut_to_31_letters(tmp_path):
    """A record kind of more than 31 letters is the sheet its name is cut to, as Excel names sheets."""
    kind = "hồ_sơ_thủ_tục_hành_chính_trực_tuyến_toàn_trình"
    plan = tmp_path / "p.plan"
    plan.write_text('kế hoạch: "1/KH"\nngày ban hành: 01/01/2026\nđơn vị vp: "VP"\n'
                    f'bản ghi {kind} "Hồ sơ" {{\n    ngày "Ngày": ngày tháng\n}}\n', encoding="utf-8")
    vocabulary = planrules.compile(planrules.load(plan), planrules.load_dir(tmp_path)).vocabulary
    path = _book(tmp_path / "f.xlsx", {xlsx_facts.sheet_name(kind): [["Đơn vị", "Ngày"], ["unit", "ngày"],
                                                                      ["vp", dt.datetime(2026, 2, 1)]]})
    assert [r.kind for r in load_facts(path, vocabulary=vocabulary).unit("vp").records] == [kind]


# ----------------------------------------------------------- limits --


def test_not_a_workbook_is_one_located_error(tmp_path):
    path = tmp_path / "f.xlsx"
    path.write_bytes(b"not a zip at all")
    assert [code for code, _ in _problems(path)] == ["F260"]
    broken = tmp_path / "g.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("hello.txt", "a zip, not a workbook")
    assert [code for code, _ in _problems(broken)] == ["F260"]


def test_a_zip_bomb_is_refused_unpacked(tmp_path, monkeypatch):
    """What a workbook unpacks to is read from its directory, before anything is unpacked."""
    path = _book(tmp_path / "f.xlsx", {"counts": [["a"], ["unit", "kind", "year", "count"]]})
    monkeypatch.setattr(xlsx_facts, "MAX_XLSX_UNZIPPED", 1000)
    assert [code for code, _ in _problems(path)] == ["F261"]


def test_a_sheet_past_its_rows_or_columns_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_facts, "MAX_CSV_ROWS", 2)
    rows = [["a"], ["unit", "kind", "year", "count"]] + [["vp", "hội_nghị", 2020 + i, 1] for i in range(3)]
    path = _book(tmp_path / "f.xlsx", {"counts": rows})
    assert _problems(path) == [("F261", f"{path}:counts!A5")]
    monkeypatch.setattr(xlsx_facts, "MAX_SHEET_COLUMNS", 4)
    wide = _book(tmp_path / "g.xlsx", {"counts": [["a"], ["unit", "kind", "year", "count"],
                                                  ["vp", "hội_nghị", 2026, 1, None, "x"]]})
    assert [code for code, _ in _problems(wide)] == ["F261"]


def test_a_workbook_without_a_sheet_of_facts_says_so(tmp_path):
    path = _book(tmp_path / "f.xlsx", {"Hướng dẫn": [["…"]], "Danh mục": [["…"]]})
    assert [code for code, _ in _problems(path)] == ["F262"]


def test_a_folder_reads_its_workbooks_but_not_excels_lock_files(tmp_path):
    """A folder's .xlsx files are facts files; ~$facts.xlsx, which Excel keeps while a workbook is open, is not."""
    _book(tmp_path / "facts.xlsx", {"counts": [["a"], ["unit", "kind", "year", "count"], ["vp", "hội_nghị", 2026, 4]]})
    (tmp_path / "~$facts.xlsx").write_bytes(b"\x00lock")
    assert load_facts(tmp_path).unit("vp").counts[0].count == 4


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8),
       cut=st.none() | st.integers(0, 10**6))
def test_a_damaged_workbook_is_read_or_refused_never_a_crash(tmp_path_factory, changes, cut):
    """Bytes of a filled workbook changed or cut short: facts, or our own located problems (F1xx, F26x)."""
    data = bytearray(_filled_workbook())
    for where, value in changes:
        data[where % len(data)] = value
    if cut is not None:
        del data[cut % len(data):]
    path = tmp_path_factory.mktemp("damaged") / "f.xlsx"
    path.write_bytes(bytes(data))
    read = read_facts(path)  # raises nothing
    assert all(re.fullmatch(r"F1\d\d|F26\d", d.code) for d in read.problems)


_FILLED: list[bytes] = []


def _filled_workbook() -> bytes:
    if not _FILLED:
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "hội_nghị"
        sheet.append(LABELS)
        sheet.append(NAMES)
        for day in range(1, 21):
            sheet.append(["vp", f"HN-{day}", dt.datetime(2026, 3, day), day % 2 == 0, "quán_triệt", 0.5])
        out = io.BytesIO()
        book.save(out)
        _FILLED.append(out.getvalue())
    return _FILLED[0]


def test_data_in_a_column_without_a_name_is_located(tmp_path):
    """A value past the named columns is F106 at its cell (the row is still read), as in a CSV file."""
    path = _book(tmp_path / "f.xlsx", {"hội_nghị": [LABELS, NAMES,
                                                    ["vp", 1, dt.datetime(2026, 3, 5), True, "quán_triệt", 1, None,
                                                     "ghi chú"]]})
    assert _problems(path) == [("F106", f"{path}:hội_nghị!H3")]
