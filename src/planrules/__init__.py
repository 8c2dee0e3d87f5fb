"""planrules: Vietnamese implementation plans (kế hoạch) as checkable rules.

The pipeline, one package a stage: `base` (text, places, diagnostics) ->
`language` (syntax, model, names resolved, libraries of plans) -> `facts`
(what units report, read and checked) -> `evaluation` (compiled rules, the
fit of facts to a plan, verdicts, roll-up) -> `checks` (a library's lint and
inheritance) -> `reports`; `pipeline` chains them for a run, `tooling` is
the command line, its compile cache and the scenario runner. The public API
is what this module exports.

The table sources (`FactSource`, `open_source`, `write_duckdb`,
`write_parquet`) are imported when first used (PEP 562): a program that
reads TOML facts never loads a database module.
"""

from importlib import import_module as _import_module
from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("planrules")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0+unknown"

from .checks.check import Finding as Finding
from .checks.check import check as check
from .evaluation.compiler import compile as compile
from .base.diagnostics import Diagnostic as Diagnostic
from .base.diagnostics import FactsError as FactsError
from .base.diagnostics import PlanError as PlanError
from .base.diagnostics import PlanLoadError as PlanLoadError
from .base.diagnostics import PlanSyntaxError as PlanSyntaxError
from .base.diagnostics import Severity as Severity
from .language.library import Library as Library
from .language.library import load as load
from .language.library import load_dir as load_dir
from .language.library import prelude as prelude
from .language.model import *  # noqa: F403 - the model classes are public API
from .language.model import __all__ as _model_all
from .language.printer import format as format
from .language.resolver import resolve as resolve
from .facts.model import Facts as Facts
from .pipeline import load_facts as load_facts
from .facts.json_schema import facts_schema as facts_schema
from .reports.render import render as render
from .evaluation.ruleset import RuleSet as RuleSet
from .evaluation.workdays import Calendar as Calendar
from .base.source import Span as Span
from .language.syntax import parse as parse
from .evaluation.verdicts import Report as Report
from .evaluation.verdicts import RuleKind as RuleKind
from .evaluation.verdicts import Status as Status
from .evaluation.verdicts import Verdict as Verdict
from .language.vocabulary import Vocabulary as Vocabulary

__all__ = [
    "Calendar",
    "Diagnostic",
    "FactSource",
    "Facts",
    "FactsError",
    "Finding",
    "Library",
    "Report",
    "RuleKind",
    "RuleSet",
    "Status",
    "Verdict",
    "Vocabulary",
    "check",
    "compile",
    "facts_schema",
    "load_facts",
    "open_source",
    "write_duckdb",
    "write_parquet",
    "render",
    "PlanError",
    "PlanLoadError",
    "PlanSyntaxError",
    "Severity",
    "Span",
    "format",
    "load",
    "load_dir",
    "parse",
    "prelude",
    "resolve",
    *_model_all,
]

# name -> the module that defines it: the public names whose modules load a database layer
_LAZY = {
    "FactSource": "planrules.facts.sources",
    "open_source": "planrules.facts.sources",
    "write_duckdb": "planrules.facts.sources",
    "write_parquet": "planrules.facts.sources",
}


def __getattr__(name: str):
    """A table source's name, imported on first use (PEP 562), then kept as a plain attribute."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
