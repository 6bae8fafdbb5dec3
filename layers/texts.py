"""A document's popups and tooltips as one static file the browser fetches once per page.

Half the bytes of an industry switch were popups (a cluster's, a park's, a corridor's note
and source quote, HTML-escaped twice over on the way), the same for every industry of the
document. The texts of every single-industry view of a shipped document, in one language,
are gathered once per data version (:func:`view_texts`, kept in the precomputed store) and
published as ``static/texts/texts-<document>-<lang>-<hash>.json`` (:func:`text_table`), named
by content hash so a browser keeps it, and by document and language so that the removal of
old files (:func:`layers.assets.prune_family`, per family) never takes another document's.
A view then sends each popup or tooltip found in the file as its number
(:func:`refer_texts`), and ``scx`` fills it in when it opens.

Only the shipped rules' texts are ever published. A text not in the file (a user's upload
or draft, a selected county) stays inline in the view, as before; an export keeps all of
them inline.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import folium
from branca.element import Element

from layers._errors import LayersError
from layers.assets import STATIC_DIR, publish
from layers.elements import TEXT_FIELDS, SpecElement, Texts

TEXTS_DIR = STATIC_DIR / "texts"
_FAMILY = re.compile(r"[a-z0-9][a-z0-9-]*")
"""Document ids and language codes are lower-case ASCII words joined by hyphens."""
TEXTS_URL = "app/static/texts"
"""Where Streamlit serves ``static/texts``, relative to the app's base URL."""


@dataclass(frozen=True)
class TextTable:
    """A published text file: its URL and each text's number in it."""

    url: str
    index: Mapping[str, int]


def _specs(groups: Sequence[Element]) -> Iterator[SpecElement]:
    """Yield every spec element under the groups, depth first, in drawing order."""
    for group in groups:
        if isinstance(group, SpecElement):
            yield group
        yield from _specs(list(group._children.values()))


def view_texts(groups: Sequence[Element]) -> list[str]:
    """Return the popups and tooltips of a view's feature groups, each once, in order."""
    found: dict[str, None] = {}
    for spec in _specs(groups):
        for item in spec.items():
            for key in TEXT_FIELDS:
                value = item.get(key)
                if isinstance(value, str) and value:
                    found[value] = None
    return list(found)


@cache
def _table(texts: tuple[str, ...], family: str) -> tuple[str, bytes, TextTable]:
    data = json.dumps(list(texts), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    name = f"{family}-{hashlib.sha256(data).hexdigest()[:16]}.json"
    return name, data, TextTable(f"{TEXTS_URL}/{name}", {t: n for n, t in enumerate(texts)})


def text_table(texts: tuple[str, ...], document: str = "", lang: str = "") -> TextTable:
    """Publish the texts as one hash-named JSON list (once); return its URL and index.

    ``document`` and ``lang`` name the file's family: old files are removed per family.

    Raises
    ------
    LayersError
        If the static folder cannot be written.
    """
    family = "-".join(part for part in ("texts", document, lang) if part)
    if not _FAMILY.fullmatch(family):
        raise LayersError(f"{TEXTS_DIR}: {family!r} is not a safe file name")
    name, data, table = _table(texts, family)
    publish(TEXTS_DIR, name, data, what="the map's texts")  # a stat when it is there
    return table


def refer_texts(groups: list[folium.FeatureGroup], table: TextTable) -> None:
    """Send the groups' popups and tooltips found in the table as numbers into its file.

    The file is named first thing in the first group, so the browser starts fetching it
    before any item that refers to it is bound.
    """
    if groups and sum(spec.refer_texts(table.index) for spec in _specs(groups)):
        first = groups[0]
        named = Texts(table.url)
        named.add_to(first)
        first._children.move_to_end(named.get_name(), last=False)
