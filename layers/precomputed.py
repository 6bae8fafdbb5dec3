"""Map parts computed once per data version: every document × industry, on disk.

A first visit of an industry used to compute its overlays inside the rerun (159–573 ms);
there are only a few dozen document × industry pairs in the shipped rules, so their parts
(joined tiers, overlays in every datum, industry names) are computed once, at build time
(``python -m layers precompute``, beside ``python -m geodata ensure``) or when the app first
needs them, and kept beside the boundary cache. The store is keyed by the rules'
``data_version`` (a content hash) and the boundary cache's checksums, and it carries its own
SHA-256: a changed rule, a rebuilt boundary cache or a damaged file is never served, it is
computed again. Views outside the store (several industries, a user's rules) fall back to
the usual parts.

The store is a pickle because its parts are DataFrames and encoded shapes as the builders
return them; it is only read from the install's own cache folder, after its checksum.
"""

from __future__ import annotations

import contextlib
import pickle
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from layers._errors import LayersError
from layers.basemaps import BASEMAPS
from layers.disk_cache import boundary_checksums, cache_folder, read_checked, write_checked
from layers.geometry import EncodedShape
from layers.overlays import OverlayData, Overlays
from layers.texts import TextTable, text_table, view_texts
from layers.topology import ShapeFile
from layers.view import JoinedData, MapData, MapParts, MapView, view_layers
from layout_rules import Rules
from words import languages

FORMAT = 3
"""Bumped when the parts' shape changes, so an older store is computed again."""

STORE_NAME = "map_parts.bin"
DATUMS: tuple[str, ...] = tuple(sorted({basemap.datum for basemap in BASEMAPS.values()}))
"""Every datum a base map draws in (overlays are shifted per datum)."""


@dataclass(frozen=True)
class MapStore:
    """The precomputed parts of one data version's single-industry views."""

    data_version: str
    joined: dict[tuple[str, str], JoinedData] = field(default_factory=dict)
    """(document, industry) -> joined tiers."""
    overlays: dict[tuple[str, str, str], Overlays] = field(default_factory=dict)
    """(document, industry, datum) -> overlays."""
    names: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    """document -> industry names."""
    texts: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    """(document, language) -> the popups and tooltips of its views (see :mod:`layers.texts`)."""


def store_folder() -> Path:
    """Return where the store lives: inside the boundary cache (rebuilt with it)."""
    return cache_folder()


def build_store(
    rules: Rules,
    parts: MapParts,
    *,
    datums: tuple[str, ...] = DATUMS,
    documents: tuple[str, ...] | None = None,
) -> MapStore:
    """Compute the parts of every single-industry view of ``rules``.

    Parameters
    ----------
    rules
        The rules to compute for (the store is valid for their ``data_version`` only).
    parts
        Where the parts are computed (a :class:`layers.MapParts` on the web boundaries).
    datums, documents
        Restrict the store (tests); by default every datum and document.
    """
    store = MapStore(rules.data_version)
    for document in documents or tuple(rules.documents):
        store.names[document] = parts.industry_names(rules, document)
        for industry in rules.document(document).industries:
            view = MapView(document=document, industries=(industry.id,))
            store.joined[document, industry.id] = parts.joined(rules, view)
            for datum in datums:
                view = MapView(document=document, industries=(industry.id,), base=_base(datum))
                store.overlays[document, industry.id, datum] = parts.overlays(rules, view)
    _share_equal_parts(store)
    shapes = parts.prefecture_shapes(datums[0])
    for document in store.names:
        for lang in languages():
            store.texts[document, lang] = document_texts(store, document, lang, shapes=shapes,
                                                         datum=datums[0])  # fmt: skip
    return store


def _share_equal_parts(store: MapStore) -> None:
    """Make equal overlay data and shapes one object, in memory and in the pickle.

    The city labels are the same for every industry of a datum, and a cluster's shape for
    every industry that shows it: computed per view, each was a copy (7 MB of the pickle).
    Pickle keeps shared objects shared, so the loaded store holds each once.
    """
    seen: dict[bytes, Any] = {}

    def one(value: Any) -> Any:
        return seen.setdefault(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), value)

    for key, overlays in store.overlays.items():
        data = {}
        for name, found in overlays.data.items():
            shapes = found.shapes
            if isinstance(shapes, dict):
                shapes = {shape_id: one(shape) for shape_id, shape in shapes.items()}
            data[name] = one(replace(found, rows=one(found.rows), shapes=one(shapes)))
        store.overlays[key] = replace(overlays, data=data)


def document_texts(
    store: MapStore, document: str, lang: str, *, shapes: dict[str, EncodedShape], datum: str
) -> tuple[str, ...]:
    """Return the popups and tooltips of every stored view of a document in a language.

    They are the same in every datum; the views are drawn in ``datum``, on ``shapes``.
    """
    found: dict[str, None] = {}
    for (doc, industry, stored_datum), overlays in store.overlays.items():
        if doc == document and stored_datum == datum:
            data = MapData(datum, shapes, store.names[document],
                           **store.joined[document, industry], overlays=overlays)  # fmt: skip
            view = MapView(document=document, industries=(industry,), lang=lang)
            found.update(dict.fromkeys(view_texts(view_layers(data, view))))
    return tuple(found)


def _base(datum: str) -> str:
    return next(key for key, basemap in BASEMAPS.items() if basemap.datum == datum)


def _expected_meta(data_version: str) -> dict[str, object]:
    return {"format": FORMAT, "data_version": data_version, "boundaries": boundary_checksums()}


def write_store(store: MapStore, folder: Path) -> Path:
    """Write the store atomically, as one checked file (:func:`layers.disk_cache.write_checked`).

    The meta carries what the store was computed from, so a reader can tell a stale one.
    """
    return write_checked(folder / STORE_NAME, store, _expected_meta(store.data_version))


def read_store(data_version: str, folder: Path) -> MapStore | None:
    """Return the store for this data version, or None if missing, stale or damaged."""
    store = read_checked(folder / STORE_NAME, _expected_meta(data_version))
    return store if isinstance(store, MapStore) else None


def ensure_store(rules: Rules, parts: MapParts, folder: Path | None = None) -> MapStore:
    """Return the store for ``rules``: read from disk, else computed and written (if we can).

    An unwritable cache folder does not stop the app: the store is then kept in memory.
    """
    folder = folder or store_folder()
    store = read_store(rules.data_version, folder)
    if store is None:
        store = build_store(rules, parts)
        with contextlib.suppress(OSError):  # read-only install: the store stays in memory
            write_store(store, folder)
    return store


class StoredParts(MapParts):
    """Parts served from a :class:`MapStore` where it has them, else from ``fallback``."""

    def __init__(self, store: MapStore, fallback: MapParts) -> None:
        super().__init__(fallback.boundaries)
        self.store = store
        self.fallback = fallback

    def _stored(self, rules: Rules, view: MapView) -> tuple[str, str] | None:
        if rules.data_version != self.store.data_version or len(view.industries) != 1:
            return None
        return view.document, view.industries[0]

    def prefecture_shapes(self, datum: str) -> dict[str, EncodedShape]:
        """Return the prefecture shapes from the fallback (not part of the store)."""
        return self.fallback.prefecture_shapes(datum)

    def industry_names(self, rules: Rules, document: str) -> dict[str, dict[str, str]]:
        """Return the document's industry names, from the store if it has them."""
        if rules.data_version == self.store.data_version and document in self.store.names:
            return self.store.names[document]
        return self.fallback.industry_names(rules, document)

    def joined(self, rules: Rules, view: MapView) -> JoinedData:
        """Return the view's joined tiers, from the store if it has them."""
        key = self._stored(rules, view)
        found = self.store.joined.get(key) if key else None
        return found if found is not None else self.fallback.joined(rules, view)

    def overlays(self, rules: Rules, view: MapView) -> Overlays:
        """Return the view's overlays, from the store if it has them."""
        key = self._stored(rules, view)
        found = self.store.overlays.get((*key, view.datum)) if key else None
        return found if found is not None else self.fallback.overlays(rules, view)

    def counties(self, city: str | None, datum: str) -> OverlayData:
        """Return the counties of a city from the fallback (not part of the store)."""
        return self.fallback.counties(city, datum)

    def shape_files(self, layer: str, datum: str) -> tuple[ShapeFile, ...]:
        """Return the fallback's boundary files (the app's: shapes are fetched, not sent)."""
        return self.fallback.shape_files(layer, datum)

    def texts(self, rules: Rules, view: MapView) -> TextTable | None:
        """Return the published texts of the view's document and language, if stored.

        Only shipped texts are in the store; a view of other rules refers to those of its
        texts that are the same, and sends the rest inline.
        """
        del rules
        found = self.store.texts.get((view.document, view.lang))
        if not found:
            return None
        try:
            return text_table(found, view.document, view.lang)
        except LayersError:  # a read-only static folder: the texts travel inline, as before
            return None


def main() -> int:
    """Compute the shipped rules' store if missing or stale: ``python -m layers.precomputed``.

    Run after ``python -m geodata ensure``: the store follows the boundary cache it is built on.
    """
    from geodata import GeodataError
    from layers.tables import Boundaries
    from layout_rules import LayoutRulesError, load_rules

    try:
        rules = load_rules()
        folder = store_folder()
        if read_store(rules.data_version, folder) is None:
            write_store(build_store(rules, MapParts(Boundaries.load())), folder)
    except (OSError, GeodataError, LayoutRulesError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"map parts ready: {folder / STORE_NAME} (data version {rules.data_version})")
    return 0


if __name__ == "__main__":
    from layers.precomputed import main as run  # pickle names the module, not __main__

    sys.exit(run())
