"""The Workspace tab under AppTest: create, edit (table and map), revert, export, conflicts."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from layout_rules import Rules
from ui.workspace import summary_text
from workspace import Store, tier_of

pytestmark = pytest.mark.cost(8)  # seconds; the costliest files run first (conftest.py)

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TAB = "工作区"
NASTY = "<b>粗体</b> *星号* [链接](http://x)"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = tmp_path / "ws.sqlite3"
    monkeypatch.setenv("WORKSPACE_DB", str(path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return f"sqlite:///{path}"


def _clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _workspace(name: str = "ann") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["tab"] = TAB
    at.run()
    at.text_input(key="ws_name_box").input(name).run()
    _clean(at)
    return at


def _submit(at: AppTest, form: str) -> AppTest:
    (button,) = [b for b in at.button if b.key and b.key.startswith(f"FormSubmitter:{form}-")]
    return button.click().run()


def _create_copy(at: AppTest, title: str) -> AppTest:
    at.text_input(key="ws_new_title").input(title)
    at.selectbox(key="ws_new_from").select("sei-2016-2020")
    return _submit(at, "ws_create")


def test_create_edit_revert_export(db: str) -> None:
    at = _workspace()
    _create_copy(at, NASTY)
    _clean(at)
    assert [s.value for s in at.success] == ["已保存为第 1 版。"]
    store = Store(db)
    (info,) = store.list_drafts()
    assert (info.owner, info.status, info.title) == ("ann", "draft", NASTY)
    # The title is data: shown in a table cell and escaped in Markdown, never interpreted.
    assert not [m for m in at.markdown if "<b>粗体</b>" in m.value and "\\<b" not in m.value]
    # Add an industry through the records form, with a rationale (理由).
    at.text_input(key="ws_industries_new_id").input("low-altitude")
    at.text_input(key="ws_industries_new_name").input("低空经济")
    at.text_input(key="ws_industries_new_name_en").input("Low-altitude economy")
    at.text_input(key="ws_rat_industries_").input(NASTY)
    _submit(at, "ws_form_industries_")
    _clean(at)
    assert [s.value for s in at.success] == ["已保存为第 2 版。"]
    draft = store.open(info.id)
    assert draft.head == 2 and draft.rules.industries[-1].source.quote == NASTY
    # The revisions table shows who and why; revert to r1.
    (revisions,) = [d.value for d in at.dataframe if "why" in d.value.columns]
    assert list(revisions["who"]) == ["ann", "ann"] and revisions["why"][0] == NASTY
    at.selectbox(key="ws_revert_to").select(1)
    at.text_input(key="ws_revert_rationale").input("低空经济另立专项规划")
    _submit(at, "ws_revert")
    _clean(at)
    reverted = store.open(info.id)
    assert reverted.head == 3 and reverted.rules == store.revision_content(info.id, 1)
    # Export: the zip builder is there, and the check of the exported folder passes.
    assert [b.label for b in at.get("download_button")] == ["导出为规则文件夹（zip）"]
    at.button(key="ws_check").click().run()
    _clean(at)
    assert [s.value for s in at.success][-1].startswith("检查通过：1 个文件、8 个产业")


def test_a_stale_save_shows_the_conflict_and_keeps_the_change(db: str) -> None:
    at = _workspace()
    _create_copy(at, "冲突草案")
    store = Store(db)
    (info,) = store.list_drafts()
    # Someone else saves (in another replica) while this page shows revision 1.
    draft = store.open(info.id)
    store.save(info.id, draft.rules, base=1, author="ann", rationale="另一处的保存", summary="x")
    at.text_input(key="ws_industries_new_id").input("low-altitude")
    at.text_input(key="ws_industries_new_name").input("低空经济")
    at.text_input(key="ws_rat_industries_").input("我的修改理由")
    _submit(at, "ws_form_industries_")
    assert at.error[0].value.startswith("冲突：")
    assert store.open(info.id).head == 2
    assert any("我的修改理由" in m.value for m in at.markdown)
    at.button(key="ws_reapply").click().run()
    _clean(at)
    final = store.open(info.id)
    assert final.head == 3 and final.rules.industries[-1].id == "low-altitude"


def test_table_changes_are_read_cell_by_cell() -> None:
    import pandas as pd

    from ui.workspace import _table_changes

    before = pd.DataFrame({"a": ["core", "", ""], "b": ["", "", "expansion"]},
                          index=["成都", "自贡", "攀枝花"])  # fmt: skip
    after = before.copy()
    after.loc["成都", "a"] = "expansion"
    after.loc["攀枝花", "b"] = None
    assert _table_changes(before, after) == {"a": {"510100": "expansion"}, "b": {"510400": None}}


def test_map_tab_sets_a_city_tier_on_a_draft(db: str, rules: Rules) -> None:
    store = Store(db)
    draft = store.create("地图草案", author="ann", copy_of=rules.document("sei-2016-2020"))
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["ws_name"] = "ann"
    at.query_params.update({"doc": draft.id, "ind": "next-gen-it", "city": "宜宾"})
    at.run()
    _clean(at)
    assert tier_of(draft.rules, "next-gen-it", "511500") == "expansion"
    at.radio(key="ws_map_tier_choice").set_value("core")
    at.text_input(key="ws_map_rationale").input("宜宾动力电池基地带动电子信息")
    _submit(at, "ws_map_tier")
    _clean(at)
    opened = store.open(draft.id)
    assert opened.head == 2 and tier_of(opened.rules, "next-gen-it", "511500") == "core"
    assert store.revisions(draft.id)[0].author == "ann"
    assert "**核心发展区 3 · 重点拓展区 11 · 辐射带动 7**" in [m.value for m in at.markdown]


def test_unreachable_database_is_said_plainly_and_official_documents_still_show(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    (error,) = [e.value for e in at.error]
    assert error.startswith("工作区数据库无法访问，只显示正式文件：")
    assert "nobody@127.0.0.1:1/none" in error.replace("\\", "").replace("\u2060", "")
    assert "**核心发展区 2 · 重点拓展区 12 · 辐射带动 7**" in [m.value for m in at.markdown]


@pytest.mark.parametrize(
    "tab", ["Compare · 比较", "Fact sheet · 概况", "Data · 数据", "Sources · 出处"]
)
def test_a_draft_is_a_document_in_every_tab(db: str, tab: str, rules: Rules) -> None:
    store = Store(db)
    draft = store.create("各页草案", author="ann", copy_of=rules.document("sei-2016-2020"))
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["ws_name"] = "ann"
    at.query_params.update({"doc": draft.id, "city": "510100", "tab": tab})
    at.run()
    _clean(at)
    assert at.sidebar.selectbox(key="w_doc").value == draft.id
    if tab == "Compare · 比较":
        # The change view compares the draft (a copy) with the plan it came from: all kept.
        at.query_params["cmp_part"] = "文件间变化"
        at.run()
        _clean(at)
        statuses = set()
        for frame in at.dataframe:
            rows = frame.value
            if "后续文件" in rows.columns:  # one city in every later document: the draft's rows
                rows = rows[rows["后续文件"] == "各页草案"]
                assert not rows.empty
            if "变化" in rows.columns:
                statuses |= set(rows["变化"])
        # A fresh copy names every city the plan names: kept, or named in neither; never
        # "no linked industry" (the draft's industries link to the ones they were copied from).
        assert statuses == {"再次点名", "两者均未点名"}


def test_clusters_parks_and_corridors_pick_places_from_the_gazetteer(db: str) -> None:
    at = _workspace()
    _create_copy(at, "园区草案")
    store = Store(db)
    (info,) = store.list_drafts()
    at.radio(key="ws_kind").set_value("clusters").run()
    at.text_input(key="ws_clusters_new_id").input("yibin-luzhou-battery")
    at.text_input(key="ws_clusters_new_name").input("宜泸动力电池集群")
    at.multiselect(key="ws_clusters_new_places").select("宜宾").select("泸州").select("江阳区")
    at.multiselect(key="ws_clusters_new_industries").select("new-energy-vehicles")
    at.text_input(key="ws_rat_clusters_").input("宜宾泸州动力电池产业链相接")
    _submit(at, "ws_form_clusters_")
    _clean(at)
    at.radio(key="ws_kind").set_value("corridors").run()
    at.text_input(key="ws_corridors_new_id").input("yangtze-battery-corridor")
    at.text_input(key="ws_corridors_new_name").input("长江动力电池走廊")
    at.selectbox(key="ws_corridors_new_kind").select("industry_chain")
    at.multiselect(key="ws_corridors_new_places").select("宜宾").select("泸州")
    at.text_input(key="ws_rat_corridors_").input("沿江布局电池走廊")
    _submit(at, "ws_form_corridors_")
    _clean(at)
    draft = store.open(info.id)
    assert draft.head == 3
    cluster = draft.rules.clusters[-1]
    assert cluster.places == ("宜宾", "泸州", "江阳区")
    assert cluster.source.quote == "宜宾泸州动力电池产业链相接"
    corridor = draft.rules.corridors[-1]
    assert [w.place for w in corridor.waypoints] == ["宜宾", "泸州"]
    # Editing an existing record keeps its id and replaces its fields.
    at.radio(key="ws_kind").set_value("clusters").run()
    at.selectbox(key="ws_record_clusters").select("yibin-luzhou-battery").run()
    at.multiselect(key="ws_clusters_yibin-luzhou-battery_places").unselect("江阳区")
    at.text_input(key="ws_rat_clusters_yibin-luzhou-battery").input("江阳区已含在泸州")
    _submit(at, "ws_form_clusters_yibin-luzhou-battery")
    _clean(at)
    edited = store.open(info.id).rules.clusters
    assert [c.id for c in edited].count("yibin-luzhou-battery") == 1
    assert edited[-1].places == ("宜宾", "泸州")


def test_records_are_deleted_only_when_nothing_refers_to_them(db: str) -> None:
    at = _workspace()
    _create_copy(at, "删除草案")
    store = Store(db)
    (info,) = store.list_drafts()
    park = store.open(info.id).rules.parks[0].id  # a park the 2016 plan's focus entries name
    at.radio(key="ws_kind").set_value("parks").run()
    at.selectbox(key="ws_record_parks").select(park).run()
    at.text_input(key=f"ws_del_rat_parks_{park}").input("园区已撤并")
    _submit(at, f"ws_delete_parks_{park}")
    # in the page's language (the Chinese page): 园区 … 仍被 … 引用
    assert f"园区 {park!r} 仍被" in at.error[0].value.replace("\\", "")
    assert store.open(info.id).head == 1
    at.radio(key="ws_kind").set_value("clusters").run()
    cluster = store.open(info.id).rules.clusters[0].id
    at.selectbox(key="ws_record_clusters").select(cluster).run()
    at.text_input(key=f"ws_del_rat_clusters_{cluster}").input("集聚区已不再提")
    _submit(at, f"ws_delete_clusters_{cluster}")
    _clean(at)
    after = store.open(info.id)
    assert after.head == 2 and cluster not in [c.id for c in after.rules.clusters]
    assert summary_text(store.revisions(info.id)[0].summary, "en") == f"Cluster {cluster}: removed"


def test_in_english_the_tab_speaks_english_and_marks_drafts_once(db: str) -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({"tab": TAB, "lang": "en"})
    at.run()
    at.text_input(key="ws_name_box").input("ann").run()
    _clean(at)
    assert at.text_input(key="ws_name_box").label == "Your name (recorded with every change)"
    assert at.text_input(key="ws_new_title").value == "My 15th Five-Year layout draft"
    assert at.selectbox(key="ws_new_from").format_func("") == "An empty draft"
    _create_copy(at, "英文草案")
    _clean(at)
    assert [s.value for s in at.success] == ["Saved as revision 1."]
    labels = [tab.label for tab in at.tabs]
    assert {"Tier table", "Industries, clusters, parks, corridors", "Revisions"} <= set(labels)
    assert "Status and export" in labels
    (info,) = Store(db).list_drafts()
    start = at.selectbox(key="ws_new_from")
    assert start.format_func(info.id) == "[DRAFT] 英文草案"  # one language, not 草案 DRAFT
    assert at.radio(key="ws_kind").options == ["Industry", "Cluster", "Park", "Corridor"]
