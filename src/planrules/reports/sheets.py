"""What the workbooks planrules writes share (the facts template, the report): openpyxl, a header's look, bytes.

openpyxl (the `office` extra) is imported by `workbook` only, when a workbook
is written: importing the reports loads no spreadsheet module.
"""

from __future__ import annotations

import io

from ..base.diagnostics import Diagnostic, PlanError
from .messages import ReportMessage

__all__ = ["fit_widths", "style_header", "workbook", "workbook_bytes"]


def workbook():
    """A new, empty workbook (its default sheet removed); F264 (a `PlanError`) without openpyxl installed."""
    try:
        import openpyxl
    except ImportError:
        raise PlanError([Diagnostic("F264", ReportMessage.of("xlsx_writer_needs_openpyxl"))]) from None
    book = openpyxl.Workbook()
    book.remove(book.active)
    return book


def style_header(sheet, row: int, *, names: bool = False) -> None:
    """Row `row` of `sheet` as a header: bold on a grey band; `names`: the row of column names, small and grey."""
    from openpyxl.styles import Font, PatternFill

    for cell in sheet[row]:
        if names:
            cell.font = Font(italic=True, size=9, color="666666")
        else:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="E4E8EE")


def fit_widths(sheet, *, most: int = 60) -> None:
    """Each column as wide as its longest text (within `most` characters), so headers read whole."""
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None:
                longest = max(len(line) for line in str(cell.value).split("\n"))
                widths[cell.column] = max(widths.get(cell.column, 0), longest)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(most, max(8, width + 2))


def workbook_bytes(book) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
