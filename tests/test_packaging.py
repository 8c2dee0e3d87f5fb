"""Tests that the built wheel is complete: grammar, prelude, py.typed, a working console script."""

import subprocess
import sys
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
        assert "planrules = planrules.cli:main" in archive.read(entry_points).decode()


def test_installed_wheel_runs_outside_the_repository(wheel, tmp_path):
    """Installed in a fresh venv, the console script checks a plan using the packaged grammar."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheel)],
        check=True,
        timeout=300,
    )
    (tmp_path / "a.plan").write_text('kế hoạch: "1"\nđơn vị a: "A"\n', encoding="utf-8")
    where = subprocess.run(
        [str(python), "-c", "import planrules, planrules.resources as r; print(planrules.__file__)"],
        capture_output=True, text=True, cwd=tmp_path, check=True,
    ).stdout
    assert str(venv) in where
    for argv in (["--help"], ["check", "a.plan"]):
        done = subprocess.run(
            [str(venv / "bin" / "planrules"), *argv], capture_output=True, text=True, cwd=tmp_path, timeout=120
        )
        assert done.returncode == 0, done.stdout + done.stderr
