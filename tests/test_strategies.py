"""Tests of the Hypothesis kit of `planrules.strategies` for facts and plan pairs.

The kit must be right before the project's property tests (and users') can
trust it: facts from `facts_meeting` meet their target and those from
`facts_violating` do not, for every kind of target; every facts file from
`facts_and_toml` loads back as its facts; every file from
`invalid_facts_toml` gives exactly its one code; a child from `plan_pairs`
is flagged exactly when it loosens a target. The strategies of plans and
plan text have their own tests in tests/test_properties.py.

Examples per test are a fraction of the profile's (`HYPOTHESIS_PROFILE`),
so that the many parametrised cases stay cheap under `ci`.
"""

from __future__ import annotations

import builtins
import contextlib
import datetime as dt
import io
import re
import types
from fractions import Fraction

import pytest
from conftest import PLANS, ROOT
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import planrules
from planrules import Severity, Status
from planrules.base.diagnostics import FactsError
from planrules.facts.loader import CODES, loads_facts
from planrules.strategies import (
    INVALID_FACTS,
    facts_and_toml,
    facts_meeting,
    facts_toml,
    facts_violating,
    invalid_facts_toml,
    plan_pairs,
    plan_texts,
    plans,
    valid_facts,
    verdict_for,
)

SOME = max(10, settings.default.max_examples // 20)  # per parametrised case
FEW = max(4, settings.default.max_examples // 40)
HALF = max(20, settings.default.max_examples // 2)

LIBRARY = planrules.load_dir(PLANS)
VU_DUONG = planrules.compile(planrules.load(PLANS / "quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"), LIBRARY)
CUC = planrules.compile(planrules.load(PLANS / "quoc-gia/bo-noi-vu/cuc-van-thu-luu-tru/kh-10-du.plan"), LIBRARY)

# A plan with every kind of target the language has, each way round: counts at least and at most,
# fractional thresholds, caps on days and on whole numbers, with and without a category, a minimum
# per record, a cut at most, shares excluding records in every way, an undated kind, task targets
# bound through a group whose members are not listed, a role and one unit.
SYNTHETIC = planrules.compile(planrules.parse("""\
kế hoạch: "9/KH-TEST"
tiêu đề: "Mọi loại chỉ tiêu"
ngày ban hành: 15/03/2026
đơn vị a: "Đơn vị A"
đơn vị b: "Đơn vị B"
nhóm các_tổ: "Các tổ"
vai trò thủ_trưởng: "Thủ trưởng"

bản ghi kiểm_tra "Cuộc kiểm tra" {
    ngày "Ngày kiểm tra": ngày tháng
    kết_quả "Kết quả": một trong đạt "Đạt", không_đạt "Không đạt", hoãn "Hoãn"
    số_người "Số người": số nguyên
    có_biên_bản "Có biên bản": có hoặc không
    ghi_chú "Ghi chú": chuỗi
    nơi "Nơi": đơn vị
    thời_gian "Thời gian": số ngày
}

chỉ số số_kiểm_tra: số lượng kiểm_tra
chỉ số số_người_mỗi_cuộc: số_người của mỗi kiểm_tra theo kết_quả
chỉ số thời_gian_mỗi_cuộc: thời_gian của mỗi kiểm_tra

chỉ tiêu I.1: số_hội_nghị không quá 7 trong năm 2026
chỉ tiêu I.2: số_kiểm_tra tối thiểu 3 hằng năm
chỉ tiêu I.3: (số lượng kiểm_tra có kết_quả = đạt và có_biên_bản) tối thiểu 2,5
chỉ tiêu I.4: số_người_mỗi_cuộc(đạt) không quá 12
chỉ tiêu I.5: số_người_mỗi_cuộc(không_đạt) tối thiểu 2
chỉ tiêu I.6: thời_gian_mỗi_cuộc tối thiểu 1/3 ngày
chỉ tiêu I.7: giảm_hội_nghị không quá 20%
chỉ tiêu I.8: (tỷ lệ kiểm_tra có kết_quả = đạt trừ kết_quả = hoãn) tối thiểu 12,34%
chỉ tiêu I.9: (tỷ lệ kiểm_tra có có_biên_bản trừ có_biên_bản) tối thiểu 50%
chỉ tiêu I.10: (tỷ lệ kiểm_tra có có_biên_bản trừ không có_biên_bản) không quá 99%
chỉ tiêu I.11: (tỷ lệ hội_nghị có trực_tuyến trừ loại = quan_trọng và không trực_tuyến) không quá 1/3%
chỉ tiêu I.12: tỷ_lệ_đào_tạo_kỹ_năng_số tối thiểu 0%
chỉ tiêu I.13: (mức giảm số lượng kiểm_tra có không có_biên_bản so với năm trước) tối thiểu 100%
chỉ tiêu I.14: tỷ_lệ_văn_bản_điện_tử không quá 100%
chỉ tiêu I.15: (số lượng kiểm_tra) không quá 0
chỉ tiêu I.16: (mức giảm số lượng cán_bộ so với năm trước) tối thiểu 5%
chỉ tiêu I.17: tỷ_lệ_hội_nghị_trực_tuyến không quá 60%
chỉ tiêu I.18: giảm_văn_bản_hành_chính tối thiểu 0%

nhiệm vụ I.20 {
    nội dung: "Việc của các tổ"
    chủ trì: các_tổ
    chỉ tiêu: số_hội_nghị tối thiểu 1 trong năm 2027
}
nhiệm vụ I.21 {
    nội dung: "Việc của thủ trưởng"
    chủ trì: thủ_trưởng
    chỉ tiêu: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 95%
}
nhiệm vụ I.22 {
    nội dung: "Việc của đơn vị b"
    chủ trì: b
    chỉ tiêu: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 95%
}
""", source="synthetic.plan"), calendar=planrules.Calendar.plain())

# (target, verdict) pairs no facts can give: each is a ValueError, with the reason.
IMPOSSIBLE = {("I.9#1", True): "never at least 1/2", ("I.10#1", True): "never at most 99/100",
              ("I.12#1", False): "always at least 0", ("I.14#1", False): "always at most 1"}
SYNTHETIC_RULES = [r.clause.rule for r in SYNTHETIC.metric_rules]


def facts_for(rules, rule: str, meet: bool, **kw):
    return (facts_meeting if meet else facts_violating)(rule, rules=rules, **kw)


def status_of(rules, rule, facts, **kw) -> Status:
    return verdict_for(rule, facts, rules=rules, **kw).status


# ------------------------------------------------------------ facts for a target --


@pytest.mark.parametrize("rule", SYNTHETIC_RULES)
@settings(max_examples=SOME)
@given(data=st.data())
def test_facts_give_the_wanted_verdict_for_every_kind_of_target(rule, data):
    for meet, wanted in ((True, Status.MET), (False, Status.NOT_MET)):
        if (rule, meet) in IMPOSSIBLE:
            continue
        facts = data.draw(facts_for(SYNTHETIC, rule, meet), label=f"meet={meet}")
        verdict = verdict_for(rule, facts, rules=SYNTHETIC)
        assert verdict.status is wanted, verdict.explain("en")


@pytest.mark.parametrize(("rule", "meet"), sorted(IMPOSSIBLE))
def test_a_target_no_facts_can_meet_or_break_is_a_value_error(rule, meet):
    with pytest.raises(ValueError, match=IMPOSSIBLE[(rule, meet)]):
        facts_for(SYNTHETIC, rule, meet)


@pytest.mark.parametrize(("call", "message"), [
    (lambda: facts_meeting("I.99#1", rules=SYNTHETIC), "has no target 'I.99#1'; its targets: I.1#1, I.2#1"),
    (lambda: facts_meeting("I.1#1", rules=SYNTHETIC, year=2027), "judged for 2026 only"),
    (lambda: facts_meeting("I.2#1", rules=SYNTHETIC, year=2025), "binds from 2026"),
    (lambda: facts_meeting("I.22#1", rules=SYNTHETIC, unit="a"), "does not bind unit 'a'"),
    (lambda: facts_meeting("I.22#1", rules=SYNTHETIC, unit="zz"), "'zz' is not a unit of plan 9/KH-TEST"),
    (lambda: facts_meeting("I.4#1", rules=SYNTHETIC, using="counts"), "judged on records only"),
    (lambda: facts_meeting("I.3#1", rules=SYNTHETIC, using="value"), "declared metric"),
    (lambda: facts_meeting("I.16#1", rules=SYNTHETIC, using="records"), "a cut needs counts"),
    (lambda: facts_meeting("I.1#1", rules=SYNTHETIC, using="csv"), "using must be"),
    (lambda: facts_meeting(VU_DUONG.metric_rules[0], rules=SYNTHETIC), "is not a target of plan 9/KH-TEST"),
])
def test_arguments_that_do_not_fit_the_target_are_value_errors(call, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        call()


def test_rules_must_be_compiled():
    with pytest.raises(TypeError, match="compiled RuleSet"):
        facts_meeting("I.1#1", rules=SYNTHETIC.plan)


@pytest.mark.parametrize(("rules", "rule", "meet", "value"), [
    (VU_DUONG, "I.2-1#1", True, Fraction(3, 5)),  # exactly 60% online
    (VU_DUONG, "I.2-1#2", True, Fraction(1, 10)),  # exactly a 10% cut
    (VU_DUONG, "TT 2#1", True, Fraction(15, 100)),
    (VU_DUONG, "II.4-4#1", True, Fraction(1, 2)),  # a quán triệt conference of exactly half a day
    (SYNTHETIC, "I.8#1", True, Fraction(1234, 10000)),
    (SYNTHETIC, "I.2#1", True, Fraction(3)),
    (SYNTHETIC, "I.1#1", False, Fraction(8)),  # one conference too many
    (SYNTHETIC, "I.5#1", True, Fraction(2)),
])
def test_the_exact_boundary_is_reached(rules, rule, meet, value):
    """The kit draws facts exactly at the threshold (3 of 5 for 60%), where an off-by-one would show."""

    class Reached(Exception):
        pass

    @settings(database=None, max_examples=200, phases=[Phase.generate])  # stop at the first hit, no shrinking
    @given(facts_for(rules, rule, meet))
    def look(facts):
        if verdict_for(rule, facts, rules=rules).value == value:
            raise Reached

    with pytest.raises(Reached):
        look()


@pytest.mark.parametrize("using", ["records", "counts", "value"])
@settings(max_examples=SOME)
@given(data=st.data())
def test_using_says_where_the_figures_come_from(using, data):
    rule = data.draw(st.sampled_from(["I.2-1#1", "I.2-1#2", "II.5-3#1", "TT 10#1"]))
    meet = data.draw(st.booleans())
    facts = data.draw(facts_for(VU_DUONG, rule, meet, using=using))
    (unit,) = facts.units
    assert bool(unit.values) == (using == "value")
    if using == "counts":
        assert not unit.records
    if using == "records":
        assert unit.records
    assert status_of(VU_DUONG, rule, facts) is (Status.MET if meet else Status.NOT_MET)


@settings(max_examples=SOME)
@given(facts=facts_meeting("I.20#1", rules=SYNTHETIC, year=2027))
def test_a_unit_joins_a_group_whose_members_the_plan_does_not_list(facts):
    (unit,) = facts.units
    assert unit.name in ("a", "b") and unit.member_of == ("các_tổ",)


@settings(max_examples=SOME)
@given(facts=facts_violating("II.4.b-1#2", rules=CUC), other=facts_meeting("I.2-1#1", rules=VU_DUONG, unit="ubnd_xã"))
def test_the_unit_is_one_the_target_binds(facts, other):
    (unit,) = facts.units
    assert "các_chi_bộ" in CUC.responsibilities(unit)
    assert other.units[0].name == "ubnd_xã"


# ---------------------------------------------------------------- facts files --


def _loaded(text: str, vocabulary=None, name="facts.toml"):
    try:
        return loads_facts(text, name, vocabulary=vocabulary)
    except FactsError as error:  # show the file and every problem
        raise AssertionError(text + "\n" + "\n".join(d.render("en") for d in error.diagnostics)) from None


@settings(max_examples=HALF)
@given(pair=facts_and_toml())
def test_valid_facts_files_load_back_as_their_facts(pair):
    facts, text = pair
    assert _loaded(text) == facts


@settings(max_examples=SOME)
@given(pair=facts_and_toml(SYNTHETIC))
def test_facts_of_a_plans_own_vocabulary_load_and_fit_the_plan(pair):
    facts, text = pair
    assert _loaded(text, SYNTHETIC.vocabulary) == facts
    assert SYNTHETIC.check(facts) == []  # units, groups, events of the plan: evaluate raises nothing
    assert {u.name for u in facts.units} <= SYNTHETIC.units


@settings(max_examples=SOME)
@given(pair=facts_and_toml(VU_DUONG, facts=facts_meeting("I.2-1#1", rules=VU_DUONG)),
       bad=facts_and_toml(VU_DUONG, facts=facts_violating("II.4-4#1", rules=VU_DUONG)))
def test_facts_for_a_target_written_as_a_file_still_decide_it(pair, bad):
    facts, text = pair
    loaded = _loaded(text, VU_DUONG.vocabulary)
    assert loaded == facts
    assert status_of(VU_DUONG, "I.2-1#1", loaded) is Status.MET
    assert status_of(VU_DUONG, "II.4-4#1", _loaded(bad[1], VU_DUONG.vocabulary)) is Status.NOT_MET


@settings(max_examples=SOME)
@given(text=facts_toml(), facts=valid_facts(period=True), other=valid_facts(years=(2030, 2030), period=False))
def test_periods_and_years_are_kept(text, facts, other):
    _loaded(text)
    assert facts.period is not None
    start, end = facts.period
    for unit in facts.units:
        assert all(start <= r.date <= end for r in unit.records if r.date is not None)
        assert all(start.year <= c.year <= end.year for c in unit.counts)
    assert other.period is None
    assert all(r.date.year == 2030 for u in other.units for r in u.records if r.date is not None)


def test_valid_facts_needs_years_the_format_allows():
    with pytest.raises(ValueError, match="1900..2200"):
        valid_facts(years=(2027, 2026))
    with pytest.raises(TypeError, match="Vocabulary"):
        valid_facts("prelude")


# --------------------------------------------------------------- invalid files --


def test_every_problem_kind_is_a_code_of_the_loader():
    assert set(INVALID_FACTS.values()) <= set(CODES)
    assert len(set(INVALID_FACTS.values())) == len(INVALID_FACTS)


def test_every_code_left_out_of_the_kit_is_named_with_its_reason():
    """Each loader code is a kind of INVALID_FACTS, or named as left out in its docstring and in docs/testing.md."""
    import ast

    source = (ROOT / "src/planrules/strategies/facts_invalid.py").read_text(encoding="utf-8")
    body = ast.parse(source).body
    (at,) = [n for n, node in enumerate(body) if isinstance(node, ast.AnnAssign)
             and getattr(node.target, "id", "") == "INVALID_FACTS"]
    docstring = body[at + 1].value.value  # the string literal that follows the assignment
    guide = (ROOT / "docs/testing.md").read_text(encoding="utf-8")
    paragraph = guide[guide.index("`INVALID_FACTS` maps each kind"):]
    paragraph = paragraph.split("\n\n")[0]
    kinds = set(INVALID_FACTS.values())
    for text in (docstring, paragraph):
        named = set(re.findall(r"F[12]\d\d", text))
        assert named - set(CODES) == set()
        assert set(CODES) - kinds - named == set(), text
    assert "F146" in docstring and "F146" in paragraph


def codes_of(text: str, vocabulary=None) -> list[str]:
    try:
        loads_facts(text, vocabulary=vocabulary)
    except FactsError as error:
        return [d.code for d in error.diagnostics]
    raise AssertionError(f"loaded without an error:\n{text}")


@pytest.mark.parametrize("kind", INVALID_FACTS)
@settings(max_examples=FEW)
@given(data=st.data())
def test_each_invalid_kind_gives_exactly_its_code(kind, data):
    text, code = data.draw(invalid_facts_toml(kind=kind))
    assert code == INVALID_FACTS[kind]
    assert codes_of(text) == [code], text


@settings(max_examples=SOME)
@given(pair=invalid_facts_toml(SYNTHETIC))
def test_invalid_files_for_a_plans_own_vocabulary(pair):
    text, code = pair
    assert codes_of(text, SYNTHETIC.vocabulary) == [code], text


def test_invalid_kinds_the_vocabulary_cannot_give_are_value_errors():
    bare = planrules.Vocabulary({}, {})
    with pytest.raises(ValueError, match="nothing a 'per_record_value' problem needs"):
        invalid_facts_toml(bare, "per_record_value")
    with pytest.raises(ValueError, match="unknown kind of problem 'typo'"):
        invalid_facts_toml(kind="typo")


@settings(max_examples=SOME)
@given(pair=invalid_facts_toml(planrules.Vocabulary({}, {})))
def test_an_empty_vocabulary_still_gives_the_problems_it_can(pair):
    text, code = pair
    assert codes_of(text, planrules.Vocabulary({}, {})) == [code], text


# ------------------------------------------------------------------ plan pairs --


def errors(library) -> list:
    return [d for d in planrules.check(library) if d.severity is Severity.ERROR]


@settings(max_examples=SOME)
@given(pair=plan_pairs())
def test_a_child_that_tightens_is_never_an_error(pair):
    assert pair.loosened is None and pair.code is None
    assert errors(pair.library()) == []


@settings(max_examples=SOME)
@given(pair=plan_pairs(loosen=True))
def test_a_child_that_loosens_one_target_is_exactly_one_error_there(pair):
    found = errors(pair.library())
    assert [(d.code, d.span.file, d.span.line) for d in found] == [(pair.code, "child.plan", pair.line)]


# ------------------------------------------------------------------ health checks --

CI = settings.get_profile("ci")


KIT = {
    "plans": plans(), "plan_texts": plan_texts(), "valid_facts": valid_facts(), "valid_facts(rules)":
    valid_facts(VU_DUONG), "facts_toml": facts_toml(), "facts_and_toml(rules)": facts_and_toml(SYNTHETIC),
    "invalid_facts_toml": invalid_facts_toml(), "plan_pairs": plan_pairs(), "plan_pairs(loosen)": plan_pairs(True),
    **{f"facts_{'meeting' if meet else 'violating'}({r.clause.rule})": facts_for(VU_DUONG, r.clause.rule, meet)
       for r in VU_DUONG.metric_rules[:8] for meet in (True, False)},
}


@pytest.mark.parametrize("name", KIT)
def test_strategies_pass_the_health_checks_of_the_ci_profile(name):
    """Under `ci` (which only lets a test be slow), drawing never fails a health check: no filtering too much,
    no example too large."""
    @settings(CI, max_examples=FEW, database=None)
    @given(KIT[name])
    def draw(value):
        assert value is not None

    draw()
    assert HealthCheck.too_slow in CI.suppress_health_check and len(CI.suppress_health_check) == 1


@settings(max_examples=FEW)
@given(facts=facts_meeting("I.2-1#1", rules=VU_DUONG))
def test_a_year_is_judged_at_its_end(facts):
    """`verdict_for` judges at 31/12 of the year: the same verdict as evaluating there."""
    report = VU_DUONG.evaluate(facts, as_of=dt.date(2026, 12, 31))
    unit = facts.units[0].name
    (expected,) = [v for v in report.verdicts if v.rule == "I.2-1#1" and v.unit == unit and v.period == "2026"]
    assert verdict_for("I.2-1#1", facts, rules=VU_DUONG) == expected
    with pytest.raises(ValueError, match="say which one"):
        verdict_for("I.2-1#1", planrules.Facts(units=facts.units * 2), rules=VU_DUONG)


# ------------------------------------------------------------- docs/testing.md --

GUIDE = ROOT / "docs" / "testing.md"


def guide_blocks() -> list[tuple[int, str, str | None, str]]:
    """(line, language, file=NAME or None, text) of each fenced block of docs/testing.md."""
    blocks, current, body = [], None, []
    for number, line in enumerate(GUIDE.read_text(encoding="utf-8").split("\n"), start=1):
        if current is None and line.startswith("```"):
            words = line[3:].split()
            name = next((w[len("file="):] for w in words[1:] if w.startswith("file=")), None)
            current, body = (number, words[0] if words else "", name), []
        elif current is not None and line.startswith("```"):
            blocks.append((*current, "\n".join(body) + "\n"))
            current = None
        elif current is not None:
            body.append(line)
    return blocks


def test_the_python_blocks_of_the_testing_guide_run_and_their_tests_pass(monkeypatch):
    """The guide's Python blocks run in order in one namespace, as the test file a reader writes; then every
    test they define runs (each parametrised case, with a tenth of the profile's examples). A block that prints
    shows its output as the comment lines that end it. The conftest block registers the profiles the commands
    below it name, without changing this run's profile."""
    monkeypatch.chdir(ROOT)
    namespace: dict = {"__name__": "test_our_plan"}
    profiles: dict[str, dict] = {}
    loaded: list[str] = []
    blocks = guide_blocks()
    for line, lang, name, text in blocks:
        if lang != "python":
            continue
        code = compile(text, f"{GUIDE}:{line}", "exec")
        if name == "conftest.py":  # with a stand-in for hypothesis.settings, which only records the calls
            recorder = types.SimpleNamespace(
                register_profile=lambda profile, parent=None, **kw: profiles.update({profile: kw}),
                load_profile=loaded.append)

            def stand_in(module, *args, **kwargs):
                found = builtins.__import__(module, *args, **kwargs)
                if module == "hypothesis":
                    return types.SimpleNamespace(HealthCheck=found.HealthCheck, settings=recorder)
                return found

            exec(code, {"__name__": "conftest", "__builtins__": {**vars(builtins), "__import__": stand_in}})
            continue
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(code, namespace)
        if "print(" in text:
            shown = re.search(r"((?:^# .*\n)+)\Z", text, re.M).group(1)
            assert out.getvalue().splitlines() == [row[2:] for row in shown.splitlines()], line
    assert set(profiles) == {"ci", "dev", "fuzz"} and loaded == ["ci"]
    assert profiles["ci"]["max_examples"] == CI.max_examples
    commands = "".join(text for _, lang, _, text in blocks if lang == "sh")
    assert set(re.findall(r"HYPOTHESIS_PROFILE=(\w+)", commands)) <= set(profiles)
    tests = {n: fn for n, fn in namespace.items() if n.startswith("test_") and callable(fn)}
    assert set(re.findall(r"-k (\w+)", commands)) <= set(tests)
    assert len(tests) >= 9
    for fn in tests.values():
        if getattr(fn, "is_hypothesis_test", False):
            settings(settings.default, max_examples=SOME)(fn)
        cases = [{}]
        for mark in getattr(fn, "pytestmark", []):
            if mark.name == "parametrize":
                argument, values = mark.args
                cases = [{**case, argument: value} for case in cases for value in values]
        for case in cases:
            fn(**case)


# ------------------------------------------------------------- the package --

PACKAGE = ROOT / "src" / "planrules" / "strategies"


def kit_table() -> list[str]:
    """The `name(parameters)` cells of the kit's table in docs/testing.md (section 8)."""
    section = GUIDE.read_text(encoding="utf-8").split("## 8. The kit", 1)[1]
    table = next(block for block in section.split("\n\n") if block.startswith("| strategy |"))
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    return [call for row in rows for call in re.findall(r"`(\w+\([^`]*\))`", row.split(" | ")[0])]


def test_every_strategy_of_the_guide_is_public_with_the_parameters_it_shows():
    """The guide's kit table is the kit's documentation: each name is in `__all__`, and each parameter it shows
    is one of the function's, of its kind and default (parameters it leaves out have defaults)."""
    import ast
    import inspect

    import planrules.strategies as kit

    calls = kit_table()
    assert len(calls) >= 13
    assert {"INVALID_FACTS", "PlanPair", "LANGUAGES"} <= set(kit.__all__)
    for call in calls:
        name = call.split("(")[0]
        assert name in kit.__all__, name
        shown = ast.parse(f"def f{call.split(name, 1)[1]}: pass").body[0].args
        real = inspect.signature(getattr(kit, name)).parameters
        positional = [p for p in real.values() if p.kind is p.POSITIONAL_OR_KEYWORD]
        assert [a.arg for a in shown.args] == [p.name for p in positional[:len(shown.args)]], call
        keyword = {p.name for p in real.values() if p.kind is p.KEYWORD_ONLY}
        assert {a.arg for a in shown.kwonlyargs} <= keyword, call
        defaults = dict(zip([a.arg for a in shown.args][::-1], shown.defaults[::-1]))
        defaults.update((a.arg, d) for a, d in zip(shown.kwonlyargs, shown.kw_defaults) if d is not None)
        for parameter, default in defaults.items():
            assert real[parameter].default == ast.literal_eval(default), (call, parameter)
        left_out = set(real) - {a.arg for a in shown.args + shown.kwonlyargs}
        assert all(real[p].default is not inspect.Parameter.empty for p in left_out), (call, left_out)


def test_every_public_name_of_the_kit_is_there():
    import planrules.strategies as kit

    missing = [name for name in [*kit.__all__, "VocabularyLike", "TargetLike"] if not hasattr(kit, name)]
    assert missing == []


def test_the_modules_of_the_package_are_listed_in_order_and_build_only_on_earlier_ones():
    """The package's docstring lists its modules, each a job, in the order they build on each other: a module
    imports from the package only modules listed before it, so the list reads as the kit is made."""
    import ast

    import planrules.strategies as kit

    listed = re.findall(r"^- (.+)$", kit.__doc__.split("one module a job", 1)[1], re.M)
    order = [name for line in listed for name in re.findall(r"`(\w+)`:", line)]
    assert sorted(order) == sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
    for position, name in enumerate(order):
        tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
        used = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 1}
        assert used <= set(order[:position]), f"{name} builds on {used - set(order[:position])}"


def test_import_planrules_alone_needs_no_hypothesis():
    """The kit needs Hypothesis (a test dependency); the library must not load it, nor the kit."""
    import json
    import subprocess
    import sys

    code = "import json, sys, planrules; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          check=True)
    loaded = json.loads(done.stdout.splitlines()[-1])
    assert [m for m in loaded if m.split(".")[0] == "hypothesis" or m.startswith("planrules.strategies")] == []


def test_a_strategy_over_a_whole_plan_shows_a_short_repr():
    """Hypothesis quotes a strategy's arguments when a draw fails (an `assume`, a filter) and warns past 30 kB,
    which the suite's warnings-as-errors turn into an error in the middle of drawing ("inconsistent data
    generation"). A rule set holds a whole plan and its clause texts, so it shows itself by its plan's number
    and rule counts, in repr and in Hypothesis' pretty printer alike: NQ 03's strategies stay short."""
    from hypothesis.vendor.pretty import pretty

    from planrules.pipeline import Pipeline

    rules = Pipeline(library=PLANS).rules(PLANS / "quoc-gia/chinh-phu/nq-03-cp.plan")
    assert len(rules.clauses) > 50  # the words a full repr would quote
    shown = repr(st.tuples(st.just(rules), valid_facts(rules)))  # how Hypothesis quotes a strategy's arguments
    assert len(shown) < 2_000 and "RuleSet(plan='03/NQ-CP'" in shown, shown[:300]
    assert pretty(rules) == repr(rules) == f"RuleSet(plan='03/NQ-CP', metric_rules={len(rules.metric_rules)}, " \
        f"deadline_rules={len(rules.deadline_rules)})"
