"""`planrules import` and `planrules export --format docx|xlsx` on the command line: docs/documents.md's
example replayed (its table built into a Word document), files never overwritten without --force, the
exit statuses."""

from __future__ import annotations

import io
import re
import shlex
from pathlib import Path

import docx
import pytest
from conftest import console_steps

from planrules.tooling.cli import run

DOC = Path(__file__).resolve().parents[1] / "docs" / "documents.md"
TEXT = DOC.read_text(encoding="utf-8")


def _example_table() -> list[list[str]]:
    """The markdown table under `<!-- phu-luc.docx -->`, its separator row left out."""
    block = TEXT.split("<!-- phu-luc.docx -->\n", 1)[1].split("\n\n", 1)[0]
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in block.splitlines()]
    return [row for row in rows if not all(re.fullmatch(r"-+", cell) for cell in row)]


def _write_example(path: Path) -> None:
    rows = _example_table()
    document = docx.Document()
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.save(path)


def _cli(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    return run(list(argv), out, err), out.getvalue() + err.getvalue()


def test_documents_md_examples_show_real_output(tmp_path, monkeypatch):
    _write_example(tmp_path / "phu-luc.docx")
    monkeypatch.chdir(tmp_path)
    blocks = re.findall(r"```console\n(.*?)```", TEXT, re.S)
    assert len(blocks) == 2
    for block in blocks:
        for command, expected in console_steps(block, str(DOC)):
            argv = shlex.split(command)
            if argv[0] == "cat":
                actual = (tmp_path / argv[1]).read_text(encoding="utf-8")
            else:
                actual = _cli(*argv[1:])[1]
            lines = lambda text: [line.rstrip() for line in text.rstrip("\n").split("\n")]  # noqa: E731
            assert lines(actual) == lines(expected), f"$ {command}\n--- shown\n{expected}\n--- real\n{actual}"
    first, again = (tmp_path / "phu-luc.plan").read_text(), (tmp_path / "lai.plan").read_text()
    tasks = lambda text: re.findall(r"^    (?:nội dung|chủ trì|phối hợp|sản phẩm).*$", text, re.M)  # noqa: E731
    assert tasks(first) == tasks(again) and len(tasks(first)) == 13


def test_import_to_stdout_and_force(tmp_path, monkeypatch):
    _write_example(tmp_path / "phu-luc.docx")
    monkeypatch.chdir(tmp_path)
    status, said = _cli("import", "phu-luc.docx", "--lang", "en")
    assert status == 0 and 'kế hoạch: "phu-luc"' in said and "warning[D613]: phu-luc.docx: table 1, row 6" in said
    (tmp_path / "x.plan").write_text("giữ nguyên", encoding="utf-8")
    assert _cli("import", "phu-luc.docx", "-o", "x.plan")[0] == 2
    assert (tmp_path / "x.plan").read_text(encoding="utf-8") == "giữ nguyên"
    assert _cli("import", "phu-luc.docx", "-o", "x.plan", "--force")[0] == 0
    assert (tmp_path / "x.plan").read_text(encoding="utf-8").startswith("# Bản nháp nhập từ phu-luc.docx")


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_export_needs_a_file_and_keeps_one(kind, tmp_path, monkeypatch):
    _write_example(tmp_path / "phu-luc.docx")
    monkeypatch.chdir(tmp_path)
    assert _cli("import", "phu-luc.docx", "-o", "p.plan")[0] == 0
    status, said = _cli("export", "p.plan", "--format", kind)
    assert status == 2 and "give -o FILE" in said
    (tmp_path / f"t.{kind}").write_bytes(b"old")
    assert _cli("export", "p.plan", "--format", kind, "-o", f"t.{kind}")[0] == 2
    assert (tmp_path / f"t.{kind}").read_bytes() == b"old"
    assert _cli("export", "p.plan", "--format", kind, "-o", f"t.{kind}", "--force") == (0, "")
    assert _cli("import", f"t.{kind}", "--number", "phu-luc")[0] == 0


def test_export_says_a_label_it_cannot_write(tmp_path):
    plan = tmp_path / "k.plan"
    plan.write_text('kế hoạch: "1/KH"\nđơn vị a: "Văn phòng"\n\nnhiệm vụ TT 1 {\n    chủ trì: a\n'
                    '    thời hạn "6 tháng": định kỳ 6 tháng\n}\n', encoding="utf-8")
    status, said = _cli("export", str(plan), "--format", "docx", "-o", str(tmp_path / "k.docx"))
    assert status == 0 and "cảnh báo[D620]" in said and "'6 tháng'" in said and "'Định kỳ 6 tháng'" in said
    assert "thời hạn @\"k.docx bảng 1\":2: định kỳ 6 tháng\n" in _cli("import", str(tmp_path / "k.docx"))[1]


def _readme_console_blocks() -> list[str]:
    """The console blocks of README's section "Word and Excel"."""
    readme = (DOC.parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Word and Excel\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```console\n(.*?)```", section, re.S)


def test_the_readme_import_excerpt_is_what_the_command_prints_and_writes(tmp_path, monkeypatch):
    """README's import block: the command's whole output byte for byte, then the draft's first lines as
    `head -n N` shows them, from docs/documents.md's table built into a Word document."""
    _write_example(tmp_path / "phu-luc.docx")
    monkeypatch.chdir(tmp_path)
    (imported, head) = console_steps(_readme_console_blocks()[0], "README.md Word and Excel")
    argv = shlex.split(imported[0])
    assert argv[:2] == ["planrules", "import"]
    assert _cli(*argv[1:]) == (0, imported[1] + "\n")
    argv = shlex.split(head[0])
    assert argv[:2] == ["head", "-n"] and int(argv[2]) > 20
    lines = (tmp_path / argv[3]).read_text(encoding="utf-8").split("\n")
    assert "\n".join(lines[: int(argv[2])]) == head[1]
