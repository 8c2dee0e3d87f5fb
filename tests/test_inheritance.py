"""Inheritance: a child plan may tighten its parents' targets and deadlines, never weaken them.

The fixtures under tests/fixtures/inheritance/ are copies of the real plans, each weakened in
one way (or strengthened: chat-che-hon); the properties build parent/child plan text from the
prelude's metrics and check that tightening never gives an error while loosening one target
gives exactly one, at that target.
"""

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planrules import Library, Severity, compile, load_dir, parse, prelude
from planrules.checks.inheritance import check_inheritance, effective_targets
from planrules.strategies import plan_pairs

from conftest import PLANS

FIXTURES = Path(__file__).parent / "fixtures" / "inheritance"
PRELUDE = prelude()
CHILD = "kh-05-cbvp.plan"  # the Chi bộ Văn phòng's plan in each fixture
PARENT = "kh-11-du.plan"  # its parent: a copy of 10-KH/ĐU numbered 11-KH/ĐU


def errors(findings):
    return [d for d in findings if d.severity is Severity.ERROR]


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of the first line of `path` containing `needle`."""
    return next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in text)


# -------------------------------------------------------------- the real plans --


def test_real_plans_give_no_inheritance_finding():
    """Vũ Dương and the Cục restate 534's targets at the same thresholds: no weakening, no tightening."""
    assert check_inheritance(load_dir(PLANS), PRELUDE) == []


def test_cuc_inherits_the_targets_it_does_not_restate():
    library = load_dir(PLANS)
    cuc = library.by_number("10-KH/ĐU")
    inherited = [r for r in effective_targets(cuc, library, prelude=PRELUDE) if r.clause.inherited_from]
    assert [(r.metric, r.clause.rule, r.clause.inherited_from) for r in inherited] == [
        ("tỷ_lệ_hồ_sơ_trực_tuyến", "534/QĐ-TTg:#3", "534/QĐ-TTg"),
        ("tỷ_lệ_số_hóa_văn_bản", "534/QĐ-TTg:#4", "534/QĐ-TTg"),
        # restated only inside task II.4.b-2, for the chi bộ that lead it: the plan-wide caps stay
        ("thời_lượng_hội_nghị", "534/QĐ-TTg:#6", "534/QĐ-TTg"),
        ("thời_lượng_hội_nghị", "534/QĐ-TTg:#7", "534/QĐ-TTg"),
        ("thời_lượng_hội_nghị", "534/QĐ-TTg:#8", "534/QĐ-TTg"),
    ]
    assert inherited[0].clause.span.file.endswith("qd-534-ttg.plan")


@pytest.mark.parametrize("folder", [PLANS, *sorted(p for p in FIXTURES.iterdir() if p.is_dir())], ids=lambda p: p.name)
def test_effective_targets_agree_with_compile(folder):
    library = load_dir(folder)
    for plan in library.plans:
        if plan.number is not None:
            assert effective_targets(plan, library, prelude=PRELUDE) == compile(plan, library, prelude=PRELUDE).metric_rules


def test_effective_targets_keep_reported_figures_sums_and_ratios():
    """A target on a reported figure, a sum or a ratio is an effective target too (it was left out: 0 of 3)."""
    plan = parse(
        'kế hoạch: "1/KH"\nngày ban hành: 01/01/2026\n'
        'bản ghi chi "Khoản chi" {\n    ngày: ngày tháng\n    tiền: số nguyên\n    lớn: có hoặc không\n}\n'
        'chỉ số x "X": số liệu báo cáo tính bằng %\n'
        'chỉ số tổng_chi: tổng tiền của chi\n'
        'chỉ số tỷ_lệ_lớn: tỷ số (tổng tiền của chi có lớn) trên (tổng tiền của chi)\n'
        'chỉ tiêu: x tối thiểu 30% trong năm 2026\n'
        'chỉ tiêu: tổng_chi tối thiểu 100 trong năm 2026\n'
        'chỉ tiêu: tỷ_lệ_lớn tối thiểu 15% trong năm 2026\n', source="x.plan")
    rules = effective_targets(plan, None, prelude=PRELUDE)
    assert [r.metric for r in rules] == ["x", "tổng_chi", "tỷ_lệ_lớn"]
    assert rules == compile(plan, None, prelude=PRELUDE).metric_rules


def test_effective_targets_without_a_library_are_the_plans_own():
    plan = load_dir(PLANS).by_number("534/QĐ-TTg")
    rules = effective_targets(plan, None, prelude=PRELUDE)
    assert len(rules) == 8 and not any(r.clause.inherited_from for r in rules)


# ------------------------------------------------------------------ the fixtures --

# case -> [(code, needle on the child's line, parent clause named, needle on the parent's line)]
WEAKENED = {
    "i301-giam-hoi-nghi": [("I301", "giảm_hội_nghị tối thiểu 5%", "11-KH/ĐU I.2.a#2", "chỉ tiêu I.2.a @29: giảm")],
    "i302-quan-triet": [("I302", "thời_lượng_hội_nghị(quán_triệt) không quá 1 ngày", "11-KH/ĐU II.4.b-2#1",
                         "(quán_triệt) không quá 1/2")],
    "i303-loai-tru": [("I303", "trừ loại = quan_trọng", "11-KH/ĐU I.2.a#1", "chỉ tiêu I.2.a @29: tỷ_lệ")],
    "i304-chi-nam-2026": [("I304", "trong năm 2026", "11-KH/ĐU I.2.a#1", "chỉ tiêu I.2.a @29: tỷ_lệ")],
    "i305-thoi-han-muon": [("I305", "thời hạn: trước ngày 30/05/2026", "11-KH/ĐU III.1.a", "trước ngày 15/05/2026")],
    "i305-sau-su-kien": [("I305", "thời hạn: sau khi hướng_dẫn_đảng_ủy", "11-KH/ĐU III.1.a", "trước ngày 15/05/2026")],
    "i306-bao-cao-thua-hon": [("I306", 'thời hạn "06 tháng"', "11-KH/ĐU III.1.b", '"hàng tháng" @101')],
}


@pytest.mark.parametrize("case", sorted(WEAKENED))
def test_each_weakened_copy_fails_with_exactly_its_code(case):
    folder = FIXTURES / case
    found = check_inheritance(load_dir(folder), PRELUDE)
    assert len(found) == len(WEAKENED[case])
    for d, (code, child_needle, parent_clause, parent_needle) in zip(found, WEAKENED[case]):
        assert (d.code, d.severity) == (code, Severity.ERROR)
        assert (d.span.file, d.span.line) == (str(folder / CHILD), line_of(folder / CHILD, child_needle))
        message, place = d.message.text("en"), d.hints[0].text("en")
        assert "05-KH/CBVP" in message and parent_clause in message
        assert f"{folder / PARENT}:{line_of(folder / PARENT, parent_needle)}:" in place
        assert "000_8cbe939b58de2ac8.txt:" in place  # the seed document
        assert d.render("vi") != d.render("en")


def test_lower_online_share_in_a_copy_of_the_cuc_plan():
    """Both places the Cục copy states the online share (I.2.a, II.4.b-1) fall below 534's 60%."""
    folder = FIXTURES / "i301-ty-le-truc-tuyen"
    found = check_inheritance(load_dir(folder), PRELUDE)
    child = folder / "kh-10-du.plan"
    assert [(d.code, d.span.line) for d in found] == [
        ("I301", line_of(child, "chỉ tiêu I.2.a @29: tỷ_lệ")),
        ("I301", line_of(child, "chỉ tiêu @75: tỷ_lệ")),
    ]
    d = found[0]
    assert d.message.text("en") == (
        "10-KH/ĐU I.2.a#1 lowers a minimum of 534/QĐ-TTg #1: tỷ_lệ_hội_nghị_trực_tuyến at least 50%, "
        "where the parent requires at least 60%")
    assert d.message.text("vi").startswith("10-KH/ĐU I.2.a#1 hạ mức tối thiểu của 534/QĐ-TTg #1")
    assert d.hints[0].text("en") == (
        f"534/QĐ-TTg #1 is at {folder / 'qd-534-ttg.plan'}:24:1 (seed: 000_8cbe939b58de2ac8.txt:29)")


def test_a_date_replaced_by_an_event_is_a_later_deadline():
    """III.1.a's "trước ngày 15/05/2026" taken up as "sau khi <event>": due only if the event comes (I305)."""
    (d,) = check_inheritance(load_dir(FIXTURES / "i305-sau-su-kien"), PRELUDE)
    assert d.message.text("en") == (
        "task 05-KH/CBVP II.3 makes the deadline of task 11-KH/ĐU III.1.a, which it implements, wait for an event: "
        "after hướng_dẫn_đảng_ủy may come later than before 15/05/2026, or never")
    assert d.message.text("vi") == (
        "nhiệm vụ 05-KH/CBVP II.3 chuyển thời hạn của nhiệm vụ 11-KH/ĐU III.1.a mà nó thực hiện thành chờ một sự kiện: "
        "sau khi hướng_dẫn_đảng_ủy có thể đến muộn hơn trước ngày 15/05/2026, hoặc không bao giờ đến")
    assert d.hints[1].text("en") == "give the task a deadline no later than the parent's (before 15/05/2026)"


def test_quan_triet_message_shows_exact_days():
    (d,) = check_inheritance(load_dir(FIXTURES / "i302-quan-triet"), PRELUDE)
    assert "at most 1 day, where the parent allows at most 0.5 days" in d.message.text("en")
    assert "không quá 1 ngày" in d.message.text("vi") and "không quá 0,5 ngày" in d.message.text("vi")


def test_task_not_taken_up_is_a_warning_on_the_cap_tren_line():
    folder = FIXTURES / "i307-nhiem-vu-bo-sot"
    (d,) = check_inheritance(load_dir(folder), PRELUDE)
    assert (d.code, d.severity) == ("I307", Severity.WARNING)
    assert (d.span.file, d.span.line) == (str(folder / CHILD), line_of(folder / CHILD, "cấp trên:"))
    assert "11-KH/ĐU III.1.b" in d.message.text("en") and "các_chi_bộ" in d.message.text("en")
    assert 'thực hiện: "11-KH/ĐU" III.1.b' in d.hints[0].text("vi")


def test_stricter_copy_gives_only_infos_with_both_values():
    folder = FIXTURES / "chat-che-hon"
    found = check_inheritance(load_dir(folder), PRELUDE)
    assert {d.severity for d in found} == {Severity.INFO} and {d.code for d in found} == {"I310"}
    assert [d.span.line for d in found] == [line_of(folder / CHILD, needle) for needle in (
        "giảm_hội_nghị tối thiểu 15%", "trực_tuyến tối thiểu 80%", "(chuyên_môn) không quá 1/2")]
    assert "at least 80%, where the parent requires at least 60%" in found[1].message.text("en")
    assert "which is fine" in found[1].message.text("en") and "được phép" in found[1].message.text("vi")


def test_fixture_findings_do_not_depend_on_library_order():
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        library = load_dir(folder)
        expected = [d.render("en") for d in check_inheritance(library, PRELUDE)]
        reversed_library = Library(library.plans[::-1], library.paths[::-1])
        assert [d.render("en") for d in check_inheritance(reversed_library, PRELUDE)] == expected


# -------------------------------------------------------------------- deadlines --

PARENT_TASK = """kế hoạch: "1/KH-P"
ngày ban hành: 01/03/2026
văn bản gốc: "p.txt"
đơn vị vp: "Văn phòng"
nhiệm vụ III.1 @7 {{
    chủ trì: vp
{deadline}}}
"""

CHILD_TASK = """kế hoạch: "2/KH-C"
ngày ban hành: 01/04/2026
cấp trên: "1/KH-P"
đơn vị vp: "Văn phòng"
sự kiện tỉnh: "Có chỉ đạo của tỉnh"
nhiệm vụ I.1 {{
    chủ trì: vp
    thực hiện: "1/KH-P" III.1
{deadline}}}
"""


def deadline_findings(parent: str, child: str | None):
    def lines(text):
        return "" if text is None else f"    thời hạn: {text}\n"

    p = parse(PARENT_TASK.format(deadline=lines(parent)), source="p.plan")
    c = parse(CHILD_TASK.format(deadline=lines(child)), source="c.plan")
    return check_inheritance(Library((p, c), ("p.plan", "c.plan")), PRELUDE)


@pytest.mark.parametrize(("parent", "child", "code"), [
    ("trước ngày 15/05/2026", "trước ngày 30/05/2026", "I305"),
    ("trước ngày 15/05/2026", "trước ngày 10/05/2026", None),
    ("trước ngày 15/05/2026", "trước ngày 15/05/2026", None),
    ("trước ngày 15/05/2026", "đến ngày 14/05/2026", None),  # the same last day
    ("trước ngày 15/05/2026", "đến ngày 15/05/2026", "I305"),  # inclusive where the parent is strict
    ("đến ngày 15/05/2026", "trước ngày 15/05/2026", None),
    ("trước ngày 15/05/2026", "cuối năm 2026", "I305"),
    ("trước ngày 15/05/2026", "thường xuyên", "I305"),  # never due
    ("trước ngày 15/05/2026", None, "I305"),  # no deadline at all
    ("cuối năm 2026", "cuối năm 2027", "I305"),
    ("cuối năm 2026", "trước ngày 01/12/2026", None),
    ("quý III 2026", "quý IV 2026", "I305"),
    ("quý IV 2026", "cuối năm 2026", None),
    ("trước ngày 25 hằng tháng", "trước ngày 28 hằng tháng", "I305"),
    ("trước ngày 25 hằng tháng", "trước ngày 20 hằng tháng", None),
    ("trước ngày 25 hằng tháng", "định kỳ 6 tháng", "I306"),
    ("trước ngày 25 hằng tháng", "hằng năm", "I306"),
    ("trước ngày 25 hằng tháng", "cuối năm 2026", "I306"),
    ("trước ngày 25 hằng tháng", None, "I305"),
    ("định kỳ 6 tháng", "hằng năm", "I306"),
    ("định kỳ 6 tháng", "trước ngày 31/12/2026", "I306"),
    ("định kỳ 6 tháng", "trước ngày 25 hằng tháng", None),  # more often is stricter
    ("hằng năm", "cuối năm 2026", "I306"),
    ("hằng năm", "trước ngày 05/12 hằng năm", None),
    ("trước ngày 05/12 hằng năm", "trước ngày 20/12 hằng năm", "I305"),
    ("trước ngày 05/12 hằng năm", "hằng năm", "I305"),
    ("trước ngày 05/12 hằng năm", "trước ngày 05/06 hằng năm", None),
    ("thường xuyên", None, None),  # the parent sets no due date
    (None, "cuối năm 2026", None),
    # a deadline that waits for an event is due only if it comes: later than a date, or never
    ("trước ngày 15/05/2026", "sau khi tỉnh", "I305"),
    ("cuối năm 2026", "quý IV 2026 khi tỉnh", "I305"),
    ("quý III 2026", "sau khi tỉnh và thường xuyên", "I305"),
    ("trước ngày 15/05/2026", "trước ngày 10/05/2026 và sau khi tỉnh", None),  # the date keeps it
    ("trước ngày 15/05/2026", "trước ngày 30/05/2026 và sau khi tỉnh", "I305"),  # on the later date
    ("trước ngày 25 hằng tháng", "sau khi tỉnh", "I306"),  # once at most, if ever
    ("hằng năm", "quý IV khi tỉnh", "I306"),
    ("định kỳ 6 tháng", "định kỳ 6 tháng và sau khi tỉnh", None),
    ("sau khi tỉnh", "cuối năm 2027", None),  # the parent's own deadline waits: nothing to compare
    # quarterly and weekly: 52 weeks > 12 months > 4 quarters > 2 halves > 1 year
    ("hằng quý", "định kỳ 6 tháng", "I306"),
    ("hằng quý", "hằng năm", "I306"),
    ("hằng quý", "hằng quý", None),
    ("hằng quý", "trước ngày 20 hằng tháng", None),  # more often is stricter
    ("hằng quý", "hằng tuần", None),
    ("định kỳ 6 tháng", "hằng quý", None),
    ("trước ngày 25 hằng tháng", "hằng quý", "I306"),
    ("hằng tuần", "trước ngày 25 hằng tháng", "I306"),
    ("hằng tuần", "hằng tuần", None),
    ("hằng tuần", None, "I305"),
    ("hằng tuần", "đến thứ Sáu hằng tuần", None),  # an earlier day of the week
    ("đến thứ Sáu hằng tuần", "đến thứ Năm hằng tuần", None),
    ("đến thứ Sáu hằng tuần", "hằng tuần", "I305"),
    ("đến thứ Năm hằng tuần", "đến thứ Sáu hằng tuần", "I305"),
    # `đến ngày` monthly is inclusive; `hằng tháng` is by the month's last day
    ("trước ngày 25 hằng tháng", "đến ngày 24 hằng tháng", None),  # the same last day
    ("trước ngày 25 hằng tháng", "đến ngày 25 hằng tháng", "I305"),
    ("đến ngày 25 hằng tháng", "trước ngày 26 hằng tháng", None),
    ("hằng tháng", "trước ngày 25 hằng tháng", None),
    ("trước ngày 25 hằng tháng", "hằng tháng", "I305"),
    ("hằng tháng", "hằng quý", "I306"),
    ("hằng quý", "hằng tháng", None),
    ("đến ngày 05/06 hằng năm", "trước ngày 05/06 hằng năm", None),
    ("trước ngày 05/06 hằng năm", "đến ngày 05/06 hằng năm", "I305"),
    ("trong tháng 6/2026", "đến ngày 30/06/2026", None),
    ("trong tháng 6/2026", "trong tháng 5/2026", None),
    ("trong tháng 6/2026", "trong tháng 7/2026", "I305"),
    ("trước ngày 15/06/2026", "trong tháng 6/2026", "I305"),
    ("cuối năm 2026", "trong tháng 12/2026", None),
    ("hằng tháng", "trong tháng 6/2026", "I306"),
    # a hard cut-off (không gia hạn) is stricter than the same day that may move off a day off
    ("đến ngày 20/12/2026 không gia hạn", "đến ngày 20/12/2026", "I305"),
    ("đến ngày 20/12/2026 không gia hạn", "đến ngày 20/12/2026 không gia hạn", None),
    ("đến ngày 20/12/2026 không gia hạn", "đến ngày 18/12/2026", None),
    ("đến ngày 20/12/2026", "đến ngày 20/12/2026 không gia hạn", None),
    ("trước ngày 25 hằng tháng không gia hạn", "trước ngày 25 hằng tháng", "I305"),
    # offsets from an event: a shorter one is stricter; N calendar days keep N working days, not the reverse
    ("trong vòng 20 ngày sau khi tỉnh", "trong vòng 15 ngày sau khi tỉnh", None),
    ("trong vòng 20 ngày sau khi tỉnh", "trong vòng 30 ngày sau khi tỉnh", "I305"),
    ("trong vòng 5 ngày làm việc sau khi tỉnh", "trong vòng 5 ngày sau khi tỉnh", None),
    ("trong vòng 5 ngày sau khi tỉnh", "trong vòng 5 ngày làm việc sau khi tỉnh", "I305"),
    ("trong vòng 20 ngày sau khi tỉnh", "sau khi tỉnh", "I305"),  # no due date at all
    ("trong vòng 20 ngày sau khi tỉnh", None, "I305"),
    ("trong vòng 20 ngày sau khi tỉnh", "cuối năm 2026", None),  # does not follow the event: not compared
])
def test_deadline_kept_or_weakened(parent, child, code):
    found = deadline_findings(parent, child)
    assert [d.code for d in found] == ([code] if code else [])
    if code:
        d = found[0]
        assert d.span.file == "c.plan" and d.severity is Severity.ERROR
        assert d.span.line == (6 if child is None else 9)  # the task, or its deadline
        assert "2/KH-C I.1" in d.message.text("en") and "1/KH-P III.1" in d.message.text("en")
        assert "p.plan:7:5" in d.hints[0].text("en") and "p.txt:7" in d.hints[0].text("en")


def test_implementing_a_task_the_parent_lacks_or_an_external_plan_is_not_compared():
    p = parse(PARENT_TASK.format(deadline="    thời hạn: trước ngày 15/05/2026\n"), source="p.plan")
    c = parse(CHILD_TASK.format(deadline="    thời hạn: cuối năm 2027\n").replace('"1/KH-P" III.1', '"1/KH-P" III.9'),
              source="c.plan")
    assert check_inheritance(Library((p, c), ("p.plan", "c.plan")), PRELUDE) == []
    c = parse(CHILD_TASK.format(deadline="    thời hạn: cuối năm 2027\n").replace('thực hiện: "1/KH-P"', 'thực hiện: "9/KH"'),
              source="c.plan")
    assert [d.code for d in check_inheritance(Library((p, c), ("p.plan", "c.plan")), PRELUDE)] == []


def test_tasks_for_subordinate_units_must_be_taken_up():
    parent = parse("""kế hoạch: "1/KH-P"
ngày ban hành: 01/03/2026
đơn vị vp: "Văn phòng"
nhóm các_đơn_vị: "Các cơ quan, đơn vị" = tất cả
nhóm các_chi_bộ: "Các chi bộ"
nhiệm vụ II.1 {
    chủ trì: các_đơn_vị
}
nhiệm vụ II.2 {
    chủ trì: vp, các_chi_bộ
}
nhiệm vụ II.3 {
    chủ trì: vp
}
nhiệm vụ II.4 {
    nội dung: "không nêu đơn vị chủ trì"
}
""", source="p.plan")
    child = parse('kế hoạch: "2/KH-C"\nngày ban hành: 01/04/2026\ncấp trên: "1/KH-P"\nđơn vị vp: "Văn phòng"\n'
                  'nhiệm vụ I {\n    chủ trì: vp\n    thực hiện: "1/KH-P" II.2\n}\n', source="c.plan")
    found = check_inheritance(Library((parent, child), ("p.plan", "c.plan")), PRELUDE)
    assert [(d.code, d.severity) for d in found] == [("I307", Severity.WARNING)]
    assert "1/KH-P II.1" in found[0].message.text("en") and "các_đơn_vị" in found[0].message.text("en")


UNITS_PARENT = """kế hoạch: "1/KH-P"
ngày ban hành: 01/03/2026
đơn vị vp: "Văn phòng"
đơn vị ubkt: "Ủy ban kiểm tra"
vai trò bí_thư: "Bí thư chi bộ"
nhóm các_chi_bộ: "Các chi bộ"
nhóm chi_bộ_trung_tâm: "Chi bộ các Trung tâm"
nhóm đầu_mối: "Các đầu mối" = vp, ubkt
nhóm khối: "Khối cơ quan" = đầu_mối
nhiệm vụ II.1 {
    chủ trì: vp
}
nhiệm vụ II.2 {
    chủ trì: các_chi_bộ
}
nhiệm vụ II.3 {
    chủ trì: chi_bộ_trung_tâm
}
nhiệm vụ II.4 {
    chủ trì: khối
}
nhiệm vụ II.5 {
    chủ trì: bí_thư
}
nhiệm vụ II.6 {
    chủ trì: ubkt
}
"""


def not_taken_up(child_text: str) -> list[str]:
    """The parent tasks of UNITS_PARENT that I307 says `child_text` does not take up, by address."""
    parent = parse(UNITS_PARENT, source="p.plan")
    child = parse(child_text, source="c.plan")
    found = check_inheritance(Library((parent, child), ("p.plan", "c.plan")), PRELUDE)
    assert {d.code for d in found} <= {"I307"}
    return [d.message.text("en").split("task 1/KH-P ")[1].split(",")[0] for d in found]


@pytest.mark.parametrize(("issuer", "declared", "expected"), [
    # the issuer's own unit, the group listing it, the group listing that group, the role
    ('"Văn phòng"', "", ["II.1", "II.4", "II.5"]),
    ('"  văn   PHÒNG "', "", ["II.1", "II.4", "II.5"]),  # labels compared case- and space-insensitively
    ('"Ủy ban kiểm tra"', "", ["II.4", "II.5", "II.6"]),
    # a unit the child declares with the issuer's label, under the parent's name for it
    ('"Văn phòng Cục"', 'đơn vị vp: "Văn phòng Cục"\n', ["II.1", "II.4", "II.5"]),
    # a chi bộ: the parent does not list "Các chi bộ"; the child says it is one (by name, or by label)
    ('"Chi bộ Văn phòng"', 'đơn vị cb: "Chi bộ Văn phòng"\nnhóm các_chi_bộ: "Các chi bộ" = cb\n', ["II.2", "II.5"]),
    ('"Chi bộ Văn phòng"', 'đơn vị cb: "Chi bộ Văn phòng"\nnhóm chi_bộ: "Các Chi bộ" = cb\n', ["II.2", "II.5"]),
    # ... and unless it says so, only the role binds it: not the chi bộ's group, not the other units' tasks
    ('"Chi bộ Văn phòng"', 'đơn vị cb: "Chi bộ Văn phòng"\n', ["II.5"]),
    # a group the child declares without its issuer in it says nothing about the issuer
    ('"Chi bộ Văn phòng"', 'đơn vị cb: "Chi bộ Văn phòng"\nđơn vị x: "X"\nnhóm các_chi_bộ: "Các chi bộ" = x\n', ["II.5"]),
    (None, "", ["II.5"]),  # no issuer: a role is in every unit
])
def test_a_parent_task_is_for_the_child_when_its_issuer_leads_it(issuer, declared, expected):
    """I307 names exactly the parent tasks led by the child's issuer: itself, its groups, every unit, a role."""
    head = 'kế hoạch: "2/KH-C"\nngày ban hành: 01/04/2026\ncấp trên: "1/KH-P"\n'
    if issuer is not None:
        head += f"cơ quan ban hành: {issuer}\n"
    assert not_taken_up(head + declared) == expected


def test_a_task_taken_up_is_not_reported_whoever_leads_it():
    child = ('kế hoạch: "2/KH-C"\ncơ quan ban hành: "Văn phòng"\ncấp trên: "1/KH-P"\nđơn vị vp: "Văn phòng"\n'
             'nhiệm vụ I.1 {\n    chủ trì: vp\n    thực hiện: "1/KH-P" II.1\n    thực hiện: "1/KH-P" II.5\n}\n')
    assert not_taken_up(child) == ["II.4"]


def test_the_fixture_chi_bo_is_not_asked_for_a_group_it_is_not_in():
    """The I307 fixture's child, not a member of "Các chi bộ", would owe 11-KH/ĐU nothing."""
    folder = FIXTURES / "i307-nhiem-vu-bo-sot"
    child = (folder / CHILD).read_text(encoding="utf-8").replace(
        'nhóm các_chi_bộ: "Các chi bộ" = chi_bộ_văn_phòng\n', "")
    parent = (folder / PARENT).read_text(encoding="utf-8")
    library = library_of((parent, "p.plan"), (child, "c.plan"))
    assert check_inheritance(library, PRELUDE) == []


def test_a_grandparents_target_is_checked_once():
    """A child naming both its parent and its grandparent gets one finding per weakened clause."""
    gp = parse('kế hoạch: "1"\nngày ban hành: 01/01/2026\nchỉ tiêu: giảm_hội_nghị tối thiểu 10% hằng năm\n', source="g.plan")
    p = parse('kế hoạch: "2"\nngày ban hành: 01/02/2026\ncấp trên: "1"\n', source="p.plan")
    c = parse('kế hoạch: "3"\nngày ban hành: 01/03/2026\ncấp trên: "2", "1"\n'
              'chỉ tiêu I: giảm_hội_nghị tối thiểu 8% hằng năm\n', source="c.plan")
    found = check_inheritance(Library((gp, p, c), ("g.plan", "p.plan", "c.plan")), PRELUDE)
    assert [(d.code, d.span.file, d.span.line) for d in found] == [("I301", "c.plan", 4)]
    assert "1 #1" in found[0].message.text("en")


def test_unresolved_metric_is_left_to_the_resolver():
    p = parse('kế hoạch: "1"\nngày ban hành: 01/01/2026\nchỉ tiêu: không_có_chỉ_số tối thiểu 10%\n'
              'chỉ tiêu: giảm_hội_nghị tối thiểu 10%\n', source="p.plan")
    c = parse('kế hoạch: "2"\ncấp trên: "1"\nchỉ tiêu: giảm_hội_nghị tối thiểu 5%\n', source="c.plan")
    (d,) = check_inheritance(Library((p, c), ("p.plan", "c.plan")), PRELUDE)
    assert d.code == "I301" and "1 #2" in d.message.text("en")  # numbered as compile numbers it



@pytest.mark.parametrize("bound", ["từ 1% đến 5%", "tối thiểu 5%"])
def test_a_threshold_in_the_wrong_unit_is_left_to_the_resolver(bound):
    # a range's ends in % on a count, in a parent and in its child: the resolver's R210 at each, never a crash
    text = 'chỉ số a: số lượng hội_nghị\nnhiệm vụ mở đầu {{\n    chỉ tiêu: a {}\n}}\n'.format(bound)
    p = parse('kế hoạch: "1"\n' + text, source="p.plan")
    c = parse('kế hoạch: "2"\ncấp trên: "1"\n' + text, source="c.plan")
    assert list(check_inheritance(Library((p, c), ("p.plan", "c.plan")), PRELUDE)) == []


def test_an_assessed_target_before_an_unresolved_one_keeps_the_numbering():
    # the assessed target is one of the plan's targets: the unresolved one after it is still the one left out
    text = ('chỉ tiêu: "Hình thành nền tảng số" đánh giá bởi: a\n'
            'nhiệm vụ mở đầu {\n    chỉ tiêu: không_có_chỉ_số dưới 5\n}\n')
    p = parse('kế hoạch: "1"\ncấp trên: ""\nđơn vị a: "A"\n' + text, source="p.plan")
    c = parse('kế hoạch: "2"\ncấp trên: "1"\nđơn vị a: "A"\n' + text, source="c.plan")
    assert list(check_inheritance(Library((p, c), ("p.plan", "c.plan")), PRELUDE)) == []

# ------------------------------------------------------------------- properties --

SHARES = {  # metric -> an inline share of the same records that leaves out more than the metric does
    "tỷ_lệ_hội_nghị_trực_tuyến": "(tỷ lệ hội_nghị có trực_tuyến trừ loại = quan_trọng)",
    "tỷ_lệ_văn_bản_điện_tử": "(tỷ lệ văn_bản_gửi có điện_tử trừ không điện_tử)",
    "tỷ_lệ_số_hóa_văn_bản": "(tỷ lệ văn_bản_ban_hành có số_hóa trừ không hành_chính)",
    "tỷ_lệ_hồ_sơ_trực_tuyến": "(tỷ lệ hồ_sơ_tthc có trực_tuyến trừ không trực_tuyến)",
    "tỷ_lệ_đào_tạo_kỹ_năng_số": "(tỷ lệ cán_bộ có đào_tạo_kỹ_năng_số trừ không đào_tạo_kỹ_năng_số)",
}
# (metric, category, kind, comparators it fits)
METRICS = [
    *((name, None, "share", (">=", "<=")) for name in SHARES),
    ("giảm_hội_nghị", None, "cut", (">=",)),
    ("giảm_văn_bản_hành_chính", None, "cut", (">=",)),
    ("số_hội_nghị", None, "count", (">=", "<=")),
    ("số_văn_bản_hành_chính", None, "count", (">=", "<=")),
    *(("thời_lượng_hội_nghị", c, "cap", ("<=",)) for c in ("quán_triệt", "chuyên_môn", "quan_trọng")),
]
WORDS = {">=": "tối thiểu", "<=": "không quá"}


def quantity(kind: str, value: Fraction) -> str:
    if kind == "cap":
        return (f"{value.numerator}/{value.denominator}" if value.denominator > 1 else str(value.numerator)) + " ngày"
    return f"{value}%" if kind in ("share", "cut") else str(value)


def period_text(period) -> str:
    if isinstance(period, dt.date):
        return f" đến ngày {period:%d/%m/%Y}"
    return "" if period is None else " hằng năm" if period == "yearly" else f" trong năm {period}"


def one_year(period) -> bool:
    """A period of one year: `trong năm Y` (judged on 31/12) or `đến ngày D` (judged on D)."""
    return isinstance(period, (int, dt.date))


def judged_on(period) -> dt.date:
    return period if isinstance(period, dt.date) else dt.date(period, 12, 31)


def same_year(period) -> list:
    """The one-year periods of `period`'s year: two dates, and the year itself (31/12)."""
    year = judged_on(period).year
    return [dt.date(year, 6, 30), dt.date(year, 11, 30), year]


def overlaps(a, b) -> bool:
    """Do periods `a` and `b` share a year?"""
    return not one_year(a) or not one_year(b) or judged_on(a).year == judged_on(b).year


def asks_more_or_as_much(t: dict, period) -> bool:
    """Is `period`, for `t`'s measure, at least as strict as `t`'s one-year period (a day that asks no less:
    a minimum by an earlier day, a maximum up to a later one; every year is judged on 31/12 of each)?"""
    day = dt.date(judged_on(t["period"]).year, 12, 31) if not one_year(period) else judged_on(period)
    return day <= judged_on(t["period"]) if t["cmp"] == ">=" else day >= judged_on(t["period"])


@st.composite
def targets(draw):
    """A parent's targets: distinct (metric, category, comparator), thresholds and periods that fit."""
    chosen = draw(st.lists(st.sampled_from(range(len(METRICS))), min_size=1, max_size=5, unique=True))
    out = []
    for i in chosen:
        name, category, kind, comparators = METRICS[i]
        comparator = draw(st.sampled_from(comparators))
        if kind == "cap":
            value = Fraction(draw(st.integers(1, 6)), 2)
        elif kind == "count":
            value = Fraction(draw(st.integers(0, 400)))
        else:
            value = Fraction(draw(st.integers(0, 100)))
        period = draw(st.sampled_from([None, "yearly", 2026, 2027, dt.date(2026, 6, 30), dt.date(2027, 11, 30)]))
        out.append(dict(name=name, category=category, kind=kind, cmp=comparator, value=value, period=period))
    return out


def target_text(t: dict, metric: str | None = None) -> str:
    name = metric or t["name"] + (f"({t['category']})" if t["category"] else "")
    return f"{name} {WORDS[t['cmp']]} {quantity(t['kind'], t['value'])}{period_text(t['period'])}"


def texts(parent: list[dict], child: list[dict]) -> tuple[str, str, list[int]]:
    """The parent's and child's text, and the line of each child target."""
    head = 'kế hoạch: "{}"\nngày ban hành: 01/0{}/2026\n'
    p = head.format("1/KH-P", 2) + "".join(f"chỉ tiêu I.{i}: {target_text(t)}\n" for i, t in enumerate(parent, 1))
    c = head.format("2/KH-C", 3) + 'cấp trên: "1/KH-P"\n'
    lines = []
    for i, t in enumerate(child, 1):
        lines.append(c.count("\n") + 1)
        c += f"chỉ tiêu II.{i}: {target_text(t, t.get('metric'))}\n"
    return p, c, lines


def can_move(t: dict, stricter: bool) -> bool:
    up = (t["cmp"] == ">=") == stricter  # which way the threshold must move
    if up:
        return t["kind"] != "share" or t["value"] < 100
    return t["value"] > (Fraction(1, 2) if t["kind"] == "cap" else 0)


def moved(t: dict, stricter: bool, draw) -> dict:
    up = (t["cmp"] == ">=") == stricter
    value = t["value"]
    if t["kind"] == "cap":
        step = Fraction(draw(st.integers(1, 3)), 2)
        value = value + step if up else max(Fraction(1, 2), value - step)
    else:
        top = 100 - value if t["kind"] == "share" and up else (50 if up else value)
        step = draw(st.integers(1, max(1, int(top))))
        value = value + step if up else value - min(step, value)
    return {**t, "value": value}


@st.composite
def tightened(draw, parent: list[dict]) -> list[dict]:
    child = []
    for t in parent:
        t = dict(t)
        if draw(st.booleans()) and can_move(t, stricter=True):
            t = moved(t, True, draw)
        if one_year(t["period"]) and draw(st.booleans()):  # every year, or another day that asks no less
            t["period"] = draw(st.sampled_from([p for p in [None, "yearly", *same_year(t["period"])]
                                                if asks_more_or_as_much(t, p)]))
        child.append(t)
    return child


def loosenings(t: dict) -> list[str]:
    out = ["threshold"] if can_move(t, stricter=False) else []
    if not one_year(t["period"]) or any(not asks_more_or_as_much(t, p) for p in [None, *same_year(t["period"])]):
        out.append("period")
    if t["kind"] == "share":
        out.append("exclusion")
    return out


@st.composite
def pairs_with_one_loosened(draw):
    parent = draw(targets().filter(lambda ts: any(loosenings(t) for t in ts)))
    child = draw(tightened(parent))
    index = draw(st.sampled_from([i for i, t in enumerate(parent) if loosenings(t)]))
    how = draw(st.sampled_from(loosenings(parent[index])))
    t = {**parent[index]}
    if how == "threshold":
        t = moved(t, False, draw)
        code = "I301" if t["cmp"] == ">=" else "I302"
    elif how == "period":
        if one_year(t["period"]):  # another day of the year, or every year, that asks less
            t["period"] = draw(st.sampled_from([p for p in [None, "yearly", *same_year(t["period"])]
                                                if not asks_more_or_as_much(t, p)]))
        else:
            t["period"] = draw(st.sampled_from([2026, 2027, dt.date(2026, 6, 30), dt.date(2027, 11, 30)]))
        code = "I304"
    else:
        t["metric"] = SHARES[t["name"]]
        code = "I303"
    child[index] = t
    return parent, child, index, code


def library_of(*texts_and_paths) -> Library:
    plans = tuple(parse(text, source=path) for text, path in texts_and_paths)
    return Library(plans, tuple(path for _, path in texts_and_paths))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_tightening_never_gives_an_error(data):
    parent = data.draw(targets())
    child = data.draw(tightened(parent))
    p, c, lines = texts(parent, child)
    found = check_inheritance(library_of((p, "p.plan"), (c, "c.plan")), PRELUDE)
    assert errors(found) == []
    assert all(d.code == "I310" and d.span.line in lines for d in found)


@settings(max_examples=200, deadline=None)
@given(pairs_with_one_loosened())
def test_loosening_one_target_gives_exactly_one_error_there(case):
    parent, child, index, code = case
    p, c, lines = texts(parent, child)
    found = errors(check_inheritance(library_of((p, "p.plan"), (c, "c.plan")), PRELUDE))
    assert [(d.code, d.span.file, d.span.line) for d in found] == [(code, "c.plan", lines[index])]
    assert f"1/KH-P I.{index + 1}#1" in found[0].message.text("en")
    assert f"p.plan:{index + 3}:1" in found[0].hints[0].text("en")


# Check and eval agree: a parent target the child restates for at least the units it binds is applied by
# `compile` exactly when `check` reports the restatement (the child weakens it), never silently.

LESS = {"tỷ_lệ_văn_bản_điện_tử": "(tỷ lệ văn_bản_gửi có điện_tử)"}  # a share that leaves out less than the metric


@st.composite
def restatements(draw):
    """A parent's targets and, for each, the child's restatement: anywhere from tighter to looser, plan-wide or
    only inside a task (binding its lead), with a copy kept at the parent's threshold inside a task or not."""
    parent = draw(targets())
    child = []
    for t in parent:
        c = dict(t)
        how = draw(st.sampled_from(["same", "tighter", "looser", "period", "exclusion"]))
        c["weaker"] = False  # asks less than the parent, in some way
        if how in ("tighter", "looser") and can_move(t, stricter=how == "tighter"):
            c = moved(c, how == "tighter", draw)
            c["weaker"] = how == "looser"
        elif how == "period":
            c["period"] = draw(st.sampled_from([None, "yearly", 2026, 2027, dt.date(2026, 6, 30),
                                                dt.date(2026, 11, 30), dt.date(2027, 11, 30)]))
            if one_year(t["period"]):  # judged on a day of the parent's year that asks less
                c["weaker"] = overlaps(c["period"], t["period"]) and not asks_more_or_as_much(t, c["period"])
            else:  # fewer years
                c["weaker"] = one_year(c["period"])
        elif how == "exclusion" and t["kind"] == "share":
            c["metric"] = draw(st.sampled_from([SHARES[t["name"]], *([LESS[t["name"]]] if t["name"] in LESS else [])]))
            c["weaker"] = True
        c["in_task"] = draw(st.booleans())  # binds only the task's lead
        c["task_copy"] = draw(st.booleans())  # and the parent's own target, restated inside a task
        child.append(c)
    return parent, child


def restatement_texts(parent: list[dict], child: list[dict]) -> tuple[str, str, list[int]]:
    p, _, _ = texts(parent, [])
    c = 'kế hoạch: "2/KH-C"\nngày ban hành: 01/03/2026\ncấp trên: "1/KH-P"\nđơn vị u: "U"\n'
    lines = []
    for i, t in enumerate(child, 1):
        body = f"chỉ tiêu: {target_text(t, t.get('metric'))}\n"
        if t["in_task"]:
            c += f'nhiệm vụ II.{i} {{\n    nội dung: "Việc {i}"\n    chủ trì: u\n'
            lines.append(c.count("\n") + 1)
            c += f"    {body}}}\n"
        else:
            lines.append(c.count("\n") + 1)
            c += f"chỉ tiêu II.{i}: {target_text(t, t.get('metric'))}\n"
        if t["task_copy"]:
            c += f'nhiệm vụ III.{i} {{\n    nội dung: "Việc"\n    chủ trì: u\n    chỉ tiêu: {target_text(parent[i - 1])}\n}}\n'
    return p, c, lines


@settings(max_examples=200, deadline=None)
@given(restatements())
def test_check_passes_exactly_when_eval_applies_no_parent_target_the_child_replaces(case):
    """A child's weaker restatement is an error exactly when `compile` still applies the parent's target (it
    always does); a restatement that binds every unit the parent's binds and asks no less replaces it; one
    inside a task (binding its lead only) never replaces it, whatever its threshold."""
    parent, child = case
    p, c, lines = restatement_texts(parent, child)
    library = library_of((p, "p.plan"), (c, "c.plan"))
    reported = {d.span.line for d in errors(check_inheritance(library, PRELUDE))}
    applied = {r.clause.rule for r in compile(library.by_number("2/KH-C"), library, prelude=PRELUDE).metric_rules
               if r.clause.inherited_from == "1/KH-P"}
    claimed = []  # the parent targets the child restates asking less: check must fail on them, eval apply them
    for i, t in enumerate(child):
        overlap = overlaps(t["period"], parent[i]["period"])
        inherited = f"1/KH-P:I.{i + 1}#1" in applied
        assert inherited == (not overlap or t["in_task"] or t["weaker"]), (i, t, parent[i])
        assert (lines[i] in reported) == (overlap and t["weaker"]), (i, t, parent[i])
        claimed.append(overlap and t["weaker"] and inherited)
    assert (not reported) == (not any(claimed))  # check passes <=> eval applies nothing the child claims to relax
    assert not reported - set(lines)  # a copy inside a task, at the parent's threshold, is never a finding


# Deadlines: the kit's parent/child pairs (planrules.strategies.plan_pairs) with tasks: the
# parent's tasks have one deadline each (a date, a year's end, a quarter, a day of the month or
# of the year, yearly, half-yearly); the child implements each, as early or earlier, as often or
# more often; loosened, one is due later (I305: a later date or day, thường xuyên, an event,
# none) or less often (I306: a rarer rhythm, a one-off, thường xuyên, an event).


@settings(max_examples=150, deadline=None)
@given(plan_pairs(deadlines=True))
def test_tightening_targets_and_deadlines_never_gives_an_error(pair):
    found = check_inheritance(pair.library(), PRELUDE)
    assert errors(found) == []
    assert {d.code for d in found} <= {"I310"}


@settings(max_examples=250, deadline=None)
@given(plan_pairs(loosen=True, deadlines=True))
def test_loosening_one_target_or_deadline_gives_exactly_that_error_there(pair):
    found = errors(check_inheritance(pair.library(), PRELUDE))
    assert [(d.code, d.span.file, d.span.line) for d in found] == [(pair.code, "child.plan", pair.line)]
    if pair.code in ("I305", "I306"):
        j = pair.loosened - len(parse(pair.parent).targets) + 1
        assert f"2/KH-C IV.{j}" in found[0].message.text("en") and f"1/KH-P III.{j}" in found[0].message.text("en")


def _child_deadline(pair) -> str:
    """The loosened deadline's text in the child ("" when the task has none)."""
    line = pair.child.split("\n")[pair.line - 1]
    return line.split("thời hạn: ", 1)[1] if "thời hạn: " in line else ""


@pytest.mark.parametrize(("code", "kind"), [
    ("I305", "trước ngày"), ("I305", "đến ngày"), ("I305", "thường xuyên"), ("I305", "khi chỉ_đạo"), ("I305", ""),
    ("I305", "hằng tháng"), ("I305", "hằng năm"),
    ("I306", "cuối năm"), ("I306", "thường xuyên"), ("I306", "khi chỉ_đạo"),
])
def test_the_deadline_pairs_loosen_every_way(code, kind):
    """The generator above does produce each way of loosening a deadline (else the property proves little)."""
    from hypothesis import Phase, find

    def wanted(pair):
        text = _child_deadline(pair)
        return pair.code == code and (kind in text if kind else text == "")

    pair = find(plan_pairs(loosen=True, deadlines=True), wanted,
                settings=settings(max_examples=20000, phases=[Phase.generate], database=None, derandomize=True))
    assert pair.code == code and (kind in _child_deadline(pair) if kind else _child_deadline(pair) == "")


@settings(max_examples=50, deadline=None)
@given(pairs_with_one_loosened(), st.randoms(use_true_random=False))
def test_findings_do_not_depend_on_order_or_run(case, rng):
    parent, child, _, _ = case
    p, c, _ = texts(parent, child)
    grandchild = c.replace('"2/KH-C"', '"3/KH-X"').replace('cấp trên: "1/KH-P"', 'cấp trên: "2/KH-C"')
    sibling = texts(parent, parent)[1].replace('"2/KH-C"', '"4/KH-S"')
    entries = [(p, "a/p.plan"), (c, "a/b/c.plan"), (grandchild, "a/b/x.plan"), (sibling, "s.plan")]

    def run(items):
        return [(d.code, str(d.span), d.render("en"), d.render("vi"))
                for d in check_inheritance(library_of(*items), PRELUDE)]

    expected = run(entries)
    assert run(entries) == expected
    for _ in range(3):
        rng.shuffle(entries)
        assert run(entries) == expected


# ------------------------------------------------------------------------ the doc --

DOC = Path(__file__).resolve().parents[1] / "docs" / "checks.md"


def doc_blocks() -> list[tuple[str, dict, str]]:
    """(language, options, text) of each fenced block of docs/checks-inheritance.md."""
    out, current, body = [], None, []
    for line in DOC.read_text(encoding="utf-8").split("\n"):
        if current is None and line.startswith("```"):
            words = line[3:].split()
            current = (words[0] if words else "", dict(w.split("=", 1) for w in words[1:] if "=" in w))
            body = []
        elif current is not None and line.startswith("```"):
            out.append((*current, "\n".join(body) + "\n"))
            current = None
        elif current is not None:
            body.append(line)
    return out


def rendered_findings(folder: str, lang: str = "en") -> str:
    """What the structure and inheritance checks say about `folder`, rendered with each line."""
    from attrs import evolve

    from planrules.language.library import structure
    from planrules.base.source import Source

    library = load_dir(folder)
    found = sorted(structure(library) + check_inheritance(library, PRELUDE),
                   key=lambda d: (d.span.file, d.span.line, d.span.column, d.code))
    out = []
    for d in found:
        source = Source.from_text(Path(d.span.file).read_text(encoding="utf-8"), d.span.file)
        out.append(evolve(d, line_text=source.line_text(d.span.line)).render(lang))
    return "\n".join(out) + "\n"


def test_doc_examples_give_the_findings_shown(tmp_path, monkeypatch):
    blocks = doc_blocks()
    for lang, options, text in blocks:
        if lang == "plan":
            path = tmp_path / options["file"]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            parse(text)
    monkeypatch.chdir(tmp_path)
    shown = [(o["findings"], o.get("lang", "en"), text) for lang, o, text in blocks if "findings" in o]
    codes = {folder.split("/")[0] for folder, _, _ in shown}
    assert codes == {"p501", "p502", "p503", "i301", "i301-khoang", "i302", "i303", "i304", "i304-ngay", "i305", "i305-su-kien", "i306", "i307", "i308", "i309", "i311",
                     "i310"}
    for folder, lang, text in shown:
        assert rendered_findings(folder, lang) == text, folder


ADDRESS_PARENT = """kế hoạch: "1/KH-P"
ngày ban hành: 01/03/2026
đơn vị vp: "Văn phòng"
nhiệm vụ Phụ lục I TT 11.1 {
    chủ trì: vp
    thời hạn: trước ngày 15/05/2026
}
nhiệm vụ Điều 3 khoản 2 điểm a {
    chủ trì: vp
}
nhiệm vụ mở đầu-2 {
    chủ trì: vp
}
"""


@pytest.mark.parametrize(("written", "taken"), [
    # the same clause however it is written: English, folded, other case, leading zeros
    (["Appendix I row 11.1", "Article 3 clause 2 point a", "preamble-2"], True),
    (["phu luc I tt 011.01", "DIEU 3 KHOAN 2 DIEM A", "mo dau-2"], True),
    # a different clause: row 11.1 of the main text, clause 2 without its article, another item
    (["row 11.1", "clause 2 point a", "preamble-1"], False),
])
def test_a_child_names_its_parents_clause_the_same_way_in_any_spelling(written, taken):
    """A task taken up at any address form is matched by value: no I307 for it, and its deadline is compared."""
    parent = parse(ADDRESS_PARENT, source="p.plan")
    tasks = "".join(
        f'task {address} {{\n    lead: vp\n    implements: "1/KH-P" {address}\n'
        + ("    deadline: before 30/05/2026\n" if i == 0 else "") + "}\n"
        for i, address in enumerate(written)
    )
    child = parse(f'plan: "2/KH-C"\nissuer: "Văn phòng"\nissued: 01/04/2026\nparents: "1/KH-P"\nunit vp: "Văn phòng"\n{tasks}',
                  source="c.plan")
    found = check_inheritance(Library((parent, child), ("p.plan", "c.plan")), PRELUDE)
    if taken:
        assert [d.code for d in found] == ["I305"]  # the later deadline of Phụ lục I TT 11.1, compared
        assert "1/KH-P Phụ lục I TT 11.1" in found[0].message.text("en")
    else:
        assert sorted(d.code for d in found) == ["I307"] * 3
        named = sorted(d.message.text("en").split("task 1/KH-P ")[1].split(",")[0] for d in found)
        assert named == ["Phụ lục I TT 11.1", "mở đầu-2", "Điều 3 khoản 2 điểm a"]


@pytest.mark.parametrize(("validity", "narrower"), [
    ("hiệu lực đến: 31/12/2026\n", False),  # in force in 2026 only: trong năm 2026 is every year of it
    ("hiệu lực từ: 01/06/2026\nhiệu lực đến: 30/09/2026\n", False),  # a campaign inside 2026
    ("hiệu lực đến: 31/03/2027\n", True),  # 2027 too: the parent's yearly target still asks for it
    ("", True),  # for ever
])
def test_a_child_in_force_for_one_year_does_not_narrow_a_yearly_period(tmp_path, validity, narrower):
    """The I304 fixture's `trong năm 2026` is narrower than the parent's `hằng năm` only if the child outlives 2026."""
    for name in (CHILD, PARENT):
        text = (FIXTURES / "i304-chi-nam-2026" / name).read_text(encoding="utf-8")
        if name == CHILD:
            text = text.replace("ngày ban hành: 12/05/2026\n", "ngày ban hành: 12/05/2026\n" + validity)
        (tmp_path / name).write_text(text, encoding="utf-8")
    library = load_dir(tmp_path)
    found = check_inheritance(library, PRELUDE)
    assert [d.code for d in found] == (["I304"] if narrower else [])
    child = library.by_number("05-KH/CBVP")
    online = [r for r in compile(child, library).metric_rules if r.metric == "tỷ_lệ_hội_nghị_trực_tuyến"]
    assert online and online[0].year == 2026
    if validity:  # every rule applied is judged within the child's validity
        last = int(validity.rsplit("/", 1)[1][:4])
        assert all(r.last_year == last for r in online)


@pytest.mark.parametrize(("validity", "parent", "child", "code"), [
    # a 2026-only campaign under a yearly duty: one occurrence while in force, which a date in 2026 keeps
    ("hiệu lực đến: 31/12/2026\n", "hằng năm", "cuối năm 2026", None),
    ("hiệu lực đến: 31/12/2026\n", "trước ngày 05/12 hằng năm", "trước ngày 01/12/2026", None),
    ("hiệu lực đến: 31/12/2026\n", "trước ngày 05/12 hằng năm", "trước ngày 20/12/2026", "I306"),  # past it
    ("hiệu lực từ: 01/02/2026\nhiệu lực đến: 30/06/2026\n", "định kỳ 6 tháng", "trước ngày 30/06/2026", None),
    # June to August: the second half-year opens while in force too (due after the end): two occurrences
    ("hiệu lực từ: 01/06/2026\nhiệu lực đến: 31/08/2026\n", "định kỳ 6 tháng", "trước ngày 30/06/2026", "I306"),
    # in force across two years: the yearly duty asks twice, one date cannot keep it
    ("hiệu lực đến: 30/06/2027\n", "hằng năm", "cuối năm 2026", "I306"),
    ("", "hằng năm", "cuối năm 2026", "I306"),
    # a monthly duty over a 100-day campaign: several occurrences, the child must be monthly too
    ("hiệu lực từ: 15/05/2026\nhiệu lực đến: 22/08/2026\n", "trước ngày 25 hằng tháng", "cuối năm 2026", "I306"),
])
def test_a_child_in_force_for_one_period_of_a_recurring_duty_keeps_it_with_one_date(validity, parent, child, code):
    p = parse(PARENT_TASK.format(deadline=f"    thời hạn: {parent}\n"), source="p.plan")
    text = CHILD_TASK.format(deadline=f"    thời hạn: {child}\n")
    c = parse(text.replace("cấp trên:", validity + "cấp trên:"), source="c.plan")
    found = check_inheritance(Library((p, c), ("p.plan", "c.plan")), PRELUDE)
    assert [d.code for d in found] == ([code] if code else [])


@pytest.mark.parametrize(("parent", "child", "code"), [
    ("hằng năm đến năm 2030", "hằng năm đến năm 2028", "I304"),  # stops two years sooner
    ("hằng năm", "hằng năm đến năm 2028", "I304"),
    ("hằng năm đến năm 2030", "hằng năm", None),  # asks every year, the parent's years among them
    ("hằng năm đến năm 2030", "hằng năm đến năm 2031", None),
    ("trong năm 2029", "hằng năm đến năm 2028", "I304"),  # stops before the parent's one year
    ("trong năm 2027", "hằng năm đến năm 2028", None),
])
def test_a_yearly_target_that_stops_sooner_than_the_parents_narrows_its_period(parent, child, code):
    p = f'kế hoạch: "1/KH-P"\nngày ban hành: 01/02/2026\nchỉ tiêu I.1: tỷ_lệ_văn_bản_điện_tử tối thiểu 60% {parent}\n'
    c = (f'kế hoạch: "2/KH-C"\nngày ban hành: 01/03/2026\ncấp trên: "1/KH-P"\n'
         f"chỉ tiêu II.1: tỷ_lệ_văn_bản_điện_tử tối thiểu 60% {child}\n")
    found = check_inheritance(library_of((p, "p.plan"), (c, "c.plan")), PRELUDE)
    assert [d.code for d in errors(found)] == ([code] if code else [])
    if code:
        assert "đến năm 2028" in found[0].message.text("vi")
    # and evaluation applies the parent's target beside the child's exactly when it is a finding
    library = library_of((p, "p.plan"), (c, "c.plan"))
    applied = [r for r in compile(library.by_number("2/KH-C"), library, prelude=PRELUDE).metric_rules
               if r.clause.inherited_from == "1/KH-P"]
    assert bool(applied) == bool(code)


@pytest.mark.parametrize(("parent", "child", "code"), [
    ("hằng năm đến ngày 15/12", "hằng năm", "I304"),  # a minimum reached by 31/12 asks less than by 15/12
    ("hằng năm đến ngày 15/12", "hằng năm đến ngày 30/11", None),
    ("hằng năm", "hằng năm đến ngày 30/11", None),
    ("đến ngày 01/12/2027", "hằng năm đến ngày 30/12", "I304"),  # judged later in the parent's year
    ("trong năm 2027", "hằng năm đến ngày 30/12", None),  # earlier than 31/12: asks more
])
def test_a_yearly_target_judged_on_a_later_day_asks_less_of_a_minimum(parent, child, code):
    p = f'kế hoạch: "1/KH-P"\nngày ban hành: 01/02/2026\nchỉ tiêu I.1: tỷ_lệ_văn_bản_điện_tử tối thiểu 60% {parent}\n'
    c = (f'kế hoạch: "2/KH-C"\nngày ban hành: 01/03/2026\ncấp trên: "1/KH-P"\n'
         f"chỉ tiêu II.1: tỷ_lệ_văn_bản_điện_tử tối thiểu 60% {child}\n")
    found = errors(check_inheritance(library_of((p, "p.plan"), (c, "c.plan")), PRELUDE))
    assert [d.code for d in found] == ([code] if code else [])
    if code:
        assert "a minimum must be reached by the parent's day" in found[0].message.text("en")
