"""The Map tab: the mounted map, tier counts, the selected city's profile, downloads.

The map is mounted once per base map (stable key, stable base script); the layers of the view
go through ``feature_group_to_add`` and only the click comes back (``returned_objects``), so
panning never reruns the script and switching an industry does not remount the map.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import replace

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import footprints as fp
from factsheets.fonts import find_cjk_font
from geodata import place_name
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
)
from layers.print_files import FORMATS as PRINT_FORMATS
from layers.print_files import MIME_TYPES, print_file_name
from layers.small_multiples import small_multiples_svg
from layers.svg import map_layers
from layout_rules import PlaceProfile, Rules, place_profile
from layout_rules.text import escape_markdown
from layout_rules.vocab import role_label
from ui import data as ui_data
from ui import workspace as ui_workspace
from ui.state import select_city
from words import t, text_in

MAP_KEY = "explorer-map"
MAP_HEIGHT = 520
"""Pixels: the map's first height, which fits the first screen at 720; the map's own code then
fits it to the window below the map's top (layers/runtime.js ``fitHeight``, 360–1100 px)."""
_LAST_CLICK = "last_map_click"


def render(rules: Rules, view: MapView) -> None:
    """Draw the Map tab: a title line, the map across the page, then the city's profile.

    The profile sits below the map at full width, where its quotes wrap and read in full.
    """
    st.markdown(f"##### {escape_markdown(title_text(rules, view))}")
    counts, option = st.columns([3, 2], vertical_alignment="center")
    with option:
        view = count_option(view)
    data = ui_data.map_data(rules, view)
    with counts:
        _summary(data, view)
    early = [file.url for file in data.prefecture_files[:1]]  # the overview, fetched first
    clicked = st_folium(
        explorer_map(view.base, lang=view.lang, prefetch=early),
        key=MAP_KEY,
        height=MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=view_layers(data, view),
        layer_control=layer_control(),
        returned_objects=["last_object_clicked"],
    )
    _handle_click(clicked, view)
    with st.popover(t("map_tab.downloads", view.lang)):
        _downloads(rules, data, view)
        _print_downloads(rules, view)
    ui_workspace.city_tier_editor(rules, view)
    render_profile(rules, view)
    if len(view.industries) > 1:
        _small_multiples(rules, view)


def title_text(rules: Rules, view: MapView) -> str:
    """Return the map's title line: document, industries and years, in the view's language.

    >>> from layout_rules import load_rules
    >>> title_text(load_rules(), MapView(industries=("biotech",)))
    '《四川省“十三五”战略性新兴产业发展规划》 · 生物 · 2016–2020'
    """
    document = rules.document(view.document)
    names = {i.id: text_in(i, "name", view.lang) for i in document.industries}
    period = document.document.period
    years = f"{period[0]}–{period[1]}" if period else ""
    return t("map_tab.title", view.lang, document=text_in(document.document, "title", view.lang),
             industries=t("sep.list", view.lang).join(names[i] for i in view.industries),
             years=years).rstrip(" ·")  # fmt: skip


COUNT_NAMED_KEY = "count"
"""The option to count every named role (several industries); bound to the URL's ``count``."""


def count_option(view: MapView) -> MapView:
    """Offer, for several industries, to count named roles as well as core and expansion."""
    if len(view.industries) <= 1:  # one industry has tiers, not counts
        return view
    named = st.toggle(t("map_tab.count_named", view.lang), key=COUNT_NAMED_KEY,
                      bind="query-params")  # fmt: skip
    return replace(view, count_named=bool(named))


def _summary(data: MapData, view: MapView) -> None:
    """Show the counts per tier (one industry) or per number of industries (several) as text."""
    lang = view.lang
    if data.cities is not None:
        parts = [f"{role_label(r, lang=lang)} {n}" for r, n in role_counts(data.cities).items()]
        st.markdown("**" + escape_markdown(" · ".join(parts)) + "**")
    elif data.counts is not None:
        top = data.counts.sort_values("count", ascending=False).head(5)
        parts = [f"{text_in(row, 'city', lang)} {row['count']}" for _, row in top.iterrows()]
        key = "map.count_title_named" if view.count_named else "map.count_title"
        st.markdown(f"**{t(key, lang)}:** " + escape_markdown(" · ".join(parts)))


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


def _geojson(rules: Rules, data: MapData, view: MapView) -> bytes:
    """Return the view's table on the prefecture shapes, in the view's language."""
    return fp.geojson_for_download(joined_frame(data, view), ui_data.boundaries().prefectures,
                                   view.lang, rules, document=view.document)  # fmt: skip


def _csv(rules: Rules, data: MapData, view: MapView) -> bytes:
    """Return the view's table as CSV, in the view's language (ids in extra columns)."""
    table = fp.for_download(joined_frame(data, view), view.lang, rules, document=view.document)
    return fp.to_csv_bytes(table)


def _downloads(rules: Rules, data: MapData, view: MapView) -> None:
    """Offer the view as offline HTML, GeoJSON and CSV, built on click; a click does not rerun."""
    stem = f"sichuan-{view.document}-{'+'.join(view.industries)}"
    st.download_button(
        t("map_tab.download.html", view.lang),
        data=lambda: export_html(data, view),
        file_name=f"{stem}.html", mime="text/html", key="dl_html", on_click="ignore",
    )  # fmt: skip
    st.download_button(
        t("map_tab.download.geojson", view.lang),
        data=lambda: _geojson(rules, data, view),
        file_name=f"{stem}.geojson", mime="application/geo+json", key="dl_geojson",
        on_click="ignore",
    )  # fmt: skip
    st.download_button(
        t("map_tab.download.csv", view.lang),
        data=lambda: _csv(rules, data, view),
        file_name=f"{stem}.csv", mime="text/csv", key="dl_csv", on_click="ignore",
    )  # fmt: skip


def _print_downloads(rules: Rules, view: MapView) -> None:
    """Offer the view as an A4 map sheet (PDF, 300-dpi PNG, SVG), drawn server-side on click."""
    if not view.industries:
        return
    if find_cjk_font() is None:
        st.caption(t("map.print.no_font", view.lang))
        return
    for fmt in PRINT_FORMATS:
        st.download_button(
            t(f"map.print.{fmt}", view.lang),
            data=functools.partial(_print_file, rules, view, fmt),
            file_name=print_file_name(view, fmt), mime=MIME_TYPES[fmt], key=f"dl_print_{fmt}",
            on_click="ignore",
        )  # fmt: skip


def _print_file(rules: Rules, view: MapView, fmt: str) -> bytes:
    """Draw the print on click; matplotlib is imported then, not when the app starts."""
    from layers.printing import print_map  # a third of a second to import

    return print_map(rules, view, ui_data.boundaries(), fmt=fmt)


# --- the selected city's profile ------------------------------------------------------------


def render_profile(rules: Rules, view: MapView) -> None:
    """Show every role the documents give the selected city, each with its source quote.

    Roles are grouped by document (newest first), so a planner reads one document's
    assignments together; quotes stay in a table cell, where no data text is interpreted.
    """
    lang = view.lang
    if not view.city:
        st.info(t("map_tab.click_city", lang))
        return
    profile = place_profile(rules, view.city)
    st.subheader(escape_markdown(text_in(profile, "name", lang)))
    columns = [t(f"map_tab.column.{column}", lang) for column in _PROFILE_COLUMNS]
    for doc_id in reversed(list(rules.documents)):
        rows = [
            (text_in(r, "industry", lang), role_label(r.role, lang=lang),
             place_name(r.place, lang=lang, marked=True), r.source.quote, r.source.section)
            for r in profile.roles if r.document == doc_id
        ]  # fmt: skip
        if rows:
            document = rules.documents[doc_id].document
            mark = t("sidebar.draft_mark", lang) if document.draft else ""  # quotes are rationales
            st.markdown(f"**{escape_markdown(mark + text_in(document, 'title', lang))}**")
            # A static table wraps its cells: every quote reads in full (a dataframe cuts them).
            st.table(pd.DataFrame(rows, columns=columns), hide_index=True)
    _profile_details(profile, lang)


# The quote comes before the section: rows of one industry and role differ by their quote.
_PROFILE_COLUMNS = ("industry", "role", "place", "quote", "section")


def _profile_details(profile: PlaceProfile, lang: str) -> None:
    items = t("sep.items", lang)
    where = functools.partial(place_name, lang=lang, marked=True)  # "(romanised)" in plain text
    focus = [
        {"industry": text_in(f, "industry", lang), "place": where(f.place),
         "themes": items.join(text_in(f, "themes", lang)),
         "parks": items.join(text_in(p, "name", lang) for p in f.parks),
         "section": f.source.section, "quote": f.source.quote}
        for f in profile.focus
    ]  # fmt: skip
    records = [
        *({"kind": t(f"kind.{p.park.kind}", lang), "name": text_in(p.park, "name", lang),
           "where": where(p.park.host), "note": text_in(p.park, "note", lang) or "",
           "section": p.source.section, "quote": p.source.quote} for p in profile.parks),
        *({"kind": t(f"kind.{c.cluster.kind}", lang), "name": text_in(c.cluster, "name", lang),
           "where": items.join(map(where, c.members)),
           "note": text_in(c.cluster, "note", lang) or "", "section": c.source.section,
           "quote": c.source.quote}
          for c in profile.clusters),
        *({"kind": t(f"kind.{c.corridor.kind}", lang), "name": text_in(c.corridor, "name", lang),
           "where": items.join(map(where, c.waypoints)),
           "note": text_in(c.corridor, "note", lang) or "", "section": c.source.section,
           "quote": c.source.quote}
          for c in profile.corridors),
    ]  # fmt: skip
    if focus:
        with st.expander(f"{t('map_tab.focus_themes', lang)} ({len(focus)})"):
            st.table(_headed(focus, lang), hide_index=True)
    if records:
        label = t("map_tab.parks_clusters_corridors", lang)
        with st.expander(f"{label} ({len(records)})"):
            st.table(_headed(records, lang), hide_index=True)


def _headed(rows: list[dict[str, str]], lang: str) -> pd.DataFrame:
    """Return the rows as a table headed by the column names in ``lang``."""
    frame = pd.DataFrame(rows)
    return frame.rename(columns={c: t(f"map_tab.column.{c}", lang) for c in frame.columns})


# --- small multiples ------------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=64)
def _grid_svg(
    version: str, document: str, industries: tuple[str, ...], lang: str, _rules: Rules
) -> str:
    names = {i.id: text_in(i, "name", lang) for i in _rules.document(document).industries}
    return small_multiples_svg(_rules, map_layers("small"), document=document,
                               industries=industries, names=names, lang=lang)  # fmt: skip


def _small_multiples(rules: Rules, view: MapView) -> None:
    st.markdown(f"**{t('map_tab.small_multiples', view.lang)}**")
    svg = _grid_svg(rules.data_version, view.document, view.industries, view.lang, rules)
    st.image(svg)
