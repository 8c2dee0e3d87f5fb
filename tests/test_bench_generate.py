"""bench/generate.py: a deterministic corpus whose plans check and whose facts load."""

import importlib.util
import sys

from conftest import ROOT

import planrules

spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
generate_module = importlib.util.module_from_spec(spec)
sys.modules["bench_generate"] = generate_module
spec.loader.exec_module(generate_module)


def build(folder, weakened=0.0):
    return generate_module.generate(folder, provinces=2, communes=3, seed=7, weakened=weakened, facts=True, scale=0.05)


def files(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_same_seed_gives_the_same_bytes(tmp_path):
    build(tmp_path / "a")
    build(tmp_path / "b")
    assert files(tmp_path / "a") == files(tmp_path / "b") and len(files(tmp_path / "a")) == 1 + 1 + 2 + 3 + 3 * 6


def test_weakened_communes_and_only_they_fail_inheritance(tmp_path):
    stats = build(tmp_path, weakened=0.5)
    findings = planrules.check(tmp_path / "plans")
    weakening = {f.span.file for f in findings if f.code in ("I301", "I302", "I303", "I304")}
    assert stats["weakened"] >= 1 and len(weakening) == stats["weakened"]
    assert not [f for f in findings if f.severity is planrules.Severity.ERROR and not f.code.startswith("I30")]


def test_a_communes_facts_load_and_evaluate(tmp_path):
    build(tmp_path)
    library = planrules.load_dir(tmp_path / "plans")
    plan = planrules.load(tmp_path / "plans/tinh-01/xa-0001.plan")
    rules = planrules.compile(plan, library)
    facts = planrules.load_facts(tmp_path / "facts/tinh-01/xa-0001", vocabulary=rules.vocabulary)
    import datetime as dt

    report = rules.evaluate(facts, dt.date(2026, 12, 31))
    assert set(report.units) == {"vp_hđnd_ubnd", "phòng_vhxh", "trung_tâm_phục_vụ_hcc"}
    assert report.totals()[planrules.Status.MET] > 0


def test_the_national_tables_open_as_sources_and_evaluate(tmp_path):
    """--tables: one national fact set in the sources' layout, the same from the seed, judged by its plan."""
    import datetime as dt

    import pyarrow.parquet as pq

    from planrules.facts import sources

    rows = {}
    for tables in ("parquet", "duckdb"):
        rows[tables] = generate_module.write_national(tmp_path / tables, tables, communes=5, provinces=2, seed=3,
                                                      scale=0.05)
    assert rows["parquet"] == rows["duckdb"] and rows["parquet"]["units"] == 5 and rows["parquet"]["counts"] == 10
    again = generate_module.write_national(tmp_path / "again", "parquet", communes=5, provinces=2, seed=3, scale=0.05)
    assert again == rows["parquet"]
    for name in ("hội_nghị", "hồ_sơ_tthc", "units"):
        assert pq.read_table(tmp_path / "parquet/national" / f"{name}.parquet").equals(
            pq.read_table(tmp_path / "again/national" / f"{name}.parquet"))
    rules = planrules.compile(planrules.load(tmp_path / "parquet/national.plan"))
    reports = []
    for source in (sources.FolderSource(tmp_path / "parquet/national", evidence="problems"),
                   sources.DuckDBSource(tmp_path / "duckdb/national.duckdb", evidence="problems")):
        with source:
            assert {u.member_of for u in source.light_facts(rules.vocabulary).units} == {("tinh_01",), ("tinh_02",)}
            reports.append(rules.evaluate(source, dt.date(2026, 12, 31)))
    assert reports[0].units == ("xa_0001", "xa_0002", "xa_0003", "xa_0004", "xa_0005")
    assert len(reports[0].verdicts) == 5 * len(rules.metric_rules)
    assert [(v.unit, v.rule, v.status, v.figures) for v in reports[0].verdicts] == \
        [(v.unit, v.rule, v.status, v.figures) for v in reports[1].verdicts]
    assert reports[0].totals()[planrules.Status.MET] > 0


def test_a_plan_that_lists_no_unit_judges_the_register_communes_as_the_plan_that_declares_them(tmp_path):
    """--register: the same records under the communes' codes, a plan naming its group by level and a register
    beside it, give every commune the verdicts the plan declaring them gives, and roll up to the same sums."""
    import csv
    import datetime as dt

    from planrules.facts.register import Register, Registered
    from planrules.pipeline import Pipeline

    declared = generate_module.write_national(tmp_path / "d", "duckdb", communes=7, provinces=3, seed=5, scale=0.05)
    opened = generate_module.write_national(tmp_path / "r", "duckdb", communes=7, provinces=3, seed=5, scale=0.05,
                                            register=True)
    assert declared == opened
    text = (tmp_path / "r/national.plan").read_text(encoding="utf-8")
    assert "đơn vị" not in text and "= cấp xã" in text
    with (tmp_path / "r/don-vi.units.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["level"] for r in rows] == ["quốc_gia"] + ["tỉnh"] * 3 + ["xã"] * 7
    register = Register(tuple(Registered(r["unit"], r["label"], level=r["level"], parent=r["parent"] or None)
                              for r in rows))
    pipeline = Pipeline()
    as_of = dt.date(2026, 12, 31)
    old = planrules.compile(planrules.load(tmp_path / "d/national.plan"))
    new = planrules.compile(planrules.load(tmp_path / "r/national.plan"), register=register)
    before = pipeline.evaluate(pipeline.fit(old, str(tmp_path / "d/national.duckdb")), as_of)
    after = pipeline.evaluate(pipeline.fit(new, str(tmp_path / "r/national.duckdb")), as_of, group_by="tỉnh")
    codes = dict(zip(before.report.units, after.report.units))  # the same communes, in the same order
    assert [codes[u] for u in before.report.units] == [r["unit"] for r in rows[4:]]
    judged = {(codes[v.unit], v.rule): (v.status, v.period, v.figures) for v in before.report.verdicts}
    assert judged == {(v.unit, v.rule): (v.status, v.period, v.figures) for v in after.report.verdicts}
    assert len(judged) == len(before.report.verdicts) == 7 * 10
    assert [len(g.units) for g in after.rollup.groups] == [3, 2, 2]
