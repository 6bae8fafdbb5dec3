"""AppTest of the Compare tab (``ui/compare/``): every document and part, 2 and 4 cities.

The parts are lazy sub-tabs bound to ``?cmp_part=`` (only the open one runs), so each test
opens every part in turn through the URL, as a shared link would.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from layout_rules import load_rules

pytestmark = pytest.mark.cost(13)  # seconds; the costliest files run first (conftest.py)
DOCUMENTS = list(load_rules().documents)
TWO = "510100,510600"
FOUR = "510100,510600,510700,511100"
PARTS_ZH = ("城市 × 产业矩阵", "城市并排对比", "产业重叠", "覆盖面积", "相似城市", "文件间变化")
SCRIPT = """
import streamlit as st
from layout_rules import load_rules
from ui.compare import render

@st.cache_resource
def rules():
    return load_rules()

render(rules(), document={document!r}, lang={lang!r})
"""


def _app(document: str, *, cmp: str | None, lang: str = "zh", part: str | None = None) -> AppTest:
    app = AppTest.from_string(SCRIPT.format(document=document, lang=lang), default_timeout=120)
    if cmp is not None:
        app.query_params["cmp"] = cmp
    if part is not None:
        app.query_params["cmp_part"] = part
    return app.run()


def _open(app: AppTest, part: str) -> AppTest:
    app.query_params["cmp_part"] = part
    return app.run()


def _clean(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


@pytest.mark.parametrize("cmp", [TWO, FOUR], ids=["2-cities", "4-cities"])
@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_part_runs_for_every_document(document, cmp):
    app = _app(document, cmp=cmp)
    _clean(app)
    assert [tab.label for tab in app.tabs] == list(PARTS_ZH)
    labels = {button.label for button in app.get("download_button")}
    assert {"下载 CSV", "下载 XLSX", "下载 GEOJSON"} <= labels
    for part in PARTS_ZH[1:]:
        _clean(_open(app, part))
        assert app.query_params["cmp"] == cmp, part
    side = _open(app, PARTS_ZH[1])
    assert side.multiselect(key="cmp_cities").value == cmp.split(",")
    assert len(side.get("vega_lite_chart")) >= 1


def test_only_the_open_part_runs():
    app = _app("sei-2016-2020", cmp=TWO)
    assert not app.get("multiselect")  # the side-by-side picker lives in another part
    app = _open(app, PARTS_ZH[1])
    assert app.multiselect(key="cmp_cities").value == ["510100", "510600"]
    assert not [box for box in app.selectbox if box.key == "cmp_cell_city_sei-2016-2020"]


def test_english_labels():
    app = _app("sei-2016-2020", cmp=TWO, lang="en")
    _clean(app)
    assert [tab.label for tab in app.tabs][:2] == ["City × industry matrix", "Cities side by side"]


def test_picking_cities_updates_the_url():
    app = _app("sei-2016-2020", cmp=TWO, part=PARTS_ZH[1])
    app.multiselect(key="cmp_cities").set_value(["510100", "510700", "511100"]).run()
    _clean(app)
    assert app.query_params["cmp"] == "510100,510700,511100"
    # Away and back: the picker is drawn again from the URL, not emptied.
    _open(app, PARTS_ZH[0])
    app = _open(app, PARTS_ZH[1])
    assert app.multiselect(key="cmp_cities").value == ["510100", "510700", "511100"]


def test_names_in_the_url_resolve_and_unknown_ones_are_reported():
    app = _app("sei-2016-2020", cmp="成都,Mianyang,Gotham", part=PARTS_ZH[1])
    _clean(app)
    assert app.multiselect(key="cmp_cities").value == ["510100", "510700"]
    assert any("Gotham" in warning.value for warning in app.warning)
    assert app.query_params["cmp"] == "510100,510700"


def test_no_cities_in_the_url_falls_back_to_the_most_named():
    app = _app("sei-2016-2020", cmp=None, part=PARTS_ZH[1])
    _clean(app)
    assert app.multiselect(key="cmp_cities").value == ["510100", "510600"]


def test_one_city_asks_for_another():
    app = _app("sei-2016-2020", cmp="510100", part=PARTS_ZH[1])
    _clean(app)
    assert any("至少选择 2 个城市" in info.value for info in app.info)


def test_similar_cities_start_from_the_first_compared_city():
    app = _app("sei-2016-2020", cmp="510700,510100", part=PARTS_ZH[4])
    _clean(app)
    assert app.selectbox(key="cmp_similar_city").value == "510700"
    assert any("Jaccard" in info.value for info in app.info)


def test_the_change_part_is_labelled_and_picks_a_later_document():
    app = _app("sei-2016-2020", cmp=TWO, part=PARTS_ZH[5])
    assert any("不同类型表述的比较" in warning.value for warning in app.warning)
    app.selectbox(key="cmp_changes_later").set_value("meishan-new-economy-2022").run()
    _clean(app)
    assert any("不同类型表述的比较" in warning.value for warning in app.warning)


def test_a_matrix_cell_shows_its_quote():
    app = _app("sei-2016-2020", cmp=TWO)
    app.selectbox(key="cmp_cell_city_sei-2016-2020").set_value("513400")
    app.selectbox(key="cmp_cell_industry_sei-2016-2020").set_value("new-materials").run()
    _clean(app)
    texts = " ".join(text.value for text in app.text)
    assert "建设国家战略资源创新开发试验区" in texts


def test_unknown_document_is_an_error_not_a_traceback():
    app = _app("no-such-document", cmp=TWO)
    assert not app.exception
    assert any("no-such-document" in error.value.replace("\\", "") for error in app.error)


def test_every_download_builds_a_readable_file():
    """The download buttons build their bytes only when clicked: build each one here."""
    import io
    import json

    import openpyxl
    import pandas as pd

    from ui import compare

    rules = load_rules()
    files = {
        "matrix": compare.matrix.download_files(rules, "sei-2016-2020", "zh"),
        "side": compare.side.download_files(rules, "sei-2016-2020", ["510100", "510600"], "zh"),
        "overlap": compare.overlap.download_files(rules, "sei-2016-2020", ("core",), "zh"),
        "changes": compare.changes.download_files(rules, "new-economy-2021", "zh"),
    }
    for name, builders in files.items():
        csv = pd.read_csv(io.BytesIO(builders["csv"]()), encoding="utf-8-sig")
        assert len(csv) > 0, name
        book = openpyxl.load_workbook(io.BytesIO(builders["xlsx"]()))
        assert book.worksheets[0].max_row > 1, name
        if "geojson" in builders:
            features = json.loads(builders["geojson"]())["features"]
            assert len(features) == 21, name
    matrix_sheet = openpyxl.load_workbook(io.BytesIO(files["matrix"]["xlsx"]()))["矩阵"]
    assert [cell.value for cell in matrix_sheet[1]][:2] == ["城市", "新一代信息技术"]
    assert matrix_sheet[1][-1].value == "行政区划代码"  # the ids in an extra column


SWITCHABLE = """
import streamlit as st
from layout_rules import load_rules
from ui.compare import render

render(load_rules(), document="sei-2016-2020", lang=st.query_params.get("lang", "zh"))
"""


def test_the_open_part_survives_a_language_switch():
    # The part's label is kept in the URL, in the language of the moment: switching the
    # language must open the same part, not fall back to the matrix.
    app = AppTest.from_string(SWITCHABLE, default_timeout=120)
    app.query_params["cmp_part"] = "产业重叠"
    app.run()
    assert app.radio(key="cmp_overlap_sei-2016-2020").value == "core_only"
    app.query_params["lang"] = "en"
    app.run()
    _clean(app)
    assert [r.key for r in app.radio] == ["cmp_overlap_sei-2016-2020"]
    assert app.radio[0].label == "Roles counted"
    app.run()  # the bound URL parameter follows the widget
    assert app.query_params["cmp_part"] == "Industry overlap"


def _cells(app: AppTest) -> str:
    return " ".join(frame.value.astype(str).to_string() for frame in app.dataframe)


def test_english_tables_show_english_names_not_ids_or_chinese():
    app = _app("sei-2016-2020", cmp=TWO, lang="en", part="Cities side by side")
    _clean(app)
    text = _cells(app)
    assert "High-end equipment manufacturing" in text
    assert "high-end-equipment" not in text  # industry ids used to stand in for names
    app = _open(app, "Footprint areas")
    _clean(app)
    areas = app.dataframe[0].value
    assert "Chengdu, Mianyang" in set(areas["City"])
    assert not areas["City"].str.contains("成都|、").any()
    app = _open(app, "Change between documents")
    _clean(app)
    changes = app.dataframe[0].value
    lists = changes[["Role in later document", "Crosswalk relation (editorial)"]]
    assert lists.apply(lambda column: column.str.contains(", ")).any().all()
    assert not lists.apply(lambda column: column.str.contains("、")).any().any()
