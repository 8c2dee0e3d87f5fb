"""Mergers, renames and succession (issue 16, point 5): a register's `successor`, `since` and `change`, their
located errors (F155-F158), and how evaluation follows them (docs/evaluation.md, "Mergers, renames and
succession")."""

import datetime as _dt

import pytest

from planrules.base.diagnostics import FactsError
from planrules.facts.register import Registered
from planrules.facts.register_files import loads_register

CSV = """unit,label,successor,since,change
bo_a,Bộ A,bo_b,01/03/2025,merged
bo_b,Bộ B,,,
so_c,Sở C,so_d,2025-07-01,
so_d,Sở D,,,
"""

TOML = """[units.bo_a]
label = "Bộ A"
successor = "bo_b"
since = 2025-03-01
change = "sáp nhập"

[units.bo_b]
label = "Bộ B"

[units.so_c]
label = "Sở C"
successor = "so_d"
since = "01/07/2025"

[units.so_d]
label = "Sở D"
"""


def test_a_register_says_who_succeeds_whom_from_when_and_how_in_csv_and_toml_alike():
    csv = loads_register(CSV, "r.units.csv")
    toml = loads_register(TOML, "r.units.toml")
    assert csv.units == toml.units
    assert csv.get("bo_a") == Registered("bo_a", "Bộ A", successor="bo_b", since=_dt.date(2025, 3, 1),
                                         change="merged")
    assert (csv.get("so_c").change, csv.get("so_c").since) == ("succeeded", _dt.date(2025, 7, 1))
    assert csv.get("bo_b").successor is None and csv.get("bo_b").change is None


@pytest.mark.parametrize("text,name,code,line,column,words", [
    ("unit,successor,since\na,bb,01/03/2025\nb,,\n", "r.units.csv", "F155", 2, 3, "is not a unit of the register"),
    ("unit,successor\na,b\nb,\n", "r.units.csv", "F156", 2, 3, "no since"),
    ("unit,since\na,01/03/2025\n", "r.units.csv", "F156", 2, 3, "no successor"),
    ("unit,successor,since\na,b,01/03/2025\nb,a,01/04/2025\n", "r.units.csv", "F157", 2, 3, "succeeds itself"),
    ("unit,successor,since,change\na,b,01/03/2025,absorbed\nb,,,\n", "r.units.csv", "F158", 2, 16,
     "is not a change of a unit"),
    ("unit,successor,since\na,b,31/02/2025\nb,,\n", "r.units.csv", "F121", 2, 5, ""),
    ('[units.a]\nsuccessor = "b"\nsince = 2025-03-01\nchange = "fused"\n[units.b]\n', "r.units.toml", "F158", 4, 10,
     "is not a change"),
])
def test_each_succession_problem_is_located_with_its_code(text, name, code, line, column, words):
    with pytest.raises(FactsError) as raised:
        loads_register(text, name)
    found = raised.value.diagnostics[0]
    assert (found.code, found.span.line, found.span.column) == (code, line, column), raised.value.render("en")
    assert words in found.message.text("en")
    assert found.message.text("vi") != found.message.text("en")


def test_an_unknown_successor_says_did_you_mean_and_a_bad_change_the_accepted_words():
    with pytest.raises(FactsError) as raised:
        loads_register("unit,successor,since\nbộ_a,bộ_nội_vu,01/03/2025\nbộ_nội_vụ,,\n", "r.units.csv")
    assert any("bộ_nội_vụ" in h.text("en") for h in raised.value.diagnostics[0].hints)
    with pytest.raises(FactsError) as raised:
        loads_register("unit,successor,since,change\na,b,01/03/2025,mergd\nb,,,\n", "r.units.csv")
    hints = " ".join(h.text("en") for h in raised.value.diagnostics[0].hints)
    assert '"merged"' in hints and "renamed" in hints and "succeeded" in hints


def test_a_ring_of_successors_is_named_once():
    with pytest.raises(FactsError) as raised:
        loads_register("unit,successor,since\na,b,01/03/2025\nb,c,01/03/2025\nc,a,01/03/2025\n", "r.units.csv")
    assert [d.code for d in raised.value.diagnostics] == ["F157"]
    assert '"a" → "b" → "c" → "a"' in raised.value.diagnostics[0].message.text("en")
