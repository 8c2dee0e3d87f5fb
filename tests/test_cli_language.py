"""Tests of cli_language.py: `--help`, the usage line and argparse's errors in the language chosen.

Every parser of every command is walked in both languages: each text (a command's summary,
description and exit statuses, an option's help, a value's name) must have its Vietnamese twin,
and the Vietnamese help must hold no English word, checked as the reports' language is
(tests/test_report.py): no word of the English catalogue that the Vietnamese one lacks.
"""

from __future__ import annotations

import argparse
import ast
import gettext
import inspect
import io
import re
import unicodedata
from collections.abc import Iterator

import pytest
from conftest import ROOT, console_steps
from hypothesis import given, strategies as st

from planrules.tooling.cli import build_parser, run
from planrules.tooling.cli_language import ARGPARSE_KEYS, HelpTexts, speaking, spoken
from planrules.tooling.messages import MESSAGES

HELP_KEYS = sorted(k for k in MESSAGES if k.startswith(("help_", "metavar_", "argparse_")))


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def _argparse_messages() -> set[str]:
    """Every text argparse says through gettext: the first argument of each `_(…)` and `ngettext(…)` of its source
    (a plural's singular: Vietnamese has one form)."""
    found = set()
    for node in ast.walk(ast.parse(inspect.getsource(argparse))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext") \
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            found.add(node.args[0].value)
    return found


def test_every_word_argparse_says_has_its_vietnamese_twin():
    said = _argparse_messages()
    assert {"usage: ", "positional arguments", "options", "unrecognized arguments: %s"} <= said  # the scan sees them
    assert sorted(said - set(ARGPARSE_KEYS)) == []  # nothing argparse can say is left in English
    assert sorted(set(ARGPARSE_KEYS) - said) == []  # and the catalogue keeps no text argparse no longer says
    for english, key in ARGPARSE_KEYS.items():
        vietnamese = MESSAGES[key][1]
        assert vietnamese != english
        fields = re.compile(r"%\(\w+\)[sr]|%[sr]")
        assert sorted(fields.findall(vietnamese)) == sorted(fields.findall(english)), key  # argparse fills the same


def _parsers(parser: argparse.ArgumentParser, name: str = "planrules") -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command, sub in action.choices.items():
                yield from _parsers(sub, command)


def _texts(parser: argparse.ArgumentParser) -> list[tuple[str, str | None]]:
    """(what, text) of every text of one parser, in a fixed order: its description and epilog, and each action's
    help and value name; the subcommands' summaries."""
    found = [("description", parser.description), ("epilog", parser.epilog)]
    for action in parser._actions:
        found.append((f"{action.dest} help", action.help))
        if action.metavar is not None or action.nargs != 0 and not action.choices:
            found.append((f"{action.dest} metavar", action.metavar))
        if isinstance(action, argparse._SubParsersAction):
            found += [(f"{choice.dest} summary", choice.help) for choice in action._choices_actions]
    return found


def _built(lang: str) -> dict[str, argparse.ArgumentParser]:
    with speaking(lang):
        return dict(_parsers(build_parser(lang)))


PARSERS = {lang: _built(lang) for lang in ("en", "vi")}
COMMANDS = list(PARSERS["en"])


def test_every_command_is_walked():
    assert set(COMMANDS) >= {"planrules", "check", "fmt", "eval", "export", "test", "schema", "tree", "calendar",
                             "import", "template"}
    assert set(COMMANDS) == set(PARSERS["vi"])


@pytest.mark.parametrize("command", COMMANDS)
def test_every_text_of_a_command_has_its_vietnamese_twin(command):
    english, vietnamese = _texts(PARSERS["en"][command]), _texts(PARSERS["vi"][command])
    assert [what for what, _ in english] == [what for what, _ in vietnamese]
    for (what, en), (_, vi) in zip(english, vietnamese):
        if what in ("description", "epilog") and en is None:  # a command with no exit statuses of its own
            assert vi is None, (command, what)
            continue
        assert en and vi, (command, what)  # every option says what it does, in both languages
        assert vi != en, (command, what, en)  # a text written in place, not from the catalogue, is the same in both
        assert unicodedata.is_normalized("NFC", vi), (command, what)
    for action in PARSERS["vi"][command]._actions:
        assert action.help and action.help is not argparse.SUPPRESS, (command, action.dest)


def _words(lang: str) -> set[str]:
    """The words of the command line's texts in `lang` (help, value names, argparse's words), lower case."""
    i = 0 if lang == "en" else 1
    text = re.sub(r"\{[^}]*\}|%\(\w+\)[sr]|%[sr]", " ", " ".join(MESSAGES[k][i] for k in HELP_KEYS))
    return {w.lower() for w in re.findall(r"[^\W\d_]{3,}", text)}


def _prose(text: str, parser: argparse.ArgumentParser) -> str:
    """`text` without what is typed as written: option names, choices, commands, variables and file names."""
    typed = {str(c) for a in parser._actions if a.choices for c in a.choices} | set(parser.prog.split())
    text = re.sub(r"\{[^}]*\}|(?<!\w)--?[\w-]+|\$?\b[A-Z_]{2,}\w*=?\d*|\S*[./]\S*", " ", text)
    return " ".join(w for w in text.split() if w.strip("(),;:'") not in typed)


@pytest.mark.parametrize(("lang", "other"), [("vi", "en"), ("en", "vi")])
@pytest.mark.parametrize("command", COMMANDS)
def test_every_word_of_a_help_is_in_its_language(command, lang, other, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    foreign = _words(other) - _words(lang)
    assert len(foreign) > 100  # the check has words to find
    argv = [] if command == "planrules" else [command]
    code, out, _ = cli(*argv, "--help", "--lang", lang)
    assert code == 0
    words = {w.lower() for w in re.findall(r"[^\W\d_]{3,}", _prose(out, PARSERS[lang][command]))}
    assert not words & foreign, sorted(words & foreign)
    heading = "cách dùng: planrules" if lang == "vi" else "usage: planrules"
    assert out.startswith(heading) and ("\ntùy chọn:\n" if lang == "vi" else "\noptions:\n") in out
    assert unicodedata.is_normalized("NFC", out)


def test_the_variable_chooses_the_language_of_the_help_and_lang_beats_it(monkeypatch):
    monkeypatch.setenv("PLANRULES_LANG", "vi")
    assert cli("check", "--help")[1].startswith("cách dùng: planrules check ")
    assert cli("check", "--help", "--lang", "en")[1].startswith("usage: planrules check ")
    assert cli("--lang", "en", "check", "--help")[1].startswith("usage: planrules check ")
    monkeypatch.setenv("PLANRULES_LANG", "en")
    assert cli("--lang", "vi", "--help")[1].startswith("cách dùng: planrules [-h]")


@pytest.mark.parametrize(("argv", "vietnamese", "english"), [
    (["check", "a.plan", "--bogus"], "planrules: lỗi: không nhận ra tham số: --bogus",
     "planrules: error: unrecognized arguments: --bogus"),
    (["check", "a.plan", "--format", "pdf"],
     "planrules check: lỗi: tham số --format: lựa chọn không hợp lệ: 'pdf' (chọn một trong: 'text', 'json')",
     "planrules check: error: argument --format: invalid choice: 'pdf' (choose from 'text', 'json')"),
    (["eval", "a.plan"], "planrules eval: lỗi: thiếu các tham số bắt buộc sau: --facts",
     "planrules eval: error: the following arguments are required: --facts"),
    (["check", "--jobs", "x", "a.plan"],
     "planrules check: lỗi: tham số --jobs/-j: 'x' không phải là số tiến trình",
     "planrules check: error: argument --jobs/-j: 'x' is not a number of processes"),
    (["eval", "a.plan", "--facts", "f.toml", "--as-of", " "],
     "planrules eval: lỗi: tham số --as-of: giá trị rỗng: hãy ghi một giá trị, hoặc bỏ tùy chọn này",
     "planrules eval: error: argument --as-of: an empty value: give one, or leave the option out"),
    (["eval", "a.plan", "--facts", "f.toml", "--query-timeout", "0"],
     "planrules eval: lỗi: tham số --query-timeout: 0: hãy ghi số giây lớn hơn 0",
     "planrules eval: error: argument --query-timeout: 0: give a number of seconds above 0"),
    (["eval", "a.plan", "--facts"], "planrules eval: lỗi: tham số --facts: cần ít nhất một giá trị",
     "planrules eval: error: argument --facts: expected at least one argument"),
    (["check", "--lang"], "planrules check: lỗi: tham số --lang: cần đúng một giá trị", None),
    (["ecal"], "planrules: lỗi: tham số LỆNH: lựa chọn không hợp lệ: 'ecal' (chọn một trong: 'check', 'fmt', "
     "'calendar', 'import', 'template', 'eval', 'export', 'test', 'schema', 'tree')", None),
])
def test_argparse_errors_in_the_language_chosen(argv, vietnamese, english):
    code, out, err = cli(*argv, "--lang", "vi")
    assert (code, out) == (2, "")
    assert err.startswith("cách dùng: planrules") and err.rstrip("\n").endswith("\n" + vietnamese), err
    if english is not None:
        code, _, err = cli(*argv, "--lang", "en")
        assert code == 2 and err.startswith("usage: planrules") and err.rstrip("\n").endswith("\n" + english)


def test_argparse_is_as_it_was_after_a_run_even_one_that_failed():
    for argv in (["--help", "--lang", "vi"], ["check", "--bogus", "--lang", "vi"], ["--lang", "vi"]):
        cli(*argv)
        assert argparse._ is gettext.gettext and argparse.ngettext is gettext.ngettext  # type: ignore[attr-defined]
        assert spoken() == "en"
    with pytest.raises(ZeroDivisionError), speaking("vi"):
        assert argparse._("options") == "tùy chọn" and spoken() == "vi"  # type: ignore[attr-defined]
        1 / 0
    assert argparse._ is gettext.gettext and spoken() == "en"  # type: ignore[attr-defined]


def test_a_plural_argparse_says_has_one_vietnamese_form():
    with speaking("vi"):
        assert argparse.ngettext("expected %s argument", "expected %s arguments", 3) == "cần %s giá trị"
    with speaking("en"):
        assert argparse.ngettext("expected %s argument", "expected %s arguments", 3) == "expected %s arguments"
        assert argparse.ngettext("expected %s argument", "expected %s arguments", 1) == "expected %s argument"


@given(st.sampled_from([k for k in HELP_KEYS if k.startswith("help_") and k != "help_exit_statuses"]),
       st.sampled_from(["en", "vi"]))
def test_an_options_help_is_what_argparse_prints_of_it(key, lang):
    """argparse %-formats an option's help: HelpTexts doubles a '%' so that the text comes back as written."""
    texts = HelpTexts(lang)
    assert texts(key) % {} == texts.plain(key) == MESSAGES[key][lang == "vi"]


def test_every_help_key_is_used_by_a_parser():
    """A help text no parser shows is one nobody keeps up to date: each key is said by a parser in both languages."""
    shown = {lang: {text for parser in PARSERS[lang].values() for _, text in _texts(parser) if text}
             for lang in ("en", "vi")}
    for key in HELP_KEYS:
        if key.startswith("argparse_"):
            continue
        en, vi = HelpTexts("en"), HelpTexts("vi")
        args = {"output": 3, "pipe": 141} if key == "help_exit_statuses" else {}
        assert {en(key, **args), en.plain(key, **args)} & shown["en"], key
        assert {vi(key, **args), vi.plain(key, **args)} & shown["vi"], key


def _help_blocks() -> list[tuple[int, str]]:
    text = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    return [(text.count("\n", 0, b.start()) + 1, b.group(1))
            for b in re.finditer(r"^```text help\n(.*?)^```$", text, re.M | re.S)]


@pytest.mark.parametrize("block", _help_blocks(), ids=lambda b: f"line{b[0]}")
def test_the_help_blocks_of_docs_reports_show_real_output(block, monkeypatch):
    """docs/reports.md shows `--help` and a mistake in Vietnamese, abridged: '…' stands for lines left out, every
    other line is printed as shown, in that order."""
    monkeypatch.setenv("COLUMNS", "80")
    ((command, shown),) = console_steps(block[1], f"docs/reports.md:{block[0]}")
    code, out, err = cli(*command.split()[1:])
    printed = (out + err).rstrip("\n").split("\n")
    parts = re.split(r"^…$", shown, flags=re.M)
    at = 0
    for part in parts:
        if not part.strip("\n"):  # the block starts or ends with '…'
            continue
        lines = part.strip("\n").split("\n")
        starts = [i for i in range(at, len(printed) - len(lines) + 1) if printed[i:i + len(lines)] == lines]
        assert starts, f"docs/reports.md:{block[0]}: not printed in this order:\n" + part
        assert parts[0].strip("\n") == "" or at > 0 or starts[0] == 0  # the first line shown is the first printed
        at = starts[0] + len(lines)
    assert parts[-1].strip("\n") == "" or at == len(printed)  # the last line shown is the last printed
    assert code == (0 if "--help" in command else 2)
