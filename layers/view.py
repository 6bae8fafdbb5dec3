"""One view of the explorer as folium: a stable base map plus the layers that change.

The app mounts :func:`explorer_map` once per base map and passes :func:`view_layers` through
``st_folium(feature_group_to_add=…)``, so switching an industry swaps layers without
remounting the map. :func:`standalone_map` puts the same layers on one map for the HTML
export. The inputs are gathered in a :class:`MapData` by :func:`map_data`, the one builder;
the app passes it :class:`MapParts` served from its caches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TypedDict

import folium
import geopandas as gpd
import pandas as pd
import shapely

from layers import tables
from layers._errors import LayersError
from layers.assets import asset_links, inline_assets, localise, publish_script
from layers.basemaps import (
    base_map,
    context_layers,
    context_panes,
    label_points,
    tile_layer,
    to_datum,
)
from layers.elements import Runtime, Shapes, prefetch_js
from layers.geometry import EncodedShape, encode_frame
from layers.overlays import (
    OVERLAYS,
    OverlayData,
    Overlays,
    Selection,
    county_layer,
    overlay_data,
    overlay_layers,
)
from layers.tables import Boundaries
from layers.texts import TextTable, refer_texts
from layers.tiers import count_layer, count_legend, tier_layer, tier_legend
from layers.topology import ShapeFile
from layout_rules import DEFAULT_DOCUMENT, Rules
from words import languages, t, text_in

SICHUAN_BOUNDS = ((26.0, 97.3), (34.4, 108.6))
"""South-west and north-east corners (lat, lon) the map opens on."""
_CONTROL_WORDS = ("zoom_in", "zoom_out", "layers", "leaflet")
"""Leaflet's English the runtime replaces: zoom buttons, layer switch, attribution link."""


@dataclass(frozen=True)
class MapView:
    """Everything a map view depends on (the app keeps it in the URL)."""

    document: str = DEFAULT_DOCUMENT
    industries: tuple[str, ...] = ()
    city: str | None = None
    base: str = "none"
    lang: str = "zh"
    overlays: tuple[str, ...] = OVERLAYS
    counties: bool = False
    count_named: bool = False
    """Several industries: count every role naming a city, not core and expansion only."""

    @property
    def datum(self) -> str:
        """The datum the layers are drawn in (GCJ-02 on AMap)."""
        return base_map(self.base).datum


@dataclass(frozen=True)
class MapData:
    """The joined, datum-shifted and encoded inputs of one view's layers."""

    datum: str
    prefecture_shapes: dict[str, EncodedShape]
    industry_names: dict[str, dict[str, str]]
    cities: pd.DataFrame | None = None
    counts: pd.DataFrame | None = None
    open_list: bool = False
    overlays: Overlays = field(default_factory=Overlays)
    counties: OverlayData = field(default_factory=OverlayData)
    """The counties of the view's city (names, label points) and their shapes."""
    prefecture_files: tuple[ShapeFile, ...] = ()
    """The prefectures as files the browser fetches once (the app), or none: inline shapes."""
    county_files: tuple[ShapeFile, ...] = ()
    """The counties likewise (all of them; the view names its city's)."""
    texts: TextTable | None = None
    """The document's popups and tooltips as a file the browser fetches once, or none: inline."""


class JoinedData(TypedDict, total=False):
    """The rules joined to the cities of a view: the :class:`MapData` fields it fills."""

    cities: pd.DataFrame
    """One industry: each city's role (see :func:`layers.tables.city_roles`)."""
    counts: pd.DataFrame
    """Several industries: how many name each city (see :func:`layers.tables.industry_counts`)."""
    open_list: bool
    """Whether the one industry's list of places is open (等地)."""


# --- data -----------------------------------------------------------------------------------


def boundary_shapes(frame: gpd.GeoDataFrame, *, datum: str) -> dict[str, EncodedShape]:
    """Return a boundary layer encoded for the browser, in the datum of the base map."""
    return encode_frame(to_datum(frame, datum))


def industry_names(rules: Rules, document: str) -> dict[str, dict[str, str]]:
    """Return industry id -> {language: name} for a document, in every interface language."""
    return {
        industry.id: {lang: text_in(industry, "name", lang) for lang in languages()}
        for industry in rules.document(document).industries
    }


def county_data(counties: gpd.GeoDataFrame, city: str | None, *, datum: str) -> OverlayData:
    """Return the counties of one city (names, label points) and their encoded shapes."""
    mine = counties[counties["prefecture_adcode"] == city] if city else counties.iloc[:0]
    names = label_points(pd.DataFrame(mine.drop(columns="geometry")), datum=datum,
                         lon="label_lon", lat="label_lat")  # fmt: skip
    return OverlayData(names, boundary_shapes(mine, datum=datum))


def joined_data(rules: Rules, view: MapView) -> JoinedData:
    """Return the ``cities`` (one industry) or ``counts`` (several) of a view, and open_list."""
    if len(view.industries) == 1:
        cities = tables.city_roles(rules, document=view.document, industry=view.industries[0])
        return {"cities": cities, "open_list": bool(cities["open_list"].any())}
    counts = tables.industry_counts(rules, document=view.document, industries=view.industries,
                                    named=view.count_named)  # fmt: skip
    return {"counts": counts}


class MapParts:
    """Where :func:`map_data` takes the parts of a view from: computed here, from boundaries.

    The app subclasses it to serve each part from its own cache (keyed by strings), so the
    one :func:`map_data` assembles a view both for the app and for the export and tests.
    """

    def __init__(self, boundaries: Boundaries) -> None:
        self.boundaries = boundaries

    def prefecture_shapes(self, datum: str) -> dict[str, EncodedShape]:
        """Return the prefectures, encoded in the datum."""
        return boundary_shapes(self.boundaries.prefectures, datum=datum)

    def industry_names(self, rules: Rules, document: str) -> dict[str, dict[str, str]]:
        """Return the document's industry names by id."""
        return industry_names(rules, document)

    def joined(self, rules: Rules, view: MapView) -> JoinedData:
        """Return the view's city roles or industry counts (see :func:`joined_data`)."""
        return joined_data(rules, view)

    def overlays(self, rules: Rules, view: MapView) -> Overlays:
        """Every overlay type's data for the view's document and industries."""
        selection = Selection(rules, view.document, view.industries, view.datum, self.boundaries)
        return overlay_data(selection)

    def counties(self, city: str | None, datum: str) -> OverlayData:
        """Return the counties of a city (none for None)."""
        return county_data(self.boundaries.counties, city, datum=datum)

    def shape_files(self, layer: str, datum: str) -> tuple[ShapeFile, ...]:
        """Return the files the browser fetches a boundary layer from; none: shapes inline.

        The app serves :mod:`layers.shape_files`; an export keeps its shapes inline.
        """
        del layer, datum
        return ()

    def texts(self, rules: Rules, view: MapView) -> TextTable | None:
        """Return the text file the view's popups and tooltips are sent as numbers into.

        None here (every text inline); the app's precomputed parts publish the shipped
        documents' texts (:mod:`layers.texts`).
        """
        del rules, view
        return None


def map_data(
    rules: Rules,
    view: MapView,
    boundaries: Boundaries | None = None,
    *,
    parts: MapParts | None = None,
) -> MapData:
    """Gather everything the layers of a view need: the one builder of a view's data.

    Parameters
    ----------
    rules, view
        The rules and the view to draw.
    boundaries
        WGS84 boundaries to compute the parts from (when ``parts`` is not given).
    parts
        Where to take the parts from instead (the app's caches).

    Raises
    ------
    LayersError
        If an industry is not one of the document's, or the base map is unknown.
    """
    if parts is None:
        if boundaries is None:
            msg = "map_data needs boundaries or parts"
            raise LayersError(msg)
        parts = MapParts(boundaries)
    tables.check_industries(rules, view.document, view.industries)
    return MapData(
        datum=view.datum,
        prefecture_shapes=parts.prefecture_shapes(view.datum),
        industry_names=parts.industry_names(rules, view.document),
        **parts.joined(rules, view),
        overlays=parts.overlays(rules, view),
        counties=parts.counties(view.city if view.counties else None, view.datum),
        prefecture_files=parts.shape_files("prefectures", view.datum),
        county_files=parts.shape_files("counties", view.datum),
        texts=parts.texts(rules, view),
    )


def locate(prefectures: gpd.GeoDataFrame, lon: float, lat: float) -> str | None:
    """Return the adcode of the prefecture containing a WGS84 point, or None outside.

    >>> import geodata
    >>> locate(geodata.load_prefectures(variant="web"), 104.06, 30.67)
    '510100'
    """
    hits = prefectures.sindex.query(shapely.Point(lon, lat), predicate="intersects")
    return str(prefectures.iloc[int(hits[0])]["adcode"]) if len(hits) else None


# --- folium ---------------------------------------------------------------------------------


def explorer_map(
    base: str = "none", *, lang: str = "zh", inline: bool = False, prefetch: Sequence[str] = ()
) -> folium.Map:
    """Return the stable part of the map: runtime, tiles (if any), the land, Sichuan in view.

    Its script depends on the base map and the language only, so streamlit-folium keeps it
    mounted while the layers change. The runtime opens it at the page URL's ``z`` and ``c``
    (zoom, centre; the centre in WGS84 on every base map, shifted into the base map's datum)
    when the page has them, else on Sichuan, and writes them back as the map moves, without a
    rerun. Asset links point at the app's own static files; the relief image too, unless
    ``inline`` embeds it (an offline export). ``prefetch`` names static files (the shapes) the
    page starts fetching before Leaflet and the runtime have loaded (see :func:`prefetched`).
    """
    tiles = tile_layer(base)
    fmap = folium.Map(tiles=None, min_zoom=4, control_scale=False, zoom_snap=0.25,
                      zoom_delta=0.5)  # fmt: skip
    words = {"offline": t("map.offline", lang), "unplaced": t("map.print.unlabelled", lang),
             **{name: t(f"map.control.{name}", lang) for name in _CONTROL_WORDS}}  # fmt: skip
    Runtime(SICHUAN_BOUNDS, words, datum=base_map(base).datum).add_to(fmap)
    if tiles is not None:
        tiles.add_to(fmap)
    for pane in context_panes():
        pane.add_to(fmap)
    for group in context_layers(base, lang=lang, inline=inline):
        group.add_to(fmap)
    return prefetched(localise(fmap), prefetch)


def prefetched(fmap: folium.Map, urls: Sequence[str]) -> folium.Map:
    """Make the map's first linked script one that starts fetching ``urls`` (app static files).

    The map's scripts load one after the other (Leaflet, the runtime, the rivers), and the
    runtime asks for the shapes only once the map's script has run; fetched from the start,
    the shapes arrive while the scripts load (``scx`` takes them from ``scxPrefetch``). The
    same script hints the map's other scripts and style sheets, so that they load together
    rather than each after the one before.
    """
    if urls:
        scripts, styles = asset_links(fmap)
        code = prefetch_js(urls, scripts=scripts, styles=styles)
        fmap.default_js = [("scx_prefetch", publish_script("prefetch", code)),
                           *fmap.default_js]  # fmt: skip
    return fmap


def title(data: MapData, view: MapView) -> str:
    """Return the legend title: the industry name, or the names of the overlaid industries."""
    names = [data.industry_names[i][view.lang] for i in view.industries]
    if len(names) == 1:
        return names[0]
    key = "map.count_title_named" if view.count_named else "map.count_title"
    return f"{t(key, view.lang)} ({len(names)})"


def view_layers(
    data: MapData, view: MapView, *, interactive: bool = True
) -> list[folium.FeatureGroup]:
    """Return the feature groups of a view: tiers or overlay, legend, counties, overlays.

    ``interactive`` is false for an export, whose legend then does not invite a click.
    """
    lang = view.lang
    if data.cities is not None:
        groups = [
            tier_layer(data.cities, _prefectures(data), lang=lang, selected=view.city),
            tier_legend(data.cities, title=title(data, view), lang=lang,
                        open_list=data.open_list, click_hint=interactive,
                        selected=view.city is not None),
        ]  # fmt: skip
    else:
        groups = _count_groups(data, view, interactive=interactive)
    if view.counties and len(data.counties.rows):
        counties = data.county_files or data.counties.shapes
        groups.append(county_layer(data.counties.rows, counties, lang=lang))
    groups.extend(overlay_layers(_clusters_by_file(data), view.overlays, lang=lang))
    if data.texts is not None:
        refer_texts(groups, data.texts)
    return groups


CLUSTER_OVERLAYS = ("clusters", "designations")
PROVINCE = "510000"


def _clusters_by_file(data: MapData) -> Overlays:
    """Return the overlays, clusters drawn from the prefecture files where they can be.

    A cluster whose members are all prefectures (or the province) is drawn by the browser as
    the outline of its members' shapes, so its polygons need not travel with each switch.
    """
    if not data.prefecture_files:
        return data.overlays
    known = {*data.prefecture_shapes, PROVINCE}
    swapped = dict(data.overlays.data)
    for key in CLUSTER_OVERLAYS:
        found = swapped.get(key)
        members = found.rows.get("members", ()) if found is not None else ()
        if found is not None and all(set(m) <= known for m in members):
            swapped[key] = replace(found, shapes=data.prefecture_files)
    return replace(data.overlays, data=swapped)


def _count_groups(data: MapData, view: MapView, *, interactive: bool) -> list[folium.FeatureGroup]:
    counts = data.counts if data.counts is not None else pd.DataFrame()
    names = {i: n[view.lang] for i, n in data.industry_names.items()}
    total = len(view.industries)
    return [
        count_layer(counts, _prefectures(data), names=names, total=total, lang=view.lang,
                    selected=view.city),
        count_legend(counts, total=total, title=title(data, view), lang=view.lang,
                     click_hint=interactive, selected=view.city is not None),
    ]  # fmt: skip


def _prefectures(data: MapData) -> Shapes:
    """Return the prefectures' shape files when the view has them, else their inline shapes."""
    return data.prefecture_files or data.prefecture_shapes


def layer_control() -> folium.LayerControl:
    """Return the layer control (collapsed: the legend already names what is shown)."""
    return folium.LayerControl(collapsed=True, position="topright")


def standalone_map(data: MapData, view: MapView, *, inline: bool = False) -> folium.Map:
    """Return one folium map with every layer of the view (for export: shapes inline).

    With ``inline`` the relief image is embedded (as :func:`export_html` does for an offline
    page); otherwise it is linked, like every asset, from the app's static files.
    """
    fmap = explorer_map(view.base, lang=view.lang, inline=inline)
    inline_shapes = replace(data, prefecture_files=(), county_files=(), texts=None)
    for group in view_layers(inline_shapes, view, interactive=False):
        group.add_to(fmap)
    layer_control().add_to(fmap)
    return localise(fmap)


def export_html(data: MapData, view: MapView, *, inline: bool = True) -> str:
    """Return the view as a standalone HTML page; with ``inline`` it works offline."""
    html = standalone_map(data, view, inline=inline).get_root().render()
    return inline_assets(html) if inline else html


def joined_frame(data: MapData, view: MapView) -> pd.DataFrame:
    """Return the joined data of a view as a flat table (lists joined with '、')."""
    frame = data.cities if data.cities is not None else data.counts
    if frame is None:
        return pd.DataFrame()
    flat = frame.copy()
    for column in flat.columns:
        if flat[column].map(lambda v: isinstance(v, tuple)).any():
            flat[column] = flat[column].map("、".join)
    flat.insert(0, "document", view.document)
    flat.insert(1, "industries", ",".join(view.industries))
    return flat
