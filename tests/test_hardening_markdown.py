"""Markdown injection: text from the URL, from problems and from data stays text.

The probe behind issue 14: ``?ind=[phish](http://evil.example/login)`` rendered a clickable
link and ``?doc=![t](http://evil.example/track.png)`` made the browser fetch an outside image.
Every element that Streamlit renders as Markdown is checked here for a live link or image.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

pytestmark = pytest.mark.cost(5)  # seconds; the costliest files run first (conftest.py)

APP = str(Path(__file__).resolve().parent.parent / "app.py")
LINK = "[phish](http://evil.example/login)"
IMAGE = "![t](http://evil.example/track.png)"
LIVE = re.compile(r"(?<!\\)\]\((?:https?|javascript):|(?<!\\)!(?<!\\)\[|<img|<a ", re.I)
AUTOLINK = re.compile(r"https?://[-.\w]|www\.|[-.\w+]+@[-\w]+\.", re.I)
"""What GitHub-flavoured Markdown links by itself, found in the text after escapes."""


def _live(text: str) -> bool:
    return bool(LIVE.search(text) or AUTOLINK.search(text.replace("\\", "")))


def _app(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _rendered_markdown(at: AppTest) -> list[str]:
    """Every text Streamlit renders as Markdown: markdown, captions, alerts, headers."""
    kinds = ("markdown", "caption", "error", "warning", "info", "success", "subheader",
             "header", "title")  # fmt: skip
    return [str(element.value) for kind in kinds for element in getattr(at, kind)]


def _assert_inert(at: AppTest, needle: str) -> list[str]:
    assert not at.exception, [e.value for e in at.exception]
    texts = _rendered_markdown(at)
    assert [text for text in texts if _live(text)] == []
    shown = [text for text in texts if "evil" in text]
    assert shown, f"the hostile value {needle!r} was not reported at all"
    return shown


@pytest.mark.parametrize("key", ["ind", "doc", "city", "base", "lang"])
@pytest.mark.parametrize("value", [LINK, IMAGE])
def test_url_parameters_reach_markdown_as_text(key: str, value: str) -> None:
    at = _app(**{key: value})
    if key in {"base", "lang"}:  # fall back silently or with a message; never a live link
        assert not at.exception
        assert [t for t in _rendered_markdown(at) if _live(t)] == []
        return
    shown = _assert_inert(at, value)
    assert any("\\[" in text for text in shown)


def test_compare_cities_from_the_url_are_text() -> None:
    at = _app(tab="Compare · 比较", cmp_part="城市并排对比", cmp=f"510100,{LINK}")
    shown = _assert_inert(at, LINK)
    assert any("phish" in text for text in shown)


def test_a_fact_sheet_city_from_the_url_is_text() -> None:
    at = _app(tab="Fact sheet · 概况", city=IMAGE)
    _assert_inert(at, IMAGE)


def test_the_search_box_error_is_text() -> None:
    at = _app()
    at.sidebar.text_input(key="w_search").input(LINK).run()
    _assert_inert(at, LINK)


@pytest.mark.parametrize(
    "text", ["http://evil.example/x", "HTTPS://evil.example", "www.evil.example", "a@evil.example"]
)
def test_escaped_text_is_not_autolinked(text: str) -> None:
    from layout_rules.text import escape_markdown

    assert not _live(escape_markdown(text))
    assert escape_markdown(text).replace("\\", "").replace("\u2060", "") == text
