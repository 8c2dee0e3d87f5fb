"""Tests that the README's examples run as shown."""

import contextlib
import io
import os
import re

from conftest import ROOT

from planrules import parse, prelude, resolve

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands():
    """The first block of the README is exactly the install-and-check and install-and-test commands."""
    first = re.search(r"```sh\n(.*?)```", README, re.S).group(1).strip().splitlines()
    assert first == [
        "python3 -m pip install -e . && planrules check plans/ && planrules eval "
        "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan --library plans --facts examples/vu-duong/facts.toml "
        "--as-of 2026-11-30",
        'python3 -m pip install -e ".[test]" && python3 -m pytest',
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert all(command in ci for command in first)


def test_plan_example_parses_and_resolves():
    """The README's .plan example parses and every name in it resolves."""
    (block,) = re.findall(r"```plan\n(.*?)```", README, re.S)
    assert resolve([parse(block, source="README.md")], prelude()) == []


def test_python_example_runs_and_prints_what_it_says(monkeypatch):
    """The README's Python example runs from the repository root; its first output line is the one shown."""
    (block,) = re.findall(r"```python\n(.*?)```", README, re.S)
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "README.md", "exec"), {})
    shown = re.search(r"^# (giảm.*)$", block, re.M).group(1)
    assert out.getvalue().splitlines()[0] == shown
    assert os.getcwd() == str(ROOT)


def test_every_planrules_command_of_the_readme_runs(monkeypatch):
    """Each `planrules …` line of the README's shell blocks after the first exits 0 from the checkout."""
    import shlex

    from planrules.cli import run

    monkeypatch.chdir(ROOT)
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)[1:]
    commands = [line.split("#")[0].strip() for block in blocks for line in block.splitlines()
                if line.startswith("planrules ")]
    assert commands  # the database example at least
    for command in commands:
        out, err = io.StringIO(), io.StringIO()
        code = run(shlex.split(command)[1:], out, err)
        assert (code, err.getvalue()) == (0, ""), command
        assert out.getvalue(), command
