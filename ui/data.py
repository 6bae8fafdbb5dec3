"""Cached data for the app, the rules source (shipped or the planner's own), and the Data tab.

Caches are keyed by strings (``rules.data_version``, document and industry ids, datum),
never by GeoDataFrames or the rules object (passed as ``_rules``, which Streamlit does not
hash). A user's rules come as uploads, kept in a folder private to the session and removed
with it (a server path only under the operator's allowed root, ``SICHUAN_RULES_ROOT``); rules
that fail validation are reported with every problem and the app goes on with the shipped rules.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import streamlit as st
from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

import footprints as fp
from geodata import GeodataError
from layers import (
    Boundaries,
    JoinedData,
    MapData,
    MapParts,
    MapView,
    OverlayData,
    Overlays,
    joined_frame,
)
from layers import map_data as build_map_data
from layers.geometry import EncodedShape
from layers.precomputed import MapStore, StoredParts, ensure_store
from layers.shape_files import shape_files
from layers.topology import ShapeFile
from layout_rules import DATA_DIR, LayoutRulesError, Problem, Rules, load_rules
from layout_rules.limits import DEFAULT_LIMITS
from layout_rules.text import escape_markdown
from layout_rules.uploads import allowed_folder, unpack, write_upload
from ui import uploads as ui_uploads
from ui.errors import error_text
from words import Localised, Worded, t, worded

SHIPPED_SOURCES = DATA_DIR.parent / "sources"

# pyarrow's default pool (mimalloc) keeps what the boundary cache's reads freed, about 22 MB
# for the life of the server; the system allocator returns it.
pa.set_memory_pool(pa.system_memory_pool())


# --- rules ---------------------------------------------------------------------------------

RULES_ROOT_VARIABLE = "SICHUAN_RULES_ROOT"
"""The operator's option: one server folder under which users may name rule folders.

Unset (the default), the app takes rules only as uploads and has no server-path box.
"""

_UPLOAD_FOLDER = "_rules_upload_folder"
_UPLOAD_RESULT = "_rules_upload_result"
UPLOAD_PREFIX = "sichuan-rules-"
IDLE_UPLOAD_S = 3600
"""An upload folder unused this long is removed even if Streamlit still holds its session."""
_SWEEP_EVERY_S = 60
_last_sweep = [0.0]


@st.cache_resource(show_spinner=False)
def shipped_rules() -> Rules:
    """Return the shipped rules (validated once per server)."""
    return load_rules()


@st.cache_resource(show_spinner=False, max_entries=8)
def _folder_rules(folder: str, sources: str, fingerprint: str) -> Rules:
    del fingerprint  # part of the cache key only: edited files load again
    return load_rules(folder, sources=sources)


def _fingerprint(folder: Path) -> str:
    """Names, sizes and times of the folder's files, from ``lstat``: nothing is opened."""
    digest = hashlib.sha256()
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        info = entry.stat(follow_symlinks=False)
        digest.update(f"{entry.name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def rules_root() -> Path | None:
    """Return the allowed root of server rule folders, or None (the default: uploads only)."""
    value = os.environ.get(RULES_ROOT_VARIABLE, "").strip()
    return Path(value) if value else None


def folder_rules(path: str, root: Path) -> Rules:
    """Load a rules folder under ``root``: ``data/`` + ``sources/`` inside it, or YAML only.

    Without a ``sources`` folder beside the YAML files (inside ``root``), quotes are checked
    against the shipped texts.

    Raises
    ------
    LayoutRulesError
        If the folder is outside ``root`` or missing, or with every problem of every file.
    """
    folder = allowed_folder(path, root)
    if (folder / "data").is_dir():
        folder = allowed_folder(str(folder / "data"), root)
    sources = folder.parent / "sources"
    inside = sources.resolve().is_relative_to(root.resolve())
    if not (inside and sources.is_dir()):
        sources = SHIPPED_SOURCES
    return _folder_rules(str(folder), str(sources), _fingerprint(folder))


def _session_folder() -> Path:
    """Return this session's private folder for uploads (mode 0700), removed with the session.

    The :class:`tempfile.TemporaryDirectory` lives in the session state: when the session
    ends and its state is collected, the directory's finalizer deletes it. It is also
    registered (weakly) under the session's id, and :func:`release_closed_sessions` removes
    it once the session has been closed for Streamlit's reconnection time, without waiting
    for the collector: a session's state can sit in a reference cycle that the frozen heap
    (:func:`_freeze_what_lasts`) never collects.
    """
    holder = st.session_state.get(_UPLOAD_FOLDER)
    if holder is None:
        holder = tempfile.TemporaryDirectory(prefix=UPLOAD_PREFIX, ignore_cleanup_errors=True)
        st.session_state[_UPLOAD_FOLDER] = holder
        ctx = get_script_run_ctx()
        if ctx is not None:
            with _FOLDERS_LOCK:
                _SESSION_FOLDERS[ctx.session_id] = weakref.ref(holder)
    folder = Path(holder.name)
    folder.mkdir(mode=0o700, exist_ok=True)  # swept while idle: made again, empty
    os.utime(folder)  # in use: the sweep leaves it alone
    return folder


_SESSION_FOLDERS: dict[str, weakref.ref[tempfile.TemporaryDirectory[str]]] = {}
_CLOSED_SINCE: dict[str, float] = {}
_FOLDERS_LOCK = threading.Lock()


def release_closed_sessions(
    now: float, is_active: Callable[[str], bool], *, grace_s: float
) -> list[Path]:
    """Remove the upload folders of sessions closed for ``grace_s`` seconds; return them.

    A closed session may reconnect within Streamlit's ``server.disconnectedSessionTTL``,
    so its folder is kept that long after it was first seen closed.
    """
    removed = []
    with _FOLDERS_LOCK:
        for session, ref in list(_SESSION_FOLDERS.items()):
            holder = ref()
            if holder is not None and is_active(session):
                _CLOSED_SINCE.pop(session, None)
                continue
            since = _CLOSED_SINCE.setdefault(session, now)
            if holder is None or now - since >= grace_s:
                if holder is not None:
                    holder.cleanup()
                    removed.append(Path(holder.name))
                del _SESSION_FOLDERS[session]
                del _CLOSED_SINCE[session]
    return removed


def _release_closed_now() -> None:
    """Release the folders of closed sessions (on a server only; cheap: a few dict entries)."""
    if not _SESSION_FOLDERS or not runtime.exists():
        return
    grace = float(st.get_option("server.disconnectedSessionTTL"))
    release_closed_sessions(time.time(), runtime.get_instance().is_active_session, grace_s=grace)


def sweep_idle_uploads(now: float, *, idle_s: float = IDLE_UPLOAD_S) -> list[Path]:
    """Remove upload folders unused for ``idle_s`` seconds; return those removed.

    Streamlit drops a closed session (and so its folder) only lazily, at some later session
    activity; this bounds how long an abandoned upload can stay on the server.
    """
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(UPLOAD_PREFIX + "*"):
        with contextlib.suppress(OSError):
            if folder.is_dir() and now - folder.stat().st_mtime > idle_s:
                shutil.rmtree(folder)
                removed.append(folder)
    return removed


def _sweep_now_and_then() -> None:
    _release_closed_now()
    now = time.time()
    if now - _last_sweep[0] > _SWEEP_EVERY_S:
        _last_sweep[0] = now
        sweep_idle_uploads(now)


def uploaded_rules(files: list[tuple[str, bytes]]) -> Rules:
    """Validate uploaded rule files, texts or zips in this session's private folder.

    Quotes are checked against uploaded texts if any came, else against the shipped ones.

    Raises
    ------
    LayoutRulesError
        If the upload exceeds a limit, or with every problem of every file; paths name the
        uploaded files, never the server folder.
    """
    folder = _session_folder()
    written = write_upload(unpack(files), folder)
    try:
        return load_rules(written.data, sources=written.sources or SHIPPED_SOURCES)
    except LayoutRulesError as error:
        problems = [_hide_folder(problem, folder) for problem in error.problems]
        raise LayoutRulesError(problems) from None


def _hide_folder(problem: Problem, folder: Path) -> Problem:
    """Name the session's folder "upload" in a problem, keeping a worded reason's key."""

    def hide(text: str) -> str:
        if isinstance(text, Localised):  # place names said in the page's language: no folder
            return text
        if isinstance(text, Worded):
            return worded(text.key, **{name: hide(value) if isinstance(value, str) else value
                                       for name, value in text.params.items()})  # fmt: skip
        return text.replace(str(folder / "sources"), "upload").replace(str(folder), "upload")

    return Problem(hide(problem.file), problem.entry, hide(problem.reason))


@dataclass(frozen=True)
class RulesChoice:
    """The rules in use, where they come from, and why a user's rules were refused."""

    rules: Rules
    origin: str
    problems: tuple[Problem | str, ...] = ()
    """Why the user's rules were refused: problems (worded when shown), or a worded error."""


def choose_rules(lang: str) -> RulesChoice:
    """Draw the sidebar's rules source and return the rules to use (shipped on failure).

    Users give rules as uploads; the server-path box appears only when the operator names
    an allowed root (:data:`RULES_ROOT_VARIABLE`).
    """
    _sweep_now_and_then()
    if st.session_state.get(_UPLOAD_FOLDER) is not None:
        _session_folder()  # touch it: this session is alive
    box = st.sidebar.expander(t("rules_box.title", lang))
    root = rules_root()
    path = ""
    if root is not None:
        path = box.text_input(t("rules_box.folder", lang, root=root), key="w_rules_path")
    uploads = ui_uploads.file_uploader(
        t("rules_box.upload", lang),
        types=["yaml", "yml", "txt", "zip"],
        multiple=True,
        key="w_rules_upload",
        limit=DEFAULT_LIMITS.upload_bytes,
        lang=lang,
        where=box,
        help=t("rules_box.limit", lang, bytes=f"{DEFAULT_LIMITS.upload_bytes:,}",
               files=DEFAULT_LIMITS.files),
    )  # fmt: skip
    if isinstance(uploads, list) and uploads:
        return _upload_choice([(f.name, f.getvalue()) for f in uploads], lang)
    if root is not None and path.strip():
        return _guarded(lambda: RulesChoice(folder_rules(path.strip(), root), path.strip()), lang)
    return RulesChoice(shipped_rules(), "shipped")


def _upload_choice(files: list[tuple[str, bytes]], lang: str) -> RulesChoice:
    """Validate an upload once per session: reruns reuse the result kept in the session."""
    digest = hashlib.sha256(b"".join(n.encode() + b"\0" + c for n, c in files)).hexdigest()
    kept: tuple[str, RulesChoice] | None = st.session_state.get(_UPLOAD_RESULT)
    if kept is not None and kept[0] == digest:
        return kept[1]
    origin = "upload: " + ", ".join(name for name, _ in files)
    choice = _guarded(lambda: RulesChoice(uploaded_rules(files), origin), lang)
    st.session_state[_UPLOAD_RESULT] = (digest, choice)
    return choice


def _guarded(load: Callable[[], RulesChoice], lang: str) -> RulesChoice:
    """Return the loaded choice, or the shipped rules with the reasons the user's failed."""
    try:
        return load()
    except LayoutRulesError as error:
        return RulesChoice(shipped_rules(), "shipped", error.problems)
    except (OSError, GeodataError) as error:
        return RulesChoice(shipped_rules(), "shipped", (error_text(error, lang),))


def show_rules_problems(choice: RulesChoice, lang: str) -> None:
    """Show why a user's rules were refused, one problem a line (as text, not Markdown)."""
    if choice.problems:
        texts = (p.in_language(lang) if isinstance(p, Problem) else p for p in choice.problems)
        lines = "\n".join(f"- {escape_markdown(text)}" for text in texts)
        st.error(t("rules_box.refused", lang, n=len(choice.problems)) + f"\n{lines}")


# --- boundaries and map data ----------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def boundaries() -> Boundaries:
    """Return the web-variant boundaries (max error 362 m), loaded once per server."""
    return Boundaries.load("web")


@st.cache_data(show_spinner=False)
def _prefecture_shapes(datum: str) -> dict[str, EncodedShape]:
    return MapParts(boundaries()).prefecture_shapes(datum)


@st.cache_data(show_spinner=False, max_entries=256)
def _joined(
    version: str, document: str, industries: tuple[str, ...], count_named: bool, _rules: Rules
) -> JoinedData:
    view = MapView(document=document, industries=industries, count_named=count_named)
    return MapParts(boundaries()).joined(_rules, view)


@st.cache_data(show_spinner=False, max_entries=128)
def _overlays(
    version: str, document: str, industries: tuple[str, ...], base: str, _rules: Rules
) -> Overlays:
    view = MapView(document=document, industries=industries, base=base)
    return MapParts(boundaries()).overlays(_rules, view)


@st.cache_data(show_spinner=False, max_entries=64)
def _counties(city: str | None, datum: str) -> OverlayData:
    return MapParts(boundaries()).counties(city, datum)


@st.cache_data(show_spinner=False, max_entries=16)
def _names(version: str, document: str, _rules: Rules) -> dict[str, dict[str, str]]:
    return MapParts(boundaries()).industry_names(_rules, document)


class _CachedParts(MapParts):
    """The parts of a view, served from the caches above (keyed by strings only)."""

    def prefecture_shapes(self, datum: str) -> dict[str, EncodedShape]:
        return _prefecture_shapes(datum)

    def industry_names(self, rules: Rules, document: str) -> dict[str, dict[str, str]]:
        return _names(rules.data_version, document, rules)

    def joined(self, rules: Rules, view: MapView) -> JoinedData:
        return _joined(rules.data_version, view.document, view.industries, view.count_named,
                       rules)  # fmt: skip

    def overlays(self, rules: Rules, view: MapView) -> Overlays:
        return _overlays(rules.data_version, view.document, view.industries, view.base, rules)

    def counties(self, city: str | None, datum: str) -> OverlayData:
        return _counties(city, datum)

    def shape_files(self, layer: str, datum: str) -> tuple[ShapeFile, ...]:
        return shape_files(layer, datum)  # checks the files are there; writes them if not


@st.cache_resource(show_spinner=False)
def _store(version: str) -> MapStore:
    """Return the shipped rules' precomputed parts: read from disk, else computed once."""
    del version  # part of the cache key only
    store = ensure_store(shipped_rules(), MapParts(boundaries()))
    _to_freeze.set()  # at the end of this run (settle), once the page is sent
    return store


_to_freeze = threading.Event()
"""Set once what lasts is loaded; :func:`settle` then freezes it, once."""


def settle() -> None:
    """Freeze what lasts as long as the server, once it is loaded (the app's last call in a run).

    The freeze's full collection takes a fifth of a second on a busy machine: done inside the
    run that first loads the precomputed parts, before the map was sent, it delayed the first
    page of a fresh server; at the run's end the page has been sent.
    """
    if _to_freeze.is_set():
        _to_freeze.clear()
        _freeze_what_lasts()


def _freeze_what_lasts() -> None:
    """Exclude what lives as long as the server from Streamlit's full collection per rerun.

    Streamlit runs ``gc.collect(2)`` after every rerun (``runner.postScriptGC``), which also
    frees a closed session's upload folder promptly. Once the imports, boundaries, rules and
    precomputed parts are loaded, :func:`gc.freeze` moves them out of the collector's way,
    so that collection walks only what sessions made since (it was a third of a switch).
    """
    gc.collect()
    gc.freeze()


def map_data(rules: Rules, view: MapView) -> MapData:
    """Return the inputs of a view's layers, built by :func:`layers.map_data`.

    A single-industry view of the shipped rules' data version comes from the precomputed
    store (so a first visit costs what a revisit does); any other view from the caches above.
    """
    store = _store(shipped_rules().data_version)
    parts = StoredParts(store, fallback=_CachedParts(boundaries()))
    return build_map_data(rules, view, parts=parts)


# --- the Data tab ---------------------------------------------------------------------------


def render(rules: Rules, view: MapView) -> None:
    """Show the joined data of the current view, as the downloads write it."""
    data = map_data(rules, view)
    frame = fp.for_download(joined_frame(data, view), view.lang, rules, document=view.document)
    st.caption(t("data_tab.caption", view.lang))
    st.dataframe(frame, hide_index=True)
