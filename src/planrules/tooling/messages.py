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
        "(\"đã định dạng lại\"); các tệp khác giữ nguyên",
    ),
    "interrupted": (
        "planrules: interrupted{by}; nothing was written",
        "planrules: bị ngắt{by}; không ghi gì",
    ),
    "interrupted_output": (
        "planrules: interrupted{by}; the output may be incomplete, and nothing of this run was kept in the cache",
        "planrules: bị ngắt{by}; kết quả in ra có thể không đầy đủ, không lưu gì của lần chạy này vào bộ nhớ đệm",
    ),
    # `fmt`: each file rewritten (or, with --check, that would be), in its own language
    "fmt_reformatted": ("reformatted {path}", "đã định dạng lại {path}"),
    "fmt_would_reformat": ("would reformat {path}", "cần định dạng lại {path}"),
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
    # the cache refused (`cache.UnsafeCacheError`): the warning, then why
    "cache_unsafe": (
        "planrules: warning: working without the cache: {reason}",
        "planrules: cảnh báo: làm việc không dùng bộ nhớ đệm: {reason}",
    ),
    "cache_unusable": ("cannot use the cache at {path}: {reason}", "không dùng được bộ nhớ đệm tại {path}: {reason}"),
    "cache_no_folder": ("cannot create the cache folder {path}: {reason}",
                        "không tạo được thư mục bộ nhớ đệm {path}: {reason}"),
    "cache_not_plain": ("the cache at {path} is not a plain {what}",
                        "bộ nhớ đệm tại {path} không phải là {what} thông thường"),
    "cache_plain_folder": ("folder", "thư mục"),
    "cache_plain_file": ("file", "tệp"),
    "cache_other_user": ("the cache at {path} belongs to another user (uid {uid})",
                         "bộ nhớ đệm tại {path} thuộc về người dùng khác (uid {uid})"),
    "cache_shared": (
        "the cache at {path} can be written by other users; make it private (chmod 700)",
        "người dùng khác ghi được vào bộ nhớ đệm tại {path}; hãy để nó riêng tư (chmod 700)",
    ),
    "cache_foreign_table": ("the cache at {path} holds an entries table planrules did not make",
                            "bộ nhớ đệm tại {path} có bảng entries không do planrules tạo"),
    "cache_other_owner": (
        "the cache at {path} was made by {recorded}, not by {me} (another user or machine), and whoever writes a "
        "cache can change what planrules reports; set {env}=1 to trust it",
        "bộ nhớ đệm tại {path} do {recorded} tạo, không phải {me} (người dùng hoặc máy khác), mà ai ghi được bộ nhớ "
        "đệm thì thay đổi được những gì planrules báo cáo; đặt {env}=1 để tin dùng nó",
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
    "only_rollup_usage": (
        "planrules: --only-rollup prints roll-ups: give --group-by, and --format text or md",
        "planrules: --only-rollup chỉ in phần tổng hợp: hãy dùng cùng --group-by, và --format text hoặc md",
    ),
    "html_group_by": (
        "planrules: the web page (--format html) shows a plan's units, not roll-ups: leave out --group-by, "
        "or write roll-ups with --format text, md, toml or json",
        "planrules: trang web (--format html) trình bày các đơn vị của kế hoạch, không trình bày phần tổng hợp: hãy "
        "bỏ --group-by, hoặc ghi phần tổng hợp bằng --format text, md, toml hoặc json",
    ),
    "no_such_path": ("planrules: {path}: no such file or folder", "planrules: {path}: không có tệp hay thư mục này"),
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
    # ------------------------------------------------------------ --help: the command line (cli_language.HelpTexts)
    "help_description": (
        "Vietnamese implementation plans (kế hoạch) written as .plan files: check them (parse, resolve, "
        "lint, inheritance), format them, evaluate a plan's targets and deadlines on reported facts, "
        "export its compiled rules, print the fact tables' schema, run scenario files, and draw the "
        "hierarchy of plans. See docs/language.md for the language.",
        "Kế hoạch triển khai viết thành tệp .plan: kiểm tra (phân tích cú pháp, đối chiếu tên, rà soát quy cách, "
        "kế thừa), định dạng lại, đánh giá chỉ tiêu và thời hạn của kế hoạch theo số liệu báo cáo, xuất bộ quy tắc "
        "đã biên dịch, in lược đồ các bảng số liệu, chạy tệp kịch bản kiểm thử và vẽ sơ đồ phân cấp các kế hoạch. "
        "Ngôn ngữ viết kế hoạch: xem docs/language.md.",
    ),
    "help_exit_statuses": (
        "Exit status: 0 clean or warnings only, 1 error findings, 2 usage or syntax errors, "
        "{output} output could not be written (full disk, closed stream), 130 interrupted (Ctrl-C, SIGTERM, "
        "SIGHUP), {pipe} the reader of the output went away (broken pipe).",
        "Mã thoát: 0 không có lỗi (hoặc chỉ có cảnh báo), 1 có lỗi, 2 sai cách dùng hoặc sai cú pháp, "
        "{output} không ghi được kết quả (đầy đĩa, luồng đã đóng), 130 bị ngắt (Ctrl-C, SIGTERM, SIGHUP), "
        "{pipe} nơi nhận kết quả đã đóng (đứt đường ống).",
    ),
    "argparse_help": ("show this help message and exit", "in hướng dẫn này rồi thoát"),
    "help_version": ("show program's version number and exit", "in số phiên bản của chương trình rồi thoát"),
    "help_lang_all": (
        "language of this help and of the command after it (default: $PLANRULES_LANG, else each command's own)",
        "ngôn ngữ của hướng dẫn này và của lệnh theo sau (mặc định: $PLANRULES_LANG, nếu không có thì mặc định "
        "riêng của từng lệnh)",
    ),
    "help_paths": (".plan file or folder", "tệp .plan hoặc thư mục"),
    "help_plan": ("the .plan file", "tệp .plan"),
    "help_library": ("folder of plans holding the plan's parents", "thư mục các kế hoạch chứa kế hoạch cấp trên"),
    "help_register": (
        "a unit register (*.units.csv, *.units.toml, or a folder of them) beside those found next to the "
        "plan and above it up to --library (repeatable; docs/registers.md)",
        "danh mục đơn vị (*.units.csv, *.units.toml, hoặc thư mục chứa chúng), ngoài các danh mục tìm thấy cạnh "
        "kế hoạch và ở các thư mục bên trên cho đến --library (dùng được nhiều lần; docs/registers.md)",
    ),
    "help_no_cache": (
        "parse every plan again and keep nothing (default: reuse plans parsed before, kept in "
        "$PLANRULES_CACHE_DIR or the user's cache folder, and used only if this user on this machine made it, "
        "unless PLANRULES_TRUST_CACHE=1; see docs/performance.md)",
        "phân tích lại mọi kế hoạch và không lưu gì (mặc định: dùng lại kế hoạch đã phân tích trước đây, lưu trong "
        "$PLANRULES_CACHE_DIR hoặc thư mục bộ nhớ đệm của người dùng, và chỉ dùng khi chính người dùng này trên "
        "máy này đã tạo ra, trừ khi PLANRULES_TRUST_CACHE=1; xem docs/performance.md)",
    ),
    "help_lang_messages": (
        "language of messages (default: $PLANRULES_LANG, else each file's own, the language of its first keyword)",
        "ngôn ngữ của thông báo (mặc định: $PLANRULES_LANG, nếu không có thì ngôn ngữ của từng tệp, tức là ngôn ngữ "
        "của từ khóa đầu tiên trong tệp)",
    ),
    "help_lang_output": (
        "language of the output (default: $PLANRULES_LANG, else the one its plans share, else en) and of messages "
        "(default: $PLANRULES_LANG, else each file's own, the language of its first keyword)",
        "ngôn ngữ của kết quả in ra (mặc định: $PLANRULES_LANG, nếu không có thì ngôn ngữ chung của các kế hoạch, "
        "nếu không có thì en) và của thông báo (mặc định: $PLANRULES_LANG, nếu không có thì ngôn ngữ của từng tệp, "
        "tức là ngôn ngữ của từ khóa đầu tiên)",
    ),
    "help_calendar": (
        "working days: Vietnamese weekends and public holidays (default), or every day",
        "ngày làm việc: trừ ngày nghỉ cuối tuần và ngày lễ, Tết của Việt Nam (mặc định), hoặc mọi ngày",
    ),
    "help_force": ("replace the -o file if it exists", "ghi đè tệp -o nếu tệp đã có"),
    "help_commands": ("the command to run (planrules COMMAND --help: its options)",
                      "lệnh cần chạy (planrules LỆNH --help: các tùy chọn của lệnh)"),
    "metavar_command": ("COMMAND", "LỆNH"),
    "metavar_path": ("PATH", "ĐƯỜNG_DẪN"),
    "metavar_plan": ("PLAN", "KẾ_HOẠCH"),
    "metavar_file": ("FILE", "TỆP"),
    "metavar_dir": ("DIR", "THƯ_MỤC"),
    "metavar_date": ("DATE", "NGÀY"),
    "metavar_unit": ("UNIT", "ĐƠN_VỊ"),
    "metavar_source": ("SOURCE", "NGUỒN"),
    "metavar_name": ("NAME", "TÊN"),
    "metavar_seconds": ("SECONDS", "SỐ_GIÂY"),
    "metavar_target": ("TARGET", "ĐÍCH"),
    "metavar_schema": ("SCHEMA", "LƯỢC_ĐỒ"),
    "metavar_number": ("NUMBER", "SỐ_HIỆU"),
    "metavar_count": ("N", "SỐ"),
    # planrules check
    "help_check": ("parse, resolve, lint and check the inheritance of plans",
                   "phân tích, đối chiếu tên, rà soát quy cách và kiểm tra sự kế thừa của các kế hoạch"),
    "help_check_description": (
        "Parse every .plan file given (folders are searched recursively) into one library, then: the "
        "library's structure (duplicate numbers, cycles, parents not encoded), the names each plan uses "
        "(against the plan, the vocabulary files beside it and the standard prelude), the lint (one lead "
        "per task, the 6 rõ, deadlines, ...) and inheritance (a child never weakens a parent's target). "
        "Prints every finding, grouped by file and sorted by line. See docs/checks.md.",
        "Phân tích mọi tệp .plan được chỉ ra (tìm cả trong các thư mục con) thành một thư viện, rồi kiểm tra: cấu "
        "trúc của thư viện (số hiệu trùng, vòng lặp, kế hoạch cấp trên chưa được mã hóa), các tên mỗi kế hoạch dùng "
        "(đối chiếu với kế hoạch, các tệp từ vựng bên cạnh và phần khai báo chuẩn), quy cách (mỗi nhiệm vụ một đơn "
        "vị chủ trì, 6 rõ, thời hạn, ...) và sự kế thừa (kế hoạch cấp dưới không hạ chỉ tiêu của cấp trên). In mọi "
        "phát hiện, theo từng tệp, xếp theo dòng. Xem docs/checks.md.",
    ),
    "help_check_format": ("output format (default: text)", "định dạng kết quả (mặc định: text)"),
    "help_min_severity": (
        "list the findings of this severity and above, and the others as one line per code with its count "
        "(default: warning in text, so info findings are counted, not listed; JSON lists everything unless "
        "this is given)",
        "liệt kê các phát hiện từ mức này trở lên, các phát hiện khác gộp mỗi mã một dòng kèm số lượng (mặc định: "
        "warning với text, nên phát hiện mức info chỉ được đếm, không liệt kê; JSON liệt kê tất cả nếu không chỉ "
        "ra tùy chọn này)",
    ),
    "help_jobs": ("parse with N processes (0: one per core; default: 1)",
                  "phân tích bằng N tiến trình (0: mỗi lõi một tiến trình; mặc định: 1)"),
    # planrules fmt
    "help_fmt": ("rewrite .plan files in the canonical layout", "viết lại các tệp .plan theo bố cục chuẩn"),
    "help_fmt_description": (
        "Rewrite each .plan file in the one canonical layout. Keywords are written in the file's "
        "language (the language of its first keyword) unless --to says otherwise.",
        "Viết lại từng tệp .plan theo một bố cục chuẩn duy nhất. Từ khóa được viết bằng ngôn ngữ của tệp (ngôn ngữ "
        "của từ khóa đầu tiên), trừ khi --to chỉ định khác.",
    ),
    "help_fmt_check": ("change nothing; list files that would change, exit 1 if any",
                       "không thay đổi gì; liệt kê các tệp sẽ bị thay đổi, thoát với mã 1 nếu có"),
    "help_fmt_to": ("write keywords in this language", "viết từ khóa bằng ngôn ngữ này"),
    # planrules calendar
    "help_calendar_command": (
        "what each unit owes and when, in date order (text or iCalendar); --late: what is overdue",
        "việc mỗi đơn vị phải làm và thời hạn, theo thứ tự ngày (văn bản hoặc iCalendar); --late: việc quá hạn",
    ),
    "help_calendar_description": (
        "List the deadlines of a plan day by day: each occurrence a unit owes, its last day on time after "
        "the working-day rule (a deadline falling on a weekend or holiday moves to the next working day, "
        "and says so), in the plan's words. --format ics writes an iCalendar file for any calendar "
        "application. With --facts and --late, list instead what is overdue at --as-of. See docs/reports.md.",
        "Liệt kê thời hạn của kế hoạch theo từng ngày: mỗi lần một đơn vị phải thực hiện, ngày cuối cùng còn đúng "
        "hạn sau khi áp dụng quy tắc ngày làm việc (thời hạn rơi vào ngày nghỉ cuối tuần hoặc ngày lễ được lùi sang "
        "ngày làm việc kế tiếp, có ghi rõ), theo đúng lời văn của kế hoạch. --format ics ghi tệp iCalendar cho mọi "
        "ứng dụng lịch. Với --facts và --late, thay vào đó liệt kê việc quá hạn tại ngày --as-of. Xem "
        "docs/reports.md.",
    ),
    "help_calendar_exit": (
        "Exit status: 0 listed, 2 bad plan, facts, date or option (H7xx: docs/reports.md).",
        "Mã thoát: 0 đã liệt kê, 2 kế hoạch, số liệu, ngày hoặc tùy chọn không hợp lệ (H7xx: docs/reports.md).",
    ),
    "help_calendar_unit": ("only what this unit owes (repeatable; default: every unit the plan binds)",
                           "chỉ việc của đơn vị này (dùng được nhiều lần; mặc định: mọi đơn vị được kế hoạch "
                           "giao việc)"),
    "help_calendar_from": ("first day (ISO or dd/mm/yyyy; default: the day the plan is in force)",
                           "ngày đầu (ISO hoặc dd/mm/yyyy; mặc định: ngày kế hoạch có hiệu lực)"),
    "help_calendar_to": (
        "last day (default: the plan's end date, and on to the last day of anything owed that opened before it; "
        "without one, 31/12 of the first day's year)",
        "ngày cuối (mặc định: ngày hết hiệu lực của kế hoạch, kéo dài đến hạn cuối của mọi việc đã bắt đầu trước "
        "ngày đó; nếu kế hoạch không có ngày hết hiệu lực: 31/12 của năm chứa ngày đầu)",
    ),
    "help_calendar_format": ("text for a terminal (default), or ics: an iCalendar file",
                             "text để xem trên màn hình (mặc định), hoặc ics: tệp iCalendar"),
    "help_calendar_facts": (
        "facts (as eval takes them): the events that happened date the deadlines waiting for them; with --late, "
        "the deliveries judged",
        "số liệu (như lệnh eval nhận): các sự kiện đã xảy ra xác định ngày của những thời hạn phụ thuộc vào chúng; "
        "với --late, là các sản phẩm đã nộp được đánh giá",
    ),
    "help_calendar_late": ("list what is overdue at --as-of, given --facts",
                           "liệt kê việc quá hạn tại ngày --as-of, theo --facts"),
    "help_calendar_as_of": ("with --late, the day judged (default: today in Viet Nam)",
                            "với --late, ngày đánh giá (mặc định: hôm nay theo giờ Việt Nam)"),
    # planrules import
    "help_import": ("read a plan's assignment table (.docx or .xlsx) into a .plan draft",
                    "đọc bảng phân công nhiệm vụ của kế hoạch (.docx hoặc .xlsx) thành bản dự thảo .plan"),
    "help_import_description": (
        "Read the assignment table (TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Sản phẩm | Thời hạn) "
        "of a Word document or an Excel workbook and write a .plan draft: units from the lead and "
        "collaborator cells, tasks with their numbers, deadlines in every form the language has, each cell "
        "not read kept under # TODO with a warning (D6xx). See docs/documents.md.",
        "Đọc bảng phân công nhiệm vụ (TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Sản phẩm | Thời hạn) "
        "của văn bản Word hoặc sổ tính Excel và ghi bản dự thảo .plan: đơn vị lấy từ các ô chủ trì và phối hợp, "
        "nhiệm vụ kèm số thứ tự, thời hạn ở mọi cách viết mà ngôn ngữ có; ô nào không đọc được thì giữ nguyên "
        "dưới # TODO kèm cảnh báo (D6xx). Xem docs/documents.md.",
    ),
    "help_import_exit": (
        "Exit status: 0 the draft is written (warnings allowed), 2 the document cannot be read, has no "
        "assignment table, or -o names a file that exists (without --force).",
        "Mã thoát: 0 đã ghi bản dự thảo (có thể kèm cảnh báo), 2 không đọc được văn bản, văn bản không có bảng "
        "phân công nhiệm vụ, hoặc tệp -o đã có (khi không dùng --force).",
    ),
    "help_import_document": ("a .docx or .xlsx file", "tệp .docx hoặc .xlsx"),
    "help_import_output": ("write the draft here (default: standard output)",
                           "ghi bản dự thảo vào đây (mặc định: đầu ra chuẩn)"),
    "help_import_number": ("the plan's number (default: the document's file name, said in a comment)",
                           "số hiệu của kế hoạch (mặc định: tên tệp của văn bản, có ghi chú trong bản dự thảo)"),
    "help_lang_import": ("language of messages (default: $PLANRULES_LANG, else vi)",
                         "ngôn ngữ của thông báo (mặc định: $PLANRULES_LANG, nếu không có thì vi)"),
    # planrules template
    "help_template": ("write a workbook (.xlsx) to fill in with the facts a plan needs",
                      "ghi sổ tính (.xlsx) để điền số liệu mà kế hoạch cần"),
    "help_template_description": (
        "Write a workbook with one sheet per table of facts the plan reads (its record kinds, counts, values, "
        "deliveries, assessments, events, units), headers in words, drop-down lists of the plan's units, "
        "categories and yes/no, and a first sheet saying how to fill it in. Read it back with "
        "eval --facts FILE.xlsx. See docs/facts.md, Excel.",
        "Ghi sổ tính có mỗi bảng số liệu mà kế hoạch đọc là một trang tính (các loại bản ghi, số đếm, giá trị, sản "
        "phẩm đã nộp, đánh giá, sự kiện, đơn vị), tiêu đề cột bằng lời, danh sách chọn các đơn vị, phân loại và "
        "có/không của kế hoạch, và trang đầu hướng dẫn cách điền. Đọc lại bằng eval --facts TỆP.xlsx. Xem "
        "docs/facts.md, mục Excel.",
    ),
    "help_template_exit": (
        "Exit status: 0 written, 2 bad plan, no -o, a file there already (without --force) or one that could "
        "not be written.",
        "Mã thoát: 0 đã ghi, 2 kế hoạch không hợp lệ, thiếu -o, tệp đã có (khi không dùng --force) hoặc không ghi "
        "được tệp.",
    ),
    "help_template_format": ("the template's format (xlsx)", "định dạng của biểu mẫu (xlsx)"),
    "help_template_output": ("the workbook to write (required)", "sổ tính cần ghi (bắt buộc)"),
    "help_template_force": ("write over a file that exists (by default refused: it may be a template filled in)",
                            "ghi đè tệp đã có (mặc định không cho phép: đó có thể là biểu mẫu đã điền)"),
    "help_lang_template": ("language of the headers and the guide (default: $PLANRULES_LANG, else vi)",
                           "ngôn ngữ của tiêu đề cột và trang hướng dẫn (mặc định: $PLANRULES_LANG, nếu không có "
                           "thì vi)"),
    # planrules eval
    "help_eval": ("judge a plan's targets and deadlines on reported facts",
                  "đánh giá chỉ tiêu và thời hạn của kế hoạch theo số liệu báo cáo"),
    "help_eval_description": (
        "Compile a plan and evaluate it on facts (TOML files, CSV tables, or folders of them; see "
        "docs/facts.md): one verdict per target, unit and year, and per deadline occurrence: met, "
        "not_met, pending, unknown or not_applicable, each with the figures and the clause behind it.",
        "Biên dịch kế hoạch và đánh giá theo số liệu (tệp TOML, bảng CSV, hoặc thư mục chứa chúng; xem "
        "docs/facts.md): mỗi chỉ tiêu, đơn vị và năm, mỗi lần đến hạn có một kết quả: met (đạt), not_met (không "
        "đạt), pending (chưa đến hạn), unknown (chưa rõ) hoặc not_applicable (không áp dụng), kèm số liệu và mục "
        "của kế hoạch làm căn cứ.",
    ),
    "help_eval_exit": (
        "Exit status: 0 evaluated (with --strict: nothing not_met), 1 under --strict something not_met or "
        "no verdict at all (F213), 2 bad input (plan, facts, date).",
        "Mã thoát: 0 đã đánh giá (với --strict: không có gì not_met), 1 với --strict có kết quả not_met hoặc "
        "không có kết quả nào (F213), 2 đầu vào không hợp lệ (kế hoạch, số liệu, ngày).",
    ),
    "help_eval_plan": ("the .plan file to evaluate", "tệp .plan cần đánh giá"),
    "help_eval_facts": (
        "facts: .toml and .csv files or folders of them; or one table source: a DuckDB "
        "file, a folder of Parquet files, a postgresql:// connection string (docs/sql.md)",
        "số liệu: các tệp .toml và .csv hoặc thư mục chứa chúng; hoặc một nguồn dạng bảng: tệp DuckDB, thư mục "
        "các tệp Parquet, chuỗi kết nối postgresql:// (docs/sql.md)",
    ),
    "help_eval_mapping": (
        "with a table source (a folder of CSV files too): the database's own names of the tables and columns, "
        "its codes, and which rows of a table are a kind's (where: a kind_code, a deleted flag) (a TOML file; "
        "docs/sql.md, Mapping)",
        "với nguồn dạng bảng (cả thư mục tệp CSV): tên bảng và tên cột riêng của cơ sở dữ liệu, các mã của nó, và "
        "những dòng nào của một bảng thuộc một loại bản ghi (where: kind_code, cờ đã xóa) (một tệp TOML; "
        "docs/sql.md, mục Mapping)",
    ),
    "help_eval_group_by": (
        "also roll the verdicts up to parent units, from summed figures, with coverage: to the unit of level NAME "
        "of the register above each unit (e.g. tỉnh), or to the units sharing their value of the attribute NAME; "
        "repeat for several levels at once (docs/evaluation.md)",
        "tổng hợp thêm kết quả lên đơn vị cấp trên, từ số liệu cộng dồn, kèm tỷ lệ báo cáo: lên đơn vị cấp TÊN "
        "trong danh mục phía trên mỗi đơn vị (ví dụ tỉnh), hoặc theo nhóm các đơn vị có cùng giá trị của thuộc tính "
        "TÊN; lặp lại để tổng hợp nhiều cấp một lúc (docs/evaluation.md)",
    ),
    "help_eval_only_rollup": (
        "with --group-by, text or md: print the roll-ups alone, not every unit's verdicts (a national run's "
        "provinces and nation without its thousands of communes)",
        "với --group-by, text hoặc md: chỉ in phần tổng hợp, không in kết quả của từng đơn vị (khi chạy toàn quốc: "
        "các tỉnh và cả nước, không kèm hàng nghìn xã)",
    ),
    "help_eval_query_timeout": (
        "with a table source, the seconds one query may run before it is stopped (default: 600; docs/sql.md)",
        "với nguồn dạng bảng, số giây tối đa một truy vấn được chạy trước khi bị dừng (mặc định: 600; docs/sql.md)",
    ),
    "help_eval_trust": (
        "with a PostgreSQL source: believe its statistics (rows inserted, updated and deleted) say whether its "
        "tables changed since a validation they passed, although they lag behind; without it a validation is "
        "reused only while the WAL has not moved (docs/sql.md, Validate once)",
        "với nguồn PostgreSQL: dựa vào thống kê của nó (số dòng đã thêm, sửa và xóa) để biết các bảng có thay đổi "
        "kể từ lần kiểm tra hợp lệ đã qua hay không, dù thống kê cập nhật chậm; nếu không dùng, kết quả kiểm tra "
        "chỉ được dùng lại khi WAL chưa thay đổi (docs/sql.md, mục Validate once)",
    ),
    "help_eval_evidence": (
        "with a table source, what verdicts list: every record counted (default), or only the records behind a "
        "problem (for national runs)",
        "với nguồn dạng bảng, kết quả đánh giá liệt kê gì: mọi bản ghi được đếm (mặc định), hoặc chỉ các bản ghi "
        "gây ra vấn đề (khi chạy toàn quốc)",
    ),
    "help_eval_as_of": (
        "evaluate at this date (ISO or dd/mm/yyyy; default: today in Viet Nam, UTC+7, whatever the machine's "
        "zone); facts up to and including this day count",
        "đánh giá tại ngày này (ISO hoặc dd/mm/yyyy; mặc định: hôm nay theo giờ Việt Nam, UTC+7, bất kể múi giờ "
        "của máy); tính số liệu đến hết ngày này",
    ),
    "help_eval_unit": ("only this unit (repeatable)", "chỉ đơn vị này (dùng được nhiều lần)"),
    "help_eval_library": (
        "folder of plans holding the plan's parents: their targets are evaluated too (inherited)",
        "thư mục các kế hoạch chứa kế hoạch cấp trên: chỉ tiêu của chúng cũng được đánh giá (kế thừa)",
    ),
    "help_eval_format": (
        "text for a terminal (default), toml or json for programs, md (Markdown), html: one self-contained web "
        "page with filters by status and unit, or xlsx: a workbook of the verdicts and a summary, written to "
        "--output FILE.xlsx; with --output, no report is printed unless --format is given",
        "text để xem trên màn hình (mặc định), toml hoặc json cho chương trình khác, md (Markdown), html: một "
        "trang web trọn vẹn có bộ lọc theo kết quả và đơn vị, hoặc xlsx: sổ tính gồm các kết quả và bảng tóm tắt, "
        "ghi vào --output TỆP.xlsx; khi có --output, báo cáo chỉ được in nếu có --format",
    ),
    "help_eval_output": (
        "also write every verdict and the roll-ups as the tables verdicts and rollup: a folder "
        "(verdicts.parquet, rollup.parquet), PATH.parquet (PATH.verdicts.parquet, PATH.rollup.parquet), a "
        ".duckdb file or a postgresql:// connection string; what was there is replaced whole (docs/sql.md, "
        "Verdicts as tables); FILE.xlsx: the report as a workbook (--format xlsx, docs/reports.md)",
        "ghi thêm mọi kết quả và phần tổng hợp thành hai bảng verdicts và rollup: vào một thư mục "
        "(verdicts.parquet, rollup.parquet), ĐƯỜNG_DẪN.parquet (ĐƯỜNG_DẪN.verdicts.parquet, "
        "ĐƯỜNG_DẪN.rollup.parquet), một tệp .duckdb hoặc một chuỗi kết nối postgresql://; dữ liệu cũ ở đó được "
        "thay toàn bộ (docs/sql.md, mục Verdicts as tables); TỆP.xlsx: báo cáo dạng sổ tính (--format xlsx, "
        "docs/reports.md)",
    ),
    "help_eval_output_schema": ("with a postgresql:// --output, the schema of the tables (default: public)",
                                "với --output postgresql://, lược đồ chứa các bảng (mặc định: public)"),
    "help_eval_explain": (
        "--explain: the tables of --output get each verdict's explanation (English and Vietnamese; default: exact "
        "values only); --no-explain: a JSON or TOML report without explanations (default: with them), lean at "
        "national size",
        "--explain: các bảng của --output có thêm phần giải thích của từng kết quả (tiếng Anh và tiếng Việt; mặc "
        "định: chỉ các giá trị chính xác); --no-explain: báo cáo JSON hoặc TOML không kèm giải thích (mặc định: có "
        "giải thích), gọn nhẹ khi chạy toàn quốc",
    ),
    "help_eval_strict": ("exit 1 when any verdict is not_met, or when there is no verdict at all",
                         "thoát với mã 1 khi có kết quả not_met, hoặc khi không có kết quả nào"),
    "help_lang_report": (
        "language of the report (default: $PLANRULES_LANG, else the plan's own, the language of its first keyword) "
        "and of messages (default: $PLANRULES_LANG, else each plan file's own)",
        "ngôn ngữ của báo cáo (mặc định: $PLANRULES_LANG, nếu không có thì ngôn ngữ của kế hoạch, tức là ngôn ngữ "
        "của từ khóa đầu tiên) và của thông báo (mặc định: $PLANRULES_LANG, nếu không có thì ngôn ngữ của từng tệp "
        "kế hoạch)",
    ),
    "help_lang_calendar": (
        "language of the calendar (default: $PLANRULES_LANG, else the plan's own, the language of its first "
        "keyword) and of messages (default: $PLANRULES_LANG, else each plan file's own)",
        "ngôn ngữ của lịch (mặc định: $PLANRULES_LANG, nếu không có thì ngôn ngữ của kế hoạch, tức là ngôn ngữ "
        "của từ khóa đầu tiên) và của thông báo (mặc định: $PLANRULES_LANG, nếu không có thì ngôn ngữ của từng tệp "
        "kế hoạch)",
    ),
    # planrules export
    "help_export": (
        "write a plan's compiled rule set as TOML or JSON, or its assignment table as .docx or .xlsx",
        "ghi bộ quy tắc đã biên dịch của kế hoạch dạng TOML hoặc JSON, hoặc bảng phân công nhiệm vụ dạng .docx "
        "hoặc .xlsx",
    ),
    "help_export_description": (
        "Every effective target (own and inherited) and deadline of a plan, as data; or, with --format docx or "
        "xlsx, its tasks as the official assignment table (docs/documents.md).",
        "Mọi chỉ tiêu đang có hiệu lực (của chính kế hoạch và kế thừa) và mọi thời hạn của kế hoạch, dưới dạng dữ "
        "liệu; hoặc, với --format docx hay xlsx, các nhiệm vụ thành bảng phân công nhiệm vụ theo mẫu chính thức "
        "(docs/documents.md).",
    ),
    "help_export_format": ("toml (default) or json: the rule set; docx or xlsx: the assignment table, to -o FILE",
                           "toml (mặc định) hoặc json: bộ quy tắc; docx hoặc xlsx: bảng phân công nhiệm vụ, ghi vào "
                           "-o TỆP"),
    "help_export_output": ("write here (docx and xlsx: required)", "ghi vào đây (bắt buộc với docx và xlsx)"),
    # planrules test
    "help_test": ("run the scenario files (*.test.toml) of plans: expected verdicts on given facts",
                  "chạy các tệp kịch bản (*.test.toml) của kế hoạch: kết quả mong đợi trên số liệu cho trước"),
    "help_test_description": (
        "Find every *.test.toml at or below each PATH, evaluate each of its scenarios (a plan, a date, "
        "facts) and compare the verdicts with the expectations. Prints each failing expectation with the "
        "expected and actual verdict and the verdict's explanation, then a summary counting expectations. "
        "See docs/scenarios.md.",
        "Tìm mọi tệp *.test.toml tại mỗi ĐƯỜNG_DẪN và các thư mục con, đánh giá từng kịch bản trong đó (một kế "
        "hoạch, một ngày, số liệu) và so sánh kết quả với kết quả mong đợi. In từng kết quả mong đợi không khớp, "
        "kèm kết quả cần có, kết quả thực tế và lời giải thích, rồi tóm tắt số kết quả mong đợi đạt và sai. Xem "
        "docs/scenarios.md.",
    ),
    "help_test_exit": (
        "Exit status: 0 every expectation passed, 1 an expectation failed, 2 a scenario file, plan or "
        "facts file that cannot be read or run (located errors).",
        "Mã thoát: 0 mọi kết quả mong đợi đều khớp, 1 có kết quả mong đợi không khớp, 2 có tệp kịch bản, kế hoạch "
        "hoặc tệp số liệu không đọc hay chạy được (lỗi có chỉ rõ vị trí).",
    ),
    "help_test_paths": (".test.toml file or folder", "tệp .test.toml hoặc thư mục"),
    "help_test_coverage": (
        "list, per plan, the rules (targets and deadlines) that no expectation exercises, and the plans with "
        "rules but no scenario file",
        "liệt kê, theo từng kế hoạch, các quy tắc (chỉ tiêu và thời hạn) chưa có kết quả mong đợi nào kiểm tra, "
        "và các kế hoạch có quy tắc nhưng chưa có tệp kịch bản",
    ),
    # planrules schema
    "help_schema": ("print the tables a fact source must provide for a plan: SQL DDL or JSON Schema",
                    "in các bảng mà nguồn số liệu phải có cho kế hoạch: SQL DDL hoặc JSON Schema"),
    "help_schema_description": (
        "The fact tables of the plan's vocabulary (its own record kinds and the prelude's): one table per "
        "record kind and the small tables counts, values, deliveries, events, units and period. "
        "--format sql prints CREATE TABLE statements that DuckDB and PostgreSQL both run; json a JSON "
        "Schema of the same tables (for Parquet or CSV folders); facts the JSON Schema of a TOML facts "
        "file. See docs/sql.md.",
        "Các bảng số liệu theo từ vựng của kế hoạch (các loại bản ghi của chính kế hoạch và của phần khai báo "
        "chuẩn): mỗi loại bản ghi một bảng, cùng các bảng nhỏ counts, values, deliveries, events, units và period. "
        "--format sql in các câu lệnh CREATE TABLE chạy được trên cả DuckDB và PostgreSQL; json in JSON Schema của "
        "chính các bảng đó (cho thư mục Parquet hoặc CSV); facts in JSON Schema của tệp số liệu TOML. Xem "
        "docs/sql.md.",
    ),
    "help_schema_format": ("sql (default): CREATE TABLE; json: the tables' JSON Schema; facts: a TOML facts file's",
                           "sql (mặc định): CREATE TABLE; json: JSON Schema của các bảng; facts: JSON Schema của "
                           "tệp số liệu TOML"),
    # planrules tree
    "help_tree": ("print the hierarchy of plans (parents above children) with each plan's status",
                  "in sơ đồ phân cấp các kế hoạch (cấp trên ở trên, cấp dưới ở dưới) kèm tình trạng của từng kế "
                  "hoạch"),
    "help_tree_description": (
        "Plans below their parents (cấp trên); parents not encoded are shown as external.",
        "Các kế hoạch xếp dưới kế hoạch cấp trên của chúng; kế hoạch cấp trên chưa được mã hóa được ghi là "
        "kế hoạch bên ngoài.",
    ),
    # ------------------------------------------------------------ argparse's own words (cli_language.speaking)
    "argparse_usage": ("usage: ", "cách dùng: "),
    "argparse_positionals": ("positional arguments", "tham số vị trí"),
    "argparse_options": ("options", "tùy chọn"),
    "argparse_error": ("%(prog)s: error: %(message)s\n", "%(prog)s: lỗi: %(message)s\n"),
    "argparse_argument": ("argument %(argument_name)s: %(message)s", "tham số %(argument_name)s: %(message)s"),
    "argparse_unrecognized": ("unrecognized arguments: %s", "không nhận ra tham số: %s"),
    "argparse_invalid_choice": ("invalid choice: %(value)r (choose from %(choices)s)",
                                "lựa chọn không hợp lệ: %(value)r (chọn một trong: %(choices)s)"),
    "argparse_required": ("the following arguments are required: %s", "thiếu các tham số bắt buộc sau: %s"),
    "argparse_one_required": ("one of the arguments %s is required", "cần một trong các tham số %s"),
    "argparse_ambiguous": ("ambiguous option: %(option)s could match %(matches)s",
                           "tùy chọn không rõ ràng: %(option)s có thể là %(matches)s"),
    "argparse_expected_one": ("expected one argument", "cần đúng một giá trị"),
    "argparse_expected_at_most_one": ("expected at most one argument", "cần nhiều nhất một giá trị"),
    "argparse_expected_at_least_one": ("expected at least one argument", "cần ít nhất một giá trị"),
    "argparse_expected_n": ("expected %s argument", "cần %s giá trị"),
    "argparse_invalid_value": ("invalid %(type)s value: %(value)r", "giá trị %(type)s không hợp lệ: %(value)r"),
    "argparse_not_allowed_with": ("not allowed with argument %s", "không được dùng cùng tham số %s"),
    "argparse_ignored_explicit": ("ignored explicit argument %r", "bỏ qua giá trị được ghi kèm %r"),
    "argparse_unexpected_option": ("unexpected option string: %s", "chuỗi tùy chọn không mong đợi: %s"),
    "argparse_cannot_open": ("can't open '%(filename)s': %(error)s", "không mở được '%(filename)s': %(error)s"),
    "argparse_unknown_parser": ("unknown parser %(parser_name)r (choices: %(choices)s)",
                                "không có lệnh %(parser_name)r (các lệnh: %(choices)s)"),
    "argparse_stdin_mode": ('argument "-" with mode %r', 'tham số "-" với chế độ %r'),
    # what argparse says only of a parser built wrongly: a planrules bug, never the user's doing
    "argparse_not_callable": ("%r is not callable", "%r không gọi được"),
    "argparse_call_not_defined": (".__call__() not defined", "chưa định nghĩa .__call__()"),
    "argparse_required_positional": ("'required' is an invalid argument for positionals",
                                     "'required' không dùng được cho tham số vị trí"),
    "argparse_exclusive_optional": ("mutually exclusive arguments must be optional",
                                    "các tham số loại trừ nhau phải là tùy chọn"),
    "argparse_merge_groups": ("cannot merge actions - two groups are named %r",
                              "không gộp được các hành động - hai nhóm cùng tên %r"),
    "argparse_invalid_option_string": ("invalid option string %(option)r: must start with a character "
                                       "%(prefix_chars)r",
                                       "chuỗi tùy chọn %(option)r không hợp lệ: phải bắt đầu bằng ký tự "
                                       "%(prefix_chars)r"),
    "argparse_dest_required": ("dest= is required for options like %r", "cần dest= cho các tùy chọn như %r"),
    "argparse_conflict_resolution": ("invalid conflict_resolution value: %r",
                                     "giá trị conflict_resolution không hợp lệ: %r"),
    "argparse_multiple_subparsers": ("cannot have multiple subparser arguments",
                                     "không được có nhiều tham số lệnh con"),
    "argparse_conflicting_option": ("conflicting option string: %s", "chuỗi tùy chọn bị trùng: %s"),
    "argparse_conflicting_subparser": ("conflicting subparser: %s", "lệnh con bị trùng: %s"),
    "argparse_conflicting_alias": ("conflicting subparser alias: %s", "tên khác của lệnh con bị trùng: %s"),
    # ------------------------------------------------------------ the argument types' refusals (cli_options)
    "empty_value": ("an empty value: give one, or leave the option out",
                    "giá trị rỗng: hãy ghi một giá trị, hoặc bỏ tùy chọn này"),
    "not_seconds": ("{text} is not a number of seconds", "{text} không phải là số giây"),
    "seconds_range": ("{text}: give a number of seconds above 0", "{text}: hãy ghi số giây lớn hơn 0"),
    "not_processes": ("{text} is not a number of processes", "{text} không phải là số tiến trình"),
    "processes_range": ("{count} processes: give 0 (one per core) to 256",
                        "{count} tiến trình: hãy ghi từ 0 (mỗi lõi một tiến trình) đến 256"),
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
