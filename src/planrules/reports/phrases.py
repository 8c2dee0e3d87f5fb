"""The words and sentences a report shares across its formats.

A verdict's value, threshold, dates, period and places, a roll-up's sums and
coverage, the headings and the per-unit counts: the text report
(`text`), the Markdown one (`markdown`) and the data (`data`, whose
`*_display` fields and rendered explanations readers without Python use)
all say them the same way, because they all say them here.
"""

from __future__ import annotations

import decimal
import re
from types import MappingProxyType
from collections.abc import Mapping, Sequence
from fractions import Fraction

import attrs

from ..base.diagnostics import LANGUAGES, visible
from ..base.numbers import count_text
from ..evaluation.rollup import BY_STATUS, REASONS, Aggregate, RollUp
from ..evaluation.verdicts import (Report, RuleKind, Status, Verdict, Violation, bound_of, measure_key,
                                   restatements, show, show_date)
from ..language.model import QuantityUnit
from .messages import ReportMessage

_NO_LABELS: Mapping[str, str] = MappingProxyType({})

def show_value(value: Fraction | int, unit: QuantityUnit = QuantityUnit.NONE, lang: str = "en", *,
               label: str | None = None) -> str:
    """`verdicts.show`, with decimal precision enough for any value; a named unit after it ("12 Tbps").

    `verdicts.show` works in the ambient decimal context (28 digits), where
    quantizing a value of 10**26 or more raises `InvalidOperation`.
    """
    number = abs(Fraction(value)) * 100
    digits = len(str(number.numerator // number.denominator))
    with decimal.localcontext() as context:
        context.prec = max(context.prec, digits + 30)
        text = show(value, unit, lang)
    return f"{text} {label}" if label is not None else text


def titled(name: str, labels: Mapping[str, str]) -> str:
    """A unit (or a roll-up's group) as a report for people names it: its label as the plan or the register
    writes it ("Văn phòng HĐND - UBND xã", "Xã Vũ Dương"); its name when it has no label, the name being then
    the plan's only words for it. The name itself (`vp_hđnd_ubnd`, "26734") is kept by the machine formats."""
    return labels.get(name) or name


def labelled(v: Verdict, labels: Mapping[str, str], events: Mapping[str, str] = _NO_LABELS,
             records: "RecordWords | None" = None) -> Verdict:
    """`v` with the units its explanation names ("a", "a + b", "a, b") shown by their `labels` (`titled`), the
    event it names by its label in `events` (the report's `event_labels`), and the record kind, fields and
    categories it names by their labels in `records` (the report's `record_labels`: "bản ghi Hội nghị, cuộc
    họp … thỏa mãn Tổ chức trực tuyến"), as a report for people shows them; so is a per-record cap's
    `category` and its violations' (shown after the threshold: "≤ 0,5 ngày (Hội nghị quán triệt, triển khai)").
    Its other fields keep the names."""
    if not labels and not events and not records:
        return v

    def relabel(value):
        if not isinstance(value, str):
            return value
        return "".join(part if i % 2 else titled(part, labels) for i, part in enumerate(re.split(r"( \+ |, )", value)))

    def shown(key: str, value, kind):
        if key in _NAMING:
            return relabel(value)
        if key == "event" and isinstance(value, str):
            return titled(value, events)
        if records and key in _RECORD_NAMING:
            return records.worded(key, value, kind)
        return value

    # the record kind the verdict counts, for a sentence that names a field without its kind ("2 records meeting
    # mật were left out"): its first sentence naming one
    counted = next((k for e in v.explanation if isinstance(k := dict(e.args).get("kind"), str)), None)

    def sentence(e):
        kind = dict(e.args).get("kind", counted)
        return attrs.evolve(e, args=tuple((k, shown(k, x, kind)) for k, x in e.args))

    worded = attrs.evolve(v, explanation=tuple(sentence(e) for e in v.explanation))
    if records and (v.category is not None or v.violations):
        def named(category: str | None) -> str | None:
            return None if category is None else records.category(counted, category)

        worded = attrs.evolve(worded, category=named(v.category), violations=tuple(
            attrs.evolve(x, category=named(x.category)) for x in v.violations))
    return worded


# the arguments of an explanation that name a record kind (`kind`), or its fields and categories
_RECORD_NAMING = ("kind", "cond", "excl", "field", "category")
# a field in a condition as explanations write it (`conditions.condition_text`), with the value it is compared
# with when it is one: `trực_tuyến`, `¬mật`, `loại=quán_triệt`, `loại≠chuyên_môn`, `loại∈{quán_triệt, chuyên_môn}`,
# `phủ_sóng≥95%` (the relation, the number left as it is)
_FIELD_TEST = re.compile(r"(\w+)(?:([=≠])(\w+)|∈\{([^}]*)\}|([<>≤≥]))?")


class RecordWords:
    """The vocabulary's labels of record kinds, fields and categories (`Report.record_labels`), for the
    explanations of a report for people: a name the vocabulary gives no label stays as it is, the name being
    then its only word for it."""

    def __init__(self, entries: Sequence[tuple[str, str, str, str]]) -> None:
        self.kinds: dict[str, str] = {}
        self.fields: dict[str, dict[str, str]] = {}
        self.categories: dict[tuple[str, str], dict[str, str]] = {}
        for kind, field, category, label in entries:
            if category:
                self.categories.setdefault((kind, field), {})[category] = label
            elif field:
                self.fields.setdefault(kind, {})[field] = label
            else:
                self.kinds[kind] = label

    @classmethod
    def of(cls, report: Report) -> "RecordWords":
        return cls(report.record_labels)

    def __bool__(self) -> bool:
        return bool(self.kinds or self.fields or self.categories)

    def category(self, kind: str | None, name: str) -> str:
        """The category `name` of a field of `kind` (None: of any kind, for a verdict whose explanation names none:
        "nothing to judge yet") by its label; the name when no such field labels it, or two label it differently
        (a verdict names a cap's category, not its field)."""
        found = {words[name] for (of, _), words in self.categories.items() if kind in (of, None) and name in words}
        return found.pop() if len(found) == 1 else name

    def worded(self, key: str, value, kind):
        """The argument `key` of a sentence about records of `kind` (an explanation's `kind` argument), a text
        or an (English, Vietnamese) pair, with the names it holds replaced by their labels."""
        if isinstance(value, tuple):
            return tuple(self.worded(key, x, kind) for x in value)
        if not isinstance(value, str):
            return value
        if key == "kind":
            return re.sub(r"\w+", lambda found: self.kinds.get(found[0], found[0]), value)
        if not isinstance(kind, str):  # a metric's change names a metric, not a record kind
            return value
        fields = self.fields.get(kind, {})

        def test(found: re.Match) -> str:
            field = found[1]
            categories = self.categories.get((kind, field), {})
            out = fields.get(field, field)
            if found[2]:  # spaced once words stand for a name: "Loại hội nghị = Hội nghị chuyên môn"
                value = categories.get(found[3], found[3])
                spaced = out != field or value != found[3]
                return f" {found[2]} ".join((out, value)) if spaced else found[0]
            if found[4] is not None:
                values = ", ".join(categories.get(x, x) for x in found[4].split(", "))
                return f"{out} ∈ {{{values}}}" if values != found[4] or out != field else found[0]
            if found[5]:  # a number compared: "Tỷ lệ phủ sóng ≥ 95%"
                return f"{out} {found[5]} " if out != field else found[0]
            return out

        return _FIELD_TEST.sub(test, value)


# the arguments of an explanation that name units
_NAMING = ("unit", "units", "leads", "by", "heir", "absent", "assessor", "assessors")


def judged(v: Verdict, lang: str, metrics: Mapping[str, str]) -> str | None:
    """What a verdict judges, in the plan's words: its metric's label ("Tỷ lệ hội nghị trực tuyến trên tổng số hội
    nghị"), or its deadline as the plan writes it ("Deadline: 06 tháng"); None when it is neither. A metric the
    vocabulary gives no label is named by its name."""
    if v.metric is not None:
        return metrics.get(v.metric) or v.metric
    if v.label is not None:
        return word("html_deadline", lang, label=v.label)
    return None


def units_of(report: Report) -> tuple[str, ...]:
    """The report's units, then any unit a verdict names that `units` does not list."""
    return tuple(dict.fromkeys((*report.units, *(v.unit for v in report.verdicts))))


def restated_rules(verdicts: Sequence[Verdict]) -> dict[int, str]:
    """For each verdict (by id) that restates an earlier one's measure (`restatements`), the earlier one's
    rule: what JSON, TOML and the output tables write as `restates`.

    `restatements` runs over the verdicts that could restate each other — those of one unit, period,
    kind, metric and category, all part of its key — rather than over all of them at once: hashing every
    verdict's exact fractions cost a third of a national table's time.
    """
    alike: dict[tuple, list[Verdict]] = {}
    for v in verdicts:
        alike.setdefault((v.unit, v.period, v.kind, v.metric, v.category), []).append(v)
    return {id(v): group[0].rule for candidates in alike.values() if len(candidates) > 1
            for group in restatements(candidates) for v in group[1:]}


def counts_by_unit(report: Report) -> dict[str, dict[Status, int]]:
    """Per unit, how many distinct measures and deadlines of each status: `Report.summary`, what the API gives."""
    return report.summary()


def totals_of(counts: Mapping[str, Mapping[Status, int]]) -> dict[Status, int]:
    """The rows of `counts_by_unit` added up."""
    return {s: sum(row[s] for row in counts.values()) for s in Status}


def aggregate_measure(a: Aggregate) -> tuple | None:
    """What an aggregate summed, without the clause stating it (`measure_key`), and over which units."""
    measure = measure_key(as_verdict(a))
    return None if measure is None else (measure, a.coverage, a.failing)


def rollup_counts(rollup: RollUp) -> dict[str, dict[Status, int]]:
    """Per group, how many distinct sums and deadlines of each status: `RollUp.summary`, restatements once."""
    out = {g.name: {s: 0 for s in Status} for g in rollup.groups}
    for group in restatements(rollup.aggregates, aggregate_measure):
        out.setdefault(group[0].group, {s: 0 for s in Status})[group[0].status] += 1
    return out


def as_verdict(a: Aggregate) -> Verdict:
    """`a` as a verdict of its group, so that the verdicts' display helpers show it the same way."""
    return Verdict(
        plan="", unit=a.group, rule=a.rule, kind=a.kind, status=a.status, clause=a.clause, period=a.period,
        value=a.value, value_unit=a.value_unit, value_label=a.value_label, comparator=a.comparator, threshold=a.threshold, upper=a.upper,
        when_none=a.when_none,
        category=a.category, metric=a.metric, label=a.label, on_track=a.on_track, due=a.due,
        last_day=a.last_day,
        figures=a.figures, violations=tuple(x.violation for x in a.violations), inherited_from=a.inherited_from,
        at=a.at, monitored_by=a.monitored_by,
    )


def number(n: int | Fraction | None, lang: str) -> str:
    """A count as the report's language writes it ("35,000,000", "35.000.000"); "?" when it is not known."""
    return _summed(n, lang)


def word(key: str, lang: str, **args: str) -> str:
    """The report's word `key` (`messages`) in `lang`, its arguments filled in."""
    return ReportMessage.of(key, **args).text(lang)


def check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of: {', '.join(LANGUAGES)}")


def explain(v: Verdict, lang: str) -> str:
    """`v.explain(lang)`, but a sentence whose template is missing or broken shows as its key and arguments.

    A report read from a file may name templates this version does not have;
    it is still displayed rather than refused.
    """
    sentences = []
    for sentence in v.explanation:
        try:
            sentences.append(sentence.text(lang))
        except (KeyError, IndexError, ValueError, AttributeError, TypeError):
            args = ", ".join(
                f"{name}={(value[1] if lang == 'vi' else value[0]) if isinstance(value, tuple) else value}"
                for name, value in sentence.args
            )
            sentences.append(f"[{sentence.key}{f': {args}' if args else ''}]")
    return " ".join(sentences)


def value_text(v: Verdict, lang: str) -> str | None:
    """The measured value ("55%", "2"), and for a deadline the day it was delivered; None when neither."""
    parts = []
    if v.value is not None:
        parts.append(show_value(v.value, v.value_unit, lang, label=v.value_label))
    if v.delivered is not None:
        parts.append(word("delivered", lang, date=show_date(v.delivered)))
    return ", ".join(parts) or None


def _amount(v: Verdict, lang: str) -> str | None:
    """The threshold as a number ("60%", "0.5 days"); None when the verdict has none."""
    return None if v.threshold is None else show_value(v.threshold.fraction, v.threshold.unit, lang,
                                                       label=v.value_label)


def _shown(v: Verdict | Aggregate, lang: str) -> tuple[str, str | None]:
    """The bound's limits as shown: the threshold, and a range's upper end (else None)."""
    assert v.threshold is not None
    upper = v.upper
    label = v.value_label
    return (show_value(v.threshold.fraction, v.threshold.unit, lang, label=label),
            None if upper is None else show_value(upper.fraction, upper.unit, lang, label=label))


def _dates(v: Verdict, lang: str) -> list[str]:
    parts = []
    if v.due is not None:
        parts.append(word("due", lang, date=show_date(v.due)))
    if v.last_day is not None and v.last_day != v.due:
        parts.append(word("last_day", lang, date=show_date(v.last_day)))
    return parts


def threshold_text(v: Verdict, lang: str) -> str | None:
    """"≥ 60%", "≤ 0.5 days (quán_triệt)", "due 05/12/2026, last day 04/12/2026"; None when there is none."""
    parts = []
    amount = _amount(v, lang)
    if amount is not None:
        bound = bound_of(v)
        parts.append(bound.text(_shown(v, lang)) if bound is not None else amount)
    parts += _dates(v, lang)
    text = ", ".join(parts)
    if v.category is not None:
        text = f"{text} ({v.category})" if text else f"({v.category})"
    return text or None


def comparison(v: Verdict, lang: str) -> str:
    """The value against the threshold, as the text report shows it: "66.67% ≥ 60%", "55%, needs ≥ 60%",
    "? ≤ 1 day" (`verdicts.compared`: it reads true whatever the verdict)."""
    parts = []
    amount = _amount(v, lang)
    if amount is not None:
        value = show_value(v.value, v.value_unit, lang, label=v.value_label) if v.value is not None else "?"
        if v.comparator is None:
            parts.append(f"{value} {word('versus', lang)} {amount}")
        else:
            bound = bound_of(v)
            assert bound is not None
            kept = v.value is None or bound.holds(v.value)
            parts.append(bound.compared(value, _shown(v, lang), kept, lang))
    elif v.value is not None:
        parts.append(show_value(v.value, v.value_unit, lang, label=v.value_label))
    if v.category is not None:
        parts[-1:] = [f"{parts[-1]} ({v.category})" if parts else f"({v.category})"]
    if v.delivered is not None:
        parts.append(word("delivered", lang, date=show_date(v.delivered)))
    parts += _dates(v, lang)
    return " · ".join(parts)


def _against(a: Aggregate, lang: str) -> str:
    """": 63.33% ≥ 60%." (or ": 50.5%, needs ≥ 60%.") after a sum; "." when there is no value or threshold."""
    bound = bound_of(a)
    if a.value is None or bound is None:
        return "."
    value = show_value(a.value, a.value_unit, lang, label=a.value_label)
    return f": {bound.compared(value, _shown(a, lang), bound.holds(a.value), lang)}."


def _base_year(a: Aggregate) -> str:
    """The year a change is summed against: its fixed base year (a figure), or the year before its period."""
    base = a.figure("base_year")
    if base is None and a.period is not None and a.period.isdigit():
        base = int(a.period) - 1
    return str(base) if base is not None else "?"


def _change_ends(a: Aggregate) -> tuple:
    """A change's summed base-year and judged-year figures: counts, or a sum's totals (`rollup`)."""
    if a.figure("baseline_total") is not None:
        return a.figure("baseline_total"), a.figure("current_total")
    return a.figure("baseline"), a.figure("current")


def _summed(x, lang: str) -> str:
    """A summed figure: a whole count grouped as the language writes it ("1.234"), an amount as values are shown
    ("12,5")."""
    if x is None or isinstance(x, int) or x.denominator == 1:
        return "?" if x is None else count_text(int(x), lang)
    return show_value(x, QuantityUnit.NONE, lang)


def aggregate_sentences(a: Aggregate, lang: str, units: Mapping[str, str] | None = None) -> list[str]:
    """What the parent's figures are, how much of the group they cover, and where the rule is not met: the
    units named by their `units` labels where a report for people gives them (the data keeps the names)."""
    units = units or {}
    out: list[str] = []
    n = len(a.coverage.counted)
    if a.kind in BY_STATUS:
        counts = [f"{number(x.value, lang)} {Status(x.name).label(lang)}" for x in a.figures if x.value]
        out.append(word("deadline_counts", lang, n=number(len(a.coverage.bound), lang), counts=", ".join(counts)))
    elif not a.figures and a.value is not None and n == 1:
        out.append(word("lone_value", lang, unit=a.coverage.counted[0], value=show_value(a.value, a.value_unit, lang,
                                                                                     label=a.value_label)))
    elif a.figures and a.kind in (RuleKind.SHARE, RuleKind.TASKS):
        text = word("sum_share", lang, n=number(n, lang), part=number(a.figure("part"), lang), whole=number(a.figure("whole"), lang))
        if a.figure("excluded"):
            text += " " + word("sum_excluded", lang, excluded=number(a.figure("excluded"), lang))
        out.append(text + (f": {word('sum_share_undefined', lang)}" if a.figure("whole") == 0 else _against(a, lang)))
    elif a.figures and (a.figure("baseline_whole") is not None or a.figure("baseline_numerator") is not None):
        # the change of a share (part / whole) or of a ratio (numerator / denominator), in points
        names = ("baseline_part", "baseline_whole", "part", "whole") if a.figure("baseline_whole") is not None \
            else ("baseline_numerator", "baseline_denominator", "numerator", "denominator")
        before, before_whole, part, whole = (_summed(a.figure(name), lang) for name in names)
        text = word("sum_share_change", lang, n=number(n, lang), before=before, before_whole=before_whole, part=part,
                    whole=whole, base=_base_year(a), period=a.period or "")
        undefined = not a.figure(names[3]) or not a.figure(names[1])
        out.append(text + (f": {word('sum_change_undefined', lang)}" if undefined else _against(a, lang)))
    elif a.figures and a.kind in (RuleKind.GROWTH, RuleKind.AVERAGE_GROWTH) or (
            a.kind is RuleKind.CUT and a.figure("base_year") is not None):
        baseline, current = _change_ends(a)
        text = word("sum_change", lang, n=number(n, lang), baseline=_summed(baseline, lang), current=_summed(current, lang),
                    base=_base_year(a), period=a.period or "")
        if baseline == 0:
            cut = a.kind is RuleKind.CUT
            text += ": " + word(("sum_cut" if cut else "sum_growth") + (
                "_zero_both" if current == 0 else "_from_zero"), lang)
        else:
            text += _against(a, lang)
        out.append(text)
    elif a.figures and a.kind is RuleKind.CUT:
        baseline, current = _change_ends(a)
        text = word("sum_cut", lang, n=number(n, lang), baseline=_summed(baseline, lang), current=_summed(current, lang),
                     period=a.period or "")
        if baseline == 0:
            text += ": " + word("sum_cut_zero_both" if current == 0 else "sum_cut_from_zero", lang)
        else:
            text += _against(a, lang)
        out.append(text)
    elif a.figures and a.kind is RuleKind.COUNT:
        out.append(word("sum_count", lang, n=number(n, lang), count=number(a.figure("count"), lang)) + _against(a, lang))
    elif a.figures and a.kind is RuleKind.CAP:
        if a.figure("records") is None:
            out.append(word("sum_cap_none", lang, n=number(n, lang)))
        else:
            bound = bound_of(a)
            key = {"lower": "sum_cap_minimum", "upper": "sum_cap", "both": "sum_cap_range"}[
                bound.sides if bound is not None else "upper"]  # a floor is broken below, a range outside
            out.append(word(key, lang, n=number(n, lang), records=number(a.figure("records"), lang),
                             broken=number(a.figure("broken"), lang)) + _against(a, lang))
    if a.coverage.missing:
        out.append(word("counted", lang, counted=number(n, lang), bound=number(len(a.coverage.bound), lang)))
        gaps = [f"{titled(g.unit, units)} ({word('reason_' + g.reason, lang)})" if g.reason in REASONS
                else titled(g.unit, units) for g in a.coverage.missing]
        out.append(word("not_counted", lang, units=named(gaps)))
    elif a.kind not in BY_STATUS:
        out.append(word("counted", lang, counted=number(n, lang), bound=number(len(a.coverage.bound), lang)))
    if a.failing and (a.kind in BY_STATUS or len(a.coverage.bound) > 1):
        out.append(word("failing", lang, units=named([titled(u, units) for u in a.failing])))
    return out


def partial_value(a: Aggregate, lang: str) -> str | None:
    """"(partial: 2 of 3 units)" when `a` has a value that leaves bound units out; else None."""
    if a.value is None or a.coverage.complete or a.kind in BY_STATUS:
        return None
    return word("partial_value", lang, counted=number(len(a.coverage.counted), lang), bound=number(len(a.coverage.bound), lang))


def aggregate_comparison(a: Aggregate, v: Verdict, lang: str) -> str:
    text = comparison(v, lang)
    partial = partial_value(a, lang)
    return f"{text} {partial}" if partial else text


_MAX_NAMED = 12  # units named in a line of the text and Markdown roll-up; the data names them all


def named(names: Sequence[str]) -> str:
    """`names` joined, the first `_MAX_NAMED` of them, then how many more: a province has hundreds of communes."""
    shown = ", ".join(names[:_MAX_NAMED])
    return shown + (f", … (+{len(names) - _MAX_NAMED})" if len(names) > _MAX_NAMED else "")


def rollup_heading(rollup: RollUp, lang: str) -> str:
    head = word("rollup_by", lang, by=rollup.by, plan=rollup.plan) if rollup.by is not None else \
        word("rollup", lang, plan=rollup.plan)
    return f"{head}, {word('as_of', lang, date=show_date(rollup.as_of))}"


def status_text(v: Verdict, lang: str) -> str:
    label = v.status.label(lang)
    if v.on_track is not None:
        label += f" ({word('on_track' if v.on_track else 'off_track', lang)})"
    return label


def violation_text(v: Verdict, x: Violation, lang: str) -> str:
    bound = bound_of(v)
    if bound is None:  # pragma: no cover - a violation is always of a bound
        broken = f"> {show_value(x.limit, v.value_unit, lang)}"
    else:
        broken = bound.broken_text(_shown(v, lang), lang)
    text = f"{x.record}: {show_value(x.value, v.value_unit, lang)} {broken}"
    if x.category is not None:
        text += f" ({x.category})"
    if x.origin is not None:
        text += f" — {x.origin}"
    return text


def places(v: Verdict, lang: str) -> list[str]:
    """Where the verdict's clause is: its place in the `.plan` file and in the seed document.

    The seed document of the plan the clause is written in (its own, or the parent's it is inherited from) is
    named by that plan's number, as officials cite it ("source 104/KH-UBND, line(s) 31"), not by the name of
    its text file; a clause citing another document (`SourceRef.document`) names that file.
    """
    parts = []
    if v.at is not None:
        parts.append(word("at", lang, at=v.at))
    plan = v.inherited_from or v.plan
    if v.source is not None and v.source.document is None and plan:
        parts.append(word("source_plan", lang, plan=plan, lines=str(v.source)))
    elif v.source is not None:
        source = str(v.source)
        if v.source.document is None and v.document is not None:
            source = f"{v.document}:{source}"
        parts.append(word("source", lang, source=source))
    elif v.document is not None:
        parts.append(word("source", lang, source=plan or v.document))
    return parts


_PERIOD = re.compile(
    r"(?P<year>\d{4})(?:-(?:(?P<month>\d{2})(?:-(?P<day>\d{2}))?|H(?P<half>[12])|Q(?P<quarter>[1-4])|W(?P<week>\d{2})))?"
)


_ROMAN = ("I", "II", "III", "IV")


def period_text(period: str | None, lang: str) -> str | None:
    """A period key ("once", "2026-05", "2026-H1", "2026-Q4", "2026-W14", an event's ISO date) in the report's words.

    The key stays as it is in the data (TOML, JSON, scenarios); a key this
    version does not know is shown as it is.
    """
    if period == "once":
        return word("period_once", lang)
    match = _PERIOD.fullmatch(period or "")
    if match is None or period is None:
        return period
    year, month, day = match["year"], match["month"], match["day"]
    if day is not None:
        return f"{day}/{month}/{year}"
    if month is not None:
        return word("period_month", lang, month=month, year=year)
    if match["half"] is not None:
        return word(f"period_half_{match['half']}", lang, year=year)
    if match["quarter"] is not None:
        return word("period_quarter", lang, quarter=_ROMAN[int(match["quarter"]) - 1], year=year)
    if match["week"] is not None:
        return word("period_week", lang, week=int(match["week"]), year=year)
    return period


def heading(report: Report, lang: str) -> str:
    return f"{word('report', lang, plan=report.plan)}, {word('as_of', lang, date=show_date(report.as_of))}"


def preamble(report: Report, lang: str, missing: str = "missing_parents") -> list[str]:
    """The lines under the heading and title: the date used and where it came from, and the parents left out
    (said by the word `missing`: the web page's says too that their text is not quoted)."""
    lines = [word(f"date_{report.as_of_from}", lang, date=show_date(report.as_of))]
    if report.missing_parents:
        lines.append(word(missing, lang, plans=", ".join(report.missing_parents)))
    return lines


def clean(text: str) -> str:
    """`text` with the control characters a terminal would obey (escape sequences) and the bidirectional marks
    written as their escapes, as errors write them (`base.diagnostics.visible`); whitespace stays."""
    return visible(text, spaces=True)


def cited(group: Sequence[Verdict]) -> tuple[str | None, str]:
    """The clauses a measure is stated in ("I.2.a, II.4.b-1"; None when none has one) and their rules."""
    clauses = [v.clause for v in group if v.clause is not None]
    rules = ", ".join(v.rule for v in group) if clauses else group[0].rule
    if clauses and len(clauses) < len(group):  # a rule without a clause is cited by its rule id
        clauses = [v.clause if v.clause is not None else v.rule for v in group]
    return (", ".join(clauses) if clauses else None), rules


def joint_text(v: Verdict, lang: str, labels: Mapping[str, str] = _NO_LABELS) -> str | None:
    """A joint deliverable's leads, every one named once (by its label: `titled`): "vhxh + vp (joint)"; None for
    any other verdict."""
    return word("joint", lang, leads=" + ".join(titled(u, labels) for u in v.leads)) if v.leads else None


def inherited(group: Sequence[Verdict], lang: str) -> list[str]:
    """"Inherited from P." once for each parent plan a verdict of `group` comes from."""
    parents = dict.fromkeys(v.inherited_from for v in group if v.inherited_from is not None)
    return [word("inherited", lang, plan=parent) for parent in parents]


def monitored(group: Sequence[Verdict], lang: str, labels: Mapping[str, str] = _NO_LABELS) -> list[str]:
    """"Monitored by U." once for the watchers (`theo dõi`) the clauses of `group` name, in their order, by their
    labels (`titled`)."""
    units = dict.fromkeys(titled(u, labels) for v in group for u in v.monitored_by)
    return [word("monitored_by", lang, units=", ".join(units))] if units else []


def unit_violations(a: Aggregate, lang: str, units: Mapping[str, str] | None = None) -> list[str]:
    v = as_verdict(a)
    return [f"{titled(x.unit, units or {})}: {violation_text(v, x.violation, lang)}" for x in a.violations]
