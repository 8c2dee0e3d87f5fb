"""Evaluation throughput: the Vũ Dương plan judged on generated facts for many units.

    python3 bench/evaluate.py [--units 3000] [--runs 5] [--seed 1]

Prints, as medians of --runs runs in this process: compile time of the plan,
time to load the generated facts file (TOML), time to evaluate every unit,
verdicts per second and microseconds per unit-plan evaluation. The plan is
kh-104-ubnd.plan with one extra unit declared per generated unit, each a
member of every task's lead group, so every unit is judged on every rule (19
targets, 16 deadlines). Each unit reports conference records for the year,
aggregate counts for the other record kinds and last year, and some deliveries.
Timings are wall-clock on a noisy machine: compare figures of one run only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import tomli_w

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import planrules  # noqa: E402

PLAN = ROOT / "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"
KINDS = ("quán_triệt", "chuyên_môn", "quan_trọng")


def plan_text(units: int) -> str:
    """The real plan plus `units` generated units, each a member of the plan's groups."""
    text = PLAN.read_text(encoding="utf-8")
    names = [f"đv_{i:05d}" for i in range(units)]
    declared = "\n".join(f'đơn vị {name}: "Đơn vị số {i}"' for i, name in enumerate(names))
    # every generated unit leads every task: make it a member of the plan's lead units' group
    return text + "\n" + declared + "\n" + f'nhóm đơn_vị_sinh: "Các đơn vị sinh" = {", ".join(names)}\n'


def facts_document(units: int, seed: int) -> dict:
    rng = random.Random(seed)
    out: dict = {"events": [{"event": "chỉ_đạo_của_tỉnh_về_chuyển_đổi_số", "date": dt.date(2026, 9, 15)}], "units": {}}
    for i in range(units):
        name = f"đv_{i:05d}"
        records = []
        for j in range(rng.randint(3, 15)):
            day = dt.date(2026, rng.randint(6, 12), rng.randint(1, 28))
            records.append({
                "id": f"{name}-HN-{j}", "ngày": day, "loại": rng.choice(KINDS),
                "trực_tuyến": rng.random() < 0.65, "thời_lượng": rng.choice(["1/2", "1", "1,5", "2"]),
            })
        counts = [{"kind": "hội_nghị", "year": 2025, "count": len(records) + rng.randint(-2, 4)}]
        for kind, flag in (("văn_bản_gửi", "điện_tử"), ("hồ_sơ_tthc", "trực_tuyến"), ("văn_bản_ban_hành", "số_hóa")):
            total = rng.randint(120, 400)  # more than the administrative documents counted below
            counts.append({"kind": kind, "year": 2026, "count": total})
            if kind == "văn_bản_gửi":
                secret = rng.randint(0, 5)
                counts.append({"kind": kind, "year": 2026, "count": secret, "where": {"mật": True}})
                counts.append({"kind": kind, "year": 2026, "count": rng.randint(0, total - secret),
                               "where": {"mật": False, "điện_tử": True}})
            else:
                counts.append({"kind": kind, "year": 2026, "count": rng.randint(0, total), "where": {flag: True}})
        for year in (2025, 2026):
            counts.append({"kind": "văn_bản_ban_hành", "year": year, "count": rng.randint(50, 100),
                           "where": {"hành_chính": True}})
        deliveries = [{"task": "TT 1", "date": dt.date(2026, rng.randint(6, 12), 10)}]
        if rng.random() < 0.7:
            deliveries.append({"task": "V.2-1", "deadline": "6 tháng", "period": "2026-H1",
                               "date": dt.date(2026, 6, rng.randint(20, 30))})
        out["units"][name] = {
            "member_of": ["đơn_vị_sinh"],
            "records": {"hội_nghị": records},
            "counts": counts,
            "deliveries": deliveries,
        }
    return out


def lead_everything(plan: planrules.Plan) -> planrules.Plan:
    """The plan with the generated group added as a lead of every task, so every unit is bound."""
    import attrs

    body = tuple(
        attrs.evolve(s, leads=s.leads + ("đơn_vị_sinh",)) if isinstance(s, planrules.Task) else s for s in plan.body
    )
    return attrs.evolve(plan, body=body)


def timed(fn, runs: int):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    plan = lead_everything(planrules.parse(plan_text(args.units), source=str(PLAN)))
    compile_s, rules = timed(lambda: planrules.compile(plan), args.runs)
    small = planrules.load(PLAN)
    compile_small_s, _ = timed(lambda: planrules.compile(small), args.runs)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "facts.toml"
        text = tomli_w.dumps(facts_document(args.units, args.seed))
        path.write_text(text, encoding="utf-8")
        load_s, facts = timed(lambda: planrules.load_facts(path, vocabulary=rules.vocabulary), args.runs)
    as_of = dt.date(2026, 12, 31)
    evaluate_s, report = timed(lambda: rules.evaluate(facts, as_of), args.runs)
    verdicts = len(report.verdicts)
    totals = report.totals()
    print(f"units: {args.units}, rules: {len(rules.metric_rules)} targets + {len(rules.deadline_rules)} deadlines, "
          f"runs: {args.runs} (medians)")
    print(f"facts file: {len(text) / 1e6:.2f} MB, {sum(len(u.records) for u in facts.units)} records")
    print(f"compile kh-104-ubnd.plan (3 units):      {compile_small_s * 1e3:8.2f} ms")
    print(f"compile it with {args.units} generated units:  {compile_s * 1e3:8.2f} ms")
    print(f"load facts (TOML, validated):            {load_s:8.3f} s")
    print(f"evaluate all units:                      {evaluate_s:8.3f} s")
    measures = sum(totals.values())  # a target restated in several clauses is one measure (Report.totals)
    print(f"verdicts: {verdicts}, {measures} distinct measures "
          f"({', '.join(f'{s.value} {n}' for s, n in totals.items())})")
    print(f"throughput: {verdicts / evaluate_s:,.0f} verdicts/s, "
          f"{evaluate_s / args.units * 1e6:,.0f} µs per unit-plan evaluation")


if __name__ == "__main__":
    main()
