"""What a reporting system must provide: the fact tables of a plan's vocabulary, as DDL or JSON Schema.

The tables are the facts' one layout (`layout.Layout`, docs/sql.md): one per
declared record kind, with `unit`, an optional `id` and the kind's fields under
their declared names, and the small tables `counts`, `values`, `deliveries`,
`events`, `units` and `period`. They follow from the vocabulary, so a plan that
declares its own record kinds gets its own tables with no change here.

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

from ..language.vocabulary import Vocabulary
from .layout import Layout
from .sql_text import quote

__all__ = ["ddl", "tables_schema"]


def ddl(vocabulary: Vocabulary) -> str:
    """CREATE TABLE statements for every table a source may hold (DuckDB and PostgreSQL alike)."""
    statements = []
    for table in Layout.of(vocabulary).tables:
        lines = [f"    {quote(c.name)} {c.cell.sql}{' NOT NULL' if c.required else ''}" for c in table.columns]
        if table.records:  # the database keeps a record's id unique in its unit; see `table_checks`
            lines.append(f"    UNIQUE ({quote('unit')}, {quote('id')})")
        statements.append(f"CREATE TABLE {quote(table.name)} (\n" + ",\n".join(lines) + "\n);")
    return "\n\n".join(statements) + "\n"


def tables_schema(vocabulary: Vocabulary) -> dict:
    """A JSON Schema of the tables: an object of tables, each an array of rows with typed columns."""
    properties = {}
    for table in Layout.of(vocabulary).tables:
        row = {
            "type": "object",
            "properties": {c.name: c.json for c in table.columns},
            "required": list(table.required),
            "additionalProperties": False,
        }
        properties[table.name] = {"type": "array", "items": row, **({"description": table.about} if table.about else {})}
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
