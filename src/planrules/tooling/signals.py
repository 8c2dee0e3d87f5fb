"""Signals for the `planrules` command: SIGTERM and SIGHUP stop a run as Ctrl-C does, and short
sections that must run whole (a file's rename) hold all three until they end.

Apart from `cli.py` because every command that writes files (`fmt`, and the commands that write
tables or documents) needs the same guarantees: an interrupted run leaves each file old or new,
never half-written, and exits with status 130.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["Interrupted", "on_signals", "signal_name", "signals_held"]

_HELD = ("SIGINT", "SIGTERM", "SIGHUP")


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP for a short section that must run whole (they arrive at its end).

    In the main thread, where Python runs its signal handlers, each signal's handler is swapped for one that
    notes it, and the handler it replaced is called at the end: a thread mask alone let a signal through when
    the process had another thread (a database's worker) for the kernel to hand it to. Elsewhere, the
    thread's mask holds them."""
    import signal
    import threading

    held = [getattr(signal, name) for name in _HELD if hasattr(signal, name)]
    if threading.current_thread() is threading.main_thread() and all(signal.getsignal(s) is not None for s in held):
        with _noted(signal, held):  # (a handler not installed from Python could not be put back: masked)
            yield
        return
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, set(held))
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


@contextmanager
def _noted(signal, held: list[int]) -> Iterator[None]:
    """The main thread's section: signals noted, then handled as they would have been, the first one only."""
    import os

    arrived: list[tuple[int, object]] = []
    before = {signum: signal.signal(signum, lambda signum, frame: arrived.append((signum, frame))) for signum in held}
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)
        if arrived:
            signum, frame = arrived[0]
            handler = before[signum]
            if callable(handler):
                handler(signum, frame)
            elif handler == signal.SIG_DFL:  # its default action (SIGTERM's: the process ends), as if never held
                os.kill(os.getpid(), signum)


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP, handled as Ctrl-C is: the run stops cleanly, with exit status 130."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _interrupt(signum: int, frame: object) -> None:
    raise Interrupted(signum)


def on_signals() -> None:
    """Make SIGTERM and SIGHUP interrupt a run like Ctrl-C: files whole, temporaries gone, workers stopped."""
    import signal

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _interrupt)


def signal_name(interrupt: BaseException) -> str:
    import signal

    signum = getattr(interrupt, "signum", None)
    return f" ({signal.Signals(signum).name})" if signum else ""
