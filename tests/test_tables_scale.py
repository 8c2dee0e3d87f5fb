"""reports/tables.py, attacked: a dashboard reading the `verdicts` table as docs/sql.md states its columns must
reach the verdict's own status. A value is a fraction of one (`%`: 1/2 is 50%); a threshold and a range's upper
end are as the plan writes them (`%`: 50/1 is 50%), as the JSON report gives them. The schema said the threshold's
unit was "as value_unit", which read a 50% threshold as 5,000%."""

from __future__ import annotations

import datetime as dt
import operator
from fractions import Fraction
from pathlib import Path

from test_mapping_shapes import MAPPING, compiled, foreign_database
from test_validation_cache import FACTS, RULES

from planrules.facts import sources
from planrules.facts.mapping import loads_mapping
from planrules.reports import tables as T

COMPARE = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt}


def documented(row: dict, name: str) -> Fraction | None:
    """A threshold column read as the schema documents it, on the scale of the value (a fraction of one)."""
    if row[f"{name}_numerator"] is None:
        return None
    written = Fraction(row[f"{name}_numerator"], row[f"{name}_denominator"])
    return written / 100 if row[f"{name}_unit"] in ("%", "points") else written


def judged_again(row: dict) -> bool:
    value = Fraction(row["value_numerator"], row["value_denominator"])
    low = documented(row, "threshold")
    if row["comparator"] == "between":
        return low <= value <= documented(row, "upper")
    return COMPARE[row["comparator"]](value, low)


def rows_of(report) -> list[dict]:
    return T.tables_of(report).verdicts.to_pylist()


def test_the_status_of_every_measured_level_follows_from_its_columns_as_documented(tmp_path):
    path = foreign_database(tmp_path / "f.duckdb")
    with sources.DuckDBSource(path, mapping=loads_mapping(MAPPING, "m.toml")) as source:
        rows = rows_of(compiled().evaluate(source, dt.date(2025, 12, 31)))
    rows += rows_of(RULES.evaluate(FACTS, dt.date(2026, 12, 31)))
    levels = [r for r in rows if r["kind"] in ("share", "count", "ratio", "sum") and r["status"] in ("met", "not_met")
              and r["value_numerator"] is not None]
    assert {r["threshold_unit"] for r in levels} >= {"%", None}  # percentages and plain numbers both tried
    for row in levels:
        assert judged_again(row) == (row["status"] == "met"), row


def test_the_schema_says_a_threshold_is_written_as_the_plan_writes_it():
    docs = {c.name: c.doc for c in T.VERDICT_COLUMNS}
    assert docs["threshold_unit"] == {c.name: c.doc for c in T.ROLLUP_COLUMNS}["threshold_unit"]
    assert "as the plan writes it" in docs["threshold_unit"] and "50/1" in docs["threshold_unit"]
    assert "as the plan writes it" in docs["upper_unit"]
    sql = (Path(__file__).parent.parent / "docs/sql.md").read_text(encoding="utf-8")
    assert "| as value_unit |" not in sql
