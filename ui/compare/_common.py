"""Shared parts of the Compare tab: words, cached footprints, chart and download helpers.

Everything is cached on ``rules.data_version`` and strings, never on frames; charts use the
colours of :mod:`layout_rules.vocab` and a font with Chinese glyphs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import altair as alt
import geopandas as gpd
import pandas as pd
import streamlit as st

import footprints as fp
import geodata
from layout_rules import Rules, prefectures
from layout_rules.vocab import ROLES, role_colour, role_label
from words import SOURCE_LANGUAGE, column_in, t, text_in

QUERY_KEY = "cmp"
"""Query parameter holding the side-by-side cities as comma-separated adcodes."""
PART_KEY = "cmp_part"
"""Query parameter (and widget key) of the open sub-tab; its value is the tab's label."""

CITIES_KEY = "cmp_cities"
SYNCED_KEY = "cmp_synced"
FONT = (
    "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
)
CELL = "cell"
PROJECTION: dict[str, Any] = {"type": "conicEqualArea", "parallels": [26, 34], "rotate": [-103, 0]}
"""Albers-like projection for the small maps, matching geodata's equal-area CRS."""
SHAPES = "sichuan-prefectures"
LABEL_LIMIT = 240
"""Pixels an axis label may take before it is cut (English industry names are long)."""
HIGHLIGHT = "#34495e"
"""Colour of the chosen cities on the side-by-side map (a selection, not a role)."""

# --- cached data (keyed on the data version and strings only) -------------------------------


@st.cache_data(show_spinner=False, max_entries=16)
def cached_footprint(_rules: Rules, data_version: str, document: str) -> pd.DataFrame:
    return fp.footprint_table(_rules, document=document)


@st.cache_data(show_spinner=False, max_entries=32)
def cached_pairs(
    _rules: Rules, data_version: str, document: str, tiers: tuple[str, ...]
) -> pd.DataFrame:
    return fp.overlap_pairs(_rules, document=document, tiers=tiers)


@st.cache_data(show_spinner=False, max_entries=16)
def cached_areas(_rules: Rules, data_version: str, document: str) -> pd.DataFrame:
    return fp.footprint_areas(_rules, document=document)


@st.cache_data(show_spinner=False, max_entries=16)
def cached_changes(_rules: Rules, data_version: str, document: str) -> pd.DataFrame:
    return fp.document_changes(_rules, document=document)


@st.cache_data(show_spinner=False, max_entries=2)
def map_features(variant: geodata.VariantName) -> list[dict[str, Any]]:
    """Prefecture shapes light enough to embed in a chart, as GeoJSON features.

    Plain features rather than a GeoDataFrame: Streamlit ships chart tables as Arrow, which
    has no geometry type, but passes GeoJSON datasets through as they are.
    """
    shapes = fp.chart_shapes(geodata.load_prefectures(variant=variant))
    columns = ["adcode", "short_name", "name_en", "label_lon", "label_lat", "geometry"]
    return list(shapes[columns].__geo_interface__["features"])


@st.cache_data(show_spinner=False, max_entries=2)
def export_shapes(variant: geodata.VariantName) -> gpd.GeoDataFrame:
    return geodata.load_prefectures(variant=variant)


def cached_matrix(rules: Rules, document: str) -> pd.DataFrame:
    return fp.matrix_of(cached_footprint(rules, rules.data_version, document))


# --- labels and charts ----------------------------------------------------------------------


def labelled(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Add display columns for the city, industry and role columns the table has."""
    labels: dict[str, Any] = {}
    if "city" in table.columns:
        labels["city_label"] = column_in(table, "city", lang)
    if "industry" in table.columns:
        labels["industry_label"] = column_in(table, "industry", lang)
    if "role" in table.columns:
        labels["role_label"] = [role_label(r or "none", lang=lang) for r in table["role"]]
    return table.assign(**labels)


def role_scale(roles: Sequence[str], lang: str) -> alt.Scale:
    """Colour scale of the roles present, in vocabulary order, with the vocabulary colours."""
    present = [role for role in ROLES if role in set(roles) or (role == "none" and "" in roles)]
    return alt.Scale(
        domain=[role_label(role, lang=lang) for role in present],
        range=[role_colour(role) for role in present],
    )


def show(chart: alt.TopLevelMixin, **kwargs: Any) -> Any:
    """Draw a chart with a font that has Chinese glyphs."""
    styled = chart.configure(font=FONT).configure_view(stroke=None)
    return st.altair_chart(styled, **kwargs)


def show_map(chart: alt.TopLevelMixin) -> None:
    """Draw a map whose shapes are the named dataset :data:`SHAPES`.

    The features join the spec after Altair has serialised it: Altair would otherwise walk
    every coordinate of them on each rerun (about 0.3 s per map).
    """
    styled = chart.project(**PROJECTION).configure(font=FONT).configure_view(stroke=None)
    spec = styled.to_dict()
    spec.setdefault("datasets", {})[SHAPES] = map_features("overview")
    st.vega_lite_chart(spec)


def on_shapes(table: pd.DataFrame, fields: list[str]) -> alt.Chart:
    """Return a chart of the prefecture shapes with ``fields`` of ``table`` looked up by adcode."""
    return alt.Chart(alt.NamedData(SHAPES)).transform_lookup(
        lookup="properties.adcode",
        from_=alt.LookupData(table[["adcode", *fields]], key="adcode", fields=fields),
    )


def city_name(lang: str) -> Callable[[str], str]:
    names = {c.adcode: text_in(c, "name", lang, source="short_name") for c in prefectures()}
    return lambda code: names.get(code, code)


def downloads(stem: str, lang: str, files: dict[str, Callable[[], bytes]]) -> None:
    """One download button per format; the bytes are built only when clicked, with no rerun."""
    mimes = {
        "csv": "text/csv",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "geojson": "application/geo+json",
    }
    columns = st.columns(len(files))
    for column, (fmt, build) in zip(columns, files.items(), strict=True):
        column.download_button(
            f"{t('compare.download', lang)} {fmt.upper()}",
            data=build,
            file_name=f"{stem}.{fmt}",
            mime=mimes[fmt],
            key=f"cmp_dl_{stem}_{fmt}",
            on_click="ignore",
        )


def listed(items: Iterable[str], lang: str) -> str:
    """Join names as a list reads in the language: 成都、绵阳 or Chengdu, Mianyang; "—" if none."""
    return t("sep.list", lang).join(items) or "—"


def roles_text(roles: str, lang: str) -> str:
    """Return comma-separated role keys as labels in the language."""
    return listed((role_label(role, lang=lang) for role in roles.split(",") if role), lang)


def city_names(names: str, lang: str) -> str:
    """Return 、-separated short Chinese city names as the language shows them."""
    if lang == SOURCE_LANGUAGE:
        return names
    shown = {c.short_name: text_in(c, "name", lang, source="short_name") for c in prefectures()}
    return listed((shown.get(n, n) for n in names.split("、") if n), lang)


def parse_cities(raw: str) -> tuple[list[str], list[str]]:
    """Split ``?cmp=`` into prefecture adcodes (names are resolved too) and unknown tokens."""
    good: list[str] = []
    bad: list[str] = []
    for token in (part.strip() for part in raw.split(",")):
        if not token:
            continue
        try:
            good.append(geodata.prefecture(token))
        except geodata.PlaceError:
            bad.append(token)
    return list(dict.fromkeys(good)), bad
