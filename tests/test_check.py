"""planrules.check: every stage in one call, silences, the tree, and docs/checks.md.

docs/checks.md documents every finding code the program gives, each with an example whose
printed output is checked: ```console blocks here (run in a folder holding every file the page
names, and a copy of plans/), the lint examples in test_lint.py, the inheritance examples in
test_inheritance.py. `python3 tests/test_check.py` rewrites the console blocks with the real
output (then review the diff).
"""

import io
import re
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import ROOT, console_steps

import planrules
from planrules.checks.check import known_codes
from planrules.tooling.cli import run
from planrules.language.library import Library
from planrules.checks.tree import render_tree

PLANS = ROOT / "plans"
DOC = ROOT / "docs" / "checks.md"


def codes(findings):
    return sorted(f.code for f in findings)


def test_the_real_plans_give_the_real_findings_and_no_error():
    findings = planrules.check(PLANS)
    assert not [f for f in findings if f.severity is planrules.Severity.ERROR]
    two_leads = [f for f in findings if f.code == "L401" and Path(f.span.file).name != "nq-03-cp.plan"]
    assert [(Path(f.span.file).name, f.line_text.strip()) for f in two_leads] == [
        ("kh-104-ubnd.plan", "chủ trì: phòng_vhxh, vp_hđnd_ubnd chung"),  # one report: 002:157
        ("kh-104-ubnd.plan", "chủ trì: trung_tâm_phục_vụ_hcc, vp_hđnd_ubnd"),
    ]
    # NQ 03/NQ-CP: 20 rows of Phụ lục II name several leads in one cell (docs/language.md)
    assert sum(1 for f in findings if f.code == "L401" and Path(f.span.file).name == "nq-03-cp.plan") == 20
    external = [f for f in findings if f.code == "P503" and Path(f.span.file).name != "nq-03-cp.plan"]
    assert [(Path(f.span.file).name, f.line_text[f.span.column - 1:f.span.end_column - 1]) for f in external] == [
        ("kh-104-ubnd.plan", '"138/QĐ-UBND"'),  # the province's plan
        ("qd-534-ttg.plan", '"226-KL/TW"'),  # Kết luận 226 itself
    ]
    assert all(f.severity is planrules.Severity.INFO for f in external)
    assert "138/QĐ-UBND" in external[0].render() and "226-KL/TW" in external[1].render()
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


@pytest.mark.parametrize("comment", [
    "# planrules:ignore L401 — lý do",
    "#planrules: bỏ qua L401 lý do",
    "# planrules ignore L401: lý do",
    "# planrules: bỏ  qua L401: lý do",
    "# planrules: tắt L401: lý do",
    "# PLANRULES: Bo Qua L401 vì lý do",
])
def test_a_malformed_silence_is_reported_and_silences_nothing(comment):
    found = check_text(TASK.format(silence=comment + "\n"))
    assert codes(found) == ["L401", "S004"]
    (d,) = [f for f in found if f.code == "S004"]
    assert (d.severity, d.span.line, d.span.column) == (planrules.Severity.WARNING, 7, 1)
    assert d.message.text("en") == "this comment looks like a silence but is not written as one, so it silences nothing"
    assert d.message.text("vi") == "chú thích này giống lệnh bỏ qua nhưng viết sai cú pháp nên không bỏ qua được gì"
    hint = d.hints[0]
    if "tắt" in comment:  # a verb planrules does not know: the form, not a guess
        assert hint.text("en") == "a silence is written: # planrules: ignore <CODE>: <reason>"
        assert hint.text("vi") == "lệnh bỏ qua viết là: # planrules: bỏ qua <MÃ>: <lý do>"
    else:
        reason = "vì lý do" if "vì" in comment else "lý do"
        assert hint.text("en") == f"write it as: # planrules: ignore L401: {reason}"
        assert hint.text("vi") == f"viết lại thành: # planrules: bỏ qua L401: {reason}"
        fixed = TASK.format(silence=f"# planrules: bỏ qua L401: {reason}\n")
        assert check_text(fixed) == []  # the hint is a silence that works


@pytest.mark.parametrize("comment", [
    "# planrules fmt viết 1/2 ngày là 0,5 ngày",
    "# Ghi chú: planrules: bỏ qua L401 không dùng ở đây",
    "# planrulesx: bỏ qua L401: x",
])
def test_a_comment_that_only_mentions_planrules_is_no_silence(comment):
    assert codes(check_text(TASK.format(silence=comment + "\n"))) == ["L401"]


def test_a_malformed_silence_in_the_heading_is_reported_too():
    text = "# planrules: ignore L401 - lý do\n" + TASK.format(silence="")
    found = check_text(text)
    assert [(f.code, f.span.line) for f in found if f.code == "S004"] == [("S004", 1)]


# ------------------------------------------------------------ docs/checks.md --


@dataclass
class Block:
    line: int
    lang: str
    words: list[str]
    text: str
    options: dict = field(default_factory=dict)


def doc_blocks(text: str | None = None) -> list[Block]:
    """Every fenced block of docs/checks.md, in order."""
    blocks, current, body = [], None, []
    for number, line in enumerate((text if text is not None else DOC.read_text(encoding="utf-8")).split("\n"), 1):
        if current is None and line.startswith("```"):
            words = line[3:].split()
            current = Block(number, words[0] if words else "", words[1:], "",
                            dict(w.split("=", 1) for w in words[1:] if "=" in w))
            body = []
        elif current is not None and line.startswith("```"):
            current.text = "\n".join(body) + "\n"
            blocks.append(current)
            current = None
        elif current is not None:
            body.append(line)
    assert current is None, f"docs/checks.md:{current.line}: block not closed"
    return blocks


def _doc_folder(folder: Path) -> None:
    """Every file the page names (`file=…`), and a copy of plans/, in `folder`."""
    for block in doc_blocks():
        if "file" in block.options:
            path = folder / block.options["file"]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(block.text, encoding="utf-8")
    shutil.copytree(PLANS, folder / "plans")


def _steps(block: Block) -> list[tuple[str, str]]:
    return console_steps(block.text, f"docs/checks.md:{block.line}")


def _output(command: str) -> str:
    argv = shlex.split(command)
    assert argv[0] == "planrules", command
    out, err = io.StringIO(), io.StringIO()
    run(argv[1:], out, err)
    return out.getvalue() + err.getvalue()


CONSOLES = [b for b in doc_blocks() if b.lang == "console"]


@pytest.mark.parametrize("block", CONSOLES, ids=lambda b: f"line{b.line}")
def test_doc_console_block_shows_real_output(block, tmp_path, monkeypatch):
    """Each command of a ```console block of docs/checks.md prints exactly what is shown under it."""
    _doc_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    for command, expected in _steps(block):
        actual = _output(command).rstrip("\n")
        assert [line.rstrip() for line in actual.split("\n")] == [line.rstrip() for line in expected.split("\n")], (
            f"docs/checks.md:{block.line}: $ {command}\n--- shown\n{expected}\n--- real\n{actual}")


def _checked_outputs(blocks: list[Block]) -> list[Block]:
    """The blocks of printed findings a test compares with the real output.

    Console blocks (here); ```text findings=FOLDER blocks (test_inheritance.py); the two
    ```text blocks right after a lint example ```plan file=l4NN… (test_lint.py).
    """
    out = []
    for i, block in enumerate(blocks):
        if block.lang == "console" or (block.lang == "text" and "findings" in block.options):
            out.append(block)
        elif (block.lang == "plan" and "alone" not in block.words
              and re.match(r"l4\d\d", block.options.get("file", ""))):
            out += [b for b in blocks[i + 1:i + 3] if b.lang == "text"]
    return out


def _codes_written_in_source() -> dict[str, set[str]]:
    """Every finding code written in the source of planrules, with the modules writing it."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "src" / "planrules").rglob("*.py")):
        for code in re.findall(r'"([A-Z]\d{3})"', path.read_text(encoding="utf-8")):
            found.setdefault(code, set()).add(path.name)
    return found


def _documents() -> dict[str, str]:
    """Where each family of codes is documented: F1xx facts files, F2xx evaluation, T scenarios, H7xx the
    calendar command (reports.md), D6xx Word and Excel appendices (documents.md), the rest here."""
    return {"F1": "facts.md", "F26": "facts.md", "F2": "evaluation.md", "T": "scenarios.md", "H": "reports.md", "D": "documents.md"}


def _doc_of(code: str) -> str:
    return next((doc for prefix, doc in _documents().items() if code.startswith(prefix)), "checks.md")


def every_code() -> set[str]:
    """The codes the program can give: each stage's registry, and every code written in its source."""
    from planrules.facts import loader as facts_load
    from planrules.tooling import scenarios

    return set(known_codes()) | set(facts_load.CODES) | set(scenarios.CODES) | set(_codes_written_in_source())


def test_every_code_is_documented_in_docs_checks():
    """Each code of every family (E, R, P, I, L, S, C …) has its section in docs/checks.md: a heading,
    an example whose printed finding a test checks, and how to fix it; F and T codes are in their own pages."""
    doc = DOC.read_text(encoding="utf-8")
    codes = every_code()
    assert {c[0] for c in codes} >= {"C", "E", "F", "I", "L", "P", "R", "S", "T"}
    blocks = doc_blocks(doc)
    shown = "\n".join(b.text for b in _checked_outputs(blocks))
    sections = re.split(r"^(?=#{2,3} )", doc, flags=re.M)
    problems = []
    for code in sorted(c for c in codes if _doc_of(c) == "checks.md"):
        mine = [part for part in sections if re.match(rf"### {code}\b", part)]
        if len(mine) != 1:
            problems.append(f"{code}: no heading '### {code}'")
            continue
        if not re.search(rf"\b(?:error|warning|info)\[{code}\]", shown):
            problems.append(f"{code}: no checked example prints it")
        if "**Fix" not in mine[0]:
            problems.append(f"{code}: its section does not say how to fix it")
    assert problems == []
    typo = next(part for part in sections if part.startswith("### S002"))  # its example names a code on purpose
    for code in set(re.findall(r"\b([CEILPRS]\d{3})\b", doc.replace(typo, ""))):
        assert code in codes, f"docs/checks.md names {code}, which no check gives"


def test_every_printed_finding_in_docs_checks_is_checked():
    """A finding printed in docs/checks.md is in a block some test compares with the real output."""
    blocks = doc_blocks()
    checked = {b.line for b in _checked_outputs(blocks)}
    unchecked = [b.line for b in blocks if b.line not in checked
                 and re.search(r"(?:error|warning|info|lỗi|cảnh báo|thông tin)\[[A-Z]\d{3}\]", b.text)]
    assert unchecked == []


@pytest.mark.parametrize("prefix", ["F1", "F2", "T", "H", "D"])
def test_facts_and_scenario_codes_are_documented_in_their_pages(prefix):
    """Every F1xx code (and F26x: workbooks) is in docs/facts.md, every other F2xx in docs/evaluation.md, every T
    code in docs/scenarios.md, every H code in docs/reports.md, every D code in docs/documents.md."""
    doc = (ROOT / "docs" / _documents()[prefix]).read_text(encoding="utf-8")
    codes = sorted(c for c in every_code() if c.startswith(prefix) and _doc_of(c) == _documents()[prefix])
    assert codes
    assert [c for c in codes if not re.search(rf"\|\s*`?{c}`?\s*\|", doc)] == []  # a row of the page's table


def test_check_cli_exit_codes(tmp_path):
    import io

    (tmp_path / "a.plan").write_text(TASK.format(silence=""), encoding="utf-8")
    out = io.StringIO()
    assert run(["check", "--lang", "en", str(tmp_path)], out, io.StringIO()) == 0  # a warning only
    assert "warning[L401]" in out.getvalue()
    (tmp_path / "b.plan").write_text(TASK.format(silence="# planrules: bỏ qua L401\n").replace('"5/KH"', '"6/KH"'),
                                     encoding="utf-8")
    assert run(["check", str(tmp_path)], io.StringIO(), io.StringIO()) == 1  # S001 is an error


def test_tree_shows_parents_external_and_status():
    library = planrules.load_dir(PLANS)
    text = render_tree(library, planrules.check(library))
    lines = text.splitlines()
    assert lines[0].startswith("03/NQ-CP — Chính phủ, 09/01/2025 [complete;")
    assert lines[1].startswith("534/QĐ-TTg — Thủ tướng Chính phủ, 31/03/2026 [partial; no findings]")
    assert "57-NQ/TW [not encoded]" in lines
    assert any(line.startswith("├── 10-KH/ĐU") for line in lines)
    assert "138/QĐ-UBND [not encoded]" in lines
    assert lines[-1].endswith("(see above)")
    vi = render_tree(library, (), "vi")
    assert "[chưa mã hóa]" in vi and "một phần" in vi


def test_planrules_tree_speaks_the_language_its_plans_share(tmp_path, monkeypatch):
    """Without --lang (or $PLANRULES_LANG), `planrules tree` is in the language of the plans it draws, as check's
    summary line: the bundled ones are Vietnamese; an English plan beside them makes it English."""
    import io
    import shutil

    monkeypatch.delenv("PLANRULES_LANG", raising=False)
    out = io.StringIO()
    assert run(["tree", str(PLANS)], out, io.StringIO()) == 0
    assert "138/QĐ-UBND [chưa mã hóa]" in out.getvalue().splitlines() and "[not encoded]" not in out.getvalue()
    shutil.copytree(PLANS, tmp_path / "plans")
    (tmp_path / "plans" / "en.plan").write_text('plan: "9/KH"\nissued: 01/01/2026\n', encoding="utf-8")
    out = io.StringIO()
    assert run(["tree", str(tmp_path / "plans")], out, io.StringIO()) == 0
    assert "138/QĐ-UBND [not encoded]" in out.getvalue().splitlines()


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

    from planrules.checks import inheritance, lint
    from planrules.language import library, resolver, syntax

    check_module = importlib.import_module("planrules.checks.check")  # `planrules.check` is the function

    for module in (check_module, inheritance, library, lint, resolver, syntax):
        written = set(re.findall(r'"([A-Z]\d{3})"', Path(module.__file__).read_text(encoding="utf-8")))
        assert written == set(module.CODES), module.__name__


# ---------------------------------------------------------------- refresh --


def _refresh_console_blocks() -> None:
    """Rewrite every ```console block of docs/checks.md with the real output of its commands."""
    import os
    import tempfile

    lines = DOC.read_text(encoding="utf-8").split("\n")
    with tempfile.TemporaryDirectory() as folder:
        _doc_folder(Path(folder))
        here = os.getcwd()
        os.chdir(folder)
        try:
            for block in sorted(CONSOLES, key=lambda b: -b.line):
                shown: list[str] = []
                for command, _ in _steps(block):
                    shown.append(f"$ {command}")
                    shown.extend(_output(command).rstrip("\n").split("\n"))
                end = block.line
                while not lines[end].startswith("```"):
                    end += 1
                lines[block.line:end] = shown
        finally:
            os.chdir(here)
    DOC.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    # After changing a message or an example: python3 tests/test_check.py, then review git diff.
    _refresh_console_blocks()
