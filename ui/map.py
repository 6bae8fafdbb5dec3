"""The Map tab: the mounted map, tier counts, the selected city's profile, downloads.

The map is mounted once per base map (stable key, stable base script); the layers of the view
go through ``feature_group_to_add`` and only the click comes back (``returned_objects``), so
panning never reruns the script and switching an industry does not remount the map.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import footprints as fp
import geodata
from geodata import load_prefectures
from layers import (
    MapData,
    MapView,
    click_to_wgs84,
    explorer_map,
    export_html,
    joined_frame,
    layer_control,
    locate,
    role_counts,
    view_layers,
    word,
)
from layers.small_multiples import small_multiples_svg, thumbnail_paths
from layout_rules import PlaceProfile, Rules, place_profile
from layout_rules.text import escape_markdown
from layout_rules.vocab import role_label
from ui import data as ui_data
from ui.state import select_city

MAP_KEY = "explorer-map"
MAP_HEIGHT = 620
_LAST_CLICK = "last_map_click"


def render(rules: Rules, view: MapView) -> None:
    """Draw the Map tab for a view."""
    data = ui_data.map_data(rules, view)
    left, right = st.columns([3, 2], gap="medium")
    with left:
        _summary(data, view)
        clicked = st_folium(
            explorer_map(view.base),
            key=MAP_KEY,
            height=MAP_HEIGHT,
            use_container_width=True,
            feature_group_to_add=view_layers(data, view),
            layer_control=layer_control(),
            returned_objects=["last_object_clicked"],
        )
        _handle_click(clicked, view)
        _downloads(data, view)
    with right:
        render_profile(rules, view)
    if len(view.industries) > 1:
        _small_multiples(rules, view)


def _summary(data: MapData, view: MapView) -> None:
    """Counts per tier (one industry) or per number of industries (several), as text."""
    lang = view.lang
    if data.cities is not None:
        parts = [f"{role_label(r, lang=lang)} {n}" for r, n in role_counts(data.cities).items()]
        st.markdown("**" + escape_markdown(" · ".join(parts)) + "**")
    elif data.counts is not None:
        top = data.counts.sort_values("count", ascending=False).head(5)
        name = "city_en" if lang == "en" else "city"
        parts = [f"{row[name]} {row['count']}" for _, row in top.iterrows()]
        st.markdown(f"**{word('count_title', lang)}:** " + escape_markdown(" · ".join(parts)))


def _handle_click(value: Mapping[str, object] | None, view: MapView) -> None:
    """Select the city under a new click (shifted back from GCJ-02 on AMap), then rerun."""
    click = (value or {}).get("last_object_clicked")
    if not isinstance(click, Mapping) or click == st.session_state.get(_LAST_CLICK):
        return
    st.session_state[_LAST_CLICK] = dict(click)
    lon, lat = click_to_wgs84(float(click["lat"]), float(click["lng"]), view.datum)
    adcode = locate(ui_data.boundaries().prefectures, lon, lat)
    if adcode is not None and adcode != view.city:
        select_city(adcode)
        st.rerun()


def _geojson(data: MapData, view: MapView) -> bytes:
    """The view's table on the prefecture shapes, through the app's one GeoJSON writer."""
    return fp.to_geojson_bytes(joined_frame(data, view), ui_data.boundaries().prefectures)


def _downloads(data: MapData, view: MapView) -> None:
    """The view as offline HTML, GeoJSON and CSV, built on click; a click does not rerun."""
    stem = f"sichuan-{view.document}-{'+'.join(view.industries)}"
    en = view.lang == "en"
    cols = st.columns(3)
    cols[0].download_button(
        "Map (HTML, offline)" if en else "地图（HTML，可离线）",
        data=lambda: export_html(data, view),
        file_name=f"{stem}.html", mime="text/html", key="dl_html", on_click="ignore",
    )  # fmt: skip
    cols[1].download_button(
        "Data (GeoJSON)" if en else "数据（GeoJSON）",
        data=lambda: _geojson(data, view),
        file_name=f"{stem}.geojson", mime="application/geo+json", key="dl_geojson",
        on_click="ignore",
    )  # fmt: skip
    cols[2].download_button(
        "Data (CSV)" if en else "数据（CSV）",
        data=lambda: fp.to_csv_bytes(joined_frame(data, view)),
        file_name=f"{stem}.csv", mime="text/csv", key="dl_csv", on_click="ignore",
    )  # fmt: skip


# --- the selected city's profile ------------------------------------------------------------


def render_profile(rules: Rules, view: MapView) -> None:
    """Show every role the documents give the selected city, each with its source quote.

    Roles are grouped by document (newest first), so a planner reads one document's
    assignments together; quotes stay in a table cell, where no data text is interpreted.
    """
    en = view.lang == "en"
    if not view.city:
        st.info("Click a city on the map, or choose one in the sidebar." if en
                else "点击地图上的市州，或在侧栏选择。")  # fmt: skip
        return
    profile = place_profile(rules, view.city)
    st.subheader(escape_markdown(f"{profile.name} · {profile.name_en}"))
    columns = _PROFILE_COLUMNS["en" if en else "zh"]
    for doc_id in reversed(list(rules.documents)):
        rows = [
            (r.industry_en if en else r.industry, role_label(r.role, lang=view.lang),
             place_name(r.place, en=en), r.source.quote, r.source.section)
            for r in profile.roles if r.document == doc_id
        ]  # fmt: skip
        if rows:
            document = rules.documents[doc_id].document
            st.markdown(f"**{escape_markdown(document.title_en if en else document.title)}**")
            st.dataframe(
                pd.DataFrame(rows, columns=columns),
                hide_index=True,
                column_config={columns[3]: st.column_config.TextColumn(width="large")},
            )
    _profile_details(profile, en)


# The quote comes before the section: rows of one industry and role differ by their quote,
# which must be visible in the narrow column beside the map.
_PROFILE_COLUMNS = {
    "zh": ["产业", "定位", "地点", "原文", "章节"],
    "en": ["Industry", "Role", "Place", "Quote", "Section"],
}


def place_name(name: str, *, en: bool) -> str:
    """Return a place as the documents write it, or its English name when ``en`` and known.

    The gazetteer has English names for prefectures, not for counties, which stay as written.

    >>> place_name("成都", en=True), place_name("成都", en=False), place_name("仁寿县", en=True)
    ('Chengdu', '成都', '仁寿县')
    """
    if not en or not name:
        return name
    try:
        english = geodata.place(geodata.resolve(name)).name_en
    except geodata.GeodataError:
        return name
    return english if isinstance(english, str) and english else name


def _profile_details(profile: PlaceProfile, en: bool) -> None:
    focus = [
        {"industry": f.industry_en if en else f.industry, "place": place_name(f.place, en=en),
         "themes": "、".join(f.themes), "parks": "、".join(p.name for p in f.parks),
         "section": f.source.section, "quote": f.source.quote}
        for f in profile.focus
    ]  # fmt: skip
    records = [
        *({"kind": "park", "name": p.park.name, "where": p.park.host, "note": p.park.note or "",
           "section": p.source.section, "quote": p.source.quote} for p in profile.parks),
        *({"kind": c.cluster.kind, "name": c.cluster.name, "where": "、".join(c.members),
           "note": c.cluster.note or "", "section": c.source.section, "quote": c.source.quote}
          for c in profile.clusters),
        *({"kind": "corridor", "name": c.corridor.name, "where": "、".join(c.waypoints),
           "note": c.corridor.note or "", "section": c.source.section, "quote": c.source.quote}
          for c in profile.corridors),
    ]  # fmt: skip
    if focus:
        with st.expander(("Focus themes" if en else "重点方向") + f" ({len(focus)})"):
            st.dataframe(pd.DataFrame(focus), hide_index=True)
    if records:
        label = "Parks, clusters, corridors" if en else "园区、集聚区、走廊"
        with st.expander(f"{label} ({len(records)})"):
            st.dataframe(pd.DataFrame(records), hide_index=True)


# --- small multiples ------------------------------------------------------------------------


@st.cache_data(show_spinner=False)
def _thumbnails() -> tuple[dict[str, str], float]:
    return thumbnail_paths(load_prefectures(variant="overview"))


@st.cache_data(show_spinner=False, max_entries=64)
def _grid_svg(
    version: str, document: str, industries: tuple[str, ...], lang: str, _rules: Rules
) -> str:
    names = {i.id: (i.name_en if lang == "en" else i.name)
             for i in _rules.document(document).industries}  # fmt: skip
    paths, height = _thumbnails()
    return small_multiples_svg(_rules, paths, height, document=document,
                               industries=industries, names=names, lang=lang)  # fmt: skip


def _small_multiples(rules: Rules, view: MapView) -> None:
    st.markdown("**One map per industry**" if view.lang == "en" else "**分产业小图**")
    svg = _grid_svg(rules.data_version, view.document, view.industries, view.lang, rules)
    st.image(svg)
