"""Cached data for the app, the rules source (shipped or the planner's own), and the Data tab.

Caches are keyed by strings (``rules.data_version``, document and industry ids, datum),
never by GeoDataFrames or the rules object (passed as ``_rules``, which Streamlit does not
hash). A user folder that fails validation is reported with every problem and the app goes on
with the shipped rules.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from geodata import GeodataError, load_counties, load_prefectures, load_province
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
from layout_rules import DATA_DIR, LayoutRulesError, Problem, Rules, load_rules
from words import t

SHIPPED_SOURCES = DATA_DIR.parent / "sources"


# --- rules ----------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def shipped_rules() -> Rules:
    """Return the shipped rules (validated once per server)."""
    return load_rules()


@st.cache_resource(show_spinner=False, max_entries=8)
def _folder_rules(folder: str, sources: str, fingerprint: str) -> Rules:
    del fingerprint  # part of the cache key only: edited files load again
    return load_rules(folder, sources=sources)


def _fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    for file in sorted(folder.glob("*.yaml")):
        digest.update(file.name.encode() + file.read_bytes())
    return digest.hexdigest()


def folder_rules(path: str) -> Rules:
    """Load a planner's rules folder: ``data/`` + ``sources/`` inside it, or YAML files only.

    Without a ``sources`` folder beside the YAML files, quotes are checked against the
    shipped texts.

    Raises
    ------
    LayoutRulesError
        With every problem of every file.
    """
    folder = Path(path).expanduser()
    if (folder / "data").is_dir():
        folder = folder / "data"
    sources = folder.parent / "sources"
    if not sources.is_dir():
        sources = SHIPPED_SOURCES
    if not folder.is_dir():
        raise LayoutRulesError([Problem(str(folder), "-", "not a folder of rule files")])
    return _folder_rules(str(folder.resolve()), str(sources), _fingerprint(folder))


def uploaded_rules(files: list[tuple[str, bytes]]) -> Rules:
    """Validate uploaded YAML files (checked against the shipped source texts)."""
    digest = hashlib.sha256(b"".join(n.encode() + c for n, c in sorted(files))).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / f"sichuan-rules-{digest}" / "data"
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files:
        (folder / Path(name).name).write_bytes(content)
    return _folder_rules(str(folder), str(SHIPPED_SOURCES), digest)


@dataclass(frozen=True)
class RulesChoice:
    """The rules in use, where they come from, and why a user's rules were refused."""

    rules: Rules
    origin: str
    problems: tuple[str, ...] = ()


def choose_rules() -> RulesChoice:
    """Draw the sidebar's rules source and return the rules to use (shipped on failure)."""
    box = st.sidebar.expander("Rules folder / 规则文件夹")
    path = box.text_input("Folder of YAML rules (path on this server)", key="w_rules_path")
    uploads = box.file_uploader("…or upload YAML files", type=["yaml", "yml"],
                                accept_multiple_files=True, key="w_rules_upload")  # fmt: skip
    try:
        if uploads:
            files = [(f.name, f.getvalue()) for f in uploads]
            return RulesChoice(uploaded_rules(files), "upload: " + ", ".join(n for n, _ in files))
        if path.strip():
            return RulesChoice(folder_rules(path.strip()), path.strip())
    except LayoutRulesError as error:
        return RulesChoice(shipped_rules(), "shipped", tuple(map(str, error.problems)))
    except (OSError, GeodataError) as error:
        return RulesChoice(shipped_rules(), "shipped", (str(error),))
    return RulesChoice(shipped_rules(), "shipped")


def show_rules_problems(choice: RulesChoice) -> None:
    """Show why a user's rules were refused, one problem a line."""
    if choice.problems:
        lines = "\n".join(f"- {problem}" for problem in choice.problems)
        st.error(f"The rules could not be used ({len(choice.problems)} problems); "
                 f"showing the shipped rules instead:\n{lines}")  # fmt: skip


# --- boundaries and map data ----------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def boundaries() -> Boundaries:
    """Return the web-variant boundaries (max error 362 m), loaded once per server."""
    return Boundaries(
        province=load_province(variant="web"),
        prefectures=load_prefectures(variant="web"),
        counties=load_counties(variant="web"),
    )


@st.cache_data(show_spinner=False)
def _prefecture_shapes(datum: str) -> dict[str, EncodedShape]:
    return MapParts(boundaries()).prefecture_shapes(datum)


@st.cache_data(show_spinner=False, max_entries=256)
def _joined(version: str, document: str, industries: tuple[str, ...], _rules: Rules) -> JoinedData:
    return MapParts(boundaries()).joined(_rules, MapView(document=document, industries=industries))


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
        return _joined(rules.data_version, view.document, view.industries, rules)

    def overlays(self, rules: Rules, view: MapView) -> Overlays:
        return _overlays(rules.data_version, view.document, view.industries, view.base, rules)

    def counties(self, city: str | None, datum: str) -> OverlayData:
        return _counties(city, datum)


def map_data(rules: Rules, view: MapView) -> MapData:
    """Return the inputs of a view's layers, built by :func:`layers.map_data` from the caches."""
    return build_map_data(rules, view, parts=_CachedParts(boundaries()))


# --- the Data tab ---------------------------------------------------------------------------


def render(rules: Rules, view: MapView) -> None:
    """Show the joined data of the current view, as the downloads write it."""
    data = map_data(rules, view)
    frame = joined_frame(data, view)
    st.caption(t("data_tab.caption", view.lang))
    st.dataframe(frame, hide_index=True)
