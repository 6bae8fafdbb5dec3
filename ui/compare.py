"""The "Compare" tab: footprints of industries and cities, side by side and across documents.

``app.py`` calls :func:`render` inside its Compare tab. Everything computed here comes from
:mod:`footprints`; this module only caches it (keyed on ``rules.data_version`` and strings,
never on frames), draws it with Altair in the colours of :mod:`layout_rules.vocab`, and keeps
the chosen cities in the URL (``?cmp=510100,510700``) so a comparison is a shareable link.
Errors of the packages are shown with ``st.error``; no traceback reaches the page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import altair as alt
import geopandas as gpd
import pandas as pd
import streamlit as st

import footprints as fp
import geodata
from layout_rules import DEFAULT_DOCUMENT, Rules, prefectures, resolve_place
from layout_rules.text import escape_markdown
from layout_rules.vocab import ROLES, role_colour, role_label

QUERY_KEY = "cmp"
"""Query parameter holding the side-by-side cities as comma-separated adcodes."""
PART_KEY = "cmp_part"
"""Query parameter (and widget key) of the open sub-tab; its value is the tab's label."""

_CITIES_KEY = "cmp_cities"
_SYNCED_KEY = "cmp_synced"
_FONT = (
    "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
)
_CELL = "cell"
_PROJECTION: dict[str, Any] = {"type": "conicEqualArea", "parallels": [26, 34], "rotate": [-103, 0]}
"""Albers-like projection for the small maps, matching geodata's equal-area CRS."""
_SHAPES = "sichuan-prefectures"
_HIGHLIGHT = "#34495e"
"""Colour of the chosen cities on the side-by-side map (a selection, not a role)."""

_TEXT: dict[str, tuple[str, str]] = {
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
    "download": ("下载", "Download"),
    "error": ("无法显示此部分：", "Cannot show this part: "),
}


def _t(key: str, lang: str) -> str:
    zh, en = _TEXT[key]
    return en if lang == "en" else zh


# --- entry point ----------------------------------------------------------------------------


def render(rules: Rules, *, document: str, lang: str) -> None:
    """Draw the Compare tab for one document in Chinese (``lang="zh"``) or English (``"en"``).

    Six parts, each in its own sub-tab: the city × industry matrix (click a cell for its
    source), 2–4 cities side by side with a map, the overlap between industries, footprint
    areas, similar cities and the change from the 2016–2020 plan to a later document. The open
    part is kept in ``?cmp_part=`` (its label) and only it runs; the side-by-side cities are
    kept in ``?cmp=``. A part that fails shows its error and leaves the others working.
    """
    lang = "en" if lang == "en" else "zh"
    if document not in rules.documents:
        known = ", ".join(rules.documents)
        st.error(f"{_t('error', lang)}unknown document {document!r}; known: {known}")
        return
    parts: Sequence[Callable[[Rules, str, str], None]] = (
        _matrix_part,
        _side_by_side_part,
        _overlap_part,
        _areas_part,
        _similar_part,
        _changes_part,
    )
    names = ("matrix", "side", "overlap", "areas", "similar", "changes")
    # Bound to the URL, the sub-tabs run lazily: a rerun computes and draws only the open part.
    tabs = st.tabs([_t(name, lang) for name in names], key=PART_KEY, bind="query-params")
    for tab, part in zip(tabs, parts, strict=True):
        if tab.open is not False:
            with tab:
                _guarded(part, rules, document, lang)


def _guarded(
    part: Callable[[Rules, str, str], None], rules: Rules, document: str, lang: str
) -> None:
    try:
        part(rules, document, lang)
    except (ValueError, OSError) as error:  # FootprintsError, LayoutRulesError, GeodataError
        st.error(f"{_t('error', lang)}{error}")


# --- cached data (keyed on the data version and strings only) -------------------------------


@st.cache_data(show_spinner=False, max_entries=16)
def _footprint(_rules: Rules, data_version: str, document: str) -> pd.DataFrame:
    return fp.footprint_table(_rules, document=document)


@st.cache_data(show_spinner=False, max_entries=32)
def _pairs(_rules: Rules, data_version: str, document: str, tiers: tuple[str, ...]) -> pd.DataFrame:
    return fp.overlap_pairs(_rules, document=document, tiers=tiers)


@st.cache_data(show_spinner=False, max_entries=16)
def _areas(_rules: Rules, data_version: str, document: str) -> pd.DataFrame:
    return fp.footprint_areas(_rules, document=document)


@st.cache_data(show_spinner=False, max_entries=16)
def _changes(_rules: Rules, data_version: str, document: str) -> pd.DataFrame:
    return fp.document_changes(_rules, document=document)


@st.cache_data(show_spinner=False, max_entries=2)
def _shapes(variant: str) -> list[dict[str, Any]]:
    """Prefecture shapes light enough to embed in a chart, as GeoJSON features.

    Plain features rather than a GeoDataFrame: Streamlit ships chart tables as Arrow, which
    has no geometry type, but passes GeoJSON datasets through as they are.
    """
    shapes = fp.chart_shapes(geodata.load_prefectures(variant=variant))  # type: ignore[arg-type]
    columns = ["adcode", "short_name", "name_en", "label_lon", "label_lat", "geometry"]
    return list(shapes[columns].__geo_interface__["features"])


@st.cache_data(show_spinner=False, max_entries=2)
def _export_shapes(variant: str) -> gpd.GeoDataFrame:
    return geodata.load_prefectures(variant=variant)  # type: ignore[arg-type]


def _matrix(rules: Rules, document: str) -> pd.DataFrame:
    return fp.matrix_of(_footprint(rules, rules.data_version, document))


# --- labels and charts ----------------------------------------------------------------------


def _labelled(table: pd.DataFrame, lang: str) -> pd.DataFrame:
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


def _role_scale(roles: Sequence[str], lang: str) -> alt.Scale:
    """Colour scale of the roles present, in vocabulary order, with the vocabulary colours."""
    present = [role for role in ROLES if role in set(roles) or (role == "none" and "" in roles)]
    return alt.Scale(
        domain=[role_label(role, lang=lang) for role in present],
        range=[role_colour(role) for role in present],
    )


def _show(chart: alt.TopLevelMixin, **kwargs: Any) -> Any:
    """Draw a chart with a font that has Chinese glyphs."""
    styled = chart.configure(font=_FONT).configure_view(stroke=None)
    return st.altair_chart(styled, **kwargs)


def _show_map(chart: alt.TopLevelMixin) -> None:
    """Draw a map whose shapes are the named dataset :data:`_SHAPES`.

    The features join the spec after Altair has serialised it: Altair would otherwise walk
    every coordinate of them on each rerun (about 0.3 s per map).
    """
    styled = chart.project(**_PROJECTION).configure(font=_FONT).configure_view(stroke=None)
    spec = styled.to_dict()
    spec.setdefault("datasets", {})[_SHAPES] = _shapes("overview")
    st.vega_lite_chart(spec)


def _on_shapes(table: pd.DataFrame, fields: list[str]) -> alt.Chart:
    """A chart of the prefecture shapes with ``fields`` of ``table`` looked up by adcode."""
    return alt.Chart(alt.NamedData(_SHAPES)).transform_lookup(
        lookup="properties.adcode",
        from_=alt.LookupData(table[["adcode", *fields]], key="adcode", fields=fields),
    )


def _city_name(lang: str) -> Callable[[str], str]:
    names = {c.adcode: (c.name_en if lang == "en" else c.short_name) for c in prefectures()}
    return lambda code: names.get(code, code)


def _downloads(stem: str, lang: str, files: dict[str, Callable[[], bytes]]) -> None:
    """One download button per format; the bytes are built only when clicked."""
    mimes = {
        "csv": "text/csv",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "geojson": "application/geo+json",
    }
    columns = st.columns(len(files))
    for column, (fmt, build) in zip(columns, files.items(), strict=True):
        column.download_button(
            f"{_t('download', lang)} {fmt.upper()}",
            data=build,
            file_name=f"{stem}.{fmt}",
            mime=mimes[fmt],
            key=f"cmp_dl_{stem}_{fmt}",
        )


# --- 1. matrix ------------------------------------------------------------------------------


def _matrix_part(rules: Rules, document: str, lang: str) -> None:
    table = _labelled(_footprint(rules, rules.data_version, document), lang)
    matrix = fp.matrix_of(table)
    left, right = st.columns(2)
    city_sort = left.radio(
        _t("sort_cities", lang),
        ["core", "designated", "adcode"],
        format_func=lambda k: _t(f"by_{k}", lang),
        horizontal=True,
        key="cmp_sort_cities",
    )
    industry_sort = right.radio(
        _t("sort_industries", lang),
        ["document", "core", "designated"],
        format_func=lambda k: _t(f"by_{k}", lang),
        horizontal=True,
        key="cmp_sort_industries",
    )
    city_order = _order(table, "adcode", "city_label", fp.sort_cities(matrix, by=city_sort))
    industry_order = _order(
        table, "industry_id", "industry_label", fp.sort_industries(matrix, by=industry_sort)
    )
    chart = _matrix_chart(table, city_order, industry_order, lang)
    event = _show(chart, on_select="rerun", key=f"cmp_matrix_{document}", selection_mode=[_CELL])
    _cell_source(rules, document, lang, table, _clicked(event))
    _downloads(f"footprint_matrix_{document}", lang, _matrix_files(rules, document))


def _order(table: pd.DataFrame, key: str, label: str, keys: list[str]) -> list[str]:
    labels = dict(zip(table[key], table[label], strict=False))
    return [labels[k] for k in keys]


def _matrix_chart(
    table: pd.DataFrame, city_order: list[str], industry_order: list[str], lang: str
) -> alt.TopLevelMixin:
    data = table[["adcode", "industry_id", "city_label", "industry_label", "role", "role_label"]]
    data = data.assign(roles_label=[_roles_text(r, lang) for r in table["roles"]])
    scale = _role_scale(list(table["role"]), lang)
    colour = alt.Color("role_label:N", scale=scale, title=_t("role", lang))
    cell = alt.selection_point(name=_CELL, fields=["adcode", "industry_id"], on="click")
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
                alt.Tooltip("city_label:N", title=_t("city", lang)),
                alt.Tooltip("industry_label:N", title=_t("industry", lang)),
                alt.Tooltip("role_label:N", title=_t("role", lang)),
                alt.Tooltip("roles_label:N", title=_t("roles", lang)),
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
            x=alt.X("count():Q", title=_t("named_n", lang), axis=alt.Axis(tickMinStep=1)),
            color=colour,
            tooltip=["city_label:N", "role_label:N", "count():Q"],
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
            y=alt.Y("count():Q", title=_t("named_n", lang), axis=alt.Axis(tickMinStep=1)),
            color=colour,
            tooltip=["industry_label:N", "role_label:N", "count():Q"],
        )
        .properties(width=width * len(industry_order), height=90)
    )
    return alt.vconcat(columns, alt.hconcat(heat, rows, spacing=4), spacing=4)


def _roles_text(roles: str, lang: str) -> str:
    return "、".join(role_label(role, lang=lang) for role in roles.split(",") if role) or "—"


def _clicked(event: Any) -> tuple[str, str] | None:
    """The (adcode, industry id) of the clicked cell, if any."""
    selection = getattr(event, "selection", None) or {}
    points = selection.get(_CELL) if isinstance(selection, dict) else None
    if points and isinstance(points, list) and isinstance(points[0], dict):
        point = points[0]
        if "adcode" in point and "industry_id" in point:
            return str(point["adcode"]), str(point["industry_id"])
    return None


def _cell_source(
    rules: Rules, document: str, lang: str, table: pd.DataFrame, clicked: tuple[str, str] | None
) -> None:
    st.caption(_t("cell_hint", lang))
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
    adcode = left.selectbox(_t("city", lang), cities, format_func=_city_name(lang), key=city_key)
    industry_id = right.selectbox(
        _t("industry", lang), industries, format_func=names.get, key=industry_key
    )
    sources = fp.cell_sources(rules, document=document, industry_id=industry_id, adcode=adcode)
    title = f"{_city_name(lang)(adcode)} · {names.get(industry_id, industry_id)}"
    st.markdown(f"**{escape_markdown(title)}**")
    if sources.empty:
        st.info(_t("cell_none", lang))
        return
    for source in sources.itertuples(index=False):
        st.text(f"{role_label(source.role, lang=lang)} · {source.section}\n{source.quote}")


def _matrix_files(rules: Rules, document: str) -> dict[str, Callable[[], bytes]]:
    """Builders of the matrix downloads: the cells (CSV), four sheets (XLSX), a map (GeoJSON)."""
    version = rules.data_version

    def workbook() -> bytes:
        table = _footprint(rules, version, document)
        matrix = fp.matrix_of(table)
        return fp.to_xlsx_bytes(
            {
                "matrix": matrix.reset_index(),
                "cells": table,
                "totals_by_city": fp.matrix_totals(matrix, by="city").reset_index(),
                "totals_by_industry": fp.matrix_totals(matrix, by="industry").reset_index(),
            }
        )

    return {
        "csv": lambda: fp.to_csv_bytes(_footprint(rules, version, document)),
        "xlsx": workbook,
        "geojson": lambda: fp.to_geojson_bytes(_matrix(rules, document), _export_shapes("web")),
    }


# --- 2. side by side ------------------------------------------------------------------------


def _side_by_side_part(rules: Rules, document: str, lang: str) -> None:
    table = _labelled(_footprint(rules, rules.data_version, document), lang)
    default = fp.sort_cities(fp.matrix_of(table), by="designated")[: fp.MIN_CITIES]
    chosen = _chosen_cities(default, lang)
    if len(chosen) < fp.MIN_CITIES:
        st.info(_t("need_two", lang))
        return
    mine = table[table["adcode"].isin(chosen)]
    _side_table(mine, chosen, lang)
    _side_chart(mine, chosen, lang)
    _role_sets(rules, document, chosen, lang)
    _highlight_map(chosen, lang)
    stem = f"side_by_side_{document}_{'-'.join(chosen)}"
    _downloads(stem, lang, _side_files(rules, document, chosen))


def _side_files(rules: Rules, document: str, chosen: list[str]) -> dict[str, Callable[[], bytes]]:
    """Builders of the side-by-side downloads: the table (CSV) and it with the roles (XLSX)."""

    def table() -> pd.DataFrame:
        return fp.side_by_side(rules, chosen, document=document).reset_index()

    roles = functools.partial(fp.shared_and_unique_roles, rules, chosen, document=document)
    return {
        "csv": lambda: fp.to_csv_bytes(table()),
        "xlsx": lambda: fp.to_xlsx_bytes({"side_by_side": table(), "roles": roles()}),
    }


def _chosen_cities(default: list[str], lang: str) -> list[str]:
    """The side-by-side cities, read from and written back to ``?cmp=``."""
    raw = str(st.query_params.get(QUERY_KEY, ""))
    wanted, bad = _parse_cities(raw)
    if bad:
        st.warning(_t("bad_cities", lang) + "、".join(bad))
    # Set the picker from the URL on the first run, when the URL changed, or when the picker
    # was not drawn on the last run (another part was open) and so lost its state.
    if _CITIES_KEY not in st.session_state or st.session_state.get(_SYNCED_KEY) != raw:
        st.session_state[_CITIES_KEY] = wanted[: fp.MAX_CITIES] or default
    codes = [city.adcode for city in prefectures()]
    chosen = st.multiselect(
        _t("pick_cities", lang),
        codes,
        format_func=_city_name(lang),
        max_selections=fp.MAX_CITIES,
        key=_CITIES_KEY,
    )
    value = ",".join(chosen)
    if value != raw:
        st.query_params[QUERY_KEY] = value
    st.session_state[_SYNCED_KEY] = value
    return list(chosen)


def _parse_cities(raw: str) -> tuple[list[str], list[str]]:
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


def _side_table(mine: pd.DataFrame, chosen: list[str], lang: str) -> None:
    wide = mine.pivot(index="industry_label", columns="adcode", values="role_label")
    wide = wide.reindex(index=list(dict.fromkeys(mine["industry_label"])), columns=chosen)
    wide.columns = [_city_name(lang)(code) for code in chosen]
    wide.index.name = _t("industry", lang)
    st.dataframe(wide, width="stretch")


def _side_chart(mine: pd.DataFrame, chosen: list[str], lang: str) -> None:
    order = [_city_name(lang)(code) for code in chosen]
    data = mine[["city_label", "industry_label", "role", "role_label"]]
    base = alt.Chart(data).encode(
        x=alt.X("city_label:N", sort=order, title=None, axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("industry_label:N", sort=list(dict.fromkeys(data["industry_label"])), title=None),
    )
    rect = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "role_label:N", scale=_role_scale(list(data["role"]), lang), title=_t("role", lang)
        ),
        tooltip=["city_label:N", "industry_label:N", "role_label:N"],
    )
    text = base.mark_text(fontSize=12).encode(text="role_label:N")
    n_industries = data["industry_label"].nunique()
    _show((rect + text).properties(width=120 * len(chosen), height=34 * n_industries))


def _role_sets(rules: Rules, document: str, chosen: list[str], lang: str) -> None:
    roles = fp.shared_and_unique_roles(rules, chosen, document=document)
    industry = "industry" if lang == "zh" else "industry_id"
    roles = roles.assign(role_label=[role_label(r, lang=lang) for r in roles["role"]])
    shared = roles[roles["kind"] == "shared"]
    st.markdown(f"**{_t('shared', lang)}**")
    if shared.empty:
        st.caption(_t("none_shared", lang))
    else:
        st.dataframe(_role_list(shared, industry, lang), hide_index=True, width="stretch")
    st.markdown(f"**{_t('unique', lang)}**")
    for column, code in zip(st.columns(len(chosen)), chosen, strict=True):
        own = roles[(roles["kind"] == "unique") & (roles["adcode"] == code)]
        column.markdown(escape_markdown(_city_name(lang)(code)))
        if own.empty:
            column.caption(_t("none_unique", lang))
        else:
            column.dataframe(_role_list(own, industry, lang), hide_index=True, width="stretch")


def _role_list(roles: pd.DataFrame, industry: str, lang: str) -> pd.DataFrame:
    return roles[[industry, "role_label", "section"]].set_axis(
        [_t("industry", lang), _t("role", lang), _t("section", lang)], axis=1
    )


def _highlight_map(chosen: list[str], lang: str) -> None:
    label = "name_en" if lang == "en" else "short_name"
    places = pd.DataFrame([feature["properties"] for feature in _shapes("overview")])
    places = places.assign(chosen=places["adcode"].isin(chosen))
    fill = alt.condition("datum.chosen", alt.value(_HIGHLIGHT), alt.value(role_colour("none")))
    area = (
        _on_shapes(places, ["chosen", label])
        .mark_geoshape(stroke="white", strokeWidth=0.6)
        .encode(color=fill, tooltip=[alt.Tooltip(f"{label}:N", title=_t("city", lang))])
    )
    text = (
        alt.Chart(places[places["chosen"]][["label_lon", "label_lat", label]])
        .mark_text(fontSize=12, fontWeight="bold", color="white")
        .encode(longitude="label_lon:Q", latitude="label_lat:Q", text=f"{label}:N")
    )
    _show_map((area + text).properties(width=420, height=360))
    st.caption(_t("map_caption", lang))


# --- 3. overlap -----------------------------------------------------------------------------


def _overlap_part(rules: Rules, document: str, lang: str) -> None:
    has_tiers = any(ind.layout is not None for ind in rules.documents[document].industries)
    choices = {
        "core_only": ("core",),
        "core_expansion": ("core", "expansion"),
        "any_named": fp.DESIGNATED,
    }
    options = list(choices) if has_tiers else ["any_named"]
    chosen = st.radio(
        _t("overlap_roles", lang),
        options,
        format_func=lambda k: _t(k, lang),
        horizontal=True,
        key=f"cmp_overlap_{document}",
    )
    tiers = tuple(choices[chosen or options[0]])
    pairs = _pairs(rules, rules.data_version, document, tiers)
    st.caption(_t("overlap_note", lang))
    _overlap_chart(pairs, rules, document, lang)
    _downloads(
        f"industry_overlap_{document}_{'-'.join(tiers)}",
        lang,
        _overlap_files(rules, document, tiers),
    )


def _overlap_files(
    rules: Rules, document: str, tiers: tuple[str, ...]
) -> dict[str, Callable[[], bytes]]:
    """Builders of the overlap downloads: the pairs (CSV), the matrix and pairs (XLSX)."""

    def pairs() -> pd.DataFrame:
        return _pairs(rules, rules.data_version, document, tiers)

    def matrix() -> pd.DataFrame:
        return fp.industry_overlap(rules, document=document, tiers=tiers).reset_index()

    return {
        "csv": lambda: fp.to_csv_bytes(pairs()),
        "xlsx": lambda: fp.to_xlsx_bytes({"jaccard": matrix(), "pairs": pairs()}),
    }


def _overlap_chart(pairs: pd.DataFrame, rules: Rules, document: str, lang: str) -> None:
    industries = rules.documents[document].industries
    names = {ind.id: (ind.name_en if lang == "en" else ind.name) for ind in industries}
    order = list(names.values())
    data = pairs.assign(
        a=pairs["industry_a"].map(names),
        b=pairs["industry_b"].map(names),
        shown=pairs["jaccard"].map(lambda v: "" if pd.isna(v) else f"{v:.2f}"),
    )[["a", "b", "jaccard", "shown", "shared_cities", "shared", "union"]]
    base = alt.Chart(data).encode(
        x=alt.X("b:N", sort=order, title=None, axis=alt.Axis(labelAngle=-35)),
        y=alt.Y("a:N", sort=order, title=None),
    )
    rect = base.mark_rect(stroke="white").encode(
        color=alt.Color(
            "jaccard:Q",
            scale=alt.Scale(domain=[0, 1], scheme="oranges"),
            title=_t("jaccard", lang),
        ),
        tooltip=[
            "a:N",
            "b:N",
            alt.Tooltip("jaccard:Q", format=".2f", title=_t("jaccard", lang)),
            alt.Tooltip("shared_cities:N", title=_t("shared_cities", lang)),
        ],
    )
    text = base.mark_text(fontSize=10).encode(text="shown:N")
    size = 44
    _show((rect + text).properties(width=size * len(order), height=size * len(order)))


# --- 4. areas -------------------------------------------------------------------------------


def _areas_part(rules: Rules, document: str, lang: str) -> None:
    areas = _labelled(_areas(rules, rules.data_version, document), lang)
    st.caption(_t("area_note", lang))
    order = list(dict.fromkeys(areas["industry_label"]))
    rank = {role: i for i, role in enumerate((*ROLES, ""))}
    chart = (
        alt.Chart(areas.assign(rank=areas["role"].map(rank)))
        .mark_bar()
        .encode(
            y=alt.Y("industry_label:N", sort=order, title=None),
            x=alt.X("share:Q", axis=alt.Axis(format="%"), title=_t("share", lang)),
            color=alt.Color(
                "role_label:N", scale=_role_scale(list(areas["role"]), lang), title=_t("role", lang)
            ),
            order=alt.Order("rank:Q"),
            tooltip=[
                alt.Tooltip("industry_label:N", title=_t("industry", lang)),
                alt.Tooltip("role_label:N", title=_t("role", lang)),
                alt.Tooltip("area_km2:Q", format=",.0f", title=_t("area_km2", lang)),
                alt.Tooltip("share:Q", format=".1%", title=_t("share", lang)),
                alt.Tooltip("city_names:N", title=_t("city", lang)),
            ],
        )
        .properties(width=520, height=30 * len(order))
    )
    _show(chart)
    shown = areas[["industry_label", "role_label", "cities", "area_km2", "share", "city_names"]]
    st.dataframe(
        shown.set_axis(
            [
                _t("industry", lang),
                _t("role", lang),
                _t("cities_n", lang),
                _t("area_km2", lang),
                _t("share", lang),
                _t("city", lang),
            ],
            axis=1,
        ),
        hide_index=True,
        width="stretch",
        column_config={
            _t("area_km2", lang): st.column_config.NumberColumn(format="%.0f"),
            _t("share", lang): st.column_config.NumberColumn(format="percent"),
        },
    )
    raw = _areas(rules, rules.data_version, document)
    _downloads(
        f"footprint_areas_{document}",
        lang,
        {
            "csv": lambda: fp.to_csv_bytes(raw),
            "xlsx": lambda: fp.to_xlsx_bytes({"areas": raw}),
        },
    )


# --- 5. similar cities ----------------------------------------------------------------------


def _similar_part(rules: Rules, document: str, lang: str) -> None:
    codes = [city.adcode for city in prefectures()]
    chosen = _parse_cities(str(st.query_params.get(QUERY_KEY, "")))[0] or [codes[0]]
    city = st.selectbox(
        _t("similar_to", lang),
        codes,
        index=codes.index(chosen[0]) if chosen[0] in codes else 0,
        format_func=_city_name(lang),
        key="cmp_similar_city",
    )
    st.info(fp.SIMILARITY_NOTE[lang])
    ranked = fp.similar_cities(rules, city, document=document)
    label = "city_en" if lang == "en" else "city"
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
            x=alt.X("similarity:Q", scale=alt.Scale(domain=[0, 1]), title=_t("similarity", lang)),
            tooltip=[
                alt.Tooltip(f"{label}:N", title=_t("city", lang)),
                alt.Tooltip("similarity:Q", format=".3f", title=_t("similarity", lang)),
                alt.Tooltip("shared:Q", title=_t("shared_n", lang)),
            ],
        )
        .properties(width=420, height=24 * len(ranked))
    )
    _show(chart)
    _downloads(
        f"similar_cities_{document}_{city}",
        lang,
        {"csv": lambda: fp.to_csv_bytes(ranked)},
    )


# --- 6. change between documents ------------------------------------------------------------


def _changes_part(rules: Rules, document: str, lang: str) -> None:
    later = _later_document(rules, document, lang)
    if later is None:
        st.info(_t("no_later", lang))
        return
    st.warning(f"**{_t('changes_title', lang)}** — {fp.CHANGES_NOTE[lang]}")
    changes = _changes(rules, rules.data_version, later)
    labels = _labelled(changes, lang)
    industries = list(dict.fromkeys(changes["industry_id"]))
    names = dict(zip(labels["industry_id"], labels["industry_label"], strict=False))
    industry = st.selectbox(
        _t("industry", lang), industries, format_func=names.get, key="cmp_changes_industry"
    )
    mine = labels[labels["industry_id"] == industry]
    if bool(mine["open_list"].any()):
        st.caption(_t("open_list", lang))
    _changes_map(mine, lang)
    _changes_table(mine[mine["status"].isin(["gained", "kept", "lost"])], rules, lang)
    with st.expander(_t("all_changes", lang)):
        _changes_table(labels, rules, lang)
    _downloads(f"document_changes_{later}", lang, _changes_files(rules, later))


def _changes_files(rules: Rules, later: str) -> dict[str, Callable[[], bytes]]:
    """Builders of the change downloads: all rows (CSV, XLSX) and a status map (GeoJSON)."""

    def changes() -> pd.DataFrame:
        return _changes(rules, rules.data_version, later)

    return {
        "csv": lambda: fp.to_csv_bytes(changes()),
        "xlsx": lambda: fp.to_xlsx_bytes(
            {"changes": changes(), "by_city": fp.change_matrix(changes()).reset_index()}
        ),
        "geojson": lambda: fp.to_geojson_bytes(fp.change_matrix(changes()), _export_shapes("web")),
    }


def _later_document(rules: Rules, document: str, lang: str) -> str | None:
    """The document compared with the 2016–2020 plan: this one, or one picked here."""
    if document != DEFAULT_DOCUMENT:
        return document if DEFAULT_DOCUMENT in rules.documents else None
    later = [doc for doc in rules.documents if doc != DEFAULT_DOCUMENT]
    if not later:
        return None
    titles = {doc: rules.documents[doc].document for doc in later}
    return st.selectbox(
        _t("later", lang),
        later,
        format_func=lambda d: titles[d].title_en if lang == "en" else titles[d].title,
        key="cmp_changes_later",
    )


def _changes_map(mine: pd.DataFrame, lang: str) -> None:
    label = "city_en" if lang == "en" else "city"
    table = mine.assign(status_label=[fp.status_label(x, lang=lang) for x in mine["status"]])
    present = [x for x in fp.STATUSES if x in set(mine["status"])]
    scale = alt.Scale(
        domain=[fp.status_label(x, lang=lang) for x in present],
        range=[fp.STATUSES[x].colour for x in present],
    )
    chart = (
        _on_shapes(table, ["status_label", label])
        .mark_geoshape(stroke="#999999", strokeWidth=0.5)
        .encode(
            color=alt.Color("status_label:N", scale=scale, title=_t("status", lang)),
            tooltip=[
                alt.Tooltip(f"{label}:N", title=_t("city", lang)),
                alt.Tooltip("status_label:N", title=_t("status", lang)),
            ],
        )
        .properties(width=460, height=380)
    )
    _show_map(chart)


_RELATIONS = {
    "same": ("相同", "same"),
    "broader": ("后者更宽", "broader"),
    "narrower": ("后者更窄", "narrower"),
    "overlaps": ("部分重叠", "overlaps"),
}
"""Crosswalk relations: how the later industry relates to the 2016–2020 one."""


def _changes_table(rows: pd.DataFrame, rules: Rules, lang: str) -> None:
    def names(document: str, ids: str) -> str:
        industries = {i.id: i for i in rules.documents[document].industries}
        found = [industries[i] for i in ids.split(",") if i in industries]
        return "、".join(i.name_en if lang == "en" else i.name for i in found) or "—"

    def relations(text: str) -> str:
        pairs = [_RELATIONS.get(r, (r, r)) for r in text.split(",") if r]
        return "、".join(en if lang == "en" else zh for zh, en in pairs) or "—"

    shown = rows.assign(
        status_label=[fp.status_label(s, lang=lang) for s in rows["status"]],
        tier_label=[role_label(t or "none", lang=lang) for t in rows["baseline_tier"]],
        roles_label=[_roles_text(r, lang) for r in rows["later_roles"]],
        industries_label=[
            names(d, i) for d, i in zip(rows["document"], rows["later_industries"], strict=True)
        ],
        relations_label=[relations(r) for r in rows["relations"]],
    )
    columns = {
        "industry_label": _t("industry", lang),
        "city_label": _t("city", lang),
        "tier_label": _t("baseline_tier", lang),
        "roles_label": _t("later_roles", lang),
        "industries_label": _t("later_industries", lang),
        "relations_label": _t("relations", lang),
        "status_label": _t("status", lang),
        "later_quote": _t("quote", lang),
    }
    st.dataframe(shown[list(columns)].rename(columns=columns), hide_index=True, width="stretch")


__all__ = ["PART_KEY", "QUERY_KEY", "render"]
