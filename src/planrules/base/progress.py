"""Progress of long runs, on stderr: a bar on a terminal, nothing anywhere else.

A national check parses thousands of plans, a national evaluation judges
thousands of units; someone at a terminal should see that it moves. Output
that goes to a file or a pipe (CI logs, scripts) gets no bar, because a bar
there is noise. The bar is tqdm's; library calls show nothing unless given
a `Progress`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")


class Progress:
    """Wraps the loops of a run: `progress(items, total, "parsing")` yields the items, drawing a bar if on."""

    def __init__(self, stream: TextIO | None):
        self.stream = stream if stream is not None and _is_terminal(stream) else None

    def __call__(self, items: Iterable[T], total: int | None, what: str) -> Iterator[T]:
        if self.stream is None or (total is not None and total < 2):
            yield from items
            return
        from tqdm import tqdm

        with tqdm(items, total=total, desc=what, unit="", file=self.stream, leave=False,
                  dynamic_ncols=True, mininterval=0.2) as bar:
            yield from bar


def _is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # a closed or odd stream: no terminal
        return False


QUIET = Progress(None)
