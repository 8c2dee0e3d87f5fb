"""Tests of docs/language.md: its examples parse, pair up across languages and show real output.

Conventions of the document's fenced blocks (its introduction states them for readers too):

- ```plan: a complete .plan file that must parse. Under one heading, the ```plan blocks
  come in pairs, in order: a Vietnamese block, then its English equivalent. Each block's
  keywords must all be in its language, and the two must parse to equal models (comments
  aside: they are prose and may be translated).
- ```plan ascii: the Vietnamese block just before it, with ASCII-folded keywords; it must
  parse to the same model. It is not part of a pair.
- ```plan alone: must parse; not paired (an input to a command shown below it).
- ```plan-error: must raise PlanSyntaxError.
- ```toml file=NAME: a facts file a ```console block below may use.
- `file=NAME` after the language names the file a ```console block below may use.
- ```console: lines starting with "$ " are commands (`planrules ...` or `cat FILE`), run in a
  fresh folder holding every named file of the document; what follows each command must
  be its output, exactly.
"""

from __future__ import annotations

import enum
import io
import re
import shlex
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from conftest import console_steps
from lark import Token

from planrules import PlanSyntaxError, parse

from planrules.language import model as m
from planrules.tooling.cli import run
from planrules.language.keywords import ALIASES, KEYWORDS, fold, language_of
from planrules.base.source import normalize
from planrules.language.syntax import parser

DOC = Path(__file__).resolve().parents[1] / "docs" / "language.md"


# ------------------------------------------------------------- reading --


@dataclass
class Block:
    """A fenced block of the document, with the heading it sits under."""

    line: int
    heading: str
    lang: str
    flags: set[str] = field(default_factory=set)
    file: str | None = None
    text: str = ""

    @property
    def id(self) -> str:
        return f"line{self.line}"


def _blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    heading = ""
    current: Block | None = None
    body: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if current is None:
            if line.startswith("```"):
                words = line[3:].split()
                current = Block(number, heading, words[0] if words else "")
                for word in words[1:]:
                    if word.startswith("file="):
                        current.file = word[len("file="):]
                    else:
                        current.flags.add(word)
                body = []
            elif line.startswith("#"):
                heading = line.strip()
        elif line.startswith("```"):
            current.text = "\n".join(body) + "\n"
            blocks.append(current)
            current = None
        else:
            body.append(line)
    assert current is None, f"unclosed block at line {current.line}"
    return blocks


DOC_TEXT = DOC.read_text(encoding="utf-8")
BLOCKS = _blocks(DOC_TEXT)
PLANS = [b for b in BLOCKS if b.lang == "plan"]
PAIRED = [b for b in PLANS if not b.flags & {"ascii", "alone"}]
ERRORS = [b for b in BLOCKS if b.lang == "plan-error"]
CONSOLES = [b for b in BLOCKS if b.lang == "console"]


def _by_heading(blocks: list[Block]) -> dict[str, list[Block]]:
    groups: dict[str, list[Block]] = {}
    for block in blocks:
        groups.setdefault(block.heading, []).append(block)
    return groups


PAIRS = [
    (group[i], group[i + 1])
    for group in _by_heading(PAIRED).values()
    for i in range(0, len(group) - 1, 2)
]


def _keywords(text: str) -> list[Token]:
    """The keyword tokens of a file, as the parser reads them."""
    tree = parser().parse(normalize(text), start="start")
    return list(tree.scan_values(lambda v: isinstance(v, Token) and v.type.startswith("KW_")))


def _without_comments(plan: m.Plan) -> m.Plan:
    """The plan with every comment left out, wherever the model keeps them."""
    changes = {
        a.name: tuple(s for s in getattr(plan, a.name) if not isinstance(s, (m.Comment, m.FieldComments)))
        for a in attrs.fields(m.Plan)
        if isinstance(getattr(plan, a.name), tuple)
    }
    return attrs.evolve(plan, **changes)


# -------------------------------------------------------------- blocks --


def test_document_has_examples_of_each_kind():
    """The reference has paired examples, error examples and command output to test."""
    assert len(PAIRS) >= 30
    assert ERRORS and CONSOLES
    assert any("ascii" in b.flags for b in PLANS)


def test_block_tags_are_known():
    """Every fenced block uses a known language tag and known flags, so none is skipped by mistake."""
    for block in BLOCKS:
        assert block.lang in ("plan", "plan-error", "console", "text", "toml"), f"line {block.line}: {block.lang!r}"
        assert block.flags <= ({"ascii", "alone"} if block.lang == "plan" else set()), f"line {block.line}"
        assert not (block.flags == {"ascii", "alone"}), f"line {block.line}"


@pytest.mark.parametrize("block", PLANS, ids=lambda b: b.id)
def test_plan_block_parses(block):
    """Every ```plan block is a complete file that parses."""
    parse(block.text, source=f"{DOC.name}:{block.line}")


@pytest.mark.parametrize("block", ERRORS, ids=lambda b: b.id)
def test_error_block_raises(block):
    """Every ```plan-error block is rejected with a located syntax error."""
    with pytest.raises(PlanSyntaxError) as info:
        parse(block.text, source="x.plan")
    assert all(d.span is not None and d.span.line >= 1 for d in info.value.diagnostics)


def test_plan_blocks_come_in_pairs():
    """Under every heading the paired ```plan blocks are even in number (vi, en, vi, en, ...)."""
    odd = [f"{h} (line {g[-1].line})" for h, g in _by_heading(PAIRED).items() if len(g) % 2]
    assert not odd, "a Vietnamese example without its English pair: " + "; ".join(odd)


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p[0].id)
def test_pair_is_one_plan_in_two_languages(pair):
    """A Vietnamese example and its English pair use only their own keywords and mean the same plan."""
    vi, en = pair
    for block, lang in ((vi, "vi"), (en, "en")):
        words = _keywords(block.text)
        assert words, f"line {block.line}: no keyword"
        wrong = [str(w) for w in words if language_of(w.type, str(w)) not in (lang, None)]
        assert not wrong, f"line {block.line}: keywords not in {lang}: {wrong}"
    assert _without_comments(parse(vi.text)) == _without_comments(parse(en.text)), (
        f"lines {vi.line} and {en.line} parse to different plans"
    )


@pytest.mark.parametrize("block", [b for b in PLANS if "ascii" in b.flags], ids=lambda b: b.id)
def test_ascii_block_is_its_vietnamese_block_folded(block):
    """A ```plan ascii block has ASCII keywords and parses like the Vietnamese block before it."""
    before = [b for b in PAIRED if b.heading == block.heading and b.line < block.line]
    assert before, f"line {block.line}: no Vietnamese block before it"
    words = _keywords(block.text)
    assert words and all(str(w).isascii() and language_of(w.type, str(w)) == "vi" for w in words)
    assert _without_comments(parse(block.text)) == _without_comments(parse(before[-1].text))


def _nodes(value, found: set):
    """Every model class name and enum member reachable from `value`."""
    if isinstance(value, enum.Enum):
        found.add(value)
    elif attrs.has(type(value)):
        found.add(type(value).__name__)
        for a in attrs.fields(type(value)):
            _nodes(getattr(value, a.name), found)
    elif isinstance(value, tuple):
        for item in value:
            _nodes(item, found)


def test_pairs_cover_every_construct():
    """Every model class, enum value and header field appears in some Vietnamese/English pair."""
    found: set = set()
    header: set[str] = set()
    default = m.Plan()
    for vi, _ in PAIRS:
        plan = parse(vi.text)
        _nodes(plan, found)
        header |= {a.name for a in attrs.fields(m.Plan) if a.eq and getattr(plan, a.name) != getattr(default, a.name)}
    classes = {name for name in m.__all__ if attrs.has(getattr(m, name))}
    enums = {v for name in m.__all__ if isinstance(getattr(m, name), enum.EnumMeta) for v in getattr(m, name)}
    assert classes - found == set()
    assert enums - found - {m.QuantityUnit.NONE, m.PlanStatus.COMPLETE} == set()
    assert {m.QuantityUnit.NONE} <= found
    assert {a.name for a in attrs.fields(m.Plan) if a.eq} - {"body", "status"} - header == set()
    assert "status" in header  # a plan marked partial


# ------------------------------------------------- edge-case decisions --


def _deadlines(text: str) -> tuple:
    return parse(f"nhiệm vụ I {{ thời hạn: {text} }}").tasks[0].deadlines


def test_decisions_that_reading_a_file_makes():
    """The parse-time edge-case decisions hold: strict trước, inclusive đến, bad dates located, exact numbers."""
    (before,) = _deadlines("trước ngày 15/5/2026")
    (by,) = _deadlines("đến ngày 15/5/2026")
    assert (before.inclusive, by.inclusive) == (False, True)
    assert _deadlines("trước ngày 29/02 hằng năm")[0] == m.YearlyBefore(day=29, month=2)
    assert _deadlines("trước ngày 31 hằng tháng")[0] == m.MonthlyBefore(day=31)
    for bad in ("31/02/2026", "29/02/2027", "01/01/2201"):
        text = f"nhiệm vụ I {{\n    thời hạn: trước ngày {bad}\n}}"
        with pytest.raises(PlanSyntaxError) as info:
            parse(text, source="x.plan")
        (d,) = info.value.diagnostics
        assert (d.span.line, d.span.column, d.code) == (2, text.split("\n")[1].index(bad) + 1, "E101")
    for bad in ("trước ngày 32 hằng tháng", "trước ngày 30/02 hằng năm", "cuối năm 26"):
        with pytest.raises(PlanSyntaxError):
            parse(f"nhiệm vụ I {{ thời hạn: {bad} }}")
    halves = {
        parse(f"chỉ tiêu: x(a) không quá {q} ngày").targets[0].threshold.value
        for q in ("½", "1/2", "0,5", "0.5")
    }
    assert halves == {Fraction(1, 2)} and all(type(v) is Fraction for v in halves)
    assert parse("chỉ tiêu: x tối thiểu 33,3%").targets[0].threshold.fraction == Fraction(333, 1000)
    assert _deadlines("hằng năm và định kỳ 6 tháng") == (
        parse("nhiệm vụ I { thời hạn: hằng năm thời hạn: định kỳ 6 tháng }").tasks[0].deadlines
    )
    assert _deadlines("hằng năm và thường xuyên") == (m.EachYear(ongoing=True),)  # one duty (decision 10)


# ------------------------------------------------------------ commands --


def _files() -> dict[str, str]:
    files: dict[str, str] = {}
    for block in BLOCKS:
        if block.file is not None:
            assert block.file not in files, f"line {block.line}: {block.file} named twice"
            files[block.file] = block.text
    return files


def _steps(block: Block) -> list[tuple[str, str]]:
    return console_steps(block.text, f"line {block.line}")


def _same(actual: str, expected: str) -> bool:
    def lines(text):
        return [line.rstrip() for line in text.rstrip("\n").split("\n")]

    return lines(actual) == lines(expected)


@pytest.mark.parametrize("block", CONSOLES, ids=lambda b: b.id)
def test_console_block_shows_real_output(block, tmp_path, monkeypatch):
    """Each command shown in a ```console block prints exactly the output shown under it."""
    for name, text in _files().items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for command, expected in _steps(block):
        argv = shlex.split(command)
        if argv[0] == "cat":
            actual = "".join((tmp_path / name).read_text(encoding="utf-8") for name in argv[1:])
        else:
            assert argv[0] == "planrules", f"line {block.line}: cannot run {command!r}"
            out, err = io.StringIO(), io.StringIO()
            run(argv[1:], out, err)
            actual = out.getvalue() + err.getvalue()
        assert _same(actual, expected), f"line {block.line}: $ {command}\n--- shown\n{expected}\n--- real\n{actual}"


# ------------------------------------------------------------ keywords --


def _keyword_table() -> list[tuple[str, ...]]:
    section = DOC_TEXT.split("\n## Keywords\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.split("\n"):
        if line.startswith("|") and not re.match(r"\|\s*-", line):
            rows.append(tuple(cell.strip().strip("`") for cell in line.strip().strip("|").split("|")))
    return rows[1:]  # without the header row


def test_keyword_table_lists_every_keyword():
    """The keyword table has one row per keyword: Vietnamese, ASCII-folded and English spellings."""
    rows = [row[:3] for row in _keyword_table()]
    expected = [(vi, fold(vi), en) for vi, en in KEYWORDS.values()]
    assert sorted(rows) == sorted(expected)


def test_keyword_aliases_are_mentioned():
    """Every extra spelling the grammar accepts is named in the keyword section."""
    section = DOC_TEXT.split("\n## Keywords\n", 1)[1].split("\n## ", 1)[0]
    for name, aliases in ALIASES.items():
        for alias, _lang in aliases:
            assert f"`{alias}`" in section, f"{name}: alias {alias!r} not mentioned"


def test_document_ends_with_the_seed_encoding_tables():
    """The last section maps every appendix row of Vũ Dương and names the three plan files."""
    last = DOC_TEXT.rsplit("\n## ", 1)[1]
    assert last.startswith("How the seed plans are encoded\n")
    for plan in ("qd-534-ttg.plan", "kh-10-du.plan", "kh-104-ubnd.plan"):
        assert plan in last
    for row in range(1, 12):
        assert f"`nhiệm vụ TT {row} @" in last, row


# ------------------------------------------------------------- refresh --


def _refresh_console_blocks() -> None:
    """Rewrite every ```console block of the document with the real output of its commands."""
    import os
    import tempfile

    lines = DOC_TEXT.split("\n")
    for block in sorted(CONSOLES, key=lambda b: -b.line):
        shown: list[str] = []
        with tempfile.TemporaryDirectory() as folder:
            for name, text in _files().items():
                (Path(folder) / name).write_text(text, encoding="utf-8")
            here = os.getcwd()
            os.chdir(folder)
            try:
                for command, _ in _steps(block):
                    argv = shlex.split(command)
                    if argv[0] == "cat":
                        actual = "".join((Path(folder) / n).read_text(encoding="utf-8") for n in argv[1:])
                    else:
                        out, err = io.StringIO(), io.StringIO()
                        run(argv[1:], out, err)
                        actual = out.getvalue() + err.getvalue()
                    shown.append(f"$ {command}")
                    shown.extend(actual.rstrip("\n").split("\n") if actual.strip() else [])
            finally:
                os.chdir(here)
        end = block.line
        while not lines[end].startswith("```"):
            end += 1
        lines[block.line : end] = shown
    DOC.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    # After changing a message or the layout: python3 tests/test_docs.py, then review git diff.
    _refresh_console_blocks()
