"""The base's message catalogue: key -> (English, Vietnamese), each a str.format template.

One catalogue per package (docs/architecture.md): a package's messages are
rendered through its own `Message` subclass, whose `catalogue` is its own
dict, so no module adds to another's and no key is defined twice
(tests/test_messages.py). A key used by several packages lives in the lowest
of them.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # the one "did you mean" hint (base/suggest.py finds the name), for every stage
    "did_you_mean": ("did you mean {name}?", "có phải ý bạn là {name}?"),
    "absent_unit_attribute": (
        "unit {unit} has no {name} to be rolled up by: plan {plan} binds it (a task it leads, a target's scope, "
        "or a group it is in) but the facts do not mention it; list it in the units table with its {name}",
        "đơn vị {unit} không có {name} để tổng hợp: kế hoạch {plan} ràng buộc đơn vị (chủ trì nhiệm vụ, thuộc phạm "
        "vi chỉ tiêu hoặc thuộc nhóm) nhưng số liệu không nêu đơn vị này; hãy ghi đơn vị vào bảng units cùng {name} "
        "của nó",
    ),
    "bad_as_of": (
        "--as-of {text} is not a date (write 2026-12-31 or 31/12/2026)",
        "--as-of {text} không phải là ngày (viết 2026-12-31 hoặc 31/12/2026)",
    ),
    "unreadable": ("cannot read {path}: {reason}", "không đọc được {path}: {reason}"),
    "not_utf8": (
        "{path} is not UTF-8 text (byte {offset})",
        "{path} không phải văn bản UTF-8 (byte {offset})",
    ),
    "more_findings": (
        "… and {count} more {code} finding(s) in this file, not listed (at most {limit} of a code per file)",
        "… và {count} kết quả {code} khác trong tệp này, không liệt kê (tối đa {limit} kết quả mỗi mã trong một tệp)",
    ),
    # a path the file guard (files.py) refuses
    "refused_kind": (
        "it is {kind}, not a regular file",
        "đây là {kind}, không phải tệp thông thường",
    ),
    "refused_not_folder": ("it is a file, not a folder", "đây là tệp, không phải thư mục"),
    "refused_kernel": (
        "it leads into {folder}, where the kernel's files are, not documents",
        "đường dẫn trỏ vào {folder}, nơi chứa tệp của nhân hệ điều hành, không phải tài liệu",
    ),
    "refused_outside": (
        "it leads to {real}, outside {trees}, the folders it may be read from",
        "đường dẫn trỏ tới {real}, nằm ngoài {trees}, những thư mục được phép đọc",
    ),
    "refused_grew": (
        "it gives more bytes than its size says ({size}): a kernel file, or one being written",
        "tệp cho nhiều byte hơn kích thước của nó ({size}): tệp của nhân hệ điều hành, hoặc đang được ghi",
    ),
    "refused_changed": (
        "it was replaced while it was opened",
        "tệp bị thay thế trong lúc được mở",
    ),
    # why a path is not read, put in each reader's own "cannot read {path}: {reason}"
    "reason_missing": ("no such file or folder", "không có tệp hay thư mục này"),
    "reason_denied": ("permission denied", "không có quyền đọc"),
    "reason_too_long": ("the path is too long", "đường dẫn quá dài"),
    "reason_loop": ("too many links (a loop of links?)", "quá nhiều liên kết (liên kết vòng?)"),
    "reason_not_folder_part": ("a part of the path is not a folder", "một phần của đường dẫn không phải thư mục"),
    "reason_is_folder": ("it is a folder, not a file", "đây là thư mục, không phải tệp"),
    "reason_nul": ("the name holds a NUL character", "tên chứa ký tự NUL"),
    "reason_encoding": (
        "the name cannot be written in the file system's encoding",
        "tên không viết được bằng bảng mã của hệ thống tệp",
    ),
    "kind_folder": ("a folder", "một thư mục"),
    "kind_fifo": ("a FIFO (named pipe)", "một FIFO (ống có tên)"),
    "kind_socket": ("a socket", "một socket"),
    "kind_character_device": ("a character device", "một thiết bị ký tự"),
    "kind_block_device": ("a block device", "một thiết bị khối"),
    "kind_other": ("something else", "một thứ khác"),
}
