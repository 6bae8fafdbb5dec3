"""Locator maps of a fact sheet, drawn as inline SVG by our own code: no tiles, no network.

Boundaries come from :mod:`geodata`, projected into its equal-area CRS (so shapes are not
stretched in latitude) and simplified with ``shapely.coverage_simplify`` at about one pixel,
which keeps shared borders shared. Prefectures and counties are simplified as separate
coverages (a prefecture border keeps no vertex for every county junction on it); where both are
drawn, county lines go over the prefecture's fill and under its outline, so their sub-pixel
difference does not show. SVG styling uses presentation attributes only:
WeasyPrint does not apply the page's stylesheet to inline SVG.

:func:`map_layers` is the I/O edge (cached per process); the ``*_svg`` functions are pure.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

import geodata
from layout_rules.text import escape_html
from layout_rules.vocab import role_colour

HIGHLIGHT = "#2e4053"
"""Fill of the sheet's city on the province map: dark slate, outside the role colour scheme."""
LAND = "#e5e7e9"
NAMED_COUNTY = "#aed6f1"
"""Fill of counties the documents name, on the city map."""
EDGE = "#ffffff"
OUTLINE = "#566573"
INK = "#1c2833"
_MIN_RING = 3
_MIN_LABELLED_AREA = 450.0
"""Counties smaller than this (px²) on the city map stay unlabelled: their names would
overlap (the central districts of 成都)."""

LAYER_SETTINGS: dict[str, tuple[str, float]] = {
    "province": ("overview", 5000.0),
    "city": ("web", 300.0),
    "small": ("overview", 15000.0),
}
"""Layer set -> (geodata variant, simplification tolerance in metres): one to two pixels at
the size each map is drawn (the province 300 px wide, 3.5 km a pixel; the small multiples
120 px, 9 km a pixel). The city map is simplified again to its own scale
(:data:`CITY_TOLERANCE_PX`). Every vertex costs WeasyPrint about 20 µs to draw, so pixels
matter for the batch time."""
CITY_TOLERANCE_PX = 1.0
QUANTUM_PX = 0.5
"""Vertices are rounded to half pixels; repeated vertices are dropped."""


@dataclass(frozen=True)
class MapLayers:
    """Projected (metres), simplified boundaries and label points for drawing."""

    counties: gpd.GeoDataFrame
    """``adcode``, ``short_name``, ``prefecture_adcode``, ``label_x``, ``label_y``, geometry."""
    prefectures: gpd.GeoDataFrame
    """``adcode``, ``short_name``, ``label_x``, ``label_y``, geometry; indexed by adcode."""
    province: BaseGeometry


@functools.cache
def map_layers(kind: str) -> MapLayers:
    """Return the layer set ``kind`` (``province``, ``city`` or ``small``), built once."""
    variant, tolerance = LAYER_SETTINGS[kind]
    crs = geodata.equal_area_crs()
    counties = _simplified(_with_label_xy(geodata.load_counties(variant=variant), crs), tolerance)
    prefectures = _with_label_xy(geodata.load_prefectures(variant=variant), crs)
    prefectures = _simplified(prefectures, tolerance).set_index("adcode")
    return MapLayers(counties, prefectures, shapely.union_all(prefectures.geometry.values))


def _simplified(layer: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoDataFrame:
    """Simplify a coverage as a whole, so shared borders stay shared."""
    return layer.set_geometry(shapely.coverage_simplify(layer.geometry.values, tolerance))


def _with_label_xy(layer: gpd.GeoDataFrame, crs: object) -> gpd.GeoDataFrame:
    projected = layer.to_crs(crs)
    points = gpd.GeoSeries(gpd.points_from_xy(layer["label_lon"], layer["label_lat"]), crs=4326)
    points = points.to_crs(crs)
    return projected.assign(label_x=points.x.to_numpy(), label_y=points.y.to_numpy())


# --- drawing primitives ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Frame:
    """Maps projected metres into SVG pixels (y down), fitting ``bounds`` into ``width``."""

    minx: float
    maxy: float
    scale: float
    pad: float
    width: float
    height: float

    @classmethod
    def fit(
        cls,
        bounds: Iterable[float],
        *,
        width: float,
        max_height: float | None = None,
        pad: float = 4.0,
    ) -> _Frame:
        """Fit ``bounds`` into ``width`` (and ``max_height``), centred horizontally."""
        minx, miny, maxx, maxy = bounds
        scale = (width - 2 * pad) / max(maxx - minx, 1.0)
        if max_height is not None:
            scale = min(scale, (max_height - 2 * pad) / max(maxy - miny, 1.0))
        height = (maxy - miny) * scale + 2 * pad
        shift = (width - 2 * pad - (maxx - minx) * scale) / 2 / scale
        return cls(minx - shift, maxy, scale, pad, width, round(height, 1))

    def visible(self) -> BaseGeometry:
        """The area the frame shows, in projected metres (padding included)."""
        left, top = self.minx - self.pad / self.scale, self.maxy + self.pad / self.scale
        right, bottom = left + self.width / self.scale, top - self.height / self.scale
        return shapely.box(left, bottom, right, top)

    def xy(self, coords: np.ndarray) -> np.ndarray:
        x = (coords[:, 0] - self.minx) * self.scale + self.pad
        y = (self.maxy - coords[:, 1]) * self.scale + self.pad
        return np.round(np.column_stack([x, y]) / QUANTUM_PX) * QUANTUM_PX


def _ring_path(coords: np.ndarray, frame: _Frame) -> str:
    points = frame.xy(coords)
    keep = np.ones(len(points), dtype=bool)
    keep[1:] = np.any(points[1:] != points[:-1], axis=1)
    points = points[keep]
    if len(points) < _MIN_RING:
        return ""
    body = " ".join(f"{x:g} {y:g}" for x, y in points)
    return f"M{body}Z"


def path_data(geometries: BaseGeometry | Iterable[BaseGeometry], frame: _Frame) -> str:
    """Return the SVG path ``d`` of the polygons in one or more geometries.

    Other parts (lines, points) are ignored; holes work with ``fill-rule=evenodd``.
    """
    if isinstance(geometries, BaseGeometry):
        geometries = [geometries]
    rings = []
    for polygon in shapely.get_parts(np.asarray(list(geometries), dtype=object)):
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        rings.append(_ring_path(np.asarray(polygon.exterior.coords), frame))
        rings.extend(_ring_path(np.asarray(ring.coords), frame) for ring in polygon.interiors)
    return "".join(rings)


def _path(geometries: BaseGeometry | Iterable[BaseGeometry], frame: _Frame, **style: object) -> str:
    """One ``<path>`` for all the geometries: each SVG element costs WeasyPrint time."""
    d = path_data(geometries, frame)
    return f'<path d="{d}" fill-rule="evenodd"{_attributes(style)}/>' if d else ""


def _attributes(style: Mapping[str, object]) -> str:
    pairs = ((key.replace("_", "-"), escape_html(value)) for key, value in style.items())
    return "".join(f' {key}="{value}"' for key, value in pairs)


def _label(text: str, x: float, y: float, *, size: float, weight: str = "normal") -> str:
    """A centred label. Labels sit on light fills only, so they need no halo (a second,
    stroked copy would print every name twice in the PDF's text)."""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" font-weight="{weight}" '
        f'text-anchor="middle" dominant-baseline="middle" fill="{INK}">{escape_html(text)}</text>'
    )


def _svg(frame: _Frame, body: Iterable[str], *, title: str, font_family: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" role="img" '
        f'width="{frame.width:g}" height="{frame.height:g}" '
        f'viewBox="0 0 {frame.width:g} {frame.height:g}" '
        f'font-family="{escape_html(font_family)}"><title>{escape_html(title)}</title>'
        + "".join(body)
        + "</svg>"
    )


# --- the maps -------------------------------------------------------------------------------


def province_svg(layers: MapLayers, adcode: str, *, width: float = 300, font_family: str) -> str:
    """Return the province with the city highlighted, its county boundaries and its name.

    Examples
    --------
    >>> svg = province_svg(map_layers("province"), "510100", font_family="sans-serif")
    >>> svg.startswith("<svg") and ">成都</text>" in svg
    True
    """
    frame = _Frame.fit(layers.province.bounds, width=width)
    city = layers.prefectures.loc[adcode]
    others = layers.prefectures.geometry.drop(index=adcode)
    counties = layers.counties.geometry[layers.counties["prefecture_adcode"] == adcode]
    body = [
        _path(others, frame, fill=LAND, stroke=EDGE, stroke_width=0.8),
        _path(city.geometry, frame, fill=HIGHLIGHT),
        _path(counties, frame, fill="none", stroke="#aab7b8", stroke_width=0.3),
        _path(city.geometry, frame, fill="none", stroke=INK, stroke_width=1),
        _name_above(city, frame),
    ]
    return _svg(frame, body, title=f"{city.short_name} in Sichuan", font_family=font_family)


def _name_above(city: pd.Series, frame: _Frame) -> str:
    """The city's name just above its outline (inside it, the name would hide the counties)."""
    x, _ = frame.xy(np.array([[city.label_x, city.label_y]]))[0]
    top = frame.xy(np.array([[0.0, city.geometry.bounds[3]]]))[0][1]
    return _label(city.short_name, x, max(top - 7, 8), size=11, weight="bold")


def city_svg(
    layers: MapLayers,
    adcode: str,
    *,
    named_counties: Iterable[str] = (),
    width: float = 300,
    font_family: str,
) -> str:
    """Return the city's counties, labelled; counties the documents name are shaded.

    Counties too small to hold their name stay unlabelled. Neighbouring prefectures are drawn
    in grey for context; the viewBox clips them. Tall cities are fitted into ``max_height``.
    """
    city = layers.prefectures.loc[adcode]
    frame = _Frame.fit(city.geometry.bounds, width=width, max_height=width * 0.9, pad=10)
    named = set(named_counties)
    tolerance = CITY_TOLERANCE_PX / frame.scale
    counties = layers.counties[layers.counties["prefecture_adcode"] == adcode]
    counties = counties.set_geometry(shapely.coverage_simplify(counties.geometry.values, tolerance))
    others = layers.prefectures.geometry.drop(index=adcode).clip(frame.visible())
    others = others[~others.is_empty]
    is_named = counties["adcode"].isin(named)
    body = [
        _path(shapely.simplify(others.values, tolerance), frame, fill=LAND, stroke=EDGE),
        _path(
            counties.geometry[~is_named], frame, fill="#fbfcfc", stroke=OUTLINE, stroke_width=0.5
        ),
        _path(
            counties.geometry[is_named], frame, fill=NAMED_COUNTY, stroke=OUTLINE, stroke_width=0.5
        ),
    ]
    outline = shapely.union_all(counties.geometry.values)
    body.append(_path(outline, frame, fill="none", stroke=INK, stroke_width=1.2))
    for row in counties.itertuples():
        if row.geometry.area * frame.scale**2 >= _MIN_LABELLED_AREA:
            x, y = frame.xy(np.array([[row.label_x, row.label_y]]))[0]
            body.append(_label(row.short_name, x, y, size=7))
    return _svg(frame, body, title=f"{city.short_name}: counties", font_family=font_family)


def industry_svg(
    layers: MapLayers,
    roles: Mapping[str, str],
    adcode: str,
    *,
    width: float = 120,
    title: str,
    font_family: str,
) -> str:
    """Return a small province map coloured by each city's role, the sheet's city outlined."""
    frame = _Frame.fit(layers.province.bounds, width=width, pad=2)
    fills = [role_colour(roles.get(code, "none")) for code in layers.prefectures.index]
    by_fill = layers.prefectures.geometry.groupby(fills, sort=False)
    body = [
        _path(geometries, frame, fill=fill, stroke=EDGE, stroke_width=0.4)
        for fill, geometries in by_fill
    ]
    city = layers.prefectures.geometry.loc[adcode]
    body.append(_path(city, frame, fill="none", stroke=INK, stroke_width=1.4))
    return _svg(frame, body, title=title, font_family=font_family)
