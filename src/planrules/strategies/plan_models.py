"""Plan models and their canonical `.plan` text, as Hypothesis strategies.

Every value drawn here is one the language can express, so that
`parse(format(p)) == p` holds for each drawn plan (the package docstring
lists the rules that makes this so).
"""

from __future__ import annotations

import datetime as _dt
from fractions import Fraction
from functools import lru_cache

from attrs import evolve, frozen
from hypothesis import strategies as st

from ..language import model as m
from ..language import printer
from .words import names, texts

LANGUAGES = ("vi", "en")
"""The languages `planrules.format` writes keywords in."""


def _optional(strategy: st.SearchStrategy) -> st.SearchStrategy:
    """None, or a value of `strategy`."""
    return st.one_of(st.none(), strategy)


# ------------------------------------------------------- numbers and places --


@lru_cache(maxsize=None)
def years() -> st.SearchStrategy[int]:
    """Years the language accepts: 1900..2200."""
    return st.integers(1900, 2200)


def _leap_days() -> st.SearchStrategy[_dt.date]:
    """The days of a leap year: every day and month a yearly date may name, 29/02 too."""
    return st.dates(min_value=_dt.date(2024, 1, 1), max_value=_dt.date(2024, 12, 31))


@lru_cache(maxsize=None)
def dates() -> st.SearchStrategy[_dt.date]:
    """Dates in the years 1900..2200."""
    return st.dates(min_value=_dt.date(1900, 1, 1), max_value=_dt.date(2200, 12, 31))


_counts = st.one_of(st.integers(0, 200), st.integers(0, 10**12))


@lru_cache(maxsize=None)
def source_refs() -> st.SearchStrategy[m.SourceRef]:
    """Places in a seed document: lines `first`..`last` (first <= last), maybe in a named file."""
    return st.builds(
        lambda first, extra, document: m.SourceRef(first, first + extra, document),
        _counts,
        st.one_of(st.just(0), st.integers(0, 50)),
        _optional(texts()),
    )


@lru_cache(maxsize=None)
def section_paths() -> st.SearchStrategy[str]:
    """Section paths of any depth such as `II`, `II.4.b`, `I.2.1`, `II.2.2.a`, `III-4`, `I.5.đ-2`."""
    numbers = st.one_of(st.integers(0, 30).map(str), st.from_regex(r"[0-9]{1,4}", fullmatch=True))
    steps = st.lists(st.one_of(numbers, st.sampled_from("abcdefghijklmnopqrstuvwxyzđ")), max_size=5)
    return st.builds(
        lambda roman, after, dash: roman
        + "".join(f".{step}" for step in after)
        + (f"-{dash}" if dash is not None else ""),
        st.one_of(
            st.sampled_from(["I", "II", "III", "IV", "V", "VI", "IX", "X"]),
            st.text("IVX", min_size=1, max_size=6),
        ),
        steps,
        _optional(numbers),
    )


def _article_addresses() -> st.SearchStrategy[m.Address]:
    """Điều n, khoản n, điểm x, or a tail of `Điều n khoản n điểm x`, maybe with a dash item."""
    letters = st.sampled_from("abcdefghijklmnopqrstuvwxyzđ")
    return st.builds(
        lambda parts, item: m.Address(**parts, item=item),
        st.one_of(
            st.builds(lambda a, c, p: dict(article=a, clause=c, point=p), _counts, _optional(_counts), _optional(letters)),
            st.builds(lambda c, p: dict(clause=c, point=p), _counts, _optional(letters)),
            letters.map(lambda p: dict(point=p)),
        ),
        _optional(_counts),
    )


@lru_cache(maxsize=None)
def addresses(rows: bool = True) -> st.SearchStrategy[m.Address]:
    """Addresses of clauses, of every form the language has.

    A section path of any depth, an article (Điều, khoản, điểm), the
    preamble (mở đầu), an appendix (Phụ lục I) or any of these but the
    preamble inside one, and (when `rows`) table rows of any depth (TT 3,
    TT 11.1), inside an appendix or not.
    """
    paths = section_paths().map(lambda p: m.Address(path=p))
    local = [paths, _article_addresses()]
    if rows:
        local.append(st.builds(lambda row, sub: m.Address(row=row, sub=tuple(sub)), _counts,
                               st.lists(_counts, max_size=3)))
    appendix = st.one_of(st.sampled_from(["I", "II", "III", "IV", "1", "2"]), st.text("IVXLC", min_size=1, max_size=5),
                         _counts.map(str))
    scoped = st.builds(lambda number, at: evolve(at, appendix=number) if at is not None else m.Address(appendix=number),
                       appendix, _optional(st.one_of(*local)))
    preamble = _optional(_counts).map(lambda item: m.Address(preamble=True, item=item))
    # the forms the seed plans use come first, so that shrinking ends at them
    return st.one_of(*local, scoped, preamble)


@lru_cache(maxsize=None)
def quantities() -> st.SearchStrategy[m.Quantity]:
    """Exact non-negative quantities, plain, in percent or in days.

    Values are whole numbers, finite decimals (1,5; 0,000244140625),
    fractions with no finite decimal form (1/3, 2/7) and decimals too long
    for the printer's 12-digit limit (1/8192).
    """
    values = st.one_of(
        st.integers(0, 10**6).map(Fraction),
        st.builds(Fraction, st.integers(0, 10**6), st.sampled_from([2, 4, 5, 8, 10, 20, 100, 1000, 3, 6, 7, 9, 12])),
        st.sampled_from([Fraction(1, 3), Fraction(2, 3), Fraction(1, 2), Fraction(3, 2), Fraction(1, 4096),
                         Fraction(1, 8192), Fraction(1, 10**12), Fraction(1, 10**13)]),
        st.fractions(min_value=0, max_value=10**4, max_denominator=10**5),
    )
    return st.builds(m.Quantity, values, st.sampled_from(list(m.QuantityUnit)))


# ------------------------------------------------------------- vocabulary --


def _signed(quantity: m.Quantity, below_zero: bool) -> m.Quantity:
    return m.Quantity(-quantity.value, quantity.unit) if below_zero else quantity


@lru_cache(maxsize=None)
def conditions(min_size: int = 0) -> st.SearchStrategy[tuple]:
    """Conditions on record fields: conjunctions of flag set, flag not set, field = category, field ≠
    category, field in a set of categories, a number field compared with a quantity (of either sign), and
    alternatives (`hoặc`) of such conjunctions, nested."""
    simple = st.one_of(
        st.builds(m.FlagIsSet, names()),
        st.builds(m.FlagNotSet, names()),
        st.builds(m.FieldEquals, names(), names()),
        st.builds(m.FieldNotEquals, names(), names()),
        st.builds(m.FieldIn, names(), st.lists(names(), min_size=1, max_size=3).map(tuple)),
        st.builds(m.FieldCompares, names(), st.sampled_from(list(m.Relation)),
                  st.builds(_signed, quantities(), st.booleans())),
    )
    def either(inner):
        return st.builds(m.AnyOf, st.lists(st.lists(inner, min_size=1, max_size=2).map(tuple),
                                           min_size=2, max_size=2).map(tuple))

    nested = either(simple)
    test = st.one_of(simple, simple, simple, nested, either(st.one_of(simple, nested)))
    return st.lists(test, min_size=min_size, max_size=3).map(tuple)


@lru_cache(maxsize=None)
def _count_of() -> st.SearchStrategy[m.CountOf]:
    """Counts of records of a kind, with or without a condition."""
    return st.builds(m.CountOf, names(), conditions(), conditions())


@lru_cache(maxsize=None)
def metric_exprs() -> st.SearchStrategy:
    """Metric expressions of every kind.

    CountOf with and without a condition, ShareOf with and without an
    exclusion, a cut and a growth (`CutVsPreviousYear`, `Growth`) of a count, a
    share, a sum, a ratio or a metric name against the previous year or a fixed base
    year, an average growth (`AverageGrowth`) of a count, a sum or a name, EachRecord with and
    without a `by` field, a share of tasks completed (on time or not); SumOf with and
    without a condition, Reported in every unit (a named one too) and RatioOf of counts, sums and metric names.
    """
    share = st.builds(m.ShareOf, names(), conditions(min_size=1), conditions())
    name = st.builds(m.MetricName, names())
    base_year = _optional(st.integers(1990, 2100))
    sums = st.builds(m.SumOf, names(), names(), conditions())
    terms = st.one_of(_count_of(), sums, st.builds(m.MetricName, names()))
    changed = st.one_of(_count_of(), share, name, sums, st.builds(m.RatioOf, terms, terms))
    reported = st.one_of(st.builds(m.Reported, st.sampled_from([m.QuantityUnit.NONE, m.QuantityUnit.PERCENT, m.QuantityUnit.DAYS])),
                         st.builds(m.Reported, label=texts()))
    return st.one_of(
        _count_of(),
        share,
        st.builds(m.CutVsPreviousYear, changed, base_year),
        st.builds(m.Growth, changed, base_year),
        st.builds(m.AverageGrowth, st.one_of(_count_of(), sums, name)),
        st.builds(m.EachRecord, names(), names(), _optional(names())),
        st.builds(m.TasksCompleted, st.booleans()),
        sums,
        reported,
        st.builds(m.RatioOf, terms, terms),
    )


@lru_cache(maxsize=None)
def _categories() -> st.SearchStrategy[tuple[m.Category, ...]]:
    """The values of a category field: one or more, each with or without a label."""
    return st.lists(st.builds(m.Category, names(), _optional(texts())), min_size=1, max_size=4).map(tuple)


@lru_cache(maxsize=None)
def _field_decls() -> st.SearchStrategy[m.FieldDecl]:
    """Fields of a record kind: of every simple type, or a category field with its values."""
    plain = st.builds(
        m.FieldDecl,
        names(),
        st.sampled_from([t for t in m.FieldType if t is not m.FieldType.CATEGORY]),
        _optional(texts()),
    )
    categorical = st.builds(
        lambda name, label, categories: m.FieldDecl(name, m.FieldType.CATEGORY, label, categories),
        names(),
        _optional(texts()),
        _categories(),
    )
    return st.one_of(plain, categorical)


@lru_cache(maxsize=None)
def record_kinds() -> st.SearchStrategy[m.RecordKind]:
    """Record kinds with fields of every type, category fields with labelled and bare values."""
    return st.builds(
        m.RecordKind, names(), _optional(texts()), st.lists(_field_decls(), max_size=5).map(tuple)
    )


@lru_cache(maxsize=None)
def record_extensions() -> st.SearchStrategy[m.RecordExtension]:
    """Extensions of a record kind (`bổ sung bản ghi`): one or more fields of any type."""
    return st.builds(m.RecordExtension, names(), st.lists(_field_decls(), min_size=1, max_size=3).map(tuple))


@lru_cache(maxsize=None)
def metrics() -> st.SearchStrategy[m.Metric]:
    """Named metric declarations, with or without a label."""
    return st.builds(m.Metric, names(), _optional(texts()), metric_exprs())


# ----------------------------------------------------------- declarations --


@lru_cache(maxsize=None)
def bases() -> st.SearchStrategy[m.Basis]:
    """`căn cứ` / `thực hiện` lines, with or without a date and a source reference."""
    return st.builds(
        m.Basis,
        st.sampled_from(list(m.BasisKind)),
        texts(),
        texts(),
        _optional(dates()),
        _optional(source_refs()),
    )


@frozen
class _LevelOf:
    """A drawn `= cấp X, Y`: the levels a group's members are of."""

    levels: tuple[str, ...]


@lru_cache(maxsize=None)
def units() -> st.SearchStrategy[m.Unit]:
    """Units, roles, and groups: listing members, of all units, of a level of the register, or open."""
    plain = st.builds(
        lambda kind, name, label, source: m.Unit(name, label, kind, source=source),
        st.sampled_from([m.UnitKind.UNIT, m.UnitKind.ROLE]),
        names(),
        texts(),
        _optional(source_refs()),
    )
    group = st.builds(
        lambda name, label, members, source: m.Unit(
            name,
            label,
            m.UnitKind.GROUP,
            members=members if isinstance(members, tuple) else (),
            all_units=members == "all",
            levels=members.levels if isinstance(members, _LevelOf) else (),
            source=source,
        ),
        names(),
        texts(),
        st.one_of(st.just(()), st.just("all"), st.lists(names(), min_size=1, max_size=4).map(tuple),
                  st.lists(names(), min_size=1, max_size=3, unique=True).map(lambda n: _LevelOf(tuple(n)))),
        _optional(source_refs()),
    )
    return st.one_of(plain, group)


@lru_cache(maxsize=None)
def events() -> st.SearchStrategy[m.Event]:
    """Events that can trigger a deadline."""
    return st.builds(
        lambda name, label, source: m.Event(name, label, source), names(), texts(), _optional(source_refs())
    )


# -------------------------------------------------------------- deadlines --


@lru_cache(maxsize=None)
def deadlines(label: st.SearchStrategy | None = None, source: st.SearchStrategy | None = None) -> st.SearchStrategy:
    """Deadlines of every kind, each with an optional label and source reference.

    OnDate (inclusive `đến` and exclusive `trước`, or conditional on an event: `nếu E`), MonthlyBefore (day
    1..31), YearlyBefore (a real day of a leap year, so 29/02 too),
    EachYear (and yearly-and-ongoing), EachHalfYear, EachQuarter, EachMonth, EachWeek, Ongoing, EndOfYear (and a
    span `giai đoạn`), InMonth, InQuarter (with or without
    a year and a trigger event) and AfterEvent; each with a due date is
    sometimes a hard cut-off (`hard`). `label` and `source` override the
    strategies for those two fields.
    """
    common = dict(
        label=label if label is not None else _optional(texts()),
        source=source if source is not None else _optional(source_refs()),
    )
    leap_days = st.dates(min_value=_dt.date(2024, 1, 1), max_value=_dt.date(2024, 12, 31))
    dated = st.one_of(
        st.builds(m.OnDate, date=dates(), inclusive=st.booleans(), **common),
        st.builds(m.MonthlyBefore, day=st.integers(1, 31), inclusive=st.booleans(), **common),
        st.builds(
            lambda d, inclusive, label, source: m.YearlyBefore(
                day=d.day, month=d.month, inclusive=inclusive, label=label, source=source
            ),
            leap_days,
            st.booleans(),
            common["label"],
            common["source"],
        ),
        st.builds(m.EachYear, ongoing=st.booleans(), **common),  # `hằng năm và thường xuyên`: one duty
        st.builds(m.EachHalfYear, **common),
        st.builds(m.EachQuarter, **common),
        st.builds(m.EachMonth, **common),
        st.builds(m.EachWeek, day=st.integers(1, 7), **common),
        st.builds(m.EndOfYear, year=years(), **common),
        st.builds(lambda first, n, **rest: m.EndOfYear(year=first + n, first=first, **rest),  # a span
                  st.integers(2000, 2090), st.integers(1, 9), **common),
        st.builds(m.InMonth, year=years(), month=st.integers(1, 12), **common),
        st.builds(
            m.InQuarter, quarter=st.integers(1, 4), year=_optional(years()), trigger=_optional(names()), **common
        ),
        st.builds(m.WithinAfterEvent, days=st.integers(1, 400), event=names(), working=st.booleans(), **common),
        st.builds(m.WithinOfIssue, days=st.integers(1, 400), working=st.booleans(), **common),
        st.builds(  # a conditional date (`đến ngày D nếu E [trong vòng N ngày]`)
            lambda offset, **rest: m.OnDate(after_days=offset[0], working=offset[1], **rest),
            st.one_of(st.just((None, False)), st.tuples(st.integers(1, 400), st.booleans())),
            date=dates(), inclusive=st.booleans(), trigger=names(), **common),
    )
    return st.one_of(  # a deadline with a due date may be a hard cut-off (`không gia hạn`)
        st.tuples(dated, st.booleans()).map(lambda drawn: evolve(drawn[0], hard=drawn[1])),
        st.builds(m.Ongoing, **common),
        st.builds(m.AfterEvent, event=names(), **common),
    )


@lru_cache(maxsize=None)
def _task_deadlines() -> st.SearchStrategy[tuple]:
    """A task's deadlines; often several in a row share a label and a source (`A và B` on input)."""

    def share(drawn: list) -> tuple:
        out: list = []
        for deadline, same_as_previous in drawn:
            if same_as_previous and out:
                deadline = evolve(deadline, label=out[-1].label, source=out[-1].source)
            out.append(deadline)
        return tuple(out)

    return st.lists(st.tuples(deadlines(), st.booleans()), max_size=4).map(share)


# ---------------------------------------------------------------- targets --


@lru_cache(maxsize=None)
def target_bodies() -> st.SearchStrategy[dict]:
    """Keyword arguments of `Target` but `address` and `source`: metric, comparator, threshold, category, period,
    scope and watchers.

    The metric is a name (then perhaps with a category) or an inline
    expression of any kind; the period is none, each year or one year, maybe a running total; the
    scope none, the whole territory or up to two names; up to two watchers.
    """
    named = st.builds(
        lambda name, category: {"metric": m.MetricName(name), "category": category},
        names(),
        _optional(names()),
    )
    inline = metric_exprs().map(lambda e: {"metric": e, "category": None})
    return st.builds(
        lambda metric, bound, period, scope, watchers, cumulative, window, when_none: {
            **metric,
            **bound,
            "period": period,
            "scope": scope,
            "monitored_by": watchers,
            "cumulative": cumulative,
            "data_window": window,
            "when_none": when_none,
        },
        st.one_of(named, inline),
        bounds(),
        periods(),
        scopes(),
        st.lists(names(), max_size=2).map(tuple),
        cumulatives(),
        data_windows(),
        st.sampled_from([None, *m.WhenNone]),
    )


def bounds() -> st.SearchStrategy[dict]:
    """A target's comparator and threshold, and for a range (`từ 40% đến 50%`) its upper end: the lower end
    first, both in one unit."""
    single = st.builds(lambda c, q: {"comparator": c, "threshold": q, "upper": None},
                       st.sampled_from([c for c in m.Comparator if c is not m.Comparator.BETWEEN]), quantities())

    def ranged(low: m.Quantity, more: m.Quantity) -> dict:
        return {"comparator": m.Comparator.BETWEEN, "threshold": low,
                "upper": m.Quantity(low.value + more.value, low.unit)}

    return st.one_of(single, st.builds(ranged, quantities(), quantities()))


@lru_cache(maxsize=None)
def periods() -> st.SearchStrategy:
    """A target's period: none, each year (until a year, judged on a day), one year, a span or a date."""
    return st.one_of(st.none(), st.just(m.EachYearPeriod()),
                     st.builds(m.EachYearPeriod, _optional(years()), _optional(_leap_days().map(lambda d: (d.day, d.month)))),
                     st.builds(m.YearPeriod, years()),
                     st.builds(lambda first, n: m.SpanPeriod(first, first + n), st.integers(2000, 2090), st.integers(1, 9)),
                     st.builds(m.AtDatePeriod, dates()))


@lru_cache(maxsize=None)
def assessed_bodies() -> st.SearchStrategy[dict]:
    """Keyword arguments of `AssessedTarget` but `address` and `source`: its text, one or two assessors, a
    period, a scope and watchers (`"…" đánh giá bởi: X`)."""
    return st.builds(
        lambda text, assessors, period, scope, watchers: {
            "text": text, "assessors": assessors, "period": period, "scope": scope, "monitored_by": watchers},
        texts(), st.lists(names(), min_size=1, max_size=2).map(tuple), periods(), scopes(),
        st.lists(names(), max_size=2).map(tuple),
    )


@lru_cache(maxsize=None)
def assessed_targets(address: st.SearchStrategy | None = None) -> st.SearchStrategy[m.AssessedTarget]:
    """Assessed targets standing alone, with a section path or no address (or `address`), maybe a source."""
    where = address if address is not None else _optional(addresses(rows=False))
    return st.builds(lambda body, at, source: m.AssessedTarget(**body, address=at, source=source),
                     assessed_bodies(), where, _optional(source_refs()))


@lru_cache(maxsize=None)
def cumulatives() -> st.SearchStrategy[m.Cumulative | None]:
    """A target's running total (`lũy kế`): none (a level, most often), from the plan's start, a year or a day."""
    return st.one_of(st.none(), st.none(), st.just(m.Cumulative()), st.builds(m.Cumulative, years()),
                     st.builds(lambda day: m.Cumulative(since=day), dates()))


@lru_cache(maxsize=None)
def data_windows() -> st.SearchStrategy[m.DataWindow | None]:
    """Each year's data (`số liệu từ ngày D/M năm trước đến ngày …`): none (the calendar year, most often), or a
    year from any day but 01/01 and 29/02 of the year before to the day before it."""
    def window(day: _dt.date) -> m.DataWindow:
        before = day - _dt.timedelta(days=1)
        return m.DataWindow((day.day, day.month), (before.day, before.month))

    days = st.dates(_dt.date(2025, 1, 2), _dt.date(2025, 12, 31))
    return st.one_of(st.none(), st.none(), days.map(window))


@lru_cache(maxsize=None)
def scopes() -> st.SearchStrategy[m.Scope | None]:
    """Who a target binds: no scope (the default), the whole territory, or one or two units or groups."""
    return _optional(st.lists(names(), max_size=2).map(lambda drawn: m.Scope(tuple(drawn))))


@lru_cache(maxsize=None)
def targets(address: st.SearchStrategy | None = None) -> st.SearchStrategy[m.Target]:
    """Targets standing alone in a plan: with a section path or no address, maybe a source reference.

    Pass `address` (a strategy of `Address` or None) to choose the
    addresses instead.
    """
    where = address if address is not None else _optional(addresses(rows=False))
    return st.builds(
        lambda body, at, source: m.Target(**body, address=at, source=source),
        target_bodies(),
        where,
        _optional(source_refs()),
    )


# ------------------------------------------------------------------ tasks --


@lru_cache(maxsize=None)
def task_refs() -> st.SearchStrategy[m.TaskRef]:
    """References to a task of another plan: its number and the task's address."""
    return st.builds(m.TaskRef, texts(), addresses())


@lru_cache(maxsize=None)
def tasks() -> st.SearchStrategy[m.Task]:
    """Tasks at a section path or an appendix row, with every kind of field.

    Each field may be absent; leads, collaborators, deadlines, reports_to,
    implements and targets may each hold several values. The task's
    targets carry the task's address. Several leads may state their deliverable
    joint or owed by each (`lead_mode`), or leave it unsaid.
    """
    unit_names = st.lists(names(), max_size=2).map(tuple)
    task_targets = st.lists(st.tuples(st.one_of(target_bodies(), assessed_bodies()), _optional(source_refs())),
                            max_size=2)
    return st.builds(
        lambda address, content, leads, collaborators, deliverable, deadlines_, reports_to, implements, targets_,
        source, mode: m.Task(
            address,
            content=content,
            leads=leads,
            lead_mode=mode if len(leads) > 1 else None,
            collaborators=collaborators,
            deliverable=deliverable,
            deadlines=deadlines_,
            reports_to=reports_to,
            implements=implements,
            targets=tuple((m.AssessedTarget if "text" in body else m.Target)(**body, address=address, source=ref)
                          for body, ref in targets_),
            source=source,
        ),
        addresses(),
        _optional(texts()),
        unit_names,
        unit_names,
        _optional(texts()),
        _task_deadlines(),
        unit_names,
        st.lists(task_refs(), max_size=2).map(tuple),
        task_targets,
        _optional(source_refs()),
        _optional(st.sampled_from(m.LeadMode)),
    )


# ------------------------------------------------------ sections, comments --


@lru_cache(maxsize=None)
def sections() -> st.SearchStrategy[m.Section]:
    """Section headings: a section path and a title."""
    return st.builds(
        lambda at, title, source: m.Section(at, title, source), addresses(rows=False), texts(), _optional(source_refs())
    )


@lru_cache(maxsize=None)
def paragraphs() -> st.SearchStrategy[m.Paragraph]:
    """Paragraphs of text at a section path."""
    return st.builds(
        lambda at, text, source: m.Paragraph(at, text, source), addresses(rows=False), texts(), _optional(source_refs())
    )


@lru_cache(maxsize=None)
def comments() -> st.SearchStrategy[m.Comment]:
    """`#` comments: stripped one-line text, sometimes empty, sometimes followed by a blank line."""
    return st.builds(
        lambda text, detached: m.Comment(text, detached),
        texts().map(str.strip).filter(lambda s: s == s.strip()),
        st.booleans(),
    )


@lru_cache(maxsize=None)
def statements() -> st.SearchStrategy:
    """Any statement of a plan's body: declarations, clauses and comments."""
    return st.one_of(
        bases(),
        units(),
        events(),
        record_kinds(),
        record_extensions(),
        metrics(),
        sections(),
        paragraphs(),
        tasks(),
        targets(),
        assessed_targets(),
        comments(),
    )


# ------------------------------------------------------------------- plans --


@lru_cache(maxsize=None)
def plans(max_statements: int = 10) -> st.SearchStrategy[m.Plan]:
    """Whole plans: heading comments, any header fields, then up to `max_statements` statements.

    Every header field may be absent (a plan without a number is a
    vocabulary); the date, effective date and end date are `validities`;
    the status is complete or partial; the plan's language
    (which `planrules.format` uses by default) is Vietnamese or English.

    Comments are placed as the parser places them: comments above the
    first statement (header line or body statement) are the plan's
    `preamble`, so a plan with no header never starts its body with a
    comment, and a plan of comments only keeps them all in its body.
    """
    string_lists = st.lists(texts(), max_size=5).map(tuple)  # long lists print one item per line
    drafts = st.builds(
        m.Plan,
        number=_optional(texts()),
        title=_optional(texts()),
        issuer=_optional(texts()),
        place=_optional(texts()),
        territory=_optional(texts()),
        signer=_optional(texts()),
        signer_title=_optional(texts()),
        recipients=string_lists,
        source_text=_optional(texts()),
        status=st.sampled_from(list(m.PlanStatus)),
        parents=string_lists,
        preamble=st.lists(comments(), max_size=2).map(tuple),
        body=st.lists(statements(), max_size=max_statements).map(tuple),
        language=st.sampled_from(LANGUAGES),
    )
    return st.builds(_with_validity, drafts, validities()).map(_place_comments)


@lru_cache(maxsize=None)
def validities() -> st.SearchStrategy[tuple[_dt.date | None, _dt.date | None, _dt.date | None]]:
    """A plan's (date, effective, until): each may be absent; the end never before the day it is in force from.

    The effective date may come before the date of issue (a retroactive
    start) or after it; `until` is no earlier than `effective`, or than
    `date` without one, as the parser requires.
    """
    def ordered(date, effective, until):
        first = effective if effective is not None else date
        if until is not None and first is not None and until < first:
            until = first
        return (date, effective, until)

    return st.builds(ordered, _optional(dates()), _optional(dates()), _optional(dates()))


def _with_validity(plan: m.Plan, validity) -> m.Plan:
    date, effective, until = validity
    return evolve(plan, date=date, effective=effective, until=until)


def _has_header(plan: m.Plan) -> bool:
    """Whether `planrules.format` writes any identity header line for `plan`."""
    values = (plan.number, plan.title, plan.issuer, plan.place, plan.territory, plan.date, plan.effective, plan.until, plan.signer,
              plan.signer_title,
              plan.source_text)
    return (
        any(v is not None for v in values)
        or bool(plan.recipients or plan.parents)
        or plan.status is m.PlanStatus.PARTIAL
    )


def _place_comments(plan: m.Plan) -> m.Plan:
    """Move comments where parsing the plan's text would put them (see `plans`)."""
    if not any(not isinstance(s, m.Comment) for s in plan.body) and not _has_header(plan):
        return evolve(plan, preamble=(), body=plan.preamble + plan.body)
    if _has_header(plan):
        return plan
    leading = 0
    while leading < len(plan.body) and isinstance(plan.body[leading], m.Comment):
        leading += 1
    return evolve(plan, preamble=plan.preamble + plan.body[:leading], body=plan.body[leading:])


@lru_cache(maxsize=None)
def plan_texts(lang: str | None = None, max_statements: int = 10) -> st.SearchStrategy[str]:
    """The canonical text of generated plans, in `lang` ("vi" or "en") or either when None."""
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, not {lang!r}")
    langs = st.just(lang) if lang is not None else st.sampled_from(LANGUAGES)
    return st.builds(lambda plan, language: printer.format(plan, language), plans(max_statements), langs)
