"""SQL text as the facts layer writes it: identifiers quoted, record relations named, values as `$n`.

Every identifier (a record kind, a field, Vietnamese names with diacritics)
goes through `quote`; every value is a `$n` parameter. The same text runs on
DuckDB and PostgreSQL. Shared by the table sources and by the measure on SQL
(`evaluation.sql`), which imports it from here.
"""

from __future__ import annotations

import re

from ..base.diagnostics import Diagnostic, FactsError
from .layout import Cell
from .limits import MAX_NAME
from .messages import facts_message
from .values import BadValue, read_name, read_text

__all__ = ["ACCEPTS", "EVIDENCE", "MAPPED_ROW", "MAPPED_YEAR", "MARK", "MAX_NAME_BYTES", "ROW", "SPACES", "STORED_YEAR",
           "TID", "accepts", "collated", "numbered", "placed", "quote", "read_free", "relation", "respelled", "stored_as",
           "year_of"]

EVIDENCE = ("records", "problems")
"""What verdicts computed in SQL list: every record counted (as the in-Python path), or only problem records.
A source's setting (`FactSource.evidence`), read by the measure on SQL."""

ROW = "__row"
"""The column every record relation has: the record's 1-based row in its table."""

TID = "planrules:tid"
"""The column of a record relation whose rows an engine numbers late (`engines.Counted`): the row's locator."""


def numbered(columns: list[str], rel: str, scope: str, counted=None) -> str:
    """`SELECT columns FROM rel WHERE scope ORDER BY ROW`, for a statement that names a few records.

    With `counted` (`engines.Counted`: the relation's rows numbered late), the rows are found first, with
    their locators (`TID`); each one's number is then the count of the table's rows between the previous
    row found and itself, summed in locator order: one scan of the table up to the last row found, and no
    sort but of the rows found, where `ROW` numbers every row of the table by a window over all of them. The
    same numbers, in the same statement (one snapshot)."""
    if counted is None:
        return f"SELECT {', '.join(columns)} FROM {rel} WHERE {scope} ORDER BY {quote(ROW)}"
    row, tid, n = quote(ROW), quote(TID), quote("planrules:n")
    low, last = quote("planrules:low"), quote("planrules:found")
    names = [quote(f"planrules:{i}") for i in range(len(columns))]
    found = [f"{c} AS {name}" for c, name in zip(columns, names) if c != row]
    found += [f"{tid}", f"lag({tid}, 1, {counted.first}) OVER (ORDER BY {tid}) AS {low}"]
    between = (f"(SELECT COUNT(*) FROM {counted.relation} AS {quote('planrules:t')} WHERE "
               f"{quote('planrules:t')}.{counted.locator} > {last}.{low} AND "
               f"{quote('planrules:t')}.{counted.locator} <= {last}.{tid}) AS {n}")
    # the number's own name is not ROW: the statement reads no row number of the relation (`FactSource.run`)
    shown = [f"CAST(SUM({n}) OVER (ORDER BY {tid} ROWS UNBOUNDED PRECEDING) AS BIGINT) AS {quote('planrules:row')}"
             if c == row
             else name for c, name in zip(columns, names)]
    return (f"SELECT {', '.join(shown)} FROM (SELECT {last}.*, {between} FROM (SELECT {', '.join(found)} "
            f"FROM {rel} WHERE {scope}) AS {last}) AS {quote('planrules:counted')} ORDER BY {tid}")


def quote(name: str) -> str:
    """`name` as an SQL identifier: in double quotes, each inner double quote doubled.

    Refuses an empty name and one holding NUL (no engine stores them); any
    other text, Vietnamese letters, quotes and `; DROP TABLE` included, is
    taken verbatim as one identifier.
    """
    if not isinstance(name, str) or not name or "\x00" in name:
        raise ValueError(f"not an identifier: {name!r}")
    return '"' + name.replace('"', '""') + '"'


MAX_NAME_BYTES = 63
"""PostgreSQL's longest identifier (NAMEDATALEN - 1 bytes of UTF-8); it silently cuts a longer one."""


def relation(kind: str) -> str:
    """The name of the (temporary) view a source gives every record kind, quoted.

    `"planrules:<kind>"`; when that is longer than PostgreSQL keeps, the
    kind's name is cut and a digest of the whole name added, so that two
    long kinds never share a view.
    """
    name = f"planrules:{kind}"
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        import hashlib

        digest = hashlib.sha256(kind.encode("utf-8")).hexdigest()[:12]
        head = name.encode("utf-8")[:MAX_NAME_BYTES - len(digest) - 1].decode("utf-8", "ignore")
        name = f"{head}~{digest}"
    return quote(name)


def read_free(value: str | None, key: str, expected: str) -> str | None:
    """Free text (an id, a text or unit field) as Python receives it from a table: read as the TOML loader
    reads it (composed, a name trimmed), once `table_checks.TableChecks.read_texts` has refused in SQL what the
    reader refuses; should a text grow past its limit as it is composed, the reader's error all the same."""
    if value is None:
        return None
    if expected == "name" and value.isascii() and 0 < len(value) <= MAX_NAME and value.strip() is value:
        return value  # what read_name gives it, at a third of its cost: a national year has millions of ids
    try:
        return read_name(value, key) if expected == "name" else read_text(value, key, expected)
    except BadValue as error:
        raise FactsError([Diagnostic(error.code, facts_message(error.message, **error.args_), None)]) from None


MAPPED_ROW = "planrules:row"  # the row number's column in a mapped table's renaming subquery
MAPPED_YEAR = "planrules:year"  # a year-only kind's year column (INTEGER) in its relation, beside the date it makes
STORED_YEAR = "planrules:stored year"  # that column as the database stores it: what the checks read (F122)


def year_of(date: str, year_only: bool = False) -> str:
    """The year of a record's date `date`, as SQL: for a kind whose mapping gives a year column (`year = "col"`,
    its date that year's 1 January), that column itself (`MAPPED_YEAR`), the same whole number without a date made
    and taken apart for every row; otherwise the date's year."""
    return quote(MAPPED_YEAR) if year_only else f"CAST(EXTRACT(YEAR FROM {quote(date)}) AS INTEGER)"

# what a declared type accepts of a column's type, as information_schema (upper-cased) spells it
ACCEPTS = {
    "date": ("DATE",),
    "bool": ("BOOLEAN",),
    "days": ("DECIMAL", "NUMERIC", "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER",
             "USMALLINT", "UTINYINT", "INT"),
    "decimal": ("DECIMAL", "NUMERIC", "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER",
                "USMALLINT", "UTINYINT", "INT"),
    "integer": ("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER", "USMALLINT",
                "UTINYINT", "INT", "NUMERIC"),
    "text": ("VARCHAR", "TEXT", "CHARACTER VARYING", "CHARACTER", "STRING"),
}


def accepts(expected: str, type_: str) -> bool:
    """Does a column of type `type_` (`DECIMAL(18,6)`, `CHARACTER VARYING`) hold a field of type `expected`?

    The type's name must be one of the accepted ones, whole: `INTERVAL` is not an `INT`.
    """
    return any(type_ == name or type_.startswith(name + "(") for name in ACCEPTS[expected])


def collated(type_: str) -> bool:
    """Is a column of type `type_` text its database compares by a collation, other than byte by byte? PostgreSQL's
    columns under a nondeterministic collation (`TEXT COLLATE "CI"`), DuckDB's declared `COLLATE NOCASE` and the like
    (`VARCHAR (COLLATE)`), as the engines spell their types (`postgres_engine`, `duckdb_engine`)."""
    return "COLLATE" in type_.replace("(", " ").replace(")", " ").split()


def stored_as(cell: Cell) -> str:
    """The `ACCEPTS` entry a column holding `cell` is checked against: names and text alike are text."""
    return "text" if cell in (Cell.NAME, Cell.TEXT, Cell.VALUE) else "integer" if cell is Cell.YEAR else cell.value


MARK = re.compile("\x00([0-9]+)\x00")
"""A value's place in a relation's SELECT (`respelled`): numbered `$n` when a statement uses it (`placed`).
No identifier holds NUL (`quote`), so no mark is mistaken for one."""


def placed(select: str, offset: int) -> str:
    """`select` with its marks made `$n` placeholders, numbered after a statement's own `offset` values."""
    return MARK.sub(lambda found: f"${offset + int(found[1]) + 1}", select)


def respelled(column: str, spellings: dict[str, str], values: list[str]) -> str:
    """`column` in a relation's SELECT: as stored, or with each spelling replaced by its reading (NFC,
    trimmed). A CASE over the few values spelled otherwise costs the database next to nothing; composing
    every row in SQL (nfc_normalize) costs a national year tens of seconds."""
    if not spellings:
        return quote(column)

    def mark(value: str) -> str:
        values.append(value)
        return f"\x00{len(values) - 1}\x00"

    cases = " ".join(f"WHEN {mark(raw)} THEN {mark(read)}" for raw, read in sorted(spellings.items()))
    return f"CASE {quote(column)} {cases} ELSE {quote(column)} END AS {quote(column)}"


SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
"""What `str.strip` takes off a text (`read_name`), for `ltrim` in SQL."""

