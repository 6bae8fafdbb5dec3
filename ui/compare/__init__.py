"""The "Compare" tab: footprints of industries and cities, side by side and across documents.

``app.py`` calls :func:`render` inside its Compare tab. Everything computed here comes from
:mod:`footprints`; this package only caches it (keyed on ``rules.data_version`` and strings,
never on frames), draws it with Altair in the colours of :mod:`layout_rules.vocab`, and keeps
the chosen cities in the URL (``?cmp=510100,510700``) so a comparison is a shareable link.
Errors of the packages are shown with ``st.error``; no traceback reaches the page.

One module per part: :mod:`~ui.compare.matrix`, :mod:`~ui.compare.side`,
:mod:`~ui.compare.overlap`, :mod:`~ui.compare.areas`, :mod:`~ui.compare.similar` and
:mod:`~ui.compare.changes`, each with ``render(rules, document, lang)``; shared words, caches
and chart helpers are in :mod:`ui.compare._common`.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from layout_rules import Rules
from layout_rules.text import escape_markdown
from ui.compare import areas, changes, matrix, overlap, side, similar
from ui.compare._common import PART_KEY, QUERY_KEY
from ui.errors import error_text
from ui.state import relabel
from words import SOURCE_LANGUAGE, every, languages, t

PARTS: dict[str, Callable[[Rules, str, str], None]] = {
    "matrix": matrix.render,
    "side": side.render,
    "overlap": overlap.render,
    "areas": areas.render,
    "similar": similar.render,
    "changes": changes.render,
}
"""The sub-tabs in order: their label is ``compare.part.<key>`` in the catalogues."""

LABELLED_WIDGETS = (
    "cmp_cities",
    "cmp_similar_city",
    "cmp_changes_industry",
    "cmp_changes_later",
    "cmp_changes_city",
)
"""Widgets of the tab whose option labels depend on the language (see :func:`ui.state.relabel`)."""


def render(rules: Rules, *, document: str, lang: str) -> None:
    """Draw the Compare tab for one document in Chinese (``lang="zh"``) or English (``"en"``).

    Six parts, each in its own sub-tab: the city × industry matrix (click a cell for its
    source), 2–4 cities side by side with a map, the overlap between industries, footprint
    areas, similar cities and the change from the 2016–2020 plan to a later document. The open
    part is kept in ``?cmp_part=`` (its label) and only it runs; the side-by-side cities are
    kept in ``?cmp=``. A part that fails shows its error and leaves the others working.
    """
    lang = lang if lang in languages() else SOURCE_LANGUAGE
    if document not in rules.documents:
        known = ", ".join(rules.documents)
        reason = f"unknown document {document!r}; known: {known}"
        st.error(t("compare.error", lang) + escape_markdown(reason))
        return
    relabel([*LABELLED_WIDGETS, *_cell_widgets(document)])
    _translate_open_part(lang)
    # Bound to the URL, the sub-tabs run lazily: a rerun computes and draws only the open part.
    tabs = st.tabs(
        [t(f"compare.part.{name}", lang) for name in PARTS], key=PART_KEY, bind="query-params"
    )
    for tab, part in zip(tabs, PARTS.values(), strict=True):
        if tab.open is not False:
            with tab:
                _guarded(part, rules, document, lang)


def _cell_widgets(document: str) -> list[str]:
    return [f"cmp_cell_{part}_{document}" for part in ("city", "industry")]


def _translate_open_part(lang: str) -> None:
    """Keep the open part across a language switch: its label in the URL is in the old one."""
    current = st.session_state.get(PART_KEY) or st.query_params.get(PART_KEY)
    for name in PARTS:
        label = t(f"compare.part.{name}", lang)
        if current in every(f"compare.part.{name}").values() and current != label:
            st.session_state[PART_KEY] = label


def _guarded(
    part: Callable[[Rules, str, str], None], rules: Rules, document: str, lang: str
) -> None:
    try:
        part(rules, document, lang)
    except (ValueError, OSError) as error:  # FootprintsError, LayoutRulesError, GeodataError
        st.error(t("compare.error", lang) + escape_markdown(error_text(error, lang)))


__all__ = ["PART_KEY", "QUERY_KEY", "render"]
