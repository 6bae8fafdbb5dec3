"""Data text in a language: the one accessor for names, titles and notes of the data.

Data records hold their text in the source language under a plain field (``name``,
``title``, ``city``) and a translation under ``<field>_<lang>`` (``name_en``). Where a record
has no translation for a language, the source text is shown: a name is never blank.
"""

from __future__ import annotations

import math
from typing import Any, Protocol

from words.catalogue import SOURCE_LANGUAGE


class _Table(Protocol):
    """What :func:`column_in` needs of a table (a pandas ``DataFrame``)."""

    @property
    def columns(self) -> Any: ...

    def __getitem__(self, key: str) -> Any: ...


def text_field(field: str, lang: str) -> str:
    """Return the name of the field that holds ``field`` in ``lang``.

    >>> text_field("name", "zh"), text_field("name", "en")
    ('name', 'name_en')
    """
    return field if lang == SOURCE_LANGUAGE else f"{field}_{lang}"


def translated(record: object, field: str, lang: str) -> Any:
    """Return the translation of ``record``'s ``field`` into ``lang``, or None when it has none.

    An empty text (or an empty tuple of texts) counts as none, and the source language has
    no translation (None).
    ``record`` is a mapping or a pandas row (read with ``.get``) or any object with
    attributes (a pydantic model, a dataclass, a named tuple).

    >>> translated({"name": "成都", "name_en": "Chengdu"}, "name", "en")
    'Chengdu'
    >>> translated({"name": "仁寿县", "name_en": None}, "name", "en") is None
    True
    """
    if lang == SOURCE_LANGUAGE:
        return None
    value = _get(record, text_field(field, lang))
    return None if _blank(value) else value


def text_in(record: object, field: str, lang: str, *, source: str | None = None) -> Any:
    """Return ``record``'s ``field`` in ``lang``, falling back to the source-language text.

    Parameters
    ----------
    record
        A mapping, a pandas row or an object with attributes.
    field
        The plain field name (``name``); the translation is ``<field>_<lang>``.
    lang
        The language code.
    source
        The field of the source-language text when it is not ``field`` (the gazetteer's
        ``short_name``, translated as ``name_en``).

    Examples
    --------
    >>> city = {"short_name": "成都", "name_en": "Chengdu"}
    >>> text_in(city, "name", "zh", source="short_name"), text_in(city, "name", "en")
    ('成都', 'Chengdu')
    >>> text_in({"title": "规划"}, "title", "fr")
    '规划'
    """
    value = translated(record, field, lang)
    return _get(record, source or field) if value is None else value


def romanised(record: object, field: str, lang: str) -> bool:
    """Return whether ``record``'s ``field`` shows in ``lang`` as a romanisation.

    The data says so with a flag beside the translation, ``<field>_<lang>_romanised`` (the
    gazetteer's counties: ``name_en_romanised``). Shown romanised names are set in italics
    where the text is drawn (maps, fact sheets) with the ``romanised.legend`` line, and carry
    the ``romanised.mark`` words where it is plain text.

    >>> county = {"name": "仁寿县", "name_en": "Renshou County", "name_en_romanised": True}
    >>> romanised(county, "name", "en"), romanised(county, "name", "zh")
    (True, False)
    """
    if translated(record, field, lang) is None:
        return False
    return bool(_get(record, f"{text_field(field, lang)}_romanised"))


def column_in(table: _Table, field: str, lang: str, *, source: str | None = None) -> Any:
    """Return a table's column of ``field`` in ``lang``, row by row falling back to the source.

    The vectorised :func:`text_in` for a pandas ``DataFrame``.
    """
    base = table[source or field]
    name = text_field(field, lang)
    if lang == SOURCE_LANGUAGE or name not in table.columns:
        return base
    column = table[name]
    return column.where(column.notna() & column.astype(str).ne(""), base)


def _get(record: object, field: str) -> Any:
    getter = getattr(record, "get", None)
    if callable(getter):
        return getter(field)
    return getattr(record, field, None)


def _blank(value: object) -> bool:
    if value is None or value in ("", ()):
        return True
    return isinstance(value, float) and math.isnan(value)  # how pandas stores a missing text
