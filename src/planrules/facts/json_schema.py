"""A JSON Schema of the facts format, generated from the vocabulary.

`facts_schema()` describes a TOML facts file as JSON (the document tomllib
reads, with dates as "yyyy-mm-dd" strings): one property per record kind
under `records`, each field typed from its declaration, the metrics a value
may be reported for, and `additionalProperties: false` wherever the loader
rejects unknown keys. Titles and descriptions come from the labels declared
in `.plan` source, so a plan that declares its own record kinds gets a
schema for them with no change here. Editors use it to complete and check
facts files; `loader` stays the authority (it also checks what a schema
cannot: impossible dates, counts against each other, duplicates, periods).

docs/facts.schema.json is this module's output for the standard vocabulary:

    python3 -m planrules.facts.json_schema > docs/facts.schema.json
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence

from ..language import model as m
from ..language.vocabulary import Vocabulary, bounded_change

__all__ = ["facts_schema", "render", "main"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"

_TRUE_FALSE = ("true", "false", "có", "không", "co", "khong", "x", "1", "0", "")
_NUMBER = r"(\d+\s*/\s*\d+|\d+([.,]\d+)?|[.,]\d+|½)"


_PERIOD = (r"\s*(" + "[oO][nN][cC][eE]" + r"|\d{4}\s*[-–]\s*\d{4}|\d{4}(-(\d{1,2}|[Hh][12]|[Qq][1-4]|[Ww]\d{1,2}|\d{1,2}-\d{1,2}))?"
           r"|\d{1,2}/\d{1,2}/\d{4})\s*")  # one period as `values.read_period` reads it


def _any_case(word: str) -> str:
    """A regular expression matching `word` in any letter case (JSON Schema has no flags)."""
    out = []
    for ch in word:
        lower, upper = ch.lower(), ch.upper()
        out.append(f"[{lower}{upper}]" if lower != upper else ("\\" + ch if ch in ".^$*+?()[]{}|\\/" else ch))
    return "".join(out)


# An assessment's result as `values.read_result` reads it: đạt / không đạt (met / not met), any case, with or
# without diacritics (ECMA-262 has no case-insensitive flag inside a pattern: each letter's cases are listed).
_RESULT = (r"^\s*(([Kk][Hh][ÔôOo][Nn][Gg]\s+)?[ĐđDd][ẠạAa][Tt]|([Nn][Oo][Tt]\s+)?[Mm][Ee][Tt])\s*$")


def _ref(name: str) -> dict:
    return {"$ref": f"#/$defs/{name}"}


def _defs() -> dict:
    return {
        "date": {
            "title": "Ngày",
            "description": "A date: 2026-03-02 (a TOML date) or \"02/03/2026\".",
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "pattern": r"^\s*\d{1,2}/\d{1,2}/\d{4}\s*$"},
            ],
        },
        "bool": {
            "title": "Có hoặc không",
            "description": 'Yes or no: true/false, or "có"/"không", "true"/"false", "x"/"", "1"/"0" (any case).',
            "anyOf": [
                {"type": "boolean"},
                {"type": "string", "pattern": "^\\s*(" + "|".join(_any_case(w) for w in _TRUE_FALSE) + ")\\s*$"},
            ],
        },
        "days": {
            "title": "Số ngày",
            "description": 'A number of days ≥ 0, read exactly: 1, 1.5, "1/2", "0,5", "½".',
            "anyOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "pattern": f"^\\s*\\+?\\s*{_NUMBER}\\s*$"},
            ],
        },
        "integer": {"title": "Số nguyên", "description": "A whole number ≥ 0.", "type": "integer", "minimum": 0},
        "decimal": {
            "title": "Số thập phân",
            "description": 'A number of either sign, read exactly: 1.5, -2, "1,5", "1/3".',
            "anyOf": [
                {"type": "number"},
                {"type": "string", "pattern": f"^\\s*[-+−]?\\s*{_NUMBER}\\s*$"},
            ],
        },
        "percent": {
            "title": "Phần trăm",
            "description": 'A percentage, read exactly: "45,5%", or the number of percent without the sign '
                           '(45.5 is 45.5%).',
            "anyOf": [
                {"type": "number"},
                {"type": "string", "pattern": f"^\\s*[-+−]?\\s*{_NUMBER}\\s*%?\\s*$"},
            ],
        },
        "year": {"title": "Năm", "type": "integer", "minimum": 1900, "maximum": 2200},
        "name": {
            "title": "Tên",
            "description": "A name as declared in .plan source (a unit, a task address, an event...).",
            "type": "string",
            "pattern": r"\S",
        },
        "text": {"title": "Văn bản", "type": "string"},
        "number": {
            "title": "Giá trị",
            "description": 'A number or a share, read exactly: 0.96, 30, "96%", "24/25", "0,96".',
            "anyOf": [
                {"type": "number"},
                {"type": "string", "pattern": f"^\\s*[-+−]?\\s*{_NUMBER}\\s*%?\\s*$"},
            ],
        },
        "id": {
            "title": "Mã bản ghi",
            "description": "The record's id; two records of a unit and kind never share one.",
            "anyOf": [{"type": "string", "pattern": r"\S"}, {"type": "integer"}],
        },
    }


def _field(decl: m.FieldDecl) -> dict:
    schema: dict
    if decl.type is m.FieldType.CATEGORY:
        schema = {"type": "string", "enum": [c.name for c in decl.categories]}
        described = [f"{c.name}: {c.label}" if c.label else c.name for c in decl.categories]
        schema["description"] = "; ".join(described)
    else:
        name = {
            m.FieldType.DATE: "date",
            m.FieldType.BOOL: "bool",
            m.FieldType.DAYS: "days",
            m.FieldType.INTEGER: "integer",
            m.FieldType.DECIMAL: "decimal",
            m.FieldType.PERCENT: "percent",
            m.FieldType.TEXT: "text",
            m.FieldType.UNIT: "name",
        }[decl.type]
        schema = dict(_ref(name))
    if decl.label:
        schema["title"] = decl.label
    return schema


def _record(kind: m.RecordKind) -> dict:
    properties = {"id": _ref("id")}
    properties.update((f.name, _field(f)) for f in kind.fields)
    schema = {"type": "object", "additionalProperties": False, "properties": properties}
    if kind.label:
        schema["title"] = kind.label
    return schema


def _conditions(kind: m.RecordKind) -> dict:
    """The `where` of a count of `kind`: its yes/no and category fields."""
    fields = [f for f in kind.fields if f.type in (m.FieldType.BOOL, m.FieldType.CATEGORY)]
    return {
        "if": {"properties": {"kind": {"const": kind.name}}, "required": ["kind"]},
        "then": {
            "properties": {
                "where": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {f.name: _field(f) for f in fields},
                }
            }
        },
    }


def _metric_names(vocabulary: Vocabulary, kinds: Iterable[type]) -> list[str]:
    return [
        name
        for name in vocabulary.metrics
        if isinstance(vocabulary.expr(m.MetricName(name)), tuple(kinds))
    ]


def _described(names: Sequence[str], vocabulary: Vocabulary) -> str:
    return "; ".join(
        f"{n}: {vocabulary.metrics[n].label}" if vocabulary.metrics[n].label else n for n in names
    )


def facts_schema(vocabulary: Vocabulary | None = None) -> dict:
    """A JSON Schema (draft 2020-12) of the TOML facts format, for the record kinds and metrics of `vocabulary`."""
    if vocabulary is None:
        vocabulary = Vocabulary.standard()
    kinds = list(vocabulary.kinds.values())
    reportable = [n for n in vocabulary.metrics if not isinstance(vocabulary.expr(m.MetricName(n)), m.EachRecord)]
    shares = _metric_names(vocabulary, [m.ShareOf])
    counts = _metric_names(vocabulary, [m.CountOf])
    # the changes of a count or a share, whose values are bounded (`bounded_change`)
    cuts = [n for n in _metric_names(vocabulary, [m.CutVsPreviousYear])
            if bounded_change(vocabulary.expr(m.MetricName(n)), vocabulary.metrics)]
    growths = [n for n in _metric_names(vocabulary, [m.Growth, m.AverageGrowth])
               if bounded_change(vocabulary.expr(m.MetricName(n)), vocabulary.metrics)]
    figures = _metric_names(vocabulary, [m.Reported])

    count = {
        "type": "object",
        "title": "Số lượng",
        "description": "How many records of a kind, dated in a year, met every condition of `where`.",
        "additionalProperties": False,
        "required": ["kind", "year", "count"],
        "properties": {
            "kind": {"type": "string", "enum": [k.name for k in kinds], "title": "Loại bản ghi"},
            "year": _ref("year"),
            "count": {**_ref("integer"), "title": "Số lượng"},
            "where": {
                "type": "object",
                "title": "Điều kiện",
                "description": "A conjunction of field = value (yes/no and category fields of the kind).",
            },
        },
        "allOf": [_conditions(k) for k in kinds],
    }
    value_rules = []
    if shares:
        value_rules.append({
            "if": {"properties": {"metric": {"enum": shares}}, "required": ["metric"]},
            "then": {"properties": {"value": {"anyOf": [
                {"type": "number", "minimum": 0, "maximum": 1},
                {"type": "string"},
            ]}}},
        })
    if counts:
        value_rules.append({
            "if": {"properties": {"metric": {"enum": counts}}, "required": ["metric"]},
            "then": {"properties": {"value": {"anyOf": [
                {"type": "integer", "minimum": 0},
                {"type": "string", "pattern": r"^\s*\d+\s*$"},
            ]}}},
        })
    if cuts:
        value_rules.append({
            "if": {"properties": {"metric": {"enum": cuts}}, "required": ["metric"]},
            "then": {"properties": {"value": {"anyOf": [{"type": "number", "maximum": 1}, {"type": "string"}]}}},
        })
    if growths:  # a growth is a fall of at most 100%, with no ceiling
        value_rules.append({
            "if": {"properties": {"metric": {"enum": growths}}, "required": ["metric"]},
            "then": {"properties": {"value": {"anyOf": [{"type": "number", "minimum": -1}, {"type": "string"}]}}},
        })
    value = {
        "type": "object",
        "title": "Giá trị chỉ số",
        "description": "A metric's value for a year, as the unit reported it.",
        "additionalProperties": False,
        "required": ["metric", "year", "value"],
        "properties": {
            "metric": {
                "type": "string",
                "enum": reportable,
                "title": "Chỉ số",
                "description": _described(reportable, vocabulary),
            },
            "year": _ref("year"),
            "value": _ref("number"),
            "measured_in": {
                "type": "string",
                "title": "Tính bằng",
                "description": "A reported figure's unit, as its metric declares it: \"%\" (then the value is a "
                               "number of percent), \"ngày\", or its named unit (\"Tbps\"). Only for a reported figure.",
            },
        },
    }
    for name in figures:  # a reported figure's unit is its metric's
        unit = vocabulary.figure_unit(name)
        allowed = ["%"] if unit == "%" else ["ngày", "days"] if unit == "days" else [unit] if unit else [""]
        value_rules.append({
            "if": {"properties": {"metric": {"const": name}}, "required": ["metric"]},
            "then": {"properties": {"measured_in": {"enum": allowed}}},
        })
    others = [n for n in reportable if n not in figures]
    if others:
        value_rules.append({
            "if": {"properties": {"metric": {"enum": others}}, "required": ["metric"]},
            "then": {"not": {"required": ["measured_in"]}},
        })
    if value_rules:
        value["allOf"] = value_rules
    assessment = {
        "type": "object",
        "title": "Đánh giá",
        "description": "An assessed target (\"…\" đánh giá bởi: X) judged for `year` by `assessor` on `date`.",
        "additionalProperties": False,
        "required": ["target", "year", "result", "assessor", "date"],
        "properties": {
            "target": {**_ref("name"), "title": "Chỉ tiêu", "description": 'The target\'s address: "II.2", "TT 3".'},
            "year": {**_ref("year"), "title": "Năm"},
            "result": {"type": "string", "title": "Kết quả", "description": "đạt or không đạt (met or not met).",
                       "pattern": _RESULT},
            "assessor": {**_ref("name"), "title": "Đơn vị đánh giá", "description": "The unit that assessed it."},
            "date": {**_ref("date"), "title": "Ngày đánh giá"},
        },
    }
    delivery = {
        "type": "object",
        "title": "Sản phẩm đã nộp",
        "description": "A deliverable of a task (a report, a plan) handed in on `date`.",
        "additionalProperties": False,
        "required": ["task", "date"],
        "properties": {
            "task": {**_ref("name"), "title": "Nhiệm vụ", "description": 'The task\'s address: "TT 2", "III.1.b".'},
            "deadline": {
                "title": "Thời hạn",
                "description": "Which deadline of the task: its label, or its position (1, 2, ...).",
                "anyOf": [{"type": "string", "pattern": r"\S"}, {"type": "integer", "minimum": 1}],
            },
            "period": {
                "title": "Kỳ",
                "description": (
                    'The occurrence answered: "2026", "2026-05", "2026-H1", "2026-Q4", "2026-W14", a span '
                    '"2025-2026", "once" or a date; several separated by ";".'
                ),
                "anyOf": [
                    {"type": "integer", "minimum": 1900, "maximum": 2200},
                    {"type": "string", "pattern": "^" + _PERIOD + r"(;" + _PERIOD + r")*$"},
                ],
            },
            "periods": {
                "title": "Các kỳ",
                "description": "The periods one delivery answers at once (a December report that is also the Q4, "
                               'H2 and annual one): ["2026-12", "2026-Q4", "2026-H2", "2026"]. Not with period.',
                "type": "array",
                "minItems": 1,
                "uniqueItems": True,
                "items": {"anyOf": [{"type": "integer", "minimum": 1900, "maximum": 2200},
                                    {"type": "string", "pattern": "^" + _PERIOD + "$"}]},
            },
            "date": {**_ref("date"), "title": "Ngày nộp"},
        },
        "not": {"required": ["period", "periods"]},
    }
    records = {
        "type": "object",
        "title": "Bản ghi",
        "description": "Records by kind, each kind an array of tables.",
        "additionalProperties": False,
        "properties": {
            k.name: {"type": "array", "items": _record(k), **({"title": k.label} if k.label else {})}
            for k in kinds
        },
    }
    unit = {
        "type": "object",
        "title": "Đơn vị",
        "description": "Everything one unit reported.",
        "additionalProperties": False,
        "properties": {
            "member_of": {
                "type": "array",
                "title": "Thuộc nhóm",
                "description": "Groups of the plan this unit belongs to.",
                "items": _ref("name"),
            },
            "label": {**_ref("name"), "title": "Tên đơn vị",
                      "description": "The unit's name as written (Xã Vũ Dương), shown beside its name."},
            "code": {**_ref("name"), "title": "Mã",
                     "description": "An official code facts may use instead of the unit's name."},
            "level": {**_ref("name"), "title": "Cấp", "description": "The unit's level: xã, tỉnh, quốc_gia …"},
            "parent": {**_ref("name"), "title": "Đơn vị cấp trên", "description": "The unit one level up."},
            "successor": {**_ref("name"), "title": "Đơn vị kế thừa",
                          "description": "The unit that takes over this one's duties (with since)."},
            "since": {**_ref("date"), "title": "Kể từ ngày", "description": "The day the successor takes over."},
            "change": {"type": "string", "title": "Thay đổi",
                       "description": "How: merged, renamed or succeeded (the default); sáp_nhập, đổi_tên, kế_thừa."},
            "attributes": {
                "type": "object",
                "title": "Thuộc tính",
                "description": "Where the unit lies or what it is (tỉnh, huyện ...): text by name. "
                "Binds no rule; `planrules eval --group-by NAME` rolls verdicts up by one of them.",
                "additionalProperties": _ref("name"),
            },
            "records": records,
            "counts": {"type": "array", "items": count},
            "values": {"type": "array", "items": value},
            "deliveries": {"type": "array", "items": delivery},
            "assessments": {"type": "array", "items": assessment},
        },
    }
    event = {
        "type": "object",
        "title": "Sự kiện",
        "description": "An event of the plan happened on `date` (for `unit` only, when given).",
        "additionalProperties": False,
        "required": ["event", "date"],
        "properties": {
            "event": {**_ref("name"), "title": "Sự kiện"},
            "date": {**_ref("date"), "title": "Ngày"},
            "unit": {**_ref("name"), "title": "Đơn vị"},
        },
    }
    return {
        "$schema": DRAFT,
        "title": "Số liệu báo cáo (planrules facts)",
        "description": (
            "What units reported, as a TOML facts file read as JSON (dates as yyyy-mm-dd strings). "
            "Generated from the vocabulary by planrules.facts.json_schema; the format is described in docs/facts.md."
        ),
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "facts": {
                "type": "object",
                "title": "Về số liệu",
                "additionalProperties": False,
                "properties": {
                    "period": {
                        "type": "object",
                        "title": "Kỳ số liệu",
                        "description": "Every dated fact lies inside it (both days included).",
                        "additionalProperties": False,
                        "required": ["from", "to"],
                        "properties": {"from": _ref("date"), "to": _ref("date")},
                    }
                },
            },
            "events": {"type": "array", "title": "Sự kiện", "items": event},
            "units": {"type": "object", "title": "Các đơn vị", "additionalProperties": unit},
        },
        "$defs": _defs(),
    }


def render(vocabulary: Vocabulary | None = None) -> str:
    """The schema as the text of docs/facts.schema.json: sorted keys, indented, UTF-8, a final newline."""
    return json.dumps(facts_schema(vocabulary), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Print the schema of the standard vocabulary, or write it to the file named."""
    argv = list(sys.argv[1:] if argv is None else argv)
    text = render()
    if argv:
        with open(argv[0], "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
    else:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
