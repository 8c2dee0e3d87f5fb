"""The floor plan: one package a stage, imports running one way, no giant module.

planrules is read as a pipeline — base, language, facts, evaluation, checks,
reports, the pipeline façade, tooling, and the public strategies — and each
package may import only from packages before it (docs/architecture.md). These
tests walk every import of every module, the ones inside functions too, so a
lazy import cannot hide an edge running back up the pipeline.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "planrules"

# The stages, in the order data flows through them: a module may import from its own
# stage and from stages before it, never after.
LAYERS = ("base", "language", "facts", "evaluation", "checks", "reports", "documents", "pipeline", "tooling",
          "strategies")

MAX_LINES = 1000


def _modules() -> dict[str, Path]:
    """Every module of planrules by dotted name (a package by the name of its __init__)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ("planrules",) + path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> list[tuple[str, tuple[str, ...], int]]:
    """(module imported, names taken from it, line) for every import of planrules in a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((a.name, (), node.lineno) for a in node.names if a.name.split(".")[0] == "planrules")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "planrules":
                continue
            names = tuple(a.name for a in node.names)
            # `from . import model` imports the module planrules.<pkg>.model
            submodules = [f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES]
            if submodules:
                out.extend((s, (), node.lineno) for s in submodules)
                rest = tuple(n for n in names if f"{target}.{n}" not in MODULES)
                if rest:
                    out.append((target, rest, node.lineno))
            else:
                out.append((target, names, node.lineno))
    return out


def _stage(module: str) -> str | None:
    """The stage a module belongs to; None for the package's own __init__ and __main__ (the public door)."""
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in ("__main__",):
        return None
    return parts[1]


def test_every_module_is_in_a_stage():
    strays = [m for m in MODULES if _stage(m) is not None and _stage(m) not in LAYERS]
    assert strays == [], f"modules outside the stages {LAYERS}: {strays}"


def test_no_import_runs_back_up_the_pipeline():
    upward = []
    for name, path in MODULES.items():
        here = _stage(name)
        if here is None:
            continue
        for target, _, line in _imports(name, path):
            there = _stage(target)
            if there is not None and LAYERS.index(there) > LAYERS.index(here):
                upward.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {name} ({here}) imports {target} ({there})")
    assert upward == [], "imports running back up the pipeline:\n" + "\n".join(upward)


def test_no_private_name_is_imported_from_another_module():
    found = []
    for name, path in MODULES.items():
        for target, names, line in _imports(name, path):
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private and target != name:
                found.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {private} from {target}")
    assert found == [], "private names imported across modules:\n" + "\n".join(found)


def test_no_import_cycle():
    graph = {name: {t for t, _, _ in _imports(name, path) if t in MODULES and t != name}
             for name, path in MODULES.items()}
    # A package's __init__ is imported on the way to any of its modules; edges into it
    # are edges into the package's door, not into the module that imports through it.
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert cycles == [], "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_a_giant(name):
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{MODULES[name]} has {lines} lines; split it along its jobs"


@pytest.mark.parametrize("stage", [s for s in LAYERS if (PACKAGE / s).is_dir()])
def test_every_stage_says_what_it_owns(stage):
    doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")))
    assert doc and len(doc) > 40, f"planrules.{stage}/__init__.py must say what the package owns"


def test_docs_architecture_has_a_table_row_for_every_module():
    """docs/architecture.md is one table per package; each module of the tree is a row of its package's table."""
    doc = (PACKAGE.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = set()
    table = None
    for line in doc.splitlines():
        heading = re.match(r"### `planrules(?:\.(\w+))?`", line)
        if heading:
            table = heading.group(1) or ""
        elif line.startswith("| `") and table is not None:
            rows.add(f"{table}/{line.split('`')[1]}".lstrip("/"))
        elif line.startswith("#"):
            table = None
    files = {str(p.relative_to(PACKAGE)) for p in MODULES.values()}
    assert sorted(files - rows) == [], "modules without a row in docs/architecture.md"
    assert sorted(rows - files) == [], "rows of docs/architecture.md naming no module"
