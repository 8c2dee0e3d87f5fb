"""One reader of values for every source: a table's values go through the readers of `values`.

A reported value read from Parquet, DuckDB or PostgreSQL is accepted or refused exactly as the
same text in a TOML facts file is (the same code and wording), with the same digit limit, and a
quoted bad value is cut to a short window, never printed whole.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import planrules
from planrules.facts import loader as facts_load
from planrules.facts import values
from planrules.facts import fact_rows, small_tables, sources
from planrules.facts.collector import Collector
from planrules.base.diagnostics import FactsError

METRIC = "tỷ_lệ_hồ_sơ_trực_tuyến"
HUGE = ["9" * 5000, "1/" + "9" * 5000, "0." + "1" * 5000, "9" * 4301 + "%"]


def _toml(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'[[units."vp_hđnd_ubnd".values]]\nmetric = "{METRIC}"\nyear = 2026\nvalue = "{escaped}"\n'


def from_toml(value: str) -> list[tuple[str, str]]:
    try:
        facts_load.loads_facts(_toml(value))
    except FactsError as error:
        return [(d.code, d.message.text("en")) for d in error.diagnostics]
    return []


def _write(kind: str, folder, value) -> object:
    import pyarrow as pa

    table = pa.table({"unit": ["vp_hđnd_ubnd"], "metric": [METRIC], "year": pa.array([2026], pa.int32()),
                      "value": [value]})
    if kind == "parquet":
        import pyarrow.parquet as pq

        folder.mkdir()
        pq.write_table(table, folder / "values.parquet")
        return folder
    import duckdb

    path = folder.with_suffix(".duckdb")
    con = duckdb.connect(str(path))
    con.register("t", table)
    con.execute('CREATE TABLE "values" AS SELECT * FROM t')
    con.close()
    return path


def from_source(kind: str, folder, value) -> list[tuple[str, str]]:
    try:
        with sources.open_source(_write(kind, folder, value)) as source:
            source.light_facts()
    except FactsError as error:
        return [(d.code, d.message.text("en")) for d in error.diagnostics]
    return []


@pytest.mark.parametrize("kind", ["parquet", "duckdb"])
@pytest.mark.parametrize("value", HUGE)
def test_a_value_of_thousands_of_digits_is_f120_cut_short(tmp_path, kind, value):
    found = from_source(kind, tmp_path / "t", value)
    assert [code for code, _ in found] == ["F120"]
    assert "…" in found[0][1] and len(found[0][1]) < 200 and value not in found[0][1]
    assert found == from_toml(value)  # the same code and the same words as a TOML file


_VALUES = st.one_of(
    st.from_regex(r"\A[-+−]?\d{1,6}([.,]\d{1,6})?%?\Z"),
    st.from_regex(r"\A\d{1,6}/\d{1,6}\Z"),
    st.integers(90, 200).map(lambda n: "9" * n),
    st.text(st.sampled_from("0123456789/.,%½- x"), max_size=12),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_VALUES)
def test_a_value_in_a_table_reads_as_the_same_text_in_toml(tmp_path_factory, value):
    """Every text value: accepted by both, or refused by both with the same codes and words."""
    assert from_source("parquet", tmp_path_factory.mktemp("v") / "t", value) == from_toml(value)


def test_the_small_tables_are_built_by_the_builder_of_the_files():
    assert small_tables.FactReader is fact_rows.FactReader and small_tables.TableProblems.read is Collector.read
    assert values.clip("9" * 5000) == values.clip("9" * 5000)[:13] and values.clip("12") == "12"


def _count_toml(year: int, count: int) -> str:
    return f'[[units."vp_hđnd_ubnd".counts]]\nkind = "hội_nghị"\nyear = {year}\ncount = {count}\n'


def _count_source(folder, year: int, count: int) -> list[tuple[str, str]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir()
    pq.write_table(pa.table({"unit": ["vp_hđnd_ubnd"], "kind": ["hội_nghị"], "year": pa.array([year], pa.int64()),
                             "count": pa.array([count], pa.int64())}), folder / "counts.parquet")
    try:
        with sources.open_source(folder) as source:
            source.light_facts()
    except FactsError as error:
        return [(d.code, d.message.text("en")) for d in error.diagnostics]
    return []


def _count_file(year: int, count: int) -> list[tuple[str, str]]:
    try:
        facts_load.loads_facts(_count_toml(year, count))
    except FactsError as error:
        return [(d.code, d.message.text("en")) for d in error.diagnostics]
    return []


@settings(max_examples=40, deadline=None)
@given(year=st.one_of(st.integers(1800, 2300), st.integers(-10**15, 10**15)),
       count=st.one_of(st.integers(-5, 5), st.integers(-10**15, 10**15)))
def test_a_count_in_a_table_reads_as_the_same_count_in_toml(tmp_path_factory, year, count):
    """A count's year and number: the same codes and words from a table as from a TOML file."""
    assert _count_source(tmp_path_factory.mktemp("c") / "t", year, count) == _count_file(year, count)
