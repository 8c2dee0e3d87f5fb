"""The agenda (`evaluation.agenda`) for people and for calendar applications, and what is overdue.

`agenda_to_text` lists, day by day, what each unit owes, in the plan's words
(a unit's label, a task's content, a deadline as written), and says when a
last day moved off a weekend or a holiday and why. `agenda_to_ics` writes the
same entries as iCalendar (RFC 5545, with the `icalendar` package: the
`calendar` extra), one all-day event per occurrence on its last day, with a
UID that is the same in every run, so a calendar application that imports
the file again updates its events rather than doubling them. `late_to_text`
lists the deadline verdicts of a report that are overdue at its date.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import textwrap
from collections.abc import Sequence

from ..evaluation.agenda import Agenda, Entry
from ..evaluation.clause_texts import index, text_of
from ..evaluation.verdicts import Report, RuleKind, Status, Verdict, show_date
from ..evaluation.workdays import Calendar, weekday_name
from .phrases import check_lang, clean, number, period_text, places, word

__all__ = ["agenda_to_ics", "agenda_to_text", "late_of", "late_to_text"]

_WIDTH = 80
_INDENT = "    "


def _wrapped(text: str, indent: str = _INDENT) -> list[str]:
    return textwrap.wrap(clean(text), _WIDTH, initial_indent=indent, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False) or [indent.rstrip()]


def _owners(entry_owners: Sequence[str], labels: dict[str, str], lang: str) -> str:
    names = [labels.get(o, o) for o in entry_owners]
    return word("joint", lang, leads=" + ".join(names)) if len(names) > 1 else names[0]


def when_text(entry: Entry, calendar: Calendar, lang: str) -> str:
    """When `entry` is owed: its due date as written, its last day, and why that day moved (or did not)."""
    parts = []
    if entry.label is not None:
        parts.append(word("agenda_deadline", lang, label=entry.label))
    if entry.due is None:
        parts.append(word("agenda_through", lang, closes=show_date(entry.closes)) if entry.closes is not None
                     else word("agenda_from_event", lang, opens=show_date(entry.opens)))
        return ": ".join(parts)
    if entry.inclusive:
        parts.append(word("agenda_by", lang, due=show_date(entry.due)))
    else:
        parts.append(word("agenda_before", lang, due=show_date(entry.due), last=show_date(entry.due - _dt.timedelta(1))))
    text = ": ".join(parts)
    if entry.moved_over:
        days = ", ".join(f"{show_date(d)} ({calendar.day_off_reason(d)[1][1 if lang == 'vi' else 0]})"
                         for d in entry.moved_over)
        text += "; " + word("agenda_moved", lang, days=days, weekday=weekday_name(entry.last_day, lang),
                            last=show_date(entry.last_day))
    elif entry.hard and not calendar.is_working_day(entry.last_day):
        what = calendar.day_off_reason(entry.last_day)[1][1 if lang == "vi" else 0]
        text += "; " + word("agenda_hard", lang, day=show_date(entry.last_day), what=what)
    return text


def _where(plan: str, entry: Entry, lang: str) -> str:
    """Where the deadline is written: in the `.plan` file and in the source document, said as a verdict's places
    are (`phrases.places`): the document by the number of the `plan` stating it ("nguồn 104/KH-UBND, dòng
    121"), not by the name of its text file."""
    shown = Verdict(plan=plan, unit="", rule=entry.rule, kind=RuleKind.DEADLINE, status=Status.PENDING,
                    source=entry.source, document=entry.document, at=entry.at, inherited_from=entry.inherited_from)
    return " · ".join(places(shown, lang))


def agenda_to_text(agenda: Agenda, calendar: Calendar, lang: str = "en") -> str:
    """The agenda day by day: each day's heading, then what each unit owes that day, in the plan's words."""
    check_lang(lang)
    labels, texts, events = dict(agenda.labels), index(agenda.clauses), dict(agenda.events)
    out = [word("agenda", lang, plan=agenda.plan, start=show_date(agenda.start), end=show_date(agenda.end))]
    if not agenda.entries:
        out += ["", word("agenda_none", lang)]
    day = None
    for entry in agenda.entries:
        if entry.last_day != day:
            day = entry.last_day
            weekday = weekday_name(day, lang)
            heading = f"{weekday[:1].upper()}{weekday[1:]}, {show_date(day)}"
            out += ["", heading, "-" * len(heading)]
        head = [_owners(entry.owners, labels, lang), entry.task]
        period = period_text(entry.period, lang)
        if period and entry.period != "once":
            head.append(period)
        out += _wrapped(" · ".join(head), "")
        said = text_of(texts, entry.rule, entry.task)
        if said is not None:
            out += _wrapped(said.text)
        out += _wrapped(when_text(entry, calendar, lang))
        where = _where(agenda.plan, entry, lang)
        if where:
            out += _wrapped(where)
    if agenda.waiting:
        title = word("agenda_waiting", lang)
        out += ["", title, "-" * len(title)]
        for waiting in agenda.waiting:
            out += _wrapped(f"{_owners(waiting.owners, labels, lang)} · {waiting.task}", "")
            said = text_of(texts, waiting.rule, waiting.task)
            if said is not None:
                out += _wrapped(said.text)
            out += _wrapped(word("agenda_waits", lang, event=events.get(waiting.event, waiting.event)))
    return "\n".join(out) + "\n"


def entry_uid(plan: str, entry: Entry) -> str:
    """A UID the same in every run for the same plan, deadline, period and owners (RFC 5545 §3.8.4.7)."""
    key = "\x1f".join((plan, entry.rule, entry.period, *entry.owners))
    return f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}@planrules"


def agenda_to_ics(agenda: Agenda, calendar: Calendar, lang: str = "en") -> str:
    """The agenda as an iCalendar file: one all-day VEVENT per entry, on its last day.

    SUMMARY is the task (its address and content) and who owes it; DESCRIPTION
    the clause's text (the task's content, else the deadline as written), when
    it is owed (with any move off a day off), the period, and where the
    deadline is written. DTSTAMP is the agenda's first day (midnight UTC), so
    that the same agenda gives the same bytes. Needs `icalendar` (ImportError
    without it: the command line says which extra to install).
    """
    import icalendar

    check_lang(lang)
    labels, texts = dict(agenda.labels), index(agenda.clauses)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//planrules//calendar//" + lang.upper())
    cal.add("version", "2.0")
    cal.add("x-wr-calname", clean(word("agenda", lang, plan=agenda.plan, start=show_date(agenda.start),
                                       end=show_date(agenda.end))))
    stamp = _dt.datetime.combine(agenda.start, _dt.time(0), tzinfo=_dt.timezone.utc)
    for entry in agenda.entries:
        event = icalendar.Event()
        event.add("uid", entry_uid(agenda.plan, entry))
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.last_day)
        event.add("dtend", entry.last_day + _dt.timedelta(days=1))
        said = text_of(texts, entry.rule, entry.task)
        task = said.text if said is not None and said.clause == entry.task else None  # the task's own words
        summary = f"{entry.task}: {task}" if task else entry.task
        event.add("summary", clean(f"{summary} — {_owners(entry.owners, labels, lang)}"))
        lines = [said.text] if said is not None else []
        lines.append(when_text(entry, calendar, lang))
        period = period_text(entry.period, lang)
        if period and entry.period != "once":
            lines.append(period)
        where = _where(agenda.plan, entry, lang)
        if where:
            lines.append(where)
        event.add("description", clean("\n".join(lines)))
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")


def late_of(report: Report) -> tuple[Verdict, ...]:
    """The deadline verdicts of `report` overdue at its date: not met, or (nothing known, or pending) with their
    last day past."""
    return tuple(v for v in report.verdicts if v.kind is RuleKind.DEADLINE and (
        v.status is Status.NOT_MET or (v.status in (Status.UNKNOWN, Status.PENDING) and v.last_day is not None
                                       and v.last_day < report.as_of)))


def late_to_text(report: Report, lang: str = "en") -> str:
    """What is overdue at the report's date, by last day: each unit, task, period and how late."""
    check_lang(lang)
    labels = dict(report.labels)
    texts = index(report.clause_texts)
    out = [word("late", lang, plan=report.plan, date=show_date(report.as_of))]
    late = sorted(late_of(report), key=lambda v: (v.last_day or report.as_of, v.unit, v.rule))
    if not late:
        out += ["", word("late_none", lang)]
    for v in late:
        owners = _owners(v.leads or (v.unit,), labels, lang)
        head = [owners, v.clause or v.rule]
        period = period_text(v.period, lang)
        if period and v.period != "once":
            head.append(period)
        out += ["", *_wrapped(" · ".join(head), "")]
        said = text_of(texts, v.rule, v.clause)
        if said is not None:
            out += _wrapped(said.text)
        last = show_date(v.last_day) if v.last_day is not None else "?"
        if v.delivered is not None:
            said = word("late_delivered", lang, delivered=show_date(v.delivered), days=number(v.days_late, lang), last=last)
        elif v.status is Status.NOT_MET:
            days = v.days_late if v.days_late is not None else (report.as_of - v.last_day).days if v.last_day else "?"
            said = word("late_missing", lang, last=last, days=days if isinstance(days, str) else number(days, lang))
        else:
            said = word("late_unknown", lang, last=last)
        out += _wrapped(said)
        where = " · ".join(places(v, lang))
        if where:
            out += _wrapped(where)
    return "\n".join(out) + "\n"
