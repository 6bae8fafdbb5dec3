"""Exports to CSV, XLSX and GeoJSON, and the light chart shapes."""

from __future__ import annotations

import io
import json

import openpyxl
import pandas as pd
import pytest
import shapely

import footprints as fp
import geodata


@pytest.fixture(scope="module")
def prefectures():
    return geodata.load_prefectures(variant="overview")


def test_csv_has_a_bom_and_round_trips(rules):
    table = fp.footprint_table(rules)
    data = fp.to_csv_bytes(table)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert back["city"].tolist() == table["city"].tolist()
    assert back["quote"].tolist() == table["quote"].tolist()


def test_xlsx_keeps_sheets_in_order(rules):
    matrix = fp.tier_matrix(rules)
    data = fp.to_xlsx_bytes(
        {"matrix": matrix.reset_index(), "totals": fp.matrix_totals(matrix).reset_index()}
    )
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["matrix", "totals"]
    sheet = book["matrix"]
    assert [c.value for c in sheet[1]][:2] == ["adcode", "next-gen-it"]
    assert [c.value for c in sheet[2]][:2] == ["510100", "core"]


@pytest.mark.parametrize("sheets", [{}, {"a/b": pd.DataFrame()}, {"x" * 32: pd.DataFrame()}])
def test_bad_workbooks_are_rejected(sheets):
    with pytest.raises(fp.FootprintsError, match="to_xlsx_bytes"):
        fp.to_xlsx_bytes(sheets)


def test_geojson_has_one_feature_per_city(rules, prefectures):
    data = json.loads(fp.to_geojson_bytes(fp.tier_matrix(rules), prefectures))
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 21
    chengdu = next(f for f in data["features"] if f["properties"]["adcode"] == "510100")
    assert chengdu["properties"]["short_name"] == "成都"
    assert chengdu["properties"]["new-materials"] == "core"
    assert chengdu["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_geojson_of_changes(rules, prefectures):
    changes = fp.document_changes(rules, document="new-economy-2021")
    data = json.loads(fp.to_geojson_bytes(fp.change_matrix(changes), prefectures))
    zigong = next(f for f in data["features"] if f["properties"]["adcode"] == "510300")
    assert zigong["properties"]["energy-saving"] == "kept"


def test_geojson_needs_each_city_once(rules, prefectures):
    with pytest.raises(fp.FootprintsError, match="each city once"):
        fp.to_geojson_bytes(fp.footprint_table(rules), prefectures)
    with pytest.raises(fp.FootprintsError, match="not among the prefectures"):
        fp.with_geometry(pd.DataFrame({"adcode": ["999999"]}), prefectures)


def test_chart_shapes_are_small_and_still_a_coverage(prefectures):
    shapes = fp.chart_shapes(prefectures)
    assert shapes["adcode"].tolist() == prefectures["adcode"].tolist()
    assert shapes.crs.to_epsg() == 4326
    assert bool(shapely.coverage_is_valid(shapes.geometry.to_numpy()))
    assert len(shapes.to_json()) < len(prefectures.to_json()) / 4
    with pytest.raises(fp.FootprintsError, match="tolerance"):
        fp.chart_shapes(prefectures, tolerance_m=0)


def test_a_download_marks_romanised_county_names_in_english(rules):
    # A county's English name is a romanisation, not a translation: the cell says so.
    frame = pd.DataFrame({"place": ["仁寿县", "眉山"], "places": ["仁寿县、东坡区", "成都"]})
    english = fp.for_download(frame, "en", rules)
    assert list(english.iloc[:, 0]) == ["Renshou County (romanised)", "Meishan"]
    assert "Dongpo District (romanised)" in english.iloc[0, 1]
    chinese = fp.for_download(frame, "zh", rules)
    assert list(chinese.iloc[:, 0]) == ["仁寿县", "眉山"]
