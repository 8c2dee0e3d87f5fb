"""planrules.check: every stage in one call, silences, and the tree."""

import re
from pathlib import Path

import pytest
from conftest import ROOT

import planrules
from planrules.check import known_codes
from planrules.cli import run
from planrules.library import Library
from planrules.tree import render_tree

PLANS = ROOT / "plans"


def codes(findings):
    return sorted(f.code for f in findings)


def test_the_real_plans_give_the_real_findings_and_no_error():
    findings = planrules.check(PLANS)
    assert not [f for f in findings if f.severity is planrules.Severity.ERROR]
    two_leads = [f for f in findings if f.code == "L401"]
    assert [(Path(f.span.file).name, f.line_text.strip()) for f in two_leads] == [
        ("kh-104-ubnd.plan", "chủ trì: phòng_vhxh, vp_hđnd_ubnd"),
        ("kh-104-ubnd.plan", "chủ trì: trung_tâm_phục_vụ_hcc, vp_hđnd_ubnd"),
    ]
    (external,) = [f for f in findings if f.code == "P503"]
    assert "138/QĐ-UBND" in external.render() and external.severity is planrules.Severity.INFO
    assert findings == sorted(findings, key=lambda f: (f.span.file, f.span.line, f.span.column, f.code))


TASK = '''kế hoạch: "5/KH"
ngày ban hành: 01/06/2026
đơn vị a: "A"
đơn vị b: "B"
đơn vị c: "C"

{silence}nhiệm vụ TT 1 {{
    nội dung: "Rà soát quy chế"
    chủ trì: a, b
    sản phẩm: "Quy chế"
    thời hạn: thường xuyên
    báo cáo cho: c
}}
'''


def check_text(text):
    plan = planrules.parse(text, source="x.plan")
    return planrules.check(Library((plan,), ("x.plan",)))


def test_a_finding_is_reported_then_silenced_with_a_reason():
    assert codes(check_text(TASK.format(silence=""))) == ["L401"]
    silenced = TASK.format(silence="# planrules: bỏ qua L401: văn bản gốc giao hai cơ quan\n")
    assert check_text(silenced) == []
    english = TASK.format(silence="# planrules: ignore L401: two bodies lead it in the source\n")
    assert check_text(english) == []


def test_a_silence_covers_only_the_statement_below():
    text = TASK.format(silence="# planrules: bỏ qua L401: lý do\n") + (
        '\nnhiệm vụ TT 2 {\n    nội dung: "X"\n    chủ trì: a, c\n    sản phẩm: "Y"\n'
        '    thời hạn: thường xuyên\n    báo cáo cho: b\n}\n'
    )
    found = check_text(text)
    assert codes(found) == ["L401"] and found[0].span.line > 14


@pytest.mark.parametrize("silence, code, severity", [
    ("# planrules: bỏ qua L401\n", "S001", "error"),
    ("# planrules: bỏ qua L401, L499: lý do\n", "S002", "warning"),
    ("# planrules: bỏ qua L403: lý do\n", "S003", "warning"),
])
def test_bad_silences_are_findings(silence, code, severity):
    found = check_text(TASK.format(silence=silence))
    mine = [f for f in found if f.code == code]
    assert len(mine) == 1 and mine[0].severity.value == severity and mine[0].span.line == 7


def test_every_code_is_documented_in_docs_checks():
    doc = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    undocumented = sorted(c for c in known_codes() if c[0] in "PILS" and c not in doc)
    assert undocumented == []
    for code in re.findall(r"\b([PILS]\d{3})\b", doc):
        assert code in known_codes(), code


def test_check_cli_exit_codes(tmp_path):
    import io

    (tmp_path / "a.plan").write_text(TASK.format(silence=""), encoding="utf-8")
    out = io.StringIO()
    assert run(["check", str(tmp_path)], out, io.StringIO()) == 0  # a warning only
    assert "warning[L401]" in out.getvalue()
    (tmp_path / "b.plan").write_text(TASK.format(silence="# planrules: bỏ qua L401\n").replace('"5/KH"', '"6/KH"'),
                                     encoding="utf-8")
    assert run(["check", str(tmp_path)], io.StringIO(), io.StringIO()) == 1  # S001 is an error


def test_tree_shows_parents_external_and_status():
    library = planrules.load_dir(PLANS)
    text = render_tree(library, planrules.check(library))
    lines = text.splitlines()
    assert lines[0].startswith("534/QĐ-TTg — Thủ tướng Chính phủ, 31/03/2026 [partial; no findings]")
    assert any(line.startswith("├── 10-KH/ĐU") for line in lines)
    assert "138/QĐ-UBND [not encoded]" in lines
    assert lines[-1].endswith("(see above)")
    vi = render_tree(library, (), "vi")
    assert "[chưa mã hóa]" in vi and "một phần" in vi


def test_tree_stops_at_a_cycle():
    library = planrules.load_dir(ROOT / "tests/fixtures/libraries/vong-lap")
    lines = render_tree(library, ()).splitlines()
    assert len(lines) == 5 and lines[-1].strip().startswith("└── 138/QĐ-UBND") and lines[-1].endswith("(see above)")
    a = planrules.parse('kế hoạch: "A"\ncấp trên: "B"\n', source="a.plan")
    b = planrules.parse('kế hoạch: "B"\ncấp trên: "A"\n', source="b.plan")
    text = render_tree(Library((a, b), ("a.plan", "b.plan")), ())
    assert text.splitlines()[0] == "in a cycle of parents:" and "  A [complete; no findings] a.plan" in text


def test_each_stage_declares_exactly_the_codes_it_gives():
    """The registries `known_codes` is built from match the codes written in each module."""
    import importlib

    from planrules import inheritance, library, lint, resolver, syntax

    check_module = importlib.import_module("planrules.check")  # `planrules.check` is the function

    for module in (check_module, inheritance, library, lint, resolver, syntax):
        written = set(re.findall(r'"([A-Z]\d{3})"', Path(module.__file__).read_text(encoding="utf-8")))
        assert written == set(module.CODES), module.__name__
