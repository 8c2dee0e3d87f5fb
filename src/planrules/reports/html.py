"""The report as one self-contained web page: a summary per unit, filters, and each verdict beside its clause.

Officials read a report in a browser, often offline and from a file sent by
mail: the page carries its style and its script inline and names no URL, so
it shows the same with no network. It speaks the plan's words — a unit's
label, a metric's label, a deadline as the plan writes it, each clause's own
text beside the verdicts citing it (the report's `labels`, `metric_labels`
and `clause_texts`) — and keeps identifiers (unit names, rule ids, metric
names) in `data-` attributes, where the filters and other programs find them.

Every piece of text from a plan or the facts goes through `_h` (HTML-escaped,
control characters replaced): a label `<script>` is shown, never run. The
script is a constant of this module and reads nothing but `data-` attributes.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence

from ..evaluation.clause_texts import index, text_of
from ..evaluation.verdicts import ClauseText, Report, Status, Verdict, restatements
from .phrases import (check_lang, cited, clean, comparison, counts_by_unit, explain, heading, inherited, joint_text,
                      judged, labelled, monitored, RecordWords, number, period_text, places, preamble, status_text, titled,
                      totals_of, units_of, violation_text, word)

__all__ = ["to_html"]


def _h(text: object) -> str:
    """`text` as inert HTML: escaped (quotes too, so it is safe in an attribute) and without control characters."""
    return html.escape(clean(str(text)), quote=True)


_STYLE = """
:root { --met:#1b7a3a; --not_met:#b3261e; --pending:#8a5a00; --unknown:#5f5f5f; --not_applicable:#3d5a80; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin: 0;
  color: #1d1d1f; background: #f5f6f8; line-height: 1.45; }
header, main { max-width: 1180px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 20px; }
h1 { font-size: 1.45rem; margin: 0 0 6px; }
h2 { font-size: 1.15rem; margin: 28px 0 10px; border-bottom: 2px solid #d0d4da; padding-bottom: 4px; }
.title { font-size: 1.02rem; margin: 0 0 8px; color: #333; }
.preamble { margin: 2px 0; color: #555; font-size: .92rem; }
table.summary { border-collapse: collapse; background: #fff; margin: 14px 0; width: 100%; font-size: .93rem; }
table.summary th, table.summary td { border: 1px solid #d9dce1; padding: 6px 9px; }
table.summary th { background: #eef0f3; text-align: center; }
table.summary td.n { text-align: right; font-variant-numeric: tabular-nums; }
table.summary tr.total td { font-weight: 700; background: #f3f4f6; }
.filters { display: flex; flex-wrap: wrap; gap: 16px; align-items: center; background: #fff; padding: 10px 14px;
  border: 1px solid #d9dce1; border-radius: 6px; position: sticky; top: 0; z-index: 1; }
.filters label { font-weight: 600; font-size: .93rem; }
.filters select { margin-left: 6px; font: inherit; padding: 3px 6px; }
.shown { color: #555; font-size: .9rem; margin-left: auto; }
article.verdict { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 14px; background: #fff;
  border: 1px solid #d9dce1; border-left: 6px solid var(--unknown); border-radius: 6px; padding: 10px 14px;
  margin: 10px 0; }
article.verdict[data-status="met"] { border-left-color: var(--met); }
article.verdict[data-status="not_met"] { border-left-color: var(--not_met); }
article.verdict[data-status="pending"] { border-left-color: var(--pending); }
article.verdict[data-status="not_applicable"] { border-left-color: var(--not_applicable); }
.status { display: inline-block; font-weight: 700; font-size: .85rem; padding: 1px 8px; border-radius: 10px;
  color: #fff; background: var(--unknown); }
.status.met { background: var(--met); } .status.not_met { background: var(--not_met); }
.status.pending { background: var(--pending); } .status.not_applicable { background: var(--not_applicable); }
.head { font-weight: 600; margin-left: 6px; }
.what { margin: 6px 0 2px; font-weight: 600; }
.figures { margin: 4px 0; font-variant-numeric: tabular-nums; }
.explanation { margin: 4px 0; }
.note { margin: 4px 0; color: #555; font-size: .92rem; }
ul.violations { margin: 4px 0; padding-left: 20px; font-size: .92rem; }
aside.source { background: #f8f8f3; border-left: 3px solid #c9c3a5; padding: 6px 10px; font-size: .9rem; }
aside.source .clause { margin-top: 8px; }
aside.source .clause:first-child { margin-top: 0; }
aside.source blockquote { margin: 4px 0 8px; font-style: italic; }
aside.source .where { color: #666; font-size: .82rem; word-break: break-all; }
aside.source .parent { color: #6b5600; font-size: .82rem; font-weight: 600; }
aside.source .no-text { margin: 4px 0 8px; color: #666; }
.hidden { display: none !important; }
@media (max-width: 760px) { article.verdict { grid-template-columns: 1fr; } }
"""

_SCRIPT = """
(function () {
  "use strict";
  var status = document.getElementById("filter-status");
  var unit = document.getElementById("filter-unit");
  var shown = document.getElementById("shown-count");
  function apply() {
    var s = status.value, u = unit.value, count = 0;
    var verdicts = document.querySelectorAll("article.verdict");
    for (var i = 0; i < verdicts.length; i++) {
      var v = verdicts[i];
      var units = JSON.parse(v.getAttribute("data-units"));
      var visible = (s === "" || v.getAttribute("data-status") === s) && (u === "" || units.indexOf(u) >= 0);
      v.classList.toggle("hidden", !visible);
      if (visible) { count++; }
    }
    var sections = document.querySelectorAll("section.unit");
    for (var j = 0; j < sections.length; j++) {
      var any = sections[j].querySelector("article.verdict:not(.hidden)") !== null;
      sections[j].classList.toggle("hidden", !any);
    }
    var rows = document.querySelectorAll("table.summary tbody tr[data-unit]");
    for (var k = 0; k < rows.length; k++) {
      rows[k].classList.toggle("hidden", u !== "" && rows[k].getAttribute("data-unit") !== u);
    }
    shown.textContent = String(count);
  }
  status.addEventListener("change", apply);
  unit.addEventListener("change", apply);
  apply();
}());
"""


def to_html(report: Report, lang: str = "en") -> str:
    """The report as one HTML page in `lang` ("en" or "vi"), with no external resource."""
    check_lang(lang)
    labels = dict(report.labels)
    units = units_of(report)

    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(heading(report, lang))}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        f'<body data-plan="{_h(report.plan)}" data-as-of="{report.as_of.isoformat()}">',
        "<header>",
        f"<h1>{_h(heading(report, lang))}</h1>",
    ]
    if report.title is not None:
        out.append(f'<p class="title">{_h(report.title)}</p>')
    # the parents left out, said once: not evaluated, and their clauses quoted nowhere on the page
    out += [f'<p class="preamble">{_h(line)}</p>' for line in preamble(report, lang, "html_missing_parents")]
    out += ["</header>", "<main>", *_summary(report, lang, labels), *_filters(units, lang, labels)]
    if not report.verdicts:
        out.append(f"<p>{_h(word('no_verdicts_listed', lang))}</p>")
    metrics, records = dict(report.metric_labels), RecordWords.of(report)
    texts = index(report.clause_texts)
    for unit in units:
        verdicts = [v for v in report.verdicts if v.unit == unit]
        if not verdicts:
            continue
        out.append(f'<section class="unit" data-unit="{_h(unit)}">')
        out.append(f"<h2>{_h(titled(unit, labels))}</h2>")
        for group in restatements(verdicts):
            out += _verdict(group, lang, labels, metrics, texts, report.missing_parents, dict(report.event_labels),
                            records)
        out.append("</section>")
    out += ["</main>", f"<script>{_SCRIPT}</script>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _summary(report: Report, lang: str, labels: dict[str, str]) -> list[str]:
    statuses = list(Status)
    head = "".join(f'<th data-status="{s.value}">{_h(s.label(lang))}</th>' for s in statuses)
    out = [f"<h2>{_h(word('summary', lang))}</h2>", '<table class="summary">',
           f"<thead><tr><th>{_h(word('unit', lang))}</th>{head}<th>{_h(word('total', lang))}</th></tr></thead>",
           "<tbody>"]
    counts = counts_by_unit(report)
    for unit, row in counts.items():
        cells = "".join(f'<td class="n">{number(row[s], lang)}</td>' for s in statuses)
        out.append(f'<tr data-unit="{_h(unit)}"><td>{_h(titled(unit, labels))}</td>{cells}'
                   f'<td class="n">{number(sum(row.values()), lang)}</td></tr>')
    totals = totals_of(counts)
    cells = "".join(f'<td class="n">{number(totals[s], lang)}</td>' for s in statuses)
    out += [f'<tr class="total"><td>{_h(word("total_row", lang))}</td>{cells}'
            f'<td class="n">{number(sum(totals.values()), lang)}</td></tr>', "</tbody>", "</table>"]
    return out


def _filters(units: Sequence[str], lang: str, labels: dict[str, str]) -> list[str]:
    statuses = "".join(f'<option value="{s.value}">{_h(s.label(lang))}</option>' for s in Status)
    names = "".join(f'<option value="{_h(u)}">{_h(titled(u, labels))}</option>' for u in units)
    return [
        '<div class="filters">',
        f'<label>{_h(word("html_filter_status", lang))}<select id="filter-status">'
        f'<option value="">{_h(word("html_all_statuses", lang))}</option>{statuses}</select></label>',
        f'<label>{_h(word("html_filter_unit", lang))}<select id="filter-unit">'
        f'<option value="">{_h(word("html_all_units", lang))}</option>{names}</select></label>',
        f'<span class="shown">{_h(word("html_shown", lang))} <span id="shown-count"></span></span>',
        "</div>",
    ]


def _verdict(group: Sequence[Verdict], lang: str, labels: dict[str, str], metrics: dict[str, str],
             texts: Mapping[str, ClauseText], missing: Sequence[str] = (),
             events: Mapping[str, str] | None = None, records: RecordWords | None = None) -> list[str]:
    """One measure (stated in every clause of `group`) or deadline: what was judged, then its clauses beside it;
    units, events, record kinds, fields and categories by their labels."""
    v = group[0]
    owners = list(v.leads) if v.leads else [v.unit]
    clauses, rules = cited(group)
    attributes = (f'data-status="{v.status.value}" data-unit="{_h(v.unit)}" '
                  f'data-units="{_h(json.dumps(owners, ensure_ascii=False))}" data-rule="{_h(rules)}"')
    if v.metric is not None:
        attributes += f' data-metric="{_h(v.metric)}"'
    head = clauses if clauses is not None else ""
    period = period_text(v.period, lang)
    if period:
        head = f"{head} · {period}" if head else period
    out = [f'<article class="verdict" {attributes}>', "<div>",
           f'<span class="status {v.status.value}">{_h(status_text(v, lang))}</span>'
           f'<span class="head">{_h(head)}</span>']
    what = judged(v, lang, metrics)
    if what:
        out.append(f'<p class="what">{_h(what)}</p>')
    if v.leads:
        out.append(f'<p class="note">{_h(joint_text(v, lang, labels))}</p>')
    v = labelled(v, labels, events or {}, records)  # (the attributes above keep the names)
    figures = comparison(v, lang)
    if figures:
        out.append(f'<p class="figures">{_h(figures)}</p>')
    out.append(f'<p class="explanation">{_h(explain(v, lang))}</p>')
    out += [f'<p class="note">{_h(line)}</p>' for line in (*inherited(group, lang), *monitored(group, lang, labels))]
    if v.violations:
        out.append(f'<p class="note">{_h(word("violations", lang))}:</p><ul class="violations">')
        out += [f"<li>{_h(violation_text(v, x, lang))}</li>" for x in v.violations]
        out.append("</ul>")
    out += ["</div>", '<aside class="source">', *_sources(group, lang, texts, missing), "</aside>", "</article>"]
    return out


def _sources(group: Sequence[Verdict], lang: str, texts: Mapping[str, ClauseText],
             missing: Sequence[str] = ()) -> list[str]:
    """Each clause of `group` once: its address, its text in the plan (a parent's marked with the parent's
    number; why there is none, when the report has none), where it is in the `.plan` and the source."""
    out: list[str] = []
    seen: set[tuple] = set()
    for stated in group:
        key = (stated.clause, stated.rule if stated.clause is None else None, stated.at)
        if key in seen:
            continue
        seen.add(key)
        if stated.clause is not None:
            out.append(f'<div class="clause"><strong>{_h(stated.clause)}</strong></div>')
        said = text_of(texts, stated.rule, stated.clause)
        if said is not None:
            if said.inherited_from is not None:
                parent = word("html_parent_clause", lang, plan=said.inherited_from)
                out.append(f'<div class="parent">{_h(parent)}</div>')
            out.append(f'<blockquote data-clause="{_h(said.clause)}">{_h(said.text)}</blockquote>')
        elif stated.inherited_from is not None and stated.inherited_from in missing:
            out.append(f'<p class="no-text">{_h(word("html_parent_missing", lang, plan=stated.inherited_from))}</p>')
        else:
            out.append(f'<p class="no-text">{_h(word("html_no_text", lang))}</p>')
        where = " · ".join(places(stated, lang))
        if where:
            out.append(f'<div class="where">{_h(where)}</div>')
    return out
