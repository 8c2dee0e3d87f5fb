"""Reports as data for other programs: TOML and JSON, written and read back.

`to_toml` / `to_json` write a `Report` (see `verdicts`); `from_toml` /
`from_json` read it back into an equal `Report` (`from_toml(to_toml(r)) == r`
for every report). The reports for people are `text` and `markdown`;
`render.render` picks a format by name.

The data mapping (`report_to_dict` / `report_from_dict`) is the one TOML and
JSON share:

- numbers stay exact: a `Fraction` is the string "3/5" ("-7", "12"); a
  figure that is an `int` stays an integer (a string beyond 64 bits);
- dates are `datetime.date` in the dict, so TOML writes real dates; JSON
  writes ISO strings ("2026-12-31"); both are read back;
- a target's verdict names its `metric`, a deadline's its `label` (as the
  plan writes it: `thời hạn "hàng tháng": ...`), each under its own key;
  the report's `metric_labels` ({metric, label}), `event_labels` ({event, label}), `record_labels`
  ({kind, field, category, label}: a record kind's, a field's or a category's label) and `clause_texts`
  (each cited clause's words, in the plan or in the parent plan it is
  inherited from: {clause, text, inherited_from, file, line, source}, see
  docs/evaluation.md) let a reader show the plan's words rather than its
  identifiers;
  a joint deliverable's verdict lists every lead (`leads`) and those whose
  delivery answered it (`answered_by`);
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
  ignored when reading. `explain=False` leaves every explanation out (a
  national report's verdicts carry their exact values without their
  wording: `planrules eval --no-explain`); such a report reads back with
  explanations empty.

`json_chunks` writes the JSON text verdict by verdict, in pieces, the same
bytes as `to_json`: the command line streams a national report so.

Unknown keys are ignored when reading, so a newer writer's extra fields do
not break an older reader; a missing or ill-typed field raises `ValueError`
naming it (``verdicts[3].status: ...``).

A roll-up (`rollup.RollUp`: the verdicts summed up to parent units, see
`rollup`) is written with the report it was computed from: every writer takes
`rollup=`, and the data gets a `rollup` table beside `verdicts` — the grouping
(`by`), the groups and their units, and an `aggregates` list shaped like the
verdicts (same field names and conventions) plus each one's `group`,
`coverage` (`bound`, `counted`, `missing` as ``{unit, status, reason}``) and
`failing` units; violations name their `unit`. Several roll-ups (one per
level: `--group-by tỉnh --group-by quốc_gia`) make `rollup` an array of such
tables, in the order asked. `from_toml` / `from_json` still read the unit
level; `rollups_from_toml` / `rollups_from_json` read every roll-up of the
same document (none when it has none), losslessly, and `rollup_from_toml` /
`rollup_from_json` the first (None when there is none).
"""

from __future__ import annotations

import datetime as _dt
import json
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from enum import Enum
from fractions import Fraction
from typing import Any, TypeVar

import tomli_w

from ..evaluation.rollup import REASONS, Aggregate, Coverage, Gap, Group, RollUp, UnitViolation
from ..evaluation.verdicts import ClauseText, Explanation, Figure, Report, RuleKind, Status, Verdict, Violation
from ..language.model import Comparator, Quantity, QuantityUnit, SourceRef, WhenNone
from .phrases import (aggregate_sentences, as_verdict, counts_by_unit, explain, restated_rules, rollup_counts,
                      show_value, threshold_text, totals_of)

__all__ = [
    "from_json",
    "from_toml",
    "json_chunks",
    "report_from_dict",
    "report_to_dict",
    "rollup_from_dict",
    "rollup_from_json",
    "rollup_from_toml",
    "rollup_to_dict",
    "rollups_from_json",
    "rollups_from_toml",
    "to_json",
    "to_toml",
]

AS_OF_FROM = ("given", "clock")  # where a report's date came from: the caller, or today in Viet Nam


_INT64 = 2**63


def report_to_dict(report: Report, rollup: RollUp | Sequence[RollUp] | None = None, *,
                   explain: bool = True) -> dict[str, Any]:
    """`report` (and its `rollup`, or several, when given) as plain data (str, int, bool, date, list, dict) for TOML
    and JSON; without the explanations (of verdicts and aggregates) when `explain` is False."""
    out = _head(report)
    out["verdicts"] = list(_verdict_dicts(report, explain))
    rollups = _rollups(rollup)
    if len(rollups) == 1:
        out["rollup"] = rollup_to_dict(rollups[0], explain=explain)
    elif rollups:
        out["rollup"] = [rollup_to_dict(r, explain=explain) for r in rollups]
    return out


def _rollups(rollup: RollUp | Sequence[RollUp] | None) -> tuple[RollUp, ...]:
    return (rollup,) if isinstance(rollup, RollUp) else tuple(rollup or ())


def _head(report: Report) -> dict[str, Any]:
    """Everything of `report_to_dict` but its verdicts and roll-ups."""
    out: dict[str, Any] = {"plan": report.plan}
    _put(out, "title", report.title)
    out["as_of"] = report.as_of
    out["as_of_from"] = report.as_of_from
    _put(out, "missing_parents", list(report.missing_parents))
    out["units"] = list(report.units)
    if report.labels:
        out["labels"] = [{"unit": unit, "label": label} for unit, label in report.labels]
    if report.metric_labels:
        out["metric_labels"] = [{"metric": name, "label": label} for name, label in report.metric_labels]
    if report.clause_texts:
        out["clause_texts"] = [_clause_text_to_dict(c) for c in report.clause_texts]
    if report.event_labels:
        out["event_labels"] = [{"event": name, "label": label} for name, label in report.event_labels]
    if report.record_labels:
        out["record_labels"] = [_record_label_to_dict(*entry) for entry in report.record_labels]
    counts = counts_by_unit(report)
    out["summary"] = {
        "total": _status_counts(totals_of(counts)),
        "units": [{"unit": unit, **_status_counts(c)} for unit, c in counts.items()],
    }
    return out


def _verdict_dicts(report: Report, explain: bool) -> Iterator[dict[str, Any]]:
    """Each verdict of `report` as data, one at a time (a national report's are never all held as dicts)."""
    restates = restated_rules(report.verdicts)
    for v in report.verdicts:
        yield _verdict_to_dict(v, restates.get(id(v)), explain)


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
        labels=tuple((x.text("unit"), x.text("label")) for x in r.tables("labels")),
        metric_labels=tuple((x.text("metric"), x.text("label")) for x in r.tables("metric_labels")),
        clause_texts=tuple(_clause_text_from(x) for x in r.tables("clause_texts")),
        event_labels=tuple((x.text("event"), x.text("label")) for x in r.tables("event_labels")),
        record_labels=tuple((x.text("kind"), x.text("field", ""), x.text("category", ""), x.text("label"))
                            for x in r.tables("record_labels")),
    )


def _record_label_to_dict(kind: str, field: str, category: str, label: str) -> dict[str, str]:
    """{kind, field, category, label}: a kind's own label without `field` and `category`, a field's without
    `category` (`Report.record_labels` keeps them as "")."""
    out = {"kind": kind}
    _put(out, "field", field or None)
    _put(out, "category", category or None)
    out["label"] = label
    return out


def _as_of_from(r: "_Reader") -> str:
    """Where the report's date came from: "given" or "clock" ("given" when an older writer left it out)."""
    value = r.text("as_of_from", "given")
    if value not in AS_OF_FROM:
        raise r.fail("as_of_from", f"expected one of {', '.join(AS_OF_FROM)}, not {value!r}")
    return value


def to_toml(report: Report, rollup: RollUp | Sequence[RollUp] | None = None, *, explain: bool = True) -> str:
    return tomli_w.dumps(report_to_dict(report, rollup, explain=explain))


def from_toml(text: str) -> Report:
    return report_from_dict(_toml_document(text))


def to_json(report: Report, rollup: RollUp | Sequence[RollUp] | None = None, *, explain: bool = True) -> str:
    return "".join(json_chunks(report, rollup, explain=explain))


def json_chunks(report: Report, rollup: RollUp | Sequence[RollUp] | None = None, *, explain: bool = True,
                size: int = 1 << 16) -> Iterator[str]:
    """`to_json`'s text in pieces of about `size` characters, verdict by verdict (and aggregate by aggregate):
    the same bytes as `json.dumps(report_to_dict(…), indent=2, sort_keys=True)`, without the whole document (or
    every verdict's dict) in memory at once."""
    document: dict[str, Any] = _head(report)
    document["verdicts"] = _Streamed(_verdict_dicts(report, explain))
    rollups = [_rollup_dict(r, explain, streamed=True) for r in _rollups(rollup)]
    if rollups:
        document["rollup"] = rollups[0] if len(rollups) == 1 else rollups
    pending: list[str] = []
    held = 0
    for part in _streamed_json(document, 0):
        pending.append(part)
        held += len(part)
        if held >= size:
            yield "".join(pending)
            pending, held = [], 0
    pending.append("\n")
    yield "".join(pending)


class _Streamed:
    """A list written an item at a time (`_streamed_json`): its items are made as they are written."""

    def __init__(self, items: Iterable[Any]):
        self.items = items


def _has_streamed(value: object) -> bool:
    if isinstance(value, _Streamed):
        return True
    if isinstance(value, dict):
        return any(isinstance(v, _Streamed) for v in value.values())
    return isinstance(value, list) and any(_has_streamed(v) for v in value)


def _streamed_json(value: object, depth: int) -> Iterator[str]:
    """`value` as `json.dumps(…, indent=2, sort_keys=True)` writes it `depth` levels down, in pieces: a
    `_Streamed` list, and the dicts and lists holding one, written part by part."""
    if not _has_streamed(value):
        yield _json_at(value, depth)
        return
    inner = "\n" + "  " * (depth + 1)
    if isinstance(value, dict):
        for i, key in enumerate(sorted(value)):
            yield ("{" if i == 0 else ",") + inner + json.dumps(key, ensure_ascii=False) + ": "
            yield from _streamed_json(value[key], depth + 1)
        yield "\n" + "  " * depth + "}"
        return
    items = value.items if isinstance(value, _Streamed) else value
    empty = True
    for item in items:  # type: ignore[union-attr]
        yield "[" if empty else ","
        yield inner
        yield from _streamed_json(item, depth + 1)
        empty = False
    yield "[]" if empty else "\n" + "  " * depth + "]"


def _json_at(value: object, depth: int) -> str:
    """`value` as `json.dumps(…, indent=2)` writes it `depth` levels down (its line breaks indented so)."""
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=_json_default)
    return text.replace("\n", "\n" + "  " * depth) if depth else text  # a string's line breaks are escaped


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


def rollups_from_toml(text: str) -> tuple[RollUp, ...]:
    """Every roll-up a TOML report carries, in the order written (none when it carries none)."""
    return _rollups_of(_toml_document(text))


def rollups_from_json(text: str) -> tuple[RollUp, ...]:
    """Every roll-up a JSON report carries, in the order written (none when it carries none)."""
    return _rollups_of(_json_document(text))


def _rollup_of(data: Mapping[str, Any]) -> RollUp | None:
    found = _rollups_of(data)
    return found[0] if found else None


def _rollups_of(data: Mapping[str, Any]) -> tuple[RollUp, ...]:
    written = data.get("rollup")
    if written is None:
        return ()
    if isinstance(written, list):
        return tuple(rollup_from_dict(r) for r in written)
    return (rollup_from_dict(written),)


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


def _verdict_to_dict(v: Verdict, restates: str | None = None, explained: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "plan": v.plan,
        "unit": v.unit,
        "rule": v.rule,
        "kind": v.kind.value,
        "status": v.status.value,
    }
    _put_judgement(out, v, v)
    _put(out, "delivered", v.delivered)
    _put(out, "days_late", v.days_late)
    if v.leads:  # a joint deliverable: every lead, and who answered it
        out["leads"] = list(v.leads)
    if v.answered_by:
        out["answered_by"] = list(v.answered_by)
    _put_figures(out, v)
    if v.records:
        out["records"] = list(v.records)
    if v.violations:
        out["violations"] = [_violation_to_dict(x) for x in v.violations]
    if v.explanation and explained:
        out["explanation"] = [_explanation_to_dict(e) for e in v.explanation]
        out["explanation_en"] = explain(v, "en")
        out["explanation_vi"] = explain(v, "vi")
    _put(out, "inherited_from", v.inherited_from)
    if v.monitored_by:
        out["monitored_by"] = list(v.monitored_by)
    if v.source is not None:
        out["source"] = _source_to_dict(v.source)
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


def rollup_to_dict(rollup: RollUp, *, explain: bool = True) -> dict[str, Any]:
    """`rollup` as plain data for TOML and JSON (the `rollup` table of a report; see the module's docstring),
    without its explanations when `explain` is False."""
    return _rollup_dict(rollup, explain)


def _rollup_dict(rollup: RollUp, explain: bool, streamed: bool = False) -> dict[str, Any]:
    """`rollup_to_dict`; its aggregates made as they are written when `streamed` (`json_chunks`)."""
    out: dict[str, Any] = {"plan": rollup.plan}
    _put(out, "by", rollup.by)
    out["as_of"] = rollup.as_of
    summary = rollup_counts(rollup)
    labels = dict(rollup.labels)
    out["groups"] = [
        {"group": g.name, **({"label": labels[g.name]} if g.name in labels else {}), "units": list(g.units),
         "summary": _status_counts(summary[g.name])} for g in rollup.groups
    ]
    out["total"] = _status_counts(totals_of(summary))
    aggregates = (_aggregate_to_dict(a, explain) for a in rollup.aggregates)
    out["aggregates"] = _Streamed(aggregates) if streamed else list(aggregates)
    return out


def _put_judgement(out: dict[str, Any], x, shown: Verdict) -> None:
    """What a verdict and a roll-up's aggregate both say, from the clause to the last day, in that order.

    `x` is either; `shown` is the verdict whose threshold text is displayed (an
    aggregate's is built from it by `as_verdict`).
    """
    _put(out, "clause", x.clause)
    _put(out, "period", x.period)
    if x.value is not None:
        out["value"] = _fraction(x.value)
        out["value_display"] = show_value(x.value, x.value_unit, label=x.value_label)
    if x.value_unit is not QuantityUnit.NONE:
        out["value_unit"] = x.value_unit.value
    _put(out, "value_label", x.value_label)
    if x.comparator is not None:
        out["comparator"] = x.comparator.value
    if x.threshold is not None:
        threshold: dict[str, Any] = {"value": _fraction(x.threshold.value)}
        if x.threshold.unit is not QuantityUnit.NONE:
            threshold["unit"] = x.threshold.unit.value
        out["threshold"] = threshold
        if x.upper is not None:  # a range: its upper end
            upper: dict[str, Any] = {"value": _fraction(x.upper.value)}
            if x.upper.unit is not QuantityUnit.NONE:
                upper["unit"] = x.upper.unit.value
            out["upper"] = upper
        out["threshold_display"] = threshold_text(shown, "en")
    if x.when_none is not None:
        out["when_none"] = x.when_none.value
    _put(out, "category", x.category)
    _put(out, "metric", x.metric)
    _put(out, "label", x.label)
    _put(out, "on_track", x.on_track)
    _put(out, "due", x.due)
    _put(out, "last_day", x.last_day)


def _put_figures(out: dict[str, Any], x) -> None:
    if x.figures:
        out["figures"] = [{"name": f.name, "value": _figure_value(f.value)} for f in x.figures]


def _aggregate_to_dict(a: Aggregate, explain: bool = True) -> dict[str, Any]:
    v = as_verdict(a)
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
    if a.monitored_by:
        out["monitored_by"] = list(a.monitored_by)
    if explain:
        out["explanation_en"] = " ".join(aggregate_sentences(a, "en"))
        out["explanation_vi"] = " ".join(aggregate_sentences(a, "vi"))
    return out


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
    threshold, upper = r.table("threshold"), r.table("upper")
    return {
        "clause": r.text("clause", None),
        "period": r.text("period", None),
        "value": r.fraction("value", None),
        "value_unit": r.enum("value_unit", QuantityUnit, QuantityUnit.NONE),
        "value_label": r.text("value_label", None),
        "comparator": r.enum("comparator", Comparator, None),
        "threshold": None if threshold is None
        else Quantity(threshold.fraction("value"), threshold.enum("unit", QuantityUnit, QuantityUnit.NONE)),
        "upper": None if upper is None
        else Quantity(upper.fraction("value"), upper.enum("unit", QuantityUnit, QuantityUnit.NONE)),
        "when_none": r.enum("when_none", WhenNone, None),
        "category": r.text("category", None),
        "metric": r.text("metric", None),
        "label": r.text("label", None),
        "on_track": r.flag("on_track"),
        "due": r.date("due", None),
        "last_day": r.date("last_day", None),
    }


def _source_to_dict(source: SourceRef) -> dict[str, Any]:
    """Lines of a source document: {first, last, document}."""
    out: dict[str, Any] = {"first": source.first, "last": source.last}
    _put(out, "document", source.document)
    return out


def _source_from(r: _Reader) -> SourceRef | None:
    """The `source` table of `r` (`_source_to_dict`), None when there is none."""
    source = r.table("source")
    return None if source is None else SourceRef(source.integer("first"), source.integer("last"),
                                                 source.text("document", None))


def _clause_text_to_dict(c: ClauseText) -> dict[str, Any]:
    out: dict[str, Any] = {"clause": c.clause, "text": c.text}
    _put(out, "inherited_from", c.inherited_from)
    _put(out, "file", c.file)
    _put(out, "line", c.line)
    if c.source is not None:
        out["source"] = _source_to_dict(c.source)
    return out


def _clause_text_from(r: _Reader) -> ClauseText:
    return ClauseText(clause=r.text("clause"), text=r.text("text"), inherited_from=r.text("inherited_from", None),
                      file=r.text("file", None), line=r.integer("line") if "line" in r.data else None,
                      source=_source_from(r))


def _verdict_from(r: _Reader) -> Verdict:
    return Verdict(
        plan=r.text("plan"),
        unit=r.text("unit"),
        rule=r.text("rule"),
        kind=r.enum("kind", RuleKind),
        status=r.enum("status", Status),
        **_judgement_from(r),
        delivered=r.date("delivered", None),
        days_late=r.integer("days_late") if "days_late" in r.data else None,
        leads=tuple(r.texts("leads")),
        answered_by=tuple(r.texts("answered_by")),
        figures=tuple(_figure_from(f) for f in r.tables("figures")),
        records=tuple(r.texts("records")),
        violations=tuple(_violation_from(x) for x in r.tables("violations")),
        explanation=tuple(_explanation_from(e) for e in r.tables("explanation")),
        inherited_from=r.text("inherited_from", None),
        monitored_by=tuple(r.texts("monitored_by")),
        source=_source_from(r),
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
        labels=tuple((g.text("group"), g.text("label")) for g in r.tables("groups") if g.text("label", None)),
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
        monitored_by=tuple(r.texts("monitored_by")),
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
