"""Boundaries as shared arcs: each border between neighbours stored once, quantised.

A :data:`Topology` is what the browser fetches once per page (:mod:`layers.shape_files`) and
``scx.topology`` in :mod:`layers.runtime` decodes. Every ring is first snapped to a grid of
``quantum`` degrees (chosen for the zoom the variant serves); then the rings are cut wherever
the set of rings sharing an edge changes, and each stretch is stored once as an *arc*. A ring
is a list of arc references (``i`` forward, ``~i`` = ``-i - 1`` backwards), so two neighbours
draw their common border from the same numbers: they cannot gap or overlap whatever the
grid. Arcs are written with :func:`layers.geometry.encode_numbers` (first point absolute,
then steps), about two characters a number.

>>> import geopandas as gpd
>>> frame = gpd.GeoDataFrame({"adcode": ["a", "b"]}, crs=4326,
...     geometry=[shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)])
>>> topo = build_topology(frame, quantum=0.5)
>>> len(topo["arcs"]), topo["shapes"]["a"], topo["shapes"]["b"]
(3, [[[0, 1]]], [[[2, -2]]])
>>> decode_topology(topo)["b"].equals(shapely.box(1, 0, 2, 1))
True
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypedDict

import geopandas as gpd
import numpy as np
import shapely

from layers._errors import LayersError
from layers.geometry import check_lonlat_frame, decode_numbers, encode_numbers


@dataclass(frozen=True)
class ShapeFile:
    """One level of a layer as the browser fetches it: URL (relative to the app) and zoom.

    Written by :mod:`layers.shape_files`; named here, with the format, so that the map's
    elements can refer to it without importing the writer.
    """

    url: str
    min_zoom: float


FORMAT = 2
"""Version of the file format; a change makes new file names (it is part of the hash)."""
_MIN_RING = 3

Point = tuple[int, int]
ArcRefs = list[int]
"""One ring as arc references: ``i`` forward, ``-i - 1`` backwards."""


class Topology(TypedDict):
    """Shared arcs and the shapes made of them (JSON-ready)."""

    format: int
    quantum: float
    arcs: list[str]
    shapes: dict[str, list[list[ArcRefs]]]


def _grid_ring(coords: np.ndarray, quantum: float) -> list[Point]:
    """Snap a closed ring to the grid; drop repeated points and the closing vertex."""
    grid = np.round(np.asarray(coords, dtype=np.float64)[:-1] / quantum).astype(np.int64)
    keep = np.any(grid != np.roll(grid, 1, axis=0), axis=1) if len(grid) > 1 else np.ones(1, bool)
    return [(int(x), int(y)) for x, y in grid[keep]]


def _polygon_rings(geometry: shapely.Geometry, quantum: float) -> list[list[list[Point]]]:
    """Return each polygon part as gridded rings (exterior first); collapsed rings dropped."""
    polygons = []
    for part in shapely.get_parts(geometry):
        rings = [
            _grid_ring(np.asarray(r.coords), quantum) for r in (part.exterior, *part.interiors)
        ]
        if len(rings[0]) >= _MIN_RING:
            polygons.append([r for r in rings if len(r) >= _MIN_RING])
    return polygons


def snap_round(geometries: np.ndarray, quantum: float) -> list[shapely.Geometry]:
    """Return the polygons re-made from their borders noded on the grid (snap rounding).

    The borders are cut wherever they meet, rounded to the grid, and the faces they enclose
    go back to the polygon that holds them. Neighbours then share every vertex of their
    common border, even where the source has a vertex on one side only (counties fitted into
    their prefecture), and no rounding can make them cross, whatever the grid.
    """
    lines = shapely.union_all(shapely.boundary(geometries), grid_size=quantum)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
    inside = shapely.point_on_surface(faces)
    face_index, owner = shapely.STRtree(geometries).query(inside, predicate="within")
    parts: list[list[shapely.Geometry]] = [[] for _ in geometries]
    for face, index in zip(face_index, owner, strict=True):
        parts[index].append(faces[face])
    return [shapely.coverage_union_all(p) if p else shapely.Polygon() for p in parts]


def _edge(a: Point, b: Point) -> tuple[Point, Point]:
    return (a, b) if a <= b else (b, a)


def _owners(rings: list[list[Point]]) -> dict[tuple[Point, Point], frozenset[int]]:
    """Return each undirected edge -> the rings it belongs to."""
    found: dict[tuple[Point, Point], set[int]] = {}
    for index, ring in enumerate(rings):
        for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
            found.setdefault(_edge(a, b), set()).add(index)
    return {edge: frozenset(owners) for edge, owners in found.items()}


def _stretches(
    ring: list[Point], owners: dict[tuple[Point, Point], frozenset[int]]
) -> Iterator[list[Point]]:
    """Cut a ring where the set of rings sharing its edges changes; yield the open stretches.

    A ring shared along its whole length (an island, an enclave) is one closed stretch that
    starts at its smallest point, so both rings holding it start at the same place.
    """
    n = len(ring)
    sets = [owners[_edge(ring[k], ring[(k + 1) % n])] for k in range(n)]
    cuts = [k for k in range(n) if sets[k] != sets[k - 1]]
    if not cuts:
        start = ring.index(min(ring))
        rotated = ring[start:] + ring[:start]
        yield [*rotated, rotated[0]]
        return
    for first, last in zip(cuts, [*cuts[1:], cuts[0] + n], strict=True):
        yield [ring[k % n] for k in range(first, last + 1)]


class _Arcs:
    """The arcs found so far, each stored once whichever way round a ring runs along it."""

    def __init__(self) -> None:
        self.points: list[list[Point]] = []
        self._index: dict[tuple[Point, ...], int] = {}

    def ref(self, stretch: list[Point]) -> int:
        key = tuple(stretch)
        if key in self._index:
            return self._index[key]
        back = key[::-1]
        if back in self._index:
            return -self._index[back] - 1
        self._index[key] = len(self.points)
        self.points.append(stretch)
        return len(self.points) - 1


def build_topology(frame: gpd.GeoDataFrame, *, quantum: float, key: str = "adcode") -> Topology:
    """Return the polygons of a frame (EPSG:4326 lon/lat) as quantised shared arcs.

    Parameters
    ----------
    frame
        Polygons that tile without overlaps (a coverage), keyed by the ``key`` column.
    quantum
        Grid of the coordinates, in degrees: about a tenth of a pixel at the zoom served.
    key
        Column of the feature ids.

    Raises
    ------
    LayersError
        If the frame is not in EPSG:4326, lacks the key column or holds non-polygons.
    """
    check_lonlat_frame(frame, key, caller="build_topology")
    bad = [str(k) for k, g in zip(frame[key], frame.geometry, strict=True)
           if g is None or g.geom_type not in {"Polygon", "MultiPolygon"}]  # fmt: skip
    if bad:
        msg = f"build_topology: features {', '.join(bad)} are not polygons"
        raise LayersError(msg)
    noded = snap_round(frame.geometry.values, quantum)
    features = {str(k): _polygon_rings(g, quantum) for k, g in zip(frame[key], noded, strict=True)}
    rings = [ring for polygons in features.values() for polygon in polygons for ring in polygon]
    owners = _owners(rings)
    arcs = _Arcs()
    shapes = {
        fid: [
            [[arcs.ref(s) for s in _stretches(ring, owners)] for ring in polygon]
            for polygon in polygons
        ]
        for fid, polygons in features.items()
    }
    return {"format": FORMAT, "quantum": quantum, "arcs": [_encode_arc(a) for a in arcs.points],
            "shapes": shapes}  # fmt: skip


def _encode_arc(points: list[Point]) -> str:
    grid = np.asarray(points, dtype=np.int64)
    return encode_numbers(np.diff(grid, axis=0, prepend=np.zeros((1, 2), dtype=np.int64)).ravel())


def decode_arcs(topology: Topology | dict[str, Any]) -> list[np.ndarray]:
    """Return every arc as an ``(n, 2)`` integer grid array (the twin of ``scx.topology``)."""
    return [np.cumsum(np.asarray(decode_numbers(text), dtype=np.int64).reshape(-1, 2), axis=0)
            for text in topology["arcs"]]  # fmt: skip


def _ring(refs: ArcRefs, arcs: list[np.ndarray]) -> np.ndarray:
    parts = [arcs[r] if r >= 0 else arcs[-r - 1][::-1] for r in refs]
    return np.vstack([parts[0], *(p[1:] for p in parts[1:])])


def decode_topology(topology: Topology | dict[str, Any]) -> dict[str, shapely.MultiPolygon]:
    """Return feature id -> the MultiPolygon (lon/lat degrees) the browser draws."""
    arcs = decode_arcs(topology)
    quantum = float(topology["quantum"])

    def polygon(rings: list[ArcRefs]) -> shapely.Polygon:
        exterior, *holes = (_ring(refs, arcs) * quantum for refs in rings)
        return shapely.Polygon(exterior, holes)

    return {
        fid: shapely.MultiPolygon([polygon(rings) for rings in polygons])
        for fid, polygons in topology["shapes"].items()
    }
