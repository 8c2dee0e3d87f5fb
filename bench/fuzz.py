"""A long fuzz campaign over every entry point planrules reads untrusted input through.

The Hypothesis properties in tests/test_hostile.py run a few hundred examples per test in the
suite; this script runs the same promise — whatever the bytes, nothing but `PlanError` or
`FactsError` comes out, and every report renders — at the scale of a million inputs, across
processes, with a fixed seed so that a finding can be replayed:

    python3 bench/fuzz.py --inputs 1000000 --jobs 2 --seed 1
    python3 bench/fuzz.py --replay fuzz-findings/plan_text-123456.txt   # one saved input again

Entry points (weights say how often each is drawn; the slow ones less often):

| entry | what is fed | the promise |
| --- | --- | --- |
| plan_text | a window of a real plan's lines, one to six edits | parse -> PlanError, or a plan that formats and re-parses equal |
| plan_file | the same as bytes in a file (bad UTF-8, BOM, NUL) | load -> PlanError |
| plan_compile | a whole real plan, one to three edits | parse, compile, evaluate its sample facts, render -> PlanError / FactsError |
| toml_facts, csv_facts | real facts files, edited | loads_facts -> FactsError; facts that load evaluate and render |
| mapping | a mapping file, edited | loads_mapping -> FactsError |
| scenario | a scenario file, edited, beside its plan | scenarios.load and run_file -> PlanError (ScenarioError) / FactsError |
| codec | a cache entry (an encoded plan), edited | codec.decode -> CodecError |
| duckdb, parquet | the sample facts written as tables, one cell set to a hostile value | open_source and evaluate -> FactsError |
| postgres | the same in a fresh schema of the server $PLANRULES_TEST_POSTGRES names (left out without one) | the same |
| document | Vũ Dương's assignment table exported to Word or Excel, one XML part of the package edited | import -> DocumentError, or a draft that parses |

Every other exception is a finding: its input is saved under --out (at most --keep of each
kind) with the traceback, and the run ends with a table of inputs, findings and inputs per
second for each entry point. Inputs slower than --slow seconds are counted (and saved) too.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import hashlib
import io
import multiprocessing
import os
import random
import sys
import tempfile
import time
import traceback
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import planrules  # noqa: E402
from planrules import FactsError, PlanError  # noqa: E402

VU_DUONG = ROOT / "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"
CUC = ROOT / "plans/quoc-gia/bo-noi-vu/cuc-van-thu-luu-tru/kh-10-du.plan"
PAIRED = ((VU_DUONG, ROOT / "examples/vu-duong/facts.toml"), (CUC, ROOT / "examples/cuc-van-thu-luu-tru/facts.toml"))
AS_OF = (dt.date(2026, 11, 30), dt.date(2026, 12, 31), dt.date(2025, 1, 1), dt.date(2027, 6, 30), dt.date(1, 1, 1))

PIECES = (
    '"', '\\"', "\\", "\\n", "\\u0041", "{", "}", "(", ")", "[", "]", "[[", "]]", "=", ":", ",", ";", "#", "@", "%",
    "-", ".", "\n", "\r\n", "\r", "\t", "\x00", "\ufeff", "\u0301", "\u0323", "\u200f", "\u202e", "\u200b",
    "\u2028", "\x1b[31m", '"""', "'''", "'", "ấ", "Đ", "½", "≥", "\U0001f600", "\x7f", "\x85", "0", "31/02/2026",
    "2026-13-01", "99999999999999999999", "-1", "1/0", "%s", "{x}", "9" * 4400, "1e999999999", "0," + "1" * 150,
    "/proc/self/environ", "../../../../etc/passwd", "nan", "inf", "-0", "true", "1e308", "x" * 3000,
)
BAD_BYTES = (b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\x00", b"\xe1\xba", b"")
HOSTILE_CELLS = (
    None, "", " ", "\x00", "9" * 5000, "1/" + "7" * 5000, "-1", "NaN", "1e999999999", "31/02/2026", "0000-00-00",
    "\u202e", "x" * 100_000, "'; DROP TABLE x; --", "$1", "%s", "\\", "ấ\u0301", "2026-02-29",
)


# ------------------------------------------------------------------ mutations --

def edit(rng: random.Random, text: str) -> str:
    """One random edit: a slice deleted, duplicated, swapped, replaced; a piece inserted; lines swapped."""
    n = len(text)
    i = rng.randint(0, n)
    j = min(n, i + rng.choice((1, 2, 5, 20, 200)))
    op = rng.choice(("delete", "duplicate", "swap", "insert", "insert", "replace", "truncate", "lines", "nfd", "case"))
    if op == "delete":
        return text[:i] + text[j:]
    if op == "duplicate":
        return text[:j] + text[i:j] + text[j:]
    if op == "swap":
        k = min(n, j + rng.choice((1, 5, 20)))
        return text[:i] + text[j:k] + text[i:j] + text[k:]
    if op in ("insert", "replace"):
        piece = rng.choice(PIECES) if rng.random() < 0.8 else "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(3))
        return text[:i] + piece + (text[i:] if op == "insert" else text[j:])
    if op == "truncate":
        return text[:i]
    if op == "nfd":
        return text[:i] + unicodedata.normalize("NFD", text[i:j]) + text[j:]
    if op == "case":
        return text[:i] + text[i:j].swapcase() + text[j:]
    lines = text.split("\n")
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return "\n".join(lines)


def mutated(rng: random.Random, seeds: list[str], window: int = 40, edits: int = 6) -> str:
    text = rng.choice(seeds)
    lines = text.split("\n")
    if len(lines) > window and rng.random() < 0.7:
        start = rng.randrange(len(lines))
        text = "\n".join(lines[start : start + rng.randint(1, window)])
    for _ in range(rng.randint(1, edits)):
        text = edit(rng, text)
    return text


def mutated_bytes(rng: random.Random, seeds: list[str]) -> bytes:
    data = mutated(rng, seeds).encode("utf-8", "surrogatepass")
    for _ in range(rng.randint(0, 2)):
        i = rng.randint(0, len(data))
        data = data[:i] + rng.choice(BAD_BYTES) + data[i + rng.randint(0, 2) :]
    return data


# ---------------------------------------------------------------- the world --

class World:
    """What every entry point needs, built once per worker process."""

    def __init__(self, scratch: Path):
        self.scratch = scratch
        self.described = ""  # what a table input changed: the input saved with a finding
        self.plans = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "plans").rglob("*.plan"))]
        self.plans += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/fixtures").rglob("*.plan"))]
        self.toml = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("examples/*/facts.toml"))]
        self.toml += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/fixtures/facts").rglob("*.toml"))]
        self.csv = [(p.name, p.read_text(encoding="utf-8"))
                    for p in sorted((ROOT / "tests/fixtures/facts").rglob("*.csv"))]
        self.mappings = _toml_blocks(ROOT / "docs" / "sql.md", "mapping")
        self.registers = _register_seeds()
        self.scenarios = _scenario_copies(scratch)
        self.library = planrules.load_dir(ROOT / "plans")
        self.rules = [planrules.compile(planrules.load(plan), self.library) for plan, _ in PAIRED]
        self.facts = [planrules.load_facts(facts, vocabulary=rules.vocabulary)
                      for (_, facts), rules in zip(PAIRED, self.rules)]
        from planrules.language import codec
        self.entries = [codec.encode(planrules.parse(text, source="x.plan")) for text in self.plans[:4]]
        self.tables = _tables()


def _tables() -> dict[str, dict[str, bytes]]:
    """Vũ Dương's tasks as its assignment table, a Word document and an Excel workbook: each package's parts."""
    from planrules.documents.assignment import assignment_table
    from planrules.documents.docx_table import write_table as write_docx
    from planrules.documents.xlsx_table import write_table as write_xlsx
    from planrules.language import model as m

    plan = planrules.load(VU_DUONG)
    table = assignment_table(plan, {s.name: s.label for s in plan.body if isinstance(s, m.Unit)}.get).table
    out = {}
    for kind, write in (("docx", write_docx), ("xlsx", write_xlsx)):
        with zipfile.ZipFile(io.BytesIO(write(table))) as package:
            out[kind] = {info.filename: package.read(info) for info in package.infolist()}
    return out


def _toml_blocks(doc: Path, word: str) -> list[str]:
    """The ```toml blocks of a doc that mention `word`: the documented examples, as seeds."""
    import re
    blocks = re.findall(r"```toml\n(.*?)```", doc.read_text(encoding="utf-8"), re.S)
    return [b for b in blocks if word in b] or ['[tables."hội_nghị"]\ntable = "meetings"\n']


def _register_seeds() -> list[tuple[str, str]]:
    """(name, text) of the unit registers shipped and documented: plans/ and docs/registers.md."""
    import re
    found = [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "plans").rglob("*.units.*"))]
    doc = (ROOT / "docs" / "registers.md").read_text(encoding="utf-8")
    found += [(name, text) for _, name, text in re.findall(r"```(csv|toml) file=(\S+)\n(.*?)```", doc, re.S)]
    return found


def _scenario_copies(scratch: Path) -> list[tuple[Path, str]]:
    """The real scenario files, copied with the plans and facts they name into the scratch folder.

    A mutated scenario is written beside its plan; in a copy, so that the campaign never writes
    into the checkout.
    """
    import shutil
    shutil.copytree(ROOT / "plans", scratch / "plans")
    shutil.copytree(ROOT / "examples", scratch / "examples", ignore=shutil.ignore_patterns("*.duckdb", "parquet"))
    return [(p, p.read_text(encoding="utf-8")) for p in sorted((scratch / "plans").rglob("*.test.toml"))]


def evaluate_and_render(rules, facts, rng: random.Random) -> None:
    from planrules.reports.data import from_json
    from planrules.reports.render import FORMATS, render
    report = rules.evaluate(facts, rng.choice(AS_OF))
    lang = rng.choice(("en", "vi"))
    for name in FORMATS:
        render(report, name, lang)
    if from_json(render(report, "json")) != report:
        raise AssertionError("the JSON report does not read back equal")


def plan_text(world: World, rng: random.Random) -> str:
    text = mutated(rng, world.plans)
    try:
        plan = planrules.parse(text, source="fuzz.plan")
    except PlanError:
        return text
    if planrules.parse(planrules.format(plan), source="fuzz.plan") != plan:
        raise AssertionError("format does not re-parse equal")
    return text


def plan_file(world: World, rng: random.Random) -> bytes:
    data = mutated_bytes(rng, world.plans)
    path = world.scratch / "fuzz.plan"
    path.write_bytes(data)
    try:
        planrules.load(path)
    except PlanError:
        pass
    return data


def plan_compile(world: World, rng: random.Random) -> str:
    index = rng.randrange(len(PAIRED))
    text = PAIRED[index][0].read_text(encoding="utf-8")
    for _ in range(rng.randint(1, 3)):
        text = edit(rng, text)
    try:
        rules = planrules.compile(planrules.parse(text, source="fuzz.plan"), world.library)
        facts = planrules.load_facts(PAIRED[index][1], vocabulary=rules.vocabulary)
        evaluate_and_render(rules, facts, rng)
    except (PlanError, FactsError):
        pass
    return text


def _facts(world: World, rng: random.Random, text: str, name: str) -> str:
    from planrules.facts.loader import loads_facts
    rules = rng.choice(world.rules)
    try:
        facts = loads_facts(text, name, vocabulary=rules.vocabulary)
        evaluate_and_render(rules, facts, rng)
    except FactsError:
        pass
    return text


def toml_facts(world: World, rng: random.Random) -> str:
    return _facts(world, rng, mutated(rng, world.toml, window=80, edits=3), "fuzz.toml")


def csv_facts(world: World, rng: random.Random) -> str:
    name, text = rng.choice(world.csv)
    return _facts(world, rng, mutated(rng, [text], window=80, edits=3), name)


def mapping(world: World, rng: random.Random) -> str:
    from planrules.facts.mapping import loads_mapping
    text = mutated(rng, world.mappings, edits=3)
    try:
        loads_mapping(text, "fuzz-mapping.toml")
    except (FactsError, PlanError):
        pass
    return text


def register(world: World, rng: random.Random) -> str:
    """A unit register file (*.units.csv, *.units.toml), mutated: a register or a FactsError."""
    from planrules.facts.register_files import loads_register
    name, text = rng.choice(world.registers)
    text = mutated(rng, [text], window=60, edits=3)
    try:
        loads_register(text, name)
    except FactsError:
        pass
    return text


def scenario(world: World, rng: random.Random) -> str:
    from planrules.tooling import scenarios
    path, text = rng.choice(world.scenarios)
    text = mutated(rng, [text], window=200, edits=3)
    target = path.with_name("fuzz.test.toml")  # beside its plan (a copy), which it names
    try:
        target.write_text(text, encoding="utf-8", errors="surrogatepass")
        scenarios.run_file(scenarios.load(target))
    except (PlanError, FactsError):
        pass
    finally:
        target.unlink(missing_ok=True)
    return text


def codec_entry(world: World, rng: random.Random) -> str:
    from planrules.language import codec
    text = mutated(rng, world.entries, window=1, edits=4) if rng.random() < 0.3 else _json_edit(rng, world.entries)
    try:
        codec.decode(text)
    except codec.CodecError:
        pass
    return text


def _json_edit(rng: random.Random, entries: list[str]) -> str:
    """An entry with one to three JSON values changed to another type: what a forged cache holds."""
    text = rng.choice(entries)
    values = ("5" * 5000, "1.5", "-1", "null", "true", '"x"', "[]", "{}", '{"__t": "Plan"}', "1e999", '"\\u0000"')
    for _ in range(rng.randint(1, 3)):
        starts = [i for i, ch in enumerate(text) if ch == ":"]
        if not starts:
            break
        i = rng.choice(starts) + 1
        end = i
        depth = 0
        while end < len(text) and not (depth == 0 and text[end] in ",}]"):
            depth += text[end] in "[{"
            depth -= text[end] in "]}"
            end += 1
        text = text[:i] + " " + rng.choice(values) + text[end:]
    return text


def _table_source(world: World, rng: random.Random, kind: str) -> str:
    import duckdb
    index = rng.randrange(len(PAIRED))
    rules, facts = world.rules[index], world.facts[index]
    folder = Path(tempfile.mkdtemp(dir=world.scratch))
    path = folder / "f.duckdb"
    planrules.write_duckdb(facts, path)
    con = duckdb.connect(str(path))
    tables = [row[0] for row in con.execute("select table_name from information_schema.tables").fetchall()]
    table = rng.choice(tables)
    columns = [row[0] for row in con.execute(
        "select column_name from information_schema.columns where table_name = ?", [table]).fetchall()]
    column = rng.choice(columns)
    value = rng.choice(HOSTILE_CELLS)
    con.execute(f'alter table "{table}" alter "{column}" set data type varchar')
    con.execute(f'update "{table}" set "{column}" = ? where rowid = (select min(rowid) from "{table}")', [value])
    if kind == "parquet":
        target = folder / "parquet"
        target.mkdir()
        for name in tables:
            con.execute(f"copy \"{name}\" to '{target / (name + '.parquet')}' (format parquet)")
    else:
        target = path
    con.close()
    what = world.described = f"{kind}: {table}.{column} = {str(value)[:60]!r}"  # saved if it escapes
    try:
        source = planrules.open_source(str(target))
        try:
            evaluate_and_render(rules, source, rng)
        finally:
            getattr(source, "close", lambda: None)()
    except FactsError:
        pass
    return what


def postgres_entry(world: World, rng: random.Random) -> str:
    """The sample facts in a fresh schema of the PostgreSQL server that $PLANRULES_TEST_POSTGRES names, one
    cell made hostile (the column turned to text first), then opened and judged; the schema dropped after."""
    import psycopg
    from planrules.facts import sources
    server = os.environ["PLANRULES_TEST_POSTGRES"]
    index = rng.randrange(len(PAIRED))
    rules, facts = world.rules[index], world.facts[index]
    schema = f"planrules_fuzz_{os.getpid()}_{rng.randrange(10**9)}"
    value = rng.choice(HOSTILE_CELLS)
    if isinstance(value, str):
        value = value.replace("\x00", "")  # PostgreSQL text holds no NUL
    with psycopg.connect(server, autocommit=True) as admin:
        try:
            sources.write_postgres(facts, server, rules.vocabulary, schema=schema)
            tables = [r[0] for r in admin.execute(
                "select table_name from information_schema.tables where table_schema = %s", [schema])]
            table = rng.choice(tables)
            columns = [r[0] for r in admin.execute("select column_name from information_schema.columns "
                                                   "where table_schema = %s and table_name = %s", [schema, table])]
            column = rng.choice(columns)
            name = f'"{schema}"."{table}"'
            admin.execute(f'alter table {name} alter column "{column}" type text using "{column}"::text')
            admin.execute(f'update {name} set "{column}" = %s where ctid = (select min(ctid) from {name})', [value])
            world.described = f"postgres: {table}.{column} = {str(value)[:60]!r}"
            try:
                with sources.PostgresSource(server, schema=schema) as source:
                    evaluate_and_render(rules, source, rng)
            except FactsError:
                pass
        finally:
            admin.execute(f'drop schema if exists "{schema}" cascade')
    return world.described


def duckdb_entry(world: World, rng: random.Random) -> str:
    return _table_source(world, rng, "duckdb")


def parquet_entry(world: World, rng: random.Random) -> str:
    return _table_source(world, rng, "parquet")


def document(world: World, rng: random.Random) -> bytes:
    """An assignment table's package with one XML part edited: imported into a draft that parses, or refused."""
    from planrules.documents.appendix import read_appendix
    from planrules.documents.draft import draft_text
    from planrules.documents.tables import read_document

    kind = rng.choice(("docx", "xlsx"))
    parts = dict(world.tables[kind])
    xml = sorted(part for part in parts if part.endswith((".xml", ".rels")))
    main = [part for part in ("word/document.xml", "xl/worksheets/sheet1.xml", "xl/workbook.xml") if part in parts]
    name = rng.choice(main) if rng.random() < 0.8 else rng.choice(xml)
    parts[name] = mutated(rng, [parts[name].decode("utf-8")], window=60, edits=3).encode("utf-8", "surrogatepass")
    path = world.scratch / f"fuzz.{kind}"
    with zipfile.ZipFile(path, "w") as package:
        for part, data in parts.items():
            package.writestr(part, data)
    try:
        appendix = read_appendix(read_document(path), str(path))
    except PlanError:  # DocumentError
        return parts[name]
    planrules.parse(draft_text(appendix), source="draft.plan")  # a draft that does not parse is a finding
    return parts[name]


ENTRIES = {  # name: (function, weight)
    "plan_text": (plan_text, 40),
    "plan_file": (plan_file, 10),
    "plan_compile": (plan_compile, 3),
    "toml_facts": (toml_facts, 15),
    "csv_facts": (csv_facts, 10),
    "mapping": (mapping, 8),
    "register": (register, 6),
    "scenario": (scenario, 1),
    "codec": (codec_entry, 12),
    "document": (document, 2),
    "duckdb": (duckdb_entry, 0.2),
    "parquet": (parquet_entry, 0.2),
    "postgres": (postgres_entry, 0.2),  # only where $PLANRULES_TEST_POSTGRES names a server (see main)
}


# ------------------------------------------------------------------ running --

def _save(out: Path, entry: str, seed: int, data: object, trace: str, keep: int, saved: collections.Counter,
          kind: str) -> None:
    if saved[kind] >= keep:
        return
    saved[kind] += 1
    out.mkdir(parents=True, exist_ok=True)
    body = data if isinstance(data, bytes) else str(data).encode("utf-8", "surrogatepass")
    stem = f"{entry}-{seed}"
    (out / f"{stem}.input").write_bytes(body)
    (out / f"{stem}.txt").write_text(f"entry: {entry}\nseed: {seed}\n\n{trace}", encoding="utf-8")


def run_chunk(job: tuple) -> dict:
    """Inputs [start, stop) of the campaign in one process; each input's generator is seeded by its number."""
    start, stop, seed, out, keep, slow, only = job
    names = [n for n in ENTRIES if (not only or n in only)
             and (n != "postgres" or os.environ.get("PLANRULES_TEST_POSTGRES"))]
    weights = [ENTRIES[n][1] for n in names]
    with tempfile.TemporaryDirectory(prefix="planrules-fuzz-") as scratch:
        world = World(Path(scratch))
        counts, findings, seconds, slow_count = (collections.Counter() for _ in range(4))
        saved: collections.Counter = collections.Counter()
        kinds: dict[str, str] = {}
        for number in range(start, stop):
            rng = random.Random(seed * 1_000_003 + number)
            entry = rng.choices(names, weights)[0]
            began = time.perf_counter()
            data: object = None
            world.described = ""
            try:
                data = ENTRIES[entry][0](world, rng)
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as error:  # noqa: BLE001 - every escape is the finding we look for
                trace = traceback.format_exc()
                last = traceback.extract_tb(error.__traceback__)[-1]
                kind = f"{entry}: {type(error).__name__} at {Path(last.filename).name}:{last.lineno}"
                findings[entry] += 1
                kinds[kind] = kinds.get(kind, str(number))
                shown = data if data is not None else world.described or f"seed {number}"
                _save(Path(out), entry, number, shown, trace, keep, saved, kind)
            took = time.perf_counter() - began
            counts[entry] += 1
            seconds[entry] += took
            if took > slow:
                slow_count[entry] += 1
        return {"counts": counts, "findings": findings, "seconds": seconds, "slow": slow_count, "kinds": kinds}


def replay(path: Path) -> None:
    """Run one saved finding again, by the entry and seed its .txt file names, and print what escapes."""
    head = path.with_suffix(".txt").read_text(encoding="utf-8").splitlines()
    entry, number = head[0].split(": ")[1], int(head[1].split(": ")[1])
    seed = int(os.environ.get("FUZZ_SEED", "1"))
    with tempfile.TemporaryDirectory() as scratch:
        world = World(Path(scratch))
        ENTRIES[entry][0](world, random.Random(seed * 1_000_003 + number))
    print("no escape")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=20_000, help="how many inputs in all (default 20,000)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes (default: one per core)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chunk", type=int, default=2_000, help="inputs per task handed to a process")
    parser.add_argument("--out", default="fuzz-findings", help="where findings are saved")
    parser.add_argument("--keep", type=int, default=3, help="inputs saved per kind of finding")
    parser.add_argument("--slow", type=float, default=5.0, help="seconds above which an input counts as slow")
    parser.add_argument("--only", nargs="*", choices=sorted(ENTRIES), help="only these entry points")
    parser.add_argument("--replay", type=Path, help="run one saved input (its .input file) again")
    args = parser.parse_args(argv)
    if args.replay:
        replay(args.replay)
        return 0
    jobs = [(s, min(s + args.chunk, args.inputs), args.seed, args.out, args.keep, args.slow, args.only)
            for s in range(0, args.inputs, args.chunk)]
    total = {k: collections.Counter() for k in ("counts", "findings", "seconds", "slow")}
    kinds: dict[str, str] = {}
    began = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    with context.Pool(args.jobs) as pool:
        for done, part in enumerate(pool.imap_unordered(run_chunk, jobs), 1):
            for key in total:
                total[key].update(part[key])
            for kind, number in part["kinds"].items():
                kinds.setdefault(kind, number)
            print(f"\r{done}/{len(jobs)} chunks, {sum(total['counts'].values()):,} inputs, "
                  f"{sum(total['findings'].values())} findings", end="", file=sys.stderr, flush=True)
    wall = time.perf_counter() - began
    print(file=sys.stderr)
    print(f"planrules {planrules.__version__}, seed {args.seed}, {args.jobs} processes, {wall:,.0f} s wall")
    print(f"{'entry':<14}{'inputs':>11}{'findings':>10}{'slow':>6}{'inputs/s/process':>18}")
    for name in ENTRIES:
        n = total["counts"][name]
        rate = n / total["seconds"][name] if total["seconds"][name] else 0
        print(f"{name:<14}{n:>11,}{total['findings'][name]:>10}{total['slow'][name]:>6}{rate:>18,.0f}")
    n = sum(total["counts"].values())
    print(f"{'all':<14}{n:>11,}{sum(total['findings'].values()):>10}{sum(total['slow'].values()):>6}"
          f"{n / wall:>18,.0f} (wall)")
    for kind, number in sorted(kinds.items()):
        print(f"finding: {kind} (first at input {number}; saved under {args.out})")
    digest = hashlib.sha256(repr(sorted(total['counts'].items())).encode()).hexdigest()[:12]
    print(f"inputs by entry digest {digest}")
    return 1 if kinds else 0


if __name__ == "__main__":
    sys.exit(main())
