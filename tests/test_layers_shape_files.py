"""Boundary shapes sent once: the shape files, their shared arcs, and what a switch still sends."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from streamlit.testing.v1 import AppTest

import geodata
from layers import Boundaries, LayersError, MapView, export_html, map_data
from layers.shape_files import (
    DATUMS,
    LEVELS,
    MANIFEST,
    SHAPES_DIR,
    Level,
    _read_manifest,
    read_topology,
    shape_files,
)
from layers.topology import build_topology, decode_topology
from layout_rules import Rules

APP = str(Path(__file__).resolve().parent.parent / "app.py")
SWITCH_LIMIT = 30_000
OVERVIEW_LIMIT = 80_000
MAX_ROUNDING_M = 600


def _decoded(layer: str, level: Level, datum: str) -> dict[str, shapely.MultiPolygon]:
    files = shape_files(layer, datum)
    return decode_topology(read_topology(files[LEVELS.index(level)]))


def _source(layer: str, level: Level) -> gpd.GeoDataFrame:
    load = geodata.load_prefectures if layer == "prefectures" else geodata.load_counties
    return load(variant=level.variant)  # type: ignore[arg-type]  # variants of LEVELS


def test_the_overview_file_is_small_and_each_level_starts_at_its_zoom() -> None:
    for datum in DATUMS:
        files = shape_files("prefectures", datum)
        assert [f.min_zoom for f in files] == [level.min_zoom for level in LEVELS]
        overview = SHAPES_DIR / files[0].url.rsplit("/", 1)[1]
        assert overview.stat().st_size <= OVERVIEW_LIMIT, (datum, overview.stat().st_size)
        assert f"prefectures-overview-{datum}-" in files[0].url
        assert files[1].url.startswith("app/static/shapes/prefectures-web-")


def _holes(union: shapely.Geometry) -> int:
    """Count the holes of the province: the source has 5 tiny ones (≤ 0.4 km²), no more."""
    return sum(len(part.interiors) for part in shapely.get_parts(union))


@pytest.mark.parametrize("level", LEVELS, ids=[level.variant for level in LEVELS])
def test_neighbours_share_their_borders_at_every_level(level: Level) -> None:
    # Decoded as the browser decodes them: no overlap, no gap, and every pair of neighbours
    # in the source still meets along a line (not just at a point) after quantisation.
    source = _source("prefectures", level)
    source_holes = _holes(shapely.union_all(source.geometry.values))
    for datum in DATUMS:
        drawn = _decoded("prefectures", level, datum)
        shapes = [drawn[str(a)] for a in source["adcode"]]
        assert shapely.coverage_is_valid(shapes), (level, datum)
        union = shapely.union_all(shapes)
        assert sum(s.area for s in shapes) == pytest.approx(union.area, rel=1e-9)
        assert _holes(union) <= source_holes, (level, datum)  # a new hole would be a gap
    drawn = _decoded("prefectures", level, "wgs84")
    geometry = dict(zip(source["adcode"], source.geometry, strict=True))
    tree = shapely.STRtree(source.geometry.values)
    for a, b in tree.query(source.geometry.values, predicate="touches").T:
        if a < b:
            left, right = source["adcode"].iloc[a], source["adcode"].iloc[b]
            if shapely.intersection(geometry[left], geometry[right]).length > 0.05:
                common = shapely.intersection(drawn[left].boundary, drawn[right].boundary)
                assert common.length > 0.04, (left, right)


@pytest.mark.parametrize("level", LEVELS, ids=[level.variant for level in LEVELS])
def test_counties_tile_without_gap_or_overlap(level: Level) -> None:
    drawn = _decoded("counties", level, "wgs84")
    shapes = list(drawn.values())
    assert len(shapes) == len(_source("counties", level))
    assert shapely.coverage_is_valid(shapes)
    assert all(shape.is_valid and not shape.is_empty for shape in shapes)


@pytest.mark.parametrize("level", LEVELS, ids=[level.variant for level in LEVELS])
def test_the_drawn_shapes_stay_within_a_fraction_of_a_pixel_of_their_variant(level: Level) -> None:
    # Snap rounding on the grid closes spikes narrower than a grid step: measured 558 m
    # (overview) and 462 m (web) at worst, under a pixel at the zoom each level serves
    # (2 km a pixel at the province view, 1 km at zoom 7, where the web level starts).
    source = _source("prefectures", level)
    drawn = _decoded("prefectures", level, "wgs84")
    shapes = gpd.GeoSeries([drawn[a] for a in source["adcode"]], crs=4326)
    assert geodata.boundary_error_m(source.geometry, shapes).max() <= MAX_ROUNDING_M


def test_a_border_is_stored_once_and_a_ring_runs_along_it_backwards() -> None:
    left, right = shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)
    frame = gpd.GeoDataFrame({"adcode": ["a", "b"]}, geometry=[left, right], crs=4326)
    topo = build_topology(frame, quantum=0.25)
    shared = set(topo["shapes"]["a"][0][0]) & {-r - 1 for r in topo["shapes"]["b"][0][0]}
    assert len(shared) == 1
    assert len(topo["arcs"]) == 3
    decoded = decode_topology(topo)
    assert decoded["a"].equals(left) and decoded["b"].equals(right)


def test_bad_input_is_refused_with_a_reason() -> None:
    frame = gpd.GeoDataFrame({"adcode": ["x"]}, geometry=[shapely.Point(0, 0)], crs=4326)
    with pytest.raises(LayersError, match="features x are not polygons"):
        build_topology(frame, quantum=0.1)
    with pytest.raises(LayersError, match="EPSG:4326"):
        build_topology(frame.to_crs(3857), quantum=0.1)
    with pytest.raises(LayersError, match="no shape files for 'rivers'"):
        shape_files("rivers", "wgs84")


def test_a_missing_file_makes_the_manifest_stale(tmp_path: Path) -> None:
    shutil.copy(SHAPES_DIR / MANIFEST, tmp_path / MANIFEST)
    assert _read_manifest(tmp_path) is None
    files = json.loads((tmp_path / MANIFEST).read_text(encoding="ascii"))["files"]
    for name in files.values():
        shutil.copy(SHAPES_DIR / name, tmp_path / name)
    assert _read_manifest(tmp_path) == files
    (tmp_path / next(iter(files.values()))).unlink()
    assert _read_manifest(tmp_path) is None


def test_an_export_keeps_its_shapes_inline(rules: Rules, boundaries: Boundaries) -> None:
    view = MapView(industries=("next-gen-it",))
    html = export_html(map_data(rules, view, boundaries), view)
    assert "app/static/shapes" not in html
    assert '"shapes":{"510100":' in html


def test_an_industry_switch_sends_styles_not_shapes(monkeypatch: pytest.MonkeyPatch) -> None:
    import streamlit_folium

    import ui.map

    sent: list[str] = []

    def fake_st_folium(fig: object, **kwargs: object) -> dict[str, object]:
        groups = kwargs["feature_group_to_add"]
        assert isinstance(groups, list)
        sent.append("".join(
            streamlit_folium._get_feature_group_string(group, map=fig, idx=index)
            for index, group in enumerate(groups)
        ))  # fmt: skip
        return {"last_object_clicked": None}

    monkeypatch.setattr(ui.map, "st_folium", fake_st_folium)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["doc"] = "sei-2016-2020"
    at.run()
    # Cluster outlines are drawn from the same files (their members' shapes): new-materials
    # sent 32 KB with them inline, new-industrialisation-2023's industries 231 KB.
    for industry in ("new-materials", "next-gen-it"):
        at.sidebar.selectbox(key="w_one").set_value(industry).run()
        assert not at.exception, [e.value for e in at.exception]
    sizes = [len(script.encode("utf-8")) for script in sent]
    assert len(sent) == 3 and max(sizes) <= SWITCH_LIMIT, sizes
    for script in sent:
        assert "app/static/shapes/prefectures-overview-wgs84-" in script
        assert '"shapes":{' not in script  # no shape travels with a switch
        assert '"members":["51' in script  # cluster outlines come from their members
