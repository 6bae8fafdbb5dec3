"""Sichuan Industrial Layout Explorer: ``streamlit run app.py``.

Thin on purpose: it picks the rules, reads the view from the URL (through the sidebar), and
lays out the tabs Map · Compare · Fact sheet · Data · Sources · Import. The work is in ``layers``,
``layout_rules``, ``geodata`` and the other packages; ``ui`` holds the Streamlit helpers.
"""

from __future__ import annotations

import logging

import streamlit as st

from factsheets import FactSheetError
from geodata import GeodataError
from layers import LayersError, ensure_installed
from layout_rules import LayoutRulesError
from layout_rules.text import escape_markdown
from ui import data as ui_data
from ui import factsheet as ui_factsheet
from ui import importer as ui_importer
from ui import map as ui_map
from ui import sources as ui_sources
from ui import state
from ui import workspace as ui_workspace
from ui.errors import error_text
from ui.health import in_script_check
from ui.streamlit_words import install as install_streamlit_words
from words import t

_LOG = logging.getLogger("sichuan.app")
# Streamlit leaves some 6 rem above the first element; the map needs that height. On a
# tablet (820 px) the sidebar takes 300 px: narrower, it leaves the map two thirds.
_PAGE_CSS = (
    "<style>.block-container{padding:2.6rem 1.5rem 2rem}"
    "[data-testid=stTabs] [role=tablist]{margin-top:0}"
    "@media (max-width:1000px){section[data-testid=stSidebar]{width:220px!important;"
    "min-width:220px!important;max-width:220px!important}}</style>"
)
_KNOWN_ERRORS = (LayoutRulesError, GeodataError, LayersError, FactSheetError, OSError)


def main() -> None:
    """Draw the app; an error becomes a message, never a traceback in the browser."""
    lang = state.page_language()
    st.set_page_config(page_title=t("app.title", lang), layout="wide")
    st.html(_PAGE_CSS)
    install_streamlit_words(lang)  # Streamlit's own English (toolbars, menus, hints)
    try:
        _page(lang)
    except _KNOWN_ERRORS as error:
        if in_script_check():  # the readiness check fails (503) instead of showing a message
            raise
        st.error(t("app.failed", lang, error=escape_markdown(error_text(error, lang))))
    except Exception:  # the last guard: the details go to the server log, not to the user
        if in_script_check():
            raise
        _LOG.exception("unexpected error while drawing the page")
        st.error(t("app.server_error", lang))
    ui_data.settle()  # the page is sent: now the server's one-off housekeeping


def _assets(lang: str) -> None:
    """Say when the map's assets are missing; the page goes on (the readiness check fails)."""
    try:
        ensure_installed()
    except LayersError as error:
        if in_script_check():
            raise
        st.error(t("app.assets_missing", lang, error=escape_markdown(error_text(error, lang))))


def _page(lang: str) -> None:
    _assets(lang)
    choice = ui_data.choose_rules(lang)
    rules = ui_workspace.with_drafts(ui_importer.with_published(choice.rules))
    view, problems = state.sync(rules)
    ui_data.show_rules_problems(choice, view.lang)
    if problems:
        lines = "\n".join(f"- {escape_markdown(problem)}" for problem in problems)
        st.error(t("app.link_problems", view.lang) + "\n" + lines)
    # Bound to the URL, the tabs run lazily: only the open tab's code runs on a rerun.
    tabs = st.tabs(state.tab_labels(view.lang), key="tab", bind="query-params")
    if tabs[0].open is not False:
        with tabs[0]:
            ui_map.render(rules, view)
    if tabs[1].open:
        from ui import compare as ui_compare  # its charts' altair: 26 MB, once Compare opens

        with tabs[1]:
            ui_compare.render(rules, document=view.document, lang=view.lang)
    if tabs[2].open:
        with tabs[2]:
            sheet_rules = ui_workspace.for_document(rules, view.document)
            ui_factsheet.render(sheet_rules, adcode=view.city, document=view.document,
                                lang=view.lang)  # fmt: skip
    if tabs[3].open:
        with tabs[3]:
            ui_data.render(rules, view)
    if tabs[4].open:
        with tabs[4]:
            ui_sources.render(rules, lang=view.lang)
    if tabs[5].open:
        with tabs[5]:
            ui_workspace.render(rules, view)
    if tabs[6].open:
        with tabs[6]:
            ui_importer.render(lang=view.lang)


main()
