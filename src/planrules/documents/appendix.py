"""An assignment table's cells as tasks: the header recognised, rows continued over a page joined, each cell
read — or kept verbatim as a TODO with a finding (D610–D619) placed at its table, row and column.

The header row is the first of a table naming at least a TT and a Nội dung
column (`COLUMNS`: their spellings, compared in lower case, NFC and
ASCII-folded alike). Below it, a row with an empty TT continues the task
above (a row broken over a page): each of its cells is added to the task's,
except one merged with the cell above (the same cell). A row whose TT is a
Roman numeral and that gives nothing but a title, or one cell merged across
the row, is a heading (`mục`, or a comment when it has no Roman number); a
row of column numbers ((1), (2)…) is skipped. Leads and collaborators are split on
";" and line breaks (a comma belongs to a name: "Các cơ quan, đơn vị").
"""

from __future__ import annotations

import os
import re
import unicodedata

from attrs import frozen

from ..base.diagnostics import Diagnostic, PlanError, Severity
from ..language import model as m
from ..language.syntax import parse
from . import official
from .messages import DocumentMessage
from .grids import Cell, Grid, fail

__all__ = ["COLUMNS", "Appendix", "Row", "Todo", "find_table", "read_appendix"]

# Each column the importer reads, and how its header may be written (ASCII-folded, lower case, any spacing).
COLUMNS = {
    "number": r"(s[oố]\s*)?t(hu\s*)?t|stt|so thu tu|thu tu",
    "lead": r".*chu tri.*",
    "collaborators": r".*phoi hop.*",
    "deliverable": r".*(san pham|ket qua).*",
    "deadline": r".*(thoi han|thoi gian|tien do).*",
    "content": r".*(noi dung|nhiem vu|cong viec|giai phap).*",
}
_ROMAN = re.compile(r"^(?=[IVXLC]+\.?$)M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})\.?$")
_BULLET = re.compile(r"^[-+•*–]\s*")


def fold(text: str) -> str:
    """`text` in lower case without diacritics (đ as d), spaces collapsed: how headers are compared."""
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).split())


@frozen
class Todo:
    """A cell (or a row) not read: where, and its text verbatim."""

    place: DocumentMessage
    text: str


@frozen
class Row:
    """A task read from one row, or from a row and the rows continuing it (`first`..`last`)."""

    first: int
    last: int
    task: m.Task
    todos: tuple[Todo, ...] = ()


@frozen
class Appendix:
    """What a table says: its units (label → first row naming it), events (label → row), headings, tasks
    (`Row`s), and the rows that could not be read, in the table's order (`items`), with the findings."""

    grid: Grid
    items: tuple  # Row | m.Section | m.Comment | Todo, in the table's order
    units: tuple[tuple[str, int], ...]
    events: tuple[tuple[str, int], ...]
    findings: tuple[Diagnostic, ...]
    counts: tuple[int, int]  # (cells read, cells left as TODO) of the cells with text below the header (a merged one once)


def _role(header: str) -> str | None:
    folded = re.sub(r"[^\w ]+", " ", fold(header))
    folded = " ".join(folded.replace("/", " ").split())
    for role, pattern in COLUMNS.items():
        if re.fullmatch(pattern, folded):
            return role
    return None


def find_table(grids: list[Grid], file: str) -> tuple[Grid, int, dict[str, int]]:
    """The first table with a header row (TT and Nội dung): the table, its header's row and each column's index."""
    for grid in grids:
        for r, row in enumerate(grid.rows[:20], start=1):
            columns: dict[str, int] = {}
            for c, cell in enumerate(row):
                role = _role(cell.text) if cell.text and (c == 0 or cell.origin != row[c - 1].origin) else None
                if role is not None and role not in columns:
                    columns[role] = c
            if "number" in columns and "content" in columns:
                return grid, r, columns
    seen = ", ".join(g.label() for g in grids) if grids else DocumentMessage.of("no_tables_at_all").text("vi")
    raise fail("no_table", file=file, seen=seen)


def read_appendix(grids: list[Grid], file: str) -> Appendix:
    """The tasks of the assignment table among `grids` (the first with a header), or a `DocumentError`."""
    grid, header_row, columns = find_table(grids, file)
    return _Reader(grid, header_row, columns).read()


class _Reader:
    def __init__(self, grid: Grid, header_row: int, columns: dict[str, int]):
        self.grid, self.header_row, self.columns = grid, header_row, columns
        self.headers = {role: grid.rows[header_row - 1][c].text.replace("\n", " ") for role, c in columns.items()}
        self.findings: list[Diagnostic] = []
        self.units: dict[str, int] = {}
        self.events: dict[str, int] = {}
        self.cells: set[tuple[int, int]] = set()  # the cells below the header with text, by origin
        self.todo_cells = 0

    def warn(self, code: str, key: str, place: DocumentMessage, hints: tuple = (), **args: object) -> None:
        self.findings.append(Diagnostic(code, DocumentMessage.of(key, file=self.grid.file, place=(
            place.text("en"), place.text("vi")), **args), None, Severity.WARNING, hints=hints))

    def cell(self, row: tuple[Cell, ...], role: str) -> Cell | None:
        c = self.columns.get(role)
        return row[c] if c is not None and c < len(row) else None

    def read(self) -> Appendix:
        for role in ("lead", "deadline"):
            if role not in self.columns:
                self.warn("D611", "column_missing", self.grid.at_row(self.header_row), column=repr(
                    {"lead": "Cơ quan chủ trì", "deadline": "Thời hạn"}[role]))
        gathered = self.gather()
        items: list = []
        used: set[m.Address] = set()
        rows_read = [g for g in gathered if isinstance(g, dict)]
        numbers = [self.address(g["number"][0]) for g in rows_read]
        free = max((a.row for a in numbers if a is not None and a.row is not None and not a.sub
                    and a == m.Address(row=a.row)), default=0)
        for g in gathered:
            if not isinstance(g, dict):
                items.append(g)
                continue
            todos: list[Todo] = []
            text, first = g["number"][0], g["first"]
            address = self.address(text)
            place = self.grid.at_cell(first, self.columns["number"] + 1, self.headers["number"])
            if address is None or address in used:
                free += 1
                fallback = m.Address(row=free)
                key = "number_not_read" if address is None else "number_repeated"
                self.warn("D610", key, place, text=repr(text), number=str(fallback))
                todos.append(Todo(place, text))
                self.todo_cells += 1
                address = fallback
            used.add(address)
            items.append(self.task(g, address, todos))
        return Appendix(self.grid, tuple(items), tuple(self.units.items()), tuple(self.events.items()),
                        tuple(self.findings), (len(self.cells) - self.todo_cells, self.todo_cells))

    def gather(self) -> list:
        """The rows below the header as tasks' cells (a dict of role → texts, with first and last row), headings
        (`m.Section`) and rows that continue nothing (`Todo`), joining each continuation to its task."""
        out: list = []
        current: dict | None = None
        previous: tuple[Cell, ...] | None = None
        for r in range(self.header_row + 1, len(self.grid.rows) + 1):
            row = self.grid.rows[r - 1]
            texts = {role: (cell.text if (cell := self.cell(row, role)) else "") for role in COLUMNS}
            if not any(texts.values()) or _numbering(row):
                previous = row
                continue
            self.cells.update(cell.origin for role in COLUMNS if (cell := self.cell(row, role)) is not None and cell.text)
            number = self.cell(row, "number")
            merged_number = previous is not None and number is not None and \
                number.origin == previous[self.columns["number"]].origin
            heading = self.heading(row, texts)
            if heading is not None and not merged_number:
                out.append(heading)
                current = None
            elif texts["number"] and not merged_number:
                current = {role: [text] if text else [] for role, text in texts.items()}
                current.update(number=[texts["number"]], first=r, last=r, origins={
                    role: cell.origin for role in COLUMNS if (cell := self.cell(row, role)) is not None})
                out.append(current)
            elif current is not None:
                for role in COLUMNS:
                    cell = self.cell(row, role)
                    if role == "number" or cell is None or not cell.text:
                        continue
                    if cell.origin != current["origins"].get(role):
                        current[role].append(cell.text)
                        current["origins"][role] = cell.origin
                current["last"] = r
            else:
                place = self.grid.at_row(r)
                whole = " | ".join(text for text in texts.values() if text)
                self.warn("D612", "nothing_to_continue", place)
                self.todo_cells += sum(1 for text in texts.values() if text)
                out.append(Todo(place, whole))
            previous = row
        return out

    def heading(self, row: tuple[Cell, ...], texts: dict[str, str]) -> m.Section | m.Comment | None:
        """A row that titles the rows below: a Roman TT with a title and nothing else, or one cell merged across
        the row ("II. TỔ CHỨC THỰC HIỆN"): a section when it starts with a Roman number, else a comment."""
        cells = [cell for role in COLUMNS if (cell := self.cell(row, role)) is not None]
        if len(cells) > 1 and len({cell.origin for cell in cells}) == 1:  # one cell across the table
            text = texts["content"].replace("\n", " ")
            numbered = re.match(r"^([IVXLC]+)[.)]?\s+(\S.*)$", text)
            if numbered and _ROMAN.match(numbered.group(1)):
                return m.Section(m.Address(path=numbered.group(1)), numbered.group(2))
            return m.Comment(text)
        others = [texts[role] for role in ("lead", "collaborators", "deliverable", "deadline")]
        number = texts["number"]
        if _ROMAN.match(number) and not any(others):
            title = texts["content"].replace("\n", " ")
            if title:
                return m.Section(m.Address(path=number.rstrip(".")), title)
        return None

    def address(self, text: str) -> m.Address | None:
        text = text.strip().rstrip(".")
        if re.fullmatch(r"\d{1,15}(\.\d{1,15})*", text):
            first, *rest = (int(part) for part in text.split("."))
            return m.Address(row=first, sub=tuple(rest))
        if not text or "\n" in text or "{" in text or "#" in text or '"' in text:
            return None
        try:
            plan = parse(f'kế hoạch: "x"\nnhiệm vụ {text} {{\n}}\n')
        except PlanError:
            return None
        tasks = [s for s in plan.body if isinstance(s, m.Task)]
        return tasks[0].address if len(tasks) == 1 else None

    def task(self, g: dict, address: m.Address, todos: list[Todo]) -> Row:
        first, last = g["first"], g["last"]
        source = m.SourceRef(first, last, f"{os.path.basename(self.grid.file)} {self.grid.label()}")
        content = _joined(g["content"])
        deliverable = _joined(g["deliverable"])
        leads = self.names(g["lead"], first)
        collaborators = self.names(g["collaborators"], first)
        deadlines = self.deadlines(g["deadline"], first, last, source, todos)
        task = m.Task(address, content=content, leads=leads, collaborators=collaborators, deliverable=deliverable,
                      deadlines=deadlines, source=source)
        return Row(first, last, task, tuple(todos))

    def names(self, parts: list[str], row: int) -> tuple[str, ...]:
        """The units a cell names, as their labels (the draft names them): one per line or per ";"."""
        found: list[str] = []
        for piece in re.split(r"[;\n]", " ".join(parts) if len(parts) > 1 else "".join(parts)):
            label = _BULLET.sub("", piece.strip()).strip(" .,;")
            if label and label not in found:
                found.append(label)
                self.units.setdefault(label, row)
        return tuple(found)

    def deadlines(self, parts: list[str], first: int, last: int, source: m.SourceRef,
                  todos: list[Todo]) -> tuple[m.Deadline, ...]:
        text = " ".join(" ".join(parts).split("\n")) if len(parts) > 1 else "\n".join(parts)
        if not text:
            return ()
        whole = official.read(text.replace("\n", " "))
        pieces = [(text.replace("\n", " "), whole)] if whole is not None else [
            (piece, official.read(piece)) for piece in (p.strip(" .") for p in re.split(r"[;\n]", text)) if piece]
        found: list[m.Deadline] = []
        said: set[str] = set()
        unread = []
        for piece, read in pieces:
            if read is None:
                unread.append(piece)
                continue
            for d in read:
                words = official.written(d)
                if words in said:
                    continue
                said.add(words)
                for name in official.EVENT_FIELDS:
                    label = getattr(d, name, None)
                    if label is not None:
                        self.events.setdefault(label, first)
                label = None if words == piece or len(read) > 1 else piece
                found.append(_evolve(d, label=label, source=source))
        if unread:
            column = self.columns["deadline"] + 1
            place = self.grid.at_cell(first, column, self.headers["deadline"])
            for piece in unread:
                self.warn("D613", "deadline_not_read", place, (DocumentMessage.of("hint_deadline_forms"),),
                          text=repr(piece))
            todos.append(Todo(place, "; ".join(unread)))
            self.todo_cells += 1
        return tuple(found)


def _evolve(d: m.Deadline, **changes) -> m.Deadline:
    import attrs

    return attrs.evolve(d, **changes)


def _joined(parts: list[str]) -> str | None:
    """A text cell (and its continuations) as one line: a task's content or deliverable."""
    text = " ".join(" ".join(part.split("\n")) for part in parts).strip()
    return text or None


def _numbering(row: tuple[Cell, ...]) -> bool:
    """A row of column numbers under a header: (1), (2), (3)… or 1, 2, 3…"""
    texts = [cell.text.strip("() ") for cell in row if cell.text]
    return len(texts) >= 3 and texts == [str(i) for i in range(1, len(texts) + 1)]
