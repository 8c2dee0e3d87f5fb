"""A database connection as a table source uses it: run a statement, list tables and columns, name rows.

`Engine` is what `FactSource` talks to; `duckdb_engine` and `postgres_engine`
implement it. Every query has a time limit (`QUERY_TIMEOUT`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..base.diagnostics import Diagnostic, FactsError
from .messages import facts_message

__all__ = ["QUERY_TIMEOUT", "Engine", "error_text", "timed_out"]

class Engine:
    """One database connection: runs statements, says what tables and columns exist."""

    name: str

    def run(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        raise NotImplementedError

    def tables(self) -> dict[str, dict[str, str]]:
        """Table name -> {column: type, in table order}; types upper-cased."""
        raise NotImplementedError

    def key_hash(self, columns: Sequence[str]) -> str | None:
        """An SQL expression hashing `columns` (quoted) to one integer, or None when the engine has none.

        Finding duplicate keys among tens of millions of records is a grouping
        by the key; grouped by a 64-bit hash it is far smaller and faster. A
        hash can only give false candidates, never miss a duplicate, so the
        exact grouping runs only when the hash finds some."""
        return None

    def unique_keys(self, table: str, schema: str | None = None) -> list[frozenset[str]]:
        """The column sets the database itself keeps unique in `table`: primary keys, UNIQUE constraints
        and (PostgreSQL) unique indexes over plain columns. Files and views keep none."""
        return []

    def origin(self, table: str) -> str:
        """How a record's label names the place of table `table`."""
        return self.name

    def source(self, table: str, schema: str | None = None) -> tuple[str, str]:
        """(relation to select from, expression of the 1-based row number) for table `table`.

        `schema`: a table of another schema than the source's (a mapping's `schema`).
        """
        raise NotImplementedError

    def columns_of(self, table: str, schema: str) -> dict[str, str] | None:
        """The columns (name -> type) of `table` in another schema `schema`; None when there is no such table."""
        return None

    def close(self) -> None:
        pass


def error_text(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


QUERY_TIMEOUT = 600.0
"""Seconds one query of a source may run (`--query-timeout`) before it is stopped with `F101`.

A national year's costliest statement takes well under a minute; a hostile view (a cross join
of millions of rows by millions) would otherwise never end. None: no limit."""


def timed_out(name: str, seconds: float | None) -> FactsError:
    return FactsError([Diagnostic("F101", facts_message("timeout", seconds=f"{seconds:g}"), None,
                                  hints=(facts_message("place", place=name),
                                         facts_message("timeout_hint")))])

