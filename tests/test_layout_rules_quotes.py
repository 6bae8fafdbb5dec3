"""Every quote in the shipped rules occurs verbatim in its document, and a forgery is caught.

The quotes are collected from the raw YAML (every mapping with ``doc``, ``section`` and
``quote``), independently of the loader's own walk, and the two counts must agree.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from layout_rules import DATA_DIR, load_rules
from layout_rules.quotes import ELLIPSIS, missing_fragment, normalise
from layout_rules.validate import sources as _sources

SOURCES = DATA_DIR.parent / "sources"


def _raw_sources(node: object, at: str) -> list[tuple[str, dict[str, str]]]:
    if isinstance(node, dict):
        if {"doc", "section", "quote"} <= node.keys():
            return [(at, node)]
        return [hit for key, value in node.items() for hit in _raw_sources(value, f"{at}.{key}")]
    if isinstance(node, list):
        return [hit for i, item in enumerate(node) for hit in _raw_sources(item, f"{at}[{i}]")]
    return []


def _collect() -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """Return (id, doc, quote) for every shipped quote, and doc id -> normalised text."""
    quotes, texts = [], {}
    for path in sorted(DATA_DIR.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name == "crosswalk.yaml":
            continue
        document = raw["document"]
        text = (SOURCES / document["file"]).read_text(encoding="utf-8")
        texts[document["id"]] = normalise(text)
        for at, source in _raw_sources(raw, path.stem):
            quotes.append((at, source["doc"], source["quote"]))
    return quotes, texts


QUOTES, TEXTS = _collect()


def _forge(quote: str, position: float) -> str:
    """Change the character at ``position`` (0 = first, 1 = last) of the quote's real text."""
    candidates = [i for i, char in enumerate(quote) if not char.isspace() and char != ELLIPSIS[0]]
    index = candidates[round(position * (len(candidates) - 1))]
    replacement = chr(ord(quote[index]) + 1)
    while replacement.isspace() or replacement == ELLIPSIS[0]:
        replacement = chr(ord(replacement) + 1)
    return quote[:index] + replacement + quote[index + 1 :]


def test_there_are_many_quotes_and_the_loader_checks_each() -> None:
    rules = load_rules()
    checked = sum(1 for doc in rules.documents.values() for _ in _sources(doc))
    assert len(QUOTES) > 100
    assert checked == len(QUOTES)


@pytest.mark.parametrize(("at", "doc", "quote"), QUOTES, ids=[q[0] for q in QUOTES])
def test_every_shipped_quote_occurs_in_its_document(at: str, doc: str, quote: str) -> None:
    assert missing_fragment(quote, TEXTS[doc]) is None


@pytest.mark.parametrize(("at", "doc", "quote"), QUOTES, ids=[q[0] for q in QUOTES])
def test_altering_one_character_of_a_quote_is_caught(at: str, doc: str, quote: str) -> None:
    for position in (0.0, 0.5, 1.0):
        forged = _forge(quote, position)
        assert forged != quote
        assert missing_fragment(forged, TEXTS[doc]) is not None, (position, forged)


def test_a_forged_shipped_quote_fails_the_load(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    copy.mkdir()
    for path in DATA_DIR.glob("*.yaml"):
        (copy / path.name).write_bytes(path.read_bytes())
    target = copy / "sei_2016_2020.yaml"
    text = target.read_text(encoding="utf-8")
    original = "以成都、绵阳为主体形成核心发展区"
    assert original in text
    target.write_text(
        text.replace(original, "以成都、绵阳为重点形成核心发展区", 1), encoding="utf-8"
    )
    with pytest.raises(
        ValueError,
        match=r"sei_2016_2020\.yaml: industries\[0\]\.layout\.source\.quote: quote not found",
    ):
        load_rules(copy, sources=SOURCES)


def test_normalising_handles_line_breaks_page_markers_and_width() -> None:
    text = normalise("以成都、绵阳为主体形成核心\n- 14 -\n发展区（九）")
    assert missing_fragment("以成都、绵阳为主体形成核心发展区(九)", text) is None
    assert missing_fragment("以成都……发展区", text) is None
    assert missing_fragment("发展区……以成都", text) == "以成都"
