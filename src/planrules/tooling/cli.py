"""The `planrules` command: check, format and evaluate `.plan` files, and the commands around them.

`main(argv)` never lets a traceback reach the user for a problem in their
input: such problems are printed as located diagnostics. Exit codes:
0 clean (or warnings only), 1 error findings (or files `fmt --check` would
change), 2 bad usage or a file that cannot be read or parsed, 3 output that
could not be written (a full disk, a closed stream), 130 interrupted (Ctrl-C,
SIGTERM, SIGHUP), 141 the reader of the output went away (a broken pipe, as
when a program is stopped by SIGPIPE: nothing is said).
"""

from __future__ import annotations

import argparse
import errno
import io
import json
import os
import sys
from collections.abc import Iterator
from concurrent.futures import BrokenExecutor
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .. import __version__
from ..base.diagnostics import Diagnostic, PlanError, Severity
from ..base.files import NAMES_AS_UTF8, missing as missing_path
from ..base.numbers import decimal_text
from ..language.library import find_plans, read_text
from ..base.progress import Progress
from . import calendar_command, fmt_command, import_command, template_command
from .cli_language import HelpTexts, speaking
from .cli_options import (EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, EXIT_OUTPUT, EXIT_PIPE, EXIT_USAGE, LANGUAGES,
                          LanguageChoiceError, OutputError, cache_option, command_parser, given, help_option, jobs,
                          language_choice, plan_files, register_option, say, seconds)
from .cli_plan import as_of_date, compile_plan, pipeline_for
from .messages import ToolingMessage, said
from ..facts.targets import is_conninfo
from .signals import on_signals, signal_name

if TYPE_CHECKING:
    from .cache import Cache

_STREAMS = {"stdout": ("standard output", "đầu ra chuẩn"), "stderr": ("standard error", "đầu ra lỗi chuẩn")}


class _Checked:
    """A text stream whose every write and flush is checked, so a lost byte is never a success.

    A short write is written on; an `OSError` (ENOSPC, EPIPE, EBADF) or a write
    to a closed or absent stream becomes `OutputError`, which `run` turns into
    exit status 3 (141 for a broken pipe) instead of a traceback or a 0.
    Standard error is `lenient`: a warning that cannot be said must not keep
    the report from standard output, so its failure is kept in `lost` and
    `run` makes a clean status 3 of it at the end.
    """

    def __init__(self, stream: TextIO | None, name: str):
        self.stream, self.name = stream, name
        self.lenient = name == "stderr"
        self.lost: OutputError | None = None
        self.used = False  # something was written: an interrupt can no longer say "nothing was written"

    def _failed(self, error: OSError | ValueError | None) -> None:
        lost = OutputError(self.name, error)
        if not self.lenient:
            raise lost
        self.lost = self.lost or lost

    def write(self, text: str) -> int:
        self.used = self.used or bool(text)
        try:
            rest = text
            while rest:
                written = self.stream.write(rest)  # type: ignore[union-attr]
                if not isinstance(written, int) or written >= len(rest):
                    break
                if written <= 0:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                rest = rest[written:]
        except (OSError, ValueError, AttributeError) as error:  # ValueError: closed; AttributeError: None
            self._failed(error if not isinstance(error, AttributeError) else None)
        return len(text)

    def flush(self) -> None:
        try:
            if self.stream is not None:
                self.stream.flush()
        except (OSError, ValueError) as error:
            self._failed(error)

    def isatty(self) -> bool:
        try:
            return bool(self.stream.isatty())  # type: ignore[union-attr]
        except (AttributeError, OSError, ValueError):
            return False

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


def _checked(stream: TextIO | None, name: str) -> TextIO:
    return stream if isinstance(stream, _Checked) else _Checked(stream, name)  # type: ignore[return-value]


# Commands that live in modules of their own: each has `add_parser(sub, t)`, `run(args, stdout, stderr[, cache])`
# and `USES_CACHE` (False: run before the compile cache is opened, and `run` takes no cache). See `cli_options`.
COMMANDS = {"fmt": fmt_command, "calendar": calendar_command, "import": import_command, "template": template_command}


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The command line's parser, every text of it in `lang` (argparse's own words too, under `speaking(lang)`)."""
    t = HelpTexts(lang)
    parser = argparse.ArgumentParser(prog="planrules", description=t.plain("help_description"), add_help=False,
                                     epilog=t.plain("help_exit_statuses", output=EXIT_OUTPUT, pipe=EXIT_PIPE))
    help_option(parser, t)
    parser.add_argument("--version", action="version", version=f"planrules {__version__}", help=t("help_version"))
    parser.add_argument("--lang", choices=LANGUAGES, default=None, help=t("help_lang_all"))
    sub = parser.add_subparsers(dest="command", metavar=t.plain("metavar_command"), help=t("help_commands"))

    check = command_parser(sub, "check", t, "help_check", "help_check_description")
    check.add_argument("paths", nargs="+", type=given, metavar=t.plain("metavar_path"), help=t("help_paths"))
    check.add_argument("--format", choices=("text", "json"), default="text", help=t("help_check_format"))
    check.add_argument("--lang", choices=LANGUAGES, default=None, help=t("help_lang_messages"))
    check.add_argument("--min-severity", dest="min_severity", choices=("info", "warning", "error"), default=None,
                       help=t("help_min_severity"))
    check.add_argument("--jobs", "-j", type=jobs, default=1, metavar=t.plain("metavar_count"), help=t("help_jobs"))
    cache_option(check, t)

    for module in COMMANDS.values():  # the commands of modules of their own, after `check`
        module.add_parser(sub, t)

    evaluate = command_parser(sub, "eval", t, "help_eval", "help_eval_description", "help_eval_exit")
    evaluate.add_argument("plan", type=given, metavar=t.plain("metavar_plan"), help=t("help_eval_plan"))
    evaluate.add_argument("--facts", nargs="+", required=True, type=given, metavar=t.plain("metavar_source"),
                          help=t("help_eval_facts"))
    evaluate.add_argument("--mapping", type=given, metavar=t.plain("metavar_file"), help=t("help_eval_mapping"))
    evaluate.add_argument("--group-by", dest="group_by", type=given, metavar=t.plain("metavar_name"),
                          action="append", help=t("help_eval_group_by"))
    evaluate.add_argument("--only-rollup", dest="only_rollup", action="store_true", help=t("help_eval_only_rollup"))
    evaluate.add_argument("--query-timeout", dest="query_timeout", type=seconds, metavar=t.plain("metavar_seconds"),
                          help=t("help_eval_query_timeout"))
    evaluate.add_argument("--trust-unchanged-source", dest="trust_unchanged_source", action="store_true",
                          help=t("help_eval_trust"))
    evaluate.add_argument("--evidence", choices=("records", "problems"), default="records",
                          help=t("help_eval_evidence"))
    evaluate.add_argument("--as-of", dest="as_of", type=given, metavar=t.plain("metavar_date"),
                          help=t("help_eval_as_of"))
    evaluate.add_argument("--unit", action="append", type=given, metavar=t.plain("metavar_unit"),
                          help=t("help_eval_unit"))
    evaluate.add_argument("--library", type=given, metavar=t.plain("metavar_dir"), help=t("help_eval_library"))
    register_option(evaluate, t)
    evaluate.add_argument("--format", choices=("text", "toml", "json", "md", "html", "xlsx"), default=None,
                          help=t("help_eval_format"))
    evaluate.add_argument("-o", "--output", type=given, metavar=t.plain("metavar_target"), help=t("help_eval_output"))
    evaluate.add_argument("--output-schema", dest="output_schema", type=given, metavar=t.plain("metavar_schema"),
                          help=t("help_eval_output_schema"))
    evaluate.add_argument("--explain", action=argparse.BooleanOptionalAction, default=None,
                          help=t("help_eval_explain"))
    evaluate.add_argument("--calendar", choices=("vietnam", "plain"), default="vietnam", help=t("help_calendar"))
    evaluate.add_argument("--strict", action="store_true", help=t("help_eval_strict"))
    evaluate.add_argument("--lang", choices=LANGUAGES, default=None, help=t("help_lang_report"))
    cache_option(evaluate, t)

    export = command_parser(sub, "export", t, "help_export", "help_export_description")
    export.add_argument("plan", type=given, metavar=t.plain("metavar_plan"), help=t("help_plan"))
    export.add_argument("--format", choices=("toml", "json", "docx", "xlsx"), default="toml",
                        help=t("help_export_format"))
    export.add_argument("-o", "--output", type=given, metavar=t.plain("metavar_file"), help=t("help_export_output"))
    export.add_argument("--force", action="store_true", help=t("help_force"))
    export.add_argument("--library", type=given, metavar=t.plain("metavar_dir"), help=t("help_library"))
    register_option(export, t)
    export.add_argument("--lang", choices=LANGUAGES, default=None, help=t("help_lang_messages"))
    cache_option(export, t)

    test = command_parser(sub, "test", t, "help_test", "help_test_description", "help_test_exit")
    test.add_argument("paths", nargs="+", type=given, metavar=t.plain("metavar_path"), help=t("help_test_paths"))
    test.add_argument("--coverage", action="store_true", help=t("help_test_coverage"))
    test.add_argument("--lang", choices=LANGUAGES, default=None, help=t("help_lang_output"))

    schema = command_parser(sub, "schema", t, "help_schema", "help_schema_description")
    schema.add_argument("plan", type=given, metavar=t.plain("metavar_plan"), help=t("help_plan"))
    schema.add_argument("--format", choices=("sql", "json", "facts"), default="sql", help=t("help_schema_format"))
    schema.add_argument("--library", type=given, metavar=t.plain("metavar_dir"), help=t("help_library"))
    schema.add_argument("--lang", choices=LANGUAGES, default=None, help=t("help_lang_messages"))
    cache_option(schema, t)

    tree = command_parser(sub, "tree", t, "help_tree", "help_tree_description")
    tree.add_argument("paths", nargs="+", type=given, metavar=t.plain("metavar_path"), help=t("help_paths"))
    tree.add_argument("--lang", choices=LANGUAGES, default=None, help=t("help_lang_output"))
    cache_option(tree, t)
    return parser


@contextmanager
def _opened_cache(args, stderr: TextIO) -> Iterator["Cache | None"]:
    """The cache the command may use, or None (--no-cache, or a cache that is not safe: said on stderr)."""
    from .cache import Cache, UnsafeCacheError

    if not getattr(args, "cache", False):
        yield None
        return
    try:
        cache = Cache.default()
    except UnsafeCacheError as error:  # (the language is looked for only when there is something to say)
        reason = (error.message.text("en"), error.message.text("vi"))
        say(stderr, said("cache_unsafe", _run_language(args), reason=reason))
        yield None
        return
    with cache:
        yield cache
    if not cache.stats.rejected and cache.write_error is None:
        return
    lang = _run_language(args)
    if cache.stats.rejected:
        say(stderr, said("cache_damaged", lang, count=cache.stats.rejected))
    if cache.write_error is not None:
        say(stderr, said("cache_not_written", lang, reason=cache.write_error))


def _run_language(args) -> str:
    """The language of what is said about the run as a whole (the cache): --lang or $PLANRULES_LANG; else that of
    the report's plan (`eval`, `calendar`: `_run` settled it), of the one plan (`export`, `schema`), or, for the
    commands of several files (`check`, `tree`), the language their plans share, as `check`'s summary line is."""
    if args.lang_of.given is not None or args.command in _PLAN_SPEAKS:
        return args.lang
    named = [p for p in (getattr(args, "paths", None) or [getattr(args, "plan", None)]) if p]
    try:
        named = find_plans(named) or named
    except PlanError:  # a path refused: its own error says so; the plans named are asked
        pass
    return args.lang_of.common(named)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script.

    Output is UTF-8 whatever the locale says: Vietnamese text, and the JSON and
    TOML the commands write, must not die on an ASCII terminal (LC_ALL=C).
    """
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):  # a file name that is not UTF-8 is written, never a crash
            stream.reconfigure(encoding="utf-8", errors=NAMES_AS_UTF8)
    on_signals()
    streams = _buffered(sys.stdout), _buffered(sys.stderr)
    checked = _checked(streams[0], "stdout"), _checked(streams[1], "stderr")
    sys.stdout, sys.stderr = checked  # argparse writes there too
    try:
        code = run(sys.argv[1:] if argv is None else argv, sys.stdout, sys.stderr)
    finally:
        sys.stdout, sys.stderr = streams
    if code in (EXIT_OUTPUT, EXIT_PIPE) or checked[1].lost is not None:  # type: ignore[attr-defined]
        _discard(*streams)
    sys.exit(code)


def _buffered(stream: TextIO | None) -> TextIO | None:
    """`stream` again, over a `BufferedWriter` of its file descriptor, with its encoding and line buffering.

    Under PYTHONUNBUFFERED (or -u) the standard streams write straight to the
    descriptor, and a text stream takes the count of one short write (a disk
    filling up: 8,192 bytes of 91,010) as the whole: the rest is lost without
    an error. A `BufferedWriter` writes on after a short write and raises
    when nothing more can be written.
    """
    try:
        if isinstance(stream.buffer, io.BufferedWriter):  # type: ignore[union-attr]
            return stream
        stream.flush()  # type: ignore[union-attr]
        raw = io.FileIO(stream.fileno(), "w", closefd=False)  # type: ignore[union-attr]
        return io.TextIOWrapper(io.BufferedWriter(raw), encoding=stream.encoding, errors=stream.errors,  # type: ignore[union-attr]
                                line_buffering=True, write_through=True)
    except (AttributeError, OSError, ValueError):  # not a file (a test's stream), closed, absent
        return stream


def _discard(*streams: TextIO | None) -> None:
    """Point streams that failed at /dev/null, so the interpreter's last flush cannot print a traceback."""
    for stream in streams:
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, stream.fileno())  # type: ignore[union-attr]
            os.close(null)
        except (AttributeError, OSError, ValueError):
            pass


def run(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    """Run one command; Ctrl-C (SIGTERM, SIGHUP: `main`) stops it with exit status 130 and nothing half-written.

    Commands build their whole output before writing it, the cache writes a
    run's entries in one transaction only when the run ends well, and `fmt`
    replaces each file in one rename with signals held, listing it at once:
    an interrupted run leaves the cache as it was and every file whole, and
    says which it rewrote. Every write to `stdout` and `stderr` is checked
    (`_Checked`): output that cannot be written is exit status 3, a reader
    gone away 141, never a traceback or a 0 for a truncated report.
    """
    stdout, stderr = _checked(stdout, "stdout"), _checked(stderr, "stderr")
    try:
        code = _run(argv, stdout, stderr)
        stdout.flush()
        stderr.flush()
        if stderr.lost is not None and code == EXIT_OK:  # type: ignore[attr-defined]  # a warning went unsaid
            return EXIT_PIPE if stderr.lost.errno == errno.EPIPE else EXIT_OUTPUT  # type: ignore[attr-defined]
        return code
    except KeyboardInterrupt as interrupt:
        key = "interrupted_output" if stdout.used else "interrupted"  # type: ignore[attr-defined]
        say(stderr, said(key, _language(argv), by=signal_name(interrupt)))
        return EXIT_INTERRUPTED
    except BrokenExecutor:  # a worker of --jobs died: killed, most often for memory
        say(stderr, said("worker_died", _language(argv)))
        return EXIT_USAGE
    except OutputError as error:
        if error.errno == errno.EPIPE:  # the reader has all it wanted (`| head`): nothing to say
            return EXIT_PIPE
        say(stderr, said("output_failed", _language(argv), stream=_STREAMS[error.stream], reason=error.reason))
        return EXIT_OUTPUT


def _language(argv: list[str]) -> str:
    """The language chosen for this run (`language_choice`), English when none (or a bad $PLANRULES_LANG,
    which `_run` refuses): for what is said when the arguments were not (or could not be) parsed."""
    try:
        return language_choice(argv, os.environ) or "en"
    except LanguageChoiceError:
        return "en"


_PLAN_SPEAKS = ("eval", "calendar")  # the commands whose output, a report of one plan, is in its language


def _run(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    try:
        chosen = language_choice(argv, os.environ)
    except LanguageChoiceError as error:  # which language the user wanted is unknown: said in both
        print(error.message.text("en"), error.message.text("vi"), sep="\n", file=stderr)
        return EXIT_USAGE
    with speaking(chosen or "en"):  # the help, the usage line and argparse's errors in the language chosen
        parser = build_parser(chosen or "en")
        try:
            # --help and --version on the output stream given, a usage error on the error stream given
            with redirect_stdout(stdout), redirect_stderr(stderr):
                args = parser.parse_args(argv)
        except SystemExit as exit_:  # argparse already printed usage or help
            return EXIT_OK if exit_.code == 0 else EXIT_USAGE
        if args.command is None:
            parser.print_help(stderr)
            return EXIT_USAGE
    # a mistake in how a report's options go together: in the language the report would have been in
    usage = chosen or (_Languages(None).of(args.plan) if args.command in _PLAN_SPEAKS else "en")
    if args.command == "eval":
        problem = _eval_usage(args)
        if problem is not None:
            print(said(problem, usage), file=stderr)
            return EXIT_USAGE
    if getattr(args, "only_rollup", False) and (not args.group_by or args.format not in ("text", "md")):
        print(said("only_rollup_usage", usage), file=stderr)
        return EXIT_USAGE
    if getattr(args, "format", None) == "html" and getattr(args, "group_by", None):
        print(said("html_group_by", usage), file=stderr)
        return EXIT_USAGE
    args.lang = args.lang or chosen  # $PLANRULES_LANG when no --lang
    args.lang_of = _Languages(args.lang)  # messages: --lang, or each file's own language
    # what is about no file: a report or a calendar in its plan's language (`_Languages.of`: that of the plan's first
    # keyword), anything else (a summary, a tree) in English, unless --lang or $PLANRULES_LANG says otherwise
    args.lang = args.lang or (args.lang_of.of(args.plan) if args.command in _PLAN_SPEAKS else "en")
    args.lang_of.settled = args.lang  # and a diagnostic about no file (H701: a unit the plan does not bind) in it
    paths = args.paths if hasattr(args, "paths") else [getattr(args, "plan", None) or args.document,
                                                       *getattr(args, "facts", ())]
    if getattr(args, "library", None):
        paths.append(args.library)
    paths = [*paths, *getattr(args, "register", ())]
    from ..facts.targets import is_conninfo  # a connection string is no path: never echoed as a missing file
    missing = [p for p in paths if missing_path(p) and not is_conninfo(p)]
    if missing:
        for p in sorted(missing, key=str):  # in one order, whatever the order given
            print(said("no_such_path", args.lang, path=p), file=stderr)
        return EXIT_USAGE
    if args.command == "test":
        return _test(args, stdout, stderr)
    module = COMMANDS.get(args.command)
    if module is not None and not module.USES_CACHE:
        return module.run(args, stdout, stderr)
    args.progress = Progress(stderr)
    args.stderr = stderr
    with _opened_cache(args, stderr) as cache:
        if args.command == "check":
            return _check(args, stdout, cache)
        if args.command == "tree":
            return _tree(args, stdout, stderr, cache)
        try:
            if module is not None:
                return module.run(args, stdout, stderr, cache)
            if args.command == "eval":
                return _eval(args, stdout, cache, stderr)
            return {"export": _export, "schema": _schema}[args.command](args, stdout, cache)
        except PlanError as error:
            stderr.write(error.render(args.lang_of) + "\n")
            return EXIT_USAGE


class _Languages:
    """The language of each message: --lang when given, else that of the file it is about.

    A `.plan` file's language is that of its first keyword (`keywords.text_language`,
    as `fmt` decides which keywords to write), so a Vietnamese plan's syntax errors
    name the expected keywords in Vietnamese. Other files (facts, scenarios) are in English
    unless --lang (or $PLANRULES_LANG) says otherwise, and so is a problem of the facts that
    names no place (F212: a unit the facts do not mention); what else is about no file (the
    command line's H7xx, an --as-of that is no date) is in the language `_run` settles
    (`settled`; `_PLAN_SPEAKS`: a report or a calendar in its plan's).
    """

    def __init__(self, given: str | None):
        self.given = given
        self.key = given or "auto"  # for the cache of printed reports
        self.settled = given or "en"  # what is about no file: the run's language, once `_run` settles it
        self._known: dict[str, str] = {}

    def __call__(self, d: Diagnostic) -> str:
        if d.span is None and d.code.startswith("F"):  # about the facts, as their files' are: English unless --lang
            return self.given or "en"
        return self.of(d.span.file if d.span is not None else None)

    def of(self, path: str | Path | None) -> str:
        if self.given is not None:
            return self.given
        if path is None:
            return self.settled
        if not str(path).endswith(".plan"):
            return "en"
        if str(path) not in self._known:
            from ..language.keywords import text_language

            try:
                self._known[str(path)] = text_language(read_text(path))
            except (PlanError, OSError):  # unreadable: its own error says so, in English
                self._known[str(path)] = "en"
        return self._known[str(path)]

    def common(self, paths) -> str:
        """The language shared by every plan of `paths` (every file when no plan: a register file has none);
        English when they differ (or there are none)."""
        paths = list(paths)
        found = {self.of(p) for p in ([p for p in paths if str(p).endswith(".plan")] or paths)}
        return found.pop() if len(found) == 1 else (self.given or "en")


def _eval_usage(args) -> str | None:
    """What is wrong with how `eval`'s options go together (a key of the catalogue), or None; settles
    `args.report` (is a report printed?) and `args.format`."""
    workbook = args.output is not None and not is_conninfo(args.output) and args.output.lower().endswith(".xlsx")
    if args.format == "xlsx" and not workbook:  # binary: written to a file, never to a terminal
        return "xlsx_needs_output"
    if workbook and args.format not in (None, "xlsx"):
        return "xlsx_output_format"
    args.report = args.format is not None or args.output is None  # --output alone prints no report
    args.format = "xlsx" if workbook else args.format or "text"
    if args.output_schema is not None and (args.output is None or not is_conninfo(args.output)):
        return "output_schema_alone"
    if args.explain is False and args.report and args.format not in ("json", "toml"):
        return "no_explain_format"
    return None


def _eval(args, stdout: TextIO, cache, stderr: TextIO | None = None) -> int:
    import attrs

    from ..evaluation.verdicts import Status
    from ..reports.tables import kind_of

    as_of = as_of_date(args.as_of) if args.as_of else None
    if args.output is not None and args.format != "xlsx":
        kind_of(args.output)  # a target of no known kind is refused before anything is evaluated
    pipeline = pipeline_for(args, cache)
    rules = compile_plan(args, pipeline)
    # fitted once, with the plan: the loader's problems and the facts' misfits with the plan, listed together
    limit = {} if args.query_timeout is None else {"query_timeout": args.query_timeout}
    fitted = pipeline.fit(rules, *args.facts, evidence=args.evidence, mapping=args.mapping,
                          trust_unchanged_source=args.trust_unchanged_source, **limit)
    evaluation = pipeline.evaluate(fitted, as_of, units=args.unit, group_by=args.group_by)
    validation = getattr(fitted.source, "validation", None)
    # what the cache saved, said where the progress bar is drawn: on a terminal, not in a file or a pipe
    if validation is not None and validation.reused and args.progress.stream is not None:
        lang = args.lang_of.of(args.plan)
        whole, tenths = divmod(round(validation.seconds * 10), 10)
        say(args.progress.stream, said("validation_reused", lang, source=fitted.source.name,
                                       seconds=decimal_text(False, whole, str(tenths), lang)))
    report = evaluation.report
    if args.format == "xlsx":  # the report as a workbook, in the --output file (replaced whole)
        from ..reports.xlsx_report import to_xlsx

        import_command.write_new(args.output, to_xlsx(report, args.lang, evaluation.rollups))
    elif args.output is not None:  # the tables first: a target that cannot be written stops the run (exit 2)
        from .signals import signals_held

        shown, tables = pipeline.write_tables(evaluation, args.output, schema=args.output_schema or "public",
                                              explain=bool(args.explain), guard=signals_held)
        if stderr is not None:
            say(stderr, said("output_written", args.lang, verdicts=tables.verdicts.num_rows,
                             aggregates=tables.rollup.num_rows, target=shown))
    if args.report and args.format != "xlsx":
        for chunk in pipeline.chunks(evaluation, args.format, units=not args.only_rollup,
                                     explain=args.explain is not False):
            stdout.write(chunk)
    for gap in evaluation.gaps:  # warnings; under --strict errors, as nothing judged is never a pass
        gap = attrs.evolve(gap, severity=Severity.ERROR) if args.strict else gap
        if stderr is not None:
            stderr.write(gap.render(args.lang_of(gap)) + "\n")
    if not report.verdicts:  # nothing judged is not compliance: said, and a failure under --strict
        severity = Severity.ERROR if args.strict else Severity.WARNING
        notice = Diagnostic("F213", _nothing_judged(report, rules, args), None, severity)
        if stderr is not None:
            stderr.write(notice.render(args.lang_of(notice)) + "\n")
        if args.strict:
            return EXIT_FINDINGS
    if args.strict and (report.with_status(Status.NOT_MET) or evaluation.gaps):
        return EXIT_FINDINGS
    return EXIT_OK


def _export(args, stdout: TextIO, cache) -> int:
    from ..reports.export import to_json, to_toml

    if args.format in ("docx", "xlsx"):  # the plan's tasks as written: a draft without a date exports too
        return import_command.export_table(args, cache)
    rules = compile_plan(args, pipeline_for(args, cache))
    text = to_toml(rules) if args.format == "toml" else to_json(rules)
    if args.output:
        import_command.write_file(args, text.encode("utf-8"))
    else:
        stdout.write(text)
    return EXIT_OK


def _schema(args, stdout: TextIO, cache) -> int:
    from ..facts.table_schema import render as render_schema

    stdout.write(render_schema(compile_plan(args, pipeline_for(args, cache)).vocabulary, args.format))
    return EXIT_OK


def _test(args, stdout: TextIO, stderr: TextIO) -> int:
    from .scenarios import render, run

    try:
        result = run(args.paths)
    except PlanError as error:
        stderr.write(error.render(args.lang_of) + "\n")
        return EXIT_USAGE
    for diagnostic in result.errors:
        stderr.write(diagnostic.render(args.lang_of(diagnostic)) + "\n")
    # the verdicts of plans, in their language when they share one (--lang, $PLANRULES_LANG first), as check's summary
    lang = args.lang_of.common(f.plan for f in result.files) if result.files else args.lang
    stdout.write(render(result, lang, coverage=args.coverage))
    if result.broken:
        return EXIT_USAGE
    return EXIT_FINDINGS if result.failed else EXIT_OK


def _nothing_judged(report, rules, args) -> ToolingMessage:
    """Why a report has no verdict at all: the plan does not bind yet at its date, or binds none of the units."""
    waiting = rules.waiting(report.as_of)
    if waiting is not None:  # a plan of deadlines only, before it is issued or in force: nothing is due yet
        return ToolingMessage.of("nothing_binds_yet", reason=(waiting.text("en"), waiting.text("vi")))
    units = ", ".join(report.units) if report.units else said("no_units", args.lang)
    return ToolingMessage.of("nothing_judged", plan=report.plan, units=units)


def _check(args, stdout: TextIO, cache: "Cache | None") -> int:
    from ..checks.check import gather
    from .cache import derived_key

    import attrs

    from ..facts.register_files import is_register_file
    from ..pipeline import Pipeline

    # the register files below the paths are checked too: read each time (in a blink), their texts in the key
    registers = Pipeline().check_registers(args.paths)
    plans = [p for p in args.paths if not is_register_file(p) and not _only_registers(p, registers.register.files)]
    given = gather(plans, cache=cache)
    # The printed report is kept too: for a library with many findings,
    # decoding and rendering them is most of what a warm check would do.
    shown = derived_key(given.key, "check-output", args.format, args.lang_of.key, args.min_severity or "",
                        registers.digest) if given.key else None
    if cache is not None and shown is not None:
        kept = cache.get_text(shown)
        status, _, text = (kept or "").partition("\n")
        if status in ("0", "1", "2"):
            stdout.write(text)
            return int(status)
    run = Pipeline(cache=cache, jobs=args.jobs, progress=args.progress).check(given)
    checked = run
    if registers.register.files or registers.problems:  # bad input: exit 2 as for a plan that cannot be read
        checked = attrs.evolve(run, files=(*run.files, *registers.register.files),
                               findings=(*run.findings, *registers.problems),
                               broken=run.broken or bool(registers.problems))
    text, code = _check_report(args, checked)
    if cache is not None and run.key is not None:  # the key of what was checked, should a file have changed
        cache.put_text(derived_key(run.key, "check-output", args.format, args.lang_of.key, args.min_severity or "",
                                   registers.digest), f"{code}\n{text}")
    stdout.write(text)
    return code


def _only_registers(path: str, registers: tuple[str, ...]) -> bool:
    """Is `path` a folder of register files and no plan? (Not a typo for a library: checked as registers.)"""
    from ..base.files import walk

    if not registers or not os.path.isdir(path):
        return False
    inside = os.path.abspath(path).rstrip(os.sep) + os.sep
    return any(os.path.abspath(r).startswith(inside) for r in registers) and \
        not walk(path, lambda name: name.endswith(".plan")).files


def _check_report(args, run) -> tuple[str, int]:
    """The printed findings of `run`, grouped by file and sorted by line, and the exit status.

    Findings below --min-severity (in text, by default: info) are not listed but counted,
    one line per code, so that the warnings of a library are not buried under its notes.
    """
    from ..checks.check import summarised
    from ..checks.messages import ChecksMessage
    from ..base.diagnostics import stands_for

    by_file: dict[str, list[Diagnostic]] = {f: [] for f in run.files}
    for diagnostic in run.findings:
        key = diagnostic.span.file if diagnostic.span else ""
        by_file.setdefault(key, []).append(diagnostic)
    findings = [(f, sorted(ds, key=_order)) for f, ds in sorted(by_file.items())]
    counts = {s: sum(stands_for(d) for _, ds in findings for d in ds if d.severity is s) for s in Severity}
    errors, warnings, infos = counts[Severity.ERROR], counts[Severity.WARNING], counts[Severity.INFO]
    out: list[str] = []
    # text lists warnings and errors and counts the rest; JSON, for programs, lists everything unless told
    minimum = Severity(args.min_severity or ("info" if args.format == "json" else "warning"))
    listed = [(f, [d for d in ds if d.severity.rank >= minimum.rank]) for f, ds in findings]
    left_out = summarised((d for _, ds in findings for d in ds), minimum)
    if args.format == "json":
        payload = {
            "files": [{"file": f, "diagnostics": [_json(d, args.lang_of(d)) for d in ds]} for f, ds in listed],
            "errors": errors,
            "warnings": warnings,
            "infos": infos,
        }
        if args.min_severity is not None:
            payload["summarised"] = [{"code": code, "severity": s.value, "count": n} for s, code, n in left_out]
        out.append(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        out.extend(d.render(args.lang_of(d)) for _, ds in listed for d in ds)
        lang = args.lang_of.common(run.files)
        out.extend(ChecksMessage.of("summarised", severity=s.label(lang), code=code, count=n, name=s.value).text(lang)
                   for s, code, n in left_out)
        out.append(
            f"{len(run.files)} tệp, {errors} lỗi, {warnings} cảnh báo, {infos} thông tin"
            if args.lang_of.common(run.files) == "vi"
            else f"{len(run.files)} file(s), {errors} error(s), {warnings} warning(s), {infos} info"
        )
    text = "\n".join(out) + "\n"
    if run.broken:
        return text, EXIT_USAGE
    return text, EXIT_FINDINGS if errors else EXIT_OK


def _tree(args, stdout: TextIO, stderr: TextIO, cache: "Cache | None") -> int:
    from ..checks.tree import render_tree
    from ..language.library import Library, parse_files
    from ..pipeline import Pipeline

    found = plan_files(args.paths, args.lang_of, stderr)
    if found is None:
        return EXIT_USAGE
    read = parse_files(found, cache=cache)
    failed = [d for r in read for d in r.errors]
    if failed:
        for d in failed:
            stderr.write(d.render(args.lang_of(d)) + "\n")
        return EXIT_USAGE
    library = Library(tuple(r.plan for r in read), tuple(r.path for r in read))  # type: ignore[misc]
    findings = Pipeline(cache=cache).check(args.paths).findings
    stdout.write(render_tree(library, list(findings), args.lang_of.common(found)))  # the plans' language
    return EXIT_OK


def _order(d: Diagnostic) -> tuple:
    return (d.span.line, d.span.column, d.code) if d.span else (0, 0, d.code)


def _json(d: Diagnostic, lang: str) -> dict:
    """`d` as data; a closing "… and N more" also has its `count` N, which the totals include."""
    from ..base.diagnostics import stands_for

    out = {
        "code": d.code,
        "severity": d.severity.value,
        "message": d.message.text(lang),
        "line": d.span.line if d.span else None,
        "column": d.span.column if d.span else None,
        "hints": [h.text(lang) for h in d.hints],
    }
    if d.message.key == "more_findings":
        out["count"] = stands_for(d)
    return out
