"""`planrules template` (tooling/template_command.py) and the worked example of docs/facts.md, "Excel".

The example is replayed as the page tells it: the template written, the rows of each ```sheet block typed
into a copy of it with openpyxl (dates as real dates, numbers as numbers, the rest as text), then each
command's output exactly as the page shows it: what it prints on standard output, or on standard error when it
fails (its warnings — the Vũ Dương plan's parents not in the library — are left out of a command that succeeds).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shlex
import shutil
from pathlib import Path

import openpyxl
import pytest
from conftest import console_steps

from planrules.facts.xlsx_facts import HEADER_ROW
from planrules.tooling.cli import run

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "facts.md"
VU_DUONG = "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"


def _section(text: str, heading: str) -> str:
    start = text.index(f"\n{heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end >= 0 else len(text)]


def _blocks(text: str) -> list[tuple[str, dict[str, str], str]]:
    """(language, its key=value words, body) of each fenced block, in order."""
    found = []
    for match in re.finditer(r"^```(\S*)([^\n]*)\n(.*?)^```$", text, flags=re.M | re.S):
        words = dict(w.split("=", 1) for w in match[2].split() if "=" in w)
        found.append((match[1], words, match[3]))
    return found


def _typed(text: str):
    """A cell as a person types it: a date as a date, a number as a number, the rest as text (None for blank)."""
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"\d{2}/\d{2}/\d{4}", text):
        day, month, year = map(int, text.split("/"))
        try:
            return dt.datetime(year, month, day)
        except ValueError:  # no such day: a spreadsheet keeps it as the text typed
            return text
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    return text


def _fill(path: Path, template: Path, sheet: str, body: str) -> None:
    if not path.exists():
        shutil.copy(template, path)
    book = openpyxl.load_workbook(path)
    rows = [line.split("|") for line in body.strip("\n").split("\n")]
    for number, cells in enumerate(rows, start=HEADER_ROW + 1):
        for column, cell in enumerate(cells, start=1):
            book[sheet].cell(row=number, column=column, value=_typed(cell))
    book.save(path)


def test_the_excel_example_of_docs_facts_is_what_the_commands_print(tmp_path, monkeypatch):
    (tmp_path / "plans").symlink_to(ROOT / "plans")
    monkeypatch.chdir(tmp_path)
    section = _section(DOC.read_text(encoding="utf-8"), "## Excel")
    template = None
    replayed = 0
    for language, words, body in _blocks(section):
        if language == "sheet":
            assert template is not None, "a sheet block before the template is written"
            _fill(tmp_path / words["file"], template, words["name"], body)
        elif language == "console":
            for command, expected in console_steps(body, "docs/facts.md Excel"):
                argv = shlex.split(command)
                assert argv[0] == "planrules"
                out, err = io.StringIO(), io.StringIO()
                status = run(argv[1:], out, err)
                printed = out.getvalue() if status == 0 else out.getvalue() + err.getvalue()
                assert printed.rstrip("\n") == expected, command
                if "-o" in argv:
                    template = tmp_path / argv[argv.index("-o") + 1]
                replayed += 1
    assert replayed == 3


def test_the_template_is_written_to_a_file_only(tmp_path):
    """Binary never goes to standard output: without -o the command refuses (2) and writes nothing."""
    out, err = io.StringIO(), io.StringIO()
    assert run(["template", str(ROOT / VU_DUONG), "--library", str(ROOT / "plans")], out, err) == 2
    assert out.getvalue() == "" and "-o FILE.xlsx" in err.getvalue()
    argv = ["template", str(ROOT / VU_DUONG), "--library", str(ROOT / "plans"), "-o"]
    err = io.StringIO()
    assert run([*argv, str(tmp_path / "no" / "such" / "folder.xlsx")], out, err) == 2 and "D631" in err.getvalue()
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(b"a template someone filled in")
    err = io.StringIO()
    assert run([*argv, str(filled)], out, err) == 2 and "D630" in err.getvalue()
    assert filled.read_bytes() == b"a template someone filled in"  # never written over without --force
    assert run([*argv, str(filled), "--force"], out, io.StringIO()) == 0 and filled.read_bytes()[:2] == b"PK"


def test_english_headers_with_lang_en(tmp_path):
    path = tmp_path / "t.xlsx"
    assert run(["template", str(ROOT / VU_DUONG), "--library", str(ROOT / "plans"), "--lang", "en", "-o", str(path)],
               io.StringIO(), io.StringIO()) == 0
    book = openpyxl.load_workbook(path)
    assert [c.value for c in book["counts"][1]][:4] == ["Unit", "Record kind", "Year", "Number of records"]
    assert book.sheetnames[0] == "Hướng dẫn"  # the sheets' names are the reader's, whatever the language


def test_the_readme_excel_excerpt_is_what_the_commands_print(tmp_path, monkeypatch):
    """README's Excel block: its template command writes the workbook (and prints nothing), the rows of
    docs/facts.md's `số_liệu.xlsx` sheets are typed into it, and the evaluation's output begins with the
    block's lines up to its closing `…`, line for line."""
    (tmp_path / "plans").symlink_to(ROOT / "plans")
    monkeypatch.chdir(tmp_path)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Word and Excel\n", 1)[1].split("\n## ", 1)[0]
    (template_step, eval_step) = console_steps(re.findall(r"```console\n(.*?)```", section, re.S)[1], "README.md")
    argv = shlex.split(template_step[0])
    assert argv[:2] == ["planrules", "template"] and template_step[1] == ""
    out, err = io.StringIO(), io.StringIO()
    assert run(argv[1:], out, err) == 0 and out.getvalue() == ""
    template = tmp_path / argv[argv.index("-o") + 1]
    argv = shlex.split(eval_step[0])
    workbook = argv[argv.index("--facts") + 1]
    sheets = [(words["name"], body) for language, words, body in _blocks(_section(DOC.read_text(encoding="utf-8"),
              "## Excel")) if language == "sheet" and words["file"] == workbook]
    assert len(sheets) == 2
    for sheet, body in sheets:
        _fill(tmp_path / workbook, template, sheet, body)
    shown = eval_step[1].split("\n")
    assert shown[-1] == "…" and len(shown) > 20
    out, err = io.StringIO(), io.StringIO()
    assert run(argv[1:], out, err) == 0
    assert out.getvalue().split("\n")[: len(shown) - 1] == shown[:-1]
