"""Record fields and conditions (issue 18, area RECORDS): the field types `số thập phân` / `decimal` and
`phần trăm` / `percent` — in the language, the facts formats (TOML, CSV, tables), the JSON Schema and SQL.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

import planrules
from planrules.base.diagnostics import FactsError
from planrules.facts import sources
from planrules.facts.json_schema import facts_schema
from planrules.facts.loader import loads_facts
from planrules.language.vocabulary import Vocabulary

KINDS = '''bản ghi kết_nối "Kết nối băng rộng" {
    ngày "Ngày lắp đặt": ngày tháng
    tốc_độ "Tốc độ (Gb/s)": số thập phân
    phủ_sóng "Tỷ lệ phủ sóng": phần trăm
    loại: một trong cáp_quang, di_động, vệ_tinh
    công_cộng: có hoặc không
}
'''
KINDS_EN = '''record kết_nối "Kết nối băng rộng" {
    ngày "Ngày lắp đặt": date
    tốc_độ "Tốc độ (Gb/s)": decimal
    phủ_sóng "Tỷ lệ phủ sóng": percent
    loại: one of cáp_quang, di_động, vệ_tinh
    công_cộng: yes or no
}
'''


def vocabulary(extra: str = "") -> Vocabulary:
    return Vocabulary.of([planrules.prelude(), planrules.parse(KINDS + extra, source="kinds.plan")])


def test_decimal_and_percent_fields_parse_and_format_in_both_languages():
    vi, en = planrules.parse(KINDS), planrules.parse(KINDS_EN)
    assert vi == en
    types = [f.type.value for f in vi.record_kinds[0].fields]
    assert types == ["date", "decimal", "percent", "category", "bool"]
    assert planrules.format(vi) == KINDS
    assert planrules.format(vi, lang="en") == KINDS_EN
    ascii_ = KINDS.replace("số thập phân", "so thap phan").replace("phần trăm", "PHAN TRAM")
    assert planrules.parse(ascii_) == vi


TOML = '''[[units.vp.records."kết_nối"]]
"ngày" = 2026-03-02
"tốc_độ" = 1.5
"phủ_sóng" = "45,5%"

[[units.vp.records."kết_nối"]]
"ngày" = 2026-03-03
"tốc_độ" = "-0,25"
"phủ_sóng" = 45.5

[[units.vp.records."kết_nối"]]
"ngày" = 2026-03-04
"tốc_độ" = "1/3"
"phủ_sóng" = 100
'''


def test_toml_reads_decimals_exactly_and_percentages_as_fractions():
    records = loads_facts(TOML, vocabulary=vocabulary()).unit("vp").records
    assert [r.get("tốc_độ") for r in records] == [Fraction(3, 2), Fraction(-1, 4), Fraction(1, 3)]
    assert [r.get("phủ_sóng") for r in records] == [Fraction(91, 200), Fraction(91, 200), Fraction(1)]


def test_csv_reads_the_same_numbers():
    text = "unit,ngày,tốc_độ,phủ_sóng\nvp,02/03/2026,\"1,5\",\"45,5%\"\nvp,03/03/2026,-0.25,45.5\n"
    records = loads_facts(text, "kết_nối.csv", vocabulary=vocabulary()).unit("vp").records
    assert [r.get("tốc_độ") for r in records] == [Fraction(3, 2), Fraction(-1, 4)]
    assert [r.get("phủ_sóng") for r in records] == [Fraction(91, 200)] * 2


@pytest.mark.parametrize("field, value, expected", [
    ("tốc_độ", '"nhanh"', "a decimal number"),
    ("tốc_độ", "true", "a decimal number"),
    ("phủ_sóng", '"45,5 %%"', "a percentage"),
    ("phủ_sóng", '"1/0%"', "a percentage"),
])
def test_a_bad_number_is_a_located_error(field, value, expected):
    text = f'[[units.vp.records."kết_nối"]]\n"ngày" = 2026-03-02\n"{field}" = {value}\n'
    with pytest.raises(FactsError) as info:
        loads_facts(text, vocabulary=vocabulary())
    (found,) = info.value.diagnostics
    assert (found.code, found.span.line, found.span.column) == ("F120", 3, 1 + len(f'"{field}" = '))
    assert expected in found.message.text("en")


def test_the_json_schema_describes_both_types():
    schema = facts_schema(vocabulary())
    assert schema["$defs"]["decimal"]["title"] == "Số thập phân"
    assert schema["$defs"]["percent"]["title"] == "Phần trăm"
    text = str(schema)
    assert "#/$defs/decimal" in text and "#/$defs/percent" in text


def test_tables_hold_decimals_and_percentages_as_exact_decimals(tmp_path):
    vocab = vocabulary()
    facts = loads_facts(TOML.replace('"1/3"', '"1/8"'), vocabulary=vocab)
    path = tmp_path / "facts.duckdb"
    sources.write_duckdb(facts, path, vocab)
    with sources.DuckDBSource(path) as source:
        back = source.facts(vocab).unit("vp").records
    assert [r.get("tốc_độ") for r in back] == [Fraction(3, 2), Fraction(-1, 4), Fraction(1, 8)]
    assert [r.get("phủ_sóng") for r in back] == [Fraction(91, 200), Fraction(91, 200), Fraction(1)]


PLAN = '''kế hoạch: "1/KH-TEST"
ngày ban hành: 01/01/2026
đơn vị vp: "Văn phòng"
''' + KINDS + '''chỉ số phủ_sóng_mỗi: phủ_sóng của mỗi kết_nối
chỉ số tốc_độ_mỗi: tốc_độ của mỗi kết_nối
'''


def _report(targets: str, facts_text: str, tmp_path=None):
    from sql_cases import check_both_paths
    rules = planrules.compile(planrules.parse(PLAN + targets, source="t.plan"), calendar=planrules.Calendar.plain())
    facts = loads_facts(facts_text, vocabulary=rules.vocabulary)
    as_of = dt.date(2026, 12, 31)
    if tmp_path is not None:
        path = tmp_path / "facts.duckdb"
        sources.write_duckdb(facts, path, rules.vocabulary)
        with sources.DuckDBSource(path) as source:
            check_both_paths(rules, facts, as_of, source)
    return rules.evaluate(facts, as_of)


def test_a_cap_on_a_percent_field_is_in_percent_and_on_a_decimal_field_a_plain_number(tmp_path):
    facts = TOML.replace('"1/3"', "2")
    report = _report("chỉ tiêu: phủ_sóng_mỗi tối thiểu 45,5% trong năm 2026\n"
                     "chỉ tiêu: tốc_độ_mỗi tối thiểu 1 trong năm 2026\n", facts, tmp_path)
    cover, speed = report.verdicts
    assert cover.status.value == "met" and cover.value == Fraction(91, 200)
    assert speed.status.value == "not_met" and speed.value == Fraction(-1, 4)
    assert "45.5%" in " ".join(e.text("en") for e in cover.explanation)


@pytest.mark.parametrize("target, key", [
    ("phủ_sóng_mỗi tối thiểu 45", "needs_percent_field"),
    ("tốc_độ_mỗi tối thiểu 45%", "needs_decimal"),
])
def test_a_threshold_in_the_wrong_unit_for_the_field_is_r210(target, key):
    from planrules.checks.check import check
    plan = planrules.parse(PLAN + f"chỉ tiêu: {target} hằng năm\n", source="t.plan")
    found = [d for d in check(plan) if d.code == "R210"]
    assert found and found[0].message.key == key and found[0].span.line == PLAN.count("\n") + 1


# ----------------------------------------------- general conditions --

GENERAL_TARGETS = (
    "số_lớp_tốt tối thiểu 2", "số_lớp_tốt không quá 1", "tỷ_lệ_lớp_đạt tối thiểu 50%", "tỷ_lệ_lớp_đạt không quá 33,33%",
    "số_lớp_ngắn tối thiểu 1", "giảm_lớp_tốt tối thiểu 10%", "số_hn_khác không quá 2", "số_hn_không_mật tối thiểu 1",
    "(số lượng lớp_tập_huấn có tỷ_lệ_đạt > 1/3% hoặc điểm ≠ -1/3) tối thiểu 1",
)


def _general_cases():
    from hypothesis import strategies as st
    from sql_cases import HEADER, compile_text, storable

    from planrules.strategies import facts_meeting, facts_violating, valid_facts

    @st.composite
    def draw_case(draw):
        targets = draw(st.lists(st.sampled_from(GENERAL_TARGETS), min_size=1, max_size=3, unique=True))
        period = draw(st.sampled_from([" trong năm 2026", " hằng năm", " đến ngày 30/06/2026"]))
        text = HEADER.format(number="9/KH-ĐK", title="Điều kiện", label="Lớp")
        text += "".join(f"chỉ tiêu: {t}{period}\n" for t in targets)
        rules = compile_text(text)
        rule = draw(st.sampled_from(rules.metric_rules))
        kit = draw(st.sampled_from([facts_meeting, facts_violating, None]))
        facts = None
        if kit is not None:
            try:
                facts = draw(kit(rule, rules=rules, year=2026))
            except ValueError:  # a target that cannot be broken
                facts = None
        if facts is None:
            facts = draw(valid_facts(rules, years=(2025, 2026)))
        day = draw(st.sampled_from([dt.date(2026, 12, 31), dt.date(2026, 6, 30), dt.date(2027, 1, 1)]))
        return rules, storable(facts), day, kit

    return draw_case()


def test_general_conditions_judge_alike_in_duckdb_and_python(tmp_path_factory):
    """The SQL/Python differential property on conditions with `hoặc`, sets, `≠`, numbers compared (decimal,
    percent, days, integer) and `trừ` on a count: the same verdicts, decided ones among them."""
    from hypothesis import HealthCheck, given, settings
    from sql_cases import check_both_paths

    decided = set()

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(_general_cases())
    def run(case):
        rules, facts, as_of, kit = case
        path = tmp_path_factory.mktemp("general") / "facts.duckdb"
        sources.write_duckdb(facts, path, rules.vocabulary)
        with sources.DuckDBSource(path) as source:
            check_both_paths(rules, facts, as_of, source)
        decided.update(v.status.value for v in rules.evaluate(facts, as_of).verdicts)

    run()
    assert {"met", "not_met"} <= decided  # the property saw decided verdicts, not only unknown ones


def test_an_exclusion_of_yes_no_tests_joined_by_or_is_answered_by_aggregate_counts():
    """`trừ mật hoặc không hành_chính` keeps exactly the records `không mật và hành_chính`: counts stating
    that answer it (the Vũ Dương TT 8 target); one stating something else does not."""
    plan = '''kế hoạch: "1/KH-TEST"
ngày ban hành: 01/01/2026
đơn vị vp: "Văn phòng"
bổ sung bản ghi văn_bản_gửi {
    hành_chính "Văn bản hành chính": có hoặc không
}
chỉ số tỷ_lệ_hc: tỷ lệ văn_bản_gửi có điện_tử trừ mật hoặc không hành_chính
chỉ tiêu: tỷ_lệ_hc tối thiểu 100% trong năm 2026
'''
    rules = planrules.compile(planrules.parse(plan, source="t.plan"), calendar=planrules.Calendar.plain())
    counts = '''[[units.vp.counts]]
kind = "văn_bản_gửi"
year = 2026
count = {whole}
where = {{ "hành_chính" = true, "mật" = false }}

[[units.vp.counts]]
kind = "văn_bản_gửi"
year = 2026
count = {part}
where = {{ "hành_chính" = true, "mật" = false, "điện_tử" = true }}
'''
    met = rules.evaluate(loads_facts(counts.format(whole=40, part=40), vocabulary=rules.vocabulary),
                         dt.date(2026, 12, 31)).verdicts[0]
    assert (met.status.value, met.value) == ("met", Fraction(1))
    short = rules.evaluate(loads_facts(counts.format(whole=40, part=39), vocabulary=rules.vocabulary),
                           dt.date(2026, 12, 31)).verdicts[0]
    assert (short.status.value, short.value) == ("not_met", Fraction(39, 40))
    other = counts.format(whole=40, part=40).replace('"mật" = false }', '"mật" = true }', 1)
    unknown = rules.evaluate(loads_facts(other, vocabulary=rules.vocabulary), dt.date(2026, 12, 31)).verdicts[0]
    assert unknown.status.value == "unknown"


# ------------------------------------------------ extending a kind --

EXTEND = '''bổ sung bản ghi văn_bản_gửi {
    hành_chính "Là văn bản hành chính": có hoặc không
    trang "Số trang": số nguyên
}
'''


def test_an_extension_formats_in_both_languages_and_adds_its_fields_after_the_kinds_own():
    plan = planrules.parse(EXTEND, source="v.plan")
    assert planrules.format(plan) == EXTEND
    en = planrules.format(plan, lang="en")
    assert en.startswith("extend record văn_bản_gửi {") and planrules.parse(en) == plan
    assert planrules.parse(EXTEND.replace("bổ sung", "BO SUNG")) == plan
    vocab = Vocabulary.of([planrules.prelude(), plan])
    assert [f.name for f in vocab.kinds["văn_bản_gửi"].fields] == ["ngày", "điện_tử", "mật", "hành_chính", "trang"]
    assert [f.name for f in Vocabulary.standard().kinds["văn_bản_gửi"].fields] == ["ngày", "điện_tử", "mật"]


def test_facts_carry_an_added_field_and_a_record_lacking_it_makes_a_condition_on_it_unknown(tmp_path):
    plan = '''kế hoạch: "1/KH-TEST"
ngày ban hành: 01/01/2026
đơn vị vp: "Văn phòng"
''' + EXTEND + '''chỉ tiêu: (tỷ lệ văn_bản_gửi có điện_tử trừ mật hoặc không hành_chính) tối thiểu 100% trong năm 2026
chỉ tiêu: (số lượng văn_bản_gửi có trang > 10) không quá 1 trong năm 2026
'''
    from sql_cases import check_both_paths
    rules = planrules.compile(planrules.parse(plan, source="t.plan"), calendar=planrules.Calendar.plain())
    record = '[[units.vp.records."văn_bản_gửi"]]\n"ngày" = 2026-03-0{n}\n"điện_tử" = true\n"mật" = false\n'
    whole = "".join(record.format(n=n) + f'"hành_chính" = true\n"trang" = {n * 6}\n\n' for n in (1, 2))
    facts = loads_facts(whole, vocabulary=rules.vocabulary)
    assert [v.status.value for v in rules.evaluate(facts, dt.date(2026, 12, 31)).verdicts] == ["met", "met"]
    lacking = loads_facts(whole + record.format(n=3), vocabulary=rules.vocabulary)
    report = rules.evaluate(lacking, dt.date(2026, 12, 31))
    assert [v.status.value for v in report.verdicts] == ["unknown", "unknown"]
    assert "hành_chính" in report.verdicts[0].explanation[0].text("en")
    path = tmp_path / "facts.duckdb"
    sources.write_duckdb(lacking, path, rules.vocabulary)
    with sources.DuckDBSource(path) as source:
        check_both_paths(rules, lacking, dt.date(2026, 12, 31), source)
    schema = str(facts_schema(rules.vocabulary))
    assert "Là văn bản hành chính" in schema


@pytest.mark.parametrize("text, code, place", [
    ('bổ sung bản ghi văn_bản_gửi {\n    mật "Độ mật": một trong a, b\n}\n', "R211", (2, 5)),
    ('bổ sung bản ghi không_có {\n    x: chuỗi\n}\n', "R204", (1, 1)),
])
def test_a_clash_or_an_unknown_kind_is_a_located_error(text, code, place):
    from planrules.checks.check import check
    plan = planrules.parse('kế hoạch: "1/KH"\nngày ban hành: 01/01/2026\n' + text, source="t.plan")
    (found,) = [d for d in check(plan) if d.code.startswith("R")]
    assert (found.code, found.span.line - 2, found.span.column) == (code, *place)


def test_the_same_field_added_again_is_allowed():
    from planrules.checks.check import check
    again = EXTEND + EXTEND.replace("    trang", "    mật \"Văn bản mật\": có hoặc không\n    trang")
    plan = planrules.parse('kế hoạch: "1/KH"\nngày ban hành: 01/01/2026\n' + again, source="t.plan")
    assert [d.code for d in check(plan) if d.code.startswith("R")] == []


def test_a_sum_with_a_general_condition_is_summed_from_records_on_both_paths(tmp_path):
    """`tổng FIELD của KIND có COND` (area FIGURES) takes the conditions of this area: a decimal field summed
    over the records meeting `hoặc` and a set, on Python facts and on DuckDB alike."""
    facts = TOML.replace('"phủ_sóng" = "45,5%"', '"phủ_sóng" = "45,5%"\n"loại" = "di_động"').replace('"1/3"', '"1/8"')
    facts = facts.replace('"phủ_sóng" = 45.5', '"phủ_sóng" = 45.5\n"loại" = "cáp_quang"')
    facts = facts.replace('"phủ_sóng" = 100', '"phủ_sóng" = 100\n"loại" = "cáp_quang"')
    report = _report("chỉ tiêu: (tổng tốc_độ của kết_nối có loại thuộc (di_động, vệ_tinh) hoặc phủ_sóng ≥ 95%) "
                     "tối thiểu 1,5 trong năm 2026\n", facts, tmp_path)
    (verdict,) = report.verdicts
    assert (verdict.status.value, verdict.value) == ("met", Fraction(3, 2) + Fraction(1, 8))


def test_a_condition_on_a_decimal_field_is_shown_with_the_decimal_comma_in_vietnamese_reports():
    from planrules.facts import model as f

    plan = planrules.parse('kế hoạch: "7/KH-TEST"\nngày ban hành: 01/01/2026\nđơn vị u: "U"\n' + KINDS
                           + "chỉ số chậm: số lượng kết_nối có tốc_độ < 0,5 hoặc phủ_sóng ≥ 12,5%\n"
                           "chỉ tiêu: chậm không quá 1 trong năm 2026\n", source="c.plan")
    rules = planrules.compile(plan, calendar=planrules.Calendar.plain())
    values = (("ngày", dt.date(2026, 3, 1)), ("tốc_độ", Fraction(1, 4)), ("phủ_sóng", Fraction(1, 2)))
    record = f.Record("kết_nối", values, id="K1", date=dt.date(2026, 3, 1))
    for records in ((record,), ()):  # counted, and unknown for want of records: both name the condition
        (verdict,) = rules.evaluate(f.Facts(units=(f.UnitFacts("u", records=records),)), dt.date(2026, 12, 31)).verdicts
        assert "tốc_độ<0,5 ∨ phủ_sóng≥12,5%" in verdict.explain("vi")
        assert "tốc_độ<0.5 ∨ phủ_sóng≥12.5%" in verdict.explain("en")
        assert "0.5" not in verdict.explain("vi")
        vi = planrules.render(rules.evaluate(f.Facts(units=(f.UnitFacts("u", records=records),)),
                                             dt.date(2026, 12, 31)), "text", lang="vi")
        # the report for people names the fields by their labels (docs/reports.md), numbers still as vi writes them
        assert "Tốc độ (Gb/s) < 0,5 ∨ Tỷ lệ phủ sóng ≥ 12,5%" in " ".join(vi.split()) and "0.5" not in vi


@pytest.mark.parametrize("condition, en, vi", [
    ("", "2 kết_nối records in 2026: 2 ≥ 1.", "2 bản ghi kết_nối năm 2026: 2 ≥ 1."),
    (" có tốc_độ < 0,5", "1 kết_nối records tốc_độ<0.5 in 2026: 1 ≥ 1.", "1 bản ghi kết_nối tốc_độ<0,5 năm 2026: 1 ≥ 1."),
])
def test_a_count_names_its_condition_and_no_placeholder_when_every_record_counts(condition, en, vi):
    """A count with no condition counts every record: "2 kết_nối records in 2026", never "records * in"."""
    from planrules.facts import model as f

    plan = planrules.parse('kế hoạch: "7/KH-TEST"\nngày ban hành: 01/01/2026\nđơn vị u: "U"\n' + KINDS
                           + f"chỉ số đếm: số lượng kết_nối{condition}\nchỉ tiêu: đếm tối thiểu 1 trong năm 2026\n",
                           source="c.plan")
    rules = planrules.compile(plan, calendar=planrules.Calendar.plain())
    records = tuple(f.Record("kết_nối", (("ngày", dt.date(2026, 3, d)), ("tốc_độ", Fraction(d, 4)),
                                         ("phủ_sóng", Fraction(1, 2))), id=f"K{d}", date=dt.date(2026, 3, d))
                    for d in (1, 3))
    (verdict,) = rules.evaluate(f.Facts(units=(f.UnitFacts("u", records=records),)), dt.date(2026, 12, 31)).verdicts
    assert en in verdict.explain("en") and vi in verdict.explain("vi")
    assert " * " not in verdict.explain("en") + verdict.explain("vi")
