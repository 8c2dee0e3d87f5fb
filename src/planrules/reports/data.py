"""Reports for people and for other programs: text, Markdown, TOML and JSON.

A `Report` (see `verdicts`) is written out in four formats:

- `to_text`: a terminal report, the summary table then each unit's verdicts,
  wrapped to a width (80 columns by default), in English or Vietnamese;
- `to_markdown`: the same as Markdown tables (GitHub-flavoured);
- `to_toml` / `to_json`: the data, read back by `from_toml` / `from_json`
  into an equal `Report` (`from_toml(to_toml(r)) == r` for every report).

`render(report, format, lang)` picks one by name ("text", "toml", "json", "md").

The data mapping (`report_to_dict` / `report_from_dict`) is the one TOML and
JSON share:

- numbers stay exact: a `Fraction` is the string "3/5" ("-7", "12"); a
  figure that is an `int` stays an integer (a string beyond 64 bits);
- dates are `datetime.date` in the dict, so TOML writes real dates; JSON
  writes ISO strings ("2026-12-31"); both are read back;
- a target's verdict names its `metric`, a deadline's its `label` (as the
  plan writes it: `thời hạn "hàng tháng": ...`), each under its own key;
- enums are written by value ("not_met", ">=", "%"); `QuantityUnit.NONE`
  is left out, like every `None` (TOML has no null) and every empty list;
- an explanation sentence is ``{key, args}``, each argument a string or an
  ``[English, Vietnamese]`` pair; `args` is a table when its names are
  sorted and distinct (as `Explanation.of` builds them), else a list of
  ``[name, value]`` pairs, so that nothing is reordered;
- for readers that do not run Python, each verdict also carries its
  explanation rendered in both languages (`explanation_en`,
  `explanation_vi`) and its value and threshold as displayed
  (`value_display`, `threshold_display`); the report carries a `summary`
  (per unit, and in total, how many verdicts of each status). These are
  ignored when reading.

Unknown keys are ignored when reading, so a newer writer's extra fields do
not break an older reader; a missing or ill-typed field raises `ValueError`
naming it (``verdicts[3].status: ...``).

A roll-up (`rollup.RollUp`: the verdicts summed up to parent units, see
`rollup`) is written with the report it was computed from: every writer takes
`rollup=`, and the data gets a `rollup` table beside `verdicts` — the grouping
(`by`), the groups and their units, and an `aggregates` list shaped like the
verdicts (same field names and conventions) plus each one's `group`,
`coverage` (`bound`, `counted`, `missing` as ``{unit, status, reason}``) and
`failing` units; violations name their `unit`. `from_toml` / `from_json` still
read the unit level; `rollup_from_toml` / `rollup_from_json` read the roll-up
of the same document (None when it has none), losslessly. The text and
Markdown forms put the roll-up after the units' verdicts: a summary per
group, then each group's aggregates with their figures and coverage.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import json
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum
from fractions import Fraction
from typing import Any, TypeVar

import tomli_w

from ..base.diagnostics import LANGUAGES
from ..language.model import Comparator, Quantity, QuantityUnit, SourceRef
from ..evaluation.rollup import REASONS, Aggregate, Coverage, Gap, Group, RollUp, UnitViolation
from ..evaluation.verdicts import (Explanation, Figure, Report, RuleKind, Status, Verdict, Violation, compared, holds, show,
                       show_date)
from ..evaluation.verdicts import measure_key as _measure, restatements as _restatements  # one grouping for API and report

__all__ = [
    "MIN_WIDTH",
    "from_json",
    "from_toml",
    "report_from_dict",
    "report_to_dict",
    "rollup_from_dict",
    "rollup_from_json",
    "rollup_from_toml",
    "rollup_to_dict",
    "rollup_to_markdown",
    "rollup_to_text",
    "text_width",
    "to_json",
    "to_markdown",
    "to_text",
    "to_toml",
]

AS_OF_FROM = ("given", "clock")  # where a report's date came from: the caller, or today in Viet Nam
MIN_WIDTH = 30  # narrower than this, `to_text` refuses: nothing sensible fits

_INT64 = 2**63


def _show(value: Fraction | int, unit: QuantityUnit = QuantityUnit.NONE, lang: str = "en") -> str:
    """`verdicts.show`, with decimal precision enough for any value.

    `verdicts.show` works in the ambient decimal context (28 digits), where
    quantizing a value of 10**26 or more raises `InvalidOperation`.
    """
    number = abs(Fraction(value)) * 100
    digits = len(str(number.numerator // number.denominator))
    with decimal.localcontext() as context:
        context.prec = max(context.prec, digits + 30)
        return show(value, unit, lang)

# ================================================================ data --


def report_to_dict(report: Report, rollup: RollUp | None = None) -> dict[str, Any]:
    """`report` (and its `rollup`, when given) as plain data (str, int, bool, date, list, dict) for TOML and JSON."""
    out: dict[str, Any] = {"plan": report.plan}
    _put(out, "title", report.title)
    out["as_of"] = report.as_of
    out["as_of_from"] = report.as_of_from
    _put(out, "missing_parents", list(report.missing_parents))
    out["units"] = list(report.units)
    counts = _counts(report)
    out["summary"] = {
        "total": _status_counts(_totals(counts)),
        "units": [{"unit": unit, **_status_counts(c)} for unit, c in counts.items()],
    }
    restates = {id(v): group[0].rule for group in _restatements(report.verdicts) for v in group[1:]}
    out["verdicts"] = [_verdict_to_dict(v, restates.get(id(v))) for v in report.verdicts]
    if rollup is not None:
        out["rollup"] = rollup_to_dict(rollup)
    return out


def report_from_dict(data: Mapping[str, Any]) -> Report:
    """The `Report` that `report_to_dict` gave `data` for; `ValueError` naming the field if malformed."""
    r = _Reader(data, "report")
    verdicts = tuple(_verdict_from(item) for item in r.tables("verdicts"))
    return Report(
        plan=r.text("plan"),
        as_of=r.date("as_of"),
        verdicts=verdicts,
        title=r.text("title", None),
        units=tuple(r.texts("units")),
        as_of_from=_as_of_from(r),
        missing_parents=tuple(r.texts("missing_parents")),
    )


def _as_of_from(r: "_Reader") -> str:
    """Where the report's date came from: "given" or "clock" ("given" when an older writer left it out)."""
    value = r.text("as_of_from", "given")
    if value not in AS_OF_FROM:
        raise r.fail("as_of_from", f"expected one of {', '.join(AS_OF_FROM)}, not {value!r}")
    return value


def to_toml(report: Report, rollup: RollUp | None = None) -> str:
    return tomli_w.dumps(report_to_dict(report, rollup))


def from_toml(text: str) -> Report:
    return report_from_dict(_toml_document(text))


def to_json(report: Report, rollup: RollUp | None = None) -> str:
    data = report_to_dict(report, rollup)
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=_json_default) + "\n"


def from_json(text: str) -> Report:
    return report_from_dict(_json_document(text))


def _json_document(text: str) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"not a JSON report: {error}") from error
    if not isinstance(data, dict):
        raise ValueError("not a JSON report: the top level is not an object")
    return data


def _toml_document(text: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"not a TOML report: {error}") from error


def rollup_from_toml(text: str) -> RollUp | None:
    """The roll-up a TOML report carries (`to_toml(report, rollup)`); None when it carries none."""
    return _rollup_of(_toml_document(text))


def rollup_from_json(text: str) -> RollUp | None:
    """The roll-up a JSON report carries (`to_json(report, rollup)`); None when it carries none."""
    return _rollup_of(_json_document(text))


def _rollup_of(data: Mapping[str, Any]) -> RollUp | None:
    if "rollup" not in data:
        return None
    return rollup_from_dict(data["rollup"])


def _json_default(value: object) -> object:
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value.isoformat()
    # report_to_dict makes nothing else that JSON lacks
    raise TypeError(f"cannot write {type(value).__name__} as JSON")  # pragma: no cover


def _put(out: dict[str, Any], key: str, value: object) -> None:
    if value is not None:
        out[key] = value


def _fraction(value: Fraction | int) -> str:
    return str(Fraction(value))


def _status_counts(counts: Mapping[Status, int]) -> dict[str, int]:
    out = {s.value: counts.get(s, 0) for s in Status}
    out["total"] = sum(out.values())
    return out


def _units(report: Report) -> tuple[str, ...]:
    """The report's units, then any unit a verdict names that `units` does not list."""
    return tuple(dict.fromkeys((*report.units, *(v.unit for v in report.verdicts))))


def _counts(report: Report) -> dict[str, dict[Status, int]]:
    """Per unit, how many distinct measures and deadlines of each status: `Report.summary`, what the API gives."""
    return report.summary()


def _totals(counts: Mapping[str, Mapping[Status, int]]) -> dict[Status, int]:
    """The rows of `_counts` added up."""
    return {s: sum(row[s] for row in counts.values()) for s in Status}


def _verdict_to_dict(v: Verdict, restates: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "plan": v.plan,
        "unit": v.unit,
        "rule": v.rule,
        "kind": v.kind.value,
        "status": v.status.value,
    }
    _put_judgement(out, v, v)
    _put(out, "delivered", v.delivered)
    _put_figures(out, v)
    if v.records:
        out["records"] = list(v.records)
    if v.violations:
        out["violations"] = [_violation_to_dict(x) for x in v.violations]
    if v.explanation:
        out["explanation"] = [_explanation_to_dict(e) for e in v.explanation]
        out["explanation_en"] = _explain(v, "en")
        out["explanation_vi"] = _explain(v, "vi")
    _put(out, "inherited_from", v.inherited_from)
    if v.source is not None:
        source: dict[str, Any] = {"first": v.source.first, "last": v.source.last}
        _put(source, "document", v.source.document)
        out["source"] = source
    _put(out, "document", v.document)
    _put(out, "at", v.at)
    _put(out, "restates", restates)
    return out


def _figure_value(value: Fraction | int) -> int | str:
    if isinstance(value, int) and not isinstance(value, bool) and -_INT64 <= value < _INT64:
        return value
    return _fraction(value)


def _violation_to_dict(x: Violation) -> dict[str, Any]:
    out: dict[str, Any] = {"record": x.record, "value": _fraction(x.value), "limit": _fraction(x.limit)}
    _put(out, "category", x.category)
    _put(out, "origin", x.origin)
    return out


def _arg_value(value: str | tuple[str, str]) -> str | list[str]:
    return list(value) if isinstance(value, tuple) else value


def _explanation_to_dict(e: Explanation) -> dict[str, Any]:
    names = [name for name, _ in e.args]
    canonical = all(a < b for a, b in zip(names, names[1:]))
    args: object
    if canonical:
        args = {name: _arg_value(value) for name, value in e.args}
    else:
        args = [[name, _arg_value(value)] for name, value in e.args]
    return {"key": e.key, "args": args}


def rollup_to_dict(rollup: RollUp) -> dict[str, Any]:
    """`rollup` as plain data for TOML and JSON (the `rollup` table of a report; see the module's docstring)."""
    out: dict[str, Any] = {"plan": rollup.plan}
    _put(out, "by", rollup.by)
    out["as_of"] = rollup.as_of
    summary = _rollup_counts(rollup)
    out["groups"] = [
        {"group": g.name, "units": list(g.units), "summary": _status_counts(summary[g.name])} for g in rollup.groups
    ]
    out["total"] = _status_counts(_totals(summary))
    out["aggregates"] = [_aggregate_to_dict(a) for a in rollup.aggregates]
    return out


def _put_judgement(out: dict[str, Any], x, shown: Verdict) -> None:
    """What a verdict and a roll-up's aggregate both say, from the clause to the last day, in that order.

    `x` is either; `shown` is the verdict whose threshold text is displayed (an
    aggregate's is built from it by `_as_verdict`).
    """
    _put(out, "clause", x.clause)
    _put(out, "period", x.period)
    if x.value is not None:
        out["value"] = _fraction(x.value)
        out["value_display"] = _show(x.value, x.value_unit)
    if x.value_unit is not QuantityUnit.NONE:
        out["value_unit"] = x.value_unit.value
    if x.comparator is not None:
        out["comparator"] = x.comparator.value
    if x.threshold is not None:
        threshold: dict[str, Any] = {"value": _fraction(x.threshold.value)}
        if x.threshold.unit is not QuantityUnit.NONE:
            threshold["unit"] = x.threshold.unit.value
        out["threshold"] = threshold
        out["threshold_display"] = _threshold_text(shown, "en")
    _put(out, "category", x.category)
    _put(out, "metric", x.metric)
    _put(out, "label", x.label)
    _put(out, "on_track", x.on_track)
    _put(out, "due", x.due)
    _put(out, "last_day", x.last_day)


def _put_figures(out: dict[str, Any], x) -> None:
    if x.figures:
        out["figures"] = [{"name": f.name, "value": _figure_value(f.value)} for f in x.figures]


def _aggregate_to_dict(a: Aggregate) -> dict[str, Any]:
    v = _as_verdict(a)
    out: dict[str, Any] = {"group": a.group, "rule": a.rule, "kind": a.kind.value, "status": a.status.value}
    _put_judgement(out, a, v)
    _put_figures(out, a)
    if a.violations:
        out["violations"] = [{"unit": x.unit, **_violation_to_dict(x.violation)} for x in a.violations]
    if a.failing:
        out["failing"] = list(a.failing)
    coverage: dict[str, Any] = {}
    if a.coverage.bound:
        coverage["bound"] = list(a.coverage.bound)
    if a.coverage.counted:
        coverage["counted"] = list(a.coverage.counted)
    if a.coverage.missing:
        coverage["missing"] = [{"unit": g.unit, "status": g.status.value, "reason": g.reason}
                               for g in a.coverage.missing]
    out["coverage"] = coverage
    _put(out, "inherited_from", a.inherited_from)
    _put(out, "at", a.at)
    out["explanation_en"] = " ".join(_aggregate_sentences(a, "en"))
    out["explanation_vi"] = " ".join(_aggregate_sentences(a, "vi"))
    return out


def _aggregate_measure(a: Aggregate) -> tuple | None:
    """What an aggregate summed, without the clause stating it (`_measure`), and over which units."""
    measure = _measure(_as_verdict(a))
    return None if measure is None else (measure, a.coverage, a.failing)


def _rollup_counts(rollup: RollUp) -> dict[str, dict[Status, int]]:
    """Per group, how many distinct sums and deadlines of each status: `RollUp.summary`, restatements once."""
    out = {g.name: {s: 0 for s in Status} for g in rollup.groups}
    for group in _restatements(rollup.aggregates, _aggregate_measure):
        out.setdefault(group[0].group, {s: 0 for s in Status})[group[0].status] += 1
    return out


def _as_verdict(a: Aggregate) -> Verdict:
    """`a` as a verdict of its group, so that the verdicts' display helpers show it the same way."""
    return Verdict(
        plan="", unit=a.group, rule=a.rule, kind=a.kind, status=a.status, clause=a.clause, period=a.period,
        value=a.value, value_unit=a.value_unit, comparator=a.comparator, threshold=a.threshold,
        category=a.category, metric=a.metric, label=a.label, on_track=a.on_track, due=a.due,
        last_day=a.last_day,
        figures=a.figures, violations=tuple(x.violation for x in a.violations), inherited_from=a.inherited_from,
        at=a.at,
    )


# ------------------------------------------------------------ reading --

_E = TypeVar("_E", bound=Enum)
_MISSING = object()


class _Reader:
    """Typed access to one table of the data, with its path for error messages."""

    def __init__(self, data: object, path: str):
        if not isinstance(data, Mapping):
            raise ValueError(f"{path}: expected a table, found {_kind(data)}")
        self.data = data
        self.path = path

    def where(self, key: str) -> str:
        return f"{self.path}.{key}"

    def fail(self, key: str, problem: str) -> ValueError:
        return ValueError(f"{self.where(key)}: {problem}")

    def get(self, key: str, default: object = _MISSING) -> object:
        if key in self.data:
            return self.data[key]
        if default is _MISSING:
            raise self.fail(key, "missing")
        return default

    def text(self, key: str, default: object = _MISSING) -> Any:
        value = self.get(key, default)
        if value is default and default is not _MISSING:
            return value
        if not isinstance(value, str):
            raise self.fail(key, f"expected text, found {_kind(value)}")
        return value

    def texts(self, key: str) -> list[str]:
        values = self.get(key, [])
        if not isinstance(values, list) or not all(isinstance(x, str) for x in values):
            raise self.fail(key, "expected a list of text")
        return values

    def integer(self, key: str) -> int:
        value = self.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(key, f"expected an integer, found {_kind(value)}")
        return value

    def flag(self, key: str) -> bool | None:
        value = self.get(key, None)
        if value is not None and not isinstance(value, bool):
            raise self.fail(key, f"expected true or false, found {_kind(value)}")
        return value

    def fraction(self, key: str, default: object = _MISSING) -> Any:
        value = self.get(key, default)
        if value is default and default is not _MISSING:
            return value
        return _read_fraction(value, self.where(key))

    def date(self, key: str, default: object = _MISSING) -> Any:
        value = self.get(key, default)
        if value is default and default is not _MISSING:
            return value
        if isinstance(value, _dt.datetime):
            raise self.fail(key, "expected a date, found a date and time")
        if isinstance(value, _dt.date):
            return value
        if isinstance(value, str):
            try:
                return _dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(key, f"expected a date (yyyy-mm-dd), found {value!r}")

    def enum(self, key: str, cls: type[_E], default: object = _MISSING) -> Any:
        value = self.get(key, default)
        if value is default and default is not _MISSING:
            return value
        try:
            return cls(value)
        except ValueError:
            accepted = ", ".join(repr(member.value) for member in cls)
            raise self.fail(key, f"{value!r} is not one of {accepted}") from None

    def table(self, key: str) -> "_Reader | None":
        value = self.get(key, None)
        return None if value is None else _Reader(value, self.where(key))

    def tables(self, key: str) -> list["_Reader"]:
        values = self.get(key, [])
        if not isinstance(values, list):
            raise self.fail(key, f"expected a list of tables, found {_kind(values)}")
        return [_Reader(item, f"{self.where(key)}[{i}]") for i, item in enumerate(values)]


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    return {
        str: "text",
        int: "an integer",
        float: "a float",
        list: "a list",
        dict: "a table",
        type(None): "nothing",
    }.get(type(value), type(value).__name__)


def _read_fraction(value: object, where: str) -> Fraction:
    if isinstance(value, int) and not isinstance(value, bool):
        return Fraction(value)
    if isinstance(value, str):
        try:
            return Fraction(value)
        except (ValueError, ZeroDivisionError):
            pass
    raise ValueError(f"{where}: expected an exact number such as \"3/5\", found {value!r}")


def _judgement_from(r: _Reader) -> dict[str, Any]:
    """What a verdict and an aggregate both carry, read back (`_put_judgement` wrote it)."""
    threshold = r.table("threshold")
    return {
        "clause": r.text("clause", None),
        "period": r.text("period", None),
        "value": r.fraction("value", None),
        "value_unit": r.enum("value_unit", QuantityUnit, QuantityUnit.NONE),
        "comparator": r.enum("comparator", Comparator, None),
        "threshold": None if threshold is None
        else Quantity(threshold.fraction("value"), threshold.enum("unit", QuantityUnit, QuantityUnit.NONE)),
        "category": r.text("category", None),
        "metric": r.text("metric", None),
        "label": r.text("label", None),
        "on_track": r.flag("on_track"),
        "due": r.date("due", None),
        "last_day": r.date("last_day", None),
    }


def _verdict_from(r: _Reader) -> Verdict:
    source = r.table("source")
    return Verdict(
        plan=r.text("plan"),
        unit=r.text("unit"),
        rule=r.text("rule"),
        kind=r.enum("kind", RuleKind),
        status=r.enum("status", Status),
        **_judgement_from(r),
        delivered=r.date("delivered", None),
        figures=tuple(_figure_from(f) for f in r.tables("figures")),
        records=tuple(r.texts("records")),
        violations=tuple(_violation_from(x) for x in r.tables("violations")),
        explanation=tuple(_explanation_from(e) for e in r.tables("explanation")),
        inherited_from=r.text("inherited_from", None),
        source=None
        if source is None
        else SourceRef(source.integer("first"), source.integer("last"), source.text("document", None)),
        document=r.text("document", None),
        at=r.text("at", None),
    )


def rollup_from_dict(data: Mapping[str, Any]) -> RollUp:
    """The `RollUp` that `rollup_to_dict` gave `data` for; `ValueError` naming the field if malformed."""
    r = _Reader(data, "rollup")
    return RollUp(
        plan=r.text("plan"),
        as_of=r.date("as_of"),
        groups=tuple(Group(g.text("group"), tuple(g.texts("units"))) for g in r.tables("groups")),
        aggregates=tuple(_aggregate_from(a) for a in r.tables("aggregates")),
        by=r.text("by", None),
    )


def _aggregate_from(r: _Reader) -> Aggregate:
    coverage = r.table("coverage") or _Reader({}, r.where("coverage"))
    missing = []
    for g in coverage.tables("missing"):
        reason = g.text("reason")
        if reason not in REASONS:
            raise g.fail("reason", f"{reason!r} is not one of {', '.join(map(repr, REASONS))}")
        missing.append(Gap(g.text("unit"), g.enum("status", Status), reason))
    return Aggregate(
        group=r.text("group"),
        rule=r.text("rule"),
        kind=r.enum("kind", RuleKind),
        status=r.enum("status", Status),
        coverage=Coverage(tuple(coverage.texts("bound")), tuple(coverage.texts("counted")), tuple(missing)),
        **_judgement_from(r),
        figures=tuple(_figure_from(x) for x in r.tables("figures")),
        violations=tuple(UnitViolation(x.text("unit"), _violation_from(x)) for x in r.tables("violations")),
        failing=tuple(r.texts("failing")),
        inherited_from=r.text("inherited_from", None),
        at=r.text("at", None),
    )


def _figure_from(r: _Reader) -> Figure:
    value = r.get("value")
    if isinstance(value, int) and not isinstance(value, bool):
        return Figure(r.text("name"), value)
    return Figure(r.text("name"), r.fraction("value"))


def _violation_from(r: _Reader) -> Violation:
    return Violation(
        record=r.text("record"),
        value=r.fraction("value"),
        limit=r.fraction("limit"),
        category=r.text("category", None),
        origin=r.text("origin", None),
    )


def _explanation_from(r: _Reader) -> Explanation:
    raw = r.get("args", {})
    where = r.where("args")
    if isinstance(raw, Mapping):
        pairs = sorted(raw.items())
    elif isinstance(raw, list) and all(isinstance(p, list) and len(p) == 2 for p in raw):
        pairs = [(p[0], p[1]) for p in raw]
    else:
        raise ValueError(f"{where}: expected a table, or a list of [name, value] pairs")
    args = []
    for name, value in pairs:
        if not isinstance(name, str):
            raise ValueError(f"{where}: an argument's name is {_kind(name)}, not text")
        if isinstance(value, list) and len(value) == 2 and all(isinstance(x, str) for x in value):
            args.append((name, (value[0], value[1])))
        elif isinstance(value, str):
            args.append((name, value))
        else:
            raise ValueError(f"{where}.{name}: expected text or an [English, Vietnamese] pair")
    return Explanation(r.text("key"), tuple(args))


# ============================================================ display --

# Words of the reports: key -> (English, Vietnamese).
_WORDS: dict[str, tuple[str, str]] = {
    "report": ("Report on plan {plan}", "Báo cáo thực hiện kế hoạch {plan}"),
    "as_of": ("as of {date}", "tính đến ngày {date}"),
    "date_given": ("Date used: {date}, as given.", "Ngày đánh giá: {date}, theo ngày được chỉ định."),
    "date_clock": ("Date used: {date}, today in Viet Nam (UTC+7) by the clock: no date was given.",
                   "Ngày đánh giá: {date}, ngày hôm nay ở Việt Nam (UTC+7) theo đồng hồ: không chỉ định ngày."),
    "missing_parents": ("Not evaluated: the targets of parent plan(s) {plans}, which are not in the library.",
                        "Không đánh giá: chỉ tiêu của kế hoạch cấp trên {plans}, không có trong thư viện."),
    "summary": ("Summary", "Tổng hợp"),
    "unit": ("Unit", "Đơn vị"),
    "total": ("total", "tổng"),
    "total_row": ("Total", "Tổng cộng"),
    "clause": ("Clause", "Mục"),
    "rule": ("Rule", "Quy tắc"),
    "period": ("Period", "Kỳ"),
    "status": ("Status", "Kết quả"),
    "value": ("Value", "Giá trị"),
    "threshold": ("Threshold", "Ngưỡng"),
    "explanation": ("Explanation", "Giải thích"),
    "violations": ("Violations", "Vi phạm"),
    "violations_of": ("Violations of {rule}", "Vi phạm của {rule}"),
    "inherited": ("Inherited from {plan}.", "Kế thừa từ {plan}."),
    "delivered": ("delivered {date}", "đã nộp {date}"),
    "due": ("due {date}", "hạn {date}"),
    "last_day": ("last day {date}", "chậm nhất {date}"),
    "on_track": ("on track", "đúng tiến độ"),
    "off_track": ("off track", "chậm tiến độ"),
    "versus": ("vs", "so với"),
    "no_verdicts": ("No verdicts.", "Không có kết quả đánh giá nào."),
    "at": ("at {at}", "tại {at}"),
    "source": ("source {source}", "nguồn {source}"),
    # periods (`schedule.Occurrence.key`), as people read them: dates dd/mm/yyyy in both languages
    "period_once": ("once", "một lần"),
    "period_month": ("{month}/{year}", "tháng {month}/{year}"),
    "period_half_1": ("first half of {year}", "6 tháng đầu năm {year}"),
    "period_half_2": ("second half of {year}", "6 tháng cuối năm {year}"),
    "period_quarter": ("quarter {quarter} {year}", "quý {quarter}/{year}"),
}

# Words of the roll-up: key -> (English, Vietnamese).
_WORDS.update({
    "rollup": ("Roll-up of plan {plan}", "Tổng hợp kế hoạch {plan}"),
    "rollup_by": ("Roll-up by {by} of plan {plan}", "Tổng hợp kế hoạch {plan} theo {by}"),
    "group": ("Group", "Nhóm"),
    "group_units": ("{n} unit(s): {units}", "{n} đơn vị: {units}"),
    "no_aggregates": ("No aggregates.", "Không có kết quả tổng hợp nào."),
    "sum_share": ("Summed across {n} unit(s): {part} of {whole}", "Cộng {n} đơn vị: {part}/{whole}"),
    "sum_excluded": ("({excluded} left out of both counts)", "({excluded} bản ghi loại khỏi cả tử số và mẫu số)"),
    "share_undefined": ("the share is undefined (0/0).", "tỷ lệ không xác định (0/0)."),
    "sum_cut": ("Summed across {n} unit(s): {baseline} the year before, {current} in {period}",
                "Cộng {n} đơn vị: năm trước {baseline}, năm {period} là {current}"),
    "cut_zero_both": ("nothing to cut.", "không có gì để giảm."),
    "cut_from_zero": ("an increase from zero is not a cut.", "tăng từ 0, không phải giảm."),
    "sum_count": ("Summed across {n} unit(s): {count}", "Cộng {n} đơn vị: {count}"),
    "sum_cap": ("{records} record(s) across {n} unit(s), {broken} over the cap",
                "{records} bản ghi của {n} đơn vị, {broken} bản ghi vượt giới hạn"),
    "sum_cap_minimum": ("{records} record(s) across {n} unit(s), {broken} below the minimum",
                        "{records} bản ghi của {n} đơn vị, {broken} bản ghi thấp hơn mức tối thiểu"),
    "sum_cap_none": ("No such record in {n} unit(s) (counts of 0).",
                     "{n} đơn vị không có bản ghi nào như vậy (số lượng 0)."),
    "lone_value": ("{unit}, its only unit, reported the value itself: {value}.",
                   "{unit}, đơn vị duy nhất, tự báo cáo giá trị: {value}."),
    "deadline_counts": ("Of {n} unit(s): {counts}.", "Trong {n} đơn vị: {counts}."),
    "partial_value": ("(partial: {counted} of {bound} units)", "(tạm tính: {counted}/{bound} đơn vị)"),
    "counted": ("Counted {counted} of {bound} unit(s).", "Đã tính {counted}/{bound} đơn vị."),
    "not_counted": ("Not counted: {units}.", "Chưa tính: {units}."),
    "failing": ("Not met in: {units}.", "Không đạt tại: {units}."),
    "reason_unknown": ("unknown: facts missing", "chưa rõ: thiếu số liệu"),
    "reason_not_yet": ("nothing reported yet", "chưa báo cáo"),
    "reason_value_only": ("a value without its counts", "chỉ báo cáo giá trị, không có số liệu"),
})

_SYMBOL = {Comparator.AT_LEAST: "≥", Comparator.AT_MOST: "≤"}
# A violation breaks the comparator: a value over a cap, under a floor.
_BROKEN = {Comparator.AT_LEAST: "<", Comparator.AT_MOST: ">"}


def _word(key: str, lang: str, **args: str) -> str:
    english, vietnamese = _WORDS[key]
    return (vietnamese if lang == "vi" else english).format(**args)


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of: {', '.join(LANGUAGES)}")


def _explain(v: Verdict, lang: str) -> str:
    """`v.explain(lang)`, but a sentence whose template is missing or broken shows as its key and arguments.

    A report read from a file may name templates this version does not have;
    it is still displayed rather than refused.
    """
    sentences = []
    for sentence in v.explanation:
        try:
            sentences.append(sentence.text(lang))
        except (KeyError, IndexError, ValueError, AttributeError, TypeError):
            args = ", ".join(
                f"{name}={(value[1] if lang == 'vi' else value[0]) if isinstance(value, tuple) else value}"
                for name, value in sentence.args
            )
            sentences.append(f"[{sentence.key}{f': {args}' if args else ''}]")
    return " ".join(sentences)


def _value_text(v: Verdict, lang: str) -> str | None:
    """The measured value ("55%", "2"), and for a deadline the day it was delivered; None when neither."""
    parts = []
    if v.value is not None:
        parts.append(_show(v.value, v.value_unit, lang))
    if v.delivered is not None:
        parts.append(_word("delivered", lang, date=show_date(v.delivered)))
    return ", ".join(parts) or None


def _amount(v: Verdict, lang: str) -> str | None:
    """The threshold as a number ("60%", "0.5 days"); None when the verdict has none."""
    return None if v.threshold is None else _show(v.threshold.fraction, v.threshold.unit, lang)


def _dates(v: Verdict, lang: str) -> list[str]:
    parts = []
    if v.due is not None:
        parts.append(_word("due", lang, date=show_date(v.due)))
    if v.last_day is not None and v.last_day != v.due:
        parts.append(_word("last_day", lang, date=show_date(v.last_day)))
    return parts


def _threshold_text(v: Verdict, lang: str) -> str | None:
    """"≥ 60%", "≤ 0.5 days (quán_triệt)", "due 05/12/2026, last day 04/12/2026"; None when there is none."""
    parts = []
    amount = _amount(v, lang)
    if amount is not None:
        parts.append(f"{_SYMBOL[v.comparator]} {amount}" if v.comparator is not None else amount)
    parts += _dates(v, lang)
    text = ", ".join(parts)
    if v.category is not None:
        text = f"{text} ({v.category})" if text else f"({v.category})"
    return text or None


def _comparison(v: Verdict, lang: str) -> str:
    """The value against the threshold, as the text report shows it: "66.67% ≥ 60%", "55%, needs ≥ 60%",
    "? ≤ 1 day" (`verdicts.compared`: it reads true whatever the verdict)."""
    parts = []
    amount = _amount(v, lang)
    if amount is not None:
        value = _show(v.value, v.value_unit, lang) if v.value is not None else "?"
        if v.comparator is None:
            parts.append(f"{value} {_word('versus', lang)} {amount}")
        else:
            kept = v.value is None or v.threshold is None or holds(v.value, v.comparator, v.threshold.fraction)
            parts.append(compared(value, v.comparator, amount, kept, lang))
    elif v.value is not None:
        parts.append(_show(v.value, v.value_unit, lang))
    if v.category is not None:
        parts[-1:] = [f"{parts[-1]} ({v.category})" if parts else f"({v.category})"]
    if v.delivered is not None:
        parts.append(_word("delivered", lang, date=show_date(v.delivered)))
    parts += _dates(v, lang)
    return " · ".join(parts)


def _against(a: Aggregate, lang: str) -> str:
    """": 63.33% ≥ 60%." (or ": 50.5%, needs ≥ 60%.") after a sum; "." when there is no value or threshold."""
    if a.value is None or a.threshold is None or a.comparator is None:
        return "."
    value, limit = _show(a.value, a.value_unit, lang), _show(a.threshold.fraction, a.threshold.unit, lang)
    return f": {compared(value, a.comparator, limit, holds(a.value, a.comparator, a.threshold.fraction), lang)}."


def _aggregate_sentences(a: Aggregate, lang: str) -> list[str]:
    """What the parent's figures are, how much of the group they cover, and where the rule is not met."""
    out: list[str] = []
    n = len(a.coverage.counted)
    if a.kind is RuleKind.DEADLINE:
        counts = [f"{x.value} {Status(x.name).label(lang)}" for x in a.figures if x.value]
        out.append(_word("deadline_counts", lang, n=str(len(a.coverage.bound)), counts=", ".join(counts)))
    elif not a.figures and a.value is not None and n == 1:
        out.append(_word("lone_value", lang, unit=a.coverage.counted[0], value=_show(a.value, a.value_unit, lang)))
    elif a.figures and a.kind is RuleKind.SHARE:
        text = _word("sum_share", lang, n=str(n), part=str(a.figure("part")), whole=str(a.figure("whole")))
        if a.figure("excluded"):
            text += " " + _word("sum_excluded", lang, excluded=str(a.figure("excluded")))
        out.append(text + (f": {_word('share_undefined', lang)}" if a.figure("whole") == 0 else _against(a, lang)))
    elif a.figures and a.kind is RuleKind.CUT:
        text = _word("sum_cut", lang, n=str(n), baseline=str(a.figure("baseline")), current=str(a.figure("current")),
                     period=a.period or "")
        if a.figure("baseline") == 0:
            text += ": " + _word("cut_zero_both" if a.figure("current") == 0 else "cut_from_zero", lang)
        else:
            text += _against(a, lang)
        out.append(text)
    elif a.figures and a.kind is RuleKind.COUNT:
        out.append(_word("sum_count", lang, n=str(n), count=str(a.figure("count"))) + _against(a, lang))
    elif a.figures and a.kind is RuleKind.CAP:
        if a.figure("records") is None:
            out.append(_word("sum_cap_none", lang, n=str(n)))
        else:
            key = "sum_cap_minimum" if a.comparator is Comparator.AT_LEAST else "sum_cap"  # a floor is broken below
            out.append(_word(key, lang, n=str(n), records=str(a.figure("records")),
                             broken=str(a.figure("broken"))) + _against(a, lang))
    if a.coverage.missing:
        out.append(_word("counted", lang, counted=str(n), bound=str(len(a.coverage.bound))))
        gaps = [f"{g.unit} ({_word('reason_' + g.reason, lang)})" if g.reason in REASONS else g.unit
                for g in a.coverage.missing]
        out.append(_word("not_counted", lang, units=_named(gaps)))
    elif a.kind is not RuleKind.DEADLINE:
        out.append(_word("counted", lang, counted=str(n), bound=str(len(a.coverage.bound))))
    if a.failing and (a.kind is RuleKind.DEADLINE or len(a.coverage.bound) > 1):
        out.append(_word("failing", lang, units=_named(a.failing)))
    return out


def _partial(a: Aggregate, lang: str) -> str | None:
    """"(partial: 2 of 3 units)" when `a` has a value that leaves bound units out; else None."""
    if a.value is None or a.coverage.complete or a.kind is RuleKind.DEADLINE:
        return None
    return _word("partial_value", lang, counted=str(len(a.coverage.counted)), bound=str(len(a.coverage.bound)))


def _aggregate_comparison(a: Aggregate, v: Verdict, lang: str) -> str:
    text = _comparison(v, lang)
    partial = _partial(a, lang)
    return f"{text} {partial}" if partial else text


_MAX_NAMED = 12  # units named in a line of the text and Markdown roll-up; the data names them all


def _named(names: Sequence[str]) -> str:
    """`names` joined, the first `_MAX_NAMED` of them, then how many more: a province has hundreds of communes."""
    shown = ", ".join(names[:_MAX_NAMED])
    return shown + (f", … (+{len(names) - _MAX_NAMED})" if len(names) > _MAX_NAMED else "")


def _rollup_heading(rollup: RollUp, lang: str) -> str:
    head = _word("rollup_by", lang, by=rollup.by, plan=rollup.plan) if rollup.by is not None else \
        _word("rollup", lang, plan=rollup.plan)
    return f"{head}, {_word('as_of', lang, date=show_date(rollup.as_of))}"


def _status_text(v: Verdict, lang: str) -> str:
    label = v.status.label(lang)
    if v.on_track is not None:
        label += f" ({_word('on_track' if v.on_track else 'off_track', lang)})"
    return label


def _violation_text(v: Verdict, x: Violation, lang: str) -> str:
    broken = _BROKEN.get(v.comparator, ">") if v.comparator is not None else ">"
    text = f"{x.record}: {_show(x.value, v.value_unit, lang)} {broken} {_show(x.limit, v.value_unit, lang)}"
    if x.category is not None:
        text += f" ({x.category})"
    if x.origin is not None:
        text += f" — {x.origin}"
    return text


def _where(v: Verdict, lang: str) -> list[str]:
    """Where the verdict's clause is: its place in the `.plan` file and in the seed document."""
    parts = []
    if v.at is not None:
        parts.append(_word("at", lang, at=v.at))
    if v.source is not None:
        source = str(v.source)
        if v.source.document is None and v.document is not None:
            source = f"{v.document}:{source}"
        parts.append(_word("source", lang, source=source))
    elif v.document is not None:
        parts.append(_word("source", lang, source=v.document))
    return parts


_PERIOD = re.compile(
    r"(?P<year>\d{4})(?:-(?:(?P<month>\d{2})(?:-(?P<day>\d{2}))?|H(?P<half>[12])|Q(?P<quarter>[1-4])))?"
)
_ROMAN = ("I", "II", "III", "IV")


def _period_text(period: str | None, lang: str) -> str | None:
    """A period key ("once", "2026-05", "2026-H1", "2026-Q4", an event's ISO date) in the report's words.

    The key stays as it is in the data (TOML, JSON, scenarios); a key this
    version does not know is shown as it is.
    """
    if period == "once":
        return _word("period_once", lang)
    match = _PERIOD.fullmatch(period or "")
    if match is None or period is None:
        return period
    year, month, day = match["year"], match["month"], match["day"]
    if day is not None:
        return f"{day}/{month}/{year}"
    if month is not None:
        return _word("period_month", lang, month=month, year=year)
    if match["half"] is not None:
        return _word(f"period_half_{match['half']}", lang, year=year)
    if match["quarter"] is not None:
        return _word("period_quarter", lang, quarter=_ROMAN[int(match["quarter"]) - 1], year=year)
    return period


def _heading(report: Report, lang: str) -> str:
    return f"{_word('report', lang, plan=report.plan)}, {_word('as_of', lang, date=show_date(report.as_of))}"


def _preamble(report: Report, lang: str) -> list[str]:
    """The lines under the heading and title: the date used and where it came from, and the parents left out."""
    lines = [_word(f"date_{report.as_of_from}", lang, date=show_date(report.as_of))]
    if report.missing_parents:
        lines.append(_word("missing_parents", lang, plans=", ".join(report.missing_parents)))
    return lines


# ============================================================ markdown --


_MD_ESCAPES = str.maketrans({
    "\\": "\\\\", "|": "\\|",  # a table cell ends at a pipe
    "&": "&amp;", "<": "&lt;",  # no HTML: a tag or an entity in a plan's text is shown, not obeyed
    "[": "\\[", "]": "\\]",  # no links or images
})


def _md(text: str, newline: str = "<br>") -> str:
    """`text` inert inside a Markdown table cell or a one-line item.

    Backslashes, pipes and brackets are escaped, `&` and `<` written as
    entities (so no HTML, link or image is made of a plan's text), control
    characters replaced as in the text report, and line breaks become `newline`.
    """
    text = _clean(text.replace("\r\n", "\n").replace("\r", "\n")).translate(_MD_ESCAPES)
    return newline.join(text.split("\n"))


def _md_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _md_table(header: list[str], aligns: list[str], rows: list[list[str]]) -> list[str]:
    rule = {"left": "---", "right": "---:"}
    return [_md_row(header), _md_row(rule[a] for a in aligns), *(_md_row(r) for r in rows)]


def to_markdown(report: Report, lang: str = "en", *, rollup: RollUp | None = None) -> str:
    """The report as GitHub-flavoured Markdown: a summary table, then a table of verdicts per unit.

    A `rollup` follows them (`rollup_to_markdown`).
    """
    _check_lang(lang)
    dash = "—"
    out = [f"# {_md(_heading(report, lang), ' ')}", ""]
    if report.title is not None:
        out += [_md(report.title), ""]
    out += [line for said in _preamble(report, lang) for line in (_md(said), "")]

    statuses = list(Status)
    out += [f"## {_word('summary', lang)}", ""]
    header = [_word("unit", lang), *(s.label(lang) for s in statuses), _word("total", lang)]
    rows = []
    for unit, counts in _counts(report).items():
        numbers = [counts[s] for s in statuses]
        rows.append([_md(unit), *map(str, numbers), str(sum(numbers))])
    totals = _totals(_counts(report))
    numbers = [totals[s] for s in statuses]
    rows.append([f"**{_word('total_row', lang)}**", *(f"**{n}**" for n in numbers), f"**{sum(numbers)}**"])
    out += _md_table(header, ["left"] + ["right"] * (len(statuses) + 1), rows)

    if not report.verdicts:
        out += ["", _word("no_verdicts", lang)]
    columns = ["clause", "rule", "period", "status", "value", "threshold", "explanation"]
    for unit in _units(report):
        verdicts = [v for v in report.verdicts if v.unit == unit]
        if not verdicts:
            continue
        out += ["", f"## {_md(unit, ' ')}", ""]
        rows = []
        for group in _restatements(verdicts):
            v = group[0]
            explanation = " ".join([_explain(v, lang), *_inherited(group, lang)]).strip()
            clauses, rules = _cited(group)
            cells = [
                clauses,
                rules,
                _period_text(v.period, lang),
                _status_text(v, lang),
                _value_text(v, lang),
                _threshold_text(v, lang),
                explanation,
            ]
            rows.append([dash if c is None or c == "" else _md(c) for c in cells])
        out += _md_table([_word(c, lang) for c in columns], ["left"] * len(columns), rows)
        for v in (group[0] for group in _restatements(verdicts)):  # a restated measure's violations once
            if v.violations:
                out += ["", f"**{_md(_word('violations_of', lang, rule=v.rule))}**", ""]
                out += [f"- {_md(_violation_text(v, x, lang))}" for x in v.violations]
    text = "\n".join(out) + "\n"
    if rollup is not None:
        text += "\n" + rollup_to_markdown(rollup, lang)
    return text


def rollup_to_markdown(rollup: RollUp, lang: str = "en") -> str:
    """The roll-up as Markdown sections: a summary table per group, then a table of aggregates per group."""
    _check_lang(lang)
    dash = "—"
    out = [f"## {_md(_rollup_heading(rollup, lang), ' ')}", ""]
    statuses = list(Status)
    header = [_word("group", lang), *(s.label(lang) for s in statuses), _word("total", lang)]
    rows = []
    counts_of = _rollup_counts(rollup)
    for group, counts in counts_of.items():
        numbers = [counts[s] for s in statuses]
        rows.append([_md(group), *map(str, numbers), str(sum(numbers))])
    totals = _totals(counts_of)
    numbers = [totals[s] for s in statuses]
    rows.append([f"**{_word('total_row', lang)}**", *(f"**{n}**" for n in numbers), f"**{sum(numbers)}**"])
    out += _md_table(header, ["left"] + ["right"] * (len(statuses) + 1), rows)
    if not rollup.aggregates:
        out += ["", _word("no_aggregates", lang)]
    columns = ["clause", "rule", "period", "status", "value", "threshold", "explanation"]
    for group in rollup.groups:
        aggregates = rollup.of_group(group.name)
        out += ["", f"### {_md(group.name, ' ')}", ""]
        out += [_md(_word("group_units", lang, n=str(len(group.units)), units=_named(group.units))), ""]
        if not aggregates:
            continue
        table = []
        for stated in _restatements(aggregates, _aggregate_measure):
            a, v = stated[0], _as_verdict(stated[0])
            explanation = " ".join([*_aggregate_sentences(a, lang),
                                    *_inherited([_as_verdict(x) for x in stated], lang)]).strip()
            value = _value_text(v, lang)
            partial = _partial(a, lang)
            clauses, rules = _cited([_as_verdict(x) for x in stated])
            cells = [clauses, rules, _period_text(a.period, lang), _status_text(v, lang),
                     f"{value} {partial}" if partial else value,
                     _threshold_text(v, lang), explanation]
            table.append([dash if c is None or c == "" else _md(c) for c in cells])
        out += _md_table([_word(c, lang) for c in columns], ["left"] * len(columns), table)
        for a in (group[0] for group in _restatements(aggregates, _aggregate_measure)):
            if a.violations:
                out += ["", f"**{_md(_word('violations_of', lang, rule=a.rule))}**", ""]
                out += [f"- {_md(text)}" for text in _unit_violations(a, lang)]
    return "\n".join(out) + "\n"


# ================================================================ text --


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    """Columns `text` takes on a terminal: wide (CJK) characters count two, combining marks none."""
    return sum(_char_width(ch) for ch in text)


def _clean(text: str) -> str:
    """`text` without control characters a terminal would obey (escape sequences); whitespace stays."""
    return "".join(
        "\ufffd" if unicodedata.category(ch) == "Cc" and not ch.isspace() else ch for ch in text
    )


def _words(text: str) -> list[str]:
    return _clean(text).split()


def _wrap(words: list[str], width: int, indent: str = "", next_indent: str | None = None) -> list[str]:
    """Fill lines of at most `width` columns with `words`, breaking only between words.

    A word wider than a line gets a line of its own (it is never cut).
    """
    next_indent = indent if next_indent is None else next_indent
    lines: list[str] = []
    line, used, empty = indent, text_width(indent), True
    for word in words:
        size = text_width(word)
        if not empty and used + 1 + size > width:
            lines.append(line)
            line, used, empty = next_indent, text_width(next_indent), True
        if not empty:
            line += " "
            used += 1
        line += word
        used += size
        empty = False
    if not empty:
        lines.append(line)
    return lines


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - text_width(text))
    return gap + text if right else text + gap


_COLORS = {
    Status.MET: "\x1b[32m",
    Status.NOT_MET: "\x1b[31m",
    Status.PENDING: "\x1b[33m",
    Status.UNKNOWN: "\x1b[33m",
}
_RESET = "\x1b[0m"


def _two_line_width(label: str) -> int:
    """The narrowest column in which `label` wraps to at most two lines."""
    words = _words(label)
    size = max((text_width(w) for w in words), default=0)
    while len(_wrap(words, size)) > 2:
        size += 1
    return size


def _summary_lines(report: Report, lang: str, width: int) -> list[str]:
    """The summary as a table: a row per unit, a column per status and the total."""
    counts = _counts(report)
    return _status_table(counts, _totals(counts), _word("unit", lang), lang, width)


def _status_table(counts: Mapping[str, Mapping[Status, int]], totals: Mapping[Status, int], head: str,
                  lang: str, width: int) -> list[str]:
    """A table of a row per name (`head` above them), a column per status and the total, and a total row.

    Column heads wrap to two lines, and names to several, when that is
    what it takes to fit `width`; when nothing fits, `_summary_as_list`.
    """
    statuses = list(Status)
    labels = [s.label(lang) for s in statuses] + [_word("total", lang)]
    rows = [(name, [c[s] for s in statuses]) for name, c in counts.items()]
    rows.append((_word("total_row", lang), [totals[s] for s in statuses]))
    rows = [(name, [*numbers, sum(numbers)]) for name, numbers in rows]
    digits = [max(len(str(n)) for n in column) for column in zip(*(numbers for _, numbers in rows))]

    names = [_words(name) for name, _ in rows] + [_words(head)]
    longest_name = max(text_width(" ".join(n)) for n in names)
    longest_word = max((text_width(w) for n in names for w in n), default=0)

    def layout(head_width: Callable[[str], int]) -> tuple[list[int], int]:
        columns = [max(head_width(label), d) for label, d in zip(labels, digits)]
        return columns, width - sum(columns) - 2 * len(columns)

    one_line, room_one = layout(text_width)
    two_lines, room_two = layout(_two_line_width)
    if room_one >= longest_name:
        columns, room = one_line, room_one
    elif room_two >= longest_name:
        columns, room = two_lines, room_two
    elif room_one >= max(longest_word, 16):
        columns, room = one_line, room_one
    elif room_two >= max(longest_word, 8):
        columns, room = two_lines, room_two
    else:
        return _summary_as_list(rows, labels, width)
    unit_width = min(room, longest_name)

    def line(name: str, cells: list[str]) -> str:
        parts = [_pad(name, unit_width)] + [_pad(c, w, right=True) for c, w in zip(cells, columns)]
        return "  ".join(parts).rstrip()

    def block(name_lines: list[str], cells: list[list[str]], bottom: bool) -> list[str]:
        height = max(len(name_lines), *(len(c) for c in cells))

        def fill(lines: list[str]) -> list[str]:
            gap = [""] * (height - len(lines))
            return gap + lines if bottom else lines + gap

        name_lines, cells = fill(name_lines), [fill(c) for c in cells]
        return [line(name_lines[i], [c[i] for c in cells]) for i in range(height)]

    heads = [[label] if text_width(label) <= w else _wrap(_words(label), w) for label, w in zip(labels, columns)]
    out = block(_wrap(_words(head), unit_width), heads, bottom=True)
    rule = "-" * (unit_width + sum(columns) + 2 * len(columns))
    out.append(rule)
    for i, (name, numbers) in enumerate(rows):
        if i == len(rows) - 1:
            out.append(rule)
        out += block(_wrap(_words(name), unit_width), [[str(n)] for n in numbers], bottom=False)
    return out


def _summary_as_list(rows: list[tuple[str, list[int]]], labels: list[str], width: int) -> list[str]:
    """The summary when no table fits: each unit's name, then its counts, wrapped."""
    out: list[str] = []
    for name, numbers in rows:
        out += _wrap(_words(name), width)
        counts = [f"{label}: {n}" for label, n in zip(labels, numbers)]
        out += _wrap([f"{c}," for c in counts[:-1]] + counts[-1:], width, "    ")
    return out


def to_text(report: Report, lang: str = "en", width: int = 80, *, color: bool = False,
            rollup: RollUp | None = None) -> str:
    """The report for a terminal of `width` columns: the summary table, then each unit's verdicts.

    Each verdict is a line with its status, clause, period and rule, then,
    indented, its value against its threshold ("55% ≥ 60%"), its explanation
    wrapped to the width, where it was inherited from, its violations, and
    where its clause is. Lines are broken only between words: a line is
    wider than `width` only when it holds a single word wider than that.
    `color` marks statuses with ANSI colours (green met, red not met,
    yellow pending and unknown). A `rollup` follows the units' verdicts
    (`rollup_to_text`).
    """
    _check_lang(lang)
    if width < MIN_WIDTH:
        raise ValueError(f"width {width} is too narrow for a report; the least is {MIN_WIDTH}")
    out = _wrap(_words(_heading(report, lang)), width)
    if report.title is not None:
        out += _wrap(_words(report.title), width)
    out += [line for said in _preamble(report, lang) for line in _wrap(_words(said), width)]
    out.append("")
    out += _summary_lines(report, lang, width)
    if not report.verdicts:
        out += ["", _word("no_verdicts", lang)]
    for unit in _units(report):
        verdicts = [v for v in report.verdicts if v.unit == unit]
        if not verdicts:
            continue
        name = _wrap(_words(unit), width) or [""]
        out += ["", *name, "=" * max(1, min(width, max(text_width(n) for n in name)))]
        for group in _restatements(verdicts):
            out += _verdict_lines(group[0], _explain(group[0], lang), lang, width, color, also=group[1:])
    text = "\n".join(out) + "\n"
    if rollup is not None:
        text += "\n" + rollup_to_text(rollup, lang, width, color=color)
    return text


def _verdict_lines(v: Verdict, explanation: str, lang: str, width: int, color: bool,
                   violations: Sequence[str] | None = None, comparison: str | None = None,
                   also: Sequence[Verdict] = ()) -> list[str]:
    """One verdict (or an aggregate shown as one): its head line, then its details, indented.

    `violations` replaces the text of each of `v.violations` (an aggregate's name their units),
    `comparison` the value against the threshold; `also` are verdicts restating `v`'s measure in
    other clauses (`_restatements`): every clause is cited, and where each one is.
    """
    detail = "    "
    group = (v, *also)
    clauses, rules = _cited(group)
    # the status label is one unbreakable word, so that it starts the first line whole
    label = f"[{_status_text(v, lang)}]"
    head = [label, *_words(clauses if clauses is not None else rules)]
    if v.period is not None:
        head += ["·", *_words(_period_text(v.period, lang) or "")]
    if clauses is not None:
        head += _words(f"({rules})")
    lines = _wrap(head, width, "", detail)
    if color and v.status in _COLORS:
        lines[0] = _COLORS[v.status] + label + _RESET + lines[0][len(label) :]
    out = lines
    out += _wrap(_words(_comparison(v, lang) if comparison is None else comparison), width, detail)
    out += _wrap(_words(explanation), width, detail)
    for inherited in _inherited(group, lang):
        out += _wrap(_words(inherited), width, detail)
    if v.violations:
        out += _wrap([_word("violations", lang) + ":"], width, detail)
        texts = violations if violations is not None else [_violation_text(v, x, lang) for x in v.violations]
        for text in texts:
            out += _wrap(["-", *_words(text)], width, detail + "  ", detail + "    ")
    for stated in group:
        where: list[str] = []
        for i, part in enumerate(_where(stated, lang)):
            words = _words(part)  # "at" and "source" (tại, nguồn) are one word: keep each with its value
            words[:2] = [" ".join(words[:2])]
            if i:
                where[-1] += " ·"
            where += words
        out += _wrap(where, width, detail)
    return out


def _cited(group: Sequence[Verdict]) -> tuple[str | None, str]:
    """The clauses a measure is stated in ("I.2.a, II.4.b-1"; None when none has one) and their rules."""
    clauses = [v.clause for v in group if v.clause is not None]
    rules = ", ".join(v.rule for v in group) if clauses else group[0].rule
    if clauses and len(clauses) < len(group):  # a rule without a clause is cited by its rule id
        clauses = [v.clause if v.clause is not None else v.rule for v in group]
    return (", ".join(clauses) if clauses else None), rules


def _inherited(group: Sequence[Verdict], lang: str) -> list[str]:
    """"Inherited from P." once for each parent plan a verdict of `group` comes from."""
    parents = dict.fromkeys(v.inherited_from for v in group if v.inherited_from is not None)
    return [_word("inherited", lang, plan=parent) for parent in parents]


def _unit_violations(a: Aggregate, lang: str) -> list[str]:
    v = _as_verdict(a)
    return [f"{x.unit}: {_violation_text(v, x.violation, lang)}" for x in a.violations]


def rollup_to_text(rollup: RollUp, lang: str = "en", width: int = 80, *, color: bool = False) -> str:
    """The roll-up for a terminal: a summary per group, then each group's aggregates.

    Each aggregate is laid out as a unit's verdict is (status, clause,
    period, rule; the value against the threshold), then what was summed,
    the coverage (how many of the bound units were counted, and which were
    not, and why), the units where the rule is not met, and violations with
    their units.
    """
    _check_lang(lang)
    if width < MIN_WIDTH:
        raise ValueError(f"width {width} is too narrow for a report; the least is {MIN_WIDTH}")
    heading = _wrap(_words(_rollup_heading(rollup, lang)), width)
    out = [*heading, "=" * max(1, min(width, max(text_width(h) for h in heading))), ""]
    counts = _rollup_counts(rollup)
    out += _status_table(counts, _totals(counts), _word("group", lang), lang, width)
    if not rollup.aggregates:
        out += ["", _word("no_aggregates", lang)]
    for group in rollup.groups:
        aggregates = rollup.of_group(group.name)
        name = _wrap(_words(group.name), width) or [""]
        out += ["", *name, "-" * max(1, min(width, max(text_width(n) for n in name)))]
        out += _wrap(_words(_word("group_units", lang, n=str(len(group.units)), units=_named(group.units))), width)
        for stated in _restatements(aggregates, _aggregate_measure):
            a, v = stated[0], _as_verdict(stated[0])
            explanation = " ".join(_aggregate_sentences(a, lang))
            out += _verdict_lines(v, explanation, lang, width, color, _unit_violations(a, lang),
                                  _aggregate_comparison(a, v, lang), also=[_as_verdict(x) for x in stated[1:]])
    return "\n".join(out) + "\n"

