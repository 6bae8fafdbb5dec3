"""Boundaries: counts, adcodes, datum, coverage and the simplified variants' guarantees."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

import geodata
from geodata import quality
from geodata.datum import gcj02_to_wgs84_coords, wgs84_to_gcj02_coords
from geodata.source import read_raw

pytestmark = pytest.mark.cost(18)  # seconds; the costliest files run first (conftest.py)

OFFICIAL_PREFECTURES = {
    "510100": "成都市", "510300": "自贡市", "510400": "攀枝花市", "510500": "泸州市",
    "510600": "德阳市", "510700": "绵阳市", "510800": "广元市", "510900": "遂宁市",
    "511000": "内江市", "511100": "乐山市", "511300": "南充市", "511400": "眉山市",
    "511500": "宜宾市", "511600": "广安市", "511700": "达州市", "511800": "雅安市",
    "511900": "巴中市", "512000": "资阳市", "513200": "阿坝藏族羌族自治州",
    "513300": "甘孜藏族自治州", "513400": "凉山彝族自治州",
}  # fmt: skip
SLIVER_KM2 = 0.01


@pytest.fixture(scope="module")
def raw() -> gpd.GeoDataFrame:
    return read_raw()


@pytest.mark.parametrize("variant", geodata.VARIANT_NAMES)
def test_prefectures_have_official_adcodes_and_names(variant: str) -> None:
    prefectures = geodata.load_prefectures(variant=variant)
    assert len(prefectures) == 21
    assert dict(zip(prefectures.adcode, prefectures.name, strict=True)) == OFFICIAL_PREFECTURES
    assert prefectures.crs.to_epsg() == 4326
    assert {"short_name", "name_en", "label_lon", "label_lat"} <= set(prefectures.columns)
    row = prefectures.set_index("adcode").loc["510100"]
    assert (row.short_name, row.name_en) == ("成都", "Chengdu")


@pytest.mark.parametrize("variant", geodata.VARIANT_NAMES)
def test_counties_all_belong_to_a_prefecture(variant: str) -> None:
    counties = geodata.load_counties(variant=variant)
    assert len(counties) == 183
    assert counties.adcode.is_unique
    assert set(counties.prefecture_adcode) == set(OFFICIAL_PREFECTURES)
    assert (counties.adcode.str[:4] == counties.prefecture_adcode.str[:4]).all()


def test_meishan_counties_are_the_six_districts_and_counties() -> None:
    counties = geodata.load_counties(variant="web")
    meishan = set(counties[counties.prefecture_adcode == "511400"].name)
    assert meishan == {"东坡区", "彭山区", "仁寿县", "洪雅县", "丹棱县", "青神县"}


@pytest.mark.parametrize("variant", geodata.VARIANT_NAMES)
def test_prefectures_tile_the_province(variant: str) -> None:
    assert quality.province_mismatch_km2(variant) < SLIVER_KM2
    assert abs(quality.overlap_km2(geodata.load_prefectures(variant=variant))) < SLIVER_KM2


@pytest.mark.parametrize("variant", geodata.VARIANT_NAMES)
def test_counties_nest_in_prefectures_without_overlap(variant: str) -> None:
    assert max(quality.nesting_mismatch_km2(variant).values()) < SLIVER_KM2
    assert abs(quality.overlap_km2(geodata.load_counties(variant=variant))) < SLIVER_KM2


@pytest.mark.parametrize(("variant", "bound_m"), [("web", 400), ("overview", 1500)])
@pytest.mark.parametrize("layer", ["prefectures", "counties"])
def test_simplified_variants_respect_their_error_bound(
    variant: str, bound_m: float, layer: str
) -> None:
    error = quality.max_error_m(layer, variant)
    assert 0 < error <= bound_m


def test_simplified_variants_have_fewer_vertices() -> None:
    counts = {
        v: int(
            shapely.get_num_coordinates(geodata.load_prefectures(variant=v).geometry.values).sum()
        )
        for v in geodata.VARIANT_NAMES
    }
    assert counts["full"] > 2 * counts["web"] > 2 * counts["overview"]


def test_neighbours_share_borders_exactly_in_web_variant() -> None:
    prefectures = geodata.load_prefectures(variant="web").set_index("short_name")
    border = shapely.intersection(prefectures.geometry["成都"], prefectures.geometry["德阳"])
    assert shapely.length(border) > 0.3  # degrees: a real shared border line, not a point


def test_error_measure_detects_a_shifted_boundary() -> None:
    prefectures = geodata.load_prefectures(variant="web").head(1)
    shifted = prefectures.geometry.translate(xoff=0.01)  # about 1 km east
    error = geodata.boundary_error_m(prefectures.geometry, shifted)[0]
    assert 900 < error < 1100


def test_wgs84_differs_from_gcj02_source_by_the_expected_offset(raw: gpd.GeoDataFrame) -> None:
    source = raw[raw.level == "prefecture"].set_index("adcode").geometry
    converted = geodata.load_prefectures(variant="full").set_index("adcode").geometry
    for adcode in ("510100", "513300", "511400"):
        a = shapely.get_coordinates(source[adcode])
        b = shapely.get_coordinates(converted[adcode])
        offsets = (
            gpd.GeoSeries(gpd.points_from_xy(a[:, 0], a[:, 1]), crs=4326)
            .to_crs(geodata.equal_area_crs())
            .distance(
                gpd.GeoSeries(gpd.points_from_xy(b[:, 0], b[:, 1]), crs=4326).to_crs(
                    geodata.equal_area_crs()
                )
            )
        )
        assert offsets.min() > 150 and offsets.max() < 550


def test_converting_back_reproduces_the_source_within_a_metre(raw: gpd.GeoDataFrame) -> None:
    source = shapely.get_coordinates(raw[raw.level == "province"].geometry.iloc[0])
    wgs = gcj02_to_wgs84_coords(source)
    back = wgs84_to_gcj02_coords(wgs)
    metres = np.abs(back - source).max() * 111_000
    assert metres < 1.0


def test_forward_transform_for_amap_moves_sichuan_east_and_south() -> None:
    prefectures = geodata.load_prefectures(variant="overview")
    shifted = geodata.wgs84_to_gcj02(prefectures)
    assert isinstance(shifted, gpd.GeoDataFrame)
    before = shapely.get_coordinates(prefectures.geometry.values)
    after = shapely.get_coordinates(shifted.geometry.values)
    dx, dy = after[:, 0] - before[:, 0], after[:, 1] - before[:, 1]
    assert ((dx > 0) & (dx < 0.006)).all() and ((dy > -0.005) & (dy < 0)).all()
    assert np.allclose(gcj02_to_wgs84_coords(after), before, atol=1e-8)


def test_label_points_lie_inside_their_polygons() -> None:
    for loader in (geodata.load_prefectures, geodata.load_counties):
        for variant in geodata.VARIANT_NAMES:
            layer = loader(variant=variant)
            points = shapely.points(layer.label_lon.values, layer.label_lat.values)
            assert shapely.contains(layer.geometry.values, points).all(), (loader, variant)
