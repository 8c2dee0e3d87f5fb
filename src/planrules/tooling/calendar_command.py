"""`planrules calendar`: what each unit of a plan owes and when, as text or iCalendar; with --late, what is overdue.

A command module (`cli_options`): `add_parser` declares its arguments, `run`
carries it out. The agenda is `evaluation.agenda`, written by
`reports.agenda`; --late evaluates the plan on the facts given, as `eval`
does, and lists the deadline verdicts overdue at --as-of. Its own mistakes
are the H7xx codes (docs/reports.md): a span that ends before it starts, a
unit the plan does not bind, --late without facts, iCalendar without its
package.
"""

from __future__ import annotations

import datetime as _dt
import importlib.util

import attrs
from typing import TextIO

from ..base.diagnostics import Diagnostic, PlanError
from .cli_language import HelpTexts
from .cli_options import EXIT_OK, LANGUAGES, command_parser, given, register_option
from .cli_plan import as_of_date, compile_plan, pipeline_for
from .messages import ToolingMessage

__all__ = ["CODES", "add_parser", "run"]

USES_CACHE = True
# By default a plan with an end date (hiệu lực đến) is listed to it and on to the last day of any occurrence opened
# before it: a month, a quarter or an event's working days opened on the last day end well within a year.
_AFTER_THE_END = 400

CODES = {
    "H700": "the calendar's span ends before it starts (--to before --from)",
    "H701": "--unit names a unit the plan does not bind",
    "H702": "--late without --facts: nothing says what was delivered",
    "H703": "--format ics without the icalendar package (the `calendar` extra)",
    "H704": "--late lists verdicts as text: not with --format ics",
}


def add_parser(sub, t: HelpTexts) -> None:
    """The `calendar` subcommand and its arguments, said in `t`'s language."""
    calendar = command_parser(sub, "calendar", t, "help_calendar_command", "help_calendar_description",
                              "help_calendar_exit")
    calendar.add_argument("plan", type=given, metavar=t.plain("metavar_plan"), help=t("help_plan"))
    calendar.add_argument("--unit", action="append", type=given, metavar=t.plain("metavar_unit"),
                          help=t("help_calendar_unit"))
    calendar.add_argument("--from", dest="start", type=given, metavar=t.plain("metavar_date"),
                          help=t("help_calendar_from"))
    calendar.add_argument("--to", dest="end", type=given, metavar=t.plain("metavar_date"), help=t("help_calendar_to"))
    calendar.add_argument("--format", choices=("text", "ics"), default="text", help=t("help_calendar_format"))
    calendar.add_argument("--facts", nargs="+", default=[], type=given, metavar=t.plain("metavar_source"),
                          help=t("help_calendar_facts"))
    calendar.add_argument("--late", action="store_true", help=t("help_calendar_late"))
    calendar.add_argument("--as-of", dest="as_of", type=given, metavar=t.plain("metavar_date"),
                          help=t("help_calendar_as_of"))
    calendar.add_argument("--library", type=given, metavar=t.plain("metavar_dir"), help=t("help_library"))
    register_option(calendar, t)
    calendar.add_argument("--calendar", choices=("vietnam", "plain"), default="vietnam", help=t("help_calendar"))
    calendar.add_argument("--lang", choices=LANGUAGES, default=None, help=t("help_lang_calendar"))


def _refused(code: str, key: str, **args: object) -> PlanError:
    return PlanError([Diagnostic(code, ToolingMessage.of(key, **args))])


def run(args, stdout: TextIO, stderr: TextIO, cache=None) -> int:
    if args.late and not args.facts:
        raise _refused("H702", "calendar_late_without_facts")
    if args.late and args.format == "ics":
        raise _refused("H704", "calendar_late_ics")
    pipeline = pipeline_for(args, cache)
    rules = compile_plan(args, pipeline)
    for unit in args.unit or ():
        if unit not in rules.bound and not any(unit in r.joint for r in rules.deadline_rules):
            raise _refused("H701", "calendar_unknown_unit", unit=unit, units=", ".join(rules.bound) or "—")
    fitted = pipeline.fit(rules, *args.facts) if args.facts else None
    if args.late:
        from ..reports.agenda import late_to_text

        as_of = as_of_date(args.as_of) if args.as_of else None
        report = pipeline.evaluate(fitted, as_of, units=args.unit).report
        stdout.write(late_to_text(report, args.lang))
        return EXIT_OK
    return _agenda(args, rules, fitted, stdout)


def _agenda(args, rules, fitted, stdout: TextIO) -> int:
    from ..evaluation.agenda import agenda
    from ..evaluation.ruleset import today_in_vietnam
    from ..reports.agenda import agenda_to_ics, agenda_to_text

    plan = rules.plan
    today = today_in_vietnam(_dt.datetime.now(_dt.timezone.utc))
    start = as_of_date(args.start) if args.start else (plan.effective or plan.date or today)
    until = plan.until if not args.end and plan.until is not None and plan.until >= start else None
    end = as_of_date(args.end) if args.end else until or _dt.date(start.year, 12, 31)
    if end < start:
        raise _refused("H700", "calendar_backwards", start=start.strftime("%d/%m/%Y"), end=end.strftime("%d/%m/%Y"))
    events = fitted.facts.events if fitted is not None else ()
    if until is None:
        found = agenda(rules, start, end, units=args.unit, happened=events)
    else:  # to the plan's end, and past it to the last day of an occurrence opened before it (no later one exists)
        found = agenda(rules, start, until + _dt.timedelta(days=_AFTER_THE_END), units=args.unit, happened=events)
        found = attrs.evolve(found, end=max([until, *(e.last_day for e in found.entries)]))
    if args.format == "ics":
        if importlib.util.find_spec("icalendar") is None:
            raise _refused("H703", "calendar_no_icalendar")
        stdout.write(agenda_to_ics(found, rules.calendar, args.lang))
        return EXIT_OK
    stdout.write(agenda_to_text(found, rules.calendar, args.lang))
    return EXIT_OK
