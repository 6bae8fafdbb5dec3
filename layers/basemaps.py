"""Base maps, and the datum every layer must be drawn in on each.

``none`` (the default) needs no network. AMap/Gaode tiles are in GCJ-02, so on that base map
every layer is shifted with :func:`geodata.wgs84_to_gcj02` (and clicks shifted back) so the
boundaries line up with the tiles; the others are WGS84 web-mercator tiles.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from geodata import gcj02_to_wgs84_coords, wgs84_to_gcj02, wgs84_to_gcj02_coords
from layers._errors import LayersError
from words import t


@dataclass(frozen=True)
class BaseMap:
    """A base map: id, tile URL (None for no tiles), attribution and datum; names by its id."""

    id: str
    tiles: str | None
    attribution: str
    datum: str
    subdomains: str = "abc"

    def label(self, lang: str) -> str:
        """Return the display name in ``lang`` (from the catalogue's ``basemap.<id>``)."""
        return t(f"basemap.{self.id}", lang)


_BASEMAPS = (
    BaseMap("none", None, "", "wgs84"),
    BaseMap(
        "osm",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
        "wgs84",
    ),
    BaseMap(
        "cartodb",
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
        '&copy; <a href="https://carto.com/attributions">CARTO</a>',
        "wgs84",
        "abcd",
    ),
    BaseMap(
        "amap",
        "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8"
        "&x={x}&y={y}&z={z}",
        "&copy; 高德地图 AutoNavi",
        "gcj02",
        "1234",
    ),
)

BASEMAPS: MappingProxyType[str, BaseMap] = MappingProxyType({b.id: b for b in _BASEMAPS})
"""Base maps by id, ``none`` first."""


def base_map(base: str) -> BaseMap:
    """Return a base map by id, or raise :class:`LayersError` naming the known ones."""
    if base not in BASEMAPS:
        msg = f"unknown base map {base!r}; choose one of {', '.join(BASEMAPS)}"
        raise LayersError(msg)
    return BASEMAPS[base]


def tile_layer(base: str) -> folium.TileLayer | None:
    """Return the folium tile layer of a base map (None for ``none``)."""
    spec = base_map(base)
    if spec.tiles is None:
        return None
    return folium.TileLayer(
        tiles=spec.tiles,
        attr=spec.attribution,
        name=spec.label("en"),
        subdomains=spec.subdomains,
        max_zoom=18,
        overlay=False,
        control=False,
    )


def to_datum(frame: gpd.GeoDataFrame, datum: str) -> gpd.GeoDataFrame:
    """Return WGS84 geometry as drawn on a base map of this datum (shifted for GCJ-02)."""
    return wgs84_to_gcj02(frame) if datum == "gcj02" else frame


def points_to_datum(lonlat: np.ndarray, datum: str) -> np.ndarray:
    """Return an ``(n, 2)`` lon/lat array as drawn on a base map of this datum."""
    points = np.asarray(lonlat, dtype=float).reshape(-1, 2)
    return wgs84_to_gcj02_coords(points) if datum == "gcj02" and len(points) else points


def label_points(frame: pd.DataFrame, *, datum: str, lon: str, lat: str) -> pd.DataFrame:
    """Return a copy with the ``lon``/``lat`` columns shifted to the datum."""
    shifted = points_to_datum(frame[[lon, lat]].to_numpy(), datum)
    out = frame.copy()
    if len(out):
        out[lon], out[lat] = shifted[:, 0], shifted[:, 1]
    return out


def city_places(prefectures: gpd.GeoDataFrame, *, datum: str) -> pd.DataFrame:
    """Return the prefectures' names and label points (``city``, ``city_en``) in the datum."""
    places = pd.DataFrame(
        {
            "adcode": prefectures["adcode"],
            "city": prefectures["short_name"],
            "city_en": prefectures["name_en"],
            "label_lon": prefectures["label_lon"],
            "label_lat": prefectures["label_lat"],
        }
    )
    return label_points(places, datum=datum, lon="label_lon", lat="label_lat")


def click_to_wgs84(lat: float, lon: float, datum: str) -> tuple[float, float]:
    """Return the WGS84 lon/lat of a click on a base map of this datum."""
    point = np.array([[lon, lat]], dtype=float)
    if datum == "gcj02":
        point = gcj02_to_wgs84_coords(point)
    return float(point[0, 0]), float(point[0, 1])
