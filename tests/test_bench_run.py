"""bench/run.py: the agreement check that guards every timing it prints.

A benchmark comparing engines that compute different answers is meaningless,
so bench/run.py compares every verdict before it times anything. These tests
run that check on a tiny corpus with planrules and the hand-written floor (the
two engines that need no extra package), and make sure the check can fail.
"""

import datetime as dt
import importlib.util
import sys
from fractions import Fraction

import pytest
from conftest import ROOT

spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
run_module = importlib.util.module_from_spec(spec)
sys.modules["bench_run"] = run_module
spec.loader.exec_module(run_module)

DATES = (dt.date(2026, 12, 31), dt.date(2026, 9, 30), dt.date(2026, 3, 1), dt.date(2027, 1, 5))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Four communes, half of them loosening a target so that parents' targets are inherited too."""
    folder = tmp_path_factory.mktemp("corpus")
    run_module._generator().generate(folder, provinces=2, communes=4, seed=5, weakened=0.5, facts=True, scale=0.05)
    return folder


def test_planrules_and_the_hand_written_floor_agree(corpus):
    assert run_module.check_agreement(corpus, DATES) == []


def test_the_floor_covers_inherited_targets(corpus):
    library = run_module.planrules.load_dir(corpus / "plans")
    tables = [run_module.rulebook.targets(run_module.planrules.load(p), library)
              for p in run_module.commune_plans(corpus)]
    assert any(t.id.startswith("534/QĐ-TTg:") for table in tables for t in table)


def test_a_wrong_floor_is_caught(corpus):
    def wrong(units, table, as_of):
        verdicts = run_module.handwritten.evaluate(units, table, as_of)
        key = next(k for k, (status, value) in sorted(verdicts.items()) if value is not None)
        status, value = verdicts[key]
        verdicts[key] = (status, value + Fraction(1, 10**9))  # off by a billionth: still a different answer
        return verdicts

    problems = run_module.check_agreement(corpus, DATES[:1], floor=wrong)
    assert problems and all("handwritten disagrees with planrules" in line for line in problems)


def test_a_missing_verdict_is_caught(corpus):
    def forgetful(units, table, as_of):
        verdicts = run_module.handwritten.evaluate(units, table, as_of)
        verdicts.pop(sorted(verdicts)[0])
        return verdicts

    problems = run_module.check_agreement(corpus, DATES[:1], floor=forgetful)
    assert problems and all("(no verdict)" in line for line in problems)
