"""Time and memory to export a plan of N tasks (default 10,000 rows minus the title) as a Word document and an
Excel workbook, and to import each back into a draft: the median of runs.

    python3 bench/documents.py [--tasks 9990] [--runs 3]

The plan is generated (documented as such): 50 units "Đơn vị số i", tasks numbered 1 … N, each with a
content of about 170 characters, one lead, one collaborator, a deliverable and one of four deadlines
(Hằng năm, Quý IV/2026, Thường xuyên, Tháng 6/2026). Each step runs in this process; the peak resident
memory is the process's after all runs. Figures are of one run on one machine.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from planrules.documents.appendix import read_appendix  # noqa: E402
from planrules.documents.assignment import assignment_table  # noqa: E402
from planrules.documents.docx_table import write_table as write_docx  # noqa: E402
from planrules.documents.draft import draft_text  # noqa: E402
from planrules.documents.tables import read_document  # noqa: E402
from planrules.documents.xlsx_table import write_table as write_xlsx  # noqa: E402
from planrules.language import model as m  # noqa: E402

FORMS = (m.EachYear(), m.InQuarter(quarter=4, year=2026), m.Ongoing(), m.InMonth(year=2026, month=6))


def generated(tasks: int) -> m.Plan:
    units = [m.Unit(f"u{i}", f"Đơn vị số {i}") for i in range(50)]
    content = "Rà soát, sửa đổi, bổ sung quy chế làm việc của cơ quan " * 3
    body = [m.Task(m.Address(row=i + 1), content=content, leads=(f"u{i % 50}",), collaborators=(f"u{(i + 1) % 50}",),
                   deliverable="Báo cáo kết quả thực hiện", deadlines=(FORMS[i % 4],)) for i in range(tasks)]
    return m.Plan(number="1/KH", body=(*units, *body))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=9990)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    plan = generated(args.tasks)
    labels = {s.name: s.label for s in plan.body if isinstance(s, m.Unit)}
    table = assignment_table(plan, labels.get).table
    folder = Path(tempfile.mkdtemp())
    for kind, write in (("docx", write_docx), ("xlsx", write_xlsx)):
        path = folder / f"phu-luc.{kind}"
        writes, imports = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            path.write_bytes(write(table))
            writes.append(time.perf_counter() - start)
            start = time.perf_counter()
            appendix = read_appendix(read_document(path), str(path))
            draft_text(appendix)
            imports.append(time.perf_counter() - start)
        print(f"{kind}: {args.tasks} tasks, {path.stat().st_size // 1024} KiB; export {statistics.median(writes):.1f} s, "
              f"import {statistics.median(imports):.1f} s; cells read {appendix.counts[0]}, TODO {appendix.counts[1]}")
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    main()
