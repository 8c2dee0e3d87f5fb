"""What every subcommand of `planrules` shares: exit statuses, argument types, common options, and
how a line is said on standard error.

Apart from `cli.py` so that each command can live in a module of its own
(`fmt_command` is one): such a module declares its subparser with
`add_parser(sub, t)` — `command_parser` and every text by its key of the
tooling catalogue through `t` (`cli_language.HelpTexts`), so its help is said
in the language chosen — and runs with `run(args, stdout, stderr[, cache])`,
using only what is here, and `cli.COMMANDS` lists it. The language chosen is
`language_choice`'s: --lang, else $PLANRULES_LANG.
"""

from __future__ import annotations

import argparse
import errno
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from ..base.diagnostics import PlanError
from ..language.library import find_plans
from .cli_language import HelpTexts, spoken
from .messages import ToolingMessage, said

__all__ = ["EXIT_FINDINGS", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_OUTPUT", "EXIT_PIPE", "EXIT_USAGE", "LANGUAGES",
           "LANGUAGE_VARIABLE", "LanguageChoiceError", "OutputError", "cache_option", "command_parser", "given",
           "help_option", "jobs", "language_choice", "plan_files", "register_option", "say", "seconds"]

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
EXIT_OUTPUT = 3  # the output could not be written: a full disk, a closed stream
EXIT_PIPE = 141  # 128 + SIGPIPE: the reader went away (`| head`), as a program stopped by SIGPIPE reports
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C


class OutputError(Exception):
    """Standard output or error could not be written; `errno` says why (EPIPE: the reader went away)."""

    def __init__(self, stream: str, error: OSError | ValueError | None):
        self.stream = stream
        self.errno = getattr(error, "errno", None) or errno.EBADF
        self.reason = os.strerror(self.errno) if isinstance(error, OSError) or error is None else str(error)
        super().__init__(f"{stream}: {self.reason}")


LANGUAGES = ("en", "vi")
LANGUAGE_VARIABLE = "PLANRULES_LANG"


class LanguageChoiceError(Exception):
    """$PLANRULES_LANG holds something other than a language planrules speaks: exit status 2, never a guess."""

    def __init__(self, value: str):
        self.message = ToolingMessage.of("bad_language_variable", variable=LANGUAGE_VARIABLE, value=repr(value),
                                         accepted=" | ".join(LANGUAGES))
        super().__init__(self.message.text("en"))


def language_choice(argv: Sequence[str], environ: Mapping[str, str]) -> str | None:
    """The language the user chose for this run, or None when they chose none (each command then has its default).

    `--lang en|vi` (or `--lang=vi`, or argparse's abbreviation `--lan`) anywhere before a `--`
    wins, the last one given as argparse takes it; a value argparse will refuse is no choice
    here (argparse says so). Without one, $PLANRULES_LANG: `en` or `vi`, or empty as if unset;
    any other value raises `LanguageChoiceError` rather than being ignored in silence. Read
    before the arguments are parsed, so that `--help` and argparse's errors speak it too.
    """
    chosen = None
    tokens = list(argv)
    for i, token in enumerate(tokens):
        if token == "--":
            break
        name, equals, value = token.partition("=")
        if len(name) < len("--lan") or not "--lang".startswith(name):
            continue
        value = value if equals else (tokens[i + 1] if i + 1 < len(tokens) else "")
        if value in LANGUAGES:
            chosen = value
    if chosen is not None:
        return chosen
    value = environ.get(LANGUAGE_VARIABLE, "")
    if value == "":
        return None
    if value not in LANGUAGES:
        raise LanguageChoiceError(value)
    return value


def help_option(parser: argparse.ArgumentParser, t: HelpTexts) -> None:
    """-h, --help in the parser's language (argparse's own is added with add_help=False left out)."""
    parser.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=t("argparse_help"))


def command_parser(sub, name: str, t: HelpTexts, summary: str, description: str,
                   epilog: str | None = None) -> argparse.ArgumentParser:
    """The subcommand `name`, its one-line `summary`, `description` and exit statuses (`epilog`): keys of the
    tooling catalogue, said in `t`'s language."""
    parser = sub.add_parser(name, help=t(summary), description=t.plain(description), add_help=False,
                            epilog=t.plain(epilog) if epilog else None)
    help_option(parser, t)
    return parser


def register_option(parser: argparse.ArgumentParser, t: HelpTexts) -> None:
    parser.add_argument("--register", action="append", default=[], type=given, metavar=t.plain("metavar_path"),
                        help=t("help_register"))


def cache_option(parser: argparse.ArgumentParser, t: HelpTexts) -> None:
    parser.add_argument("--no-cache", dest="cache", action="store_false", help=t("help_no_cache"))


def given(text: str) -> str:
    """`text`, refused when empty or blank: `--as-of ''` would otherwise mean today, `--group-by ''` no
    roll-up, `--library ''` no parents and a path '' the current folder, each without a word."""
    if not text.strip():
        raise argparse.ArgumentTypeError(said("empty_value", spoken()))
    return text


def seconds(text: str) -> float:
    """A time limit in seconds, > 0 (a limit of nothing would stop every query)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(said("not_seconds", spoken(), text=repr(text))) from None
    if not 0 < value < 10**9:
        raise argparse.ArgumentTypeError(said("seconds_range", spoken(), text=text)) from None
    return value


def jobs(text: str) -> int:
    """A number of processes, 0 meaning one per core."""
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(said("not_processes", spoken(), text=repr(text))) from None
    if count < 0 or count > 256:
        raise argparse.ArgumentTypeError(said("processes_range", spoken(), count=count))
    return count or os.cpu_count() or 1


def say(stderr: TextIO, line: str) -> None:
    """Write one line on `stderr` if it can be: it is where a failure is told, and it may be failing too."""
    try:
        stderr.write(line + "\n")
        stderr.flush()
    except OutputError:  # a stream that is not lenient
        pass


def plan_files(paths: list[str], lang: str, stderr: TextIO) -> list[Path] | None:
    """The plans at or below `paths` (`library.find_plans`), or None when a path is refused (said on `stderr`)."""
    try:
        return sorted(find_plans(paths))  # by path, whatever the order given: fmt lists them so
    except PlanError as error:
        stderr.write(error.render(lang) + "\n")
        return None
