"""Overlays: clusters and city groups, national clusters and pilots, parks, corridors, counties.

Each overlay type is declared once, in :data:`OVERLAY_TYPES`: its key (the URL's ``ov``
value and the word of its layer name), how its data is built for a view and how it is drawn.
Everything else (the view's default overlays, the sidebar, the map) iterates that tuple, so a
new overlay type (rail lines, say) is a record kind in :mod:`layout_rules.schema`, a table in
:mod:`layers.tables`, a layer function and an entry here, and its name in the word catalogues.

Each is its own feature group (one entry in the layer control). What the documents leave
vague stays visibly vague: parks are drawn at their host place's label point with a dashed
ring and the word "approximate"; corridors are dashed lines through the named places only,
marked "schematic". Every popup carries the record's source section and quote.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import folium
import numpy as np
import pandas as pd

from geodata import label_name, place_name
from layers import tables
from layers.basemaps import city_places, label_points, points_to_datum, to_datum
from layers.elements import Labels, Legend, Lines, Points, Polygons, Shapes
from layers.geometry import encode_frame
from layers.placement import priority
from layers.tables import Boundaries, Record, records
from layers.tiers import label_layer
from layout_rules import Rules
from layout_rules.text import escape_html as esc
from layout_rules.vocab import role_colour
from words import romanised, t, text_in

CLUSTER_COLOURS = {"clusters": "#6c3483", "designations": role_colour("national_cluster")}
PARK_COLOUR = "#117a65"
CORRIDOR_COLOUR = "#1f618d"
COUNTY_EDGE = "#566573"
"""Outline colour of county borders."""
COUNTY_STYLE = {"color": COUNTY_EDGE, "weight": 1, "opacity": 0.9, "fill": False}


def _name(row: Record, lang: str) -> str:
    name = text_in(row, "name", lang)
    return esc(name)


def source_html(row: Record, lang: str) -> str:
    """Return the escaped 'Source: section — “quote”' block of a record's popup."""
    return (
        f'<div class="scx-note">{esc(t("map.source", lang))}: {esc(row["section"])} — '
        f"“{esc(row['quote'])}”</div>"
    )


def _note_html(row: Record, lang: str) -> str:
    """Return the escaped note of a record in ``lang`` (the Chinese note where none is given)."""
    note = text_in(row, "note", lang)
    return f'<div class="scx-note">{esc(note)}</div>' if note else ""


def _places(names: Sequence[str], lang: str, sep: str) -> str:
    """Return the escaped place names of a record, as ``lang`` names them, joined by ``sep``."""
    return sep.join(esc(place_name(name, lang=lang)) for name in names)


def cluster_popup(row: Record, lang: str) -> str:
    """Return the escaped popup of a cluster: name, members (and beyond Sichuan), note, source."""
    members = _places(row["places"], lang, t("sep.list", lang))
    parts = [f"<b>{_name(row, lang)}</b>", f"{esc(t('map.members', lang))}: {members}"]
    if row["outside"]:
        beyond = _places(row["outside"], lang, t("sep.list", lang))
        parts.append(f"{esc(t('map.beyond', lang))}: {beyond}")
    return "<br>".join(parts) + _note_html(row, lang) + source_html(row, lang)


def cluster_layer(
    clusters: pd.DataFrame,
    shapes: Shapes,
    *,
    group: str,
    lang: str = "zh",
) -> folium.FeatureGroup:
    """Return dissolved cluster outlines with labels, for ``group`` clusters or designations.

    ``clusters`` is :func:`layers.tables.cluster_shapes` output (with label points);
    ``shapes`` its encoded polygons by cluster id, or the prefecture shape files (the browser
    then draws each outline from its ``members``). Outlines only: the tiers stay readable and
    clickable beneath.
    """
    rows = records(clusters[clusters["group"] == group])
    colour = CLUSTER_COLOURS[group]
    style = {"color": colour, "weight": 2.5, "opacity": 0.95, "fill": False, "dashArray": "6 4"}
    features = [
        {"id": row["id"], "style": 0, "tooltip": f"<b>{_name(row, lang)}</b>",
         "popup": cluster_popup(row, lang), "members": list(row["members"])}
        for row in rows
    ]  # fmt: skip
    layer = folium.FeatureGroup(name=t(f"map.layer.{group}", lang), overlay=True, control=True)
    if features:
        Polygons(shapes, features, [style], hover={"weight": 4}, keep_popup=True).add_to(layer)
        labels = [
            {"lat": row["label_lat"], "lon": row["label_lon"], "html": _name(row, lang),
             "kind": "cluster", "priority": priority("cluster")}
            for row in rows
        ]  # fmt: skip
        Labels(labels).add_to(layer)
        swatch = f'<i class="scx-outline" style="border:2px dashed {colour}"></i>'
        order = 10 + list(CLUSTER_COLOURS).index(group)
        legend_part(layer, swatch, t(f"map.layer.{group}", lang), len(rows), order=order)
    return layer


def legend_part(
    layer: folium.FeatureGroup, swatch: str, label: str, count: int, *, order: int
) -> None:
    """Add an overlay's row to the map's legend: its symbol, its name and how many are drawn.

    ``swatch`` is our own markup (no data text); ``label`` a catalogue word, escaped here.
    """
    Legend(f"<div>{swatch}{esc(label)} · {count}</div>", order=order).add_to(layer)


def _host(park: Record, lang: str) -> str:
    """Return the escaped name of a park's host place (romanised in English for a county).

    A romanised name is set in italics, as on the map's county labels.
    """
    name = esc(text_in(park, "host_name", lang))
    return f"<i>{name}</i>" if romanised(park, "host_name", lang) else name


def park_popup(parks: Sequence[Record], lang: str) -> str:
    """Return the escaped popup of the parks at one host place."""
    host = _host(parks[0], lang)
    head = f"<b>{host}</b> · {len(parks)} {esc(t('map.parks_at', lang))}"
    items = [
        f"<div><b>{_name(park, lang)}</b>{_note_html(park, lang)}{source_html(park, lang)}</div>"
        for park in parks
    ]
    approx = f'<div class="scx-approx">≈ {esc(t("map.approximate", lang))}</div>'
    return head + approx + "".join(items)


def park_layer(parks: pd.DataFrame, *, lang: str = "zh") -> folium.FeatureGroup:
    """Return one dashed ring per host place, sized by its number of parks.

    ``parks`` is :func:`layers.tables.park_table` output, lon/lat already in the map's datum.
    The ring is dashed and the tooltip starts with "≈": the documents give host places only.
    """
    layer = folium.FeatureGroup(name=t("map.layer.parks", lang), overlay=True, control=True)
    points = []
    for rows in _by_host(parks):
        names = "、".join(_name(r, lang) for r in rows)
        style = {"radius": 6 + 2 * len(rows) ** 0.5, "color": PARK_COLOUR, "weight": 2,
                 "dashArray": "3 3", "fillColor": "#ffffff", "fillOpacity": 0.7}  # fmt: skip
        points.append(
            {"lat": rows[0]["lat"], "lon": rows[0]["lon"], "style": style,
             "tooltip": f"≈ {_host(rows[0], lang)}: {names}",
             "popup": park_popup(rows, lang), "label": park_label(rows, lang)}
        )  # fmt: skip
    if points:
        Points([{k: v for k, v in p.items() if k != "label"} for p in points]).add_to(layer)
        labels = [
            {"lat": p["lat"], "lon": p["lon"], "html": p["label"], "kind": "park",
             "priority": priority("park"), "radius": p["style"]["radius"]}
            for p in points
        ]  # fmt: skip
        Labels(labels).add_to(layer)
        swatch = f'<i class="scx-ring" style="border:2px dashed {PARK_COLOUR}"></i>'
        legend_part(layer, swatch, t("map.layer.parks", lang), len(parks), order=20)
    return layer


def _by_host(parks: pd.DataFrame) -> list[list[Record]]:
    """Return the parks' records grouped by host place (by adcode), each in table order.

    One pass over the records: a pandas ``groupby`` and a ``to_dict`` per host cost
    some 10 ms a view, on every switch.
    """
    groups: dict[str, list[Record]] = {}
    for row in records(parks):
        groups.setdefault(str(row["host_adcode"]), []).append(row)
    return [groups[key] for key in sorted(groups)]


def park_label(parks: Sequence[Record], lang: str) -> str:
    """Return the escaped label beside a park ring: the host place, and the number of parks."""
    return f"{_host(parks[0], lang)} · {len(parks)}"


def corridor_popup(row: Record, lang: str) -> str:
    """Return the escaped popup of a corridor: name, stops, schematic note, source."""
    pairs = zip(row["labels"], row["stops"], strict=True)
    stops = " → ".join(esc(label_name(label, place, lang=lang)) for label, place in pairs)
    schematic = f'<div class="scx-approx">{esc(t("map.schematic", lang))}</div>'
    head = f"<b>{_name(row, lang)}</b><br>{esc(t('map.stops', lang))}: {stops}"
    return head + schematic + _note_html(row, lang) + source_html(row, lang)


def corridor_layer(corridors: pd.DataFrame, *, lang: str = "zh") -> folium.FeatureGroup:
    """Return corridors as dashed polylines through their stops' label points.

    ``corridors`` is :func:`layers.tables.corridor_table` output (``coords`` as lon/lat in
    the map's datum).
    """
    layer = folium.FeatureGroup(name=t("map.layer.corridors", lang), overlay=True, control=True)
    style = {"color": CORRIDOR_COLOUR, "weight": 4, "opacity": 0.9, "dashArray": "10 6"}
    lines = [
        {"latlngs": [[lat, lon] for lon, lat in row["coords"]], "style": style,
         "tooltip": f"{_name(row, lang)} ({esc(t('map.schematic', lang))})",
         "popup": corridor_popup(row, lang)}
        for row in records(corridors)
        if len(row["coords"]) > 1
    ]  # fmt: skip
    if lines:
        Lines(lines).add_to(layer)
        labels = [
            {**corridor_anchor(row["coords"]), "html": _name(row, lang), "kind": "corridor",
             "priority": priority("corridor")}
            for row in records(corridors)
            if len(row["coords"]) > 1
        ]  # fmt: skip
        Labels(labels).add_to(layer)
        swatch = f'<i class="scx-line" style="border-top:3px dashed {CORRIDOR_COLOUR}"></i>'
        legend_part(layer, swatch, t("map.layer.corridors", lang), len(lines), order=30)
    return layer


def corridor_anchor(coords: Sequence[Sequence[float]]) -> dict[str, float]:
    """Return the middle of a corridor's line (lon/lat pairs): halfway along, by degrees.

    >>> corridor_anchor([(100.0, 30.0), (102.0, 30.0), (102.0, 34.0)])
    {'lat': 31.0, 'lon': 102.0}
    """
    points = np.asarray(coords, dtype=float)
    steps = np.hypot(*np.diff(points, axis=0).T)
    along = np.concatenate([[0.0], np.cumsum(steps)])
    half = along[-1] / 2
    lon = float(np.interp(half, along, points[:, 0]))
    lat = float(np.interp(half, along, points[:, 1]))
    return {"lat": lat, "lon": lon}


def county_layer(
    counties: pd.DataFrame, shapes: Shapes, *, lang: str = "zh"
) -> folium.FeatureGroup:
    """Return the outlines and names of the counties of one city.

    ``counties`` has ``adcode``, ``name`` and ``name_en``, the romanised name shown in English.
    """
    layer = folium.FeatureGroup(name=t("map.layer.counties", lang), overlay=True, control=True)
    rows = records(counties)
    names = [_county_name(r, lang) for r in rows]
    features = [
        {"id": row["adcode"], "style": 0, "tooltip": name}
        for row, name in zip(rows, names, strict=True)
    ]
    if features:
        Polygons(shapes, features, [COUNTY_STYLE], hover={"weight": 2.5}).add_to(layer)
        labels = [
            {"lat": r["label_lat"], "lon": r["label_lon"], "html": name, "kind": "county",
             "priority": priority("county")}
            for r, name in zip(rows, names, strict=True)
        ]  # fmt: skip
        Labels(labels).add_to(layer)
        swatch = f'<i class="scx-outline" style="border:1px solid {COUNTY_EDGE}"></i>'
        legend_part(layer, swatch, t("map.layer.counties", lang), len(rows), order=40)
        if any(romanised(r, "name", lang) for r in rows):
            Legend(f"<div><i>{esc(t('romanised.legend', lang))}</i></div>", order=41).add_to(layer)
    return layer


def _county_name(county: Record, lang: str) -> str:
    """Return a county's escaped name in ``lang``, in italics when it is a romanisation."""
    name = esc(text_in(county, "name", lang))
    return f"<i>{name}</i>" if romanised(county, "name", lang) else name


# --- the overlay types ----------------------------------------------------------------------


@dataclass(frozen=True)
class OverlayData:
    """One overlay's rows, in the datum of the view's base map, and its encoded shapes."""

    rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    shapes: Shapes = field(default_factory=dict)


@dataclass(frozen=True)
class Selection:
    """What an overlay is built for: a document, the chosen industries, a datum."""

    rules: Rules
    document: str
    industries: tuple[str, ...]
    datum: str
    boundaries: Boundaries
    shared: dict[str, object] = field(default_factory=dict, compare=False, repr=False)
    """Work several overlay types of this selection share (all clusters, then split)."""


@dataclass(frozen=True)
class OverlayType:
    """One kind of overlay: its key, how its data is built, and how it is drawn."""

    key: str
    build: Callable[[Selection], OverlayData]
    draw: Callable[[OverlayData, str], folium.FeatureGroup]


@dataclass(frozen=True)
class Overlays:
    """The data of every overlay type for one view, by key (see :data:`OVERLAY_TYPES`)."""

    data: Mapping[str, OverlayData] = field(default_factory=dict)

    def __getitem__(self, key: str) -> OverlayData:
        """Return one overlay type's data; empty for a type the view does not show."""
        return self.data.get(key, OverlayData())

    def __iter__(self) -> Iterator[str]:
        """Iterate over the overlay types that have data."""
        return iter(self.data)


def _labels(selection: Selection) -> OverlayData:
    return OverlayData(city_places(selection.boundaries.prefectures, datum=selection.datum))


def _all_clusters(selection: Selection) -> OverlayData:
    table = tables.cluster_table(
        selection.rules, document=selection.document, industries=selection.industries
    )
    bounds = selection.boundaries
    clusters = tables.cluster_shapes(
        table, province=bounds.province, prefectures=bounds.prefectures, counties=bounds.counties
    )
    shapes = encode_frame(to_datum(clusters[["id", "geometry"]], selection.datum), key="id")
    rows = label_points(pd.DataFrame(clusters.drop(columns="geometry")), datum=selection.datum,
                        lon="label_lon", lat="label_lat")  # fmt: skip
    return OverlayData(rows, shapes)


def _clusters(selection: Selection, group: str) -> OverlayData:
    """One group of the clusters (see :func:`layers.tables.cluster_table`), built once for all."""
    found = selection.shared.get("clusters")
    if not isinstance(found, OverlayData):
        found = selection.shared["clusters"] = _all_clusters(selection)
    rows = found.rows[found.rows["group"] == group].reset_index(drop=True)
    return OverlayData(rows, {key: found.shapes[key] for key in rows["id"]})


def _parks(selection: Selection) -> OverlayData:
    parks = tables.park_table(
        selection.rules, document=selection.document, industries=selection.industries
    )
    return OverlayData(label_points(parks, datum=selection.datum, lon="lon", lat="lat"))


def _corridors(selection: Selection) -> OverlayData:
    corridors = tables.corridor_table(
        selection.rules, document=selection.document, industries=selection.industries
    )
    corridors["coords"] = pd.Series(
        [
            tuple(map(tuple, points_to_datum(np.array(c), selection.datum)))
            for c in corridors["coords"]
        ],
        index=corridors.index,
        dtype=object,
    )
    return OverlayData(corridors)


OVERLAY_TYPES: tuple[OverlayType, ...] = (
    OverlayType("labels", _labels, lambda data, lang: label_layer(data.rows, lang=lang)),
    OverlayType(
        "clusters",
        lambda selection: _clusters(selection, "clusters"),
        lambda data, lang: cluster_layer(data.rows, data.shapes, group="clusters", lang=lang),
    ),
    OverlayType(
        "designations",
        lambda selection: _clusters(selection, "designations"),
        lambda data, lang: cluster_layer(data.rows, data.shapes, group="designations", lang=lang),
    ),
    OverlayType("parks", _parks, lambda data, lang: park_layer(data.rows, lang=lang)),
    OverlayType("corridors", _corridors, lambda data, lang: corridor_layer(data.rows, lang=lang)),
)
"""Every overlay type, in layer-control order: the one place overlays are declared."""

OVERLAYS: tuple[str, ...] = tuple(overlay.key for overlay in OVERLAY_TYPES)
"""Overlays a view may switch on, in layer-control order."""


def overlay_data(selection: Selection) -> Overlays:
    """Return the data of every overlay type for a selection."""
    return Overlays({overlay.key: overlay.build(selection) for overlay in OVERLAY_TYPES})


def overlay_layers(
    overlays: Overlays, shown: Sequence[str], *, lang: str
) -> list[folium.FeatureGroup]:
    """Return the feature groups of the shown overlays, in layer-control order."""
    return [
        overlay.draw(overlays[overlay.key], lang)
        for overlay in OVERLAY_TYPES
        if overlay.key in shown
    ]
