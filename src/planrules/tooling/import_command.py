"""`planrules import`: a plan's assignment table (a `.docx` table or a `.xlsx` sheet) as a `.plan` draft; and
`planrules export --format docx|xlsx`, the way back (`export_table`).

Reading and drafting are the documents package's (`documents.appendix`,
`documents.draft`); this module owns the command: the findings on standard
error, the draft on standard output or in `-o FILE`, never over a file that
exists unless `--force`, and a file written whole or not at all.
"""

from __future__ import annotations

import os
from typing import TextIO

from ..base.diagnostics import Diagnostic, DocumentError
from ..documents.messages import DocumentMessage
from .cli_language import HelpTexts
from .cli_options import EXIT_OK, EXIT_USAGE, LANGUAGES, command_parser, given

__all__ = ["add_parser", "export_table", "run", "write_file", "write_new"]

USES_CACHE = False  # reads one document; nothing to cache


def add_parser(sub, t: HelpTexts) -> None:
    """The `import` subcommand and its arguments, said in `t`'s language."""
    command = command_parser(sub, "import", t, "help_import", "help_import_description", "help_import_exit")
    command.add_argument("document", type=given, metavar=t.plain("metavar_file"), help=t("help_import_document"))
    command.add_argument("-o", "--output", type=given, metavar=t.plain("metavar_file"), help=t("help_import_output"))
    command.add_argument("--force", action="store_true", help=t("help_force"))
    command.add_argument("--number", type=given, metavar=t.plain("metavar_number"), help=t("help_import_number"))
    command.add_argument("--lang", choices=LANGUAGES, default=None, help=t("help_lang_import"))


def run(args, stdout: TextIO, stderr: TextIO) -> int:
    from ..documents.appendix import read_appendix
    from ..documents.draft import draft_text
    from ..documents.tables import read_document

    lang = args.lang_of.given or "vi"
    try:
        _not_over(args)
        appendix = read_appendix(read_document(args.document), args.document)
        text = draft_text(appendix, args.number)
        for finding in appendix.findings:
            stderr.write(finding.render(lang) + "\n")
        if args.output:
            write_file(args, text.encode("utf-8"))
        else:
            stdout.write(text)
    except DocumentError as error:
        stderr.write(error.render(lang) + "\n")
        return EXIT_USAGE
    return EXIT_OK


def write_new(path: str, data: bytes) -> None:
    """Write `data` to `path` through a temporary file beside it and one rename: whole, or not at all."""
    import tempfile

    folder = os.path.dirname(os.path.abspath(path))
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".planrules.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as error:
        raise DocumentError([Diagnostic("D631", DocumentMessage.of("cannot_write", file=path, reason=(
            error.strerror or str(error))))]) from None


def _not_over(args) -> None:
    """Refuse (D630) to write over a file that exists, unless --force."""
    if args.output and os.path.lexists(args.output) and not args.force:
        raise DocumentError([Diagnostic("D630", DocumentMessage.of("exists", file=args.output))])


def write_file(args, data: bytes) -> None:
    """`data` in the -o file: refused over one that exists without --force (D630), whole or not at all (D631)."""
    _not_over(args)
    write_new(args.output, data)


def export_table(args, cache) -> int:
    """The plan's tasks as its assignment table in the -o file (docx or xlsx), units by their labels (declared in
    the plan, else in a plan of --library); a deadline's label that could not be written said on standard error
    (D620). The plan is read, not compiled: a draft without a date of issue exports too."""
    from ..documents.assignment import assignment_table
    from ..documents.docx_table import write_table as write_docx
    from ..documents.xlsx_table import write_table as write_xlsx
    from ..language import model as m
    from ..language.library import load, load_dir

    if not args.output:
        args.stderr.write(f"planrules: export --format {args.format} writes a file: give -o FILE\n")
        return EXIT_USAGE
    plan = load(args.plan, cache=cache)
    plans = [plan, *(load_dir(args.library, cache=cache).plans if args.library else ())]
    labels: dict[str, str] = {}
    for each in plans:
        for unit in (s for s in each.body if isinstance(s, m.Unit)):
            labels.setdefault(unit.name, unit.label)
    assignment = assignment_table(plan, labels.get)
    for warning in assignment.warnings:
        args.stderr.write(warning.render(args.lang_of(warning)) + "\n")
    try:
        data = (write_docx if args.format == "docx" else write_xlsx)(assignment.table)
    except ValueError as error:  # a character Word or Excel cannot hold (a control character)
        raise DocumentError([Diagnostic("D631", DocumentMessage.of("cannot_write", file=args.output, reason=str(
            error)[:300]))]) from None
    write_file(args, data)
    return EXIT_OK
