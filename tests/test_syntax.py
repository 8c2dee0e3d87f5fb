"""Tests of syntax.py: text -> plan model, and the errors it reports."""

import datetime as dt
import unicodedata
from fractions import Fraction

import pytest
from lark import Lark

from planrules import PlanSyntaxError, model as m, parse
from planrules.resources import GRAMMAR, read
from planrules.syntax import PARSER_OPTIONS, parser


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
