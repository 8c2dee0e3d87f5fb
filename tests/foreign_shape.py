"""A foreign-shaped copy of facts in the plan's own layout, and the mapping file that reads it back.

The shape of a reporting system's own database (docs/sql.md, "Mapping";
issue 19): its own table and column names, categories as ASCII codes,
yes/no as 'Y'/'N' or 1/0, no id column where records have none (`identity =
"row"`), a year column in place of the date for the kinds asked to, rows of a
`reports` table ("reported, possibly zero") in place of counts of zero, the
units table under its own names. `foreign_copy` writes it from a DuckDB file
written by `sources.write_duckdb`, in SQL, keeping every table's row order (a
record's row number is its label when it has no id), and returns the mapping
file's text. Shared by tests/test_mapping_shapes.py (the differential test);
the benchmark writes its own generator.
"""

from __future__ import annotations

import json
import os
import unicodedata

from planrules.facts.sql_text import quote


def _key(name: str) -> str:
    return json.dumps(name, ensure_ascii=False)


def category_code(kind_index: int, field_index: int, category_index: int) -> str:
    """An ASCII code for a declared category, as a foreign system spells it."""
    return f"c{kind_index}_{field_index}_{category_index}"


def foreign_copy(plain: str | os.PathLike, target: str | os.PathLike, vocabulary, *, year_kinds=(),
                 reported: bool = True, numeric_bools: bool = False, percents: bool = False,
                 keys: bool = False, filtered: bool = False, respelled: bool = False) -> str:
    """Copy the DuckDB file `plain` (the layout of docs/sql.md) into a new DuckDB file `target` in a foreign
    shape; the mapping file's text. `year_kinds`: the record kinds whose date becomes a year column;
    `percents`: a percentage column whose values all lie within 0-100% is written as the number of percent
    (45.5 for 0.455, `percent = "0-100"`), one whose values do not is declared a fraction (`"0-1"`) when they
    lie within 0-1. `keys`: every table names a unit by a key of the database's own ("K-" and its name; with
    `keys="integer"`, a BIGINT made from its name), which a units table's `key` column gives (a units table listing
    every unit, by name, is added when there is none).
    `filtered`: each record kind's table also holds rows that are not its records — a copy of every record marked
    `deleted = 1`, and one under another `kind_code` — after its own (so its records keep their row numbers), which
    the mapping's `where = { kind_code = ["k…"], deleted = [0] }` leaves out: read, they would count twice. With
    `filtered="except"`, a live row's flag is NULL, and `where = { kind_code = … }` with `except = { deleted = [1] }`
    says it.
    `respelled`: the category codes are Vietnamese (`mã_c0_1_2`), stored decomposed (NFD) where the mapping file
    writes them composed, and each reported row's unit has a space after it: spellings that read alike."""
    import duckdb

    con = duckdb.connect(os.fspath(target))
    lines: list[str] = []
    try:
        con.execute("ATTACH $1 AS plain (READ_ONLY)", [os.fspath(plain)])

        def columns_of(table: str) -> list[str]:
            return [r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_catalog = 'plain' AND "
                "table_name = $1 ORDER BY ordinal_position", [table]).fetchall()]

        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                            "WHERE table_catalog = 'plain'").fetchall()}

        def unit_of(column: str) -> str:  # a unit as the database names it
            if keys == "integer":  # a whole number of its own (unit_id BIGINT), the same for a name in every table
                return f"CAST(hash({quote(column)}) % 1000000000000 AS BIGINT)"
            return f"('K-' || {quote(column)})" if keys else quote(column)

        named = [f"SELECT {quote('unit')} FROM plain.{quote(t)}" for t in sorted(tables)
                 if t not in ("period", "units") and "unit" in columns_of(t)]
        every = (f"SELECT DISTINCT {quote('unit')} FROM ({' UNION ALL '.join(named)}) WHERE {quote('unit')} IS NOT NULL"
                 if named else f"SELECT CAST(NULL AS VARCHAR) AS {quote('unit')} WHERE FALSE")
        if keys and "units" in tables:  # the units table lists every unit, the others after its own, by name
            con.execute(f"CREATE TABLE units_all AS SELECT * EXCLUDE (part, r) FROM (SELECT 0 AS part, rowid AS r, * "
                        f"FROM plain.units UNION ALL BY NAME SELECT 1 AS part, 0 AS r, {quote('unit')} FROM ({every}) "
                        f"WHERE {quote('unit')} NOT IN (SELECT {quote('unit')} FROM plain.units WHERE {quote('unit')} "
                        f"IS NOT NULL)) ORDER BY part, r, {quote('unit')}")
        if keys and "units" not in tables:  # every unit, by name, with its key: what a units table says
            con.execute(f"CREATE TABLE plain_units AS {every} ORDER BY 1")
            con.execute(f"CREATE TABLE all_units AS SELECT {quote('unit')} AS unit_name, {unit_of('unit')} AS unit_key "
                        f"FROM plain_units ORDER BY rowid")
            con.execute("DROP TABLE plain_units")
            lines += ["[tables.units]", 'table = "all_units"', 'columns = { unit = "unit_name" }', 'key = "unit_key"']
        zero_counts = ""
        if reported and "counts" in tables:
            plain_conditions = [c for c in columns_of("counts") if c not in ("unit", "kind", "year", "count")]
            unconditional = " AND ".join(f"{quote(c)} IS NULL" for c in plain_conditions) or "TRUE"
            zero_counts = f'"count" = 0 AND {unconditional}'
        for k, (kind, decl) in enumerate(vocabulary.kinds.items()):
            if kind not in tables:
                continue
            columns = columns_of(kind)
            fields = {fd.name: fd for fd in decl.fields}
            date = vocabulary.date_field(kind)
            select, mapped, maps, scaled = [], {}, [], []
            ids = con.execute(f"SELECT COUNT({quote('id')}) FROM plain.{quote(kind)}").fetchone()[0] \
                if "id" in columns else 0
            for i, column in enumerate(columns):
                if column == "id" and not ids:
                    continue  # no id at all: the table has none, and its rows are its records
                name = "commune_code" if column == "unit" else "ref" if column == "id" else f"col_{i}"
                fd = fields.get(column)
                value = unit_of(column) if column == "unit" else quote(column)
                if fd is not None and fd.type.value == "category":
                    codes = {c.name: ("mã_" if respelled else "") + category_code(k, i, j)
                             for j, c in enumerate(fd.categories)}
                    stored = {c: unicodedata.normalize("NFD", code) for c, code in codes.items()}
                    value = "CASE " + quote(column) + " " + " ".join(
                        f"WHEN '{c.name}' THEN '{stored[c.name]}'" for c in fd.categories) + " END"
                    maps.append((column, "\n".join(f"{_key(code)} = {_key(cat)}" for cat, code in codes.items())))
                elif fd is not None and fd.type.value == "bool":
                    yes, no = ("1", "0") if numeric_bools else ("'Y'", "'N'")
                    value = f"CASE WHEN {quote(column)} THEN {yes} WHEN NOT {quote(column)} THEN {no} END"
                    maps.append((column, "yes = [1]\nno = [0]" if numeric_bools else 'yes = ["Y"]\nno = ["N"]'))
                elif fd is not None and fd.type.value == "percent" and percents:
                    inside, places = con.execute(
                        f"SELECT COALESCE(bool_and({quote(column)} BETWEEN 0 AND 1), TRUE), COALESCE(bool_and("
                        f"{quote(column)} * 10000 = FLOOR({quote(column)} * 10000)), TRUE) FROM plain.{quote(kind)}"
                    ).fetchone()
                    if inside and places:
                        value = f"CAST({quote(column)} * 100 AS DECIMAL(18,4))"
                        scaled.append((column, "0-100"))
                    elif inside:
                        scaled.append((column, "0-1"))
                elif date is not None and column == date.name and kind in year_kinds:
                    value = f"CAST(EXTRACT(YEAR FROM {quote(column)}) AS INTEGER)"
                    name = "report_year"
                    select.append(f"{value} AS {quote(name)}")
                    continue
                select.append(f"{value} AS {quote(name)}")
                mapped[column] = name
            table = f"tbl_{k}"
            live = "CAST(NULL AS INTEGER)" if filtered == "except" else "0"  # "except": NULL for a live row
            marks = [f"'k{k}' AS kind_code", f"{live} AS deleted"] if filtered else []
            con.execute(f"CREATE TABLE {quote(table)} AS SELECT {', '.join(select + marks)} FROM plain.{quote(kind)} "
                        f"ORDER BY rowid")
            for code, deleted in (("k" + str(k), 1), ("other", live)) if filtered else ():
                con.execute(f"INSERT INTO {quote(table)} SELECT {', '.join(select)}, '{code}', {deleted} FROM "
                            f"plain.{quote(kind)} ORDER BY rowid")
            lines += [f"[tables.{_key(kind)}]", f"table = {_key(table)}",
                      "columns = { " + ", ".join(f"{_key(a)} = {_key(b)}" for a, b in mapped.items()) + " }"]
            if filtered == "except":
                lines += [f'where = {{ kind_code = ["k{k}"] }}', "except = { deleted = [1] }"]
            elif filtered:
                lines.append(f'where = {{ kind_code = ["k{k}"], deleted = [0] }}')
            if "id" in columns and not ids:
                lines.append('identity = "row"')
            if date is not None and kind in year_kinds and date.name in columns:
                lines.append('year = "report_year"')
            if scaled:
                lines.append("percent = { " + ", ".join(f"{_key(a)} = {_key(b)}" for a, b in scaled) + " }")
            for column, body in maps:
                lines += [f"[tables.{_key(kind)}.values.{_key(column)}]", body]
        for name in sorted(tables - set(vocabulary.kinds)):
            columns = columns_of(name)
            renamed = {c: f"{name}_{i}" for i, c in enumerate(columns)}
            where = f" WHERE NOT ({zero_counts})" if name == "counts" and zero_counts else ""
            by_key = ("unit", "parent", "successor") if name == "units" else ("unit",)
            select = ", ".join(f"{unit_of(c) if c in by_key and (c != 'unit' or name != 'units') else quote(c)} AS "
                               f"{quote(n)}" for c, n in renamed.items())
            if keys and name == "units":  # its units by name, and the key the other tables name them by
                select += f", {unit_of('unit')} AS units_key"
            origin = "units_all" if keys and name == "units" else f"plain.{quote(name)}"
            con.execute(f"CREATE TABLE {quote('src_' + name)} AS SELECT {select} FROM {origin}{where} ORDER BY rowid")
            lines += [f"[tables.{_key(name)}]", f"table = {_key('src_' + name)}",
                      "columns = { " + ", ".join(f"{_key(a)} = {_key(b)}" for a, b in renamed.items()) + " }"]
            if keys and name == "units":
                lines.append('key = "units_key"')
        if zero_counts:
            kinds = list(vocabulary.kinds)
            cases = " ".join(f"WHEN {quote('kind')} = '{kind}' THEN 'k{i}'" for i, kind in enumerate(kinds))
            spaced = f"({unit_of('unit')} || ' ')" if respelled and keys != "integer" else unit_of('unit')
            con.execute(f"CREATE TABLE reports AS SELECT {spaced} AS commune_code, CASE {cases} END AS "
                        f"record_type, {quote('year')} AS yr FROM plain.counts WHERE {zero_counts} ORDER BY rowid")
            lines += ["[reported]", 'table = "reports"',
                      'columns = { unit = "commune_code", kind = "record_type", year = "yr" }',
                      "[reported.values.kind]"]
            lines += [f"k{i} = {_key(kind)}" for i, kind in enumerate(kinds)]
    finally:
        con.close()
    return "\n".join(lines) + "\n"
