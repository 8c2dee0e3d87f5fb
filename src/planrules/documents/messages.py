"""The documents catalogue (codes D600–D639): what reading and writing a plan's assignment table can say.

A place in a document is words, not a file:line:column: "bảng 2, hàng 5, cột 6
(Thời hạn)" / "table 2, row 5, column 6 (Thời hạn)", the column named by its
header as the document writes it. Rendered through `DocumentMessage`.
"""

from typing import ClassVar

from ..base.diagnostics import Message

__all__ = ["MESSAGES", "DocumentMessage"]

MESSAGES: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------- places
    "table_place": ("table {table}", "bảng {table}"),
    "sheet_place": ("sheet {table}", "trang tính {table}"),
    "row_place": ("{table}, row {row}", "{table}, hàng {row}"),
    "cell_place": ("{table}, row {row}, column {column} ({header})", "{table}, hàng {row}, cột {column} ({header})"),
    # ------------------------------------------------------------- the file (errors)
    "not_a_document": (
        "{file}: cannot be read as {kind}: {reason}",
        "{file}: không đọc được như {kind}: {reason}",
    ),
    "kind_docx": ("a Word document (.docx)", "tài liệu Word (.docx)"),
    "kind_xlsx": ("an Excel workbook (.xlsx)", "sổ tính Excel (.xlsx)"),
    "not_a_zip": ("it is not a zip package (a .doc or .xls of old, or another file renamed?)",
                  "đây không phải gói zip (tệp .doc, .xls cũ, hay tệp khác bị đổi tên?)"),
    "part_missing": ("it has no part {part}", "thiếu phần {part}"),
    "needs_office": (
        "reading and writing Word and Excel tables needs the {package} package: pip install 'planrules[office]'",
        "đọc và ghi bảng Word, Excel cần gói {package}: pip install 'planrules[office]'",
    ),
    "unknown_suffix": (
        "{file}: import reads .docx and .xlsx files, not {suffix!s}",
        "{file}: lệnh import đọc tệp .docx và .xlsx, không đọc {suffix!s}",
    ),
    "document_too_large": (
        "{file}: {size} bytes, more than the {limit} a document may have",
        "{file}: {size} byte, vượt quá {limit} byte cho phép của một tài liệu",
    ),
    "unpacks_too_large": (
        "{file}: its parts unpack to {size} bytes, more than the {limit} allowed (a zip bomb?); nothing was unpacked",
        "{file}: các phần giải nén ra {size} byte, vượt quá {limit} byte cho phép (bom zip?); chưa giải nén gì",
    ),
    "too_many_parts": (
        "{file}: {count} parts in the package, more than the {limit} allowed",
        "{file}: gói có {count} phần, vượt quá {limit} phần cho phép",
    ),
    "table_too_many_rows": (
        "{file}: {place} has more than {limit} rows",
        "{file}: {place} có hơn {limit} hàng",
    ),
    "too_many_columns": (
        "{file}: {place} has more than {limit} columns",
        "{file}: {place} có hơn {limit} cột",
    ),
    "cell_too_long": (
        "{file}: {place}: a cell of more than {limit} characters",
        "{file}: {place}: ô dài hơn {limit} ký tự",
    ),
    "no_table": (
        "{file}: no assignment table: no table has a header row naming the columns TT and Nội dung "
        "(tables read: {seen})",
        "{file}: không có bảng phân công nhiệm vụ: không bảng nào có hàng tiêu đề gồm các cột TT và Nội dung "
        "(đã đọc: {seen})",
    ),
    "no_tables_at_all": ("no table at all", "không có bảng nào"),
    "cannot_write": (
        "{file}: cannot be written: {reason}",
        "{file}: không ghi được: {reason}",
    ),
    "exists": (
        "{file}: the file exists; give --force to replace it",
        "{file}: tệp đã có; thêm --force để ghi đè",
    ),
    # ------------------------------------------------------------- the cells (warnings)
    "column_missing": (
        "{file}: {place}: the table has no column {column}: its tasks have none",
        "{file}: {place}: bảng không có cột {column}: các nhiệm vụ để trống",
    ),
    "number_not_read": (
        "{file}: {place}: the number {text!s} is not a task's number (1, 11.1, II.2.a); the task is numbered {number} "
        "and the cell kept under # TODO",
        "{file}: {place}: số thứ tự {text!s} không phải số của một nhiệm vụ (1, 11.1, II.2.a); nhiệm vụ được đánh "
        "số {number}, ô được giữ lại dưới # TODO",
    ),
    "number_repeated": (
        "{file}: {place}: the number {text!s} is given to an earlier row too; this task is numbered {number} and the "
        "cell kept under # TODO",
        "{file}: {place}: số thứ tự {text!s} trùng với một hàng trước; nhiệm vụ này được đánh số {number}, ô được "
        "giữ lại dưới # TODO",
    ),
    "deadline_not_read": (
        "{file}: {place}: the deadline {text!s} is not one the language writes; kept under # TODO",
        "{file}: {place}: thời hạn {text!s} không thuộc dạng ngôn ngữ viết được; được giữ lại dưới # TODO",
    ),
    "nothing_to_continue": (
        "{file}: {place}: a row without TT continues the row above, but there is no task above it; kept under # TODO",
        "{file}: {place}: hàng không có TT là phần tiếp của hàng trên, nhưng phía trên không có nhiệm vụ nào; "
        "được giữ lại dưới # TODO",
    ),
    "hint_deadline_forms": (
        "deadlines read: a date (30/6/2026, trước ngày 15/5/2026), Quý IV/2026, Tháng 6/2026, Năm 2026, Hằng năm, "
        "Thường xuyên, Sau khi …, Trong vòng N ngày … (docs/documents.md)",
        "các thời hạn đọc được: ngày (30/6/2026, trước ngày 15/5/2026), Quý IV/2026, Tháng 6/2026, Năm 2026, "
        "Hằng năm, Thường xuyên, Sau khi …, Trong vòng N ngày … (docs/documents.md)",
    ),
    "label_not_written": (
        "{place}: the deadline's label {label!s} does not read back as its deadline; the table says {text!s}",
        "{place}: nhãn thời hạn {label!s} không đọc lại được thành chính thời hạn đó; bảng ghi {text!s}",
    ),
    # ------------------------------------------------------------- the draft's comments
    "todo_cell": ("TODO {place}: not read: {text}", "TODO {place}: chưa đọc được: {text}"),
    "draft_heading": (
        "Draft imported from {file} ({table}) by planrules import: review it, then settle each TODO.",
        "Bản nháp nhập từ {file} ({table}) bằng planrules import: rà soát, rồi xử lý từng TODO.",
    ),
    "draft_number": (
        "The plan's number is the file's name: write the plan's own.",
        "Số kế hoạch tạm lấy theo tên tệp: ghi lại số của kế hoạch.",
    ),
}


class DocumentMessage(Message):
    """A message about a Word or Excel document, rendered from the documents catalogue."""

    catalogue: ClassVar[dict[str, tuple[str, str]]] = MESSAGES
