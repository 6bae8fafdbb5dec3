"""Benchmark the Compare computations for the 21 × 8 document (sei-2016-2020).

One pass = the full matrix with row and column totals, every pairwise industry overlap (core,
and core-or-expansion) and the footprint areas. ``warm`` is the median of repeated passes
once rules, boundaries and prefecture areas are loaded; ``cold`` is the first pass, which
also projects the full-resolution boundaries. The naive baseline does what a script without
:mod:`footprints` would: dissolve the prefecture polygons of each industry's tiers and measure
them in the equal-area CRS, and build the overlaps from Python sets of the tier table.

Prints a few human lines, then one JSON line as the last output:
``{"warm_ms": …, "cold_ms": …, "naive_ms": …, "repeats": …, "budget_ms": 200}``.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import geopandas as gpd

import footprints as fp
import geodata
from layout_rules import Rules, load_rules, tier_table

DOCUMENT = "sei-2016-2020"
REPEATS = 30
BUDGET_MS = 200


def _timed_ms(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return (time.perf_counter() - start) * 1000


def _median_ms(func: Callable[[], object], repeats: int) -> float:
    return round(statistics.median(_timed_ms(func) for _ in range(repeats)), 1)


def _one_pass(rules: Rules) -> None:
    matrix = fp.tier_matrix(rules, document=DOCUMENT)
    fp.matrix_totals(matrix, by="city")
    fp.matrix_totals(matrix, by="industry")
    fp.industry_overlap(rules, document=DOCUMENT, tiers=("core",))
    fp.industry_overlap(rules, document=DOCUMENT, tiers=("core", "expansion"))
    fp.footprint_areas(rules, document=DOCUMENT)


def _naive_pass(rules: Rules, prefectures: gpd.GeoDataFrame) -> None:
    tiers = tier_table(rules, document=DOCUMENT)
    matrix = tiers.pivot(index="adcode", columns="industry_id", values="tier")
    matrix.apply(lambda column: column.value_counts())
    matrix.apply(lambda row: row.value_counts(), axis=1)
    for wanted in ({"core"}, {"core", "expansion"}):
        sets = {ind: set(matrix.index[matrix[ind].isin(wanted)]) for ind in matrix.columns}
        {(a, b): len(sets[a] & sets[b]) / len(sets[a] | sets[b]) for a in sets for b in sets}
    joined = prefectures.merge(tiers[["adcode", "industry_id", "tier"]], on="adcode")
    dissolved = joined.dissolve(by=["industry_id", "tier"])
    dissolved.to_crs(geodata.equal_area_crs()).area.sum()


def main() -> None:
    """Run the benchmark and print its JSON line last."""
    rules = load_rules()
    prefectures = geodata.load_prefectures(variant="full")
    cold = round(_timed_ms(lambda: _one_pass(rules)), 1)
    warm = _median_ms(lambda: _one_pass(rules), REPEATS)
    naive = _median_ms(lambda: _naive_pass(rules, prefectures), 3)
    print(f"footprints {DOCUMENT}: cold {cold} ms, warm {warm} ms (median of {REPEATS})")
    print(f"naive baseline (dissolve + sets): {naive} ms; budget {BUDGET_MS} ms warm")
    result = {
        "warm_ms": warm,
        "cold_ms": cold,
        "naive_ms": naive,
        "repeats": REPEATS,
        "budget_ms": BUDGET_MS,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
