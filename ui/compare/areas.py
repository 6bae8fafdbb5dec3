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
    tr,
)

# --- 4. areas -------------------------------------------------------------------------------


def render(rules: Rules, document: str, lang: str) -> None:
    areas = labelled(cached_areas(rules, rules.data_version, document), lang)
    areas = areas.assign(city_names=[city_names(n, lang) for n in areas["city_names"]])
    st.caption(tr("area_note", lang))
    order = list(dict.fromkeys(areas["industry_label"]))
    chart = (
        alt.Chart(areas.assign(rank=areas["role"].map(role_rank)))
        .mark_bar()
        .encode(
            y=alt.Y(
                "industry_label:N", sort=order, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)
            ),
            x=alt.X("share:Q", axis=alt.Axis(format="%"), title=tr("share", lang)),
            color=alt.Color(
                "role_label:N", scale=role_scale(list(areas["role"]), lang), title=tr("role", lang)
            ),
            order=alt.Order("rank:Q"),
            tooltip=[
                alt.Tooltip("industry_label:N", title=tr("industry", lang)),
                alt.Tooltip("role_label:N", title=tr("role", lang)),
                alt.Tooltip("area_km2:Q", format=",.0f", title=tr("area_km2", lang)),
                alt.Tooltip("share:Q", format=".1%", title=tr("share", lang)),
                alt.Tooltip("city_names:N", title=tr("city", lang)),
            ],
        )
        .properties(width=520, height=30 * len(order))
    )
    show(chart)
    shown = areas[["industry_label", "role_label", "cities", "area_km2", "share", "city_names"]]
    st.dataframe(
        shown.set_axis(
            [
                tr("industry", lang),
                tr("role", lang),
                tr("cities_n", lang),
                tr("area_km2", lang),
                tr("share", lang),
                tr("city", lang),
            ],
            axis=1,
        ),
        hide_index=True,
        width="stretch",
        column_config={
            tr("area_km2", lang): st.column_config.NumberColumn(format="%.0f"),
            tr("share", lang): st.column_config.NumberColumn(format="percent"),
        },
    )
    raw = cached_areas(rules, rules.data_version, document)
    downloads(
        f"footprint_areas_{document}",
        lang,
        {
            "csv": lambda: fp.to_csv_bytes(raw),
            "xlsx": lambda: fp.to_xlsx_bytes({"areas": raw}),
        },
    )
