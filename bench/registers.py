"""Time to read a unit register of N units (default 10,000) from CSV and from TOML: the median of runs.

    python3 bench/registers.py [--units 10000] [--runs 5]

The register is generated (documented as such): one nation, 34 provinces with
codes `VN-01` …, and communes numbered as official codes are (`00001` …), each
with a label, a level, its province as parent, a group for one in ten, and an
attribute (`vùng`). It is written as `communes.units.csv` and
`communes.units.toml` in a temporary folder and read with
`planrules.facts.register_files.load_register`, each read in this process
after one warm-up read (the prelude and the readers loaded). Figures are of
one run on one machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from planrules.facts.register import Register, Registered  # noqa: E402
from planrules.facts.register_files import load_register  # noqa: E402
from planrules.strategies.registers import register_csv, register_toml  # noqa: E402

REGIONS = ("Đồng bằng sông Hồng", "Bắc Trung Bộ", "Tây Nguyên", "Đông Nam Bộ", "Đồng bằng sông Cửu Long")


def generated(size: int) -> Register:
    """A nation, 34 provinces and `size` - 35 communes spread over them."""
    units = [Registered("VN", "Việt Nam", level="quốc_gia")]
    for p in range(1, 35):
        units.append(Registered(f"{p:02d}", f"Tỉnh số {p}", f"VN-{p:02d}", "tỉnh", "VN"))
    for c in range(1, max(0, size - 35) + 1):
        province = f"{c % 34 + 1:02d}"
        units.append(Registered(f"{c:05d}", f"Xã số {c}", f"VN-{province}-{c:05d}", "xã", province,
                                ("các_xã_điểm",) if c % 10 == 0 else (), (("vùng", REGIONS[c % 5]),)))
    return Register(tuple(units))


def timed(path: Path, runs: int) -> list[float]:
    load_register(path)  # warm-up
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        register = load_register(path)
        out.append(time.perf_counter() - start)
    assert len(register) > 0
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    register = generated(args.units)
    with tempfile.TemporaryDirectory() as folder:
        for name, text in (("communes.units.csv", register_csv(register)),
                           ("communes.units.toml", register_toml(register))):
            path = Path(folder) / name
            path.write_text(text, encoding="utf-8")
            times = timed(path, args.runs)
            assert load_register(path).units == register.units
            print(f"{name:22} {len(register):>7,} units {path.stat().st_size / 1e6:6.2f} MB  "
                  f"median {statistics.median(times):.3f} s  (min {min(times):.3f}, max {max(times):.3f}, "
                  f"{args.runs} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
