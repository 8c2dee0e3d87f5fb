"""The vocabulary in force for a plan: record kinds and metrics, by name.

Facts are validated against it and the facts schema is generated from it, so
a plan for another directive that declares its own record kinds and metrics
gets facts checked against those, with no change to Python. It is built from
`.plan` sources: the standard prelude, vocabulary files (`.plan` without a
number) and the plan's own declarations, later ones shadowing earlier ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from attrs import evolve, field, frozen

from . import model as m

def extended(kind: m.RecordKind, extension: m.RecordExtension) -> m.RecordKind:
    """`kind` with the fields `extension` adds (`bổ sung bản ghi`), after its own; a field of a name it has
    already is left out (the resolver says R211 when it is another field; the same one again is allowed)."""
    names = {f.name for f in kind.fields}
    added = tuple(f for f in extension.fields if f.name not in names)
    return evolve(kind, fields=kind.fields + added) if added else kind


def _frozen_map(value: Mapping) -> Mapping:
    return MappingProxyType(dict(value))


@frozen(eq=False)
class Vocabulary:
    """Record kinds and metrics by name (read-only mappings)."""

    kinds: Mapping[str, m.RecordKind] = field(converter=_frozen_map)
    metrics: Mapping[str, m.Metric] = field(converter=_frozen_map)

    @classmethod
    def of(cls, plans: Iterable[m.Plan]) -> "Vocabulary":
        """The record kinds and metrics declared in `plans`, in order (a later one wins)."""
        kinds: dict[str, m.RecordKind] = {}
        metrics: dict[str, m.Metric] = {}
        for plan in plans:
            kinds.update((k.name, k) for k in plan.record_kinds)
            for extension in plan.record_extensions:  # after the plan's own kinds (the resolver says R204, R211)
                if extension.kind in kinds:
                    kinds[extension.kind] = extended(kinds[extension.kind], extension)
            metrics.update((x.name, x) for x in plan.metrics)
        return cls(kinds, metrics)

    @classmethod
    def standard(cls) -> "Vocabulary":
        """The prelude shipped with planrules."""
        from .library import prelude

        return cls.of([prelude()])

    def field(self, kind: str, name: str) -> m.FieldDecl | None:
        decl = self.kinds.get(kind)
        return next((f for f in decl.fields if f.name == name), None) if decl else None

    def date_field(self, kind: str) -> m.FieldDecl | None:
        """The field that dates a record of `kind`: its first date field, or None (a snapshot)."""
        decl = self.kinds.get(kind)
        if decl is None:
            return None
        return next((f for f in decl.fields if f.type is m.FieldType.DATE), None)

    def expr(self, metric: m.MetricName | m.MetricExpr) -> m.MetricExpr | None:
        """The expression behind a metric, following names; None when a name is not declared."""
        seen: set[str] = set()
        while isinstance(metric, m.MetricName):
            if metric.name in seen or metric.name not in self.metrics:
                return None
            seen.add(metric.name)
            metric = self.metrics[metric.name].expr
        return metric

    def unit(self, metric: m.MetricName | m.MetricExpr) -> m.QuantityUnit | None:
        """The unit `metric`'s values are in (see `metric_unit`); None when it does not resolve."""
        expr = self.expr(metric)
        return metric_unit(expr, self.kinds, self.metrics) if expr is not None else None

    def figure_unit(self, metric: str) -> str | None:
        """The unit the figures reported for `metric` are in, as facts carry it (`ReportedValue.unit`): "%",
        "days" or a named unit ("Tbps") for a reported figure (`số liệu báo cáo`); None for a plain number and
        for every other metric."""
        expr = self.expr(m.MetricName(metric))
        if not isinstance(expr, m.Reported):
            return None
        return expr.label if expr.label is not None else (expr.unit.value or None)

    def label(self, metric: m.MetricName | m.MetricExpr) -> str | None:
        """The named unit a reported figure is in (`tính bằng "Tbps"`), shown after its values; None otherwise."""
        expr = self.expr(metric)
        return expr.label if isinstance(expr, m.Reported) else None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Vocabulary):
            return NotImplemented
        return dict(self.kinds) == dict(other.kinds) and dict(self.metrics) == dict(other.metrics)

    def __hash__(self) -> int:
        return hash((tuple(self.kinds.items()), tuple(self.metrics.items())))


# the unit of a number field's values: its per-record thresholds and the numbers a condition compares it with
FIELD_UNITS = {m.FieldType.DAYS: m.QuantityUnit.DAYS, m.FieldType.INTEGER: m.QuantityUnit.NONE,
                m.FieldType.DECIMAL: m.QuantityUnit.NONE, m.FieldType.PERCENT: m.QuantityUnit.PERCENT}
NUMERIC = frozenset(FIELD_UNITS)  # the field types a condition can compare with a number, and a per-record value measures


def metric_unit(expr: m.MetricExpr, kinds: Mapping[str, m.RecordKind],
                metrics: Mapping[str, m.Metric] | None = None) -> m.QuantityUnit | None:
    """The unit a metric's values are in, which its thresholds must be written in.

    A share, a cut or a growth of a count, an average growth are percentages; a
    cut or a growth of a share is in percentage points (`điểm %`); a count a
    plain number, a per-record value that of its field: days for `số ngày`, a
    plain number for `số nguyên` and `số thập phân`, a percentage for `phần
    trăm`. The change of a sum, or of a reported figure not in %, is a
    percentage like a count's; of a ratio or a figure in %, points like a share's. The resolver refuses a threshold in another unit (R210) and the compiler gives every rule this unit, so a value is never
    shown or compared in a unit it is not in ("1" as "100%", or as "1 day").
    None when the record kind or field is not declared, or is not a measure (the
    resolver says so). `metrics` resolves the name a change is of. A ratio is a percentage; a sum is in its
    field's unit; a reported figure in the unit it is declared in (a named one, "Tbps", a plain number).
    """
    if isinstance(expr, (m.CutVsPreviousYear, m.Growth)):
        base = changed(expr, metrics or {})
        return m.QuantityUnit.POINTS if in_points(base) else m.QuantityUnit.PERCENT
    if isinstance(expr, (m.ShareOf, m.AverageGrowth, m.TasksCompleted, m.RatioOf)):
        return m.QuantityUnit.PERCENT
    if isinstance(expr, m.CountOf):
        return m.QuantityUnit.NONE
    if isinstance(expr, m.Reported):
        return expr.unit
    decl = kinds.get(expr.kind)
    field = next((f for f in decl.fields if f.name == expr.field), None) if decl else None
    return FIELD_UNITS.get(field.type) if field is not None else None


def changed(expr: m.MetricExpr, metrics: Mapping[str, m.Metric]) -> m.MetricExpr | None:
    """What a change (`mức giảm`, `mức tăng`, `tăng trưởng bình quân`) is of, following names; None when a
    name is not declared (or `expr` is not a change)."""
    base = expr.base if isinstance(expr, m.Change) else None
    seen: set[str] = set()
    while isinstance(base, m.MetricName):
        if base.name in seen or base.name not in metrics:
            return None
        seen.add(base.name)
        base = metrics[base.name].expr
    return base


def in_points(base: m.MetricExpr | None) -> bool:
    """Is a change of `base` in percentage points (`điểm %`)? A percentage is changed by subtraction (a share,
    a ratio, a reported figure in %: 20% to 22% is a rise of 2 points); an amount by a percentage of it (a
    count, a sum, a figure in days, in a named unit or plain: 10 Tbps to 13 Tbps is a growth of 30%)."""
    return isinstance(base, (m.ShareOf, m.RatioOf)) or (
        isinstance(base, m.Reported) and base.unit is m.QuantityUnit.PERCENT)


def change_refused(expr: m.MetricExpr, metrics: Mapping[str, m.Metric]) -> str | None:
    """Why a change (`mức giảm`, `mức tăng`, `tăng trưởng bình quân`) of what it is of makes no sense (the
    resolver's R206 message key), or None: a cut or a growth is of a count, a share, a sum, a ratio or a
    reported figure; an average growth compounds an amount (a count, a sum, a reported figure not in %), never
    a percentage, whose change is in points. None too when a name is not declared (R203 says so)."""
    base = changed(expr, metrics)
    if base is None or not isinstance(expr, m.Change):
        return None
    if isinstance(expr, m.AverageGrowth):
        ok = isinstance(base, (m.CountOf, m.SumOf, m.Reported)) and not in_points(base)
        return None if ok else "average_needs_count"
    ok = isinstance(base, (m.CountOf, m.ShareOf, m.SumOf, m.RatioOf, m.Reported))
    return None if ok else "cut_needs_count"


def bounded_change(expr: m.MetricExpr | None, metrics: Mapping[str, m.Metric]) -> bool:
    """Is `expr` a cut or a growth whose value has a bound of its own: of a count (a cut at most 100%, a growth
    at least -100%: counts are never below 0) or of a share (at most 100 points either way)? The change of a
    sum, a ratio or a reported figure has none (a sum may fall below 0, a ratio pass 100%)."""
    return isinstance(expr, m.Change) and isinstance(changed(expr, metrics), (m.CountOf, m.ShareOf))
