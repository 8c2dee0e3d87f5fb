"""The size limits the documents state are the module constants (docs/architecture.md, "Hostile input and limits").

A limit changed in code and left in a document misleads whoever sizes their facts by it:
every number a document gives next to a limit's unit is read and compared with the
constant it states.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planrules.documents import limits as documents
from planrules.facts import limits as facts_load

from planrules.tooling import scenarios

from planrules.language import limits

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]

_MIB = 2**20
# a phrase stating a limit -> the values of the constants it may name
LIMITS: dict[str, set[int]] = {
    r"(\d[\d,]*) MiB": {limits.MAX_PLAN_BYTES // _MIB, facts_load.MAX_FACTS_BYTES // _MIB,
                      facts_load.CSV_FIELD_LIMIT // _MIB, scenarios.MAX_SCENARIO_BYTES // _MIB,
                      documents.MAX_DOCUMENT_BYTES // _MIB, documents.MAX_UNPACKED_BYTES // _MIB,
                      facts_load.MAX_XLSX_UNZIPPED // _MIB},
    r"(\d[\d,]*) data rows|(?:up to|over|more than) (\d[\d,]*) rows": {facts_load.MAX_CSV_ROWS, documents.MAX_ROWS},
    r"(\d[\d,]*) (?:TOML )?entries": {facts_load.MAX_TOML_ENTRIES},
    r"(\d[\d,]*) levels of TOML": {facts_load.MAX_DEPTH},
    r"(\d[\d,]*) syntax errors": {limits.MAX_ERRORS},
    r"(\d[\d,]*) columns a sheet": {facts_load.MAX_SHEET_COLUMNS},
    r"(\d[\d,]*) files \(`MAX_XLSX_ENTRIES`\)": {facts_load.MAX_XLSX_ENTRIES},
    r"(\d[\d,]*) digits": {limits.MAX_DIGITS, facts_load.MAX_DIGITS},
}


def _stated(pattern: str) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for document in DOCUMENTS:
        for number, line in enumerate(document.read_text(encoding="utf-8").splitlines(), start=1):
            for match in re.finditer(pattern, line):
                text = next(g for g in match.groups() if g)
                found.append((f"{document.name}:{number}", int(text.replace(",", ""))))
    return found


@pytest.mark.parametrize("pattern", list(LIMITS))
def test_documented_limits_are_the_constants(pattern):
    """Every limit a document states (16 MiB, 500,000 entries, ...) is the value of its module constant."""
    stated = _stated(pattern)
    assert stated, f"no document states {pattern!r}: the table of limits is gone"
    wrong = [(place, value) for place, value in stated if value not in LIMITS[pattern]]
    assert not wrong, f"limits that disagree with the code ({sorted(LIMITS[pattern])}): {wrong}"
