"""A unit register: the organisations plans bind, kept outside any one plan.

Real plans do not list their units. A national programme assigns its rows to
"các bộ, ngành, địa phương", a Party committee's plan to "các chi bộ", a
province's rubric to every commune. Who those are is data, kept by the
reporting system: a register gives each unit its name (what facts and reports
call it — an official code such as `79` or `26734` is a name), an optional
official `code` facts may use instead, a label, a level of the hierarchy
(`xã`, `tỉnh`, `quốc_gia`), its parent one level up, and the plan groups it
belongs to (`member_of`). A plan names a group by what it is (`= cấp xã`, or
an open `nhóm` the register's `member_of` fills); the rule set asks the
register who is in it.

This module only holds the values and the lookups; `register_files` reads
them (from `*.units.csv` and `*.units.toml` files, and from a facts source's
`units` table) with located errors.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

from attrs import field, frozen

from .model import REGISTER_FIELDS, Facts, Origin, UnitFacts


@frozen
class Registered:
    """One unit of a register. `parent` is another unit of the register, one level up (or None at the top)."""

    name: str
    label: str | None = None
    code: str | None = None
    level: str | None = None
    parent: str | None = None
    member_of: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()
    origin: Origin | None = field(default=None, eq=False)
    # a succession: who takes over this unit's duties (`successor`), from which day (`since`), and how
    # (`change`: merged, renamed, succeeded — the default); docs/registers.md, "Mergers, renames and succession"
    successor: str | None = None
    since: _dt.date | None = None
    change: str | None = None

    @classmethod
    def of_unit(cls, unit: UnitFacts) -> "Registered":
        """What a units row (of a register file or a facts source) says of its unit as a register does."""
        return cls(unit.name, unit.label, unit.code, unit.level, unit.parent, unit.member_of, unit.attributes,
                   unit.origin, unit.successor, unit.since, unit.change or ("succeeded" if unit.successor else None))


@frozen(eq=False)
class Register:
    """Every unit of one or several register files, with the lookups a rule set needs.

    The readers have checked it: names and codes unique, every parent a unit of
    the register, no cycle of parents. The indexes are built once, here, so a
    register of thousands of units answers each question in constant time.
    """

    units: tuple[Registered, ...] = ()
    files: tuple[str, ...] = ()
    _by_name: dict[str, Registered] = field(init=False, repr=False)
    _by_code: dict[str, str] = field(init=False, repr=False)
    _children: dict[str, tuple[str, ...]] = field(init=False, repr=False)
    _in_group: dict[str, tuple[str, ...]] = field(init=False, repr=False)
    _before: dict[str, tuple[Registered, ...]] = field(init=False, repr=False)  # successor -> its predecessors

    def __attrs_post_init__(self) -> None:
        by_name = {u.name: u for u in self.units}
        children: dict[str, list[str]] = {}
        in_group: dict[str, list[str]] = {}
        for unit in self.units:
            if unit.parent is not None:
                children.setdefault(unit.parent, []).append(unit.name)
            for group in unit.member_of:
                in_group.setdefault(group, []).append(unit.name)
        object.__setattr__(self, "_by_name", by_name)
        object.__setattr__(self, "_by_code", {u.code: u.name for u in self.units if u.code is not None})
        object.__setattr__(self, "_children", {k: tuple(v) for k, v in children.items()})
        object.__setattr__(self, "_in_group", {k: tuple(v) for k, v in in_group.items()})
        before: dict[str, list[Registered]] = {}
        for unit in self.units:
            if unit.successor is not None:
                before.setdefault(unit.successor, []).append(unit)
        object.__setattr__(self, "_before", {k: tuple(v) for k, v in before.items()})

    def __len__(self) -> int:
        return len(self.units)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def get(self, name: str) -> Registered | None:
        """The unit called `name`, or None."""
        return self._by_name.get(name)

    def name_of(self, name_or_code: str) -> str | None:
        """The register's name for a unit given by name or by official code; None when it has neither."""
        if name_or_code in self._by_name:
            return name_or_code
        return self._by_code.get(name_or_code)

    def label_of(self, name: str) -> str | None:
        unit = self._by_name.get(name)
        return unit.label if unit is not None else None

    @property
    def levels(self) -> tuple[str, ...]:
        """The levels of the hierarchy, in the order they first appear."""
        return tuple(dict.fromkeys(u.level for u in self.units if u.level is not None))

    def ancestors(self, name: str) -> tuple[str, ...]:
        """The units above `name`, nearest first (its parent, the parent's parent …)."""
        out: list[str] = []
        unit = self._by_name.get(name)
        while unit is not None and unit.parent is not None and unit.parent not in out:
            out.append(unit.parent)
            unit = self._by_name.get(unit.parent)
        return tuple(out)

    def ancestor_at(self, name: str, level: str) -> str | None:
        """The unit of `level` that `name` lies in (itself when it is of that level), or None."""
        for candidate in (name, *self.ancestors(name)):
            unit = self._by_name.get(candidate)
            if unit is not None and unit.level == level:
                return candidate
        return None

    def below(self, name: str) -> tuple[str, ...]:
        """Every unit under `name`, at any depth, in register order of discovery (not `name` itself)."""
        out: list[str] = []
        queue = list(self._children.get(name, ()))
        seen = set(queue)
        while queue:
            current = queue.pop(0)
            out.append(current)
            for child in self._children.get(current, ()):
                if child not in seen:
                    seen.add(child)
                    queue.append(child)
        return tuple(out)

    def of_level(self, level: str | Iterable[str], within: str | None = None) -> tuple[str, ...]:
        """The units of `level` (or of any of several levels), in register order; only those under `within` (a
        unit) when it is given."""
        levels = {level} if isinstance(level, str) else set(level)
        if within is None:
            return tuple(u.name for u in self.units if u.level in levels)
        under = set(self.below(within)) | {within}
        return tuple(u.name for u in self.units if u.level in levels and u.name in under)

    @property
    def successions(self) -> bool:
        """Does any unit of the register have a successor? (When none does, nothing is looked up per unit.)"""
        return bool(self._before)

    def successors(self, name: str) -> tuple[Registered, ...]:
        """The succession from `name` on: its own entry when it has a successor, then its successor's when that
        one has one, and so on (A → B → C gives A's entry, then B's); each entry's `successor` and `since` say
        who took over from it and when. Empty when `name` goes on. The readers refused rings (F157)."""
        out: list[Registered] = []
        unit = self._by_name.get(name)
        while unit is not None and unit.successor is not None and unit not in out:
            out.append(unit)
            unit = self._by_name.get(unit.successor)
        return tuple(out)

    def predecessors(self, name: str) -> tuple[Registered, ...]:
        """The units whose duties passed to `name`, directly or along a chain (A → B → C: B's and A's entries
        for C), nearest first."""
        out: list[Registered] = []
        queue = list(self._before.get(name, ()))
        while queue:
            unit = queue.pop(0)
            if unit not in out and unit.name != name:
                out.append(unit)
                queue.extend(self._before.get(unit.name, ()))
        return tuple(out)

    def members(self, group: str) -> tuple[str, ...]:
        """The units whose `member_of` names `group`, in register order."""
        return self._in_group.get(group, ())

    @classmethod
    def of_facts(cls, facts: Facts) -> "Register":
        """The register the facts' units table makes: each unit it says something of as a register does
        (a label, a code, a level, a parent, groups), in the facts' order. The facts loader checked each
        value; whether every parent is a unit is the fit's to say, against the plan's register too."""
        units = tuple(
            Registered.of_unit(u)
            for u in facts.units
            if u.member_of or any(getattr(u, key) is not None for key in REGISTER_FIELDS)
        )
        return cls(units, facts.files)

    @classmethod
    def merge(cls, parts: Iterable["Register"]) -> "Register":
        """One register from several: a unit named in two parts keeps the first part's entry (the readers
        report the clash)."""
        seen: dict[str, Registered] = {}
        files: list[str] = []
        for part in parts:
            files.extend(part.files)
            for unit in part.units:
                seen.setdefault(unit.name, unit)
        return cls(tuple(seen.values()), tuple(files))


EMPTY = Register()
