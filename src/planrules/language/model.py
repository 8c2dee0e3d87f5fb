"""The plan model: what a `.plan` file says, as frozen values.

`syntax.parse` produces these from text; `printer.format` turns them back into
text; every later stage (resolution, inheritance, compilation, evaluation)
reads them. Names (of units, record kinds, metrics, events, parent plans)
are kept as written: resolving them is a later stage's job, so a model can
hold a reference to something that does not exist and the lint can say so.

Conventions:
- every class is `@frozen` (immutable, hashable); sequences are tuples;
- `span` (the place in the `.plan` file) is left out of equality and repr,
  so the same plan saved in NFD, or reformatted, compares equal;
- `source` (a `SourceRef`) is the place in the *seed document* the clause
  encodes, and is part of equality: it is content, not layout;
- quantities are exact (`fractions.Fraction`), never floats.
"""

from __future__ import annotations

import datetime as _dt
from enum import Enum
from fractions import Fraction
from typing import Union

from attrs import field, frozen

from ..base.source import Span, span_field
from .keywords import spelling

__all__ = [
    "HEADER_FIELDS", "Address", "AfterEvent", "AnyOf", "AtDatePeriod", "AverageGrowth", "Change", "Basis", "BasisKind", "Category", "Comment", "Comparator", "WhenNone",
    "CountOf", "Cumulative", "CutVsPreviousYear", "DataWindow", "EachHalfYear", "EachMonth", "EachQuarter", "EachWeek", "EachRecord", "EachYear", "EachYearPeriod", "EndOfYear",
    "Event", "FieldComments", "FieldCompares", "FieldDecl", "FieldEquals", "FieldIn", "FieldNotEquals", "FieldType", "FlagIsSet", "FlagNotSet", "Growth", "InMonth", "InQuarter",
    "LeadMode", "Metric", "MetricName", "MonthlyBefore", "OnDate", "Ongoing", "Paragraph", "Plan",
    "PlanStatus", "Quantity", "QuantityUnit", "RatioOf", "RecordExtension", "RecordKind", "Relation", "Reported", "SIMPLE_TESTS", "Section", "ShareOf", "SourceRef",
    "SumOf", "Term", "Scope", "SpanPeriod", "Target", "Task", "TaskRef", "AssessedTarget", "TasksCompleted", "Unit",
    "UnitKind", "WithinAfterEvent", "WithinOfIssue", "YearPeriod", "YearlyBefore",
    "condition_fields", "condition_tests",
]

# --------------------------------------------------------------- places --


@frozen
class SourceRef:
    """A place in the seed document a clause encodes: lines `first`..`last`.

    `document` is the seed's file name; None means the plan's own
    `source text` (văn bản gốc).
    """

    first: int
    last: int
    document: str | None = None

    def __str__(self) -> str:
        where = f"{self.first}" if self.first == self.last else f"{self.first}-{self.last}"
        return f"{self.document}:{where}" if self.document else where


# ---------------------------------------------------------- vocabulary --


class QuantityUnit(str, Enum):
    NONE = ""
    PERCENT = "%"
    DAYS = "days"
    POINTS = "points"  # percentage points: the change of a share (`5 điểm %`)


class FieldType(str, Enum):
    """The type of a field of a record kind."""

    DATE = "date"
    BOOL = "bool"
    INTEGER = "integer"
    DAYS = "days"
    DECIMAL = "decimal"  # an exact decimal number, of either sign
    PERCENT = "percent"  # a percentage, kept as the fraction (45,5% is 91/200)
    TEXT = "text"
    UNIT = "unit"
    CATEGORY = "category"


@frozen
class Category:
    """One value of a category field, e.g. the conference type `quán_triệt`."""

    name: str
    label: str | None = None


@frozen
class FieldDecl:
    """A field of a record kind; `categories` only for `FieldType.CATEGORY`."""

    name: str
    type: FieldType
    label: str | None = None
    categories: tuple[Category, ...] = ()
    span: Span | None = span_field()


@frozen
class RecordKind:
    """A kind of fact record (a conference, a document sent, a dossier, ...)."""

    name: str
    label: str | None
    fields: tuple[FieldDecl, ...]
    span: Span | None = span_field()


@frozen
class RecordExtension:
    """`bổ sung bản ghi K { … }`: `fields` added to the record kind `kind`, declared before (in the prelude,
    a vocabulary file, or earlier in the same file). A record without an added field lacks it."""

    kind: str
    fields: tuple[FieldDecl, ...]
    span: Span | None = span_field()


@frozen
class FlagIsSet:
    """Condition: the boolean field `field` is true (`có trực_tuyến`)."""

    field: str


@frozen
class FlagNotSet:
    """Condition: the boolean field `field` is false (`không mật`)."""

    field: str


@frozen
class FieldEquals:
    """Condition: the category field `field` has the value `value`."""

    field: str
    value: str


@frozen
class FieldNotEquals:
    """Condition: the category field `field` has another value than `value` (`loại ≠ quán_triệt`)."""

    field: str
    value: str


@frozen
class FieldIn:
    """Condition: the category field `field` has one of `values` (`loại thuộc (a, b)`)."""

    field: str
    values: tuple[str, ...]


class Relation(str, Enum):
    """How a number field compares with a number in a condition."""

    MORE_THAN = ">"
    AT_LEAST = ">="
    LESS_THAN = "<"
    AT_MOST = "<="
    EQUAL = "="
    NOT_EQUAL = "!="


@frozen
class FieldCompares:
    """Condition: the number field `field` compares with `quantity` (`tốc_độ > 1`, `phủ_sóng >= 50%`).

    The quantity is in the field's unit: a plain number, a percentage (`phần trăm`), days (`số ngày`)."""

    field: str
    relation: Relation
    quantity: "Quantity"


@frozen
class AnyOf:
    """Condition: at least one of `options` holds, each a conjunction (`A hoặc B và C`: A, or B and C)."""

    options: tuple[tuple["Test", ...], ...]


Test = Union[FlagIsSet, FlagNotSet, FieldEquals, FieldNotEquals, FieldIn, FieldCompares, AnyOf]
Condition = tuple[Test, ...]  # a conjunction ("và" / "and"); "hoặc" / "or" is an `AnyOf` in it
SIMPLE_TESTS = (FlagIsSet, FlagNotSet, FieldEquals)  # a conjunction of these is (field, value) pairs


def condition_fields(tests: Condition) -> frozenset[str]:
    """Every field a condition reads."""
    found: set[str] = set()
    for test in tests:
        if isinstance(test, AnyOf):
            for option in test.options:
                found |= condition_fields(option)
        else:
            found.add(test.field)
    return frozenset(found)


def condition_tests(tests: Condition):
    """Every test of a condition but the `AnyOf`s, those inside them included, in order."""
    for test in tests:
        if isinstance(test, AnyOf):
            for option in test.options:
                yield from condition_tests(option)
        else:
            yield test


@frozen
class CountOf:
    """Number of records of `kind` meeting `where` (all of them when empty) and not `excluding`
    (`số lượng K có A trừ B`; nothing excluded when empty)."""

    kind: str
    where: Condition = ()
    excluding: Condition = ()


@frozen
class ShareOf:
    """Ratio target: records meeting `where` over all records of `kind`.

    Records meeting `excluding` leave both numerator and denominator
    (the "trừ văn bản mật" of the e-document target).
    """

    kind: str
    where: Condition
    excluding: Condition = ()


@frozen
class MetricName:
    """A reference, by name, to a metric declared elsewhere."""

    name: str


@frozen
class CutVsPreviousYear:
    """Change-vs-baseline target: (last year - this year) / last year of a count or a sum (`mức giảm X so với
    năm trước`); of a share or a ratio, the fall in percentage points; of a reported figure by name, in points
    when it is in %, else a percentage. `year`: a fixed base year (`so với năm 2020`) instead of the previous
    year."""

    base: Union[CountOf, ShareOf, SumOf, RatioOf, MetricName]
    year: int | None = None


@frozen
class Growth:
    """Growth vs a baseline (`mức tăng X so với năm trước` / `growth in X vs previous year`): (this year -
    last year) / last year of a count or a sum; of a share or a ratio, the rise in percentage points; of a
    reported figure by name, in points when it is in %, else a percentage. `year`: a fixed base year (`so với
    năm 2020`) instead of the previous year."""

    base: Union[CountOf, ShareOf, SumOf, RatioOf, MetricName]
    year: int | None = None


@frozen
class AverageGrowth:
    """Average yearly growth of a count, a sum or a reported figure not in % over its target's span (`tăng
    trưởng bình quân X` / `average growth in X`, with `giai đoạn 2021-2025`): from the year before the span to
    its last year, n years."""

    base: Union[CountOf, SumOf, MetricName]


@frozen
class EachRecord:
    """Per-event cap: the value of `field` on each record of `kind`, by `by`."""

    field: str
    kind: str
    by: str | None = None


@frozen
class TasksCompleted:
    """A measure over the plan's own verdicts (`tỷ lệ nhiệm vụ hoàn thành [đúng hạn]`): of a unit's task-deadline
    occurrences due in the period, the share delivered — on time when `on_time`."""

    on_time: bool = False


@frozen
class SumOf:
    """The total of the number field `field` over the records of `kind` meeting `where` (`tổng giải_ngân của
    dự_án`): a sum of amounts, in the field's unit."""

    field: str
    kind: str
    where: Condition = ()


@frozen
class Reported:
    """A figure a body reports rather than one counted from records (`số liệu báo cáo`): a share of GDP, an
    index, a ranking. `unit` is what it is measured in (`tính bằng %`, `tính bằng ngày`); `label` a named unit
    (`tính bằng "Tbps"`), whose thresholds are plain numbers (`unit` NONE); neither: a plain number."""

    unit: QuantityUnit = QuantityUnit.NONE
    label: str | None = None


Term = Union[CountOf, SumOf, MetricName]  # what a ratio divides: a count, a sum, or a metric by name


@frozen
class RatioOf:
    """`numerator` over `denominator` (`tỷ số A trên B`), each a count, a sum or a metric's name (a reported
    figure among them): a percentage that may pass 100% (a money-weighted share is a ratio of two sums)."""

    numerator: Term
    denominator: Term


MetricExpr = Union[CountOf, ShareOf, CutVsPreviousYear, Growth, AverageGrowth, EachRecord, TasksCompleted, SumOf,
                   Reported, RatioOf]
Change = (CutVsPreviousYear, Growth, AverageGrowth)  # the metrics measured against a baseline year


@frozen
class Metric:
    """A named metric over fact records, declared in `.plan` source."""

    name: str
    label: str | None
    expr: MetricExpr
    span: Span | None = span_field()


# ------------------------------------------------------------- identity --


class PlanStatus(str, Enum):
    COMPLETE = "complete"
    PARTIAL = "partial"  # e.g. a parent known only through what children quote


class BasisKind(str, Enum):
    BASIS = "basis"  # Căn cứ
    IMPLEMENTS = "implements"  # Thực hiện


@frozen
class Basis:
    """A document the plan rests on (căn cứ) or implements (thực hiện)."""

    kind: BasisKind
    number: str
    description: str
    date: _dt.date | None = None
    source: SourceRef | None = None
    span: Span | None = span_field()


class UnitKind(str, Enum):
    UNIT = "unit"  # an organisation: đơn vị, chi bộ, phòng
    ROLE = "role"  # a position in every unit: Bí thư chi bộ, người đứng đầu
    GROUP = "group"  # several units: "Các chi bộ", "Các cơ quan, đơn vị"


@frozen
class Unit:
    """A unit the plan assigns work to.

    A group lists its members, or is `all_units`, or is every unit of some
    `levels` of the register's hierarchy (`= cấp xã`: the communes; `= cấp bộ,
    tỉnh`: "các bộ, ngành, địa phương"; within the plan's `territory` when it
    has one), or (none of these) names a set of
    units the text does not enumerate, such as "Các chi bộ": an open group,
    which a register or the facts fill (`member_of`).
    """

    name: str
    label: str
    kind: UnitKind = UnitKind.UNIT
    members: tuple[str, ...] = ()
    all_units: bool = False
    levels: tuple[str, ...] = ()
    source: SourceRef | None = None
    span: Span | None = span_field()


@frozen
class Event:
    """Something that may happen and trigger a deadline ("chỉ đạo của tỉnh")."""

    name: str
    label: str
    source: SourceRef | None = None
    span: Span | None = span_field()


# ------------------------------------------------------------ deadlines --


@frozen(kw_only=True)
class _Deadline:
    """What every deadline has: a label, a source reference, and `hard` — a hard cut-off
    (`không gia hạn` / `no extension`) whose last day does not move off a day off."""

    label: str | None = None
    source: SourceRef | None = None
    hard: bool = False
    span: Span | None = span_field()


@frozen(kw_only=True)
class OnDate(_Deadline):
    """`trước ngày D` (inclusive=False) or `đến ngày D` (inclusive=True).

    With `trigger`, a conditional date (`đến ngày 30/06/2026 nếu E`): it applies only once the event
    has happened; then due on the date, or with `after_days` (`nếu E trong vòng 20 ngày`, `working`
    for working days) on the later of the date and that many days after the event.
    """

    date: _dt.date
    inclusive: bool = False
    trigger: str | None = None
    after_days: int | None = None
    working: bool = False


@frozen(kw_only=True)
class MonthlyBefore(_Deadline):
    """Day `day` of each month: strictly before it (`trước ngày 25 hằng tháng`), or by it inclusive
    (`đến ngày 25 hằng tháng`, inclusive=True)."""

    day: int
    inclusive: bool = False


@frozen(kw_only=True)
class YearlyBefore(_Deadline):
    """`day`/`month` of each year: strictly before it (`trước ngày 05/6 hằng năm`), or by it inclusive
    (`đến ngày 05/6 hằng năm`, inclusive=True)."""

    day: int
    month: int
    inclusive: bool = False


@frozen(kw_only=True)
class EachYear(_Deadline):
    """`Hằng năm`: once a year, by the end of the year. `ongoing`: written `hằng năm và thường xuyên`, one
    duty carried on through the year and answered by its yearly report (judged as `hằng năm`)."""

    ongoing: bool = False


@frozen(kw_only=True)
class EachHalfYear(_Deadline):
    """`Định kỳ 6 tháng`: once in each half of the year, by its end (30/6, 31/12)."""


@frozen(kw_only=True)
class EachMonth(_Deadline):
    """`Hằng tháng`: once in each month, by its last day."""


@frozen(kw_only=True)
class EachQuarter(_Deadline):
    """`Hằng quý`: once in each quarter of the year, by its last day (31/3, 30/6, 30/9, 31/12)."""


@frozen(kw_only=True)
class EachWeek(_Deadline):
    """`Hằng tuần`: once in each week (Monday to Sunday, ISO 8601), by its day `day` inclusive.

    `day` is the ISO weekday, 1 (Monday, thứ Hai) to 7 (Sunday, Chủ nhật, the default):
    `đến thứ Sáu hằng tuần` is day 5.
    """

    day: int = 7


@frozen(kw_only=True)
class Ongoing(_Deadline):
    """`Thường xuyên`: no due date; judged by reports, never late."""


@frozen(kw_only=True)
class EndOfYear(_Deadline):
    """`Cuối năm 2026`: by 31 December of `year`. With `first`, a span (`giai đoạn 2025-2026`): one
    occurrence for the years `first` to `year`, due at the end of the last."""

    year: int
    first: int | None = None


@frozen(kw_only=True)
class InMonth(_Deadline):
    """`Trong tháng 6/2025`: within that month, by its last day (30/06/2025)."""

    year: int
    month: int


@frozen(kw_only=True)
class InQuarter(_Deadline):
    """`Quý IV [2026] [khi <event>]`: within a quarter, once `trigger` happened."""

    quarter: int
    year: int | None = None
    trigger: str | None = None


@frozen(kw_only=True)
class AfterEvent(_Deadline):
    """`Sau khi <event>`: due once the event happens; not applicable before."""

    event: str


@frozen(kw_only=True)
class WithinAfterEvent(_Deadline):
    """`Trong vòng 20 ngày sau khi <event>`: due `days` days after each day the event happens
    (inclusive); working days (`ngày làm việc`) when `working`."""

    days: int
    event: str
    working: bool = False


@frozen(kw_only=True)
class WithinOfIssue(_Deadline):
    """`Trong vòng 30 ngày kể từ ngày ban hành`: due `days` days after the plan's date of issue (a duty a plan
    gives "within 30 days of this plan": a child plan to issue, a report); working days when `working`."""

    days: int
    working: bool = False


Deadline = Union[
    OnDate, MonthlyBefore, YearlyBefore, EachYear, EachHalfYear, EachQuarter, EachMonth, EachWeek, Ongoing, EndOfYear,
    InMonth, InQuarter, AfterEvent, WithinAfterEvent, WithinOfIssue,
]


# --------------------------------------------------------------- targets --


class Comparator(str, Enum):
    """How a measured value is judged against a target's threshold; what each means is `bounds`'s."""

    AT_LEAST = ">="
    AT_MOST = "<="
    MORE_THAN = ">"
    LESS_THAN = "<"
    BETWEEN = "between"  # `từ 40 đến 50`: from the threshold to `Target.upper`, both included


class WhenNone(str, Enum):
    """What a target says when there is nothing to measure (a share of no records, a cap on none, a cut
    from 0 to 0): `nếu không phát sinh: đạt` / `không áp dụng`."""

    MET = "met"
    NOT_APPLICABLE = "not_applicable"


@frozen
class Quantity:
    """An exact number with its unit: 60%, ½ day, 1,5 days, 30."""

    value: Fraction
    unit: QuantityUnit = QuantityUnit.NONE

    @property
    def fraction(self) -> Fraction:
        """The value as a plain number: 60% -> 3/5."""
        return self.value / 100 if self.unit in (QuantityUnit.PERCENT, QuantityUnit.POINTS) else self.value


@frozen
class EachYearPeriod:
    """The target applies to every calendar year (`hằng năm`), up to `until` when given (`đến năm 2030`),
    judged each year on the day `by` (day, month) when given (`đến ngày 15/12`), else on 31 December."""

    until: int | None = None
    by: tuple[int, int] | None = None


@frozen
class YearPeriod:
    """The target applies to one calendar year (`trong năm 2026`)."""

    year: int


@frozen
class AtDatePeriod:
    """The target is judged at one date (`đến ngày 30/11/2026`): the state on that day,
    counting the records of its year dated up to it."""

    date: _dt.date

    @property
    def year(self) -> int:
        return self.date.year


@frozen
class SpanPeriod:
    """The target applies to a span of years as one period (`giai đoạn 2025-2026`): measured over all of it,
    judged once, at the end of `last`."""

    first: int
    last: int

    @property
    def year(self) -> int:
        return self.last


Period = Union[EachYearPeriod, YearPeriod, AtDatePeriod, SpanPeriod]


@frozen
class DataWindow:
    """Each year's data run from a day of the year before to the day before it (`số liệu từ ngày 15/12 năm
    trước đến ngày 14/12`): the reporting year 2026 is 15/12/2025–14/12/2026. `start` and `end` are
    (day, month); the end is the day before the start, so every day belongs to one reporting year."""

    start: tuple[int, int]
    end: tuple[int, int]


@frozen
class Cumulative:
    """A running total (`lũy kế` / `cumulative`): the target is on everything counted from a start up to
    each judged year (or date), not on that year's level. The start is a year (`từ năm 2024`), a day
    (`từ ngày 01/07/2025`) or, with neither, the plan's first year (from its effective date)."""

    since_year: int | None = None
    since: _dt.date | None = None

    @property
    def start(self) -> _dt.date | None:
        """The first day counted, as the text states it (None: the plan's own start)."""
        if self.since is not None:
            return self.since
        return _dt.date(self.since_year, 1, 1) if self.since_year is not None else None


@frozen
class Scope:
    """Who a target binds, as the plan writes it (`phạm vi:` / `scope:`): the units and groups named,
    or, with none named, the plan's whole territory (`toàn địa bàn` / `whole territory`).

    A target without one binds as it always has: its task's leads, or every unit outside a task.
    """

    names: tuple[str, ...] = ()

    @property
    def whole_territory(self) -> bool:
        return not self.names


@frozen
class Target:
    """A measurable target: `metric [ (category) ] comparator quantity [period]`.

    `metric` is a name declared in a vocabulary or an inline expression;
    what kind of target it is (ratio, cut vs the previous year, share with
    an exclusion, per-event cap) follows from the metric's expression.
    `category` restricts a per-record cap to one category (a conference type).
    `scope` is who it binds when the text says (None: as the default, see `Scope`);
    `monitored_by` the units or groups that monitor and report it, judged on nothing by it.
    """

    metric: Union[MetricName, MetricExpr]
    comparator: Comparator
    threshold: Quantity
    category: str | None = None
    period: Period | None = None
    address: "Address | None" = None
    source: SourceRef | None = None
    span: Span | None = span_field()
    scope: Scope | None = field(default=None, kw_only=True)
    monitored_by: tuple[str, ...] = field(default=(), kw_only=True)
    cumulative: Cumulative | None = field(default=None, kw_only=True)  # `lũy kế`: a running total, not a level
    data_window: DataWindow | None = field(default=None, kw_only=True)  # each year's data, when not the calendar's
    upper: Quantity | None = field(default=None, kw_only=True)  # `từ 40 đến 50`: the upper end (Comparator.BETWEEN)
    when_none: WhenNone | None = field(default=None, kw_only=True)  # `nếu không phát sinh: …`; None: not applicable


@frozen
class AssessedTarget:
    """A text target judged by a reported assessment (`chỉ tiêu II.2: "Hình thành nền tảng số" đánh giá bởi:
    bộ_kh_cn hằng năm`): met or not met as one of `assessors` reports it, for each year of `period`.

    Nothing is measured: the facts carry the assessment (unit judged, the target's address, year, result,
    assessor, date). `scope` and `monitored_by` are as a `Target`'s.
    """

    text: str
    assessors: tuple[str, ...]
    period: Period | None = None
    address: "Address | None" = None
    source: SourceRef | None = None
    span: Span | None = span_field()
    scope: Scope | None = field(default=None, kw_only=True)
    monitored_by: tuple[str, ...] = field(default=(), kw_only=True)


AnyTarget = Union[Target, AssessedTarget]


# ----------------------------------------------------- sections and tasks --


@frozen
class Address:
    """Where a clause sits in its document, as a value: two clauses are at the same place when equal.

    One of:
    - a section path of any depth, kept as written (canonical: Roman numeral,
      then numbers and lower-case letters after dots, "-N" for a dash item):
      `path="II.2.2.a"`, `path="II.5-1"`;
    - a table row of any depth: `row=11, sub=(1,)` is TT 11.1;
    - an article, its clause and its point, or a tail of these: `article=3,
      clause=2, point="a"` (Điều 3 khoản 2 điểm a), `clause=2`; `item=N` is
      the N-th dash item under it;
    - the unnumbered preamble (`preamble=True`, maybe with `item`);
    and any but the preamble may sit inside an appendix (`appendix="I"`, its
    number as written: Roman or a whole number), or be the appendix itself
    (only `appendix`).

    `str()` is the canonical Vietnamese spelling ("Phụ lục I TT 11.1",
    "Điều 3 khoản 2"), which is also valid `.plan` syntax and, being
    one-to-one, the key by which plans find each other's clauses.
    """

    path: str | None = None
    row: int | None = None
    sub: tuple[int, ...] = ()
    appendix: str | None = None
    article: int | None = None
    clause: int | None = None
    point: str | None = None
    preamble: bool = False
    item: int | None = None

    def __str__(self) -> str:
        return self.written(_vietnamese)

    def written(self, word) -> str:
        """The address with its keywords spelt by `word(terminal)` ("KW_ROW" -> "TT" or "row")."""
        parts: list[str] = []
        if self.appendix is not None:
            parts.append(f"{word('KW_APPENDIX')} {self.appendix}")
        if self.preamble:
            parts.append(word("KW_PREAMBLE"))
        if self.path is not None:
            parts.append(self.path)
        if self.row is not None:
            parts.append(f"{word('KW_ROW')} {'.'.join(map(str, (self.row, *self.sub)))}")
        if self.article is not None:
            parts.append(f"{word('KW_ARTICLE')} {self.article}")
        if self.clause is not None:
            parts.append(f"{word('KW_CLAUSE')} {self.clause}")
        if self.point is not None:
            parts.append(f"{word('KW_POINT')} {self.point}")
        return " ".join(parts) + (f"-{self.item}" if self.item is not None else "")


def _vietnamese(terminal: str) -> str:
    return spelling(terminal, "vi")


@frozen
class Section:
    """A heading of the plan (I, II.4, ...) with its title."""

    address: Address
    title: str
    source: SourceRef | None = None
    span: Span | None = span_field()


@frozen
class Paragraph:
    """Text of a section that assigns no one (purposes, requirements)."""

    address: Address
    text: str
    source: SourceRef | None = None
    span: Span | None = span_field()


@frozen
class TaskRef:
    """A task of another plan, by plan number and address."""

    plan: str
    address: Address


class LeadMode(str, Enum):
    """How several leads owe a task's deliverable, as the task states it (`chủ trì: a, b chung`)."""

    JOINT = "joint"  # chung / jointly: one delivery by any lead answers it for all (one product)
    EACH = "each"  # mỗi đơn vị / each: every lead owes its own


@frozen
class Task:
    """A task: content, lead(s), collaborators, deliverable, deadline(s).

    The model keeps what the text says, including several leads (Vũ Dương
    rows 5 and 8) and whether their deliverable is joint or owed by each
    (`lead_mode`, None when the text does not say: `joint` reads it). A task
    without targets is a qualitative duty, judged by its deliverable.
    """

    address: Address
    content: str | None = None
    leads: tuple[str, ...] = ()
    collaborators: tuple[str, ...] = ()
    deliverable: str | None = None
    deadlines: tuple[Deadline, ...] = ()
    reports_to: tuple[str, ...] = ()
    implements: tuple[TaskRef, ...] = ()
    targets: tuple[AnyTarget, ...] = ()
    source: SourceRef | None = None
    span: Span | None = span_field()
    lead_mode: LeadMode | None = field(default=None, kw_only=True)  # as written; None: not stated

    @property
    def is_qualitative(self) -> bool:
        return not self.targets

    @property
    def joint(self) -> bool:
        """Is the deliverable one product of several leads? Stated, or by default when several are named.

        Which of the leads share it (the units, not a group, whose members
        each owe their own) is the compiler's business: it knows the units.
        """
        return len(self.leads) > 1 and self.lead_mode is not LeadMode.EACH


@frozen
class Comment:
    """A `#` comment line, kept so that `planrules fmt` does not lose it.

    `detached` records a blank line after it (a file's heading comment), which
    the formatter keeps; it is layout, so equality ignores it.
    """

    text: str
    detached: bool = field(default=False, eq=False)
    span: Span | None = span_field()


# The identity header's fields (`Plan` attributes), in the order the formatter writes them.
HEADER_FIELDS = ("number", "title", "issuer", "place", "territory", "date", "effective", "until", "signer", "signer_title", "recipients",
                 "source_text", "status", "parents")


@frozen
class FieldComments:
    """The comments written above (or at the end of) one header field, which the formatter keeps above it.

    `field` is the `Plan` attribute the header line sets ("title", "parents").
    """

    field: str
    comments: tuple[Comment, ...]


Declaration = Union[Basis, Unit, Event, RecordKind, RecordExtension, Metric]
Clause = Union[Section, Paragraph, Task, Target, AssessedTarget]
Statement = Union[Declaration, Clause, Comment]


# ------------------------------------------------------------------ plan --


@frozen
class Plan:
    """One `.plan` file: a plan's identity and its statements in file order.

    `preamble` holds the comments above the first statement (a file's heading),
    which the formatter keeps above the identity header; `header_comments` those
    above a header field, in the order the formatter writes the fields.

    A file without a `kế hoạch` number is a vocabulary (like the prelude):
    record kinds and metrics only.

    Validity: `date` is the signing date (ngày ban hành); `effective`
    (hiệu lực từ), when given, the day the plan takes effect, which may be
    later or earlier; `until` (hiệu lực đến) its last day in force. Nothing
    is judged outside them (`valid_from`, `until`).
    """

    number: str | None = None
    title: str | None = None
    issuer: str | None = None
    place: str | None = None
    territory: str | None = None  # địa bàn: the register unit the plan governs (a province's code, say)
    date: _dt.date | None = None
    effective: _dt.date | None = None
    until: _dt.date | None = None
    signer: str | None = None
    signer_title: str | None = None
    recipients: tuple[str, ...] = ()
    source_text: str | None = None
    status: PlanStatus = PlanStatus.COMPLETE
    parents: tuple[str, ...] = ()
    preamble: tuple[Comment, ...] = ()
    header_comments: tuple[FieldComments, ...] = ()
    body: tuple[Statement, ...] = ()
    language: str = field(default="vi", eq=False)
    span: Span | None = span_field()
    # where each header field was written (`HEADER_FIELDS` names), for a finding about its value
    header_spans: tuple[tuple[str, Span], ...] = field(default=(), eq=False, repr=False, kw_only=True)

    def header_span(self, name: str) -> Span | None:
        """The place of header field `name` ("territory", "date" …) in the plan's text, or None."""
        return next((span for field_name, span in self.header_spans if field_name == name), None)

    def _of(self, cls):
        return tuple(s for s in self.body if isinstance(s, cls))

    @property
    def bases(self) -> tuple[Basis, ...]:
        return self._of(Basis)

    @property
    def units(self) -> tuple[Unit, ...]:
        return self._of(Unit)

    @property
    def events(self) -> tuple[Event, ...]:
        return self._of(Event)

    @property
    def record_kinds(self) -> tuple[RecordKind, ...]:
        return self._of(RecordKind)

    @property
    def record_extensions(self) -> tuple[RecordExtension, ...]:
        return self._of(RecordExtension)

    @property
    def metrics(self) -> tuple[Metric, ...]:
        return self._of(Metric)

    @property
    def sections(self) -> tuple[Section, ...]:
        return self._of(Section)

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return self._of(Paragraph)

    @property
    def tasks(self) -> tuple[Task, ...]:
        return self._of(Task)

    @property
    def targets(self) -> tuple[AnyTarget, ...]:
        """Every target, measured or assessed: those standing alone and those inside tasks."""
        found: list[AnyTarget] = []
        for statement in self.body:
            if isinstance(statement, (Target, AssessedTarget)):
                found.append(statement)
            elif isinstance(statement, Task):
                found.extend(statement.targets)
        return tuple(found)

    @property
    def valid_from(self) -> _dt.date | None:
        """The first day the plan is in force: its effective date, or else its date."""
        return self.effective if self.effective is not None else self.date

    @property
    def is_vocabulary(self) -> bool:
        return self.number is None

    def find_task(self, address: "Address | str") -> Task | None:
        """The first task at `address` (an `Address`, or its canonical text "II.4.b", "TT 3"), or None."""
        return next((t for t in self.tasks if (t.address if isinstance(address, Address) else str(t.address)) == address),
                    None)
