"""`planrules check` over a generated library of thousands of plans.

    python3 bench/check.py [--provinces 60] [--communes 50] [--runs 3] [--keep DIR]

Builds a national hierarchy from the real plans: the national plan
(qd-534-ttg.plan) on top, --provinces province plans (copies of the Cục plan
10-KH/ĐU, renumbered, their parent the national plan) and --communes commune
plans under each (copies of the Vũ Dương plan 104/KH-UBND, their parents the
national plan and their province). With the defaults that is 3,061 plans.
Then it times `planrules check DIR` in a new process: the first run after the
files are written ("cold": nothing imported or parsed before in any process)
and --runs more ("warm": the operating system's caches filled), and prints
medians, plus the findings counted by code. Wall-clock on a noisy machine:
compare figures of one run.
"""

from __future__ import annotations

import argparse
import collections
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import planrules  # noqa: E402

NATIONAL = ROOT / "plans/quoc-gia/qd-534-ttg.plan"
PROVINCE = ROOT / "plans/quoc-gia/bo-noi-vu/cuc-van-thu-luu-tru/kh-10-du.plan"
COMMUNE = ROOT / "plans/quoc-gia/ninh-binh/vu-duong/kh-104-ubnd.plan"


def generate(folder: Path, provinces: int, communes: int) -> int:
    """Write the library under `folder`; return how many plans it holds."""
    shutil.copy(NATIONAL, folder / "qd-534-ttg.plan")
    province, commune = planrules.load(PROVINCE), planrules.load(COMMUNE)
    count = 1
    for p in range(provinces):
        number = f"{p + 1}/KH-T{p + 1:02d}"
        folder_p = folder / f"tinh-{p + 1:02d}"
        folder_p.mkdir()
        plan = attrs.evolve(province, number=number, issuer=f"UBND tỉnh số {p + 1}")
        (folder_p / "ke-hoach.plan").write_text(planrules.format(plan), encoding="utf-8")
        count += 1
        for c in range(communes):
            child = attrs.evolve(commune, number=f"{c + 1}/KH-X{p + 1:02d}-{c + 1:03d}",
                                 issuer=f"UBND xã số {c + 1}, tỉnh số {p + 1}", parents=("534/QĐ-TTg", number))
            (folder_p / f"xa-{c + 1:03d}.plan").write_text(planrules.format(child), encoding="utf-8")
            count += 1
    return count


def run_check(folder: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "planrules", "check", str(folder), "--format", "json"],
                          capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"planrules check failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed, done.stdout


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provinces", type=int, default=60)
    parser.add_argument("--communes", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the library here and keep it")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="planrules-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        plans = generate(folder, args.provinces, args.communes)
        size = sum(f.stat().st_size for f in folder.rglob("*.plan"))
        cold, out = run_check(folder)
        warm = [run_check(folder)[0] for _ in range(args.runs)]
        report = json.loads(out)
        codes = collections.Counter(d["code"] for f in report["files"] for d in f["diagnostics"])
        print(f"library: {plans} plans, {size / 1e6:.1f} MB, in {folder}")
        print(f"planrules check, cold (first run):  {cold:7.2f} s  ({cold / plans * 1e3:.2f} ms per plan)")
        print(f"planrules check, warm (median of {args.runs}): {statistics.median(warm):7.2f} s  "
              f"({statistics.median(warm) / plans * 1e3:.2f} ms per plan)")
        print(f"findings: {report['errors']} errors, {report['warnings']} warnings, {report.get('infos', 0)} info; "
              + ", ".join(f"{c} {n}" for c, n in sorted(codes.items())))
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
