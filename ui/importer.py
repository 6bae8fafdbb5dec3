"""The Import tab: a new document → proposed statements → review → a document of the app.

Everything a user imports lives in ``st.session_state`` (this browser session only): the
upload's text, the review table, and, once published, the combined rules (shipped + the new
document) built in a private temporary folder. :func:`with_published` is the app's one hook:
it swaps the session's published rules in for the shipped ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from geodata import place_name
from layout_rules import LayoutRulesError, Rules
from layout_rules.extract import (
    MAX_BYTES,
    Candidate,
    DocumentInfo,
    Extraction,
    SourceText,
    document_id,
    document_rules,
    extract,
    read_document,
    suggestions,
)
from layout_rules.extract.places import resolve
from layout_rules.extract.rules import combined_rules, crosswalk_link, rules_zip
from layout_rules.extract.sentences import Sentence
from layout_rules.text import escape_html, escape_markdown
from layout_rules.vocab import role_label
from ui import data as ui_data
from ui import uploads
from ui import workspace as ui_workspace
from ui.errors import error_text
from words import t, text_in
from workspace import WorkspaceError

KINDS = ["txt", "pdf", "docx", "html", "htm"]
ROLES = ("core", "expansion", "radiated", "lead", "named", "base", "pilot",
         "national_cluster", "cluster", "corridor")  # fmt: skip
SOURCE = "importer_source"
"""Session key of the uploaded document's :class:`SourceText` (tests set it directly)."""
_EXTRACTION, _TABLE, _PUBLISHED, _ADDED = (
    "importer_extraction", "importer_table", "importer_published", "importer_added")  # fmt: skip
ACCEPT_AT = 0.5
"""Rows at least this confident start accepted (resolved places only)."""
SHOWN_SENTENCES = 60
"""Highlighted sentences shown at once (the table holds every row)."""


def with_published(rules: Rules) -> Rules:
    """Return this session's published rules (shipped + imported), else ``rules``."""
    published = st.session_state.get(_PUBLISHED)
    return published["rules"] if published else rules


def render(*, lang: str = "zh") -> None:
    """Draw the Import tab."""
    _upload(lang)
    source = st.session_state.get(SOURCE)
    if source is None:
        st.info(t("importer.hint", lang))
        return
    extraction = _extraction(source, lang)
    if extraction is None:
        return
    info = _document_fields(extraction, lang)
    table = _review(extraction, lang)
    _add_statement(extraction, lang)
    links = _crosswalk(table, lang)
    _publish(info, table, extraction, links, lang)


# --- upload and extraction ------------------------------------------------------------------


def _upload(lang: str) -> None:
    upload = uploads.file_uploader(t("importer.file", lang), types=KINDS, key="w_import_file",
                                   limit=MAX_BYTES, lang=lang)  # fmt: skip
    if not isinstance(upload, UploadedFile):
        return
    limit = uploads.upload_limit(MAX_BYTES)
    if upload.size > limit:
        st.error(t("importer.too_big", lang, file=escape_markdown(upload.name),
                   size=upload.size / 1e6, limit=uploads.megabytes(limit)))  # fmt: skip
        return
    current = st.session_state.get(SOURCE)
    if current is not None and current.name == upload.name and _same_upload(upload):
        return
    try:
        source = read_document(upload.getvalue(), upload.name)
    except LayoutRulesError as error:
        _problems(error, lang)
        return
    _reset(source)
    st.session_state["importer_upload_id"] = upload.file_id


def _same_upload(upload: object) -> bool:
    return st.session_state.get("importer_upload_id") == getattr(upload, "file_id", None)


def _reset(source: SourceText) -> None:
    for key in (_EXTRACTION, _TABLE, _ADDED):
        st.session_state.pop(key, None)
    st.session_state[SOURCE] = source


def _problems(error: LayoutRulesError, lang: str) -> None:
    """List an error's problems, one a line, each worded in ``lang`` (as text, not Markdown)."""
    texts = (problem.in_language(lang) for problem in error.problems)
    st.error("\n".join(f"- {escape_markdown(text)}" for text in texts))


def _extraction(source: SourceText, lang: str) -> Extraction | None:
    cached: tuple[SourceText, Extraction] | None = st.session_state.get(_EXTRACTION)
    if cached is not None and cached[0] is source:
        return cached[1]
    try:
        with st.spinner(t("importer.reading", lang)):
            extraction = extract(source)
    except LayoutRulesError as error:
        _problems(error, lang)
        return None
    st.session_state[_EXTRACTION] = (source, extraction)
    st.session_state[_TABLE] = _rows_frame(extraction.candidates, lang)
    st.session_state[_ADDED] = []
    return extraction


def _rows_frame(rows: tuple[Candidate, ...] | list[Candidate], lang: str) -> pd.DataFrame:
    frame = pd.DataFrame([_row(c, lang) for c in rows])
    return frame if not frame.empty else pd.DataFrame(columns=["accept", "industry", "place"])


def _row(c: Candidate, lang: str) -> dict[str, object]:
    return {
        "accept": c.adcode is not None and c.confidence >= ACCEPT_AT,
        "industry": c.industry,
        "place": place_name(c.place, lang=lang, marked=True),  # the gazetteer's, in ``lang``
        "adcode": c.adcode or "",
        "role": c.role,
        "open_list": c.open_list,
        "confidence": c.confidence,
        "flag": "" if c.adcode else t("importer.unresolved", lang),
        "quote": c.quote,
    }


# --- document fields ------------------------------------------------------------------------


def _document_fields(extraction: Extraction, lang: str) -> DocumentInfo:
    info = extraction.info
    st.markdown(t("importer.document", lang))
    left, right = st.columns(2)
    title = left.text_input(t("importer.title", lang), value=info.title or "",
                            key="w_import_title")  # fmt: skip
    issuer = right.text_input(t("importer.issuer", lang), value=info.issuer or "",
                              key="w_import_issuer")  # fmt: skip
    date = _date_field(left, info.date or dt.date.today(), lang)
    default_id = document_id(extraction.source.name)
    right.text_input(t("importer.id", lang), value=default_id, key="w_import_id")
    title_en = st.text_input(t("importer.title_en", lang), key="w_import_title_en", max_chars=300)
    return replace(info, title=title.strip() or None, issuer=issuer.strip() or None, date=date,
                   title_en=title_en.strip() or None)  # fmt: skip


def _date_field(where: Any, date: dt.date, lang: str) -> dt.date | None:
    """Ask for the document's date as year-month-day text; None (and a message) if it is none.

    Not Streamlit's date picker: it names months and weekdays in English only (issue 13).
    """
    text: str = where.text_input(t("importer.date", lang), value=date.isoformat(),
                                 key="w_import_date", max_chars=10,
                                 placeholder=t("importer.date_hint", lang))  # fmt: skip
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        where.error(t("importer.date_invalid", lang, value=escape_markdown(text)))
        return None


# --- review ---------------------------------------------------------------------------------


def _review(extraction: Extraction, lang: str) -> pd.DataFrame:
    table: pd.DataFrame = st.session_state[_TABLE]
    st.markdown(t("importer.proposed", lang, n=len(table)))
    _bulk(table, lang)
    edited: pd.DataFrame = st.data_editor(
        st.session_state[_TABLE], key="w_import_table", hide_index=True,
        disabled=["adcode", "confidence", "flag", "quote", "place"],
        column_config={
            "accept": st.column_config.CheckboxColumn(t("importer.column.accept", lang)),
            "role": st.column_config.SelectboxColumn(
                t("importer.column.role", lang), options=list(ROLES),
                format_func=lambda r: role_label(str(r), lang=lang)),
            "industry": st.column_config.TextColumn(t("importer.column.industry", lang)),
            "quote": st.column_config.TextColumn(t("importer.column.quote", lang),
                                                 width="large"),
            "place": st.column_config.TextColumn(t("importer.column.place", lang)),
            "adcode": st.column_config.TextColumn(t("importer.column.adcode", lang)),
            "open_list": st.column_config.CheckboxColumn(t("importer.column.open_list", lang)),
            "confidence": st.column_config.NumberColumn(t("importer.column.confidence", lang)),
            "flag": st.column_config.TextColumn(t("importer.column.flag", lang)),
        },
    )  # fmt: skip
    _highlights(extraction.candidates, edited, lang)
    return edited


def _bulk(table: pd.DataFrame, lang: str) -> None:
    left, middle, right = st.columns([2, 1, 1])
    threshold = left.slider(t("importer.threshold", lang), 0.0, 1.0, 0.5, 0.05,
                            key="w_import_threshold")  # fmt: skip
    if middle.button(t("importer.accept", lang), key="w_import_accept"):
        table["accept"] = (table["confidence"] >= threshold) & (table["adcode"] != "")
        _replace_table(table)
    if right.button(t("importer.reject", lang), key="w_import_reject"):
        table["accept"] = False
        _replace_table(table)


def _replace_table(table: pd.DataFrame) -> None:
    st.session_state[_TABLE] = table.copy()
    st.session_state.pop("w_import_table", None)


def _highlights(rows: tuple[Candidate, ...], edited: pd.DataFrame, lang: str) -> None:
    with st.expander(t("importer.highlights", lang)):
        seen: set[tuple[int, str]] = set()
        items: list[str] = []
        for row in rows:
            if (row.start, row.industry) in seen or len(items) >= SHOWN_SENTENCES:
                continue
            seen.add((row.start, row.industry))
            marks = [m for r in rows if r.start == row.start for m in r.marks]
            items.append(f"<li>{highlighted(row.quote, marks)}</li>")
        st.markdown(f"<ol class='import-sentences'>{''.join(items)}</ol>",
                    unsafe_allow_html=True)  # fmt: skip
        st.caption(t("importer.shown", lang, rows=len(edited), sentences=len(seen)))


def highlighted(quote: str, marks: Sequence[tuple[int, int]]) -> str:
    """Return the sentence as HTML, every character escaped, matched spans in ``<mark>``.

    >>> highlighted("以<成都>为核心", [(1, 5)])
    '以<mark>&lt;成都&gt;</mark>为核心'
    """
    inside = [False] * len(quote)
    for begin, end in marks:
        for i in range(max(begin, 0), min(end, len(quote))):
            inside[i] = True
    html, open_mark = [], False
    for char, marked in zip(quote, inside, strict=True):
        if marked != open_mark:
            html.append("<mark>" if marked else "</mark>")
            open_mark = marked
        html.append(escape_html(char))
    return "".join(html) + ("</mark>" if open_mark else "")


# --- add a statement the extractor missed ---------------------------------------------------


def _add_statement(extraction: Extraction, lang: str) -> None:
    with st.expander(t("importer.add_title", lang)):
        sentences = extraction.sentences
        index = st.selectbox(t("importer.sentence", lang), range(len(sentences)),
                             format_func=lambda i: sentences[i].compact[:80],
                             key="w_import_add_sentence")  # fmt: skip
        left, middle, right = st.columns(3)
        industry = left.text_input(t("importer.industry", lang), key="w_import_add_industry")
        place = middle.text_input(t("importer.place", lang), key="w_import_add_place")
        role = right.selectbox(t("importer.role", lang), ROLES, key="w_import_add_role",
                               format_func=lambda r: role_label(r, lang=lang))  # fmt: skip
        if st.button(t("importer.add", lang), key="w_import_add"):
            _added(sentences[index], industry.strip(), place.strip(), role, lang)


def _added(sentence: Sentence, industry: str, place: str, role: str, lang: str) -> None:
    adcode = resolve(place) if place else None
    if not industry or adcode is None:
        st.error(t("importer.add_needed", lang, place=escape_markdown(place or "-")))
        return
    row = Candidate(industry=industry, place=place, adcode=adcode, role=role, open_list=False,
                    quote=sentence.compact, start=sentence.start, end=sentence.end,
                    confidence=1.0, section=sentence.section, pattern="added by hand")  # fmt: skip
    st.session_state[_ADDED].append(row)
    frame = pd.concat([st.session_state[_TABLE], _rows_frame([row], lang)], ignore_index=True)
    frame.loc[frame.index[-1], "accept"] = True
    _replace_table(frame)
    st.rerun()


# --- crosswalk, publish, download -----------------------------------------------------------


def _crosswalk(table: pd.DataFrame, lang: str) -> dict[str, tuple[str, str, str]]:
    industries = list(dict.fromkeys(table.loc[table["accept"].astype(bool), "industry"]))
    chosen: dict[str, tuple[str, str, str]] = {}
    if not industries:
        return chosen
    st.markdown(t("importer.crosswalk", lang))
    for n, name in enumerate(industries):
        options = [None, *suggestions(name)]
        pick = st.selectbox(escape_markdown(name) or "-", options, index=min(1, len(options) - 1),
                            format_func=lambda o: _link_label(o, lang),
                            key=f"w_import_xwalk_{n}")  # fmt: skip
        if pick is not None:
            chosen[name] = pick
    return chosen


def _link_label(option: tuple[str, str, str] | None, lang: str) -> str:
    """Name a suggested link in ``lang``: the document's title, the industry, the relation."""
    if option is None:
        return "—"
    doc_id, industry_id, relation = option
    document = ui_data.shipped_rules().documents.get(doc_id)
    industries = {i.id: i for i in document.industries} if document else {}
    if document is None or industry_id not in industries:  # not shipped: name it by its ids
        return f"{doc_id} / {industry_id}"
    return t("importer.link", lang, document=text_in(document.document, "title", lang),
             industry=text_in(industries[industry_id], "name", lang),
             relation=t(f"compare.relation.{relation}", lang))  # fmt: skip


def _accepted(extraction: Extraction, table: pd.DataFrame) -> list[Candidate]:
    rows = [*extraction.candidates, *st.session_state.get(_ADDED, [])]
    accepted = []
    for (_, edit), row in zip(table.iterrows(), rows, strict=False):
        if bool(edit["accept"]) and row.adcode:
            industry = str(edit.get("industry") or "").strip()
            accepted.append(replace(row, industry=industry, role=str(edit["role"])))
    return accepted


def _publish(info: DocumentInfo, table: pd.DataFrame, extraction: Extraction,
             links: dict[str, tuple[str, str, str]], lang: str) -> None:  # fmt: skip
    doc_id = document_id(st.session_state.get("w_import_id", "") or "imported")
    rows = _accepted(extraction, table)
    content = document_rules(doc_id, info, rows)
    ids = {i["name"]: i["id"] for i in content["industries"]}
    crosswalk = [crosswalk_link(doc_id, ids[n], to) for n, to in links.items() if n in ids]
    blocked = not rows or info.date is None  # None: the date field holds no date
    left, middle, right = st.columns(3)
    if left.button(t("importer.publish", lang), key="w_import_publish",
                   type="primary", disabled=blocked):  # fmt: skip
        _published(doc_id, content, extraction.source.text, crosswalk, lang)
    if middle.button(t("importer.save_draft", lang), key="w_import_save", disabled=blocked):
        _save_draft(doc_id, content, extraction.source.text, crosswalk, lang)
    right.download_button(t("importer.download", lang),
                          rules_zip(doc_id, content, extraction.source.text, links=crosswalk),
                          file_name=f"{doc_id}.zip", mime="application/zip",
                          key="w_import_download", disabled=blocked,
                          on_click="ignore")  # fmt: skip
    published = st.session_state.get(_PUBLISHED)
    if published:
        doc = escape_markdown(published["id"])
        st.success(t("importer.published", lang, doc=doc))
        if st.button(t("importer.withdraw", lang), key="w_import_withdraw"):
            st.session_state.pop(_PUBLISHED, None)
            st.rerun()


def _save_draft(
    doc_id: str, content: dict[str, Any], text: str, links: list[dict[str, Any]], lang: str
) -> None:
    """Keep the reviewed document in the workspace store: a draft the team sees and revises."""
    who = ui_workspace.author()
    if not who:
        st.warning(t("importer.need_name", lang))
        return
    why = t("importer.draft_rationale", lang)
    try:
        document = combined_rules(doc_id, content, text, links=links).document(doc_id)
        draft = ui_workspace.store().adopt(document, author=who, source_text=text, rationale=why)
    except LayoutRulesError as error:
        _problems(error, lang)
        return
    except WorkspaceError as error:
        st.error(t("importer.not_saved", lang) + escape_markdown(error_text(error, lang)))
        return
    st.success(t("importer.saved_draft", lang, doc=escape_markdown(draft.id)))


def _published(
    doc_id: str, content: dict[str, Any], text: str, links: list[dict[str, Any]], lang: str
) -> None:
    try:
        rules = combined_rules(doc_id, content, text, links=links)
    except LayoutRulesError as error:
        _problems(error, lang)
        return
    st.session_state[_PUBLISHED] = {"id": doc_id, "rules": rules}
    st.rerun()
