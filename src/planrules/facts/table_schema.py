"""What a reporting system must provide: the fact tables of a plan's vocabulary, as DDL or JSON Schema.

The tables are the layout of `sources` (docs/sql.md): one per declared record
kind, with `unit`, an optional `id` and the kind's fields under their declared
names, and the small tables `counts`, `values`, `deliveries`, `events`,
`units` and `period`. They follow from the vocabulary, so a plan that declares
its own record kinds gets its own tables with no change here.

- `ddl(vocabulary)`: CREATE TABLE statements, one SQL text that DuckDB and
  PostgreSQL both run (identifiers quoted by `sql_text.quote`, standard types); a
  record table declares (unit, id) UNIQUE, so the database refuses a second
  record with one id and a source need not look for one (F140);
- `tables_schema(vocabulary)`: a JSON Schema of the same tables, each an array
  of row objects, for a folder of Parquet or CSV files (and for tools that
  check exports before they are loaded).

`planrules schema PLAN --format sql|json` prints either; `--format facts`
prints the JSON Schema of a TOML facts file (`facts_schema`).
"""

from __future__ import annotations

import json

from ..language import model as m
from .sql_text import quote
from ..language.vocabulary import Vocabulary

__all__ = ["ddl", "tables", "tables_schema"]

# declared type -> (SQL type, JSON Schema of a cell)
_TYPES: dict[m.FieldType, tuple[str, dict]] = {
    m.FieldType.DATE: ("DATE", {"type": "string", "format": "date"}),
    m.FieldType.BOOL: ("BOOLEAN", {"type": "boolean"}),
    m.FieldType.DAYS: ("DECIMAL(18, 6)", {"type": "number", "minimum": 0}),
    m.FieldType.INTEGER: ("BIGINT", {"type": "integer", "minimum": 0}),
    m.FieldType.TEXT: ("TEXT", {"type": "string"}),
    m.FieldType.UNIT: ("TEXT", {"type": "string"}),
    m.FieldType.CATEGORY: ("TEXT", {"type": "string"}),
}
_TEXT = ("TEXT", {"type": "string", "minLength": 1})
_DATE = _TYPES[m.FieldType.DATE]
_YEAR = ("INTEGER", {"type": "integer", "minimum": 1900, "maximum": 2200})


def tables(vocabulary: Vocabulary) -> dict[str, list[tuple[str, tuple[str, dict], bool, str | None]]]:
    """Table -> its columns: (name, (SQL type, JSON Schema), required, description), in table order."""
    out: dict[str, list[tuple[str, tuple[str, dict], bool, str | None]]] = {}
    conditions: dict[str, set[m.FieldType]] = {}
    for kind, decl in vocabulary.kinds.items():
        columns = [("unit", _TEXT, True, "the unit that reported the record"),
                   ("id", _TYPES[m.FieldType.TEXT], False, "the record's own id (its label in explanations)")]
        for field in decl.fields:
            sql_type, cell = _TYPES[field.type]
            if field.type is m.FieldType.CATEGORY and field.categories:
                cell = {"type": "string", "enum": [c.name for c in field.categories]}
            columns.append((field.name, (sql_type, cell), False, field.label))
            if field.type in (m.FieldType.BOOL, m.FieldType.CATEGORY):
                conditions.setdefault(field.name, set()).add(field.type)
        out[kind] = columns
    counts = [("unit", _TEXT, True, None), ("kind", _TEXT, True, "a record kind"), ("year", _YEAR, True, None),
              ("count", ("BIGINT", {"type": "integer", "minimum": 0}), True, "how many records")]
    for name in sorted(conditions):
        only_flags = conditions[name] == {m.FieldType.BOOL}
        counts.append((name, _TYPES[m.FieldType.BOOL] if only_flags else _TYPES[m.FieldType.TEXT], False,
                       "part of the condition counted; empty: not part of it"))
    out["counts"] = counts
    out["values"] = [("unit", _TEXT, True, None), ("metric", _TEXT, True, "a declared metric"),
                     ("year", _YEAR, True, None),
                     ("value", _TYPES[m.FieldType.TEXT], True, 'exact: "24/25", "0.96" or "96%"')]
    out["deliveries"] = [("unit", _TEXT, True, None), ("task", _TEXT, True, "the task's address (TT 3)"),
                         ("date", _DATE, True, "when it was delivered"),
                         ("deadline", _TYPES[m.FieldType.TEXT], False, None),
                         ("period", _TYPES[m.FieldType.TEXT], False, None)]
    out["events"] = [("event", _TEXT, True, "a declared event"), ("date", _DATE, True, None),
                     ("unit", _TYPES[m.FieldType.TEXT], False, "empty: every unit")]
    out["units"] = [("unit", _TEXT, True, None),
                    ("member_of", _TYPES[m.FieldType.TEXT], False, "the unit's groups, separated by ;")]
    out["period"] = [("from", _DATE, True, None), ("to", _DATE, True, None)]
    return out


def ddl(vocabulary: Vocabulary) -> str:
    """CREATE TABLE statements for every table a source may hold (DuckDB and PostgreSQL alike)."""
    statements = []
    for table, columns in tables(vocabulary).items():
        lines = [f"    {quote(name)} {types[0]}{' NOT NULL' if required else ''}"
                 for name, types, required, _ in columns]
        if table in vocabulary.kinds:  # the database keeps a record's id unique in its unit; see `sources`
            lines.append(f"    UNIQUE ({quote('unit')}, {quote('id')})")
        statements.append(f"CREATE TABLE {quote(table)} (\n" + ",\n".join(lines) + "\n);")
    return "\n\n".join(statements) + "\n"


def tables_schema(vocabulary: Vocabulary) -> dict:
    """A JSON Schema of the tables: an object of tables, each an array of rows with typed columns."""
    properties = {}
    for table, columns in tables(vocabulary).items():
        row = {
            "type": "object",
            "properties": {name: {**types[1], **({"description": about} if about else {})}
                           for name, types, _, about in columns},
            "required": [name for name, _, required, _ in columns if required],
            "additionalProperties": False,
        }
        label = vocabulary.kinds[table].label if table in vocabulary.kinds else None
        properties[table] = {"type": "array", "items": row, **({"description": label} if label else {})}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "planrules fact tables",
        "description": "The tables of a fact source (a folder of Parquet or CSV files, a database): see docs/sql.md.",
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }


def render(vocabulary: Vocabulary, format: str) -> str:
    """`ddl` ("sql"), `tables_schema` ("json") or the TOML facts file schema ("facts"), as text."""
    if format == "sql":
        return ddl(vocabulary)
    if format == "json":
        return json.dumps(tables_schema(vocabulary), ensure_ascii=False, indent=2) + "\n"
    if format == "facts":
        from .json_schema import render as facts_render

        return facts_render(vocabulary)
    raise ValueError(f"unknown schema format {format!r}; expected sql, json or facts")
