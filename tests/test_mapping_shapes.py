"""A mapping that adapts shapes (docs/sql.md, "Mapping"): value maps, yes/no values, year columns, identity,
reported rows, units under the database's own names.

The differential property draws a plan and facts (`sql_cases.cases`), writes
them once in the plan's own layout and once in a foreign shape
(`foreign_shape.foreign_copy`: its own names, category codes, 'Y'/'N' or
1/0, no id column, a year column for the kinds whose rules count by calendar
year, reported rows for counts of zero) with its mapping file, and compares
the reports: identical, explanations included, unless a kind is read by year
(then each record stands on its year's first day, which an explanation listing
it shows: verdict for verdict, status, value, figures, violations). Each
adaptation has its own good and bad inputs, every error located.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import tempfile
from fractions import Fraction
from pathlib import Path

import attrs
import duckdb
import pytest
from foreign_shape import foreign_copy
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sql_cases import cases, same_meaning

import planrules
from planrules.base.diagnostics import FactsError
from planrules.evaluation.year_only import needs_date
from planrules.facts import model as f
from planrules.facts import sources
from planrules.facts.mapping import loads_mapping

ROOT = Path(__file__).parent.parent


def year_kinds(rules, facts, as_of) -> set[str]:
    """The dated kinds a year column can stand for here: no rule over the kind needs the date itself, no record
    of it falls in the judged year after `as_of` (the year's first day stands for it), no period starts
    inside a year."""
    if facts.period is not None and (facts.period[0].month, facts.period[0].day) != (1, 1):
        return set()
    out = set()
    for kind in rules.vocabulary.kinds:
        if rules.vocabulary.date_field(kind) is None:
            continue
        if any(needs_date(r) for r in rules.metric_rules  # a ratio's terms read their kinds as the rule does
               if kind in (r.record_kind, *(t.record_kind for t in r.terms))):
            continue
        if any(r.kind == kind and r.date is not None and r.date > as_of and r.date.year == as_of.year
               for u in facts.units for r in u.records):
            continue
        if _alike_by_year(facts, kind, rules.vocabulary.date_field(kind).name):
            continue
        out.add(kind)
    return out


def _alike_by_year(facts, kind: str, date: str) -> bool:
    """Would two records of `kind` without ids, of one unit, be the same record once their dates are their years
    (F141 in the foreign copy, two records in the plain layout)?"""
    for unit in facts.units:
        seen = set()
        for r in unit.records:
            if r.kind == kind and r.id is None:
                key = (tuple(sorted((n, v) for n, v in r.values if n != date)), r.date.year if r.date else None)
                if key in seen:
                    return True
                seen.add(key)
    return False


def with_zeros(facts, vocabulary, chosen: frozenset[int]):
    """`facts` with counts of zero (no condition) for some unit, kind and year that neither a record nor a count
    of that kind and year has (the `chosen` ones of those places, numbered in order, modulo 64): what the foreign
    copy writes as reported rows."""
    units, place = [], 0
    for unit in facts.units:
        added = []
        for kind in vocabulary.kinds:
            date = vocabulary.date_field(kind)
            records = [r for r in unit.records if r.kind == kind]
            if records and (date is None or any(r.date is None for r in records)):
                continue  # undated records count for every year
            for year in (2024, 2025, 2026, 2027):
                if any(r.date.year == year for r in records) or any(
                        c.kind == kind and c.year == year for c in unit.counts):
                    continue
                if place % 64 in chosen:
                    added.append(f.Count(kind, year, 0))
                place += 1
        units.append(attrs.evolve(unit, counts=unit.counts + tuple(added)))
    return attrs.evolve(facts, units=tuple(units))


def within_percent(facts, vocabulary):
    """`facts` with every percentage over 100% made its part past the whole (1.25 is 0.25): what a column written
    as the number of percent, 0-100, can hold."""
    percents = {(k, fd.name) for k, d in vocabulary.kinds.items() for fd in d.fields if fd.type.value == "percent"}

    def fitted(record):
        values = tuple((n, v - int(v) if (record.kind, n) in percents and v > 1 else v) for n, v in record.values)
        return attrs.evolve(record, values=values)

    return attrs.evolve(facts, units=tuple(attrs.evolve(u, records=tuple(map(fitted, u.records))) for u in facts.units))


def counts_unplaced(report):
    """`report` with the place of each count it names left out: a count of zero is a row of the plain layout's
    `counts` table and of the foreign `reports` table (where the other counts' rows are numbered anew)."""
    def unplaced(name):
        return re.sub(r"\((counts|reported)\[[0-9]+\]\)", "(count)", name) if isinstance(name, str) else name

    return attrs.evolve(report, verdicts=tuple(attrs.evolve(v, records=tuple(map(unplaced, v.records)))
                                               for v in report.verdicts))


def _evaluate_both(rules, facts, as_of, folder: Path, *, years: bool, numeric: bool, percents: bool = False,
                   keys: bool = False, filtered: bool = False, respelled: bool = False):
    """The report on the plain layout and on its foreign copy, each at the same path (records named alike)."""
    path = folder / "facts.duckdb"
    sources.write_duckdb(facts, path, rules.vocabulary)
    try:
        with sources.DuckDBSource(path) as source:
            plain = rules.evaluate(source, as_of)
    except FactsError:
        return None
    chosen = year_kinds(rules, facts, as_of) if years else set()
    path.rename(folder / "plain.duckdb")
    text = foreign_copy(folder / "plain.duckdb", path, rules.vocabulary, year_kinds=chosen, numeric_bools=numeric,
                        percents=percents, keys=keys, filtered=filtered, respelled=respelled)
    with sources.DuckDBSource(path, mapping=loads_mapping(text, "foreign.mapping.toml")) as source:
        foreign = rules.evaluate(source, as_of)
        python = rules.evaluate(source.facts(rules.vocabulary), as_of)
    return plain, foreign, python, chosen


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.booleans(), st.booleans(), st.frozensets(st.integers(0, 63), max_size=24), st.booleans(),
       st.sampled_from([False, True, "except"]), st.booleans())
def test_a_foreign_shape_through_its_mapping_judges_as_the_plain_layout(case, years, numeric, zeros, percents,
                                                                        filtered, respelled):
    """`respelled`: Vietnamese category codes stored decomposed and reported units with a space after them, which
    read as the mapping file's composed codes and as the units (`foreign_copy`)."""
    rules, facts, as_of = case
    facts = with_zeros(facts, rules.vocabulary, zeros)
    if percents:
        facts = within_percent(facts, rules.vocabulary)
    with tempfile.TemporaryDirectory() as folder:
        found = _evaluate_both(rules, facts, as_of, Path(folder), years=years, numeric=numeric, percents=percents,
                               filtered=filtered, respelled=respelled)
    if found is None:
        return
    plain, foreign, python, chosen = found
    if chosen:
        same_meaning(foreign, plain)
    else:
        assert counts_unplaced(foreign) == counts_unplaced(plain)
    assert foreign == python  # the in-Python path reads the same relations


CLASSES = st.one_of(  # the targets that read the percentage field tỷ_lệ_đạt (sql_cases.HEADER)
    st.builds("tỷ_lệ_lớp_đạt {} {}".format, st.sampled_from(("tối thiểu", "không quá")),
              st.sampled_from(("0%", "50%", "60%", "100%", "33,33%"))),
    st.builds("số_lớp_tốt {} {}".format, st.sampled_from(("tối thiểu", "không quá")), st.sampled_from(("0", "1", "3"))),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(targets=CLASSES))
def test_a_column_of_percents_through_its_mapping_judges_as_the_plain_layout(case):
    """The classes' percentages written as the number of percent (`percent = "0-100"`): the same report."""
    rules, facts, as_of = case
    facts = within_percent(facts, rules.vocabulary)
    with tempfile.TemporaryDirectory() as folder:
        found = _evaluate_both(rules, facts, as_of, Path(folder), years=False, numeric=False, percents=True)
    if found is None:
        return
    plain, foreign, python, _ = found
    assert counts_unplaced(foreign) == counts_unplaced(plain)
    assert foreign == python


# ------------------------------------------------- a small foreign database --

PLAN = '''kế hoạch: "7/KH-UBND"
tiêu đề: "Kế hoạch thử ánh xạ"
ngày ban hành: 01/01/2025
nhóm các_xã: "Các xã" = cấp xã
chỉ số số_văn_bản_gửi: số lượng văn_bản_gửi

nhiệm vụ I {
    nội dung: "Họp trực tuyến"
    chủ trì: các_xã
    chỉ tiêu: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 50% trong năm 2025
}
nhiệm vụ II {
    nội dung: "Văn bản điện tử"
    chủ trì: các_xã
    chỉ tiêu: tỷ_lệ_văn_bản_điện_tử tối thiểu 80% trong năm 2025
    chỉ tiêu: số_văn_bản_gửi không quá 3 trong năm 2025
}
'''

MAPPING = '''[tables."hội_nghị"]
table = "conferences"
columns = { unit = "commune_code", "ngày" = "held_on", "loại" = "type_code", "trực_tuyến" = "online" }
identity = ["commune_code", "seq"]
[tables."hội_nghị".values."loại"]
quan_triet = "quán_triệt"
chuyen_mon = "chuyên_môn"
[tables."hội_nghị".values."trực_tuyến"]
yes = ["Y"]
no = ["N"]

[tables."văn_bản_gửi"]
table = "docs_sent"
columns = { unit = "commune_code", "điện_tử" = "electronic", "mật" = "secret" }
year = "report_year"
identity = "row"
[tables."văn_bản_gửi".values."điện_tử"]
yes = [1]
no = [0]

[tables.units]
table = "communes"
columns = { unit = "commune_code", label = "commune_name", "tỉnh" = "province" }
level = "xã"

[reported]
table = "reports"
columns = { unit = "commune_code", kind = "record_type", year = "year" }
[reported.values.kind]
conf = "hội_nghị"
docs = "văn_bản_gửi"
'''


def foreign_database(path: Path, *, conferences=None, docs=None, reports=None) -> Path:
    """A commune reporting system's own database: its names, codes, Y/N and 1/0, a year column, no ids."""
    con = duckdb.connect(str(path))
    try:
        con.execute("CREATE TABLE communes (commune_code VARCHAR, commune_name VARCHAR, province VARCHAR)")
        con.execute("INSERT INTO communes VALUES ('VN-00001', 'Xã Một', 'P1'), ('VN-00002', 'Xã Hai', 'P1'), "
                    "('VN-00003', 'Xã Ba', 'P2')")
        con.execute("CREATE TABLE conferences (commune_code VARCHAR, seq INTEGER, held_on DATE, type_code VARCHAR, "
                    "online VARCHAR, note VARCHAR)")
        con.executemany("INSERT INTO conferences VALUES (?, ?, ?, ?, ?, NULL)", conferences if conferences is not None
                        else [("VN-00001", 1, dt.date(2025, 3, 1), "quan_triet", "Y"),
                              ("VN-00001", 2, dt.date(2025, 4, 1), "chuyen_mon", "N"),
                              ("VN-00002", 1, dt.date(2025, 5, 1), "quan_triet", "N")])
        con.execute("CREATE TABLE docs_sent (commune_code VARCHAR, report_year INTEGER, electronic INTEGER, "
                    "secret BOOLEAN)")
        con.executemany("INSERT INTO docs_sent VALUES (?, ?, ?, ?)", docs if docs is not None
                        else [("VN-00001", 2025, 1, False), ("VN-00001", 2025, 1, False),
                              ("VN-00002", 2025, 0, False), ("VN-00002", 2025, 1, True)])
        con.execute("CREATE TABLE reports (commune_code VARCHAR, record_type VARCHAR, year INTEGER)")
        rows = reports if reports is not None else [("VN-00003", "conf", 2025), ("VN-00003", "docs", 2025),
                                                    ("VN-00001", "docs", 2025)]
        if rows:
            con.executemany("INSERT INTO reports VALUES (?, ?, ?)", rows)
    finally:
        con.close()
    return path


def compiled(text: str = PLAN):
    return planrules.compile(planrules.parse(text, source="7.plan"), calendar=planrules.Calendar.plain())


def judged(path, mapping_text: str = MAPPING, plan: str = PLAN, as_of=dt.date(2025, 12, 31)):
    rules = compiled(plan)
    with sources.DuckDBSource(path, mapping=loads_mapping(mapping_text, "foreign.mapping.toml")) as source:
        report = rules.evaluate(source, as_of)
        assert report == rules.evaluate(source.facts(rules.vocabulary), as_of)
    return {(v.unit, v.rule): v for v in report.verdicts}


def refused(path, mapping_text: str = MAPPING, plan: str = PLAN) -> list:
    with pytest.raises(FactsError) as error:
        judged(path, mapping_text, plan)
    return error.value.diagnostics


def test_every_adaptation_at_once_judges_what_the_rows_say(tmp_path):
    verdicts = judged(foreign_database(tmp_path / "f.duckdb"))
    share = {u: verdicts[(u, "I#1")] for u in ("VN-00001", "VN-00002", "VN-00003")}
    assert share["VN-00001"].value == Fraction(1, 2) and share["VN-00001"].status.value == "met"  # Y of Y, N
    assert share["VN-00002"].value == 0 and share["VN-00002"].status.value == "not_met"
    assert share["VN-00003"].status.value == "not_applicable"  # reported, none held: 0/0
    docs = {u: verdicts[(u, "II#1")] for u in ("VN-00001", "VN-00002", "VN-00003")}
    assert docs["VN-00001"].value == 1 and docs["VN-00002"].value == 0  # the secret one left out
    assert docs["VN-00003"].status.value == "not_applicable"
    counts = {u: verdicts[(u, "II#2")] for u in ("VN-00001", "VN-00002", "VN-00003")}
    assert counts["VN-00003"].value == 0 and counts["VN-00003"].status.value == "met"  # a true zero
    assert counts["VN-00001"].value == 2  # records present: the reported row changes nothing


def test_mapped_fields_are_tested_on_their_stored_values_in_the_metric_statements(tmp_path, monkeypatch):
    """`online = 'Y'` rather than `CASE online WHEN 'Y' THEN TRUE … END = TRUE` (`stored_read`): the metric
    statements test a yes/no or a category field read through a value map on its stored values, and judge what
    the in-Python path judges on the same relations (`judged`)."""
    from planrules.facts import duckdb_engine

    seen: list[tuple[str, list]] = []
    run = duckdb_engine.DuckDBEngine.run

    def spy(self, sql, params=()):
        seen.append((sql, list(params)))
        return run(self, sql, params)

    monkeypatch.setattr(duckdb_engine.DuckDBEngine, "run", spy)
    verdicts = judged(foreign_database(tmp_path / "f.duckdb"))
    assert verdicts[("VN-00001", "I#1")].value == Fraction(1, 2)
    tests = [(text, params) for sql, params in seen if sql.startswith("WITH ")
             for text in [sql.split(") SELECT ", 1)[1]] if text.startswith('"unit", ') and " GROUP BY " in text
             and "COUNT(" in text]  # (not the checks' grouping of units and years: `RecordGroups`)
    assert len(tests) == 2  # one aggregate a kind
    for text, params in tests:
        assert '"planrules:stored:' in text and '"trực_tuyến" =' not in text and '"điện_tử" =' not in text
    assert "Y" in tests[0][1] + tests[1][1] and 1 in tests[0][1] + tests[1][1]  # the stored yes of each


def test_without_a_reported_row_absence_stays_unknown(tmp_path):
    verdicts = judged(foreign_database(tmp_path / "f.duckdb", reports=[]))
    assert verdicts[("VN-00003", "II#2")].status.value == "unknown"
    assert verdicts[("VN-00003", "I#1")].status.value == "unknown"


def test_a_value_the_map_does_not_list_is_an_error_at_its_row(tmp_path):
    path = foreign_database(tmp_path / "f.duckdb", conferences=[
        ("VN-00001", 1, dt.date(2025, 3, 1), "quan_triet", "Y"),
        ("VN-00001", 2, dt.date(2025, 4, 1), "hop_dot_xuat", "yes")])
    problems = refused(path)
    assert [d.code for d in problems] == ["F230", "F230"]
    texts = [d.message.text() for d in problems]
    assert texts == ['type_code (loại) holds "hop_dot_xuat", which the mapping\'s values for "loại" do not list',
                     'online (trực_tuyến) holds "yes", which the mapping\'s values for "trực_tuyến" do not list']
    assert problems[0].hints[0].text() == f"in {path} (conferences[2]), unit VN-00001"


def test_an_unlisted_kind_of_the_reported_table_is_an_error_at_its_row(tmp_path):
    path = foreign_database(tmp_path / "f.duckdb", reports=[("VN-00003", "meetings", 2025)])
    (problem,) = refused(path)
    assert problem.code == "F230" and '"meetings"' in problem.message.text()
    assert problem.hints[0].text() == f"in {path} (reports[1]), unit VN-00003"


@pytest.mark.parametrize("change, code, line, column, text", [
    ('chuyen_mon = "chuyên_môn"', "F231", 7, 14,
     'the mapping maps "chuyen_mon" to "chuyen_mon", which is not a category of "loại"'),
    ('yes = ["Y"]', "F233", 10, 12, 'the mapping lists "Y" both as yes and as no for "trực_tuyến"'),
    ('docs = "văn_bản_gửi"', "F231", 31, 8,
     'the mapping maps "docs" to "văn_bản_gui", which is not a record kind'),
    ('year = "report_year"', "F234", 14, 1,
     '"văn_bản_gửi" maps its date field "ngày" and a year column: give one or the other'),
    ('identity = ["commune_code", "seq"]', "F234", 3, 1,
     '"hội_nghị" maps id and gives an identity: give one or the other'),
])
def test_shapes_that_do_not_fit_the_vocabulary_are_located_in_the_mapping_file(tmp_path, change, code, line,
                                                                                column, text):
    replaced = {'chuyen_mon = "chuyên_môn"': 'chuyen_mon = "chuyen_mon"',
                'yes = ["Y"]': 'yes = ["Y"]\nno = ["N", "Y"]',
                'docs = "văn_bản_gửi"': 'docs = "văn_bản_gui"',
                'year = "report_year"': 'year = "report_year"\ncolumns = { unit = "commune_code", "ngày" = "sent_on" }',
                'identity = ["commune_code", "seq"]': 'identity = ["commune_code", "seq"]\ncolumns = { unit = '
                                                      '"commune_code", id = "seq" }'}[change]
    mapping = MAPPING.replace(change, replaced)
    if change == 'yes = ["Y"]':
        mapping = mapping.replace('no = ["N", "Y"]\nno = ["N"]', 'no = ["N", "Y"]')
    if change == 'year = "report_year"':
        mapping = mapping.replace('columns = { unit = "commune_code", "điện_tử" = "electronic", "mật" = "secret" }\n', '')
    if change == 'identity = ["commune_code", "seq"]':
        mapping = mapping.replace('columns = { unit = "commune_code", "ngày" = "held_on", "loại" = "type_code", '
                                  '"trực_tuyến" = "online" }\n', '')
    problems = refused(foreign_database(tmp_path / "f.duckdb"), mapping)
    assert [(d.code, d.span.line, d.span.column, d.message.text()) for d in problems][:1] == [
        (code, line, column, text)]


def test_identity_row_keeps_identical_rows_and_identity_columns_find_duplicates(tmp_path):
    path = foreign_database(tmp_path / "f.duckdb")
    problems = refused(path, MAPPING.replace('identity = "row"\n', ""))  # two identical documents of VN-00001
    assert [d.code for d in problems] == ["F141"]
    assert problems[0].hints[0].text() == f"in {path} (docs_sent[2]), unit VN-00001"
    twice = foreign_database(tmp_path / "twice.duckdb", conferences=[
        ("VN-00001", 1, dt.date(2025, 3, 1), "quan_triet", "Y"), ("VN-00001", 1, dt.date(2025, 4, 1), "quan_triet", "N")])
    (problem,) = refused(twice)
    assert problem.code == "F140" and '"1"' in problem.message.text()
    assert problem.hints[0].text() == f"in {twice} (conferences[2]), unit VN-00001"


def test_a_rule_that_needs_the_date_of_a_year_only_kind_is_refused_in_the_mapping_file(tmp_path):
    plan = PLAN.replace("tỷ_lệ_văn_bản_điện_tử tối thiểu 80% trong năm 2025",
                        "tỷ_lệ_văn_bản_điện_tử tối thiểu 80% đến ngày 30/06/2025")
    (problem,) = refused(foreign_database(tmp_path / "f.duckdb"), plan=plan)
    assert (problem.code, problem.span.file, problem.span.line) == ("F235", "foreign.mapping.toml", 15)
    assert problem.message.text() == ('II#1 needs the date of each văn_bản_gửi record (records count up to '
                                      '30/06/2025), but the mapping gives văn_bản_gửi only a year')
    effective = PLAN.replace("ngày ban hành: 01/01/2025", "ngày ban hành: 01/01/2025\nhiệu lực từ: 01/07/2025")
    assert [d.code for d in refused(foreign_database(tmp_path / "g.duckdb"), plan=effective)] == ["F235", "F235"]


def test_identity_and_year_columns_the_table_lacks_are_named_before_any_query(tmp_path):
    mapping = MAPPING.replace('identity = ["commune_code", "seq"]', 'identity = ["commune_code", "sequence"]')
    mapping = mapping.replace('year = "report_year"', 'year = "yr"')
    problems = refused(foreign_database(tmp_path / "f.duckdb"), mapping)
    assert [(d.code, d.span.line, d.span.column) for d in problems] == [("F103", 4, 29), ("F103", 15, 8)]
    assert problems[0].hints[0].text() == ('the columns of "conferences": commune_code, seq, held_on, type_code, '
                                           'online, note')
    assert 'column "yr" of table "docs_sent"' in problems[1].message.text()


def test_a_year_column_that_is_not_a_whole_number_and_a_double_for_a_decimal_are_refused(tmp_path):
    path = foreign_database(tmp_path / "f.duckdb")
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE docs_sent ALTER report_year TYPE VARCHAR")
    con.close()
    (problem,) = refused(path)
    assert (problem.code, problem.span.line) == ("F120", 15)
    assert problem.message.text() == 'column "report_year" of table "docs_sent" is VARCHAR, but year is integer'


def test_the_units_table_gives_levels_labels_and_attributes_for_a_roll_up(tmp_path):
    path = foreign_database(tmp_path / "f.duckdb")
    rules = compiled()
    with sources.DuckDBSource(path, mapping=loads_mapping(MAPPING, "m.toml")) as source:
        light = source.light_facts(rules.vocabulary)
        report = rules.evaluate(source, dt.date(2025, 12, 31))
    units = {u.name: u for u in light.units}
    assert units["VN-00001"].level == "xã" and units["VN-00001"].label == "Xã Một"
    assert dict(units["VN-00003"].attributes) == {"tỉnh": "P2"}
    rolled = planrules.rollup(report, light, "tỉnh") if hasattr(planrules, "rollup") else None
    if rolled is not None:
        assert {v.unit for v in rolled.verdicts} == {"P1", "P2"}


def test_the_worked_example_of_docs_sql_md_is_what_eval_prints(tmp_path, monkeypatch):
    import io

    from planrules.tooling.cli import run

    doc = (ROOT / "docs/sql.md").read_text(encoding="utf-8")
    mapping = doc.split("table. The mapping says each of these, so no view is needed. Every key, in one file:\n\n```toml\n"
                        )[1].split("```")[0]
    plan = doc.split("identical, a `reports` table) and the plan `7.plan` it is judged on:\n\n```text\n")[1].split("```")[0]
    shown = doc.split("```text mapping-example\n")[1].split("```")[0]
    assert plan == PLAN and loads_mapping(mapping).tables == loads_mapping(MAPPING).tables
    foreign_database(tmp_path / "commune.duckdb")
    (tmp_path / "7.plan").write_text(plan, encoding="utf-8")
    (tmp_path / "commune.mapping.toml").write_text(mapping, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    code = run(["eval", "7.plan", "--facts", "commune.duckdb", "--mapping", "commune.mapping.toml", "--as-of",
                "2025-12-31", "--group-by", "tỉnh", "--lang", "en"], out, err)
    assert code == 0, err.getvalue()
    assert err.getvalue() == ""  # the communes bound through the units table's level: no group is empty (F214)
    printed, at = out.getvalue(), 0
    for part in shown.split("…\n"):
        found = printed.find(part, at)
        assert found >= 0, part
        at = found + len(part)
    without = foreign_database(tmp_path / "silent.duckdb", reports=[])
    verdicts = judged(without, mapping, plan)
    assert {verdicts[("VN-00003", r)].status.value for r in ("I#1", "II#1", "II#2")} == {"unknown"}


def test_reported_zeros_are_remembered_with_the_validation_and_found_afresh_when_records_go(tmp_path, monkeypatch):
    """A repeat run on the unchanged database reads the `[reported]` zeros the validation kept (no anti-join of the
    records); records deleted afterwards make a reported row a zero again, as without the cache."""
    from planrules.facts import duckdb_engine
    from planrules.pipeline import Pipeline
    from planrules.tooling.cache import Cache

    path = foreign_database(tmp_path / "f.duckdb")
    mapping = tmp_path / "foreign.mapping.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    rules, seen = compiled(), []
    run = duckdb_engine.DuckDBEngine.run
    monkeypatch.setattr(duckdb_engine.DuckDBEngine, "run",
                        lambda self, sql, params=(): seen.append(sql) or run(self, sql, params))

    def judged_with(cache_folder):
        seen.clear()
        with contextlib.ExitStack() as stack:
            pipeline = Pipeline(cache=stack.enter_context(Cache(cache_folder)) if cache_folder else None)
            fitted = pipeline.fit(rules, path, mapping=str(mapping))
            report = pipeline.evaluate(fitted, dt.date(2025, 12, 31)).report
        grouped = any(" AS r LEFT JOIN " in sql for sql in seen)
        return fitted.source.validation.reused, grouped, {(v.unit, v.rule): v for v in report.verdicts}

    reused, grouped, first = judged_with(tmp_path / "cache")
    assert not reused and grouped and first[("VN-00003", "II#2")].value == 0
    reused, grouped, again = judged_with(tmp_path / "cache")
    assert reused and not grouped and again == first
    con = duckdb.connect(str(path))  # VN-00001 reported its documents of 2025: with none left, a true zero
    con.execute("DELETE FROM docs_sent WHERE commune_code = 'VN-00001'")
    con.close()
    reused, grouped, changed = judged_with(tmp_path / "cache")
    assert not reused and grouped and changed == judged_with(None)[2]
    assert changed[("VN-00001", "II#2")].value == 0 and changed[("VN-00001", "II#2")].status.value == "met"


TYPED = st.one_of(st.sampled_from(["1", "0", "01", "-0", "+1", " 1", "1 ", "-3", "Y", "y", "", "true",
                                   "9223372036854775808"]),
                  st.integers(-5, 5).map(str))


def _column_of(type_: str, stored: list):
    """An in-memory DuckDB with a table `t` whose column `v` of type `type_` holds NULL, a few usual values and
    `stored`, each where the type holds it."""
    con = duckdb.connect()
    con.execute(f"CREATE TABLE t (v {type_})")
    for value in [None, 0, 1, -3, "1", "01", "Y", "true", *stored]:
        try:
            con.execute("INSERT INTO t VALUES (?)", [value])
        except duckdb.Error:
            continue  # not a value of the type
    return con


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["BIGINT", "INTEGER", "SMALLINT", "TINYINT", "VARCHAR", "BOOLEAN", "DOUBLE"]),
       st.lists(st.one_of(st.none(), st.integers(-5, 5), st.sampled_from(["1", "01", "Y", " 1", "y", "true"])),
                max_size=8),
       st.lists(TYPED, min_size=1, max_size=5, unique=True))
def test_a_value_map_read_in_the_columns_type_reads_as_the_text_comparison(type_, stored, listed):
    """`mapped_read` with the column's type (compared in that type where every listed value is of it) gives, row
    for row, what the comparison as text gives: the same value, NULL where unlisted or NULL."""
    from planrules.facts.mapping_shapes import mapped_read
    from planrules.facts.sql_text import placed

    con = _column_of(type_, stored)
    pairs = tuple((raw, f"c{i}") for i, raw in enumerate(listed))
    read = {}
    for typed in (type_, None):
        values: list = []
        select = placed(mapped_read("v", pairs, values, typed), 0)
        read[typed] = con.execute(f"SELECT {select} FROM t ORDER BY rowid", values).fetchall()
    con.close()
    assert read[type_] == read[None]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["BIGINT", "INTEGER", "SMALLINT", "TINYINT", "VARCHAR", "BOOLEAN", "DOUBLE"]),
       st.lists(st.one_of(st.none(), st.integers(-5, 5), st.sampled_from(["1", "01", "Y", " 1", "y", "true"])),
                max_size=8),
       st.lists(st.tuples(TYPED, st.sampled_from(["c0", "c1", "c2", True, False])), min_size=1, max_size=6))
@example("BIGINT", [], [("1", "c0"), ("1", "c1"), ("0", "c1")])  # 1 listed twice: its first pair decides
@example("VARCHAR", ["Y", "N"], [("Y", True), ("y", True), ("N", False)])  # two stored values read as yes
def test_a_mapped_field_tested_on_its_stored_values_reads_as_tested_on_its_map(type_, stored, pairs):
    """`stored_read`: on every row whose value the map lists (or NULL: the map is total, F230), the stored value
    is one of those read as `v` exactly when the field as `mapped_read` reads it equals `v`, and NULL exactly when
    it is NULL; a stored value listed twice reads as its first pair, as the CASE does."""
    from planrules.facts.mapping_shapes import mapped_read, stored_read
    from planrules.facts.sql_text import placed

    pairs = tuple(pairs)
    if len({type(read) for _, read in pairs}) > 1:
        return  # a map reads as categories or as yes/no, never both
    con = _column_of(type_, stored)
    for typed in (type_, None):
        values: list = []
        mapped = placed(mapped_read("v", pairs, values, typed), 0).removesuffix(' AS "v"')
        subject, keys = stored_read("v", pairs, typed)

        def among(found) -> str:  # `subject` is one of `found`, as `$n` after the values so far
            values.extend(found)
            return f"{subject} IN ({', '.join(f'${len(values) - len(found) + 1 + i}' for i in range(len(found)))})"

        # (a value no stored value reads as, its pairs all after another's, is tested on the field as read: `sql`)
        asked = sorted(keys, key=repr)
        tests = [among(keys[v]) for v in asked]
        listed = among([k for found in keys.values() for k in found])  # the map is total: F230 before
        rows = con.execute(f"SELECT {mapped}, {subject} IS NULL, {', '.join(tests)} FROM t "
                           f"WHERE {subject} IS NULL OR {listed}", values).fetchall()
        for read, is_null, *matches in rows:
            assert (read is None) == is_null
            for v, match in zip(asked, matches):
                assert (None if read is None else read == v) == match, (v, read, match)
    con.close()


def test_a_double_column_for_a_decimal_field_is_refused_and_a_near_miss_of_a_units_column_too(tmp_path):
    plan = PLAN.replace('chỉ số số_văn_bản_gửi: số lượng văn_bản_gửi', 'chỉ số số_văn_bản_gửi: số lượng văn_bản_gửi\n'
                        'chỉ số thời_lượng_họp: thời_lượng của mỗi hội_nghị\n')
    path = foreign_database(tmp_path / "f.duckdb")
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE conferences ADD COLUMN hours DOUBLE")
    con.close()
    mapping = MAPPING.replace('"trực_tuyến" = "online" }', '"trực_tuyến" = "online", "thời_lượng" = "hours" }')
    (problem,) = refused(path, mapping, plan)
    assert problem.code == "F120" and "DOUBLE" in problem.message.text()
    near = MAPPING.replace('label = "commune_name"', 'lable = "commune_name"')
    (problem,) = refused(path, near)
    assert (problem.code, problem.span.line) == ("F103", 23) and 'did you mean "label"?' in problem.hints[0].text()


def test_postgresql_reads_the_same_shapes_alike(server, tmp_path):
    """The small foreign database copied into a PostgreSQL schema (TEXT, INTEGER, SMALLINT 1/0, BOOLEAN, DATE)
    judges as in DuckDB: the value maps, the year column, identity and the reported rows are the same SQL."""
    import secrets

    import psycopg

    path = foreign_database(tmp_path / "f.duckdb")
    expected = judged(path)
    schema = f"planrules_shapes_{secrets.token_hex(6)}"
    with psycopg.connect(server, autocommit=True) as admin:
        try:
            copy_to_postgres(path, admin, schema)
            rules = compiled()
            with sources.PostgresSource(server, schema=schema, mapping=loads_mapping(MAPPING, "m.toml")) as source:
                report = rules.evaluate(source, dt.date(2025, 12, 31))
                assert report == rules.evaluate(source.facts(rules.vocabulary), dt.date(2025, 12, 31))
            found = {(v.unit, v.rule): v for v in report.verdicts}
            assert {k: (v.status, v.value, v.figures) for k, v in found.items()} == {
                k: (v.status, v.value, v.figures) for k, v in expected.items()}
            admin.execute(f'INSERT INTO "{schema}".conferences VALUES (%s, 9, %s, %s, %s, NULL)',
                          ["VN-00002", dt.date(2025, 6, 1), "hop_dot_xuat", "Y"])
            with sources.PostgresSource(server, schema=schema, mapping=loads_mapping(MAPPING, "m.toml")) as source, \
                    pytest.raises(FactsError) as error:
                rules.evaluate(source, dt.date(2025, 12, 31))
            assert [d.code for d in error.value.diagnostics] == ["F230"]
        finally:
            admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.mark.parametrize(("table", "column", "update", "line"), [
    ("conferences", "online", "UPDATE {t} SET online = 'y' WHERE online = 'Y'", 3),  # a yes/no list's 'Y'
    ("conferences", "type_code", "UPDATE {t} SET type_code = 'QUAN_TRIET' WHERE seq = 2", 3),  # a value map's key
    ("conferences", "seq", "UPDATE {t} SET seq = CASE seq WHEN '1' THEN 'a' ELSE 'A' END", 4),  # an identity
    ("reports", "record_type", "UPDATE {t} SET record_type = 'CONF' WHERE record_type = 'conf'", 28),  # reported kind
    ("reports", "commune_code", "UPDATE {t} SET commune_code = lower(commune_code)", 28),
])
@pytest.mark.parametrize("domain", [False, True])
def test_a_column_the_mapping_reads_under_a_nondeterministic_collation_is_refused(server, tmp_path, table, column,
                                                                                  update, line, domain):
    """PostgreSQL compares such a column by its collation: the yes/no list's 'Y' took the row 'y' as yes, the
    reported kind 'conf' matched 'CONF' (and the row was then dropped: its zero unknown), an identity's 'a' and 'A'
    were one id (F140), where the same facts anywhere else are F230, F230 and two records. A value-mapped,
    identity or reported column was read without the type check that refuses a text field so collated (F120):
    now F120 at the mapping's key for it, the domain over text that carries the collation included."""
    import secrets

    import psycopg

    from planrules.facts.sql_text import quote

    path = foreign_database(tmp_path / "f.duckdb")
    schema = f"planrules_collated_{secrets.token_hex(6)}"
    with psycopg.connect(server, autocommit=True) as admin:
        try:
            copy_to_postgres(path, admin, schema)
            admin.execute(f"CREATE COLLATION {quote(schema)}.ci (provider = icu, locale = 'und-u-ks-level2', "
                          "deterministic = false)")
            type_ = f"TEXT COLLATE {quote(schema)}.ci"
            if domain:
                admin.execute(f"CREATE DOMAIN {quote(schema)}.code AS {type_}")
                type_ = f"{quote(schema)}.code"
            t = f"{quote(schema)}.{table}"
            admin.execute(f"ALTER TABLE {t} ALTER COLUMN {column} TYPE {type_}")
            admin.execute(update.format(t=t))
            with sources.PostgresSource(server, schema=schema, mapping=loads_mapping(MAPPING, "m.toml")) as source, \
                    pytest.raises(FactsError) as error:
                compiled().evaluate(source, dt.date(2025, 12, 31))
        finally:
            admin.execute(f"DROP SCHEMA IF EXISTS {quote(schema)} CASCADE")
    (problem,) = error.value.diagnostics
    assert (problem.code, problem.span.line) == ("F120", line)
    assert problem.message.text().startswith(f'the mapping reads column "{column}" of table "{table}", which is ')
    assert "compares its values by that collation" in problem.message.text()


@pytest.mark.parametrize(("type_", "values", "option"), [
    ("DOUBLE PRECISION", ["0.3", "CAST(0.1 AS FLOAT8) + CAST(0.2 AS FLOAT8)", "7"], "extra_float_digits=-15"),  # one '0.3' there: F140
    ("DATE", ["'2025-03-01'", "'2025-01-03'", "'2025-03-02'"], "DateStyle=SQL,DMY"),
    ("TIMESTAMPTZ", ["'2025-03-01 23:30+00'", "'2025-03-02 00:30+00'", "'2025-03-03 00:00+00'"],
     "TimeZone=Asia/Ho_Chi_Minh"),
    ("BYTEA", ["'\\x01'", "'\\x02'", "'\\x03'"], "bytea_output=escape"),
    ("INTERVAL", ["'1 day'", "'2 days'", "'3 days'"], "IntervalStyle=sql_standard"),
])
def test_an_identity_reads_alike_whatever_the_session_writes_text_as(server, tmp_path, type_, values, option):
    """An identity's column is cast to text, which a session writes by its settings: under extra_float_digits=-15
    the doubles 0.3 and 0.1 + 0.2 were one id (F140) where the server's default tells them apart, and a date's,
    a timestamp's, a bytea's or an interval's id was another text (the records named otherwise) for a role or a
    connection string setting DateStyle, TimeZone, bytea_output or IntervalStyle. The session fixes them."""
    import secrets

    import psycopg

    from planrules.facts.sql_text import quote

    path = foreign_database(tmp_path / "f.duckdb")
    schema = f"planrules_session_{secrets.token_hex(6)}"
    rules = compiled()
    with psycopg.connect(server, autocommit=True) as admin:
        try:
            copy_to_postgres(path, admin, schema)
            t = f"{quote(schema)}.conferences"
            admin.execute(f"ALTER TABLE {t} ALTER COLUMN seq TYPE {type_} USING NULL")
            admin.execute(f"UPDATE {t} SET seq = CAST(CASE held_on WHEN '2025-03-01' THEN {values[0]} WHEN "
                          f"'2025-04-01' THEN {values[1]} ELSE {values[2]} END AS {type_})")
            reports = []
            for conninfo in (server, psycopg.conninfo.make_conninfo(server, options=f"-c {option}")):
                with sources.PostgresSource(conninfo, schema=schema, mapping=loads_mapping(MAPPING, "m.toml")) as source:
                    reports.append(rules.evaluate(source, dt.date(2025, 12, 31)))
        finally:
            admin.execute(f"DROP SCHEMA IF EXISTS {quote(schema)} CASCADE")
    assert reports[0] == reports[1]


@pytest.mark.parametrize("extra", ["json_build_object('a', held_on)", "xmlparse(content '<a/>')", "point(seq, 2)",
                                   "ARRAY[json_build_object('a', 1)]"])
def test_a_view_with_a_column_of_no_order_is_numbered_by_its_text(server, tmp_path, extra):
    """A view's rows are numbered in the order of their values, every column of it: one of a type with no order
    (json, xml, point) failed the window (F101, "could not identify an ordering operator"), though the mapping does
    not even read it. Such a column orders by its text; the verdicts are the table's."""
    import secrets

    import psycopg

    from planrules.facts.sql_text import quote

    path = foreign_database(tmp_path / "f.duckdb")
    expected = {k: (v.status, v.value, v.figures) for k, v in judged(path).items()}
    schema = f"planrules_view_{secrets.token_hex(6)}"
    rules = compiled()
    with psycopg.connect(server, autocommit=True) as admin:
        try:
            copy_to_postgres(path, admin, schema)
            s = quote(schema)
            admin.execute(f"ALTER TABLE {s}.conferences RENAME TO conferences_table")
            admin.execute(f"CREATE VIEW {s}.conferences AS SELECT *, {extra} AS extra FROM {s}.conferences_table")
            with sources.PostgresSource(server, schema=schema, mapping=loads_mapping(MAPPING, "m.toml")) as source:
                report = rules.evaluate(source, dt.date(2025, 12, 31))
                assert report == rules.evaluate(source.facts(rules.vocabulary), dt.date(2025, 12, 31))
        finally:
            admin.execute(f"DROP SCHEMA IF EXISTS {quote(schema)} CASCADE")
    assert {(v.unit, v.rule): (v.status, v.value, v.figures) for v in report.verdicts} == expected


@pytest.mark.parametrize("view", [False, True])
def test_a_role_granted_only_the_columns_the_mapping_reads_evaluates(server, tmp_path, view):
    """A national database hides what is personal: the reporting role is granted the columns it needs
    (`GRANT SELECT (commune_code, …) ON conferences`), not the note. Such a role may read no `ctid`, and a view's
    rows were numbered by every column: both failed (F101, permission denied) though the mapping reads no hidden
    column. A table so granted is numbered as a view is, by the values the role may read; the verdicts are the
    owner's."""
    import secrets

    import psycopg

    from planrules.facts.sql_text import quote

    path = foreign_database(tmp_path / "f.duckdb")
    expected = {k: (v.status, v.value, v.figures) for k, v in judged(path).items()}
    schema = f"planrules_grants_{secrets.token_hex(6)}"
    role = f"planrules_reader_{secrets.token_hex(4)}"
    rules = compiled()
    with psycopg.connect(server, autocommit=True) as admin:
        try:
            copy_to_postgres(path, admin, schema)
            s = quote(schema)
            if view:
                admin.execute(f"ALTER TABLE {s}.conferences RENAME TO conferences_table")
                admin.execute(f"CREATE VIEW {s}.conferences AS SELECT * FROM {s}.conferences_table")
            admin.execute(f"CREATE ROLE {quote(role)} LOGIN")
            admin.execute(f"GRANT USAGE ON SCHEMA {s} TO {quote(role)}")
            admin.execute(f"GRANT SELECT ON {s}.communes, {s}.docs_sent, {s}.reports TO {quote(role)}")
            admin.execute(f"GRANT SELECT (commune_code, seq, held_on, type_code, online) ON {s}.conferences TO "
                          f"{quote(role)}")
            reader = psycopg.conninfo.make_conninfo(server, user=role)
            with sources.PostgresSource(reader, schema=schema, mapping=loads_mapping(MAPPING, "m.toml")) as source:
                report = rules.evaluate(source, dt.date(2025, 12, 31))
                assert report == rules.evaluate(source.facts(rules.vocabulary), dt.date(2025, 12, 31))
        finally:
            admin.execute(f"DROP SCHEMA IF EXISTS {quote(schema)} CASCADE")
            admin.execute(f"DROP OWNED BY {quote(role)}")
            admin.execute(f"DROP ROLE IF EXISTS {quote(role)}")
    assert {(v.unit, v.rule): (v.status, v.value, v.figures) for v in report.verdicts} == expected


def test_an_identity_of_several_columns_reads_alike_with_backslashes_as_escapes(server, tmp_path):
    """An identity of several columns escapes each part's backslashes and slashes in SQL (`'\\'`); a role or a
    connection string setting standard_conforming_strings=off makes a backslash in a literal an escape, and the
    statement was a syntax error (F101). The session reads its SQL as written; the verdicts are DuckDB's."""
    import secrets

    import psycopg

    from planrules.facts.sql_text import quote

    mapping = MAPPING.replace('identity = ["commune_code", "seq"]', 'identity = ["commune_code", "seq", "type_code"]')
    path = foreign_database(tmp_path / "f.duckdb")
    expected = {k: (v.status, v.value, v.figures) for k, v in judged(path, mapping).items()}
    schema = f"planrules_escapes_{secrets.token_hex(6)}"
    rules = compiled()
    with psycopg.connect(server, autocommit=True) as admin:
        try:
            copy_to_postgres(path, admin, schema)
            asking = psycopg.conninfo.make_conninfo(server, options="-c standard_conforming_strings=off")
            with sources.PostgresSource(asking, schema=schema, mapping=loads_mapping(mapping, "m.toml")) as source:
                report = rules.evaluate(source, dt.date(2025, 12, 31))
        finally:
            admin.execute(f"DROP SCHEMA IF EXISTS {quote(schema)} CASCADE")
    assert {(v.unit, v.rule): (v.status, v.value, v.figures) for v in report.verdicts} == expected


def copy_to_postgres(path, admin, schema: str, unit_type: str = "TEXT") -> None:
    """The small foreign DuckDB file `path` (`foreign_database`) copied into a new PostgreSQL `schema` through the
    autocommit connection `admin`, the reported rows' unit column of type `unit_type`."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        for table, ddl in (("communes", "commune_code TEXT, commune_name TEXT, province TEXT"),
                           ("conferences", "commune_code TEXT, seq INTEGER, held_on DATE, type_code TEXT, "
                                           "online TEXT, note TEXT"),
                           ("docs_sent", "commune_code TEXT, report_year SMALLINT, electronic SMALLINT, "
                                         "secret BOOLEAN"),
                           ("reports", f"commune_code {unit_type}, record_type TEXT, year INTEGER")):
            admin.execute(f'CREATE TABLE "{schema}".{table} ({ddl})')
            rows = con.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
            if rows:
                marks = ", ".join(["%s"] * len(rows[0]))
                with admin.cursor() as cursor:
                    cursor.executemany(f'INSERT INTO "{schema}".{table} VALUES ({marks})', rows)
    finally:
        con.close()


def test_with_an_identity_a_column_named_id_is_not_read(tmp_path):
    path = foreign_database(tmp_path / "f.duckdb")
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE conferences ADD COLUMN id VARCHAR DEFAULT 'same'")  # would be F140 if read
    con.execute("ALTER TABLE docs_sent ADD COLUMN id VARCHAR DEFAULT 'same'")
    con.close()
    verdicts = judged(path)
    assert verdicts[("VN-00001", "I#1")].value == Fraction(1, 2)
    assert verdicts[("VN-00001", "II#2")].value == 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 60), st.sampled_from(
    ['', 'x = 1', 'identity = []', 'identity = "rows"', 'identity = [1]', 'year = 2025', 'year = "seq"', 'level = ""',
     'yes = [1.5]', 'no = [[]]', 'quan_triet = 3', '"" = "quán_triệt"', 'values = 1', 'kind = "unit"',
     '[tables."hội_nghị".values.unit]', '[tables.units.values."tỉnh"]', '[reported.values.unit]', 'DOC = "cán_bộ"',
     '[tables.counts]\nyear = "year"', 'columns = { unit = "seq" }', 'yes = ["N"]', 'no = [true, 0, "0"]',
     'percent = { "loại" = "0-100" }', 'percent = { "ngày" = 1 }', 'percent = 3', '[tables."hội_nghị".percent]',
     'key = "commune_code"', 'key = "province"', 'key = 3', '[tables."hội_nghị".values.unit]\nVN-00001 = "x"'])),
    max_size=4))
def test_a_mutated_mapping_gives_verdicts_or_located_facts_errors(tmp_path_factory, edits):
    """Bad shapes never raise anything but `FactsError`, each diagnostic with a place."""
    lines = MAPPING.splitlines()
    for at, text in edits:
        lines.insert(min(at, len(lines)), text)
    folder = tmp_path_factory.mktemp("mutated")
    path = folder / "f.duckdb"
    if not path.exists():
        foreign_database(path)
    try:
        judged(path, "\n".join(lines) + "\n")
    except FactsError as error:
        assert error.diagnostics and all(d.span is not None or d.hints for d in error.diagnostics)


def test_shapes_on_a_facts_table_are_refused_at_their_key(tmp_path):
    mapping = MAPPING.replace('level = "xã"', 'level = "xã"\n[tables.units.values."tỉnh"]\nP1 = "x"') + \
        '[tables.counts]\nyear = "year"\n'
    problems = refused(foreign_database(tmp_path / "f.duckdb"), mapping)
    assert [(d.code, d.message.text()) for d in problems] == [
        ("F232", 'values is for a record kind\'s table, not for "units"'),
        ("F232", 'year is for a record kind\'s table, not for "counts"')]


# ------------------------------------------------------- percent columns --

PERCENT_PLAN = '''kế hoạch: "8/KH"
ngày ban hành: 01/01/2025
đơn vị a: "A"
đơn vị b: "B"
bản ghi lớp "Lớp" {
    ngày: ngày tháng
    tỷ_lệ_đạt "Tỷ lệ đạt": phần trăm
}
chỉ số tỷ_lệ_lớp_tốt: tỷ lệ lớp có tỷ_lệ_đạt ≥ 80%
chỉ số tỷ_lệ_đạt_mỗi_lớp: tỷ_lệ_đạt của mỗi lớp
nhiệm vụ I {
    nội dung: "Lớp đạt"
    chủ trì: a, b
    chỉ tiêu: tỷ_lệ_lớp_tốt tối thiểu 50% trong năm 2025
    chỉ tiêu: tỷ_lệ_đạt_mỗi_lớp tối thiểu 45,5% trong năm 2025
}
'''

PERCENT_MAPPING = '''[tables."lớp"]
table = "classes"
columns = { unit = "org", "ngày" = "held_on", "tỷ_lệ_đạt" = "pass_rate" }
percent = { "tỷ_lệ_đạt" = "0-100" }
'''

PERCENT_ROWS = [("a", dt.date(2025, 1, 2), "80"), ("a", dt.date(2025, 3, 4), "79.9999"),
                ("b", dt.date(2025, 2, 1), "45.5"), ("b", dt.date(2025, 5, 6), "45.4999")]


def classes(path: Path, rows=PERCENT_ROWS, type_: str = "DECIMAL(9,4)") -> Path:
    con = duckdb.connect(str(path))
    con.execute(f"CREATE TABLE classes (org VARCHAR, held_on DATE, pass_rate {type_})")
    con.executemany("INSERT INTO classes VALUES (?, ?, ?)", rows)
    con.close()
    return path


def test_a_column_of_percents_reads_as_the_fraction_the_layout_holds(tmp_path):
    """45.5 in a "0-100" column is 45,5%: judged as 0.455 in the plan's own layout, verdict for verdict, on the
    edges of a condition (≥ 80%) and of a cap (≥ 45,5%); an integer column too."""
    rules = compiled(PERCENT_PLAN)
    got = judged(classes(tmp_path / "f.duckdb"), PERCENT_MAPPING, PERCENT_PLAN)
    facts = f.Facts(tuple(f.UnitFacts(u, records=tuple(
        f.Record("lớp", (("ngày", day), ("tỷ_lệ_đạt", Fraction(value) / 100)), date=day)
        for w, day, value in PERCENT_ROWS if w == u)) for u in ("a", "b")))
    plain = {(v.unit, v.rule): v for v in rules.evaluate(facts, dt.date(2025, 12, 31)).verdicts}
    def seen(v):  # (a record's place is its row here, its unit's list there)
        return v.status, v.value, v.figures, tuple((x.value, x.limit) for x in v.violations)

    assert {k: seen(v) for k, v in got.items()} == {k: seen(v) for k, v in plain.items()}
    assert got[("a", "I#1")].value == Fraction(1, 2)  # 80 counts, 79.9999 does not
    assert got[("b", "I#2")].status.value == "not_met"  # 45.4999% is under 45,5%
    whole = judged(classes(tmp_path / "int.duckdb", [("a", dt.date(2025, 1, 2), 80), ("b", dt.date(2025, 2, 1), 45)],
                           "INTEGER"), PERCENT_MAPPING, PERCENT_PLAN)
    assert whole[("a", "I#1")].value == 1 and whole[("b", "I#2")].status.value == "not_met"


@pytest.mark.parametrize("form, rows, shown", [
    ("0-1", [("a", dt.date(2025, 1, 2), "80")], [("80", 1, "from 0 to 1, at most 6 decimals")]),
    ("0-100", [("a", dt.date(2025, 1, 2), "100.5"), ("b", dt.date(2025, 1, 2), "-3"),
               ("b", dt.date(2025, 1, 3), "12.34567"), ("b", dt.date(2025, 1, 4), "100")],
     [("100.5", 1, "from 0 to 100, at most 4 decimals"), ("-3", 2, "from 0 to 100, at most 4 decimals"),
      ("12.34567", 3, "from 0 to 100, at most 4 decimals")]),
])
def test_a_value_that_is_no_percentage_of_the_declared_form_is_an_error_at_its_row(tmp_path, form, rows, shown):
    """A column of percents declared as fractions, a value out of range, or one the layout's fraction cannot hold
    (more than 4 decimals of a percent), is F236 at its row, never a verdict."""
    path = classes(tmp_path / "f.duckdb", rows, "DECIMAL(12,6)")
    problems = refused(path, PERCENT_MAPPING.replace('"0-100"', f'"{form}"'), PERCENT_PLAN)
    assert [(d.code, d.message.text(), d.hints[0].text()) for d in problems] == [
        ("F236", f'pass_rate (tỷ_lệ_đạt) holds {value}, which is no percentage written "{form}" as the mapping '
                 f'declares for "tỷ_lệ_đạt" ({range_})', f"in {path} (classes[{row}]), unit {rows[row - 1][0]}")
        for value, row, range_ in shown]


@pytest.mark.parametrize("change, code, line, column, text", [
    ('percent = { "tỷ_lệ_đạt" = "10" }', "F237", 4, 27,
     'percent."tỷ_lệ_đạt" is "10": say how the column writes a percentage, "0-100" (45.5 for 45,5%) or "0-1" (0.455)'),
    ('percent = { "ngày" = "0-100" }', "F237", 4, 13, 'percent is for a percentage field, but "ngày" is a date'),
    ('percent = { "tỷ_lệ" = "0-100" }', "F111", 4, 13, None),
    ('[tables.counts]\npercent = { "count" = "0-100" }', "F232", 6, 1,
     'percent is for a record kind\'s table, not for "counts"'),
])
def test_percent_keys_that_do_not_fit_are_located_in_the_mapping_file(tmp_path, change, code, line, column, text):
    mapping = PERCENT_MAPPING + change + "\n" if change.startswith("[") else \
        PERCENT_MAPPING.replace('percent = { "tỷ_lệ_đạt" = "0-100" }', change)
    (problem,) = refused(classes(tmp_path / "f.duckdb"), mapping, PERCENT_PLAN)
    assert (problem.code, problem.span.line, problem.span.column) == (code, line, column)
    if text is not None:
        assert problem.message.text() == text


def test_a_double_column_of_percents_is_refused_as_any_double(tmp_path):
    (problem,) = refused(classes(tmp_path / "f.duckdb", type_="DOUBLE"), PERCENT_MAPPING, PERCENT_PLAN)
    assert problem.code == "F120" and "DOUBLE" in problem.message.text()


def test_postgresql_reads_a_column_of_percents_alike(server, tmp_path):
    """NUMERIC times 0.01 in PostgreSQL: the same verdicts as DuckDB, and F236 at the same row."""
    import secrets

    import psycopg

    expected = judged(classes(tmp_path / "f.duckdb"), PERCENT_MAPPING, PERCENT_PLAN)
    schema = f"planrules_percent_{secrets.token_hex(6)}"
    rules = compiled(PERCENT_PLAN)
    with psycopg.connect(server, autocommit=True) as admin:
        try:
            admin.execute(f'CREATE SCHEMA "{schema}"')
            admin.execute(f'CREATE TABLE "{schema}".classes (org TEXT, held_on DATE, pass_rate NUMERIC(9,4))')
            with admin.cursor() as cursor:
                cursor.executemany(f'INSERT INTO "{schema}".classes VALUES (%s, %s, %s)', PERCENT_ROWS)
            mapping = loads_mapping(PERCENT_MAPPING, "m.toml")
            with sources.PostgresSource(server, schema=schema, mapping=mapping) as source:
                report = rules.evaluate(source, dt.date(2025, 12, 31))
                assert report == rules.evaluate(source.facts(rules.vocabulary), dt.date(2025, 12, 31))
            assert {(v.unit, v.rule): (v.status, v.value, v.figures) for v in report.verdicts} == {
                k: (v.status, v.value, v.figures) for k, v in expected.items()}
            admin.execute(f'INSERT INTO "{schema}".classes VALUES (%s, %s, %s)', ["b", dt.date(2025, 7, 1), 145])
            with sources.PostgresSource(server, schema=schema, mapping=mapping) as source, \
                    pytest.raises(FactsError) as error:
                rules.evaluate(source, dt.date(2025, 12, 31))
            assert [(d.code, d.hints[0].text().endswith("(classes[5]), unit b")) for d in error.value.diagnostics] \
                == [("F236", True)]
        finally:
            admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_the_percent_example_of_docs_sql_md_is_what_eval_prints(tmp_path, monkeypatch):
    import io

    from planrules.tooling.cli import run

    doc = (ROOT / "docs/sql.md").read_text(encoding="utf-8")
    section = doc.split("### Percentages written as 0-100 or 0-1\n")[1]
    mapping = section.split("```toml\n")[1].split("```")[0]
    shown = section.split("```text\n")[1].split("```")[0]
    assert loads_mapping(mapping).tables == loads_mapping(PERCENT_MAPPING).tables
    monkeypatch.chdir(tmp_path)
    (tmp_path / "8.plan").write_text(PERCENT_PLAN, encoding="utf-8")
    (tmp_path / "m.toml").write_text(mapping.replace('"0-100" }', '"0-1" }'), encoding="utf-8")
    classes(tmp_path / "classes.duckdb", [("a", dt.date(2025, 1, 2), "80"), ("b", dt.date(2025, 2, 1), "0.455")])
    out, err = io.StringIO(), io.StringIO()
    code = run(["eval", "8.plan", "--facts", "classes.duckdb", "--mapping", "m.toml", "--as-of", "2025-12-31",
                "--lang", "en"], out, err)
    assert code == 2 and err.getvalue() == shown


@pytest.mark.parametrize("type_, year", [("INTEGER", 25), ("BIGINT", 99999999999), ("HUGEINT", 10**30),
                                         ("SMALLINT", -1), ("UBIGINT", 2201)])
def test_a_year_outside_1900_2200_is_an_error_at_its_row_naming_the_year_column(tmp_path, type_, year):
    """A year column as stored, never cast first: a BIGINT 99999999999 failed the whole statement (F101, an
    INTEGER cast's overflow, no row named); 25 was shown as the date 0025-01-01 of the kind's date field."""
    path = foreign_database(tmp_path / "f.duckdb", docs=[("VN-00001", 2025, 1, False), ("VN-00002", 2025, 1, False)])
    con = duckdb.connect(str(path))
    con.execute(f"ALTER TABLE docs_sent ALTER report_year TYPE {type_}")
    con.execute(f"UPDATE docs_sent SET report_year = {year} WHERE commune_code = 'VN-00002'")
    con.close()
    (problem,) = refused(path)
    assert problem.code == "F122"
    assert problem.message.text() == f"report_year (year): {year} is not a year between 1900 and 2200"
    assert problem.hints[0].text() == f"in {path} (docs_sent[2]), unit VN-00002"


@pytest.mark.parametrize("year", [99999999999, 1899, 2201])
def test_a_reported_year_outside_1900_2200_is_an_error_at_its_row(tmp_path, year):
    path = foreign_database(tmp_path / "f.duckdb", reports=[("VN-00003", "conf", 2025), ("VN-00003", "docs", 2025)])
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE reports ALTER year TYPE BIGINT")
    con.execute(f"UPDATE reports SET year = {year} WHERE record_type = 'docs'")
    con.close()
    (problem,) = refused(path)
    assert problem.code == "F122" and problem.message.text() == f"year: {year} is not a year between 1900 and 2200"
    assert problem.hints[0].text() == f"in {path} (reports[2]), unit VN-00003"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(-2**63, 2**63 - 1), st.booleans())
def test_any_stored_year_is_judged_as_its_year_or_refused_at_its_row(tmp_path_factory, year, reported):
    """Whatever whole number a year column (of the records, or of the reported rows) holds: the verdicts of its
    year, or F122 at its row when outside 1900-2200, never another error."""
    path = foreign_database(tmp_path_factory.mktemp("y") / "f.duckdb")
    con = duckdb.connect(str(path))
    table, column = ("reports", "year") if reported else ("docs_sent", "report_year")
    con.execute(f"ALTER TABLE {table} ALTER {column} TYPE BIGINT")
    con.execute(f"UPDATE {table} SET {column} = ? WHERE commune_code = 'VN-00003' OR rowid = 3", [year])
    con.close()
    if 1900 <= year <= 2200:
        judged(path)
        return
    problems = refused(path)
    assert {d.code for d in problems} == {"F122"} and all(str(year) in d.message.text() for d in problems)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["0-100", "0-1"]), st.sampled_from([0, 2, 10, 30]), st.integers(-10**38 + 1, 10**38 - 1))
@example("0-100", 0, 10**33)  # F101 before
def test_any_value_of_a_wide_decimal_percent_column_is_judged_or_refused_at_its_row(tmp_path_factory, form, scale,
                                                                                    digits):
    """A percentage column of any DECIMAL(38, s): 10**33 in a DECIMAL(38,0) failed the whole statement (F101, the
    check of its places overflowing, no row named); now each value is a percentage of the form, judged, or F236
    at its row."""
    from decimal import Decimal

    value = Decimal(f"{digits}E-{scale}")  # a value of DECIMAL(38, scale), exact (no context's rounding)
    path = classes(tmp_path_factory.mktemp("p") / "f.duckdb", [
        ("a", dt.date(2025, 1, 2), "50" if form == "0-100" else "0.5"), ("b", dt.date(2025, 1, 3), format(value, "f"))],
        f"DECIMAL(38,{scale})")
    high, places = (100, 4) if form == "0-100" else (1, 6)
    mapping = PERCENT_MAPPING.replace('"0-100"', f'"{form}"')
    if 0 <= value <= high and (Fraction(value) * 10**places).denominator == 1:
        judged(path, mapping, PERCENT_PLAN)
        return
    (problem,) = refused(path, mapping, PERCENT_PLAN)
    assert problem.code == "F236" and problem.hints[0].text() == f"in {path} (classes[2]), unit b"


@pytest.mark.parametrize("form, value", [("0-100", 10**33), ("0-1", 10**37), ("0-100", -10**37)])
def test_a_huge_value_of_a_decimal_38_percent_column_is_an_error_at_its_row(tmp_path, form, value):
    path = classes(tmp_path / "f.duckdb", [("a", dt.date(2025, 1, 2), "50" if form == "0-100" else "0.5"),
                                           ("b", dt.date(2025, 1, 3), str(value))], "DECIMAL(38,0)")
    (problem,) = refused(path, PERCENT_MAPPING.replace('"0-100"', f'"{form}"'), PERCENT_PLAN)
    assert problem.code == "F236" and problem.hints[0].text() == f"in {path} (classes[2]), unit b"


def parquet_copy(db: Path, folder: Path) -> Path:
    """The tables of DuckDB file `db` as a folder of Parquet files, rows in the same order."""
    folder.mkdir()
    con = duckdb.connect(str(db), read_only=True)
    try:
        for (table,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall():
            con.execute(f"COPY (SELECT * FROM {table} ORDER BY rowid) TO '{folder / table}.parquet' (FORMAT PARQUET)")
    finally:
        con.close()
    return folder


@pytest.mark.parametrize("where", ["file", "folder"])
def test_reported_units_read_as_the_records_units_do(tmp_path, where):
    """A reported row's unit spelled with spaces around or decomposed is the unit it reads as, as in a record
    table or `counts` (it was F201, "unit VN-00003  is not a unit … did you mean VN-00003?"): a true zero where
    the unit has no record of the kind, nothing where it has some — in the database's join (a file) and in the
    match in Python (a folder) alike."""
    import unicodedata

    path = foreign_database(tmp_path / "f.duckdb", reports=[
        ("VN-00003 ", "conf", 2025), (unicodedata.normalize("NFD", " Xã Ba"), "docs", 2025), (" VN-00001", "docs", 2025)])
    con = duckdb.connect(str(path))
    con.execute("UPDATE communes SET commune_code = 'Xã Ba' WHERE commune_code = 'VN-00003'")
    con.execute("UPDATE reports SET commune_code = 'Xã Ba' WHERE commune_code = 'VN-00003 '")
    con.execute("INSERT INTO reports VALUES ('VN-00002 ', 'conf', 2025)")  # VN-00002 held a conference in 2025
    con.close()
    rules = compiled()
    target = parquet_copy(path, tmp_path / "files") if where == "folder" else path
    with sources.open_source(target, mapping=loads_mapping(MAPPING, "m.toml")) as source:
        report = rules.evaluate(source, dt.date(2025, 12, 31))
        assert report == rules.evaluate(source.facts(rules.vocabulary), dt.date(2025, 12, 31))
        light = source.light_facts(rules.vocabulary)
    verdicts = {(v.unit, v.rule): v for v in report.verdicts}
    assert verdicts[("Xã Ba", "II#2")].value == 0 and verdicts[("Xã Ba", "II#2")].status.value == "met"
    assert verdicts[("Xã Ba", "I#1")].status.value == "not_applicable"  # 0/0
    assert verdicts[("VN-00001", "II#2")].value == 2 and verdicts[("VN-00002", "I#1")].value == 0  # records say
    zeros = {(u.name, c.kind, c.count) for u in light.units for c in u.counts}
    assert zeros == {("Xã Ba", "hội_nghị", 0), ("Xã Ba", "văn_bản_gửi", 0)}
    assert {u.name for u in light.units} == {"VN-00001", "VN-00002", "Xã Ba"}


def test_a_reported_unit_that_reads_as_no_name_is_an_error_at_its_row(tmp_path):
    path = foreign_database(tmp_path / "f.duckdb", reports=[("VN-00003", "conf", 2025), ("  ", "docs", 2025)])
    (problem,) = refused(path)
    assert problem.code == "F120" and problem.message.text() == 'commune_code (unit): expected a name (text), found "  "'
    assert problem.hints[0].text().startswith(f"in {path} (reports[2])")


VIETNAMESE_MAPPING = MAPPING.replace('quan_triet = "quán_triệt"\nchuyen_mon = "chuyên_môn"',
                                     '"quán triệt" = "quán_triệt"\n"chuyên môn" = "chuyên_môn"').replace(
    'yes = ["Y"]\nno = ["N"]', 'yes = ["có"]\nno = ["không"]').replace(
    '[reported.values.kind]\nconf = "hội_nghị"\ndocs = "văn_bản_gửi"\n', '')


def _vietnamese_database(path: Path, decomposed: list[bool]) -> Path:
    """The small foreign database with Vietnamese codes (categories, yes/no, the reported kinds' names), the
    i-th of its texts stored decomposed (NFD) where `decomposed[i]`, composed otherwise."""
    import unicodedata

    flags = iter(decomposed + [False] * 20)

    def spelled(text: str) -> str:
        return unicodedata.normalize("NFD", text) if next(flags) else text

    return foreign_database(path, conferences=[
        ("VN-00001", 1, dt.date(2025, 3, 1), spelled("quán triệt"), spelled("có")),
        ("VN-00001", 2, dt.date(2025, 4, 1), spelled("chuyên môn"), spelled("không")),
        ("VN-00002", 1, dt.date(2025, 5, 1), spelled("quán triệt"), spelled("không"))],
        reports=[("VN-00003", spelled("hội_nghị"), 2025), ("VN-00003", spelled("văn_bản_gửi"), 2025)])


@pytest.mark.parametrize("where", ["file", "folder"])
def test_a_value_stored_decomposed_is_the_value_its_composed_key_names(tmp_path, where):
    """Categories, yes/no values and the reported kinds' names stored decomposed (NFD) read as their composed keys
    in the mapping file: they were F230, "holds "quán triệt", which the mapping's values … do not list"."""
    path = _vietnamese_database(tmp_path / "f.duckdb", [True] * 8)
    target = parquet_copy(path, tmp_path / "files") if where == "folder" else path
    rules = compiled()
    with sources.open_source(target, mapping=loads_mapping(VIETNAMESE_MAPPING, "m.toml")) as source:
        report = rules.evaluate(source, dt.date(2025, 12, 31))
        assert report == rules.evaluate(source.facts(rules.vocabulary), dt.date(2025, 12, 31))
    verdicts = {(v.unit, v.rule): v for v in report.verdicts}
    assert verdicts[("VN-00001", "I#1")].value == Fraction(1, 2) and verdicts[("VN-00002", "I#1")].value == 0
    assert verdicts[("VN-00003", "I#1")].status.value == "not_applicable"  # its reported conferences: 0/0
    assert verdicts[("VN-00003", "II#2")].value == 0


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.booleans(), min_size=8, max_size=8))
def test_any_mix_of_composed_and_decomposed_values_judges_as_all_composed(tmp_path_factory, decomposed):
    folder = tmp_path_factory.mktemp("nfd")
    composed = judged(_vietnamese_database(folder / "nfc.duckdb", [False] * 8), VIETNAMESE_MAPPING)
    mixed = judged(_vietnamese_database(folder / "mixed.duckdb", decomposed), VIETNAMESE_MAPPING)
    assert {k: (v.status, v.value, v.figures) for k, v in mixed.items()} == {
        k: (v.status, v.value, v.figures) for k, v in composed.items()}


def test_a_value_spelled_otherwise_than_decomposed_is_still_unlisted(tmp_path):
    path = foreign_database(tmp_path / "f.duckdb", conferences=[
        ("VN-00001", 1, dt.date(2025, 3, 1), "Quán triệt", "có"), ("VN-00001", 2, dt.date(2025, 4, 1), "quán triệt ",
                                                                   "không")])
    problems = refused(path, VIETNAMESE_MAPPING)
    assert [(d.code, d.message.text()) for d in problems] == [
        ("F230", 'type_code (loại) holds "Quán triệt", which the mapping\'s values for "loại" do not list'),
        ("F230", 'type_code (loại) holds "quán triệt ", which the mapping\'s values for "loại" do not list')]


DAYS_PLAN = PLAN.replace('chỉ số số_văn_bản_gửi: số lượng văn_bản_gửi', 'chỉ số số_văn_bản_gửi: số lượng văn_bản_gửi\n'
                         'chỉ số thời_lượng_họp: thời_lượng của mỗi hội_nghị').replace(
    '    chỉ tiêu: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 50% trong năm 2025',
    '    chỉ tiêu: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 50% trong năm 2025\n'
    '    chỉ tiêu: thời_lượng_họp không quá 1 ngày trong năm 2025')


@pytest.mark.parametrize("type_, value", [("DECIMAL(38,0)", "99999999999999999999999999999999999999"),
                                          ("HUGEINT", "170141183460469231731687303715884105727"),
                                          ("DECIMAL(38,10)", "1000000000000000000.5"), ("UBIGINT", "18446744073709551615")])
def test_a_number_past_what_a_field_holds_in_a_wide_column_is_an_error_at_its_row(tmp_path, type_, value):
    """A days field read from a HUGEINT or DECIMAL(38,0) column holding more than 10**18 (the layout's DECIMAL(18,6)
    never does): F120 at its row, as for a PostgreSQL NUMERIC, where 10**32 failed every statement comparing it
    with a cap's bound (F101: a cast to DECIMAL(38,6), no row named); a usual value of such a column is judged."""
    path = foreign_database(tmp_path / "f.duckdb")
    con = duckdb.connect(str(path))
    con.execute(f"ALTER TABLE conferences ADD COLUMN days {type_}")
    con.execute(f"UPDATE conferences SET days = CAST('1' AS {type_})")
    con.close()
    mapping = MAPPING.replace('"trực_tuyến" = "online" }', '"trực_tuyến" = "online", "thời_lượng" = "days" }')
    assert judged(path, mapping, DAYS_PLAN)[("VN-00001", "I#2")].status.value == "met"
    con = duckdb.connect(str(path))
    con.execute(f"UPDATE conferences SET days = CAST('{value}' AS {type_}) WHERE commune_code = 'VN-00002'")
    con.close()
    (problem,) = refused(path, mapping, DAYS_PLAN)
    assert problem.code == "F120" and "cannot be stored exactly as a number of days" in problem.message.text()
    assert problem.hints[0].text() == f"in {path} (conferences[3]), unit VN-00002"
