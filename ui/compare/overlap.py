"""Part 3 of the Compare tab: how much the industries' footprints overlap (Jaccard)."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd
import streamlit as st

import footprints as fp
from layout_rules import Rules
from layout_rules.vocab import NAMED_TIERS
from ui.compare._common import (
    LABEL_LIMIT,
    cached_pairs,
    downloads,
    show,
)
from words import t, text_in

# --- 3. overlap -----------------------------------------------------------------------------


def render(rules: Rules, document: str, lang: str) -> None:
    """Draw the overlap part: how much the industries' footprints overlap (Jaccard)."""
    has_tiers = any(ind.layout is not None for ind in rules.documents[document].industries)
    choices = {
        "core_only": ("core",),
        "core_expansion": NAMED_TIERS,
        "any_named": fp.DESIGNATED,
    }
    options = list(choices) if has_tiers else ["any_named"]
    chosen = st.radio(
        t("compare.overlap_roles", lang),
        options,
        format_func=lambda k: t(f"compare.counted.{k}", lang),
        horizontal=True,
        key=f"cmp_overlap_{document}",
    )
    tiers = tuple(choices[chosen or options[0]])
    pairs = cached_pairs(rules, rules.data_version, document, tiers)
    st.caption(t("compare.overlap_note", lang))
    _overlap_chart(pairs, rules, document, lang)
    downloads(
        f"industry_overlap_{document}_{'-'.join(tiers)}",
        lang,
        download_files(rules, document, tiers, lang),
    )


def download_files(
    rules: Rules, document: str, tiers: tuple[str, ...], lang: str
) -> dict[str, Callable[[], bytes]]:
    """Builders of the overlap downloads: the pairs (CSV), the matrix and pairs (XLSX).

    Headers and cells are in ``lang``; ids stay in extra columns.
    """

    def pairs() -> pd.DataFrame:
        frame = cached_pairs(rules, rules.data_version, document, tiers)
        return fp.for_download(frame, lang, rules, document=document)

    def matrix() -> pd.DataFrame:
        frame = fp.industry_overlap(rules, document=document, tiers=tiers).reset_index()
        return fp.for_download(frame, lang, rules, document=document)

    return {
        "csv": lambda: fp.to_csv_bytes(pairs()),
        "xlsx": lambda: fp.to_xlsx_bytes(
            {t("download.sheet.jaccard", lang): matrix(), t("download.sheet.pairs", lang): pairs()}
        ),
    }


def _overlap_chart(pairs: pd.DataFrame, rules: Rules, document: str, lang: str) -> None:
    industries = rules.documents[document].industries
    names = {ind.id: text_in(ind, "name", lang) for ind in industries}
    order = list(names.values())
    data = pairs.assign(
        a=pairs["industry_a"].map(names),
        b=pairs["industry_b"].map(names),
        shown=pairs["jaccard"].map(lambda v: "" if pd.isna(v) else f"{v:.2f}"),
    )[["a", "b", "jaccard", "shown", "shared_cities", "shared", "union"]]
    base = alt.Chart(data).encode(
        x=alt.X(
            "b:N", sort=order, title=None, axis=alt.Axis(labelAngle=-35, labelLimit=LABEL_LIMIT)
        ),
        y=alt.Y("a:N", sort=order, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
    )
    rect = base.mark_rect(stroke="white").encode(
        color=alt.Color(
            "jaccard:Q",
            scale=alt.Scale(domain=[0, 1], scheme="oranges"),
            title=t("compare.jaccard", lang),
        ),
        tooltip=[
            alt.Tooltip("a:N", title=t("download.column.industry_a", lang)),
            alt.Tooltip("b:N", title=t("download.column.industry_b", lang)),
            alt.Tooltip("jaccard:Q", format=".2f", title=t("compare.jaccard", lang)),
            alt.Tooltip("shared_cities:N", title=t("compare.shared_cities", lang)),
        ],
    )
    text = base.mark_text(fontSize=10).encode(text="shown:N")
    size = 44
    show((rect + text).properties(width=size * len(order), height=size * len(order)))
