"""Tests of syntax.py: text -> plan model, and the errors it reports."""

import datetime as dt
import unicodedata
from fractions import Fraction

import pytest
from lark import Lark

from planrules import PlanSyntaxError, parse

from planrules.language import model as m
from planrules.base.resources import GRAMMAR, read
from planrules.language.grammar import PARSER_OPTIONS, parser


def test_grammar_is_conflict_free_under_strict():
    """The shipped grammar builds as LALR with strict=True (no conflicts, no collisions)."""
    Lark(read(GRAMMAR), strict=True, **PARSER_OPTIONS)


def test_parser_is_built_once():
    """The parser is cached for the process."""
    assert parser() is parser()


def test_header_and_dates():
    """Both date forms parse to the same date; the header fields land in the model."""
    a = parse('kế hoạch: "1/KH"\nngày ban hành: 04/6/2026')
    b = parse('plan: "1/KH"\nissued: 2026-06-04')
    assert a.number == "1/KH" and a.date == dt.date(2026, 6, 4)
    assert a == b
    assert (a.language, b.language) == ("vi", "en")


def test_nfd_input_parses_like_nfc():
    """A file saved decomposed (NFD) parses to the same model."""
    text = 'kế hoạch: "104/KH-UBND"\nđơn vị vp: "Văn phòng HĐND - UBND xã"\n'
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    assert parse(nfd) == parse(text)
    assert parse(nfd).units[0].label == "Văn phòng HĐND - UBND xã"


def test_fractions_of_a_day_are_exact():
    """½, 1/2, 0.5 and 0,5 are the same exact quantity."""
    values = set()
    for text in ("½", "1/2", "0.5", "0,5"):
        plan = parse(f'kế hoạch: "x"\nchỉ tiêu: thời_lượng_hội_nghị(quán_triệt) không quá {text} ngày')
        values.add(plan.targets[0].threshold)
    assert values == {m.Quantity(Fraction(1, 2), m.QuantityUnit.DAYS)}


def test_impossible_date_is_located():
    """31/02/2026 is rejected with its place and the reason."""
    with pytest.raises(PlanSyntaxError) as info:
        parse('kế hoạch: "x"\nngày ban hành: 31/02/2026\n', source="a.plan")
    (d,) = info.value.diagnostics
    assert (d.span.file, d.span.line, d.span.column) == ("a.plan", 2, 16)
    assert "2/2026 has 28 days" in d.message.text("en")
    assert "chỉ có 28 ngày" in d.message.text("vi")


# ------------------------------------------------------------------ escapes in quoted text --

import unicodedata  # noqa: E402

import attrs  # noqa: E402
from hypothesis import given, settings, strategies as st  # noqa: E402

from planrules.language import model as m  # noqa: E402
from planrules.language.printer import format as format_plan  # noqa: E402
from planrules.strategies import plans  # noqa: E402


def _title(text: str) -> str:
    return parse(f'kế hoạch: "1/KH"\ntiêu đề: "{text}"\n', source="t.plan").title


@pytest.mark.parametrize("written, read", [
    (r"hai\ndòng", "hai\ndòng"),
    (r"cột\tcột", "cột\tcột"),
    (r"về\r", "về\r"),
    (r"\"lợi ích nhóm\"", '"lợi ích nhóm"'),
    (r"a\\b", "a\\b"),
    (r"a\\nb", "a\\nb"),  # an escaped backslash, then n
    (r"\u{1EBF}", "ế"),
    (r"e\u{302}\u{301}", "ế"),  # composed (NFC) after the escapes are read, as all text is
    (r"\u{1F600}", "\U0001F600"),
])
def test_escapes_in_quoted_text_mean_what_docs_language_md_says(written, read):
    assert _title(written) == read


@pytest.mark.parametrize("written, column, width", [
    (r"a\nb\qc", 15, 2),  # an unknown escape once silently became "q"
    (r"\x41", 11, 2),
    (r"\u{110000}", 11, 10),  # beyond Unicode
    (r"\u{D800}", 11, 8),  # a surrogate is no character
    (r"\u{}", 11, 4),
    (r"\u{1234567}", 11, 11),
    (r"\u0041", 11, 2),
])
def test_an_unknown_or_impossible_escape_is_a_located_error(written, column, width):
    with pytest.raises(PlanSyntaxError) as info:
        _title(written)
    (d,) = info.value.diagnostics
    assert (d.code, d.span.line, d.span.column, d.span.end_column - d.span.column) == ("E101", 2, column, width)
    assert d.line_text == f'tiêu đề: "{written}"'
    assert "escape" in d.message.text("en") and "thoát" in d.message.text("vi")


# The fields the printer writes as quoted text, by model class (names, numbers and dates are not text).
QUOTED = {
    m.Plan: ("number", "title", "issuer", "place", "signer", "signer_title", "source_text", "recipients", "parents"),
    m.Basis: ("number", "description"), m.Unit: ("label",), m.Event: ("label",), m.RecordKind: ("label",),
    m.FieldDecl: ("label",), m.Category: ("label",), m.Metric: ("label",), m.Section: ("title",),
    m.Paragraph: ("text",), m.Task: ("content", "deliverable"), m.TaskRef: ("plan",), m.SourceRef: ("document",),
}
ANY_TEXT = st.text(st.one_of(st.characters(), st.sampled_from('\n\r\t"\\\u0301\u0303\u0300\x00\x1b'))).map(
    lambda s: unicodedata.normalize("NFC", s))


def _with_text(value, draw):
    """`value` with every quoted text field, at any depth, replaced by arbitrary NFC text (newlines, quotes,
    backslashes, control and combining characters included)."""
    if isinstance(value, tuple):
        return tuple(_with_text(v, draw) for v in value)
    if not attrs.has(type(value)) or isinstance(value, m.Comment):
        return value
    changes = {}
    quoted = next((names for cls, names in QUOTED.items() if isinstance(value, cls)), ())
    quoted += ("label",) if isinstance(value, m._Deadline) else ()
    for a in attrs.fields(type(value)):
        current = getattr(value, a.name)
        if a.name in quoted and isinstance(current, str):
            changes[a.name] = draw(ANY_TEXT)
        elif a.name in quoted and isinstance(current, tuple):
            changes[a.name] = tuple(draw(ANY_TEXT) for _ in current)
        elif isinstance(current, tuple) or attrs.has(type(current)):
            changes[a.name] = _with_text(current, draw)
    return attrs.evolve(value, **changes) if changes else value


@settings(max_examples=30, deadline=None)
@given(plan=plans(max_statements=4), data=st.data())
def test_any_text_in_any_quoted_field_prints_and_parses_back(plan, data):
    """`parse(format(p)) == p` when every quoted field holds arbitrary text: the printer writes the escapes the
    parser reads, and a line break never ends up raw inside quotes."""
    plan = _with_text(plan, data.draw)
    printed = format_plan(plan)
    assert parse(printed) == plan
    assert parse(format_plan(plan, "en")) == plan


# ------------------------------------------------------------- addresses --

ADDRESSES = [
    # (Vietnamese, ASCII-folded / other case, English, the model)
    ("I.2.1", "I.2.1", "I.2.1", m.Address(path="I.2.1")),
    ("II.2.2.a-3", "II.2.2.a-3", "II.2.2.a-3", m.Address(path="II.2.2.a-3")),
    ("TT 11.1", "tt 011.01", "row 11.1", m.Address(row=11, sub=(1,))),
    ("Phụ lục I TT 11.1", "PHU LUC I tt 11.1", "Appendix I row 11.1", m.Address(row=11, sub=(1,), appendix="I")),
    ("Phụ lục 2 II.1", "phu luc 02 II.1", "appendix 2 II.1", m.Address(path="II.1", appendix="2")),
    ("Phụ lục IV", "phu luc IV", "Appendix IV", m.Address(appendix="IV")),
    ("Điều 3", "dieu 3", "Article 3", m.Address(article=3)),
    ("Điều 3 khoản 2 điểm a", "DIEU 3 khoan 2 diem A", "article 3 clause 2 point a",
     m.Address(article=3, clause=2, point="a")),
    ("khoản 2-1", "khoan 2-1", "clause 2-1", m.Address(clause=2, item=1)),
    ("điểm đ", "diem Đ", "point đ", m.Address(point="đ")),
    ("mở đầu", "mo dau", "preamble", m.Address(preamble=True)),
    ("mở đầu-2", "MO DAU-2", "preamble-2", m.Address(preamble=True, item=2)),
]


@pytest.mark.parametrize(("vi", "folded", "en", "address"), ADDRESSES)
def test_every_address_form_in_three_spellings_is_one_value(vi, folded, en, address):
    """Each address form parses, in Vietnamese, folded or another case, and English, to one `Address`."""
    for written, keyword in ((vi, "nhiệm vụ"), (folded, "nhiem vu"), (en, "task")):
        plan = parse(f'kế hoạch: "1"\n{keyword} {written} {{\n    nội dung: "x"\n}}\n')
        assert plan.tasks[0].address == address, written
    assert str(address) == vi
    for keyword in ("mục", "đoạn"):
        assert parse(f'{keyword} {vi}: "x"').body[0].address == address
    assert parse(f"chỉ tiêu {vi}: số_lượng tối thiểu 1").targets[0].address == address
    task = parse(f'nhiệm vụ I {{\n    thực hiện: "1/KH" {en}\n}}\n').tasks[0]
    assert task.implements[0].address == address


@pytest.mark.parametrize("written", ["2.1", "I.2.", "i.2", "Điều a", "TT 3.a", "khoản x", "điểm 3"])
def test_a_refused_address_is_located_and_names_the_accepted_forms(written):
    """An address the language lacks: one E100 over it, naming every form, in both languages."""
    with pytest.raises(PlanSyntaxError) as caught:
        parse(f'kế hoạch: "1"\nnhiệm vụ {written} {{\n    nội dung: "x"\n}}\n', source="a.plan")
    (d,) = caught.value.diagnostics
    assert d.code == "E100" and (d.span.line, d.span.column) == (2, 10)
    assert d.span.end_column - d.span.column == len(written)
    en, vi = d.message.text("en"), d.message.text("vi")
    assert en.startswith(f'"{written}" is not an address') and vi.startswith(f'"{written}" không phải là số hiệu')
    for form in ("II.2.2.a", "I.2.1", "row 11.1", "Article 3 clause 2 point a", "Appendix I row 11.1", "preamble"):
        assert form in en
    for form in ("II.2.2.a", "TT 11.1", "Điều 3 khoản 2 điểm a", "Phụ lục I TT 11.1", "mở đầu"):
        assert form in vi


def test_an_address_missing_its_number_says_what_number():
    """After an address keyword, the number it needs is named in words."""
    with pytest.raises(PlanSyntaxError) as caught:
        parse('nhiệm vụ TT {\n}\n')
    assert "a row number such as 3 or 11.1" in caught.value.diagnostics[0].message.text("en")
    with pytest.raises(PlanSyntaxError) as caught:
        parse('mục Phụ lục: "x"\n')
    assert "an appendix number such as I or 2" in caught.value.diagnostics[0].message.text("en")


def test_an_address_keyword_is_still_a_name_elsewhere():
    """`điểm`, `khoản`, `article` ... are keywords only where an address may stand: a record field may be named so."""
    plan = parse("bản ghi việc {\n    điểm: số nguyên\n    clause: chuỗi\n}\n")
    assert [f.name for f in plan.record_kinds[0].fields] == ["điểm", "clause"]


def test_too_long_a_row_number_is_a_value_error():
    with pytest.raises(PlanSyntaxError) as caught:
        parse('nhiệm vụ TT 1.' + "9" * 200 + ' {\n}\n')
    assert [d.code for d in caught.value.diagnostics] == ["E101"]


# ------------------------------------------------------------- validity --


def test_validity_in_three_spellings_and_both_date_forms():
    """`hiệu lực từ` / `effective from` and `hiệu lực đến` / `effective until`, folded too, land in the model."""
    vi = parse('kế hoạch: "1"\nngày ban hành: 10/05/2026\nhiệu lực từ: 15/05/2026\nhiệu lực đến: 22/08/2026\n')
    folded = parse('ke hoach: "1"\nngay ban hanh: 10/05/2026\nHIEU LUC TU: 15/5/2026\nhieu  luc den: 22/8/2026\n')
    en = parse('plan: "1"\nissued: 2026-05-10\neffective from: 2026-05-15\neffective until: 2026-08-22\n')
    assert vi == folded == en
    assert (vi.date, vi.effective, vi.until) == (dt.date(2026, 5, 10), dt.date(2026, 5, 15), dt.date(2026, 8, 22))
    assert vi.valid_from == dt.date(2026, 5, 15) and parse('kế hoạch: "1"\nngày ban hành: 10/05/2026').valid_from == \
        dt.date(2026, 5, 10)


@pytest.mark.parametrize("header", [
    "ngày ban hành: 10/05/2026\nhiệu lực đến: 09/05/2026\n",  # ends before it is issued
    "ngày ban hành: 10/05/2026\nhiệu lực từ: 01/06/2026\nhiệu lực đến: 31/05/2026\n",  # ends before it takes effect
])
def test_an_end_date_before_the_plan_is_in_force_is_a_located_value_error(header):
    with pytest.raises(PlanSyntaxError) as caught:
        parse('kế hoạch: "1"\n' + header, source="v.plan")
    (d,) = caught.value.diagnostics
    assert d.code == "E101" and d.span.line == header.count("\n") + 1
    assert "is before it is in force" in d.message.text("en") and "trước ngày kế hoạch có hiệu lực" in d.message.text("vi")


def test_validity_given_twice_is_e102():
    with pytest.raises(PlanSyntaxError) as caught:
        parse('kế hoạch: "1"\nhiệu lực từ: 01/06/2026\neffective from: 02/06/2026\n')
    assert [d.code for d in caught.value.diagnostics] == ["E102"]


@pytest.mark.parametrize(("legal", "canonical"), [
    ("điểm a khoản 2 Điều 3", "Điều 3 khoản 2 điểm a"),
    ("khoản 2 Điều 3", "Điều 3 khoản 2"),
    ("điểm b Điều 4", "Điều 4 điểm b"),
    ("point c clause 1 Article 7", "Article 7 clause 1 point c"),
    ("diem a khoan 2 dieu 3-2", "Điều 3 khoản 2 điểm a-2"),
])
def test_an_article_cited_smallest_first_is_the_same_address(legal, canonical):
    """Issue 17, point 1: the legal citation order ("điểm a khoản 2 Điều 3") and the article-first order name one
    clause, so a parent and a child citing it either way refer to it the same way."""
    assert parse(f'mục {legal}: "x"\n').sections[0].address == parse(f'mục {canonical}: "x"\n').sections[0].address


def test_a_mixed_citation_order_is_refused_at_its_place():
    with pytest.raises(PlanSyntaxError) as error:
        parse('mục khoản 2 điểm a Điều 3: "x"\n')
    assert error.value.diagnostics[0].span.column == 20  # at "Điều": a clause-first citation ends with its point


def test_a_territory_given_twice_is_e102_not_a_crash():
    """Found by the fuzz (test_fuzz_mutated_plans): `địa bàn` twice raised KeyError instead of E102."""
    with pytest.raises(PlanSyntaxError) as info:
        parse('kế hoạch: "1"\nđịa bàn: "a"\nđịa bàn: "b"\n', source="x.plan")
    (d,) = info.value.diagnostics
    assert (d.code, d.span.line) == ("E102", 3)


def test_a_rule_named_by_a_token_that_interrupts_its_comparison_is_still_built():
    """Lark names rules with Tokens, whose `__eq__` runs Python code: a signal handled there (Ctrl-C, SIGTERM)
    during the builder's method lookup was swallowed by that lookup and surfaced as "Builder has no attribute
    'source_ref'" with a traceback (seen in tests/test_faults.py's fmt-under-a-signal test). The builder looks
    its methods up by the plain name, so no comparison of a Token runs there."""
    from lark import Token, Tree

    from planrules.base.source import Source
    from planrules.language.builder import Builder

    class Interrupting(Token):
        def __eq__(self, other):
            raise KeyboardInterrupt

        __hash__ = Token.__hash__

    built = Builder(Source.from_text("", "x.plan")).transform(Tree(Interrupting("RULE", "half"), []))
    assert built == Fraction(1, 2)
