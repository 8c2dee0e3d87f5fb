"""The (unit, year) groups of a record table: read once, for every first-run check that needs them.

A first evaluation (a source not validated before: `validation_cache`) needs
four things of each record table that are all its (unit, year) groups: the
units it names, as stored (their spellings: `TableChecks.read_texts`), the
units that have records (`SmallTables.read`), the (unit, year) of its dated
records (F134, records and counts of one year: `SmallTables`), and the
(unit, year) a `[reported]` row is matched against (its zeros:
`mapping_shapes`). Each was a statement of its own over every record; one
grouping (`GROUP BY unit, year`, a few thousand rows out of a national year's
tens of millions) now answers them all, in Python, each exactly as its own
statement did (tests/test_record_groups.py draws tables and compares).

The year is the one those checks group by (`sql_text.year_of`): the date's
year, the mapping's year column of a year-only kind, NULL for an undated
record or a kind with no date.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from attrs import frozen

from .sql_text import quote, relation, year_of

__all__ = ["RecordGroups", "group_year"]


def group_year(vocabulary, source, kind: str) -> str | None:
    """The SQL year of a record of `kind` its groups are made by (None: a kind with no date)."""
    date = vocabulary.date_field(kind)
    return year_of(date.name, kind in source.year_kinds) if date is not None else None


@frozen
class RecordGroups:
    """The distinct (unit, year) of a record kind's relation, in the engine's `ORDER BY unit, year` (NULLs as
    it places them). `dated`: the kind has a date field (its year NULL only for an undated record)."""

    kind: str
    pairs: tuple[tuple[object, object], ...]
    dated: bool

    @classmethod
    def read(cls, source, vocabulary, kind: str) -> "RecordGroups":
        """The groups of `kind`'s relation as it reads now (`FactSource.run`): one statement over its records."""
        year = group_year(vocabulary, source, kind)
        date = vocabulary.date_field(kind)
        if year is not None and kind not in source.year_kinds:
            # a date outside 1900-2200 has no year here, as it has none anywhere (F122 at its row, by the checks
            # that follow): PostgreSQL's `infinity` has no year an INTEGER holds, and the cast failed this statement
            # whole (F101, no row named) before the check could say where
            year = (f"CASE WHEN {quote(date.name)} >= DATE '1900-01-01' AND {quote(date.name)} <= DATE '2200-12-31' "
                    f"THEN {year} END")
        unit = quote("unit")
        rows = source.run(f"SELECT {unit}, {year or 'CAST(NULL AS INTEGER)'} FROM {relation(kind)} "
                          f"GROUP BY {unit}{', ' + year if year else ''} ORDER BY 1, 2")
        return cls(kind, tuple((found, y) for found, y in rows), year is not None)

    def units(self) -> list:
        """The units named (NULL left out), each once: `SELECT DISTINCT unit … WHERE unit IS NOT NULL`."""
        return list(dict.fromkeys(found for found, _ in self.pairs if found is not None))

    def unit_starts(self, size: int) -> list:
        """Each unit's first `size` characters, each once: `SELECT DISTINCT substr(unit, 1, size) … WHERE unit IS
        NOT NULL` (SQL's substr counts characters, code points, as Python's slice)."""
        return list(dict.fromkeys(found[:size] for found in self.units()))

    def years(self) -> list[tuple[object, object]]:
        """`SELECT DISTINCT unit, year … [WHERE year IS NOT NULL] ORDER BY 1, 2` of F134: a dated kind's dated
        records (an undated one has no year), every group of a kind with no date (its year NULL)."""
        return [pair for pair in self.pairs if not self.dated or pair[1] is not None]

    def unmatched(self, reported: Iterable[Sequence[object]]) -> list[tuple[object, int, int]]:
        """The `[reported]` rows (row, unit, year: an integer) of this kind that no group matches, grouped by
        (unit, year) with their first row, in the order of that row: the anti-join of `mapping_shapes`, `LEFT
        JOIN groups ON unit = unit AND (year = year OR year IS NULL) WHERE no group`, for units compared as
        Python compares strings (`Engine.plain_text_columns`). A unit's undated records match every year."""
        present = {pair for pair in self.pairs if pair[0] is not None}
        undated = {found for found, y in present if y is None}
        first: dict[tuple[object, int], int] = {}
        for number, found, year in reported:
            if found in undated or (found, year) in present:  # (a NULL unit matches none, as in SQL)
                continue
            key = (found, year)
            if key not in first or number < first[key]:
                first[key] = number
        return sorted(((found, year, number) for (found, year), number in first.items()), key=lambda z: z[2])
