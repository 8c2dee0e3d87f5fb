"""Verdicts that cost nothing until asked: explanations worded lazily, the same words as eagerly.

A verdict's sentences keep their arguments as computed (`Explanation.of`, with `Later` wordings) and put
them into words the first time a reader asks (`Explanation.words`). The properties here: the words are
those an eager wording gives, in every report format and both languages; building a report, hashing
it and rolling it up words nothing; equality, hashing and pickling do not depend on whether a sentence
was worded.
"""

import datetime as dt
import json
import pickle
from fractions import Fraction
from unittest import mock

import attrs
import pytest
from conftest import PLANS, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

import planrules
from planrules.evaluation.rollup import roll_up
from planrules.evaluation.verdicts import Explanation, Figure, Later, RuleKind, Stated, Status, Verdict
from planrules.reports.data import from_json, from_toml
from planrules.strategies import valid_facts

LIBRARY = planrules.load_dir(PLANS)
VU_DUONG = planrules.compile(planrules.load(PLANS / "quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"), LIBRARY)
CUC = planrules.compile(planrules.load(PLANS / "quoc-gia/bo-noi-vu/cuc-van-thu-luu-tru/kh-10-du.plan"), LIBRARY)
SAMPLES = {
    "vu-duong": (VU_DUONG, planrules.load_facts(ROOT / "examples/vu-duong/facts.toml", vocabulary=VU_DUONG.vocabulary)),
    "cuc": (CUC, planrules.load_facts(ROOT / "examples/cuc-van-thu-luu-tru/facts.toml", vocabulary=CUC.vocabulary)),
}
FORMATS = [(fmt, lang) for fmt in ("text", "md", "toml", "json", "html") for lang in ("en", "vi")]
AS_OF = st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31))


_LAZY_INIT = Later.__init__


def _eager_init(self, fn, *args):
    """`Later.__init__` as an eager wording would be: the words worked out where the sentence is built."""
    _LAZY_INIT(self, fn, *args)
    self()


def rendered(report) -> list[str]:
    return [planrules.render(report, fmt, lang=lang) for fmt, lang in FORMATS]


def sentences(report) -> list[Explanation]:
    return [s for v in report.verdicts for s in v.explanation]


def both_ways(rules, facts, as_of):
    """The report built lazily and the one built with every wording done as its sentence is built."""
    lazy = rules.evaluate(facts, as_of)
    with mock.patch.object(Later, "__init__", _eager_init):
        eager = rules.evaluate(facts, as_of)
    return lazy, eager


@settings(max_examples=max(10, settings.default.max_examples // 10))
@given(st.sampled_from(sorted(SAMPLES)), AS_OF)
def test_the_sample_facts_read_the_same_worded_lazily_or_eagerly(sample, as_of):
    rules, facts = SAMPLES[sample]
    lazy, eager = both_ways(rules, facts, as_of)
    assert not any(s.worded for s in sentences(lazy))
    assert rendered(lazy) == rendered(eager)
    assert lazy == eager


@settings(max_examples=max(10, settings.default.max_examples // 10))
@given(st.sampled_from([VU_DUONG, CUC]).flatmap(lambda rules: st.tuples(
    st.just(rules), valid_facts(rules, years=(2025, 2028)))), AS_OF)
def test_any_valid_facts_read_the_same_worded_lazily_or_eagerly(drawn, as_of):
    rules, facts = drawn
    lazy, eager = both_ways(rules, facts, as_of)
    assert rendered(lazy) == rendered(eager)
    assert lazy == eager


def _counting(monkeypatch) -> list[str]:
    """Every wording from now on, by what was worded: a sentence (`Explanation.words`) or an argument (`Later`)."""
    calls: list[str] = []
    words, call = Explanation.words, Later.__call__

    def counted_words(self):
        calls.append(self.key)
        return words(self)

    def counted_call(self):
        calls.append("later")
        return call(self)

    monkeypatch.setattr(Explanation, "words", counted_words)
    monkeypatch.setattr(Later, "__call__", counted_call)
    return calls


def test_building_hashing_and_rolling_up_verdicts_words_nothing_until_a_report_is_rendered(monkeypatch):
    calls = _counting(monkeypatch)
    rules, facts = SAMPLES["vu-duong"]
    report = rules.evaluate(facts, dt.date(2026, 11, 30))
    assert calls == [] and report.verdicts
    assert not any(s.worded for s in sentences(report))
    # exact values are there without words: status, value, threshold, figures, rule, unit, period
    share = next(v for v in report.verdicts if v.rule == "I.2-1#1" and v.unit == "vp_hđnd_ubnd")
    assert (share.status, share.value, share.figure("part"), share.figure("whole"), share.period) == (
        planrules.Status.PENDING, Fraction(2, 3), 6, 9, "2026")
    assert [s.key for s in share.explanation] == ["share", "open"]  # which sentences, without their words
    hash(report)
    roll_up(report, {v.unit: "all" for v in report.verdicts})
    assert calls == []
    text = planrules.render(report, "text")
    assert calls and all(s.worded for s in sentences(report))
    assert "6 of 9 Hội nghị, cuộc họp records in 2026 meet Tổ chức trực tuyến: ≈66.67% ≥ 60%." in " ".join(text.split())
    # the verdict itself keeps the vocabulary's names (the report for people labels them)
    assert share.explain().startswith("6 of 9 hội_nghị records in 2026 meet trực_tuyến: ≈66.67% ≥ 60%.")


def test_a_national_source_builds_and_rolls_up_its_verdicts_without_wording_them(monkeypatch):
    pytest.importorskip("duckdb")
    from planrules.pipeline import Pipeline

    calls = _counting(monkeypatch)
    pipeline = Pipeline()
    rules = pipeline.rules(ROOT / "examples/quoc-gia/ke-hoach.plan")
    fitted = pipeline.fit(rules, ROOT / "examples/quoc-gia/facts.duckdb", evidence="problems")
    evaluation = pipeline.evaluate(fitted, dt.date(2026, 12, 31), group_by=["tỉnh", "quốc_gia"])
    report = evaluation.report
    assert len(report.verdicts) > 3000 and len(evaluation.rollups) == 2 and calls == []
    from planrules.reports.tables import tables_of

    tables_of(report, evaluation.rollups)  # the exact values as tables: no words unless asked (`explain`)
    assert calls == []
    written = json.loads(planrules.render(report, "json"))
    assert calls and written["verdicts"][0]["explanation_vi"] == report.verdicts[0].explain("vi")


def test_equality_and_hash_do_not_depend_on_the_wording():
    rules, facts = SAMPLES["cuc"]
    as_of = dt.date(2026, 11, 30)
    worded, unworded = rules.evaluate(facts, as_of), rules.evaluate(facts, as_of)
    for v in worded.verdicts:
        v.explain("en")
    assert all(s.worded for s in sentences(worded)) and not any(s.worded for s in sentences(unworded))
    assert worded == unworded and hash(worded) == hash(unworded)
    assert [hash(v) for v in worded.verdicts] == [hash(v) for v in unworded.verdicts]
    assert from_toml(planrules.render(unworded, "toml")) == unworded  # read back: worded, and still equal
    assert from_json(planrules.render(rules.evaluate(facts, as_of), "json")) == worded
    # different words are different sentences, worded or not
    a, b = Explanation.of("future", year=2026, as_of="01/01/2026"), Explanation.of("future", year=2027, as_of="x")
    assert a != b and Explanation("future", (("as_of", "01/01/2026"), ("year", "2026"))) == a


def test_a_report_pickles_unworded_and_reads_the_same():
    rules, facts = SAMPLES["vu-duong"]
    report = rules.evaluate(facts, dt.date(2026, 11, 30))
    back = pickle.loads(pickle.dumps(report))
    assert not any(s.worded for s in sentences(back))
    assert back == report and rendered(back) == rendered(report)
    again = pickle.loads(pickle.dumps(report))  # worded ones pickle as their words
    assert all(s.worded for s in sentences(again)) and again == report


def test_a_sentence_rekeyed_keeps_its_arguments_unworded():
    shown = Later(str.upper, "a")
    sentence = Explanation.of("open_cut", year=2026, target=shown)
    later = sentence.rekeyed("open_cut_from", since="01/07/2026")
    assert not sentence.worded and not later.worded
    assert dict(later.args) == {"year": "2026", "target": "A", "since": "01/07/2026"}
    assert sentence.args == (("target", "A"), ("year", "2026"))


_words = st.text(alphabet="abcđ ờ1", max_size=4)


@given(st.data())
def test_a_targets_verdict_built_by_position_is_the_one_built_by_name(data):
    """`Stated.verdict` passes every field of `Verdict` by position (a third cheaper than by name, once a verdict):
    for drawn values of every field it sets, the verdict is the one `Verdict(**fields)` builds, and every field
    of `Verdict` is one `Stated` holds, one `verdict` takes, or one a target's verdict leaves at its default."""
    stated_fields = {a.name: a for a in attrs.fields(Stated)}
    taken = ("unit", "status", "period", "value", "on_track", "figures", "records", "violations", "explanation")
    left = {"label", "due", "last_day", "delivered", "leads", "answered_by", "days_late"}
    assert {a.name for a in attrs.fields(Verdict)} == {*stated_fields, *taken, *left}
    # each field drawn as a value of its own, so that any two fields swapped would show
    values = {name: data.draw(_words.map(lambda w, n=name: f"{n}:{w}")) for name in (*stated_fields, *taken)}
    values["value"] = data.draw(st.none() | st.fractions(max_denominator=9))
    values["on_track"] = data.draw(st.none() | st.booleans())
    values["kind"] = data.draw(st.sampled_from(list(RuleKind)))
    values["status"] = data.draw(st.sampled_from(list(Status)))
    values["monitored_by"] = tuple(data.draw(st.lists(_words, max_size=2)))
    values["figures"] = (Figure("count", data.draw(st.integers(0, 9))),)
    values["records"] = tuple(data.draw(st.lists(_words, max_size=2)))
    values["explanation"] = (Explanation.of("future", year=2026, as_of="31/12/2026"),)
    stated = Stated(**{name: values[name] for name in stated_fields})
    built = stated.verdict(*(values[name] for name in taken))
    assert built == Verdict(**values)
    assert all(getattr(built, name) == attrs.fields_dict(Verdict)[name].default for name in left)
