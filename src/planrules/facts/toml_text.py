"""Strict TOML, with places: the one TOML reader of facts, mapping and scenario files.

TOML only allows ASCII in bare keys: `"ngày" = ...` and `[units."vp_hđnd_ubnd"]`
are TOML, `ngày = ...` is not. A facts file must be TOML that any TOML tool
reads, so a bare Vietnamese key is an error (F107) that shows the quoted
spelling. `TomlScan` finds such keys, and records where each key and table
is, for the diagnostics and `Origin`s; the rest of the file is still read
(with those keys quoted) so that every other problem is listed in the same
run.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from typing import NamedTuple

from .limits import MAX_DEPTH, MAX_DIGITS
from .text_file import TextFile

__all__ = ["TomlProblem", "TomlScan", "read_strict_toml"]


class _Stop(Exception):
    """The scanner met something it does not understand; tomllib will say what."""


_KEY_STOP = frozenset(" \t\r\n.=[]{},#\"'")
_KEY_RUN = re.compile("[^" + re.escape("".join(sorted(_KEY_STOP))) + "]+")
_BASIC_STRING = re.compile(r'"[^"\\\n]*(?:\\[\s\S][^"\\\n]*)*"')  # unrolled: no backtracking state per character
_BARE = re.compile(r"[A-Za-z0-9_-]+")


def _letter_or_digit(ch: str) -> bool:
    if ch.isascii():
        return ch.isalnum() or ch in "_-"
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


class TomlScan:
    """One pass over TOML text: quote bare keys TOML 1.0 rejects, and record where things are.

    `where` maps a path (keys and 0-based array positions, as the loader walks
    the parsed document: ("units", "vp", "records", "hội_nghị", 2, "ngày"))
    to the offset of its key, table header or array element. `quoted` lists
    the (start, end) offsets of the bare keys put in quotes; `duplicates` the
    keys and tables given twice (path, offset, first offset). `entries` counts
    the keys given a value, table headers and array elements met; past
    `max_entries` (when given) the scan stops, `too_many` at the first one too many.
    `complete` says the scan reached the end of the text.
    """

    def __init__(self, text: str, max_entries: int | None = None):
        self.text = text
        self.n = len(text)
        self.i = 0
        self.where: dict[tuple, int] = {}
        self.values: dict[tuple, int] = {}
        self.quoted: list[tuple[int, int]] = []
        self.duplicates: list[tuple[tuple, int, int]] = []
        self._defined: dict[tuple, int] = {}
        self._aot_index: dict[tuple, int] = {}  # plain key tuple -> current element
        self._aot_count: dict[tuple, int] = {}  # resolved path -> elements so far
        self._aot_below: dict[tuple, set[tuple]] = {}  # key tuple -> the longer ones in _aot_index it starts
        self.too_deep: int | None = None  # where nesting first goes past MAX_DEPTH
        self.entries = 0
        self.max_entries = max_entries
        self.too_many: int | None = None  # where the entries first go past max_entries
        self.complete = False
        try:
            self._document()
            self.complete = True
        except (_Stop, IndexError, ValueError, RecursionError):
            pass

    def _entry(self, offset: int) -> None:
        """Count an entry at `offset`; stop there when it is one more than `max_entries`."""
        self.entries += 1
        if self.max_entries is not None and self.entries > self.max_entries:
            self.too_many = offset
            raise _Stop

    def _depth(self, path: Sequence, offset: int) -> None:
        """Stop at `offset` when `path` is deeper than `MAX_DEPTH`: the loader refuses the file there."""
        if len(path) > MAX_DEPTH:
            self.too_deep = offset
            raise _Stop

    def rewritten(self) -> str:
        out, last = [], 0
        for start, end in self.quoted:
            out.append(self.text[last:start])
            out.append("'" + self.text[start:end] + "'")
            last = end
        out.append(self.text[last:])
        return "".join(out)

    def original_offset(self, offset: int) -> int:
        """The offset in the original text of `offset` in the rewritten text."""
        shift = 0
        for start, end in self.quoted:
            opening = start + shift
            if offset <= opening:
                break
            if offset <= opening + (end - start) + 1:
                return max(start, min(offset - shift - 1, end))
            shift += 2
        return offset - shift

    # -- lexing --

    def _peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.text[j] if j < self.n else ""

    def _spaces(self) -> None:
        while self.i < self.n and self.text[self.i] in " \t":
            self.i += 1

    def _comment(self) -> None:
        if self._peek() == "#":
            while self.i < self.n and self.text[self.i] != "\n":
                self.i += 1

    def _end_of_line(self) -> None:
        self._spaces()
        self._comment()
        if self._peek() == "\r":
            self.i += 1
        if self.i < self.n:
            if self.text[self.i] != "\n":
                raise _Stop
            self.i += 1

    def _blank(self) -> None:
        """Whitespace, newlines and comments (inside arrays)."""
        while self.i < self.n:
            ch = self.text[self.i]
            if ch in " \t\r\n":
                self.i += 1
            elif ch == "#":
                self._comment()
            else:
                return

    def _basic_string(self) -> str:
        start = self.i
        found = _BASIC_STRING.match(self.text, start)
        if found is None:  # not closed on its line
            raise _Stop
        self.i = found.end()
        token = found.group()
        if "\\" not in token:
            return token[1:-1]
        try:
            return tomllib.loads(f"k = {token}")["k"]
        except tomllib.TOMLDecodeError:
            raise _Stop from None

    def _literal_string(self) -> str:
        end = self.text.index("'", self.i + 1)
        if "\n" in self.text[self.i : end]:
            raise _Stop
        value = self.text[self.i + 1 : end]
        self.i = end + 1
        return value

    def _multiline(self, quote: str) -> None:
        j = self.i + 3
        while True:
            if quote == '"' and self.text[j] == "\\":
                j += 2
                continue
            if self.text.startswith(quote * 3, j):
                j += 3
                extra = 0
                while extra < 2 and j < self.n and self.text[j] == quote:
                    j += 1
                    extra += 1
                self.i = j
                return
            if j >= self.n:
                raise _Stop
            j += 1

    def _key(self) -> tuple[str, ...]:
        keys: list[str] = []
        start = self.i
        while True:
            self._spaces()
            ch = self._peek()
            if ch == '"':
                keys.append(self._basic_string())
            elif ch == "'":
                keys.append(self._literal_string())
            else:
                found = _KEY_RUN.match(self.text, self.i)
                run = found.group() if found else ""
                if not run.isprintable():
                    run = run[: next(k for k, c in enumerate(run) if not c.isprintable())]
                j = self.i + len(run)
                if not run:
                    raise _Stop
                if not _BARE.fullmatch(run):
                    if not all(_letter_or_digit(c) for c in run):
                        raise _Stop
                    self.quoted.append((self.i, j))
                keys.append(run)
                self.i = j
            self._depth(keys, start)
            self._spaces()
            if self._peek() != ".":
                return tuple(keys)
            self.i += 1

    # -- structure --

    def _resolve(self, keys: tuple[str, ...]) -> list:
        path: list = []
        for j, key in enumerate(keys):
            path.append(key)
            if j < len(keys) - 1 and keys[: j + 1] in self._aot_index:
                path.append(self._aot_index[keys[: j + 1]])
        return path

    def _note(self, path: Sequence, offset: int) -> None:
        for j in range(1, len(path) + 1):
            self.where.setdefault(tuple(path[:j]), offset)

    def _document(self) -> None:
        prefix: tuple = ()
        while self.i < self.n:
            self._spaces()
            ch = self._peek()
            if ch in ("\r", "\n"):
                self.i += 1
                continue
            if ch == "#":
                self._comment()
                continue
            start = self.i
            if ch == "[":
                self._entry(start)
                array = self._peek(1) == "["
                self.i += 2 if array else 1
                keys = self._key()
                self._depth(self._resolve(keys) + [0] * array, start)
                closing = "]]" if array else "]"
                if not self.text.startswith(closing, self.i):
                    raise _Stop
                self.i += len(closing)
                path = self._resolve(keys)
                if array:
                    parent = tuple(path)
                    index = self._aot_count.get(parent, 0)
                    self._aot_count[parent] = index + 1
                    self._aot_index[keys] = index
                    self._forget_below(keys)
                    path.append(index)
                else:
                    self._define(tuple(path), start)
                self._note(path, start)
                self.where[tuple(path)] = start
                prefix = tuple(path)
                self._end_of_line()
            else:
                self._pair(prefix, start)
                self._end_of_line()

    def _forget_below(self, keys: tuple) -> None:
        """A new element of array `keys`: forget the current elements of the arrays inside the previous one.

        Each key tuple is filed under its prefixes (at most MAX_DEPTH), so this
        costs the arrays forgotten, not every array met so far: a facts file
        of many units, each with arrays of tables, took minutes (4.2 MB: 49 s).
        """
        for other in self._aot_below.pop(keys, ()):
            self._aot_index.pop(other, None)
            for j in range(1, len(other)):
                if j != len(keys):
                    self._aot_below.get(other[:j], set()).discard(other)
        for j in range(1, len(keys)):
            self._aot_below.setdefault(keys[:j], set()).add(keys)

    def _define(self, path: tuple, offset: int) -> None:
        if path in self._defined:
            self.duplicates.append((path, offset, self._defined[path]))
        else:
            self._defined[path] = offset

    def _pair(self, prefix: tuple, start: int) -> None:
        self._entry(start)
        keys = self._key()
        if self._peek() != "=":
            raise _Stop
        self.i += 1
        path = prefix + keys
        self._depth(path, start)
        self._define(path, start)
        for j in range(len(prefix) + 1, len(path) + 1):
            self.where.setdefault(path[:j], start)
        self._value(path)

    def _value(self, path: tuple) -> None:
        self._spaces()
        self.values.setdefault(path, self.i)
        ch = self._peek()
        if self.text.startswith('"""', self.i) or self.text.startswith("'''", self.i):
            self._multiline(ch)
        elif ch == '"':
            self._basic_string()
        elif ch == "'":
            self._literal_string()
        elif ch == "[":
            self.i += 1
            index = 0
            while True:
                self._blank()
                if self._peek() == "]":
                    self.i += 1
                    return
                self._entry(self.i)
                self.where.setdefault(path + (index,), self.i)
                self._depth(path + (index,), self.i)
                self._value(path + (index,))
                index += 1
                self._blank()
                if self._peek() == ",":
                    self.i += 1
                elif self._peek() != "]":
                    raise _Stop
        elif ch == "{":
            self.i += 1
            while True:
                self._blank()
                if self._peek() == "}":
                    self.i += 1
                    return
                self._pair(path, self.i)
                self._blank()
                if self._peek() == ",":
                    self.i += 1
                elif self._peek() != "}":
                    raise _Stop
        else:
            j = self.i
            while j < self.n and self.text[j] not in ",]}#\r\n":
                j += 1
            if j == self.i:
                raise _Stop
            self.i = j


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")


@cache
class TomlProblem(NamedTuple):
    """A problem with a TOML text itself, at a place in the file as written.

    `kind`: "bare_key" (`text` is the key), "too_deep", "duplicate" (`path` given
    twice, `first` the line it was first given at), "long_number" (`path`, `text`
    the start of the number, `count` its digits), "too_many" (more entries than
    the reader's `max_entries`, `count` of them found; then the only problem) or "syntax"
    (`text` the reason).
    """

    kind: str
    line: int
    column: int
    text: str = ""
    path: tuple = ()
    first: int = 0
    count: int = 0


def _entries(document: dict) -> int:
    """How many keys and array elements a parsed TOML document holds (without recursing)."""
    count, stack = 0, [document]
    while stack:
        node = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        for child in children:
            count += 1
            if isinstance(child, (dict, list)):
                stack.append(child)
    return count


def read_strict_toml(file: TextFile, max_entries: int | None = None) -> tuple[dict | None, list[TomlProblem]]:
    """Parse `file` as strict TOML, keeping where each key is (`file.where`, `file.values`).

    Shared by every TOML the project reads (facts, scenarios), so that each
    reports the same problems at the same places: a bare key TOML does not allow
    (the rest is still parsed, with it quoted, to find other problems), nesting
    deeper than `MAX_DEPTH`, a key given twice, a number too long for Python, a
    syntax error, and (when `max_entries` is given) more entries than that: the
    scanner stops at the first one too many, before tomllib builds the document.
    Returns the document (None when it cannot be read) and the problems.
    """
    scan = TomlScan(file.text, max_entries)
    file.where, file.values = scan.where, scan.values
    problems = [TomlProblem("bare_key", *file.position(start), text=file.text[start:end]) for start, end in scan.quoted]
    if scan.too_deep is not None:
        return None, [*problems, TomlProblem("too_deep", *file.position(scan.too_deep))]
    if scan.too_many is not None:  # refused whole: nothing else is reported of it
        return None, [TomlProblem("too_many", *file.position(scan.too_many), count=scan.entries)]
    rewritten = scan.rewritten()
    try:
        document = tomllib.loads(rewritten, parse_float=Decimal)
        # the scanner stops early on what it does not understand: then count what tomllib built
        if max_entries is not None and not scan.complete and (count := _entries(document)) > max_entries:
            return None, [TomlProblem("too_many", 1, 1, count=count)]
        return document, problems
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        if getattr(error, "lineno", None) is not None:  # Python 3.14 gives the place apart
            message = f"{error.msg} (at line {error.lineno}, column {error.colno})"
        return None, [*problems, _toml_syntax_problem(file, scan, rewritten, message)]
    except ValueError:  # an integer of more than 4300 digits, which Python refuses to read
        long = re.compile(r"[+-]?[0-9_]{%d,}" % (MAX_DIGITS + 1))
        for path, offset in sorted(scan.values.items(), key=lambda item: item[1]):
            if found := long.match(file.text, offset):
                digits = sum(ch.isdigit() for ch in found.group())
                return None, [*problems, TomlProblem("long_number", *file.position(offset), text=f"{found.group()[:12]}…",
                                                     path=path, count=digits)]
        return None, [*problems, TomlProblem("long_number", 1, 1, text="…")]
    except RecursionError:  # nesting the scanner did not reach (it stopped earlier): at its place
        return None, [*problems, TomlProblem("too_deep", *file.position(scan.i))]


def _toml_syntax_problem(file: TextFile, scan: TomlScan, rewritten: str, message: str) -> TomlProblem:
    """tomllib's error, moved from the quoted text back to the file as written."""
    offset = len(rewritten.rstrip("\r\n"))  # "at end of document": after the last character
    reason = message
    if found := _TOML_POSITION.search(message):
        reason = message[: found.start()]
        line, column = int(found[1]), int(found[2])
        starts = [0, *(f.end() for f in re.finditer("\n", rewritten))]
        offset = starts[min(line, len(starts)) - 1] + column - 1
    elif found := _TOML_END.search(message):
        reason = message[: found.start()]
    line, column = file.position(scan.original_offset(offset))
    if reason.startswith(("Cannot overwrite", "Cannot declare", "Cannot mutate")):
        # tomllib names the place, not the key: say which key, and where it was first given
        for path, at, first in scan.duplicates:
            if file.position(at)[0] == line:
                return TomlProblem("duplicate", *file.position(at), path=path, first=file.position(first)[0])
    return TomlProblem("syntax", line, column, text=reason)
