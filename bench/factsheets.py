"""Benchmark the batch export: all 21 fact sheets as HTML + PDF, written to a folder.

``total_s`` is the wall time of :func:`factsheets.export_all` after the imports: loading the
rules, building the 21 sheets, rendering HTML and PDF in a pool of ``--workers`` processes (2,
as on the reference machine), and writing 42 files atomically. ``--baseline`` also times the
naive way, one sheet after another in one process, for comparison. Budget: ≤ 20 s in total,
≤ 1.5 MB per PDF.

Prints a few human lines, then one JSON line as the last output:
``{"count": 21, "total_s": …, "max_pdf_bytes": …}`` (plus ``baseline_s`` with ``--baseline``).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import factsheets
from layout_rules import load_rules

BUDGET_S = 20.0
MAX_PDF_BYTES = 1_500_000


def _export(workers: int) -> tuple[float, list[Path], int]:
    """Return (seconds, files written, largest PDF in bytes) of one full batch export."""
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        paths = factsheets.export_all(load_rules(), folder, workers=workers)
        seconds = time.perf_counter() - start
        largest = max(path.stat().st_size for path in paths if path.suffix == ".pdf")
        return seconds, paths, largest


def main() -> None:
    """Run the benchmark and print its result."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=factsheets.export.DEFAULT_WORKERS)
    parser.add_argument("--baseline", action="store_true", help="also time one process")
    args = parser.parse_args()
    seconds, paths, largest = _export(args.workers)
    count = len({path.stem for path in paths})
    print(f"{len(paths)} files for {count} cities in {seconds:.1f} s ({args.workers} workers)")
    print(f"largest PDF {largest / 1e6:.2f} MB (budget {MAX_PDF_BYTES / 1e6:.1f} MB)")
    result: dict[str, object] = {
        "count": count,
        "total_s": round(seconds, 2),
        "max_pdf_bytes": largest,
    }
    if args.baseline:
        baseline, _, _ = _export(1)
        print(f"baseline, one process: {baseline:.1f} s")
        result["baseline_s"] = round(baseline, 2)
    print(f"budget {BUDGET_S:.0f} s: {'met' if seconds <= BUDGET_S else 'MISSED'}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
