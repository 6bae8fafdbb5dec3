"""Queries of the rules: tier tables, roles, place profiles, industries across documents.

The expected tiers of the 十三五 plan were read from the text of
``layout_rules/sources/sei-2016-2020.txt`` (each industry's 优化产业空间布局 section), not from
the YAML.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from layout_rules import (
    LayoutRulesError,
    PlaceProfile,
    Rules,
    counties_of_rules,
    industries_table,
    industry_across_documents,
    linked_industries,
    load_rules,
    place_profile,
    prefectures,
    roles_table,
    tier_table,
)
from layout_rules.crosswalk import ACROSS_COLUMNS
from layout_rules.roles import ROLE_COLUMNS
from layout_rules.tiers import TIER_COLUMNS
from layout_rules.vocab import ROLES, TIERS

VALID = Path(__file__).parent / "broken_rules" / "_valid" / "data"

ALL = {
    "成都", "自贡", "攀枝花", "泸州", "德阳", "绵阳", "广元", "遂宁", "内江", "乐山", "南充",
    "眉山", "宜宾", "广安", "达州", "雅安", "巴中", "资阳", "阿坝", "甘孜", "凉山",
}  # fmt: skip

# industry id -> (name, core, expansion, open_list), as 001's 优化产业空间布局 sections say.
SEI = {
    "next-gen-it": (
        "新一代信息技术",
        {"成都", "绵阳"},
        {"泸州", "德阳", "广元", "遂宁", "内江", "乐山", "南充", "宜宾", "广安", "达州", "眉山",
         "资阳"},
        True,
    ),
    "high-end-equipment": (
        "高端装备制造",
        {"成都", "德阳", "绵阳"},
        {"自贡", "泸州", "遂宁", "乐山", "宜宾", "达州", "眉山", "资阳"},
        True,
    ),
    "new-materials": (
        "新材料",
        {"成都", "自贡", "攀枝花", "德阳", "乐山", "凉山"},
        {"泸州", "绵阳", "广元", "遂宁", "内江", "南充", "宜宾", "广安", "达州", "巴中", "雅安",
         "眉山"},
        True,
    ),
    "biotech": (
        "生物",
        {"成都"},
        {"泸州", "德阳", "绵阳", "广元", "乐山", "南充", "宜宾", "广安", "巴中", "雅安", "眉山",
         "资阳", "阿坝", "甘孜", "凉山"},
        False,
    ),
    "new-energy": (
        "新能源",
        {"成都", "德阳", "攀枝花", "乐山"},
        {"自贡", "泸州", "绵阳", "南充", "宜宾", "广安", "巴中", "雅安", "眉山", "阿坝", "甘孜",
         "凉山"},
        True,
    ),
    "new-energy-vehicles": (
        "新能源汽车",
        {"成都", "泸州", "南充", "达州"},
        {"德阳", "绵阳", "广元", "遂宁", "乐山", "宜宾", "广安", "巴中", "资阳"},
        True,
    ),
    "energy-saving": (
        "节能环保",
        {"成都", "自贡", "德阳", "绵阳"},
        {"攀枝花", "泸州", "遂宁", "内江", "乐山", "宜宾", "广安", "资阳"},
        True,
    ),
    "digital-creative": (
        "数字创意",
        {"成都"},
        {"德阳", "绵阳", "南充"},
        True,
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def mini() -> Rules:
    return load_rules(VALID)


# --- tier_table on the shipped 十三五 plan --------------------------------------------------


def test_prefectures_are_the_21_cities() -> None:
    cities = prefectures()
    assert {city.short_name for city in cities} == ALL
    assert [city.adcode for city in cities] == sorted(city.adcode for city in cities)


def test_tier_table_has_168_rows_and_its_columns(rules: Rules) -> None:
    table = tier_table(rules)
    assert len(table) == 168 == 8 * 21
    assert tuple(table.columns) == TIER_COLUMNS
    assert set(table["industry_id"]) == set(SEI)
    assert set(table["tier"]) <= {"core", "expansion", "radiated", ""}
    assert table.groupby("industry_id")["adcode"].nunique().eq(21).all()


@pytest.mark.parametrize("industry_id", list(SEI))
def test_tiers_per_industry_match_the_text(rules: Rules, industry_id: str) -> None:
    name, core, expansion, open_list = SEI[industry_id]
    table = tier_table(rules)
    rows = table[table["industry_id"] == industry_id]
    assert set(rows["industry"]) == {name}
    assert set(rows.loc[rows["tier"] == "core", "city"]) == core
    assert set(rows.loc[rows["tier"] == "expansion", "city"]) == expansion
    # every layout sentence of the plan ends 辐射带动全省其他地区…
    assert set(rows.loc[rows["tier"] == "radiated", "city"]) == ALL - core - expansion
    assert set(rows["open_list"]) == {open_list}
    for quote in rows["quote"]:
        assert all(city in quote for city in core | expansion)
        assert "辐射带动全省其他地区" in quote


def test_no_city_is_both_core_and_expansion(rules: Rules) -> None:
    table = tier_table(rules)
    assert not table.duplicated(["industry_id", "adcode"]).any()


def test_tier_table_of_other_documents_and_unknown_ones(rules: Rules) -> None:
    for doc_id, doc in rules.documents.items():
        with_layout = sum(industry.layout is not None for industry in doc.industries)
        assert len(tier_table(rules, document=doc_id)) == 21 * with_layout
    with pytest.raises(LayoutRulesError, match="unknown document 'sei-2099'"):
        tier_table(rules, document="sei-2099")


def test_unnamed_cities_have_no_tier_and_no_quote_without_radiation(mini: Rules) -> None:
    table = tier_table(mini, document="mini-a")
    assert len(table) == 21
    by_city = table.set_index("city")
    assert by_city.loc["凉山", "tier"] == "expansion"  # written 凉山州 in the data
    assert by_city.loc["巴中", "tier"] == "radiated"
    assert by_city.loc["巴中", "quote"].startswith("以成都、绵阳")
    unradiating = dataclasses.replace(mini, documents=_without_radiation(mini))
    table = tier_table(unradiating, document="mini-a").set_index("city")
    assert table.loc["巴中", "tier"] == ""
    assert table.loc["巴中", "quote"] == table.loc["巴中", "section"] == ""
    assert table.loc["成都", "quote"] != ""


def _without_radiation(rules: Rules) -> dict[str, object]:
    doc = rules.documents["mini-a"]
    widgets = doc.industries[0]
    layout = widgets.layout.model_copy(update={"radiates_rest": False})  # type: ignore[union-attr]  # this industry has a layout
    industries = (widgets.model_copy(update={"layout": layout}), *doc.industries[1:])
    return {**rules.documents, "mini-a": doc.model_copy(update={"industries": industries})}


# --- roles ----------------------------------------------------------------------------------


def test_roles_of_the_mini_rules(mini: Rules) -> None:
    table = roles_table(mini)
    assert tuple(table.columns) == ROLE_COLUMNS
    named = table[table["role"] != "radiated"]
    columns = ["document", "industry_id", "city", "role", "place"]
    got = set(named[columns].itertuples(index=False, name=None))
    assert got == {
        ("mini-a", "widgets", "成都", "core", "成都"),
        ("mini-a", "widgets", "绵阳", "core", "绵阳"),
        ("mini-a", "widgets", "德阳", "expansion", "德阳"),
        ("mini-a", "widgets", "凉山", "expansion", "凉山州"),
        ("mini-a", "widgets", "成都", "national_cluster", "成都"),
        ("mini-a", "widgets", "德阳", "national_cluster", "德阳"),
        ("mini-a", "widgets", "绵阳", "national_cluster", "绵阳"),
        ("mini-a", "gears", "眉山", "base", "仁寿县"),
        ("mini-b", "smart-widgets", "绵阳", "lead", "绵阳"),
        ("mini-b", "smart-widgets", "眉山", "pilot", "彭山区"),
    }
    radiated = table[table["role"] == "radiated"]
    assert len(radiated) == 17 and set(radiated["place"]) == {""}
    county = table[table["place"] == "仁寿县"].iloc[0]
    assert (county["adcode"], county["place_adcode"]) == ("511400", "511421")
    assert county["quote"] == "在仁寿县建设齿轮基地"


def test_roles_agree_with_tiers_on_the_shipped_data(rules: Rules) -> None:
    roles = roles_table(rules)
    assert set(roles["role"]) <= set(ROLES) - {"none"}
    assert set(roles["document"]) == set(rules.documents)
    assert (roles["quote"] != "").all() and (roles["section"] != "").all()
    assert roles["adcode"].isin([city.adcode for city in prefectures()]).all()
    tiers = tier_table(rules)
    tiers = tiers[tiers["tier"] != ""]
    sei = roles[(roles["document"] == "sei-2016-2020") & roles["role"].isin(TIERS)]
    assert set(zip(tiers["industry_id"], tiers["adcode"], tiers["tier"], strict=True)) == set(
        zip(sei["industry_id"], sei["adcode"], sei["role"], strict=True)
    )
    assert len(sei) == len(tiers)


# --- place profiles -------------------------------------------------------------------------


def test_place_profile_lifts_counties(mini: Rules) -> None:
    meishan = place_profile(mini, "511400")
    assert isinstance(meishan, PlaceProfile)
    assert (meishan.short_name, meishan.name_en) == ("眉山", "Meishan")
    roles = {(role.industry_id, role.role, role.place) for role in meishan.roles}
    assert roles == {
        ("widgets", "radiated", ""),
        ("gears", "base", "仁寿县"),
        ("smart-widgets", "pilot", "彭山区"),
    }
    assert [(c.cluster.id, c.members) for c in meishan.clusters] == [
        ("meishan-widget-pilot", ("彭山区",))
    ]
    assert meishan.parks == () and meishan.focus == () and meishan.corridors == ()


def test_place_profile_collects_focus_parks_clusters_corridors(mini: Rules) -> None:
    chengdu = place_profile(mini, "成都")  # a name works as well as the adcode
    assert chengdu.adcode == "510100"
    [focus] = chengdu.focus
    assert focus.themes == ("微型部件", "智能部件")
    assert [park.id for park in focus.parks] == ["shuangliu-widget-park"]
    assert focus.source.quote == "成都依托双流区，重点发展微型部件、智能部件"
    assert [entry.park.host for entry in chengdu.parks] == ["双流区"]  # a county of 成都
    assert [entry.cluster.id for entry in chengdu.clusters] == ["chengdemian-widget-cluster"]
    [corridor] = chengdu.corridors
    assert corridor.waypoints == ("成都",)
    assert corridor.source.quote == "推进成渝小部件走廊建设"
    assert {role.role for role in chengdu.roles} == {"core", "national_cluster"}
    with pytest.raises(dataclasses.FrozenInstanceError):
        chengdu.adcode = "510700"  # type: ignore[misc]  # the write the test proves is refused


def test_place_profile_on_the_shipped_data(rules: Rules) -> None:
    mianyang = place_profile(rules, "510700")
    core = {
        role.industry_id
        for role in mianyang.roles
        if role.document == "sei-2016-2020" and role.role == "core"
    }
    assert core == {name for name, (_, cities, _, _) in SEI.items() if "绵阳" in cities}
    assert "mianyang-science-city" in {entry.park.id for entry in mianyang.parks}
    assert all(entry.source.quote for entry in mianyang.focus)


def test_place_profile_rejects_non_prefectures(mini: Rules) -> None:
    with pytest.raises(LayoutRulesError, match="not a Sichuan prefecture"):
        place_profile(mini, "仁寿县")
    with pytest.raises(LayoutRulesError, match="not a Sichuan prefecture"):
        place_profile(mini, "500000")
    with pytest.raises(LayoutRulesError, match="unknown place name 'Atlantis'; nearest known"):
        place_profile(mini, "Atlantis")


# --- industries across documents ------------------------------------------------------------


def test_industry_across_documents_follows_the_crosswalk(mini: Rules) -> None:
    table = industry_across_documents(mini, "widgets", document="mini-a")
    assert tuple(table.columns) == ACROSS_COLUMNS
    own = table[table["relation"] == "self"]
    assert set(own["industry_id"]) == {"widgets"} and len(own) == 4 + 17 + 3
    linked = table[table["relation"] != "self"]
    assert set(zip(linked["industry_id"], linked["role"], linked["relation"], strict=True)) == {
        ("smart-widgets", "lead", "narrower"),
        ("smart-widgets", "pilot", "narrower"),
    }
    back = industry_across_documents(mini, "smart-widgets", document="mini-b")
    assert set(back.loc[back["relation"] != "self", "relation"]) == {"broader"}
    assert industry_across_documents(mini, "gears", document="mini-a")["relation"].eq("self").all()
    with pytest.raises(LayoutRulesError, match="unknown industry 'sprockets'"):
        industry_across_documents(mini, "sprockets", document="mini-a")


def test_linked_industries_on_the_shipped_crosswalk(rules: Rules) -> None:
    links = linked_industries(rules, "next-gen-it")
    assert links[("new-economy-2021", "next-gen-it")][0] == "same"
    assert all(doc != "sei-2016-2020" for doc, _ in links)
    table = industry_across_documents(rules, "next-gen-it")
    assert {"self", "same"} <= set(table["relation"])


# --- small tables ---------------------------------------------------------------------------


def test_industries_and_counties_tables(mini: Rules) -> None:
    industries = industries_table(mini)
    assert list(industries["industry_id"]) == ["widgets", "gears", "smart-widgets"]
    assert list(industries["has_layout"]) == [True, False, False]
    counties = counties_of_rules(mini)
    assert set(zip(counties["county"], counties["city"], counties["record"], strict=True)) == {
        ("仁寿县", "眉山", "designation"),
        ("双流区", "成都", "park"),
        ("彭山区", "眉山", "cluster"),
    }
