"""Word documents (python-docx): every table of a `.docx` read into a `Grid`, and an assignment table written.

Only the document body's own tables are read, in order ("bảng 1" is the
first); a table inside a cell is part of that cell's text. A horizontally
merged cell repeats in each column it spans and a vertically merged one in
each row, each copy with the origin of the merged region.
"""

from __future__ import annotations

import io

from .grids import Cell, Grid, OfficialTable, check_size, checked_cell, office_package

__all__ = ["read_grids", "write_table"]


def read_grids(data: bytes, file: str) -> list[Grid]:
    """The tables of the Word document `data` (named `file` in messages)."""
    docx = office_package("docx", "python-docx")

    document = docx.Document(io.BytesIO(data))
    grids = []
    for number, table in enumerate(document.tables, start=1):
        rows = table.rows
        grid = Grid(file, "table", str(number), ())
        check_size(file, grid.where(), len(rows), len(table.columns))
        origins: dict[object, tuple[int, int]] = {}  # a cell's XML element, kept alive: python-docx's proxies are not
        read: list[tuple[Cell, ...]] = []
        for r, row in enumerate(rows, start=1):
            cells = row.cells
            check_size(file, grid.where(), r, len(cells))
            line = []
            for c, cell in enumerate(cells, start=1):
                origin = origins.setdefault(cell._tc, (r, c))  # noqa: SLF001 - python-docx's element: merged cells share it
                line.append(checked_cell(file, grid.where(), r, cell.text, origin))
            read.append(tuple(line))
        grids.append(Grid(file, "table", str(number), tuple(read)))
    return grids


def write_table(table: OfficialTable) -> bytes:
    """`table` as a Word document: its title lines centred and bold, then the table, header bold, lines drawn."""
    docx = office_package("docx", "python-docx")
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for line in table.title:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(line).bold = True
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.header))
    grid.style = "Table Grid"
    rows = grid.rows  # once: each `add_row` or `cell(r, c)` would walk the table again
    for cell, text in zip(rows[0].cells, table.header):
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(11)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for row, texts in zip(rows[1:], table.rows):
        for cell, text in zip(row.cells, texts):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
