"""The base's message catalogue: key -> (English, Vietnamese), each a str.format template.

One catalogue per package (docs/architecture.md): a package's messages are
rendered through its own `Message` subclass, whose `catalogue` is its own
dict, so no module adds to another's and no key is defined twice
(tests/test_messages.py). A key used by several packages lives in the lowest
of them.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    "no_verdicts": (
        "no verdict: plan {plan} binds none of the units judged ({units}), so nothing was evaluated",
        "không có kết quả đánh giá: kế hoạch {plan} không ràng buộc đơn vị nào được đánh giá ({units})",
    ),
    "no_units": ("none", "không có"),
    "absent_unit_attribute": (
        "unit {unit} has no {name} to be rolled up by: plan {plan} binds it (it leads a task) but the facts do not "
        "mention it; list it in the units table with its {name}",
        "đơn vị {unit} không có {name} để tổng hợp: kế hoạch {plan} giao nhiệm vụ cho đơn vị (chủ trì) nhưng số liệu "
        "không nêu đơn vị này; hãy ghi đơn vị vào bảng units cùng {name} của nó",
    ),
    "bad_as_of": (
        "--as-of {text} is not a date (write 2026-12-31 or 31/12/2026)",
        "--as-of {text} không phải là ngày (viết 2026-12-31 hoặc 31/12/2026)",
    ),
    "parent_not_in_library": (
        "parent plan {number} is not in the library: none of its targets is inherited or evaluated",
        "kế hoạch cấp trên {number} không có trong thư viện: không chỉ tiêu nào của nó được kế thừa và đánh giá",
    ),
    "hint_library": ("encode it, or give the folder holding it with --library",
                     "hãy mã hóa nó, hoặc chỉ ra thư mục chứa nó bằng --library"),
    "unexpected": (
        "unexpected {found}; expected {expected}",
        "không đúng chỗ: {found}; cần {expected}",
    ),
    "unexpected_eof": (
        "the file ends too early; expected {expected}",
        "tệp kết thúc sớm; cần {expected}",
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
    "bad_day_of_month": (
        "day {day} does not exist in any month (1-31)",
        "không có ngày {day} trong tháng (1-31)",
    ),
    "bad_day_month": (
        "{text} is not a day of the year (month {month} has at most {days} days)",
        "{text} không phải là một ngày trong năm (tháng {month} có tối đa {days} ngày)",
    ),
    "bad_quarter": ("there is no quarter {text} (I-IV)", "không có quý {text} (I-IV)"),
    "bad_lines": (
        "source lines {first}-{last} run backwards",
        "dòng nguồn {first}-{last} bị ngược",
    ),
    "bad_year": ("{text} is not a year between 1900 and 2200", "{text} không phải là năm hợp lệ (1900-2200)"),
    "zero_denominator": ("{text}: a fraction cannot divide by zero", "{text}: không thể chia cho 0"),
    "duplicate_header": (
        "{what} is given twice (first at line {line})",
        "{what} được khai báo hai lần (lần đầu ở dòng {line})",
    ),
    "too_deep": (
        "nesting deeper than {limit} levels",
        "lồng nhau quá {limit} cấp",
    ),
    "unreadable": ("cannot read {path}: {reason}", "không đọc được {path}: {reason}"),
    "not_utf8": (
        "{path} is not UTF-8 text (byte {offset})",
        "{path} không phải văn bản UTF-8 (byte {offset})",
    ),
    "no_plans": ("no .plan files under {path}", "không có tệp .plan nào trong {path}"),
    "more_findings": (
        "… and {count} more {code} finding(s) in this file, not listed (at most {limit} of a code per file)",
        "… và {count} kết quả {code} khác trong tệp này, không liệt kê (tối đa {limit} kết quả mỗi mã trong một tệp)",
    ),
    # name resolution
    "unknown_unit": ("unknown unit {name}", "đơn vị {name} chưa được khai báo"),
    "unknown_event": ("unknown event {name}", "sự kiện {name} chưa được khai báo"),
    "unknown_metric": ("unknown metric {name}", "chỉ số {name} chưa được khai báo"),
    "unknown_kind": ("unknown record kind {name}", "loại bản ghi {name} chưa được khai báo"),
    "unknown_field": ("record kind {kind} has no field {name}", "loại bản ghi {kind} không có trường {name}"),
    "unknown_category": ("{field} has no category {name}", "trường {field} không có giá trị {name}"),
    "not_flag": (
        "{kind}.{name} is not a yes/no field, so it cannot be a condition on its own",
        "{kind}.{name} không phải trường có/không nên không thể đứng một mình làm điều kiện",
    ),
    "not_category": ("{kind}.{name} is not a category field", "{kind}.{name} không phải trường phân loại"),
    "not_measure": (
        "{kind}.{name} is not a number of days or an integer, so it cannot be capped",
        "{kind}.{name} không phải số ngày hay số nguyên nên không thể đặt mức tối đa",
    ),
    "cut_needs_count": (
        "a cut vs the previous year needs a count; metric {name} is not one",
        "mức giảm so với năm trước phải tính trên một số lượng; chỉ số {name} không phải số lượng",
    ),
    "needs_percent": (
        "a share or a cut is a percentage: write the threshold with %",
        "tỷ lệ hoặc mức giảm là phần trăm: viết ngưỡng kèm dấu %",
    ),
    "needs_days": (
        "{name} is a number of days: write the cap in days (e.g. 1/2 ngày)",
        "{name} là số ngày: viết mức tối đa theo ngày (ví dụ 1/2 ngày)",
    ),
    "needs_count": (
        "a count is a plain number: write the threshold without % or days",
        "số lượng là một số: viết ngưỡng không kèm % hay ngày",
    ),
    "needs_number": (
        "{name} is a whole number: write the threshold as a plain number, without % or days",
        "{name} là số nguyên: viết ngưỡng là một số, không kèm % hay ngày",
    ),
    "share_over_100": ("a share cannot exceed 100%", "tỷ lệ không thể vượt quá 100%"),
    "category_without_by": (
        "({category}) needs a per-record metric grouped by a category field",
        "({category}) cần một chỉ số tính trên từng bản ghi, phân theo một trường phân loại",
    ),
    "duplicate_name": (
        "{what} {name} is declared again, differently (first at {other})",
        "{what} {name} được khai báo lại với nội dung khác (lần đầu ở {other})",
    ),
    # hints
    "hint_colon": ('add ":" after {keyword}', 'thêm dấu ":" sau {keyword}'),
    "hint_keyword": ("did you mean {suggestion}?", "có phải ý bạn là {suggestion}?"),
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
}
