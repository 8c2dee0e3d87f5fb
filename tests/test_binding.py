"""evaluation/binding.py: groups a plan names by what they are, filled from a register; codes mapped to names."""

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

import planrules
from planrules import Status
from planrules.evaluation.compiler import compile
from planrules.facts import model as f
from planrules.facts.register import Register, Registered
from planrules.language.syntax import parse

AS_OF = dt.date(2026, 12, 31)

PLAN = """\
kế hoạch: "5/KH-UBND"
địa bàn: "VN-37"
ngày ban hành: 01/02/2026
nhóm các_xã: "Các xã, phường trên địa bàn tỉnh" = cấp xã
nhóm các_chi_bộ: "Các chi bộ"
nhiệm vụ I {
    nội dung: "Báo cáo kết quả rà soát"
    chủ trì: các_xã
    thời hạn: đến ngày 30/06/2026
}
nhiệm vụ II {
    nội dung: "Báo cáo của chi bộ"
    chủ trì: các_chi_bộ
    thời hạn: đến ngày 30/09/2026
}
"""


def register() -> Register:
    return Register((
        Registered("VN", "Việt Nam", level="quốc_gia"),
        Registered("37", "Tỉnh Ninh Bình", code="VN-37", level="tỉnh", parent="VN"),
        Registered("01", "Thành phố Hà Nội", level="tỉnh", parent="VN"),
        Registered("14000", "Xã Vũ Dương", code="X14000", level="xã", parent="37"),
        Registered("14001", "Xã Yên Khánh", level="xã", parent="37"),
        Registered("00004", "Phường Ba Đình", level="xã", parent="01"),
        Registered("cb_vp", "Chi bộ Văn phòng", member_of=("các_chi_bộ",)),
    ), ("units.csv",))


def rules_of(text: str = PLAN, reg: Register | None = None):
    return compile(parse(text, "p.plan"), register=register() if reg is None else reg)


def delivered(unit: str, task: str, day: dt.date) -> f.UnitFacts:
    return f.UnitFacts(unit, deliveries=(f.Delivery(task, day),))


def test_a_level_group_binds_every_unit_of_that_level_in_the_territory():
    rules = rules_of()
    assert rules.bound == ("14000", "14001", "cb_vp")  # not Ba Đình: another province
    report = rules.evaluate(f.Facts((delivered("14001", "I", dt.date(2026, 6, 1)),)), AS_OF)
    assert report.units == ("14001", "14000", "cb_vp")
    assert {(v.unit, v.status) for v in report.verdicts} == {
        ("14001", Status.MET), ("14000", Status.UNKNOWN), ("cb_vp", Status.UNKNOWN)}
    assert report.of_unit("14000")[0].explain().startswith("No facts reported for unit 14000")


def test_facts_may_name_a_unit_by_its_official_code():
    rules = rules_of()
    report = rules.evaluate(f.Facts((delivered("X14000", "I", dt.date(2026, 7, 3)),)), AS_OF)
    assert "X14000" not in report.units and [v.status for v in report.of_unit("14000")] == [Status.NOT_MET]


def test_a_unit_of_the_register_in_no_group_of_the_plan_is_refused_with_its_place():
    rules = rules_of()
    stray = f.UnitFacts("00004", origin=f.Origin("facts.toml", "units.00004", line=3))
    with pytest.raises(planrules.FactsError) as error:
        rules.evaluate(f.Facts((stray,)), AS_OF)
    (d,) = error.value.diagnostics
    assert (d.code, d.span.file, d.span.line) == ("F201", "facts.toml", 3)


def test_an_open_group_takes_the_members_the_facts_give_but_a_listed_group_stays_closed():
    text = PLAN + 'đơn vị a: "A"\nnhóm đóng: "Đóng" = a\n'
    rules = rules_of(text)
    joined = f.UnitFacts("cb_mới", member_of=("các_chi_bộ",), deliveries=(f.Delivery("II", dt.date(2026, 9, 1)),))
    report = rules.evaluate(f.Facts((joined,)), AS_OF)
    assert [v.status for v in report.of_unit("cb_mới")] == [Status.MET]
    with pytest.raises(planrules.FactsError) as error:
        rules.evaluate(f.Facts((f.UnitFacts("b", member_of=("đóng",)),)), AS_OF)
    assert [d.code for d in error.value.diagnostics] == ["F201"]


def test_a_territory_or_a_level_the_register_lacks_is_a_located_compile_error():
    with pytest.raises(planrules.PlanError) as error:
        rules_of(PLAN.replace('"VN-37"', '"38"'))
    assert [d.code for d in error.value.diagnostics] == ["C304"]
    assert "is not a unit of its register (units.csv)" in error.value.diagnostics[0].message.text()
    with pytest.raises(planrules.PlanError) as error:
        rules_of(PLAN.replace("cấp xã", "cấp huyện"))
    (d,) = error.value.diagnostics
    assert d.code == "C305" and d.span.line == 4 and "its levels: quốc_gia, tỉnh, xã" in d.message.text()


def test_without_a_register_level_and_open_groups_bind_no_one_and_say_so():
    rules = compile(parse(PLAN, "p.plan"))
    assert rules.bound == ()
    gaps = rules.gaps(f.Facts())
    assert sorted(d.code for d in gaps) == ["F214", "F214"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["37", "01"]), min_size=1, max_size=12), st.data())
def test_the_bound_units_are_exactly_the_communes_of_the_territory(provinces, data):
    units = [Registered("VN", level="quốc_gia"), Registered("37", level="tỉnh", parent="VN"),
             Registered("01", level="tỉnh", parent="VN")]
    units += [Registered(f"x{i}", level="xã", parent=p) for i, p in enumerate(provinces)]
    territory = data.draw(st.sampled_from(["37", "01", "VN"]))
    rules = rules_of(PLAN.replace('"VN-37"', f'"{territory}"'), Register(tuple(units)))
    expected = [f"x{i}" for i, p in enumerate(provinces) if territory in (p, "VN")]
    assert list(rules.bound) == expected
    report = rules.evaluate(f.Facts(), AS_OF)
    assert list(report.units) == expected and all(v.status is Status.UNKNOWN for v in report.verdicts)


# ------------------------------------------------------------------ roll-up by the register's levels --


def test_a_roll_up_follows_the_register_levels_and_several_levels_roll_up_at_once():
    from planrules.pipeline import Pipeline
    from planrules.reports.data import rollups_from_json, to_json

    reg = Register(tuple(u for u in register().units if u.name != "cb_vp"))  # communes only
    rules = rules_of(PLAN.replace('"VN-37"', '"VN"'), reg)
    facts = f.Facts((delivered("14001", "I", dt.date(2026, 6, 1)), delivered("00004", "I", dt.date(2026, 6, 2))))
    evaluation = Pipeline().evaluate(rules.fit(facts), AS_OF, group_by=["tỉnh", "quốc_gia"])
    provinces, nation = evaluation.rollups
    assert [(g.name, g.units) for g in provinces.groups] == [("01", ("00004",)), ("37", ("14000", "14001"))]
    assert [(a.group, a.status) for a in provinces.aggregates] == [("01", Status.MET), ("37", Status.UNKNOWN)]
    assert [(g.name, g.units) for g in nation.groups] == [("VN", ("00004", "14000", "14001"))]
    assert nation.aggregates[0].coverage.counted == ("00004", "14001")
    assert rollups_from_json(to_json(evaluation.report, evaluation.rollups)) == evaluation.rollups


def test_a_unit_under_no_unit_of_the_level_is_said_not_dropped():
    from planrules.pipeline import Pipeline

    reg = Register((*register().units, Registered("lẻ", level="xã")), ("units.csv",))  # a commune with no province
    rules = rules_of(PLAN.replace('địa bàn: "VN-37"\n', ""), reg)
    with pytest.raises(planrules.FactsError) as error:
        Pipeline().evaluate(rules.fit(f.Facts()), AS_OF, group_by="tỉnh")
    said = sorted(d.message.text() for d in error.value.diagnostics)
    assert {d.code for d in error.value.diagnostics} == {"F212"} and len(said) == 2  # the chi bộ has no province either
    assert said[1].startswith("unit lẻ lies under no unit of level tỉnh in the register (units.csv)")


# ------------------------------------------------------------------ the facts' units table as a register --


def test_the_facts_units_table_fills_level_groups_where_no_register_file_does(tmp_path):
    """No register file: the facts' units table says who is a commune of which province, and the plan binds them."""
    from planrules.facts.loader import load_facts

    facts_file = tmp_path / "units.csv"
    facts_file.write_text("unit,label,level,parent\nVN,Việt Nam,quốc_gia,\n37,Ninh Bình,tỉnh,VN\n"
                          "14000,Xã Vũ Dương,xã,37\n14001,Xã Yên Khánh,xã,37\n", encoding="utf-8")
    text = PLAN.replace('"VN-37"', '"37"').replace("nhóm các_chi_bộ", "nhóm các_chi_bộ_khác") \
        .replace("chủ trì: các_chi_bộ", "chủ trì: các_chi_bộ_khác")
    rules = compile(parse(text, "p.plan"))
    assert rules.bound == ()  # nothing known of the communes before the facts
    facts = load_facts(facts_file, vocabulary=rules.vocabulary)
    report = rules.evaluate(facts, AS_OF)
    # listed, so reporting: nothing delivered by the date is not met (the province and nation are places only)
    assert [(v.unit, v.rule, v.status) for v in report.verdicts] == [
        ("14000", "I@1", Status.NOT_MET), ("14001", "I@1", Status.NOT_MET)]
    from planrules.pipeline import Pipeline

    evaluation = Pipeline().evaluate(rules.fit(facts), AS_OF, group_by="tỉnh")
    assert [(g.name, g.units) for g in evaluation.rollup.groups] == [("37", ("14000", "14001"))]


def test_facts_that_contradict_the_register_or_name_an_unknown_parent_are_refused_at_their_place():
    rules = rules_of()
    wrong = f.UnitFacts("14000", parent="01", origin=f.Origin("f.toml", "units.14000", line=2))
    lost = f.UnitFacts("14999", level="xã", parent="37x", member_of=("các_chi_bộ",),
                       origin=f.Origin("f.toml", "units.14999", line=5))
    with pytest.raises(planrules.FactsError) as error:
        rules.evaluate(f.Facts((wrong, lost)), AS_OF)
    said = [(d.code, d.span.line, d.message.text()) for d in error.value.diagnostics]
    assert said == [
        ("F216", 2, "the facts give unit 14000 parent 01, where the register of plan 5/KH-UBND gives 37"),
        ("F216", 5, "the parent of unit 14999, 37x, is a unit of neither the facts nor the register of plan 5/KH-UBND"),
    ]
    assert "did you mean 37?" in [h.text() for h in error.value.diagnostics[1].hints]


def test_a_commune_the_facts_add_under_the_territory_is_bound_like_a_registered_one():
    rules = rules_of()
    new = f.UnitFacts("14002", label="Xã mới", level="xã", parent="37",
                      deliveries=(f.Delivery("I", dt.date(2026, 6, 30)),))
    report = rules.evaluate(f.Facts((new,)), AS_OF)
    assert report.units == ("14002", "14000", "14001", "cb_vp")
    assert [v.status for v in report.of_unit("14002")] == [Status.MET]


def test_the_sql_path_reads_the_register_columns_of_its_units_table_as_the_python_path(tmp_path):
    from planrules.facts.sources import DuckDBSource, write_duckdb

    rules = rules_of()
    facts = f.Facts((f.UnitFacts("14002", label="Xã mới", level="xã", parent="37",
                                 deliveries=(f.Delivery("I", dt.date(2026, 7, 2)),)),
                     f.UnitFacts("X14000", deliveries=(f.Delivery("I", dt.date(2026, 6, 1)),))))
    write_duckdb(facts, tmp_path / "f.duckdb")
    python = rules.evaluate(facts, AS_OF)
    with DuckDBSource(tmp_path / "f.duckdb") as source:
        sql = rules.evaluate(source, AS_OF)
    assert [(v.unit, v.rule, v.status) for v in sql.verdicts] == [(v.unit, v.rule, v.status) for v in python.verdicts]
    assert sorted(python.units) == ["14000", "14001", "14002", "cb_vp"]


def test_facts_whose_parents_go_round_are_refused():
    rules = rules_of()
    a = f.UnitFacts("a", level="xã", parent="b", origin=f.Origin("f.toml", "units.a", line=1))
    b = f.UnitFacts("b", level="tỉnh", parent="a", origin=f.Origin("f.toml", "units.b", line=4))
    with pytest.raises(planrules.FactsError) as error:
        rules.evaluate(f.Facts((a, b)), AS_OF)
    said = [(d.code, d.span.line, d.message.text()) for d in error.value.diagnostics if d.code == "F216"]
    assert [line for _, line, _ in said] == [1, 4]
    assert all("lies under itself" in text for _, _, text in said)


def test_a_group_of_the_plan_rolls_up_as_a_whole_on_request():
    """--group-by a plan group: one verdict per rule for the group, from its members' summed parts (its members
    only: a unit outside the group is not in the sums)."""
    from planrules.pipeline import Pipeline

    rules = rules_of()
    facts = f.Facts((delivered("14001", "I", dt.date(2026, 6, 1)), delivered("cb_vp", "II", dt.date(2026, 9, 1))))
    evaluation = Pipeline().evaluate(rules.fit(facts), AS_OF, group_by=["các_xã", "các_chi_bộ"])
    communes, cells = evaluation.rollups
    assert [(g.name, g.units) for g in communes.groups] == [("các_xã", ("14000", "14001"))]
    assert [(a.rule, a.status, a.coverage.counted) for a in communes.aggregates] == [
        ("I@1", Status.UNKNOWN, ("14001",))]  # 14000 reported nothing: the group's verdict is not known
    assert communes.labels == (("các_xã", "Các xã, phường trên địa bàn tỉnh"),)
    assert [(g.name, g.units) for g in cells.groups] == [("các_chi_bộ", ("cb_vp",))]
    assert [(a.rule, a.status) for a in cells.aggregates] == [("II@1", Status.MET)]


def test_a_roll_up_says_who_monitors_the_target_as_its_units_verdicts_do():
    from planrules.pipeline import Pipeline
    from planrules.reports.data import rollups_from_toml, to_toml
    from planrules.reports.render import render

    text = PLAN + 'đơn vị sở: "Sở Nội vụ"\nchỉ tiêu: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 90% hằng năm phạm vi: các_xã ' \
                  'theo dõi: sở\n'
    rules = rules_of(text, Register(tuple(u for u in register().units if u.name != "cb_vp"), ("units.csv",)))
    facts = f.Facts((f.UnitFacts("14000", counts=(f.Count("hồ_sơ_tthc", 2026, 10),
                                                   f.Count("hồ_sơ_tthc", 2026, 9, (("trực_tuyến", True),)))),))
    evaluation = Pipeline().evaluate(rules.fit(facts), AS_OF, group_by="tỉnh")
    share = [a for a in evaluation.rollup.aggregates if a.kind.value == "share"]
    assert [a.monitored_by for a in share] == [("sở",)]
    for fmt in ("text", "md"):
        assert "Monitored by sở." in render(evaluation.report, fmt, "en", rollup=evaluation.rollups).split("Roll-up")[1]
    assert rollups_from_toml(to_toml(evaluation.report, evaluation.rollups)) == evaluation.rollups


def test_a_group_of_several_levels_binds_every_unit_of_each():
    """"Các bộ, ngành, địa phương": `= cấp bộ, tỉnh` is every ministry and every province of the register."""
    reg = Register((*register().units, Registered("bnv", "Bộ Nội vụ", level="bộ", parent="VN")), ("units.csv",))
    text = PLAN.replace('địa bàn: "VN-37"\n', "").replace("= cấp xã", "= cấp bộ, tỉnh")
    assert rules_of(text, reg).bound == ("37", "01", "bnv", "cb_vp")
    assert "= cấp bộ, tỉnh" in planrules.format(parse(text, "p.plan"))
    with pytest.raises(planrules.PlanError) as error:
        rules_of(text.replace("cấp bộ, tỉnh", "cấp bộ, huyện"), reg)
    assert [d.code for d in error.value.diagnostics] == ["C305"]
