"""Faults around the commands: output that cannot be written, caches that cannot be, interrupts, dead workers.

Each test provokes the fault for real where the machine allows it (/dev/full,
a closed standard output, a reader that goes away, a signal after a random
delay, a worker killed with SIGKILL) and otherwise through a fake stream; the
command must end with its documented status and a one-line message, never a
traceback, and leave no file half-written or temporary file behind.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planrules.tooling.cli import EXIT_OUTPUT, EXIT_PIPE, run

from conftest import PLANS, ROOT

VU_DUONG = PLANS / "quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"
EVAL = ["eval", str(VU_DUONG), "--library", str(PLANS), "--facts", str(ROOT / "examples/vu-duong/facts.toml"),
        "--as-of", "2026-11-30", "--format", "json", "--lang", "en"]
EXPORT = ["export", str(VU_DUONG), "--library", str(PLANS)]
CHECK = ["check", str(PLANS)]
POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX streams and signals")


class Full(io.StringIO):
    """A stream on a disk that fills up after `room` characters: the part that fits is written, then ENOSPC."""

    def __init__(self, room: int, short: bool = False):
        super().__init__()
        self.room, self.short = room, short

    def write(self, text: str) -> int:
        left = self.room - len(self.getvalue())
        if left >= len(text):
            return super().write(text)
        if self.short and left > 0:  # what write(2) does: a short count first, the error on the next call
            return super().write(text[:left])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def command(*argv: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "planrules", *argv], stdout=stdout, stderr=subprocess.PIPE,
                          timeout=120)


def one_line_no_traceback(err: str) -> str:
    """The last line of `err`, the one telling the fault (warnings of the command may come before it)."""
    assert "Traceback" not in err and err.endswith("\n") and err.count("planrules: ") >= 1, err
    return err.splitlines()[-1]


# ------------------------------------------------------------------ 1. output --


COMMANDS = {"eval": EVAL, "export": EXPORT, "check": CHECK}


@functools.cache
def output(name: str, lang: str = "en") -> str:
    """What a command prints when its output can be written."""
    stdout = io.StringIO()
    run([*COMMANDS[name], "--no-cache", "--lang", lang], stdout, io.StringIO())
    return stdout.getvalue()


@settings(max_examples=15, deadline=None)
@given(name=st.sampled_from(sorted(COMMANDS)), share=st.floats(0, 0.999), short=st.booleans(),
       lang=st.sampled_from(["en", "vi"]))
def test_a_full_disk_is_said_with_its_own_status(name, share, short, lang):
    """Wherever the disk fills up, the command exits EXIT_OUTPUT with one line on stderr, never 0."""
    room = int(len(output(name, lang)) * share)
    out, err = Full(room, short), io.StringIO()
    code = run([*COMMANDS[name], "--no-cache", "--lang", lang], out, err)
    assert code == EXIT_OUTPUT
    said = "không ghi được đầu ra chuẩn" if lang == "vi" else "cannot write the standard output"
    assert said in one_line_no_traceback(err.getvalue())
    assert output(name, lang).startswith(out.getvalue())


def test_a_short_write_is_completed_not_accepted():
    """A stream that takes part of a write each time gets all of it, in order."""

    class Trickle(io.StringIO):
        def write(self, text: str) -> int:
            return super().write(text[:1000])

    out = Trickle()
    assert run([*EXPORT, "--no-cache"], out, io.StringIO()) == 0
    assert out.getvalue() == output("export")


@POSIX
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("argv", [EVAL, EXPORT, CHECK, ["--help"], ["check", "--help"], ["--version"],
                                  ["schema", str(VU_DUONG)], ["tree", str(PLANS)], ["test", str(PLANS)]], ids=str)
def test_dev_full(argv):
    with open("/dev/full", "wb") as full:
        done = command(*argv, stdout=full)
    assert done.returncode == EXIT_OUTPUT
    assert "cannot write the standard output" in one_line_no_traceback(done.stderr.decode())


@POSIX
@pytest.mark.parametrize("unbuffered", ["1", ""])
@pytest.mark.parametrize("argv", [EVAL, EXPORT, CHECK], ids=str)
def test_a_file_that_cannot_grow_past_a_limit(argv, unbuffered, tmp_path):
    """A real short write: the file size limit (8,192 bytes, or half the output) lets write(2) take that
    much, then refuses (EFBIG)."""
    import resource
    import signal

    def limited():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the error, not the signal that would kill it
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    limit = min(8192, len(output(argv[0]).encode()) // 2)
    env = {**os.environ, "PYTHONUNBUFFERED": unbuffered}
    with open(tmp_path / "out", "wb") as file:
        done = subprocess.run([sys.executable, "-m", "planrules", *argv, "--no-cache"], stdout=file,
                              stderr=subprocess.PIPE, preexec_fn=limited, env=env, timeout=120)
    assert done.returncode == EXIT_OUTPUT, done.stderr.decode()
    assert "cannot write the standard output" in one_line_no_traceback(done.stderr.decode())
    assert (tmp_path / "out").stat().st_size == limit


@POSIX
@pytest.mark.parametrize("argv", [EVAL, EXPORT, CHECK], ids=str)
def test_a_closed_stdout(argv):
    done = subprocess.run(["sh", "-c", '"$0" -m planrules "$@" >&-', sys.executable, *argv],
                          capture_output=True, timeout=120)
    assert done.returncode == EXIT_OUTPUT
    assert "cannot write the standard output" in one_line_no_traceback(done.stderr.decode())


@POSIX
@pytest.mark.parametrize("first", [0, 10])
def test_a_reader_that_goes_away_ends_the_command_quietly(first):
    """`planrules eval … | head -c N`: no traceback, no message, the status of a broken pipe.

    The output (about 100 KB) is larger than a pipe holds (64 KB), and the pipe is read unbuffered, so
    the command is still writing when the reader goes away.
    """
    assert len(output("eval")) > 2 * 65536 // 1.5
    with subprocess.Popen([sys.executable, "-m", "planrules", *EVAL], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, bufsize=0) as process:
        assert len(process.stdout.read(first)) == first
        process.stdout.close()
        err = process.stderr.read().decode()
        assert process.wait(timeout=120) == EXIT_PIPE
    assert "Traceback" not in err and "cannot write" not in err and "Exception" not in err


def test_the_exit_statuses_are_in_the_help():
    out = io.StringIO()
    run(["--help"], out, io.StringIO())
    printed = " ".join(out.getvalue().split())  # argparse wraps the epilog
    assert f"{EXIT_OUTPUT} output could not be written" in printed and "130 interrupted" in printed
    assert f"{EXIT_PIPE} the reader of the output went away" in printed


# ------------------------------------------------------------------ 2. cache writes --


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


class Refusing:
    """A SQLite connection whose writes fail as a full disk, a read-only file or a lock would make them fail."""

    def __init__(self, db: sqlite3.Connection, error: str):
        self.db, self.error = db, error

    def _refuse(self, sql: str) -> None:
        if sql.split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE", "BEGIN", "REPLACE"):
            raise sqlite3.OperationalError(self.error)

    def execute(self, sql: str, *args):
        self._refuse(sql)
        return self.db.execute(sql, *args)

    def executemany(self, sql: str, *args):
        self._refuse(sql)
        return self.db.executemany(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self.db, name)

    def __enter__(self):
        return self.db.__enter__()

    def __exit__(self, *exc):
        return self.db.__exit__(*exc)


@pytest.mark.parametrize("error", ["database or disk is full", "attempt to write a readonly database",
                                   "database is locked", "disk I/O error"])
@pytest.mark.parametrize("argv", [CHECK, EXPORT, EVAL], ids=lambda a: a[0])
def test_a_cache_that_cannot_be_written_is_said_and_the_status_kept(argv, error, tmp_path, monkeypatch):
    monkeypatch.setenv("PLANRULES_CACHE_DIR", str(tmp_path / "c"))
    expected = cli(*argv, "--no-cache")
    assert cli(*argv)[:2] == expected[:2]  # the cache is made; the next run has entries to touch, at least
    real = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: Refusing(real(*a, **k), error))
    code, out, err = cli(*argv)
    assert (code, out) == expected[:2]
    assert "Traceback" not in err
    said = {"en": f"warning: the cache was not written ({error}); nothing of this run is kept",  # eval: --lang en
            "vi": f"cảnh báo: không ghi được bộ nhớ đệm ({error}); không lưu lại gì của lần chạy này"}  # the plans'
    assert said["en" if "--lang" in argv else "vi"] in err.splitlines()[-1]


@POSIX
def test_a_full_disk_under_the_cache_in_a_real_process(tmp_path):
    """The cache's files may not grow past 20 or 45 KB (RLIMIT_FSIZE): SQLite finds the disk full.

    Depending on where the limit falls, the cache cannot be opened or its entries cannot be written; either
    way the check prints what it prints without a cache, with its status, and one warning.
    """
    import resource
    import signal

    def limited():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    expected = command(*CHECK, "--no-cache")
    for limit in (20000, 45000):
        env = {**os.environ, "PLANRULES_CACHE_DIR": str(tmp_path / str(limit))}
        done = subprocess.run([sys.executable, "-m", "planrules", *CHECK], capture_output=True, env=env,
                              preexec_fn=limited, timeout=120)
        assert (done.returncode, done.stdout) == (expected.returncode, expected.stdout)
        err = done.stderr.decode()
        assert "Traceback" not in err and len(err.splitlines()) == 1
        assert "không ghi được bộ nhớ đệm" in err or "làm việc không dùng bộ nhớ đệm" in err  # (the plans' language)


def test_a_cache_locked_for_longer_than_the_wait_is_said(tmp_path, monkeypatch):
    from planrules.tooling import cache as cache_module

    monkeypatch.setenv("PLANRULES_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setattr(cache_module, "LOCK_TIMEOUT", 0.2)
    expected = cli(*CHECK, "--no-cache")
    cli(*CHECK)  # makes the cache
    other = sqlite3.connect(tmp_path / "c" / "cache.sqlite3", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    other.execute("DELETE FROM entries")
    try:
        code, out, err = cli(*CHECK, "--format", "json")  # not kept yet: has to be written
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert code == expected[0] and json.loads(out)
    assert "Traceback" not in err and "không ghi được bộ nhớ đệm" in err


def test_a_foreign_entries_table_is_not_used(tmp_path, monkeypatch):
    folder = tmp_path / "c"
    folder.mkdir(mode=0o700)
    db = sqlite3.connect(folder / "cache.sqlite3")
    db.execute("CREATE TABLE entries (name TEXT, value INTEGER)")
    db.execute("INSERT INTO entries VALUES ('theirs', 1)")
    db.commit()
    db.close()
    monkeypatch.setenv("PLANRULES_CACHE_DIR", str(folder))
    code, out, err = cli(*CHECK)
    assert (code, out) == cli(*CHECK, "--no-cache")[:2]
    assert "làm việc không dùng bộ nhớ đệm" in err and "Traceback" not in err
    db = sqlite3.connect(folder / "cache.sqlite3")
    assert db.execute("SELECT * FROM entries").fetchall() == [("theirs", 1)]  # left as it was
    db.close()


# ------------------------------------------------------------------ 3. cache trust --


def _forge_every_entry(folder: Path, change) -> int:
    """Rewrite each codec entry of the cache with `change` applied to its JSON, with a matching SHA-256."""
    import hashlib
    import zlib

    db = sqlite3.connect(folder / "cache.sqlite3")
    forged = 0
    with db:
        for key, payload in db.execute("SELECT key, payload FROM entries").fetchall():
            text = zlib.decompress(payload)
            if text.startswith(b"text\0"):
                db.execute("DELETE FROM entries WHERE key = ?", (key,))  # the kept report: gone
                continue
            new = zlib.compress(change(text))
            if new != payload:
                forged += 1
            db.execute("UPDATE entries SET payload = ?, digest = ? WHERE key = ?",
                       (new, hashlib.sha256(new).hexdigest(), key))
    db.close()
    return forged


@pytest.mark.parametrize("change", [
    lambda t: re.sub(rb'"line":(\d+)', rb'"line":\1.0', t, count=1),
    lambda t: re.sub(rb'"line":(\d+)', b'"line":' + b"9" * 5000, t, count=1),
    lambda t: re.sub(rb'"column":(\d+)', b'"column":' + b"9" * 12, t, count=1),
    lambda t: re.sub(rb'"file":"[^"]*"', b'"file":7', t, count=1),
], ids=["float line", "5000 digits", "huge column", "number as a file"])
def test_a_mistyped_entry_is_dropped_and_computed_again_with_a_warning(change, tmp_path, monkeypatch):
    monkeypatch.setenv("PLANRULES_CACHE_DIR", str(tmp_path / "c"))
    expected = cli(*CHECK, "--no-cache")
    assert cli(*CHECK)[:2] == expected[:2]
    assert _forge_every_entry(tmp_path / "c", change) > 0
    for _ in range(2):  # and the run after it is sound too
        code, out, err = cli(*CHECK)
        assert (code, out) == expected[:2] and "Traceback" not in err
    assert "damaged" not in err  # the second run found them gone


def test_the_damaged_entries_are_said(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANRULES_CACHE_DIR", str(tmp_path / "c"))
    cli(*CHECK)
    _forge_every_entry(tmp_path / "c", lambda t: re.sub(rb'"line":(\d+)', rb'"line":\1.5', t))
    code, out, err = cli(*CHECK)
    assert "mục trong bộ nhớ đệm bị hỏng: đã bỏ và tính lại" in err  # in the language of the plans checked


def test_a_cache_made_by_another_user_or_machine_is_not_trusted(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANRULES_CACHE_DIR", str(tmp_path / "c"))
    expected = cli(*CHECK, "--no-cache")
    cli(*CHECK)
    db = sqlite3.connect(tmp_path / "c" / "cache.sqlite3")
    with db:
        db.execute("UPDATE meta SET value = '1000@another-machine' WHERE name = 'owner'")
        rows = db.execute("SELECT COUNT(*) FROM entries").fetchone()
    db.close()
    code, out, err = cli(*CHECK)
    assert (code, out) == expected[:2]
    assert "làm việc không dùng bộ nhớ đệm" in err and "1000@another-machine" in err and "PLANRULES_TRUST_CACHE" in err
    db = sqlite3.connect(tmp_path / "c" / "cache.sqlite3")
    assert db.execute("SELECT COUNT(*) FROM entries").fetchone() == rows  # neither used nor changed
    db.close()
    monkeypatch.setenv("PLANRULES_TRUST_CACHE", "1")  # said to trust it: used, and from now on ours
    code, out, err = cli(*CHECK)
    assert (code, out) == expected[:2] and "warning" not in err
    monkeypatch.delenv("PLANRULES_TRUST_CACHE")
    assert cli(*CHECK)[2] == ""


def test_a_cache_without_an_owner_is_emptied_before_use(tmp_path, monkeypatch):
    """A cache written before owners were recorded (or restored without them) is not believed."""
    monkeypatch.setenv("PLANRULES_CACHE_DIR", str(tmp_path / "c"))
    expected = cli(*CHECK, "--no-cache")
    cli(*CHECK)
    _forge_every_entry(tmp_path / "c", lambda t: t.replace(b"\xe1\xbb\x87", b"e"))  # a verdict-changing edit
    db = sqlite3.connect(tmp_path / "c" / "cache.sqlite3")
    with db:
        db.execute("DROP TABLE meta")
    db.close()
    assert cli(*CHECK)[:2] == expected[:2]


# ------------------------------------------------------------------ 4. fmt interrupted --


def _untidy_library(folder: Path, count: int) -> tuple[str, str]:
    """`count` copies of a plan that `fmt` would change; its text and its formatted text."""
    from planrules.language.printer import format as format_plan
    from planrules.language.syntax import parse

    text = VU_DUONG.read_text(encoding="utf-8").replace("\n\n", "\n\n\n")
    formatted = format_plan(parse(text, source="x.plan"))
    assert formatted != text
    folder.mkdir()
    for i in range(count):
        (folder / f"kh-{i:04}.plan").write_text(text, encoding="utf-8")
    return text, formatted


@POSIX
@pytest.mark.parametrize("run_", range(5))
def test_fmt_stopped_by_a_signal_says_which_files_it_rewrote(run_, tmp_path):
    """A signal after a random delay: every file whole, old or new; those rewritten are exactly those listed."""
    import random
    import signal
    import time

    rng = random.Random(run_)
    sent = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGTERM, signal.SIGINT][run_]
    folder = tmp_path / "plans"
    text, formatted = _untidy_library(folder, 400)
    with subprocess.Popen([sys.executable, "-m", "planrules", "fmt", str(folder)], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as process:
        first = process.stdout.readline()  # it is rewriting files: now at a random point
        time.sleep(rng.uniform(0, 2.0))
        process.send_signal(sent)
        out, err = process.communicate(timeout=120)
    out, err = (first + out).decode(), err.decode()
    contents = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()}
    assert set(contents) == {f"kh-{i:04}.plan" for i in range(400)}  # no temporary file left
    assert set(contents.values()) <= {text, formatted}  # each whole
    rewritten = sorted(name for name, content in contents.items() if content == formatted)
    listed = sorted(Path(line.removeprefix("đã định dạng lại ")).name for line in out.splitlines())  # vi plans
    assert listed == rewritten
    assert "Traceback" not in err
    if process.returncode == 0:  # it was quicker than the signal
        assert len(rewritten) == 400
        return
    assert process.returncode == 130
    by = "" if sent == signal.SIGINT else f" ({sent.name})"  # Ctrl-C needs no name
    assert f"bị ngắt{by} sau khi đã viết lại {len(rewritten)} tệp" in err.splitlines()[-1]


@POSIX
def test_fmt_interrupted_as_it_lists_a_file_lists_it_once(tmp_path):
    """SIGINT raised the moment a line is written (between the line and its count, the race the test above
    met once under load): the file is listed once, not again by the interrupted run's list."""
    import signal
    import threading

    from planrules.tooling.cli import run

    _untidy_library(tmp_path / "plans", 3)

    class Interrupting(io.StringIO):
        def write(self, text):
            written = super().write(text)
            if text.startswith("đã định dạng lại") and "kh-0001" in text:
                os.kill(os.getpid(), signal.SIGINT)  # Python raises it at the next instruction it runs
            return written

    out, err = Interrupting(), io.StringIO()
    done = threading.Event()  # another thread, as a database's worker is: the kernel may hand it the signal
    waiting = threading.Thread(target=done.wait)
    waiting.start()
    try:
        code = run(["fmt", str(tmp_path / "plans")], out, err)
    finally:
        done.set()
        waiting.join()
    assert code == 130
    listed = [Path(line.removeprefix("đã định dạng lại ")).name for line in out.getvalue().splitlines()]
    assert listed == ["kh-0000.plan", "kh-0001.plan"]


# ------------------------------------------------------------------ 6. fmt and links, files it cannot write --


UNTIDY = VU_DUONG.read_text(encoding="utf-8").replace("\n\n", "\n\n\n")


def _formatted() -> str:
    from planrules.language.printer import format as format_plan
    from planrules.language.syntax import parse

    return format_plan(parse(UNTIDY, source="x.plan"))


@POSIX
def test_fmt_writes_through_a_symbolic_link(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "kh.plan"
    target.write_text(UNTIDY, encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.plan"
    link.symlink_to(target)
    code, out, err = cli("fmt", str(link))
    assert code == 0 and out == f"đã định dạng lại {link}\n"  # in the plan's language
    assert link.is_symlink() and os.readlink(link) == str(target)  # still a link, to the same file
    assert target.read_text(encoding="utf-8") == _formatted()
    assert target.stat().st_mode & 0o7777 == 0o640
    assert sorted(os.listdir(tmp_path / "real")) == ["kh.plan"]


@POSIX
def test_fmt_keeps_hard_links(tmp_path):
    first, second = tmp_path / "a.plan", tmp_path / "b.plan"
    first.write_text(UNTIDY, encoding="utf-8")
    os.link(first, second)
    code, out, err = cli("fmt", str(first))
    assert code == 0 and out == f"đã định dạng lại {first}\n"
    assert os.path.samefile(first, second) and first.stat().st_nlink == 2
    assert second.read_text(encoding="utf-8") == _formatted()
    assert sorted(os.listdir(tmp_path)) == ["a.plan", "b.plan"]


@POSIX
def test_fmt_says_which_files_it_cannot_write_and_formats_the_others(tmp_path, monkeypatch):
    import tempfile

    for name in ("a", "b", "c", "d"):
        (tmp_path / f"{name}.plan").write_text(UNTIDY, encoding="utf-8")
    (tmp_path / "b.plan").chmod(0o444)
    real = tempfile.mkstemp

    def full(*args, dir=None, prefix="", **kwargs):  # noqa: A002 - mkstemp's own name
        if prefix.startswith(".c.plan"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(*args, dir=dir, prefix=prefix, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", full)
    code, out, err = cli("fmt", "--lang", "en", str(tmp_path))
    assert code == 2 and "Traceback" not in err
    assert out == f"reformatted {tmp_path / 'a.plan'}\nreformatted {tmp_path / 'd.plan'}\n"
    assert err.splitlines() == [f"planrules: {tmp_path / 'b.plan'}: not rewritten: the file is read-only",
                                f"planrules: {tmp_path / 'c.plan'}: not rewritten: No space left on device"]
    assert [(tmp_path / f"{n}.plan").read_text(encoding="utf-8") == _formatted() for n in "abcd"] == [
        True, False, False, True]
    assert sorted(os.listdir(tmp_path)) == ["a.plan", "b.plan", "c.plan", "d.plan"]
    code, out, err = cli("fmt", str(tmp_path / "b.plan"))  # by default, in the plan's own language
    assert code == 2 and err == f"planrules: {tmp_path / 'b.plan'}: không viết lại được: tệp chỉ được đọc\n"


# ------------------------------------------------------------------ 5. check --jobs --


def _children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (from /proc)."""
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                out.add(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@contextlib.contextmanager
def _reaped(process: subprocess.Popen):
    """`process`, and should the test fail, its whole session killed (it was started in a new one)."""
    import signal

    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.__exit__(None, None, None)  # closes its pipes and waits for it


def _large_library(folder: Path, copies: int = 80) -> Path:
    import shutil

    for i in range(copies):
        shutil.copytree(PLANS / "quoc-gia", folder / f"copy-{i:03}")
    return folder


def _start_jobs(folder: Path, tmp_path: Path):
    """`check --jobs 2` of `folder`, once both workers are parsing; the process and its workers."""
    import time

    env = {**os.environ, "PLANRULES_CACHE_DIR": str(tmp_path / "cache")}
    process = subprocess.Popen([sys.executable, "-m", "planrules", "check", "--jobs", "2", str(folder)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while len(_children(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = _children(process.pid)
    assert len(workers) >= 2, "the workers did not start"
    return process, workers


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize("run_", range(6))
def test_check_jobs_stopped_by_sigterm_leaves_no_worker(run_, tmp_path):
    import random
    import signal
    import time

    folder = _large_library(tmp_path / "lib")
    process, workers = _start_jobs(folder, tmp_path)
    with _reaped(process):
        time.sleep(random.Random(run_).uniform(0, 0.5))
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err.decode()
    assert "Traceback" not in err.decode() and "interrupted (SIGTERM)" in err.decode()
    time.sleep(0.2)
    assert [pid for pid in workers if _alive(pid)] == []
    assert not list((tmp_path / "cache").glob("*")) or _entries(tmp_path / "cache") == 0  # nothing kept


def _entries(folder: Path) -> int:
    db = sqlite3.connect(folder / "cache.sqlite3")
    try:
        return db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
    finally:
        db.close()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_worker_killed_by_the_oom_killer_is_one_line_and_exit_2(tmp_path):
    import signal
    import time

    folder = _large_library(tmp_path / "lib")
    process, workers = _start_jobs(folder, tmp_path)
    with _reaped(process):
        os.kill(min(workers), signal.SIGKILL)
        out, err = process.communicate(timeout=60)
    err = err.decode()
    assert process.returncode == 2, err
    assert "a parsing process stopped abruptly" in one_line_no_traceback(err)
    assert len(err.splitlines()) == 1 and out == b""
    time.sleep(0.2)
    assert [pid for pid in workers if _alive(pid)] == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root formats another's file")
def test_fmt_by_root_keeps_the_owner(tmp_path):
    plan = tmp_path / "kh.plan"
    plan.write_text(UNTIDY, encoding="utf-8")
    os.chown(plan, 65534, 65534)
    assert cli("fmt", str(plan))[0] == 0
    assert plan.read_text(encoding="utf-8") == _formatted()
    assert (plan.stat().st_uid, plan.stat().st_gid) == (65534, 65534)


@POSIX
def test_a_closed_stderr_keeps_the_report_and_says_so_in_the_status(tmp_path):
    """A warning (an unsafe cache) cannot be written: the rule set still is, and the status is 3, not 0."""
    (tmp_path / "open").mkdir()
    (tmp_path / "open").chmod(0o777)
    env = {**os.environ, "PLANRULES_CACHE_DIR": str(tmp_path / "open")}
    done = subprocess.run(["sh", "-c", '"$0" -m planrules "$@" 2>&-', sys.executable, *EXPORT],
                          capture_output=True, timeout=120, env=env)
    assert done.stdout.decode() == output("export")
    assert done.returncode == EXIT_OUTPUT


def test_a_cache_that_cannot_be_read_is_asked_once_not_once_per_plan(tmp_path, monkeypatch):
    """Locked by another run after it was opened: every read would wait LOCK_TIMEOUT (30 s) again."""
    from planrules.tooling.cache import Cache

    class Locked(Refusing):
        reads = 0

        def execute(self, sql: str, *args):
            if sql.startswith("SELECT digest"):
                Locked.reads += 1
                raise sqlite3.OperationalError("database is locked")
            return super().execute(sql, *args)

    monkeypatch.setenv("PLANRULES_CACHE_DIR", str(tmp_path / "c"))
    expected = cli(*CHECK, "--no-cache")
    Cache(tmp_path / "c").close()
    real = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: Locked(real(*a, **k), "database is locked"))
    code, out, err = cli(*CHECK)
    assert (code, out) == expected[:2] and Locked.reads == 1
    assert "Traceback" not in err and "không ghi được bộ nhớ đệm (database is locked)" in err


def test_an_interrupt_after_the_report_does_not_say_nothing_was_written(tmp_path, monkeypatch):
    """Ctrl-C while the cache is written, after the report: the report is out, so it is not denied."""
    from planrules.tooling.cache import Cache

    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setenv("PLANRULES_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setattr(Cache, "flush", interrupted)
    code, out, err = cli(*CHECK)
    assert code == 130 and out
    assert "nothing was written" not in err and "the output may be incomplete" in err.splitlines()[-1]


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_write_ahead_log_others_can_write_is_refused(tmp_path, monkeypatch):
    """SQLite replays cache.sqlite3-wal into the database: a log anyone can write is a cache anyone can write."""
    monkeypatch.setenv("PLANRULES_CACHE_DIR", str(tmp_path / "c"))
    expected = cli(*CHECK, "--no-cache")
    cli(*CHECK)
    log = tmp_path / "c" / "cache.sqlite3-wal"
    log.write_bytes(b"")
    log.chmod(0o666)
    code, out, err = cli(*CHECK)
    assert (code, out) == expected[:2]
    assert "làm việc không dùng bộ nhớ đệm" in err and "người dùng khác ghi được vào bộ nhớ đệm tại" in err
    assert "cache.sqlite3-wal; hãy để nó riêng tư (chmod 700)" in err


@POSIX
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_a_full_stderr_keeps_the_status_of_the_command(tmp_path):
    """`check missing 2>/dev/full`: the usage error's status (2), not Python's 120 from its last flush."""
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "planrules", "check", str(tmp_path / "missing")],
                              stdout=subprocess.PIPE, stderr=full, timeout=120)
    assert done.returncode == 2
