"""Reported figures, sums and ratios: measures that are not a count or a share of one kind's records.

- A **reported figure** (`số liệu báo cáo`) is a value a body reports for a year (a share of GDP, an index,
  a ranking): a `ReportedValue` of the metric's name. None reported is `unknown` (pending while the year is
  open), never not applicable: the target still applies.
- A **sum** (`tổng FIELD của KIND`) adds a number field over the year's register (`UnitIndex.total`, on
  records or in the database alike).
- A **ratio** (`tỷ số A trên B`) divides two `Term`s — counts, sums or reported figures — and may pass 100%;
  0 over 0 (or anything over 0) is not applicable. A term that cannot be measured falls back on a figure
  reported for its metric's name, as every count does (`MetricRule._reported`).

Each measure returns what `MetricRule._measure` returns: (value, figures, sources, explanation, special
status), or `Missing`. Exact throughout.
"""

from __future__ import annotations

from fractions import Fraction

from attrs import frozen

from ..language import model as m
from .conditions import General
from .measure import Missing, Where
from .verdicts import Explanation, Figure, Later, show

E = Explanation.of


@frozen
class Term:
    """One measure of a ratio: a count of the records of `record_kind` meeting `pos` (`field` None), a sum of
    `field` over them, or a reported figure (`record_kind` None) of `metric`. `metric`: the declared name,
    when it has one (a figure reported for it stands in when the records cannot say); `unit`, `label`: what
    its values are in."""

    record_kind: str | None
    pos: Where = ()
    field: str | None = None
    metric: str | None = None
    unit: m.QuantityUnit = m.QuantityUnit.NONE
    label: str | None = None

    @property
    def key(self) -> tuple:
        """What the term measures, whatever its name (inheritance compares two ratios by it)."""
        return (self.record_kind, self.pos, self.field) if self.record_kind is not None else (self.metric,)


def shown(value: Fraction, unit: m.QuantityUnit, label: str | None, lang: str) -> str:
    """`value` in its unit, a named one after it: "12 Tbps", "2,5 người/10.000 dân"."""
    text = show(value, unit, lang)
    return f"{text} {label}" if label is not None else text


def _cond(pos: Where | General) -> str:
    if isinstance(pos, General):  # `hoặc`, a set, a number compared (`conditions`)
        return f" ({pos.text()})"

    def pair(key, value):
        return key if value is True else f"¬{key}" if value is False else f"{key}={value}"

    return f" ({' ∧ '.join(pair(k, v) for k, v in pos)})" if pos else ""


def _origin(found) -> str:
    return str(found.origin) if found.origin else "-"


def measure_term(term: Term, index, year: int):
    """(value, sources, words (en, vi, or `Later` ones), whether it is a figure as reported) of `term` for
    `year`, or `Missing`."""
    if term.record_kind is None:
        found = index.reported_value(term.metric, year)
        if found is None:
            return Missing("no_figure", term.metric, year)
        return _as_reported(term, found)
    cond = _cond(term.pos)
    if term.field is None:
        counted = index.count(term.record_kind, year, term.pos)
        if isinstance(counted, Missing):
            return _stand_in(term, index, year) or counted
        n = counted.value
        return Fraction(n), counted.sources, (f"{n} {term.record_kind} records{cond}",
                                              f"{n} bản ghi {term.record_kind}{cond}"), False
    summed = index.total(term.record_kind, year, term.field, term.pos)
    if isinstance(summed, Missing):
        return _stand_in(term, index, year) or summed
    return summed.value, summed.sources, Later(_sum_words, term, cond, summed.value), False


def _sum_words(term: Term, cond: str, total: Fraction) -> tuple[str, str]:
    return tuple(f"{word} {term.field} {of} {term.record_kind}{cond} {shown(total, term.unit, None, lang)}"
                 for lang, word, of in (("en", "total", "of"), ("vi", "tổng", "của")))


def _stand_in(term: Term, index, year: int):
    """A figure reported for `term`'s metric, when the records cannot give it."""
    if term.metric is None:
        return None
    found = index.reported_value(term.metric, year)
    return _as_reported(term, found) if found is not None else None


def _as_reported(term: Term, found):
    return found.value, (_origin(found),), Later(_reported_words, term, found.value), True


def _reported_words(term: Term, value: Fraction) -> tuple[str, str]:
    return tuple(f"{term.metric} {shown(value, term.unit, term.label, lang)} ({word})"
                 for lang, word in (("en", "reported"), ("vi", "báo cáo")))


def reported(rule, index, year: int):
    """A reported figure's value for `year`, or `Missing` ("no_figure")."""
    found = index.reported_value(rule.metric, year)
    if found is None:
        return Missing("no_figure", rule.metric, year)
    origin = _origin(found)
    return (found.value, (Figure("reported", found.value),), (origin,),
            (E("reported_figure", metric=rule.metric, year=year, origin=origin, **rule._args(found.value)),), None)


def total(rule, index, year: int):
    """The sum of the rule's field over the records meeting its condition in `year`, or `Missing`."""
    summed = index.total(rule.record_kind, year, rule.field, rule.pos)
    if isinstance(summed, Missing):
        return rule._reported(index, year) or summed
    value = summed.value
    return (value, (Figure("total", value), Figure("records", summed.n)), summed.sources,
            (E("sum", n=summed.n, kind=rule.record_kind, field=rule.field, cond=_cond(rule.pos),
               year=rule._years_text(year), **rule._args(value)),), None)


def ratio(rule, index, year: int):
    """The rule's numerator over its denominator in `year`; not applicable when the denominator is 0."""
    top, bottom = rule.terms
    over = measure_term(top, index, year)
    under = measure_term(bottom, index, year)
    for found in (over, under):
        if isinstance(found, Missing):
            return rule._reported(index, year) or found
    (a, a_sources, a_words, a_reported), (b, b_sources, b_words, b_reported) = over, under
    # counts and sums add up over units (a roll-up sums them); a reported figure does not, so it carries none
    additive = not (a_reported or b_reported)
    figures = (Figure("numerator", a), Figure("denominator", b)) if additive else ()
    sources = tuple(dict.fromkeys(a_sources + b_sources))
    args = dict(numerator=a_words, denominator=b_words, year=rule._years_text(year))
    if b == 0:  # nothing to divide by: as the target says (`nếu không phát sinh`), not applicable by default
        sentence, status = rule._none("ratio_undefined", **args)
        return None, figures, sources, (sentence,), status
    value = Fraction(a) / Fraction(b)
    return value, figures, sources, (E("ratio", **args, **rule._args(value)),), None


__all__ = ["Term", "measure_term", "ratio", "reported", "shown", "total"]
