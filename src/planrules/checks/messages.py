"""The checks catalogue: every finding a check of a library gives, in English and Vietnamese.

One catalogue for the package: lint (L4xx), inheritance (I3xx), the
silences of `check` (S0xx) and the words of the tree (`tree`), rendered
through `ChecksMessage`. The findings of a check are kept in the compile
cache, so the language's codec decodes a `ChecksMessage` (it imports this
module to do so, and checks each key against this catalogue): a key renamed
here is a cache miss, never a wrong message.
"""

from __future__ import annotations

from typing import ClassVar

from ..base.diagnostics import Message

__all__ = ["MESSAGES", "ChecksMessage"]

# key -> (English, Vietnamese): str.format templates.
MESSAGES: dict[str, tuple[str, str]] = {
    # lint (lint.py)
    # L401
    "lint_many_leads": (
        "task {address} has {count} leads ({names}): one task, one lead (một việc - một đầu mối); {choice}",
        "nhiệm vụ {address} có {count} đơn vị chủ trì ({names}): một việc - một đầu mối; {choice}",
    ),
    "lint_leads_joint": (
        "judged jointly: one delivery by any of them answers it",
        "đánh giá chung: một đơn vị nộp là đủ cho cả các đơn vị",
    ),
    "lint_leads_joint_default": (
        "judged jointly, as the task does not say (chung or mỗi đơn vị): one delivery by any of them answers it",
        "đánh giá chung vì nhiệm vụ không ghi (chung hay mỗi đơn vị): một đơn vị nộp là đủ cho cả các đơn vị",
    ),
    "lint_leads_each": (
        "owed by each: every lead is judged on its own",
        "mỗi đơn vị tự chịu: đánh giá riêng từng đơn vị chủ trì",
    ),
    "lint_leads_groups": (
        "owed by each: {groups} binds each of its members on its own, so no two units share the deliverable",
        "mỗi đơn vị tự chịu: {groups} giao cho từng thành viên, nên không có hai đơn vị nào chung một sản phẩm",
    ),
    "lint_hint_one_lead": (
        'keep one lead in "chủ trì:" and move the others to "phối hợp:"',
        'giữ một đơn vị ở "chủ trì:", chuyển các đơn vị còn lại sang "phối hợp:"',
    ),
    # L402
    "lint_six_clear": (
        "task {address} lacks {count} of 6 rõ: {missing}",
        "nhiệm vụ {address} thiếu {count}/6 rõ: {missing}",
    ),
    "lint_hint_who": (
        'who: name the one unit answerable for the task: chủ trì: <unit> ("lead:")',
        "rõ người: ghi đơn vị chịu trách nhiệm chính: chủ trì: <đơn vị>",
    ),
    "lint_hint_what": (
        'what: say what is to be done: nội dung: "…" ("content:")',
        'rõ việc: ghi việc phải làm: nội dung: "…"',
    ),
    "lint_hint_responsibility_no_lead": (
        "responsibility: with no lead, no one answers for the result; name the lead",
        "rõ trách nhiệm: không có đơn vị chủ trì thì không ai chịu trách nhiệm về kết quả; ghi đơn vị chủ trì",
    ),
    "lint_hint_responsibility_both": (
        'responsibility: {names} both lead ("chủ trì:") and collaborate ("phối hợp:"); keep each unit in one role',
        'rõ trách nhiệm: {names} vừa chủ trì vừa phối hợp; mỗi đơn vị chỉ giữ một vai trò',
    ),
    "lint_hint_when": (
        'when: give a deadline, e.g. thời hạn: trước ngày 30/06/2026 (or hằng năm, thường xuyên …; "deadline:")',
        "rõ tiến độ: ghi thời hạn, ví dụ thời hạn: trước ngày 30/06/2026 (hoặc hằng năm, thường xuyên …)",
    ),
    "lint_hint_deliverable": (
        'deliverable: say what the result is: sản phẩm: "…" ("deliverable:"), or a measurable chỉ tiêu',
        'rõ sản phẩm: ghi kết quả phải có: sản phẩm: "…", hoặc một chỉ tiêu đo được',
    ),
    "lint_hint_authority": (
        'authority: say who receives or approves the result: báo cáo cho: <unit> ("reports to:")',
        "rõ thẩm quyền: ghi ai nhận, ai xem xét kết quả: báo cáo cho: <đơn vị>",
    ),
    # L403
    "lint_duplicate_task": (
        "two tasks have the address {address}: line {first} and line {line}",
        "hai nhiệm vụ cùng số hiệu {address}: dòng {first} và dòng {line}",
    ),
    "lint_hint_renumber": (
        "renumber one of them, or merge the two into one task",
        "đánh lại số hiệu một nhiệm vụ, hoặc gộp hai nhiệm vụ làm một",
    ),
    # L407
    "lint_shared_label": (
        'task {address} gives deadlines {first} and {position} the same label "{label}": a delivery naming it '
        "could answer either",
        'nhiệm vụ {address} đặt cùng nhãn "{label}" cho thời hạn {first} và thời hạn {position}: kết quả nộp ghi '
        "nhãn này không cho biết trả lời thời hạn nào",
    ),
    "lint_hint_own_label": (
        'give each deadline its own label ("quý I", "quý II"), or none: a delivery then names it by its position',
        'đặt cho mỗi thời hạn một nhãn riêng ("quý I", "quý II"), hoặc không đặt nhãn: kết quả nộp khi đó ghi '
        "thời hạn theo số thứ tự",
    ),
    # L404
    "lint_deadline_before_plan": (
        "task {address} is due {deadline}, which is over before the plan's own date ({date}): no one can meet it",
        "nhiệm vụ {address} có thời hạn {deadline}, đã hết trước ngày ban hành kế hoạch ({date}): không thể đáp ứng",
    ),
    "lint_hint_deadline_year": (
        "check the date: a deadline must end on or after ngày ban hành (a wrong year?)",
        "kiểm tra lại ngày: thời hạn phải kết thúc từ ngày ban hành trở đi (nhầm năm?)",
    ),
    "lint_deadline_before_effective": (
        "task {address} is due {deadline}, which is over before the plan takes effect ({date}): no one can meet it",
        "nhiệm vụ {address} có thời hạn {deadline}, đã hết trước ngày kế hoạch có hiệu lực ({date}): không thể đáp ứng",
    ),
    "lint_hint_deadline_effective": (
        "check the dates: a deadline must end on or after hiệu lực từ (a wrong year, or a wrong effective date?)",
        "kiểm tra lại ngày: thời hạn phải kết thúc từ ngày có hiệu lực trở đi (nhầm năm, hay nhầm ngày hiệu lực?)",
    ),
    "lint_hint_strict_before": (
        '"trước ngày {date}" excludes {date} itself; "đến ngày {date}" includes it',
        '"trước ngày {date}" không tính ngày {date}; "đến ngày {date}" thì có tính',
    ),
    # L405
    "lint_plan_after_parent": (
        "the plan is dated {date}, past the deadline of the task it implements: {parent} {address} is due {deadline}",
        "kế hoạch ban hành ngày {date}, đã quá thời hạn của nhiệm vụ cấp trên mà nó thực hiện: "
        "nhiệm vụ {address} của {parent} có thời hạn {deadline}",
    ),
    "lint_hint_parent_deadline": (
        'check ngày ban hành and the parent task named in "thực hiện:"; a late plan should say how it catches up',
        'kiểm tra ngày ban hành và nhiệm vụ cấp trên ghi ở "thực hiện:"; kế hoạch ban hành muộn cần nêu cách bù tiến độ',
    ),
    "lint_plan_after_parent_asked": (
        "the plan is dated {date}, past the deadline its parent set for it: {parent} {address} asks {leads} "
        "for their plans, due {deadline}",
        "kế hoạch ban hành ngày {date}, đã quá thời hạn kế hoạch cấp trên đặt cho nó: nhiệm vụ {address} của "
        "{parent} giao {leads} xây dựng kế hoạch, thời hạn {deadline}",
    ),
    "lint_hint_parent_asked": (
        "check ngày ban hành against {parent} {address}; a late plan should say how it catches up",
        "kiểm tra ngày ban hành so với nhiệm vụ {address} của {parent}; kế hoạch ban hành muộn cần nêu cách bù tiến độ",
    ),
    # L406
    "lint_unmeasured_number": (
        "{what} {address} promises {numbers}, but no target (chỉ tiêu) at {address} measures it",
        "{what} {address} nêu {numbers} nhưng không có chỉ tiêu nào tại {address} để đo",
    ),
    "lint_hint_add_target": (
        "add a target: {example}",
        "thêm chỉ tiêu: {example}",
    ),
    "lint_vacuous_target": (
        "target {target} can never fail: it measures nothing",
        "chỉ tiêu {target} luôn đạt: không đo được gì",
    ),
    "lint_unmeetable_target": (
        "target {target} can never be met: no share, cut, count or length reaches it",
        "chỉ tiêu {target} không bao giờ đạt được: không tỷ lệ, mức giảm, số lượng hay thời gian nào đạt tới",
    ),
    "lint_hint_vacuous": (
        "check the threshold and the comparator (tối thiểu / không quá / trên / dưới)",
        "kiểm tra lại ngưỡng và phép so sánh (tối thiểu / không quá / trên / dưới)",
    ),

    # inheritance (inheritance.py)
    "inherit_lower_minimum": (
        "{child} lowers a minimum of {parent}: {what} {child_value}, where the parent requires "
        "{parent_value}",
        "{child} hạ mức tối thiểu của {parent}: {what} {child_value}, trong khi kế hoạch cấp trên "
        "yêu cầu {parent_value}",
    ),
    "inherit_higher_maximum": (
        "{child} raises a maximum of {parent}: {what} {child_value}, where the parent allows "
        "{parent_value}",
        "{child} nâng mức tối đa của {parent}: {what} {child_value}, trong khi kế hoạch cấp trên "
        "chỉ cho phép {parent_value}",
    ),
    "inherit_exclusion": (
        "{child} leaves out records that {parent} counts: {what} excludes {child_excluded}, where the parent "
        "excludes {parent_excluded}",
        "{child} loại trừ những bản ghi mà {parent} vẫn tính: {what} loại trừ {child_excluded}, trong khi kế hoạch "
        "cấp trên loại trừ {parent_excluded}",
    ),
    "inherit_other_exclusion": (
        "{child} measures another share than {parent}: {what} excludes {child_excluded}, where the parent "
        "excludes {parent_excluded}; the parent's target still applies as it is",
        "{child} đo một tỷ lệ khác với {parent}: {what} loại trừ {child_excluded}, trong khi kế hoạch cấp trên "
        "loại trừ {parent_excluded}; chỉ tiêu của cấp trên vẫn áp dụng nguyên như cũ",
    ),
    "inherit_narrower_period": (
        "{child} narrows the period of {parent}: {what} only {child_period}, where the parent requires it "
        "{parent_period}",
        "{child} thu hẹp thời gian áp dụng của {parent}: {what} chỉ {child_period}, trong khi kế hoạch cấp trên "
        "yêu cầu {parent_period}",
    ),
    "inherit_running": (
        "{child} counts {what} {child_period}, where {parent} requires it {parent_period}: counts only grow, "
        "so a minimum summed from an earlier start, or a maximum from a later one, asks less",
        "{child} tính {what} {child_period}, trong khi {parent} yêu cầu {parent_period}: số lượng chỉ tăng, nên "
        "mức tối thiểu cộng dồn từ sớm hơn, hay mức tối đa cộng dồn từ muộn hơn, là yêu cầu thấp hơn",
    ),
    "inherit_other_day": (
        "{child} judges {what} {child_period}, where {parent} requires it {parent_period}: a minimum must be "
        "reached by the parent's day, a maximum kept at least up to it",
        "{child} đánh giá {what} {child_period}, trong khi {parent} yêu cầu {parent_period}: mức tối thiểu phải "
        "đạt chậm nhất vào ngày của cấp trên, mức tối đa phải giữ ít nhất đến ngày đó",
    ),
    "inherit_other_base": (
        "{child} measures {what} against {child_base}, where {parent} measures it against {parent_base}: a change "
        "against another base year is another target, so the parent's still applies beside it",
        "{child} tính {what} so với {child_base}, trong khi {parent} tính so với {parent_base}: so với năm gốc khác "
        "là một chỉ tiêu khác, nên chỉ tiêu của cấp trên vẫn áp dụng bên cạnh",
    ),
    "inherit_narrower_scope": (
        "{child} binds fewer units than {parent}: {what} for {child_scope} only, where the parent binds "
        "{parent_scope}; the parent's target still applies to all of them",
        "{child} thu hẹp phạm vi của {parent}: {what} chỉ áp dụng cho {child_scope}, trong khi kế hoạch cấp trên "
        "áp dụng cho {parent_scope}; chỉ tiêu của cấp trên vẫn áp dụng cho tất cả",
    ),
    "inherit_stricter": (
        "{child} is stricter than {parent}, which is fine: {what} {child_value}, where the parent "
        "requires {parent_value}",
        "{child} chặt chẽ hơn {parent} (được phép): {what} {child_value}, trong khi kế hoạch cấp trên "
        "yêu cầu {parent_value}",
    ),
    "inherit_later_deadline": (
        "task {child} sets a later deadline than task {parent}, which it implements: {child_deadline}, where the "
        "parent's is {parent_deadline}",
        "nhiệm vụ {child} đặt thời hạn muộn hơn nhiệm vụ {parent} mà nó thực hiện: {child_deadline}, trong khi "
        "thời hạn của cấp trên là {parent_deadline}",
    ),
    "inherit_no_deadline": (
        "task {child} implements task {parent} but has no deadline, where the parent's is {parent_deadline}",
        "nhiệm vụ {child} thực hiện nhiệm vụ {parent} nhưng không có thời hạn, trong khi thời hạn của cấp trên "
        "là {parent_deadline}",
    ),
    "inherit_event_deadline": (
        "task {child} makes the deadline of task {parent}, which it implements, wait for an event: "
        "{child_deadline} may come later than {parent_deadline}, or never",
        "nhiệm vụ {child} chuyển thời hạn của nhiệm vụ {parent} mà nó thực hiện thành chờ một sự kiện: "
        "{child_deadline} có thể đến muộn hơn {parent_deadline}, hoặc không bao giờ đến",
    ),
    "inherit_less_frequent": (
        "task {child} is due less often than task {parent}, which it implements: {child_deadline}, where the "
        "parent's is {parent_deadline}",
        "nhiệm vụ {child} thực hiện thưa hơn nhiệm vụ {parent} mà nó thực hiện: {child_deadline}, trong khi "
        "cấp trên yêu cầu {parent_deadline}",
    ),
    "inherit_task_not_taken_up": (
        "no task of {child} takes up task {parent}, which the parent assigns to {leads}",
        "không nhiệm vụ nào của {child} thực hiện nhiệm vụ {parent}, mà kế hoạch cấp trên giao cho {leads}",
    ),
    "hint_parent_clause": (
        "{parent} is at {at} (seed: {seed})",
        "{parent} ở {at} (văn bản gốc: {seed})",
    ),
    "hint_keep_minimum": (
        "write {parent_value} (or more), or leave the target out to inherit it",
        "ghi {parent_value} (hoặc cao hơn), hoặc bỏ chỉ tiêu này để kế thừa chỉ tiêu cấp trên",
    ),
    "hint_keep_maximum": (
        "write {parent_value} (or less), or leave the target out to inherit it",
        "ghi {parent_value} (hoặc thấp hơn), hoặc bỏ chỉ tiêu này để kế thừa chỉ tiêu cấp trên",
    ),
    "hint_keep_range": (
        "write {parent_value} (or a range inside it), or leave the target out to inherit it",
        "ghi {parent_value} (hoặc một khoảng nằm trong đó), hoặc bỏ chỉ tiêu này để kế thừa chỉ tiêu cấp trên",
    ),
    "hint_keep_exclusion": (
        "exclude only what the parent excludes ({parent_excluded}), or leave the target out to inherit it",
        "chỉ loại trừ những gì cấp trên loại trừ ({parent_excluded}), hoặc bỏ chỉ tiêu này để kế thừa",
    ),
    "hint_keep_period": (
        "state the target {parent_period} too (a target for one year may stand beside it)",
        "ghi thêm chỉ tiêu {parent_period} (chỉ tiêu cho riêng một năm có thể giữ bên cạnh)",
    ),
    "inherit_other_assessor": (
        "{child} has {what} assessed by {child_assessors}, where {parent} names {parent_assessors}; the parent's "
        "target still applies, judged by its assessors",
        "{child} giao {child_assessors} đánh giá {what}, trong khi {parent} giao {parent_assessors}; chỉ tiêu "
        "của cấp trên vẫn áp dụng, do đơn vị cấp trên giao đánh giá",
    ),
    "hint_keep_assessor": (
        "name the parent's assessors ({parent_assessors}), or leave the target out to inherit it",
        "giao đánh giá cho đơn vị như cấp trên ({parent_assessors}), hoặc bỏ chỉ tiêu này để kế thừa chỉ tiêu cấp "
        "trên",
    ),
    "hint_keep_base": (
        "measure it against {parent_base} as the parent does, or keep both targets knowingly",
        "tính so với {parent_base} như cấp trên, hoặc giữ cả hai chỉ tiêu một cách có chủ ý",
    ),
    "hint_keep_scope": (
        "give it a scope that takes in {parent_scope} (phạm vi: toàn địa bàn takes in every unit), or leave the "
        "target out to inherit it",
        "ghi phạm vi bao gồm {parent_scope} (phạm vi: toàn địa bàn bao gồm mọi đơn vị), hoặc bỏ chỉ tiêu này để "
        "kế thừa chỉ tiêu cấp trên",
    ),
    "hint_keep_deadline": (
        "give the task a deadline no later than the parent's ({parent_deadline})",
        "đặt thời hạn không muộn hơn thời hạn của cấp trên ({parent_deadline})",
    ),
    "hint_keep_frequency": (
        "keep the parent's rhythm ({parent_deadline}) or a more frequent one",
        "giữ chu kỳ của cấp trên ({parent_deadline}) hoặc dày hơn",
    ),
    "hint_take_up": (
        'add a task with `thực hiện: "{number}" {address}` (the parent task is at {at})',
        'thêm một nhiệm vụ có `thực hiện: "{number}" {address}` (nhiệm vụ cấp trên ở {at})',
    ),

    # silences (check.py)
    "silence_without_reason": (
        "a silence needs a written reason: # planrules: ignore {codes}: <why>",
        "bỏ qua cần ghi rõ lý do: # planrules: bỏ qua {codes}: <lý do>",
    ),
    "silence_unknown_code": (
        "{code} is not a finding code planrules gives",
        "{code} không phải là mã kiểm tra của planrules",
    ),
    "silence_unused": (
        "nothing to silence: no {code} finding in the statement below",
        "không có gì để bỏ qua: câu lệnh bên dưới không có lỗi {code}",
    ),
    "silence_malformed": (
        "this comment looks like a silence but is not written as one, so it silences nothing",
        "chú thích này giống lệnh bỏ qua nhưng viết sai cú pháp nên không bỏ qua được gì",
    ),
    "hint_silence_as": (
        "write it as: # planrules: ignore {codes}: {reason}",
        "viết lại thành: # planrules: bỏ qua {codes}: {reason}",
    ),
    "hint_silence_form": (
        "a silence is written: # planrules: ignore <CODE>: <reason>",
        "lệnh bỏ qua viết là: # planrules: bỏ qua <MÃ>: <lý do>",
    ),
    # `planrules check` output (said by the command line): the findings below --min-severity, one line per code
    "summarised": (
        "{severity}[{code}]: {count} finding(s) not listed (--min-severity {name} lists them)",
        "{severity}[{code}]: {count} phát hiện không liệt kê (--min-severity {name} để liệt kê)",
    ),
    # the tree of a library (tree.py, `planrules tree`)
    "tree_partial": ("partial", "một phần"),
    "tree_complete": ("complete", "đầy đủ"),
    "tree_external": ("not encoded", "chưa mã hóa"),
    "tree_errors": ("{n} error(s)", "{n} lỗi"),
    "tree_warnings": ("{n} warning(s)", "{n} cảnh báo"),
    "tree_ok": ("no findings", "không có lỗi"),
    "tree_again": ("(see above)", "(xem ở trên)"),
    "tree_cycle": ("in a cycle of parents:", "nằm trong vòng lặp cấp trên:"),
}


class ChecksMessage(Message):
    """A message of a check of a library: a key of `MESSAGES` and its arguments."""

    catalogue: ClassVar[dict[str, tuple[str, str]]] = MESSAGES
