"""Tests that the README's examples run as shown."""

import contextlib
import io
import os
import re

from conftest import ROOT

from planrules import parse, prelude, resolve
from planrules.evaluation.verdicts import Status

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands():
    """The first block of the README is exactly the install-and-check and install-and-test commands."""
    first = re.search(r"```sh\n(.*?)```", README, re.S).group(1).strip().splitlines()
    assert first == [
        "python3 -m venv .venv && .venv/bin/python -m pip install -e . && .venv/bin/planrules check plans/ && "
        ".venv/bin/planrules eval plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan --library plans "
        "--facts examples/vu-duong/facts.toml --as-of 2026-11-30",
        'python3 -m venv .venv && .venv/bin/python -m pip install -e ".[test]" && .venv/bin/python -m pytest',
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert all(command in ci for command in first)  # whole lines of .ci/run, exactly as written
    assert ci.index("rm -rf .venv") < ci.index(first[0]) < ci.index(first[1])  # a fresh venv each run


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

    from planrules.tooling.cli import run

    monkeypatch.chdir(ROOT)
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)[1:]
    commands = [line.split("#")[0].strip() for block in blocks for line in block.splitlines()
                if line.startswith("planrules ")]
    assert commands  # the database example at least
    for command in commands:
        out, err = io.StringIO(), io.StringIO()
        code = run(shlex.split(command)[1:], out, err)
        # the only words on stderr: the parents not encoded (C303), whose targets the report says it lacks
        assert (code, re.sub(r"^\S*: [^:\[]*\[C303\]: .*\n(?: .*\n)*", "", err.getvalue(), flags=re.M)) == (0, ""), command
        assert out.getvalue(), command


def _main_evaluation() -> list[str]:
    """The `planrules eval …` of the README's first block, as arguments."""
    import shlex

    first = re.search(r"```sh\n(.*?)```", README, re.S).group(1).splitlines()[0]
    (command,) = [part for part in first.split(" && ") if part.startswith(".venv/bin/planrules eval ")]
    return shlex.split(command)[1:]


def test_the_report_excerpt_is_what_the_main_command_prints(monkeypatch):
    """The ```text block of "Evaluating a plan" is the first command's report, with `…` for lines left out:
    each run of lines between two `…` is in the real output, in that order, whole lines only."""
    from planrules.tooling.cli import run

    section = README.split("\n## Evaluating a plan\n", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```text\n(.*?)```", section, re.S)
    chunks = [chunk.strip("\n").split("\n") for chunk in block.split("…\n") if chunk.strip("\n")]
    # a Vietnamese plan: its report is in Vietnamese unless --lang or PLANRULES_LANG says otherwise
    assert len(chunks) >= 4 and chunks[0][0] == "Báo cáo thực hiện kế hoạch 104/KH-UBND, tính đến ngày 30/11/2026"
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("PLANRULES_LANG", raising=False)
    out, err = io.StringIO(), io.StringIO()
    assert run(_main_evaluation(), out, err) == 0 and err.getvalue().count("[C303]") == 2
    lines = out.getvalue().split("\n")
    assert lines[: len(chunks[0])] == chunks[0]  # the report starts with the first run of lines
    at = 0
    for chunk in chunks:
        starts = [i for i in range(at, len(lines)) if lines[i : i + len(chunk)] == chunk]
        assert starts, "not in the real output, after the runs before it:\n" + "\n".join(chunk)
        at = starts[0] + len(chunk)
    # every verdict kind is shown
    shown = {re.sub(r" \(.*", "", line[1 : line.index("]")]) for chunk in chunks for line in chunk
             if line.startswith("[")}
    assert shown == {s.label("vi") for s in Status}


def test_the_readme_evaluates_both_sample_plans_at_one_date():
    """The Cục's sample is run by a later block, at the first command's date."""
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)[1:]
    later = [line for block in blocks for line in block.splitlines() if line.startswith("planrules eval ")]
    cuc = [line for line in later if "cuc-van-thu-luu-tru/facts.toml" in line]
    as_of = _main_evaluation()[_main_evaluation().index("--as-of") + 1]
    assert len(cuc) == 1 and cuc[0].endswith(f"--as-of {as_of}")
