"""Reported figures, sums and ratios: measures that are not a count or a share of one kind's records.

- A **reported figure** (`số liệu báo cáo`) is a value a body reports for a year (a share of GDP, an index,
  a ranking): a `ReportedValue` of the metric's name. None reported is `unknown` (pending while the year is
  open), never not applicable: the target still applies.
- A **sum** (`tổng FIELD của KIND`) adds a number field over the year's register (`UnitIndex.total`, on
  records or in the database alike).
- A **ratio** (`tỷ số A trên B`) divides two `Term`s — counts, sums or reported figures — and may pass 100%;
  0 over 0 (or anything over 0) is not applicable. A term that cannot be measured falls back on a figure
  reported for its metric's name, as every count does (`MetricRule._reported`).

- A **change** (`mức tăng`, `mức giảm`, `tăng trưởng bình quân`) of a sum, a ratio or a reported figure
  (`change`) measures its `Term`s in the judged year and in the base year, each as above: a missing year is
  `unknown`, naming it. A percentage (a ratio, a figure in %) changes in points, this year's less the base
  year's; an amount (a sum, a figure in days, in a named unit or plain) by a percentage of the base year's, as
  a count does: from 0 it is undefined, and from a value below zero too (unknown).

Each measure returns what `MetricRule._measure` returns: (value, figures, sources, explanation, special
status), or `Missing`. Exact throughout.
"""

from __future__ import annotations

from fractions import Fraction

from attrs import frozen

from ..language import model as m
from .conditions import General, condition_text
from .measure import Missing, Where
from .verdicts import Explanation, Figure, Later, RuleKind, Status, average_growth, show

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
    snapshot: bool = False  # its records have no date: one state, the same for every year (no change between two)

    @property
    def key(self) -> tuple:
        """What the term measures, whatever its name (inheritance compares two ratios by it)."""
        return (self.record_kind, self.pos, self.field) if self.record_kind is not None else (self.metric,)


def shown(value: Fraction, unit: m.QuantityUnit, label: str | None, lang: str) -> str:
    """`value` in its unit, a named one after it: "12 Tbps", "2,5 người/10.000 dân"."""
    text = show(value, unit, lang)
    return f"{text} {label}" if label is not None else text


def _cond(pos: Where | General, lang: str) -> str:
    """` (condition)` after a kind, in `lang` (`conditions.condition_text`); "" for none."""
    return f" ({condition_text(pos, None, lang)})" if pos else ""


def _conds(pos: Where | General) -> tuple[str, str]:
    return _cond(pos, "en"), _cond(pos, "vi")


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
    if term.field is None:
        counted = index.count(term.record_kind, year, term.pos)
        if isinstance(counted, Missing):
            return _stand_in(term, index, year) or counted
        n = counted.value
        return Fraction(n), counted.sources, (f"{n} {term.record_kind} records{_cond(term.pos, 'en')}",
                                              f"{n} bản ghi {term.record_kind}{_cond(term.pos, 'vi')}"), False
    summed = index.total(term.record_kind, year, term.field, term.pos)
    if isinstance(summed, Missing):
        return _stand_in(term, index, year) or summed
    return summed.value, summed.sources, Later(_sum_words, term, summed.value), False


def _sum_words(term: Term, total: Fraction) -> tuple[str, str]:
    return tuple(f"{word} {term.field} {of} {term.record_kind}{_cond(term.pos, lang)} "
                 f"{shown(total, term.unit, None, lang)}" for lang, word, of in (("en", "total", "of"), ("vi", "tổng", "của")))


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
            (E("sum", n=summed.n, kind=rule.record_kind, field=rule.field,
               cond=Later(_conds, rule.pos),
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


def _named(term: Term, lang: str) -> str:
    """What `term` measures, in `lang`: its metric's name, or the count or sum written in place."""
    if term.metric is not None:
        return term.metric
    cond = _cond(term.pos, lang)
    if term.field is None:
        return f"{term.record_kind} records{cond}" if lang == "en" else f"bản ghi {term.record_kind}{cond}"
    return f"total {term.field} of {term.record_kind}{cond}" if lang == "en" else \
        f"tổng {term.field} của {term.record_kind}{cond}"


def _level(terms: tuple[Term, ...], index, year: int):
    """One year's value of what a change is of: (value, sources, additive figures, whether a figure reported
    for it stood in), the value None for a ratio over 0; or `Missing`."""
    found = [measure_term(term, index, year) for term in terms]
    for one in found:
        if isinstance(one, Missing):
            return one
    sources = tuple(dict.fromkeys(x for one in found for x in one[1]))
    reported_ = any(one[3] for one in found)
    if len(terms) == 1:
        return found[0][0], sources, (found[0][0],), reported_
    (a, *_), (b, *_) = found
    return (Fraction(a) / Fraction(b) if b != 0 else None), sources, (a, b), reported_


# the figures a change carries so that a roll-up can add the units' up: of a sum, of a ratio (`rollup`)
_SUM_FIGURES = ("baseline_total", "current_total")
_RATIO_FIGURES = ("baseline_numerator", "baseline_denominator", "numerator", "denominator")


def change(rule, index, year: int, baseline_index=None):
    """A cut, a growth or an average growth of the rule's sum, ratio or reported figure (`rule.terms`) judged
    for `year` against its base year, that year measured on `baseline_index` when given (the same days of
    it). Points for a percentage (`in_points`), else a percentage of the base year's value."""
    base_year = rule.baseline_of(year)
    for term in rule.terms:  # one state for both years: no change to measure from it
        if term.snapshot and index.register(term.record_kind, year) is None:
            key = "cut_snapshot" if rule.kind is RuleKind.CUT else "change_snapshot"
            return None, (), (), (E(key, kind=term.record_kind, previous=base_year, year=year),), Status.UNKNOWN
    current = _level(rule.terms, index, year)
    baseline = _level(rule.terms, baseline_index if baseline_index is not None else index, base_year)
    for found in (baseline, current):
        if isinstance(found, Missing):
            return rule._reported(index, year) or found
    (then, then_sources, then_parts, then_reported), (now, now_sources, now_parts, now_reported) = baseline, current
    sources = tuple(dict.fromkeys(then_sources + now_sources))
    additive = not (then_reported or now_reported or rule.base_kind is RuleKind.REPORTED)
    base_figure = (Figure("base_year", base_year),) if rule.base_year is not None else ()
    names = _RATIO_FIGURES if rule.base_kind is RuleKind.RATIO else _SUM_FIGURES
    figures = tuple(Figure(n, x) for n, x in zip(names, then_parts + now_parts)) if additive else ()
    figures += base_figure
    term = rule.terms[0]
    unit, label = (m.QuantityUnit.PERCENT, None) if rule.base_kind is RuleKind.RATIO else (term.unit, term.label)
    if rule.base_kind is RuleKind.RATIO:
        kind = tuple(" / ".join(_named(t, lang) for t in rule.terms) for lang in ("en", "vi"))
    else:
        kind = tuple(_named(term, lang) for lang in ("en", "vi"))
    args = dict(kind=kind, cond="", previous=base_year, year=year)
    if now is None or then is None:  # a ratio over 0: as a share of nothing is (`rules.MetricRule._share_change`)
        if now is None:
            sentence, status = rule._none("ratio_change_undefined", **args, empty=year)
            return None, figures, sources, (sentence,), status
        return None, figures, sources, (E("ratio_change_undefined", **args, empty=base_year),), Status.UNKNOWN
    args.update({name: tuple(shown(x, unit, label, lang) for lang in ("en", "vi"))
                 for name, x in (("baseline", then), ("current", now))})
    cut = rule.kind is RuleKind.CUT
    if rule.value_unit is m.QuantityUnit.POINTS:
        value = then - now if cut else now - then
    elif then < 0 or (rule.kind is RuleKind.AVERAGE_GROWTH and now < 0):
        return None, figures, sources, (E("change_below_zero", **args),), Status.UNKNOWN
    elif then == 0:
        sentence, status = rule.from_zero(now == 0, cut, args)
        return None, figures, sources, (sentence,), status
    elif rule.kind is RuleKind.AVERAGE_GROWTH:
        years = year - base_year
        _, value = average_growth(Fraction(now) / Fraction(then), years, rule.bound)
        power = tuple(" – ".join(f"(1 + {text})^{years}" for text in (low, high) if text is not None)
                      for low, high in (rule.shown("en"), rule.shown("vi")))
        return value, figures, sources, (E("average_growth_of", years=years, power=power, **args,
                                           **rule._args(value)),), None
    else:
        value = Fraction(then - now if cut else now - then) / Fraction(then)
    if value < 0:
        other = tuple(rule._show(-value, lang) for lang in ("en", "vi"))
        key = "cut_increase" if cut else "growth_decrease"
        return value, figures, sources, (E(key, rise=other, **args, **rule._args(value)),), None
    return value, figures, sources, (E("cut" if cut else "growth", **args, **rule._args(value)),), None


__all__ = ["Term", "change", "measure_term", "ratio", "reported", "shown", "total"]
