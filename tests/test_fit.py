"""evaluation/fit.py: a unit a table source names both by its name and by its official code is one unit, and the
database is asked about it under the name its records carry (F241 when they carry two)."""

from __future__ import annotations

import datetime as dt

import attrs
import duckdb
import pytest

import planrules
from planrules.base.diagnostics import FactsError
from planrules.facts import sources

PLAN = '''kế hoạch: "1/KH"
ngày ban hành: 01/01/2025
nhóm các_xã: "Các xã" = cấp xã
chỉ số số_hn: số lượng hội_nghị
nhiệm vụ I {
    nội dung: "Họp"
    chủ trì: các_xã
    chỉ tiêu: số_hn không quá 10 trong năm 2025
}
'''


def database(path, records, counts=()):
    con = duckdb.connect(str(path))
    con.execute('CREATE TABLE "hội_nghị" (unit VARCHAR, id VARCHAR, "ngày" DATE)')
    con.executemany('INSERT INTO "hội_nghị" VALUES (?, ?, ?)', records)
    con.execute("CREATE TABLE units (unit VARCHAR, code VARCHAR, level VARCHAR)")
    con.execute("INSERT INTO units VALUES ('37', 'VN-37', 'xã'), ('38', 'VN-38', 'xã')")
    if counts:
        con.execute("CREATE TABLE counts (unit VARCHAR, kind VARCHAR, year INTEGER, count BIGINT)")
        con.executemany("INSERT INTO counts VALUES (?, ?, ?, ?)", counts)
    con.close()
    return path


def both(path):
    rules = planrules.compile(planrules.parse(PLAN, source="1.plan"), calendar=planrules.Calendar.plain())
    with sources.DuckDBSource(path) as source:
        sql = rules.evaluate(source, dt.date(2025, 12, 31))
        python = rules.evaluate(source.facts(rules.vocabulary), dt.date(2025, 12, 31))
    return {v.unit: v.value for v in sql.verdicts}, {v.unit: v.value for v in python.verdicts}


@pytest.mark.parametrize("records, counts, expected", [
    # records under the name, another table under the code: the records are counted (before: unknown)
    ([("37", "a", dt.date(2025, 2, 1)), ("37", "b", dt.date(2025, 3, 1))],
     [("VN-37", "văn_bản_gửi", 2025, 4)], {"37": 2, "38": None}),
    # records under the code, another table under the name
    ([("VN-37", "a", dt.date(2025, 2, 1)), ("38", "c", dt.date(2025, 2, 1))],
     [("37", "văn_bản_gửi", 2025, 4), ("VN-38", "văn_bản_gửi", 2025, 1)], {"37": 1, "38": 1}),
])
def test_a_unit_named_by_its_code_in_one_table_and_its_name_in_another_is_counted_under_its_records_name(
        tmp_path, records, counts, expected):
    sql, python = both(database(tmp_path / "f.duckdb", records, counts))
    assert sql == python == expected


def test_records_under_both_a_units_name_and_its_code_are_refused_not_counted_in_part(tmp_path):
    path = database(tmp_path / "f.duckdb", [("37", "a", dt.date(2025, 2, 1)), ("VN-37", "b", dt.date(2025, 3, 1))])
    with pytest.raises(FactsError) as error:
        both(path)
    (problem,) = error.value.diagnostics
    assert problem.code == "F241"
    assert problem.message.text() == ('the database\'s record tables name unit 37 of plan 1/KH in several ways ("37", '
                                      '"VN-37": its name and its code, or two codes), which it counts apart; name it '
                                      'one way in the records')


@pytest.mark.parametrize("parents", [("p-9", None), ("a", "b"), ("b", "a")])
def test_a_units_table_refused_for_its_parents_is_the_one_error_not_every_unit_outside_the_plan(parents):
    """A units table whose parent is missing or whose parents go round is F216, and nothing else: who `cấp xã`
    binds cannot be worked out then, and every commune was also F201, "unit a is not a unit of plan 1/KH"."""
    from planrules.facts import model as f

    rules = planrules.compile(planrules.parse(PLAN, source="1.plan"), calendar=planrules.Calendar.plain())
    units = tuple(f.UnitFacts(name, level="xã", parent=parent, origin=f.Origin("f.toml", f"units.{name}", line=i + 1),
                              counts=(f.Count("hội_nghị", 2025, 3),))
                  for i, (name, parent) in enumerate(zip(("a", "b"), parents)))
    with pytest.raises(FactsError) as error:
        rules.evaluate(f.Facts(units), dt.date(2025, 12, 31))
    assert {d.code for d in error.value.diagnostics} == {"F216"}
    sound = tuple(attrs.evolve(u, parent=None) for u in units)  # the same units, their parents right: judged
    assert {v.unit for v in rules.evaluate(f.Facts(sound), dt.date(2025, 12, 31)).verdicts} == {"a", "b"}


@pytest.mark.parametrize("where", ["duckdb", "parquet"])
def test_a_province_with_records_of_its_own_is_outside_the_plan_from_a_database_as_from_facts(tmp_path, where):
    """A province listed as the communes' parent, with a conference of its own, where the plan binds the communes
    (cấp xã): F201 from the facts in Python; from a table source its conference was left out in silence and the
    communes judged, since a table source's units hold no records and the province looked like a mere place."""
    from planrules.facts import model as f

    rules = planrules.compile(planrules.parse(PLAN, source="1.plan"), calendar=planrules.Calendar.plain())
    day = dt.date(2025, 3, 1)

    def held(unit: str, i: int) -> f.UnitFacts:
        return f.UnitFacts(unit, level="xã", parent="P", records=(
            f.Record("hội_nghị", (("ngày", day),), id=f"h{i}", date=day),))

    conference = f.Record("hội_nghị", (("ngày", day),), id="p1", date=day)
    for province in (f.UnitFacts("P", level="tỉnh"), f.UnitFacts("P", level="tỉnh", records=(conference,))):
        facts = f.Facts((province, held("a", 1), held("b", 2)))
        target = tmp_path / f"{len(province.records)}.{where}"
        (sources.write_duckdb if where == "duckdb" else sources.write_parquet)(facts, target, rules.vocabulary)
        if not province.records:  # a place only: the communes judged, alike
            with sources.open_source(target) as source:
                assert [v.unit for v in rules.evaluate(source, dt.date(2025, 12, 31)).verdicts] == ["a", "b"]
            continue
        with pytest.raises(FactsError) as in_python:
            rules.evaluate(facts, dt.date(2025, 12, 31))
        with sources.open_source(target) as source, pytest.raises(FactsError) as in_database:
            rules.evaluate(source, dt.date(2025, 12, 31))
        assert [(d.code, d.message.text()) for d in in_database.value.diagnostics] == \
            [(d.code, d.message.text()) for d in in_python.value.diagnostics] == \
            [("F201", "unit P is not a unit of plan 1/KH")]


@pytest.mark.parametrize("where", ["facts", "duckdb"])
def test_a_code_a_units_table_gives_two_units_or_that_is_another_units_name_is_refused(tmp_path, where):
    """F147, as a register file gets it, for a facts' (or a database's) units table: records under code "002",
    which two communes hold, were counted as the last one's in silence (and a code that is another unit's name
    made that unit's records the first one's, or not)."""
    from planrules.facts import model as f

    rules = planrules.compile(planrules.parse(PLAN, source="1.plan"), calendar=planrules.Calendar.plain())
    day = dt.date(2025, 3, 1)
    held = f.UnitFacts("002", records=(f.Record("hội_nghị", (("ngày", day),), id="h1", date=day),))
    for units, said in (
            ((f.UnitFacts("a", code="002", level="xã"), f.UnitFacts("b", code="002", level="xã"), held),
             'code "002" of unit "b" is also the code of unit "a"'),
            ((f.UnitFacts("a", code="b", level="xã"), f.UnitFacts("b", level="xã", records=held.records)),
             'code "b" of unit "a" is the name of another unit')):
        facts = f.Facts(units)
        if where == "duckdb":
            facts = sources.write_duckdb(facts, tmp_path / f"{said[6]}.duckdb", rules.vocabulary) or \
                sources.DuckDBSource(tmp_path / f"{said[6]}.duckdb")
        with pytest.raises(FactsError) as error:
            rules.evaluate(facts, dt.date(2025, 12, 31))
        if where == "duckdb":
            facts.close()
        assert [(d.code, d.message.text()) for d in error.value.diagnostics] == [("F147", said)]
    sound = f.Facts((f.UnitFacts("a", code="001", level="xã"), f.UnitFacts("b", code="002", level="xã"), held))
    assert [(v.unit, v.value) for v in rules.evaluate(sound, dt.date(2025, 12, 31)).verdicts] == [("a", None), ("b", 1)]
