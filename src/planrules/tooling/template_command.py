"""`planrules template PLAN --format xlsx -o FILE.xlsx`: a workbook to fill in with the facts a plan needs.

A command module (`cli_options`). A command of its own rather than one more
format of `schema`: `schema` prints the whole vocabulary's tables for programs
(DDL, JSON Schema) on standard output; a template is for people, holds only
the tables the plan reads, lists the plan's own units, tasks and categories in
drop-downs, and is a binary file, written with -o only. The workbook is
`reports.xlsx_template`'s; `eval --facts FILE.xlsx` reads it back
(`facts.xlsx_facts`, docs/facts.md "Excel").
"""

from __future__ import annotations

from typing import TextIO

from .cli_options import EXIT_OK, EXIT_USAGE, given, register_option
from .cli_plan import compile_plan, pipeline_for
from .import_command import write_file

__all__ = ["add_parser", "run"]

USES_CACHE = True


def add_parser(sub) -> None:
    """The `template` subcommand and its arguments."""
    template = sub.add_parser(
        "template",
        help="write a workbook (.xlsx) to fill in with the facts a plan needs",
        description=(
            "Write a workbook with one sheet per table of facts the plan reads (its record kinds, counts, values, "
            "deliveries, assessments, events, units), headers in words, drop-down lists of the plan's units, "
            "categories and yes/no, and a first sheet saying how to fill it in. Read it back with "
            "eval --facts FILE.xlsx. See docs/facts.md, Excel."
        ),
        epilog="Exit status: 0 written, 2 bad plan, no -o, a file there already (without --force) or one that could "
        "not be written.",
    )
    template.add_argument("plan", type=given, metavar="PLAN", help="the .plan file")
    template.add_argument("--format", choices=("xlsx",), default="xlsx", help="the template's format (xlsx)")
    template.add_argument("-o", "--output", type=given, metavar="FILE", help="the workbook to write (required)")
    template.add_argument("--force", action="store_true",
                          help="write over a file that exists (by default refused: it may be a template filled in)")
    template.add_argument("--library", type=given, metavar="DIR", help="folder of plans holding the plan's parents")
    register_option(template)
    template.add_argument("--lang", choices=("en", "vi"), default=None,
                          help="language of the headers and the guide (default: vi)")


def run(args, stdout: TextIO, stderr: TextIO, cache=None) -> int:
    from ..reports.xlsx_template import template_xlsx

    if args.output is None:  # binary: written to a file, never to a terminal
        stderr.write("planrules: the template is a workbook, a binary file: give -o FILE.xlsx\n")
        return EXIT_USAGE
    lang = "vi" if args.lang_of.given is None else args.lang
    write_file(args, template_xlsx(compile_plan(args, pipeline_for(args, cache)), lang))
    return EXIT_OK
