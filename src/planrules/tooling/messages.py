"""The tooling's message catalogue: key -> (English, Vietnamese), each a str.format template.

What the command line says about a run (interrupted, output lost, the cache,
the parents a library lacks, nothing judged), what a scenario file
can get wrong (the T1xx codes), and the words of the scenario runner's
report. Rendered through `ToolingMessage`; the words a scenario file shares
with a facts file (a TOML syntax error, an unknown key, a wrong type) are
the facts package's, said through `FactsMessage`, so they read the same,
and the on-track flag is said in the report's words (`ReportMessage`).
"""

from typing import ClassVar

from ..base.diagnostics import Message
from ..reports.messages import ReportMessage

MESSAGES: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------ the command line
    "output_failed": (
        "planrules: cannot write the {stream}: {reason}; the output is incomplete",
        "planrules: không ghi được {stream}: {reason}; kết quả in ra không đầy đủ",
    ),
    "fmt_interrupted": (
        "planrules: interrupted{by} after rewriting {count} file(s), each listed on standard output as "
        "\"reformatted\"; every other file is unchanged",
        "planrules: bị ngắt{by} sau khi đã viết lại {count} tệp, mỗi tệp được liệt kê ở đầu ra chuẩn "
        "(\"reformatted\"); các tệp khác giữ nguyên",
    ),
    "interrupted": (
        "planrules: interrupted{by}; nothing was written",
        "planrules: bị ngắt{by}; không ghi gì",
    ),
    "interrupted_output": (
        "planrules: interrupted{by}; the output may be incomplete, and nothing of this run was kept in the cache",
        "planrules: bị ngắt{by}; kết quả in ra có thể không đầy đủ, không lưu gì của lần chạy này vào bộ nhớ đệm",
    ),
    "not_rewritten": (
        "planrules: {path}: not rewritten: {reason}",
        "planrules: {path}: không viết lại được: {reason}",
    ),
    "bad_language_variable": (
        "planrules: {variable}={value} is not a language planrules speaks: set it to {accepted}, or unset it",
        "planrules: {variable}={value} không phải ngôn ngữ planrules hỗ trợ: hãy đặt {accepted}, hoặc bỏ biến này",
    ),
    "read_only": ("the file is read-only", "tệp chỉ được đọc"),
    "worker_died": (
        "planrules: a parsing process stopped abruptly (killed, perhaps for lack of memory); nothing was written; "
        "run again, with fewer --jobs",
        "planrules: một tiến trình phân tích dừng đột ngột (bị dừng, có thể do thiếu bộ nhớ); không ghi gì; "
        "hãy chạy lại với --jobs nhỏ hơn",
    ),
    "cache_not_written": (
        "planrules: warning: the cache was not written ({reason}); nothing of this run is kept",
        "planrules: cảnh báo: không ghi được bộ nhớ đệm ({reason}); không lưu lại gì của lần chạy này",
    ),
    "validation_reused": (
        "planrules: note: {source} passed its checks before and is unchanged: its checks over every record, "
        "which took {seconds} s, were not run again (--no-cache runs them)",
        "planrules: ghi chú: {source} đã qua kiểm tra trước đây và không thay đổi: không kiểm tra lại từng bản ghi "
        "(lần trước mất {seconds} giây; --no-cache để kiểm tra lại)",
    ),
    "cache_damaged": (
        "planrules: warning: {count} cache entries were damaged: dropped and computed again",
        "planrules: cảnh báo: {count} mục trong bộ nhớ đệm bị hỏng: đã bỏ và tính lại",
    ),
    "parent_not_in_library": (
        "parent plan {number} is not in the library: none of its targets is inherited or evaluated",
        "kế hoạch cấp trên {number} không có trong thư viện: không chỉ tiêu nào của nó được kế thừa và đánh giá",
    ),
    "hint_library": ("encode it, or give the folder holding it with --library",
                     "hãy mã hóa nó, hoặc chỉ ra thư mục chứa nó bằng --library"),
    "nothing_judged": (  # F213
        "no verdict: plan {plan} binds none of the units judged ({units}), so nothing was evaluated",
        "không có kết quả đánh giá: kế hoạch {plan} không ràng buộc đơn vị nào được đánh giá ({units})",
    ),
    "nothing_binds_yet": (  # F213, before the plan binds
        "no verdict: {reason} Nothing of it is due by then, so nothing was evaluated",
        "không có kết quả đánh giá: {reason} Chưa có gì đến hạn, nên chưa đánh giá",
    ),
    "no_units": ("none", "không có"),
    "output_written": (
        "planrules: wrote {verdicts} verdict(s) and {aggregates} roll-up row(s) to {target}",
        "planrules: đã ghi {verdicts} kết quả đánh giá và {aggregates} dòng tổng hợp vào {target}",
    ),
    "output_schema_alone": (
        "planrules: --output-schema names a PostgreSQL schema: give it with --output postgresql://…",
        "planrules: --output-schema là tên lược đồ PostgreSQL: hãy dùng cùng --output postgresql://…",
    ),
    "xlsx_needs_output": (
        "planrules: --format xlsx writes a workbook, a binary file: give --output FILE.xlsx (-o)",
        "planrules: --format xlsx ghi sổ tính, một tệp nhị phân: hãy chỉ ra --output TỆP.xlsx (-o)",
    ),
    "xlsx_output_format": (
        "planrules: an --output FILE.xlsx is the report as a workbook: leave out --format, or give --format xlsx",
        "planrules: --output TỆP.xlsx là báo cáo dạng sổ tính: bỏ --format, hoặc dùng --format xlsx",
    ),
    "no_explain_format": (
        "planrules: --no-explain leaves the explanations out of a JSON or TOML report: give --format json or toml "
        "(a text or Markdown report is its explanations)",
        "planrules: --no-explain bỏ phần giải thích khỏi báo cáo JSON hoặc TOML: hãy dùng --format json hoặc toml "
        "(báo cáo văn bản hoặc Markdown chính là phần giải thích)",
    ),
    # ------------------------------------------------------------ scenario files (T1xx)
    "scenario_too_large": (
        "{path} is larger than {limit} bytes, the most a scenario file may be",
        "{path} lớn hơn {limit} byte, mức tối đa của một tệp kịch bản",
    ),
    "scenario_too_many_entries": (
        "{path} has more than {limit} entries (keys, tables and array elements), the most a scenario file may have",
        "{path} có hơn {limit} mục (khóa, bảng và phần tử mảng), mức tối đa của một tệp kịch bản",
    ),
    "not_scenario_file": (
        "{path} is not a scenario file (its name must end in .test.toml)",
        "{path} không phải tệp kịch bản (tên tệp phải kết thúc bằng .test.toml)",
    ),
    "no_scenario_files": (
        "no scenario files (*.test.toml) at or below {path}",
        "không có tệp kịch bản (*.test.toml) nào trong {path}",
    ),
    "no_facts": (
        "facts: name at least one facts file, or give the facts inline ([scenario.facts])",
        "facts: cần ít nhất một tệp số liệu, hoặc ghi số liệu ngay trong tệp ([scenario.facts])",
    ),
    "scenario_bad_date": (
        "{item}: {text} is not a date (write 2026-12-31 or \"31/12/2026\")",
        "{item}: {text} không phải là ngày (viết 2026-12-31 hoặc \"31/12/2026\")",
    ),
    "bad_status": (
        "status: {text} is not a verdict: met, not_met, pending, unknown or not_applicable",
        "status: {text} không phải là kết quả: met, not_met, pending, unknown hoặc not_applicable",
    ),
    "bad_value": (
        "value: {text} is not an exact value (\"3/5\", \"60%\", \"12,5%\", \"1/2 ngày\", 17)",
        "value: {text} không phải là giá trị chính xác (\"3/5\", \"60%\", \"12,5%\", \"1/2 ngày\", 17)",
    ),
    "bad_calendar": (
        "calendar: {text} is neither \"vietnam\" nor \"plain\"",
        "calendar: {text} không phải \"vietnam\" hay \"plain\"",
    ),
    "no_plan": (
        "no plan {plan} beside this file: put the scenario file beside its plan, or name it with plan = \"…\"",
        "không có kế hoạch {plan} cạnh tệp này: đặt tệp kịch bản cạnh kế hoạch, hoặc ghi plan = \"…\"",
    ),
    "missing_path": ("{what} {path} does not exist", "{what} {path} không tồn tại"),
    "rule_and_clause": (
        "an expectation names a rule or a clause, not both",
        "một kỳ vọng chỉ nêu rule hoặc clause, không nêu cả hai",
    ),
    "rule_or_clause": (
        "an expectation needs rule (\"I.2-1#1\", \"III.1.b@1\") or clause (\"TT 3\")",
        "một kỳ vọng cần rule (\"I.2-1#1\", \"III.1.b@1\") hoặc clause (\"TT 3\")",
    ),
    "duplicate_scenario": (
        "scenario {name} is given twice (first at line {line})",
        "kịch bản {name} được khai báo hai lần (lần đầu ở dòng {line})",
    ),
    "no_scenarios": ("the file has no [[scenario]]", "tệp không có [[scenario]] nào"),
    "no_expectations": (
        "scenario {name} has no [[scenario.expect]]",
        "kịch bản {name} không có [[scenario.expect]] nào",
    ),
    # ------------------------------------------------------------ the scenario runner's report
    "fail": ("FAIL", "SAI"),
    "expected": ("expected:", "cần:    "),
    "actual": ("actual:  ", "thực tế:"),
    "why": ("why:     ", "lý do:  "),
    "expect_clause": ("clause {clause}", "mục {clause}"),
    "expect_period": ("period {period}", "kỳ {period}"),
    "expect_value": ("value {value}", "giá trị {value}"),
    "no_value": ("no value", "không có giá trị"),
    # an expectation of "not on track": the report's words for the two flags, said as the runner says them
    "not_on_track": ("not {on_track}", "{off_track}"),
    "no_track": ("no on-track flag", "không đánh giá tiến độ"),
    "no_verdict": ("no verdict for {what}", "không có kết quả nào cho {what}"),
    "near": ("close ones:", "gần nhất:"),
    "no_near": ("the unit has no verdicts at all", "đơn vị này không có kết quả nào"),
    "of": ("{wrong} of the {selected} verdicts it selects differ:", "{wrong} trong {selected} kết quả được chọn khác:"),
    "run_summary": (
        "{passed} passed, {failed} failed ({scenarios} scenario(s) in {files} file(s))",
        "{passed} đạt, {failed} sai ({scenarios} kịch bản trong {files} tệp)",
    ),
    "broken": ("; {count} file(s) could not be run", "; {count} tệp không chạy được"),
    "coverage": (
        "coverage of {plan}: {covered} of {total} rules exercised",
        "độ phủ của {plan}: {covered}/{total} quy tắc được kiểm tra",
    ),
    "uncovered": ("not exercised:", "chưa được kiểm tra:"),
    "coverage_none": (
        "coverage of {plan}: no scenarios: {total} rules",
        "độ phủ của {plan}: không có kịch bản: {total} quy tắc",
    ),
    # ------------------------------------------------------------ planrules calendar (H7xx)
    "calendar_backwards": ("the calendar would end on {end}, before it starts on {start}",
                           "lịch kết thúc ngày {end}, trước ngày bắt đầu {start}"),
    "calendar_unknown_unit": ("the plan binds no unit {unit}; it binds: {units}",
                              "kế hoạch không giao việc cho đơn vị {unit}; các đơn vị được giao: {units}"),
    "calendar_late_without_facts": ("--late lists what is overdue given what was delivered: give --facts",
                                    "--late liệt kê việc quá hạn theo những gì đã nộp: hãy chỉ ra --facts"),
    "calendar_no_icalendar": ("--format ics needs the icalendar package: pip install 'planrules[calendar]'",
                              "--format ics cần gói icalendar: pip install 'planrules[calendar]'"),
    "calendar_late_ics": ("--late lists overdue verdicts as text: leave out --format ics",
                          "--late liệt kê việc quá hạn dưới dạng văn bản: bỏ --format ics"),
    "binds_no_unit": (
        "it binds no unit by name: its rules are judged only in the plans that inherit them",
        "kế hoạch không gắn đơn vị nào theo tên: các quy tắc chỉ được đánh giá trong các kế hoạch kế thừa",
    ),
}


class ToolingMessage(Message):
    """A message of the command line or the scenario runner, rendered from the tooling's catalogue."""

    catalogue: ClassVar[dict[str, tuple[str, str]]] = MESSAGES


def said(key: str, lang: str, **args: object) -> str:
    """The words of `key` in `lang`, filled with `args`: a line of the command line's or the runner's own output."""
    return ToolingMessage.of(key, **args).text(lang)


def track(flag: bool | None, lang: str) -> str:
    """An on-track flag as the scenario runner says it: on track, not on track, or no flag at all."""
    if flag is None:
        return said("no_track", lang)
    if flag:
        return ReportMessage.of("on_track").text(lang)
    on, off = ReportMessage.of("on_track"), ReportMessage.of("off_track")
    return said("not_on_track", lang, on_track=(on.text("en"), on.text("vi")), off_track=(off.text("en"), off.text("vi")))
