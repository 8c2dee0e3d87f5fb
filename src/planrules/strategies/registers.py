"""Unit registers: valid ones (a hierarchy, official codes, labels, groups, attributes), written as the
register files `planrules.facts.register_files` reads, and register files with exactly one problem.

- `registers()`: a `Register` the readers accept: names unique (identifiers
  and official codes such as `79` or `VN-00001`), each code unique and no
  other unit's name, each parent an earlier unit (so no cycle), some units
  succeeded by a later one (`successor`, `since`, `change`: so no ring);
- `register_csv(register)` and `register_toml(register, rnd)`: its text as a
  `*.units.csv` or `*.units.toml` file (read back, the same units);
- `invalid_register_files(kind)`: (text, file name, code): a register file
  with exactly one problem, one kind per register check (`INVALID_REGISTERS`).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import random

from hypothesis import strategies as st

from ..facts.model import CHANGES
from ..facts.register import Register, Registered
from .facts_files import toml_text
from .words import names, texts

__all__ = ["INVALID_REGISTERS", "invalid_register_files", "register_csv", "register_toml", "registers"]

LEVELS = ("quốc_gia", "tỉnh", "xã", "đảng_bộ", "chi_bộ")
ATTRIBUTES = ("vùng", "huyện_cũ", "loại_hình")  # attribute columns: none is spelled like a reserved column
GROUPS = ("các_xã_điểm", "các_chi_bộ", "các_bộ_ngành", "nhóm_a")

INVALID_REGISTERS: dict[str, str] = {
    "duplicate_unit": "F144",
    "code_twice": "F147",
    "code_is_name": "F147",
    "unknown_parent": "F148",
    "cycle": "F149",
    "unknown_successor": "F155",
    "successor_without_since": "F156",
    "successor_ring": "F157",
    "bad_change": "F158",
    "blank_name": "F120",
    "level_not_text": "F120",
    "label_not_text": "F120",
}
"""The kinds of problem `invalid_register_files` makes, and the code the register reader gives for each."""


def _codes() -> st.SearchStrategy[str]:
    """Official codes, which are names too: `79`, `26734`, `VN-00001`."""
    return st.one_of(st.from_regex(r"[0-9]{2,5}", fullmatch=True), st.from_regex(r"VN-[0-9]{5}", fullmatch=True))


def _labels() -> st.SearchStrategy[str]:
    """A label as a reader keeps it: one line, NFC, not blank, nothing to trim."""
    return texts(1, 24).filter(lambda t: t.strip() == t and bool(t))


def succession_days() -> st.SearchStrategy[_dt.date]:
    """The day a successor takes over."""
    return st.dates(_dt.date(2024, 1, 1), _dt.date(2027, 12, 31))


@st.composite
def registers(draw, max_units: int = 12, successions: bool = True) -> Register:
    """A valid register of up to `max_units` units: each parent an earlier unit, codes unique; with
    `successions`, some units succeeded by a later unit from a drawn day (merged, renamed or succeeded)."""
    unit_names = draw(st.lists(st.one_of(names(), _codes()), min_size=1, max_size=max_units, unique=True))
    taken = set(unit_names)
    units: list[Registered] = []
    for index, name in enumerate(unit_names):
        code = draw(st.none() | _codes().filter(lambda c: c not in taken))
        if code is not None:
            taken.add(code)
        parent = draw(st.none() | st.sampled_from(unit_names[:index])) if index else None
        attributes = tuple((key, draw(_labels())) for key in ATTRIBUTES if draw(st.booleans()))
        later = unit_names[index + 1:]
        heir = draw(st.none() | st.sampled_from(later)) if successions and later else None
        units.append(Registered(
            name, draw(st.none() | _labels()), code, draw(st.none() | st.sampled_from(LEVELS)), parent,
            tuple(draw(st.lists(st.sampled_from(GROUPS), max_size=2, unique=True))), attributes,
            successor=heir, since=draw(succession_days()) if heir else None,
            change=draw(st.sampled_from(CHANGES)) if heir else None))
    return Register(tuple(units))


def register_csv(register: Register | list[Registered]) -> str:
    """The units as a `*.units.csv` file: the reserved columns, then one column per attribute."""
    units = register.units if isinstance(register, Register) else register
    used = dict.fromkeys(key for u in units for key, _ in u.attributes)
    # the drawn attributes in their one order (a CSV row's attributes come in column order), then any other
    named = [key for key in ATTRIBUTES if key in used] + [key for key in used if key not in ATTRIBUTES]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["unit", "label", "code", "level", "parent", "member_of", "successor", "since", "change", *named])
    for u in units:
        given = dict(u.attributes)
        writer.writerow([u.name, u.label or "", u.code or "", u.level or "", u.parent or "", ";".join(u.member_of),
                         u.successor or "", u.since.strftime("%d/%m/%Y") if u.since else "", u.change or "",
                         *(given.get(key, "") for key in named)])
    return out.getvalue()


def _toml_unit(unit: Registered) -> dict:
    table: dict = {key: getattr(unit, key) for key in ("label", "code", "level", "parent", "successor", "change")
                   if getattr(unit, key) is not None}
    if unit.since is not None:  # as text: the documented form writes strings, and the reader takes both
        table["since"] = unit.since.isoformat()
    if unit.member_of:
        table["member_of"] = list(unit.member_of)
    if unit.attributes:
        table["attributes"] = dict(unit.attributes)
    return table


def register_toml(register: Register | list[Registered], rnd: random.Random | None = None) -> str:
    """The units as a `*.units.toml` file: in a style drawn from `rnd`, or without it in the documented one,
    a `[units."79"]` table a unit (docs/registers.md)."""
    units = register.units if isinstance(register, Register) else register
    if rnd is not None:
        return toml_text(rnd, {"units": {u.name: _toml_unit(u) for u in units}})
    out = []
    for unit in units:
        out.append(f"[units.{_string(unit.name)}]")
        for key, value in _toml_unit(unit).items():
            if isinstance(value, list):
                value = "[" + ", ".join(map(_string, value)) + "]"
            elif isinstance(value, dict):
                value = "{ " + ", ".join(f"{_string(k)} = {_string(v)}" for k, v in value.items()) + " }"
            else:
                value = _string(value)
            out.append(f"{key} = {value}")
        out.append("")
    return "\n".join(out)


def _string(text: str) -> str:
    """A TOML basic string: JSON's escapes (\\n, \\", \\uXXXX) are TOML's."""
    return json.dumps(text, ensure_ascii=False)


@st.composite
def invalid_register_files(draw, kind: str | None = None) -> tuple[str, str, str]:
    """(text, file name, code): a valid register's file with exactly one problem of `kind` (any when None)."""
    kind = kind or draw(st.sampled_from(sorted(INVALID_REGISTERS)))
    register = draw(registers(max_units=6))
    units = list(register.units)
    fresh = draw(st.lists(names().filter(lambda n: n not in register and register.name_of(n) is None),
                          min_size=3, max_size=3, unique=True))
    toml = draw(st.booleans())
    if kind == "duplicate_unit":
        toml = False  # a TOML table given twice is the TOML syntax's own error (F100)
        units.append(Registered(units[0].name, "again"))
    elif kind == "code_twice":
        units += [Registered(fresh[0], code=fresh[2]), Registered(fresh[1], code=fresh[2])]
    elif kind == "code_is_name":
        units.append(Registered(fresh[0], code=units[0].name))
    elif kind == "unknown_parent":
        units.append(Registered(fresh[0], parent=fresh[1]))
    elif kind == "cycle":
        units += [Registered(fresh[0], parent=fresh[1]), Registered(fresh[1], parent=fresh[0])]
    elif kind == "unknown_successor":
        units.append(Registered(fresh[0], successor=fresh[1], since=_dt.date(2025, 3, 1), change="merged"))
    elif kind == "successor_without_since":
        units += [Registered(fresh[0], successor=fresh[1]), Registered(fresh[1])]
    elif kind == "successor_ring":
        day = _dt.date(2025, 3, 1)
        units += [Registered(fresh[0], successor=fresh[1], since=day, change="succeeded"),
                  Registered(fresh[1], successor=fresh[0], since=day, change="succeeded")]
    spoilt = ("blank_name", "level_not_text", "label_not_text", "bad_change")
    if kind in spoilt:
        toml = True
        spoiled = {"blank_name": (" ", {"level": "xã"}), "level_not_text": (fresh[0], {"level": 3}),
                   "label_not_text": (fresh[0], {"label": [fresh[1]]}),
                   "bad_change": (fresh[0], {"successor": units[0].name, "since": "01/03/2025",
                                             "change": "absorbed"})}[kind]
    document = {"units": {u.name: _toml_unit(u) for u in units}}
    if kind in spoilt:
        document["units"][spoiled[0]] = spoiled[1]
    if toml:
        return toml_text(draw(st.randoms(use_true_random=False)), document), "spoiled.units.toml", INVALID_REGISTERS[kind]
    return register_csv(units), "spoiled.units.csv", INVALID_REGISTERS[kind]
