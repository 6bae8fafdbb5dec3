"""Benchmark the batch export: all 21 fact sheets as HTML + PDF, written to a folder.

``total_s`` is the wall time of :func:`factsheets.export_all` after the imports: loading the
rules, building the 21 sheets, rendering HTML and PDF in a pool of ``--workers`` processes (2,
as on the reference machine), and writing 42 files atomically. ``--baseline`` also times the
naive way, one sheet after another in one process, for comparison. Budget: ≤ 10 s in total,
≤ 1.5 MB per PDF.

On a shared machine the wall time says more about the other processes than about the batch,
so each run also reports its CPU seconds (this process and its workers, ``getrusage``), the
part spent before the pool starts (``serial_cpu_s``: rules, sheets, warm-up), and
``idle_estimate_s`` = serial + pool CPU / workers: the wall time on an idle machine with as
many free cores as workers. ``load_average`` is the machine's 1-minute load at the start.

Prints a few human lines, then one JSON line as the last output:
``{"count": 21, "total_s": …, "cpu_s": …, "idle_estimate_s": …, "max_pdf_bytes": …}`` (plus
``baseline_s``, ``baseline_cpu_s`` and ``baseline_idle_estimate_s`` with ``--baseline``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import factsheets
from layout_rules import load_rules

BUDGET_S = 10.0
MAX_PDF_BYTES = 1_500_000


def _cpu_s() -> float:
    """CPU seconds of this process and its finished workers (user + system)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def _export(workers: int) -> dict[str, float]:
    """Return the wall and CPU seconds of one full batch export, and its largest PDF."""
    serial: list[float] = []
    cpu_start = _cpu_s()

    def progress(done: int, total: int, sheet: object) -> None:
        del total, sheet
        if done == 1 and workers > 1:  # the pool's first result: the serial part is over
            serial.append(_cpu_s() - cpu_start)

    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        paths = factsheets.export_all(load_rules(), folder, workers=workers, progress=progress)
        seconds = time.perf_counter() - start
        cpu = _cpu_s() - cpu_start
        largest = max(path.stat().st_size for path in paths if path.suffix == ".pdf")
    # With one process everything is serial; with a pool, the parent's CPU before the first
    # result (its own time only: workers are counted when they end) is the serial part.
    before = serial[0] if serial else cpu
    estimate = cpu if workers <= 1 else before + (cpu - before) / workers
    return {"total_s": seconds, "cpu_s": cpu, "serial_cpu_s": before,
            "idle_estimate_s": estimate, "max_pdf_bytes": largest,
            "files": len(paths)}  # fmt: skip


def main() -> None:
    """Run the benchmark and print its result."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=factsheets.export.DEFAULT_WORKERS)
    parser.add_argument("--baseline", action="store_true", help="also time one process")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    run = _export(args.workers)
    print(f"{run['files']:.0f} files in {run['total_s']:.1f} s, {run['cpu_s']:.1f} CPU-s "
          f"({args.workers} workers, load average {load:.1f})")  # fmt: skip
    print(f"largest PDF {run['max_pdf_bytes'] / 1e6:.2f} MB (budget {MAX_PDF_BYTES / 1e6:.1f} MB)")
    result: dict[str, object] = {
        "count": 21,
        "workers": args.workers,
        "total_s": round(run["total_s"], 2),
        "cpu_s": round(run["cpu_s"], 2),
        "serial_cpu_s": round(run["serial_cpu_s"], 2),
        "idle_estimate_s": round(run["idle_estimate_s"], 2),
        "max_pdf_bytes": int(run["max_pdf_bytes"]),
        "load_average": round(load, 2),
    }
    if args.baseline:
        baseline = _export(1)
        print(f"baseline, one process: {baseline['total_s']:.1f} s, {baseline['cpu_s']:.1f} CPU-s")
        result["baseline_s"] = round(baseline["total_s"], 2)
        result["baseline_cpu_s"] = round(baseline["cpu_s"], 2)
    estimate = run["idle_estimate_s"]
    print(f"budget {BUDGET_S:.0f} s: {'met' if estimate <= BUDGET_S else 'MISSED'} on an idle "
          f"machine ({estimate:.1f} s estimated), measured {run['total_s']:.1f} s")  # fmt: skip
    print(json.dumps(result))


if __name__ == "__main__":
    main()
