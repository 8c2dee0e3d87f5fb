"""A metric's condition as the evaluation asks it: (field, value) pairs, or a general condition.

A conjunction of yes/no and category tests (`có trực_tuyến và loại = quán_triệt`) is kept as sorted
(field, value) pairs, `Where`: records answer it, and so do aggregate counts (`measure`), whose `where`
is such pairs. Any other condition — `hoặc` / `or`, a set of categories (`thuộc (a, b)`), `≠`, a number
field compared with a number (`tốc_độ > 1`) — is a `General` condition, answered from records only (on
either path): an aggregate count states pairs, so none can answer it, but a count of none for the whole
kind (no record at all, so none meeting it).

Each test's Python predicate and its SQL expression are written side by side below (`_TESTS`), so that
the two paths of the evaluation (`measure.UnitIndex` on Python facts, `sql.SqlIndex` on a database) ask
the very same question. A record lacking a field the condition reads makes its count unknown on both
paths before either predicate is asked (`fields`), so neither ever meets a missing value.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from attrs import field, frozen

from ..facts.layout import SCALE
from ..language import model as m

__all__ = ["General", "Where", "compiled", "condition", "fields_of", "matches"]

Where = tuple[tuple[str, object], ...]
Param = Callable[[object], str]  # places a value as a `$n` parameter and returns its placeholder (`sql.Params`)


def condition(tests: Sequence[m.Test]) -> Where | None:
    """A conjunction of yes/no and category tests as sorted (field, value) pairs; None when it contradicts
    itself."""
    pairs: dict[str, object] = {}
    for test in tests:
        value: object = test.value if isinstance(test, m.FieldEquals) else isinstance(test, m.FlagIsSet)
        if pairs.get(test.field, value) != value:
            return None
        pairs[test.field] = value
    return tuple(sorted(pairs.items()))


@frozen(cache_hash=True)
class General:
    """A condition that is not (field, value) pairs: `tests`, a conjunction as the model writes it."""

    tests: m.Condition
    fields: frozenset[str] = field(init=False, eq=False, repr=False)

    @fields.default
    def _fields(self) -> frozenset[str]:
        return m.condition_fields(self.tests)

    def holds(self, values: Mapping[str, object]) -> bool:
        """Does a record with these values (every field of `fields` among them) meet the condition?"""
        return _all(self.tests, values)

    def sql(self, p: Param) -> str:
        """The condition as an SQL boolean expression over a record kind's columns, values as parameters."""
        return _all_sql(self.tests, p)

    def complement(self) -> Where | None:
        """The (field, value) pairs that hold exactly when this condition does not, when there are such pairs
        (`mật hoặc không hành_chính` fails exactly when `không mật và hành_chính`; `loại ≠ a` when `loại = a`),
        else None: what lets aggregate counts answer an exclusion written with `hoặc` (`measure`)."""
        if len(self.tests) == 1 and isinstance(self.tests[0], m.AnyOf):
            options = self.tests[0].options
        else:
            options = tuple((t,) for t in self.tests) if len(self.tests) == 1 else ()
        negated = []
        for option in options:
            if len(option) != 1 or not isinstance(option[0], (m.FlagIsSet, m.FlagNotSet, m.FieldNotEquals)):
                return None
            (test,) = option
            negated.append(m.FieldEquals(test.field, test.value) if isinstance(test, m.FieldNotEquals)
                           else m.FlagNotSet(test.field) if isinstance(test, m.FlagIsSet) else m.FlagIsSet(test.field))
        return condition(negated) if negated else None

    def text(self, lang: str = "en") -> str:
        """The condition in an explanation, in the symbols the pairs are shown with (`rules._cond_text`), its
        numbers as `lang` writes them (0.5, 0,5)."""
        return _all_text(self.tests, lang)


def compiled(tests: m.Condition) -> Where | General | None:
    """The condition `tests` as the evaluation asks it: pairs when they can be (None when they contradict
    each other), else a `General` condition."""
    if all(isinstance(t, m.SIMPLE_TESTS) for t in tests):
        return condition(tests)
    return General(tests)


def fields_of(where: Where | General | None) -> frozenset[str]:
    """The fields a condition reads (none for no condition)."""
    if where is None:
        return frozenset()
    if isinstance(where, General):
        return where.fields
    return frozenset(k for k, _ in where)


def matches(where: Where | General, values: Mapping[str, object]) -> bool:
    """Does a record with `values` meet `where`? (Every field it reads is among them.)"""
    if isinstance(where, General):
        return where.holds(values)
    return all(values[k] == x for k, x in where)


# ------------------------------------------------- each test, both ways --


def _number(value: object) -> Fraction:
    return value if type(value) is Fraction else Fraction(value)  # type: ignore[arg-type]


_COMPARE = {
    m.Relation.MORE_THAN: lambda a, b: a > b, m.Relation.AT_LEAST: lambda a, b: a >= b,
    m.Relation.LESS_THAN: lambda a, b: a < b, m.Relation.AT_MOST: lambda a, b: a <= b,
    m.Relation.EQUAL: lambda a, b: a == b, m.Relation.NOT_EQUAL: lambda a, b: a != b,
}


def _compare_sql(column: str, relation: m.Relation, limit: Fraction, p: Param) -> str:
    """`column relation limit`, exactly, for a column of whole numbers or of decimals of at most `SCALE`
    places (what a table holds, `facts.layout`): a limit of more places is rounded to the neighbour that
    keeps the same records on the right side (x > 1/3 is x > 0.333333; x >= 1/3 is x >= 0.333334), and
    one no stored value can equal makes `=` false and `≠` true."""
    scaled = limit * 10**SCALE
    exact = scaled.denominator == 1
    down, up = math.floor(scaled), math.ceil(scaled)
    edge = 10 ** (20 + SCALE)  # beyond any stored value (DECIMAL(18, 6) and BIGINT alike) on its side

    def bound(whole: int) -> str:
        whole = max(-edge, min(edge, whole))
        return p(int(whole // 10**SCALE) if whole % 10**SCALE == 0 else Decimal(whole).scaleb(-SCALE))

    if relation is m.Relation.EQUAL:
        return f"({column} = {bound(down)})" if exact else "FALSE"
    if relation is m.Relation.NOT_EQUAL:
        return f"({column} <> {bound(down)})" if exact else "TRUE"
    if relation in (m.Relation.MORE_THAN, m.Relation.AT_MOST):  # x > t iff x > floor(t); x <= t iff x <= floor(t)
        return f"({column} {'>' if relation is m.Relation.MORE_THAN else '<='} {bound(down)})"
    return f"({column} {'>=' if relation is m.Relation.AT_LEAST else '<'} {bound(up)})"  # ceil(t) alike


def _quote(name: str) -> str:
    from ..facts.sql_text import quote

    return quote(name)


# one row per test: (Python predicate on a record's values, SQL expression on its columns)
_TESTS: dict[type, tuple[Callable, Callable]] = {
    m.FlagIsSet: (lambda t, v: v[t.field] is True,
                  lambda t, p: f"({_quote(t.field)} = {p(True)})"),
    m.FlagNotSet: (lambda t, v: v[t.field] is False,
                   lambda t, p: f"({_quote(t.field)} = {p(False)})"),
    m.FieldEquals: (lambda t, v: v[t.field] == t.value,
                    lambda t, p: f"({_quote(t.field)} = {p(t.value)})"),
    m.FieldNotEquals: (lambda t, v: v[t.field] != t.value,
                       lambda t, p: f"({_quote(t.field)} <> {p(t.value)})"),
    m.FieldIn: (lambda t, v: v[t.field] in t.values,
                lambda t, p: f"({_quote(t.field)} IN ({', '.join(p(x) for x in t.values)}))"),
    m.FieldCompares: (lambda t, v: _COMPARE[t.relation](_number(v[t.field]), t.quantity.fraction),
                      lambda t, p: _compare_sql(_quote(t.field), t.relation, t.quantity.fraction, p)),
    m.AnyOf: (lambda t, v: any(_all(option, v) for option in t.options),
              lambda t, p: "(" + " OR ".join(_all_sql(option, p) for option in t.options) + ")"),
}


def _all(tests: m.Condition, values: Mapping[str, object]) -> bool:
    return all(_TESTS[type(t)][0](t, values) for t in tests)


def _all_sql(tests: m.Condition, p: Param) -> str:
    return "(" + " AND ".join(_TESTS[type(t)][1](t, p) for t in tests) + ")" if tests else "TRUE"


# ------------------------------------------------------------- as text --

_SYMBOLS = {m.Relation.MORE_THAN: ">", m.Relation.AT_LEAST: "≥", m.Relation.LESS_THAN: "<",
            m.Relation.AT_MOST: "≤", m.Relation.EQUAL: "=", m.Relation.NOT_EQUAL: "≠"}


def _text(test, lang: str) -> str:
    if isinstance(test, m.FlagIsSet):
        return test.field
    if isinstance(test, m.FlagNotSet):
        return f"¬{test.field}"
    if isinstance(test, m.FieldEquals):
        return f"{test.field}={test.value}"
    if isinstance(test, m.FieldNotEquals):
        return f"{test.field}≠{test.value}"
    if isinstance(test, m.FieldIn):
        return f"{test.field}∈{{{', '.join(test.values)}}}"
    if isinstance(test, m.AnyOf):
        return "(" + " ∨ ".join(_all_text(option, lang) for option in test.options) + ")"
    from .verdicts import show

    return f"{test.field}{_SYMBOLS[test.relation]}{show(test.quantity.fraction, test.quantity.unit, lang)}"


def _all_text(tests: m.Condition, lang: str) -> str:
    if len(tests) == 1 and isinstance(tests[0], m.AnyOf):
        return _text(tests[0], lang)[1:-1]
    return " ∧ ".join(_text(t, lang) for t in tests) or "*"


def condition_text(where: Where | General, neg: Where | General | None = None, lang: str = "en") -> str:
    """A condition counted (less one excluded, `trừ`) as explanations show it: pairs as `trực_tuyến ∧
    ¬mật ∧ loại=quán_triệt`, a general condition in its symbols, a number as `lang` writes it (0.5, 0,5);
    "*" for none."""
    def pair(key, value):
        return key if value is True else f"¬{key}" if value is False else f"{key}={value}"

    def text_of(condition) -> str:
        if isinstance(condition, General):
            return condition.text(lang)
        return " ∧ ".join(pair(k, v) for k, v in condition) or "*"

    return text_of(where) + (" ∖ (" + text_of(neg) + ")" if neg else "")
