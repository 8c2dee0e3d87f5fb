"""bench/output.py: the benchmark of verdicts as tables runs, and its check catches tables that differ."""

import importlib.util
import sys

import attrs
from conftest import ROOT

from planrules.evaluation.verdicts import Status
from planrules.reports import tables as T

spec = importlib.util.spec_from_file_location("bench_output", ROOT / "bench" / "output.py")
output_module = importlib.util.module_from_spec(spec)
sys.modules["bench_output"] = output_module
spec.loader.exec_module(output_module)


def test_it_runs_and_checks_the_tables_against_the_report(tmp_path, capsys):
    data = tmp_path / "data"
    assert output_module.main(["--communes", "3", "--runs", "1", "--keep", str(data), "--postgres", ""]) == 0
    shown = capsys.readouterr().out
    assert "tables read back equal the report's exact values and statuses" in shown
    assert "tables to Parquet folder" in shown and "JSON report, streamed, --no-explain" in shown

    evaluation = output_module.evaluate(data)
    T.write_tables(T.tables_of(evaluation.report, evaluation.rollups), tmp_path / "out")
    assert output_module.verify(evaluation, tmp_path / "out") == []
    first = evaluation.report.verdicts[0]
    changed = attrs.evolve(first, status=Status.MET if first.status is not Status.MET else Status.NOT_MET)
    wrong = attrs.evolve(evaluation, report=attrs.evolve(evaluation.report,
                                                         verdicts=(changed, *evaluation.report.verdicts[1:])))
    assert len(output_module.verify(wrong, tmp_path / "out")) == 1
