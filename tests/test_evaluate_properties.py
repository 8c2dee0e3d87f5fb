"""Properties of evaluation: decided by the facts, monotone, exact at boundaries, unknown without facts, never raising.

Facts come from the kit of `planrules.strategies` (`facts_meeting`,
`facts_violating`, `valid_facts`) where it fits, and from small ad hoc
strategies where a property needs a precise shape (one more online
conference, one field removed).
"""

import datetime as dt
from fractions import Fraction

import pytest
from conftest import PLANS
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import planrules
from planrules import Status
from planrules.facts import model as f
from planrules.strategies import facts_meeting, facts_violating, valid_facts, verdict_for

AS_OF = dt.date(2026, 1, 15)  # the year 2025 is closed


def plan(targets: str) -> planrules.RuleSet:
    text = (
        'kế hoạch: "1/KH-TEST"\ntiêu đề: "Kiểm thử"\nngày ban hành: 01/01/2025\n'
        'đơn vị u: "Đơn vị U"\n' + targets
    )
    return planrules.compile(planrules.parse(text, source="test.plan"), calendar=planrules.Calendar.plain())


SHARE = plan("chỉ tiêu: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 60% trong năm 2025\n")
CUT = plan("chỉ tiêu: giảm_hội_nghị tối thiểu 10% trong năm 2025\n")
CAP = plan("chỉ tiêu: thời_lượng_hội_nghị(quán_triệt) không quá 1/2 ngày trong năm 2025\n")
VU_DUONG = planrules.compile(planrules.load(PLANS / "quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"))
EDOCS = plan("chỉ tiêu: tỷ_lệ_văn_bản_điện_tử tối thiểu 100% trong năm 2025\n")

RANK = {Status.NOT_MET: 0, Status.PENDING: 1, Status.UNKNOWN: 1, Status.NOT_APPLICABLE: 1, Status.MET: 2}


def conferences(flags, day=dt.date(2025, 6, 1), kind="chuyên_môn", length=Fraction(1, 2)):
    return tuple(
        f.Record("hội_nghị", (("ngày", day), ("loại", kind), ("trực_tuyến", online), ("thời_lượng", length)),
                 id=f"HN-{i}", date=day)
        for i, online in enumerate(flags)
    )


def only(rules, unit: f.UnitFacts, as_of=AS_OF):
    (verdict,) = rules.evaluate(f.Facts(units=(unit,)), as_of).verdicts
    return verdict


@given(st.lists(st.booleans(), min_size=1, max_size=30), st.data())
def test_more_online_conferences_never_turn_a_met_share_into_not_met(flags, data):
    before = only(SHARE, f.UnitFacts("u", records=conferences(flags)))
    offline = [i for i, online in enumerate(flags) if not online]
    assume(offline)
    flip = data.draw(st.sampled_from(offline))
    more = [online or i == flip for i, online in enumerate(flags)]
    after = only(SHARE, f.UnitFacts("u", records=conferences(more)))
    assert after.value > before.value
    assert RANK[after.status] >= RANK[before.status]


@given(st.integers(1, 500), st.integers(0, 500), st.integers(1, 50))
def test_fewer_conferences_never_turn_a_met_cut_into_not_met(baseline, current, fewer):
    def cut(now):
        counts = (f.Count("hội_nghị", 2024, baseline), f.Count("hội_nghị", 2025, now))
        return only(CUT, f.UnitFacts("u", counts=counts))

    assume(current - fewer >= 0)
    assert RANK[cut(current - fewer).status] >= RANK[cut(current).status]


@given(st.integers(1, 9999), st.integers(1, 20))
def test_a_cut_exactly_at_the_threshold_is_met_and_one_more_conference_is_not(basis_points, multiple):
    """For any threshold written with two decimals (12,34%), the boundary is exact."""
    threshold = Fraction(basis_points, 10000)
    baseline = threshold.denominator * multiple  # so that the boundary is a whole number of conferences
    allowed = baseline * (1 - threshold)  # the most conferences this year that still meet the cut
    percent = f"{basis_points // 100},{basis_points % 100:02d}%"
    rules = plan(f"chỉ tiêu: giảm_hội_nghị tối thiểu {percent} trong năm 2025\n")

    def cut(now):
        counts = (f.Count("hội_nghị", 2024, baseline), f.Count("hội_nghị", 2025, now))
        return only(rules, f.UnitFacts("u", counts=counts))

    at = cut(int(allowed))
    assert at.status is Status.MET and at.value == threshold
    assert cut(int(allowed) + 1).status is Status.NOT_MET


@given(st.integers(1, 300), st.integers(0, 300))
def test_a_share_at_the_threshold_is_decided_exactly(whole, part):
    assume(part <= whole)
    verdict = only(SHARE, f.UnitFacts("u", records=conferences([i < part for i in range(whole)])))
    assert verdict.value == Fraction(part, whole)
    assert (verdict.status is Status.MET) == (Fraction(part, whole) >= Fraction(3, 5))


@given(st.data())
def test_removing_a_needed_field_gives_unknown(data):
    """Any register of the year, meeting the share or not: without one record's `trực_tuyến`, the share is unknown."""
    kit = data.draw(st.sampled_from([facts_meeting, facts_violating]))
    (unit,) = data.draw(kit("#1", rules=SHARE, year=2025, using="records")).units
    records = list(unit.records)
    i = data.draw(st.sampled_from([i for i, r in enumerate(records) if r.date.year == 2025]))
    records[i] = f.Record("hội_nghị", tuple(p for p in records[i].values if p[0] != "trực_tuyến"),
                          id=records[i].id, date=records[i].date)
    verdict = only(SHARE, f.UnitFacts(unit.name, records=tuple(records)))
    assert verdict.status is Status.UNKNOWN and verdict.value is None
    assert records[i].label in verdict.records


@given(st.sampled_from([2024, 2025]), st.sampled_from([facts_meeting, facts_violating]), st.data())
def test_removing_a_count_the_cut_needs_gives_unknown(year, kit, data):
    """Counts that decide the cut, either way: without those of the baseline or of the year, it is unknown."""
    (unit,) = data.draw(kit("#1", rules=CUT, year=2025, using="counts")).units
    kept = tuple(c for c in unit.counts if c.year != year)
    verdict = only(CUT, f.UnitFacts(unit.name, counts=kept))
    assert verdict.status is Status.UNKNOWN


@given(st.lists(st.fractions(min_value=0, max_value=3, max_denominator=4), min_size=1, max_size=15))
def test_a_cap_is_not_met_exactly_when_some_record_breaks_it(lengths):
    records = tuple(
        f.Record("hội_nghị", (("ngày", dt.date(2025, 3, 1)), ("loại", "quán_triệt"), ("trực_tuyến", True),
                              ("thời_lượng", length)), id=f"HN-{i}", date=dt.date(2025, 3, 1))
        for i, length in enumerate(lengths)
    )
    verdict = only(CAP, f.UnitFacts("u", records=records))
    breaking = {f"HN-{i}" for i, length in enumerate(lengths) if length > Fraction(1, 2)}
    assert (verdict.status is Status.NOT_MET) == bool(breaking)
    assert {v.record for v in verdict.violations} == breaking


@given(st.integers(0, 100), st.integers(0, 100), st.integers(0, 100))
def test_secret_documents_never_count_toward_the_share(electronic, paper, secret):
    counts = (
        f.Count("văn_bản_gửi", 2025, electronic + paper + secret),
        f.Count("văn_bản_gửi", 2025, secret, (("mật", True),)),
        f.Count("văn_bản_gửi", 2025, electronic, (("mật", False), ("điện_tử", True))),
    )
    verdict = only(EDOCS, f.UnitFacts("u", counts=counts))
    if electronic + paper == 0:
        assert verdict.status is Status.NOT_APPLICABLE
    else:
        assert verdict.value == Fraction(electronic, electronic + paper)
        assert verdict.figure("excluded") == secret
        assert (verdict.status is Status.MET) == (paper == 0)


_DAY = st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31))
_RECORD = st.builds(
    lambda day, kind, online, length, keep: f.Record(
        "hội_nghị",
        tuple(p for p, k in zip((("ngày", day), ("loại", kind), ("trực_tuyến", online), ("thời_lượng", length)), keep)
              if k),
        date=day if keep[0] else None,
    ),
    _DAY, st.sampled_from(["quán_triệt", "chuyên_môn", "quan_trọng"]), st.booleans(),
    st.fractions(min_value=0, max_value=3, max_denominator=4), st.lists(st.booleans(), min_size=4, max_size=4),
)
_COUNT = st.builds(f.Count, st.sampled_from(["hội_nghị", "văn_bản_gửi", "hồ_sơ_tthc", "văn_bản_ban_hành"]),
                   st.integers(2024, 2027), st.integers(0, 1000),
                   st.sampled_from([(), (("trực_tuyến", True),), (("mật", True),), (("hành_chính", True),)]))


_AD_HOC = st.builds(  # one unit, records with fields left out, counts that may contradict each other
    lambda records, counts: f.Facts(units=(f.UnitFacts("vp_hđnd_ubnd", records=tuple(records), counts=tuple(counts)),)),
    st.lists(_RECORD, max_size=12), st.lists(_COUNT, max_size=8, unique_by=lambda c: (c.kind, c.year, c.where)),
)


@given(st.one_of(_AD_HOC, valid_facts(VU_DUONG, years=(2024, 2028))), st.dates(dt.date(2025, 1, 1),
                                                                              dt.date(2028, 12, 31)))
def test_evaluation_never_raises_and_unknown_never_carries_a_value(facts, as_of):
    report = VU_DUONG.evaluate(facts, as_of)
    assert report.verdicts or not facts.units
    for verdict in report.verdicts:
        assert verdict.explain("en") and verdict.explain("vi")
        if verdict.status is Status.UNKNOWN:
            assert verdict.value is None


_NAMES = st.sampled_from(["vp_hđnd_ubnd", "phòng_vhxh", "ubnd_xa", "các_cơ_quan_đơn_vị", "khó_khăn_vướng_mắc",
                          "khó_khăn", "TT 2", "TT 9", "không_có"])
_MISFITS = st.builds(  # names the plan may or may not have: units, groups, events, tasks
    lambda unit, groups, event, task, day: f.Facts(
        units=(f.UnitFacts(unit, member_of=tuple(groups), deliveries=(f.Delivery(task, day),)),),
        events=(f.Happened(event, day),),
    ),
    _NAMES, st.lists(_NAMES, max_size=2, unique=True), _NAMES, _NAMES, _DAY,
)


def _outcome(judged, as_of):
    """The report, or the problems `FactsError` lists."""
    try:
        return VU_DUONG.evaluate(judged, as_of)
    except planrules.FactsError as error:
        return error.diagnostics


@given(st.one_of(_AD_HOC, _MISFITS, valid_facts(VU_DUONG, years=(2024, 2028))),
       st.dates(dt.date(2025, 1, 1), dt.date(2028, 12, 31)))
def test_facts_fitted_once_are_judged_as_the_facts_themselves(facts, as_of):
    """`evaluate(fit(facts))` is `evaluate(facts)`: the same report, or the same problems at the same places."""
    fitted = VU_DUONG.fit(facts)
    assert list(fitted.problems) == VU_DUONG.check(facts)
    assert _outcome(fitted, as_of) == _outcome(facts, as_of)


# -------------------------------------------------- every target of the real plans --

LIBRARY = planrules.load_dir(PLANS)
REAL = {
    "vu-duong": planrules.compile(planrules.load(PLANS / "quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"), LIBRARY),
    "cuc": planrules.compile(planrules.load(PLANS / "quoc-gia/bo-noi-vu/cuc-van-thu-luu-tru/kh-10-du.plan"), LIBRARY),
}
TARGETS = [(plan, rule.clause.rule) for plan, rules in REAL.items() for rule in rules.metric_rules]


@pytest.mark.parametrize(("plan", "rule"), TARGETS, ids=[f"{p}:{r}" for p, r in TARGETS])
@settings(max_examples=max(10, settings.default.max_examples // 20))
@given(data=st.data())
def test_facts_meeting_a_target_meet_it_and_facts_violating_it_do_not(plan, rule, data):
    """Every target of both real plans (inherited ones too), on facts drawn from its own definition: records,
    counts or a reported value, exactly at the threshold often, for any unit it binds, judged at the year's end."""
    rules = REAL[plan]
    met = data.draw(facts_meeting(rule, rules=rules), label="meeting")
    assert verdict_for(rule, met, rules=rules).status is Status.MET
    not_met = data.draw(facts_violating(rule, rules=rules), label="violating")
    assert verdict_for(rule, not_met, rules=rules).status is Status.NOT_MET


@given(data=st.data())
def test_the_verdict_is_the_one_the_facts_were_drawn_for_in_any_later_year(data):
    """The same over every target and any year it covers up to 2030, judged at the end of that year."""
    plan, rule = data.draw(st.sampled_from(TARGETS))
    rules = REAL[plan]
    target = next(r for r in rules.metric_rules if r.clause.rule == rule)
    year = target.year or data.draw(st.integers(target.first_year, 2030))
    meet = data.draw(st.booleans())
    facts = data.draw((facts_meeting if meet else facts_violating)(rule, rules=rules, year=year))
    assert verdict_for(rule, facts, rules=rules, year=year).status is (Status.MET if meet else Status.NOT_MET)


# -------------------------------------------------- what a year so far can tell --


@settings(deadline=None)
@given(st.sampled_from(["số_hội_nghị tối thiểu 10", "số_hội_nghị không quá 10", "giảm_hội_nghị tối thiểu 10%",
                        "giảm_hội_nghị không quá 10%"]),
       st.integers(0, 30), st.integers(0, 30), st.integers(1, 30))
def test_what_a_year_so_far_says_the_rest_of_the_year_cannot_undo(target, so_far, later, baseline):
    """Mid-year, a count or a cut is `not_met` early or on track only when every way the year can end (counts
    only grow: `later` more conferences) agrees; otherwise `on_track` is left out, never a guess either way."""
    rules = planrules.compile(planrules.parse(
        'kế hoạch: "1/KH-TEST"\nngày ban hành: 01/01/2025\nđơn vị u: "Đơn vị U"\n'
        f"chỉ tiêu: {target} trong năm 2025\n", source="t.plan"), calendar=planrules.Calendar.plain())

    def verdict(count, as_of):
        counts = (f.Count("hội_nghị", 2024, baseline), f.Count("hội_nghị", 2025, count))
        return only(rules, f.UnitFacts("u", counts=counts), as_of)

    early = verdict(so_far, dt.date(2025, 6, 30))
    ends = {verdict(so_far + extra, dt.date(2025, 12, 31)).status for extra in (0, later)}
    assert early.on_track is not False
    if early.status is Status.NOT_MET:
        assert ends == {Status.NOT_MET}
    elif early.on_track:
        assert ends == {Status.MET}
    else:
        assert early.status is Status.PENDING and early.on_track is None


# -------------------------------------------------- a threshold's unit is its metric's --

FIGURES = (  # a plan's own record kind with an integer, a days and a yes/no field
    'bản ghi số_liệu "Số liệu" {\n    ngày "Ngày": ngày tháng\n    chỉ_tiêu "Chỉ tiêu": một trong a "A", b "B"\n'
    '    giá_trị "Giá trị": số nguyên\n    thời_gian "Thời gian": số ngày\n    đạt "Đạt": có hoặc không\n}\n'
    "chỉ số số_đạt: số lượng số_liệu có đạt\n"
)
# metric expression -> the unit its values are in
METRIC_UNITS = {
    "giá_trị của mỗi số_liệu theo chỉ_tiêu": planrules.QuantityUnit.NONE,
    "thời_gian của mỗi số_liệu theo chỉ_tiêu": planrules.QuantityUnit.DAYS,
    "số lượng số_liệu có đạt": planrules.QuantityUnit.NONE,
    "tỷ lệ số_liệu có đạt": planrules.QuantityUnit.PERCENT,
    "mức giảm số_đạt so với năm trước": planrules.QuantityUnit.PERCENT,
}
QUANTITIES = {planrules.QuantityUnit.NONE: "15", planrules.QuantityUnit.PERCENT: "15%",
              planrules.QuantityUnit.DAYS: "1,5 ngày"}


def _unit_plan(expr: str, unit, comparator: str = "tối thiểu", in_task: bool = False) -> str:
    target = f"đo{'(a)' if 'theo' in expr else ''} {comparator} {QUANTITIES[unit]}"
    head = 'kế hoạch: "1/KH-TEST"\nngày ban hành: 01/01/2025\nđơn vị u: "Đơn vị U"\n' + FIGURES + f"chỉ số đo: {expr}\n"
    if in_task:
        return head + f'nhiệm vụ I.1 {{\n    nội dung: "Việc"\n    chủ trì: u\n    chỉ tiêu: {target}\n}}\n'
    return head + f"chỉ tiêu: {target}\n"


def test_every_rule_of_the_real_plans_has_its_threshold_in_its_metrics_unit():
    rules = [r for compiled in (*REAL.values(), VU_DUONG) for r in compiled.metric_rules]
    assert rules and all(r.threshold.unit is r.value_unit for r in rules)


@given(st.sampled_from(sorted(METRIC_UNITS)), st.sampled_from(list(QUANTITIES)),
       st.sampled_from(["tối thiểu", "không quá"]), st.booleans())
def test_a_thresholds_unit_always_matches_its_metrics(expr, unit, comparator, in_task):
    """Any compiled rule has its threshold in its metric's unit; any other threshold is refused, located, at check
    and at compile, never judged (an integer shown as "100% ≥ 15%" or "1 day")."""
    text = _unit_plan(expr, unit, comparator, in_task)
    plan_ = planrules.parse(text, source="u.plan")
    found = [d for d in planrules.resolve([plan_], planrules.prelude()) if d.code == "R210"]
    if unit is METRIC_UNITS[expr]:
        (rule,) = planrules.compile(plan_).metric_rules
        assert rule.threshold.unit is rule.value_unit is METRIC_UNITS[expr]
        assert not found
    else:
        line = next(i for i, t in enumerate(text.splitlines(), 1) if "chỉ tiêu:" in t)
        assert [(d.span.file, d.span.line) for d in found] == [("u.plan", line)]
        with pytest.raises(planrules.PlanError) as error:
            planrules.compile(plan_)
        assert [d.code for d in error.value.diagnostics] == ["R210"]
