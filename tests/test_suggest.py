"""The one "did you mean" (planrules.base.suggest): difflib's answer, in one place."""

from __future__ import annotations

import difflib

from hypothesis import given
from hypothesis import strategies as st

from planrules.base.suggest import closest, closest_few, likeness

WORDS = st.text(alphabet="abcdeđơư ", max_size=8)


def test_a_slip_of_the_keyboard_finds_the_name():
    assert closest("Hà Nôi", ["Hà Nội", "Hải Phòng"]) == "Hà Nội"


def test_a_stranger_finds_nothing():
    assert closest("xyz", ["Hà Nội", "Hải Phòng"]) is None
    assert closest_few("xyz", ["Hà Nội", "Hải Phòng"], n=3) == []


def test_a_lower_cutoff_finds_more():
    assert closest("abcd", ["abxy"]) is None
    assert closest("abcd", ["abxy"], cutoff=0.5) == "abxy"


def test_the_few_are_closest_first_and_at_most_n():
    assert closest_few("ab", ["abc", "ab", "abcd", "x"], n=2) == ["ab", "abc"]


@given(WORDS, st.lists(WORDS, max_size=6), st.sampled_from([0.5, 0.6, 0.75]))
def test_closest_is_difflibs_first_answer(word, choices, cutoff):
    """Every caller used `difflib.get_close_matches(..., n=1)[0]`: the answer is the same, byte for byte."""
    expected = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    assert closest(word, choices, cutoff) == (expected[0] if expected else None)


@given(WORDS, st.lists(WORDS, max_size=6), st.integers(1, 4))
def test_closest_few_is_difflibs_answer(word, choices, n):
    assert closest_few(word, choices, n) == difflib.get_close_matches(word, choices, n=n, cutoff=0.6)


@given(WORDS, st.lists(WORDS, min_size=1, max_size=6))
def test_what_closest_finds_is_at_least_as_alike_as_the_cutoff(word, choices):
    found = closest(word, choices)
    if found is not None:
        assert found in choices
        assert likeness(found, word) >= 0.6  # difflib measures the choice against the word
