"""Hostile input: every reader fuzzed, the limits on size and nesting, and plans as data.

1. Fuzzing. The real plans under plans/ and the real facts (examples/, tests/fixtures/facts/)
   are mutated (slices deleted, duplicated, swapped, quotes, braces, NUL, BOM, combining and
   RTL marks, NFD, bad bytes inserted) and read: `parse` and `load` raise nothing but
   `PlanError`, `loads_facts` nothing but `FactsError`, every diagnostic placed on a line
   that exists. Facts whose values are mutated but that still load evaluate, or raise
   `FactsError` (never KeyError, TypeError, ValueError...), and their report renders in
   every format. A longer campaign: `HYPOTHESIS_PROFILE=fuzz pytest tests/test_hostile.py`.
2. Limits. A plan or a facts file too large, a CSV table too long, a TOML file of too many
   entries and nesting too deep are each refused with a located error that names the limit,
   quickly, without recursion and in bounded memory; what is within the limits (a 1 MB
   text, a 10 MB plan of 13,000 tasks) works.
3. Plans are data. Quotes, backslashes, `__import__`, format fields, `${}`, Jinja, HTML and
   ANSI escapes in every text of a `.plan` file and of its facts come out verbatim (NFC)
   from parse, format, compile, evaluate, export and the JSON and TOML reports; the text
   and Markdown reports show them inert. Nothing is run and no file is written.
4. The file system is hostile too (links out of the tree, /proc, FIFOs, unreadable folders,
   names that are not UTF-8): tests/test_untrusted_paths.py, through the one guard `files.py`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import tomllib
import unicodedata
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import hang_guard

import planrules
from planrules import FactsError, PlanError, PlanLoadError, PlanSyntaxError, format, parse
from planrules.facts import limits as facts_load
from planrules.facts import csv_facts, toml_facts, toml_text
from planrules.facts import loader as facts_loader
from planrules.language import limits
from planrules.evaluation.compiler import compile
from planrules.reports.export import to_json as export_json
from planrules.reports.export import to_toml as export_toml
from planrules.facts.loader import CODES, load_facts, loads_facts
from planrules.reports.data import from_json, from_toml
from planrules.reports.render import FORMATS, render
from planrules.base.source import normalize

ROOT = Path(__file__).resolve().parents[1]
VU_DUONG = ROOT / "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"
CUC = ROOT / "plans/quoc-gia/bo-noi-vu/cuc-van-thu-luu-tru/kh-10-du.plan"

PLAN_SEEDS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "plans").rglob("*.plan"))] + [
    p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/fixtures").glob("*.plan"))
]
FACTS_SEEDS = [
    (p.name, p.read_text(encoding="utf-8"))
    for p in [*sorted(ROOT.glob("examples/*/facts.toml")), *sorted((ROOT / "tests/fixtures/facts").rglob("*.toml")),
              *sorted((ROOT / "tests/fixtures/facts/csv").glob("*.csv"))]
]
assert len(PLAN_SEEDS) >= 4 and len(FACTS_SEEDS) >= 9

# The ci profile's examples, a quarter of them for the slow properties; `fuzz` scales both.
FEWER = max(10, settings.default.max_examples // 4)
SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]

# ------------------------------------------------------------ mutations --

SPECIALS = [
    '"', '\\"', "\\", "{", "}", "(", ")", "[", "]", "[[", "]]", "=", ":", ",", ";", "#", "@", "%", "-", ".",
    "\n", "\r\n", "\r", "\t", "\x00", "\ufeff", "\u0301", "\u0323", "\u0300\u0301\u0302\u0303", "\u200f",
    "\u202e", "\u2066", "\u200b", "\u2028", "\x1b[31m", '"""', "'''", "'", "ấ", "Đ", "½", "≥", "\U0001f600",
    "\x7f", "\x85", "\ud7ff", "0", "31/02/2026", "2026-13-01", "99999999999999999999", "-1", "1/0", "%s",
    "{x}", "}}", "{{", "9" * 4400, "1e999999999", "0," + "1" * 150,
]
_pieces = st.one_of(st.sampled_from(SPECIALS), st.text(max_size=4))
_lengths = st.sampled_from([1, 2, 5, 20, 200])
_OPS = ["delete", "duplicate", "swap", "insert", "insert", "replace", "truncate", "lines", "nfd", "case"]


def _edit(draw, text: str) -> str:
    n = len(text)
    i = draw(st.integers(0, n))
    j = min(n, i + draw(_lengths))
    op = draw(st.sampled_from(_OPS))
    if op == "delete":
        return text[:i] + text[j:]
    if op == "duplicate":
        return text[:j] + text[i:j] + text[j:]
    if op == "swap":  # two neighbouring slices change places
        k = min(n, j + draw(_lengths))
        return text[:i] + text[j:k] + text[i:j] + text[k:]
    if op == "insert":
        return text[:i] + draw(_pieces) + text[i:]
    if op == "replace":
        return text[:i] + draw(_pieces) + text[j:]
    if op == "truncate":
        return text[:i]
    if op == "nfd":
        return text[:i] + unicodedata.normalize("NFD", text[i:j]) + text[j:]
    if op == "case":
        return text[:i] + text[i:j].swapcase() + text[j:]
    lines = text.split("\n")
    a, b = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
    lines[a], lines[b] = lines[b], lines[a]
    return "\n".join(lines)


@st.composite
def mutated(draw, seeds: list[str], window: int = 60) -> str:
    """A seed (or a window of its lines, which parses faster) with one to six random edits."""
    text = draw(st.sampled_from(seeds))
    lines = text.split("\n")
    if len(lines) > window and draw(st.booleans()):
        start = draw(st.integers(0, len(lines) - 1))
        text = "\n".join(lines[start : start + draw(st.integers(1, window))])
    for _ in range(draw(st.integers(1, 6))):
        text = _edit(draw, text)
    return text


@st.composite
def mutated_bytes(draw, seeds: list[str]) -> bytes:
    """Mutated text as UTF-8, with a few byte edits that may break the encoding."""
    data = draw(mutated(seeds)).encode("utf-8", "surrogatepass")
    for _ in range(draw(st.integers(0, 2))):
        i = draw(st.integers(0, len(data)))
        bad = draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\x00", b"\xe1\xba", b""]))
        data = data[:i] + bad + data[i + draw(st.integers(0, 2)) :]
    return data


# -------------------------------------------------------------- checks --


def assert_located(error: PlanError, name: str, text: str) -> None:
    """Every diagnostic of `error` is in file `name`, on a line of `text` that exists, at a column of it."""
    assert error.diagnostics, "an error without diagnostics"
    lines = normalize(text).split("\n")
    for d in error.diagnostics:
        assert d.span is not None, d
        assert d.span.file == name, d
        assert 1 <= d.span.line <= len(lines), (d, len(lines))
        assert 1 <= d.span.column <= len(lines[d.span.line - 1]) + 1, (d, lines[d.span.line - 1])
        assert d.render("en") and d.render("vi")
    assert error.render("en") and error.render("vi")


def parses_or_fails_cleanly(text: str, name: str = "fuzz.plan"):
    try:
        plan = parse(text, source=name)
    except PlanError as error:
        assert isinstance(error, (PlanSyntaxError, PlanLoadError)), type(error)
        assert_located(error, name, text)
        event("plan: PlanError")
        return None
    event("plan: parsed")
    return plan


def loads_or_fails_cleanly(text: str, name: str, **kwargs):
    try:
        facts = loads_facts(text, name, **kwargs)
    except FactsError as error:
        assert_located(error, name, text)
        assert all(d.code in CODES for d in error.diagnostics)
        event("facts: FactsError")
        return None
    event("facts: loaded")
    return facts


def evaluates_or_fails_cleanly(rules, facts, as_of: dt.date, lang: str) -> None:
    """`rules.evaluate(facts, as_of)` gives a report that renders in every format, or raises a FactsError."""
    try:
        report = rules.evaluate(facts, as_of)
    except FactsError as error:
        for d in error.diagnostics:
            assert d.span is None or d.span.line >= 1
            assert d.render(lang)
        event("evaluate: FactsError")
        return
    event("evaluate: report")
    for fmt in FORMATS:
        assert render(report, fmt, lang)
    assert from_json(render(report, "json")) == report
    assert from_toml(render(report, "toml")) == report


# ----------------------------------------------------------- 1. fuzzing --


@settings(max_examples=FEWER, suppress_health_check=SLOW_OK)
@given(mutated(PLAN_SEEDS))
def test_fuzz_mutated_real_plans(text):
    """The real plans, mutated, parse or raise a PlanError with every diagnostic on an existing line."""
    plan = parses_or_fails_cleanly(text)
    if plan is not None:
        assert parse(format(plan)) == plan


@settings(max_examples=FEWER, suppress_health_check=SLOW_OK)
@given(mutated_bytes(PLAN_SEEDS))
def test_fuzz_mutated_plan_files(tmp_path_factory, data):
    """A mutated plan file, bad bytes and all, loads or raises a PlanError located in that file."""
    path = tmp_path_factory.getbasetemp() / "fuzz.plan"
    path.write_bytes(data)
    try:
        planrules.load(path)
    except PlanError as error:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:  # placed by bytes: the line and column of the first bad byte
            (d,) = error.diagnostics
            lines = data.split(b"\n")
            assert d.code == "E001" and d.span.file == str(path)
            assert 1 <= d.span.line <= len(lines) and 1 <= d.span.column <= len(lines[d.span.line - 1]) + 1
        else:
            assert_located(error, str(path), text)


@given(st.text(st.characters(codec="utf-8"), max_size=300))
def test_fuzz_any_text_is_a_plan_or_a_located_error(text):
    parses_or_fails_cleanly(text)


@settings(suppress_health_check=SLOW_OK)
@given(st.sampled_from(FACTS_SEEDS).flatmap(lambda seed: st.tuples(st.just(seed[0]), mutated([seed[1]]))))
def test_fuzz_mutated_real_facts(named):
    """The real facts (TOML and CSV), mutated, load or raise a FactsError with every diagnostic located."""
    name, text = named
    loads_or_fails_cleanly(text, name)


@given(st.text(st.characters(codec="utf-8"), max_size=200), st.sampled_from(["f.toml", "counts.csv", "hội_nghị.csv"]))
def test_fuzz_any_text_is_facts_or_a_located_error(text, name):
    loads_or_fails_cleanly(text, name)


# Facts whose values are changed, most of which still load: the evaluation must cope.

TOML_VALUES = [
    "0", "-1", "1", "99999999999999999999999999999", "1e400", "-0.0", "nan", "inf", '"1/99999999999999999999999"',
    '"½"', '"0,5"', '"100%"', '"101%"', '"-5%"', "1900-01-01", "2200-12-31", "2028-02-29", '"29/02/2028"',
    "2026-01-01T00:00:00", "12:00:00", "true", "false", '""', '" "', "[]", "{}", '["x"]', '"x"', '"TT 1"', '"1"',
    '"2026-H2"', '"2026-Q5"', '"once"', "9" * 4400, "1e999999999", "1e-999999999", '"' + "9" * 150 + '"', '"{x} %s ${x} {{x}} <b>\\u001b[31m"', '"\\"); __import__(\'os\')"',
]
CSV_VALUES = [
    "", " ", "0", "-1", "99999999999999999999999999", "1/0", "1/99999999999999999", "½", "0,5", "100%", "x", "có",
    "không", "1900-01-01", "2200-12-31", "31/12/2200", "29/02/2027", '"a,b"', '"x\ny"', "TT 1", "2026-H1", "{x}%s", "9" * 4400, "1/" + "3" * 150, "²",
]
_ASSIGNMENT = re.compile(r'^(\s*(?:"[^"\n]*"|[\w.-]+)\s*=\s*)(.+?)\s*$')


@st.composite
def changed_facts(draw):
    """(name, text, plan) of real facts with a few values changed, lines duplicated or dropped."""
    name, text = draw(st.sampled_from(FACTS_SEEDS))
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 5))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["value", "value", "value", "duplicate", "drop"]))
        if op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "drop" and i > 0:
            del lines[i]
        elif name.endswith(".csv") and i > 0 and lines[i]:
            delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
            cells = lines[i].split(delimiter)
            cells[draw(st.integers(0, len(cells) - 1))] = draw(st.sampled_from(CSV_VALUES))
            lines[i] = delimiter.join(cells)
        elif (found := _ASSIGNMENT.match(lines[i])) and not lines[i].lstrip().startswith(("#", "[")):
            lines[i] = found[1] + draw(st.sampled_from(TOML_VALUES))
    return name, "\n".join(lines)


@pytest.fixture(scope="module")
def rulesets(library):
    return [compile(planrules.load(VU_DUONG), library), compile(planrules.load(CUC), library)]


AS_OF = st.one_of(st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)),
                  st.sampled_from([dt.date(1, 1, 1), dt.date(1900, 1, 1), dt.date(2030, 12, 31)]))


@settings(max_examples=FEWER, suppress_health_check=SLOW_OK)
@given(changed_facts(), AS_OF, st.sampled_from(["en", "vi"]))
def test_facts_that_load_evaluate_or_raise_facts_error(rulesets, named, as_of, lang):
    """Changed facts that load are evaluated or refused with a FactsError; the report renders in every format."""
    name, text = named
    for rules in rulesets:
        facts = loads_or_fails_cleanly(text, name, vocabulary=rules.vocabulary)
        if facts is not None:
            evaluates_or_fails_cleanly(rules, facts, as_of, lang)


PAIRED = [(VU_DUONG, ROOT / "examples/vu-duong/facts.toml"), (CUC, ROOT / "examples/cuc-van-thu-luu-tru/facts.toml")]


@st.composite
def mutated_paired_plans(draw):
    """(plan text with one to three edits, its facts file): a whole real plan, so that it may still compile."""
    plan, facts = draw(st.sampled_from(PAIRED))
    text = plan.read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 3))):
        text = _edit(draw, text)
    return text, facts


@pytest.fixture(scope="module")
def library():
    return planrules.load_dir(ROOT / "plans")


@settings(max_examples=FEWER, suppress_health_check=SLOW_OK)
@given(mutated_paired_plans(), AS_OF, st.sampled_from(["en", "vi"]))
def test_mutated_plans_that_parse_compile_and_evaluate_or_fail_cleanly(library, paired, as_of, lang):
    """A mutated real plan that parses compiles or raises a PlanError; its rules judge its facts or raise FactsError."""
    text, facts_path = paired
    plan = parses_or_fails_cleanly(text)
    if plan is None:
        return
    try:
        rules = compile(plan, library)
    except PlanError as error:
        assert all(d.render(lang) for d in error.diagnostics)
        event("compile: PlanError")
        return
    event("compile: rules")
    assert export_toml(rules) and export_json(rules)
    try:
        facts = load_facts(facts_path, vocabulary=rules.vocabulary)
    except FactsError:
        event("facts: FactsError")
        return
    evaluates_or_fails_cleanly(rules, facts, as_of, lang)


# ------------------------------------------------------------ 2. limits --


def test_a_plan_over_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    """A plan larger than MAX_PLAN_BYTES is refused with E001 naming the limit, from text or from a file."""
    big = tmp_path / "big.plan"
    with big.open("wb") as file:  # sparse: the size is there, the bytes are not, and none is read
        file.truncate(limits.MAX_PLAN_BYTES + 1)
    with hang_guard(), pytest.raises(PlanLoadError) as error:
        planrules.load(big)
    (d,) = error.value.diagnostics
    assert d.code == "E001" and (d.span.file, d.span.line) == (str(big), 1)
    assert f"larger than {limits.MAX_PLAN_BYTES} bytes" in d.render("en") and "mức tối đa" in d.render("vi")
    with pytest.raises(PlanLoadError, match="larger than"):
        parse("#" * (limits.MAX_PLAN_BYTES + 1))
    with pytest.raises(PlanLoadError):  # counted in UTF-8 bytes, not characters
        parse("#" + "ấ" * (limits.MAX_PLAN_BYTES // 3 + 1))
    monkeypatch.setattr(limits, "MAX_PLAN_BYTES", 100)
    with pytest.raises(PlanLoadError):
        parse('kế hoạch: "' + "x" * 100 + '"\n')
    assert parse('kế hoạch: "x"\n').number == "x"


TASK = '''nhiệm vụ TT {n} @1 {{
    nội dung: "Tổ chức quán triệt, triển khai thực hiện nghiêm túc nội dung kết luận số {n}"
    chủ trì: phòng_vhxh
    thời hạn: trước 31/12/2026
}}
'''


def test_a_large_plan_parses_and_one_error_at_its_end_is_found_quickly():
    """A 1 MB plan of 6,000 tasks parses (about 1 s; 10 MB in about 8 s); an error at its end costs two parses."""
    head = VU_DUONG.read_text(encoding="utf-8")
    text = head + "".join(TASK.format(n=n) for n in range(1000, 7000))
    assert len(text.encode()) > 1_000_000
    plan = parse(text)
    assert len(plan.tasks) > 6000 and plan.tasks[-1].content.endswith("6999")
    with pytest.raises(PlanSyntaxError) as error:
        parse(text + "}\n")
    (d,) = error.value.diagnostics
    assert d.span.line == text.count("\n") + 1


# The peak memory of the process running it, in kB, for scripts run in a fresh interpreter: VmHWM on
# Linux (ru_maxrss would keep the high-water mark of the process that started it, across exec).
PEAK = ("def peak():\n    import re, resource\n    try:\n        with open('/proc/self/status') as status:\n"
        "            return int(re.search(r'VmHWM:\\s*(\\d+)', status.read())[1])\n"
        "    except (OSError, TypeError):\n        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n")


def _ten_megabyte_plan() -> tuple[str, int]:
    """The Vũ Dương plan with its appendix (TT 1-11: targets, deadlines, events) repeated to 10 MB, renumbered."""
    text = VU_DUONG.read_text(encoding="utf-8")
    cut = text.index("# PHỤ LỤC")
    appendix = text[cut:]
    copies = -(-10_000_000 // len(appendix.encode()))
    renumbered = (re.sub(r"nhiệm vụ TT (\d+)", lambda found: f"nhiệm vụ TT {int(found[1]) + 11 * k}", appendix)
                  for k in range(copies))
    return text[:cut] + "".join(renumbered), 6 + 11 * copies  # V.1-1 ... V-1, then the tasks of the appendix


@pytest.mark.slow
def test_a_ten_megabyte_plan_parses_and_is_checked_in_bounded_memory(tmp_path):
    """A 10 MB plan (13,547 tasks, 8,617 targets) loads and `check` gives its findings, in a fresh process.

    Costs about 6 s and 350 MB on one core (load 4 s, check 1 s); 10 MB of 46,000 one-line tasks
    (TASK above, repeated) parse in about 7 s at 570 MB. Marked `slow` (`-m "not slow"` leaves it
    out) but part of the normal suite. The peak memory is asserted below 1.5 GB.
    """
    text, tasks = _ten_megabyte_plan()
    path = tmp_path / "big.plan"
    path.write_text(text, encoding="utf-8")
    assert 10_000_000 <= path.stat().st_size <= limits.MAX_PLAN_BYTES
    script = PEAK + ("import json, sys, time\nimport planrules\nstarted = time.perf_counter()\n"
              "plan = planrules.load(sys.argv[1])\nparsed = time.perf_counter() - started\n"
              "findings = planrules.check(plan)\n"
              "print(json.dumps([len(plan.tasks), sum(len(t.targets) for t in plan.tasks), parsed,\n"
              "                  sorted({f.code for f in findings}), len(findings),\n"
              "                  sorted({f.span.file for f in findings if f.span}),\n"
              "                  peak()]))\n")
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stderr == "", done.stderr[-2000:]
    loaded, targets, parsed, codes, found, files, peak = json.loads(done.stdout)
    assert (loaded, targets) == (tasks, 7 * (tasks - 6) // 11)  # TT 2, 3, 8 and 10 have 7 targets
    assert set(codes) <= {"L401", "L402", "P503"} and files == [str(path)]
    from planrules.base.diagnostics import MAX_FINDINGS_PER_CODE  # findings are listed up to a cap per code and file

    assert len(codes) < found <= len(codes) * (MAX_FINDINGS_PER_CODE + 1)
    assert peak < 1536 * 1024, peak  # kB: 1.5 GB


def test_many_errors_stop_at_the_limit_with_a_located_note():
    """A file with thousands of broken statements reports MAX_ERRORS of them and where checking stopped."""
    text = 'đơn vị a "x"\n' * 5000
    with hang_guard(), pytest.raises(PlanSyntaxError) as error:
        parse(text, source="many.plan")
    found = error.value.diagnostics
    assert len(found) == limits.MAX_ERRORS + 1
    note = found[-1]
    assert note.severity is planrules.Severity.INFO and note.span.line == limits.MAX_ERRORS + 1
    assert note.render("en").startswith(f"many.plan:{limits.MAX_ERRORS + 1}:1: info[E100]: stopped after 100")
    assert_located(error.value, "many.plan", text)


def test_errors_inside_a_huge_broken_block_are_found_quickly():
    body = "".join(f'    nội dung "x{n}"\n' for n in range(3000))
    text = "nhiệm vụ TT 1 {\n" + body + "}\n"
    with hang_guard(), pytest.raises(PlanSyntaxError) as error:
        parse(text)
    assert len(error.value.diagnostics) == limits.MAX_ERRORS + 1


@pytest.mark.parametrize("text", [
    "{" * 10_000,
    "nhiệm vụ TT 1 " + "{" * 10_000 + "}" * 10_000,
    "bản ghi x " + "{" * 10_000 + "}" * 10_000,
    "chỉ tiêu: " + "(" * 10_000 + "số_hội_nghị" + ")" * 10_000 + " tối thiểu 1",
    "chỉ số m: " + "(" * 10_000 + "số lượng hội_nghị" + ")" * 10_000,
    "chỉ tiêu: (" * 10_000,
    "[" * 10_000 + "]" * 10_000,
    '"' * 10_000,
    "nhiệm vụ TT 1 {\n" * 10_000,
], ids=["braces", "task-braces", "record-braces", "parens", "metric-parens", "targets", "brackets", "quotes", "blocks"])
def test_nesting_ten_thousand_deep_in_a_plan_is_a_located_error(text):
    with hang_guard(), pytest.raises(PlanSyntaxError) as error:
        parse(text, source="deep.plan")
    assert_located(error.value, "deep.plan", text)


KEYS = ".".join(["a"] * 10_000)


@pytest.mark.parametrize("text, where", [
    (f"[[{KEYS}]]\n", (1, 3)),
    (f"[{KEYS}]\n", (1, 2)),
    (f"{KEYS} = 1\n", (1, 1)),
    ("x = " + "{a = " * 10_000 + "1" + "}" * 10_000 + "\n", (1, 161)),
    ("[units.vp]\nx = " + "{a = " * 10_000 + "1" + "}" * 10_000 + "\n", (2, 151)),
    ("x = " + "[" * 10_000 + "1" + "]" * 10_000 + "\n", (1, 37)),
    ("x = " + "[" * 10_000 + "\n", (1, 37)),
    ('[units."vp"]\n' + "\n".join(f'[units."vp".{".".join(["b"] * k)}]' for k in range(1, 40)) + "\n", (32, 2)),
    ("x = " + "[{a = " * 5_000 + "\n", (1, 5)),
], ids=["array-of-tables", "table", "dotted-key", "inline-tables", "inline-in-unit", "arrays", "open-arrays",
        "growing-tables", "arrays-of-inline-tables"])
def test_nesting_ten_thousand_deep_in_toml_is_a_located_error(text, where):
    """Deep TOML is refused where it passes MAX_DEPTH levels, before tomllib can recurse (F100)."""
    with hang_guard(), pytest.raises(FactsError) as error:
        loads_facts(text, "deep.toml")
    found = [d for d in error.value.diagnostics if d.message.key == "toml_too_deep"]
    assert len(found) == 1 and found[0].code == "F100"
    assert found[0].span.line == where[0] and found[0].span.column <= len(text.split("\n")[where[0] - 1])
    assert f"deeper than {facts_load.MAX_DEPTH} levels" in found[0].render("en")
    assert_located(error.value, "deep.toml", text)


def test_nesting_within_the_limit_is_read():
    text = '[units."vp".counts.x]\n' + "y = " + "[" * 20 + "1" + "]" * 20 + "\n"
    with pytest.raises(FactsError) as error:  # not facts, but read as TOML: the keys are what is wrong
        loads_facts(text)
    assert {d.code for d in error.value.diagnostics} == {"F120"}


def test_a_recursion_tomllib_meets_anyway_is_located(monkeypatch):
    """Were the scanner to miss some nesting, tomllib's RecursionError is still a located F100."""

    def recursing(*args, **kwargs):
        raise RecursionError

    monkeypatch.setattr(toml_text.tomllib, "loads", recursing)
    with pytest.raises(FactsError) as error:
        loads_facts("[facts]\n")
    (d,) = error.value.diagnostics
    assert d.code == "F100" and d.message.key == "toml_too_deep" and d.span.line >= 1


def _counts_csv(rows: int) -> str:
    return "unit,kind,year,count\n" + "vp,hội_nghị,2026,1\n" * rows


def test_a_csv_table_over_the_row_limit_is_refused_at_the_first_row_too_many(monkeypatch):
    monkeypatch.setattr(csv_facts, "MAX_CSV_ROWS", 1000)
    with pytest.raises(FactsError) as error:
        loads_facts(_counts_csv(1001), "counts.csv")
    (d,) = error.value.diagnostics
    assert (d.code, d.span.line) == ("F101", 1002)
    assert d.render("en").startswith('counts.csv:1002:1: error[F101]: table "counts" has more than 1000 rows')
    # exactly at the limit it loads (here: 1000 rows that repeat one count, F142)
    with pytest.raises(FactsError) as error:
        loads_facts(_counts_csv(1000), "counts.csv")
    assert {d.code for d in error.value.diagnostics} == {"F142"}
    # blank lines and a row over several lines (a quoted newline) are counted as rows are
    text = "unit,mã\n" + "".join(f"vp,a{n}\n\n" for n in range(999)) + 'vp,"x\ny"\n'
    assert len(loads_facts(text, "cán_bộ.csv").units[0].records) == 1000
    with pytest.raises(FactsError):
        loads_facts(text + "vp,z\n", "cán_bộ.csv")


def test_a_million_row_csv_is_refused_quickly(tmp_path):
    """1,000,000 rows (11 MB, under the size limit) are refused by a quick first pass, before a row is read."""
    path = tmp_path / "counts.csv"
    path.write_text("unit,kind,year,count\n" + "u,k,2026,1\n" * 1_000_000, encoding="utf-8")
    assert path.stat().st_size < facts_load.MAX_FACTS_BYTES
    with hang_guard(), pytest.raises(FactsError) as error:
        load_facts(path)
    (d,) = error.value.diagnostics
    assert (d.code, d.span.line) == ("F101", facts_load.MAX_CSV_ROWS + 2)
    assert f"more than {facts_load.MAX_CSV_ROWS} rows" in d.render("en")


def _toml_records(records: int) -> str:
    """A unit with `records` conferences of one key each: 3 + 2 × records entries (header, 2 keys, tables, ids)."""
    return '[units."vp"]\n"records" = { "hội_nghị" = [\n' + "".join(f'{{id="{n:x}"}},\n' for n in range(records)) + "] }\n"


def test_a_toml_file_over_the_entry_limit_is_refused_before_it_is_built(monkeypatch):
    """More than MAX_TOML_ENTRIES entries: F101 at the first one too many, found by the scanner before tomllib runs."""
    limit = facts_load.MAX_TOML_ENTRIES
    text = _toml_records(limit // 2)  # 3 entries too many: the first is the id of the last record but one
    built, loads = [], tomllib.loads
    monkeypatch.setattr(toml_text.tomllib, "loads", lambda *a, **k: built.append(1) or loads(*a, **k))
    with hang_guard(), pytest.raises(FactsError) as error:
        loads_facts(text, "many.toml")
    assert built == []  # never parsed by tomllib, nor read
    (d,) = error.value.diagnostics
    assert (d.code, d.span.line, d.span.column) == ("F101", limit // 2 + 1, 2)
    assert d.render("en").startswith(f"many.toml:{limit // 2 + 1}:2: error[F101]: many.toml has more than {limit} "
                                     "entries (keys, tables and array elements), the most a TOML facts file may have")
    assert "split it into several files" in d.render("en") and "docs/sql.md" in d.render("en")
    assert f"có hơn {limit} mục" in d.render("vi") and "tách thành nhiều tệp" in d.render("vi")
    # exactly at the limit it loads (a smaller limit, to stay fast)
    monkeypatch.setattr(toml_facts, "MAX_TOML_ENTRIES", 3 + 2 * 500)
    assert len(loads_facts(_toml_records(500)).units[0].records) == 500
    with pytest.raises(FactsError, match="more than 1003 entries"):
        loads_facts(_toml_records(500) + "[facts]\n")
    # keys alone count too (a 16 MB file of `k1=1` lines once took 66 s and 3.3 GB); a file refused
    # is refused whole: its 1,003 bare keys before the limit are not reported each (F107)
    with pytest.raises(FactsError) as error:
        loads_facts("".join(f"ngày{n} = 1\n" for n in range(1004)), "keys.toml")
    (d,) = error.value.diagnostics
    assert (d.code, d.span.line) == ("F101", 1004)


def test_the_entry_limit_holds_where_the_scanner_stops_early(monkeypatch):
    """Should the place scanner stop before the end, what tomllib built is counted instead (placed at 1:1)."""
    def stops(self):
        raise toml_text._Stop
    monkeypatch.setattr(toml_text.TomlScan, "_document", stops)
    monkeypatch.setattr(toml_facts, "MAX_TOML_ENTRIES", 4 + 2 * 50)  # units, vp, records, hội_nghị, tables, ids
    assert len(loads_facts(_toml_records(50)).units[0].records) == 50
    with pytest.raises(FactsError) as error:
        loads_facts(_toml_records(51), "many.toml")
    (d,) = error.value.diagnostics
    assert (d.code, d.span.line, d.span.column, d.message.key) == ("F101", 1, 1, "too_many_entries")


def test_a_million_record_toml_file_is_refused_quickly_in_bounded_memory(tmp_path):
    """1,000,000 records (13 MB, under the size limit) once cost 14 s and 1.5 GB; now about 1 s and 190 MB."""
    path = tmp_path / "million.toml"
    path.write_text(_toml_records(1_000_000), encoding="utf-8")
    assert path.stat().st_size < facts_load.MAX_FACTS_BYTES
    script = PEAK + ("import sys\nfrom planrules import FactsError, load_facts\ntry:\n    load_facts(sys.argv[1])\n"
              "except FactsError as error:\n    print(error.diagnostics[0].render('en').splitlines()[0])\n"
              "print(peak())\n")
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True,
                          timeout=120)  # a hang guard; bench/bounds.py measures the time
    first, peak = done.stdout.splitlines()
    assert "error[F101]" in first and f"more than {facts_load.MAX_TOML_ENTRIES} entries" in first
    assert int(peak) < 400 * 1024, peak  # kB


def test_a_facts_file_over_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    big = tmp_path / "big.toml"
    with big.open("wb") as file:
        file.truncate(facts_load.MAX_FACTS_BYTES + 1)
    with pytest.raises(FactsError) as error:
        load_facts(big)
    (d,) = error.value.diagnostics
    assert d.code == "F101" and d.span.file == str(big)
    assert f"larger than {facts_load.MAX_FACTS_BYTES} bytes" in d.render("en")
    monkeypatch.setattr(facts_loader, "MAX_FACTS_BYTES", 50)
    with pytest.raises(FactsError, match="larger than 50 bytes"):
        loads_facts('[facts]\nperiod = { from = 2025-01-01, to = 2026-12-31 }\n')
    (tmp_path / "ok.toml").write_text("[facts]\n", encoding="utf-8")
    assert load_facts(tmp_path / "ok.toml").units == ()


MEGA = "Nội dung dài: “trích dẫn”, \\ và \" —" * 27_000 + "."  # over 1 MB of UTF-8


def test_a_one_megabyte_text_in_a_plan():
    assert len(MEGA.encode()) > 1_000_000
    escaped = MEGA.replace("\\", "\\\\").replace('"', '\\"')
    text = f'nhiệm vụ TT 1 {{\n    nội dung: "{escaped}"\n}}\n'
    plan = parse(text)
    assert plan.tasks[0].content == MEGA
    assert parse(format(plan)) == plan


def test_a_one_megabyte_text_in_facts():
    record = {"units": {"vp": {"records": {"cán_bộ": [{"mã": MEGA + "\n" + MEGA}]}}}}
    facts = loads_facts(tomli_w.dumps(record))
    assert facts.units[0].records[0].get("mã") == MEGA + "\n" + MEGA
    out = io.StringIO()
    csv.writer(out).writerows([["unit", "mã"], ["vp", MEGA + "\n" + MEGA]])
    facts = loads_facts(out.getvalue(), "cán_bộ.csv")  # a CSV cell is stripped: MEGA has no space at its ends
    assert facts.units[0].records[0].get("mã") == MEGA + "\n" + MEGA


D = "9" * 5000  # more digits than Python reads (4300), far more than MAX_DIGITS


@pytest.mark.parametrize("text", [
    f"chỉ tiêu: số_hội_nghị tối thiểu {D}\n",
    f"chỉ tiêu: số_hội_nghị tối thiểu 1,{D}\n",
    f"chỉ tiêu: số_hội_nghị tối thiểu {D}/3 ngày\n",
    f"chỉ tiêu: số_hội_nghị tối thiểu 1 trong năm {D}\n",
    f'đơn vị a @{D}: "x"\n',
    f"nhiệm vụ TT {D} {{\n}}\n",
    f"nhiệm vụ TT 1 {{\n    thời hạn: trước ngày {D} hằng tháng\n}}\n",
    f"nhiệm vụ TT 1 {{\n    thời hạn: quý I {D} và cuối năm {D}\n}}\n",
], ids=["integer", "decimal", "fraction", "year", "source", "row", "day", "years"])
def test_a_number_too_long_in_a_plan_is_a_located_error(text):
    """Numbers of more than MAX_DIGITS digits are E101 (Python itself refuses to read 4300), one error each."""
    with pytest.raises(PlanSyntaxError) as error:
        parse(text, source="n.plan")
    assert_located(error.value, "n.plan", text)
    assert {d.code for d in error.value.diagnostics} == {"E101"}
    assert all(d.message.key == "too_many_digits" for d in error.value.diagnostics)
    assert re.search(r"50\d\d digits, more than the 100 a number may have", error.value.render("en"))
    assert parse("chỉ tiêu: số_hội_nghị tối thiểu " + "9" * limits.MAX_DIGITS + "\n").body[0].threshold.value


@pytest.mark.parametrize("name, text", [
    ("f.toml", f'[[units.vp.counts]]\nkind = "hội_nghị"\nyear = 2026\ncount = {D}\n'),
    ("f.toml", f'[[units.vp.counts]]\nkind = "hội_nghị"\nyear = 2026\ncount = {D[:200]}\n'),
    ("f.toml", f'[[units.vp.records."hội_nghị"]]\nid = {D}\n'),
    ("f.toml", f'[[units.vp.values]]\nmetric = "số_hội_nghị"\nyear = 2026\nvalue = "{D}/1"\n'),
    ("f.toml", f'[[units.vp.values]]\nmetric = "số_hội_nghị"\nyear = 2026\nvalue = 1.{D}\n'),
    ("f.toml", '[[units.vp.values]]\nmetric = "số_hội_nghị"\nyear = 2026\nvalue = 1e999999999\n'),
    ("f.toml", '[[units.vp.values]]\nmetric = "số_hội_nghị"\nyear = 2026\nvalue = 1e-999999999\n'),
    ("f.toml", f'[[units.vp.records."hội_nghị"]]\n"thời_lượng" = "0,{D}"\n'),
    ("f.toml", f'[[units.vp.deliveries]]\ntask = "TT 1"\ndate = 2026-01-01\ndeadline = "{D}"\n'),
    ("counts.csv", f"unit,kind,year,count\nvp,hội_nghị,{D},{D}\n"),
    ("values.csv", f"unit,metric,year,value\nvp,số_hội_nghị,2026,{D}%\n"),
    ("hội_nghị.csv", f"unit,thời_lượng\nvp,{D}/7\n"),
], ids=["count", "count-200", "id", "fraction", "decimal", "exponent", "negative-exponent", "days", "deadline", "csv-count",
        "csv-value", "csv-days"])
def test_a_number_too_long_in_facts_is_a_located_error(name, text):
    """Never a ValueError from int(), nor 10**999999999 computed for 1e999999999: F120 naming the limit, quickly."""
    with hang_guard(), pytest.raises(FactsError) as error:
        loads_facts(text, name)
    assert_located(error.value, name, text)
    assert [d.message.key for d in error.value.diagnostics if d.code == "F120"][:1] == ["number_too_long"]
    assert f"more than the {facts_load.MAX_DIGITS} a number may have" in error.value.render("en")


def test_a_deadline_in_other_digits_is_a_label():
    """"²" is a digit to str.isdigit but no number to int(): a deadline label, not a crash."""
    facts = loads_facts('[[units.vp.deliveries]]\ntask = "TT 1"\ndate = 2026-01-01\ndeadline = "²"\n')
    assert facts.units[0].deliveries[0].deadline == "²"
    assert loads_facts('[[units.vp.deliveries]]\ntask = "TT 1"\ndate = 2026-01-01\ndeadline = "٣"\n'
                       ).units[0].deliveries[0].deadline == "3"


# ---------------------------------------------------- 3. plans are data --

HOSTILE = [
    "\"); __import__('os').system('touch PWNED') #",
    "{x} {0} {__class__} %s %(x)s %d ${x} $(touch PWNED) `touch PWNED` {{ x }} {% if x %}",
    "<script>alert(1)</script> <b onmouseover=x>&amp; [link](javascript:alert(1)) ![i](x)",
    "\x1b[31mđỏ\x1b[0m \x1b]0;title\x07 \x1b[2J \x07 \x00 \x7f",
    "back\\slash \\\" \\n \\\\ '\"' ''' \"\"\" # @1: } { ; -- /* */",
    unicodedata.normalize("NFD", "Tiếng Việt tổ hợp: ế ộ ữ Đ") + " \u202eRTL\u202c \u200b ½ ≥ \U0001f600",
]
EVERYTHING = " | ".join(HOSTILE)
# The plan number, plan names in `cấp trên` and `thực hiện`, and source documents name files and
# plans: they hold no control characters, which are refused in text reports' clause lines anyway.
NAMING = "".join(ch for ch in EVERYTHING if unicodedata.category(ch) != "Cc")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hostile_plan(h: str, number: str) -> str:
    q, n = _quoted(h), _quoted(number)
    return f"""# {h}
kế hoạch: {n}
tiêu đề: {q}
cơ quan ban hành: {q}
địa điểm: {q}
ngày ban hành: 04/06/2026
người ký: {q}
chức vụ: {q}
nơi nhận: {q}, {q}
văn bản gốc: {n}
cấp trên: {n}

căn cứ {n} ngày 11/12/2025 @{n}:7: {q}
đơn vị vp @1: {q}
đơn vị vhxh: {q}
vai trò người_đứng_đầu: {q}
nhóm các_đơn_vị: {q} = tất cả
sự kiện chỉ_đạo: {q}

bản ghi hồ_sơ_x {q} {{
    ngày {q}: ngày tháng
    loại {q}: một trong a {q}, b {q}
    trực_tuyến {q}: có hoặc không
    ghi_chú {q}: chuỗi
}}

chỉ số tỷ_lệ_x {q}: tỷ lệ hồ_sơ_x có trực_tuyến

mục I @1: {q}
đoạn I-1: {q}
chỉ tiêu I-1: tỷ_lệ_x tối thiểu 60% hằng năm

nhiệm vụ TT 1 @{n}:3-4 {{
    nội dung: {q}
    chủ trì: vp
    sản phẩm: {q}
    thời hạn {q}: trước 31/12/2026
    thực hiện: {n} TT 2
    chỉ tiêu: tỷ_lệ_x tối thiểu 50% hằng năm
}}

nhiệm vụ TT 2 {{
    nội dung: {q}
    chủ trì: vhxh
    thời hạn: sau khi chỉ_đạo
}}
"""


def hostile_facts(h: str) -> dict:
    day = dt.date(2026, 3, 2)
    rows = [{"id": f"{h} {i}", "ngày": day, "loại": "a", "trực_tuyến": i == 0, "ghi_chú": h} for i in range(3)]
    return {
        "events": [{"event": "chỉ_đạo", "date": dt.date(2026, 5, 1), "unit": "vhxh"}],
        "units": {
            "vp": {"records": {"hồ_sơ_x": rows}, "deliveries": [{"task": "TT 1", "deadline": h, "date": day}]},
            "vhxh": {"records": {"hồ_sơ_x": [{**rows[0], "id": h}]}},
        },
    }


def _strings(data) -> list[str]:
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(data, list):
        return [s for v in data for s in _strings(v)]
    return [data] if isinstance(data, str) else []


@pytest.fixture
def nothing_runs(tmp_path, monkeypatch):
    """A clean working folder, and every way of running a program refused: whatever runs fails the test."""
    monkeypatch.chdir(tmp_path)

    def refuse(*args, **kwargs):
        raise AssertionError(f"something tried to run: {args!r}")

    for name in ("system", "popen", "execv", "execve", "execvp", "spawnv", "posix_spawn", "startfile"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, refuse)
    monkeypatch.setattr(subprocess, "Popen", refuse)
    yield tmp_path
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.csv", "facts.toml", "plan.plan"]


@pytest.mark.parametrize("h", [*HOSTILE, EVERYTHING], ids=[*(f"h{i}" for i in range(len(HOSTILE))), "all"])
def test_hostile_text_in_a_plan_and_its_facts_is_data_everywhere(nothing_runs, h):
    folder = nothing_runs
    number = NAMING
    want, want_number = normalize(h), normalize(number)
    (folder / "plan.plan").write_text(hostile_plan(h, number), encoding="utf-8")

    # parse: every text verbatim, in NFC
    plan = planrules.load(folder / "plan.plan")
    task = plan.tasks[0]
    assert (plan.number, plan.source_text, plan.parents) == (want_number, want_number, (want_number,))
    assert [plan.title, plan.issuer, plan.place, plan.signer, plan.signer_title] == [want] * 5
    assert plan.recipients == (want, want)
    assert (task.content, task.deliverable, task.deadlines[0].label) == (want, want, want)
    assert task.source.document == want_number and task.implements[0].plan == want_number
    assert plan.preamble[0].text == want.strip() or "\n" in h
    labels = [s.label for s in plan.body if hasattr(s, "label") and isinstance(s.label, str)]
    assert labels and set(labels) == {want}
    # format: the same plan back, in either language
    for lang in ("vi", "en"):
        assert parse(format(plan, lang)) == plan

    rules = compile(plan)
    exported = [tomllib.loads(export_toml(rules)), json.loads(export_json(rules))]
    for data in exported:
        assert data["plan"] == want_number and data["title"] == want
        assert data["deadlines"][0]["label"] == want and data["deadlines"][0]["document"] == want_number
        assert want in _strings(data)

    # facts with the hostile text in ids, a text field and a deadline label, from TOML and from CSV
    document = hostile_facts(h)
    (folder / "facts.toml").write_text(tomli_w.dumps(document), encoding="utf-8")
    facts = load_facts(folder / "facts.toml", vocabulary=rules.vocabulary)
    records = facts.unit("vp").records
    assert [r.id for r in records] == [f"{want} {i}" for i in range(3)] and records[0].get("ghi_chú") == want
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["unit", "id", "ngày", "loại", "trực_tuyến", "ghi_chú"])
    writer.writerows([["vp", r["id"], r["ngày"].isoformat(), "a", "có" if r["trực_tuyến"] else "không", h]
                      for r in document["units"]["vp"]["records"]["hồ_sơ_x"]])
    (folder / "facts.csv").write_text(out.getvalue(), encoding="utf-8")
    from_csv = load_facts(folder / "facts.csv", vocabulary=rules.vocabulary, table="hồ_sơ_x")
    assert [(r.id, r.values) for r in from_csv.unit("vp").records] == [(r.id, r.values) for r in records]

    report = rules.evaluate(facts, dt.date(2026, 12, 31))
    assert report.title == want and report.plan == want_number
    delivered = [v for v in report.verdicts if v.rule == "TT 1@1"]
    assert delivered and delivered[0].label == want and delivered[0].status is planrules.Status.MET
    assert any(want + " 0" in v.records for v in report.verdicts)
    # JSON and TOML: verbatim, and read back equal
    assert from_json(render(report, "json")) == report and from_toml(render(report, "toml")) == report
    assert want in _strings(json.loads(render(report, "json"))) and want in _strings(tomllib.loads(render(report, "toml")))
    # text and Markdown: inert (no control character a terminal obeys, no HTML, no link)
    for lang in ("en", "vi"):
        text, md = render(report, "text", lang), render(report, "md", lang)
        for shown in (text, md):
            assert not any(unicodedata.category(c) == "Cc" and c not in "\n" for c in shown)
        assert "<script" not in md and "<b " not in md and not re.search(r"(?<!\\)\]\(javascript", md)
        visible = "".join(c for c in want if unicodedata.category(c) != "Cc").split()
        assert " ".join(visible[:2]) in " ".join(text.split())


def test_format_fields_in_names_are_not_formatted():
    """A name with {x} or %s in facts reaches messages as it is: str.format is never applied to it."""
    with pytest.raises(FactsError) as error:
        compile(planrules.load(VU_DUONG)).evaluate(
            loads_facts('[units."{x}{0}%s${x}"]\nmember_of = ["{g}"]\n'),
        )
    rendered = error.value.render("vi")
    assert "đơn vị {x}{0}%s${x} không có trong kế hoạch" in rendered and "{g} (trong member_of" in rendered
    with pytest.raises(FactsError) as error:
        loads_facts('[units.vp]\n[[units.vp.counts]]\nkind = "{y} %(x)s"\nyear = 2026\ncount = 1\n')
    assert '"{y} %(x)s"' in error.value.render("en")


def test_a_facts_origin_naming_a_device_is_not_read():
    """A diagnostic shows the line of the facts file it names, but never reads a device or a huge file."""
    rules = compile(planrules.load(VU_DUONG))
    facts = loads_facts('[units."không_có"]\n', "/dev/zero")
    with hang_guard(), pytest.raises(FactsError) as error:
        rules.evaluate(facts, dt.date(2026, 12, 31))
    assert error.value.diagnostics[0].code == "F201"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths")
def test_the_command_line_reads_hostile_plans_as_data(tmp_path):
    """`planrules check`, `eval` and `export` on the hostile plan: no program run, no file written."""
    plan, facts = tmp_path / "plan.plan", tmp_path / "facts.toml"
    plan.write_text(hostile_plan(EVERYTHING, NAMING), encoding="utf-8")
    facts.write_text(tomli_w.dumps(hostile_facts(EVERYTHING)), encoding="utf-8")
    before = sorted(tmp_path.iterdir())
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for args in (["check", str(plan), "--format", "json"], ["export", str(plan), "--format", "json"],
                 ["eval", str(plan), "--facts", str(facts), "--as-of", "2026-12-31", "--format", "json"]):
        done = subprocess.run([sys.executable, "-m", "planrules", *args], capture_output=True, cwd=tmp_path,
                              env=env, timeout=120)
        assert done.returncode in (0, 1), done.stderr.decode()
        assert normalize(EVERYTHING) in _strings(json.loads(done.stdout)) or args[0] == "check"
    assert sorted(tmp_path.iterdir()) == before


def test_the_hang_guard_fails_a_block_that_runs_past_its_limit():
    """The guard the tests above rely on does stop a block (here, a sleep) and raise."""
    import time

    from conftest import Hung

    with pytest.raises(Hung, match="within 0.2 s"), hang_guard(0.2):
        time.sleep(5)


# Register files (*.units.csv, *.units.toml): the same readers, the same promise.

from planrules.facts.register_files import loads_register  # noqa: E402
from planrules.strategies.registers import register_csv, register_toml, registers  # noqa: E402

REGISTER_SEEDS = [(p.name, p.read_text(encoding="utf-8"))
                  for p in sorted([*ROOT.glob("plans/**/*.units.*"), *ROOT.glob("examples/**/*.units.*")])
                  if p.name.endswith((".units.csv", ".units.toml"))]


def registers_or_fail_cleanly(text: str, name: str):
    try:
        register = loads_register(text, name)
    except FactsError as error:
        assert_located(error, name, text)
        assert all(d.code in CODES for d in error.diagnostics)
        event("register: FactsError")
        return None
    event("register: read")
    return register


@settings(suppress_health_check=SLOW_OK)
@given(st.one_of(
    st.sampled_from(REGISTER_SEEDS or [("r.units.csv", "unit\nx\n")]),
    registers().map(lambda r: ("r.units.csv", register_csv(r))),
    st.tuples(registers(), st.randoms(use_true_random=False)).map(lambda p: ("r.units.toml", register_toml(*p))),
).flatmap(lambda seed: st.tuples(st.just(seed[0]), mutated([seed[1]]))))
def test_fuzz_mutated_registers(named):
    """Register files, real and drawn, mutated: a register or a FactsError with every diagnostic located."""
    registers_or_fail_cleanly(named[1], named[0])


@given(st.text(st.characters(codec="utf-8"), max_size=200), st.sampled_from(["r.units.toml", "r.units.csv"]))
def test_fuzz_any_text_is_a_register_or_a_located_error(text, name):
    registers_or_fail_cleanly(text, name)
