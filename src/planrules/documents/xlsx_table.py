"""Excel workbooks (openpyxl): every sheet of a `.xlsx` read into a `Grid`, and an assignment table written.

Values are read as they are shown, not their formulas (`data_only`): a number
as its digits (2 not 2.0), a date as dd/mm/yyyy, as an official would type it
in a Word table. A merged range is its top-left cell's value in every cell it
covers, each with the range's origin.
"""

from __future__ import annotations

import datetime as dt
import io

from .grids import Grid, OfficialTable, check_size, checked_cell, office_package

__all__ = ["read_grids", "write_table"]


def read_grids(data: bytes, file: str) -> list[Grid]:
    """The sheets of the workbook `data` (named `file` in messages)."""
    openpyxl = office_package("openpyxl", "openpyxl")

    workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    grids = []
    for sheet in workbook.worksheets:
        grid = Grid(file, "sheet", sheet.title, ())
        height, width = sheet.max_row, sheet.max_column  # once: openpyxl walks every cell to answer each
        check_size(file, grid.where(), height, width)
        origins: dict[tuple[int, int], tuple[int, int]] = {}
        for merged in sheet.merged_cells.ranges:
            for r in range(merged.min_row, min(merged.max_row, height) + 1):
                for c in range(merged.min_col, min(merged.max_col, width) + 1):
                    origins[(r, c)] = (merged.min_row, merged.min_col)
        rows = []
        for r in range(1, height + 1):
            line = []
            for c in range(1, width + 1):
                origin = origins.get((r, c), (r, c))
                line.append(checked_cell(file, grid.where(), r, _shown(sheet.cell(*origin).value), origin))
            rows.append(tuple(line))
        grids.append(Grid(file, "sheet", sheet.title, tuple(rows)))
    return grids


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_table(table: OfficialTable) -> bytes:
    """`table` as a workbook of one sheet "Phụ lục": its title lines, a blank row, the header (bold), the rows;
    text wrapped, columns wide enough to read."""
    openpyxl = office_package("openpyxl", "openpyxl")
    from openpyxl.styles import Alignment, Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Phụ lục"
    for r, line in enumerate(table.title, start=1):
        sheet.cell(r, 1, line).font = Font(bold=True)
    header_row = len(table.title) + 2 if table.title else 1  # a blank row under the title
    wrapped = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate((table.header, *table.rows), start=header_row):
        for c, text in enumerate(row, start=1):
            cell = sheet.cell(r, c, text)
            cell.data_type = "s"  # text as written: "=1+1" is a task's words, never a formula
            cell.number_format = "@"  # and "30/06/2026" a deadline as written, never a date serial
            cell.alignment = wrapped
            if r == header_row:
                cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGH", (6, 60, 28, 28, 40, 22)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
