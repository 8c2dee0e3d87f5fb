"""The builder's vocabulary rules: record kinds, their fields and extensions, metrics and their conditions.

A mixin of `builder.Builder` (whose `_plain` and `_span` it uses): each grammar rule or alias of the
vocabulary has its method here, called with its children already built.
"""

from __future__ import annotations

from attrs import frozen
from lark import Token

from . import model as m

__all__ = ["VocabularyBuilder"]


@frozen
class _Except:
    """A `trừ` / `except` clause's condition, until its metric takes it."""

    tests: tuple


class VocabularyBuilder:
    """Record kinds (`bản ghi`, `bổ sung bản ghi`), field types, metrics and conditions, as model values."""

    def record_decl(self, meta, children):
        parts = self._plain(children)
        name = parts[0]
        label = parts[1] if len(parts) > 1 and isinstance(parts[1], str) else None
        fields = tuple(p for p in parts if isinstance(p, m.FieldDecl))
        return m.RecordKind(name, label, fields, span=self._span(meta))

    def record_extension(self, meta, children):
        parts = self._plain(children)
        return m.RecordExtension(parts[0], tuple(parts[1:]), span=self._span(meta))

    def field_decl(self, meta, children):
        parts = self._plain(children)
        name, ftype = parts[0], parts[-1]
        label = parts[1] if len(parts) == 3 else None
        kind, categories = ftype
        return m.FieldDecl(name, kind, label, categories, span=self._span(meta))

    def _type(kind):
        def method(self, meta, children):
            self._plain(children)
            return (kind, ())

        return method

    type_date = _type(m.FieldType.DATE)
    type_bool = _type(m.FieldType.BOOL)
    type_integer = _type(m.FieldType.INTEGER)
    type_days = _type(m.FieldType.DAYS)
    type_decimal = _type(m.FieldType.DECIMAL)
    type_percent = _type(m.FieldType.PERCENT)
    type_text = _type(m.FieldType.TEXT)
    type_unit = _type(m.FieldType.UNIT)

    def type_category(self, meta, children):
        return (m.FieldType.CATEGORY, tuple(self._plain(children)))

    def category(self, meta, children):
        return m.Category(children[0], children[1] if len(children) > 1 else None)

    def metric_decl(self, meta, children):
        parts = self._plain(children)
        label = parts[1] if len(parts) == 3 else None
        return m.Metric(parts[0], label, parts[-1], span=self._span(meta))

    def count_expr(self, meta, children):
        parts = self._plain(children)
        excluding = parts.pop().tests if isinstance(parts[-1], _Except) else ()
        return m.CountOf(parts[0], parts[1] if len(parts) > 1 else (), excluding)

    def share_expr(self, meta, children):
        parts = self._plain(children)
        excluding = parts.pop().tests if isinstance(parts[-1], _Except) else ()
        return m.ShareOf(parts[0], parts[1], excluding)

    def except_clause(self, meta, children):
        return _Except(self._plain(children)[0])

    def change_expr(self, meta, children):  # a cut, a growth (against a base year; None: the previous), an average
        parts, change = self._plain(children), {"KW_CUT": m.CutVsPreviousYear, "KW_GROWTH": m.Growth}.get(children[0].type)
        return change(parts[0], self._year(parts[1]) if len(parts) > 1 else None) if change else m.AverageGrowth(parts[0])

    def each_expr(self, meta, children):
        parts = self._plain(children)
        return m.EachRecord(parts[0], parts[1], parts[2] if len(parts) > 2 else None)

    def tasks_expr(self, meta, children):
        self._plain(children)  # (notes the language of its keywords)
        return m.TasksCompleted(on_time=any(c.type == "KW_ON_TIME" for c in children))

    def metric_name(self, meta, children):
        return m.MetricName(children[0])

    def condition(self, meta, children):
        options = tuple(self._plain(children))
        return options[0] if len(options) == 1 else (m.AnyOf(options),)

    def conjunction(self, meta, children):
        tests: list = []
        for test in self._plain(children):  # a group in parentheses is a condition: its tests join this conjunction
            tests.extend(test) if isinstance(test, tuple) else tests.append(test)
        return tuple(tests)

    def grouped(self, meta, children):
        return children[0]

    def field_not_equals(self, meta, children):
        return m.FieldNotEquals(*children)

    def field_in(self, meta, children):
        parts = self._plain(children)
        return m.FieldIn(parts[0], tuple(parts[1:]))

    def field_compares(self, meta, children):
        return m.FieldCompares(children[0], children[1], children[2])

    def field_compares_below_zero(self, meta, children):
        name, relation, quantity = children
        return m.FieldCompares(name, relation, m.Quantity(-quantity.value, quantity.unit))

    rel_gt, rel_ge, rel_lt, rel_le, rel_eq, rel_ne = (  # the grammar's `relation`, in `m.Relation`'s order
        (lambda relation: lambda self, meta, children: relation)(r) for r in m.Relation)

    def flag_is_set(self, meta, children):
        return m.FlagIsSet(children[0])

    def flag_not_set(self, meta, children):
        return m.FlagNotSet(self._plain(children)[0])

    def field_equals(self, meta, children):
        return m.FieldEquals(children[0], children[1])

    def sum_expr(self, meta, children):
        return m.SumOf(*self._plain(children))  # field, kind, and the condition when there is one

    def reported_expr(self, meta, children):  # in `%`, `ngày` (a keyword), or a named unit (a STRING, as text)
        kinds = {getattr(c, "type", "") for c in children}
        unit = m.QuantityUnit.PERCENT if "PERCENT" in kinds else m.QuantityUnit.DAYS if "KW_DAY" in kinds else None
        label = next((c for c in self._plain(children) if not isinstance(c, Token)), None)
        return m.Reported(unit or m.QuantityUnit.NONE, label)

    def ratio_expr(self, meta, children):  # a name (text) or an expression in parentheses on each side
        return m.RatioOf(*(m.MetricName(x) if isinstance(x, str) else x for x in self._plain(children)))
