"""Scenario files, read: `X.test.toml` beside `X.plan` says what the plan must decide on given facts.

A scenario file holds one or more `[[scenario]]`: a name, a date (`as_of`),
facts (files, or inline in the facts format) and expectations
(`[[scenario.expect]]`: a unit, a rule or a clause, optionally a period, and
the status, value and on-track flag the verdicts must have). `find(paths)`
finds every `*.test.toml` at or below the paths and `load(path)` reads and
checks one into a `ScenarioFile`; `scenarios` runs them. The format is
documented in docs/scenarios.md.

A scenario file is read by the facts files' strict TOML reader, so the two
say a TOML problem, an unknown key or a wrong type the same way (in the facts
package's words). A problem with a scenario file is a `ScenarioError` (a
`PlanError`) listing located diagnostics, every one of the file at once.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

from attrs import field, frozen

from ..base.dates import ANY_YEAR, NotADate, read_date
from ..base.diagnostics import Diagnostic, Message, PlanError, Severity
from ..base.files import Refused, missing, read_file, vet, walk
from ..base.source import Span, normalize
from ..base.suggest import closest
from ..evaluation.verdicts import Status, Verdict
from ..facts.limits import MAX_TOML_ENTRIES
from ..facts.messages import FactsMessage
from ..facts.text_file import TextFile, dotted
from ..facts.toml_text import read_strict_toml
from ..language.model import QuantityUnit
from .messages import ToolingMessage, said, track

SUFFIX = ".test.toml"
# A scenario file larger than this is refused unread (T101); its inline facts are facts, and
# the facts loader has its own limits on them.
MAX_SCENARIO_BYTES = 16 * 2**20

CODES: dict[str, str] = {
    "T100": "not valid TOML (a syntax error, a key given twice, a bare key with letters TOML does not allow)",
    "T101": "a path cannot be read: missing, too large (bytes or TOML entries), not UTF-8, not a scenario file, "
            "or none under a folder",
    "T102": "unknown key (a typo?)",
    "T103": "a required key is missing, or facts = [] names no file",
    "T104": "a value of the wrong type or form (a date, a status, an exact value, yes/no)",
    "T105": "the plan, library or a facts file the scenario file names does not exist",
    "T106": "an expectation names both rule and clause, or neither",
    "T107": "two scenarios of a file have the same name",
    "T108": "a file without scenarios, or a scenario without expectations",
}

# The words that name, inside a T104 or T105 message, what a value is and what a path was to be:
# key -> (English, Vietnamese), passed as a message's argument.
_KINDS = {
    "text": ("text", "văn bản"),
    "texts": ("a list of file names, or a table of facts", "danh sách tên tệp, hoặc một bảng số liệu"),
    "table": ("a table", "một bảng"),
    "tables": ("an array of tables ([[...]])", "một mảng bảng ([[...]])"),
    "bool": ("true or false", "true hoặc false"),
    "date": ("a date", "một ngày"),
    "number": ("an integer", "một số nguyên"),
    "float": ("a decimal number", "một số thập phân"),
    "datetime": ("a date and time", "ngày và giờ"),
    "list": ("a list", "một danh sách"),
}

_WHAT = {
    "plan": ("plan", "kế hoạch"),
    "library": ("library", "thư viện"),
    "facts": ("facts file", "tệp số liệu"),
}


class ScenarioError(PlanError):
    """A scenario file (or its plan, library or facts) that cannot be run; `.diagnostics` lists why."""


# ------------------------------------------------------------ the model --


@frozen
class Expectation:
    """One `[[scenario.expect]]`: the verdicts it selects must all have `status` (and `value`, `on_track`)."""

    unit: str
    status: Status
    rule: str | None = None
    clause: str | None = None
    period: str | None = None
    value: Fraction | None = None
    value_unit: QuantityUnit | None = None  # None: a plain number, compared as is
    value_text: str | None = None
    on_track: bool | None = None
    line: int = 1

    def selects(self, v: Verdict) -> bool:
        if v.unit != self.unit:
            return False
        if (v.rule != self.rule) if self.rule is not None else (v.clause != self.clause):
            return False
        return self.period is None or v.period == self.period

    def holds_for(self, v: Verdict) -> bool:
        if v.status is not self.status:
            return False
        if self.value is not None:
            if v.value is None or Fraction(v.value) != self.value:
                return False
            if self.value_unit is not None and v.value_unit is not self.value_unit:
                return False
        return self.on_track is None or v.on_track is self.on_track

    def describe(self, lang: str = "en") -> str:
        what = self.rule if self.rule is not None else said("expect_clause", lang, clause=self.clause)
        period = f" {said('expect_period', lang, period=self.period)}" if self.period is not None else ""
        return f"{self.unit} {what}{period}"

    def wanted(self, lang: str = "en") -> str:
        """The verdict expected, its status in the report's words ("không đạt"), its value as the file writes it."""
        parts = [self.status.label(lang)]
        if self.value_text is not None:
            parts.append(said("expect_value", lang, value=self.value_text))
        if self.on_track is not None:
            parts.append(track(self.on_track, lang))
        return ", ".join(parts)


@frozen
class Scenario:
    name: str
    as_of: _dt.date
    expectations: tuple[Expectation, ...]
    index: int  # 0-based position among the file's [[scenario]]
    line: int = 1
    facts_files: tuple[Path, ...] = ()
    inline: dict | None = field(default=None, eq=False)  # the [scenario.facts] table, as parsed


@frozen
class ScenarioFile:
    path: Path
    plan: Path
    library: Path | None
    calendar: str
    scenarios: tuple[Scenario, ...]
    places: TextFile = field(eq=False, repr=False)  # where each key of the file is


# ------------------------------------------------------------ reading --


def find(paths: Sequence[str | os.PathLike]) -> list[Path]:
    """Every `*.test.toml` at or below each path, sorted within a folder; raises `ScenarioError` if one has none."""
    return list(scenario_trees(paths))


def scenario_trees(paths: Sequence[str | os.PathLike]) -> dict[Path, Path]:
    """Each scenario file at or below `paths` -> the tree it was found in (its folder, when named itself).

    Folders are walked by `files.walk`: a file found must be a regular file
    inside the folder named; a folder that cannot be listed is an error too.
    """
    found: dict[Path, Path] = {}
    problems: list[Diagnostic] = []
    for given in paths:
        path = Path(given)
        if os.path.isdir(path):  # never raises: an unreadable or over-long path is load's to say
            listing = walk(path, lambda name: name.endswith(SUFFIX))
            problems.extend(_path_error("unreadable", Path(r.path), reason=r.reason) for r in listing.refused)
            if not listing.files and not listing.refused:
                problems.append(_path_error("no_scenario_files", path))
            for file in listing.files:
                found.setdefault(file, path)
        elif not path.name.endswith(SUFFIX):
            problems.append(_path_error("not_scenario_file", path))
        else:
            found.setdefault(path, path.parent)
    if problems:
        raise ScenarioError(problems)
    return found


def _path_error(key: str, path: Path, **args: object) -> Diagnostic:
    return Diagnostic("T101", _message(key, path=str(path), **args), Span(str(path), 1, 1, 1, 2))


class _Reader:
    """One scenario file being read: its places, and every problem found in it."""

    def __init__(self, path: Path, text: str, trees: Sequence[str | os.PathLike] = ()):
        self.path = path
        self.trees = tuple(trees)  # where the paths it names may lead (`files.vet`)
        self.file = TextFile(str(path), text)
        self.problems: list[Diagnostic] = []

    def report(self, where: tuple, code: str, key: str, hints: Sequence[Message] = (), /, *,
               at_value: bool = False, **args: object) -> None:
        line, column = self.file.place(where, at_value)
        self.report_at(line, column, code, key, hints, **args)

    def report_at(self, line: int, column: int, code: str, key: str, hints: Sequence[Message] = (), /,
                  **args: object) -> None:
        span = Span(self.file.name, line, column, line, column + 1)
        self.problems.append(
            Diagnostic(code, _message(key, **args), span, Severity.ERROR, tuple(hints),
                       self.file.line_text(line))
        )

    def keys(self, path: tuple, table: dict, allowed: Sequence[str], required: Sequence[str] = ()) -> bool:
        ok = True
        where = dotted(path) or _q(self.path.name)
        for key in table:
            if key not in allowed:
                self.report(path + (key,), "T102", "unknown_key", _suggest(key, allowed), item=_q(key), table=where)
        for key in required:
            if key not in table:
                self.report(path, "T103", "missing_key", item=_q(key), table=where)
                ok = False
        return ok

    def wrong(self, path: tuple, expected: str, raw: object) -> None:
        self.report(path, "T104", "wrong_type", at_value=True, item=_q(dotted(path)),
                    expected=_KINDS[expected], found=_found(raw))

    def text(self, table: dict, path: tuple, key: str) -> str | None:
        raw = table.get(key)
        if raw is None:
            return None
        if isinstance(raw, int) and not isinstance(raw, bool) and key == "period":
            return str(raw)  # period = 2026
        if not isinstance(raw, str):
            self.wrong(path + (key,), "text", raw)
            return None
        return normalize(raw).strip()

    def existing(self, path: tuple, what: str, target: Path) -> Path | None:
        """`target` when it is there and may be read: a regular file (a folder for a library, either for
        facts) inside the trees of this run, once its links are followed; else a located error."""
        if missing(target):
            self.report(path, "T105", "missing_path", at_value=True, what=_WHAT[what], path=str(target))
            return None
        try:
            vet(target, self.trees, folder={"plan": False, "library": True}.get(what))
        except Refused as refusal:
            self.report(path, "T101", "unreadable", at_value=True, path=str(target), reason=refusal.reason)
            return None
        return target


def _q(name: object) -> str:
    return f"“{name}”"


def _found(raw: object) -> tuple[str, str]:
    kind = (
        "bool" if isinstance(raw, bool) else
        "datetime" if isinstance(raw, _dt.datetime) else
        "date" if isinstance(raw, _dt.date) else
        "number" if isinstance(raw, int) else
        "float" if isinstance(raw, (float, Decimal)) else
        "table" if isinstance(raw, dict) else
        "list" if isinstance(raw, list) else
        "text"
    )
    english, vietnamese = _KINDS[kind]
    shown = repr(raw) if isinstance(raw, str) else str(raw)
    if isinstance(raw, (dict, list)):
        return english, vietnamese
    return f"{english} {shown}", f"{vietnamese} {shown}"


def _suggest(word: str, candidates: Iterable[str]) -> tuple[Message, ...]:
    close = closest(word, list(candidates))
    return (Message.of("did_you_mean", name=_q(close)),) if close is not None else ()


# the words a scenario file shares with a facts file, said the same way: the facts package's, and the
# base's for a file that cannot be read
_FACTS_WORDS = frozenset({"toml_syntax", "bare_key", "unknown_key", "missing_key", "wrong_type"})
_BASE_WORDS = frozenset({"unreadable", "not_utf8"})


def _message(key: str, **args: object) -> Message:
    said_by = FactsMessage if key in _FACTS_WORDS else Message if key in _BASE_WORDS else ToolingMessage
    return said_by.of(key, **args)


def load(path: str | os.PathLike, within: str | os.PathLike | None = None) -> ScenarioFile:
    """Read and check one scenario file; raises `ScenarioError` listing every problem in it.

    The plan, library and facts files it names must lead (links followed) into
    `within` (the tree named on the command line), the scenario file's own
    folder or the working directory: a scenario file cannot make planrules
    read `/etc/shadow` or a link out of the project, and quote it.
    """
    path = Path(path)
    try:  # bounded; a FIFO, a device or a kernel file is refused unopened (`files`)
        data, size = read_file(path, MAX_SCENARIO_BYTES)
    except Refused as refusal:
        raise ScenarioError([_path_error("unreadable", path, reason=refusal.reason)]) from None
    if max(size, len(data)) > MAX_SCENARIO_BYTES:
        raise ScenarioError([Diagnostic("T101", _message("scenario_too_large", path=str(path),
                                                                   limit=MAX_SCENARIO_BYTES),
                                        Span(str(path), 1, 1, 1, 2))])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise ScenarioError([Diagnostic("T101", _message("not_utf8", path=str(path), offset=error.start),
                                        Span(str(path), line, column, line, column + 1))]) from None
    trees = (*(() if within is None else (within,)), path.parent, os.getcwd())
    reader = _Reader(path, normalize(text), trees)
    document = _parse(reader)
    if document is None:
        raise ScenarioError(reader.problems)
    result = _read(reader, document)
    if reader.problems or result is None:
        raise ScenarioError(sorted(reader.problems, key=lambda d: (d.span.line, d.span.column) if d.span else (0, 0)))
    return result


def _parse(reader: _Reader) -> dict | None:
    """The scenario file as TOML, read by the same strict reader as facts files."""
    file = reader.file
    document, problems = read_strict_toml(file, MAX_TOML_ENTRIES)  # the bound of a facts file, checked first
    for problem in problems:
        if problem.kind == "too_many":
            reader.report_at(problem.line, problem.column, "T101", "scenario_too_many_entries", path=str(reader.path),
                             limit=MAX_TOML_ENTRIES)
        elif problem.kind == "bare_key":
            reader.report_at(problem.line, problem.column, "T100", "bare_key", name=problem.text)
        elif problem.kind == "too_deep":
            reader.report_at(problem.line, problem.column, "T100", "toml_syntax", reason="nesting too deep")
        elif problem.kind == "duplicate":
            reader.report_at(problem.line, problem.column, "T100", "toml_syntax",
                             reason=f"{dotted(problem.path)} is given twice (first at line {problem.first})")
        elif problem.kind == "long_number":
            reader.report_at(problem.line, problem.column, "T100", "toml_syntax",
                             reason=f"a number of {problem.count} digits is too long")
        else:
            reader.report_at(problem.line, problem.column, "T100", "toml_syntax", reason=problem.text)
    return None if problems else document


_FILE_KEYS = ("plan", "library", "calendar", "scenario")
_SCENARIO_KEYS = ("name", "as_of", "facts", "expect")
_EXPECT_KEYS = ("unit", "rule", "clause", "period", "status", "value", "on_track")


def _read(reader: _Reader, document: dict) -> ScenarioFile | None:
    path = reader.path
    folder = path.parent
    reader.keys((), document, _FILE_KEYS)
    plan: Path | None
    if "plan" in document:
        name = reader.text(document, (), "plan")
        plan = reader.existing(("plan",), "plan", _join(folder, name)) if name is not None else None
    else:
        plan = folder / (path.name[: -len(SUFFIX)] + ".plan")
        if missing(plan):
            reader.report_at(1, 1, "T105", "no_plan", plan=str(plan))
            plan = None
        else:
            plan = reader.existing((), "plan", plan)
    library = None
    if "library" in document:
        name = reader.text(document, (), "library")
        library = reader.existing(("library",), "library", _join(folder, name)) if name is not None else None
    calendar = "vietnam"
    if "calendar" in document:
        value = reader.text(document, (), "calendar")
        if value is not None and value not in ("vietnam", "plain"):
            reader.report(("calendar",), "T104", "bad_calendar", at_value=True, text=_q(value))
        elif value is not None:
            calendar = value
    scenarios: list[Scenario] = []
    names: dict[str, int] = {}
    raw = document.get("scenario")
    if raw is None:
        reader.report_at(1, 1, "T108", "no_scenarios")
    elif not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        reader.wrong(("scenario",), "tables", raw)
    else:
        for index, item in enumerate(raw):
            name = item.get("name")
            if isinstance(name, str):
                name = normalize(name).strip()
                if name in names:
                    reader.report(("scenario", index, "name"), "T107", "duplicate_scenario", at_value=True,
                                  name=_q(name), line=names[name])
                else:
                    names[name] = reader.file.place(("scenario", index, "name"))[0]
            scenario = _scenario(reader, index, item, folder)
            if scenario is not None:
                scenarios.append(scenario)
    if plan is None or reader.problems:
        return None
    return ScenarioFile(path, plan, library, calendar, tuple(scenarios), reader.file)


def _join(folder: Path, name: str) -> Path:
    return Path(os.path.normpath(folder / name))


def _scenario(reader: _Reader, index: int, item: dict, folder: Path) -> Scenario | None:
    path = ("scenario", index)
    line = reader.file.place(path)[0]
    ok = reader.keys(path, item, _SCENARIO_KEYS, ("name", "as_of", "facts"))
    name = reader.text(item, path, "name")
    as_of = _date(reader, path + ("as_of",), item["as_of"]) if "as_of" in item else None
    files: list[Path] = []
    inline = None
    raw = item.get("facts")
    if isinstance(raw, str):
        raw = [raw]
    if isinstance(raw, dict):
        inline = raw
    elif isinstance(raw, list):
        if not raw:
            reader.report(path + ("facts",), "T103", "no_facts", at_value=True)
            ok = False
        for position, entry in enumerate(raw):
            if not isinstance(entry, str):
                reader.wrong(path + ("facts", position), "text", entry)
                ok = False
                continue
            found = reader.existing(path + ("facts", position), "facts", _join(folder, normalize(entry)))
            if found is None:
                ok = False
            else:
                files.append(found)
    elif raw is not None:
        reader.wrong(path + ("facts",), "texts", raw)
        ok = False
    expectations: list[Expectation] = []
    expect = item.get("expect")
    if expect is None:
        if name is not None:
            reader.report(path, "T108", "no_expectations", name=_q(name))
        ok = False
    elif not isinstance(expect, list) or not all(isinstance(e, dict) for e in expect):
        reader.wrong(path + ("expect",), "tables", expect)
        ok = False
    else:
        for position, entry in enumerate(expect):
            expectation = _expectation(reader, path + ("expect", position), entry)
            if expectation is None:
                ok = False
            else:
                expectations.append(expectation)
        if not expect and name is not None:
            reader.report(path, "T108", "no_expectations", name=_q(name))
    if not ok or name is None or as_of is None:
        return None
    return Scenario(name, as_of, tuple(expectations), index, line, tuple(files), inline)


def _date(reader: _Reader, path: tuple, raw: object) -> _dt.date | None:
    if isinstance(raw, _dt.date) and not isinstance(raw, _dt.datetime):
        return raw
    if isinstance(raw, str):
        try:
            return read_date(raw, ANY_YEAR)
        except NotADate:
            reader.report(path, "T104", "scenario_bad_date", at_value=True, item=_q(path[-1]), text=_q(raw))
            return None
    reader.wrong(path, "date", raw)
    return None


def _expectation(reader: _Reader, path: tuple, entry: dict) -> Expectation | None:
    line = reader.file.place(path)[0]
    ok = reader.keys(path, entry, _EXPECT_KEYS, ("unit", "status"))
    before = len(reader.problems)
    unit = reader.text(entry, path, "unit")
    rule = reader.text(entry, path, "rule")
    clause = reader.text(entry, path, "clause")
    period = reader.text(entry, path, "period")
    if "rule" in entry and "clause" in entry:
        reader.report(path + ("clause",), "T106", "rule_and_clause")
    elif "rule" not in entry and "clause" not in entry:
        reader.report(path, "T106", "rule_or_clause")
    status = None
    if "status" in entry:
        raw = entry["status"]
        if not isinstance(raw, str):
            reader.wrong(path + ("status",), "text", raw)
        else:
            try:
                status = Status(raw.strip())
            except ValueError:
                reader.report(path + ("status",), "T104", "bad_status", _suggest(raw, [s.value for s in Status]),
                              at_value=True, text=_q(raw))
    value = value_unit = value_text = None
    if "value" in entry:
        parsed = _value(entry["value"])
        if parsed is None:
            reader.report(path + ("value",), "T104", "bad_value", at_value=True, text=_q(entry["value"]))
        else:
            value, value_unit, value_text = parsed
    on_track = entry.get("on_track")
    if on_track is not None and not isinstance(on_track, bool):
        reader.wrong(path + ("on_track",), "bool", on_track)
    if not ok or len(reader.problems) > before or unit is None or status is None:
        return None
    return Expectation(unit, status, rule, clause, period, value, value_unit, value_text, on_track, line)


_VALUE = re.compile(
    r"(?P<num>\d+(?:[.,]\d+)?)(?:\s*/\s*(?P<den>\d+(?:[.,]\d+)?))?\s*(?P<unit>%|ngày|days?)?"
)


def _value(raw: object) -> tuple[Fraction, QuantityUnit | None, str] | None:
    """An exact value: 17, "3/5", "60%", "12,5%", "1/2 ngày", "1.5 days"; None if it is none of these."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return Fraction(raw), None, str(raw)
    if isinstance(raw, Decimal):
        return (Fraction(raw), None, str(raw)) if raw.is_finite() else None
    if not isinstance(raw, str):
        return None
    text = normalize(raw).strip()
    found = _VALUE.fullmatch(text)
    if found is None:
        return None
    try:
        number = Fraction(Decimal(found["num"].replace(",", ".")))
        if found["den"] is not None:
            den = Fraction(Decimal(found["den"].replace(",", ".")))
            if den == 0:
                return None
            number /= den
    except (InvalidOperation, ValueError):
        return None
    unit = found["unit"]
    if unit == "%":
        return number / 100, QuantityUnit.PERCENT, text
    if unit is not None:
        return number, QuantityUnit.DAYS, text
    return number, None, text
