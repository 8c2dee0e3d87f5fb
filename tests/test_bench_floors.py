"""bench/floors.py: the statements it replays are the ones planrules runs, grouped as it says, returning the rows
planrules got; a replay that returns other rows is caught; the whole bench runs and prints its floors."""

import importlib.util
import sys

import pytest
from conftest import ROOT

spec = importlib.util.spec_from_file_location("bench_floors", ROOT / "bench" / "floors.py")
floors = importlib.util.module_from_spec(spec)
sys.modules.setdefault("bench_floors", floors)
spec.loader.exec_module(floors)
national = floors.national

COMMUNES, PROVINCES, SEED = 12, 2, 3


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    return national.dataset(tmp_path_factory.mktemp("floors"), COMMUNES, PROVINCES, SEED, lambda text: None)


@pytest.fixture(scope="module")
def captured(year, tmp_path_factory):
    """The statements of a first evaluation (empty cache) and of a repeat (the cache kept), as planrules ran them."""
    import pickle

    folder = tmp_path_factory.mktemp("captured")
    out = {}
    for phase in ("first", "again"):
        said = floors.capture(dict(plan=year["plan"], where=year["parquet"], cache=str(folder / "cache"),
                                   out=str(folder / f"{phase}.pickle")))
        out[phase] = (said, pickle.loads((folder / f"{phase}.pickle").read_bytes()))
    return out


def test_the_groups_are_the_statements_of_a_first_run_and_a_repeat(captured):
    (first_said, first), (again_said, again) = captured["first"], captured["again"]
    assert not first_said["reused"] and again_said["reused"]
    assert first_said["verdicts"] == again_said["verdicts"] == COMMUNES * 11
    assert (first_said["statements"], again_said["statements"]) == (len(first), len(again))
    grouped = floors.groups(first, again)
    assert all(grouped[name] for name in floors.GROUPS)
    assert grouped[floors.METRIC] == again
    # a repeat runs none but statements the first ran too; the first's others are the validation, split in two
    assert len(first) - len(again) == len(grouped[floors.UNIQUE]) + len(grouped[floors.OTHER])
    unique = grouped[floors.UNIQUE]
    assert any('"planrules.src:dossiers"' in sql and 'COUNT(DISTINCT hash("unit", "id"))' in sql
               for sql, _, _ in unique)
    assert {floors.reads(sql) for sql, _, _ in unique} >= {"conferences", "docs_issued", "dossiers"}
    assert not any("COUNT(DISTINCT hash(" in sql for sql, _, _ in grouped[floors.OTHER] + again)
    less = grouped[floors.UNIQUE_LESS]
    assert len(less) == len(unique) and all("COUNT(DISTINCT" not in sql for sql, _, _ in less)
    assert [(params, rows) for _, params, rows in less] == [(params, rows) for _, params, rows in unique]


def test_each_group_replayed_on_a_fresh_connection_returns_the_rows_planrules_got(year, captured):
    grouped = floors.groups(captured["first"][1], captured["again"][1])
    for name, statements in grouped.items():
        out = floors.replay(year["parquet"], statements)
        assert len(out["rows"]) == len(out["each"]) == len(statements)
        assert floors.differing(statements, out["rows"]) == [], name
        assert out["seconds"] > 0 and out["cpu"] > 0
    # (a') gives (a)'s rows (checked above) only because the ids are unique: its distinct counts are plain counts
    assert all(plain != sql for (sql, _, _), (plain, _, _) in zip(grouped[floors.UNIQUE], grouped[floors.UNIQUE_LESS]))


def test_a_replay_returning_other_rows_is_caught(year, captured):
    metric = captured["again"][1]
    got = floors.replay(year["parquet"], metric)["rows"]
    shifted = [(sql, params, rows[1:] if i == 1 else rows) for i, (sql, params, rows) in enumerate(metric)]
    problems = floors.differing(shifted, got)
    assert len(problems) == 1 and "rows replayed" in problems[0]
    # a statement asked of another date gives other rows, and is caught
    later = [(sql, tuple(p.replace(year=p.year - 1) if hasattr(p, "year") and hasattr(p, "month") else p
                         for p in params), rows) for sql, params, rows in metric]
    assert floors.differing(metric, floors.replay(year["parquet"], later)["rows"])
    assert floors.differing(metric, got[:-1])[-1] == f"{len(got) - 1} statements replayed, {len(got)} captured"


def test_a_distinct_count_of_an_unknown_form_is_refused():
    assert floors.without_distinct('SELECT COUNT(*) FROM "t"') is None
    assert floors.without_distinct('SELECT COUNT(DISTINCT hash("unit", "id")) FILTER (WHERE "id" IS NOT NULL) '
                                   'FROM "t"') == 'SELECT COUNT(*) FILTER (WHERE "id" IS NOT NULL) FROM "t"'
    with pytest.raises(ValueError, match="does not know"):
        floors.without_distinct('SELECT COUNT(DISTINCT hash(lower("unit"), "id")) FROM "t"')


def test_the_bench_runs_and_prints_its_floors(year, capsys):
    folder = floors.Path(year["plan"]).parent.parent
    assert floors.main(["--communes", str(COMMUNES), "--provinces", str(PROVINCES), "--seed", str(SEED),
                        "--runs", "1", "--keep", str(folder)]) == 0
    printed = capsys.readouterr().out
    assert f"{COMMUNES * 11} verdicts" in printed
    for label in (*floors.GROUPS.values(), floors.JUDGING, national.QUERY, national.FIRST, national.AGAIN):
        assert f"| {label} |" in printed
    for floor in ("first evaluation >= (a)+(c) = ", "first evaluation >= the distinct counts alone",
                  "again >= (c)+(3) = "):
        assert floor in printed
    assert "(a) by table, median s: conferences " in printed and "(a') by table, median s: conferences " in printed
    assert "dossiers" in printed
