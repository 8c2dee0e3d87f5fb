"""base.numbers: how each language writes a number for people (35,000,000 / 35.000.000; 66.67 / 66,67)."""

from __future__ import annotations

import re
from fractions import Fraction

from hypothesis import given, strategies as st

from planrules.base.numbers import SEPARATORS, count_text, decimal_text
from planrules.evaluation.verdicts import show
from planrules.language.model import QuantityUnit


def _read(text: str, lang: str) -> Fraction:
    """`text` read back as `lang` writes numbers: every group of three digits after a thousands separator."""
    thousands, point = SEPARATORS[lang]
    sign = -1 if text.startswith("-") else 1
    whole, _, decimals = text.lstrip("-").partition(point)
    groups = whole.split(thousands)
    assert re.fullmatch(r"[1-9]\d{0,2}|0", groups[0]), text  # no leading zero, at most three digits first
    assert all(re.fullmatch(r"\d{3}", g) for g in groups[1:]), text  # then groups of exactly three
    assert point not in decimals and thousands not in decimals and decimals.isdigit() or decimals == "", text
    return sign * (int("".join(groups)) + (Fraction(int(decimals), 10 ** len(decimals)) if decimals else 0))


@given(st.integers(-10**30, 10**30), st.sampled_from(["en", "vi"]))
def test_a_count_reads_back_as_the_same_number(n, lang):
    assert _read(count_text(n, lang), lang) == n


@given(st.booleans(), st.integers(0, 10**20), st.from_regex(r"\d{0,4}", fullmatch=True), st.sampled_from(["en", "vi"]))
def test_a_decimal_reads_back_as_the_same_number(negative, whole, decimals, lang):
    expected = whole + (Fraction(int(decimals), 10 ** len(decimals)) if decimals else 0)
    assert _read(decimal_text(negative, whole, decimals, lang), lang) == (-expected if negative else expected)


@given(st.fractions(min_value=-10**12, max_value=10**12, max_denominator=10**6))
def test_a_shown_value_is_the_same_number_in_both_languages(value):
    """`show` in Vietnamese is the English text with the separators swapped, and reads back within a hundredth."""
    en, vi = show(value, QuantityUnit.NONE, "en"), show(value, QuantityUnit.NONE, "vi")
    assert vi == en.translate(str.maketrans(",.", ".,"))
    assert abs(_read(vi.lstrip("≈"), "vi") - value) <= Fraction(1, 200)


def test_the_issue_examples():
    assert count_text(35_000_000, "vi") == "35.000.000" and count_text(35_000_000, "en") == "35,000,000"
    assert show(Fraction(2, 3), QuantityUnit.PERCENT, "vi") == "≈66,67%"
    assert show(Fraction(2, 3), QuantityUnit.PERCENT, "en") == "≈66.67%"
    assert count_text(999, "vi") == "999" and count_text(1000, "vi") == "1.000" and count_text(-1000, "en") == "-1,000"
