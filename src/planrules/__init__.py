"""planrules: Vietnamese implementation plans (kế hoạch) as checkable rules.

The pipeline, one module a stage: text (`source`) -> syntax tree and plan
model (`syntax`, `model`) -> names resolved (`resolver`) -> canonical text
again (`printer`). The public API is what this module exports.
"""

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("planrules")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0+unknown"

from .errors import Diagnostic as Diagnostic
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
from .source import Span as Span
from .syntax import parse as parse

__all__ = [
    "Diagnostic",
    "Library",
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
