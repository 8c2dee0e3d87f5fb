"""Plans and findings as JSON text and back: the serialisation of the compile cache.

The cache keeps parsed plans and check findings on disk between runs, so
whatever it reads back is data from a file someone else could have written.
Pickle would run code named in that file; this codec cannot. Encoding walks
frozen attrs values; decoding rebuilds only the classes of a fixed list (the
attrs classes and enums of `model`, `source` and `errors`), through their
own constructors, so their validators run. A tag naming anything else, a
field the class does not have, or a value of the wrong shape is a
`CodecError`, and the cache treats the entry as missing.

The format, inside a JSON document:

- None, bool, int, str: themselves; a tuple: a JSON array;
- an attrs value: {"@": "Class", field: value, ...} (fields left at their default are omitted);
- an enum: {"@e": "Class", "v": value}; a `Fraction`: {"@q": [num, den]}; a date: {"@d": "2026-06-04"}.

`decode(encode(x)) == x` for every plan the parser can produce (a property test
in tests/test_codec.py). Spans take part although they are left out of plan
equality, because a finding located from a cached plan must point where the
file says.
"""

from __future__ import annotations

import datetime as _dt
import enum
import json
import sys
from fractions import Fraction

import attrs

from . import errors, model, source


class CodecError(ValueError):
    """Cached text that is not a value this codec wrote: the caller treats the entry as missing."""


def _registry() -> dict[str, type]:
    classes: dict[str, type] = {}
    for module in (model, source, errors):
        for name, value in vars(module).items():
            if isinstance(value, type) and value.__module__ == module.__name__ and (
                attrs.has(value) or issubclass(value, enum.Enum)
            ):
                if name in classes:
                    raise RuntimeError(f"two cached classes are named {name}")  # a programming error, at import
                classes[name] = value
    return classes


_CLASSES = _registry()
# per class: (its tag, the fields to write: (attribute name, init name, default or NOTHING))
_FIELDS: dict[type, tuple[str, tuple[tuple[str, str, object], ...]]] = {}


def _fields_of(cls: type) -> tuple[str, tuple[tuple[str, str, object], ...]]:
    known = _FIELDS.get(cls)
    if known is None:
        if _CLASSES.get(cls.__name__) is not cls:
            raise CodecError(f"{cls.__module__}.{cls.__qualname__} is not a class the cache may hold")
        written = tuple(
            (a.name, a.alias or a.name, a.default if not isinstance(a.default, attrs.Factory) else attrs.NOTHING)
            for a in attrs.fields(cls)
            if a.init
        )
        known = _FIELDS[cls] = (cls.__name__, written)
    return known


def _encode(value: object) -> object:
    if value is None or isinstance(value, (str, bool, int)) and not isinstance(value, enum.Enum):
        return value
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    if isinstance(value, enum.Enum):
        if _CLASSES.get(type(value).__name__) is not type(value):
            raise CodecError(f"{type(value).__qualname__} is not a class the cache may hold")
        return {"@e": type(value).__name__, "v": value.value}
    if isinstance(value, Fraction):
        return {"@q": [value.numerator, value.denominator]}
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return {"@d": value.isoformat()}
    if attrs.has(type(value)):
        tag, written = _fields_of(type(value))
        out: dict[str, object] = {"@": tag}
        for name, key, default in written:
            item = getattr(value, name)
            if default is not attrs.NOTHING and type(item) is type(default) and item == default:
                continue
            out[key] = _encode(item)
        return out
    raise CodecError(f"cannot cache a value of type {type(value).__qualname__}")


def encode(value: object) -> str:
    """`value` as compact JSON text (UTF-8 safe: Vietnamese is kept as it is, not escaped)."""
    return json.dumps(_encode(value), ensure_ascii=False, separators=(",", ":"))


_intern = sys.intern  # as the parser does: texts repeated across plans are held once


def _tuples(value: object) -> object:
    if type(value) is not list:
        return value
    return tuple([_tuples(v) if type(v) is list else _intern(v) if type(v) is str else v for v in value])


def _hook(data: dict) -> object:
    if "@" in data:
        tag = data.pop("@")
        cls = _CLASSES.get(tag) if isinstance(tag, str) else None
        if cls is None or not attrs.has(cls):
            raise CodecError("an entry names a class the cache may not hold")
        try:
            return cls(**{k: _tuples(v) if type(v) is list else _intern(v) if type(v) is str else v
                          for k, v in data.items()})
        except Exception as error:  # a constructor given what it never gets from us: the entry is bad
            raise CodecError(f"an entry does not build a {cls.__name__}: {error}") from None
    if "@e" in data:
        tag = data["@e"]
        cls = _CLASSES.get(tag) if isinstance(tag, str) else None
        if cls is None or not issubclass(cls, enum.Enum):
            raise CodecError("an entry names an enum the cache may not hold")
        try:
            return cls(data.get("v"))
        except (TypeError, ValueError) as error:
            raise CodecError(str(error)) from None
    if "@q" in data:
        pair = data["@q"]
        if not (isinstance(pair, list) and len(pair) == 2 and all(type(x) is int for x in pair) and pair[1] > 0):
            raise CodecError("an entry holds a malformed fraction")
        return Fraction(pair[0], pair[1])
    if "@d" in data:
        try:
            return _dt.date.fromisoformat(data["@d"])
        except (TypeError, ValueError):
            raise CodecError("an entry holds a malformed date") from None
    raise CodecError("an entry holds an untagged object")


def decode(text: str | bytes) -> object:
    """The value `encode` wrote as `text`; `CodecError` for anything else."""
    try:
        return _tuples(json.loads(text, object_hook=_hook))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as error:
        raise CodecError(f"not a cache entry: {error}") from None
