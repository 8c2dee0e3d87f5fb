"""The words of every clause a rule comes from, and where they are written: what a report shows beside a verdict.

A verdict cites a clause ("I.2-1", "TT 2", or "534/QĐ-TTg:II.4" for a parent's); a
person reading it wants the clause itself, in the plan's words. `gather` finds them
once, when a plan is compiled, for every rule of its rule set — its own and those it
inherits from the parents in the library, whose plans the rule set does not keep — so
that every report, the web page and the calendar show the same text from one place:

- a clause with an address is the plan's statement at that address: a paragraph's
  text, a task's content (else its deliverable), a section's title. Every rule stated
  in it shares the text, and it is keyed by the clause as verdicts cite it;
- a target with no such statement (no address, as QĐ 534's targets known only through
  quotations, or an address the plan gives no words at), and a deadline of a task
  with no words, is its own statement as the plan writes it (`chỉ tiêu: … tối
  thiểu 95% hằng năm`, in the plan's language), keyed by its rule id, since several
  such rules cite the same clause (the parent plan itself) with different words.

Rule ids always hold '#' or '@' and addresses never do, so the two keys never meet;
`text_of` looks a verdict up by its rule, then by its clause. A text keeps its place:
the parent plan it comes from (None: the plan's own), its `.plan` file and line, and
the lines of the source document it quotes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ..language import model as m
from ..language.printer import Printer, q
from .rules import DeadlineRule, MetricRule
from .verdicts import ClauseText

__all__ = ["gather", "index", "text_of"]


def index(texts: Iterable[ClauseText]) -> dict[str, ClauseText]:
    """`texts` by their key (`ClauseText.clause`), to look verdicts up with `text_of`."""
    return {t.clause: t for t in texts}


def text_of(texts: Mapping[str, ClauseText], rule: str, clause: str | None) -> ClauseText | None:
    """The text of the clause a verdict of `rule` citing `clause` comes from (None: none known)."""
    found = texts.get(rule)
    if found is None and clause is not None:
        found = texts.get(clause)
    return found


def gather(plan: m.Plan, parents: Sequence[m.Plan], metric_rules: Iterable[MetricRule],
           deadline_rules: Iterable[DeadlineRule]) -> tuple[ClauseText, ...]:
    """The text of the clause of every rule, once each, in the rules' order: `plan`'s own clauses and its
    `parents`' (the plans its inherited rules name)."""
    plans = {p.number: p for p in parents}
    worded: dict[str | None, dict[str, ClauseText]] = {}  # per plan (None: `plan`): its clauses with words
    out: dict[str, ClauseText] = {}
    for rule in (*metric_rules, *deadline_rules):
        c = rule.clause
        source = plan if c.inherited_from is None else plans.get(c.inherited_from)
        if source is None:  # a parent the rule set was not compiled with: nothing to quote, said where shown
            continue
        if c.inherited_from not in worded:
            worded[c.inherited_from] = _worded(source, c.inherited_from)
        found = worded[c.inherited_from].get(c.cited) if c.address is not None else None
        if found is None:
            found = _stated(source, rule)
        if found is not None:
            out.setdefault(found.clause, found)
    return tuple(out.values())


def _worded(plan: m.Plan, inherited_from: str | None) -> dict[str, ClauseText]:
    """Each clause of `plan` with words, by its address as verdicts cite it: sections, then tasks, then
    paragraphs (a paragraph's text over a task's content over a section's title at the same address)."""
    out: dict[str, ClauseText] = {}
    for clause in (*plan.sections, *plan.tasks, *plan.paragraphs):
        if isinstance(clause, m.Paragraph):
            text = clause.text
        elif isinstance(clause, m.Task):
            text = clause.content or clause.deliverable
        else:
            text = clause.title
        if text:
            address = str(clause.address)
            cited = f"{inherited_from}:{address}" if inherited_from else address
            out[cited] = _placed(plan, cited, text, inherited_from, clause.span, clause.source)
    return out


def _stated(plan: m.Plan, rule: MetricRule | DeadlineRule) -> ClauseText | None:
    """A rule's own statement as `plan` writes it, keyed by its rule id: a target, or a deadline (None for a
    rule built without its statement, which has no words to quote)."""
    c = rule.clause
    printer = Printer(plan.language)
    if isinstance(rule, DeadlineRule):
        d = rule.deadline
        label = f" {q(d.label)}" if d.label is not None else ""
        text = f"{printer.kw('KW_DEADLINE')}{label}: {printer.deadline(d)}"
    elif c.stated is not None:
        text = f"{printer.kw('KW_TARGET')}: {printer.target_body(c.stated)}"
    else:
        return None
    return _placed(plan, c.rule, text, c.inherited_from, c.span, c.source)


def _placed(plan: m.Plan, key: str, text: str, inherited_from: str | None, span, source: m.SourceRef | None
            ) -> ClauseText:
    if source is not None and source.document is None and plan.source_text:
        source = m.SourceRef(source.first, source.last, plan.source_text)
    return ClauseText(clause=key, text=text, inherited_from=inherited_from,
                      file=span.file if span is not None else None, line=span.line if span is not None else None,
                      source=source)
