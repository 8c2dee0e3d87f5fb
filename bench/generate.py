"""A national corpus of plans and a year of facts, shaped like the real ones, from a seed.

    python3 bench/generate.py OUT [--provinces 34] [--communes 3321] [--seed 1]
                              [--weakened 0.02] [--facts/--no-facts] [--scale 1.0]

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
from planrules import model as m  # noqa: E402

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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--communes", type=int, default=3321)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--weakened", type=float, default=0.02, help="share of communes that loosen one target")
    parser.add_argument("--facts", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the volumes of facts")
    args = parser.parse_args(argv)
    if args.provinces < 1 or args.communes < 0:
        parser.error("--provinces must be at least 1 and --communes at least 0")
    stats = generate(args.out, provinces=args.provinces, communes=args.communes, seed=args.seed,
                     weakened=args.weakened, facts=args.facts, scale=args.scale)
    print(f"{stats['plans']} plans ({stats['weakened']} communes weakened), {stats['fact_rows']} fact rows in {args.out}")


if __name__ == "__main__":
    main()
