"""Reading facts from TOML and CSV files, and validating them against the vocabulary.

`load_facts(*paths)` reads `.toml` files, `.csv` files (one table a file) and
folders of them, checks every fact against the vocabulary in force (record
kinds, their fields and categories, metrics), checks the facts against each
other (duplicates, counts that contradict each other, facts outside the
declared period) and returns one frozen `facts.Facts`. On any problem it
raises one `FactsError` listing every problem of every file, each with a code
(F1xx), its place (file, line, column) and the offending line; nothing is
returned from invalid facts.

Text is read as strict UTF-8 and NFC-normalised before anything else, so a
file saved decomposed (NFD) reads exactly like its composed copy. The work is
shared out along the way: `toml_facts` and `csv_facts` walk a file, `fact_rows`
builds each fact from its located values (`values`), `checks` checks the facts
against each other, and `collector` places every problem in its file.

One path that names a table source (a DuckDB file, a Parquet folder, a
PostgreSQL connection string: `targets.is_source`) is opened by `sources`,
imported only then: reading TOML or CSV files loads no database module.
docs/facts.md is the format reference.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from attrs import evolve, field, frozen

from ..base.diagnostics import Diagnostic, FactsError
from ..base.files import Refused, missing, read_file, walk
from ..base.source import Span, normalize, paused_gc
from ..language.vocabulary import Vocabulary
from .checks import FactChecks
from .collector import FileCollector
from .csv_facts import CsvFacts
from .fact_rows import FactReader
from .limits import MAX_FACTS_BYTES
from .messages import facts_message
from .model import Facts, Origin
from .targets import is_conninfo, is_source, shown_target
from .text_file import TextFile
from .toml_facts import TomlFacts
from .xlsx_facts import XlsxFacts
from .values import quoted

__all__ = ["CODES", "FactsLoader", "SUFFIXES", "Read", "load_facts", "loads_facts", "read_facts", "reads_facts"]

SUFFIXES = (".toml", ".csv", ".xlsx")

# Every diagnostic code the loader gives, and what it means (docs/facts.md lists them too).
CODES: dict[str, str] = {
    "F100": "not valid TOML or CSV (a syntax error, or a TOML key given twice)",
    "F101": "a path cannot be read: missing, not .toml, .csv or .xlsx, an empty folder, no path at all, or too large",
    "F102": "a file is not UTF-8 text",
    "F103": "unknown key or CSV column (a typo?)",
    "F104": "a required key, column or cell is missing",
    "F105": "unknown CSV table (the file's name) or sheet of a workbook (the sheet's name)",
    "F106": "CSV layout: no header line, a column given twice, data in a column without a name",
    "F107": "a bare TOML key with letters TOML does not allow unquoted (ngày = ...): quote it",
    "F110": "unknown record kind",
    "F111": "unknown field of a record kind",
    "F112": "unknown metric",
    "F113": "unknown category of a category field",
    "F120": "wrong type (not a date, not yes/no, not a number of days, a bool for a number...)",
    "F121": "not a date, or an impossible date (31/02/2026)",
    "F122": "a year outside 1900-2200",
    "F123": "a negative number (days, a count, an integer field)",
    "F124": "a delivery's period is malformed",
    "F125": "a delivery's deadline is neither a label nor a position ≥ 1",
    "F127": "an assessment's result that is not đạt or không đạt (met or not met)",
    "F130": "a count's condition names a field that is neither yes/no nor a category",
    "F131": "a count with conditions is larger than a count with fewer of them (online > total)",
    "F132": "a value outside its metric's range (a share over 100%, a count that is not whole...)",
    "F133": "a value reported for a per-record metric (it needs the records)",
    "F134": "records and counts of the same kind, for the same unit and year",
    "F135": "a reported figure in another unit than its metric's (21 for a figure in %, Gbps for Tbps)",
    "F140": "two records of a unit and kind with the same id",
    "F141": "two identical records without ids",
    "F142": "the same count given twice (unit, kind, year, conditions)",
    "F143": "the same value given twice (unit, metric, year)",
    "F144": "a unit listed twice in a units table",
    "F145": "the same event on the same date given twice",
    "F146": "a unit given two different values of one attribute (tỉnh = ...) by two files",
    "F147": "a register gives one official code to two units, or a unit a code that is another unit's name",
    "F148": "a unit's parent is not a unit of the register",
    "F149": "units that are each other's ancestors (a cycle of parents)",
    "F150": "a dated fact outside the period of the facts",
    "F151": "the period of the facts ends before it starts",
    "F152": "files declare different periods",
    "F155": "a unit's successor is not a unit of the register",
    "F156": "a successor without since, or a since or change without a successor",
    "F157": "units that succeed each other in a ring",
    "F158": "a change that is not merged, renamed or succeeded",
    "F260": "a workbook (.xlsx) that cannot be read: not a workbook, damaged, or openpyxl not installed",
    "F261": "a workbook past its limits: unpacked size, files, a sheet's rows or columns",
    "F262": "a workbook's layout: no sheet of facts, a sheet without its row of column names",
    "F263": "a cell holding a formula saved without its value, or an error (#N/A, #DIV/0!)",
}


class FactsLoader:
    """One load: paths to files, each file to its reader, every problem to one collector (the register
    files' reader, `register_files`, reads its files through it too)."""

    def __init__(self, vocabulary: Vocabulary):
        self.out = FileCollector()
        self.rows = FactReader(vocabulary, self.out)
        self.toml = TomlFacts(self.rows)
        self.csv = CsvFacts(self.rows)
        self.xlsx = XlsxFacts(self.csv)

    def load(self, paths: Sequence[str | os.PathLike], table: str | None) -> list[Facts]:
        if not paths:
            self.out.report(None, (), "F101", "no_paths")
            return []
        parts: list[Facts] = []
        # in path order, as a folder's files are: the same files in another order give the same facts (units
        # in the same order) and the same problems, so the same report
        for given in sorted(paths, key=Path):
            path = Path(given)
            self.out.order.setdefault(str(path), len(self.out.order))
            if os.path.isdir(path):  # never raises: an unreadable or over-long path is load_file's to say
                listing = walk(path, _facts_file, deep=False)
                for refusal in listing.refused:  # a folder not listed, a link leaving it, a FIFO, ...
                    self.out.refused(refusal)
                if not listing.files and not listing.refused:
                    self.out.report(None, (), "F101", "no_files", path=str(path))
                for file in listing.files:
                    parts.extend(self.load_file(file, None))
            elif path.suffix.lower() not in SUFFIXES:
                if missing(path):
                    self.out.report(None, (), "F101", "unreadable", path=str(path), reason=("no such file", "không có tệp này"))
                else:
                    self.out.report(None, (), "F101", "not_facts_file", path=str(path))
            else:
                parts.extend(self.load_file(path, table))
        return parts

    def load_file(self, path: Path, table: str | None) -> list[Facts]:
        name = str(path)
        try:  # bounded: a file too large is refused unread; a FIFO, a device, a kernel file not at all
            data, size = read_file(path, MAX_FACTS_BYTES)
        except Refused as refusal:
            self.out.refused(refusal)
            return []
        if max(size, len(data)) > MAX_FACTS_BYTES:
            self.out.order.setdefault(name, len(self.out.order))
            self.out.report(None, (), "F101", "facts_too_large", path=name, limit=MAX_FACTS_BYTES)
            return []
        if path.suffix.lower() == ".xlsx":
            return self.xlsx.xlsx_file(name, data)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
            span = Span(name, line, column, line, column + 1)
            self.out.diagnostics.append(
                Diagnostic("F102", facts_message("not_utf8", path=name, offset=error.start), span)
            )
            return []
        return self.load_text(text, name, table)

    def load_text(self, text: str, name: str, table: str | None) -> list[Facts]:
        self.out.order.setdefault(name, len(self.out.order))
        if len(text) > MAX_FACTS_BYTES or (4 * len(text) > MAX_FACTS_BYTES
                                           and len(text.encode("utf-8", "surrogatepass")) > MAX_FACTS_BYTES):
            self.out.report(None, (), "F101", "facts_too_large", path=name, limit=MAX_FACTS_BYTES)
            return []
        file = TextFile(name, normalize(text))
        self.out.files.setdefault(name, file)
        if name.lower().endswith(".csv"):
            stem = normalize(table) if table is not None else normalize(Path(name).stem)
            result = self.csv.csv_file(file, stem.strip())
        else:
            result = self.toml.toml_file(file)
        return [result] if result is not None else []


def _facts_file(name: str) -> bool:
    """Is `name` a facts file of a folder? Not the lock file a spreadsheet program keeps beside a workbook it has
    open (~$facts.xlsx): it holds no facts, only who has the workbook open."""
    return Path(name).suffix.lower() in SUFFIXES and not Path(name).name.startswith("~$")


@frozen
class Read:
    """What the loader read from files or text, with every problem it found, and nothing raised.

    `facts` are every fact read: with problems, a fact with an unreadable
    value is still there on the rest (its date, id, unit, task), so that a
    later stage — the fit of the facts to a plan — can check them too, and
    one `FactsError` list its problems with the loader's. `problems` are the loader's, in the order found; `notes` the
    "… and N more" that close a capped code's list; `order` each file's
    place among those read, the order `facts` lists problems in.
    """

    facts: Facts
    problems: tuple[Diagnostic, ...] = ()
    notes: tuple[Diagnostic, ...] = ()
    order: dict[str, int] = field(factory=dict, eq=False)

    def checked(self) -> Facts:
        """The facts, or one `FactsError` listing every problem by file (in the order given), line and column."""
        if not self.problems:
            return self.facts

        def position(d: Diagnostic):
            if d.span is None:
                return (-1, 0, 0)
            return (self.order.get(d.span.file, len(self.order)), d.span.line, d.span.column)

        raise FactsError(sorted((*self.problems, *self.notes), key=position))


def _finish(loader: FactsLoader, parts: list[Facts]) -> Read:
    """The facts of every file merged and checked against each other, with every problem found."""
    out = loader.out
    facts = Facts.merge(parts)
    given: dict[tuple[str, str], tuple[str, Origin | None]] = {}
    for part in parts:  # one value per unit and attribute, whichever files give it
        for unit in part.units:
            for name, value in unit.attributes:
                first = given.setdefault((unit.name, name), (value, unit.origin))
                if first[0] != value:
                    out.diagnostics.append(Diagnostic(
                        "F146", facts_message("attribute_clash", unit=quoted(unit.name), name=quoted(name),
                                                first=quoted(first[0]), second=quoted(value),
                                                place=str(first[1]) if first[1] else "?"),
                        None))
    # A unit is placed where its member_of is declared (a TOML unit table, a row of units.csv),
    # when a file declares one: what a problem with its groups points at, whatever file named it first.
    declared: dict[str, Origin | None] = {}
    for part in parts:
        for unit in part.units:
            if unit.member_of:
                declared.setdefault(unit.name, unit.origin)
    if declared:
        units = tuple(evolve(u, origin=declared[u.name]) if u.name in declared else u for u in facts.units)
        facts = evolve(facts, units=units)
    FactChecks(loader.rows).check(facts)
    assert out.diagnostics or not out.partial, "a fact read with a problem that was not reported"
    return Read(facts, tuple(out.diagnostics), tuple(out.more()), dict(out.order))


def load_facts(*paths: str | os.PathLike, vocabulary: Vocabulary | None = None, table: str | None = None,
               evidence: str = "records", mapping=None, **source_options):
    """Read and validate facts from `.toml` and `.csv` files and folders of them, or open a table source.

    A folder stands for every .toml and .csv file directly in it, in name
    order; the paths given are read in path order too, so their order never
    changes the facts or the problems. A CSV file is one table, named by the file's stem, or by `table`
    for every CSV file given by path (not those found in folders). Raises
    one `FactsError` listing every problem of every file (`read_facts`
    gives the facts read with their problems, raising nothing). Checking the
    facts against a plan is the pipeline's (`planrules.load_facts(rules=)`).

    One path that names a table source — a DuckDB file (.duckdb, .db), a
    folder of Parquet files, or a `postgresql://` connection string — gives
    a `sources.FactSource` instead (needs the `sql` extra): `RuleSet.evaluate`
    takes either, and the database counts the records (docs/sql.md).
    `evidence` is the source's ("records" or "problems"); `mapping` (a TOML
    file's path, or its parsed content) gives the database's own names of
    tables and columns (docs/sql.md, Mapping). `source_options` go to
    `sources.open_source` (`query_timeout`). Close a source when done (it
    is a context manager).
    """
    sources = [p for p in paths if names_source(p)]
    if not sources and mapping is not None:  # a mapping names a database's tables: a folder of CSV files is one
        sources = [p for p in paths if os.path.isdir(p)]
    if sources:
        return _open_source(paths, sources, vocabulary, table, evidence, mapping, **source_options)
    if mapping is not None:  # names of a database's tables mean nothing for TOML and CSV files
        raise FactsError([Diagnostic("F101", facts_message("mapping_needs_source"))])
    return read_facts(*paths, vocabulary=vocabulary, table=table).checked()


def read_facts(*paths: str | os.PathLike, vocabulary: Vocabulary | None = None, table: str | None = None) -> Read:
    """The facts of `.toml` and `.csv` files and folders of them, read as `load_facts` reads them, with every
    problem found and nothing raised (`Read.checked()` raises). A path naming a table source is read as a file:
    `load_facts` opens table sources."""
    loader = FactsLoader(vocabulary if vocabulary is not None else Vocabulary.standard())
    with paused_gc():
        return _finish(loader, loader.load(paths, table))


def names_source(path: str | os.PathLike) -> bool:
    """Does `path` name a table source (`targets.is_source`)? Not when it cannot even be looked at."""
    try:
        return is_source(path)
    except (OSError, ValueError):  # an over-long or unlistable path: the file reader says so, located
        return False


_DRIVERS = {"postgres": ("psycopg", "PostgreSQL"), "duckdb": ("duckdb", "DuckDB, Parquet")}


def _open_source(paths, sources, vocabulary, table, evidence, mapping=None, **options):
    """The one table source among `paths`, opened; located errors for anything else."""
    import importlib.util

    def fail(key: str, **args) -> FactsError:
        return FactsError([Diagnostic("F101", facts_message(key, **args))])


    if len(paths) > 1:
        raise fail("source_alone", path=shown_target(sources[0]))
    if table is not None:
        raise fail("source_table", path=shown_target(sources[0]))
    target = os.fspath(sources[0])
    module, what = _DRIVERS["postgres" if is_conninfo(target) else "duckdb"]
    if importlib.util.find_spec(module) is None:
        raise fail("no_driver", path=shown_target(target), what=what, module=module)
    from .sources import open_source  # only now: reading TOML or CSV loads no database module

    return open_source(target, vocabulary, evidence=evidence, mapping=mapping, **options)


def loads_facts(text: str, name: str = "facts.toml", *, vocabulary: Vocabulary | None = None,
                table: str | None = None) -> Facts:
    """Read and validate facts from text: CSV when `name` ends in .csv, else TOML."""
    return reads_facts(text, name, vocabulary=vocabulary, table=table).checked()


def reads_facts(text: str, name: str = "facts.toml", *, vocabulary: Vocabulary | None = None,
                table: str | None = None) -> Read:
    """The facts of a text (as `loads_facts` reads it), with every problem found and nothing raised."""
    loader = FactsLoader(vocabulary if vocabulary is not None else Vocabulary.standard())
    with paused_gc():
        return _finish(loader, loader.load_text(text, name, table))
