"""The keyword table (keywords.py) and the grammar's keyword terminals (plan.lark) stay in step."""

from __future__ import annotations

import re

import pytest

from planrules.language.keywords import ALIASES, KEYWORDS, fold, language_of, spelling, spellings
from planrules.language.syntax import parser

GRAMMAR_KEYWORDS = sorted(t.name for t in parser().terminals if t.name.startswith("KW_"))


def terminal_regex(name: str) -> re.Pattern:
    """The grammar's regex for terminal `name`, compiled as the lexer matches it (case-insensitive)."""
    return re.compile(parser().get_terminal(name).pattern.to_regexp(), re.IGNORECASE)


def case_variants(word: str) -> list[str]:
    """`word` as written, in lower case, upper case and title case."""
    return [word, word.lower(), word.upper(), word.title()]


def test_grammar_and_table_name_the_same_keywords():
    """Every KW_ terminal of the grammar is in the table, and every table entry is a terminal."""
    assert set(GRAMMAR_KEYWORDS) == set(KEYWORDS)
    assert set(ALIASES) <= set(KEYWORDS)


@pytest.mark.parametrize("terminal", sorted(KEYWORDS))
def test_terminal_matches_every_spelling(terminal):
    """The terminal matches the Vietnamese, ASCII-folded and English spellings, and aliases, in any case."""
    regex = terminal_regex(terminal)
    vietnamese, english = KEYWORDS[terminal]
    words = [vietnamese, fold(vietnamese), english, *spellings(terminal)]
    assert fold(vietnamese).isascii()
    for word in words:
        for variant in case_variants(word):
            assert regex.fullmatch(variant), (terminal, variant)


@pytest.mark.parametrize("terminal", sorted(KEYWORDS))
def test_terminal_allows_spaces_and_tabs_between_words(terminal):
    """Words of a keyword may be separated by several spaces or tabs, but not by a newline."""
    regex = terminal_regex(terminal)
    for word in spellings(terminal):
        if " " not in word:
            continue
        assert regex.fullmatch(word.replace(" ", " \t  ")), word
        assert not regex.fullmatch(word.replace(" ", "\n")), word


@pytest.mark.parametrize("terminal", sorted(KEYWORDS))
def test_terminal_does_not_run_on_into_a_longer_word(terminal):
    """A spelling followed by a letter, digit or '_' is not the keyword ('leader' is not 'lead' + 'er')."""
    regex = terminal_regex(terminal)
    for word in spellings(terminal):
        for tail in ("x", "_", "1", "đ", "ế"):
            match = regex.match(word + tail)
            assert match is None or len(match.group()) < len(word), (word, tail)


@pytest.mark.parametrize("terminal", sorted(KEYWORDS))
def test_terminal_accepts_exactly_the_table_spellings(terminal):
    """The terminal's language is exactly the table's spellings, any case, words joined by spaces or tabs."""
    interegular = pytest.importorskip("interegular")
    words = sorted(spellings(terminal))
    expected = "(?i:(" + "|".join("[ \t]+".join(map(re.escape, w.split(" "))) for w in words) + r")(?!\w))"
    grammar = parser().get_terminal(terminal).pattern.to_regexp()
    assert interegular.parse_pattern(grammar).to_fsm().equivalent(interegular.parse_pattern(expected).to_fsm())


@pytest.mark.parametrize("terminal", sorted(KEYWORDS))
def test_spellings_lists_the_table(terminal):
    """`spellings` holds the Vietnamese, folded and English spellings (lower case) with their languages."""
    vietnamese, english = KEYWORDS[terminal]
    found = spellings(terminal)
    assert found[english.lower()] == "en"
    assert found[vietnamese.lower()] == "vi"
    assert found[fold(vietnamese).lower()] == "vi"
    assert spelling(terminal, "vi") == vietnamese and spelling(terminal, "en") == english


@pytest.mark.parametrize("terminal", sorted(KEYWORDS))
def test_language_of_classifies_each_spelling(terminal):
    """language_of names the language of every spelling, in any case and spacing; None only when both share it."""
    english = KEYWORDS[terminal][1].lower()
    for word, lang in spellings(terminal).items():
        ambiguous = word == english and lang == "vi"  # the same word in both languages
        for variant in case_variants(word) + [word.replace(" ", "  \t")]:
            assert language_of(terminal, variant) == (None if ambiguous else lang), (terminal, variant)


def test_no_keyword_spelling_is_ambiguous_between_languages():
    """No keyword is spelt the same in Vietnamese (or folded) and English, so the language is always known."""
    for terminal, (vietnamese, english) in KEYWORDS.items():
        assert english.lower() not in (vietnamese.lower(), fold(vietnamese).lower()), terminal


def test_printer_spellings_are_canonical_forms():
    """The spellings the printer writes are NFC, single-spaced and without surrounding blanks."""
    import unicodedata

    for vietnamese, english in KEYWORDS.values():
        for word in (vietnamese, english):
            assert unicodedata.normalize("NFC", word) == word
            assert word == " ".join(word.split())
