"""Numbers that keep a bound or break it, drawn exactly: the ground the target kit (`target_facts`) builds
facts on — whole counts, exact fractions, both often right at an end of the bound."""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

from hypothesis import strategies as st

from ..language.bounds import Bound


def wholes(bound: Bound, meet: bool, lo: int, hi: int, scale: Fraction = Fraction(1)) -> st.SearchStrategy[int] | None:
    """Whole numbers n from `lo` to `hi` such that n / `scale` keeps `bound` (`meet`) or breaks it, often on
    an edge (exactly on an inclusive end, just past a strict one); None when there is none."""
    first, last = scaled(bound, scale).wholes()
    first = lo if first is None else max(lo, first)
    last = hi if last is None else min(hi, last)
    if meet:
        return near(first, first, last) if first <= last else None
    pieces = []
    if first > lo:
        below = min(first - 1, hi)
        pieces.append(near(below, lo, below))
    if last < hi:
        above = max(last + 1, lo)
        pieces.append(near(above, above, hi))
    if first > last:  # nothing keeps it: anything breaks it
        pieces = [st.integers(lo, hi)]
    return st.one_of(*pieces) if pieces else None


def scaled(bound: Bound, scale: Fraction) -> Bound:
    """`bound` with its limits times `scale` (a share's limit over `whole` records: limit × whole)."""
    return Bound(bound.comparator, bound.limit * scale, None if bound.upper is None else bound.upper * scale)


def fractions(bound: Bound, meet: bool, low: Fraction, high: Fraction) -> st.SearchStrategy[Fraction] | None:
    """Exact values from `low` to `high` that keep `bound` (`meet`) or break it, its ends often; None: none."""
    lower, upper = bound.lower_end, bound.upper_end
    pieces = []
    if meet:
        lo, open_lo = (low, False) if lower is None or lower[0] < low else (lower[0], lower[1])
        hi, open_hi = (high, False) if upper is None or upper[0] > high else (upper[0], upper[1])
        if lo < hi or (lo == hi and not open_lo and not open_hi):
            pieces.append(between(lo, hi, open_lo=open_lo, open_hi=open_hi))
    else:
        if lower is not None and lower[0] >= low and (lower[0] > low or lower[1]):
            pieces.append(between(low, lower[0], open_hi=not lower[1]))
        if upper is not None and upper[0] <= high and (upper[0] < high or upper[1]):
            pieces.append(between(upper[0], high, open_lo=not upper[1]))
    return st.one_of(*pieces) if pieces else None


@lru_cache(maxsize=4096)
def between(lo: Fraction, hi: Fraction, *, open_lo: bool = False, open_hi: bool = False) -> st.SearchStrategy:
    """Exact fractions from `lo` to `hi`; the closed ends themselves are drawn often."""
    inside = st.builds(lambda a, b: lo + (hi - lo) * Fraction(a, a + b), st.integers(1, 10**6), st.integers(1, 10**6))
    ends = [st.just(x) for x, is_open in ((lo, open_lo), (hi, open_hi)) if not is_open]
    return st.one_of(*ends, inside) if lo < hi else st.just(lo)


@lru_cache(maxsize=4096)
def near(value: int, lo: int, hi: int) -> st.SearchStrategy[int]:
    """Whole numbers from `lo` to `hi`, often exactly `value` (the boundary)."""
    return st.one_of(st.just(value), st.integers(lo, hi))


@lru_cache(maxsize=4096)
def multiples(limit: Fraction, cap: int) -> st.SearchStrategy[int]:
    """Whole numbers 1..cap, often a multiple of `limit`'s denominator so that the boundary is reachable exactly."""
    den = limit.denominator
    anything = st.integers(1, cap)
    return st.one_of(st.integers(1, cap // den).map(lambda k: k * den), anything) if den <= cap else anything
