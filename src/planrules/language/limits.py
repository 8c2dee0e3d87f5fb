"""The limits on hostile plan text (docs/architecture.md, "Hostile input and limits").

Reading, recovery and building each stop at one of them, and each says so;
they are kept together so the documented figures have one place.
"""

from __future__ import annotations

from ..base.diagnostics import Diagnostic, PlanLoadError
from ..base.source import Span
from .messages import LanguageMessage

# Parsing costs under 1 s and about 55 MB of memory per MB of text, so the largest
# plan accepted is 16 MiB of UTF-8 (real plans are 3-30 KB); a larger one is
# refused before anything is parsed. A broken file reports at most
# MAX_ERRORS syntax errors: past that, reading on only costs time.
MAX_PLAN_BYTES = 16 * 2**20
MAX_ERRORS = 100
# The most digits a number may have (Python refuses to read more than 4300 anyway).
MAX_DIGITS = 100


def check_size(size: int, name: str) -> None:
    """Raise `PlanLoadError` (E001) when a plan of `size` bytes is over `MAX_PLAN_BYTES`."""
    if size > MAX_PLAN_BYTES:
        raise PlanLoadError([Diagnostic(
            "E001", LanguageMessage.of("too_large", what=name, limit=MAX_PLAN_BYTES), Span(name, 1, 1, 1, 1),
        )])


def check_text_size(text: str, name: str) -> None:
    """`check_size` for a text already read: its size in UTF-8, without encoding it when the answer is plain."""
    if len(text) > MAX_PLAN_BYTES or 4 * len(text) <= MAX_PLAN_BYTES:
        size = len(text)  # over the limit in characters already, or under it whatever the characters
    else:
        size = len(text.encode("utf-8", "surrogatepass"))
    check_size(size, name)
