"""Hypothesis strategies for plans, `.plan` text, facts and facts files.

Property-test your own plan on facts (docs/testing.md walks through it)::

    import datetime as dt
    from hypothesis import given
    import planrules
    from planrules.strategies import facts_meeting, facts_violating, verdict_for

    plan = planrules.load("plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan")
    rules = planrules.compile(plan, planrules.load_dir("plans"))

    @given(facts_meeting("I.2-1#1", rules=rules, year=2026))
    def test_sixty_percent_online_meets_the_target(facts):
        assert verdict_for("I.2-1#1", facts, rules=rules, year=2026).status is planrules.Status.MET

Facts:

- `facts_meeting(target, rules=, unit=, year=)` / `facts_violating(...)`:
  `Facts` of one unit on which a target of a compiled plan is met / not
  met for a year, judged at its end; `verdict_for` finds that verdict;
- `valid_facts(vocabulary)`: any facts the loader accepts (for a
  `RuleSet`: facts that also fit the plan, so `evaluate` never raises);
- `facts_toml(vocabulary)` and `facts_and_toml(...)`: the text of valid
  facts files, in every spelling the format allows (with the `Facts` it
  loads as);
- `invalid_facts_toml(vocabulary, kind)`: (text, code): a facts file with
  exactly one problem, one kind per loader check (`INVALID_FACTS`);
- `plan_pairs(loosen=False, deadlines=False)`: a parent plan and a child
  that tightens its targets (and, with `deadlines`, the deadlines of the
  parent tasks it implements), or loosens exactly one, as text (`PlanPair`).

Plans and plan text, to property-test code that consumes plans::

    from hypothesis import given
    from planrules import format, parse
    from planrules.strategies import plans

    @given(plans())
    def test_round_trip(plan):
        assert parse(format(plan)) == plan

Every value generated here is one the `.plan` language can express, so
`parse(format(p)) == p` holds for each generated plan `p`:

- names match `[^\\W\\d]\\w*`, are NFC, and are never a keyword, nor a word of
  a multi-word keyword, in any spelling (Vietnamese, ASCII-folded, English,
  any letter case): "và", "có", "tt", "by", "theo", "khi", "so", "at", ...;
- text (labels, titles, numbers of documents) is NFC and on one line: no
  control characters (Unicode category Cc, which includes newline, carriage
  return and tab), no line or paragraph separators (Zl, Zp);
- dates and years lie in 1900..2200; days of the month in 1..31; a yearly
  day is a real day of a leap year (29/02 allowed); quarters are 1..4;
- source references run forwards (`first <= last`);
- a target inside a task carries the task's address; a target standing
  alone has a section path or no address; only a target on a named metric
  has a category;
- quantities are exact non-negative `Fraction`s, including ones with no
  finite decimal form such as 1/3;
- comments are stripped one-line text, placed as the parser places them:
  those above the first statement are the plan's `preamble`.

The strategy functions are cached: calling one twice with the same
arguments returns the same strategy object, which keeps building large
strategies (and Hypothesis's validation of them) cheap.

Importing this module needs Hypothesis (`pip install planrules[test]`);
`import planrules` alone does not.
"""

from __future__ import annotations

import datetime as _dt
import math
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from fractions import Fraction
from functools import lru_cache
from typing import Union

from attrs import evolve, frozen
from hypothesis import strategies as st

from ..facts import model as f
from ..language import model as m
from ..language.keywords import KEYWORDS, fold, spellings
from ..language.library import Library
from ..evaluation.measure import Where, merge
from ..language.printer import format as _format
from ..evaluation.rules import MetricRule
from ..evaluation.ruleset import RuleSet
from ..language.syntax import parse as _parse
from ..evaluation.verdicts import RuleKind, Verdict
from ..language.vocabulary import Vocabulary

__all__ = [
    "INVALID_FACTS",
    "LANGUAGES",
    "PlanPair",
    "addresses",
    "bases",
    "comments",
    "conditions",
    "dates",
    "deadlines",
    "events",
    "facts_and_toml",
    "facts_meeting",
    "facts_toml",
    "facts_violating",
    "invalid_facts_toml",
    "is_name",
    "metric_exprs",
    "metrics",
    "names",
    "paragraphs",
    "plan_pairs",
    "plan_texts",
    "plans",
    "quantities",
    "record_kinds",
    "section_paths",
    "sections",
    "source_refs",
    "statements",
    "target_bodies",
    "targets",
    "task_refs",
    "tasks",
    "texts",
    "units",
    "valid_facts",
    "verdict_for",
    "years",
]

LANGUAGES = ("vi", "en")
"""The languages `planrules.format` writes keywords in."""

# ------------------------------------------------------------------ names --

_NAME = re.compile(r"[^\W\d]\w*")


def _keyword_words() -> list[str]:
    """Every word of every keyword spelling the grammar accepts, longest first."""
    words: set[str] = set()
    for terminal, (vietnamese, english) in KEYWORDS.items():
        for spelling in (vietnamese, fold(vietnamese), english, *spellings(terminal)):
            words.update(w for w in re.split(r"[\s-]+", spelling) if w)
    return sorted(words, key=lambda w: (-len(w), w))


_KEYWORD_WORDS = tuple(_keyword_words())
# Case-insensitive with the same regex engine the lexer uses, so every
# Unicode case pairing it applies ("ſ" ~ "s", ...) is applied here too.
_KEYWORD_WORD = re.compile("|".join(re.escape(w) for w in _KEYWORD_WORDS), re.IGNORECASE)

_VIETNAMESE_LOWER = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợ"
    "pqrstuùúủũụưừứửữựvxyỳýỷỹỵfjwz"
)
_VIETNAMESE_UPPER = unicodedata.normalize("NFC", _VIETNAMESE_LOWER.upper())
_OTHER_LETTERS = "ßøåæœçñπλжщяəʒ中文ا"


def is_name(text: str) -> bool:
    """Whether `text` can be written as a name in a `.plan` file and read back unchanged.

    A name is NFC, matches `[^\\W\\d]\\w*`, and is not (in any letter case)
    a word of any keyword spelling. Names spelt like a section address or
    a quarter (`IV`) are fine: the lexer only looks for those where a name
    cannot stand.
    """
    return (
        _NAME.fullmatch(text) is not None
        and unicodedata.normalize("NFC", text) == text
        and _KEYWORD_WORD.fullmatch(text) is None
    )


def _near_keyword_names() -> list[str]:
    """Names that start or end like a keyword but are longer ("leader", "và_2"), and Roman numerals."""
    out = []
    for word in _KEYWORD_WORDS:
        if not _NAME.fullmatch(word):
            continue
        for candidate in (word + "_", word + "1", word + "x", "x" + word, word.upper() + "_"):
            if is_name(candidate):
                out.append(candidate)
    # spelt like terminals that outrank NAME (section addresses, quarters)
    out.extend(["I", "II", "IV", "X", "XIV", "VIX", "i", "iv", "Iv", "I_", "IVx"])
    return sorted(set(out))


_NEAR_KEYWORDS = tuple(_near_keyword_names())


def _letter_pool() -> str:
    """Letters from many scripts that are NFC on their own and can start a name."""
    ranges = [(0x00C0, 0x024F), (0x0370, 0x03FF), (0x0400, 0x04FF), (0x0530, 0x058F), (0x05D0, 0x05EA),
              (0x0620, 0x064A), (0x0904, 0x0939), (0x0E01, 0x0E30), (0x10A0, 0x10FF), (0x1E00, 0x1EFF),
              (0x3041, 0x3096), (0x4E00, 0x4E40), (0xAC00, 0xAC40), (0x10400, 0x1044F), (0x1D400, 0x1D44F)]
    return "".join(
        ch
        for lo, hi in ranges
        for ch in map(chr, range(lo, hi + 1))
        if re.fullmatch(r"[^\W\d]", ch) and unicodedata.normalize("NFC", ch) == ch
    )


_LETTERS = _letter_pool()
_name_start = st.one_of(
    st.sampled_from(_VIETNAMESE_LOWER),
    st.sampled_from(_VIETNAMESE_UPPER + _OTHER_LETTERS + "_"),
    st.sampled_from(_LETTERS),
)
_name_rest = st.one_of(
    st.text(_VIETNAMESE_LOWER + "_0123456789", max_size=10),
    st.text(_VIETNAMESE_LOWER + _VIETNAMESE_UPPER + _OTHER_LETTERS + _LETTERS + "_0123456789٣²", max_size=10),
)


@lru_cache(maxsize=None)
def names() -> st.SearchStrategy[str]:
    """Names of units, record kinds, fields, metrics, events and categories.

    Mostly Vietnamese and ASCII letters, digits and underscores
    (`đơn_vị_ư`, `vp2`), sometimes letters of other scripts, and sometimes
    a name that begins or ends with a keyword (`và_`, `leader`) or is a
    Roman numeral (`IV`): the grammar's keywords must not run on into a
    longer word. A drawn name spelt like a keyword word gets a trailing
    "_". Every value satisfies `is_name`.
    """
    built = st.builds(str.__add__, _name_start, _name_rest).map(_not_a_keyword)
    return st.one_of(built, built, built, st.sampled_from(_NEAR_KEYWORDS)).filter(is_name)


def _not_a_keyword(name: str) -> str:
    """`name`, or `name_` when `name` is spelt like a keyword word (no keyword word contains "_")."""
    return name + "_" if _KEYWORD_WORD.fullmatch(name) else name


# ------------------------------------------------------------------ texts --

_EXCLUDED = ("Cc", "Cs", "Zl", "Zp")
_SPECIAL = '"\\#{}:@,()=%½≥≤-/ \u00a0\ufeffđếĐƯ'


def _one_line(text: str) -> bool:
    """Whether `text` has no control character, surrogate or line/paragraph separator."""
    return not any(unicodedata.category(ch) in _EXCLUDED for ch in text)


@lru_cache(maxsize=None)
def texts(min_size: int = 0, max_size: int = 24) -> st.SearchStrategy[str]:
    """One-line NFC text: labels, titles, document numbers, file names.

    Any character but control characters (Cc: newline, carriage return,
    tab, ...), surrogates and line/paragraph separators; quotes,
    backslashes and `#` are frequent, since the printer must escape or
    keep them.
    """
    anything = st.text(st.characters(exclude_categories=_EXCLUDED), min_size=min_size, max_size=max_size)
    common = st.text(_SPECIAL + _VIETNAMESE_LOWER + _VIETNAMESE_UPPER + "abc 0123456789.",
                     min_size=min_size, max_size=max_size)
    return (
        st.one_of(anything, common)
        .map(lambda s: unicodedata.normalize("NFC", s))
        .filter(lambda s: _one_line(s) and len(s) >= min_size)
    )


def _optional(strategy: st.SearchStrategy) -> st.SearchStrategy:
    """None, or a value of `strategy`."""
    return st.one_of(st.none(), strategy)


# ------------------------------------------------------- numbers and places --


@lru_cache(maxsize=None)
def years() -> st.SearchStrategy[int]:
    """Years the language accepts: 1900..2200."""
    return st.integers(1900, 2200)


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
    """Section paths such as `II`, `II.4.b`, `III-4`, `I.5.đ-2`."""
    numbers = st.one_of(st.integers(0, 30).map(str), st.from_regex(r"[0-9]{1,4}", fullmatch=True))
    return st.builds(
        lambda roman, number, letter, dash: roman
        + (f".{number}" if number is not None else "")
        + (f".{letter}" if letter is not None else "")
        + (f"-{dash}" if dash is not None else ""),
        st.one_of(
            st.sampled_from(["I", "II", "III", "IV", "V", "VI", "IX", "X"]),
            st.text("IVX", min_size=1, max_size=6),
        ),
        _optional(numbers),
        _optional(st.sampled_from("abcdefghijklmnopqrstuvwxyzđ")),
        _optional(numbers),
    )


@lru_cache(maxsize=None)
def addresses(rows: bool = True) -> st.SearchStrategy[m.Address]:
    """Addresses of clauses: a section path, or (when `rows`) an appendix row `TT n`."""
    paths = section_paths().map(lambda p: m.Address(path=p))
    if not rows:
        return paths
    return st.one_of(paths, _counts.map(lambda n: m.Address(row=n)))


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


@lru_cache(maxsize=None)
def conditions(min_size: int = 0) -> st.SearchStrategy[tuple]:
    """Conjunctions of tests on record fields: flag set, flag not set, field = category."""
    test = st.one_of(
        st.builds(m.FlagIsSet, names()),
        st.builds(m.FlagNotSet, names()),
        st.builds(m.FieldEquals, names(), names()),
    )
    return st.lists(test, min_size=min_size, max_size=3).map(tuple)


@lru_cache(maxsize=None)
def _count_of() -> st.SearchStrategy[m.CountOf]:
    """Counts of records of a kind, with or without a condition."""
    return st.builds(m.CountOf, names(), conditions())


@lru_cache(maxsize=None)
def metric_exprs() -> st.SearchStrategy:
    """Metric expressions of every kind.

    CountOf with and without a condition, ShareOf with and without an
    exclusion, CutVsPreviousYear over a count and over a metric name, and
    EachRecord with and without a `by` field.
    """
    return st.one_of(
        _count_of(),
        st.builds(m.ShareOf, names(), conditions(min_size=1), conditions()),
        st.builds(m.CutVsPreviousYear, st.one_of(_count_of(), st.builds(m.MetricName, names()))),
        st.builds(m.EachRecord, names(), names(), _optional(names())),
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


@lru_cache(maxsize=None)
def units() -> st.SearchStrategy[m.Unit]:
    """Units, roles, and groups: listing members, of all units, or of members not listed."""
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
            members=members if members != "all" else (),
            all_units=members == "all",
            source=source,
        ),
        names(),
        texts(),
        st.one_of(st.just(()), st.just("all"), st.lists(names(), min_size=1, max_size=4).map(tuple)),
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

    OnDate (inclusive `đến` and exclusive `trước`), MonthlyBefore (day
    1..31), YearlyBefore (a real day of a leap year, so 29/02 too),
    EachYear, EachHalfYear, Ongoing, EndOfYear, InQuarter (with or without
    a year and a trigger event) and AfterEvent. `label` and `source`
    override the strategies for those two fields.
    """
    common = dict(
        label=label if label is not None else _optional(texts()),
        source=source if source is not None else _optional(source_refs()),
    )
    leap_days = st.dates(min_value=_dt.date(2024, 1, 1), max_value=_dt.date(2024, 12, 31))
    return st.one_of(
        st.builds(m.OnDate, date=dates(), inclusive=st.booleans(), **common),
        st.builds(m.MonthlyBefore, day=st.integers(1, 31), **common),
        st.builds(
            lambda d, label, source: m.YearlyBefore(day=d.day, month=d.month, label=label, source=source),
            leap_days,
            common["label"],
            common["source"],
        ),
        st.builds(m.EachYear, **common),
        st.builds(m.EachHalfYear, **common),
        st.builds(m.Ongoing, **common),
        st.builds(m.EndOfYear, year=years(), **common),
        st.builds(
            m.InQuarter, quarter=st.integers(1, 4), year=_optional(years()), trigger=_optional(names()), **common
        ),
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
    """Keyword arguments of `Target` but `address` and `source`: metric, comparator, threshold, category, period.

    The metric is a name (then perhaps with a category) or an inline
    expression of any kind; the period is none, each year or one year.
    """
    named = st.builds(
        lambda name, category: {"metric": m.MetricName(name), "category": category},
        names(),
        _optional(names()),
    )
    inline = metric_exprs().map(lambda e: {"metric": e, "category": None})
    return st.builds(
        lambda metric, comparator, threshold, period: {
            **metric,
            "comparator": comparator,
            "threshold": threshold,
            "period": period,
        },
        st.one_of(named, inline),
        st.sampled_from(list(m.Comparator)),
        quantities(),
        st.one_of(st.none(), st.just(m.EachYearPeriod()), st.builds(m.YearPeriod, years())),
    )


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
    targets carry the task's address.
    """
    unit_names = st.lists(names(), max_size=2).map(tuple)
    task_targets = st.lists(st.tuples(target_bodies(), _optional(source_refs())), max_size=2)
    return st.builds(
        lambda address, content, leads, collaborators, deliverable, deadlines_, reports_to, implements, targets_,
        source: m.Task(
            address,
            content=content,
            leads=leads,
            collaborators=collaborators,
            deliverable=deliverable,
            deadlines=deadlines_,
            reports_to=reports_to,
            implements=implements,
            targets=tuple(m.Target(**body, address=address, source=ref) for body, ref in targets_),
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
        metrics(),
        sections(),
        paragraphs(),
        tasks(),
        targets(),
        comments(),
    )


# ------------------------------------------------------------------- plans --


@lru_cache(maxsize=None)
def plans(max_statements: int = 10) -> st.SearchStrategy[m.Plan]:
    """Whole plans: heading comments, any header fields, then up to `max_statements` statements.

    Every header field may be absent (a plan without a number is a
    vocabulary); the status is complete or partial; the plan's language
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
        date=_optional(dates()),
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
    return drafts.map(_place_comments)


def _has_header(plan: m.Plan) -> bool:
    """Whether `planrules.format` writes any identity header line for `plan`."""
    values = (plan.number, plan.title, plan.issuer, plan.place, plan.date, plan.signer, plan.signer_title,
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
    return st.builds(lambda plan, language: _format(plan, language), plans(max_statements), langs)


# =================================================================== facts ==
#
# Facts (what units reported) as `planrules.facts.model` values, and as the TOML
# text `planrules.load_facts` reads. Every `Facts` drawn here is valid: the
# loader would accept it (no duplicate, no count larger than a count with
# fewer conditions, no records and counts of one kind and year...), and
# `facts_and_toml` writes it in any of the spellings the format allows.

VocabularyLike = Union[Vocabulary, RuleSet, None]


def _vocabulary_of(source: VocabularyLike) -> Vocabulary:
    if source is None:
        return _standard_vocabulary()
    if isinstance(source, RuleSet):
        return source.vocabulary
    if isinstance(source, Vocabulary):
        return source
    raise TypeError(f"expected a Vocabulary, a RuleSet or None, not {type(source).__name__}")


@lru_cache(maxsize=None)
def _standard_vocabulary() -> Vocabulary:
    return Vocabulary.standard()


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


@lru_cache(maxsize=4096)
def _days(first: _dt.date, last: _dt.date) -> st.SearchStrategy[_dt.date]:
    """Days from `first` to `last`, often the first or last one."""
    return st.one_of(st.dates(first, last), st.sampled_from([first, last]))


@lru_cache(maxsize=None)
def _permutations(items: tuple) -> st.SearchStrategy[list]:
    return st.permutations(items)


def _year_span(year: int) -> tuple[_dt.date, _dt.date]:
    return _dt.date(year, 1, 1), _dt.date(year, 12, 31)


_integers_in_facts = st.one_of(st.integers(0, 20), st.integers(0, 10**9))
_days_in_facts = st.builds(Fraction, st.integers(0, 40), st.sampled_from([1, 1, 2, 4, 3, 8, 10]))


@lru_cache(maxsize=None)
def _values_of(decl: m.FieldDecl, unit_names: tuple[str, ...] | None) -> st.SearchStrategy:
    """Valid values of field `decl`, but dates (`_field_value` draws those)."""
    kind = decl.type
    if kind is m.FieldType.BOOL:
        return st.booleans()
    if kind is m.FieldType.INTEGER:
        return _integers_in_facts
    if kind is m.FieldType.DAYS:
        return _days_in_facts
    if kind is m.FieldType.CATEGORY:
        return st.sampled_from([c.name for c in decl.categories])
    if kind is m.FieldType.UNIT:
        return st.sampled_from(unit_names) if unit_names else _fact_names
    return _texts_in_facts


def _field_value(draw, decl: m.FieldDecl, days: st.SearchStrategy, unit_names: Sequence[str]):
    """A valid value of field `decl` (dates drawn from `days`)."""
    if decl.type is m.FieldType.DATE:
        return draw(days)
    return draw(_values_of(decl, tuple(unit_names) or None))


def _condition_fields(vocabulary: Vocabulary, kind: str) -> list[m.FieldDecl]:
    """The fields of `kind` a count's `where` may name: yes/no and category fields."""
    return [f for f in vocabulary.kinds[kind].fields if f.type in (m.FieldType.BOOL, m.FieldType.CATEGORY)]


def _domain(decl: m.FieldDecl) -> list:
    return [True, False] if decl.type is m.FieldType.BOOL else [c.name for c in decl.categories]


def _meets(assignment: dict, where: Sequence[tuple[str, object]]) -> bool:
    return all(assignment.get(k, _ABSENT) == v for k, v in where)


_ABSENT = object()


@lru_cache(maxsize=None)
def _register_of(vocabulary: Vocabulary, kind: str) -> st.SearchStrategy:
    """(register, scale, conditions): value combinations of the condition fields of records of `kind`,
    a factor (1 000 conferences...), and distinct conditions to count them by."""
    fields = _condition_fields(vocabulary, kind)
    register = st.lists(st.tuples(*(st.sampled_from(tuple(_domain(d))) for d in fields)), max_size=12)
    if fields:
        pair = st.sampled_from(tuple((d.name, v) for d in fields for v in _domain(d)))
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
    return [f.Count(kind, year, scale * sum(1 for r in rows if _meets(r, w)), w) for w in wheres]


@lru_cache(maxsize=None)
def _reportable_metrics(vocabulary: Vocabulary) -> tuple[tuple[str, object], ...]:
    """(name, expression) of the metrics a unit may report a value for (not per-record ones)."""
    out = []
    for name in vocabulary.metrics:
        expr = vocabulary.expr(m.MetricName(name))
        if isinstance(expr, (m.ShareOf, m.CutVsPreviousYear, m.CountOf)):
            out.append((name, expr))
    return tuple(out)


_SHARES = st.one_of(st.fractions(0, 1, max_denominator=200), st.sampled_from(
    (Fraction(0), Fraction(1), Fraction(3, 5), Fraction(19, 20), Fraction(1, 3))))
_CUTS = st.one_of(st.fractions(-2, 1, max_denominator=100), st.sampled_from((Fraction(1, 10), Fraction(1))))
_WHOLE = st.integers(0, 10**6).map(Fraction)


def _metric_values(expr) -> st.SearchStrategy[Fraction]:
    """Values a unit may report for a metric of expression `expr` (shares 0..1, cuts <= 1, whole counts)."""
    if isinstance(expr, m.ShareOf):
        return _SHARES
    if isinstance(expr, m.CutVsPreviousYear):
        return _CUTS
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
                values.append((field.name, _field_value(draw, field, days, unit_names)))
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


@lru_cache(maxsize=None)
def _valid_facts(vocabulary: Vocabulary, unit_names: tuple[str, ...] | None, groups: tuple[str, ...],
                 event_names: tuple[str, ...] | None, first_year: int, last_year: int,
                 period: bool | None, deliveries: bool) -> st.SearchStrategy[f.Facts]:
    kinds = tuple(sorted(vocabulary.kinds))
    dated = {k for k in kinds if vocabulary.date_field(k) is not None}
    metrics = _reportable_metrics(vocabulary)
    everywhere = _days(_dt.date(first_year, 1, 1), _dt.date(last_year, 12, 31))
    members = _sublists(groups, 2) if groups else (
        st.lists(_fact_names, max_size=2, unique=True) if unit_names is None else st.just([]))

    @st.composite
    def build(draw) -> f.Facts:
        declared = draw(st.booleans()) if period is None else period
        if declared:
            start = draw(everywhere)
            end = draw(_days(start, _dt.date(last_year, 12, 31)))
            span: tuple[_dt.date, _dt.date] | None = (start, end)
        else:
            start, end, span = _dt.date(first_year, 1, 1), _dt.date(last_year, 12, 31), None
        days = _days(start, end)
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
                values.append(f.ReportedValue(metric, year, draw(_metric_values(expr))))
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
            units.append(f.UnitFacts(name, tuple(draw(members)), tuple(records), tuple(counts), tuple(values),
                                     tuple(handed)))
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
    conditions), reported values in their metric's range, and deliveries.
    Dates lie in the `years` (first, last), and inside the declared
    `period` when the facts declare one (`period=True`: always; `False`:
    never; None: either).
    """
    vocab = _vocabulary_of(vocabulary)
    first, last = years
    units = tuple(units) if units is not None else None
    if not 1900 <= first <= last <= 2200:
        raise ValueError(f"years must lie in 1900..2200, first <= last: {years}")
    if isinstance(vocabulary, RuleSet):
        plan_units = tuple(sorted(units if units is not None else vocabulary.units))
        open_groups = tuple(sorted(u.name for u in vocabulary.plan.units
                                   if u.kind is m.UnitKind.GROUP and not u.members and not u.all_units))
        return _valid_facts(vocab, plan_units, open_groups, tuple(sorted(vocabulary.events)), first, last, period,
                            False)
    if units is not None:
        return _valid_facts(vocab, tuple(units), (), (), first, last, period, False)
    return _valid_facts(vocab, None, (), None, first, last, period, True)


# ------------------------------------------------------------ TOML text --

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_seeds = st.integers(0, 2**32 - 1)


class _Bare(str):
    """A key written without quotes whatever its letters (to make a facts file with an F107)."""


class _Float(str):
    """A TOML float, as its exact decimal text ("0.5")."""


def _decimal(value: Fraction) -> str | None:
    """`value` as a finite decimal ("-0.125", "2.0"), or None when it has none."""
    denominator, twos, fives = value.denominator, 0, 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        return None
    digits = max(twos, fives, 1)
    scaled = abs(value) * 10**digits
    whole, fraction = divmod(int(scaled), 10**digits)
    return ("-" if value < 0 else "") + f"{whole}.{fraction:0{digits}d}"


def _escape(text: str) -> str:
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch in "\b\t\n\f\r":
            out.append({"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}[ch])
        elif unicodedata.category(ch) == "Cc":
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _string(rnd, text: str) -> str:
    literal = "'" not in text and not any(unicodedata.category(ch) == "Cc" for ch in text)
    return f"'{text}'" if literal and rnd.randint(0, 3) == 0 else _escape(text)


def _key(rnd, key: str) -> str:
    if isinstance(key, _Bare):
        return str(key)
    if _BARE_KEY.fullmatch(key) and rnd.randint(0, 4) > 0:
        return key
    return _string(rnd, key)


def _inline(rnd, value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _Float):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return _string(rnd, value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_key(rnd, k)} = {_inline(rnd, v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        items = [_inline(rnd, v) for v in value]
        if items and rnd.random() < 0.5:
            return "[\n" + "".join(f"  {item},\n" for item in items) + "]"
        return "[" + ", ".join(items) + "]"
    raise TypeError(f"cannot write {value!r} in TOML")


def _is_table(value) -> bool:
    return isinstance(value, dict) or (isinstance(value, list) and bool(value) and
                                       all(isinstance(v, dict) for v in value))


_COMMENTS = ("# số liệu năm nay", "# ghi chú: đã kiểm tra", "#", "# \"trích dẫn\" = 1", "# [units.x]")


def _table(rnd, path: tuple[str, ...], table: dict, out: list[str]) -> None:
    """Write `table`: its first keys as `key = value`, the rest as [headers], in the order of `table`."""
    items = list(table.items())
    plain_until = max((i + 1 for i, (_, v) in enumerate(items) if not _is_table(v)), default=0)
    split = rnd.randint(plain_until, len(items))
    for key, value in items[:split]:
        line = f"{_key(rnd, key)} = {_inline(rnd, value)}"
        if rnd.randint(0, 9) == 0:
            line += "  " + rnd.choice(_COMMENTS)
        out.append(line)
    for key, value in items[split:]:
        keys = path + (key,)
        if isinstance(value, dict):
            out.append("")
            out.append("[" + ".".join(_key(rnd, k) for k in keys) + "]")
            _table(rnd, keys, value, out)
        else:
            for item in value:
                out.append("")
                if rnd.randint(0, 9) == 0:
                    out.append(rnd.choice(_COMMENTS))
                out.append("[[" + ".".join(_key(rnd, k) for k in keys) + "]]")
                _table(rnd, keys, item, out)


def _toml(rnd, document: dict) -> str:
    out: list[str] = []
    if rnd.randint(0, 3) == 0:
        out.append("# Số liệu của đơn vị — sinh tự động")
    _table(rnd, (), document, out)
    text = "\n".join(out) + "\n"
    return text.replace("\n", "\r\n") if rnd.randint(0, 7) == 0 else text


_SPELL_TRUE = (True, True, "có", "Có", "true", "x", "1", "co")
_SPELL_FALSE = (False, False, "không", "KHÔNG", "false", "", "0", "khong")


def _spell_date(rnd, day: _dt.date):
    return rnd.choice([day, day, day.isoformat(), f"{day.day:02d}/{day.month:02d}/{day.year}",
                       f"{day.day}/{day.month}/{day.year}"])


def _spell_number(rnd, value: Fraction, *, percent: bool):
    """An exact spelling of `value`: "3/5", 0.6 (a TOML float), "0,6", "60%" (when `percent`), 1, "½"."""
    options: list = [f"{value.numerator}/{value.denominator}"]
    decimal = _decimal(value)
    if decimal is not None:
        options += [_Float(decimal), decimal.replace(".", ",")]
    if value.denominator == 1:
        options += [int(value), str(int(value))]
    if value == Fraction(1, 2):
        options.append("½")
    if percent:
        hundred = _decimal(value * 100)
        if hundred is not None:
            options.append((hundred[:-2] if hundred.endswith(".0") else hundred) + "%")
    return rnd.choice(options)


def _spell_field(rnd, decl: m.FieldDecl, value):
    if decl.type is m.FieldType.DATE:
        return _spell_date(rnd, value)
    if decl.type is m.FieldType.BOOL:
        return rnd.choice(_SPELL_TRUE if value else _SPELL_FALSE)
    if decl.type is m.FieldType.DAYS:
        return _spell_number(rnd, value, percent=False)
    return value


def _spell_row(rnd, row: dict) -> dict:
    """`row` with its keys in any order (the loader reads them by name)."""
    keys = rnd.sample(list(row), len(row))
    return {k: row[k] for k in keys}


def _record_row(rnd, vocabulary: Vocabulary, record: f.Record) -> dict:
    row: dict = {}
    if record.id is not None:
        as_int = record.id.isdigit() and record.id.isascii() and str(int(record.id)) == record.id
        row["id"] = int(record.id) if as_int and rnd.random() < 0.5 else record.id
    for name, value in record.values:
        decl = vocabulary.field(record.kind, name)
        row[name] = _spell_field(rnd, decl, value) if decl is not None else value
    return row


def _count_row(rnd, vocabulary: Vocabulary, count: f.Count) -> dict:
    row: dict = {"kind": count.kind, "year": count.year, "count": count.count}
    if count.where or rnd.randint(0, 9) == 0:
        row["where"] = {k: _spell_field(rnd, vocabulary.field(count.kind, k), v) for k, v in count.where}
    return _spell_row(rnd, row)


def _value_row(rnd, vocabulary: Vocabulary, reported: f.ReportedValue) -> dict:
    expr = vocabulary.expr(m.MetricName(reported.metric))
    value = _spell_number(rnd, reported.value, percent=not isinstance(expr, m.CountOf))
    return _spell_row(rnd, {"metric": reported.metric, "year": reported.year, "value": value})


def _delivery_row(rnd, delivery: f.Delivery) -> dict:
    row: dict = {"task": delivery.task, "date": _spell_date(rnd, delivery.date)}
    if delivery.deadline is not None:
        position = delivery.deadline.isdigit() and delivery.deadline.isascii()
        row["deadline"] = int(delivery.deadline) if position and rnd.random() < 0.5 else delivery.deadline
    if delivery.period is not None:
        period = delivery.period
        if re.fullmatch(r"\d{4}", period) and rnd.random() < 0.5:
            period = int(period)
        elif re.fullmatch(r"\d{4}-\d\d-\d\d", period) and rnd.random() < 0.5:
            period = _spell_date(rnd, _dt.date.fromisoformat(period))
        row["period"] = period
    return _spell_row(rnd, row)


def _document(rnd, vocabulary: Vocabulary, facts: f.Facts) -> dict:
    """`facts` as the TOML document (nested dicts) of a facts file, in drawn spellings."""
    document: dict = {}
    if facts.period is not None:
        start, end = facts.period
        document["facts"] = {"period": {"from": _spell_date(rnd, start), "to": _spell_date(rnd, end)}}
    if facts.events:
        document["events"] = [
            _spell_row(rnd, {"event": e.event, "date": _spell_date(rnd, e.date),
                              **({"unit": e.unit} if e.unit is not None else {})})
            for e in facts.events
        ]
    units: dict = {}
    for unit in facts.units:
        table: dict = {}
        if unit.member_of:
            table["member_of"] = list(unit.member_of)
        by_kind: dict[str, list] = {}
        for record in unit.records:
            by_kind.setdefault(record.kind, []).append(_record_row(rnd, vocabulary, record))
        if by_kind:
            table["records"] = by_kind
        if unit.counts:
            table["counts"] = [_count_row(rnd, vocabulary, c) for c in unit.counts]
        if unit.values:
            table["values"] = [_value_row(rnd, vocabulary, v) for v in unit.values]
        if unit.deliveries:
            table["deliveries"] = [_delivery_row(rnd, d) for d in unit.deliveries]
        units[unit.name] = _spell_row(rnd, table)
    if units:
        document["units"] = units
    return document


def _grouped(facts: f.Facts) -> f.Facts:
    """`facts` with each unit's records grouped by kind, as a facts file lists them."""
    out = []
    for unit in facts.units:
        order = list(dict.fromkeys(r.kind for r in unit.records))
        records = tuple(r for kind in order for r in unit.records if r.kind == kind)
        out.append(evolve(unit, records=records))
    return evolve(facts, units=tuple(out))


@lru_cache(maxsize=None)
def facts_and_toml(vocabulary: VocabularyLike = None, *, facts: st.SearchStrategy[f.Facts] | None = None,
                   name: str = "facts.toml") -> st.SearchStrategy[tuple[f.Facts, str]]:
    """(facts, text): valid facts and a facts file that `loads_facts` reads back as them.

    `facts` is the strategy of the `Facts` to write (by default
    `valid_facts(vocabulary)`); each unit's records come back grouped by
    kind, as a file lists them, and the returned `Facts` is in that order,
    with `files == (name,)`. So `loads_facts(text, name, vocabulary=...)`
    equals the returned facts (origins aside, which equality ignores).

    The text is strict TOML in every spelling the format allows: keys with
    Vietnamese letters in double or single quotes (ASCII keys bare or
    quoted), tables as `[headers]`, `[[arrays of tables]]` or inline, values
    as TOML dates or "02/03/2026", yes/no as true or "có", days and shares
    as "1/2", 0.5, "0,5", "50%", comments, and sometimes Windows line ends.
    """
    vocab = _vocabulary_of(vocabulary)
    source = facts if facts is not None else valid_facts(vocabulary)

    @st.composite
    def build(draw):
        drawn = _grouped(draw(source))
        rnd = random.Random(draw(_seeds))  # the style of writing: not worth shrinking
        text = _toml(rnd, _document(rnd, vocab, drawn))
        return evolve(drawn, files=(name,)), text

    return build()


@lru_cache(maxsize=None)
def facts_toml(vocabulary: VocabularyLike = None, *,
               facts: st.SearchStrategy[f.Facts] | None = None) -> st.SearchStrategy[str]:
    """The text of valid facts files for a vocabulary (see `facts_and_toml`): `load_facts` accepts every one."""
    return facts_and_toml(vocabulary, facts=facts).map(lambda pair: pair[1])


# ---------------------------------------------------- facts for a target --
#
# `facts_meeting` and `facts_violating` build, for one target of a compiled
# plan, the facts of one unit whose verdict for a year is `met` (or
# `not_met`) when judged at the end of that year. They build the facts from
# the rule's own definition (records meeting its condition, its exclusion,
# its category...), never by asking the evaluator, so a property test of
# the evaluator (or of your plan) is not circular.

TargetLike = Union[MetricRule, str]


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
    def at_least(self) -> bool:
        return self.rule.comparator is m.Comparator.AT_LEAST


def _assignments(vocabulary: Vocabulary, kind: str, fields: Sequence[str]) -> list[dict]:
    """Every combination of values of `fields` (yes/no and category fields) of `kind`."""
    domains = []
    for name in fields:
        decl = vocabulary.field(kind, name)
        domains.append(_domain(decl) if decl is not None and decl.type in (m.FieldType.BOOL, m.FieldType.CATEGORY)
                       else [])
    combos: list[dict] = [{}]
    for name, domain in zip(fields, domains):
        combos = [{**c, name: v} for c in combos for v in domain]
    return combos


def _frozen_assignment(assignment: dict) -> tuple:
    return tuple(sorted(assignment.items()))


@lru_cache(maxsize=4096)
def _between(lo: Fraction, hi: Fraction, *, open_lo: bool = False, open_hi: bool = False) -> st.SearchStrategy:
    """Exact fractions from `lo` to `hi`; the closed ends themselves are drawn often."""
    inside = st.builds(lambda a, b: lo + (hi - lo) * Fraction(a, a + b), st.integers(1, 10**6), st.integers(1, 10**6))
    ends = [st.just(x) for x, is_open in ((lo, open_lo), (hi, open_hi)) if not is_open]
    return st.one_of(*ends, inside) if lo < hi else st.just(lo)


@lru_cache(maxsize=4096)
def _near(value: int, lo: int, hi: int) -> st.SearchStrategy[int]:
    """Whole numbers from `lo` to `hi`, often exactly `value` (the boundary)."""
    return st.one_of(st.just(value), st.integers(lo, hi))


@lru_cache(maxsize=4096)
def _multiples(limit: Fraction, cap: int) -> st.SearchStrategy[int]:
    """Whole numbers 1..cap, often a multiple of `limit`'s denominator so that the boundary is reachable exactly."""
    den = limit.denominator
    anything = st.integers(1, cap)
    return st.one_of(st.integers(1, cap // den).map(lambda k: k * den), anything) if den <= cap else anything


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
    counts = [f.Count(kind, year, sum(n for a, n in register.items() if _meets(dict(a), w)), w) for w in wheres]
    return list(draw(st.permutations(counts)))


class _Ids:
    """Record ids, unique within the unit."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self) -> str:
        self.n += 1
        return f"R{self.n}"


def _target_record(draw, goal: _Goal, ids: _Ids, day: _dt.date | None, fixed: dict) -> f.Record:
    """A record of the target's kind with the `fixed` field values (`_ABSENT`: left out), the rest drawn."""
    kind = goal.rule.record_kind
    date_field = goal.vocabulary.date_field(kind)
    year = day.year if day is not None else goal.year
    values = []
    for decl in goal.vocabulary.kinds[kind].fields:
        if decl.name in fixed:
            if fixed[decl.name] is not _ABSENT:
                values.append((decl.name, fixed[decl.name]))
        elif date_field is not None and decl.name == date_field.name:
            values.append((decl.name, day))
        elif draw(st.booleans()):
            values.append((decl.name, _field_value(draw, decl, _days(*_year_span(year)), goal.unit_names)))
    return f.Record(kind, tuple(values), ids(), day if date_field is not None else None)


def _register_records(draw, goal: _Goal, ids: _Ids, register: Counter, year: int) -> list[f.Record]:
    days = _days(*_year_span(year))
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
                out.append(_target_record(draw, goal, ids, draw(_days(*_year_span(year))), {}))
    return out


_RECORDS_CAP = 16  # at most this many records a figure, so that records stay cheap to build and judge
_COUNTS_CAP = 10**6


def _modes(goal: _Goal, reported: st.SearchStrategy | None = None) -> list[str]:
    """Where the figures come from: records, aggregate counts, or a reported value (a named metric only)."""
    modes = ["records", "counts"] + (["value"] if goal.rule.metric is not None and reported is not None else [])
    return [goal.using] if goal.using is not None else modes


def _reported(goal: _Goal, low: Fraction, high: Fraction) -> st.SearchStrategy[Fraction] | None:
    """Reported values from `low` to `high` that meet the target (or not), exactly the threshold often; None: none."""
    limit = goal.rule.limit
    if goal.at_least == goal.meet:  # above the threshold: [limit, high] meets a minimum, (limit, high] breaks a maximum
        lo, hi, open_lo, open_hi = max(limit, low), high, not goal.meet and limit >= low, False
    else:  # below it: [low, limit] meets a maximum, [low, limit) breaks a minimum
        lo, hi, open_lo, open_hi = low, min(limit, high), False, not goal.meet and limit <= high
    if lo > hi or (lo == hi and (open_lo or open_hi)):
        return None
    return _between(lo, hi, open_lo=open_lo, open_hi=open_hi)


# -- share --


def _share_classes(goal: _Goal) -> dict[str, list[dict]]:
    """Value combinations of the fields the share reads, by class: counted above the line, below only, excluded."""
    rule = goal.rule
    fields = sorted({k for k, _ in rule.pos} | {k for k, _ in rule.neg or ()})
    classes: dict[str, list[dict]] = {"part": [], "rest": [], "excluded": []}
    for assignment in _assignments(goal.vocabulary, rule.record_kind, fields):
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
    whole = draw(_multiples(limit, cap))
    if not classes["rest"]:
        part = whole
    elif not classes["part"]:
        part = 0
    else:
        edge = limit * whole
        if goal.at_least:
            need = math.ceil(edge)
            part = draw(_near(need, need, whole)) if goal.meet else draw(_near(need - 1, 0, need - 1))
        else:
            most = math.floor(edge)
            part = draw(_near(most, 0, most)) if goal.meet else draw(_near(most + 1, most + 1, whole))
    excluded = draw(st.integers(0, 6 if mode == "records" else 10**4)) if classes["excluded"] else 0
    register = (_split(draw, part, classes["part"]) + _split(draw, whole - part, classes["rest"])
                + _split(draw, excluded, classes["excluded"]))
    if mode == "records":
        return _register_records(draw, goal, ids, register, year), [], []
    options = classes["part"] + classes["rest"] + classes["excluded"]
    return [], _counts_of(draw, rule.record_kind, year, register, _share_needs(draw, rule), options), []


# -- cut --


@st.composite
def _cut_figures(draw, goal: _Goal, cap: int) -> tuple[int, int]:
    """(last year's count, this year's count) whose cut meets the target (or not)."""
    limit = goal.rule.limit
    if not goal.meet and draw(st.integers(0, 4)) == 0:
        return 0, draw(st.integers(1, cap))  # an increase from zero is not a cut
    baseline = draw(_multiples(limit, cap))
    allowed = baseline * (1 - limit)  # the current count at which the cut is exactly the threshold
    if goal.at_least:
        most = math.floor(allowed)  # at most this many meets
        if goal.meet:
            return baseline, draw(_near(most, 0, most))
        least = max(0, most + 1)
        return baseline, draw(_near(least, least, least + cap))
    least = max(0, math.ceil(allowed))  # at least this many meets
    if goal.meet:
        return baseline, draw(_near(least, least, least + cap))
    if least == 0:
        return 0, draw(st.integers(1, cap))
    return baseline, draw(_near(least - 1, 0, least - 1))


@st.composite
def _cut_facts(draw, goal: _Goal, ids: _Ids):
    rule, year, limit = goal.rule, goal.year, goal.rule.limit
    reported = _reported(goal, Fraction(-2), Fraction(1))  # a cut is at most 100% (below zero: an increase)
    if goal.vocabulary.date_field(rule.record_kind) is None:
        modes = ["counts"]  # records of an undated kind are one snapshot for every year: nothing to cut
    else:
        modes = _modes(goal, reported) + (["mixed"] if goal.using is None else [])
    mode = draw(st.sampled_from(modes))
    if mode == "value":
        return [], [], [f.ReportedValue(rule.metric, year, draw(reported))]
    cap = _RECORDS_CAP if mode == "records" else _COUNTS_CAP
    baseline, current = draw(_cut_figures(goal, cap))
    options = _assignments(goal.vocabulary, rule.record_kind, sorted(k for k, _ in rule.pos))
    matching = [a for a in options if _meets(a, rule.pos)]
    others = [a for a in options if not _meets(a, rule.pos)]
    records: list[f.Record] = []
    counts: list[f.Count] = []
    for when, number in ((year - 1, baseline), (year, current)):
        register = _split(draw, number, matching) + _split(draw, draw(st.integers(0, 4)), others)
        if mode == "records" and not register:
            register = _split(draw, 1, others)  # a record of another sort says the register holds none
        small = 0 < sum(register.values()) <= 2 * _RECORDS_CAP  # a year without records is a count of 0
        if (mode == "records" and register) or (mode == "mixed" and small and draw(st.booleans())):
            records += _register_records(draw, goal, ids, register, when)
        else:
            counts += _counts_of(draw, rule.record_kind, when, register, _derivable(draw, rule.pos), options)
    return records, counts, []


# -- count --


@st.composite
def _count_facts(draw, goal: _Goal, ids: _Ids):
    rule, year, limit = goal.rule, goal.year, goal.rule.limit
    mode = draw(st.sampled_from(_modes(goal, st.just(0))))
    cap = _RECORDS_CAP if mode == "records" else _COUNTS_CAP
    if goal.at_least:
        need = max(0, math.ceil(limit))
        number = draw(_near(need, need, need + cap)) if goal.meet else draw(_near(need - 1, 0, need - 1))
    else:
        most = math.floor(limit)
        number = draw(_near(most, 0, most)) if goal.meet else draw(_near(most + 1, most + 1, most + 1 + cap))
    if mode == "value":
        return [], [], [f.ReportedValue(rule.metric, year, Fraction(number))]
    options = _assignments(goal.vocabulary, rule.record_kind, sorted(k for k, _ in rule.pos))
    matching = [a for a in options if _meets(a, rule.pos)]
    others = [a for a in options if not _meets(a, rule.pos)]
    register = _split(draw, number, matching) + _split(draw, draw(st.integers(0, 5)), others)
    if mode == "records" and not register:
        register = _split(draw, 1, others)  # a record of another sort says the register holds none
    if mode == "records" and 0 < sum(register.values()) <= 3 * _RECORDS_CAP:  # no records at all: a count of 0
        return _register_records(draw, goal, ids, register, year), [], []
    return [], _counts_of(draw, rule.record_kind, year, register, _derivable(draw, rule.pos), options), []


# -- per-record cap --


def _cap_values(goal: _Goal) -> tuple[st.SearchStrategy, st.SearchStrategy | None]:
    """Values of the capped field that keep the cap, and values that break it (None: none can)."""
    rule, limit = goal.rule, goal.rule.limit
    decl = goal.vocabulary.field(rule.record_kind, rule.field)
    if decl is not None and decl.type is m.FieldType.INTEGER:
        if goal.at_least:
            least = max(0, math.ceil(limit))
            return _near(least, least, least + 1000), (_near(least - 1, 0, least - 1) if least >= 1 else None)
        most = math.floor(limit)
        return _near(most, 0, most), _near(most + 1, most + 1, most + 1000)
    above = st.builds(lambda k, d: limit + Fraction(k, d), st.integers(1, 40), st.sampled_from([1, 2, 4, 8, 10**6]))
    if goal.at_least:
        return st.one_of(st.just(limit), above), (_between(Fraction(0), limit, open_hi=True) if limit > 0 else None)
    return _between(Fraction(0), limit), above


@st.composite
def _cap_facts(draw, goal: _Goal, ids: _Ids):
    rule, year = goal.rule, goal.year
    keep, spoil = _cap_values(goal)
    any_value = st.one_of(keep, spoil) if spoil is not None else keep
    first, last = _year_span(year)
    start = max(rule.start, first)
    dated = goal.vocabulary.date_field(rule.record_kind) is not None
    in_force = _days(start, last) if dated else st.none()
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
            specs.append(({**same, rule.field: draw(any_value), missing: _ABSENT}, in_force))
    if category:  # records of other categories are not bound by this cap
        decl = goal.vocabulary.field(rule.record_kind, rule.by)
        others = [c.name for c in decl.categories if c.name != rule.category]
        if others:
            for _ in range(draw(st.integers(0, 3))):
                specs.append(({rule.by: draw(st.sampled_from(others)), rule.field: draw(any_value)},
                              _days(first, last) if dated else st.none()))
    if dated and start > first:  # records before the plan was issued were not bound by it
        for _ in range(draw(st.integers(0, 2))):
            specs.append(({**same, rule.field: draw(any_value)}, _days(first, start - _dt.timedelta(days=1))))
    if dated and year < 2200:  # records after the year are not known at its end
        for _ in range(draw(st.integers(0, 2))):
            specs.append(({**same, rule.field: draw(any_value)}, _days(*_year_span(year + 1))))
    records = [_target_record(draw, goal, ids, draw(days), fixed) for fixed, days in specs]
    return list(draw(st.permutations(records))), [], []


_BUILDERS = {RuleKind.SHARE: _share_facts, RuleKind.CUT: _cut_facts, RuleKind.COUNT: _count_facts,
             RuleKind.CAP: _cap_facts}


def _impossible(goal: _Goal) -> str | None:
    """Why no facts can give the wanted verdict, or None when some can."""
    rule, limit, meet, at_least = goal.rule, goal.rule.limit, goal.meet, goal.at_least
    if goal.using not in (None, "records", "counts", "value"):
        return f"using must be None, 'records', 'counts' or 'value', not {goal.using!r}"
    if goal.using is not None and rule.kind is RuleKind.CAP and goal.using != "records":
        return "a per-record cap is judged on records only"
    if goal.using == "value":
        if rule.metric is None:
            return "only a target on a declared metric can take a reported value"
        low = Fraction(0) if rule.kind is RuleKind.SHARE else Fraction(-2) if rule.kind is RuleKind.CUT else None
        if low is not None and _reported(goal, low, Fraction(1)) is None:
            return f"no value a unit may report for it is {'at least' if at_least else 'at most'} {limit}" \
                if meet else "every value a unit may report for it meets it"
    if goal.using == "records" and rule.kind is RuleKind.CUT and \
            goal.vocabulary.date_field(rule.record_kind) is None:
        return "records of an undated kind are one snapshot for every year: a cut needs counts"
    shown = f"{'at least' if at_least else 'at most'} {limit}"
    if rule.kind is RuleKind.SHARE:
        span = _share_range(_share_classes(goal))
        if span is None:
            return "no record can count toward its share"
        low, high = span
        ok = (high >= limit if at_least else low <= limit) if meet else (low < limit if at_least else high > limit)
        return None if ok else f"its share always lies in [{low}, {high}], so it is {'never' if meet else 'always'} " \
                               f"{shown}"
    if rule.kind is RuleKind.CUT:
        return "a cut is never more than 100%" if meet and at_least and limit > 1 else None
    if rule.kind is RuleKind.COUNT:
        return "a count is never below 0" if not meet and at_least and limit <= 0 else None
    if rule.kind is RuleKind.CAP:
        return None if meet or _cap_values(goal)[1] is not None else f"no value is below {limit}"
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
    build = _BUILDERS[rule.kind]

    @st.composite
    def facts(draw) -> f.Facts:
        name, member_of = draw(st.sampled_from(goal.units))
        ids = _Ids()
        records, counts, values = draw(build(goal, ids))
        later = [goal.year + 1]
        if rule.kind is not RuleKind.CUT:
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
    - cut versus the previous year: two years of counts or records;
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
    found = [v for v in report.verdicts if v.rule == rule.clause.rule and v.period == str(year)]
    if len(found) != 1:
        raise ValueError(f"target {rule.clause.rule} does not bind unit {unit!r}")
    return found[0]


# ------------------------------------------------------ invalid facts text --

INVALID_FACTS: dict[str, str] = {
    "syntax": "F100",
    "bare_key": "F107",
    "unknown_key": "F103",
    "missing_key": "F104",
    "unknown_kind": "F110",
    "unknown_field": "F111",
    "unknown_metric": "F112",
    "unknown_category": "F113",
    "wrong_type": "F120",
    "bad_date": "F121",
    "bad_year": "F122",
    "negative": "F123",
    "bad_period": "F124",
    "bad_deadline": "F125",
    "not_condition": "F130",
    "count_exceeds": "F131",
    "value_range": "F132",
    "per_record_value": "F133",
    "records_and_counts": "F134",
    "duplicate_id": "F140",
    "duplicate_record": "F141",
    "duplicate_count": "F142",
    "duplicate_value": "F143",
    "duplicate_event": "F145",
    "outside_period": "F150",
    "period_order": "F151",
}
"""The kinds of problem `invalid_facts_toml` makes, and the code the loader gives for each.

One per check of a single TOML file; the checks of CSV files (F105, F106,
F144), of several files (F146, F152) and of reading files (F101, F102) are
not made here: a kind gives one text and one code, and each of these needs
files. F146 (a unit given two values of one attribute) needs two files,
since within one TOML file the attribute's key given twice is F100; F152
(different periods) two files too.
"""


class _Spoiler:
    """One facts document, and the means to add exactly one problem to it."""

    def __init__(self, draw, vocabulary: Vocabulary, facts: f.Facts, document: dict):
        self.draw, self.vocabulary, self.document, self.period = draw, vocabulary, document, facts.period
        self.rnd = random.Random(draw(_seeds))
        start, end = facts.period or (_dt.date(2024, 1, 1), _dt.date(2027, 12, 31))
        self.start, self.end = start, end
        self.days = _days(start, end)
        self.years = tuple(range(start.year, end.year + 1))
        self.units = document.setdefault("units", {})
        self.names = {e.event for e in facts.events}
        self.edit = None  # for F100: a change to the text itself

    def day(self) -> _dt.date:
        return self.draw(self.days)

    def year(self) -> int:
        return self.draw(st.sampled_from(self.years))

    def pick(self, items):
        return self.draw(st.sampled_from(list(items)))

    def unit(self, table: dict, name: str | None = None) -> str:
        """Add a unit not in the document yet (so that nothing else about it can clash)."""
        base = name or "đơn_vị_lỗi"
        name, n = base, 1
        while name in self.units:
            n += 1
            name = f"{base}_{n}"
        self.units[_Bare(name) if isinstance(base, _Bare) else name] = table
        return name

    def kinds(self, test=lambda decl, date_field: True) -> list[str]:
        return [k for k, decl in self.vocabulary.kinds.items() if test(decl, self.vocabulary.date_field(k))]

    def record(self, kind: str) -> dict:
        """A valid record of `kind`, dated inside the period."""
        date_field = self.vocabulary.date_field(kind)
        row: dict = {}
        if date_field is not None:
            row[date_field.name] = _spell_date(self.rnd, self.day())
        for decl in self.vocabulary.kinds[kind].fields:
            if decl is not date_field and self.draw(st.booleans()):
                row[decl.name] = _spell_field(self.rnd, decl, _field_value(self.draw, decl, self.days, ()))
        return row

    def value_of(self, decl: m.FieldDecl):
        return _spell_field(self.rnd, decl, _field_value(self.draw, decl, self.days, ()))

    def event(self) -> str:
        name, n = "sự_kiện_lỗi", 1
        while name in self.names:
            n += 1
            name = f"sự_kiện_lỗi_{n}"
        return name

    def add_event(self, row: dict) -> None:
        self.document.setdefault("events", [])
        self.document["events"] = [*self.document["events"], row]  # keep "events" before "units"
        if list(self.document).index("events") > list(self.document).index("units"):
            units = self.document.pop("units")
            self.document["units"] = units

    def count(self, kind: str, **extra) -> dict:
        return {"kind": kind, "year": self.year(), "count": self.draw(st.integers(0, 50)), **extra}


def _needs(kind: str, vocabulary: Vocabulary) -> bool:
    """Whether `vocabulary` has what problem `kind` needs (a category field, a per-record metric...)."""
    kinds = vocabulary.kinds.values()
    exprs = [vocabulary.expr(m.MetricName(n)) for n in vocabulary.metrics]
    if kind in ("unknown_field", "negative", "records_and_counts", "duplicate_id", "duplicate_record",
                "duplicate_count", "count_exceeds", "not_condition", "unknown_category"):
        if not kinds:
            return False
    if kind == "unknown_category":
        return any(d.type is m.FieldType.CATEGORY for k in kinds for d in k.fields)
    if kind == "count_exceeds":
        return any(d.type in (m.FieldType.BOOL, m.FieldType.CATEGORY) for k in kinds for d in k.fields)
    if kind == "not_condition":
        return any(d.type not in (m.FieldType.BOOL, m.FieldType.CATEGORY) for k in kinds for d in k.fields)
    if kind in ("value_range", "duplicate_value"):
        return any(isinstance(e, (m.ShareOf, m.CutVsPreviousYear, m.CountOf)) for e in exprs)
    if kind == "per_record_value":
        return any(isinstance(e, m.EachRecord) for e in exprs)
    return True


def _spoil(kind: str, s: _Spoiler) -> None:  # noqa: C901 - one branch a problem, each small
    draw, vocab = s.draw, s.vocabulary
    if kind == "syntax":
        s.edit = s.pick(["value", "header", "twice", "string"])
    elif kind == "bare_key":
        fields = [(k, d) for k in s.kinds() for d in vocab.kinds[k].fields
                  if not d.name.isascii() and re.fullmatch(r"\w+", d.name)]
        if fields and draw(st.booleans()):
            record_kind, decl = s.pick(fields)
            row = s.record(record_kind)
            row.pop(decl.name, None)
            row[_Bare(decl.name)] = s.value_of(decl) if decl.type is not m.FieldType.DATE \
                else _spell_date(s.rnd, s.day())
            s.unit({"records": {record_kind: [row]}})
        else:
            s.unit({}, _Bare("đơn_vị_lỗi"))
    elif kind == "unknown_key":
        where = s.pick(["unit", "count", "event", "top"] if vocab.kinds else ["unit", "event", "top"])
        if where == "unit":
            s.unit({s.pick(["recrods", "count", "member", "ghi_chú"]): {}})
        elif where == "count":
            s.unit({"counts": [s.count(s.pick(vocab.kinds), **{s.pick(["note", "years", "nguồn"]): "x"})]})
        elif where == "event":
            s.add_event({"event": s.event(), "date": s.day(), s.pick(["place", "units", "ngày"]): "x"})
        else:
            s.document[s.pick(["unit", "fact", "event"])] = {}
    elif kind == "missing_key":
        where = s.pick(["event", "delivery", "count"] if vocab.kinds else ["event", "delivery"])
        if where == "event":
            s.add_event({"event": s.event()} if draw(st.booleans()) else {"date": s.day()})
        elif where == "delivery":
            s.unit({"deliveries": [{"task": "TT 2"} if draw(st.booleans()) else {"date": s.day()}]})
        else:
            row = s.count(s.pick(vocab.kinds))
            del row[s.pick(["kind", "year", "count"])]
            s.unit({"counts": [row]})
    elif kind == "unknown_kind":
        name = s.pick(["bản_ghi_lạ", "hội_nghi", "conference", *(k + "s" for k in vocab.kinds)])
        if name in vocab.kinds:
            name = "bản_ghi_lạ"
        if draw(st.booleans()):
            s.unit({"records": {name: [{}]}})
        else:
            s.unit({"counts": [s.count(name)]})
    elif kind == "unknown_field":
        record_kind = s.pick(s.kinds())
        names = {d.name for d in vocab.kinds[record_kind].fields}
        field = next(n for n in ("trường_lạ", "ghi_chú_lạ", "x_y_z") if n not in names)
        if draw(st.booleans()):
            s.unit({"records": {record_kind: [{**s.record(record_kind), field: "x"}]}})
        else:
            s.unit({"counts": [s.count(record_kind, where={field: True})]})
    elif kind == "unknown_metric":
        name = "chỉ_số_lạ" if "chỉ_số_lạ" not in vocab.metrics else "chỉ_số_lạ_2"
        s.unit({"values": [{"metric": name, "year": s.year(), "value": "50%"}]})
    elif kind == "unknown_category":
        choices = [(k, d) for k in s.kinds() for d in vocab.kinds[k].fields if d.type is m.FieldType.CATEGORY]
        record_kind, decl = s.pick(choices)
        wrong = next(n for n in ("không_có", "khác_lạ", "zz") if n not in {c.name for c in decl.categories})
        wrong = s.pick([wrong, decl.categories[0].name.replace("_", " ") + " "]) if "_" in decl.categories[0].name \
            else wrong
        if wrong.strip() in {c.name for c in decl.categories}:
            wrong = "không_có_đâu"
        if draw(st.booleans()):
            s.unit({"records": {record_kind: [{**s.record(record_kind), decl.name: wrong}]}})
        else:
            s.unit({"counts": [s.count(record_kind, where={decl.name: wrong})]})
    elif kind == "wrong_type":
        options = ["event_date", "member_of", "records"]
        if vocab.kinds:
            options += ["count", "year"]
        typed = [(k, d) for k in s.kinds() for d in vocab.kinds[k].fields
                 if d.type in (m.FieldType.BOOL, m.FieldType.DAYS, m.FieldType.DATE, m.FieldType.INTEGER)]
        if typed:
            options.append("field")
        how = s.pick(options)
        if how == "event_date":
            s.add_event({"event": s.event(), "date": s.pick([True, 2026, _Float("1.5")])})
        elif how == "member_of":
            s.unit({"member_of": s.pick(["các_chi_bộ", 3, True])})
        elif how == "records":
            s.unit({"records": s.pick(["hội_nghị", 1])})
        elif how == "count":
            s.unit({"counts": [{**s.count(s.pick(vocab.kinds)), "count": s.pick([True, _Float("2.5"), "12"])}]})
        elif how == "year":
            s.unit({"counts": [{**s.count(s.pick(vocab.kinds)), "year": s.pick([str(s.year()), True])}]})
        else:
            record_kind, decl = s.pick(typed)
            wrong = {m.FieldType.BOOL: s.pick([5, "maybe", _Float("1.0")]), m.FieldType.DAYS: s.pick([True, "abc"]),
                     m.FieldType.DATE: s.pick([True, 20260101]), m.FieldType.INTEGER: s.pick([True, _Float("2.5")])}
            s.unit({"records": {record_kind: [{**s.record(record_kind), decl.name: wrong[decl.type]}]}})
    elif kind == "bad_date":
        year = s.year()
        text = s.pick([f"31/02/{year}", f"30/02/{year}", f"{year}-13-01", f"32/01/{year}", f"{year}-04-31",
                       "ngày mai", "2026.03.02"])
        options = ["event", "delivery"] + (["record"] if s.kinds(lambda d, date: date is not None) else [])
        where = s.pick(options)
        if where == "event":
            s.add_event({"event": s.event(), "date": text})
        elif where == "delivery":
            s.unit({"deliveries": [{"task": "TT 2", "date": text}]})
        else:
            record_kind = s.pick(s.kinds(lambda d, date: date is not None))
            s.unit({"records": {record_kind: [{**s.record(record_kind),
                                               vocab.date_field(record_kind).name: text}]}})
    elif kind == "bad_year":
        year = s.pick([1850, 1899, 2201, 9999])
        where = s.pick(["event", "count"] if vocab.kinds else ["event"])
        if where == "event":
            s.add_event({"event": s.event(), "date": _dt.date(year, 1, 1) if year < 10000 else f"01/01/{year}"})
        else:
            s.unit({"counts": [{**s.count(s.pick(vocab.kinds)), "year": year}]})
    elif kind == "negative":
        typed = [(k, d) for k in s.kinds() for d in vocab.kinds[k].fields
                 if d.type in (m.FieldType.DAYS, m.FieldType.INTEGER)]
        if typed and draw(st.booleans()):
            record_kind, decl = s.pick(typed)
            value = s.pick(["-1/2", -1, "-0,5"]) if decl.type is m.FieldType.DAYS else s.pick([-1, -30])
            s.unit({"records": {record_kind: [{**s.record(record_kind), decl.name: value}]}})
        else:
            s.unit({"counts": [{**s.count(s.pick(vocab.kinds)), "count": s.pick([-1, -100])}]})
    elif kind == "bad_period":
        s.unit({"deliveries": [{"task": "TT 2", "date": s.day(),
                                "period": s.pick(["2026-13", "2026-H3", "26", "2026/05", "31/02/2026", True, "1800",
                                                  "2026-Q5", "quý 1"])}]})
    elif kind == "bad_deadline":
        s.unit({"deliveries": [{"task": "TT 2", "date": s.day(), "deadline": s.pick([0, -1, "0", "", "  ", True])}]})
    elif kind == "not_condition":
        choices = [(k, d) for k in s.kinds() for d in vocab.kinds[k].fields
                   if d.type not in (m.FieldType.BOOL, m.FieldType.CATEGORY)]
        record_kind, decl = s.pick(choices)
        s.unit({"counts": [s.count(record_kind, where={decl.name: s.value_of(decl)})]})
    elif kind == "count_exceeds":
        choices = [(k, d) for k in s.kinds() for d in vocab.kinds[k].fields
                   if d.type in (m.FieldType.BOOL, m.FieldType.CATEGORY)]
        record_kind, decl = s.pick(choices)
        total = draw(st.integers(0, 100))
        year = s.year()
        value = s.pick(_domain(decl))
        s.unit({"counts": list(draw(st.permutations([
            {"kind": record_kind, "year": year, "count": total},
            {"kind": record_kind, "year": year, "count": total + draw(st.integers(1, 10)),
             "where": {decl.name: value}},
        ])))})
    elif kind == "value_range":
        metrics = [(n, vocab.expr(m.MetricName(n))) for n in vocab.metrics]
        name, expr = s.pick([(n, e) for n, e in metrics
                             if isinstance(e, (m.ShareOf, m.CutVsPreviousYear, m.CountOf))])
        if isinstance(expr, m.ShareOf):
            value = s.pick(["150%", "101%", "96", _Float("1.5"), "-1%", "3/2", 2])
        elif isinstance(expr, m.CutVsPreviousYear):
            value = s.pick(["150%", "3/2", _Float("1.01"), 2])
        else:
            value = s.pick(["2,5", "5%", -1, _Float("0.5"), "1/3"])
        s.unit({"values": [{"metric": name, "year": s.year(), "value": value}]})
    elif kind == "per_record_value":
        name = s.pick([n for n in vocab.metrics if isinstance(vocab.expr(m.MetricName(n)), m.EachRecord)])
        s.unit({"values": [{"metric": name, "year": s.year(), "value": s.pick(["1/2", 1, "50%"])}]})
    elif kind == "records_and_counts":
        record_kind = s.pick(s.kinds())
        row = s.record(record_kind)
        date_field = vocab.date_field(record_kind)
        year = s.year()
        if date_field is not None:
            row[date_field.name] = _spell_date(s.rnd, draw(_days(max(s.start, _dt.date(year, 1, 1)),
                                                               min(s.end, _dt.date(year, 12, 31)))))
        s.unit({"records": {record_kind: [row]}, "counts": [{**s.count(record_kind), "year": year}]})
    elif kind == "duplicate_id":
        record_kind = s.pick(s.kinds())
        same = s.pick(["HN-01", "1", "R 7"])
        rows = [{"id": same, **s.record(record_kind)}, {"id": same, **s.record(record_kind)}]
        s.unit({"records": {record_kind: rows}})
    elif kind == "duplicate_record":
        record_kind = s.pick(s.kinds())
        row = s.record(record_kind)
        s.unit({"records": {record_kind: [row, dict(row)]}})
    elif kind == "duplicate_count":
        row = s.count(s.pick(s.kinds()))
        s.unit({"counts": [row, dict(row)]})
    elif kind == "duplicate_value":
        name = s.pick([n for n in vocab.metrics
                       if isinstance(vocab.expr(m.MetricName(n)), (m.ShareOf, m.CutVsPreviousYear, m.CountOf))])
        year = s.year()
        s.unit({"values": [{"metric": name, "year": year, "value": 0},
                           {"metric": name, "year": year, "value": s.pick([0, 1])}]})
    elif kind == "duplicate_event":
        row = {"event": s.event(), "date": s.day()}
        s.add_event(row)
        s.add_event(dict(row))
    elif kind == "outside_period":
        before = s.start - _dt.timedelta(days=draw(st.integers(1, 400)))
        after = s.end + _dt.timedelta(days=draw(st.integers(1, 400)))
        day = s.pick([before, after])
        year = s.pick([s.start.year - 1, s.end.year + 1])
        options = ["event", "delivery", "value" if _needs("duplicate_value", vocab) else "event"]
        if s.kinds():
            options.append("count")
        if s.kinds(lambda d, date: date is not None):
            options.append("record")
        where = s.pick(options)
        if where == "event":
            s.add_event({"event": s.event(), "date": day})
        elif where == "delivery":
            s.unit({"deliveries": [{"task": "TT 2", "date": day}]})
        elif where == "value":
            name = s.pick([n for n in vocab.metrics if isinstance(vocab.expr(m.MetricName(n)),
                                                                   (m.ShareOf, m.CutVsPreviousYear, m.CountOf))])
            s.unit({"values": [{"metric": name, "year": year, "value": 0}]})
        elif where == "count":
            s.unit({"counts": [{**s.count(s.pick(s.kinds())), "year": year}]})
        else:
            record_kind = s.pick(s.kinds(lambda d, date: date is not None))
            s.unit({"records": {record_kind: [{**s.record(record_kind), vocab.date_field(record_kind).name: day}]}})
    elif kind == "period_order":
        later = s.end + _dt.timedelta(days=draw(st.integers(1, 400)))
        s.document["facts"] = {"period": {"from": s.pick([later, s.end if s.end > s.start else later]),
                                          "to": s.start}}
    else:  # pragma: no cover - INVALID_FACTS lists every kind
        raise ValueError(kind)


def _edit(text: str, how: str, draw) -> str:
    """`text` made not TOML (F100) in the way `how` says."""
    if how == "value":
        lines = text.split("\n")
        at = draw(st.integers(0, len(lines) - 1))
        return "\n".join(lines[:at] + ['"lỗi" ='] + lines[at:])
    if how == "header":
        return text + '\n[units."đơn_vị_lỗi"\n'
    if how == "twice":
        return text + '\n[units."đơn_vị_lỗi"]\n\n[units."đơn_vị_lỗi"]\n'
    return text + '\n"ghi_chú" = "chưa đóng ngoặc\n'


@lru_cache(maxsize=None)
def _invalid(vocabulary: Vocabulary, kind: str) -> st.SearchStrategy[tuple[str, str]]:
    period = True if kind in ("outside_period", "period_order") else None

    @st.composite
    def build(draw):
        facts = _grouped(draw(_valid_facts(vocabulary, None, (), None, 2024, 2027, period, True)))
        spoiler = _Spoiler(draw, vocabulary, facts, {})
        document = spoiler.document = _document(spoiler.rnd, vocabulary, facts)
        spoiler.units = document.setdefault("units", {})
        if not document["units"] and kind != "bare_key":
            del document["units"]
            spoiler.units = document.setdefault("units", {})
        _spoil(kind, spoiler)
        if not spoiler.units:
            del document["units"]
        text = _toml(spoiler.rnd, document)
        if spoiler.edit is not None:
            text = _edit(text, spoiler.edit, draw)
        return text, INVALID_FACTS[kind]

    return build()


@lru_cache(maxsize=None)
def invalid_facts_toml(vocabulary: VocabularyLike = None,
                       kind: str | None = None) -> st.SearchStrategy[tuple[str, str]]:
    """(text, code): a facts file with exactly one problem of `kind`, and the code the loader gives for it.

    `kind` is a key of `INVALID_FACTS` ("negative", "count_exceeds",
    "outside_period", "bare_key"...); None draws any kind the vocabulary
    allows (a category field is needed for "unknown_category", a
    per-record metric for "per_record_value"...). The rest of the file is
    valid facts (`facts_and_toml`), so

        with pytest.raises(FactsError) as error:
            loads_facts(text, vocabulary=vocabulary)
        assert [d.code for d in error.value.diagnostics] == [code]

    Raises `ValueError` for an unknown kind or one the vocabulary cannot
    give.
    """
    vocab = _vocabulary_of(vocabulary)
    if kind is None:
        kinds = [k for k in INVALID_FACTS if _needs(k, vocab)]
        return st.sampled_from(kinds).flatmap(lambda k: _invalid(vocab, k))
    if kind not in INVALID_FACTS:
        raise ValueError(f"unknown kind of problem {kind!r}; the kinds: {', '.join(INVALID_FACTS)}")
    if not _needs(kind, vocab):
        raise ValueError(f"the vocabulary has nothing a {kind!r} problem needs")
    return _invalid(vocab, kind)


# ------------------------------------------------------ parent/child plans --

_SHARE_EXCLUDING = {  # a share metric -> an inline share of the same records that leaves out more
    "tỷ_lệ_hội_nghị_trực_tuyến": "(tỷ lệ hội_nghị có trực_tuyến trừ loại = quan_trọng)",
    "tỷ_lệ_văn_bản_điện_tử": "(tỷ lệ văn_bản_gửi có điện_tử trừ không điện_tử)",
    "tỷ_lệ_số_hóa_văn_bản": "(tỷ lệ văn_bản_ban_hành có số_hóa trừ không hành_chính)",
    "tỷ_lệ_hồ_sơ_trực_tuyến": "(tỷ lệ hồ_sơ_tthc có trực_tuyến trừ không trực_tuyến)",
    "tỷ_lệ_đào_tạo_kỹ_năng_số": "(tỷ lệ cán_bộ có đào_tạo_kỹ_năng_số trừ không đào_tạo_kỹ_năng_số)",
}
_PAIR_METRICS = (  # (metric of the prelude, category, kind, comparators it fits)
    *((name, None, "share", (">=", "<=")) for name in _SHARE_EXCLUDING),
    ("giảm_hội_nghị", None, "cut", (">=",)),
    ("giảm_văn_bản_hành_chính", None, "cut", (">=",)),
    ("số_hội_nghị", None, "count", (">=", "<=")),
    ("số_văn_bản_hành_chính", None, "count", (">=", "<=")),
    *(("thời_lượng_hội_nghị", c, "cap", ("<=",)) for c in ("quán_triệt", "chuyên_môn", "quan_trọng")),
)
_WORDS = {">=": "tối thiểu", "<=": "không quá"}
_LOOSENED = {"threshold>=": "I301", "threshold<=": "I302", "exclusion": "I303", "period": "I304"}


@frozen
class PlanPair:
    """A parent plan and a child plan (`cấp trên`) that restates each of its targets, as `.plan` text.

    The child restates every target of the parent, as strict or stricter
    (a higher minimum, a lower maximum, every year for one year), except
    the target at `loosened` (an index into both plans' targets), when not
    None, which it weakens in one way: a lower minimum or a higher maximum
    (`code` I301, I302), an exclusion the parent does not allow (I303), or
    one year where the parent binds every year (I304). `line` is that
    target's line in the child's text. `library()` reads both, as
    `parent.plan` and `child.plan`, for `planrules.check`.

    From `plan_pairs(deadlines=True)`, the parent also has tasks with one
    deadline each (III.1, III.2, …) and the child a task implementing each
    (`thực hiện: "1/KH-P" III.j`), due as early or earlier, or as often or
    more often; a `loosened` index past the targets is the task
    `loosened - len(targets)`, whose deadline the child makes later (I305:
    a later date or day, `thường xuyên`, an event, none) or less frequent
    (I306: a rarer rhythm, a one-off, `thường xuyên`, an event); `line` is
    its `thời hạn:` line (the task's first line when it has none).
    """

    parent: str
    child: str
    loosened: int | None = None
    code: str | None = None
    line: int | None = None

    def library(self) -> Library:
        plans = (_parse(self.parent, source="parent.plan"), _parse(self.child, source="child.plan"))
        return Library(plans, ("parent.plan", "child.plan"))


def _pair_quantity(kind: str, value: Fraction) -> str:
    if kind == "cap":
        return (f"{value.numerator}/{value.denominator}" if value.denominator > 1 else str(value.numerator)) + " ngày"
    return f"{value}%" if kind in ("share", "cut") else str(value)


def _pair_target(t: dict) -> str:
    name = t.get("metric") or t["name"] + (f"({t['category']})" if t["category"] else "")
    period = "" if t["period"] is None else " hằng năm" if t["period"] == "yearly" else f" trong năm {t['period']}"
    return f"{name} {_WORDS[t['cmp']]} {_pair_quantity(t['kind'], t['value'])}{period}"


@st.composite
def _pair_targets(draw) -> list[dict]:
    """A parent's targets: distinct (metric, category, comparator), thresholds and periods that fit."""
    chosen = draw(st.lists(st.sampled_from(range(len(_PAIR_METRICS))), min_size=1, max_size=5, unique=True))
    out = []
    for i in chosen:
        name, category, kind, comparators = _PAIR_METRICS[i]
        if kind == "cap":
            value = Fraction(draw(st.integers(1, 6)), 2)
        elif kind == "count":
            value = Fraction(draw(st.integers(0, 400)))
        else:
            value = Fraction(draw(st.integers(0, 100)))
        out.append(dict(name=name, category=category, kind=kind, cmp=draw(st.sampled_from(comparators)),
                        value=value, period=draw(st.sampled_from([None, "yearly", 2026, 2027]))))
    return out


def _can_move(t: dict, stricter: bool) -> bool:
    if (t["cmp"] == ">=") == stricter:  # the threshold goes up
        return t["kind"] != "share" or t["value"] < 100
    return t["value"] > (Fraction(1, 2) if t["kind"] == "cap" else 0)


def _moved(draw, t: dict, stricter: bool) -> dict:
    up = (t["cmp"] == ">=") == stricter
    value = t["value"]
    if t["kind"] == "cap":
        step = Fraction(draw(st.integers(1, 3)), 2)
        value = value + step if up else max(Fraction(1, 2), value - step)
    else:
        top = 100 - value if t["kind"] == "share" and up else (50 if up else value)
        step = draw(st.integers(1, max(1, int(top))))
        value = value + step if up else value - min(step, value)
    return {**t, "value": value}


def _loosenings(t: dict) -> list[str]:
    out = [f"threshold{t['cmp']}"] if _can_move(t, stricter=False) else []
    if not isinstance(t["period"], int):
        out.append("period")
    if t["kind"] == "share":
        out.append("exclusion")
    return out


_PAIR_FIRST = _dt.date(2026, 3, 2)  # the day after the child's date: no deadline of a pair is over before it
_PAIR_LAST = _dt.date(2027, 12, 31)
_PAIR_EVENT = "chỉ_đạo"  # the event the child declares, for deadlines that wait for it


def _pair_day(day: _dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _quarter_end(year: int, quarter: int) -> _dt.date:
    return _dt.date(year + (quarter == 4), quarter * 3 % 12 + 1, 1) - _dt.timedelta(days=1)


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _by(day: _dt.date) -> dict:
    return dict(rank=0, last=day, text=f"đến ngày {_pair_day(day)}")


def _monthly(day: int) -> dict:
    return dict(rank=12, due=day - 1, text=f"trước ngày {day:02d} hằng tháng")


def _yearly_before(day: _dt.date) -> dict:  # `day` in 2024, a leap year: every dd/mm exists
    return dict(rank=1, due=day.toordinal() - 1, text=f"trước ngày {day.day:02d}/{day.month:02d} hằng năm")


_HALF_YEARLY = dict(rank=2, due=0, text="định kỳ 6 tháng")
_EACH_YEAR = dict(rank=1, due=_dt.date(2024, 12, 31).toordinal(), text="hằng năm")
_YEAR_DAYS = (_dt.date(2024, 1, 2), _dt.date(2024, 12, 31))


@st.composite
def _pair_deadline(draw) -> dict:
    """A parent task's deadline: its text, how often it falls (`rank`), its last day or its day in the period."""
    kind = draw(st.sampled_from(("before", "by", "end_of_year", "quarter", "monthly", "yearly_before", "yearly",
                                 "half_yearly")))
    if kind == "before":
        day = draw(st.dates(_PAIR_FIRST + _dt.timedelta(days=1), _PAIR_LAST))
        return dict(rank=0, last=day - _dt.timedelta(days=1), text=f"trước ngày {_pair_day(day)}")
    if kind == "by":
        return _by(draw(st.dates(_PAIR_FIRST, _PAIR_LAST)))
    if kind == "end_of_year":
        year = draw(st.sampled_from((2026, 2027)))
        return dict(rank=0, last=_dt.date(year, 12, 31), text=f"cuối năm {year}")
    if kind == "quarter":
        year, quarter = draw(st.sampled_from((2026, 2027))), draw(st.integers(1, 4))
        return dict(rank=0, last=_quarter_end(year, quarter), text=f"quý {_ROMAN[quarter]} {year}")
    if kind == "monthly":
        return _monthly(draw(st.integers(2, 27)))
    if kind == "yearly_before":
        return _yearly_before(draw(st.dates(*_YEAR_DAYS)))
    return _EACH_YEAR if kind == "yearly" else _HALF_YEARLY


def _more_often(draw, rank: int) -> dict:
    options = [lambda: _monthly(draw(st.integers(2, 28)))] + ([lambda: _HALF_YEARLY] if rank < 2 else [])
    return draw(st.sampled_from(options))()


@st.composite
def _tighter_deadline(draw, d: dict) -> dict:
    """`d` itself, an earlier deadline of its kind, or (recurring) a more frequent one."""
    how = draw(st.sampled_from(("same", "earlier", "more_often") if 1 <= d["rank"] < 12 else ("same", "earlier")))
    if how == "same":
        return d
    if d["rank"] == 0:
        return _by(draw(st.dates(_PAIR_FIRST, d["last"])))
    if how == "more_often":
        return _more_often(draw, d["rank"])
    if d["rank"] == 12:
        return _monthly(draw(st.integers(2, d["due"] + 1)))
    if d["rank"] == 1:
        latest = _dt.date.fromordinal(d["due"] + (0 if d is _EACH_YEAR else 1))
        return _yearly_before(draw(st.dates(_YEAR_DAYS[0], max(_YEAR_DAYS[0], latest))))
    return d  # half-yearly: nothing earlier of its kind


_WAITING = ("sau khi " + _PAIR_EVENT, "quý II 2026 khi " + _PAIR_EVENT, "quý I 2027 khi " + _PAIR_EVENT)


@st.composite
def _looser_deadline(draw, d: dict) -> tuple[str | None, str]:
    """A deadline weaker than `d` in one way (None: no deadline at all), and the code it gives."""
    if d["rank"] == 0:
        how = draw(st.sampled_from(("none", "later", "ongoing", "event")))
        if how == "later":
            return _by(d["last"] + _dt.timedelta(days=draw(st.integers(1, 400))))["text"], "I305"
    else:
        hows = ["none", "rarer", "ongoing", "event"]
        if d["rank"] == 12 and d["due"] < 27 or d["rank"] == 1 and d is not _EACH_YEAR:
            hows.append("later")
        how = draw(st.sampled_from(hows))
        if how == "later":
            if d["rank"] == 12:
                return _monthly(draw(st.integers(d["due"] + 2, 28)))["text"], "I305"
            latest = _dt.date.fromordinal(d["due"] + 1)
            if latest < _YEAR_DAYS[1] and draw(st.booleans()):
                return _yearly_before(draw(st.dates(latest + _dt.timedelta(days=1), _YEAR_DAYS[1])))["text"], "I305"
            return _EACH_YEAR["text"], "I305"  # by 31/12: after any earlier day of the year
        if how == "rarer":
            rarer = [lambda: _by(draw(st.dates(_PAIR_FIRST, _PAIR_LAST))),
                     lambda: dict(text=f"cuối năm {draw(st.sampled_from((2026, 2027)))}")]
            if d["rank"] >= 2:
                rarer += [lambda: _EACH_YEAR, lambda: _yearly_before(draw(st.dates(*_YEAR_DAYS)))]
            if d["rank"] == 12:
                rarer.append(lambda: _HALF_YEARLY)
            return draw(st.sampled_from(rarer))()["text"], "I306"
    if how == "none":
        return None, "I305"
    code = "I305" if d["rank"] == 0 else "I306"
    return ("thường xuyên" if how == "ongoing" else draw(st.sampled_from(_WAITING))), code


@lru_cache(maxsize=None)
def plan_pairs(loosen: bool = False, deadlines: bool = False) -> st.SearchStrategy[PlanPair]:
    """Parent and child plans on the prelude's metrics: the child keeps or tightens every target of the parent.

    With `loosen`, the child weakens exactly one of them (see `PlanPair`),
    so `planrules.check(pair.library())` gives exactly one error, of
    `pair.code`, at `child.plan:pair.line`; without, it gives no error.
    With `deadlines`, the parent has tasks with deadlines too, which the
    child implements (and may loosen one of).
    """

    @st.composite
    def build(draw) -> PlanPair:
        parent = draw(_pair_targets().filter(lambda ts: any(_loosenings(t) for t in ts)) if loosen and not deadlines
                      else _pair_targets())
        due = draw(st.lists(_pair_deadline(), min_size=1, max_size=3)) if deadlines else []
        child = []
        for t in parent:
            t = dict(t)
            if draw(st.booleans()) and _can_move(t, stricter=True):
                t = _moved(draw, t, True)
            if isinstance(t["period"], int) and draw(st.booleans()):
                t["period"] = draw(st.sampled_from([None, "yearly"]))  # every year covers one year
            child.append(t)
        kept: list[str | None] = [draw(_tighter_deadline(d))["text"] for d in due]
        index = code = None
        if loosen:
            index = draw(st.sampled_from([i for i, t in enumerate(parent) if _loosenings(t)]
                                         + [len(parent) + j for j in range(len(due))]))
        if index is not None and index >= len(parent):
            kept[index - len(parent)], code = draw(_looser_deadline(due[index - len(parent)]))
        elif index is not None:
            how = draw(st.sampled_from(_loosenings(parent[index])))
            t = dict(parent[index])
            if how.startswith("threshold"):
                t = _moved(draw, t, False)
            elif how == "period":
                t["period"] = draw(st.sampled_from([2026, 2027]))
            else:
                t["metric"] = _SHARE_EXCLUDING[t["name"]]
            child[index] = t
            code = _LOOSENED[how]
        head = 'kế hoạch: "{}"\ntiêu đề: "{}"\nngày ban hành: 01/0{}/2026\n'
        parent_text = head.format("1/KH-P", "Kế hoạch cấp trên", 2) + "".join(
            f"chỉ tiêu I.{i}: {_pair_target(t)}\n" for i, t in enumerate(parent, 1))
        parent_text += "".join(f"nhiệm vụ III.{j} {{\n    thời hạn: {d['text']}\n}}\n" for j, d in enumerate(due, 1))
        child_text = head.format("2/KH-C", "Kế hoạch cấp dưới", 3) + 'cấp trên: "1/KH-P"\n'
        if deadlines:
            child_text += f'sự kiện {_PAIR_EVENT}: "Có chỉ đạo của cấp trên"\n'
        line = None
        for i, t in enumerate(child, 1):
            if i - 1 == index:
                line = child_text.count("\n") + 1
            child_text += f"chỉ tiêu II.{i}: {_pair_target(t)}\n"
        for j, text in enumerate(kept, 1):
            if index == len(parent) + j - 1:
                line = child_text.count("\n") + 1 + (2 if text is not None else 0)
            child_text += f'nhiệm vụ IV.{j} {{\n    thực hiện: "1/KH-P" III.{j}\n'
            child_text += (f"    thời hạn: {text}\n" if text is not None else "") + "}\n"
        return PlanPair(parent_text, child_text, index, code, line)

    return build()
