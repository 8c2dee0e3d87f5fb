"""Reports: the data mapping and its TOML and JSON round trips, Markdown and terminal text.

The explanation templates used here are test-only ("test_" keys), registered
into the evaluation catalogue for this module and removed after it.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import tomllib
import unicodedata
from fractions import Fraction as F

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planrules.reports import data as R
from planrules.reports.markdown import rollup_to_markdown, to_markdown
from planrules.reports.phrases import heading, status_text, word
from planrules.reports.render import FORMATS, render
from planrules.reports.text import MIN_WIDTH, _summary_lines, rollup_to_text, text_width, to_text
from planrules.language.model import Comparator, Quantity, QuantityUnit, SourceRef, WhenNone
from planrules.evaluation.messages import MESSAGES as EVALUATION_MESSAGES
from planrules.evaluation.verdicts import (
    ClauseText,
    Explanation,
    Figure,
    Report,
    RuleKind,
    Status,
    Verdict,
    Violation,
    measure_key,
    show,
)

TEMPLATES = {
    "test_share": (
        "{online} of {total} conferences were online ({share}), below the {threshold} target set for the year.",
        "{online} trên {total} hội nghị được tổ chức trực tuyến ({share}), "
        "thấp hơn mục tiêu {threshold} đề ra cho năm.",
    ),
    "test_cap": (
        "{count} {kind} conferences lasted longer than {limit}.",
        "{count} hội nghị {kind} kéo dài quá {limit}.",
    ),
    "test_deadline": (
        "The report is due on {due}; nothing has been delivered yet.",
        "Báo cáo phải nộp trước ngày {due}; hiện chưa nộp.",
    ),
    "test_words": ("{text}", "{text}"),
}


@pytest.fixture(autouse=True, scope="module")
def test_templates():
    added = {key: value for key, value in TEMPLATES.items() if key not in EVALUATION_MESSAGES}
    EVALUATION_MESSAGES.update(added)
    yield
    for key in added:
        del EVALUATION_MESSAGES[key]


# ------------------------------------------------------------ a sample --

PLAN = "104/KH-UBND"
VP = "Văn phòng HĐND - UBND xã"
VHXH = "Phòng Văn hóa - Xã hội"
TTHC = "Trung tâm phục vụ hành chính công"
CHI_BO = "Chi bộ Trung tâm Lưu trữ quốc gia I"  # not in the report's units

SHARE = Verdict(
    PLAN,
    VP,
    "II.4-3#1",
    RuleKind.SHARE,
    Status.NOT_MET,
    clause="II.4-3 Tổ chức hội nghị trực tuyến",
    period="2026",
    value=F(11, 20),
    value_unit=QuantityUnit.PERCENT,
    comparator=Comparator.AT_LEAST,
    threshold=Quantity(F(60), QuantityUnit.PERCENT),
    metric="tỷ_lệ_hội_nghị_trực_tuyến",
    figures=(Figure("trực_tuyến", 11), Figure("tổng", 20)),
    records=("hn-01", "hn-02"),
    explanation=(Explanation.of("test_share", online=11, total=20, share="55%", threshold="60%"),),
    inherited_from="10-KH/ĐU",
    source=SourceRef(120, 124),
    document="002_fd3af5f17558bdc9.txt",
    at="plans/vu-duong.plan:41:5",
)
CAP = Verdict(
    PLAN,
    VP,
    "II.4-4#1",
    RuleKind.CAP,
    Status.NOT_MET,
    clause="II.4-4 Thời gian hội nghị | quán triệt",
    period="2026",
    value=F(1),
    value_unit=QuantityUnit.DAYS,
    comparator=Comparator.AT_MOST,
    threshold=Quantity(F(1, 2), QuantityUnit.DAYS),
    category="quán_triệt",
    violations=(
        Violation("hn-07", F(1), F(1, 2), "quán_triệt", "facts.toml:12"),
        Violation("hn-09", F(3, 2), F(1, 2)),
    ),
    explanation=(
        Explanation.of("test_cap", count=2, kind=("briefing", "quán triệt"), limit=("1/2 day", "1/2 ngày")),
    ),
)
CUT = Verdict(
    PLAN,
    VHXH,
    "II.3#1",
    RuleKind.CUT,
    Status.MET,
    clause="II.3 Giảm số lượng hội nghị",
    period="2026",
    value=F(1, 8),
    value_unit=QuantityUnit.PERCENT,
    comparator=Comparator.AT_LEAST,
    threshold=Quantity(F(10), QuantityUnit.PERCENT),
)
DEADLINE = Verdict(
    PLAN,
    VHXH,
    "III.1.b@12",
    RuleKind.DEADLINE,
    Status.PENDING,
    clause="III.1.b Báo cáo kết quả thực hiện",
    period="12/2026",
    on_track=True,
    due=dt.date(2027, 1, 25),
    last_day=dt.date(2027, 1, 24),
    explanation=(Explanation.of("test_deadline", due="25/01/2027"),),
)
COUNT = Verdict(
    PLAN,
    VHXH,
    "II.2#1",
    RuleKind.COUNT,
    Status.UNKNOWN,
    period="2026",
    comparator=Comparator.AT_LEAST,
    threshold=Quantity(F(30)),
)
AFTER_EVENT = Verdict(
    PLAN,
    TTHC,
    "V.1@1",
    RuleKind.DEADLINE,
    Status.NOT_APPLICABLE,
    clause="V.1 Sau khi có chỉ đạo của tỉnh",
)
DELIVERED = Verdict(
    PLAN,
    CHI_BO,
    "I.2@1",
    RuleKind.DEADLINE,
    Status.MET,
    clause="I.2 Xây dựng kế hoạch",
    due=dt.date(2026, 5, 15),
    last_day=dt.date(2026, 5, 14),
    delivered=dt.date(2026, 5, 10),
    inherited_from="10-KH/ĐU",
)

SAMPLE = Report(
    PLAN,
    dt.date(2026, 12, 31),
    (SHARE, CAP, CUT, DEADLINE, COUNT, AFTER_EVENT, DELIVERED),
    title="Kế hoạch thực hiện \"chuyển đổi số\" năm 2026",
    units=(VP, VHXH, TTHC),
)
VIETNAMESE = (VP, VHXH, TTHC, CHI_BO, *(v.clause for v in SAMPLE.verdicts if v.clause))


def cols(text: str) -> int:
    """Terminal columns, measured independently of the module: wide characters two, combining none."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text
    )


def md_cells(line: str) -> list[str]:
    """The cells of a Markdown table row, splitting on pipes that are not escaped."""
    assert line.startswith("|") and line.endswith("|"), line
    cells, cell, i = [], "", 1
    body = line[1:-1]
    while i <= len(body):
        c = body[i - 1]
        if c == "\\" and i < len(body):
            cell += c + body[i]
            i += 2
            continue
        if c == "|":
            cells.append(cell)
            cell = ""
        else:
            cell += c
        i += 1
    cells.append(cell)
    return [c.strip() for c in cells]


def md_tables(text: str) -> list[list[list[str]]]:
    tables, current = [], []
    for line in text.split("\n"):  # Markdown's line ends, not str.splitlines's (\x1e, \x85, \u2028)
        if line.startswith("|"):
            current.append(md_cells(line))
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def flowing(text: str) -> str:
    """The text with its line breaks and indents folded to single spaces (to find wrapped sentences)."""
    return " ".join(text.split())


# ------------------------------------------------------------- summary --


# Kinds the sample leaves out, each in a report of its own (its counts would change every summary above).
ASSESSED = Verdict(PLAN, VP, "II.2#1", RuleKind.ASSESSED, Status.MET, clause="II.2", period="2026",
                   explanation=(Explanation.of("assessed_met", text="Nền tảng số", year=2026, assessor="stt",
                                               date="20/12/2026", origin="f.toml:1"),))
TASKS = Verdict(PLAN, VP, "TT 1#1", RuleKind.TASKS, Status.NOT_MET, clause="TT 1", period="2026", value=F(1, 2),
                value_unit=QuantityUnit.PERCENT, comparator=Comparator.AT_LEAST, threshold=Quantity(F(90), QuantityUnit.PERCENT),
                figures=(Figure("part", 2), Figure("whole", 4)))
GROWTH = Verdict(PLAN, VP, "TT 2#1", RuleKind.GROWTH, Status.MET, clause="TT 2", period="2026", value=F(1, 20),
                 value_unit=QuantityUnit.POINTS, comparator=Comparator.AT_LEAST,
                 threshold=Quantity(F(5), QuantityUnit.POINTS), figures=(
                     Figure("baseline_part", 20), Figure("baseline_whole", 40), Figure("part", 22),
                     Figure("whole", 40)))
AVERAGE = Verdict(PLAN, VP, "TT 3#1", RuleKind.AVERAGE_GROWTH, Status.NOT_MET, clause="TT 3", period="2021-2025",
                  value=F(77, 1000), value_unit=QuantityUnit.PERCENT, comparator=Comparator.AT_LEAST,
                  threshold=Quantity(F(8), QuantityUnit.PERCENT),
                  figures=(Figure("baseline", 40), Figure("current", 58), Figure("base_year", 2020)))
MORE = Report(PLAN, dt.date(2026, 12, 31), (ASSESSED, TASKS, GROWTH, AVERAGE), units=(VP,))

FIGURES = (  # issue 18: a reported figure in a named unit, a sum, a ratio past 100%
    attrs.evolve(COUNT, rule="III.1#1", kind=RuleKind.REPORTED, status=Status.MET, value=F(13), value_label="Tbps",
                 threshold=Quantity(F(12)), figures=(Figure("reported", F(13)),)),
    attrs.evolve(COUNT, rule="III.2#1", kind=RuleKind.SUM, status=Status.NOT_MET, value=F(29, 2),
                 figures=(Figure("total", F(29, 2)), Figure("records", 2))),
    attrs.evolve(COUNT, rule="III.3#1", kind=RuleKind.RATIO, status=Status.MET, value=F(5, 4),
                 value_unit=QuantityUnit.PERCENT, threshold=Quantity(F(95), QuantityUnit.PERCENT),
                 figures=(Figure("numerator", 150), Figure("denominator", 120))),
)


def test_sample_covers_every_status_and_kind():
    assert {v.status for v in SAMPLE.verdicts} == set(Status)
    assert {v.kind for v in SAMPLE.verdicts + MORE.verdicts + FIGURES} == set(RuleKind)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_other_kinds_render_in_every_format_and_read_back(fmt):
    for lang in ("en", "vi"):
        text = render(MORE, fmt, lang)
        assert ("Nền tảng số" in text) and ("50%" in text or "1/2" in text or fmt in ("toml", "json"))
        if fmt not in ("toml", "json"):  # a share's change in points, an average growth in %
            assert ("5 points" if lang == "en" else "5 điểm %") in text and ("7.7%" if lang == "en" else "7,7%") in text
    assert R.report_from_dict(R.report_to_dict(MORE)) == MORE


def test_figures_sums_and_ratios_are_shown_in_their_unit_and_read_back():
    report = Report(PLAN, dt.date(2026, 12, 31), FIGURES, units=(VHXH,))
    assert R.from_json(R.to_json(report)) == report and R.from_toml(R.to_toml(report)) == report
    text = render(report, "text")
    assert "13 Tbps ≥ 12 Tbps" in text and "14.5, needs ≥ 30" in text and "125% ≥ 95%" in text
    assert R.report_to_dict(report)["verdicts"][0]["value_display"] == "13 Tbps"


def test_summary_counts_per_unit_and_in_total():
    summary = R.report_to_dict(SAMPLE)["summary"]
    rows = {row["unit"]: row for row in summary["units"]}
    assert list(rows) == [VP, VHXH, TTHC, CHI_BO]
    counts = ("met", "not_met", "pending", "unknown", "not_applicable", "total")
    assert rows[VP] == {"unit": VP, **dict(zip(counts, (0, 2, 0, 0, 0, 2)))}
    assert rows[VHXH] == {"unit": VHXH, **dict(zip(counts, (1, 0, 1, 1, 0, 3)))}
    assert rows[TTHC]["not_applicable"] == 1 and rows[TTHC]["total"] == 1
    # a unit that `units` does not list still has its row, so the rows add up to the totals
    assert rows[CHI_BO]["met"] == 1
    assert summary["total"] == {"met": 2, "not_met": 2, "pending": 1, "unknown": 1, "not_applicable": 1, "total": 7}
    for status in Status:
        assert sum(row[status.value] for row in rows.values()) == summary["total"][status.value]
        assert summary["total"][status.value] == SAMPLE.totals()[status]
    for unit, counts in SAMPLE.summary().items():
        assert {s.value: n for s, n in counts.items()} == {s.value: rows[unit][s.value] for s in Status}


def test_summary_of_a_report_without_verdicts():
    empty = Report(PLAN, dt.date(2026, 6, 30), (), units=(VP,))
    data = R.report_to_dict(empty)
    assert data["summary"]["units"] == [{"unit": VP, **{s.value: 0 for s in Status}, "total": 0}]
    assert R.report_from_dict(data) == empty
    for lang in ("en", "vi"):
        assert word("no_verdicts_listed", lang) in to_text(empty, lang)
        assert word("no_verdicts_listed", lang) in to_markdown(empty, lang)


# ---------------------------------------------------------- data mapping --


def test_dict_round_trip_and_its_shape():
    data = R.report_to_dict(SAMPLE)
    assert R.report_from_dict(data) == SAMPLE
    assert data["as_of"] == dt.date(2026, 12, 31)
    share = data["verdicts"][0]
    assert share["kind"] == "share" and share["status"] == "not_met"
    assert share["value"] == "11/20" and share["value_unit"] == "%" and share["comparator"] == ">="
    assert share["threshold"] == {"value": "60", "unit": "%"}
    assert share["figures"] == [{"name": "trực_tuyến", "value": 11}, {"name": "tổng", "value": 20}]
    assert share["explanation"] == [
        {"key": "test_share", "args": {"online": "11", "share": "55%", "threshold": "60%", "total": "20"}}
    ]
    assert share["explanation_en"] == SHARE.explain("en")
    assert share["explanation_vi"] == SHARE.explain("vi")
    assert share["value_display"] == "55%" and share["threshold_display"] == "≥ 60%"
    assert share["source"] == {"first": 120, "last": 124}
    cap = data["verdicts"][1]
    assert cap["explanation"][0]["args"]["kind"] == ["briefing", "quán triệt"]
    assert cap["violations"][1] == {"record": "hn-09", "value": "3/2", "limit": "1/2"}
    # None and empty values are left out (TOML has no null)
    count = data["verdicts"][4]
    assert set(count) == {
        *("plan", "unit", "rule", "kind", "status", "period", "comparator", "threshold", "threshold_display")
    }
    assert count["threshold"] == {"value": "30"}


def test_every_verdict_field_is_written():
    """A field added to `Verdict` must be added to the mapping too: this lists what a full verdict writes."""
    full = attrs.evolve(SHARE, category="c", label="l", on_track=False, due=dt.date(2026, 1, 1),
                        last_day=dt.date(2026, 1, 1),
                        delivered=dt.date(2026, 1, 2), violations=CAP.violations, monitored_by=("bnv",),
                        leads=("a", "b"), answered_by=("b",), days_late=3, comparator=Comparator.BETWEEN,
                        upper=Quantity(F(80), QuantityUnit.PERCENT), when_none=WhenNone.MET,
                        value_label="Tbps")
    written = set(R.report_to_dict(Report(PLAN, dt.date(2026, 1, 1), (full,)))["verdicts"][0])
    derived = {"value_display", "threshold_display", "explanation_en", "explanation_vi"}
    assert written - derived == {f.name for f in attrs.fields(Verdict)}
    labelled = attrs.evolve(SAMPLE, labels=((SAMPLE.verdicts[0].unit, "Văn phòng HĐND - UBND xã"),),
                            metric_labels=(("m", "Tỷ lệ"),), clause_texts=(ClauseText("I.2", "Xây dựng kế hoạch"),),
                            event_labels=(("chỉ_đạo", "có văn bản chỉ đạo"),),
                            record_labels=(("hội_nghị", "", "", "Hội nghị"), ("hội_nghị", "loại", "", "Loại"),
                                           ("hội_nghị", "loại", "quán_triệt", "Quán triệt")))
    assert {f.name for f in attrs.fields(Report)} <= set(R.report_to_dict(labelled)) | {"verdicts"}
    assert R.from_json(R.to_json(labelled)) == labelled == R.from_toml(R.to_toml(labelled))
    clause = ClauseText("534/QĐ-TTg:#3", "chỉ tiêu: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 95% hằng năm", "534/QĐ-TTg",
                        "plans/quoc-gia/qd-534-ttg.plan", 29, SourceRef(31, 31, "002_fd3af5f17558bdc9.txt"))
    quoted = R.report_to_dict(attrs.evolve(SAMPLE, clause_texts=(clause,)))["clause_texts"]
    assert [set(c) for c in quoted] == [{f.name for f in attrs.fields(ClauseText)}]
    assert R.from_json(R.to_json(attrs.evolve(SAMPLE, clause_texts=(clause,)))).clause_texts == (clause,)


def test_a_units_label_is_shown_for_it_and_its_name_kept_in_the_data():
    """A unit with a label is shown by its label in text and Markdown (its heading and its row of the summary),
    its name nowhere there; TOML and JSON carry name and label, read back losslessly. Without a label, the name
    is what the plan calls it, and is shown."""
    unit = SAMPLE.verdicts[0].unit
    labelled = attrs.evolve(SAMPLE, labels=((unit, "Xã Vũ Dương"),))
    text, md = to_text(labelled), render(labelled, "md", "en")
    assert "\nXã Vũ Dương\n===========\n" in text and "\n## Xã Vũ Dương\n" in md
    assert re.search(r"^Xã Vũ Dương +\d", text, re.M) and "| Xã Vũ Dương |" in md  # its row of the summary
    assert unit not in text and unit not in md
    assert f"\n{unit}\n" in to_text(SAMPLE) and f"## {unit}\n" in render(SAMPLE, "md", "en")
    assert R.from_json(R.to_json(labelled)) == labelled and R.from_toml(R.to_toml(labelled)) == labelled
    assert R.from_json(R.to_json(labelled)).labels == ((unit, "Xã Vũ Dương"),)
    assert R.report_to_dict(labelled)["verdicts"][0]["unit"] == unit


def test_explanation_args_out_of_order_are_kept_in_order():
    odd = Explanation("test_words", (("text", "b"), ("a", ("x", "y")), ("text", "c")))
    report = Report(PLAN, dt.date(2026, 1, 1), (attrs.evolve(COUNT, explanation=(odd,)),))
    data = R.report_to_dict(report)
    assert data["verdicts"][0]["explanation"][0]["args"] == [["text", "b"], ["a", ["x", "y"]], ["text", "c"]]
    assert R.report_from_dict(data) == report
    assert R.from_json(R.to_json(report)) == report
    assert R.from_toml(R.to_toml(report)) == report


def test_an_unknown_explanation_key_is_shown_not_refused():
    sentence = Explanation.of("no_such_template_anywhere", n=3, kind=("briefing", "quán triệt"))
    report = Report(PLAN, dt.date(2026, 1, 1), (attrs.evolve(COUNT, explanation=(sentence,)),))
    data = R.report_to_dict(report)
    assert data["verdicts"][0]["explanation_vi"] == "[no_such_template_anywhere: kind=quán triệt, n=3]"
    assert "[no_such_template_anywhere: kind=briefing, n=3]" in to_text(report)
    assert R.from_toml(R.to_toml(report)) == report


def test_huge_numbers_are_displayed_and_kept_exact():
    # verdicts.show alone raises decimal.InvalidOperation from 10**26 on (28-digit context)
    v = attrs.evolve(COUNT, value=F(10**40, 3), value_unit=QuantityUnit.NONE, threshold=Quantity(F(-(10**30))))
    report = Report(PLAN, dt.date(2026, 1, 1), (v,))
    assert f"≈3{',333' * 13}.33 ≥ -1{',000' * 10}" in to_text(report, width=120)  # 40 and 31 digits, grouped
    assert f"≈3{'.333' * 13},33 ≥ -1{'.000' * 10}" in to_text(report, "vi", width=120)
    assert R.report_to_dict(report)["verdicts"][0]["value"] == f"{10**40}/3"
    assert R.from_toml(R.to_toml(report)) == report


def test_toml_has_real_dates_and_json_iso_strings():
    toml = R.to_toml(SAMPLE)
    parsed = tomllib.loads(toml)
    assert parsed["as_of"] == dt.date(2026, 12, 31)
    assert "as_of = 2026-12-31" in toml
    assert parsed["verdicts"][3]["due"] == dt.date(2027, 1, 25)
    text = R.to_json(SAMPLE)
    parsed = json.loads(text)
    assert parsed["as_of"] == "2026-12-31" and parsed["verdicts"][3]["due"] == "2027-01-25"
    assert VP in text  # ensure_ascii=False: Vietnamese as written
    assert text == json.dumps(parsed, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert R.from_toml(toml) == SAMPLE
    assert R.from_json(text) == SAMPLE


def test_a_hand_written_toml_report_reads():
    text = """
plan = "10-KH/ĐU"
as_of = 2026-06-30

[[verdicts]]
plan = "10-KH/ĐU"
unit = "Chi bộ Văn phòng"
rule = "II.4-3#1"
kind = "share"
status = "met"
value = 3          # an integer is an exact number too
value_unit = "%"

[[verdicts.explanation]]
key = "test_words"
args = { text = ["all of them", "tất cả"] }
"""
    report = R.from_toml(text)
    [verdict] = report.verdicts
    assert verdict.value == 3 and verdict.status is Status.MET
    assert verdict.explain("vi") == "tất cả"
    assert report.units == () and report.title is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("plan"), r"report\.plan: missing"),
        (lambda d: d.update(as_of="31/12/2026"), r"report\.as_of: expected a date"),
        (lambda d: d.update(as_of=dt.datetime(2026, 12, 31, 8, 0)), r"report\.as_of: expected a date, found a date and"),
        (lambda d: d["verdicts"][2].update(status="done"), r"report\.verdicts\[2\]\.status: 'done' is not one of"),
        (lambda d: d["verdicts"][0].update(value="0.6.1"), r"report\.verdicts\[0\]\.value: expected an exact number"),
        (lambda d: d["verdicts"][0].update(value=0.6), r"report\.verdicts\[0\]\.value: expected an exact number"),
        (lambda d: d["verdicts"][0]["threshold"].update(value="1/0"), r"verdicts\[0\]\.threshold\.value"),
        (lambda d: d["verdicts"][0].update(on_track="yes"), r"verdicts\[0\]\.on_track: expected true or false"),
        (lambda d: d["verdicts"][0]["source"].update(first=True), r"verdicts\[0\]\.source\.first: expected an integer"),
        (lambda d: d["verdicts"][0]["explanation"][0].update(args=[["a"]]), r"explanation\[0\]\.args"),
        (lambda d: d["verdicts"][0]["explanation"][0].update(args={"a": 1}), r"explanation\[0\]\.args\.a"),
        (lambda d: d.update(verdicts={"a": 1}), r"report\.verdicts: expected a list of tables"),
        (lambda d: d.update(units="Chi bộ"), r"report\.units: expected a list of text"),
        (lambda d: d["verdicts"].append("x"), r"report\.verdicts\[7\]: expected a table, found text"),
    ],
)
def test_malformed_data_names_the_field(change, message):
    data = R.report_to_dict(SAMPLE)
    change(data)
    with pytest.raises(ValueError, match=message):
        R.report_from_dict(data)


def test_unreadable_text_is_a_value_error():
    with pytest.raises(ValueError, match="not a TOML report"):
        R.from_toml("plan = ")
    with pytest.raises(ValueError, match="not a JSON report"):
        R.from_json("{")
    with pytest.raises(ValueError, match="top level"):
        R.from_json("[]")


# ------------------------------------------------------------ markdown --


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_markdown_tables_are_well_formed(lang):
    text = to_markdown(SAMPLE, lang)
    tables = md_tables(text)
    assert len(tables) == 1 + 4  # the summary, then one per unit with verdicts
    for table in tables:
        assert len({len(row) for row in table}) == 1, table
        assert all(re.fullmatch(r"-{3}:?", cell) for cell in table[1])
    summary = tables[0]
    assert summary[0] == [word("unit", lang), *(s.label(lang) for s in Status), word("total", lang)]
    assert summary[-1][0] == f"**{word('total_row', lang)}**"
    assert summary[-1][1:] == ["**2**", "**2**", "**1**", "**1**", "**1**", "**7**"]
    assert [row[0] for row in summary[2:-1]] == [VP, VHXH, TTHC, CHI_BO]
    assert len(tables[1][0]) == 7
    assert text.startswith(f"# {heading(SAMPLE, lang)}\n")
    for unit in (VP, VHXH, TTHC, CHI_BO):
        assert f"\n## {unit}\n" in text


def test_markdown_headings_and_words_follow_the_language():
    en, vi = to_markdown(SAMPLE, "en"), to_markdown(SAMPLE, "vi")
    assert "# Report on plan 104/KH-UBND, as of 31/12/2026" in en
    assert "# Báo cáo thực hiện kế hoạch 104/KH-UBND, tính đến ngày 31/12/2026" in vi
    assert "| Mục | Nội dung đánh giá | Kỳ | Kết quả | Giá trị | Ngưỡng | Giải thích |" in vi
    assert "| Clause | Judged | Period | Status | Value | Threshold | Explanation |" in en
    assert "## Tổng hợp" in vi and "## Summary" in en
    assert SHARE.explain("vi") in vi and SHARE.explain("en") in en
    assert "Kế thừa từ 10-KH/ĐU." in vi and "Inherited from 10-KH/ĐU." in en
    assert "| không đạt |" in vi and "| chưa đến hạn (đúng tiến độ) |" in vi
    assert "| 1 ngày | ≤ 0,5 ngày (quán_triệt) |" in vi


def test_markdown_escapes_pipes_and_lists_violations_under_caps():
    text = to_markdown(SAMPLE)
    assert "II.4-4 Thời gian hội nghị \\| quán triệt" in text
    block = text.split("**Violations of II.4-4#1**", 1)[1]
    assert block.split("\n\n")[1].splitlines() == [
        "- hn-07: 1 day > 0.5 days (quán_triệt) — facts.toml:12",
        "- hn-09: 1.5 days > 0.5 days",
    ]
    assert "Vi phạm của II.4-4#1" in to_markdown(SAMPLE, "vi")


def test_markdown_cell_with_newlines_backslashes_and_pipes():
    odd = attrs.evolve(COUNT, unit="a|b\\c", clause="line one\nline | two\\|", period="x\r\ny")
    report = Report(PLAN, dt.date(2026, 1, 1), (odd,), title="T | \n x")
    text = to_markdown(report)
    tables = md_tables(text)
    for table in tables:
        assert len({len(row) for row in table}) == 1
    assert "line one<br>line \\| two\\\\\\|" in text
    assert "## a\\|b\\\\c\n" in text
    assert tables[0][2][0] == "a\\|b\\\\c"


# ---------------------------------------------------------------- text --


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("width", [60, 80, 100])
def test_text_fits_the_width_and_keeps_vietnamese_intact(lang, width):
    text = to_text(SAMPLE, lang, width)
    lines = text.splitlines()
    assert max(cols(line) for line in lines) <= width
    assert unicodedata.is_normalized("NFC", text)
    assert "\x1b" not in text
    words = set(text.split())
    for name in VIETNAMESE:  # every word of every name, whole
        assert set(name.split()) <= words
    folded = flowing(text)
    for name in VIETNAMESE:
        assert flowing(name) in folded
    for v in SAMPLE.verdicts:
        assert flowing(v.explain(lang)) in folded
        assert f"[{status_text(v, lang)}]" in text


def test_text_at_80_columns_reads_as_documented():
    text = to_text(SAMPLE)
    lines = text.splitlines()
    assert lines[0] == "Report on plan 104/KH-UBND, as of 31/12/2026"
    assert lines[1] == 'Kế hoạch thực hiện "chuyển đổi số" năm 2026'
    assert lines[2] == "Date used: 31/12/2026, as given."
    header = lines[4].split()
    assert header[0] == "Unit" and header[-1] == "total" and "met" in header
    [total] = [line for line in lines if line.startswith("Total")]
    assert total.split() == ["Total", "2", "2", "1", "1", "1", "7"]
    assert cols(total) == cols(lines[4]) == len(lines[5])  # under the header, as wide as the rule
    head = lines.index("[not met] II.4-3 Tổ chức hội nghị trực tuyến · 2026")  # the clause, not the rule id
    assert lines[head + 1] == "    tỷ_lệ_hội_nghị_trực_tuyến"  # what it judges: a metric the plan gave no label
    # a value short of its threshold never reads as a true comparison ("55% ≥ 60%")
    assert "    55%, needs ≥ 60%" in lines and "    55% ≥ 60%" not in lines
    assert "    1 day, needs ≤ 0.5 days (quán_triệt)" in lines
    assert "    ? ≥ 30" in lines
    assert "    12.5% ≥ 10%" in lines
    assert "    delivered 10/05/2026 · due 15/05/2026 · last day 14/05/2026" in lines
    assert "      - hn-07: 1 day > 0.5 days (quán_triệt) — facts.toml:12" in lines
    assert "    at plans/vu-duong.plan:41:5 · source 10-KH/ĐU, line(s) 120-124" in lines  # the parent it is inherited from
    # each unit's section has a heading underlined to its width
    index = lines.index(VP)
    assert lines[index + 1] == "=" * len(VP)
    # explanation lines are indented and wrapped
    explanation = [line for line in lines if line.startswith("    11 of 20")]
    assert explanation and all(cols(line) <= 80 for line in lines)


def test_text_in_vietnamese():
    text = to_text(SAMPLE, "vi")
    lines = text.splitlines()
    assert lines[0] == "Báo cáo thực hiện kế hoạch 104/KH-UBND, tính đến ngày 31/12/2026"
    assert "[không đạt] II.4-3 Tổ chức hội nghị trực tuyến · 2026" in lines
    assert "    1 ngày, cần ≤ 0,5 ngày (quán_triệt)" in lines
    assert "[chưa đến hạn (đúng tiến độ)] III.1.b Báo cáo kết quả thực hiện · 12/2026" in text
    assert "    Kế thừa từ 10-KH/ĐU." in lines
    assert "    Vi phạm:" in lines
    assert any(line.startswith("Tổng cộng") for line in lines)


def test_text_colors_only_when_asked():
    plain, colored = to_text(SAMPLE), to_text(SAMPLE, color=True)
    assert "\x1b[" not in plain
    assert "\x1b[31m[not met]\x1b[0m II.4-3" in colored
    assert "\x1b[32m[met]\x1b[0m" in colored
    assert "\x1b[33m[pending (on track)]\x1b[0m" in colored
    assert re.sub(r"\x1b\[\d+m", "", colored) == plain


def test_text_measures_wide_characters_and_never_cuts_a_word():
    cjk = "会议报告"  # four wide characters: eight columns
    long = "x" * 90
    v = attrs.evolve(
        SHARE,
        unit=f"{cjk} " * 12,
        explanation=(Explanation.of("test_words", text=" ".join([cjk] * 30 + [long, "end"])),),
    )
    report = Report(PLAN, dt.date(2026, 1, 1), (v,))
    for width in (60, 80):
        lines = to_text(report, width=width).splitlines()
        for line in lines:
            assert cols(line) <= width or len(line.split()) == 1, line
        assert f"    {long}" in lines  # the unbreakable word alone on its line
        assert all(cjk in line.split() or cjk not in line for line in lines)


def test_summary_falls_back_to_a_list_when_no_table_fits():
    name = "Phòng" + "-" * 60
    report = Report(PLAN, dt.date(2026, 1, 1), (attrs.evolve(CUT, unit=name),))
    lines = to_text(report, "vi", 60).splitlines()
    assert name in lines
    assert "    đạt: 1, không đạt: 0, chưa đến hạn: 0, chưa rõ: 0," in lines
    for line in lines:
        assert cols(line) <= 60 or line == name


def test_text_strips_terminal_control_characters():
    report = Report(PLAN, dt.date(2026, 1, 1), (attrs.evolve(COUNT, clause="II.2 \x1b[2J xóa \u202eA"),))
    text = to_text(report)
    assert "\x1b" not in text and "\u202e" not in text and "\\u001b[2J xóa \\u202eA" in text


def test_text_refuses_a_width_too_narrow():
    with pytest.raises(ValueError, match="too narrow"):
        to_text(SAMPLE, width=MIN_WIDTH - 1)
    assert to_text(SAMPLE, width=MIN_WIDTH)


def test_text_width_measure():
    assert text_width("Hội nghị") == 8
    assert text_width("会议") == 4
    assert text_width(unicodedata.normalize("NFD", "Hội")) == 3


# -------------------------------------------------------------- render --


def test_render_dispatches():
    assert render(SAMPLE, "text", "vi") == to_text(SAMPLE, "vi")
    assert render(SAMPLE, "text", width=100, color=True) == to_text(SAMPLE, width=100, color=True)
    assert render(SAMPLE, "md", "vi") == to_markdown(SAMPLE, "vi")
    assert render(SAMPLE, "toml") == R.to_toml(SAMPLE)
    assert render(SAMPLE, "json", "vi") == R.to_json(SAMPLE)


def test_render_refuses_unknown_formats_and_languages():
    with pytest.raises(ValueError, match="'pdf'.*text, toml, json, md, html"):
        render(SAMPLE, "pdf")
    for fmt in FORMATS:
        with pytest.raises(ValueError, match="unknown language 'fr'"):
            render(SAMPLE, fmt, "fr")


# ---------------------------------------------------------- properties --

_VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
    "ĐƯƠẮẶẦỆỘỨ"
)
# quotes, escapes, Markdown and TOML syntax, controls, line breaks Python knows (\x1e, \x85, \u2028), BOM, NBSP,
# combining marks (an NFD "ệ"), wide CJK, an emoji
_SPECIAL = "|\\\"'\n\r\t #{}[]=:,.-<>*_`$%≥≤·—\u00a0\x00\x1b\x1e\x7f\x85\u2028\ufeff\u0323\u0302会议😀"
texts = st.text(_VIETNAMESE + _SPECIAL, max_size=12) | st.text(st.characters(exclude_categories=("Cs",)), max_size=4)
fractions = st.builds(F, st.integers(-(10**40), 10**40), st.integers(1, 10**40))
small_fractions = st.builds(F, st.integers(-1000, 1000), st.integers(1, 100))


def optional(strategy):
    return st.none() | strategy


def quantities(numbers):
    return st.builds(Quantity, numbers, st.sampled_from(QuantityUnit))


def arg_values(text):
    return text | st.tuples(text, text)


def explanations(text, keys):
    names = st.from_regex(r"[a-z_]{1,8}", fullmatch=True)
    # as `Explanation.of` builds them: sorted by name (a name may be "key", which `of` cannot take)
    canonical = st.builds(
        lambda key, args: Explanation(key, tuple(sorted(args.items()))),
        keys,
        st.dictionaries(names, arg_values(text), max_size=3),
    )
    raw = st.builds(Explanation, keys, st.lists(st.tuples(text, arg_values(text)), max_size=3).map(tuple))
    return canonical | raw


def verdicts(text=texts, numbers=fractions, units=None, figure_ints=st.integers(-(2**70), 2**70), explanation=None):
    explanation = explanation if explanation is not None else st.lists(explanations(text, texts), max_size=2)
    return st.builds(
        Verdict,
        plan=text,
        unit=units if units is not None else text,
        rule=text,
        kind=st.sampled_from(RuleKind),
        status=st.sampled_from(Status),
        clause=optional(text),
        period=optional(text),
        value=optional(numbers),
        value_unit=st.sampled_from(QuantityUnit),
        comparator=optional(st.sampled_from(Comparator)),
        threshold=optional(quantities(numbers)),
        category=optional(text),
        metric=optional(text),
        label=optional(text),
        on_track=optional(st.booleans()),
        due=optional(st.dates()),
        last_day=optional(st.dates()),
        delivered=optional(st.dates()),
        figures=st.lists(st.builds(Figure, text, figure_ints | numbers), max_size=2).map(tuple),
        records=st.lists(text, max_size=2).map(tuple),
        violations=st.lists(
            st.builds(Violation, text, numbers, numbers, optional(text), optional(text)), max_size=2
        ).map(tuple),
        explanation=explanation.map(tuple),
        inherited_from=optional(text),
        source=optional(st.builds(SourceRef, st.integers(0, 10**6), st.integers(0, 10**6), optional(text))),
        document=optional(text),
        at=optional(text),
        leads=st.lists(text, max_size=3).map(tuple),
        answered_by=st.lists(text, max_size=2).map(tuple),
        when_none=optional(st.sampled_from(WhenNone)),
    ).map(_ranged)


def _ranged(v: Verdict) -> Verdict:
    """A range's upper end, for a verdict drawn with the comparator BETWEEN: its threshold (a one-point range)."""
    return attrs.evolve(v, upper=v.threshold if v.comparator is Comparator.BETWEEN else None)


clause_texts = st.builds(
    ClauseText, clause=texts, text=texts, inherited_from=optional(texts), file=optional(texts),
    line=optional(st.integers(1, 10**6)),
    source=optional(st.builds(SourceRef, st.integers(0, 10**6), st.integers(0, 10**6), optional(texts))),
)
reports = st.builds(
    Report,
    plan=texts,
    as_of=st.dates(),
    verdicts=st.lists(verdicts(), max_size=3).map(tuple),
    title=optional(texts),
    units=st.lists(texts, max_size=3).map(tuple),
    labels=st.lists(st.tuples(texts, texts), max_size=2).map(tuple),
    metric_labels=st.lists(st.tuples(texts, texts), max_size=2).map(tuple),
    event_labels=st.lists(st.tuples(texts, texts), max_size=2).map(tuple),
    record_labels=st.lists(st.tuples(texts, st.one_of(st.just(""), texts), st.one_of(st.just(""), texts), texts),
                           max_size=3).map(tuple),
    clause_texts=st.lists(clause_texts, max_size=2).map(tuple),
)


@given(reports)
def test_dict_toml_and_json_round_trips(report):
    assert R.report_from_dict(R.report_to_dict(report)) == report
    assert R.from_toml(R.to_toml(report)) == report
    assert R.from_json(R.to_json(report)) == report


@settings(max_examples=50)
@given(reports, st.sampled_from(["en", "vi"]))
def test_markdown_of_any_report_has_square_tables(report, lang):
    text = to_markdown(report, lang)
    for table in md_tables(text):
        assert len({len(row) for row in table}) == 1


# Reports whose text is ordinary words: Vietnamese, English, a few wide (CJK) ones, and rule numbers.
WORDS = (
    "hội nghị trực tuyến văn bản điện tử báo cáo kết quả thực hiện đơn vị chi bộ phòng Văn hóa Xã hội "
    "Trung tâm phục vụ hành chính công UBND HĐND quán triệt chuyên môn giảm so với năm trước "
    "conference online share report delivered quarter II.4-3 10-KH/ĐU 104/KH-UBND (quán_triệt) "
    "会议 报告 – — \"trừ\" văn_bản_mật Đảng ủy Cục Lưu trữ"
).split()
sentences = st.lists(st.sampled_from(WORDS), min_size=1, max_size=40).map(" ".join)
short = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)
ordinary_reports = st.builds(
    Report,
    plan=st.sampled_from(["104/KH-UBND", "10-KH/ĐU", "534/QĐ-VTLTNN"]),
    as_of=st.dates(),
    verdicts=st.lists(
        verdicts(
            text=short,
            numbers=small_fractions,
            units=st.sampled_from([VP, VHXH, TTHC, CHI_BO, "会议 报告 中心"]),
            figure_ints=st.integers(0, 1000),
            explanation=st.lists(sentences.map(lambda s: Explanation.of("test_words", text=s)), max_size=2),
        ),
        max_size=6,
    ).map(tuple),
    title=optional(sentences),
    units=st.lists(st.sampled_from([VP, VHXH, TTHC]), max_size=3, unique=True).map(tuple),
)


@settings(max_examples=100)
@given(ordinary_reports, st.integers(60, 120), st.sampled_from(["en", "vi"]))
def test_text_never_exceeds_the_width(report, width, lang):
    text = to_text(report, lang, width)
    for line in text.splitlines():
        assert cols(line) <= width, (width, line)
    folded = flowing(text)
    for v in report.verdicts:
        assert flowing(v.explain(lang)) in folded
        assert set(v.unit.split()) <= set(text.split())


# ----------------------------------------------------------- displayed values --


def _displayed(value: F, unit: QuantityUnit, lang: str) -> str:
    """What `show` must print, worked out on Fractions: hundredths rounded half to even, "≈" when inexact."""
    number = value * (100 if unit is QuantityUnit.PERCENT else 1)
    hundredths = round(number * 100)
    text = f"{'-' if hundredths < 0 else ''}{abs(hundredths) // 100:,}"  # thousands grouped: "1,000"
    if abs(hundredths) % 100:
        text += f".{abs(hundredths) % 100:02d}".rstrip("0")
    text = text.translate(str.maketrans(",.", ".,")) if lang == "vi" else text  # "1.000,5"
    if unit is QuantityUnit.DAYS:
        suffix = " ngày" if lang == "vi" else " day" if hundredths == 100 else " days"
    else:
        suffix = "%" if unit is QuantityUnit.PERCENT else ""
    return ("" if F(hundredths, 100) == number else "≈") + text + suffix


@given(value=st.fractions(max_denominator=10**7) | st.builds(F, st.integers(-10**6, 10**6),
                                                            st.sampled_from([1, 2, 8, 200, 400, 40000])),
       unit=st.sampled_from([QuantityUnit.PERCENT, QuantityUnit.DAYS, QuantityUnit.NONE]),
       lang=st.sampled_from(["en", "vi"]))
def test_values_are_shown_to_two_decimals_rounded_half_to_even(value, unit, lang):
    assert show(value, unit, lang) == _displayed(value, unit, lang)


# ------------------------------------------- every word in the report's language --

from pathlib import Path  # noqa: E402

from planrules.tooling import scenarios as S  # noqa: E402
from planrules.reports.messages import MESSAGES as REPORT_WORDS  # noqa: E402
from planrules.evaluation.workdays import Calendar  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def real_reports() -> list[Report]:
    """Every scenario of the real plans (plans/**/*.test.toml), evaluated: every verdict kind and status."""
    reports = []
    for path in sorted((ROOT / "plans").glob("**/*.test.toml")):
        scenario_file = S.load(path)
        cache = S._Cache()
        rules = cache.ruleset(scenario_file)
        for scenario in scenario_file.scenarios:
            facts = (S._inline_facts(scenario_file, scenario, rules) if scenario.inline is not None
                     else cache.files(scenario.facts_files, rules))
            reports.append(rules.evaluate(facts, scenario.as_of))
    return reports


def _catalogue_words(lang: str) -> set[str]:
    """The words of every report template in `lang` (explanations, report words, status labels), lower case."""
    i = 0 if lang == "en" else 1
    templates = [v[i] for k, v in EVALUATION_MESSAGES.items() if not k.startswith("test_")]
    templates += [v[i] for v in REPORT_WORDS.values()] + [s.label(lang) for s in Status]
    text = re.sub(r"\{[^}]*\}", " ", " ".join(templates))
    return {w.lower() for w in re.findall(r"[^\W\d_]{3,}", text)}


def _data(report: Report) -> list[str]:
    """What a report quotes from the plan and the facts (names, places, record ids): not words of the report."""
    found = [report.plan, *report.units,
             *(label for _, label in (*report.labels, *report.metric_labels, *report.event_labels)),
             *(label for *_, label in report.record_labels)] + (
        [report.title] if report.title else [])
    for v in report.verdicts:
        found += [v.rule, v.clause or "", v.label or "", v.at or "", v.document or "", str(v.source or ""), v.category or "",
                  v.value_label or "",  # a reported figure's unit as the plan names it ("người/vạn dân")
                  v.inherited_from or "", *v.records]
        for x in v.violations:
            found += [x.record, x.origin or "", x.category or ""]
        quoted = ("origin", "kind", "cond", "excl", "field", "event", "category", "text", "assessor", "assessors")
        for sentence in v.explanation:  # a condition is quoted in each language's numbers: (English, Vietnamese)
            for name, value in sentence.args:
                if name in quoted:
                    found += [value] if isinstance(value, str) else [x for x in value if isinstance(x, str)]
    return sorted({" ".join(d.split()) for d in found if d}, key=len, reverse=True)


def _prose(text: str, report: Report) -> str:
    """`text` without what it quotes, whitespace made single (wrapped lines joined), Markdown unescaped (its
    escapes and its two entities: a label "R&D" is written "R&amp;D")."""
    text = " ".join(re.sub(r"\\([\\|\[\]])", r"\1", text).replace("&lt;", "<").replace("&amp;", "&").split())
    for quoted in _data(report):
        text = text.replace(quoted, " ")
    return text


@pytest.mark.parametrize("fmt", ["text", "md"])
@pytest.mark.parametrize(("lang", "other"), [("vi", "en"), ("en", "vi")])
def test_every_word_of_a_report_is_in_its_language(real_reports, fmt, lang, other):
    """No word of the other language's catalogue in a report (every verdict kind of the real scenarios), and
    every date dd/mm/yyyy: never a US date, never an ISO one, never a period key left untranslated."""
    foreign = _catalogue_words(other) - _catalogue_words(lang)
    for report in real_reports:
        # wide enough that no label is wrapped in the summary table, its words apart in two rows
        prose = _prose(render(report, fmt, lang, width=1000), report)
        words = {w.lower() for w in re.findall(r"\w+", prose) if not re.search(r"[\d_]", w)}
        assert not words & foreign, (report.plan, report.as_of, sorted(words & foreign))
        assert not re.search(r"\b\d{4}-\d{2}(-\d{2})?\b", prose), re.search(r".{30}\d{4}-\d{2}.{30}", prose)
        for day, month in re.findall(r"\b(\d{2})/(\d{2})/\d{4}\b", prose):
            assert 1 <= int(day) <= 31 and 1 <= int(month) <= 12, (day, month)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_json_and_toml_explanations_are_each_in_their_language(real_reports, lang):
    """The data formats carry both languages: `explanation_vi` has no English catalogue word, and the reverse."""
    other = "en" if lang == "vi" else "vi"
    foreign = _catalogue_words(other) - _catalogue_words(lang)
    for report in real_reports:
        data = json.loads(R.to_json(report))
        for verdict in data["verdicts"]:
            prose = _prose(verdict.get(f"explanation_{lang}", ""), report)
            words = {w.lower() for w in re.findall(r"\w+", prose) if not re.search(r"[\d_]", w)}
            assert not words & foreign, (verdict["rule"], sorted(words & foreign))


def test_a_day_off_is_named_with_its_dates_as_dd_mm_yyyy():
    """The holiday calendar names a substituted day off with a US date in English ("08/22/2026"): shown dd/mm/yyyy."""
    en, vi = Calendar.vietnam().day_off_reason(dt.date(2026, 8, 31))[0]
    assert "22/08/2026" in en and "22/08/2026" in vi
    assert "08/22/2026" not in en


def test_a_deadline_label_has_its_own_key(real_reports):
    """A deadline's label ("hàng tháng") travels as `label`, never as a `metric`; read back losslessly."""
    labelled = [v for r in real_reports for v in r.verdicts if v.kind is RuleKind.DEADLINE and v.label]
    assert {v.label for v in labelled} >= {"hàng tháng", "6 tháng"}
    assert all(v.metric is None for r in real_reports for v in r.verdicts if v.kind is RuleKind.DEADLINE)
    for report in real_reports:
        data = json.loads(R.to_json(report))
        for verdict, written in zip(report.verdicts, data["verdicts"]):
            assert written.get("label") == verdict.label and written.get("metric") == verdict.metric
        assert R.from_json(R.to_json(report)) == report == R.from_toml(R.to_toml(report))


# ------------------------------------------------ restatements counted once --


def _restated(v: Verdict, n: int) -> tuple[Verdict, ...]:
    """`v` and n-1 copies stating the same measure in other clauses (other rule, clause, place, parent)."""
    return (v,) + tuple(attrs.evolve(v, rule=f"{v.rule}-r{i}", clause=f"R.{i}", at=f"plans/r.plan:{i}:1",
                                     source=SourceRef(i, i), inherited_from=None if i % 2 else "534/QĐ-TTg")
                        for i in range(1, n))


def test_a_measure_stated_in_three_clauses_is_one_verdict_citing_all_three():
    """Three clauses with the same metric, threshold, period and unit: one verdict, counted once, every clause cited."""
    report = Report(PLAN, dt.date(2026, 12, 31), _restated(SHARE, 3) + (CAP,), units=(VP,))
    for lang in ("en", "vi"):
        text = to_text(report, lang, width=200)
        heads = [line for line in text.splitlines() if line.startswith("[")]
        assert len(heads) == 2
        assert all(clause in heads[0] for clause in ("II.4-3", "R.1", "R.2")) and "#" not in heads[0]  # no rule id
        assert "plans/r.plan:2:1" in text and "plans/vu-duong.plan:41:5" in text
        [total] = [line for line in text.splitlines() if line.startswith(word("total_row", lang))]
        assert total.split()[-6:] == ["0", "2", "0", "0", "0", "2"]  # not met: the share once, the cap
        markdown = to_markdown(report, lang)
        assert markdown.count("| R.1") == 0 and "II.4-3 Tổ chức hội nghị trực tuyến, R.1, R.2" in markdown
    data = R.report_to_dict(report)
    assert data["summary"]["total"]["not_met"] == 2 and len(data["verdicts"]) == 4
    assert [v.get("restates") for v in data["verdicts"]] == [None, "II.4-3#1", "II.4-3#1", None]
    assert R.from_json(R.to_json(report)) == report == R.from_toml(R.to_toml(report))


@settings(max_examples=60)
@given(reports, st.integers(2, 4), st.sampled_from(["en", "vi"]))
def test_restating_a_measure_never_changes_the_summary(report, n, lang):
    """Adding restatements of a verdict (same measure, other clauses) leaves every summary count as it was,
    and each added clause is cited."""
    if not report.verdicts or report.verdicts[0].kind is RuleKind.DEADLINE:
        return
    first, *rest = report.verdicts
    restated = attrs.evolve(report, verdicts=_restated(first, n) + tuple(rest))
    assert R.report_to_dict(restated)["summary"] == R.report_to_dict(report)["summary"]
    assert _summary_lines(restated, lang, 200) == _summary_lines(report, lang, 200)
    text = " ".join(to_text(restated, lang, width=200).split())
    assert all(f"R.{i}" in text for i in range(1, n))


def test_a_restated_rule_rolls_up_once(real_reports):
    """Rolled up, a rule restated in another clause (the same verdicts for the same units) is one aggregate in the
    summaries (text, Markdown, data), citing both clauses."""
    from planrules.evaluation.rollup import roll_up

    for report in real_reports[:3]:
        metric = next((v for v in report.verdicts if v.kind is not RuleKind.DEADLINE), None)
        if metric is None:
            continue
        copies = tuple(attrs.evolve(v, rule=v.rule + "-r", clause="R.9", at="plans/r.plan:9:1")
                       for v in report.verdicts if v.rule == metric.rule)
        restated = attrs.evolve(report, verdicts=report.verdicts + copies)
        groups = {u: "nhóm" for u in report.units}
        plain, twice = roll_up(report, groups), roll_up(restated, groups)
        assert len(twice.aggregates) > len(plain.aggregates)
        assert R.rollup_to_dict(twice)["total"] == R.rollup_to_dict(plain)["total"]
        for lang in ("en", "vi"):
            text = rollup_to_text(twice, lang, 200)
            assert rollup_to_text(plain, lang, 200).split("\n\n")[1] == text.split("\n\n")[1]  # the summary
            assert "R.9" in text and f"{metric.rule}-r" not in text  # the clauses cited, not the rule ids
            markdown = rollup_to_markdown(twice, lang)
            assert markdown.split("###")[0] == rollup_to_markdown(plain, lang).split("###")[0]


# ------------------------------------------- Report.summary() as the report --

SAMPLE_PLANS = [
    ("plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan", "examples/vu-duong/facts.toml", dt.date(2026, 11, 30)),
    ("plans/quoc-gia/bo-noi-vu/cuc-van-thu-luu-tru/kh-10-du.plan", "examples/cuc-van-thu-luu-tru/facts.toml",
     dt.date(2026, 12, 31)),
]


def _table_rows(text: str) -> dict[str, list[int]]:
    """The summary table of a text report: name -> its counts (a column per status, then the total)."""
    rows = {}
    [table] = [block for block in text.split("\n\n") if block.startswith(word("unit", "en") + " ")]
    for line in table.splitlines():
        cells = line.split()
        counts = cells[-len(Status) - 1:]
        if len(cells) > len(counts) and all(c.isdigit() for c in counts):
            rows[" ".join(cells[:-len(counts)])] = [int(c) for c in counts]
    return rows


@pytest.mark.parametrize(("plan", "facts", "as_of"), SAMPLE_PLANS)
def test_report_summary_and_totals_count_what_the_rendered_summary_counts(plan, facts, as_of):
    """The public counts and the printed ones agree: a target restated in several clauses is one measure."""
    import planrules
    from planrules.evaluation.compiler import compile
    from planrules.facts.loader import load_facts

    rules = compile(planrules.load(ROOT / plan), planrules.load_dir(ROOT / "plans"))
    report = rules.evaluate(load_facts(ROOT / facts, vocabulary=rules.vocabulary), as_of)
    assert len({measure_key(v) for v in report.verdicts if measure_key(v)}) < sum(
        measure_key(v) is not None for v in report.verdicts)  # the sample restates some target: the case at hand
    printed = _table_rows(to_text(report, "en", width=200))
    summary, totals = report.summary(), report.totals()
    labels = dict(report.labels)
    assert len(labels) == len(summary)  # every unit has a label: the summary names them so
    assert {labels[unit]: [c[s] for s in Status] + [sum(c.values())] for unit, c in summary.items()} == {
        unit: counts for unit, counts in printed.items() if unit != word("total_row", "en")}
    assert [totals[s] for s in Status] + [sum(totals.values())] == printed[word("total_row", "en")]
    data = R.report_to_dict(report)["summary"]
    assert data["total"] == {**{s.value: n for s, n in totals.items()}, "total": sum(totals.values())}


@pytest.fixture(scope="module")
def vu_duong_report() -> Report:
    return _vu_duong_report()


@functools.cache
def _vu_duong_report() -> Report:
    """The Vũ Dương plan on its sample facts: verdicts whose explanations name record kinds, fields and categories."""
    import planrules
    from planrules.evaluation.compiler import compile
    from planrules.facts.loader import load_facts

    plan, facts, as_of = SAMPLE_PLANS[0]
    rules = compile(planrules.load(ROOT / plan), planrules.load_dir(ROOT / "plans"))
    return rules.evaluate(load_facts(ROOT / facts, vocabulary=rules.vocabulary), as_of)


def _people_formats(report: Report) -> dict[str, str]:
    """The text (wide enough that no sentence is wrapped) and Markdown reports, in English and Vietnamese."""
    return {f"{fmt} {lang}": to_text(report, lang, width=1000) if fmt == "text" else to_markdown(report, lang)
            for fmt in ("text", "md") for lang in ("en", "vi")}


def test_record_kinds_fields_and_categories_are_named_by_the_vocabularys_labels(vu_duong_report):
    """Issue 20 point 6: a report for people names a record kind, a field and a category as the prelude declares
    them ("bản ghi Hội nghị, cuộc họp … thỏa mãn Tổ chức trực tuyến"), in both languages; a field is labelled as
    its own kind declares it (`trực_tuyến` is a conference's "Tổ chức trực tuyến", a dossier's "Xử lý trên môi
    trường số"). JSON and TOML keep the identifiers in the explanations and carry the labels beside them."""
    report = vu_duong_report
    assert {("hội_nghị", "", "", "Hội nghị, cuộc họp"), ("hội_nghị", "trực_tuyến", "", "Tổ chức trực tuyến"),
            ("hồ_sơ_tthc", "trực_tuyến", "", "Xử lý trên môi trường số"),
            ("hội_nghị", "loại", "quán_triệt", "Hội nghị quán triệt, triển khai")} <= set(report.record_labels)
    shown = _people_formats(report)
    assert "6/9 bản ghi Hội nghị, cuộc họp năm 2026 thỏa mãn Tổ chức trực tuyến:" in shown["text vi"]
    assert "6 of 9 Hội nghị, cuộc họp records in 2026 meet Tổ chức trực tuyến:" in shown["text en"]
    assert "bản ghi Hồ sơ thủ tục hành chính năm 2026 thỏa mãn Xử lý trên môi trường số:" in shown["md vi"]
    assert "(Loại hội nghị = Hội nghị quán triệt, triển khai)" in shown["md en"]
    for name, text in shown.items():  # (a violation's origin is a place in the facts file: `records.hội_nghị[3]`)
        said = "\n".join(line.split(" — ")[0] for line in text.splitlines())
        assert not re.search(r"\b(hội_nghị|hồ_sơ_tthc|trực_tuyến|thời_lượng|quán_triệt)\b|loại=", said), name
    assert "1 day, needs ≤ 0.5 days (Hội nghị quán triệt, triển khai)" in shown["text en"]  # a cap's category
    assert "- VP-HN-03: 1 ngày > 0,5 ngày (Hội nghị quán triệt, triển khai) —" in shown["md vi"]  # its violation
    data = json.loads(R.to_json(report))
    sentences = [e for v in data["verdicts"] for e in v["explanation"]]
    assert any(e["args"].get("kind") == "hội_nghị" and e["args"].get("cond") == "trực_tuyến" for e in sentences
               if isinstance(e.get("args"), dict)) or "bản ghi hội_nghị năm 2026 thỏa mãn trực_tuyến" in R.to_json(report)
    assert "Tổ chức trực tuyến" not in json.dumps([v.get("explanation_vi") for v in data["verdicts"]],
                                                  ensure_ascii=False)
    assert {"kind": "hội_nghị", "field": "trực_tuyến", "label": "Tổ chức trực tuyến"} in data["record_labels"]
    assert R.from_json(R.to_json(report)) == report == R.from_toml(R.to_toml(report))


_label_texts = st.lists(st.text(st.sampled_from("aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếồợữ"), min_size=1, max_size=6),
                        min_size=1, max_size=4).map(" ".join)


@settings(max_examples=20, deadline=None)
@given(kind=_label_texts, field=_label_texts, category=_label_texts)
def test_any_labels_of_a_kind_its_field_and_category_are_what_people_read(kind, field, category):
    """Whatever the vocabulary's labels, the text and Markdown reports (English and Vietnamese) name a conference,
    its online field and its category `quán_triệt` by them; the data formats write the same explanations as
    without any label (the identifiers), and only the labels beside them differ."""
    full = _vu_duong_report()
    conferences = tuple(v for v in full.verdicts if v.unit == "vp_hđnd_ubnd" and v.period == "2026"
                        and v.metric in ("tỷ_lệ_hội_nghị_trực_tuyến", "thời_lượng_hội_nghị"))
    mine = (("hội_nghị", "", "", kind), ("hội_nghị", "trực_tuyến", "", field),
            ("hội_nghị", "loại", "quán_triệt", category))
    report = attrs.evolve(full, verdicts=conferences, units=("vp_hđnd_ubnd",), record_labels=mine)
    bare = attrs.evolve(report, record_labels=())
    for name, text in _people_formats(report).items():  # (`loại` has no label here: named so, beside one)
        english = name.endswith("en")
        assert (f"6 of 9 {kind} records in 2026 meet {field}:" if english else
                f"6/9 bản ghi {kind} năm 2026 thỏa mãn {field}:") in text, name
        assert (f"1 of 3 {kind} record(s) (loại = {category})" if english else
                f"1/3 bản ghi {kind} (loại = {category})") in text, name
        assert f"{'0.5 days' if english else '0,5 ngày'} ({category})" in text, name  # after the threshold
    labelled_data, bare_data = R.report_to_dict(report), R.report_to_dict(bare)
    assert labelled_data.pop("record_labels") == [
        {"kind": "hội_nghị", "label": kind}, {"kind": "hội_nghị", "field": "trực_tuyến", "label": field},
        {"kind": "hội_nghị", "field": "loại", "category": "quán_triệt", "label": category}]
    assert labelled_data == {k: x for k, x in bare_data.items() if k != "record_labels"}


def test_a_late_verdict_carries_its_days_late_into_every_data_format():
    """Issue 17: the number of days late is a field of every late deadline verdict (as its explanation says), written
    to TOML and JSON and read back; no other verdict has one."""
    late = [v for r in _real_reports_for_days_late() for v in r.verdicts if v.days_late is not None]
    assert late and all(v.kind is RuleKind.DEADLINE and v.status is Status.NOT_MET for v in late)
    assert any(v.delivered for v in late) and any(not v.delivered for v in late)
    for v in late:  # a late delivery says by how much; a missing one counts to the date of the report
        if v.delivered:
            assert v.days_late > 0 and f"late by {v.days_late} day" in v.explain()
        else:
            assert v.days_late == (dt.date(2026, 12, 31) - v.last_day).days
    report = Report(PLAN, dt.date(2026, 12, 31), tuple(late))
    assert R.from_json(R.to_json(report)) == report and R.from_toml(R.to_toml(report)) == report
    assert all(json.loads(R.to_json(report))["verdicts"][i]["days_late"] == v.days_late for i, v in enumerate(late))


def _real_reports_for_days_late():
    import planrules

    library = planrules.load_dir(ROOT / "plans")
    cuc = planrules.compile(library.by_number("10-KH/ĐU"), library)
    facts = planrules.load_facts(ROOT / "examples/cuc-van-thu-luu-tru/facts.toml", vocabulary=cuc.vocabulary)
    return [cuc.evaluate(facts, dt.date(2026, 12, 31))]


# ------------------------------------------------ the plan's words: labels --

_LABEL_WORDS = st.lists(st.sampled_from(["Phòng", "Văn", "hóa", "Xã", "hội", "Ủy", "ban", "Trung", "tâm", "Sở"]),
                        min_size=1, max_size=4).map(" ".join)


@settings(max_examples=25, deadline=None)
@given(which=st.integers(0, 10**6), words=st.lists(_LABEL_WORDS, min_size=8, max_size=8),
       fmt=st.sampled_from(["text", "md"]))
def test_every_unit_with_a_label_is_shown_by_it_and_never_by_its_name(real_reports, which, words, fmt):
    """Give every unit of a real report a label: the Vietnamese text and Markdown show each unit's label, and no
    unit's identifier (a name with '_') appears outside the places they quote (the facts' file and table)."""
    report = real_reports[which % len(real_reports)]
    names = sorted({*report.units, *(v.unit for v in report.verdicts), *(u for v in report.verdicts for u in v.leads),
                    *(u for v in report.verdicts for u in v.monitored_by)})
    labels = tuple((name, f"{words[i % len(words)]} {i}") for i, name in enumerate(names))
    labelled = attrs.evolve(report, labels=labels)
    shown = render(labelled, fmt, "vi", width=1000)
    shown = re.sub(r"\\([\\|\[\]])", r"\1", shown).replace("&lt;", "<").replace("&amp;", "&")  # Markdown's escapes
    for name, label in labels:
        if name in report.units:
            assert label in shown, (name, label)
    for v in report.verdicts:  # where a record comes from in the facts: "facts.toml:39 (units.vp.records…)"
        origins = [value for e in v.explanation for key, value in e.args if key == "origin" and isinstance(value, str)]
        for quoted in (*(x.origin or "" for x in v.violations), *origins, v.at or ""):
            shown = shown.replace(quoted, " ")
    for name in names:
        if "_" in name:
            assert name not in shown, name
