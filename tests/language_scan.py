"""A scanner for words of the other language in text a user sees (issue 13: one language).

In Chinese mode no English word may show, in English mode no Chinese character. The
exceptions are explicit and short:

- **quotes**: the documents' clauses are shown verbatim (Chinese in every language), so every
  ``source.quote`` and ``section`` of the rules, and each document's title, issuer and number
  as a citation gives them, are removed first (:func:`quotes_of`);
- **cited terms**: an English note may name the document's own word in Chinese (``the
  重点拓展区 paragraph``); such a run is allowed only where it occurs verbatim in a source text
  and is not a place name (places must be in English). Likewise the Latin words the source
  texts themselves use (IC, LNG, CFDA) may show in Chinese data text (:func:`cited_terms`);
- **marked romanisations**: a name marked ``(romanised)`` / ``（拼音）`` (none is shown today:
  the themes are translated, not romanised);
- **proper nouns and units**: :data:`ALLOWED_LATIN` lists the Latin words the Chinese catalogue
  itself uses (file formats, units, the map providers' and the boundary package's names, the
  Jaccard/Ruzicka index) and "English" in the language switcher; :data:`ALLOWED_CJK` only the
  switcher's "中文".

Ids (adcodes, industry and role ids, file names) are not words: callers leave out the cells
of id columns (headed by the catalogue's ``download.id.*``).

The scanner works on plain text; the callers take it from AppTest elements, a browser page, a
CSV/XLSX/GeoJSON download or the text layer of a PDF.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from geodata import GeodataError, find_place
from layout_rules import DATA_DIR, Rules
from layout_rules.quotes import normalise
from words import SOURCE_LANGUAGE, catalogues

SOURCES = DATA_DIR.parent / "sources"

ALLOWED_LATIN = frozenset(
    {
        # file formats and units the Chinese catalogue names as such (and the XLSX button)
        "csv", "xlsx", "geojson", "pdf", "png", "svg", "html", "yaml", "txt", "docx", "zip",
        "dpi", "km", "id", "mb",
        # the base maps, the map library and the data packages by their own names (the
        # attribution, the layer control), the projection's inventor
        "openstreetmap", "cartodb", "leaflet", "cnmaps", "basemap", "data", "albers",
        # the similarity index by its inventors' names (the Chinese catalogue's own note)
        "jaccard", "ruzicka",
        # the language switcher names each language in itself
        "english",
    }
)  # fmt: skip
"""Latin words allowed in Chinese mode: formats, units, product names (lower case)."""

ALLOWED_CJK = frozenset({"中文"})
"""Chinese text allowed in English mode besides quotes: the language switcher's 中文."""

_LATIN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2,}(?![A-Za-z0-9])")
"""A Latin word; letters inside an id or a hash (``2c4fb2f3``, ``6G``) are not words."""
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+(?:、[\u3400-\u9fff\uf900-\ufaff]+)*")
_ROMANISED = re.compile(r"\(romanised\)|（拼音）")


def quotes_of(rules: Rules) -> list[str]:
    """Return every quote of the rules, longest first, for :func:`foreign_words` to remove.

    Besides each record's ``quote`` and ``section``, the documents' own titles, issuers and
    numbers (a citation names a document as it is written) are quotes too.
    """
    found: set[str] = set()
    for document in rules.documents.values():
        _collect(document, found)
        info = document.document
        found.update(v for v in (info.title, info.issuer, info.number) if v)
    return sorted(found, key=len, reverse=True)


def cited_terms(rules: Rules) -> frozenset[str]:
    """Return the documents' own words that may show in the other language's text.

    An English note (or an English catalogue word: ``ends with 等地``) names the document's
    own words in Chinese (``the 重点拓展区 paragraph``):
    quotes, word for word. A run that is a place name is *not* a cited term: places are
    named in English (the scan then reports it). The Latin words of the documents' texts
    (``IC``, ``CFDA``, ``LNG``) are their terms too, in Chinese data text.
    """
    texts = [
        normalise((SOURCES / d.document.file).read_text(encoding="utf-8"))
        for d in rules.documents.values() if (SOURCES / d.document.file).is_file()
    ]  # fmt: skip
    notes: list[str] = []
    for document in rules.documents.values():
        _collect(document, set(), notes)
    _collect(rules.crosswalk, set(), notes)
    words = catalogues().words
    notes.extend(text for lang in words if lang != SOURCE_LANGUAGE for text in words[lang].values())
    runs = {run for note in notes for run in _CJK.findall(note)}
    cjk = {r for r in runs if any(r in t for t in texts) and not _is_place(r)}
    latin = {w for text in texts for w in _LATIN.findall(text)}  # IC, CFDA, LNG, 5G as written
    return frozenset(cjk | latin)


def _is_place(name: str) -> bool:
    try:
        find_place(name)
    except GeodataError:
        return False
    return True


def _collect(node: object, found: set[str], notes: list[str] | None = None) -> None:
    """Gather a model tree's ``quote`` and ``section`` fields, and its English notes."""
    if isinstance(node, (tuple, list)):
        for item in node:
            _collect(item, found, notes)
        return
    fields = getattr(type(node), "model_fields", None)
    if fields is None:
        return
    for name in fields:
        value = getattr(node, name)
        if name in ("quote", "section") and isinstance(value, str):
            found.update(part.strip() for part in value.split("……") if part.strip())
        elif name.endswith("note_en") and isinstance(value, str) and notes is not None:
            notes.append(value)
        else:
            _collect(value, found, notes)


def foreign_words(
    text: str, lang: str, quotes: Iterable[str] = (), terms: frozenset[str] = frozenset()
) -> list[str]:
    """Return the words of the other language in ``text`` (empty when it is all ``lang``).

    Parameters
    ----------
    text
        What the user sees, as plain text.
    lang
        ``zh`` (no English words allowed) or ``en`` (no Chinese characters allowed).
    quotes
        Verbatim quotes to remove first (see :func:`quotes_of`).
    terms
        Chinese runs allowed in English text because notes cite them verbatim from the
        documents (see :func:`cited_terms`); a run must equal a term, not merely contain one.
    """
    for quote in quotes:
        text = text.replace(quote, " ")
    text = _ROMANISED.sub(" ", text)
    if lang == "zh":
        return [
            w for w in _LATIN.findall(text) if w.lower() not in ALLOWED_LATIN and w not in terms
        ]
    return [w for w in _CJK.findall(text) if w not in ALLOWED_CJK and w not in terms]
