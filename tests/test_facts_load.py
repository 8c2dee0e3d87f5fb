"""Tests of reading facts: TOML and CSV, every validation rule, places, normal forms, and fuzzing.

Each rule has a test that checks the code, the place (line and column) and
that nothing is returned (`FactsError` is raised). The fixtures in
tests/fixtures/facts hold the same facts as one TOML file and as CSV tables.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from fractions import Fraction
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planrules import parse, prelude
from planrules.base.diagnostics import Diagnostic, FactsError
from planrules.facts.model import Count, Delivery, Facts, Happened, Origin, Record, ReportedValue, UnitFacts
from planrules.facts.loader import CODES, load_facts, loads_facts
from planrules.facts.messages import FactsMessage
from planrules.facts.toml_text import TomlScan
from planrules.language.messages import LanguageMessage
from planrules.language.vocabulary import Vocabulary

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "facts"
EXAMPLES = sorted((ROOT / "examples").glob("*/facts.toml"))
DOC = ROOT / "docs" / "facts.md"


# ------------------------------------------------------------- helpers --


def errors(text: str, name: str = "facts.toml", **kwargs) -> tuple[Diagnostic, ...]:
    """The diagnostics of invalid facts (and that nothing is returned)."""
    with pytest.raises(FactsError) as info:
        loads_facts(text, name, **kwargs)
    return info.value.diagnostics


def error(text: str, name: str = "facts.toml", **kwargs) -> Diagnostic:
    """The one diagnostic of invalid facts."""
    found = errors(text, name, **kwargs)
    assert len(found) == 1, [d.render() for d in found]
    return found[0]


def place(d: Diagnostic) -> tuple[str, int, int]:
    return d.code, d.span.line, d.span.column


def hints(d: Diagnostic) -> list[str]:
    return [h.text("en") for h in d.hints]


def unit(text: str, name: str = "vp", **kwargs) -> UnitFacts:
    return loads_facts(text, **kwargs).unit(name)


CONFERENCE = '[[units.vp.records."hội_nghị"]]\n"ngày" = 2026-03-02\n'


# -------------------------------------------------------- good facts --


def example_vocabulary(path: Path) -> Vocabulary:
    """The vocabulary an example's facts are read with: its plan's, when the plan extends a kind (Vũ Dương adds
    `hành_chính` to `văn_bản_gửi`, issue 18); else the prelude's."""
    if path.parent.name == "vu-duong":
        plan = ROOT / "plans" / "quoc-gia" / "ninh-binh" / "vu-duong" / "kh-104-ubnd.plan"
        return Vocabulary.of([prelude(), parse(plan.read_text(encoding="utf-8"), source=str(plan))])
    return Vocabulary.standard()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_example_facts_load(path):
    """The shipped examples load, with their period and units."""
    facts = load_facts(path, vocabulary=example_vocabulary(path))
    assert facts.period == (dt.date(2025, 1, 1), dt.date(2026, 12, 31))
    assert facts.units and facts.files == (str(path),)


def test_toml_maps_into_the_model():
    """Every table of the format becomes its model value, with its origin (table, row, header line)."""
    facts = load_facts(FIXTURES / "toml" / "facts.toml")
    file = str(FIXTURES / "toml" / "facts.toml")
    assert facts.period == (dt.date(2025, 1, 1), dt.date(2026, 12, 31))
    assert facts.files == (file,)
    assert facts.events == (
        Happened("chỉ_đạo_của_tỉnh_về_phân_cấp", dt.date(2026, 9, 15)),
        Happened("khó_khăn_vướng_mắc", dt.date(2026, 8, 10), "phòng_vhxh"),
    )
    vp = facts.unit("vp_hđnd_ubnd")
    assert vp.member_of == ("các_chi_bộ", "khối_văn_phòng")
    first = vp.records[0]
    assert first == Record(
        "hội_nghị",
        (("ngày", dt.date(2026, 3, 2)), ("loại", "quán_triệt"), ("trực_tuyến", True), ("thời_lượng", Fraction(1, 2))),
        "HN-2026-01",
        dt.date(2026, 3, 2),
    )
    assert first.origin == Origin(file, "units.vp_hđnd_ubnd.records.hội_nghị", 1, 18)
    assert [r.origin.line for r in vp.records] == [18, 25, 32]
    assert vp.records[2].values == (("ngày", dt.date(2026, 4, 6)), ("trực_tuyến", True))  # not reported: absent
    assert vp.counts[2] == Count("hội_nghị", 2025, 4, (("loại", "quán_triệt"), ("trực_tuyến", True)))
    assert vp.counts[2].origin == Origin(file, "units.vp_hđnd_ubnd.counts", 3, 48)
    assert vp.values == (ReportedValue("tỷ_lệ_hồ_sơ_trực_tuyến", 2026, Fraction(24, 25)),)
    assert vp.deliveries == (
        Delivery("TT 2", dt.date(2026, 12, 20), "hằng năm", "2026"),
        Delivery("III.1.b", dt.date(2026, 6, 30), "2", "2026-H1"),
    )
    assert vp.origin.line == 15
    staff = facts.unit("phòng_vhxh").records
    assert [r.date for r in staff] == [None, None]  # cán_bộ has no date field: a snapshot
    assert facts.unit("phòng_vhxh").values[0].value == Fraction(-1, 20)


def _by_unit(facts: Facts) -> dict:
    """Facts without file order: per unit, its members and each table in order."""
    return {
        u.name: (
            u.member_of,
            {kind: u.records_of(kind) for kind in dict.fromkeys(r.kind for r in u.records)},
            u.counts,
            u.values,
            u.deliveries,
        )
        for u in facts.units
    }


def test_csv_tables_equal_the_toml_file():
    """The same facts as CSV tables (BOM, ';', CRLF, Vietnamese spellings) and as TOML load equal."""
    toml = load_facts(FIXTURES / "toml")
    tables = load_facts(FIXTURES / "csv", FIXTURES / "period.toml")
    assert _by_unit(tables) == _by_unit(toml)
    assert tables.events == toml.events and tables.period == toml.period
    assert len(tables.files) == 8


def test_csv_origins_are_table_row_and_line():
    """A CSV row's origin is its table, its data row and its physical line (after a multi-line cell too)."""
    text = 'unit,mã\nvp,"A\nB"\nvp,C\n'
    records = loads_facts(text, "staff.csv", table="cán_bộ").unit("vp").records
    assert [(r.origin.table, r.origin.row, r.origin.line) for r in records] == [("cán_bộ", 1, 2), ("cán_bộ", 2, 4)]
    assert records[0].get("mã") == "A\nB"


def test_days_spellings_are_exact():
    """Days: an integer, "1/2", "0,5", "1.5", "½" or a TOML float, read exactly (0.1 is 1/10)."""
    spellings = {'1': 1, '"1/2"': Fraction(1, 2), '"0,5"': Fraction(1, 2), '"1.5"': Fraction(3, 2), '"½"': Fraction(1, 2),
                 '0.5': Fraction(1, 2), '0.1': Fraction(1, 10), '"2"': 2}
    for written, expected in spellings.items():
        record = unit(f'{CONFERENCE}"thời_lượng" = {written}\n').records[0]
        value = record.get("thời_lượng")
        assert value == expected and type(value) is Fraction, written


def test_bool_spellings():
    """Yes/no: TOML booleans or "có"/"không", "true"/"false", "x"/"", "1"/"0" in any case."""
    for written, expected in [("true", True), ("false", False), ('"có"', True), ('"KHÔNG"', False), ('"Có"', True),
                              ('"TRUE"', True), ('"x"', True), ('""', False), ('"1"', True), ('"0"', False),
                              ('"co"', True), ('"khong"', False)]:
        assert unit(f'{CONFERENCE}"trực_tuyến" = {written}\n').records[0].get("trực_tuyến") is expected, written


def test_date_spellings():
    """Dates: a TOML date, "dd/mm/yyyy" (one-digit day and month too) or "yyyy-mm-dd"."""
    for written in ('2026-06-04', '"04/06/2026"', '"4/6/2026"', '"2026-06-04"', '" 2026-06-04 "'):
        record = unit(f'[[units.vp.records."hội_nghị"]]\n"ngày" = {written}\n').records[0]
        assert record.date == dt.date(2026, 6, 4), written


def test_inline_records_and_quoted_keys():
    """Records written inline, and keys in double or single quotes, load like array-of-table headers; origins find
    their lines."""
    text = (
        '[units."vp_hđnd_ubnd".records]\n'
        '"hội_nghị" = [\n'
        '  { "ngày" = 2026-01-05, "trực_tuyến" = true },\n'
        "  { 'ngày' = 2026-01-06 },\n"
        ']\n'
        '[[ units . "vp_hđnd_ubnd" . records . \'cán_bộ\' ]]\n'
        '"mã" = "A"\n'
    )
    facts = loads_facts(text)
    records = facts.unit("vp_hđnd_ubnd").records
    assert [r.date for r in records[:2]] == [dt.date(2026, 1, 5), dt.date(2026, 1, 6)]
    assert [r.origin.line for r in records] == [3, 4, 6]
    assert records[2].origin.table == "units.vp_hđnd_ubnd.records.cán_bộ"


def test_delivery_periods_are_normalised():
    """Periods read as the evaluator keys them: 2026-H1, 2026-05, ISO dates, "once"."""
    cases = {'"2026-h1"': "2026-H1", '"2026-5"': "2026-05", '"2026-q4"': "2026-Q4", "2026": "2026",
             "2026-09-15": "2026-09-15", '"15/09/2026"': "2026-09-15", '"Once"': "once", '"2026"': "2026",
             '"2026-w7"': "2026-W07", '"2026-W14"': "2026-W14"}
    for written, expected in cases.items():
        text = f'[[units.vp.deliveries]]\ntask = "TT 1"\nperiod = {written}\ndate = 2026-12-01\n'
        assert unit(text).deliveries[0].period == expected, written


def test_deadline_by_label_or_position():
    """A deadline is its label, or its 1-based position kept as text ("2")."""
    for written, expected in (('"hằng năm"', "hằng năm"), ("2", "2"), ('"02"', "2")):
        text = f'[[units.vp.deliveries]]\ntask = "TT 1"\ndeadline = {written}\ndate = 2026-12-01\n'
        assert unit(text).deliveries[0].deadline == expected


def test_record_id_may_be_a_number():
    assert unit('[[units.vp.records."cán_bộ"]]\nid = 7\n"mã" = "A"\n').records[0].id == "7"


def test_nfd_input_equals_nfc_input(tmp_path):
    """A file saved decomposed (NFD) loads exactly like its composed copy, TOML and CSV alike."""
    nfc = (FIXTURES / "toml" / "facts.toml").read_text(encoding="utf-8")
    (tmp_path / "facts.toml").write_text(unicodedata.normalize("NFD", nfc), encoding="utf-8")
    composed, decomposed = load_facts(FIXTURES / "toml"), load_facts(tmp_path / "facts.toml")
    assert decomposed.units == composed.units and decomposed.events == composed.events
    csv = (FIXTURES / "csv" / "counts.csv").read_text(encoding="utf-8")
    name = unicodedata.normalize("NFD", "số_liệu.csv")
    (tmp_path / name).write_text(unicodedata.normalize("NFD", csv), encoding="utf-8")
    assert load_facts(tmp_path / name, table=unicodedata.normalize("NFD", "counts")).units == (
        load_facts(FIXTURES / "csv" / "counts.csv").units
    )


def test_new_record_kind_needs_no_code_change():
    """A record kind declared in .plan source is read, checked and typed with no change to Python."""
    vocabulary = Vocabulary.of([prelude(), parse(
        'bản ghi kiểm_tra "Cuộc kiểm tra" {\n'
        '    ngày "Ngày kiểm tra": ngày tháng\n'
        '    kết_quả "Kết quả": một trong đạt "Đạt", không_đạt "Không đạt"\n'
        '    số_người "Số người": số nguyên\n'
        '}\n'
        'chỉ số tỷ_lệ_đạt "Tỷ lệ đạt": tỷ lệ kiểm_tra có kết_quả = đạt\n'
    )])
    text = (
        '[[units.vp.records."kiểm_tra"]]\n"ngày" = 2026-05-04\n"kết_quả" = "đạt"\n"số_người" = 3\n'
        '[[units.vp.counts]]\nkind = "kiểm_tra"\nyear = 2025\ncount = 4\nwhere = { "kết_quả" = "không_đạt" }\n'
        '[[units.vp.values]]\nmetric = "tỷ_lệ_đạt"\nyear = 2024\nvalue = "80%"\n'
    )
    vp = loads_facts(text, vocabulary=vocabulary).unit("vp")
    assert vp.records[0] == Record("kiểm_tra", (("ngày", dt.date(2026, 5, 4)), ("kết_quả", "đạt"), ("số_người", 3)),
                                   None, dt.date(2026, 5, 4))
    assert vp.counts[0].where == (("kết_quả", "không_đạt"),)
    assert vp.values[0].value == Fraction(4, 5)
    d = error('[[units.vp.records."kiểm_tra"]]\n"kết_quả" = "dat"\n', vocabulary=vocabulary)
    assert place(d) == ("F113", 2, 13) and hints(d)[0] == 'did you mean "đạt"?'
    assert place(error('[[units.vp.records."kiểm_tra"]]\n"số_người" = -2\n', vocabulary=vocabulary)) == ("F123", 2, 14)
    assert [d.code for d in errors(text)] == ["F110", "F110", "F112"]  # the standard vocabulary does not know it


def test_folder_reads_every_toml_and_csv_file_sorted(tmp_path):
    """A folder stands for its .toml and .csv files in name order; units of several files are merged."""
    (tmp_path / "b.toml").write_text('[units.vp]\nmember_of = ["g2"]\n', encoding="utf-8")
    (tmp_path / "a.toml").write_text('[units.vp]\nmember_of = ["g1"]\n' + CONFERENCE, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    facts = load_facts(tmp_path)
    assert facts.files == (str(tmp_path / "a.toml"), str(tmp_path / "b.toml"))
    assert facts.unit("vp").member_of == ("g1", "g2") and len(facts.unit("vp").records) == 1


def test_same_period_in_several_files_is_fine(tmp_path):
    for name in ("a.toml", "b.toml"):
        (tmp_path / name).write_text("[facts]\nperiod = { from = 2026-01-01, to = 2026-12-31 }\n", encoding="utf-8")
    assert load_facts(tmp_path).period == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_zero_is_a_count_and_absence_is_not():
    """`count = 0` is a fact; an empty file is no facts (not zero)."""
    vp = unit('[[units.vp.counts]]\nkind = "hội_nghị"\nyear = 2026\ncount = 0\n')
    assert vp.counts == (Count("hội_nghị", 2026, 0),)
    assert loads_facts("") == Facts(files=("facts.toml",))


# ------------------------------------------------------ reading files --


def test_not_utf8_is_located(tmp_path):
    path = tmp_path / "facts.toml"
    path.write_bytes(b'[units.vp]\nx = "\xff"\n')
    with pytest.raises(FactsError) as info:
        load_facts(path)
    (d,) = info.value.diagnostics
    assert place(d) == ("F102", 2, 6) and d.span.file == str(path)


def test_unreadable_paths(tmp_path):
    """A missing file, a file of another kind, an empty folder and no path at all are F101."""
    (tmp_path / "facts.xls").write_bytes(b"PK")  # the spreadsheet format before .xlsx: not read
    (tmp_path / "empty").mkdir()
    with pytest.raises(FactsError) as info:
        load_facts(tmp_path / "missing.toml", tmp_path / "facts.xls", tmp_path / "empty", tmp_path / "gone")
    assert [d.code for d in info.value.diagnostics] == ["F101"] * 4
    # in path order, whatever the order given
    assert [Path(d.span.file).name for d in info.value.diagnostics] == ["empty", "facts.xls", "gone", "missing.toml"]
    texts = " ".join(d.message.text() for d in info.value.diagnostics)
    assert "missing.toml" in texts and "use .toml, .csv or .xlsx" in texts and "no facts files" in texts
    with pytest.raises(FactsError) as info:
        load_facts()
    assert info.value.diagnostics[0].code == "F101"


def test_every_problem_of_every_file_is_listed(tmp_path):
    """Problems are collected from all files (in path order, whatever the order given), never only the first."""
    (tmp_path / "b.toml").write_text("[units.vp\n", encoding="utf-8")
    (tmp_path / "a.toml").write_text(CONFERENCE + '"loại" = 1\n"trực_tuyến" = 2\n', encoding="utf-8")
    (tmp_path / "c.csv").write_text("x\n", encoding="utf-8")
    with pytest.raises(FactsError) as info:
        load_facts(tmp_path / "b.toml", tmp_path / "a.toml", tmp_path / "c.csv")
    found = [(Path(d.span.file).name, d.code, d.span.line) for d in info.value.diagnostics]
    assert found == [("a.toml", "F120", 3), ("a.toml", "F120", 4), ("b.toml", "F100", 1), ("c.csv", "F105", 1)]


# --------------------------------------------------------------- TOML --


def test_toml_syntax_error_is_located():
    """tomllib's line and column become the diagnostic's place, after a quoted Vietnamese key too."""
    d = error('[units.vp]\n"ngày" = \n')
    assert place(d) == ("F100", 2, 10)
    assert d.message.text() == "not valid TOML: Invalid value"
    assert d.render().endswith(' 2 | "ngày" = \n   |          ^')
    assert place(error("[units.vp\n")) == ("F100", 1, 10)
    assert place(error('a."ngày".b = [1, 2\n\n')) == ("F100", 1, 19)  # "at end of document": after the last character


def test_key_given_twice_names_the_key():
    d = error('[[units.vp.records."hội_nghị"]]\n"ngày" = 2026-01-01\n"ngày" = 2026-01-02\n')
    assert place(d) == ("F100", 3, 1)
    assert d.message.text() == '"units.vp.records.hội_nghị[1].ngày" is given twice (first at line 2)'


# ---------------------------------------------------- bare keys: F107 --

BARE_CONFERENCE = '[[units.vp.records.hội_nghị]]\nngày = 2026-03-02\n'


def test_bare_vietnamese_key_is_an_error():
    """`ngày = ...` is not TOML: F107 at the key, naming the quoted spelling; nothing is returned."""
    d = error('[[units.vp.records."hội_nghị"]]\nngày = 2026-03-02\n')
    assert place(d) == ("F107", 2, 1)
    assert d.message.text() == (
        'TOML allows only ASCII letters, digits, _ and - in a bare key: write ngày in quotes, "ngày"'
    )
    assert '"ngày"' in d.message.text("vi")
    assert d.render() == (
        'facts.toml:2:1: error[F107]: TOML allows only ASCII letters, digits, _ and - in a bare key: '
        'write ngày in quotes, "ngày"\n'
        ' 2 | ngày = 2026-03-02\n'
        '   | ^'
    )
    d = error('[[units.vp.records.hội_nghị]]\n"ngày" = 2026-03-02\n')  # in a table header
    assert place(d) == ("F107", 1, 20) and d.message.text().endswith('"hội_nghị"')
    d = error('[units."vp_hđnd_ubnd"]\n[units.vp_hđnd_ubnd.records]\n')  # in a dotted header, also when quoted before
    assert place(d) == ("F107", 2, 8) and d.message.text().endswith('"vp_hđnd_ubnd"')
    d = error('[[units.vp.counts]]\nkind = "hội_nghị"\nyear = 2026\ncount = 3\nwhere = { trực_tuyến = true }\n')
    assert place(d) == ("F107", 5, 11)  # in an inline table
    assert loads_facts(BARE_CONFERENCE.replace("hội_nghị", "'hội_nghị'").replace("ngày", "'ngày'"))  # literal keys


def test_several_bare_keys_are_each_reported():
    """Every bare Vietnamese key is its own F107, in file order."""
    line = 'where = { "loại" = "quán_triệt", trực_tuyến = true }'
    header = "[[units.vp_hđnd_ubnd.records.cán_bộ]]"
    text = (BARE_CONFERENCE + '"loại" = "quán_triệt"\ntrực_tuyến = true\n'
            f'[[units.vp.counts]]\nkind = "hội_nghị"\nyear = 2025\ncount = 3\n{line}\n'
            f'{header}\n')
    found = errors(text)
    assert [place(d) for d in found] == [("F107", 1, 20), ("F107", 2, 1), ("F107", 4, 1),
                                         ("F107", 9, line.index("trực_tuyến") + 1), ("F107", 10, 9),
                                         ("F107", 10, header.index("cán_bộ") + 1)]
    assert [d.message.text().rsplit(" ", 1)[1] for d in found] == [
        '"hội_nghị"', '"ngày"', '"trực_tuyến"', '"trực_tuyến"', '"vp_hđnd_ubnd"', '"cán_bộ"']


def test_other_problems_are_reported_alongside_bare_keys():
    """The rest of a file with bare keys is still read: its other problems are listed in the same error."""
    found = errors(BARE_CONFERENCE + 'loại = "quán triệt"\ntruc_tuyen = true\n')
    assert [place(d) for d in found] == [("F107", 1, 20), ("F107", 2, 1), ("F107", 3, 1), ("F113", 3, 8),
                                         ("F111", 4, 1)]
    assert found[3].message.text() == 'loại has no category "quán triệt"'
    # a syntax error is placed in the file as written, not in the text with the keys quoted
    assert [place(d) for d in errors("[units.vp]\nngày = \n")] == [("F107", 2, 1), ("F100", 2, 8)]
    assert [place(d) for d in errors('a.ngày.b = [1, 2\n\n')] == [("F107", 1, 3), ("F100", 1, 17)]
    found = errors(BARE_CONFERENCE + "ngày = 2026-01-02\n")
    assert [place(d) for d in found] == [("F107", 1, 20), ("F107", 2, 1), ("F107", 3, 1), ("F100", 3, 1)]
    assert found[3].message.text() == '"units.vp.records.hội_nghị[1].ngày" is given twice (first at line 2)'


def test_bare_keys_in_several_files(tmp_path):
    """F107 is reported in each file, with the problems of the other files."""
    (tmp_path / "a.toml").write_text(BARE_CONFERENCE, encoding="utf-8")
    (tmp_path / "b.toml").write_text(CONFERENCE + '"loại" = 1\n', encoding="utf-8")
    with pytest.raises(FactsError) as info:
        load_facts(tmp_path)
    found = [(Path(d.span.file).name, *place(d)) for d in info.value.diagnostics]
    assert found == [("a.toml", "F107", 1, 20), ("a.toml", "F107", 2, 1), ("b.toml", "F120", 3, 10)]


def test_nfd_bare_keys_are_reported_composed(tmp_path):
    """A decomposed (NFD) bare key is F107 too, named and placed in the composed (NFC) text."""
    line = 'where = { trực_tuyến = true, loại = "quán_triệt" }'
    nfc = BARE_CONFERENCE + f'[[units.vp.counts]]\nkind = "hội_nghị"\nyear = 2025\ncount = 3\n{line}\n'
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    expected = [("F107", 1, 20), ("F107", 2, 1), ("F107", 7, 11), ("F107", 7, line.index("loại") + 1)]
    found = errors(nfd)
    assert [place(d) for d in found] == expected
    assert [d.message.text().rsplit(" ", 1)[1] for d in found] == ['"hội_nghị"', '"ngày"', '"trực_tuyến"', '"loại"']
    assert [d.line_text for d in found] == nfc.split("\n")[:2] + [line, line]
    (tmp_path / "facts.toml").write_text(nfd, encoding="utf-8")
    with pytest.raises(FactsError) as info:
        load_facts(tmp_path / "facts.toml")
    assert [place(d) for d in info.value.diagnostics] == expected


def test_unknown_top_level_key():
    d = error('[unit.vp]\n')
    assert place(d) == ("F103", 1, 1)
    assert hints(d) == ['did you mean "units"?', "accepted: facts, events, units"]


def test_unknown_keys_in_tables():
    """A typo in any table is reported with the key that was probably meant."""
    found = errors(
        '[facts]\nperiods = 1\n'
        '[[events]]\nevent = "e"\ndate = 2026-01-01\nunits = "vp"\n'
        '[units.vp]\nmember = ["g"]\n'
        '[[units.vp.counts]]\nkind = "hội_nghị"\nyaer = 2026\ncount = 3\n'
        '[[units.vp.deliveries]]\ntask = "TT 1"\ndate = 2026-01-01\ndeadlines = 1\n'
    )
    assert [place(d) for d in found] == [("F103", 2, 1), ("F103", 6, 1), ("F103", 8, 1), ("F104", 9, 1),
                                         ("F103", 11, 1), ("F103", 16, 1)]
    assert [hints(d)[0] for d in found if d.code == "F103"] == [
        'did you mean "period"?', 'did you mean "unit"?', 'did you mean "member_of"?', 'did you mean "year"?',
        'did you mean "deadline"?',
    ]
    assert found[3].message.text() == 'units.vp.counts[1] needs "year"'


def test_unknown_record_kind():
    d = error('[[units.vp.records.hoi_nghi]]\n"ngày" = 2026-01-01\n')
    assert place(d) == ("F110", 1, 1)
    assert hints(d)[0] == 'did you mean "hội_nghị"?' and "văn_bản_gửi" in hints(d)[1]


def test_unknown_field():
    d = error(CONFERENCE + 'truc_tuyen = true\n')
    assert place(d) == ("F111", 3, 1)
    assert d.message.text() == 'record kind "hội_nghị" has no field "truc_tuyen"'
    assert hints(d)[0] == 'did you mean "trực_tuyến"?'


def test_unknown_metric():
    d = error('[[units.vp.values]]\nmetric = "tỷ_lệ_hồ_sơ"\nyear = 2026\nvalue = "90%"\n')
    assert place(d) == ("F112", 2, 1) and hints(d)[0] == 'did you mean "tỷ_lệ_hồ_sơ_trực_tuyến"?'


def test_unknown_category_suggests_the_declared_one():
    d = error(CONFERENCE + '"loại" = "quán triệt"\n')
    assert place(d) == ("F113", 3, 10)
    assert d.message.text() == 'loại has no category "quán triệt"'
    assert hints(d) == ['did you mean "quán_triệt"?', "accepted: quán_triệt, chuyên_môn, quan_trọng"]


@pytest.mark.parametrize(
    "line, expected",
    [
        ('"ngày" = 20260302', "ngày: expected a date (2026-03-02 or 02/03/2026), found 20260302"),
        ('"ngày" = 2026-03-02T08:00:00', "ngày: 2026-03-02T08:00:00 has a time of day; write the date only"),
        ('"trực_tuyến" = "có lẽ"', 'trực_tuyến: expected yes or no (true/false, "có"/"không", "x"/""), found "có lẽ"'),
        ('"trực_tuyến" = 1', 'trực_tuyến: expected yes or no (true/false, "có"/"không", "x"/""), found 1'),
        ('"thời_lượng" = "nửa ngày"', 'thời_lượng: expected a number of days (1, "1/2", "0,5", 1.5), found "nửa ngày"'),
        ('"thời_lượng" = true', 'thời_lượng: expected a number of days (1, "1/2", "0,5", 1.5), found true'),
        ('"thời_lượng" = "50%"', 'thời_lượng: expected a number of days (1, "1/2", "0,5", 1.5), found "50%"'),
        ('"thời_lượng" = "1/0"', 'thời_lượng: expected a number of days (1, "1/2", "0,5", 1.5), found "1/0"'),
        ('"thời_lượng" = inf', 'thời_lượng: expected a number of days (1, "1/2", "0,5", 1.5), found Infinity'),
        ('"loại" = true', "loại: expected a name (text), found true"),
    ],
)
def test_wrong_types(line, expected):
    """A value of the wrong type is F120, placed at the value."""
    d = error(CONFERENCE.replace('"ngày" = 2026-03-02\n', "") + line + "\n")
    assert place(d) == ("F120", 2, line.index("=") + 3)
    assert d.message.text() == expected


def test_bool_is_not_a_number():
    """In Python a bool is an int; in facts `count = true` or `year = true` is a wrong type."""
    found = errors('[[units.vp.counts]]\nkind = "hội_nghị"\nyear = true\ncount = false\n')
    assert [place(d) for d in found] == [("F120", 3, 8), ("F120", 4, 9)]
    assert found[1].message.text() == "count: expected a whole number ≥ 0, found false"


def test_count_must_be_a_whole_number():
    found = errors('[[units.vp.counts]]\nkind = "hội_nghị"\nyear = 2026.0\ncount = 2.5\n')
    assert [place(d) for d in found] == [("F120", 3, 8), ("F120", 4, 9)]


def test_text_field_needs_text():
    d = error('[[units.vp.records."cán_bộ"]]\n"mã" = 12\n')
    assert place(d) == ("F120", 2, 8) and hints(d) == ['put text in double quotes: "…"']


@pytest.mark.parametrize("written, message", [
    ('"31/02/2026"', "ngày: 31/02/2026 is not a date: month 2/2026 has 28 days"),
    ('"29/02/2027"', "ngày: 29/02/2027 is not a date: month 2/2027 has 28 days"),
    ('"2026-13-01"', "ngày: 2026-13-01 is not a date: there is no month 13"),
    ('"hôm qua"', 'ngày: "hôm qua" is not a date'),
])
def test_impossible_dates(written, message):
    d = error(f'[[units.vp.records."hội_nghị"]]\n"ngày" = {written}\n')
    assert place(d) == ("F121", 2, 10) and d.message.text() == message


def test_years_outside_1900_2200():
    found = errors(
        '[[units.vp.records."hội_nghị"]]\n"ngày" = 1899-12-31\n'
        '[[units.vp.counts]]\nkind = "hội_nghị"\nyear = 2201\ncount = 1\n'
        '[[units.vp.values]]\nmetric = "số_hội_nghị"\nyear = 26\nvalue = 1\n'
    )
    assert [place(d) for d in found] == [("F122", 2, 10), ("F122", 5, 8), ("F122", 9, 8)]


def test_negative_days_and_counts():
    found = errors(CONFERENCE + '"thời_lượng" = "-1/2"\n[[units.vp.counts]]\nkind = "hội_nghị"\nyear = 2026\ncount = -3\n')
    # the record and the count, each with a bad value, are still checked on the rest: a register and
    # a count of hội_nghị for 2026 is a contradiction of its own (F134)
    assert [place(d) for d in found] == [("F123", 3, 16), ("F134", 4, 1), ("F123", 7, 9)]
    assert found[2].message.text() == "count: -3 is negative"


def test_condition_must_be_yes_no_or_category():
    line = 'where = { "thời_lượng" = 1, "ngày" = 2026-01-01, "trực_tuyến" = "có", online = true }'
    found = errors(f'[[units.vp.counts]]\nkind = "hội_nghị"\nyear = 2026\ncount = 3\n{line}\n')
    columns = [line.index(word) + 1 for word in ('"thời_lượng"', '"ngày"', "online")]
    assert [place(d) for d in found] == [("F130", 5, columns[0]), ("F130", 5, columns[1]), ("F111", 5, columns[2])]
    assert found[0].message.text() == (
        "hội_nghị.thời_lượng is neither a yes/no nor a category field, so it cannot be a condition"
    )


def test_condition_values_are_checked():
    d = error('[[units.vp.counts]]\nkind = "hội_nghị"\nyear = 2026\ncount = 3\nwhere = { "loại" = "quan trong" }\n')
    assert place(d) == ("F113", 5, 20) and hints(d)[0] == 'did you mean "quan_trọng"?'


def test_a_count_cannot_exceed_a_count_with_fewer_conditions():
    """35 online conferences out of 30 in all: "online > total"."""
    text = ('[[units.vp.counts]]\nkind = "hội_nghị"\nyear = 2026\ncount = 30\n'
            '[[units.vp.counts]]\nkind = "hội_nghị"\nyear = 2026\ncount = 35\nwhere = { "trực_tuyến" = true }\n'
            '[[units.vp.counts]]\nkind = "hội_nghị"\nyear = 2025\ncount = 35\nwhere = { "trực_tuyến" = true }\n')
    d = error(text)
    assert place(d) == ("F131", 8, 9)  # at the count
    assert d.message.text() == "35 hội_nghị in 2026 with trực_tuyến = true is more than the 30 with no condition"
    assert hints(d) == ["the other count is at facts.toml:1"]
    nested = text.replace("count = 30", "count = 40") + (
        '[[units.vp.counts]]\nkind = "hội_nghị"\nyear = 2026\ncount = 36\n'
        'where = { "trực_tuyến" = true, "loại" = "quán_triệt" }\n')
    assert place(error(nested)) == ("F131", 18, 9)


def test_share_between_0_and_100_percent():
    found = errors(
        '[[units.vp.values]]\nmetric = "tỷ_lệ_hồ_sơ_trực_tuyến"\nyear = 2026\nvalue = "96"\n'
        '[[units.vp.values]]\nmetric = "tỷ_lệ_văn_bản_điện_tử"\nyear = 2026\nvalue = "-5%"\n'
        '[[units.vp.values]]\nmetric = "giảm_hội_nghị"\nyear = 2026\nvalue = 1.5\n'
        '[[units.vp.values]]\nmetric = "số_hội_nghị"\nyear = 2026\nvalue = "2,5"\n'
    )
    assert [place(d) for d in found] == [("F132", 4, 9), ("F132", 8, 9), ("F132", 12, 9), ("F132", 16, 9)]
    assert found[0].message.text() == '"tỷ_lệ_hồ_sơ_trực_tuyến" is a share: 96 is not between 0% and 100%'
    assert hints(found[0]) == ["a share is written with %: did you mean 96%?"]
    assert found[2].message.text() == '"giảm_hội_nghị" is a cut: 1.5 is more than 100%'


def test_value_spellings_are_exact():
    for written in ('"96%"', '"24/25"', '"0,96"', "0.96", '"96 %"'):
        text = f'[[units.vp.values]]\nmetric = "tỷ_lệ_hồ_sơ_trực_tuyến"\nyear = 2026\nvalue = {written}\n'
        assert unit(text).values[0].value == Fraction(24, 25), written
    text = '[[units.vp.values]]\nmetric = "số_hội_nghị"\nyear = 2026\nvalue = 12\n'
    assert unit(text).values[0].value == 12


def test_no_value_for_a_per_record_metric():
    d = error('[[units.vp.values]]\nmetric = "thời_lượng_hội_nghị"\nyear = 2026\nvalue = "1/2"\n')
    assert place(d) == ("F133", 4, 9)


def test_duplicate_record_ids():
    d = error('[[units.vp.records."hội_nghị"]]\nid = "A"\n[[units.vp.records."hội_nghị"]]\nid = "B"\n'
              '[[units.vp.records."hội_nghị"]]\nid = "A"\n"ngày" = 2026-01-01\n')
    assert place(d) == ("F140", 5, 1) and hints(d) == ["first given at facts.toml:1"]


def test_identical_records_without_ids():
    d = error(CONFERENCE + CONFERENCE.replace("2026-03-02", "2026-03-03") + CONFERENCE)
    assert place(d) == ("F141", 5, 1)
    assert hints(d) == ["first given at facts.toml:1", "give each record an id (id = ...) if both are real"]


def test_duplicate_counts_values_and_events():
    count = '[[units.vp.counts]]\nkind = "hội_nghị"\nyear = 2026\ncount = 3\nwhere = { "trực_tuyến" = true }\n'
    value = '[[units.vp.values]]\nmetric = "số_hội_nghị"\nyear = 2026\nvalue = 3\n'
    event = '[[events]]\nevent = "e"\ndate = 2026-01-01\n'
    found = errors(count + count.replace("true", '"có"') + value + value + event + event.replace("2026-01-01", '"1/1/2026"'))
    assert [place(d) for d in found] == [("F142", 6, 1), ("F143", 15, 1), ("F145", 22, 1)]
    assert found[0].message.text() == (
        'the count of hội_nghị in 2026 with trực_tuyến = true of unit "vp" is given twice'
    )


def test_same_event_for_another_unit_is_not_a_duplicate():
    facts = loads_facts('[[events]]\nevent = "e"\ndate = 2026-01-01\n[[events]]\nevent = "e"\ndate = 2026-01-01\n'
                        'unit = "vp"\n')
    assert len(facts.events) == 2


def test_records_and_counts_for_the_same_year():
    text = (CONFERENCE + '[[units.vp.counts]]\nkind = "hội_nghị"\nyear = 2026\ncount = 3\n'
            '[[units.vp.counts]]\nkind = "hội_nghị"\nyear = 2025\ncount = 3\n')
    d = error(text)
    assert place(d) == ("F134", 3, 1) and hints(d) == ["records at facts.toml:1"]
    snapshot = '[[units.vp.records."cán_bộ"]]\n"mã" = "A"\n[[units.vp.counts]]\nkind = "cán_bộ"\nyear = 2026\ncount = 3\n'
    assert place(error(snapshot)) == ("F134", 3, 1)


def test_facts_outside_the_period():
    """Every dated fact must lie inside [facts] period (count and value years must overlap it)."""
    text = (
        '[facts]\nperiod = { from = 2025-01-01, to = 2026-12-31 }\n'
        '[[events]]\nevent = "e"\ndate = 2027-01-01\n'
        '[[units.vp.records."hội_nghị"]]\n"ngày" = 2024-12-31\n'
        '[[units.vp.counts]]\nkind = "văn_bản_gửi"\nyear = 2024\ncount = 1\n'
        '[[units.vp.values]]\nmetric = "số_hội_nghị"\nyear = 2027\nvalue = 1\n'
        '[[units.vp.deliveries]]\ntask = "TT 1"\ndate = 2027-01-02\n'
        '[[units.vp.records."hội_nghị"]]\n"ngày" = 2026-12-31\n'
    )
    found = errors(text)
    assert [place(d) for d in found] == [("F150", 5, 8), ("F150", 7, 10), ("F150", 10, 8), ("F150", 14, 8),
                                         ("F150", 18, 8)]
    assert found[0].message.text() == "date 2027-01-01 lies outside the period of the facts, 2025-01-01 to 2026-12-31"
    assert found[2].message.text().startswith("year 2024 lies outside")


def test_period_must_be_in_order_and_agree(tmp_path):
    d = error("[facts]\nperiod = { from = 2026-12-31, to = 2026-01-01 }\n")
    assert place(d) == ("F151", 2, 1)
    found = errors("[facts]\nperiod = { from = 2026-01-01 }\n")
    assert [place(d) for d in found] == [("F104", 2, 1)]
    (tmp_path / "a.toml").write_text("[facts]\nperiod = { from = 2026-01-01, to = 2026-12-31 }\n", encoding="utf-8")
    (tmp_path / "b.toml").write_text("\n[facts]\nperiod = { from = 2025-01-01, to = 2026-12-31 }\n", encoding="utf-8")
    with pytest.raises(FactsError) as info:
        load_facts(tmp_path)
    (d,) = info.value.diagnostics
    assert place(d) == ("F152", 3, 1) and d.span.file.endswith("b.toml")
    assert d.message.text().endswith(f"given in {tmp_path / 'a.toml'}:2")


def test_delivery_needs_task_and_date():
    found = errors('[[units.vp.deliveries]]\ndeadline = "x"\n')
    assert [place(d) for d in found] == [("F104", 1, 1), ("F104", 1, 1)]
    assert [d.message.text() for d in found] == ['units.vp.deliveries[1] needs "task"',
                                                 'units.vp.deliveries[1] needs "date"']


@pytest.mark.parametrize("written", ['"2026-13"', '"2026-H3"', '"26"', '"2026/05"', '"31/02/2026"', "true", '"1800"',
                                     '"2026-W54"', '"2026-W0"', '"2026-Q5"'])
def test_malformed_period(written):
    d = error(f'[[units.vp.deliveries]]\ntask = "TT 1"\nperiod = {written}\ndate = 2026-01-01\n')
    assert place(d) == ("F124", 3, 10)


@pytest.mark.parametrize("written", ["0", "-1", "true", '""', '"0"', "1.5"])
def test_bad_deadline(written):
    d = error(f'[[units.vp.deliveries]]\ntask = "TT 1"\ndeadline = {written}\ndate = 2026-01-01\n')
    assert place(d) == ("F125", 3, 12)


def test_missing_required_keys():
    found = errors('[[units.vp.counts]]\nkind = "hội_nghị"\ncount = 3\n'
                   '[[units.vp.values]]\nmetric = "số_hội_nghị"\nyear = 2026\n'
                   '[[events]]\nevent = "e"\n')
    assert [place(d) for d in found] == [("F104", 1, 1), ("F104", 4, 1), ("F104", 7, 1)]


def test_wrong_structure():
    found = errors('events = 3\n[units.vp]\nrecords = [1]\ncounts = { a = 1 }\nmember_of = "g"\n'
                   '[units.vp.values]\n')
    assert [d.code for d in found] == ["F120"] * 5


# ---------------------------------------------------------------- CSV --


def test_csv_unknown_table():
    d = error("unit,id\nvp,1\n", "hoi_nghi.csv")
    assert place(d) == ("F105", 1, 1)
    assert hints(d)[0] == 'did you mean "hội_nghị"?'
    assert hints(d)[1].endswith("counts, values, deliveries, assessments, events, units")


def test_csv_table_keyword_names_the_table():
    """`table=` names the table of CSV files whatever their name."""
    facts = loads_facts("unit;mã\nvp;A\n", "danh sách.csv", table="cán_bộ")
    assert facts.unit("vp").records[0].get("mã") == "A"


def test_csv_header_problems():
    found = errors("unit,kind,yaer,count,count\n", "counts.csv")
    assert [place(d) for d in found] == [("F104", 1, 1), ("F106", 1, 22)]
    found = errors("unit,ngay,trực_tuyến\n", "hội_nghị.csv")
    assert [place(d) for d in found] == [("F111", 1, 6)]
    assert hints(found[0])[0] == 'did you mean "ngày"?'
    d = error("unit,metric,year,value,note\n", "values.csv")
    assert place(d) == ("F103", 1, 24) and d.message.text() == 'unknown column "note" in table "values"'
    assert place(error("\n\n", "units.csv")) == ("F106", 1, 1)


def test_csv_row_problems_are_each_located():
    text = ("unit,id,ngày,loại,trực_tuyến,thời_lượng\n"
            "vp,1,31/02/2026,quán_triệt,có,1/2\n"
            ",2,01/03/2026,,,\n"
            "vp,3,01/03/2026,quan triet,maybe,-1,extra\n")
    found = errors(text, "hội_nghị.csv")
    assert [place(d) for d in found] == [("F121", 2, 6), ("F104", 3, 1), ("F113", 4, 17), ("F120", 4, 28),
                                         ("F123", 4, 34), ("F106", 4, 37)]
    assert found[1].message.text() == 'row 2 of table "hội_nghị" has no "unit"'


def test_csv_counts_conditions_and_unknown_kind():
    text = "unit,kind,year,count,trực_tuyến,mật\nvp,hội_nghị,2026,30,,\nvp,hội_nghị,2026,3,x,có\nvp,hội_nghi,2026,3,,\n"
    found = errors(text, "counts.csv")
    assert [place(d) for d in found] == [("F111", 3, 22), ("F110", 4, 4)]
    assert found[0].message.text() == 'record kind "hội_nghị" has no field "mật"'


def test_csv_empty_cell_is_not_reported():
    record = loads_facts("unit,ngày,trực_tuyến\nvp,2026-01-01,\n", "hội_nghị.csv").unit("vp").records[0]
    assert record.values == (("ngày", dt.date(2026, 1, 1)),) and not record.has("trực_tuyến")


def test_csv_units_events_deliveries():
    facts = Facts.merge([
        loads_facts("unit,member_of\nvp,a; b;\nvp2,\n", "units.csv"),
        loads_facts("event;date;unit\ne;01/02/2026;\n", "events.csv"),
        loads_facts("unit,task,date\nvp,TT 1,2026-05-05\n", "deliveries.csv"),
    ])
    assert facts.unit("vp").member_of == ("a", "b") and facts.unit("vp2").member_of == ()
    assert facts.events == (Happened("e", dt.date(2026, 2, 1)),)
    assert facts.unit("vp").deliveries == (Delivery("TT 1", dt.date(2026, 5, 5)),)


def test_csv_unit_listed_twice():
    d = error("unit,member_of\nvp,a\nvp2,\nvp,b\n", "units.csv")
    assert place(d) == ("F144", 4, 1) and hints(d) == ["first given at units.csv:2"]


def test_csv_duplicates_across_files(tmp_path):
    (tmp_path / "a.toml").write_text('[[units.vp.records."hội_nghị"]]\nid = "A"\n', encoding="utf-8")
    (tmp_path / "hội_nghị.csv").write_text("unit,id\nvp,B\nvp,A\n", encoding="utf-8")
    with pytest.raises(FactsError) as info:
        load_facts(tmp_path)
    (d,) = info.value.diagnostics
    assert place(d) == ("F140", 3, 1) and hints(d) == [f"first given at {tmp_path / 'a.toml'}:1"]


def test_csv_syntax_error():
    d = error('unit,mã\nvp,"A"B\n', "cán_bộ.csv")
    assert d.code == "F100" and d.span.line == 2


# ----------------------------------------------------------- messages --


def test_diagnostics_render_in_both_languages_with_a_caret():
    d = error(CONFERENCE + '"loại" = "quán triệt"\n')
    assert d.render("en") == (
        'facts.toml:3:10: error[F113]: loại has no category "quán triệt"\n'
        ' 3 | "loại" = "quán triệt"\n'
        '   |          ^\n'
        '  hint: did you mean "quán_triệt"?\n'
        '  hint: accepted: quán_triệt, chuyên_môn, quan_trọng'
    )
    assert d.render("vi").split("\n")[0] == 'facts.toml:3:10: lỗi[F113]: trường loại không có giá trị "quán triệt"'
    assert isinstance(d.message, LanguageMessage)  # an unknown category in the words a plan gets for one


def test_every_code_is_documented():
    """Each code the facts layer gives is in CODES and in docs/facts.md; each catalogue entry has both languages."""
    modules = (ROOT / "src" / "planrules" / "facts").glob("*.py")
    used = {code for path in modules for code in re.findall(r'"(F1\d\d|F26\d)"', path.read_text(encoding="utf-8"))}
    assert used == set(CODES)
    doc = DOC.read_text(encoding="utf-8")
    assert [code for code in CODES if f"`{code}`" not in doc] == []
    for key, (english, vietnamese) in FactsMessage.catalogue.items():
        assert english and vietnamese and english != vietnamese, key


def _doc_blocks(lang: str) -> list[tuple[int, str, str]]:
    """(line, info string, text) of each fenced block of docs/facts.md in `lang`."""
    blocks, current, body = [], None, []
    for number, line in enumerate(DOC.read_text(encoding="utf-8").split("\n"), start=1):
        if current is None and line.startswith("```"):
            current, body = (number, line[3:].strip()), []
        elif current is not None and line.startswith("```"):
            if current[1].split(" ")[0] == lang:
                blocks.append((current[0], current[1], "\n".join(body) + "\n"))
            current = None
        elif current is not None:
            body.append(line)
    return blocks


def _block_name(info: str) -> str | None:
    """The file name a block is read as: its `file=NAME`, else facts.toml for TOML."""
    words = info.split()
    return next((w[len("file="):] for w in words if w.startswith("file=")), "facts.toml" if words[0] == "toml" else None)


@pytest.mark.parametrize("block", _doc_blocks("toml") + _doc_blocks("csv"), ids=lambda b: f"line{b[0]}")
def test_document_examples_load(block):
    """Every TOML and CSV example of docs/facts.md loads, except those marked `invalid`, which fail.

    Valid TOML examples are strict TOML: the standard parser reads them as well.
    """
    import tomllib

    line, info, text = block
    name = _block_name(info)
    assert name, f"line {line}: a csv block needs file=TABLE.csv"
    if "invalid" in info.split():
        with pytest.raises(FactsError):
            loads_facts(text, name)
    else:
        loads_facts(text, name)
        if info.split()[0] == "toml":
            tomllib.loads(text)


def test_document_error_examples_are_real_output():
    """Each rendered error shown in docs/facts.md is exactly what the loader prints for the invalid example above it."""
    invalid = [b for b in _doc_blocks("toml") if "invalid" in b[1].split()]
    shown = _doc_blocks("text")
    assert len(invalid) == 2  # a bare key (F107), and the example of the codes
    for number, (line, info, text) in enumerate(invalid):
        following = [b for b in shown if b[0] > line]
        assert following, f"line {line}: no text block shows its errors"
        if number + 1 < len(invalid):
            assert following[0][0] < invalid[number + 1][0], f"line {line}: no text block shows its errors"
        with pytest.raises(FactsError) as error:
            loads_facts(text, _block_name(info))
        assert error.value.render("en") + "\n" == following[0][2], f"line {line}"
    codes = [[d.code for d in errors(text, _block_name(info))] for _, info, text in invalid]
    assert codes == [["F107"] * 3, ["F121", "F113", "F131"]]


# ---------------------------------------------------------- properties --

# (1) Nothing but FactsError, whatever the bytes.

TOML_PIECES = st.sampled_from([
    "[", "]", "[[", "]]", "{", "}", "=", '"', "'", '"""', ",", ".", "#", "\n", " ", "\\", "%", "/",
    "units", "vp", "records", "hội_nghị", "cán_bộ", "counts", "values", "deliveries", "events", "facts", "period",
    "ngày", "loại", "trực_tuyến", "thời_lượng", "kind", "year", "count", "where", "metric", "value", "task",
    "deadline", "date", "from", "to", "id", "2026-01-01", "31/02/2026", "true", "1/2", "-1", "96%", "quán_triệt",
    "tỷ_lệ_hồ_sơ_trực_tuyến", "1e999", "nan", "2026", "1899", '"hội_nghị"', '"ngày"', "'trực_tuyến'",
])
CSV_PIECES = st.sampled_from([",", ";", "\n", "\r\n", '"', " ", "unit", "vp", "id", "ngày", "kind", "year", "count",
                              "metric", "value", "2026", "x", "có", "1/2", "-3", "hội_nghị", "trực_tuyến", "\ufeff",
                              "task", "date", "event", "member_of", "01/02/2026"])
FILE_NAMES = st.sampled_from(["f.toml", "hội_nghị.csv", "counts.csv", "values.csv", "deliveries.csv", "events.csv",
                              "units.csv", "cán_bộ.csv", "other.csv"])


def _only_facts_errors(load) -> None:
    try:
        facts = load()
    except FactsError as error:
        assert error.diagnostics
        for d in error.diagnostics:
            assert d.code in CODES
            assert d.span is None or (d.span.line >= 1 and d.span.column >= 1)
    else:
        assert isinstance(facts, Facts)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=200), name=FILE_NAMES)
def test_fuzz_bytes_only_raise_facts_errors(scratch, data, name):
    """Random bytes in a .toml or .csv file load, or raise FactsError: never another exception."""
    path = scratch / name
    path.write_bytes(data)
    _only_facts_errors(lambda: load_facts(path))


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(max_size=120), st.lists(TOML_PIECES, max_size=40).map("".join),
                      st.lists(CSV_PIECES, max_size=40).map("".join)), name=FILE_NAMES)
def test_fuzz_text_only_raise_facts_errors(text, name):
    """Random text, and text made of the format's own pieces, load or raise FactsError."""
    _only_facts_errors(lambda: loads_facts(text, name))


KEYS = st.sampled_from(["facts", "period", "from", "to", "events", "event", "date", "unit", "units", "vp",
                        "member_of", "records", "hội_nghị", "cán_bộ", "counts", "values", "deliveries", "kind",
                        "year", "count", "where", "metric", "value", "task", "deadline", "id", "ngày", "loại",
                        "trực_tuyến", "thời_lượng", "mã", "tỷ_lệ_hồ_sơ_trực_tuyến", "số_hội_nghị",
                        "giảm_hội_nghị", "thời_lượng_hội_nghị", "kỳ"])
SCALARS = st.one_of(st.booleans(), st.integers(-5, 3000), st.dates(dt.date(1850, 1, 1), dt.date(2300, 1, 1)),
                    st.floats(allow_nan=False), st.sampled_from(["1/2", "x", "96%", "quán_triệt", "2026", "2026-H1",
                                                                  "31/02/2026", "hội_nghị", "", "có", "TT 1"]))
DOCUMENTS = st.dictionaries(KEYS, st.recursive(
    SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=25), max_size=4)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(document=DOCUMENTS)
def test_fuzz_documents_only_raise_facts_errors(document):
    """Well-formed TOML with the format's keys in random places loads or raises FactsError."""
    _only_facts_errors(lambda: loads_facts(tomli_w.dumps(document)))


# (2) Valid facts written to TOML load back equal.

NAME = st.text(st.sampled_from("abcdghkmnpqrstuvxyđâêôơưăáàảãạếềểễệốồổỗộứừửữự_0123456789"), min_size=1, max_size=8)
TEXT = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), max_size=10).map(
    lambda s: unicodedata.normalize("NFC", s))
DAYS_2026 = st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
BOOL_SPELLINGS = {True: [True, "có", "Có", "true", "x", "1"], False: [False, "không", "KHÔNG", "false", "", "0"]}
VOCABULARY = Vocabulary.of([prelude()])
COUNTED_KINDS = ["hội_nghị", "văn_bản_ban_hành", "văn_bản_gửi", "hồ_sơ_tthc"]


@st.composite
def field_values(draw, decl):
    """(value as written in TOML, value as loaded) of one field."""
    kind = decl.type.value
    if kind == "date":
        day = draw(DAYS_2026)
        return draw(st.sampled_from([day, day.isoformat(), f"{day.day:02d}/{day.month:02d}/{day.year}"])), day
    if kind == "bool":
        value = draw(st.booleans())
        return draw(st.sampled_from(BOOL_SPELLINGS[value])), value
    if kind == "days":
        value = Fraction(draw(st.integers(0, 40)), draw(st.integers(1, 4)))
        return draw(st.sampled_from([str(value), f"{float(value)}".replace(".", ",")] if value.denominator in (1, 2, 4)
                                    else [str(value)])), value
    if kind == "integer":
        value = draw(st.integers(0, 10**6))
        return value, value
    if kind == "category":
        value = draw(st.sampled_from([c.name for c in decl.categories]))
        return value, value
    if kind == "unit":
        value = draw(NAME)
        return value, value
    value = draw(TEXT)
    return value, value


@st.composite
def records(draw, kind):
    decl = VOCABULARY.kinds[kind]
    written, values = {}, []
    for field in decl.fields:
        if draw(st.booleans()):
            raw, value = draw(field_values(field))
            written[field.name] = raw
            values.append((field.name, value))
    date_field = VOCABULARY.date_field(kind)
    date = dict(values).get(date_field.name) if date_field else None
    return written, Record(kind, tuple(values), None, date)


@st.composite
def units(draw):
    out: dict = {}
    expected: dict = {"records": [], "counts": [], "values": [], "deliveries": []}
    members = draw(st.lists(NAME, max_size=3, unique=True))
    if members:
        out["member_of"] = members
    kinds = draw(st.lists(st.sampled_from(sorted(VOCABULARY.kinds)), max_size=3, unique=True))
    for kind in kinds:
        rows = []
        for number, (written, record) in enumerate(draw(st.lists(records(kind), min_size=1, max_size=4))):
            written = {"id": f"R{number}", **written}
            rows.append(written)
            expected["records"].append(Record(record.kind, record.values, f"R{number}", record.date))
        out.setdefault("records", {})[kind] = rows
    for kind in draw(st.lists(st.sampled_from(COUNTED_KINDS), max_size=2, unique=True)):
        decl = VOCABULARY.kinds[kind]
        where = {}
        for field in decl.fields:
            if field.type.value in ("bool", "category") and draw(st.booleans()):
                where[field.name] = draw(field_values(field))
        number = draw(st.integers(0, 500))
        row = {"kind": kind, "year": 2025, "count": number}
        if where:
            row["where"] = {k: raw for k, (raw, _) in where.items()}
        out.setdefault("counts", []).append(row)
        expected["counts"].append(Count(kind, 2025, number, tuple(sorted((k, v) for k, (_, v) in where.items()))))
    metrics = draw(st.lists(st.sampled_from(["tỷ_lệ_hồ_sơ_trực_tuyến", "số_hội_nghị", "giảm_hội_nghị"]),
                            max_size=3, unique=True))
    for metric in metrics:
        if metric == "số_hội_nghị":
            value = Fraction(draw(st.integers(0, 1000)))
            raw = draw(st.sampled_from([int(value), str(value)]))
        elif metric == "giảm_hội_nghị":
            value = Fraction(draw(st.integers(-100, 100)), 100)
            raw = draw(st.sampled_from([f"{value * 100}%", str(value)]))
        else:
            value = Fraction(draw(st.integers(0, 100)), 100)
            raw = draw(st.sampled_from([f"{value * 100}%", str(value)]))
        out.setdefault("values", []).append({"metric": metric, "year": 2026, "value": raw})
        expected["values"].append(ReportedValue(metric, 2026, value))
    for _ in range(draw(st.integers(0, 2))):
        task, day = draw(NAME), draw(DAYS_2026)
        deadline = draw(st.one_of(st.none(), NAME.map(lambda s: f"kỳ_{s}"), st.integers(1, 5)))
        period = draw(st.sampled_from([None, "2026", "2026-05", "2026-H2", "2026-Q1", "once"]))
        row = {"task": task, "date": day}
        if deadline is not None:
            row["deadline"] = deadline
        if period is not None:
            row["period"] = period
        out.setdefault("deliveries", []).append(row)
        expected["deliveries"].append(Delivery(task, day, None if deadline is None else str(deadline), period))
    return out, expected


@st.composite
def documents(draw):
    document: dict = {}
    period = draw(st.booleans())
    if period:
        document["facts"] = {"period": {"from": dt.date(2025, 1, 1), "to": dt.date(2026, 12, 31)}}
    events = draw(st.lists(st.tuples(NAME, DAYS_2026, st.one_of(st.none(), NAME)), max_size=3, unique=True))
    if events:
        document["events"] = [{"event": e, "date": d, **({"unit": u} if u else {})} for e, d, u in events]
    expected_units = []
    for name in draw(st.lists(NAME, max_size=3, unique=True)):
        written, parts = draw(units())
        document.setdefault("units", {})[name] = written
        expected_units.append(UnitFacts(name, tuple(written.get("member_of", ())), tuple(parts["records"]),
                                        tuple(parts["counts"]), tuple(parts["values"]), tuple(parts["deliveries"])))
    expected = Facts(
        tuple(expected_units),
        tuple(Happened(e, d, u) for e, d, u in events),
        (dt.date(2025, 1, 1), dt.date(2026, 12, 31)) if period else None,
        ("facts.toml",),
    )
    return document, expected


def _unquote_keys(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The TOML with quotes taken off keys that are single words, as people used to write them.

    Also gives (line, column, key) of each key left bare that TOML does not allow bare (not ASCII).
    """
    out, places = [], []
    for number, line in enumerate(text.split("\n"), start=1):
        pattern = r'"(\w+)"' if line.startswith("[") else r'^"(\w+)"(?= = )'
        shift = 0
        for found in re.finditer(pattern, line):
            if not found[1].isascii():
                places.append((number, found.start() + 1 - shift, found[1]))
            shift += 2
        out.append(re.sub(pattern, r"\1", line))
    return "\n".join(out), places


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(generated=documents())
def test_valid_facts_round_trip_through_toml(generated):
    """Generated valid facts written with tomli_w (which quotes keys that need it) load back equal."""
    document, expected = generated
    facts = loads_facts(tomli_w.dumps(document))
    assert _by_unit(facts) == _by_unit(expected)  # tomli_w may write small tables inline, before the others
    assert [u.name for u in facts.units] == [u.name for u in expected.units]
    assert (facts.events, facts.period, facts.files) == (expected.events, expected.period, expected.files)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(generated=documents())
def test_bare_keys_in_valid_facts_are_exactly_the_errors(generated):
    """Valid facts with their Vietnamese keys unquoted: one F107 per such key, at its place, and nothing else."""
    document, expected = generated
    text, places = _unquote_keys(tomli_w.dumps(document))
    if not places:
        assert _by_unit(loads_facts(text)) == _by_unit(expected)
        return
    found = errors(text)
    assert [place(d) for d in found] == [("F107", line, column) for line, column, _ in places]
    assert [d.message.text().rsplit(" ", 1)[1] for d in found] == [f'"{key}"' for _, _, key in places]


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(document=DOCUMENTS)
def test_valid_toml_never_gives_f107_and_every_key_has_a_place(document):
    """TOML written by tomli_w is never F107 (the scanner quotes nothing), and every key and array element gets a
    place."""
    import tomllib

    text = tomli_w.dumps(document)
    scan = TomlScan(text)
    assert scan.quoted == [] and scan.rewritten() == text
    try:
        loads_facts(text)
    except FactsError as error:
        assert "F107" not in [d.code for d in error.diagnostics]

    def paths(value, prefix=()):
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        for key, inner in items:
            yield prefix + (key,)
            yield from paths(inner, prefix + (key,))

    assert [p for p in paths(tomllib.loads(text)) if p not in scan.where] == []


# ------------------------------------------------------------- attributes --


def test_unit_attributes_from_toml_and_csv_are_read_in_file_order(tmp_path):
    from planrules.facts.loader import load_facts

    toml = tmp_path / "a.toml"
    toml.write_text('[units."vp_hđnd_ubnd"]\nattributes = { "tỉnh" = "Ninh Bình", "xã" = "Vũ Dương" }\n',
                    encoding="utf-8")
    csv = tmp_path / "units.csv"
    csv.write_text("unit,member_of,huyện,tỉnh\nphòng_vhxh,,Vũ Thư,Ninh Bình\nvp_hđnd_ubnd,,,\n", encoding="utf-8")
    facts = load_facts(toml, csv)
    assert facts.unit("vp_hđnd_ubnd").attributes == (("tỉnh", "Ninh Bình"), ("xã", "Vũ Dương"))
    assert facts.unit("phòng_vhxh").attributes == (("huyện", "Vũ Thư"), ("tỉnh", "Ninh Bình"))


@pytest.mark.parametrize("files, code", [
    ({"a.toml": '[units.x]\nattributes = { "tỉnh" = 5 }\n'}, "F120"),
    ({"a.toml": '[units.x]\nattributes = ["Ninh Bình"]\n'}, "F120"),
    ({"a.toml": '[units.x]\nattributes = { "tỉnh" = "A" }\n', "b.toml": '[units.x]\nattributes = { "tỉnh" = "B" }\n'},
     "F146"),
    ({"units.csv": "unit,member_off\nx,a\n"}, "F103"),
])
def test_bad_unit_attributes_are_located_errors(tmp_path, files, code):
    from planrules.base.diagnostics import FactsError
    from planrules.facts.loader import load_facts

    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(FactsError) as info:
        load_facts(*(tmp_path / n for n in files))
    assert code in [d.code for d in info.value.diagnostics]


# -------------------------------------------------- every problem in one run --

PERIOD = "[facts]\nperiod = { from = 2025-01-01, to = 2026-12-31 }\n"


def test_a_record_with_a_bad_field_is_still_checked_on_its_date_and_id():
    """One unreadable field does not hide the record's other problems: its date outside the period
    (F150) and its repeated id (F140) are reported with it."""
    text = (PERIOD + CONFERENCE + 'id = "A"\n'  # lines 3-5
            + '[[units.vp.records."hội_nghị"]]\nid = "A"\n"ngày" = 2027-01-05\n"trực_tuyến" = "maybe"\n')
    found = errors(text)
    assert [place(d) for d in found] == [("F140", 6, 1), ("F150", 8, 10), ("F120", 9, 16)]


def test_a_record_with_a_bad_field_is_never_a_duplicate_of_another():
    """Two records without ids, equal but for a field one of them could not read: not "the same record"."""
    record = '[[units.vp.records."hội_nghị"]]\n"ngày" = 2026-03-02\n"loại" = "quán_triệt"\n'
    found = errors(record + record + '"thời_lượng" = "long"\n')
    assert [d.code for d in found] == ["F120"]


def test_counts_values_deliveries_and_events_with_a_bad_value_are_checked_on_the_rest():
    text = (PERIOD
            + '[[events]]\nevent = "e"\ndate = "31/02/2026"\n'
            + '[[units.vp.counts]]\nkind = "hội_nghị"\nyear = 2027\ncount = -1\n'
            + '[[units.vp.values]]\nmetric = "tỷ_lệ_hội_nghị_trực_tuyến"\nyear = 2024\nvalue = "abc"\n'
            + '[[units.vp.deliveries]]\ntask = "TT 2"\ndate = 2027-01-01\nwhen = 1\n')
    codes = [(d.code, d.span.line) for d in errors(text)]
    # an event with a bad date, a count with a bad number, a value with a bad value, a delivery with an
    # unknown key: each is still checked on its year or date
    assert codes == [("F121", 5), ("F150", 8), ("F123", 9), ("F150", 12), ("F120", 13), ("F150", 16),
                     ("F103", 17)]


def test_load_facts_lists_only_the_loaders_problems(tmp_path):
    """The fit of the facts to a plan is the pipeline's (tests/test_pipeline.py): the loader says only its own."""
    path = tmp_path / "f.toml"
    path.write_text('[units.vp]\n[units.vq]\n[[units.vp.records."hội_nghị"]]\n"ngày" = "31/02/2026"\n'
                    '[[units.vp.deliveries]]\ntask = "II.9"\ndate = 2026-05-01\n', encoding="utf-8")
    with pytest.raises(FactsError) as alone:
        load_facts(path)
    assert [d.code for d in alone.value.diagnostics] == ["F121"]


# The modules that hold the table sources: reading TOML or CSV facts loads none of them.
TABLE_MODULES = ("duckdb", "psycopg", "pyarrow", "planrules.evaluation.sql", "planrules.facts.sources",
                 "planrules.facts.duckdb_engine", "planrules.facts.postgres_engine", "planrules.facts.engines",
                 "planrules.facts.small_tables", "planrules.facts.table_checks", "planrules.facts.table_problems",
                 "planrules.facts.sql_text")


def test_reading_toml_and_csv_facts_loads_no_database_module():
    import json
    import subprocess
    import sys

    code = ("import json, sys\nfrom planrules.facts.loader import load_facts\n"
            f"load_facts({str(EXAMPLES[0])!r})\nload_facts({str(FIXTURES / 'csv')!r})\n"
            "print(json.dumps(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    loaded = json.loads(done.stdout.splitlines()[-1])
    assert "planrules.facts.csv_facts" in loaded and "planrules.facts.toml_facts" in loaded  # both were read
    assert [m for m in loaded if m.startswith(TABLE_MODULES)] == []
