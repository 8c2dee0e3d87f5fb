"""Roll-up: the verdicts of many units summed up to their parent units.

An evaluation over many units (the communes of a province, the provinces of
the nation) reports each unit's verdicts; a parent unit is answerable for the
same targets over all of its units together. `roll_up(report, groups)` gives,
for each parent (a *group*), each rule and each period, one `Aggregate`: the
verdict the rule gives the sum of the units' figures, and its coverage (which
units the rule binds there, whose figures were summed, and which were not and
why). Nothing here reads facts or rules: a roll-up is computed from a
`Report` alone, so a report read back from JSON or TOML rolls up the same.

**Where a unit's parent comes from.** A unit's facts carry *attributes*,
(name, value) pairs that describe it outside the plan: `tỉnh = "Ninh Bình"`,
`huyện = "…"`. `grouping(facts, "tỉnh")` maps every unit to its value of that
attribute (`planrules eval --group-by tỉnh`), and says, with its place, which
unit lacks it. Attributes are not `member_of`: `member_of` names groups *of the
plan* and decides who is bound by a task (a commune plan has no group per
province), while an attribute binds nothing and is only read here. Each level
of the hierarchy is one attribute; the nation is the grouping of every unit
under one value.

**The parent's figures are sums, never averages.** For each kind of rule:

- share: Σ part / Σ whole (each unit's exclusions are already out of its part
  and whole; Σ excluded is shown), so a big unit weighs what it holds;
- cut vs the previous year: (Σ baseline − Σ current) / Σ baseline;
- count: Σ count;
- per-record cap: broken if any unit's record breaks it (every such record
  listed, with its unit); otherwise the largest (or smallest) value of all;
- deadline: how many units met it, did not, are pending, unknown or not
  applicable; the parent met it when every unit that had to did.

With every bound unit counted, the parent's verdict is exactly the one the
rule gives a single unit holding all of their facts (same threshold, same
comparator, exact `Fraction`s, the same 0/0, zero-baseline and decided-early
cases): summing the figures *is* evaluating the merged unit.

**A unit without figures is never read as zero.** Its figures are left out of
the sums and it is listed in the coverage (`Gap`) with why: its verdict is
`unknown` (facts missing), it has not reported yet in an open year, or it
reported only a value ("96%") whose counts cannot be summed. The parent's
verdict is then `unknown` — or `pending` while the year is open and nothing
is unknown — and carries the partial value of the units that were counted,
for information. The one exception is a per-record cap already broken by a
counted unit: that parent is `not_met` whatever the others hold (as a single
unit's cap is broken by one record whatever its unclear records hold). A
group of one unit that reported only a value rolls up to that value.
"""

from __future__ import annotations

import datetime as _dt
import heapq
import operator
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

import attrs
from attrs import frozen

from ..facts import model as f
from ..base.diagnostics import Diagnostic, FactsError, Message
from ..base.dates import read_date
from ..base.suggest import closest
from ..language.bounds import Bound
from ..language.model import Comparator, Quantity, QuantityUnit, WhenNone
from .located import fact_diagnostic
from .messages import EvaluationMessage
from ..base.source import paused_gc
from .verdicts import (Figure, Report, RuleKind, Status, Verdict, Violation, average_growth, bound_of, decided_early,
                       on_track)

__all__ = [
    "Aggregate",
    "Coverage",
    "Gap",
    "Group",
    "RollUp",
    "UnitViolation",
    "grouping",
    "roll_up",
]


# Why a bound unit's figures are not in the sums (`Gap.reason`).
UNKNOWN = "unknown"  # its verdict is unknown: a fact it needs is missing
NOT_YET = "not_yet"  # the period is open (or not begun) and it has reported nothing for it yet
VALUE_ONLY = "value_only"  # it reported the metric's value, not the counts behind it
REASONS = (UNKNOWN, NOT_YET, VALUE_ONLY)


@frozen
class Gap:
    """A unit bound by the rule whose figures are not in the parent's sums, its verdict's status, and why."""

    unit: str
    status: Status
    reason: str


@frozen
class Coverage:
    """Which units of the group the rule binds for the period (`bound`), whose figures were summed
    (`counted`), and the others (`missing`), each unit once, sorted by name."""

    bound: tuple[str, ...]
    counted: tuple[str, ...]
    missing: tuple[Gap, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.missing


@frozen
class UnitViolation:
    """A record of `unit` that breaks a per-record cap."""

    unit: str
    violation: Violation


@frozen
class Aggregate:
    """The verdict of one rule for one period over the units of one group.

    The rule's description (clause, metric, threshold, comparator…) is the
    one every unit's verdict carries. `figures` are the sums (see the module's
    docstring; for a deadline, how many units got each status), `value` the
    exact value computed from them (partial when the coverage is not
    complete), `failing` the units whose own verdict is `not_met`.
    """

    group: str
    rule: str
    kind: RuleKind
    status: Status
    coverage: Coverage
    clause: str | None = None
    period: str | None = None
    value: Fraction | None = None
    value_unit: QuantityUnit = QuantityUnit.NONE
    value_label: str | None = None  # a reported figure's named unit ("Tbps"), as its verdicts carry it
    comparator: Comparator | None = None
    threshold: Quantity | None = None
    upper: Quantity | None = None
    when_none: WhenNone | None = None
    category: str | None = None
    metric: str | None = None
    label: str | None = None
    on_track: bool | None = None
    due: _dt.date | None = None
    last_day: _dt.date | None = None
    figures: tuple[Figure, ...] = ()
    violations: tuple[UnitViolation, ...] = ()
    failing: tuple[str, ...] = ()
    inherited_from: str | None = None
    at: str | None = None
    monitored_by: tuple[str, ...] = ()  # the body that monitors and reports the target (`theo dõi`), as its units'

    def figure(self, name: str) -> Fraction | int | None:
        return next((x.value for x in self.figures if x.name == name), None)


@frozen
class Group:
    """A parent unit: its name (the attribute's value) and the units of the report under it, sorted."""

    name: str
    units: tuple[str, ...]


@frozen
class RollUp:
    """The aggregates of a report's verdicts per group, rule and period.

    `by` names the grouping (the attribute, "tỉnh"). `groups` are sorted by
    name; `aggregates` by group, then in the plan's order of rules and
    periods (as the units' verdicts list them).
    """

    plan: str
    as_of: _dt.date
    groups: tuple[Group, ...]
    aggregates: tuple[Aggregate, ...]
    by: str | None = None
    labels: tuple[tuple[str, str], ...] = ()  # (group, label) for a group that is a unit of the register

    def of_group(self, group: str) -> tuple[Aggregate, ...]:
        return tuple(a for a in self.aggregates if a.group == group)

    def summary(self) -> dict[str, dict[Status, int]]:
        """Per group, how many aggregates of each status (every status present, zeros too)."""
        out = {g.name: {s: 0 for s in Status} for g in self.groups}
        for a in self.aggregates:
            out.setdefault(a.group, {s: 0 for s in Status})[a.status] += 1
        return out

    def totals(self) -> dict[Status, int]:
        out = {s: 0 for s in Status}
        for a in self.aggregates:
            out[a.status] += 1
        return out


# ============================================================ roll_up --


def roll_up(report: Report, groups: Mapping[str, str], *, by: str | None = None,
            labels: Mapping[str, str] | None = None) -> RollUp:
    """The verdicts of `report` rolled up to the groups `groups` maps each unit to.

    Every unit of the report (its `units` and any unit a verdict names) must
    have a group: a `ValueError` names those that do not (`grouping` gives a
    complete mapping, or a located `FactsError`). Units of `groups` that the
    report does not hold are ignored. Pure and deterministic: the order of
    the units in the report or in `groups` changes nothing. `labels` names
    the groups as written (a province's label, for a group that is a unit of
    the register).
    """
    with paused_gc(promote=True):  # as `RuleSet.evaluate`: acyclic values, kept, a collection would walk every verdict
        rolled = _roll_up(report, groups, by)
    if not labels:
        return rolled
    return attrs.evolve(rolled, labels=tuple((g.name, labels[g.name]) for g in rolled.groups
                                             if labels.get(g.name) and labels[g.name] != g.name))


def _roll_up(report: Report, groups: Mapping[str, str], by: str | None) -> RollUp:
    units = tuple(dict.fromkeys((*report.units, *(v.unit for v in report.verdicts))))
    lacking = [u for u in units if u not in groups]
    if lacking:
        raise ValueError(f"no group for unit(s): {', '.join(sorted(lacking))}")
    members: dict[str, list[str]] = {}
    for unit in units:
        members.setdefault(groups[unit], []).append(unit)
    bound: dict[tuple[str, str, str | None], list[Verdict]] = {}
    for v in report.verdicts:
        bound.setdefault((groups[v.unit], v.rule, v.period), []).append(v)
    order = _plan_order(report.verdicts)
    aggregates = []
    for group in sorted(members):
        for rule, period in order:
            verdicts = bound.get((group, rule, period))
            if verdicts:
                aggregates.append(_aggregate(group, sorted(verdicts, key=_unit), report.as_of))
    return RollUp(
        plan=report.plan, as_of=report.as_of, by=by, aggregates=tuple(aggregates),
        groups=tuple(Group(g, tuple(sorted(members[g]))) for g in sorted(members)),
    )


_unit = operator.attrgetter("unit")  # a verdict's unit, as a sort key


def _natural(text: str | None) -> tuple:
    """A sort key that orders "II.10" after "II.9": digits compare as numbers."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", text or "") if p)


def _plan_order(verdicts: Sequence[Verdict]) -> list[tuple[str, str | None]]:
    """Every (rule, period) of `verdicts`, in the order the plan gives them, whatever the order of units.

    Each unit's verdicts follow the plan's order of rules and periods; a unit
    bound by fewer rules shows a part of it. The parts are merged (a
    topological order of "comes right before" in some unit), ties broken by
    natural order of rule, then period, so that no order of units changes
    the result.
    """
    before_count: dict[tuple, int] = dict.fromkeys(((v.rule, v.period) for v in verdicts), 0)
    after: dict[tuple, set[tuple]] = {key: set() for key in before_count}
    by_unit: dict[str, list[tuple]] = {}
    for v in verdicts:
        chain = by_unit.get(v.unit)
        if chain is None:
            chain = by_unit[v.unit] = []
        chain.append((v.rule, v.period))
    for chain in dict.fromkeys(map(tuple, by_unit.values())):  # most units follow the same order: each once
        for key, nxt in zip(chain, chain[1:]):
            if key != nxt and nxt not in after[key]:
                after[key].add(nxt)
                before_count[nxt] += 1

    def rank(key: tuple) -> tuple:
        return (_natural(key[0]), key[0], _natural(key[1]), key[1] or "")

    ready = [(rank(k), k) for k, n in before_count.items() if n == 0]
    heapq.heapify(ready)
    out: list[tuple] = []
    while ready:
        _, key = heapq.heappop(ready)
        out.append(key)
        for nxt in after[key]:
            before_count[nxt] -= 1
            if before_count[nxt] == 0:
                heapq.heappush(ready, (rank(nxt), nxt))
    if len(out) < len(before_count):  # units that disagree on the order (a hand-made report): the rest by name
        done = set(out)
        out += sorted((k for k in before_count if k not in done), key=rank)
    return out


# Per kind, the figures a unit's verdict must carry for them to be summed.
_NEEDED = {
    RuleKind.SHARE: ("part", "whole"),
    RuleKind.CUT: ("baseline", "current"),
    RuleKind.GROWTH: ("baseline", "current"),
    RuleKind.AVERAGE_GROWTH: ("baseline", "current"),
    RuleKind.COUNT: ("count",),
    RuleKind.TASKS: ("part", "whole"),  # deadline occurrences delivered (on time) / due, summed as a share's
    RuleKind.SUM: ("total",),
    RuleKind.RATIO: ("numerator", "denominator"),  # only a ratio of counts and sums carries them: they add up
}
# Kinds judged unit by unit with nothing to sum: the group is met when every unit is (deadlines, assessments).
BY_STATUS = (RuleKind.DEADLINE, RuleKind.ASSESSED)

_SHARE_CHANGE = ("baseline_part", "baseline_whole", "part", "whole")  # a change of a share, in points
# A change of a ratio of counts and sums (in points) and of a sum (a percentage), as `figures.change` names them;
# a change of a reported figure, or of a ratio with one in it, carries none: figures of several bodies do not add.
_RATIO_CHANGE = ("baseline_numerator", "baseline_denominator", "numerator", "denominator")
_SUM_CHANGE = ("baseline_total", "current_total")
_CHANGES = (RuleKind.CUT, RuleKind.GROWTH, RuleKind.AVERAGE_GROWTH)
# The kinds and statuses compared for every verdict, as module names: in Python 3.11 a member read from its enum
# class goes through the metaclass's `__getattr__` hook, ten times the cost of reading a global.
_CAP, _COUNT, _REPORTED = RuleKind.CAP, RuleKind.COUNT, RuleKind.REPORTED
_UNKNOWN, _NOT_MET = Status.UNKNOWN, Status.NOT_MET


def _share_change(v: Verdict) -> bool:
    """Is `v` a cut or a growth of a share, a ratio or a figure in % (in percentage points)?"""
    return v.kind in (RuleKind.CUT, RuleKind.GROWTH) and v.value_unit is QuantityUnit.POINTS


def _change_figures(v: Verdict, names: set[str] | None = None) -> tuple[str, ...]:
    """The figures a change's verdict must carry to be summed: a share's, a ratio's, a sum's or a count's
    (`names`: the names of its figures, when known)."""
    names = {x.name for x in v.figures} if names is None else names
    if _share_change(v):
        return _RATIO_CHANGE if "baseline_numerator" in names else _SHARE_CHANGE
    return _SUM_CHANGE if "baseline_total" in names else ("baseline", "current")


def _exact(counted: Sequence[Verdict], name: str) -> Fraction | int:
    """The units' figures `name` added up exactly (sums and ratios: amounts, not whole counts)."""
    total = sum((Fraction(v.figure(name)) for v in counted), Fraction(0))
    return total.numerator if total.denominator == 1 else total


def _base_figure(v: Verdict) -> tuple[Figure, ...]:
    """A change's fixed base year, as its units' verdicts name it (`rules.MetricRule`): the same for all of them."""
    year = v.figure("base_year")
    return (Figure("base_year", year),) if year is not None else ()


def _progress(v: Verdict) -> RuleKind:
    """The kind whose value so far behaves as `v`'s (`rules.MetricRule.progress_kind`): a change of a sum
    as a sum (never decided early)."""
    if _share_change(v):
        return RuleKind.SHARE
    return RuleKind.SUM if v.kind in _CHANGES and v.figure("baseline_total") is not None else v.kind


def _summable(v: Verdict) -> bool:
    kind = v.kind
    if v.status is _UNKNOWN:
        return False
    if kind is _REPORTED:
        return False  # one body's figure (a share of GDP, a ranking): figures of several do not add up
    names = {x.name for x in v.figures}
    if kind is _CAP:
        return "records" in names or "count" in names
    if kind is RuleKind.TASKS and v.value is None and v.figure("whole"):
        return False  # some occurrences still open: its figures are not yet a share
    if kind is _COUNT and "count" not in names:
        # a reported count is the count itself: it sums like a counted one
        return v.value is not None and v.value.denominator == 1 and v.value >= 0
    return names.issuperset(_change_figures(v, names) if kind in _CHANGES else _NEEDED.get(kind, ()))


def _gap(v: Verdict) -> Gap:
    if v.status is Status.UNKNOWN:
        return Gap(v.unit, v.status, UNKNOWN)
    return Gap(v.unit, v.status, VALUE_ONLY if v.value is not None else NOT_YET)


def _state(period: str | None, as_of: _dt.date, verdicts: Sequence[Verdict]) -> str:
    """"closed", "open" or "future", as `rules.MetricRule` decides it for a year."""
    if period is not None and period.isdigit():
        year = int(period)
        first, last = _window(verdicts[0]) if verdicts else (None, None)
        if as_of >= (last or _dt.date(year, 12, 31)):
            return "closed"
        if first is not None:  # a data window: the year runs from its first day
            return "open" if as_of >= first else "future"
        return "open" if as_of.year == year else "future"
    return "open" if any(v.status is Status.PENDING for v in verdicts) else "closed"  # pragma: no cover


def _window(v: Verdict) -> tuple[_dt.date | None, _dt.date | None]:
    """The first and last day of a data window (`số liệu từ ngày 15/12 năm trước`) as the unit's verdict names
    it in its first sentence (`rules.MetricRule`), else (None, None): then the year is the calendar's."""
    lead = v.explanation[0] if v.explanation else None
    if lead is None or lead.key != "data_window":
        return None, None
    args = dict(lead.args)
    return read_date(args["since"]), read_date(args["until"])


def _sum(counted: Sequence[Verdict], name: str) -> int:
    """The units' figures `name` added up as whole numbers (a count's verdict without one: its reported count;
    a verdict without it: nothing). A loop: 100,000 figures in a national year."""
    total = 0
    for v in counted:
        value = v.figure(name)
        if value is None and v.kind is _COUNT and name == "count":
            value = v.value  # a reported count
        if value is not None:
            total += int(value)
    return total


def _aggregate(group: str, verdicts: list[Verdict], as_of: _dt.date) -> Aggregate:
    first = verdicts[0]
    summable = [_summable(v) for v in verdicts]  # once a verdict: 33,210 of them in a national year
    counted = [v for v, ok in zip(verdicts, summable) if ok]
    missing = [_gap(v) for v, ok in zip(verdicts, summable) if not ok]
    if len(verdicts) == 1 and missing and missing[0].reason == VALUE_ONLY:
        counted, missing = verdicts, []  # alone, a reported value is the group's value: nothing is combined
    coverage = Coverage(tuple(v.unit for v in verdicts), tuple(v.unit for v in counted), tuple(missing))
    common = dict(
        group=group, rule=first.rule, kind=first.kind, coverage=coverage, clause=first.clause,
        period=first.period, value_unit=first.value_unit, value_label=first.value_label, comparator=first.comparator, threshold=first.threshold,
        upper=first.upper, when_none=first.when_none,
        category=first.category, metric=first.metric, label=first.label, inherited_from=first.inherited_from,
        at=first.at, monitored_by=first.monitored_by,
        failing=tuple(v.unit for v in verdicts if v.status is _NOT_MET),
    )
    if first.kind in BY_STATUS:
        return _deadline(verdicts, common)
    state = _state(first.period, as_of, verdicts)
    if len(counted) == 1 and not _summable(counted[0]):  # the lone reported value
        v = counted[0]
        return Aggregate(status=v.status, value=v.value, on_track=v.on_track, **common)
    if first.kind is RuleKind.CAP:
        return _cap(counted, missing, state, common)
    figures, value, special = _measured(first, counted)
    status, on_track = _status(first, counted, missing, state, value, special)
    counted_change = first.kind in (RuleKind.CUT, RuleKind.GROWTH, RuleKind.AVERAGE_GROWTH) and not _share_change(first)
    if counted_change and state == "open" and status is Status.PENDING and not any(map(_snapshot, counted)):
        value = None  # part of a year against a whole one, as `rules.MetricRule` says for one unit
    return Aggregate(status=status, value=value, on_track=on_track, figures=figures, **common)


def _measured(first: Verdict, counted: Sequence[Verdict]) -> tuple[tuple[Figure, ...], Fraction | None,
                                                                  Status | None]:
    """The summed figures, the value computed from them, and the special status a merged unit would get.

    The special status is that of `rules.MetricRule._measure`: an undefined
    share (0/0) or nothing to cut (0 → 0) do not apply; an increase from zero
    is not met (met when the cut has only a maximum), a growth from zero unknown.
    """
    kind, bound = first.kind, bound_of(first)
    if not counted:
        return (), None, None
    if _share_change(first):
        names = _change_figures(counted[0])
        before, before_whole, part, whole = (_exact(counted, name) for name in names)
        figures = tuple(Figure(name, n) for name, n in zip(names, (before, before_whole, part, whole)))
        figures += _base_figure(first)
        if whole == 0 or before_whole == 0:
            return figures, None, Status.NOT_APPLICABLE if whole == 0 else Status.UNKNOWN
        then, now = Fraction(before) / before_whole, Fraction(part) / whole
        return figures, (now - then if kind is RuleKind.GROWTH else then - now), None
    names = _change_figures(counted[0]) if kind in _CHANGES else ()
    if names == _SUM_CHANGE:  # a change of a sum: exact amounts, possibly below zero
        baseline, current = (_exact(counted, name) for name in names)
        figures = (Figure(names[0], baseline), Figure(names[1], current), *_base_figure(first))
        if baseline < 0 or (kind is RuleKind.AVERAGE_GROWTH and current < 0):
            return figures, None, Status.UNKNOWN  # no percentage of a value below zero (`figures.change`)
    elif kind in _CHANGES:
        baseline, current = _sum(counted, "baseline"), _sum(counted, "current")
        figures = (Figure("baseline", baseline), Figure("current", current), *_base_figure(first))
    if kind in (RuleKind.GROWTH, RuleKind.AVERAGE_GROWTH):
        if baseline == 0:
            return figures, None, Status.NOT_APPLICABLE if current == 0 else Status.UNKNOWN
        if kind is RuleKind.GROWTH:
            return figures, Fraction(current - baseline) / baseline, None
        first_year, last_year = (int(x) for x in (first.period or "").split("-"))  # its span, "2021-2025"
        assert bound is not None
        _, value = average_growth(Fraction(current) / baseline, last_year - first_year + 1, bound)
        return figures, value, None
    if kind in (RuleKind.SHARE, RuleKind.TASKS):
        part, whole = _sum(counted, "part"), _sum(counted, "whole")
        figures = [Figure("part", part), Figure("whole", whole)]
        if all(v.figure("excluded") is not None for v in counted):
            figures.append(Figure("excluded", _sum(counted, "excluded")))
        if whole == 0:
            return tuple(figures), None, Status.NOT_APPLICABLE
        return tuple(figures), Fraction(part, whole), None
    if kind is RuleKind.CUT:
        if baseline == 0:
            if current == 0:
                return figures, None, Status.NOT_APPLICABLE
            kept = bound is not None and bound.lower_end is None  # an increase keeps a maximum cut
            return figures, None, Status.MET if kept else Status.NOT_MET
        return figures, Fraction(baseline - current) / baseline, None
    if kind in (RuleKind.SUM, RuleKind.RATIO):  # exact amounts, not whole counts
        names = ("total",) if kind is RuleKind.SUM else ("numerator", "denominator")
        sums = [sum((Fraction(v.figure(n)) for v in counted), Fraction(0)) for n in names]
        figures = tuple(Figure(n, x) for n, x in zip(names, sums))
        if kind is RuleKind.SUM:
            return figures + (Figure("records", _sum(counted, "records")),), sums[0], None
        if sums[1] == 0:
            return figures, None, Status.NOT_APPLICABLE
        return figures, sums[0] / sums[1], None
    total = _sum(counted, "count")
    return (Figure("count", total),), Fraction(total), None


def _status(rule: Verdict, counted, missing: Sequence[Gap], state: str, value: Fraction | None,
            special: Status | None) -> tuple[Status, bool | None]:
    """The parent's status and on-track flag, as `rules.MetricRule._judge_year` gives them to one unit."""
    if missing:
        if state == "closed" or any(g.reason == UNKNOWN for g in missing):
            return Status.UNKNOWN, None
        return Status.PENDING, None  # the year is open and some units have nothing yet
    if state == "future" or not counted:
        return Status.PENDING, None
    if special is not None:
        if special in (Status.NOT_APPLICABLE, Status.MET) and state == "open":  # records may still come
            return Status.PENDING, None
        if special is Status.NOT_APPLICABLE and rule.when_none is WhenNone.MET:  # `nếu không phát sinh: đạt`
            return Status.MET, None
        return special, None
    bound = bound_of(rule)
    assert value is not None and bound is not None
    ok = bound.holds(value)
    if state == "closed":
        return (Status.MET if ok else Status.NOT_MET), None
    if any(_snapshot(v) for v in counted):  # undated records, today's state: it may fall, and is like the year's
        return Status.PENDING, ok
    if decided_early(_progress(rule), bound, value):  # counts only grow: a cut already missed, a cap passed
        return Status.NOT_MET, None
    return Status.PENDING, on_track(_progress(rule), bound, value)


def _snapshot(v: Verdict) -> bool:
    """Was `v` judged on a snapshot in an open year (`rules.MetricRule` says so in its explanation)?"""
    return any(sentence.key == "snapshot_open" for sentence in v.explanation)


def _cap(counted: Sequence[Verdict], missing: Sequence[Gap], state: str, common: dict) -> Aggregate:
    violations = tuple(UnitViolation(v.unit, x) for v in counted for x in v.violations)
    bound = Bound.of(common["comparator"], common["threshold"], common["upper"])
    by_counts = bool(counted) and not any(x.name == "records" for v in counted for x in v.figures)
    if by_counts:  # every unit said by a count of 0 that it had no such record: the cap has nothing to apply to
        figures: tuple[Figure, ...] = (Figure("count", _sum(counted, "count")),)
        relevant = 0
    elif counted:
        relevant = _sum(counted, "records")
        figures = (Figure("records", relevant), Figure("broken", _sum(counted, "broken")),
                   Figure("unclear", _sum(counted, "unclear")))
    else:
        figures, relevant = (), 0
    if violations:  # one record over the cap decides, whatever the other units hold (a snapshot's, once closed)
        worst = bound.worst([x.violation.value for x in violations])
        status = Status.PENDING if state == "open" and any(_snapshot(v) for v in counted) else Status.NOT_MET
        return Aggregate(status=status, value=worst, figures=figures, violations=violations, **common)
    values = [v.value for v in counted if v.value is not None]
    value = bound.extreme(values) if values else None
    if missing:
        unknown = state == "closed" or any(g.reason == UNKNOWN for g in missing)
        return Aggregate(status=Status.UNKNOWN if unknown else Status.PENDING, value=value, figures=figures,
                         **common)
    if state == "future" or not counted:
        return Aggregate(status=Status.PENDING, figures=figures, **common)
    if relevant == 0:  # nothing to apply to, once the year is closed (a count of 0 so far: more may come)
        none = Status.MET if common["when_none"] is WhenNone.MET else Status.NOT_APPLICABLE
        status = none if state == "closed" else Status.PENDING
        return Aggregate(status=status, figures=figures, **common)
    if state == "closed":
        return Aggregate(status=Status.MET, value=value, figures=figures, **common)
    return Aggregate(status=Status.PENDING, value=value, on_track=True, figures=figures, **common)


_DEADLINE_ORDER = (Status.NOT_MET, Status.UNKNOWN, Status.PENDING, Status.MET, Status.NOT_APPLICABLE)


def _deadline(verdicts: Sequence[Verdict], common: dict) -> Aggregate:
    """Every bound unit must deliver: not met if one did not, else unknown, pending, met, not applicable."""
    counts = {s: sum(1 for v in verdicts if v.status is s) for s in Status}
    status = next(s for s in _DEADLINE_ORDER if counts[s])
    dues = {v.due for v in verdicts}
    last_days = {v.last_day for v in verdicts}
    return Aggregate(
        status=status, figures=tuple(Figure(s.value, counts[s]) for s in Status),
        due=dues.pop() if len(dues) == 1 else None, last_day=last_days.pop() if len(last_days) == 1 else None,
        **common,
    )


# =========================================================== grouping --


def grouping(facts, name: str, *, vocabulary=None, register=None, units: Iterable[str] = ()) -> dict[str, str]:
    """Each unit of `facts` (and each of `units`) mapped to its parent for `--group-by NAME`.

    When `register` (a `facts.register.Register`) has a level called `name`
    (`tỉnh`, `quốc_gia`), a unit's parent is the unit of that level it lies
    in (`Register.ancestor_at`), so a roll-up follows the register's
    hierarchy; otherwise it is the unit's value of the attribute `name`.
    `units` are units judged without facts (bound, absent): a register places
    them too. `facts` is a `Facts` or a `sources.FactSource` (its units table
    is read through `light_facts(vocabulary)`; pass the rule set's vocabulary
    so the tables are checked once). `name` is compared in NFC. Raises
    `FactsError` — F211 when no unit has the attribute (with the attributes
    the units do have), F212 at each unit that lacks it or gives it empty, or
    lies under no unit of that level — so that no unit silently falls out of
    its parent's sums.
    """
    if not isinstance(facts, f.Facts):
        facts = facts.light_facts(vocabulary)
    name = unicodedata.normalize("NFC", name)
    if register is not None and name in register.levels:
        return _by_level(facts, name, register, units)
    out: dict[str, str] = {}
    lacking: list[f.UnitFacts] = []
    for unit in facts.units:
        value = next((v for k, v in unit.attributes if k == name), None)
        if value is None or not value.strip():
            lacking.append(unit)
        else:
            out[unit.name] = value
    if not lacking:
        return out
    if not out:
        given = sorted({k for u in facts.units for k, _ in u.attributes})
        hints: list[Message] = []
        if given:
            close = closest(name, given)
            if close is not None:
                hints.append(Message.of("did_you_mean", name=close))
            hints.append(EvaluationMessage.of("attributes_given", names=", ".join(given)))
        else:
            hints.append(EvaluationMessage.of("no_attributes"))
        files = ", ".join(facts.files) or "-"
        raise FactsError([Diagnostic("F211", EvaluationMessage.of("no_such_attribute", name=name, files=files),
                                     None, hints=tuple(hints))])
    raise FactsError([fact_diagnostic("F212", EvaluationMessage.of("no_attribute_value", unit=u.name, name=name),
                                      u.origin) for u in _in_place_order(lacking)])


def _by_level(facts: f.Facts, level: str, register, units: Iterable[str]) -> dict[str, str]:
    """`grouping` by a level of the register: each unit mapped to the unit of `level` above it (F212 when none)."""
    out: dict[str, str] = {}
    lacking: list[Diagnostic] = []
    origins = {u.name: u.origin for u in facts.units}
    for unit in dict.fromkeys((*origins, *units)):
        parent = register.ancestor_at(unit, level)
        if parent is None:
            lacking.append(fact_diagnostic("F212", EvaluationMessage.of(
                "no_level_parent", unit=unit, level=level, files=", ".join(register.files) or "-"),
                origins.get(unit)))
        else:
            out[unit] = parent
    if lacking:
        raise FactsError(lacking)
    return out


def _in_place_order(units: Iterable[f.UnitFacts]) -> list[f.UnitFacts]:
    def place(u: f.UnitFacts) -> tuple:
        o = u.origin
        return (o.file, o.line or 0, o.row or 0, u.name) if o is not None else ("", 0, 0, u.name)

    return sorted(units, key=place)
