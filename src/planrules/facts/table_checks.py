"""The F1xx checks of a table source, in SQL: what must run inside the database, over every row.

Millions of records are never read into Python to be checked. The checks of a
record table are counted in ONE aggregate query over it (`_run`), which reads
no row number; only a check that fails runs its query, which returns the first
`CAP` offending rows and how many there are in all (`TOTAL`), and each row found
becomes a located problem (`TableProblems`).
Text is checked with the very readers of the TOML path (`values`), on the few
distinct values or rows the query returns.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import NamedTuple

from ..language import model as m
from ..language.vocabulary import Vocabulary
from .limits import CSV_FIELD_LIMIT, MAX_NAME
from . import findings
from .mapping_shapes import PERCENT_PLACES, percent_checks
from .record_groups import RecordGroups
from .sql_text import MAPPED_ROW, ROW, SPACES, STORED_YEAR, accepts, quote, relation
from .table_problems import CAP, RowPlace, TableProblems, unit_shown
from .values import BadValue, clip, negative, read_category, read_date, read_name, read_text, too_long_text

__all__ = ["TOTAL", "TableChecks"]

_NUMBERS = (m.FieldType.DAYS, m.FieldType.INTEGER, m.FieldType.DECIMAL, m.FieldType.PERCENT)  # numeric columns


def _past_storable(type_: str | None) -> bool:
    """Can a column of `type_` hold a number past 10**18 (HUGEINT, UBIGINT, DECIMAL(38,0)), which the layout's
    DECIMAL(18,6) never holds and a statement comparing it with a bound (DECIMAL(38,6)) may fail to cast?"""
    if type_ is None:
        return False
    if type_ in ("HUGEINT", "UHUGEINT", "UBIGINT"):
        return True
    found = re.fullmatch(r"(?:DECIMAL|NUMERIC)\(([0-9]+),\s*([0-9]+)\)", type_)
    return found is not None and int(found[1]) - int(found[2]) > 18

TOTAL = ", COUNT(*) OVER ()"  # the last column of every check query: how many rows it finds in all
_SPACES = "'" + SPACES + "'"  # SPACES as an SQL literal (it holds no quote), for TRIM


class _Check(NamedTuple):
    """One check of a record table: the aggregates that tell whether it fails (`$n` numbered from 1 within
    `params`), the test of their values, and what locates and reports the rows at fault (the error path)."""

    aggregates: tuple[str, ...]
    params: tuple
    fails: Callable[[tuple], bool]
    locate: Callable[[], None]

    @classmethod
    def counting(cls, where: str, params: tuple, locate: Callable[[], None]) -> "_Check":
        """A check that fails when any row holds `where`."""
        return cls((f"COUNT(*) FILTER (WHERE {where})",), tuple(params), lambda values: values[0] > 0, locate)


def _shifted(sql: str, offset: int) -> str:
    """`sql` with its `$n` placeholders numbered after `offset` values of the statement it joins."""
    return re.sub(r"\$([0-9]+)", lambda found: f"${int(found[1]) + offset}", sql)


def _show(value: object) -> str:
    """A number as a message quotes it: as written in a facts file (a stored -1.500000 is -1.5), never thousands
    of digits (`values.clip`)."""
    text = f"{value:f}" if isinstance(value, Decimal) else str(value)
    if isinstance(value, Decimal) and "." in text:
        text = text.rstrip("0").rstrip(".")
    return clip(text)


class TableChecks:
    """The checks of `source`'s tables (a `FactSource`), reporting to `problems`."""

    def __init__(self, source, problems: TableProblems):
        self.source = source
        self.problems = problems
        self.spellings: dict[str, dict[str, dict[str, str]]] = {}  # `read_texts`: what each kind's relation respells
        self.groups: dict[str, RecordGroups] = {}  # `read_texts`: each kind's (unit, year) groups, as it reads them

    def read_texts(self, kind: str, decl: m.RecordKind, columns: dict[str, str], vocabulary: Vocabulary) -> None:
        """Read a record table's text as the TOML loader reads it (`values.read_name`, `read_category`,
        `read_text`), without composing every row in SQL.

        The columns compared inside SQL (the unit, the categories) have few distinct values: each is read
        once in Python, and those spelled otherwise than they read (NFD, spaces around) are replaced by
        their reading in the kind's relation (`respelled`); those refused are reported at their rows. Free
        text (an id, a text or unit field) is composed when Python reads it; `check_records` checks only
        its length in SQL (F120 past `MAX_NAME`, or `CSV_FIELD_LIMIT` for a text field). The spellings
        replaced are kept in `spellings` (kind -> column -> {as stored: as read}): a validation reused
        (`FactSource`, "Validate once") makes the same relation from them without reading a value.

        The units are read from the kind's (unit, year) groups (`RecordGroups`), kept in `groups` for the other
        checks that need them; read again if a unit is respelled (the relation then reads it otherwise)."""
        spellings: dict[str, dict[str, str]] = {}
        refused: dict[str, dict[str, BadValue]] = {}
        categories = {fd.name: fd for fd in decl.fields if fd.type is m.FieldType.CATEGORY and fd.name in columns}
        for column in ("unit", *categories):
            if column == "unit":
                self.groups[kind] = RecordGroups.read(self.source, vocabulary, kind)
                found = [(start,) for start in self.groups[kind].unit_starts(4 * MAX_NAME + 1)]
            else:
                names = [c.name for c in categories[column].categories]
                marks = ", ".join(f"${i + 2}" for i in range(len(names))) or "NULL"
                found = self.source.run(f"SELECT DISTINCT substr({quote(column)}, 1, $1) FROM {relation(kind)} "
                                  f"WHERE {quote(column)} IS NOT NULL AND {quote(column)} NOT IN ({marks})",
                                  [4 * MAX_NAME + 1, *names])
            for (raw,) in found:
                try:
                    read = read_name(raw, column) if column == "unit" else read_category(raw, categories[column])
                except BadValue as error:
                    if error.code != "F113":  # an unknown category: `check_records` says so, at every row
                        refused.setdefault(column, {})[raw] = error
                    continue
                if read != raw:
                    spellings.setdefault(column, {})[raw] = read
        for column, errors in refused.items():
            self._refused_rows(kind, column, errors)
        if spellings:
            self.spellings[kind] = spellings
            self.source.kind_relation(kind, decl, columns, self.problems, spellings)
            if "unit" in spellings:  # its groups as the relation now reads its units
                self.groups[kind] = RecordGroups.read(self.source, vocabulary, kind)

    def _text_checks(self, kind: str, decl: m.RecordKind, columns: dict[str, str]) -> list[_Check]:
        """The checks of a record table's free text (an id, a text or unit field): its length, a blank name."""
        free = [("id", "name")] if "id" in columns else []
        free += [(fd.name, "text" if fd.type is m.FieldType.TEXT else "name") for fd in decl.fields
                 if fd.name in columns and fd.type in (m.FieldType.TEXT, m.FieldType.UNIT)]
        checks = []
        for column, expected in free:
            checks.append(self._long_texts(kind, column, expected))
            if expected == "name":
                checks.append(self._blank_names(kind, column))
        return checks

    def _blank_names(self, kind: str, column: str) -> _Check:
        """F120 at the rows whose name `column` (an id, a unit field) is blank: nothing but what `str.strip`
        takes off, as `read_name` refuses it."""
        rel, row, col = relation(kind), quote(ROW), quote(column)
        # ltrim over a set of characters costs a national year seconds: only a text that starts with one of
        # them (or is empty) is trimmed, and CASE keeps the others from it; a longer one: `_long_texts`
        starts = ", ".join(str(ord(c)) for c in "\x00" + SPACES)
        where = (f"CASE WHEN ascii({col}) IN ({starts}) THEN length({col}) <= $2 AND ltrim({col}, $1) = '' "
                 f"ELSE FALSE END")
        params = (SPACES, MAX_NAME)

        def locate() -> None:
            sql = f"SELECT {row}, {quote('unit')}, {col}{TOTAL} FROM {rel} WHERE {where} ORDER BY {row}"
            for number, who, value in self._first_rows(sql, params, "F120", "wrong_type", kind):
                try:
                    read_name(value, column)
                except BadValue as error:
                    self.problems.bad(RowPlace(kind, number, who), error)

        return _Check.counting(where, params, locate)

    def _refused_rows(self, kind: str, column: str, errors: dict[str, BadValue]) -> None:
        """Report `errors` (a refused spelling -> the reader's error) at the first rows that hold them."""
        shown = list(errors)[:CAP]
        marks = ", ".join(f"${i + 2}" for i in range(len(shown)))
        rel, row = relation(kind), quote(ROW)
        sql = (f"SELECT {row}, {quote('unit')}, substr({quote(column)}, 1, $1){TOTAL} FROM {rel} "
               f"WHERE substr({quote(column)}, 1, $1) IN ({marks}) ORDER BY {row}")
        for number, who, raw in self._first_rows(sql, [4 * MAX_NAME + 1, *shown], errors[shown[0]].code,
                                                 errors[shown[0]].message, kind):
            self.problems.bad(RowPlace(kind, number, None if column == "unit" else who), errors[raw])

    def _long_texts(self, kind: str, column: str, expected: str) -> _Check:
        """F120 at the rows whose `column` is longer than `read_text` takes, in its words (the start quoted).

        Only a text that may be too long is read, and of one over four times the limit (too long however
        it composes) only its start."""
        limit = CSV_FIELD_LIMIT if expected == "text" else MAX_NAME
        rel, row, col = relation(kind), quote(ROW), quote(column)

        def locate() -> None:
            sql = (f"SELECT {row}, {quote('unit')}, length({col}){TOTAL} FROM {rel} WHERE length({col}) > $1 "
                   f"ORDER BY {row}")
            for number, who, size in self._first_rows(sql, [limit], "F120", "text_too_long", kind):
                (value,), = self.source.run(f"SELECT substr({col}, 1, $1) FROM {rel} WHERE {row} = $2",
                                            [41 if size > 4 * limit else size, number])
                try:
                    if size > 4 * limit:
                        raise too_long_text(column, value, expected)
                    read_text(value, column, expected)
                except BadValue as error:
                    self.problems.bad(RowPlace(kind, number, who), error)

        return _Check.counting(f"length({col}) > $1", (limit,), locate)

    def _first_rows(self, sql: str, params: Sequence[object], code: str, key: str,
                    table: str) -> list[tuple]:
        """The first `CAP` rows a check query finds (its last column `TOTAL`, taken off); the rest are counted."""
        rows = self.source.run(f"{sql} LIMIT {CAP}", params)
        if rows:
            self.problems.more(code, key, table, int(rows[0][-1]) - len(rows))
        return [row[:-1] for row in rows]

    def _run(self, kind: str, checks: Sequence[_Check]) -> None:
        """Run `checks` on the relation of `kind`: ONE aggregate query over the table tells which fail, and
        only those run their query locating the rows at fault, in the order given.

        The aggregate reads no row number: a view, a Parquet folder or a PostgreSQL table, which number
        their rows by a window over the whole table, number them only on that error path."""
        aggregates: list[str] = []
        params: list[object] = []
        for check in checks:
            aggregates += [_shifted(a, len(params)) for a in check.aggregates]
            params += check.params
        values = self.source.run(f"SELECT {', '.join(aggregates)} FROM {relation(kind)}", params)[0] \
            if aggregates else ()
        at = 0
        for check in checks:
            if check.fails(tuple(values[at:at + len(check.aggregates)])):
                check.locate()
            at += len(check.aggregates)

    def check_records(self, kind: str, decl: m.RecordKind, vocabulary: Vocabulary,
                       columns: dict[str, str] | None = None,
                       period: tuple[_dt.date, _dt.date] | None = None) -> None:
        """Every check of the records of `kind` (its free text first, as `read_texts` left it), in one pass
        over its table where no check fails (`_run`)."""
        rel, unit, id_, row = relation(kind), quote("unit"), quote("id"), quote(ROW)
        order = f" ORDER BY {row}"
        checks: list[_Check] = self._text_checks(kind, decl, columns or {})

        def first(where: str, params: Sequence[object], shown: str, code: str, key: str, report) -> _Check:
            """A check of the rows `where` holds: the first found, (row, unit, `shown` of it), each to `report`."""
            def locate() -> None:
                for found in self._first_rows(f"SELECT {row}, {unit}, {shown}{TOTAL} FROM {rel} WHERE {where}{order}",
                                              params, code, key, kind):
                    report(*found)
            return _Check.counting(where, tuple(params), locate)

        def no_unit() -> None:
            for (number, _) in self._first_rows(f"SELECT {row}, {id_}{TOTAL} FROM {rel} WHERE {unit} IS NULL{order}",
                                                (), "F104", "missing_cell", kind):
                self.problems.missing_cell(RowPlace(kind, number), "unit")

        checks.append(_Check.counting(f"{unit} IS NULL", (), no_unit))
        mapped = self.source.mapped.get(kind) if getattr(self.source, "mapped", None) else None
        for column, form, where in percent_checks(mapped[0] if mapped else None):
            def outside(number, who, value, column=column, form=form):  # the value as the database holds it
                shown = _show(value * 100 if form == "0-100" else value)
                self.problems.add("F236", "percent_outside", table=kind, row=number, unit=who, column=column,
                                  value=shown, form=f'"{form}"', field=f'"{column}"', low=0,
                                  high=100 if form == "0-100" else 1, places=PERCENT_PLACES - (2 if form == "0-100"
                                                                                               else 0))

            checks.append(first(where, (), quote(column), "F236", "percent_outside", outside))
        for fd in decl.fields:
            col = quote(fd.name)
            wide = fd.type in _NUMBERS and _past_storable((columns or {}).get(fd.name)) and not (
                mapped and mapped[0].percent_form(fd.name))  # (a percentage of a declared form: F236 bounds it)
            if fd.type in _NUMBERS and (columns or {}).get(fd.name) == "NUMERIC" or wide:
                # PostgreSQL's unconstrained NUMERIC holds what no field is: NaN, ±Infinity, any scale;
                # NaN and Infinity compare above every number there.
                # A wider column (HUGEINT, DECIMAL(38,0): a mapping's) holds what no statement can compare with a
                # bound (DECIMAL(38,6)): the same limit, where 10**32 days failed every statement (F101, no row).
                whole = f"{col} <> FLOOR({col}) OR " if fd.type is m.FieldType.INTEGER and not wide else ""

                def not_storable(number, who, value, fd=fd, whole=whole):
                    self.problems.add("F120", "not_storable", table=kind, row=number, unit=who, column=fd.name,
                                      value=clip(value), type="a whole number" if whole else
                                      "a number of days" if fd.type is m.FieldType.DAYS else "a number")

                checks.append(first(f"{col} IS NOT NULL AND ({whole}{col} > $1 OR {col} < $2)",
                                    [10**18, -10**18] if wide else [Decimal(10**18), Decimal(-10**18)],
                                    f"CAST({col} AS TEXT)", "F120", "not_storable", not_storable))
            if fd.type in (m.FieldType.DAYS, m.FieldType.INTEGER):
                def below_zero(number, who, value, fd=fd):
                    self.problems.bad(RowPlace(kind, number, who), negative(fd.name, _show(value)))

                checks.append(first(f"{col} < $1", [0], col, "F123", "negative", below_zero))
            elif fd.type is m.FieldType.CATEGORY:
                names = [c.name for c in fd.categories]
                marks = ", ".join(f"${i + 1}" for i in range(len(names))) or "NULL"

                def unknown(number, who, value, fd=fd):
                    try:
                        read_category(value, fd)  # spelled otherwise (NFD, spaces around): read as declared
                    except BadValue as error:
                        if error.code == "F113":  # too long: F120, said by `read_texts`
                            self.problems.bad(RowPlace(kind, number, who), error)

                checks.append(first(f"{col} IS NOT NULL AND {col} NOT IN ({marks})", names,
                                         f"substr({col}, 1, {4 * MAX_NAME + 1})", "F113", "unknown_category", unknown))
            elif fd.type is m.FieldType.DATE:
                def bad_year(number, who, value, fd=fd):
                    try:
                        read_date(value, fd.name)  # the one date reader: F122 for a year outside 1900-2200
                    except BadValue as error:
                        self.problems.bad(RowPlace(kind, number, who), error)

                checks.append(first(f"{col} < $1 OR {col} > $2", [_dt.date(1900, 1, 1), _dt.date(2200, 12, 31)],
                                         col, "F122", "year_outside", bad_year))
        date = vocabulary.date_field(kind)
        if kind in getattr(self.source, "year_kinds", ()):  # F122 on the year column as stored (its date is made
            # only from 1900-2200)
            stored = quote(STORED_YEAR)

            def bad_stored_year(number, who, value, column=mapped[0].year if mapped else STORED_YEAR):
                self.problems.add("F122", "year_outside", table=kind, row=number, unit=who,
                                  item=f"{column} (year)", text=value)

            checks.append(first(f"{stored} < $1 OR {stored} > $2 OR {stored} % 1 <> 0", [1900, 2200],
                                f"CAST({stored} AS TEXT)", "F122", "year_outside", bad_stored_year))
        if period is not None and date is not None:  # F150: the record's date (its kind's first date field)
            col = quote(date.name)
            checks.append(first(f"{col} < $1 OR {col} > $2", list(period), col, "F150", "outside_period",
                                     lambda number, who, value: self.outside(kind, number, who, value, period)))
        mapped = self.source.mapped.get(kind)
        rows_are_records = mapped is not None and mapped[0].rows_are_records  # no id at all: none given twice
        if not rows_are_records:  # identity = "row": identical rows are records
            checks.append(self._id_check(kind, self._unique_in_database(kind)))
            fields = [self._as_read(fd.name, "text" if fd.type is m.FieldType.TEXT else "name")[0]
                      if fd.type in (m.FieldType.TEXT, m.FieldType.UNIT) else quote(fd.name) for fd in decl.fields]
            checks.append(self._duplicates(kind, [unit, *fields], f"{id_} IS NULL", self._duplicate_records, False))
        self._run(kind, checks)

    def _as_read(self, column: str, expected: str) -> tuple[str, str]:
        """(`column` as Python reads it, the condition of the values that may read otherwise than stored).

        A text is composed (`read_text`), a name (`expected`) also trimmed of what `str.strip` takes off
        (`read_name`). Composing every row costs a national year seconds: only a value that is not plain
        ASCII, or (a name) starts or ends with a character up to the space, is read so; the others are
        as stored."""
        col, engine = quote(column), self.source.engine
        odd, read = engine.non_ascii(col), engine.composed(col)
        if expected == "name":
            odd = f"{odd} OR ascii({col}) <= 32 OR ascii(right({col}, 1)) <= 32"
            read = f"trim(BOTH {_SPACES} FROM {read})"
        return f"(CASE WHEN {odd} THEN {read} ELSE {col} END)", odd

    def _id_check(self, kind: str, kept: bool) -> _Check:
        """F140: no two rows of one unit share an id as Python reads it (`_as_read`: "HỘI-1" composed and
        decomposed, "A1" and " A1" are one id), as the TOML path refuses them.

        The table's one aggregate counts the ids that may read otherwise than stored: with none (a national
        year's ASCII ids), the ids are grouped as stored (`_duplicates`), and not at all when the database
        keeps (unit, id) unique (`kept`, `_unique_in_database`); with some, as read, key or not: the
        database's key holds the stored ids, not the ids read."""
        unit, id_ = quote("unit"), quote("id")
        read, odd = self._as_read("id", "name")
        where = f"{id_} IS NOT NULL"
        as_stored = self._duplicates(kind, [unit, id_], where, self._duplicate_ids, True)
        aggregates = (f"COUNT(*) FILTER (WHERE {where} AND ({odd}))",) + (() if kept else as_stored.aggregates)

        def fails(values: tuple) -> bool:
            if values[0] > 0:
                return self._twice(kind, [unit, read], where)
            return not kept and as_stored.fails(values[1:])

        return _Check(aggregates, (), fails, lambda: self._duplicate_ids(kind, [unit, read]))

    def _twice(self, kind: str, key: Sequence[str], where: str) -> bool:
        """Do two rows `where` holds share `key` (SQL expressions)? Grouped by their hash where the engine
        has one (`_duplicates`)."""
        hashed = self.source.engine.key_hash(list(key))
        return bool(self.source.run(f"SELECT 1 FROM {relation(kind)} WHERE {where} GROUP BY "
                                    f"{hashed or ', '.join(key)} HAVING COUNT(*) > 1 LIMIT 1"))

    def _duplicates(self, kind: str, key: Sequence[str], where: str, locate, in_pass: bool) -> _Check:
        """A check that no two rows `where` holds share `key` (quoted columns), then `locate(kind, key)`.

        Grouping tens of millions of records by their key is the costliest check of a national year; by a
        64-bit hash of it (`Engine.key_hash`) it is far smaller. A hash can only give false candidates, never
        miss a duplicate: the exact grouping runs only when it finds some. `in_pass`: the distinct hashes are
        counted in the table's one aggregate (ids: most records have one); else that aggregate counts the
        rows `where` holds, and only two or more are grouped, by a statement of their own (records without
        ids: most tables have none, and a second distinct count in the pass costs it a fifth more). An engine
        with no hash (PostgreSQL) groups by the key itself, without the row number."""
        hashed = self.source.engine.key_hash(list(key))
        if hashed is not None and in_pass:
            return _Check((f"COUNT(*) FILTER (WHERE {where})", f"COUNT(DISTINCT {hashed}) FILTER (WHERE {where})"),
                          (), lambda values: values[0] > values[1], lambda: locate(kind, key))

        def grouped(values: tuple) -> bool:
            return values[0] > 1 and self._twice(kind, key, where)

        return _Check((f"COUNT(*) FILTER (WHERE {where})",), (), grouped, lambda: locate(kind, key))

    def _duplicate_ids(self, kind: str, key: Sequence[str]) -> None:
        """F140 at the second row of each id given twice in one unit (`key`: the unit and the id as read,
        `_as_read`, which the message quotes), with the first's place."""
        rel, row = relation(kind), quote(ROW)
        unit, id_ = key
        for who, value, first_, second in self._first_rows(
                f"SELECT {unit}, {id_}, MIN({row}), MAX({row}){TOTAL} FROM {rel} WHERE {quote('id')} IS NOT NULL "
                f"GROUP BY {unit}, {id_} HAVING COUNT(*) > 1 ORDER BY MIN({row})", (), "F140", "duplicate_id", kind):
            found = findings.duplicate_id(kind, value, unit_shown(who), self.problems.where(kind, first_))
            self.problems.found(RowPlace(kind, second, who), found)

    def _duplicate_records(self, kind: str, key: Sequence[str]) -> None:
        """F141 at the second of each pair of identical records without ids (their text as read, `_as_read`),
        with the first's place."""
        rel, row = relation(kind), quote(ROW)
        for first_, second, who in self._first_rows(
                f"SELECT MIN({row}), MAX({row}), {key[0]}{TOTAL} FROM {rel} WHERE {quote('id')} IS NULL "
                f"GROUP BY {', '.join(key)} HAVING COUNT(*) > 1 ORDER BY MIN({row})", (), "F141", "duplicate_record",
                kind):
            found = findings.duplicate_record(kind, unit_shown(who), self.problems.where(kind, first_))
            self.problems.found(RowPlace(kind, second, who), found)

    def _unique_in_database(self, kind: str) -> bool:
        """Does the database itself keep (unit, id) unique in the table behind `kind`?

        Then no two records share an id (F140) and the grouping of every record
        by its key — the costliest check of a national year — is not run: a
        primary key or UNIQUE constraint (`Engine.unique_keys`) on the columns
        the relation's (unit, id) are read from, or on some of them. Under a
        mapping those are the database's own columns, an identity's (the id made
        of them, `FactSource._apply_mapping`) included. A unit column whose
        relation reads two stored values as one unit proves nothing: one read
        through a value map, or with values respelled (`read_texts`: "xa_1"
        stored composed and decomposed is two keys to the database, one unit
        here). Then only a constraint without it counts (the id alone). Nor does a key over
        ids that read otherwise than stored ("HỘI-1" composed and decomposed, " A1"): `_id_check`
        groups them as read whenever the table holds some."""
        mapped = self.source.mapped.get(kind)
        table, schema, read = (mapped[1], mapped[0].schema, mapped[2]) if mapped is not None else (
            kind, None, {"unit": "unit", "id": "id"})
        key = {read["id"]} if "id" in read else set(self.source.identities.get(kind, ()))
        respelled = "unit" in self.spellings.get(kind, {}) or (
            mapped is not None and "unit" in mapped[0].mapped_values)
        if "unit" in read and not respelled:
            key.add(read["unit"])
        return any(columns <= key for columns in self.source.engine.unique_keys(table, schema))

    def _numbered(self, table: str, columns: Sequence[str]) -> str:
        """A subquery of a small table with its row number (`MAPPED_ROW`) and `columns`, for checks in SQL."""
        source, row = self.source.table_source(table)
        select = [f"CAST({row} AS BIGINT) AS {quote(MAPPED_ROW)}", *(quote(c) for c in columns)]
        return f"(SELECT {', '.join(select)} FROM {source})"

    def check_counts(self, tables: dict[str, dict[str, str]]) -> None:
        """F131, in SQL over the whole `counts` table: a count with conditions larger than a count of the same
        unit, kind and year whose conditions are some of its own (35 online conferences of 30 in all)."""
        if "counts" not in tables:
            return
        conditions = [c for c in tables["counts"] if c not in self.source.layout.table("counts").required]
        if not conditions:
            return
        numbered = self._numbered("counts", ("unit", "kind", "year", "count", *conditions))
        row, count = quote(MAPPED_ROW), quote("count")

        def given(side: str) -> str:
            return " + ".join(f"CASE WHEN {side}.{quote(c)} IS NOT NULL THEN 1 ELSE 0 END" for c in conditions)

        subset = " AND ".join(f"(b.{quote(c)} IS NULL OR b.{quote(c)} = a.{quote(c)})" for c in conditions)
        pairs = (f"SELECT a.{row} AS {quote('a')}, b.{row} AS {quote('b')}, a.{quote('unit')} AS {quote('unit')}, "
                 f"a.{quote('kind')} AS {quote('kind')}, a.{quote('year')} AS {quote('year')}, "
                 f"a.{count} AS {quote('more')}, b.{count} AS {quote('less')}, "
                 + ", ".join(f"a.{quote(c)} AS {quote('a:' + c)}, b.{quote(c)} AS {quote('b:' + c)}"
                             for c in conditions)
                 + f", row_number() OVER (PARTITION BY a.{row} ORDER BY b.{row}) AS {quote('k')} "
                 f"FROM {numbered} AS a JOIN {numbered} AS b ON a.{quote('unit')} = b.{quote('unit')} "
                 f"AND a.{quote('kind')} = b.{quote('kind')} AND a.{quote('year')} = b.{quote('year')} "
                 f"WHERE a.{count} > b.{count} AND {subset} AND ({given('a')}) > ({given('b')})")
        shown = ", ".join(f"{quote('a:' + c)}, {quote('b:' + c)}" for c in conditions)
        sql = (f"SELECT {quote('a')}, {quote('b')}, {quote('unit')}, {quote('kind')}, {quote('year')}, "
               f"{quote('more')}, {quote('less')}, {shown}{TOTAL} FROM ({pairs}) AS {quote('pairs')} "
               f"WHERE {quote('k')} = 1 ORDER BY {quote('a')}")
        for a, b, unit, kind, year, more, less, *values in self._first_rows(sql, (), "F131", "count_exceeds",
                                                                            "counts"):
            mine = [(c, v) for c, v in zip(conditions, values[0::2]) if v is not None]
            other = [(c, v) for c, v in zip(conditions, values[1::2]) if v is not None]
            found = findings.count_exceeds(more, kind, year, mine, less, other, self.problems.where("counts", b))
            self.problems.found(RowPlace("counts", a, unit), found)

    def check_dates(self, tables: dict[str, dict[str, str]], period: tuple[_dt.date, _dt.date] | None) -> None:
        """F150, in SQL over each small table: a delivery's or an event's date outside the period, or the year
        of a count or a value (records: `check_records`)."""
        if period is None:
            return
        row = quote(MAPPED_ROW)
        for table, column, bounds in (("counts", "year", (period[0].year, period[1].year)),
                                      ("values", "year", (period[0].year, period[1].year)),
                                      ("deliveries", "date", period), ("assessments", "date", period),
                                      ("events", "date", period)):
            if table not in tables or column not in tables[table] or \
                    not accepts("integer" if column == "year" else "date", tables[table][column]):
                continue  # a column of another type: the rows read say what is wrong
            unit = quote("unit") if "unit" in tables[table] else "CAST(NULL AS TEXT)"
            col = quote(column)
            sql = (f"SELECT {row}, {unit}, {col}{TOTAL} FROM {self._numbered(table, [c for c in tables[table]])} "
                   f"AS {quote('t')} WHERE {col} < $1 OR {col} > $2 ORDER BY {row}")
            for number, who, value in self._first_rows(sql, list(bounds), "F150", "outside_period", table):
                self.outside(table, number, who, value, period)

    def outside(self, table: str, row: int, unit: object, value: object, period: tuple[_dt.date, _dt.date]) -> None:
        """F150 at a row the query found: its date (or year) outside the period of the facts."""
        day_or_year = value.date() if isinstance(value, _dt.datetime) else value
        if isinstance(day_or_year, str):  # a date Python holds none of (`infinity`): its own check says so, at its row
            return
        found = findings.outside_period(int(day_or_year) if not isinstance(day_or_year, _dt.date) else day_or_year,
                                        period)
        if found is not None:
            self.problems.found(RowPlace(table, row, unit), found)

