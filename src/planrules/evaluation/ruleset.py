"""A compiled plan: its rules, and the one entry point that judges facts.

`RuleSet.evaluate(facts, as_of)` first fits the facts to the plan (`fit`:
units, groups, events, tasks, deadlines and periods must be the plan's),
raising one `FactsError` that lists every problem — nothing is evaluated on
facts that do not fit; given facts already fitted (a `fit.Fit`, from
`RuleSet.fit`), it does not check them again. Then, for each unit, the rules it is responsible for:
a plan-level target binds every unit; a task's targets and deadlines bind the
units that lead the task — directly, through a group (listed members, every
unit of a level of the register, the `member_of` the register or the facts
declare, or "all units"), or as a role every unit has. A task with no lead
binds every unit. Who is in which group is `binding.Binding`'s.

Who is judged: every unit of the facts, and every unit the plan or its
register puts in the lead of a task with a target or a deadline
(`RuleSet.bound`: directly or through a group) even when the facts leave it
out — absence is
never compliance, so each of its verdicts is `unknown` ("no facts reported for
unit X"). Plan-wide targets, and tasks led by a role or by a group of every
unit, bind the units that are judged; they do not pull in units.

Before the plan's date (`ngày ban hành`) nothing of it binds: at an `as_of`
before it every verdict is `pending`, saying when the plan is issued; so too
before its effective date (`hiệu lực từ`), saying when it takes effect.
Periods wholly outside the plan's validity — before the day it is in force
from, after its end date (`hiệu lực đến`) — are not judged at all: the rules
give no verdict for them (`MetricRule.years`, `occurrences.expand`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

import attrs
from attrs import frozen

from ..base.diagnostics import Diagnostic, FactsError, Severity
from ..base.progress import QUIET
from ..base.source import paused_gc
from ..facts import model as f
from ..facts.register import Register
from ..language import model as m
from ..language.vocabulary import Vocabulary
from . import fit as fitting
from . import clause_texts, joint, succession, tasks_done
from .binding import Binding, containing
from .located import by_place, fact_diagnostic, plan_warning
from .measure import UnitIndex
from .messages import EvaluationMessage
from .rules import DeadlineRule, MetricRule
from .workdays import Calendar
from .verdicts import ClauseText, Explanation, Report, RuleKind, Status, Verdict, show_date

E = Explanation.of

# The latest year judged: this many years after the plan's date (docs/evaluation.md, "How far ahead").
MAX_YEARS_AHEAD = 100


@frozen(eq=False, repr=False)
class RuleSet:
    """Everything needed to judge a plan's facts, built once by `compiler.compile`.

    Its repr names the plan and counts its rules rather than quoting them: a rule set holds a whole plan,
    its parents' clause texts and its register, tens of kilobytes that a test failure or a Hypothesis
    strategy's repr (which quotes its arguments, and warns past 30 kB) would otherwise print in full.
    """

    plan: m.Plan
    vocabulary: Vocabulary
    metric_rules: tuple[MetricRule, ...]
    deadline_rules: tuple[DeadlineRule, ...]
    calendar: Calendar
    binding: Binding  # the plan's units and groups, and who is in each (the register's members too)
    events: frozenset[str]
    tasks: dict[str, tuple[DeadlineRule, ...]]  # task address -> its deadline rules
    # the parents (and their parents) in `cấp trên` that the library did not hold: their targets are not
    # inherited, which every report and the command line say
    missing_parents: tuple[str, ...] = ()
    # the words of every clause a rule comes from, the parents' too, with their places (`clause_texts.gather`)
    clauses: tuple[ClauseText, ...] = ()

    def __repr__(self) -> str:
        return (f"RuleSet(plan={self.plan.number!r}, metric_rules={len(self.metric_rules)}, "
                f"deadline_rules={len(self.deadline_rules)})")

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        """The same short form in Hypothesis' and IPython's pretty printer, which would list every field."""
        printer.text(repr(self))

    @classmethod
    def build(cls, *, plan: m.Plan, vocabulary: Vocabulary, metric_rules, deadline_rules, calendar,
              missing_parents: tuple[str, ...] = (), register: Register | None = None,
              clauses: tuple[ClauseText, ...] = ()) -> "RuleSet":
        tasks: dict[str, list[DeadlineRule]] = {str(t.address): [] for t in plan.tasks}
        for rule in deadline_rules:
            tasks[rule.task].append(rule)
        binding = Binding.of(plan, (r.leads for r in (*metric_rules, *deadline_rules)), register)
        return cls(
            plan=plan, vocabulary=vocabulary, metric_rules=tuple(metric_rules), deadline_rules=tuple(deadline_rules),
            calendar=calendar, binding=binding,
            events=frozenset(e.name for e in plan.events), tasks={k: tuple(v) for k, v in tasks.items()},
            missing_parents=tuple(missing_parents), clauses=tuple(clauses),
        )

    # who the plan binds (`binding`), by the names the rest of evaluation asks
    @property
    def units(self) -> frozenset[str]:
        """Every unit, role and group of the plan, and every unit its register puts in one of its groups."""
        return self.binding.names

    @property
    def groups(self) -> frozenset[str]:
        return self.binding.groups

    @property
    def all_groups(self) -> frozenset[str]:
        return self.binding.all_groups

    @property
    def roles(self) -> frozenset[str]:
        return self.binding.roles

    @property
    def containers(self) -> dict[str, frozenset[str]]:
        return self.binding.containers

    @property
    def bound(self) -> tuple[str, ...]:
        """The units (not groups, not roles) judged even when the facts leave them out: `Binding.of`."""
        return self.binding.bound

    @property
    def register(self) -> Register:
        return self.binding.register

    # ------------------------------------------------------------------

    def evaluate(self, facts, as_of: _dt.date | None = None, *, units: Iterable[str] | None = None,
                 progress=None) -> Report:
        """Judge `facts` at `as_of` (default: today in Viet Nam): one verdict per rule, unit and period.

        `facts` is a `Facts` (judged in Python), a `sources.FactSource` (a
        database: its records are counted there, by unit and year, and the
        same rules decide on the exact counts — see `sql`), or either already
        fitted to this plan (`RuleSet.fit`: not checked again; fitted to
        another rule set, it is fitted to this one). `units` restricts
        the report to those units; `progress` (a `progress.Progress`) shows the
        units judged. Raises `FactsError`, and evaluates nothing, when the
        facts do not fit the plan.

        The units judged are those of the facts, then each unit of `bound`
        the facts leave out (every verdict `unknown`). Before the plan's date
        every verdict is `pending` (see the module's docstring).
        """
        with paused_gc(promote=True):  # verdicts are acyclic and kept; the collector would walk them again and again
            return self._evaluate(facts, as_of, units, progress)

    def _evaluate(self, facts, as_of, units, progress) -> Report:
        fitted = facts if isinstance(facts, fitting.Fit) and facts.rules is self else self._refit(facts)
        if fitted.binding is not None and fitted.binding is not self.binding and not fitted.problems:
            # the facts' units table completed the register: the same rules, binding who it now says
            rebound = attrs.evolve(self, binding=fitted.binding)
            return rebound._evaluate(attrs.evolve(fitted, rules=rebound, binding=None), as_of, units, progress)
        as_of_from = "given" if as_of is not None else "clock"
        as_of = as_of or today_in_vietnam(_now())
        self._check_horizon(as_of)
        facts, source, problems, given = fitted.facts, fitted.source, list(fitted.problems), fitted.given
        wanted = None if units is None else list(units)
        if wanted is not None:
            for name in wanted:
                if facts.unit(name) is None and name not in self.bound:
                    unknown = EvaluationMessage.of("unknown_unit_in_facts", name=name)
                    problems.append(fact_diagnostic("F210", unknown, None))
        if problems:
            raise FactsError(sorted(problems, key=by_place))
        verdicts: list[Verdict] = []
        chosen = [u for u in facts.units if wanted is None or u.name in wanted]
        present = {u.name for u in facts.units}
        absent = [n for n in self.bound if n not in present and (wanted is None or n in wanted)]
        dated = frozenset(k for k in self.vocabulary.kinds if self.vocabulary.date_field(k) is not None)
        indexes = {}
        if source is not None:
            from .sql import sql_indexes  # the measure on SQL: only for a table source

            # the source knows a unit by the name it was given under (its code), the verdicts by the register's
            as_given = [attrs.evolve(u, name=given[u.name]) if u.name in given else u for u in chosen]
            indexes = sql_indexes(source, self, as_of, as_given, dated)
            back = {code: name for name, code in given.items()}
            indexes = {back.get(name, name): index for name, index in indexes.items()}
        covered = frozenset((*(u.name for u in chosen), *absent))  # a joint deliverable is listed under one of them
        for unit in (progress or QUIET)(chosen, len(chosen), "evaluating"):
            verdicts.extend(self.evaluate_unit(unit, facts, as_of, dated, index=indexes.get(unit.name),
                                               judged=covered))
        for name in absent:  # bound by the plan, left out of the facts: nothing is known of it
            judged = self.evaluate_unit(f.UnitFacts(name), facts, as_of, dated, judged=covered)
            if self.waiting(as_of) is None:  # (before the plan is issued or in force, pending says it all)
                silent = (E("no_facts_for_unit", unit=name),)  # (a joint verdict says itself who is absent)
                judged = [v if v.leads or succession.ours(v) else attrs.evolve(
                    v, status=Status.UNKNOWN, value=None, on_track=None, delivered=None, figures=(), records=(),
                    violations=(), explanation=silent) for v in judged]
            verdicts.extend(judged)
        judged = (*(u.name for u in chosen), *absent)
        # every unit a report names: those judged, a joint deliverable's leads, who monitors and who assesses
        named = dict.fromkeys((*judged, *(u for v in verdicts if v.leads or v.monitored_by
                                          for u in (*v.leads, *v.monitored_by)),
                               *(u for r in self.metric_rules for u in r.assessors)))
        labels = tuple((n, label) for n in named if (label := self.binding.label_of(n)) and label != n)
        metrics = dict.fromkeys(v.metric for v in verdicts if v.metric is not None)
        declared = self.vocabulary.metrics
        metric_labels = tuple((n, d.label) for n in metrics if (d := declared.get(n)) is not None and d.label)
        return Report(
            plan=self.plan.number or "", as_of=as_of, verdicts=tuple(verdicts), title=self.plan.title,
            units=judged, as_of_from=as_of_from, missing_parents=self.missing_parents, labels=labels,
            metric_labels=metric_labels, clause_texts=self.cited_texts((v.rule, v.clause) for v in verdicts),
            event_labels=tuple((e.name, e.label) for e in self.plan.events if e.label and e.label != e.name),
            record_labels=self.record_labels({v.rule for v in verdicts}),
        )

    def record_labels(self, rules: Iterable[str]) -> tuple[tuple[str, str, str, str], ...]:
        """The vocabulary's labels of the record kinds the rules `rules` (by id) count, of their fields and of
        their categories, as `Report.record_labels` keeps them: those the vocabulary declares and that differ
        from the name."""
        wanted = set(rules)
        kinds = dict.fromkeys(k for r in self.metric_rules if r.clause.rule in wanted
                              for k in (r.record_kind, *(getattr(t, "record_kind", None) for t in r.terms)) if k)
        out: list[tuple[str, str, str, str]] = []
        for name in kinds:
            kind = self.vocabulary.kinds.get(name)
            if kind is None:
                continue
            if kind.label and kind.label != name:
                out.append((name, "", "", kind.label))
            for decl in kind.fields:
                if decl.label and decl.label != decl.name:
                    out.append((name, decl.name, "", decl.label))
                out += [(name, decl.name, c.name, c.label) for c in decl.categories if c.label and c.label != c.name]
        return tuple(out)

    def cited_texts(self, cited: Iterable[tuple[str, str | None]]) -> tuple[ClauseText, ...]:
        """The text of each clause cited by (rule id, clause) pairs, once each, in their order: what a report
        carries beside its verdicts (`clause_texts.text_of`)."""
        texts = clause_texts.index(self.clauses)
        found = (clause_texts.text_of(texts, rule, clause) for rule, clause in dict.fromkeys(cited))
        return tuple(dict.fromkeys(t for t in found if t is not None))

    def _refit(self, facts) -> fitting.Fit:
        """Plain facts (or a source), or facts fitted to another rule set, fitted to this one."""
        return fitting.fit(self, facts.judged if isinstance(facts, fitting.Fit) else facts)

    def _check_horizon(self, as_of: _dt.date) -> None:
        """Refuse (E002) an `as_of` in a year more than `MAX_YEARS_AHEAD` after the plan's.

        Every year from the plan's to `as_of`'s is a period judged, for each
        rule and unit: at 31/12/9999 a commune's plan took 54 s, 942 MB and
        printed 92 MB. A plan is not evaluated that far ahead; the bound makes
        the work at most MAX_YEARS_AHEAD + 1 years of it.
        """
        date = self.plan.date
        if date is not None and as_of.year > date.year + MAX_YEARS_AHEAD:
            last = _dt.date(date.year + MAX_YEARS_AHEAD, 12, 31)
            raise FactsError([Diagnostic("E002", EvaluationMessage.of(
                "as_of_too_far", as_of=show_date(as_of), plan=self.plan.number or "", date=show_date(date),
                limit=MAX_YEARS_AHEAD, last=show_date(last),
            ))])

    def _not_issued(self, as_of: _dt.date) -> bool:
        """Is the plan not issued yet at `as_of`? It binds from its date (`ngày ban hành`) on."""
        return self.plan.date is not None and as_of < self.plan.date

    def waiting(self, as_of: _dt.date) -> Explanation | None:
        """Why nothing of the plan binds yet at `as_of` (not issued, not in effect), or None when it binds."""
        plan = self.plan
        if self._not_issued(as_of):
            return E("not_issued", plan=plan.number or "", date=show_date(plan.date), as_of=show_date(as_of))
        if plan.effective is not None and as_of < plan.effective:
            return E("not_in_force", plan=plan.number or "", date=show_date(plan.effective), as_of=show_date(as_of))
        return None

    def evaluate_unit(self, unit: f.UnitFacts, facts: f.Facts, as_of: _dt.date,
                      dated: frozenset[str], *, index: UnitIndex | None = None,
                      judged: frozenset[str] | None = None) -> list[Verdict]:
        """The verdicts of every rule that binds `unit`; `index` answers its counts (default: its own facts).

        A joint deliverable's verdicts come with the lead that lists them (`joint.holder`) among `judged`,
        the units the report covers (None: any of its leads).
        """
        index = index if index is not None else UnitIndex(unit, as_of, dated)
        mine = self.responsibilities(unit)
        waiting = self.waiting(as_of)
        if waiting is not None:  # the verdicts it would give, every one pending until the plan binds
            return [attrs.evolve(v, status=Status.PENDING, value=None, on_track=None, delivered=None, figures=(),
                                 records=(), violations=(), explanation=(waiting,))
                    for v in self._judged(unit, facts, as_of, index, mine, judged)]
        return self._judged(unit, facts, as_of, index, mine, judged)

    def _judged(self, unit: f.UnitFacts, facts: f.Facts, as_of: _dt.date, index: UnitIndex,
                mine: frozenset[str], judged: frozenset[str] | None = None) -> list[Verdict]:
        out: list[Verdict] = []
        register = self.register
        before = succession.takes_over(register, unit.name) if register.successions else ()
        deadlines = self._deadline_verdicts(unit, facts, as_of, mine, judged)
        tasks: list[Verdict] | None = None  # the unit's deadline verdicts, joint ones too, once a rule asks
        for rule in self.metric_rules:
            bound = rule.leads is None or not rule.leads.isdisjoint(mine)
            since = None if bound else self._inherits(rule, before)  # bound only through units it took over from
            if not bound and since is None:
                continue
            if rule.kind is RuleKind.TASKS:  # a measure over the deadline verdicts judged above
                if tasks is None:
                    tasks = deadlines + self._joint_elsewhere(unit, facts, as_of, judged)
                verdicts = tasks_done.judge(rule, unit.name, tasks, as_of)
            else:
                verdicts = rule.judge(unit.name, index, as_of)
            if not bound:
                verdicts = succession.inherited_from(rule, unit.name, verdicts, since)
            out.extend(succession.handed_over(rule, unit.name, verdicts, register) if register.successions
                       else verdicts)
        return out + deadlines

    def _joint_elsewhere(self, unit: f.UnitFacts, facts: f.Facts, as_of: _dt.date,
                         judged: frozenset[str] | None) -> list[Verdict]:
        """The verdicts of the joint deliverables `unit` leads that another lead lists (`joint.holder`): its own
        too, for a share of its tasks completed."""
        return [v for rule in self.deadline_rules if unit.name in rule.joint
                and joint.holder(rule, facts, judged) != unit.name
                for v in joint.judge(rule, unit.name, facts, as_of, self.calendar)]

    def _deadline_verdicts(self, unit: f.UnitFacts, facts: f.Facts, as_of: _dt.date, mine: frozenset[str],
                           judged: frozenset[str] | None) -> list[Verdict]:
        out: list[Verdict] = []
        if self.deadline_rules:
            happened: dict[str, list[_dt.date]] = {}
            for event in facts.events_for(unit.name):
                happened.setdefault(event.event, []).append(event.date)
            for rule in self.deadline_rules:
                if unit.name in rule.joint:  # one verdict for all its leads, under one of them
                    if joint.holder(rule, facts, judged) == unit.name:
                        out.extend(joint.judge(rule, unit.name, facts, as_of, self.calendar))
                elif rule.leads is None or rule.leads & mine:
                    trigger = rule.trigger
                    dates = sorted(happened.get(trigger, ())) if trigger else []
                    out.extend(succession.deadline(rule, unit, facts, self.register, dates, as_of, self.calendar))
        return out

    def _inherits(self, rule: MetricRule, before: tuple[tuple[str, _dt.date], ...]) -> _dt.date | None:
        """The earliest day a unit took over the duties of a unit `rule` binds (`before`: who, from when)."""
        days = [since for name, since in before if rule.leads & self.binding.responsibilities(name)]
        return min(days) if days else None

    def responsibilities(self, unit: f.UnitFacts) -> frozenset[str]:
        """The names through which `unit` can lead a task: itself, its groups, every role."""
        return self.binding.responsibilities(unit.name, unit.member_of)

    # ------------------------------------------------------------- checks --

    def gaps(self, facts: f.Facts) -> list[Diagnostic]:
        """Warnings for what the facts and the plan leave out of every verdict, each at its place.

        F214: a group that leads a task with a target or a deadline (or is a target's scope, `phạm vi`), that
        the plan lists no unit of and that no unit of the facts says it belongs to (`member_of`), binds no one:
        its rules give no verdict.
        Said at the group's declaration. F215: a delivery reported by a unit that does not lead its task
        (a collaborator handing in its part, say) counts for no verdict. Said at its record. Neither stops
        the evaluation — the facts are valid, only unused — but neither is left out in silence, and under
        `--strict` both are errors.
        """
        out = self._empty_groups(facts)
        for unit in facts.units:
            mine = self.responsibilities(unit)
            # a successor answers what it took over, from the day it did (a joint deliverable excepted)
            before = [(self.binding.responsibilities(name), since)
                      for name, since in succession.takes_over(self.register, unit.name)]
            for delivery in unit.deliveries:
                answered = [r for r in self.tasks.get(delivery.task) or () if r.answers(delivery)]
                if len(answered) != 1:  # unknown task or deadline, or a shared label: an error of `check`
                    continue
                (rule,) = answered
                took = any(rule.leads & names for names, since in before if delivery.date >= since) \
                    if rule.leads is not None and not rule.joint else False
                if rule.leads is not None and not rule.leads & mine and not took:  # no verdict would count it
                    message = EvaluationMessage.of("not_a_lead", plan=self.plan.number or "", name=delivery.task,
                                                   unit=unit.name, leads=", ".join(sorted(rule.leads)))
                    found = fact_diagnostic("F215", message, delivery.origin)
                    out.append(attrs.evolve(found, severity=Severity.WARNING))
        return sorted(out, key=by_place)

    def _empty_groups(self, facts: f.Facts) -> list[Diagnostic]:
        """F214 of `gaps`: the groups leading a task that neither the plan nor the facts give a member."""
        members = {g for u in facts.units for g in self.responsibilities(u)}
        members |= {g for n in self.bound for g in containing(n, self.containers)}
        declared = {u.name: u for u in self.plan.units}
        out = []
        led = [*(r for r in self.metric_rules if not r.scoped), *self.deadline_rules]
        scoped = [r for r in self.metric_rules if r.scoped]  # a group as a target's scope (phạm vi): its rule ids
        for rules, key, words in ((led, "empty_group", "tasks"), (scoped, "empty_scope", "rules")):
            by_rule = key == "empty_scope"
            for group, clauses in _led_by_groups(rules, self.groups - self.all_groups, by_rule).items():
                if group not in members:
                    message = EvaluationMessage.of(key, plan=self.plan.number or "", name=group,
                                                   **{words: ", ".join(clauses)})
                    out.append(plan_warning("F214", message, declared[group].span))
        return out


    def check(self, facts: f.Facts) -> list[Diagnostic]:
        """Every way `facts` do not fit this plan (empty when they do): `fit.misfits`, the F2xx codes."""
        return fitting.misfits(self, facts)

    def fit(self, facts) -> fitting.Fit:
        """`facts` (a `Facts` or a table source) checked once against this plan, to give `evaluate`."""
        return fitting.fit(self, facts)


def _now() -> _dt.datetime:
    """The clock, as an aware UTC time (a test replaces it)."""
    return _dt.datetime.now(_dt.timezone.utc)


def _vietnam() -> _dt.tzinfo:
    """Viet Nam's time zone: Asia/Ho_Chi_Minh, or UTC+7 where the machine has no zone data (it is the same:
    Viet Nam has kept UTC+7, without daylight saving, since 1975)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo("Asia/Ho_Chi_Minh")
    except (ZoneInfoNotFoundError, ValueError, OSError):  # no tzdata package and no system zone files
        return _dt.timezone(_dt.timedelta(hours=7))


def today_in_vietnam(now: _dt.datetime) -> _dt.date:
    """The date in Viet Nam at the instant `now` (aware): what a plan's "today" is, wherever the machine runs.

    The machine's own date is yesterday between 00:00 and 07:00 in Viet Nam on a runner set to UTC.
    """
    return now.astimezone(_vietnam()).date()


def _led_by_groups(rules, groups: frozenset[str], by_rule: bool = False) -> dict[str, list[str]]:
    """Each group of `groups` that leads a rule, with the clauses it leads (tasks, in plan order; `by_rule`:
    the rules themselves, for a group that is a target's scope)."""
    led: dict[str, dict[str, None]] = {}
    for rule in rules:
        for name in sorted(rule.leads or ()):
            if name in groups:
                led.setdefault(name, {})[rule.clause.rule if by_rule else rule.clause.address or rule.clause.rule] = None
    return {name: list(clauses) for name, clauses in led.items()}
