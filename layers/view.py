"""One view of the explorer as folium: a stable base map plus the layers that change.

The app mounts :func:`explorer_map` once per base map and passes :func:`view_layers` through
``st_folium(feature_group_to_add=…)``, so switching an industry swaps layers without
remounting the map. :func:`standalone_map` puts the same layers on one map for the HTML
export. The inputs are gathered in a :class:`MapData` by :func:`map_data`, whose parts the
app caches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from layers import tables
from layers.assets import inline_assets, localise
from layers.basemaps import base_map, points_to_datum, tile_layer, to_datum
from layers.elements import Runtime
from layers.geometry import EncodedShape, encode_frame
from layers.overlays import cluster_layer, corridor_layer, county_layer, park_layer
from layers.tiers import count_layer, count_legend, label_layer, tier_layer, tier_legend
from layers.words import word
from layout_rules import DEFAULT_DOCUMENT, Rules

OVERLAYS = ("labels", "clusters", "designations", "parks", "corridors")
"""Overlays a view may switch on, in layer-control order."""

SICHUAN_BOUNDS = ((26.0, 97.3), (34.4, 108.6))
"""South-west and north-east corners (lat, lon) the map opens on."""


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

    @property
    def datum(self) -> str:
        """The datum the layers are drawn in (GCJ-02 on AMap)."""
        return base_map(self.base).datum


@dataclass(frozen=True)
class Boundaries:
    """The WGS84 boundaries a view draws from (the app loads the ``web`` variant)."""

    province: gpd.GeoDataFrame
    prefectures: gpd.GeoDataFrame
    counties: gpd.GeoDataFrame


@dataclass(frozen=True)
class MapData:
    """The joined, datum-shifted and encoded inputs of one view's layers."""

    datum: str
    places: pd.DataFrame
    prefecture_shapes: dict[str, EncodedShape]
    industry_names: dict[str, dict[str, str]]
    cities: pd.DataFrame | None = None
    counts: pd.DataFrame | None = None
    open_list: bool = False
    clusters: pd.DataFrame = field(default_factory=pd.DataFrame)
    cluster_shapes: dict[str, EncodedShape] = field(default_factory=dict)
    parks: pd.DataFrame = field(default_factory=pd.DataFrame)
    corridors: pd.DataFrame = field(default_factory=pd.DataFrame)
    counties: pd.DataFrame = field(default_factory=pd.DataFrame)
    county_shapes: dict[str, EncodedShape] = field(default_factory=dict)


# --- data -----------------------------------------------------------------------------------


def boundary_shapes(frame: gpd.GeoDataFrame, *, datum: str) -> dict[str, EncodedShape]:
    """Return a boundary layer encoded for the browser, in the datum of the base map."""
    return encode_frame(to_datum(frame, datum))


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


def industry_names(rules: Rules, document: str) -> dict[str, dict[str, str]]:
    """Return industry id -> {"zh": name, "en": English name} for a document."""
    return {
        industry.id: {"zh": industry.name, "en": industry.name_en}
        for industry in rules.document(document).industries
    }


def overlay_data(
    rules: Rules, view: MapView, boundaries: Boundaries
) -> tuple[pd.DataFrame, dict[str, EncodedShape], pd.DataFrame, pd.DataFrame]:
    """Return (clusters with label points, their encoded shapes, parks, corridors) in the datum."""
    args = {"document": view.document, "industries": view.industries}
    clusters = tables.cluster_shapes(
        tables.cluster_table(rules, **args),
        province=boundaries.province,
        prefectures=boundaries.prefectures,
        counties=boundaries.counties,
    )
    shapes = encode_frame(to_datum(clusters[["id", "geometry"]], view.datum), key="id")
    labels = label_points(clusters.drop(columns="geometry"), datum=view.datum,
                          lon="label_lon", lat="label_lat")  # fmt: skip
    parks = label_points(tables.park_table(rules, **args), datum=view.datum, lon="lon", lat="lat")
    corridors = tables.corridor_table(rules, **args)
    corridors["coords"] = [
        tuple(map(tuple, points_to_datum(np.array(c), view.datum))) for c in corridors["coords"]
    ]
    return pd.DataFrame(labels), shapes, parks, corridors


def county_data(
    counties: gpd.GeoDataFrame, city: str | None, *, datum: str
) -> tuple[pd.DataFrame, dict[str, EncodedShape]]:
    """Return the counties of one city (names, label points) and their encoded shapes."""
    mine = counties[counties["prefecture_adcode"] == city] if city else counties.iloc[:0]
    names = label_points(pd.DataFrame(mine.drop(columns="geometry")), datum=datum,
                         lon="label_lon", lat="label_lat")  # fmt: skip
    return names, boundary_shapes(mine, datum=datum)


def map_data(rules: Rules, view: MapView, boundaries: Boundaries) -> MapData:
    """Gather everything the layers of a view need (the app caches the parts instead).

    Raises
    ------
    LayersError
        If an industry is not one of the document's, or the base map is unknown.
    """
    tables.check_industries(rules, view.document, view.industries)
    clusters, cluster_shapes, parks, corridors = overlay_data(rules, view, boundaries)
    counties, county_shapes = county_data(boundaries.counties, view.city, datum=view.datum)
    return MapData(
        datum=view.datum,
        places=city_places(boundaries.prefectures, datum=view.datum),
        prefecture_shapes=boundary_shapes(boundaries.prefectures, datum=view.datum),
        industry_names=industry_names(rules, view.document),
        **joined_data(rules, view),
        clusters=clusters,
        cluster_shapes=cluster_shapes,
        parks=parks,
        corridors=corridors,
        counties=counties,
        county_shapes=county_shapes,
    )


def joined_data(rules: Rules, view: MapView) -> dict[str, object]:
    """Return the ``cities`` (one industry) or ``counts`` (several) of a view, and open_list."""
    if len(view.industries) == 1:
        cities = tables.city_roles(rules, document=view.document, industry=view.industries[0])
        return {"cities": cities, "open_list": bool(cities["open_list"].any())}
    counts = tables.industry_counts(rules, document=view.document, industries=view.industries)
    return {"counts": counts}


def locate(prefectures: gpd.GeoDataFrame, lon: float, lat: float) -> str | None:
    """Return the adcode of the prefecture containing a WGS84 point, or None outside.

    >>> import geodata
    >>> locate(geodata.load_prefectures(variant="web"), 104.06, 30.67)
    '510100'
    """
    hits = prefectures.sindex.query(shapely.Point(lon, lat), predicate="intersects")
    return str(prefectures.iloc[int(hits[0])]["adcode"]) if len(hits) else None


# --- folium ---------------------------------------------------------------------------------


def explorer_map(base: str = "none") -> folium.Map:
    """Return the stable part of the map: runtime, tiles (if any), Sichuan in view.

    Its script depends on the base map only, so streamlit-folium keeps it mounted while
    the layers change. Asset links point at the app's own static files.
    """
    tiles = tile_layer(base)
    fmap = folium.Map(tiles=None, min_zoom=4, control_scale=True, zoom_snap=0.25,
                      zoom_delta=0.5)  # fmt: skip
    Runtime().add_to(fmap)
    if tiles is not None:
        tiles.add_to(fmap)
    fmap.fit_bounds([list(SICHUAN_BOUNDS[0]), list(SICHUAN_BOUNDS[1])])
    return localise(fmap)  # type: ignore[return-value]


def title(data: MapData, view: MapView) -> str:
    """Return the legend title: the industry name, or the names of the overlaid industries."""
    names = [data.industry_names[i][view.lang] for i in view.industries]
    if len(names) == 1:
        return names[0]
    return f"{word('count_title', view.lang)} ({len(names)})"


def view_layers(
    data: MapData, view: MapView, *, interactive: bool = True
) -> list[folium.FeatureGroup]:
    """Return the feature groups of a view: tiers or overlay, legend, counties, overlays.

    ``interactive`` is false for an export, whose legend then does not invite a click.
    """
    lang = view.lang
    if data.cities is not None:
        groups = [
            tier_layer(data.cities, data.prefecture_shapes, lang=lang, selected=view.city),
            tier_legend(data.cities, title=title(data, view), lang=lang,
                        open_list=data.open_list, click_hint=interactive),
        ]  # fmt: skip
    else:
        groups = _count_groups(data, view, interactive=interactive)
    if view.counties and len(data.counties):
        groups.append(county_layer(data.counties, data.county_shapes, lang=lang))
    groups.extend(_overlay_groups(data, view))
    return groups


def _count_groups(data: MapData, view: MapView, *, interactive: bool) -> list[folium.FeatureGroup]:
    counts = data.counts if data.counts is not None else pd.DataFrame()
    names = {i: n[view.lang] for i, n in data.industry_names.items()}
    total = len(view.industries)
    return [
        count_layer(counts, data.prefecture_shapes, names=names, total=total, lang=view.lang,
                    selected=view.city),
        count_legend(counts, total=total, title=title(data, view), lang=view.lang,
                     click_hint=interactive),
    ]  # fmt: skip


def _overlay_groups(data: MapData, view: MapView) -> list[folium.FeatureGroup]:
    lang, groups = view.lang, []
    for overlay in OVERLAYS:
        if overlay not in view.overlays:
            continue
        if overlay == "labels":
            groups.append(label_layer(data.places, lang=lang))
        elif overlay in {"clusters", "designations"}:
            groups.append(cluster_layer(data.clusters, data.cluster_shapes, group=overlay,
                                        lang=lang))  # fmt: skip
        elif overlay == "parks":
            groups.append(park_layer(data.parks, lang=lang))
        else:
            groups.append(corridor_layer(data.corridors, lang=lang))
    return groups


def layer_control() -> folium.LayerControl:
    """Return the layer control (collapsed: the legend already names what is shown)."""
    return folium.LayerControl(collapsed=True, position="topright")


def standalone_map(data: MapData, view: MapView) -> folium.Map:
    """Return one folium map with every layer of the view (for export)."""
    fmap = explorer_map(view.base)
    for group in view_layers(data, view, interactive=False):
        group.add_to(fmap)
    layer_control().add_to(fmap)
    return localise(fmap)  # type: ignore[return-value]


def export_html(data: MapData, view: MapView, *, inline: bool = True) -> str:
    """Return the view as a standalone HTML page; with ``inline`` it works offline."""
    html = standalone_map(data, view).get_root().render()
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


def industries_of(rules: Rules, document: str) -> Sequence[str]:
    """Return the industry ids of a document in document order."""
    return [industry.id for industry in rules.document(document).industries]
