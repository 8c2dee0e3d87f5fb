"""The language's message catalogue: what reading, resolving and gathering plans can say.

Key -> (English, Vietnamese), each a str.format template, rendered through
`LanguageMessage`. The keys are the language's own: a key the base uses, or
several packages share beyond the language, stays in base/messages.py.
"""

from __future__ import annotations

from typing import ClassVar

from ..base.diagnostics import Message

MESSAGES: dict[str, tuple[str, str]] = {
    # reading a .plan file (syntax)
    "too_large": (
        "{what} is larger than {limit} bytes, the most a .plan file may be",
        "{what} lớn hơn {limit} byte, mức tối đa của một tệp .plan",
    ),
    "too_many_digits": (
        "{text} has {count} digits, more than the {limit} a number may have",
        "{text} có {count} chữ số, nhiều hơn mức tối đa {limit} chữ số của một số",
    ),
    "too_many_errors": (
        "stopped after {count} syntax errors; the rest of the file, from here, was not checked",
        "dừng sau {count} lỗi cú pháp; phần còn lại của tệp, từ đây, chưa được kiểm tra",
    ),
    "unknown_escape": (
        "unknown escape {escape} in quoted text: the escapes are \\\" \\\\ \\n \\t \\r and \\u{{…}}; "
        "write \\\\ for a backslash",
        "ký tự thoát {escape} không hợp lệ trong chuỗi: chỉ có \\\" \\\\ \\n \\t \\r và \\u{{…}}; "
        "viết \\\\ cho một dấu gạch chéo ngược",
    ),
    "bad_unicode_escape": (
        "escape {escape} is no character: write \\u{{…}} with 1 to 6 hexadecimal digits, at most 10FFFF, "
        "outside D800-DFFF",
        "ký tự thoát {escape} không phải là một ký tự: viết \\u{{…}} với 1 đến 6 chữ số thập lục phân, "
        "tối đa 10FFFF, ngoài khoảng D800-DFFF",
    ),
    "unexpected": (
        "unexpected {found}; expected {expected}",
        "không đúng chỗ: {found}; cần {expected}",
    ),
    "unexpected_eof": (
        "the file ends too early; expected {expected}",
        "tệp kết thúc sớm; cần {expected}",
    ),
    "until_before_start": (
        "the plan's end date (hiệu lực đến) {until} is before it is in force, {start}",
        "ngày hết hiệu lực {until} trước ngày kế hoạch có hiệu lực {start}",
    ),
    "bad_address": (
        "{found} is not an address; an address is a section path ({paths}), a table row ({rows}), "
        "an article, clause or point ({articles}), an appendix ({appendices}) or the preamble ({preambles})",
        "{found} không phải là số hiệu hợp lệ; số hiệu là số mục ({paths}), dòng của bảng ({rows}), "
        "điều, khoản, điểm ({articles}), phụ lục ({appendices}) hoặc phần mở đầu ({preambles})",
    ),
    "unexpected_char": (
        "unexpected character {found}; expected {expected}",
        "ký tự không hợp lệ {found}; cần {expected}",
    ),
    "bad_month": (
        "{text} is not a date: there is no month {month}",
        "{text} không phải là ngày hợp lệ: không có tháng {month}",
    ),
    "bad_day": (
        "{text} is not a date: month {month}/{year} has {days} days",
        "{text} không phải là ngày hợp lệ: tháng {month}/{year} chỉ có {days} ngày",
    ),
    "bad_offset": (
        "{days} days after an event: the number of days must be 1 or more",
        "{days} ngày sau sự kiện: số ngày phải từ 1 trở lên",
    ),
    "hard_without_due_date": (
        "a deadline without a due date (thường xuyên, sau khi) has no last day to keep from moving",
        "thời hạn không có ngày đến hạn (thường xuyên, sau khi) thì không có ngày cuối để không gia hạn",
    ),
    "bad_day_of_month": (
        "day {day} does not exist in any month (1-31)",
        "không có ngày {day} trong tháng (1-31)",
    ),
    "data_window_not_a_year": (
        "a data window runs one year, from a day of the previous year to the day before it: from {start} of "
        "the previous year to {end}",
        "khoảng số liệu là một năm, từ một ngày của năm trước đến ngày liền trước ngày đó: từ ngày {start} năm "
        "trước đến ngày {end}",
    ),
    "span_order": (
        "{text} is not a span: it runs from an earlier year to a later one ({last} is not after {first}); one "
        "year is 'trong năm' or 'cuối năm'",
        "{text} không phải là một giai đoạn: giai đoạn đi từ năm trước đến năm sau ({last} không sau {first}); "
        "một năm thì viết 'trong năm' hay 'cuối năm'",
    ),
    "data_window_at_date": (
        "a data window says which days make each year: a target judged on a day (đến ngày) has its own days",
        "khoảng số liệu cho biết những ngày tạo nên mỗi năm: chỉ tiêu đánh giá tại một ngày (đến ngày) đã có "
        "những ngày của riêng nó",
    ),
    "data_window_bad_start": (
        "a data window cannot start on {start} of the previous year: 01/01 would make it two calendar years "
        "(the calendar year needs no window), and 29/02 is not in every year",
        "khoảng số liệu không thể bắt đầu từ ngày {start} năm trước: 01/01 sẽ thành hai năm dương lịch (năm "
        "dương lịch không cần khoảng số liệu), và 29/02 không có trong mọi năm",
    ),
    "bad_day_month": (
        "{text} is not a day of the year (month {month} has at most {days} days)",
        "{text} không phải là một ngày trong năm (tháng {month} có tối đa {days} ngày)",
    ),
    "lead_mode_one_lead": (
        "{word} is said of several leads: this task names one ({lead}); a group as the lead binds each member "
        "on its own",
        "{word} chỉ dùng khi có nhiều đơn vị chủ trì: nhiệm vụ này chỉ nêu một ({lead}); nhóm chủ trì thì mỗi thành "
        "viên tự chịu trách nhiệm",
    ),
    "lead_mode_twice": (
        "{word} contradicts {first}, said of the same leads",
        "{word} mâu thuẫn với {first} đã nêu cho cùng các đơn vị chủ trì",
    ),
    "bad_lines": (
        "source lines {first}-{last} run backwards",
        "dòng nguồn {first}-{last} bị ngược",
    ),
    "bad_year": ("{text} is not a year between 1900 and 2200", "{text} không phải là năm hợp lệ (1900-2200)"),
    "zero_denominator": ("{text}: a fraction cannot divide by zero", "{text}: không thể chia cho 0"),
    "range_units": (
        "the two ends of a range are in different units ({low} and {high}): write one unit, on either end or both",
        "hai đầu của khoảng có đơn vị khác nhau ({low} và {high}): ghi một đơn vị, ở một đầu hoặc cả hai",
    ),
    "range_reversed": (
        "a range from {low} to {high} runs backwards: write the lower end first",
        "khoảng từ {low} đến {high} bị ngược: ghi đầu nhỏ trước",
    ),
    "duplicate_header": (
        "{what} is given twice (first at line {line})",
        "{what} được khai báo hai lần (lần đầu ở dòng {line})",
    ),
    # hints at a syntax error
    "hint_colon": ('add ":" after {keyword}', 'thêm dấu ":" sau {keyword}'),
    "hint_percent": (
        'a percentage needs a number before "%", e.g. 60%',
        'tỷ lệ phần trăm cần một số trước "%", ví dụ 60%',
    ),
    "hint_date": (
        "write dates as dd/mm/yyyy (04/6/2026) or yyyy-mm-dd (2026-06-04)",
        "viết ngày theo dạng dd/mm/yyyy (04/6/2026) hoặc yyyy-mm-dd (2026-06-04)",
    ),
    "hint_quote": (
        'put text in double quotes: "…"',
        'đặt văn bản trong dấu ngoặc kép: "…"',
    ),
    "hint_brace": (
        'a block opened with "{{" needs a closing "}}"',
        'khối mở bằng "{{" cần được đóng bằng "}}"',
    ),
    # name resolution (resolver)
    "unknown_unit": ("unknown unit {name}", "đơn vị {name} chưa được khai báo"),
    "unknown_event": ("unknown event {name}", "sự kiện {name} chưa được khai báo"),
    "unknown_metric": ("unknown metric {name}", "chỉ số {name} chưa được khai báo"),
    "unknown_kind": ("unknown record kind {name}", "loại bản ghi {name} chưa được khai báo"),
    "kind_has_no_field": ("record kind {kind} has no field {name}", "loại bản ghi {kind} không có trường {name}"),
    "unknown_category": ("{field} has no category {name}", "trường {field} không có giá trị {name}"),
    "not_flag": (
        "{kind}.{name} is not a yes/no field, so it cannot be a condition on its own",
        "{kind}.{name} không phải trường có/không nên không thể đứng một mình làm điều kiện",
    ),
    "not_category": ("{kind}.{name} is not a category field", "{kind}.{name} không phải trường phân loại"),
    "not_measure": (
        "{kind}.{name} is not a number (days, integer, decimal or percent), so it cannot be capped",
        "{kind}.{name} không phải một số (số ngày, số nguyên, số thập phân, phần trăm) nên không thể đặt mức tối đa",
    ),
    "cut_needs_count": (
        "a cut or a growth vs a base year needs a count, a share, a sum, a ratio or a reported figure; metric "
        "{name} is none of them",
        "mức giảm hay mức tăng so với năm gốc phải tính trên một số lượng, một tỷ lệ, một tổng, một tỷ số hoặc một "
        "số liệu báo cáo; chỉ số {name} không thuộc loại nào trong đó",
    ),
    "average_needs_count": (
        "an average growth compounds an amount: a count, a sum or a reported figure not in %; metric {name} is "
        "none of them (the change of a percentage is in points: use a growth vs a base year)",
        "tăng trưởng bình quân tính trên một lượng: số lượng, tổng hoặc số liệu báo cáo không tính bằng %; chỉ số "
        "{name} không thuộc loại nào trong đó (mức thay đổi của một tỷ lệ tính bằng điểm %: dùng mức tăng so với "
        "năm gốc)",
    ),
    "needs_percent": (
        "a share, a cut or a growth is a percentage: write the threshold with %",
        "tỷ lệ, mức giảm hay mức tăng là phần trăm: viết ngưỡng kèm dấu %",
    ),
    "needs_points": (
        "the change of a share is in percentage points: write the threshold with điểm % (points)",
        "mức thay đổi của một tỷ lệ tính bằng điểm phần trăm: viết ngưỡng kèm điểm %",
    ),
    "average_needs_span": (
        "an average growth is judged over a span: write its period as giai đoạn 2021-2025 (during 2021-2025)",
        "tăng trưởng bình quân được đánh giá cho cả giai đoạn: viết thời hạn dạng giai đoạn 2021-2025",
    ),
    "base_year_not_before": (
        "the base year {base} must come before the year the target is judged for ({year})",
        "năm gốc {base} phải trước năm đánh giá chỉ tiêu ({year})",
    ),
    "needs_days": (
        "{name} is a number of days: write the cap in days (e.g. 1/2 ngày)",
        "{name} là số ngày: viết mức tối đa theo ngày (ví dụ 1/2 ngày)",
    ),
    "needs_count": (
        "a count is a plain number: write the threshold without % or days",
        "số lượng là một số: viết ngưỡng không kèm % hay ngày",
    ),
    "field_clash": (
        "record kind {kind} has a field {name} already (at {other}): give the added field another name",
        "loại bản ghi {kind} đã có trường {name} (tại {other}): đặt tên khác cho trường bổ sung",
    ),
    "not_number": (
        "{kind}.{name} is not a number field (days, integer, decimal or percent), so it cannot be compared "
        "with a number",
        "{kind}.{name} không phải trường số (số ngày, số nguyên, số thập phân, phần trăm) nên không thể so "
        "sánh với một số",
    ),
    "condition_number": (
        "{name} is a plain number: compare it with a number without % or days",
        "{name} là một số: so sánh với một số không kèm % hay ngày",
    ),
    "condition_percent": (
        "{name} is a percentage: compare it with a number with % (50%)",
        "{name} là phần trăm: so sánh với một số kèm dấu % (50%)",
    ),
    "condition_days": (
        "{name} is a number of days: compare it with days (1/2 ngày)",
        "{name} là số ngày: so sánh với một số ngày (1/2 ngày)",
    ),
    "needs_percent_field": (
        "{name} is a percentage: write the threshold with %",
        "{name} là phần trăm: viết ngưỡng kèm dấu %",
    ),
    "needs_decimal": (
        "{name} is a decimal number: write the threshold as a plain number, without % or days",
        "{name} là số thập phân: viết ngưỡng là một số, không kèm % hay ngày",
    ),
    "needs_number": (
        "{name} is a whole number: write the threshold as a plain number, without % or days",
        "{name} là số nguyên: viết ngưỡng là một số, không kèm % hay ngày",
    ),
    "not_summed": (
        "{kind}.{name} is not a whole number, a decimal or a number of days, so it cannot be summed",
        "{kind}.{name} không phải số nguyên, số thập phân hay số ngày nên không thể tính tổng",
    ),
    "ratio_needs_measure": (
        "a ratio divides counts, sums or reported figures; metric {name} is none of them",
        "tỷ số chia các số lượng, tổng hoặc số liệu báo cáo; chỉ số {name} không thuộc loại nào trong đó",
    ),
    "reported_inline": (
        "a reported figure needs a name (chỉ số NAME: số liệu báo cáo): facts report it under that name",
        "số liệu báo cáo cần một tên (chỉ số TÊN: số liệu báo cáo): dữ liệu báo cáo theo tên đó",
    ),
    "reported_unit": (
        "this figure is reported in {unit}: write the threshold in it",
        "số liệu này tính bằng {unit}: viết ngưỡng theo đơn vị đó",
    ),
    "ratio_needs_percent": (
        "a ratio is a percentage: write the threshold with % (it may pass 100%)",
        "tỷ số là phần trăm: viết ngưỡng kèm dấu % (có thể vượt 100%)",
    ),
    "share_over_100": ("a share cannot exceed 100%", "tỷ lệ không thể vượt quá 100%"),
    "cumulative_not_summed": (
        "a running total (lũy kế) or a span (giai đoạn) adds up counts or shares over the years: a change vs a "
        "base year or a per-record cap has none",
        "chỉ tiêu lũy kế hay cho cả giai đoạn cộng dồn số lượng hoặc tỷ lệ qua các năm: mức giảm, mức tăng so "
        "với năm gốc hay mức trần cho từng bản ghi không cộng dồn được",
    ),
    "tasks_each_year": (
        "a share of tasks completed is judged on each year's deadline verdicts: it has no running total (lũy kế), "
        "span (giai đoạn) or data window",
        "tỷ lệ nhiệm vụ hoàn thành được đánh giá theo kết quả thời hạn của từng năm: không có lũy kế, giai đoạn "
        "hay kỳ số liệu riêng",
    ),
    "cumulative_reported": (
        "a running total (lũy kế) or a span (giai đoạn) adds up records over the years: a reported figure is "
        "one year's, as the body reports it",
        "chỉ tiêu lũy kế hay cho cả giai đoạn cộng dồn bản ghi qua các năm: số liệu báo cáo là số liệu của "
        "từng năm do cơ quan báo cáo",
    ),
    "cumulative_snapshot": (
        "a running total (lũy kế) or a span (giai đoạn) adds up dated records over the years: {kind} has no "
        "date field, so each year's register is the same list",
        "chỉ tiêu lũy kế hay cho cả giai đoạn cộng dồn các bản ghi có ngày qua các năm: {kind} không có trường "
        "ngày, danh sách mỗi năm là một",
    ),
    "category_without_by": (
        "({category}) needs a per-record metric grouped by a category field",
        "({category}) cần một chỉ số tính trên từng bản ghi, phân theo một trường phân loại",
    ),
    "duplicate_name": (
        "{what} {name} is declared again, differently (first at {other})",
        "{what} {name} được khai báo lại với nội dung khác (lần đầu ở {other})",
    ),
    # a library of plans (library)
    "no_plans": ("no .plan files under {path}", "không có tệp .plan nào trong {path}"),
    "duplicate_number": (
        "plan number {number} is given to two files: {first} and {second}",
        "số kế hoạch {number} được dùng cho hai tệp: {first} và {second}",
    ),
    "hint_duplicate_number": (
        "a plan naming {number} in its cấp trên gets {first} (the first by path); give each plan its own number",
        "kế hoạch nào ghi {number} ở cấp trên sẽ được hiểu là {first} (tệp đầu tiên theo đường dẫn); "
        "mỗi kế hoạch cần một số riêng",
    ),
    "parent_cycle": (
        "the parents (cấp trên) form a cycle: {cycle}",
        "các kế hoạch cấp trên tạo thành vòng lặp: {cycle}",
    ),
    "hint_parent_cycle": (
        "a plan cannot be its own ancestor: remove one link of the cycle, e.g. {number} from the cấp trên of {file}",
        "một kế hoạch không thể là cấp trên của chính nó: bỏ một mắt của vòng lặp, ví dụ bỏ {number} "
        "khỏi cấp trên của {file}",
    ),
    "external_parent": (
        "parent plan {number} is not encoded here: an external reference, whose targets and tasks are not checked",
        "kế hoạch cấp trên {number} chưa được mã hóa: tham chiếu ngoài, không kiểm tra được chỉ tiêu và nhiệm vụ của nó",
    ),
}


class LanguageMessage(Message):
    """A message of the language stage: a key of `MESSAGES` and its arguments."""

    catalogue: ClassVar[dict[str, tuple[str, str]]] = MESSAGES
