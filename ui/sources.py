"""The Sources tab: the policy documents and every cited role, searchable."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import footprints as fp
from layout_rules import Rules, roles_table
from words import t, text_in


@st.cache_data(show_spinner=False, max_entries=8)
def _documents(version: str, lang: str, _rules: Rules) -> pd.DataFrame:
    """Return the documents in ``lang``: title, issuer, number, date; ids and files last.

    Issuers and numbers have no translation: a citation gives them as the document does.
    """
    rows = [
        {
            t("sources.column.title", lang): text_in(doc.document, "title", lang),
            t("sources.column.issuer", lang): doc.document.issuer,
            t("sources.column.number", lang): doc.document.number or "",
            t("sources.column.date", lang): doc.document.date.isoformat(),
            t("download.id.document", lang): doc_id,
            t("download.id.file", lang): doc.document.file,
            t("download.id.file_in_rules", lang): _rules.files.get(doc_id, ""),
        }
        for doc_id, doc in _rules.documents.items()
    ]
    return pd.DataFrame(rows)


@st.cache_data(show_spinner=False, max_entries=8)
def _facts(version: str, lang: str, _rules: Rules) -> pd.DataFrame:
    roles = roles_table(_rules)
    columns = ["document", "industry_id", "industry", "industry_en", "adcode", "city", "city_en",
               "role", "place", "section", "quote"]  # fmt: skip
    return fp.for_download(roles[columns], lang, _rules)


def render(rules: Rules, *, lang: str = "zh") -> None:
    """Show the documents and every role they give a city, with section and quote."""
    st.markdown(f"**{t('sources.documents', lang)}**")
    st.dataframe(_documents(rules.data_version, lang, rules), hide_index=True)
    facts = _facts(rules.data_version, lang, rules)
    query = st.text_input(t("sources.filter", lang), key="w_sources_filter",
                          placeholder=t("sources.filter_example", lang))  # fmt: skip
    if query.strip():
        text = facts.astype(str).agg(" ".join, axis=1)
        facts = facts[text.str.contains(query.strip(), case=False, regex=False)]
    st.caption(t("sources.cited", lang, n=len(facts)))
    st.dataframe(facts, hide_index=True)
