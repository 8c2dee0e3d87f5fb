"""Tests of printer.py: one canonical layout, in the plan's language, that parses back to the same plan."""

from fractions import Fraction
from pathlib import Path

import pytest

from planrules import format, parse
from planrules.language.keywords import fold

FIXTURES = Path(__file__).parent / "fixtures"
VI = (FIXTURES / "roundtrip.vi.plan").read_text(encoding="utf-8")
EN = (FIXTURES / "roundtrip.en.plan").read_text(encoding="utf-8")


@pytest.mark.parametrize("text", [VI, EN], ids=["vi", "en"])
def test_canonical_files_format_to_themselves(text):
    """The fixtures, which use every construct, are already canonical."""
    assert format(parse(text)) == text


def test_vietnamese_and_english_are_the_same_plan():
    """The Vietnamese and English fixtures parse to equal models and translate into each other."""
    vi, en = parse(VI), parse(EN)
    assert vi == en
    assert (vi.language, en.language) == ("vi", "en")
    assert format(vi, "en") == EN and format(en, "vi") == VI


def test_ascii_folded_keywords_format_back_with_diacritics():
    """A file typed without diacritics (keywords and all) is written back in Vietnamese with them."""
    folded = fold(VI)
    plan = parse(folded)
    assert plan.language == "vi"
    assert format(plan).startswith("# Moi cau truc")  # the comment is text: kept as typed
    assert "nhiệm vụ TT 8 @162-166 {" in format(plan)


def test_and_is_shorthand_for_one_deadline_per_line():
    """'thời hạn: A và B' is written back as two deadline lines with the same label ('hằng năm và thường xuyên'
    excepted: it is one duty, written back as it is)."""
    plan = parse('nhiệm vụ TT 1 {\n    thời hạn "x": hằng năm và định kỳ 6 tháng\n}\n')
    assert format(plan) == 'nhiệm vụ TT 1 {\n    thời hạn "x": hằng năm\n    thời hạn "x": định kỳ 6 tháng\n}\n'
    plan = parse('nhiệm vụ TT 1 {\n    thời hạn "x": hằng năm và thường xuyên\n}\n')
    assert format(plan) == 'nhiệm vụ TT 1 {\n    thời hạn "x": hằng năm và thường xuyên\n}\n'


@pytest.mark.parametrize(
    ("written", "printed_vi", "printed_en"),
    [
        ("½", "1/2 ngày", "1/2 day"),
        ("0,5", "1/2 ngày", "1/2 day"),
        ("1/3", "1/3 ngày", "1/3 day"),
        ("0,05", "0,05 ngày", "0.05 day"),
        ("01", "1 ngày", "1 day"),
        ("1,50", "1,5 ngày", "1.5 days"),
    ],
)
def test_quantities_print_exactly(written, printed_vi, printed_en):
    """Day quantities print exactly: small fractions as plans write them (1/2), others as decimals in each language's style."""
    plan = parse(f"chỉ tiêu: thời_lượng_hội_nghị(quán_triệt) không quá {written} ngày")
    assert format(plan).strip().endswith(printed_vi)
    assert format(plan, "en").strip().endswith(printed_en)


def test_comments_are_kept():
    """Heading comments stay on top; a comment inside a task moves above it."""
    text = '# đầu tệp\n\nkế hoạch: "1"\nnhiệm vụ TT 1 {\n    # ghi chú\n    thời hạn: hằng năm\n}\n'
    printed = format(parse(text))
    assert printed == '# đầu tệp\n\nkế hoạch: "1"\n\n# ghi chú\nnhiệm vụ TT 1 {\n    thời hạn: hằng năm\n}\n'


def test_long_lists_go_one_per_line():
    """A recipient list too long for one line is written one item per line."""
    names = ", ".join(f'"Đơn vị số {i} của xã"' for i in range(6))
    printed = format(parse(f"nơi nhận: {names}\n"))
    assert printed.splitlines()[0] == "nơi nhận:"
    assert len(printed.splitlines()) == 7


# ------------------------------------------------- a file's language from its text --

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from planrules import strategies as ps  # noqa: E402
from planrules.language.keywords import text_language  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PLAN_FILES = sorted(ROOT.glob("plans/**/*.plan")) + sorted(FIXTURES.glob("**/*.plan"))


@pytest.mark.parametrize("path", PLAN_FILES, ids=lambda p: p.name)
def test_text_language_is_the_language_the_parser_finds(path):
    """The language read from the text alone (for messages about a file that may not parse) is the plan's."""
    text = path.read_text(encoding="utf-8")
    try:
        plan = parse(text)
    except Exception:  # a fixture with errors: its language is still that of its first keyword
        return
    assert text_language(text) == plan.language
    assert text_language(format(plan, "en")) == "en" and text_language(format(plan, "vi")) == "vi"


@settings(max_examples=60, deadline=None)
@given(ps.plans(), st.sampled_from(["en", "vi"]))
def test_text_language_of_any_printed_plan(plan, lang):
    """Any plan printed in a language reads as that language, ASCII-folded Vietnamese too."""
    text = format(plan, lang)
    if text_language(text) != parse(text).language:
        raise AssertionError((text_language(text), parse(text).language, text))
    if lang == "vi":
        assert text_language(fold(text)) == parse(fold(text)).language


def test_text_language_skips_comments_and_quoted_text():
    """Words in comments and strings are not keywords: '# plan' above a Vietnamese file leaves it Vietnamese."""
    assert text_language('# plan: the English word\nkế hoạch: "plan"\n') == "vi"
    assert text_language('# kế hoạch\nplan: "kế hoạch"\n') == "en"
    assert text_language("") == "vi" and text_language("# only a comment\n") == "vi"


# ---------------------------------------------------------- comments as written --


def test_a_comment_above_a_header_field_stays_above_it():
    """A comment above `tiêu đề:` is printed above it, not moved down to the first statement."""
    text = 'kế hoạch: "1"\n# tên theo văn bản gốc\ntiêu đề: "Kế hoạch"\nngày ban hành: 01/06/2026\n\nđơn vị vp: "VP"\n'
    assert format(parse(text)) == text
    trailing = 'kế hoạch: "1"\ntiêu đề: "Kế hoạch" # cuối dòng\n\nđơn vị vp: "VP"\n'
    assert format(parse(trailing)) == 'kế hoạch: "1"\n# cuối dòng\ntiêu đề: "Kế hoạch"\n\nđơn vị vp: "VP"\n'


def test_comments_keep_their_inner_indentation():
    """A comment's text after "# " is kept as written: indentation, runs of spaces, a table drawn in it."""
    text = '#   indented\n#  a |  b\n# \tx\n\nkế hoạch: "1"\n\n#     code  block\nđơn vị vp: "VP"\n'
    assert format(parse(text)) == text
    assert [c.text for c in parse(text).preamble] == ["  indented", " a |  b", "\tx"]


def test_header_comments_in_any_field_order_round_trip():
    """Header fields written in any order, each with a comment above: the canonical order keeps each comment
    with its field, and parse(format(p)) == p."""
    text = ('tiêu đề: "T"\n# về số\nkế hoạch: "1"\n# về trạng thái\ntrạng thái: đầy đủ\n'
            '# về cấp trên\ncấp trên: "A"\n')
    plan = parse(text)
    printed = format(plan)
    assert parse(printed) == plan and format(parse(printed)) == printed
    lines = printed.splitlines()
    for comment, field in (("# về trạng thái", "trạng thái:"), ("# về cấp trên", "cấp trên:")):
        assert lines[lines.index(comment) + 1].startswith(field)
    assert printed.index("# về số") < printed.index('kế hoạch: "1"')


_INNER = st.lists(st.sampled_from(list(" \tabcxyz019|-*:=.ăâđêôơưáàảãạếệ") + ["  ", "    "]), max_size=12).map("".join)


def _statement_starts(lines: list[str]) -> list[int]:
    """Where a top-level statement (a header field, a declaration, a clause) starts in canonical text."""
    return [i for i, line in enumerate(lines) if line and not line[0].isspace() and line[0] not in "#}"]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(ROOT.glob("plans/**/*.plan"))), st.data())
def test_comments_inserted_at_statement_boundaries_come_back_above_their_statement(path, data):
    """Comments put above random statements of the real plans (header fields too) are printed directly above
    the same statement, their inner text unchanged; the result is a fixed point of format."""
    lines = format(parse(path.read_text(encoding="utf-8"))).splitlines()
    starts = _statement_starts(lines)
    chosen = data.draw(st.lists(st.sampled_from(starts), min_size=1, max_size=4, unique=True))
    inner = {i: data.draw(_INNER).rstrip() for i in chosen}
    edited = [line for i, line in enumerate(lines) for line in ([f"#{inner[i]}"] if i in inner else []) + [line]]
    plan = parse("\n".join(edited) + "\n")
    printed = format(plan)
    assert format(parse(printed)) == printed and parse(printed) == plan
    out = printed.splitlines()
    for i, text in inner.items():
        at = out.index(lines[i])  # the statement's first line, as printed before
        above = []
        while at > 0 and out[at - 1].startswith("#"):
            at -= 1
            above.append(out[at])
        wanted = f"# {text[1:] if text.startswith(' ') else text}".rstrip() if text.strip() else "#"
        assert wanted in above, (lines[i], wanted, above)


@settings(max_examples=200)
@given(ps.addresses(), st.sampled_from(["en", "vi"]))
def test_every_address_form_round_trips_in_every_clause(address, lang):
    """Any address, at a section, a paragraph, a task, a target and a task taken up, prints and reads back."""
    from planrules.language import model as m
    from planrules.language.keywords import spelling

    target = m.Target(m.MetricName("số_lượng"), m.Comparator.AT_LEAST, m.Quantity(Fraction(1)), address=address)
    plan = m.Plan(number="1", body=(
        m.Section(address, "x"), m.Paragraph(address, "y"),
        m.Task(address, content="z", implements=(m.TaskRef("2", address),)), target,
    ))
    text = format(plan, lang)
    assert parse(text) == plan
    assert f" {address.written(lambda t: spelling(t, lang))} " in text


@given(ps.validities(), st.sampled_from(["en", "vi"]))
def test_every_validity_prints_and_reads_back(validity, lang):
    """A plan's date, effective date and end date, each maybe absent, round-trip; the end is never before the start."""
    from planrules.language import model as m

    date, effective, until = validity
    plan = m.Plan(number="1", date=date, effective=effective, until=until)
    assert parse(format(plan, lang)) == plan
    assert until is None or plan.valid_from is None or until >= plan.valid_from


@pytest.mark.parametrize(("written", "printed"), [
    ("không quá 1/2 ngày", "không quá 1/2 ngày"),  # part of a day: a fraction, as plans write it
    ("không quá 0,5 ngày", "không quá 1/2 ngày"),
    ("trên 0,7", "trên 0,7"),  # a plain number: the shortest decimal, never 7/10
    ("trên 7/10", "trên 0,7"),
    ("tối thiểu 1/3", "tối thiểu 1/3"),  # no exact decimal
])
def test_a_threshold_is_written_in_its_shortest_exact_form(written, printed):
    metric = "thời_lượng_hội_nghị(quán_triệt)" if "ngày" in written else "số_hội_nghị"
    plan = parse(f'kế hoạch: "1"\nchỉ tiêu: {metric} {written}\n')
    assert f"{metric} {printed}" in format(plan)
