"""The Sources tab: the policy documents and every cited role, searchable."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from layout_rules import Rules, roles_table
from layout_rules.vocab import role_label
from words import column_in, t, text_field


@st.cache_data(show_spinner=False, max_entries=8)
def _documents(version: str, _rules: Rules) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "id": doc_id,
                "title": doc.document.title,
                "title_en": doc.document.title_en,
                "issuer": doc.document.issuer,
                "number": doc.document.number or "",
                "date": doc.document.date.isoformat(),
                "file": doc.document.file,
                "file_in_rules": _rules.files.get(doc_id, ""),
            }
            for doc_id, doc in _rules.documents.items()
        ]
    )


@st.cache_data(show_spinner=False, max_entries=8)
def _facts(version: str, lang: str, _rules: Rules) -> pd.DataFrame:
    roles = roles_table(_rules)
    roles["role"] = [role_label(r, lang=lang) for r in roles["role"]]
    industry = text_field("industry", lang)
    roles[industry] = column_in(roles, "industry", lang)
    columns = ["document", industry, "city", "role", "place", "section", "quote"]
    return roles[columns]


def render(rules: Rules, *, lang: str = "zh") -> None:
    """Show the documents and every role they give a city, with section and quote."""
    st.markdown(f"**{t('sources.documents', lang)}**")
    st.dataframe(_documents(rules.data_version, rules), hide_index=True)
    facts = _facts(rules.data_version, lang, rules)
    query = st.text_input(t("sources.filter", lang),
                          key="w_sources_filter", placeholder="成都 / biotech / 核心")  # fmt: skip
    if query.strip():
        text = facts.astype(str).agg(" ".join, axis=1)
        facts = facts[text.str.contains(query.strip(), case=False, regex=False)]
    st.caption(t("sources.cited", lang, n=len(facts)))
    st.dataframe(facts, hide_index=True)
