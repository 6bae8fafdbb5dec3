"""Simplified variants of the boundaries that keep the coverage exact.

Prefectures are simplified as one coverage with :func:`shapely.coverage_simplify`, so
neighbours keep sharing their borders. Counties are simplified as their own coverage and then
fitted into their simplified prefecture (clipped to it, and the slivers the prefecture gained
given to the adjacent county), so counties nest exactly in prefectures in every variant.
Errors are (discrete) Hausdorff distances between boundaries, in metres, in the equal-area CRS.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import geopandas as gpd
import numpy as np
import shapely

from geodata.crs import equal_area_crs

_SLIVER_M2 = 1.0  # pieces below 1 m² are noise of the overlay
_POLYGON = shapely.GeometryType.POLYGON
_SAMPLE_M = 25.0  # spacing of border samples when slivers are shared out
_GRID_M = 0.01  # overlays snap to a 1 cm grid, so shared edges are noded identically


VariantName = Literal["full", "web", "overview"]
"""The boundary variants the cache holds: ``full`` and the simplified ones below."""


@dataclass(frozen=True)
class Variant:
    """A named simplification: tolerances (metres) and the error bound it must respect."""

    name: VariantName
    prefecture_tolerance_m: float
    county_tolerance_m: float
    max_error_m: float


VARIANTS: dict[VariantName, Variant] = {
    "web": Variant("web", prefecture_tolerance_m=200, county_tolerance_m=80, max_error_m=400),
    "overview": Variant(
        "overview", prefecture_tolerance_m=450, county_tolerance_m=300, max_error_m=1500
    ),
}
"""Simplified variants; ``full`` is the unsimplified data and is not listed here."""


def boundary_error_m(original: gpd.GeoSeries, simplified: gpd.GeoSeries) -> np.ndarray:
    """Return the Hausdorff distance (metres) between each pair of polygon boundaries.

    Both series are projected to the equal-area CRS first, so the result is in metres, not
    degrees; pairs are matched by position. The distance is GEOS's discrete one (the farthest
    vertex of either boundary from the other boundary's segments), found through a tree of
    segments: 3–6 times faster than :func:`shapely.hausdorff_distance` on full boundaries.
    """
    crs = equal_area_crs()
    a = original.to_crs(crs).boundary.values
    b = simplified.to_crs(crs).boundary.values
    return np.array([_hausdorff(x, y) for x, y in zip(a, b, strict=True)])


def _hausdorff(a: shapely.Geometry, b: shapely.Geometry) -> float:
    """Return the discrete Hausdorff distance of two lines; NaN if either is empty (as GEOS)."""
    if shapely.is_empty(a) or shapely.is_empty(b):
        return float("nan")
    return max(_farthest_vertex(a, b), _farthest_vertex(b, a))


def _farthest_vertex(lines: shapely.Geometry, other: shapely.Geometry) -> float:
    """Return how far the vertex of ``lines`` farthest from ``other`` (lines) lies from it."""
    tree = shapely.STRtree(_segments(other))
    vertices = shapely.points(shapely.get_coordinates(lines))
    _, distances = tree.query_nearest(vertices, return_distance=True, all_matches=False)
    return float(distances.max())


def _segments(lines: shapely.Geometry) -> np.ndarray:
    """Return the two-point segments of a (multi)linestring, as an array of linestrings."""
    pairs = [
        np.stack([coords[:-1], coords[1:]], axis=1)
        for coords in map(shapely.get_coordinates, shapely.get_parts(lines))
    ]
    segments: np.ndarray = shapely.linestrings(np.concatenate(pairs))
    return segments


def simplify_prefectures(prefectures: gpd.GeoDataFrame, variant: Variant) -> gpd.GeoDataFrame:
    """Simplify the prefectures as one coverage (shared borders stay shared)."""
    projected = prefectures.to_crs(equal_area_crs())
    simple = shapely.coverage_simplify(projected.geometry.values, variant.prefecture_tolerance_m)
    simple = shapely.set_precision(simple, _GRID_M)
    return projected.set_geometry(simple).to_crs(prefectures.crs)


def _polygonal(geometry: shapely.Geometry) -> shapely.Geometry:
    """Keep only the polygon parts of an overlay result (drop touching lines and points)."""
    parts = [p for p in shapely.get_parts(geometry) if shapely.get_type_id(p) == _POLYGON]
    return shapely.multipolygons(parts) if parts else shapely.Polygon()


def _split_by_nearest(
    gap: shapely.Geometry, counties: list[shapely.Geometry]
) -> list[shapely.Geometry]:
    """Cut ``gap`` into the parts nearest to each county (Voronoi cells of border samples).

    A sliver between a county's edge and the simplified prefecture border may run past a
    junction of two counties; splitting it by proximity keeps that junction in place instead
    of handing the whole sliver to one county.
    """
    near = shapely.buffer(gap, _SAMPLE_M)
    samples, owners = [], []
    for index, county in enumerate(counties):
        edge = shapely.intersection(shapely.boundary(county), near)
        points = shapely.get_coordinates(shapely.segmentize(edge, _SAMPLE_M))
        samples.append(points)
        owners += [index] * len(points)
    if len(set(owners)) <= 1:  # one neighbour (or none nearby) takes it all
        owner = owners[0] if owners else int(np.argmin(shapely.distance(gap, counties)))
        return [gap if i == owner else shapely.Polygon() for i in range(len(counties))]
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(np.vstack(samples)), extend_to=near)
    )
    points = shapely.points(np.vstack(samples))
    cell_index, point_index = shapely.STRtree(points).query(cells, predicate="intersects")
    pieces: list[list[shapely.Geometry]] = [[] for _ in counties]
    seen: set[int] = set()
    for cell, point in zip(cell_index, point_index, strict=True):
        if cell not in seen:
            seen.add(cell)
            pieces[owners[point]].append(cells[cell])
    return [_clip(shapely.union_all(p), gap) if p else shapely.Polygon() for p in pieces]


def _clip(geometry: shapely.Geometry, mask: shapely.Geometry) -> shapely.Geometry:
    """Intersect on the 1 cm grid and keep the polygonal part."""
    return _polygonal(shapely.intersection(geometry, mask, grid_size=_GRID_M))


def _fit_into(counties: gpd.GeoSeries, outline: shapely.Geometry) -> list[shapely.Geometry]:
    """Clip projected counties to ``outline`` and share each uncovered sliver among them.

    Each part of a sliver goes to the nearest county, so the counties tile the outline
    exactly and county junctions stay where they were.
    """
    clipped = [_clip(county, outline) for county in counties.values]
    covered = shapely.union_all(clipped, grid_size=_GRID_M)
    gaps = _polygonal(shapely.difference(outline, covered, grid_size=_GRID_M))
    for gap in shapely.get_parts(gaps):
        if shapely.area(gap) < _SLIVER_M2:
            continue
        for index, piece in enumerate(_split_by_nearest(gap, clipped)):
            if not piece.is_empty:
                clipped[index] = _polygonal(shapely.union(clipped[index], piece, grid_size=_GRID_M))
    return clipped


def simplify_counties(
    counties: gpd.GeoDataFrame, simple_prefectures: gpd.GeoDataFrame, variant: Variant
) -> gpd.GeoDataFrame:
    """Simplify the counties as one coverage, then nest them in the simplified prefectures."""
    crs = equal_area_crs()
    projected = counties.to_crs(crs)
    simple = shapely.coverage_simplify(projected.geometry.values, variant.county_tolerance_m)
    projected = projected.set_geometry(simple)
    outlines = simple_prefectures.to_crs(crs).set_index("adcode").geometry
    for prefecture, members in projected.groupby("prefecture_adcode").groups.items():
        fitted = _fit_into(projected.geometry.loc[members], outlines[prefecture])
        projected.loc[members, "geometry"] = gpd.GeoSeries(fitted, index=members, crs=crs)
    return projected.to_crs(counties.crs)


def dissolve_province(prefectures: gpd.GeoDataFrame) -> shapely.Geometry:
    """Return the union of a (simplified) prefecture coverage: the province outline."""
    return shapely.coverage_union_all(prefectures.geometry.values)
