"""A plan's tasks as its assignment table, in the official layout: TT | Nội dung nhiệm vụ | Cơ quan chủ trì |
Cơ quan phối hợp | Sản phẩm | Thời hạn hoàn thành.

Units by their labels, deadlines as officials write them (`official.written`),
or by the plan's own words for a deadline (its label) where those read back
as the same deadline; a label that does not is left out of the table and
said (D620), never written as a deadline the importer would read otherwise.
Several leads or deadlines share a cell, separated by "; ".
"""

from __future__ import annotations

from collections.abc import Callable

from attrs import frozen

from ..base.diagnostics import Diagnostic, Severity
from ..language import model as m
from . import official
from .messages import DocumentMessage
from .grids import OfficialTable

__all__ = ["HEADER", "SEPARATOR", "Assignment", "assignment_table", "number_cell"]

HEADER = ("TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm", "Thời hạn hoàn thành")
SEPARATOR = "; "


@frozen
class Assignment:
    """The table to write, and what could not be written as the plan says it (warnings)."""

    table: OfficialTable
    warnings: tuple[Diagnostic, ...] = ()


def number_cell(address: m.Address) -> str:
    """A task's TT as a table writes it: "5", "11.1" for a row of the plan's own table, else the address as the
    language writes it ("II.2.a", "Phụ lục I TT 3")."""
    if address.row is not None and address == m.Address(row=address.row, sub=address.sub):
        return ".".join(map(str, (address.row, *address.sub)))
    return str(address)


def assignment_table(plan: m.Plan, unit_label: Callable[[str], str | None]) -> Assignment:
    """Every task of `plan`, in its order, as a row; units named by `unit_label(name)` (the name without one)."""
    events = {s.name: s.label for s in plan.body if isinstance(s, m.Event)}
    event_label = lambda name: events.get(name, name)  # noqa: E731
    label = lambda name: unit_label(name) or name  # noqa: E731
    rows, warnings = [], []
    for task in (s for s in plan.body if isinstance(s, m.Task)):
        said = []
        for d in task.deadlines:
            text = official.written(d, event_label)
            if d.label is not None and _reads_as(d.label, text):
                text = d.label
            elif d.label is not None:
                where = f"{plan.number or ''} {task.address}".strip()
                warnings.append(Diagnostic("D620", DocumentMessage.of("label_not_written", place=where, label=repr(
                    d.label), text=repr(text)), d.span or task.span, Severity.WARNING))
            said.append(text)
        rows.append((
            number_cell(task.address), task.content or "", SEPARATOR.join(map(label, task.leads)),
            SEPARATOR.join(map(label, task.collaborators)), task.deliverable or "", SEPARATOR.join(said),
        ))
    title = ("PHỤ LỤC", "PHÂN CÔNG NHIỆM VỤ CỤ THỂ")
    if plan.number:
        title += (f"(Kèm theo Kế hoạch số {plan.number}" + (f" ngày {plan.date:%d/%m/%Y})" if plan.date else ")"),)
    return Assignment(OfficialTable(title, HEADER, tuple(rows)), tuple(warnings))


def _reads_as(label: str, text: str) -> bool:
    """Whether a deadline's label, alone in its cell, reads back as the deadline `text` writes."""
    if any(mark in label for mark in (";", "\n")):
        return False
    read = official.read(label)
    return read is not None and len(read) == 1 and official.written(read[0]) == text
