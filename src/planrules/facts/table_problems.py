"""Problems found in a table source, each located by table, column and row.

The collector of the table path: a problem carries its place as a hint
("in source (table[row]), unit u"); one check lists at most `CAP` of them and
counts the rest ("… and K more").
"""

from __future__ import annotations

from collections.abc import Iterable

from ..base.diagnostics import Diagnostic, FactsError
from ..base.suggest import closest
from .messages import facts_message
from .values import BadValue, clip, read_name

__all__ = ["CAP", "TableProblems", "unit_shown"]

CAP = 20
"""The most problems one check lists (ordered by table and row); the rest are counted: "… and K more"."""



class TableProblems:
    """Problems found in a source, each located by table, column and row.

    One check (a code, a message, a table) lists at most `CAP` problems; the
    others are counted, and `raise_any` adds "… and K more" after the last one
    shown. `names(table, column)` gives the names messages show: a mapped
    table's and column's own names in the database.
    """

    def __init__(self, name: str, names=None):
        self.name = name
        self.names = names if names is not None else (lambda table, column: (table, column))
        self.items: list[Diagnostic] = []
        self._groups: list[tuple] = []
        self._shown: dict[tuple, int] = {}
        self._hidden: dict[tuple, int] = {}
        self._places: dict[tuple, str] = {}

    def _place(self, table: str | None, row: int | None = None) -> str:
        return self.name + (f" ({table}" + (f"[{row}]" if row is not None else "") + ")" if table else "")

    def add(self, code: str, key: str, *, table: str | None = None, row: int | None = None,
            unit: str | None = None, suggest: tuple[str, Iterable[str]] | None = None, **args) -> None:
        group = (code, key, table)
        if self._shown.get(group, 0) >= CAP:
            self._hidden[group] = self._hidden.get(group, 0) + 1
            return
        self._shown[group] = self._shown.get(group, 0) + 1
        shown, column = self.names(table, args.get("column"))
        if "column" in args:
            args["column"] = column
        place = self._place(shown, row)
        self._places[group] = self._place(shown)
        unit = unit_shown(unit)
        if unit is not None:
            place += f", unit {unit}"
            args.setdefault("unit", unit)
        hints = [facts_message("place", place=place)]
        if suggest:
            close = closest(suggest[0], sorted(suggest[1]))
            if close is not None:
                hints.append(facts_message("source_did_you_mean", suggestion=close))
        self.items.append(Diagnostic(code, facts_message(key, table=shown or "", **args), None,
                                     hints=tuple(hints)))
        self._groups.append(group)

    def bad(self, error: BadValue, *, table: str, row: int | None, unit: str | None = None) -> None:
        """A value the `values` readers refused: their code and words (as for a TOML file), at its row."""
        group = (error.code, error.message, table)
        if self._shown.get(group, 0) >= CAP:
            self._hidden[group] = self._hidden.get(group, 0) + 1
            return
        self._shown[group] = self._shown.get(group, 0) + 1
        shown, _ = self.names(table, None)
        unit = unit_shown(unit)
        place = self._place(shown, row) + (f", unit {unit}" if unit is not None else "")
        self._places[group] = self._place(shown)
        self.items.append(Diagnostic(error.code, facts_message(error.message, **error.args_), None,
                                     hints=(facts_message("place", place=place), *error.hints)))
        self._groups.append(group)

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

