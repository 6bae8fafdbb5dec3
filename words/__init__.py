"""Words in every interface language: fixed words by key, and data text per language.

One catalogue file per language (``words/catalogues/<lang>.yaml``) holds the interface's
words; :func:`t` looks them up. Data text (names, titles, notes) is read by :func:`text_in`,
which picks ``name`` or ``name_<lang>`` with a fallback to the source language. A new
language is one catalogue file plus the data's translations; no code changes.

This package imports nothing of the project, so every package can use it without cycles.
"""

from __future__ import annotations

from words._errors import WordsError
from words.catalogue import (
    CATALOGUES,
    SOURCE_LANGUAGE,
    Catalogues,
    catalogues,
    every,
    languages,
    load_catalogues,
    t,
)
from words.data import column_in, romanised, text_field, text_in, translated
from words.worded import MESSAGE_LANGUAGE, Localised, Worded, in_language, worded

__all__ = [
    "CATALOGUES",
    "MESSAGE_LANGUAGE",
    "SOURCE_LANGUAGE",
    "Catalogues",
    "Localised",
    "Worded",
    "WordsError",
    "catalogues",
    "column_in",
    "every",
    "in_language",
    "languages",
    "load_catalogues",
    "romanised",
    "t",
    "text_field",
    "text_in",
    "translated",
    "worded",
]
