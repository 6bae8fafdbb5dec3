"""The land under the map when there is no base map: cached relief image and major rivers.

Both are made by the cache build (:mod:`geodata.relief`, :mod:`geodata.rivers`) and read
here; nothing is fetched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from geodata._errors import GeodataError
from geodata.build import ensure_cache
from geodata.relief import IMAGE_FILE, INFO_FILE
from geodata.rivers import RIVERS_FILE


@dataclass(frozen=True)
class Relief:
    """The cached relief image of Sichuan and where it lies.

    ``bounds`` are ``((south, west), (north, east))`` in WGS84; the image's rows are even in
    Web Mercator y, so a Leaflet image overlay on these bounds is true to the map.
    """

    path: Path
    bounds: tuple[tuple[float, float], tuple[float, float]]
    info: dict[str, object]


def load_relief() -> Relief:
    """Return the cached relief image (PNG, grey + alpha) with its bounds and source.

    Raises
    ------
    GeodataError
        If its description cannot be read.
    """
    folder = ensure_cache()
    try:
        info = json.loads((folder / INFO_FILE).read_text(encoding="utf-8"))
        (south, west), (north, east) = info["bounds"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        msg = (
            f"{folder / INFO_FILE}: cannot read the relief ({error}); run 'python -m geodata build'"
        )
        raise GeodataError(msg) from error
    bounds = ((float(south), float(west)), (float(north), float(east)))
    return Relief(folder / IMAGE_FILE, bounds, info)


def load_rivers() -> gpd.GeoDataFrame:
    """Return the major rivers inside Sichuan (WGS84 lines, ``length_km``), longest first.

    Raises
    ------
    GeodataError
        If the cached file cannot be read.
    """
    path = ensure_cache() / RIVERS_FILE
    try:
        return gpd.read_parquet(path)
    except (OSError, ValueError) as error:
        msg = f"{path}: cannot read the cached rivers ({error}); run 'python -m geodata build'"
        raise GeodataError(msg) from error
