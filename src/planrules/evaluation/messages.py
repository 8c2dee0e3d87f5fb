"""The evaluation catalogue: every sentence evaluation says, in English and Vietnamese.

One catalogue for the package: the sentences that explain a verdict (a
target's, a deadline's, a unit's the facts leave out), the problems of facts
that do not fit a plan (F2xx), of a roll-up's grouping, and of a plan that
cannot be compiled or judged that far ahead. `EvaluationMessage` renders
from it, and so does `verdicts.Explanation`, a sentence of a verdict.

The key of an explanation is written into the TOML and JSON of a report
(`explanation = [{ key = "share", … }]`) and read back from it: an
explanation's key is data, never renamed.
"""

from __future__ import annotations

from typing import ClassVar

from ..base.diagnostics import Message

__all__ = ["MESSAGES", "EvaluationMessage"]

# key -> (English, Vietnamese): str.format templates; their arguments arrive as text
# (numbers through `verdicts.show`, dates through `verdicts.show_date`).
MESSAGES: dict[str, tuple[str, str]] = {
    # explanations of a target's verdict (rules):
    "share": (
        "{part} of {whole} {kind} records in {year} meet {cond}: {compared}.",
        "{part}/{whole} bản ghi {kind} năm {year} thỏa mãn {cond}: {compared}.",
    ),
    "share_excluded": (
        "{excluded} record(s) meeting {excl} were left out of both counts.",
        "{excluded} bản ghi thỏa mãn {excl} được loại khỏi cả tử số và mẫu số.",
    ),
    "assessed_met": (
        "\"{text}\" assessed met for {year} by {assessor} on {date} ({origin}).",
        "\"{text}\" được {assessor} đánh giá đạt năm {year}, ngày {date} ({origin}).",
    ),
    "assessed_not_met": (
        "\"{text}\" assessed not met for {year} by {assessor} on {date} ({origin}).",
        "\"{text}\" được {assessor} đánh giá không đạt năm {year}, ngày {date} ({origin}).",
    ),
    "assessed_none": (
        "No assessment of \"{text}\" for {year} by {assessors} reported.",
        "Chưa có đánh giá của {assessors} về \"{text}\" năm {year}.",
    ),
    "assessed_open": (
        "No assessment of \"{text}\" for {year} by {assessors} yet; the year is judged on {until}.",
        "Chưa có đánh giá của {assessors} về \"{text}\" năm {year}; năm được đánh giá vào ngày {until}.",
    ),
    "assessed_not_named": (
        "Not counted: the assessment by {assessor} on {date} ({origin}), since the target names {assessors} as "
        "assessor.",
        "Không tính đánh giá của {assessor} ngày {date} ({origin}): chỉ tiêu giao {assessors} đánh giá.",
    ),
    "assessed_later": (
        "Not counted: the assessment by {assessor} dated {date}, after {as_of}.",
        "Không tính đánh giá của {assessor} ngày {date}, sau ngày {as_of}.",
    ),
    "assessed_contradict": (
        "The assessments for {year} contradict each other: no verdict is taken from either.",
        "Các đánh giá năm {year} mâu thuẫn nhau: không lấy kết quả nào.",
    ),
    "tasks_share": (
        "{part} of {whole} task deadlines due in {year} {what}: {compared}.",
        "{part}/{whole} thời hạn nhiệm vụ đến hạn năm {year} {what}: {compared}.",
    ),
    "tasks_none": (
        "No task deadline falls due in {year}: no share of tasks {what} to judge.",
        "Năm {year} không có thời hạn nhiệm vụ nào đến hạn: không có tỷ lệ nhiệm vụ {what} để đánh giá.",
    ),
    "tasks_open": (
        "{part} of {whole} task deadlines due in {year} {what}, {n} not decided yet ({list}): between {low} and "
        "{high}.",
        "{part}/{whole} thời hạn nhiệm vụ đến hạn năm {year} {what}, {n} chưa rõ kết quả ({list}): từ {low} đến "
        "{high}.",
    ),
    "tasks_decided": (
        "Either way the target is decided.",
        "Dù các thời hạn đó ra sao, kết quả chỉ tiêu vẫn không đổi.",
    ),
    "share_undefined": (
        "No {kind} record in {year} counts toward the share: it is undefined (0/0), so the target does not apply.",
        "Năm {year} không có bản ghi {kind} nào để tính tỷ lệ (0/0): chỉ tiêu không áp dụng.",
    ),
    "share_undefined_met": (
        "No {kind} record in {year} counts toward the share (0/0): the target counts that as met (if none: met).",
        "Năm {year} không có bản ghi {kind} nào để tính tỷ lệ (0/0): chỉ tiêu tính là đạt (nếu không phát sinh: đạt).",
    ),
    "cut": (
        "{kind}{cond}: {baseline} in {previous}, {current} in {year}: a cut of {compared}.",
        "{kind}{cond}: {baseline} năm {previous}, {current} năm {year}: giảm {compared}.",
    ),
    "cut_increase": (  # a negative cut: said as what it is
        "{kind}{cond}: {baseline} in {previous}, {current} in {year}: an increase of {rise}, not a cut ({compared}).",
        "{kind}{cond}: {baseline} năm {previous}, {current} năm {year}: tăng {rise}, không phải giảm ({compared}).",
    ),
    "cut_zero_both": (
        "{kind}{cond}: none in {previous} and none in {year}: there is nothing to cut, so the target does not apply.",
        "{kind}{cond}: năm {previous} và năm {year} đều bằng 0: không có gì để giảm, chỉ tiêu không áp dụng.",
    ),
    "cut_zero_both_met": (
        "{kind}{cond}: none in {previous} and none in {year}: nothing to cut, which the target counts as met "
        "(if none: met).",
        "{kind}{cond}: năm {previous} và năm {year} đều bằng 0: không có gì để giảm, chỉ tiêu tính là đạt "
        "(nếu không phát sinh: đạt).",
    ),
    "cut_snapshot": (
        "{kind} records have no date: they are the state at the date of the facts, the same for {previous} and "
        "{year}, so a cut between the two years cannot be computed from them; report each year's count instead.",
        "Bản ghi {kind} không có ngày: đó là tình trạng tại thời điểm báo cáo, giống nhau cho năm {previous} và "
        "năm {year}, nên không tính được mức giảm giữa hai năm từ các bản ghi này; hãy báo cáo số lượng của từng năm.",
    ),
    "cut_from_zero": (
        "{kind}{cond}: none in {previous} but {current} in {year}: an increase from zero is not a cut.",
        "{kind}{cond}: năm {previous} bằng 0 nhưng năm {year} là {current}: tăng từ 0, không phải giảm.",
    ),
    "cut_from_zero_kept": (  # a cut bounded only from above (`mức giảm … dưới 5%`): an increase keeps it
        "{kind}{cond}: none in {previous} but {current} in {year}: an increase, no cut at all, which keeps a "
        "maximum cut.",
        "{kind}{cond}: năm {previous} bằng 0 nhưng năm {year} là {current}: tăng, không giảm, nên không vượt "
        "mức giảm tối đa.",
    ),
    "growth": (
        "{kind}{cond}: {baseline} in {previous}, {current} in {year}: a growth of {compared}.",
        "{kind}{cond}: {baseline} năm {previous}, {current} năm {year}: tăng {compared}.",
    ),
    "growth_decrease": (  # a negative growth: said as what it is
        "{kind}{cond}: {baseline} in {previous}, {current} in {year}: a fall of {rise}, not a growth ({compared}).",
        "{kind}{cond}: {baseline} năm {previous}, {current} năm {year}: giảm {rise}, không phải tăng ({compared}).",
    ),
    "growth_zero_both": (
        "{kind}{cond}: none in {previous} and none in {year}: there is nothing to grow from, so the target does "
        "not apply.",
        "{kind}{cond}: năm {previous} và năm {year} đều bằng 0: không có gì để tăng, chỉ tiêu không áp dụng.",
    ),
    "growth_zero_both_met": (
        "{kind}{cond}: none in {previous} and none in {year}: nothing to grow from, which the target counts as met "
        "(if none: met).",
        "{kind}{cond}: năm {previous} và năm {year} đều bằng 0: không có gì để tăng, chỉ tiêu tính là đạt "
        "(nếu không phát sinh: đạt).",
    ),
    "growth_from_zero": (
        "{kind}{cond}: none in {previous} but {current} in {year}: a growth from zero is undefined (no "
        "percentage of 0), so whether the target is met is unknown.",
        "{kind}{cond}: năm {previous} bằng 0 nhưng năm {year} là {current}: mức tăng so với 0 không xác định "
        "(không tính được phần trăm của 0), chưa rõ có đạt không.",
    ),
    "change_snapshot": (
        "{kind} records have no date: they are the state at the date of the facts, the same for {previous} and "
        "{year}, so a change between the two years cannot be computed from them; report each year's count instead.",
        "Bản ghi {kind} không có ngày: đó là tình trạng tại thời điểm báo cáo, giống nhau cho năm {previous} và "
        "năm {year}, nên không tính được mức thay đổi giữa hai năm từ các bản ghi này; hãy báo cáo số lượng của "
        "từng năm.",
    ),
    "average_growth": (
        "{kind}{cond}: {baseline} in {previous}, {current} in {year}: over {years} years, an average growth of "
        "{compared} a year (rounded to 0.1 percentage point; judged exactly, {current}/{baseline} against {power}).",
        "{kind}{cond}: {baseline} năm {previous}, {current} năm {year}: sau {years} năm, tăng trưởng bình quân "
        "{compared} mỗi năm (làm tròn đến 0,1 điểm phần trăm; đánh giá chính xác {current}/{baseline} so với "
        "{power}).",
    ),
    "average_growth_of": (  # of a sum or a reported figure: its two values in their unit
        "{kind}: {baseline} in {previous}, {current} in {year}: over {years} years, an average growth of {compared} "
        "a year (rounded to 0.1 percentage point; judged exactly, the ratio of the two against {power}).",
        "{kind}: {baseline} năm {previous}, {current} năm {year}: sau {years} năm, tăng trưởng bình quân {compared} "
        "mỗi năm (làm tròn đến 0,1 điểm phần trăm; đánh giá chính xác tỷ số hai giá trị so với {power}).",
    ),
    "change_below_zero": (
        "{kind}: {baseline} in {previous}, {current} in {year}: a change in percent of a value below zero has no "
        "meaning, so whether the target is met is unknown.",
        "{kind}: {baseline} năm {previous}, {current} năm {year}: không tính được mức thay đổi theo phần trăm của "
        "một giá trị âm, nên chưa rõ chỉ tiêu có đạt không.",
    ),
    "ratio_change_undefined": (
        "{kind}: nothing to divide by in {empty}, so the ratio is undefined and its change from {previous} to "
        "{year} cannot be computed.",
        "{kind}: năm {empty} mẫu số bằng 0, tỷ số không xác định nên không tính được mức thay đổi từ năm "
        "{previous} đến năm {year}.",
    ),
    "ratio_change_undefined_met": (
        "{kind}: nothing to divide by in {empty}: nothing to measure, which the target counts as met (if none: "
        "met).",
        "{kind}: năm {empty} mẫu số bằng 0: không phát sinh, chỉ tiêu tính là đạt (nếu không phát sinh: đạt).",
    ),
    "open_change_total": (
        "The year {year} closes on 31/12/{year}; {current} so far (to {as_of}), against {baseline} for "
        "{previous}: part of a year is not compared with a whole one. The target ({target}) is kept if {year} "
        "ends with a total {bound}.",
        "Năm {year} kết thúc ngày 31/12/{year}; đến nay (ngày {as_of}) là {current}, so với {baseline} của năm "
        "{previous}: không so sánh một phần năm với cả năm. Chỉ tiêu ({target}) đạt nếu cả năm {year} có tổng "
        "{bound}.",
    ),
    "share_growth": (
        "Share of {kind}{cond}: {baseline} ({before}) in {previous}, {current} ({now}) in {year}: a rise of "
        "{compared}.",
        "Tỷ lệ {kind}{cond}: {baseline} ({before}) năm {previous}, {current} ({now}) năm {year}: tăng {compared}.",
    ),
    "share_cut": (
        "Share of {kind}{cond}: {baseline} ({before}) in {previous}, {current} ({now}) in {year}: a fall of "
        "{compared}.",
        "Tỷ lệ {kind}{cond}: {baseline} ({before}) năm {previous}, {current} ({now}) năm {year}: giảm {compared}.",
    ),
    "share_change_undefined": (
        "Share of {kind}{cond}: no record counts toward it in {empty}, so the share is undefined (0/0) and its "
        "change from {previous} to {year} cannot be computed.",
        "Tỷ lệ {kind}{cond}: năm {empty} không có bản ghi nào để tính tỷ lệ (0/0), nên không tính được mức thay "
        "đổi từ năm {previous} đến năm {year}.",
    ),
    "share_change_undefined_met": (
        "Share of {kind}{cond}: no record counts toward it in {empty}: nothing to measure, which the target counts "
        "as met (if none: met).",
        "Tỷ lệ {kind}{cond}: năm {empty} không có bản ghi nào để tính tỷ lệ: không phát sinh, chỉ tiêu tính là đạt "
        "(nếu không phát sinh: đạt).",
    ),
    "base_not_before": (
        "{year} is not after the base year {previous}: there is no change to measure, so the target does not "
        "apply.",
        "Năm {year} không sau năm gốc {previous}: không có mức thay đổi để đo, chỉ tiêu không áp dụng.",
    ),
    "count": (  # cond: " " and the condition counted, or "" when every record counts
        "{value} {kind} records{cond} in {year}: {compared}.",
        "{value} bản ghi {kind}{cond} năm {year}: {compared}.",
    ),
    "cap_ok": (  # extreme: the value a cap is kept by, the largest (at most) or the smallest (at least)
        "{n} {kind} record(s){category} since {start}; the {extreme} {field} is {compared}.",
        "{n} bản ghi {kind}{category} từ {start}; {field} {extreme} là {compared}.",
    ),
    "cap_broken": (  # beyond: "exceed" a maximum, "fall below" a minimum
        "{n} of {total} {kind} record(s){category} {beyond} {threshold}: {list}.",
        "{n}/{total} bản ghi {kind}{category} {beyond} {threshold}: {list}.",
    ),
    "cap_none": (
        "No {kind} record{category} since {start} in {year}: the cap has nothing to apply to.",
        "Năm {year} không có bản ghi {kind}{category} nào từ {start}: không áp dụng.",
    ),
    "cap_none_met": (
        "No {kind} record{category} since {start} in {year}: nothing to apply the cap to, which the target counts "
        "as met (if none: met).",
        "Năm {year} không có bản ghi {kind}{category} nào từ {start}: chỉ tiêu tính là đạt (nếu không phát sinh: đạt).",
    ),
    "cap_unknown": (
        "{n} {kind} record(s) lack {field}, so whether they keep the cap is unknown: {list}.",
        "{n} bản ghi {kind} thiếu {field}, chưa rõ có vượt giới hạn không: {list}.",
    ),
    "cap_counts_only": (
        "Caps are judged per record, but for {year} only counts of {kind} were reported ({what}): "
        "whether each one kept the cap is unknown.",
        "Giới hạn được đánh giá trên từng bản ghi, nhưng năm {year} chỉ có số liệu tổng hợp {kind} ({what}): "
        "chưa rõ từng bản ghi có vượt giới hạn không.",
    ),
    "unknown_no_facts": (
        "No {kind} records and no count of {kind}{cond} for {year}: the value is unknown (absence is never zero).",
        "Không có bản ghi cũng như số liệu {kind}{cond} năm {year}: chưa rõ giá trị (thiếu số liệu không coi là 0).",
    ),
    "unknown_field": (
        "{n} {kind} record(s) in {year} lack {field}: {list}.",
        "{n} bản ghi {kind} năm {year} thiếu {field}: {list}.",
    ),
    "unknown_no_date": (
        "{n} {kind} record(s) have no date, so their year is unknown: {list}.",
        "{n} bản ghi {kind} không có ngày nên không rõ thuộc năm nào: {list}.",
    ),
    "reported_figure": (
        "{metric} for {year} as reported ({origin}): {compared}.",
        "{metric} năm {year} theo số liệu báo cáo ({origin}): {compared}.",
    ),
    "unknown_no_figure": (
        "No figure of {metric} was reported for {year}: the value is unknown (a missing figure is never zero, "
        "and the target still applies).",
        "Chưa có số liệu báo cáo {metric} năm {year}: chưa rõ giá trị (thiếu số liệu không coi là 0, chỉ tiêu vẫn "
        "áp dụng).",
    ),
    "unknown_counts_only": (
        "Only counts of {kind} were reported for {year}: the total of {field} needs the records, so it is unknown.",
        "Năm {year} chỉ có số lượng {kind}, không có từng bản ghi: chưa rõ tổng {field}.",
    ),
    "sum": (
        "The {field} of {n} {kind} records{cond} in {year} adds up to {compared}.",
        "Tổng {field} của {n} bản ghi {kind}{cond} năm {year} là {compared}.",
    ),
    "ratio": (
        "In {year}, {numerator} over {denominator}: {compared}.",
        "Năm {year}, {numerator} trên {denominator}: {compared}.",
    ),
    "ratio_undefined": (
        "In {year}, {numerator} over {denominator}: nothing to divide by, so the target does not apply.",
        "Năm {year}, {numerator} trên {denominator}: mẫu số bằng 0, chỉ tiêu không áp dụng.",
    ),
    "ratio_undefined_met": (
        "In {year}, {numerator} over {denominator}: nothing to divide by, which the target counts as met (if none: met).",
        "Năm {year}, {numerator} trên {denominator}: mẫu số bằng 0, chỉ tiêu tính là đạt (nếu không phát sinh: đạt).",
    ),
    "reported_value": (
        "The unit reported {value} ({origin}); it is not computed from counts: {compared}.",
        "Đơn vị báo cáo {value} ({origin}), không tính từ số liệu chi tiết: {compared}.",
    ),
    "open": (
        "The year {year} closes on 31/12/{year}; so far {compared}: {track}.",
        "Năm {year} kết thúc ngày 31/12/{year}; đến nay {compared}: {track}.",
    ),
    "open_cut": (
        "The year {year} closes on 31/12/{year}; {current} so far in {year} (to {as_of}), against {baseline} in the "
        "whole of {previous}: part of a year is not compared with a whole one. The cut of {target} is kept if "
        "{year} ends with {bound}.",
        "Năm {year} kết thúc ngày 31/12/{year}; đến ngày {as_of} năm {year} có {current}, so với {baseline} của cả "
        "năm {previous}: không so sánh một phần năm với cả năm. Mức giảm {target} đạt nếu hết năm {year} có {bound}.",
    ),
    "open_cut_from": (
        "The year {year} closes on 31/12/{year}; {current} so far, from {since} to {as_of}, against {baseline} "
        "from {previous_since} to 31/12/{previous}: part of a window is not compared with a whole one. The cut of "
        "{target} is kept if {year} ends with {bound}.",
        "Năm {year} kết thúc ngày 31/12/{year}; từ ngày {since} đến ngày {as_of} có {current}, so với {baseline} "
        "từ ngày {previous_since} đến ngày 31/12/{previous}: không so sánh một phần với cả khoảng thời gian. Mức "
        "giảm {target} đạt nếu hết năm {year} có {bound}.",
    ),
    "open_growth": (
        "The year {year} closes on 31/12/{year}; {current} so far in {year} (to {as_of}), against {baseline} in the "
        "whole of {previous}: part of a year is not compared with a whole one. The growth of {target} is kept if "
        "{year} ends with {bound}.",
        "Năm {year} kết thúc ngày 31/12/{year}; đến ngày {as_of} năm {year} có {current}, so với {baseline} của cả "
        "năm {previous}: không so sánh một phần năm với cả năm. Mức tăng {target} đạt nếu hết năm {year} có {bound}.",
    ),
    "open_growth_from": (
        "The year {year} closes on 31/12/{year}; {current} so far, from {since} to {as_of}, against {baseline} "
        "from {previous_since} to 31/12/{previous}: part of a window is not compared with a whole one. The growth "
        "of {target} is kept if {year} ends with {bound}.",
        "Năm {year} kết thúc ngày 31/12/{year}; từ ngày {since} đến ngày {as_of} có {current}, so với {baseline} "
        "từ ngày {previous_since} đến ngày 31/12/{previous}: không so sánh một phần với cả khoảng thời gian. Mức "
        "tăng {target} đạt nếu hết năm {year} có {bound}.",
    ),
    "open_count": (
        "The year {year} closes on 31/12/{year}; so far {value} (to {as_of}), for the whole year {target}: {need}.",
        "Năm {year} kết thúc ngày 31/12/{year}; đến ngày {as_of} có {value}, cả năm cần {target}: {need}.",
    ),
    "open_no_facts": (
        "The year {year} closes on 31/12/{year}; nothing to judge yet.",
        "Năm {year} kết thúc ngày 31/12/{year}; chưa có gì để đánh giá.",
    ),
    "data_window": (
        "The data of {year} run from {since} to {until}: records dated in that window count.",
        "Số liệu năm {year} tính từ ngày {since} đến ngày {until}: tính các bản ghi có ngày trong khoảng đó.",
    ),
    "running": (
        "Running total from {since} to {until}: each year from {first} to {year} counted, and the counts added.",
        "Lũy kế từ ngày {since} đến ngày {until}: cộng dồn số liệu của từng năm từ {first} đến {year}.",
    ),
    "at_date": (
        "Judged on {date}: the records of its year dated up to that day count.",
        "Đánh giá tại ngày {date}: tính các bản ghi trong năm đến hết ngày đó.",
    ),
    "at_date_cut": (
        "Judged on {date}: the records of its year dated up to that day count, against the previous year's "
        "up to {previous}.",
        "Đánh giá tại ngày {date}: tính các bản ghi trong năm đến hết ngày đó, so với năm trước đến hết ngày "
        "{previous}.",
    ),
    "at_date_base": (
        "Judged on {date}: the records of its year dated up to that day count, against the base year {base}'s "
        "up to {previous}.",
        "Đánh giá tại ngày {date}: tính các bản ghi trong năm đến hết ngày đó, so với năm gốc {base} đến hết ngày "
        "{previous}.",
    ),
    "until_end_base": (
        "Judged on {date}, the plan's last day in force: records dated after it do not count, and the base year "
        "{base}'s count up to {previous}.",
        "Đánh giá tại ngày {date}, ngày cuối cùng kế hoạch còn hiệu lực: bản ghi có ngày sau đó không được tính, "
        "năm gốc {base} tính đến hết ngày {previous}.",
    ),
    "from_effective_base": (
        "Counted from {date}, the day the plan takes effect (records of {year} dated before it do not count), "
        "against the base year {base}'s from {previous}.",
        "Tính từ ngày {date}, ngày kế hoạch có hiệu lực (bản ghi năm {year} có ngày trước đó không được tính), "
        "so với năm gốc {base} tính từ ngày {previous}.",
    ),
    "until_end": (
        "Judged on {date}, the plan's last day in force: records dated after it do not count.",
        "Đánh giá tại ngày {date}, ngày cuối cùng kế hoạch còn hiệu lực: bản ghi có ngày sau đó không được tính.",
    ),
    "until_end_cut": (
        "Judged on {date}, the plan's last day in force: records dated after it do not count, and the previous "
        "year's count up to {previous}.",
        "Đánh giá tại ngày {date}, ngày cuối cùng kế hoạch còn hiệu lực: bản ghi có ngày sau đó không được tính, "
        "năm trước tính đến hết ngày {previous}.",
    ),
    "from_effective": (
        "Counted from {date}, the day the plan takes effect: records of {year} dated before it do not count.",
        "Tính từ ngày {date}, ngày kế hoạch có hiệu lực: bản ghi năm {year} có ngày trước đó không được tính.",
    ),
    "from_effective_cut": (
        "Counted from {date}, the day the plan takes effect (records of {year} dated before it do not count), "
        "against the previous year's from {previous}.",
        "Tính từ ngày {date}, ngày kế hoạch có hiệu lực (bản ghi năm {year} có ngày trước đó không được tính), "
        "so với năm trước tính từ ngày {previous}.",
    ),
    "at_date_open": (
        "It is judged on {date}; so far (to {as_of}) {compared}: {track}.",
        "Chỉ tiêu được đánh giá tại ngày {date}; đến ngày {as_of} {compared}: {track}.",
    ),
    "at_date_open_count": (
        "It is judged on {date}; so far {value} (to {as_of}), by {date} {target}: {need}.",
        "Chỉ tiêu được đánh giá tại ngày {date}; đến ngày {as_of} có {value}, đến ngày {date} cần {target}: "
        "{need}.",
    ),
    "at_date_pending": (
        "It is judged on {date}: nothing is compared before then (as of {as_of}).",
        "Chỉ tiêu được đánh giá tại ngày {date}: chưa so sánh trước ngày đó (tính đến ngày {as_of}).",
    ),
    "at_date_no_facts": (
        "It is judged on {date}; nothing to judge yet.",
        "Chỉ tiêu được đánh giá tại ngày {date}; chưa có gì để đánh giá.",
    ),
    "at_date_snapshot_open": (
        "{kind} records have no date: they are the state at {as_of}, which may still fall or rise before "
        "{date}, so nothing is certain yet.",
        "Bản ghi {kind} không có ngày: đó là tình trạng tại ngày {as_of}, còn có thể giảm hoặc tăng trước "
        "ngày {date}, nên chưa có gì chắc chắn.",
    ),
    "future": (
        "The year {year} has not started at {as_of}.",
        "Năm {year} chưa bắt đầu tính đến {as_of}.",
    ),
    "cap_final": (
        "Already certain before the year ends: a record over the cap stays over it.",
        "Đã chắc chắn trước khi hết năm: bản ghi đã vượt giới hạn không thể thay đổi.",
    ),
    "cap_final_minimum": (
        "Already certain before the year ends: a record below the minimum stays below it.",
        "Đã chắc chắn trước khi hết năm: bản ghi đã thấp hơn mức tối thiểu không thể thay đổi.",
    ),
    "cap_final_range": (
        "Already certain before the year ends: a record outside the range stays outside it.",
        "Đã chắc chắn trước khi hết năm: bản ghi đã nằm ngoài khoảng không thể thay đổi.",
    ),
    "decided_early": (
        "Already certain before the year ends: counts only grow.",
        "Đã chắc chắn trước khi hết năm: số lượng chỉ có thể tăng.",
    ),
    "snapshot_open": (
        "{kind} records have no date: they are the state at {as_of}, which may still fall or rise before "
        "31/12/{year}, so nothing is certain yet.",
        "Bản ghi {kind} không có ngày: đó là tình trạng tại ngày {as_of}, còn có thể giảm hoặc tăng trước "
        "31/12/{year}, nên chưa có gì chắc chắn.",
    ),

    # explanations of a deadline's verdict (schedule):
    # the due date, as a phrase inside a sentence
    "deadline_due_before": (
        "due before {due} (the {ordinal} itself is late)",
        "hạn trước ngày {due} (ngày {day} là trễ)",
    ),
    "deadline_due_before_moved": (
        "due before {due} (strictly before: the last day is {eve})",
        "hạn trước ngày {due} (ngày cuối theo lịch là {eve})",
    ),
    "deadline_due_by": ("due by {due} inclusive", "hạn đến hết ngày {due}"),
    # a dated occurrence
    "deadline_on_time": ("Delivered {delivered}, {due}: on time.", "Nộp ngày {delivered}, {due}: đúng hạn."),
    "deadline_late": ("Delivered {delivered}, {due}: late by {late}.", "Nộp ngày {delivered}, {due}: trễ {late}."),
    "deadline_missing_late": (
        "Nothing delivered by {as_of}, {due}: missing, {late} late.",
        "Đến ngày {as_of} chưa nộp, {due}: quá hạn {late}.",
    ),
    "deadline_missing": (
        "Nothing delivered by {as_of}, {due}: missing.",
        "Đến ngày {as_of} chưa nộp, {due}: quá hạn.",
    ),
    "deadline_pending": (
        "Nothing delivered yet at {as_of}, {due}: not due yet (last day {last}).",
        "Đến ngày {as_of} chưa nộp, {due}: chưa đến hạn (ngày cuối {last}).",
    ),
    # the working-day rule
    "deadline_moved_one": (
        "{day} is {what}: last day moved to {last}, the next working day ({law}).",
        "{day} là {what}: ngày cuối được lùi sang {last}, ngày làm việc tiếp theo ({law}).",
    ),
    "deadline_moved_many": (
        "{days} are days off: last day moved to {last}, the next working day ({law}).",
        "Các ngày {days} là ngày nghỉ: ngày cuối được lùi sang {last}, ngày làm việc tiếp theo ({law}).",
    ),
    "deadline_hard": (
        "{day} is {what}, but this deadline has no extension: its last day does not move.",
        "{day} là {what}, nhưng thời hạn không gia hạn: ngày cuối không được lùi.",
    ),
    # rule 2
    "deadline_month_end": (
        "{month} has no day {day}: due by the month's last day, {due}, inclusive.",
        "Tháng {month} không có ngày {day}: hạn đến hết ngày cuối tháng, {due}.",
    ),
    "deadline_if": (
        "{event} happened on {happened}: this date applies.",
        "{event} đã xảy ra ngày {happened}: thời hạn này được áp dụng.",
    ),
    "deadline_if_later": (
        "{event} happened on {happened}: due {days} after it, by {due}, later than the date written ({written}).",
        "{event} xảy ra ngày {happened}: hạn {days} sau đó, đến hết ngày {due}, muộn hơn ngày đã ghi ({written}).",
    ),
    "deadline_if_date": (
        "{event} happened on {happened}: {days} after it ends before the date written, so {written} applies.",
        "{event} xảy ra ngày {happened}: {days} sau đó kết thúc trước ngày đã ghi, nên áp dụng ngày {written}.",
    ),
    "deadline_yearly_ongoing": (
        "Yearly and ongoing: one duty, carried on through the year and answered by its report for {year}.",
        "Hằng năm và thường xuyên: một nhiệm vụ, thực hiện thường xuyên trong năm và trả lời bằng báo cáo năm {year}.",
    ),
    "deadline_span": (
        "The span {first}-{last} is one period: one delivery for all of it, due at its end, {due}.",
        "Giai đoạn {first}-{last} là một kỳ: một sản phẩm cho cả giai đoạn, hạn vào cuối giai đoạn, {due}.",
    ),
    "span": (
        "The span {first}-{last} is one period, from {since} to {until}: each year counted, and the counts added.",
        "Giai đoạn {first}-{last} là một kỳ, từ ngày {since} đến ngày {until}: cộng dồn số liệu của từng năm.",
    ),
    "deadline_no_leap_day": (
        "{year} has no 29/02: due by {due}, the last day of February, inclusive.",
        "Năm {year} không có ngày 29/02: hạn đến hết ngày {due}, ngày cuối tháng 2.",
    ),
    # quarters triggered by an event
    "deadline_of_issue": (
        "Due within {days} of the plan's date ({issued}): by {due}.",
        "Hạn trong vòng {days} kể từ ngày ban hành kế hoạch ({issued}): đến ngày {due}.",
    ),
    "deadline_offset": (
        "{event} happened {happened}: due within {days} after it, by {due}.",
        "{event} xảy ra ngày {happened}: hạn trong vòng {days} sau đó, đến hết ngày {due}.",
    ),
    "deadline_quarter_triggered": (
        "{event} happened {happened}: due within quarter {quarter} {year}.",
        "{event} xảy ra ngày {happened}: hạn trong quý {quarter} năm {year}.",
    ),
    "deadline_quarter_next_year": (
        "{event} happened {happened}, after quarter {quarter} {base} had ended: due within quarter {quarter} {year}.",
        "{event} xảy ra ngày {happened}, sau khi quý {quarter} năm {base} đã kết thúc: hạn chuyển sang quý {quarter} năm {year}.",
    ),
    "deadline_waits": (
        "Waits for {event}: not happened by {as_of}.",
        "Chờ {event}: đến ngày {as_of} chưa xảy ra.",
    ),
    # thường xuyên
    "deadline_ongoing_met": (
        "Reported {delivered}, within {year}: met (ongoing task: no due date).",
        "Có báo cáo ngày {delivered} trong năm {year}: đạt (nhiệm vụ thường xuyên: không có hạn).",
    ),
    "deadline_ongoing_none": (
        "No report in {year} (ongoing task: judged by each year's reports).",
        "Không có báo cáo trong năm {year} (nhiệm vụ thường xuyên: đánh giá theo báo cáo từng năm).",
    ),
    "deadline_ongoing_open": (
        "No report yet in {year}; the year runs until {closes} (ongoing task: no due date).",
        "Chưa có báo cáo trong năm {year}; năm {year} còn đến hết ngày {closes} (nhiệm vụ thường xuyên: không có hạn).",
    ),
    "deadline_outside_year": (
        "The report of {date} given for {year} is dated outside {year} and does not count.",
        "Báo cáo ngày {date} ghi cho năm {year} nhưng không đề ngày trong năm {year} nên không được tính.",
    ),
    # sau khi
    "deadline_event_met": (
        "{event} happened {happened}; delivered {delivered}: met (no due date).",
        "{event} xảy ra ngày {happened}; đã nộp ngày {delivered}: đạt (không có thời hạn).",
    ),
    "deadline_event_pending": (
        "{event} happened {happened}; nothing delivered since, as of {as_of}: pending (there is no due date).",
        "{event} xảy ra ngày {happened}; đến ngày {as_of} chưa nộp: chưa đến hạn (không có thời hạn).",
    ),
    "deadline_before_event": (
        "The delivery of {date} is dated before {event} happened ({happened}) and does not count.",
        "Sản phẩm nộp ngày {date} có trước khi {event} xảy ra ({happened}) nên không được tính.",
    ),

    # explanations of a unit judged without facts, or too early:
    "joint_answered": (
        "Joint deliverable of {leads}: a delivery by any of them answers it; answered by {by}.",
        "Sản phẩm chung của {leads}: một đơn vị nộp là đủ cho cả các đơn vị; do {by} nộp.",
    ),
    "succession_answered": (
        "Answered by {heir}, successor of {unit} since {since}.",
        "Do {heir} nộp, đơn vị kế thừa {unit} từ ngày {since}.",
    ),
    "merger_answered": (
        "Answered by {heir}, into which {unit} merged on {since}.",
        "Do {heir} nộp, đơn vị mà {unit} sáp nhập vào từ ngày {since}.",
    ),
    "rename_answered": (
        "Answered by {heir}, {unit}'s name since {since}.",
        "Do {heir} nộp, tên mới của {unit} từ ngày {since}.",
    ),
    "succession_target_after": (
        "Not judged on {unit}: its duties passed to {heir} on {since}, so its figures from then are {heir}'s.",
        "Không đánh giá {unit}: nhiệm vụ đã chuyển cho {heir} từ ngày {since}, số liệu từ đó là của {heir}.",
    ),
    "succession_target_within": (
        "Judged on {unit}'s own facts: its duties passed to {heir} on {since}, within this period.",
        "Đánh giá trên số liệu của chính {unit}: nhiệm vụ chuyển cho {heir} từ ngày {since}, trong kỳ này.",
    ),
    "joint_open": (
        "Joint deliverable of {leads}: a delivery by any of them answers it.",
        "Sản phẩm chung của {leads}: một đơn vị nộp là đủ cho cả các đơn vị.",
    ),
    "joint_absent": (
        "No facts reported for {absent}, which leads it jointly: a delivery of theirs would answer it, so it is "
        "unknown, not missing or late.",
        "Không có số liệu của {absent} (cùng chủ trì): nếu đơn vị đó đã nộp thì đã đáp ứng, nên chưa rõ kết quả, "
        "không kết luận là chưa nộp hay nộp trễ.",
    ),
    "joint_no_facts": (
        "No facts reported for any of {leads}, who lead it jointly: the plan binds them, so nothing is known, "
        "and absence is never compliance.",
        "Không có số liệu nào của {leads} (cùng chủ trì): kế hoạch giao nhiệm vụ cho các đơn vị này, nên chưa rõ "
        "kết quả; thiếu số liệu không bao giờ được coi là đạt.",
    ),
    "no_facts_for_unit": (
        "No facts reported for unit {unit}: the plan binds it (it leads a task, or a target's scope names it), "
        "so nothing is known, and absence is never compliance.",
        "Không có số liệu nào của đơn vị {unit}: kế hoạch giao nhiệm vụ cho đơn vị (chủ trì, hoặc thuộc phạm vi "
        "một chỉ tiêu), nên chưa rõ kết quả; "
        "thiếu số liệu không bao giờ được coi là đạt.",
    ),
    "not_in_force": (
        "Plan {plan} takes effect on {date}: it does not bind before then (as of {as_of}).",
        "Kế hoạch {plan} có hiệu lực từ ngày {date}: chưa ràng buộc trước ngày đó (tính đến ngày {as_of}).",
    ),
    "not_issued": (
        "Plan {plan} is issued on {date}: it does not bind before then (as of {as_of}).",
        "Kế hoạch {plan} ban hành ngày {date}: chưa ràng buộc trước ngày đó (tính đến ngày {as_of}).",
    ),

    # facts that do not fit the plan (fit: F2xx), gaps (F214, F215):
    "unit_not_in_plan": (
        "unit {name} is not a unit of plan {plan}",
        "đơn vị {name} không có trong kế hoạch {plan}",
    ),
    "unit_recorded_twice": (
        "the database's record tables name unit {unit} of plan {plan} in several ways ({names}: its name and its "
        "code, or two codes), which it counts apart; name it one way in the records",
        "các bảng bản ghi của cơ sở dữ liệu gọi đơn vị {unit} của kế hoạch {plan} theo nhiều cách ({names}: tên và mã, "
        "hoặc hai mã), nên đếm riêng; hãy thống nhất một cách gọi trong các bản ghi",
    ),
    "register_disagrees": (
        "the facts give unit {unit} {field} {facts}, where the register of plan {plan} gives {register}",
        "số liệu ghi {field} của đơn vị {unit} là {facts}, nhưng danh mục đơn vị của kế hoạch {plan} ghi {register}",
    ),
    "successor_not_registered": (
        "the successor of unit {unit}, {parent}, is a unit of neither the facts nor the register of plan {plan}",
        "đơn vị kế thừa của {unit}, {parent}, không có trong số liệu cũng như danh mục đơn vị của kế hoạch {plan}",
    ),
    "parent_not_registered": (
        "the parent of unit {unit}, {parent}, is a unit of neither the facts nor the register of plan {plan}",
        "đơn vị cấp trên của {unit}, {parent}, không có trong số liệu cũng như danh mục đơn vị của kế hoạch {plan}",
    ),
    "unit_under_itself": (
        "unit {unit} lies under itself: its parents (in the facts and the register of plan {plan}) go round",
        "đơn vị {unit} nằm dưới chính nó: chuỗi đơn vị cấp trên (trong số liệu và danh mục của kế hoạch {plan}) "
        "quay vòng",
    ),
    "unknown_group": (
        "{name} (in member_of of {unit}) is not a group of plan {plan}",
        "{name} (trong member_of của {unit}) không phải là nhóm trong kế hoạch {plan}",
    ),
    "event_not_in_plan": ("event {name} is not declared in plan {plan}", "sự kiện {name} không có trong kế hoạch {plan}"),
    "unknown_task": ("plan {plan} has no task {name}", "kế hoạch {plan} không có nhiệm vụ {name}"),
    "unknown_assessed": (
        "plan {plan} has no assessed target at {name}",
        "kế hoạch {plan} không có chỉ tiêu đánh giá tại {name}",
    ),
    "assessments_contradict": (
        "{unit} is assessed {result} on {name} for {year} by {assessor}, where {other} assessed it {before} ({at})",
        "{unit} được {assessor} đánh giá {result} chỉ tiêu {name} năm {year}, trong khi {other} đã đánh giá {before} "
        "({at})",
    ),
    "no_deadline": ("task {name} has no deadline to deliver against", "nhiệm vụ {name} không có thời hạn để nộp"),
    "which_deadline": (
        "task {name} has {count} deadlines: say which one this delivery answers (deadline = {labels})",
        "nhiệm vụ {name} có {count} thời hạn: cần ghi rõ thời hạn nào (deadline = {labels})",
    ),
    "unknown_deadline": (
        "task {name} has no deadline {deadline} (its deadlines: {labels})",
        "nhiệm vụ {name} không có thời hạn {deadline} (các thời hạn: {labels})",
    ),
    "shared_label": (  # the plan's L407
        'task {name}: deadlines {positions} all have the label "{deadline}": say which one this delivery answers '
        "by its position (deadline = {positions})",
        'nhiệm vụ {name}: các thời hạn {positions} cùng có nhãn "{deadline}": cần ghi rõ kết quả nộp trả lời thời '
        "hạn nào theo số thứ tự (deadline = {positions})",
    ),
    "delivery_period": ("delivery for task {name}: {reason}", "kết quả nộp cho nhiệm vụ {name}: {reason}"),
    "unknown_kind_for_plan": (
        "record kind {name} is not in the vocabulary of plan {plan}",
        "loại bản ghi {name} không có trong từ vựng của kế hoạch {plan}",
    ),
    "unknown_metric_for_plan": (
        "metric {name} is not in the vocabulary of plan {plan}",
        "chỉ số {name} không có trong từ vựng của kế hoạch {plan}",
    ),
    "not_a_lead": (
        "unit {unit} does not lead task {name} (its leads: {leads}): its delivery counts for no verdict",
        "đơn vị {unit} không chủ trì nhiệm vụ {name} (chủ trì: {leads}): kết quả nộp này không được tính cho kết quả "
        "đánh giá nào",
    ),
    "empty_scope": (
        "group {name} is the scope of target {rules}, but plan {plan} lists none of its units and no unit of the "
        "facts belongs to it (member_of): no unit is judged on it",
        "nhóm {name} là phạm vi của chỉ tiêu {rules}, nhưng kế hoạch {plan} không liệt kê đơn vị nào của nhóm và "
        "không đơn vị nào trong số liệu thuộc nhóm (member_of): không đơn vị nào được đánh giá theo chỉ tiêu này",
    ),
    "empty_group": (
        "group {name} leads {tasks}, but plan {plan} lists none of its units and no unit of the facts belongs to it "
        "(member_of): nothing of {tasks} is judged",
        "nhóm {name} chủ trì {tasks}, nhưng kế hoạch {plan} không liệt kê đơn vị nào của nhóm và không đơn vị nào "
        "trong số liệu thuộc nhóm (member_of): không có gì của {tasks} được đánh giá",
    ),

    # grouping units for a roll-up (F211, F212):
    "no_such_attribute": (
        "no unit in {files} has the attribute {name}, so units cannot be grouped by it",
        "không đơn vị nào trong {files} có thuộc tính {name} để nhóm theo",
    ),
    "no_attribute_value": (
        "unit {unit} has no {name}: every unit needs one to be grouped by {name}",
        "đơn vị {unit} không có {name}: mọi đơn vị đều cần có để nhóm theo {name}",
    ),
    "attributes_given": ("the units' attributes: {names}", "các thuộc tính của đơn vị: {names}"),
    "no_attributes": (
        "no unit has attributes: give them in [units.NAME] attributes = {{ … }}, or as columns of the units table",
        "chưa đơn vị nào có thuộc tính: khai trong [units.TÊN] attributes = {{ … }}, hoặc thành cột của bảng units",
    ),

    # judging (ruleset):
    "unknown_unit_in_facts": (
        "no facts were given for unit {name}",
        "không có số liệu nào của đơn vị {name}",
    ),
    "as_of_too_far": (
        "as of {as_of} is more than {limit} years after the date of plan {plan} ({date}): every year between is "
        "judged, so the latest date a plan is evaluated at is {last}",
        "ngày đánh giá {as_of} muộn hơn ngày ban hành kế hoạch {plan} ({date}) quá {limit} năm: mỗi năm ở giữa đều "
        "được đánh giá, nên ngày muộn nhất có thể đánh giá là {last}",
    ),

    # compiling (compiler):
    "territory_not_registered": (
        "the territory (địa bàn) of plan {plan}, {name}, is not a unit of its register ({files}): its level "
        "groups cannot be filled",
        "địa bàn của kế hoạch {plan}, {name}, không phải là đơn vị trong danh mục đơn vị ({files}): không xác "
        "định được thành viên của các nhóm theo cấp",
    ),
    "level_not_registered": (
        "group {name} is every unit of level {level}, which the register does not have (its levels: {levels})",
        "nhóm {name} gồm mọi đơn vị cấp {level}, nhưng danh mục đơn vị không có cấp này (các cấp: {levels})",
    ),
    "no_level_parent": (
        "unit {unit} lies under no unit of level {level} in the register ({files}): it cannot be rolled up to "
        "that level",
        "đơn vị {unit} không thuộc đơn vị cấp {level} nào trong danh mục đơn vị ({files}): không tổng hợp lên "
        "cấp đó được",
    ),
    "not_compilable": (
        "{what} cannot be compiled: only a plan with a number and a date (ngày ban hành) can be evaluated",
        "không biên dịch được {what}: chỉ kế hoạch có số và ngày ban hành mới đánh giá được",
    ),
    "contradiction": (
        "the condition of metric {name} contradicts itself: no record can meet it",
        "điều kiện của chỉ số {name} tự mâu thuẫn: không bản ghi nào thỏa mãn",
    ),
}


class EvaluationMessage(Message):
    """A message of evaluation: a key of `MESSAGES` and its arguments."""

    catalogue: ClassVar[dict[str, tuple[str, str]]] = MESSAGES
