"""The app's Map tab under Streamlit's AppTest: views, URL state, clicks, bad data."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from layout_rules import DATA_DIR, Rules
from tests.language_scan import foreign_words
from words import t

pytestmark = pytest.mark.cost(15)  # seconds; the costliest files run first (conftest.py)

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 60


def _app(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _summary(at: AppTest) -> str:
    """Return the counts line under the map's title line."""
    return next(m.value for m in at.markdown if m.value.startswith("**"))


def _subheaders(at: AppTest) -> list[str]:
    return [s.value for s in at.subheader]


@pytest.fixture
def click(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict]:
    """Make the map component report a click at ``clicked['at']`` = (lat, lng)."""
    import ui.map

    clicked: dict = {"at": None}

    def fake_st_folium(fig: object, **kwargs: object) -> dict:
        assert kwargs["returned_objects"] == ["last_object_clicked"]
        assert kwargs["key"] == ui.map.MAP_KEY
        assert kwargs["feature_group_to_add"]
        lat_lng = clicked["at"]
        return {"last_object_clicked": None if lat_lng is None else
                {"lat": lat_lng[0], "lng": lat_lng[1]}}  # fmt: skip

    monkeypatch.setattr(ui.map, "st_folium", fake_st_folium)
    yield clicked


def test_default_view_shows_the_first_industry_with_tier_counts() -> None:
    at = _app()
    _ok(at)
    assert _summary(at) == "**核心发展区 2 · 重点拓展区 12 · 辐射带动 7**"
    assert at.query_params["doc"] == "sei-2016-2020"
    assert at.query_params["ind"] == "next-gen-it"
    assert not at.error


def test_every_industry_and_the_multi_industry_view_run(rules: Rules) -> None:
    at = _app()
    for document, doc in rules.documents.items():
        at.sidebar.selectbox(key="w_doc").set_value(document).run()
        _ok(at)
        ids = [industry.id for industry in doc.industries]
        for industry in ids:
            at.sidebar.selectbox(key="w_one").set_value(industry).run()
            _ok(at)
            assert at.query_params["ind"] == industry
        at.sidebar.checkbox(key="w_several").check().run()
        at.sidebar.multiselect(key="w_ind").set_value(ids).run()
        _ok(at)
        assert len(at.image) == 1  # the small multiples
        assert "**" in _summary(at)


def test_query_params_restore_the_view() -> None:
    at = _app(doc="new-economy-2021", ind="biotech", city="Chengdu", lang="en", base="amap",
              ov="parks,corridors", counties="1")  # fmt: skip
    _ok(at)
    assert at.sidebar.selectbox(key="w_doc").value == "new-economy-2021"
    assert at.sidebar.selectbox(key="w_one").value == "biotech"
    assert at.sidebar.selectbox(key="w_city").value == "510100"
    assert at.sidebar.selectbox(key="w_base").value == "amap"
    assert at.sidebar.radio(key="w_lang").value == "en"
    assert at.sidebar.multiselect(key="w_ov").value == ["parks", "corridors"]
    assert at.sidebar.checkbox(key="w_counties").value is True
    assert _summary(at) == "**National cluster 1 · Not named 20**"
    assert "Chengdu" in _subheaders(at)
    assert at.query_params["city"] == "510100"  # normalised to the adcode


def test_a_click_selects_the_city_and_shows_its_profile(click: dict) -> None:
    at = _app()
    assert not _subheaders(at)
    click["at"] = (30.67, 104.06)  # 成都
    at.run()
    _ok(at)
    assert at.sidebar.selectbox(key="w_city").value == "510100"
    assert "成都市" in _subheaders(at)
    assert at.query_params["city"] == "510100"
    tables = [d.value for d in at.table if "定位" in d.value.columns]
    assert len(tables) == 4  # one per document giving 成都 a role (Meishan's plan gives none)
    assert any((t["定位"] == "核心发展区").sum() == 8 for t in tables)  # core in all 8 industries
    assert min(t["原文"].str.len().min() for t in tables) > 4
    assert any("战略性新兴产业发展规划" in m.value for m in at.markdown)
    click["at"] = (31.47, 104.68)  # 绵阳: clicking elsewhere changes the selection
    at.run()
    assert at.sidebar.selectbox(key="w_city").value == "510700"
    assert "绵阳市" in _subheaders(at)


def test_the_english_profile_names_places_in_english_and_shows_quotes_first() -> None:
    at = _app(city="511400", lang="en")  # 眉山: its own plan assigns roles county by county
    _ok(at)
    tables = [d.value for d in at.table if "Role" in d.value.columns]
    assert tables
    for table in tables:
        # Rows of one industry and role differ by their quote: it comes before the section.
        assert list(table.columns) == ["Industry", "Role", "Place", "Quote", "Section"]
    places = set().union(*(set(t["Place"]) for t in tables))
    assert "Meishan" in places
    assert "眉山" not in places
    # romanised county names, marked as such in plain text
    assert "Renshou County (romanised)" in places and "仁寿县" not in places
    assert "Renshou County" not in places


def test_a_click_on_amap_is_shifted_back_to_wgs84(click: dict) -> None:
    at = _app(base="amap")
    # 0.01° inside 成都's border on WGS84 is outside it unless the GCJ-02 shift is undone.
    click["at"] = (30.67 + 0.0027, 104.06 + 0.0025)
    at.run()
    _ok(at)
    assert at.sidebar.selectbox(key="w_city").value == "510100"


def test_search_finds_a_city_by_any_name() -> None:
    at = _app()
    at.sidebar.text_input(key="w_search").input("仁寿县").run()
    assert at.sidebar.selectbox(key="w_city").value == "511400"
    at.sidebar.text_input(key="w_search").input("Liangshan").run()
    assert at.sidebar.selectbox(key="w_city").value == "513400"
    at.sidebar.text_input(key="w_search").input("火星").run()
    _ok(at)
    assert any("火星" in e.value for e in at.sidebar.error)


def test_an_unknown_place_in_the_link_is_reported_and_ignored() -> None:
    at = _app(city="火星", ind="nope,biotech")
    _ok(at)
    message = at.error[0].value
    assert "火星" in message and "'nope'" in message
    assert _summary(at) == "**核心发展区 1 · 重点拓展区 15 · 辐射带动 5**"


def _broken_rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(DATA_DIR, folder / "data")
    shutil.copytree(DATA_DIR.parent / "sources", folder / "sources")
    path = folder / "data" / "sei_2016_2020.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["industries"][0]["layout"]["core"].append("火星")
    data["industries"][1]["layout"]["source"]["quote"] = "这句话不在文件里出现过"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def test_a_broken_rules_folder_lists_every_problem_and_keeps_the_shipped_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SICHUAN_RULES_ROOT", str(tmp_path))
    at = _app()
    at.sidebar.text_input(key="w_rules_path").input(str(_broken_rules(tmp_path))).run()
    _ok(at)
    message = at.error[0].value
    assert "2 个问题" in message
    assert "火星" in message
    assert "找不到引文" in message  # the problem in the page's language (quote not found)
    assert _summary(at) == "**核心发展区 2 · 重点拓展区 12 · 辐射带动 7**"


BROKEN = Path(__file__).parent / "broken_rules"
"""Rules folders with known problems (``expected.txt`` lists them in English)."""


def _reasons(message: str, lang: str) -> list[str]:
    """Return the reasons of the rules box's problem lines, without file and entry.

    File names and entries (``mini_a.yaml``, ``industries[0].layout.core[1]``) are names,
    not words of a language; the catalogue's ``error.problem`` says how they are joined.
    """
    plain = re.sub(r"\\(.)", r"\1", message)  # undo the Markdown escaping
    joined = t("error.problem", lang, file="", entry="", reason="")
    colon = joined[: len(joined) // 2]
    lines = [line.removeprefix("- ") for line in plain.splitlines() if line.startswith("- ")]
    return [line.split(colon, 2)[2] for line in lines]


def _data_removed(reason: str, lang: str) -> str:
    """Drop what the reason quotes from the data: values in quotes, ids, the places suggested."""
    reason = re.sub(r"'[^']*'", " ", reason)
    nearest = t("error.place.nearest", lang, places="")
    reason = reason.split(nearest)[0] if nearest in reason else reason
    return reason.replace("mini_a.txt", " ").replace("mini-a", " ")


@pytest.mark.parametrize(
    ("folder", "lang", "english"),
    [
        ("many_problems", "zh", ""),
        ("many_problems", "en", "unknown park id 'tianfu-widget-park': no park of mini-a has it"),
        ("problems_in_two_files", "zh", ""),
    ],
)
def test_the_problems_of_a_rules_folder_are_in_the_page_language(
    monkeypatch: pytest.MonkeyPatch, folder: str, lang: str, english: str
) -> None:
    monkeypatch.setenv("SICHUAN_RULES_ROOT", str(BROKEN))
    at = _app(lang=lang)
    at.sidebar.text_input(key="w_rules_path").input(folder).run()
    _ok(at)
    message = at.error[0].value
    expected = (BROKEN / folder / "expected.txt").read_text(encoding="utf-8").splitlines()
    problems = [line for line in expected if line and not line.startswith("#")]
    reasons = _reasons(message, lang)
    assert message.startswith(t("rules_box.refused", lang, n=len(problems)))
    assert len(reasons) == len(problems)
    for reason in reasons:
        assert reason.strip()
        assert not foreign_words(_data_removed(reason, lang), lang), reason
    assert not english or english in reasons  # English: the CLI's own words, unchanged


def test_a_valid_rules_folder_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SICHUAN_RULES_ROOT", str(tmp_path))
    folder = tmp_path / "rules"
    shutil.copytree(DATA_DIR, folder / "data")
    shutil.copytree(DATA_DIR.parent / "sources", folder / "sources")
    for name in ("digital_economy_2021.yaml", "crosswalk.yaml"):
        (folder / "data" / name).unlink()
    at = _app()
    at.sidebar.text_input(key="w_rules_path").input(str(folder)).run()
    _ok(at)
    assert not at.error
    assert "digital-economy-2021" not in at.sidebar.selectbox(key="w_doc").options


def test_other_tabs_load_lazily_and_the_url_keeps_their_parameters() -> None:
    at = _app(cmp="510100,510600", tab="Data · 数据")
    _ok(at)
    assert at.query_params["cmp"] == "510100,510600"
    assert len(at.dataframe) == 1
    assert len(at.dataframe[0].value) == 21


def test_several_industries_can_count_named_roles_too() -> None:
    at = _app(ind="new-energy-vehicles,digital-creative", count="true")  # a shared link
    _ok(at)
    assert at.toggle(key="count").value
    assert _summary(at).startswith("**有点名的产业数:**")
    at.toggle(key="count").set_value(False).run()
    _ok(at)
    assert _summary(at).startswith("**核心或拓展的产业数:**")


def test_replacing_the_industry_is_one_rerun_and_one_map_render(
    monkeypatch: pytest.MonkeyPatch, rules: Rules
) -> None:
    import ui.map

    renders: list[object] = []
    real = ui.map.st_folium

    def counted(fig: object, **kwargs: object) -> object:
        renders.append(kwargs["feature_group_to_add"])
        return real(fig, **kwargs)

    monkeypatch.setattr(ui.map, "st_folium", counted)
    at = _app()
    before = _summary(at)
    renders.clear()
    industry = rules.document("sei-2016-2020").industries[2].id
    at.sidebar.selectbox(key="w_one").set_value(industry).run()  # one user action
    _ok(at)
    assert len(renders) == 1
    assert at.query_params["ind"] == industry
    assert _summary(at) != before


def test_the_several_mode_carries_the_industry_over_both_ways(rules: Rules) -> None:
    at = _app(ind="biotech", doc="new-economy-2021")
    at.sidebar.checkbox(key="w_several").check().run()
    _ok(at)
    assert at.sidebar.multiselect(key="w_ind").value == ["biotech"]
    assert not at.sidebar.get("selectbox") or all(s.key != "w_one" for s in at.sidebar.selectbox)
    ids = [i.id for i in rules.document("new-economy-2021").industries]
    at.sidebar.multiselect(key="w_ind").set_value([ids[1], "biotech"]).run()
    assert at.query_params["ind"] == f"{ids[1]},biotech"
    at.sidebar.checkbox(key="w_several").uncheck().run()
    _ok(at)
    assert at.sidebar.selectbox(key="w_one").value == ids[1]
    assert at.query_params["ind"] == ids[1]
