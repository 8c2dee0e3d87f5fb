"""Shared by the SQL differential tests (tests/test_sql.py: DuckDB and Parquet; tests/test_sql_postgres.py:
PostgreSQL): generated plans and facts, and how two reports are compared.

`cases()` draws a plan (targets of every kind: shares with and without
exclusions — the secret documents, "trừ mật" — cuts, counts, per-record caps
"at most" and "at least" (and strict, and ranges, and what nothing to measure means), by category, for a year, every year or no year, running totals (lũy kế), data windows across two years,
plan-wide, for a task's lead or for a scope, with a watcher or not; assessed targets and a share of tasks
completed), facts (`planrules.strategies`: valid facts
with fields left out, undated records, counts standing in for records,
missing baselines, reported values; facts drawn to meet or violate a target,
exactly at its threshold often) and a day to judge on.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import attrs
from hypothesis import strategies as st

import planrules
from planrules.facts import model as f
from planrules.strategies import facts_meeting, facts_violating, valid_facts

PLANS = Path(__file__).parent.parent / "plans"

HEADER = '''kế hoạch: "{number}"
tiêu đề: "{title}"
ngày ban hành: 15/03/2025
đơn vị đv_a: "{label}"
đơn vị đv_b: "B"
nhóm tất_cả: "Tất cả" = tất cả
bản ghi lớp_tập_huấn "{label}" {{
    ngày "Ngày": ngày tháng
    số_người "Số người": số nguyên
    hình_thức "Hình thức": một trong trực_tiếp "{label}", trực_tuyến "Trực tuyến"
    điểm "Điểm": số thập phân
    tỷ_lệ_đạt "Tỷ lệ đạt": phần trăm
    thời_lượng "Thời lượng": số ngày
}}
chỉ số số_người_mỗi_lớp: số_người của mỗi lớp_tập_huấn theo hình_thức
chỉ số số_lớp_tốt: số lượng lớp_tập_huấn có điểm > 5 hoặc hình_thức thuộc (trực_tuyến) trừ tỷ_lệ_đạt < 50%
chỉ số tỷ_lệ_lớp_đạt: tỷ lệ lớp_tập_huấn có tỷ_lệ_đạt ≥ 50% hoặc số_người ≠ 0 trừ hình_thức ≠ trực_tiếp và điểm ≤ 1,5
chỉ số số_lớp_ngắn: số lượng lớp_tập_huấn có (thời_lượng ≤ 1/2 ngày hoặc điểm = 7) và số_người < 20
chỉ số giảm_lớp_tốt: mức giảm số_lớp_tốt so với năm trước
chỉ số số_hn_khác: số lượng hội_nghị có loại thuộc (quán_triệt, chuyên_môn) trừ trực_tuyến
chỉ số số_hn_không_mật: số lượng hội_nghị có loại = quán_triệt trừ trực_tuyến
chỉ số tỷ_lệ_vb_hc: tỷ lệ văn_bản_gửi có điện_tử trừ mật hoặc không điện_tử
chỉ số tỷ_lệ_hn_khác: tỷ lệ hội_nghị có trực_tuyến trừ loại = quan_trọng hoặc loại = chuyên_môn
chỉ số số_hn_qt_tt: số lượng hội_nghị có loại = quán_triệt và không trực_tuyến
chỉ số tỷ_lệ_hn_qt: tỷ lệ hội_nghị có trực_tuyến trừ loại = quan_trọng
chỉ số giảm_hn_qt: mức giảm số_hn_qt_tt so với năm trước
chỉ số tăng_hn_qt: mức tăng số_hn_qt_tt so với năm trước
chỉ số tăng_hn_2024: mức tăng số lượng hội_nghị có trực_tuyến so với năm 2024
chỉ số giảm_hn_2024: mức giảm số_hội_nghị so với năm 2024
chỉ số tăng_tỷ_lệ_tt: mức tăng tỷ_lệ_hội_nghị_trực_tuyến so với năm trước
chỉ số giảm_tỷ_lệ_qt: mức giảm tỷ_lệ_hn_qt so với năm 2024
chỉ số bình_quân_hn: tăng trưởng bình quân số_hội_nghị
chỉ số tổng_người: tổng số_người của lớp_tập_huấn có hình_thức = trực_tuyến
chỉ số tỷ_số_người: tỷ số tổng_người trên (số lượng hội_nghị có trực_tuyến)
chỉ số tỷ_trọng: số liệu báo cáo tính bằng %
chỉ số băng_thông: số liệu báo cáo tính bằng "Tbps"
chỉ số tỷ_số_băng_thông: tỷ số băng_thông trên (tổng số_người của lớp_tập_huấn)
chỉ số tăng_tổng_người: mức tăng tổng_người so với năm trước
chỉ số giảm_tổng_điểm: mức giảm tổng điểm của lớp_tập_huấn so với năm 2024
chỉ số tăng_tỷ_trọng: mức tăng tỷ_trọng so với năm trước
chỉ số giảm_băng_thông: mức giảm băng_thông so với năm 2024
chỉ số tăng_tỷ_số_người: mức tăng tỷ_số_người so với năm trước
chỉ số bình_quân_băng_thông: tăng trưởng bình quân băng_thông
'''

# a target judged at a date (`đến ngày`) counts its year's records up to that day; a cut, the previous year's
# up to the same day
PERIODS = ("", " hằng năm", " trong năm 2025", " trong năm 2026", " đến ngày 30/06/2026", " đến 15/11/2025",
           " hằng năm đến ngày 30/06",
           " hằng năm đến năm 2025")
# in force from the date of issue for ever, or from a later (or earlier) day, or until an end date
VALIDITY = ("", "hiệu lực từ: 01/07/2025\n", "hiệu lực từ: 01/01/2025\n", "hiệu lực đến: 31/12/2025\n",
            "hiệu lực từ: 10/02/2026\nhiệu lực đến: 30/09/2026\n")
PERCENTS = ("0%", "50%", "60%", "100%", "33,33%")
# who a target binds (phạm vi) and who monitors it (theo dõi): one unit, both, every unit, a group of every unit
SCOPES = (" phạm vi: đv_b", " phạm vi: đv_a, đv_b", " phạm vi: toàn địa bàn theo dõi: đv_a",
          " phạm vi: tất_cả", " theo dõi: đv_b phạm vi: đv_a")
# strict comparators and ranges (language/bounds.py), on every kind of measure
BOUNDS = st.one_of(
    st.builds("tỷ_lệ_hội_nghị_trực_tuyến {} {}".format, st.sampled_from(("trên", "dưới")), st.sampled_from(PERCENTS)),
    st.builds("tỷ_lệ_hn_qt {}".format, st.sampled_from(("từ 40% đến 60%", "50–50%", "0%-100%", "từ 33,33 đến 50%"))),
    st.builds("giảm_hội_nghị {} {}".format, st.sampled_from(("trên", "dưới", ">", "<")),
              st.sampled_from(("10%", "0%", "50%"))),
    st.builds("giảm_hn_qt {}".format, st.sampled_from(("từ 10% đến 25%", "0%–50%"))),
    st.builds("số_hội_nghị {} {}".format, st.sampled_from(("dưới", "trên", "<", ">")), st.sampled_from(("0", "3", "10"))),
    st.builds("số_hn_qt_tt {}".format, st.sampled_from(("từ 1 đến 2", "2-2", "0–3"))),
    st.builds("thời_lượng_hội_nghị({}) {}".format, st.sampled_from(("quán_triệt", "chuyên_môn", "quan_trọng")),
              st.sampled_from(("dưới 1 ngày", "trên 1/2 ngày", "từ 1/2 đến 1 ngày", "1–1,5 ngày"))),
    st.builds("số_người_mỗi_lớp({}) {}".format, st.sampled_from(("trực_tiếp", "trực_tuyến")),
              st.sampled_from(("trên 5", "dưới 30", "từ 5 đến 30", "0-5"))),
)
# what nothing to measure means (a share of none, a cap on none, a cut from 0 to 0)
WHEN_NONE = ("", "", " nếu không phát sinh: đạt", " nếu không phát sinh: không áp dụng")
TARGETS = st.one_of(
    st.builds("tỷ_lệ_hội_nghị_trực_tuyến tối thiểu {}".format, st.sampled_from(PERCENTS)),
    st.builds("tỷ_lệ_văn_bản_điện_tử tối thiểu {}".format, st.sampled_from(PERCENTS)),
    st.builds("tỷ_lệ_đào_tạo_kỹ_năng_số tối thiểu {}".format, st.sampled_from(PERCENTS)),
    st.builds("tỷ_lệ_hn_qt tối thiểu {}".format, st.sampled_from(PERCENTS)),
    st.builds("giảm_hội_nghị tối thiểu {}".format, st.sampled_from(("10%", "0%", "50%"))),
    st.builds("giảm_văn_bản_hành_chính tối thiểu {}".format, st.sampled_from(("15%", "100%"))),
    st.builds("giảm_hn_qt tối thiểu {}".format, st.sampled_from(("10%", "25%"))),
    st.builds("số_hội_nghị không quá {}".format, st.sampled_from(("0", "3", "10"))),
    st.builds("số_hn_qt_tt tối thiểu {}".format, st.sampled_from(("0", "1", "2"))),
    # growth, a fixed base year, the change of a share in percentage points
    st.builds("{} {} {}".format, st.sampled_from(("tăng_hn_qt", "tăng_hn_2024", "giảm_hn_2024")),
              st.sampled_from(("tối thiểu", "không quá")), st.sampled_from(("0%", "10%", "50%"))),
    st.builds("{} {} {}".format, st.sampled_from(("tăng_tỷ_lệ_tt", "giảm_tỷ_lệ_qt")),
              st.sampled_from(("tối thiểu", "không quá")), st.sampled_from(("0 điểm %", "5 điểm %", "1/3 điểm %"))),
    st.builds("thời_lượng_hội_nghị({}) không quá {} ngày".format,
              st.sampled_from(("quán_triệt", "chuyên_môn", "quan_trọng")), st.sampled_from(("1/2", "1", "1,5"))),
    st.builds("số_lớp_tốt {} {}".format, st.sampled_from(("tối thiểu", "không quá")), st.sampled_from(("0", "1", "3"))),
    st.builds("tỷ_lệ_lớp_đạt {} {}".format, st.sampled_from(("tối thiểu", "không quá")), st.sampled_from(PERCENTS)),
    st.builds("số_lớp_ngắn tối thiểu {}".format, st.sampled_from(("0", "1", "2"))),
    st.builds("giảm_lớp_tốt tối thiểu {}".format, st.sampled_from(("10%", "50%"))),
    st.builds("số_hn_khác không quá {}".format, st.sampled_from(("0", "2"))),
    st.builds("số_hn_không_mật tối thiểu {}".format, st.sampled_from(("0", "1", "2"))),
    st.builds("tỷ_lệ_vb_hc tối thiểu {}".format, st.sampled_from(PERCENTS)),
    st.builds("tỷ_lệ_hn_khác tối thiểu {}".format, st.sampled_from(PERCENTS)),
    st.builds("số_người_mỗi_lớp({}) {} {}".format, st.sampled_from(("trực_tiếp", "trực_tuyến")),
              st.sampled_from(("tối thiểu", "không quá")), st.sampled_from(("0", "5", "30"))),
    BOUNDS,
    # sums, ratios (past 100% too) and reported figures (issue 18)
    st.builds("tổng_người {} {}".format, st.sampled_from(("tối thiểu", "không quá")), st.sampled_from(("0", "5", "30"))),
    st.builds("tỷ_số_người {} {}".format, st.sampled_from(("tối thiểu", "không quá")),
              st.sampled_from(("0%", "150%", "1000%"))),
    st.builds("tỷ_trọng {} {}".format, st.sampled_from(("tối thiểu", "không quá")), st.sampled_from(PERCENTS)),
    st.builds("băng_thông tối thiểu {}".format, st.sampled_from(("12", "1,5"))),
    st.builds("tỷ_số_băng_thông không quá {}".format, st.sampled_from(("10%", "200%"))),
    # the change of a sum, a reported figure, a ratio (in % of the base year, or in points)
    st.builds("{} {} {}".format, st.sampled_from(("tăng_tổng_người", "giảm_tổng_điểm", "giảm_băng_thông")),
              st.sampled_from(("tối thiểu", "không quá")), st.sampled_from(("0%", "10%", "50%"))),
    st.builds("{} {} {}".format, st.sampled_from(("tăng_tỷ_trọng", "tăng_tỷ_số_người")),
              st.sampled_from(("trên", "không quá")), st.sampled_from(("0 điểm %", "5 điểm %"))),
)

# a running total (lũy kế) of a count or a share of dated records, from the plan's start, a year or a day
CUMULATIVE = (" lũy kế", " lũy kế hằng năm", " lũy kế đến năm 2026", " lũy kế từ năm 2024 hằng năm",
              " lũy kế từ ngày 01/06/2025 đến ngày 30/06/2026", " lũy kế từ năm 2026",
              " lũy kế hằng năm số liệu từ ngày 15/12 năm trước đến ngày 14/12")
# each year's data from a day of the year before (a reporting year across two calendar years)
WINDOWED = (" hằng năm số liệu từ ngày 15/12 năm trước đến ngày 14/12",
            " trong năm 2026 số liệu từ ngày 01/10 năm trước đến ngày 30/09",
            " số liệu từ ngày 01/03 năm trước đến ngày 28/02")
SUMMED = st.one_of(
    st.builds("số_lớp_tốt tối thiểu {}".format, st.sampled_from(("0", "2"))),
    st.builds("tỷ_lệ_hội_nghị_trực_tuyến tối thiểu {}".format, st.sampled_from(PERCENTS)),
    st.builds("tỷ_lệ_hn_qt tối thiểu {}".format, st.sampled_from(PERCENTS)),
    st.builds("số_hội_nghị không quá {}".format, st.sampled_from(("0", "3", "10"))),
    st.builds("số_hn_qt_tt tối thiểu {}".format, st.sampled_from(("0", "1", "2"))),
    st.builds("tổng_người tối thiểu {}".format, st.sampled_from(("0", "5", "30"))),
    st.builds("tỷ_số_người tối thiểu {}".format, st.sampled_from(("50%", "150%"))),
)

# average yearly growth: judged over its span, from the year before it
AVERAGE = st.builds("{} {} {}".format, st.sampled_from(("bình_quân_hn", "bình_quân_băng_thông")),
                    st.sampled_from(("tối thiểu", "không quá")), st.sampled_from(("0%", "8%", "12,5%")))


@st.composite
def plan_texts(draw, number="9/KH-SQL", title="Kiểm thử", label="Lớp", targets=None) -> str:
    """A plan on `HEADER`'s vocabulary with targets drawn from `targets` (every kind: `TARGETS`)."""
    TARGETS = targets if targets is not None else globals()["TARGETS"]  # noqa: N806 - the module's, or those given
    text = HEADER.format(number=number, title=title, label=label)
    text = text.replace("ngày ban hành: 15/03/2025\n", "ngày ban hành: 15/03/2025\n" + draw(st.sampled_from(VALIDITY)))
    for target in draw(st.lists(TARGETS, min_size=1, max_size=5)):
        text += f"chỉ tiêu: {target}{draw(st.sampled_from(PERIODS))}{draw(st.sampled_from(WHEN_NONE))}\n"
    for i, target in enumerate(draw(st.lists(TARGETS, max_size=2)), start=1):
        text += (f'nhiệm vụ TT {i} {{\n    nội dung: "{label}"\n    chủ trì: {draw(st.sampled_from(["đv_a", "tất_cả"]))}\n'
                 f"    chỉ tiêu: {target}{draw(st.sampled_from(PERIODS))}\n}}\n")
    for target in draw(st.lists(SUMMED, max_size=2)):  # running totals
        text += f"chỉ tiêu: {target}{draw(st.sampled_from(CUMULATIVE))}\n"
    for target in draw(st.lists(TARGETS, max_size=2)):  # data windows
        text += f"chỉ tiêu: {target}{draw(st.sampled_from(WINDOWED))}\n"
    for target in draw(st.lists(AVERAGE, max_size=2)):  # average growth over a span
        text += f"chỉ tiêu: {target} giai đoạn {draw(st.sampled_from(('2025-2026', '2026-2027', '2025-2027')))}\n"
    for target in draw(st.lists(TARGETS, max_size=2)):  # scoped targets
        text += f"chỉ tiêu: {target}{draw(st.sampled_from(PERIODS))}{draw(st.sampled_from(SCOPES))}{draw(st.sampled_from(WHEN_NONE))}\n"
    for i in range(1, draw(st.integers(0, 2)) + 1):  # assessed targets, by one unit or either
        text += (f'chỉ tiêu III.{i}: "Mục tiêu {i}" đánh giá bởi: {draw(st.sampled_from(["đv_a", "đv_b", "đv_a, đv_b"]))}'
                 f"{draw(st.sampled_from(PERIODS))}{draw(st.sampled_from(('', *SCOPES)))}\n")
    if draw(st.booleans()):  # a share of the tasks completed (on time), over the task's own deadlines
        text += (f'nhiệm vụ TT 9 {{\n    nội dung: "{label}"\n    chủ trì: đv_a, đv_b {draw(st.sampled_from(["chung", "mỗi đơn vị"]))}\n'
                 f"    thời hạn: {draw(st.sampled_from(['hằng quý', 'trước ngày 01/10/2025', 'hằng năm']))}\n"
                 f"    chỉ tiêu: (tỷ lệ nhiệm vụ hoàn thành{draw(st.sampled_from(['', ' đúng hạn']))}) "
                 f"{draw(st.sampled_from(['tối thiểu 50%', 'trên 0%', 'từ 25% đến 75%']))}{draw(st.sampled_from(PERIODS))}\n}}\n")
    return text


def compile_text(text: str) -> planrules.RuleSet:
    return planrules.compile(planrules.parse(text, source="sql.plan"), calendar=planrules.Calendar.plain())


def storable(facts: f.Facts) -> f.Facts:
    """Facts whose numbers of days have at most six decimals (thirds become quarters), as a DECIMAL column holds."""

    def fix(value):
        if isinstance(value, Fraction) and (value * 10**6).denominator != 1:
            return Fraction(value.numerator, 4)
        return value

    units = tuple(attrs.evolve(u, records=tuple(
        attrs.evolve(r, values=tuple((k, fix(v)) for k, v in r.values)) for r in u.records)) for u in facts.units)
    return attrs.evolve(facts, units=units)


@st.composite
def cases(draw, targets=None):
    """A plan, facts and a day: valid facts of the plan, or facts drawn to meet or violate one of its targets
    (then judged at the end of that target's year, or a day before it, most often); its targets from `targets`
    (None: every kind)."""
    rules = compile_text(draw(plan_texts(targets=targets)))
    standalone = [r for r in rules.metric_rules if r.leads is None]
    days = st.one_of(st.sampled_from([dt.date(2025, 12, 31), dt.date(2026, 12, 30), dt.date(2026, 12, 31),
                                      dt.date(2027, 6, 1)]), st.dates(dt.date(2025, 1, 1), dt.date(2028, 1, 1)))
    kit = draw(st.sampled_from([None, facts_meeting, facts_violating])) if standalone else None
    if kit is not None:
        rule = draw(st.sampled_from(standalone))
        year = rule.year or draw(st.sampled_from([2025, 2026]))
        try:
            facts = draw(kit(rule, rules=rules, year=year))
            ends = [rule.at, rule.at - dt.timedelta(days=1)] if rule.at else [dt.date(year, 12, 31), dt.date(year, 12, 30)]
            days = st.one_of(st.sampled_from(ends), days)
        except ValueError:  # a target that cannot be violated (at least 0%)
            kit = None
    if kit is None:
        facts = draw(valid_facts(rules, years=(2024, 2027)))
    return rules, storable(facts), draw(days)


def key(verdict):
    return (verdict.unit, verdict.rule, verdict.period, verdict.status, verdict.value, verdict.figures,
            verdict.on_track, verdict.kind, tuple((v.value, v.limit, v.category) for v in verdict.violations),
            verdict.monitored_by)


def same_meaning(sql_report, python_report) -> None:
    assert sorted(map(key, sql_report.verdicts), key=repr) == sorted(map(key, python_report.verdicts), key=repr)


def check_both_paths(rules, facts, as_of, source) -> None:
    sql = rules.evaluate(source, as_of)
    read = source.facts(rules.vocabulary)
    assert sql == rules.evaluate(read, as_of)  # identical, explanations and record names included
    same_meaning(sql, rules.evaluate(facts, as_of))


def _same_facts(read: f.Facts, facts: f.Facts) -> None:
    """What a table holds is what was written: every unit, record, count, value, delivery and event."""
    def unit(u):
        return (u.name, tuple(sorted(u.member_of)), sorted(map(_record, u.records), key=repr),
                sorted(u.counts, key=repr), sorted(u.values, key=repr), sorted(u.deliveries, key=repr))
    assert sorted(map(unit, read.units), key=repr) == sorted(map(unit, facts.units), key=repr)
    assert sorted(read.events, key=repr) == sorted(facts.events, key=repr)
    assert read.period == facts.period


def _record(r: f.Record):
    return (r.kind, r.id, r.date, tuple(sorted(r.values, key=repr)))



HOSTILE = "x'; DROP TABLE \"hội_nghị\"; --"


def _hostile_facts(rules) -> f.Facts:
    day = dt.date(2026, 3, 2)
    conf = [f.Record("hội_nghị", (("ngày", day), ("loại", "quán_triệt"), ("trực_tuyến", i % 2 == 0),
                                  ("thời_lượng", Fraction(i, 2))), id=f"{HOSTILE}{i}", date=day) for i in range(4)]
    conf.append(f.Record("hội_nghị", (("ngày", day), ("loại", "quán_triệt"), ("thời_lượng", Fraction(3))),
                         id="'", date=day))
    classes = [f.Record("lớp_tập_huấn", (("ngày", day), ("số_người", n), ("hình_thức", "trực_tiếp")),
                        id=f'"{n}"; DROP TABLE units; --', date=day) for n in (3, 7)]
    reports = [f.Record("báo_cáo", (("kỳ", HOSTILE), ("ngày_gửi", day), ("nơi_nhận", HOSTILE)), id=None, date=day)]
    unit = f.UnitFacts("đv_a", (), tuple(conf + classes + reports),
                       (f.Count("hội_nghị", 2025, 9), f.Count("hội_nghị", 2025, 2, (("loại", "quán_triệt"),))))
    return f.Facts((unit, f.UnitFacts("đv_b")), ())
