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

from .cli_language import HelpTexts
from .cli_options import EXIT_OK, EXIT_USAGE, LANGUAGES, command_parser, given, register_option
from .cli_plan import compile_plan, pipeline_for
from .import_command import write_file

__all__ = ["add_parser", "run"]

USES_CACHE = True


def add_parser(sub, t: HelpTexts) -> None:
    """The `template` subcommand and its arguments, said in `t`'s language."""
    template = command_parser(sub, "template", t, "help_template", "help_template_description", "help_template_exit")
    template.add_argument("plan", type=given, metavar=t.plain("metavar_plan"), help=t("help_plan"))
    template.add_argument("--format", choices=("xlsx",), default="xlsx", help=t("help_template_format"))
    template.add_argument("-o", "--output", type=given, metavar=t.plain("metavar_file"),
                          help=t("help_template_output"))
    template.add_argument("--force", action="store_true", help=t("help_template_force"))
    template.add_argument("--library", type=given, metavar=t.plain("metavar_dir"), help=t("help_library"))
    register_option(template, t)
    template.add_argument("--lang", choices=LANGUAGES, default=None, help=t("help_lang_template"))


def run(args, stdout: TextIO, stderr: TextIO, cache=None) -> int:
    from ..reports.xlsx_template import template_xlsx

    if args.output is None:  # binary: written to a file, never to a terminal
        stderr.write("planrules: the template is a workbook, a binary file: give -o FILE.xlsx\n")
        return EXIT_USAGE
    lang = "vi" if args.lang_of.given is None else args.lang
    write_file(args, template_xlsx(compile_plan(args, pipeline_for(args, cache)), lang))
    return EXIT_OK
