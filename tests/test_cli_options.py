"""Tests of cli_options.py: the language a run speaks (`language_choice`), from --lang or $PLANRULES_LANG."""

import io
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from planrules.tooling.cli import run
from planrules.tooling.cli_options import LANGUAGES, LanguageChoiceError, language_choice

# An English plan whose check is clean: its own language is en, so a Vietnamese summary can only come from a choice.
PLAN = (
    'plan: "1/KH"\nissued: 01/06/2026\nunit vp: "Office"\nunit ubnd: "Committee"\n\n'
    'task TT 1 {\n    content: "Report"\n    lead: vp\n    deliverable: "Report"\n'
    '    deadline: ongoing\n    reports to: ubnd\n}\n'
)


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv, environ, expected", [
    ([], {}, None),
    (["check", "x.plan"], {"PLANRULES_LANG": ""}, None),  # empty: as if unset
    (["check", "--lang", "vi", "x.plan"], {}, "vi"),
    (["check", "--lang=vi", "x.plan"], {"PLANRULES_LANG": "en"}, "vi"),  # --lang beats the variable
    (["check", "--lang", "en", "x.plan"], {"PLANRULES_LANG": "vi"}, "en"),
    (["check", "x.plan"], {"PLANRULES_LANG": "vi"}, "vi"),
    (["check", "--lan", "vi"], {}, "vi"),  # argparse's abbreviation
    (["check", "--lang", "en", "--lang", "vi"], {}, "vi"),  # the last, as argparse takes it
    (["check", "--lang", "fr"], {"PLANRULES_LANG": "vi"}, "vi"),  # argparse refuses fr: no choice made
    (["check", "--lang"], {}, None),
    (["check", "--", "--lang", "vi"], {}, None),  # after --, a path, not an option
    (["check", "--language", "vi"], {}, None),  # not --lang
    (["--help", "--lang", "vi"], {}, "vi"),  # anywhere on the line
])
def test_language_choice(argv, environ, expected):
    assert language_choice(argv, environ) == expected


@pytest.mark.parametrize("value", ["fr", "VI", "vi_VN", " vi", "tiếng việt"])
def test_a_bad_variable_is_refused_naming_it_and_the_accepted_values(value):
    with pytest.raises(LanguageChoiceError) as raised:
        language_choice(["check", "x.plan"], {"PLANRULES_LANG": value})
    assert str(raised.value) == (f"planrules: PLANRULES_LANG={value!r} is not a language planrules speaks: "
                                 "set it to en | vi, or unset it")
    assert language_choice(["check", "--lang", "en"], {"PLANRULES_LANG": value}) == "en"  # not read when not needed


@given(st.lists(st.sampled_from(["--lang", "--lang=en", "--lang=vi", "en", "vi", "fr", "x.plan", "--", "--lan"]),
                max_size=8),
       st.sampled_from(["", "en", "vi"]))
def test_the_choice_is_the_last_valid_lang_before_a_double_dash_else_the_variable(argv, variable):
    """Said another way than the function does: the options before `--` read pairwise, the last valid one kept."""
    head = argv[:argv.index("--")] if "--" in argv else argv
    chosen = None
    for i, token in enumerate(head):
        value = token[len("--lang="):] if token.startswith("--lang=") else \
            argv[i + 1] if token in ("--lang", "--lan") and i + 1 < len(argv) else None
        chosen = value if value in LANGUAGES else chosen
    assert language_choice(argv, {"PLANRULES_LANG": variable}) == (chosen or variable or None)


@pytest.fixture
def plan(tmp_path: Path) -> str:
    (tmp_path / "a.plan").write_text(PLAN, encoding="utf-8")
    return str(tmp_path / "a.plan")


def test_the_variable_is_the_default_language_of_a_run(plan, monkeypatch):
    assert cli("check", plan)[1] == "1 file(s), 0 error(s), 0 warning(s), 0 info\n"  # the plan's own language
    monkeypatch.setenv("PLANRULES_LANG", "vi")
    assert cli("check", plan)[1] == "1 tệp, 0 lỗi, 0 cảnh báo, 0 thông tin\n"
    assert cli("check", "--lang", "en", plan)[1] == "1 file(s), 0 error(s), 0 warning(s), 0 info\n"


def test_a_bad_variable_is_exit_2_in_both_languages_and_nothing_run(plan, monkeypatch):
    monkeypatch.setenv("PLANRULES_LANG", "fr")
    code, out, err = cli("check", plan)
    assert (code, out) == (2, "")
    assert err == ("planrules: PLANRULES_LANG='fr' is not a language planrules speaks: set it to en | vi, "
                   "or unset it\nplanrules: PLANRULES_LANG='fr' không phải ngôn ngữ planrules hỗ trợ: hãy đặt "
                   "en | vi, hoặc bỏ biến này\n")
    assert cli("check", "--lang", "en", plan)[0] == 0  # --lang given: the variable is not read
    docs = (Path(__file__).parents[1] / "docs" / "reports.md").read_text(encoding="utf-8")
    assert f"```text\n{err}```" in docs  # docs/reports.md, Language, shows it as it is
