"""A database connection as a table source uses it: run a statement, list tables and columns, name rows.

`Engine` is what `FactSource` talks to; `duckdb_engine` and `postgres_engine`
implement it. Every query has a time limit (`QUERY_TIMEOUT`).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Sequence

from attrs import frozen

from ..base.diagnostics import Diagnostic, FactsError
from .messages import facts_message

__all__ = ["QUERY_TIMEOUT", "RACY_NS", "Counted", "Engine", "Fingerprint", "Watched", "content_digest",
           "error_text", "timed_out"]


@frozen
class Fingerprint:
    """What a source's data is now, for `validation_cache`: equal fingerprints, the same data.

    `state` is compared as it is; `racy` names files changed within `RACY_NS` of when they were first
    examined, whose times cannot tell two versions apart: their content is compared too."""

    state: str
    racy: tuple[str, ...] = ()

@frozen
class Counted:
    """How an engine numbers a few rows of a table without numbering the whole table (`Engine.counted`).

    A row's number is how many rows of `relation` have a `locator` up to its own: a table's rows are
    counted between two found rows' locators, which the engine reads without a sort (PostgreSQL: a TID
    range scan over `ctid`). `first` is a locator below every row's."""

    relation: str
    locator: str
    first: str


class Engine:
    """One database connection: runs statements, says what tables and columns exist."""

    name: str

    plain_text = False
    """Is every text column compared as Python compares its strings (code point by code point, no padding, no
    collation)? Then what a statement would join on text can be matched in Python (`record_groups`). True only
    for the tables planrules itself makes of files (`duckdb_engine.FolderEngine`): a database's column may
    carry a collation (DuckDB's `COLLATE NOCASE`, PostgreSQL's nondeterministic ones) or pad (`CHAR(n)`)."""

    def plain_text_columns(self, table: str, columns: Sequence[str], schema: str | None = None) -> bool:
        """Are `columns` of `table` text that SQL compares as Python compares its strings (`plain_text`), each?
        An engine that can tell it column by column from its catalogue says so (PostgreSQL)."""
        return self.plain_text

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

    def composed(self, text: str) -> str:
        """An SQL expression: the text `text` (an expression) composed, NFC, as `values.read_text` composes it."""
        raise NotImplementedError

    def non_ascii(self, text: str) -> str:
        """An SQL condition: the text `text` holds a character outside ASCII (it may compose otherwise); cheap
        enough to test on every record of a national year."""
        raise NotImplementedError

    def unique_keys(self, table: str, schema: str | None = None) -> list[frozenset[str]]:
        """The column sets the database itself keeps unique in `table`: primary keys, UNIQUE constraints
        and (PostgreSQL) unique indexes over plain columns. Files and views keep none."""
        return []

    def origin(self, table: str) -> str:
        """How a record's label names the place of table `table`."""
        return self.name

    def fingerprint(self, trust_unchanged: bool = False) -> Fingerprint | None:
        """What the data is now (`Fingerprint`), or None when nothing cheap proves it unchanged.

        `trust_unchanged`: the user's word that what the engine can show but not prove (PostgreSQL's
        statistics, updated after the fact) says whether the data changed (`--trust-unchanged-source`)."""
        return None

    def source(self, table: str, schema: str | None = None) -> tuple[str, str]:
        """(relation to select from, expression of the 1-based row number) for table `table`.

        `schema`: a table of another schema than the source's (a mapping's `schema`).
        """
        raise NotImplementedError

    def counted(self, table: str, schema: str | None = None) -> Counted | None:
        """How a few rows of `table` are numbered without numbering all of them (`Counted`), or None when
        the row expression of `source` is as cheap (DuckDB's `rowid`, a file's row) or the only way (a view).

        Numbering every row by a window over the whole table sorts it; a statement that names a few
        records (`sql_text.numbered`) counts the rows before each instead."""
        return None

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



RACY_NS = 2 * 10**9
"""A file changed less than this (nanoseconds) before a source first examines it is compared by content too.

A file's times tick with the kernel's clock, in steps of up to a few milliseconds: two writes within
one step, of the same size, leave the same mtime and ctime (Git calls such a file "racily clean"). Only
a file written just before it is read can be in that step; for those few, its SHA-256 removes the doubt."""


class Watched:
    """The files a source's data is, their state taken when the source opened them (`file_states`): the
    fingerprint of a DuckDB file (and its write-ahead log) or of a folder's Parquet and CSV files.

    Each file's path, size, mtime_ns, ctime_ns, inode and device (or that it is absent). The ctime is what
    catches a file rewritten to the same size with its mtime set back (`touch -d`, `os.utime`): the kernel
    sets it to the clock on every change of content or times, and only the clock's owner can set it back.
    The inode (with the device) catches a file replaced by another, written beside it and renamed."""

    def __init__(self, paths: Sequence[str]):
        self.paths = tuple(paths)
        started = time.time_ns()
        self.opened = file_states(self.paths)
        self.racy = tuple(entry[0] for entry in self.opened or () if entry[1] is not None
                          and started - max(entry[2], entry[3]) < RACY_NS)

    def fingerprint(self) -> Fingerprint | None:
        """The files' state, if it is still the one they had when opened (else None: not provably what was read)."""
        now = file_states(self.paths)
        if now is None or now != self.opened:
            return None
        return Fingerprint(json.dumps(now, ensure_ascii=False), self.racy)


def file_states(paths: Sequence[str]) -> list[list] | None:
    """Each file's [path, size, mtime_ns, ctime_ns, inode, device], or [path, None] when it is absent; None when
    a file cannot be examined."""
    out: list[list] = []
    for path in paths:
        try:
            state = os.stat(path)
        except FileNotFoundError:
            out.append([path, None])
            continue
        except OSError:
            return None
        out.append([path, state.st_size, state.st_mtime_ns, state.st_ctime_ns, state.st_ino, state.st_dev])
    return out


def content_digest(path: str) -> str | None:
    """The SHA-256 of a file's bytes, or None when it cannot be read."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as file:
            for block in iter(lambda: file.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()
