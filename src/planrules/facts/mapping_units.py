"""Units from a database's own tables: several units tables, and the key its other tables name units by.

A reporting system keeps its units in tables of its own — communes, and
provinces above them — and names a unit, everywhere else, by a column of its
own (`commune_code`, an internal id), which need not be what the plan's
register calls the unit. A mapping says both (docs/sql.md, "Units from the
database's own tables"):

```toml
[[tables.units]]                     # each units table, one after the other
table = "communes"
columns = { unit = "gso_code", label = "commune_name", parent = "province_code" }
key = "commune_code"                 # what the other tables hold in their unit columns
level = "xã"
[[tables.units]]
table = "provinces"
columns = { unit = "province_code", label = "province_name" }
level = "tỉnh"
```

Every units table is read as the facts' `units` table is (its rows say what a
register says, checked against the plan's register by the fit: F216); a unit
listed in two of them is F144, as in one. With a `key` (on any of them), the
database names its units by their keys everywhere — the record tables, the
facts tables, `[reported]`, a units table's `parent` and `successor` — and each
key is translated to its unit's name in Python, on the few distinct values the
checks read anyway: no record is joined to anything, no SQL changes. The map is
total: a key no units table lists is F239 at its row; a key of two units, F240.
A units table without `key` keys its units by their names.

`values.unit` of a record kind's table is the other way: a hand list, read in
SQL like any value map (`mapping_shapes.mapped_read`), for a few codes of one
table; beside a `key` it is refused (F238), since the key already names them.
"""

from __future__ import annotations

from ..base.diagnostics import Diagnostic
from .mapping import Mapping, TableMapping
from .sql_text import ROW, quote, relation
from .table_problems import CAP, TableProblems
from .values import BadValue, clip, quoted, read_name

__all__ = ["UnitKeys", "unit_parts", "units_check"]


def unit_parts(mapping: Mapping | None) -> list[tuple[str, TableMapping]]:
    """(the name a source reads it under, its mapping) of each units table: "units" for the first, then
    "units:<its table>" (named so in the places of its rows: `commune.duckdb (units:provinces[3])`)."""
    parts = mapping.units if mapping is not None else ()
    return [("units" if i == 0 else f"units:{entry.table}", entry) for i, entry in enumerate(parts)]


def units_check(mapping: Mapping) -> list[Diagnostic]:
    """The units tables against each other and the keys against the value maps, before any query: a table read
    twice (F238), a `key` on a table that is no units table (F232), `values.unit` beside a key (F238) or as
    yes/no lists (F232)."""
    out: list[Diagnostic] = []
    seen: set[tuple] = set()
    keyed = any(entry.key is not None for entry in mapping.units)
    for entry in mapping.units:
        where = (entry.schema, entry.table)
        if entry.where and all(other.where for other in mapping.units if (other.schema, other.table) == where):
            continue  # one table of communes and provinces, each read by its `where` (a unit in both is F144)
        if where in seen:
            out.append(mapping.diagnostic((*entry.place, "table"), "F238", "units_table_twice", at_value=True,
                                          table=quoted(entry.shown)))
        seen.add(where)
    for entry in (*mapping.tables, *((mapping.reported,) if mapping.reported is not None else ())):
        if entry.name == "units":
            continue
        if entry.key is not None:
            out.append(mapping.diagnostic((*entry.place, "key"), "F232", "mapping_units_only", what="key",
                                          table=quoted(entry.name)))
        if any(column == "unit" for column, _, _ in entry.yes_no):
            out.append(mapping.diagnostic((*entry.place, "values", "unit"), "F232", "mapping_unit_form"))
        if keyed and any(column == "unit" for column, _ in entry.values):
            out.append(mapping.diagnostic((*entry.place, "values", "unit"), "F238", "unit_map_and_key",
                                          table=quoted(entry.name)))
    return out


class UnitKeys:
    """The database's key of each unit -> the unit's name, from its units tables; what translates every other
    table's unit column (`name`), each key not listed said at its row (F239)."""

    def __init__(self, problems: TableProblems, columns: dict[str, str]):
        self.problems = problems
        self.columns = columns  # each units table (as a source reads it) -> its key column, as the database names it
        self.shown = ", ".join(f"{problems.shown(t)[0]}.{c}" for t, c in columns.items())  # in messages
        self.names: dict[str, str] = {}
        self._first: dict[str, tuple[str, int]] = {}  # key -> (table, row) of its first unit

    def add(self, key: object, name: str, table: str, row: int) -> None:
        """Unit `name` keyed `key` at `table`'s row `row`; F240 when another unit has that key already."""
        key = str(key) if key is not None else name
        other = self.names.get(key)
        if other is not None and other != name:
            self.problems.add("F240", "unit_key_twice", table=table, row=row, unit=name, column=self.column(table),
                              value=quoted(clip(key)), named=quoted(name), other=quoted(other),
                              first=self.problems.where(*self._first[key]))
            return
        self.names.setdefault(key, name)
        self._first.setdefault(key, (table, row))

    def column(self, table: str) -> str:
        return self.columns.get(table, "unit")

    def name(self, key: object, table: str, row: int | None, column: str = "unit") -> str | None:
        """The unit keyed `key` (None: F239 at `table`'s row `row`, its `column` named as the database names it)."""
        found = self.names.get(str(key)) if key is not None else None
        if found is None and key is not None:
            self.problems.add("F239", "unit_key_unknown", table=table, row=row, unit=key, column=column,
                              value=quoted(clip(str(key))), keys=self.shown)
        return found

    def records(self, source, kind: str, keys: list[str]) -> dict[str, str]:
        """The names of `keys`, the distinct units of record kind `kind`'s table; those no units table lists are
        F239 at the first rows holding them (one query, run only then)."""
        return self._located(source, kind, keys, relation(kind), quote(ROW))

    def table(self, source, table: str) -> None:
        """F239 at the first rows of small table `table` (`[reported]`) whose unit no units table lists."""
        relation_, row = source.table_source(table)
        keys = [k for (k,) in source.run(f"SELECT DISTINCT {quote('unit')} FROM {relation_} WHERE "
                                         f"{quote('unit')} IS NOT NULL")]
        # each as it reads (composed, trimmed), as the records' units and the units tables' keys do: "c-31 " is c-31
        self._located(source, table, [k for k in keys if _reading(k) not in self.names], relation_, row)

    def _located(self, source, table: str, keys: list, relation_: str, row: str) -> dict[str, str]:
        out = {k: self.names[k] for k in keys if k in self.names}
        unknown = [k for k in keys if k not in self.names]
        if unknown:
            marks = ", ".join(f"${i + 1}" for i in range(len(unknown)))
            rows = source.run(f"SELECT {row}, {quote('unit')}, COUNT(*) OVER () FROM {relation_} "
                              f"WHERE {quote('unit')} IN ({marks}) ORDER BY 1 LIMIT {CAP}", unknown)
            self.problems.more("F239", "unit_key_unknown", table, int(rows[0][-1]) - len(rows) if rows else 0)
            for number, key, _ in rows:
                self.name(key, table, number)
        return out


def _reading(key: object) -> object:
    """A key as a name reads (`read_name`), or as it is when it cannot be read (its error is said elsewhere)."""
    try:
        return read_name(key, "unit")
    except BadValue:
        return key
