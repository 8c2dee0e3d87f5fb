"""Hostile table sources: a database file, a folder or a connection string is untrusted input.

A DuckDB file's views may try to read other files or load extensions, a view may never end, a
folder may hold a FIFO, a device or links out of it, a connection string holds a password. Each
is refused with a located `FactsError` (or stopped by the time limit), never run, hung on,
skipped silently or echoed.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from pathlib import Path

import pytest

import planrules
from planrules.facts import model as f
from planrules.facts import duckdb_engine, sources, targets
from planrules.base.diagnostics import FactsError

ROOT = Path(__file__).parent.parent
RULES = planrules.compile(planrules.load(ROOT / "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"),
                          planrules.load_dir(ROOT / "plans"))
AS_OF = dt.date(2026, 12, 31)
SECRET = "root:$6$planrules-secret-line"


def duckdb_file(path: Path, *statements: str) -> Path:
    import duckdb

    con = duckdb.connect(str(path))
    for sql in statements:
        con.execute(sql)
    con.close()
    return path


def rendered(error: FactsError) -> str:
    return error.render("en") + "\n" + error.render("vi") + "\n" + str(error)


@pytest.fixture
def outside(tmp_path_factory) -> Path:
    """A file outside the tree and outside the source's folder, holding a secret line."""
    folder = tmp_path_factory.mktemp("elsewhere")
    secret = folder / "shadow"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    return secret


# ---------------------------------------------------------------- DuckDB --


def test_a_duckdb_view_cannot_read_another_file(tmp_path, outside):
    """A view over read_text('/etc/shadow'): its lines would become unit names, shown in F201 errors."""
    path = duckdb_file(tmp_path / "hostile.duckdb",
                       f"CREATE VIEW units AS SELECT content AS unit FROM read_text('{outside}')")
    with pytest.raises(FactsError) as error, sources.DuckDBSource(path) as source:
        RULES.evaluate(source, AS_OF)
    assert [d.code for d in error.value.diagnostics] == ["F101"]
    assert "hostile.duckdb" in rendered(error.value) and SECRET not in rendered(error.value)


def test_a_duckdb_source_cannot_turn_external_access_back_on(tmp_path):
    path = duckdb_file(tmp_path / "f.duckdb", "CREATE TABLE units (unit VARCHAR)")
    with sources.DuckDBSource(path) as source:
        run = source.engine.run
        assert run("SELECT current_setting('enable_external_access'), current_setting('lock_configuration'), "
                   "current_setting('autoinstall_known_extensions'), "
                   "current_setting('autoload_known_extensions')") == [(False, True, False, False)]
        for sql in ("SET enable_external_access = true", "SET autoload_known_extensions = true",
                    "RESET lock_configuration", "INSTALL httpfs"):
            with pytest.raises(FactsError):
                run(sql)


def test_a_sqlite_file_named_duckdb_loads_no_extension(tmp_path):
    """DuckDB would install and load its sqlite extension (fetched over the network) to read the file."""
    path = tmp_path / "x.duckdb"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE units (unit TEXT)")
    con.commit()
    con.close()
    with pytest.raises(FactsError) as error:
        sources.DuckDBSource(path)
    text = rendered(error.value)
    assert [d.code for d in error.value.diagnostics] == ["F101"] and "x.duckdb" in text
    assert "http" not in text.lower() and "download" not in text.lower()  # nothing was fetched


def test_a_view_that_never_ends_is_stopped_by_the_time_limit(tmp_path):
    path = duckdb_file(tmp_path / "slow.duckdb",
                       "CREATE VIEW units AS SELECT CAST(a.range + b.range AS VARCHAR) AS unit "
                       "FROM range(100000000) a, range(100000000) b ORDER BY 1")
    started = time.monotonic()
    with pytest.raises(FactsError) as error, sources.DuckDBSource(path, query_timeout=1) as source:
        source.light_facts()
    assert time.monotonic() - started < 30
    text = error.value.render("en")
    assert [d.code for d in error.value.diagnostics] == ["F101"]
    assert "time limit of 1 s" in text and "slow.duckdb" in text and "--query-timeout" in text


def test_the_time_limit_has_a_sane_default_and_none_means_none(tmp_path):
    assert 60 <= sources.QUERY_TIMEOUT <= 3600
    path = duckdb_file(tmp_path / "f.duckdb", "CREATE TABLE units (unit VARCHAR)",
                       "INSERT INTO units VALUES ('vp_hđnd_ubnd')")
    for limit in (None, sources.QUERY_TIMEOUT, 0.5):
        with sources.DuckDBSource(path, query_timeout=limit) as source:
            for _ in range(3):  # a timer of a finished query never stops a later one
                assert source.light_facts().unit_names == ("vp_hđnd_ubnd",)
            time.sleep(0.6 if limit == 0.5 else 0)
            assert source.engine.run("SELECT 1") == [(1,)]


def test_the_cli_takes_a_query_timeout(tmp_path):
    import io

    from planrules.tooling.cli import run

    path = duckdb_file(tmp_path / "slow.duckdb",
                       "CREATE VIEW units AS SELECT CAST(a.range + b.range AS VARCHAR) AS unit "
                       "FROM range(100000000) a, range(100000000) b ORDER BY 1")
    out, err = io.StringIO(), io.StringIO()
    plan = ROOT / "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"
    code = run(["eval", str(plan), "--library", str(ROOT / "plans"), "--facts", str(path), "--as-of", "2026-12-31",
                "--query-timeout", "1"], out, err)
    assert code == 2 and "error[F101]" in err.getvalue() and "1 s" in err.getvalue(), err.getvalue()
    for bad in ("0", "-1", "abc"):
        assert run(["eval", str(plan), "--facts", str(path), "--query-timeout", bad], out, io.StringIO()) == 2


# --------------------------------------------------------------- folders --


def test_a_parquet_folder_is_read_with_external_access_off(tmp_path, outside):
    facts = f.Facts((f.UnitFacts("vp_hđnd_ubnd"),))
    sources.write_parquet(facts, tmp_path / "pq")
    with sources.FolderSource(tmp_path / "pq") as source:
        assert source.light_facts().unit_names == ("vp_hđnd_ubnd",)
        with pytest.raises(FactsError) as error:
            source.engine.run(f"SELECT * FROM read_text('{outside}')")
        assert SECRET not in rendered(error.value)
        with pytest.raises(FactsError):
            source.engine.run("SET enable_external_access = true")


# ------------------------------------------------------------- read-only --


def test_a_read_only_duckdb_file_is_judged_without_creating_anything(tmp_path, monkeypatch):
    """Every statement a source runs is a query (SELECT or WITH …): no view, temporary or not, is made."""
    facts = planrules.load_facts(ROOT / "examples/vu-duong/facts.toml", vocabulary=RULES.vocabulary)
    sources.write_duckdb(facts, tmp_path / "f.duckdb", RULES.vocabulary)
    seen: list[str] = []
    run = duckdb_engine.DuckDBEngine.run
    monkeypatch.setattr(duckdb_engine.DuckDBEngine, "run", lambda self, sql, params=(): seen.append(sql) or run(self, sql, params))
    with sources.DuckDBSource(tmp_path / "f.duckdb") as source:
        report = RULES.evaluate(source, AS_OF)
        assert source.engine.con.execute("SELECT COUNT(*) FROM duckdb_views() WHERE temporary AND NOT internal").fetchall() == [(0,)]
    expected = RULES.evaluate(facts, AS_OF)
    assert [(v.rule, v.unit, v.status, v.value) for v in report.verdicts] == [
        (v.rule, v.unit, v.status, v.value) for v in expected.verdicts]
    assert seen and all(sql.lstrip().upper().startswith(("SELECT", "WITH")) for sql in seen), [
        sql for sql in seen if not sql.lstrip().upper().startswith(("SELECT", "WITH"))][:3]


# ------------------------------------------------------------ credentials --

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PLAN = ROOT / "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"
_PASSWORD = st.text(st.sampled_from("abcXYZ0189!$()*,;~-_.[]{}'\"\\/:?#@=& %"), min_size=4, max_size=12).map(
    lambda tail: "Pw7q" + tail)  # a password the messages could not hold by chance
_HOSTS = ["127.0.0.1:1", "[::1]:1", "localhost:1", "[::1", "[]", "127.0.0.1:port", "[", "127.0.0.1:99999"]


@st.composite
def conninfos(draw) -> tuple[str, str]:
    """(a connection string holding a password, the password): URLs in any case, libpq key=value pairs,
    the password in the user information or a parameter, well-formed or malformed."""
    from urllib.parse import quote as escape

    password = draw(_PASSWORD)
    scheme = "".join(c.upper() if draw(st.booleans()) else c for c in draw(st.sampled_from(["postgresql",
                                                                                           "postgres"])))
    host = draw(st.sampled_from(_HOSTS))
    shape = draw(st.sampled_from(["userinfo", "raw userinfo", "bad escape", "parameter", "pairs", "quoted pairs",
                                  "broken pairs"]))
    if shape == "userinfo":
        return f"{scheme}://u:{escape(password, safe='')}@{host}/db?connect_timeout=2", password
    if shape == "raw userinfo":
        return f"{scheme}://u:{password}@{host}/db", password
    if shape == "bad escape":
        return f"{scheme}://u:{escape(password, safe='')}%zz@{host}/db", password
    if shape == "parameter":
        return f"{scheme}://{host}/db?connect_timeout=2&password={escape(password, safe='')}", password
    quoted = "'" + password.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if shape == "pairs":
        return f"host=127.0.0.1 port=1 connect_timeout=2 password={quoted} dbname=db", password
    if shape == "quoted pairs":
        return f"password = {quoted} host=127.0.0.1 port=1 dbname", password
    return f"host=127.0.0.1 password='{password}", password  # an unclosed quote


def _everything_printed(conninfo: str, tmp: Path) -> str:
    import io

    from planrules.tooling.cli import run

    out = []
    try:
        planrules.load_facts(conninfo)
    except FactsError as error:
        out.append(rendered(error))
    toml = tmp / "facts.toml"
    toml.write_text("", encoding="utf-8")
    for facts in ([conninfo], [conninfo, str(toml)], [str(toml), conninfo]):
        stdout, stderr = io.StringIO(), io.StringIO()
        code = run(["eval", str(PLAN), "--facts", *facts, "--as-of", "2026-12-31"], stdout, stderr)
        assert code == 2
        out.append(stdout.getvalue() + stderr.getvalue())
    return "\n".join(out)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.function_scoped_fixture])
@given(case=conninfos())
def test_no_password_is_ever_printed(tmp_path, case):
    conninfo, password = case
    printed = _everything_printed(conninfo, tmp_path)
    assert "error[F101]" in printed
    assert password not in printed, printed


@pytest.mark.parametrize("conninfo", ["postgresql://u:Pw7qSecret@[::1/db", "postgresql://u:Pw7qSecret@[]/db",
                                      "postgresql://u:Pw7q%zzSecret@127.0.0.1:1/db", "POSTGRESQL://u:Pw7qSecret@127.0.0.1:1/db",
                                      "host=127.0.0.1 port=1 password=Pw7qSecret dbname=db"])
def test_the_reported_shapes_print_no_password(tmp_path, conninfo):
    printed = _everything_printed(conninfo, tmp_path)
    assert "Pw7q" not in printed, printed


def test_no_password_is_printed_when_the_driver_is_missing(tmp_path, monkeypatch):
    import importlib.util

    find = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "psycopg" else find(name, *a))
    for conninfo in ("postgresql://127.0.0.1:1/db?password=Pw7qSecret", "postgresql://u:Pw7qSecret@127.0.0.1:1/db",
                     "host=127.0.0.1 password=Pw7qSecret"):
        with pytest.raises(FactsError) as error:
            planrules.load_facts(conninfo)
        assert "psycopg" in rendered(error.value) and "Pw7q" not in rendered(error.value)


# --------------------------------------------------------- folder entries --


def _parquet_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "pq"
    facts = f.Facts((f.UnitFacts("vp_hđnd_ubnd"),))
    sources.write_parquet(facts, folder)
    return folder


def test_a_table_stored_as_a_folder_is_read_as_one_table(tmp_path):
    """Spark and Hive write a table as a folder of part files: its rows, numbered across the parts in order."""
    import pyarrow.parquet as pq

    facts = planrules.load_facts(ROOT / "examples/vu-duong/facts.toml", vocabulary=RULES.vocabulary)
    plain = tmp_path / "plain"
    sources.write_parquet(facts, plain, RULES.vocabulary)
    split = tmp_path / "split"
    split.mkdir()
    for path in plain.iterdir():
        table = pq.read_table(path)
        if path.stem == "hội_nghị":  # as Spark writes it: name.parquet/part-N.parquet, a _SUCCESS marker
            parts = split / path.name
            parts.mkdir()
            (parts / "_SUCCESS").write_bytes(b"")
            half = table.num_rows // 2
            pq.write_table(table.slice(0, half), parts / "part-00000.parquet")
            pq.write_table(table.slice(half), parts / "part-00001.parquet")
        elif path.stem == "units":  # a folder without the suffix, one part
            (split / "units").mkdir()
            pq.write_table(table, split / "units" / "part-00000.parquet")
        else:
            pq.write_table(table, split / path.name)
    assert targets.is_source(split)
    with sources.FolderSource(plain) as a, sources.FolderSource(split) as b:
        def records(source):
            return [(r.id, r.values, r.origin.row) for u in source.facts(RULES.vocabulary).units for r in u.records]

        assert records(a) == records(b) and records(a)
        left, right = RULES.evaluate(a, AS_OF), RULES.evaluate(b, AS_OF)
    assert [(v.rule, v.unit, v.status, v.value) for v in left.verdicts] == [
        (v.rule, v.unit, v.status, v.value) for v in right.verdicts]
    assert [r.rsplit("[", 1)[-1] for v in left.verdicts for r in v.records] == [
        r.rsplit("[", 1)[-1] for v in right.verdicts for r in v.records]  # the same row numbers


@pytest.mark.parametrize("make", ["fifo", "loop", "dev_zero", "outside", "outside_folder"])
def test_a_folder_entry_that_is_no_regular_file_inside_it_is_refused(tmp_path, outside, make):
    folder = _parquet_folder(tmp_path)
    entry = folder / "hội_nghị.parquet"
    if make == "fifo":
        os.mkfifo(entry)
    elif make == "loop":
        os.symlink(folder / "b.parquet", entry)
        os.symlink(entry, folder / "b.parquet")
    elif make == "dev_zero":
        os.symlink("/dev/zero", entry)
    elif make == "outside":  # a valid Parquet file, but not in the folder the user named
        import pyarrow as pa
        import pyarrow.parquet as pq

        elsewhere = outside.parent / "hội_nghị.parquet"
        pq.write_table(pa.table({"unit": ["vp_hđnd_ubnd"]}), elsewhere)
        os.symlink(elsewhere, entry)
    else:
        entry.mkdir()
        os.symlink(outside.parent, entry / "part")
    started = time.monotonic()
    with pytest.raises(FactsError) as error:
        sources.FolderSource(folder)
    assert time.monotonic() - started < 10
    text = rendered(error.value)
    assert {d.code for d in error.value.diagnostics} == {"F101"} and "hội_nghị.parquet" in text
    assert SECRET not in text
    code, err = _cli_eval(folder)
    assert code == 2 and "error[F101]" in err and "hội_nghị.parquet" in err


def _cli_eval(facts: Path) -> tuple[int, str]:
    import io

    from planrules.tooling.cli import run

    err = io.StringIO()
    code = run(["eval", str(PLAN), "--facts", str(facts), "--as-of", "2026-12-31"], io.StringIO(), err)
    return code, err.getvalue()


# ------------------------------------------------------------- interrupts --

_ENDLESS = ("CREATE VIEW units AS SELECT CAST(a.range + b.range AS VARCHAR) AS unit "
            "FROM range(100000000) a, range(100000000) b ORDER BY 1")


def test_ctrl_c_during_a_duckdb_query_is_a_keyboard_interrupt(tmp_path):
    """Whenever Ctrl-C comes during a query (DuckDB turned it into a RuntimeError in 2 runs of 8), it is a
    KeyboardInterrupt, the query stops at once and the connection still answers."""
    import signal
    import threading

    path = duckdb_file(tmp_path / "slow.duckdb", _ENDLESS)
    with sources.DuckDBSource(path) as source:
        for delay in (0.05, 0.2, 0.4, 0.6, 0.8, 1.0, 1.3, 1.6):
            timer = threading.Timer(delay, os.kill, (os.getpid(), signal.SIGINT))
            started = time.monotonic()
            timer.start()
            with pytest.raises(KeyboardInterrupt):
                source.engine.run("SELECT COUNT(*) FROM units")
            timer.join()
            assert time.monotonic() - started < delay + 10
            assert source.engine.run("SELECT 1") == [(1,)]


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGTERM"])
def test_an_interrupted_run_leaves_no_spill_folder_and_no_traceback(tmp_path, signal_name):
    import signal
    import subprocess
    import sys

    path = duckdb_file(tmp_path / "slow.duckdb", _ENDLESS)
    temp = tmp_path / "temp"
    temp.mkdir()
    env = dict(os.environ, TMPDIR=str(temp))
    child = subprocess.Popen([sys.executable, "-m", "planrules", "eval", str(PLAN), "--facts", str(path),
                              "--as-of", "2026-12-31"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                             text=True)
    deadline = time.monotonic() + 60
    while not list(temp.glob("planrules-duckdb-*")) and time.monotonic() < deadline:
        time.sleep(0.05)  # the source is open once its spill folder is made
    assert list(temp.glob("planrules-duckdb-*"))
    time.sleep(1.0)  # well into the endless query
    child.send_signal(getattr(signal, signal_name))
    try:
        _, err = child.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        pytest.fail("the run did not stop")
    assert "Traceback" not in err, err[-2000:]
    assert child.returncode == 130, err[-500:]  # SIGTERM stops a run as Ctrl-C does (cli._on_signals)
    assert list(temp.glob("planrules-duckdb-*")) == []


def test_the_time_limit_message_shown_in_docs_sql_md_is_the_real_one(tmp_path, monkeypatch):
    import re

    doc = (ROOT / "docs/sql.md").read_text(encoding="utf-8")
    shown = next(b for b in re.findall(r"```text\n(.*?)```", doc, re.S) if "time limit" in b)
    monkeypatch.chdir(tmp_path)
    duckdb_file(tmp_path / "facts.duckdb", _ENDLESS)
    with pytest.raises(FactsError) as error, sources.DuckDBSource("facts.duckdb", query_timeout=1) as source:
        source.light_facts()
    assert error.value.render("en") + "\n" == shown.replace("600 s", "1 s")
    assert sources.QUERY_TIMEOUT == 600


@pytest.mark.parametrize("make", ["fifo", "kernel"])
def test_a_duckdb_path_that_is_no_regular_file_is_refused_unopened(tmp_path, make):
    path = tmp_path / "x.duckdb"
    if make == "fifo":
        os.mkfifo(path)
    else:
        os.symlink("/proc/self/environ", path)
    with pytest.raises(FactsError) as error:
        sources.DuckDBSource(path)
    text = rendered(error.value)
    assert [d.code for d in error.value.diagnostics] == ["F101"] and "x.duckdb" in text
    assert ("FIFO" if make == "fifo" else "it leads into /proc") in text  # refused by files.vet, not opened


@pytest.mark.parametrize("conninfo", ["postgresql://u:Pw7qSecret@[::1/db", "postgresql://u:Pw7q%zzSecret@127.0.0.1:1/db",
                                      "POSTGRESQL://u:Pw7qSecret@127.0.0.1:1/db",
                                      "host=127.0.0.1 port=1 password=Pw7qSecret dbname=db"])
def test_write_postgres_prints_no_password(conninfo):
    with pytest.raises(FactsError) as error:
        sources.write_postgres(f.Facts((f.UnitFacts("vp_hđnd_ubnd"),)), conninfo)
    assert [d.code for d in error.value.diagnostics] == ["F101"] and "Pw7q" not in rendered(error.value)
