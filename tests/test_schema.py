"""`planrules schema`: the tables a source must provide, as DDL both engines run and as JSON Schema."""

import datetime as dt
import io
import json
import re

import duckdb
import jsonschema
import pytest
import sqlglot

from planrules import compile as compile_plan, load, load_dir, parse
from planrules.tooling.cli import run
from planrules.facts.loader import load_facts
from planrules.facts.json_schema import render as facts_render
from planrules.facts.layout import Layout
from planrules.facts.table_schema import ddl, tables_schema
from planrules.facts.sources import DuckDBSource, tables_of
from planrules.language.vocabulary import Vocabulary

from conftest import PLANS, ROOT

VU_DUONG = PLANS / "quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"
VU_FACTS = ROOT / "examples/vu-duong/facts.toml"


@pytest.fixture(scope="module")
def vu_duong():
    rules = compile_plan(load(VU_DUONG), load_dir(PLANS))
    return rules, load_facts(VU_FACTS, vocabulary=rules.vocabulary)


def test_tables_made_by_the_ddl_hold_the_facts_and_give_the_same_verdicts(vu_duong, tmp_path):
    rules, facts = vu_duong
    path = tmp_path / "facts.duckdb"
    con = duckdb.connect(str(path))
    con.execute(ddl(rules.vocabulary))
    for name, table in tables_of(facts, rules.vocabulary).items():
        con.register("incoming", table)
        con.execute(f'INSERT INTO "{name}" BY NAME SELECT * FROM incoming')
        con.unregister("incoming")
    con.close()
    as_of = dt.date(2026, 11, 30)
    expected = rules.evaluate(facts, as_of)
    with DuckDBSource(path) as source:
        got = rules.evaluate(source, as_of)
    judged = [(v.rule, v.unit, v.period, v.status, v.value) for v in got.verdicts]
    assert judged == [(v.rule, v.unit, v.period, v.status, v.value) for v in expected.verdicts] and judged


def test_the_ddl_is_one_text_for_duckdb_and_postgresql(vu_duong):
    text = ddl(vu_duong[0].vocabulary)
    for dialect in ("duckdb", "postgres"):
        statements = [s for s in sqlglot.parse(text, read=dialect) if s is not None]
        assert len(statements) == len(Layout.of(vu_duong[0].vocabulary).tables) == text.count("CREATE TABLE")


def test_the_json_schema_accepts_the_tables_of_real_facts_and_refuses_bad_rows(vu_duong):
    rules, facts = vu_duong
    schema = tables_schema(rules.vocabulary)
    jsonschema.Draft202012Validator.check_schema(schema)
    document = {}
    for name, table in tables_of(facts, rules.vocabulary).items():
        rows = [{k: v for k, v in row.items() if v is not None} for row in table.to_pylist()]
        document[name] = json.loads(json.dumps(rows, default=lambda x: x.isoformat() if hasattr(x, "isoformat")
                                               else float(x)))
    jsonschema.validate(document, schema)
    bad_rows = [
        {"hội_nghị": [{"id": "x", "loại": "quán_triệt"}]},  # no unit
        {"hội_nghị": [{"unit": "a", "loại": "hội_thảo"}]},  # not a category of loại
        {"hội_nghị": [{"unit": "a", "phòng": "b"}]},  # not a field of the kind
        {"counts": [{"unit": "a", "kind": "hội_nghị", "year": 2026, "count": -1}]},
        {"hội_nghị_mới": []},  # not a declared kind
    ]
    for bad in bad_rows:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


def test_a_record_kind_declared_in_a_plan_gets_its_table():
    plan = parse(
        'bản ghi phiếu_khảo_sát "Phiếu khảo sát" {\n'
        '    ngày "Ngày trả lời": ngày tháng\n'
        '    hài_lòng "Hài lòng": có hoặc không\n'
        '}\n'
    )
    vocabulary = Vocabulary.of([plan])
    assert 'CREATE TABLE "phiếu_khảo_sát"' in ddl(vocabulary)
    assert '"hài_lòng" BOOLEAN' in ddl(vocabulary)
    assert "phiếu_khảo_sát" in tables_schema(vocabulary)["properties"]


def cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_the_schema_command_prints_each_format(vu_duong):
    rules = vu_duong[0]
    code, out, err = cli("schema", str(VU_DUONG), "--library", str(PLANS), "--lang", "en")
    assert code == 0 and out == ddl(rules.vocabulary)
    # the only words on stderr: the two ancestors that are not encoded, whose vocabulary it lacks (C303)
    assert re.findall(r"warning\[(\w+)\]: parent plan (\S+)", err) == [("C303", "138/QĐ-UBND"), ("C303", "226-KL/TW")]
    code, out, _ = cli("schema", str(VU_DUONG), "--format", "json")
    assert code == 0 and json.loads(out)["properties"]["hội_nghị"]["type"] == "array"
    code, out, _ = cli("schema", str(VU_DUONG), "--format", "facts")
    assert code == 0 and out == facts_render(rules.vocabulary)


def test_the_schema_of_a_plan_that_does_not_parse_is_a_located_error(tmp_path):
    bad = tmp_path / "hỏng.plan"
    bad.write_text("kế hoạch 1/KH\nchỉ tiêu: ???\n", encoding="utf-8")
    code, out, err = cli("schema", str(bad))
    assert code == 2 and out == "" and "hỏng.plan:" in err
