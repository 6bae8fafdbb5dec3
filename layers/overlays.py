"""Overlays: clusters and city groups, national clusters and pilots, parks, corridors, counties.

Each is its own feature group (one entry in the layer control). What the documents leave
vague stays visibly vague: parks are drawn at their host place's label point with a dashed
ring and the word "approximate"; corridors are dashed lines through the named places only,
marked "schematic". Every popup carries the record's source section and quote.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import folium
import pandas as pd

from layers.elements import Labels, Lines, Points, Polygons
from layers.geometry import EncodedShape
from layers.words import word
from layout_rules.text import escape_html as esc
from layout_rules.text import in_language
from layout_rules.vocab import role_colour

CLUSTER_COLOURS = {"clusters": "#6c3483", "designations": role_colour("national_cluster")}
PARK_COLOUR = "#117a65"
CORRIDOR_COLOUR = "#1f618d"
COUNTY_STYLE = {"color": "#566573", "weight": 1, "opacity": 0.9, "fill": False}


def _name(row: Mapping[str, object], lang: str) -> str:
    name = row.get("name_en") if lang == "en" and row.get("name_en") else row["name"]
    return esc(name)


def source_html(row: Mapping[str, object], lang: str) -> str:
    """Return the escaped 'Source: section — “quote”' block of a record's popup."""
    return (
        f'<div class="scx-note">{esc(word("source", lang))}: {esc(row["section"])} — '
        f"“{esc(row['quote'])}”</div>"
    )


def _note_html(note: object) -> str:
    return f'<div class="scx-note">{esc(note)}</div>' if note else ""


def cluster_popup(row: Mapping[str, object], lang: str) -> str:
    """Return the escaped popup of a cluster: name, members (and beyond Sichuan), note, source."""
    members = "、".join(esc(p) for p in row["places"])  # type: ignore[attr-defined]
    parts = [f"<b>{_name(row, lang)}</b>", f"{esc(word('members', lang))}: {members}"]
    if row["outside"]:
        beyond = "、".join(esc(p) for p in row["outside"])  # type: ignore[attr-defined]
        parts.append(f"{esc(word('beyond', lang))}: {beyond}")
    return "<br>".join(parts) + _note_html(row["note"]) + source_html(row, lang)


def cluster_layer(
    clusters: pd.DataFrame,
    shapes: Mapping[str, EncodedShape],
    *,
    group: str,
    lang: str = "zh",
) -> folium.FeatureGroup:
    """Return dissolved cluster outlines with labels, for ``group`` clusters or designations.

    ``clusters`` is :func:`layers.tables.cluster_shapes` output (with label points);
    ``shapes`` its encoded polygons by cluster id. Outlines only: the tiers stay readable and
    clickable beneath.
    """
    rows = clusters[clusters["group"] == group].to_dict("records")
    colour = CLUSTER_COLOURS[group]
    style = {"color": colour, "weight": 2.5, "opacity": 0.95, "fill": False, "dashArray": "6 4"}
    features = [
        {"id": row["id"], "style": 0, "tooltip": f"<b>{_name(row, lang)}</b>",
         "popup": cluster_popup(row, lang)}
        for row in rows
    ]  # fmt: skip
    layer = folium.FeatureGroup(name=word(group, lang), overlay=True, control=True)
    if features:
        Polygons(shapes, features, [style], hover={"weight": 4}).add_to(layer)
        labels = [
            {"lat": row["label_lat"], "lon": row["label_lon"], "html": _name(row, lang),
             "kind": "cluster"}
            for row in rows
        ]  # fmt: skip
        Labels(labels).add_to(layer)
    return layer


def _host(park: Mapping[str, object], lang: str) -> str:
    """The escaped name of a park's host place (romanised in English for a county)."""
    zh = str(park["host_name"])
    return esc(in_language((zh, str(park.get("host_name_en") or zh)), lang))


def park_popup(parks: Sequence[Mapping[str, object]], lang: str) -> str:
    """Return the escaped popup of the parks at one host place."""
    host = _host(parks[0], lang)
    head = f"<b>{host}</b> · {len(parks)} {esc(word('parks_at', lang))}"
    items = [
        f"<div><b>{_name(park, lang)}</b>{_note_html(park['note'])}{source_html(park, lang)}</div>"
        for park in parks
    ]
    approx = f'<div class="scx-approx">≈ {esc(word("approximate", lang))}</div>'
    return head + approx + "".join(items)


def park_layer(parks: pd.DataFrame, *, lang: str = "zh") -> folium.FeatureGroup:
    """Return one dashed ring per host place, sized by its number of parks.

    ``parks`` is :func:`layers.tables.park_table` output, lon/lat already in the map's datum.
    The ring is dashed and the tooltip starts with "≈": the documents give host places only.
    """
    layer = folium.FeatureGroup(name=word("parks", lang), overlay=True, control=True)
    points = []
    for _, group in parks.groupby("host_adcode", sort=True):
        rows = group.to_dict("records")
        names = "、".join(_name(r, lang) for r in rows)
        style = {"radius": 6 + 2 * len(rows) ** 0.5, "color": PARK_COLOUR, "weight": 2,
                 "dashArray": "3 3", "fillColor": "#ffffff", "fillOpacity": 0.7}  # fmt: skip
        points.append(
            {"lat": rows[0]["lat"], "lon": rows[0]["lon"], "style": style,
             "tooltip": f"≈ {_host(rows[0], lang)}: {names}",
             "popup": park_popup(rows, lang)}
        )  # fmt: skip
    if points:
        Points(points).add_to(layer)
    return layer


def corridor_popup(row: Mapping[str, object], lang: str) -> str:
    """Return the escaped popup of a corridor: name, stops, schematic note, source."""
    stops = " → ".join(esc(s) for s in row["labels"])  # type: ignore[attr-defined]
    schematic = f'<div class="scx-approx">{esc(word("schematic", lang))}</div>'
    head = f"<b>{_name(row, lang)}</b><br>{esc(word('stops', lang))}: {stops}"
    return head + schematic + _note_html(row["note"]) + source_html(row, lang)


def corridor_layer(corridors: pd.DataFrame, *, lang: str = "zh") -> folium.FeatureGroup:
    """Return corridors as dashed polylines through their stops' label points.

    ``corridors`` is :func:`layers.tables.corridor_table` output (``coords`` as lon/lat in
    the map's datum).
    """
    layer = folium.FeatureGroup(name=word("corridors", lang), overlay=True, control=True)
    style = {"color": CORRIDOR_COLOUR, "weight": 4, "opacity": 0.9, "dashArray": "10 6"}
    lines = [
        {"latlngs": [[lat, lon] for lon, lat in row["coords"]], "style": style,
         "tooltip": f"{_name(row, lang)} ({esc(word('schematic', lang))})",
         "popup": corridor_popup(row, lang)}
        for row in corridors.to_dict("records")
        if len(row["coords"]) > 1
    ]  # fmt: skip
    if lines:
        Lines(lines).add_to(layer)
    return layer


def county_layer(
    counties: pd.DataFrame, shapes: Mapping[str, EncodedShape], *, lang: str = "zh"
) -> folium.FeatureGroup:
    """Return the outlines and names of the counties of one city (``adcode``, ``name``, and
    ``name_en``, the romanised name shown in English)."""
    layer = folium.FeatureGroup(name=word("counties", lang), overlay=True, control=True)
    rows = counties.to_dict("records")
    names = [esc(in_language((r["name"], r.get("name_en") or r["name"]), lang)) for r in rows]
    features = [
        {"id": row["adcode"], "style": 0, "tooltip": name}
        for row, name in zip(rows, names, strict=True)
    ]
    if features:
        Polygons(shapes, features, [COUNTY_STYLE], hover={"weight": 2.5}).add_to(layer)
        labels = [
            {"lat": r["label_lat"], "lon": r["label_lon"], "html": name, "kind": "county"}
            for r, name in zip(rows, names, strict=True)
        ]
        Labels(labels).add_to(layer)
    return layer
