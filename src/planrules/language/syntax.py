"""Text -> plan model: `parse`, the one way into the language.

The grammar (`grammar`) is loaded once per process; `parse` parses the
text, builds the `model.Plan` (`builder`), and when the text has syntax
errors, reads it statement by statement to report every error in one
`PlanSyntaxError` (`recovery`). No Lark exception leaves these modules.
"""

from __future__ import annotations

import re

from lark.exceptions import LarkError, UnexpectedInput

from . import model as m
from ..base.diagnostics import PlanSyntaxError
from ..base.source import Source, paused_gc
from .builder import Builder, comments_of
from .grammar import parser
from .limits import check_text_size
from .recovery import internal_error, position, recover

# Every code this stage gives, and what it means (docs/language.md, "Errors").
CODES: dict[str, str] = {
    "E001": "a file cannot be read: missing, too large, not UTF-8",
    "E100": "the text does not follow the grammar",
    "E101": "a value that cannot be: an impossible date, a year out of range, a number too long",
    "E102": "a field given twice in one block",
}


def parse(text: str, source: str = "<string>") -> m.Plan:
    """Parse `.plan` text into a `Plan`; raise `PlanSyntaxError` listing every error.

    Text over `MAX_PLAN_BYTES` (in UTF-8) is refused with a `PlanLoadError`.
    """
    check_text_size(text, source)
    src = Source.from_text(text, source)
    with paused_gc():
        builder = Builder(src)
        statements = _statements_by_piece(src, builder)
        if statements is None:
            try:
                tree = parser().parse(src.text, start="start")
            except UnexpectedInput as error:
                raise PlanSyntaxError(recover(src, error)) from None
            except LarkError as error:  # pragma: no cover - grammar bugs only
                raise PlanSyntaxError([internal_error(src, error)]) from None
            builder = Builder(src)
            statements = builder.transform(tree)
            del tree
        plan = builder.plan_of(statements, comments_of(src.text))
    if builder.diagnostics:
        raise PlanSyntaxError(sorted(builder.diagnostics, key=position))
    return plan


# A large text is parsed a piece of about this many characters (256 Ki) at a time: Lark's tree takes
# about 100 bytes per byte of token-dense text (250,000 targets, 15.7 MB: 1.9 GB), and only
# one piece's tree is alive at once.
PIECE_CHARS = 1 << 18
_STATEMENT_START = re.compile(r"^[^\s}#]", re.MULTILINE)


def _statements_by_piece(src: Source, builder: Builder) -> list | None:
    """The statements of `src`, parsed piece by piece, or None to parse it whole.

    Pieces end where a line starts in column 1 with neither space, "}" nor
    "#" (a statement, as the formatter writes it). The grammar is LALR(1)
    without conflicts, so a token that starts a statement never continues
    one: pieces that each parse give the statements the whole text gives.
    When one does not (a statement cut by a line in column 1, or an error),
    the text is parsed whole, as ever, errors and recovery included. A text
    of one piece is parsed whole directly.
    """
    text = src.text
    if len(text) <= PIECE_CHARS:
        return None
    statements: list = []
    start = 0
    while start < len(text):
        cut = _STATEMENT_START.search(text, start + PIECE_CHARS) if start + PIECE_CHARS < len(text) else None
        end = cut.start() if cut else len(text)
        try:
            tree = parser().parse(text[start:end], start="start")
        except LarkError:
            builder.diagnostics.clear()
            return None
        statements += builder.transform(tree)
        del tree
        builder.line_offset += text.count("\n", start, end)
        start = end
    builder.line_offset = 0
    return statements
