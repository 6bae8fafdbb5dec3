"""The Fact sheet tab: preview one city's sheet, download it, and export all 21 as a ZIP.

The sheet's HTML is previewed in an iframe (``st.iframe``), so its print stylesheet
stays inside it. Rendering is cached per data version; the PDF is rendered only when its
download button is clicked. Errors are shown with ``st.error``, never as a traceback.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

import geodata
from factsheets import (
    FactSheet,
    FactSheetError,
    all_sheets,
    fact_sheet,
    file_stem,
    pdf_font,
    render_all,
    render_html,
    render_pdf,
    zip_bytes,
    zip_name,
)
from layout_rules import LayoutRulesError, Rules, prefectures
from layout_rules.text import escape_markdown
from ui.errors import error_text
from words import t

PREVIEW_HEIGHT = 900
ZIP_STATE = "factsheet_zip"
"""Session key of the last batch ZIP: ((data version, document, lang), bytes)."""
_ERRORS = (FactSheetError, LayoutRulesError, geodata.GeodataError)


def render(rules: Rules, *, adcode: str | None, document: str, lang: str) -> None:
    """Show the fact sheet of ``adcode`` (or of a city chosen here when it is None).

    Parameters
    ----------
    rules
        Loaded rules.
    adcode
        The selected city (a county is lifted to its prefecture); None offers a picker.
    document
        The primary document of the sheet (small maps, peers).
    lang
        ``zh`` or ``en``.
    """
    try:
        city = _city(adcode, lang)
        _show_sheet(rules, city, document=document, lang=lang)
    except _ERRORS as error:
        st.error(t("sheet_tab.failed", lang) + escape_markdown(error_text(error, lang)))
    st.divider()
    try:
        _batch(rules, document=document, lang=lang)
    except _ERRORS as error:
        st.error(t("sheet_tab.failed", lang) + escape_markdown(error_text(error, lang)))


def _city(adcode: str | None, lang: str) -> str:
    if adcode:
        return geodata.prefecture(adcode, lift=True)
    cities = {city.adcode: city for city in prefectures()}
    return st.selectbox(
        t("sheet_tab.choose", lang),
        list(cities),
        format_func=lambda code: f"{cities[code].short_name} {cities[code].name_en}",
        key="w_factsheet_city",
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _html(version: str, adcode: str, document: str, lang: str, day: str, _rules: Rules) -> str:
    sheet = fact_sheet(_rules, adcode, document=document, generated=dt.date.fromisoformat(day))
    return render_html(sheet, lang=lang)


@st.cache_data(show_spinner=False, max_entries=16)
def _pdf(version: str, adcode: str, document: str, lang: str, day: str, _rules: Rules) -> bytes:
    sheet = fact_sheet(_rules, adcode, document=document, generated=dt.date.fromisoformat(day))
    return render_pdf(sheet, lang=lang)


def _show_sheet(rules: Rules, adcode: str, *, document: str, lang: str) -> None:
    day = dt.date.today().isoformat()
    key = (rules.data_version, adcode, document, lang, day)
    html = _html(*key, rules)
    stem = file_stem(geodata.place(adcode))
    left, right = st.columns(2)
    # on_click="ignore": a rerun after one download used to leave the other button holding
    # a file id the server had dropped, so the PDF never arrived after the HTML.
    left.download_button(
        t("sheet_tab.html", lang),
        html,
        file_name=f"{stem}.html",
        mime="text/html",
        key="w_fs_html",
        on_click="ignore",
    )
    try:
        pdf_font()
    except FactSheetError as error:
        right.error(t("sheet_tab.no_pdf", lang) + escape_markdown(error_text(error, lang)))
    else:
        right.download_button(
            t("sheet_tab.pdf", lang),
            lambda: _pdf(*key, rules),
            file_name=f"{stem}.pdf",
            mime="application/pdf",
            key="w_fs_pdf",
            on_click="ignore",
        )
    # Our own page, every data string escaped; no script in it.
    st.iframe(html, height=PREVIEW_HEIGHT)


def _batch(rules: Rules, *, document: str, lang: str) -> None:
    st.markdown(f"**{t('sheet_tab.batch', lang)}**")
    slot = (rules.data_version, document, lang)
    if st.button(t("sheet_tab.batch_run", lang), key="w_fs_batch"):
        sheets = all_sheets(rules, document=document)
        bar = st.progress(0.0, text=t("sheet_tab.batch_progress", lang))

        def advance(done: int, total: int, sheet: FactSheet) -> None:
            text = f"{t('sheet_tab.batch_progress', lang)} {sheet.name} ({done}/{total})"
            bar.progress(done / total, text=text)

        files = render_all(sheets, lang=lang, progress=advance)
        st.session_state[ZIP_STATE] = (slot, zip_bytes(files))
    built, archive = st.session_state.get(ZIP_STATE, (None, None))
    if built == slot and archive is not None:
        st.download_button(
            t("sheet_tab.batch_done", lang),
            archive,
            file_name=zip_name(rules),
            mime="application/zip",
            key="w_fs_zip",
            on_click="ignore",
        )
