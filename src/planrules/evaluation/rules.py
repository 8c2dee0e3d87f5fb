"""Compiled rules: each target and each deadline of a plan, ready to judge facts.

`compiler.compile` builds these once per plan: names are resolved, conditions
turned into (field, value) tuples, the clause's places worked out. Judging a
unit then only counts facts (`measure.UnitIndex`) and compares exact
fractions; nothing here looks at plan text or syntax trees.

Periods: a target `trong năm Y` is judged for the year Y; a target `đến ngày D`
(`at`) once, for the year of D, on the records of that year dated up to D
(an index at D: `UnitIndex.at`), closed once `as_of` reaches D; a target `hằng năm`,
or with no period, for every calendar year from the plan's year to the
`as_of` year. A year is closed once `as_of` reaches 31 December; before that
the verdict is `pending` with the value so far, unless the outcome can no
longer change (a cap already broken, a cut already missed: counts only grow),
which gives `not_met` at once.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from fractions import Fraction

import attrs
from attrs import frozen

from ..facts import model as f
from ..language import model as m
from ..language.bounds import Bound
from . import figures as measures
from .conditions import General, condition_text
from .measure import Counted, Missing, Running, UnitIndex, Where, year_bounds, year_of
from . import assessed
from .judgements import judge as judge_deadline
from .periods import period_fits
from .workdays import Calendar
from ..base.source import Span
from .verdicts import (Explanation, Figure, Later, RuleKind, Stated, Status, Verdict, Violation, average_growth,
                       decided_early, on_track, show, show_date)

E = Explanation.of


# How a per-record rule reads by the ends of its bound (`Bound.sides`): (the value that keeps it, what breaking
# it is, the certainty).
_CAP_WORDS = {
    "upper": (("largest", "lớn nhất"), ("exceed", "vượt"), "cap_final"),
    "lower": (("smallest", "nhỏ nhất"), ("fall below", "thấp hơn"), "cap_final_minimum"),
    "both": (("largest", "lớn nhất"), ("fall outside", "nằm ngoài"), "cap_final_range"),
}
_ON_TRACK = ("on track", "đúng hướng")
# The rules that compare a year with a baseline year: a cut, a growth, an average growth.
CHANGES = (RuleKind.CUT, RuleKind.GROWTH, RuleKind.AVERAGE_GROWTH)
# The sentence a change of a count says its value in (hidden while part of a year stands against a whole one).
_CHANGE_SENTENCES = ("cut", "cut_increase", "growth", "growth_decrease", "average_growth")
_OFF_TRACK = ("not on track", "chưa đạt")
# The kinds and statuses compared on every verdict, as module names: in Python 3.11 a member read from its enum
# class goes through the metaclass's `__getattr__` hook, ten times the cost of reading a global.
_ASSESSED, _CAP, _CUT, _SHARE = RuleKind.ASSESSED, RuleKind.CAP, RuleKind.CUT, RuleKind.SHARE
_MEASURED_ELSEWHERE = (RuleKind.REPORTED, RuleKind.SUM, RuleKind.RATIO)  # `figures`' measures
_MET, _NOT_MET, _NOT_APPLICABLE, _PENDING = Status.MET, Status.NOT_MET, Status.NOT_APPLICABLE, Status.PENDING
_DONE_UNLESS_OPEN = (Status.NOT_APPLICABLE, Status.MET)  # nothing measured: pending while records may still come


@frozen
class Clause:
    """What every verdict of a rule says about where it comes from."""

    plan: str
    rule: str
    address: str | None
    source: m.SourceRef | None
    document: str | None
    at: str | None
    inherited_from: str | None = None
    span: Span | None = attrs.field(default=None, eq=False, kw_only=True)  # the clause in the .plan file
    # the target the rule comes from, whose words a report quotes when its clause has none (`clause_texts`)
    stated: m.Target | m.AssessedTarget | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)

    @property
    def cited(self) -> str | None:
        """The clause a verdict names: the address; for an inherited target, the parent's clause.

        An inherited target's address is the parent's, so it is named with the
        parent's number, as its rule id is ("534/QĐ-TTg:II.4"); a parent target
        with no address of its own (QĐ 534 is known only through quotations) is
        cited as the parent plan itself ("534/QĐ-TTg").
        """
        if self.inherited_from is None:
            return self.address
        return f"{self.inherited_from}:{self.address}" if self.address else self.inherited_from


def _cond_text(where: Where | General, neg: Where | General | None = None) -> tuple[str, str]:
    """The condition counted (less the one excluded) as an explanation shows it, in English and Vietnamese
    (`conditions.condition_text`: a number compared is written 0.5 and 0,5)."""
    return condition_text(where, neg, "en"), condition_text(where, neg, "vi")


def _in_brackets(where: Where | General, neg: Where | General | None = None) -> tuple[str, str] | str:
    """` (condition)` after a kind in an explanation, in both languages; "" for no condition."""
    return tuple(f" ({text})" for text in _cond_text(where, neg)) if where or neg else ""


def _list(records: Sequence[f.Record], limit: int = 5) -> str:
    return _labels([r.label for r in records[:limit]], total=len(records), limit=limit)


def _labels(labels: Sequence[str], total: int | None = None, limit: int = 5) -> str:
    total = len(labels) if total is None else total
    shown = ", ".join(labels[:limit])
    return shown + (f", … (+{total - limit})" if total > limit else "")


@frozen
class MetricRule:
    """A target on a metric: share, cut, count or per-record cap, for each year it covers."""

    clause: Clause
    kind: RuleKind
    metric: str | None  # the declared name, when the target names one
    record_kind: str
    comparator: m.Comparator
    threshold: m.Quantity
    first_year: int
    year: int | None  # `trong năm Y`; None: every year from `first_year`
    start: _dt.date  # caps bind records from the plan's date (its effective date, when it has one) on
    pos: Where | General = ()  # the condition counted (`conditions`)
    neg: Where | General | None = None  # records meeting it are left out (`trừ`)
    field: str | None = None  # caps: the measured field
    by: str | None = None  # caps: the category field
    category: str | None = None
    leads: frozenset[str] | None = None  # who it binds: its scope, or its task's leads; None: every unit
    last_year: int | None = None  # the year of the plan's end date (hiệu lực đến): no later year is judged
    # Its record kind has no date (a snapshot: today's state, which may fall as well as grow).
    snapshot: bool = attrs.field(default=False, kw_only=True)
    # `đến ngày D`: judged at D (its year is `year`), on the records dated up to D; None: at the end of the year.
    at: _dt.date | None = attrs.field(default=None, kw_only=True)
    # The plan's effective date (hiệu lực từ): in its year, records dated before it do not count. None: none stated.
    counted_from: _dt.date | None = attrs.field(default=None, kw_only=True)
    # The plan's end date (hiệu lực đến): in its year, records dated after it do not count, and the year is
    # judged on it. None: none stated.
    counted_to: _dt.date | None = attrs.field(default=None, kw_only=True)
    # `hằng năm đến năm Y`: no year after Y is judged. None: every year.
    until_year: int | None = attrs.field(default=None, kw_only=True)
    # `hằng năm đến ngày 15/12`: each year is judged on that (day, month). None: on 31 December.
    by_day: tuple[int, int] | None = attrs.field(default=None, kw_only=True)
    # `lũy kế`: a running total, counted from this day up to each judged year's day. None: each year's level.
    running_from: _dt.date | None = attrs.field(default=None, kw_only=True)
    # `số liệu từ ngày 15/12 năm trước`: each year's data run from this (day, month) of the year before to the day
    # before it (`measure.year_bounds`). None: the calendar year.
    data_from: tuple[int, int] | None = attrs.field(default=None, kw_only=True)
    # `giai đoạn 2025-2026`: the running total of a span (from `running_from`), judged once in `year`.
    span: bool = attrs.field(default=False, kw_only=True)
    # `theo dõi`: who monitors and reports the target; judged on nothing by it, named on each verdict.
    monitored_by: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    # `leads` is the target's own scope (`phạm vi`), not its task's leads.
    scoped: bool = attrs.field(default=False, kw_only=True)
    # `leads` as inheritance compares them: a group of every unit of a level (`= cấp xã`) stands as that level
    # ("cấp xã"), whatever each plan calls it, since each plan's level group holds that level's units of its
    # own territory. None: `leads` as they are.
    reach: frozenset[str] | None = attrs.field(default=None, kw_only=True)
    # An assessed target (`"…" đánh giá bởi: X`): its text, and who may assess it. None / (): a measured target.
    text: str | None = attrs.field(default=None, kw_only=True)
    assessors: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    # A change (cut, growth, average growth): the year it is measured against (`so với năm 2020`; an average growth:
    # the year before its span). None: each judged year's previous year.
    base_year: int | None = attrs.field(default=None, kw_only=True)
    # What a change is of: a count (its value a percentage of the baseline) or a share (in percentage points).
    base_kind: RuleKind = attrs.field(default=RuleKind.COUNT, kw_only=True)
    # The unit the metric's values are in (`vocabulary.metric_unit`): the compiler refuses a threshold in another.
    value_unit: m.QuantityUnit = attrs.field(kw_only=True)
    # `từ 40% đến 50%`: the upper end of a range (`comparator` BETWEEN, `threshold` its lower end); None otherwise.
    upper: m.Quantity | None = attrs.field(default=None, kw_only=True)
    # `nếu không phát sinh: đạt`: nothing to measure (0/0, no record for a cap, a cut from 0 to 0) is met; None:
    # it does not apply, as `không áp dụng` says.
    when_none: m.WhenNone | None = attrs.field(default=None, kw_only=True)
    # A reported figure's named unit (`tính bằng "Tbps"`), shown after values and the threshold. None: none.
    value_label: str | None = attrs.field(default=None, kw_only=True)
    # A ratio's numerator and denominator (`figures.Term`); () for every other kind.
    terms: tuple = attrs.field(default=(), kw_only=True)
    limit: Fraction = attrs.field(init=False)  # the threshold as a plain number (60% -> 3/5), worked out once
    bound: Bound = attrs.field(init=False)  # what the comparator asks of a value (`language.bounds`), once
    limit_text: tuple[str, str] = attrs.field(init=False)  # the threshold as people read it, in English and Vietnamese
    upper_text: tuple[str | None, str | None] = attrs.field(init=False)  # ... and a range's upper end
    cited: str | None = attrs.field(init=False)  # `Clause.cited`, once: every verdict of the rule names it
    # what every verdict of the rule says alike (its clause, target and unit), gathered once (after `cited`)
    stated: Stated = attrs.field(init=False, eq=False, repr=False)
    # the condition counted as explanations write it, once: of `pos` alone (a share's part), and with `neg`
    pos_text: tuple[str, str] = attrs.field(init=False, eq=False, repr=False)
    cond_text: tuple[str, str] = attrs.field(init=False, eq=False, repr=False)
    # ... and in brackets after a kind (`_in_brackets`), "" when every record counts
    bracketed: tuple[str, str] | str = attrs.field(init=False, eq=False, repr=False)
    # what depends on the year and `as_of` alone (the years judged, each year's window and state), worked out
    # for the first unit and read back for every other: (question, year or as_of, …) -> answer
    _known: dict = attrs.field(init=False, eq=False, repr=False, factory=dict)

    @limit.default
    def _limit(self) -> Fraction:
        return self.threshold.fraction

    @bound.default
    def _bound(self) -> Bound:
        return Bound.of(self.comparator, self.threshold, self.upper)

    @limit_text.default
    def _limit_text(self) -> tuple[str, str]:
        return (self._show(self.limit, "en"), self._show(self.limit, "vi"))

    @upper_text.default
    def _upper_text(self) -> tuple[str | None, str | None]:
        if self.bound.upper is None:
            return (None, None)
        return (self._show(self.bound.upper, "en"), self._show(self.bound.upper, "vi"))

    def shown(self, lang: str) -> tuple[str, str | None]:
        """The bound's limits as shown in `lang` ("40%", "50%"; the upper None but for a range)."""
        k = 1 if lang == "vi" else 0
        return self.limit_text[k], self.upper_text[k]

    def from_zero(self, now_zero: bool, cut: bool, args: dict) -> tuple[Explanation, Status]:
        """A cut or growth whose base year is 0 (of a count, a sum or a reported figure alike): 0 to 0 is as the
        target says (`nếu không phát sinh`); a maximum cut is kept by any increase; any other cut from 0 is not
        met; a growth from 0 has no rate, so `unknown`."""
        if now_zero:
            return self._none("cut_zero_both" if cut else "growth_zero_both", **args)
        if cut and self.bound.lower_end is None:
            return E("cut_from_zero_kept", **args), Status.MET
        if cut:
            return E("cut_from_zero", **args), Status.NOT_MET
        return E("growth_from_zero", **args), Status.UNKNOWN

    def _none(self, key: str, **args) -> tuple[Explanation, Status]:
        """Nothing to measure: the sentence `key` and not applicable, or, when the target says `nếu không phát
        sinh: đạt`, the sentence `key_met` and met."""
        if self.when_none is m.WhenNone.MET:
            return E(key + "_met", **args), Status.MET
        return E(key, **args), Status.NOT_APPLICABLE

    @cited.default
    def _cited(self) -> str | None:
        return self.clause.cited

    @pos_text.default
    def _pos_text(self) -> tuple[str, str]:
        return _cond_text(self.pos)

    @cond_text.default
    def _whole_cond_text(self) -> tuple[str, str]:
        return _cond_text(self.pos, self.neg)

    @bracketed.default
    def _bracketed(self) -> tuple[str, str] | str:
        return tuple(f" ({text})" for text in self.cond_text) if self.pos or self.neg else ""

    @property
    def _counted_text(self) -> tuple[str, str] | str:
        """The condition a count counts, after a space, for "3 hội_nghị records trực_tuyến in 2026"; nothing
        when every record counts ("3 hội_nghị records in 2026", not "records * in")."""
        return tuple(f" {text}" for text in self.cond_text) if self.pos or self.neg else ""

    @property
    def change(self) -> bool:
        """Is this a change against a baseline year (a cut, a growth, an average growth)?"""
        return self.kind in CHANGES

    @property
    def counted_change(self) -> bool:
        """A change of a count or a sum: its year so far is part of a year set against a whole one."""
        return self.kind in CHANGES and self.base_kind in (RuleKind.COUNT, RuleKind.SUM)

    @property
    def progress_kind(self) -> RuleKind:
        """The kind whose value so far behaves as this rule's does (`verdicts.decided_early`, `on_track`): a
        change of a share, a ratio or a reported figure moves as its level does, either way (a ratio so far is a
        level, as a share is); of a sum too (a field may be below zero: never decided early, never on track)."""
        if self.change and self.base_kind is not RuleKind.COUNT:
            return RuleKind.SHARE if self.base_kind is RuleKind.RATIO else self.base_kind
        return self.kind

    def baseline_of(self, year: int) -> int:
        """The year `year` is compared with: the fixed base year, or the one before it."""
        return self.base_year if self.base_year is not None else year - 1

    @property
    def cut_off(self) -> _dt.date | None:
        """The day a one-year target is judged at: its date (`đến ngày`), or 31 December of its year."""
        if self.at is not None:
            return self.at
        return self.bounds(self.year)[1] if self.year is not None else None

    def bounds(self, year: int) -> tuple[_dt.date, _dt.date]:
        """The first and last day of `year`'s data: the calendar year, or its data window (`year_bounds`)."""
        return year_bounds(year, self.data_from)

    def year_of(self, day: _dt.date) -> int:
        """The year whose data `day` belongs to: its own, or under a data window perhaps the next."""
        return year_of(day, self.data_from)

    def counted_until(self, year: int) -> _dt.date:
        """The last day whose records of `year` count: `judged_on`, or 31 December."""
        day = self.judged_on(year)
        return day if day is not None else _dt.date(year, 12, 31)

    def judged_on(self, year: int) -> _dt.date | None:
        """The day `year`'s verdict is judged on when it is not 31 December: the target's date (`đến
        ngày`), the last day of its data window, or the plan's end date in its year, whichever comes first."""
        day = self.at
        if day is None and self.by_day is not None and self.by_day != (31, 12):
            day = day_of(year, self.by_day)
        if day is None and self.data_from is not None:
            day = self.bounds(year)[1]
        end = self.counted_to
        if end is not None and self.year_of(end) == year and (day is None or end < day) and \
                end != self.bounds(year)[1]:
            day = end
        return day

    def _last_year(self) -> int | None:
        """The last year judged before the plan's end date: its year, or the year its data belong to."""
        if self.data_from is not None and self.counted_to is not None:
            return self.year_of(self.counted_to)
        return self.last_year

    def years(self, as_of: _dt.date) -> range:
        """The years judged at `as_of` (`judged_years`), once per `as_of`."""
        key = ("years", as_of)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = self.judged_years(as_of)
        return found

    def judged_years(self, as_of: _dt.date) -> range:
        """The years judged at `as_of` (not a first year whose day, `đến ngày`, comes before the plan is in force).
        None wholly after the plan's end date; a year of `trong năm Y`
        is not judged when the plan's end date comes before it."""
        last_year = self._last_year()
        if self.year is not None:
            if last_year is not None and self.year > last_year:
                return range(0)
            if self.at is not None and self.at < self.start:  # judged on a day before the plan is in force
                return range(0)
            return range(self.year, self.year + 1)
        first = self.first_year if self.data_from is None else self.year_of(self.start)
        last = max(first, self.year_of(as_of))
        if last_year is not None:
            last = min(last, last_year)
        if self.until_year is not None:
            last = min(last, self.until_year)
        if self.running_from is not None:  # a running total that starts later is not judged before its start
            first = max(first, self.year_of(self.running_from))
        day = self.judged_on(first) if self.by_day is not None else None
        if day is not None and day < self.start:  # its day in the first year comes before the plan is in force
            first += 1
        return range(first, last + 1)

    def _periods(self, as_of: _dt.date) -> tuple[tuple[int, bool, _dt.date | None, _dt.date], ...]:
        """Each year judged at `as_of`, whether its whole year counts, and its window (`window`), once per `as_of`:
        the same for every unit."""
        key = ("periods", as_of)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = tuple(
                (year, since is None and until == self.bounds(year)[1], since, until)
                for year in self.years(as_of) for since, until in (self.window(year),))
        return found

    def window(self, year: int) -> tuple[_dt.date | None, _dt.date]:
        """The days of `year` whose records count: from the plan's effective date in its first year
        (None: from 1 January) to `counted_until`; worked out once per year."""
        key = ("window", year)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = self._window(year)
        return found

    def _window(self, year: int) -> tuple[_dt.date | None, _dt.date]:
        since = self.counted_from if self.counted_from is not None and self.year_of(self.counted_from) == year \
            else None
        if since is not None and since == self.bounds(year)[0]:
            since = None
        return since, self.counted_until(year)

    def previous_window(self, year: int) -> tuple[_dt.date | None, _dt.date]:
        """The days of the baseline year (`baseline_of`) a change judged for `year` compares with: the same
        days as `window(year)`, in that year."""
        since, _ = self.window(year)
        day = self.judged_on(year)
        base = self.baseline_of(year)
        last = _same_day(day, base) if day is not None else self.bounds(base)[1]
        return (_same_day(since, base) if since is not None else None), last

    def judge(self, unit: str, index: UnitIndex, as_of: _dt.date) -> list[Verdict]:
        if self.kind is _ASSESSED:  # nothing measured: as assessed (`assessed`)
            return assessed.judge(self, unit, index, as_of)
        out = []
        index = index.by_data_window(self.data_from)
        for year, whole, since, until in self._periods(as_of):
            if self.running_from is not None:
                verdict = self._judge_running(unit, index, as_of, year)
            elif whole:
                verdict = self._judge_year(unit, index, as_of, year)
            else:
                verdict = self._judge_window(unit, index, as_of, year, since, until)
            if self.data_from is not None:  # every verdict names its year's data window
                verdict = attrs.evolve(verdict, explanation=(self._data_window_lead(year), *verdict.explanation))
            out.append(verdict)
        return out

    def _data_window_lead(self, year: int) -> Explanation:
        first, last = self.bounds(year)
        return E("data_window", year=year, since=show_date(first), until=show_date(last))

    def _judge_running(self, unit: str, index: UnitIndex, as_of: _dt.date, year: int) -> Verdict:
        """A running total (`lũy kế`) judged for `year`: every year from its start counted as a level is, the
        first from its start day, `year` up to the day it is judged on, and the counts added (`Running`)."""
        start, (_, until) = self.running_from, self.window(year)
        pieces = [(y, start if y == self.year_of(start) else None, until if y == year else self.bounds(y)[1])
                  for y in range(self.year_of(start), year + 1)]
        verdict = self._judge_year(unit, Running(index, pieces), as_of, year)
        lead = (E("span", first=self.year_of(start), last=year, since=show_date(start), until=show_date(until))
                if self.span else
                E("running", since=show_date(start), until=show_date(until), first=self.year_of(start), year=year))
        return attrs.evolve(verdict, explanation=(lead, *verdict.explanation))

    def _years_text(self, year: int) -> str:
        """The years a measured value covers, as explanations name them: 2026, or 2024–2026 for a running total."""
        if self.running_from is None or self.year_of(self.running_from) == year:
            return str(year)
        return f"{self.year_of(self.running_from)}–{year}"

    def _judge_window(self, unit: str, index: UnitIndex, as_of: _dt.date, year: int, since: _dt.date | None,
                      until: _dt.date) -> Verdict:
        """Judged on the records of part of `year` (`window`): from the effective date in the plan's first
        year, up to its date for a target judged at a date (a cut: the previous year's same days); pending
        before the date, saying on which day it is judged."""
        baseline = None
        previous = self.previous_window(year)
        cut = self.change
        if cut:
            baseline = index.within(*previous)
        verdict = self._judge_year(unit, index.within(since, until), as_of, year, baseline)
        leads = []
        fixed = "_base" if self.base_year is not None else "_cut"  # the base year named, or "the previous year"
        base = dict(base=self.baseline_of(year)) if self.base_year is not None else {}
        if until != self.bounds(year)[1]:
            day = show_date(until)
            if until != self.counted_to:  # the target's own day (`đến ngày`)
                leads.append(E("at_date" + fixed, date=day, previous=show_date(previous[1]), **base) if cut
                             else E("at_date", date=day))
            else:  # the plan's end date
                leads.append(E("until_end" + fixed, date=day, previous=show_date(previous[1]), **base) if cut
                             else E("until_end", date=day))
        if since is not None and not self.snapshot:
            leads.append(E("from_effective" + fixed, date=show_date(since), year=year,
                           previous=show_date(previous[0]), **base)
                         if cut else E("from_effective", date=show_date(since), year=year))
        explanation = verdict.explanation
        if since is not None and cut:  # mid-year, the window so far against the baseline year's same days
            explanation = tuple(x.rekeyed(x.key + "_from", since=show_date(since),
                                          previous_since=show_date(previous[0]))
                                if x.key in ("open_cut", "open_growth") else x for x in explanation)
        return attrs.evolve(verdict, explanation=(*leads, *explanation))

    # ------------------------------------------------------------------

    def _verdict(self, unit: str, year: int, status: Status, *, value: Fraction | None = None,
                 on_track: bool | None = None, figures: tuple[Figure, ...] = (), records: tuple[str, ...] = (),
                 violations: tuple[Violation, ...] = (), explanation: tuple[Explanation, ...] = ()) -> Verdict:
        return self.stated.verdict(unit, status, self.period_key(year), value, on_track, figures, records,
                                   violations, explanation)

    @stated.default
    def _stated(self) -> Stated:
        c = self.clause
        return Stated(
            plan=c.plan, rule=c.rule, kind=self.kind, clause=self.cited, value_unit=self.value_unit,
            comparator=self.comparator, threshold=self.threshold, upper=self.upper, when_none=self.when_none,
            category=self.category, metric=self.metric, inherited_from=c.inherited_from, source=c.source,
            document=c.document, at=c.at, monitored_by=self.monitored_by, value_label=self.value_label,
        )

    def period_key(self, year: int) -> str:
        """The period a verdict is keyed by: its year, or a span's years (`2021-2025`)."""
        if self.span:
            return f"{self.year_of(self.running_from)}-{year}"
        if self.kind is RuleKind.AVERAGE_GROWTH and self.base_year is not None:
            return f"{self.base_year + 1}-{year}"
        return str(year)

    def _show(self, value: Fraction, lang: str) -> str:
        return measures.shown(value, self.value_unit, self.value_label, lang)

    def _args(self, value: Fraction) -> dict:
        """`value` as shown, and against the threshold as it reads true (`Bound.compared`): worded when read."""
        words = Later(self.value_words, value)
        return {"value": words, "compared": Later(self.compared_words, value, words)}

    def value_words(self, value: Fraction) -> tuple[str, str]:
        """`value` as shown in English and Vietnamese."""
        return self._show(value, "en"), self._show(value, "vi")

    def compared_words(self, value: Fraction, words: Later | None = None) -> tuple[str, str]:
        """`value` against the threshold, worded to read true ("12.5%, needs ≥ 15%"), in English and Vietnamese
        (`words`: `value` already worded, or to be)."""
        en, vi = words() if words is not None else self.value_words(value)
        kept = self.bound.holds(value)
        return (self.bound.compared(en, self.shown("en"), kept, "en"),
                self.bound.compared(vi, self.shown("vi"), kept, "vi"))

    def target_words(self) -> tuple[str, str]:
        """The bound as a target reads in English and Vietnamese ("≥ 60%", "from 40% to 50%")."""
        return self.bound.text(self.shown("en")), self.bound.text(self.shown("vi"))

    def _state(self, year: int, as_of: _dt.date) -> str:
        """"closed", "open" or "future": `year` at `as_of`, once per both."""
        key = (year, as_of)
        found = self._known.get(key)
        if found is None:
            if as_of >= self.counted_until(year):
                found = "closed"
            else:
                found = "open" if as_of >= self.bounds(year)[0] else "future"
            self._known[key] = found
        return found

    def _judge_year(self, unit: str, index: UnitIndex, as_of: _dt.date, year: int,
                    baseline: UnitIndex | None = None) -> Verdict:
        state = self._state(year, as_of)
        if state == "future":
            return self._verdict(unit, year, Status.PENDING, explanation=(E("future", year=year, as_of=show_date(as_of)),))
        if self.kind is _CAP:
            return self._judge_cap(unit, index, as_of, year, state)
        measured = self._measure(index, year, baseline)
        if isinstance(measured, Missing):
            return self._missing(unit, year, state, measured)
        value, figures, records, explanation, special = measured
        if special in _DONE_UNLESS_OPEN and state == "open":  # records may still come this year
            return self._verdict(unit, year, Status.PENDING, value=value, figures=figures, records=records,
                                 explanation=explanation + (self._open_no_facts(year),))
        if special is not None:  # undefined share, nothing to cut, increase from zero, growth from zero
            return self._verdict(unit, year, special, value=value, figures=figures, records=records,
                                 explanation=explanation)
        holds = self.bound.holds(value)
        if state == "closed":
            return self._verdict(unit, year, _MET if holds else _NOT_MET, value=value, figures=figures, records=records,
                                 explanation=explanation)
        extra = dict(value=value, figures=figures, records=records)
        if self.snapshot:
            return self._verdict(unit, year, Status.PENDING, on_track=holds, explanation=explanation + (
                self._snapshot_open(year, as_of),), **extra)
        if decided_early(self.progress_kind, self.bound, value):  # counts of dated records only grow
            return self._verdict(unit, year, Status.NOT_MET, explanation=explanation + (E("decided_early"),), **extra)
        track = on_track(self.progress_kind, self.bound, value)
        day = self.judged_on(year)
        if self.counted_change and figures and day is not None:  # judged on its day, not before
            extra["value"] = None
            explanation = tuple(sentence for sentence in explanation if sentence.key not in _CHANGE_SENTENCES)
            return self._verdict(unit, year, Status.PENDING, explanation=explanation + (
                E("at_date_pending", date=show_date(day), as_of=show_date(as_of)),), **extra)
        if self.counted_change and figures:  # part of a year against a whole one: no change to show yet
            extra["value"] = None
            explanation = tuple(sentence for sentence in explanation if sentence.key not in _CHANGE_SENTENCES)
        return self._verdict(unit, year, Status.PENDING, on_track=track, explanation=explanation + (
            self._so_far(year, as_of, value, holds, track, figures),), **extra)

    def _so_far(self, year: int, as_of: _dt.date, value: Fraction, kept: bool, track: bool | None,
                figures: Sequence[Figure]) -> Explanation:
        """What a value so far in an open year is compared with, like with like (`verdicts.on_track`)."""
        counted = {x.name: x.value for x in figures}
        target = Later(self.target_words)
        if self.counted_change and "baseline_total" in counted:  # a sum's: the year's total that keeps the bound
            return self._open_total(year, as_of, counted["baseline_total"], counted["current_total"], target)
        if self.counted_change and "baseline" in counted:
            base = counted["baseline"]
            if self.kind is RuleKind.CUT:
                words = _count_range(*self.bound.cut_counts(base))  # the year's counts whose cut keeps the bound
            else:  # a growth's (an average one: n years of it), a count that only grows with the rate
                power = year - self.baseline_of(year) if self.kind is RuleKind.AVERAGE_GROWTH else 1
                ends = (self.limit,) if self.bound.upper is None else (self.limit, self.bound.upper)
                words = _count_range(*Bound(self.comparator, *(base * (1 + end) ** power for end in ends)).wholes())
            key = "open_cut" if self.kind is RuleKind.CUT else "open_growth"
            return E(key, year=year, as_of=show_date(as_of), current=counted["current"], baseline=base,
                     previous=self.baseline_of(year), target=target, bound=words)
        if self.kind is RuleKind.COUNT and "count" in counted:
            day = self.judged_on(year)
            last = show_date(day) if day is not None else f"31/12/{year}"
            first, most = self.bound.wholes()  # counts only grow: how many more it needs, or may still take
            if track:
                need = ("already reached, and counts only grow", "đã đạt, và số lượng chỉ có thể tăng")
            elif first is not None and value < first:
                n = first - int(value)
                need = (f"{n} more needed by {last}", f"cần thêm {n} trước {last}")
                if most is not None:
                    top = most - int(value)  # a range: no more than its top
                    need = (f"{need[0]}, at most {top} more", f"{need[1]}, thêm tối đa {top}")
            else:
                n = (most if most is not None else 0) - int(value)
                need = (f"at most {n} more by {last}", f"chỉ được thêm tối đa {n} trước {last}")
            if day is not None:
                return E("at_date_open_count", date=last, as_of=show_date(as_of), value=self._args(value)["value"],
                         target=target, need=need)
            return E("open_count", year=year, as_of=show_date(as_of), value=self._args(value)["value"],
                     target=target, need=need)
        day = self.judged_on(year)
        if day is not None:
            return E("at_date_open", date=show_date(day), as_of=show_date(as_of),
                     track=_ON_TRACK if kept else _OFF_TRACK, **self._args(value))
        return E("open", year=year, track=_ON_TRACK if kept else _OFF_TRACK, **self._args(value))

    def _open_total(self, year: int, as_of: _dt.date, base: Fraction, current: Fraction,
                    target: tuple[str, str]) -> Explanation:
        """A change of a sum while its year is open: the year's total that would keep it, in the sum's unit."""
        term = self.terms[0]
        if self.kind is RuleKind.CUT:
            totals = self.bound.cut_bound(base)
        else:  # a growth's (an average one: n years of it)
            power = year - self.baseline_of(year) if self.kind is RuleKind.AVERAGE_GROWTH else 1
            ends = (self.limit,) if self.bound.upper is None else (self.limit, self.bound.upper)
            totals = Bound(self.comparator, *(base * (1 + end) ** power for end in ends))

        def shown(x, lang):
            return measures.shown(x, term.unit, term.label, lang) if x is not None else None

        return E("open_change_total", year=year, as_of=show_date(as_of), target=target, previous=self.baseline_of(year),
                 **{name: tuple(shown(x, lang) for lang in ("en", "vi")) for name, x in (("current", current),
                                                                                     ("baseline", base))},
                 bound=tuple(totals.text((shown(totals.limit, lang), shown(totals.upper, lang)))
                             for lang in ("en", "vi")))

    def _open_no_facts(self, year: int) -> Explanation:
        day = self.judged_on(year)
        if day is not None:
            return E("at_date_no_facts", date=show_date(day))
        return E("open_no_facts", year=year)

    def _snapshot_open(self, year: int, as_of: _dt.date) -> Explanation:
        day = self.judged_on(year)
        if day is not None:
            return E("at_date_snapshot_open", kind=self.record_kind, as_of=show_date(as_of), date=show_date(day))
        return E("snapshot_open", kind=self.record_kind, as_of=show_date(as_of), year=year)

    def _missing(self, unit: str, year: int, state: str, missing: Missing) -> Verdict:
        if state == "open" and missing.reason in ("no_facts", "no_figure", "counts_only") and missing.year == year:
            return self._verdict(unit, year, Status.PENDING, explanation=(self._open_no_facts(year),))
        return self._verdict(unit, year, Status.UNKNOWN, records=tuple(r.label for r in missing.records),
                             explanation=(_missing_sentence(missing, self.pos,
                                                            None if self.kind is RuleKind.SHARE else self.neg),))

    def _reported(self, index: UnitIndex, year: int):
        if self.metric is None:
            return None
        reported = index.reported_value(self.metric, year)
        if reported is None:
            return None
        origin = str(reported.origin) if reported.origin else "-"
        args = self._args(reported.value)
        return (reported.value, (), (origin,), (E("reported_value", origin=origin, **args),), None)

    def _measure(self, index: UnitIndex, year: int, baseline_index: UnitIndex | None = None):
        """(value, figures, records used, explanation, special status) or `Missing`; a cut counts the
        previous year on `baseline_index` when given (the same part of it: `_judge_window`)."""
        kind = self.kind
        if kind in _MEASURED_ELSEWHERE:
            if kind is RuleKind.REPORTED:
                return measures.reported(self, index, year)
            if kind is RuleKind.SUM:
                return measures.total(self, index, year)
            return measures.ratio(self, index, year)
        if kind is _SHARE:
            part = index.count(self.record_kind, year, self.pos, self.neg)
            whole = index.count(self.record_kind, year, (), self.neg)
            if isinstance(part, Missing) or isinstance(whole, Missing):
                return self._reported(index, year) or (part if isinstance(part, Missing) else whole)
            figures = [Figure("part", part.value), Figure("whole", whole.value)]
            sentences = []
            if self.neg:
                everything = index.count(self.record_kind, year, ())
                if isinstance(everything, Counted):
                    excluded = everything.value - whole.value
                    figures.append(Figure("excluded", excluded))
                    sentences.append(E("share_excluded", excluded=excluded, excl=Later(_cond_text, self.neg)))
            if whole.value == 0:
                sentence, status = self._none("share_undefined", kind=self.record_kind, year=self._years_text(year))
                return None, tuple(figures), whole.sources, (sentence, *sentences), status
            value = Fraction(part.value, whole.value)
            lead = E("share", part=part.value, whole=whole.value, kind=self.record_kind, year=self._years_text(year),
                     cond=self.pos_text, **self._args(value))
            # the records counted above the line; aggregates name both counts, above and below it
            used = part.sources if not whole.aggregates else tuple(dict.fromkeys(part.sources + whole.sources))
            return value, tuple(figures), used, (lead, *sentences), None
        if self.change and self.terms:  # of a sum, a ratio or a reported figure (`figures.change`)
            if self.baseline_of(year) >= year:
                return self._measure_change(index, year, baseline_index)
            return measures.change(self, index, year, baseline_index)
        if self.change:
            return self._measure_change(index, year, baseline_index)
        counted = index.count(self.record_kind, year, self.pos, self.neg)
        if isinstance(counted, Missing):
            return self._reported(index, year) or counted
        value = Fraction(counted.value)
        return (value, (Figure("count", counted.value),), counted.sources,
                (E("count", kind=self.record_kind, cond=self._counted_text, year=self._years_text(year),
                   **self._args(value)),), None)

    def _level(self, index: UnitIndex, year: int):
        """What a change compares in one year: a count, or a share's (part, whole); or `Missing`."""
        if self.base_kind is RuleKind.SHARE:
            part = index.count(self.record_kind, year, self.pos, self.neg)
            if isinstance(part, Missing):
                return part
            whole = index.count(self.record_kind, year, (), self.neg)
            return whole if isinstance(whole, Missing) else (part, whole)
        return index.count(self.record_kind, year, self.pos, self.neg)

    def _measure_change(self, index: UnitIndex, year: int, baseline_index: UnitIndex | None):
        """A cut, a growth or an average growth judged for `year`, against its baseline year counted on
        `baseline_index` when given (`_measure`)."""
        base_year = self.baseline_of(year)
        if base_year >= year:  # a fixed base year the plan's years reach
            return None, (), (), (E("base_not_before", year=year, previous=base_year),), Status.NOT_APPLICABLE
        if self.snapshot and index.register(self.record_kind, year) is None:  # one snapshot for both years
            key = "cut_snapshot" if self.kind is RuleKind.CUT else "change_snapshot"
            return None, (), (), (E(key, kind=self.record_kind, previous=base_year, year=year),), Status.UNKNOWN
        current = self._level(index, year)
        baseline = self._level(baseline_index if baseline_index is not None else index, base_year)
        if isinstance(baseline, Missing):
            return self._reported(index, year) or baseline
        if isinstance(current, Missing):
            return self._reported(index, year) or current
        args = dict(kind=self.record_kind, cond=self.bracketed, previous=base_year, year=year)
        if self.base_kind is _SHARE:
            return self._share_change(baseline, current, args)
        figures = (Figure("baseline", baseline.value), Figure("current", current.value), *self._base_figure(base_year))
        args.update(baseline=baseline.value, current=current.value)
        sources = baseline.sources + current.sources
        cut = self.kind is _CUT
        if baseline.value == 0:
            sentence, status = self.from_zero(current.value == 0, cut, args)
            return None, figures, sources, (sentence,), status
        if self.kind is RuleKind.AVERAGE_GROWTH:
            years = year - base_year
            _, value = average_growth(Fraction(current.value, baseline.value), years, self.bound)
            power = tuple(" – ".join(f"(1 + {text})^{years}" for text in (low, high) if text is not None)
                          for low, high in (self.shown("en"), self.shown("vi")))
            return value, figures, sources, (E("average_growth", years=years, power=power, **args,
                                               **self._args(value)),), None
        value = Fraction(baseline.value - current.value if cut else current.value - baseline.value, baseline.value)
        if value < 0:
            other = Later(self.value_words, -value)
            key = "cut_increase" if cut else "growth_decrease"
            return value, figures, sources, (E(key, rise=other, **args, **self._args(value)),), None
        return value, figures, sources, (E("cut" if cut else "growth", **args, **self._args(value)),), None

    def _base_figure(self, base_year: int) -> tuple[Figure, ...]:
        """A fixed base year (an average growth's too), named among the figures so that a roll-up can say it."""
        return (Figure("base_year", base_year),) if self.base_year is not None else ()

    def _share_change(self, baseline: tuple[Counted, Counted], current: tuple[Counted, Counted], args: dict):
        """The change of a share in percentage points: this year's share less the baseline year's (a growth),
        or the other way round (a cut). A share of nothing (0/0) this year is no share to change, so the target
        does not apply (as a share's does); from a share of nothing, the change is undefined: unknown."""
        (before, before_whole), (part, whole) = baseline, current
        figures = (Figure("baseline_part", before.value), Figure("baseline_whole", before_whole.value),
                   Figure("part", part.value), Figure("whole", whole.value), *self._base_figure(args["previous"]))
        sources = tuple(dict.fromkeys(before.sources + part.sources))
        if whole.value == 0:  # no share this year (0/0): nothing to measure, as the target says
            sentence, status = self._none("share_change_undefined", **args, empty=args["year"])
            return None, figures, sources, (sentence,), status
        if before_whole.value == 0:
            return (None, figures, sources, (E("share_change_undefined", **args, empty=args["previous"]),),
                    Status.UNKNOWN)
        then, now = Fraction(before.value, before_whole.value), Fraction(part.value, whole.value)
        value = now - then if self.kind is RuleKind.GROWTH else then - now
        shares = {"baseline": Later(_percent, then), "current": Later(_percent, now)}
        return value, figures, sources, (E("share_growth" if self.kind is RuleKind.GROWTH else "share_cut", **args,
                                           **shares, before=f"{before.value}/{before_whole.value}",
                                           now=f"{part.value}/{whole.value}", **self._args(value)),), None

    def _cap_year(self, year: int) -> tuple[_dt.date, str, str]:
        """A cap's first day in `year` (the plan's date in its first year), that day shown, and its category as
        explanations say it (" (loại=quán_triệt)", or ""): the same for every unit, worked out once a year."""
        key = ("cap", year)
        found = self._known.get(key)
        if found is None:
            start = max(self.start, self.bounds(year)[0])
            found = self._known[key] = (start, show_date(start),
                                        f" ({self.by}={self.category})" if self.category else "")
        return found

    def _judge_cap(self, unit: str, index: UnitIndex, as_of: _dt.date, year: int, state: str) -> Verdict:
        start, start_text, category = self._cap_year(year)
        scan = index.cap(self.record_kind, year, start=start, field=self.field, by=self.by, category=self.category,
                         bound=self.bound)
        if isinstance(scan, Missing):
            missing = scan
            if missing.reason == "no_records":
                zero = index.count(self.record_kind, year, self._category_where())
                if isinstance(zero, Counted) and zero.value == 0:  # none so far: more may come while the year is open
                    extra = (self._open_no_facts(year),) if state == "open" else ()
                    sentence, none = self._none("cap_none", kind=self.record_kind, category=category,
                                                start=start_text, year=year)
                    return self._verdict(unit, year, none if state == "closed" else Status.PENDING,
                                         figures=(Figure("count", 0),), records=zero.sources,
                                         explanation=(sentence, *extra))
                counted = zero if isinstance(zero, Counted) else index.count(self.record_kind, year, ())
                if isinstance(counted, Counted):
                    # Counts instead of the register: records cannot come for the year any more (F134),
                    # so the cap can never be judged, open year or not.
                    n = counted.value
                    what = ((f"{n} with {self.by}={self.category}", f"{n} có {self.by}={self.category}")
                            if counted is zero and self.category else (f"{n} in all", f"tổng số {n}"))
                    return self._verdict(unit, year, Status.UNKNOWN, figures=(Figure("count", n),),
                                         records=counted.sources, explanation=(E(
                                             "cap_counts_only", kind=self.record_kind, year=year, what=what),))
                if state == "open":
                    return self._verdict(unit, year, Status.PENDING, explanation=(self._open_no_facts(year),))
            return self._verdict(unit, year, Status.UNKNOWN, records=tuple(r.label for r in missing.records),
                                 explanation=(_missing_sentence(missing, ()),))
        limit = self.limit
        figures = (Figure("records", scan.relevant), Figure("broken", len(scan.broken)),
                   Figure("unclear", len(scan.unclear)))
        threshold_text = self.limit_text
        if scan.broken:
            violations = tuple(Violation(label, value, limit, self.category, origin)
                               for label, value, origin in scan.broken)
            worst = self.bound.worst([v.value for v in violations])
            listing = Later(_listings, violations, self.value_unit)
            _, beyond, final = _CAP_WORDS[self.bound.sides]
            if self.upper is not None:  # a range: both its ends
                threshold_text = Later(self.target_words)
            sentence = E("cap_broken", n=len(scan.broken), total=scan.relevant, kind=self.record_kind,
                         category=category, beyond=beyond, threshold=threshold_text, list=listing)
            if state == "open" and self.snapshot:  # today's state: the record may still be put right
                return self._verdict(unit, year, Status.PENDING, on_track=False, value=worst, figures=figures,
                                     violations=violations, records=scan.records,
                                     explanation=(sentence, self._snapshot_open(year, as_of)))
            extra = (E(final),) if state == "open" else ()
            return self._verdict(unit, year, _NOT_MET, value=worst, figures=figures, violations=violations,
                                 records=scan.records, explanation=(sentence, *extra))
        if scan.unclear:
            return self._verdict(unit, year, Status.UNKNOWN, figures=figures, records=scan.unclear,
                                 explanation=(E("cap_unknown", n=len(scan.unclear), kind=self.record_kind,
                                                field=self.field if scan.unclear_have_by else
                                                f"{self.field}/{self.by}", list=Later(_labels, scan.unclear)),))
        if not scan.relevant:
            sentence, none = self._none("cap_none", kind=self.record_kind, category=category, start=start_text,
                                        year=year)
            status = none if state == "closed" else Status.PENDING
            return self._verdict(unit, year, status, figures=figures, explanation=(sentence,))
        value = scan.extreme
        sentence = E("cap_ok", n=scan.relevant, kind=self.record_kind, category=category, start=start_text,
                     field=self.field, extreme=_CAP_WORDS[self.bound.sides][0], **self._args(value))
        if state == "closed":
            return self._verdict(unit, year, _MET, value=value, figures=figures, records=scan.records,
                                 explanation=(sentence,))
        return self._verdict(unit, year, _PENDING, value=value, figures=figures, records=scan.records,
                             explanation=(sentence,), on_track=True)

    def _category_where(self) -> Where:
        return ((self.by, self.category),) if self.by and self.category else ()


def _count_range(first: int | None, last: int | None) -> tuple[str, str]:
    """Whole counts from `first` to `last` (None: no end), in words: "at most 27", "from 18 to 27"."""
    first = max(first or 0, 0)
    if last is None:
        return (f"at least {first}", f"tối thiểu {first}")
    if first == 0:
        return (f"at most {last}", f"tối đa {last}")
    if first > last:
        return ("none", "không có")
    return (f"from {first} to {last}", f"từ {first} đến {last}")


def day_of(year: int, day_month: tuple[int, int]) -> _dt.date:
    """(day, month) in `year` (29 February: the 28th in a year without it)."""
    return _same_day(_dt.date(2024, day_month[1], day_month[0]), year)


def _same_day(day: _dt.date, year: int) -> _dt.date:
    """`day`'s day and month in `year` (29 February: the 28th in a year without it)."""
    try:
        return day.replace(year=year)
    except ValueError:
        return _dt.date(year, 2, 28)


def _percent(share: Fraction) -> tuple[str, str]:
    """A share shown as a percentage in English and Vietnamese."""
    return show(share, m.QuantityUnit.PERCENT, "en"), show(share, m.QuantityUnit.PERCENT, "vi")


def _listings(violations: Sequence[Violation], unit: m.QuantityUnit) -> tuple[str, str]:
    """`_listing` in English and Vietnamese."""
    return _listing(violations, unit, "en"), _listing(violations, unit, "vi")


def _listing(violations: Sequence[Violation], unit: m.QuantityUnit, lang: str, limit: int = 5) -> str:
    """The records over a cap with their values, in `lang`: "TCCB-03 (2 ngày)" in a Vietnamese sentence."""
    shown = ", ".join(f"{v.record} ({show(v.value, unit, lang)})" for v in violations[:limit])
    return shown + (f", … (+{len(violations) - limit})" if len(violations) > limit else "")


def _missing_sentence(missing: Missing, pos: Where | General, neg: Where | General | None = None) -> Explanation:
    if missing.reason == "field_missing":
        return E("unknown_field", n=len(missing.records), kind=missing.kind, year=missing.year,
                 field=missing.field, list=Later(_list, missing.records))
    if missing.reason == "no_date":
        return E("unknown_no_date", n=len(missing.records), kind=missing.kind, list=Later(_list, missing.records))
    if missing.reason == "no_figure":
        return E("unknown_no_figure", metric=missing.kind, year=missing.year)
    if missing.reason == "counts_only":
        return E("unknown_counts_only", kind=missing.kind, year=missing.year, field=missing.field)
    cond = _in_brackets(pos, neg)
    return E("unknown_no_facts", kind=missing.kind, year=missing.year, cond=cond)


@frozen
class DeadlineRule:
    """One deadline of a task, for the units responsible for the task."""

    clause: Clause
    task: str  # the task's address
    deadline: m.Deadline
    position: int  # 1-based among the task's deadlines
    of: int  # how many deadlines the task has
    leads: frozenset[str] | None  # None: a task with no lead binds every unit
    plan_date: _dt.date  # the day the plan is in force from: its effective date, or else its date
    until: _dt.date | None = None  # its end date: no occurrence that opens after it is judged
    # A joint deliverable (`chủ trì: a, b chung`, the default for several): the units named as its leads, in the
    # task's order, who answer it together; () when each lead owes its own (one lead, `mỗi đơn vị`, groups).
    joint: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    # Every deadline of its task, this one at `position`: a delivery naming a period but no deadline answers the
    # one deadline that can have that period (a December report that is also Q4's, H2's and the year's).
    siblings: tuple = attrs.field(default=(), kw_only=True)

    @property
    def trigger(self) -> str | None:
        """The event this deadline waits for (`sau khi`, `trong vòng N ngày sau khi`, `quý … khi`), or None."""
        return getattr(self.deadline, "event", None) or getattr(self.deadline, "trigger", None)

    def answers(self, delivery: f.Delivery) -> bool:
        """Does `delivery` (already for this task) answer this deadline?"""
        if self.of == 1 and delivery.deadline is None:
            return True
        if delivery.deadline is None and delivery.period is not None and self.siblings:
            fits = [i for i, d in enumerate(self.siblings, start=1)
                    if period_fits(d, delivery.period, plan_date=self.plan_date)]
            return fits == [self.position]  # none, or several alike: it must say which (F206)
        wanted = delivery.deadline
        return wanted == str(self.position) or (self.deadline.label is not None and wanted == self.deadline.label)

    def judge(self, unit: str, deliveries: Sequence[f.Delivery], happened: Sequence[_dt.date],
              as_of: _dt.date, calendar: Calendar) -> list[Verdict]:
        c = self.clause
        mine = [d for d in deliveries if d.task == self.task and self.answers(d)]
        out = []
        for j in judge_deadline(self.deadline, plan_date=self.plan_date, until=self.until, as_of=as_of, deliveries=mine,
                                happened=happened, calendar=calendar):
            out.append(Verdict(
                plan=c.plan, unit=unit, rule=c.rule, kind=RuleKind.DEADLINE, status=j.status, clause=c.cited,
                period=j.period, due=j.due, last_day=j.last_day, delivered=j.delivered, records=j.records,
                explanation=j.explanation, inherited_from=c.inherited_from, source=c.source, document=c.document,
                at=c.at, label=self.deadline.label, days_late=j.days_late,
            ))
        return out
