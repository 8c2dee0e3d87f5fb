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
    ("monitored by: bnv", "scope: hà_nội", m.Scope(("hà_nội",)), ("bnv",)),  # either order
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
    """Text and Markdown say "monitored by Bộ Nội vụ" (vi: "Đơn vị theo dõi: Bộ Nội vụ"), by the label of bnv, beside
    the verdict; TOML and JSON carry the list of names and read it back; the export lists it with the rule."""
    from planrules.reports.data import from_json, from_toml
    from planrules.reports.export import ruleset_to_dict
    from planrules.reports.render import render

    rules, report = _judged(tmp_path, '[units.bnv]\n[units."hà_nội"]\n')
    for fmt in ("text", "md"):
        assert "Monitored by Bộ Nội vụ." in render(report, fmt, "en")
        assert "Đơn vị theo dõi: Bộ Nội vụ." in render(report, fmt, "vi")
        assert "Monitored by Các bộ, ngành." in render(report, fmt, "en")  # a group, by its label too
    assert render(report, "text").count("Monitored by Bộ Nội vụ.") == len(
        {v.unit for v in report.verdicts if v.rule == "TT 1#1"})
    assert from_toml(render(report, "toml")) == report and from_json(render(report, "json")) == report
    assert [v.monitored_by for v in from_json(render(report, "json")).verdicts] == [v.monitored_by for v in
                                                                                      report.verdicts]
    exported = {r["rule"]: r for r in ruleset_to_dict(rules)["targets"]}
    assert (exported["TT 1#1"]["binds"], exported["TT 1#1"]["monitored_by"]) == (
        sorted(["các_tỉnh", "hà_nội", "huế"]), ["bnv"])  # the group, and the members it lists
    assert exported["TT 1#3"]["binds"] == ["*"] and "monitored_by" not in exported["TT 1#2"]


# ------------------------------------------------------------- inheritance --

from planrules import Library, Severity  # noqa: E402
from planrules.checks.inheritance import check_inheritance  # noqa: E402

PARENT = '''kế hoạch: "1/KH-P"
ngày ban hành: 01/02/2026
đơn vị bnv: "Bộ Nội vụ"
đơn vị hà_nội: "Thành phố Hà Nội"
đơn vị huế: "Thành phố Huế"
nhóm các_tỉnh: "Các tỉnh, thành phố" = hà_nội, huế
chỉ tiêu I.1: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 95% hằng năm
chỉ tiêu I.2: tỷ_lệ_văn_bản_điện_tử tối thiểu 90% hằng năm phạm vi: hà_nội
'''
CHILD_HEAD = '''kế hoạch: "2/KH-C"
ngày ban hành: 01/03/2026
cấp trên: "1/KH-P"
đơn vị bnv: "Bộ Nội vụ"
đơn vị hà_nội: "Thành phố Hà Nội"
đơn vị huế: "Thành phố Huế"
nhóm các_tỉnh: "Các tỉnh, thành phố" = hà_nội, huế
nhóm tất_cả: "Các cơ quan, đơn vị" = tất cả
'''


def _inherit(child_body: str):
    child = CHILD_HEAD + child_body
    plans = (parse(PARENT, source="p.plan"), parse(child, source="c.plan"))
    library = Library(plans, ("p.plan", "c.plan"))
    found = [d for d in check_inheritance(library, prelude()) if d.severity is not Severity.INFO]
    applied = {r.clause.rule for r in compile(plans[1], library, prelude=prelude()).metric_rules
               if r.clause.inherited_from}
    return found, applied


@pytest.mark.parametrize(("body", "kept"), [
    ("chỉ tiêu II.1: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 96% hằng năm phạm vi: toàn địa bàn", "I.1"),
    ("chỉ tiêu II.1: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 95% hằng năm phạm vi: tất_cả", "I.1"),
    ("chỉ tiêu II.1: tỷ_lệ_văn_bản_điện_tử tối thiểu 90% hằng năm phạm vi: các_tỉnh", "I.2"),
    ("chỉ tiêu II.1: tỷ_lệ_văn_bản_điện_tử tối thiểu 95% hằng năm phạm vi: hà_nội, huế", "I.2"),
    ('nhiệm vụ TT 1 {\n    chủ trì: bnv\n    chỉ tiêu: tỷ_lệ_văn_bản_điện_tử tối thiểu 90% hằng năm phạm vi: hà_nội\n}',
     "I.2"),
])
def test_a_scope_binding_at_least_the_parents_units_keeps_its_target(body, kept):
    """The whole territory, a group of every unit, a group listing the parent's unit, or the same unit inside
    a task: the parent's target is kept, not applied again, and nothing is said."""
    found, applied = _inherit(body + "\n")
    assert found == [] and f"1/KH-P:{kept}#1" not in applied


@pytest.mark.parametrize(("body", "parent", "child_scope", "parent_scope"), [
    ("chỉ tiêu II.1: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 95% hằng năm phạm vi: các_tỉnh", "I.1", "các_tỉnh",
     "the whole territory"),
    ("chỉ tiêu II.1: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 99% hằng năm phạm vi: huế", "I.1", "huế", "the whole territory"),
    ("chỉ tiêu II.1: tỷ_lệ_văn_bản_điện_tử tối thiểu 90% hằng năm phạm vi: huế", "I.2", "huế", "hà_nội"),
    ('nhiệm vụ TT 1 {\n    chủ trì: bnv\n    chỉ tiêu: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 95% hằng năm phạm vi: bnv\n}',
     "I.1", "bnv", "the whole territory"),
])
def test_a_narrower_scope_is_i308_at_the_child_target_and_the_parents_target_still_applies(
        body, parent, child_scope, parent_scope):
    found, applied = _inherit(body + "\n")
    (d,) = found
    line = (CHILD_HEAD + body).splitlines().index(next(x for x in body.splitlines() if "phạm vi" in x)) + 1
    assert (d.code, d.severity, d.span.file, d.span.line) == ("I308", Severity.ERROR, "c.plan", line)
    en, vi = d.message.text("en"), d.message.text("vi")
    assert en.startswith("2/KH-C ") and f"binds fewer units than 1/KH-P {parent}#1" in en
    assert f"for {child_scope} only, where the parent binds {parent_scope}" in en
    vi_scope = "toàn địa bàn" if parent_scope == "the whole territory" else parent_scope
    assert f"thu hẹp phạm vi của 1/KH-P {parent}#1" in vi and f"chỉ áp dụng cho {child_scope}, trong khi kế hoạch " \
        f"cấp trên áp dụng cho {vi_scope}" in vi
    assert [h.text("en") for h in d.hints][1].startswith(f"give it a scope that takes in {parent_scope}")
    assert f"1/KH-P:{parent}#1" in applied


def test_a_task_target_without_a_scope_stays_beside_the_parents_without_a_finding():
    """The default is unchanged: a target inside a task binds its leads, does not keep a plan-wide parent
    target, and is no finding (the parent's target binds every unit, the lead included)."""
    found, applied = _inherit('nhiệm vụ TT 1 {\n    chủ trì: bnv\n'
                              '    chỉ tiêu: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 95% hằng năm\n}\n')
    assert found == [] and "1/KH-P:I.1#1" in applied


from hypothesis import given, settings  # noqa: E402

from planrules.strategies import plan_pairs  # noqa: E402


@settings(max_examples=120, deadline=None)
@given(plan_pairs())
def test_a_tighter_child_with_scopes_keeps_every_parent_target(pair):
    """The pairs' targets are scoped (whole territory, a group, units); a child restating each as strictly, with
    a scope binding at least the same units, gives no error, and `eval` applies none of the parent's again."""
    library = pair.library()
    assert not [d for d in check_inheritance(library, prelude()) if d.severity is Severity.ERROR]
    rules = compile(library.by_number("2/KH-C"), library, prelude=prelude()).metric_rules
    assert not [r for r in rules if r.clause.inherited_from]


@settings(max_examples=80, deadline=None)
@given(plan_pairs(loosen=True).filter(lambda pair: pair.code == "I308"))
def test_a_narrower_scope_always_fails(pair):
    """A child restating one parent target scoped to fewer units (a unit of the group, another unit, a group
    where the parent binds every unit) gets exactly I308 there, and `eval` applies the parent's target."""
    library = pair.library()
    found = [d for d in check_inheritance(library, prelude()) if d.severity is Severity.ERROR]
    assert [(d.code, d.span.file, d.span.line) for d in found] == [("I308", "child.plan", pair.line)]
    assert "phạm vi:" in pair.child.splitlines()[pair.line - 1]
    rules = compile(library.by_number("2/KH-C"), library, prelude=prelude()).metric_rules
    assert [r.clause.rule for r in rules if r.clause.inherited_from] == [f"1/KH-P:I.{pair.loosened + 1}#1"]


def test_a_scope_group_no_unit_belongs_to_is_f214_naming_the_target_not_a_task_it_does_not_lead(tmp_path):
    """An empty group as a target's scope: F214 says it is the scope of TT 1#1 and that no unit is judged on
    it, not that it leads TT 1 and that nothing of TT 1 is judged (TT 1's deadline is judged for its lead)."""
    text = HEAD.replace("= hà_nội, huế", "") + ('nhiệm vụ TT 1 {\n    chủ trì: bnv\n    thời hạn: cuối năm 2026\n'
                                               '    chỉ tiêu: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 95% phạm vi: các_tỉnh\n}\n')
    plan = tmp_path / "p.plan"
    plan.write_text(text, encoding="utf-8")
    rules = compile(planrules.load(plan))
    facts = tmp_path / "f.toml"
    facts.write_text("[units.bnv]\n", encoding="utf-8")
    loaded = planrules.load_facts(facts, rules=rules)
    (d,) = rules.gaps(loaded)
    assert (d.code, d.span.line) == ("F214", 6)
    assert d.message.text("en") == ("group các_tỉnh is the scope of target TT 1#1, but plan 1/KH lists none of its "
                                    "units and no unit of the facts belongs to it (member_of): no unit is judged on it")
    assert d.message.text("vi").startswith("nhóm các_tỉnh là phạm vi của chỉ tiêu TT 1#1")
    assert [v.rule for v in rules.evaluate(loaded, END).verdicts] == ["TT 1@1"]


# ------------------------------------------------------------------ level groups (issue 16, registers) --

LEVEL_PARENT = '''kế hoạch: "1/KH-TW"
ngày ban hành: 15/01/2026
nhóm các_xã: "Các xã" = cấp xã
chỉ tiêu I.1: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 95% hằng năm phạm vi: các_xã
'''


@pytest.mark.parametrize(("child_group", "threshold", "codes"), [
    ("cấp xã", "97%", []),          # every commune of the child's territory: the parent's units there; stricter
    ("cấp xã", "95%", []),          # the same units, the same threshold: kept
    ("cấp tỉnh", "97%", ["I308"]),  # the provinces are not the communes the parent binds
    ("cấp xã", "90%", ["I301"]),    # the same units, a lower minimum
])
def test_a_level_group_is_compared_by_its_level_whatever_each_plan_calls_it(child_group, threshold, codes):
    """A province's "every commune of the province" keeps the nation's "every commune": each plan's level group
    is that level's units of its own territory, so the names the plans give it do not matter; another level is
    narrower (I308), and eval applies the parent's target exactly when check says so."""
    child = ('kế hoạch: "2/KH-UBND"\nngày ban hành: 15/02/2026\ncấp trên: "1/KH-TW"\nđịa bàn: "37"\n'
             f'nhóm các_đơn_vị_của_tỉnh: "Các đơn vị của tỉnh" = {child_group}\n'
             f'chỉ tiêu II.1: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu {threshold} hằng năm phạm vi: các_đơn_vị_của_tỉnh\n')
    plans = (parse(LEVEL_PARENT, source="p.plan"), parse(child, source="c.plan"))
    library = Library(plans, ("p.plan", "c.plan"))
    found = [d.code for d in check_inheritance(library, prelude()) if d.severity is Severity.ERROR]
    applied = {r.clause.rule for r in compile(plans[1], library, prelude=prelude()).metric_rules
               if r.clause.inherited_from}
    assert found == codes
    assert ("1/KH-TW:I.1#1" in applied) == bool(codes)
