"""Problems found in a table source, each located by table, column and row.

The collector of the table path (`collector.Collector`, as the files' one): a
problem's origin is a row of a table (`RowPlace`), said as a first hint
("in source (table[row]), unit u"); one check lists at most `CAP` of them and
counts the rest ("… and K more").
"""

from __future__ import annotations

from typing import NamedTuple

from ..base.diagnostics import Diagnostic, FactsError
from . import findings
from .collector import BAD, Collector
from .findings import Finding
from .messages import facts_message
from .values import BadValue, clip, read_name

__all__ = ["CAP", "RowPlace", "TableProblems", "unit_shown"]

CAP = 20
"""The most problems one check lists (ordered by table and row); the rest are counted: "… and K more"."""


class RowPlace(NamedTuple):
    """A row of a table of a source (`row` None: the table as a whole), and the unit it belongs to.

    A tuple, not an attrs class: one is made for each row of a small table."""

    table: str | None
    row: int | None = None
    unit: object = None

    def at(self, key: object) -> "RowPlace":
        """A part of the row (a count's conditions) is placed at the row."""
        return self


class TableProblems(Collector):
    """Problems found in a source, each located by table, column and row.

    One check (a code, a message, a table) lists at most `CAP` problems; the
    others are counted, and `raise_any` adds "… and K more" after the last one
    shown. `names(table, column)` gives the names messages show: a mapped
    table's and column's own names in the database.
    """

    def __init__(self, name: str, names=None):
        super().__init__()
        self.name = name
        self.names = names if names is not None else (lambda table, column: (table, column))
        self.items: list[Diagnostic] = []
        self._groups: list[tuple] = []
        self._shown: dict[tuple, int] = {}
        self._hidden: dict[tuple, int] = {}
        self._places: dict[tuple, str] = {}

    def _place(self, table: str | None, row: int | None = None) -> str:
        return self.name + (f" ({table}" + (f"[{row}]" if row is not None else "") + ")" if table else "")

    def _counted(self, group: tuple) -> bool:
        """Count a problem of `group`; True (only counted) past the `CAP` a check lists."""
        if self._shown.get(group, 0) >= CAP:
            self._hidden[group] = self._hidden.get(group, 0) + 1
            return True
        self._shown[group] = self._shown.get(group, 0) + 1
        return False

    def where(self, table: str | None, row: int | None = None) -> str:
        """A place as a hint names it: the source, then the table and row (`source (table[row])`)."""
        return self._place(self.names(table, None)[0], row)

    def shown(self, table: str | None, column: str | None = None) -> tuple[str | None, str | None]:
        """How a problem names `table` and `column`: the database's own names when mapped."""
        return self.names(table, column)

    def found(self, at: RowPlace, finding: Finding, column: str | None = None) -> None:
        """`finding` (a problem worded by `findings`, as a facts file gets it) at row place `at`: the same code,
        the same words; only its place differs, said by a first hint (a column, named in the words, is not)."""
        table, row, who = at.table, at.row, at.unit
        group = (finding.code, finding.key, table)
        if self._counted(group):
            return
        shown, _ = self.names(table, None)
        unit = unit_shown(who)
        place = self._place(shown, row) + (f", unit {unit}" if unit is not None else "")
        self._places[group] = self._place(shown)
        self.items.append(Diagnostic(finding.code, finding.message, None,
                                     hints=(facts_message("place", place=place), *finding.hints)))
        self._groups.append(group)

    def missing_cell(self, at: RowPlace, column: str) -> None:
        """F104 at a row whose required `column` is empty, in the words a CSV row gets."""
        shown, shown_column = self.names(at.table, column)
        self.found(at, findings.missing_cell(at.row, shown, shown_column))

    def add(self, code: str, key: str, *, table: str | None = None, row: int | None = None, unit: object = None,
            **args) -> None:
        """A problem with the source itself (unreadable, a column's type, a value no column stores), at its table."""
        group = (code, key, table)
        if self._counted(group):
            return
        shown, column = self.names(table, args.get("column"))
        if "column" in args:
            args["column"] = column
        self._places[group] = self._place(shown)
        unit = unit_shown(unit)
        place = self._place(shown, row) + (f", unit {unit}" if unit is not None else "")
        self.items.append(Diagnostic(code, facts_message(key, table=shown or "", **args), None,
                                     hints=(facts_message("place", place=place),)))
        self._groups.append(group)

    def add_located(self, diagnostic: Diagnostic) -> None:
        """A problem located already (at a mapping file's key: its line and caret), in the order found."""
        self.items.append(diagnostic)
        self._groups.append((diagnostic.code, len(self.items)))

    def bad(self, at: RowPlace, error: BadValue, column: str | None = None) -> object:
        """A value the `values` readers refused: their code and words (as for a TOML file), at its row; the
        column they name as the database names it when mapped."""
        args = dict(error.args_)
        for name in ("item", "field"):
            if isinstance(args.get(name), str):
                args[name] = self.names(at.table, args[name])[1]
        self.found(at, Finding.of(error.code, error.message, error.hints, **args))
        return BAD

    def more(self, code: str, key: str, table: str | None, count: int) -> None:
        """`count` more problems of a check than its query returned (it returns at most `CAP`)."""
        if count > 0:
            group = (code, key, table)
            self._hidden[group] = self._hidden.get(group, 0) + count

    def raise_any(self) -> None:
        if not self.items:
            return
        last = {group: i for i, group in enumerate(self._groups)}
        out = []
        for i, (item, group) in enumerate(zip(self.items, self._groups)):
            out.append(item)
            if last[group] == i and self._hidden.get(group):
                out.append(Diagnostic(group[0], facts_message("more", count=self._hidden[group]), None,
                                      hints=(facts_message("place", place=self._places[group]),)))
        raise FactsError(out)


def unit_shown(name: object) -> str | None:
    """A unit as a problem's place names it: read as a name when it can be, else its start."""
    if name is None:
        return None
    try:
        return read_name(name, "unit")
    except BadValue:
        return clip(str(name), 40)

