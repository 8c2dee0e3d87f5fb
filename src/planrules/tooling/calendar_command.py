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
from .cli_options import EXIT_OK, given, register_option
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


def add_parser(sub) -> None:
    """The `calendar` subcommand and its arguments."""
    calendar = sub.add_parser(
        "calendar",
        help="what each unit owes and when, in date order (text or iCalendar); --late: what is overdue",
        description=(
            "List the deadlines of a plan day by day: each occurrence a unit owes, its last day on time after "
            "the working-day rule (a deadline falling on a weekend or holiday moves to the next working day, "
            "and says so), in the plan's words. --format ics writes an iCalendar file for any calendar "
            "application. With --facts and --late, list instead what is overdue at --as-of. See docs/reports.md."
        ),
        epilog="Exit status: 0 listed, 2 bad plan, facts, date or option (H7xx: docs/reports.md).",
    )
    calendar.add_argument("plan", type=given, metavar="PLAN", help="the .plan file")
    calendar.add_argument("--unit", action="append", type=given, metavar="UNIT",
                          help="only what this unit owes (repeatable; default: every unit the plan binds)")
    calendar.add_argument("--from", dest="start", type=given, metavar="DATE",
                          help="first day (ISO or dd/mm/yyyy; default: the day the plan is in force)")
    calendar.add_argument("--to", dest="end", type=given, metavar="DATE",
                          help="last day (default: the plan's end date, and on to the last day of anything "
                          "owed that opened before it; without one, 31/12 of the first day's year)")
    calendar.add_argument("--format", choices=("text", "ics"), default="text")
    calendar.add_argument("--facts", nargs="+", default=[], type=given, metavar="SOURCE",
                          help="facts (as eval takes them): the events that happened date the deadlines "
                          "waiting for them; with --late, the deliveries judged")
    calendar.add_argument("--late", action="store_true", help="list what is overdue at --as-of, given --facts")
    calendar.add_argument("--as-of", dest="as_of", type=given, metavar="DATE",
                          help="with --late, the day judged (default: today in Viet Nam)")
    calendar.add_argument("--library", type=given, metavar="DIR", help="folder of plans holding the plan's parents")
    register_option(calendar)
    calendar.add_argument("--calendar", choices=("vietnam", "plain"), default="vietnam",
                          help="working days: Vietnamese weekends and public holidays (default), or every day")
    calendar.add_argument("--lang", choices=("en", "vi"), default=None, help="language of the output (default: en)")


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
