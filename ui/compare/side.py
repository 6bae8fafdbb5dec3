"""Part 2 of the Compare tab: 2–4 cities side by side, their shared and unique roles, a map."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd
import streamlit as st

import footprints as fp
from layout_rules import Rules, prefectures
from layout_rules.text import escape_markdown
from layout_rules.vocab import role_colour, role_label
from ui.compare._common import (
    CITIES_KEY,
    HIGHLIGHT,
    LABEL_LIMIT,
    QUERY_KEY,
    SYNCED_KEY,
    cached_footprint,
    city_name,
    downloads,
    labelled,
    map_features,
    on_shapes,
    parse_cities,
    role_scale,
    show,
    show_map,
)
from words import column_in, t, text_in

# --- 2. side by side ------------------------------------------------------------------------


def render(rules: Rules, document: str, lang: str) -> None:
    """Draw the side-by-side part: 2–4 cities, their shared and unique roles, a map."""
    table = labelled(cached_footprint(rules, rules.data_version, document), lang)
    default = fp.sort_cities(fp.matrix_of(table), by="designated")[: fp.MIN_CITIES]
    chosen = _chosen_cities(default, lang)
    if len(chosen) < fp.MIN_CITIES:
        st.info(t("compare.need_two", lang))
        return
    mine = table[table["adcode"].isin(chosen)]
    _side_table(mine, chosen, lang)
    _side_chart(mine, chosen, lang)
    _role_sets(rules, document, chosen, lang)
    _highlight_map(chosen, lang)
    stem = f"side_by_side_{document}_{'-'.join(chosen)}"
    downloads(stem, lang, download_files(rules, document, chosen, lang))


def download_files(
    rules: Rules, document: str, chosen: list[str], lang: str
) -> dict[str, Callable[[], bytes]]:
    """Builders of the side-by-side downloads: long form (CSV); table, long form, roles (XLSX).

    Headers and cells are in ``lang``; ids stay in extra columns. The table's city columns
    are headed by names: its long form (one row per industry and city) gives each cell its
    industry id and adcode, so a machine can join it.
    """

    def table() -> pd.DataFrame:
        frame = fp.side_by_side(rules, chosen, document=document).reset_index()
        return fp.for_download(frame, lang, rules, document=document)

    def long() -> pd.DataFrame:
        wide = fp.side_by_side(rules, chosen, document=document)[list(chosen)]
        frame = fp.long_form(wide, row="industry_id", column="adcode", value="role")
        return fp.for_download(frame, lang, rules, document=document)

    def roles() -> pd.DataFrame:
        frame = fp.shared_and_unique_roles(rules, chosen, document=document)
        return fp.for_download(frame, lang, rules, document=document)

    return {
        "csv": lambda: fp.to_csv_bytes(long()),
        "xlsx": lambda: fp.to_xlsx_bytes(
            {
                t("download.sheet.side_by_side", lang): table(),
                t("download.sheet.side_by_side_long", lang): long(),
                t("download.sheet.roles", lang): roles(),
            }
        ),
    }


def _chosen_cities(default: list[str], lang: str) -> list[str]:
    """Return the side-by-side cities, read from and written back to ``?cmp=``."""
    raw = str(st.query_params.get(QUERY_KEY, ""))
    wanted, bad = parse_cities(raw)
    if bad:
        st.warning(t("compare.bad_cities", lang) + escape_markdown("、".join(bad)))
    # Set the picker from the URL on the first run, when the URL changed, or when the picker
    # was not drawn on the last run (another part was open) and so lost its state.
    if CITIES_KEY not in st.session_state or st.session_state.get(SYNCED_KEY) != raw:
        st.session_state[CITIES_KEY] = wanted[: fp.MAX_CITIES] or default
    codes = [city.adcode for city in prefectures()]
    chosen = st.multiselect(
        t("compare.pick_cities", lang),
        codes,
        format_func=city_name(lang),
        max_selections=fp.MAX_CITIES,
        key=CITIES_KEY,
    )
    value = ",".join(chosen)
    if value != raw:
        st.query_params[QUERY_KEY] = value
    st.session_state[SYNCED_KEY] = value
    return list(chosen)


def _side_table(mine: pd.DataFrame, chosen: list[str], lang: str) -> None:
    wide = mine.pivot(index="industry_label", columns="adcode", values="role_label")
    wide = wide.reindex(index=list(dict.fromkeys(mine["industry_label"])), columns=chosen)
    wide.columns = [city_name(lang)(code) for code in chosen]
    wide.index.name = t("compare.industry", lang)
    st.dataframe(wide, width="stretch")


def _side_chart(mine: pd.DataFrame, chosen: list[str], lang: str) -> None:
    order = [city_name(lang)(code) for code in chosen]
    data = mine[["city_label", "industry_label", "role", "role_label"]]
    base = alt.Chart(data).encode(
        x=alt.X("city_label:N", sort=order, title=None, axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y(
            "industry_label:N",
            sort=list(dict.fromkeys(data["industry_label"])),
            title=None,
            axis=alt.Axis(labelLimit=LABEL_LIMIT),
        ),
    )
    rect = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "role_label:N",
            scale=role_scale(list(data["role"]), lang),
            title=t("compare.role", lang),
        ),
        tooltip=[
            alt.Tooltip("city_label:N", title=t("compare.city", lang)),
            alt.Tooltip("industry_label:N", title=t("compare.industry", lang)),
            alt.Tooltip("role_label:N", title=t("compare.role", lang)),
        ],
    )
    text = base.mark_text(fontSize=12).encode(text="role_label:N")
    n_industries = data["industry_label"].nunique()
    show((rect + text).properties(width=120 * len(chosen), height=34 * n_industries))


def _role_sets(rules: Rules, document: str, chosen: list[str], lang: str) -> None:
    roles = fp.shared_and_unique_roles(rules, chosen, document=document)
    shown = {i.id: text_in(i, "name", lang) for i in rules.documents[document].industries}
    names = roles["industry_id"].map(shown)
    roles = roles.assign(
        industry_label=names, role_label=[role_label(r, lang=lang) for r in roles["role"]]
    )
    industry = "industry_label"
    shared = roles[roles["kind"] == "shared"]
    st.markdown(f"**{t('compare.shared', lang)}**")
    if shared.empty:
        st.caption(t("compare.none_shared", lang))
    else:
        st.dataframe(_role_list(shared, industry, lang), hide_index=True, width="stretch")
    st.markdown(f"**{t('compare.unique', lang)}**")
    for column, code in zip(st.columns(len(chosen)), chosen, strict=True):
        own = roles[(roles["kind"] == "unique") & (roles["adcode"] == code)]
        column.markdown(escape_markdown(city_name(lang)(code)))
        if own.empty:
            column.caption(t("compare.none_unique", lang))
        else:
            column.dataframe(_role_list(own, industry, lang), hide_index=True, width="stretch")


def _role_list(roles: pd.DataFrame, industry: str, lang: str) -> pd.DataFrame:
    return roles[[industry, "role_label", "section"]].set_axis(
        [t("compare.industry", lang), t("compare.role", lang), t("compare.section", lang)], axis=1
    )


def _highlight_map(chosen: list[str], lang: str) -> None:
    label = "city_label"
    places = pd.DataFrame([feature["properties"] for feature in map_features("overview")])
    places = places.assign(
        chosen=places["adcode"].isin(chosen),
        city_label=column_in(places, "name", lang, source="short_name"),
    )
    fill = alt.condition("datum.chosen", alt.value(HIGHLIGHT), alt.value(role_colour("none")))
    area = (
        on_shapes(places, ["chosen", label])
        .mark_geoshape(stroke="white", strokeWidth=0.6)
        .encode(color=fill, tooltip=[alt.Tooltip(f"{label}:N", title=t("compare.city", lang))])
    )
    text = (
        alt.Chart(places[places["chosen"]][["label_lon", "label_lat", label]])
        .mark_text(fontSize=12, fontWeight="bold", color="white")
        .encode(longitude="label_lon:Q", latitude="label_lat:Q", text=f"{label}:N")
    )
    show_map((area + text).properties(width=420, height=360))
    st.caption(t("compare.map_caption", lang))
