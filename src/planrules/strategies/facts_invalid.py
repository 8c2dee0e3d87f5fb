"""Invalid facts files: valid facts files with exactly one problem, and the code the loader gives for it.

A `_Spoiler` holds the TOML document of drawn valid facts and adds one
problem to it (a new unit or event of its own, so that nothing else in the
file can clash with it), or for F100 an edit to the text itself.
"""

from __future__ import annotations

import datetime as _dt
import random
import re
from functools import lru_cache

from hypothesis import strategies as st

from ..facts import model as f
from ..language import model as m
from ..language.vocabulary import Vocabulary
from .common import VocabularyLike, condition_values, days_between, vocabulary_of
from .facts_files import (BareKey, TomlFloat, document_of, grouped_by_kind, spell_date, spell_field, style_seeds,
                          toml_text)
from .facts_valid import field_value, valid_facts

INVALID_FACTS: dict[str, str] = {
    "syntax": "F100",
    "bare_key": "F107",
    "unknown_key": "F103",
    "missing_key": "F104",
    "unknown_kind": "F110",
    "unknown_field": "F111",
    "unknown_metric": "F112",
    "unknown_category": "F113",
    "wrong_type": "F120",
    "bad_date": "F121",
    "bad_year": "F122",
    "negative": "F123",
    "bad_period": "F124",
    "bad_deadline": "F125",
    "bad_result": "F127",
    "not_condition": "F130",
    "count_exceeds": "F131",
    "value_range": "F132",
    "per_record_value": "F133",
    "figure_unit": "F135",
    "records_and_counts": "F134",
    "duplicate_id": "F140",
    "duplicate_record": "F141",
    "duplicate_count": "F142",
    "duplicate_value": "F143",
    "duplicate_event": "F145",
    "outside_period": "F150",
    "period_order": "F151",
}
"""The kinds of problem `invalid_facts_toml` makes, and the code the loader gives for each.

One per check of a single TOML file; the checks of CSV files (F105, F106,
F144), of several files (F146, F152) and of reading files (F101, F102) are
not made here: a kind gives one text and one code, and each of these needs
files. F146 (a unit given two values of one attribute) needs two files,
since within one TOML file the attribute's key given twice is F100; F152
(different periods) two files too. The checks of unit registers (F147, F148,
F149, F155, F156, F157, F158) are made by `registers.invalid_register_files`.
The checks of Excel workbooks (F260: not a workbook; F261: past a limit; F262:
no sheet of facts; F263: a formula without its value) need a workbook, not a
text: tests/test_xlsx_facts.py makes each.
"""


class _Spoiler:
    """One facts document, and the means to add exactly one problem to it."""

    def __init__(self, draw, vocabulary: Vocabulary, facts: f.Facts, document: dict):
        self.draw, self.vocabulary, self.document, self.period = draw, vocabulary, document, facts.period
        self.rnd = random.Random(draw(style_seeds))
        start, end = facts.period or (_dt.date(2024, 1, 1), _dt.date(2027, 12, 31))
        self.start, self.end = start, end
        self.days = days_between(start, end)
        self.years = tuple(range(start.year, end.year + 1))
        self.units = document.setdefault("units", {})
        self.names = {e.event for e in facts.events}
        self.edit = None  # for F100: a change to the text itself

    def day(self) -> _dt.date:
        return self.draw(self.days)

    def year(self) -> int:
        return self.draw(st.sampled_from(self.years))

    def pick(self, items):
        return self.draw(st.sampled_from(list(items)))

    def unit(self, table: dict, name: str | None = None) -> str:
        """Add a unit not in the document yet (so that nothing else about it can clash)."""
        base = name or "đơn_vị_lỗi"
        name, n = base, 1
        while name in self.units:
            n += 1
            name = f"{base}_{n}"
        self.units[BareKey(name) if isinstance(base, BareKey) else name] = table
        return name

    def kinds(self, test=lambda decl, date_field: True) -> list[str]:
        return [k for k, decl in self.vocabulary.kinds.items() if test(decl, self.vocabulary.date_field(k))]

    def record(self, kind: str) -> dict:
        """A valid record of `kind`, dated inside the period."""
        date_field = self.vocabulary.date_field(kind)
        row: dict = {}
        if date_field is not None:
            row[date_field.name] = spell_date(self.rnd, self.day())
        for decl in self.vocabulary.kinds[kind].fields:
            if decl is not date_field and self.draw(st.booleans()):
                row[decl.name] = spell_field(self.rnd, decl, field_value(self.draw, decl, self.days, ()))
        return row

    def value_of(self, decl: m.FieldDecl):
        return spell_field(self.rnd, decl, field_value(self.draw, decl, self.days, ()))

    def event(self) -> str:
        name, n = "sự_kiện_lỗi", 1
        while name in self.names:
            n += 1
            name = f"sự_kiện_lỗi_{n}"
        return name

    def add_event(self, row: dict) -> None:
        self.document.setdefault("events", [])
        self.document["events"] = [*self.document["events"], row]  # keep "events" before "units"
        if list(self.document).index("events") > list(self.document).index("units"):
            units = self.document.pop("units")
            self.document["units"] = units

    def count(self, kind: str, **extra) -> dict:
        return {"kind": kind, "year": self.year(), "count": self.draw(st.integers(0, 50)), **extra}


def _needs(kind: str, vocabulary: Vocabulary) -> bool:
    """Whether `vocabulary` has what problem `kind` needs (a category field, a per-record metric...)."""
    kinds = vocabulary.kinds.values()
    exprs = [vocabulary.expr(m.MetricName(n)) for n in vocabulary.metrics]
    if kind in ("unknown_field", "negative", "records_and_counts", "duplicate_id", "duplicate_record",
                "duplicate_count", "count_exceeds", "not_condition", "unknown_category"):
        if not kinds:
            return False
    if kind == "unknown_category":
        return any(d.type is m.FieldType.CATEGORY for k in kinds for d in k.fields)
    if kind == "count_exceeds":
        return any(d.type in (m.FieldType.BOOL, m.FieldType.CATEGORY) for k in kinds for d in k.fields)
    if kind == "not_condition":
        return any(d.type not in (m.FieldType.BOOL, m.FieldType.CATEGORY) for k in kinds for d in k.fields)
    if kind in ("value_range", "duplicate_value"):
        return any(isinstance(e, (m.ShareOf, m.CutVsPreviousYear, m.CountOf)) for e in exprs)
    if kind == "per_record_value":
        return any(isinstance(e, m.EachRecord) for e in exprs)
    if kind == "figure_unit":
        return any(not isinstance(e, m.EachRecord) for e in exprs)
    return True


def _spoil(kind: str, s: _Spoiler) -> None:  # noqa: C901 - one branch a problem, each small
    draw, vocab = s.draw, s.vocabulary
    if kind == "syntax":
        s.edit = s.pick(["value", "header", "twice", "string"])
    elif kind == "bare_key":
        fields = [(k, d) for k in s.kinds() for d in vocab.kinds[k].fields
                  if not d.name.isascii() and re.fullmatch(r"\w+", d.name)]
        if fields and draw(st.booleans()):
            record_kind, decl = s.pick(fields)
            row = s.record(record_kind)
            row.pop(decl.name, None)
            row[BareKey(decl.name)] = s.value_of(decl) if decl.type is not m.FieldType.DATE \
                else spell_date(s.rnd, s.day())
            s.unit({"records": {record_kind: [row]}})
        else:
            s.unit({}, BareKey("đơn_vị_lỗi"))
    elif kind == "unknown_key":
        where = s.pick(["unit", "count", "event", "top"] if vocab.kinds else ["unit", "event", "top"])
        if where == "unit":
            s.unit({s.pick(["recrods", "count", "member", "ghi_chú"]): {}})
        elif where == "count":
            s.unit({"counts": [s.count(s.pick(vocab.kinds), **{s.pick(["note", "years", "nguồn"]): "x"})]})
        elif where == "event":
            s.add_event({"event": s.event(), "date": s.day(), s.pick(["place", "units", "ngày"]): "x"})
        else:
            s.document[s.pick(["unit", "fact", "event"])] = {}
    elif kind == "missing_key":
        where = s.pick(["event", "delivery", "count"] if vocab.kinds else ["event", "delivery"])
        if where == "event":
            s.add_event({"event": s.event()} if draw(st.booleans()) else {"date": s.day()})
        elif where == "delivery":
            s.unit({"deliveries": [{"task": "TT 2"} if draw(st.booleans()) else {"date": s.day()}]})
        else:
            row = s.count(s.pick(vocab.kinds))
            del row[s.pick(["kind", "year", "count"])]
            s.unit({"counts": [row]})
    elif kind == "unknown_kind":
        name = s.pick(["bản_ghi_lạ", "hội_nghi", "conference", *(k + "s" for k in vocab.kinds)])
        if name in vocab.kinds:
            name = "bản_ghi_lạ"
        if draw(st.booleans()):
            s.unit({"records": {name: [{}]}})
        else:
            s.unit({"counts": [s.count(name)]})
    elif kind == "unknown_field":
        record_kind = s.pick(s.kinds())
        names = {d.name for d in vocab.kinds[record_kind].fields}
        field = next(n for n in ("trường_lạ", "ghi_chú_lạ", "x_y_z") if n not in names)
        if draw(st.booleans()):
            s.unit({"records": {record_kind: [{**s.record(record_kind), field: "x"}]}})
        else:
            s.unit({"counts": [s.count(record_kind, where={field: True})]})
    elif kind == "unknown_metric":
        name = "chỉ_số_lạ" if "chỉ_số_lạ" not in vocab.metrics else "chỉ_số_lạ_2"
        s.unit({"values": [{"metric": name, "year": s.year(), "value": "50%"}]})
    elif kind == "unknown_category":
        choices = [(k, d) for k in s.kinds() for d in vocab.kinds[k].fields if d.type is m.FieldType.CATEGORY]
        record_kind, decl = s.pick(choices)
        wrong = next(n for n in ("không_có", "khác_lạ", "zz") if n not in {c.name for c in decl.categories})
        wrong = s.pick([wrong, decl.categories[0].name.replace("_", " ") + " "]) if "_" in decl.categories[0].name \
            else wrong
        if wrong.strip() in {c.name for c in decl.categories}:
            wrong = "không_có_đâu"
        if draw(st.booleans()):
            s.unit({"records": {record_kind: [{**s.record(record_kind), decl.name: wrong}]}})
        else:
            s.unit({"counts": [s.count(record_kind, where={decl.name: wrong})]})
    elif kind == "wrong_type":
        options = ["event_date", "member_of", "records"]
        if vocab.kinds:
            options += ["count", "year"]
        typed = [(k, d) for k in s.kinds() for d in vocab.kinds[k].fields
                 if d.type in (m.FieldType.BOOL, m.FieldType.DAYS, m.FieldType.DATE, m.FieldType.INTEGER,
                               m.FieldType.DECIMAL, m.FieldType.PERCENT)]
        if typed:
            options.append("field")
        how = s.pick(options)
        if how == "event_date":
            s.add_event({"event": s.event(), "date": s.pick([True, 2026, TomlFloat("1.5")])})
        elif how == "member_of":
            s.unit({"member_of": s.pick(["các_chi_bộ", 3, True])})
        elif how == "records":
            s.unit({"records": s.pick(["hội_nghị", 1])})
        elif how == "count":
            s.unit({"counts": [{**s.count(s.pick(vocab.kinds)), "count": s.pick([True, TomlFloat("2.5"), "12"])}]})
        elif how == "year":
            s.unit({"counts": [{**s.count(s.pick(vocab.kinds)), "year": s.pick([str(s.year()), True])}]})
        else:
            record_kind, decl = s.pick(typed)
            wrong = {m.FieldType.BOOL: s.pick([5, "maybe", TomlFloat("1.0")]), m.FieldType.DAYS: s.pick([True, "abc"]),
                     m.FieldType.DATE: s.pick([True, 20260101]), m.FieldType.INTEGER: s.pick([True, TomlFloat("2.5")]),
                     m.FieldType.DECIMAL: s.pick([True, "abc", "1,5 ngày"]), m.FieldType.PERCENT: s.pick([True, "%", "1/0%"])}
            s.unit({"records": {record_kind: [{**s.record(record_kind), decl.name: wrong[decl.type]}]}})
    elif kind == "bad_date":
        year = s.year()
        text = s.pick([f"31/02/{year}", f"30/02/{year}", f"{year}-13-01", f"32/01/{year}", f"{year}-04-31",
                       "ngày mai", "2026.03.02"])
        options = ["event", "delivery"] + (["record"] if s.kinds(lambda d, date: date is not None) else [])
        where = s.pick(options)
        if where == "event":
            s.add_event({"event": s.event(), "date": text})
        elif where == "delivery":
            s.unit({"deliveries": [{"task": "TT 2", "date": text}]})
        else:
            record_kind = s.pick(s.kinds(lambda d, date: date is not None))
            s.unit({"records": {record_kind: [{**s.record(record_kind),
                                               vocab.date_field(record_kind).name: text}]}})
    elif kind == "bad_year":
        year = s.pick([1850, 1899, 2201, 9999])
        where = s.pick(["event", "count"] if vocab.kinds else ["event"])
        if where == "event":
            s.add_event({"event": s.event(), "date": _dt.date(year, 1, 1) if year < 10000 else f"01/01/{year}"})
        else:
            s.unit({"counts": [{**s.count(s.pick(vocab.kinds)), "year": year}]})
    elif kind == "negative":
        typed = [(k, d) for k in s.kinds() for d in vocab.kinds[k].fields
                 if d.type in (m.FieldType.DAYS, m.FieldType.INTEGER)]
        if typed and draw(st.booleans()):
            record_kind, decl = s.pick(typed)
            value = s.pick(["-1/2", -1, "-0,5"]) if decl.type is m.FieldType.DAYS else s.pick([-1, -30])
            s.unit({"records": {record_kind: [{**s.record(record_kind), decl.name: value}]}})
        else:
            s.unit({"counts": [{**s.count(s.pick(vocab.kinds)), "count": s.pick([-1, -100])}]})
    elif kind == "bad_period":
        s.unit({"deliveries": [{"task": "TT 2", "date": s.day(),
                                "period": s.pick(["2026-13", "2026-H3", "26", "2026/05", "31/02/2026", True, "1800",
                                                  "2026-Q5", "quý 1"])}]})
    elif kind == "bad_deadline":
        s.unit({"deliveries": [{"task": "TT 2", "date": s.day(), "deadline": s.pick([0, -1, "0", "", "  ", True])}]})
    elif kind == "bad_result":
        s.unit({"assessments": [{"target": "II.2", "year": s.year(), "assessor": "bộ_kh_cn", "date": s.day(),
                                 "result": s.pick(["tốt", "đạt yêu cầu", "yes", "không", "1"])}]})
    elif kind == "not_condition":
        choices = [(k, d) for k in s.kinds() for d in vocab.kinds[k].fields
                   if d.type not in (m.FieldType.BOOL, m.FieldType.CATEGORY)]
        record_kind, decl = s.pick(choices)
        s.unit({"counts": [s.count(record_kind, where={decl.name: s.value_of(decl)})]})
    elif kind == "count_exceeds":
        choices = [(k, d) for k in s.kinds() for d in vocab.kinds[k].fields
                   if d.type in (m.FieldType.BOOL, m.FieldType.CATEGORY)]
        record_kind, decl = s.pick(choices)
        total = draw(st.integers(0, 100))
        year = s.year()
        value = s.pick(condition_values(decl))
        s.unit({"counts": list(draw(st.permutations([
            {"kind": record_kind, "year": year, "count": total},
            {"kind": record_kind, "year": year, "count": total + draw(st.integers(1, 10)),
             "where": {decl.name: value}},
        ])))})
    elif kind == "value_range":
        metrics = [(n, vocab.expr(m.MetricName(n))) for n in vocab.metrics]
        name, expr = s.pick([(n, e) for n, e in metrics
                             if isinstance(e, (m.ShareOf, m.CutVsPreviousYear, m.CountOf))])
        if isinstance(expr, m.ShareOf):
            value = s.pick(["150%", "101%", "96", TomlFloat("1.5"), "-1%", "3/2", 2])
        elif isinstance(expr, m.CutVsPreviousYear):
            value = s.pick(["150%", "3/2", TomlFloat("1.01"), 2])
        else:
            value = s.pick(["2,5", "5%", -1, TomlFloat("0.5"), "1/3"])
        s.unit({"values": [{"metric": name, "year": s.year(), "value": value}]})
    elif kind == "per_record_value":
        name = s.pick([n for n in vocab.metrics if isinstance(vocab.expr(m.MetricName(n)), m.EachRecord)])
        s.unit({"values": [{"metric": name, "year": s.year(), "value": s.pick(["1/2", 1, "50%"])}]})
    elif kind == "figure_unit":  # a figure in another unit than its metric's, or a unit on a metric not reported
        name = s.pick([n for n in vocab.metrics if not isinstance(vocab.expr(m.MetricName(n)), m.EachRecord)])
        unit = vocab.figure_unit(name)
        if not isinstance(vocab.expr(m.MetricName(name)), m.Reported):
            row = {"value": 1, "measured_in": s.pick(["%", "ngày", "Tbps"])}
        elif unit == "%":
            row = {"value": s.pick([TomlFloat("0.5"), "0,5", 1]), **s.pick([{}, {"measured_in": "ngày"}])}
        else:
            row = s.pick([{"value": "5%"}, {"value": 5, "measured_in": "%" if unit is not None else "Gbps"}])
        s.unit({"values": [{"metric": name, "year": s.year(), **row}]})
    elif kind == "records_and_counts":
        record_kind = s.pick(s.kinds())
        row = s.record(record_kind)
        date_field = vocab.date_field(record_kind)
        year = s.year()
        if date_field is not None:
            row[date_field.name] = spell_date(s.rnd, draw(days_between(max(s.start, _dt.date(year, 1, 1)),
                                                               min(s.end, _dt.date(year, 12, 31)))))
        s.unit({"records": {record_kind: [row]}, "counts": [{**s.count(record_kind), "year": year}]})
    elif kind == "duplicate_id":
        record_kind = s.pick(s.kinds())
        same = s.pick(["HN-01", "1", "R 7"])
        rows = [{"id": same, **s.record(record_kind)}, {"id": same, **s.record(record_kind)}]
        s.unit({"records": {record_kind: rows}})
    elif kind == "duplicate_record":
        record_kind = s.pick(s.kinds())
        row = s.record(record_kind)
        s.unit({"records": {record_kind: [row, dict(row)]}})
    elif kind == "duplicate_count":
        row = s.count(s.pick(s.kinds()))
        s.unit({"counts": [row, dict(row)]})
    elif kind == "duplicate_value":
        name = s.pick([n for n in vocab.metrics
                       if isinstance(vocab.expr(m.MetricName(n)), (m.ShareOf, m.CutVsPreviousYear, m.CountOf))])
        year = s.year()
        s.unit({"values": [{"metric": name, "year": year, "value": 0},
                           {"metric": name, "year": year, "value": s.pick([0, 1])}]})
    elif kind == "duplicate_event":
        row = {"event": s.event(), "date": s.day()}
        s.add_event(row)
        s.add_event(dict(row))
    elif kind == "outside_period":
        before = s.start - _dt.timedelta(days=draw(st.integers(1, 400)))
        after = s.end + _dt.timedelta(days=draw(st.integers(1, 400)))
        day = s.pick([before, after])
        year = s.pick([s.start.year - 1, s.end.year + 1])
        options = ["event", "delivery", "value" if _needs("duplicate_value", vocab) else "event"]
        if s.kinds():
            options.append("count")
        if s.kinds(lambda d, date: date is not None):
            options.append("record")
        where = s.pick(options)
        if where == "event":
            s.add_event({"event": s.event(), "date": day})
        elif where == "delivery":
            s.unit({"deliveries": [{"task": "TT 2", "date": day}]})
        elif where == "value":
            name = s.pick([n for n in vocab.metrics if isinstance(vocab.expr(m.MetricName(n)),
                                                                   (m.ShareOf, m.CutVsPreviousYear, m.CountOf))])
            s.unit({"values": [{"metric": name, "year": year, "value": 0}]})
        elif where == "count":
            s.unit({"counts": [{**s.count(s.pick(s.kinds())), "year": year}]})
        else:
            record_kind = s.pick(s.kinds(lambda d, date: date is not None))
            s.unit({"records": {record_kind: [{**s.record(record_kind), vocab.date_field(record_kind).name: day}]}})
    elif kind == "period_order":
        later = s.end + _dt.timedelta(days=draw(st.integers(1, 400)))
        s.document["facts"] = {"period": {"from": s.pick([later, s.end if s.end > s.start else later]),
                                          "to": s.start}}
    else:  # pragma: no cover - INVALID_FACTS lists every kind
        raise ValueError(kind)


def _edit(text: str, how: str, draw) -> str:
    """`text` made not TOML (F100) in the way `how` says."""
    if how == "value":
        lines = text.split("\n")
        at = draw(st.integers(0, len(lines) - 1))
        return "\n".join(lines[:at] + ['"lỗi" ='] + lines[at:])
    if how == "header":
        return text + '\n[units."đơn_vị_lỗi"\n'
    if how == "twice":
        return text + '\n[units."đơn_vị_lỗi"]\n\n[units."đơn_vị_lỗi"]\n'
    return text + '\n"ghi_chú" = "chưa đóng ngoặc\n'


@lru_cache(maxsize=None)
def _invalid(vocabulary: Vocabulary, kind: str) -> st.SearchStrategy[tuple[str, str]]:
    period = True if kind in ("outside_period", "period_order") else None

    @st.composite
    def build(draw):
        facts = grouped_by_kind(draw(valid_facts(vocabulary, period=period)))
        spoiler = _Spoiler(draw, vocabulary, facts, {})
        document = spoiler.document = document_of(spoiler.rnd, vocabulary, facts)
        spoiler.units = document.setdefault("units", {})
        if not document["units"] and kind != "bare_key":
            del document["units"]
            spoiler.units = document.setdefault("units", {})
        _spoil(kind, spoiler)
        if not spoiler.units:
            del document["units"]
        text = toml_text(spoiler.rnd, document)
        if spoiler.edit is not None:
            text = _edit(text, spoiler.edit, draw)
        return text, INVALID_FACTS[kind]

    return build()


@lru_cache(maxsize=None)
def invalid_facts_toml(vocabulary: VocabularyLike = None,
                       kind: str | None = None) -> st.SearchStrategy[tuple[str, str]]:
    """(text, code): a facts file with exactly one problem of `kind`, and the code the loader gives for it.

    `kind` is a key of `INVALID_FACTS` ("negative", "count_exceeds",
    "outside_period", "bare_key"...); None draws any kind the vocabulary
    allows (a category field is needed for "unknown_category", a
    per-record metric for "per_record_value"...). The rest of the file is
    valid facts (`facts_and_toml`), so

        with pytest.raises(FactsError) as error:
            loads_facts(text, vocabulary=vocabulary)
        assert [d.code for d in error.value.diagnostics] == [code]

    Raises `ValueError` for an unknown kind or one the vocabulary cannot
    give.
    """
    vocab = vocabulary_of(vocabulary)
    if kind is None:
        kinds = [k for k in INVALID_FACTS if _needs(k, vocab)]
        return st.sampled_from(kinds).flatmap(lambda k: _invalid(vocab, k))
    if kind not in INVALID_FACTS:
        raise ValueError(f"unknown kind of problem {kind!r}; the kinds: {', '.join(INVALID_FACTS)}")
    if not _needs(kind, vocab):
        raise ValueError(f"the vocabulary has nothing a {kind!r} problem needs")
    return _invalid(vocab, kind)
