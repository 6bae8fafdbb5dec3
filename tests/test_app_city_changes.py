"""AppTest of "what changed for one city".

Every later document and industry in one table, whose search box keeps only the matching
rows.
"""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import footprints as fp
from layout_rules import Rules, load_rules

SCRIPT = """
import streamlit as st
from layout_rules import load_rules
from ui.compare import render

@st.cache_resource
def rules():
    return load_rules()

render(rules(), document="sei-2016-2020", lang={lang!r})
"""
PART = {"zh": "文件间变化", "en": "Change between documents"}


def _app(lang: str) -> AppTest:
    app = AppTest.from_string(SCRIPT.format(lang=lang), default_timeout=120)
    app.query_params["cmp_part"] = PART[lang]
    app.run()
    _clean(app)
    return app


def _clean(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def _city_table(app: AppTest) -> pd.DataFrame:
    return app.dataframe[-1].value


def test_city_changes_are_every_later_document_and_industry(rules: Rules) -> None:
    dazhou = fp.city_changes(rules, "达州")
    assert set(dazhou["adcode"]) == {"511700"}
    later = [d for d in rules.documents if d != "sei-2016-2020"]
    assert set(dazhou["document"]) == set(later)
    assert len(dazhou) == len(later) * len(rules.document("sei-2016-2020").industries)
    whole = fp.document_changes(rules, document="new-industrialisation-2023")
    mine = whole[whole["adcode"] == "511700"].reset_index(drop=True)
    pd.testing.assert_frame_equal(
        dazhou[dazhou["document"] == "new-industrialisation-2023"].reset_index(drop=True), mine
    )
    with pytest.raises(fp.FootprintsError, match="is not a Sichuan prefecture"):
        fp.city_changes(rules, "重庆")


def test_pick_a_city_and_the_search_filters_rows() -> None:
    app = _app("zh")
    app.selectbox(key="cmp_changes_city").set_value("511700").run()
    _clean(app)
    table = _city_table(app)
    assert table.columns[0] == "后续文件"
    assert len(table) == len(fp.city_changes(load_rules(), "511700"))
    assert table["后续文件"].nunique() == 4
    app.text_input(key="cmp_changes_search").input("新增点名").run()
    _clean(app)
    table = _city_table(app)
    assert len(table) == 2 and set(table["变化"]) == {"新增点名"}
    assert set(table["产业"]) == {"新能源", "节能环保"}
    assert any("显示 2 / 32 行" in caption.value for caption in app.caption)


def test_search_words_all_must_match_in_english() -> None:
    app = _app("en")
    app.selectbox(key="cmp_changes_city").set_value("511700").run()
    app.text_input(key="cmp_changes_search").input("LOST industrialisation").run()
    _clean(app)
    table = _city_table(app)
    assert len(table) == 3
    assert table["Change"].str.startswith("Lost").all()
    assert table["Later document"].str.contains("New Industrialisation").all()
    app.text_input(key="cmp_changes_search").input("no such words").run()
    assert _city_table(app).empty
