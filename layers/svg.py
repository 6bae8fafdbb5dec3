"""Province maps as SVG, drawn by our own code in an equal-area projection: the one drawer.

Fact sheets (locator and industry maps, HTML and PDF) and the app's small multiples draw
Sichuan with these functions. Boundaries come from :mod:`geodata`, projected into its
equal-area CRS (so shapes are not stretched in latitude) and simplified with
``shapely.coverage_simplify`` at about one pixel, which keeps shared borders shared.
Prefectures and counties are simplified as separate coverages. SVG styling uses presentation
attributes only: WeasyPrint does not apply the page's stylesheet to inline SVG. Every text
from data is escaped with :func:`layout_rules.text.escape_html`; no script, no network.

:func:`map_layers` is the I/O edge (cached per process); the drawing functions are pure.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

import geodata
from layers.disk_cache import boundary_checksums, cache_folder, read_checked, write_checked
from layout_rules.text import escape_html
from layout_rules.vocab import role_colour

EDGE = "#ffffff"
INK = "#1c2833"
_MIN_RING = 3

LAYER_SETTINGS: dict[str, tuple[geodata.VariantName, float]] = {
    "province": ("overview", 5000.0),
    "city": ("web", 300.0),
    "small": ("overview", 15000.0),
}
"""Layer set -> (geodata variant, simplification tolerance in metres): one to two pixels at
the size each map is drawn (the province 300 px wide, 3.5 km a pixel; the small maps
120–180 px, 9–6 km a pixel). The city map is simplified again to its own scale
(:data:`factsheets.maps.CITY_TOLERANCE_PX`). Every vertex costs WeasyPrint about 20 µs to
draw, so pixels matter for the batch time."""
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


LAYERS_FORMAT = 1
"""Bumped when :class:`MapLayers` or how it is built changes, so older files are rebuilt."""


@functools.cache
def map_layers(kind: str) -> MapLayers:
    """Return the layer set ``kind`` (``province``, ``city`` or ``small``), built once.

    Built once per boundary cache, in fact: projecting and simplifying the three sets takes
    most of a second, which every fact sheet batch and the app's first sheet paid before
    drawing anything. The sets are kept beside the boundary cache
    (:mod:`layers.disk_cache`) and rebuilt when it changes; an unwritable cache folder only
    means building them in every process.
    """
    path = cache_folder() / f"svg_layers_{kind}.bin"
    meta = {
        "format": LAYERS_FORMAT,
        "settings": LAYER_SETTINGS[kind],
        "boundaries": boundary_checksums(),
    }
    stored = read_checked(path, meta)
    if isinstance(stored, MapLayers):
        return stored
    layers = build_map_layers(kind)
    with contextlib.suppress(OSError):  # read-only install: built in every process
        write_checked(path, layers, meta)
    return layers


def build_map_layers(kind: str) -> MapLayers:
    """Return the layer set ``kind`` computed from the boundaries (see :func:`map_layers`)."""
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
class Frame:
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
    ) -> Frame:
        """Fit ``bounds`` into ``width`` (and ``max_height``), centred horizontally."""
        minx, miny, maxx, maxy = bounds
        scale = (width - 2 * pad) / max(maxx - minx, 1.0)
        if max_height is not None:
            scale = min(scale, (max_height - 2 * pad) / max(maxy - miny, 1.0))
        height = (maxy - miny) * scale + 2 * pad
        shift = (width - 2 * pad - (maxx - minx) * scale) / 2 / scale
        return cls(minx - shift, maxy, scale, pad, width, round(height, 1))

    def visible(self) -> BaseGeometry:
        """Return the area the frame shows, in projected metres (padding included)."""
        left, top = self.minx - self.pad / self.scale, self.maxy + self.pad / self.scale
        right, bottom = left + self.width / self.scale, top - self.height / self.scale
        return shapely.box(left, bottom, right, top)

    def xy(self, coords: np.ndarray) -> np.ndarray:
        """Return projected coordinates as pixels, rounded to :data:`QUANTUM_PX`."""
        x = (coords[:, 0] - self.minx) * self.scale + self.pad
        y = (self.maxy - coords[:, 1]) * self.scale + self.pad
        return np.round(np.column_stack([x, y]) / QUANTUM_PX) * QUANTUM_PX


def _ring_path(coords: np.ndarray, frame: Frame) -> str:
    points = frame.xy(coords)
    keep = np.ones(len(points), dtype=bool)
    keep[1:] = np.any(points[1:] != points[:-1], axis=1)
    points = points[keep]
    if len(points) < _MIN_RING:
        return ""
    body = " ".join(f"{x:g} {y:g}" for x, y in points)
    return f"M{body}Z"


def path_data(geometries: BaseGeometry | Iterable[BaseGeometry], frame: Frame) -> str:
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


def svg_path(
    geometries: BaseGeometry | Iterable[BaseGeometry], frame: Frame, **style: object
) -> str:
    """One ``<path>`` for all the geometries: each SVG element costs WeasyPrint time."""
    return _path_element(path_data(geometries, frame), style)


def _path_element(d: str, style: Mapping[str, object]) -> str:
    return f'<path d="{d}" fill-rule="evenodd"{attributes(style)}/>' if d else ""


def attributes(style: Mapping[str, object]) -> str:
    """Return SVG attributes from a style (``stroke_width`` → ``stroke-width``), escaped."""
    pairs = ((key.replace("_", "-"), escape_html(value)) for key, value in style.items())
    return "".join(f' {key}="{value}"' for key, value in pairs)


_SLANT = -12
"""Degrees an italic label leans (a synthetic italic, as browsers draw one)."""


def svg_label(
    text: str, x: float, y: float, *, size: float, weight: str = "normal", italic: bool = False
) -> str:
    """Return a centred label; ``italic`` for a romanised name (``words.romanised``).

    Labels sit on light fills only, so they need no halo (a second, stroked copy would print
    every name twice in the PDF's text). The CJK font has no italic and the PDF renderer does
    not slant a font itself, so an italic label is slanted by the drawing (``skewX``).
    """
    place = f'x="{x:.1f}" y="{y:.1f}"'
    if italic:
        place = f'x="0" y="0" transform="translate({x:.1f} {y:.1f}) skewX({_SLANT})"'
    return (
        f'<text {place} font-size="{size:g}" font-weight="{weight}" '
        f'text-anchor="middle" dominant-baseline="middle" fill="{INK}">{escape_html(text)}</text>'
    )


def svg_document(frame: Frame, body: Iterable[str], *, title: str, font_family: str) -> str:
    """Wrap drawn elements in an ``<svg>`` of the frame's size, with an accessible title."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" role="img" '
        f'width="{frame.width:g}" height="{frame.height:g}" '
        f'viewBox="0 0 {frame.width:g} {frame.height:g}" '
        f'font-family="{escape_html(font_family)}"><title>{escape_html(title)}</title>'
        + "".join(body)
        + "</svg>"
    )


# --- the province drawn by role -------------------------------------------------------------


def role_map_frame(layers: MapLayers, width: float) -> Frame:
    """Return the frame of a province map ``width`` pixels wide (its height is the map's)."""
    return Frame.fit(layers.province.bounds, width=width, pad=2)


def prefecture_paths(layers: MapLayers, frame: Frame) -> dict[str, str]:
    """Return the SVG path data of every prefecture in a frame, by adcode."""
    return {
        str(code): path_data(shape, frame) for code, shape in layers.prefectures.geometry.items()
    }


def role_map_svg(
    layers: MapLayers,
    roles: Mapping[str, str],
    *,
    width: float,
    title: str,
    font_family: str,
    outline: str | None = None,
    paths: Mapping[str, str] | None = None,
) -> str:
    """Return the province with every prefecture filled in the colour of its role.

    Prefectures of one colour are one ``<path>`` (each SVG element costs WeasyPrint time);
    ``outline`` names a prefecture to outline in ink (the fact sheet's city); ``paths``,
    :func:`prefecture_paths` at this width, saves drawing them again for every map of a grid.

    Examples
    --------
    >>> svg = role_map_svg(map_layers("small"), {"510100": "core"}, width=120, title="IT",
    ...                    font_family="sans-serif")
    >>> svg.startswith("<svg") and 'fill="#c0392b"' in svg
    True
    """
    frame = role_map_frame(layers, width)
    paths = paths if paths is not None else prefecture_paths(layers, frame)
    by_fill: dict[str, list[str]] = {}
    for code in layers.prefectures.index:
        by_fill.setdefault(role_colour(roles.get(code, "none")), []).append(paths[code])
    style = {"stroke": EDGE, "stroke_width": 0.4}
    body = [_path_element("".join(d), {"fill": fill, **style}) for fill, d in by_fill.items()]
    if outline is not None:
        city = layers.prefectures.geometry.loc[outline]
        body.append(svg_path(city, frame, fill="none", stroke=INK, stroke_width=1.4))
    return svg_document(frame, body, title=title, font_family=font_family)
