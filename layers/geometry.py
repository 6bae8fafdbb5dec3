"""Compact polygon encoding for the browser: quantised, delta-coded, base-64 rings.

The web prefectures as plain GeoJSON are about 0.6 MB even with four decimals; the map's
default view must stay under 350 KB. Each ring is quantised to :data:`QUANTUM` degrees
(≈ 11 m, so the rounding adds at most ≈ 8 m to the 362 m simplification error), turned
into integer steps from the previous vertex and written as a variable-length base-64 string
(five bits per character, the sixth says "more follows"), about 2 characters per number
instead of 9. Shared borders stay shared: neighbours round the same vertices the same way.

The alphabet has no ``_``: streamlit-folium renames ``_<id>`` tokens in the map script, and
the encoded strings must pass through it untouched. The browser side is
``scx.decode`` in :mod:`layers.runtime`; :func:`decode_shape` mirrors it for tests.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from layers._errors import LayersError

QUANTUM = 1e-4
"""Grid of the encoded coordinates, in degrees."""

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_CHARS = np.frombuffer(ALPHABET.encode(), dtype=np.uint8)
_LOOKUP = {c: i for i, c in enumerate(ALPHABET)}
_MORE = 32
"""A character code at or above this says that more characters of the number follow."""
_WGS84 = 4326
_MAX_CHUNKS = 7  # 35 bits: enough for any zig-zagged longitude step at 1e-4 degrees

EncodedShape = list[list[str]]
"""A (multi)polygon: a list of polygons, each a list of encoded rings (exterior first)."""


def encode_numbers(values: np.ndarray) -> str:
    """Encode a 1-D array of integers as one base-64 string (zig-zag, 5 bits a character).

    >>> encode_numbers(np.array([0, 1, -1, 16]))
    'ACBgB'
    """
    ints = np.asarray(values, dtype=np.int64)
    zigzag = ((ints << 1) ^ (ints >> 63)).astype(np.uint64)
    shifts = np.arange(_MAX_CHUNKS, dtype=np.uint64) * np.uint64(5)
    chunks = (zigzag[:, None] >> shifts[None, :]) & np.uint64(31)
    bits = np.maximum(1, np.ceil(np.log2(zigzag.astype(np.float64) + 1) / 5)).astype(int)
    used = np.arange(_MAX_CHUNKS)[None, :] < bits[:, None]
    more = np.arange(_MAX_CHUNKS)[None, :] < (bits[:, None] - 1)
    codes = (chunks + np.where(more, _MORE, 0).astype(np.uint64)).astype(np.intp)
    return _CHARS[codes[used]].tobytes().decode("ascii")


def decode_numbers(text: str) -> list[int]:
    """Decode :func:`encode_numbers` output (the Python twin of the browser decoder).

    >>> decode_numbers("ACBgB")
    [0, 1, -1, 16]
    """
    numbers, value, shift = [], 0, 0
    for char in text:
        code = _LOOKUP[char]
        value |= (code & 31) << shift
        shift += 5
        if code < _MORE:
            numbers.append((value >> 1) ^ -(value & 1))
            value, shift = 0, 0
    return numbers


def encode_ring(coords: np.ndarray) -> str:
    """Encode one closed ring (``(n, 2)`` lon/lat) without its repeated closing vertex."""
    grid = np.round(np.asarray(coords, dtype=np.float64)[:-1] / QUANTUM).astype(np.int64)
    steps = np.diff(grid, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    return encode_numbers(steps.ravel())


def decode_ring(text: str) -> list[tuple[float, float]]:
    """Return the closed ring of lon/lat pairs that :func:`encode_ring` encoded."""
    steps = np.asarray(decode_numbers(text), dtype=np.int64).reshape(-1, 2)
    grid = np.cumsum(steps, axis=0) * QUANTUM
    ring = [(float(x), float(y)) for x, y in grid]
    return [*ring, ring[0]]


def encode_shape(geometry: shapely.Geometry) -> EncodedShape:
    """Encode a Polygon or MultiPolygon as a list of polygons of encoded rings.

    Raises
    ------
    LayersError
        If the geometry is not polygonal.
    """
    if geometry is None or geometry.is_empty:
        return []
    if geometry.geom_type not in {"Polygon", "MultiPolygon"}:
        msg = f"cannot encode a {geometry.geom_type} as polygons; expected Polygon or MultiPolygon"
        raise LayersError(msg)
    return [
        [encode_ring(np.asarray(ring.coords)) for ring in (part.exterior, *part.interiors)]
        for part in shapely.get_parts(geometry)
    ]


def decode_shape(shape: EncodedShape) -> shapely.MultiPolygon:
    """Return the MultiPolygon an :data:`EncodedShape` stands for."""
    polygons = [
        shapely.Polygon(decode_ring(rings[0]), [decode_ring(r) for r in rings[1:]])
        for rings in shape
    ]
    return shapely.MultiPolygon(polygons)


def check_lonlat_frame(frame: gpd.GeoDataFrame, key: str, *, caller: str) -> None:
    """Check that ``frame`` is in lon/lat (EPSG:4326) and has its feature-id column ``key``.

    Raises
    ------
    LayersError
        Naming ``caller``, the CRS found or the columns there are.
    """
    if frame.crs is None or frame.crs.to_epsg() != _WGS84:
        msg = f"{caller} expects lon/lat in EPSG:4326, got CRS {frame.crs}"
        raise LayersError(msg)
    if key not in frame.columns:
        msg = f"{caller}: no column {key!r}; columns are {', '.join(map(str, frame.columns))}"
        raise LayersError(msg)


def encode_frame(frame: gpd.GeoDataFrame, *, key: str = "adcode") -> dict[str, EncodedShape]:
    """Encode every polygon of a GeoDataFrame (EPSG:4326), keyed by a column.

    Raises
    ------
    LayersError
        If the frame is not in EPSG:4326 or lacks the key column.

    Examples
    --------
    >>> frame = gpd.GeoDataFrame({"adcode": ["1"]}, geometry=[shapely.box(0, 0, 1, 1)], crs=4326)
    >>> encode_frame(frame)["1"]
    [['gxTAAgxT/wTAA/wT']]
    """
    check_lonlat_frame(frame, key, caller="encode_frame")
    return {str(k): encode_shape(g) for k, g in zip(frame[key], frame.geometry, strict=True)}
