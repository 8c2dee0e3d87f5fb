"""Parse throughput of the .plan grammar, and the start-up cost of `planrules check`.

    python3 bench/parse.py [--megabytes 2] [--runs 7]

Builds a corpus by repeating the bundled real plans (their statements, with
the header dropped after the first copy so the result stays one valid plan),
then prints the median of several timed parses, in MB/s of UTF-8 text, and
the median wall time of `planrules check` on one plan in a new process
(import + grammar build + first parse). Figures are medians of one run on
one machine: compare them only with figures from the same run.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from planrules import Plan, load, parse  # noqa: E402
from planrules import format as format_plan  # noqa: E402
from planrules.language.syntax import parser  # noqa: E402

SEED_PLANS = sorted(p for p in (ROOT / "plans").rglob("*.plan") if p.name != "prelude.plan")


def corpus(megabytes: float) -> str:
    """Real plan bodies repeated until the text reaches `megabytes` of UTF-8.

    The identity header is dropped (one per file is allowed), so the corpus is
    one valid plan made of the real plans' statements, in canonical layout.
    """
    bodies = []
    for path in SEED_PLANS or [ROOT / "plans" / "prelude.plan"]:
        plan = load(path)
        bodies.append(format_plan(Plan(body=plan.body, language=plan.language)))
    unit = "\n".join(bodies)
    copies = max(1, int(megabytes * 1_000_000 / len(unit.encode("utf-8"))))
    return unit * copies


def time_parse(text: str, runs: int) -> list[float]:
    parser()  # build outside the timing
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        parse(text, source="corpus.plan")
        times.append(time.perf_counter() - start)
    return times


def time_cli(plan: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "planrules", "check", str(plan)], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--megabytes", type=float, default=2.0)
    options.add_argument("--runs", type=int, default=7)
    args = options.parse_args()

    text = corpus(args.megabytes)
    size = len(text.encode("utf-8")) / 1_000_000
    times = time_parse(text, args.runs)
    median = statistics.median(times)
    print(f"corpus: {size:.2f} MB, {text.count(chr(10))} lines, from {len(SEED_PLANS)} real plans repeated")
    print(f"parse: median {median:.3f} s over {args.runs} runs -> {size / median:.2f} MB/s "
          f"(min {min(times):.3f} s, max {max(times):.3f} s)")

    one = SEED_PLANS[0] if SEED_PLANS else ROOT / "plans" / "prelude.plan"
    cli = time_cli(one, args.runs)
    print(f"`planrules check {one.relative_to(ROOT)}` in a new process: median {statistics.median(cli):.3f} s "
          f"over {args.runs} runs (min {min(cli):.3f} s)")


if __name__ == "__main__":
    main()
