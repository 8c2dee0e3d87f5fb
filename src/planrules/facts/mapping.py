"""Mapping files: a plan's record kinds and fields onto a database's own tables and columns.

A table source (`sources`) expects the layout of docs/sql.md: one table per
record kind, named as the kind, with columns named as its fields. A real
database has its own names; a small TOML file says which of its tables and
columns hold what (docs/sql.md, "Mapping"):

```toml
[tables."hội_nghị"]                 # a declared record kind, or counts, values, deliveries, assessments, events, units, period
table = "meetings"                  # the database's table (a view will do), verbatim
schema = "reporting"                # optional: another schema than the source's
[tables."hội_nghị".columns]         # declared column -> the database's column
unit = "commune_code"
"ngày" = "held_on"
```

Reading is strict (`read_strict_toml`, as for facts files): unknown keys,
wrong types and names no database can hold are errors located in the file
(path:line:column and a caret). `Mapping.check` then checks the declared
names against the vocabulary in force (an unknown kind or field, with "did
you mean"), and `Mapping.resolve` checks the database's names against what
the source really has (a missing table or column: both names, and the
place in the file) — all before any query on the data runs. Nothing here
builds SQL: `sources` reads each mapped table through a subquery that
renames its columns, every identifier quoted by `sql_text.quote`.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Iterable, Mapping as _MappingABC

from attrs import field, frozen

from ..base.diagnostics import Diagnostic, FactsError, Message, Severity
from .layout import SMALL_TABLES
from .limits import MAX_DEPTH, MAX_DIGITS, MAX_FACTS_BYTES
from .messages import facts_message
from .text_file import TextFile, dotted
from .toml_text import read_strict_toml
from .values import quoted, shown_found
from ..base.files import Refused, read_file
from ..base.source import Span, normalize
from ..base.suggest import closest

__all__ = ["KEY_COLUMN", "Mapping", "PERCENT_FORMS", "REPORTED_COLUMNS", "ROW_IDENTITY", "TableMapping", "YEAR_COLUMN", "as_mapping",
           "decomposed_too", "except_column", "identity_column", "load_mapping", "where_column"]

KEY_COLUMN = "planrules:key"
"""Where a renaming subquery of a units table puts its `key` column: the key other tables name its units by."""
YEAR_COLUMN = "planrules:year"
"""Where a renaming subquery puts a kind's year column (`year = …`): no declared name holds a colon."""


def identity_column(i: int) -> str:
    """Where a renaming subquery puts the `i`-th identity column."""
    return f"planrules:identity:{i}"


def where_column(i: int) -> str:
    """How `Mapping.resolve` names the database's column of the `i`-th test of `where` (never a declared name)."""
    return f"planrules:where:{i}"


def except_column(i: int) -> str:
    """How `Mapping.resolve` names the database's column of the `i`-th test of `except`."""
    return f"planrules:except:{i}"


_TABLE_KEYS = ("table", "schema", "columns", "identity", "year", "values", "level", "percent", "key", "where", "except")
_REPORTED_KEYS = ("table", "schema", "columns", "values", "where", "except")
REPORTED_COLUMNS = ("unit", "kind", "year")
"""The columns of the `[reported]` table: unit U reported kind K for year Y (possibly zero)."""
ROW_IDENTITY = "row"
"""`identity = "row"`: each row of the table is one record; identical rows are distinct records."""
PERCENT_FORMS = ("0-100", "0-1")
"""`percent.FIELD`: how a percentage column is written — the number of percent (45.5 for 45,5%), or the fraction
(0.455) — and so the range every value of it must lie in."""


def decomposed_too(pairs: tuple[tuple[str, object], ...]) -> tuple[tuple[str, object], ...]:
    """`pairs` (a value as the database writes it, what it reads as) with each value's decomposed spelling (NFD)
    after them, reading alike. The mapping file is composed as it is read (NFC), as every text of planrules is, so
    a value stored decomposed ("quán" as macOS and some input methods write it) is the value its key names, as a
    category typed decomposed in a record table is the plan's category; it was F230, "holds "quán", which the
    values … do not list", the two spellings alike on screen. Other spellings (case, spaces) stay apart."""
    keys = {raw for raw, _ in pairs}
    extra = []
    for raw, read in pairs:
        spelled = unicodedata.normalize("NFD", raw) if isinstance(raw, str) else raw
        if spelled not in keys:
            keys.add(spelled)
            extra.append((spelled, read))
    return (*pairs, *extra)


@frozen
class TableMapping:
    """Where one declared table (a record kind or a facts table) is in the database."""

    name: str  # the declared name: a record kind, or counts, values, deliveries, assessments, events, units, period
    table: str  # the database's table, verbatim
    schema: str | None = None  # None: the source's own schema
    columns: tuple[tuple[str, str], ...] = ()  # (declared column, the database's column)
    identity: tuple[str, ...] = ()  # the database's columns that tell its records apart (it has no id)
    rows_are_records: bool = False  # identity = "row": identical rows are distinct records
    year: str | None = None  # the database's column whose year stands for the kind's date field
    # declared column -> ((the database's value as text, the declared category), …): a total value map
    values: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    # declared yes/no column -> (the database's values meaning yes, … meaning no), as text
    yes_no: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()
    level: str | None = None  # the units table: the level (cấp) of every unit it lists, when it has no column
    # declared percentage column -> how the database writes it (`PERCENT_FORMS`): "0-100" is divided by 100
    percent: tuple[tuple[str, str], ...] = ()
    # a units table: the database's column its other tables name these units by (a commune's internal code),
    # when it is not the `unit` column (docs/sql.md, "Units from the database's own tables")
    key: str | None = None
    # `where`: (the database's column, the values as text it must hold, …) — the rows of the table that are
    # this declared table's: a wide table's rows of one kind (`kind_code`), the rows not marked deleted
    where: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # `except`: (the database's column, the values as text that leave a row out, …); NULL leaves no row out
    excluded: tuple[tuple[str, tuple[str, ...]], ...] = ()
    at: tuple = ()  # where it is in the mapping file: ("tables", name), ("tables", "units", 1), ("reported",)

    @property
    def place(self) -> tuple:
        """Its path in the mapping file (keys as written), for diagnostics."""
        return self.at or (("reported",) if self.name == "reported" else ("tables", self.name))

    def percent_form(self, column: str) -> str | None:
        """"0-100" or "0-1" when the mapping declares how `column` (a percentage field) is written; None: not said."""
        return next((form for name, form in self.percent if name == column), None)

    def value_map(self, column: str) -> tuple[tuple[str, object], ...] | None:
        """(the database's value as text, the declared value) of `column`'s map or yes/no lists, each value also
        decomposed (`decomposed_too`); None: not mapped."""
        found = next((pairs for name, pairs in self.values if name == column), None)
        if found is not None:
            return decomposed_too(found)
        lists = next(((yes, no) for name, yes, no in self.yes_no if name == column), None)
        if lists is None:
            return None
        return decomposed_too(tuple((v, True) for v in lists[0]) + tuple((v, False) for v in lists[1]))

    @property
    def mapped_values(self) -> tuple[str, ...]:
        """The declared columns whose values the mapping translates."""
        return tuple(n for n, _ in self.values) + tuple(n for n, _, _ in self.yes_no)

    @property
    def renames(self) -> dict[str, str]:
        return dict(self.columns)

    @property
    def shown(self) -> str:
        """The database's table as messages name it: `schema.table` when another schema."""
        return f"{self.schema}.{self.table}" if self.schema else self.table


@frozen
class Mapping:
    """A mapping file, read and checked on its own (see `Mapping.check` and `Mapping.resolve` for the rest)."""

    name: str  # the file's path, or "<mapping>" for a mapping given as data
    tables: tuple[TableMapping, ...]
    reported: TableMapping | None = None  # `[reported]`: rows meaning "unit U reported kind K for year Y"
    _file: TextFile | None = field(default=None, eq=False, repr=False, alias="file")

    def get(self, name: str) -> TableMapping | None:
        return next((t for t in self.tables if t.name == name), None)

    @property
    def read_tables(self) -> frozenset[str]:
        """The source's own tables (of its schema) the file reads for a declared table: a table named `events`
        that the file reads as conferences is not also the layout's table `events` (docs/sql.md, Mapping)."""
        return frozenset(t.table for t in (*self.tables, self.reported) if t is not None and t.schema is None)

    @property
    def units(self) -> tuple[TableMapping, ...]:
        """The units tables (`[tables.units]`, or each `[[tables.units]]`), in the file's order."""
        return tuple(t for t in self.tables if t.name == "units")

    # -- places --

    def diagnostic(self, path: tuple, code: str, key: str, hints: Iterable[Message] = (), *,
                   at_value: bool = False, **args: object) -> Diagnostic:
        """A problem at `path` of the file (keys as written), with its line and a caret; at the file without one."""
        hints = tuple(hints)
        if self._file is None:
            place = self.name + (f" ({dotted(path)})" if path else "")
            return Diagnostic(code, facts_message(key, **args), None, Severity.ERROR,
                              (*hints, facts_message("place", place=place)))
        line, column = self._file.place(path, at_value)
        return Diagnostic(code, facts_message(key, **args), Span(self.name, line, column, line, column + 1),
                          Severity.ERROR, hints, self._file.line_text(line))

    # -- against the vocabulary --

    def check(self, accepted: _MappingABC[str, Iterable[str]]) -> list[Diagnostic]:
        """The declared names against the tables of the vocabulary in force: `accepted` maps each declared
        table (record kinds and facts tables) to its columns. An unknown one is an error with "did you mean".
        The shapes (value maps, year, identity, reported) are `mapping_shapes.shapes_check`'s."""
        problems = []
        for entry in self.tables:
            if entry.name not in accepted:
                names = list(accepted)
                problems.append(self.diagnostic(entry.place, "F105", "mapping_unknown_table",
                                                _suggest(entry.name, names), name=quoted(entry.name)))
                continue
            columns = list(accepted[entry.name])
            for declared, _ in entry.columns:
                if entry.name == "units" and declared not in columns and closest(declared, columns) is None:
                    continue  # a units table's further columns are its units' attributes (a near miss: F103)
                if declared not in columns:
                    code = "F103" if entry.name in SMALL_TABLES else "F111"
                    problems.append(self.diagnostic((*entry.place, "columns", declared), code,
                                                    "mapping_unknown_field", _suggest(declared, columns),
                                                    name=quoted(declared), table=quoted(entry.name)))
        return problems

    # -- against the database --

    def resolve(self, entry: TableMapping, lookup: Callable[[str, str | None], dict[str, str] | None],
                tables: Iterable[str], source: str) -> tuple[str | None, dict[str, str], list[Diagnostic]]:
        """The database's table of `entry`, as the database spells it, and its columns (name -> type).

        `lookup(table, schema)` gives a table's columns, or None when there is
        no such table; `tables` are the source's own tables (for "did you mean").
        Names are compared as written, then as NFC (a database may hold decomposed
        names). Returns (the table's name, {declared column: the database's column},
        problems): a missing table or column names both the declared name and the database's.
        """
        problems: list[Diagnostic] = []
        table, columns = _find(entry.table, lambda name: lookup(name, entry.schema),
                               tables if entry.schema is None else ())
        if columns is None:
            hints = _suggest(entry.table, list(tables)) if entry.schema is None else ()
            problems.append(self.diagnostic((*entry.place, "table"), "F105", "mapped_table_missing",
                                            (*hints, facts_message("place", place=source)),
                                            at_value=True, name=quoted(entry.name), table=quoted(entry.shown),
                                            source=source))
            return None, {}, problems
        renames: dict[str, str] = {}
        base = entry.place
        wanted = [(declared, target, (*base, "columns", declared)) for declared, target in entry.columns]
        if entry.year is not None:
            wanted.append((YEAR_COLUMN, entry.year, (*base, "year")))
        if entry.key is not None:
            wanted.append((KEY_COLUMN, entry.key, (*base, "key")))
        wanted += [(identity_column(i), target, (*base, "identity", i)) for i, target in enumerate(entry.identity)]
        wanted += [(where_column(i), target, (*base, "where", target)) for i, (target, _) in enumerate(entry.where)]
        wanted += [(except_column(i), target, (*base, "except", target)) for i, (target, _) in enumerate(entry.excluded)]
        for declared, target, path in wanted:
            found = target if target in columns else next(
                (c for c in columns if unicodedata.normalize("NFC", c) == target), None)
            if found is None:
                hints = (*_suggest(target, list(columns), accepted=False),
                         facts_message("mapping_columns_are", table=quoted(entry.shown),
                                           names=", ".join(columns) or "-"),
                         facts_message("place", place=source))
                problems.append(self.diagnostic(path, "F103",
                                                "mapped_column_missing", hints, at_value=True,
                                                name=quoted(entry.name), column=quoted(path[-1] if isinstance(
                                                    path[-1], str) else path[-2]), target=quoted(target),
                                                table=quoted(entry.shown)))
                continue
            renames[declared] = found
        return table, renames, problems


def _find(name: str, lookup: Callable[[str], dict[str, str] | None], tables: Iterable[str]):
    found = lookup(name)
    if found is not None:
        return name, found
    for other in tables:
        if other != name and unicodedata.normalize("NFC", other) == name:
            found = lookup(other)
            if found is not None:
                return other, found
    return None, None


def _suggest(word: str, names: list[str], *, accepted: bool = True) -> tuple[Message, ...]:
    hints: list[Message] = []
    close = closest(word, names)
    if close is not None and close != word:
        hints.append(facts_message("did_you_mean", name=quoted(close)))
    if accepted and names:
        hints.append(facts_message("accepted", names=", ".join(names)))
    return tuple(hints)


# ----------------------------------------------------------------- reading --


class _Reader:
    def __init__(self, name: str, file: TextFile | None):
        self.mapping = Mapping(name, (), file=file)
        self.problems: list[Diagnostic] = []

    def report(self, path: tuple, code: str, key: str, hints: Iterable[Message] = (), *, at_value: bool = False,
               **args: object) -> None:
        self.problems.append(self.mapping.diagnostic(path, code, key, hints, at_value=at_value, **args))

    def keys(self, path: tuple, table: dict, allowed: tuple[str, ...], where: str) -> None:
        for key in table:
            if key not in allowed:
                self.report(path + (key,), "F103", "unknown_key", _suggest(key, list(allowed)), item=quoted(key),
                            table=where)

    def table(self, path: tuple, value: object) -> dict | None:
        if isinstance(value, dict):
            return value
        self.report(path, "F120", "wrong_type", at_value=True, item=dotted(path), expected=("a table", "một bảng"),
                    found=shown_found(value))
        return None

    def name(self, path: tuple, value: object) -> str | None:
        if not isinstance(value, str):
            self.report(path, "F120", "wrong_type", at_value=True, item=dotted(path),
                        expected=("a name (text)", "một tên (văn bản)"), found=shown_found(value))
            return None
        if not value or "\x00" in value or value != value.strip():
            self.report(path, "F120", "mapping_bad_name", at_value=True, item=dotted(path), found=quoted(value))
            return None
        return value

    def document(self, document: dict) -> tuple[tuple[TableMapping, ...], TableMapping | None]:
        self.keys((), document, ("tables", "reported"), "the mapping")
        tables = self.table(("tables",), document.get("tables", {}))
        out = []
        for name, raw in (tables or {}).items():
            several = name == "units" and isinstance(raw, list)  # [[tables.units]]: several units tables
            for path, one in ([(("tables", name, i), r) for i, r in enumerate(raw)] if several else
                              [(("tables", name), raw)]):
                found = self.entry(path, name, one, _TABLE_KEYS)
                if found is not None:
                    out.append(found)
        reported = None
        if "reported" in document:
            reported = self.entry(("reported",), "reported", document["reported"], _REPORTED_KEYS)
        return tuple(out), reported

    def entry(self, path: tuple, name: str, raw: object, allowed: tuple[str, ...]) -> TableMapping | None:
        entry = self.table(path, raw)
        if entry is None:
            return None
        self.keys(path, entry, allowed, dotted(path))
        table = self.name(path + ("table",), entry["table"]) if "table" in entry else name
        schema = self.name(path + ("schema",), entry["schema"]) if "schema" in entry else None
        columns = []
        raw_columns = self.table(path + ("columns",), entry.get("columns", {}))
        for declared, target in (raw_columns or {}).items():
            column = self.name(path + ("columns", declared), target)
            if column is not None:
                columns.append((declared, column))
        identity, rows = self.identity(path + ("identity",), entry["identity"]) if "identity" in entry else ((), False)
        year = self.name(path + ("year",), entry["year"]) if "year" in entry else None
        values, yes_no = self.values(path + ("values",), entry.get("values", {}))
        level = self.name(path + ("level",), entry["level"]) if "level" in entry else None
        percent = self.percent(path + ("percent",), entry["percent"]) if "percent" in entry else ()
        key = self.name(path + ("key",), entry["key"]) if "key" in entry else None
        where = self.where(path + ("where",), entry["where"]) if "where" in entry else ()
        excluded = self.where(path + ("except",), entry["except"], "except") if "except" in entry else ()
        if table is None or (schema is None and "schema" in entry):
            return None
        return TableMapping(name, table, schema, tuple(columns), identity, rows, year, values, yes_no, level,
                            percent, key, where, excluded, path)

    def where(self, path: tuple, raw: object, key: str = "where") -> tuple[tuple[str, tuple[str, ...]], ...]:
        """`where = { kind_code = ["MTG"], deleted = [0] }`: each of the database's columns and the values (a list,
        or one) a row must hold in it to be read; none at all would read no row, and is refused. `except = {
        deleted = [1] }` alike: the values that leave a row out."""
        out = []
        for column, value in (self.table(path, raw) or {}).items():
            at = path + (column,)
            if self.name(at, column) is None:
                continue
            if value == []:
                self.report(at, "F251", "mapping_where_empty", at_value=True, column=column, part=key)
                continue
            texts = self.texts(at, value if isinstance(value, list) else [value])
            if texts:
                out.append((column, tuple(texts)))
        return tuple(out)

    def percent(self, path: tuple, raw: object) -> tuple[tuple[str, str], ...]:
        """`percent.FIELD = "0-100"` (the column holds the number of percent) or `"0-1"` (the fraction)."""
        out = []
        for column, form in (self.table(path, raw) or {}).items():
            if form not in PERCENT_FORMS:
                self.report(path + (column,), "F237", "mapping_percent_form", (facts_message(
                    "accepted", names=", ".join(f'"{f}"' for f in PERCENT_FORMS)),), at_value=True,
                    field=quoted(column), found=shown_found(form))
                continue
            out.append((column, form))
        return tuple(out)

    def identity(self, path: tuple, value: object) -> tuple[tuple[str, ...], bool]:
        """`identity = ["a", "b"]` (the database's columns) or `identity = "row"`."""
        if value == ROW_IDENTITY:
            return (), True
        if not isinstance(value, list) or not value:
            self.report(path, "F120", "wrong_type", at_value=True, item=dotted(path),
                        expected=('a list of column names, or "row"', 'một danh sách tên cột, hoặc "row"'),
                        found=shown_found(value))
            return (), False
        names = [self.name(path + (i,), v) for i, v in enumerate(value)]
        return tuple(n for n in names if n is not None), False

    def values(self, path: tuple, raw: object) -> tuple[tuple, tuple]:
        """`values.COLUMN`: a value map (the database's value = the declared category) or yes/no lists."""
        maps, lists = [], []
        for column, table in (self.table(path, raw) or {}).items():
            where = path + (column,)
            table = self.table(where, table)
            if table is None:
                continue
            if table and all(isinstance(v, list) for v in table.values()):  # yes = [...], no = [...]
                self.keys(where, table, ("yes", "no"), dotted(where))
                yes = self.texts(where + ("yes",), table.get("yes", []))
                no = self.texts(where + ("no",), table.get("no", []))
                for i, value in enumerate(no):
                    if value in yes:
                        self.report(where + ("no", i), "F233", "mapping_yes_and_no", at_value=True,
                                    value=quoted(value), column=quoted(column))
                lists.append((column, tuple(yes), tuple(no)))
                continue
            pairs = []
            for key, value in table.items():
                read = self.name(where + (key,), value)
                if read is not None:
                    pairs.append((key, read))
            maps.append((column, tuple(pairs)))
        return tuple(maps), tuple(lists)

    def texts(self, path: tuple, value: object) -> list[str]:
        """A yes/no list: each value the database may hold (text, a whole number, true/false), as text."""
        if not isinstance(value, list):
            self.report(path, "F120", "wrong_type", at_value=True, item=dotted(path),
                        expected=("a list of values", "một danh sách giá trị"), found=shown_found(value))
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, bool):
                out.append("true" if item else "false")
            elif isinstance(item, (int, str)) and str(item) != "":
                out.append(str(item))
            else:
                self.report(path + (i,), "F120", "wrong_type", at_value=True, item=dotted(path),
                            expected=("text, a whole number or true/false", "văn bản, số nguyên hoặc true/false"),
                            found=shown_found(item))
        return out


def _toml_problems(reader: _Reader, problems) -> None:
    file = reader.mapping._file
    for problem in problems:
        span = Span(file.name, problem.line, problem.column, problem.line, problem.column + 1)

        def add(code: str, key: str, **args: object) -> None:
            reader.problems.append(Diagnostic(code, facts_message(key, **args), span, Severity.ERROR, (),
                                              file.line_text(problem.line)))

        if problem.kind == "bare_key":
            add("F107", "bare_key", name=problem.text)
        elif problem.kind == "too_deep":
            add("F100", "toml_too_deep", limit=MAX_DEPTH)
        elif problem.kind == "duplicate":
            add("F100", "toml_duplicate", item=quoted(dotted(problem.path)), first=problem.first)
        elif problem.kind == "long_number":
            add("F120", "number_too_long", item=dotted(problem.path) if problem.path else ("the file", "tệp"),
                text=problem.text, count=problem.count, limit=MAX_DIGITS)
        else:
            add("F100", "toml_syntax", reason=problem.text)


def loads_mapping(text: str, name: str = "<mapping>") -> Mapping:
    """A mapping from TOML text; `FactsError` listing every problem, each at its line and column."""
    file = TextFile(name, normalize(text))
    reader = _Reader(name, file)
    document, problems = read_strict_toml(file)
    _toml_problems(reader, problems)
    tables, reported = reader.document(document) if document is not None else ((), None)
    if reader.problems:
        raise FactsError(sorted(reader.problems, key=lambda d: (d.span.line, d.span.column) if d.span else (0, 0)))
    return Mapping(name, tables, reported, file=file)


def load_mapping(path: str | os.PathLike) -> Mapping:
    """Read a mapping file (strict UTF-8 TOML, at most `limits.MAX_FACTS_BYTES`)."""
    name = os.fspath(path)

    def fail(code: str, key: str, span: Span | None = None, **args: object) -> FactsError:
        return FactsError([Diagnostic(code, facts_message(key, path=name, **args), span)])

    try:  # bounded; a FIFO, a device or a kernel file is refused unopened (`files`)
        data, size = read_file(name, MAX_FACTS_BYTES)
    except Refused as refusal:
        raise fail("F101", "unreadable", Span(name, 1, 1, 1, 2), reason=refusal.reason) from None
    if max(size, len(data)) > MAX_FACTS_BYTES:
        raise fail("F101", "facts_too_large", limit=MAX_FACTS_BYTES)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise fail("F102", "not_utf8", Span(name, line, column, line, column + 1), offset=error.start) from None
    return loads_mapping(text, name)


def from_data(data: _MappingABC, name: str = "<mapping>") -> Mapping:
    """A mapping given as parsed data (`{"tables": {"hội_nghị": {"table": …, "columns": {…}}}}`), checked alike."""
    reader = _Reader(name, None)
    if not isinstance(data, _MappingABC):
        reader.report((), "F120", "wrong_type", item="mapping", expected=("a table", "một bảng"), found=shown_found(data))
        raise FactsError(reader.problems)
    tables, reported = reader.document(dict(data))
    if reader.problems:
        raise FactsError(reader.problems)
    return Mapping(name, tables, reported)


def as_mapping(mapping: Mapping | str | os.PathLike | _MappingABC | None) -> Mapping | None:
    """`mapping=` as the sources take it: None, a `Mapping`, a path to a mapping file, or parsed data."""
    if mapping is None or isinstance(mapping, Mapping):
        return mapping
    if isinstance(mapping, _MappingABC):
        return from_data(mapping)
    return load_mapping(mapping)
