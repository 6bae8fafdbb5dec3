"""A scanner for words of the other language in text a user sees (issue 13: one language).

In Chinese mode no English word may show, in English mode no Chinese character. The
exceptions are explicit and short:

- **quotes**: the documents' clauses are shown verbatim (Chinese in every language), so every
  ``source.quote`` of the rules and the source texts' section labels are removed first (the
  caller passes them, see :func:`quotes_of`);
- **marked romanisations**: an English name built by ``pypinyin`` is marked ``(romanised)`` /
  ``（拼音）`` next to it, so a reader knows it is not a curated name; the mark itself is English
  or Chinese as the mode requires;
- **proper nouns and units in both catalogues**: :data:`ALLOWED_LATIN` lists the Latin words the
  Chinese catalogue itself uses (file formats, the map providers' names, the package the
  boundaries come from); :data:`ALLOWED_CJK` is empty on purpose.

The scanner works on plain text; the callers take it from AppTest elements, a browser page, a
CSV/XLSX/GeoJSON download or the text layer of a PDF.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from layout_rules import Rules

ALLOWED_LATIN = frozenset(
    {
        # file formats and units the Chinese catalogue names as such
        "csv", "xlsx", "geojson", "pdf", "png", "svg", "html", "yaml", "txt", "docx", "zip",
        "dpi", "url", "wgs", "km", "id", "ids", "sqlite", "postgresql",
        # map providers and the boundary package, by their own names
        "amap", "openstreetmap", "osm", "cartodb", "carto", "esri", "leaflet", "cnmaps",
        "data", "albers", "gcj",
        # Streamlit's own widget words we do not control (file uploader, its size hint)
        "mb", "browse", "files", "drag", "and", "drop", "file", "here", "limit", "per",
    }
)  # fmt: skip
"""Latin words allowed in Chinese mode: formats, units, product names (lower case)."""

ALLOWED_CJK: frozenset[str] = frozenset()
"""Chinese text allowed in English mode besides the quotes: none."""

_LATIN = re.compile(r"[A-Za-z]{2,}")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_ROMANISED = re.compile(r"\(romanised\)|（拼音）")


def quotes_of(rules: Rules) -> list[str]:
    """Return every quote of the rules, longest first, for :func:`foreign_words` to remove."""
    found: set[str] = set()
    for document in rules.documents.values():
        _collect(document, found)
    return sorted(found, key=len, reverse=True)


def _collect(node: object, found: set[str]) -> None:
    """Gather the ``quote`` and ``section`` fields of a model tree into ``found``."""
    if isinstance(node, (tuple, list)):
        for item in node:
            _collect(item, found)
        return
    fields = getattr(type(node), "model_fields", None)
    if fields is None:
        return
    for name in fields:
        value = getattr(node, name)
        if name in ("quote", "section") and isinstance(value, str):
            found.update(part.strip() for part in value.split("……") if part.strip())
        elif name == "file" and isinstance(value, str):
            found.add(value)
        else:
            _collect(value, found)


def foreign_words(text: str, lang: str, quotes: Iterable[str] = ()) -> list[str]:
    """Return the words of the other language in ``text`` (empty when it is all ``lang``).

    Parameters
    ----------
    text
        What the user sees, as plain text.
    lang
        ``zh`` (no English words allowed) or ``en`` (no Chinese characters allowed).
    quotes
        Verbatim quotes to remove first (see :func:`quotes_of`); only long ones are removed
        whole, so a short quote cannot excuse a stray word.
    """
    for quote in quotes:
        text = text.replace(quote, " ")
    text = _ROMANISED.sub(" ", text)
    if lang == "zh":
        return [w for w in _LATIN.findall(text) if w.lower() not in ALLOWED_LATIN]
    return [w for w in _CJK.findall(text) if w not in ALLOWED_CJK]
