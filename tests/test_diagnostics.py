"""base/diagnostics.py: a finding as a terminal shows it. What a file names (a unit, a line of the plan) reaches
the terminal as text, never as a command to it: an escape sequence would recolour or rewrite the screen, a newline
forge a line of its own, a bidirectional mark show text other than it is read."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from planrules import load_facts
from planrules.base.diagnostics import Diagnostic, Message, visible
from planrules.base.source import Span


def _acted_on(text: str) -> list[str]:
    """The characters of `text` a terminal acts on rather than shows."""
    return [c for c in text if unicodedata.category(c) == "Cc" and c != "\n" or c in "\u202a\u202b\u202c\u202d"
            "\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"]


def test_a_units_name_with_an_escape_sequence_is_shown_escaped(tmp_path):
    import datetime as dt

    import planrules
    from planrules import FactsError

    plan = planrules.compile(planrules.parse('kế hoạch: "1/KH"\nngày ban hành: 04/06/2026\n\n'
                                             'đơn vị vp: "Văn phòng"\n', source="p.plan"))
    (tmp_path / "f.toml").write_text('[units."x\\u001b[2J\\u001b[31mRED\\nerror: forged"]\n', encoding="utf-8")
    try:
        plan.evaluate(load_facts(tmp_path / "f.toml", vocabulary=plan.vocabulary), dt.date(2026, 12, 31))
    except FactsError as error:
        shown = error.render("en")
    assert "\x1b" not in shown and not _acted_on(shown)
    assert "x\\u001b[2J\\u001b[31mRED\\u000aerror: forged" in shown
    assert not any(line.startswith("error: forged") for line in shown.splitlines())


def test_the_caret_stays_under_its_text_when_the_line_before_it_is_escaped():
    line = "a\x1b[31m = \t\u202eb"
    d = Diagnostic("P001", Message.of("reason_denied"),
                   Span("p.plan", 1, line.index("b") + 1, 1, line.index("b") + 2), line_text=line)
    shown_line, caret_line = d.render().splitlines()[1:3]
    assert shown_line == " 1 | a\\u001b[31m =  \\u202eb"
    assert shown_line[caret_line.index("^")] == "b" and caret_line.count("^") == 1


@given(st.text())
def test_visible_text_has_nothing_a_terminal_acts_on_and_reads_back(text):
    shown = visible(text)
    assert not _acted_on(shown) and "\n" not in shown
    if not any(c in text for c in "\\"):  # a backslash of the text itself makes the escapes ambiguous
        assert len([c for c in text if _acted_on(c) or c == "\n"]) == shown.count("\\u")
