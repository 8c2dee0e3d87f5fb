"""Rules a year column cannot answer: refused before any verdict (F235), located in the mapping file.

A mapping may give a record kind a year column in place of its date
(`year = "report_year"`, docs/sql.md "Mapping"): each record then stands on
the first day of its year. That answers whatever is counted by calendar year
— a year's count or share, a span of years, a change against another year —
but not a rule that needs the day itself: a window that starts or ends inside
a year, a cap binding records from a day, a year judged on another day than
31 December. Such a rule over such a kind is an error at check time, never a
verdict on a guessed day (`needs_date` says why, the mapping file's `year`
key is the place).
"""

from __future__ import annotations

import datetime as _dt

from ..base.diagnostics import Diagnostic
from .rules import MetricRule
from .verdicts import RuleKind

__all__ = ["needs_date", "year_only_problems"]


def _first_day(day: _dt.date | None) -> bool:
    return day is None or (day.month, day.day) == (1, 1)


def _last_day(day: _dt.date | None) -> bool:
    return day is None or (day.month, day.day) == (12, 31)


def needs_date(rule: MetricRule) -> tuple[str, str] | None:
    """Why `rule` needs each record's date rather than its year (English, Vietnamese), or None."""
    if rule.kind is RuleKind.CAP and not _first_day(rule.start):
        day = f"{rule.start:%d/%m/%Y}"
        return f"a cap binds records from {day}", f"mức trần áp dụng cho bản ghi từ ngày {day}"
    for day, first, en, vi in ((rule.counted_from, True, "records count from", "bản ghi được tính từ ngày"),
                               (rule.running_from, True, "a running total from", "lũy kế từ ngày"),
                               (rule.counted_to, False, "records count up to", "bản ghi được tính đến ngày"),
                               (rule.at, False, "records count up to", "bản ghi được tính đến ngày")):
        if not (_first_day(day) if first else _last_day(day)):
            return f"{en} {day:%d/%m/%Y}", f"{vi} {day:%d/%m/%Y}"
    if rule.by_day is not None and tuple(rule.by_day) != (31, 12):
        day = "%02d/%02d" % tuple(rule.by_day)
        return f"each year judged on {day}", f"mỗi năm đánh giá vào ngày {day}"
    if rule.data_from is not None and tuple(rule.data_from) != (1, 1):
        day = "%02d/%02d" % tuple(rule.data_from)
        return f"each year's data from {day}", f"số liệu mỗi năm từ ngày {day}"
    return None


def year_only_problems(rules, source) -> list[Diagnostic]:
    """F235 for each rule of `rules` that reads a kind `source`'s mapping gives only a year column (its own kind,
    or a kind a ratio's numerator or denominator counts or sums), and that needs the date itself."""
    mapping = getattr(source, "mapping", None)
    if mapping is None:
        return []
    kinds = {t.name for t in mapping.tables if t.year is not None}
    out = []
    for rule in rules.metric_rules:
        read = [k for k in dict.fromkeys((rule.record_kind, *(t.record_kind for t in rule.terms))) if k in kinds]
        reason = needs_date(rule) if read else None
        if reason is None:
            continue
        for kind in read:  # a ratio's terms read their kinds by the same days as a count would
            out.append(mapping.diagnostic(("tables", kind, "year"), "F235", "year_needs_date",
                                          rule=rule.clause.rule, kind=kind, reason=reason))
    return out
