"""The report as a workbook (`planrules eval … --format xlsx -o FILE.xlsx`): verdicts and a summary, to sort and filter.

"Kết quả" ("Results") has one row per verdict — a target stated in several
clauses is one row citing them all, as every report counts it — with the
unit's label, the clauses, what is judged in the plan's words (a metric's
label, a deadline as the plan writes it), the period, the status, the value,
the threshold and the explanation, in the report's language; identifiers
(unit, rule) stay in columns of their own for programs. "Tổng hợp"
("Summary") holds the roll-ups when the run has some (`--group-by`), one row
per group and measure, else each unit's count of verdicts by status. Both
sheets have a frozen header row and a filter on it.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..evaluation.rollup import RollUp
from ..evaluation.verdicts import Report, Status, restatements
from .phrases import (aggregate_comparison, aggregate_measure, aggregate_sentences, as_verdict, check_lang, cited,
                      comparison, counts_by_unit, explain, judged, labelled, RecordWords, period_text, status_text, threshold_text,
                      titled, totals_of, value_text, word)
from .sheets import fit_widths, style_header, workbook, workbook_bytes

__all__ = ["RESULTS_SHEET", "SUMMARY_SHEET", "to_xlsx"]

# The sheets' names, whatever the report's language: what a program reading the workbook looks for
RESULTS_SHEET = "Kết quả"
SUMMARY_SHEET = "Tổng hợp"


def to_xlsx(report: Report, lang: str = "en", rollups: Sequence[RollUp] = ()) -> bytes:
    """`report` (and its `rollups`) as the bytes of an .xlsx workbook in `lang` ("en" or "vi")."""
    check_lang(lang)
    book = workbook()
    results = book.create_sheet(RESULTS_SHEET)
    labels = dict(report.labels)
    metrics, events = dict(report.metric_labels), dict(report.event_labels)
    records = RecordWords.of(report)
    head = [word("unit", lang), word("clause", lang), word("xlsx_judged", lang), word("period", lang),
            word("status", lang), word("value", lang), word("threshold", lang), word("explanation", lang),
            word("xlsx_unit_name", lang), word("rule", lang)]
    results.append(head)
    units = list(dict.fromkeys((*report.units, *(v.unit for v in report.verdicts))))
    for unit in units:
        for group in restatements(report.of_unit(unit)):
            v = labelled(group[0], labels, events, records)  # its own fields but the category keep their names
            clauses, rules = cited(group)
            results.append([labels.get(unit, unit), clauses or "", judged(v, lang, metrics) or "",
                            period_text(v.period, lang) or "", status_text(v, lang), value_text(v, lang) or "",
                            threshold_text(v, lang) or "", explain(v, lang), unit, rules])
    _finish(results)
    summary = book.create_sheet(SUMMARY_SHEET)
    if rollups:
        _rollups(summary, rollups, lang, metrics)
    else:
        _counts(summary, report, lang, labels)
    _finish(summary)
    return workbook_bytes(book)


def _counts(sheet, report: Report, lang: str, labels: dict[str, str]) -> None:
    """Each unit's verdicts counted by status, then the totals."""
    statuses = list(Status)
    sheet.append([word("unit", lang), *(s.label(lang) for s in statuses), word("total", lang),
                  word("xlsx_unit_name", lang)])
    counts = counts_by_unit(report)
    for unit, row in counts.items():
        sheet.append([labels.get(unit, unit), *(row[s] for s in statuses), sum(row.values()), unit])
    totals = totals_of(counts)
    sheet.append([word("total_row", lang), *(totals[s] for s in statuses), sum(totals.values()), ""])


def _rollups(sheet, rollups: Sequence[RollUp], lang: str, metrics: dict[str, str]) -> None:
    """One row per group and measure of each roll-up: the aggregate as a unit's verdict is shown."""
    sheet.append([word("group", lang), word("xlsx_by", lang), word("clause", lang), word("xlsx_judged", lang),
                  word("period", lang), word("status", lang), word("xlsx_figures", lang), word("explanation", lang),
                  word("rule", lang)])
    for rollup in rollups:
        labels = dict(rollup.labels)
        for group in rollup.groups:
            for stated in restatements(rollup.of_group(group.name), aggregate_measure):
                a, v = stated[0], as_verdict(stated[0])
                clauses, rules = cited([as_verdict(x) for x in stated])
                sheet.append([titled(group.name, labels), rollup.by or "", clauses or "", judged(v, lang, metrics) or "",
                              period_text(v.period, lang) or "", status_text(v, lang),
                              aggregate_comparison(a, v, lang) or comparison(v, lang),
                              " ".join(aggregate_sentences(a, lang)), rules])


def _finish(sheet) -> None:
    style_header(sheet, 1)
    sheet.freeze_panes = "A2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions
    fit_widths(sheet)
