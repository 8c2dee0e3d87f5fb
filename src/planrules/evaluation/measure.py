"""Counting facts: how many records of a kind, in a year, meet a condition.

This is the one place that decides where a number comes from, so every rule
agrees on it:

- **Records first.** When a unit reported records of a kind dated in the year
  (or records of an undated kind, a snapshot such as a staff list), they are
  that year's complete register: the count is computed from them. A record
  that lacks a field the condition needs, or lacks its date, makes the count
  unknown — it is never guessed.
- **Then aggregate counts.** Otherwise a `Count` fact for exactly that kind,
  year and condition is used; one for the condition with a yes/no field
  flipped is turned around (`not secret = all - secret`); a zero count for a
  looser condition is zero for a stricter one (no conference, so no online one).
- **Otherwise unknown.** Absence is never zero: a year with no conference is
  reported as `count = 0`.

Conditions are conjunctions of (field, value) pairs, or general conditions
(`conditions.General`: `hoặc`, sets, numbers compared), which only records answer
(and a count of none for the whole kind). "Records meeting `pos` but not `neg`"
(a share's numerator with `trừ`) is counted directly on records, and as
`count(pos) - count(pos and neg)` from aggregates.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from fractions import Fraction
from functools import lru_cache
from itertools import combinations

from attrs import frozen

from ..facts import model as f
from ..language.bounds import Bound
from .conditions import General, Where, fields_of, matches


@frozen
class Counted:
    """A count and the facts it came from (record labels, or the aggregates' places).

    `labels` names counted records by label alone, for an index that never
    builds `Record` objects (a database source); they come before the
    aggregates in `sources`, as `records` do.
    """

    value: int
    records: tuple[f.Record, ...] = ()
    aggregates: tuple[f.Count, ...] = ()
    labels: tuple[str, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        if not self.records and not self.aggregates:  # a database's count: its labels alone
            return tuple(self.labels)  # (the same tuple: no copy)
        # a record's label is its id when it has one (most do): read it without the property
        out = [r.id if r.id is not None else r.label for r in self.records]
        out += self.labels
        out += [str(c.origin) if c.origin else f"{c.kind} {c.year}" for c in self.aggregates]
        return tuple(out)


@frozen
class Summed:
    """A total of a number field over `n` records (`UnitIndex.total`), and the facts it came from (as `Counted`)."""

    value: Fraction
    n: int
    records: tuple[f.Record, ...] = ()
    aggregates: tuple[f.Count, ...] = ()
    labels: tuple[str, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        return Counted(self.n, self.records, self.aggregates, self.labels).sources


@frozen
class Missing:
    """Why a count cannot be known: `reason` is an explanation key, `records` the culprits."""

    reason: str
    kind: str
    year: int | None
    records: tuple[f.Record, ...] = ()
    field: str | None = None


@frozen
class CapScan:
    """One year's register of records scanned against a per-record cap (see `UnitIndex.cap`).

    `relevant` records are of the category (when the cap has one), dated from
    the cap's start; `unclear` ones lack the measured field or the category
    field (`unclear_have_by`: does any of them have the category field?);
    `broken` ones fail the cap: (label, exact value, origin text) in register
    order. `extreme` is the largest value (an "at most" cap) or the smallest
    ("at least") among the relevant records, when every one of them has the
    field. `records` labels the relevant records, in register order; an index
    that does not list counted records (see `sources.Evidence`) leaves it empty.
    """

    relevant: int
    records: tuple[str, ...]
    unclear: tuple[str, ...]
    unclear_have_by: bool
    broken: tuple[tuple[str, Fraction, str | None], ...]
    extreme: Fraction | None


Starts = tuple[int, int] | None  # a data window's first (day, month), in the year before; None: the calendar year


def year_bounds(year: int, starts: Starts) -> tuple[_dt.date, _dt.date]:
    """The first and last day of `year`'s data: 1 January to 31 December, or, with a data window starting on
    (day, month) of the year before (`số liệu từ ngày 15/12 năm trước`), from that day to the day before it
    in `year` (15/12/2025–14/12/2026)."""
    if starts is None:
        return _dt.date(year, 1, 1), _dt.date(year, 12, 31)
    first = _dt.date(year - 1, starts[1], starts[0])
    return first, _dt.date(year, starts[1], starts[0]) - _dt.timedelta(days=1)


def year_of(day: _dt.date, starts: Starts) -> int:
    """The year whose data `day` belongs to (`year_bounds`)."""
    if starts is None or (day.month, day.day) < (starts[1], starts[0]):
        return day.year
    return day.year + 1


def normalized(pos: Where | General, neg: Where | General | None) -> tuple[Where | General, Where | General | None]:
    """The question `count(pos, neg)` really asks: an exclusion that can never hold with `pos` excludes nothing."""
    if isinstance(neg, tuple) and isinstance(pos, tuple) and _contradict(pos, neg):
        return pos, None
    return pos, neg


@lru_cache(maxsize=1024)
def _contradict(pos: Where, neg: Where) -> bool:
    """Can `neg` never hold together with `pos`? Asked for every count with an exclusion, of a few rules' pairs:
    answered once for each."""
    return merge(pos, neg) is None


def merge(a: Where, b: Where) -> Where | None:
    """Both conditions at once, as sorted pairs; None when they contradict each other."""
    pairs = dict(a)
    for key, value in b:
        if pairs.get(key, value) != value:
            return None
        pairs[key] = value
    return tuple(sorted(pairs.items()))


class UnitIndex:
    """One unit's facts arranged for counting, built once per evaluation of that unit.

    Facts dated after `as_of` have not happened yet at `as_of` and are left out.

    The rules ask an index three questions: `count` (records of a kind in a
    year meeting a condition, with an exclusion), `cap` (a year's register
    scanned against a per-record cap) and `reported_value`. Where the
    year's register of records is, and what it holds, is asked of the two
    methods `register` and `_count_records`/`_cap_records`; everything else
    (aggregate counts, their fall-backs, reported values) is decided here on
    `f.Count` and `f.ReportedValue` values. `sql.SqlIndex` answers the
    register questions from a database and inherits the rest, so both paths
    share every decision.
    """

    def __init__(self, unit: f.UnitFacts, as_of: _dt.date, dated_kinds: frozenset[str],
                 since: _dt.date | None = None, *, starts: Starts = None):
        self.unit = unit
        self.as_of = as_of
        self.since = since  # records dated before it are left out too (`within`)
        self.starts = starts  # a data window: records are of the year whose data they are (`year_of`)
        self._dated = dated_kinds
        self._records: dict[tuple[str, int | None], list[f.Record]] = {}
        self._undated: dict[str, list[f.Record]] = {}
        by_year = self._records
        for record in unit.records:  # every record of the unit: the loop is kept lean
            kind, date = record.kind, record.date
            if kind not in dated_kinds:
                key: tuple[str, int | None] = (kind, None)
            elif date is None:
                self._undated.setdefault(kind, []).append(record)
                continue
            elif date <= as_of:
                key = (kind, date.year if starts is None else year_of(date, starts))
            else:
                continue
            found = by_year.get(key)
            if found is None:
                by_year[key] = [record]
            else:
                found.append(record)
        if since is not None:  # a window from a day on: its year's records from that day, no earlier year's
            since_year = year_of(since, starts)
            for key in list(by_year):
                if key[1] is not None and key[1] < since_year:
                    del by_year[key]
                elif key[1] == since_year:
                    kept = [r for r in by_year[key] if r.date >= since]
                    if kept:
                        by_year[key] = kept
                    else:
                        del by_year[key]
        self._counts: dict[tuple[str, int, Where], f.Count] = {}
        for count in unit.counts:
            if count.year <= as_of.year:
                self._counts[(count.kind, count.year, count.where)] = count
        self._values = {(v.metric, v.year): v for v in unit.values if v.year <= as_of.year}
        if starts is not None:  # a count or a value is a calendar year's: it says nothing of a data window's
            self._counts, self._values = {}, {}
        self._memo: dict[tuple, Counted | Missing] = {}  # several targets count the same records
        self._maps: dict[tuple[str, int], list[tuple[f.Record, dict]]] = {}
        self._within: dict[tuple, UnitIndex] = {}  # `within`: the same facts in a window
        self._windows: dict[tuple[int, int], UnitIndex] = {}  # `by_data_window`: the same facts by other years

    def by_data_window(self, starts: Starts) -> "UnitIndex":
        """This unit's facts with each record in the year whose data it is under a data window starting on
        `starts` (`year_of`), the one question the rules then ask by year; aggregate counts and reported
        values are calendar years', so none is used. Built once per window."""
        if starts is None or starts == self.starts:
            return self
        found = self._windows.get(starts)
        if found is None:
            found = self._windows[starts] = self._data_window_index(starts)
        return found

    def _data_window_index(self, starts: tuple[int, int]) -> "UnitIndex":
        return UnitIndex(self.unit, self.as_of, self._dated, self.since, starts=starts)

    def within(self, since: _dt.date | None, until: _dt.date) -> "UnitIndex":
        """This unit's facts in a window of one year: the records dated from `since` (None: any day)
        to `until` (and no later than `as_of`): what a target judged at a date (`đến ngày`), or in the
        first year of a plan with an effective date, counts. A count or a value is a whole year's:
        one for a year the window does not wholly cover is left out, but a count of none (none in
        the year is none in any part of it). Built once per window."""
        first, last = year_bounds(year_of(until, self.starts), self.starts)
        if (since is None or since == first) and until == last:
            return self
        key = (since, until)
        found = self._within.get(key)
        if found is None:
            found = self._within[key] = self._window_index(since, min(until, self.as_of))

            def whole(year: int) -> bool:
                return (since is None or since <= _dt.date(year, 1, 1)) and _dt.date(year, 12, 31) <= until

            found._counts = {k: v for k, v in found._counts.items()
                             if whole(k[1]) or (v.count == 0 and (since is None or k[1] >= since.year))}
            found._values = {k: v for k, v in found._values.items() if whole(k[1])}
        return found

    def _window_index(self, since: _dt.date | None, as_of: _dt.date) -> "UnitIndex":
        return UnitIndex(self.unit, as_of, self._dated, since, starts=self.starts)

    # ------------------------------------------------------------ records --

    def records(self, kind: str, year: int) -> tuple[list[f.Record], Missing | None]:
        """The records of `kind` for `year`, or why the year's register is not known.

        An empty list with no `Missing` means the register holds no record
        for the year while records exist: only possible for snapshots.
        """
        undated = self._undated.get(kind)
        if undated:
            return [], Missing("no_date", kind, year, tuple(undated))
        if kind not in self._dated:
            found = self._records.get((kind, None))
            return (found, None) if found else ([], Missing("no_records", kind, year))
        found = self._records.get((kind, year))
        return (found, None) if found else ([], Missing("no_records", kind, year))

    def register(self, kind: str, year: int) -> Missing | None:
        """None when the unit has the year's register of `kind` (records), or why it has none."""
        return self.records(kind, year)[1]

    def reported_value(self, metric: str, year: int) -> f.ReportedValue | None:
        return self._values.get((metric, year))

    # ------------------------------------------------------------- counts --

    def count(self, kind: str, year: int, pos: Where, neg: Where | None = None) -> Counted | Missing:
        """Records of `kind` in `year` meeting every pair of `pos` and not every pair of `neg`."""
        key = (kind, year, pos, neg)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._count(kind, year, pos, neg)
        return found

    def _count(self, kind: str, year: int, pos: Where, neg: Where | None) -> Counted | Missing:
        pos, neg = normalized(pos, neg)  # `neg` never holding together with `pos` excludes nothing
        missing = self.register(kind, year)
        if missing is None:
            return self._count_records(kind, year, pos, neg)
        if missing.reason == "no_date":
            return missing
        return self._count_aggregates(kind, year, pos, neg)

    def _register_maps(self, kind: str, year: int) -> list[tuple[f.Record, dict]]:
        """The year's register with each record's values as a dict, built once: every target
        counting this kind and year looks fields up by name, and a record's values are pairs."""
        key = (kind, year)
        found = self._maps.get(key)
        if found is None:
            records, _ = self.records(kind, year)
            found = self._maps[key] = [(r, dict(r.values)) for r in records]
        return found

    def _count_records(self, kind: str, year: int, pos: Where, neg: Where | None) -> Counted | Missing:
        """Counted on the year's register (which `register` found): unknown when a record lacks a needed field."""
        rows = self._register_maps(kind, year)
        needed = fields_of(pos) | fields_of(neg)
        if needed:
            lacking = tuple(r for r, values in rows if not needed <= values.keys())
            if lacking:
                field = next(k for k in sorted(needed) if not lacking[0].has(k))
                return Missing("field_missing", kind, year, lacking, field)
        # Every record has every field asked about: look them up directly. The
        # shapes the prelude's metrics have (one condition, one exclusion) are
        # written out: this is the innermost loop of an evaluation.
        if isinstance(pos, General) or isinstance(neg, General):  # `conditions`: the predicate on each record
            chosen = [r for r, v in rows if matches(pos, v) and not (neg and matches(neg, v))]
            return Counted(len(chosen), tuple(chosen))
        neg = neg or ()
        if len(pos) == 1 and len(neg) <= 1:
            (k, x), = pos
            if neg:
                (nk, nx), = neg
                chosen = [r for r, v in rows if v[k] == x and v[nk] != nx]
            else:
                chosen = [r for r, v in rows if v[k] == x]
        elif not pos and len(neg) == 1:
            (nk, nx), = neg
            chosen = [r for r, v in rows if v[nk] != nx]
        elif not pos and not neg:
            chosen = [r for r, _ in rows]
        else:
            chosen = [r for r, v in rows
                      if all(v[k] == x for k, x in pos) and not (neg and all(v[k] == x for k, x in neg))]
        return Counted(len(chosen), tuple(chosen))

    # -------------------------------------------------------------- sums --

    def total(self, kind: str, year: int, field: str, pos: Where) -> Summed | Missing:
        """The total of `field` over the records of `kind` in `year` meeting `pos`, from the year's register.

        Unknown when a record lacks a field the condition needs, or a record meeting it lacks `field`; with no
        register, a total of none when an aggregate count says no record meets `pos` (nothing to add up),
        else unknown: amounts are never guessed from counts."""
        key = ("sum", kind, year, field, pos)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._total(kind, year, field, pos)
        return found

    def _total(self, kind: str, year: int, field: str, pos: Where) -> Summed | Missing:
        missing = self.register(kind, year)
        if missing is None:
            return self._total_records(kind, year, field, pos)
        if missing.reason == "no_date":
            return missing
        counted = self._count_aggregates(kind, year, pos, None)
        if isinstance(counted, Counted) and counted.value == 0:
            return Summed(Fraction(0), 0, aggregates=counted.aggregates)
        if isinstance(counted, Counted):
            return Missing("counts_only", kind, year, field=field)
        return counted

    def _total_records(self, kind: str, year: int, field: str, pos: Where) -> Summed | Missing:
        rows = self._register_maps(kind, year)
        needed = fields_of(pos)
        lacking = tuple(r for r, values in rows if not needed <= values.keys())
        if lacking:
            name = next(k for k in sorted(needed) if not lacking[0].has(k))
            return Missing("field_missing", kind, year, lacking, name)
        chosen = [(r, v) for r, v in rows if matches(pos, v)]  # pairs, or a general condition (`conditions`)
        lacking = tuple(r for r, v in chosen if v.get(field) is None)
        if lacking:
            return Missing("field_missing", kind, year, lacking, field)
        value = sum((Fraction(v[field]) for _, v in chosen), Fraction(0))
        return Summed(value, len(chosen), tuple(r for r, _ in chosen))

    # --------------------------------------------------------------- caps --

    def cap(self, kind: str, year: int, *, start: _dt.date, field: str, by: str | None, category: str | None,
            bound: Bound) -> CapScan | Missing:
        """The year's register of `kind` scanned against a per-record cap, or why there is no register.

        A record dated before `start` is left out; with a category, a record of
        another category is left out and one without the category field is
        unclear; a relevant record without `field` is unclear too; one whose
        value does not keep `bound` is broken.
        """
        missing = self.register(kind, year)
        if missing is not None:
            return missing
        return self._cap_records(kind, year, start, field, by, category, bound)

    def _cap_records(self, kind, year, start, field, by, category, bound: Bound) -> CapScan:
        relevant, unclear, broken, measured = [], [], [], []
        for record, values in self._register_maps(kind, year):
            if record.date is not None and record.date < start:
                continue
            if by is not None and category is not None:
                if by not in values:
                    unclear.append(record)
                    continue
                if values[by] != category:
                    continue
            relevant.append(record)
            value = values.get(field)
            if value is None:
                unclear.append(record)
                continue
            exact = value if type(value) is Fraction else Fraction(value)
            measured.append(exact)
            if not bound.holds(exact):
                broken.append((record, exact))
        extreme = None
        if relevant and not unclear:
            extreme = bound.extreme(measured)
        return CapScan(
            relevant=len(relevant), records=tuple(r.label for r in relevant),
            unclear=tuple(r.label for r in unclear), unclear_have_by=any(r.has(by or "") for r in unclear),
            broken=tuple((r.label, exact, str(r.origin) if r.origin else None) for r, exact in broken),
            extreme=extreme,
        )

    # --------------------------------------------------------- aggregates --

    def _count_aggregates(self, kind, year, pos, neg) -> Counted | Missing:
        kept = neg.complement() if isinstance(neg, General) and isinstance(pos, tuple) else None
        if kept is not None:  # an exclusion written with `hoặc` of yes/no tests: what it keeps is pairs
            both = merge(pos, kept)
            return self._aggregate(kind, year, both, depth=len(both)) if both is not None else Counted(0)
        if isinstance(pos, General) or isinstance(neg, General):
            # No aggregate states a general condition: a count of none (of the kind, or of `pos`) is none.
            base = () if isinstance(pos, General) else pos
            looser = self._aggregate(kind, year, base, depth=len(base))
            if isinstance(looser, Counted) and looser.value == 0:
                return looser
            return Missing("no_facts", kind, year)
        if neg is None:
            return self._aggregate(kind, year, pos, depth=len(pos))
        if len(neg) == 1 and isinstance(neg[0][1], bool):
            key, value = neg[0]
            flipped = merge(pos, ((key, not value),))
            if flipped is not None:
                direct = self._aggregate(kind, year, flipped, depth=len(flipped))
                if isinstance(direct, Counted):
                    return direct
        whole = self._aggregate(kind, year, pos, depth=len(pos))
        if isinstance(whole, Missing):
            return whole
        both = merge(pos, neg)
        part = self._aggregate(kind, year, both, depth=len(both)) if both is not None else Counted(0)
        if isinstance(part, Missing):
            return part
        return Counted(whole.value - part.value, aggregates=whole.aggregates + part.aggregates)

    def _aggregate(self, kind: str, year: int, where: Where, depth: int) -> Counted | Missing:
        found = self._counts.get((kind, year, where))
        if found is not None:
            return Counted(found.count, aggregates=(found,))
        if depth > 0:  # turn a yes/no field around: count(C, f=no) = count(C) - count(C, f=yes)
            for i, (key, value) in enumerate(where):
                if not isinstance(value, bool):
                    continue
                rest = where[:i] + where[i + 1 :]
                whole = self._aggregate(kind, year, rest, depth - 1)
                if isinstance(whole, Missing):
                    continue
                other = self._aggregate(kind, year, tuple(sorted(rest + ((key, not value),))), 0)
                if isinstance(other, Counted):
                    return Counted(whole.value - other.value, aggregates=whole.aggregates + other.aggregates)
        if depth > 0:  # none meeting fewer conditions means none meeting more (no document, no secret one)
            for size in range(len(where)):
                for sub in combinations(where, size):
                    looser = self._aggregate(kind, year, sub, size)
                    if isinstance(looser, Counted) and looser.value == 0:
                        return looser
        return Missing("no_facts", kind, year)


class Running:
    """A unit's facts summed over the years of a running total (`lũy kế`): each year counted as a level
    is (records first, then aggregate counts, never a guess) on its own window, `pieces` of (year, from
    day or None, to day), and the counts added up. A year whose count is unknown makes the total
    unknown: absence is never zero. Reported values are levels of one year, so none is used.

    Built on any `UnitIndex` (its `within` windows), so the SQL path sums the database's answers with
    this same code.
    """

    def __init__(self, index: UnitIndex, pieces: Sequence[tuple[int, _dt.date | None, _dt.date]]):
        self._index = index
        self._pieces = tuple(pieces)

    def _each(self):
        for year, since, until in self._pieces:
            yield year, self._index.within(since, until)

    def count(self, kind: str, year: int, pos: Where, neg: Where | None = None) -> Counted | Missing:
        """The records of `kind` meeting `pos` and not all of `neg`, summed over the pieces (`year` is the
        judged one, the last)."""
        total, records, aggregates, labels = 0, [], [], []
        for piece_year, index in self._each():
            found = index.count(kind, piece_year, pos, neg)
            if isinstance(found, Missing):
                return found
            total += found.value
            records += found.records
            aggregates += found.aggregates
            labels += found.labels
        return Counted(total, tuple(records), tuple(aggregates), tuple(labels))

    def total(self, kind: str, year: int, field: str, pos: Where) -> Summed | Missing:
        """The total of `field` over the records meeting `pos`, added up over the pieces."""
        value, n, records, aggregates, labels = Fraction(0), 0, [], [], []
        for piece_year, index in self._each():
            found = index.total(kind, piece_year, field, pos)
            if isinstance(found, Missing):
                return found
            value += found.value
            n += found.n
            records += found.records
            aggregates += found.aggregates
            labels += found.labels
        return Summed(value, n, tuple(records), tuple(aggregates), tuple(labels))

    def register(self, kind: str, year: int) -> Missing | None:
        for piece_year, index in self._each():
            missing = index.register(kind, piece_year)
            if missing is not None:
                return missing
        return None

    def reported_value(self, metric: str, year: int) -> None:
        return None
