"""Located values: every reader of one value, shared by the TOML, CSV and table paths.

A reader takes a raw value (a TOML value, a CSV cell, a database cell) and the
name of its key, and returns the value read or raises `BadValue` with a code
(F1xx), a message key and its arguments; the caller knows where the value is
and turns the error into a located diagnostic. There is one number reader
(`read_number`, `read_integer`, `read_year`, with the digit limit), one text
reader (`read_text`, `read_name`: NFC, within its limit) and one date reader.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction

from ..base import dates
from ..base.diagnostics import Message
from ..base.suggest import closest
from ..language import model as m
from ..language.keywords import fold
from ..language.messages import LanguageMessage
from ..language.vocabulary import Vocabulary, bounded_change
from .limits import CSV_FIELD_LIMIT, MAX_DIGITS, MAX_NAME
from .messages import facts_message
from .model import FieldValue

__all__ = [
    "EXPECTED", "BadValue", "read_result", "Words", "check_digits", "check_value", "clip", "negative", "quoted", "read_bool", "read_category",
    "read_date", "read_days", "read_deadline", "read_decimal", "read_field", "read_integer", "read_name", "read_number",
    "read_percent", "read_period", "read_periods", "read_text", "read_year", "show_value", "show_where", "shown_found", "suggest", "too_long_text",
    "wrong_type",
]

Words = tuple[str, str]  # (English, Vietnamese)

EXPECTED: dict[str, Words] = {
    "date": ("a date (2026-03-02 or 02/03/2026)", "một ngày (2026-03-02 hoặc 02/03/2026)"),
    "bool": (
        'yes or no (true/false, "có"/"không", "x"/"")',
        'có hoặc không (true/false, "có"/"không", "x"/"")',
    ),
    "days": ('a number of days (1, "1/2", "0,5", 1.5)', 'số ngày (1, "1/2", "0,5", 1.5)'),
    "integer": ("a whole number ≥ 0", "một số nguyên ≥ 0"),
    "decimal": ('a decimal number (1.5, "1,5", -2, "1/3")', 'một số thập phân (1.5, "1,5", -2, "1/3")'),
    "percent": ('a percentage ("45,5%", 45.5: 45.5%)', 'một tỷ lệ phần trăm ("45,5%", 45.5: 45,5%)'),
    "year": ("a year (2026)", "một năm (2026)"),
    "text": ("text", "văn bản"),
    "name": ("a name (text)", "một tên (văn bản)"),
    "number": ('a number or a share ("96%", "24/25", "0,96")', 'một số hoặc tỷ lệ ("96%", "24/25", "0,96")'),
    "table": ("a table", "một bảng"),
    "tables": ("an array of tables", "một mảng các bảng"),
    "names": ('an array of names (["các_chi_bộ"])', 'một mảng các tên (["các_chi_bộ"])'),
    "id": ("an id (text)", "một mã (văn bản)"),
}


def quoted(name: object) -> str:
    return f'"{name}"'


def shown_found(value: object) -> str | Words:
    """How a message names a value that has the wrong type."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return ("a table", "một bảng")
    if isinstance(value, list):
        return ("an array", "một mảng")
    if isinstance(value, str):
        return quoted(clip(value, 40))
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return str(value)


def show_where(where: Sequence[tuple[str, FieldValue]]) -> str | Words:
    if not where:
        return ("no condition", "không điều kiện")
    return ", ".join(f"{k} = {show_value(v)}" for k, v in where)


def show_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    return quoted(value) if isinstance(value, str) else str(value)


# --------------------------------------------------------------- values --


class BadValue(Exception):
    """A value that cannot be read; the caller knows where it is (a TOML key, a CSV cell, a table's row)."""

    def __init__(self, code: str, message: str, hints: tuple[Message, ...] = (), /, **args: object):
        super().__init__(message)
        self.code, self.message, self.hints, self.args_ = code, message, hints, args


def wrong_type(key: str, expected: str, raw: object) -> BadValue:
    hints: tuple[Message, ...] = ()
    if expected == "date":
        hints = (facts_message("date_hint"),)
    return BadValue("F120", "wrong_type", hints, item=key, expected=EXPECTED[expected], found=shown_found(raw))


_NUMBER = re.compile(
    r"(?P<sign>[-+−]?)\s*(?:(?P<num>\d+)\s*/\s*(?P<den>\d+)|(?P<dec>\d+(?:[.,]\d+)?|[.,]\d+)|(?P<half>½))\s*(?P<pct>%)?"
)
_TRUE = frozenset({"true", "có", "co", "x", "1"})
_FALSE = frozenset({"false", "không", "khong", "", "0"})
_SPAN = re.compile(r"(\d{4})[ \t]*[-–][ \t]*(\d{4})")
_PERIOD = re.compile(r"(\d{4})(?:-(?:(\d{1,2})|[Hh]([12])|[Qq]([1-4])|[Ww](\d{1,2})))?")


def _check_year(year: int, key: str, text: str | None = None) -> int:
    if not 1900 <= year <= 2200:
        raise BadValue("F122", "year_outside", item=key, text=text if text is not None else str(year))
    return year


def read_date(raw: object, key: str = "date") -> _dt.date:
    """A date from a TOML date or the text "dd/mm/yyyy" / "yyyy-mm-dd" (`base.dates`, the one date reader)."""
    if isinstance(raw, _dt.datetime):
        raise BadValue("F120", "has_time", item=key, text=raw.isoformat())
    if isinstance(raw, _dt.date):
        _check_year(raw.year, key, raw.isoformat())
        return raw
    if not isinstance(raw, str):
        raise wrong_type(key, "date", raw)
    try:
        return dates.read_date(raw)
    except dates.NotDateForm:
        raise BadValue("F121", "bad_date", (facts_message("date_hint"),), item=key, text=quoted(raw)) from None
    except dates.NoSuchMonth as error:
        raise BadValue("F121", "date_no_month", item=key, text=error.text, month=error.month) from None
    except dates.YearOutside as error:
        raise BadValue("F122", "year_outside", item=key, text=error.text) from None
    except dates.NoSuchDay as error:
        raise BadValue("F121", "date_no_day", item=key, text=error.text, month=error.month, year=error.year,
                       days=error.days) from None


def read_bool(raw: object, key: str) -> bool:
    """True or false from a TOML bool or "có"/"không", "true"/"false", "x"/"", "1"/"0"."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise wrong_type(key, "bool", raw)


def clip(text: str, width: int = 16) -> str:
    """A value as a message quotes it: whole when at most `width` characters, else its start and "…".

    A bad value may be thousands of digits long (or a PostgreSQL NUMERIC of 130,000): every
    source quotes it through here, never in full."""
    return text if len(text) <= width else f"{text[:width - 4]}…"


def _too_long(key: str, text: str, digits: int) -> BadValue:
    return BadValue("F120", "number_too_long", item=key, text=clip(text), count=digits, limit=MAX_DIGITS)


def check_digits(raw: object, key: str) -> None:
    """Refuse a number of more than MAX_DIGITS digits (a run of digits, or the size of an exponent)."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        if abs(raw) >= 10**MAX_DIGITS:
            text = str(Decimal(raw))  # str() writes no int of more than 4300 digits; a Decimal has no limit
            raise _too_long(key, text, len(text.lstrip("-")))
    elif isinstance(raw, Decimal):
        if raw.is_finite():
            sign, digits, exponent = raw.as_tuple()
            if len(digits) > MAX_DIGITS or abs(raw.adjusted()) > MAX_DIGITS or abs(int(exponent)) > MAX_DIGITS:
                raise _too_long(key, str(raw), max(len(digits), abs(raw.adjusted())))
    elif isinstance(raw, str):
        longest = max((len(run) for run in re.findall(r"\d+", raw)), default=0)
        if longest > MAX_DIGITS:
            raise _too_long(key, raw.strip(), longest)


def read_number(raw: object, key: str, expected: str, *, percent: bool) -> tuple[Fraction, bool]:
    """An exact number and whether it was written with %; TOML floats arrive as Decimal."""
    if isinstance(raw, bool):
        raise wrong_type(key, expected, raw)
    check_digits(raw, key)
    if isinstance(raw, int):
        return Fraction(raw), False
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise wrong_type(key, expected, raw)
        return Fraction(raw), False
    if isinstance(raw, str):
        found = _NUMBER.fullmatch(raw.strip())
        if found and (percent or not found["pct"]):
            if found["half"]:
                value = Fraction(1, 2)
            elif found["num"] is not None:
                if int(found["den"]) == 0:
                    raise wrong_type(key, expected, raw)
                value = Fraction(int(found["num"]), int(found["den"]))
            else:
                value = Fraction(found["dec"].replace(",", "."))
            if found["sign"] in ("-", "−"):
                value = -value
            if found["pct"]:
                value /= 100
            return value, bool(found["pct"])
    raise wrong_type(key, expected, raw)


def check_value(vocabulary: Vocabulary, metric: str, value: Fraction, percent: bool, raw: object) -> None:
    """Raise `BadValue` for a reported value its metric cannot take: F133 for a per-record metric (caps need
    the records), F132 outside its range (a share below 0% or over 100%, a cut over 100%, a count that is
    not a whole number ≥ 0). `raw` is the value as given, quoted cut short. Every source checks here."""
    expr = vocabulary.expr(m.MetricName(metric))
    shown = clip(raw.strip() if isinstance(raw, str) else show_value(raw), 40)
    if isinstance(expr, m.EachRecord):
        raise BadValue("F133", "per_record_value", metric=quoted(metric))
    if isinstance(expr, m.ShareOf) and not 0 <= value <= 1:
        hints = (facts_message("percent_hint", text=shown),) if not percent and 1 < value <= 100 else ()
        raise BadValue("F132", "share_range", hints, metric=quoted(metric), value=shown)
    bounded = bounded_change(expr, vocabulary.metrics)  # of a count or a share: a sum's may pass them
    if isinstance(expr, m.CutVsPreviousYear) and bounded and value > 1:
        raise BadValue("F132", "cut_range", metric=quoted(metric), value=shown)
    if isinstance(expr, (m.Growth, m.AverageGrowth)) and bounded and value < -1:
        raise BadValue("F132", "growth_range", metric=quoted(metric), value=shown)
    if isinstance(expr, m.CountOf) and (percent or value < 0 or value.denominator != 1):
        raise BadValue("F132", "count_value", metric=quoted(metric), value=shown)


_DAY_WORDS = frozenset({"ngày", "ngay", "day", "days"})


def figure_value(vocabulary: Vocabulary, metric: str, value: Fraction, percent: bool, written: str | None,
                 raw: object) -> tuple[Fraction, str | None]:
    """A reported figure's value and unit (`Vocabulary.figure_unit`), or `BadValue` F135 when what the facts say
    of its unit disagrees with its metric's: a value with % or a `measured_in` unit another than declared. A
    figure in % is written with % ("21%"), or as a number of percent with `measured_in = "%"` (21); a plain
    number alone is refused there (is 0.21 21% or 0.21%?). `measured_in` is for reported figures only."""
    declared = vocabulary.figure_unit(metric)
    reported = isinstance(vocabulary.expr(m.MetricName(metric)), m.Reported)
    shown = clip(raw.strip() if isinstance(raw, str) else show_value(raw), 40)
    unit = None if written is None or not written.strip() else written.strip()
    if unit is not None and unit.casefold() in _DAY_WORDS:
        unit = "days"
    if not reported:
        if unit is not None:
            raise BadValue("F135", "unit_not_figure", metric=quoted(metric))
        return value, None
    declared_words = _unit_words(declared)
    if percent and declared != "%":
        raise BadValue("F135", "figure_unit", metric=quoted(metric), declared=declared_words, value=shown,
                       written=_unit_words("%"))
    if unit is not None and unit != declared:
        raise BadValue("F135", "figure_unit", metric=quoted(metric), declared=declared_words, value=shown,
                       written=_unit_words(unit))
    if declared == "%" and not percent:
        if unit != "%":
            raise BadValue("F135", "figure_needs_percent", metric=quoted(metric), value=shown)
        value /= 100  # a number of percent, as measured_in = "%" says
    return value, declared


def _unit_words(unit: str | None) -> tuple[str, str]:
    if unit is None:
        return "a plain number", "một số"
    if unit == "days":
        return "days", "ngày"
    return (f'"{unit}"',) * 2 if unit != "%" else ("%", "%")


def negative(key: str, text: str) -> BadValue:
    """F123: a number of days, a count or a whole number below 0 (`text`: the number as written)."""
    return BadValue("F123", "negative", item=key, text=text)


def read_days(raw: object, key: str) -> Fraction:
    """A number of days ≥ 0, exactly: 1, "1/2", "0,5", "1.5", "½" or a TOML float."""
    value, _ = read_number(raw, key, "days", percent=False)
    if value < 0:
        raise negative(key, show_value(raw) if isinstance(raw, str) else str(raw))
    return value


def read_decimal(raw: object, key: str) -> Fraction:
    """An exact decimal of either sign: 1.5, "1,5", "-2", "1/3" or a TOML float (read as written)."""
    value, _ = read_number(raw, key, "decimal", percent=False)
    return value


def read_percent(raw: object, key: str) -> Fraction:
    """A percentage, kept as the fraction: "45,5%", or a number of percent without the sign (45.5, "45,5")."""
    value, percent = read_number(raw, key, "percent", percent=True)
    return value if percent else value / 100


def read_integer(raw: object, key: str, *, text: bool, expected: str = "integer") -> int:
    """A whole number ≥ 0: a TOML integer (never a bool), or digits in a CSV cell."""
    check_digits(raw, key)
    if isinstance(raw, str) and text:
        word = raw.strip().replace("−", "-")
        if re.fullmatch(r"[-+]?\d+", word):
            raw = int(word)
        else:
            raise wrong_type(key, expected, raw)
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise wrong_type(key, expected, raw)
    if raw < 0:
        raise negative(key, str(raw))
    return raw


def read_year(raw: object, key: str, *, text: bool) -> int:
    check_digits(raw, key)
    if isinstance(raw, str) and text and re.fullmatch(r"\s*-?\d+\s*", raw):
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise wrong_type(key, "year", raw)
    return _check_year(raw, key)


_LONGEST = {"text": CSV_FIELD_LIMIT, "name": MAX_NAME}
_WHAT = {"text": ("a text", "một văn bản"), "name": ("a name", "một tên")}


def read_text(raw: object, key: str, expected: str = "text") -> str:
    """Text as every source reads it: a string, in NFC, at most `_LONGEST[expected]` characters.

    A TOML or CSV file is composed as a whole before it is read; a table's text is composed here,
    so "quán_triệt" typed decomposed (NFD) in a Parquet file is the plan's "quán_triệt". A text is
    measured once composed; one of more than four times the limit is refused before it is composed
    (composing shortens a text at most fourfold), so a 1 GB cell costs no more than a short one."""
    if not isinstance(raw, str):
        hints = (LanguageMessage.of("hint_quote"),)  # the words a plan gets for text without quotes
        raise BadValue("F120", "wrong_type", hints, item=key, expected=EXPECTED[expected], found=shown_found(raw))
    limit = _LONGEST[expected]
    text = raw if raw.isascii() or len(raw) > 4 * limit else unicodedata.normalize("NFC", raw)  # ASCII is NFC
    if len(text) > limit:
        raise too_long_text(key, text, expected)
    return text


def too_long_text(key: str, text: str, expected: str = "text") -> BadValue:
    """F120 for a text longer than `expected` may be: its start quoted (a source passes the start alone)."""
    return BadValue("F120", "text_too_long", item=key, text=quoted(clip(text[:41], 40)), limit=_LONGEST[expected],
                    what=_WHAT[expected])


def read_name(raw: object, key: str) -> str:
    """A name (a unit, an id, a kind, a task …): text of at most `MAX_NAME` characters, trimmed, not blank."""
    name = read_text(raw, key, "name").strip()
    if not name:
        raise wrong_type(key, "name", raw)
    return name


# A register's `change`, as written (English, Vietnamese, ASCII-folded) -> the word `model.CHANGES` keeps
_CHANGE_WORDS = {"merged": "merged", "sáp_nhập": "merged", "renamed": "renamed", "đổi_tên": "renamed",
                 "succeeded": "succeeded", "kế_thừa": "succeeded"}
_CHANGES = {fold(k).lower(): v for k, v in _CHANGE_WORDS.items()} | {k: v for k, v in _CHANGE_WORDS.items()}


def read_change(raw: object, key: str = "change") -> str:
    """A register's `change`: merged, renamed or succeeded (sáp_nhập, đổi_tên, kế_thừa); F158 otherwise."""
    word = read_name(raw, key)
    found = _CHANGES.get(fold(word).lower().replace(" ", "_").replace("-", "_"))
    if found is None:
        raise BadValue("F158", "bad_change", suggest(word, _CHANGE_WORDS), item=key, text=quoted(word))
    return found


# An assessment's result as written (Vietnamese, ASCII-folded, English) -> met
_RESULTS = {"đạt": True, "không đạt": False, "met": True, "not met": False}
_RESULT_WORDS = {fold(k): v for k, v in _RESULTS.items()} | _RESULTS


def read_result(raw: object, key: str = "result") -> bool:
    """An assessment's result: `đạt` / `không đạt` (`met` / `not met`, any case); F127 otherwise."""
    word = " ".join(read_name(raw, key).lower().split())
    found = _RESULT_WORDS.get(word, _RESULT_WORDS.get(fold(word)))
    if found is None:
        raise BadValue("F127", "bad_result", suggest(word, ["đạt", "không đạt", "met", "not met"]), item=key,
                       text=quoted(word))
    return found


def read_registered(raw: object, key: str) -> object:
    """A value a register says of a unit (`model.REGISTER_FIELDS`): `since` a date (`read_date`), `change` a
    word (`read_change`), every other a name."""
    if key == "since":
        return read_date(raw, key)
    if key == "change":
        return read_change(raw, key)
    return read_name(raw, key)


def suggest(word: str, candidates: Iterable[str]) -> tuple[Message, ...]:
    """'did you mean' (when something is close) and the accepted names."""
    names = list(dict.fromkeys(candidates))
    hints: list[Message] = []
    loose = {fold(c).lower().replace("-", "_").replace(" ", "_"): c for c in names}
    key = fold(word).strip().lower().replace("-", "_").replace(" ", "_")
    close = loose[key] if key in loose else closest(word, names)
    if close is None and (near := closest(key, list(loose))) is not None:
        close = loose[near]
    if close is not None and close != word:
        hints.append(facts_message("did_you_mean", name=quoted(close)))
    if names:
        hints.append(facts_message("accepted", names=", ".join(names)))
    return tuple(hints)


def read_category(raw: object, decl: m.FieldDecl) -> str:
    """A category of field `decl`: a name, one of those it declares (F113 otherwise)."""
    name = read_text(raw, decl.name, "name").strip()
    names = [c.name for c in decl.categories]
    if name not in names:
        raise BadValue("F113", "unknown_category", suggest(name, names), field=decl.name, name=quoted(name))
    return name


def read_field(decl: m.FieldDecl, raw: object, *, text: bool) -> FieldValue:
    """The value of field `decl` from a TOML value or (text=True) a CSV cell."""
    kind = decl.type
    if kind is m.FieldType.DATE:
        return read_date(raw, decl.name)
    if kind is m.FieldType.BOOL:
        return read_bool(raw, decl.name)
    if kind is m.FieldType.INTEGER:
        return read_integer(raw, decl.name, text=text)
    if kind is m.FieldType.DAYS:
        return read_days(raw, decl.name)
    if kind is m.FieldType.DECIMAL:
        return read_decimal(raw, decl.name)
    if kind is m.FieldType.PERCENT:
        return read_percent(raw, decl.name)
    if kind is m.FieldType.CATEGORY:
        return read_category(raw, decl)
    if kind is m.FieldType.UNIT:
        return read_name(raw, decl.name)
    return read_text(raw, decl.name).strip() if text else read_text(raw, decl.name)


def read_period(raw: object) -> str:
    """A delivery's period, normalised: "2026", "2026-05", "2026-H1", "2026-Q4", "2026-W14", a span "2025-2026",
    "once" or an ISO date."""
    if isinstance(raw, bool):
        raise BadValue("F124", "bad_period", text=shown_found(raw))
    if isinstance(raw, int):
        raw = str(raw)
    if isinstance(raw, _dt.date) and not isinstance(raw, _dt.datetime):
        return read_date(raw, "period").isoformat()
    if not isinstance(raw, str):
        raise BadValue("F124", "bad_period", text=shown_found(raw))
    text = raw.strip()
    if text.lower() == "once":
        return "once"
    try:
        return dates.read_date(text).isoformat()
    except dates.NotDateForm:
        pass  # not a date: a period of its own form
    except dates.NotADate:
        raise BadValue("F124", "bad_period", text=quoted(raw)) from None
    span = _SPAN.fullmatch(text)
    if span is not None:  # `giai đoạn 2025-2026`: one period for several years
        if not 1900 <= int(span[1]) < int(span[2]) <= 2200:
            raise BadValue("F124", "bad_period", text=quoted(raw))
        return f"{span[1]}-{span[2]}"
    found = _PERIOD.fullmatch(text)
    if not found or not 1900 <= int(found[1]) <= 2200:
        raise BadValue("F124", "bad_period", text=quoted(raw))
    year, month, half, quarter, week = found.groups()
    if month is not None:
        if not 1 <= int(month) <= 12:
            raise BadValue("F124", "bad_period", text=quoted(raw))
        return f"{year}-{int(month):02d}"
    if half is not None:
        return f"{year}-H{half}"
    if quarter is not None:
        return f"{year}-Q{quarter}"
    if week is not None:
        if not 1 <= int(week) <= 53:
            raise BadValue("F124", "bad_period", text=quoted(raw))
        return f"{year}-W{int(week):02d}"
    return year


def read_periods(raw: object) -> tuple[str, ...]:
    """The periods one delivery answers at once (a December report that is also the Q4, H2 and annual one):
    a TOML array of periods, or a text of periods separated by `;` (a CSV cell, a table's `period`
    column); each read as `read_period`, none twice, at least one."""
    if isinstance(raw, str):
        items: list = [part for part in raw.split(";")]
        if len(items) > 1 and any(not part.strip() for part in items):
            raise BadValue("F124", "bad_periods", text=quoted(raw))
    elif isinstance(raw, list):
        items = raw
    else:
        raise BadValue("F124", "bad_periods", text=shown_found(raw))
    if not items:
        raise BadValue("F124", "bad_periods", text=shown_found(raw))
    out = tuple(read_period(item) for item in items)
    if len(set(out)) != len(out):
        twice = next(p for p in out if out.count(p) > 1)
        raise BadValue("F124", "period_twice", period=quoted(twice))
    return out


def read_deadline(raw: object, *, text: bool) -> str:
    """Which deadline of a task: its label, or its 1-based position (kept as "1", "2", ...)."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        if raw >= 1:
            return str(raw)
    elif isinstance(raw, str) and raw.strip():
        if raw.strip().isdecimal():
            check_digits(raw.strip(), "deadline")  # a position of 5,000 digits is a number too long
        word = read_name(raw, "deadline")  # a label: a name, its limit
        if not word.isdecimal():  # "²" is a digit, but not a number int() reads: a label
            return word
        if int(word) >= 1:
            return str(int(word))
    raise BadValue("F125", "bad_deadline", found=shown_found(raw))

