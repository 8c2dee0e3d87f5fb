"""`planrules test`: scenario files of plans, their failures, their errors and coverage.

The scenarios of the real plans (plans/**/*.test.toml) must pass; the fixtures under
tests/fixtures/scenarios/ show a failing run (broken/), malformed files (malformed/) and
coverage (mini/). docs/scenarios.md prints the output of those fixtures; the last test
keeps it exact.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from fractions import Fraction

import pytest
from conftest import ROOT

import planrules
from planrules.tooling import scenario_files, scenarios
from planrules.tooling.cli import run
from planrules.language.model import QuantityUnit

FIXTURES = "tests/fixtures/scenarios"
MINI = f"{FIXTURES}/mini/mini.plan"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)  # paths in the output are as given: relative to the repository


def cli(*argv, lang: str | None = "en"):
    """`planrules test ARGV` (with `--lang en` unless ARGV or `lang=None` says otherwise: without it the runner
    speaks the language of the plans, and the fixtures' are Vietnamese); its status, output and errors."""
    out, err = io.StringIO(), io.StringIO()
    chosen = ["--lang", lang] if lang is not None and "--lang" not in argv else []
    code = run(["test", *chosen, *argv], out, err)
    return code, out.getvalue(), err.getvalue()


def write(folder, name, text, plan=True):
    """A scenario file in `folder` whose plan is the mini fixture plan."""
    head = f'plan = "{(ROOT / MINI).as_posix()}"\n' if plan else ""
    path = folder / name
    path.write_text(head + text, encoding="utf-8")
    return path


SCENARIO = """
[[scenario]]
name = "s"
as_of = 2026-04-30
facts = ["{facts}"]
"""
FACTS = (ROOT / FIXTURES / "broken/facts.toml").as_posix()


# ------------------------------------------------------------ the real plans --


def test_the_scenarios_of_the_real_plans_pass_and_cover_every_rule():
    code, out, err = cli("plans", "--coverage")
    assert (code, err) == (0, ""), out
    summary = out.splitlines()[-1]
    passed, failed = map(int, re.match(r"(\d+) passed, (\d+) failed", summary).groups())
    assert failed == 0 and passed >= 100
    assert "(18 scenario(s) in 3 file(s))" in summary
    coverage = [line for line in out.splitlines() if line.startswith("coverage of")]
    assert coverage == [
        "coverage of plans/quoc-gia/bo-noi-vu/cuc-van-thu-luu-tru/kh-10-du.plan: 19 of 19 rules exercised",
        "coverage of plans/quoc-gia/chinh-phu/nq-03-cp.plan: 204 of 204 rules exercised",
        "coverage of plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan: 35 of 35 rules exercised",
        "coverage of plans/quoc-gia/qd-534-ttg.plan: no scenarios: 8 rules",  # inherited by kh-10-du
    ]


def test_every_verdict_kind_is_expected_on_each_real_plan():
    result = scenarios.run(["plans"])
    for file in result.files:
        kinds = {o.expectation.status for o in file.outcomes}
        assert kinds == set(planrules.Status), file.path


def test_scenario_files_do_not_disturb_check_or_load_dir():
    out, err = io.StringIO(), io.StringIO()
    assert run(["check", "--lang", "en", "plans"], out, err) == 0
    assert out.getvalue().splitlines()[-1].startswith("6 file(s), 0 error(s)")  # 5 plans and the Cục's register
    library = planrules.load_dir(ROOT / "plans")
    assert len(library) == 5 and all(path.endswith(".plan") for path in library.paths)


# ------------------------------------------------------------ failures --


def test_a_wrong_expectation_fails_with_a_readable_diff():
    code, out, err = cli(f"{FIXTURES}/broken")
    assert (code, err) == (1, "")
    assert (
        "FAIL tests/fixtures/scenarios/broken/broken.test.toml:11: «April 2026»: a II.1@1 period 2026-04\n"
        "    expected: met\n"
        "    actual:   not met (II.1@1, 04/2026)\n"
        "    why:      Delivered 27/04/2026, due before 25/04/2026 (the 25th itself is late): late by 3 days.\n"
    ) in out
    assert (
        "    expected: met, value 60%\n"
        "    actual:   pending, value 60% (I.1#1, 2026)\n"
        "    why:      3 of 5 Hội nghị, cuộc họp records in 2026 meet Tổ chức trực tuyến: 60% ≥ 60%."
    ) in out
    assert out.endswith("1 passed, 3 failed (1 scenario(s) in 1 file(s))\n")


def test_an_expectation_that_matches_nothing_fails_and_lists_close_verdicts():
    code, out, _ = cli(f"{FIXTURES}/broken")
    assert code == 1
    block = out.split("broken.test.toml:25: «April 2026»: a I.1#3\n")[1].split("FAIL")[0]
    assert block.startswith("    no verdict for a I.1#3\n    close ones:\n")
    assert "      Đơn vị A · I.1#1 · 2026: pending\n" in block and "      Đơn vị A · I.1#2 · 2026: unknown\n" in block


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_failure_words_each_verdict_as_the_eval_report_does(lang):
    """The `why:` of every failure is the explanation `planrules eval` prints for that verdict (the record kind,
    fields and units by the plan's labels, numbers and dates in the run's language), word for word; the
    `actual:` line names its status and period in the report's words too."""
    _, failed, _ = cli(f"{FIXTURES}/broken", "--lang", lang)
    out, err = io.StringIO(), io.StringIO()
    assert run(["eval", MINI, "--facts", f"{FIXTURES}/broken/facts.toml", "--as-of", "2026-04-30", "--lang", lang],
               out, err) == 0
    report = " ".join(out.getvalue().split())
    why = "why:" if lang == "en" else "lý do:"
    explanations = [line.split(why, 1)[1].strip() for line in failed.splitlines() if line.strip().startswith(why)]
    assert len(explanations) == 2
    assert all(" ".join(e.split()) in report for e in explanations)
    actual = [line for line in failed.splitlines() if line.strip().startswith(("actual:", "thực tế:"))]
    assert actual[0].endswith(("not met (II.1@1, 04/2026)", "không đạt (II.1@1, tháng 04/2026)"))


def test_close_verdicts_of_another_unit_say_the_name_to_write(tmp_path):
    write(tmp_path, "x.test.toml", SCENARIO.format(facts=FACTS) + '[[scenario.expect]]\nunit = "aa"\n'
          'rule = "II.1@1"\nperiod = "2026-07"\nstatus = "met"\n')
    code, out, _ = cli(str(tmp_path))
    assert code == 1 and '      Đơn vị A (unit = "a") · II.1@1 · 04/2026: not met\n' in out


@pytest.mark.parametrize("expect, shown", [
    ('unit = "c"\nrule = "I.1#1"', "no verdict for c I.1#1"),           # c is no unit of the plan
    ('unit = "a"\nrule = "II.1@1"\nperiod = "2026-07"', "no verdict for a II.1@1 period 2026-07"),
    ('unit = "a"\nclause = "I.9"', "no verdict for a clause I.9"),
])
def test_nothing_selected_is_a_failure_never_a_pass(tmp_path, expect, shown):
    write(tmp_path, "x.test.toml", SCENARIO.format(facts=FACTS) + f'[[scenario.expect]]\n{expect}\nstatus = "met"\n')
    code, out, _ = cli(str(tmp_path))
    assert code == 1 and shown in out and out.endswith("0 passed, 1 failed (1 scenario(s) in 1 file(s))\n")


def test_a_unit_the_plan_binds_without_facts_is_unknown_never_missing(tmp_path):
    """b leads II.2 but the facts leave it out: its verdicts are unknown, not absent (absence is no pass)."""
    expect = '[[scenario.expect]]\nunit = "b"\nrule = "{rule}"\nstatus = "unknown"\n'
    write(tmp_path, "x.test.toml", SCENARIO.format(facts=FACTS) + expect.format(rule="I.1#1")
          + expect.format(rule="II.2@1"))
    code, out, _ = cli(str(tmp_path))
    assert (code, out) == (0, "2 passed, 0 failed (1 scenario(s) in 1 file(s))\n")
    report = scenarios.run([tmp_path]).files[0]
    assert [o.passed for o in report.outcomes] == [True, True]
    (verdict,) = report.outcomes[1].selected
    assert verdict.explain() == ("No facts reported for unit b: the plan binds it (it leads a task, or a target's "
                                 "scope names it), so nothing is known, and absence is never compliance.")


def test_a_clause_expectation_lists_each_differing_verdict(tmp_path):
    write(tmp_path, "x.test.toml", SCENARIO.format(facts=FACTS) + '[[scenario.expect]]\nunit = "a"\nclause = "II.1"\n'
          'status = "met"\n')
    code, out, _ = cli(str(tmp_path))
    assert code == 1
    assert "    expected: met\n    1 of the 2 verdicts it selects differ:\n    actual:   not met (II.1@1, 04/2026)\n" in out


def test_values_are_exact_and_on_track_is_compared(tmp_path):
    expect = ""
    for value, track in (('"3/5"', "true"), ('"60%"', "true"), ('"0.6"', "true"), ('"59.99%"', "true"),
                         ('"3/5"', "false"), ('"3/5 ngày"', "true")):
        expect += f'[[scenario.expect]]\nunit = "a"\nrule = "I.1#1"\nstatus = "pending"\nvalue = {value}\non_track = {track}\n'
    write(tmp_path, "x.test.toml", SCENARIO.format(facts=FACTS) + expect)
    result = scenarios.run([tmp_path])
    assert [o.passed for o in result.outcomes] == [True, True, True, False, False, False]
    code, out, _ = cli(str(tmp_path))
    assert "    expected: pending, value 3/5, not on track\n    actual:   pending, value 60%, on track (I.1#1, 2026)" in out


@pytest.mark.parametrize("raw, value", [
    (17, (Fraction(17), None, "17")),
    (Decimal("1.5"), (Fraction(3, 2), None, "1.5")),
    ("3/5", (Fraction(3, 5), None, "3/5")),
    ("60%", (Fraction(3, 5), QuantityUnit.PERCENT, "60%")),
    ("12,5%", (Fraction(1, 8), QuantityUnit.PERCENT, "12,5%")),
    ("1/2 ngày", (Fraction(1, 2), QuantityUnit.DAYS, "1/2 ngày")),
    ("1.5 days", (Fraction(3, 2), QuantityUnit.DAYS, "1.5 days")),
    ("abc", None), ("1/0", None), (True, None), ("-3", None), ("60 %%", None),
])
def test_exact_values(raw, value):
    assert scenario_files._value(raw) == value


# ------------------------------------------------------------ malformed files --


def test_a_malformed_file_exits_two_with_every_problem_located():
    code, out, err = cli(f"{FIXTURES}/malformed/keys.test.toml")
    assert code == 2 and "Traceback" not in err
    assert err.startswith(
        "tests/fixtures/scenarios/malformed/keys.test.toml:5:1: error[T103]: scenario[1] needs “facts”\n"
        " 5 | [[scenario]]\n"
        "   | ^\n"
    )
    assert "keys.test.toml:8:1: error[T102]: unknown key “fact” in scenario[1]\n" in err
    assert "  hint: did you mean “facts”?\n" in err
    assert "keys.test.toml:13:10: error[T104]: status: “passed” is not a verdict" in err
    assert out == "0 passed, 0 failed (0 scenario(s) in 0 file(s)); 1 file(s) could not be run\n"


def test_inline_facts_errors_point_at_the_scenario_file():
    code, _, err = cli(f"{FIXTURES}/malformed/facts.test.toml")
    assert code == 2
    assert err.startswith(
        "tests/fixtures/scenarios/malformed/facts.test.toml:12:8: error[F121]: date: 2026-02-30 is not a date: "
        "month 2/2026 has 28 days\n"
        ' 12 | date = "2026-02-30"\n'
        "    |        ^\n"
    )
    # the second scenario is still read: its unit is checked against the plan (F201)
    assert "facts.test.toml:23:1: error[F201]: unit c is not a unit of plan 1/KH-TEST\n" in err
    assert "  hint: in scenario[2].facts.units.c\n" in err


def test_places_named_in_hints_are_moved_to_the_scenario_file_too(tmp_path):
    counts = "".join(
        f'[[scenario.facts.units.a.counts]]\nkind = "hội_nghị"\nyear = 2026\ncount = {n}\n{where}\n'
        for n, where in ((4, ""), (5, 'where = { "trực_tuyến" = true }\n'))
    )
    text = '[[scenario]]\nname = "s"\nas_of = 2026-04-30\n' + counts + '[[scenario.expect]]\nunit = "a"\n' \
        'rule = "I.1#1"\nstatus = "met"\n'
    path = write(tmp_path, "x.test.toml", text)
    code, _, err = cli(str(path))
    assert code == 2
    assert f"{path}:13:9: error[F131]: 5 hội_nghị in 2026 with trực_tuyến = true is more than the 4" in err
    assert f"  hint: the other count is at {path}:5\n" in err  # line 5: the first [[...counts]]


def test_inline_facts_remember_their_place_in_the_scenario_file():
    sf = scenarios.load(ROOT / FIXTURES / "mini/mini.test.toml")
    result = scenarios.run_file(sf)
    share = next(v for o in result.outcomes for v in o.selected if v.rule == "I.1#1")
    # the two aggregate counts of the share: above the line (online) and below it (all)
    assert set(share.records) == {
        f"{ROOT / FIXTURES}/mini/mini.test.toml:14 (scenario[1].facts.units.a.counts[2])",
        f"{ROOT / FIXTURES}/mini/mini.test.toml:9 (scenario[1].facts.units.a.counts[1])",
    }


@pytest.mark.parametrize("text, located", [
    ('[[scenario]]\nname = "s"\nas_of = 2026-04-30\nfacts = ["nope.toml"]\n',
     ":5:10: error[T105]: facts file {tmp}/nope.toml does not exist"),
    ('[[scenario]]\nname = "s"\nas_of = 2026-04-30\nfacts = "{facts}"\n'
     '[[scenario.expect]]\nunit = "a"\nrule = "I.1#1"\nclause = "I.1"\nstatus = "met"\n',
     ":9:1: error[T106]: an expectation names a rule or a clause, not both"),
    ('[[scenario]]\nname = "s"\nas_of = 2026-04-30\nfacts = "{facts}"\n'
     '[[scenario.expect]]\nunit = "a"\nstatus = "met"\non_track = "yes"\n',
     ":6:1: error[T106]: an expectation needs rule"),
    ('[[scenario]]\nname = "s"\nas_of = 2026-04-30\nfacts = "{facts}"\n'
     '[[scenario.expect]]\nunit = "a"\nrule = "I.1#1"\nstatus = "met"\non_track = "yes"\n',
     ":10:12: error[T104]: “scenario[1].expect[1].on_track”: expected true or false, found text 'yes'"),
    ('[[scenario]]\nname = "s"\nas_of = 2026-04-30\nfacts = "{facts}"\n',
     ":2:1: error[T108]: scenario “s” has no [[scenario.expect]]"),
    ('[[scenario]]\nname = "s"\nas_of = 2026-04-30\nfacts = "{facts}"\n'
     '[[scenario.expect]]\nunit = "a"\nrule = "I.1#1"\nstatus = "met"\n'
     '[[scenario]]\nname = "s"\nas_of = 2026-04-30\nfacts = "{facts}"\n'
     '[[scenario.expect]]\nunit = "a"\nrule = "I.1#1"\nstatus = "met"\n',
     ":11:8: error[T107]: scenario “s” is given twice (first at line 3)"),
    ('calendar = "lunar"\n[[scenario]]\n', ':2:12: error[T104]: calendar: “lunar” is neither "vietnam" nor "plain"'),
    ("title = 'x'\n", ":1:1: error[T108]: the file has no [[scenario]]"),
    ('[[scenario]]\nname = "s"\nas_of = 2026-04-30\nfacts = []\n', ":5:9: error[T103]: facts: name at least one"),
    ('[[scenario]]\nname = "s"\nas_of = 2026-04-30 10:00:00\n', ":4:9: error[T104]: “scenario[1].as_of”: expected a date"),
    ('[[scenario]]\nname = "s"\nas_of = \n', ":4:9: error[T100]: not valid TOML: Invalid value"),
    ('[[scenario]]\nname = "s"\n"tên" = 1\ntên = 2\n', ":5:1: error[T100]: TOML allows only ASCII letters"),
])
def test_malformed_scenario_files(tmp_path, text, located):
    write(tmp_path, "x.test.toml", text.replace("{facts}", FACTS))
    code, out, err = cli(str(tmp_path))
    assert code == 2 and "Traceback" not in err
    assert f"{tmp_path}/x.test.toml" + located.replace("{tmp}", str(tmp_path)) in err, err
    assert out.endswith("1 file(s) could not be run\n")


def test_hostile_scenario_files_get_located_errors(tmp_path):
    (tmp_path / "deep.test.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    (tmp_path / "bytes.test.toml").write_bytes(b'name = "\xff"\n')
    code, _, err = cli(str(tmp_path / "deep.test.toml"), str(tmp_path / "bytes.test.toml"))
    assert code == 2 and "Traceback" not in err
    assert "deep.test.toml:1:" in err and "error[T100]: not valid TOML: nesting too deep" in err
    assert f"bytes.test.toml:1:9: error[T101]: {tmp_path}/bytes.test.toml is not UTF-8 text (byte 8)" in err


def test_a_scenario_file_with_too_many_entries_is_refused_before_it_is_built(tmp_path, monkeypatch):
    """The facts files' bound on TOML entries (facts_load.MAX_TOML_ENTRIES) holds for scenario files too."""
    monkeypatch.setattr(scenario_files, "MAX_TOML_ENTRIES", 10)
    path = write(tmp_path, "x.test.toml", "[[scenario]]\n" + "".join(f"k{n} = 1\n" for n in range(20)))
    code, out, err = cli(str(path))
    assert code == 2 and "Traceback" not in err
    assert err.startswith(f"{path}:11:1: error[T101]: {path} has more than 10 entries (keys, tables and array "
                          "elements), the most a scenario file may have\n"), err
    assert out.endswith("1 file(s) could not be run\n")


def test_a_scenario_file_without_its_plan(tmp_path):
    (tmp_path / "lone.test.toml").write_text('[[scenario]]\nname = "s"\n', encoding="utf-8")
    code, _, err = cli(str(tmp_path / "lone.test.toml"))
    assert code == 2 and f"lone.test.toml:1:1: error[T105]: no plan {tmp_path}/lone.plan beside this file" in err


@pytest.mark.parametrize("make, shown", [
    (lambda p: p / "empty", "error[T101]: no scenario files (*.test.toml) at or below"),
    (lambda p: p / "plan.toml", "error[T101]: {path} is not a scenario file (its name must end in .test.toml)"),
])
def test_paths_that_hold_no_scenario_file(tmp_path, make, shown):
    path = make(tmp_path)
    if path.suffix:
        path.write_text("", encoding="utf-8")
    else:
        path.mkdir()
    code, out, err = cli(str(path))
    assert code == 2 and out == "" and shown.replace("{path}", str(path)) in err


def test_a_missing_path_and_a_broken_plan(tmp_path):
    assert cli(str(tmp_path / "nope"))[0] == 2
    (tmp_path / "bad.plan").write_text('kế hoạch: "1/X"\nngày ban hành: 32/01/2026\n', encoding="utf-8")
    (tmp_path / "bad.test.toml").write_text(
        SCENARIO.format(facts=FACTS) + '[[scenario.expect]]\nunit = "a"\nrule = "I.1#1"\nstatus = "met"\n',
        encoding="utf-8")
    code, _, err = cli(str(tmp_path))
    assert code == 2 and f"{tmp_path}/bad.plan:2:" in err and "Traceback" not in err


def test_malformed_and_failing_files_together_exit_two_and_report_both():
    code, out, err = cli(f"{FIXTURES}/broken", f"{FIXTURES}/malformed/keys.test.toml")
    assert code == 2 and "error[T102]" in err
    assert out.endswith("1 passed, 3 failed (1 scenario(s) in 1 file(s)); 1 file(s) could not be run\n")


# ------------------------------------------------------------ coverage and languages --


def test_coverage_lists_exactly_the_rules_no_expectation_exercises():
    code, out, err = cli(f"{FIXTURES}/mini", "--coverage")
    assert (code, err) == (0, "")
    assert out == (
        f"coverage of {MINI}: 2 of 4 rules exercised\n"
        "    not exercised:\n"
        f"      I.1#2   {MINI}:10:1\n"
        f"      II.2@1  {MINI}:21:5\n"
        "3 passed, 0 failed (1 scenario(s) in 1 file(s))\n"
    )
    result = scenarios.run([f"{FIXTURES}/mini"])
    (total, missing), = result.uncovered().values()
    assert (total, [rule for rule, _ in missing]) == (4, ["I.1#2", "II.2@1"])


def test_coverage_lists_the_plans_with_rules_and_no_scenario_file(tmp_path):
    """A plan under a folder searched, with rules but no scenario file, is listed with its rules; not a vocabulary."""
    (tmp_path / "mini").mkdir()
    for name in ("mini.plan", "mini.test.toml"):
        (tmp_path / "mini" / name).write_text((ROOT / FIXTURES / "mini" / name).read_text(encoding="utf-8"),
                                              encoding="utf-8")
    (tmp_path / "mini" / "copy.plan").write_text((ROOT / MINI).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "534.plan").write_text((ROOT / "plans/quoc-gia/qd-534-ttg.plan").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    (tmp_path / "prelude.plan").write_text((ROOT / "plans/prelude.plan").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "broken.plan").write_text('kế hoạch: "1/X"\nngày ban hành: 32/01/2026\n', encoding="utf-8")
    code, out, err = cli(str(tmp_path), "--coverage")
    assert (code, err) == (0, ""), err
    assert out == (
        f"coverage of {tmp_path}/534.plan: no scenarios: 8 rules\n"
        "    it binds no unit by name: its rules are judged only in the plans that inherit them\n"
        f"coverage of {tmp_path}/mini/copy.plan: no scenarios: 4 rules\n"
        f"coverage of {tmp_path}/mini/mini.plan: 2 of 4 rules exercised\n"
        "    not exercised:\n"
        f"      I.1#2   {tmp_path}/mini/mini.plan:10:1\n"
        f"      II.2@1  {tmp_path}/mini/mini.plan:21:5\n"
        "3 passed, 0 failed (1 scenario(s) in 1 file(s))\n"
    )
    assert "không có kịch bản: 4 quy tắc" in cli(str(tmp_path), "--coverage", "--lang", "vi")[1]
    assert "no scenarios" not in cli(str(tmp_path))[1]  # only with --coverage
    assert "no scenarios" not in cli(str(tmp_path / "mini" / "mini.test.toml"), "--coverage")[1]  # a file: no folder
    result = scenarios.run([tmp_path, tmp_path / "mini"])
    assert result.without_scenarios() == {tmp_path / "534.plan": (8, False), tmp_path / "mini/copy.plan": (4, True)}
    # a plan beside a scenario file that cannot be run has one: it is not listed as without
    (tmp_path / "mini" / "copy.test.toml").write_text("x = 1\n", encoding="utf-8")
    assert list(scenarios.run([tmp_path]).without_scenarios()) == [tmp_path / "534.plan"]


def test_coverage_merges_every_file_of_a_plan():
    # broken/ exercises I.1#1 and II.1@1 too (failing expectations still exercise a rule)
    code, out, _ = cli(f"{FIXTURES}/mini", f"{FIXTURES}/broken", "--coverage")
    assert code == 1 and f"coverage of {MINI}: 2 of 4 rules exercised\n" in out


def test_vietnamese_output():
    code, out, _ = cli(f"{FIXTURES}/broken", "--lang", "vi")
    assert code == 1
    assert "SAI tests/fixtures/scenarios/broken/broken.test.toml:11: «April 2026»: a II.1@1 kỳ 2026-04\n" in out
    assert "    cần:     đạt\n    thực tế: không đạt (II.1@1, tháng 04/2026)\n    lý do:   Nộp ngày 27/04/2026" in out
    assert "    lý do:   3/5 bản ghi Hội nghị, cuộc họp năm 2026 thỏa mãn Tổ chức trực tuyến: 60% ≥ 60%." in out
    assert out.endswith("1 đạt, 3 sai (1 kịch bản trong 1 tệp)\n")
    code, _, err = cli(f"{FIXTURES}/malformed/keys.test.toml", "--lang", "vi")
    assert code == 2 and "lỗi[T102]: scenario[1] không có khóa “fact”" in err


def test_without_lang_the_runner_speaks_the_language_its_plans_share(monkeypatch):
    """No --lang and no $PLANRULES_LANG: the failures and the summary in the language of the plans run (the
    fixtures' mini.plan is Vietnamese), as `check`'s summary; a file that could not be run names no plan."""
    monkeypatch.delenv("PLANRULES_LANG", raising=False)
    code, out, _ = cli(f"{FIXTURES}/broken", lang=None)
    assert code == 1 and out.startswith("SAI tests/fixtures/scenarios/broken/broken.test.toml:11:")
    assert "    thực tế: không đạt (II.1@1, tháng 04/2026)\n" in out and out.endswith("1 đạt, 3 sai (1 kịch bản trong 1 tệp)\n")
    assert cli(f"{FIXTURES}/malformed/keys.test.toml", lang=None)[1] == (
        "0 passed, 0 failed (0 scenario(s) in 0 file(s)); 1 file(s) could not be run\n")
    monkeypatch.setenv("PLANRULES_LANG", "en")
    assert cli(f"{FIXTURES}/broken", lang=None)[1].endswith("1 passed, 3 failed (1 scenario(s) in 1 file(s))\n")


def test_help_documents_the_options():
    out, err = io.StringIO(), io.StringIO()
    assert run(["test", "--help"], out, err) == 0  # on the output stream given
    shown = out.getvalue()
    assert "--coverage" in shown and "--lang" in shown and "Exit status" in shown


# ------------------------------------------------------------ docs --


def test_the_console_blocks_of_docs_scenarios_are_exact():
    text = (ROOT / "docs/scenarios.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```console\n(.*?)```", text, re.S)
    checked = 0
    for block in blocks:
        command, *output = block.splitlines()
        if "PATH..." in command:
            continue
        argv = command.removeprefix("$ planrules test ").split()
        code, out, err = cli(*argv, lang=None)  # as written
        assert err + out == "\n".join(output) + "\n", command
        checked += 1
    assert checked == 5


def test_the_python_example_of_docs_scenarios_runs(capsys):
    text = (ROOT / "docs/scenarios.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```python\n(.*?)```", text, re.S)
    exec(block, {})
    assert "372 passed, 0 failed" in capsys.readouterr().out


def test_a_number_too_long_for_python_is_a_located_error_not_a_traceback(tmp_path):
    """Scenario files are read by the facts loader's strict TOML reader, limits included."""
    import io

    from planrules.tooling.cli import run

    (tmp_path / "x.plan").write_text((ROOT / "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan").read_text(
        encoding="utf-8"), encoding="utf-8")
    (tmp_path / "x.test.toml").write_text('[[scenario]]\nname = "s"\nas_of = 2026-01-01\nx = ' + "9" * 5000 + "\n",
                                          encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert run(["test", str(tmp_path)], out, err) == 2
    assert f"{tmp_path / 'x.test.toml'}:4:5: error[T100]" in err.getvalue() + out.getvalue()
    assert "5000 digits" in err.getvalue() + out.getvalue()


def test_each_scenarios_facts_are_fitted_to_the_plan_once(monkeypatch):
    """Through the pipeline: a facts file shared by scenarios is read and fitted once, inline facts once each,
    and evaluation judges the fitted facts without fitting them again."""
    from planrules.evaluation import fit as fitting

    counted = []
    misfits = fitting.misfits
    monkeypatch.setattr(fitting, "misfits", lambda rules, facts, binding=None, **options: counted.append(1) or
                        misfits(rules, facts, binding, **options))
    sf = scenarios.load(ROOT / "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.test.toml")
    result = scenarios.run_file(sf)
    files = {s.facts_files for s in sf.scenarios if s.inline is None}
    inline = [s for s in sf.scenarios if s.inline is not None]
    assert result.outcomes and files and inline
    assert len(counted) == len(files) + len(inline)  # before the pipeline: once more per scenario, in evaluate
