"""Tests of the facts JSON Schema: shipped file up to date, valid facts validate, bad facts do not.

jsonschema is not a dependency of planrules: the tests that validate with it
are skipped when it is not installed.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tomllib
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from test_facts_load import documents, example_vocabulary

from planrules import parse, prelude
from planrules.base.diagnostics import FactsError
from planrules.facts.loader import loads_facts
from planrules.facts.json_schema import facts_schema, main, render
from planrules.language.vocabulary import Vocabulary

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "docs" / "facts.schema.json"
VALID = [*sorted((ROOT / "examples").glob("*/facts.toml")), ROOT / "tests" / "fixtures" / "facts" / "toml" / "facts.toml"]


def as_json(value):
    """A TOML document as JSON would carry it: dates as ISO strings, floats as numbers."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def read_toml(text: str) -> dict:
    """The JSON form of facts text, read by the standard TOML parser: facts are strict TOML."""
    return as_json(tomllib.loads(text, parse_float=Decimal))


@pytest.fixture(scope="module")
def validator():
    cls = jsonschema.Draft202012Validator
    return cls(facts_schema(), format_checker=cls.FORMAT_CHECKER)


def test_shipped_schema_is_the_generated_one():
    """docs/facts.schema.json is exactly what facts_schema() gives for the standard vocabulary."""
    assert SHIPPED.read_text(encoding="utf-8") == render(), (
        "docs/facts.schema.json is out of date: regenerate it with\n"
        "    python3 -m planrules.facts.json_schema > docs/facts.schema.json"
    )


def test_module_prints_the_schema(tmp_path):
    """`python3 -m planrules.facts.json_schema` prints it; with a path it writes the file."""
    done = subprocess.run([sys.executable, "-m", "planrules.facts.json_schema"], capture_output=True, check=True)
    assert done.stdout.decode("utf-8") == render()
    assert main([str(tmp_path / "schema.json")]) == 0
    assert (tmp_path / "schema.json").read_text(encoding="utf-8") == render()


def test_schema_is_valid_draft_2020_12():
    schema = facts_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    json.dumps(schema)  # plain JSON values only


def test_schema_follows_the_vocabulary():
    """Each declared record kind and field is in the schema, typed and titled from its declaration."""
    schema = facts_schema()
    records = schema["properties"]["units"]["additionalProperties"]["properties"]["records"]
    assert records["additionalProperties"] is False
    conference = records["properties"]["hội_nghị"]
    assert conference["title"] == "Hội nghị, cuộc họp"
    fields = conference["items"]["properties"]
    assert conference["items"]["additionalProperties"] is False
    assert fields["loại"]["enum"] == ["quán_triệt", "chuyên_môn", "quan_trọng"]
    assert fields["loại"]["title"] == "Loại hội nghị"
    assert fields["ngày"]["$ref"] == "#/$defs/date" and fields["trực_tuyến"]["$ref"] == "#/$defs/bool"
    assert fields["thời_lượng"]["$ref"] == "#/$defs/days"
    metrics = schema["properties"]["units"]["additionalProperties"]["properties"]["values"]["items"]
    assert "thời_lượng_hội_nghị" not in metrics["properties"]["metric"]["enum"]  # per record: no value
    assert "tỷ_lệ_hồ_sơ_trực_tuyến" in metrics["properties"]["metric"]["enum"]

    vocabulary = Vocabulary.of([prelude(), parse(
        'bản ghi kiểm_tra "Cuộc kiểm tra" {\n    ngày: ngày tháng\n    số_người "Số người": số nguyên\n'
        '    đơn_vị_kiểm_tra: đơn vị\n    ghi_chú: chuỗi\n}\n'
    )])
    fields = facts_schema(vocabulary)["properties"]["units"]["additionalProperties"]["properties"]["records"][
        "properties"]["kiểm_tra"]["items"]["properties"]
    assert fields["số_người"] == {"$ref": "#/$defs/integer", "title": "Số người"}
    assert fields["đơn_vị_kiểm_tra"] == {"$ref": "#/$defs/name"} and fields["ghi_chú"] == {"$ref": "#/$defs/text"}


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.parent.name)
def test_valid_facts_validate(validator, path):
    """Each example validates against the schema of the vocabulary it is read with (the prelude's, or its
    plan's when the plan extends a kind: `planrules schema PLAN --format facts`)."""
    document = read_toml(path.read_text(encoding="utf-8"))
    vocabulary = example_vocabulary(path)
    if vocabulary != Vocabulary.standard():
        cls = jsonschema.Draft202012Validator
        validator = cls(facts_schema(vocabulary), format_checker=cls.FORMAT_CHECKER)
        assert list(cls(facts_schema()).iter_errors(document))  # the prelude's schema has no added field
    assert [e.message for e in validator.iter_errors(document)] == []


GOOD = """\
[facts]
period = { from = 2025-01-01, to = "31/12/2026" }
[[events]]
event = "e"
date = 2026-01-01
[units.vp]
member_of = ["g"]
[[units.vp.records."hội_nghị"]]
id = 1
"ngày" = "02/03/2026"
"loại" = "quán_triệt"
"trực_tuyến" = "Có"
"thời_lượng" = "½"
[[units.vp.counts]]
kind = "văn_bản_gửi"
year = 2026
count = 0
where = { "mật" = "x" }
[[units.vp.values]]
metric = "giảm_hội_nghị"
year = 2026
value = -0.25
[[units.vp.deliveries]]
task = "TT 1"
deadline = 2
period = 2026
date = 2026-05-05
"""


def test_spellings_the_loader_accepts_validate(validator):
    loads_facts(GOOD)
    assert [e.message for e in validator.iter_errors(read_toml(GOOD))] == []


@pytest.mark.parametrize("change", [
    ("[facts]", "[fact]"),  # unknown top-level key
    ("member_of", "members"),  # unknown key of a unit
    ('records."hội_nghị"', 'records."hội_nghi"'),  # unknown record kind
    ('"loại" = ', "loai = "),  # unknown field
    ('"quán_triệt"', '"quán triệt"'),  # unknown category
    ('"Có"', '"có lẽ"'),  # not yes or no
    ('"½"', '"nửa ngày"'),  # not a number of days
    ('"½"', "-1"),  # negative days
    ('"02/03/2026"', '"2026-02-31"'),  # impossible date
    ("count = 0", "count = true"),  # a bool is not a count
    ("count = 0", "count = -1"),  # negative count
    ("count = 0", "count = 2.5"),  # not a whole number
    ("year = 2026\ncount", "year = 1899\ncount"),  # year out of range
    ('{ "mật" = "x" }', '{ "mật" = 3 }'),  # condition value
    ('{ "mật" = "x" }', '{ "ngày" = "x" }'),  # condition on a date field
    ('"mật"', "mat"),  # condition on an unknown field
    ('"giảm_hội_nghị"', '"thời_lượng_hội_nghị"'),  # a per-record metric has no value
    ('"giảm_hội_nghị"', '"không_có"'),  # unknown metric
    ("value = -0.25", "value = 1.5"),  # a cut over 100%
    ('"giảm_hội_nghị"', '"tỷ_lệ_hồ_sơ_trực_tuyến"'),  # a share below 0
    ("deadline = 2", "deadline = 0"),  # a position starts at 1
    ("period = 2026", 'period = "2026-13-1-1"'),  # malformed period
    ('task = "TT 1"\n', ""),  # a delivery needs its task
    ('event = "e"\n', ""),  # an event needs its name
    ("to = ", "until = "),  # a period needs from and to
])
def test_bad_facts_do_not_validate(validator, change):
    """Each change makes facts (still TOML) the loader rejects, and the schema rejects them too."""
    old, new = change
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    with pytest.raises(FactsError) as info:
        loads_facts(text)
    assert "F107" not in [d.code for d in info.value.diagnostics]
    assert list(validator.iter_errors(read_toml(text))), change


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(generated=documents())
def test_generated_valid_facts_validate(validator, generated):
    """Whatever valid facts the loader's round-trip test generates, the schema accepts too."""
    document, _ = generated
    errors = list(validator.iter_errors(read_toml(tomli_w.dumps(document))))
    assert [e.message for e in errors] == []
