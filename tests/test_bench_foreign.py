"""bench/foreign.py: a deterministic foreign-shaped national year, every adaptation of issue 19 in it, and the
same facts in the plan's own layout."""

import importlib.util
import re
import sys

import pytest
from conftest import ROOT

spec = importlib.util.spec_from_file_location("bench_foreign", ROOT / "bench" / "foreign.py")
foreign = importlib.util.module_from_spec(spec)
sys.modules.setdefault("bench_foreign", foreign)
spec.loader.exec_module(foreign)

COMMUNES, PROVINCES, SEED, SCALE = 24, 3, 5, 0.05


def write(folder, **options):
    return foreign.write_foreign(folder, communes=COMMUNES, provinces=PROVINCES, seed=SEED, scale=SCALE, **options)


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    folder = tmp_path_factory.mktemp("foreign")
    rows = write(folder, twin=True, duckdb=folder / "foreign.duckdb")
    return folder, rows


def tables(folder):
    import pyarrow.parquet as pq

    return {p.stem: pq.read_table(p) for p in sorted(folder.glob("*.parquet"))}


def test_the_same_seed_gives_the_same_tables_and_another_seed_others(year, tmp_path):
    folder, rows = year
    assert write(tmp_path / "again", twin=True) == rows
    for part in ("foreign", "twin"):
        first, again = tables(folder / part), tables(tmp_path / "again" / part)
        assert first.keys() == again.keys() and all(first[t].equals(again[t]) for t in first)
    assert (tmp_path / "again/national.plan").read_bytes() == (folder / "national.plan").read_bytes()
    other = foreign.write_foreign(tmp_path / "other", communes=COMMUNES, provinces=PROVINCES, seed=SEED + 1,
                                  scale=SCALE)
    assert not tables(tmp_path / "other/foreign")["docs_sent"].equals(tables(folder / "foreign")["docs_sent"])
    assert other["communes"] == rows["communes"] == COMMUNES


def test_the_duckdb_file_holds_the_parquet_tables(year):
    import duckdb

    folder, rows = year
    parquet = tables(folder / "foreign")
    with duckdb.connect(str(folder / "foreign.duckdb"), read_only=True) as con:
        for name, table in parquet.items():
            assert con.execute(f'SELECT * FROM "{name}"').fetchall() == [tuple(r.values()) for r in table.to_pylist()]
    assert {name: t.num_rows for name, t in parquet.items()} == rows


def test_every_adaptation_of_issue_19_occurs(year):
    """Names, unit codes, category codes, Y/N and 0/1 booleans, year columns, rows without ids, decimals, the
    reports table with its three cases, and the units and their provinces in the database's own tables."""
    import pyarrow as pa
    import pyarrow.compute as pc

    folder, _ = year
    db = tables(folder / "foreign")
    declared = {"unit", "id", "ngày", "loại", "trực_tuyến", "thời_lượng", "hành_chính", "số_hóa", "điện_tử", "mật",
                "mã", "đào_tạo_kỹ_năng_số", "kind", "year", "count"}
    assert set(db) == set(foreign.TABLES) and not set(db) & {"hội_nghị", "văn_bản_gửi", "hồ_sơ_tthc", "counts"}
    assert all(c.isascii() for t in db.values() for c in t.column_names)
    assert not {c for t in db.values() for c in t.column_names} & (declared - {"year"})
    # units: coded communes in a communes table, under provinces of their own codes
    codes = db["communes"].column("commune_code").to_pylist()
    assert all(re.fullmatch(r"VN-\d{5}", c) for c in codes) and len(set(codes)) == COMMUNES
    official = db["communes"].column("gso_code").to_pylist()  # the units' names: a key of another column
    assert all(re.fullmatch(r"\d{5}", c) for c in official) and len(set(official)) == COMMUNES
    assert not {f"VN-{c}" for c in official} & set(codes)
    assert set(db["communes"].column("province_code").to_pylist()) == set(db["provinces"].column("province_code")
                                                                          .to_pylist())
    assert len(db["provinces"]) == PROVINCES
    # category codes, ASCII
    assert set(db["conferences"].column("type_code").to_pylist()) == set(foreign.TYPE_CODES.values())
    # booleans: 'Y'/'N' text, 0/1 integers, BOOLEAN, each with NULLs where the generator leaves a field out
    assert set(db["conferences"].column("online").to_pylist()) == {"Y", "N", None}
    assert set(db["docs_sent"].column("secret").to_pylist()) == {"Y", "N", None}
    assert set(db["docs_issued"].column("digitised").to_pylist()) == {0, 1}
    assert db["dossiers"].schema.field("online").type == pa.int8()
    assert db["staff"].schema.field("digital_skills").type == pa.bool_()
    # a year column and no date
    for table, column in (("docs_sent", "report_year"), ("dossiers", "received_year")):
        assert not any(pa.types.is_date(f.type) for f in db[table].schema)
        assert set(db[table].column(column).to_pylist()) <= {2026, None}
    assert None in db["dossiers"].column("received_year").to_pylist()  # an undated dossier: a NULL year
    # rows with no id: a conference by (commune, seq), a document sent by its row
    assert not {"id", "conf_no"} & set(db["conferences"].column_names)
    assert set(db["docs_sent"].column_names) == {"commune_code", "report_year", "electronic", "secret"}
    pairs = list(zip(db["conferences"].column("commune_code").to_pylist(), db["conferences"].column("seq").to_pylist()))
    assert len(set(pairs)) == len(pairs)
    # decimals
    assert db["conferences"].schema.field("duration_days").type == pa.decimal128(4, 2)
    # reports: reported with records, reported zero, not reported at all, records sent without a report
    by_kind = {code: kind for kind, code in foreign.KIND_CODES.items()}
    reported = {(u, by_kind[k]) for u, k in zip(db["reports"].column("commune_code").to_pylist(),
                                                db["reports"].column("record_type").to_pylist())}
    table_of = {"hội_nghị": "conferences", "văn_bản_ban_hành": "docs_issued", "văn_bản_gửi": "docs_sent",
                "hồ_sơ_tthc": "dossiers"}
    present = {(u, kind) for kind, t in table_of.items() for u in db[t].column("commune_code").to_pylist()}
    cases = {"records": set(), "zero": set(), "unreported": set(), "unfiled": set()}
    for code in codes:
        for kind in foreign.REPORTED_KINDS:
            key = (code, kind)
            name = ("records" if key in reported and key in present else "zero" if key in reported else
                    "unfiled" if key in present else "unreported")
            cases[name].add(kind)
    assert cases["zero"] == set(foreign.REPORTED_KINDS)
    assert cases["unreported"] and cases["unfiled"] and cases["records"] == set(foreign.REPORTED_KINDS)
    assert set(pc.unique(db["reports"].column("year")).to_pylist()) == {2026}
    assert set(pc.unique(db["annual_counts"].column("year")).to_pylist()) == {2025}


def test_the_twin_holds_the_same_facts_in_the_plans_layout(year):
    """What the foreign database says, the twin says in the plan's layout: a report of zero is a count of 0,
    the same records of each kind and commune, the communes under their provinces in its units table."""
    import collections

    folder, _ = year
    db, twin = tables(folder / "foreign"), tables(folder / "twin")
    for table, kind in (("conferences", "hội_nghị"), ("docs_issued", "văn_bản_ban_hành"),
                        ("docs_sent", "văn_bản_gửi"), ("dossiers", "hồ_sơ_tthc"), ("staff", "cán_bộ")):
        assert collections.Counter(db[table].column("commune_code").to_pylist()) == \
            collections.Counter(foreign.database_code(twin[kind].column("unit")).to_pylist()), table
    zeros = {(u, k) for u, k, n in zip(*(twin["counts"].column(c).to_pylist() for c in ("unit", "kind", "count")))
             if n == 0}
    assert zeros and all(foreign.case(k, foreign.serial_of(u) - 1) == "zero" for u, k in zeros)
    units = twin["units"].to_pylist()
    assert [u["unit"] for u in units if u["level"] == "tỉnh"] == db["provinces"].column("province_code").to_pylist()
    assert {u["unit"]: u["parent"] for u in units if u["level"] == "xã"} == dict(zip(
        db["communes"].column("gso_code").to_pylist(), db["communes"].column("province_code").to_pylist()))
    assert db["communes"].column("commune_code").to_pylist() == [
        foreign.commune_code(foreign.serial_of(g)) for g in db["communes"].column("gso_code").to_pylist()]
    assert [foreign.TYPE_CODES[t] for t in twin["hội_nghị"].column("loại").to_pylist()] == \
        db["conferences"].column("type_code").to_pylist()


def test_a_second_write_never_overwrites(year, tmp_path):
    write(tmp_path)
    with pytest.raises(FileExistsError):
        write(tmp_path)
