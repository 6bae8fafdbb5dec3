"""Footprint areas in km² (equal-area CRS) and their share of the province."""

from __future__ import annotations

import pandas as pd
import pytest

import footprints as fp
import geodata


@pytest.fixture(scope="module")
def province_km2() -> float:
    outline = geodata.load_province(variant="full").to_crs(geodata.equal_area_crs())
    return float(outline.area.sum()) / 1e6


@pytest.fixture(scope="module")
def areas(rules):
    return fp.footprint_areas(rules, document="sei-2016-2020")


def test_each_industry_partitions_the_province(areas, province_km2):
    sums = areas.groupby("industry_id")["area_km2"].sum()
    assert len(sums) == 8
    for industry, total in sums.items():
        assert total == pytest.approx(province_km2, rel=1e-3), industry
    assert (areas.groupby("industry_id")["share"].sum() - 1).abs().max() < 1e-9
    assert (areas.groupby("industry_id")["cities"].sum() == 21).all()


def test_sichuan_is_about_486_thousand_km2(province_km2):
    # Sichuan's official area is about 48.6万 km².
    assert 480_000 < province_km2 < 490_000


def test_core_area_is_the_sum_of_its_cities(areas):
    km2 = fp.prefecture_areas(geodata.load_prefectures(variant="full"))
    row = areas[(areas["industry_id"] == "next-gen-it") & (areas["role"] == "core")].iloc[0]
    assert row["city_names"] == "成都、绵阳"
    assert row["area_km2"] == pytest.approx(km2["510100"] + km2["510700"])
    # 成都 is about 1.43万 km²: the measure is in km², not degrees or m².
    assert 14_000 < km2["510100"] < 14_700


def test_roles_come_in_vocabulary_order(areas):
    roles = areas[areas["industry_id"] == "new-materials"]["role"].tolist()
    assert roles == ["core", "expansion", "radiated"]


def test_documents_without_layouts_have_a_none_row(rules, province_km2):
    areas = fp.footprint_areas(rules, document="meishan-new-economy-2022")
    rows = areas[areas["industry_id"] == "biomedicine"]
    assert rows["role"].tolist() == ["lead", ""]
    assert rows["area_km2"].sum() == pytest.approx(province_km2, rel=1e-3)


def test_missing_prefecture_areas_are_an_error(rules):
    partial = fp.shipped_prefecture_areas().drop(index="510100")
    with pytest.raises(fp.FootprintsError, match="lack prefectures 510100"):
        fp.footprint_areas(rules, areas=partial)


def test_prefecture_areas_need_a_crs():
    frame = geodata.load_prefectures(variant="overview").set_crs(None, allow_override=True)
    with pytest.raises(fp.FootprintsError, match="CRS"):
        fp.prefecture_areas(frame)


def test_areas_do_not_depend_on_the_input_crs():
    prefectures = geodata.load_prefectures(variant="overview")
    a = fp.prefecture_areas(prefectures)
    b = fp.prefecture_areas(prefectures.to_crs(3857))
    pd.testing.assert_series_equal(a, b, rtol=1e-6)
