"""The command line's own words in the run's language: `--help`, the usage line and argparse's errors.

argparse says every word of its own ("usage:", "options", "unrecognized
arguments", "invalid choice") through the gettext function it imported as `_`
(and `ngettext` for a plural), at the moment it builds a parser, prints help or
reports an error. `speaking(lang)` puts the tooling catalogue in that place for
the time a parser is built and used, so argparse composes its sentences in
Vietnamese from the start, rather than English output being rewritten after.
The help of every command and option is keyed in the same catalogue
(`HelpTexts`), so a text without its Vietnamese twin cannot be written.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from attrs import frozen

from .messages import MESSAGES, ToolingMessage

__all__ = ["ARGPARSE_KEYS", "HelpTexts", "speaking", "spoken"]

# argparse's own texts, each under its key `argparse_…` of the catalogue: its English is argparse's msgid.
ARGPARSE_KEYS = {english: key for key, (english, _) in MESSAGES.items() if key.startswith("argparse_")}

_SPOKEN = ["en"]  # the language of the parser in use: argparse's words, and the argument types' refusals


def spoken() -> str:
    """The language argparse speaks now (`speaking`): an argument type says its refusal in it."""
    return _SPOKEN[-1]


def _gettext(message: str) -> str:
    key = ARGPARSE_KEYS.get(message)
    if key is None or spoken() != "vi":  # a msgid of another Python: tests/test_cli_language.py lists every one
        return message
    return ToolingMessage.of(key).text("vi")


def _ngettext(singular: str, plural: str, count: int) -> str:
    """A plural argparse words: Vietnamese has one form, the singular's twin."""
    if spoken() == "vi":
        return _gettext(singular)
    return singular if count == 1 else plural


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """argparse in `lang` while the block runs (its words are looked up as they are said), then as it was."""
    kept = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    _SPOKEN.append(lang)
    argparse._, argparse.ngettext = _gettext, _ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = kept  # type: ignore[attr-defined]
        _SPOKEN.pop()


@frozen
class HelpTexts:
    """The texts of a command's parser in one language, each by its key of the tooling catalogue."""

    lang: str

    def __call__(self, key: str, **args: object) -> str:
        """An option's help: argparse %-formats it, so a literal '%' is doubled."""
        return self.plain(key, **args).replace("%", "%%")

    def plain(self, key: str, **args: object) -> str:
        """A description, an epilog or a metavar: shown as written."""
        return ToolingMessage.of(key, **args).text(self.lang)
