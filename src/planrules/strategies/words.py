"""Names and one-line text the `.plan` language can hold, as Hypothesis strategies.

A name must survive the lexer: it is NFC, matches `[^\\W\\d]\\w*`, and is
never a word of any keyword spelling (Vietnamese, ASCII-folded, English, any
letter case), since a keyword word would be read as the keyword. The
keyword words are taken from the grammar's own table, so a keyword added
there is kept out of names here without a change.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from hypothesis import strategies as st

from ..language.keywords import KEYWORDS, fold, spellings

# ------------------------------------------------------------------ names --

_NAME = re.compile(r"[^\W\d]\w*")


def _keyword_words() -> list[str]:
    """Every word of every keyword spelling the grammar accepts, longest first."""
    words: set[str] = set()
    for terminal, (vietnamese, english) in KEYWORDS.items():
        for spelling in (vietnamese, fold(vietnamese), english, *spellings(terminal)):
            words.update(w for w in re.split(r"[\s-]+", spelling) if w)
    return sorted(words, key=lambda w: (-len(w), w))


_KEYWORD_WORDS = tuple(_keyword_words())
# Case-insensitive with the same regex engine the lexer uses, so every
# Unicode case pairing it applies ("ſ" ~ "s", ...) is applied here too.
_KEYWORD_WORD = re.compile("|".join(re.escape(w) for w in _KEYWORD_WORDS), re.IGNORECASE)

_VIETNAMESE_LOWER = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợ"
    "pqrstuùúủũụưừứửữựvxyỳýỷỹỵfjwz"
)
_VIETNAMESE_UPPER = unicodedata.normalize("NFC", _VIETNAMESE_LOWER.upper())
_OTHER_LETTERS = "ßøåæœçñπλжщяəʒ中文ا"


def is_name(text: str) -> bool:
    """Whether `text` can be written as a name in a `.plan` file and read back unchanged.

    A name is NFC, matches `[^\\W\\d]\\w*`, and is not (in any letter case)
    a word of any keyword spelling. Names spelt like a section address or
    a quarter (`IV`) are fine: the lexer only looks for those where a name
    cannot stand.
    """
    return (
        _NAME.fullmatch(text) is not None
        and unicodedata.normalize("NFC", text) == text
        and _KEYWORD_WORD.fullmatch(text) is None
    )


def _near_keyword_names() -> list[str]:
    """Names that start or end like a keyword but are longer ("leader", "và_2"), and Roman numerals."""
    out = []
    for word in _KEYWORD_WORDS:
        if not _NAME.fullmatch(word):
            continue
        for candidate in (word + "_", word + "1", word + "x", "x" + word, word.upper() + "_"):
            if is_name(candidate):
                out.append(candidate)
    # spelt like terminals that outrank NAME (section addresses, quarters)
    out.extend(["I", "II", "IV", "X", "XIV", "VIX", "i", "iv", "Iv", "I_", "IVx"])
    return sorted(set(out))


_NEAR_KEYWORDS = tuple(_near_keyword_names())


def _letter_pool() -> str:
    """Letters from many scripts that are NFC on their own and can start a name."""
    ranges = [(0x00C0, 0x024F), (0x0370, 0x03FF), (0x0400, 0x04FF), (0x0530, 0x058F), (0x05D0, 0x05EA),
              (0x0620, 0x064A), (0x0904, 0x0939), (0x0E01, 0x0E30), (0x10A0, 0x10FF), (0x1E00, 0x1EFF),
              (0x3041, 0x3096), (0x4E00, 0x4E40), (0xAC00, 0xAC40), (0x10400, 0x1044F), (0x1D400, 0x1D44F)]
    return "".join(
        ch
        for lo, hi in ranges
        for ch in map(chr, range(lo, hi + 1))
        if re.fullmatch(r"[^\W\d]", ch) and unicodedata.normalize("NFC", ch) == ch
    )


_LETTERS = _letter_pool()
_name_start = st.one_of(
    st.sampled_from(_VIETNAMESE_LOWER),
    st.sampled_from(_VIETNAMESE_UPPER + _OTHER_LETTERS + "_"),
    st.sampled_from(_LETTERS),
)
_name_rest = st.one_of(
    st.text(_VIETNAMESE_LOWER + "_0123456789", max_size=10),
    st.text(_VIETNAMESE_LOWER + _VIETNAMESE_UPPER + _OTHER_LETTERS + _LETTERS + "_0123456789٣²", max_size=10),
)


@lru_cache(maxsize=None)
def names() -> st.SearchStrategy[str]:
    """Names of units, record kinds, fields, metrics, events and categories.

    Mostly Vietnamese and ASCII letters, digits and underscores
    (`đơn_vị_ư`, `vp2`), sometimes letters of other scripts, and sometimes
    a name that begins or ends with a keyword (`và_`, `leader`) or is a
    Roman numeral (`IV`): the grammar's keywords must not run on into a
    longer word. A drawn name spelt like a keyword word gets a trailing
    "_". Every value satisfies `is_name`.
    """
    built = st.builds(str.__add__, _name_start, _name_rest).map(_not_a_keyword)
    return st.one_of(built, built, built, st.sampled_from(_NEAR_KEYWORDS)).filter(is_name)


def _not_a_keyword(name: str) -> str:
    """`name`, or `name_` when `name` is spelt like a keyword word (no keyword word contains "_")."""
    return name + "_" if _KEYWORD_WORD.fullmatch(name) else name


# ------------------------------------------------------------------ texts --

_EXCLUDED = ("Cc", "Cs", "Zl", "Zp")
_SPECIAL = '"\\#{}:@,()=%½≥≤-/ \u00a0\ufeffđếĐƯ'


def _one_line(text: str) -> bool:
    """Whether `text` has no control character, surrogate or line/paragraph separator."""
    return not any(unicodedata.category(ch) in _EXCLUDED for ch in text)


@lru_cache(maxsize=None)
def texts(min_size: int = 0, max_size: int = 24) -> st.SearchStrategy[str]:
    """One-line NFC text: labels, titles, document numbers, file names.

    Any character but control characters (Cc: newline, carriage return,
    tab, ...), surrogates and line/paragraph separators; quotes,
    backslashes and `#` are frequent, since the printer must escape or
    keep them.
    """
    anything = st.text(st.characters(exclude_categories=_EXCLUDED), min_size=min_size, max_size=max_size)
    common = st.text(_SPECIAL + _VIETNAMESE_LOWER + _VIETNAMESE_UPPER + "abc 0123456789.",
                     min_size=min_size, max_size=max_size)
    return (
        st.one_of(anything, common)
        .map(lambda s: unicodedata.normalize("NFC", s))
        .filter(lambda s: _one_line(s) and len(s) >= min_size)
    )
