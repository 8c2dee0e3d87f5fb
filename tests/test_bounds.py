"""Bounded time and memory on any input within the documented limits (docs/performance.md, "Bounds").

Each case of bench/bounds.py that was not linear has a test here that fails
when it is not: the size of what a finding keeps and prints, the number of
findings listed, the number of steps a computation takes (counted, never
timed). The one memory check runs in a subprocess under an address-space
limit, so a regression fails the test instead of exhausting the machine.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planrules import check, parse
from planrules.base.diagnostics import (LINE_WINDOW, MAX_FINDINGS_PER_CODE, Diagnostic, Message, capped, line_window,
                              stands_for, visible)
from planrules.language.messages import LanguageMessage
from planrules.language.resolver import resolve
from planrules.base.source import Source, Span
from planrules.strategies import plan_texts

HEADER = 'kế hoạch: "1/KH"\nngày ban hành: 04/06/2026\n'


def _shown(d: Diagnostic) -> tuple[str, str]:
    """The line and the caret line `d` prints under its message."""
    lines = d.render().split("\n")
    return lines[1], lines[2]


# ----------------------------------------------------------- the line shown --


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=600), st.data())
def test_a_diagnostic_shows_a_window_of_its_line_with_the_caret_under_its_place(line, data):
    column = data.draw(st.integers(1, len(line) + 1))
    width = data.draw(st.integers(0, 5))
    d = Diagnostic("E100", LanguageMessage.of("unknown_unit", name="x"), Span("f.plan", 7, column, 7, column + width),
                   line_text=line)
    text, caret = _shown(d)
    assert len(d.line_text) <= LINE_WINDOW
    shown = visible(d.line_text.replace("\t", " "))  # a bidirectional mark written as its escape, a tab a space
    assert text == f" 7 | {shown}"
    at = caret.index("^") - len(" 7 | ")
    if column <= len(line):  # the caret is under the character it points at (its escape's first character)
        assert shown[at:].startswith(visible(line[column - 1].replace("\t", " ")))
    if len(line) <= LINE_WINDOW:
        assert d.line_text == line
    else:
        window, shift = line_window(line, column)
        assert d.line_text == window and d.line_shift == shift
        inner = window.strip("…")
        assert inner in line and len(window) == LINE_WINDOW


def test_a_syntax_error_on_a_megabyte_line_keeps_and_prints_a_window_of_it():
    text = HEADER + 'đoạn I-1: "' + "chữ " * 250_000 + "\n"
    try:
        parse(text, "p.plan")
    except Exception as error:  # noqa: BLE001 - the type is checked below
        diagnostics = error.diagnostics
    assert diagnostics and all(len(d.line_text or "") <= LINE_WINDOW for d in diagnostics)
    assert all(len(d.render()) < 3 * LINE_WINDOW + 400 for d in diagnostics)


# ------------------------------------------------------------ findings capped --


def _unknown_names(count: int) -> tuple[str, str]:
    names = ", ".join(f"u{i}" for i in range(count))
    text = HEADER + 'đơn vị a: "A"\n' + f'nhiệm vụ TT 1 {{\n    nội dung: "x"\n    chủ trì: a\n    phối hợp: {names}\n}}\n'
    return text, names


def test_unknown_names_on_one_line_are_listed_up_to_the_cap_then_counted():
    text, _ = _unknown_names(16_000)
    source = Source.from_text(text, "p.plan")
    found = resolve([parse(text, "p.plan")], sources={"p.plan": source})
    r201 = [d for d in found if d.code == "R201"]
    assert len(r201) == MAX_FINDINGS_PER_CODE + 1
    listed, more = r201[:-1], r201[-1]
    assert [d.message.args for d in listed] == [(("name", f"u{i}"),) for i in range(MAX_FINDINGS_PER_CODE)]
    assert more.message.key == "more_findings"
    assert dict(more.message.args)["count"] == str(16_000 - MAX_FINDINGS_PER_CODE)
    assert "… and 15900 more R201" in more.render()
    for d in listed:  # still pointed at the name itself, with a window of the 117 KB line
        assert len(d.line_text) <= LINE_WINDOW
        at = d.span.column - 1 - d.line_shift
        assert d.line_text[at:at + len(dict(d.message.args)["name"])] == dict(d.message.args)["name"]


def test_check_caps_each_code_in_each_file():
    text = HEADER + 'đơn vị a: "A"\n'
    task = 'nhiệm vụ TT 1 {\n    nội dung: "x"\n    chủ trì: a\n    sản phẩm: "y"\n    thời hạn: trước ngày 31/12/2026\n}\n'
    text += task * 2_000
    findings = check(parse(text, "p.plan"))
    by_code: dict[str, int] = {}
    for d in findings:
        by_code[d.code] = by_code.get(d.code, 0) + 1
    assert by_code["L403"] == MAX_FINDINGS_PER_CODE + 1  # duplicate task numbers: 1,999 found, 100 listed
    assert all(count <= MAX_FINDINGS_PER_CODE + 1 for count in by_code.values())
    more = [d for d in findings if d.message.key == "more_findings" and d.code == "L403"]
    assert dict(more[0].message.args)["count"] == str(1_999 - MAX_FINDINGS_PER_CODE)


@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from(["X1", "X2"])), max_size=60), st.integers(1, 5))
def test_capped_keeps_the_first_of_each_file_and_code_and_counts_the_rest(items, limit):
    found = [Diagnostic(code, LanguageMessage.of("unknown_unit", name=str(i)), Span(file, i + 1, 1, i + 1, 2))
             for i, (file, code) in enumerate(items)]
    out = capped(iter(found), limit)
    for key in set(items):
        group = [d for d in found if (d.span.file, d.code) == key]
        shown = [d for d in out if (d.span.file, d.code) == key and d.message.key != "more_findings"]
        assert shown == group[:limit]
        notes = [d for d in out if (d.span.file, d.code) == key and d.message.key == "more_findings"]
        if len(group) > limit:
            assert len(notes) == 1 and notes[0].span == group[limit].span
            assert re.search(rf"and {len(group) - limit} more", notes[0].render())
        else:
            assert notes == []


def _tasks_naming_unknown_leads(count: int, silenced: frozenset[int]) -> str:
    """A plan of `count` tasks, task i led by the undeclared unit u<i> (one R201 each), silenced where asked."""
    text = HEADER + 'đơn vị a: "A"\n'
    for i in range(1, count + 1):
        if i in silenced:
            text += "# planrules: bỏ qua R201: đơn vị chưa khai báo\n"
        text += f'nhiệm vụ TT {i} {{\n    nội dung: "x"\n    chủ trì: u{i}\n}}\n'
    return text


def _more_count(findings, code: str) -> int:
    notes = [d for d in findings if d.code == code and d.message.key == "more_findings"]
    assert len(notes) <= 1
    return int(dict(notes[0].message.args)["count"]) if notes else 0


def test_a_silence_past_the_cap_silences_its_finding_and_is_not_counted():
    findings = check(parse(_tasks_naming_unknown_leads(150, frozenset({120})), "p.plan"))
    assert not [d for d in findings if d.code == "S003"]
    listed = [d for d in findings if d.code == "R201" and d.message.key != "more_findings"]
    assert len(listed) == MAX_FINDINGS_PER_CODE
    assert _more_count(findings, "R201") == 150 - 1 - MAX_FINDINGS_PER_CODE  # u120 is silenced, not "more"


@settings(max_examples=12, deadline=None)
@given(st.integers(MAX_FINDINGS_PER_CODE - 5, MAX_FINDINGS_PER_CODE + 30), st.data())
def test_silences_apply_before_the_cap_wherever_their_finding_is(count, data):
    silenced = data.draw(st.frozensets(st.integers(1, count), max_size=8))
    findings = check(parse(_tasks_naming_unknown_leads(count, silenced), "p.plan"))
    assert not [d for d in findings if d.code == "S003"]  # every silence silenced its finding
    names = [dict(d.message.args)["name"] for d in findings if d.code == "R201" and d.message.key != "more_findings"]
    left = [f"u{i}" for i in range(1, count + 1) if i not in silenced]
    assert names == left[:MAX_FINDINGS_PER_CODE]  # the first unsilenced ones, in place order
    assert _more_count(findings, "R201") == max(0, len(left) - MAX_FINDINGS_PER_CODE)


@given(st.lists(st.tuples(st.sampled_from("ab"), st.sampled_from(["X1", "X2"])), max_size=40), st.integers(1, 4))
def test_capping_capped_findings_again_keeps_what_each_note_stands_for(items, limit):
    found = [Diagnostic(code, LanguageMessage.of("unknown_unit", name=str(i)), Span(file, i + 1, 1, i + 1, 2))
             for i, (file, code) in enumerate(items)]
    once = capped(iter(found), limit)
    twice = capped(sorted(once, key=lambda d: (d.span.file, -d.span.line)), limit)  # another order, as check sorts
    for key in set(items):
        mine = [d for d in twice if (d.span.file, d.code) == key]
        assert sum(stands_for(d) for d in mine) == items.count(key)
        notes = [d for d in mine if d.message.key == "more_findings"]
        assert len(notes) <= 1 and len(mine) - len(notes) <= limit


def test_check_totals_and_summaries_count_the_findings_a_note_stands_for(tmp_path):
    import io

    from planrules.tooling.cli import run

    tasks = "".join(f'nhiệm vụ TT {i} {{\n    nội dung: "x"\n    chủ trì: a, b\n    sản phẩm: "y"\n'
                    f"    thời hạn: trước ngày 31/12/2026\n}}\n" for i in range(1, 151))
    (tmp_path / "p.plan").write_text(HEADER + 'đơn vị a: "A"\nđơn vị b: "B"\n' + tasks, encoding="utf-8")
    out = io.StringIO()
    run(["check", "--no-cache", "--lang", "en", "--min-severity", "error", str(tmp_path / "p.plan")], out, io.StringIO())
    text = out.getvalue()
    assert "warning[L401]: 150 finding(s) not listed" in text
    assert re.search(r", 150 warning\(s\)", text)
    out = io.StringIO()
    run(["check", "--no-cache", "--format", "json", str(tmp_path / "p.plan")], out, io.StringIO())
    import json

    payload = json.loads(out.getvalue())
    l401 = [d for f in payload["files"] for d in f["diagnostics"] if d["code"] == "L401"]
    assert len(l401) == MAX_FINDINGS_PER_CODE + 1 and payload["warnings"] == 150
    assert sum(d.get("count", 1) for d in l401) == 150  # the note says how many it stands for, as data
    out = io.StringIO()
    run(["tree", "--no-cache", "--lang", "en", str(tmp_path)], out, io.StringIO())
    assert "150 warning(s)" in out.getvalue()


def test_a_broken_csv_file_past_the_cap_is_one_error_not_a_traceback(tmp_path):
    from planrules.facts.loader import FactsError, load_facts

    rows = ["unit,ngày", *(f"xa{i},2026-01-01,thừa" for i in range(150)), 'xa,"1"x']  # 150 F106, then not CSV
    path = tmp_path / "hội_nghị.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(FactsError) as raised:
        load_facts(path)
    assert [d.code for d in raised.value.diagnostics] == ["F100"]


@given(st.integers(0, 40), st.integers(1, 30), st.integers(1, 1000))
def test_an_error_rendered_in_part_counts_what_its_notes_stand_for(listed, limit, more):
    """`PlanError.render` shows `limit` diagnostics, then "… and N more": N counts every finding, not each line."""
    from planrules.base.diagnostics import PlanError

    found = [Diagnostic("F111", LanguageMessage.of("unknown_unit", name=str(i)), Span("f.toml", i + 1, 1, i + 1, 2))
             for i in range(listed)]
    note = Diagnostic("F111", Message.of("more_findings", count=more, code="F111", limit=listed),
                      Span("f.toml", listed + 1, 1, listed + 1, 2))
    text = PlanError([*found, note]).render("en", limit=limit)
    total = listed + more
    shown = min(limit, listed)  # the note itself is shown only when every finding before it is
    if limit > listed:  # everything shown: the note is the last line, with its own count
        assert text.splitlines()[-1].endswith(f"… and {more} more F111 finding(s) in this file, not listed "
                                              f"(at most {listed} of a code per file)")
    else:
        assert text.splitlines()[-1] == f"… and {total - shown} more"


# ------------------------------------------------------------ chains of plans --


def _chain_library(count: int, thresholds, cycle: bool = False, parents=None):
    from planrules.language.library import Library

    plans = []
    for i in range(count):
        parent = f'cấp trên: "P{(i - 1) % count}"\n' if i or cycle else ""
        if parents is not None:
            named = ", ".join(f'"P{j}"' for j in parents(i))
            parent = f"cấp trên: {named}\n" if named else ""
        text = HEADER.replace("1/KH", f"P{i}") + parent
        text += f"chỉ tiêu: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu {thresholds(i)}% hằng năm\n"
        plans.append(parse(text, f"p{i}.plan"))
    return Library(tuple(plans), tuple(f"p{i}.plan" for i in range(count)))


def _naive_effective(plan, library, vocabulary_of):
    """The definition: own targets, then each ancestor's (nearest first) that nothing before covers."""
    from planrules.evaluation.compiler import ancestors, covers
    from planrules.checks.inheritance import _stated

    vocabulary = vocabulary_of(plan)
    out = list(_stated(plan, vocabulary))
    for parent in ancestors(plan, library):
        for stated in _stated(parent, vocabulary, parent.number):
            if not any(covers(mine.rule, stated.rule) for mine in out):
                out.append(stated)
    return tuple(out)


def test_effective_targets_of_a_chain_compile_each_plan_a_bounded_number_of_times():
    from planrules.checks.inheritance import _Chains
    from planrules.language.library import prelude

    library = _chain_library(2_000, lambda i: 60)
    chains = _Chains(library, prelude())
    for plan in library.plans:
        assert len(chains.effective(plan)) == 1  # the same target all the way up: each covers its parent's
    assert chains.steps <= 2 * len(library.plans)  # own, and own as a parent: not n²/2


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 99), st.lists(st.integers(0, 5), max_size=2)), min_size=2, max_size=6))
def test_effective_targets_of_a_chain_are_those_of_the_definition(plans):
    """Any parents (chains, several parents, cycles through several): the definition's targets, in its order."""
    from planrules.checks.inheritance import _Chains, _vocabulary
    from planrules.language.library import prelude

    library = _chain_library(len(plans), lambda i: plans[i][0],
                             parents=lambda i: [j for j in plans[i][1] if j < len(plans)])
    chains = _Chains(library, prelude())
    for plan in reversed(library.plans):
        naive = _naive_effective(plan, library, lambda p: _vocabulary(p, library, prelude()))
        assert [s.rule for s in chains.effective(plan)] == [s.rule for s in naive]


def test_a_cycle_of_plans_is_not_compared_around_the_cycle(monkeypatch):
    from planrules.checks.inheritance import _Checker, check_inheritance
    from planrules.language.library import prelude

    library = _chain_library(300, lambda i: 60 - i % 7, cycle=True)
    calls = []
    original = _Checker.targets

    def counted(self, child, parent):
        calls.append(child)
        return original(self, child, parent)

    monkeypatch.setattr(_Checker, "targets", counted)
    assert check_inheritance(library, prelude()) == []
    assert calls == []  # each plan's parent is on its cycle: no pair compared, no n² walk


# ------------------------------------------------------------------ facts --


def test_a_csv_header_of_100000_unknown_columns_is_placed_once_and_capped(monkeypatch):
    from planrules.facts import loader as facts_load, text_file
    from planrules.base.diagnostics import FactsError

    calls = []
    original = text_file.cell_starts
    monkeypatch.setattr(text_file, "cell_starts", lambda line, d: calls.append(1) or original(line, d))
    columns = ["unit", "id", *(f"c{i}" for i in range(100_000))]
    text = ",".join(columns) + "\n" + ",".join(["vp", "X"] + [""] * 100_000) + "\n"
    with pytest.raises(FactsError) as raised:
        facts_load.loads_facts(text, "hội_nghị.csv")
    f111 = [d for d in raised.value.diagnostics if d.code == "F111"]
    assert len(f111) == MAX_FINDINGS_PER_CODE + 1
    assert dict(f111[-1].message.args)["count"] == str(100_000 - MAX_FINDINGS_PER_CODE)
    assert [d.span.column for d in f111[:3]] == [text.index(f",c{i},") + 2 for i in range(3)]
    assert len(calls) == 1  # the header's cells found once, not once per unknown column
    assert all(len(d.line_text or "") <= LINE_WINDOW for d in raised.value.diagnostics)


def _units_toml(units: int) -> str:
    record = ('[[units."u{k}".records."hội_nghị"]]\nid = "{k}-{j}"\n"ngày" = 2026-06-10\n'
              '"trực_tuyến" = true\n\n')
    out = "[facts]\nperiod = { from = 2025-01-01, to = 2026-12-31 }\n\n"
    for k in range(units):
        out += f'[units."u{k}"]\n\n[[units."u{k}".counts]]\nkind = "hội_nghị"\nyear = 2025\ncount = 3\n\n'
        out += "".join(record.format(k=k, j=j) for j in range(2))
    return out


class _CountingDict(dict):
    walks = 0

    def __iter__(self):
        type(self).walks += 1
        return super().__iter__()


def test_the_toml_key_scanner_never_walks_every_array_it_has_met(monkeypatch):
    from planrules.facts.toml_text import TomlScan

    text = _units_toml(2_000)
    scan = TomlScan(text)
    assert scan.complete and scan.where[("units", "u1999", "records", "hội_nghị", 1, "id")] > 0
    # each element of an array of tables used to look at every array met so far: n² in units
    document = TomlScan._document

    def counted(self):
        self._aot_index = _CountingDict(self._aot_index)
        return document(self)

    _CountingDict.walks = 0
    monkeypatch.setattr(TomlScan, "_document", counted)
    assert TomlScan(text).complete
    assert _CountingDict.walks == 0


@given(st.lists(st.tuples(st.sampled_from(["a", "a.b", "a.b.c", "x", "x.b"]), st.booleans()), max_size=25))
def test_the_toml_key_scanner_places_arrays_of_tables_as_tomllib_nests_them(headers):
    import tomllib

    from planrules.facts.toml_text import TomlScan

    text = "".join(f"[[{keys}]]\nv = {i}\n" if aot else f"[{keys}.t{i}]\nv = {i}\n"
                   for i, (keys, aot) in enumerate(headers))
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    scan = TomlScan(text)
    assert scan.complete
    for path, offset in scan.values.items():  # every value's path, as the scanner resolved it, is in the document
        node = document
        for part in path:
            node = node[part]
        assert node == int(text[offset:text.index("\n", offset)])


# ------------------------------------------------------------------ as_of --


def test_an_as_of_past_the_horizon_is_refused_before_anything_is_judged():
    import datetime as dt

    from planrules import compile as compile_plan
    from planrules.base.diagnostics import FactsError
    from planrules.facts.loader import loads_facts
    from planrules.evaluation.ruleset import MAX_YEARS_AHEAD

    plan = parse(HEADER + 'đơn vị vp: "VP"\nchỉ tiêu: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 60% hằng năm\n', "p.plan")
    rules = compile_plan(plan)
    last = dt.date(2026 + MAX_YEARS_AHEAD, 12, 31)
    facts = loads_facts("[units.vp]\n", vocabulary=rules.vocabulary)
    judged = rules.evaluate(facts, last)
    assert {v.period for v in judged.verdicts} == {str(year) for year in range(2026, last.year + 1)}
    with pytest.raises(FactsError) as raised:
        rules.evaluate(facts, last + dt.timedelta(days=1))
    (d,) = raised.value.diagnostics
    assert d.code == "E002" and "31/12/2126" in d.render() and "01/01/2127" in d.render()


# ------------------------------------------------------------------ memory --


def _run_limited(argv: list[str], megabytes: int, tmp_path) -> "subprocess.CompletedProcess[str]":
    """`planrules ARGV` in a child process that may use at most `megabytes` of address space."""
    import os
    import resource
    import subprocess
    import sys

    limit = megabytes * 2**20

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    env = {**os.environ, "PLANRULES_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run([sys.executable, "-m", "planrules", *argv], capture_output=True, text=True,
                          preexec_fn=limited, env=env, timeout=120)


@pytest.mark.slow
def test_a_plan_of_one_15_mb_text_is_checked_in_bounded_memory(tmp_path):
    """A quoted text was matched by a regex keeping state per character: 15 MB took 2.2 GB."""
    plan = tmp_path / "p.plan"
    plan.write_text(HEADER + 'đoạn I-1: "' + "chữ " * 2_500_000 + '"\n', encoding="utf-8")
    done = _run_limited(["check", str(plan)], 1024, tmp_path)
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    assert done.returncode == 0, done.stdout[-500:] + done.stderr[-500:]


@pytest.mark.slow
def test_an_unclosed_quote_on_a_long_line_is_reported_in_bounded_memory(tmp_path):
    plan = tmp_path / "p.plan"
    plan.write_text(HEADER + 'đoạn I-1: "' + "chữ " * 500_000 + "\n", encoding="utf-8")  # a 3 MB line
    done = _run_limited(["check", str(plan)], 1024, tmp_path)
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    assert done.returncode == 2 and "[E100]" in done.stdout + done.stderr
    assert max(len(line) for line in (done.stdout + done.stderr).splitlines()) < 2 * LINE_WINDOW


# ------------------------------------------------------------ parse by piece --


@settings(max_examples=80, deadline=None)
@given(plan_texts(), st.integers(1, 400))
def test_a_text_parsed_by_pieces_is_the_text_parsed_whole(text, piece):
    """Pieces cut where a line starts in column 1 give the plan (spans included) and the errors of the whole."""
    from planrules.language import syntax
    from planrules.base.diagnostics import PlanError

    def outcome():
        try:
            plan = parse(text, "g.plan")
        except PlanError as error:
            return ("error", [(d.code, d.span, d.message) for d in error.diagnostics])
        return ("plan", plan, [(type(s).__name__, s.span) for s in plan.body])

    whole = outcome()
    saved = syntax.PIECE_CHARS
    syntax.PIECE_CHARS = piece
    try:
        assert outcome() == whole
    finally:
        syntax.PIECE_CHARS = saved


def test_a_large_plan_is_parsed_by_pieces_with_its_lines(monkeypatch):
    from planrules.language import syntax
    from planrules.language.builder import Builder

    calls = []
    original = Builder.transform
    monkeypatch.setattr(Builder, "transform", lambda self, tree: calls.append(1) or original(self, tree))
    monkeypatch.setattr(syntax, "PIECE_CHARS", 10_000)
    text = HEADER + "chỉ tiêu: giảm_hội_nghị tối thiểu 10% hằng năm\n" * 5_000
    plan = parse(text, "p.plan")
    assert len(calls) >= len(text) // 10_000  # one tree per piece, never the whole text's at once
    assert [t.span.line for t in plan.targets] == list(range(3, 5_003))


def test_a_cut_line_comes_back_from_the_cache_with_its_caret():
    from planrules.language import codec

    line = "x" * 5_000 + "BAD" + "y" * 5_000
    d = Diagnostic("R201", LanguageMessage.of("unknown_unit", name="BAD"), Span("f.plan", 9, 5_001, 9, 5_004), line_text=line)
    back = codec.decode(codec.encode(d))
    assert back.render() == d.render() and back.line_shift == d.line_shift > 0
    assert _shown(back)[1].endswith("^^^") and "BAD" in back.line_text
