"""bench/judging.py: what it times is the evaluation a repeat runs after its SQL, verdict for verdict."""

import datetime as dt
import importlib.util

from conftest import ROOT

spec = importlib.util.spec_from_file_location("bench_judging", ROOT / "bench" / "judging.py")
judging = importlib.util.module_from_spec(spec)
spec.loader.exec_module(judging)
national = judging._national()


def test_the_timed_evaluations_are_the_evaluation_of_the_year(tmp_path, capsys):
    """Each timed run (fresh indexes on the answers read once) gives the verdicts and the roll-up an ordinary
    evaluation gives, explanations included; the SQL is left as it was; the figures printed are per verdict."""
    from planrules.evaluation import sql

    real = sql.sql_indexes
    data = national.dataset(tmp_path, 12, 2, 3, lambda text: None)
    out = judging.measure(data["plan"], data["parquet"], dt.date(2026, 12, 31), 2, str(tmp_path / "cache"))
    assert sql.sql_indexes is real
    assert len(out["totals"]) == len(out["rolled"]) == 2 and all(t > 0 for t in out["totals"])
    ordinary, _ = national.evaluate(data["plan"], "parquet", data["parquet"], mapping=str(national.MAPPING),
                                    cache_dir=None)
    timed = out["evaluation"]
    assert len(timed.report.verdicts) == 12 * 11
    assert timed.report.verdicts == ordinary.report.verdicts
    assert [v.explain("vi") for v in timed.report.verdicts] == [v.explain("vi") for v in ordinary.report.verdicts]
    assert timed.rollups == ordinary.rollups
    assert judging.main(["--communes", "12", "--provinces", "2", "--seed", "3", "--runs", "1",
                         "--keep", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "12 communes, 132 verdicts" in printed and "µs a verdict" in printed and "roll-up by tỉnh" in printed
