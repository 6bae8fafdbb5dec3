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
from layout_rules import Rules, prefectures, resolve_place
from layout_rules.text import in_language
from layout_rules.vocab import ROLES, role_colour, role_label

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

TEXT: dict[str, tuple[str, str]] = {
    "matrix": ("城市 × 产业矩阵", "City × industry matrix"),
    "side": ("城市并排对比", "Cities side by side"),
    "overlap": ("产业重叠", "Industry overlap"),
    "areas": ("覆盖面积", "Footprint areas"),
    "similar": ("相似城市", "Similar cities"),
    "changes": ("文件间变化", "Change between documents"),
    "sort_cities": ("城市排序", "Sort cities"),
    "sort_industries": ("产业排序", "Sort industries"),
    "by_core": ("按核心发展区数量", "By number of core roles"),
    "by_designated": ("按点名数量", "By number of roles"),
    "by_adcode": ("按行政区划代码", "By adcode"),
    "by_document": ("按文件顺序", "In document order"),
    "city": ("城市", "City"),
    "industry": ("产业", "Industry"),
    "role": ("角色", "Role"),
    "roles": ("全部角色", "All roles"),
    "named_n": ("点名次数", "Cells named"),
    "cell_hint": (
        "点击矩阵中的单元格查看原文出处，或在下方选择。",
        "Click a cell of the matrix to see its source, or pick one below.",
    ),
    "cell_none": ("该文件未给此城市此产业任何角色。", "The document gives this city no role here."),
    "section": ("章节", "Section"),
    "quote": ("原文", "Quote"),
    "place": ("文中地名", "Place as written"),
    "pick_cities": ("选择 2–4 个城市", "Pick 2–4 cities"),
    "need_two": ("请至少选择 2 个城市。", "Pick at least 2 cities."),
    "bad_cities": (
        "链接中的城市无法识别，已忽略：",
        "Cities in the link not recognised, ignored: ",
    ),
    "shared": ("共同角色", "Shared roles"),
    "unique": ("独有角色", "Unique roles"),
    "none_shared": ("没有所有城市共同拥有的角色。", "No role is held by all of them."),
    "none_unique": ("没有独有角色。", "No role of its own."),
    "map_caption": (
        "所选城市在地图上以深色标出（示意图，边界已简化）。",
        "The chosen cities are shaded dark (schematic map, simplified borders).",
    ),
    "overlap_roles": ("计入的角色", "Roles counted"),
    "core_only": ("仅核心发展区", "Core only"),
    "core_expansion": ("核心或重点拓展区", "Core or expansion"),
    "any_named": ("任何点名角色", "Any naming role"),
    "jaccard": ("Jaccard 指数", "Jaccard index"),
    "overlap_note": (
        "两个产业的重叠 = 两者共有的城市数 ÷ 两者合计涉及的城市数（Jaccard 指数）；"
        "空白表示两个产业都没有符合条件的城市。",
        "Overlap of two industries = cities they share ÷ cities either has (Jaccard index); "
        "blank where neither industry has such a city.",
    ),
    "shared_cities": ("共同城市", "Shared cities"),
    "area_note": (
        "面积以四川 Albers 等积投影计算（km²）；同一产业各角色的面积之和等于全省面积。",
        "Areas in km² in a Sichuan Albers equal-area projection; an industry's roles add up "
        "to the province.",
    ),
    "area_km2": ("面积（km²）", "Area (km²)"),
    "share": ("占全省比例", "Share of province"),
    "cities_n": ("城市数", "Cities"),
    "similar_to": ("与哪个城市比较", "Compare with"),
    "similarity": ("相似度", "Similarity"),
    "shared_n": ("共同产业数", "Industries in common"),
    "later": ("后续文件", "Later document"),
    "changes_title": ("不同类型表述的比较", "A comparison of different kinds of designation"),
    "status": ("变化", "Change"),
    "baseline_tier": ("2016–2020 层级", "2016–2020 tier"),
    "later_roles": ("后续文件角色", "Role in later document"),
    "later_industries": ("后续文件产业", "Industry in later document"),
    "relations": ("对应关系（编辑判断）", "Crosswalk relation (editorial)"),
    "no_later": ("没有可比较的后续文件。", "There is no later document to compare with."),
    "open_list": (
        "后续文件的名单以“等”结尾：未点名的城市未必被排除。",
        "The later list ends in 等 ('and others'): a city it leaves out is not excluded.",
    ),
    "all_changes": ("全部城市与产业", "All cities and industries"),
    "city_changes": ("单个城市在所有文件中的变化", "What changed for one city, in every document"),
    "search": (
        "筛选表格（只保留含有这些字词的行）",
        "Filter the table (keeps rows containing all words)",
    ),
    "document": ("后续文件", "Later document"),
    "rows_shown": ("显示 {shown} / {total} 行", "{shown} of {total} rows shown"),
    "download": ("下载", "Download"),
    "error": ("无法显示此部分：", "Cannot show this part: "),
}


def tr(key: str, lang: str) -> str:
    """Return a fixed word of the tab in ``zh`` or ``en``."""
    return in_language(TEXT[key], lang)


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
def map_features(variant: str) -> list[dict[str, Any]]:
    """Prefecture shapes light enough to embed in a chart, as GeoJSON features.

    Plain features rather than a GeoDataFrame: Streamlit ships chart tables as Arrow, which
    has no geometry type, but passes GeoJSON datasets through as they are.
    """
    shapes = fp.chart_shapes(geodata.load_prefectures(variant=variant))  # type: ignore[arg-type]
    columns = ["adcode", "short_name", "name_en", "label_lon", "label_lat", "geometry"]
    return list(shapes[columns].__geo_interface__["features"])


@st.cache_data(show_spinner=False, max_entries=2)
def export_shapes(variant: str) -> gpd.GeoDataFrame:
    return geodata.load_prefectures(variant=variant)  # type: ignore[arg-type]


def cached_matrix(rules: Rules, document: str) -> pd.DataFrame:
    return fp.matrix_of(cached_footprint(rules, rules.data_version, document))


# --- labels and charts ----------------------------------------------------------------------


def labelled(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Add display columns for the city, industry and role columns the table has."""
    en = lang == "en"
    labels: dict[str, Any] = {}
    if "city" in table.columns:
        labels["city_label"] = table["city_en" if en else "city"]
    if "industry" in table.columns:
        labels["industry_label"] = table["industry_en" if en else "industry"]
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
    """A chart of the prefecture shapes with ``fields`` of ``table`` looked up by adcode."""
    return alt.Chart(alt.NamedData(SHAPES)).transform_lookup(
        lookup="properties.adcode",
        from_=alt.LookupData(table[["adcode", *fields]], key="adcode", fields=fields),
    )


def city_name(lang: str) -> Callable[[str], str]:
    names = {c.adcode: (c.name_en if lang == "en" else c.short_name) for c in prefectures()}
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
            f"{tr('download', lang)} {fmt.upper()}",
            data=build,
            file_name=f"{stem}.{fmt}",
            mime=mimes[fmt],
            key=f"cmp_dl_{stem}_{fmt}",
            on_click="ignore",
        )


def listed(items: Iterable[str], lang: str) -> str:
    """Join names as a list reads in the language: 成都、绵阳 or Chengdu, Mianyang; "—" if none."""
    return ("、" if lang == "zh" else ", ").join(items) or "—"


def roles_text(roles: str, lang: str) -> str:
    """Return comma-separated role keys as labels in the language."""
    return listed((role_label(role, lang=lang) for role in roles.split(",") if role), lang)


def city_names(names: str, lang: str) -> str:
    """Return 、-separated short Chinese city names as the language shows them."""
    english = {c.short_name: c.name_en for c in prefectures()}
    if lang != "en":
        return names
    return listed((english.get(n, n) for n in names.split("、") if n), lang)


def parse_cities(raw: str) -> tuple[list[str], list[str]]:
    """Split ``?cmp=`` into prefecture adcodes (names are resolved too) and unknown tokens."""
    codes = {city.adcode for city in prefectures()}
    good: list[str] = []
    bad: list[str] = []
    for token in (t.strip() for t in raw.split(",")):
        if not token:
            continue
        try:
            code = resolve_place(token)
        except ValueError:
            code = ""
        (good if code in codes else bad).append(code if code in codes else token)
    return list(dict.fromkeys(good)), bad
