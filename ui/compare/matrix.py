"""Part 1 of the Compare tab: the city × industry matrix, its totals and a cell's source."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

import footprints as fp
from layout_rules import Rules
from layout_rules.text import escape_markdown
from layout_rules.vocab import role_label
from ui.compare._common import (
    CELL,
    cached_footprint,
    cached_matrix,
    city_name,
    downloads,
    export_shapes,
    labelled,
    role_scale,
    roles_text,
    show,
)
from words import t

# --- 1. matrix ------------------------------------------------------------------------------


def render(rules: Rules, document: str, lang: str) -> None:
    """Draw the matrix part: the city × industry matrix, its totals and a cell's sources."""
    table = labelled(cached_footprint(rules, rules.data_version, document), lang)
    matrix = fp.matrix_of(table)
    left, right = st.columns(2)
    city_sort = left.radio(
        t("compare.sort_cities", lang),
        ["core", "designated", "adcode"],
        format_func=lambda k: t(f"compare.by.{k}", lang),
        horizontal=True,
        key="cmp_sort_cities",
    )
    industry_sort = right.radio(
        t("compare.sort_industries", lang),
        ["document", "core", "designated"],
        format_func=lambda k: t(f"compare.by.{k}", lang),
        horizontal=True,
        key="cmp_sort_industries",
    )
    city_order = _order(table, "adcode", "city_label", fp.sort_cities(matrix, by=city_sort))
    industry_order = _order(
        table, "industry_id", "industry_label", fp.sort_industries(matrix, by=industry_sort)
    )
    chart = _matrix_chart(table, city_order, industry_order, lang)
    event = show(chart, on_select="rerun", key=f"cmp_matrix_{document}", selection_mode=[CELL])
    _cell_source(rules, document, lang, table, _clicked(event))
    downloads(f"footprint_matrix_{document}", lang, download_files(rules, document, lang))


def _order(table: pd.DataFrame, key: str, label: str, keys: list[str]) -> list[str]:
    labels = dict(zip(table[key], table[label], strict=False))
    return [labels[k] for k in keys]


def _matrix_chart(
    table: pd.DataFrame, city_order: list[str], industry_order: list[str], lang: str
) -> alt.TopLevelMixin:
    data = table[["adcode", "industry_id", "city_label", "industry_label", "role", "role_label"]]
    data = data.assign(roles_label=[roles_text(r, lang) for r in table["roles"]])
    scale = role_scale(list(table["role"]), lang)
    colour = alt.Color("role_label:N", scale=scale, title=t("compare.role", lang))
    cell = alt.selection_point(name=CELL, fields=["adcode", "industry_id"], on="click")
    y = alt.Y("city_label:N", sort=city_order, title=None)
    axis = alt.Axis(labelAngle=-40, labelOverlap=False, labelLimit=160)
    x = alt.X("industry_label:N", sort=industry_order, title=None, axis=axis)
    width, height = 44, 26
    heat = (
        alt.Chart(data)
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            x=x,
            y=y,
            color=colour,
            opacity=alt.condition(cell, alt.value(1.0), alt.value(0.55)),
            tooltip=[
                alt.Tooltip("city_label:N", title=t("compare.city", lang)),
                alt.Tooltip("industry_label:N", title=t("compare.industry", lang)),
                alt.Tooltip("role_label:N", title=t("compare.role", lang)),
                alt.Tooltip("roles_label:N", title=t("compare.roles", lang)),
            ],
        )
        .add_params(cell)
        .properties(width=width * len(industry_order), height=height * len(city_order))
    )
    counted = data[data["role"].isin(fp.DESIGNATED)]  # totals count named cities, not radiated
    rows = (
        alt.Chart(counted)
        .mark_bar()
        .encode(
            y=alt.Y("city_label:N", scale=alt.Scale(domain=city_order), title=None, axis=None),
            x=alt.X("count():Q", title=t("compare.named_n", lang), axis=alt.Axis(tickMinStep=1)),
            color=colour,
            tooltip=[
                alt.Tooltip("city_label:N", title=t("compare.city", lang)),
                alt.Tooltip("role_label:N", title=t("compare.role", lang)),
                alt.Tooltip("count():Q", title=t("compare.named_n", lang)),
            ],
        )
        .properties(width=120, height=height * len(city_order))
    )
    columns = (
        alt.Chart(counted)
        .mark_bar()
        .encode(
            x=alt.X(
                "industry_label:N", scale=alt.Scale(domain=industry_order), title=None, axis=None
            ),
            y=alt.Y("count():Q", title=t("compare.named_n", lang), axis=alt.Axis(tickMinStep=1)),
            color=colour,
            tooltip=[
                alt.Tooltip("industry_label:N", title=t("compare.industry", lang)),
                alt.Tooltip("role_label:N", title=t("compare.role", lang)),
                alt.Tooltip("count():Q", title=t("compare.named_n", lang)),
            ],
        )
        .properties(width=width * len(industry_order), height=90)
    )
    return alt.vconcat(columns, alt.hconcat(heat, rows, spacing=4), spacing=4)


def _clicked(event: Any) -> tuple[str, str] | None:
    """Return the (adcode, industry id) of the clicked cell, if any."""
    selection = getattr(event, "selection", None) or {}
    points = selection.get(CELL) if isinstance(selection, dict) else None
    if points and isinstance(points, list) and isinstance(points[0], dict):
        point = points[0]
        if "adcode" in point and "industry_id" in point:
            return str(point["adcode"]), str(point["industry_id"])
    return None


def _cell_source(
    rules: Rules, document: str, lang: str, table: pd.DataFrame, clicked: tuple[str, str] | None
) -> None:
    st.caption(t("compare.cell_hint", lang))
    cities = list(dict.fromkeys(table["adcode"]))
    industries = list(dict.fromkeys(table["industry_id"]))
    names = dict(zip(table["industry_id"], table["industry_label"], strict=False))
    city_key, industry_key, click_key = (
        f"cmp_cell_{part}_{document}" for part in ("city", "industry", "click")
    )
    if clicked is not None and st.session_state.get(click_key) != clicked:
        # A new click moves the pickers to the clicked cell; they stay the one source of truth.
        st.session_state[click_key] = clicked
        st.session_state[city_key], st.session_state[industry_key] = clicked
    left, right = st.columns(2)
    adcode = left.selectbox(
        t("compare.city", lang), cities, format_func=city_name(lang), key=city_key
    )
    industry_id = right.selectbox(
        t("compare.industry", lang),
        industries,
        format_func=lambda i: names.get(i, i),
        key=industry_key,
    )
    sources = fp.cell_sources(rules, document=document, industry_id=industry_id, adcode=adcode)
    title = f"{city_name(lang)(adcode)} · {names.get(industry_id, industry_id)}"
    st.markdown(f"**{escape_markdown(title)}**")
    if sources.empty:
        st.info(t("compare.cell_none", lang))
        return
    for source in sources.to_dict("records"):
        st.text(f"{role_label(source['role'], lang=lang)} · {source['section']}\n{source['quote']}")


def download_files(rules: Rules, document: str, lang: str) -> dict[str, Callable[[], bytes]]:
    """Builders of the matrix downloads: the cells (CSV), four sheets (XLSX), a map (GeoJSON).

    Headers and cells are in ``lang``; ids stay in extra columns.
    """
    version = rules.data_version

    def shown(frame: pd.DataFrame) -> pd.DataFrame:
        return fp.for_download(frame, lang, rules, document=document)

    def workbook() -> bytes:
        table = cached_footprint(rules, version, document)
        matrix = fp.matrix_of(table)
        return fp.to_xlsx_bytes(
            {
                t("download.sheet.matrix", lang): shown(matrix),
                t("download.sheet.cells", lang): shown(table),
                t("download.sheet.totals_by_city", lang): shown(
                    fp.matrix_totals(matrix, by="city")
                ),
                t("download.sheet.totals_by_industry", lang): shown(
                    fp.matrix_totals(matrix, by="industry")
                ),
            }
        )

    return {
        "csv": lambda: fp.to_csv_bytes(shown(cached_footprint(rules, version, document))),
        "xlsx": workbook,
        "geojson": lambda: fp.geojson_for_download(
            cached_matrix(rules, document), export_shapes("web"), lang, rules, document=document
        ),
    }
