"""A national corpus of plans and a year of facts, shaped like the real ones, from a seed.

    python3 bench/generate.py OUT [--provinces 34] [--communes 3321] [--seed 1]
                              [--weakened 0.02] [--facts/--no-facts] [--scale 1.0]
    python3 bench/generate.py OUT --tables parquet|duckdb [--communes 3321] [--provinces 34]
                              [--seed 1] [--records-scale 1.0] [--register]

Writes under OUT:

    plans/prelude.plan                      the standard vocabulary
    plans/qd-534-ttg.plan                   the national plan (the real, partial one)
    plans/tinh-NN/ke-hoach.plan             a provincial plan per province
    plans/tinh-NN/xa-NNNN.plan              the commune plans of that province
    facts/tinh-NN/xa-NNNN/<table>.csv       a year of facts per commune (CSV tables)

Every plan has the structure of a real one: provinces copy the Cục plan 10-KH/ĐU,
communes the Vũ Dương plan 104/KH-UBND (sections, appendix rows, units,
deadlines), renamed and renumbered. A commune's targets repeat its parent's or
tighten them (a higher share, a larger cut); a share --weakened of communes
loosens one target instead (every place the plan states it), which `planrules check` must report
(I301, I302). Facts: per commune, 50–200 conferences (dated, typed, online or not,
with a duration), 200–800 documents sent, 1,000–4,000 dossiers, the staff, the
2025 baseline counts and the deliveries of its tasks, all scaled by --scale.
The same seed gives byte-identical files.

With --tables, OUT instead receives ONE national fact set in the table layout
of `planrules.facts.sources` (docs/sql.md) and the plan that judges it:

    national.plan                           QĐ 534's plan-level targets (and two of
                                            KH 104's), the communes as its units
    national/<table>.parquet                --tables parquet: a folder for FolderSource
    national.duckdb                         --tables duckdb: a file for DuckDBSource

The units are the communes (`xa_0001` …), each a member of its province's group
(`tinh_01` …) in the `units` table. With --register the plan lists no unit at all:
it names its group of communes by level (`nhóm các_xã … = cấp xã`, every target
scoped to it), and `don-vi.units.csv` beside it is the register — the nation
(`VN`), the provinces under their two-digit codes (`01`, `04` … `96`, the style of
the official list; as many as --provinces, repeating the list with a suffix past
34) and the communes under five-digit codes (`00007`, `00014` …), each with its
parent and a generated label. The codes are official in style only: the register
is generated, not the real list. The facts' `units` table then names each commune
by its code and nothing else: the register says where it lies. A commune holds, on average, a year (2026)
of 210 conferences, 2,100 documents issued, 2,700 documents sent, 5,400
administrative dossiers and 60 staff records (about 10,470 records, so about
35 M for 3,321 communes), times --records-scale, each commune's volumes and
rates drawn around those means; `counts` holds the 2025 baselines. A few
communes lack a field somewhere (a conference not marked online or not, one
without a duration, an undated dossier, a document not marked secret or not),
so that some verdicts are `unknown` as in real data. The records are generated
with numpy, 64 communes at a time (a Parquet row group, or a DuckDB INSERT of
an Arrow table), so memory stays bounded whatever the size; the same seed and
sizes give the same records.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import shutil
import sys
from fractions import Fraction
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import planrules  # noqa: E402
from planrules.language import model as m  # noqa: E402

NATIONAL = ROOT / "plans/quoc-gia/qd-534-ttg.plan"
PROVINCE = ROOT / "plans/quoc-gia/bo-noi-vu/cuc-van-thu-luu-tru/kh-10-du.plan"
COMMUNE = ROOT / "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"
PRELUDE = ROOT / "plans/prelude.plan"

SYLLABLES = ("An", "Bình", "Cường", "Đông", "Hòa", "Hưng", "Khánh", "Lạc", "Minh", "Nghĩa", "Phú", "Quang",
             "Sơn", "Tân", "Thành", "Thịnh", "Tiến", "Trung", "Vĩnh", "Xuân", "Yên", "Hải", "Lâm", "Phong")
CONFERENCE_TYPES = ("quán_triệt", "chuyên_môn", "quan_trọng")


def place_name(rng: random.Random) -> str:
    return f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"


def _key(target: m.Target) -> tuple:
    return (target.metric, target.category, target.comparator)


def _adjust(target: m.Target, step: Fraction) -> m.Target:
    """`target` made stricter by `step` (looser when `step` is negative), kept within 0–100%."""
    value = target.threshold.value + (step if target.comparator is m.Comparator.AT_LEAST else -step)
    if target.threshold.unit is m.QuantityUnit.PERCENT:
        value = min(Fraction(100), max(Fraction(0), value))
    return attrs.evolve(target, threshold=attrs.evolve(target.threshold, value=value))


def commune_plan(base: m.Plan, number: str, name: str, parent: str, rng: random.Random, weaken: bool) -> m.Plan:
    """`base` (the Vũ Dương plan) for commune `name`: each target repeated or tightened; if `weaken`,
    every statement of one target (the plan states some several times) loosened instead."""
    every = [t for s in base.body for t in ((s,) if isinstance(s, m.Target) else getattr(s, "targets", ()))]
    loosened = rng.choice(sorted({_key(t) for t in every}, key=repr)) if weaken and every else None
    steps: dict[tuple, Fraction] = {}

    def change(target: m.Target) -> m.Target:
        key = _key(target)
        if key not in steps:
            days = target.threshold.unit is m.QuantityUnit.DAYS
            if key == loosened:  # a shorter cap than ½ day is not realistic, a longer one is
                steps[key] = -(Fraction(1, 2) if days else Fraction(rng.choice((1, 2, 5))))
            else:
                steps[key] = Fraction(0) if days or rng.random() < 0.5 else Fraction(rng.choice((1, 2, 5)))
        return _adjust(target, steps[key])

    body = []
    for statement in base.body:
        if isinstance(statement, m.Target):
            statement = change(statement)
        elif isinstance(statement, m.Task) and statement.targets:
            statement = attrs.evolve(statement, targets=tuple(change(t) for t in statement.targets))
        body.append(statement)
    return attrs.evolve(
        base, number=number, title=base.title.replace("Vũ Dương", name), issuer=f"Ủy ban nhân dân xã {name}",
        parents=("534/QĐ-TTg", parent), body=tuple(body),
    )


def province_plan(base: m.Plan, number: str, name: str) -> m.Plan:
    return attrs.evolve(base, number=number, issuer=f"Ủy ban nhân dân tỉnh {name}",
                        title=f"Kế hoạch thực hiện Quyết định số 534/QĐ-TTg trên địa bàn tỉnh {name}",
                        parents=("534/QĐ-TTg",))


def _csv(rows: list[list[object]], header: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def commune_facts(rng: random.Random, scale: float) -> dict[str, str]:
    """The CSV tables of one commune's year 2026 (and its 2025 baseline), by table name."""
    units = ("vp_hđnd_ubnd", "phòng_vhxh", "trung_tâm_phục_vụ_hcc")

    def day() -> str:
        return dt.date(2026, rng.randint(1, 12), rng.randint(1, 28)).isoformat()

    def n(low: int, high: int) -> int:
        return max(1, round(rng.randint(low, high) * scale))

    conferences, documents, dossiers, staff, counts, deliveries = [], [], [], [], [], []
    for unit in units:
        held = n(50, 200) // len(units) + 1
        for i in range(held):
            kind = rng.choices(CONFERENCE_TYPES, (5, 12, 1))[0]
            length = {"quán_triệt": ("1/2", "1/2", "1"), "chuyên_môn": ("1/2", "1", "1"), "quan_trọng": ("1", "1,5")}
            conferences.append([unit, f"{unit}-HN-{i:04d}", day(), kind, "có" if rng.random() < 0.66 else "không",
                                rng.choice(length[kind])])
        counts.append([unit, "hội_nghị", 2025, held + rng.randint(0, held // 5 + 1), "", "", ""])
        for i in range(n(200, 800) // len(units) + 1):
            secret = rng.random() < 0.03
            documents.append([unit, f"{unit}-VB-{i:05d}", day(), "có" if not secret and rng.random() < 0.97 else "không",
                              "có" if secret else "không"])
        for i in range(4):
            staff.append([unit, f"{unit}-CB-{i}", "có" if rng.random() < 0.9 else "không"])
        issued_2025 = rng.randint(60, 120)
        counts.append([unit, "văn_bản_ban_hành", 2025, issued_2025, "có", "", ""])
        counts.append([unit, "văn_bản_ban_hành", 2026, round(issued_2025 * rng.uniform(0.75, 0.95)), "có", "", ""])
        total = rng.randint(150, 400)
        counts.append([unit, "văn_bản_ban_hành", 2026, total + 200, "", "", ""])
        counts.append([unit, "văn_bản_ban_hành", 2026, round((total + 200) * rng.uniform(0.9, 1.0)), "", "có", ""])
        deliveries.append([unit, "TT 1", "", "2026", day()])
    for i in range(n(1000, 4000)):
        dossiers.append(["trung_tâm_phục_vụ_hcc", f"HS-{i:05d}", day(), "có" if rng.random() < 0.96 else "không"])
    deliveries.append(["phòng_vhxh", "V.2-1", "6 tháng", "2026-H1", dt.date(2026, 6, rng.randint(15, 30)).isoformat()])
    deliveries.append(["phòng_vhxh", "V.2-1", "cả năm", "2026", dt.date(2026, 12, rng.randint(10, 31)).isoformat()])
    return {
        "hội_nghị": _csv(conferences, ["unit", "id", "ngày", "loại", "trực_tuyến", "thời_lượng"]),
        "văn_bản_gửi": _csv(documents, ["unit", "id", "ngày", "điện_tử", "mật"]),
        "hồ_sơ_tthc": _csv(dossiers, ["unit", "id", "ngày", "trực_tuyến"]),
        "cán_bộ": _csv(staff, ["unit", "mã", "đào_tạo_kỹ_năng_số"]),
        "counts": _csv(counts, ["unit", "kind", "year", "count", "hành_chính", "số_hóa", "mật"]),
        "deliveries": _csv(deliveries, ["unit", "task", "deadline", "period", "date"]),
    }


def generate(out: Path, *, provinces: int, communes: int, seed: int, weakened: float, facts: bool,
             scale: float) -> dict[str, int]:
    """Write the corpus under `out`; return how many plans, weakened communes and fact rows it holds."""
    rng = random.Random(seed)
    plans_dir = out / "plans"
    plans_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(PRELUDE, plans_dir / "prelude.plan")
    shutil.copy(NATIONAL, plans_dir / "qd-534-ttg.plan")
    province, commune = planrules.load(PROVINCE), planrules.load(COMMUNE)
    stats = {"plans": 1, "weakened": 0, "fact_rows": 0}
    per_province = [communes // provinces + (1 if i < communes % provinces else 0) for i in range(provinces)]
    serial = 0
    for p, count in enumerate(per_province, start=1):
        name = place_name(rng)
        number = f"{100 + p}/KH-UBND-T{p:02d}"
        folder = plans_dir / f"tinh-{p:02d}"
        folder.mkdir(exist_ok=True)
        (folder / "ke-hoach.plan").write_text(planrules.format(province_plan(province, number, name)), encoding="utf-8")
        stats["plans"] += 1
        for c in range(1, count + 1):
            serial += 1
            weaken = rng.random() < weakened
            stats["weakened"] += weaken
            plan = commune_plan(commune, f"{c}/KH-UBND-X{serial:04d}", f"{place_name(rng)} {serial}", number, rng, weaken)
            (folder / f"xa-{serial:04d}.plan").write_text(planrules.format(plan), encoding="utf-8")
            stats["plans"] += 1
            if facts:
                target = out / "facts" / f"tinh-{p:02d}" / f"xa-{serial:04d}"
                target.mkdir(parents=True, exist_ok=True)
                for table, text in commune_facts(rng, scale).items():
                    (target / f"{table}.csv").write_text(text, encoding="utf-8")
                    stats["fact_rows"] += text.count("\n") - 1
    return stats


# ----------------------------------------------------- national tables --

NATIONAL_MEANS = {  # records of each kind per commune in a year, on average (issue 8)
    "hội_nghị": 210, "văn_bản_ban_hành": 2100, "văn_bản_gửi": 2700, "hồ_sơ_tthc": 5400, "cán_bộ": 60,
}
CHUNK = 64  # communes per Parquet row group / DuckDB insert
YEAR_START = "2026-01-01"
BASELINE_YEAR = 2025
EXTRA_TARGETS = (  # two of KH 104's targets, so that every record kind of the prelude is read
    "chỉ tiêu: giảm_văn_bản_hành_chính tối thiểu 15% hằng năm",
    "chỉ tiêu: tỷ_lệ_đào_tạo_kỹ_năng_số tối thiểu 100%",
)


# Two-digit province codes in the style of the official list of 34 provinces and cities (2025).
PROVINCE_CODES = ("01", "04", "08", "11", "12", "14", "15", "19", "20", "22", "24", "25", "31", "33", "37", "38",
                  "40", "42", "44", "46", "48", "51", "52", "56", "66", "68", "75", "79", "80", "82", "86", "91",
                  "92", "96")


def province_code(p: int) -> str:
    """The code of the p-th province (1-based): the official-style list, then the list again with a suffix."""
    code = PROVINCE_CODES[(p - 1) % len(PROVINCE_CODES)]
    return code if p <= len(PROVINCE_CODES) else f"{code}-{(p - 1) // len(PROVINCE_CODES)}"


def national_units(communes: int, provinces: int, *, codes: bool = False) -> list[tuple[str, str]]:
    """(commune, province) for every commune, in order: `xa_0001`, `tinh_01`, … — or, with `codes`, the
    register's codes: `00007`, `01`, …"""
    per_province = [communes // provinces + (1 if i < communes % provinces else 0) for i in range(provinces)]
    out, serial = [], 0
    for p, count in enumerate(per_province, start=1):
        for _ in range(count):
            serial += 1
            out.append((f"{serial * 7:05d}", province_code(p)) if codes else (f"xa_{serial:04d}", f"tinh_{p:02d}"))
    return out


def register_csv(communes: int, provinces: int, seed: int) -> str:
    """The register of the nation, its provinces and communes (`--register`), as a `*.units.csv` file."""
    rng = random.Random(seed)
    rows: list[list[object]] = [["VN", "Việt Nam (mẫu)", "quốc_gia", ""]]
    rows += [[province_code(p), f"Tỉnh mẫu {province_code(p)}", "tỉnh", "VN"] for p in range(1, provinces + 1)]
    rows += [[code, f"Xã {place_name(rng)} ({code})", "xã", province]
             for code, province in national_units(communes, provinces, codes=True)]
    return _csv(rows, ["unit", "label", "level", "parent"])


def national_register_plan_text() -> str:
    """QĐ 534/QĐ-TTg's plan-level targets as a plan that lists no unit: every target scoped to the communes,
    a group named by its level, filled by the register beside the plan (`--register`)."""
    plan = planrules.load(NATIONAL)
    lines = ['# MẪU (SAMPLE), sinh bởi bench/generate.py --register: các chỉ tiêu chung của Quyết định 534/QĐ-TTg',
             '# (plans/quoc-gia/qd-534-ttg.plan) áp cho mọi xã trong danh mục don-vi.units.csv bên cạnh.',
             '# A sample written by bench/generate.py --register: the plan lists no unit; the register does.',
             'kế hoạch: "534/QĐ-TTg-MẪU"', f'tiêu đề: "{plan.title}"', 'cơ quan ban hành: "Thủ tướng Chính phủ"',
             'địa bàn: "VN"', 'ngày ban hành: 31/03/2026', '',
             'nhóm các_xã: "Các xã, phường, đặc khu" = cấp xã', '']
    body = [line for line in (NATIONAL.read_text(encoding="utf-8").splitlines()) if line.startswith("chỉ tiêu")]
    lines += [f"{line} phạm vi: các_xã" for line in (*body, *EXTRA_TARGETS)]
    return "\n".join(lines) + "\n"


def national_plan_text(communes: int, provinces: int) -> str:
    """QĐ 534/QĐ-TTg's text (its plan-level targets bind every unit) renumbered as a benchmark plan, with two
    targets of KH 104 added and every commune declared as a unit, in its province's group."""
    text = NATIONAL.read_text(encoding="utf-8").replace('kế hoạch: "534/QĐ-TTg"', 'kế hoạch: "534/QĐ-TTg-BENCH"', 1)
    units = national_units(communes, provinces)
    lines = [text.rstrip("\n"), "", "# Benchmark (bench/generate.py --tables): two targets of KH 104/KH-UBND, so that",
             "# every record kind is read, and the communes of the national fact set as units.", *EXTRA_TARGETS, ""]
    lines += [f'đơn vị {unit}: "Xã {unit[3:]}"' for unit, _ in units]
    members: dict[str, list[str]] = {}
    for unit, group in units:
        members.setdefault(group, []).append(unit)
    lines += [f'nhóm {group}: "Tỉnh {group[5:]}" = {", ".join(names)}' for group, names in members.items()]
    return "\n".join(lines) + "\n"


class _ParquetSink:
    """One Parquet file per table in `folder`, one row group per chunk written."""

    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=False)
        self.folder, self.writers = folder, {}

    def write(self, name: str, table) -> None:
        import pyarrow.parquet as pq

        if name not in self.writers:
            self.writers[name] = pq.ParquetWriter(self.folder / f"{name}.parquet", table.schema)
        self.writers[name].write_table(table, row_group_size=max(1, table.num_rows))

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()


class _DuckDBSink:
    """One table per table in a new DuckDB file, each chunk appended (insertion order is the rowid)."""

    def __init__(self, path: Path):
        import duckdb

        if path.exists():
            raise FileExistsError(path)
        self.con, self.made = duckdb.connect(str(path)), set()

    def write(self, name: str, table) -> None:
        target = '"' + name.replace('"', '""') + '"'
        self.con.register("bench:chunk", table)
        if name in self.made:
            self.con.execute(f'INSERT INTO {target} SELECT * FROM "bench:chunk"')
        else:
            self.con.execute(f'CREATE TABLE {target} AS SELECT * FROM "bench:chunk"')
            self.made.add(name)
        self.con.unregister("bench:chunk")

    def close(self) -> None:
        self.con.close()


def _national_chunks(communes: int, provinces: int, seed: int, scale: float, register: bool = False):
    """(table, Arrow table) pairs, CHUNK communes at a time: the national fact set, vectorised. With
    `register`, the communes go by their codes and the `units` table names them only."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    units = national_units(communes, provinces, codes=register)
    names = pa.array([u for u, _ in units], pa.string())
    rng = np.random.default_rng([seed, 0])  # per-commune sizes and rates, drawn once
    size = rng.uniform(0.5, 1.5, communes)
    volume = {kind: np.maximum(1, np.rint(mean * scale * size * rng.uniform(0.85, 1.15, communes))).astype(np.int64)
              for kind, mean in NATIONAL_MEANS.items()}
    online = rng.uniform(0.45, 0.85, communes)  # conferences online (target ≥ 60%)
    admin = rng.uniform(0.25, 0.45, communes)  # documents issued that are administrative
    digitised = rng.uniform(0.90, 1.0, communes)  # documents issued digitised (≥ 95%)
    secret = rng.uniform(0.01, 0.05, communes)  # documents sent that are secret
    paper = np.where(rng.random(communes) < 0.3, 0.0, rng.uniform(0.0, 0.03, communes))  # non-secret on paper
    dossiers_online = rng.uniform(0.90, 1.0, communes)  # (≥ 95%)
    trained = np.where(rng.random(communes) < 0.4, 1.0, rng.uniform(0.8, 1.0, communes))  # (100%)
    conference_cut = rng.uniform(0.80, 1.02, communes)  # 2026 / 2025 (≥ 10% cut: ≤ 0.90)
    admin_cut = rng.uniform(0.75, 0.95, communes)  # (≥ 15% cut: ≤ 0.85)
    start = np.datetime64(YEAR_START, "D")
    types = pa.array(CONFERENCE_TYPES, pa.string())
    serial = dict.fromkeys(NATIONAL_MEANS, 0)

    def block(kind, a, b, r):
        """Unit positions (sorted by unit, then date), their names, dates and ids of kind's records of [a, b)."""
        n = volume[kind][a:b]
        who = np.repeat(np.arange(a, b), n)
        days = r.integers(0, 365, who.size)
        order = np.lexsort((days, who))
        who, days = who[order], days[order]
        ids = pc.cast(pa.array(np.arange(serial[kind] + 1, serial[kind] + 1 + who.size)), pa.string())
        serial[kind] += who.size
        first = np.concatenate(([0], np.cumsum(n)[:-1]))  # each commune's first row in the block
        return who, names.take(pa.array(who)), pa.array(start + days).cast(pa.date32()), ids, first, n

    def lacking(a, b, modulo, rest, size_, first):
        """A mask with one NULL (at the first record) in each commune i of [a, b) with i % modulo == rest."""
        mask = np.zeros(size_, dtype=bool)
        for i in range(a, b):
            if i % modulo == rest:
                mask[first[i - a]] = True
        return mask

    for a in range(0, communes, CHUNK):
        b = min(communes, a + CHUNK)
        r = np.random.default_rng([seed, 1 + a // CHUNK])
        # conferences: type, online, duration (a few over their type's cap)
        who, unit, day, ids, first, n = block("hội_nghị", a, b, r)
        kind = r.choice(3, who.size, p=np.array([5, 12, 1]) / 18)
        u = r.random(who.size)
        hours = np.select([kind == 0, kind == 1], [np.where(u < 0.97, 0.5, 1.0),
                                                    np.where(u < 0.5, 0.5, np.where(u < 0.99, 1.0, 1.5))],
                          np.where(u < 0.6, 1.0, np.where(u < 0.99, 1.5, 2.0)))
        last = first + n - 1
        no_length = np.zeros(who.size, dtype=bool)
        for i in range(a, b):  # the last conference of the year, a quán triệt one, without its duration
            if i % 307 == 11:
                kind[last[i - a]], no_length[last[i - a]] = 0, True
        yield "hội_nghị", pa.table({
            "unit": unit, "id": ids, "ngày": day, "loại": types.take(pa.array(kind)),
            "trực_tuyến": pa.array(r.random(who.size) < online[who], mask=lacking(a, b, 211, 7, who.size, first)),
            "thời_lượng": pa.array(hours, mask=no_length).cast(pa.decimal128(18, 6)),
        })
        # documents issued: administrative or not, digitised or not
        who, unit, day, ids, first, n = block("văn_bản_ban_hành", a, b, r)
        is_admin = r.random(who.size) < admin[who]
        yield "văn_bản_ban_hành", pa.table({
            "unit": unit, "id": ids, "ngày": day, "hành_chính": pa.array(is_admin),
            "số_hóa": pa.array(r.random(who.size) < digitised[who])})
        admin_2026 = np.bincount(who - a, weights=is_admin, minlength=b - a)
        # documents sent: secret or not, electronic unless on paper (secret ones never electronic)
        who, unit, day, ids, first, n = block("văn_bản_gửi", a, b, r)
        is_secret = r.random(who.size) < secret[who]
        yield "văn_bản_gửi", pa.table({
            "unit": unit, "id": ids, "ngày": day,
            "điện_tử": pa.array(~is_secret & (r.random(who.size) >= paper[who])),
            "mật": pa.array(is_secret, mask=lacking(a, b, 503, 17, who.size, first))})
        # administrative dossiers: handled online or not; a few communes have an undated one
        who, unit, day, ids, first, n = block("hồ_sơ_tthc", a, b, r)
        undated = lacking(a, b, 401, 13, who.size, first)
        yield "hồ_sơ_tthc", pa.table({
            "unit": unit, "id": ids, "ngày": pc.if_else(pa.array(undated), pa.scalar(None, pa.date32()), day),
            "trực_tuyến": pa.array(r.random(who.size) < dossiers_online[who])})
        # staff: a snapshot, no date
        who, unit, _, ids, first, n = block("cán_bộ", a, b, r)
        yield "cán_bộ", pa.table({"unit": unit, "id": ids, "mã": ids,
                                  "đào_tạo_kỹ_năng_số": pa.array(r.random(who.size) < trained[who])})
        # the 2025 baselines: conferences, and administrative documents issued
        here = np.arange(a, b)
        held = volume["hội_nghị"][a:b]
        count = lambda x: pa.array(np.rint(x).astype(np.int64))  # noqa: E731
        yield "counts", pa.table({
            "unit": pa.concat_arrays([names[a:b], names[a:b]]),
            "kind": pa.array(["hội_nghị"] * (b - a) + ["văn_bản_ban_hành"] * (b - a), pa.string()),
            "year": pa.array(np.full(2 * (b - a), BASELINE_YEAR, dtype=np.int32)),
            "count": pa.concat_arrays([count(held / conference_cut[here]), count(admin_2026 / admin_cut[here])]),
            "hành_chính": pa.array([None] * (b - a) + [True] * (b - a), pa.bool_())})
        if register:  # where a commune lies is the register's to say
            yield "units", pa.table({"unit": names[a:b]})
            continue
        yield "units", pa.table({"unit": names[a:b],
                                 "member_of": pa.array([g for _, g in units[a:b]], pa.string()),
                                 # the province as an attribute too: what `eval --group-by tỉnh` rolls up by
                                 "tỉnh": pa.array([g for _, g in units[a:b]], pa.string())})


def write_national(out: Path, tables: str, *, communes: int, provinces: int, seed: int,
                   scale: float = 1.0, register: bool = False) -> dict[str, int]:
    """Write the national fact set under `out` (`national/` Parquet folder or `national.duckdb`) and its plan
    (`national.plan`); with `register`, the plan lists no unit and `don-vi.units.csv` is its register. Return
    the number of rows of each table."""
    out.mkdir(parents=True, exist_ok=True)
    if register:
        (out / "national.plan").write_text(national_register_plan_text(), encoding="utf-8")
        (out / "don-vi.units.csv").write_text(register_csv(communes, provinces, seed), encoding="utf-8")
    else:
        (out / "national.plan").write_text(national_plan_text(communes, provinces), encoding="utf-8")
    sink = _ParquetSink(out / "national") if tables == "parquet" else _DuckDBSink(out / "national.duckdb")
    rows: dict[str, int] = {}
    try:
        for name, table in _national_chunks(communes, provinces, seed, scale, register):
            sink.write(name, table)
            rows[name] = rows.get(name, 0) + table.num_rows
    finally:
        sink.close()
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--communes", type=int, default=3321)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--weakened", type=float, default=0.02, help="share of communes that loosen one target")
    parser.add_argument("--facts", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the volumes of facts")
    parser.add_argument("--tables", choices=("parquet", "duckdb"),
                        help="instead of the corpus, write one national fact set in the sources' table layout")
    parser.add_argument("--records-scale", type=float, default=1.0,
                        help="with --tables: multiply the records per commune (1.0: about 10,470)")
    parser.add_argument("--register", action="store_true",
                        help="with --tables: a plan that lists no unit, and a register of the communes beside it")
    args = parser.parse_args(argv)
    if args.provinces < 1 or args.communes < 0:
        parser.error("--provinces must be at least 1 and --communes at least 0")
    if args.tables:
        if args.communes < 1 or args.records_scale <= 0:
            parser.error("--tables needs --communes of at least 1 and a positive --records-scale")
        rows = write_national(args.out, args.tables, communes=args.communes, provinces=args.provinces,
                              seed=args.seed, scale=args.records_scale, register=args.register)
        records = sum(n for name, n in rows.items() if name not in ("counts", "units"))
        print(f"{records} records of {args.communes} communes ({args.tables}) in {args.out}: "
              + ", ".join(f"{name} {n}" for name, n in rows.items()))
        return
    stats = generate(args.out, provinces=args.provinces, communes=args.communes, seed=args.seed,
                     weakened=args.weakened, facts=args.facts, scale=args.scale)
    print(f"{stats['plans']} plans ({stats['weakened']} communes weakened), {stats['fact_rows']} fact rows in {args.out}")


if __name__ == "__main__":
    main()
