"""bench/national.py: the hand-written query over the foreign database computes planrules' figures, and the
checks that guard every timing it prints can fail."""

import importlib.util
import sys

import pytest
from conftest import ROOT

spec = importlib.util.spec_from_file_location("bench_national", ROOT / "bench" / "national.py")
national = importlib.util.module_from_spec(spec)
sys.modules.setdefault("bench_national", national)
spec.loader.exec_module(national)
foreign = national.foreign

COMMUNES, PROVINCES, SEED, SCALE = 30, 3, 2, 0.05


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    folder = tmp_path_factory.mktemp("national")
    foreign.write_foreign(folder, communes=COMMUNES, provinces=PROVINCES, seed=SEED, scale=SCALE, twin=True)
    return folder


@pytest.fixture(scope="module")
def twin(year):
    """planrules' evaluation of the same facts in the plan's own layout, rolled up by province."""
    evaluation, _ = national.evaluate(str(year / "national.plan"), "parquet", str(year / "twin"), mapping=None,
                                      cache_dir=None)
    return evaluation


@pytest.fixture(scope="module")
def expected(year):
    return national.expected_figures(*national.hand_query("parquet", str(year / "foreign")))


def test_the_hand_written_query_gives_planrules_figures_for_every_commune(twin, expected):
    import planrules

    assert national.compare(twin.report, expected, twin.rollup) == []
    assert len(expected) == COMMUNES and len(twin.report.verdicts) == COMMUNES * 11
    statuses = {v.status for v in twin.report.verdicts}
    assert {planrules.Status.MET, planrules.Status.NOT_MET, planrules.Status.UNKNOWN,
            planrules.Status.NOT_APPLICABLE} <= statuses
    # a reported zero is a true zero (0 of 0: not applicable; a cut to 0), a kind not reported is unknown
    zero = foreign.gso_code(foreign.ZERO["hội_nghị"][0] + 1)
    none = foreign.gso_code(foreign.UNREPORTED["hội_nghị"][0] + 1)
    assert expected[zero][("tỷ_lệ_hội_nghị_trực_tuyến", None)] == {"part": 0, "whole": 0}
    assert expected[zero][("giảm_hội_nghị", None)]["current"] == 0
    assert expected[none][("tỷ_lệ_hội_nghị_trực_tuyến", None)] is None
    assert [g.name for g in twin.rollup.groups] == ["P01", "P02", "P03"]


def test_a_wrong_hand_written_query_is_caught(year, twin, monkeypatch):
    """Reading 'Y' where the database says 'N' (a value map written the wrong way round) changes the figures."""
    monkeypatch.setattr(national, "FOREIGN_QUERY", national.FOREIGN_QUERY.replace("online = 'Y'", "online = 'N'"))
    wrong = national.expected_figures(*national.hand_query("parquet", str(year / "foreign")))
    problems = national.compare(twin.report, wrong)
    assert problems and all("tỷ_lệ_hội_nghị_trực_tuyến" in p or "more" in p for p in problems)


def test_a_missing_verdict_and_a_wrong_sum_are_caught(twin, expected):
    import attrs

    fewer = attrs.evolve(twin.report, verdicts=twin.report.verdicts[1:])
    assert any("no verdict from planrules" in p for p in national.compare(fewer, expected))
    unit = twin.report.verdicts[0].unit
    shifted = {u: ({k: (None if v is None else {n: x + 1 for n, x in v.items()}) for k, v in t.items()}
                   if u == unit else t) for u, t in expected.items()}
    problems = national.compare(twin.report, shifted, twin.rollup)
    assert any(p.startswith(f"{unit} ") for p in problems) and any(p.startswith("roll-up ") for p in problems)


def test_differences_between_two_roll_ups_are_found(twin):
    import attrs

    assert national.rollup_differences(twin.rollup, twin.rollup) == []
    first = twin.rollup.aggregates[0]
    other = attrs.evolve(twin.rollup, aggregates=(attrs.evolve(first, failing=(*first.failing, "VN-99999")),
                                                  *twin.rollup.aggregates[1:]))
    assert len(national.rollup_differences(other, twin.rollup)) == 1
    fewer = attrs.evolve(twin.rollup, groups=twin.rollup.groups[1:])
    assert national.rollup_differences(fewer, twin.rollup)[0].startswith("groups: ")


def test_differences_between_two_reports_are_found(twin):
    import attrs

    import planrules

    assert national.differences(twin.report, twin.report) == []
    first = twin.report.verdicts[0]
    other = planrules.Status.MET if first.status is not planrules.Status.MET else planrules.Status.NOT_MET
    changed = attrs.evolve(twin.report, verdicts=(attrs.evolve(first, status=other), *twin.report.verdicts[1:]))
    assert len(national.differences(changed, twin.report)) == 1
    assert national.differences(attrs.evolve(twin.report, verdicts=twin.report.verdicts[1:]), twin.report) == [
        f"{(first.unit, first.rule, str(first.period))}: only in the plan's layout"]


def test_through_the_mapping_alone_the_foreign_database_gives_the_report_of_the_plans_layout(year, twin, expected):
    """Issue 19's "Done when": the foreign database, read through bench/foreign.mapping.toml and nothing else,
    gives the report (statuses, exact values, figures, explanations) and the roll-up by province that the same
    facts in the plan's own layout give, and the hand-written query's figures."""
    through, _ = national.evaluate(str(year / "national.plan"), "parquet", str(year / "foreign"),
                                   mapping=str(national.MAPPING), cache_dir=None)
    assert national.differences(through.report, twin.report) == []
    assert national.rollup_differences(through.rollup, twin.rollup) == []
    assert national.compare(through.report, expected, through.rollup) == []
    assert len(through.report.verdicts) == COMMUNES * 11


def test_the_hand_written_query_reads_the_same_year_from_postgresql(year, twin, server, tmp_path):
    """bench/foreign.py --postgres loads the same tables with COPY, keyed; the query (one text) gives the same
    rows, and planrules through the mapping there (its records numbered late, `sql_text.numbered`; no id
    searched twice where the key says none is) gives the report of the plan's own layout and the query's figures."""
    import datetime as dt
    import uuid

    import psycopg

    import planrules
    from planrules.facts import sources

    schema = f"bench_foreign_{uuid.uuid4().hex[:12]}"
    try:
        foreign.write_foreign(tmp_path, communes=COMMUNES, provinces=PROVINCES, seed=SEED, scale=SCALE,
                              parquet=False, postgres=(server, schema))
        there = national.expected_figures(*national.hand_query("postgres", [server, schema]))
        here = national.expected_figures(*national.hand_query("parquet", str(year / "foreign")))
        assert there == here
        rules = planrules.compile(planrules.load(tmp_path / "national.plan"))
        with sources.PostgresSource(server, schema=schema, mapping=str(national.MAPPING), evidence="problems") as db:
            report = rules.evaluate(db, dt.date.fromisoformat(national.AS_OF))
            assert set(db.counted) == {"hội_nghị", "văn_bản_ban_hành", "văn_bản_gửi", "hồ_sơ_tthc", "cán_bộ", "khảo_sát"}
            keyed = {t for t in db.mapped if db.engine.unique_keys(db.mapped[t][1])}
        assert national.differences(report, twin.report) == []
        assert national.compare(report, there) == []
        assert keyed == {"hội_nghị", "văn_bản_ban_hành", "hồ_sơ_tthc", "cán_bộ", "khảo_sát", "units",
                         "units:provinces"}
    finally:
        with psycopg.connect(server, autocommit=True) as con:
            con.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')



def test_a_column_of_percents_read_as_fractions_is_caught(year, twin, expected, tmp_path):
    """The surveys' rates are written 0-100: read by hand as fractions (< 0.9), or through a mapping that does not
    say `percent = "0-100"`, the figures differ from the query's and the report from the plan's own layout (a
    rate of 85.5 read as 8,550% meets every cap of 90%). With it, neither differs."""
    monkeyed = national.FOREIGN_QUERY.replace("satisfied_pct < 90", "satisfied_pct < 0.9")
    con = national.connect("parquet", str(year / "foreign"))
    try:
        cursor = con.execute(monkeyed)
        rows = cursor.fetchall()
        columns = [c[0] for c in cursor.description]
    finally:
        con.close()
    assert any("mức_hài_lòng" in p for p in national.compare(twin.report, national.expected_figures(columns, rows)))
    mapping = tmp_path / "no-percent.mapping.toml"
    mapping.write_text(national.MAPPING.read_text(encoding="utf-8").replace(
        'percent = { "tỷ_lệ_hài_lòng" = "0-100" }', ""), encoding="utf-8")
    through, _ = national.evaluate(str(year / "national.plan"), "parquet", str(year / "foreign"),
                                   mapping=str(mapping), cache_dir=None)
    assert national.differences(through.report, twin.report)
    assert any("mức_hài_lòng" in p for p in national.compare(through.report, expected))


def test_the_year_copied_into_a_keyed_duckdb_file_is_not_searched_for_duplicate_ids(year, twin, expected,
                                                                                    monkeypatch):
    """bench/national.py --duckdb: the Parquet year copied into one DuckDB file whose tables declare the keys of
    the reporting system's database (`foreign.KEYS`). The query reads the same rows there; planrules through the
    mapping recognises every record table's key (the conferences' by their identity's columns), runs no grouping
    of ids, and gives the report of the plan's own layout and the query's figures. A second copy is reused."""
    import datetime as dt

    import planrules
    from planrules.facts import duckdb_engine, sources

    said: list[str] = []
    path = national.keyed_duckdb({"parquet": str(year / "foreign")}, said.append)
    assert national.keyed_duckdb({"parquet": str(year / "foreign")}, said.append) == path and "reusing" in said[-1]
    assert national.expected_figures(*national.hand_query("duckdb", path)) == expected
    seen: list[str] = []
    run = duckdb_engine.DuckDBEngine.run
    monkeypatch.setattr(duckdb_engine.DuckDBEngine, "run",
                        lambda self, sql, params=(): seen.append(sql) or run(self, sql, params))
    rules = planrules.compile(planrules.load(year / "national.plan"))
    with sources.DuckDBSource(path, mapping=str(national.MAPPING), evidence="problems") as db:
        report = rules.evaluate(db, dt.date.fromisoformat(national.AS_OF))
    assert national.differences(report, twin.report) == []
    assert national.compare(report, expected) == []
    assert not [sql for sql in seen if 'hash("unit", "id")' in sql or 'GROUP BY "unit", "id"' in sql]
    seen.clear()
    with sources.open_source(year / "foreign", mapping=str(national.MAPPING), evidence="problems") as db:
        rules.evaluate(db, dt.date.fromisoformat(national.AS_OF))
    searched = [sql for sql in seen if 'hash("unit", "id")' in sql]  # Parquet declares no key: ids are grouped
    assert searched
