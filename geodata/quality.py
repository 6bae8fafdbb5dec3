"""Measures of boundary quality: simplification error, gaps and overlaps, nesting.

These are the guarantees the simplified variants promise; the tests and the benchmark call
them, so a regression shows up as a number, not as a rumour.
"""

from __future__ import annotations

import geopandas as gpd
import shapely

from geodata.boundaries import load_counties, load_prefectures, load_province
from geodata.crs import equal_area_crs
from geodata.simplify import VARIANTS, VariantName, boundary_error_m


def max_error_m(layer: str, variant: VariantName) -> float:
    """Return the largest boundary error (m) of a variant of ``prefectures`` or ``counties``."""
    loader = {"prefectures": load_prefectures, "counties": load_counties}[layer]
    full = loader(variant="full").set_index("adcode")
    simple = loader(variant=variant).set_index("adcode").reindex(full.index)
    return float(boundary_error_m(full.geometry, simple.geometry).max())


def overlap_km2(layer: gpd.GeoDataFrame) -> float:
    """Return the total area (km²) covered by more than one polygon of ``layer``."""
    geometries = layer.to_crs(equal_area_crs()).geometry.values
    union = shapely.union_all(geometries)
    return float((shapely.area(geometries).sum() - shapely.area(union)) / 1e6)


def mismatch_km2(a: shapely.Geometry, b: shapely.Geometry) -> float:
    """Return the area (km²) of the symmetric difference of two WGS84 geometries."""
    projected = gpd.GeoSeries([a, b], crs="EPSG:4326").to_crs(equal_area_crs()).values
    return float(shapely.area(shapely.symmetric_difference(projected[0], projected[1])) / 1e6)


def nesting_mismatch_km2(variant: VariantName) -> dict[str, float]:
    """Return, per prefecture, the area (km²) where its counties' union differs from it."""
    prefectures = load_prefectures(variant=variant).set_index("adcode").geometry
    counties = load_counties(variant=variant)
    result = {}
    for adcode, members in counties.groupby("prefecture_adcode"):
        result[str(adcode)] = mismatch_km2(
            shapely.union_all(members.geometry.values), prefectures[adcode]
        )
    return result


def province_mismatch_km2(variant: VariantName) -> float:
    """Return the area (km²) where the union of prefectures differs from the province outline."""
    prefectures = load_prefectures(variant=variant)
    province = load_province(variant=variant).geometry.iloc[0]
    return mismatch_km2(shapely.union_all(prefectures.geometry.values), province)


def variant_errors() -> dict[str, dict[str, float]]:
    """Return the max boundary error (m) of each simplified variant, per layer."""
    return {
        name: {layer: round(max_error_m(layer, name), 1) for layer in ("prefectures", "counties")}
        for name in VARIANTS
    }
