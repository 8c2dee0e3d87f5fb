"""Facts for a target: `facts_meeting`, `facts_violating` and `verdict_for`.

`facts_meeting` and `facts_violating` build, for one target of a compiled
plan, the facts of one unit whose verdict for a year is `met` (or
`not_met`) when judged at the end of that year. They build the facts from
the rule's own definition (records meeting its condition, its exclusion,
its category...), never by asking the evaluator, so a property test of
the evaluator (or of your plan) is not circular.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections import Counter
from collections.abc import Sequence
from fractions import Fraction
from functools import lru_cache
from typing import Union

from attrs import frozen
from hypothesis import assume
from hypothesis import strategies as st

from ..evaluation.conditions import General, fields_of
from ..evaluation.measure import Where, merge
from ..evaluation.rules import MetricRule
from ..evaluation.ruleset import RuleSet
from ..evaluation.verdicts import RuleKind, Verdict
from ..facts import model as f
from ..language import model as m
from ..language.bounds import Bound
from ..language.vocabulary import Vocabulary
from .bounded import between, fractions, multiples, wholes
from .common import ABSENT, condition_values, days_between, meets, year_span
from .facts_valid import field_value

TargetLike = Union[MetricRule, str]
"""A target of a compiled plan: its `MetricRule`, or its rule id as verdicts show it ("I.2-1#1")."""


def _rule_of(target: TargetLike, rules: RuleSet) -> MetricRule:
    """The `MetricRule` of `rules` that `target` is, or names by its rule id ("I.2-1#1")."""
    if not isinstance(rules, RuleSet):
        raise TypeError(f"rules must be a compiled RuleSet (planrules.compile), not {type(rules).__name__}")
    if isinstance(target, MetricRule):
        if target not in rules.metric_rules:
            raise ValueError(f"target {target.clause.rule} is not a target of plan {rules.plan.number}")
        return target
    if isinstance(target, str):
        for rule in rules.metric_rules:
            if rule.clause.rule == target:
                return rule
        known = ", ".join(r.clause.rule for r in rules.metric_rules) or "none"
        raise ValueError(f"plan {rules.plan.number} has no target {target!r}; its targets: {known}")
    raise TypeError(f"a target is a MetricRule or a rule id (str), not {type(target).__name__}")


def _year_of(rule: MetricRule, year: int | None) -> int:
    """The year to judge: `year`, or the target's own year, or the first year it binds."""
    name = rule.clause.rule
    if year is None:
        year = rule.year if rule.year is not None else rule.first_year
    if rule.year is not None and year != rule.year:
        raise ValueError(f"target {name} is judged for {rule.year} only, not for {year}")
    if year < rule.first_year:
        raise ValueError(f"target {name} binds from {rule.first_year} (its plan's year), not {year}")
    if not 1900 < year < 2200:
        raise ValueError(f"year must lie in 1901..2199 (facts need the years around it): {year}")
    return year


def _bound_units(rule: MetricRule, rules: RuleSet, unit: str | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(unit, member_of) for each unit of the plan the target binds (or for `unit`).

    A task's target binds the task's leads: the unit itself, or a member of
    a group that leads it. A unit joins a group whose members the plan does
    not list (`member_of`) only when that is the way it is bound.
    """
    declared = rules.plan.units
    if unit is not None:
        if unit not in rules.units:
            known = ", ".join(sorted(rules.units)) or "none"
            raise ValueError(f"{unit!r} is not a unit of plan {rules.plan.number}; its units: {known}")
        candidates = [unit]
    else:
        candidates = [u.name for u in declared if u.kind is m.UnitKind.UNIT] or [u.name for u in declared]
    open_groups = [u.name for u in declared if u.kind is m.UnitKind.GROUP and not u.members and not u.all_units]
    out = []
    for name in candidates:
        if rule.leads is None or rule.leads & rules.responsibilities(f.UnitFacts(name)):
            out.append((name, ()))
        else:
            group = next((g for g in open_groups if g in rule.leads), None)
            if group is not None:
                out.append((name, (group,)))
    if not out:
        who = f"unit {unit!r}" if unit is not None else f"any unit of plan {rules.plan.number}"
        raise ValueError(f"target {rule.clause.rule} does not bind {who} (it binds the leads of its task: "
                         f"{', '.join(sorted(rule.leads or ()))})")
    return tuple(out)


@frozen
class _Goal:
    """What to build: facts for `rule` that meet it (or not) in `year`, for one of `units`."""

    rule: MetricRule
    vocabulary: Vocabulary
    year: int
    units: tuple[tuple[str, tuple[str, ...]], ...]
    unit_names: tuple[str, ...]
    meet: bool
    using: str | None = None  # only records, only counts, only a reported value; None: any

    @property
    def partial_year(self) -> bool:
        """Judged on part of its year (`MetricRule.window`: from the effective date in the plan's first
        year, up to the date of `đến ngày`): only records count, those dated in it."""
        return self.rule.window(self.year) != (None, _dt.date(self.year, 12, 31))

    def span(self, year: int) -> tuple[_dt.date, _dt.date]:
        """The days of `year` whose records count for the target in `self.year` (a cut: and the year before)."""
        baseline = self.rule.change and year == self.rule.baseline_of(self.year)
        since, until = self.rule.previous_window(self.year) if baseline else self.rule.window(year)
        return since or year_span(year)[0], until

    @property
    def bound(self) -> Bound:
        return self.rule.bound


_BIG = 10**9  # no count the kit draws comes near it


def _assignments(vocabulary: Vocabulary, kind: str, fields: Sequence[str], rule: MetricRule | None = None) -> list[dict]:
    """Every combination of values of `fields` (yes/no and category fields) of `kind`; a number field a
    general condition of `rule` compares takes the numbers around each it is compared with."""
    domains = []
    around = _numbers_near(rule) if rule is not None else {}
    for name in fields:
        decl = vocabulary.field(kind, name)
        condition = decl is not None and decl.type in (m.FieldType.BOOL, m.FieldType.CATEGORY)
        domains.append(condition_values(decl) if condition else _near_values(decl, around.get(name, ())))
    combos: list[dict] = [{}]
    for name, domain in zip(fields, domains):
        combos = [{**c, name: v} for c in combos for v in domain]
    return combos


def _numbers_near(rule: MetricRule) -> dict[str, list[Fraction]]:
    """The numbers each number field is compared with in `rule`'s general conditions."""
    out: dict[str, list[Fraction]] = {}
    for where in (rule.pos, rule.neg):
        if isinstance(where, General):
            for test in m.condition_tests(where.tests):
                if isinstance(test, m.FieldCompares):
                    out.setdefault(test.field, []).append(test.quantity.fraction)
    return out


def _near_values(decl: m.FieldDecl | None, limits: Sequence[Fraction]) -> list:
    """Values of a number field on either side of each limit and at it (valid for the field: whole numbers
    for an integer field, none below 0 for days and integers; a step of 1/100 for a percentage)."""
    if decl is None or not limits:
        return []
    step = Fraction(1, 100) if decl.type is m.FieldType.PERCENT else Fraction(1, 2)
    values: set[Fraction] = set()
    for limit in limits:
        values |= {limit - step, limit, limit + step}
    if decl.type is m.FieldType.INTEGER:
        values = {Fraction(math.floor(v)) for v in values} | {Fraction(math.ceil(v)) for v in values}
    if decl.type in (m.FieldType.INTEGER, m.FieldType.DAYS):
        values = {v for v in values if v >= 0}
    return sorted(int(v) if decl.type is m.FieldType.INTEGER else v for v in values)


def _meets(assignment: dict, where) -> bool:
    """Whether field values `assignment` meet `where`: (field, value) pairs or a general condition."""
    if isinstance(where, General):
        return all(k in assignment and assignment[k] is not ABSENT for k in where.fields) and where.holds(assignment)
    return meets(assignment, where)


def _general(rule: MetricRule) -> bool:
    """Is a condition of `rule` general (`conditions.General`): answered from records only?"""
    return isinstance(rule.pos, General) or isinstance(rule.neg, General)


def _rule_fields(rule: MetricRule) -> list[str]:
    return sorted(fields_of(rule.pos) | fields_of(rule.neg))


def _sorted_out(goal: "_Goal") -> tuple[list[dict], list[dict]]:
    """The value combinations of the fields a count (or a cut) reads: those it counts, and the others."""
    rule = goal.rule
    options = _assignments(goal.vocabulary, rule.record_kind, _rule_fields(rule), rule)
    counted = [a for a in options if _meets(a, rule.pos) and not (rule.neg and _meets(a, rule.neg))]
    return counted, [a for a in options if a not in counted]


def _frozen_assignment(assignment: dict) -> tuple:
    return tuple(sorted(assignment.items()))


def _split(draw, n: int, options: Sequence[dict]) -> Counter:
    """`n` records spread over up to three of `options` (value combinations): a register, as counts."""
    out: Counter = Counter()
    if n <= 0 or not options:
        return out
    chosen = draw(_some_of(tuple(_frozen_assignment(a) for a in options)))
    chosen = [dict(a) for a in chosen]
    cuts = sorted(draw(st.integers(0, n)) for _ in chosen[1:])
    for assignment, lo, hi in zip(chosen, [0, *cuts], [*cuts, n]):
        if hi > lo:
            out[_frozen_assignment(assignment)] += hi - lo
    return out


@lru_cache(maxsize=None)
def _some_of(options: tuple) -> st.SearchStrategy[list]:
    return st.lists(st.sampled_from(options), min_size=1, max_size=3)


def _derivable(draw, where: Where) -> list[Where]:
    """Counts from which the count for `where` can be had: itself, or one yes/no field turned around."""
    flags = [(k, v) for k, v in where if isinstance(v, bool)]
    if flags and draw(st.booleans()):
        key, value = draw(st.sampled_from(flags))
        rest = tuple(p for p in where if p != (key, value))
        return [rest, tuple(sorted(rest + ((key, not value),)))]
    return [where]


def _count_needs(draw, rule: MetricRule) -> list[Where]:
    """Counts from which the evaluator can work out a count (or a cut's) of `pos` less `neg` (`trừ`)."""
    needs = _derivable(draw, rule.pos)
    both = merge(rule.pos, rule.neg) if rule.neg else None
    return needs + _derivable(draw, both) if both is not None else needs


def _counts_of(draw, kind: str, year: int, register: Counter, needed: list[Where],
               options: Sequence[dict]) -> list[f.Count]:
    """True counts of `register` for every `needed` condition and a few more, in any order."""
    wheres = list(dict.fromkeys(needed))
    fields = sorted({k for a in options for k in a})
    if fields:
        for _ in range(draw(st.integers(0, 2))):
            chosen = draw(st.lists(st.sampled_from(fields), unique=True, max_size=len(fields)))
            where = tuple(sorted((k, draw(st.sampled_from(sorted({a[k] for a in options}, key=str)))) for k in chosen))
            if where not in wheres:
                wheres.append(where)
    counts = [f.Count(kind, year, sum(n for a, n in register.items() if meets(dict(a), w)), w) for w in wheres]
    return list(draw(st.permutations(counts)))


class _Ids:
    """Record ids, unique within the unit."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self) -> str:
        self.n += 1
        return f"R{self.n}"


def _target_record(draw, goal: _Goal, ids: _Ids, day: _dt.date | None, fixed: dict, kind: str | None = None
                   ) -> f.Record:
    """A record of the target's kind (or `kind`) with the `fixed` field values (`ABSENT`: left out), the rest drawn."""
    kind = kind or goal.rule.record_kind
    date_field = goal.vocabulary.date_field(kind)
    year = day.year if day is not None else goal.year
    values = []
    for decl in goal.vocabulary.kinds[kind].fields:
        if decl.name in fixed:
            if fixed[decl.name] is not ABSENT:
                values.append((decl.name, fixed[decl.name]))
        elif date_field is not None and decl.name == date_field.name:
            values.append((decl.name, day))
        elif draw(st.booleans()):
            values.append((decl.name, field_value(draw, decl, days_between(*year_span(year)), goal.unit_names)))
    return f.Record(kind, tuple(values), ids(), day if date_field is not None else None)


def _register_records(draw, goal: _Goal, ids: _Ids, register: Counter, year: int) -> list[f.Record]:
    days = days_between(*goal.span(year))
    dated = goal.vocabulary.date_field(goal.rule.record_kind) is not None
    return [_target_record(draw, goal, ids, draw(days) if dated else None, dict(a))
            for a, n in register.items() for _ in range(n)]


def _noise(draw, goal: _Goal, ids: _Ids, years: Sequence[int]) -> list[f.Record]:
    """Records of the target's kind in other years (or after the year, not known yet): they must not count."""
    if goal.vocabulary.date_field(goal.rule.record_kind) is None:
        return []  # records of an undated kind are a snapshot, valid for every year
    out = []
    for year in years:
        if 1900 <= year <= 2200:
            for _ in range(draw(st.integers(0, 2))):
                out.append(_target_record(draw, goal, ids, draw(days_between(*year_span(year))), {}))
    return out


_RECORDS_CAP = 16  # at most this many records a figure, so that records stay cheap to build and judge
_COUNTS_CAP = 10**6


def _modes(goal: _Goal, reported: st.SearchStrategy | None = None) -> list[str]:
    """Where the figures come from: records, aggregate counts, or a reported value (a named metric only)."""
    if goal.partial_year:  # a count or a value is the whole year's, not one at the date
        return ["records"]
    counts = [] if _general(goal.rule) else ["counts"]  # no aggregate count states a general condition
    modes = ["records", *counts] + (["value"] if goal.rule.metric is not None and reported is not None else [])
    if goal.using is not None and goal.using not in modes:
        raise ValueError(f"target {goal.rule.clause.rule} cannot be met or broken with {goal.using}")
    return [goal.using] if goal.using is not None else modes


def _reported(goal: _Goal, low: Fraction, high: Fraction) -> st.SearchStrategy[Fraction] | None:
    """Reported values from `low` to `high` that meet the target (or not), exactly the threshold often; None: none."""
    return fractions(goal.bound, goal.meet, low, high)


# -- share --


def _share_classes(goal: _Goal) -> dict[str, list[dict]]:
    """Value combinations of the fields the share reads, by class: counted above the line, below only, excluded."""
    rule = goal.rule
    classes: dict[str, list[dict]] = {"part": [], "rest": [], "excluded": []}
    for assignment in _assignments(goal.vocabulary, rule.record_kind, _rule_fields(rule), rule):
        if rule.neg and _meets(assignment, rule.neg):
            classes["excluded"].append(assignment)
        elif _meets(assignment, rule.pos):
            classes["part"].append(assignment)
        else:
            classes["rest"].append(assignment)
    return classes


def _share_range(classes) -> tuple[Fraction, Fraction] | None:
    """The least and greatest share the record kind allows (None: no record can count)."""
    part, rest = bool(classes["part"]), bool(classes["rest"])
    if not (part or rest):
        return None
    return (Fraction(0) if rest else Fraction(1), Fraction(1) if part else Fraction(0))


def _share_needs(draw, rule: MetricRule) -> list[Where]:
    """Counts from which the evaluator can work out the share's numerator and denominator."""
    pos, neg = rule.pos, rule.neg
    if not neg:
        return _derivable(draw, pos) + [()]
    single = len(neg) == 1 and isinstance(neg[0][1], bool)
    needs: list[Where] = []
    if single and draw(st.booleans()):  # the records not excluded, counted directly
        needs.append(((neg[0][0], not neg[0][1]),))
    else:  # all records less the excluded ones
        needs += [()] + _derivable(draw, neg)
    both = merge(pos, neg)
    if both is None:
        return needs + _derivable(draw, pos)
    direct = merge(pos, ((neg[0][0], not neg[0][1]),)) if single else None
    if direct is not None and draw(st.booleans()):
        return needs + [direct]
    return needs + _derivable(draw, pos) + _derivable(draw, both)


@st.composite
def _share_facts(draw, goal: _Goal, ids: _Ids):
    rule, year, limit = goal.rule, goal.year, goal.rule.limit
    classes = _share_classes(goal)
    reported = _reported(goal, Fraction(0), Fraction(1))  # a share is reported from 0% to 100%
    mode = draw(st.sampled_from(_modes(goal, reported)))
    if mode == "value":
        return [], [], [f.ReportedValue(rule.metric, year, draw(reported))]
    cap = _RECORDS_CAP if mode == "records" else _COUNTS_CAP
    whole = draw(multiples(limit, cap))
    if not classes["rest"]:
        part = whole
    elif not classes["part"]:
        part = 0
    else:  # part / whole keeps the bound exactly when part keeps it scaled by whole
        chosen = wholes(goal.bound, goal.meet, 0, whole, Fraction(whole))
        if chosen is None:  # no part of this whole keeps (breaks) a narrow range, 40%–60% of 1: the first whole
            whole = next(n for n in range(1, cap + 1) if wholes(goal.bound, goal.meet, 0, n, Fraction(n)) is not None)
            chosen = wholes(goal.bound, goal.meet, 0, whole, Fraction(whole))
        part = draw(chosen)
    excluded = draw(st.integers(0, 6 if mode == "records" else 10**4)) if classes["excluded"] else 0
    register = (_split(draw, part, classes["part"]) + _split(draw, whole - part, classes["rest"])
                + _split(draw, excluded, classes["excluded"]))
    if mode == "records":
        return _register_records(draw, goal, ids, register, year), [], []
    options = classes["part"] + classes["rest"] + classes["excluded"]
    return [], _counts_of(draw, rule.record_kind, year, register, _share_needs(draw, rule), options), []


# -- the change of a share, in percentage points --

_MIRRORED = {m.Comparator.AT_LEAST: m.Comparator.AT_MOST, m.Comparator.AT_MOST: m.Comparator.AT_LEAST,
             m.Comparator.MORE_THAN: m.Comparator.LESS_THAN, m.Comparator.LESS_THAN: m.Comparator.MORE_THAN,
             m.Comparator.BETWEEN: m.Comparator.BETWEEN}


def _this_years_share(bound: Bound, before: Fraction, growth: bool) -> Bound:
    """The bound this year's share keeps exactly when its change from `before` keeps `bound`: shifted by
    `before` (a growth, now − before), or mirrored about it (a cut, before − now)."""
    ends = (bound.limit,) if bound.upper is None else (bound.limit, bound.upper)
    if growth:
        return Bound(bound.comparator, *(before + end for end in ends))
    return Bound(_MIRRORED[bound.comparator], *sorted(before - end for end in ends))


@st.composite
def _share_change_facts(draw, goal: _Goal, ids: _Ids):
    """Two years of a share's part and whole (the base year's drawn freely, this year's so that the change
    keeps the bound, or not), as records or counts; or a reported change."""
    rule, year = goal.rule, goal.year
    classes = _share_classes(goal)
    reported = _reported(goal, Fraction(-1), Fraction(1))  # a share moves 100 points at most either way
    mode = draw(st.sampled_from(_modes(goal, reported)))
    if mode == "value":
        return [], [], [f.ReportedValue(rule.metric, year, draw(reported))]
    cap = _RECORDS_CAP if mode == "records" else _COUNTS_CAP
    before_whole = draw(st.integers(1, _RECORDS_CAP if mode == "records" else 1000))
    before = (before_whole if not classes["rest"] else 0 if not classes["part"]
              else draw(st.integers(0, before_whole)))
    whole = draw(multiples(rule.limit, cap))
    wanted = _this_years_share(goal.bound, Fraction(before, before_whole), rule.kind is RuleKind.GROWTH)
    if not classes["rest"] or not classes["part"]:  # a share that is always 100% (or 0%): no change at all
        part = whole if not classes["rest"] else 0
        assume(wanted.holds(Fraction(part, whole)) == goal.meet)
    else:
        chosen = wholes(wanted, goal.meet, 0, whole, Fraction(whole))
        assume(chosen is not None)  # no share this year keeps it (or breaks it) against this base year's
        part = draw(chosen)
    records: list[f.Record] = []
    counts: list[f.Count] = []
    options = classes["part"] + classes["rest"] + classes["excluded"]
    for when, (p, w) in ((rule.baseline_of(year), (before, before_whole)), (year, (part, whole))):
        excluded = draw(st.integers(0, 4)) if classes["excluded"] else 0
        register = (_split(draw, p, classes["part"]) + _split(draw, w - p, classes["rest"])
                    + _split(draw, excluded, classes["excluded"]))
        if mode == "records":
            records += _register_records(draw, goal, ids, register, when)
        else:
            counts += _counts_of(draw, rule.record_kind, when, register, _share_needs(draw, rule), options)
    return records, counts, []


# -- cut, growth, average growth --


@st.composite
def _cut_figures(draw, goal: _Goal, cap: int) -> tuple[int, int]:
    """(the baseline year's count, this year's count) whose change meets the target (or not)."""
    rule, limit = goal.rule, goal.rule.limit
    cut = rule.kind is RuleKind.CUT
    # an increase from zero breaks a minimum cut, keeps a maximum one; a growth from zero is unknown
    from_zero = cut and goal.bound.lower_end is not None
    if not goal.meet and from_zero and draw(st.integers(0, 4)) == 0:
        return 0, draw(st.integers(1, cap))  # an increase from zero is not a cut
    years = goal.year - rule.baseline_of(goal.year) if rule.kind is RuleKind.AVERAGE_GROWTH else 1
    baseline = draw(multiples(limit if cut else (1 + limit) ** years, cap))
    if cut:
        first, last = goal.bound.cut_counts(baseline)  # this year's counts whose cut keeps the bound
    else:  # a growth's (an average one: n years of it), from counts that grow with it
        ends = (limit,) if goal.bound.upper is None else (limit, goal.bound.upper)
        first, last = Bound(rule.comparator, *(baseline * (1 + end) ** years for end in ends)).wholes()
    lo = max(first or 0, 0)
    top = (last if last is not None else lo) + cap  # no count beyond: a cut that low breaks any lower end
    keeps = None if last is not None and last < lo else Bound(m.Comparator.BETWEEN, Fraction(lo), Fraction(min(
        last if last is not None else top, top)))
    if keeps is None:
        assume(not goal.meet)  # no count keeps it against this baseline: draw another
        return baseline, draw(st.integers(0, top))
    chosen = wholes(keeps, goal.meet, 0, top if last is None or goal.meet else max(top, last + cap))
    if chosen is None:
        assume(not goal.meet and from_zero)
        return 0, draw(st.integers(1, cap))  # an increase from zero is not a cut
    return baseline, draw(chosen)


@st.composite
def _cut_facts(draw, goal: _Goal, ids: _Ids):
    rule, year, limit = goal.rule, goal.year, goal.rule.limit
    # a cut is at most 100% (below zero: an increase); a growth at least -100%
    ends = (Fraction(-2), Fraction(1)) if rule.kind is RuleKind.CUT else (Fraction(-1), Fraction(3))
    reported = _reported(goal, *ends)
    if goal.vocabulary.date_field(rule.record_kind) is None:
        modes = ["counts"]  # records of an undated kind are one snapshot for every year: nothing to cut
    else:
        mixed = goal.using is None and not goal.partial_year and not _general(rule)
        modes = _modes(goal, reported) + (["mixed"] if mixed else [])
    mode = draw(st.sampled_from(modes))
    if mode == "value":
        return [], [], [f.ReportedValue(rule.metric, year, draw(reported))]
    cap = _RECORDS_CAP if mode == "records" else _COUNTS_CAP
    baseline, current = draw(_cut_figures(goal, cap))
    matching, others = _sorted_out(goal)
    options = matching + others
    records: list[f.Record] = []
    counts: list[f.Count] = []
    for when, number in ((rule.baseline_of(year), baseline), (year, current)):
        register = _split(draw, number, matching) + _split(draw, draw(st.integers(0, 4)), others)
        if mode == "records" and not register:
            register = _split(draw, 1, others)  # a record of another sort says the register holds none
        small = 0 < sum(register.values()) <= 2 * _RECORDS_CAP  # a year without records is a count of 0
        if (mode == "records" and register) or (mode == "mixed" and small and draw(st.booleans())):
            records += _register_records(draw, goal, ids, register, when)
        else:
            counts += _counts_of(draw, rule.record_kind, when, register, _count_needs(draw, rule), options)
    return records, counts, []


# -- count --


@st.composite
def _count_facts(draw, goal: _Goal, ids: _Ids):
    rule, year, limit = goal.rule, goal.year, goal.rule.limit
    mode = draw(st.sampled_from(_modes(goal, st.just(0))))
    cap = _RECORDS_CAP if mode == "records" else _COUNTS_CAP
    first, last = goal.bound.wholes()
    top = max(first or 0, last or 0, 0) + cap + 1
    chosen = wholes(goal.bound, goal.meet, 0, top)
    assert chosen is not None  # `_impossible` said some count gives the verdict
    number = draw(chosen)
    if mode == "value":
        return [], [], [f.ReportedValue(rule.metric, year, Fraction(number))]
    matching, others = _sorted_out(goal)
    options = matching + others
    register = _split(draw, number, matching) + _split(draw, draw(st.integers(0, 5)), others)
    if mode == "records" and not register:
        register = _split(draw, 1, others)  # a record of another sort says the register holds none
    if mode == "records" and 0 < sum(register.values()) <= 3 * _RECORDS_CAP:  # no records at all: a count of 0
        return _register_records(draw, goal, ids, register, year), [], []
    return [], _counts_of(draw, rule.record_kind, year, register, _count_needs(draw, rule), options), []


# -- per-record cap --


def _cap_values(goal: _Goal) -> tuple[st.SearchStrategy, st.SearchStrategy | None]:
    """Values of the capped field that keep the cap, and values that break it (None: none can)."""
    rule, bound = goal.rule, goal.bound
    decl = goal.vocabulary.field(rule.record_kind, rule.field)
    top = max(bound.limit, bound.upper or 0, Fraction(0)) + 1000
    if decl is not None and decl.type is m.FieldType.INTEGER:
        keep, spoil = (wholes(bound, meet, 0, math.ceil(top)) for meet in (True, False))
    else:
        keep, spoil = (fractions(bound, meet, Fraction(0), top) for meet in (True, False))
    return keep, spoil


@st.composite
def _cap_facts(draw, goal: _Goal, ids: _Ids):
    rule, year = goal.rule, goal.year
    keep, spoil = _cap_values(goal)
    any_value = st.one_of(*(x for x in (keep, spoil) if x is not None))
    if keep is None:  # no value keeps it: every record breaks it
        keep = spoil
    first, last = goal.span(year)
    start = max(rule.start, first)
    dated = goal.vocabulary.date_field(rule.record_kind) is not None
    in_force = days_between(start, last) if dated else st.none()
    category = rule.by is not None and rule.category is not None
    same = {rule.by: rule.category} if category else {}
    specs: list[tuple[dict, st.SearchStrategy]] = []
    for _ in range(draw(st.integers(1 if goal.meet else 0, 6))):
        specs.append(({**same, rule.field: draw(keep)}, in_force))
    if not goal.meet:
        for _ in range(draw(st.integers(1, 3))):
            specs.append(({**same, rule.field: draw(spoil)}, in_force))
        for _ in range(draw(st.integers(0, 2))):  # records whose value (or category) is not known
            missing = draw(st.sampled_from([rule.field, rule.by] if category else [rule.field]))
            specs.append(({**same, rule.field: draw(any_value), missing: ABSENT}, in_force))
    if category:  # records of other categories are not bound by this cap
        decl = goal.vocabulary.field(rule.record_kind, rule.by)
        others = [c.name for c in decl.categories if c.name != rule.category]
        if others:
            for _ in range(draw(st.integers(0, 3))):
                specs.append(({rule.by: draw(st.sampled_from(others)), rule.field: draw(any_value)},
                              days_between(first, last) if dated else st.none()))
    if dated and start > first:  # records before the plan was issued were not bound by it
        for _ in range(draw(st.integers(0, 2))):
            specs.append(({**same, rule.field: draw(any_value)}, days_between(first, start - _dt.timedelta(days=1))))
    if dated and year < 2200:  # records after the year are not known at its end
        for _ in range(draw(st.integers(0, 2))):
            specs.append(({**same, rule.field: draw(any_value)}, days_between(*year_span(year + 1))))
    records = [_target_record(draw, goal, ids, draw(days), fixed) for fixed, days in specs]
    return list(draw(st.permutations(records))), [], []


@st.composite
def _assessed_facts(draw, goal: _Goal) -> f.Facts:
    """An assessed target met (or not) for the year: one assessment by an assessor it names, dated in the year
    or by its day; sometimes the opposite one by a unit it does not name, or one dated after the day, neither
    counted."""
    rule = goal.rule
    name, member_of = draw(st.sampled_from(goal.units))
    day = rule.at or _dt.date(goal.year, 12, 31)
    start = min(max(rule.start, _dt.date(goal.year, 1, 1)), day)
    assessor = draw(st.sampled_from(rule.assessors))
    made = [f.Assessment(rule.clause.address, goal.year, goal.meet, assessor, draw(days_between(start, day)))]
    others = [u for u in goal.unit_names if u not in rule.assessors] or ["đơn_vị_khác"]
    if draw(st.booleans()):
        made.append(f.Assessment(rule.clause.address, goal.year, not goal.meet, draw(st.sampled_from(others)),
                                 draw(days_between(start, day))))
    return f.Facts(units=(f.UnitFacts(name, member_of, assessments=tuple(draw(st.permutations(made)))),))


# -- reported figure, sum (issue 18) --


def _figure_range(goal: _Goal) -> tuple[Fraction, Fraction]:
    """The values drawn for a reported figure, a sum or a ratio: from 0 to well past the threshold (each end)."""
    bound = goal.bound
    return Fraction(0), max(2 * bound.limit, 2 * (bound.upper or 0), Fraction(40))


def _amounts(goal: _Goal, whole: bool, scale: Fraction = Fraction(1)) -> st.SearchStrategy[Fraction] | None:
    """Amounts from 0 up that, over `scale`, keep the target (or break it): whole ones for a count or a
    whole-number field; None when there is none."""
    low, high = _figure_range(goal)
    if whole:
        found = wholes(goal.bound, goal.meet, 0, int(high * scale) + 1, scale)
        return None if found is None else found.map(Fraction)
    found = fractions(goal.bound, goal.meet, low, high)
    return None if found is None else found.map(lambda x: x * scale)


@st.composite
def _reported_facts(draw, goal: _Goal, ids: _Ids):
    metric = goal.rule.metric
    return [], [], [f.ReportedValue(metric, goal.year, draw(_reported(goal, *_figure_range(goal))),
                                    unit=goal.vocabulary.figure_unit(metric))]


@st.composite
def _sum_facts(draw, goal: _Goal, ids: _Ids):
    """Records meeting the condition whose field adds up to a total that meets the target (or not), records that
    do not meet it beside them; or the total reported for the metric."""
    rule = goal.rule
    mode = draw(st.sampled_from([x for x in _modes(goal, st.just(0)) if x != "counts"]))
    total = draw(_amounts(goal, goal.vocabulary.field(rule.record_kind, rule.field).type is m.FieldType.INTEGER))
    if mode == "value":
        return [], [], [f.ReportedValue(rule.metric, goal.year, total)]
    return (*_term_records(draw, goal, ids, rule.record_kind, rule.pos, rule.field, total), [])


def _term_records(draw, goal: _Goal, ids: _Ids, kind: str, pos: Where, field: str | None, total: Fraction,
                  year: int | None = None) -> tuple[list[f.Record], list[f.Count]]:
    """Records of `kind` in `year` (None: the goal's) whose count meeting `pos` (`field` None), or whose `field`
    over those meeting `pos`, is `total`; records not meeting `pos` beside them; at least one record, so the
    register is known (or, for a count of none where every record would meet `pos`, a count of 0)."""
    year = goal.year if year is None else year
    options = _assignments(goal.vocabulary, kind, sorted(k for k, _ in pos))
    matching = [a for a in options if meets(a, pos)]
    others = [a for a in options if not meets(a, pos)]
    days = days_between(*goal.span(year))
    dated = goal.vocabulary.date_field(kind) is not None

    def record(fixed):
        return _target_record(draw, goal, ids, draw(days) if dated else None, fixed, kind)

    if field is None:
        records = [record(dict(draw(st.sampled_from(matching)))) for _ in range(int(total))]
        for _ in range(draw(st.integers(0 if records else 1, 2)) if others else 0):
            records.append(record(dict(draw(st.sampled_from(others)))))
        return (records, []) if records else ([], [f.Count(kind, year, 0, pos)])
    n = draw(st.integers(1 if total else 0, 4))
    cuts = sorted(draw(st.lists(st.integers(0, int(total)), min_size=max(0, n - 1), max_size=max(0, n - 1))))
    parts = [Fraction(b - a) for a, b in zip([0, *cuts], [*cuts, int(total)])] if n else []
    if parts:
        parts[-1] += total - int(total)  # a fraction of a day on the last
    records = [record({**draw(st.sampled_from(matching)), field: part}) for part in parts]
    for _ in range(draw(st.integers(0 if records else 1, 2)) if others else 0):
        records.append(record(dict(draw(st.sampled_from(others)))))
    if not records:  # no record at all: the register is not known, so the total would be unknown
        records.append(record({**draw(st.sampled_from(matching)), field: 0}))
    return list(draw(st.permutations(records))), []


def _ratio_parts(goal: _Goal) -> tuple[bool, bool]:
    """Whether the numerator and the denominator must be whole (a count, a sum of a whole-number field)."""
    def whole(term) -> bool:
        if term.record_kind is None:
            return False
        return term.field is None or goal.vocabulary.field(term.record_kind, term.field).type is m.FieldType.INTEGER
    return whole(goal.rule.terms[0]), whole(goal.rule.terms[1])


@st.composite
def _ratio_facts(draw, goal: _Goal, ids: _Ids):
    """A numerator and a denominator (≥ 1) whose ratio meets the target (or not): each term's records (or its
    figure, as reported)."""
    rule = goal.rule
    top_whole, _ = _ratio_parts(goal)
    bottom = Fraction(draw(st.integers(1, 12)))
    tops = _amounts(goal, top_whole, bottom)  # numerators n with n / bottom keeping the target (or not)
    assume(tops is not None)
    top = draw(tops)
    records, counts, values = [], [], []
    for term, amount in zip(rule.terms, (top, bottom)):
        if term.record_kind is None:
            values.append(f.ReportedValue(term.metric, goal.year, amount,
                                          unit=goal.vocabulary.figure_unit(term.metric)))
        else:
            more, zero = _term_records(draw, goal, ids, term.record_kind, term.pos, term.field, amount)
            records += more
            counts += zero
    return list(draw(st.permutations(records))), counts, values


@st.composite
def _term_change_facts(draw, goal: _Goal, ids: _Ids):
    """Both years of a reported figure or a sum whose change meets the target (or not): in points for a figure
    in % (this year's less the base year's), else as a count's change (`_cut_figures`)."""
    rule, term = goal.rule, goal.rule.terms[0]
    if rule.value_unit is m.QuantityUnit.POINTS:
        changes = fractions(goal.bound, goal.meet, Fraction(-1), Fraction(1))
        delta = draw(changes) * (-1 if rule.kind is RuleKind.CUT else 1)  # `_impossible`: not None
        then = draw(between(max(Fraction(0), -delta), min(Fraction(1), 1 - delta)))
        levels = (then, then + delta)
    else:
        levels = tuple(map(Fraction, draw(_cut_figures(goal, _COUNTS_CAP))))
    records, counts, values = [], [], []
    for when, level in zip((rule.baseline_of(goal.year), goal.year), levels):
        if term.record_kind is None:
            values.append(f.ReportedValue(term.metric, when, level, unit=goal.vocabulary.figure_unit(term.metric)))
        else:
            more, zero = _term_records(draw, goal, ids, term.record_kind, term.pos, term.field, level, when)
            records, counts = records + more, counts + zero
    return records, counts, values


def _term_change_refused(goal: _Goal) -> str | None:
    """Why no facts of this kit give a change of a sum, a ratio or a reported figure its verdict, or None."""
    rule, term = goal.rule, goal.rule.terms[0]
    if rule.base_kind is RuleKind.RATIO:
        return "the change of a ratio: this kit draws those of a sum or a reported figure"
    if goal.using not in (None, "value" if term.record_kind is None else "records"):
        return "the change of a reported figure is drawn as values, of a sum as records"
    if term.record_kind is None and goal.partial_year:
        return "a reported figure is a whole year's: a target judged at a date before 31 December has none"
    if term.snapshot:
        return "records of an undated kind are one snapshot for every year: no change between two"
    if rule.value_unit is m.QuantityUnit.POINTS and fractions(goal.bound, goal.meet, Fraction(-1), Fraction(1)) is None:
        return "no change of a percentage, at most 100 points either way, gives it"
    return None


_BUILDERS = {RuleKind.SHARE: _share_facts, RuleKind.CUT: _cut_facts, RuleKind.GROWTH: _cut_facts,
             RuleKind.AVERAGE_GROWTH: _cut_facts, RuleKind.COUNT: _count_facts, RuleKind.CAP: _cap_facts,
             RuleKind.REPORTED: _reported_facts, RuleKind.SUM: _sum_facts, RuleKind.RATIO: _ratio_facts}


def _impossible(goal: _Goal) -> str | None:
    """Why no facts can give the wanted verdict, or None when some can."""
    rule, meet, bound = goal.rule, goal.meet, goal.bound
    shown = bound.words((str(bound.limit), None if bound.upper is None else str(bound.upper)))
    if goal.using not in (None, "records", "counts", "value"):
        return f"using must be None, 'records', 'counts' or 'value', not {goal.using!r}"
    if rule.kind is RuleKind.TASKS:
        return "a share of tasks completed is judged on the plan's deadline verdicts: draw deliveries instead"
    if rule.kind is RuleKind.ASSESSED:
        if goal.using is not None:
            return "an assessed target is judged on assessments only"
        if not rule.clause.address:
            return "an assessed target without an address cannot be named by an assessment"
        return None if goal.year in rule.years(_dt.date(goal.year, 12, 31)) else f"it has no verdict for {goal.year}"
    if goal.using is not None and rule.kind is RuleKind.CAP and goal.using != "records":
        return "a per-record cap is judged on records only"
    if rule.running_from is not None:
        return "a running total (lũy kế) is judged on several years' facts; this kit draws one year's"
    if rule.data_from is not None:
        return "a data window makes each year from a day of the year before; this kit draws calendar years"
    if goal.year not in rule.years(_dt.date(goal.year, 12, 31)):
        return f"it has no verdict for {goal.year}: outside the plan's validity (or judged before it is in force)"
    if rule.change and rule.terms:  # of a sum, a ratio or a reported figure
        if rule.baseline_of(goal.year) >= goal.year:
            return f"its base year {rule.baseline_of(goal.year)} is not before {goal.year}: it does not apply"
        refused = _term_change_refused(goal)
        if refused is not None or rule.value_unit is m.QuantityUnit.POINTS:
            return refused
        goal = _Goal(rule, goal.vocabulary, goal.year, goal.units, goal.unit_names, meet, "counts")  # as a count's
    if goal.partial_year and goal.using not in (None, "records"):
        return "a target judged at a date before 31 December is judged on records only"
    if goal.partial_year and rule.change and goal.vocabulary.date_field(rule.record_kind) is None:
        return "records of an undated kind are one snapshot for every year: a cut needs counts"
    if goal.using == "value":
        if rule.metric is None:
            return "only a target on a declared metric can take a reported value"
        low, high = {RuleKind.SHARE: (Fraction(0), Fraction(1)), RuleKind.CUT: (Fraction(-2), Fraction(1)),
                     RuleKind.GROWTH: (Fraction(-1), Fraction(3)), RuleKind.AVERAGE_GROWTH: (Fraction(-1), Fraction(3))
                     }.get(rule.kind, (None, None))
        if rule.change and rule.base_kind is RuleKind.SHARE:  # a share's change, in points
            low, high = Fraction(-1), Fraction(1)
        if low is not None and _reported(goal, low, high) is None:
            return f"no value a unit may report for it keeps {shown}" if meet else \
                "every value a unit may report for it meets it"
    if goal.using == "records" and rule.change and \
            goal.vocabulary.date_field(rule.record_kind) is None:
        return "records of an undated kind are one snapshot for every year: a cut needs counts"
    if rule.change and rule.baseline_of(goal.year) >= goal.year:
        return f"its base year {rule.baseline_of(goal.year)} is not before {goal.year}: it does not apply"
    if rule.change and rule.base_kind is RuleKind.SHARE:  # in points: from -100 to 100
        if _share_range(_share_classes(goal)) is None:
            return "no record can count toward its share"
        return None if fractions(bound, meet, Fraction(-1), Fraction(1)) is not None else \
            f"no change of a share, at most 100 points either way, {'keeps' if meet else 'breaks'} {shown}"
    if rule.kind is RuleKind.SHARE:
        span = _share_range(_share_classes(goal))
        if span is None:
            return "no record can count toward its share"
        low, high = span
        ok = any(wholes(bound, meet, round(low * n), round(high * n), Fraction(n)) is not None
                 for n in range(1, _RECORDS_CAP + 1))
        return None if ok else f"its share always lies in [{low}, {high}], so it is {'never' if meet else 'always'} " \
                               f"{shown}"
    if rule.kind is RuleKind.CUT:
        if not meet and bound.lower_end is None and fractions(bound, False, Fraction(-_BIG), Fraction(1)) is None:
            return "no cut, at most 100%, breaks it (an increase keeps a maximum cut)"
        return "no cut, at most 100%, keeps it" if meet and fractions(bound, True, Fraction(-_BIG), Fraction(1)) \
            is None else None
    if rule.change:  # a growth of a count: any value from -100% up
        return None
    if rule.kind is RuleKind.COUNT:
        return None if wholes(bound, meet, 0, _BIG) is not None else \
            f"no count {'keeps' if meet else 'breaks'} {shown}"
    if rule.kind is RuleKind.CAP:
        return None if _cap_values(goal)[0 if meet else 1] is not None else \
            f"no value {'keeps' if meet else 'breaks'} {shown}"
    if rule.kind is RuleKind.REPORTED:
        if goal.using not in (None, "value"):
            return "a reported figure is a value: it has no records or counts"
        return None if _reported(goal, *_figure_range(goal)) is not None else "no figure can"
    if rule.kind is RuleKind.SUM:
        if goal.using == "counts":
            return "a sum needs the records' amounts, not counts"
        whole = goal.vocabulary.field(rule.record_kind, rule.field).type is m.FieldType.INTEGER
        return None if _amounts(goal, whole) is not None else f"no total from 0 up {'keeps' if meet else 'breaks'} {shown}"
    if rule.kind is RuleKind.RATIO:
        kinds = [t.record_kind for t in rule.terms if t.record_kind is not None]
        if len(set(kinds)) < len(kinds):
            return "the records of one kind would count on both sides of the ratio; this kit draws them apart"
        if goal.using is not None:
            return "a ratio is judged on its terms' records and figures together"
        return None if _amounts(goal, False) is not None else f"no ratio from 0 up {'keeps' if meet else 'breaks'} {shown}"
    return f"a {rule.kind.value} target is not supported"


@lru_cache(maxsize=None)
def _target_facts(target: TargetLike, rules: RuleSet, unit: str | None, year: int | None,
                  meet: bool, using: str | None) -> st.SearchStrategy[f.Facts]:
    rule = _rule_of(target, rules)
    goal = _Goal(rule, rules.vocabulary, _year_of(rule, year), _bound_units(rule, rules, unit),
                 tuple(sorted(rules.units)), meet, using)
    reason = _impossible(goal)
    if reason is not None:
        raise ValueError(f"no facts can {'meet' if meet else 'violate'} target {rule.clause.rule}: {reason}")
    if rule.kind is RuleKind.ASSESSED:
        return _assessed_facts(goal)
    build = _share_change_facts if rule.change and rule.base_kind is RuleKind.SHARE else \
        _term_change_facts if rule.change and rule.terms else _BUILDERS[rule.kind]

    @st.composite
    def facts(draw) -> f.Facts:
        name, member_of = draw(st.sampled_from(goal.units))
        ids = _Ids()
        records, counts, values = draw(build(goal, ids))
        later = [goal.year + 1]
        if not rule.change or rule.baseline_of(goal.year) != goal.year - 1:
            later.append(goal.year - 1)
        if rule.kind is not RuleKind.CAP and goal.using in (None, "records") and draw(st.booleans()):
            records += _noise(draw, goal, ids, later)
        unit_facts = f.UnitFacts(name, member_of, tuple(records), tuple(counts), tuple(values))
        return f.Facts(units=(unit_facts,))

    return facts()


def facts_meeting(target: TargetLike, *, rules: RuleSet, unit: str | None = None, year: int | None = None,
                  using: str | None = None) -> st.SearchStrategy[f.Facts]:
    """Facts of one unit on which `target` is `met` for `year`, judged at the end of that year.

    `target` is a target of the compiled plan `rules`: a `MetricRule` from
    `rules.metric_rules`, or its rule id as verdicts show it (`"I.2-1#1"`,
    an inherited `"534/QĐ-TTg:#3"`). `unit` is a unit of the plan the target
    binds (by default, any unit it binds: `facts.units[0].name` says
    which, and `member_of` is filled in when the unit is bound through a
    group whose members the plan does not list). `year` is a year the
    target covers (by default its own year, or the year of its plan).

    Evaluate with `rules.evaluate(facts, as_of=date(year, 12, 31))`, or
    `verdict_for(target, facts, rules=rules, year=year)`. Facts may be
    records, aggregate counts (true counts, sometimes only derivable:
    `all - online`) or a reported value, drawn for every kind of target:

    - share: part/whole at or beyond the threshold, exactly at it often
      (3 of 5 for 60%), with excluded records (`trừ`) drawn too;
    - cut versus the previous year: two years of counts or records; a growth, against the previous
      year or a fixed base year, and an average growth (the year before its span and its last) alike;
    - the change of a share, in points: both years' parts and wholes;
    - count: the number of records meeting the condition;
    - per-record cap: records of the category from the plan's date on,
      and records that must not count (other categories, before the plan,
      the next year).

    `using` restricts where the figures come from: "records" (records of
    the kind; a year that must count zero still gets a count of 0 when no
    record of another sort can stand for it, and a number too large for
    records comes as counts), "counts" (aggregate counts only) or "value"
    (a reported value of the target's metric). None draws all three.

    Raises `ValueError` when the target cannot be met (a share of at least
    120%), or `unit`, `year` or `using` do not fit it.
    """
    return _target_facts(target, rules, unit, year, True, using)


def facts_violating(target: TargetLike, *, rules: RuleSet, unit: str | None = None, year: int | None = None,
                    using: str | None = None) -> st.SearchStrategy[f.Facts]:
    """Facts of one unit on which `target` is `not_met` for `year`, judged at the end of that year.

    The same as `facts_meeting` (see there) with the other verdict: a share
    or count just past the threshold often, a cut too small or an increase
    (from zero too), a cap broken by at least one record of the category
    (and records whose value is not known, which do not save it). Raises
    `ValueError` when the target cannot be violated (a share of at least 0%).
    """
    return _target_facts(target, rules, unit, year, False, using)


def verdict_for(target: TargetLike, facts: f.Facts, *, rules: RuleSet, year: int | None = None,
                unit: str | None = None) -> Verdict:
    """The verdict of `target` for `unit` (the facts' only unit when None) in `year`, judged on 31/12 of that year.

    `year` defaults as in `facts_meeting`. Raises `ValueError` when the
    target does not bind the unit, and `FactsError` when the facts do not
    fit the plan.
    """
    rule = _rule_of(target, rules)
    year = _year_of(rule, year)
    if unit is None:
        if len(facts.units) != 1:
            raise ValueError(f"the facts hold {len(facts.units)} units: say which one (unit=...)")
        unit = facts.units[0].name
    report = rules.evaluate(facts, as_of=_dt.date(year, 12, 31), units=[unit])
    found = [v for v in report.verdicts if v.rule == rule.clause.rule and v.period == rule.period_key(year)]
    if len(found) != 1:
        raise ValueError(f"target {rule.clause.rule} does not bind unit {unit!r}")
    return found[0]
