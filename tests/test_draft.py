"""Drafts of any table: whatever its cells say and however they are merged (heading bars across the table,
cells merged down a column), the draft is canonical text (`planrules fmt` leaves it alone) and `planrules
check` finds no error in it — warnings, and the TODOs, are the encoder's to settle."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings, strategies as st

from planrules.documents.appendix import read_appendix
from planrules.documents.draft import draft_text
from planrules.documents.grids import Cell, Grid
from planrules.language.printer import format as format_plan
from planrules.language.syntax import parse
from planrules.strategies.words import texts
from planrules.tooling.cli import run

HEADER = ("TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm", "Thời hạn")
NUMBERS = st.one_of(st.integers(0, 40).map(str), st.sampled_from(["", "", "I", "II.", "1.2", "3a", "TT 3", "V.2-1",
                                                                  "Phụ lục I TT 2", "Điều 3", "IV", "-"]), texts())
UNITS = st.lists(st.one_of(st.sampled_from(["Văn phòng", "Sở Nội vụ", "Các cơ quan, đơn vị", "UBND xã",
                                             "Phòng Văn hóa - Xã hội", "- Văn phòng", "nếu", "thời hạn"]), texts()),
                 max_size=3).map("; ".join)
DEADLINES = st.one_of(st.sampled_from([
    "Quý IV/2026", "Hằng năm", "Thường xuyên", "30/6/2026", "trước ngày 31/2/2026", "Sau khi có chỉ đạo",
    "Quý IV (khi có chỉ đạo)", "Trong vòng 30 ngày", "Hằng năm; Hằng năm", "6 tháng", "Cuối năm 2026; hằng quý",
    "Sau khi thời hạn", "Sau khi 1 2", "Tháng 13/2026", "", "Trước ngày 25 hằng tháng (không gia hạn)"]), texts())


@st.composite
def grids(draw) -> Grid:
    rows = [tuple(Cell(text, (1, c)) for c, text in enumerate(HEADER, start=1))]
    for r in range(2, draw(st.integers(2, 8)) + 2):
        shape = draw(st.sampled_from(["row", "row", "row", "bar", "merged"]))
        if shape == "bar":  # one cell across the table: a heading, numbered or not
            text = " ".join(draw(st.one_of(texts(), st.sampled_from(["II. TỔ CHỨC", "IV) Khác", "V"]))).split())
            rows.append((Cell(text, (r, 1)),) * len(HEADER))
            continue
        cells = (draw(NUMBERS), draw(texts()), draw(UNITS), draw(UNITS), draw(texts()), draw(DEADLINES))
        row = [Cell(" ".join(text.split()), (r, c)) for c, text in enumerate(cells, start=1)]
        if shape == "merged":  # cells merged with the row above, down a column (TT, a lead, a deadline)
            for c in draw(st.lists(st.integers(0, len(HEADER) - 1), min_size=1, max_size=3, unique=True)):
                row[c] = rows[-1][c]
        rows.append(tuple(row))
    return Grid("bảng.docx", "table", "1", tuple(rows))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grid=grids())
def test_any_table_drafts_a_plan_that_checks_with_no_error(grid, tmp_path_factory):
    text = draft_text(read_appendix([grid], grid.file))
    assert format_plan(parse(text), "vi") == text
    path = tmp_path_factory.mktemp("d") / "nhap.plan"
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    status = run(["check", "--no-cache", "--lang", "en", str(path)], out, err)
    assert status == 0, text + out.getvalue() + err.getvalue()
