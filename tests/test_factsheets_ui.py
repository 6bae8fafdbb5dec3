"""The Fact sheet tab (ui/factsheet.py) through Streamlit's AppTest, without a browser.

Its batch button (all 21 cities) is tested in ``test_factsheets_batch.py``.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = """
import sys
sys.path.insert(0, {root!r})
import streamlit as st
from layout_rules import load_rules
from ui import factsheet

factsheet.render(
    load_rules(),
    adcode=st.session_state.get("city"),
    document=st.session_state.get("document", "sei-2016-2020"),
    lang=st.session_state.get("lang", "zh"),
)
"""


def _app(**state: object) -> AppTest:
    app = AppTest.from_string(SCRIPT.format(root=str(ROOT)), default_timeout=120)
    for key, value in state.items():
        app.session_state[key] = value
    return app.run()


def _downloads(app: AppTest) -> list[str]:
    return [element.proto.label for element in app.get("download_button")]


def test_without_a_city_it_offers_the_21_cities() -> None:
    app = _app()
    assert not app.exception and not app.error
    (picker,) = app.selectbox
    assert len(picker.options) == 21
    assert picker.value == "510100"
    assert _downloads(app)[:2] == ["下载 HTML", "下载 PDF"]
    picker.set_value("511400").run()
    assert not app.exception and not app.error


def test_the_selected_city_is_previewed_with_downloads() -> None:
    app = _app(city="510700", lang="en")
    assert not app.exception and not app.error
    assert not app.selectbox
    assert _downloads(app)[:2] == ["Download HTML", "Download PDF"]
    previews = app.get("iframe")
    assert previews and "<h1>Mianyang</h1>" in previews[0].proto.srcdoc  # one language


def test_a_county_selection_shows_its_prefecture() -> None:
    app = _app(city="511421")
    assert not app.exception and not app.error
    assert "眉山市" in app.get("iframe")[0].proto.srcdoc


def test_errors_are_shown_not_raised() -> None:
    app = _app(city="510100", document="no-such-document")
    assert not app.exception
    assert app.error and "未知的文件编号" in app.error[0].value  # unknown document, in zh
    app = _app(city="999999")
    assert not app.exception
    assert app.error and "999999" in app.error[0].value
