"""Verdicts and reports: what evaluation produces, as frozen values.

A `Verdict` is one judgement (a target for a unit and a period, a deadline
occurrence, a per-event cap) with everything a person needs to see why: the
measured value, the threshold, the figures and records used, the clause and
its place in the `.plan` file and in the seed document, and an explanation in
Vietnamese or English. A `Report` is the verdicts of one evaluation.

Numbers stay exact `Fraction`s here; `show` rounds them for display only and
marks a rounded figure with "≈", so a display never hides a failed boundary.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Callable, Iterable
from enum import Enum
from fractions import Fraction
from functools import lru_cache
from typing import TypeVar

from attrs import frozen

from .messages import EvaluationMessage
from ..base.diagnostics import Message
from ..base.numbers import decimal_text
from ..language.bounds import Bound
from ..language.model import Comparator, Quantity, QuantityUnit, SourceRef, WhenNone

_T = TypeVar("_T")


class Status(str, Enum):
    """The five verdicts. Their order is the order summaries list them in."""

    MET = "met"
    NOT_MET = "not_met"
    PENDING = "pending"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"

    def label(self, lang: str = "en") -> str:
        return _STATUS_LABELS[self][1 if lang == "vi" else 0]


_STATUS_LABELS = {
    Status.MET: ("met", "đạt"),
    Status.NOT_MET: ("not met", "không đạt"),
    Status.PENDING: ("pending", "chưa đến hạn"),
    Status.UNKNOWN: ("unknown", "chưa rõ"),
    Status.NOT_APPLICABLE: ("n/a", "không áp dụng"),
}


class RuleKind(str, Enum):
    """What a rule checks; follows from the metric's expression or the deadline."""

    SHARE = "share"  # tỷ lệ ... có ... [trừ ...]
    CUT = "cut"  # mức giảm ... so với năm trước (or năm 2020)
    GROWTH = "growth"  # mức tăng ... so với năm trước (or năm 2020)
    AVERAGE_GROWTH = "average_growth"  # tăng trưởng bình quân ... giai đoạn A-B
    COUNT = "count"  # số lượng ...
    CAP = "cap"  # ... của mỗi ... (per-event cap)
    SUM = "sum"  # tổng ... của ...
    REPORTED = "reported"  # số liệu báo cáo: a figure a body reports
    RATIO = "ratio"  # tỷ số ... trên ...
    DEADLINE = "deadline"  # one occurrence of a task's deadline
    ASSESSED = "assessed"  # "…" đánh giá bởi: a text target, met or not as its assessor reports
    TASKS = "tasks"  # tỷ lệ nhiệm vụ hoàn thành [đúng hạn]: a share of the unit's own deadline verdicts


class Later:
    """An argument of an explanation worded only when a reader asks: `fn(*args)`, a text or an (English,
    Vietnamese) pair.

    A verdict carries its exact values; putting them into words (a value shown in both languages, compared
    with its threshold, records listed) is most of what building its explanation cost, and a national run
    that writes the values to a table never reads the words. `fn` is a module-level function or a method
    of a rule, so that a verdict still pickles.
    """

    __slots__ = ("fn", "args", "_words")

    def __init__(self, fn: Callable[..., str | tuple[str, str]], *args: object) -> None:
        self.fn = fn
        self.args = args
        self._words = None

    def __call__(self) -> str | tuple[str, str]:
        """The words, worked out once (another `Later` may be worded from this one's)."""
        words = self._words
        if words is None:
            words = self._words = self.fn(*self.args)
        return words

    def __reduce__(self):
        return (Later, (self.fn, *self.args))

    def __repr__(self) -> str:
        return f"Later({getattr(self.fn, '__qualname__', self.fn)!r}, …)"


class Explanation(EvaluationMessage):
    """One sentence of a verdict's explanation: a key of the evaluation catalogue (`messages`) and its arguments.

    `Explanation.of(key, **args)` keeps the arguments as given (numbers, `Later` wordings) and words them
    (`words`) the first time `args` is read — by `text`, a report, a comparison — once, both languages at
    once; `Explanation(key, args)` (a report read back) is worded already. The key is there from the start,
    for the code that asks which sentence a verdict says. Equal sentences are equal whether or not they were
    worded (equality compares the words); the hash is the key's alone, so hashing words nothing.
    """

    __slots__ = ("_raw",)

    def __init__(self, key: str, args: tuple[tuple[str, str | tuple[str, str]], ...] = ()) -> None:
        EvaluationMessage.__init__(self, key, args)
        object.__setattr__(self, "_raw", None)

    @classmethod
    def of(cls, key: str, **args: object) -> "Explanation":
        sentence = object.__new__(cls)
        object.__setattr__(sentence, "key", key)
        object.__setattr__(sentence, "_raw", args)
        return sentence

    def __getattr__(self, name: str):
        # only `args`, and only while not worded: a slot not yet set lands here
        if name != "args" or self._raw is None:
            raise AttributeError(name)
        return self.words()

    def words(self) -> tuple[tuple[str, str | tuple[str, str]], ...]:
        """The arguments worded (`Later` ones called), kept from then on: what `args` gives."""
        raw = self._raw
        if raw is None:
            return self.args
        args = Message.arguments(raw)  # a `Later` is called there
        object.__setattr__(self, "args", args)
        object.__setattr__(self, "_raw", None)
        return args

    def text(self, lang: str = "en") -> str:
        if self._raw is not None:  # worded here rather than through `__getattr__`, which costs an exception
            self.words()
        return EvaluationMessage.text(self, lang)

    @property
    def worded(self) -> bool:
        """Have the arguments been put into words yet?"""
        return self._raw is None

    def rekeyed(self, key: str, **more: object) -> "Explanation":
        """The sentence `key` with these arguments and `more`, worded no sooner than this one."""
        raw = self._raw if self._raw is not None else dict(self.args)
        return Explanation.of(key, **raw, **more)

    def __hash__(self) -> int:
        return hash((Explanation, self.key))

    def __reduce__(self):
        if self._raw is None:
            return (Explanation, (self.key, self.args))
        return (_revive, (self.key, self._raw))


def _revive(key: str, raw: dict[str, object]) -> Explanation:
    """An unworded sentence back from a pickle."""
    return Explanation.of(key, **raw)


@frozen
class Figure:
    """A number used to reach a verdict: `name` (a catalogue word) and its exact value."""

    name: str
    value: Fraction | int


@frozen
class Violation:
    """A record that breaks a per-event cap: which one, its category, its value, the cap."""

    record: str
    value: Fraction
    limit: Fraction
    category: str | None = None
    origin: str | None = None


@frozen
class Verdict:
    """One judgement, with the facts and the clause behind it.

    `rule` is a stable identifier within the plan ("II.4-3#2": the second target
    of clause II.4-3; "III.1.b@1": the first deadline of task III.1.b).
    `at` is the clause's place in the `.plan` file ("file:line:column");
    `source` its place in the seed document `document`; `monitored_by` who
    monitors and reports the target (`theo dõi`), as the plan names them. A joint
    deliverable's verdict (one for all its leads, listed under `unit`, one of them)
    names every lead in `leads`, in the task's order, and in `answered_by` those
    whose delivery counted; both are empty for every other verdict.
    """

    plan: str
    unit: str
    rule: str
    kind: RuleKind
    status: Status
    clause: str | None = None
    period: str | None = None
    value: Fraction | None = None
    value_unit: QuantityUnit = QuantityUnit.NONE
    comparator: Comparator | None = None
    threshold: Quantity | None = None
    upper: Quantity | None = None  # a range's upper end (`từ 40% đến 50%`): `threshold` is its lower one
    when_none: WhenNone | None = None  # `nếu không phát sinh: đạt`: nothing to measure is met
    category: str | None = None
    metric: str | None = None
    label: str | None = None  # a deadline's label ("hàng tháng"), as the plan writes it
    on_track: bool | None = None
    due: _dt.date | None = None
    last_day: _dt.date | None = None
    delivered: _dt.date | None = None
    figures: tuple[Figure, ...] = ()
    records: tuple[str, ...] = ()
    violations: tuple[Violation, ...] = ()
    explanation: tuple[Explanation, ...] = ()
    inherited_from: str | None = None
    source: SourceRef | None = None
    document: str | None = None
    at: str | None = None
    monitored_by: tuple[str, ...] = ()
    leads: tuple[str, ...] = ()
    answered_by: tuple[str, ...] = ()
    # a late deadline: the days from its last day on time to the delivery that came late (or to `as_of` when
    # nothing came), as "late by N days" says; None for every other verdict
    days_late: int | None = None
    # a reported figure's named unit (`tính bằng "Tbps"`), shown after its value and threshold; None for every other
    value_label: str | None = None

    def explain(self, lang: str = "en") -> str:
        """The explanation as sentences in `lang` ("en" or "vi")."""
        return " ".join(sentence.text(lang) for sentence in self.explanation)

    def figure(self, name: str) -> Fraction | int | None:
        for f in self.figures:  # a loop, not next(generator): the roll-up asks 100,000 times in a national year
            if f.name == name:
                return f.value
        return None


@frozen
class Stated:
    """What every verdict of one target says alike (its clause, its bound, its metric), gathered once per rule
    (`rules.MetricRule.stated`), and the one way such a verdict is built (`verdict`)."""

    plan: str
    rule: str
    kind: RuleKind
    clause: str | None
    value_unit: QuantityUnit
    comparator: Comparator | None
    threshold: Quantity | None
    upper: Quantity | None
    when_none: WhenNone | None
    category: str | None
    metric: str | None
    inherited_from: str | None
    source: SourceRef | None
    document: str | None
    at: str | None
    monitored_by: tuple[str, ...]
    value_label: str | None

    def verdict(self, unit: str, status: Status, period: str, value: Fraction | None = None,
                on_track: bool | None = None, figures: tuple[Figure, ...] = (), records: tuple[str, ...] = (),
                violations: tuple[Violation, ...] = (), explanation: tuple[Explanation, ...] = ()) -> Verdict:
        """The verdict of this target for `unit` and `period`, the rest as given; a target's verdict has no label,
        due day, delivery, leads or lateness. Built by position, in `Verdict`'s field order: a call by keyword
        costs half again as much, 33,210 times in a national year (`tests/test_verdicts.py` checks the order)."""
        return Verdict(self.plan, unit, self.rule, self.kind, status, self.clause, period, value, self.value_unit,
                       self.comparator, self.threshold, self.upper, self.when_none, self.category, self.metric, None,
                       on_track, None, None, None, figures, records, violations, explanation, self.inherited_from,
                       self.source, self.document, self.at, self.monitored_by, (), (), None, self.value_label)


def measure_key(v: Verdict) -> tuple | None:
    """What a target's verdict judged, without the clause stating it; None for a deadline.

    Two clauses stating the same target (metric, threshold, period, unit) give
    verdicts equal in all of this: the same value from the same facts. A
    deadline is never merged: two tasks due the same day are two obligations.
    """
    if v.kind is RuleKind.DEADLINE:
        return None
    return (v.unit, v.kind, v.status, v.period, v.value, v.value_unit, v.comparator, v.threshold, v.upper,
            v.category, v.metric, v.on_track, v.figures, v.records, v.violations, v.explanation)


def restatements(verdicts: Iterable[_T], key_of: Callable[[_T], tuple | None] = measure_key) -> list[list[_T]]:
    """`verdicts` (or aggregates) in order, each with the later ones that restate its measure in other clauses.

    What every count of a report counts (its summaries, `Report.summary`): a target
    stated in three clauses is one measure, met or not once, citing the three.
    """
    groups: list[list[_T]] = []
    first: dict[tuple, list[_T]] = {}
    for v in verdicts:
        key = key_of(v)
        group = first.get(key) if key is not None else None
        if group is None:
            group = [v]
            groups.append(group)
            if key is not None:
                first[key] = group
        else:
            group.append(v)
    return groups


@frozen
class ClauseText:
    """A clause a rule comes from, in its own words, and where it is written (`clause_texts`)."""

    clause: str  # the clause as verdicts cite it, or the rule id of a statement quoted for itself (its key)
    text: str
    inherited_from: str | None = None  # the parent plan whose clause it is; None: the report's own plan
    file: str | None = None  # the `.plan` file and line the clause is written at
    line: int | None = None
    source: SourceRef | None = None  # the lines of the source document it quotes (`document` filled in)


@frozen
class Report:
    """The verdicts of evaluating one plan on some facts at `as_of`.

    `as_of_from` says where the date came from ("given", or "clock": today in
    Viet Nam), and `missing_parents` the parent plans whose targets were not
    inherited (not in the library): a report never hides what it did not judge.
    `labels` are the units' names as written (the plan's declaration, or the
    register's label of a unit known by its code: "26734" is "Xã Vũ Dương"),
    (name, label) for each unit of the report that has one. `metric_labels`
    are the metrics' names as the vocabulary declares them (name, label), and
    `clause_texts` each cited clause's own words in the plan or in the parent
    plan it is inherited from (a paragraph's text, a task's content, a
    section's title, or a target as the plan writes it: `ClauseText`, with its
    place), so that a report for people shows what the plan says, not its
    identifiers. `event_labels` are the plan's events as it declares them
    (name, label: "khó_khăn_vướng_mắc" is "có khó khăn, vướng mắc"), for the
    explanations that name one ("waits for …"). `record_labels` are the
    vocabulary's labels of the record kinds the report's rules count, their
    fields and their categories, as (kind, field, category, label): ("hội_nghị",
    "", "", "Hội nghị, cuộc họp") for a kind, ("hội_nghị", "trực_tuyến", "",
    "Tổ chức trực tuyến") for a field, ("hội_nghị", "loại", "quán_triệt", "Hội
    nghị quán triệt, triển khai") for a category; a report for people names
    them so inside an explanation (`phrases.labelled`).
    """

    plan: str
    as_of: _dt.date
    verdicts: tuple[Verdict, ...]
    title: str | None = None
    units: tuple[str, ...] = ()
    as_of_from: str = "given"
    missing_parents: tuple[str, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()
    metric_labels: tuple[tuple[str, str], ...] = ()
    clause_texts: tuple[ClauseText, ...] = ()
    event_labels: tuple[tuple[str, str], ...] = ()
    record_labels: tuple[tuple[str, str, str, str], ...] = ()

    def of_unit(self, unit: str) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.unit == unit)

    def with_status(self, status: Status) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.status is status)

    def summary(self) -> dict[str, dict[Status, int]]:
        """Per unit, how many distinct measures and deadlines of each status (every status present, zeros too).

        What the rendered reports count: a target restated in several clauses
        (`restatements`) is one. Every unit of `units`, then any unit a verdict
        names that `units` does not list, so the rows add up to `totals`.
        """
        out = {unit: {s: 0 for s in Status} for unit in dict.fromkeys((*self.units, *(v.unit for v in self.verdicts)))}
        for group in restatements(self.verdicts):
            out[group[0].unit][group[0].status] += 1
        return out

    def totals(self) -> dict[Status, int]:
        """How many distinct measures and deadlines of each status for the whole plan: `summary`'s rows added up."""
        rows = self.summary().values()
        return {s: sum(row[s] for row in rows) for s in Status}


# ------------------------------------------------------------- display --


def show(value: Fraction | int, unit: QuantityUnit = QuantityUnit.NONE, lang: str = "en") -> str:
    """`value` for people: at most two decimals, "≈" when that rounds, as the language writes numbers
    (`base.numbers`: "35,000,000.5" in English, "35.000.000,5" in Vietnamese).

    Percentages are given as fractions of one (3/5 shows as "60%"). Exact at
    any size: rounding is done on the fraction, not on a float or a
    fixed-precision decimal.
    """
    return _shown(value.numerator, value.denominator, unit, lang)


@lru_cache(maxsize=8192)  # thresholds and common values repeat across units and years
def _shown(numerator: int, denominator: int, unit: QuantityUnit, lang: str) -> str:
    # keyed by integers: hashing a Fraction costs a modular inverse on every lookup; and worked out
    # in integers too (hundredths of the value, rounded half to even, as Fraction.__round__ does)
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    scaled = abs(numerator) * (10_000 if unit in (QuantityUnit.PERCENT, QuantityUnit.POINTS) else 100)
    hundredths, rest = divmod(scaled, denominator)
    if 2 * rest > denominator or (2 * rest == denominator and hundredths % 2):
        hundredths += 1
    exact = rest == 0
    sign = "-" if numerator < 0 and hundredths else ""
    whole, cents = divmod(hundredths, 100)
    text = decimal_text(bool(sign), whole, f"{cents:02d}".rstrip("0") if cents else "", lang)
    prefix = "" if exact else "≈"
    if unit is QuantityUnit.DAYS:
        one = hundredths == 100 and not sign
        suffix = " ngày" if lang == "vi" else (" day" if one else " days")
    elif unit is QuantityUnit.POINTS:  # percentage points: "5 điểm %", "5 points", "1 point"
        one = hundredths == 100 and not sign
        suffix = " điểm %" if lang == "vi" else (" point" if one else " points")
    else:
        suffix = "%" if unit is QuantityUnit.PERCENT else ""
    return f"{prefix}{text}{suffix}"


# How a value of each kind moves as the year goes on (`Bound.decided`): a count of dated records only grows, a
# cut against last year only falls (this year's count grows), a growth of a count grows; a share moves either way
# (and so does a change of a share: `rules.MetricRule.progress_kind`).
_MOVES = {RuleKind.COUNT: 1, RuleKind.CUT: -1, RuleKind.GROWTH: 1, RuleKind.AVERAGE_GROWTH: 1}


def bound_of(x) -> Bound | None:
    """The bound a verdict (or a roll-up's aggregate) was judged against; None for a deadline's."""
    if x.comparator is None or x.threshold is None:
        return None
    return Bound.of(x.comparator, x.threshold, getattr(x, "upper", None))


def holds(value: Fraction | int, comparator: Comparator, limit: Fraction, upper: Fraction | None = None) -> bool:
    """Does `value` keep `comparator limit` (a range: `limit`..`upper`)? Exact (`language.bounds`)."""
    return Bound(comparator, limit, upper).holds(value)


def average_growth(ratio: Fraction, years: int, bound: Bound) -> tuple[bool, Fraction]:
    """An average yearly growth over `years` years that took a baseline to `ratio` times it: does it keep
    `bound`, and the average rate to show.

    Judged exactly, with no root taken: `ratio` against the bound's ends raised, (1 + end)^years (the
    rate's power grows with it, so the order is kept). The rate itself is mostly irrational, so the one
    shown is on the grid of 0.1 percentage point: the nearer of the two grid values around it that reads
    as the verdict does (`bound.holds(shown)` is the verdict), so a shown "5%" never meets "≥ 5%" when the
    exact rate falls short (a range narrower than the grid: a finer one). Exact when the rate is on it.
    """
    ends = (bound.limit,) if bound.upper is None else (bound.limit, bound.upper)
    kept = Bound(bound.comparator, *((1 + end) ** years for end in ends)).holds(ratio)
    step = Fraction(1, 1000)
    for _ in range(10):
        low, high = -round(1 / step), max(1, math.ceil((ratio - 1) / step) + 1)  # (1+low·step)^n <= ratio < …
        while high - low > 1:
            middle = (low + high) // 2
            if (1 + middle * step) ** years <= ratio:
                low = middle
            else:
                high = middle
        down, up = low * step, (low + 1) * step
        if (1 + down) ** years == ratio:
            return kept, down
        nearer, other = (up, down) if (1 + down + step / 2) ** years <= ratio else (down, up)
        for shown in (nearer, other):
            if bound.holds(shown) == kept:
                return kept, shown
        step /= 10
    return kept, nearer  # pragma: no cover - a range a billionth of a point wide


def decided_early(kind: RuleKind, bound: Bound, value: Fraction) -> bool:
    """Can a count-based value so far that breaks its target no longer recover before the year ends?

    Counts of dated records only grow: a count over its maximum (`≤ 30`, `< 30`, a range's top) stays over
    it, and a cut already short of its minimum only shrinks. (A snapshot's count may fall: the caller asks
    only for dated records.)
    """
    return bound.decided(value, _MOVES.get(kind, 0))


def on_track(kind: RuleKind, bound: Bound, value: Fraction) -> bool | None:
    """Whether a value so far, in an open year, says the year is on track; None when part of a year cannot say.

    A share of the records so far is a share like the year's: it is on track
    when it keeps the target. A count or a cut so far is part of a year set
    against a whole-year target: it says something only when the rest of the
    year cannot undo it (counts only grow) — a minimum count already reached
    (`≥ 30`, `> 30`; still judged on its day), a maximum cut already kept (True);
    otherwise it is not judged (None), never "≈53.85%: on track" for half a
    year against a whole one. A range is never certain before its day.
    """
    if kind in (RuleKind.SHARE, RuleKind.REPORTED):  # a level, as the year's will be
        return bound.holds(value)
    return True if bound.certain(value, _MOVES.get(kind, 0)) else None


def show_date(day: _dt.date) -> str:
    """dd/mm/yyyy, as the plans write dates."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"
