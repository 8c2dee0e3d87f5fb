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
