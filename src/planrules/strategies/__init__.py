"""Hypothesis strategies for plans, `.plan` text, facts and facts files.

Property-test your own plan on facts (docs/testing.md walks through it)::

    import datetime as dt
    from hypothesis import given
    import planrules
    from planrules.strategies import facts_meeting, facts_violating, verdict_for

    plan = planrules.load("plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan")
    rules = planrules.compile(plan, planrules.load_dir("plans"))

    @given(facts_meeting("I.2-1#1", rules=rules, year=2026))
    def test_sixty_percent_online_meets_the_target(facts):
        assert verdict_for("I.2-1#1", facts, rules=rules, year=2026).status is planrules.Status.MET

Facts:

- `facts_meeting(target, rules=, unit=, year=)` / `facts_violating(...)`:
  `Facts` of one unit on which a target of a compiled plan is met / not
  met for a year, judged at its end (an assessed target: an assessment by
  its assessor, `đạt` / `không đạt`); `verdict_for` finds that verdict;
- `valid_facts(vocabulary)`: any facts the loader accepts (for a
  `RuleSet`: facts that also fit the plan, so `evaluate` never raises);
- `facts_toml(vocabulary)` and `facts_and_toml(...)`: the text of valid
  facts files, in every spelling the format allows (with the `Facts` it
  loads as);
- `invalid_facts_toml(vocabulary, kind)`: (text, code): a facts file with
  exactly one problem, one kind per loader check (`INVALID_FACTS`);
- `registers()`: a valid unit register (hierarchy, official codes, groups, successions);
  `register_csv` / `register_toml` write its `*.units.csv` / `*.units.toml`
  text, and `invalid_register_files(kind)` gives (text, file name, code) for
  a register file with exactly one problem (`INVALID_REGISTERS`);
- `plan_pairs(loosen=False, deadlines=False)`: a parent plan and a child
  that tightens its targets (and, with `deadlines`, the deadlines of the
  parent tasks it implements), or loosens exactly one, as text (`PlanPair`);
  targets are scoped (`phạm vi`), and a loosened one may be scoped to fewer units.

Plans and plan text, to property-test code that consumes plans::

    from hypothesis import given
    from planrules import format, parse
    from planrules.strategies import plans

    @given(plans())
    def test_round_trip(plan):
        assert parse(format(plan)) == plan

Every value generated here is one the `.plan` language can express, so
`parse(format(p)) == p` holds for each generated plan `p`:

- names match `[^\\W\\d]\\w*`, are NFC, and are never a keyword, nor a word of
  a multi-word keyword, in any spelling (Vietnamese, ASCII-folded, English,
  any letter case): "và", "có", "tt", "by", "theo", "khi", "so", "at", ...;
- text (labels, titles, numbers of documents) is NFC and on one line: no
  control characters (Unicode category Cc, which includes newline, carriage
  return and tab), no line or paragraph separators (Zl, Zp);
- a plan's end date (`until`) is never before the day it is in force from
  (its effective date, or else its date), as the parser requires
  (`validities`);
- dates and years lie in 1900..2200; days of the month in 1..31; a yearly
  day is a real day of a leap year (29/02 allowed); quarters are 1..4;
- source references run forwards (`first <= last`);
- a target inside a task carries the task's address; a target standing
  alone has an address of any form but a table row, or none; only a
  target on a named metric has a category; a target's scope (`scopes`) is
  none, the whole territory or names, its watchers names;
- addresses take every form (`addresses`): section paths of any depth,
  table rows of any depth, articles (Điều, khoản, điểm) with a dash item,
  the preamble, and appendices holding any of these but the preamble;
- quantities are exact non-negative `Fraction`s, including ones with no
  finite decimal form such as 1/3;
- comments are stripped one-line text, placed as the parser places them:
  those above the first statement are the plan's `preamble`.

The strategy functions are cached: calling one twice with the same
arguments returns the same strategy object, which keeps building large
strategies (and Hypothesis's validation of them) cheap.

Importing this package needs Hypothesis (`pip install planrules[test]`);
`import planrules` alone does not.

The package, one module a job (each builds on the ones before it):

- `words`: names and one-line text the language can hold;
- `plan_models`: plan models and their canonical `.plan` text;
- `common`: what the facts strategies share (the vocabulary, days, conditions);
- `facts_valid`: valid facts; `facts_files`: them as facts files (TOML);
- `bounded`: numbers that keep a bound or break it, exactly;
- `target_facts`: facts meeting or violating a target, and its verdict;
- `facts_invalid`: facts files with exactly one problem, and its code;
- `registers`: unit registers, their files, and register files with one problem;
- `pairs`: parent and child plans.

It is the last stage of planrules: it may build on any stage before it, and
nothing in planrules imports it.
"""

# VocabularyLike and TargetLike, the types of the kit's arguments, are public names too (not in __all__).
from .common import VocabularyLike
from .facts_files import facts_and_toml, facts_toml
from .facts_invalid import INVALID_FACTS, invalid_facts_toml
from .facts_valid import valid_facts
from .pairs import PlanPair, plan_pairs
from .registers import INVALID_REGISTERS, invalid_register_files, register_csv, register_toml, registers
from .plan_models import (LANGUAGES, addresses, assessed_bodies, assessed_targets, bases, bounds, comments, conditions, cumulatives, data_windows, dates, deadlines, events,
                          metric_exprs, metrics, paragraphs, periods, plan_texts, plans, quantities, record_extensions, record_kinds, section_paths, sections,
                          scopes, source_refs, statements, target_bodies, targets, task_refs, tasks, units, validities,
                          years)
from .target_facts import TargetLike, facts_meeting, facts_violating, verdict_for
from .words import is_name, names, texts

__all__ = [
    "INVALID_FACTS",
    "INVALID_REGISTERS",
    "LANGUAGES",
    "PlanPair",
    "addresses",
    "assessed_bodies",
    "assessed_targets",
    "bases",
    "bounds",
    "comments",
    "conditions",
    "cumulatives",
    "data_windows",
    "dates",
    "deadlines",
    "events",
    "facts_and_toml",
    "facts_meeting",
    "facts_toml",
    "facts_violating",
    "invalid_facts_toml",
    "invalid_register_files",
    "is_name",
    "metric_exprs",
    "metrics",
    "names",
    "paragraphs",
    "periods",
    "plan_pairs",
    "plan_texts",
    "plans",
    "quantities",
    "record_extensions",
    "record_kinds",
    "register_csv",
    "register_toml",
    "registers",
    "scopes",
    "section_paths",
    "sections",
    "source_refs",
    "statements",
    "target_bodies",
    "targets",
    "task_refs",
    "tasks",
    "texts",
    "units",
    "valid_facts",
    "validities",
    "verdict_for",
    "years",
]
