"""Register files: `*.units.csv` and `*.units.toml` read into a `register.Register`, with located errors.

A register file is a facts `units` table and nothing else (docs/registers.md):
a CSV file whose rows are units (`unit`, `label`, `code`, `level`, `parent`,
`member_of`, then attributes), or a TOML file of `[units."79"]` tables with
those keys. So it is read by the facts readers themselves (`loader.FactsLoader`:
bounded, UTF-8, NFC, every cell read by `values`, every problem placed by the
`FileCollector`); a TOML register may hold no facts table, and a unit no facts.
What only a register can get wrong is checked here, once every file is read:
a unit listed twice across files (F144, at the second place), an official code
given twice or equal to another unit's name (F147), a parent that is not a
unit of the register (F148), units that are each other's ancestors (F149), a
successor that is not a unit of the register (F155), half a succession (F156:
a successor without `since`, or the reverse) and units that succeed each other
in a ring (F157).

Discovery (`discover`): a plan's register is every register file in the plan's
folder and in each folder above it up to the library root, root first, then
the files named by `--register`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from attrs import field, frozen

from ..base.diagnostics import MAX_FINDINGS_PER_CODE, Diagnostic, FactsError
from ..base.files import Listing, Refused, walk
from ..base.source import paused_gc
from ..language.vocabulary import Vocabulary
from . import findings
from .collector import FilePlace
from .loader import FactsLoader
from .model import Facts, UnitFacts
from .register import Register, Registered
from .toml_facts import TomlFacts

__all__ = ["REGISTER_KEYS", "SUFFIXES", "RegisterRead", "discover", "is_register_file", "load_register",
           "loads_register", "read_register"]

SUFFIXES = (".units.csv", ".units.toml")
# What a unit's table of a TOML register may hold: what a register says of it, nothing reported
REGISTER_KEYS = ("label", "code", "level", "parent", "successor", "since", "change", "member_of", "attributes")


def is_register_file(name: str | os.PathLike) -> bool:
    """Is `name` a register file's name (`x.units.csv`, `x.units.toml`, any case)?"""
    return os.fspath(name).lower().endswith(SUFFIXES)


@frozen
class RegisterRead:
    """A register read from files, with every problem found and nothing raised (`checked()` raises)."""

    register: Register
    problems: tuple[Diagnostic, ...] = ()
    order: dict[str, int] = field(factory=dict, eq=False)
    digest: str = ""  # of every file read, its name and text: a cache key for what was checked


    def checked(self) -> Register:
        """The register, or one `FactsError` listing every problem by file (in the order read), line, column."""
        if not self.problems:
            return self.register

        def position(d: Diagnostic):
            if d.span is None:
                return (-1, 0, 0)
            return (self.order.get(d.span.file, len(self.order)), d.span.line, d.span.column)

        raise FactsError(sorted(self.problems, key=position))


class _Reader:
    """One read of register files: each file by the facts readers, then the register's own checks."""

    def __init__(self) -> None:
        self.loader = FactsLoader(Vocabulary.standard())
        self.loader.toml = TomlFacts(self.loader.rows, document_keys=("units",), unit_keys=REGISTER_KEYS)
        self.out = self.loader.out

    def paths(self, paths: Iterable[str | os.PathLike]) -> list[Facts]:
        """The facts (units only) of each register file at `paths`: a file, or every register file below a
        folder; F101 for anything else."""
        parts: list[Facts] = []
        for given in paths:
            path = Path(given)
            if os.path.isdir(path):
                listing = walk(path, is_register_file)
                for refusal in listing.refused:
                    self.out.refused(refusal)
                if not listing.files and not listing.refused:
                    self.out.report(None, (), "F101", "no_register_files", path=str(path))
                files: Sequence[Path] = listing.files
            elif not is_register_file(path):
                self.out.report(None, (), "F101", "not_register_file", path=str(path))
                continue
            else:
                files = (path,)
            for file in files:
                self.out.order.setdefault(str(file), len(self.out.order))
                parts.extend(self.loader.load_file(file, "units"))
        return parts

    def text(self, text: str, name: str) -> list[Facts]:
        if not is_register_file(name):
            self.out.report(None, (), "F101", "not_register_file", path=name)
            return []
        return self.loader.load_text(text, name, "units")

    def finish(self, parts: list[Facts]) -> RegisterRead:
        """The units of every file in one register, checked as a whole (F144, F147-F149, F155-F157)."""
        units: list[Registered] = []
        where: dict[str, UnitFacts] = {}
        for part in parts:
            for unit in part.units:
                first = where.get(unit.name)
                if first is not None:
                    self._at(unit, findings.duplicate_unit(unit.name, self._line(first)))
                    continue
                where[unit.name] = unit
                units.append(Registered.of_unit(unit))
        self._codes(where)
        self._parents(units, where)
        self._rings(units, where, {u.name: u.parent for u in units if u.parent in where}, findings.parent_cycle,
                    "parent")
        self._successions(units, where)
        self._rings(units, where, {u.name: u.successor for u in units if u.successor in where},
                    findings.successor_cycle, "successor")
        files = tuple(dict.fromkeys(f for part in parts for f in part.files))
        diagnostics = (*self.out.diagnostics, *self.out.more())
        digest = hashlib.sha256()
        for name, file in self.out.files.items():
            digest.update(repr((name, file.text)).encode("utf-8", "surrogatepass"))
        return RegisterRead(Register(tuple(units), files), tuple(diagnostics), dict(self.out.order),
                            digest.hexdigest() if self.out.files or diagnostics else "")

    def _codes(self, where: dict[str, UnitFacts]) -> None:
        """F147: a code given to two units, or a code that is another unit's name."""
        coded: dict[str, UnitFacts] = {}
        for unit in where.values():
            code = unit.code
            if code is None:
                continue
            if code in where and code != unit.name:
                self._at(unit, findings.code_is_name(code, unit.name, self._line(where[code])), "code")
            elif code in coded:
                self._at(unit, findings.code_twice(code, unit.name, coded[code].name, self._line(coded[code])),
                         "code")
            else:
                coded[code] = unit

    def _parents(self, units: list[Registered], where: dict[str, UnitFacts]) -> None:
        """F148: a parent that is not a unit of the register, with the closest name (for the first listed)."""
        unknown = 0
        names = list(where)
        for unit in units:
            if unit.parent is not None and unit.parent not in where:
                unknown += 1  # past those listed, no name is looked for
                near = names if unknown <= MAX_FINDINGS_PER_CODE else []
                self._at(where[unit.name], findings.unknown_parent(unit.parent, unit.name, near), "parent")

    def _successions(self, units: list[Registered], where: dict[str, UnitFacts]) -> None:
        """F155: a successor that is not a unit of the register; F156: a successor without `since`, or a
        `since` or `change` without a successor (a succession needs both: who, and from when)."""
        unknown = 0
        names = list(where)
        refused = {(d.span.file, d.span.line) for d in self.out.diagnostics if d.span is not None}
        for unit in units:
            said = where[unit.name]
            origin = said.origin
            if origin is not None and (origin.file, origin.line) in refused:
                continue  # a cell of its row was refused (a `since` that is no date): said once, there
            if unit.successor is not None and unit.successor not in where:
                unknown += 1
                near = names if unknown <= MAX_FINDINGS_PER_CODE else []
                self._at(said, findings.unknown_successor(unit.successor, unit.name, near), "successor")
            if unit.successor is not None and unit.since is None:
                self._at(said, findings.half_succession(unit.name, "successor"), "successor")
            for key in ("since", "change"):
                if unit.successor is None and getattr(said, key) is not None:
                    self._at(said, findings.half_succession(unit.name, key), key)

    def _rings(self, units: list[Registered], where: dict[str, UnitFacts], parent: dict[str, str | None],
               found, column: str) -> None:
        """F149 (parents) or F157 (successors): each ring of units that `parent` links back to themselves,
        once, at its first unit in register order."""
        rank = {u.name: i for i, u in enumerate(units)}
        done: set[str] = set()
        for unit in units:
            path: list[str] = []
            on_path: dict[str, int] = {}
            current: str | None = unit.name
            while current is not None and current not in done and current not in on_path:
                on_path[current] = len(path)
                path.append(current)
                current = parent.get(current)
            if current is not None and current in on_path:
                ring = path[on_path[current]:]
                turn = ring.index(min(ring, key=rank.__getitem__))
                ring = ring[turn:] + ring[:turn]
                self._at(where[ring[0]], found(ring), column)
            done.update(path)

    def _place(self, unit: UnitFacts) -> FilePlace | None:
        """Where `unit` was read: its row of a CSV register, its table of a TOML one."""
        origin = unit.origin
        file = self.out.files.get(origin.file) if origin is not None else None
        if file is None:
            return None
        if origin.row is not None:
            return FilePlace(file, (origin.table, origin.row))
        return FilePlace(file, ("units", origin.table[len("units."):]))

    def _line(self, unit: UnitFacts) -> str:
        origin = unit.origin
        return f"{origin.file}:{origin.line}" if origin is not None else "?"

    def _at(self, unit: UnitFacts, finding: findings.Finding, column: str | None = None) -> None:
        place = self._place(unit)
        if place is not None:
            self.out.found(place, finding, column)


def read_register(*paths: str | os.PathLike, refused: Iterable[Refused] = ()) -> RegisterRead:
    """The register of the register files at `paths` (files, or folders searched for `*.units.csv` and
    `*.units.toml`), in the order given, with every problem found and nothing raised; `refused`, the
    register files a search found but may not read (F101 each)."""
    reader = _Reader()
    for refusal in refused:
        reader.out.refused(refusal)
    with paused_gc():
        return reader.finish(reader.paths(paths))


def load_register(*paths: str | os.PathLike) -> Register:
    """`read_register(*paths)`, or one `FactsError` listing every problem."""
    return read_register(*paths).checked()


def loads_register(text: str, name: str = "register.units.toml") -> Register:
    """A register from text: CSV when `name` ends in .units.csv, TOML when in .units.toml."""
    reader = _Reader()
    with paused_gc():
        return reader.finish(reader.text(text, name)).checked()


def discover(plan: str | os.PathLike, root: str | os.PathLike | None = None) -> Listing:
    """The register files of the plan at `plan`: those in its folder and in each folder above it up to `root`
    (the library's folder; the plan's own folder when None, or when the plan is not inside it), root first;
    and those refused (a FIFO, a link leaving its folder), which the reader says, never skips in silence."""
    folder = Path(os.path.normpath(Path(plan).parent))
    chain = [folder]
    if root is not None:
        top = os.path.abspath(root)
        here = os.path.abspath(folder)
        if here == top or here.startswith(top.rstrip(os.sep) + os.sep):
            while os.path.abspath(chain[-1]) != top:
                up = Path(os.path.normpath(chain[-1] / ".."))
                if os.path.abspath(up) == os.path.abspath(chain[-1]):
                    break
                chain.append(up)
    listings = [walk(folder, is_register_file, deep=False) for folder in reversed(chain)]
    return Listing(tuple(f for listing in listings for f in listing.files),
                   tuple(r for listing in listings for r in listing.refused))
