"""Revision summaries: stored as a word key and its fields, shown in the reader's language.

A revision's summary used to be text written in both languages at save time ("revert to r2 ·
恢复到第2版"). Now the store keeps what happened (:func:`summary`: a key of the catalogues'
``workspace.summary`` and ids: adcodes, role ids, record ids), and :func:`summary_text` writes
it in the language of whoever reads the history. A summary that is not such a record (one
saved before, or given by a script) is shown as written.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from geodata import GeodataError, place
from layout_rules.vocab import role_label
from words import WordsError, t, text_in


def summary(key: str, **fields: str | int) -> str:
    """Return the stored form of a summary: ``workspace.summary.<key>`` and its fields.

    >>> summary("revert", number=2)
    '{"key": "revert", "number": 2}'
    """
    return json.dumps({"key": key, **fields}, ensure_ascii=False)


def summary_text(stored: str, lang: str) -> str:
    """Return a stored summary in ``lang``; free text (an older summary) as written.

    >>> summary_text(summary("revert", number=2), "en"), summary_text("edits", "zh")
    ('revert to r2', 'edits')
    """
    try:
        data = json.loads(stored)
    except ValueError:
        return stored
    if not isinstance(data, dict) or not isinstance(data.get("key"), str):
        return stored
    key = data.pop("key")
    fields = {name: _shown(name, value, data, lang) for name, value in data.items()}
    try:
        return t(f"workspace.summary.{key}", lang, **fields)
    except WordsError:
        return stored


def _shown(name: str, value: object, data: dict[str, object], lang: str) -> object:
    """Return one field as ``lang`` shows it: a city's name, a role's label, a kind's word."""
    words: dict[str, Callable[[], object]] = {
        "old": lambda: role_label(str(value), lang=lang),
        "new": lambda: role_label(str(value), lang=lang),
        "kind": lambda: t(f"workspace.kind.{value}", lang),
        "status": lambda: t(f"workspace.draft_status.{value}", lang),
        "old_status": lambda: t(f"workspace.draft_status.{value}", lang),
        "industry": lambda: text_in(data, "industry", lang),
        "city": lambda: _city(value, lang),
    }
    shown = words.get(name)
    return value if shown is None else shown()


def _city(adcode: object, lang: str) -> object:
    try:
        return text_in(place(str(adcode)), "name", lang, source="short_name")
    except GeodataError:
        return adcode
