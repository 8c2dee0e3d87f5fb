"""PostgreSQL as a table source's engine, through psycopg 3: the tables of one schema, the same `$n` SQL."""

from __future__ import annotations

from ..base.diagnostics import Diagnostic, FactsError
import json

from .engines import QUERY_TIMEOUT, Counted, Engine, Fingerprint, error_text, timed_out
from .messages import facts_message
from .sql_text import quote
from .targets import describe, libpq_conninfo, redacted

__all__ = ["MIN_SERVER_VERSION", "PARALLEL_TUPLE_COST", "SETTINGS", "WORK_MEM", "PostgresEngine"]


WORK_MEM = "64MB"
"""The memory a sort or hash of this session may take before spilling to disk, at least (`work_mem`)."""

PARALLEL_TUPLE_COST = "0.01"
"""What the planner of this session counts for a row a parallel worker hands over, at most (`parallel_tuple_cost`,
0.1 by default)."""


MIN_SERVER_VERSION = 130000
"""The oldest PostgreSQL read (`server_version_num`): 13, whose normalize() composes text as planrules reads it."""


_JOINS = ("LEFT JOIN pg_catalog.pg_collation l ON l.oid = a.attcollation "
          "LEFT JOIN pg_catalog.pg_type d1 ON d1.oid = a.atttypid AND d1.typtype = 'd' "
          "LEFT JOIN pg_catalog.pg_type d2 ON d2.oid = d1.typbasetype AND d2.typtype = 'd' "
          "LEFT JOIN pg_catalog.pg_type d3 ON d3.oid = d2.typbasetype AND d3.typtype = 'd'")
_TYPE = ("pg_catalog.format_type(COALESCE(d3.typbasetype, d2.typbasetype, d1.typbasetype, a.atttypid), NULL) || "
         "CASE WHEN COALESCE(l.collisdeterministic, TRUE) THEN '' ELSE ' COLLATE ' || pg_catalog.quote_ident(l.collname) "
         "END")
"""A column's type as the checks see it (`sql_text.accepts`), with `_JOINS`: a domain's is its base type (up to three
domains deep: `CREATE DOMAIN commune_code AS VARCHAR(12) CHECK (…)` is text, its values the base type's, compared by
its operators), and a text column under a nondeterministic collation (ICU's case- or accent-insensitive ones, the
column's or its domain's) is `TEXT COLLATE "ci"`, no text type, so refused (F120) wherever the layout reads text.
PostgreSQL groups and compares its values by the collation ('A' and 'a' one unit, 'quan_triet' matching
'QUAN_TRIET'), where the in-Python path tells them apart: read, its counts would differ from the same facts' anywhere
else."""


_GRANTED = ("pg_catalog.has_table_privilege(c.oid, 'SELECT'), "
            "pg_catalog.has_column_privilege(c.oid, a.attnum, 'SELECT')")
"""May the role read the whole relation, and the column (`PostgresEngine._readable`)?"""


SETTINGS = (("standard_conforming_strings", "on"), ("quote_all_identifiers", "off"), ("DateStyle", "ISO, YMD"),
            ("IntervalStyle", "postgres"), ("extra_float_digits", "1"), ("TimeZone", "UTC"), ("bytea_output", "hex"))
"""The settings that say how SQL text is read and a value is written as text, fixed for the session: the statements
mean what they say (a backslash in a literal is a backslash: off, an identity's `replace(…, '\\', '\\\\')` was a
syntax error; the catalogue names a type as the checks know it: quote_all_identifiers on, a text column was
`"text"` and refused), and what a value map compares and an identity is made of does not depend on who connects."""


_ORDERED = frozenset({"TEXT", "CHARACTER VARYING", "CHARACTER", "NAME", "DATE", "BOOLEAN", "NUMERIC", "INTEGER",
                      "BIGINT", "SMALLINT", "REAL", "DOUBLE PRECISION", "UUID", "TIMESTAMP WITHOUT TIME ZONE",
                      "TIMESTAMP WITH TIME ZONE", "TIME WITHOUT TIME ZONE", "TIME WITH TIME ZONE", "INTERVAL", "JSONB",
                      "BYTEA", "MONEY", "INET", "CIDR", "OID"})
"""Types (as `_TYPE` writes them, upper-cased) a view's rows may be ordered by as they are."""


def _ordered(type_: str) -> bool:
    """Can a column of `type_` order rows as it is (`ORDER BY`)? Arrays of such a type too; any other type (json,
    xml, the geometric ones, a composite, or one of the database's own, whose order is its own) is ordered by its text."""
    base = type_.split(" COLLATE ")[0]
    while base.endswith("[]"):
        base = base[:-2]
    return base in _ORDERED


def _read_char_as_text(con) -> None:
    """Read a `CHAR(n)` value (`bpchar`) without the spaces that pad it, as PostgreSQL itself compares it and casts
    it to text: a `[reported]` unit `'VN-00003    '` is the unit `VN-00003` the units table names, in Python as in
    the statements. Read padded, it named no unit, and that unit's zero was lost (its count unknown)."""
    from psycopg.adapt import Loader

    class Unpadded(Loader):
        def load(self, data) -> str:
            return bytes(data).decode(con.info.encoding).rstrip(" ")

    con.adapters.register_loader("bpchar", Unpadded)


def _read_any_date(con) -> None:
    """Read a `DATE` Python cannot hold (`infinity`, `-infinity`, a year past 9999 or before 1) as its text, as the
    server writes it: the readers of a date then refuse it at its row (`values.read_date`: F121, F122), as the
    same text in a facts file. psycopg's own loader raised, and the statement reading a small table, or locating a
    record's date outside 1900-2200, failed whole (F101, no table, row or column)."""
    import psycopg
    from psycopg.types.datetime import DateLoader

    class AnyDate(DateLoader):
        def load(self, data):
            try:
                return super().load(data)
            except psycopg.DataError:
                return bytes(data).decode("ascii", "replace")

    con.adapters.register_loader("date", AnyDate)


class PostgresEngine(Engine):
    """A PostgreSQL database through psycopg 3: the tables of one schema, the same `$n` SQL text (`RawCursor`).

    Autocommit: every statement stands alone, so a failing one leaves nothing
    half done. Nothing is created, not even a temporary view (the record
    relations are a WITH clause of each statement): a role with SELECT alone,
    a read-only transaction or a hot standby is enough.
    """

    def __init__(self, conninfo: str, schema: str, timeout: float | None = QUERY_TIMEOUT):
        import psycopg

        self.schema = schema
        self.timeout = timeout
        self.con = None
        self._conninfo = conninfo = libpq_conninfo(conninfo)
        try:
            info = psycopg.conninfo.conninfo_to_dict(conninfo)
        except psycopg.Error as error:
            raise self._error(error, "PostgreSQL") from None
        self.name = redacted(describe(info, schema), conninfo)  # a misread URL may put it in the host
        try:
            self.con = psycopg.connect(conninfo, autocommit=True, cursor_factory=psycopg.RawCursor,
                                       connect_timeout=int(info.get("connect_timeout") or 10))
        except (psycopg.Error, ValueError) as error:
            raise self._error(error, self.name) from None
        _read_char_as_text(self.con)
        _read_any_date(self.con)
        self.con.read_only = True  # every transaction `run` opens: BEGIN READ ONLY
        try:
            # Text in UTF-8 whatever the role, the database or the connection string asks (client_encoding=LATIN1,
            # WIN1258): a Vietnamese category sent in another encoding could not be written at all, and one read in
            # it would not be the plan's. Set first, before any statement sends or reads text.
            self.run("SELECT pg_catalog.set_config('client_encoding', 'UTF8', false)")
            # A value cast to text (a value map's or an identity's column: `CAST("seq" AS TEXT)`) is what the session
            # writes it as: a date under DateStyle, a float under extra_float_digits (0.30000000000000004 is '0.3' at
            # -15, one id with 0.3), a timestamp with time zone under TimeZone, bytea and intervals by their own
            # settings. The same for every session, whatever the role, the database or the connection string set.
            for setting, value in SETTINGS:
                self.run("SELECT pg_catalog.set_config($1, $2, false)", [setting, value])
            # The server's own encoding is how PostgreSQL counts (length), trims and composes (normalize, UTF8
            # only) the text the checks test in SQL: in SQL_ASCII a character is its bytes, so a 400-letter
            # Vietnamese name is "longer than 1,000" and no id "holds a character outside ASCII" (its spellings,
            # composed and decomposed, never grouped as one: a duplicate id missed); in WIN1258 a letter with its
            # marks is several characters of one byte each. Refused (F247) rather than counted otherwise.
            # normalize() (text composed as it is read) came with PostgreSQL 13, collisdeterministic with 12: an
            # older server failed a statement of the catalogue, with no word of why (F101: no such column)
            (version, shown), = self.run("SELECT CAST(pg_catalog.current_setting('server_version_num') AS INTEGER), "
                                         "pg_catalog.current_setting('server_version')")
            if version < MIN_SERVER_VERSION:
                raise FactsError([Diagnostic("F248", facts_message("server_version", path=self.name,
                                                                      version=shown), None)])
            (encoding,), = self.run("SELECT pg_catalog.current_setting('server_encoding')")
            if encoding != "UTF8":
                raise FactsError([Diagnostic("F247", facts_message("server_encoding", path=self.name,
                                                                      encoding=encoding), None,
                                             hints=(facts_message("server_encoding_hint"),))])
            # Functions and operators come from pg_catalog only, whatever the database's search_path
            # holds; relations are schema-qualified, but for this session's temporary views.
            self.run("SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', false)")
            # the server stops a statement past the time limit (0: none), as a timer does for DuckDB
            self.run("SELECT pg_catalog.set_config('statement_timeout', $1, false)",
                     [str(int(timeout * 1000)) if timeout else "0"])
            # Grouping a year's records by unit and year: under the server's default work_mem (4 MB) the planner
            # sorts them on disk where a hash aggregate in memory is several times faster. The session asks for
            # WORK_MEM when the server gives it less, never less than it gives.
            self.run("SELECT pg_catalog.set_config('work_mem', $1, false) WHERE pg_catalog.pg_size_bytes("
                     "pg_catalog.current_setting('work_mem')) < pg_catalog.pg_size_bytes($1)", [WORK_MEM])
            # JIT compiles each statement's expressions anew, about 0.8 s on a loaded machine for the conferences'
            # rows statement with its caps, more than it saves on statements of a few seconds: off for the session
            # (a server without JIT has no such setting).
            self.run("SELECT pg_catalog.set_config('jit', 'off', false) FROM pg_catalog.pg_settings WHERE name = 'jit'")
            # A metric aggregate groups millions of records into a few thousand (unit, year) groups, but the planner
            # cannot know how many years EXTRACT(YEAR …) gives: it expects some 200,000 groups to hand over from each
            # worker and, at the default price of a row handed over, scans serially when the rows' tests are cheap
            # (the documents issued of a 1,000-commune year: 2.9 s serial, 1.3 s on two workers). The session
            # prices a row handed over at PARALLEL_TUPLE_COST when the server prices it higher, never lower.
            self.run("SELECT pg_catalog.set_config('parallel_tuple_cost', $1, false) WHERE CAST(pg_catalog."
                     "current_setting('parallel_tuple_cost') AS FLOAT8) > CAST($1 AS FLOAT8)", [PARALLEL_TUPLE_COST])
            found = self.run("SELECT COUNT(*) FROM pg_catalog.pg_namespace WHERE nspname = $1", [schema])
            if not found[0][0]:
                raise FactsError([Diagnostic("F101", facts_message("unreadable", path=self.name,
                                                                      reason=f"no schema {schema}"))])
        except FactsError:
            self.close()
            raise

    def _error(self, error: BaseException, where: str) -> FactsError:
        """F101 for a driver's error, every echo of the connection string's password taken out."""
        return FactsError([Diagnostic("F101", facts_message("unreadable", path=where,
                                                               reason=redacted(error_text(error), self._conninfo)))])

    def run(self, sql, params=()):
        import psycopg

        try:
            # each statement in a transaction of its own, read-only from its start (BEGIN READ ONLY): a function a
            # view calls can write nothing, and cannot make its transaction read-write once a query ran, whatever
            # the role may do (a superuser's included) or a setting earlier in the session says
            with self.con.transaction(), self.con.cursor() as cursor:
                cursor.execute(sql, list(params))
                return cursor.fetchall() if cursor.description is not None else []
        except psycopg.errors.QueryCanceled:
            raise timed_out(self.name, self.timeout) from None
        except psycopg.Error as error:
            raise self._error(error, self.name) from None

    def composed(self, text):
        return f"normalize({text}, NFC)"

    def non_ascii(self, text):
        return f"octet_length({text}) <> length({text})"  # bytes and characters: equal only in ASCII

    def unique_keys(self, table, schema=None):
        # A valid unique index over plain columns, not partial: a primary key, a UNIQUE constraint (deferrable
        # or not: what is committed holds it) or a bare unique index. Not of a table with children (INHERITS): its rows include theirs,
        # its index holds over its own alone (a partitioned table's holds across its partitions).
        rows = self.run(
            "SELECT ARRAY(SELECT CAST(a.attname AS TEXT) FROM pg_catalog.unnest(i.indkey) AS k(attnum) "
            "JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) "
            "FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = $1 AND c.relname = $2 AND i.indisunique AND i.indisvalid "
            "AND i.indpred IS NULL AND i.indexprs IS NULL AND NOT (c.relkind = 'r' AND EXISTS (SELECT 1 FROM "
            "pg_catalog.pg_inherits h WHERE h.inhparent = c.oid))", [schema or self.schema, table])
        return [frozenset(columns) for (columns,) in rows if columns]

    def plain_text_columns(self, table, columns, schema=None):
        # text or varchar (not char(n), whose comparison ignores its padding, nor a domain) under a deterministic
        # collation: equal exactly when their bytes are (a nondeterministic one, ICU's case-insensitive, is not)
        rows = self.run(
            "SELECT CAST(a.attname AS TEXT), CAST(t.typname AS TEXT), COALESCE(l.collisdeterministic, FALSE) "
            "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
            "LEFT JOIN pg_catalog.pg_collation l ON l.oid = a.attcollation "
            "WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped",
            [schema or self.schema, table])
        plain = {name: type_ in ("text", "varchar") and bool(deterministic) for name, type_, deterministic in rows}
        return all(plain.get(column, False) for column in columns)

    def tables(self):
        # pg_catalog rather than information_schema: every column (not only those granted), and
        # what kind of relation each is (a view has no ctid).
        rows = self.run(
            f"SELECT c.relname, CAST(c.relkind AS TEXT), a.attname, {_TYPE}, {_GRANTED} "
            "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            f"JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid {_JOINS} "
            "WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'm', 'v', 'f') AND NOT c.relispartition "
            "AND a.attnum > 0 "
            "AND NOT a.attisdropped ORDER BY c.relname, a.attnum", [self.schema])
        out: dict[str, dict[str, str]] = {}
        self._relkinds: dict[str, str] = {}
        for table, relkind, column, type_, whole, granted in rows:
            out.setdefault(table, {})[column] = str(type_).upper()
            self._relkinds[table] = relkind
            self._granted(self.schema, table, column, whole, granted)
        self._columns = out
        return out

    def _granted(self, schema: str, table: str, column: str, whole: bool, granted: bool) -> None:
        """Note what the role may read of `table`: all of it (`whole`: SELECT on the table), or some columns."""
        if not hasattr(self, "_access"):
            self._access: dict[tuple[str, str], tuple[bool, set[str]]] = {}
        entry = self._access.setdefault((schema, table), (bool(whole), set()))
        if not granted:
            entry[1].add(column)

    def _readable(self, table: str, schema: str | None) -> tuple[bool, set[str]]:
        """(may the role read the whole of `table`, the columns it may not read): a role granted some columns
        (`GRANT SELECT (a, b) ON t`) may read no system column, `ctid` included."""
        return getattr(self, "_access", {}).get((schema or self.schema, table), (True, set()))

    def fingerprint(self, trust_unchanged=False):
        """What proves the relations read unchanged: the cluster's WAL position (every committed change to a
        logged table writes WAL first, so while the position stays, nothing the source reads changed), with
        each relation's storage (`relfilenode`: TRUNCATE, VACUUM FULL, a rewrite). On a busy server it moves
        all the time, and the source is checked every time, unless `trust_unchanged`: then each table's
        statistics (rows inserted, updated, deleted) stand for the WAL position. They are counted after the
        fact (a server flushes them about once a second, or later under load), hence the user's word.

        None (checked every time) when a relation read is a view or a foreign table (its rows are computed
        or elsewhere), or the database holds an unlogged or temporary table (no WAL) or a foreign table that is
        another's child or partition (its rows are its parent's, from a file or another server); trusting statistics, also
        when a table read is partitioned or has children (`INHERITS`), whose rows its statistics do not count."""
        wanted = [(self.schema, t) for t in getattr(self, "_relkinds", {})]
        wanted += list(getattr(self, "_elsewhere", {}))
        if not wanted:
            return None
        marks = ", ".join(f"(${2 * i + 1}, ${2 * i + 2})" for i in range(len(wanted)))
        params = [part for pair in wanted for part in pair]
        try:
            relations = self.run(
                "SELECT n.nspname, c.relname, CAST(c.relkind AS TEXT), CAST(c.relfilenode AS TEXT), "
                "s.n_tup_ins, s.n_tup_upd, s.n_tup_del, "
                "EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhparent = c.oid), c.relrowsecurity "
                "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                "LEFT JOIN pg_catalog.pg_stat_all_tables s ON s.relid = c.oid "
                f"WHERE (n.nspname, c.relname) IN ({marks}) ORDER BY 1, 2", params)
            (unlogged, recovery, lsn, reset, started, role, database), = self.run(
                "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class WHERE relpersistence <> 'p') OR EXISTS (SELECT 1 "
                "FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class k ON k.oid = i.inhrelid WHERE k.relkind = 'f'), "
                "pg_catalog.pg_is_in_recovery(), CAST(CASE WHEN pg_catalog.pg_is_in_recovery() "
                "THEN pg_catalog.pg_last_wal_replay_lsn() ELSE pg_catalog.pg_current_wal_insert_lsn() END AS TEXT), "
                "CAST((SELECT stats_reset FROM pg_catalog.pg_stat_database WHERE datname = "
                "pg_catalog.current_database()) AS TEXT), CAST(pg_catalog.pg_postmaster_start_time() AS TEXT), "
                "CAST(current_user AS TEXT), (SELECT CAST(oid AS TEXT) || ' ' || datname FROM pg_catalog.pg_database "
                "WHERE datname = pg_catalog.current_database())")
        except FactsError:  # a function this role may not call: nothing proves the data unchanged
            return None
        if unlogged or len(relations) != len(wanted) or any(kind not in ("r", "p", "m") for _, _, kind, *_ in relations):
            return None
        # The database, as the server numbers it: a copy of another (CREATE DATABASE … TEMPLATE) has the same
        # schemas, tables and storage numbers, under the server's one WAL position.
        # What a role reads is its own: another role may not read a table at all, and a row-level security policy
        # shows each role (each session: it may test a setting, the time) rows of its own, with no WAL written. The
        # role is part of the fingerprint, and a table under row-level security has none.
        if any(secured for *_, secured in relations):
            return None
        relations = [r[:-1] for r in relations]
        if trust_unchanged:  # a partitioned table's rows are its partitions', a parent's (INHERITS) its children's
            if any(kind == "p" or children for _, _, kind, *_, children in relations):  # too: none counts them
                return None
            return Fingerprint(json.dumps(["statistics", database, role, reset, started, relations], default=str))
        return Fingerprint(json.dumps(["wal", database, role, recovery, lsn, started, [r[:4] for r in relations]],
                                      default=str))

    def _relation(self, table, schema=None) -> tuple[str, str, dict[str, str]]:
        """(the relation, quoted with its schema; its relkind; its columns) of `table`."""
        if schema is not None and schema != self.schema:
            relkind, found = getattr(self, "_elsewhere", {}).get((schema, table), ("r", {}))
        else:
            schema, relkind, found = self.schema, getattr(self, "_relkinds", {}).get(table, "r"), \
                getattr(self, "_columns", {}).get(table, {})
        return f"{quote(schema)}.{quote(table)}", relkind, found

    def counted(self, table, schema=None):
        # A table's (or materialised view's) rows, counted by `ctid` between two rows found: a TID range scan
        # reads the blocks between them and sorts nothing. Not a partitioned table (its partitions' ctids
        # repeat one another) nor a view or foreign table (no ctid).
        relation_, relkind, _ = self._relation(table, schema)
        if relkind not in ("r", "m") or not self._readable(table, schema)[0]:
            return None
        (children,), = self.run(  # a parent's rows include its children's (INHERITS), whose ctids repeat its own
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhparent "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2)",
            [schema or self.schema, table])
        if children:
            return None
        return Counted(relation_, "ctid", "CAST('(0,0)' AS pg_catalog.tid)")

    def source(self, table, schema=None):
        relation_, relkind, found = self._relation(table, schema)
        whole, hidden = self._readable(table, schema)
        if relkind in ("r", "p", "m") and whole:
            return relation_, "row_number() OVER (ORDER BY ctid)"
        # a view or a foreign table has no physical order, nor has a table to a role granted some of its columns
        # (no ctid): its rows in the order of the values it may read (the others: permission denied, F101, though
        # the mapping reads none of them), a column of a type with no order of its own (json, xml, point: the
        # window failed, F101) by its text
        columns = ", ".join(quote(c) if _ordered(t) else f"CAST({quote(c)} AS TEXT)" for c, t in found.items()
                            if c not in hidden) or "1"
        return relation_, f"row_number() OVER (ORDER BY {columns})"

    def columns_of(self, table, schema):
        rows = self.run(
            f"SELECT CAST(c.relkind AS TEXT), a.attname, {_TYPE}, {_GRANTED} "
            "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            f"JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid {_JOINS} "
            "WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p', 'm', 'v', 'f') "
            "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum", [schema, table])
        if not rows:
            return None
        found = {column: str(type_).upper() for _, column, type_, *_ in rows}
        for _, column, _, whole, granted in rows:
            self._granted(schema, table, column, whole, granted)
        if not hasattr(self, "_elsewhere"):
            self._elsewhere: dict[tuple[str, str], tuple[str, dict[str, str]]] = {}
        self._elsewhere[(schema, table)] = (rows[0][0], found)
        return found

    def close(self):
        if self.con is None:
            return
        try:
            self.con.close()
        finally:
            self.con = None

