"""planrules: Vietnamese implementation plans (kế hoạch) as checkable rules.

The pipeline, one module a stage: text (`source`) -> syntax tree and plan
model (`syntax`, `model`) -> names resolved (`resolver`) -> compiled rule set
(`compiler`, `rules`, `ruleset`) -> verdicts on facts (`facts_load`,
`measure`, `schedule`, `verdicts`) -> reports (`report`); a library of plans
is checked by `check` (structure, names, `lint`, `inheritance`). `printer` turns a
model back into canonical text. The public API is what this module exports.
"""

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("planrules")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0+unknown"

from .check import Finding as Finding
from .check import check as check
from .compiler import compile as compile
from .errors import Diagnostic as Diagnostic
from .errors import FactsError as FactsError
from .errors import PlanError as PlanError
from .errors import PlanLoadError as PlanLoadError
from .errors import PlanSyntaxError as PlanSyntaxError
from .errors import Severity as Severity
from .library import Library as Library
from .library import load as load
from .library import load_dir as load_dir
from .library import prelude as prelude
from .model import *  # noqa: F403 - the model classes are public API
from .model import __all__ as _model_all
from .printer import format as format
from .resolver import resolve as resolve
from .facts import Facts as Facts
from .facts_load import load_facts as load_facts
from .facts_schema import facts_schema as facts_schema
from .report import render as render
from .sources import FactSource as FactSource
from .sources import open_source as open_source
from .sources import write_duckdb as write_duckdb
from .sources import write_parquet as write_parquet
from .ruleset import RuleSet as RuleSet
from .schedule import Calendar as Calendar
from .source import Span as Span
from .syntax import parse as parse
from .verdicts import Report as Report
from .verdicts import RuleKind as RuleKind
from .verdicts import Status as Status
from .verdicts import Verdict as Verdict
from .vocabulary import Vocabulary as Vocabulary

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
