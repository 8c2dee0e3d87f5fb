"""Tests of resolver.py: every name a plan uses must be declared, with the right type."""

import pytest

from planrules import parse, prelude, resolve
from planrules.base.source import Source

HEAD = 'kế hoạch: "1/KH"\nđơn vị vp: "Văn phòng"\nsự kiện tỉnh: "Chỉ đạo của tỉnh"\n'


def codes(body: str, vocabulary: str | None = None) -> list[str]:
    plans = [parse(HEAD + body, source="p.plan")]
    if vocabulary is not None:
        plans.append(parse(vocabulary, source="v.plan"))
    return [d.code for d in resolve(plans, prelude())]


def test_prelude_names_resolve():
    """Targets on every metric of the prelude, with a declared lead and event, resolve clean."""
    body = "\n".join(
        f"chỉ tiêu: {metric.name} tối thiểu 10%"
        for metric in prelude().metrics
        if metric.name not in ("thời_lượng_hội_nghị", "số_hội_nghị", "số_văn_bản_hành_chính")
    )
    body += "\nchỉ tiêu: thời_lượng_hội_nghị(quán_triệt) không quá 1/2 ngày"
    body += "\nnhiệm vụ TT 1 { chủ trì: vp thời hạn: quý IV khi tỉnh và sau khi tỉnh }"
    assert codes(body) == []


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("nhiệm vụ TT 1 { chủ trì: ghost }", "R201"),
        ("nhiệm vụ TT 1 { phối hợp: vp, ghost }", "R201"),
        ("nhiệm vụ TT 1 { báo cáo cho: ghost }", "R201"),
        ('nhóm g: "G" = vp, ghost', "R201"),
        ("nhiệm vụ TT 1 { thời hạn: sau khi ghost }", "R202"),
        ("nhiệm vụ TT 1 { thời hạn: quý IV khi ghost }", "R202"),
        ("chỉ tiêu: ghost tối thiểu 10%", "R203"),
        ("chỉ tiêu: (tỷ lệ ghost có x) tối thiểu 10%", "R204"),
        ("chỉ tiêu: (tỷ lệ hội_nghị có ghost) tối thiểu 10%", "R205"),
        ("chỉ tiêu: (tỷ lệ hội_nghị có loại) tối thiểu 10%", "R206"),
        ("chỉ tiêu: (tỷ lệ hội_nghị có trực_tuyến = x) tối thiểu 10%", "R206"),
        ("chỉ tiêu: (tỷ lệ hội_nghị có loại = ghost) tối thiểu 10%", "R207"),
        ("chỉ tiêu: thời_lượng_hội_nghị(ghost) không quá 1 ngày", "R207"),
        ("chỉ tiêu: tỷ_lệ_hội_nghị_trực_tuyến(quán_triệt) tối thiểu 60%", "R208"),
        ("chỉ tiêu: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 60 ngày", "R210"),
        ("chỉ tiêu: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 120%", "R210"),
        ("chỉ tiêu: (mức giảm số_văn_bản_hành_chính so với năm trước) tối thiểu 5", "R210"),
        ("chỉ tiêu: (trực_tuyến của mỗi hội_nghị) không quá 1", "R206"),
        ("chỉ tiêu: thời_lượng_hội_nghị(quán_triệt) không quá 50%", "R210"),
        ("chỉ tiêu: số_hội_nghị không quá 50%", "R210"),
        ("chỉ tiêu: (thời_lượng của mỗi hội_nghị theo trực_tuyến) không quá 1 ngày", "R206"),
        # a cut of a share is in percentage points (issue 18); of a per-record value, nothing
        ("chỉ tiêu: (mức giảm thời_lượng_hội_nghị so với năm trước) tối thiểu 5%", "R206"),
    ],
)
def test_each_kind_of_unresolved_name(body, code):
    """Each wrong reference gives exactly its own code."""
    assert codes(body) == [code]


def test_a_plan_can_declare_its_own_vocabulary():
    """A vocabulary file beside the plan adds record kinds and metrics without Python changes."""
    vocabulary = (
        'bản ghi hồ_sơ_đề_án_06 "Hồ sơ Đề án 06" {\n'
        "    ngày: ngày tháng\n    xác_thực_vneid: có hoặc không\n}\n"
        'chỉ số tỷ_lệ_xác_thực "Tỷ lệ xác thực VNeID": tỷ lệ hồ_sơ_đề_án_06 có xác_thực_vneid\n'
    )
    body = "chỉ tiêu: tỷ_lệ_xác_thực tối thiểu 90%"
    assert codes(body) == ["R203"]
    assert codes(body, vocabulary) == []


def test_conflicting_redeclaration():
    """Declaring a prelude metric again, differently, is an error naming the first place."""
    vocabulary = "chỉ số số_hội_nghị: số lượng văn_bản_gửi\n"
    assert "R209" in codes("", vocabulary)


def test_location_narrows_to_the_name():
    """With the source, a diagnostic points at the name itself, not the statement."""
    text = HEAD + 'nhiệm vụ TT 1 {\n    nội dung: "ghost"\n    chủ trì: vp, ghost\n}\n'
    plan = parse(text, source="p.plan")
    (d,) = resolve([plan], prelude(), {"p.plan": Source.from_text(text, "p.plan")})
    assert (d.span.line, d.span.column, d.span.end_column) == (6, 18, 23)
    assert d.line_text == "    chủ trì: vp, ghost"
