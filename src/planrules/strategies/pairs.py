"""Parent and child plans, as `.plan` text: the child keeps or tightens the parent's targets, or loosens one.

The pairs are written on the prelude's metrics, whose kinds and
comparators are known here, so that which target a child loosens and the
code `planrules.check` gives for it are known without running the check.
"""

from __future__ import annotations

import datetime as _dt
from fractions import Fraction
from functools import lru_cache

from attrs import frozen
from hypothesis import strategies as st

from ..language import syntax
from ..language.library import Library

_SHARE_EXCLUDING = {  # a share metric -> an inline share of the same records that leaves out more
    "tỷ_lệ_hội_nghị_trực_tuyến": "(tỷ lệ hội_nghị có trực_tuyến trừ loại = quan_trọng)",
    "tỷ_lệ_văn_bản_điện_tử": "(tỷ lệ văn_bản_gửi có điện_tử trừ không điện_tử)",
    "tỷ_lệ_số_hóa_văn_bản": "(tỷ lệ văn_bản_ban_hành có số_hóa trừ không hành_chính)",
    "tỷ_lệ_hồ_sơ_trực_tuyến": "(tỷ lệ hồ_sơ_tthc có trực_tuyến trừ không trực_tuyến)",
    "tỷ_lệ_đào_tạo_kỹ_năng_số": "(tỷ lệ cán_bộ có đào_tạo_kỹ_năng_số trừ không đào_tạo_kỹ_năng_số)",
}
_PAIR_METRICS = (  # (metric of the prelude, category, kind, comparators it fits)
    *((name, None, "share", (">=", "<=", ">", "<")) for name in _SHARE_EXCLUDING),
    ("giảm_hội_nghị", None, "cut", (">=", ">")),
    ("giảm_văn_bản_hành_chính", None, "cut", (">=",)),
    ("số_hội_nghị", None, "count", (">=", "<=", ">", "<")),
    ("số_văn_bản_hành_chính", None, "count", (">=", "<=")),
    *(("thời_lượng_hội_nghị", c, "cap", ("<=", "<")) for c in ("quán_triệt", "chuyên_môn", "quan_trọng")),
)
_WORDS = {">=": "tối thiểu", "<=": "không quá", ">": "trên", "<": "dưới"}
_STRICT = {">=": ">", "<=": "<"}  # at the same number, the strict comparator asks more (language/bounds.py)
_INCLUSIVE = {">": ">=", "<": "<="}
# how a child loosens a target -> the code: a lower minimum (or `tối thiểu` under `trên` at the same number),
# a higher maximum (or `không quá` under `dưới`), …
_LOOSENED = {"threshold>=": "I301", "threshold<=": "I302", "inclusive>=": "I301", "inclusive<=": "I302",
             "exclusion": "I303", "period": "I304", "scope": "I308"}


def _lower(t: dict) -> bool:
    """Does the target bound its value from below (a minimum: `tối thiểu`, `trên`)?"""
    return t["cmp"] in (">=", ">")
# The units both plans declare, and the scopes (`phạm vi`) a pair's targets draw, with the names each binds
# (a group with the members it lists; None: every unit, as a target without a scope outside a task).
_PAIR_UNITS = 'đơn vị u1: "Đơn vị 1"\nđơn vị u2: "Đơn vị 2"\nnhóm g: "Nhóm" = u1, u2\n'
_SCOPES: dict[str | None, frozenset[str] | None] = {
    None: None, "toàn địa bàn": None, "g": frozenset({"g", "u1", "u2"}), "u1, u2": frozenset({"u1", "u2"}),
    "u1": frozenset({"u1"}), "u2": frozenset({"u2"}),
}


def _binds_as_many(child: str | None, parent: str | None) -> bool:
    """Does a target scoped `child` bind at least the units of one scoped `parent` (names, as written)?"""
    mine, theirs = _SCOPES[child], _SCOPES[parent]
    return mine is None or (theirs is not None and theirs <= mine)


def _scopes(parent: str | None, keep: bool) -> list[str | None]:
    """The scopes a child's restatement may have: binding at least `parent`'s units (`keep`), or fewer."""
    return [s for s in _SCOPES if _binds_as_many(s, parent) == keep and (s is not None or keep)]


@frozen
class PlanPair:
    """A parent plan and a child plan (`cấp trên`) that restates each of its targets, as `.plan` text.

    The child restates every target of the parent, as strict or stricter
    (a higher minimum, a lower maximum, every year for one year, a scope
    binding at least the same units), except the target at `loosened` (an
    index into both plans' targets), when not None, which it weakens in one
    way: a lower minimum or a higher maximum (`code` I301, I302), an
    exclusion the parent does not allow (I303), one year where the parent
    binds every year (I304), or a scope (`phạm vi`) binding fewer units (I308).
    Both plans declare units u1, u2 and a group g of both, which scopes name. `line` is that
    target's line in the child's text. `library()` reads both, as
    `parent.plan` and `child.plan`, for `planrules.check`.

    From `plan_pairs(deadlines=True)`, the parent also has tasks with one
    deadline each (III.1, III.2, …) and the child a task implementing each
    (`thực hiện: "1/KH-P" III.j`), due as early or earlier, or as often or
    more often; a `loosened` index past the targets is the task
    `loosened - len(targets)`, whose deadline the child makes later (I305:
    a later date or day, `thường xuyên`, an event, none) or less frequent
    (I306: a rarer rhythm, a one-off, `thường xuyên`, an event); `line` is
    its `thời hạn:` line (the task's first line when it has none).
    """

    parent: str
    child: str
    loosened: int | None = None
    code: str | None = None
    line: int | None = None

    def library(self) -> Library:
        plans = (syntax.parse(self.parent, source="parent.plan"), syntax.parse(self.child, source="child.plan"))
        return Library(plans, ("parent.plan", "child.plan"))


def _pair_quantity(kind: str, value: Fraction) -> str:
    if kind == "cap":
        return (f"{value.numerator}/{value.denominator}" if value.denominator > 1 else str(value.numerator)) + " ngày"
    return f"{value}%" if kind in ("share", "cut") else str(value)


def _pair_target(t: dict) -> str:
    name = t.get("metric") or t["name"] + (f"({t['category']})" if t["category"] else "")
    period = "" if t["period"] is None else " hằng năm" if t["period"] == "yearly" else f" trong năm {t['period']}"
    scope = f" phạm vi: {t['scope']}" if t.get("scope") is not None else ""
    return f"{name} {_WORDS[t['cmp']]} {_pair_quantity(t['kind'], t['value'])}{period}{scope}"


@st.composite
def _pair_targets(draw) -> list[dict]:
    """A parent's targets: distinct (metric, category, comparator), thresholds and periods that fit."""
    chosen = draw(st.lists(st.sampled_from(range(len(_PAIR_METRICS))), min_size=1, max_size=5, unique=True))
    out = []
    for i in chosen:
        name, category, kind, comparators = _PAIR_METRICS[i]
        if kind == "cap":
            value = Fraction(draw(st.integers(1, 6)), 2)
        elif kind == "count":
            value = Fraction(draw(st.integers(0, 400)))
        else:
            value = Fraction(draw(st.integers(0, 100)))
        out.append(dict(name=name, category=category, kind=kind, cmp=draw(st.sampled_from(comparators)),
                        value=value, period=draw(st.sampled_from([None, "yearly", 2026, 2027])),
                        scope=draw(st.sampled_from(list(_SCOPES)))))
    return out


def _can_move(t: dict, stricter: bool) -> bool:
    if _lower(t) == stricter:  # the threshold goes up
        return t["kind"] != "share" or t["value"] < 100
    return t["value"] > (Fraction(1, 2) if t["kind"] == "cap" else 0)


def _moved(draw, t: dict, stricter: bool) -> dict:
    up = _lower(t) == stricter
    value = t["value"]
    if t["kind"] == "cap":
        step = Fraction(draw(st.integers(1, 3)), 2)
        value = value + step if up else max(Fraction(1, 2), value - step)
    else:
        top = 100 - value if t["kind"] == "share" and up else (50 if up else value)
        step = draw(st.integers(1, max(1, int(top))))
        value = value + step if up else value - min(step, value)
    return {**t, "value": value}


def _loosenings(t: dict) -> list[str]:
    side = ">=" if _lower(t) else "<="
    out = [f"threshold{side}"] if _can_move(t, stricter=False) else []
    if t["cmp"] in _INCLUSIVE:
        out.append(f"inclusive{side}")
    if not isinstance(t["period"], int):
        out.append("period")
    if t["kind"] == "share":
        out.append("exclusion")
    if _scopes(t.get("scope"), keep=False):
        out.append("scope")
    return out


_PAIR_FIRST = _dt.date(2026, 3, 2)  # the day after the child's date: no deadline of a pair is over before it
_PAIR_LAST = _dt.date(2027, 12, 31)
_PAIR_EVENT = "chỉ_đạo"  # the event the child declares, for deadlines that wait for it


def _pair_day(day: _dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _quarter_end(year: int, quarter: int) -> _dt.date:
    return _dt.date(year + (quarter == 4), quarter * 3 % 12 + 1, 1) - _dt.timedelta(days=1)


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _by(day: _dt.date) -> dict:
    return dict(rank=0, last=day, text=f"đến ngày {_pair_day(day)}")


def _monthly(day: int) -> dict:
    return dict(rank=12, due=day - 1, text=f"trước ngày {day:02d} hằng tháng")


def _monthly_by(day: int) -> dict:  # inclusive: its last day is the day itself
    return dict(rank=12, due=day, text=f"đến ngày {day:02d} hằng tháng")


def _yearly_before(day: _dt.date) -> dict:  # `day` in 2024, a leap year: every dd/mm exists
    return dict(rank=1, due=day.toordinal() - 1, text=f"trước ngày {day.day:02d}/{day.month:02d} hằng năm")


_HALF_YEARLY = dict(rank=2, due=0, text="định kỳ 6 tháng")
_QUARTERLY = dict(rank=4, due=0, text="hằng quý")
_EACH_MONTH = dict(rank=12, due=31, text="hằng tháng")  # by the month's last day
_WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy")


def _weekly(day: int = 7) -> dict:  # by the ISO weekday `day` of each week, Monday 1 .. Sunday 7
    return dict(rank=52, due=day, text="hằng tuần" if day == 7 else f"đến {_WEEKDAYS[day - 1]} hằng tuần")


_WEEKLY = _weekly()
_EACH_YEAR = dict(rank=1, due=_dt.date(2024, 12, 31).toordinal(), text="hằng năm")
_YEAR_DAYS = (_dt.date(2024, 1, 2), _dt.date(2024, 12, 31))


@st.composite
def _pair_deadline(draw) -> dict:
    """A parent task's deadline: its text, how often it falls (`rank`), its last day or its day in the period."""
    kind = draw(st.sampled_from(("before", "by", "end_of_year", "quarter", "monthly", "yearly_before", "yearly",
                                 "half_yearly", "quarterly", "weekly", "in_month")))
    if kind == "before":
        day = draw(st.dates(_PAIR_FIRST + _dt.timedelta(days=1), _PAIR_LAST))
        return dict(rank=0, last=day - _dt.timedelta(days=1), text=f"trước ngày {_pair_day(day)}")
    if kind == "by":
        return _by(draw(st.dates(_PAIR_FIRST, _PAIR_LAST)))
    if kind == "end_of_year":
        year = draw(st.sampled_from((2026, 2027)))
        return dict(rank=0, last=_dt.date(year, 12, 31), text=f"cuối năm {year}")
    if kind == "in_month":
        year, month = draw(st.sampled_from((2026, 2027))), draw(st.integers(3, 12))
        last = _dt.date(year + (month == 12), month % 12 + 1, 1) - _dt.timedelta(days=1)
        return dict(rank=0, last=last, text=f"trong tháng {month}/{year}")
    if kind == "quarter":
        year, quarter = draw(st.sampled_from((2026, 2027))), draw(st.integers(1, 4))
        return dict(rank=0, last=_quarter_end(year, quarter), text=f"quý {_ROMAN[quarter]} {year}")
    if kind == "monthly":
        if draw(st.booleans()):
            return _EACH_MONTH
        return draw(st.sampled_from((_monthly, _monthly_by)))(draw(st.integers(2, 26)))
    if kind == "yearly_before":
        return _yearly_before(draw(st.dates(*_YEAR_DAYS)))
    if kind == "weekly":
        return _weekly(draw(st.integers(1, 7)))
    return {"yearly": _EACH_YEAR, "half_yearly": _HALF_YEARLY, "quarterly": _QUARTERLY}[kind]


def _more_often(draw, rank: int) -> dict:
    options = [lambda: _monthly(draw(st.integers(2, 28))), lambda: _weekly(draw(st.integers(1, 7)))]
    options += ([lambda: _HALF_YEARLY] if rank < 2 else []) + ([lambda: _QUARTERLY] if rank < 4 else [])
    return draw(st.sampled_from(options))()


@st.composite
def _tighter_deadline(draw, d: dict) -> dict:
    """`d` itself, an earlier deadline of its kind, or (recurring) a more frequent one."""
    how = draw(st.sampled_from(("same", "earlier", "more_often") if 1 <= d["rank"] < 12 else ("same", "earlier")))
    if how == "same":
        return d
    if d["rank"] == 0:
        return _by(draw(st.dates(_PAIR_FIRST, d["last"])))
    if how == "more_often":
        return _more_often(draw, d["rank"])
    if d["rank"] == 12:
        return _monthly(draw(st.integers(2, min(d["due"] + 1, 28))))
    if d["rank"] == 52:
        return _weekly(draw(st.integers(1, d["due"])))
    if d["rank"] == 1:
        latest = _dt.date.fromordinal(d["due"] + (0 if d is _EACH_YEAR else 1))
        return _yearly_before(draw(st.dates(_YEAR_DAYS[0], max(_YEAR_DAYS[0], latest))))
    return d  # half-yearly, quarterly: nothing earlier of its kind


_WAITING = ("sau khi " + _PAIR_EVENT, "quý II 2026 khi " + _PAIR_EVENT, "quý I 2027 khi " + _PAIR_EVENT)


@st.composite
def _looser_deadline(draw, d: dict) -> tuple[str | None, str]:
    """A deadline weaker than `d` in one way (None: no deadline at all), and the code it gives."""
    if d["rank"] == 0:
        how = draw(st.sampled_from(("none", "later", "ongoing", "event")))
        if how == "later":
            return _by(d["last"] + _dt.timedelta(days=draw(st.integers(1, 400))))["text"], "I305"
    else:
        hows = ["none", "rarer", "ongoing", "event"]
        if (d["rank"] == 12 and d["due"] < 27 or d["rank"] == 1 and d is not _EACH_YEAR
                or d["rank"] == 52 and d["due"] < 7):
            hows.append("later")
        how = draw(st.sampled_from(hows))
        if how == "later":
            if d["rank"] == 12:
                return _monthly(draw(st.integers(d["due"] + 2, 28)))["text"], "I305"
            if d["rank"] == 52:
                return _weekly(draw(st.integers(d["due"] + 1, 7)))["text"], "I305"
            latest = _dt.date.fromordinal(d["due"] + 1)
            if latest < _YEAR_DAYS[1] and draw(st.booleans()):
                return _yearly_before(draw(st.dates(latest + _dt.timedelta(days=1), _YEAR_DAYS[1])))["text"], "I305"
            return _EACH_YEAR["text"], "I305"  # by 31/12: after any earlier day of the year
        if how == "rarer":
            rarer = [lambda: _by(draw(st.dates(_PAIR_FIRST, _PAIR_LAST))),
                     lambda: dict(text=f"cuối năm {draw(st.sampled_from((2026, 2027)))}")]
            if d["rank"] >= 2:
                rarer += [lambda: _EACH_YEAR, lambda: _yearly_before(draw(st.dates(*_YEAR_DAYS)))]
            if d["rank"] > 2:
                rarer.append(lambda: _HALF_YEARLY)
            if d["rank"] > 4:
                rarer.append(lambda: _QUARTERLY)
            if d["rank"] > 12:
                rarer.append(lambda: _monthly(draw(st.integers(2, 28))))
            return draw(st.sampled_from(rarer))()["text"], "I306"
    if how == "none":
        return None, "I305"
    code = "I305" if d["rank"] == 0 else "I306"
    return ("thường xuyên" if how == "ongoing" else draw(st.sampled_from(_WAITING))), code


@lru_cache(maxsize=None)
def plan_pairs(loosen: bool = False, deadlines: bool = False) -> st.SearchStrategy[PlanPair]:
    """Parent and child plans on the prelude's metrics: the child keeps or tightens every target of the parent.

    With `loosen`, the child weakens exactly one of them (see `PlanPair`),
    so `planrules.check(pair.library())` gives exactly one error, of
    `pair.code`, at `child.plan:pair.line`; without, it gives no error.
    With `deadlines`, the parent has tasks with deadlines too, which the
    child implements (and may loosen one of).
    """

    @st.composite
    def build(draw) -> PlanPair:
        parent = draw(_pair_targets().filter(lambda ts: any(_loosenings(t) for t in ts)) if loosen and not deadlines
                      else _pair_targets())
        due = draw(st.lists(_pair_deadline(), min_size=1, max_size=3)) if deadlines else []
        child = []
        for t in parent:
            t = dict(t)
            if draw(st.booleans()) and _can_move(t, stricter=True):
                t = _moved(draw, t, True)
            if t["cmp"] in _STRICT and draw(st.booleans()):  # strict at the same number asks more
                t["cmp"] = _STRICT[t["cmp"]]
            if isinstance(t["period"], int) and draw(st.booleans()):
                t["period"] = draw(st.sampled_from([None, "yearly"]))  # every year covers one year
            t["scope"] = draw(st.sampled_from(_scopes(t["scope"], keep=True)))  # at least the parent's units
            child.append(t)
        kept: list[str | None] = [draw(_tighter_deadline(d))["text"] for d in due]
        index = code = None
        if loosen:
            index = draw(st.sampled_from([i for i, t in enumerate(parent) if _loosenings(t)]
                                         + [len(parent) + j for j in range(len(due))]))
        if index is not None and index >= len(parent):
            kept[index - len(parent)], code = draw(_looser_deadline(due[index - len(parent)]))
        elif index is not None:
            how = draw(st.sampled_from(_loosenings(parent[index])))
            t = dict(parent[index])
            if how.startswith("threshold"):
                t = _moved(draw, t, False)
            elif how.startswith("inclusive"):
                t["cmp"] = _INCLUSIVE[t["cmp"]]
            elif how == "period":
                t["period"] = draw(st.sampled_from([2026, 2027]))
            elif how == "scope":
                t["scope"] = draw(st.sampled_from(_scopes(t["scope"], keep=False)))
            else:
                t["metric"] = _SHARE_EXCLUDING[t["name"]]
            child[index] = t
            code = _LOOSENED[how]
        head = 'kế hoạch: "{}"\ntiêu đề: "{}"\nngày ban hành: 01/0{}/2026\n'
        parent_text = head.format("1/KH-P", "Kế hoạch cấp trên", 2) + _PAIR_UNITS + "".join(
            f"chỉ tiêu I.{i}: {_pair_target(t)}\n" for i, t in enumerate(parent, 1))
        parent_text += "".join(f"nhiệm vụ III.{j} {{\n    thời hạn: {d['text']}\n}}\n" for j, d in enumerate(due, 1))
        child_text = head.format("2/KH-C", "Kế hoạch cấp dưới", 3) + 'cấp trên: "1/KH-P"\n' + _PAIR_UNITS
        if deadlines:
            child_text += f'sự kiện {_PAIR_EVENT}: "Có chỉ đạo của cấp trên"\n'
        line = None
        for i, t in enumerate(child, 1):
            if i - 1 == index:
                line = child_text.count("\n") + 1
            child_text += f"chỉ tiêu II.{i}: {_pair_target(t)}\n"
        for j, text in enumerate(kept, 1):
            if index == len(parent) + j - 1:
                line = child_text.count("\n") + 1 + (2 if text is not None else 0)
            child_text += f'nhiệm vụ IV.{j} {{\n    thực hiện: "1/KH-P" III.{j}\n'
            child_text += (f"    thời hạn: {text}\n" if text is not None else "") + "}\n"
        return PlanPair(parent_text, child_text, index, code, line)

    return build()
