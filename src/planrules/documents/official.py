"""Deadlines and names as officials write them in an assignment table, and back.

One place for both directions, so that what `written` writes, `read` reads back
as the same deadline: "Quý IV/2026", "Tháng 6/2026", "Năm 2026", "Hằng năm",
"Thường xuyên", a date dd/mm/yyyy (by that day), "Trước ngày 15/05/2026",
"Quý IV (khi có văn bản chỉ đạo của tỉnh)", "Sau khi …", "Trong vòng 30 ngày
kể từ ngày ban hành". Reading first rewrites an official form into the
language's own (`quý IV 2026`, `trong tháng 06/2026`, `cuối năm 2026`,
`đến ngày 30/06/2026`) and then parses it with the plan grammar itself, so
every form the language has is read too (`trước ngày 25 hằng tháng`,
`định kỳ 6 tháng`, `giai đoạn 2026-2030`, `đến thứ Sáu hằng tuần`…) and
nothing is read that the language would refuse (a 31/02).

An event a deadline waits for ("sau khi có chỉ đạo của tỉnh") is read as its
label; `identifier` makes a unit's or an event's name from its label.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import attrs

from ..base.diagnostics import PlanError
from ..language import model as m
from ..language.printer import Printer
from ..language.syntax import parse

__all__ = ["EVENT_FIELDS", "identifier", "is_name", "read", "written"]

# The fields of a deadline that name an event.
EVENT_FIELDS = ("trigger", "event")
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_PLACEHOLDER = "sự_kiện_của_ô"  # stands for an event's label while the grammar reads the rest
_PRINTER = Printer("vi")
_I = re.IGNORECASE


def written(deadline: m.Deadline, event_label=lambda name: name) -> str:
    """`deadline` as an official writes it in a table's Thời hạn column (its label aside), each event by
    `event_label(name)`."""
    d = deadline
    text = _kind(d, event_label)
    return f"{text} (không gia hạn)" if d.hard else text


def _kind(d: m.Deadline, event_label) -> str:
    if isinstance(d, m.OnDate):
        day = f"{d.date.day:02d}/{d.date.month:02d}/{d.date.year}"
        if d.trigger is None:
            return day if d.inclusive else f"Trước ngày {day}"
        text = f"{'Đến' if d.inclusive else 'Trước'} ngày {day} nếu {event_label(d.trigger)}"
        if d.after_days is not None:
            text += f" trong vòng {_PRINTER.offset(d.after_days, d.working)}"
        return text
    if isinstance(d, m.InMonth):
        return f"Tháng {d.month}/{d.year}"
    if isinstance(d, m.EndOfYear) and d.first is None:
        return f"Năm {d.year}"
    if isinstance(d, m.InQuarter):
        text = f"Quý {_ROMAN[d.quarter]}" + (f"/{d.year}" if d.year is not None else "")
        return text + (f" (khi {event_label(d.trigger)})" if d.trigger is not None else "")
    if isinstance(d, m.AfterEvent):
        return f"Sau khi {event_label(d.event)}"
    if isinstance(d, m.WithinAfterEvent):
        return f"Trong vòng {_PRINTER.offset(d.days, d.working)} sau khi {event_label(d.event)}"
    said = _PRINTER.deadline(attrs.evolve(d, hard=False))
    return said[:1].upper() + said[1:]


@lru_cache(maxsize=4096)  # a table says "Hằng năm" a hundred times: the grammar reads it once
def read(text: str) -> tuple[m.Deadline, ...] | None:
    """The deadlines `text` writes (each event field holding the event's label as written), or None when it is
    not a deadline the language can say. One text may write several joined by `và` ("hằng quý và hằng năm")."""
    form = _grammar_form(" ".join(text.split()))
    if form is None:
        return None
    said, labels = form
    try:
        plan = parse(f'kế hoạch: "x"\nnhiệm vụ TT 1 {{\n    thời hạn: {said}\n}}\n')
    except PlanError:
        return None
    task = next(s for s in plan.body if isinstance(s, m.Task))
    found = []
    for d in task.deadlines:
        changes = {name: labels[getattr(d, name)] for name in EVENT_FIELDS if getattr(d, name, None) == _PLACEHOLDER}
        found.append(attrs.evolve(d, span=None, **changes))
    return tuple(found)


def _grammar_form(text: str) -> tuple[str, dict[str, str]] | None:
    """`text` rewritten in the language's words, and the event labels its placeholder stands for."""
    text = text.rstrip(". ")
    hard = re.search(r"\s*[,;(]?\s*không gia hạn\s*\)?$", text, _I)
    if hard:
        text = text[:hard.start()].rstrip(" ,;")
    labels: dict[str, str] = {}
    event = re.search(r"(?<!\w)(sau khi|khi|nếu)\s+", text, _I)
    if event:
        head, word, rest = text[:event.start()].rstrip(), event.group(1), text[event.end():]
        if head.endswith("("):  # "Quý IV (khi …)": the event in parentheses
            if not rest.endswith(")"):
                return None
            head, rest = head[:-1].rstrip(), rest[:-1].rstrip()
        tail = ""
        if word.lower() == "nếu":
            offset = re.search(r"\s+(trong vòng\s+\d+\s+ngày(?:\s+làm việc)?)$", rest, _I)
            if offset:
                tail, rest = " " + offset.group(1), rest[:offset.start()]
        label = rest.strip()
        if not label or any(mark in label for mark in "();\n"):
            return None
        labels[_PLACEHOLDER] = label
        text = f"{head} {word} {_PLACEHOLDER}{tail}".strip()
    text = _official_to_language(text)
    if hard:
        text += " không gia hạn"
    return text, labels


_DATE = re.compile(
    r"^(?:(trước|hoàn thành trước|đến|chậm nhất|hạn chót|hoàn thành)\s+)?(?:(?:trước\s+)?ngày\s+)?"
    r"(\d{1,2})\s*(?:/|-|\.|\s+tháng\s+)\s*(\d{1,2})\s*(?:/|-|\.|\s+năm\s+)\s*(\d{4})(?!\d)(.*)$", _I)


def _official_to_language(text: str) -> str:
    """An official's spelling of a deadline in the grammar's (the event already a placeholder)."""
    text = re.sub(r"^định kỳ\s+(?=h[ằà]ng\s)", "", text, flags=_I)
    quarter = re.match(r"^quý\s+(IV|III|II|I|[1-4])(?:\s*(?:/|-|năm)\s*(\d{4}))?(?!\w)(.*)$", text, _I)
    if quarter:
        number = quarter.group(1).upper()
        number = _ROMAN[int(number)] if number.isdigit() else number
        return f"quý {number}" + (f" {quarter.group(2)}" if quarter.group(2) else "") + quarter.group(3)
    month = re.match(r"^(?:trong\s+|cuối\s+)?tháng\s+(\d{1,2})\s*(?:/|-|năm)\s*(\d{4})$", text, _I)
    if month:
        return f"trong tháng {int(month.group(1)):02d}/{month.group(2)}"
    year = re.match(r"^(?:(?:trong|cuối|hết)\s+)?(?:năm\s+)?(\d{4})$", text, _I)
    if year:
        return f"cuối năm {year.group(1)}"
    span = re.match(r"^(?:giai đoạn\s+)?(\d{4})\s*[-–]\s*(\d{4})$", text, _I)
    if span:
        return f"giai đoạn {span.group(1)}-{span.group(2)}"
    date = _DATE.match(text)
    if date:
        word = "trước" if date.group(1) and "trước" in date.group(1).lower() else "đến"
        if not date.group(1) and re.match(r"^trước\s", text, _I):
            word = "trước"
        day, month_, year_ = int(date.group(2)), int(date.group(3)), date.group(4)
        return f"{word} ngày {day:02d}/{month_:02d}/{year_}{date.group(5)}"
    text = re.sub(r"(?<!\w)(\d{1,2})\s+tháng\s+(\d{1,2})(?=\s+h[ằà]ng\s+năm)", r"\1/\2", text, flags=_I)
    within = re.match(r"^(trong vòng\s+\d+\s+ngày(?:\s+làm việc)?)(?:\s+kể từ ngày\s+(?:ký\s+)?ban hành"
                      r"(?:\s+kế hoạch(?:\s+này)?)?)?$", text, _I)
    if within:  # "Trong vòng 30 ngày": counted from the plan's date of issue, as the label keeps it said
        return f"{within.group(1)} kể từ ngày ban hành"
    return text


def identifier(label: str) -> str:
    """A name for a unit or an event from its label: lower case, each run of other characters one `_`
    ("Văn phòng HĐND - UBND xã" → văn_phòng_hđnd_ubnd_xã), at most 60 characters, never starting with a digit."""
    folded = unicodedata.normalize("NFC", label).lower()
    name = re.sub(r"\W+", "_", folded).strip("_")
    if len(name) > 60:
        name = name[:60].rsplit("_", 1)[0] if "_" in name[:60] else name[:60]
    if not name or not (name[0].isalpha()):
        name = f"đv_{name}".rstrip("_")
    return name


_NAMES: dict[str, bool] = {}


def is_name(name: str) -> bool:
    """Whether the grammar reads `name` as a name (not a keyword, not cut short by one)."""
    if name not in _NAMES:
        try:
            plan = parse(f'kế hoạch: "x"\nđơn vị {name}: "x"\n')
            _NAMES[name] = any(isinstance(s, m.Unit) and s.name == name for s in plan.body)
        except PlanError:
            _NAMES[name] = False
    return _NAMES[name]
