"""facts/facts_codec.py: facts written as the compile cache keeps them read back exactly, origins included, and
anything else refused with `CodecError` alone."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planrules.facts import facts_codec
from planrules.facts import model as f
from planrules.facts.facts_codec import CodecError, decode, encode
from planrules.strategies import valid_facts

_names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)
_maybe_name = st.one_of(st.none(), _names)
_origins = st.one_of(st.none(), st.builds(f.Origin, _names, _names, st.one_of(st.none(), st.integers(1, 10**7)),
                                          st.one_of(st.none(), st.integers(1, 10**7))))
_days = st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31))


@st.composite
def located_facts(draw) -> f.Facts:
    """Valid facts (`strategies.valid_facts`), each fact given an origin, each unit what a units table says of
    it (its register's fields, its attributes), the files named: all that a table source's facts carry."""
    facts = draw(valid_facts())

    def placed(fact):
        return attrs.evolve(fact, origin=draw(_origins))

    units = []
    for unit in facts.units:
        said = {key: draw(st.one_of(st.none(), _days) if key == "since" else _maybe_name) for key in f.REGISTER_FIELDS}
        units.append(attrs.evolve(
            unit, records=tuple(map(placed, unit.records)), counts=tuple(map(placed, unit.counts)),
            values=tuple(map(placed, unit.values)), deliveries=tuple(map(placed, unit.deliveries)),
            assessments=tuple(map(placed, unit.assessments)), origin=draw(_origins),
            attributes=tuple(draw(st.lists(st.tuples(_names, _names), max_size=3))), **said))
    return f.Facts(tuple(units), tuple(map(placed, facts.events)), facts.period,
                   tuple(draw(st.lists(_names, max_size=2))))


def exactly(facts: f.Facts) -> str:
    """Everything `facts` holds, origins (which facts' equality leaves out) and each value's type included."""
    return repr(attrs.asdict(facts))


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(located_facts())
def test_decode_reads_back_exactly_what_encode_wrote(facts):
    text = encode(facts)
    back = decode(text)
    assert back == facts and exactly(back) == exactly(facts)
    assert encode(back) == text


def test_every_kind_of_field_value_keeps_its_type():
    where = (("a", True), ("b", 0), ("c", "x"), ("d", dt.date(2026, 1, 2)), ("e", Fraction(1, 3)), ("f", Fraction(2)))
    facts = f.Facts((f.UnitFacts("u", counts=(f.Count("k", 2026, 3, where),),
                                 records=(f.Record("k", where, "r1", dt.date(2026, 1, 2)),)),))
    back = decode(encode(facts))
    assert [type(v) for _, v in back.units[0].counts[0].where] == [bool, int, str, dt.date, Fraction, Fraction]
    assert exactly(back) == exactly(facts)


def test_a_value_no_fact_holds_is_not_written():
    facts = f.Facts((f.UnitFacts("u", counts=(f.Count("k", 2026, 3, (("a", 1.5),)),)),))
    with pytest.raises(CodecError):
        encode(facts)


SAMPLE = f.Facts((f.UnitFacts("u", ("g",), counts=(f.Count("k", 2026, 3, (("a", True),), f.Origin("s", "counts", 2)),),
                              values=(f.ReportedValue("m", 2026, Fraction(1, 2), unit="%"),),
                              origin=f.Origin("s", "units", 1)),),
                 (f.Happened("e", dt.date(2026, 5, 1)),), (dt.date(2026, 1, 1), dt.date(2026, 12, 31)), ("s",))


def _data() -> dict:
    return json.loads(encode(SAMPLE))


@pytest.mark.parametrize("text", [
    "", "{", "[]", "null", '{"format": 1}', "1.5", "NaN",
    json.dumps({**_data(), "format": 2}),
    json.dumps({**_data(), "more": 1}),
    json.dumps({**_data(), "units": "u"}),
    json.dumps({**_data(), "units": 0}),
    json.dumps({**_data(), "period": ["2026-01-01"]}),
    json.dumps({**_data(), "period": ["2026-01-01", "not a day"]}),
    json.dumps({**_data(), "files": [1]}),
    encode(SAMPLE).replace('"k",2026,3', '"k",2026.0,3'),  # a float
    encode(SAMPLE).replace('"k",2026,3', '"k","2026",3'),  # a text where a year goes
    encode(SAMPLE).replace('"k",2026,3', '"k",2026,' + "9" * 5000),  # a number Python will not read
    encode(SAMPLE).replace('"k",2026,3', '"k",2026,true'),  # a yes/no where a count goes
    encode(SAMPLE).replace("[1,2]", "[2,4]"),  # a fraction not in lowest terms
    encode(SAMPLE).replace("[1,2]", "[1,0]"),
    encode(SAMPLE).replace("[1,2]", "[1,-2]"),
    encode(SAMPLE).replace('["a",true]', '["a",{"x":1}]'),
    encode(SAMPLE).replace('["a",true]', '["a",null]'),
    encode(SAMPLE).replace('["s","units",1,null]', '["s","units",1]'),
    encode(SAMPLE).replace('["s","units",1,null]', '["s","units","1",null]'),
    encode(SAMPLE).replace('["g"]', '"g"'),
])
def test_anything_but_what_encode_wrote_is_a_codec_error(text):
    with pytest.raises(CodecError):
        decode(text)


def _paths(value: object, path: tuple = ()) -> list[tuple]:
    """Every place in a decoded JSON value, as the keys and indexes leading to it."""
    out = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _paths(item, (*path, index))
    return out


_json = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=4)),
                     lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=2), inner,
                                                                                          max_size=3)), max_leaves=8)


@settings(max_examples=300)
@given(st.data())
def test_an_entry_changed_anywhere_decodes_to_facts_or_raises_a_codec_error(data):
    facts = data.draw(located_facts())
    value = json.loads(encode(facts))
    path = data.draw(st.sampled_from(_paths(value)[1:] or [()]))
    replacement = data.draw(_json)
    if path:
        parent = value
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = replacement
    else:
        value = replacement
    try:
        back = decode(json.dumps(value, ensure_ascii=False))
    except CodecError:
        return
    assert isinstance(back, f.Facts) and encode(back)  # built of facts' own values: it encodes again


def test_the_format_is_versioned():
    assert json.loads(encode(SAMPLE))["format"] == facts_codec.FORMAT
