"""Reading facts from TOML and CSV files, and validating them against the vocabulary.

`load_facts(*paths)` reads `.toml` files, `.csv` files (one table a file) and
folders of them, checks every fact against the vocabulary in force (record
kinds, their fields and categories, metrics), checks the facts against each
other (duplicates, counts that contradict each other, facts outside the
declared period) and returns one frozen `facts.Facts`. On any problem it
raises one `FactsError` listing every problem of every file, each with a code
(F1xx), its place (file, line, column) and the offending line; nothing is
returned from invalid facts.

Text is read as strict UTF-8 and NFC-normalised before anything else, so a
file saved decomposed (NFD) reads exactly like its composed copy.

TOML only allows ASCII in bare keys: `"ngày" = ...` and `[units."vp_hđnd_ubnd"]`
are TOML, `ngày = ...` is not. A facts file must be TOML that any TOML tool
reads, so a bare Vietnamese key is an error (F107) that shows the quoted
spelling. `_TomlScan` finds such keys, and records where each key and table
is, for the diagnostics and `Origin`s; the rest of the file is still read
(with those keys quoted) so that every other problem is listed in the same
run. docs/facts.md is the format reference.
"""

from __future__ import annotations

import csv
import datetime as _dt
import difflib
import os
import re
import tomllib
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from attrs import evolve

from ..language import model as m
from ..base.diagnostics import MAX_FINDINGS_PER_CODE, Diagnostic, FactsError, Message, Severity
from .model import Count, Delivery, Facts, FieldValue, Happened, Origin, Record, ReportedValue, UnitFacts
from ..language.keywords import fold
from ..base.files import Refused, missing, read_file, walk
from ..base.source import Span, normalize, paused_gc
from ..language.vocabulary import Vocabulary

__all__ = [
    "CODES",
    "CSV_TABLES",
    "FACTS_MESSAGES",
    "BadValue",
    "FactsMessage",
    "SUFFIXES",
    "check_value",
    "clip",
    "load_facts",
    "loads_facts",
    "read_category",
    "read_integer",
    "read_name",
    "read_number",
    "read_text",
    "read_year",
    "too_long_text",
]

SUFFIXES = (".toml", ".csv")

# Limits on hostile input (docs/architecture.md, "Hostile input and limits"). Each is refused
# with a located error naming it, never a RecursionError, a hang or memory running out.
# Reading costs about 3 KB of memory per record or row, so a facts file may be at most
# MAX_FACTS_BYTES and a CSV table at most MAX_CSV_ROWS data rows (report counts, not
# records, for registers larger than that). TOML nests at most MAX_DEPTH levels (tables,
# arrays, dotted keys); a facts file needs six.
MAX_FACTS_BYTES = 16 * 2**20
MAX_CSV_ROWS = 200_000
# A TOML facts file may hold at most MAX_TOML_ENTRIES entries: keys given a value, table
# headers and array elements (a record of four fields is five). Counted by the scanner that
# runs before tomllib, so a file with more is refused having cost one quick pass, before
# tomllib builds it (a million records: 370 MB) or a record is read. At the bound, the worst
# file (half a million unknown keys, each an error) costs 760 MB and 14 s; a file of records, 300 MB.
MAX_TOML_ENTRIES = 500_000
MAX_DEPTH = 32
# The most digits a number may have, before or after its point or in its exponent: more is
# no count or share anyone reports, and reading 1e999999999 exactly would never end.
MAX_DIGITS = 100
# The largest CSV cell read (the csv module's own default is 128 KiB): a text field of a
# record may hold a whole document.
CSV_FIELD_LIMIT = MAX_FACTS_BYTES
# The longest name (a unit, an id, a kind, a metric, a category, a task, an event, a group, an
# attribute's value), in characters of its NFC text: names are what reports and messages carry.
# A text field may hold a document: it is bounded by what a CSV cell holds (CSV_FIELD_LIMIT).
MAX_NAME = 1000

# Every diagnostic code the loader gives, and what it means (docs/facts.md lists them too).
CODES: dict[str, str] = {
    "F100": "not valid TOML or CSV (a syntax error, or a TOML key given twice)",
    "F101": "a path cannot be read: missing, not .toml or .csv, an empty folder, no path at all, or too large",
    "F102": "a file is not UTF-8 text",
    "F103": "unknown key or CSV column (a typo?)",
    "F104": "a required key, column or cell is missing",
    "F105": "unknown CSV table (the file's name)",
    "F106": "CSV layout: no header line, a column given twice, data in a column without a name",
    "F107": "a bare TOML key with letters TOML does not allow unquoted (ngày = ...): quote it",
    "F110": "unknown record kind",
    "F111": "unknown field of a record kind",
    "F112": "unknown metric",
    "F113": "unknown category of a category field",
    "F120": "wrong type (not a date, not yes/no, not a number of days, a bool for a number...)",
    "F121": "not a date, or an impossible date (31/02/2026)",
    "F122": "a year outside 1900-2200",
    "F123": "a negative number (days, a count, an integer field)",
    "F124": "a delivery's period is malformed",
    "F125": "a delivery's deadline is neither a label nor a position ≥ 1",
    "F130": "a count's condition names a field that is neither yes/no nor a category",
    "F131": "a count with conditions is larger than a count with fewer of them (online > total)",
    "F132": "a value outside its metric's range (a share over 100%, a count that is not whole...)",
    "F133": "a value reported for a per-record metric (it needs the records)",
    "F134": "records and counts of the same kind, for the same unit and year",
    "F140": "two records of a unit and kind with the same id",
    "F141": "two identical records without ids",
    "F142": "the same count given twice (unit, kind, year, conditions)",
    "F143": "the same value given twice (unit, metric, year)",
    "F144": "a unit listed twice in a units table",
    "F145": "the same event on the same date given twice",
    "F146": "a unit given two different values of one attribute (tỉnh = ...) by two files",
    "F150": "a dated fact outside the period of the facts",
    "F151": "the period of the facts ends before it starts",
    "F152": "files declare different periods",
}

# key -> (English, Vietnamese). Arguments are str.format fields; names arrive quoted.
FACTS_MESSAGES: dict[str, tuple[str, str]] = {
    # reading
    "no_paths": ("no facts files given", "chưa chỉ ra tệp số liệu nào"),
    "attribute_clash": (
        "unit {unit} has {name} = {second} here but {name} = {first} at {place}",
        "đơn vị {unit} có {name} = {second} ở đây nhưng {name} = {first} tại {place}",
    ),
    "mapping_needs_source": (
        "--mapping names a database's tables: give a database source (.duckdb, a Parquet folder, postgresql://…)",
        "--mapping dùng cho bảng của cơ sở dữ liệu: hãy chỉ ra nguồn cơ sở dữ liệu (.duckdb, thư mục Parquet, "
        "postgresql://…)",
    ),
    "source_alone": (
        "{path} is a database source: give it alone, without other facts files",
        "{path} là nguồn cơ sở dữ liệu: chỉ dùng riêng nó, không kèm tệp số liệu khác",
    ),
    "source_table": (
        "{path} is a database source: its tables are named by their record kinds, not by --table",
        "{path} là nguồn cơ sở dữ liệu: các bảng mang tên loại bản ghi, không dùng --table",
    ),
    "no_driver": (
        "{path}: reading {what} needs the {module} package: pip install 'planrules[sql]'",
        "{path}: đọc {what} cần gói {module}: pip install 'planrules[sql]'",
    ),
    "unreadable": ("cannot read {path}: {reason}", "không đọc được {path}: {reason}"),
    "not_facts_file": (
        "{path} is not a facts file: use .toml or .csv",
        "{path} không phải tệp số liệu: dùng tệp .toml hoặc .csv",
    ),
    "no_files": ("no facts files (.toml, .csv) in {path}", "không có tệp số liệu (.toml, .csv) nào trong {path}"),
    "not_utf8": ("{path} is not UTF-8 text (byte {offset})", "{path} không phải văn bản UTF-8 (byte {offset})"),
    "too_large": (
        "{path} is larger than {limit} bytes, the most a facts file may be",
        "{path} lớn hơn {limit} byte, mức tối đa của một tệp số liệu",
    ),
    "too_many_rows": (
        "table {table} has more than {limit} rows, the most a CSV table may have",
        "bảng {table} có hơn {limit} dòng, mức tối đa của một bảng CSV",
    ),
    "too_many_entries": (
        "{path} has more than {limit} entries (keys, tables and array elements), the most a TOML facts file "
        "may have",
        "{path} có hơn {limit} mục (khóa, bảng và phần tử mảng), mức tối đa của một tệp số liệu TOML",
    ),
    "split_hint": (
        "split it into several files, or give large registers as CSV tables (up to {rows} rows each) or "
        "a database source (docs/sql.md)",
        "hãy tách thành nhiều tệp, hoặc đưa các sổ lớn vào bảng CSV (tối đa {rows} dòng mỗi bảng) hoặc "
        "nguồn cơ sở dữ liệu (docs/sql.md)",
    ),
    "too_deep": (
        "nesting deeper than {limit} levels (tables, arrays and dotted keys)",
        "lồng nhau quá {limit} cấp (bảng, mảng và khóa có dấu chấm)",
    ),
    "toml_syntax": ("not valid TOML: {reason}", "không phải TOML hợp lệ: {reason}"),
    "bare_key": (
        "TOML allows only ASCII letters, digits, _ and - in a bare key: write {name} in quotes, \"{name}\"",
        "TOML chỉ cho phép chữ ASCII, chữ số, _ và - trong khóa không có ngoặc kép: viết {name} trong ngoặc kép, \"{name}\"",
    ),
    "toml_duplicate": (
        "{item} is given twice (first at line {first})",
        "{item} được khai báo hai lần (lần đầu ở dòng {first})",
    ),
    "csv_syntax": ("not valid CSV: {reason}", "không phải CSV hợp lệ: {reason}"),
    "csv_empty": ("the CSV file has no header line", "tệp CSV không có dòng tiêu đề"),
    # structure
    "unknown_key": ("unknown key {item} in {table}", "{table} không có khóa {item}"),
    "unknown_column": ("unknown column {item} in table {table}", "bảng {table} không có cột {item}"),
    "missing_key": ("{table} needs {item}", "{table} thiếu {item}"),
    "missing_column": ("table {table} needs a column {item}", "bảng {table} thiếu cột {item}"),
    "missing_cell": ("row {row} of table {table} has no {item}", "dòng {row} của bảng {table} thiếu {item}"),
    "unknown_table": ("unknown table {name}", "không có bảng {name}"),
    "duplicate_column": ("column {item} is given twice", "cột {item} xuất hiện hai lần"),
    "unnamed_column": (
        "a column without a name holds {text}",
        "một cột không có tên chứa {text}",
    ),
    # vocabulary
    "unknown_kind": ("unknown record kind {name}", "loại bản ghi {name} chưa được khai báo"),
    "unknown_field": ("record kind {kind} has no field {name}", "loại bản ghi {kind} không có trường {name}"),
    "unknown_metric": ("unknown metric {name}", "chỉ số {name} chưa được khai báo"),
    "unknown_category": ("{field} has no category {name}", "trường {field} không có giá trị {name}"),
    # values
    "wrong_type": ("{item}: expected {expected}, found {found}", "{item}: cần {expected}, nhưng là {found}"),
    "has_time": (
        "{item}: {text} has a time of day; write the date only",
        "{item}: {text} có cả giờ; chỉ ghi ngày",
    ),
    "bad_date": ("{item}: {text} is not a date", "{item}: {text} không phải là ngày"),
    "bad_month": (
        "{item}: {text} is not a date: there is no month {month}",
        "{item}: {text} không phải là ngày hợp lệ: không có tháng {month}",
    ),
    "bad_day": (
        "{item}: {text} is not a date: month {month}/{year} has {days} days",
        "{item}: {text} không phải là ngày hợp lệ: tháng {month}/{year} chỉ có {days} ngày",
    ),
    "bad_year": (
        "{item}: {text} is not a year between 1900 and 2200",
        "{item}: {text} không phải là năm hợp lệ (1900-2200)",
    ),
    "negative": ("{item}: {text} is negative", "{item}: {text} là số âm"),
    "too_many_digits": (
        "{item}: {text} has {count} digits, more than the {limit} a number may have",
        "{item}: {text} có {count} chữ số, nhiều hơn mức tối đa {limit} chữ số của một số",
    ),
    "text_too_long": (
        "{item}: {text} is longer than the {limit} characters {what} may have",
        "{item}: {text} dài hơn mức tối đa {limit} ký tự của {what}",
    ),
    "bad_period": (
        'period: {text} is not a period ("2026", "2026-05", "2026-H1", "2026-Q4", "once" or a date)',
        'period: {text} không phải là kỳ ("2026", "2026-05", "2026-H1", "2026-Q4", "once" hoặc một ngày)',
    ),
    "bad_deadline": (
        "deadline: expected a deadline's label or its position (1, 2, ...), found {found}",
        "deadline: cần nhãn của thời hạn hoặc số thứ tự của nó (1, 2, ...), nhưng là {found}",
    ),
    "not_condition": (
        "{kind}.{field} is neither a yes/no nor a category field, so it cannot be a condition",
        "{kind}.{field} không phải trường có/không hay trường phân loại nên không thể làm điều kiện",
    ),
    "share_range": (
        "{metric} is a share: {value} is not between 0% and 100%",
        "{metric} là tỷ lệ: {value} không nằm trong khoảng 0% - 100%",
    ),
    "cut_range": ("{metric} is a cut: {value} is more than 100%", "{metric} là mức giảm: {value} vượt quá 100%"),
    "count_value": (
        "{metric} is a count: {value} is not a whole number ≥ 0",
        "{metric} là số lượng: {value} không phải số nguyên ≥ 0",
    ),
    "per_record_value": (
        "{metric} is a value of each record: report the records, not a value",
        "{metric} là giá trị của từng bản ghi: hãy báo cáo các bản ghi, không phải một giá trị",
    ),
    # facts against each other
    "count_exceeds": (
        "{count} {kind} in {year} with {where} is more than the {total} with {other}",
        "{count} {kind} năm {year} ({where}) nhiều hơn số {total} ({other})",
    ),
    "records_and_counts": (
        "unit {unit} gives both records and counts of {kind} for {year}: give one of them",
        "đơn vị {unit} báo cáo cả bản ghi lẫn số lượng {kind} năm {year}: chỉ báo cáo một cách",
    ),
    "duplicate_id": (
        "{kind} {id} of unit {unit} is given twice",
        "{kind} {id} của đơn vị {unit} được khai báo hai lần",
    ),
    "duplicate_record": (
        "the same {kind} of unit {unit} is given twice",
        "cùng một {kind} của đơn vị {unit} được khai báo hai lần",
    ),
    "duplicate_count": (
        "the count of {kind} in {year} with {where} of unit {unit} is given twice",
        "số lượng {kind} năm {year} có {where} của đơn vị {unit} được khai báo hai lần",
    ),
    "duplicate_value": (
        "the value of {metric} in {year} of unit {unit} is given twice",
        "giá trị {metric} năm {year} của đơn vị {unit} được khai báo hai lần",
    ),
    "duplicate_unit": ("unit {unit} is listed twice", "đơn vị {unit} được liệt kê hai lần"),
    "duplicate_event": (
        "event {event} on {date} is given twice",
        "sự kiện {event} ngày {date} được khai báo hai lần",
    ),
    "outside_period": (
        "{what} {value} lies outside the period of the facts, {start} to {end}",
        "{what} {value} nằm ngoài kỳ số liệu, từ {start} đến {end}",
    ),
    "period_order": ("period: {start} is after {end}", "period: {start} sau {end}"),
    "period_conflict": (
        "period {start} to {end} differs from {other_start} to {other_end} given in {other}",
        "kỳ số liệu {start} đến {end} khác với {other_start} đến {other_end} trong {other}",
    ),
    # hints
    "did_you_mean": ("did you mean {name}?", "có phải ý bạn là {name}?"),
    "accepted": ("accepted: {names}", "chấp nhận: {names}"),
    "first_at": ("first given at {place}", "lần đầu ở {place}"),
    "other_count_at": ("the other count is at {place}", "số lượng kia ở {place}"),
    "records_at": ("records at {place}", "bản ghi ở {place}"),
    "give_ids": ("give each record an id (id = ...) if both are real", "nếu cả hai đều có thật, hãy ghi id cho mỗi bản ghi"),
    "percent_hint": ("a share is written with %: did you mean {text}%?", "tỷ lệ viết kèm %: có phải là {text}%?"),
    "quote_hint": ('put text in double quotes: "…"', 'đặt văn bản trong dấu ngoặc kép: "…"'),
    "date_hint": (
        "write dates as 2026-03-02 or 02/03/2026",
        "viết ngày theo dạng 2026-03-02 hoặc 02/03/2026",
    ),
}


class FactsMessage(Message):
    """A message about facts: a key of `FACTS_MESSAGES` and its arguments."""

    catalogue = FACTS_MESSAGES


# ---------------------------------------------------------------- words --

_W = tuple[str, str]  # (English, Vietnamese)

_EXPECT: dict[str, _W] = {
    "date": ("a date (2026-03-02 or 02/03/2026)", "một ngày (2026-03-02 hoặc 02/03/2026)"),
    "bool": (
        'yes or no (true/false, "có"/"không", "x"/"")',
        'có hoặc không (true/false, "có"/"không", "x"/"")',
    ),
    "days": ('a number of days (1, "1/2", "0,5", 1.5)', 'số ngày (1, "1/2", "0,5", 1.5)'),
    "integer": ("a whole number ≥ 0", "một số nguyên ≥ 0"),
    "year": ("a year (2026)", "một năm (2026)"),
    "text": ("text", "văn bản"),
    "name": ("a name (text)", "một tên (văn bản)"),
    "number": ('a number or a share ("96%", "24/25", "0,96")', 'một số hoặc tỷ lệ ("96%", "24/25", "0,96")'),
    "table": ("a table", "một bảng"),
    "tables": ("an array of tables", "một mảng các bảng"),
    "names": ('an array of names (["các_chi_bộ"])', 'một mảng các tên (["các_chi_bộ"])'),
    "id": ("an id (text)", "một mã (văn bản)"),
}


def _q(name: object) -> str:
    return f'"{name}"'


def _found(value: object) -> str | _W:
    """How a message names a value that has the wrong type."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return ("a table", "một bảng")
    if isinstance(value, list):
        return ("an array", "một mảng")
    if isinstance(value, str):
        return _q(clip(value, 40))
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return str(value)


def _show_where(where: Sequence[tuple[str, FieldValue]]) -> str | _W:
    if not where:
        return ("no condition", "không điều kiện")
    return ", ".join(f"{k} = {_show_value(v)}" for k, v in where)


def _show_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    return _q(value) if isinstance(value, str) else str(value)


# --------------------------------------------------------------- values --


class BadValue(Exception):
    """A value that cannot be read; the caller knows where it is (a TOML key, a CSV cell, a table's row)."""

    def __init__(self, code: str, message: str, hints: tuple[Message, ...] = (), /, **args: object):
        super().__init__(message)
        self.code, self.message, self.hints, self.args_ = code, message, hints, args


def _wrong(key: str, expected: str, raw: object) -> BadValue:
    hints: tuple[Message, ...] = ()
    if expected == "date":
        hints = (FactsMessage.of("date_hint"),)
    return BadValue("F120", "wrong_type", hints, item=key, expected=_EXPECT[expected], found=_found(raw))


_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMBER = re.compile(
    r"(?P<sign>[-+−]?)\s*(?:(?P<num>\d+)\s*/\s*(?P<den>\d+)|(?P<dec>\d+(?:[.,]\d+)?|[.,]\d+)|(?P<half>½))\s*(?P<pct>%)?"
)
_TRUE = frozenset({"true", "có", "co", "x", "1"})
_FALSE = frozenset({"false", "không", "khong", "", "0"})
_PERIOD = re.compile(r"(\d{4})(?:-(?:(\d{1,2})|[Hh]([12])|[Qq]([1-4])))?")


def _check_year(year: int, key: str, text: str | None = None) -> int:
    if not 1900 <= year <= 2200:
        raise BadValue("F122", "bad_year", item=key, text=text if text is not None else str(year))
    return year


def _make_date(year: int, month: int, day: int, key: str, text: str) -> _dt.date:
    if not 1 <= month <= 12:
        raise BadValue("F121", "bad_month", item=key, text=text, month=month)
    _check_year(year, key, text)
    try:
        return _dt.date(year, month, day)
    except ValueError:
        days = (_dt.date(year + month // 12, month % 12 + 1, 1) - _dt.date(year, month, 1)).days
        raise BadValue("F121", "bad_day", item=key, text=text, month=month, year=year, days=days) from None


def _read_date(raw: object, key: str = "date") -> _dt.date:
    """A date from a TOML date or the text "dd/mm/yyyy" / "yyyy-mm-dd"."""
    if isinstance(raw, _dt.datetime):
        raise BadValue("F120", "has_time", item=key, text=raw.isoformat())
    if isinstance(raw, _dt.date):
        _check_year(raw.year, key, raw.isoformat())
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        if found := _DMY.fullmatch(text):
            day, month, year = (int(x) for x in found.groups())
            return _make_date(year, month, day, key, text)
        if found := _YMD.fullmatch(text):
            year, month, day = (int(x) for x in found.groups())
            return _make_date(year, month, day, key, text)
        raise BadValue("F121", "bad_date", (FactsMessage.of("date_hint"),), item=key, text=_q(raw))
    raise _wrong(key, "date", raw)


def _read_bool(raw: object, key: str) -> bool:
    """True or false from a TOML bool or "có"/"không", "true"/"false", "x"/"", "1"/"0"."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise _wrong(key, "bool", raw)


def clip(text: str, width: int = 16) -> str:
    """A value as a message quotes it: whole when at most `width` characters, else its start and "…".

    A bad value may be thousands of digits long (or a PostgreSQL NUMERIC of 130,000): every
    source quotes it through here, never in full."""
    return text if len(text) <= width else f"{text[:width - 4]}…"


def _too_long(key: str, text: str, digits: int) -> BadValue:
    return BadValue("F120", "too_many_digits", item=key, text=clip(text), count=digits, limit=MAX_DIGITS)


def _check_digits(raw: object, key: str) -> None:
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
        raise _wrong(key, expected, raw)
    _check_digits(raw, key)
    if isinstance(raw, int):
        return Fraction(raw), False
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise _wrong(key, expected, raw)
        return Fraction(raw), False
    if isinstance(raw, str):
        found = _NUMBER.fullmatch(raw.strip())
        if found and (percent or not found["pct"]):
            if found["half"]:
                value = Fraction(1, 2)
            elif found["num"] is not None:
                if int(found["den"]) == 0:
                    raise _wrong(key, expected, raw)
                value = Fraction(int(found["num"]), int(found["den"]))
            else:
                value = Fraction(found["dec"].replace(",", "."))
            if found["sign"] in ("-", "−"):
                value = -value
            if found["pct"]:
                value /= 100
            return value, bool(found["pct"])
    raise _wrong(key, expected, raw)


def check_value(vocabulary: Vocabulary, metric: str, value: Fraction, percent: bool, raw: object) -> None:
    """Raise `BadValue` for a reported value its metric cannot take: F133 for a per-record metric (caps need
    the records), F132 outside its range (a share below 0% or over 100%, a cut over 100%, a count that is
    not a whole number ≥ 0). `raw` is the value as given, quoted cut short. Every source checks here."""
    expr = vocabulary.expr(m.MetricName(metric))
    shown = clip(raw.strip() if isinstance(raw, str) else _show_value(raw), 40)
    if isinstance(expr, m.EachRecord):
        raise BadValue("F133", "per_record_value", metric=_q(metric))
    if isinstance(expr, m.ShareOf) and not 0 <= value <= 1:
        hints = (FactsMessage.of("percent_hint", text=shown),) if not percent and 1 < value <= 100 else ()
        raise BadValue("F132", "share_range", hints, metric=_q(metric), value=shown)
    if isinstance(expr, m.CutVsPreviousYear) and value > 1:
        raise BadValue("F132", "cut_range", metric=_q(metric), value=shown)
    if isinstance(expr, m.CountOf) and (percent or value < 0 or value.denominator != 1):
        raise BadValue("F132", "count_value", metric=_q(metric), value=shown)


def _read_days(raw: object, key: str) -> Fraction:
    """A number of days ≥ 0, exactly: 1, "1/2", "0,5", "1.5", "½" or a TOML float."""
    value, _ = read_number(raw, key, "days", percent=False)
    if value < 0:
        raise BadValue("F123", "negative", item=key, text=_show_value(raw) if isinstance(raw, str) else str(raw))
    return value


def read_integer(raw: object, key: str, *, text: bool, expected: str = "integer") -> int:
    """A whole number ≥ 0: a TOML integer (never a bool), or digits in a CSV cell."""
    _check_digits(raw, key)
    if isinstance(raw, str) and text:
        word = raw.strip().replace("−", "-")
        if re.fullmatch(r"[-+]?\d+", word):
            raw = int(word)
        else:
            raise _wrong(key, expected, raw)
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise _wrong(key, expected, raw)
    if raw < 0:
        raise BadValue("F123", "negative", item=key, text=str(raw))
    return raw


def read_year(raw: object, key: str, *, text: bool) -> int:
    _check_digits(raw, key)
    if isinstance(raw, str) and text and re.fullmatch(r"\s*-?\d+\s*", raw):
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise _wrong(key, "year", raw)
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
        hints = (FactsMessage.of("quote_hint"),)
        raise BadValue("F120", "wrong_type", hints, item=key, expected=_EXPECT[expected], found=_found(raw))
    limit = _LONGEST[expected]
    text = raw if raw.isascii() or len(raw) > 4 * limit else unicodedata.normalize("NFC", raw)  # ASCII is NFC
    if len(text) > limit:
        raise too_long_text(key, text, expected)
    return text


def too_long_text(key: str, text: str, expected: str = "text") -> BadValue:
    """F120 for a text longer than `expected` may be: its start quoted (a source passes the start alone)."""
    return BadValue("F120", "text_too_long", item=key, text=_q(clip(text[:41], 40)), limit=_LONGEST[expected],
                    what=_WHAT[expected])


def read_name(raw: object, key: str) -> str:
    """A name (a unit, an id, a kind, a task …): text of at most `MAX_NAME` characters, trimmed, not blank."""
    name = read_text(raw, key, "name").strip()
    if not name:
        raise _wrong(key, "name", raw)
    return name


def _suggest(word: str, candidates: Iterable[str]) -> tuple[Message, ...]:
    """'did you mean' (when something is close) and the accepted names."""
    names = list(dict.fromkeys(candidates))
    hints: list[Message] = []
    loose = {fold(c).lower().replace("-", "_").replace(" ", "_"): c for c in names}
    key = fold(word).strip().lower().replace("-", "_").replace(" ", "_")
    close = [loose[key]] if key in loose else difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    if not close:
        close = [loose[c] for c in difflib.get_close_matches(key, list(loose), n=1, cutoff=0.6)]
    if close and close[0] != word:
        hints.append(FactsMessage.of("did_you_mean", name=_q(close[0])))
    if names:
        hints.append(FactsMessage.of("accepted", names=", ".join(names)))
    return tuple(hints)


def read_category(raw: object, decl: m.FieldDecl) -> str:
    """A category of field `decl`: a name, one of those it declares (F113 otherwise)."""
    name = read_text(raw, decl.name, "name").strip()
    names = [c.name for c in decl.categories]
    if name not in names:
        raise BadValue("F113", "unknown_category", _suggest(name, names), field=decl.name, name=_q(name))
    return name


def _read_field(decl: m.FieldDecl, raw: object, *, text: bool) -> FieldValue:
    """The value of field `decl` from a TOML value or (text=True) a CSV cell."""
    kind = decl.type
    if kind is m.FieldType.DATE:
        return _read_date(raw, decl.name)
    if kind is m.FieldType.BOOL:
        return _read_bool(raw, decl.name)
    if kind is m.FieldType.INTEGER:
        return read_integer(raw, decl.name, text=text)
    if kind is m.FieldType.DAYS:
        return _read_days(raw, decl.name)
    if kind is m.FieldType.CATEGORY:
        return read_category(raw, decl)
    if kind is m.FieldType.UNIT:
        return read_name(raw, decl.name)
    return read_text(raw, decl.name).strip() if text else read_text(raw, decl.name)


def _read_period(raw: object) -> str:
    """A delivery's period, normalised: "2026", "2026-05", "2026-H1", "2026-Q4", "once" or an ISO date."""
    if isinstance(raw, bool):
        raise BadValue("F124", "bad_period", text=_found(raw))
    if isinstance(raw, int):
        raw = str(raw)
    if isinstance(raw, _dt.date) and not isinstance(raw, _dt.datetime):
        return _read_date(raw, "period").isoformat()
    if not isinstance(raw, str):
        raise BadValue("F124", "bad_period", text=_found(raw))
    text = raw.strip()
    if text.lower() == "once":
        return "once"
    if _DMY.fullmatch(text) or _YMD.fullmatch(text):
        try:
            return _read_date(text, "period").isoformat()
        except BadValue:
            raise BadValue("F124", "bad_period", text=_q(raw)) from None
    found = _PERIOD.fullmatch(text)
    if not found or not 1900 <= int(found[1]) <= 2200:
        raise BadValue("F124", "bad_period", text=_q(raw))
    year, month, half, quarter = found.groups()
    if month is not None:
        if not 1 <= int(month) <= 12:
            raise BadValue("F124", "bad_period", text=_q(raw))
        return f"{year}-{int(month):02d}"
    if half is not None:
        return f"{year}-H{half}"
    if quarter is not None:
        return f"{year}-Q{quarter}"
    return year


def _read_deadline(raw: object, *, text: bool) -> str:
    """Which deadline of a task: its label, or its 1-based position (kept as "1", "2", ...)."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        if raw >= 1:
            return str(raw)
    elif isinstance(raw, str) and raw.strip():
        if raw.strip().isdecimal():
            _check_digits(raw.strip(), "deadline")  # a position of 5,000 digits is a number too long
        word = read_name(raw, "deadline")  # a label: a name, its limit
        if not word.isdecimal():  # "²" is a digit, but not a number int() reads: a label
            return word
        if int(word) >= 1:
            return str(int(word))
    raise BadValue("F125", "bad_deadline", found=_found(raw))


# ---------------------------------------------------------- TOML places --


class _Stop(Exception):
    """The scanner met something it does not understand; tomllib will say what."""


_KEY_STOP = frozenset(" \t\r\n.=[]{},#\"'")
_KEY_RUN = re.compile("[^" + re.escape("".join(sorted(_KEY_STOP))) + "]+")
_BASIC_STRING = re.compile(r'"[^"\\\n]*(?:\\[\s\S][^"\\\n]*)*"')  # unrolled: no backtracking state per character
_BARE = re.compile(r"[A-Za-z0-9_-]+")


def _letter_or_digit(ch: str) -> bool:
    if ch.isascii():
        return ch.isalnum() or ch in "_-"
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


class _TomlScan:
    """One pass over TOML text: quote bare keys TOML 1.0 rejects, and record where things are.

    `where` maps a path (keys and 0-based array positions, as the loader walks
    the parsed document: ("units", "vp", "records", "hội_nghị", 2, "ngày"))
    to the offset of its key, table header or array element. `quoted` lists
    the (start, end) offsets of the bare keys put in quotes; `duplicates` the
    keys and tables given twice (path, offset, first offset). `entries` counts
    the keys given a value, table headers and array elements met; past
    `max_entries` (when given) the scan stops, `too_many` at the first one too many.
    `complete` says the scan reached the end of the text.
    """

    def __init__(self, text: str, max_entries: int | None = None):
        self.text = text
        self.n = len(text)
        self.i = 0
        self.where: dict[tuple, int] = {}
        self.values: dict[tuple, int] = {}
        self.quoted: list[tuple[int, int]] = []
        self.duplicates: list[tuple[tuple, int, int]] = []
        self._defined: dict[tuple, int] = {}
        self._aot_index: dict[tuple, int] = {}  # plain key tuple -> current element
        self._aot_count: dict[tuple, int] = {}  # resolved path -> elements so far
        self._aot_below: dict[tuple, set[tuple]] = {}  # key tuple -> the longer ones in _aot_index it starts
        self.too_deep: int | None = None  # where nesting first goes past MAX_DEPTH
        self.entries = 0
        self.max_entries = max_entries
        self.too_many: int | None = None  # where the entries first go past max_entries
        self.complete = False
        try:
            self._document()
            self.complete = True
        except (_Stop, IndexError, ValueError, RecursionError):
            pass

    def _entry(self, offset: int) -> None:
        """Count an entry at `offset`; stop there when it is one more than `max_entries`."""
        self.entries += 1
        if self.max_entries is not None and self.entries > self.max_entries:
            self.too_many = offset
            raise _Stop

    def _depth(self, path: Sequence, offset: int) -> None:
        """Stop at `offset` when `path` is deeper than `MAX_DEPTH`: the loader refuses the file there."""
        if len(path) > MAX_DEPTH:
            self.too_deep = offset
            raise _Stop

    def rewritten(self) -> str:
        out, last = [], 0
        for start, end in self.quoted:
            out.append(self.text[last:start])
            out.append("'" + self.text[start:end] + "'")
            last = end
        out.append(self.text[last:])
        return "".join(out)

    def original_offset(self, offset: int) -> int:
        """The offset in the original text of `offset` in the rewritten text."""
        shift = 0
        for start, end in self.quoted:
            opening = start + shift
            if offset <= opening:
                break
            if offset <= opening + (end - start) + 1:
                return max(start, min(offset - shift - 1, end))
            shift += 2
        return offset - shift

    # -- lexing --

    def _peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.text[j] if j < self.n else ""

    def _spaces(self) -> None:
        while self.i < self.n and self.text[self.i] in " \t":
            self.i += 1

    def _comment(self) -> None:
        if self._peek() == "#":
            while self.i < self.n and self.text[self.i] != "\n":
                self.i += 1

    def _end_of_line(self) -> None:
        self._spaces()
        self._comment()
        if self._peek() == "\r":
            self.i += 1
        if self.i < self.n:
            if self.text[self.i] != "\n":
                raise _Stop
            self.i += 1

    def _blank(self) -> None:
        """Whitespace, newlines and comments (inside arrays)."""
        while self.i < self.n:
            ch = self.text[self.i]
            if ch in " \t\r\n":
                self.i += 1
            elif ch == "#":
                self._comment()
            else:
                return

    def _basic_string(self) -> str:
        start = self.i
        found = _BASIC_STRING.match(self.text, start)
        if found is None:  # not closed on its line
            raise _Stop
        self.i = found.end()
        token = found.group()
        if "\\" not in token:
            return token[1:-1]
        try:
            return tomllib.loads(f"k = {token}")["k"]
        except tomllib.TOMLDecodeError:
            raise _Stop from None

    def _literal_string(self) -> str:
        end = self.text.index("'", self.i + 1)
        if "\n" in self.text[self.i : end]:
            raise _Stop
        value = self.text[self.i + 1 : end]
        self.i = end + 1
        return value

    def _multiline(self, quote: str) -> None:
        j = self.i + 3
        while True:
            if quote == '"' and self.text[j] == "\\":
                j += 2
                continue
            if self.text.startswith(quote * 3, j):
                j += 3
                extra = 0
                while extra < 2 and j < self.n and self.text[j] == quote:
                    j += 1
                    extra += 1
                self.i = j
                return
            if j >= self.n:
                raise _Stop
            j += 1

    def _key(self) -> tuple[str, ...]:
        keys: list[str] = []
        start = self.i
        while True:
            self._spaces()
            ch = self._peek()
            if ch == '"':
                keys.append(self._basic_string())
            elif ch == "'":
                keys.append(self._literal_string())
            else:
                found = _KEY_RUN.match(self.text, self.i)
                run = found.group() if found else ""
                if not run.isprintable():
                    run = run[: next(k for k, c in enumerate(run) if not c.isprintable())]
                j = self.i + len(run)
                if not run:
                    raise _Stop
                if not _BARE.fullmatch(run):
                    if not all(_letter_or_digit(c) for c in run):
                        raise _Stop
                    self.quoted.append((self.i, j))
                keys.append(run)
                self.i = j
            self._depth(keys, start)
            self._spaces()
            if self._peek() != ".":
                return tuple(keys)
            self.i += 1

    # -- structure --

    def _resolve(self, keys: tuple[str, ...]) -> list:
        path: list = []
        for j, key in enumerate(keys):
            path.append(key)
            if j < len(keys) - 1 and keys[: j + 1] in self._aot_index:
                path.append(self._aot_index[keys[: j + 1]])
        return path

    def _note(self, path: Sequence, offset: int) -> None:
        for j in range(1, len(path) + 1):
            self.where.setdefault(tuple(path[:j]), offset)

    def _document(self) -> None:
        prefix: tuple = ()
        while self.i < self.n:
            self._spaces()
            ch = self._peek()
            if ch in ("\r", "\n"):
                self.i += 1
                continue
            if ch == "#":
                self._comment()
                continue
            start = self.i
            if ch == "[":
                self._entry(start)
                array = self._peek(1) == "["
                self.i += 2 if array else 1
                keys = self._key()
                self._depth(self._resolve(keys) + [0] * array, start)
                closing = "]]" if array else "]"
                if not self.text.startswith(closing, self.i):
                    raise _Stop
                self.i += len(closing)
                path = self._resolve(keys)
                if array:
                    parent = tuple(path)
                    index = self._aot_count.get(parent, 0)
                    self._aot_count[parent] = index + 1
                    self._aot_index[keys] = index
                    self._forget_below(keys)
                    path.append(index)
                else:
                    self._define(tuple(path), start)
                self._note(path, start)
                self.where[tuple(path)] = start
                prefix = tuple(path)
                self._end_of_line()
            else:
                self._pair(prefix, start)
                self._end_of_line()

    def _forget_below(self, keys: tuple) -> None:
        """A new element of array `keys`: forget the current elements of the arrays inside the previous one.

        Each key tuple is filed under its prefixes (at most MAX_DEPTH), so this
        costs the arrays forgotten, not every array met so far: a facts file
        of many units, each with arrays of tables, took minutes (4.2 MB: 49 s).
        """
        for other in self._aot_below.pop(keys, ()):
            self._aot_index.pop(other, None)
            for j in range(1, len(other)):
                if j != len(keys):
                    self._aot_below.get(other[:j], set()).discard(other)
        for j in range(1, len(keys)):
            self._aot_below.setdefault(keys[:j], set()).add(keys)

    def _define(self, path: tuple, offset: int) -> None:
        if path in self._defined:
            self.duplicates.append((path, offset, self._defined[path]))
        else:
            self._defined[path] = offset

    def _pair(self, prefix: tuple, start: int) -> None:
        self._entry(start)
        keys = self._key()
        if self._peek() != "=":
            raise _Stop
        self.i += 1
        path = prefix + keys
        self._depth(path, start)
        self._define(path, start)
        for j in range(len(prefix) + 1, len(path) + 1):
            self.where.setdefault(path[:j], start)
        self._value(path)

    def _value(self, path: tuple) -> None:
        self._spaces()
        self.values.setdefault(path, self.i)
        ch = self._peek()
        if self.text.startswith('"""', self.i) or self.text.startswith("'''", self.i):
            self._multiline(ch)
        elif ch == '"':
            self._basic_string()
        elif ch == "'":
            self._literal_string()
        elif ch == "[":
            self.i += 1
            index = 0
            while True:
                self._blank()
                if self._peek() == "]":
                    self.i += 1
                    return
                self._entry(self.i)
                self.where.setdefault(path + (index,), self.i)
                self._depth(path + (index,), self.i)
                self._value(path + (index,))
                index += 1
                self._blank()
                if self._peek() == ",":
                    self.i += 1
                elif self._peek() != "]":
                    raise _Stop
        elif ch == "{":
            self.i += 1
            while True:
                self._blank()
                if self._peek() == "}":
                    self.i += 1
                    return
                self._pair(path, self.i)
                self._blank()
                if self._peek() == ",":
                    self.i += 1
                elif self._peek() != "}":
                    raise _Stop
        else:
            j = self.i
            while j < self.n and self.text[j] not in ",]}#\r\n":
                j += 1
            if j == self.i:
                raise _Stop
            self.i = j


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")


# ---------------------------------------------------------------- files --


class _File:
    """One facts file being read: its name, NFC text, and where its parts are."""

    def __init__(self, name: str, text: str):
        self.name = name
        self.text = text
        self.where: dict[tuple, int] = {}
        self.values: dict[tuple, int] = {}  # where the value of a key (or a CSV cell) starts
        self.starts = [0, *(found.end() for found in re.finditer("\n", text))]
        self.table: _CsvTable | None = None  # a CSV file's rows, placed on demand
        self.broken = False  # a CSV file that is not CSV, or too long: nothing else is reported of it

    def offset(self, path: tuple) -> int | None:
        """Where `path` is: a TOML key, table or array element, or a CSV row or cell; None when unknown."""
        found = self.where.get(path)
        if found is None and self.table is not None:
            found = self.table.offset(self, path)
        return found

    def line_text(self, line: int) -> str:
        if not 1 <= line <= len(self.starts):
            return ""
        start = self.starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start : end if end >= 0 else len(self.text)].rstrip("\r")

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def place(self, path: tuple, value: bool = False) -> tuple[int, int]:
        """(line, column) of `path` (of its value when `value`), or of its longest prefix that has a place."""
        if value and path in self.values:
            return self.position(self.values[path])
        for cut in range(len(path), 0, -1):
            offset = self.offset(path[:cut])
            if offset is not None:
                return self.position(offset)
        return 1, 1

    def line_of(self, path: tuple) -> int | None:
        for cut in range(len(path), 0, -1):
            offset = self.offset(path[:cut])
            if offset is not None:
                return self.position(offset)[0]
        return None


class _CsvTable:
    """Where the rows and cells of a CSV file are, worked out only for the few a diagnostic names.

    Paths are (table, row) and (table, row, column), the header being row 0
    and a column named or (unnamed, or a name given twice) numbered from 0.
    Keeping one line number a row, not an offset a cell, is what lets a large
    table load in bounded memory.
    """

    def __init__(self, name: str, delimiter: str):
        self.name = name
        self.delimiter = delimiter
        self.lines: list[int] = []  # row -> its first line (1-based)
        self.several: set[int] = set()  # rows over several lines (a quoted newline): placed at their start
        self.columns: dict[str, int] = {}  # column name -> the index of its first occurrence
        self._cells: tuple[int, list[int]] = (-1, [])  # the last row whose cells were placed, and where they start

    def offset(self, file: _File, path: tuple) -> int | None:
        if len(path) < 2 or path[0] != self.name or not isinstance(path[1], int) or not 0 <= path[1] < len(self.lines):
            return None
        start = file.starts[self.lines[path[1]] - 1]
        if len(path) == 2:
            return start
        key = path[2]
        index = key if isinstance(key, int) else self.columns.get(key)
        if index is None or len(path) > 3:
            return None
        if path[1] in self.several:
            return start
        if self._cells[0] != path[1]:  # the cells of a row once, not once per cell named: a header of
            # 100,000 columns was rescanned for each unknown one
            self._cells = (path[1], _cell_starts(file.line_text(self.lines[path[1]]), self.delimiter))
        cells = self._cells[1]
        return start + cells[index] if index < len(cells) else start


def _dotted(path: Sequence) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


CSV_TABLES = ("counts", "values", "deliveries", "events", "units")

_CSV_COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # table -> (required columns, optional columns)
    "counts": (("unit", "kind", "year", "count"), ()),
    "values": (("unit", "metric", "year", "value"), ()),
    "deliveries": (("unit", "task", "date"), ("deadline", "period")),
    "events": (("event", "date"), ("unit",)),
    "units": (("unit",), ("member_of",)),
}

_UNIT_KEYS = ("member_of", "attributes", "records", "counts", "values", "deliveries")


@cache
class TomlProblem(NamedTuple):
    """A problem with a TOML text itself, at a place in the file as written.

    `kind`: "bare_key" (`text` is the key), "too_deep", "duplicate" (`path` given
    twice, `first` the line it was first given at), "long_number" (`path`, `text`
    the start of the number, `count` its digits), "too_many" (more entries than
    the reader's `max_entries`, `count` of them found; then the only problem) or "syntax"
    (`text` the reason).
    """

    kind: str
    line: int
    column: int
    text: str = ""
    path: tuple = ()
    first: int = 0
    count: int = 0


def _entries(document: dict) -> int:
    """How many keys and array elements a parsed TOML document holds (without recursing)."""
    count, stack = 0, [document]
    while stack:
        node = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        for child in children:
            count += 1
            if isinstance(child, (dict, list)):
                stack.append(child)
    return count


def read_strict_toml(file: _File, max_entries: int | None = None) -> tuple[dict | None, list[TomlProblem]]:
    """Parse `file` as strict TOML, keeping where each key is (`file.where`, `file.values`).

    Shared by every TOML the project reads (facts, scenarios), so that each
    reports the same problems at the same places: a bare key TOML does not allow
    (the rest is still parsed, with it quoted, to find other problems), nesting
    deeper than `MAX_DEPTH`, a key given twice, a number too long for Python, a
    syntax error, and (when `max_entries` is given) more entries than that: the
    scanner stops at the first one too many, before tomllib builds the document.
    Returns the document (None when it cannot be read) and the problems.
    """
    scan = _TomlScan(file.text, max_entries)
    file.where, file.values = scan.where, scan.values
    problems = [TomlProblem("bare_key", *file.position(start), text=file.text[start:end]) for start, end in scan.quoted]
    if scan.too_deep is not None:
        return None, [*problems, TomlProblem("too_deep", *file.position(scan.too_deep))]
    if scan.too_many is not None:  # refused whole: nothing else is reported of it
        return None, [TomlProblem("too_many", *file.position(scan.too_many), count=scan.entries)]
    rewritten = scan.rewritten()
    try:
        document = tomllib.loads(rewritten, parse_float=Decimal)
        # the scanner stops early on what it does not understand: then count what tomllib built
        if max_entries is not None and not scan.complete and (count := _entries(document)) > max_entries:
            return None, [TomlProblem("too_many", 1, 1, count=count)]
        return document, problems
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        if getattr(error, "lineno", None) is not None:  # Python 3.14 gives the place apart
            message = f"{error.msg} (at line {error.lineno}, column {error.colno})"
        return None, [*problems, _toml_syntax_problem(file, scan, rewritten, message)]
    except ValueError:  # an integer of more than 4300 digits, which Python refuses to read
        long = re.compile(r"[+-]?[0-9_]{%d,}" % (MAX_DIGITS + 1))
        for path, offset in sorted(scan.values.items(), key=lambda item: item[1]):
            if found := long.match(file.text, offset):
                digits = sum(ch.isdigit() for ch in found.group())
                return None, [*problems, TomlProblem("long_number", *file.position(offset), text=f"{found.group()[:12]}…",
                                                     path=path, count=digits)]
        return None, [*problems, TomlProblem("long_number", 1, 1, text="…")]
    except RecursionError:  # nesting the scanner did not reach (it stopped earlier): at its place
        return None, [*problems, TomlProblem("too_deep", *file.position(scan.i))]


def _toml_syntax_problem(file: _File, scan: _TomlScan, rewritten: str, message: str) -> TomlProblem:
    """tomllib's error, moved from the quoted text back to the file as written."""
    offset = len(rewritten.rstrip("\r\n"))  # "at end of document": after the last character
    reason = message
    if found := _TOML_POSITION.search(message):
        reason = message[: found.start()]
        line, column = int(found[1]), int(found[2])
        starts = [0, *(f.end() for f in re.finditer("\n", rewritten))]
        offset = starts[min(line, len(starts)) - 1] + column - 1
    elif found := _TOML_END.search(message):
        reason = message[: found.start()]
    line, column = file.position(scan.original_offset(offset))
    if reason.startswith(("Cannot overwrite", "Cannot declare", "Cannot mutate")):
        # tomllib names the place, not the key: say which key, and where it was first given
        for path, at, first in scan.duplicates:
            if file.position(at)[0] == line:
                return TomlProblem("duplicate", *file.position(at), path=path, first=file.position(first)[0])
    return TomlProblem("syntax", line, column, text=reason)


def _standard() -> Vocabulary:
    return Vocabulary.standard()


_BAD = object()  # a value that could not be read (already reported)


class _Loader:
    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary
        self.diagnostics: list[Diagnostic] = []
        self.counts: dict[tuple[str, str], int] = {}  # (file, code) -> findings met (`_past_cap`)
        self.files: dict[str, _File] = {}
        self.order: dict[str, int] = {}  # file or path name -> its rank, for sorting diagnostics
        self.places: dict[int, tuple[_File, tuple]] = {}  # id(fact) -> where it was read
        # id(fact) of facts read with a problem (already reported), kept with the parts that could be
        # read so that the rest of them is still checked (their dates, ids, units, tasks): never returned
        self.partial: set[int] = set()
        self.periods: list[tuple[tuple[_dt.date, _dt.date], _File, tuple]] = []
        self._fields: dict[tuple[str, str], m.FieldDecl | None] = {}
        self._dates: dict[str, m.FieldDecl | None] = {}

    def field(self, kind: str, name: str) -> m.FieldDecl | None:
        """`Vocabulary.field`, looked up once per kind and name (a table has a million cells)."""
        key = (kind, name)
        if key not in self._fields:
            self._fields[key] = self.vocabulary.field(kind, name)
        return self._fields[key]

    def date_field(self, kind: str) -> m.FieldDecl | None:
        if kind not in self._dates:
            self._dates[kind] = self.vocabulary.date_field(kind)
        return self._dates[kind]

    # -- reporting --

    def report(self, file: _File | None, path: tuple, code: str, message: str,
               hints: Sequence[Message] | Callable[[], Sequence[Message]] = (), /, *, at_value: bool = False,
               **args: object) -> None:
        """Report a problem at `path` in `file`; `hints` may be a function, called only for a finding listed."""
        if callable(hints) and file is None:
            hints = hints()
        if file is None:  # a path that cannot be read: its place is the path itself
            name = str(args.get("path", "")) or None
            span = Span(name, 1, 1, 1, 2) if name else None
            self.diagnostics.append(
                Diagnostic(code, FactsMessage.of(message, **args), span, Severity.ERROR, tuple(hints))
            )
            return
        if self._past_cap(file, code):
            return
        line, column = file.place(path, at_value)
        self._add(file, line, column, code, message, hints() if callable(hints) else hints, **args)

    def _past_cap(self, file: _File, code: str) -> bool:
        """Count a finding of `code` in `file`; True (only counted) past `MAX_FINDINGS_PER_CODE` of them.

        A CSV header of 100,000 unknown columns is 100,000 F111: listing (and
        placing, and keeping the line of) each cost minutes. The rest is one
        "… and N more" note (`more_findings`), added when loading ends.
        """
        key = (file.name, code)
        count = self.counts.get(key, 0) + 1
        self.counts[key] = count
        return count > MAX_FINDINGS_PER_CODE

    def discard(self, file: _File, mark: int) -> None:
        """Forget the findings about `file` since `mark` but the last, listed or only counted.

        The cap counts a finding as it is reported; what a file that turns out not
        to be CSV had found before must not be closed by a "… and N more" of
        findings no longer listed (nor crash looking for the last one listed).
        """
        del self.diagnostics[mark:-1]
        for key in [key for key in self.counts if key[0] == file.name]:
            self.counts[key] = sum(1 for d in self.diagnostics if d.code == key[1] and d.span
                                   and d.span.file == file.name)

    def report_at(self, file: _File, line: int, column: int, code: str, message: str,
                  hints: Sequence[Message] = (), /, **args: object) -> None:
        if not self._past_cap(file, code):
            self._add(file, line, column, code, message, hints, **args)

    def _add(self, file: _File, line: int, column: int, code: str, message: str,
             hints: Sequence[Message] = (), /, **args: object) -> None:
        span = Span(file.name, line, column, line, column + 1)
        self.diagnostics.append(
            Diagnostic(code, FactsMessage.of(message, **args), span, Severity.ERROR, tuple(hints),
                       file.line_text(line))
        )

    def more(self) -> list[Diagnostic]:
        """One "… and N more" note per file and code past the cap, at the last one listed."""
        notes = []
        for (name, code), count in self.counts.items():
            if count > MAX_FINDINGS_PER_CODE:
                last = next(d for d in reversed(self.diagnostics) if d.code == code and d.span and d.span.file == name)
                message = Message.of("more_findings", count=count - MAX_FINDINGS_PER_CODE, code=code,
                                     limit=MAX_FINDINGS_PER_CODE)
                notes.append(Diagnostic(code, message, last.span, Severity.ERROR))
        return notes

    def bad(self, file: _File, path: tuple, error: BadValue) -> object:
        self.report(file, path, error.code, error.message, error.hints, at_value=True, **error.args_)
        return _BAD

    def read(self, file: _File, path: tuple, reader, *args, **kwargs) -> Any:
        try:
            return reader(*args, **kwargs)
        except BadValue as error:
            return self.bad(file, path, error)

    def origin(self, file: _File, table: str, row: int | None, path: tuple) -> Origin:
        return Origin(file.name, table, row, file.line_of(path))

    def keep(self, fact: object, file: _File, path: tuple, *, partial: bool = False) -> None:
        self.places[id(fact)] = (file, path)
        if partial:
            self.partial.add(id(fact))

    def flagged(self, fact, partial: bool):
        """`fact`, marked partial when a problem of its row (a key, a cell) was reported."""
        if partial:
            self.partial.add(id(fact))
        return fact

    def whole(self, fact: object) -> bool:
        """Was `fact` read without a problem? (A partial one is only checked, never returned.)"""
        return id(fact) not in self.partial

    def report_fact(self, fact: object, code: str, message: str, hints: Sequence[Message] = (), /,
                    *, part: str | None = None, **args: object) -> None:
        """Report a problem with a fact read earlier, at the fact or (`part`) at the value of one of its keys."""
        file, path = self.places[id(fact)]
        if part is not None and (path + (part,) in file.values or file.offset(path + (part,)) is not None):
            self.report(file, path + (part,), code, message, hints, at_value=True, **args)
        else:
            self.report(file, path, code, message, hints, **args)

    def where_is(self, fact: object) -> str:
        """A fact's place, for hints: file:line."""
        file, path = self.places[id(fact)]
        line, _ = file.place(path)
        return f"{file.name}:{line}"

    # -- files --

    def load(self, paths: Sequence[str | os.PathLike], table: str | None) -> list[Facts]:
        if not paths:
            self.report(None, (), "F101", "no_paths")
            return []
        parts: list[Facts] = []
        # in path order, as a folder's files are: the same files in another order give the same facts (units
        # in the same order) and the same problems, so the same report
        for given in sorted(paths, key=Path):
            path = Path(given)
            self.order.setdefault(str(path), len(self.order))
            if os.path.isdir(path):  # never raises: an unreadable or over-long path is load_file's to say
                listing = walk(path, lambda name: Path(name).suffix.lower() in SUFFIXES, deep=False)
                for refusal in listing.refused:  # a folder not listed, a link leaving it, a FIFO, ...
                    self.refused(refusal)
                if not listing.files and not listing.refused:
                    self.report(None, (), "F101", "no_files", path=str(path))
                for file in listing.files:
                    parts.extend(self.load_file(file, None))
            elif path.suffix.lower() not in SUFFIXES:
                if missing(path):
                    self.report(None, (), "F101", "unreadable", path=str(path), reason=("no such file", "không có tệp này"))
                else:
                    self.report(None, (), "F101", "not_facts_file", path=str(path))
            else:
                parts.extend(self.load_file(path, table))
        return parts

    def refused(self, refusal: Refused) -> None:
        """F101 for a path the file guard refused (`files`), placed on it and quoting none of it."""
        self.report(None, (), "F101", "unreadable", path=refusal.path, reason=refusal.reason)

    def load_file(self, path: Path, table: str | None) -> list[Facts]:
        name = str(path)
        try:  # bounded: a file too large is refused unread; a FIFO, a device, a kernel file not at all
            data, size = read_file(path, MAX_FACTS_BYTES)
        except Refused as refusal:
            self.refused(refusal)
            return []
        if max(size, len(data)) > MAX_FACTS_BYTES:
            self.order.setdefault(name, len(self.order))
            self.report(None, (), "F101", "too_large", path=name, limit=MAX_FACTS_BYTES)
            return []
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
            span = Span(name, line, column, line, column + 1)
            self.diagnostics.append(
                Diagnostic("F102", FactsMessage.of("not_utf8", path=name, offset=error.start), span)
            )
            return []
        return self.load_text(text, name, table)

    def load_text(self, text: str, name: str, table: str | None) -> list[Facts]:
        self.order.setdefault(name, len(self.order))
        if len(text) > MAX_FACTS_BYTES or (4 * len(text) > MAX_FACTS_BYTES
                                           and len(text.encode("utf-8", "surrogatepass")) > MAX_FACTS_BYTES):
            self.report(None, (), "F101", "too_large", path=name, limit=MAX_FACTS_BYTES)
            return []
        file = _File(name, normalize(text))
        self.files.setdefault(name, file)
        if name.lower().endswith(".csv"):
            stem = normalize(table) if table is not None else normalize(Path(name).stem)
            result = self.csv_file(file, stem.strip())
        else:
            result = self.toml_file(file)
        return [result] if result is not None else []

    # -- TOML --

    def toml_file(self, file: _File) -> Facts | None:
        document, problems = read_strict_toml(file, MAX_TOML_ENTRIES)
        for problem in problems:
            if problem.kind == "too_many":  # placed at the first entry too many; a line of a 12 MB array is not shown
                span = Span(file.name, problem.line, problem.column, problem.line, problem.column + 1)
                line = file.line_text(problem.line)
                self.diagnostics.append(Diagnostic(
                    "F101", FactsMessage.of("too_many_entries", path=file.name, limit=MAX_TOML_ENTRIES), span,
                    Severity.ERROR, (FactsMessage.of("split_hint", rows=MAX_CSV_ROWS),),
                    line if len(line) <= 200 else None))
            elif problem.kind == "bare_key":
                self.report_at(file, problem.line, problem.column, "F107", "bare_key", name=problem.text)
            elif problem.kind == "too_deep":
                self.report_at(file, problem.line, problem.column, "F100", "too_deep", limit=MAX_DEPTH)
            elif problem.kind == "duplicate":
                self.report_at(file, problem.line, problem.column, "F100", "toml_duplicate",
                               item=_q(_dotted(problem.path)), first=problem.first)
            elif problem.kind == "long_number":
                item = _dotted(problem.path) if problem.path else ("the file", "tệp")
                self.report_at(file, problem.line, problem.column, "F120", "too_many_digits", item=item,
                               text=problem.text, count=problem.count, limit=MAX_DIGITS)
            else:
                self.report_at(file, problem.line, problem.column, "F100", "toml_syntax", reason=problem.text)
        return None if document is None else self.document(file, document)

    def table(self, file: _File, path: tuple, value: object) -> dict | None:
        if isinstance(value, dict):
            return value
        self.report(file, path, "F120", "wrong_type", at_value=True, item=_dotted(path), expected=_EXPECT["table"], found=_found(value))
        return None

    def tables(self, file: _File, path: tuple, value: object) -> Iterator[tuple[int, dict]]:
        if not isinstance(value, list):
            self.report(file, path, "F120", "wrong_type", at_value=True, item=_dotted(path), expected=_EXPECT["tables"],
                        found=_found(value))
            return
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item
            else:
                self.report(file, path + (index,), "F120", "wrong_type", at_value=True, item=_dotted(path + (index,)),
                            expected=_EXPECT["table"], found=_found(item))

    def keys(self, file: _File, path: tuple, table: dict, allowed: Sequence[str],
             required: Sequence[str] = ()) -> bool:
        ok = True
        for key in table:
            if key not in allowed:
                self.report(file, path + (key,), "F103", "unknown_key", lambda: _suggest(key, allowed),
                            item=_q(key), table=_dotted(path) or ("the file", "tệp"))
                ok = False
        for key in required:
            if key not in table:
                self.report(file, path, "F104", "missing_key", item=_q(key), table=_dotted(path))
                ok = False
        return ok

    def document(self, file: _File, document: dict) -> Facts:
        period = None
        events: list[Happened] = []
        units: list[UnitFacts] = []
        self.keys(file, (), document, ("facts", "events", "units"))
        if "facts" in document and (table := self.table(file, ("facts",), document["facts"])) is not None:
            period = self.facts_table(file, table)
        if "events" in document:
            for index, item in self.tables(file, ("events",), document["events"]):
                path = ("events", index)
                ok = self.keys(file, path, item, ("event", "date", "unit"), ("event", "date"))
                origin = self.origin(file, "events", index + 1, path)
                event = self.happened(file, path, item.get("event"), item.get("date"), item.get("unit"), origin,
                                      text=False)
                if event is not None:
                    events.append(self.flagged(event, not ok))
        if "units" in document and (table := self.table(file, ("units",), document["units"])) is not None:
            for name, value in table.items():
                read = self.read(file, ("units", name), read_name, name, "unit")  # a name, as in CSV and tables
                if read is _BAD:
                    continue
                unit = self.toml_unit(file, name, value)
                if unit is not None and read != name:
                    unit = evolve(unit, name=read)
                if unit is not None:
                    units.append(unit)
        return Facts(tuple(units), tuple(events), period, (file.name,))

    def facts_table(self, file: _File, table: dict) -> tuple[_dt.date, _dt.date] | None:
        self.keys(file, ("facts",), table, ("period",))
        if "period" not in table:
            return None
        path = ("facts", "period")
        period = self.table(file, path, table["period"])
        if period is None:
            return None
        if not self.keys(file, path, period, ("from", "to"), ("from", "to")):
            return None
        start = self.read(file, path + ("from",), _read_date, period["from"], "from")
        end = self.read(file, path + ("to",), _read_date, period["to"], "to")
        if start is _BAD or end is _BAD:
            return None
        if start > end:
            self.report(file, path, "F151", "period_order", start=start.isoformat(), end=end.isoformat())
            return None
        self.periods.append(((start, end), file, path))
        return start, end

    def toml_unit(self, file: _File, name: str, value: object) -> UnitFacts | None:
        path = ("units", name)
        table = self.table(file, path, value)
        if table is None:
            return None
        self.keys(file, path, table, _UNIT_KEYS)
        members: tuple[str, ...] = ()
        if "member_of" in table:
            members = self.members(file, path + ("member_of",), table["member_of"])
        attributes: tuple[tuple[str, str], ...] = ()
        if "attributes" in table:
            attributes = self.attributes(file, path + ("attributes",), table["attributes"])
        records: list[Record] = []
        if "records" in table and (kinds := self.table(file, path + ("records",), table["records"])) is not None:
            for kind, rows in kinds.items():
                kind_path = path + ("records", kind)
                if kind not in self.vocabulary.kinds:
                    self.report(file, kind_path, "F110", "unknown_kind", _suggest(kind, self.vocabulary.kinds),
                                name=_q(kind))
                    continue
                table_name = f"units.{name}.records.{kind}"
                for index, row in self.tables(file, kind_path, rows):
                    row_path = kind_path + (index,)
                    items = [(key, raw, row_path + (key,)) for key, raw in row.items() if key != "id"]
                    record = self.record(file, kind, row.get("id"), row_path + ("id",), items,
                                         self.origin(file, table_name, index + 1, row_path), row_path, text=False)
                    if record is not None:
                        records.append(record)
        counts: list[Count] = []
        if "counts" in table:
            for index, row in self.tables(file, path + ("counts",), table["counts"]):
                row_path = path + ("counts", index)
                ok = self.keys(file, row_path, row, ("kind", "year", "count", "where"), ("kind", "year", "count"))
                where: list[tuple[str, object, tuple]] = []
                if "where" in row and (conditions := self.table(file, row_path + ("where",), row["where"])) is not None:
                    where = [(key, raw, row_path + ("where", key)) for key, raw in conditions.items()]
                elif "where" in row:
                    ok = False
                origin = self.origin(file, f"units.{name}.counts", index + 1, row_path)
                count = self.count(file, row_path, row.get("kind"), row.get("year"), row.get("count"), where, origin,
                                   text=False)
                if count is not None:
                    counts.append(self.flagged(count, not ok))
        values: list[ReportedValue] = []
        if "values" in table:
            for index, row in self.tables(file, path + ("values",), table["values"]):
                row_path = path + ("values", index)
                ok = self.keys(file, row_path, row, ("metric", "year", "value"), ("metric", "year", "value"))
                origin = self.origin(file, f"units.{name}.values", index + 1, row_path)
                reported = self.value(file, row_path, row.get("metric"), row.get("year"), row.get("value"), origin,
                                      text=False)
                if reported is not None:
                    values.append(self.flagged(reported, not ok))
        deliveries: list[Delivery] = []
        if "deliveries" in table:
            for index, row in self.tables(file, path + ("deliveries",), table["deliveries"]):
                row_path = path + ("deliveries", index)
                ok = self.keys(file, row_path, row, ("task", "deadline", "period", "date"), ("task", "date"))
                origin = self.origin(file, f"units.{name}.deliveries", index + 1, row_path)
                delivery = self.delivery(file, row_path, row, origin, text=False)
                if delivery is not None:
                    deliveries.append(self.flagged(delivery, not ok))
        origin = self.origin(file, f"units.{name}", None, path)
        return UnitFacts(name, members, tuple(records), tuple(counts), tuple(values), tuple(deliveries), origin,
                         attributes)

    def attributes(self, file: _File, path: tuple, raw: object) -> tuple[tuple[str, str], ...]:
        """A unit's attributes (`attributes = { "tỉnh" = "Ninh Bình" }`): text values, in file order."""
        found = self.table(file, path, raw)
        if found is None:
            return ()
        out: list[tuple[str, str]] = []
        for key, value in found.items():
            text = self.read(file, path + (key,), read_name, value, key)
            if text is not _BAD:
                out.append((unicodedata.normalize("NFC", key), unicodedata.normalize("NFC", text)))
        return tuple(out)

    def members(self, file: _File, path: tuple, raw: object) -> tuple[str, ...]:
        if not isinstance(raw, list):
            self.report(file, path, "F120", "wrong_type", at_value=True, item="member_of", expected=_EXPECT["names"], found=_found(raw))
            return ()
        out: list[str] = []
        for index, item in enumerate(raw):
            name = self.read(file, path + (index,), read_name, item, "member_of")
            if name is not _BAD:
                out.append(name)
        return tuple(dict.fromkeys(out))

    # -- facts, from TOML or CSV --
    # `items` are (key, raw value, path) in file order; `text` says whether raw values are CSV cells.

    def record(self, file: _File, kind: str, raw_id: object, id_path: tuple,
               items: Sequence[tuple[str, object, tuple]], origin: Origin, path: tuple, *, text: bool) -> Record | None:
        ok = True
        record_id = None
        if raw_id is not None:
            if isinstance(raw_id, int) and not isinstance(raw_id, bool):
                record_id = str(raw_id)
            else:
                record_id = self.read(file, id_path, read_name, raw_id, "id")
                ok = record_id is not _BAD
        values: list[tuple[str, FieldValue]] = []
        for key, raw, where in items:
            decl = self.field(kind, key)
            if decl is None:
                fields = [f.name for f in self.vocabulary.kinds[kind].fields]
                self.report(file, where, "F111", "unknown_field", lambda: _suggest(key, [*fields, "id"]),
                            kind=_q(kind), name=_q(key))
                ok = False
                continue
            value = self.read(file, where, _read_field, decl, raw, text=text)
            if value is _BAD:
                ok = False
            else:
                values.append((key, value))
        date_field = self.date_field(kind)
        date = next((v for k, v in values if date_field is not None and k == date_field.name), None)
        record = Record(kind, tuple(values), None if record_id is _BAD else record_id, date, origin)
        self.keep(record, file, path, partial=not ok)
        return record

    def count(self, file: _File, path: tuple, raw_kind: object, raw_year: object, raw_count: object,
              where: Sequence[tuple[str, object, tuple]], origin: Origin, *, text: bool) -> Count | None:
        kind = year = number = None
        ok = True
        if raw_kind is not None:
            kind = self.read(file, path + ("kind",), read_name, raw_kind, "kind")
            if kind is not _BAD and kind not in self.vocabulary.kinds:
                self.report(file, path + ("kind",), "F110", "unknown_kind", _suggest(kind, self.vocabulary.kinds),
                            name=_q(kind))
                kind = _BAD
        if raw_year is not None:
            year = self.read(file, path + ("year",), read_year, raw_year, "year", text=text)
        if raw_count is not None:
            number = self.read(file, path + ("count",), read_integer, raw_count, "count", text=text)
        pairs: list[tuple[str, FieldValue]] = []
        if kind is not None and kind is not _BAD:
            fields = [f.name for f in self.vocabulary.kinds[kind].fields]
            for key, raw, where_path in where:
                decl = self.field(kind, key)
                if decl is None:
                    self.report(file, where_path, "F111", "unknown_field", lambda: _suggest(key, fields),
                                kind=_q(kind), name=_q(key))
                    ok = False
                elif decl.type not in (m.FieldType.BOOL, m.FieldType.CATEGORY):
                    self.report(file, where_path, "F130", "not_condition", kind=kind, field=key)
                    ok = False
                else:
                    value = self.read(file, where_path, _read_field, decl, raw, text=text)
                    if value is _BAD:
                        ok = False
                    else:
                        pairs.append((key, value))
        if kind in (None, _BAD) or year in (None, _BAD):
            return None
        partial = not ok or number in (None, _BAD)
        count = Count(kind, year, 0 if partial else number, tuple(sorted(pairs)), origin)
        self.keep(count, file, path, partial=partial)
        return count

    def value(self, file: _File, path: tuple, raw_metric: object, raw_year: object, raw_value: object,
              origin: Origin, *, text: bool) -> ReportedValue | None:
        metric = year = number = None
        percent = False
        if raw_metric is not None:
            metric = self.read(file, path + ("metric",), read_name, raw_metric, "metric")
            if metric is not _BAD and metric not in self.vocabulary.metrics:
                self.report(file, path + ("metric",), "F112", "unknown_metric",
                            _suggest(metric, self.vocabulary.metrics), name=_q(metric))
                metric = _BAD
        if raw_year is not None:
            year = self.read(file, path + ("year",), read_year, raw_year, "year", text=text)
        if raw_value is not None:
            try:
                number, percent = read_number(raw_value, "value", "number", percent=True)
            except BadValue as error:
                number = self.bad(file, path + ("value",), error)
        if metric is not None and metric is not _BAD and number is not None and number is not _BAD:
            if not self.value_fits(file, path + ("value",), metric, number, percent, raw_value):
                number = _BAD
        if metric in (None, _BAD) or year in (None, _BAD):
            return None
        partial = number in (None, _BAD)
        reported = ReportedValue(metric, year, Fraction(0) if partial else number, origin)
        self.keep(reported, file, path, partial=partial)
        return reported

    def value_fits(self, file: _File, path: tuple, metric: str, value: Fraction, percent: bool, raw: object) -> bool:
        try:
            check_value(self.vocabulary, metric, value, percent, raw)
        except BadValue as error:
            self.bad(file, path, error)
            return False
        return True

    def delivery(self, file: _File, path: tuple, row: dict, origin: Origin, *, text: bool) -> Delivery | None:
        task = date = deadline = period = None
        if row.get("task") is not None:
            task = self.read(file, path + ("task",), read_name, row["task"], "task")
        if row.get("date") is not None:
            date = self.read(file, path + ("date",), _read_date, row["date"], "date")
        if row.get("deadline") is not None:
            deadline = self.read(file, path + ("deadline",), _read_deadline, row["deadline"], text=text)
        if row.get("period") is not None:
            period = self.read(file, path + ("period",), _read_period, row["period"])
        if task in (None, _BAD) or _BAD in (deadline, period):  # which deadline and period: needed to check it
            return None
        partial = date in (None, _BAD)
        delivery = Delivery(task, None if partial else date, deadline, period, origin)  # type: ignore[arg-type]
        self.keep(delivery, file, path, partial=partial)
        return delivery

    def happened(self, file: _File, path: tuple, raw_event: object, raw_date: object, raw_unit: object,
                 origin: Origin, *, text: bool) -> Happened | None:
        event = date = unit = None
        if raw_event is not None:
            event = self.read(file, path + ("event",), read_name, raw_event, "event")
        if raw_date is not None:
            date = self.read(file, path + ("date",), _read_date, raw_date, "date")
        if raw_unit is not None:
            unit = self.read(file, path + ("unit",), read_name, raw_unit, "unit")
        if event in (None, _BAD) or unit is _BAD:
            return None
        partial = date in (None, _BAD)
        happened = Happened(event, None if partial else date, unit, origin)  # type: ignore[arg-type]
        self.keep(happened, file, path, partial=partial)
        return happened

    # -- CSV --

    def csv_file(self, file: _File, table: str) -> Facts | None:
        accepted = [*self.vocabulary.kinds, *CSV_TABLES]
        if table not in accepted:
            self.report_at(file, 1, 1, "F105", "unknown_table", _suggest(table, accepted), name=_q(table))
            return None
        mark = len(self.diagnostics)
        rows = self.csv_rows(file, table)
        header = next(rows, None)
        if header is None:
            return None
        header_line, header_cells = header
        places = file.table
        assert places is not None
        columns = [c.strip() for c in header_cells]
        if table in _CSV_COLUMNS:
            required, optional = _CSV_COLUMNS[table]
            # a counts table's further columns are condition fields, checked row by row;
            # a units table's are the units' attributes (tỉnh, huyện ...)
            known = () if table in ("counts", "units") else (*required, *optional)
            if table == "units":
                for index, column in enumerate(columns):
                    near = difflib.get_close_matches(column, ("unit", "member_of"), n=1, cutoff=0.75)
                    if column and near and column != near[0]:  # a typo must not pass for an attribute
                        self.report(file, (table, 0, column), "F103", "unknown_column",
                                    lambda: _suggest(column, ("unit", "member_of")), item=_q(column), table=_q(table))
        else:
            required = ("unit",)
            known = ("unit", "id", *(f.name for f in self.vocabulary.kinds[table].fields))
        ok = True
        first = places.columns  # column name -> its index
        for index, column in enumerate(columns):
            where = (table, 0, column or index)
            if not column:
                continue
            if column in first:
                self.report(file, (table, 0, index), "F106", "duplicate_column", item=_q(column))
                ok = False
                continue
            first[column] = index
            if known and column not in known:
                if table in self.vocabulary.kinds:
                    self.report(file, where, "F111", "unknown_field", lambda: _suggest(column, known[2:]),
                                kind=_q(table), name=_q(column))
                else:
                    self.report(file, where, "F103", "unknown_column", lambda: _suggest(column, known),
                                item=_q(column), table=_q(table))
                ok = False
        for column in required:
            if column not in first:
                self.report(file, (table, 0), "F104", "missing_column", item=_q(column), table=_q(table))
                ok = False
        named = [bool(c) and first.get(c) == i for i, c in enumerate(columns)]

        def parsed() -> Iterator[tuple[int, int, dict[str, str]]]:
            """Each data row as {column: cell} without blank cells, one at a time."""
            for number, (line, cells) in enumerate(rows, start=1):
                row: dict[str, str] = {}
                for index, cell in enumerate(cells):
                    value = cell.strip()
                    if index >= len(columns) or not columns[index]:
                        if value:
                            self.report(file, (table, number, index), "F106", "unnamed_column", text=_q(value))
                    elif named[index] and value:
                        row[columns[index]] = value
                yield number, line, row

        facts = self.csv_facts(file, table, parsed()) if ok else None
        if not ok:
            for _ in parsed():  # still report data in unnamed columns
                pass
        if file.broken:  # not CSV, or too long: that alone is said about the file
            self.discard(file, mark)
            return None
        return facts

    def csv_rows(self, file: _File, table: str) -> Iterator[tuple[int, list[str]]]:
        """(first line, cells) of every non-blank row, the header first, read one at a time.

        Sets `file.table` (where rows are) before the first; stops, setting
        `file.broken`, at a CSV syntax error or past `MAX_CSV_ROWS` rows.
        """
        lines = file.text.split("\n")
        head = next((line for line in lines if line.strip()), None)
        if head is None:
            self.report_at(file, 1, 1, "F106", "csv_empty")
            return
        delimiter = max((",", ";", "\t"), key=lambda d: (_count_outside_quotes(head, d), d == ","))
        places = file.table = _CsvTable(table, delimiter)
        if lines[-1] == "":
            lines.pop()
        if csv.field_size_limit() < CSV_FIELD_LIMIT:
            csv.field_size_limit(CSV_FIELD_LIMIT)  # raised, never lowered, for the whole process
        if len(lines) > MAX_CSV_ROWS + 1 and (too_long := _row_past(lines, delimiter, MAX_CSV_ROWS + 1)):
            file.broken = True  # refused before a row is read
            self.report_at(file, too_long, 1, "F101", "too_many_rows", table=_q(table), limit=MAX_CSV_ROWS)
            return
        reader = csv.reader((line + "\n" for line in lines), delimiter=delimiter, strict=True)
        del lines
        consumed = 0
        try:
            for cells in reader:
                line = consumed + 1
                consumed = reader.line_num
                if not any(cell.strip() for cell in cells):
                    continue
                if len(places.lines) > MAX_CSV_ROWS:
                    file.broken = True
                    self.report_at(file, line, 1, "F101", "too_many_rows", table=_q(table), limit=MAX_CSV_ROWS)
                    return
                if consumed != line:
                    places.several.add(len(places.lines))
                places.lines.append(line)
                yield line, cells
        except csv.Error as error:
            file.broken = True
            self.report_at(file, max(1, reader.line_num), 1, "F100", "csv_syntax", reason=str(error))
            return
        if not places.lines:
            self.report_at(file, 1, 1, "F106", "csv_empty")

    def csv_facts(self, file: _File, table: str, rows: Iterable[tuple[int, int, dict[str, str]]]) -> Facts:
        units: dict[str, dict[str, list]] = {}
        unit_origin: dict[str, Origin] = {}
        members: dict[str, tuple[str, ...]] = {}
        attributes: dict[str, tuple[tuple[str, str], ...]] = {}
        listed: dict[str, int] = {}
        events: list[Happened] = []
        for number, line, row in rows:
            origin = Origin(file.name, table, number, line)
            here = (table, number)
            missing = [key for key in _CSV_COLUMNS.get(table, (("unit",), ()))[0] if key not in row]
            for key in missing:
                self.report(file, here + (key,), "F104", "missing_cell", row=number, table=_q(table), item=_q(key))
            if table == "events":
                event = self.happened(file, here, row.get("event"), row.get("date"), row.get("unit"), origin,
                                      text=True)
                if event is not None:
                    events.append(self.flagged(event, bool(missing)))
                continue
            if "unit" not in row:
                continue
            name = self.read(file, here + ("unit",), read_name, row["unit"], "unit")
            if name is _BAD:
                continue
            if name not in units:
                units[name] = {"records": [], "counts": [], "values": [], "deliveries": []}
                unit_origin[name] = origin
            facts = units[name]
            if table == "units":
                if name in listed:
                    self.report(file, here, "F144", "duplicate_unit",
                                (FactsMessage.of("first_at", place=f"{file.name}:{listed[name]}"),), unit=_q(name))
                    continue
                listed[name] = line
                text = row.get("member_of", "")
                members[name] = tuple(dict.fromkeys(p.strip() for p in text.split(";") if p.strip()))
                attributes[name] = tuple((key, value) for key, value in row.items()
                                         if key not in ("unit", "member_of") and value)
            elif table == "counts":
                fixed = ("unit", "kind", "year", "count")
                where = [(key, value, here + (key,)) for key, value in row.items() if key not in fixed]
                count = self.count(file, here, row.get("kind"), row.get("year"), row.get("count"), where, origin,
                                   text=True)
                if count is not None:
                    facts["counts"].append(self.flagged(count, bool(missing)))
            elif table == "values":
                reported = self.value(file, here, row.get("metric"), row.get("year"), row.get("value"), origin,
                                      text=True)
                if reported is not None:
                    facts["values"].append(self.flagged(reported, bool(missing)))
            elif table == "deliveries":
                delivery = self.delivery(file, here, row, origin, text=True)
                if delivery is not None:
                    facts["deliveries"].append(self.flagged(delivery, bool(missing)))
            else:
                items = [(key, value, here + (key,)) for key, value in row.items() if key not in ("unit", "id")]
                record = self.record(file, table, row.get("id"), here + ("id",), items, origin, here, text=True)
                if record is not None:
                    facts["records"].append(record)
        out = [
            UnitFacts(name, members.get(name, ()), tuple(parts["records"]), tuple(parts["counts"]),
                      tuple(parts["values"]), tuple(parts["deliveries"]), unit_origin[name], attributes.get(name, ()))
            for name, parts in units.items()
        ]
        return Facts(tuple(out), tuple(events), None, (file.name,))

    # -- the facts against each other --

    def check(self, facts: Facts) -> None:
        period = self.check_periods()
        events: dict[tuple, Happened] = {}
        for event in facts.events:
            key = (event.event, event.date, event.unit)
            if not self.whole(event):  # its date could not be read: only its other parts are checked
                pass
            elif key in events:
                self.report_fact(event, "F145", "duplicate_event", self.first(events[key]),
                                 event=_q(event.event), date=event.date.isoformat())
            else:
                events[key] = event
            self.within(period, event, "date", event.date)
        for unit in facts.units:
            self.check_unit(unit, period)

    def first(self, fact: object) -> tuple[Message, ...]:
        return (FactsMessage.of("first_at", place=self.where_is(fact)),)

    def check_periods(self) -> tuple[_dt.date, _dt.date] | None:
        if not self.periods:
            return None
        (period, file, path), *others = self.periods
        for other, other_file, other_path in others:
            if other != period:
                line, _ = file.place(path)
                self.report(other_file, other_path, "F152", "period_conflict",
                            start=other[0].isoformat(), end=other[1].isoformat(),
                            other_start=period[0].isoformat(), other_end=period[1].isoformat(),
                            other=f"{file.name}:{line}")
        return period

    def within(self, period, fact: object, part: str | None, value: _dt.date | int | None) -> None:
        if period is None or value is None:
            return
        start, end = period
        if isinstance(value, int):
            outside = not start.year <= value <= end.year
            shown = str(value)
            words = ("year", "năm")
        else:
            outside = not start <= value <= end
            shown = value.isoformat()
            words = ("date", "ngày")
        if outside:
            self.report_fact(fact, "F150", "outside_period", part=part, what=words, value=shown,
                             start=start.isoformat(), end=end.isoformat())

    def check_unit(self, unit: UnitFacts, period) -> None:
        ids: dict[tuple, Record] = {}
        same: dict[tuple, Record] = {}
        dated: dict[tuple, Record] = {}
        for record in unit.records:
            if record.id is not None:
                key = (record.kind, record.id)
                if key in ids:
                    self.report_fact(record, "F140", "duplicate_id", self.first(ids[key]),
                                     kind=record.kind, id=_q(record.id), unit=_q(unit.name))
                else:
                    ids[key] = record
            elif not self.whole(record):  # a field left out as unreadable: not the same as another record
                pass
            else:
                key = (record.kind, tuple(sorted(record.values, key=lambda pair: pair[0])))
                if key in same:
                    self.report_fact(record, "F141", "duplicate_record",
                                     (*self.first(same[key]), FactsMessage.of("give_ids")),
                                     kind=record.kind, unit=_q(unit.name))
                else:
                    same[key] = record
            if record.date is not None:
                dated.setdefault((record.kind, record.date.year), record)
            elif self.date_field(record.kind) is None:
                dated.setdefault((record.kind, None), record)
            date_field = self.date_field(record.kind)
            self.within(period, record, date_field.name if date_field else None, record.date)
        counts: dict[tuple, Count] = {}
        conflicts: set[tuple] = set()
        for count in unit.counts:
            key = (count.kind, count.year, count.where)
            if not self.whole(count):  # its number or a condition could not be read: not compared with others
                pass
            elif key in counts:
                self.report_fact(count, "F142", "duplicate_count", self.first(counts[key]), kind=count.kind,
                                 year=count.year, where=_show_where(count.where), unit=_q(unit.name))
            else:
                counts[key] = count
            self.within(period, count, "year", count.year)
            record = dated.get((count.kind, count.year)) or dated.get((count.kind, None))
            if record is not None and (count.kind, count.year) not in conflicts:
                conflicts.add((count.kind, count.year))
                self.report_fact(count, "F134", "records_and_counts",
                                 (FactsMessage.of("records_at", place=self.where_is(record)),),
                                 unit=_q(unit.name), kind=count.kind, year=count.year)
        groups: dict[tuple, list[Count]] = {}
        for count in counts.values():
            groups.setdefault((count.kind, count.year), []).append(count)
        for count in counts.values():
            for other in groups[(count.kind, count.year)]:
                if set(other.where) < set(count.where) and count.count > other.count:
                    self.report_fact(count, "F131", "count_exceeds",
                                     (FactsMessage.of("other_count_at", place=self.where_is(other)),), part="count", count=count.count,
                                     kind=count.kind, year=count.year, where=_show_where(count.where),
                                     total=other.count, other=_show_where(other.where))
                    break
        values: dict[tuple, ReportedValue] = {}
        for reported in unit.values:
            key = (reported.metric, reported.year)
            if key in values:
                self.report_fact(reported, "F143", "duplicate_value", self.first(values[key]),
                                 metric=_q(reported.metric), year=reported.year, unit=_q(unit.name))
            else:
                values[key] = reported
            self.within(period, reported, "year", reported.year)
        for delivery in unit.deliveries:
            self.within(period, delivery, "date", delivery.date)


def _row_past(lines: list[str], delimiter: str, limit: int) -> int | None:
    """The first line of the non-blank row after the first `limit` ones, or None (a quick pass, C speed)."""
    reader = csv.reader((line + "\n" for line in lines), delimiter=delimiter)
    rows, consumed = 0, 0
    try:
        for cells in reader:
            line, consumed = consumed + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                rows += 1
                if rows > limit:
                    return line
    except csv.Error:
        return None  # the real pass reports it
    return None


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            count += 1
    return count


def _cell_starts(line: str, delimiter: str) -> list[int]:
    """0-based offsets where each cell of a one-line CSV row starts."""
    starts, quoted = [0], False
    for index, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            starts.append(index + 1)
    return starts


# ------------------------------------------------------------------ API --


def _finish(loader: _Loader, parts: list[Facts], rules=None) -> Facts:
    facts = Facts.merge(parts)
    given: dict[tuple[str, str], tuple[str, Origin | None]] = {}
    for part in parts:  # one value per unit and attribute, whichever files give it
        for unit in part.units:
            for name, value in unit.attributes:
                first = given.setdefault((unit.name, name), (value, unit.origin))
                if first[0] != value:
                    loader.diagnostics.append(Diagnostic(
                        "F146", FactsMessage.of("attribute_clash", unit=_q(unit.name), name=_q(name),
                                                first=_q(first[0]), second=_q(value),
                                                place=str(first[1]) if first[1] else "?"),
                        None))
    # A unit is placed where its member_of is declared (a TOML unit table, a row of units.csv),
    # when a file declares one: what a problem with its groups points at, whatever file named it first.
    declared: dict[str, Origin | None] = {}
    for part in parts:
        for unit in part.units:
            if unit.member_of:
                declared.setdefault(unit.name, unit.origin)
    if declared:
        units = tuple(evolve(u, origin=declared[u.name]) if u.name in declared else u for u in facts.units)
        facts = evolve(facts, units=units)
    loader.check(facts)
    if rules is not None:  # and against the plan, even when the loader found problems: all of them at once
        loader.diagnostics.extend(rules.check(facts))
    assert loader.diagnostics or not loader.partial, "a fact read with a problem that was not reported"
    loader.diagnostics.extend(loader.more())
    if loader.diagnostics:
        order = loader.order

        def position(d: Diagnostic):
            if d.span is None:
                return (-1, 0, 0)
            if rules is not None:  # as `RuleSet.evaluate` sorts the plan's: by file name, whatever the order given
                return (d.span.file or "", d.span.line, d.span.column)
            return (order.get(d.span.file, len(order)), d.span.line, d.span.column)

        raise FactsError(sorted(loader.diagnostics, key=position))
    return facts


def load_facts(*paths: str | os.PathLike, vocabulary: Vocabulary | None = None, table: str | None = None,
               evidence: str = "records", mapping=None, rules=None, **source_options):
    """Read and validate facts from `.toml` and `.csv` files and folders of them, or open a table source.

    A folder stands for every .toml and .csv file directly in it, in name
    order; the paths given are read in path order too, so their order never
    changes the facts or the problems. A CSV file is one table, named by the file's stem, or by `table`
    for every CSV file given by path (not those found in folders). Raises
    one `FactsError` listing every problem of every file.

    `rules` (a compiled `RuleSet`) also checks the facts against its plan
    (`RuleSet.check`: units, groups, events, tasks, deadlines, periods — the
    F2xx codes), and its vocabulary is used when `vocabulary` is not given:
    the one `FactsError` then lists the loader's problems and the plan's
    together, sorted by place. A fact with an unreadable value is still
    checked on the rest (its date, id, unit, task). A table source is checked
    against the plan when it is evaluated.

    One path that names a table source — a DuckDB file (.duckdb, .db), a
    folder of Parquet files, or a `postgresql://` connection string — gives
    a `sources.FactSource` instead (needs the `sql` extra): `RuleSet.evaluate`
    takes either, and the database counts the records (docs/sql.md).
    `evidence` is the source's ("records" or "problems"); `mapping` (a TOML
    file's path, or its parsed content) gives the database's own names of
    tables and columns (docs/sql.md, Mapping). `source_options` go to
    `sources.open_source` (`query_timeout`). Close a source when done (it
    is a context manager).
    """
    sources = [p for p in paths if _names_source(p)]
    if sources:
        return _open_source(paths, sources, vocabulary, table, evidence, mapping, **source_options)
    if mapping is not None:  # names of a database's tables mean nothing for TOML and CSV files
        raise FactsError([Diagnostic("F101", FactsMessage.of("mapping_needs_source"))])
    if vocabulary is None and rules is not None:
        vocabulary = rules.vocabulary
    loader = _Loader(vocabulary if vocabulary is not None else _standard())
    with paused_gc():
        return _finish(loader, loader.load(paths, table), rules)


def _names_source(path: str | os.PathLike) -> bool:
    from .sources import is_source

    try:
        return is_source(path)
    except (OSError, ValueError):  # an over-long or unlistable path: the file reader says so, located
        return False


_DRIVERS = {"postgres": ("psycopg", "PostgreSQL"), "duckdb": ("duckdb", "DuckDB, Parquet")}


def _open_source(paths, sources, vocabulary, table, evidence, mapping=None, **options):
    """The one table source among `paths`, opened; located errors for anything else."""
    import importlib.util

    def fail(key: str, **args) -> FactsError:
        return FactsError([Diagnostic("F101", FactsMessage.of(key, **args))])

    from .sources import is_conninfo, open_source, shown_target

    if len(paths) > 1:
        raise fail("source_alone", path=shown_target(sources[0]))
    if table is not None:
        raise fail("source_table", path=shown_target(sources[0]))
    target = os.fspath(sources[0])
    module, what = _DRIVERS["postgres" if is_conninfo(target) else "duckdb"]
    if importlib.util.find_spec(module) is None:
        raise fail("no_driver", path=shown_target(target), what=what, module=module)

    return open_source(target, vocabulary, evidence=evidence, mapping=mapping, **options)


def loads_facts(text: str, name: str = "facts.toml", *, vocabulary: Vocabulary | None = None,
                table: str | None = None, rules=None) -> Facts:
    """Read and validate facts from text: CSV when `name` ends in .csv, else TOML (`rules`: see `load_facts`)."""
    if vocabulary is None and rules is not None:
        vocabulary = rules.vocabulary
    loader = _Loader(vocabulary if vocabulary is not None else _standard())
    with paused_gc():
        return _finish(loader, loader.load_text(text, name, table), rules)
