"""Benchmark the print export: one A4 sheet of a view as PDF, PNG (300 dpi) and SVG.

Each format is drawn twice and the second (warm: fonts registered, boundaries loaded) time is
reported, with the file size. ``--baseline`` also times the naive way of drawing the same
prefecture fills, GeoDataFrame.plot of the full-resolution boundaries to a 300-dpi PNG, which
has no labels, legend or overlays at all. Budget: ≤ 8 s per sheet, ≤ 3 MB per file.

Prints a few human lines, then one JSON line as the last output:
``{"pdf_s": …, "pdf_bytes": …, "png_s": …, …}`` (plus ``baseline_png_s`` with ``--baseline``).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import geodata
from layers import Boundaries, MapView
from layers.printing import FORMATS, print_map
from layout_rules import load_rules

BUDGET_S = 8.0
MAX_BYTES = 3_000_000
VIEW = MapView(document="sei-2016-2020", industries=("next-gen-it",), city="510100", counties=True)


def _boundaries() -> Boundaries:
    return Boundaries(
        province=geodata.load_province(variant="web"),
        prefectures=geodata.load_prefectures(variant="web"),
        counties=geodata.load_counties(variant="web"),
    )


def _time(fmt: str) -> tuple[float, int]:
    rules, boundaries = load_rules(), _boundaries()
    print_map(rules, VIEW, boundaries, fmt=fmt)
    start = time.perf_counter()
    content = print_map(rules, VIEW, boundaries, fmt=fmt)
    return time.perf_counter() - start, len(content)


def _baseline() -> float:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    prefectures = geodata.load_prefectures(variant="full").to_crs(geodata.equal_area_crs())
    start = time.perf_counter()
    ax = prefectures.plot(figsize=(11.69, 8.27), color="#f39c12", edgecolor="white")
    ax.figure.savefig(io.BytesIO(), format="png", dpi=300)
    plt.close(ax.figure)
    return time.perf_counter() - start


def main() -> None:
    """Run the benchmark and print its result."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", action="store_true", help="also time GeoDataFrame.plot")
    args = parser.parse_args()
    result: dict[str, object] = {}
    for fmt in FORMATS:
        seconds, size = _time(fmt)
        print(f"{fmt}: {seconds:.1f} s, {size / 1e6:.2f} MB")
        result[f"{fmt}_s"], result[f"{fmt}_bytes"] = round(seconds, 2), size
    if args.baseline:
        result["baseline_png_s"] = round(_baseline(), 2)
        print(f"baseline GeoDataFrame.plot (fills only): {result['baseline_png_s']} s")
    slowest = max(result[f"{fmt}_s"] for fmt in FORMATS)  # type: ignore[type-var]  # the timings and sizes in result are numbers
    largest = max(result[f"{fmt}_bytes"] for fmt in FORMATS)  # type: ignore[type-var]  # the timings and sizes in result are numbers
    met = slowest <= BUDGET_S and largest <= MAX_BYTES  # type: ignore[operator]  # the timings and sizes in result are numbers
    print(f"budget {BUDGET_S:.0f} s, {MAX_BYTES / 1e6:.0f} MB: {'met' if met else 'MISSED'}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
