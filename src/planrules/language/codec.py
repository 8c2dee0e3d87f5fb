"""Plans and findings as JSON text and back: the serialisation of the compile cache.

The cache keeps parsed plans and check findings on disk between runs, so
whatever it reads back is data from a file someone else could have written.
Pickle would run code named in that file; this codec cannot. Encoding walks
frozen attrs values; decoding rebuilds only the classes of a fixed list (the
attrs classes and enums of `model`, `source` and `diagnostics`, and the
subclasses of `Message` each package keeps its catalogue in), through their
own constructors, so their validators run. A tag naming anything else, a
field the class does not have, or a value of the wrong shape is a
`CodecError`, and the cache treats the entry as missing. Every field is also
checked against its declared type (`_checks`): attrs runs no type checks,
and a line number of 1.5 or a name that is a number would otherwise come out
of the cache and fail later, far from it, on every run. Floats and NaN are
refused while the JSON is read, and so is a number Python will not read
(over 4300 digits: a `ValueError` that once escaped and crashed every run);
a line or column is at most `MAX_POSITION`, a message's key is in its
class's catalogue with the arguments its texts use.

The format, inside a JSON document:

- None, bool, int, str: themselves; a tuple: a JSON array;
- an attrs value: {"@": "Class", field: value, ...} (fields left at their default are omitted);
  a package's message: {"@": "planrules.facts.messages:FactsMessage", "key": ..., "args": ...};
- an enum: {"@e": "Class", "v": value}; a `Fraction`: {"@q": [num, den]}; a date: {"@d": "2026-06-04"}.

`decode(encode(x)) == x` for every plan the parser can produce (a property test
in tests/test_codec.py). Spans take part although they are left out of plan
equality, because a finding located from a cached plan must point where the
file says.
"""

from __future__ import annotations

import datetime as _dt
import enum
import importlib
import json
import re
import sys
import types
import typing
from collections.abc import Callable
from fractions import Fraction

import attrs

from ..base import diagnostics as errors
from ..base import source
from . import model


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
        if _CLASSES.get(cls.__name__) is cls:
            tag = cls.__name__
        elif issubclass(cls, errors.Message):
            tag = f"{cls.__module__}:{cls.__qualname__}"
        else:
            raise CodecError(f"{cls.__module__}.{cls.__qualname__} is not a class the cache may hold")
        written = tuple(
            (a.name, a.alias or a.name, a.default if not isinstance(a.default, attrs.Factory) else attrs.NOTHING)
            for a in attrs.fields(cls)
            if a.init
        )
        known = _FIELDS[cls] = (tag, written)
    return known


# The modules a tag may have imported: a package's catalogue, `planrules.<package>.messages`.
_MESSAGES_MODULE = re.compile(r"planrules\.[a-z_]+\.messages")


_MESSAGE_CLASSES: dict[str, type] = {}


def _message_class(tag: str) -> type | None:
    """The subclass of `Message` that `tag` ("module:Class") names, or None.

    A message of a package not imported yet in this process (a cached check
    read before anything ran) imports that package's messages module, and
    only such a module: a tag chooses no other code to run, and never a class
    that is not a `Message`.
    """
    found = _MESSAGE_CLASSES.get(tag)
    if found is None:
        module, _, name = tag.partition(":")
        found = _loaded_message_class(module, name)
        if found is None and _MESSAGES_MODULE.fullmatch(module) and module not in sys.modules:
            try:
                importlib.import_module(module)
            except ImportError:
                return None
            found = _loaded_message_class(module, name)
        if found is not None:
            _MESSAGE_CLASSES[tag] = found
    return found


def _loaded_message_class(module: str, name: str) -> type | None:
    """The subclass of `Message` named `name` in `module` among those defined so far, or None."""
    todo = [errors.Message]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub.__module__ == module and sub.__qualname__ == name:
                return sub
            todo.append(sub)
    return None


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

def _no_float(text: str) -> None:
    raise CodecError(f"an entry holds {text[:20]}: the cache writes no floats")


def _anything(value: object) -> bool:
    return True


# A type check is a set of the exact types allowed (most fields: tested with one `in`) or a function.
_Check = frozenset | Callable[[object], bool]
_SCALARS = (int, bool, str, type(None), Fraction, _dt.date)


def _exact(cls: type) -> frozenset:
    """`cls` and the cached classes derived from it: the exact types an isinstance test would accept."""
    return frozenset(c for c in _CLASSES.values() if isinstance(c, type) and issubclass(c, cls)) | {cls}


def _is_message(value: object) -> bool:
    return isinstance(value, errors.Message)


def _call(check: _Check) -> Callable[[object], bool]:
    return check if callable(check) else lambda v: type(v) in check  # type: ignore[operator]


def _check_of(kind: object) -> _Check:
    """A test that a decoded value is of the declared type `kind` (the forms the cached classes use)."""
    if kind in _SCALARS:
        return frozenset({kind})
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        options = [_check_of(a) for a in args]
        if all(isinstance(o, frozenset) for o in options):
            return frozenset().union(*options)
        tests = [_call(o) for o in options]
        return lambda v: any(test(v) for test in tests)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _check_of(args[0])
        if isinstance(item, frozenset):
            return lambda v: type(v) is tuple and set(map(type, v)) <= item
        test = _call(item)
        return lambda v: type(v) is tuple and all(test(x) for x in v)
    if origin is tuple:
        tests = [_call(_check_of(a)) for a in args]
        return lambda v: type(v) is tuple and len(v) == len(tests) and all(t(x) for t, x in zip(tests, v))
    if isinstance(kind, type) and issubclass(kind, errors.Message):
        return _is_message  # each package's subclass too, which the fixed list does not name
    if isinstance(kind, type) and (attrs.has(kind) or issubclass(kind, enum.Enum)):
        return _exact(kind)
    return _anything  # a form no cached class uses (a test keeps it so)


# A place in a file is shown with a caret: `" " * column` of a forged 10**12 would fill memory.
_POSITIONS = frozenset({"line", "column", "end_line", "end_column", "line_shift"})
MAX_POSITION = 16 * 2**20 + 1  # past any line or column of a plan (limits.MAX_PLAN_BYTES)


def _position(check: _Check) -> _Check:
    test = _call(check)
    return lambda v: test(v) and (v is None or -MAX_POSITION <= v <= MAX_POSITION)  # type: ignore[operator]


_CHECKS: dict[type, dict[str, _Check]] = {}


def _checks(cls: type) -> dict[str, _Check]:
    """For each init argument of `cls`, the test of its declared type (types resolved once, on first use)."""
    known = _CHECKS.get(cls)
    if known is None:
        # Types are read where they are written: a subclass adding no field (a package's Message) has its base's.
        owner = next(c for c in cls.__mro__ if "__attrs_attrs__" in vars(c))
        attrs.resolve_types(owner, globalns=vars(sys.modules[owner.__module__]))
        known = {a.alias or a.name: _check_of(a.type) for a in attrs.fields(cls) if a.init}
        known = _CHECKS[cls] = {k: _position(c) if k in _POSITIONS else c for k, c in known.items()}
    return known


_FIELDS_OF_MESSAGE: dict[tuple[type, str], frozenset[str]] = {}


def _message_fields(cls: type, key: str) -> frozenset[str] | None:
    """The argument names the two texts of `key` in the catalogue of `cls` use; None for a key it does not have."""
    known = _FIELDS_OF_MESSAGE.get((cls, key))
    texts = cls.catalogue.get(key) if known is None else None
    if texts is not None:
        import string

        known = _FIELDS_OF_MESSAGE[cls, key] = frozenset(
            name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name)
    return known


def _sound(value: object) -> bool:
    """What a type cannot say: a message's key is in its class's catalogue, with every argument its texts use."""
    if isinstance(value, errors.Message):
        needed = _message_fields(type(value), value.key)
        return needed is not None and needed <= {name for name, _ in value.args}
    return True


def _tuples(value: object) -> object:
    if type(value) is not list:
        return value
    return tuple([_tuples(v) if type(v) is list else _intern(v) if type(v) is str else v for v in value])


def _hook(data: dict) -> object:
    if "@" in data:
        tag = data.pop("@")
        cls = (_message_class(tag) if ":" in tag else _CLASSES.get(tag)) if isinstance(tag, str) else None
        if cls is None or not attrs.has(cls):
            raise CodecError("an entry names a class the cache may not hold")
        values = {k: _tuples(v) if type(v) is list else _intern(v) if type(v) is str else v for k, v in data.items()}
        checks = _checks(cls)
        for name, value in values.items():
            check = checks.get(name)
            if check is not None and not (type(value) in check if type(check) is frozenset else check(value)):
                raise CodecError(f"an entry holds a {type(value).__name__} as {cls.__name__}.{name}")
        try:
            built = cls(**values)
        except Exception as error:  # a constructor given what it never gets from us: the entry is bad
            raise CodecError(f"an entry does not build a {cls.__name__}: {error}") from None
        if not _sound(built):
            raise CodecError(f"an entry holds a {cls.__name__} planrules cannot show")
        return built
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
        return _tuples(json.loads(text, object_hook=_hook, parse_float=_no_float, parse_constant=_no_float))
    except CodecError:
        raise
    except (ValueError, UnicodeDecodeError, RecursionError) as error:  # ValueError: JSON, or over 4300 digits
        raise CodecError(f"not a cache entry: {error}") from None
