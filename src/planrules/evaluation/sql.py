"""Metrics compiled to SQL: the database counts, Python decides.

The seam is `measure.UnitIndex`. The rules ask an index three questions —
`count` (records of a kind in a year meeting a condition, minus an
exclusion), `cap` (a year's register against a per-record cap) and
`reported_value` — and an index answers `count` from the year's register of
records when the unit has one, else from aggregate counts (with their
fall-backs), else "unknown". `SqlIndex` is a `UnitIndex` whose register
questions (`register`, `_count_records`, `_cap_records`) are answered by a
database; aggregate counts, reported values, deliveries and events are small
tables read into Python (`sources`), so the fall-back logic, the rules, the
verdicts and their explanations are the very same code on both paths.

What is asked of the database, per record kind, for every unit at once:

1. **One aggregate query** (`Compiled.main`), grouped by unit and year (the
   year of the kind's date field; none for a snapshot kind such as the staff
   list): how many records; for every count question the rules can ask of the
   kind (collected from the rule set by `questions`), how many records lack a
   field the condition needs and how many meet it; for every per-record cap,
   how many records are relevant, unclear, over the cap (candidates), and the
   largest (or smallest) value. Records dated after `as_of` are left out;
   records without a date make a group of year NULL, which says which units
   have any.
2. **One row query** (`Compiled.rows`): only the records an explanation names —
   a record lacking a condition field, a record unclear for a cap, a candidate
   over a cap — each with its id and row number, so the explanation and the
   violations list them as the Python path does. With `evidence="records"`
   (the default) every record is returned, with a flag per question, so that
   verdicts list every record they counted exactly as the in-Python path does;
   `evidence="problems"` keeps to the records that explain a problem, which is
   what a national run wants (a share of 35 M records does not list them):
   it runs only when the aggregates found a problem, for the units that have one.
3. **One query for records of a dated kind without a date** (their year is
   unknown, so every count of the kind for that unit is unknown), run only
   when the aggregate query found such records, for the units that have them.

The exact decision stays in Python: counts are integers, values of a capped
field come back as exact decimals and are compared with the cap as
`Fraction`s. The SQL comparison for cap candidates uses a bound rounded
*outward* to six decimals (`_candidate`), so it returns a superset of the
breaking records and Python keeps exactly those that break the cap.

SQL is built from the model, never from text: identifiers (record kinds and
fields, Vietnamese names with diacritics) go through `quote`, which wraps a
name in double quotes and doubles any inner quote; every value (a category, a
yes/no, a date, a unit name, a bound) is a `$n` parameter. The text uses only
what DuckDB and PostgreSQL share (`COUNT(*) FILTER (WHERE …)`, `CAST`,
`EXTRACT(YEAR FROM …)`, `COALESCE`, `$n` placeholders — psycopg's raw cursor
takes them as they are), and the tests parse every generated statement with
sqlglot in both dialects.

A record in a table is named by its `id`, or when it has none by its row:
`Origin(file, kind, row)` printed as "file (kind[row])", where `file` and
`row` are what the source says (`sources`): the row number is the 1-based
position in the table or file.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from fractions import Fraction

from attrs import field, frozen

from ..facts import model as f
from ..facts.layout import SCALE
from ..facts.sql_text import EVIDENCE, MAPPED_YEAR, ROW, numbered, quote, read_free, relation, year_of
from ..language.bounds import Bound
from .conditions import General, fields_of
from .measure import CapScan, Counted, Missing, Starts, Summed, UnitIndex, Where, merge, normalized, year_bounds
from .verdicts import RuleKind

Run = Callable[[str, Sequence[object]], list[tuple]]


class Params:
    """Placeholders `$1, $2, …` and the values they stand for, in order."""

    def __init__(self) -> None:
        self.values: list[object] = []

    def __call__(self, value: object) -> str:
        self.values.append(value)
        return f"${len(self.values)}"


# ----------------------------------------------------------- questions --


@frozen(cache_hash=True)  # a dict key looked up for every unit and year; its Fraction's hash is costly
class CapKey:
    """A per-record cap as the database scans it (the start is the rule's; see `CapAnswer`)."""

    field: str
    by: str | None
    category: str | None
    start: _dt.date
    bound: Bound


@frozen
class KindQuestions:
    """Everything the rules will ask about one record kind."""

    counts: tuple[tuple[Where, Where | None], ...] = ()
    caps: tuple[CapKey, ...] = ()
    sums: tuple[tuple[str, Where], ...] = ()  # (field, condition): the total of a number field


def questions(rules: Iterable) -> dict[str, KindQuestions]:
    """The count and cap questions `rules` (metric rules) ask of each record kind's registers.

    Mirrors `rules.MetricRule._measure` and `_judge_cap`: a share asks for
    its part, its whole and (with an exclusion) everything; a cut, a growth and a
    count ask for their condition (a change of a share, as a share does, its part and whole). A question missed here is still answered, by a
    query of its own (`Answers`), so this is only the batching.
    """
    counts: dict[str, dict] = {}
    caps: dict[str, dict] = {}
    sums: dict[str, dict] = {}
    for rule in rules:
        for term in rule.terms:  # a ratio's counts and sums (`figures.Term`)
            if term.record_kind is not None and term.field is None:
                counts.setdefault(term.record_kind, {})[(term.pos, None)] = None
            elif term.record_kind is not None:
                sums.setdefault(term.record_kind, {})[(term.field, term.pos)] = None
        kind = rule.record_kind
        if rule.kind is RuleKind.SUM:
            sums.setdefault(kind, {})[(rule.field, rule.pos)] = None
        if not kind:
            continue
        asked = counts.setdefault(kind, {})
        if rule.kind is RuleKind.SHARE or (rule.change and rule.base_kind is RuleKind.SHARE):
            asked[normalized(rule.pos, rule.neg)] = None
            asked[normalized((), rule.neg)] = None
            if rule.neg and rule.kind is RuleKind.SHARE:
                asked[((), None)] = None
        elif rule.kind in (RuleKind.CUT, RuleKind.GROWTH, RuleKind.AVERAGE_GROWTH, RuleKind.COUNT):
            asked[normalized(rule.pos, rule.neg)] = None
        elif rule.kind is RuleKind.CAP:
            key = CapKey(rule.field, rule.by, rule.category, rule.start, rule.bound)
            caps.setdefault(kind, {})[key] = None
    kinds = dict.fromkeys([*counts, *caps, *sums])
    return {k: KindQuestions(tuple(counts.get(k, ())), tuple(caps.get(k, ())), tuple(sums.get(k, ()))) for k in kinds}


# -------------------------------------------------------------- SQL text --


Stored = dict[str, tuple[str, dict]]
"""A kind's fields read through a value map, as the source gives them (`FactSource.stored_values`): field -> (the
relation's column holding the value as stored, {declared value: the stored values that read as it})."""


def _column(k: str, stored: Stored | None) -> str:
    """The column a test of whether field `k` is NULL reads: a mapped field's stored value, NULL exactly when the
    value it reads as is, the map being total (F230, checked before any metric statement runs); else the field."""
    found = stored.get(k) if stored else None
    return quote(found[0]) if found is not None else quote(k)


def _equals(p: Params, k: str, v: object, stored: Stored | None) -> str:
    """Field `k` equals `v`: for a field read through a value map, its stored value is one of those that read as
    `v` (`online = 1` rather than `CASE online WHEN 1 THEN TRUE WHEN 0 THEN FALSE END = TRUE`: PostgreSQL reads
    every CASE of every FILTER for every row); NULL alike, the map being total. A value no stored value reads as
    is compared on the field, as it reads."""
    found = stored.get(k) if stored else None
    keys = found[1].get(v) if found is not None else None
    if not keys:
        return f"{quote(k)} = {p(v)}"
    column = quote(found[0])
    return f"{column} = {p(keys[0])}" if len(keys) == 1 else f"{column} IN ({', '.join(p(key) for key in keys)})"


def _test(p: Params, pairs: Where | General, stored: Stored | None = None) -> str:
    if isinstance(pairs, General):
        return pairs.sql(p)  # `conditions`: its SQL beside its Python predicate
    if not pairs:
        return "TRUE"
    return "(" + " AND ".join(_equals(p, k, v, stored) for k, v in pairs) + ")"


def _chosen(p: Params, pos: Where, neg: Where | None, stored: Stored | None = None) -> str:
    text = _test(p, pos, stored)
    return f"({text} AND NOT {_test(p, neg, stored)})" if neg else text


def _lacking(needed: Iterable[str], stored: Stored | None = None) -> str:
    fields = sorted(set(needed))
    return "(" + " OR ".join(f"{_column(k, stored)} IS NULL" for k in fields) + ")" if fields else "FALSE"


def _needed(pos: Where | General, neg: Where | General | None) -> set[str]:
    return set(fields_of(pos) | fields_of(neg))


def _scaled(limit: Fraction, down: bool) -> Decimal:
    """`limit` rounded to `SCALE` decimals, `down` or up, within ±10^15."""
    scaled = limit * 10**SCALE
    whole = math.floor(scaled) if down else math.ceil(scaled)
    edge = 10 ** (15 + SCALE)
    whole = max(-edge, min(edge, whole))
    return Decimal(whole).scaleb(-SCALE)


def _candidate(p: Params, value: str, bound: Bound) -> str:
    """A test every stored value (at most `SCALE` decimals) that breaks `bound` passes: each end rounded
    outward (an upper end down, a lower end up), a strict end tested inclusively (a value on it breaks it);
    Python then decides exactly (`Bound.holds`)."""
    tests = []
    if bound.upper_end is not None:
        end, strict = bound.upper_end
        tests.append(f"{value} {'>=' if strict else '>'} {p(_scaled(end, down=True))}")
    if bound.lower_end is not None:
        end, strict = bound.lower_end
        tests.append(f"{value} {'<=' if strict else '<'} {p(_scaled(end, down=False))}")
    return tests[0] if len(tests) == 1 else "(" + " OR ".join(tests) + ")"


def _sum_sql(p: Params, field_: str, pos: Where, stored: Stored | None = None) -> tuple[str, str]:
    """(lacking, chosen) of a sum: a record lacking a condition field, or meeting it without the summed field;
    a record meeting the condition."""
    chosen = _test(p, pos, stored)
    fields = fields_of(pos)
    lacking = f"({_lacking(fields, stored)} OR (COALESCE({_test(p, pos, stored)}, FALSE) AND {quote(field_)} IS NULL))"
    return lacking, chosen


@frozen
class _Cap:
    """The SQL pieces of one cap (boolean expressions, parameters already placed)."""

    relevant: str
    unclear: str
    have_by: str
    candidate: str
    extreme: str


def _cap_sql(p: Params, cap: CapKey, date: str | None, stored: Stored | None = None) -> _Cap:
    scope = f"{quote(date)} >= {p(cap.start)}" if date else "TRUE"
    f_, value = quote(cap.field), quote(cap.field)
    if cap.by is not None and cap.category is not None:
        by, cat = _column(cap.by, stored), _equals(p, cap.by, cap.category, stored)
        relevant = f"({scope} AND {cat})"
        unclear = f"({scope} AND ({by} IS NULL OR ({cat} AND {f_} IS NULL)))"
    else:
        relevant = f"({scope})"
        unclear = f"({scope} AND {f_} IS NULL)"
    have_by = f"({unclear} AND {_column(cap.by, stored)} IS NOT NULL)" if cap.by is not None else "FALSE"
    candidate = f"({relevant} AND {value} IS NOT NULL AND {_candidate(p, value, cap.bound)})"
    extreme = ("MIN" if cap.bound.minimum else "MAX") + f"({value}) FILTER (WHERE {relevant})"  # `Bound.extreme`
    return _Cap(relevant, unclear, have_by, candidate, extreme)


@frozen
class Compiled:
    """The statements for one record kind and one batch of questions, with their parameters."""

    kind: str
    date: str | None
    counts: tuple[tuple[Where, Where | None], ...]
    caps: tuple[CapKey, ...]
    sums: tuple[tuple[str, Where], ...]
    flag_fields: tuple[str, ...]  # condition fields whose absence the row query reports
    main: str
    main_params: tuple
    rows: str
    rows_params: tuple
    undated: str | None
    undated_params: tuple


def _year(date: str | None, p: Params | None = None, starts: Starts = None, year_only: bool = False) -> str:
    """The year a record's data belong to: its date's (a year-only kind's year column, `year_of`), or under a
    data window from (day, month) of the year before, the next year's from that day on (`measure.year_of`)."""
    if not date:
        return "CAST(NULL AS INTEGER)"
    if starts is None or p is None:
        return year_of(date, year_only)
    year = year_of(date)
    d, month, day = quote(date), p(starts[1]), p(starts[0])
    return (f"({year} + CASE WHEN EXTRACT(MONTH FROM {d}) > {month} OR (EXTRACT(MONTH FROM {d}) = {month} "
            f"AND EXTRACT(DAY FROM {d}) >= {day}) THEN 1 ELSE 0 END)")


def _scope(p: Params, date: str | None, as_of: _dt.date, units: Sequence[str] | None, *,
           undated: bool = False, since: _dt.date | None = None, year_only: bool = False) -> str:
    """The records a statement reads: dated up to `as_of`, and from `since` when given (and, with
    `undated`, those without a date too). A year-only kind's records, each dated 1 January of its year
    column, are tested on that column: 1 January of Y is at most `as_of` when Y is at most its year, and at
    least `since` when Y is at least its year (the next, for a `since` after 1 January)."""
    parts = []
    if date:
        if year_only:
            column, latest = quote(MAPPED_YEAR), p(as_of.year)
            earliest = None if since is None else p(since.year + (since != _dt.date(since.year, 1, 1)))
        else:
            column, latest = quote(date), p(as_of)
            earliest = None if since is None else p(since)
        dated = f"{column} <= {latest}" if since is None else f"({column} <= {latest} AND {column} >= {earliest})"
        parts = [f"({column} IS NULL OR {dated})"] if undated else [f"{column} IS NOT NULL", dated]
    if units is not None:
        parts.append(f"{quote('unit')} IN ({', '.join(p(u) for u in units)})" if units else "FALSE")
    return " AND ".join(parts) or "TRUE"


def compile_kind(kind: str, date: str | None, asked: KindQuestions, as_of: _dt.date,
                 units: Sequence[str] | None = None, *, evidence: str = "records",
                 since: _dt.date | None = None, starts: Starts = None, year_only: bool = False,
                 counted=None, stored: Stored | None = None) -> Compiled:
    """The aggregate, row and undated-record statements answering `asked` about `kind` at `as_of`.

    `date` is the kind's date field (None: a snapshot kind); `units`
    restricts the statements to those units (None: every unit); `since`
    leaves out the records dated before it (`UnitIndex.within`); `starts` groups records by the year whose
    data they are under a data window (`UnitIndex.by_data_window`); `year_only`: the kind's relation has the
    year its date is made from (`sql_text.MAPPED_YEAR`), which the statements group and filter by instead;
    `counted` (the source's `engines.Counted` for the kind, if any): the undated-record statement, and the row
    statement under evidence="problems", which name a few records, number them late (`sql_text.numbered`)
    rather than through a window over the whole table; `stored` (`Stored`): the kind's fields read through a
    value map, whose conditions are tested on the values as stored.
    """
    if evidence not in EVIDENCE:
        raise ValueError(f"evidence must be one of {EVIDENCE}: {evidence!r}")
    rel, unit = relation(kind), quote("unit")
    counts, caps, sums = tuple(asked.counts), tuple(asked.caps), tuple(asked.sums)
    flag_fields = tuple(sorted(set().union(*(_needed(pos, neg) for pos, neg in counts),
                                           *({field_, *fields_of(pos)} for field_, pos in sums))))

    p = Params()
    year = _year(date, p, starts, year_only)
    columns = [f"{unit}", year, "COUNT(*)"]
    for pos, neg in counts:
        columns.append(f"COUNT(*) FILTER (WHERE {_lacking(_needed(pos, neg), stored)})")
        columns.append(f"COUNT(*) FILTER (WHERE {_chosen(p, pos, neg, stored)})")
    for cap in caps:
        c = _cap_sql(p, cap, date, stored)
        columns += [f"COUNT(*) FILTER (WHERE {c.relevant})", f"COUNT(*) FILTER (WHERE {c.unclear})",
                    f"COUNT(*) FILTER (WHERE {c.have_by})", f"COUNT(*) FILTER (WHERE {c.candidate})", c.extreme]
    for field_, pos in sums:
        lacking, chosen = _sum_sql(p, field_, pos, stored)
        columns += [f"COUNT(*) FILTER (WHERE {lacking})", f"COUNT(*) FILTER (WHERE {chosen})",
                    f"SUM({quote(field_)}) FILTER (WHERE {chosen})"]
    # undated records: the group of year NULL
    where = _scope(p, date, as_of, units, undated=True, since=since, year_only=year_only)
    main = f"SELECT {', '.join(columns)} FROM {rel} WHERE {where} GROUP BY {unit}, {year}"
    main_params = tuple(p.values)

    p = Params()
    columns = [unit, _year(date, p, starts, year_only), f"CAST({quote('id')} AS TEXT)", quote(ROW)]
    columns += [f"{_column(k, stored)} IS NULL" for k in flag_fields]
    interesting = [f"{_column(k, stored)} IS NULL" for k in flag_fields]
    if evidence == "records":
        columns += [f"COALESCE({_chosen(p, pos, neg, stored)}, FALSE)" for pos, neg in counts]
    for cap in caps:
        c = _cap_sql(p, cap, date, stored)
        columns += [f"COALESCE({c.relevant}, FALSE)", f"COALESCE({c.unclear}, FALSE)",
                    f"COALESCE({c.candidate}, FALSE)", quote(cap.field)]
        interesting += [f"COALESCE({c.unclear}, FALSE)", f"COALESCE({c.candidate}, FALSE)"]
    for field_, pos in sums:
        lacking, chosen = _sum_sql(p, field_, pos, stored)
        columns += [f"COALESCE({lacking}, FALSE)", f"COALESCE({chosen}, FALSE)"]
        interesting.append(f"COALESCE({lacking}, FALSE)")
    scope = _scope(p, date, as_of, units, since=since, year_only=year_only)
    if evidence == "problems":
        scope += " AND (" + (" OR ".join(interesting) or "FALSE") + ")"
    # with evidence="records" every record is named: the window numbers them all faster than counting between
    # each (2.9 s against 9.6 s for 2 M documents); late only where a few are named
    rows = numbered(columns, rel, scope, counted if evidence == "problems" else None)
    rows_params = tuple(p.values)

    undated = None
    undated_params: tuple = ()
    if date:
        p = Params()
        scope = f"{quote(MAPPED_YEAR if year_only else date)} IS NULL"
        if units is not None:
            scope += f" AND {unit} IN ({', '.join(p(u) for u in units)})" if units else " AND FALSE"
        undated = numbered([unit, f"CAST({quote('id')} AS TEXT)", quote(ROW)], rel, scope, counted)
        undated_params = tuple(p.values)
    return Compiled(kind, date, counts, caps, sums, flag_fields, main, main_params, rows, rows_params, undated,
                    undated_params)


# --------------------------------------------------------------- answers --


@frozen
class Row:
    """A record named by an explanation: its label, the stub `Record` that carries it, what it lacks."""

    record: f.Record
    nulls: frozenset[str]

    @property
    def label(self) -> str:
        return self.record.label


@frozen
class CountAnswer:
    lacking: int
    chosen: int
    lacking_rows: tuple[Row, ...] = ()
    labels: tuple[str, ...] = ()


@frozen
class CapAnswer:
    relevant: int
    unclear: int
    have_by: int
    extreme: Fraction | None
    unclear_labels: tuple[str, ...] = ()
    candidates: tuple[tuple[str, Fraction, str], ...] = ()
    labels: tuple[str, ...] = ()


@frozen
class SumAnswer:
    lacking: int
    chosen: int
    total: Fraction
    lacking_rows: tuple[Row, ...] = ()
    labels: tuple[str, ...] = ()


@frozen
class Group:
    """One unit's register of one kind for one year (None: a snapshot kind), as the database counted it."""

    records: int
    counts: dict = field(factory=dict)  # (pos, neg) -> CountAnswer
    caps: dict = field(factory=dict)  # CapKey -> CapAnswer
    sums: dict = field(factory=dict)  # (field, pos) -> SumAnswer


def _exact(value: object) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, Fraction)):
        raise TypeError(f"not an exact number: {value!r}")
    return Fraction(value)


class Answers:
    """The database's answers for one evaluation: every kind's groups, by unit and year.

    `run(sql, params)` executes one statement and returns its rows; `origin_file(kind)`
    names the table a record comes from in its label. Questions not asked in
    advance are answered by a query of their own when first needed.

    `units` are the units answered for (None: every unit). With `unlisted` (every unit that has
    records is one of `units`, as the source says: `sql_indexes`), the statements read every unit
    rather than name a national year's thousands in an `IN` list, which costs DuckDB about a third of
    each aggregate; the rows of any other unit are then left out here, so the answers are the same.
    """

    def __init__(self, run: Run, dates: dict[str, str | None], origin_file: Callable[[str], str], as_of: _dt.date,
                 units: Sequence[str] | None, evidence: str = "records", *, since: _dt.date | None = None,
                 starts: Starts = None, year_kinds: frozenset[str] = frozenset(), counted: dict | None = None,
                 unlisted: bool = False, stored: dict[str, Stored] | None = None):
        self._run = run
        self._stored = stored or {}  # kind -> its fields read through a value map (`compile_kind`'s `stored`)
        self._counted = counted or {}  # kind -> its rows numbered late (`compile_kind`'s `counted`)
        self._dates = dates
        self._year_kinds = year_kinds  # kinds whose relation has their year column (`compile_kind`'s `year_only`)
        self._file = origin_file
        self.as_of = as_of
        self.since = since  # records dated before it are not read (`within`)
        self.starts = starts  # records grouped by the year whose data they are (`by_data_window`)
        self._units = None if units is None else tuple(units)
        self._unlisted = unlisted and units is not None  # the statements read every unit: others dropped here
        self._wanted = None if units is None else frozenset(units)
        self.evidence = evidence
        self._groups: dict[tuple[str, str, int | None], Group] = {}
        self._undated: dict[tuple[str, str], tuple[f.Record, ...]] = {}
        self._asked: dict[str, set] = {}
        self._undated_read: set[str] = set()
        self._within: dict[tuple, Answers] = {}  # `within`: the answers in windows
        self._cap_keys: dict[tuple, CapKey] = {}  # (kind, year, start, the rest) -> the question asked in advance

    def within(self, since: _dt.date | None, as_of: _dt.date) -> "Answers":
        """The same source's answers on the records dated from `since` (None: any day) to `as_of`
        (`UnitIndex.within`): asked when first needed, for every unit at once, and kept for every
        unit's index."""
        return self._window(since, as_of, self.starts)

    def by_data_window(self, starts: Starts) -> "Answers":
        """The same source's answers with records grouped by the year whose data they are under a data window
        (`UnitIndex.by_data_window`): asked when first needed, for every unit at once."""
        return self._window(self.since, self.as_of, starts)

    def _window(self, since: _dt.date | None, as_of: _dt.date, starts: Starts) -> "Answers":
        if (since, as_of, starts) == (self.since, self.as_of, self.starts):
            return self
        found = self._within.get((since, as_of, starts))
        if found is None:
            found = Answers(self._run, self._dates, self._file, as_of, self._units, self.evidence, since=since,
                            starts=starts, year_kinds=self._year_kinds, counted=self._counted,
                            unlisted=self._unlisted, stored=self._stored)
            found._within = self._within  # one set of windows for the whole evaluation
            self._within[(since, as_of, starts)] = found
        return found

    # ------------------------------------------------------------------

    def ask(self, kind: str, asked: KindQuestions) -> None:
        """Answer `asked` about `kind` for every unit (one aggregate and one row query)."""
        done = self._asked.setdefault(kind, set())
        new = KindQuestions(tuple(q for q in asked.counts if ("count", q) not in done),
                            tuple(c for c in asked.caps if ("cap", c) not in done),
                            tuple(q for q in asked.sums if ("sum", q) not in done))
        read_undated = kind not in self._undated_read
        if not new.counts and not new.caps and not new.sums and not read_undated:
            return
        compiled = compile_kind(kind, self._dates.get(kind), new, self.as_of, self._listed, evidence=self.evidence,
                                since=self.since, starts=self.starts, year_only=kind in self._year_kinds,
                                counted=self._counted.get(kind), stored=self._stored.get(kind))
        self._read(compiled, read_undated)
        done.update(("count", q) for q in new.counts)
        done.update(("cap", c) for c in new.caps)
        done.update(("sum", q) for q in new.sums)
        self._undated_read.add(kind)

    @property
    def _listed(self) -> tuple[str, ...] | None:
        """The units a statement names (None: it reads every unit)."""
        return None if self._unlisted else self._units

    def _label(self, kind: str, id_: str | None, row: int) -> f.Record:
        return f.Record(kind, (), id=read_free(id_, "id", "name"), origin=f.Origin(self._file(kind), kind, row))

    def _read(self, c: Compiled, read_undated: bool) -> None:
        kind = c.kind
        touched: dict[tuple, Group] = {}
        undated_units: set[str] = set()  # units with records of this (dated) kind that have no date
        troubled: set[str] = set()  # units with a record an explanation names (evidence="problems")
        # the columns that count such records: lacking a count's field; unclear for a cap, or over it; lacking a
        # sum's field (read once per row of a national year's thousands: no generator per row)
        at_caps, at_sums = 3 + 2 * len(c.counts), 3 + 2 * len(c.counts) + 5 * len(c.caps)
        problem_columns = ([3 + 2 * k for k in range(len(c.counts))] +
                           [at_caps + 5 * k + d for k in range(len(c.caps)) for d in (1, 3)] +
                           [at_sums + 3 * k for k in range(len(c.sums))])
        wanted = self._wanted if self._unlisted else None  # the rows of units not asked about: left out
        for row in self._run(c.main, c.main_params):
            unit, year, n = row[0], row[1], row[2]
            if wanted is not None and unit not in wanted:
                continue
            if year is None and c.date is not None:
                undated_units.add(unit)
                continue
            if any(map(row.__getitem__, problem_columns)):
                troubled.add(unit)  # a record lacking a field; a record unclear for a cap, or over it
            key = (kind, unit, year)
            group = self._groups.get(key)
            if group is None:
                group = self._groups[key] = Group(int(n))
            touched[key] = group
            i = 3
            for q in c.counts:
                group.counts[q] = CountAnswer(int(row[i]), int(row[i + 1]))
                i += 2
            for cap in c.caps:
                relevant, unclear, have_by, _, extreme = row[i:i + 5]
                group.caps[cap] = CapAnswer(int(relevant), int(unclear), int(have_by),
                                            None if extreme is None else _exact(extreme))
                i += 5
            for q in c.sums:
                lacking_n, chosen_n, total = row[i:i + 3]
                group.sums[q] = SumAnswer(int(lacking_n), int(chosen_n), Fraction(0) if total is None else
                                          _exact(total))
                i += 3
        lacking: dict[tuple, dict] = {}
        labels: dict[tuple, dict] = {}
        unclear: dict[tuple, dict] = {}
        candidates: dict[tuple, dict] = {}
        relevant: dict[tuple, dict] = {}
        sum_lacking: dict[tuple, dict] = {}
        sum_labels: dict[tuple, dict] = {}
        evidence = self.evidence == "records"
        for row in self._narrowed(c, "rows", None if evidence else troubled):
            unit, year, id_, number = row[0], row[1], row[2], int(row[3])
            if wanted is not None and unit not in wanted:
                continue
            key = (kind, unit, year)
            record = self._label(kind, id_, number)
            i = 4
            nulls = frozenset(k for k, null in zip(c.flag_fields, row[i:i + len(c.flag_fields)]) if null)
            i += len(c.flag_fields)
            for q in c.counts:
                if nulls & _needed(*q):
                    lacking.setdefault(key, {}).setdefault(q, []).append(Row(record, nulls))
            if evidence:
                for q, chosen in zip(c.counts, row[i:i + len(c.counts)]):
                    if chosen:
                        labels.setdefault(key, {}).setdefault(q, []).append(record.label)
                i += len(c.counts)
            for cap in c.caps:
                is_relevant, is_unclear, is_candidate, value = row[i:i + 4]
                i += 4
                if is_unclear:
                    unclear.setdefault(key, {}).setdefault(cap, []).append(record.label)
                if is_candidate:
                    candidates.setdefault(key, {}).setdefault(cap, []).append(
                        (record.label, _exact(value), str(record.origin)))
                if evidence and is_relevant:
                    relevant.setdefault(key, {}).setdefault(cap, []).append(record.label)
            for q in c.sums:
                is_lacking, is_chosen = row[i:i + 2]
                i += 2
                if is_lacking:
                    sum_lacking.setdefault(key, {}).setdefault(q, []).append(Row(record, nulls))
                if evidence and is_chosen:
                    sum_labels.setdefault(key, {}).setdefault(q, []).append(record.label)
        for key in {*lacking, *labels}:  # the groups that have records to name
            group = touched.get(key)
            if group is None:
                continue
            for q in c.counts:
                answer = group.counts[q]
                group.counts[q] = CountAnswer(answer.lacking, answer.chosen,
                                              tuple(lacking.get(key, {}).get(q, ())),
                                              tuple(labels.get(key, {}).get(q, ())))
        for key in {*unclear, *candidates, *relevant}:
            group = touched.get(key)
            if group is None:
                continue
            for cap in c.caps:
                a = group.caps[cap]
                group.caps[cap] = CapAnswer(a.relevant, a.unclear, a.have_by, a.extreme,
                                            tuple(unclear.get(key, {}).get(cap, ())),
                                            tuple(candidates.get(key, {}).get(cap, ())),
                                            tuple(relevant.get(key, {}).get(cap, ())))
        for key in {*sum_lacking, *sum_labels}:
            group = touched.get(key)
            if group is None:
                continue
            for q in c.sums:
                a = group.sums[q]
                group.sums[q] = SumAnswer(a.lacking, a.chosen, a.total, tuple(sum_lacking.get(key, {}).get(q, ())),
                                          tuple(sum_labels.get(key, {}).get(q, ())))
        if read_undated and c.undated is not None:
            found: dict[tuple[str, str], list[f.Record]] = {}
            for unit, id_, number in self._narrowed(c, "undated", undated_units):
                if wanted is not None and unit not in wanted:
                    continue
                found.setdefault((kind, unit), []).append(self._label(kind, id_, int(number)))
            self._undated.update((k, tuple(v)) for k, v in found.items())

    NARROW = 256
    """Up to this many units, a follow-up statement names them; past it, it reads every unit."""

    def _narrowed(self, c: Compiled, which: str, units: set[str] | None) -> list[tuple]:
        """The rows of statement `which` ("rows", "undated") of `c`, for `units` only (None: as compiled).

        No unit: nothing is run."""
        if units is None or len(units) > self.NARROW:
            return self._run(getattr(c, which), getattr(c, f"{which}_params"))
        if not units:
            return []
        wanted = sorted(units) if self._units is None else [u for u in self._units if u in units]
        narrow = compile_kind(c.kind, c.date, KindQuestions(c.counts, c.caps, c.sums), self.as_of, wanted,
                              evidence=self.evidence, since=self.since, starts=self.starts,
                              year_only=c.kind in self._year_kinds, counted=self._counted.get(c.kind),
                              stored=self._stored.get(c.kind))
        return self._run(getattr(narrow, which), getattr(narrow, f"{which}_params"))

    # ------------------------------------------------------------------

    def undated(self, kind: str, unit: str) -> tuple[f.Record, ...]:
        if kind not in self._undated_read:
            self.ask(kind, KindQuestions())
        return self._undated.get((kind, unit), ())

    def group(self, kind: str, unit: str, year: int | None) -> Group | None:
        if kind not in self._undated_read:
            self.ask(kind, KindQuestions())
        return self._groups.get((kind, unit, year))

    def count(self, kind: str, unit: str, year: int | None, question: tuple[Where, Where | None]) -> CountAnswer:
        if ("count", question) not in self._asked.get(kind, ()):
            self.ask(kind, KindQuestions(counts=(question,)))
        return self._groups[(kind, unit, year)].counts[question]

    def total(self, kind: str, unit: str, year: int | None, question: tuple[str, Where]) -> SumAnswer:
        if ("sum", question) not in self._asked.get(kind, ()):
            self.ask(kind, KindQuestions(sums=(question,)))
        return self._groups[(kind, unit, year)].sums[question]

    def cap(self, kind: str, unit: str, year: int | None, key: CapKey) -> CapAnswer:
        if ("cap", key) not in self._asked.get(kind, ()):
            self.ask(kind, KindQuestions(caps=(key,)))
        return self._groups[(kind, unit, year)].caps[key]

    def cap_key(self, kind: str, year: int, start: _dt.date, field: str, by: str | None, category: str | None,
                bound: Bound) -> CapKey:
        """The cap question asked in advance that scans exactly like one starting at `start` in `year`.

        A rule's cap binds records from its plan's date on; in a year the
        evaluator asks from max(plan date, 1 January). Any question whose start
        gives the same day in that year gives the same answer. Found once per
        question (a `Bound` keeps its hash).
        """
        memo = (kind, year, start, field, by, category, bound)
        found = self._cap_keys.get(memo)
        if found is None:
            found = self._cap_keys[memo] = self._cap_key(kind, year, start, field=field, by=by, category=category,
                                                         bound=bound)
        return found

    def _cap_key(self, kind: str, year: int, start: _dt.date, **rest) -> CapKey:
        first, _ = year_bounds(year, self.starts)
        for asked in self._asked.get(kind, ()):
            if asked[0] == "cap":
                key = asked[1]
                if max(key.start, first) == start and all(getattr(key, k) == v for k, v in rest.items()):
                    return key
        return CapKey(start=start, **rest)


class SqlIndex(UnitIndex):
    """A `UnitIndex` whose registers of records are in a database (see the module's docstring).

    `unit` holds the unit's facts read into Python — counts, values,
    deliveries, `member_of` — and no records; the records are `answers`'.
    """

    def __init__(self, unit: f.UnitFacts, as_of: _dt.date, dated_kinds: frozenset[str], answers: Answers,
                 since: _dt.date | None = None, *, starts: Starts = None):
        super().__init__(unit, as_of, dated_kinds, since, starts=starts)
        self._answers = answers

    def _window_index(self, since: _dt.date | None, as_of: _dt.date) -> UnitIndex:
        return SqlIndex(self.unit, as_of, self._dated, self._answers.within(since, as_of), since,
                        starts=self.starts)

    def _data_window_index(self, starts: tuple[int, int]) -> UnitIndex:
        return SqlIndex(self.unit, self.as_of, self._dated, self._answers.by_data_window(starts), self.since,
                        starts=starts)

    def _year_key(self, kind: str, year: int) -> int | None:
        return year if kind in self._dated else None

    def register(self, kind: str, year: int) -> Missing | None:
        answers, name = self._answers, self.unit.name
        dated = kind in self._dated
        if dated:
            undated = answers.undated(kind, name)
            if undated:
                return Missing("no_date", kind, year, undated)
        if answers.group(kind, name, year if dated else None) is None:  # (`_year_key`, asked for every count)
            return Missing("no_records", kind, year)
        return None

    def records(self, kind: str, year: int):  # noqa: D102 - never materialised on this path
        raise NotImplementedError("an SQL index does not hold records: ask count() or cap()")

    def _count_records(self, kind: str, year: int, pos: Where, neg: Where | None) -> Counted | Missing:
        answer = self._answers.count(kind, self.unit.name, self._year_key(kind, year), (pos, neg))
        if answer.lacking:
            rows = answer.lacking_rows
            needed = sorted(_needed(pos, neg))
            field_ = next(k for k in needed if k in rows[0].nulls)
            return Missing("field_missing", kind, year, tuple(r.record for r in rows), field_)
        return Counted(answer.chosen, labels=answer.labels)

    def _total_records(self, kind: str, year: int, field: str, pos: Where) -> Summed | Missing:
        answer = self._answers.total(kind, self.unit.name, self._year_key(kind, year), (field, pos))
        if answer.lacking:
            # as `UnitIndex._total_records`: the records lacking a condition field first, else those lacking `field`
            needed = sorted(fields_of(pos))
            rows = [r for r in answer.lacking_rows if r.nulls & set(needed)] or list(answer.lacking_rows)
            name = next((k for k in needed if k in rows[0].nulls), field)
            return Missing("field_missing", kind, year, tuple(r.record for r in rows), name)
        return Summed(answer.total, answer.chosen, labels=answer.labels)

    def _cap_records(self, kind, year, start, field, by, category, bound: Bound) -> CapScan:
        key = self._answers.cap_key(kind, year, start, field, by, category, bound)
        a = self._answers.cap(kind, self.unit.name, self._year_key(kind, year), key)
        holds = bound.holds
        broken = tuple(c for c in a.candidates if not holds(c[1])) if a.candidates else ()
        return CapScan(
            relevant=a.relevant, records=a.labels, unclear=a.unclear_labels, unclear_have_by=a.have_by > 0,
            broken=broken, extreme=a.extreme if a.relevant and not a.unclear else None,
        )


def sql_indexes(source, rules, as_of: _dt.date, units: Sequence[f.UnitFacts], dated: frozenset[str]) -> dict:
    """One `SqlIndex` per unit of `units`, all answered by a few queries per record kind of `source`.

    `source` (a `facts.sources.FactSource`) gives what the index needs: a way to run
    a statement over its record relations (`run`), the name of each table's origin
    (`origin_of`), its `evidence`, its units (`light_facts`) and those its records name
    (`recorded_units`), the kinds whose relation has a mapping's year column (`year_kinds`), and the fields
    read through a value map, tested on their stored values (`stored_values`). The measure is
    evaluation's, so it is built here, from the source, and the facts layer never
    imports evaluation.
    """
    vocabulary = rules.vocabulary
    everyone = len(units) == len(source.light_facts(vocabulary).units)
    names = [u.name for u in units]
    dates = {k: (d.name if (d := vocabulary.date_field(k)) is not None else None) for k in vocabulary.kinds}
    # every unit with records asked about (the units its record tables name, `FactSource.recorded_units`): the
    # statements need not list them
    unlisted = not everyone and source.recorded_units() <= set(names)
    answers = Answers(source.run, dates, source.origin_of, as_of, None if everyone else names, source.evidence,
                      year_kinds=source.year_kinds, counted=getattr(source, "counted", None), unlisted=unlisted,
                      stored=getattr(source, "stored_values", None))
    for kind, asked in questions(rules.metric_rules).items():
        if kind in vocabulary.kinds:
            answers.ask(kind, asked)
    return {unit.name: SqlIndex(unit, as_of, dated, answers) for unit in units}


__all__ = [
    "EVIDENCE", "Answers", "CapKey", "Compiled", "KindQuestions", "Params", "SqlIndex", "Stored", "compile_kind",
    "merge", "questions", "sql_indexes",
]
