"""One language at a time (issue 13): data text in both languages, and no word of the other.

The scans use :mod:`tests.language_scan` (its allow-list is explained there): in Chinese mode
no English word, in English mode no Chinese character, except the documents' quotes.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import BaseModel

from layout_rules import Rules
from layout_rules.schema import Focus


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _records(node: object, where: str) -> Iterator[tuple[str, BaseModel]]:
    """Yield every model of a rules tree with where it is (document, kind, index)."""
    if isinstance(node, (tuple, list)):
        for k, item in enumerate(node):
            yield from _records(item, f"{where}[{k}]")
        return
    if not isinstance(node, BaseModel):
        return
    yield where, node
    for name in type(node).model_fields:
        yield from _records(getattr(node, name), f"{where}.{name}")


def _all_records(rules: Rules) -> Iterator[tuple[str, BaseModel]]:
    for doc_id, document in rules.documents.items():
        yield from _records(document, doc_id)
    yield from _records(rules.crosswalk, "crosswalk")


def test_every_note_is_written_in_both_languages(rules: Rules) -> None:
    missing = []
    for where, record in _all_records(rules):
        for field in ("note", "editorial_note"):
            note = getattr(record, field, None)
            if note is None:
                continue
            english = getattr(record, f"{field}_en", None)
            if not _has_cjk(note) or not english or english == note:
                missing.append(f"{where}.{field}")
    assert not missing, f"notes without a Chinese text and an English one: {missing}"


def test_every_focus_theme_has_its_english_name(rules: Rules) -> None:
    missing = [
        where for where, record in _all_records(rules)
        if isinstance(record, Focus) and len(record.themes_en) != len(record.themes)
    ]  # fmt: skip
    assert not missing, f"focus entries without English themes: {missing}"
    english = [t for _, r in _all_records(rules) if isinstance(r, Focus) for t in r.themes_en]
    assert english and not [t for t in english if _has_cjk(t)]


def test_english_themes_must_match_the_themes_one_for_one() -> None:
    source = {"doc": "sei-2016-2020", "section": "三（九）", "quote": "集成电路设计"}
    with pytest.raises(ValueError, match="themes_en has 1 entries for 2 themes"):
        Focus(place="成都", themes=("集成电路", "大数据"), themes_en=("ICs",), source=source)
