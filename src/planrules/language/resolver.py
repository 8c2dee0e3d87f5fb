"""Names -> things: check that every name a plan uses is declared.

A plan's scope is the standard prelude, every vocabulary file (a `.plan`
without a number) read with it, and its own declarations. Units and events
are the plan's own. Each reference (a lead, a collaborator, a trigger event,
a metric in a target, a record kind or field in a metric, a category value)
must resolve and have the right type; each miss is a `Diagnostic` with a
"did you mean" hint when a declared name is close.

This stage reports; it builds nothing yet. Compilation (a later stage)
will consume the same scope.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from attrs import evolve

from . import model as m
from ..base.diagnostics import Diagnostic, Message, Severity, capped
from ..base.source import Source, Span
from ..base.suggest import closest
from .messages import LanguageMessage
from .vocabulary import FIELD_UNITS, NUMERIC, change_refused, extended, metric_unit

# the message for a number in a condition not in its field's unit, by the field's unit
_CONDITION_UNITS = {m.QuantityUnit.NONE: "condition_number", m.QuantityUnit.PERCENT: "condition_percent",
                    m.QuantityUnit.DAYS: "condition_days"}

# Every code this stage gives, and what it means (docs/language.md, docs/checks.md).
CODES: dict[str, str] = {
    "R201": "unknown unit",
    "R202": "unknown event",
    "R203": "unknown metric",
    "R204": "unknown record kind",
    "R205": "unknown field of a record kind",
    "R206": "a field of the wrong type for its use (not a yes/no, a category or a measure)",
    "R207": "unknown category",
    "R208": "a category on a metric that is not by category",
    "R209": "a name declared twice, differently",
    "R210": "a threshold whose unit does not fit its metric",
    "R211": "a field added to a record kind under the name of one it has",
}


def resolve(
    plans: Iterable[m.Plan], prelude: m.Plan | None = None, sources: dict[str, Source] | None = None,
    keep: Callable[[object], bool] | None = None,
) -> list[Diagnostic]:
    """Every unresolved or ill-typed name in `plans`, in file order.

    With `sources` (file name -> its `Source`), each diagnostic is narrowed from
    the statement to the name itself and carries the line to show. At most
    `errors.MAX_FINDINGS_PER_CODE` findings of a code are listed per file
    (then "… and N more"): a plan naming a million undeclared units costs the
    memory of a hundred findings, not of a million. `keep` (the silences, told
    each finding: `check.Silencer.keeps`) runs before the cap, so that what is
    silenced is neither listed nor counted.
    """
    found: Iterable[_Found] = _resolve(list(plans), prelude)
    if keep is not None:
        found = filter(keep, found)
    if not sources:
        return capped(found, located=_Found.diagnostic)  # type: ignore[arg-type]
    words = _Words(sources)
    return capped(found, located=lambda d: _locate(d.diagnostic(), sources, words))  # type: ignore[arg-type]


_QUOTED = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"')
_WORD = re.compile(r"\w+")


class _Words:
    """Per line of a file, where each word first appears outside quoted text; each line read once.

    Locating every finding by searching its line again was quadratic: 16,000
    unknown names on one 117 KB line took minutes.
    """

    def __init__(self, sources: dict[str, Source]):
        self._sources = sources
        self._lines: dict[tuple[str, int], dict[str, tuple[int, int]]] = {}

    def first(self, file: str, line: int, word: str) -> tuple[int, int] | None:
        key = (file, line)
        found = self._lines.get(key)
        if found is None:
            if len(self._lines) > 64:
                self._lines.clear()  # findings come statement by statement: a few lines are enough
            source = self._sources.get(file)
            text = source.line_text(line) if source is not None else ""
            blanked = _QUOTED.sub(lambda q: " " * len(q.group()), text)
            found = {}
            for match in _WORD.finditer(blanked):
                found.setdefault(match.group(), match.span())
            self._lines[key] = found
        return found.get(word)


def _locate(d: Diagnostic, sources: dict[str, Source], words: _Words) -> Diagnostic:
    """Point `d` at the first use of its name inside its statement (quoted text skipped)."""
    source = sources.get(d.span.file) if d.span else None
    if source is None:
        return d
    name = dict(d.message.args).get("name") or dict(d.message.args).get("category")
    if isinstance(name, str) and _WORD.fullmatch(name):
        for line in range(d.span.line, d.span.end_line + 1):
            found = words.first(d.span.file, line, name)
            if found:
                span = Span(d.span.file, line, found[0] + 1, line, found[1] + 1)
                return evolve(d, span=span, line_text=source.line_text(line))
    return evolve(d, line_text=source.line_text(d.span.line))


def _resolve(plans: list[m.Plan], prelude: m.Plan | None) -> Iterator[_Found]:
    """Every finding, lazily: the caller keeps only those it lists."""
    shared = [prelude] if prelude is not None else []
    shared += [p for p in plans if p.is_vocabulary]
    diagnostics: list[_Found] = []
    shared_scope = _Scope.of(shared, diagnostics)
    yield from diagnostics
    for vocabulary in (p for p in plans if p.is_vocabulary):
        yield from _check_vocabulary(vocabulary, shared_scope)
    for plan in (p for p in plans if not p.is_vocabulary):
        declared: list[_Found] = []
        scope = shared_scope.extended(plan, declared)
        yield from declared
        yield from _check_vocabulary(plan, scope)
        yield from _check_plan(plan, scope)


class _Scope:
    def __init__(self):
        self.kinds: dict[str, m.RecordKind] = {}
        self.metrics: dict[str, m.Metric] = {}
        self.units: dict[str, m.Unit] = {}
        self.events: dict[str, m.Event] = {}

    @classmethod
    def of(cls, plans: list[m.Plan], diagnostics: list[_Found]) -> "_Scope":
        scope = cls()
        for plan in plans:
            scope._add(plan, diagnostics)
        return scope

    def extended(self, plan: m.Plan, diagnostics: list[_Found]) -> "_Scope":
        scope = _Scope()
        scope.kinds, scope.metrics = dict(self.kinds), dict(self.metrics)
        scope._add(plan, diagnostics)
        return scope

    def _add(self, plan: m.Plan, diagnostics: list[_Found]) -> None:
        tables = (
            (m.RecordKind, self.kinds, "record kind"),
            (m.Metric, self.metrics, "metric"),
            (m.Unit, self.units, "unit"),
            (m.Event, self.events, "event"),
        )
        for statement in plan.body:
            if isinstance(statement, m.RecordExtension):
                self._extend(statement, diagnostics)
                continue
            for cls, table, what in tables:
                if isinstance(statement, cls):
                    previous = table.get(statement.name)
                    if previous is not None and previous != statement:
                        diagnostics.append(
                            _diag("R209", statement.span, "duplicate_name", what=what, name=statement.name,
                                  other=str(previous.span) if previous.span else "?")
                        )
                    table[statement.name] = statement


    def _extend(self, extension: m.RecordExtension, diagnostics: list[_Found]) -> None:
        """`bổ sung bản ghi K`: K must be declared before (R204); an added field may not take the name of one
        K has, unless it is the same field again (R211)."""
        kind = self.kinds.get(extension.kind)
        if kind is None:
            diagnostics.append(_diag("R204", extension.span, "unknown_kind", (extension.kind, self.kinds),
                                     name=extension.kind))
            return
        have = {f.name: f for f in kind.fields}
        for added in extension.fields:
            if added.name in have and have[added.name] != added:
                previous = have[added.name].span
                diagnostics.append(_diag("R211", added.span or extension.span, "field_clash", name=added.name,
                                         kind=kind.name, other=str(previous) if previous else "?"))
        self.kinds[kind.name] = extended(kind, extension)


class _Found:
    """A finding not yet made a `Diagnostic`: its "did you mean" is looked for only if it is listed.

    A plan naming a million undeclared units met difflib a million times, for
    the hundred findings `errors.capped` lists.
    """

    __slots__ = ("code", "span", "key", "hint", "args")
    severity = Severity.ERROR

    def __init__(self, code: str, span, key: str, hint: tuple[str, Iterable[str]] | None, args: dict):
        self.code, self.span, self.key, self.hint, self.args = code, span, key, hint, args

    def diagnostic(self) -> Diagnostic:
        hints = ()
        if self.hint is not None:
            name, candidates = self.hint
            close = closest(name, candidates)
            if close is not None:
                hints = (Message.of("did_you_mean", name=close),)
        return Diagnostic(self.code, LanguageMessage.of(self.key, **self.args), self.span, Severity.ERROR, hints)


def _diag(code: str, span, key: str, hint: tuple[str, Iterable[str]] | None = None, **args) -> _Found:
    return _Found(code, span, key, hint, args)


def _check_vocabulary(plan: m.Plan, scope: _Scope) -> Iterator[_Found]:
    for metric in plan.metrics:
        yield from _check_expr(metric.expr, scope, metric.span)


def _check_expr(expr, scope: _Scope, span) -> Iterator[_Found]:
    if isinstance(expr, m.MetricName):
        if expr.name not in scope.metrics:
            yield _diag("R203", span, "unknown_metric", (expr.name, scope.metrics), name=expr.name)
        return
    if isinstance(expr, m.TasksCompleted):  # over the plan's own verdicts: no record kind to resolve
        return
    if isinstance(expr, m.Change):
        yield from _check_expr(expr.base, scope, span)
        base = expr.base
        if isinstance(base, m.MetricName) and base.name in scope.metrics:
            refused = change_refused(expr, scope.metrics)
            if refused is not None:
                yield _diag("R206", span, refused, name=base.name)
        return
    if isinstance(expr, m.Reported):
        return
    if isinstance(expr, m.RatioOf):
        for term in (expr.numerator, expr.denominator):
            yield from _check_expr(term, scope, span)
            if isinstance(term, m.MetricName) and term.name in scope.metrics:
                named = _followed(term, scope)
                if not isinstance(named, (m.CountOf, m.SumOf, m.Reported)):
                    yield _diag("R206", span, "ratio_needs_measure", name=term.name)
        return
    kind = scope.kinds.get(expr.kind)
    if kind is None:
        yield _diag("R204", span, "unknown_kind", (expr.kind, scope.kinds), name=expr.kind)
        return
    fields = {f.name: f for f in kind.fields}
    tests = ()
    if isinstance(expr, (m.CountOf, m.ShareOf, m.SumOf)):
        tests = tuple(m.condition_tests(expr.where + getattr(expr, "excluding", ())))
    for test in tests:
        field = fields.get(test.field)
        if field is None:
            yield _diag("R205", span, "kind_has_no_field", (test.field, fields), name=test.field, kind=kind.name)
        elif isinstance(test, (m.FieldEquals, m.FieldNotEquals, m.FieldIn)):
            if field.type is not m.FieldType.CATEGORY:
                yield _diag("R206", span, "not_category", name=test.field, kind=kind.name)
                continue
            known = [c.name for c in field.categories]
            for value in test.values if isinstance(test, m.FieldIn) else (test.value,):
                if value not in known:
                    yield _diag("R207", span, "unknown_category", (value, known), name=value, field=test.field)
        elif isinstance(test, m.FieldCompares):
            if field.type not in NUMERIC:
                yield _diag("R206", span, "not_number", name=test.field, kind=kind.name)
            elif test.quantity.unit is not FIELD_UNITS[field.type]:
                yield _diag("R210", span, _CONDITION_UNITS[FIELD_UNITS[field.type]], name=test.field)
        elif field.type is not m.FieldType.BOOL:
            yield _diag("R206", span, "not_flag", name=test.field, kind=kind.name)
    if isinstance(expr, (m.EachRecord, m.SumOf)):
        field = fields.get(expr.field)
        if field is None:
            yield _diag("R205", span, "kind_has_no_field", (expr.field, fields), name=expr.field, kind=kind.name)
        elif field.type not in NUMERIC or (isinstance(expr, m.SumOf) and field.type is m.FieldType.PERCENT):
            yield _diag("R206", span, "not_measure" if isinstance(expr, m.EachRecord) else "not_summed",
                        name=expr.field, kind=kind.name)
        if getattr(expr, "by", None) is not None:
            by = fields.get(expr.by)
            if by is None:
                yield _diag("R205", span, "kind_has_no_field", (expr.by, fields), name=expr.by, kind=kind.name)
            elif by.type is not m.FieldType.CATEGORY:
                yield _diag("R206", span, "not_category", name=expr.by, kind=kind.name)


def _followed(metric: m.MetricName, scope: _Scope):
    """The expression behind a metric's name, through names (None: undeclared, or a ring of names)."""
    seen: set[str] = set()
    expr = metric
    while isinstance(expr, m.MetricName):
        if expr.name in seen or expr.name not in scope.metrics:
            return None
        seen.add(expr.name)
        expr = scope.metrics[expr.name].expr
    return expr


def _metric_expr(metric, scope: _Scope):
    """The expression behind a target's metric, following a name; None if unknown."""
    if isinstance(metric, m.MetricName):
        declared = scope.metrics.get(metric.name)
        return declared.expr if declared else None
    return metric


def _check_target(target: m.Target, scope: _Scope, span) -> Iterator[_Found]:
    span = target.span or span
    yield from _check_expr(target.metric, scope, span)
    if isinstance(target.metric, m.Reported):  # facts report a figure under its metric's name
        yield _diag("R206", span, "reported_inline")
    expr = _metric_expr(target.metric, scope)
    if expr is None:
        return
    wrong = unit_mismatch(expr, target.threshold.unit, scope.kinds, scope.metrics)
    if wrong is not None:
        yield _diag("R210", span, wrong[0], **wrong[1])
    elif target.upper is not None and target.upper.unit is not target.threshold.unit:
        yield _diag("R210", span, "range_units", low=target.threshold.unit.value or "-", high=target.upper.unit.value or "-")
    elif isinstance(expr, (m.ShareOf, m.TasksCompleted)) and (target.upper or target.threshold).fraction > 1:
        yield _diag("R210", span, "share_over_100")
    if isinstance(expr, m.TasksCompleted) and (target.cumulative is not None or target.data_window is not None
                                               or isinstance(target.period, m.SpanPeriod)):
        yield _diag("R210", span, "tasks_each_year")  # deadline verdicts are judged year by year
        return
    yield from _check_baseline(target, expr, span)
    if target.cumulative is not None or (isinstance(target.period, m.SpanPeriod) and
                                         not isinstance(expr, m.AverageGrowth)):
        yield from _check_cumulative(expr, scope, span)
    if target.data_window is not None and (isinstance(target.period, m.AtDatePeriod) or (
            isinstance(target.period, m.EachYearPeriod) and target.period.by is not None)):
        yield _diag("R210", span, "data_window_at_date")
    if target.category is not None:
        kind = scope.kinds.get(getattr(expr, "kind", ""))
        by = None
        if isinstance(expr, m.EachRecord) and expr.by is not None and kind is not None:
            by = next((f for f in kind.fields if f.name == expr.by), None)
        if by is None or by.type is not m.FieldType.CATEGORY:
            yield _diag("R208", span, "category_without_by", category=target.category)
        elif target.category not in {c.name for c in by.categories}:
            yield _diag("R207", span, "unknown_category", (target.category, [c.name for c in by.categories]),
                        name=target.category, field=by.name)


def _check_baseline(target: m.Target, expr, span) -> Iterator[_Found]:
    """An average growth is judged over its span (`giai đoạn`, from the year before it); a fixed base year
    comes before every year the target states."""
    if isinstance(expr, m.AverageGrowth):
        if not isinstance(target.period, m.SpanPeriod):
            yield _diag("R210", span, "average_needs_span")
        return
    base = getattr(expr, "year", None) if isinstance(expr, m.Change) else None
    period = target.period
    first = period.first if isinstance(period, m.SpanPeriod) else getattr(period, "year", None)
    if base is not None and first is not None and first <= base:
        yield _diag("R210", span, "base_year_not_before", base=base, year=first)


def _check_cumulative(expr, scope: _Scope, span) -> Iterator[_Found]:
    """A running total sums each year's count: only counts and shares of dated records have one."""
    if isinstance(expr, (*m.Change, m.EachRecord)):
        yield _diag("R210", span, "cumulative_not_summed")
        return
    if isinstance(expr, m.Reported):
        yield _diag("R210", span, "cumulative_reported")
        return
    kind = scope.kinds.get(getattr(expr, "kind", ""))
    if kind is not None and not any(f.type is m.FieldType.DATE for f in kind.fields):
        yield _diag("R210", span, "cumulative_snapshot", kind=kind.name)


def unit_mismatch(expr, unit: m.QuantityUnit, kinds, metrics=None) -> tuple[str, dict] | None:
    """(message key, arguments) when a threshold in `unit` does not fit `expr`'s values (R210), else None.

    Shared by the resolver and the compiler (which also compiles parents'
    targets against the child's vocabulary), so both refuse the same thresholds.
    """
    wanted = metric_unit(expr, kinds, metrics)
    if wanted is None or unit is wanted:
        return None
    if isinstance(expr, m.Reported):
        return "reported_unit", {"unit": _unit_words(expr)}
    if isinstance(expr, m.RatioOf):
        return "ratio_needs_percent", {}
    if wanted is m.QuantityUnit.POINTS:
        return "needs_points", {}
    if wanted is m.QuantityUnit.PERCENT:
        return ("needs_percent_field", {"name": expr.field}) if isinstance(expr, m.EachRecord) else ("needs_percent", {})
    if isinstance(expr, m.CountOf):
        return "needs_count", {}
    if wanted is m.QuantityUnit.DAYS:
        return "needs_days", {"name": expr.field}
    field = next((f for f in kinds[expr.kind].fields if f.name == expr.field), None)
    return ("needs_decimal" if field is not None and field.type is m.FieldType.DECIMAL else "needs_number",
            {"name": expr.field})


def _unit_words(expr: m.Reported) -> tuple[str, str]:
    """What a reported figure's threshold is written in, in English and Vietnamese."""
    if expr.label is not None:
        return (f'a plain number (the figure is in "{expr.label}")', f'một số (số liệu tính bằng "{expr.label}")')
    if expr.unit is m.QuantityUnit.PERCENT:
        return "%", "%"
    if expr.unit is m.QuantityUnit.DAYS:
        return "days (ngày)", "ngày"
    return "a plain number, without % or days", "một số, không kèm % hay ngày"


def _check_plan(plan: m.Plan, scope: _Scope) -> Iterator[_Found]:
    def units(names, span):
        for name in names:
            if name not in scope.units:
                yield _diag("R201", span, "unknown_unit", (name, scope.units), name=name)

    def bodies(target: m.Target, span):  # who a target binds and who monitors it, as a task's leads
        named = (target.scope.names if target.scope is not None else ()) + target.monitored_by
        yield from units(named, target.span or span)

    for unit in plan.units:
        yield from units(unit.members, unit.span)
    def target(target, span):
        if isinstance(target, m.AssessedTarget):  # nothing measured: its assessors must be the plan's units
            yield from units(target.assessors, target.span or span)
        else:
            yield from _check_target(target, scope, span)
        yield from bodies(target, span)

    for statement in plan.body:
        if isinstance(statement, (m.Target, m.AssessedTarget)):
            yield from target(statement, statement.span)
        if not isinstance(statement, m.Task):
            continue
        task = statement
        yield from units(task.leads + task.collaborators + task.reports_to, task.span)
        for deadline in task.deadlines:
            event = getattr(deadline, "event", None) or getattr(deadline, "trigger", None)
            if event is not None and event not in scope.events:
                yield _diag("R202", deadline.span or task.span, "unknown_event", (event, scope.events), name=event)
        for each in task.targets:
            yield from target(each, task.span)
