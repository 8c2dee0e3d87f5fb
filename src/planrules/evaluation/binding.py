"""Who a plan binds: its units, its groups and their members, from the plan and its register.

A plan names the units it binds directly (`đơn vị`), through groups, or as a
role every unit has. A group lists its members (`= a, b`), is every unit
(`= tất cả`), is every unit of a level of the register's hierarchy
(`= cấp xã`, within the plan's `địa bàn` when it has one), or is open: the
text names it ("Các chi bộ") without listing anyone, and the register's
`member_of` (or the facts') fills it. Organisations are data: the members of
a level or an open group come from the register, never from a list in the
plan.

`Binding.of` works that out once per rule set, so that judging a unit asks
only dictionary lookups; `binding.responsibilities(unit)` is every name
through which a unit can be bound. Kept apart from `ruleset` because the
fit (which units may report) and the evaluation (which units are judged)
both ask it.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs
from attrs import frozen

from ..base.diagnostics import Diagnostic, PlanError
from ..base.source import Span
from ..facts.register import EMPTY, Register
from ..language import model as m
from .messages import EvaluationMessage


@frozen(eq=False)
class Binding:
    """The plan's names and who is in each group, with the register that filled them."""

    names: frozenset[str]  # every unit, role and group the plan declares
    groups: frozenset[str]
    open_groups: frozenset[str]  # groups the text names without listing anyone: a register or the facts fill them
    all_groups: frozenset[str]  # groups that are every unit ("các cơ quan, đơn vị" = tất cả)
    roles: frozenset[str]
    containers: dict[str, frozenset[str]]  # a unit or group -> the groups it is a member of (one step)
    filled: tuple[str, ...]  # the units a register puts in the plan's groups, in register order
    bound: tuple[str, ...]  # the units judged even when the facts leave them out (see `of`)
    register: Register = EMPTY
    territory: str | None = None  # the register's name of the plan's `địa bàn`
    plan: m.Plan | None = None  # the plan bound, and the names its rules are led by: to bind again (`with_register`)
    led: frozenset[str] = frozenset()
    declared_labels: dict[str, str] = attrs.Factory(dict)  # the plan's units, roles and groups as written

    @classmethod
    def of(cls, plan: m.Plan, leads: Iterable[frozenset[str] | None], register: Register | None = None) -> "Binding":
        """The binding of `plan` whose rules are led by `leads`, its groups filled from `register`.

        Bound: every unit (declared, or put in a group by the register) through
        which a rule with a target or a deadline binds — itself, or a group it is
        in, directly or through another group. Groups of every unit and roles
        bind the units that are judged; they do not pull units in.
        """
        register = register if register is not None else EMPTY
        territory = _territory(plan, register, plan.header_span("territory") or plan.span)
        declared = {u.name: u for u in plan.units}
        containers: dict[str, set[str]] = {}
        for unit in plan.units:
            if unit.kind is m.UnitKind.GROUP:
                for member in unit.members:
                    containers.setdefault(member, set()).add(unit.name)
        filled: dict[str, None] = {}
        for group in plan.units:
            if group.kind is not m.UnitKind.GROUP or group.all_units or group.members:
                continue
            found = (register.of_level(group.levels, within=territory) if group.levels
                     else register.members(group.name))
            for member in found:
                containers.setdefault(member, set()).add(group.name)
                if member not in declared:
                    filled[member] = None
        frozen_containers = {k: frozenset(v) for k, v in containers.items()}
        led = frozenset().union(*(group for group in leads if group is not None))
        units = [u.name for u in plan.units if u.kind is m.UnitKind.UNIT] + list(filled)
        bound = [n for n in units if containing(n, frozen_containers) & led]
        _successors(register, units, filled, bound, declared)
        return cls(
            names=frozenset(declared) | frozenset(filled),
            groups=frozenset(n for n, u in declared.items() if u.kind is m.UnitKind.GROUP),
            open_groups=frozenset(n for n, u in declared.items() if u.kind is m.UnitKind.GROUP and not u.all_units
                                  and not u.members and not u.levels),
            all_groups=frozenset(n for n, u in declared.items() if u.kind is m.UnitKind.GROUP and u.all_units),
            roles=frozenset(n for n, u in declared.items() if u.kind is m.UnitKind.ROLE),
            containers=frozen_containers, filled=tuple(filled), bound=tuple(bound), register=register, territory=territory,
            plan=plan, led=led, declared_labels={u.name: u.label for u in plan.units},
        )

    def with_register(self, register: Register) -> "Binding":
        """The same plan and rules bound with `register` instead (the plan's register completed by the facts')."""
        assert self.plan is not None, "a binding made by Binding.of"
        return Binding.of(self.plan, (self.led,), register)

    def responsibilities(self, name: str, member_of: Iterable[str] = ()) -> frozenset[str]:
        """The names through which unit `name` can be bound: itself, its groups (those the plan and register
        give, and `member_of` from its facts), every group of every unit, every role."""
        return containing(name, self.containers, member_of) | self.roles | self.all_groups

    def knows(self, name: str, member_of: Iterable[str] = ()) -> bool:
        """May a unit called `name` report facts for this plan? When the plan declares it, when the register
        puts it in a group of the plan, or when its facts say it belongs to an open group of the plan (one the
        text does not list the members of: a listed group is closed, a level group is the register's)."""
        return name in self.names or any(g in self.open_groups for g in member_of)

    def label_of(self, name: str) -> str | None:
        """Unit `name` as written: its label in the plan's declaration, else in the register; None without one."""
        declared = self.declared_labels.get(name)
        return declared if declared is not None else self.register.label_of(name)


def _successors(register: Register, units: list[str], filled: dict[str, None], bound: list[str],
                declared: dict) -> None:
    """A unit's successors (the register's `successor`, along a chain) take over its duties: each is a unit of
    the plan where its predecessor is (`filled`, so it may report), and bound where its predecessor is bound
    (judged, `unknown` without facts). Docs: docs/evaluation.md, "Mergers, renames and succession"."""
    if not register.successions:
        return
    is_bound = set(bound)
    for name in list(units):
        for link in register.successors(name):
            heir = link.successor
            if heir not in declared and heir not in filled:
                filled[heir] = None
                units.append(heir)
            if name in is_bound and heir not in is_bound:
                is_bound.add(heir)
                bound.append(heir)


def containing(name: str, containers, member_of: Iterable[str] = ()) -> frozenset[str]:
    """`name`, the groups it says it belongs to, and every group that lists one of them, transitively."""
    names = {name, *member_of}
    queue = list(names)
    while queue:  # a member of a group is a member of every group that lists it
        for group in containers.get(queue.pop(), ()):
            if group not in names:
                names.add(group)
                queue.append(group)
    return frozenset(names)


def _territory(plan: m.Plan, register: Register, span: Span | None) -> str | None:
    """The register's name of the plan's `địa bàn` (given by name or code), or None when the plan has none.

    A plan whose `địa bàn` the register does not have, or whose level groups
    name a level the register does not have, cannot be compiled against it
    (C304, C305): its groups would be silently empty.
    """
    problems = []
    territory = None
    if plan.territory is not None and len(register):
        territory = register.name_of(plan.territory)
        if territory is None:
            problems.append(Diagnostic("C304", EvaluationMessage.of(
                "territory_not_registered", plan=plan.number or "", name=plan.territory,
                files=", ".join(register.files) or "-"), span))
    if len(register):
        levels = register.levels
        for group in plan.units:
            for level in (group.levels if group.kind is m.UnitKind.GROUP else ()):
                if level in levels:
                    continue
                problems.append(Diagnostic("C305", EvaluationMessage.of(
                    "level_not_registered", name=group.name, level=level,
                    levels=", ".join(levels) or "-"), group.span))
    if problems:
        raise PlanError(problems)
    return territory
