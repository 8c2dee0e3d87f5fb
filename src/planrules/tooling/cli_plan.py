"""A plan compiled for a command: the run's pipeline from the command line's settings, the plan's rule
set with its findings drawn on their lines, and the --as-of date.

Shared by every command that compiles a plan (`eval`, `export`, `schema`, and the commands in
modules of their own), so each says the same things the same way: a plan that does not compile
is refused with its findings under carets, and a parent missing from the library is a warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..base.diagnostics import Diagnostic, Message, PlanError, Severity
from ..language.library import read_text
from .messages import ToolingMessage

if TYPE_CHECKING:
    from ..pipeline import Pipeline

__all__ = ["as_of_date", "compile_plan", "pipeline_for"]


def pipeline_for(args, cache) -> "Pipeline":
    """The run's settings, for the stages the command chains: library, cache, calendar, progress, language."""
    from ..evaluation.workdays import Calendar
    from ..pipeline import Pipeline

    calendar = Calendar.plain() if getattr(args, "calendar", "vietnam") == "plain" else Calendar.vietnam()
    return Pipeline(library=args.library, cache=cache, calendar=calendar, progress=args.progress, lang=args.lang,
                    registers=getattr(args, "register", ()))


def compile_plan(args, pipeline: "Pipeline"):
    """The plan's rule set; a warning (C303) on stderr per parent the library does not hold.

    A plan that does not compile (C3xx) is refused with each finding shown on its line of the plan's file,
    under a caret, as a parse error is.
    """
    try:
        rules = pipeline.rules(args.plan)
    except PlanError as error:
        raise type(error)(_with_lines(error.diagnostics, args.plan)) from None
    for warning in _missing_parents(rules, args.plan, pipeline.parents()):
        args.stderr.write(warning.render(args.lang_of(warning)) + "\n")
    return rules


def _with_lines(diagnostics, path: str) -> list[Diagnostic]:
    """`diagnostics` with the line of `path` each one is placed on, where it has none yet (to draw its caret)."""
    import attrs

    from ..base.source import Source

    try:
        source = Source.from_text(read_text(path), path)
    except PlanError:  # unreadable now: the findings stand without their lines
        return list(diagnostics)
    return [attrs.evolve(d, line_text=source.line_text(d.span.line))
            if d.line_text is None and d.span is not None and d.span.file == source.name
            and 1 <= d.span.line <= source.line_count else d for d in diagnostics]


def _missing_parents(rules, path: str, library) -> list[Diagnostic]:
    """A warning (C303) per parent whose targets are not inherited, at its number in the `cấp trên` naming it."""
    from ..evaluation.compiler import ancestors
    from ..language.library import header_place
    from ..base.source import Source

    naming = [(rules.plan, path), *((p, library.path_of(p)) for p in ancestors(rules.plan, library))]
    out = []
    for number in rules.missing_parents:
        plan, file = next((p, f) for p, f in naming if number in p.parents)
        try:
            source = Source.from_text(read_text(file), file) if file else None
        except PlanError:  # the file changed under us: the warning stands without its line
            source = None
        span = header_place(source, "parents", number) if source is not None else None
        out.append(Diagnostic("C303", ToolingMessage.of("parent_not_in_library", number=number), span or plan.span,
                              Severity.WARNING, hints=(ToolingMessage.of("hint_library"),),
                              line_text=source.line_text(span.line) if span and source else None))
    return out


def as_of_date(text: str):
    """The --as-of date: 2026-12-31 or 31/12/2026 (`base.dates`), any year a date can have; else E002."""
    from ..base.dates import ANY_YEAR, NotADate, read_date

    try:
        return read_date(text, ANY_YEAR)
    except NotADate:
        raise PlanError([Diagnostic("E002", Message.of("bad_as_of", text=text))]) from None
