"""`planrules fmt`: rewrite `.plan` files in the one canonical layout, each file whole or untouched.

A command module: `add_parser` declares its arguments on the command line's
subparsers, `run` carries it out and returns the exit status (`cli_options`).
Formatting is `language.printer`; this module owns only what writing files
safely takes — one rename per file with signals held, hard links and read-only
files respected, and the list of files rewritten said even when interrupted.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import TextIO

from ..base.diagnostics import PlanError
from ..language.library import read_text
from ..language.printer import format as format_plan
from ..language.syntax import parse
from .cli_language import HelpTexts
from .cli_options import (EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, LANGUAGES, command_parser, given,
                          plan_files, say)
from .messages import said
from .signals import signal_name, signals_held

__all__ = ["add_parser", "run"]

USES_CACHE = False  # run before the compile cache is opened: fmt parses each file afresh


def add_parser(sub, t: HelpTexts) -> None:
    """The `fmt` subcommand and its arguments, said in `t`'s language."""
    fmt = command_parser(sub, "fmt", t, "help_fmt", "help_fmt_description")
    fmt.add_argument("paths", nargs="+", type=given, metavar=t.plain("metavar_path"), help=t("help_paths"))
    fmt.add_argument("--check", action="store_true", help=t("help_fmt_check"))
    fmt.add_argument("--to", choices=LANGUAGES, default=None, help=t("help_fmt_to"))
    fmt.add_argument("--lang", choices=LANGUAGES, default=None, help=t("help_lang_messages"))


def run(args, stdout: TextIO, stderr: TextIO) -> int:
    """`_fmt`, saying on an interrupt which files were rewritten (each is whole: old or new, never half)."""
    args.rewritten, args.said = [], 0
    try:
        return _fmt(args, stdout, stderr)
    except KeyboardInterrupt as interrupt:
        if args.check or not args.rewritten:
            raise
        _list_changed(args, stdout)
        say(stderr, said("fmt_interrupted", args.lang_of.common(args.rewritten), count=len(args.rewritten),
                         by=signal_name(interrupt)))
        return EXIT_INTERRUPTED


def _list_changed(args, stdout: TextIO) -> None:
    """Write the files changed since the last call ("reformatted X"), as they are changed: a run cut short lists them.

    Each line is about one file, and is said in its language (--lang, else the plan's, as `check` says each
    file's diagnostics): "đã định dạng lại X" for a Vietnamese plan."""
    key = "fmt_would_reformat" if args.check else "fmt_reformatted"
    for file in args.rewritten[args.said:]:  # (the language known before the file was rewritten: `_fmt`)
        line = said(key, args.lang_of.of(file), path=str(file)) + "\n"
        with signals_held():  # a line and its count together: an interrupt between them listed the file twice
            stdout.write(line)
            args.said += 1
    stdout.flush()


def _fmt(args, stdout: TextIO, stderr: TextIO) -> int:
    changed: list[Path] = args.rewritten
    failed = False
    found = plan_files(args.paths, args.lang_of, stderr)
    if found is None:
        return EXIT_USAGE
    for file in found:
        try:
            text = read_text(file)
            formatted = format_plan(parse(text, source=str(file)), args.to)
        except PlanError as error:
            stderr.write(error.render(args.lang_of) + "\n")
            failed = True
            continue
        if formatted != text:
            lang = args.lang_of.of(file)  # its language as it is (`--to` may change it), known before it changes
            if args.check:
                changed.append(file)
            elif not _rewrite(file, formatted, changed, stderr, lang):
                failed = True
            _list_changed(args, stdout)
    if failed:
        return EXIT_USAGE
    return EXIT_FINDINGS if args.check and changed else EXIT_OK


def _rewrite(file: Path, text: str, done: list[Path], stderr: TextIO, lang: str) -> bool:
    """Write `text` as the new content of `file`, appending `file` to `done` once it is written.

    Signals are held from the first byte to the rename, and `file` joins
    `done` before they are let through: an interrupted run knows exactly
    which files it rewrote, and leaves no temporary file. A symbolic link is
    written through (the file it points to is rewritten, the link stays); a
    file with several hard links is rewritten in place, so that every name
    sees the new text; a read-only file is left alone. A file that cannot be
    written is said on `stderr` (False) and the others are still formatted.
    """
    import stat

    target = Path(os.path.realpath(file))
    try:
        info = target.stat()
        if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK):
            raise PermissionError(errno.EACCES, said("read_only", lang))
        data = text.encode("utf-8")
        with signals_held():
            if info.st_nlink > 1:
                _write_in_place(target, data)
            else:
                _replace(target, data, info)
            done.append(file)
    except OSError as error:
        say(stderr, said("not_rewritten", lang, path=str(file), reason=error.strerror or str(error)))
        return False
    return True


def _replace(file: Path, data: bytes, info: os.stat_result) -> None:
    """Write `data` to `file` through a temporary file beside it and one rename: never a half-written plan."""
    import tempfile

    handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:  # not synced: that cost 40% of fmt's time, for power cuts only
            out.write(data)
        os.chmod(temporary, info.st_mode & 0o7777)
        if hasattr(os, "geteuid") and os.geteuid() == 0 and info.st_uid != 0:  # root formatting a user's file
            os.chown(temporary, info.st_uid, info.st_gid)
        os.replace(temporary, file)
    except BaseException:
        os.unlink(temporary)
        raise


def _write_in_place(file: Path, data: bytes) -> None:
    """Overwrite `file` (hard-linked: a rename would split its names) once the room for `data` is reserved."""
    handle = os.open(file, os.O_WRONLY)
    try:
        try:
            os.posix_fallocate(handle, 0, max(1, len(data)))  # a full disk fails here, before a byte changes
        except (AttributeError, OSError) as error:
            if getattr(error, "errno", None) == errno.ENOSPC:
                raise
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
        os.ftruncate(handle, len(data))
        os.fsync(handle)
    finally:
        os.close(handle)
