"""Part 5 of the Compare tab: the cities ranked by footprint similarity to one city."""

from __future__ import annotations

import altair as alt
import streamlit as st

import footprints as fp
from layout_rules import Rules, prefectures
from layout_rules.vocab import role_colour
from ui.compare._common import (
    QUERY_KEY,
    city_name,
    downloads,
    parse_cities,
    show,
)
from words import column_in, t

# --- 5. similar cities ----------------------------------------------------------------------


def render(rules: Rules, document: str, lang: str) -> None:
    """Draw the similarity part: the cities ranked by footprint similarity to one city."""
    codes = [city.adcode for city in prefectures()]
    chosen = parse_cities(str(st.query_params.get(QUERY_KEY, "")))[0] or [codes[0]]
    city = st.selectbox(
        t("compare.similar_to", lang),
        codes,
        index=codes.index(chosen[0]) if chosen[0] in codes else 0,
        format_func=city_name(lang),
        key="cmp_similar_city",
    )
    st.info(fp.SIMILARITY_NOTE[lang])
    ranked = fp.similar_cities(rules, city, document=document)
    ranked = ranked.assign(city_label=column_in(ranked, "city", lang))
    label = "city_label"
    chart = (
        alt.Chart(ranked)
        .mark_bar(color=role_colour("core"))
        .encode(
            y=alt.Y(
                f"{label}:N",
                sort=list(ranked[label]),
                title=None,
                axis=alt.Axis(labelOverlap=False),
            ),
            x=alt.X(
                "similarity:Q", scale=alt.Scale(domain=[0, 1]), title=t("compare.similarity", lang)
            ),
            tooltip=[
                alt.Tooltip(f"{label}:N", title=t("compare.city", lang)),
                alt.Tooltip("similarity:Q", format=".3f", title=t("compare.similarity", lang)),
                alt.Tooltip("shared:Q", title=t("compare.shared_n", lang)),
            ],
        )
        .properties(width=420, height=24 * len(ranked))
    )
    show(chart)
    downloads(
        f"similar_cities_{document}_{city}",
        lang,
        {"csv": lambda: fp.to_csv_bytes(fp.for_download(ranked, lang, rules, document=document))},
    )
