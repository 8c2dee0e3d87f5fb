"""An imported table as a `.plan` draft: a plan model written by the printer, so the draft is canonical text.

Units are declared in the order the table first names them, each at the row
naming it, its name made from its label (`official.identifier`; a second
label making the same name gets `_2`, `_3`…), its label kept exactly; the
events deadlines wait for likewise. Each task cites its table and rows
(`@"phu-luc.docx bảng 1":5-6`), each cell not read stands above its task as a
`# TODO` comment with the cell verbatim.
"""

from __future__ import annotations

import os

import attrs

from ..language import model as m
from ..language.printer import format as format_plan
from . import official
from .appendix import Appendix, Row, Todo
from .messages import DocumentMessage

__all__ = ["draft_plan", "draft_text"]


def _names(labels: tuple[tuple[str, int], ...], taken: set[str]) -> dict[str, str]:
    """Each label's name, in the order given: deterministic, unique, and one the grammar reads as a name."""
    named: dict[str, str] = {}
    for label, _ in labels:
        base = official.identifier(label)
        name, n = base, 1
        while name in taken or not official.is_name(name):
            n += 1
            name = f"{base}_{n}"
        taken.add(name)
        named[label] = name
    return named


def _todo(todo: Todo) -> m.Comment:
    return m.Comment(DocumentMessage.of("todo_cell", place=todo.place.text("vi"), text=todo.text).text("vi"))


def draft_plan(appendix: Appendix, number: str | None = None) -> m.Plan:
    """The draft's model: `number` (else the file's name, with a comment saying so), the units, events,
    headings and tasks of `appendix`."""
    grid = appendix.grid
    file = os.path.basename(grid.file)
    document = f"{file} {grid.label()}"
    taken: set[str] = set()
    units = _names(appendix.units, taken)
    events = _names(appendix.events, taken)
    body: list = []
    for label, row in appendix.units:
        body.append(m.Unit(units[label], label, source=m.SourceRef(row, row, document)))
    for label, row in appendix.events:
        body.append(m.Event(events[label], label, source=m.SourceRef(row, row, document)))
    for item in appendix.items:
        if isinstance(item, Todo):
            body.append(_todo(item))
        elif isinstance(item, (m.Section, m.Comment)):
            body.append(item)
        elif isinstance(item, Row):
            body.extend(_todo(todo) for todo in item.todos)
            body.append(_named(item.task, units, events))
    heading = DocumentMessage.of("draft_heading", file=file, table=grid.label()).text("vi")
    preamble = [m.Comment(heading, detached=True)]
    if number is None:
        preamble = [m.Comment(heading), m.Comment(DocumentMessage.of("draft_number").text("vi"), detached=True)]
    return m.Plan(number=number or os.path.splitext(file)[0], source_text=file, preamble=tuple(preamble),
                  body=tuple(body))


def _named(task: m.Task, units: dict[str, str], events: dict[str, str]) -> m.Task:
    """`task` with its units' and events' labels replaced by their names."""
    deadlines = tuple(
        attrs.evolve(d, **{f: events[getattr(d, f)] for f in official.EVENT_FIELDS if getattr(d, f, None)})
        for d in task.deadlines)
    return attrs.evolve(task, leads=tuple(units[u] for u in task.leads),
                        collaborators=tuple(units[u] for u in task.collaborators), deadlines=deadlines)


def draft_text(appendix: Appendix, number: str | None = None) -> str:
    """The draft as canonical `.plan` text (`planrules fmt` leaves it as it is)."""
    return format_plan(draft_plan(appendix, number), "vi")
