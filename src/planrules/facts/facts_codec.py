"""Facts as JSON text and back: how the compile cache keeps what a table source's small tables gave.

A repeat evaluation of an unchanged table source need not read its small
tables (units, counts, values, deliveries, assessments, events) again: the
facts they gave are kept with its validation (`validation_cache`). Whatever
the cache reads back is data from a file, so, as `language.codec` does for
plans, decoding builds only the classes of `facts.model`, each through its
own constructor, from a value of exactly the shape `encode` writes: a list of
the wrong length, a number where a name goes, a float, a number Python will
not read (over 4300 digits) is a `CodecError`, and the caller reads the
tables again. Origins take part although facts' equality leaves them out: a
verdict's evidence names the row a fact came from.

The format is positional, not tagged, because a national year holds a few
thousand units and counts and this is read on every repeat: JSON arrays in a
fixed order per class, decoded by one function per class (about a tenth of
what reading the tables costs). Inside one document,

- a date is its ISO text ("2026-06-04"); an origin is [file, table, row, line] or null;
- a field's value (a record's, a count's condition) is itself when a text, a
  yes/no or a whole number; a date {"d": "2026-06-04"}; a `Fraction` {"q": [numerator, denominator]};
- a unit is [name, member_of, origin, attributes, [the register's fields (`REGISTER_FIELDS`)],
  records, counts, values, deliveries, assessments];
- the whole is {"format": FORMAT, "units": […], "events": […], "period": [from, to] or null, "files": […]}.

`decode(encode(x))` equals `x`, origins included, for every `Facts` (a
property in tests/test_facts_codec.py).
"""

from __future__ import annotations

import datetime as _dt
import json
from fractions import Fraction

from ..base.source import paused_gc
from ..language.codec import CodecError
from . import model as f

__all__ = ["CodecError", "FORMAT", "decode", "encode"]

FORMAT = 1  # changes with the format (the code's digest in the cache's keys changes with it anyway)
_REGISTER = len(f.REGISTER_FIELDS)


# ------------------------------------------------------------------ encoding --

def encode(facts: f.Facts) -> str:
    """`facts` as compact JSON text (Vietnamese kept as it is, not escaped)."""
    return json.dumps({"format": FORMAT, "units": [_unit(u) for u in facts.units],
                       "events": [[e.event, _day(e.date), e.unit, _origin(e.origin)] for e in facts.events],
                       "period": None if facts.period is None else [_day(d) for d in facts.period],
                       "files": list(facts.files)}, ensure_ascii=False, separators=(",", ":"))


def _unit(u: f.UnitFacts) -> list:
    register = [getattr(u, name) for name in f.REGISTER_FIELDS]
    register = [_day(v) if type(v) is _dt.date else v for v in register]
    return [u.name, list(u.member_of), _origin(u.origin), [list(a) for a in u.attributes], register,
            [[r.kind, _pairs(r.values), r.id, _day(r.date), _origin(r.origin)] for r in u.records],
            [[c.kind, c.year, c.count, _pairs(c.where), _origin(c.origin)] for c in u.counts],
            [[v.metric, v.year, [v.value.numerator, v.value.denominator], v.unit, _origin(v.origin)]
             for v in u.values],
            [[d.task, _day(d.date), d.deadline, d.period, _origin(d.origin)] for d in u.deliveries],
            [[a.target, a.year, a.met, a.assessor, _day(a.date), _origin(a.origin)] for a in u.assessments]]


def _day(day: _dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _origin(origin: f.Origin | None) -> list | None:
    return None if origin is None else [origin.file, origin.table, origin.row, origin.line]


def _pairs(pairs: tuple) -> list:
    return [[name, _value(value)] for name, value in pairs]


def _value(value: f.FieldValue) -> object:
    if type(value) is Fraction:
        return {"q": [value.numerator, value.denominator]}
    if type(value) is _dt.date:
        return {"d": value.isoformat()}
    if type(value) in (str, bool, int):
        return value
    raise CodecError(f"a field's value of type {type(value).__name__} is not a fact's")


# ------------------------------------------------------------------ decoding --

def decode(text: str | bytes) -> f.Facts:
    """The `Facts` `encode` wrote as `text`; `CodecError` for anything else."""
    with paused_gc(promote=True):  # acyclic values, kept: a collection in between would walk a whole plan's objects
        return _decoded(text)


def _decoded(text: str | bytes) -> f.Facts:
    try:
        data = json.loads(text, parse_float=_no_float, parse_constant=_no_float)
    except CodecError:
        raise
    except (ValueError, UnicodeDecodeError, RecursionError) as error:  # ValueError: JSON, or over 4300 digits
        raise CodecError(f"not facts written by the cache: {error}") from None
    if type(data) is not dict or set(data) != {"format", "units", "events", "period", "files"} or \
            data["format"] != FORMAT or type(data["format"]) is not int:
        raise CodecError("not facts written by the cache")
    try:
        period = data["period"]
        if period is not None:
            start, end = _rows(period, 2)
            period = (_date(start), _date(end))
        return f.Facts(_many(_unit_of, data["units"]), _many(_happened, data["events"]), period,
                       tuple(_text(name) for name in _list(data["files"])))
    except (TypeError, ValueError) as error:  # a constructor or a conversion given what encode never writes
        raise CodecError(f"facts that do not build: {error}") from None


def _no_float(text: str) -> None:
    raise CodecError(f"facts hold {text[:20]}: the cache writes no floats")


def _list(value: object) -> list:
    if type(value) is not list:
        raise CodecError("facts hold something else where a list goes")
    return value


def _rows(value: object, size: int) -> list:
    """`value`, a list of exactly `size` items."""
    if type(value) is not list or len(value) != size:
        raise CodecError(f"facts hold something else where {size} items go")
    return value


def _text(value: object) -> str:
    if type(value) is not str:
        raise CodecError("facts hold something else where a text goes")
    return value


def _text_or_none(value: object) -> str | None:
    if value is not None and type(value) is not str:
        raise CodecError("facts hold something else where a text goes")
    return value  # type: ignore[return-value]


def _int(value: object) -> int:
    if type(value) is not int:
        raise CodecError("facts hold something else where a whole number goes")
    return value


def _date(value: object) -> _dt.date:
    if type(value) is not str:
        raise CodecError("facts hold something else where a date goes")
    return _dt.date.fromisoformat(value)  # ValueError: not a date


def _date_or_none(value: object) -> _dt.date | None:
    return None if value is None else _date(value)


def _fraction(value: object) -> Fraction:
    numerator, denominator = _rows(value, 2)
    if type(numerator) is not int or type(denominator) is not int or denominator <= 0:
        raise CodecError("facts hold a malformed fraction")
    found = Fraction(numerator, denominator)
    if found.denominator != denominator:  # encode writes a fraction in lowest terms: this one was not written so
        raise CodecError("facts hold a fraction not in lowest terms")
    return found


def _origin_of(value: object) -> f.Origin | None:
    if value is None:
        return None
    file, table, row, line = _rows(value, 4)
    if type(file) is not str or type(table) is not str or (row is not None and type(row) is not int) or \
            (line is not None and type(line) is not int):
        raise CodecError("facts hold a malformed origin")
    return f.Origin(file, table, row, line)


def _value_of(value: object) -> f.FieldValue:
    if type(value) in (str, bool, int):
        return value  # type: ignore[return-value]
    if type(value) is dict and len(value) == 1:
        if "d" in value:
            return _date(value["d"])
        if "q" in value:
            return _fraction(value["q"])
    raise CodecError("facts hold something else where a field's value goes")


def _pairs_of(value: object) -> tuple[tuple[str, f.FieldValue], ...]:
    if type(value) is not list:
        raise CodecError("facts hold something else where a list goes")
    out = []
    for pair in value:
        name, found = _rows(pair, 2)
        out.append((_text(name), _value_of(found)))
    return tuple(out)


def _bool(value: object) -> bool:
    if type(value) is not bool:
        raise CodecError("facts hold something else where a yes or no goes")
    return value


def _record(value: object) -> f.Record:
    kind, values, id_, date, origin = _rows(value, 5)
    return f.Record(_text(kind), _pairs_of(values), _text_or_none(id_), _date_or_none(date), _origin_of(origin))


def _count(value: object) -> f.Count:
    kind, year, count, where, origin = _rows(value, 5)
    if type(kind) is not str or type(year) is not int or type(count) is not int:
        raise CodecError("facts hold a malformed count")
    return f.Count(kind, year, count, _pairs_of(where), _origin_of(origin))


def _reported(value: object) -> f.ReportedValue:
    metric, year, figure, unit, origin = _rows(value, 5)
    return f.ReportedValue(_text(metric), _int(year), _fraction(figure), _origin_of(origin), unit=_text_or_none(unit))


def _delivery(value: object) -> f.Delivery:
    task, date, deadline, period, origin = _rows(value, 5)
    return f.Delivery(_text(task), _date(date), _text_or_none(deadline), _text_or_none(period), _origin_of(origin))


def _assessment(value: object) -> f.Assessment:
    target, year, met, assessor, date, origin = _rows(value, 6)
    return f.Assessment(_text(target), _int(year), _bool(met), _text(assessor), _date(date), _origin_of(origin))


def _happened(value: object) -> f.Happened:
    event, date, unit, origin = _rows(value, 4)
    return f.Happened(_text(event), _date(date), _text_or_none(unit), _origin_of(origin))


def _unit_of(value: object) -> f.UnitFacts:
    name, member_of, origin, attributes, register, records, counts, values, deliveries, assessments = _rows(value, 10)
    said_of = {key: (_date_or_none if key == "since" else _text_or_none)(said)
               for key, said in zip(f.REGISTER_FIELDS, _rows(register, _REGISTER)) if said is not None}
    pairs = []
    for pair in _list(attributes):
        key, said = _rows(pair, 2)
        pairs.append((_text(key), _text(said)))
    return f.UnitFacts(
        _text(name), tuple([_text(g) for g in _list(member_of)]), _many(_record, records), _many(_count, counts),
        _many(_reported, values), _many(_delivery, deliveries), _origin_of(origin), tuple(pairs), **said_of,
        assessments=_many(_assessment, assessments))


def _many(build, items: object) -> tuple:
    """Each of the list `items` built by `build`."""
    if type(items) is not list:
        raise CodecError("facts hold something else where a list goes")
    return tuple([build(item) for item in items]) if items else ()
