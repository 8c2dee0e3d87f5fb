"""One reader of strings for every source: a table's text goes through `values.read_text`/`read_name`.

Text read from DuckDB, a Parquet folder or PostgreSQL is composed (NFC), trimmed where a name is, and
bounded (`limits.MAX_NAME`) exactly as the same text in a TOML facts file is: a category typed
decomposed counts, a unit written decomposed is the plan's unit, and a 1 MB name is refused (F120)
rather than carried into reports.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sql_cases import _same_facts, same_meaning

import planrules
from planrules.facts import model as f
from planrules.facts import loader as facts_load
from planrules.facts import sources
from planrules.base.diagnostics import FactsError

ROOT = Path(__file__).parent.parent
VU_DUONG = planrules.compile(planrules.load(ROOT / "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"),
                             planrules.load_dir(ROOT / "plans"))
AS_OF = dt.date(2026, 12, 31)


def nfd(text):
    return unicodedata.normalize("NFD", text) if isinstance(text, str) else text


def decomposed(facts: f.Facts) -> f.Facts:
    """`facts` with every text a table holds (names, ids, categories, kinds, metrics, tasks) written NFD."""
    def record(r):
        return attrs.evolve(r, id=nfd(r.id), values=tuple((k, nfd(v)) for k, v in r.values))

    def unit(u):
        return attrs.evolve(
            u, name=nfd(u.name), member_of=tuple(map(nfd, u.member_of)), records=tuple(map(record, u.records)),
            counts=tuple(attrs.evolve(c, kind=nfd(c.kind), where=tuple((k, nfd(v)) for k, v in c.where))
                         for c in u.counts),
            values=tuple(attrs.evolve(v, metric=nfd(v.metric)) for v in u.values),
            deliveries=tuple(attrs.evolve(d, task=nfd(d.task), deadline=nfd(d.deadline)) for d in u.deliveries))
    events = tuple(attrs.evolve(e, event=nfd(e.event), unit=nfd(e.unit)) for e in facts.events)
    return attrs.evolve(facts, units=tuple(map(unit, facts.units)), events=events)


@pytest.mark.parametrize("kind", ["parquet", "duckdb"])
def test_facts_written_decomposed_judge_as_their_toml(tmp_path, kind):
    """NFD categories ("quán_triệt"), units ("phòng_vhxh"), kinds and metrics count as the TOML file's do."""
    facts = planrules.load_facts(ROOT / "examples/vu-duong/facts.toml", vocabulary=VU_DUONG.vocabulary)
    written = decomposed(facts)
    assert written != facts  # the sample has letters NFD writes apart
    if kind == "parquet":
        sources.write_parquet(written, tmp_path / "pq", VU_DUONG.vocabulary)
        source = sources.FolderSource(tmp_path / "pq")
    else:
        sources.write_duckdb(written, tmp_path / "f.duckdb", VU_DUONG.vocabulary)
        source = sources.DuckDBSource(tmp_path / "f.duckdb")
    with source:
        same_meaning(VU_DUONG.evaluate(source, AS_OF), VU_DUONG.evaluate(facts, AS_OF))
        _same_facts(source.facts(VU_DUONG.vocabulary), facts)


# ------------------------------------------------------- TOML against DuckDB --

def _escape(text: str) -> str:
    """`text` as a TOML basic string's inside: quotes, backslashes and control characters escaped."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


def _toml(unit: str, id_: str, category: str) -> str:
    return (f'[[units."{_escape(unit)}".records."hội_nghị"]]\nid = "{_escape(id_)}"\n"ngày" = 2026-03-02\n'
            f'"loại" = "{_escape(category)}"\n')


def _seen(facts: f.Facts) -> list[tuple]:
    return sorted((u.name, r.id, r.get("loại")) for u in facts.units for r in u.records)


def _codes(error: FactsError) -> list[tuple[str, str]]:
    return sorted((d.code, d.message.text("en")) for d in error.diagnostics)


def from_toml(unit: str, id_: str, category: str):
    try:
        return _seen(facts_load.loads_facts(_toml(unit, id_, category)))
    except FactsError as error:
        return _codes(error)


def from_duckdb(path: Path, unit: str, id_: str, category: str):
    import duckdb
    import pyarrow as pa

    table = pa.table({"unit": [unit], "id": [id_], "ngày": pa.array([dt.date(2026, 3, 2)], pa.date32()),
                      "loại": [category]})
    con = duckdb.connect(str(path))
    con.register("t", table)
    con.execute('CREATE TABLE "hội_nghị" AS SELECT * FROM t')
    con.close()
    try:
        with sources.DuckDBSource(path) as source:
            return _seen(source.facts())
    except FactsError as error:
        return _codes(error)


@pytest.mark.parametrize("where", ["unit", "id", "category"])
def test_a_1mb_name_in_a_table_is_refused_as_in_toml(tmp_path, where):
    """A 1 MB unit, id or category: F120 at its row, its start quoted, as the same text in a TOML file."""
    huge = "x" * 2**20
    given_ = {"unit": "vp_hđnd_ubnd", "id": "HN-1", "category": "quán_triệt", where: huge}
    found = from_duckdb(tmp_path / "t.duckdb", *given_.values())
    assert [code for code, _ in found] == ["F120"] and len(found[0][1]) < 200
    assert found == from_toml(*given_.values())


_PIECES = st.sampled_from(["quán_triệt", "chuyên_môn", "vp_hđnd_ubnd", "phòng_vhxh", "ệ", "e\u0302\u0301", "a",
                           "\u0301", "\u0323\u0302", " ", "\t", "\x00", "\x07", "\x1b[31m", "\u200b", "\u202e", "_",
                           "Ω", "\u0958", "\u1f82", "\ufeff"])
_TEXTS = st.one_of(
    st.text(max_size=12),
    st.lists(_PIECES, max_size=6).map("".join),
    st.tuples(_PIECES, st.integers(330, 1100)).map(lambda p: p[0] * (p[1] // max(1, len(p[0])))),
).flatmap(lambda t: st.sampled_from([t, nfd(t), unicodedata.normalize("NFKD", t), f" {t} "]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(text=_TEXTS, where=st.sampled_from(["unit", "id", "category"]))
def test_any_text_in_duckdb_reads_as_in_toml(tmp_path_factory, text, where):
    """Any text (NFD, combining marks, control characters, over-long) as a unit, an id or a category: the
    TOML file and the DuckDB table give the same facts, or the same codes (an unknown category's words are
    the source's own, naming a mapped column by both its names)."""
    given_ = {"unit": "vp_hđnd_ubnd", "id": "HN-1", "category": "quán_triệt", where: text}
    found = from_duckdb(tmp_path_factory.mktemp("s") / "t.duckdb", *given_.values())
    assert _outcome(found) == _outcome(from_toml(*given_.values()))


def _outcome(found: list[tuple]) -> list[tuple]:
    """The facts read, or the codes of the problems (each problem being `(code, words)`)."""
    return [item[:1] if item[0] in facts_load.CODES else item for item in found]
