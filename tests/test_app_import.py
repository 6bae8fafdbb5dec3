"""The Import tab under Streamlit's AppTest: review, bulk accept, add, publish, bad input.

An upload is simulated by putting the read document into the session (``importer_source``)
as the upload widget would; the real upload is exercised by tests/test_browser_import.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from layout_rules.extract import SourceText
from ui.importer import SOURCE
from workspace import Store

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TAB = "导入"
TITLE = "某市人民政府办公室关于印发《某市电子信息产业发展规划》的通知"
PLAN = "\n".join([
    TITLE,
    "一、电子信息",
    "以成都、绵阳为主体形成核心发展区，以德阳、遂宁等地为主体形成重点拓展区。",
    "支持宜宾打造全国动力电池主基地<script>alert(1)</script>。",
    "二、生物医药",
    "以天府国际生物城为核心发展区。",
    "2025年3月1日",
])  # fmt: skip


def _app(text: str = PLAN, name: str = "plan.txt") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["tab"] = TAB
    at.session_state[SOURCE] = SourceText(name, text)
    return at.run()


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _button(at: AppTest, key: str) -> object:
    return next(b for b in at.button if b.key == key)


def test_review_shows_document_fields_rows_and_escaped_highlights() -> None:
    at = _app()
    _ok(at)
    fields = {t.key: t.value for t in at.text_input}
    assert (
        fields["w_import_title"] == "某市人民政府办公室关于印发《某市电子信息产业发展规划》的通知"
    )
    assert fields["w_import_id"] == "plan"
    assert fields["w_import_date"] == "2025-03-01"  # year-month-day text, no English calendar
    html = next(m.value for m in at.markdown if "import-sentences" in m.value)
    assert "以<mark>成都、绵阳</mark>为主体形成核心发展区" in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert any("候选布局表述" in m.value for m in at.markdown)


def test_publish_makes_the_document_a_document_of_the_app() -> None:
    at = _app()
    _button(at, "w_import_accept").click()
    at.run()
    _ok(at)
    _button(at, "w_import_publish").click()
    at.run()
    _ok(at)
    assert any("已发布 plan" in s.value for s in at.success)
    documents = at.selectbox(key="w_doc").options
    assert documents[-1] == TITLE
    # AppTest cannot switch tabs: open the Map in a new run of the same session state
    published = at.session_state["importer_published"]
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["importer_published"] = published
    at.query_params["doc"] = "plan"
    at.run()
    _ok(at)
    assert at.selectbox(key="w_doc").value == "plan"
    counts = "**核心发展区 2 · 重点拓展区 2 · 产业基地 1 · 未提及 16**"
    assert counts in [m.value for m in at.markdown]


def test_withdraw_removes_the_document_again() -> None:
    at = _app()
    _button(at, "w_import_publish").click()
    at.run()
    assert TITLE in at.selectbox(key="w_doc").options
    _button(at, "w_import_withdraw").click()
    at.run()
    _ok(at)
    assert TITLE not in at.selectbox(key="w_doc").options
    assert "importer_published" not in at.session_state


def test_reject_all_disables_publish() -> None:
    at = _app()
    _button(at, "w_import_reject").click()
    at.run()
    _ok(at)
    assert _button(at, "w_import_publish").disabled


def test_a_date_that_is_not_one_is_a_message_and_blocks_publishing() -> None:
    at = _app()
    _button(at, "w_import_accept").click()
    at.text_input(key="w_import_date").set_value("2025-02-30")
    at.run()
    _ok(at)
    assert [e.value.replace("\\", "") for e in at.error] == [  # Markdown escapes taken off
        "“2025-02-30”不是日期：请按 年-月-日 填写，例如 2025-03-01。"
    ]
    assert _button(at, "w_import_publish").disabled
    assert _button(at, "w_import_save").disabled
    at.text_input(key="w_import_date").set_value("2025-02-28")
    at.run()
    assert not at.error and not _button(at, "w_import_publish").disabled


def test_a_statement_added_by_hand_is_accepted() -> None:
    at = _app()
    at.text_input(key="w_import_add_industry").input("电子信息")
    at.text_input(key="w_import_add_place").input("仁寿县")
    at.selectbox(key="w_import_add_role").set_value("named")
    _button(at, "w_import_add").click()
    at.run()
    _ok(at)
    assert not at.error
    (table,) = at.dataframe
    assert "仁寿县" in table.value["place"].tolist()


def test_unknown_place_added_by_hand_is_an_error_not_a_row() -> None:
    at = _app()
    at.text_input(key="w_import_add_industry").input("电子信息")
    at.text_input(key="w_import_add_place").input("<b>火星</b>")
    _button(at, "w_import_add").click()
    at.run()
    _ok(at)
    assert [e.value for e in at.error] == ["\\<b\\>火星\\</b\\>: 需要产业和可识别的地点"]


def test_a_document_without_places_is_a_message() -> None:
    at = _app("加强关键核心技术攻关，提升产业链供应链现代化水平。推动数字化转型。", "none.txt")
    _ok(at)
    assert [e.value for e in at.error] == [
        "- none\\.txt：\\-：文件中找不到地名（市州、县区或园区）"  # in the page's language
    ]


def test_in_english_every_word_of_the_tab_is_english() -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({"tab": TAB, "lang": "en"})
    at.session_state[SOURCE] = SourceText("plan.txt", PLAN)
    at.run()
    _ok(at)
    assert "**Proposed statements: 6**" in [m.value for m in at.markdown]
    labels = {w.key: w.label for w in [*at.text_input, *at.button, *at.selectbox]}
    assert labels["w_import_title"] == "Title" and labels["w_import_issuer"] == "Issuer"
    assert labels["w_import_publish"] == "Publish to this session"
    assert labels["w_import_add_role"] == "Role"
    places = list(at.dataframe[0].value["place"])  # the gazetteer's names, in English
    assert {"Chengdu", "Mianyang", "Deyang", "Suining"} <= set(places), places
    assert at.selectbox(key="w_import_add_role").format_func("core") == "Core development zone"
    _button(at, "w_import_add").click().run()  # no industry, no place
    assert [e.value for e in at.error] == ["\\-: an industry and a known place are needed"]


def test_saving_as_a_draft_keeps_the_reviewed_document_in_the_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKSPACE_DB", str(tmp_path / "ws.sqlite3"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    at = _app()
    at.session_state["ws_name"] = ""  # no name typed yet (AppTest has no cookies)
    _button(at, "w_import_accept").click()
    at.run()
    _button(at, "w_import_save").click()
    at.run()
    _ok(at)
    assert any("请先在“工作区”标签页输入你的名字" in w.value for w in at.warning)
    assert not Store(f"sqlite:///{tmp_path / 'ws.sqlite3'}").list_drafts(), "no author, no save"
    at.session_state["ws_name"] = "ann"
    _button(at, "w_import_save").click()
    at.run()
    _ok(at)
    (saved,) = [s.value for s in at.success if "已存为工作区草案" in s.value]
    (info,) = Store(f"sqlite:///{tmp_path / 'ws.sqlite3'}").list_drafts()
    assert info.owner == "ann" and info.title == TITLE
    assert info.id.replace("-", "\\-") in saved
    # A new session of the same planner finds it as a document, without re-importing.
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["ws_name"] = "ann"
    at.query_params["doc"] = info.id
    at.run()
    _ok(at)
    assert at.selectbox(key="w_doc").value == info.id
    counts = "**核心发展区 2 · 重点拓展区 2 · 产业基地 1 · 未提及 16**"
    assert counts in [m.value for m in at.markdown]
