"""Revision summaries: stored as a word key and its fields, shown in the reader's language.

A revision's summary used to be text written in both languages at save time ("revert to r2 ·
恢复到第2版"). Now the store keeps what happened (:func:`summary`: a key of the catalogues'
``workspace.summary`` and ids: adcodes, role ids, record ids), and the app
(``ui.workspace.summary_text``) writes it in the language of whoever reads the history. A
summary that is not such a record (one saved before, or given by a script) is shown as written.
"""

from __future__ import annotations

import json


def summary(key: str, **fields: str | int) -> str:
    """Return the stored form of a summary: ``workspace.summary.<key>`` and its fields.

    >>> summary("revert", number=2)
    '{"key": "revert", "number": 2}'
    """
    return json.dumps({"key": key, **fields}, ensure_ascii=False)


def parse_summary(stored: str) -> tuple[str, dict[str, object]] | None:
    """Return the key and fields of a stored summary, or None for free text (older ones).

    >>> parse_summary(summary("revert", number=2)), parse_summary("edits")
    (('revert', {'number': 2}), None)
    """
    try:
        data = json.loads(stored)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("key"), str):
        return None
    key = data.pop("key")
    return key, data
