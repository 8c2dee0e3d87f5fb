"""One meaning, two paths, on a real PostgreSQL server: metrics counted there judge exactly as in Python.

The server is named by `PLANRULES_TEST_POSTGRES` (a libpq connection string);
`.ci/run` starts a throwaway one (`.ci/postgres.sh`) and sets it, with
`PLANRULES_REQUIRE_POSTGRES=1`. Without a server these tests are skipped,
with the reason, unless `PLANRULES_REQUIRE_POSTGRES=1`: then they fail, so
CI never passes without having run them. To run them by hand (docs/sql.md):

    eval "$(.ci/postgres.sh start)"
    PLANRULES_REQUIRE_POSTGRES=1 python3 -m pytest tests/test_sql_postgres.py
    .ci/postgres.sh stop

Every test (every Hypothesis example) writes into a schema of its own, with a
random name, dropped afterwards; nothing else of the database is touched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import secrets
from fractions import Fraction

import attrs
import pytest
from hypothesis import HealthCheck, event, given, settings
from sql_cases import (HEADER, HOSTILE, PLANS, _hostile_facts, _same_facts, cases, check_both_paths, compile_text,
                       same_meaning)

import planrules
from planrules.facts import model as f
from planrules.facts import postgres_engine, sources, targets
from planrules.base.diagnostics import FactsError



@pytest.fixture(scope="session")
def admin(server):
    """A connection of the tests' own (autocommit) that creates and drops schemas."""
    import psycopg

    with psycopg.connect(server, autocommit=True) as con:
        yield con


@contextlib.contextmanager
def fresh_schema(admin, prefix: str = "planrules_test_"):
    """A schema name nobody uses (random), dropped with everything in it when done."""
    from planrules.facts.sql_text import quote

    name = f"{prefix}{secrets.token_hex(6)}"
    try:
        yield name
    finally:
        admin.execute(f"DROP SCHEMA IF EXISTS {quote(name)} CASCADE")


@pytest.fixture
def schema(admin):
    with fresh_schema(admin) as name:
        yield name


def _relations(admin, schema: str) -> list[tuple[str, str]]:
    return admin.execute(
        "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s ORDER BY 1", [schema]).fetchall()


# ------------------------------------------------------------- differential --


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(case=cases())
def test_postgresql_and_python_give_identical_reports(admin, server, case):
    rules, facts, as_of = case
    with fresh_schema(admin) as schema:
        sources.write_postgres(facts, server, rules.vocabulary, schema=schema)
        with sources.PostgresSource(server, schema=schema) as source:
            _same_facts(source.facts(rules.vocabulary), facts)
            check_both_paths(rules, facts, as_of, source)
            for v in rules.evaluate(source, as_of).verdicts:  # what was covered: --hypothesis-show-statistics
                event(f"{v.kind.value} {v.status.value}" + (" (violations)" if v.violations else ""))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(case=cases())
def test_problems_evidence_on_postgresql_changes_only_the_records_listed(admin, server, case):
    rules, facts, as_of = case
    with fresh_schema(admin) as schema:
        sources.write_postgres(facts, server, rules.vocabulary, schema=schema)
        with sources.PostgresSource(server, schema=schema) as full, \
                sources.PostgresSource(server, schema=schema, evidence="problems") as lean:
            a, b = rules.evaluate(full, as_of), rules.evaluate(lean, as_of)
    assert [attrs.evolve(v, records=()) for v in a.verdicts] == [attrs.evolve(v, records=()) for v in b.verdicts]
    for x, y in zip(a.verdicts, b.verdicts):
        assert set(y.records) <= set(x.records)


# ------------------------------------------------------------- the real plan --

VU_DUONG = planrules.compile(planrules.load(PLANS / "quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"),
                             planrules.load_dir(PLANS))
_PLACE = re.compile(r".* \([^()]*\[\d+\]\)\Z")  # "file (table[row])": a record named by its place


def _placeless(report: planrules.Report) -> planrules.Report:
    """`report` with every place of a fact (a TOML line, a table row) blanked: what differs between two stores."""
    def verdict(v):
        return attrs.evolve(v, records=tuple("<place>" if _PLACE.match(r) else r for r in v.records),
                            violations=tuple(attrs.evolve(x, origin=None) for x in v.violations))
    return attrs.evolve(report, verdicts=tuple(map(verdict, report.verdicts)))


@pytest.mark.parametrize("as_of", [dt.date(2026, 11, 30), dt.date(2026, 12, 31), dt.date(2027, 12, 31)])
def test_the_vu_duong_sample_facts_give_the_same_report_from_toml_and_from_postgresql(server, schema, as_of):
    facts = planrules.load_facts(PLANS.parent / "examples/vu-duong/facts.toml", vocabulary=VU_DUONG.vocabulary)
    sources.write_postgres(facts, server, VU_DUONG.vocabulary, schema=schema)
    with sources.PostgresSource(server, schema=schema) as source:
        check_both_paths(VU_DUONG, facts, as_of, source)
        report = VU_DUONG.evaluate(source, as_of)
    expected = VU_DUONG.evaluate(facts, as_of)
    assert _placeless(report) == _placeless(expected)
    assert planrules.render(_placeless(report), "text") == planrules.render(_placeless(expected), "text")
    assert report.summary() == expected.summary()
    cap = [v for v in report.verdicts if v.violations]
    assert cap and cap[0].violations[0].origin.endswith(f"schema {schema} (hội_nghị[3])")


def test_columns_of_domains_read_as_their_base_types(admin, server, schema):
    """A national schema declares its own domains (`CREATE DOMAIN code AS VARCHAR(40) CHECK (…)`, a domain over
    another): each was refused (F120, its type shown as the domain's name) where its base type is accepted. Read as
    its base type, the Vũ Dương facts give the report they give as plain columns; a domain over text under a
    nondeterministic collation is still refused."""
    from planrules.facts.sql_text import quote

    facts = planrules.load_facts(PLANS.parent / "examples/vu-duong/facts.toml", vocabulary=VU_DUONG.vocabulary)
    sources.write_postgres(facts, server, VU_DUONG.vocabulary, schema=schema)
    as_of = dt.date(2026, 12, 31)
    with sources.PostgresSource(server, schema=schema) as source:
        expected = VU_DUONG.evaluate(source, as_of)
    s, t = quote(schema), f'{quote(schema)}."hội_nghị"'
    admin.execute(f"CREATE DOMAIN {s}.code AS VARCHAR(40) CHECK (VALUE <> '')")
    admin.execute(f"CREATE DOMAIN {s}.unit_code AS {s}.code")
    admin.execute(f"CREATE DOMAIN {s}.day AS DATE CHECK (VALUE > DATE '1990-01-01')")
    admin.execute(f"CREATE DOMAIN {s}.yes_no AS BOOLEAN")
    admin.execute(f"CREATE DOMAIN {s}.amount AS NUMERIC(18, 6)")
    for column, domain in (("unit", "unit_code"), ("id", "code"), ("ngày", "day"), ("loại", "code"),
                           ("trực_tuyến", "yes_no"), ("thời_lượng", "amount")):
        admin.execute(f"ALTER TABLE {t} ALTER COLUMN {quote(column)} TYPE {s}.{domain}")
    admin.execute(f"ALTER TABLE {s}.units ALTER COLUMN unit TYPE {s}.unit_code")
    with sources.PostgresSource(server, schema=schema) as source:
        assert VU_DUONG.evaluate(source, as_of) == expected
    admin.execute(f"CREATE COLLATION {s}.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false)")
    admin.execute(f"CREATE DOMAIN {s}.ci_code AS TEXT COLLATE {s}.ci")
    admin.execute(f"ALTER TABLE {t} ALTER COLUMN {quote('loại')} TYPE {s}.ci_code")
    with sources.PostgresSource(server, schema=schema) as source, pytest.raises(FactsError) as error:
        VU_DUONG.evaluate(source, as_of)
    assert [d.message.text() for d in error.value.diagnostics] == [
        "column loại of table hội_nghị is TEXT COLLATE CI, but loại is text"]


def test_open_source_opens_a_postgresql_url(server, schema):
    facts = f.Facts((f.UnitFacts("vp_hđnd_ubnd"),))
    sources.write_postgres(facts, server, schema=schema)
    assert server.startswith(("postgresql://", "postgres://")) and targets.is_source(server)
    with sources.open_source(server) as source:  # the public schema: none of this test's tables
        assert source.name.startswith("postgresql://")
    with sources.PostgresSource(server, schema=schema) as source:
        assert source.light_facts().unit_names == ("vp_hđnd_ubnd",)


# ---------------------------------------------------------------- injection --


def test_hostile_text_in_every_name_and_string_changes_nothing(admin, server):
    """Quotes, `; DROP TABLE`, `$1` and `%s` in the schema's name, the plan's strings, record ids and text fields."""
    targets = ("chỉ tiêu: tỷ_lệ_hn_qt tối thiểu 60%\nchỉ tiêu: số_người_mỗi_lớp(trực_tiếp) tối thiểu 5\n"
               "chỉ tiêu: thời_lượng_hội_nghị(quán_triệt) không quá 1/2 ngày\nchỉ tiêu: giảm_hội_nghị tối thiểu 10%\n")
    hostile = compile_text(HEADER.format(number=HOSTILE.replace('"', "'"), title=HOSTILE.replace('"', "'"),
                                         label=HOSTILE.replace('"', "'")) + targets)
    plain = compile_text(HEADER.format(number="1", title="t", label="l") + targets)
    facts = _hostile_facts(hostile)
    as_of = dt.date(2026, 12, 31)
    expected = plain.evaluate(facts, as_of)
    with fresh_schema(admin, prefix=HOSTILE + " $1 %s ") as schema:
        sources.write_postgres(facts, server, hostile.vocabulary, schema=schema)
        before, public = _relations(admin, schema), _relations(admin, "public")
        assert len(before) >= 5
        for rules in (hostile, plain):
            with sources.PostgresSource(server, schema=schema) as source:
                report = rules.evaluate(source, as_of)
                assert report == rules.evaluate(source.facts(rules.vocabulary), as_of)
                same_meaning(report, rules.evaluate(facts, as_of))
            assert [(v.rule, v.status, v.value) for v in report.verdicts] == [
                (v.rule, v.status, v.value) for v in expected.verdicts]
        with sources.PostgresSource(server, schema=schema) as source:  # nothing was dropped or changed
            _same_facts(source.facts(hostile.vocabulary), facts)
        assert _relations(admin, schema) == before and _relations(admin, "public") == public
    broken = [v for v in expected.verdicts if v.violations]
    assert broken and any(HOSTILE in x.record for v in broken for x in v.violations)


# --------------------------------------------------------------- validation --

CONFERENCES = ('CREATE TABLE "hội_nghị" (unit TEXT, id TEXT, "ngày" DATE, "loại" TEXT, '
               '"trực_tuyến" BOOLEAN, "thời_lượng" NUMERIC(18, 6))')
COUNTS = "CREATE TABLE counts (unit TEXT, kind TEXT, year INTEGER, count BIGINT)"


@pytest.mark.parametrize(("statements", "code"), [
    ([CONFERENCES, "INSERT INTO \"hội_nghị\" VALUES ('đv_a', 'H1', '2026-01-02', 'quán triệt', true, 1)"], "F113"),
    ([CONFERENCES, "INSERT INTO \"hội_nghị\" VALUES ('đv_a', 'H1', '2026-01-02', 'quán_triệt', true, -1)"], "F123"),
    ([CONFERENCES, "INSERT INTO \"hội_nghị\" VALUES (NULL, 'H1', '2026-01-02', 'quán_triệt', true, 1)"], "F104"),
    ([CONFERENCES, "INSERT INTO \"hội_nghị\" VALUES ('đv_a', 'H1', '2026-01-02', NULL, true, 1), "
                   "('đv_a', 'H1', '2026-01-03', NULL, true, 1)"], "F140"),
    ([CONFERENCES, "INSERT INTO \"hội_nghị\" VALUES ('đv_a', NULL, '2026-01-02', NULL, true, 1), "
                   "('đv_a', NULL, '2026-01-02', NULL, true, 1)"], "F141"),
    ([CONFERENCES, "INSERT INTO \"hội_nghị\" VALUES ('đv_a', 'H1', '1899-12-31', NULL, true, 1)"], "F122"),
    (['CREATE TABLE "hội_nghị" (unit TEXT, "ngày" DATE, "thời_lượng" DOUBLE PRECISION)'], "F120"),
    (['CREATE TABLE "hội_nghị" (unit TEXT, "ngày" TIMESTAMP, "thời_lượng" NUMERIC)'], "F120"),
    (['CREATE TABLE "hội_nghị" (unit TEXT, "ngày" DATE, "thời_lượng" INTERVAL)'], "F120"),
    (['CREATE TABLE "hội_nghị" (unit TEXT, "ngày" DATE, "thời_lượng" NUMERIC)',
      "INSERT INTO \"hội_nghị\" VALUES ('đv_a', '2026-01-02', 'NaN')"], "F120"),
    (['CREATE TABLE "hội_nghị" (unit TEXT, "ngày" DATE, "thời_lượng" NUMERIC)',
      "INSERT INTO \"hội_nghị\" VALUES ('đv_a', '2026-01-02', 'Infinity')"], "F120"),
    (['CREATE TABLE "lớp_tập_huấn" (unit TEXT, "ngày" DATE, "số_người" NUMERIC)',
      "INSERT INTO \"lớp_tập_huấn\" VALUES ('đv_a', '2026-01-02', 2.5)"], "F120"),
    (['CREATE TABLE "hội_nghị" (unit TEXT, "ngay" DATE)'], "F103"),
    (['CREATE TABLE "hội_nghi" (unit TEXT)'], "F105"),
    ([COUNTS, "INSERT INTO counts VALUES ('đv_a', 'hội_nghị', 2026, -3)"], "F123"),
    ([COUNTS, "INSERT INTO counts VALUES ('đv_a', 'hội_nghi', 2026, 3)"], "F110"),
    ([COUNTS, "INSERT INTO counts VALUES ('đv_a', 'hội_nghị', 2026, 3), ('đv_a', 'hội_nghị', 2026, 4)"], "F142"),
    ([CONFERENCES, "INSERT INTO \"hội_nghị\" VALUES ('đv_a', 'H1', '2026-01-02', NULL, true, 1)", COUNTS,
      "INSERT INTO counts VALUES ('đv_a', 'hội_nghị', 2026, 3)"], "F134"),
    (["CREATE TABLE \"values\" (unit TEXT, metric TEXT, year INTEGER, value DOUBLE PRECISION)",
      "INSERT INTO \"values\" VALUES ('đv_a', 'tỷ_lệ_hội_nghị_trực_tuyến', 2026, 0.5)"], "F120"),
    (["CREATE TABLE \"values\" (unit TEXT, metric TEXT, year INTEGER, value NUMERIC)",
      "INSERT INTO \"values\" VALUES ('đv_a', 'tỷ_lệ_hội_nghị_trực_tuyến', 2026, 'NaN')"], "F120"),
    (["CREATE TABLE \"values\" (unit TEXT, metric TEXT, year INTEGER, value TEXT)",
      "INSERT INTO \"values\" VALUES ('đv_a', 'thời_lượng_hội_nghị', 2026, '1')"], "F133"),
])
def test_invalid_tables_raise_located_facts_errors_and_no_verdict(admin, server, schema, statements, code):
    from planrules.facts.sql_text import quote

    admin.execute(f"CREATE SCHEMA {quote(schema)}")
    with admin.transaction():
        admin.execute(f"SET LOCAL search_path TO {quote(schema)}")
        for sql in statements:
            admin.execute(sql)
    rules = compile_text(HEADER.format(number="1", title="t", label="l") + "chỉ tiêu: số_hội_nghị không quá 3\n")
    with sources.PostgresSource(server, schema=schema) as source, pytest.raises(FactsError) as error:
        rules.evaluate(source, dt.date(2026, 12, 31))
    assert code in [d.code for d in error.value.diagnostics]
    assert all(d.hints and f"schema {schema}" in d.hints[0].text() for d in error.value.diagnostics)


@pytest.mark.parametrize("column", ["unit", "loại"])
def test_a_text_column_under_a_nondeterministic_collation_is_refused(admin, server, schema, column):
    """PostgreSQL groups and compares such a column by its collation ('đv_a' and 'ĐV_A' one unit), where planrules
    tells them apart: read, the counts would differ from the same facts' anywhere else. F120, at the column."""
    from planrules.facts.sql_text import quote

    admin.execute(f"CREATE SCHEMA {quote(schema)}")
    with admin.transaction():
        admin.execute(f"SET LOCAL search_path TO {quote(schema)}")
        admin.execute("CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false)")
        admin.execute(CONFERENCES.replace(f'{quote(column)} TEXT' if column != "unit" else "unit TEXT",
                                          f'{quote(column) if column != "unit" else "unit"} TEXT COLLATE ci'))
        admin.execute("INSERT INTO \"hội_nghị\" VALUES ('đv_a', 'H1', '2026-01-02', 'quán_triệt', true, 1), "
                      "('ĐV_A', 'H2', '2026-01-03', 'QUÁN_TRIỆT', false, 1)")
    rules = compile_text(HEADER.format(number="1", title="t", label="l") + "chỉ tiêu: số_hội_nghị không quá 3\n")
    with sources.PostgresSource(server, schema=schema) as source, pytest.raises(FactsError) as error:
        rules.evaluate(source, dt.date(2026, 12, 31))
    (found,) = [d for d in error.value.diagnostics if d.code == "F120"]
    assert f"column {column} of table hội_nghị is TEXT COLLATE CI" in found.message.text()


@pytest.mark.parametrize("column", ["unit", "loại"])
def test_a_citext_column_is_refused_at_the_column(admin, server, schema, column):
    """citext compares case-insensitively ('đv_a' and 'ĐV_A' one unit, 'QUÁN_TRIỆT' the category 'quán_triệt'), as
    a nondeterministic collation does, but it is a type of its own, not one: refused as no text type (F120, its type
    shown schema-qualified), at the column, before any row is read."""
    import psycopg

    from planrules.facts.sql_text import quote

    admin.execute(f"CREATE SCHEMA {quote(schema)}")
    found = admin.execute("SELECT n.nspname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                          "WHERE t.typname = 'citext'").fetchone()
    if found is None:  # made in the test's schema, dropped with it
        try:
            admin.execute(f"CREATE EXTENSION citext SCHEMA {quote(schema)}")
        except psycopg.Error:
            pytest.skip("the test server has no citext")
    where = found[0] if found is not None else schema
    with admin.transaction():
        admin.execute(f"SET LOCAL search_path TO {quote(schema)}")
        admin.execute(CONFERENCES.replace(f'{quote(column)} TEXT' if column != "unit" else "unit TEXT",
                                          f'{quote(column) if column != "unit" else "unit"} {quote(where)}.citext'))
        admin.execute("INSERT INTO \"hội_nghị\" VALUES ('đv_a', 'H1', '2026-01-02', 'quán_triệt', true, 1), "
                      "('ĐV_A', 'H2', '2026-01-03', 'QUÁN_TRIỆT', false, 1)")
    rules = compile_text(HEADER.format(number="1", title="t", label="l") + "chỉ tiêu: số_hội_nghị không quá 3\n")
    with sources.PostgresSource(server, schema=schema) as source, pytest.raises(FactsError) as error:
        rules.evaluate(source, dt.date(2026, 12, 31))
    (found,) = error.value.diagnostics
    assert (found.code, found.message.text()) == (
        "F120", f"column {column} of table hội_nghị is {where.upper()}.CITEXT, but {column} is text")
    assert found.hints[0].text().endswith(f"schema {schema} (hội_nghị)")


def test_a_view_is_read_like_a_table(admin, server, schema):
    """A reporting database may expose views: no physical order there, so rows are numbered by their values."""
    from planrules.facts.sql_text import quote

    rules = compile_text(HEADER.format(number="1", title="t", label="l")
                         + "chỉ tiêu: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 60%\n")
    as_of = dt.date(2026, 12, 31)
    with fresh_schema(admin) as elsewhere:
        admin.execute(f"CREATE SCHEMA {quote(schema)}")
        admin.execute(f"CREATE SCHEMA {quote(elsewhere)}")
        raw = f"{quote(elsewhere)}.raw"
        admin.execute(f"CREATE TABLE {raw} (u TEXT, d DATE, online BOOLEAN)")
        admin.execute(f"INSERT INTO {raw} VALUES ('đv_a', '2026-03-01', true), ('đv_a', '2026-02-01', false), "
                      "('đv_a', '2026-04-01', true)")
        admin.execute(f'CREATE VIEW {quote(schema)}."hội_nghị" AS '
                      f'SELECT u AS unit, d AS "ngày", online AS "trực_tuyến" FROM {raw}')
        with sources.PostgresSource(server, schema=schema) as source:
            report = rules.evaluate(source, as_of)
            read = source.facts(rules.vocabulary)
            assert report == rules.evaluate(read, as_of)
        with sources.PostgresSource(server, schema=elsewhere) as source, pytest.raises(FactsError) as error:
            rules.evaluate(source, as_of)
        assert [d.code for d in error.value.diagnostics] == ["F105"]  # raw is not a facts table
    labels = [r.origin.row for u in read.units for r in u.records]
    dates = [r.date for u in read.units for r in u.records]
    assert labels == [1, 2, 3] and dates == sorted(dates)  # numbered in the order of (unit, ngày, trực_tuyến)
    online = [v for v in report.verdicts if v.unit == "đv_a" and v.period == "2026"]
    assert online and (online[0].value, online[0].status) == (Fraction(2, 3), planrules.Status.MET)


def test_unreachable_servers_and_missing_schemas_are_facts_errors(server, schema):
    for target, kwargs in (("postgresql://127.0.0.1:1/none?connect_timeout=5", {}),
                           ("host=127.0.0.1 port=1 dbname=x connect_timeout=5", {}),
                           ("postgresql://[broken", {}),
                           (server, {"schema": schema})):  # the schema was never created
        with pytest.raises(FactsError) as error:
            sources.PostgresSource(target, **kwargs)
        assert [d.code for d in error.value.diagnostics] == ["F101"]
        assert "password" not in error.value.diagnostics[0].message.text()


def test_what_postgresql_cannot_store_is_refused_when_writing(server, schema, admin):
    day = dt.date(2026, 3, 2)
    facts = f.Facts((f.UnitFacts("đv_a", records=(f.Record("hội_nghị", (("ngày", day), ("loại", "quán_triệt")),
                                                            id="H\x00", date=day),)),))
    with pytest.raises(FactsError) as error:
        sources.write_postgres(facts, server, schema=schema)
    assert [d.code for d in error.value.diagnostics] == ["F120"]
    assert _relations(admin, schema) == []  # nothing written
    good = f.Facts((f.UnitFacts("đv_a"),))
    sources.write_postgres(good, server, schema=schema)
    with pytest.raises(FactsError) as error:  # never over tables that exist
        sources.write_postgres(good, server, schema=schema)
    assert [d.code for d in error.value.diagnostics] == ["F101"]
    assert [r[0] for r in _relations(admin, schema)] == ["units"]


def test_tables_made_by_the_schema_command_hold_the_facts(admin, server, schema):
    """`planrules schema --format sql` run on PostgreSQL gives tables the source reads, typed as it wants."""
    from planrules.facts.layout import Layout
    from planrules.facts.table_schema import ddl
    from planrules.facts.sql_text import quote

    facts = planrules.load_facts(PLANS.parent / "examples/vu-duong/facts.toml", vocabulary=VU_DUONG.vocabulary)
    with fresh_schema(admin) as written:
        sources.write_postgres(facts, server, VU_DUONG.vocabulary, schema=written)
        admin.execute(f"CREATE SCHEMA {quote(schema)}")
        admin.execute(f"SET search_path TO {quote(schema)}")
        admin.execute(ddl(VU_DUONG.vocabulary))
        admin.execute("SET search_path TO DEFAULT")
        present: dict[str, set[str]] = {}
        for table, column in admin.execute(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = %s", [written]):
            present.setdefault(table, set()).add(column)
        for table in Layout.of(VU_DUONG.vocabulary).tables:
            if table.name in present:  # the writer leaves out empty tables and unused condition columns
                names = ", ".join(quote(c) for c in table.names if c in present[table.name])
                admin.execute(f"INSERT INTO {quote(schema)}.{quote(table.name)} ({names}) "
                              f"SELECT {names} FROM {quote(written)}.{quote(table.name)}")
    as_of = dt.date(2026, 11, 30)
    with sources.PostgresSource(server, schema=schema) as source:
        got = VU_DUONG.evaluate(source, as_of)
    expected = VU_DUONG.evaluate(facts, as_of)
    assert [(v.rule, v.unit, v.status, v.value) for v in got.verdicts] == \
        [(v.rule, v.unit, v.status, v.value) for v in expected.verdicts]


@pytest.mark.parametrize(("key", "searched"), [
    ('PRIMARY KEY (unit, id)', False),
    ('UNIQUE (id)', False),
    ('CREATE UNIQUE INDEX ON {table} (unit, id) WHERE "ngày" > DATE \'2026-01-01\'', True),  # partial: no guarantee
    ('CREATE UNIQUE INDEX ON {table} (unit, lower(id))', True),  # over an expression: not (unit, id) itself
])
def test_a_key_postgresql_keeps_unique_is_not_searched_for_duplicates(admin, server, schema, monkeypatch, key,
                                                                      searched):
    from planrules.facts.sql_text import quote

    rules = compile_text(HEADER.format(number="1", title="t", label="l")
                         + "chỉ tiêu: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 60%\n")
    table = f'{quote(schema)}."hội_nghị"'
    admin.execute(f"CREATE SCHEMA {quote(schema)}")
    inline = "" if key.startswith("CREATE") else f", {key}"
    admin.execute(f'CREATE TABLE {table} (unit TEXT, id TEXT, "ngày" DATE, "trực_tuyến" BOOLEAN{inline})')
    if key.startswith("CREATE"):
        admin.execute(key.format(table=table))
    admin.execute(f"INSERT INTO {table} VALUES ('đv_a', 'H1', '2026-03-01', true), ('đv_a', 'H2', '2026-04-01', true), "
                  "('đv_a', 'H3', '2026-05-01', false)")
    seen: list[str] = []
    run = postgres_engine.PostgresEngine.run
    monkeypatch.setattr(postgres_engine.PostgresEngine, "run",
                        lambda self, sql, params=(): seen.append(sql) or run(self, sql, params))
    with sources.PostgresSource(server, schema=schema) as source:
        report = rules.evaluate(source, dt.date(2026, 12, 31))
    online = [v for v in report.verdicts if v.unit == "đv_a" and v.period == "2026"]
    assert online and (online[0].value, online[0].status) == (Fraction(2, 3), planrules.Status.MET)
    grouped = [sql for sql in seen if 'GROUP BY "unit", "id" HAVING' in sql]
    assert bool(grouped) is searched


@pytest.mark.parametrize("key", ["PRIMARY KEY (unit, id)", "UNIQUE (id)"])
def test_a_key_of_a_parent_does_not_cover_its_inheriting_children(admin, server, schema, key):
    """A parent's rows include its children's (INHERITS), but its key holds over its own rows alone: a record of the
    parent given again in a child was counted twice (2 of 3 conferences online, met), where the same facts in one
    table, or in TOML, are F140. A table with children keeps no key planrules trusts; a partitioned table's key holds
    across its partitions, and is trusted."""
    from planrules.facts.sql_text import quote

    rules = compile_text(HEADER.format(number="1", title="t", label="l")
                         + "chỉ tiêu: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 60%\n")
    table = f'{quote(schema)}."hội_nghị"'
    admin.execute(f"CREATE SCHEMA {quote(schema)}")
    admin.execute(f"CREATE SCHEMA {quote(schema + '_kids')}")
    try:
        admin.execute(f'CREATE TABLE {table} (unit TEXT, id TEXT, "ngày" DATE, "trực_tuyến" BOOLEAN, {key})')
        admin.execute(f'CREATE TABLE {quote(schema + "_kids")}.more () INHERITS ({table})')
        admin.execute(f"INSERT INTO {table} VALUES ('đv_a', 'H1', '2026-03-01', true), ('đv_a', 'H3', '2026-05-01', false)")
        admin.execute(f"INSERT INTO {quote(schema + '_kids')}.more VALUES ('đv_a', 'H1', '2026-03-01', true)")
        with sources.PostgresSource(server, schema=schema) as source, pytest.raises(FactsError) as error:
            rules.evaluate(source, dt.date(2026, 12, 31))
    finally:
        admin.execute(f"DROP SCHEMA {quote(schema + '_kids')} CASCADE")
    assert [d.code for d in error.value.diagnostics] == ["F140"]


@pytest.mark.parametrize("key", ["", ", PRIMARY KEY (unit, id)"])
@pytest.mark.parametrize(("first", "second"), [("HỘI-1", "HO\u0323\u0302I-1"), ("A1", " A1"), ("A1", "A1\u3000")])
def test_ids_that_read_alike_are_one_id_given_twice_in_postgresql(admin, server, schema, key, first, second):
    """"HỘI-1" composed and decomposed, "A1" and " A1": two ids to PostgreSQL (and its key), one to planrules
    (composed, trimmed, as the TOML loader reads them): F140 at the second row, key or not."""
    from planrules.facts.sql_text import quote

    rules = compile_text(HEADER.format(number="1", title="t", label="l")
                         + "chỉ tiêu: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 60%\n")
    table = f'{quote(schema)}."hội_nghị"'
    admin.execute(f"CREATE SCHEMA {quote(schema)}")
    admin.execute(f'CREATE TABLE {table} (unit TEXT, id TEXT, "ngày" DATE, "trực_tuyến" BOOLEAN{key})')
    for id_ in (first, "H2", second):
        admin.execute(f"INSERT INTO {table} VALUES ('đv_a', %s, '2026-03-01', true)", [id_])
    with sources.PostgresSource(server, schema=schema) as source, pytest.raises(FactsError) as error:
        rules.evaluate(source, dt.date(2026, 12, 31))
    (problem,) = error.value.diagnostics
    assert problem.code == "F140" and "(hội_nghị[3])" in problem.hints[0].text()
    assert first.strip() in problem.message.text()


# ----------------------------------------------------------- read replicas --


@pytest.fixture
def reader(admin, server, schema):
    """A role that may only SELECT the schema's tables, in read-only transactions (as on a hot standby)."""
    import psycopg

    from planrules.facts.sql_text import quote

    role = f"planrules_reader_{secrets.token_hex(4)}"
    admin.execute(f"CREATE ROLE {quote(role)} LOGIN")
    admin.execute(f"ALTER ROLE {quote(role)} SET default_transaction_read_only = on")
    try:
        yield role, psycopg.conninfo.make_conninfo(server, user=role)
    finally:
        admin.execute(f"DROP OWNED BY {quote(role)}")
        admin.execute(f"DROP ROLE {quote(role)}")


def test_a_read_only_role_with_select_alone_evaluates(admin, server, schema, reader):
    """No temporary view or table: a reporting role on a read replica creates nothing, and gets the same report."""
    from planrules.facts.sql_text import quote

    role, conninfo = reader
    facts = planrules.load_facts(PLANS.parent / "examples/vu-duong/facts.toml", vocabulary=VU_DUONG.vocabulary)
    sources.write_postgres(facts, server, VU_DUONG.vocabulary, schema=schema)
    admin.execute(f"GRANT USAGE ON SCHEMA {quote(schema)} TO {quote(role)}")
    admin.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {quote(schema)} TO {quote(role)}")
    as_of = dt.date(2026, 12, 31)
    with sources.PostgresSource(server, schema=schema) as source:
        expected = VU_DUONG.evaluate(source, as_of), source.facts(VU_DUONG.vocabulary)
    with sources.PostgresSource(conninfo, schema=schema) as source:
        assert source.engine.run("SELECT current_setting('transaction_read_only')") == [("on",)]
        assert (VU_DUONG.evaluate(source, as_of), source.facts(VU_DUONG.vocabulary)) == expected


@pytest.mark.parametrize("encoding", ["LATIN1", "WIN1258", "SQL_ASCII"])
def test_a_connection_asking_another_client_encoding_reads_and_sends_utf8(server, schema, encoding):
    """`client_encoding` asked by the connection string (or a role's settings) does not stand: a Vietnamese category
    sent as a parameter could not be encoded in LATIN1 (a UnicodeEncodeError, no located error), nor one read back."""
    import psycopg

    facts = planrules.load_facts(PLANS.parent / "examples/vu-duong/facts.toml", vocabulary=VU_DUONG.vocabulary)
    sources.write_postgres(facts, server, VU_DUONG.vocabulary, schema=schema)
    as_of = dt.date(2026, 12, 31)
    with sources.PostgresSource(server, schema=schema) as source:
        expected = VU_DUONG.evaluate(source, as_of)
    asking = psycopg.conninfo.make_conninfo(server, options=f"-c client_encoding={encoding}")
    with sources.PostgresSource(asking, schema=schema) as source:
        assert VU_DUONG.evaluate(source, as_of) == expected


def test_write_postgres_writes_utf8_whatever_the_connection_asks(server, schema):
    """`write_postgres` through a connection asking client_encoding=LATIN1 failed on the first Vietnamese name
    (F101: 'latin-1' codec can't encode); it sends UTF-8 whatever is asked, and the facts read back are the same."""
    import psycopg

    facts = planrules.load_facts(PLANS.parent / "examples/vu-duong/facts.toml", vocabulary=VU_DUONG.vocabulary)
    asking = psycopg.conninfo.make_conninfo(server, options="-c client_encoding=LATIN1")
    sources.write_postgres(facts, asking, VU_DUONG.vocabulary, schema=schema)
    as_of = dt.date(2026, 12, 31)
    with sources.PostgresSource(server, schema=schema) as source:
        assert _placeless(VU_DUONG.evaluate(source, as_of)) == _placeless(VU_DUONG.evaluate(facts, as_of))


def test_a_connection_quoting_every_identifier_reads_the_types_as_they_are(server, schema):
    """quote_all_identifiers=on (a role's setting, or the connection string's) has the catalogue write a column's type
    quoted, `"text"`, `"date"`: every text and date column was refused (F120). The session turns it off."""
    import psycopg

    facts = planrules.load_facts(PLANS.parent / "examples/vu-duong/facts.toml", vocabulary=VU_DUONG.vocabulary)
    sources.write_postgres(facts, server, VU_DUONG.vocabulary, schema=schema)
    as_of = dt.date(2026, 12, 31)
    with sources.PostgresSource(server, schema=schema) as source:
        expected = VU_DUONG.evaluate(source, as_of)
    asking = psycopg.conninfo.make_conninfo(server, options="-c quote_all_identifiers=on")
    with sources.PostgresSource(asking, schema=schema) as source:
        assert VU_DUONG.evaluate(source, as_of) == expected


def test_a_server_older_than_postgresql_13_is_refused_by_name(server, monkeypatch):
    """PostgreSQL 11 has no collisdeterministic and 12 no normalize(): the catalogue's statement, or the grouping of
    ids that compose alike, failed with "column does not exist" (F101) and no word of the version. F248 names it.
    (The test server is newer: the oldest version read is raised past it.)"""
    (version,), = psycopg_rows(server, "SELECT current_setting('server_version')")
    monkeypatch.setattr(postgres_engine, "MIN_SERVER_VERSION", 10_000_000)
    with pytest.raises(FactsError) as error:
        sources.PostgresSource(server)
    (problem,) = error.value.diagnostics
    assert problem.code == "F248"
    assert problem.message.text().endswith(f"is PostgreSQL {version}: planrules reads PostgreSQL 13 or later, which "
                                           "composes text (normalize) as planrules reads it")


def psycopg_rows(server: str, sql: str) -> list[tuple]:
    import psycopg

    with psycopg.connect(server) as con:
        return con.execute(sql).fetchall()


@pytest.mark.parametrize("encoding", ["SQL_ASCII", "WIN1258", "LATIN1"])
def test_a_database_not_encoded_in_utf8_is_refused(admin, server, encoding):
    """In SQL_ASCII PostgreSQL counts bytes for characters: "HỘI-1" composed and decomposed were two ids to it and
    never looked at as text that may read otherwise, so the duplicate the TOML path finds (F140) was missed; in
    WIN1258 a letter is several one-byte characters, and normalize() runs in UTF8 only. F247, naming the source."""
    import psycopg

    from planrules.facts.sql_text import quote

    name = f"planrules_{encoding.lower()}_{secrets.token_hex(4)}"
    try:
        admin.execute(f"CREATE DATABASE {quote(name)} ENCODING '{encoding}' TEMPLATE template0 LC_COLLATE 'C' "
                      "LC_CTYPE 'C'")
    except psycopg.errors.InsufficientPrivilege:
        pytest.skip("the test server's role may not create databases")
    try:
        there = psycopg.conninfo.make_conninfo(server, dbname=name)
        if encoding == "SQL_ASCII":  # the duplicate it would miss
            with psycopg.connect(there, autocommit=True, client_encoding="UTF8") as con:
                con.execute('CREATE TABLE "hội_nghị" (unit TEXT, id TEXT, "ngày" DATE)')
                con.execute('INSERT INTO "hội_nghị" VALUES (%s, %s, %s), (%s, %s, %s)',
                            ["a", "HỘI-1", dt.date(2025, 1, 1), "a", "HO\u0323\u0302I-1", dt.date(2025, 2, 1)])
        with pytest.raises(FactsError) as error:
            with sources.PostgresSource(there, schema="public") as source:
                source.facts(planrules.Vocabulary.standard())
        (problem,) = error.value.diagnostics
        assert problem.code == "F247" and f"keeps its text in {encoding}, not UTF8" in problem.message.text()
        assert name in problem.message.text() and "ENCODING 'UTF8'" in problem.hints[0].text()
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {quote(name)}")


@pytest.mark.parametrize(("table", "column", "value", "code", "shown"), [
    ("hội_nghị", "ngày", "infinity", "F121", 'ngày: "infinity" is not a date'),
    ("hội_nghị", "ngày", "-infinity", "F121", 'ngày: "-infinity" is not a date'),
    ("hội_nghị", "ngày", "12000-01-01", "F121", 'ngày: "12000-01-01" is not a date'),
    ("hội_nghị", "ngày", "0044-03-15 BC", "F121", 'ngày: "0044-03-15 BC" is not a date'),
    ("deliveries", "date", "infinity", "F121", 'date: "infinity" is not a date'),
    ("events", "date", "-infinity", "F121", 'date: "-infinity" is not a date'),
    ("period", "to", "infinity", "F121", 'to: "infinity" is not a date'),
    ("period", "from", "1800-01-01", "F122", "from: 1800-01-01 is not a year between 1900 and 2200"),
])
def test_a_date_python_holds_none_of_is_refused_at_its_row(admin, server, schema, table, column, value, code, shown):
    """PostgreSQL's DATE holds `infinity`, `-infinity` and years past 9999 or before 1, which no Python date is:
    the driver refused to read them and the statement failed whole (F101, no table or row), or, for `infinity` in a
    record, the year of the (unit, year) groups could not be cast. Each is now the reader's error at its row, as the
    same text in a facts file; a period's year outside 1900-2200 too, as a facts file's period."""
    from planrules.facts.sql_text import quote

    facts = planrules.load_facts(PLANS.parent / "examples/vu-duong/facts.toml", vocabulary=VU_DUONG.vocabulary)
    sources.write_postgres(facts, server, VU_DUONG.vocabulary, schema=schema)
    t = f"{quote(schema)}.{quote(table)}"
    (row,) = admin.execute(f"SELECT COUNT(*) FROM {t}").fetchone()  # the last row: an update moves a row there
    admin.execute(f"UPDATE {t} SET {quote(column)} = %s WHERE ctid = (SELECT max(ctid) FROM {t})", [value])
    with sources.PostgresSource(server, schema=schema) as source, pytest.raises(FactsError) as error:
        VU_DUONG.evaluate(source, dt.date(2026, 12, 31))
    (problem,) = error.value.diagnostics
    assert (problem.code, problem.message.text()) == (code, shown)
    assert f"schema {schema} ({table}[{row}])" in problem.hints[0].text()


@pytest.mark.parametrize(("statement", "code", "shown", "row"), [
    ("INSERT INTO {t} VALUES ('2020-01-01', '2030-12-31')", "F152",
     "period 2020-01-01 to 2030-12-31 differs from 2025-01-01 to 2026-12-31 given in {source} (period[1])", 2),
    ('UPDATE {t} SET "to" = NULL', "F104", 'row 1 of table "period" has no "to"', 1),
    ("INSERT INTO {t} SELECT * FROM {t}", None, None, None),  # the same period twice: one period
])
def test_a_period_table_is_read_whole(server, schema, admin, statement, code, shown, row):
    """The first row alone was read: a second row giving another period was dropped in silence, and a row without
    its end meant no period at all (no date ever outside it, F150). Each row is read as a facts file's [period]:
    one missing its end is F104, another period is F152 at its row, as a second facts file's would be."""
    from planrules.facts.sql_text import quote

    facts = planrules.load_facts(PLANS.parent / "examples/vu-duong/facts.toml", vocabulary=VU_DUONG.vocabulary)
    sources.write_postgres(facts, server, VU_DUONG.vocabulary, schema=schema)
    admin.execute(statement.format(t=f"{quote(schema)}.period"))
    as_of = dt.date(2026, 12, 31)
    with sources.PostgresSource(server, schema=schema) as source:
        if code is None:
            assert _placeless(VU_DUONG.evaluate(source, as_of)) == _placeless(VU_DUONG.evaluate(facts, as_of))
            return
        with pytest.raises(FactsError) as error:
            VU_DUONG.evaluate(source, as_of)
        name = source.name
    (problem,) = error.value.diagnostics
    assert (problem.code, problem.message.text()) == (code, shown.format(source=name) if shown else shown)
    assert problem.hints[0].text() == f"in {name} (period[{row}])"


# ------------------------------------------------------------ huge numbers --


def test_a_view_calling_a_function_that_writes_writes_nothing(admin, server, schema):
    """A hostile view calls a function that writes (here: logs every row it is asked for into a table of the
    database), and planrules runs as a role that may write (the owner). Every statement runs in a read-only
    transaction: the write fails, and so does the statement (F101); nothing is written. Before, the view was read
    and the log filled, against "nothing is written" (docs/sql.md, Security model)."""
    from planrules.facts.sql_text import quote

    s = quote(schema)
    admin.execute(f"CREATE SCHEMA {s}")
    admin.execute(f"CREATE TABLE {s}.log (n INTEGER)")
    admin.execute(f'CREATE TABLE {s}.t (unit TEXT, id TEXT, "ngày" DATE)')
    admin.execute(f"INSERT INTO {s}.t VALUES ('đv_a', 'H1', '2026-03-01')")
    admin.execute(f"CREATE FUNCTION {s}.spy() RETURNS INTEGER LANGUAGE sql VOLATILE AS "
                  f"$$ INSERT INTO {s}.log VALUES (1); SELECT 1 $$")
    admin.execute(f'CREATE VIEW {s}."hội_nghị" AS SELECT unit, id, "ngày" FROM {s}.t WHERE {s}.spy() = 1')
    admin.execute(f"REVOKE ALL ON {s}.t FROM PUBLIC")
    rules = compile_text(HEADER.format(number="1", title="t", label="l") + "chỉ tiêu: số_hội_nghị không quá 3\n")
    with sources.PostgresSource(server, schema=schema, mapping={"tables": {"hội_nghị": {}}}) as source, \
            pytest.raises(FactsError) as error:
        rules.evaluate(source, dt.date(2026, 12, 31))
    assert [d.code for d in error.value.diagnostics] == ["F101"]
    assert "read-only transaction" in error.value.diagnostics[0].message.text()
    assert admin.execute(f"SELECT COUNT(*) FROM {s}.log").fetchone() == (0,)


def test_numbers_of_thousands_of_digits_are_refused_and_quoted_short(admin, server, schema):
    """A NUMERIC of 130,000 digits in a record, one of 5,000 in `values`: F120, each quoted in a short window."""
    from planrules.facts.sql_text import quote

    admin.execute(f"CREATE SCHEMA {quote(schema)}")
    admin.execute(f'CREATE TABLE {quote(schema)}."hội_nghị" (unit TEXT, id TEXT, "ngày" DATE, "thời_lượng" NUMERIC)')
    admin.execute(f"INSERT INTO {quote(schema)}.\"hội_nghị\" VALUES "
                  f"('vp_hđnd_ubnd', 'H1', '2026-03-01', CAST(repeat('9', 130000) AS NUMERIC))")
    admin.execute(f'CREATE TABLE {quote(schema)}."values" (unit TEXT, metric TEXT, year INTEGER, value NUMERIC)')
    admin.execute(f"INSERT INTO {quote(schema)}.\"values\" VALUES "
                  f"('vp_hđnd_ubnd', 'tỷ_lệ_hồ_sơ_trực_tuyến', 2026, CAST(repeat('9', 5000) AS NUMERIC))")
    for table in ("hội_nghị", "values"):
        with sources.PostgresSource(server, schema=schema) as source, pytest.raises(FactsError) as error:
            VU_DUONG.evaluate(source, dt.date(2026, 12, 31))
        text = error.value.render("en") + error.value.render("vi")
        assert "F120" in {d.code for d in error.value.diagnostics}
        assert "9" * 100 not in text and "…" in text and len(text) < 2000, text[:500]
        admin.execute(f"DROP TABLE {quote(schema)}.{quote(table)}")


def test_a_query_past_the_time_limit_is_stopped_by_the_server(admin, server, schema):
    """statement_timeout: a view that sleeps (or never ends) is F101, located at the source, after the limit."""
    import time

    from planrules.facts.sql_text import quote

    admin.execute(f"CREATE SCHEMA {quote(schema)}")
    admin.execute(f"CREATE VIEW {quote(schema)}.units AS SELECT CAST('vp_hđnd_ubnd' AS TEXT) AS unit "
                  "FROM pg_catalog.pg_sleep(30)")
    started = time.monotonic()
    with sources.PostgresSource(server, schema=schema, query_timeout=1) as source, \
            pytest.raises(FactsError) as error:
        source.light_facts()
    assert time.monotonic() - started < 15
    text = error.value.render("en")
    assert [d.code for d in error.value.diagnostics] == ["F101"]
    assert "time limit of 1 s" in text and f"schema {schema}" in text


# ------------------------------------------------------- records numbered late --

LATE_PLAN = ("chỉ tiêu: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 60%\n"
             "chỉ tiêu: thời_lượng_hội_nghị(quán_triệt) không quá 1/2 ngày\n")


@pytest.mark.parametrize("mapped", [False, True])
def test_records_a_statement_names_are_numbered_late_as_the_whole_table_numbers_them(admin, server, schema,
                                                                                       monkeypatch, mapped):
    """The rows a verdict names (a record lacking a field, one over a cap; every record with evidence="records")
    are numbered by counting the table's rows before each (`sql_text.numbered`), not by a window over the
    whole table: the same numbers as the in-Python path's (which reads every row numbered by the window), on a
    table of many pages whose deleted and updated rows leave holes and move rows to its end."""
    from planrules.facts.sql_text import quote

    rules = compile_text(HEADER.format(number="1", title="t", label="l") + LATE_PLAN)
    name = "meetings" if mapped else "hội_nghị"
    table = f"{quote(schema)}.{quote(name)}"
    admin.execute(f"CREATE SCHEMA {quote(schema)}")
    admin.execute(f'CREATE TABLE {table} (unit TEXT, id TEXT, "ngày" DATE, "loại" TEXT, "trực_tuyến" BOOLEAN, '
                  '"thời_lượng" NUMERIC(18, 6))')
    admin.execute(f"""INSERT INTO {table} SELECT CASE WHEN i % 3 = 0 THEN 'đv_b' ELSE 'đv_a' END,
                      CASE WHEN i % 4 = 0 THEN NULL ELSE 'H' || i END, DATE '2026-01-01' + (i % 300),
                      'quán_triệt', CASE WHEN i % 97 = 0 THEN NULL ELSE i % 5 < 3 END, (i % 7) / 10.0 + i / 1000000.0
                      FROM generate_series(1, 3000) AS i""")
    admin.execute(f"DELETE FROM {table} WHERE id LIKE '%3'")  # holes
    admin.execute(f'UPDATE {table} SET "thời_lượng" = "thời_lượng" + 0 WHERE id LIKE \'%1\'')  # moved to the end
    mapping = {"tables": {"hội_nghị": {"table": "meetings"}}} if mapped else None
    seen: list[str] = []
    run = postgres_engine.PostgresEngine.run
    monkeypatch.setattr(postgres_engine.PostgresEngine, "run",
                        lambda self, sql, params=(): seen.append(sql) or run(self, sql, params))
    as_of = dt.date(2026, 12, 31)
    with sources.PostgresSource(server, schema=schema, mapping=mapping) as full, \
            sources.PostgresSource(server, schema=schema, mapping=mapping, evidence="problems") as lean:
        report, problems = rules.evaluate(full, as_of), rules.evaluate(lean, as_of)
        assert set(full.counted) == {"hội_nghị"}
        read = full.facts(rules.vocabulary)  # every row, numbered by the window over the whole table
    assert any('lag("planrules:tid"' in sql for sql in seen)
    # a statement reading no row number reads the relation without the window numbering every row; the rest with it
    reads = [sql for sql in seen if sql.startswith('WITH "planrules:hội_nghị"')]
    assert any("row_number()" not in sql for sql in reads) and any("row_number()" in sql for sql in reads)
    assert all(('"__row"' in sql.split(") SELECT", 1)[-1]) == ("row_number()" in sql) for sql in reads
               if sql.count(" AS NOT MATERIALIZED ") == 1)
    assert report == rules.evaluate(read, as_of)  # every record's name and place, and every violation's
    numbers = sorted(r.origin.row for u in read.units for r in u.records)
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 2000
    broken = [x for v in report.verdicts for x in v.violations]
    assert broken and broken == [x for v in problems.verdicts for x in v.violations]
    lacking = [v for v in problems.verdicts if v.status is planrules.Status.UNKNOWN and v.records]
    assert lacking and all(set(v.records) <= set(w.records) for v, w in zip(problems.verdicts, report.verdicts))


def test_only_a_table_or_materialised_view_without_children_is_numbered_late(admin, server, schema):
    """A view or a foreign table has no ctid; a partitioned table's partitions, and a parent's children
    (INHERITS), repeat one another's: there every row is numbered by the window (`source`), as before."""
    from planrules.facts.sql_text import quote

    s = quote(schema)
    admin.execute(f"CREATE SCHEMA {s}")
    for sql in (f"CREATE TABLE {s}.plain (unit TEXT)", f"CREATE MATERIALIZED VIEW {s}.kept AS SELECT 'a' AS unit",
                f"CREATE VIEW {s}.seen AS SELECT 'a' AS unit", f"CREATE TABLE {s}.parent (unit TEXT)",
                f"CREATE TABLE {s}.child () INHERITS ({s}.parent)",
                f"CREATE TABLE {s}.parts (unit TEXT) PARTITION BY LIST (unit)",
                f"CREATE TABLE {s}.part_a PARTITION OF {s}.parts FOR VALUES IN ('a')"):
        admin.execute(sql)
    engine = postgres_engine.PostgresEngine(server, schema)
    try:
        engine.tables()
        late = {t: engine.counted(t) for t in ("plain", "kept", "seen", "parent", "child", "parts")}
    finally:
        engine.close()
    assert {t for t, c in late.items() if c is not None} == {"plain", "kept", "child"}
    assert late["plain"].relation == f'{s}."plain"' and late["plain"].locator == "ctid"


def test_the_session_groups_in_memory_of_at_least_work_mem_and_never_lowers_it(admin, server, schema):
    """A national year's grouping by unit and year is a hash aggregate in memory, not a sort on disk: the
    session's work_mem is raised to `WORK_MEM` when the server gives less, and a larger one is kept; JIT is off;
    a row handed over by a parallel worker is priced at most `PARALLEL_TUPLE_COST`, a lower price kept."""
    from psycopg.conninfo import make_conninfo

    admin.execute(f'CREATE SCHEMA "{schema}"')
    engine = postgres_engine.PostgresEngine(make_conninfo(server, options="-c work_mem=1MB"), schema)
    try:
        assert engine.run("SELECT pg_catalog.current_setting('work_mem')") == [(postgres_engine.WORK_MEM,)]
        assert engine.run("SELECT pg_catalog.current_setting('parallel_tuple_cost')") == [
            (postgres_engine.PARALLEL_TUPLE_COST,)]  # from the default 0.1
    finally:
        engine.close()
    engine = postgres_engine.PostgresEngine(make_conninfo(
        server, options="-c work_mem=1GB -c jit=on -c parallel_tuple_cost=0.001"), schema)
    try:
        assert engine.run("SELECT pg_catalog.current_setting('work_mem')") == [("1GB",)]
        assert engine.run("SELECT pg_catalog.current_setting('jit')") == [("off",)]  # compiling costs more than it saves
        assert engine.run("SELECT pg_catalog.current_setting('parallel_tuple_cost')") == [("0.001",)]
    finally:
        engine.close()
