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


def _communes(corpus):
    library = run_module.planrules.load_dir(corpus / "plans")
    loads = {"planrules": [], "handwritten": []}
    return [run_module.Commune(corpus, plan_file, library, loads) for plan_file in run_module.commune_plans(corpus)]


def _planrules(commune, as_of):
    return run_module.planrules_verdicts(commune.metric_rules.evaluate(commune.facts, as_of))


def test_the_duckdb_peer_agrees_with_planrules_in_an_open_year_and_after(corpus, tmp_path):
    """A cut while its year is open is pending with no value in every engine (part of a year is not a whole one)."""
    import pickle
    import subprocess

    communes = _communes(corpus)
    given, answer = tmp_path / "input.pickle", tmp_path / "answer.pickle"
    given.write_bytes(pickle.dumps({"facts": corpus / "facts", "runs": 1, "dates": list(DATES), "threads": 1,
                                    "communes": {c.key: (c.table, {u: d.names for u, d in c.units.items()})
                                                 for c in communes}}))
    # in a child process, as bench/run.py runs it: DuckDB and regopy do not share a process
    subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--duckdb-worker", str(given), str(answer)],
                   check=True, timeout=300)
    answers = pickle.loads(answer.read_bytes())["answers"]
    problems = [line for as_of, got in zip(DATES, answers) for c in communes
                for line in run_module.differences("duckdb", c.key, as_of, _planrules(c, as_of), got.get(c.key, {}))]
    assert problems == []


_REGO_WORKER = """
import datetime as dt, importlib.util, json, sys
from pathlib import Path
root, corpus = Path(sys.argv[1]), Path(sys.argv[2])
dates = [dt.date.fromisoformat(d) for d in sys.argv[3:]]
spec = importlib.util.spec_from_file_location("bench_run", root / "bench" / "run.py")
run = importlib.util.module_from_spec(spec)
sys.modules["bench_run"] = run
spec.loader.exec_module(run)
from peers import rego as rego_peer
rego, bundle = rego_peer.interpreter()
library = run.planrules.load_dir(corpus / "plans")
loads = {"planrules": [], "handwritten": []}
problems = []
for plan_file in run.commune_plans(corpus)[:2]:
    commune = run.Commune(corpus, plan_file, library, loads)
    for as_of in dates:
        ours = run.planrules_verdicts(commune.metric_rules.evaluate(commune.facts, as_of))
        rego_peer.load(rego, rego_peer.prepare(commune.units, commune.table, as_of))
        problems += run.differences("rego", commune.key, as_of, ours, rego_peer.verdicts(rego_peer.run(rego, bundle)))
print(json.dumps(problems))
"""


def test_the_rego_peer_agrees_with_planrules_in_an_open_year_and_after(corpus):
    """The same for the Rego peer, in a child process: once regopy has run, DuckDB dies of heap corruption in
    the same process (bench/run.py keeps them apart too), and the rest of the suite uses DuckDB."""
    import json
    import subprocess

    done = subprocess.run([sys.executable, "-c", _REGO_WORKER, str(ROOT), str(corpus), *map(str, DATES)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == []
