"""Long runs: a progress bar on a terminal and nowhere else; Ctrl-C leaves nothing half-written."""

import io
import os
import shutil
import sqlite3

import pytest

from planrules.language import library as library_module
from planrules.tooling.cli import run
from planrules.base.progress import Progress

from conftest import PLANS, ROOT

VU_DUONG = PLANS / "quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"
VU_FACTS = ROOT / "examples/vu-duong/facts.toml"


class Terminal(io.StringIO):
    def isatty(self):
        return True


def cli(*argv, stderr=None):
    out, err = io.StringIO(), stderr if stderr is not None else io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv, what", [
    (("check", str(PLANS), "--no-cache"), "parsing"),
    (("eval", str(VU_DUONG), "--facts", str(VU_FACTS), "--as-of", "2026-11-30"), "evaluating"),
])
def test_a_terminal_sees_a_bar_and_a_pipe_sees_nothing(argv, what):
    code, out, err = cli(*argv, stderr=Terminal())
    assert what in err and "|" in err
    piped = cli(*argv)  # the same result, and no bar in a pipe (the warnings, C303, are the same in both)
    assert piped[:2] == (code, out) and what not in piped[2] and piped[2] in err


def test_progress_passes_every_item_through_in_order():
    items = list(range(50))
    assert list(Progress(Terminal())(iter(items), len(items), "x")) == items
    assert list(Progress(io.StringIO())(iter(items), len(items), "x")) == items


@pytest.fixture
def plans(tmp_path):
    copy = tmp_path / "plans"
    shutil.copytree(PLANS, copy)
    return copy


def test_ctrl_c_while_parsing_writes_nothing(plans, tmp_path, monkeypatch):
    monkeypatch.setenv("PLANRULES_CACHE_DIR", str(tmp_path / "cache"))
    real, calls = library_module._parse_text, []

    def interrupted(text, path):
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(text, path)

    monkeypatch.setattr(library_module, "_parse_text", interrupted)
    code, out, err = cli("check", str(plans))
    assert code == 130 and out == "" and "interrupted" in err
    db = sqlite3.connect(tmp_path / "cache" / "cache.sqlite3")
    assert db.execute("SELECT COUNT(*) FROM entries").fetchone() == (0,)  # two plans parsed, none kept
    db.close()


def test_ctrl_c_while_formatting_leaves_the_file_whole(tmp_path, monkeypatch):
    plan = tmp_path / "kh.plan"
    text = VU_DUONG.read_text(encoding="utf-8").replace("\n\n", "\n\n\n")  # fmt would change it
    plan.write_text(text, encoding="utf-8")

    def interrupted(*_):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    code, _, err = cli("fmt", str(plan))
    assert code == 130 and "interrupted" in err
    assert plan.read_text(encoding="utf-8") == text and os.listdir(tmp_path) == ["kh.plan"]


def test_fmt_keeps_the_file_mode(tmp_path):
    plan = tmp_path / "kh.plan"
    plan.write_text(VU_DUONG.read_text(encoding="utf-8").replace("\n\n", "\n\n\n"), encoding="utf-8")
    plan.chmod(0o640)
    assert cli("fmt", str(plan))[0] == 0
    assert plan.stat().st_mode & 0o777 == 0o640 and os.listdir(tmp_path) == ["kh.plan"]
