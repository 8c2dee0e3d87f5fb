"""Reported figures, sums and ratios (issue 18, area FIGURES): written in both languages, checked at check time,
evaluated as written on Python facts and on DuckDB alike, shown in their unit, inherited in their direction."""

from __future__ import annotations

import datetime as dt
import tempfile
from fractions import Fraction
from pathlib import Path

import pytest

from sql_cases import check_both_paths

import planrules
from planrules import Status
from planrules.evaluation.compiler import compile, covers
from planrules.facts import model as f
from planrules.facts import sources
from planrules.facts.loader import loads_facts
from planrules.language.library import Library
from planrules.language.printer import format as format_plan

HEAD = '''kế hoạch: "{number}"
ngày ban hành: 01/01/2026
{parents}đơn vị a: "A"
bản ghi dự_án "Dự án" {{
    ngày: ngày tháng
    giải_ngân "Vốn đã giải ngân": số nguyên
    vốn_giao "Vốn được giao": số nguyên
    trọng_điểm: có hoặc không
    thời_gian "Thời gian thẩm định": số ngày
    sản_lượng "Sản lượng (nghìn tấn)": số thập phân
    tỷ_lệ_hoàn_thành: phần trăm
}}
chỉ số tỷ_trọng "Tỷ trọng kinh tế số trong GDP": số liệu báo cáo tính bằng %
chỉ số băng_thông "Băng thông quốc tế": số liệu báo cáo tính bằng "Tbps"
chỉ số mật_độ: số liệu báo cáo tính bằng "người/10.000 dân"
chỉ số xếp_hạng "Xếp hạng quốc tế": số liệu báo cáo
chỉ số thời_gian_xử_lý: số liệu báo cáo tính bằng ngày
chỉ số giải_ngân: tổng giải_ngân của dự_án
chỉ số giải_ngân_trọng_điểm: tổng giải_ngân của dự_án có trọng_điểm
chỉ số thẩm_định: tổng thời_gian của dự_án
chỉ số sản_lượng: tổng sản_lượng của dự_án
chỉ số tỷ_lệ_giải_ngân: tỷ số giải_ngân trên (tổng vốn_giao của dự_án)
chỉ số băng_thông_mỗi_dự_án: tỷ số băng_thông trên (số lượng dự_án)
'''


def plan(targets: str, number: str = "1/KH-FIG", parents: str = "") -> planrules.RuleSet:
    text = HEAD.format(number=number, parents=parents) + targets
    return compile(planrules.parse(text, source="fig.plan"))


def facts(rules, text: str) -> f.Facts:
    return loads_facts('[units.a]\n' + text, vocabulary=rules.vocabulary)


def project(n: int, disbursed: int, allocated: int, key: bool = False, day: str = "2026-03-01", **more) -> str:
    extra = "".join(f'"{k}" = {v}\n' for k, v in more.items())
    return (f'[[units.a.records."dự_án"]]\nid = "DA{n}"\n"ngày" = {day}\n"giải_ngân" = {disbursed}\n'
            f'"vốn_giao" = {allocated}\n"trọng_điểm" = {str(key).lower()}\n{extra}')


def value(metric: str, amount: str, year: int = 2026) -> str:
    return f'[[units.a.values]]\nmetric = "{metric}"\nyear = {year}\nvalue = {amount}\n'


def verdict(rules, data: f.Facts, as_of=dt.date(2027, 1, 10), period="2026"):
    found = [v for v in rules.evaluate(data, as_of).verdicts if v.period == period]
    assert len(found) == 1, found
    return found[0]


# ------------------------------------------------------------------ syntax --

SOURCE_VI = HEAD.format(number="1/KH-FIG", parents="")
CONSTRUCTS = [
    ("số liệu báo cáo tính bằng %", "reported in %", "so lieu bao cao tinh bang %"),
    ('số liệu báo cáo tính bằng "Tbps"', 'reported in "Tbps"', 'so lieu bao cao tinh bang "Tbps"'),
    ("số liệu báo cáo", "reported", "so lieu bao cao"),
    ("số liệu báo cáo tính bằng ngày", "reported in days", "so lieu bao cao tinh bang ngay"),
    ("tổng giải_ngân của dự_án có trọng_điểm", "sum of giải_ngân of dự_án where trọng_điểm",
     "tong giải_ngân cua dự_án co trọng_điểm"),
    ("tỷ số giải_ngân trên (tổng vốn_giao của dự_án)", "ratio of giải_ngân to (sum of vốn_giao of dự_án)",
     "ty so giải_ngân tren (tong vốn_giao cua dự_án)"),
    ("tỷ số (số lượng dự_án có trọng_điểm) trên băng_thông", "ratio of (count of dự_án where trọng_điểm) to băng_thông",
     "ty so (so luong dự_án co trọng_điểm) tren băng_thông"),
]


@pytest.mark.parametrize("vi,en,ascii_", CONSTRUCTS)
def test_each_figure_reads_alike_in_vietnamese_english_and_ascii_and_is_written_back(vi, en, ascii_):
    models = [planrules.parse(f"chỉ số x: {text}\n", source="x.plan").metrics[0].expr for text in (vi, en, ascii_)]
    assert models[0] == models[1] == models[2]
    parsed = planrules.parse(f"chỉ số x: {vi}\n", source="x.plan")
    assert format_plan(parsed).strip() == f"chỉ số x: {vi}"
    assert format_plan(parsed, lang="en").strip() == f"metric x: {en}"


# --------------------------------------------------------------- checking --


def _codes(targets: str) -> list[tuple[str, str]]:
    text = SOURCE_VI + targets
    found = planrules.check(Library((planrules.parse(text, source="x.plan"),), ("x.plan",)))
    return [(d.code, d.message.text("en")) for d in found if d.code.startswith("R")]


@pytest.mark.parametrize("target,message", [
    ("tỷ_trọng tối thiểu 20", "this figure is reported in %: write the threshold in it"),
    ("băng_thông tối thiểu 12%", 'this figure is reported in a plain number (the figure is in "Tbps")'),
    ("xếp_hạng không quá 3 ngày", "this figure is reported in a plain number, without % or days"),
    ("thời_gian_xử_lý không quá 3", "this figure is reported in days (ngày)"),
    ("tỷ_lệ_giải_ngân tối thiểu 95", "a ratio is a percentage: write the threshold with %"),
    ("thẩm_định không quá 30", "thời_gian is a number of days"),
    ("sản_lượng tối thiểu 3%", "sản_lượng is a decimal"),
    ("giải_ngân tối thiểu 30%", "giải_ngân is a whole number"),
    ("tỷ_trọng tối thiểu 20% lũy kế", "a reported figure is one year's"),
    ("(số liệu báo cáo) tối thiểu 3", "a reported figure needs a name"),
])
def test_a_threshold_in_the_wrong_unit_is_a_check_error_at_its_place(target, message):
    found = _codes(f"chỉ tiêu: {target}\n")
    assert any(code in ("R206", "R210") and message in text for code, text in found), found


def test_a_ratio_of_a_share_and_a_sum_of_a_text_field_are_refused():
    text = SOURCE_VI.replace('chỉ số tỷ_trọng', 'chỉ số tỷ_lệ_trọng_điểm: tỷ lệ dự_án có trọng_điểm\nchỉ số tỷ_trọng')
    text += "chỉ số sai: tỷ số tỷ_lệ_trọng_điểm trên giải_ngân\nchỉ số sai_tổng: tổng trọng_điểm của dự_án\n"
    found = planrules.check(Library((planrules.parse(text, source="x.plan"),), ("x.plan",)))
    texts = [d.message.text("en") for d in found]
    assert any("a ratio divides counts, sums or reported figures" in t for t in texts), texts
    assert any("dự_án.trọng_điểm is not a whole number, a decimal or a number of days, so it cannot be summed" in t for t in texts), texts


def test_a_ratio_past_100_percent_is_no_error():
    assert _codes("chỉ tiêu: tỷ_lệ_giải_ngân tối thiểu 150%\n") == []


# ------------------------------------------------------------- evaluation --


def test_a_reported_figure_is_judged_in_its_unit():
    rules = plan("chỉ tiêu TT 1: tỷ_trọng tối thiểu 20% hằng năm\n")
    v = verdict(rules, facts(rules, value("tỷ_trọng", '"21,5%"')))
    assert (v.status, v.value) == (Status.MET, Fraction(43, 200))
    assert "21.5% ≥ 20%" in v.explain("en") and "21,5% ≥ 20%" in v.explain("vi")
    v = verdict(rules, facts(rules, value("tỷ_trọng", '"19%"')))
    assert v.status is Status.NOT_MET


def test_a_named_unit_is_shown_after_the_value_and_the_threshold():
    rules = plan("chỉ tiêu TT 1: băng_thông tối thiểu 12 hằng năm\nchỉ tiêu TT 2: mật_độ tối thiểu 2,5 hằng năm\n")
    data = facts(rules, value("băng_thông", "13") + value("mật_độ", '"2,4"'))
    report = rules.evaluate(data, dt.date(2027, 1, 10))
    first, second = (v for v in report.verdicts if v.period == "2026")
    assert "13 Tbps ≥ 12 Tbps" in first.explain("en") and first.value_label == "Tbps"
    assert (second.status, "2,4 người/10.000 dân, cần ≥ 2,5 người/10.000 dân") == (
        Status.NOT_MET, second.explain("vi").split(": ", 1)[1].rstrip("."))
    assert "13 Tbps ≥ 12 Tbps" in planrules.render(report, "text")


def test_a_missing_figure_is_unknown_when_the_year_is_over_and_pending_while_it_is_open():
    rules = plan("chỉ tiêu TT 1: xếp_hạng không quá 50 hằng năm\n")
    data = facts(rules, value("xếp_hạng", "40", year=2025))
    closed = verdict(rules, data)
    assert closed.status is Status.UNKNOWN and "No figure of xếp_hạng was reported for 2026" in closed.explain("en")
    assert verdict(rules, data, as_of=dt.date(2026, 6, 1)).status is Status.PENDING


def test_a_ranking_where_lower_is_better_is_an_at_most_target():
    rules = plan("chỉ tiêu TT 1: xếp_hạng không quá 50 hằng năm\n")
    assert verdict(rules, facts(rules, value("xếp_hạng", "50"))).status is Status.MET
    assert verdict(rules, facts(rules, value("xếp_hạng", "51"))).status is Status.NOT_MET


def test_a_sum_adds_the_field_of_the_records_meeting_its_condition():
    rules = plan("chỉ tiêu TT 1: giải_ngân_trọng_điểm tối thiểu 100 hằng năm\n")
    data = facts(rules, project(1, 70, 80, key=True) + project(2, 30, 30, key=True) + project(3, 500, 500)
                 + project(4, 900, 900, day="2025-05-01", **{}) )
    v = verdict(rules, data)
    assert (v.status, v.value, v.figure("records")) == (Status.MET, Fraction(100), 2)
    assert v.records == ("DA1", "DA2")


def test_a_sum_of_days_is_in_days_and_a_record_without_the_field_makes_it_unknown():
    rules = plan("chỉ tiêu TT 1: thẩm_định không quá 30 ngày hằng năm\n")
    v = verdict(rules, facts(rules, project(1, 1, 1, **{"thời_gian": '"12,5"'}) + project(2, 1, 1, **{"thời_gian": 20})))
    assert (v.status, v.value) == (Status.NOT_MET, Fraction(65, 2))
    assert "32.5 days" in v.explain("en")
    v = verdict(rules, facts(rules, project(1, 1, 1, **{"thời_gian": 2}) + project(2, 1, 1)))
    assert v.status is Status.UNKNOWN and v.records == ("DA2",)


def test_a_sum_with_no_records_is_unknown_never_zero_and_a_count_of_none_is_a_total_of_none():
    rules = plan("chỉ tiêu TT 1: giải_ngân không quá 10 hằng năm\n")
    assert verdict(rules, facts(rules, "")).status is Status.UNKNOWN
    none = '[[units.a.counts]]\nkind = "dự_án"\nyear = 2026\ncount = 0\n'
    v = verdict(rules, facts(rules, none))
    assert (v.status, v.value) == (Status.MET, 0)
    some = '[[units.a.counts]]\nkind = "dự_án"\nyear = 2026\ncount = 3\n'
    v = verdict(rules, facts(rules, some))
    assert v.status is Status.UNKNOWN and "Only counts of dự_án were reported for 2026" in v.explain("en")


def test_a_sum_of_a_decimal_field_is_exact_and_a_percent_field_is_not_summed():
    rules = plan("chỉ tiêu TT 1: sản_lượng tối thiểu 1,5 hằng năm\n")
    v = verdict(rules, facts(rules, project(1, 1, 1, **{"sản_lượng": '"0,7"'}) + project(2, 1, 1, **{"sản_lượng": '"0.8"'})))
    assert (v.status, v.value) == (Status.MET, Fraction(3, 2))
    text = SOURCE_VI + "chỉ số sai: tổng tỷ_lệ_hoàn_thành của dự_án\n"
    found = planrules.check(Library((planrules.parse(text, source="x.plan"),), ("x.plan",)))
    assert any("cannot be summed" in d.message.text("en") for d in found)


def test_a_figure_reported_for_a_sum_stands_in_for_missing_records():
    rules = plan("chỉ tiêu TT 1: giải_ngân tối thiểu 100 hằng năm\n")
    v = verdict(rules, facts(rules, value("giải_ngân", "120")))
    assert (v.status, v.value) == (Status.MET, 120)


def test_a_money_weighted_share_is_a_ratio_of_two_sums_and_may_pass_100_percent():
    rules = plan("chỉ tiêu TT 1: tỷ_lệ_giải_ngân tối thiểu 95% hằng năm\n")
    v = verdict(rules, facts(rules, project(1, 80, 50) + project(2, 30, 70)))
    assert (v.status, v.value) == (Status.NOT_MET, Fraction(110, 120))
    v = verdict(rules, facts(rules, project(1, 80, 50) + project(2, 70, 70)))
    assert (v.status, v.value, v.figure("numerator"), v.figure("denominator")) == (Status.MET, Fraction(5, 4), 150, 120)
    assert "125% ≥ 95%" in v.explain("en")


def test_a_ratio_over_nothing_does_not_apply_and_a_missing_term_is_unknown():
    rules = plan("chỉ tiêu TT 1: băng_thông_mỗi_dự_án tối thiểu 200% hằng năm\n")
    zero = '[[units.a.counts]]\nkind = "dự_án"\nyear = 2026\ncount = 0\n'
    assert verdict(rules, facts(rules, value("băng_thông", "12") + zero)).status is Status.NOT_APPLICABLE
    assert verdict(rules, facts(rules, zero)).status is Status.UNKNOWN
    met = plan("chỉ tiêu TT 1: băng_thông_mỗi_dự_án tối thiểu 200% hằng năm nếu không phát sinh: đạt\n")
    v = verdict(met, facts(met, value("băng_thông", "12") + zero))  # `if none: met` (area BOUNDS)
    assert v.status is Status.MET and "nothing to divide by, which the target counts as met" in v.explain("en")
    v = verdict(rules, facts(rules, value("băng_thông", "12") + project(1, 1, 1) + project(2, 1, 1)))
    assert (v.status, v.value, v.figures) == (Status.MET, 6, ())  # a reported term: no figures to add up


# ------------------------------------------------------------- SQL path --


@pytest.mark.parametrize("targets,data", [
    ("chỉ tiêu TT 1: giải_ngân_trọng_điểm tối thiểu 100 hằng năm\nchỉ tiêu TT 2: tỷ_lệ_giải_ngân tối thiểu 95%"
     " hằng năm\nchỉ tiêu TT 3: thẩm_định không quá 30 ngày hằng năm\n",
     project(1, 70, 80, key=True, **{"thời_gian": '"1/4"'}) + project(2, 30, 30, key=True) + project(3, 5, 9)),
    ("chỉ tiêu TT 1: sản_lượng không quá 1 hằng năm\n",
     project(1, 1, 1, **{"sản_lượng": '"0,75"'}) + project(2, 1, 1, **{"sản_lượng": '"-0.5"'})),
    ("chỉ tiêu TT 1: tỷ_trọng tối thiểu 20% hằng năm\nchỉ tiêu TT 2: băng_thông_mỗi_dự_án tối thiểu 2 hằng năm\n"
     .replace("tối thiểu 2 hằng", "tối thiểu 200% hằng"),
     value("tỷ_trọng", '"21%"') + value("băng_thông", "12") + project(1, 1, 1) + project(2, 1, 1)),
])
def test_duckdb_judges_figures_sums_and_ratios_as_python_does(targets, data):
    rules = plan(targets)
    read = facts(rules, data)
    for as_of in (dt.date(2026, 6, 1), dt.date(2027, 1, 10)):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "facts.duckdb"
            sources.write_duckdb(read, path, rules.vocabulary)
            with sources.DuckDBSource(path) as source:
                check_both_paths(rules, read, as_of, source)  # identical to the facts it holds, alike to Python
                sql = rules.evaluate(source, as_of)
            python = rules.evaluate(read, as_of)
            assert [(v.status, v.value, v.figures) for v in sql.verdicts] == [
                (v.status, v.value, v.figures) for v in python.verdicts]


# ------------------------------------------------------------ inheritance --


def test_a_child_restating_a_figure_asks_at_least_as_much_in_its_direction():
    parent = plan("chỉ tiêu TT 1: xếp_hạng không quá 50\nchỉ tiêu TT 2: tỷ_lệ_giải_ngân tối thiểu 95%\n")
    stricter = plan("chỉ tiêu TT 1: xếp_hạng không quá 30\nchỉ tiêu TT 2: tỷ_lệ_giải_ngân tối thiểu 100%\n",
                    number="2/KH-FIG")
    weaker = plan("chỉ tiêu TT 1: xếp_hạng không quá 60\nchỉ tiêu TT 2: tỷ_lệ_giải_ngân tối thiểu 90%\n",
                  number="3/KH-FIG")
    other = plan("chỉ tiêu TT 1: băng_thông không quá 50\nchỉ tiêu TT 2: băng_thông_mỗi_dự_án tối thiểu 95%\n",
                 number="4/KH-FIG")
    for theirs, mine, kept in zip(parent.metric_rules, stricter.metric_rules, weaker.metric_rules):
        assert covers(mine, theirs) and not covers(kept, theirs)
    for theirs, mine in zip(parent.metric_rules, other.metric_rules):  # another figure, another ratio
        assert not covers(mine, theirs)


# ------------------------------------------------------------------ facts --


def test_a_figure_carries_its_unit_in_toml_csv_and_tables_and_reads_back_the_same(tmp_path):
    rules = plan("chỉ tiêu TT 1: tỷ_trọng tối thiểu 20% hằng năm\nchỉ tiêu TT 2: băng_thông tối thiểu 12 hằng năm\n")
    toml = facts(rules, value("tỷ_trọng", '"21,5%"') + value("băng_thông", '13\nmeasured_in = "Tbps"')
                 + value("thời_gian_xử_lý", '"1,5"\nmeasured_in = "ngày"') + value("xếp_hạng", "7"))
    by_metric = {v.metric: (v.value, v.unit) for v in toml.units[0].values}
    assert by_metric == {"tỷ_trọng": (Fraction(43, 200), "%"), "băng_thông": (13, "Tbps"),
                         "thời_gian_xử_lý": (Fraction(3, 2), "days"), "xếp_hạng": (7, None)}
    csv = loads_facts("unit,metric,year,value,measured_in\na,tỷ_trọng,2026,21.5,%\na,băng_thông,2026,13,\n",
                      "values.csv", vocabulary=rules.vocabulary)
    assert {v.metric: (v.value, v.unit) for v in csv.units[0].values} == {
        "tỷ_trọng": (Fraction(43, 200), "%"), "băng_thông": (13, "Tbps")}
    path = tmp_path / "facts.duckdb"
    sources.write_duckdb(toml, path, rules.vocabulary)
    with sources.DuckDBSource(path) as source:
        assert sorted(source.facts(rules.vocabulary).units[0].values, key=repr) == sorted(toml.units[0].values, key=repr)
    sources.write_parquet(toml, tmp_path / "pq", rules.vocabulary)
    with sources.FolderSource(tmp_path / "pq") as source:
        assert sorted(source.facts(rules.vocabulary).units[0].values, key=repr) == sorted(toml.units[0].values, key=repr)


@pytest.mark.parametrize("row,message", [
    (value("băng_thông", '"13%"'), '"băng_thông" is reported in "Tbps": 13% is in %'),
    (value("băng_thông", '13\nmeasured_in = "Gbps"'), '"băng_thông" is reported in "Tbps": 13 is in "Gbps"'),
    (value("tỷ_trọng", '"0,215"'), '"tỷ_trọng" is reported in %: write 0,215 with % (21%)'),
    (value("xếp_hạng", '7\nmeasured_in = "%"'), '"xếp_hạng" is reported in a plain number: 7 is in %'),
    (value("giải_ngân", '7\nmeasured_in = "Tbps"'), "measured_in is for a reported figure (số liệu báo cáo)"),
])
def test_a_figure_in_another_unit_is_a_located_f135(row, message):
    from planrules.base.diagnostics import FactsError

    rules = plan("")
    with pytest.raises(FactsError) as caught:
        facts(rules, row)
    (found,) = caught.value.diagnostics
    assert found.code == "F135" and message in found.message.text("en") and found.span.line >= 2
