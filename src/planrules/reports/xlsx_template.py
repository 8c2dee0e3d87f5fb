"""A plan's facts as a workbook to fill in (`planrules template PLAN --format xlsx`): the sheets `--facts` reads.

One sheet per table the plan needs (`needed_tables`), named as the layout
names it (`facts.xlsx_facts.sheet_name`), laid out as the reader reads it:
row 1 each column's label for people (a field's label from the vocabulary,
the layout's columns in words), row 2 its name (what the reader maps back: a
label may repeat or change, a name does not), data from row 3, the two header
rows frozen. Cells help whoever fills them: drop-down lists of the plan's units
(and the register's), of each category field's categories, of có/không for
yes/no, of the record kinds, metrics, tasks and events the plan knows; dates
shown dd/mm/yyyy; a percentage field shown as one (45 typed is 45%); names and
text kept as typed (an official code 00123 keeps its zeros). A first sheet,
"Hướng dẫn", says how to fill it in; "Danh mục" lists every drop-down's
entries beside their labels, which a drop-down cannot show.
"""

from __future__ import annotations

from ..evaluation.ruleset import RuleSet
from ..evaluation.verdicts import RuleKind
from ..facts.layout import CSV_TABLES, Cell, Layout, Table
from ..facts.xlsx_facts import GUIDE_SHEET, HEADER_ROW, LISTS_SHEET, sheet_name
from ..language import model as m
from .messages import ReportMessage
from .sheets import fit_widths, style_header, workbook, workbook_bytes

__all__ = ["needed_tables", "template_xlsx"]

_STYLED_ROWS = 500  # rows given their column's format below the header (a column's format reaches rows past it)
_YES_NO = ("có", "không")
# The columns of the small tables that name a unit
_UNIT_COLUMNS = frozenset({"unit", "assessor", "parent", "successor"})
# The layout's own columns -> the catalogue's key of their words (a record kind's fields have their labels)
_COLUMN_WORDS = {
    "unit": "unit", "id": "col_id", "kind": "col_kind", "year": "col_year", "count": "col_count",
    "metric": "col_metric", "value": "value", "measured_in": "col_measured_in", "task": "col_task",
    "date": "col_date", "deadline": "col_deadline", "period": "period", "target": "col_target",
    "result": "col_result", "assessor": "col_assessor", "event": "col_event", "member_of": "col_member_of",
    "label": "col_label", "code": "col_code", "level": "col_level", "parent": "col_parent",
    "successor": "col_successor", "since": "col_since", "change": "col_change",
}


def needed_tables(rules: RuleSet) -> tuple[Table, ...]:
    """The tables of the layout the plan's rules read, in the layout's order: the record kinds its targets count
    (a ratio's terms too), counts of them, values when a target can be reported as one, deliveries when a task
    has a deadline, assessments when a target is assessed, events when the plan names some, and units."""
    layout = Layout.of(rules.vocabulary)
    kinds: set[str] = set()
    for rule in rules.metric_rules:
        kinds.add(rule.record_kind)
        kinds.update(t.record_kind for t in rule.terms if getattr(t, "record_kind", None))
    kinds &= set(rules.vocabulary.kinds)
    wanted = set(kinds) | {"units"}
    if kinds:
        wanted.add("counts")
    if any(r.text is None and r.kind is not RuleKind.CAP for r in rules.metric_rules):
        wanted.add("values")
    if rules.deadline_rules:
        wanted.add("deliveries")
    if any(r.text is not None for r in rules.metric_rules):
        wanted.add("assessments")
    if rules.events:
        wanted.add("events")
    return tuple(t for t in layout.tables if t.name in wanted and (t.records or t.name in CSV_TABLES))


def template_xlsx(rules: RuleSet, lang: str = "vi") -> bytes:
    """The workbook to fill in with the facts of `rules`' plan, its words in `lang` ("vi" by default)."""
    book = workbook()
    tables = needed_tables(rules)
    guide = book.create_sheet(GUIDE_SHEET)
    lists = _Lists(book.create_sheet(LISTS_SHEET), lang)
    choices = _choices(rules, lang)
    for table in tables:
        _table_sheet(book, table, rules, lists, choices, lang)
    _guide(guide, rules, tables, lang)
    lists.finish()
    return workbook_bytes(book)


def _words(key: str, lang: str, **args) -> str:
    return ReportMessage.of(key, **args).text(lang)


def _choices(rules: RuleSet, lang: str) -> dict[str, list[tuple[str, str | None]]]:
    """The entries of the drop-down lists of the small tables' columns: (name, label) each."""
    binding = rules.binding
    kinds_of_units = binding.groups | binding.roles
    units = [n for n in dict.fromkeys((*binding.bound, *(u.name for u in rules.plan.units), *binding.filled))
             if n not in kinds_of_units]
    tasks = [(address, next((t.content for t in rules.plan.tasks if str(t.address) == address), None))
             for address, deadlines in rules.tasks.items() if deadlines]
    metrics = sorted({r.metric for r in rules.metric_rules if r.metric and r.text is None})
    return {
        "unit": [(u, binding.label_of(u)) for u in sorted(units)],
        "kind": [(k.name, k.label) for k in rules.vocabulary.kinds.values()],
        "metric": [(name, rules.vocabulary.metrics[name].label) for name in metrics if name in rules.vocabulary.metrics],
        "task": tasks,
        "event": [(e.name, e.label) for e in rules.plan.events],
        "result": [("đạt", None), ("không đạt", None)],
    }


class _Lists:
    """The "Danh mục" sheet: each drop-down list's entries in a column, their labels beside them."""

    def __init__(self, sheet, lang: str):
        self.sheet = sheet
        self.lang = lang
        self.made: dict[tuple, str] = {}  # entries -> the range holding them

    def range_of(self, title: str, entries: list[tuple[str, str | None]]) -> str:
        """The range (for a list's formula) of `entries` under `title`, written once for the same entries."""
        from openpyxl.utils import get_column_letter, quote_sheetname

        key = tuple(entries)
        if key not in self.made:
            column = 2 * len(self.made) + 1
            self.sheet.cell(row=1, column=column, value=title)
            self.sheet.cell(row=1, column=column + 1, value=_words("col_label", self.lang))
            for row, (name, label) in enumerate(entries, start=2):
                self.sheet.cell(row=row, column=column, value=name).number_format = "@"
                self.sheet.cell(row=row, column=column + 1, value=label or "")
            letter = get_column_letter(column)
            self.made[key] = f"{quote_sheetname(self.sheet.title)}!${letter}$2:${letter}${len(entries) + 1}"
        return self.made[key]

    def finish(self) -> None:
        style_header(self.sheet, 1)
        self.sheet.freeze_panes = "A2"
        fit_widths(self.sheet)


def _field_label(rules: RuleSet, table: Table, name: str) -> str | None:
    """A column's label: its field's (a record kind's; any kind's field of that name for a condition of counts)."""
    kinds = [rules.vocabulary.kinds[table.name]] if table.records else list(rules.vocabulary.kinds.values())
    return next((f.label for k in kinds for f in k.fields if f.name == name and f.label), None)


def _label(rules: RuleSet, table: Table, name: str, lang: str) -> str:
    """A column's header for people: a field's label, the layout's column in words, or else its name."""
    if name in _COLUMN_WORDS and (not table.records or name in ("unit", "id")):
        return _words(_COLUMN_WORDS[name], lang)
    return _field_label(rules, table, name) or name


def _categories(rules: RuleSet, table: Table, name: str) -> list[tuple[str, str | None]]:
    kinds = [rules.vocabulary.kinds[table.name]] if table.records else list(rules.vocabulary.kinds.values())
    found = {c.name: c.label for k in kinds for f in k.fields if f.name == name and f.type is m.FieldType.CATEGORY
             for c in f.categories}
    return list(found.items())


def _is_unit_field(rules: RuleSet, table: Table, name: str) -> bool:
    if not table.records:
        return name in _UNIT_COLUMNS
    decl = rules.vocabulary.field(table.name, name)
    return name == "unit" or (decl is not None and decl.type is m.FieldType.UNIT)


def _is_percent(rules: RuleSet, table: Table, name: str) -> bool:
    decl = rules.vocabulary.field(table.name, name) if table.records else None
    return decl is not None and decl.type is m.FieldType.PERCENT


def _table_sheet(book, table: Table, rules: RuleSet, lists: _Lists, choices, lang: str) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet = book.create_sheet(sheet_name(table.name))
    for index, column in enumerate(table.columns, start=1):
        label = _label(rules, table, column.name, lang)
        sheet.cell(row=1, column=index, value=label)
        sheet.cell(row=HEADER_ROW, column=index, value=column.name)
        letter = get_column_letter(index)
        cells = f"{letter}{HEADER_ROW + 1}:{letter}1048576"
        entries: list[tuple[str, str | None]] | None = None
        strict = True
        if _is_unit_field(rules, table, column.name):
            entries, strict = choices["unit"], False  # a unit the register knows and the plan does not name
        elif column.name in ("kind", "metric", "task", "event", "result") and not table.records:
            entries = choices[column.name]
        elif column.cell is Cell.BOOL:
            entries = [(word, None) for word in _YES_NO]
        elif column.categories or column.condition:
            entries = list(_categories(rules, table, column.name)) or None
        if entries:
            check = DataValidation(type="list", formula1=lists.range_of(label, entries), allow_blank=True,
                                   showErrorMessage=True, errorStyle="stop" if strict else "warning")
            check.promptTitle = label[:32]
            check.prompt = "; ".join(f"{n} = {lab}" if lab else n for n, lab in entries)[:255]
            check.showInputMessage = True
            sheet.add_data_validation(check)
            check.add(cells)
        shown = _format(rules, table, column)
        if shown is not None:
            for row in range(HEADER_ROW + 1, HEADER_ROW + 1 + _STYLED_ROWS):
                sheet.cell(row=row, column=index).number_format = shown
    style_header(sheet, 1)
    style_header(sheet, HEADER_ROW, names=True)
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    fit_widths(sheet)


def _format(rules: RuleSet, table: Table, column) -> str | None:
    """How a column's cells show what is typed: a date dd/mm/yyyy, a percentage with %, a name or text as typed."""
    if column.cell is Cell.DATE:
        return "DD/MM/YYYY"
    if _is_percent(rules, table, column.name):
        return "0.00%"
    if column.cell in (Cell.NAME, Cell.TEXT) and not (table.name == "deliveries" and column.name == "period"):
        return "@"
    return None


def _guide(sheet, rules: RuleSet, tables: tuple[Table, ...], lang: str) -> None:
    """The "Hướng dẫn" sheet: how to fill the workbook in, and what each sheet holds."""
    from openpyxl.styles import Font

    plan = rules.plan.number or "?"
    lines = [_words("xlsx_guide_title", lang, plan=plan), ""]
    lines += [_words(key, lang, row=HEADER_ROW, first=HEADER_ROW + 1, lists=LISTS_SHEET, plan=plan)
              for key in ("xlsx_guide_sheets", "xlsx_guide_rows", "xlsx_guide_lists", "xlsx_guide_cells",
                          "xlsx_guide_blank", "xlsx_guide_eval")]
    lines += ["", _words("xlsx_guide_tables", lang)]
    for table in tables:
        about = rules.vocabulary.kinds[table.name].label if table.records else None
        lines.append(f"{sheet_name(table.name)}: {about or _words('xlsx_table_' + table.name, lang)}")
    for row, text in enumerate(lines, start=1):
        sheet.cell(row=row, column=1, value=text)
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 110
