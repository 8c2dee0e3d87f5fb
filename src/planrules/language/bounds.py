"""What a target's comparator means, in one place: every module that judges, compares, prints or explains a
bound asks this one.

A bound is a comparator with its limit (`Target.threshold` as a plain number) and, for a range, its upper
end (`Target.upper`):

| comparator | written | kept by a value v when |
| --- | --- | --- |
| AT_LEAST | `tối thiểu 60%`, `≥ 60%` | v ≥ 60% |
| MORE_THAN | `trên 60%`, `lớn hơn 60%`, `> 60%` | v > 60% |
| AT_MOST | `không quá 30`, `≤ 30` | v ≤ 30 |
| LESS_THAN | `dưới 30`, `nhỏ hơn 30`, `< 30` | v < 30 |
| BETWEEN | `từ 40% đến 50%`, `40–50%` | 40% ≤ v ≤ 50% (both ends included) |

As a set of values, each bound is an interval: an end is absent (unbounded), included or strict. So a
child's bound keeps its parent's exactly when its interval lies inside the parent's (`Bound.within`): a
higher minimum, a lower maximum, a narrower range, a strict end where the parent's is inclusive at the same
number. A value moving one way only (a count of dated records grows, a cut against last year only falls)
decides a bound early when no value it can still reach keeps it (`Bound.decided`), and keeps it for
certain when every value it can reach does (`Bound.certain`).
"""

from __future__ import annotations

import math
from fractions import Fraction

import attrs
from attrs import frozen

from .keywords import spelling
from .model import Comparator, Quantity

__all__ = ["KEYWORDS", "SYMBOLS", "Bound", "ranged"]

# The keyword each comparator is written with (a range: `từ … đến …`, `KW_RANGE_FROM` and `KW_RANGE_TO`).
KEYWORDS = {Comparator.AT_LEAST: "KW_AT_LEAST", Comparator.AT_MOST: "KW_AT_MOST",
            Comparator.MORE_THAN: "KW_MORE_THAN", Comparator.LESS_THAN: "KW_LESS_THAN"}

# The symbol a value is compared with its limit by ("66.67% ≥ 60%"), and the one a value that breaks it
# stands in ("2 days > 1 day"); a range is shown "40%–50%", a value outside it "outside 40%–50%".
SYMBOLS = {Comparator.AT_LEAST: "≥", Comparator.AT_MOST: "≤", Comparator.MORE_THAN: ">", Comparator.LESS_THAN: "<"}
_BROKEN = {Comparator.AT_LEAST: "<", Comparator.AT_MOST: ">", Comparator.MORE_THAN: "≤", Comparator.LESS_THAN: "≥"}
_OUTSIDE = ("outside", "ngoài")
_NEEDS = ("needs", "cần")

_MIRROR = {Comparator.AT_LEAST: Comparator.AT_MOST, Comparator.AT_MOST: Comparator.AT_LEAST,
           Comparator.MORE_THAN: Comparator.LESS_THAN, Comparator.LESS_THAN: Comparator.MORE_THAN,
           Comparator.BETWEEN: Comparator.BETWEEN}
_LOWER = (Comparator.AT_LEAST, Comparator.MORE_THAN, Comparator.BETWEEN)
_UPPER = (Comparator.AT_MOST, Comparator.LESS_THAN, Comparator.BETWEEN)
_STRICT = (Comparator.MORE_THAN, Comparator.LESS_THAN)


def _as_integers(end: tuple[Fraction, bool] | None) -> tuple[int, int, bool] | None:
    """An end (`Bound.lower_end`, `upper_end`) as (numerator, denominator, strict): what `Bound.holds` compares."""
    if end is None:
        return None
    value, strict = end
    return value.numerator, value.denominator, strict


def ranged(comparator: Comparator) -> bool:
    """Is `comparator` a range (two ends)?"""
    return comparator is Comparator.BETWEEN


@frozen(cache_hash=True)  # a dict key in the evaluator's caches: its Fractions' hash costs a modular inverse
class Bound:
    """A comparator and its limits as plain numbers (60% -> 3/5): `limit` (the lower end of a range) and,
    for a range only, `upper`."""

    comparator: Comparator
    limit: Fraction
    upper: Fraction | None = None
    # the ends as `holds` compares them, in integers, worked out once: (numerator, denominator, strict) or None
    _low: tuple[int, int, bool] | None = attrs.field(init=False, eq=False, repr=False)
    _high: tuple[int, int, bool] | None = attrs.field(init=False, eq=False, repr=False)
    # Which ends it has: "lower", "upper" or "both". Two bounds on the same sides are the same kind of target (a
    # child restating a parent's); a range and a minimum bound neither each other's. Worked out once.
    sides: str = attrs.field(init=False, eq=False, repr=False)

    @sides.default
    def _sides(self) -> str:
        return "both" if ranged(self.comparator) else ("lower" if self.minimum else "upper")

    @_low.default
    def _low_end(self) -> tuple[int, int, bool] | None:
        return _as_integers(self.lower_end)

    @_high.default
    def _high_end(self) -> tuple[int, int, bool] | None:
        return _as_integers(self.upper_end)

    def __attrs_post_init__(self) -> None:
        if ranged(self.comparator) != (self.upper is not None):
            raise ValueError(f"a range needs an upper end, and only a range has one: {self!r}")

    @classmethod
    def of(cls, comparator: Comparator, threshold: Quantity, upper: Quantity | None = None) -> "Bound":
        """The bound a target (or a verdict) states: its comparator, threshold and upper end."""
        return cls(comparator, threshold.fraction, upper.fraction if upper is not None else None)

    # -- the ends, as an interval --

    @property
    def lower_end(self) -> tuple[Fraction, bool] | None:
        """(the lower end, strict?) or None when values may be as low as they like."""
        if self.comparator not in _LOWER:
            return None
        return self.limit, self.comparator in _STRICT

    @property
    def upper_end(self) -> tuple[Fraction, bool] | None:
        """(the upper end, strict?) or None when values may be as high as they like."""
        if self.comparator not in _UPPER:
            return None
        return (self.upper if self.upper is not None else self.limit), self.comparator in _STRICT

    @property
    def minimum(self) -> bool:
        """A lower end only: more is better (`tối thiểu`, `trên`)."""
        return self.upper_end is None

    @property
    def maximum(self) -> bool:
        """An upper end only: less is better (`không quá`, `dưới`)."""
        return self.lower_end is None


    # -- judging --

    def holds(self, value: Fraction | int) -> bool:
        """Does `value` keep the bound? Exact: a value on an inclusive end keeps it, on a strict end does not.

        A `Fraction` or an `int` is compared with each end in integers, cross-multiplied (the denominators are
        positive): what `Fraction`'s comparison does, without its type tests, for every verdict and every record
        a cap scans. Any other number is compared as `keeps_lower` and `keeps_upper` compare it."""
        kind = type(value)
        if kind is not Fraction and kind is not int:
            return self.keeps_lower(value) and self.keeps_upper(value)
        n, d = value.numerator, value.denominator
        low = self._low
        if low is not None:
            ours, theirs = n * low[1], low[0] * d
            if ours < theirs or (ours == theirs and low[2]):
                return False
        high = self._high
        if high is not None:
            ours, theirs = n * high[1], high[0] * d
            if ours > theirs or (ours == theirs and high[2]):
                return False
        return True

    def keeps_lower(self, value: Fraction | int) -> bool:
        end = self.lower_end
        return end is None or value > end[0] or (value == end[0] and not end[1])

    def keeps_upper(self, value: Fraction | int) -> bool:
        end = self.upper_end
        return end is None or value < end[0] or (value == end[0] and not end[1])

    def decided(self, value: Fraction | int, moves: int) -> bool:
        """Is the bound broken for good by `value`, a value so far that can only grow (`moves` 1: a count of
        dated records) or only fall (-1: a cut against last year, whose count so far can only grow)? A
        count over its upper end stays over it (`< 30`, `≤ 30`, the top of a range); a cut under its lower
        end stays under it. A value short of a minimum may still reach it: never decided (`moves` 0: a
        share, which moves either way)."""
        if moves > 0:
            return not self.keeps_upper(value)
        if moves < 0:
            return not self.keeps_lower(value)
        return False

    def certain(self, value: Fraction | int, moves: int) -> bool:
        """Is the bound kept by `value` whatever comes: a count (`moves` 1) that keeps a bound with no upper
        end (`≥ 30`, `> 30`: on track, still judged on its day), a cut (-1) that keeps one with no lower end?
        A range is never certain early: a count inside it may still pass its top."""
        if not self.holds(value):
            return False
        if moves > 0:
            return self.upper_end is None
        if moves < 0:
            return self.lower_end is None
        return False

    def worst(self, values: "list[Fraction]") -> Fraction:
        """Of values that break the bound (per-record values), the one that breaks it most: the largest over
        an upper end, the smallest under a lower one; for a range, the farthest outside it."""
        sides = self.sides
        if sides == "upper":
            return max(values)
        if sides == "lower":
            return min(values)
        assert self.upper is not None
        return max(values, key=lambda v: max(self.limit - v, v - self.upper))

    def extreme(self, values: "list[Fraction]") -> Fraction:
        """Of values that keep a per-record bound, the one nearest to breaking it: the largest under a
        maximum, the smallest over a minimum; for a range, the largest (shown beside the range)."""
        return min(values) if self.sides == "lower" else max(values)

    def wholes(self) -> tuple[int | None, int | None]:
        """The smallest and the largest whole number that keep the bound (None: no end on that side): a count
        `> 30` needs 31, `< 30` allows 29, `từ 2,5 đến 5` 3 to 5."""
        low, high = self.lower_end, self.upper_end
        first = None if low is None else (math.floor(low[0]) + 1 if low[1] else math.ceil(low[0]))
        last = None if high is None else (math.ceil(high[0]) - 1 if high[1] else math.floor(high[0]))
        return first, last

    def cut_counts(self, baseline: int) -> tuple[int | None, int | None]:
        """For a cut against `baseline` (last year's count), the smallest and the largest whole count of this
        year whose cut, (baseline − count) / baseline, keeps the bound (None: no end on that side)."""
        return self.cut_bound(baseline).wholes()

    def cut_bound(self, baseline: Fraction | int) -> "Bound":
        """For a cut against `baseline` (above 0), the bound this year's value must keep for its cut,
        (baseline − value) / baseline, to keep this one: the limits mirrored."""
        return Bound(_MIRROR[self.comparator], *sorted(baseline * (1 - x) for x in self._limits()))

    def _limits(self) -> tuple[Fraction, ...]:
        return (self.limit,) if self.upper is None else (self.limit, self.upper)

    # -- inheritance --

    def within(self, other: "Bound") -> bool:
        """Does every value that keeps this bound keep `other` (this one asks at least as much)? A higher
        minimum, a lower maximum, a range inside `other`'s; at the same number, a strict end inside an
        inclusive one."""
        return _inside(self.lower_end, other.lower_end, 1) and _inside(self.upper_end, other.upper_end, -1)

    def looser_ends(self, other: "Bound") -> tuple[str, ...]:
        """Which ends of `other` this bound asks less at: "lower" (a lower minimum, or an inclusive one where
        `other`'s is strict), "upper" (a higher maximum), both for a wider range; () when it is `within`."""
        out = []
        if not _inside(self.lower_end, other.lower_end, 1):
            out.append("lower")
        if not _inside(self.upper_end, other.upper_end, -1):
            out.append("upper")
        return tuple(out)

    def strictness(self) -> tuple:
        """A sort key among bounds on the same sides: the strictest first."""
        low, high = self.lower_end, self.upper_end
        if low is not None and high is not None:
            return (high[0] - low[0], -low[0], not low[1], not high[1])
        if low is not None:
            return (-low[0], not low[1])
        assert high is not None
        return (high[0], not high[1])

    # -- words --

    def text(self, shown: tuple[str, str | None]) -> str:
        """The bound as a report writes it, the limits already shown ("60%", "40%"/"50%"): "≥ 60%", "40%–50%"."""
        limit, upper = shown
        if ranged(self.comparator):
            return f"{limit}–{upper}"
        return f"{SYMBOLS[self.comparator]} {limit}"

    def words(self, shown: tuple[str, str | None], lang: str = "en") -> str:
        """The bound in the plan's words, the limits already shown: "at least 60%", "trên 30", "from 40% to 50%"."""
        limit, upper = shown
        if ranged(self.comparator):
            return f"{spelling('KW_RANGE_FROM', lang)} {limit} {spelling('KW_RANGE_TO', lang)} {upper}"
        return f"{spelling(KEYWORDS[self.comparator], lang)} {limit}"

    def broken_text(self, shown: tuple[str, str | None], lang: str = "en") -> str:
        """How a value that breaks the bound stands to it: "> 1 day" (over a maximum), "outside 40%–50%"."""
        if ranged(self.comparator):
            return f"{_OUTSIDE[1 if lang == 'vi' else 0]} {self.text(shown)}"
        return f"{_BROKEN[self.comparator]} {shown[0]}"

    def compared(self, value: str, shown: tuple[str, str | None], kept: bool, lang: str = "en") -> str:
        """A value against the bound, worded so that it reads true whatever the verdict: "66.67% ≥ 60%",
        "45% in 40%–50%"; one that breaks it names what is needed ("12.5%, needs ≥ 15%"; "55%, cần 40%–50%"),
        never a false "12.5% ≥ 15%"."""
        if kept:
            if ranged(self.comparator):
                return f"{value} {'trong khoảng' if lang == 'vi' else 'in'} {self.text(shown)}"
            return f"{value} {self.text(shown)}"
        return f"{value}, {_NEEDS[1 if lang == 'vi' else 0]} {self.text(shown)}"


def _inside(mine: tuple[Fraction, bool] | None, theirs: tuple[Fraction, bool] | None, sign: int) -> bool:
    """Is the end `mine` at or inside `theirs` (`sign` 1: lower ends, inside is higher; -1: upper ends)?"""
    if theirs is None:
        return True
    if mine is None:
        return False
    if mine[0] != theirs[0]:
        return (mine[0] - theirs[0]) * sign > 0
    return mine[1] or not theirs[1]
