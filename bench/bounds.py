"""Time and memory of planrules on large or hostile input within the documented limits.

    python3 bench/bounds.py [--quick] [--only NAME,...] [--scale 1.0] [--limit-mb 4096] [--timeout 300]
                            [--src DIR]

Each case generates its input in a temporary folder and runs one `planrules`
command on it in a new process, measuring its wall time, its peak memory
(ru_maxrss of that process, read with getrusage(RUSAGE_CHILDREN) in a
fresh helper process, so no other case is counted) and the size of what it
printed. The child runs under an address-space limit of --limit-mb and a
--timeout: a case past either is reported as such, not left to take the
machine. --quick runs every case at a tenth of its size (--scale 0.1);
--scale scales the sizes freely. Cost that grows linearly with the input
stays proportional at every scale: compare the per-MB figures of two scales
to see it. --src runs the planrules of another tree (its `src` folder, e.g.
an older commit exported with `git archive COMMIT src grammar plans | tar -x -C DIR`),
to compare before and after. Figures are of one run on one machine
(docs/performance.md, "Bounds").
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VU_DUONG = ROOT / "plans" / "quoc-gia" / "ninh-binh" / "vu-duong" / "kh-104-ubnd.plan"
VU_DUONG_FACTS = ROOT / "examples" / "vu-duong" / "facts.toml"

HEADER = 'kế hoạch: "{number}"\nngày ban hành: 04/06/2026\n'


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def unterminated_string(folder: Path, scale: float) -> list[str]:
    """A paragraph whose text opens a quote on a 1 MB line and never closes it."""
    text = HEADER.format(number="1/KH") + 'đoạn I-1: "' + "chữ " * int(170_000 * scale) + "\n"
    return ["check", str(_write(folder, "p.plan", text))]


def unknown_names(folder: Path, scale: float) -> list[str]:
    """A task whose collaborators are 16,000 undeclared units on one 117 KB line."""
    names = ", ".join(f"u{i}" for i in range(int(16_000 * scale)))
    text = HEADER.format(number="1/KH") + "đơn vị a: \"A\"\n"
    text += f'nhiệm vụ TT 1 {{\n    nội dung: "x"\n    chủ trì: a\n    phối hợp: {names}\n}}\n'
    return ["check", str(_write(folder, "p.plan", text))]


def many_findings(folder: Path, scale: float) -> list[str]:
    """A 13.9 MB plan of tasks naming undeclared units: 1.5 M findings."""
    names = ", ".join(f"u{i}" for i in range(100))
    task = 'nhiệm vụ TT {i} {{\n    nội dung: "x"\n    chủ trì: a\n    phối hợp: ' + names + "\n}}\n"
    text = HEADER.format(number="1/KH") + "đơn vị a: \"A\"\n"
    text += "".join(task.format(i=i) for i in range(int(15_000 * scale)))
    return ["check", str(_write(folder, "p.plan", text))]


def long_string(folder: Path, scale: float) -> list[str]:
    """One 15 MB quoted text."""
    text = HEADER.format(number="1/KH") + 'đoạn I-1: "' + "chữ " * int(2_500_000 * scale) + '"\n'
    return ["check", str(_write(folder, "p.plan", text))]


def many_units(folder: Path, scale: float) -> list[str]:
    """14 MB of unit declarations."""
    text = HEADER.format(number="1/KH")
    text += "".join(f'đơn vị đơn_vị_{i}: "Đơn vị số {i}"\n' for i in range(int(255_000 * scale)))
    return ["check", str(_write(folder, "p.plan", text))]


def many_targets(folder: Path, scale: float) -> list[str]:
    """250,000 targets."""
    text = HEADER.format(number="1/KH")
    text += "chỉ tiêu: giảm_hội_nghị tối thiểu 10% hằng năm\n" * int(250_000 * scale)
    return ["check", str(_write(folder, "p.plan", text))]


def toml_facts(folder: Path, scale: float) -> list[str]:
    """A 4.2 MB TOML facts file laid out like examples/vu-duong/facts.toml: its units repeated, renamed."""
    example = VU_DUONG_FACTS.read_text(encoding="utf-8")
    head, mark, body = example.partition("\n# ----")
    body = mark + body
    units = ("vp_hđnd_ubnd", "phòng_vhxh", "trung_tâm_phục_vụ_hcc")
    copies = []
    for k in range(int(700 * scale)):
        copy = body
        for unit in units:
            copy = copy.replace(f'"{unit}"', f'"{unit}_{k}"')
        copies.append(copy)
    facts = _write(folder, "facts.toml", head + "".join(copies))
    return ["eval", str(VU_DUONG), "--facts", str(facts), "--as-of", "2026-12-31", "--no-cache"]


def csv_header(folder: Path, scale: float) -> list[str]:
    """A record table whose header has 100,000 unknown columns (600 KB)."""
    columns = ["unit", "id", *(f"c{i}" for i in range(int(100_000 * scale)))]
    text = ",".join(columns) + "\n" + ",".join(["vp_hđnd_ubnd", "X"] + [""] * (len(columns) - 2)) + "\n"
    facts = _write(folder, "hội_nghị.csv", text)
    return ["eval", str(VU_DUONG), "--facts", str(facts), "--as-of", "2026-12-31", "--no-cache"]


def _chain(folder: Path, scale: float, cycle: bool) -> list[str]:
    count = int(10_000 * scale)
    for i in range(count):
        parent = f'cấp trên: "P{(i - 1) % count}"\n' if i or cycle else ""
        text = HEADER.format(number=f"P{i}") + parent
        text += "chỉ tiêu: tỷ_lệ_hội_nghị_trực_tuyến tối thiểu 60% hằng năm\n"
        _write(folder, f"p{i}.plan", text)
    return ["check", str(folder), "--no-cache"]


def chain(folder: Path, scale: float) -> list[str]:
    """10,000 plans, each the parent of the next, each with a target."""
    return _chain(folder, scale, cycle=False)


def cycle(folder: Path, scale: float) -> list[str]:
    """10,000 plans in one cycle of parents."""
    return _chain(folder, scale, cycle=True)


def far_as_of(folder: Path, scale: float) -> list[str]:
    """Vũ Dương's plan on its sample facts, judged at 31/12/9999."""
    return ["eval", str(VU_DUONG), "--facts", str(VU_DUONG_FACTS), "--as-of", "9999-12-31", "--no-cache"]


def duplicate_tasks(folder: Path, scale: float) -> list[str]:
    """A plan of 10,000 tasks all numbered 1."""
    text = HEADER.format(number="1/KH") + "đơn vị a: \"A\"\n"
    task = 'nhiệm vụ TT 1 {\n    nội dung: "x"\n    chủ trì: a\n    sản phẩm: "y"\n    thời hạn: trước ngày 31/12/2026\n}\n'
    text += task * int(10_000 * scale)
    return ["check", str(_write(folder, "p.plan", text))]


CASES: dict[str, Callable[[Path, float], list[str]]] = {
    "unterminated-string": unterminated_string,
    "unknown-names": unknown_names,
    "many-findings": many_findings,
    "long-string": long_string,
    "many-units": many_units,
    "many-targets": many_targets,
    "toml-facts": toml_facts,
    "csv-header": csv_header,
    "chain": chain,
    "cycle": cycle,
    "far-as-of": far_as_of,
    "duplicate-tasks": duplicate_tasks,
}


def _input_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure(argv: list[str], limit_mb: int, timeout: float, src: Path = ROOT / "src") -> dict:
    """Run `planrules ARGV` in a helper process; its wall time, peak RSS and output size."""
    helper = [sys.executable, __file__, "--child", json.dumps([argv, limit_mb, timeout, str(src)])]
    done = subprocess.run(helper, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _child(spec: str) -> None:
    """In the helper process: run the command under the limits, print what it cost as JSON."""
    argv, limit_mb, timeout, src = json.loads(spec)

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit_mb * 2**20, limit_mb * 2**20))

    cache = tempfile.mkdtemp(prefix="bounds-cache-")  # a cold compile cache for each case, as a first run has
    env = {"PYTHONPATH": src, "PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0",
           "PLANRULES_CACHE_DIR": cache}
    start = time.perf_counter()
    outcome = "ok"
    try:
        done = subprocess.run([sys.executable, "-m", "planrules", *argv], capture_output=True, env=env,
                              preexec_fn=limited, timeout=timeout)
        code, output, errors = done.returncode, len(done.stdout) + len(done.stderr), done.stderr
        if b"MemoryError" in errors:
            outcome = "MemoryError"
        elif b"Traceback" in errors:
            outcome = "traceback"
        elif code < 0:
            outcome = f"signal {-code}"
    except subprocess.TimeoutExpired:
        code, output, outcome = None, 0, f"timeout {timeout:.0f} s"
    wall = time.perf_counter() - start
    shutil.rmtree(cache, ignore_errors=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB -> MiB on Linux
    print(json.dumps({"wall": wall, "peak_mb": peak, "exit": code, "output": output, "outcome": outcome}))


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        _child(sys.argv[2])
        return
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--quick", action="store_true", help="every case at a tenth of its size")
    options.add_argument("--scale", type=float, default=None, help="scale every case's size (default 1)")
    options.add_argument("--only", default="", help="comma-separated case names: " + ", ".join(CASES))
    options.add_argument("--limit-mb", type=int, default=4096, help="address space of the child (MiB)")
    options.add_argument("--timeout", type=float, default=300.0, help="seconds before a case is stopped")
    options.add_argument("--src", type=Path, default=ROOT / "src", help="the src folder of the planrules to run")
    args = options.parse_args()
    scale = args.scale if args.scale is not None else (0.1 if args.quick else 1.0)
    names = [n for n in args.only.split(",") if n] or list(CASES)
    unknown = [n for n in names if n not in CASES]
    if unknown:
        options.error(f"unknown case(s): {', '.join(unknown)}")
    print(f"src {args.src}, scale {scale}, limit {args.limit_mb} MiB, timeout {args.timeout:.0f} s, Python {sys.version.split()[0]}")
    print(f"{'case':<20} {'input':>9} {'wall':>8} {'peak':>9} {'output':>9} exit outcome")
    for name in names:
        with tempfile.TemporaryDirectory(prefix=f"bounds-{name}-") as tmp:
            folder = Path(tmp)
            argv = CASES[name](folder, scale)
            size = _input_size(folder)
            r = measure(argv, args.limit_mb, args.timeout, args.src.resolve())
        print(f"{name:<20} {size / 1e6:>7.2f}MB {r['wall']:>7.2f}s {r['peak_mb']:>6.0f}MiB "
              f"{r['output'] / 1e6:>7.2f}MB {r['exit']!s:>4} {r['outcome']}", flush=True)


if __name__ == "__main__":
    main()
