"""facts/mapping_shapes.py, attacked: a `[reported]` row is never dropped in silence. Without
`[reported.values.kind]` its kind column holds the declared kinds' names; a row naming anything else (an ASCII
code, a typo, another spelling) would make no zero and leave its unit `unknown` with nothing said, so it is F230
at its row, as a code a value map does not list is."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from test_mapping_shapes import MAPPING, foreign_database, judged, refused

UNMAPPED = MAPPING.split("[reported.values.kind]")[0]  # the reported table's kind column holds the kinds' names


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_a_reported_row_naming_a_declared_kind_makes_its_zero(tmp_path, form):
    """The kind's name stored decomposed (as macOS writes it) is the kind, as the same spelling in a value map's
    column is (764b846): text is read composed."""
    kind = unicodedata.normalize(form, "hội_nghị")
    verdicts = judged(foreign_database(tmp_path / "f.duckdb", reports=[("VN-00003", kind, 2025)]), UNMAPPED)
    assert verdicts["VN-00003", "I#1"].status.value == "not_applicable"  # 0/0: no conference, reported
    assert verdicts["VN-00003", "II#1"].status.value == "unknown"  # documents not reported


@pytest.mark.parametrize("kind", ["hoi_nghi", " hội_nghị", "conf"])
def test_a_reported_row_naming_no_declared_kind_is_an_error_at_its_row(tmp_path, kind):
    path = foreign_database(tmp_path / "f.duckdb", reports=[("VN-00003", "hội_nghị", 2025), ("VN-00001", kind, 2025)])
    (problem,) = refused(path, UNMAPPED)
    assert problem.code == "F230"
    assert problem.hints[0].text() == f"in {path} (reports[2]), unit VN-00001"
    assert problem.message.text().startswith(f'record_type (kind) holds "{kind}", which is no record kind declared')


PERIOD = '\n[tables.period]\ntable = "reporting_period"\ncolumns = { from = "d_from", to = "d_to" }\n'


def _with_period(path):
    import duckdb

    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE reporting_period (d_from DATE, d_to DATE)")
    con.execute("INSERT INTO reporting_period VALUES ('2025-01-01', '2025-12-31')")
    con.close()
    return path


def test_a_reported_year_outside_the_period_is_an_error_at_its_row_as_a_count_of_that_year_is(tmp_path):
    """A `counts` row of 2024 in facts of 2025 is F150; so is the reported row that stands for a count of zero."""
    inside = _with_period(foreign_database(tmp_path / "in.duckdb", reports=[("VN-00003", "conf", 2025)]))
    assert judged(inside, MAPPING + PERIOD)["VN-00003", "I#1"].status.value == "not_applicable"
    path = _with_period(foreign_database(tmp_path / "f.duckdb", reports=[("VN-00003", "conf", 2025),
                                                                         ("VN-00001", "docs", 2024)]))
    (problem,) = refused(path, MAPPING + PERIOD)
    assert problem.code == "F150" and "2024" in problem.message.text()
    assert problem.hints[0].text() == f"in {path} (reports[2]), unit VN-00001"


def _two_part_identity(path, rows):
    """Conferences told apart by (seq, part) as text; `rows`: VN-00001's two conferences' (seq, part)."""
    import duckdb

    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE conferences ALTER seq TYPE VARCHAR")
    con.execute("ALTER TABLE conferences ADD COLUMN part VARCHAR")
    con.execute("UPDATE conferences SET part = 'x'")
    for old, (seq, part) in zip(("1", "2"), rows):
        con.execute("UPDATE conferences SET seq = $1, part = $2 WHERE commune_code = 'VN-00001' AND seq = $3",
                    [seq, part, old])
    con.close()
    return path


TWO_PARTS = MAPPING.replace('identity = ["commune_code", "seq"]', 'identity = ["commune_code", "seq", "part"]')


def test_two_identities_that_differ_are_two_records_whatever_slashes_they_hold(tmp_path):
    """("1/2", "3") and ("1", "2/3") are two conferences: joined by '/' alone both were "1/2/3", F140."""
    path = _two_part_identity(foreign_database(tmp_path / "f.duckdb"), [("1/2", "3"), ("1", "2/3")])
    verdict = judged(path, TWO_PARTS)["VN-00001", "I#1"]
    assert verdict.status.value == "met" and [f.value for f in verdict.figures if f.name == "whole"] == [2]
    plain = _two_part_identity(foreign_database(tmp_path / "g.duckdb"), [("1", "3"), ("2", "3")])
    other = judged(plain, TWO_PARTS)["VN-00001", "I#1"]
    assert (other.status, other.figures) == (verdict.status, verdict.figures)


def test_the_same_identity_twice_is_still_f140(tmp_path):
    path = _two_part_identity(foreign_database(tmp_path / "f.duckdb"), [("1/2", "3"), ("1/2", "3")])
    (problem,) = refused(path, TWO_PARTS)
    assert problem.code == "F140"


def test_postgresql_escapes_identities_and_checks_reported_kinds_alike(server, tmp_path):
    """The same SQL on PostgreSQL: two identities with slashes are two conferences, as in DuckDB; a reported row
    naming no declared kind (no kind map) is F230."""
    import secrets

    import duckdb
    import psycopg

    from planrules.base.diagnostics import FactsError
    from planrules.facts import sources
    from planrules.facts.mapping import loads_mapping
    from test_mapping_shapes import compiled

    path = _two_part_identity(foreign_database(tmp_path / "f.duckdb", reports=[("VN-00003", "hội_nghị", 2025)]),
                              [("1/2", "3"), ("1", "2/3")])
    mapping = TWO_PARTS.split("[reported.values.kind]")[0]
    expected = judged(path, mapping)
    schema = f"planrules_adversarial_{secrets.token_hex(6)}"
    con = duckdb.connect(str(path), read_only=True)
    rules = compiled()
    with psycopg.connect(server, autocommit=True) as admin:
        try:
            admin.execute(f'CREATE SCHEMA "{schema}"')
            for table, ddl in (("communes", "commune_code TEXT, commune_name TEXT, province TEXT"),
                               ("conferences", "commune_code TEXT, seq TEXT, held_on DATE, type_code TEXT, "
                                               "online TEXT, note TEXT, part TEXT"),
                               ("docs_sent", "commune_code TEXT, report_year SMALLINT, electronic SMALLINT, "
                                             "secret BOOLEAN"),
                               ("reports", "commune_code TEXT, record_type TEXT, year INTEGER")):
                admin.execute(f'CREATE TABLE "{schema}".{table} ({ddl})')
                rows = con.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
                with admin.cursor() as cursor:
                    cursor.executemany(f'INSERT INTO "{schema}".{table} VALUES ({", ".join(["%s"] * len(rows[0]))})',
                                       rows)
            with sources.PostgresSource(server, schema=schema, mapping=loads_mapping(mapping, "m.toml")) as source:
                found = {(v.unit, v.rule): v for v in rules.evaluate(source, dt.date(2025, 12, 31)).verdicts}
            assert {k: (v.status, v.value, v.figures) for k, v in found.items()} == {
                k: (v.status, v.value, v.figures) for k, v in expected.items()}
            admin.execute(f'INSERT INTO "{schema}".reports VALUES (%s, %s, 2025)', ["VN-00001", "conf"])
            with sources.PostgresSource(server, schema=schema, mapping=loads_mapping(mapping, "m.toml")) as source, \
                    pytest.raises(FactsError) as error:
                rules.evaluate(source, dt.date(2025, 12, 31))
            assert [d.code for d in error.value.diagnostics] == ["F230"]
        finally:
            con.close()
            admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
