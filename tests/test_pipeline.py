"""The pipeline façade: the stages chained once, the fit of facts to a plan run once per evaluation."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from conftest import ROOT

import planrules
from planrules import FactsError, parse
from planrules.evaluation import fit as fitting
from planrules.pipeline import Pipeline
from planrules.tooling.cli import run

# The README's first evaluation: a plan, its library of parents, one TOML facts file.
VU_DUONG = ["eval", "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan", "--library", "plans",
            "--facts", "examples/vu-duong/facts.toml", "--as-of", "2026-11-30", "--no-cache"]

PLAN_TEXT = """kế hoạch: "9/KH-T"
ngày ban hành: 01/03/2026
đơn vị vp: "Văn phòng"
nhiệm vụ II.1 {
    nội dung: "Báo cáo"
    chủ trì: vp
    thời hạn: hằng năm
    thời hạn: trước ngày 25 hằng tháng
}
"""

# a unit the plan lacks (F201), a day February lacks (the loader's F121), a task the plan lacks (F204)
BOTH = ('[units.vp]\n[units.vq]\n[[units.vp.records."hội_nghị"]]\n"ngày" = "31/02/2026"\n'
        '[[units.vp.deliveries]]\ntask = "II.9"\ndate = 2026-05-01\n')


@pytest.fixture
def fits(monkeypatch) -> list[int]:
    """Counts the fits of facts to a plan (`fit.misfits`, which `RuleSet.check` and `RuleSet.fit` run)."""
    counted: list[int] = []
    misfits = fitting.misfits

    def counting(rules, facts, binding=None, **options):
        counted.append(1)
        return misfits(rules, facts, binding, **options)

    monkeypatch.setattr(fitting, "misfits", counting)
    return counted


def test_eval_on_files_fits_the_facts_to_the_plan_once(fits, monkeypatch):
    monkeypatch.chdir(ROOT)
    out, err = io.StringIO(), io.StringIO()
    assert run(VU_DUONG, out, err) == 0, err.getvalue()
    assert out.getvalue()
    assert len(fits) == 1


def test_eval_of_facts_that_do_not_fit_fits_them_once_and_lists_every_problem(fits, tmp_path):
    plan, facts = tmp_path / "p.plan", tmp_path / "f.toml"
    plan.write_text(PLAN_TEXT, encoding="utf-8")
    facts.write_text(BOTH, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert run(["eval", str(plan), "--facts", str(facts), "--no-cache"], out, err) == 2
    assert [line.split("[")[1].split("]")[0] for line in err.getvalue().splitlines() if "[F" in line] == \
        ["F201", "F121", "F204"]
    assert len(fits) == 1


def test_load_facts_with_rules_lists_the_loaders_problems_and_the_plans_in_one_error_by_place(tmp_path):
    rules = planrules.compile(parse(PLAN_TEXT))
    path = tmp_path / "f.toml"
    path.write_text(BOTH, encoding="utf-8")
    with pytest.raises(FactsError) as alone:
        planrules.load_facts(path)
    assert [d.code for d in alone.value.diagnostics] == ["F121"]
    with pytest.raises(FactsError) as both:
        planrules.load_facts(path, rules=rules)  # the plan's vocabulary, and its fit
    assert [(d.code, d.span.line) for d in both.value.diagnostics] == [("F201", 2), ("F121", 4), ("F204", 5)]


def _misfits(text: str, rules) -> list[tuple[str, int]]:
    """(code, line) of every problem of facts `text` fitted to the plan of `rules` (that nothing is returned)."""
    with pytest.raises(FactsError) as info:
        Pipeline().fit_text(rules, text, "facts.toml")
    return [(d.code, d.span.line if d.span else 0) for d in info.value.diagnostics]


def test_facts_text_is_fitted_with_the_loaders_problems_and_the_plans_together():
    rules = planrules.compile(parse(PLAN_TEXT))
    assert _misfits(BOTH, rules) == [("F201", 2), ("F121", 4), ("F204", 5)]
    good = '[[units.vp.deliveries]]\ntask = "II.1"\ndeadline = 1\nperiod = "2026"\ndate = 2026-05-01\n'
    assert Pipeline().fit_text(rules, good, "facts.toml").facts.unit("vp").deliveries[0].task == "II.1"


def test_the_plan_fit_never_sees_a_guessed_deadline():
    """A delivery whose `deadline` cannot be read is not fitted to the plan: its task has two deadlines, and
    "which one?" (F206) would be a problem the file does not have."""
    rules = planrules.compile(parse(PLAN_TEXT))
    assert _misfits('[[units.vp.deliveries]]\ntask = "II.1"\ndeadline = -2\ndate = 2026-05-01\n', rules) == \
        [("F125", 3)]


def test_two_files_that_disagree_and_a_misfit_are_listed_together(tmp_path):
    """F146 (two files give a unit's attribute two values) has no place: listed first, beside the plan's F201,
    where sorting the two once raised a TypeError out of `planrules eval`."""
    plan, first, second = tmp_path / "p.plan", tmp_path / "a.toml", tmp_path / "b.toml"
    plan.write_text(PLAN_TEXT, encoding="utf-8")
    first.write_text('[units.vp.attributes]\nprovince = "A"\n', encoding="utf-8")
    second.write_text('[units.vp.attributes]\nprovince = "B"\n[units.zz]\n', encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert run(["eval", str(plan), "--facts", str(first), str(second), "--no-cache"], out, err) == 2
    said = [line for line in err.getvalue().splitlines() if "error[" in line]
    assert [line.split("error[")[1][:4] for line in said] == ["F146", "F201"], err.getvalue()


def test_a_fit_is_judged_without_fitting_again(fits, tmp_path):
    rules = planrules.compile(parse(PLAN_TEXT))
    path = tmp_path / "f.toml"
    path.write_text('[[units.vp.deliveries]]\ntask = "II.1"\ndeadline = 1\nperiod = "2026"\ndate = 2026-05-01\n',
                    encoding="utf-8")
    pipeline = Pipeline()
    fitted = pipeline.fit(rules, path)
    assert fitted.problems == () and fitted.facts.unit("vp").deliveries[0].task == "II.1"
    report = pipeline.evaluate(fitted, dt.date(2026, 12, 31)).report
    assert report.verdicts and len(fits) == 1
    assert planrules.load_facts(path, rules=rules) == fitted.facts


def test_the_library_folder_is_read_once_per_pipeline(monkeypatch):
    monkeypatch.chdir(ROOT)
    pipeline = Pipeline(library="plans")
    assert pipeline.parents() is pipeline.parents()
    assert Pipeline().parents() is None


# The modules of the table sources, the one list of them: a prefix each (a module, or a package and
# everything in it). Reading TOML facts must load none of them: DuckDB stays optional, and a TOML run
# stays light. (facts.targets, which tells a connection string by its shape, is not one: it imports nothing.)
DATABASE_MODULES = (
    "planrules.facts.sources", "planrules.facts.engines", "planrules.facts.duckdb_engine",
    "planrules.facts.postgres_engine", "planrules.facts.small_tables", "planrules.facts.table_checks",
    "planrules.facts.table_problems", "planrules.facts.sql_text", "planrules.evaluation.sql",
    "duckdb", "psycopg", "pyarrow",
)

LOADED = """
import io, json, sys
{run}
print(json.dumps(sorted(sys.modules)))
"""


def _loaded(code: str) -> list[str]:
    """The modules `code` leaves loaded, run in a fresh interpreter from the repository's root."""
    import json
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", LOADED.format(run=code)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def _database(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == p or m.startswith(p + ".") for p in DATABASE_MODULES)]


def test_importing_planrules_loads_no_database_module():
    assert _database(_loaded("import planrules")) == []


def test_the_readmes_evaluation_of_a_toml_file_loads_no_database_module():
    code = f"from planrules.tooling.cli import run; assert run({VU_DUONG!r}, io.StringIO(), io.StringIO()) == 0"
    assert _database(_loaded(code)) == []


def test_the_table_sources_are_public_names_loaded_on_first_use():
    assert _database(_loaded("import planrules; planrules.FactSource")) != []  # the check can fail
    assert {"FactSource", "open_source", "write_duckdb", "write_parquet"} <= set(dir(planrules))
    assert set(planrules.__all__) <= set(dir(planrules))
    for name in ("FactSource", "open_source", "write_duckdb", "write_parquet"):
        assert getattr(planrules, name).__name__ == name  # each one where planrules/__init__.py says it is
    with pytest.raises(AttributeError):
        planrules.no_such_name  # noqa: B018


# ------------------------------------------------------------ properties --

from hypothesis import HealthCheck, given, settings  # noqa: E402

from planrules.facts.loader import loads_facts  # noqa: E402
from planrules.strategies import facts_and_toml, invalid_facts_toml  # noqa: E402

VU_DUONG_RULES = Pipeline(library=ROOT / "plans").rules(ROOT / "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan")
SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(pair=facts_and_toml(VU_DUONG_RULES.vocabulary))
def test_facts_that_load_are_fitted_as_the_plans_check_says(pair):
    """Facts a file gives fit the plan exactly when `RuleSet.check` finds nothing; else its problems are listed."""
    _, text = pair
    read = loads_facts(text, vocabulary=VU_DUONG_RULES.vocabulary)
    misfits = VU_DUONG_RULES.check(read)
    if not misfits:
        assert Pipeline().fit_text(VU_DUONG_RULES, text, "facts.toml").facts == read
        return
    with pytest.raises(FactsError) as error:
        Pipeline().fit_text(VU_DUONG_RULES, text, "facts.toml")
    place = lambda d: (d.span.line, d.span.column) if d.span else (0, 0)  # noqa: E731
    assert list(error.value.diagnostics) == sorted(misfits, key=place)


@SETTINGS
@given(pair=invalid_facts_toml(VU_DUONG_RULES.vocabulary))
def test_the_plans_fit_adds_to_the_loaders_problems_and_never_hides_one(pair):
    """With the plan, a facts file's problems are the loader's, in its order, and the plan's F2xx among them."""
    text, code = pair
    with pytest.raises(FactsError) as alone:
        loads_facts(text, vocabulary=VU_DUONG_RULES.vocabulary)
    with pytest.raises(FactsError) as fitted:
        Pipeline().fit_text(VU_DUONG_RULES, text, "facts.toml")
    assert [d for d in fitted.value.diagnostics if not d.code.startswith("F2")] == list(alone.value.diagnostics)
    assert code in [d.code for d in fitted.value.diagnostics]
