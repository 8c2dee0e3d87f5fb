"""The one "did you mean": the known name closest to a word a user wrote.

Every stage that meets an unknown name (a unit, a keyword, a column, a
scenario) offers the nearest known one as a hint. They all ask here, so one
word gets one suggestion whichever stage misread it, and the measure of
"close" is changed, if ever, in one place. The measure is difflib's ratio
with its usual cutoff, 0.6: close enough to catch a slip of the keyboard or
a dropped accent, far enough not to suggest a stranger.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

CUTOFF = 0.6


def closest(word: str, choices: Iterable[str], cutoff: float = CUTOFF) -> str | None:
    """The name of `choices` closest to `word`, or None when none is at least `cutoff` alike (0 to 1)."""
    found = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return found[0] if found else None


def closest_few(word: str, choices: Iterable[str], n: int, cutoff: float = CUTOFF) -> list[str]:
    """The at most `n` names of `choices` closest to `word`, closest first, each at least `cutoff` alike."""
    return difflib.get_close_matches(word, choices, n=n, cutoff=cutoff)


def likeness(word: str, other: str) -> float:
    """How alike `word` is to `other`, 0 to 1 (difflib's ratio): to rank the answers `closest` gives several words."""
    return difflib.SequenceMatcher(None, word, other).ratio()
