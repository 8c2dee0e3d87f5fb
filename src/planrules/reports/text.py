"""The report for a terminal: a summary table, then each unit's verdicts, wrapped to a width.

80 columns by default, in English or Vietnamese; wide characters count two
columns and combining marks none (`text_width`), control characters are
never written through (`phrases.clean`), and colour is optional. A roll-up
follows the units' verdicts: a summary per group, then each group's sums.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence

from ..evaluation.rollup import RollUp
from ..evaluation.verdicts import Report, Status, Verdict, restatements
from .phrases import (aggregate_comparison, aggregate_measure, aggregate_sentences, as_verdict, check_lang, cited,
                      clean, comparison, counts_by_unit, explain, heading, inherited, joint_text, judged, labelled, monitored, RecordWords, named, number,
                      period_text, places, preamble, rollup_counts, rollup_heading, status_text, totals_of, unit_violations, units_of,
                      titled, violation_text, word)

__all__ = ["MIN_WIDTH", "rollup_to_text", "text_width", "to_text"]

MIN_WIDTH = 30  # narrower than this, `to_text` refuses: nothing sensible fits


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    """Columns `text` takes on a terminal: wide (CJK) characters count two, combining marks none."""
    return sum(_char_width(ch) for ch in text)


def _words(text: str) -> list[str]:
    return clean(text).split()


def _wrap(words: list[str], width: int, indent: str = "", next_indent: str | None = None) -> list[str]:
    """Fill lines of at most `width` columns with `words`, breaking only between words.

    A word wider than a line gets a line of its own (it is never cut).
    """
    next_indent = indent if next_indent is None else next_indent
    lines: list[str] = []
    line, used, empty = indent, text_width(indent), True
    for token in words:
        size = text_width(token)
        if not empty and used + 1 + size > width:
            lines.append(line)
            line, used, empty = next_indent, text_width(next_indent), True
        if not empty:
            line += " "
            used += 1
        line += token
        used += size
        empty = False
    if not empty:
        lines.append(line)
    return lines


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - text_width(text))
    return gap + text if right else text + gap


_COLORS = {
    Status.MET: "\x1b[32m",
    Status.NOT_MET: "\x1b[31m",
    Status.PENDING: "\x1b[33m",
    Status.UNKNOWN: "\x1b[33m",
}


_RESET = "\x1b[0m"


def _two_line_width(label: str) -> int:
    """The narrowest column in which `label` wraps to at most two lines."""
    words = _words(label)
    size = max((text_width(w) for w in words), default=0)
    while len(_wrap(words, size)) > 2:
        size += 1
    return size


def _summary_lines(report: Report, lang: str, width: int) -> list[str]:
    """The summary as a table: a row per unit (by its label: `titled`), a column per status and the total."""
    counts = counts_by_unit(report)
    labels = dict(report.labels)
    return _status_table([(titled(u, labels), c) for u, c in counts.items()], totals_of(counts), word("unit", lang),
                         lang, width)


def _status_table(counts: Sequence[tuple[str, Mapping[Status, int]]], totals: Mapping[Status, int], head: str,
                  lang: str, width: int) -> list[str]:
    """A table of a row per name (`head` above them), a column per status and the total, and a total row.

    The names are labels as people write them ("Văn phòng HĐND - UBND xã"), two of which may be alike: a
    row each, in order.

    Column heads wrap to two lines, and names to several, when that is
    what it takes to fit `width`; when nothing fits, `_summary_as_list`.
    """
    statuses = list(Status)
    labels = [s.label(lang) for s in statuses] + [word("total", lang)]
    rows = [(name, [c[s] for s in statuses]) for name, c in counts]
    rows.append((word("total_row", lang), [totals[s] for s in statuses]))
    rows = [(name, [*numbers, sum(numbers)]) for name, numbers in rows]
    digits = [max(len(number(n, lang)) for n in column) for column in zip(*(numbers for _, numbers in rows))]

    names = [_words(name) for name, _ in rows] + [_words(head)]
    longest_name = max(text_width(" ".join(n)) for n in names)
    longest_word = max((text_width(w) for n in names for w in n), default=0)

    def layout(head_width: Callable[[str], int]) -> tuple[list[int], int]:
        columns = [max(head_width(label), d) for label, d in zip(labels, digits)]
        return columns, width - sum(columns) - 2 * len(columns)

    one_line, room_one = layout(text_width)
    two_lines, room_two = layout(_two_line_width)
    if room_one >= longest_name:
        columns, room = one_line, room_one
    elif room_two >= longest_name:
        columns, room = two_lines, room_two
    elif room_one >= max(longest_word, 16):
        columns, room = one_line, room_one
    elif room_two >= max(longest_word, 8):
        columns, room = two_lines, room_two
    else:
        return _summary_as_list(rows, labels, width, lang)
    unit_width = min(room, longest_name)

    def line(name: str, cells: list[str]) -> str:
        parts = [_pad(name, unit_width)] + [_pad(c, w, right=True) for c, w in zip(cells, columns)]
        return "  ".join(parts).rstrip()

    def block(name_lines: list[str], cells: list[list[str]], bottom: bool) -> list[str]:
        height = max(len(name_lines), *(len(c) for c in cells))

        def fill(lines: list[str]) -> list[str]:
            gap = [""] * (height - len(lines))
            return gap + lines if bottom else lines + gap

        name_lines, cells = fill(name_lines), [fill(c) for c in cells]
        return [line(name_lines[i], [c[i] for c in cells]) for i in range(height)]

    heads = [[label] if text_width(label) <= w else _wrap(_words(label), w) for label, w in zip(labels, columns)]
    out = block(_wrap(_words(head), unit_width), heads, bottom=True)
    rule = "-" * (unit_width + sum(columns) + 2 * len(columns))
    out.append(rule)
    for i, (name, numbers) in enumerate(rows):
        if i == len(rows) - 1:
            out.append(rule)
        out += block(_wrap(_words(name), unit_width), [[number(n, lang)] for n in numbers], bottom=False)
    return out


def _summary_as_list(rows: list[tuple[str, list[int]]], labels: list[str], width: int, lang: str) -> list[str]:
    """The summary when no table fits: each unit's name, then its counts, wrapped."""
    out: list[str] = []
    for name, numbers in rows:
        out += _wrap(_words(name), width)
        counts = [f"{label}: {number(n, lang)}" for label, n in zip(labels, numbers)]
        out += _wrap([f"{c}," for c in counts[:-1]] + counts[-1:], width, "    ")
    return out


def to_text(report: Report, lang: str = "en", width: int = 80, *, color: bool = False,
            rollup: RollUp | None = None) -> str:
    """The report for a terminal of `width` columns: the summary table, then each unit's verdicts.

    Each verdict is a line with its status, clause, period and rule, then,
    indented, its value against its threshold ("55% ≥ 60%"), its explanation
    wrapped to the width, where it was inherited from, its violations, and
    where its clause is. Lines are broken only between words: a line is
    wider than `width` only when it holds a single word wider than that.
    `color` marks statuses with ANSI colours (green met, red not met,
    yellow pending and unknown). A `rollup` follows the units' verdicts
    (`rollup_to_text`).
    """
    check_lang(lang)
    if width < MIN_WIDTH:
        raise ValueError(f"width {width} is too narrow for a report; the least is {MIN_WIDTH}")
    out = _wrap(_words(heading(report, lang)), width)
    if report.title is not None:
        out += _wrap(_words(report.title), width)
    out += [line for said in preamble(report, lang) for line in _wrap(_words(said), width)]
    out.append("")
    out += _summary_lines(report, lang, width)
    if not report.verdicts:
        out += ["", word("no_verdicts_listed", lang)]
    labels, metrics, events = dict(report.labels), dict(report.metric_labels), dict(report.event_labels)
    records = RecordWords.of(report)
    for unit in units_of(report):
        verdicts = [v for v in report.verdicts if v.unit == unit]
        if not verdicts:
            continue
        name = _wrap(_words(titled(unit, labels)), width) or [""]
        out += ["", *name, "=" * max(1, min(width, max(text_width(n) for n in name)))]
        for group in restatements(verdicts):
            v = labelled(group[0], labels, events, records)  # its own fields but the category keep their names
            out += _verdict_lines(v, explain(v, lang), lang, width, color, also=group[1:],
                                  what=judged(v, lang, metrics), labels=labels)
    text = "\n".join(out) + "\n"
    if rollup is not None:
        text += "\n" + rollup_to_text(rollup, lang, width, color=color, metrics=metrics, units=dict(report.labels))
    return text


def _verdict_lines(v: Verdict, explanation: str, lang: str, width: int, color: bool,
                   violations: Sequence[str] | None = None, versus: str | None = None,
                   also: Sequence[Verdict] = (), what: str | None = None,
                   labels: Mapping[str, str] | None = None) -> list[str]:
    """One verdict (or an aggregate shown as one): its head line, then its details, indented.

    The head names the clauses (the rule ids only for a rule stated in no clause: its one address), the
    period and a joint deliverable's leads; `what` (`phrases.judged`: the metric's label, the deadline as
    the plan writes it) is the first detail. `violations` replaces the text of each of `v.violations` (an
    aggregate's name their units), `versus` the value against the threshold; `also` are verdicts restating
    `v`'s measure in other clauses (`restatements`): every clause is cited, and where each one is. Units are
    named by their `labels`.
    """
    labels = labels or {}
    detail = "    "
    group = (v, *also)
    clauses, rules = cited(group)
    # the status label is one unbreakable word, so that it starts the first line whole
    label = f"[{status_text(v, lang)}]"
    head = [label, *_words(clauses if clauses is not None else rules)]
    if v.period is not None:
        head += ["·", *_words(period_text(v.period, lang) or "")]
    joint = joint_text(v, lang, labels)
    if joint is not None:
        head += ["·", *_words(joint)]
    lines = _wrap(head, width, "", detail)
    if color and v.status in _COLORS:
        lines[0] = _COLORS[v.status] + label + _RESET + lines[0][len(label) :]
    out = lines
    if what:
        out += _wrap(_words(what), width, detail)
    out += _wrap(_words(comparison(v, lang) if versus is None else versus), width, detail)
    out += _wrap(_words(explanation), width, detail)
    for line in (*inherited(group, lang), *monitored(group, lang, labels)):
        out += _wrap(_words(line), width, detail)
    if v.violations:
        out += _wrap([word("violations", lang) + ":"], width, detail)
        texts = violations if violations is not None else [violation_text(v, x, lang) for x in v.violations]
        for text in texts:
            out += _wrap(["-", *_words(text)], width, detail + "  ", detail + "    ")
    for stated in group:
        where: list[str] = []
        for i, part in enumerate(places(stated, lang)):
            words = _words(part)  # "at" and "source" (tại, nguồn) are one word: keep each with its value
            words[:2] = [" ".join(words[:2])]
            if i:
                where[-1] += " ·"
            where += words
        out += _wrap(where, width, detail)
    return out


def rollup_to_text(rollup: RollUp, lang: str = "en", width: int = 80, *, color: bool = False,
                   metrics: Mapping[str, str] | None = None, units: Mapping[str, str] | None = None) -> str:
    """The roll-up for a terminal: a summary per group, then each group's aggregates.

    Each aggregate is laid out as a unit's verdict is (status, clause,
    period; what it judges, by the `metrics`' labels of the report; the value against the threshold), then what was summed,
    the coverage (how many of the bound units were counted, and which were
    not, and why), the units where the rule is not met, and violations with
    their units.
    """
    check_lang(lang)
    if width < MIN_WIDTH:
        raise ValueError(f"width {width} is too narrow for a report; the least is {MIN_WIDTH}")
    title = _wrap(_words(rollup_heading(rollup, lang)), width)
    out = [*title, "=" * max(1, min(width, max(text_width(h) for h in title))), ""]
    counts = rollup_counts(rollup)
    labels = dict(rollup.labels)
    out += _status_table([(titled(g, labels), c) for g, c in counts.items()], totals_of(counts), word("group", lang),
                         lang, width)
    if not rollup.aggregates:
        out += ["", word("no_aggregates", lang)]
    for group in rollup.groups:
        aggregates = rollup.of_group(group.name)
        name = _wrap(_words(titled(group.name, labels)), width) or [""]
        out += ["", *name, "-" * max(1, min(width, max(text_width(n) for n in name)))]
        members = named([titled(u, units or {}) for u in group.units])  # by the report's labels of its units
        out += _wrap(_words(word("group_units", lang, n=number(len(group.units), lang), units=members)), width)
        for stated in restatements(aggregates, aggregate_measure):
            a, v = stated[0], as_verdict(stated[0])
            explanation = " ".join(aggregate_sentences(a, lang, units))
            out += _verdict_lines(v, explanation, lang, width, color, unit_violations(a, lang, units),
                                  aggregate_comparison(a, v, lang), also=[as_verdict(x) for x in stated[1:]],
                                  what=judged(v, lang, metrics or {}))
    return "\n".join(out) + "\n"
