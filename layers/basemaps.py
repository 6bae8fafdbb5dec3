"""Base maps, the land under them, and the datum every layer must be drawn in on each.

``none`` (the default) needs no network. AMap/Gaode tiles are in GCJ-02, so on that base map
every layer is shifted with :func:`geodata.wgs84_to_gcj02` (and clicks shifted back) so the
boundaries line up with the tiles; the others are WGS84 web-mercator tiles.

Without tiles the map still shows the land: the relief and the major rivers that the cache
build made from packages (:func:`geodata.load_relief`, :func:`geodata.load_rivers`) are two
layers of the layer control, on by default with ``none`` and off under tiles. The relief
is an image overlay in a pane below the tier fills, served by the app from
``static/context/`` (a copy of the cached PNG, git-ignored) or inlined as a data URI in an
offline export; the rivers lie in a pane above the fills and below the labels, and neither
takes clicks, so a click still selects the city beneath.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from jinja2 import Template

import geodata
from geodata import gcj02_to_wgs84_coords, wgs84_to_gcj02, wgs84_to_gcj02_coords
from layers._errors import LayersError
from layers.assets import STATIC_DIR, publish
from layers.elements import ScriptElement, SharedData, script_json, shared_data_script
from layout_rules.text import escape_html
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


# --- the land under the map: relief and rivers ----------------------------------------------

CONTEXT_DIR = STATIC_DIR / "context"
CONTEXT_URL = "/app/static/context"
"""Where Streamlit serves ``static/context`` (``enableStaticServing``)."""
RELIEF_PANE, RELIEF_Z = "scxRelief", 350
"""Above the tiles (200), below the fills and outlines (overlay pane, 400)."""
RIVER_PANE, RIVER_Z = "scxRivers", 450
"""Above the fills, which would hide thin lines, below labels and markers (600)."""
RIVER_COLOUR = "#2e86c1"
RIVER_STYLE = {"color": RIVER_COLOUR, "weight": 1.3, "opacity": 0.9, "interactive": False,
               "pane": RIVER_PANE}  # fmt: skip
_DIGITS = 4
"""Decimal places of river coordinates (about 10 m)."""


class ImageOverlay(ScriptElement):
    """A Leaflet image overlay added to its parent group: an image URL (or data URI), bounds.

    folium's own ``ImageOverlay`` reads a relative URL such as ``/app/static/…`` as a file
    path; this one passes the URL as it is.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.imageOverlay({{ this.url|tojson }}, {{ this.bounds|tojson }}, "
        "{{ this.options|tojson }}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )

    def __init__(self, url: str, bounds: list[list[float]], **options: Any) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca leaves __init__ unannotated
        self._name = "ScxImageOverlay"
        self.url, self.bounds, self.options = url, bounds, options


class ContextNote(ScriptElement):
    """A small note in the map's lower left, shown and removed with its feature group.

    Its own control (class ``scx-context``), apart from the industry legend, so that legend
    stays the map's one ``scx-legend``. The control is the runtime's (``scx.note``): the map's
    script, resent with every rerun, only names the note.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "scx.note({{ this._parent.get_name() }}, {{ this.html_json }});"
        "{% endmacro %}"
    )

    def __init__(self, swatch: str, text: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca leaves __init__ unannotated
        self._name = "ScxContextNote"
        html = f'<i style="display:inline-block;width:14px;margin-right:6px;{swatch}"></i>'
        self.html_json = script_json(html + escape_html(text))


def context_panes() -> list[folium.map.CustomPane]:
    """Return the panes of the relief and the rivers (neither takes pointer events)."""
    return [
        folium.map.CustomPane(RELIEF_PANE, z_index=RELIEF_Z, pointer_events=False),
        folium.map.CustomPane(RIVER_PANE, z_index=RIVER_Z, pointer_events=False),
    ]


def context_layers(base: str, *, lang: str, inline: bool = False) -> list[folium.FeatureGroup]:
    """Return the relief and rivers layers: shown with no base map, optional under tiles.

    Parameters
    ----------
    base
        The base map id; its datum shifts the layers (GCJ-02 on AMap).
    lang
        The language of the layer names and legends.
    inline
        Embed the relief image as a data URI (an offline export) instead of linking the
        copy the app serves.

    Raises
    ------
    LayersError
        If the relief cannot be copied to the app's static folder.
    """
    spec = base_map(base)
    show = spec.tiles is None
    return [_relief_group(spec, lang=lang, show=show, inline=inline),
            _river_group(spec, lang=lang, show=show)]  # fmt: skip


def _relief_group(spec: BaseMap, *, lang: str, show: bool, inline: bool) -> folium.FeatureGroup:
    relief = geodata.load_relief()
    corners = points_to_datum(np.array([[lon, lat] for lat, lon in relief.bounds]), spec.datum)
    bounds = [[float(lat), float(lon)] for lon, lat in corners]
    url = _data_uri(relief.path) if inline else relief_url(relief.path)
    group = folium.FeatureGroup(name=t("map.layer.relief", lang), overlay=True, control=True,
                                show=show)  # fmt: skip
    ImageOverlay(url, bounds, pane=RELIEF_PANE, interactive=False).add_to(group)
    swatch = "height:10px;vertical-align:-1px;background:linear-gradient(135deg,#fff,#666)"
    ContextNote(swatch, t("map.context.relief", lang)).add_to(group)
    return group


def _river_group(spec: BaseMap, *, lang: str, show: bool) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=t("map.layer.rivers", lang), overlay=True, control=True,
                                show=show)  # fmt: skip
    SharedData("lines", f"rivers-{spec.datum}", river_script(spec.datum)).add_to(group)
    swatch = f"height:0;vertical-align:3px;border-top:2px solid {RIVER_COLOUR}"
    ContextNote(swatch, t("map.context.rivers", lang)).add_to(group)
    return group


@functools.cache
def river_script(datum: str) -> str:
    """Return the rivers as shared data (:func:`layers.elements.shared_data_script`).

    Serialised once per datum, not with every rerun; the page fetches the file once.
    """
    items = [{"latlngs": line, "style": RIVER_STYLE} for line in river_lines(datum)]
    return shared_data_script(f"rivers-{datum}", items)


@functools.cache
def river_lines(datum: str) -> list[list[list[float]]]:
    """Return the cached rivers as Leaflet lat/lon lists, in the datum, to 4 decimals."""
    rivers = to_datum(geodata.load_rivers(), datum)
    return [
        [[round(lat, _DIGITS), round(lon, _DIGITS)] for lon, lat in line.coords]
        for line in rivers.geometry
    ]


def relief_url(path: Path) -> str:
    """Return the URL the app serves the relief at, copying the cached PNG there if needed.

    The file name carries the image's hash, so a rebuilt relief is never taken from a
    browser's cache; the copy is written whole, then renamed (no half-written file is served).

    Raises
    ------
    LayersError
        If the static folder cannot be written.
    """
    stat = path.stat()
    name = _published_name(path, stat.st_size, stat.st_mtime_ns)
    if not (CONTEXT_DIR / name).is_file():
        publish(CONTEXT_DIR, name, path.read_bytes(), what="the relief")
    return f"{CONTEXT_URL}/{name}"


@functools.lru_cache(maxsize=4)
def _published_name(path: Path, size: int, mtime_ns: int) -> str:
    """Return the served file name of the relief: hashed once per version of the file."""
    del size, mtime_ns  # part of the cache key only: a rebuilt file is hashed again
    return f"relief-{hashlib.sha256(path.read_bytes()).hexdigest()[:16]}.png"


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")
