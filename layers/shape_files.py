"""Boundary shapes as static files the browser fetches once per page and then keeps.

An industry switch used to resend every prefecture shape (about 107 KB) over the websocket.
Now the shapes are files under ``static/shapes/`` (git-ignored), served by Streamlit at
``/app/static/shapes/``: one per layer (prefectures, counties), datum (``wgs84``, and
``gcj02`` for AMap tiles) and precision level, each a :mod:`layers.topology` of shared arcs,
named with a hash of its content so a browser may cache it for good. A switch names only
the files (:class:`ShapeFile`), and ``scx.polygons`` in :mod:`layers.runtime` fetches each
once, keeps it in memory across reruns, and swaps to the finer level when the map zooms in.

The files are written by ``python -m layers.assets install`` and again whenever they are
missing or the boundary cache changed (:func:`ensure_shape_files`, called by the app on start);
``manifest.json`` records which file holds what, and for which boundary cache. Older files of
each layer × level × datum are removed once the new ones are written, past the few kept for
app processes of an older version (:func:`layers.assets.prune_family`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

import geodata
from geodata.build import ensure_cache
from layers._errors import LayersError
from layers.assets import STATIC_DIR, prune_family
from layers.basemaps import to_datum
from layers.files import write_atomic
from layers.topology import FORMAT, ShapeFile, Topology, build_topology

SHAPES_DIR = STATIC_DIR / "shapes"
SHAPES_URL = "app/static/shapes"
"""Where Streamlit serves ``static/shapes``, relative to the app's base URL."""
LAYERS = ("prefectures", "counties")
DATUMS = ("wgs84", "gcj02")
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Level:
    """A precision level: the boundary variant, its grid (degrees) and the zoom it starts at."""

    variant: str
    quantum: float
    min_zoom: float


LEVELS = (Level("overview", 0.001, 0), Level("web", 0.0005, 7))
"""The province view (zoom ≈ 6, 2 km a pixel) draws the overview variant on a ≈ 100 m grid;
from zoom 7 (≈ 1 km a pixel: a city, its counties) the web variant on a ≈ 50 m grid."""


def _boundary(layer: str, variant: str) -> gpd.GeoDataFrame:
    """Return a layer's polygons; the prefectures come with the province (cluster outlines)."""
    if layer == "counties":
        return geodata.load_counties(variant=variant)  # type: ignore[arg-type]  # from LEVELS
    frames = [geodata.load_prefectures(variant=variant), geodata.load_province(variant=variant)]  # type: ignore[arg-type]  # from LEVELS
    return gpd.GeoDataFrame(pd.concat([f[["adcode", "geometry"]] for f in frames]), crs=4326)


def topology(layer: str, level: Level, datum: str) -> Topology:
    """Return one layer at one precision level, in a datum, as shared arcs."""
    return build_topology(to_datum(_boundary(layer, level.variant), datum), quantum=level.quantum)


def _source_key() -> str:
    """Return what the files depend on: the boundary cache, the format and the levels."""
    meta = (ensure_cache() / "meta.json").read_bytes()
    spec = repr((FORMAT, LEVELS, LAYERS, DATUMS)).encode()
    return hashlib.sha256(meta + spec).hexdigest()[:16]


def _key(layer: str, level: Level, datum: str) -> str:
    return f"{layer}-{level.variant}-{datum}"


def write_shape_files(folder: Path | None = None) -> dict[str, str]:
    """Write every layer × level × datum file and the manifest; return the manifest's files.

    Raises
    ------
    LayersError
        If the folder cannot be written.
    """
    root = folder if folder is not None else SHAPES_DIR
    files = {}
    try:
        for layer in LAYERS:
            for level in LEVELS:
                for datum in DATUMS:
                    text = json.dumps(topology(layer, level, datum), separators=(",", ":"))
                    data = text.encode("ascii")
                    name = (
                        f"{_key(layer, level, datum)}-{hashlib.sha256(data).hexdigest()[:12]}.json"
                    )
                    write_atomic(root / name, data)
                    files[_key(layer, level, datum)] = name
        manifest = {"source": _source_key(), "files": files}
        write_atomic(root / MANIFEST, json.dumps(manifest, indent=1).encode("ascii"))
    except OSError as error:
        msg = f"cannot write the map's shape files to {root}: {error}"
        raise LayersError(msg) from error
    _manifest.cache_clear()
    for name in files.values():  # once all are written: old versions of each, past the kept few
        prune_family(root, name)
    return files


def _read_manifest(root: Path) -> dict[str, str] | None:
    """Return the manifest's files if it is current and every file is there, else None."""
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="ascii"))
        files = dict(manifest["files"])
        current = manifest["source"] == _source_key()
    except (OSError, ValueError, KeyError, TypeError):
        return None
    expected = {_key(a, b, c) for a in LAYERS for b in LEVELS for c in DATUMS}
    if (
        not current
        or set(files) != expected
        or not all((root / f).is_file() for f in files.values())
    ):
        return None
    return {str(k): str(v) for k, v in files.items()}


@cache
def _manifest() -> dict[str, str]:
    return _read_manifest(SHAPES_DIR) or write_shape_files()


def ensure_shape_files() -> dict[str, str]:
    """Return the manifest's files, writing them first if any is missing or stale.

    Checked once per process; :func:`shape_files` calls it too.
    """
    files = _manifest()
    if not all((SHAPES_DIR / name).is_file() for name in files.values()):  # deleted since
        _manifest.cache_clear()
        files = _manifest()
    return files


def shape_files(layer: str, datum: str) -> tuple[ShapeFile, ...]:
    """Return the files of a layer in a datum, coarsest first, as the browser fetches them.

    Raises
    ------
    LayersError
        If the layer or datum is unknown, or the files cannot be written.
    """
    if layer not in LAYERS or datum not in DATUMS:
        msg = f"no shape files for {layer!r} in {datum!r}; layers {LAYERS}, datums {DATUMS}"
        raise LayersError(msg)
    files = ensure_shape_files()
    return tuple(
        ShapeFile(f"{SHAPES_URL}/{files[_key(layer, level, datum)]}", level.min_zoom)
        for level in LEVELS
    )


def read_topology(file: ShapeFile) -> Topology:
    """Return the topology a :class:`ShapeFile` names (for tests and benchmarks)."""
    name = file.url.removeprefix(SHAPES_URL + "/")
    topo: Topology = json.loads((SHAPES_DIR / name).read_text(encoding="ascii"))
    return topo
