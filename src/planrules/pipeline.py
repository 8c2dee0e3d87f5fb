"""The pipeline: the one place that chains planrules' stages for a run.

A run reads a plan, with the library of its parents, into a rule set
(language -> evaluation.compiler) or checks a library of plans (checks);
reads facts from files or a table source (facts); fits them to the plan
once (evaluation.fit); evaluates the fitted facts and rolls the verdicts up
(evaluation); and renders the report (reports). Each stage knows nothing of
the ones after it; `Pipeline` is what knows the order. It holds the
settings of a run — the library, the compile cache, the calendar, the
processes, the progress bar, the language of the report — once, as Jinja's
`Environment` holds a template engine's, and the command line, the scenario
runner and the public `planrules.load_facts` all go through it, so a step
such as the fit is wired in exactly one place.

The fit runs once per evaluation: the facts the loader read are fitted to
the plan even when the loader found problems, so the loader's problems and
the plan's are listed together (one `FactsError`, sorted by place), and the
`Fit` is what `RuleSet.evaluate` then judges without checking again. A table source is fitted on its checked tables (`light_facts`) when
it is evaluated. Nothing here imports a database module: a table source is
opened by the facts loader only when a path names one.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import attrs
from attrs import field, frozen

from .base.diagnostics import Diagnostic, FactsError, Message
from .base.files import Listing, Refused, walk
from .checks.check import CheckRun, Gathered, check_files
from .evaluation.compiler import compile as compile_plan
from .evaluation.fit import Fit
from .evaluation.rollup import RollUp, grouping, roll_up
from .evaluation.ruleset import RuleSet
from .evaluation.workdays import Calendar
from .evaluation.verdicts import Report
from .facts import loader
from .facts.model import Facts
from .facts.register import Register
from .facts.register_files import RegisterRead, discover, is_register_file, read_register
from .language import model as m
from .language.library import Library, load, load_dir
from .language.vocabulary import Vocabulary
from .reports.render import chunks
from .reports.tables import Tables, tables_of, write_tables

__all__ = ["Evaluation", "Pipeline", "load_facts"]

PathLike = str | os.PathLike


@frozen
class Evaluation:
    """What one evaluation gives: the report, its roll-ups (one per grouping asked) and the gaps (F214, F215
    warnings)."""

    report: Report
    rollups: tuple[RollUp, ...] = ()
    gaps: tuple[Diagnostic, ...] = ()

    @property
    def rollup(self) -> RollUp | None:
        """The first roll-up (the one grouping most callers ask for), or None."""
        return self.rollups[0] if self.rollups else None


@frozen
class Pipeline:
    """The settings of a run, and the stages chained in their order: plan -> rules, facts -> fit -> report.

    `library` is a `Library`, or the folder of one, read (through `cache`) the
    first time a plan is compiled and kept; `cache` is a compile cache
    (`tooling.cache.Cache`) or None; `jobs` the processes that parse plans;
    `progress` a `base.progress.Progress` (none: quiet); `lang` the language
    of rendered reports. A plan's unit register (docs/registers.md) is the
    register files found beside it and above it up to the library's folder
    (`register_files.discover`), then those at `registers` (files or folders,
    `--register`), then `register` (one given whole, Python API); each set of
    files is read once a run.
    """

    library: Library | PathLike | None = None
    cache: Any = None
    calendar: Calendar = field(factory=Calendar.vietnam)
    jobs: int = 1
    progress: Any = None
    lang: str = "en"
    registers: tuple[PathLike, ...] = field(default=(), converter=tuple)
    register: Register | None = None
    _read: dict = field(factory=dict, init=False, eq=False, repr=False)  # the library and registers, once read

    # ------------------------------------------------------------ plans --

    def rules(self, plan: m.Plan | PathLike) -> RuleSet:
        """The rule set of `plan` (a parsed plan, or its file), with its parents' targets from the library."""
        path = None
        if not isinstance(plan, m.Plan):
            path, plan = plan, load(plan, cache=self.cache)  # the plan's errors before the library's
        parents = self.parents()
        return compile_plan(plan, parents, calendar=self.calendar, register=self.register_of(path))

    def register_of(self, plan: PathLike | None) -> Register | None:
        """The unit register of the plan at `plan` (None: a plan given as a model, only `registers` and
        `register`), or None when there is none; one `FactsError` for every problem of its files."""
        near = discover(plan, self._root()) if plan is not None else Listing((), ())
        found = (*near.files, *self.registers)
        parts = [self._registers(found, near.refused)] if found or near.refused else []
        if self.register is not None:
            parts.append(self.register)
        return Register.merge(parts) if parts else None

    def _root(self) -> PathLike | None:
        """The library's folder, where discovery stops: the one given, or the folder holding every plan of a
        `Library` given (a scenario's); None without a library."""
        if self.library is None or not isinstance(self.library, Library):
            return self.library
        try:
            return os.path.commonpath([os.path.abspath(p) for p in self.library.paths]) if self.library.paths else None
        except ValueError:  # paths on different drives: no one folder holds them
            return None

    def _registers(self, paths: tuple[PathLike, ...], refused: tuple[Refused, ...]) -> Register:
        """The register of the files at `paths` (and F101 for each `refused`), read once a run."""
        key = ("registers", tuple(os.fspath(p) for p in paths), tuple(r.path for r in refused))
        if key not in self._read:
            self._read[key] = read_register(*paths, refused=refused)
        return self._read[key].checked()

    def check_registers(self, paths: Iterable[PathLike]) -> RegisterRead:
        """Every register file at or below `paths` (a folder is searched, a file named must be one), read and
        checked: what `planrules check` adds to the plans' findings."""
        found: dict[str, PathLike] = {}  # each file once, in path order, whatever the order and overlap given
        refused: dict[str, Refused] = {}
        for path in paths:
            if os.path.isdir(path):
                listing = walk(path, is_register_file)
                found.update((os.path.normpath(p), p) for p in listing.files)
                refused.update((r.path, r) for r in listing.refused if is_register_file(r.path))
            elif is_register_file(path):
                found.setdefault(os.path.normpath(path), path)
        files = [found[key] for key in sorted(found, key=lambda key: Path(key))]
        if not files and not refused:
            return RegisterRead(Register())
        return read_register(*files, refused=[refused[key] for key in sorted(refused)])

    def parents(self) -> Library | None:
        """The library of parent plans: the one given, or its folder read once."""
        if self.library is None or isinstance(self.library, Library):
            return self.library
        if "library" not in self._read:
            self._read["library"] = load_dir(self.library, cache=self.cache, jobs=self.jobs)
        return self._read["library"]

    def check(self, paths: Iterable[PathLike] | Gathered) -> CheckRun:
        """Every finding of the plans at or below `paths` (or gathered), checked as one library.

        Plans parsed before are read back from the cache; `jobs` processes
        parse the others (`checks.check.check_files`).
        """
        return check_files(paths, cache=self.cache, jobs=self.jobs, progress=self.progress)

    # ------------------------------------------------------------ facts --

    def load_facts(self, *paths: PathLike, vocabulary: Vocabulary | None = None, rules: RuleSet | None = None,
                   **options) -> Facts | Any:
        """`planrules.load_facts`: facts read from files (or a table source); with `rules`, fitted to its plan.

        The facts returned are the loader's; with `rules` they also fit its
        plan, or one `FactsError` lists the loader's problems and the plan's
        together. A table source is returned as it is: it is fitted to the
        plan when it is evaluated. `options` are the loader's (`table`,
        `evidence`, `mapping`, a source's `query_timeout`), and
        `trust_unchanged_source` (docs/sql.md, "Validate once"). A table source
        is given the pipeline's `cache`: a validation it passed, while it is
        unchanged, is not run again.
        """
        read, fitted = self._read_facts(rules, paths, vocabulary, options)
        return fitted.facts if fitted is not None else read

    def fit(self, rules: RuleSet, *paths: PathLike, vocabulary: Vocabulary | None = None, **options) -> Fit:
        """Facts read from `paths` and fitted once to the plan of `rules`: what `evaluate` judges.

        Files are fitted to the plan once read (`FactsError`: the loader's
        problems and the plan's, sorted by place); a table source on its checked tables
        (`light_facts`), and it is closed by `evaluate` (or here, on an error).
        """
        source, fitted = self._read_facts(rules, paths, vocabulary, options)
        if fitted is not None:
            return fitted
        try:
            return rules.fit(source)
        except BaseException:
            source.close()
            raise

    def _read_facts(self, rules: RuleSet | None, paths, vocabulary, options) -> tuple[Any, Fit | None]:
        """What the loader read from `paths` (facts or a table source), and with `rules` the facts' fit."""
        trust = options.pop("trust_unchanged_source", False)
        if rules is None:
            return self._validated_once(loader.load_facts(*paths, vocabulary=vocabulary, **options), trust), None
        vocabulary = vocabulary if vocabulary is not None else rules.vocabulary
        if options.get("mapping") is not None or any(loader.names_source(p) for p in paths):
            source = loader.load_facts(*paths, vocabulary=vocabulary, **options)  # fitted when evaluated
            return self._validated_once(source, trust), None
        return None, _fitted(rules, loader.read_facts(*paths, vocabulary=vocabulary, table=options.get("table")))

    def _validated_once(self, read: Facts | Any, trust: bool) -> Facts | Any:
        """A table source given the run's cache, where a validation it passed unchanged is kept
        (`facts.validation_cache`); `trust`: PostgreSQL's statistics are believed to show a change."""
        if not isinstance(read, Facts):
            read.cache, read.trust_unchanged = self.cache, trust
        return read

    def fit_text(self, rules: RuleSet, text: str, name: str, *, place: Callable[[Facts], Facts] | None = None,
                 relocate: Callable[[Diagnostic], Diagnostic] | None = None) -> Fit:
        """Facts read from `text` (TOML, or CSV when `name` ends in .csv) and fitted once to the plan of `rules`.

        For facts written inside another file (a scenario's inline facts):
        `place` moves the facts read to their places there before they are
        fitted, so the plan's problems are said at those places, and
        `relocate` moves each of the loader's own problems there too.
        """
        return _fitted(rules, loader.reads_facts(text, name, vocabulary=rules.vocabulary), place, relocate)

    # ------------------------------------------------------- evaluation --

    def evaluate(self, fitted: Fit, as_of: _dt.date | None = None, *, units: Iterable[str] | None = None,
                 group_by: str | Iterable[str] | None = None) -> Evaluation:
        """The verdicts on `fitted` at `as_of`, with the gaps, rolled up by each grouping of `group_by`.

        A grouping is a level of the register's hierarchy (`tỉnh`, `quốc_gia`) or
        an attribute of the units; several give one roll-up each, in the order
        given (a commune's verdicts up to its province and to the nation in one
        run). Raises `FactsError` when the facts do not fit the plan, and F212
        at each unit a grouping cannot place (an attribute a unit lacks; a unit
        under no unit of the level): said, rather than left out of its
        parent's sums. A table source is closed whatever happens.
        """
        group_by = (group_by,) if isinstance(group_by, str) else tuple(group_by or ())
        if fitted.source is None:
            return self._evaluate(fitted, as_of, units, group_by)
        with fitted.source:
            return self._evaluate(fitted, as_of, units, group_by)

    def _evaluate(self, fitted: Fit, as_of, units, group_by) -> Evaluation:
        rules = fitted.rules
        binding = fitted.binding or rules.binding  # the register as the facts' units table completed it
        # who a group binds as that register says (a `= cấp xã` group filled by the units table's levels)
        gaps = tuple((attrs.evolve(rules, binding=binding) if binding is not rules.binding else rules).gaps(fitted.facts))
        present = {u.name for u in fitted.facts.units}
        absent = [n for n in binding.bound if n not in present]
        levels = [name for name in group_by if name in binding.register.levels or name not in binding.groups]
        groupings = {name: grouping(fitted.facts, name, vocabulary=rules.vocabulary, register=binding.register,
                                    units=absent) for name in levels}
        report = rules.evaluate(fitted, as_of, units=units, progress=self.progress)
        rollups = []
        for name in group_by:
            if name not in groupings:  # a group of the plan, as a whole: its members' figures summed
                rollups.append(_as_a_whole(report, name, binding, fitted.facts))
                continue
            groups = groupings[name]
            ungrouped = [u for u in report.units if u not in groups]
            if ungrouped:
                raise FactsError([Diagnostic("F212", Message.of("absent_unit_attribute", unit=u, name=name,
                                                                plan=report.plan)) for u in ungrouped])
            rollups.append(roll_up(report, groups, by=name,
                                   labels={g: label for g in set(groups.values()) if (label := binding.label_of(g))}))
        return Evaluation(report, tuple(rollups), gaps)

    def render(self, evaluation: Evaluation, format: str = "text", *, units: bool = True, explain: bool = True) -> str:
        """The report of `evaluation` (and its roll-ups) as text, Markdown, TOML or JSON, in `lang`; with
        `units=False`, its roll-ups alone (text and Markdown); with `explain=False`, TOML or JSON without the
        explanations."""
        return "".join(self.chunks(evaluation, format, units=units, explain=explain))

    def chunks(self, evaluation: Evaluation, format: str = "text", *, units: bool = True,
               explain: bool = True) -> Iterator[str]:
        """`render`'s text in pieces, to be written as they come: JSON verdict by verdict."""
        return chunks(evaluation.report, format, self.lang, rollup=evaluation.rollups, units=units, explain=explain)

    def write_tables(self, evaluation: Evaluation, target: PathLike, *, schema: str = "public", explain: bool = False,
                     guard: Callable[[], AbstractContextManager] = nullcontext) -> tuple[str, Tables]:
        """Every verdict of `evaluation` and every aggregate of its roll-ups written as the tables `verdicts` and
        `rollup` at `target` (a folder or `X.parquet` of Parquet files, a DuckDB file, a PostgreSQL database's
        `schema`: `reports.tables`), with the explanations when `explain`; how the target is named (never with a
        password), and the tables written. `OutputTargetError` when they cannot be: the target is then as it was."""
        tables = tables_of(evaluation.report, evaluation.rollups, explain=explain, target=os.fspath(target))
        return write_tables(tables, target, schema=schema, guard=guard), tables


def _as_a_whole(report: Report, group: str, binding, facts: Facts) -> RollUp:
    """One verdict per rule and period for plan group `group` as a whole: the roll-up of its members' verdicts
    (every unit of the report the group binds — listed, from the register, or by its facts' member_of)."""
    member_of = {u.name: u.member_of for u in facts.units}
    members = [u for u in report.units if group in binding.responsibilities(u, member_of.get(u, ()))]
    chosen = set(members)
    mine = attrs.evolve(report, units=tuple(members), verdicts=tuple(v for v in report.verdicts if v.unit in chosen))
    label = binding.label_of(group)
    return roll_up(mine, {u: group for u in members}, by=group, labels={group: label} if label else None)


def _fitted(rules: RuleSet, read: loader.Read, place: Callable[[Facts], Facts] | None = None,
            relocate: Callable[[Diagnostic], Diagnostic] | None = None) -> Fit:
    """The facts `read` fitted to the plan of `rules`, even when the loader found problems: all of them at once.

    One `FactsError` lists the loader's problems and the plan's, by place,
    those of a place in the order the loader's, the plan's, then the note
    closing a capped code's list.
    """
    fitted = rules.fit(place(read.facts) if place is not None else read.facts)
    if not read.problems and not fitted.problems:
        return fitted
    moved = relocate if relocate is not None else (lambda d: d)
    found = [*map(moved, read.problems), *fitted.problems, *map(moved, read.notes)]
    raise FactsError(sorted(found, key=_by_place))


def _by_place(d: Diagnostic) -> tuple:
    """By file name, line and column, whatever order the files were given in (as `RuleSet.evaluate` sorts
    the plan's problems); a problem of no place (two files that disagree) first."""
    return (0, "", 0, 0) if d.span is None else (1, d.span.file or "", d.span.line, d.span.column)


def load_facts(*paths: PathLike, vocabulary: Vocabulary | None = None, rules: RuleSet | None = None,
               **options) -> Facts | Any:
    """Read and validate facts from `.toml` and `.csv` files and folders of them, or open a table source.

    `rules` (a compiled `RuleSet`) also fits the facts to its plan (the F2xx
    codes: units, groups, events, tasks, deadlines, periods), and its
    vocabulary is used when `vocabulary` is not given: one `FactsError` then
    lists the loader's problems and the plan's together, sorted by place. A
    table source is fitted to the plan when it is evaluated. See
    `facts.loader.load_facts` for the paths, the table sources and `options`.
    """
    return Pipeline().load_facts(*paths, vocabulary=vocabulary, rules=rules, **options)
