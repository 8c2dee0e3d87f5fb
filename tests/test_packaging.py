"""Tests that the built wheel is complete: grammar, prelude, py.typed, a working console script."""

import ast
import importlib.metadata
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("planrules-*.whl")
    return built


def test_wheel_ships_grammar_prelude_and_marker(wheel):
    """The wheel carries plan.lark and prelude.plan inside the package, equal to the repository's, and py.typed."""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert {"planrules/plan.lark", "planrules/prelude.plan", "planrules/py.typed"} <= names
        assert archive.read("planrules/plan.lark") == (ROOT / "grammar" / "plan.lark").read_bytes()
        assert archive.read("planrules/prelude.plan") == (ROOT / "plans" / "prelude.plan").read_bytes()
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        assert "planrules = planrules.tooling.cli:main" in archive.read(entry_points).decode()


def test_installed_wheel_runs_outside_the_repository(wheel, tmp_path):
    """Installed with its declared dependencies in an empty venv, the console script checks a plan.

    The venv sees no other site-packages, so a dependency the wheel's metadata forgets makes
    this test fail rather than pass on a machine that happens to have the package installed.
    """
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
        check=True,
        timeout=600,
    )
    (tmp_path / "a.plan").write_text('kế hoạch: "1"\nđơn vị a: "A"\n', encoding="utf-8")
    where = subprocess.run(
        [str(python), "-c", "import planrules, planrules.base.resources as r; print(planrules.__file__)"],
        capture_output=True, text=True, cwd=tmp_path, check=True,
    ).stdout
    assert str(venv) in where
    for argv in (["--help"], ["check", "a.plan"]):
        done = subprocess.run(
            [str(venv / "bin" / "planrules"), *argv], capture_output=True, text=True, cwd=tmp_path, timeout=120
        )
        assert done.returncode == 0, done.stdout + done.stderr


#: The files the suite imports: the package, the tests, and the bench modules tests load.
IMPORTED_BY_THE_SUITE = (
    *sorted((ROOT / "src").rglob("*.py")),
    *sorted((ROOT / "tests").glob("*.py")),
    *(ROOT / "bench" / name for name in ("generate.py", "run.py", "fuzz.py", "sql.py", "foreign.py", "national.py",
                                       "judging.py", "floors.py")),
    *(ROOT / "bench" / "peers" / name for name in ("__init__.py", "handwritten.py", "rulebook.py", "rego.py")),
)


def _guarded(node: ast.Try) -> bool:
    """A `try:` whose handler catches ImportError: the import inside is optional by design."""
    names = {"ImportError", "ModuleNotFoundError"}
    return any(
        isinstance(h.type, ast.Name) and h.type.id in names
        or isinstance(h.type, ast.Tuple) and any(isinstance(e, ast.Name) and e.id in names for e in h.type.elts)
        for h in node.handlers
    )


def _top_level_imports(path: Path) -> set[str]:
    """Every top-level module name `path` imports, outside try/except ImportError blocks."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Try) and _guarded(node):
            return
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    """The distributions the base install and the `test` extra ask for (PEP 503 names)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    return {_normal(re.match(r"[A-Za-z0-9_.-]+", requirement).group()) for requirement in wanted}


def test_every_imported_package_is_declared():
    """Each third-party module the suite imports comes from a distribution the test install declares.

    A test importing a package that no extra installs passes only on a machine that has it by
    chance (numpy did, through bench/generate.py): this makes such an import fail here instead.
    """
    local = {p.stem for p in IMPORTED_BY_THE_SUITE} | {"planrules", "peers"}
    stdlib = set(sys.stdlib_module_names)
    owners = importlib.metadata.packages_distributions()
    declared = _declared()
    missing = {}
    for path in IMPORTED_BY_THE_SUITE:
        for module in _top_level_imports(path) - stdlib - local:
            distributions = {_normal(d) for d in owners.get(module, [module])}
            if not distributions & declared:
                missing.setdefault(module, []).append(str(path.relative_to(ROOT)))
    assert missing == {}
    assert "numpy" in declared and "lark" in declared  # the scan reads the real lists


def test_the_import_scan_sees_a_forgotten_package(tmp_path):
    """The scan itself can fail: an unguarded import is found, one guarded by ImportError is not."""
    path = tmp_path / "t.py"
    path.write_text("import os\nimport zzz_nowhere.sub\ntry:\n    import yyy_optional\n"
                    "except ImportError:\n    pass\n", encoding="utf-8")
    assert _top_level_imports(path) == {"os", "zzz_nowhere"}
    assert "zzz-nowhere" not in _declared()
