"""A mapping's shapes, beyond names: value maps, yes/no values, a year column, identity, reported rows.

`mapping` renames; this module says what the rest of a mapping file means
(docs/sql.md, "Mapping") and checks it, in three places:

- against the vocabulary, before any query (`shapes_check`): a value map's
  categories are declared, a year column stands for a kind that has a date,
  the `[reported]` table's kinds are declared; errors at the mapping file's
  line and column;
- in SQL over the database (`mapped_read`, `check_value_maps`): a mapped
  column is read through a CASE over its listed values (`$n` parameters,
  never spliced), and a value the map does not list is F230 at its row,
  named by the database's table and column — a map is total;
- `reported_counts`: each reported (unit, kind, year) with no record of that
  kind and year becomes a count of zero, found by one anti-join per kind in
  the database, or, for a folder of files, matched in Python against the
  (unit, year) groups the checks read (`record_groups`).
"""

from __future__ import annotations

from attrs import evolve

from ..base.diagnostics import Diagnostic
from ..base.suggest import closest
from ..language import model as m
from . import findings
from . import model as f
from .fact_rows import FactReader
from .mapping import REPORTED_COLUMNS, Mapping, TableMapping, decomposed_too
from .mapping_units import unit_parts, units_check
from .record_groups import RecordGroups
from .messages import facts_message
from .limits import MAX_NAME
from .sql_text import MAPPED_ROW, accepts, placed, quote, relation, respelled, year_of
from .table_problems import CAP, RowPlace, TableProblems
from .values import BadValue, clip, quoted, read_name

__all__ = ["PERCENT_PLACES", "adapted", "check_value_maps", "mapped_read", "percent_checks", "percent_read",
           "reported_counts", "shapes_check", "stored_read", "unit_readings", "check_where_nulls", "where_test"]

_TYPES = {m.FieldType.DATE: ("a date", "ngày tháng"), m.FieldType.DAYS: ("a number of days", "số ngày"),
          m.FieldType.INTEGER: ("a whole number", "số nguyên"), m.FieldType.DECIMAL: ("a number", "số thập phân"),
          m.FieldType.PERCENT: ("a percentage", "phần trăm"), m.FieldType.TEXT: ("text", "văn bản"),
          m.FieldType.UNIT: ("a unit", "đơn vị")}


# ---------------------------------------------------------- the vocabulary --


def shapes_check(mapping: Mapping, vocabulary) -> list[Diagnostic]:
    """What a mapping file's shapes say, against the vocabulary in force (no query runs before this passes)."""
    out: list[Diagnostic] = units_check(mapping)
    for entry in mapping.tables:
        base = entry.place
        decl = vocabulary.kinds.get(entry.name)
        if entry.level is not None and entry.name != "units":
            out.append(mapping.diagnostic(base + ("level",), "F232", "mapping_shape_of_table", what="level",
                                          table=quoted(entry.name)))
        if decl is None:  # a facts table (or an unknown name, said by `Mapping.check`)
            for key, given in (("identity", entry.identity or entry.rows_are_records), ("year", entry.year),
                               ("values", entry.values or entry.yes_no), ("percent", entry.percent)):
                if given:
                    out.append(mapping.diagnostic(base + (key,), "F232", "mapping_shape_of_table", what=key,
                                                  table=quoted(entry.name)))
            continue
        fields = {fd.name: fd for fd in decl.fields}
        renamed = dict(entry.columns)
        for column, pairs in entry.values:
            fd = fields.get(column)
            if column == "unit":  # the database's unit codes = the units' names: any name (the fit knows the units)
                continue
            if _values_field(mapping, out, base, column, fd, m.FieldType.CATEGORY):
                names = [c.name for c in fd.categories]
                for raw, category in pairs:
                    if category not in names:
                        close = closest(category, names)
                        hints = [facts_message("did_you_mean", name=quoted(close))] if close else []
                        hints.append(facts_message("accepted", names=", ".join(names)))
                        out.append(mapping.diagnostic(base + ("values", column, raw), "F231",
                                                      "mapped_value_not_category", hints, at_value=True,
                                                      value=quoted(raw), category=quoted(category),
                                                      field=quoted(column)))
        for column, _, _ in entry.yes_no:
            if column == "unit":  # said by `units_check`
                continue
            _values_field(mapping, out, base, column, fields.get(column), m.FieldType.BOOL)
        for column, _ in entry.percent:  # how a percentage column is written: only a percentage field has one
            fd, where = fields.get(column), base + ("percent", column)
            if fd is None:
                out.append(mapping.diagnostic(where, "F111", "mapping_unknown_field", name=quoted(column),
                                              table=quoted(entry.name)))
            elif fd.type is not m.FieldType.PERCENT:
                out.append(mapping.diagnostic(where, "F237", "mapping_percent_field", field=quoted(column),
                                              type=_TYPES.get(fd.type, (fd.type.value, fd.type.value))))
        if entry.year is not None:
            date = vocabulary.date_field(entry.name)
            if date is None:
                out.append(mapping.diagnostic(base + ("year",), "F234", "mapping_year_undated",
                                              kind=quoted(entry.name)))
            elif date.name in renamed:
                out.append(mapping.diagnostic(base + ("year",), "F234", "mapping_year_and_date",
                                              kind=quoted(entry.name), field=quoted(date.name)))
        if (entry.identity or entry.rows_are_records) and "id" in renamed:
            out.append(mapping.diagnostic(base + ("identity",), "F234", "mapping_identity_and_id",
                                          kind=quoted(entry.name)))
    if mapping.reported is not None:
        out += _reported_check(mapping, mapping.reported, vocabulary)
    return out + _shared_tables(mapping, vocabulary)


def _shared_tables(mapping: Mapping, vocabulary) -> list[Diagnostic]:
    """F252 at a record kind read from the table of an earlier kind when either has no `where`: every row of
    it would be a record of both (a wide `events` table of conferences and documents, counted twice)."""
    out: list[Diagnostic] = []
    first: dict[tuple, TableMapping] = {}
    for entry in mapping.tables:
        if entry.name not in vocabulary.kinds:
            continue
        earlier = first.setdefault((entry.schema, entry.table), entry)
        if earlier is not entry and not (earlier.where and entry.where):
            out.append(mapping.diagnostic((*entry.place, "table"), "F252", "kinds_share_table", at_value=True,
                                          first=quoted(earlier.name), second=quoted(entry.name),
                                          table=quoted(entry.shown),
                                          bare=quoted(entry.name if not entry.where else earlier.name)))
    return out


def _values_field(mapping: Mapping, out: list, base: tuple, column: str, fd, wanted: m.FieldType) -> bool:
    """Is `fd` (the field of a `values.COLUMN`) a field of type `wanted`? F111/F232 when not."""
    where = base + ("values", column)
    if fd is None:
        out.append(mapping.diagnostic(where, "F111", "mapping_unknown_field", name=quoted(column),
                                      table=quoted(base[1])))
        return False
    if fd.type is wanted:
        return True
    if fd.type in (m.FieldType.BOOL, m.FieldType.CATEGORY):  # the other form
        key = "mapping_values_form" if fd.type is m.FieldType.BOOL else "mapping_map_form"
        out.append(mapping.diagnostic(where, "F232", key, field=quoted(column)))
    else:
        out.append(mapping.diagnostic(where, "F232", "mapping_values_field", field=quoted(column),
                                      type=_TYPES.get(fd.type, (fd.type.value, fd.type.value))))
    return False


def _reported_check(mapping: Mapping, entry: TableMapping, vocabulary) -> list[Diagnostic]:
    out = []
    for key, given in (("identity", entry.identity or entry.rows_are_records), ("year", entry.year),
                       ("level", entry.level), ("percent", entry.percent)):
        if given:
            out.append(mapping.diagnostic(("reported", key), "F232", "mapping_shape_of_table", what=key,
                                          table=quoted("reported")))
    for declared, _ in entry.columns:
        if declared not in REPORTED_COLUMNS:
            out.append(mapping.diagnostic(("reported", "columns", declared), "F234", "reported_column",
                                          name=quoted(declared)))
    for column, pairs in entry.values:
        if column != "kind":
            out.append(mapping.diagnostic(("reported", "values", column), "F232", "reported_column",
                                          name=quoted(column)))
            continue
        kinds = list(vocabulary.kinds)
        for raw, kind in pairs:
            if kind not in vocabulary.kinds:
                close = closest(kind, kinds)
                hints = [facts_message("did_you_mean", name=quoted(close))] if close else []
                out.append(mapping.diagnostic(("reported", "values", "kind", raw), "F231", "mapped_kind_unknown",
                                              hints, at_value=True, value=quoted(raw), kind=quoted(kind)))
    for column, _, _ in entry.yes_no:
        out.append(mapping.diagnostic(("reported", "values", column), "F232", "reported_column",
                                      name=quoted(column)))
    return out


# ------------------------------------------------------------------- SQL --


def _mark(values: list, value: object) -> str:
    values.append(value)
    return f"\x00{len(values) - 1}\x00"


PERCENT_PLACES = 6
"""The decimals a percentage keeps as its fraction (the layout's DECIMAL(18,6)): a "0-100" column's value has at
most 4, so that no comparison in SQL (`conditions`, rounded to 6 places) sees a value it cannot hold."""


def percent_read(column: str, form: str | None) -> str:
    """`column` of a kind's relation as the fraction the layout holds: a "0-100" column times 0.01 (exact, in
    the column's decimal type), a "0-1" column as it is. Its range and places are `percent_checks`'."""
    if form == "0-100":
        return f"({quote(column)} * CAST(0.01 AS DECIMAL(3,2))) AS {quote(column)}"
    return quote(column)


def percent_checks(entry: TableMapping | None) -> list[tuple[str, str, str]]:
    """(field, form, the SQL test of a value of its relation's column that is no percentage written so): below 0,
    above 100% of its form, or of more decimals than `PERCENT_PLACES` once a fraction. In `check_records`' pass."""
    out = []
    for column, form in entry.percent if entry is not None else ():
        col, scale = quote(column), 10 ** PERCENT_PLACES
        # a CASE, not an OR: the places are counted only within the range, where the product cannot overflow a
        # DECIMAL(38) (10**33 in a DECIMAL(38,0) failed the whole statement, F101 with no row named)
        out.append((column, form, f"(CASE WHEN {col} < 0 OR {col} > 1 THEN TRUE "
                                  f"ELSE {col} * {scale} <> FLOOR({col} * {scale}) END)"))
    return out


def mapped_read(column: str, pairs, values: list, type_: str | None = None) -> str:
    """`column` of a kind's relation read through its value map: CASE over the database's values, each a mark
    (`sql_text.MARK`) whose value is appended to `values`; a value not listed is NULL here, and F230 at its row
    (`check_value_maps`) before anything reads the relation. Compared in the column's own type (`type_`) where
    every listed value is of it (`_typed`), as text otherwise."""
    if not pairs:
        return f"CAST(NULL AS TEXT) AS {quote(column)}"
    subject, keys = _subject(column, pairs, type_)
    cases = " ".join(f"WHEN {_mark(values, key)} THEN {_mark(values, read)}" for key, (_, read) in zip(keys, pairs))
    # a unit not listed stays as written (F230 at its row stops the evaluation; no second F104 for a missing unit)
    otherwise = f" ELSE CAST({quote(column)} AS TEXT)" if column == "unit" else ""
    return f"CASE {subject} {cases}{otherwise} END AS {quote(column)}"


def _subject(column: str, pairs, type_: str | None) -> tuple[str, list]:
    """What a value map compares: `column` in its own type, or as text (`_typed`), and each pair's stored value
    in that form."""
    typed = _typed([raw for raw, _ in pairs], type_)
    subject = quote(column) if typed is not None else f"CAST({quote(column)} AS TEXT)"
    return subject, typed if typed is not None else [raw for raw, _ in pairs]


def where_test(tests, types: dict[str, str], values: list, excluded=()) -> str:
    """The SQL test of a row that a mapping's `where` reads: each (the database's column, the values listed) holds
    one of them, and no column of `excluded` (`except`) one of its own; compared in the column's own type where
    every value listed is of it (`_typed`), as text otherwise; each value a mark (`sql_text.MARK`) appended to
    `values`. A NULL is no value listed: `where` does not keep it (F253 first, at its row), `except` keeps it."""
    out = []
    for column, listed, keep in [(c, v, True) for c, v in tests] + [(c, v, False) for c, v in excluded]:
        typed = _typed(list(listed), types.get(column))
        subject = quote(column) if typed is not None else f"CAST({quote(column)} AS TEXT)"
        marks = ", ".join(_mark(values, v) for v in (typed if typed is not None else listed))
        out.append(f"{subject} IN ({marks})" if keep else f"({quote(column)} IS NULL OR {subject} NOT IN ({marks}))")
    return " AND ".join(out) or "TRUE"


def check_where_nulls(source, problems: TableProblems) -> None:
    """F253 at the first rows of each table a `where` reads that it neither keeps nor leaves out: a column it tests
    is NULL, and every other holds a value listed (and `except` leaves it in) — a deleted flag NULL for a live
    conference, a kind_code never given. Dropped in silence, such a row could change a count. Read from the
    database's table itself, rows numbered there; the values compared as text (one pass, validated once)."""
    for name, (entry, table, read) in source.mapped.items():
        if not entry.where:
            continue
        relation_, row = source.engine.source(table, entry.schema)
        values: list = []
        undecided = " AND ".join(f"({quote(c)} IS NULL OR {where_test([(c, listed)], {}, values)})"
                                 for c, listed in entry.where)
        kept = where_test([], {}, values, entry.excluded)
        columns = [column for column, _ in entry.where]
        unit = f"CAST({quote(read['unit'])} AS TEXT)" if "unit" in read else "CAST(NULL AS TEXT)"
        tested = sorted({*columns, *(c for c, _ in entry.excluded)})
        number, who = quote("planrules:n"), quote("planrules:u")
        # numbered in the whole table first (a window numbers what it is given), then the undecided rows kept
        rows = source.run(placed(
            f"SELECT {number}, {who}, {', '.join(f'{quote(c)} IS NULL' for c in columns)}, COUNT(*) OVER () FROM "
            f"(SELECT {row} AS {number}, {unit} AS {who}, {', '.join(quote(c) for c in tested)} FROM {relation_}) AS "
            f"{quote('planrules:rows')} WHERE ({' OR '.join(f'{quote(c)} IS NULL' for c in columns)}) AND {undecided} "
            f"AND {kept} ORDER BY {number} LIMIT {CAP}", 0), values)
        if rows:
            problems.more("F253", "where_null", name, int(rows[0][-1]) - len(rows))
        for at, unit_, *found in rows:
            column = next(c for c, null in zip(columns, found[:-1]) if null)
            problems.add("F253", "where_null", table=name, row=int(at), unit=unit_, column=column,
                         name=quoted(entry.name))


def stored_read(column: str, pairs, type_: str | None = None) -> tuple[str, dict]:
    """`column`'s value as stored, as its value map compares it (`mapped_read`), and {declared value: the stored
    values that read as it} (the first of the map's pairs a stored value is in decides, as the CASE does): what
    lets the metric statements test `online = 1` where `mapped_read` would give `CASE online … END = TRUE`. A
    stored NULL reads as NULL, and, the map being total (F230 before any metric statement), every other stored
    value as the value the map gives it: the two tests agree on every row."""
    subject, keys = _subject(column, pairs, type_)
    reads: dict = {}
    seen: set = set()
    for key, (_, read) in zip(keys, pairs):
        if key not in seen:
            seen.add(key)
            reads.setdefault(read, []).append(key)
    return subject, {read: tuple(found) for read, found in reads.items()}


_INTEGERS = ("BIGINT", "INTEGER", "SMALLINT", "TINYINT")  # a whole number as text is its canonical decimal
_TEXTS = ("VARCHAR", "TEXT", "CHARACTER VARYING")  # as text, as it is (no padding, unlike CHARACTER)


def _typed(listed: list[str], type_: str | None) -> list | None:
    """`listed` (the database's values, as text) as values of the column's type `type_`, each equal to a value of
    the column exactly when the column's value as text is equal to it; None when some is not (then compare as text).

    A text column's values are themselves; an integer column's `v` is `CAST(v AS TEXT)` only for the canonical
    decimal (`1`, `-3`: never `01`, `+1`, ` 1`), within BIGINT."""
    if type_ in _TEXTS:
        return list(listed)
    if type_ not in _INTEGERS:
        return None
    out = []
    for raw in listed:
        try:
            number = int(raw)
        except ValueError:
            return None
        if str(number) != raw or not -(2 ** 63) <= number < 2 ** 63:
            return None
        out.append(number)
    return out


def check_value_maps(source, tables: dict[str, dict[str, str]], problems: TableProblems) -> None:
    """F230 at the first rows of each mapped table whose mapped column holds a value its map does not list.

    One pass per table counts every mapped column's unlisted values (`COUNT(*) FILTER`, no row number); only a
    column that has some is then located, row by row. Part of the validation a source passes once
    (`validation_cache`: the mapping is in its key)."""
    if source.mapping is None:
        return
    for kind, (entry, _, _) in source.mapped.items():
        columns = [c for c in entry.mapped_values if kind in tables and c in tables[kind]] if kind != "reported" else []
        if not columns:
            continue
        table, row = source.table_source(kind)
        values: list = []
        tests = {c: _unlisted(c, [raw for raw, _ in entry.value_map(c)], values, tables[kind][c]) for c in columns}
        counted = source.run(f"SELECT {', '.join(f'COUNT(*) FILTER (WHERE {t})' for t in tests.values())} "
                             f"FROM {table}", values)[0]
        unit = quote("unit") if "unit" in tables[kind] else "CAST(NULL AS TEXT)"
        for column, found in zip(columns, counted):
            if not found:
                continue
            values = [200]
            test = _unlisted(column, [raw for raw, _ in entry.value_map(column)], values, tables[kind][column])
            rows = source.run(f"SELECT {row}, {unit}, substr(CAST({quote(column)} AS TEXT), 1, $1) FROM {table} "
                              f"WHERE {test} ORDER BY 1 LIMIT {CAP}", values)
            problems.more("F230", "value_not_mapped", kind, int(found) - len(rows))
            for number, who, value in rows:
                problems.add("F230", "value_not_mapped", table=kind, row=number, unit=who, column=column,
                             value=quoted(clip(value)), field=quoted(column))


def _unlisted(column: str, listed: list[str], values: list, type_: str | None = None) -> str:
    """The SQL test of a value of `column` that `listed` (the database's values, as text) leaves out; its values
    appended to `values` as `$n`, compared in the column's type `type_` where they all are of it (`_typed`)."""
    if not listed:
        return f"{quote(column)} IS NOT NULL"
    typed = _typed(listed, type_)
    subject = quote(column) if typed is not None else f"CAST({quote(column)} AS TEXT)"
    marks = []
    for value in typed if typed is not None else listed:
        values.append(value)
        marks.append(f"${len(values)}")
    return f"{quote(column)} IS NOT NULL AND {subject} NOT IN ({', '.join(marks)})"


def adapted(source, vocabulary, light: f.Facts, types: dict[str, str] | None, problems: TableProblems,
            groups: dict[str, RecordGroups] | None = None) -> f.Facts:
    """`light` (the small tables read) as the mapping's shapes complete it: the units table's `level`, the
    `[reported]` table's zeros (`groups`: the record tables' (unit, year) groups the checks read, if they ran)."""
    if source.mapping is None:
        return light
    levels = {name: entry.level for name, entry in unit_parts(source.mapping) if entry.level is not None}
    if levels:  # every unit a units table lists, unless it says otherwise
        light = evolve(light, units=tuple(
            evolve(u, level=levels[u.origin.table]) if u.level is None and u.origin is not None and
            u.origin.table in levels else u for u in light.units))
    return reported_counts(source, vocabulary, light, types, problems, groups)


def reported_counts(source, vocabulary, light: f.Facts, types: dict[str, str] | None,
                    problems: TableProblems, groups: dict[str, RecordGroups] | None = None) -> f.Facts:
    """`light` with a count of zero for each reported (unit, kind, year) that no record of the kind and year has
    (nor an undated record of the unit, nor a count of that kind and year in all or above zero: they say more)."""
    entry = source.mapping.reported if source.mapping is not None else None
    if entry is None or types is None:
        return light
    table, row = source.table_source("reported")
    columns = source.mapped["reported"][2]
    for column in REPORTED_COLUMNS:
        if column not in columns:
            problems.found(RowPlace("reported"), _missing(problems, column))
    if "year" in types and not accepts("integer", types["year"]):
        problems.add("F120", "column_type", table="reported", column="year", found=types["year"], field="year",
                     expected="integer")
    if problems.items:
        return light
    validation = source.validation
    zeros = validation.zeros if validation is not None and validation.reused else None
    if zeros is None:  # not remembered by a validation of the unchanged source: check and group the rows
        text = "unit" in types and accepts("text", types["unit"])
        readings = unit_readings(source, table, row, problems) if text else {}
        zeros = _reported_zeros(source, vocabulary, entry, table, row, light.period, problems,
                                groups if groups and text and _plain_units(source, ["reported", *groups]) else None,
                                readings)
        if zeros is None:
            return light
        if validation is not None:
            validation.zeros = zeros
    builder = FactReader(vocabulary, problems)
    origin = source.origin_of("reported")
    found: dict[str, list[f.Count]] = {}
    keys = getattr(source, "unit_keys", None)
    for kind, unit, year, number in zeros:
        at = RowPlace("reported", number, unit)
        if keys is not None:  # the database's key of the unit: its name (one no table lists: F239, said before)
            unit = keys.get(unit)
            if unit is None:
                continue
        count = builder.count(at, kind, year, 0, (), f.Origin(origin, "reported", number), text=False)
        if count is not None and builder.out.whole(count):
            found.setdefault(unit, []).append(count)
    if problems.items or not found:
        return light
    units = []
    for unit in light.units:
        zeros = found.pop(unit.name, ())
        said = {(c.kind, c.year) for c in unit.counts if c.count > 0 or not c.where}  # a count says more
        zeros = tuple(c for c in zeros if (c.kind, c.year) not in said)
        units.append(evolve(unit, counts=unit.counts + zeros) if zeros else unit)
    for name in sorted(found):  # a unit only the reported table names
        counts = tuple(found[name])
        units.append(f.UnitFacts(name, counts=counts, origin=counts[0].origin))
    return evolve(light, units=tuple(units))


def unit_readings(source, table: str, row: str, problems: TableProblems) -> dict[str, str]:
    """The units of small table `table` (the `[reported]` rows) that read otherwise than stored -> their reading,
    as a unit of a record table or of `counts` reads (`read_name`: composed, trimmed): `"VN-00003 "` and a
    decomposed `"Xã Ba"` are the units `VN-00003` and `Xã Ba`. One that cannot be read (blank, too long) is
    its error at its first row."""
    out = {}
    for raw, number in source.run(f"SELECT {quote('unit')}, MIN({row}) FROM {table} WHERE {quote('unit')} IS NOT "
                                  f"NULL GROUP BY {quote('unit')} ORDER BY 2"):
        if isinstance(raw, str) and raw.isascii() and raw.strip() == raw and 0 < len(raw) <= MAX_NAME:
            continue  # what read_name gives it
        try:
            read = read_name(raw, "unit")
        except BadValue as error:
            problems.bad(RowPlace("reported", number, raw), error)
            continue
        if read != raw:
            out[raw] = read
    return out


def _reported_zeros(source, vocabulary, entry: TableMapping, table: str, row: str, period,
                    problems: TableProblems, groups: dict[str, RecordGroups] | None = None,
                    readings: dict[str, str] | None = None) -> list[list] | None:
    """The `[reported]` table checked (a kind its map does not list: F230; a missing unit, kind or year; a year
    outside the facts' `period`: F150), then
    each reported [kind, unit, year, first row] that no record of the kind and year has; None when a check
    failed. Part of the validation a source passes once: an unchanged source's are remembered with it
    (`Validation.zeros`).

    `groups` (each record kind's (unit, year) groups, read by the checks: `RecordGroups`), given where both
    tables' units are text that SQL compares as Python does (`_plain_units`): the reported rows are read once
    and matched against them in Python, rather than each kind's records grouped again in a join. `readings`: the
    reported units read otherwise than stored (`unit_readings`), matched and counted as they read."""
    mapped = entry.value_map("kind")
    # the map is total, and without one the column holds the declared kinds' names (each decomposed too, as the
    # map's codes): any other value is F230 at its row (a row dropped in silence would leave its unit's zero
    # unknown, with nothing said)
    pairs = mapped or decomposed_too(tuple((k, k) for k in vocabulary.kinds))
    listed = [raw for raw, _ in pairs]
    key = "value_not_mapped" if mapped else "reported_kind_undeclared"
    kind_text = f"CAST({quote('kind')} AS TEXT)"
    marks = ", ".join(f"${i + 1}" for i in range(len(listed)))
    unlisted = f"{kind_text} NOT IN ({marks})" if listed else "TRUE"
    rows = source.run(f"SELECT {row}, {quote('unit')}, substr({kind_text}, 1, 200), COUNT(*) OVER () FROM {table} "
                      f"WHERE {quote('kind')} IS NOT NULL AND {unlisted} ORDER BY 1 LIMIT {CAP}", listed)
    if rows:
        problems.more("F230", key, "reported", int(rows[0][-1]) - len(rows))
    for number, who, value, _ in rows:
        problems.add("F230", key, table="reported", row=number, unit=who, column="kind",
                     value=quoted(clip(value)), field=quoted("kind"))
    for number, column in source.run(
            f"SELECT {row}, CASE WHEN {quote('unit')} IS NULL THEN 'unit' WHEN {quote('kind')} IS NULL THEN 'kind' "
            f"ELSE 'year' END FROM {table} WHERE {quote('unit')} IS NULL OR {quote('kind')} IS NULL OR "
            f"{quote('year')} IS NULL ORDER BY 1 LIMIT {CAP}"):
        problems.missing_cell(RowPlace("reported", number), column)
    year = quote("year")  # a year outside 1900-2200, or not whole (a PostgreSQL NUMERIC), F122 before it is cast
    outside = source.run(f"SELECT {row}, {quote('unit')}, CAST({year} AS TEXT), COUNT(*) OVER () FROM {table} "
                         f"WHERE {year} < $1 OR {year} > $2 OR {year} % 1 <> 0 ORDER BY 1 LIMIT {CAP}", [1900, 2200])
    if outside:
        problems.more("F122", "year_outside", "reported", int(outside[0][-1]) - len(outside))
    for number, who, value, _ in outside:
        problems.add("F122", "year_outside", table="reported", row=number, unit=who,
                     item=problems.shown("reported", "year")[1], text=value)
    if period is not None and not outside:  # F150 for a year outside the facts' period, as for its count
        years = [period[0].year, period[1].year]
        for number, who, year in source.run(
                f"SELECT {row}, {quote('unit')}, CAST({quote('year')} AS INTEGER) FROM {table} WHERE "
                f"CAST({quote('year')} AS INTEGER) < $1 OR CAST({quote('year')} AS INTEGER) > $2 ORDER BY 1 "
                f"LIMIT {CAP}", years):
            found = findings.outside_period(int(year), period)
            if found is not None:
                problems.found(RowPlace("reported", number, who), found)
    if problems.items:
        return None
    kinds: dict[str, list[str]] = {}
    for raw, kind in pairs:
        kinds.setdefault(kind, []).append(raw)
    zeros = []
    readings = readings or {}
    if groups is not None:
        return _unmatched(source, vocabulary, kinds, groups, table, row, kind_text, readings)
    spelled: list = []
    unit = respelled("unit", readings, spelled)  # the reported unit as it reads, a CASE over the few spelled apart
    for kind, raws in kinds.items():
        date = vocabulary.date_field(kind)
        # the (unit, year) the kind's records are in, grouped once (NULL: undated, or a kind with no date): the
        # reported rows of neither (a join on the unit over a few thousand groups, never on the records)
        # (a kind with no date: grouped by unit alone; PostgreSQL refuses a constant in GROUP BY)
        year = year_of(date.name, kind in source.year_kinds) if date is not None else None
        present = (f"(SELECT {quote('unit')}, {year or 'CAST(NULL AS INTEGER)'} AS {quote('y')} FROM {relation(kind)} "
                   f"GROUP BY {quote('unit')}{', ' + year if year else ''})")
        in_kind = ", ".join(f"${i + 1}" for i in range(len(raws)))
        sql = (f"SELECT r.{quote('unit')}, r.{quote('year')}, MIN(r.{quote(MAPPED_ROW)}) FROM (SELECT {row} AS "
               f"{quote(MAPPED_ROW)}, {placed(unit, len(raws))}, CAST({quote('year')} AS INTEGER) AS {quote('year')} "
               f"FROM {table} "
               f"WHERE {kind_text} IN ({in_kind})) AS r LEFT JOIN {present} AS x ON x.{quote('unit')} = "
               f"r.{quote('unit')} AND (x.{quote('y')} = r.{quote('year')} OR x.{quote('y')} IS NULL) "
               f"WHERE x.{quote('unit')} IS NULL GROUP BY r.{quote('unit')}, r.{quote('year')} ORDER BY 3")
        zeros += [[kind, who, int(year), int(number)] for who, year, number in source.run(sql, [*raws, *spelled])]
    return zeros


def _plain_units(source, tables: list[str]) -> bool:
    """Are the units of each of `tables` (the `[reported]` table, record kinds) text that SQL compares as Python
    does (`Engine.plain_text_columns`): the database's own column each is read from?"""
    for name in tables:
        entry, table, columns = source.mapped.get(name) or (None, name, {"unit": "unit"})
        column = columns.get("unit")
        if column is None or not source.engine.plain_text_columns(table, [column], entry.schema if entry else None):
            return False
    return True


def _unmatched(source, vocabulary, kinds: dict[str, list[str]], groups: dict[str, RecordGroups], table: str,
               row: str, kind_text: str, readings: dict[str, str]) -> list[list]:
    """The zeros of `_reported_zeros` from the kinds' `groups`: the reported rows read once (row, unit, kind as
    text, year), each kind's matched against its groups (`RecordGroups.unmatched`), the kinds in `kinds`' order.
    A kind without records (no table) has no group: its every reported row is a zero, as the join finds."""
    by_raw: dict[str, list[tuple]] = {}
    for number, unit, raw, year in source.run(f"SELECT {row}, {quote('unit')}, {kind_text}, CAST({quote('year')} "
                                              f"AS INTEGER) FROM {table} ORDER BY 1"):
        by_raw.setdefault(raw, []).append((number, readings.get(unit, unit), year))
    zeros = []
    for kind, raws in kinds.items():
        reported = [found for raw in raws for found in by_raw.get(raw, ())]
        grouped = groups.get(kind, RecordGroups(kind, (), vocabulary.date_field(kind) is not None))
        zeros += [[kind, unit, int(year), int(number)] for unit, year, number in grouped.unmatched(reported)]
    return zeros


def _missing(problems: TableProblems, column: str):
    from . import findings

    shown, shown_column = problems.shown("reported", column)
    return findings.missing_column(shown_column, shown)
