"""Cities side by side, their shared and unique roles, and similar cities."""

from __future__ import annotations

import pytest

import footprints as fp


def test_side_by_side_reads_the_layout_sentences(rules):
    table = fp.side_by_side(rules, ["510100", "德阳", "Mianyang"])
    assert list(table.columns) == ["industry", "industry_en", "510100", "510600", "510700"]
    assert len(table) == 8
    # 以成都、绵阳为主体形成核心发展区，以泸州、德阳……为主体形成重点拓展区 (新一代信息技术).
    assert table.loc["next-gen-it", ["510100", "510600", "510700"]].tolist() == [
        "core",
        "expansion",
        "core",
    ]
    # 以成都、自贡、攀枝花、德阳、乐山、凉山等为主体形成核心发展区，以泸州、绵阳…… (新材料).
    assert table.loc["new-materials", ["510600", "510700"]].tolist() == ["core", "expansion"]


@pytest.mark.parametrize(
    "cities",
    [["510100"], ["510100", "成都"], ["510100", "510300", "510400", "510500", "510600"]],
)
def test_side_by_side_needs_two_to_four_distinct_cities(rules, cities):
    with pytest.raises(fp.FootprintsError, match="expected 2–4 distinct cities"):
        fp.side_by_side(rules, cities)


def test_unknown_cities_are_named(rules):
    with pytest.raises(fp.FootprintsError, match="side_by_side: unknown place name 'Gotham'"):
        fp.side_by_side(rules, ["510100", "Gotham"])


def test_shared_and_unique_roles_of_chengdu_and_deyang(rules):
    roles = fp.shared_and_unique_roles(rules, ["成都", "德阳"])
    shared = roles[roles["kind"] == "shared"]
    shared_core = set(shared.loc[shared["role"] == "core", "industry_id"])
    # Both are core of 高端装备制造, 新材料, 新能源 and 节能环保 in the text.
    assert shared_core == {"high-end-equipment", "new-materials", "new-energy", "energy-saving"}
    assert (shared["adcode"] == "").all()
    deyang = roles[(roles["kind"] == "unique") & (roles["adcode"] == "510600")]
    # 德阳's expansion roles are not Chengdu's (core everywhere), nor is its naming as the
    # site of the 燃机试验示范电站 (a project, recorded as named, not as a pilot).
    held = set(zip(deyang["industry_id"], deyang["role"], strict=True))
    assert ("next-gen-it", "expansion") in held
    assert ("high-end-equipment", "named") in held
    assert ("high-end-equipment", "pilot") not in held
    assert "radiated" not in set(roles["role"])


def test_similar_cities_ranks_the_hand_checked_case(rules):
    # 成都 is core (weight 3) in all 8 industries, so similarity = (Σ of the other's weights) / 24.
    # From the layout sentences: 德阳 core ×4 + expansion ×4 = 20; 绵阳 core ×3 + expansion ×5 =
    # 19; 乐山 core ×2 (新材料, 新能源) + expansion ×5 + radiated ×1 (数字创意) = 17; 泸州 core
    # ×1 (新能源汽车) + expansion ×6 + radiated ×1 = 16.
    ranked = fp.similar_cities(rules, "510100")
    assert ranked["city"].head(4).tolist() == ["德阳", "绵阳", "乐山", "泸州"]
    assert ranked["similarity"].head(4).tolist() == pytest.approx(
        [20 / 24, 19 / 24, 17 / 24, 16 / 24]
    )
    assert len(ranked) == 20
    assert "510100" not in set(ranked["adcode"])
    assert list(ranked.columns) == list(fp.SIMILAR_COLUMNS)


def test_similarity_is_symmetric_and_bounded(rules):
    a = fp.similar_cities(rules, "510600").set_index("adcode")
    b = fp.similar_cities(rules, "510700").set_index("adcode")
    assert a.loc["510700", "similarity"] == pytest.approx(b.loc["510600", "similarity"])
    assert a["similarity"].between(0, 1).all()


def test_cities_never_named_are_not_similar(rules):
    # The Meishan plan names only 眉山: other cities score 0 against it and against each other.
    ranked = fp.similar_cities(rules, "510100", document="meishan-new-economy-2022")
    assert (ranked["similarity"] == 0).all()
    assert (ranked["shared"] == 0).all()


def test_similarity_note_explains_the_measure():
    assert "Jaccard" in fp.SIMILARITY_NOTE["zh"]
    assert "Σ" in fp.SIMILARITY_NOTE["en"]


def test_similar_cities_with_the_weights_given_ranks_as_without(rules):
    weights = fp.matrix_of(fp.footprint_table(rules, document="sei-2016-2020"), values="weight")
    given = fp.similar_cities(rules, "510700", document="sei-2016-2020", weights=weights)
    computed = fp.similar_cities(rules, "510700", document="sei-2016-2020")
    assert given.equals(computed)
    assert "绵阳" not in set(given["city"]) and len(given) == 20  # the other 20 cities
