"""Print export of a map view: an A4 landscape PDF, SVG or 300-dpi PNG, drawn server-side.

Planners paste maps into reports and slides. The sheet is drawn with matplotlib from the
same inputs as the folium map (:func:`layers.view.map_data` on the WGS84 boundaries of
:mod:`geodata`), in the Albers equal-area projection for Sichuan, with the tier colours,
role labels and overlay styles of the app (:mod:`layout_rules.vocab`, :mod:`layers.tiers`,
:mod:`layers.overlays`). It carries a title (document, industries, years), a legend of only
the classes and symbols drawn, a scale bar, a north arrow and a source line, all in the
chosen language. Labels are placed greedily by priority (:mod:`layers.placement`) and
skipped rather than overlapped; clusters and corridors left unlabelled are named in the
legend instead.

Text goes into the PDF as text in an embedded CJK font (``pdf.fonttype 42``, the Noto CJK
font found by :func:`factsheets.fonts.find_cjk_font`); matplotlib's only markup, mathtext,
is switched off (``text.parse_math``), so a ``$`` in a name prints as itself. SVG text is
drawn as paths, so the file looks the same without the font.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import itertools
import threading
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace

import geopandas as gpd
import matplotlib as mpl
import numpy as np
import pandas as pd
import shapely
from matplotlib import patheffects
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import fontManager
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.text import Text
from matplotlib.transforms import ScaledTranslation, Transform
from pyproj import Transformer

import geodata
from factsheets.fonts import INSTALL_HINT, find_cjk_font
from geodata.source import package_version
from layers._errors import LayersError
from layers.basemaps import RIVER_COLOUR
from layers.elements import Shapes
from layers.geometry import EncodedShape, decode_shape
from layers.overlays import CLUSTER_COLOURS, CORRIDOR_COLOUR, COUNTY_EDGE, PARK_COLOUR
from layers.placement import Box, Candidate, place_labels
from layers.print_files import FORMATS
from layers.tables import Boundaries, Record
from layers.tiers import SELECTED_EDGE, count_colours, role_counts
from layers.view import MapData, MapView, map_data, title
from layout_rules import Rules
from layout_rules.vocab import role_colour, role_label
from words import SOURCE_LANGUAGE, column_in, romanised, t, text_in, translated

PAGE_INCHES = (297 / 25.4, 210 / 25.4)
"""A4 landscape."""
DPI = 300
VECTOR_IMAGE_DPI = 150
"""Resolution of the one raster in a PDF or SVG, the relief (its DEM cells are 0.2°): 300
dpi would quadruple its pixels, its size and the time to compress them, for no detail."""
MAP_RECT = (0.02, 0.07, 0.66, 0.80)
LEGEND_RECT = (0.70, 0.07, 0.28, 0.80)
"""Map and legend areas as figure fractions (left, bottom, width, height)."""
INK = "#1c2833"
MUTED = "#566573"
PROVINCE_EDGE = "#34495e"
HALO = [patheffects.Stroke(linewidth=2.4, foreground="white")]
MIN_SIZE = 5.5
"""Smallest type size (points) the title, source line and legend shrink to."""
_MIN_STOPS = 2
INSET_SHARE = 0.45
"""Share of the legend column the selected city's inset takes."""
_LOCK = threading.Lock()
"""matplotlib's rcParams are global: one print at a time per process."""


@dataclass(frozen=True)
class LabelStyle:
    """How one kind of label is drawn, and whether it may sit centred on its anchor.

    Area labels may sit centred, symbols' labels only beside them. The CJK font has no
    italic: kinds differ by size and colour.
    """

    size: float
    colour: str = INK
    weight: str = "normal"
    centred: bool = True
    italic: bool = False
    """A romanised name (``words.romanised``): set in :data:`ITALIC_FAMILY`'s italic."""


ITALIC_FAMILY = "DejaVu Sans"
"""The CJK font has no italic; romanised names are Latin, set in matplotlib's own sans."""


LABEL_STYLES = {
    "selected": LabelStyle(10.5, weight="bold"),
    "prefecture": LabelStyle(9),
    "cluster": LabelStyle(7.5, CLUSTER_COLOURS["clusters"]),
    "designation": LabelStyle(7.5, CLUSTER_COLOURS["designations"]),
    "corridor": LabelStyle(7, CORRIDOR_COLOUR),
    "park": LabelStyle(6.5, PARK_COLOUR, centred=False),
    "county": LabelStyle(6, MUTED),
    "outside": LabelStyle(8, INK, centred=False),
}


@dataclass
class _Label:
    kind: str
    text: str
    x: float
    y: float
    style: LabelStyle
    key: str = ""
    gap: float = 0.0
    """Points between the anchor and an off-centre label (a park ring's radius)."""
    anchors: tuple[tuple[float, float], ...] = ()
    """More anchor points to try (a corridor's segments), after ``x``/``y``."""


@dataclass
class _Drawn:
    """What the map shows: legend entries are made from it."""

    clusters: dict[str, list[str]] = field(default_factory=dict)
    corridors: list[str] = field(default_factory=list)
    parks: int = 0
    outside: list[str] = field(default_factory=list)
    counties: bool = False
    romanised: bool = False
    """Some place names are romanised (italic), which the legend says."""
    context: bool = False
    """Relief and rivers are drawn under the fills."""
    skipped: dict[str, list[str]] = field(default_factory=dict)


# --- entry points ---------------------------------------------------------------------------


def print_map(
    rules: Rules,
    view: MapView,
    boundaries: Boundaries,
    *,
    fmt: str = "pdf",
    drawn_on: dt.date | None = None,
) -> bytes:
    """Return a view as an A4 landscape map sheet in ``fmt`` (``pdf``, ``png`` or ``svg``).

    Parameters
    ----------
    rules, view
        The rules and the view (document, industries, city, overlays, language); the base map
        is ignored: the sheet has no tiles.
    boundaries
        WGS84 boundaries, as for :func:`layers.view.map_data`.
    fmt
        Output format; PNG is 300 dpi.
    drawn_on
        The date printed in the source line (today when None).

    Raises
    ------
    LayersError
        If the format or an industry is unknown, no industry is chosen, or no CJK font is
        installed.
    """
    if fmt not in FORMATS:
        msg = f"unknown print format {fmt!r}; choose one of {', '.join(FORMATS)}"
        raise LayersError(msg)
    family = _font_family()
    with _LOCK:
        figure = map_sheet(rules, view, boundaries, drawn_on=drawn_on)
        buffer = io.BytesIO()
        with _rc(family):
            dpi = DPI if fmt == "png" else VECTOR_IMAGE_DPI
            figure.savefig(buffer, format=fmt, dpi=dpi, metadata=_metadata(fmt, figure))
    return buffer.getvalue()


def map_sheet(
    rules: Rules, view: MapView, boundaries: Boundaries, *, drawn_on: dt.date | None = None
) -> Figure:
    """Return the sheet of :func:`print_map` as a matplotlib figure (laid out, not saved).

    Raises
    ------
    LayersError
        As :func:`print_map`.
    """
    if not view.industries:
        msg = f"no industry chosen for the print of {view.document}; name at least one"
        raise LayersError(msg)
    view = replace(view, base="none")
    data = map_data(rules, view, boundaries)
    family = _font_family()
    return _sheet(rules, view, data, boundaries, family=family,
                  drawn_on=drawn_on or dt.date.today())  # fmt: skip


# --- fonts and settings ---------------------------------------------------------------------


@functools.cache
def _font_family() -> str:
    """Register the installed CJK font (every face of its collection) and return its family."""
    font = find_cjk_font()
    if font is None:
        msg = f"the print export needs a CJK font and none is installed; {INSTALL_HINT}"
        raise LayersError(msg)
    fontManager.addfont(str(font.path))
    bold = font.path.with_name(font.path.name.replace("Regular", "Bold"))
    if bold != font.path and bold.is_file():
        fontManager.addfont(str(bold))
    return font.family


def _rc(family: str) -> AbstractContextManager[None]:
    """Return the settings of every print.

    The CJK font, embedded as TrueType (42) in PDF, paths in SVG, and no mathtext, so text
    from data prints literally.
    """
    return mpl.rc_context(
        {
            "font.family": family,
            "pdf.fonttype": 42,
            "svg.fonttype": "path",
            "text.parse_math": False,
            "axes.unicode_minus": False,
        }
    )


def _metadata(fmt: str, figure: Figure) -> dict[str, str | None]:
    title_text = str(figure.get_label())
    if fmt == "pdf":
        return {"Title": title_text, "Creator": "Sichuan Industrial Layout Explorer"}
    if fmt == "svg":
        return {"Title": title_text}
    return {"Title": title_text, "Software": "Sichuan Industrial Layout Explorer"}


# --- the sheet ------------------------------------------------------------------------------


def _sheet(
    rules: Rules,
    view: MapView,
    data: MapData,
    boundaries: Boundaries,
    *,
    family: str,
    drawn_on: dt.date,
) -> Figure:
    with _rc(family):
        figure = Figure(figsize=PAGE_INCHES, dpi=DPI)
        FigureCanvasAgg(figure)
        heading = _title_lines(rules, view)
        figure.set_label(" · ".join(heading))
        _page_text(figure, heading, _source_line(rules, view, drawn_on))
        ax = figure.add_axes(MAP_RECT)
        drawn = _draw_map(ax, data, view, boundaries)
        left, bottom, width, height = LEGEND_RECT
        if view.city:
            inset = height * INSET_SHARE
            _city_inset(figure.add_axes((left, bottom, width, inset - 0.035)), data, view,
                        boundaries, selected=view.city)  # fmt: skip
            drawn.counties = True
            drawn.romanised |= _romanised_counties(boundaries, view.city, view.lang)
            bottom, height = bottom + inset, height - inset
        legend = figure.add_axes((left, bottom, width, height))
        _legend(legend, _legend_rows(data, view, drawn), title(data, view))
    return figure


def _years(rules: Rules, document: str) -> str:
    doc = rules.document(document).document
    if doc.period is None:
        return str(doc.date.year)
    start, end = doc.period
    return str(start) if start == end else f"{start}–{end}"


def _title_lines(rules: Rules, view: MapView) -> tuple[str, str]:
    """Return the title (document and years) and subtitle (industries, selected city)."""
    doc = rules.document(view.document).document
    lang = view.lang
    head = f"{text_in(doc, 'title', lang)} ({_years(rules, view.document)})"
    names = {i.id: text_in(i, "name", lang) for i in rules.document(view.document).industries}
    listed = t("sep.list", lang).join(names[i] for i in view.industries)
    if len(view.industries) > 1:
        listed = f"{t('map.layer.overlay', lang)}{_colon(lang)}{listed}"
    if view.city:
        listed += f" · {t('map.selected', lang)}{_colon(lang)}{_city_name(view.city, lang)}"
    return head, listed


def _source_line(rules: Rules, view: MapView, drawn_on: dt.date) -> str:
    doc = rules.document(view.document).document
    lang = view.lang
    # A document number is shown only in a language it is written in (no Chinese in English).
    number = doc.number if lang == SOURCE_LANGUAGE else translated(doc, "number", lang)
    document = t(
        "map.print.document", lang, title=text_in(doc, "title", lang),
        number=f"{number}{t('sep.clause', lang)}" if number else "", date=doc.date.isoformat(),
    )  # fmt: skip
    parts = [
        f"{t('map.print.sources', lang)}{_colon(lang)}{document}",
        t("map.print.boundaries", lang, version=package_version()),
        t("map.print.projection", lang),
        f"{t('map.print.drawn', lang)} {drawn_on.isoformat()}",
    ]
    return t("sep.semicolon", lang).join(parts)


def _page_text(figure: Figure, heading: tuple[str, str], source: str) -> None:
    width = figure.bbox.width * 0.96
    _fitted(figure.text(0.02, 0.955, heading[0], fontsize=15, weight="bold", color=INK,
                        va="center"), width)  # fmt: skip
    _fitted(figure.text(0.02, 0.912, heading[1], fontsize=11.5, color=INK, va="center"), width)
    _fitted(figure.text(0.02, 0.03, source, fontsize=7, color=MUTED, va="center"), width)


def _colon(lang: str) -> str:
    return t("sep.colon", lang)


def _city_name(adcode: str, lang: str) -> str:
    city = geodata.place(adcode)
    name: str = text_in(city, "name", lang, source="short_name")
    return name


def _fitted(text: Text, width: float) -> None:
    """Shrink a one-line text until it fits ``width`` display pixels (down to MIN_SIZE)."""
    renderer = text.figure.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg canvas; not in the base stub
    while text.get_window_extent(renderer).width > width and _size(text) > MIN_SIZE:
        text.set_fontsize(_size(text) * 0.95)


def _size(text: Text) -> float:
    """Return the type size in points (typed as a name too; a set size is a number)."""
    return float(text.get_fontsize())


# --- the map --------------------------------------------------------------------------------


def _projector() -> Callable[[np.ndarray], np.ndarray]:
    transformer = Transformer.from_crs(4326, geodata.equal_area_crs(), always_xy=True)

    def project(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return project


def _draw_map(ax: Axes, data: MapData, view: MapView, boundaries: Boundaries) -> _Drawn:
    crs = geodata.equal_area_crs()
    project = _projector()
    prefectures = boundaries.prefectures.to_crs(crs).set_index("adcode")
    ax.set_axis_off()
    ax.set_aspect("equal")
    drawn = _Drawn()
    drawn.context = _context_layer(ax, project)
    _fills(ax, prefectures, data, len(view.industries))
    labels: list[_Label] = []
    if view.counties and view.city and len(data.counties.rows):
        counties = boundaries.counties.to_crs(crs)
        counties = counties[counties["prefecture_adcode"] == view.city]
        _outline(ax, counties.geometry, colour=COUNTY_EDGE, width=0.4, zorder=2)
        drawn.counties = True  # named in the city's inset, where the names fit
    province = shapely.union_all(prefectures.geometry.values)
    _outline(ax, [province], colour=PROVINCE_EDGE, width=0.9, zorder=3)
    labels += _cluster_layer(ax, data, view, project, drawn)
    labels += _corridor_layer(ax, data, view, project, drawn)
    if view.city:
        _outline(ax, [prefectures.geometry.loc[view.city]], colour=SELECTED_EDGE,
                 width=2.0, zorder=6)  # fmt: skip
    _frame_to(ax, province, data, project)
    obstacles = _park_layer(ax, data, view, project, drawn=drawn, labels=labels)
    labels += _city_labels(data, view, project)
    obstacles += _scale_bar(ax, view.lang) + _north_arrow(ax, project)
    _place(ax, labels, obstacles, drawn)
    return drawn


def _path(geometry: shapely.Geometry) -> MplPath | None:
    """One compound path of a (multi)polygon's rings; holes wind the other way."""
    geometry = shapely.orient_polygons(geometry)
    rings = [
        MplPath(np.asarray(ring.coords)[:, :2], closed=True)
        for part in shapely.get_parts(geometry)
        if part.geom_type == "Polygon" and not part.is_empty
        for ring in (part.exterior, *part.interiors)
    ]
    return MplPath.make_compound_path(*rings) if rings else None


def _fill(ax: Axes, geometry: shapely.Geometry, *, colour: str, zorder: float) -> None:
    path = _path(geometry)
    if path is not None:
        _add(ax, PathPatch(path, facecolor=colour, edgecolor="white", linewidth=0.6,
                           zorder=zorder, alpha=FILL_ALPHA))  # fmt: skip


# --- the land under the fills: relief and rivers ----------------------------------------------

FILL_ALPHA = 0.85
"""The fills' opacity, as on the folium map (``layers.tiers.BORDER``): the relief shows
through."""
RELIEF_WIDTH_PX = 800
"""Width of the relief raster in the sheet (the DEM's 0.2° cells are some 60 across it)."""


def _context_layer(ax: Axes, project: Callable[[np.ndarray], np.ndarray]) -> bool:
    """Draw the cached relief (below the fills) and rivers (just above them); tell if drawn.

    Both come from the boundary cache (:func:`geodata.load_relief`, :func:`geodata.load_rivers`)
    and are the ones the folium map shows with no base map.
    """
    rgba, extent = _albers_relief(str(geodata.load_relief().path))
    ax.imshow(rgba, extent=extent, origin="upper", zorder=0.5, interpolation="bilinear")
    for line in geodata.load_rivers().geometry:
        xy = project(np.asarray(line.coords))
        ax.plot(xy[:, 0], xy[:, 1], color=RIVER_COLOUR, linewidth=0.6, zorder=1.5,
                solid_capstyle="round")  # fmt: skip
    return True


@functools.cache
def _albers_relief(path: str) -> tuple[np.ndarray, tuple[float, float, float, float]]:
    """Return the relief resampled (nearest pixel) to an Albers grid as RGBA bytes, and extent.

    The cached image's rows are even in Web Mercator y; each Albers pixel looks up the
    image pixel under its WGS84 point.
    """
    from PIL import Image

    from geodata.relief import mercator_y

    relief = geodata.load_relief()
    (south, west), (north, east) = relief.bounds
    with Image.open(path) as png:
        image = np.asarray(png.convert("LA"))
    to_albers = Transformer.from_crs(4326, geodata.equal_area_crs(), always_xy=True)
    xs, ys = to_albers.transform([west, east, west, east], [south, south, north, north])
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    width = RELIEF_WIDTH_PX
    height = round(width * (y1 - y0) / (x1 - x0))
    gx = x0 + (np.arange(width) + 0.5) * (x1 - x0) / width
    gy = y1 - (np.arange(height) + 0.5) * (y1 - y0) / height
    mesh_x, mesh_y = np.meshgrid(gx, gy)
    lon, lat = to_albers.transform(mesh_x, mesh_y, direction="INVERSE")
    top, bottom = mercator_y(north), mercator_y(south)
    rows = ((top - mercator_y(lat)) / (top - bottom) * image.shape[0]).astype(int)
    cols = ((lon - west) / (east - west) * image.shape[1]).astype(int)
    inside = (rows >= 0) & (rows < image.shape[0]) & (cols >= 0) & (cols < image.shape[1])
    picked = image[rows.clip(0, image.shape[0] - 1), cols.clip(0, image.shape[1] - 1)]
    grey, alpha = picked[..., 0], np.where(inside, picked[..., 1], 0).astype(np.uint8)
    return np.dstack([grey, grey, grey, alpha]), (x0, x1, y0, y1)


def _add(ax: Axes, patch: PathPatch) -> None:
    """Add a boundary patch without ``add_patch``'s update of the data limits.

    That update walks every vertex (seconds for the province); the map sets its limits itself.
    """
    ax.add_artist(patch)


def _outline(
    ax: Axes,
    geometries: Sequence[shapely.Geometry] | gpd.GeoSeries,
    *,
    colour: str,
    width: float,
    zorder: float,
    dashes: tuple[float, float] | None = None,
) -> None:
    for geometry in geometries:
        path = _path(geometry)
        if path is None:
            continue
        patch = PathPatch(path, facecolor="none", edgecolor=colour, linewidth=width,
                          zorder=zorder, joinstyle="round")  # fmt: skip
        if dashes:
            patch.set_linestyle((0, dashes))
        _add(ax, patch)


def _fills(ax: Axes, prefectures: gpd.GeoDataFrame, data: MapData, total: int) -> None:
    for adcode, colour in fill_map(data, total).items():
        _fill(ax, prefectures.geometry.loc[adcode], colour=colour, zorder=1)


def fill_map(data: MapData, total: int) -> dict[str, str]:
    """Return adcode -> fill colour, as on the folium map.

    The tier colour (one industry) or the colour of the count of ``total`` overlaid industries
    (several).
    """
    if data.cities is not None:
        roles = zip(data.cities["adcode"], data.cities["role"], strict=True)
        return {adcode: role_colour(role or "none") for adcode, role in roles}
    counts = data.counts if data.counts is not None else pd.DataFrame(columns=["adcode", "count"])
    fills = count_colours(total)
    return {a: fills[int(n)] for a, n in zip(counts["adcode"], counts["count"], strict=True)}


def _frame_to(
    ax: Axes, province: shapely.Geometry, data: MapData, project: Callable[[np.ndarray], np.ndarray]
) -> None:
    """Fit the map to the province and the corridors' stops, keeping the map's aspect."""
    minx, miny, maxx, maxy = province.bounds
    for coords in data.overlays["corridors"].rows.get("coords", []):
        xy = project(np.asarray(coords, dtype=float))
        minx, miny = min(minx, xy[:, 0].min()), min(miny, xy[:, 1].min())
        maxx, maxy = max(maxx, xy[:, 0].max()), max(maxy, xy[:, 1].max())
    pad = 0.03 * max(maxx - minx, maxy - miny)
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    ax.set_anchor("C")
    ax.apply_aspect()


def _name(row: Record, lang: str) -> str:
    name: str = text_in(row, "name", lang)
    return name


def _point(
    project: Callable[[np.ndarray], np.ndarray], lon: float, lat: float
) -> tuple[float, float]:
    x, y = project(np.array([[lon, lat]], dtype=float))[0]
    return float(x), float(y)


def _inline(shapes: Shapes) -> Mapping[str, EncodedShape]:
    """Return inline shapes; a print is drawn from the map data, never from shape files."""
    return shapes if isinstance(shapes, Mapping) else {}


def _cluster_layer(
    ax: Axes,
    data: MapData,
    view: MapView,
    project: Callable[[np.ndarray], np.ndarray],
    drawn: _Drawn,
) -> list[_Label]:
    """Draw the dissolved cluster outlines (dashed) and return their labels."""
    labels = []
    rows = [
        (group, row, _inline(data.overlays[group].shapes).get(row["id"]))
        for group in CLUSTER_COLOURS
        for row in data.overlays[group].rows.to_dict("records")
    ]
    for group, row, shape in rows:
        if group not in view.overlays or not shape:
            continue
        geometry = shapely.transform(decode_shape(shape), project)
        _outline(ax, [geometry], colour=CLUSTER_COLOURS[group], width=1.5, zorder=4,
                 dashes=(4.0, 2.5))  # fmt: skip
        name = _name(row, view.lang)
        drawn.clusters.setdefault(group, []).append(name)
        style = LABEL_STYLES["cluster" if group == "clusters" else "designation"]
        x, y = _point(project, row["label_lon"], row["label_lat"])
        labels.append(_Label("cluster", name, x, y, style, key=group))
    return labels


def _corridor_layer(
    ax: Axes,
    data: MapData,
    view: MapView,
    project: Callable[[np.ndarray], np.ndarray],
    drawn: _Drawn,
) -> list[_Label]:
    """Draw the corridors as dashed lines through their stops; labels try each segment."""
    if "corridors" not in view.overlays:
        return []
    labels = []
    for row in data.overlays["corridors"].rows.to_dict("records"):
        xy = project(np.asarray(row["coords"], dtype=float))
        if len(xy) < _MIN_STOPS:
            continue
        ax.plot(xy[:, 0], xy[:, 1], color=CORRIDOR_COLOUR, linewidth=2.0, linestyle=(0, (5, 3)),
                zorder=5, solid_capstyle="round")  # fmt: skip
        name = _name(row, view.lang)
        drawn.corridors.append(name)
        anchors = [
            tuple(xy[k] + t * (xy[k + 1] - xy[k]))
            for t in (0.5, 0.3, 0.7)
            for k in range(len(xy) - 1)
        ]
        x, y = anchors[0]
        labels.append(_Label("corridor", name, x, y, LABEL_STYLES["corridor"], key="corridors",
                             anchors=tuple(anchors[1:])))  # fmt: skip
    return labels + _outside_stops(ax, data, view, project, drawn)


def _outside_stops(
    ax: Axes,
    data: MapData,
    view: MapView,
    project: Callable[[np.ndarray], np.ndarray],
    drawn: _Drawn,
) -> list[_Label]:
    """Mark and name the corridor stops beyond Sichuan (重庆), where no boundary is drawn.

    A corridor then does not end in blank paper.
    """
    if "corridors" not in view.overlays or data.overlays["corridors"].rows.empty:
        return []
    table = geodata.gazetteer()
    outside = table[table["level"] == "external"]
    corridors = data.overlays["corridors"].rows
    stops = {tuple(point) for coords in corridors["coords"] for point in coords}
    labels = []
    for place in outside.to_dict("records"):
        if not any(np.allclose(stop, (place["label_lon"], place["label_lat"])) for stop in stops):
            continue
        x, y = _point(project, place["label_lon"], place["label_lat"])
        ax.scatter([x], [y], s=16, color=INK, zorder=7)
        name = text_in(place, "name", view.lang, source="short_name")
        labels.append(_Label("corridor", name, x, y, LABEL_STYLES["outside"], gap=2.5))
        drawn.outside.append(name)
    return labels


def _host_name(adcode: str, lang: str) -> str:
    host = geodata.place(adcode)
    name: str = text_in(host, "name", lang)
    return name


def _park_layer(
    ax: Axes,
    data: MapData,
    view: MapView,
    project: Callable[[np.ndarray], np.ndarray],
    *,
    drawn: _Drawn,
    labels: list[_Label],
) -> list[Box]:
    """Draw one dashed ring per host place (sized by its parks); return the rings as obstacles."""
    if "parks" not in view.overlays or data.overlays["parks"].rows.empty:
        return []
    obstacles, scale = [], ax.figure.dpi / 72
    for adcode, group in data.overlays["parks"].rows.groupby("host_adcode", sort=True):
        rows = group.to_dict("records")
        x, y = _point(project, rows[0]["lon"], rows[0]["lat"])
        radius = 3.0 + 1.2 * len(rows) ** 0.5
        ax.scatter([x], [y], s=(2 * radius) ** 2, facecolor="white", edgecolor=PARK_COLOUR,
                   linewidth=1.1, linestyle=(0, (2, 1)), zorder=7)  # fmt: skip
        px, py = ax.transData.transform((x, y))
        r = radius * scale
        obstacles.append(Box(px - r, py - r, px + r, py + r))
        text, style = _name(rows[0], view.lang), LABEL_STYLES["park"]
        if len(rows) > 1:
            text = (
                f"{_host_name(str(adcode), view.lang)} · {len(rows)} {t('map.parks_at', view.lang)}"
            )
            if romanised(geodata.place(str(adcode)), "name", view.lang):  # as on the map
                style, drawn.romanised = replace(style, italic=True), True
        labels.append(_Label("park", text, x, y, style, gap=radius))
        drawn.parks += len(rows)
    return obstacles


def _city_labels(
    data: MapData, view: MapView, project: Callable[[np.ndarray], np.ndarray]
) -> list[_Label]:
    """Prefecture names (with the labels overlay) and the selected city's, always."""
    xy = project(data.overlays["labels"].rows[["label_lon", "label_lat"]].to_numpy(dtype=float))
    labels = []
    for row, (x, y) in zip(data.overlays["labels"].rows.to_dict("records"), xy, strict=True):
        kind = "selected" if row["adcode"] == view.city else "prefecture"
        if kind == "prefecture" and "labels" not in view.overlays:
            continue
        name = text_in(row, "city", view.lang)
        labels.append(_Label(kind, name, float(x), float(y), LABEL_STYLES[kind]))
    return labels


def _county_labels(
    counties: gpd.GeoDataFrame, project: Callable[[np.ndarray], np.ndarray], lang: str
) -> list[_Label]:
    xy = project(counties[["label_lon", "label_lat"]].to_numpy(dtype=float))
    names = column_in(counties, "name", lang)
    italic = replace(LABEL_STYLES["county"], italic=True)
    styles = [italic if romanised(row, "name", lang) else LABEL_STYLES["county"]
              for row in counties.drop(columns="geometry").to_dict("records")]  # fmt: skip
    return [
        _Label("county", str(name), float(x), float(y), style)
        for name, (x, y), style in zip(names, xy, styles, strict=True)
    ]


def _romanised_counties(boundaries: Boundaries, city: str, lang: str) -> bool:
    """Return whether the city's county names are romanised in ``lang`` (drawn in italics)."""
    counties = boundaries.counties[boundaries.counties["prefecture_adcode"] == city]
    return any(romanised(row, "name", lang) for row in counties.itertuples())


def _city_inset(
    ax: Axes, data: MapData, view: MapView, boundaries: Boundaries, *, selected: str
) -> None:
    """Draw the selected city at a larger scale, with its counties named.

    At the scale of the province, county names would not fit. ``selected`` is the view's city
    (adcode).
    """
    crs, project = geodata.equal_area_crs(), _projector()
    prefectures = boundaries.prefectures.to_crs(crs).set_index("adcode")
    counties = boundaries.counties.to_crs(crs)
    counties = counties[counties["prefecture_adcode"] == selected]
    city = prefectures.geometry.loc[selected]
    ax.set_axis_off()
    ax.set_aspect("equal")
    for adcode, colour in fill_map(data, len(view.industries)).items():
        mine = adcode == selected
        _fill(ax, prefectures.geometry.loc[adcode], colour=colour if mine else "#eceff1", zorder=1)
    _outline(ax, counties.geometry, colour=COUNTY_EDGE, width=0.5, zorder=2)
    _outline(ax, [city], colour=SELECTED_EDGE, width=1.6, zorder=6)
    minx, miny, maxx, maxy = city.bounds
    pad = 0.06 * max(maxx - minx, maxy - miny)
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - 2.5 * pad, maxy + pad)  # room for the scale bar below the city
    ax.apply_aspect()
    ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, fill=False,
                           edgecolor="#aab7b8", linewidth=0.6, zorder=12))  # fmt: skip
    heading = f"{_city_name(selected, view.lang)} · {t('map.layer.counties', view.lang)}"
    ax.text(0, 1.02, heading, transform=ax.transAxes, fontsize=8, weight="bold", color=INK,
            va="bottom", ha="left")  # fmt: skip
    labels = _county_labels(counties, project, view.lang)
    inset_view = replace(view, overlays=tuple(o for o in view.overlays if o == "parks"))
    obstacles = _park_layer(ax, data, inset_view, project, drawn=_Drawn(), labels=labels)
    width_km = (ax.get_xlim()[1] - ax.get_xlim()[0]) / 1000
    length = max([k for k in INSET_SCALES_KM if k <= width_km / 3] or [INSET_SCALES_KM[0]])
    obstacles += _scale_bar(ax, view.lang, (0, length))
    _place(ax, labels, obstacles, _Drawn())


# --- labels ---------------------------------------------------------------------------------


def _offsets(label: _Label, w: float, h: float) -> list[tuple[float, float]]:
    """Return offsets (points) of a label's centre from its anchor, in order of preference.

    On the anchor (area labels), then around it, close first (clear of a park ring of ``gap``).
    """
    around = [
        offset
        for g in (label.gap + 1.5, label.gap + 7.0)
        for offset in (
            (g + w / 2, 0.0), (-(g + w / 2), 0.0), (0.0, g + h / 2), (0.0, -(g + h / 2)),
            (g + w / 2, g + h / 2), (-(g + w / 2), g + h / 2), (g + w / 2, -(g + h / 2)),
            (-(g + w / 2), -(g + h / 2)),
        )
    ]  # fmt: skip
    return [(0.0, 0.0), *around] if label.style.centred else around


def _place(ax: Axes, labels: Sequence[_Label], obstacles: list[Box], drawn: _Drawn) -> None:
    """Place the labels greedily by priority; remove those that find no free position."""
    figure = ax.figure
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg canvas; not in the base stub
    scale = figure.dpi / 72
    texts, options, candidates = [], [], []
    for label in labels:
        text = ax.text(label.x, label.y, label.text, ha="center", va="center",
                       fontsize=label.style.size, color=label.style.colour,
                       weight=label.style.weight, zorder=10, clip_on=False)  # fmt: skip
        if label.style.italic:
            text.set_fontfamily(ITALIC_FAMILY)
            text.set_fontstyle("italic")
        extent = text.get_window_extent(renderer)
        w, h = extent.width / scale + 2, extent.height / scale + 1
        choices = [
            ((ax_x, ax_y), offset)
            for ax_x, ax_y in ((label.x, label.y), *label.anchors)
            for offset in _offsets(label, w, h)
        ]
        boxes = tuple(_box(ax, anchor, offset, w, h) for anchor, offset in choices)
        texts.append(text)
        options.append(choices)
        candidates.append(Candidate(label.kind, boxes))
    frame = Box(ax.bbox.x0, ax.bbox.y0, ax.bbox.x1, ax.bbox.y1)
    for label, text, choices, k in zip(labels, texts, options,
                                       place_labels(candidates, frame=frame, obstacles=obstacles),
                                       strict=True):  # fmt: skip
        if k is None:
            text.remove()
            drawn.skipped.setdefault(label.key or label.kind, []).append(label.text)
            continue
        (x, y), (dx, dy) = choices[k]
        shift = ax.transData + ScaledTranslation(dx / 72, dy / 72, figure.dpi_scale_trans)
        text.set_position((x, y))
        text.set_transform(shift)
        _halo(ax, text, shift)


def _halo(ax: Axes, text: Text, transform: Transform) -> None:
    """Draw a white outline under a label, as a separate shape.

    The label itself stays one piece of text in the PDF (a path effect on it would turn it
    into outlines).
    """
    x, y = text.get_position()
    twin = ax.text(x, y, text.get_text(), ha="center", va="center",
                   fontproperties=text.get_fontproperties(), color="white", zorder=9.9,
                   path_effects=HALO, clip_on=False)  # fmt: skip
    twin.set_transform(transform)


def _box(ax: Axes, anchor: tuple[float, float], offset: tuple[float, float], w: float,
         h: float) -> Box:  # fmt: skip
    scale = ax.figure.dpi / 72
    px, py = ax.transData.transform(anchor)
    cx, cy = px + offset[0] * scale, py + offset[1] * scale
    return Box(cx - w * scale / 2, cy - h * scale / 2, cx + w * scale / 2, cy + h * scale / 2)


# --- scale bar and north arrow --------------------------------------------------------------


def _extent_box(artists: Sequence[Artist], ax: Axes) -> Box:
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg canvas; not in the base stub
    boxes = [a.get_window_extent(renderer) for a in artists]
    return Box(min(b.x0 for b in boxes), min(b.y0 for b in boxes), max(b.x1 for b in boxes),
               max(b.y1 for b in boxes))  # fmt: skip


SCALE_STOPS_KM = (0, 50, 100, 200)
INSET_SCALES_KM = (10, 20, 50, 100)
"""Lengths the inset's scale bar may take: the largest within a third of its width."""


def _scale_bar(ax: Axes, lang: str, stops: Sequence[int] = SCALE_STOPS_KM) -> list[Box]:
    """Draw a scale bar in the lower left and return the box it takes.

    True to scale near 30° N, the projection's centre; Albers keeps scale error under 0.2 %
    across Sichuan.
    """
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    left, bottom, height = x0 + 0.04 * (x1 - x0), y0 + 0.045 * (y1 - y0), 0.008 * (y1 - y0)
    height = max(height, 0.012 * (x1 - x0))
    artists: list[Artist] = []
    for k, (a, b) in enumerate(itertools.pairwise(stops)):
        fill = INK if k % 2 == 0 else "white"
        patch = Rectangle((left + a * 1000, bottom), (b - a) * 1000, height, zorder=11,
                          facecolor=fill, edgecolor=INK, linewidth=0.6)  # fmt: skip
        artists.append(ax.add_patch(patch))
    for stop in stops:
        text = f"{stop} {t('map.print.km', lang)}" if stop == stops[-1] else str(stop)
        artists.append(ax.text(left + stop * 1000, bottom + 2.2 * height, text, fontsize=7,
                               ha="center", va="bottom", color=INK, zorder=11))  # fmt: skip
    return [_extent_box(artists, ax)]


def _north_arrow(ax: Axes, project: Callable[[np.ndarray], np.ndarray]) -> list[Box]:
    """Draw an arrow to true north in the upper right and return the box it takes.

    North turns away from the central meridian in a conic projection.
    """
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    x, y = x0 + 0.95 * (x1 - x0), y0 + 0.88 * (y1 - y0)
    inverse = Transformer.from_crs(geodata.equal_area_crs(), 4326, always_xy=True)
    lon, lat = inverse.transform(x, y)
    nx, ny = _point(project, lon, lat + 0.5)
    direction = np.array([nx - x, ny - y]) / np.hypot(nx - x, ny - y)
    side = np.array([direction[1], -direction[0]])
    size = 0.05 * (y1 - y0)
    tip, base = np.array([x, y]) + direction * size / 2, np.array([x, y]) - direction * size / 2
    left, right = base - side * size * 0.3, base + side * size * 0.3
    middle = base + direction * size * 0.25
    label_x, label_y = tip + direction * size * 0.12
    artists: list[Artist] = [
        ax.add_patch(plt_polygon([tip, left, middle], INK)),
        ax.add_patch(plt_polygon([tip, right, middle], "white")),
        ax.text(label_x, label_y, "N", fontsize=9, weight="bold", ha="center",
                va="bottom", color=INK, zorder=11),
    ]  # fmt: skip
    return [_extent_box(artists, ax)]


def plt_polygon(points: Sequence[np.ndarray], colour: str) -> PathPatch:
    """Return a closed triangle patch of the north arrow."""
    path = MplPath(np.array([*points, points[0]]), closed=True)
    return PathPatch(path, facecolor=colour, edgecolor=INK, linewidth=0.7, zorder=11)


# --- the legend -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    """One legend entry: a symbol, its label and notes beneath.

    Symbols: ``fill``, ``outline``, ``line``, ``dashed``, ``dashline``, ``ring``, ``borders``,
    ``dot`` for a stop beyond Sichuan, ``relief`` for the shading under the fills.
    """

    symbol: str
    label: str
    colour: str = INK
    notes: tuple[str, ...] = ()


def _legend_rows(data: MapData, view: MapView, drawn: _Drawn) -> list[_Row]:
    """Return the legend: the fill classes present, then every symbol drawn, then notes."""
    lang = view.lang
    rows = _fill_rows(data, view)
    rows += [
        _Row("line", t("map.print.province_edge", lang), PROVINCE_EDGE),
        _Row("borders", t("map.print.prefecture_edge", lang)),
    ]
    if view.city:
        city = f"{t('map.selected', lang)}{_colon(lang)}{_city_name(view.city, lang)}"
        rows.append(_Row("outline", city, SELECTED_EDGE))
    if drawn.counties:
        rows.append(_Row("line", t("map.layer.counties", lang), COUNTY_EDGE))
    for group in ("clusters", "designations"):
        if group in drawn.clusters:
            rows.append(_Row("dashed", t(f"map.layer.{group}", lang), CLUSTER_COLOURS[group],
                             _unlabelled(drawn, group, lang)))  # fmt: skip
    if drawn.parks:
        rows.append(_Row("ring", f"{t('map.layer.parks', lang)} · {drawn.parks}", PARK_COLOUR,
                         (t("map.approximate", lang),)))  # fmt: skip
    if drawn.corridors:
        notes = (t("map.schematic", lang), *_unlabelled(drawn, "corridors", lang))
        rows.append(_Row("dashline", t("map.layer.corridors", lang), CORRIDOR_COLOUR, notes))
    if drawn.outside:
        rows.append(
            _Row(
                "dot",
                f"{t('map.beyond', lang)}{_colon(lang)}" + t("sep.list", lang).join(drawn.outside),
            )
        )
    if drawn.context:
        rows += [
            _Row("line", t("map.context.rivers", lang), RIVER_COLOUR),
            _Row("relief", t("map.context.relief", lang)),
        ]
    shown_notes = {"map.open_list": data.open_list, "romanised.legend": drawn.romanised}
    return rows + [_Row("note", t(key, lang)) for key, shown in shown_notes.items() if shown]


def _fill_rows(data: MapData, view: MapView) -> list[_Row]:
    lang = view.lang
    if data.cities is not None:
        return [
            _Row("fill", f"{role_label(role, lang=lang)} · {n}", role_colour(role))
            for role, n in role_counts(data.cities).items()
        ]
    fills = count_colours(len(view.industries))
    found = data.counts["count"].value_counts() if data.counts is not None else pd.Series()
    return [
        _Row("fill", f"{n} · {int(found[n])} {t('map.cities', lang)}", fills[int(n)])
        for n in sorted(found.index, reverse=True)
    ]


def _unlabelled(drawn: _Drawn, key: str, lang: str) -> tuple[str, ...]:
    names = drawn.skipped.get(key, [])
    if not names:
        return ()
    listed = t("sep.items", lang).join(names)
    return (f"{t('map.print.unlabelled', lang)}{_colon(lang)}{listed}",)


def _legend(ax: Axes, rows: Sequence[_Row], heading: str) -> None:
    """Draw the legend in points (y down), shrinking the type until every row fits."""
    ax.set_axis_off()
    scale = ax.figure.dpi / 72
    width, height = ax.bbox.width / scale, ax.bbox.height / scale
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    size = 8.5
    while size > MIN_SIZE and _legend_height(rows, heading, size, width) > height:
        size *= 0.92
    y = _legend_line(ax, 0, 0, heading, size * 1.3, weight="bold", width=width)
    for row in rows:
        y = _legend_row(ax, row, y + size * 0.5, size, width)


def _legend_height(rows: Sequence[_Row], heading: str, size: float, width: float) -> float:
    lines = len(wrap(heading, width / (size * 1.3))) * size * 1.3 * 1.35
    for row in rows:
        lines += size * 0.5 + len(wrap(row.label, (width - 26) / size)) * size * 1.35
        lines += sum(len(wrap(n, (width - 26) / (size * 0.85))) for n in row.notes) * size * 1.2
    return lines


def _legend_line(ax: Axes, x: float, y: float, text: str, size: float, *, width: float,
                 weight: str = "normal", colour: str = INK) -> float:  # fmt: skip
    """Write wrapped text from (x, y) down; return the y below it."""
    for line in wrap(text, (width - x) / size):
        ax.text(x, y, line, fontsize=size, weight=weight, color=colour, va="top", ha="left")
        y += size * 1.35
    return y


def _legend_row(ax: Axes, row: _Row, y: float, size: float, width: float) -> float:
    if row.symbol == "note":
        return _legend_line(ax, 0, y, row.label, size * 0.85, width=width, colour=MUTED)
    _symbol(ax, row, y + size * 0.65)
    y = _legend_line(ax, 26, y, row.label, size, width=width)
    for note in row.notes:
        y = _legend_line(ax, 26, y, note, size * 0.85, width=width, colour=MUTED)
    return y


def _symbol(ax: Axes, row: _Row, y: float) -> None:
    """Draw a row's symbol, 20 × 10 points, centred on ``y``."""
    corner = (0, y - 5)  # a 20 × 10 box
    if row.symbol == "fill":
        ax.add_patch(
            Rectangle(corner, 20, 10, facecolor=row.colour, edgecolor="#aab7b8", linewidth=0.4)
        )
    elif row.symbol == "relief":
        ax.imshow([[0.95, 0.6], [0.6, 0.3]], cmap="gray", vmin=0, vmax=1, extent=(0, 20, y + 5,
                  y - 5), interpolation="bicubic", alpha=0.8)  # fmt: skip
    elif row.symbol in {"outline", "dashed"}:
        dashes = (0, (3, 1.5)) if row.symbol == "dashed" else "solid"
        width = 1.8 if row.symbol == "outline" else 1.4
        ax.add_patch(Rectangle(corner, 20, 10, facecolor="none", edgecolor=row.colour,
                               linewidth=width, linestyle=dashes))  # fmt: skip
    elif row.symbol in {"line", "dashline"}:
        style = (0, (4, 2.5)) if row.symbol == "dashline" else "solid"
        ax.plot([0, 20], [y, y], color=row.colour, linewidth=2 if row.symbol == "dashline" else 1,
                linestyle=style)  # fmt: skip
    elif row.symbol == "ring":
        ax.scatter([10], [y], s=81, facecolor="white", edgecolor=row.colour, linewidth=1.1,
                   linestyle=(0, (2, 1)))  # fmt: skip
    elif row.symbol == "dot":
        ax.scatter([10], [y], s=16, color=INK)
    elif row.symbol == "borders":
        ax.add_patch(Rectangle(corner, 20, 10, facecolor="#d5d8dc", edgecolor="none"))
        ax.plot([10, 10], [y - 5, y + 5], color="white", linewidth=1.2)


def wrap(text: str, em: float) -> list[str]:
    """Break text into lines of at most ``em`` ems; Latin words are not split.

    CJK characters are one em wide, others about half.

    >>> wrap("核心发展区核心发展区", 4)
    ['核心发展', '区核心发', '展区']
    >>> wrap("Key expansion zone", 5)
    ['Key', 'expansion', 'zone']
    """
    lines, line, used = [], "", 0.0
    for token in _tokens(text):
        cost = sum(_em(c) for c in token)
        if line and used + cost > em:
            lines.append(line.rstrip())
            line, used = "", 0.0
        piece = token.lstrip() if not line else token
        line += piece
        used += sum(_em(c) for c in piece)
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _tokens(text: str) -> list[str]:
    """Single wide characters, and Latin words with the space before them."""
    tokens: list[str] = []
    for char in text:
        if _em(char) == 1.0 or not tokens or _em(tokens[-1][-1]) == 1.0 or char == " ":
            tokens.append(char)
        else:
            tokens[-1] += char
    return tokens


def _em(char: str) -> float:
    return 1.0 if unicodedata.east_asian_width(char) in {"W", "F"} else 0.55
