"""The reports catalogue: the words of a report for people, in English and Vietnamese.

Headings, table columns, the dates and periods of a verdict, and the
sentences of a roll-up, as the text and Markdown reports write them
(`phrases.word`). A verdict's own explanation is not here: it is the
evaluation's (`evaluation.messages`), written into the data as its key.
"""

from __future__ import annotations

from typing import ClassVar

from ..base.diagnostics import Message

__all__ = ["MESSAGES", "ReportMessage"]

# key -> (English, Vietnamese): str.format templates, their arguments already text.
MESSAGES: dict[str, tuple[str, str]] = {
    # --output: the verdicts written as tables (reports.tables), F255-F257
    "output_unwritable": (  # F255
        "cannot write the verdicts to {target}: {reason}; nothing there was changed",
        "không ghi được kết quả đánh giá vào {target}: {reason}; không thay đổi gì ở đó",
    ),
    "output_too_large": (  # F256
        "the {column} of rule {rule} ({unit}, {period}) is {value}, beyond what a 64-bit integer column of table "
        "{table} holds: nothing was written to {target}",
        "{column} của quy tắc {rule} ({unit}, {period}) là {value}, vượt quá cột số nguyên 64 bit của bảng "
        "{table}: không ghi gì vào {target}",
    ),
    "output_kind": (  # F257
        "{target} is no output target: name a folder, a path ending in .parquet (its verdicts and roll-up files), "
        "a .duckdb file or a postgresql:// connection string",
        "{target} không phải nơi ghi kết quả: hãy chỉ ra một thư mục, một đường dẫn kết thúc bằng .parquet "
        "(các tệp kết quả và tổng hợp), một tệp .duckdb hoặc một chuỗi kết nối postgresql://",
    ),
    "report": ("Report on plan {plan}", "Báo cáo thực hiện kế hoạch {plan}"),
    "as_of": ("as of {date}", "tính đến ngày {date}"),
    "date_given": ("Date used: {date}, as given.", "Ngày đánh giá: {date}, theo ngày được chỉ định."),
    "date_clock": ("Date used: {date}, today in Viet Nam (UTC+7) by the clock: no date was given.",
                   "Ngày đánh giá: {date}, ngày hôm nay ở Việt Nam (UTC+7) theo đồng hồ: không chỉ định ngày."),
    "missing_parents": ("Not evaluated: the targets of parent plan(s) {plans}, which are not in the library.",
                        "Không đánh giá: chỉ tiêu của kế hoạch cấp trên {plans}, không có trong thư viện."),
    "summary": ("Summary", "Tổng hợp"),
    "unit": ("Unit", "Đơn vị"),
    "total": ("total", "tổng"),
    "total_row": ("Total", "Tổng cộng"),
    "clause": ("Clause", "Mục"),
    "rule": ("Rule", "Quy tắc"),
    "period": ("Period", "Kỳ"),
    "status": ("Status", "Kết quả"),
    "value": ("Value", "Giá trị"),
    "threshold": ("Threshold", "Ngưỡng"),
    "explanation": ("Explanation", "Giải thích"),
    "violations": ("Violations", "Vi phạm"),
    "violations_of": ("Violations of {rule}", "Vi phạm của {rule}"),
    "inherited": ("Inherited from {plan}.", "Kế thừa từ {plan}."),
    "monitored_by": ("Monitored by {units}.", "Đơn vị theo dõi: {units}."),
    "joint": ("{leads} (joint)", "{leads} (chung)"),
    "delivered": ("delivered {date}", "đã nộp {date}"),
    "due": ("due {date}", "hạn {date}"),
    "last_day": ("last day {date}", "chậm nhất {date}"),
    "on_track": ("on track", "đúng tiến độ"),
    "off_track": ("off track", "chậm tiến độ"),
    "versus": ("vs", "so với"),
    "no_verdicts_listed": ("No verdicts.", "Không có kết quả đánh giá nào."),
    "at": ("at {at}", "tại {at}"),
    "source": ("source {source}", "nguồn {source}"),
    "source_plan": ("source {plan}, line(s) {lines}", "nguồn {plan}, dòng {lines}"),
    # periods (`occurrences.Occurrence.key`), as people read them: dates dd/mm/yyyy in both languages
    "period_once": ("once", "một lần"),
    "period_month": ("{month}/{year}", "tháng {month}/{year}"),
    "period_half_1": ("first half of {year}", "6 tháng đầu năm {year}"),
    "period_half_2": ("second half of {year}", "6 tháng cuối năm {year}"),
    "period_quarter": ("quarter {quarter} {year}", "quý {quarter}/{year}"),
    "period_week": ("week {week} of {year}", "tuần {week}/{year}"),
    # the web page (`html`): its filters, and a deadline's heading
    "html_filter_status": ("Show verdicts that are", "Lọc theo kết quả"),
    "html_all_statuses": ("any status", "mọi kết quả"),
    "html_filter_unit": ("of unit", "Lọc theo đơn vị"),
    "html_all_units": ("every unit", "mọi đơn vị"),
    "html_shown": ("Verdicts shown:", "Số kết quả đang hiển thị:"),
    "html_deadline": ("Deadline: {label}", "Thời hạn: {label}"),
    "html_parent_clause": ("In parent plan {plan}:", "Trong kế hoạch cấp trên {plan}:"),
    "html_parent_missing": ("No text: parent plan {plan} is not in the library.",
                            "Không có nội dung: kế hoạch cấp trên {plan} không có trong thư viện."),
    # the page's one line about the parents left out: `missing_parents`, and that their text is not quoted either
    "html_missing_parents": (
        "Not evaluated, nor quoted: the targets and text of parent plan(s) {plans}, which are not in the library.",
        "Không đánh giá, không trích dẫn: chỉ tiêu và nội dung của kế hoạch cấp trên {plans}, không có trong thư "
        "viện."),
    "html_no_text": ("No text of this clause in the report.", "Báo cáo không có nội dung của điều khoản này."),
    # the agenda (`agenda`: planrules calendar) and what is overdue (--late)
    "agenda": ("Calendar of plan {plan}, from {start} to {end}", "Lịch thực hiện kế hoạch {plan}, từ ngày {start} đến ngày {end}"),
    "agenda_for": ("Units: {units}.", "Đơn vị: {units}."),
    "agenda_none": ("Nothing falls due in this period.", "Không có việc nào đến hạn trong khoảng thời gian này."),
    "agenda_by": ("due by {due}", "đến hết ngày {due}"),
    "agenda_before": ("due before {due}: last day {last}", "hạn trước ngày {due}: chậm nhất ngày {last}"),
    "agenda_moved": ("{days}: day(s) off, so moved to {weekday} {last}",
                     "{days}: ngày nghỉ, nên dời đến {weekday} {last}"),
    "agenda_hard": ("a hard cut-off: not moved off {day} ({what})", "không gia hạn: không dời khỏi ngày {day} ({what})"),
    "agenda_through": ("ongoing, through {closes}", "thực hiện thường xuyên, đến hết ngày {closes}"),
    "agenda_from_event": ("owed from {opens}, when the event happened", "thực hiện từ ngày {opens}, khi sự kiện xảy ra"),
    "agenda_deadline": ("deadline \"{label}\"", "thời hạn \"{label}\""),
    "agenda_waiting": ("Waiting for an event (no date yet)", "Chờ sự kiện (chưa có ngày)"),
    "agenda_waits": ("waits for: {event}", "chờ: {event}"),
    "late": ("Overdue in plan {plan} at {date}", "Việc quá hạn của kế hoạch {plan} tính đến ngày {date}"),
    "late_none": ("Nothing is overdue.", "Không có việc nào quá hạn."),
    "late_missing": ("not delivered; last day {last}, {days} day(s) ago",
                     "chưa nộp; hạn chót {last}, đã quá {days} ngày"),
    "late_delivered": ("delivered {delivered}, {days} day(s) after the last day {last}",
                       "nộp ngày {delivered}, chậm {days} ngày so với hạn chót {last}"),
    "late_unknown": ("nothing known of its delivery; last day {last}", "chưa rõ đã nộp hay chưa; hạn chót {last}"),
    # workbooks: the facts template (`xlsx_template`) and the report (`xlsx_report`)
    "xlsx_writer_needs_openpyxl": ("writing a workbook needs the openpyxl package: pip install 'planrules[office]'",
                            "ghi sổ tính cần gói openpyxl: pip install 'planrules[office]'"),
    "col_id": ("Record id", "Mã bản ghi"),
    "col_kind": ("Record kind", "Loại bản ghi"),
    "col_year": ("Year", "Năm"),
    "col_count": ("Number of records", "Số lượng"),
    "col_metric": ("Metric", "Chỉ số"),
    "col_measured_in": ("Measured in", "Đơn vị tính"),
    "col_task": ("Task", "Nhiệm vụ"),
    "col_date": ("Date", "Ngày"),
    "col_deadline": ("Deadline (label or position)", "Thời hạn (nhãn hoặc thứ tự)"),
    "col_target": ("Assessed target", "Chỉ tiêu được đánh giá"),
    "col_result": ("Assessment (đạt / không đạt)", "Kết quả đánh giá (đạt / không đạt)"),
    "col_assessor": ("Assessed by", "Đơn vị đánh giá"),
    "col_event": ("Event", "Sự kiện"),
    "col_member_of": ("Member of (groups, separated by ;)", "Thuộc nhóm (cách nhau bởi ;)"),
    "col_label": ("Name as written", "Tên gọi"),
    "col_code": ("Official code", "Mã đơn vị"),
    "col_level": ("Level", "Cấp"),
    "col_parent": ("Parent unit", "Đơn vị cấp trên"),
    "col_successor": ("Successor", "Đơn vị kế thừa"),
    "col_since": ("Successor since", "Kế thừa từ ngày"),
    "col_change": ("Change (merged, renamed, succeeded)", "Hình thức (sáp_nhập, đổi_tên, kế_thừa)"),
    "xlsx_guide_title": ("Facts of plan {plan}: how to fill in this workbook",
                         "Số liệu thực hiện kế hoạch {plan}: hướng dẫn nhập"),
    "xlsx_guide_sheets": ("Each sheet is one table of facts, named after its table: do not rename it. Sheets you "
                          "have nothing for may stay empty or be deleted.",
                          "Mỗi trang là một bảng số liệu, mang tên của bảng: không đổi tên trang. Trang không có số "
                          "liệu có thể để trống hoặc xóa."),
    "xlsx_guide_rows": ("Row 1 gives each column's name for people; row {row} the column's name that planrules reads: "
                        "do not change row {row}. Type the facts from row {first} on, one record per row.",
                        "Dòng 1 là tên cột cho người đọc; dòng {row} là tên cột planrules đọc: không sửa dòng {row}. "
                        "Nhập số liệu từ dòng {first}, mỗi dòng một bản ghi."),
    "xlsx_guide_lists": ("Units, categories and yes/no (có/không) are chosen from drop-down lists; the sheet "
                         "\"{lists}\" lists every choice with its name as written.",
                         "Đơn vị, phân loại và có/không được chọn trong danh sách thả xuống; trang \"{lists}\" liệt "
                         "kê mọi lựa chọn kèm tên gọi."),
    "xlsx_guide_cells": ("Dates are typed as dd/mm/yyyy; a percentage column takes 45 as 45%; numbers are typed as "
                         "numbers (a number written as text is read as a CSV cell: 1,5 is one and a half).",
                         "Ngày nhập theo dạng dd/mm/yyyy; cột tỷ lệ nhập 45 là 45%; số nhập dạng số (số ghi dạng văn "
                         "bản được đọc như ô CSV: 1,5 là một phẩy năm)."),
    "xlsx_guide_blank": ("A blank cell is a fact not given, never zero: type 0 for none.",
                         "Ô để trống là chưa có số liệu, không phải số 0: không có thì nhập 0."),
    "xlsx_guide_eval": ("Then: planrules eval PLAN --facts THIS.xlsx (each mistake is shown at its cell, e.g. "
                        "THIS.xlsx:counts!D3).",
                        "Sau đó: planrules eval PLAN --facts TỆP_NÀY.xlsx (mỗi lỗi được chỉ ra tại ô của nó, ví dụ "
                        "TỆP_NÀY.xlsx:counts!D3)."),
    "xlsx_guide_tables": ("The sheets:", "Các trang:"),
    "xlsx_table_counts": ("how many records of a kind a unit had in a year, when the records themselves are not given",
                          "số bản ghi của một loại trong năm, khi không nhập từng bản ghi"),
    "xlsx_table_values": ("a figure a unit reports for a metric and a year",
                          "số liệu đơn vị báo cáo cho một chỉ số trong năm"),
    "xlsx_table_deliveries": ("what a unit delivered for a task, and when", "sản phẩm đơn vị đã nộp cho nhiệm vụ, và ngày nộp"),
    "xlsx_table_assessments": ("a target judged by its assessor (đạt / không đạt)",
                               "chỉ tiêu do đơn vị đánh giá kết luận (đạt / không đạt)"),
    "xlsx_table_events": ("an event that happened, and when", "sự kiện đã xảy ra, và ngày xảy ra"),
    "xlsx_table_units": ("the units, their groups and what a register says of them",
                         "các đơn vị, nhóm của chúng và thông tin theo danh mục đơn vị"),
    "xlsx_judged": ("Judged", "Nội dung đánh giá"),
    "xlsx_unit_name": ("Unit (name)", "Đơn vị (tên định danh)"),
    "xlsx_by": ("Rolled up by", "Tổng hợp theo"),
    "xlsx_figures": ("Figures", "Số liệu"),
    # the roll-up
    "rollup": ("Roll-up of plan {plan}", "Tổng hợp kế hoạch {plan}"),
    "rollup_by": ("Roll-up by {by} of plan {plan}", "Tổng hợp kế hoạch {plan} theo {by}"),
    "group": ("Group", "Nhóm"),
    "group_units": ("{n} unit(s): {units}", "{n} đơn vị: {units}"),
    "no_aggregates": ("No aggregates.", "Không có kết quả tổng hợp nào."),
    "sum_share": ("Summed across {n} unit(s): {part} of {whole}", "Cộng {n} đơn vị: {part}/{whole}"),
    "sum_excluded": ("({excluded} left out of both counts)", "({excluded} bản ghi loại khỏi cả tử số và mẫu số)"),
    "sum_share_undefined": ("the share is undefined (0/0).", "tỷ lệ không xác định (0/0)."),
    "sum_cut": ("Summed across {n} unit(s): {baseline} the year before, {current} in {period}",
                "Cộng {n} đơn vị: năm trước {baseline}, năm {period} là {current}"),
    "sum_change": ("Summed across {n} unit(s): {baseline} in {base}, {current} in {period}",
                   "Cộng {n} đơn vị: năm {base} là {baseline}, năm {period} là {current}"),
    "sum_share_change": ("Summed across {n} unit(s): {before} of {before_whole} in {base}, {part} of {whole} in {period}",
                         "Cộng {n} đơn vị: năm {base} là {before}/{before_whole}, năm {period} là {part}/{whole}"),
    "sum_change_undefined": ("the change cannot be computed.", "không tính được mức thay đổi."),
    "sum_growth_zero_both": ("nothing to grow from.", "không có gì để tăng."),
    "sum_growth_from_zero": ("a growth from zero is undefined.", "mức tăng so với 0 không xác định."),
    "sum_cut_zero_both": ("nothing to cut.", "không có gì để giảm."),
    "sum_cut_from_zero": ("an increase from zero is not a cut.", "tăng từ 0, không phải giảm."),
    "sum_count": ("Summed across {n} unit(s): {count}", "Cộng {n} đơn vị: {count}"),
    "sum_cap": ("{records} record(s) across {n} unit(s), {broken} over the cap",
                "{records} bản ghi của {n} đơn vị, {broken} bản ghi vượt giới hạn"),
    "sum_cap_minimum": ("{records} record(s) across {n} unit(s), {broken} below the minimum",
                        "{records} bản ghi của {n} đơn vị, {broken} bản ghi thấp hơn mức tối thiểu"),
    "sum_cap_range": ("{records} record(s) across {n} unit(s), {broken} outside the range",
                      "{records} bản ghi của {n} đơn vị, {broken} bản ghi nằm ngoài khoảng"),
    "sum_cap_none": ("No such record in {n} unit(s) (counts of 0).",
                     "{n} đơn vị không có bản ghi nào như vậy (số lượng 0)."),
    "lone_value": ("{unit}, its only unit, reported the value itself: {value}.",
                   "{unit}, đơn vị duy nhất, tự báo cáo giá trị: {value}."),
    "deadline_counts": ("Of {n} unit(s): {counts}.", "Trong {n} đơn vị: {counts}."),
    "partial_value": ("(partial: {counted} of {bound} units)", "(tạm tính: {counted}/{bound} đơn vị)"),
    "counted": ("Counted {counted} of {bound} unit(s).", "Đã tính {counted}/{bound} đơn vị."),
    "not_counted": ("Not counted: {units}.", "Chưa tính: {units}."),
    "failing": ("Not met in: {units}.", "Không đạt tại: {units}."),
    "reason_unknown": ("unknown: facts missing", "chưa rõ: thiếu số liệu"),
    "reason_not_yet": ("nothing reported yet", "chưa báo cáo"),
    "reason_value_only": ("a value without its counts", "chỉ báo cáo giá trị, không có số liệu"),
}


class ReportMessage(Message):
    """A word or sentence of a report: a key of `MESSAGES` and its arguments."""

    catalogue: ClassVar[dict[str, tuple[str, str]]] = MESSAGES
