"""The compact polygon encoding: exact round trip on the grid, bounded error, shared borders."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

import geodata
from layers import LayersError, decode_shape, encode_frame, encode_shape
from layers.geometry import ALPHABET, QUANTUM, decode_numbers, encode_numbers

pytestmark = pytest.mark.cost(5)  # seconds; the costliest files run first (conftest.py)


@pytest.fixture(scope="module")
def web() -> gpd.GeoDataFrame:
    return geodata.load_prefectures(variant="web")


def test_numbers_round_trip_including_extremes() -> None:
    values = np.array([0, 1, -1, 15, 16, -16, -17, 511, 512, 10**9, -(10**9)])
    rng = np.random.default_rng(7)
    values = np.concatenate([values, rng.integers(-2_000_000, 2_000_000, 5000)])
    assert decode_numbers(encode_numbers(values)) == values.tolist()


def test_alphabet_has_no_underscore_for_streamlit_folium_renaming() -> None:
    assert "_" not in ALPHABET
    assert len(set(ALPHABET)) == 64


def test_decoded_prefectures_stay_within_the_web_error_bound(web: gpd.GeoDataFrame) -> None:
    shapes = encode_frame(web)
    decoded = gpd.GeoSeries([decode_shape(shapes[a]) for a in web["adcode"]], crs=4326)
    # The encoding adds at most the rounding to a 1e-4 degree grid (< 8 m) to the web error.
    assert geodata.boundary_error_m(web.geometry, decoded).max() < 10
    full = geodata.load_prefectures(variant="full")
    assert geodata.boundary_error_m(full.geometry, decoded).max() <= 400


def test_neighbours_still_share_borders_after_encoding(web: gpd.GeoDataFrame) -> None:
    shapes = encode_frame(web)
    chengdu = decode_shape(shapes["510100"])
    deyang = decode_shape(shapes["510600"])
    overlap = chengdu.intersection(deyang).area
    gap = chengdu.union(deyang).area - chengdu.area - deyang.area
    assert overlap < 1e-9
    assert abs(gap) < 1e-9
    assert chengdu.touches(deyang) or chengdu.intersection(deyang).length > 0


def test_coordinates_are_on_the_grid_and_holes_survive() -> None:
    outer = shapely.box(100.0, 30.0, 101.0, 31.0)
    polygon = outer.difference(shapely.box(100.2, 30.2, 100.4, 30.4))
    decoded = decode_shape(encode_shape(polygon))
    assert len(decoded.geoms[0].interiors) == 1
    assert decoded.area == pytest.approx(polygon.area, rel=1e-9)
    coords = shapely.get_coordinates(decoded)
    assert np.allclose(coords / QUANTUM, np.round(coords / QUANTUM))


def test_encoding_is_much_smaller_than_geojson(web: gpd.GeoDataFrame) -> None:
    encoded = sum(len(r) for s in encode_frame(web).values() for p in s for r in p)
    assert encoded < len(web[["adcode", "geometry"]].to_json()) / 8


def test_non_polygons_and_wrong_crs_are_rejected(web: gpd.GeoDataFrame) -> None:
    with pytest.raises(LayersError, match="LineString"):
        encode_shape(shapely.LineString([(0, 0), (1, 1)]))
    with pytest.raises(LayersError, match="EPSG:4326"):
        encode_frame(web.to_crs(geodata.equal_area_crs()))
    with pytest.raises(LayersError, match="no column 'id'"):
        encode_frame(web, key="id")
