"""Who a target binds (`phạm vi:` / `scope:`) and who monitors it (`theo dõi:` / `monitored by:`): issue 16, point 3.

The language (parse, print, resolve), the units a scope binds when evaluated,
the watcher carried to every report format, and inheritance comparing scopes.
"""

import pytest

from planrules import format, parse, prelude, resolve
from planrules.base.source import Source
from planrules.language import model as m

HEAD = '''kế hoạch: "1/KH"
ngày ban hành: 01/01/2026
đơn vị bnv: "Bộ Nội vụ"
đơn vị hà_nội: "Thành phố Hà Nội"
đơn vị huế: "Thành phố Huế"
nhóm các_tỉnh: "Các tỉnh, thành phố" = hà_nội, huế
'''


# ------------------------------------------------------------- language --


@pytest.mark.parametrize(("scope", "watch", "expected_scope", "expected_watch"), [
    ("phạm vi: các_tỉnh", "theo dõi: bnv", m.Scope(("các_tỉnh",)), ("bnv",)),
    ("pham vi: các_tỉnh", "theo doi: bnv", m.Scope(("các_tỉnh",)), ("bnv",)),
    ("scope: các_tỉnh", "monitored by: bnv", m.Scope(("các_tỉnh",)), ("bnv",)),
    ("phạm vi: toàn địa bàn", "", m.Scope(()), ()),
    ("pham vi: toan dia ban", "", m.Scope(()), ()),
    ("scope: whole territory", "", m.Scope(()), ()),
    ("phạm vi: hà_nội, huế", "", m.Scope(("hà_nội", "huế")), ()),
    ("", "theo dõi: bnv, các_tỉnh", None, ("bnv", "các_tỉnh")),
    ("", "", None, ()),
])
def test_scope_and_watcher_in_three_spellings(scope, watch, expected_scope, expected_watch):
    """A target's scope and watcher, after its period, in Vietnamese, ASCII-folded and English."""
    plan = parse(HEAD + f"chỉ tiêu: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 95% hằng năm {scope} {watch}\n")
    (target,) = plan.targets
    assert (target.scope, target.monitored_by) == (expected_scope, expected_watch)
    assert target.period == m.EachYearPeriod()


def test_scope_and_watcher_inside_a_task_and_without_a_period():
    plan = parse(HEAD + "nhiệm vụ TT 1 {\n    chủ trì: bnv\n"
                 "    chỉ tiêu: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 95% phạm vi: các_tỉnh theo dõi: bnv\n}\n")
    (target,) = plan.targets
    assert (target.scope, target.monitored_by, target.period) == (m.Scope(("các_tỉnh",)), ("bnv",), None)
    assert target.scope.whole_territory is False and m.Scope(()).whole_territory is True


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("tail", [
    "phạm vi: các_tỉnh theo dõi: bnv",
    "phạm vi: toàn địa bàn",
    "theo dõi: bnv, các_tỉnh",
    "hằng năm phạm vi: hà_nội, huế",
])
def test_scope_and_watcher_print_back(tail, lang):
    """The formatter writes a scope and a watcher back, in either language, to the same plan."""
    text = HEAD + ("nhiệm vụ TT 1 {\n    chủ trì: bnv\n    chỉ tiêu: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 95% "
                   f"{tail}\n}}\nchỉ tiêu II.1: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 90% {tail}\n")
    plan = parse(text)
    printed = format(plan, lang=lang)
    assert parse(printed) == plan
    assert format(parse(printed), lang=lang) == printed
    word = {"vi": "phạm vi:", "en": "scope:"}[lang] if "phạm vi" in tail else {"vi": "theo dõi:", "en": "monitored by:"}[lang]
    assert word in printed


def test_scope_and_watcher_names_must_be_declared():
    """An undeclared name in a scope or a watcher is R201, at the name, with the closest declared one."""
    text = HEAD + "chỉ tiêu: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 95% phạm vi: các_tinh theo dõi: bộ_nv\n"
    found = resolve([parse(text, source="p.plan")], prelude(), {"p.plan": Source("p.plan", text)})
    assert [d.code for d in found] == ["R201", "R201"]
    assert [d.span.column for d in found] == [text.splitlines()[-1].index(n) + 1 for n in ("các_tinh", "bộ_nv")]
    assert [h.text("en") for d in found for h in d.hints] == ["did you mean các_tỉnh?", "did you mean bnv?"]


def test_a_scope_keyword_is_still_a_name_part_elsewhere():
    """`phạm_vi` and `theo_dõi` (one word each) stay names."""
    plan = parse(HEAD + 'đơn vị phạm_vi: "P"\nđơn vị theo_dõi: "T"\n'
                 "chỉ tiêu: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 95% phạm vi: phạm_vi theo dõi: theo_dõi\n")
    assert (plan.targets[0].scope, plan.targets[0].monitored_by) == (m.Scope(("phạm_vi",)), ("theo_dõi",))


# ------------------------------------------------------------- evaluation --

import datetime as dt  # noqa: E402

import planrules  # noqa: E402
from planrules import Status  # noqa: E402
from planrules.evaluation.compiler import compile  # noqa: E402

END = dt.date(2026, 12, 31)
NATIONAL = HEAD + '''nhóm các_bộ: "Các bộ, ngành" = bnv
nhiệm vụ TT 1 {
    nội dung: "Hồ sơ trực tuyến"
    chủ trì: bnv
    chỉ tiêu: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 95% trong năm 2026 phạm vi: các_tỉnh theo dõi: bnv
    chỉ tiêu: tỷ_lệ_văn_bản_điện_tử tối thiểu 90% trong năm 2026
    chỉ tiêu: tỷ_lệ_số_hóa_văn_bản tối thiểu 90% trong năm 2026 phạm vi: toàn địa bàn
}
chỉ tiêu II.1: số_hội_nghị không quá 30 trong năm 2026 phạm vi: huế
chỉ tiêu II.2: số_hội_nghị không quá 40 trong năm 2026 theo dõi: các_bộ
'''


def _share(unit: str, kind: str, flag: str, part: int, whole: int) -> str:
    return (f'[[units."{unit}".counts]]\nkind = "{kind}"\nyear = 2026\ncount = {whole}\n\n'
            f'[[units."{unit}".counts]]\nkind = "{kind}"\nyear = 2026\ncount = {part}\nwhere = {{ "{flag}" = true }}\n\n')


def _judged(tmp_path, facts: str, as_of=END):
    plan = tmp_path / "p.plan"
    plan.write_text(NATIONAL, encoding="utf-8")
    rules = compile(planrules.load(plan))
    path = tmp_path / "f.toml"
    path.write_text(facts, encoding="utf-8")
    return rules, rules.evaluate(planrules.load_facts(path, rules=rules), as_of)


def _by_rule(report) -> dict[str, dict[str, Status]]:
    out: dict[str, dict[str, Status]] = {}
    for v in report.verdicts:
        out.setdefault(v.rule, {})[v.unit] = v.status
    return out


def test_a_scope_decides_the_units_judged(tmp_path):
    """TT 1's first target binds every province (the task's lead not at all); its second, with no scope, the
    task's lead as before; its third every unit; II.1 only huế. A province the facts leave out is unknown."""
    facts = "[units.bnv]\n" + _share("bnv", "hồ_sơ_tthc", "trực_tuyến", 1, 10) + '[units."hà_nội"]\n' + _share(
        "hà_nội", "hồ_sơ_tthc", "trực_tuyến", 96, 100)
    rules, report = _judged(tmp_path, facts)
    assert set(rules.bound) >= {"bnv", "hà_nội", "huế"}
    judged = _by_rule(report)
    assert judged["TT 1#1"] == {"hà_nội": Status.MET, "huế": Status.UNKNOWN}
    assert set(judged["TT 1#2"]) == {"bnv"}
    assert set(judged["TT 1#3"]) == {"bnv", "hà_nội", "huế"}
    assert set(judged["II.1#1"]) == {"huế"} and set(judged["II.2#1"]) == {"bnv", "hà_nội", "huế"}
    (absent,) = [v for v in report.verdicts if v.rule == "TT 1#1" and v.unit == "huế"]
    assert absent.explain("en") == ("No facts reported for unit huế: the plan binds it (it leads a task, or a "
                                    "target's scope names it), so nothing is known, and absence is never compliance.")


def test_the_watcher_is_carried_on_every_verdict_and_judged_on_nothing_by_it(tmp_path):
    rules, report = _judged(tmp_path, '[units.bnv]\n[units."hà_nội"]\n')
    by_rule = {r.clause.rule: r for r in rules.metric_rules}
    assert (by_rule["TT 1#1"].monitored_by, by_rule["TT 1#2"].monitored_by) == (("bnv",), ())
    assert {v.monitored_by for v in report.verdicts if v.rule == "TT 1#1"} == {("bnv",)}
    assert {v.monitored_by for v in report.verdicts if v.rule == "II.2#1"} == {("các_bộ",)}
    assert "bnv" not in {v.unit for v in report.verdicts if v.rule == "TT 1#1"}


def test_every_report_format_names_the_watcher_and_reads_it_back(tmp_path):
    """Text and Markdown say "monitored by bnv" (vi: "Đơn vị theo dõi: bnv") beside the verdict; TOML and JSON carry
    the list and read it back; the export lists it with the rule."""
    from planrules.reports.data import from_json, from_toml
    from planrules.reports.export import ruleset_to_dict
    from planrules.reports.render import render

    rules, report = _judged(tmp_path, '[units.bnv]\n[units."hà_nội"]\n')
    for fmt in ("text", "md"):
        assert "Monitored by bnv." in render(report, fmt, "en")
        assert "Đơn vị theo dõi: bnv." in render(report, fmt, "vi")
        assert "Monitored by các_bộ." in render(report, fmt, "en")
    assert render(report, "text").count("Monitored by bnv.") == len(
        {v.unit for v in report.verdicts if v.rule == "TT 1#1"})
    assert from_toml(render(report, "toml")) == report and from_json(render(report, "json")) == report
    assert [v.monitored_by for v in from_json(render(report, "json")).verdicts] == [v.monitored_by for v in
                                                                                      report.verdicts]
    exported = {r["rule"]: r for r in ruleset_to_dict(rules)["targets"]}
    assert (exported["TT 1#1"]["binds"], exported["TT 1#1"]["monitored_by"]) == (["các_tỉnh"], ["bnv"])
    assert exported["TT 1#3"]["binds"] == ["*"] and "monitored_by" not in exported["TT 1#2"]
