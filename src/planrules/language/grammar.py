"""The grammar of `.plan` files, loaded once per process into an LALR parser with the contextual lexer."""

from __future__ import annotations

from functools import lru_cache

from lark import Lark

from ..base.resources import GRAMMAR, read


@lru_cache(maxsize=1)
def parser() -> Lark:
    """The process-wide parser, built on first use from the shipped grammar.

    The grammar ships fixed, and tests/test_syntax.py builds it with
    strict=True, which proves it free of LALR conflicts and of terminal
    collisions. Re-proving the collisions at every start would cost over a
    second (interegular, when installed, turns ~80 regexes into automata),
    so the runtime build skips that one check.
    """
    import lark.lexer

    saved = lark.lexer.has_interegular
    lark.lexer.has_interegular = False
    try:
        return Lark(read(GRAMMAR), **PARSER_OPTIONS)
    finally:
        lark.lexer.has_interegular = saved


PARSER_OPTIONS = dict(
    start=["start", "task_body", "record_body"],
    parser="lalr",
    lexer="contextual",
    propagate_positions=True,
    maybe_placeholders=False,
)
