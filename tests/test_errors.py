"""Tests of the syntax errors a civil servant sees: located, in words, with hints, all at once."""

import pytest

from planrules import PlanError, PlanSyntaxError, parse

THREE_ERRORS = """\
kế hoạch: "1/KH"
ngày ban hành 04/06/2026

đơn vị vp: "Văn phòng"

nhiệm vụ TT 1 {
    nội dung: "Họp"
    chu tri: vp
    thời hạn: trước ngày 31/02/2026
}

nhiệm vụ TT 2 {
    chủ tri: vp
}
"""


def errors(text: str) -> tuple:
    with pytest.raises(PlanSyntaxError) as info:
        parse(text, source="plan.plan")
    return info.value.diagnostics


def test_three_independent_errors_are_reported_in_one_run():
    """A missing colon, an impossible date and a misspelt keyword are all reported, in line order."""
    found = errors(THREE_ERRORS)
    assert [(d.span.line, d.span.column) for d in found] == [(2, 15), (9, 26), (13, 5)]
    assert all(d.span.file == "plan.plan" for d in found)


def test_missing_colon_hint_names_the_keyword():
    """A header without ':' says which keyword needs it."""
    (d,) = errors('kế hoạch: "1"\nngày ban hành 04/06/2026\n')
    assert [h.text("en") for h in d.hints] == ['add ":" after "ngày ban hành"']
    assert [h.text("vi") for h in d.hints] == ['thêm dấu ":" sau "ngày ban hành"']
    assert d.message.text("en") == 'unexpected "04/06/2026"; expected ":"'


def test_unknown_keyword_suggests_the_close_one():
    """'chủ tri' (a missing tone mark) gets 'did you mean "chủ trì"?'."""
    (d,) = errors('nhiệm vụ TT 1 {\n    chủ tri: vp\n}\n')
    assert any(h.text("en") == 'did you mean "chủ trì"?' for h in d.hints)


def test_english_misspelling_suggests_english():
    """A misspelt English keyword gets the English spelling back."""
    (d,) = errors('task row 1 {\n    deadlin: ongoing\n}\n')
    assert any(h.text("en") == 'did you mean "deadline"?' for h in d.hints)


def test_percent_without_number():
    """'tối thiểu %' explains that a percentage needs a number."""
    (d,) = errors("chỉ tiêu: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu %\n")
    assert (d.span.line, d.span.column) == (1, 47)
    assert any("needs a number" in h.text("en") for h in d.hints)


@pytest.mark.parametrize(
    ("date", "reason"),
    [
        ("31/02/2026", "month 2/2026 has 28 days"),
        ("29/02/2028", None),  # a leap year: valid
        ("30/13/2026", "there is no month 13"),
        ("2026-04-31", "month 4/2026 has 30 days"),
    ],
)
def test_impossible_dates(date, reason):
    """Impossible calendar dates are rejected with the reason; real ones pass."""
    text = f'kế hoạch: "1"\nngày ban hành: {date}\n'
    if reason is None:
        assert parse(text).date.year == 2028
        return
    (d,) = errors(text)
    assert reason in d.message.text("en")
    assert (d.span.line, d.span.column) == (2, 16)


def test_caret_sits_under_the_offending_token():
    """The rendered error shows the line and a caret under the bad token."""
    (d,) = errors('kế hoạch: "1"\nngày ban hành 04/06/2026\n')
    rendered = d.render("en").splitlines()
    assert rendered[0] == 'plan.plan:2:15: error[E100]: unexpected "04/06/2026"; expected ":"'
    assert rendered[1] == " 2 | ngày ban hành 04/06/2026"
    assert rendered[2] == "   |               ^^^^^^^^^^"


def test_messages_in_vietnamese():
    """Every part of a diagnostic renders in Vietnamese too."""
    (d,) = errors('kế hoạch: "1"\nngày ban hành 04/06/2026\n')
    text = d.render("vi")
    assert "lỗi[E100]" in text and "cần" in text and "gợi ý" in text


def test_unclosed_block_is_reported():
    """A task whose '}' is missing says so at the end of the file."""
    found = errors('nhiệm vụ TT 1 {\n    nội dung: "x"\n')
    assert any("end" in d.message.text("en") for d in found)
    assert any(h.key == "hint_brace" for d in found for h in d.hints)


def test_unterminated_string_is_located():
    """A string left open is an error on its line, not a crash."""
    found = errors('kế hoạch: "1\nđơn vị a: "A"\n')
    assert found[0].span.line == 1


@pytest.mark.parametrize(
    "text",
    ["", "\n\n", "{", "}", "@", '"', "kế hoạch", "nhiệm vụ {", "chỉ tiêu: (", "\x00", "½", "#"],
)
def test_odd_inputs_raise_only_plan_errors(text):
    """Fragments either parse or raise a PlanError with located diagnostics."""
    try:
        parse(text)
    except PlanError as error:
        assert error.diagnostics
        assert all(d.span is None or d.span.line >= 1 for d in error.diagnostics)


def test_duplicate_header_field():
    """Giving the plan number twice is an error pointing at the second."""
    (d,) = errors('kế hoạch: "1"\nkế hoạch: "2"\n')
    assert d.code == "E102" and d.span.line == 2


def test_single_task_field_given_twice():
    """A task's content given twice is an error at the second, not a silent overwrite."""
    (d,) = errors('nhiệm vụ I {\n    nội dung: "a"\n    nội dung: "b"\n}\n')
    assert d.code == "E102" and (d.span.line, d.span.column) == (3, 5)
    assert "line 2" in d.message.text("en")
