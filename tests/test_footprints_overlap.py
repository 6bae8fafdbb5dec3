"""Overlap between industries: Jaccard indices checked by hand against the plan's text.

The core and expansion sets below are read from the 优化产业空间布局 sentences of
``layout_rules/sources/sei-2016-2020.txt``:

- 新一代信息技术: 以成都、绵阳为主体形成核心发展区
- 高端装备制造: 以成都、德阳、绵阳为主体形成核心发展区
- 新材料: 以成都、自贡、攀枝花、德阳、乐山、凉山等为主体形成核心发展区，以泸州、绵阳、广元、
  遂宁、内江、南充、宜宾、广安、达州、巴中、雅安、眉山等地为主体形成重点拓展区
- 新能源: 以成都、德阳、攀枝花、乐山等地为主体形成核心发展区，以自贡、泸州、绵阳、南充、宜宾、
  广安、巴中、雅安、眉山、阿坝、甘孜、凉山等地为主体形成重点拓展区
- 新能源汽车: 以成都、泸州、南充和达州等地为主体形成核心发展区
- 节能环保: 以成都、自贡、德阳、绵阳为主体形成核心发展区
"""

from __future__ import annotations

import math

import pytest

import footprints as fp

CORE_PAIRS = [
    # 新材料 ∩ 新能源 = 成都、德阳、攀枝花、乐山 (4); ∪ adds 自贡、凉山 (6).
    ("new-materials", "new-energy", 4 / 6),
    # 高端装备 ∩ 节能环保 = 成都、德阳、绵阳 (3); ∪ adds 自贡 (4).
    ("high-end-equipment", "energy-saving", 3 / 4),
    # 新一代信息技术 ∩ 新能源汽车 = 成都 (1); ∪ = 成都、绵阳、泸州、南充、达州 (5).
    ("next-gen-it", "new-energy-vehicles", 1 / 5),
    # 新材料 ∩ 节能环保 = 成都、自贡、德阳 (3); ∪ = those + 攀枝花、乐山、凉山、绵阳 (7).
    ("new-materials", "energy-saving", 3 / 7),
]


@pytest.fixture(scope="module")
def core(rules):
    return fp.industry_overlap(rules, document="sei-2016-2020", tiers=("core",))


@pytest.mark.parametrize(("a", "b", "expected"), CORE_PAIRS)
def test_core_jaccard_matches_the_text(core, a, b, expected):
    assert core.loc[a, b] == pytest.approx(expected)
    assert core.loc[b, a] == pytest.approx(expected)


def test_core_or_expansion_jaccard_matches_the_text(rules):
    overlap = fp.industry_overlap(rules, tiers=("core", "expansion"))
    # 新材料 names 18 cities (all but 资阳、阿坝、甘孜), 新能源 16 (all but 广元、遂宁、内江、达州、
    # 资阳): they share 14 (新能源's 16 less 阿坝、甘孜) of 20 (新材料's 18 plus 阿坝、甘孜).
    assert overlap.loc["new-materials", "new-energy"] == pytest.approx(14 / 20)


def test_matrix_is_square_symmetric_with_unit_diagonal(core, rules):
    industries = [i.id for i in rules.documents["sei-2016-2020"].industries]
    assert list(core.index) == industries
    assert list(core.columns) == industries
    assert (core.to_numpy() == core.to_numpy().T).all()
    assert all(core.loc[i, i] == 1.0 for i in industries)


def test_pairs_name_the_shared_cities(rules):
    pairs = fp.overlap_pairs(rules, tiers=("core",)).set_index(["industry_a", "industry_b"])
    row = pairs.loc[("new-materials", "new-energy")]
    assert row["shared_cities"] == "成都、攀枝花、德阳、乐山"
    assert (row["cities_a"], row["cities_b"], row["shared"], row["union"]) == (6, 4, 4, 6)
    assert len(pairs) == 8 * 8


def test_industries_without_such_cities_have_no_index(rules):
    # The 2023 deck names no city for 食品轻纺 or 医药健康.
    overlap = fp.industry_overlap(rules, document="new-industrialisation-2023", tiers=fp.DESIGNATED)
    assert math.isnan(overlap.loc["food-light-textile", "medicine-health"])
    # 先进材料 and 能源化工 both name only 达州 (达州等，1.8万亿 / 达州等，2万亿).
    assert overlap.loc["advanced-materials", "energy-chemical"] == 1.0
    assert overlap.loc["advanced-materials", "food-light-textile"] == 0.0


@pytest.mark.parametrize("tiers", [(), ("gold",), ("none",)])
def test_unknown_roles_are_rejected(rules, tiers):
    with pytest.raises(fp.FootprintsError, match="roles"):
        fp.industry_overlap(rules, tiers=tiers)
