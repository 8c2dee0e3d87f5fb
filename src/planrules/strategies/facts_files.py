"""Facts files: valid facts written as the TOML text `planrules.load_facts` reads, in every spelling it allows.

The style of writing (quotes, tables, spellings of dates, yes/no and
numbers, comments, line ends) is drawn from one random seed rather than by
Hypothesis: it is not worth shrinking, and the facts it writes are.
"""

from __future__ import annotations

import datetime as _dt
import random
import re
import unicodedata
from fractions import Fraction
from functools import lru_cache

from attrs import evolve
from hypothesis import strategies as st

from ..facts import model as f
from ..language import model as m
from ..language.vocabulary import Vocabulary
from .common import VocabularyLike, vocabulary_of
from .facts_valid import valid_facts

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
style_seeds = st.integers(0, 2**32 - 1)
"""Seeds of the `random.Random` that draws the style of writing: not worth shrinking, so not drawn by Hypothesis."""


class BareKey(str):
    """A key written without quotes whatever its letters (to make a facts file with an F107)."""


class TomlFloat(str):
    """A TOML float, as its exact decimal text ("0.5")."""


def _decimal(value: Fraction) -> str | None:
    """`value` as a finite decimal ("-0.125", "2.0"), or None when it has none."""
    denominator, twos, fives = value.denominator, 0, 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        return None
    digits = max(twos, fives, 1)
    scaled = abs(value) * 10**digits
    whole, fraction = divmod(int(scaled), 10**digits)
    return ("-" if value < 0 else "") + f"{whole}.{fraction:0{digits}d}"


def _escape(text: str) -> str:
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch in "\b\t\n\f\r":
            out.append({"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}[ch])
        elif unicodedata.category(ch) == "Cc":
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _string(rnd, text: str) -> str:
    literal = "'" not in text and not any(unicodedata.category(ch) == "Cc" for ch in text)
    return f"'{text}'" if literal and rnd.randint(0, 3) == 0 else _escape(text)


def _key(rnd, key: str) -> str:
    if isinstance(key, BareKey):
        return str(key)
    if _BARE_KEY.fullmatch(key) and rnd.randint(0, 4) > 0:
        return key
    return _string(rnd, key)


def _inline(rnd, value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, TomlFloat):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return _string(rnd, value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_key(rnd, k)} = {_inline(rnd, v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        items = [_inline(rnd, v) for v in value]
        if items and rnd.random() < 0.5:
            return "[\n" + "".join(f"  {item},\n" for item in items) + "]"
        return "[" + ", ".join(items) + "]"
    raise TypeError(f"cannot write {value!r} in TOML")


def _is_table(value) -> bool:
    return isinstance(value, dict) or (isinstance(value, list) and bool(value) and
                                       all(isinstance(v, dict) for v in value))


_COMMENTS = ("# số liệu năm nay", "# ghi chú: đã kiểm tra", "#", "# \"trích dẫn\" = 1", "# [units.x]")


def _table(rnd, path: tuple[str, ...], table: dict, out: list[str]) -> None:
    """Write `table`: its first keys as `key = value`, the rest as [headers], in the order of `table`."""
    items = list(table.items())
    plain_until = max((i + 1 for i, (_, v) in enumerate(items) if not _is_table(v)), default=0)
    split = rnd.randint(plain_until, len(items))
    for key, value in items[:split]:
        line = f"{_key(rnd, key)} = {_inline(rnd, value)}"
        if rnd.randint(0, 9) == 0:
            line += "  " + rnd.choice(_COMMENTS)
        out.append(line)
    for key, value in items[split:]:
        keys = path + (key,)
        if isinstance(value, dict):
            out.append("")
            out.append("[" + ".".join(_key(rnd, k) for k in keys) + "]")
            _table(rnd, keys, value, out)
        else:
            for item in value:
                out.append("")
                if rnd.randint(0, 9) == 0:
                    out.append(rnd.choice(_COMMENTS))
                out.append("[[" + ".".join(_key(rnd, k) for k in keys) + "]]")
                _table(rnd, keys, item, out)


def toml_text(rnd, document: dict) -> str:
    """`document` (nested dicts) as the text of a TOML file, in a style drawn from `rnd`."""
    out: list[str] = []
    if rnd.randint(0, 3) == 0:
        out.append("# Số liệu của đơn vị — sinh tự động")
    _table(rnd, (), document, out)
    text = "\n".join(out) + "\n"
    return text.replace("\n", "\r\n") if rnd.randint(0, 7) == 0 else text


_SPELL_TRUE = (True, True, "có", "Có", "true", "x", "1", "co")
_SPELL_FALSE = (False, False, "không", "KHÔNG", "false", "", "0", "khong")


def spell_date(rnd, day: _dt.date):
    """`day` as a TOML date or as text in any form the loader reads ("2026-03-02", "02/03/2026", "2/3/2026")."""
    return rnd.choice([day, day, day.isoformat(), f"{day.day:02d}/{day.month:02d}/{day.year}",
                       f"{day.day}/{day.month}/{day.year}"])


def _spell_number(rnd, value: Fraction, *, percent: bool):
    """An exact spelling of `value`: "3/5", 0.6 (a TOML float), "0,6", "60%" (when `percent`), 1, "½"."""
    options: list = [f"{value.numerator}/{value.denominator}"]
    decimal = _decimal(value)
    if decimal is not None:
        options += [TomlFloat(decimal), decimal.replace(".", ",")]
    if value.denominator == 1:
        options += [int(value), str(int(value))]
    if value == Fraction(1, 2):
        options.append("½")
    if percent:
        hundred = _decimal(value * 100)
        if hundred is not None:
            options.append((hundred[:-2] if hundred.endswith(".0") else hundred) + "%")
    return rnd.choice(options)


def spell_field(rnd, decl: m.FieldDecl, value):
    """`value` of field `decl` in any spelling the loader reads back as it (dates, yes/no, days)."""
    if decl.type is m.FieldType.DATE:
        return spell_date(rnd, value)
    if decl.type is m.FieldType.BOOL:
        return rnd.choice(_SPELL_TRUE if value else _SPELL_FALSE)
    if decl.type in (m.FieldType.DAYS, m.FieldType.DECIMAL):
        return _spell_number(rnd, value, percent=False)
    if decl.type is m.FieldType.PERCENT:
        return _spell_percent(rnd, value)
    return value


def _spell_percent(rnd, value: Fraction):
    """A percentage `value` (a fraction: 91/200) as a facts file may write it: "45,5%", "91/2%", 45.5 or "45,5"
    (a number without the sign is a number of percent)."""
    hundred = value * 100
    options: list = [f"{hundred.numerator}/{hundred.denominator}%"]
    decimal = _decimal(hundred)
    if decimal is not None:
        options += [decimal.replace(".", ",") + "%", TomlFloat(decimal), decimal.replace(".", ",")]
    if hundred.denominator == 1:
        options += [int(hundred), f"{int(hundred)}%"]
    return rnd.choice(options)


def _spell_row(rnd, row: dict) -> dict:
    """`row` with its keys in any order (the loader reads them by name)."""
    keys = rnd.sample(list(row), len(row))
    return {k: row[k] for k in keys}


def _record_row(rnd, vocabulary: Vocabulary, record: f.Record) -> dict:
    row: dict = {}
    if record.id is not None:
        as_int = record.id.isdigit() and record.id.isascii() and str(int(record.id)) == record.id
        row["id"] = int(record.id) if as_int and rnd.random() < 0.5 else record.id
    for name, value in record.values:
        decl = vocabulary.field(record.kind, name)
        row[name] = spell_field(rnd, decl, value) if decl is not None else value
    return row


def _count_row(rnd, vocabulary: Vocabulary, count: f.Count) -> dict:
    row: dict = {"kind": count.kind, "year": count.year, "count": count.count}
    if count.where or rnd.randint(0, 9) == 0:
        row["where"] = {k: spell_field(rnd, vocabulary.field(count.kind, k), v) for k, v in count.where}
    return _spell_row(rnd, row)


def _value_row(rnd, vocabulary: Vocabulary, reported: f.ReportedValue) -> dict:
    expr = vocabulary.expr(m.MetricName(reported.metric))
    row = {"metric": reported.metric, "year": reported.year}
    if isinstance(expr, m.Reported):  # a figure in its unit: in % with its sign, or a number of percent so said
        unit = vocabulary.figure_unit(reported.metric)
        if unit == "%":
            row["value"] = _spell_percent(rnd, reported.value)
            if not str(row["value"]).endswith("%"):
                row["measured_in"] = "%"
        else:
            row["value"] = _spell_number(rnd, reported.value, percent=False)
            if unit is not None and rnd.random() < 0.5:
                row["measured_in"] = rnd.choice(["ngày", "days"]) if unit == "days" else unit
        return _spell_row(rnd, row)
    row["value"] = _spell_number(rnd, reported.value, percent=not isinstance(expr, m.CountOf))
    return _spell_row(rnd, row)


def _delivery_row(rnd, delivery: f.Delivery) -> dict:
    row: dict = {"task": delivery.task, "date": spell_date(rnd, delivery.date)}
    if delivery.deadline is not None:
        position = delivery.deadline.isdigit() and delivery.deadline.isascii()
        row["deadline"] = int(delivery.deadline) if position and rnd.random() < 0.5 else delivery.deadline
    if delivery.period is not None:
        period = delivery.period
        if re.fullmatch(r"\d{4}", period) and rnd.random() < 0.5:
            period = int(period)
        elif re.fullmatch(r"\d{4}-\d\d-\d\d", period) and rnd.random() < 0.5:
            period = spell_date(rnd, _dt.date.fromisoformat(period))
        row["period"] = period
    return _spell_row(rnd, row)


_RESULT_WORDS = {True: ("đạt", "Đạt", "dat", "met", "MET"), False: ("không đạt", "Không Đạt", "khong dat", "not met")}


def _assessment_row(rnd, a: f.Assessment) -> dict:
    """An assessment as a TOML row: its result in any spelling the reader takes."""
    return _spell_row(rnd, {"target": a.target, "year": a.year, "result": rnd.choice(_RESULT_WORDS[a.met]),
                            "assessor": a.assessor, "date": spell_date(rnd, a.date)})


def document_of(rnd, vocabulary: Vocabulary, facts: f.Facts) -> dict:
    """`facts` as the TOML document (nested dicts) of a facts file, in drawn spellings."""
    document: dict = {}
    if facts.period is not None:
        start, end = facts.period
        document["facts"] = {"period": {"from": spell_date(rnd, start), "to": spell_date(rnd, end)}}
    if facts.events:
        document["events"] = [
            _spell_row(rnd, {"event": e.event, "date": spell_date(rnd, e.date),
                              **({"unit": e.unit} if e.unit is not None else {})})
            for e in facts.events
        ]
    units: dict = {}
    for unit in facts.units:
        table: dict = {}
        if unit.member_of:
            table["member_of"] = list(unit.member_of)
        by_kind: dict[str, list] = {}
        for record in unit.records:
            by_kind.setdefault(record.kind, []).append(_record_row(rnd, vocabulary, record))
        if by_kind:
            table["records"] = by_kind
        if unit.counts:
            table["counts"] = [_count_row(rnd, vocabulary, c) for c in unit.counts]
        if unit.values:
            table["values"] = [_value_row(rnd, vocabulary, v) for v in unit.values]
        if unit.deliveries:
            table["deliveries"] = [_delivery_row(rnd, d) for d in unit.deliveries]
        if unit.assessments:
            table["assessments"] = [_assessment_row(rnd, a) for a in unit.assessments]
        units[unit.name] = _spell_row(rnd, table)
    if units:
        document["units"] = units
    return document


def grouped_by_kind(facts: f.Facts) -> f.Facts:
    """`facts` with each unit's records grouped by kind, as a facts file lists them."""
    out = []
    for unit in facts.units:
        order = list(dict.fromkeys(r.kind for r in unit.records))
        records = tuple(r for kind in order for r in unit.records if r.kind == kind)
        out.append(evolve(unit, records=records))
    return evolve(facts, units=tuple(out))


@lru_cache(maxsize=None)
def facts_and_toml(vocabulary: VocabularyLike = None, *, facts: st.SearchStrategy[f.Facts] | None = None,
                   name: str = "facts.toml") -> st.SearchStrategy[tuple[f.Facts, str]]:
    """(facts, text): valid facts and a facts file that `loads_facts` reads back as them.

    `facts` is the strategy of the `Facts` to write (by default
    `valid_facts(vocabulary)`); each unit's records come back grouped by
    kind, as a file lists them, and the returned `Facts` is in that order,
    with `files == (name,)`. So `loads_facts(text, name, vocabulary=...)`
    equals the returned facts (origins aside, which equality ignores).

    The text is strict TOML in every spelling the format allows: keys with
    Vietnamese letters in double or single quotes (ASCII keys bare or
    quoted), tables as `[headers]`, `[[arrays of tables]]` or inline, values
    as TOML dates or "02/03/2026", yes/no as true or "có", days and shares
    as "1/2", 0.5, "0,5", "50%", comments, and sometimes Windows line ends.
    """
    vocab = vocabulary_of(vocabulary)
    source = facts if facts is not None else valid_facts(vocabulary)

    @st.composite
    def build(draw):
        drawn = grouped_by_kind(draw(source))
        rnd = random.Random(draw(style_seeds))  # the style of writing: not worth shrinking
        text = toml_text(rnd, document_of(rnd, vocab, drawn))
        return evolve(drawn, files=(name,)), text

    return build()


@lru_cache(maxsize=None)
def facts_toml(vocabulary: VocabularyLike = None, *,
               facts: st.SearchStrategy[f.Facts] | None = None) -> st.SearchStrategy[str]:
    """The text of valid facts files for a vocabulary (see `facts_and_toml`): `load_facts` accepts every one."""
    return facts_and_toml(vocabulary, facts=facts).map(lambda pair: pair[1])
