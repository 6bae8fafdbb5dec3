"""The Import tab: a new document → proposed statements → review → a document of the app.

Everything a user imports lives in ``st.session_state`` (this browser session only): the
upload's text, the review table, and, once published, the combined rules (shipped + the new
document) built in a private temporary folder. :func:`with_published` is the app's one hook:
it swaps the session's published rules in for the shipped ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import streamlit as st

from layout_rules import LayoutRulesError, Rules
from layout_rules.extract import (
    MAX_BYTES,
    Candidate,
    DocumentInfo,
    Extraction,
    document_id,
    document_rules,
    extract,
    read_document,
    suggestions,
)
from layout_rules.extract.places import resolve
from layout_rules.extract.rules import combined_rules, crosswalk_link, rules_zip
from layout_rules.text import escape_html, escape_markdown
from layout_rules.vocab import role_label

KINDS = ["txt", "pdf", "docx", "html", "htm"]
ROLES = ("core", "expansion", "radiated", "lead", "named", "base", "pilot",
         "national_cluster", "cluster", "corridor")  # fmt: skip
SOURCE = "importer.source"
"""Session key of the uploaded document's :class:`SourceText` (tests set it directly)."""
_EXTRACTION, _TABLE, _PUBLISHED, _ADDED = (
    "importer.extraction", "importer.table", "importer.published", "importer.added")  # fmt: skip
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
    en = lang == "en"
    _upload(en)
    source = st.session_state.get(SOURCE)
    if source is None:
        st.info("Upload a .txt, .pdf, .docx or .html policy document." if en
                else "上传政策文件（.txt、.pdf、.docx 或 .html）。")  # fmt: skip
        return
    extraction = _extraction(source)
    if extraction is None:
        return
    info = _document_fields(extraction, en)
    table = _review(extraction, en)
    _add_statement(extraction, en)
    links = _crosswalk(table, en)
    _publish(info, table, extraction, links, en)


# --- upload and extraction ------------------------------------------------------------------


def _upload(en: bool) -> None:
    upload = st.file_uploader("Policy document" if en else "政策文件", type=KINDS,
                              key="w_import_file")  # fmt: skip
    if upload is None:
        return
    if upload.size > MAX_BYTES:
        st.error(f"{escape_markdown(upload.name)}: the file is {upload.size / 1e6:.1f} MB; "
                 f"the limit is {MAX_BYTES // 2**20} MB")  # fmt: skip
        return
    current = st.session_state.get(SOURCE)
    if current is not None and current.name == upload.name and _same_upload(upload):
        return
    try:
        source = read_document(upload.getvalue(), upload.name)
    except LayoutRulesError as error:
        _problems(error)
        return
    _reset(source)
    st.session_state["importer.upload_id"] = upload.file_id


def _same_upload(upload: object) -> bool:
    return st.session_state.get("importer.upload_id") == getattr(upload, "file_id", None)


def _reset(source: object) -> None:
    for key in (_EXTRACTION, _TABLE, _ADDED):
        st.session_state.pop(key, None)
    st.session_state[SOURCE] = source


def _problems(error: LayoutRulesError) -> None:
    st.error("\n".join(f"- {escape_markdown(problem)}" for problem in error.problems))


def _extraction(source: object) -> Extraction | None:
    cached = st.session_state.get(_EXTRACTION)
    if cached is not None and cached[0] is source:
        return cached[1]
    try:
        with st.spinner("Reading the document…"):
            extraction = extract(source)
    except LayoutRulesError as error:
        _problems(error)
        return None
    st.session_state[_EXTRACTION] = (source, extraction)
    st.session_state[_TABLE] = _rows_frame(extraction.candidates)
    st.session_state[_ADDED] = []
    return extraction


def _rows_frame(rows: tuple[Candidate, ...] | list[Candidate]) -> pd.DataFrame:
    frame = pd.DataFrame([_row(c) for c in rows])
    return frame if not frame.empty else pd.DataFrame(columns=["accept", "industry", "place"])


def _row(c: Candidate) -> dict[str, object]:
    return {
        "accept": c.adcode is not None and c.confidence >= ACCEPT_AT,
        "industry": c.industry,
        "place": c.place,
        "adcode": c.adcode or "",
        "role": c.role,
        "open_list": c.open_list,
        "confidence": c.confidence,
        "flag": "" if c.adcode else "unresolved place",
        "quote": c.quote,
    }


# --- document fields ------------------------------------------------------------------------


def _document_fields(extraction: Extraction, en: bool) -> DocumentInfo:
    info = extraction.info
    st.markdown("**Document** (read from the text; edit as needed)" if en
                else "**文件信息**（从文本读取，可修改）")  # fmt: skip
    left, right = st.columns(2)
    title = left.text_input("Title" if en else "标题", value=info.title or "",
                            key="w_import_title")  # fmt: skip
    issuer = right.text_input("Issuer" if en else "发文机关", value=info.issuer or "",
                              key="w_import_issuer")  # fmt: skip
    date = left.date_input("Date" if en else "日期", value=info.date or dt.date.today(),
                           key="w_import_date")  # fmt: skip
    default_id = document_id(extraction.source.name)
    right.text_input("Document id" if en else "文件 id", value=default_id, key="w_import_id")
    return replace(info, title=title.strip() or None, issuer=issuer.strip() or None, date=date)


# --- review ---------------------------------------------------------------------------------


def _review(extraction: Extraction, en: bool) -> pd.DataFrame:
    table: pd.DataFrame = st.session_state[_TABLE]
    st.markdown(f"**Proposed statements: {len(table)}**" if en
                else f"**候选布局表述：{len(table)} 条**")  # fmt: skip
    _bulk(table, en)
    edited = st.data_editor(
        st.session_state[_TABLE], key="w_import_table", hide_index=True,
        disabled=["adcode", "confidence", "flag", "quote", "place"],
        column_config={
            "accept": st.column_config.CheckboxColumn("accept · 采纳"),
            "role": st.column_config.SelectboxColumn("role · 角色", options=list(ROLES)),
            "industry": st.column_config.TextColumn("industry · 产业"),
            "quote": st.column_config.TextColumn("sentence · 原句", width="large"),
        },
    )  # fmt: skip
    _highlights(extraction.candidates, edited, en)
    return edited


def _bulk(table: pd.DataFrame, en: bool) -> None:
    left, middle, right = st.columns([2, 1, 1])
    threshold = left.slider("Confidence at least" if en else "置信度不低于", 0.0, 1.0, 0.5,
                            0.05, key="w_import_threshold")  # fmt: skip
    if middle.button("Accept these" if en else "全部采纳", key="w_import_accept"):
        table["accept"] = (table["confidence"] >= threshold) & (table["adcode"] != "")
        _replace_table(table)
    if right.button("Reject all" if en else "全部拒绝", key="w_import_reject"):
        table["accept"] = False
        _replace_table(table)


def _replace_table(table: pd.DataFrame) -> None:
    st.session_state[_TABLE] = table.copy()
    st.session_state.pop("w_import_table", None)


def _highlights(rows: tuple[Candidate, ...], edited: pd.DataFrame, en: bool) -> None:
    with st.expander("Sentences with the matched words highlighted" if en
                     else "原句（高亮匹配词）"):  # fmt: skip
        seen: set[tuple[int, str]] = set()
        items = []
        for row in rows:
            if (row.start, row.industry) in seen or len(items) >= SHOWN_SENTENCES:
                continue
            seen.add((row.start, row.industry))
            marks = [m for r in rows if r.start == row.start for m in r.marks]
            items.append(f"<li>{highlighted(row.quote, marks)}</li>")
        st.markdown(f"<ol class='import-sentences'>{''.join(items)}</ol>",
                    unsafe_allow_html=True)  # fmt: skip
        st.caption(f"{len(edited)} rows; {len(seen)} sentences shown" if en
                   else f"{len(edited)} 行；显示 {len(seen)} 句")  # fmt: skip


def highlighted(quote: str, marks: list[tuple[int, int]] | tuple) -> str:
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


def _add_statement(extraction: Extraction, en: bool) -> None:
    with st.expander("Add a statement the extractor missed" if en else "补充遗漏的表述"):
        sentences = extraction.sentences
        index = st.selectbox("Sentence" if en else "原句", range(len(sentences)),
                             format_func=lambda i: sentences[i].compact[:80],
                             key="w_import_add_sentence")  # fmt: skip
        left, middle, right = st.columns(3)
        industry = left.text_input("Industry" if en else "产业", key="w_import_add_industry")
        place = middle.text_input("Place" if en else "地点", key="w_import_add_place")
        lang = "en" if en else "zh"
        role = right.selectbox("Role" if en else "角色", ROLES, key="w_import_add_role",
                               format_func=lambda r: role_label(r, lang=lang))  # fmt: skip
        if st.button("Add" if en else "添加", key="w_import_add"):
            _added(sentences[index], industry.strip(), place.strip(), role, en)


def _added(sentence: object, industry: str, place: str, role: str, en: bool) -> None:
    adcode = resolve(place) if place else None
    if not industry or adcode is None:
        reason = "an industry and a known place are needed" if en else "需要产业和可识别的地点"
        st.error(f"{escape_markdown(place or '-')}: {reason}")
        return
    row = Candidate(industry=industry, place=place, adcode=adcode, role=role, open_list=False,
                    quote=sentence.compact, start=sentence.start, end=sentence.end,
                    confidence=1.0, section=sentence.section, pattern="added by hand")  # fmt: skip
    st.session_state[_ADDED].append(row)
    frame = pd.concat([st.session_state[_TABLE], _rows_frame([row])], ignore_index=True)
    frame.loc[frame.index[-1], "accept"] = True
    _replace_table(frame)
    st.rerun()


# --- crosswalk, publish, download -----------------------------------------------------------


def _crosswalk(table: pd.DataFrame, en: bool) -> dict[str, tuple[str, str, str]]:
    industries = list(dict.fromkeys(table.loc[table["accept"].astype(bool), "industry"]))
    chosen: dict[str, tuple[str, str, str]] = {}
    if not industries:
        return chosen
    st.markdown("**Crosswalk to the shipped industries** (editorial suggestion)" if en
                else "**与已有产业的对应**（编辑性建议）")  # fmt: skip
    for n, name in enumerate(industries):
        options = [None, *suggestions(name)]
        pick = st.selectbox(escape_markdown(name) or "-", options, index=min(1, len(options) - 1),
                            format_func=_link_label, key=f"w_import_xwalk_{n}")  # fmt: skip
        if pick is not None:
            chosen[name] = pick
    return chosen


def _link_label(option: tuple[str, str, str] | None) -> str:
    return "—" if option is None else f"{option[0]} / {option[1]} ({option[2]})"


def _accepted(extraction: Extraction, table: pd.DataFrame) -> list[Candidate]:
    rows = [*extraction.candidates, *st.session_state.get(_ADDED, [])]
    accepted = []
    for (_, edit), row in zip(table.iterrows(), rows, strict=False):
        if bool(edit["accept"]) and row.adcode:
            industry = str(edit.get("industry") or "").strip()
            accepted.append(replace(row, industry=industry, role=str(edit["role"])))
    return accepted


def _publish(info: DocumentInfo, table: pd.DataFrame, extraction: Extraction,
             links: dict[str, tuple[str, str, str]], en: bool) -> None:  # fmt: skip
    doc_id = document_id(st.session_state.get("w_import_id", "") or "imported")
    rows = _accepted(extraction, table)
    content = document_rules(doc_id, info, rows)
    ids = {i["name"]: i["id"] for i in content["industries"]}
    crosswalk = [crosswalk_link(doc_id, ids[n], t) for n, t in links.items() if n in ids]
    left, right = st.columns(2)
    if left.button("Publish to this session" if en else "发布（仅本会话）", key="w_import_publish",
                   type="primary", disabled=not rows):  # fmt: skip
        _published(doc_id, content, extraction.source.text, crosswalk, en)
    right.download_button("Download rules folder (zip)" if en else "下载规则文件夹（zip）",
                          rules_zip(doc_id, content, extraction.source.text, links=crosswalk),
                          file_name=f"{doc_id}.zip", mime="application/zip",
                          key="w_import_download", disabled=not rows,
                          on_click="ignore")  # fmt: skip
    published = st.session_state.get(_PUBLISHED)
    if published:
        doc = escape_markdown(published["id"])
        st.success(f"Published {doc}: choose it in the sidebar's document list." if en
                   else f"已发布 {doc}：可在侧栏文件列表中选择。")  # fmt: skip
        if st.button("Withdraw from this session" if en else "撤回发布", key="w_import_withdraw"):
            st.session_state.pop(_PUBLISHED, None)
            st.rerun()


def _published(doc_id: str, content: dict, text: str, links: list[dict], en: bool) -> None:
    try:
        rules = combined_rules(doc_id, content, text, links=links)
    except LayoutRulesError as error:
        _problems(error)
        return
    st.session_state[_PUBLISHED] = {"id": doc_id, "rules": rules}
    st.rerun()
