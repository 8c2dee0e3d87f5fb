"""Open organisations: what binding a register's units costs, against units declared in the plan.

    python3 bench/binding.py [--units 10000] [--communes 3321] [--provinces 34] [--runs 5]
                             [--records-scale 0.01]

Prints medians of --runs runs, measured in this process:

1. compile: a plan whose group is every commune of the register (`= cấp xã`) compiled against a
   register of --units communes (plus provinces and the nation) — the plan lists none of them;
   the same plan with the --units communes declared in it and listed in its group, for scale.
2. national: the national fact set of bench/generate.py --tables duckdb (--communes communes in
   --provinces provinces, records times --records-scale), evaluated twice on the same records —
   once with the communes declared in the plan (the plan of `generate.py --tables`), once with a
   plan that lists no unit and the register beside it (`generate.py --tables --register`, the
   communes under their codes); fit + evaluate, with and without the roll-up to provinces and the
   nation; and the ratio register / declared, per unit judged.

Wall-clock on a noisy machine: compare the figures of one run only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from planrules.evaluation.compiler import compile  # noqa: E402
from planrules.facts.register import Register, Registered  # noqa: E402
from planrules.language.syntax import parse  # noqa: E402
from planrules.pipeline import Pipeline  # noqa: E402

AS_OF = dt.date(2026, 12, 31)
HEADER = 'kế hoạch: "1/KH-BENCH"\nđịa bàn: "VN"\nngày ban hành: 01/02/2026\n'
TARGETS = "chỉ tiêu: tỷ_lệ_hồ_sơ_trực_tuyến tối thiểu 95% hằng năm phạm vi: các_xã\n"


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate_for_binding", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def median_of(runs: int, work) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def synthetic_register(units: int, provinces: int) -> Register:
    rows = [Registered("VN", level="quốc_gia")]
    rows += [Registered(f"p{p:02d}", level="tỉnh", parent="VN") for p in range(provinces)]
    rows += [Registered(f"{i:05d}", f"Xã {i}", level="xã", parent=f"p{i % provinces:02d}") for i in range(units)]
    return Register(tuple(rows), ("bench.units.csv",))


def bench_compile(units: int, provinces: int, runs: int) -> None:
    register = synthetic_register(units, provinces)
    open_plan = parse(HEADER + 'nhóm các_xã: "Các xã" = cấp xã\n' + TARGETS, "open.plan")
    names = [f"x{i:05d}" for i in range(units)]
    listed = parse(HEADER + "".join(f'đơn vị {n}: "Xã {n}"\n' for n in names)
                   + f'nhóm các_xã: "Các xã" = {", ".join(names)}\n' + TARGETS, "listed.plan")
    open_time, rules = median_of(runs, lambda: compile(open_plan, register=register))
    listed_time, listed_rules = median_of(runs, lambda: compile(listed))
    print(f"compile, a group of {units:,} register units (= cấp xã): {open_time:.3f} s median "
          f"({len(rules.bound):,} bound)")
    print(f"compile, the same {units:,} units declared and listed in the plan: {listed_time:.3f} s median "
          f"({len(listed_rules.bound):,} bound); ratio register / declared {open_time / listed_time:.2f}")


def _register_of(csv_path: Path) -> Register:
    import csv

    with csv_path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return Register(tuple(Registered(r["unit"], r["label"], level=r["level"], parent=r["parent"] or None)
                          for r in rows), (str(csv_path),))


def bench_national(communes: int, provinces: int, scale: float, runs: int) -> None:
    generate = _generator()
    with tempfile.TemporaryDirectory() as tmp:
        declared_dir, register_dir = Path(tmp) / "declared", Path(tmp) / "register"
        generate.write_national(declared_dir, "duckdb", communes=communes, provinces=provinces, seed=1, scale=scale)
        generate.write_national(register_dir, "duckdb", communes=communes, provinces=provinces, seed=1, scale=scale,
                                register=True)
        pipeline = Pipeline()
        declared = compile(parse((declared_dir / "national.plan").read_text(encoding="utf-8"), "declared.plan"))
        register = _register_of(register_dir / "don-vi.units.csv")
        opened = compile(parse((register_dir / "national.plan").read_text(encoding="utf-8"), "national.plan"),
                         register=register)

        def run(rules, folder: Path, group_by=()):
            fitted = pipeline.fit(rules, str(folder / "national.duckdb"))
            return pipeline.evaluate(fitted, AS_OF, group_by=group_by)

        figures = {}
        for label, rules, folder in (("declared", declared, declared_dir), ("register", opened, register_dir)):
            seconds, evaluation = median_of(runs, lambda: run(rules, folder))
            figures[label] = seconds
            print(f"national, units {label:<8}: fit + evaluate {seconds:.2f} s median, "
                  f"{len(evaluation.report.units):,} units, {len(evaluation.report.verdicts):,} verdicts, "
                  f"{seconds / len(evaluation.report.units) * 1e6:.0f} µs per unit")
        seconds, evaluation = median_of(runs, lambda: run(opened, register_dir, ("tỉnh", "quốc_gia")))
        print(f"national, register, rolled up to {len(evaluation.rollups[0].groups)} provinces and the nation: "
              f"{seconds:.2f} s median")
        print(f"ratio register / declared: {figures['register'] / figures['declared']:.3f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--communes", type=int, default=3321)
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--records-scale", type=float, default=0.01)
    args = parser.parse_args(argv)
    bench_compile(args.units, args.provinces, args.runs)
    bench_national(args.communes, args.provinces, args.records_scale, args.runs)


if __name__ == "__main__":
    main()
