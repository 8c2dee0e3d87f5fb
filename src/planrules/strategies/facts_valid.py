"""Valid facts (what units reported) as `planrules.facts.model` values.

Every `Facts` drawn here is valid: the loader would accept it (no
duplicate, no count larger than a count with fewer conditions, no records
and counts of one kind and year...), so a test that feeds it to the
evaluator tests the evaluator, not the loader's refusals.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from fractions import Fraction
from functools import lru_cache

from hypothesis import strategies as st

from ..evaluation.ruleset import RuleSet
from ..facts import model as f
from ..language import model as m
from ..language.vocabulary import Vocabulary
from .common import VocabularyLike, condition_values, days_between, meets, vocabulary_of
from .words import names, texts

_FACT_NAME_CHARS = "abcdeghiklmnopqrstuvxyđâêôơưăáàảãạếềểễệốồổỗộứừửữựíìỉĩị_0123456789"
_plain_fact_names = st.builds(str.__add__, st.sampled_from("abcdghklmnpqrstuvxyđ"), st.text(_FACT_NAME_CHARS,
                                                                                           max_size=10))
_fact_names = st.one_of(_plain_fact_names, _plain_fact_names, _plain_fact_names, names())
_ids = st.one_of(
    st.builds("{}-{:02d}".format, st.sampled_from(["HN", "VB", "HS", "CB", "R"]), st.integers(0, 99)),
    st.text(_FACT_NAME_CHARS + "-./ ABCDĐ", min_size=1, max_size=12).map(str.strip).filter(bool),
    st.integers(1, 10**6).map(str),  # written as a TOML integer sometimes, read back as text
)
_texts_in_facts = st.one_of(
    texts(max_size=16),
    st.builds(lambda a, sep, b: a + sep + b, texts(max_size=6), st.sampled_from(["\t", "\n", "\r\n", "\x7f"]),
              texts(max_size=6)),
)
_TASKS = ("TT 2", "TT 10", "III.1.b", "I.2-1", "II.4.b")


@lru_cache(maxsize=None)
def _permutations(items: tuple) -> st.SearchStrategy[list]:
    return st.permutations(items)


_integers_in_facts = st.one_of(st.integers(0, 20), st.integers(0, 10**9))
_days_in_facts = st.builds(Fraction, st.integers(0, 40), st.sampled_from([1, 1, 2, 4, 3, 8, 10]))
_decimals_in_facts = st.builds(Fraction, st.integers(-400, 400), st.sampled_from([1, 1, 2, 4, 5, 10, 100, 3]))
_percents_in_facts = st.builds(Fraction, st.integers(0, 1000), st.sampled_from([100, 100, 1000, 200, 300]))


@lru_cache(maxsize=None)
def _values_of(decl: m.FieldDecl, unit_names: tuple[str, ...] | None) -> st.SearchStrategy:
    """Valid values of field `decl`, but dates (`field_value` draws those)."""
    kind = decl.type
    if kind is m.FieldType.BOOL:
        return st.booleans()
    if kind is m.FieldType.INTEGER:
        return _integers_in_facts
    if kind is m.FieldType.DAYS:
        return _days_in_facts
    if kind is m.FieldType.DECIMAL:
        return _decimals_in_facts
    if kind is m.FieldType.PERCENT:
        return _percents_in_facts
    if kind is m.FieldType.CATEGORY:
        return st.sampled_from([c.name for c in decl.categories])
    if kind is m.FieldType.UNIT:
        return st.sampled_from(unit_names) if unit_names else _fact_names
    return _texts_in_facts


def field_value(draw, decl: m.FieldDecl, days: st.SearchStrategy, unit_names: Sequence[str]):
    """A valid value of field `decl` (dates drawn from `days`)."""
    if decl.type is m.FieldType.DATE:
        return draw(days)
    return draw(_values_of(decl, tuple(unit_names) or None))


def _condition_fields(vocabulary: Vocabulary, kind: str) -> list[m.FieldDecl]:
    """The fields of `kind` a count's `where` may name: yes/no and category fields."""
    return [f for f in vocabulary.kinds[kind].fields if f.type in (m.FieldType.BOOL, m.FieldType.CATEGORY)]


@lru_cache(maxsize=None)
def _register_of(vocabulary: Vocabulary, kind: str) -> st.SearchStrategy:
    """(register, scale, conditions): value combinations of the condition fields of records of `kind`,
    a factor (1 000 conferences...), and distinct conditions to count them by."""
    fields = _condition_fields(vocabulary, kind)
    register = st.lists(st.tuples(*(st.sampled_from(tuple(condition_values(d))) for d in fields)), max_size=12)
    if fields:
        pair = st.sampled_from(tuple((d.name, v) for d in fields for v in condition_values(d)))
        where = st.lists(pair, unique_by=lambda p: p[0], max_size=min(3, len(fields))).map(
            lambda pairs: tuple(sorted(pairs)))
    else:
        where = st.just(())
    wheres = st.lists(where, min_size=1, max_size=4, unique=True)
    return st.tuples(register, st.sampled_from((1, 1, 1, 7, 1000)), wheres)


def _true_counts(draw, vocabulary: Vocabulary, kind: str, year: int) -> list[f.Count]:
    """Counts of `kind` in `year` that agree with each other: true counts of one drawn register."""
    names_ = [d.name for d in _condition_fields(vocabulary, kind)]
    register, scale, wheres = draw(_register_of(vocabulary, kind))
    rows = [dict(zip(names_, values)) for values in register]
    return [f.Count(kind, year, scale * sum(1 for r in rows if meets(r, w)), w) for w in wheres]


@lru_cache(maxsize=None)
def _reportable_metrics(vocabulary: Vocabulary) -> tuple[tuple[str, object], ...]:
    """(name, expression) of the metrics a unit may report a value for (not per-record ones)."""
    out = []
    for name in vocabulary.metrics:
        expr = vocabulary.expr(m.MetricName(name))
        if isinstance(expr, (m.ShareOf, *m.Change, m.CountOf, m.SumOf, m.Reported, m.RatioOf)):
            out.append((name, expr))
    return tuple(out)


_SHARES = st.one_of(st.fractions(0, 1, max_denominator=200), st.sampled_from(
    (Fraction(0), Fraction(1), Fraction(3, 5), Fraction(19, 20), Fraction(1, 3))))
_CUTS = st.one_of(st.fractions(-2, 1, max_denominator=100), st.sampled_from((Fraction(1, 10), Fraction(1))))
_GROWTHS = st.one_of(st.fractions(-1, 3, max_denominator=100), st.sampled_from((Fraction(-1), Fraction(1, 10))))
_WHOLE = st.integers(0, 10**6).map(Fraction)
_AMOUNTS = st.one_of(_WHOLE, st.fractions(0, 100, max_denominator=4))
_FIGURES = st.one_of(st.fractions(0, 3, max_denominator=200), st.sampled_from(
    (Fraction(0), Fraction(1), Fraction(3, 5), Fraction(12), Fraction(3, 2))))


def _metric_values(expr) -> st.SearchStrategy[Fraction]:
    """Values a unit may report for a metric of expression `expr` (shares 0..1, cuts <= 1, whole counts)."""
    if isinstance(expr, m.ShareOf):
        return _SHARES
    if isinstance(expr, m.CutVsPreviousYear):
        return _CUTS
    if isinstance(expr, (m.Growth, m.AverageGrowth)):
        return _GROWTHS
    if isinstance(expr, (m.Reported, m.RatioOf)):  # a figure in % may pass 100% (an index, a ratio)
        return _FIGURES
    if isinstance(expr, m.SumOf):
        return _AMOUNTS
    return _WHOLE


_present = st.integers(0, 9)
_maybe_id = st.one_of(st.none(), _ids)


def _records_of(draw, vocabulary: Vocabulary, kind: str, days: st.SearchStrategy, unit_names: tuple[str, ...],
                size: int) -> list[f.Record]:
    """`size` valid records of `kind`, each field there or not, no two alike without an id."""
    decl = vocabulary.kinds[kind]
    date_field = vocabulary.date_field(kind)
    out: list[f.Record] = []
    used: set[str] = set()
    seen: set[tuple] = set()
    for number in range(1, size + 1):
        values = []
        for field in draw(_permutations(decl.fields)):
            if draw(_present) > (0 if field is date_field else 4):
                values.append((field.name, field_value(draw, field, days, unit_names)))
        record_id = draw(_maybe_id)
        same = tuple(sorted(values, key=lambda pair: pair[0]))
        if record_id in used or (record_id is None and same in seen):
            record_id = next(i for i in (f"R{number}", *(f"R{number}-{k}" for k in range(1, 99))) if i not in used)
        if record_id is None:
            seen.add(same)
        else:
            used.add(record_id)
        date = dict(values).get(date_field.name) if date_field is not None else None
        out.append(f.Record(kind, tuple(values), record_id, date))
    return out


@lru_cache(maxsize=None)
def _sublists(items: tuple, max_size: int, min_size: int = 0) -> st.SearchStrategy[list]:
    """Distinct items of `items`, up to `max_size`."""
    return st.lists(st.sampled_from(items), min_size=min_size, max_size=max_size, unique=True) if items \
        else st.just([])


_unit_names = st.lists(_fact_names, max_size=3, unique=True)
_few = st.integers(0, 2)
_some_records = st.integers(1, 4)


def _assessments(draw, assessed: tuple[tuple[str, tuple[str, ...]], ...] | None, years: tuple[int, ...],
                 days: st.SearchStrategy, mentioned: tuple[str, ...]) -> list[f.Assessment]:
    """Assessments of the `assessed` targets ((address, assessors), a plan's; None: any address, any assessor):
    at most one a target and year by its assessors (two that disagree are F226), sometimes one by a unit it does
    not name, which is not counted."""
    out: list[f.Assessment] = []
    targets = draw(st.lists(_fact_names.map(lambda n: (n, (n,))), max_size=2)) if assessed is None else assessed
    others = st.one_of(_fact_names, st.sampled_from(mentioned)) if mentioned else _fact_names
    for (address, assessors), year in draw(_sublists(tuple((t, y) for t in targets for y in years), 3)):
        out.append(f.Assessment(address, year, draw(st.booleans()), draw(st.sampled_from(assessors)), draw(days)))
        stranger = draw(others)
        if stranger not in assessors and draw(st.booleans()):
            out.append(f.Assessment(address, year, draw(st.booleans()), stranger, draw(days)))
    return out


@lru_cache(maxsize=None)
def _valid_facts(vocabulary: Vocabulary, unit_names: tuple[str, ...] | None, groups: tuple[str, ...],
                 event_names: tuple[str, ...] | None, first_year: int, last_year: int,
                 period: bool | None, deliveries: bool,
                 assessed: tuple[tuple[str, tuple[str, ...]], ...] | None = ()) -> st.SearchStrategy[f.Facts]:
    kinds = tuple(sorted(vocabulary.kinds))
    dated = {k for k in kinds if vocabulary.date_field(k) is not None}
    metrics = _reportable_metrics(vocabulary)
    everywhere = days_between(_dt.date(first_year, 1, 1), _dt.date(last_year, 12, 31))
    members = _sublists(groups, 2) if groups else (
        st.lists(_fact_names, max_size=2, unique=True) if unit_names is None else st.just([]))

    @st.composite
    def build(draw) -> f.Facts:
        declared = draw(st.booleans()) if period is None else period
        if declared:
            start = draw(everywhere)
            end = draw(days_between(start, _dt.date(last_year, 12, 31)))
            span: tuple[_dt.date, _dt.date] | None = (start, end)
        else:
            start, end, span = _dt.date(first_year, 1, 1), _dt.date(last_year, 12, 31), None
        days = days_between(start, end)
        years = tuple(range(start.year, end.year + 1))
        chosen = draw(_unit_names) if unit_names is None else draw(_sublists(unit_names, 3))
        mentioned = tuple(unit_names) if unit_names else tuple(chosen)
        units = []
        for name in chosen:
            records: list[f.Record] = []
            for kind in draw(_sublists(kinds, 3)):
                records += _records_of(draw, vocabulary, kind, days, mentioned, draw(_some_records))
            taken = {(r.kind, r.date.year) for r in records if r.date is not None}
            snapshots = {r.kind for r in records if r.kind not in dated}
            free = tuple((k, y) for k in kinds for y in years
                         if ((k, y) not in taken if k in dated else k not in snapshots))
            counts: list[f.Count] = []
            for kind, year in draw(_sublists(free, 2)):
                counts += _true_counts(draw, vocabulary, kind, year)
            values = []
            pairs = tuple((metric, year) for metric in metrics for year in years)
            for (metric, expr), year in draw(_sublists(pairs, 3)):
                values.append(f.ReportedValue(metric, year, draw(_metric_values(expr)),
                                              unit=vocabulary.figure_unit(metric)))
            handed: list[f.Delivery] = []
            if deliveries:
                for _ in range(draw(_few)):
                    year = draw(st.sampled_from(years))
                    period_ = draw(st.one_of(st.none(), st.sampled_from((
                        str(year), f"{year}-{draw(st.integers(1, 12)):02d}", f"{year}-H{draw(st.integers(1, 2))}",
                        f"{year}-Q{draw(st.integers(1, 4))}", "once", draw(days).isoformat()))))
                    handed.append(f.Delivery(draw(st.one_of(st.sampled_from(_TASKS), _fact_names)), draw(days),
                                             draw(st.one_of(st.none(), _fact_names, st.integers(1, 5).map(str))),
                                             period_))
            judged = _assessments(draw, assessed, years, days, mentioned)
            units.append(f.UnitFacts(name, tuple(draw(members)), tuple(records), tuple(counts), tuple(values),
                                     tuple(handed), assessments=tuple(judged)))
        events: list[f.Happened] = []
        if event_names is None or event_names:
            names_ = st.sampled_from(event_names) if event_names else _fact_names
            whose = st.one_of(st.none(), st.sampled_from(mentioned)) if mentioned else st.none()
            events = [f.Happened(e, d, u) for e, d, u in draw(
                st.lists(st.tuples(names_, days, whose), max_size=3, unique=True))]
        return f.Facts(tuple(units), tuple(events), span, ())

    return build()


def valid_facts(vocabulary: VocabularyLike = None, *, units: Sequence[str] | None = None,
                years: tuple[int, int] = (2024, 2027), period: bool | None = None) -> st.SearchStrategy[f.Facts]:
    """Valid `Facts` for a vocabulary: what `load_facts` could return.

    `vocabulary` is a `Vocabulary` (the prelude's when None) or a compiled
    `RuleSet`. For a `RuleSet`, the facts also fit the plan, so that
    `rules.evaluate(facts, as_of)` never raises `FactsError`: units are the
    plan's, `member_of` names its groups, events are its events, and there
    are no deliveries (those must match a task's deadlines). Otherwise unit,
    event and task names are any names (the loader does not check them),
    or those of `units` when given (then with no events, groups or
    deliveries).

    Up to three units, each with records of up to three kinds (any field
    may be missing, as in real reports), true counts of other kinds and
    years (counts agree with each other: none exceeds a count with fewer
    conditions), reported values in their metric's range, deliveries, and assessments (of the plan's assessed
    targets, by their assessors, one a target and year, sometimes one more by a unit not named, for a `RuleSet`;
    of any target otherwise).
    Dates lie in the `years` (first, last), and inside the declared
    `period` when the facts declare one (`period=True`: always; `False`:
    never; None: either).
    """
    vocab = vocabulary_of(vocabulary)
    first, last = years
    units = tuple(units) if units is not None else None
    if not 1900 <= first <= last <= 2200:
        raise ValueError(f"years must lie in 1900..2200, first <= last: {years}")
    if isinstance(vocabulary, RuleSet):
        plan_units = tuple(sorted(units if units is not None else vocabulary.units))
        open_groups = tuple(sorted(u.name for u in vocabulary.plan.units
                                   if u.kind is m.UnitKind.GROUP and not u.members and not u.all_units))
        by_address: dict[str, set[str]] = {}  # one assessment a target and year by its assessors (F226)
        for rule in vocabulary.metric_rules:
            if rule.text is not None and rule.clause.address and rule.clause.inherited_from is None:
                by_address.setdefault(rule.clause.address, set()).update(rule.assessors)
        assessed = tuple(sorted((address, tuple(sorted(who))) for address, who in by_address.items()))
        return _valid_facts(vocab, plan_units, open_groups, tuple(sorted(vocabulary.events)), first, last, period,
                            False, assessed)
    if units is not None:
        return _valid_facts(vocab, tuple(units), (), (), first, last, period, False)
    return _valid_facts(vocab, None, (), None, first, last, period, True, None)
