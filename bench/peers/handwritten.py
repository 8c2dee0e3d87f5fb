"""The floor for Python: the commune's targets judged by a plain function, as one would write it by hand.

No objects, no explanations, no records kept for the report: dicts and lists
in (`rulebook.load_commune`), `{(unit, rule id, year): (status, value)}` out,
with the value an exact `Fraction` (None where planrules gives none). It
keeps planrules' semantics (docs/evaluation.md, measure.py, rules.py), because
a floor that answers a simpler question is not a floor:

- records first (those of the year, dated up to `as_of`; an undated kind is a
  snapshot valid for any year), then aggregate counts (exact, a yes/no field
  turned around, a zero for a looser condition), otherwise unknown; a record
  lacking a field the rule needs, or a dated kind's record without a date,
  makes the figure unknown;
- shares exclude before dividing, 0/0 is not_applicable (pending while the
  year is open); cuts are against the previous year, a missing baseline is
  unknown, 0 -> 0 is not_applicable, 0 -> n is not_met; a cut already missed
  is not_met before the year ends (counts only grow);
- caps per category, records from the plan's date on, one record over the cap
  is not_met at once, a record without category or value makes it unknown;
- pending while the year is open, with the share so far (a cut so far has no
  value: part of a year is not compared with a whole one); before the judged
  plan's own date, pending with no value (the plan does not bind yet).

Deadlines are not covered (neither are they by the other peers); bench/run.py
compares planrules with its deadline rules left out.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from itertools import combinations

from .rulebook import DATED, METRICS, Target, UnitData

MET, NOT_MET, PENDING, UNKNOWN, NA = "met", "not_met", "pending", "unknown", "not_applicable"
NO_FACTS, NO_DATE, FIELD = "no_facts", "no_date", "field_missing"


def evaluate(units: dict[str, UnitData], table: list[Target], as_of: dt.date) -> dict[tuple, tuple]:
    """Every target of `table` for every unit that it binds and every year it covers."""
    out: dict[tuple, tuple] = {}
    for name, unit in units.items():
        judge = _Unit(unit, as_of)
        for target in table:
            if target.leads is not None and not (target.leads & unit.names):
                continue
            last = target.year if target.year is not None else max(target.first_year, as_of.year)
            first = target.year if target.year is not None else target.first_year
            for year in range(first, last + 1):
                out[(name, target.id, str(year))] = (
                    (PENDING, None) if target.issued is not None and as_of < target.issued
                    else judge.target(target, year))
    return out


class _Unit:
    """One unit's records, split by kind and year once, with a memo of the counts already made."""

    def __init__(self, unit: UnitData, as_of: dt.date):
        self.as_of = as_of
        self.counts = {key: n for key, n in unit.counts.items() if key[1] <= as_of.year}
        self.by_year: dict[tuple[str, int | None], list[dict]] = {}
        self.undated: set[str] = set()
        for kind, records in unit.records.items():
            date_field = DATED.get(kind)
            for record in records:
                if date_field is None:
                    self.by_year.setdefault((kind, None), []).append(record)
                    continue
                day = record.get(date_field)
                if day is None:
                    self.undated.add(kind)
                elif day <= as_of:
                    self.by_year.setdefault((kind, day.year), []).append(record)
        self.memo: dict[tuple, int | tuple] = {}

    # counts: an int, or (reason, year) when unknown ----------------------

    def count(self, kind: str, year: int, pos: tuple, neg: tuple | None = None):
        key = (kind, year, pos, neg)
        if key not in self.memo:
            self.memo[key] = self._count(kind, year, pos, neg)
        return self.memo[key]

    def _count(self, kind, year, pos, neg):
        if kind in self.undated:
            return (NO_DATE, year)
        records = self.by_year.get((kind, None if kind not in DATED else year))
        if records:
            needed = [k for k, _ in pos] + ([k for k, _ in neg] if neg else [])
            n = 0
            for r in records:
                for k in needed:
                    if k not in r:
                        return (FIELD, year)
                if all(r[k] == v for k, v in pos) and not (neg and all(r[k] == v for k, v in neg)):
                    n += 1
            return n
        if neg is None:
            return self._aggregate(kind, year, pos, len(pos))
        if len(neg) == 1:  # an exclusion on one yes/no field: ask for its opposite directly
            (k, v), = neg
            flipped = _merge(pos, ((k, not v),))
            if flipped is not None:
                direct = self._aggregate(kind, year, flipped, len(flipped))
                if isinstance(direct, int):
                    return direct
        whole = self._aggregate(kind, year, pos, len(pos))
        if not isinstance(whole, int):
            return whole
        both = _merge(pos, neg)
        part = self._aggregate(kind, year, both, len(both)) if both is not None else 0
        return part if not isinstance(part, int) else whole - part

    def _aggregate(self, kind, year, where, depth):
        found = self.counts.get((kind, year, where))
        if found is not None:
            return found
        if depth > 0:
            for i, (k, v) in enumerate(where):  # count(C, f=no) = count(C) - count(C, f=yes)
                if not isinstance(v, bool):
                    continue
                rest = where[:i] + where[i + 1:]
                whole = self._aggregate(kind, year, rest, depth - 1)
                if not isinstance(whole, int):
                    continue
                other = self._aggregate(kind, year, tuple(sorted(rest + ((k, not v),))), 0)
                if isinstance(other, int):
                    return whole - other
            for size in range(len(where)):  # no document at all: no secret document either
                for sub in combinations(where, size):
                    if self._aggregate(kind, year, sub, size) == 0:
                        return 0
        return (NO_FACTS, year)

    # verdicts -------------------------------------------------------------

    def target(self, t: Target, year: int) -> tuple:
        as_of = self.as_of
        if as_of >= dt.date(year, 12, 31):
            closed = True
        elif as_of.year == year:
            closed = False
        else:
            return (PENDING, None)  # the year has not started
        rule, kind, pos, neg, cap_field, by = METRICS[t.metric]
        if rule == "cap":
            return self.cap(t, kind, cap_field, by, year, closed)
        if rule == "share":
            part = self.count(kind, year, pos, neg)
            whole = self.count(kind, year, (), neg)
            if not isinstance(part, int) or not isinstance(whole, int):
                return self.missing(part if not isinstance(part, int) else whole, year, closed)
            if whole == 0:
                return (NA if closed else PENDING, None)
            value = Fraction(part, whole)
            settled = False
        else:  # a cut against the previous year
            current = self.count(kind, year, pos)
            baseline = self.count(kind, year - 1, pos)
            if not isinstance(baseline, int):
                return self.missing(baseline, year, closed)
            if not isinstance(current, int):
                return self.missing(current, year, closed)
            if baseline == 0:
                if current == 0:
                    return (NA if closed else PENDING, None)
                return (NOT_MET, None)
            value = Fraction(baseline - current, baseline)
            settled = t.at_least
        holds = value >= t.limit if t.at_least else value <= t.limit
        if closed:
            return (MET if holds else NOT_MET, value)
        if not holds and settled:
            return (NOT_MET, value)
        if rule != "share":  # part of a year against a whole one: no cut to show before the year closes
            return (PENDING, None)
        return (PENDING, value)

    @staticmethod
    def missing(why: tuple, year: int, closed: bool) -> tuple:
        reason, of_year = why
        if not closed and reason == NO_FACTS and of_year == year:
            return (PENDING, None)
        return (UNKNOWN, None)

    def cap(self, t: Target, kind: str, cap_field: str, by: str | None, year: int, closed: bool) -> tuple:
        if kind in self.undated:
            return (UNKNOWN, None)
        records = self.by_year.get((kind, year if kind in DATED else None))
        if not records:
            where = ((by, t.category),) if by and t.category else ()
            if self.count(kind, year, where) == 0:
                return (NA, None)
            return (PENDING if not closed else UNKNOWN, None)
        start = max(t.start, dt.date(year, 1, 1))
        date_field = DATED.get(kind)
        category = t.category if by is not None else None
        at_most = not t.at_least
        extreme = None  # the largest value under a cap at most, the smallest under a floor
        relevant = unclear = 0
        for r in records:
            if date_field is not None and r[date_field] < start:
                continue
            if category is not None:
                if by not in r:
                    unclear += 1
                    continue
                if r[by] != category:
                    continue
            relevant += 1
            value = r.get(cap_field)
            if value is None:
                unclear += 1
            elif extreme is None or (value > extreme if at_most else value < extreme):
                extreme = value
        if extreme is not None and (extreme > t.limit if at_most else extreme < t.limit):
            return (NOT_MET, Fraction(extreme))  # one record over the cap stays over it
        if unclear:
            return (UNKNOWN, None)
        if not relevant:
            return (NA if closed else PENDING, None)
        return (MET if closed else PENDING, Fraction(extreme))


def _merge(a: tuple, b: tuple) -> tuple | None:
    pairs = dict(a)
    for k, v in b:
        if pairs.get(k, v) != v:
            return None
        pairs[k] = v
    return tuple(sorted(pairs.items()))
