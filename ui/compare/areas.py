"""Part 4 of the Compare tab: each industry's footprint as area and share of the province."""

from __future__ import annotations

import altair as alt
import streamlit as st

import footprints as fp
from layout_rules import Rules
from layout_rules.vocab import role_rank
from ui.compare._common import (
    LABEL_LIMIT,
    cached_areas,
    city_names,
    downloads,
    labelled,
    role_scale,
    show,
)
from words import t

# --- 4. areas -------------------------------------------------------------------------------


def render(rules: Rules, document: str, lang: str) -> None:
    """Draw the footprint areas part: each industry's area and share of the province."""
    areas = labelled(cached_areas(rules, rules.data_version, document), lang)
    areas = areas.assign(city_names=[city_names(n, lang) for n in areas["city_names"]])
    st.caption(t("compare.area_note", lang))
    order = list(dict.fromkeys(areas["industry_label"]))
    chart = (
        alt.Chart(areas.assign(rank=areas["role"].map(role_rank)))
        .mark_bar()
        .encode(
            y=alt.Y(
                "industry_label:N", sort=order, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)
            ),
            x=alt.X("share:Q", axis=alt.Axis(format="%"), title=t("compare.share", lang)),
            color=alt.Color(
                "role_label:N",
                scale=role_scale(list(areas["role"]), lang),
                title=t("compare.role", lang),
            ),
            order=alt.Order("rank:Q"),
            tooltip=[
                alt.Tooltip("industry_label:N", title=t("compare.industry", lang)),
                alt.Tooltip("role_label:N", title=t("compare.role", lang)),
                alt.Tooltip("area_km2:Q", format=",.0f", title=t("compare.area_km2", lang)),
                alt.Tooltip("share:Q", format=".1%", title=t("compare.share", lang)),
                alt.Tooltip("city_names:N", title=t("compare.city", lang)),
            ],
        )
        .properties(width=520, height=30 * len(order))
    )
    show(chart)
    shown = areas[["industry_label", "role_label", "cities", "area_km2", "share", "city_names"]]
    st.dataframe(
        shown.set_axis(
            [
                t("compare.industry", lang),
                t("compare.role", lang),
                t("compare.cities_n", lang),
                t("compare.area_km2", lang),
                t("compare.share", lang),
                t("compare.city", lang),
            ],
            axis=1,
        ),
        hide_index=True,
        width="stretch",
        column_config={
            t("compare.area_km2", lang): st.column_config.NumberColumn(format="%.0f"),
            t("compare.share", lang): st.column_config.NumberColumn(format="percent"),
        },
    )
    raw = cached_areas(rules, rules.data_version, document)
    shown = fp.for_download(raw, lang, rules, document=document)
    downloads(
        f"footprint_areas_{document}",
        lang,
        {
            "csv": lambda: fp.to_csv_bytes(shown),
            "xlsx": lambda: fp.to_xlsx_bytes({t("download.sheet.areas", lang): shown}),
        },
    )
