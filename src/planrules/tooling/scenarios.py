"""Scenario tests of plans: `X.test.toml` beside `X.plan` says what the plan must decide on given facts.

A scenario file holds one or more `[[scenario]]`: a name, a date (`as_of`),
facts (files, or inline in the facts format) and expectations
(`[[scenario.expect]]`: a unit, a rule or a clause, optionally a period, and
the status, value and on-track flag the verdicts must have). `run(paths)`
finds every `*.test.toml` at or below the paths, evaluates each scenario and
compares; `render` prints the failures, the coverage and a summary. The
format and the output are documented in docs/scenarios.md.

Inline facts are written back as TOML (`tomli_w`) and read by
`facts_load.loads_facts`, so they get exactly the checks of a facts file; the
places of their errors (and of the facts, in verdicts) are then moved from
that text back to the scenario file.

A problem with a scenario file, its plan or its facts is a `ScenarioError`
(a `PlanError`) listing located diagnostics; a failing expectation is not an
error but an `Outcome` that did not pass.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import os
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import tomli_w
from attrs import field, frozen

from ..base.diagnostics import Diagnostic, FactsError, Message, PlanError, Severity
from ..facts.model import Facts, Origin
from ..facts.limits import MAX_TOML_ENTRIES
from ..facts.loader import load_facts, loads_facts
from ..base.messages import MESSAGES as BASE_MESSAGES
from ..facts.messages import MESSAGES as FACTS_MESSAGES
from ..facts.text_file import TextFile
from ..facts.toml_text import TomlScan, read_strict_toml
from ..language.model import QuantityUnit
from ..base.files import Refused, missing, read_file, vet, walk
from ..base.source import Span, normalize
from ..evaluation.verdicts import Status, Verdict, show

__all__ = [
    "CODES",
    "MAX_SCENARIO_BYTES",
    "SUFFIX",
    "Expectation",
    "FileResult",
    "Outcome",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "ScenarioFile",
    "find",
    "load",
    "render",
    "run",
    "run_file",
]

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

# key -> (English, Vietnamese)
MESSAGES: dict[str, tuple[str, str]] = {
    # the words a scenario file shares with a facts file, said the same way
    **{key: FACTS_MESSAGES[key] for key in ("toml_syntax", "bare_key", "unknown_key", "missing_key", "wrong_type")},
    **{key: BASE_MESSAGES[key] for key in ("unreadable", "not_utf8")},
    "too_large": (
        "{path} is larger than {limit} bytes, the most a scenario file may be",
        "{path} lớn hơn {limit} byte, mức tối đa của một tệp kịch bản",
    ),
    "too_many_entries": (
        "{path} has more than {limit} entries (keys, tables and array elements), the most a scenario file may have",
        "{path} có hơn {limit} mục (khóa, bảng và phần tử mảng), mức tối đa của một tệp kịch bản",
    ),
    "not_scenario_file": (
        "{path} is not a scenario file (its name must end in .test.toml)",
        "{path} không phải tệp kịch bản (tên tệp phải kết thúc bằng .test.toml)",
    ),
    "no_scenario_files": (
        "no scenario files (*.test.toml) at or below {path}",
        "không có tệp kịch bản (*.test.toml) nào trong {path}",
    ),
    "no_facts": (
        "facts: name at least one facts file, or give the facts inline ([scenario.facts])",
        "facts: cần ít nhất một tệp số liệu, hoặc ghi số liệu ngay trong tệp ([scenario.facts])",
    ),
    "bad_date": (
        "{item}: {text} is not a date (write 2026-12-31 or \"31/12/2026\")",
        "{item}: {text} không phải là ngày (viết 2026-12-31 hoặc \"31/12/2026\")",
    ),
    "bad_status": (
        "status: {text} is not a verdict: met, not_met, pending, unknown or not_applicable",
        "status: {text} không phải là kết quả: met, not_met, pending, unknown hoặc not_applicable",
    ),
    "bad_value": (
        "value: {text} is not an exact value (\"3/5\", \"60%\", \"12,5%\", \"1/2 ngày\", 17)",
        "value: {text} không phải là giá trị chính xác (\"3/5\", \"60%\", \"12,5%\", \"1/2 ngày\", 17)",
    ),
    "bad_calendar": (
        "calendar: {text} is neither \"vietnam\" nor \"plain\"",
        "calendar: {text} không phải \"vietnam\" hay \"plain\"",
    ),
    "no_plan": (
        "no plan {plan} beside this file: put the scenario file beside its plan, or name it with plan = \"…\"",
        "không có kế hoạch {plan} cạnh tệp này: đặt tệp kịch bản cạnh kế hoạch, hoặc ghi plan = \"…\"",
    ),
    "missing_path": ("{what} {path} does not exist", "{what} {path} không tồn tại"),
    "rule_and_clause": (
        "an expectation names a rule or a clause, not both",
        "một kỳ vọng chỉ nêu rule hoặc clause, không nêu cả hai",
    ),
    "rule_or_clause": (
        "an expectation needs rule (\"I.2-1#1\", \"III.1.b@1\") or clause (\"TT 3\")",
        "một kỳ vọng cần rule (\"I.2-1#1\", \"III.1.b@1\") hoặc clause (\"TT 3\")",
    ),
    "duplicate_scenario": (
        "scenario {name} is given twice (first at line {line})",
        "kịch bản {name} được khai báo hai lần (lần đầu ở dòng {line})",
    ),
    "no_scenarios": ("the file has no [[scenario]]", "tệp không có [[scenario]] nào"),
    "no_expectations": (
        "scenario {name} has no [[scenario.expect]]",
        "kịch bản {name} không có [[scenario.expect]] nào",
    ),
    "did_you_mean": ("did you mean {suggestion}?", "có phải ý bạn là {suggestion}?"),
}

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


class ScenarioMessage(Message):
    catalogue = MESSAGES


class ScenarioError(PlanError):
    """A scenario file (or its plan, library or facts) that cannot be run; `.diagnostics` lists why."""


# Words of the output: key -> (English, Vietnamese).
_WORDS: dict[str, tuple[str, str]] = {
    "fail": ("FAIL", "SAI"),
    "expected": ("expected:", "cần:    "),
    "actual": ("actual:  ", "thực tế:"),
    "why": ("why:     ", "lý do:  "),
    "clause": ("clause {clause}", "mục {clause}"),
    "period": ("period {period}", "kỳ {period}"),
    "value": ("value {value}", "giá trị {value}"),
    "no_value": ("no value", "không có giá trị"),
    "on_track": ("on track", "đúng tiến độ"),
    "off_track": ("not on track", "chậm tiến độ"),
    "no_track": ("no on-track flag", "không đánh giá tiến độ"),
    "no_verdict": ("no verdict for {what}", "không có kết quả nào cho {what}"),
    "near": ("close ones:", "gần nhất:"),
    "no_near": ("the unit has no verdicts at all", "đơn vị này không có kết quả nào"),
    "of": ("{wrong} of the {selected} verdicts it selects differ:", "{wrong} trong {selected} kết quả được chọn khác:"),
    "summary": (
        "{passed} passed, {failed} failed ({scenarios} scenario(s) in {files} file(s))",
        "{passed} đạt, {failed} sai ({scenarios} kịch bản trong {files} tệp)",
    ),
    "broken": ("; {count} file(s) could not be run", "; {count} tệp không chạy được"),
    "coverage": (
        "coverage of {plan}: {covered} of {total} rules exercised",
        "độ phủ của {plan}: {covered}/{total} quy tắc được kiểm tra",
    ),
    "uncovered": ("not exercised:", "chưa được kiểm tra:"),
    "no_scenarios": ("coverage of {plan}: no scenarios: {total} rules", "độ phủ của {plan}: không có kịch bản: {total} quy tắc"),
    "binds_no_unit": (
        "it binds no unit by name: its rules are judged only in the plans that inherit them",
        "kế hoạch không gắn đơn vị nào theo tên: các quy tắc chỉ được đánh giá trong các kế hoạch kế thừa",
    ),
}


def _word(key: str, lang: str, **args: object) -> str:
    english, vietnamese = _WORDS[key]
    return (vietnamese if lang == "vi" else english).format(**args)


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
        what = self.rule if self.rule is not None else _word("clause", lang, clause=self.clause)
        period = f" {_word('period', lang, period=self.period)}" if self.period is not None else ""
        return f"{self.unit} {what}{period}"

    def wanted(self, lang: str = "en") -> str:
        parts = [self.status.value]
        if self.value_text is not None:
            parts.append(_word("value", lang, value=self.value_text))
        if self.on_track is not None:
            parts.append(_word("on_track" if self.on_track else "off_track", lang))
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


@frozen
class Outcome:
    """What one expectation found: the verdicts it selected and those that differ from it."""

    file: Path
    scenario: str
    expectation: Expectation
    selected: tuple[Verdict, ...]
    wrong: tuple[Verdict, ...] = ()
    near: tuple[Verdict, ...] = ()  # when nothing was selected: the closest verdicts

    @property
    def passed(self) -> bool:
        return bool(self.selected) and not self.wrong


@frozen
class FileResult:
    path: Path
    plan: Path
    outcomes: tuple[Outcome, ...]
    scenarios: int
    rules: tuple[tuple[str, str | None], ...]  # every rule of the compiled plan: (id, place in the .plan file)


@frozen
class RunResult:
    files: tuple[FileResult, ...]
    errors: tuple[Diagnostic, ...] = ()
    broken: tuple[Path, ...] = ()  # files that could not be run
    folders: tuple[Path, ...] = ()  # the folders searched: their plans without scenario files are in coverage

    @property
    def outcomes(self) -> tuple[Outcome, ...]:
        return tuple(o for f in self.files for o in f.outcomes)

    @property
    def passed(self) -> int:
        return sum(o.passed for o in self.outcomes)

    @property
    def failed(self) -> int:
        return sum(not o.passed for o in self.outcomes)

    def uncovered(self) -> dict[Path, tuple[int, list[tuple[str, str | None]]]]:
        """Per plan: how many rules it has, and those no expectation selected a verdict of."""
        rules: dict[Path, dict[str, str | None]] = {}
        seen: dict[Path, set[str]] = {}
        for result in self.files:
            rules.setdefault(result.plan, {}).update(dict(result.rules))
            hit = seen.setdefault(result.plan, set())
            hit.update(v.rule for o in result.outcomes for v in o.selected)
        return {
            plan: (len(known), [(rule, at) for rule, at in known.items() if rule not in seen[plan]])
            for plan, known in sorted(rules.items(), key=lambda item: str(item[0]))
        }

    def without_scenarios(self) -> dict[Path, tuple[int, bool]]:
        """Per plan at or below the folders searched that has rules but no scenario file: (its rules, binds a unit).

        A plan has a scenario file when a file run names it, or when a file that
        could not be run lies beside it with its name (`x.test.toml`, `x.plan`).
        Its rules are those of the plan compiled alone (inherited ones need a
        library, which only a scenario file names). A vocabulary, a plan without
        rules and a plan that does not compile (`planrules check` says why) are
        not listed. Each plan is compiled here: this costs what `--coverage` asks.
        """
        from ..evaluation.compiler import compile as compile_plan
        from ..language.library import load as load_plan

        tested = {f.plan.resolve() for f in self.files}
        tested |= {(p.parent / (p.name[: -len(SUFFIX)] + ".plan")).resolve() for p in self.broken}
        found: dict[Path, tuple[int, bool]] = {}
        for folder in self.folders:
            for plan in walk(folder, lambda name: name.endswith(".plan")).files:  # refused ones: `check` says why
                if plan.resolve() in tested:
                    continue
                tested.add(plan.resolve())  # once, whatever folders overlap
                try:
                    rules = compile_plan(load_plan(plan))
                except PlanError:
                    continue
                total = len(rules.metric_rules) + len(rules.deadline_rules)
                if total:
                    found[plan] = (total, bool(rules.bound))
        return dict(sorted(found.items(), key=lambda item: str(item[0])))


# ------------------------------------------------------------ reading --


def find(paths: Sequence[str | os.PathLike]) -> list[Path]:
    """Every `*.test.toml` at or below each path, sorted within a folder; raises `ScenarioError` if one has none."""
    return list(_scenario_files(paths))


def _scenario_files(paths: Sequence[str | os.PathLike]) -> dict[Path, Path]:
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
    return Diagnostic("T101", ScenarioMessage.of(key, path=str(path), **args), Span(str(path), 1, 1, 1, 2))


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
            Diagnostic(code, ScenarioMessage.of(key, **args), span, Severity.ERROR, tuple(hints),
                       self.file.line_text(line))
        )

    def keys(self, path: tuple, table: dict, allowed: Sequence[str], required: Sequence[str] = ()) -> bool:
        ok = True
        where = _dotted(path) or _q(self.path.name)
        for key in table:
            if key not in allowed:
                self.report(path + (key,), "T102", "unknown_key", _suggest(key, allowed), item=_q(key), table=where)
        for key in required:
            if key not in table:
                self.report(path, "T103", "missing_key", item=_q(key), table=where)
                ok = False
        return ok

    def wrong(self, path: tuple, expected: str, raw: object) -> None:
        self.report(path, "T104", "wrong_type", at_value=True, item=_q(_dotted(path)),
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


def _dotted(path: Sequence) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


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
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return (ScenarioMessage.of("did_you_mean", suggestion=_q(close[0])),) if close else ()


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
        raise ScenarioError([Diagnostic("T101", ScenarioMessage.of("too_large", path=str(path),
                                                                   limit=MAX_SCENARIO_BYTES),
                                        Span(str(path), 1, 1, 1, 2))])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise ScenarioError([Diagnostic("T101", ScenarioMessage.of("not_utf8", path=str(path), offset=error.start),
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
            reader.report_at(problem.line, problem.column, "T101", "too_many_entries", path=str(reader.path),
                             limit=MAX_TOML_ENTRIES)
        elif problem.kind == "bare_key":
            reader.report_at(problem.line, problem.column, "T100", "bare_key", name=problem.text)
        elif problem.kind == "too_deep":
            reader.report_at(problem.line, problem.column, "T100", "toml_syntax", reason="nesting too deep")
        elif problem.kind == "duplicate":
            reader.report_at(problem.line, problem.column, "T100", "toml_syntax",
                             reason=f"{_dotted(problem.path)} is given twice (first at line {problem.first})")
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
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return _dt.datetime.strptime(raw.strip(), pattern).date()
            except ValueError:
                continue
        reader.report(path, "T104", "bad_date", at_value=True, item=_q(path[-1]), text=_q(raw))
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


# ------------------------------------------------------------ inline facts --


class _Moved:
    """Places in the TOML text written from a [scenario.facts] table, moved back to the scenario file."""

    def __init__(self, text: str, scenario: ScenarioFile, prefix: tuple):
        self.scenario = scenario
        self.prefix = prefix
        self.written = TextFile(str(scenario.path), text)
        scan = TomlScan(text)
        self.where, self.values = scan.where, scan.values
        self.anchors = sorted(
            [(offset, len(path), path, False) for path, offset in self.where.items()]
            + [(offset, len(path), path, True) for path, offset in self.values.items()],
            key=lambda a: (a[0], -a[1], a[3]),
        )
        self.offsets = [a[0] for a in self.anchors]
        self.lines: dict[int, int] = {}  # line of the written text -> line of the scenario file
        for path, offset in sorted(self.where.items(), key=lambda item: (item[1], len(item[0]))):
            line = self.written.position(offset)[0]
            if line not in self.lines:
                self.lines[line] = self.place(path, False)[0]

    def place(self, path: tuple, value: bool) -> tuple[int, int]:
        return self.scenario.places.place(self.prefix + path, value)

    def at(self, line: int, column: int) -> tuple[int, int]:
        """The place in the scenario file of a place in the written text."""
        offset = self.written.starts[min(max(line, 1), len(self.written.starts)) - 1] + column - 1
        exact = [a for a in self.anchors if a[0] == offset]
        if exact:
            # the value when a diagnostic points at a value, else the longest key there
            _, _, path, value = max(exact, key=lambda a: (a[3], a[1]))
            return self.place(path, value)
        i = bisect_right(self.offsets, offset) - 1
        if i < 0:
            return self.place((), False)
        _, _, path, value = self.anchors[i]
        return self.place(path, value)

    def diagnostic(self, d: Diagnostic) -> Diagnostic:
        hints = tuple(self.hint(h) for h in d.hints)
        if d.span is None or d.span.file != self.written.name:
            return attrs.evolve(d, hints=hints)
        line, column = self.at(d.span.line, d.span.column)
        span = Span(d.span.file, line, column, line, column + 1)
        return attrs.evolve(d, span=span, hints=hints, line_text=self.scenario.places.line_text(line))

    def hint(self, message: Message) -> Message:
        """A hint naming a place of the written text ("first given at FILE:7") names the scenario file's."""
        pattern = re.compile(re.escape(self.written.name) + r":(\d+)")

        def move(text: str) -> str:
            return pattern.sub(lambda m: f"{self.written.name}:{self.line(int(m.group(1)))}", text)

        args = tuple((k, (move(v[0]), move(v[1])) if isinstance(v, tuple) else move(v)) for k, v in message.args)
        return attrs.evolve(message, args=args)

    def line(self, line: int) -> int:
        return self.lines.get(line, self.place((), False)[0])

    def origin(self, origin: Origin | None) -> Origin | None:
        if origin is None or origin.file != self.written.name:
            return origin
        return attrs.evolve(origin, table=f"{_dotted(self.prefix)}.{origin.table}", line=self.line(origin.line or 0))


def _inline_facts(scenario_file: ScenarioFile, scenario: Scenario, rules) -> Facts:
    prefix = ("scenario", scenario.index, "facts")
    text = tomli_w.dumps(scenario.inline)
    moved = _Moved(text, scenario_file, prefix)
    placed = _Placed(rules, moved)
    try:  # the loader's problems and the plan's, together
        facts = loads_facts(text, str(scenario_file.path), vocabulary=rules.vocabulary, rules=placed)
    except FactsError as error:
        # the plan's are already at the facts' places in the scenario file; the loader's are moved there
        found = [d if any(d is x for x in placed.found) else moved.diagnostic(d) for d in error.diagnostics]
        raise ScenarioError(sorted(found, key=lambda d: (d.span.line, d.span.column) if d.span else (0, 0))) \
            from None
    return _move_origins(facts, moved)


class _Placed:
    """A rule set's `check` (all `loads_facts` asks of it) on facts moved to their places in the scenario file."""

    def __init__(self, rules, moved: _Moved):
        self.rules, self.moved, self.vocabulary = rules, moved, rules.vocabulary
        self.found: list[Diagnostic] = []

    def check(self, facts: Facts) -> list[Diagnostic]:
        self.found = self.rules.check(_move_origins(facts, self.moved))
        return self.found


def _move_origins(facts: Facts, moved: _Moved) -> Facts:
    def fix(item):
        return attrs.evolve(item, origin=moved.origin(item.origin))

    units = tuple(
        attrs.evolve(
            unit,
            origin=moved.origin(unit.origin),
            records=tuple(fix(r) for r in unit.records),
            counts=tuple(fix(c) for c in unit.counts),
            values=tuple(fix(v) for v in unit.values),
            deliveries=tuple(fix(d) for d in unit.deliveries),
        )
        for unit in facts.units
    )
    return attrs.evolve(facts, units=units, events=tuple(fix(e) for e in facts.events))


# ------------------------------------------------------------ running --


class _Cache:
    """Libraries, compiled plans and facts files, each read once per run."""

    def __init__(self) -> None:
        self.libraries: dict[Path, Any] = {}
        self.rules: dict[tuple, Any] = {}
        self.facts: dict[tuple, Facts] = {}

    def ruleset(self, sf: ScenarioFile):
        from ..evaluation.compiler import compile as compile_plan
        from ..language.library import load as load_plan, load_dir
        from ..evaluation.schedule import Calendar

        key = (sf.plan.resolve(), sf.library.resolve() if sf.library else None, sf.calendar)
        if key not in self.rules:
            library = None
            if sf.library is not None:
                if key[1] not in self.libraries:
                    self.libraries[key[1]] = load_dir(sf.library)
                library = self.libraries[key[1]]
            calendar = Calendar.plain() if sf.calendar == "plain" else Calendar.vietnam()
            self.rules[key] = compile_plan(load_plan(sf.plan), library, calendar=calendar)
        return self.rules[key]

    def files(self, paths: tuple[Path, ...], rules) -> Facts:
        key = (tuple(p.resolve() for p in paths), id(rules))
        if key not in self.facts:
            self.facts[key] = load_facts(*paths, vocabulary=rules.vocabulary, rules=rules)
        return self.facts[key]


def run_file(sf: ScenarioFile, cache: _Cache | None = None) -> FileResult:
    """Evaluate every scenario of a file; raises `PlanError` when its plan or facts cannot be used."""
    cache = cache or _Cache()
    rules = cache.ruleset(sf)
    outcomes: list[Outcome] = []
    problems: list[Diagnostic] = []
    for scenario in sf.scenarios:  # every scenario, so that every problem of the file is listed
        try:
            if scenario.inline is not None:
                facts = _inline_facts(sf, scenario, rules)
            else:
                facts = cache.files(scenario.facts_files, rules)
            report = rules.evaluate(facts, scenario.as_of)
        except PlanError as error:
            problems.extend(d for d in error.diagnostics if d not in problems)
            continue
        for expectation in scenario.expectations:
            outcomes.append(_judge(sf.path, scenario.name, expectation, report.verdicts))
    if problems:
        raise ScenarioError(problems)
    every = tuple((r.clause.rule, r.clause.at) for r in (*rules.metric_rules, *rules.deadline_rules))
    return FileResult(sf.path, sf.plan, tuple(outcomes), len(sf.scenarios), every)


def _judge(path: Path, scenario: str, e: Expectation, verdicts: Sequence[Verdict]) -> Outcome:
    selected = tuple(v for v in verdicts if e.selects(v))
    if selected:
        return Outcome(path, scenario, e, selected, tuple(v for v in selected if not e.holds_for(v)))
    return Outcome(path, scenario, e, (), near=_near(e, verdicts))


def _near(e: Expectation, verdicts: Sequence[Verdict], limit: int = 5) -> tuple[Verdict, ...]:
    """The verdicts closest to what `e` asked for: same unit and rule (other periods), same rule (other units), similar rules."""
    wanted = e.rule if e.rule is not None else e.clause

    def key(v: Verdict) -> str | None:
        return v.rule if e.rule is not None else v.clause

    mine = [v for v in verdicts if v.unit == e.unit]
    same = [v for v in mine if key(v) == wanted]
    if same:
        return tuple(same[:limit])
    elsewhere = [v for v in verdicts if key(v) == wanted]
    if elsewhere:
        return tuple(elsewhere[:limit])
    names = list(dict.fromkeys(k for v in mine if (k := key(v)) is not None))
    close = difflib.get_close_matches(wanted or "", names, n=limit, cutoff=0.5)
    out = [v for name in close for v in mine if key(v) == name]
    if not mine:
        units = list(dict.fromkeys(v.unit for v in verdicts))
        for unit in difflib.get_close_matches(e.unit, units, n=1, cutoff=0.6):
            out = [v for v in verdicts if v.unit == unit and key(v) == wanted] or out
    return tuple(out[:limit])


def run(paths: Sequence[str | os.PathLike]) -> RunResult:
    """Find, read and run every scenario file at or below `paths`.

    A folder or file without scenario files raises `ScenarioError`; a file
    that cannot be read or run (its plan, library or facts) is listed in
    `broken` with its diagnostics in `errors`, and the other files still run.
    """
    cache = _Cache()
    results: list[FileResult] = []
    errors: list[Diagnostic] = []
    broken: list[Path] = []
    for path, tree in _scenario_files(paths).items():
        try:
            results.append(run_file(load(path, tree), cache))
        except PlanError as error:
            errors.extend(error.diagnostics)
            broken.append(path)
    folders = tuple(dict.fromkeys(Path(p) for p in paths if os.path.isdir(p)))
    return RunResult(tuple(results), tuple(errors), tuple(broken), folders)


# ------------------------------------------------------------ output --


def _shown(v: Verdict, lang: str) -> str:
    if v.value is None:
        return _word("no_value", lang)
    text = show(v.value, v.value_unit, lang)
    exact = Fraction(v.value)
    if text.startswith("≈"):
        text += f" (= {exact.numerator}/{exact.denominator})"
    return _word("value", lang, value=text)


def _actual(e: Expectation, v: Verdict, lang: str) -> str:
    parts = [v.status.value]
    if e.value is not None or v.value is not None:
        parts.append(_shown(v, lang))
    if e.on_track is not None:
        parts.append(_word("no_track" if v.on_track is None else "on_track" if v.on_track else "off_track", lang))
    where = v.rule + (f", {v.period}" if v.period else "")
    return f"{', '.join(parts)} ({where})"


def _failure(o: Outcome, lang: str) -> list[str]:
    e = o.expectation
    head = f"{_word('fail', lang)} {o.file}:{e.line}: «{o.scenario}»: {e.describe(lang)}"
    lines = [head]
    if not o.selected:
        lines.append(f"    {_word('no_verdict', lang, what=e.describe(lang))}")
        if o.near:
            lines.append(f"    {_word('near', lang)}")
            for v in o.near:
                period = f" {v.period}" if v.period else ""
                lines.append(f"      {v.unit} {v.rule}{period}: {v.status.value}")
        else:
            lines.append(f"    {_word('no_near', lang)}")
        return lines
    lines.append(f"    {_word('expected', lang)} {e.wanted(lang)}")
    if len(o.selected) > 1:
        lines.append(f"    {_word('of', lang, wrong=len(o.wrong), selected=len(o.selected))}")
    for v in o.wrong:
        lines.append(f"    {_word('actual', lang)} {_actual(e, v, lang)}")
        explanation = v.explain(lang)
        if explanation:
            lines.append(f"    {_word('why', lang)} {explanation}")
    return lines


def render(result: RunResult, lang: str = "en", *, coverage: bool = False) -> str:
    """The failures, then (with `coverage`) the rules no expectation exercises, then the summary line."""
    lines: list[str] = []
    for outcome in result.outcomes:
        if not outcome.passed:
            lines.extend(_failure(outcome, lang))
    if coverage:
        plans: dict[Path, list[str]] = {}
        for plan, (total, missing) in result.uncovered().items():
            shown = plans[plan] = [_word("coverage", lang, plan=plan, covered=total - len(missing), total=total)]
            if missing:
                shown.append(f"    {_word('uncovered', lang)}")
                width = max(len(rule) for rule, _ in missing)
                for rule, at in missing:
                    shown.append(f"      {rule.ljust(width)}  {at or ''}".rstrip())
        for plan, (total, binds) in result.without_scenarios().items():
            plans[plan] = [_word("no_scenarios", lang, plan=plan, total=total)]
            if not binds:
                plans[plan].append(f"    {_word('binds_no_unit', lang)}")
        for plan in sorted(plans, key=str):
            lines.extend(plans[plan])
    scenarios = sum(f.scenarios for f in result.files)
    summary = _word("summary", lang, passed=result.passed, failed=result.failed, scenarios=scenarios,
                    files=len(result.files))
    if result.broken:
        summary += _word("broken", lang, count=len(result.broken))
    lines.append(summary)
    return "\n".join(lines) + "\n"
