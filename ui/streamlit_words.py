"""Streamlit's own words in the chosen language: toolbars, menus, hints, tooltips (issue 13).

Streamlit 1.67 has no locale: the tables' toolbars ("Download as CSV", "Search",
"Fullscreen"), their column menus (sort, pin, format), the hints of text fields ("Press
Enter to apply"), the uploader's refusal ("File must be 5.0MB or smaller."), the
select boxes' empty states and the running indicator are English on a Chinese page.
:func:`install` links one small script into the page (once per run, before the tabs; a static
file named by its content, so a rerun sends a link) that rewrites those words, as Streamlit
draws them, into the catalogue's ``streamlit.*`` words.
Every table, select box and text field of every tab is covered the same way, present and
future, and nothing a planner uses is taken away (search, download, full screen, sorting).

:data:`STREAMLIT_WORDS` lists Streamlit's English as it writes it (with ``{name}`` for a
part it fills in: a size, a label) and the catalogue key of each. A word's text in every
language is also a source, so a switch of language rewrites the words put in before.
"""

from __future__ import annotations

import json
import logging
import re
from functools import cache
from pathlib import Path

import streamlit as st

from layers import LayersError
from layers.assets import publish_script
from words import languages, t

STREAMLIT_WORDS: dict[str, str] = {
    # the toolbar of a table (st.dataframe, st.data_editor) and of a chart
    "Show/hide columns": "columns",
    "Download as CSV": "download_csv",
    "Search": "search",
    "Fullscreen": "fullscreen",
    "Close fullscreen": "close_fullscreen",
    "Add row": "add_row",
    "Delete row(s)": "delete_rows",
    "Clear selection": "clear_selection",
    "Show data": "show_data",
    "Download as PNG": "download_png",
    "Copy Vega-Lite spec": "copy_spec",
    # a table's search bar
    "Type to search": "type_to_search",
    "Close Search": "close_search",
    "Next Result": "next_result",
    "Previous Result": "previous_result",
    # a table's column menu
    "Dataframe column menu": "column_menu",
    # the column menu's heading: the column's kind (the title of its icon)
    "object": "kind_object",
    "text": "kind_text",
    "number": "kind_number",
    "checkbox": "kind_checkbox",
    "selectbox": "kind_selectbox",
    "multiselect": "kind_multiselect",
    "list": "kind_list",
    "link": "kind_link",
    "image": "kind_image",
    "json": "kind_json",
    "progress": "kind_progress",
    "markdown": "kind_markdown",
    "date": "kind_date",
    "time": "kind_time",
    "datetime": "kind_datetime",
    "line_chart": "kind_line_chart",
    "bar_chart": "kind_bar_chart",
    "area_chart": "kind_area_chart",
    "Sort ascending": "sort_ascending",
    "Sort descending": "sort_descending",
    "Format": "format",
    "Autosize": "autosize",
    "Pin column": "pin",
    "Unpin column": "unpin",
    "Hide column": "hide_column",
    "Copy column name": "copy_name",
    "Rename": "rename",
    "Statistics": "statistics",
    "Automatic": "automatic",
    "Localized": "localized",
    "Plain": "plain",
    "Compact": "compact",
    "Scientific": "scientific",
    "Percent": "percent",
    "Dollar": "dollar",
    "Euro": "euro",
    "Yen": "yen",
    "Accounting": "accounting",
    "Calendar": "calendar",
    "Distance": "distance",
    "Duration": "duration",
    "Count": "count",
    "Distinct": "distinct",
    "Empty": "empty",
    "Minimum": "minimum",
    "Maximum": "maximum",
    "Average": "average",
    "Median": "median",
    "Sum": "sum",
    "Standard deviation": "std",
    "Range": "range",
    "25th percentile": "p25",
    "75th percentile": "p75",
    "Values": "values",
    "Minimum length": "min_length",
    "Maximum length": "max_length",
    "Average length": "average_length",
    "Based on sample": "sample",
    "Distribution histogram": "histogram",
    "Top values frequency chart": "top_values",
    "True/false distribution chart": "true_false",
    "No data": "no_data",
    "No content": "no_content",
    "Select all": "select_all",
    "Select...": "select",
    "No options": "no_options",
    # select boxes and multiselects
    "Choose an option": "choose_option",
    "Choose options": "choose_options",
    "No results": "no_results",
    "Clear all": "clear_all",
    "Remove {item}": "remove",
    "Selected values": "selected",
    "{n} options available.": "options_available",
    "{n} option available.": "option_available",
    "{option}, selected": "option_selected",
    "{n} results available": "results_available",
    "Dismiss": "close",
    "Show suggestions": "show_suggestions",
    "Suggestions": "suggestions",
    "Open": "open",
    # text fields and forms
    "Press Enter to apply": "enter_apply",
    "Press Enter to submit form": "enter_submit",
    # the file uploader (a refused file, its controls)
    "File must be {size} or smaller.": "file_too_large",
    "{kind} files are not allowed.": "file_type",
    "File size is too small.": "file_too_small",
    "Only one file is allowed.": "one_file",
    "Unexpected error. Please try again.": "upload_error",
    "Error uploading file": "upload_error",
    "file upload": "file_upload",
    "Add files": "add_files",
    "Upload failed": "upload_failed",
    "Click to retry upload": "retry",
    "Cancel upload of {name}": "cancel_upload",
    "add icon": "add_icon",
    "Error:": "error",
    # the page: running indicator, sidebar, headings, help icons, messages
    "Running...": "running",
    "Stop": "stop",
    "Rerun": "rerun",
    "Stopping...": "stopping",
    "Connecting to Streamlit server": "connecting_tip",
    "Unable to connect to Streamlit server": "no_connection",
    "Error": "connection_error",
    "Connecting": "connecting",
    "Please wait...": "please_wait",
    "Sidebar": "sidebar",
    "Collapse sidebar": "collapse_sidebar",
    "Expand sidebar": "expand_sidebar",
    "Skip to main content": "skip",
    "Link to heading": "heading_link",
    "Help for {label}": "help_for",
    "Close": "close",
    "Copy to clipboard": "copy",
    "Scroll tabs left": "scroll_left",
    "Scroll tabs right": "scroll_right",
    # a chart's name (read out by screen readers); frames keep their titles (tests and
    # tools find the map's frame by it), which no one sees
    "Vega visualization": "chart",
}
"""Streamlit's English (as written in its 1.67 frontend) → key under ``streamlit.``."""

_SCRIPT = Path(__file__).with_name("streamlit_words.js")
_LOG = logging.getLogger("sichuan.app")


def install(lang: str) -> None:
    """Put the script that words Streamlit's own English in ``lang`` into the page.

    Call once per run, before anything else is drawn; the script keeps working on whatever
    Streamlit draws later (menus, tooltips, a table's search bar). Its element is hidden.
    """
    st.html(page_script(lang), unsafe_allow_javascript=True)


@cache
def page_script(lang: str) -> str:
    """Return the page's ``<script>`` for ``lang`` (and the style that hides its element).

    The script is a static file the browser caches (a rerun sends its link, not its 7 KB);
    inline only if the static folder cannot be written.
    """
    hide = "<style>.stElementContainer:has(> .stHtml > script.scx-words){display:none}</style>"
    try:
        url = publish_script(f"streamlit-words-{lang}", words_script(lang))
    except LayersError:
        _LOG.warning("Streamlit's words inlined: the static folder cannot be written")
        return f"{hide}<script class='scx-words'>{words_script(lang)}</script>"
    return f"{hide}<script class='scx-words' src='{url}'></script>"


def words_script(lang: str) -> str:
    """Return the script's code with the words of ``lang``.

    The JSON is made safe to sit in a script element (no ``</`` can end it).
    """
    words = json.dumps(word_pairs(lang), ensure_ascii=False).replace("</", "<\\/")
    return _SCRIPT.read_text(encoding="utf-8").replace("__WORDS__", words)


def word_pairs(lang: str) -> list[tuple[str, str]]:
    """Return (source, word in ``lang``) for each of Streamlit's words and their translations.

    Sources are Streamlit's English and each catalogue's text of the same key, so the words
    of a language shown before a switch are rewritten too. ``{name}`` parts are kept.

    >>> ("Download as CSV", "下载 CSV") in word_pairs("zh")
    True
    """
    pairs: dict[str, str] = {}
    for english, key in STREAMLIT_WORDS.items():
        fields = {name: "{" + name + "}" for name in _fields(english)}
        word = t(f"streamlit.{key}", lang, **fields)
        pairs[english] = word
        for other in languages():
            pairs.setdefault(t(f"streamlit.{key}", other, **fields), word)
    return [(source, word) for source, word in pairs.items() if source != word]


def _fields(template: str) -> list[str]:
    """Return the ``{name}`` fields of a template, in order."""
    return re.findall(r"\{(\w+)\}", template)
