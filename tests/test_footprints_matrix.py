"""The city × industry footprint matrix, its totals, sorting and cell sources."""

from __future__ import annotations

import pytest

import footprints as fp
from layout_rules import tier_table

# Core and expansion counts per industry, counted by hand from the 优化产业空间布局 sentences
# of 001 (e.g. 新材料: 以成都、自贡、攀枝花、德阳、乐山、凉山等为主体形成核心发展区 → 6 core).
TEXT_COUNTS = {
    "next-gen-it": (2, 12),
    "high-end-equipment": (3, 8),
    "new-materials": (6, 12),
    "biotech": (1, 15),
    "new-energy": (4, 12),
    "new-energy-vehicles": (4, 9),
    "energy-saving": (4, 8),
    "digital-creative": (1, 3),
}


@pytest.fixture(scope="module")
def matrix(rules):
    return fp.tier_matrix(rules, document="sei-2016-2020")


def test_matrix_is_21_cities_by_8_industries_in_document_order(rules, matrix):
    industries = [i.id for i in rules.documents["sei-2016-2020"].industries]
    assert matrix.shape == (21, 8)
    assert list(matrix.columns) == industries
    assert list(matrix.index) == sorted(matrix.index)


def test_column_totals_equal_the_tier_table_counts(rules, matrix):
    tiers = tier_table(rules, document="sei-2016-2020")
    expected = tiers.groupby(["industry_id", "tier"]).size()
    totals = fp.matrix_totals(matrix, by="industry")
    for (industry, tier), count in expected.items():
        assert totals.loc[industry, tier or "none"] == count, (industry, tier)
    assert (totals[["core", "expansion", "radiated", "none"]].sum(axis=1) == 21).all()


def test_row_totals_equal_the_tier_table_counts(rules, matrix):
    tiers = tier_table(rules, document="sei-2016-2020")
    expected = tiers.groupby(["adcode", "tier"]).size()
    totals = fp.matrix_totals(matrix, by="city")
    for (adcode, tier), count in expected.items():
        assert totals.loc[adcode, tier or "none"] == count, (adcode, tier)
    assert (totals[["core", "expansion", "radiated"]].sum(axis=1) == 8).all()


@pytest.mark.parametrize(("industry", "counts"), TEXT_COUNTS.items())
def test_column_totals_match_the_text(matrix, industry, counts):
    totals = fp.matrix_totals(matrix, by="industry")
    assert (totals.loc[industry, "core"], totals.loc[industry, "expansion"]) == counts
    assert totals.loc[industry, "designated"] == sum(counts)


def test_chengdu_is_core_everywhere_and_ranks_first(matrix):
    assert set(matrix.loc["510100"]) == {"core"}
    totals = fp.matrix_totals(matrix, by="city")
    assert totals.loc["510100", "core"] == 8
    # 德阳 is core in 高端装备, 新材料, 新能源, 节能环保 (4);
    # 绵阳 in 新一代信息技术, 高端装备, 节能环保 (3).
    assert fp.sort_cities(matrix, by="core")[:3] == ["510100", "510600", "510700"]


def test_industries_sort_by_core_count(matrix):
    # 新材料 has 6 core cities, then 新能源, 新能源汽车 and 节能环保 with 4 each (document order).
    assert fp.sort_industries(matrix, by="core")[:4] == [
        "new-materials",
        "new-energy",
        "new-energy-vehicles",
        "energy-saving",
    ]
    assert fp.sort_industries(matrix) == list(matrix.columns)


def test_documents_without_layouts_fill_cells_with_designations(rules):
    matrix = fp.tier_matrix(rules, document="new-economy-2021")
    # 加快建设自贡节能环保国家战略性新兴产业集群; 推进宜宾国家首批新能源汽车换电模式试点.
    assert matrix.loc["510300", "energy-saving-environmental"] == "national_cluster"
    assert matrix.loc["511500", "new-energy-smart-vehicles"] == "pilot"
    assert matrix.loc["511500", "biotech"] == ""
    totals = fp.matrix_totals(matrix, by="industry")
    assert totals.loc["energy-saving-environmental", "none"] == 20


def test_every_document_has_a_matrix(rules):
    for document, doc in rules.documents.items():
        matrix = fp.tier_matrix(rules, document=document)
        assert matrix.shape == (21, len(doc.industries))


def test_footprint_table_keeps_every_role_and_the_strongest_weight(rules):
    table = fp.footprint_table(rules).set_index(["industry_id", "adcode"])
    # 泸州 is core for 新能源汽车, a base (打造西部清洁能源汽车生产基地) and a 推广应用城市 (pilot).
    cell = table.loc[("new-energy-vehicles", "510500")]
    assert cell["role"] == "core"
    assert cell["roles"].split(",") == ["core", "base", "pilot"]
    assert cell["weight"] == 3
    assert "以成都、泸州、南充和达州等地为主体形成核心发展区" in cell["quote"]


def test_cell_sources_lists_every_role_with_its_quote(rules):
    sources = fp.cell_sources(
        rules, document="sei-2016-2020", industry_id="new-materials", adcode="凉山"
    )
    assert list(sources["role"]) == ["core", "pilot", "pilot"]
    assert any("建设国家战略资源创新开发试验区" in quote for quote in sources["quote"])


def test_cell_sources_of_an_empty_cell_is_empty(rules):
    sources = fp.cell_sources(
        rules, document="new-economy-2021", industry_id="biotech", adcode="510300"
    )
    assert sources.empty
    assert list(sources.columns) == list(fp.SOURCE_COLUMNS)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda r: fp.tier_matrix(r, document="nope"), "unknown document 'nope'"),
        (
            lambda r: fp.cell_sources(r, document="sei-2016-2020", industry_id="x", adcode="成都"),
            "unknown industry 'x'",
        ),
        (
            lambda r: fp.cell_sources(
                r, document="sei-2016-2020", industry_id="biotech", adcode="仁寿县"
            ),
            r"'仁寿县' \(511421, Renshou County \(romanised\), Meishan\) is not a Sichuan "
            r"prefecture; it lies in Meishan",
        ),
        (
            lambda r: fp.cell_sources(
                r, document="sei-2016-2020", industry_id="biotech", adcode="Atlantis"
            ),
            "unknown place name 'Atlantis'",
        ),
        (lambda r: fp.matrix_totals(fp.tier_matrix(r), by="row"), "by='row'"),
        (lambda r: fp.sort_cities(fp.tier_matrix(r), by="bogus"), "by='bogus'"),
    ],
)
def test_bad_requests_raise_footprints_error(rules, call, message):
    with pytest.raises(fp.FootprintsError, match=message):
        call(rules)
