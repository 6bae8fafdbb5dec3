"""Change between the 2016–2020 plan and later documents, through the editorial crosswalk."""

from __future__ import annotations

import dataclasses

import pytest

import footprints as fp


@pytest.fixture(scope="module")
def new_economy(rules):
    return fp.document_changes(rules, document="new-economy-2021")


def _cities(changes, industry, status):
    rows = changes[(changes["industry_id"] == industry) & (changes["status"] == status)]
    return set(rows["city"])


def test_energy_saving_in_the_2021_opinions(new_economy):
    # 2016–2020: 以成都、自贡、德阳、绵阳为主体形成核心发展区，以攀枝花、泸州、遂宁、内江、乐山、
    # 宜宾、广安、资阳等地为主体形成重点拓展区. 2021 (节能环保产业, crosswalk "same"): only
    # 加快建设自贡节能环保国家战略性新兴产业集群.
    assert _cities(new_economy, "energy-saving", "kept") == {"自贡"}
    assert _cities(new_economy, "energy-saving", "gained") == set()
    assert _cities(new_economy, "energy-saving", "lost") == {
        "成都",
        "德阳",
        "绵阳",
        "攀枝花",
        "泸州",
        "遂宁",
        "内江",
        "乐山",
        "宜宾",
        "广安",
        "资阳",
    }
    kept = new_economy[
        (new_economy["industry_id"] == "energy-saving") & (new_economy["city"] == "自贡")
    ].iloc[0]
    assert kept["baseline_tier"] == "core"
    assert kept["later_roles"] == "national_cluster"
    assert kept["later_industries"] == "energy-saving-environmental"
    assert kept["relations"] == "same"
    assert "自贡节能环保国家战略性新兴产业集群" in kept["later_quote"]
    assert "以成都、自贡、德阳、绵阳为主体形成核心发展区" in kept["baseline_quote"]


def test_new_energy_vehicles_through_a_broader_industry(new_economy):
    # 宜宾 is expansion for 新能源汽车 in 2016–2020, and the 2021 新能源与智能汽车 (broader)
    # names it: 推进宜宾国家首批新能源汽车换电模式试点.
    row = new_economy[
        (new_economy["industry_id"] == "new-energy-vehicles") & (new_economy["city"] == "宜宾")
    ].iloc[0]
    assert (row["baseline_tier"], row["later_roles"], row["status"]) == (
        "expansion",
        "pilot",
        "kept",
    )
    assert row["relations"] == "broader"


def test_one_row_per_industry_and_city(new_economy):
    assert len(new_economy) == 8 * 21
    assert list(new_economy.columns) == list(fp.CHANGE_COLUMNS)
    assert set(new_economy["status"]) <= set(fp.STATUSES)


def test_industries_without_a_link_are_unlinked(new_economy):
    # The crosswalk links no 2021 industry to 数字创意 or 新材料.
    for industry in ("digital-creative", "new-materials"):
        assert _cities(new_economy, industry, "unlinked") == set(new_economy["city"])


def test_linked_industries_naming_no_city_are_unplaced(rules):
    # The 2023 deck names no city for 医药健康 or 生物技术, the industries linked to 生物.
    changes = fp.document_changes(rules, document="new-industrialisation-2023")
    biotech = changes[changes["industry_id"] == "biotech"]
    assert set(biotech["status"]) == {"unplaced"}
    # 达州 is radiated for 节能环保 in 2016–2020; 能源化工 (broader) names 达州等，2万亿 in 2023.
    assert "达州" in _cities(changes, "energy-saving", "gained")
    assert changes.loc[changes["industry_id"] == "energy-saving", "open_list"].all()


def test_a_city_level_document_only_speaks_for_its_city(rules):
    assert fp.document_scope(rules, "meishan-new-economy-2022") == ("511400",)
    assert len(fp.document_scope(rules, "new-economy-2021")) == 21
    changes = fp.document_changes(rules, document="meishan-new-economy-2022")
    biotech = changes[changes["industry_id"] == "biotech"]
    # 眉山 is expansion for 生物 in 2016–2020 and leads 生物医药 (以眉山高新区(西部药谷)为核心).
    assert _cities(changes, "biotech", "kept") == {"眉山"}
    assert set(biotech.loc[biotech["city"] != "眉山", "status"]) == {"out_of_scope"}


def test_change_matrix_is_one_row_per_city(new_economy):
    wide = fp.change_matrix(new_economy)
    assert wide.shape == (21, 8)
    assert wide.loc["510300", "energy-saving"] == "kept"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"document": "sei-2016-2020"}, "not with itself"),
        ({"document": "nope"}, "unknown document 'nope'"),
        ({"document": "new-economy-2021", "baseline": "nope"}, "unknown document 'nope'"),
    ],
)
def test_bad_pairs_are_rejected(rules, kwargs, message):
    with pytest.raises(fp.FootprintsError, match=message):
        fp.document_changes(rules, **kwargs)


def test_no_crosswalk_is_an_error(rules):
    bare = dataclasses.replace(rules, crosswalk=None, data_version="no-crosswalk")
    with pytest.raises(fp.FootprintsError, match="no crosswalk"):
        fp.document_changes(bare, document="new-economy-2021")


def test_the_note_says_the_designations_differ():
    assert "不同类型" in fp.CHANGES_NOTE["zh"]
    assert "different kinds of designation" in fp.CHANGES_NOTE["en"]
