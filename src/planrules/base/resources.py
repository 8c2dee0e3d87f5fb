"""Files shipped with planrules: the grammar and the standard prelude.

In a wheel they sit inside the package (pyproject.toml force-includes
grammar/plan.lark and plans/prelude.plan there). In an editable install or
a source checkout the package folder has no copy, so the repository's own
files are used. Nothing else is searched: if neither exists the install is
broken, and we say so.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_REPO = Path(__file__).resolve().parents[3]

GRAMMAR = ("plan.lark", _REPO / "grammar" / "plan.lark")
PRELUDE = ("prelude.plan", _REPO / "plans" / "prelude.plan")


def read(resource: tuple[str, Path]) -> str:
    """The text of a shipped file, from the package or the repository."""
    name, repo_copy = resource
    packaged = resources.files("planrules").joinpath(name)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    if repo_copy.is_file():
        return repo_copy.read_text(encoding="utf-8")
    raise RuntimeError(
        f"planrules is installed without {name}: neither the package nor {repo_copy} has it; "
        "reinstall planrules"
    )
