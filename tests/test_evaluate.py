"""Evaluating the real plans on the sample facts under examples/: every verdict kind, checked by hand.

The expected figures are worked out in the comments of the facts files; each test
names the clause of the plan it exercises.
"""

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

import planrules
from planrules import Status
from planrules.evaluation.compiler import compile
from planrules.facts.loader import load_facts

ROOT = Path(__file__).resolve().parent.parent
VU_DUONG = ROOT / "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"
CUC = ROOT / "plans/quoc-gia/bo-noi-vu/cuc-van-thu-luu-tru/kh-10-du.plan"
END, NOV = dt.date(2026, 12, 31), dt.date(2026, 11, 30)
FIXTURES_LINT = ROOT / "tests/fixtures/lint"


@pytest.fixture(scope="module")
def library():
    return planrules.load_dir(ROOT / "plans")


@pytest.fixture(scope="module")
def vu_duong(library):
    rules = compile(planrules.load(VU_DUONG), library)
    return rules, load_facts(ROOT / "examples/vu-duong/facts.toml", vocabulary=rules.vocabulary)


@pytest.fixture(scope="module")
def cuc(library):
    rules = compile(planrules.load(CUC), library)
    return rules, load_facts(ROOT / "examples/cuc-van-thu-luu-tru/facts.toml", vocabulary=rules.vocabulary)


def one(report, unit, rule, period=None):
    found = [v for v in report.verdicts if v.unit == unit and v.rule == rule and (period is None or v.period == period)]
    assert len(found) == 1, (unit, rule, period, [(v.rule, v.period) for v in report.of_unit(unit)])
    return found[0]


# ------------------------------------------------------------------ Vũ Dương, year closed --


def test_online_share_exactly_sixty_percent_is_met(vu_duong):
    rules, facts = vu_duong
    report = rules.evaluate(facts, END)
    v = one(report, "phòng_vhxh", "I.2-1#1")
    assert (v.status, v.value, v.figure("part"), v.figure("whole")) == (Status.MET, Fraction(3, 5), 3, 5)
    assert "60%" in v.explain("en") and "60%" in v.explain("vi")
    assert v.source == planrules.SourceRef(31, 31) and v.document == "002_fd3af5f17558bdc9.txt"


def test_cut_of_exactly_ten_percent_is_met(vu_duong):
    rules, facts = vu_duong
    v = one(rules.evaluate(facts, END), "vp_hđnd_ubnd", "II.4-3#1")
    assert (v.status, v.value, v.figure("baseline"), v.figure("current")) == (Status.MET, Fraction(1, 10), 10, 9)


def test_cut_short_of_target_is_not_met_and_decided_before_the_year_ends(vu_duong):
    rules, facts = vu_duong
    closed = one(rules.evaluate(facts, END), "vp_hđnd_ubnd", "TT 2#1")
    assert (closed.status, closed.value) == (Status.NOT_MET, Fraction(1, 8))
    early = one(rules.evaluate(facts, NOV), "vp_hđnd_ubnd", "TT 2#1")
    assert early.status is Status.NOT_MET and "counts only grow" in early.explain("en")


def test_secret_documents_leave_the_denominator_and_the_explanation_says_how_many(vu_duong):
    rules, facts = vu_duong
    report = rules.evaluate(facts, END)
    vp = one(report, "vp_hđnd_ubnd", "II.5-3#1")
    assert (vp.status, vp.value, vp.figure("whole"), vp.figure("excluded")) == (Status.MET, 1, 115, 5)
    assert "5 record(s) meeting mật" in vp.explain("en")
    vhxh = one(report, "phòng_vhxh", "II.5-3#1")
    assert (vhxh.status, vhxh.value) == (Status.NOT_MET, Fraction(36, 38))


def test_duration_caps_list_each_violating_conference(vu_duong):
    rules, facts = vu_duong
    report = rules.evaluate(facts, END)
    broken = one(report, "vp_hđnd_ubnd", "II.4-4#1")  # quán triệt ≤ 1/2 day
    assert broken.status is Status.NOT_MET
    assert [(x.record, x.value, x.limit, x.category) for x in broken.violations] == [
        ("VP-HN-03", 1, Fraction(1, 2), "quán_triệt")
    ]
    assert "VP-HN-03" in broken.explain("vi")
    boundary = one(report, "vp_hđnd_ubnd", "II.4-4#3")  # quan trọng ≤ 1,5 days, one of exactly 1,5
    assert (boundary.status, boundary.value) == (Status.MET, Fraction(3, 2))


def test_a_unit_without_the_facts_gets_unknown_never_met(vu_duong):
    rules, facts = vu_duong
    report = rules.evaluate(facts, END)
    v = one(report, "trung_tâm_phục_vụ_hcc", "I.2-1#1")
    assert v.status is Status.UNKNOWN and v.value is None
    assert "absence is never zero" in v.explain("en")


def test_task_targets_bind_the_task_leads_only(vu_duong):
    rules, facts = vu_duong
    report = rules.evaluate(facts, END)
    assert [v.unit for v in report.verdicts if v.rule == "TT 10#1"] == ["phòng_vhxh"]
    staff = one(report, "phòng_vhxh", "TT 10#1")
    assert (staff.status, staff.value) == (Status.MET, 1)
    assert {v.unit for v in report.verdicts if v.rule == "TT 8#1"} == {"vp_hđnd_ubnd", "trung_tâm_phục_vụ_hcc"}


def test_deadlines_on_the_vu_duong_plan(vu_duong):
    rules, facts = vu_duong
    report = rules.evaluate(facts, END)
    assert one(report, "phòng_vhxh", "V.2-1@1", "2026-H1").status is Status.MET
    assert one(report, "vp_hđnd_ubnd", "TT 1@1", "2026").status is Status.MET  # thường xuyên, reported
    tt5 = one(report, "phòng_vhxh", "TT 5@1")
    assert tt5.status is Status.NOT_APPLICABLE  # waits for the province's guidance
    tt7 = one(report, "phòng_vhxh", "TT 7@1")
    assert tt7.status is Status.PENDING  # after an event: no due date, never not_met
    assert one(report, "vp_hđnd_ubnd", "V-1@1").status is Status.NOT_APPLICABLE


@pytest.mark.parametrize("sample", ["vu_duong", "cuc"])
def test_each_sample_shows_every_verdict_kind_at_the_date_the_readme_uses(sample, request):
    """Each plan on its own sample facts, at 30/11/2026 (the README's date): met, not met, pending,
    unknown and not applicable all occur; not pooled across plans or dates."""
    rules, facts = request.getfixturevalue(sample)
    assert {v.status for v in rules.evaluate(facts, NOV).verdicts} == set(Status)


# ------------------------------------------------------------------ Vũ Dương, year open --


def test_an_open_year_is_pending_with_the_value_so_far(vu_duong):
    rules, facts = vu_duong
    v = one(rules.evaluate(facts, NOV), "vp_hđnd_ubnd", "I.2-1#1")
    assert (v.status, v.on_track, v.value) == (Status.PENDING, True, Fraction(2, 3))


# ------------------------------------------------------------------ Cục Văn thư, deadlines --


def test_monthly_reports_each_month_on_time_late_missing(cuc):
    rules, facts = cuc
    report = rules.evaluate(facts, NOV)
    unit = "chi_bộ_văn_phòng"
    months = {v.period: v for v in report.verdicts if v.unit == unit and v.rule == "III.1.b@1"}
    assert sorted(months) == [f"2026-{m:02d}" for m in range(5, 12)]
    assert months["2026-05"].status is Status.MET
    assert months["2026-06"].status is Status.NOT_MET  # handed in on the 25th: "trước" is strict
    assert months["2026-08"].status is Status.NOT_MET  # never handed in
    oct_ = months["2026-10"]  # 24/10/2026 is a Saturday: 26/10 is on time
    assert oct_.status is Status.MET and oct_.last_day == dt.date(2026, 10, 26)
    assert one(report, unit, "III.1.b@3", "2026").status is Status.PENDING  # before 05/12


def test_strict_before_is_late_on_the_day_itself(cuc):
    rules, facts = cuc
    report = rules.evaluate(facts, NOV)
    assert one(report, "chi_bộ_văn_phòng", "III.1.a@1").status is Status.MET
    late = one(report, "chi_bộ_tccb_htqt", "III.1.a@1")
    assert late.status is Status.NOT_MET and late.delivered == dt.date(2026, 5, 15)


def test_inherited_targets_are_evaluated_and_say_where_they_come_from(cuc):
    rules, facts = cuc
    report = rules.evaluate(facts, END)
    inherited = [v for v in report.verdicts if v.inherited_from == "534/QĐ-TTg"]
    # hồ sơ and số hóa: the Cục does not restate them; the duration caps: it restates them only
    # for the chi bộ that lead II.4.b-2, so the national caps still bind every unit
    assert {v.metric for v in inherited} == {"tỷ_lệ_hồ_sơ_trực_tuyến", "tỷ_lệ_số_hóa_văn_bản", "thời_lượng_hội_nghị"}
    text = planrules.render(planrules.Report(report.plan, END, tuple(inherited), units=("chi_bộ_văn_phòng",)), "text")
    assert "Inherited from 534/QĐ-TTg" in text
    assert all(v.document == "002_fd3af5f17558bdc9.txt" for v in inherited)


def test_no_conference_in_either_year_is_not_applicable(cuc):
    rules, facts = cuc
    report = rules.evaluate(facts, END)
    unit = "chi_bộ_trung_tâm_lưu_trữ_điện_tử"
    assert one(report, unit, "I.2.a#1").status is Status.NOT_APPLICABLE  # 0/0 online share
    assert one(report, unit, "I.2.a#2").status is Status.NOT_APPLICABLE  # 0 -> 0: nothing to cut


def test_nothing_to_judge_in_an_open_year_is_pending_not_applicable(cuc):
    rules, facts = cuc
    unit = "chi_bộ_trung_tâm_lưu_trữ_điện_tử"
    report = rules.evaluate(facts, NOV)
    for rule in ("I.2.a#1", "I.2.a#2"):  # conferences may still be held in December
        v = one(report, unit, rule)
        assert v.status is Status.PENDING and v.on_track is None


@pytest.mark.parametrize("as_of", [NOV, END])
def test_caps_need_records_not_counts(cuc, as_of):
    """Chi bộ Văn phòng counted its conferences (17 in 2026) but kept no register: a cap on each
    conference is unknown — and says so, not "no count" — open year or closed (no register can come)."""
    rules, facts = cuc
    v = one(rules.evaluate(facts, as_of), "chi_bộ_văn_phòng", "II.4.b-2#1")
    assert v.status is Status.UNKNOWN and v.figure("count") == 17
    assert v.explain() == ("Caps are judged per record, but for 2026 only counts of hội_nghị were reported "
                           "(17 in all): whether each one kept the cap is unknown.")
    assert v.explain("vi") == ("Giới hạn được đánh giá trên từng bản ghi, nhưng năm 2026 chỉ có số liệu tổng hợp "
                               "hội_nghị (tổng số 17): chưa rõ từng bản ghi có vượt giới hạn không.")
    assert "no count" not in v.explain() and v.records  # the counts it saw are named


def test_a_cap_on_a_category_with_a_count_of_that_category_names_it(vu_duong, tmp_path):
    rules, _ = vu_duong
    path = tmp_path / "f.toml"
    path.write_text('[[units."vp_hđnd_ubnd".counts]]\nkind = "hội_nghị"\nyear = 2026\ncount = 4\n'
                    'where = { "loại" = "quán_triệt" }\n', encoding="utf-8")
    v = one(rules.evaluate(load_facts(path, vocabulary=rules.vocabulary), END), "vp_hđnd_ubnd", "II.4-4#1")
    assert v.status is Status.UNKNOWN and "(4 with loại=quán_triệt)" in v.explain()
    assert "(4 có loại=quán_triệt)" in v.explain("vi")


def test_unit_filter(cuc):
    rules, facts = cuc
    report = rules.evaluate(facts, END, units=["chi_bộ_tccb_htqt"])
    assert {v.unit for v in report.verdicts} == {"chi_bộ_tccb_htqt"} and report.units == ("chi_bộ_tccb_htqt",)


HOSTILE = '"); __import__("pathlib").Path("PWNED").touch() #\n\'\'\' {{x}} ${x} \\ ` | <b>'


def test_hostile_text_is_data_everywhere(tmp_path, monkeypatch):
    """Quotes, newlines and __import__ in every string field are carried verbatim and never run.

    Rules are objects, not generated source; this proves no string reaches an evaluator.
    """
    import attrs

    from planrules.facts import model as f
    from planrules.reports.data import from_json, from_toml
    from planrules.reports.render import render

    monkeypatch.chdir(tmp_path)
    plan = planrules.load(VU_DUONG)
    body = tuple(
        attrs.evolve(s, label=HOSTILE) if isinstance(s, planrules.Unit) else
        attrs.evolve(s, content=HOSTILE, deliverable=HOSTILE) if isinstance(s, planrules.Task) else s
        for s in plan.body
    )
    plan = attrs.evolve(plan, title=HOSTILE, issuer=HOSTILE, signer=HOSTILE, body=body)
    rules = compile(plan)
    day = dt.date(2026, 7, 1)
    records = tuple(
        f.Record("hội_nghị", (("ngày", day), ("loại", "quán_triệt"), ("trực_tuyến", True), ("thời_lượng", Fraction(2))),
                 id=HOSTILE + str(i), date=day, origin=f.Origin(HOSTILE, HOSTILE, i, 1))
        for i in range(2)
    )
    facts = f.Facts(units=(f.UnitFacts("vp_hđnd_ubnd", records=records,
                                       counts=(f.Count("hội_nghị", 2025, 3, origin=f.Origin(HOSTILE, HOSTILE)),)),))
    report = rules.evaluate(facts, END)
    assert report.title == HOSTILE
    cap = one(report, "vp_hđnd_ubnd", "II.4-4#1")
    assert [v.record for v in cap.violations] == [HOSTILE + "0", HOSTILE + "1"]
    for lang in ("en", "vi"):
        for fmt in ("text", "md"):
            assert render(report, fmt, lang)
    assert from_json(render(report, "json")) == report
    assert from_toml(render(report, "toml")) == report
    assert not (tmp_path / "PWNED").exists()


def test_the_example_in_docs_evaluation_runs(monkeypatch):
    import contextlib
    import io
    import re

    text = (ROOT / "docs/evaluation.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```python\n(.*?)```", text, re.S)
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(block, {})
    assert "Báo cáo thực hiện kế hoạch 104/KH-UBND, tính đến ngày 31/12/2026" in out.getvalue()


# ------------------------------------------------------------------ a plan's own record kinds --

OWN_KINDS = (
    'kế hoạch: "1/KH-TEST"\nngày ban hành: 01/01/2025\nđơn vị u: "Đơn vị U"\n'
    'bản ghi số_liệu {\n    ngày: ngày tháng\n    chỉ_tiêu: một trong a, b\n    giá_trị: số nguyên\n}\n'
    'bản ghi điểm_lõm "Nơi chưa có sóng di động" {\n    xã: chuỗi\n    có_điện: có hoặc không\n}\n'
    "chỉ số giá_trị_số_liệu: giá_trị của mỗi số_liệu theo chỉ_tiêu\n"
    "chỉ số số_điểm_lõm: số lượng điểm_lõm\n"
    "chỉ số giảm_điểm_lõm: mức giảm số_điểm_lõm so với năm trước\n"
)


def _own(targets: str):
    return compile(planrules.parse(OWN_KINDS + targets, source="own.plan"), calendar=planrules.Calendar.plain())


def _figures(*values, day=dt.date(2025, 3, 1)):
    from planrules.facts import model as f

    return tuple(f.Record("số_liệu", (("ngày", day), ("chỉ_tiêu", "a"), ("giá_trị", v)), id=f"R{i}", date=day)
                 for i, v in enumerate(values, 1))


def _places(n):
    from planrules.facts import model as f

    return tuple(f.Record("điểm_lõm", (("xã", f"X{i}"), ("có_điện", True)), id=f"P{i}") for i in range(n))


def _judge(rules, records=(), counts=(), as_of=dt.date(2025, 12, 31)):
    from planrules.facts import model as f

    (v,) = [v for v in rules.evaluate(f.Facts(units=(f.UnitFacts("u", records=records, counts=counts),)),
                                      as_of).verdicts if v.period == str(as_of.year)]
    return v


def test_a_per_record_minimum_explains_itself_with_the_smallest_value_and_those_below():
    """A minimum is broken by values below it and kept when the smallest reaches it (never "exceed", "largest")."""
    rules = _own("chỉ tiêu: giá_trị_số_liệu(a) tối thiểu 150 trong năm 2025\n")
    broken = _judge(rules, _figures(160, 140))
    assert broken.status is Status.NOT_MET and broken.value == 140
    assert "1 of 2 số_liệu record(s) (chỉ_tiêu=a) fall below 150: R2 (140)." in broken.explain()
    assert "1/2 bản ghi số_liệu (chỉ_tiêu=a) thấp hơn 150: R2 (140)." in broken.explain("vi")
    kept = _judge(rules, _figures(160, 150))
    assert kept.status is Status.MET and kept.value == 150
    assert "the smallest giá_trị is 150 ≥ 150." in kept.explain() and "largest" not in kept.explain()
    assert "giá_trị nhỏ nhất là 150 ≥ 150." in kept.explain("vi")
    open_ = _judge(rules, _figures(160, 140), as_of=dt.date(2025, 6, 1))
    assert "a record below the minimum stays below it" in open_.explain()


def test_a_rolled_up_per_record_minimum_counts_the_records_below_it():
    from planrules.facts import model as f
    from planrules.evaluation.rollup import roll_up

    rules = _own("chỉ tiêu: giá_trị_số_liệu(a) tối thiểu 150 trong năm 2025\n")
    report = rules.evaluate(f.Facts(units=(f.UnitFacts("u", records=_figures(160, 140)),)), dt.date(2025, 12, 31))
    rollup = roll_up(report, {"u": "g"})
    text = planrules.render(report, "text", rollup=rollup)
    assert "2 record(s) across 1 unit(s), 1 below the minimum" in text and "over the cap" not in text
    assert "1 bản ghi thấp hơn mức tối thiểu" in planrules.render(report, "text", "vi", rollup=rollup)


def test_a_per_record_maximum_explains_itself_with_the_largest_value_and_those_above():
    rules = _own("chỉ tiêu: giá_trị_số_liệu(a) không quá 150 trong năm 2025\n")
    broken = _judge(rules, _figures(160, 140))
    assert "1 of 2 số_liệu record(s) (chỉ_tiêu=a) exceed 150: R1 (160)." in broken.explain()
    assert "1/2 bản ghi số_liệu (chỉ_tiêu=a) vượt 150: R1 (160)." in broken.explain("vi")
    kept = _judge(rules, _figures(150, 140))
    assert "the largest giá_trị is 150 ≤ 150." in kept.explain()
    assert "giá_trị lớn nhất là 150 ≤ 150." in kept.explain("vi")


@pytest.mark.parametrize(("target", "using"), [  # a snapshot's records stand for every year: a cut needs counts
    ("số_điểm_lõm không quá 2 trong năm 2025", "records"), ("số_điểm_lõm không quá 2 trong năm 2025", "counts"),
    ("giảm_điểm_lõm tối thiểu 50% trong năm 2025", "counts")])
def test_a_snapshot_can_fall_so_a_cap_on_it_is_pending_until_the_year_closes(target, using):
    """Undated records are today's state (places with no signal): they may fall before the year ends, so
    a count over its cap, or a cut not yet reached, is not decided early ("counts only grow" is false)."""
    from planrules.facts import model as f

    rules = _own(f"chỉ tiêu: {target}\n")
    if using == "records":
        records, counts = _places(3), ()
    else:
        records, counts = (), (f.Count("điểm_lõm", 2024, 4), f.Count("điểm_lõm", 2025, 3))
    early = _judge(rules, records, counts, as_of=dt.date(2025, 6, 30))
    assert early.status is Status.PENDING and "counts only grow" not in early.explain()
    assert early.on_track is False and "may still fall" in early.explain()
    assert _judge(rules, records, counts).status is Status.NOT_MET  # the year closed over the cap


def test_a_cut_of_a_snapshot_is_never_computed_from_its_records_against_themselves():
    """A snapshot's records are today's state, for every year alike: 2024 and 2025 would both be these 3 places,
    "a cut of 0%", not met. Unknown, saying why; counts of each year are what a cut of a snapshot needs."""
    rules = _own("chỉ tiêu: giảm_điểm_lõm tối thiểu 50% trong năm 2025\n")
    v = _judge(rules, _places(3))
    assert (v.status, v.value) == (Status.UNKNOWN, None)
    assert "cannot be computed from them" in v.explain() and "không tính được" in v.explain("vi")


def test_a_rolled_up_snapshot_over_its_cap_is_pending_until_the_year_closes():
    from planrules.facts import model as f
    from planrules.evaluation.rollup import roll_up

    rules = _own('đơn vị v: "Đơn vị V"\nchỉ tiêu: số_điểm_lõm không quá 3 trong năm 2025\n')
    facts = f.Facts(units=tuple(f.UnitFacts(name, records=_places(2)) for name in ("u", "v")))
    for as_of, status in ((dt.date(2025, 6, 30), Status.PENDING), (dt.date(2025, 12, 31), Status.NOT_MET)):
        (a,) = roll_up(rules.evaluate(facts, as_of), {"u": "g", "v": "g"}).aggregates
        assert (a.status, a.value) == (status, 4)


def test_a_count_of_zero_so_far_leaves_a_cap_pending_until_the_year_closes():
    """No conference so far this year does not settle a per-conference cap: more may be held (and counted)."""
    from planrules.facts import model as f
    from planrules.evaluation.rollup import roll_up

    rules = planrules.compile(planrules.parse(
        'kế hoạch: "1/KH-TEST"\nngày ban hành: 01/01/2025\nđơn vị u: "Đơn vị U"\n'
        "chỉ tiêu: thời_lượng_hội_nghị(quán_triệt) không quá 1/2 ngày trong năm 2025\n", source="t.plan"))
    facts = f.Facts(units=(f.UnitFacts("u", counts=(f.Count("hội_nghị", 2025, 0),)),))
    for as_of, status in ((dt.date(2025, 6, 30), Status.PENDING), (dt.date(2025, 12, 31), Status.NOT_APPLICABLE)):
        report = rules.evaluate(facts, as_of)
        (v,) = report.verdicts
        (a,) = roll_up(report, {"u": "g"}).aggregates
        assert (v.status, a.status) == (status, status)


def test_a_snapshot_record_over_a_per_record_cap_may_still_change():
    from planrules.facts import model as f

    text = OWN_KINDS.replace("    có_điện: có hoặc không\n", "    có_điện: có hoặc không\n    số_hộ: số nguyên\n")
    text += "chỉ số hộ_mỗi_điểm: số_hộ của mỗi điểm_lõm\nchỉ tiêu: hộ_mỗi_điểm không quá 10 trong năm 2025\n"
    rules = compile(planrules.parse(text, source="own.plan"), calendar=planrules.Calendar.plain())
    places = (f.Record("điểm_lõm", (("xã", "X"), ("có_điện", True), ("số_hộ", 12)), id="P1"),)
    early = _judge(rules, places, as_of=dt.date(2025, 6, 30))
    assert early.status is Status.PENDING and early.violations and "stays over it" not in early.explain()
    assert _judge(rules, places).status is Status.NOT_MET
    from planrules.evaluation.rollup import roll_up

    facts = f.Facts(units=(f.UnitFacts("u", records=places),))
    for as_of, status in ((dt.date(2025, 6, 30), Status.PENDING), (dt.date(2025, 12, 31), Status.NOT_MET)):
        (a,) = roll_up(rules.evaluate(facts, as_of), {"u": "g"}).aggregates
        assert (a.status, a.value) == (status, 12)


# ------------------------------------------------------------------ on track: like with like --


def _mid_year(targets: str, counts, as_of=dt.date(2026, 6, 30)):
    from planrules.facts import model as f
    from planrules.evaluation.rollup import roll_up

    rules = planrules.compile(planrules.parse(
        'kế hoạch: "1/KH-TEST"\nngày ban hành: 01/01/2026\nđơn vị u: "Đơn vị U"\n' + targets, source="t.plan"),
        calendar=planrules.Calendar.plain())
    report = rules.evaluate(f.Facts(units=(f.UnitFacts("u", counts=counts),)), as_of)
    (v,) = report.verdicts
    (a,) = roll_up(report, {"u": "g"}).aggregates
    return v, a


def test_a_cut_half_way_through_the_year_is_not_compared_with_a_whole_year():
    """13 conferences in 2025, 6 by 30/06/2026: "≈53.85% on track" would set half a year against a whole one.
    Not judged on track; the explanation says what the year may still hold (at most 11, for a cut of 10%)."""
    from planrules.facts import model as f

    counts = (f.Count("hội_nghị", 2025, 13), f.Count("hội_nghị", 2026, 6))
    v, a = _mid_year("chỉ tiêu: giảm_hội_nghị tối thiểu 10% trong năm 2026\n", counts)
    assert (v.status, v.on_track, v.value) == (Status.PENDING, None, None)
    assert (v.figure("baseline"), v.figure("current")) == (13, 6)
    assert "on track" not in v.explain() and "53.85" not in v.explain()
    assert ("6 so far in 2026 (to 30/06/2026), against 13 in the whole of 2025: part of a year is not compared "
            "with a whole one. The cut of ≥ 10% is kept if 2026 ends with at most 11.") in v.explain()
    assert "đúng hướng" not in v.explain("vi") and "tối đa 11" in v.explain("vi")
    assert (a.status, a.on_track) == (Status.PENDING, None)
    missed = _mid_year("chỉ tiêu: giảm_hội_nghị tối thiểu 10% trong năm 2026\n",
                       (f.Count("hội_nghị", 2025, 13), f.Count("hội_nghị", 2026, 12)))[0]
    assert missed.status is Status.NOT_MET  # 12 already more than the 11 the year may hold: counts only grow


def test_more_than_the_year_before_reads_as_an_increase_never_as_a_cut():
    from planrules.facts import model as f

    counts = (f.Count("hội_nghị", 2025, 10), f.Count("hội_nghị", 2026, 11))
    v, _ = _mid_year("chỉ tiêu: giảm_hội_nghị tối thiểu 10% trong năm 2026\n", counts, as_of=END)
    assert (v.status, v.value) == (Status.NOT_MET, Fraction(-1, 10))
    assert "10 in 2025, 11 in 2026: an increase of 10%, not a cut (-10%, needs ≥ 10%)." in v.explain()
    assert "tăng 10%, không phải giảm (-10%, cần ≥ 10%)." in v.explain("vi") and "a cut of -" not in v.explain()


@pytest.mark.parametrize(("target", "so_far", "track", "words"), [
    ("số_hội_nghị tối thiểu 10", 4, None, "6 more needed by 31/12/2026"),
    ("số_hội_nghị tối thiểu 10", 10, True, "already reached"),
    ("số_hội_nghị không quá 10", 4, None, "at most 6 more by 31/12/2026"),
])
def test_a_count_so_far_is_on_track_only_when_the_rest_of_the_year_cannot_change_it(target, so_far, track, words):
    from planrules.facts import model as f

    v, a = _mid_year(f"chỉ tiêu: {target} trong năm 2026\n", (f.Count("hội_nghị", 2026, so_far),))
    assert (v.status, v.on_track, v.value) == (Status.PENDING, track, so_far)
    assert words in v.explain() and (a.status, a.on_track) == (Status.PENDING, track)


# ------------------------------------------------------------------ a cycle of parents --


def _cycle_library(folder):
    head = 'kế hoạch: "{}"\nngày ban hành: 01/01/2026\ncấp trên: "{}"\nđơn vị u: "U"\n'
    (folder / "a.plan").write_text(head.format("1/KH-A", "2/KH-B") + "chỉ tiêu: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 60%\n",
                                   encoding="utf-8")
    (folder / "b.plan").write_text(head.format("2/KH-B", "1/KH-A") + "chỉ tiêu: giảm_hội_nghị tối thiểu 10%\n",
                                   encoding="utf-8")
    (folder / "c.plan").write_text(head.format("3/KH-C", "1/KH-A"), encoding="utf-8")
    return planrules.load_dir(folder)


@pytest.mark.parametrize("number", ["1/KH-A", "3/KH-C"])
def test_a_plan_in_or_under_a_cycle_of_parents_is_not_compiled(tmp_path, number):
    """Which targets such a plan inherits depends on where the cycle is cut: an error naming the cycle (P502),
    never an evaluation that silently leaves inherited targets out."""
    library = _cycle_library(tmp_path)
    with pytest.raises(planrules.PlanError) as error:
        compile(library.by_number(number), library)
    (d,) = error.value.diagnostics
    assert d.code == "P502" and d.severity is planrules.Severity.ERROR
    assert "1/KH-A" in d.message.text("en") and "2/KH-B" in d.message.text("en") and "→" in d.message.text("en")
    assert d.span is not None and d.span.file.endswith((".plan"))


@pytest.mark.parametrize("command", [["eval", "--facts", "f.toml", "--as-of", "31/12/2026"], ["export"], ["schema"]])
def test_eval_export_and_schema_of_a_plan_in_a_cycle_exit_2_naming_it(tmp_path, monkeypatch, command):
    import io

    from planrules.tooling.cli import run

    _cycle_library(tmp_path)
    (tmp_path / "f.toml").write_text('[units."u"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    assert run([command[0], "a.plan", "--library", ".", *command[1:]], out, err) == 2
    assert "P502" in err.getvalue() and "2/KH-B" in err.getvalue() and "Traceback" not in err.getvalue()


# ------------------------------------------------------------------ deliveries and labels --


def test_a_delivery_naming_a_label_several_deadlines_share_must_say_which():
    """Four quarterly deadlines labelled alike (L407): one delivery in March named by the label is refused (F206),
    never counted for all four quarters; named by position it answers that quarter only."""
    from planrules.facts import model as f

    text = (FIXTURES_LINT / "l407.plan").read_text(encoding="utf-8")
    rules = compile(planrules.parse(text, source="l407.plan"), calendar=planrules.Calendar.plain())
    march = dt.date(2026, 3, 20)

    def facts(deadline):
        delivery = f.Delivery("TT 4", march, deadline=deadline, origin=f.Origin("f.toml", "deliveries", 1, 3))
        return f.Facts(units=(f.UnitFacts("văn_phòng", deliveries=(delivery,)),))

    with pytest.raises(planrules.FactsError) as error:
        rules.evaluate(facts("báo cáo quý"), END)
    (d,) = error.value.diagnostics
    assert d.code == "F206" and d.span.file == "f.toml"
    assert d.message.text("en") == ('task TT 4: deadlines 1, 2, 3, 4 all have the label "báo cáo quý": say which '
                                    "one this delivery answers by its position (deadline = 1, 2, 3, 4)")
    assert d.message.text("vi").startswith('nhiệm vụ TT 4: các thời hạn 1, 2, 3, 4 cùng có nhãn "báo cáo quý"')
    report = rules.evaluate(facts("1"), END)
    met = {v.rule for v in report.verdicts if v.unit == "văn_phòng" and v.status is Status.MET}
    assert met == {"TT 4@1"}


# ------------------------------------------------------------------ the fit of facts to a plan --


@pytest.fixture
def fits_counted(monkeypatch):
    """How many times facts are checked against a plan (`fit.misfits`), from here on."""
    from planrules.evaluation import fit

    calls = []
    checked = fit.misfits

    def counted(rules, facts, binding=None, **options):
        calls.append(rules)
        return checked(rules, facts, binding, **options)

    monkeypatch.setattr(fit, "misfits", counted)
    return calls


def test_facts_fitted_once_are_judged_without_being_checked_again(vu_duong, fits_counted):
    rules, facts = vu_duong
    fitted = rules.fit(facts)
    assert fitted.problems == () and fits_counted == [rules]
    report = rules.evaluate(fitted, END)
    assert fits_counted == [rules]  # the evaluation did not check the fitted facts again
    assert report == rules.evaluate(facts, END) and len(fits_counted) == 2  # plain facts are fitted by evaluate


def test_facts_that_do_not_fit_are_refused_by_evaluate_as_plain_facts_are(vu_duong, tmp_path, fits_counted):
    rules, _ = vu_duong
    facts = _only(tmp_path, rules, '[units."không_có"]\n')
    fitted = rules.fit(facts)
    assert [d.code for d in fitted.problems] == ["F201"]
    assert rules.check(facts) == list(fitted.problems)  # the documented check is the fit's
    with pytest.raises(planrules.FactsError) as from_fit:
        rules.evaluate(fitted, END, units=["ubnd_xã"])
    with pytest.raises(planrules.FactsError) as from_facts:
        rules.evaluate(facts, END, units=["ubnd_xã"])
    assert [d.code for d in from_fit.value.diagnostics] == ["F210", "F201"]  # the unplaced one first
    assert from_fit.value.diagnostics == from_facts.value.diagnostics


def test_facts_fitted_to_another_plan_are_fitted_again(vu_duong, cuc, fits_counted):
    rules, facts = vu_duong
    other, _ = cuc
    fitted = other.fit(facts)
    assert fitted.problems  # the Vũ Dương units are not the Cục's
    assert rules.evaluate(fitted, END) == rules.evaluate(facts, END)
    assert fits_counted == [other, rules, rules]


# ------------------------------------------------------------------ units the facts leave out --


def _only(tmp_path, rules, text):
    path = tmp_path / "f.toml"
    path.write_text(text, encoding="utf-8")
    return load_facts(path, vocabulary=rules.vocabulary)


def test_a_unit_the_plan_binds_but_the_facts_leave_out_is_unknown_on_every_rule(vu_duong, tmp_path):
    """Absence is never compliance: the Trung tâm leads TT 8, so it is judged without facts."""
    rules, full = vu_duong
    assert rules.bound == ("phòng_vhxh", "vp_hđnd_ubnd", "trung_tâm_phục_vụ_hcc")  # leads, in plan order
    facts = _only(tmp_path, rules, '[units."vp_hđnd_ubnd"]\n')
    report = rules.evaluate(facts, END)
    assert report.units == ("vp_hđnd_ubnd", "phòng_vhxh", "trung_tâm_phục_vụ_hcc")
    absent = report.of_unit("trung_tâm_phục_vụ_hcc")
    # the rules that bind it with facts bind it without: same rules and periods, but for TT 8's joint
    # deliverable (it leads it with vp_hđnd_ubnd), listed under the lead that reported facts (expected output
    # changed on purpose: joint leads, issue 16)
    assert [(v.rule, v.period) for v in absent] == [
        (v.rule, v.period) for v in rules.evaluate(full, END).of_unit("trung_tâm_phục_vụ_hcc") if not v.leads]
    assert {v.status for v in absent} == {Status.UNKNOWN}
    assert {"TT 8#1", "I.2-1#1"} <= {v.rule for v in absent}  # its task's targets and the plan-wide ones
    v = one(report, "trung_tâm_phục_vụ_hcc", "TT 8#1")
    assert (v.value, v.figures, v.records) == (None, (), ())
    assert v.explain() == ("No facts reported for unit trung_tâm_phục_vụ_hcc: the plan binds it (it leads a task, "
                           "or a target's scope names it), so nothing is known, and absence is never compliance.")
    assert v.explain("vi").startswith("Không có số liệu nào của đơn vị trung_tâm_phục_vụ_hcc: kế hoạch giao")
    # vp_hđnd_ubnd delivered nothing: the absent co-lead might have, so the joint deliverable is unknown, not missing
    v = one(report, "vp_hđnd_ubnd", "TT 8@1")
    assert (v.status, v.due, v.leads) == (Status.UNKNOWN, dt.date(2026, 12, 31),
                                          ("trung_tâm_phục_vụ_hcc", "vp_hđnd_ubnd"))
    assert v.explain().endswith("No facts reported for trung_tâm_phục_vụ_hcc, which leads it jointly: a delivery "
                                "of theirs would answer it, so it is unknown, not missing or late.")
    # the issuer leads no task: plan-wide targets do not pull it in
    assert "ubnd_xã" not in report.units


def test_an_empty_facts_file_is_all_unknown_never_no_verdicts(vu_duong, tmp_path):
    rules, _ = vu_duong
    report = rules.evaluate(_only(tmp_path, rules, "# nothing reported\n"), NOV)
    assert report.units == rules.bound and report.verdicts
    assert {v.status for v in report.verdicts} == {Status.UNKNOWN}


def test_a_unit_filter_may_name_a_bound_unit_without_facts_but_not_any_name(vu_duong, tmp_path):
    rules, _ = vu_duong
    facts = _only(tmp_path, rules, '[units."vp_hđnd_ubnd"]\n')
    report = rules.evaluate(facts, END, units=["trung_tâm_phục_vụ_hcc"])
    assert report.units == ("trung_tâm_phục_vụ_hcc",) and {v.unit for v in report.verdicts} == {"trung_tâm_phục_vụ_hcc"}
    with pytest.raises(planrules.FactsError) as error:
        rules.evaluate(facts, END, units=["ubnd_xã"])  # a unit of the plan, but bound by no task: no facts, no verdict
    assert [d.code for d in error.value.diagnostics] == ["F210"]


def test_a_plan_whose_leads_are_groups_only_pulls_in_no_unit(cuc):
    """The Cục's tasks are led by groups whose members the text does not list (các chi bộ), roles and
    the whole plan: no unit is bound by name, so only the units of the facts are judged."""
    rules, facts = cuc
    assert rules.bound == ()
    assert rules.evaluate(facts, END).units == tuple(u.name for u in facts.units)


# ------------------------------------------------------------------ before the plan is issued --


def test_before_the_plan_is_issued_every_verdict_is_pending_and_says_why(vu_duong):
    rules, facts = vu_duong
    before = rules.evaluate(facts, dt.date(2026, 6, 3))  # the plan is issued on 04/06/2026
    assert before.verdicts and {v.status for v in before.verdicts} == {Status.PENDING}
    v = one(before, "vp_hđnd_ubnd", "TT 2#1")  # the cut the counts so far already miss
    assert (v.value, v.on_track, v.figures) == (None, None, ())
    assert v.explain() == "Plan 104/KH-UBND is issued on 04/06/2026: it does not bind before then (as of 03/06/2026)."
    assert v.explain("vi") == ("Kế hoạch 104/KH-UBND ban hành ngày 04/06/2026: chưa ràng buộc trước ngày đó "
                               "(tính đến ngày 03/06/2026).")
    # from its date on, it binds: the same cut is decided at once
    assert one(rules.evaluate(facts, dt.date(2026, 6, 4)), "vp_hđnd_ubnd", "TT 2#1").status is Status.NOT_MET


def test_before_the_plan_a_bound_unit_without_facts_is_pending_too(vu_duong, tmp_path):
    rules, _ = vu_duong
    report = rules.evaluate(_only(tmp_path, rules, "# nothing\n"), dt.date(2026, 1, 15))
    assert {v.status for v in report.verdicts} == {Status.PENDING}


# ------------------------------------------------------------------ what verdicts say --


def test_a_missed_target_never_reads_as_a_true_comparison(vu_duong):
    """12.5% against "at least 15%": "12.5%, needs ≥ 15%", never "12.5% ≥ 15%", in every format."""
    rules, facts = vu_duong
    report = rules.evaluate(facts, END)
    v = one(report, "vp_hđnd_ubnd", "TT 2#1")
    assert v.status is Status.NOT_MET and v.value == Fraction(1, 8)
    assert "a cut of 12.5%, needs ≥ 15%." in v.explain()
    assert "giảm 12,5%, cần ≥ 15%." in v.explain("vi")
    met = one(report, "phòng_vhxh", "I.2-1#1")
    assert "3 of 5 hội_nghị records in 2026 meet trực_tuyến: 60% ≥ 60%." in met.explain()
    mine = planrules.Report(report.plan, END, (v,), units=(v.unit,))
    for fmt in ("text", "md", "json", "toml"):
        for lang in ("en", "vi"):
            shown = planrules.render(mine, fmt, lang)
            assert "12.5% ≥ 15%" not in shown and "12,5% ≥ 15%" not in shown, (fmt, lang)
    assert "    12.5%, needs ≥ 15%" in planrules.render(mine, "text").splitlines()
    assert "    12,5%, cần ≥ 15%" in planrules.render(mine, "text", lang="vi").splitlines()


def test_inherited_verdicts_carry_the_parents_clause(cuc):
    import json

    rules, facts = cuc
    report = rules.evaluate(facts, END)
    v = one(report, "chi_bộ_văn_phòng", "534/QĐ-TTg:#3")
    # QĐ 534 is known only through quotations: its targets have no address, so the clause is the plan itself
    assert (v.clause, v.inherited_from) == ("534/QĐ-TTg", "534/QĐ-TTg")
    mine = planrules.Report(report.plan, END, (v,), units=(v.unit,))
    data = json.loads(planrules.render(mine, "json"))["verdicts"][0]
    assert (data["clause"], data["inherited_from"]) == ("534/QĐ-TTg", "534/QĐ-TTg")
    markdown = planrules.render(mine, "md")
    assert any(line.startswith("| 534/QĐ-TTg | ") for line in markdown.splitlines())  # cited by the clause
    assert "534/QĐ-TTg:#3" not in markdown  # the rule id is for the machine formats


def test_an_inherited_target_with_an_address_is_cited_with_the_parents_number():
    from planrules.evaluation.rules import Clause

    clause = Clause(plan="534/QĐ-TTg", rule="534/QĐ-TTg:II.4#1", address="II.4", source=None, document=None,
                    at=None, inherited_from="534/QĐ-TTg")
    assert clause.cited == "534/QĐ-TTg:II.4"
    own = Clause(plan="104/KH-UBND", rule="TT 2#1", address="TT 2", source=None, document=None, at=None)
    assert own.cited == "TT 2"


def test_a_table_source_judges_the_bound_units_it_leaves_out_the_same_way(vu_duong, tmp_path):
    """Units come from the source's units table; a bound unit missing there is judged as from TOML."""
    pytest.importorskip("duckdb")
    import attrs

    rules, full = vu_duong
    facts = attrs.evolve(full, units=tuple(u for u in full.units if u.name != "trung_tâm_phục_vụ_hcc"))
    path = tmp_path / "f.duckdb"
    planrules.write_duckdb(facts, str(path))
    with planrules.open_source(str(path)) as source:
        from_source = rules.evaluate(source, END)
    from_toml = rules.evaluate(facts, END)
    assert from_source.units == from_toml.units == ("vp_hđnd_ubnd", "phòng_vhxh", "trung_tâm_phục_vụ_hcc")
    assert from_source.of_unit("trung_tâm_phục_vụ_hcc") == from_toml.of_unit("trung_tâm_phục_vụ_hcc")
    assert {v.status for v in from_source.of_unit("trung_tâm_phục_vụ_hcc")} == {Status.UNKNOWN}


# ------------------------------------------------------------------ the date used, and parents left out --


def test_without_a_date_the_day_is_the_one_in_viet_nam_not_the_machines(vu_duong, monkeypatch):
    """At 18:30 UTC on 30 June it is already 1 July in Viet Nam (UTC+7, no daylight saving since 1975):
    a runner on UTC must not judge yesterday."""
    from planrules.evaluation import ruleset

    rules, facts = vu_duong
    clock = dt.datetime(2026, 6, 30, 18, 30, tzinfo=dt.timezone.utc)
    assert ruleset.today_in_vietnam(clock) == dt.date(2026, 7, 1)
    assert ruleset.today_in_vietnam(clock - dt.timedelta(hours=1, minutes=31)) == dt.date(2026, 6, 30)  # 23:59
    monkeypatch.setattr(ruleset, "_now", lambda: clock)
    report = rules.evaluate(facts)
    assert (report.as_of, report.as_of_from) == (dt.date(2026, 7, 1), "clock")
    given = rules.evaluate(facts, dt.date(2026, 7, 1))
    assert (given.as_of, given.as_of_from) == (dt.date(2026, 7, 1), "given")
    assert given.verdicts == report.verdicts


def test_without_zone_data_viet_nam_is_utc_plus_seven(monkeypatch):
    """A fresh venv on a machine without time-zone files has no Asia/Ho_Chi_Minh: the same dates follow."""
    import zoneinfo

    from planrules.evaluation import ruleset

    def missing(key):
        raise zoneinfo.ZoneInfoNotFoundError(key)

    monkeypatch.setattr(zoneinfo, "ZoneInfo", missing)
    assert ruleset._vietnam().utcoffset(None) == dt.timedelta(hours=7)
    clock = dt.datetime(2026, 6, 30, 18, 30, tzinfo=dt.timezone.utc)
    assert ruleset.today_in_vietnam(clock) == dt.date(2026, 7, 1)
    assert ruleset.today_in_vietnam(clock - dt.timedelta(hours=1, minutes=31)) == dt.date(2026, 6, 30)


@pytest.mark.parametrize("source", ["given", "clock"])
def test_every_report_format_says_which_date_was_used_and_where_it_came_from(vu_duong, monkeypatch, source):
    from planrules.evaluation import ruleset
    from planrules.reports.data import from_json, from_toml
    from planrules.reports.render import render
    from planrules.evaluation.verdicts import show_date

    rules, facts = vu_duong
    monkeypatch.setattr(ruleset, "_now", lambda: dt.datetime(2026, 11, 29, 17, 0, tzinfo=dt.timezone.utc))
    report = rules.evaluate(facts, NOV if source == "given" else None)
    assert report.as_of == NOV and report.as_of_from == source
    said = {
        ("given", "en"): "Date used: 30/11/2026, as given.",
        ("given", "vi"): "Ngày đánh giá: 30/11/2026, theo ngày được chỉ định.",
        ("clock", "en"): "Date used: 30/11/2026, today in Viet Nam (UTC+7) by the clock: no date was given.",
        ("clock", "vi"): "Ngày đánh giá: 30/11/2026, ngày hôm nay ở Việt Nam (UTC+7) theo đồng hồ: không chỉ định ngày.",
    }
    for lang in ("en", "vi"):
        text = render(report, "text", lang)  # wrapped to 80 columns: the sentence starts the line after the title
        head = text.split("\n\n")[0].split("\n")
        assert head[0].endswith(show_date(NOV)) and head[4].startswith(said[source, lang][:14])
        assert said[source, lang] in " ".join(text.split())
        assert render(report, "md", lang).split("\n")[4] == said[source, lang]
    for fmt, read in (("json", from_json), ("toml", from_toml)):
        text = render(report, fmt)
        assert f'"as_of_from": "{source}"' in text or f'as_of_from = "{source}"' in text
        assert read(text) == report
    other = "clock" if source == "given" else "given"
    assert from_json(render(report, "json").replace(f'"{source}"', f'"{other}"')).as_of_from == other


def test_a_report_names_the_parents_whose_targets_it_could_not_inherit(library):
    """A plan with a `cấp trên` compiled without its parents judges none of their targets: the report says so."""
    from planrules.reports.data import from_json, from_toml
    from planrules.reports.render import render

    alone = compile(planrules.load(CUC))
    assert alone.missing_parents == ("534/QĐ-TTg",)
    assert compile(planrules.load(CUC), library).missing_parents == ("226-KL/TW",)  # 534's own parent
    assert compile(planrules.load(VU_DUONG), library).missing_parents == ("138/QĐ-UBND", "226-KL/TW")
    facts = load_facts(ROOT / "examples/cuc-van-thu-luu-tru/facts.toml", vocabulary=alone.vocabulary)
    report = alone.evaluate(facts, END)
    assert report.missing_parents == ("534/QĐ-TTg",)
    assert not [v for v in report.verdicts if v.inherited_from]
    line = {"en": "Not evaluated: the targets of parent plan(s) 534/QĐ-TTg, which are not in the library.",
            "vi": "Không đánh giá: chỉ tiêu của kế hoạch cấp trên 534/QĐ-TTg, không có trong thư viện."}
    for lang in ("en", "vi"):
        assert line[lang] in " ".join(render(report, "text", lang).split())
        assert line[lang] in render(report, "md", lang).split("\n")
    for fmt, read in (("json", from_json), ("toml", from_toml)):
        assert "missing_parents" in render(report, fmt) and read(render(report, fmt)) == report
    whole = compile(planrules.load(CUC), library).evaluate(facts, END)
    assert whole.missing_parents == ("226-KL/TW",)
    assert "the targets of parent plan(s) 226-KL/TW, which" in " ".join(render(whole, "text").split())


# ------------------------------------------------------------------ nothing of the facts dropped in silence --

GROUPS_PLAN = '''kế hoạch: "9/KH"
ngày ban hành: 01/06/2026
đơn vị a: "A"
đơn vị b: "B"
nhóm các_tổ: "Các tổ"
nhiệm vụ TT 1 {
    nội dung: "Báo cáo"
    chủ trì: a
    thời hạn: trước 30/06/2026
}
nhiệm vụ TT 2 {
    nội dung: "Tổng kết"
    chủ trì: các_tổ
    thời hạn: trước 30/09/2026
}
'''


@pytest.fixture
def groups(tmp_path):
    path = tmp_path / "ke-hoach.plan"
    path.write_text(GROUPS_PLAN, encoding="utf-8")
    return compile(planrules.load(path)), path


def test_a_delivery_by_a_unit_that_does_not_lead_the_task_is_a_located_finding(groups, tmp_path):
    """b does not lead TT 1: its delivery for it was once dropped without a word (no verdict counts it)."""
    rules, _ = groups
    path = tmp_path / "f.toml"
    path.write_text('[units.a]\n[[units.a.deliveries]]\ntask = "TT 1"\ndate = 2026-06-20\n\n[units.b]\n'
                    '[[units.b.deliveries]]\ntask = "TT 1"\ndate = 2026-06-20\n', encoding="utf-8")
    facts = planrules.load_facts(path, rules=rules)  # valid facts: a collaborator may report its part
    (d,) = [d for d in rules.gaps(facts) if d.code == "F215"]  # (F214 too: các_tổ has no member here)
    assert (d.code, d.severity, d.span.file, d.span.line, d.line_text) == (
        "F215", planrules.Severity.WARNING, str(path), 7, "[[units.b.deliveries]]")
    assert d.message.text("en") == "unit b does not lead task TT 1 (its leads: a): its delivery counts for no verdict"
    assert d.message.text("vi") == ("đơn vị b không chủ trì nhiệm vụ TT 1 (chủ trì: a): kết quả nộp này không được "
                                    "tính cho kết quả đánh giá nào")
    judged = rules.evaluate(facts, END).verdicts
    assert not [v for v in judged if v.unit == "b"] and [v for v in judged if v.unit == "a" and v.delivered]
    path.write_text('[units.b]\nmember_of = ["các_tổ"]\n[[units.b.deliveries]]\ntask = "TT 2"\ndate = 2026-06-20\n',
                    encoding="utf-8")
    facts = planrules.load_facts(path, rules=rules)
    assert facts.unit("b").deliveries and not [d for d in rules.gaps(facts) if d.code == "F215"]  # it leads TT 2


def test_a_bound_group_no_unit_of_the_facts_belongs_to_is_a_finding_at_its_declaration(groups, tmp_path):
    """`các_tổ` leads TT 2 but lists no members, and no unit of the facts says it belongs (member_of): TT 2
    judged no one, without a word."""
    rules, plan = groups
    path = tmp_path / "f.toml"
    path.write_text("[units.a]\n", encoding="utf-8")
    facts = planrules.load_facts(path, rules=rules)
    assert not [v for v in rules.evaluate(facts, END).verdicts if v.rule.startswith("TT 2")]
    (d,) = rules.gaps(facts)
    assert (d.code, d.severity, d.span.file, d.span.line, d.line_text) == (
        "F214", planrules.Severity.WARNING, str(plan), 5, 'nhóm các_tổ: "Các tổ"')
    assert d.message.text("en") == ("group các_tổ leads TT 2, but plan 9/KH lists none of its units and no unit of "
                                    "the facts belongs to it (member_of): nothing of TT 2 is judged")
    path.write_text('[units.a]\n[units.b]\nmember_of = ["các_tổ"]\n', encoding="utf-8")
    facts = planrules.load_facts(path, rules=rules)
    assert rules.gaps(facts) == [] and [v.unit for v in rules.evaluate(facts, END).verdicts if v.rule == "TT 2@1"] == ["b"]


from hypothesis import given, settings, strategies as st  # noqa: E402

LEADS_PLAN = '''kế hoạch: "8/KH"
ngày ban hành: 01/06/2026
đơn vị a: "A"
đơn vị b: "B"
đơn vị c: "C"
vai trò trưởng_phòng: "Trưởng phòng"
nhóm g: "G" = b
nhóm h: "H"
nhiệm vụ TT 1 {
    nội dung: "Một"
    chủ trì: a
    thời hạn: trước 30/12/2026
}
nhiệm vụ TT 2 {
    nội dung: "Hai"
    chủ trì: g
    thời hạn: trước 30/12/2026
}
nhiệm vụ TT 3 {
    nội dung: "Ba"
    chủ trì: h
    thời hạn: trước 30/12/2026
}
nhiệm vụ TT 4 {
    nội dung: "Bốn"
    thời hạn: trước 30/12/2026
}
nhiệm vụ TT 5 {
    nội dung: "Năm"
    chủ trì: trưởng_phòng
    thời hạn: trước 30/12/2026
}
'''
LEADS = {"TT 1": {"a"}, "TT 2": {"b"}, "TT 4": {"a", "b", "c"}, "TT 5": {"a", "b", "c"}}  # TT 3: h's members


@settings(max_examples=40, deadline=None)
@given(units=st.dictionaries(st.sampled_from("abc"), st.tuples(
    st.booleans(), st.lists(st.sampled_from(["TT 1", "TT 2", "TT 3", "TT 4", "TT 5"]), max_size=3)), min_size=1))
def test_every_delivery_is_counted_by_a_verdict_or_refused_at_its_place(tmp_path_factory, units):
    """Whoever reports whichever task: a delivery is either in a verdict of its unit, or an F215 at its record."""
    folder = tmp_path_factory.mktemp("leads")
    (folder / "ke-hoach.plan").write_text(LEADS_PLAN, encoding="utf-8")
    rules = compile(planrules.load(folder / "ke-hoach.plan"))
    lines, places = [], {}
    for unit, (in_h, tasks) in sorted(units.items()):
        lines += [f"[units.{unit}]"] + (['member_of = ["h"]'] if in_h else [])
        for day, task in enumerate(tasks, start=1):
            places[len(lines) + 1] = (unit, task)
            lines += [f"[[units.{unit}.deliveries]]", f'task = "{task}"', f"date = 2026-07-{day:02}"]
    path = folder / "f.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    leads = {**LEADS, "TT 3": {u for u, (in_h, _) in units.items() if in_h}}
    wrong = {line for line, (unit, task) in places.items() if unit not in leads[task]}
    facts = planrules.load_facts(path, rules=rules)
    found = [d for d in rules.gaps(facts) if d.code == "F215"]
    assert {d.span.line for d in found} == wrong
    report = rules.evaluate(facts, END)
    for line, (unit, task) in places.items():
        counted = any(v.unit == unit and v.rule.startswith(task + "@") and v.delivered for v in report.verdicts)
        assert counted != (line in wrong), (unit, task)


# ------------------------------------------------------------------ validity: effective and end dates --

CAMPAIGN = """kế hoạch: "12/KH-UBND"
ngày ban hành: 10/05/2026
{validity}đơn vị vp: "Văn phòng"
chỉ tiêu I.1: tỷ_lệ_văn_bản_điện_tử tối thiểu 90% hằng năm
chỉ tiêu I.2: tỷ_lệ_văn_bản_điện_tử tối thiểu 90% trong năm 2027
nhiệm vụ TT 1 {{
    chủ trì: vp
    thời hạn: trước ngày 25 hằng tháng
}}
"""


def _campaign(tmp_path, validity: str):
    rules = compile(planrules.parse(CAMPAIGN.format(validity=validity), source="c.plan"))
    (tmp_path / "c.toml").write_text('[units."vp"]\n', encoding="utf-8")
    return rules, load_facts(tmp_path / "c.toml", vocabulary=rules.vocabulary)


@pytest.mark.parametrize(("validity", "years", "months"), [
    # for ever from its date: every year and month to as_of
    ("", ["2026", "2027"], [f"2026-{m:02d}" for m in range(5, 13)] + [f"2027-{m:02d}" for m in range(1, 7)]),
    # a 100-day campaign: 2026 only; May (its 25th is after 15/05) to August (opened before 22/08)
    ("hiệu lực từ: 15/05/2026\nhiệu lực đến: 22/08/2026\n", ["2026"], ["2026-05", "2026-06", "2026-07", "2026-08"]),
    # taking effect later: from June
    ("hiệu lực từ: 01/06/2026\n", ["2026", "2027"], [f"2026-{m:02d}" for m in range(6, 13)]
     + [f"2027-{m:02d}" for m in range(1, 7)]),
    # in force from before it was signed (a retroactive effective date): from 2025
    ("hiệu lực từ: 01/11/2025\nhiệu lực đến: 31/01/2026\n", ["2025", "2026"], ["2025-11", "2025-12", "2026-01"]),
])
def test_nothing_is_judged_outside_the_plans_validity(tmp_path, validity, years, months):
    """Years and deadline occurrences wholly outside [effective, end] are absent: no verdict of any status."""
    rules, facts = _campaign(tmp_path, validity)
    report = rules.evaluate(facts, dt.date(2027, 6, 30))
    assert [v.period for v in report.verdicts if v.rule == "I.1#1"] == years
    assert [v.period for v in report.verdicts if v.rule == "I.2#1"] == (["2027"] if "2027" in years else [])
    assert [v.period for v in report.verdicts if v.rule == "TT 1@1"] == months


def test_before_the_effective_date_every_verdict_is_pending_and_says_when_it_takes_effect(tmp_path):
    rules, facts = _campaign(tmp_path, "hiệu lực từ: 15/05/2026\n")
    before = rules.evaluate(facts, dt.date(2026, 5, 12))  # signed on 10/05, in force from 15/05
    assert before.verdicts and {v.status for v in before.verdicts} == {Status.PENDING}
    v = one(before, "vp", "I.1#1")
    assert v.explain() == "Plan 12/KH-UBND takes effect on 15/05/2026: it does not bind before then (as of 12/05/2026)."
    assert v.explain("vi") == ("Kế hoạch 12/KH-UBND có hiệu lực từ ngày 15/05/2026: chưa ràng buộc trước ngày đó "
                               "(tính đến ngày 12/05/2026).")
    # from that day on it binds: an open year without facts, pending for that reason now
    assert "does not bind" not in one(rules.evaluate(facts, dt.date(2026, 5, 15)), "vp", "I.1#1").explain()


# ------------------------------------------------------------------ a target judged at a date --

AT_DATE_KINDS = (
    'kế hoạch: "1/KH-TEST"\nngày ban hành: 01/01/2026\nđơn vị u: "Đơn vị U"\n'
    'bản ghi xã_cáp {\n    ngày: ngày tháng\n    có_cáp: có hoặc không\n}\n'
    "chỉ số cáp: tỷ lệ xã_cáp có có_cáp\nchỉ số số_cáp: số lượng xã_cáp có có_cáp\n"
    "chỉ số giảm_cáp: mức giảm số_cáp so với năm trước\n"
)


def _villages(*dated):
    from planrules.facts import model as f

    return tuple(f.Record("xã_cáp", (("ngày", day), ("có_cáp", fibre)), id=f"X{i}", date=day)
                 for i, (day, fibre) in enumerate(dated, 1))


def _at_date(target: str, records=(), counts=(), as_of=dt.date(2027, 1, 5), header=AT_DATE_KINDS):
    from planrules.facts import model as f

    rules = planrules.compile(planrules.parse(header + target, source="t.plan"),
                              calendar=planrules.Calendar.plain())
    report = rules.evaluate(f.Facts(units=(f.UnitFacts("u", records=records, counts=counts),)), as_of)
    (v,) = [v for v in report.verdicts if v.period == "2026"]
    return v


VILLAGES = _villages((dt.date(2026, 3, 1), True), (dt.date(2026, 11, 30), True), (dt.date(2026, 12, 5), False))


def test_a_target_at_a_date_counts_the_records_up_to_that_day_whenever_it_is_judged():
    """"By 30/11/2026 every village has fibre": the village of 05/12 without it does not count, in 2027 either;
    the same target for the year is not met. Before the day it is pending, and says on which day it is judged."""
    for text in ("chỉ tiêu I.1: cáp tối thiểu 100% đến ngày 30/11/2026\n", "target I.1: cáp at least 100% by 2026-11-30\n"):
        v = _at_date(text, VILLAGES)
        assert (v.status, v.value, v.figure("part"), v.figure("whole"), v.period) == (Status.MET, 1, 2, 2, "2026")
        assert v.explain().startswith("Judged on 30/11/2026: the records of its year dated up to that day count.")
        assert v.explain("vi").startswith("Đánh giá tại ngày 30/11/2026: tính các bản ghi trong năm đến hết ngày đó.")
    assert _at_date("chỉ tiêu I.1: cáp tối thiểu 100% trong năm 2026\n", VILLAGES).status is Status.NOT_MET
    on_the_day = _at_date("chỉ tiêu I.1: cáp tối thiểu 100% đến ngày 30/11/2026\n", VILLAGES, as_of=dt.date(2026, 11, 30))
    assert on_the_day.status is Status.MET
    before = _at_date("chỉ tiêu I.1: cáp tối thiểu 100% đến ngày 30/11/2026\n", VILLAGES, as_of=dt.date(2026, 6, 30))
    assert (before.status, before.on_track, before.figure("whole")) == (Status.PENDING, True, 1)
    assert "It is judged on 30/11/2026; so far (to 30/06/2026) 100% ≥ 100%: on track." in before.explain()
    assert "31/12" not in before.explain() + before.explain("vi")


def test_a_count_at_a_date_says_what_is_needed_by_that_day():
    target = "chỉ tiêu I.1: số_cáp tối thiểu 3 đến ngày 30/11/2026\n"
    before = _at_date(target, VILLAGES, as_of=dt.date(2026, 6, 30))
    assert before.status is Status.PENDING and "2 more needed by 30/11/2026" in before.explain()
    assert "cần thêm 2 trước 30/11/2026" in before.explain("vi") and "31/12" not in before.explain()
    assert _at_date(target, VILLAGES).status is Status.NOT_MET  # 2 by the day; the third came on 05/12


def test_a_cut_at_a_date_compares_with_the_previous_year_up_to_the_same_day():
    """3 villages by 30/11/2025 (one more in December), 2 by 30/11/2026: a cut of 1/3, like with like."""
    records = _villages((dt.date(2025, 2, 1), True), (dt.date(2025, 5, 1), True), (dt.date(2025, 11, 30), True),
                        (dt.date(2025, 12, 20), True), (dt.date(2026, 1, 9), True), (dt.date(2026, 11, 1), True),
                        (dt.date(2026, 12, 1), True))
    v = _at_date("chỉ tiêu I.1: giảm_cáp tối thiểu 30% đến ngày 30/11/2026\n", records)
    assert (v.status, v.value, v.figure("baseline"), v.figure("current")) == (Status.MET, Fraction(1, 3), 3, 2)
    assert "against the previous year's up to 30/11/2025" in v.explain()
    before = _at_date("chỉ tiêu I.1: giảm_cáp tối thiểu 30% đến ngày 30/11/2026\n", records, as_of=dt.date(2026, 6, 1))
    assert (before.status, before.value) == (Status.PENDING, None)
    assert "It is judged on 30/11/2026: nothing is compared before then (as of 01/06/2026)." in before.explain()


def test_a_count_for_the_whole_year_is_not_the_state_at_a_date_but_a_count_of_none_is():
    from planrules.facts import model as f

    target = "chỉ tiêu I.1: số_cáp tối thiểu 1 đến ngày 30/11/2026\n"
    whole_year = (f.Count("xã_cáp", 2026, 5, (("có_cáp", True),)),)
    assert _at_date(target, counts=whole_year).status is Status.UNKNOWN
    assert _at_date(target.replace("30/11", "31/12"), counts=whole_year).status is Status.MET
    none = (f.Count("xã_cáp", 2026, 0),)
    v = _at_date(target, counts=none)
    assert (v.status, v.value) == (Status.NOT_MET, 0)


# ------------------------------------------------------------------ the first and last year of a plan in force --

def _in_force(validity: str, target: str, records=(), counts=(), as_of=dt.date(2027, 1, 5)):
    return _at_date(target, records, counts, as_of, header=AT_DATE_KINDS.replace(
        "ngày ban hành: 01/01/2026\n", "ngày ban hành: 01/03/2026\n" + validity))


def test_the_first_year_counts_from_the_effective_date_and_the_last_up_to_the_end_date():
    """Effective 15/05/2026, until 30/09/2026: the village of 01/03 (before) and of 05/12 (after) do not count;
    without a validity the year counts from 1 January, as before."""
    records = _villages((dt.date(2026, 3, 1), False), (dt.date(2026, 6, 30), True), (dt.date(2026, 12, 5), False))
    target = "chỉ tiêu I.1: cáp tối thiểu 100% hằng năm\n"
    v = _in_force("hiệu lực từ: 15/05/2026\nhiệu lực đến: 30/09/2026\n", target, records)
    assert (v.status, v.value, v.figure("whole")) == (Status.MET, 1, 1)
    assert v.explain().startswith("Judged on 30/09/2026, the plan's last day in force: records dated after it do "
                                  "not count. Counted from 15/05/2026, the day the plan takes effect: records of "
                                  "2026 dated before it do not count.")
    assert "Tính từ ngày 15/05/2026, ngày kế hoạch có hiệu lực" in v.explain("vi")
    assert _in_force("", target, records).status is Status.NOT_MET  # 1 of 3, from 1 January
    assert _in_force("hiệu lực từ: 15/05/2026\n", target, records).figure("whole") == 2  # 05/12 counts: no end
    mid = _in_force("hiệu lực đến: 30/09/2026\n", target, records, as_of=dt.date(2026, 7, 1))
    assert mid.status is Status.PENDING and "It is judged on 30/09/2026" in mid.explain()
    assert _in_force("hiệu lực đến: 30/09/2026\n", target, records, as_of=dt.date(2026, 9, 30)).status is \
        Status.NOT_MET  # judged on the end date: 01/03 counts (no effective date), 05/12 has not happened


def test_a_cut_in_the_first_year_compares_the_same_days_of_the_previous_year():
    records = _villages((dt.date(2025, 3, 1), True), (dt.date(2025, 6, 1), True), (dt.date(2025, 7, 1), True),
                        (dt.date(2026, 3, 1), True), (dt.date(2026, 8, 1), True))
    v = _in_force("hiệu lực từ: 15/05/2026\n", "chỉ tiêu I.1: giảm_cáp tối thiểu 50% trong năm 2026\n", records)
    assert (v.status, v.value, v.figure("baseline"), v.figure("current")) == (Status.MET, Fraction(1, 2), 2, 1)
    assert "against the previous year's from 15/05/2025" in v.explain()
    mid = _in_force("hiệu lực từ: 15/05/2026\n", "chỉ tiêu I.1: giảm_cáp tối thiểu 10% trong năm 2026\n", records,
                    as_of=dt.date(2026, 9, 1))
    assert "1 so far, from 15/05/2026 to 01/09/2026, against 2 from 15/05/2025 to 31/12/2025" in mid.explain()


def test_a_target_judged_on_a_day_before_the_plan_is_in_force_has_no_verdict():
    from planrules.facts import model as f

    rules = planrules.compile(planrules.parse(AT_DATE_KINDS.replace("ngày ban hành: 01/01/2026\n",
                                                                    "ngày ban hành: 01/03/2026\n")
                                              + "chỉ tiêu I.1: cáp tối thiểu 100% đến ngày 28/02/2026\n",
                                              source="t.plan"), calendar=planrules.Calendar.plain())
    assert rules.evaluate(f.Facts(units=(f.UnitFacts("u", records=VILLAGES),)), dt.date(2027, 1, 1)).verdicts == ()


def test_a_yearly_target_until_a_year_is_judged_for_no_later_year():
    from planrules.facts import model as f

    for text in ("chỉ tiêu I.1: cáp tối thiểu 100% hằng năm đến năm 2026\n",
                 "target I.1: cáp at least 100% yearly until year 2026\n"):
        rules = planrules.compile(planrules.parse(AT_DATE_KINDS.replace("01/01/2026", "01/03/2025") + text,
                                                  source="t.plan"), calendar=planrules.Calendar.plain())
        report = rules.evaluate(f.Facts(units=(f.UnitFacts("u", records=VILLAGES),)), dt.date(2028, 3, 1))
        assert [v.period for v in report.verdicts] == ["2025", "2026"]


def test_a_yearly_target_with_a_day_is_judged_on_that_day_each_year():
    """"Disbursed by 15/12 each year": the record of 20/12 does not count; before 15/12 it is pending."""
    from planrules.facts import model as f

    records = _villages((dt.date(2026, 3, 1), True), (dt.date(2026, 12, 20), False))
    for text in ("chỉ tiêu I.1: cáp tối thiểu 100% hằng năm đến ngày 15/12\n",
                 "target I.1: cáp at least 100% yearly by 15/12\n"):
        rules = planrules.compile(planrules.parse(AT_DATE_KINDS + text, source="t.plan"),
                                  calendar=planrules.Calendar.plain())
        judged = {v.period: v for v in rules.evaluate(f.Facts(units=(f.UnitFacts("u", records=records),)),
                                                      dt.date(2027, 1, 3)).verdicts}
        assert (judged["2026"].status, judged["2026"].figure("whole")) == (Status.MET, 1)
        assert judged["2026"].explain().startswith("Judged on 15/12/2026:")
        assert judged["2027"].status is Status.PENDING and "It is judged on 15/12/2027" in judged["2027"].explain()


def test_a_yearly_day_before_the_plan_is_in_force_leaves_that_first_year_unjudged():
    from planrules.facts import model as f

    rules = planrules.compile(planrules.parse(AT_DATE_KINDS.replace("01/01/2026", "01/04/2026")
                                              + "chỉ tiêu I.1: cáp tối thiểu 100% hằng năm đến ngày 15/03\n",
                                              source="t.plan"), calendar=planrules.Calendar.plain())
    report = rules.evaluate(f.Facts(units=(f.UnitFacts("u", records=VILLAGES),)), dt.date(2027, 6, 1))
    assert [v.period for v in report.verdicts] == ["2027"]  # 15/03/2026 came before 01/04/2026
