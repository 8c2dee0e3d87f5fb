"""Faults around the commands: output that cannot be written, caches that cannot be, interrupts, dead workers.

Each test provokes the fault for real where the machine allows it (/dev/full,
a closed standard output, a reader that goes away, a signal after a random
delay, a worker killed with SIGKILL) and otherwise through a fake stream; the
command must end with its documented status and a one-line message, never a
traceback, and leave no file half-written or temporary file behind.
"""

from __future__ import annotations

import errno
import functools
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planrules.cli import EXIT_OUTPUT, EXIT_PIPE, run

from conftest import PLANS, ROOT

VU_DUONG = PLANS / "quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"
EVAL = ["eval", str(VU_DUONG), "--library", str(PLANS), "--facts", str(ROOT / "examples/vu-duong/facts.toml"),
        "--as-of", "2026-11-30", "--format", "json"]
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
@pytest.mark.parametrize("argv", [EVAL, EXPORT, CHECK, ["--help"], ["check", "--help"]], ids=str)
def test_dev_full(argv):
    with open("/dev/full", "wb") as full:
        done = command(*argv, stdout=full)
    assert done.returncode == EXIT_OUTPUT
    assert "cannot write the standard output" in one_line_no_traceback(done.stderr.decode())


@POSIX
@pytest.mark.parametrize("unbuffered", ["1", ""])
@pytest.mark.parametrize("argv", [EVAL, EXPORT, CHECK], ids=str)
def test_a_file_that_cannot_grow_past_8192_bytes(argv, unbuffered, tmp_path):
    """A real short write: the file size limit lets write(2) take 8,192 bytes, then refuses (EFBIG)."""
    import resource
    import signal

    def limited():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the error, not the signal that would kill it
        resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))

    env = {**os.environ, "PYTHONUNBUFFERED": unbuffered}
    with open(tmp_path / "out", "wb") as file:
        done = subprocess.run([sys.executable, "-m", "planrules", *argv], stdout=file, stderr=subprocess.PIPE,
                              preexec_fn=limited, env=env, timeout=120)
    assert done.returncode == EXIT_OUTPUT, done.stderr.decode()
    assert "cannot write the standard output" in one_line_no_traceback(done.stderr.decode())
    assert (tmp_path / "out").stat().st_size == 8192


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


def test_the_exit_statuses_are_in_the_help(capsys):
    run(["--help"], io.StringIO(), io.StringIO())
    printed = " ".join(capsys.readouterr().out.split())  # argparse wraps the epilog
    assert f"{EXIT_OUTPUT} output could not be written" in printed and "130 interrupted" in printed
    assert f"{EXIT_PIPE} the reader of the output went away" in printed
