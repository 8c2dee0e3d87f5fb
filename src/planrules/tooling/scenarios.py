"""Scenario tests of plans, run: each scenario's facts evaluated and its expectations compared.

`run(paths)` finds every `*.test.toml` at or below the paths (`scenario_files`
reads them), evaluates each scenario through the `pipeline` — its plan and
library compiled once per run, its facts fitted to the plan once — and
compares the verdicts with the expectations; `render` prints the failures,
the coverage and a summary. The format and the output are documented in
docs/scenarios.md, whose Python API this module is: `run`, `run_file`,
`render`, and `load` and `find` from `scenario_files`.

Inline facts are written back as TOML (`tomli_w`) and read by the facts
loader, so they get exactly the checks of a facts file; the places of their
errors (and of the facts, in verdicts) are then moved from that text back to
the scenario file.

A problem with a scenario file, its plan or its facts is a `ScenarioError`
(a `PlanError`) listing located diagnostics; a failing expectation is not an
error but an `Outcome` that did not pass.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import tomli_w
from attrs import frozen

from ..base.diagnostics import Diagnostic, FactsError, Message, PlanError
from ..base.files import walk
from ..base.source import Span
from ..base.suggest import closest, closest_few
from ..evaluation.fit import Fit
from ..evaluation.workdays import Calendar
from ..evaluation.figures import shown
from ..evaluation.verdicts import Report, Verdict
from ..facts.model import Facts, Origin
from ..facts.text_file import TextFile, dotted
from ..facts.toml_text import TomlScan
from ..language.library import Library, load_dir
from ..pipeline import Pipeline
from ..reports.phrases import RecordWords, explain, labelled, period_text, titled
from .messages import said, track
from .scenario_files import (CODES, MAX_SCENARIO_BYTES, SUFFIX, Expectation, Scenario, ScenarioError, ScenarioFile,
                             find, load, scenario_trees)

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

# ------------------------------------------------------------ results --


@frozen
class Outcome:
    """What one expectation found: the verdicts it selected and those that differ from it."""

    file: Path
    scenario: str
    expectation: Expectation
    selected: tuple[Verdict, ...]
    wrong: tuple[Verdict, ...] = ()
    near: tuple[Verdict, ...] = ()  # when nothing was selected: the closest verdicts
    # the report the verdicts are from: its labels word a failure as `planrules eval` words the verdicts
    report: Report | None = attrs.field(default=None, eq=False, repr=False)

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
        alone = Pipeline()  # no library: the plan's own rules
        tested = {f.plan.resolve() for f in self.files}
        tested |= {(p.parent / (p.name[: -len(SUFFIX)] + ".plan")).resolve() for p in self.broken}
        found: dict[Path, tuple[int, bool]] = {}
        for folder in self.folders:
            for plan in walk(folder, lambda name: name.endswith(".plan")).files:  # refused ones: `check` says why
                if plan.resolve() in tested:
                    continue
                tested.add(plan.resolve())  # once, whatever folders overlap
                try:
                    rules = alone.rules(plan)
                except PlanError:
                    continue
                total = len(rules.metric_rules) + len(rules.deadline_rules)
                if total:
                    found[plan] = (total, bool(rules.bound))
        return dict(sorted(found.items(), key=lambda item: str(item[0])))


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
        return attrs.evolve(origin, table=f"{dotted(self.prefix)}.{origin.table}", line=self.line(origin.line or 0))


def _inline_facts(scenario_file: ScenarioFile, scenario: Scenario, rules) -> Fit:
    """The scenario's inline facts fitted to the plan, each fact and problem at its place in the scenario file."""
    text = tomli_w.dumps(scenario.inline)
    moved = _Moved(text, scenario_file, ("scenario", scenario.index, "facts"))
    try:  # the loader's problems and the plan's, together; the plan's found on the facts already moved
        return Pipeline().fit_text(rules, text, str(scenario_file.path),
                                   place=lambda facts: _move_origins(facts, moved), relocate=moved.diagnostic)
    except FactsError as error:
        raise ScenarioError(sorted(error.diagnostics, key=lambda d: (d.span.line, d.span.column) if d.span else (0, 0))) \
            from None


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
    """Libraries, compiled plans and facts files, each read once per run, through one pipeline per library."""

    def __init__(self) -> None:
        self.libraries: dict[Path, Library] = {}
        self.rules: dict[tuple, Any] = {}
        self.facts: dict[tuple, Fit] = {}

    def pipeline(self, sf: ScenarioFile) -> Pipeline:
        """The pipeline of `sf`: its library (each folder read once per run) and its calendar."""
        library = None
        if sf.library is not None:
            key = sf.library.resolve()
            if key not in self.libraries:
                self.libraries[key] = load_dir(sf.library)
            library = self.libraries[key]
        return Pipeline(library=library, calendar=Calendar.plain() if sf.calendar == "plain" else Calendar.vietnam())

    def ruleset(self, sf: ScenarioFile):
        key = (sf.plan.resolve(), sf.library.resolve() if sf.library else None, sf.calendar)
        if key not in self.rules:
            self.rules[key] = self.pipeline(sf).rules(sf.plan)
        return self.rules[key]

    def files(self, paths: tuple[Path, ...], rules) -> Fit:
        key = (tuple(p.resolve() for p in paths), id(rules))
        if key not in self.facts:
            self.facts[key] = Pipeline().fit(rules, *paths)
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
            outcomes.append(attrs.evolve(_judge(sf.path, scenario.name, expectation, report.verdicts),
                                         report=report))
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
    close = closest_few(wanted or "", names, n=limit, cutoff=0.5)
    out = [v for name in close for v in mine if key(v) == name]
    if not mine:
        units = list(dict.fromkeys(v.unit for v in verdicts))
        unit = closest(e.unit, units)
        if unit is not None:
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
    for path, tree in scenario_trees(paths).items():
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
        return said("no_value", lang)
    text = shown(v.value, v.value_unit, v.value_label, lang)
    exact = Fraction(v.value)
    if text.startswith("≈"):
        text += f" (= {exact.numerator}/{exact.denominator})"
    return said("expect_value", lang, value=text)


def _actual(e: Expectation, v: Verdict, lang: str) -> str:
    parts = [v.status.label(lang)]
    if e.value is not None or v.value is not None:
        parts.append(_shown(v, lang))
    if e.on_track is not None:
        parts.append(track(v.on_track, lang))
    where = v.rule + (f", {period_text(v.period, lang)}" if v.period else "")
    return f"{', '.join(parts)} ({where})"


def _failure(o: Outcome, lang: str) -> list[str]:
    """The failure of `o`: the expectation as its file writes it, then each verdict in the words of `planrules
    eval`'s report (`reports.phrases`): units, record kinds, fields, categories and events by the plan's labels,
    statuses, periods, numbers and dates in `lang`; the rule ids, which a scenario names verdicts by, kept."""
    e = o.expectation
    report = o.report
    labels = dict(report.labels) if report is not None else {}
    events = dict(report.event_labels) if report is not None else {}
    records = RecordWords.of(report) if report is not None else None
    head = f"{said('fail', lang)} {o.file}:{e.line}: «{o.scenario}»: {e.describe(lang)}"
    lines = [head]
    if not o.selected:
        lines.append(f"    {said('no_verdict', lang, what=e.describe(lang))}")
        if o.near:
            lines.append(f"    {said('near', lang)}")
            for v in o.near:  # another unit's (the one closest to a misspelt name) says the name to write
                unit = titled(v.unit, labels) + (f' (unit = "{v.unit}")' if v.unit != e.unit else "")
                period = f" · {period_text(v.period, lang)}" if v.period else ""
                lines.append(f"      {unit} · {v.rule}{period}: {v.status.label(lang)}")
        else:
            lines.append(f"    {said('no_near', lang)}")
        return lines
    lines.append(f"    {said('expected', lang)} {e.wanted(lang)}")
    if len(o.selected) > 1:
        lines.append(f"    {said('of', lang, wrong=len(o.wrong), selected=len(o.selected))}")
    for v in o.wrong:
        lines.append(f"    {said('actual', lang)} {_actual(e, v, lang)}")
        explanation = explain(labelled(v, labels, events, records), lang)
        if explanation:
            lines.append(f"    {said('why', lang)} {explanation}")
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
            shown = plans[plan] = [said("coverage", lang, plan=plan, covered=total - len(missing), total=total)]
            if missing:
                shown.append(f"    {said('uncovered', lang)}")
                width = max(len(rule) for rule, _ in missing)
                for rule, at in missing:
                    shown.append(f"      {rule.ljust(width)}  {at or ''}".rstrip())
        for plan, (total, binds) in result.without_scenarios().items():
            plans[plan] = [said("coverage_none", lang, plan=plan, total=total)]
            if not binds:
                plans[plan].append(f"    {said('binds_no_unit', lang)}")
        for plan in sorted(plans, key=str):
            lines.extend(plans[plan])
    scenarios = sum(f.scenarios for f in result.files)
    summary = said("run_summary", lang, passed=result.passed, failed=result.failed, scenarios=scenarios,
                    files=len(result.files))
    if result.broken:
        summary += said("broken", lang, count=len(result.broken))
    lines.append(summary)
    return "\n".join(lines) + "\n"
