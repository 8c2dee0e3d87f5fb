"""Untrusted paths: what planrules reads, what it refuses, and that a refusal quotes nothing.

The rule (docs/architecture.md, "Hostile input"): a path named on the command line is
read when it is a regular file (a link named there is followed); a file found by walking
a folder, and a path a file names (a scenario's plan, library and facts), must lead to a
regular file inside the tree it may come from once its links are followed; nothing under
/proc, /sys or /dev is read; a FIFO, a socket, a device or a folder where a file is wanted
is refused before it is opened (so nothing blocks); a folder that cannot be listed or
holds no plan is an error, never a silent "0 errors". Every refusal is a located E001,
F101 or T101 that quotes no byte of the file, and every command exits 2 on it.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import planrules
from planrules import FactsError, PlanError, PlanLoadError
from planrules.language.library import plan_files
from planrules.tooling.cli import run
from planrules.facts.loader import load_facts
from planrules.facts.mapping import load_mapping
from planrules.tooling.scenarios import ScenarioError, load as load_scenario

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests/fixtures/scenarios/mini/mini.plan"
MINI_FACTS = ROOT / "tests/fixtures/scenarios/broken/facts.toml"
SECRET = "PLANRULES-TEST-SECRET-7f3a"
NEEDS_PROC = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="no /proc on this system")


def english(argv) -> list:
    """`argv` asking for English messages (they follow each file's language otherwise), unless it names one."""
    argv = list(argv)
    return argv if "--lang" in argv or not argv else [argv[0], "--lang", "en", *argv[1:]]


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run([str(a) for a in english(argv)], out, err)
    return code, out.getvalue(), err.getvalue()


def command(*argv: str | os.PathLike, env: dict[str, str] | None = None, options: tuple[str, ...] = (),
            timeout: float = 60) -> subprocess.CompletedProcess:
    """`python -m planrules ARGV` in a process of its own, as CI runs it: bytes out, never blocking the suite."""
    return subprocess.run([sys.executable, *options, "-m", "planrules", *map(os.fsencode, english(argv))],
                          capture_output=True, timeout=timeout, env={**os.environ, **(env or {})})


def secret_file(folder: Path, name: str = "secret.plan") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f'{SECRET} = "{SECRET}"\n', encoding="utf-8")
    return path


def library(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mini.plan").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


# ------------------------------------------------------------ 1. links and special files --


@NEEDS_PROC
@pytest.mark.parametrize("verb", ["check", "tree", "fmt"])
def test_a_plan_linked_to_the_environment_is_refused_and_not_quoted(tmp_path, verb):
    tree = library(tmp_path / "plans")
    (tree / "env.plan").symlink_to("/proc/self/environ")
    done = command(verb, tree, env={"PLANRULES_SECRET": SECRET})
    shown = (done.stdout + done.stderr).decode("utf-8")
    assert done.returncode == 2, shown
    assert f"{tree / 'env.plan'}:1:1: error[E001]" in shown and "/proc" in shown
    assert SECRET not in shown and "PATH=" not in shown and "Traceback" not in shown


@NEEDS_PROC
def test_a_kernel_file_named_on_the_command_line_is_refused_too(tmp_path):
    link = tmp_path / "env.plan"
    link.symlink_to("/proc/self/environ")
    for argv in (["check", link], ["eval", link, "--facts", MINI_FACTS], ["check", "/proc/self/environ"]):
        done = command(*argv, env={"PLANRULES_SECRET": SECRET})
        shown = (done.stdout + done.stderr).decode("utf-8")
        assert done.returncode == 2 and "error[E001]" in shown and SECRET not in shown, shown


def test_a_link_leaving_the_folder_walked_is_refused_and_not_quoted(tmp_path):
    tree = library(tmp_path / "plans")
    (tree / "shadow.plan").symlink_to(secret_file(tmp_path / "etc"))
    for verb in ("check", "tree", "fmt"):
        code, out, err = cli(verb, tree)
        assert code == 2, (verb, out, err)
        assert f"{tree / 'shadow.plan'}:1:1: error[E001]" in out + err
        assert "outside" in out + err and SECRET not in out + err
    with pytest.raises(PlanLoadError) as caught:
        planrules.load_dir(tree)
    assert [d.code for d in caught.value.diagnostics] == ["E001"] and SECRET not in caught.value.render()


def test_a_link_inside_the_folder_walked_is_read(tmp_path):
    tree = library(tmp_path / "plans")
    (tree / "sub").mkdir()
    (tree / "sub" / "again.plan").symlink_to(tree / "mini.plan")
    assert plan_files(tree) == [tree / "mini.plan", tree / "sub" / "again.plan"]


def test_a_link_named_on_the_command_line_is_followed_to_a_regular_file(tmp_path):
    """Decided (docs/architecture.md): naming a link is naming its target; its kind is still checked."""
    link = tmp_path / "here" / "mini.plan"
    link.parent.mkdir()
    link.symlink_to(library(tmp_path / "elsewhere") / "mini.plan")
    code, out, err = cli("check", link)
    assert code == 0 and "E001" not in out + err, out + err
    assert planrules.load(link).number == planrules.load(MINI).number


def test_a_folder_named_like_a_plan_is_refused_not_skipped(tmp_path):
    tree = library(tmp_path / "plans")
    (tree / "odd.plan").mkdir()
    code, out, _ = cli("check", tree)
    assert code == 2 and f"{tree / 'odd.plan'}:1:1: error[E001]" in out and "a folder" in out


def test_facts_linked_out_of_their_folder_are_refused_and_not_quoted(tmp_path):
    folder = tmp_path / "facts"
    folder.mkdir()
    (folder / "units.csv").symlink_to(secret_file(tmp_path / "etc", "units.csv"))
    with pytest.raises(FactsError) as caught:
        load_facts(folder)
    (problem,) = caught.value.diagnostics
    assert problem.code == "F101" and problem.span.file == str(folder / "units.csv")
    assert SECRET not in caught.value.render() and SECRET not in caught.value.render("vi")


def test_a_scenario_cannot_name_a_file_outside_its_trees(tmp_path, monkeypatch):
    project = library(tmp_path / "project")
    secret = secret_file(tmp_path / "etc", "facts.toml")
    (project / "link.toml").symlink_to(secret)
    monkeypatch.chdir(project)  # the working directory is one of the trees: make it the project
    scenario = project / "mini.test.toml"
    cases = [('plan = "/proc/self/environ"', "[]"), (f'plan = "{secret}"', "[]"), ("", f'["{secret}"]'),
             ("", '["link.toml"]'), ('library = "/proc/self"', "[]")]
    for head, facts in cases:
        scenario.write_text(f'{head}\n[[scenario]]\nname = "s"\nas_of = 2026-12-31\nfacts = {facts}\n'
                            '[[scenario.expect]]\nunit = "a"\nrule = "r"\nstatus = "met"\n', encoding="utf-8")
        with pytest.raises(ScenarioError) as caught:
            load_scenario(scenario)
        assert "T101" in [d.code for d in caught.value.diagnostics], (head, facts, caught.value.render())
        assert SECRET not in caught.value.render()
        code, out, err = cli("test", project)
        assert code == 2 and "error[T101]" in err and SECRET not in out + err


def test_a_scenario_may_name_files_in_the_working_directory(monkeypatch):
    """The real scenarios name ../../../../examples/...: inside the project they run in."""
    monkeypatch.chdir(ROOT)
    err = io.StringIO()
    code = run(["test", "plans"], io.StringIO(), err)
    assert code != 2 and "error[T1" not in err.getvalue(), err.getvalue()  # every file ran: none refused


# ------------------------------------------------------------ 2. FIFOs never block --


@pytest.mark.parametrize("what", ["plan", "facts", "mapping", "scenario facts", "scenario file"])
def test_a_fifo_is_refused_at_once(tmp_path, what):
    fifo = tmp_path / {"plan": "x.plan", "facts": "f.toml", "mapping": "m.toml",
                       "scenario facts": "f.toml", "scenario file": "x.test.toml"}[what]
    os.mkfifo(fifo)
    argv = {
        "plan": ["check", fifo],
        "facts": ["eval", MINI, "--facts", fifo, "--as-of", "2026-12-31"],
        "mapping": None,
        "scenario facts": ["test", tmp_path / "s.test.toml"],
        "scenario file": ["test", fifo],
    }[what]
    (tmp_path / "s.test.toml").write_text(
        f'plan = "{MINI}"\n[[scenario]]\nname = "s"\nas_of = 2026-12-31\nfacts = ["f.toml"]\n'
        '[[scenario.expect]]\nunit = "a"\nrule = "r"\nstatus = "met"\n', encoding="utf-8")
    if argv is None:  # --mapping goes with a database source only: the library reads it the same way
        code = f"from planrules.facts.mapping import load_mapping\nload_mapping({str(fifo)!r})"
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=30)
        assert b"FactsError" in done.stderr and b"F101" in done.stderr and b"FIFO" in done.stderr, done.stderr
        return
    done = command(*argv, timeout=30)  # before the guard: blocked for ever
    shown = (done.stdout + done.stderr).decode("utf-8")
    assert done.returncode == 2 and "FIFO" in shown and "Traceback" not in shown, shown


# ------------------------------------------------------------ 3. names and encodings --


def test_a_path_longer_than_path_max_is_a_located_error(tmp_path):
    long = "a/" * 3000 + "x.plan"
    for argv, code_ in ((["check", long], "E001"), (["fmt", long], "E001"), (["tree", long], "E001"),
                        (["eval", MINI, "--facts", long[:-5] + ".toml"], "F101"),
                        (["test", long[:-5] + ".test.toml"], "T101")):
        code, out, err = cli(*argv)
        assert code == 2 and f"error[{code_}]" in out + err and "too long" in out + err, (argv, out, err)
    with pytest.raises(PlanLoadError):
        planrules.load(long)
    with pytest.raises(FactsError):
        load_facts(long[:-5] + ".toml")
    with pytest.raises(FactsError):
        load_mapping(long[:-5] + ".toml")


@settings(max_examples=100, deadline=None)
@given(st.text(st.sampled_from("a/.\x00\udcff\ud800é~ -"), max_size=40).map(lambda t: t * 20))
def test_any_path_text_is_read_or_a_located_error(text):
    """Whatever the text of a path (NULs, lone surrogates, thousands of characters), only PlanError/FactsError."""
    for reader, error in ((planrules.load, PlanError), (load_facts, FactsError), (load_mapping, FactsError),
                          (load_scenario, PlanError)):  # not a walk: "////" would walk the whole disk
        try:
            reader(text)
        except error as caught:
            assert all(d.span is not None for d in caught.diagnostics), caught.render()


def test_an_unreadable_subfolder_is_an_error_not_a_silent_skip(tmp_path, monkeypatch):
    """Tests run as root, which ignores permissions: the folder is made unreadable by refusing to list it."""
    tree = library(tmp_path / "plans")
    library(tree / "locked")
    real = os.scandir

    def scandir(path="."):
        if Path(path) == tree / "locked":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    for verb in ("check", "tree", "fmt"):
        code, out, err = cli(verb, tree)
        assert code == 2 and f"{tree / 'locked'}:1:1: error[E001]" in out + err, (verb, out, err)
        assert "permission denied" in out + err
    code, out, err = cli("check", "--lang", "vi", tree)
    assert code == 2 and "không có quyền đọc" in out
    (tree / "locked" / "s.test.toml").write_text("", encoding="utf-8")
    (tree / "s.test.toml").write_text("", encoding="utf-8")
    code, out, err = cli("test", tree)
    assert code == 2 and f"{tree / 'locked'}:1:1: error[T101]: cannot read {tree / 'locked'}: permission denied" in err
    with pytest.raises(FactsError) as caught:
        load_facts(tree / "locked")
    assert [(d.code, d.span.file) for d in caught.value.diagnostics] == [("F101", str(tree / "locked"))]


def test_a_file_under_an_unreadable_folder_is_a_located_error(tmp_path, monkeypatch):
    plan = library(tmp_path / "locked") / "mini.plan"
    real = os.stat

    def stat(path, *args, **kwargs):
        if Path(os.fsdecode(path)).parent == plan.parent:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    code, out, err = cli("check", plan)
    assert code == 2 and f"{plan}:1:1: error[E001]: cannot read {plan}: permission denied" in out


@pytest.mark.parametrize("cache", [True, False])
def test_a_file_name_that_is_not_utf8_is_shown_not_a_crash(tmp_path, cache):
    tree = library(tmp_path / "plans")
    os.rename(tree / "mini.plan", os.fsencode(tree) + b"/b\xffd.plan")
    (tree / "copy.plan").write_bytes(MINI.read_bytes())  # the same number twice: P501 names both files
    env = {"PYTHONIOENCODING": "utf-8:strict", "PLANRULES_CACHE_DIR": str(tmp_path / "cache")}
    for verb in ("check", "tree", "fmt"):
        argv = [verb, tree] if cache or verb == "fmt" else [verb, tree, "--no-cache"]
        done = command(*argv, env=env)
        assert b"Traceback" not in done.stderr, done.stderr.decode("utf-8", "replace")
        assert done.returncode in (0, 1)
    done = command("check", tree, "--format", "json", env=env)
    names = [f["file"] for f in json.loads(done.stdout)["files"]]
    assert done.returncode == 1 and os.fsdecode(os.fsencode(tree) + b"/b\xffd.plan") in names  # the name itself
    assert "b\\udcffd.plan" in command("check", tree, env=env).stdout.decode("utf-8")


def test_names_in_an_ascii_file_system_encoding_are_read_and_shown(tmp_path):
    """LC_ALL=C without UTF-8 mode: Python's file system encoding is ASCII, Vietnamese names arrive escaped."""
    tree = tmp_path / "kế hoạch"
    library(tree)
    os.rename(tree / "mini.plan", tree / "kế hoạch 1.plan")
    (tree / "copy.plan").write_bytes(MINI.read_bytes())  # the same number twice: P501 names both files
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": "",
           "PLANRULES_CACHE_DIR": str(tmp_path / "cache")}
    probe = subprocess.run([sys.executable, "-X", "utf8=0", "-c", "import sys; print(sys.getfilesystemencoding())"],
                           capture_output=True, text=True, env={**os.environ, **env})
    if probe.stdout.strip() != "ascii":
        pytest.skip(f"this Python's file system encoding under LC_ALL=C is {probe.stdout.strip()}")
    for argv in (["check", tree], ["check", tree, "--no-cache"], ["tree", tree], ["fmt", "--check", tree],
                 ["check", tree, "--format", "json"]):
        done = command(*argv, env=env, options=("-X", "utf8=0"))
        assert b"Traceback" not in done.stderr and done.returncode in (0, 1), done.stderr.decode("utf-8", "replace")
        assert "kế hoạch 1.plan" in done.stdout.decode("utf-8") or argv[0] == "fmt"


# ------------------------------------------------------------ 4. folders with nothing to read --


def test_a_folder_without_plans_is_an_error_for_every_command(tmp_path):
    empty = tmp_path / "plnas"  # a typo in a CI path
    (empty / "sub").mkdir(parents=True)
    for verb in ("check", "tree", "fmt"):
        code, out, err = cli(verb, empty)
        assert code == 2 and f"{empty}:1:1: error[E001]: no .plan files under {empty}" in out + err, (verb, out, err)
    with pytest.raises(PlanLoadError):
        planrules.check(empty)
    code, _, err = cli("test", empty)
    assert code == 2 and "error[T101]" in err


# ------------------------------------------------------------ bytes that are not text --


@settings(max_examples=30, deadline=None)
@given(st.text(st.sampled_from("abcxyzếạ =\"#"), min_size=12, max_size=40), st.sampled_from([b"\xff", b"\xc3(", b"\xe1\xba"]))
def test_a_file_that_is_not_utf8_is_located_and_none_of_its_text_is_quoted(tmp_path_factory, text, bad):
    folder = tmp_path_factory.mktemp("bytes")
    data = text.encode("utf-8") + bad + b" tail\n"
    for name, verb in (("x.plan", ("check",)), ("f.toml", ("eval", MINI, "--facts")), ("m.toml", None)):
        path = folder / name
        path.write_bytes(data)
        if verb is None:
            with pytest.raises(FactsError) as caught:
                load_mapping(path)
            shown = caught.value.render()
        else:
            code, out, err = cli(*verb, path)
            assert code == 2
            shown = out + err
        column = len(text.encode("utf-8")) + 1
        assert f"{path}:1:{column}: error[" in shown, shown
        assert text.strip() not in shown.replace(str(path), "") and "tail" not in shown


def test_the_guard_reads_regular_files_only(tmp_path):
    from planrules.base import files

    path = tmp_path / "a.plan"
    path.write_bytes(b"abc")
    assert files.read_file(path, 10) == (b"abc", 3)
    assert files.read_file(path, 2) == (b"", 3)  # too large: nothing read
    with pytest.raises(files.Refused):
        files.read_file(tmp_path, 10)


# ------------------------------------------------------------ files read again to show a line --


def test_a_plan_named_after_a_fifo_is_checked_without_reading_it():
    """A plan parsed from text under any name: check and lint show its lines from the file by that name
    only when it is a regular file the guard lets through (they read a FIFO, and blocked, before)."""
    code = (
        "import os, tempfile\n"
        "from planrules import check, parse\n"
        f"text = open({str(MINI)!r}, encoding='utf-8').read()\n"
        "fifo = os.path.join(tempfile.mkdtemp(), 'x.plan')\n"
        "os.mkfifo(fifo)\n"
        "findings = check(parse(text, source=fifo))\n"
        "assert findings and all(f.line_text is None for f in findings), findings\n"
        "print(len(findings))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0 and int(done.stdout) > 0, done.stderr


def test_a_file_giving_more_bytes_than_its_size_is_refused(tmp_path, monkeypatch):
    """/proc/self/environ says it is 0 bytes and gives the environment: wherever such a file system is
    mounted (not only under /proc), a file that outgrows its size is refused and none of it is kept."""
    from planrules.base import files

    plan = library(tmp_path / "plans") / "mini.plan"
    real = os.fstat

    def fstat(fd):
        found = real(fd)
        fields = list(found)
        fields[6] = 0  # st_size, as a kernel file says
        return os.stat_result(fields)

    monkeypatch.setattr(os, "fstat", fstat)
    with pytest.raises(files.Refused) as caught:
        files.read_file(plan, 1000)
    assert "more bytes than its size" in caught.value.reason[0]
    with pytest.raises(PlanLoadError) as caught:
        planrules.load(plan)
    assert "nhiệm vụ" not in caught.value.render() and caught.value.diagnostics[0].line_text is None
