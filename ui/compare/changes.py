"""Part 6 of the Compare tab: change from the 2016–2020 plan to a later document."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd
import streamlit as st

import footprints as fp
from layout_rules import DEFAULT_DOCUMENT, Rules, prefectures
from layout_rules.vocab import role_label
from ui.compare._common import (
    cached_changes,
    downloads,
    export_shapes,
    labelled,
    listed,
    on_shapes,
    roles_text,
    show_map,
)
from words import column_in, t, text_in

# --- 6. change between documents ------------------------------------------------------------


def render(rules: Rules, document: str, lang: str) -> None:
    """Draw the changes part: what a later document changed from the 2016–2020 plan."""
    later = _later_document(rules, document, lang)
    if later is None:
        st.info(t("compare.no_later", lang))
        return
    st.warning(f"**{t('compare.changes_title', lang)}** — {fp.CHANGES_NOTE[lang]}")
    changes = cached_changes(rules, rules.data_version, later)
    labels = labelled(changes, lang)
    industries = list(dict.fromkeys(changes["industry_id"]))
    names = dict(zip(labels["industry_id"], labels["industry_label"], strict=False))
    industry = st.selectbox(
        t("compare.industry", lang),
        industries,
        format_func=lambda i: names.get(i, i),
        key="cmp_changes_industry",
    )
    mine = labels[labels["industry_id"] == industry]
    if bool(mine["open_list"].any()):
        st.caption(t("compare.open_list", lang))
    _changes_map(mine, lang)
    _changes_table(mine[mine["status"].isin(["gained", "kept", "lost"])], rules, lang)
    with st.expander(t("compare.all_changes", lang)):
        _changes_table(labels, rules, lang)
    downloads(f"document_changes_{later}", lang, download_files(rules, later, lang))
    _city_changes(rules, lang)


def _city_changes(rules: Rules, lang: str) -> None:
    """One city against the 2016–2020 plan in every later document, in one filterable table."""
    st.subheader(t("compare.city_changes", lang))
    cities = {city.adcode: city for city in prefectures()}
    city = st.selectbox(
        t("compare.city", lang), list(cities), key="cmp_changes_city",
        format_func=lambda a: text_in(cities[a], "name", lang, source="short_name"),
    )  # fmt: skip
    rows = labelled(_cached_city_changes(rules, rules.data_version, city), lang)
    query = st.text_input(t("compare.search", lang), key="cmp_changes_search")
    _changes_table(rows, rules, lang, search=query, documents=True)


@st.cache_data(show_spinner=False, max_entries=32)
def _cached_city_changes(_rules: Rules, data_version: str, adcode: str) -> pd.DataFrame:
    return fp.city_changes(_rules, adcode)


def filter_rows(table: pd.DataFrame, query: str) -> pd.DataFrame:
    """Return the rows in which every word of ``query`` occurs in some cell (case-insensitive).

    The table's own search only highlights; this keeps the matching rows alone.

    >>> table = pd.DataFrame({"a": ["成都 kept", "达州 lost"], "b": ["x", "y"]})
    >>> filter_rows(table, "LOST")["a"].tolist(), len(filter_rows(table, " "))
    (['达州 lost'], 2)
    """
    words = query.casefold().split()
    if not words:
        return table
    text = table.astype(str).agg(" ".join, axis=1).str.casefold()
    keep = pd.Series(True, index=table.index)
    for word in words:
        keep &= text.str.contains(word, regex=False)
    return table[keep]


def download_files(rules: Rules, later: str, lang: str) -> dict[str, Callable[[], bytes]]:
    """Builders of the change downloads: all rows (CSV, XLSX) and a status map (GeoJSON).

    Headers and cells are in ``lang``; ids stay in extra columns.
    """

    def changes() -> pd.DataFrame:
        return cached_changes(rules, rules.data_version, later)

    def shown(frame: pd.DataFrame) -> pd.DataFrame:
        return fp.for_download(frame, lang, rules, document=DEFAULT_DOCUMENT)

    return {
        "csv": lambda: fp.to_csv_bytes(shown(changes())),
        "xlsx": lambda: fp.to_xlsx_bytes(
            {
                t("download.sheet.changes", lang): shown(changes()),
                t("download.sheet.by_city", lang): shown(fp.change_matrix(changes())),
            }
        ),
        "geojson": lambda: fp.geojson_for_download(
            fp.change_matrix(changes()),
            export_shapes("web"),
            lang,
            rules,
            document=DEFAULT_DOCUMENT,
        ),
    }


def _later_document(rules: Rules, document: str, lang: str) -> str | None:
    """Return the document compared with the 2016–2020 plan: this one, or one picked here."""
    if document != DEFAULT_DOCUMENT:
        return document if DEFAULT_DOCUMENT in rules.documents else None
    later = [doc for doc in rules.documents if doc != DEFAULT_DOCUMENT]
    if not later:
        return None
    titles = {doc: rules.documents[doc].document for doc in later}
    return st.selectbox(
        t("compare.later", lang),
        later,
        format_func=lambda d: text_in(titles[d], "title", lang),
        key="cmp_changes_later",
    )


def _changes_map(mine: pd.DataFrame, lang: str) -> None:
    label = "city_label"
    table = mine.assign(
        status_label=[fp.status_label(x, lang=lang) for x in mine["status"]],
        city_label=column_in(mine, "city", lang),
    )
    present = [x for x in fp.STATUSES if x in set(mine["status"])]
    scale = alt.Scale(
        domain=[fp.status_label(x, lang=lang) for x in present],
        range=[fp.STATUSES[x].colour for x in present],
    )
    chart = (
        on_shapes(table, ["status_label", label])
        .mark_geoshape(stroke="#999999", strokeWidth=0.5)
        .encode(
            color=alt.Color("status_label:N", scale=scale, title=t("compare.status", lang)),
            tooltip=[
                alt.Tooltip(f"{label}:N", title=t("compare.city", lang)),
                alt.Tooltip("status_label:N", title=t("compare.status", lang)),
            ],
        )
        .properties(width=460, height=380)
    )
    show_map(chart)


_RELATIONS = ("same", "broader", "narrower", "overlaps")
"""Crosswalk relations (how the later industry relates to the 2016–2020 one); words in the
catalogues as ``compare.relation.<id>``."""


def _changes_table(
    rows: pd.DataFrame, rules: Rules, lang: str, *, search: str = "", documents: bool = False
) -> None:
    """Show change rows with names in the language.

    ``search`` keeps only matching rows; ``documents`` adds the later document's title (for
    rows of several documents).
    """

    def names(document: str, ids: str) -> str:
        industries = {i.id: i for i in rules.documents[document].industries}
        found = [industries[i] for i in ids.split(",") if i in industries]
        return listed((text_in(i, "name", lang) for i in found), lang)

    def relations(text: str) -> str:
        ids = [r for r in text.split(",") if r]
        return listed(
            (t(f"compare.relation.{r}", lang) if r in _RELATIONS else r for r in ids), lang
        )

    shown = rows.assign(
        status_label=[fp.status_label(s, lang=lang) for s in rows["status"]],
        tier_label=[role_label(tier or "none", lang=lang) for tier in rows["baseline_tier"]],
        roles_label=[roles_text(r, lang) for r in rows["later_roles"]],
        industries_label=[
            names(d, i) for d, i in zip(rows["document"], rows["later_industries"], strict=True)
        ],
        relations_label=[relations(r) for r in rows["relations"]],
    )
    titles = {d: text_in(v.document, "title", lang)
              for d, v in rules.documents.items()}  # fmt: skip
    shown = shown.assign(document_label=[titles[d] for d in rows["document"]])
    columns = {
        **({"document_label": t("compare.document", lang)} if documents else {}),
        "industry_label": t("compare.industry", lang),
        "city_label": t("compare.city", lang),
        "tier_label": t("compare.baseline_tier", lang),
        "roles_label": t("compare.later_roles", lang),
        "industries_label": t("compare.later_industries", lang),
        "relations_label": t("compare.relations", lang),
        "status_label": t("compare.status", lang),
        "later_quote": t("compare.quote", lang),
    }
    table = shown[list(columns)].rename(columns=columns)
    kept = filter_rows(table, search)
    if search.strip():
        st.caption(t("compare.rows_shown", lang, shown=len(kept), total=len(table)))
    st.dataframe(kept, hide_index=True, width="stretch")
