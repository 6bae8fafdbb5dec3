"""The Workspace tab, and the drafts' way into the app.

:func:`with_drafts` is called once per run by ``app.py``: it adds the drafts the user may see
to the official rules (or says plainly that the database is unreachable and keeps the official
documents). :func:`render` draws the tab: the list of drafts, create / import, and for one
draft the tier table, the records (industries, clusters, parks, corridors), the revisions with
revert, status and export. :func:`city_tier_editor` is the Map tab's hook for a draft.

Every save names the revision the user was looking at (remembered per browser session at the
end of each run): a save against a draft that moved on meanwhile is refused, both versions are
shown, and the user's change is kept to be applied again on the newest version.
"""

from __future__ import annotations

import functools
import json
import typing
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

import geodata
from geodata import GeodataError, place
from layers import MapView
from layout_rules import Rules, resolve_place
from layout_rules.schema import (
    ClusterKind,
    Corridor,
    CorridorKind,
    DocumentRules,
    ParkKind,
)
from layout_rules.text import escape_markdown
from layout_rules.vocab import role_label
from ui import uploads
from ui.errors import error_text
from words import WordsError, t, text_in
from workspace import (
    STATUSES,
    Conflict,
    Draft,
    DraftInfo,
    Store,
    WorkspaceError,
    copy_document,
    database_url,
    export_zip,
    import_zip,
    rationale_source,
    rules_with_drafts,
    set_tiers,
    tier_of,
)
from workspace import edits as ws_edits
from workspace.bundle import MAX_ZIP_BYTES, export_folder
from workspace.summary import parse_summary, summary

Edit = Callable[[DocumentRules, str, int], DocumentRules]
"""An edit as a function of (content, rationale, new revision number): it can be applied
again on a newer version after a conflict."""

_NAME = "ws_name"
_SEEN = "ws_seen"
_PENDING = "ws_pending"
COOKIE = "ws_author"
"""The browser cookie that keeps the typed display name."""
_TIERS = ("core", "expansion")


# --- the store and the author ---------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


def store() -> Store:
    """Return this server's store (``DATABASE_URL`` or the SQLite file)."""
    return _store(database_url())


@st.cache_resource(show_spinner=False, max_entries=256)
def _opened(url: str, draft_id: str, head: int) -> Draft:
    del head  # part of the cache key only: a new revision opens again
    return _store(url).open(draft_id)


def _login_configured() -> bool:
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError):
        return False


def author() -> str:
    """Return who is editing.

    The signed-in user where ``st.login`` is configured, else the display name typed in this
    browser ('' when none yet).
    """
    if _login_configured():
        user = st.user
        if user.is_logged_in:
            return str(user.get("email") or user.get("name") or "")
        return ""
    if _NAME not in st.session_state:
        st.session_state[_NAME] = st.context.cookies.get(COOKIE, "")
    return str(st.session_state[_NAME])


def _author_box(lang: str, *, key: str = "ws_name_box") -> str:
    """Ask for a display name once per browser (kept in a cookie), unless signed in."""
    if _login_configured():
        if not st.user.is_logged_in:
            st.button(t("workspace.login", lang), on_click=st.login, key="ws_login")
        else:
            st.caption(t("workspace.signed_in", lang) + escape_markdown(author()))
        return author()
    name = st.text_input(t("workspace.name", lang), value=author(), key=key, max_chars=200)
    name = " ".join(name.split())
    st.session_state[_NAME] = name
    return name


def _remember_name() -> None:
    """Keep the typed name in a browser cookie, so that a reload does not ask again.

    Drawn on every run until the browser sends the cookie back (a new session), so the
    script has time to run even when the run that took the name is followed at once by
    another.
    """
    name = str(st.session_state.get(_NAME, ""))
    if not name or name == st.context.cookies.get(COOKIE, ""):
        return
    # JSON with <, > and & escaped: the name cannot close the script or the string.
    value = json.dumps(name).translate({60: "\\u003c", 62: "\\u003e", 38: "\\u0026"})
    script = (
        f"<script>document.cookie = '{COOKIE}=' + encodeURIComponent({value}) + "
        "'; path=/; max-age=31536000; samesite=strict';</script>"
    )
    with st.sidebar:
        st.iframe(script, height=1)


# --- drafts into the app --------------------------------------------------------------------


def with_drafts(rules: Rules) -> Rules:
    """Return the official rules plus the drafts this user may see.

    When the database cannot be reached, say so plainly and return the official rules.
    """
    if not _login_configured():
        _remember_name()
    lang = st.query_params.get("lang", "zh")
    try:
        infos = store().list_drafts(viewer=author())
    except WorkspaceError as error:
        st.error(t("workspace.unreachable", lang) + escape_markdown(error_text(error, lang)))
        return rules
    opened = []
    for info in infos:
        try:
            opened.append(_opened(database_url(), info.id, info.head))
        except WorkspaceError as error:  # one unreadable draft does not hide the others
            st.error(escape_markdown(error_text(error, lang)))
    # A draft with no industry yet has nothing to map; it is edited on the Workspace tab.
    return rules_with_drafts(rules, [draft for draft in opened if draft.rules.industries])


def for_document(rules: Rules, document: str) -> Rules:
    """Return ``rules`` without the drafts other than ``document``.

    A fact sheet of an official document shows only official documents; one of a draft shows
    that draft too.
    """
    keep = {
        doc_id: doc for doc_id, doc in rules.documents.items()
        if not doc.document.draft or doc_id == document
    }  # fmt: skip
    if len(keep) == len(rules.documents):
        return rules
    return Rules(
        documents=keep, crosswalk=rules.crosswalk, data_version=f"{rules.data_version}-{document}",
        files={d: f for d, f in rules.files.items() if d in keep},
    )  # fmt: skip


# --- saving ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Pending:
    """A refused change, kept to be shown and applied again."""

    conflict: Conflict
    edit: Edit
    rationale: str
    summary: str


def _seen(draft_id: str, default: int) -> int:
    return int(st.session_state.setdefault(_SEEN, {}).get(draft_id, default))


def _mark_seen(draft: Draft) -> None:
    st.session_state.setdefault(_SEEN, {})[draft.id] = draft.head


def _save(draft: Draft, edit: Edit, *, rationale: str, summary: str, name: str, lang: str,
          base: int | None = None) -> bool:  # fmt: skip
    """Apply ``edit`` to the newest content and save it against the revision the user saw."""
    if not name:
        st.warning(t("workspace.name_needed", lang))
        return False
    base = _seen(draft.id, draft.head) if base is None else base
    try:
        rules = edit(draft.rules, rationale, base + 1)
        saved = store().save(draft.id, rules, base=base, author=name, rationale=rationale,
                             summary=summary)  # fmt: skip
    except WorkspaceError as error:
        if error.conflict is not None:
            # Shown at the top of the next run, beside the newest version.
            st.session_state[_PENDING] = _Pending(error.conflict, edit, rationale, summary)
            st.rerun()
        else:
            st.error(escape_markdown(error_text(error, lang)))
        return False
    except (geodata.GeodataError, ValueError) as error:
        st.error(escape_markdown(error_text(error, lang)))
        return False
    st.session_state.pop(_PENDING, None)
    _mark_seen(saved)
    st.session_state["ws_flash"] = t("workspace.saved", lang, n=saved.head)
    st.rerun()
    return True


def _show_pending(draft: Draft, name: str, lang: str) -> None:
    """Show a refused change beside the newest version, with a way to apply it again."""
    pending: _Pending | None = st.session_state.get(_PENDING)
    if pending is None or pending.conflict.draft_id != draft.id:
        return
    conflict = pending.conflict
    detail = t(
        "workspace.conflict_detail", lang,
        who=conflict.their_author, head=conflict.head, base=conflict.base,
    )  # fmt: skip
    st.error(t("workspace.conflict", lang) + escape_markdown(detail))
    theirs, mine = st.columns(2)
    with theirs:
        st.markdown(f"**{t('workspace.theirs', lang)}** · r{conflict.head} · "
                    f"{escape_markdown(conflict.their_author)}")  # fmt: skip
        st.markdown("> " + escape_markdown(conflict.their_rationale))
    with mine:
        st.markdown(f"**{t('workspace.mine', lang)}** · "
                    f"{escape_markdown(summary_text(pending.summary, lang))}")  # fmt: skip
        st.markdown("> " + escape_markdown(pending.rationale))
    st.dataframe(_tier_differences(conflict.theirs, conflict.mine, lang), hide_index=True)
    again, drop = st.columns(2)
    if again.button(t("workspace.reapply", lang), key="ws_reapply"):
        _save(draft, pending.edit, rationale=pending.rationale, summary=pending.summary,
              name=name, lang=lang, base=draft.head)  # fmt: skip
    if drop.button(t("workspace.discard", lang), key="ws_discard"):
        st.session_state.pop(_PENDING, None)
        st.rerun()


def _tiers(rules: DocumentRules) -> dict[tuple[str, str], str]:
    found = {}
    for industry in rules.industries:
        if industry.layout is not None:
            for tier in _TIERS:
                for name in getattr(industry.layout, tier):
                    found[(industry.name, geodata.place(resolve_place(name)).short_name)] = tier
    return found


def _tier_differences(theirs: DocumentRules, mine: DocumentRules, lang: str) -> pd.DataFrame:
    a, b = _tiers(theirs), _tiers(mine)
    rows = [
        {t("workspace.column.industry", lang): k[0], t("workspace.column.city", lang): k[1],
         t("workspace.theirs", lang): a.get(k, ""), t("workspace.mine", lang): b.get(k, "")}
        for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)
    ]  # fmt: skip
    return pd.DataFrame(rows)


# --- the Map tab's hook ---------------------------------------------------------------------


def city_tier_editor(rules: Rules, view: MapView) -> None:
    """On the Map tab, when a draft is shown and a city selected: set its tier for the industry."""
    doc = rules.documents.get(view.document)
    if doc is None or not doc.document.draft or not view.city or len(view.industries) != 1:
        return
    lang, industry_id = view.lang, view.industries[0]
    industry = {i.id: i for i in doc.industries}[industry_id]
    city = geodata.place(view.city).short_name
    draft = store().open(doc.document.id)
    name = author() or _author_box(lang, key="ws_name_map")
    if "ws_flash" in st.session_state:
        st.success(st.session_state.pop("ws_flash"))
    _show_pending(draft, name, lang)
    current = tier_of(draft.rules, industry_id, view.city)
    options = [*_TIERS, None]
    with st.form("ws_map_tier"):
        label = text_in(industry, "name", lang)
        heading = t("workspace.tier_for", lang, city=city, industry=label)
        st.markdown("**" + escape_markdown(heading) + "**")
        tier = st.radio(
            t("workspace.tier", lang), options, index=options.index(current), horizontal=True,
            format_func=lambda r: role_label(r, lang=lang) if r else t("workspace.none", lang),
            key="ws_map_tier_choice",
        )  # fmt: skip
        rationale = st.text_input(
            t("workspace.rationale", lang), key="ws_map_rationale", max_chars=2000
        )
        submitted = st.form_submit_button(t("workspace.save", lang))
    if submitted:
        if tier == current:
            st.info(t("workspace.no_change", lang))
        else:
            _save(draft, _tier_edit(industry_id, {view.city: tier}),
                  rationale=rationale,
                  summary=summary(
                      "tier", city=view.city or "", industry=industry.name,
                      industry_en=industry.name_en, old=current or "none", new=tier or "none",
                  ),
                  name=name, lang=lang)  # fmt: skip
    _mark_seen(draft)


def _tier_edit(industry_id: str, tiers: dict[str, str | None]) -> Edit:
    def edit(rules: DocumentRules, rationale: str, revision: int) -> DocumentRules:
        source = rationale_source(rules.document.id, revision, rationale)
        chosen = {city: ws_edits.tier_choice(tier) for city, tier in tiers.items()}
        return set_tiers(rules, industry_id, chosen, source)

    return edit


def _tiers_edit(changes: dict[str, dict[str, str | None]]) -> Edit:
    def edit(rules: DocumentRules, rationale: str, revision: int) -> DocumentRules:
        source = rationale_source(rules.document.id, revision, rationale)
        for industry_id, tiers in changes.items():
            chosen = {city: ws_edits.tier_choice(tier) for city, tier in tiers.items()}
            rules = set_tiers(rules, industry_id, chosen, source)
        return rules

    return edit


# --- the Workspace tab ----------------------------------------------------------------------


def render(rules: Rules, view: MapView) -> None:
    """Draw the Workspace tab."""
    lang = view.lang
    name = _author_box(lang)
    if "ws_flash" in st.session_state:
        st.success(st.session_state.pop("ws_flash"))
    try:
        infos = store().list_drafts(viewer=name)
    except WorkspaceError as error:
        st.error(t("workspace.unreachable", lang) + escape_markdown(error_text(error, lang)))
        return
    _drafts_table(infos, lang)
    left, right = st.columns(2)
    with left:
        _create_form(rules, name, lang)
    with right:
        _import_form(name, lang)
    if infos:
        _edit(infos, name, lang)


def _drafts_table(infos: list[DraftInfo], lang: str) -> None:
    st.subheader(t("workspace.drafts", lang))
    if not infos:
        st.info(t("workspace.no_drafts", lang))
        return
    rows = [
        {"id": i.id, "title": i.title, "owner": i.owner,
         "status": _status_label(i.status, lang),
         "revision": i.head, "last_change": f"{i.updated_at:%Y-%m-%d %H:%M} · {i.updated_by}",
         "from": i.base_document or ""}
        for i in infos
    ]  # fmt: skip
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
                 column_config=_labels(_DRAFT_COLUMNS, lang))  # fmt: skip


def _create_form(rules: Rules, name: str, lang: str) -> None:
    with st.form("ws_create"):
        st.markdown(f"**{t('workspace.create', lang)}**")
        title = st.text_input(t("workspace.title", lang), value=t("workspace.default_title", lang),
                              key="ws_new_title", max_chars=200)  # fmt: skip
        docs = ["", *rules.documents]
        start = st.selectbox(
            t("workspace.start", lang), docs, key="ws_new_from",
            format_func=lambda d: _doc_title(rules, d, lang) if d else t("workspace.empty", lang),
        )  # fmt: skip
        if st.form_submit_button(t("workspace.create_btn", lang)):
            if not name:
                st.warning(t("workspace.name_needed", lang))
                return
            try:
                draft = (copy_document(store(), rules, start, title, author=name) if start
                         else store().create(title, author=name))  # fmt: skip
            except WorkspaceError as error:
                st.error(escape_markdown(error_text(error, lang)))
                return
            st.session_state["ws_selected"] = draft.id
            st.session_state["ws_flash"] = t("workspace.saved", lang, n=draft.head)
            st.rerun()


def _doc_title(rules: Rules, document: str, lang: str) -> str:
    doc = rules.documents[document].document
    title: str = text_in(doc, "title", lang)
    return t("sidebar.draft_mark", lang) + title if doc.draft else title


def _import_form(name: str, lang: str) -> None:
    with st.form("ws_import"):
        st.markdown(f"**{t('workspace.import', lang)}**")
        upload = uploads.file_uploader(
            t("workspace.import_file", lang), types=["zip"], key="ws_import_zip",
            limit=MAX_ZIP_BYTES, lang=lang,
        )  # fmt: skip
        rationale = st.text_input(t("workspace.rationale", lang), key="ws_import_rationale")
        if st.form_submit_button(t("workspace.import_btn", lang)) and isinstance(
            upload, UploadedFile
        ):
            if not name:
                st.warning(t("workspace.name_needed", lang))
                return
            if upload.size > MAX_ZIP_BYTES:
                st.error(
                    t(
                        "workspace.too_big",
                        lang,
                        file=escape_markdown(upload.name),
                        limit=MAX_ZIP_BYTES,
                    )
                )
                return
            try:
                drafts = import_zip(store(), upload.name, upload.getvalue(), author=name,
                                    rationale=rationale)  # fmt: skip
            except WorkspaceError as error:
                st.error(escape_markdown(error_text(error, lang)))
                return
            st.session_state["ws_selected"] = drafts[0].id
            st.rerun()


def _edit(infos: list[DraftInfo], name: str, lang: str) -> None:
    st.subheader(t("workspace.edit", lang))
    ids = [info.id for info in infos]
    if st.session_state.get("ws_selected") not in ids:
        st.session_state["ws_selected"] = ids[0]
    titles = {
        info.id: f"{info.title} · {info.owner} · {_status_label(info.status, lang)} · r{info.head}"
        for info in infos
    }
    draft_id = st.selectbox(
        t("workspace.edit", lang), ids, key="ws_selected", format_func=lambda i: titles[i]
    )
    try:
        draft = store().open(draft_id)
    except WorkspaceError as error:
        st.error(escape_markdown(error_text(error, lang)))
        return
    _show_pending(draft, name, lang)
    parts = (
        "workspace.tiers",
        "workspace.records",
        "workspace.revisions",
        "workspace.status_export",
    )
    tiers, records, revisions, status = st.tabs([t(part, lang) for part in parts])
    with tiers:
        _tier_table(draft, name, lang)
    with records:
        _records(draft, name, lang)
    with revisions:
        _revisions(draft, name, lang)
    with status:
        _status_and_export(draft, name, lang)
    _mark_seen(draft)


def _status_label(status: str, lang: str) -> str:
    """Return a draft's status (draft, shared, archived) as a word of ``lang``."""
    return t(f"workspace.draft_status.{status}", lang)


_DRAFT_COLUMNS = {
    "id": "workspace.column.id", "title": "workspace.column.title",
    "owner": "workspace.column.owner", "status": "workspace.column.status",
    "revision": "workspace.column.revision", "last_change": "workspace.column.last_change",
    "from": "workspace.column.from",
}  # fmt: skip
_REVISION_COLUMNS = {
    "r": "workspace.column.r", "who": "workspace.column.who", "when": "workspace.column.when",
    "what": "workspace.column.what", "why": "workspace.column.why",
}  # fmt: skip
"""A table's columns and the keys of their headers' words."""


def _labels(columns: dict[str, str], lang: str) -> dict[str, typing.Any]:
    """Return a table's column settings: each column headed by its word in ``lang``."""
    return {column: st.column_config.Column(t(key, lang)) for column, key in columns.items()}


# --- tiers ----------------------------------------------------------------------------------


@functools.cache
def _prefectures() -> tuple[tuple[str, str], ...]:
    table = geodata.gazetteer()
    rows = table[table["level"] == "prefecture"].sort_values("adcode")
    return tuple(zip(rows["adcode"].astype(str), rows["short_name"], strict=True))


def _tier_table(draft: Draft, name: str, lang: str) -> None:
    industries = list(draft.rules.industries)
    if not industries:
        st.info(t("workspace.no_industries", lang))
        return
    frame = pd.DataFrame(
        {i.id: [tier_of(draft.rules, i.id, code) or "" for code, _ in _prefectures()]
         for i in industries},
        index=[city for _, city in _prefectures()],
    )  # fmt: skip
    config = {
        i.id: st.column_config.SelectboxColumn(
            text_in(i, "name", lang),
            options=["core", "expansion", ""],
            format_func=lambda r: role_label(str(r), lang=lang) if r else "",
        )
        for i in industries
    }
    with st.form("ws_tiers"):
        edited = st.data_editor(frame, column_config=config, key="ws_tier_editor", width="stretch",
                                num_rows="fixed")  # fmt: skip
        rationale = st.text_input(
            t("workspace.rationale", lang), key="ws_tiers_rationale", max_chars=2000
        )
        submitted = st.form_submit_button(t("workspace.save", lang))
    if submitted:
        changes = _table_changes(frame, edited)
        if not changes:
            st.info(t("workspace.no_change", lang))
            return
        count = sum(len(c) for c in changes.values())
        _save(draft, _tiers_edit(changes), rationale=rationale, name=name, lang=lang,
              summary=summary("tier_table", count=count))  # fmt: skip


def _table_changes(before: pd.DataFrame, after: pd.DataFrame) -> dict[str, dict[str, str | None]]:
    codes = dict(
        zip([city for _, city in _prefectures()], [c for c, _ in _prefectures()], strict=True)
    )
    changes: dict[str, dict[str, str | None]] = {}
    for industry in before.columns:
        for city in before.index:
            old, new = _cell(before.at[city, industry]), _cell(after.at[city, industry])
            if old != new:
                changes.setdefault(industry, {})[codes[city]] = new or None
    return changes


def _cell(value: object) -> str:
    """Return a tier cell's value; a cleared cell comes back as None or NaN."""
    return value if isinstance(value, str) else ""


# --- records --------------------------------------------------------------------------------


@functools.cache
def _place_names() -> tuple[str, ...]:
    """Every prefecture and county, as a name the resolver maps back to it."""
    table = geodata.gazetteer()
    rows = table[table["level"].isin(["prefecture", "county"])].sort_values("adcode")
    names = []
    for code, level, short, full in zip(rows["adcode"].astype(str), rows["level"],
                                        rows["short_name"], rows["name"], strict=True):  # fmt: skip
        candidate = short if level == "prefecture" else full
        try:
            names.append(candidate if geodata.resolve(candidate) == code else code)
        except geodata.GeodataError:
            names.append(code)
    return tuple(names)


def place_label(name: str, lang: str) -> str:
    """Return a place name as ``lang`` shows it in plain text; a romanisation marked so.

    >>> place_label("仁寿县", "en"), place_label("成都", "en"), place_label("仁寿县", "zh")
    ('Renshou County (romanised)', 'Chengdu', '仁寿县')
    """
    return geodata.place_name(name, lang=lang, marked=True)


_RECORD_KINDS = ws_edits.KINDS
_SUB_KINDS = {
    "clusters": typing.get_args(ClusterKind),
    "parks": typing.get_args(ParkKind),
    "corridors": typing.get_args(CorridorKind),
}


def _records(draft: Draft, name: str, lang: str) -> None:
    kind = st.radio(
        t("workspace.record_kind", lang), _RECORD_KINDS, horizontal=True, key="ws_kind",
        format_func=lambda k: t(f"workspace.kind.{k}", lang),
    )  # fmt: skip
    existing = {r.id: r for r in getattr(draft.rules, kind)}
    record_id = st.selectbox(t("workspace.record", lang), ["", *existing], key=f"ws_record_{kind}",
                             format_func=lambda r: r or t("workspace.new", lang))  # fmt: skip
    old = existing.get(record_id)
    with st.form(f"ws_form_{kind}_{record_id}"):
        values = _record_fields(draft, kind, old, lang)
        rationale = st.text_input(t("workspace.rationale", lang), key=f"ws_rat_{kind}_{record_id}")
        submitted = st.form_submit_button(t("workspace.save", lang))
    if submitted:
        _save(draft, _record_edit(kind, values), rationale=rationale, name=name, lang=lang,
              summary=summary("edited" if old else "added", kind=kind,
                              id=str(values["id"])))  # fmt: skip
    if old is not None:
        _delete_form(draft, kind, record_id, name, lang)


def _delete_form(
    draft: Draft, kind: ws_edits.RecordKind, record_id: str, name: str, lang: str
) -> None:
    with st.form(f"ws_delete_{kind}_{record_id}"):
        rationale = st.text_input(
            t("workspace.rationale", lang), key=f"ws_del_rat_{kind}_{record_id}"
        )
        submitted = st.form_submit_button(t("workspace.delete", lang))
    if submitted:

        def edit(rules: DocumentRules, _why: str, _revision: int) -> DocumentRules:
            return ws_edits.remove_record(rules, kind, record_id)

        _save(draft, edit, rationale=rationale, name=name, lang=lang,
              summary=summary("removed", kind=kind, id=record_id))  # fmt: skip


def _record_fields(
    draft: Draft, kind: ws_edits.RecordKind, old: object, lang: str
) -> dict[str, object]:
    key = f"ws_{kind}_{getattr(old, 'id', 'new')}"
    values: dict[str, object] = {
        "id": st.text_input(
            t("workspace.record_id", lang),
            value=getattr(old, "id", ""),
            key=f"{key}_id",
            disabled=old is not None,
        ),
        "name": st.text_input(
            t("workspace.record_name", lang), value=getattr(old, "name", ""), key=f"{key}_name"
        ),
        "name_en": st.text_input(
            t("workspace.record_name_en", lang),
            value=getattr(old, "name_en", "") or "",
            key=f"{key}_name_en",
        ),
    }
    if kind == "industries":
        return values
    kinds = _SUB_KINDS[kind]
    values["kind"] = st.selectbox(t("workspace.record_kind", lang), kinds, key=f"{key}_kind",
                                  index=kinds.index(getattr(old, "kind", kinds[0])),
                                  format_func=lambda k: t(f"kind.{k}", lang))  # fmt: skip
    names = list(_place_names())
    if kind == "parks":
        host = getattr(old, "host", names[0])
        values["host"] = st.selectbox(t("workspace.host", lang), names, key=f"{key}_host",
                                      index=names.index(host) if host in names else 0,
                                      format_func=lambda n: place_label(n, lang))  # fmt: skip
    else:
        now = ([w.place for w in old.waypoints] if isinstance(old, Corridor)
               else list(getattr(old, "places", ())))  # fmt: skip
        values["places"] = st.multiselect(t("workspace.places", lang), names, key=f"{key}_places",
                                          default=[p for p in now if p in names],
                                          format_func=lambda n: place_label(n, lang),
                                          placeholder=t("workspace.choose", lang))  # fmt: skip
    ids = [i.id for i in draft.rules.industries]
    names_of = {i.id: text_in(i, "name", lang) for i in draft.rules.industries}
    values["industries"] = st.multiselect(
        t("workspace.industries", lang), ids, key=f"{key}_industries",
        default=[i for i in getattr(old, "industries", ()) if i in ids],
        format_func=lambda i: names_of.get(i, i), placeholder=t("workspace.choose", lang),
    )  # fmt: skip
    return values


def _record_edit(kind: ws_edits.RecordKind, values: dict[str, object]) -> Edit:
    def edit(rules: DocumentRules, rationale: str, revision: int) -> DocumentRules:
        source = rationale_source(rules.document.id, revision, rationale).model_dump()
        record = {**values, "source": source}
        if kind == "corridors":
            record["waypoints"] = record.pop("places")
        if not record["name_en"]:
            record["name_en"] = record["name"] if kind != "parks" else None
        return ws_edits.put_record(rules, kind, record)

    return edit


# --- revisions, status, export --------------------------------------------------------------


def _revisions(draft: Draft, name: str, lang: str) -> None:
    revisions = store().revisions(draft.id)
    rows = [
        {"r": r.number, "who": r.author, "when": f"{r.created_at:%Y-%m-%d %H:%M:%S}",
         "what": summary_text(r.summary, lang), "why": r.rationale}
        for r in revisions
    ]  # fmt: skip
    columns = _labels(_REVISION_COLUMNS, lang)
    columns["why"] = st.column_config.TextColumn(t(_REVISION_COLUMNS["why"], lang), width="large")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", column_config=columns)
    with st.form("ws_revert"):
        number = st.selectbox(t("workspace.revision", lang), [r.number for r in revisions[1:]],
                              key="ws_revert_to")  # fmt: skip
        rationale = st.text_input(t("workspace.rationale", lang), key="ws_revert_rationale")
        submitted = st.form_submit_button(t("workspace.revert", lang))
    if submitted and number is not None:
        old = store().revision_content(draft.id, int(number))
        _save(draft, lambda _rules, _why, _n: old, rationale=rationale, name=name, lang=lang,
              summary=summary("revert", number=int(number)))  # fmt: skip


def _status_and_export(draft: Draft, name: str, lang: str) -> None:
    with st.form("ws_status"):
        status = st.selectbox(t("workspace.status", lang), STATUSES, key="ws_status_choice",
                              index=STATUSES.index(draft.info.status),
                              format_func=lambda s: _status_label(s, lang))  # fmt: skip
        rationale = st.text_input(t("workspace.rationale", lang), key="ws_status_rationale")
        submitted = st.form_submit_button(t("workspace.set_status", lang))
    if submitted and status != draft.info.status:
        try:
            saved = store().set_status(draft.id, status, base=_seen(draft.id, draft.head),
                                       author=name, rationale=rationale)  # fmt: skip
        except WorkspaceError as error:
            st.error(escape_markdown(error_text(error, lang)))
        else:
            _mark_seen(saved)
            st.rerun()
    st.download_button(
        t("workspace.export", lang), data=lambda: export_zip(store(), draft.id),
        file_name=f"{draft.id}.zip", mime="application/zip", key="ws_export", on_click="ignore",
    )  # fmt: skip
    if st.button(t("workspace.check", lang), key="ws_check"):
        _check_export(draft, lang)


def _check_export(draft: Draft, lang: str) -> None:
    """Export to a temporary folder and validate it as ``python -m layout_rules check`` does.

    The same counts as the command line's ``OK: …`` line, in the page's language.
    """
    import tempfile

    from layout_rules import LayoutRulesError, load_rules
    from layout_rules.__main__ import counts

    with tempfile.TemporaryDirectory() as tmp:
        data = export_folder(store(), draft.id, tmp)
        try:
            checked = load_rules(data)
        except LayoutRulesError as error:
            st.error(escape_markdown(error_text(error, lang)))
            return
    st.success(t("workspace.check_ok", lang, version=checked.data_version, **counts(checked)))


# --- revision summaries in the reader's language ------------------------------------------


def summary_text(stored: str, lang: str) -> str:
    """Return a stored summary in ``lang``; free text (an older summary) as written.

    >>> from workspace.summary import summary
    >>> summary_text(summary("revert", number=2), "en"), summary_text("edits", "zh")
    ('revert to r2', 'edits')
    """
    parsed = parse_summary(stored)
    if parsed is None:
        return stored
    key, data = parsed
    fields = {name: _summary_field(name, value, data, lang) for name, value in data.items()}
    try:
        return t(f"workspace.summary.{key}", lang, **fields)
    except WordsError:
        return stored


def _summary_field(name: str, value: object, data: dict[str, object], lang: str) -> object:
    """Return one field as ``lang`` shows it: a city's name, a role's label, a kind's word."""
    words: dict[str, Callable[[], object]] = {
        "old": lambda: role_label(str(value), lang=lang),
        "new": lambda: role_label(str(value), lang=lang),
        "kind": lambda: t(f"workspace.kind.{value}", lang),
        "status": lambda: t(f"workspace.draft_status.{value}", lang),
        "old_status": lambda: t(f"workspace.draft_status.{value}", lang),
        "industry": lambda: text_in(data, "industry", lang),
        "city": lambda: _summary_city(value, lang),
    }
    shown = words.get(name)
    return value if shown is None else shown()


def _summary_city(adcode: object, lang: str) -> object:
    try:
        return text_in(place(str(adcode)), "name", lang, source="short_name")
    except GeodataError:
        return adcode
