"""The report as GitHub-flavoured Markdown: a summary table, then a table of verdicts per unit.

Every text from a plan or the facts is made inert in a cell (`_md`): no
HTML, link or image comes out of a plan's words. A roll-up follows, as a
section per group.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..evaluation.rollup import RollUp
from ..evaluation.verdicts import Report, Status, restatements
from .phrases import (aggregate_measure, aggregate_sentences, as_verdict, check_lang, cited, clean, counts_by_unit,
                      explain, heading, inherited, joint_text, judged, labelled, monitored, RecordWords, named, number, partial_value, period_text, preamble,
                      rollup_counts, rollup_heading, status_text, threshold_text, totals_of, unit_violations, units_of, value_text,
                      titled, violation_text, word)

__all__ = ["rollup_to_markdown", "to_markdown"]

_MD_ESCAPES = str.maketrans({
    "\\": "\\\\", "|": "\\|",  # a table cell ends at a pipe
    "&": "&amp;", "<": "&lt;",  # no HTML: a tag or an entity in a plan's text is shown, not obeyed
    "[": "\\[", "]": "\\]",  # no links or images
})


def _md(text: str, newline: str = "<br>") -> str:
    """`text` inert inside a Markdown table cell or a one-line item.

    Backslashes, pipes and brackets are escaped, `&` and `<` written as
    entities (so no HTML, link or image is made of a plan's text), control
    characters replaced as in the text report, and line breaks become `newline`.
    """
    text = clean(text.replace("\r\n", "\n").replace("\r", "\n")).translate(_MD_ESCAPES)
    return newline.join(text.split("\n"))


def _md_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _md_table(header: list[str], aligns: list[str], rows: list[list[str]]) -> list[str]:
    rule = {"left": "---", "right": "---:"}
    return [_md_row(header), _md_row(rule[a] for a in aligns), *(_md_row(r) for r in rows)]


def to_markdown(report: Report, lang: str = "en", *, rollup: RollUp | None = None) -> str:
    """The report as GitHub-flavoured Markdown: a summary table, then a table of verdicts per unit.

    A `rollup` follows them (`rollup_to_markdown`).
    """
    check_lang(lang)
    dash = "—"
    out = [f"# {_md(heading(report, lang), ' ')}", ""]
    if report.title is not None:
        out += [_md(report.title), ""]
    out += [line for said in preamble(report, lang) for line in (_md(said), "")]

    statuses = list(Status)
    out += [f"## {word('summary', lang)}", ""]
    header = [word("unit", lang), *(s.label(lang) for s in statuses), word("total", lang)]
    rows = []
    labels, metrics, events = dict(report.labels), dict(report.metric_labels), dict(report.event_labels)
    records = RecordWords.of(report)
    for unit, counts in counts_by_unit(report).items():
        numbers = [counts[s] for s in statuses]
        rows.append([_md(titled(unit, labels)), *(number(n, lang) for n in numbers), number(sum(numbers), lang)])
    totals = totals_of(counts_by_unit(report))
    numbers = [totals[s] for s in statuses]
    rows.append([f"**{word('total_row', lang)}**", *(f"**{number(n, lang)}**" for n in numbers), f"**{number(sum(numbers), lang)}**"])
    out += _md_table(header, ["left"] + ["right"] * (len(statuses) + 1), rows)

    if not report.verdicts:
        out += ["", word("no_verdicts_listed", lang)]
    columns = ["clause", "xlsx_judged", "period", "status", "value", "threshold", "explanation"]
    for unit in units_of(report):
        verdicts = [v for v in report.verdicts if v.unit == unit]
        if not verdicts:
            continue
        out += ["", f"## {_md(titled(unit, labels), ' ')}", ""]
        rows = []
        for group in restatements(verdicts):
            v = labelled(group[0], labels, events, records)  # its own fields but the category keep their names
            explanation = " ".join([explain(v, lang), *inherited(group, lang),
                                    *monitored(group, lang, labels)]).strip()
            clauses, rules = cited(group)
            joint = joint_text(v, lang, labels)
            cells = [
                " · ".join(c for c in (clauses or rules, joint) if c),
                judged(v, lang, metrics),
                period_text(v.period, lang),
                status_text(v, lang),
                value_text(v, lang),
                threshold_text(v, lang),
                explanation,
            ]
            rows.append([dash if c is None or c == "" else _md(c) for c in cells])
        out += _md_table([word(c, lang) for c in columns], ["left"] * len(columns), rows)
        for v in (labelled(group[0], labels, events, records) for group in restatements(verdicts)):  # a restated
            # measure's violations once
            if v.violations:
                out += ["", f"**{_md(word('violations_of', lang, rule=v.rule))}**", ""]
                out += [f"- {_md(violation_text(v, x, lang))}" for x in v.violations]
    text = "\n".join(out) + "\n"
    if rollup is not None:
        text += "\n" + rollup_to_markdown(rollup, lang, metrics=metrics, units=dict(report.labels))
    return text


def rollup_to_markdown(rollup: RollUp, lang: str = "en", *, metrics: Mapping[str, str] | None = None,
                       units: Mapping[str, str] | None = None) -> str:
    """The roll-up as Markdown sections: a summary table per group, then a table of aggregates per group; what each
    judges by the `metrics`' labels of its report."""
    check_lang(lang)
    dash = "—"
    out = [f"## {_md(rollup_heading(rollup, lang), ' ')}", ""]
    statuses = list(Status)
    header = [word("group", lang), *(s.label(lang) for s in statuses), word("total", lang)]
    rows = []
    counts_of = rollup_counts(rollup)
    labels = dict(rollup.labels)
    for group, counts in counts_of.items():
        numbers = [counts[s] for s in statuses]
        rows.append([_md(titled(group, labels)), *(number(n, lang) for n in numbers), number(sum(numbers), lang)])
    totals = totals_of(counts_of)
    numbers = [totals[s] for s in statuses]
    rows.append([f"**{word('total_row', lang)}**", *(f"**{number(n, lang)}**" for n in numbers), f"**{number(sum(numbers), lang)}**"])
    out += _md_table(header, ["left"] + ["right"] * (len(statuses) + 1), rows)
    if not rollup.aggregates:
        out += ["", word("no_aggregates", lang)]
    columns = ["clause", "xlsx_judged", "period", "status", "value", "threshold", "explanation"]
    for group in rollup.groups:
        aggregates = rollup.of_group(group.name)
        out += ["", f"### {_md(titled(group.name, labels), ' ')}", ""]
        members = named([titled(u, units or {}) for u in group.units])  # by the report's labels of its units
        out += [_md(word("group_units", lang, n=number(len(group.units), lang), units=members)), ""]
        if not aggregates:
            continue
        table = []
        for stated in restatements(aggregates, aggregate_measure):
            a, v = stated[0], as_verdict(stated[0])
            shown = [as_verdict(x) for x in stated]
            explanation = " ".join([*aggregate_sentences(a, lang, units), *inherited(shown, lang),
                                    *monitored(shown, lang)]).strip()
            value = value_text(v, lang)
            partial = partial_value(a, lang)
            clauses, rules = cited([as_verdict(x) for x in stated])
            cells = [clauses or rules, judged(v, lang, metrics or {}), period_text(a.period, lang), status_text(v, lang),
                     f"{value} {partial}" if partial else value,
                     threshold_text(v, lang), explanation]
            table.append([dash if c is None or c == "" else _md(c) for c in cells])
        out += _md_table([word(c, lang) for c in columns], ["left"] * len(columns), table)
        for a in (group[0] for group in restatements(aggregates, aggregate_measure)):
            if a.violations:
                out += ["", f"**{_md(word('violations_of', lang, rule=a.rule))}**", ""]
                out += [f"- {_md(text)}" for text in unit_violations(a, lang, units)]
    return "\n".join(out) + "\n"
