"""What every peer engine is given: a commune's targets as a plain table, and its facts as plain data.

The peers must judge the same rules with the same numbers as planrules, or a
comparison of their speed means nothing. So the thresholds are read here from
the parsed plan model (`planrules.load`), not from planrules' compiled rules:
the commune's own targets in file order, then those of its parents (`cấp trên`,
nearest first) that no target already in the table covers — the inheritance
rule of docs/evaluation.md, written again in a few lines. The agreement check
in bench/run.py then compares every verdict key, so a table that drifted from
planrules' (a target missing, an inherited one too many) fails loudly.

The facts are read from the generator's CSV tables with the `csv` module,
independently of planrules' loader: "có"/"không" are booleans, "1/2" and
"1,5" are exact fractions of a day, an empty cell is a field not reported.

`METRICS` is the hand-written meaning of the prelude metrics the Vũ Dương plan
family uses; `check_metrics` compares it with the vocabulary planrules
compiled, so a change to plans/prelude.plan cannot silently leave the peers
computing something else.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path

import planrules
from planrules.language import model as m
# metric -> (rule kind, record kind, condition (field, value) pairs, exclusion pairs or None, cap field, cap category field)
METRICS: dict[str, tuple[str, str, tuple, tuple | None, str | None, str | None]] = {
    "tỷ_lệ_hội_nghị_trực_tuyến": ("share", "hội_nghị", (("trực_tuyến", True),), None, None, None),
    "giảm_hội_nghị": ("cut", "hội_nghị", (), None, None, None),
    "tỷ_lệ_hồ_sơ_trực_tuyến": ("share", "hồ_sơ_tthc", (("trực_tuyến", True),), None, None, None),
    "tỷ_lệ_số_hóa_văn_bản": ("share", "văn_bản_ban_hành", (("số_hóa", True),), None, None, None),
    "tỷ_lệ_văn_bản_điện_tử": ("share", "văn_bản_gửi", (("điện_tử", True),), (("mật", True),), None, None),
    "giảm_văn_bản_hành_chính": ("cut", "văn_bản_ban_hành", (("hành_chính", True),), None, None, None),
    "tỷ_lệ_đào_tạo_kỹ_năng_số": ("share", "cán_bộ", (("đào_tạo_kỹ_năng_số", True),), None, None, None),
    "thời_lượng_hội_nghị": ("cap", "hội_nghị", (), None, "thời_lượng", "loại"),
}
DATED = {"hội_nghị": "ngày", "văn_bản_ban_hành": "ngày", "văn_bản_gửi": "ngày", "hồ_sơ_tthc": "ngày"}
BOOLEAN = {"trực_tuyến", "điện_tử", "mật", "số_hóa", "hành_chính", "đào_tạo_kỹ_năng_số"}
DAYS = {"thời_lượng"}
YES, NO = {"có", "yes", "true"}, {"không", "no", "false"}


@dataclass(frozen=True)
class Target:
    """One target as every peer sees it: which metric, how strict, for which years and units."""

    id: str  # planrules' rule id ("TT 8#2", "534/QĐ-TTg:#4"), so verdicts can be matched
    metric: str
    category: str | None
    at_least: bool
    limit: Fraction  # 60% -> 3/5; ½ day -> 1/2
    year: int | None  # `trong năm Y`; None: every year from first_year
    first_year: int
    start: dt.date  # caps bind records from the plan's date on
    leads: frozenset[str] | None  # a task's target binds its leads; None: every unit
    issued: dt.date | None = None  # the judged plan's own date: before it, every target is pending, no value


@dataclass
class UnitData:
    """One unit's facts in plain structures: records by kind (dicts), aggregate counts by key."""

    records: dict[str, list[dict]] = field(default_factory=dict)
    counts: dict[tuple[str, int, tuple], int] = field(default_factory=dict)  # (kind, year, where) -> count
    names: frozenset[str] = frozenset()  # the names through which the unit leads a task


def check_metrics(vocabulary: planrules.Vocabulary) -> None:
    """Raise if `METRICS` no longer says what the vocabulary's metrics mean."""
    for name, (kind, record_kind, pos, neg, cap_field, by) in METRICS.items():
        expr = vocabulary.expr(m.MetricName(name))
        if isinstance(expr, m.CutVsPreviousYear):
            expr = vocabulary.expr(expr.base)
            found = ("cut", expr.kind, _pairs(expr.where), None, None, None)
        elif isinstance(expr, m.ShareOf):
            found = ("share", expr.kind, _pairs(expr.where), _pairs(expr.excluding) or None, None, None)
        elif isinstance(expr, m.EachRecord):
            found = ("cap", expr.kind, (), None, expr.field, expr.by)
        else:
            found = (type(expr).__name__,)
        if found != (kind, record_kind, pos, neg, cap_field, by):
            raise SystemExit(f"bench/peers/rulebook.py: metric {name} is {found} in the vocabulary, "
                             f"not {(kind, record_kind, pos, neg, cap_field, by)}")


def _pairs(tests) -> tuple:
    return tuple(sorted((t.field, t.value if isinstance(t, m.FieldEquals) else isinstance(t, m.FlagIsSet))
                        for t in tests))


# ------------------------------------------------------------------ targets --


def _own(plan: m.Plan, inherited_from: str | None = None) -> list[Target]:
    out, numbering = [], {}
    for statement in plan.body:
        if isinstance(statement, m.Target):
            pairs, leads = [(statement, statement.address)], None
        elif isinstance(statement, m.Task):
            pairs = [(t, t.address or statement.address) for t in statement.targets]
            leads = frozenset(statement.leads) or None
        else:
            continue
        for target, address in pairs:
            if not isinstance(target.metric, m.MetricName) or target.metric.name not in METRICS:
                raise SystemExit(f"{plan.number}: the peers know no metric {target.metric!r}")
            where = str(address) if address is not None else ""
            numbering[where] = numbering.get(where, 0) + 1
            rule = f"{where}#{numbering[where]}"
            q = target.threshold
            out.append(Target(
                id=f"{inherited_from}:{rule}" if inherited_from else rule, metric=target.metric.name,
                category=target.category, at_least=target.comparator is m.Comparator.AT_LEAST,
                limit=q.value / 100 if q.unit is m.QuantityUnit.PERCENT else q.value,
                year=target.period.year if isinstance(target.period, m.YearPeriod) else None,
                first_year=plan.date.year, start=plan.date, leads=leads,
            ))
    return out


def _covers(mine: Target, theirs: Target) -> bool:
    """Does `mine` already ask at least what `theirs` does, of at least the same units, in the same years?"""
    if mine.leads is not None and (theirs.leads is None or not theirs.leads <= mine.leads):
        return False
    if (mine.metric, mine.category, mine.at_least) != (theirs.metric, theirs.category, theirs.at_least):
        return False
    if theirs.year is not None and mine.year not in (None, theirs.year):
        return False
    if mine.year is not None and theirs.year is None:
        return False
    return mine.limit >= theirs.limit if mine.at_least else mine.limit <= theirs.limit


def targets(plan: m.Plan, library: planrules.Library) -> list[Target]:
    """The commune's own targets, then its ancestors' (nearest first) that none already covers."""
    table = _own(plan)
    seen, queue = {plan.number}, list(plan.parents)
    while queue:
        number = queue.pop(0)
        if number in seen:
            continue
        seen.add(number)
        parent = library.by_number(number)
        if parent is None:
            continue
        queue.extend(parent.parents)
        for theirs in _own(parent, parent.number):
            if not any(_covers(mine, theirs) for mine in table):
                table.append(theirs)
    return [replace(t, issued=plan.date) for t in table]


def unit_names(plan: m.Plan, unit: str, member_of: tuple[str, ...] = ()) -> frozenset[str]:
    """The names through which `unit` leads a task: itself, the groups listing it (transitively), every role,
    every group that is all units."""
    containers: dict[str, set[str]] = {}
    for u in plan.units:
        if u.kind is m.UnitKind.GROUP:
            for member in u.members:
                containers.setdefault(member, set()).add(u.name)
    names, queue = {unit, *member_of}, [unit, *member_of]
    while queue:
        for group in containers.get(queue.pop(), ()):
            if group not in names:
                names.add(group)
                queue.append(group)
    names |= {u.name for u in plan.units if u.kind is m.UnitKind.ROLE}
    names |= {u.name for u in plan.units if u.kind is m.UnitKind.GROUP and u.all_units}
    return frozenset(names)


# -------------------------------------------------------------------- facts --


def _value(column: str, text: str):
    if column in BOOLEAN:
        low = text.strip().lower()
        if low in YES:
            return True
        if low in NO:
            return False
        raise ValueError(f"{column}: {text!r} is not có/không")
    if column in DAYS:
        text = text.strip().replace(",", ".")
        return Fraction(text)
    if column == "ngày":
        return dt.date.fromisoformat(text)
    return text


def load_commune(folder: Path, plan: m.Plan) -> dict[str, UnitData]:
    """A commune's CSV tables (as bench/generate.py writes them) as plain structures, by unit."""
    units: dict[str, UnitData] = {}

    def unit(name: str) -> UnitData:
        found = units.get(name)
        if found is None:
            found = units[name] = UnitData(names=unit_names(plan, name))
        return found

    for path in sorted(folder.glob("*.csv")):
        table = path.stem
        with path.open(encoding="utf-8", newline="") as handle:
            rows = csv.reader(handle)
            header = next(rows)
            if table == "counts":
                flags = header[4:]
                for row in rows:
                    where = tuple(sorted((flag, _value(flag, cell)) for flag, cell in zip(flags, row[4:]) if cell))
                    unit(row[0]).counts[(row[1], int(row[2]), where)] = int(row[3])
            elif table == "deliveries":
                continue  # deadlines are left out of the comparison (see bench/run.py)
            else:
                columns = header[1:]
                kept = unit  # every row names its unit in the first column
                for row in rows:
                    record = {c: _value(c, cell) for c, cell in zip(columns, row[1:]) if cell != ""}
                    kept(row[0]).records.setdefault(table, []).append(record)
    return units
