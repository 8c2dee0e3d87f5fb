"""One catalogue per package, each written once: no key and no text is defined twice.

Every package keeps what it can say in `planrules/<package>/messages.py`: a
`MESSAGES` dict literal, key -> (English, Vietnamese), rendered through the
package's subclass of `Message`. Two keys for one text drift apart at the
first edit; one key in two catalogues renders differently depending on the
class that carries it; a catalogue filled by `.update()` at import depends on
what was imported before. These tests read the catalogues both as the running
program has them and as the source writes them (a dict literal silently keeps
the last of two equal keys, so only the source shows the first).
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import sys
from collections import defaultdict
from pathlib import Path

import pytest

import planrules
from planrules.base.diagnostics import Message

PACKAGE = Path(planrules.__file__).parent


def _name(path: Path) -> str:
    parts = ("planrules",) + path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


SOURCES = {_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
MESSAGE_MODULES = sorted(name for name in SOURCES if name.endswith(".messages"))


def _import_everything() -> None:
    """Every module of planrules, so every subclass of `Message` (and its catalogue) exists."""
    for info in pkgutil.walk_packages(planrules.__path__, "planrules."):
        if info.name == "planrules.__main__":  # runs the command line
            continue
        try:
            importlib.import_module(info.name)
        except ImportError as error:  # an optional database driver
            if error.name and error.name.split(".")[0] == "planrules":
                raise


def _subclasses(cls: type) -> list[type]:
    """`cls` and its subclasses that planrules defines (not a test's, even one that names a planrules module)."""
    found = [sub for below in cls.__subclasses__() for sub in _subclasses(below)]
    return [cls] + [sub for sub in found if sub.__module__ in sys.modules and sub.__module__.startswith("planrules.")]


def _catalogues() -> dict[str, dict[str, tuple[str, str]]]:
    """Every catalogue planrules renders from, by where it is defined: each messages module's and each class's."""
    _import_everything()
    found: dict[int, tuple[str, dict]] = {}
    for name in MESSAGE_MODULES:
        messages = importlib.import_module(name).MESSAGES
        found.setdefault(id(messages), (f"{name}.MESSAGES", messages))
    for cls in _subclasses(Message):
        if cls.__module__.startswith("planrules."):
            found.setdefault(id(cls.catalogue), (f"{cls.__module__}.{cls.__qualname__}.catalogue", cls.catalogue))
    return dict(found.values())


CATALOGUES = _catalogues()


def test_every_package_with_messages_has_a_catalogue_module():
    assert "planrules.base.messages" in MESSAGE_MODULES and "planrules.language.messages" in MESSAGE_MODULES
    for name in MESSAGE_MODULES:
        messages = importlib.import_module(name).MESSAGES
        assert type(messages) is dict and messages, name
        for key, texts in messages.items():
            assert type(key) is str and type(texts) is tuple and len(texts) == 2, (name, key)
            assert all(type(text) is str and text for text in texts), (name, key)


def test_no_dict_literal_repeats_a_key():
    """A dict literal keeps the last of two equal keys: the first text is lost without a word."""
    repeated = []
    for name, path in SOURCES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                keys = [repr(k.value) for k in node.keys if isinstance(k, ast.Constant)]
                repeated += [f"{name}:{node.lineno}: {key}" for key in sorted(set(keys)) if keys.count(key) > 1]
    assert not repeated


def test_no_key_is_in_two_catalogues():
    owners = defaultdict(list)
    for where, catalogue in CATALOGUES.items():
        for key in catalogue:
            owners[key].append(where)
    assert not {key: where for key, where in owners.items() if len(where) > 1}


def test_no_text_is_defined_under_two_keys():
    """The same English, or the same Vietnamese, written twice is one message that two keys will let drift."""
    for language in (0, 1):
        keys = defaultdict(list)
        for where, catalogue in CATALOGUES.items():
            for key, texts in catalogue.items():
                keys[texts[language]].append(f"{where}[{key!r}]")
        assert not {text: where for text, where in keys.items() if len(where) > 1}, ("en", "vi")[language]


def test_each_catalogue_module_assigns_one_plain_dict_literal():
    for name in MESSAGE_MODULES:
        tree = ast.parse(SOURCES[name].read_text(encoding="utf-8"))
        stores = [node for node in ast.walk(tree) if isinstance(node, ast.Name) and node.id == "MESSAGES"
                  and isinstance(node.ctx, ast.Store)]
        assert len(stores) == 1, name
        (assigned,) = [node.value for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
                       and "MESSAGES" in [_named(t) for t in (node.targets if isinstance(node, ast.Assign) else [node.target])]]
        assert isinstance(assigned, ast.Dict) and None not in assigned.keys, name  # no {**other}


# What a catalogue is called wherever it is: the messages modules' MESSAGES, and the older names.
_CATALOGUE_NAME = re.compile(r"CATALOGUE|MESSAGES|EXPLANATIONS|catalogue")


def _named(node: ast.AST) -> str:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""


def _fillings(tree: ast.AST) -> list[int]:
    """Lines that add to a catalogue after it is written: `.update(`, `[key] =`, `{**catalogue}`, `dict(catalogue, ...)`."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("update", "setdefault"):
            if _CATALOGUE_NAME.search(_named(node.func.value)):
                lines.append(node.lineno)
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store):
            if _CATALOGUE_NAME.search(_named(node.value)):
                lines.append(node.lineno)
        elif isinstance(node, ast.Dict):
            if any(k is None and _CATALOGUE_NAME.search(_named(v)) for k, v in zip(node.keys, node.values)):
                lines.append(node.lineno)
        elif isinstance(node, ast.Call) and _named(node.func) == "dict":
            if any(_CATALOGUE_NAME.search(_named(a)) for a in node.args):
                lines.append(node.lineno)
    return lines


def test_no_catalogue_is_filled_at_import():
    """A catalogue is what its literal says: no module adds to it, so no import order changes a message."""
    filled = {name: lines for name, path in SOURCES.items()
              if (lines := _fillings(ast.parse(path.read_text(encoding="utf-8"))))}
    assert not filled


@pytest.mark.parametrize("text, found", [
    ("CATALOGUE.update({'a': ('x', 'y')})", 1),
    ("errors.CATALOGUE.update(more)", 1),
    ("MESSAGES['a'] = ('x', 'y')", 1),
    ("MESSAGES = {**CATALOGUE, 'a': ('x', 'y')}", 1),
    ("EXPLANATIONS = dict(OTHER_MESSAGES, a=('x', 'y'))", 1),
    ("MESSAGES = {'a': ('x', 'y')}", 0),
    ("rows.update(more)", 0),
])
def test_a_filling_is_seen_in_any_of_its_forms(text, found):
    assert len(_fillings(ast.parse(text))) == found


def test_every_message_class_renders_from_its_packages_catalogue():
    """One catalogue per package: a package's Message subclasses all render from its messages module."""
    strays = []
    for cls in _subclasses(Message):
        if not cls.__module__.startswith("planrules."):
            continue
        package = cls.__module__.rsplit(".", 1)[0] if cls.__module__.count(".") > 1 else cls.__module__
        module = f"{package}.messages"
        if module not in MESSAGE_MODULES or cls.catalogue is not importlib.import_module(module).MESSAGES:
            strays.append(f"{cls.__module__}.{cls.__qualname__}")
    assert not strays


def test_the_language_renders_from_its_own_catalogue():
    from planrules.language.messages import MESSAGES, LanguageMessage

    assert LanguageMessage.catalogue is MESSAGES
    assert LanguageMessage.of("unknown_unit", name="X").text("vi") == "đơn vị X chưa được khai báo"
    assert "unknown_unit" not in Message.catalogue


def test_every_code_is_in_a_declared_family():
    """Each diagnostic code written in planrules ("L401", "D613") belongs to a family of `CODE_FAMILIES`: its
    letter declared, its number in the family's range."""
    from planrules.base.diagnostics import CODE_FAMILIES

    codes = {code for path in SOURCES.values() for code in re.findall(r"[\"']([A-Z])(\d{3})[\"']", path.read_text(
        encoding="utf-8"))}
    assert {letter for letter, _ in codes} >= {"E", "F", "L", "D"}  # the scan sees codes
    outside = sorted(f"{letter}{number}" for letter, number in codes
                     if letter not in CODE_FAMILIES or not CODE_FAMILIES[letter][0] <= int(number) <= CODE_FAMILIES[letter][1])
    assert outside == []
