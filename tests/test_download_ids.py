"""Wide downloads a machine can join: every wide sheet comes with its long form, ids in columns.

A wide sheet (the city × industry matrix, cities side by side, the Jaccard matrix, changes by
city) is headed by names in the chosen language. Its partner sheet in the same workbook gives
each cell in a row with the ids of both axes; these tests rebuild every wide cell from it.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import openpyxl
import pandas as pd
import pytest

import footprints as fp
from layout_rules import Rules, prefectures
from layout_rules.vocab import role_label, status_label
from words import t, text_in

SIDE_CITIES = ["510100", "510700", "511300"]


def _books(rules: Rules, lang: str) -> dict[str, Callable[[], bytes]]:
    from ui.compare import changes, matrix, overlap, side

    return {
        "matrix": matrix.download_files(rules, "sei-2016-2020", lang)["xlsx"],
        "side": side.download_files(rules, "sei-2016-2020", SIDE_CITIES, lang)["xlsx"],
        "overlap": overlap.download_files(rules, "sei-2016-2020", ("core",), lang)["xlsx"],
        "changes": changes.download_files(rules, "new-economy-2021", lang)["xlsx"],
    }


# workbook: wide sheet, long sheet; the wide rows' id; in the long sheet: the row id, the
# column's name, the column's id, the cell (catalogue keys)
_PARTNERS = {
    "matrix": ("matrix", "cells", "id.adcode", "id.adcode", "column.industry", "id.industry_id",
               "column.role"),
    "side": ("side_by_side", "side_by_side_long", "id.industry_id", "id.industry_id",
             "column.adcode", "id.adcode", "column.role"),
    "overlap": ("jaccard", "pairs", "id.industry_id", "id.industry_a", "column.industry_b",
                "id.industry_b", "column.jaccard"),
    "changes": ("by_city", "changes", "id.adcode", "id.adcode", "column.industry",
                "id.industry_id", "column.status"),
}  # fmt: skip


def _sheet(book: openpyxl.Workbook, name: str) -> pd.DataFrame:
    rows = list(book[name].values)
    return pd.DataFrame(rows[1:], columns=rows[0])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_wide_sheet_is_rebuilt_from_its_long_form_by_ids(rules: Rules, lang: str) -> None:
    industries = {i.id for d in rules.documents.values() for i in d.industries}
    adcodes = {c.adcode for c in prefectures()}
    for name, build in _books(rules, lang).items():
        book = openpyxl.load_workbook(io.BytesIO(build()))
        wide_name, long_name, wide_id, *keys = _PARTNERS[name]
        row_id, column_name, column_id, cell = (t(f"download.{key}", lang) for key in keys)
        wide = _sheet(book, t(f"download.sheet.{wide_name}", lang))
        long = _sheet(book, t(f"download.sheet.{long_name}", lang))
        # Each wide column's name stands for one id, and each id for one name.
        ids = long.groupby(column_name)[column_id].unique()
        assert all(len(found) == 1 for found in ids), (name, ids)
        id_of = {header: found[0] for header, found in ids.items()}
        assert len(set(id_of.values())) == len(id_of), name
        assert set(id_of.values()) <= industries | adcodes, name
        cells = long.set_index([row_id, column_id])[cell]
        assert cells.index.is_unique, name
        heads = [h for h in wide.columns[1:] if h != t(f"download.{wide_id}", lang)]
        assert len(heads) >= 3 and set(heads) <= set(id_of), (name, heads)
        for _, row in wide.iterrows():
            for head in heads:
                assert cells[row[t(f"download.{wide_id}", lang)], id_of[head]] == row[head], (
                    name, row.iloc[0], head
                )  # fmt: skip


def test_long_form_keeps_both_ids_of_every_cell() -> None:
    wide = pd.DataFrame(
        {"510100": ["core", ""], "510700": ["expansion", "core"]},
        index=pd.Index(["biotech", "new-materials"], name="industry_id"),
    )
    long = fp.long_form(wide, row="industry_id", column="adcode", value="role")
    assert list(long.columns) == ["industry_id", "adcode", "role"]
    assert len(long) == wide.size
    back = long.pivot(index="industry_id", columns="adcode", values="role")
    pd.testing.assert_frame_equal(back, wide, check_names=False)


def test_the_side_by_side_csv_names_cities_and_industries_by_id(rules: Rules) -> None:
    from ui.compare import side

    data = side.download_files(rules, "sei-2016-2020", SIDE_CITIES, "en")["csv"]()
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    city, adcode = t("download.column.adcode", "en"), t("download.id.adcode", "en")
    assert set(table[adcode]) == set(SIDE_CITIES)
    assert dict(zip(table[adcode], table[city], strict=True)) == {
        "510100": "Chengdu", "510700": "Mianyang", "511300": "Nanchong"
    }  # fmt: skip
    assert len(table) == 3 * len(rules.document("sei-2016-2020").industries)
    assert t("download.id.industry_id", "en") in table and t("download.id.role", "en") in table


def test_the_matrix_geojson_gives_every_named_cell_by_its_ids_too(rules: Rules) -> None:
    """Each city's properties map industry ids to cell ids, the same in every language.

    Every property named for an industry (in the language; the 2016–2020 plan's names, as
    both downloads name industries) is that id's cell, named: the roles of the city ×
    industry matrix and the statuses of the changes by city.
    """
    from ui.compare import changes, matrix

    industries = {i.id: i for d in rules.documents.values() for i in d.industries}
    industries |= {i.id: i for i in rules.document("sei-2016-2020").industries}  # its names win
    builders = {
        "matrix": (lambda lang: matrix.download_files(rules, "sei-2016-2020", lang), role_label),
        "changes": (lambda lang: changes.download_files(rules, "new-economy-2021", lang),
                    status_label),
    }  # fmt: skip
    for name, (files, label) in builders.items():
        by_lang = {}
        for lang in ("zh", "en"):
            features = json.loads(files(lang)["geojson"]())["features"]
            by_lang[lang] = {}
            for feature in features:
                properties = feature["properties"]
                cells = properties[t("download.id.by_industry", lang)]
                adcode = properties[t("download.id.adcode", lang)]
                by_lang[lang][adcode] = cells
                assert len(cells) >= 8 and set(cells) <= set(industries), (name, cells)
                shown = {text_in(industries[i], "name", lang) for i in cells}
                assert shown <= set(properties), (name, lang)
                for industry, cell in cells.items():
                    named = properties[text_in(industries[industry], "name", lang)]
                    assert named == label(cell, lang=lang), (name, adcode, industry)
        assert len(by_lang["zh"]) == 21 and by_lang["zh"] == by_lang["en"], name
