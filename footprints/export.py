"""Tables as files: CSV, XLSX (openpyxl) and GeoJSON, returned as bytes.

The one CSV, XLSX and GeoJSON writer of the app (comparisons and the map's downloads). Pure
functions: they build the file in memory and leave writing or downloading to the caller.
Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
tab or carriage return) are neutralised with a leading apostrophe: data text such as
``=HYPERLINK(…)`` stays text in CSV and XLSX.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import pandas as pd

from footprints._errors import FootprintsError

_SHEET_NAME = re.compile(r"^[^\[\]:*?/\\]{1,31}$")
_PLACE_COLUMNS = ["adcode", "name", "short_name", "name_en"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection)."""


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` whose text cells (and index) cannot run as formulas.

    >>> neutralise_formulas(pd.DataFrame({"note": ["=1+1", "ok", "-x", 3]}))["note"].tolist()
    ["'=1+1", 'ok', "'-x", 3]
    """
    safe = frame.copy()
    for i in range(safe.shape[1]):
        if not pd.api.types.is_numeric_dtype(safe.iloc[:, i]):
            safe.isetitem(i, safe.iloc[:, i].map(_neutral).array)
    if not pd.api.types.is_numeric_dtype(safe.index):
        safe.index = safe.index.map(_neutral)
    return safe


def _neutral(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv_bytes(frame: pd.DataFrame, *, index: bool = False) -> bytes:
    r"""Return a table as UTF-8 CSV with a byte-order mark, so Excel reads Chinese correctly.

    >>> to_csv_bytes(pd.DataFrame({"city": ["成都"]}))[:3] == b"\xef\xbb\xbf"
    True
    """
    # CRLF rows (RFC 4180): a cell holding a bare carriage return is then quoted, not split.
    text = neutralise_formulas(frame).to_csv(index=index, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def to_xlsx_bytes(sheets: Mapping[str, pd.DataFrame], *, index: bool = False) -> bytes:
    r"""Return an Excel workbook with one sheet per table, in the given order.

    Raises
    ------
    FootprintsError
        If there is no sheet, or a sheet name is not a valid Excel name (1–31 characters,
        none of ``[]:*?/\``).
    """
    if not sheets:
        msg = "to_xlsx_bytes: no sheets to write"
        raise FootprintsError(msg)
    bad = [name for name in sheets if not _SHEET_NAME.match(name)]
    if bad:
        msg = f"to_xlsx_bytes: invalid sheet names {bad!r} (1–31 characters, none of []:*?/\\)"
        raise FootprintsError(msg)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            neutralise_formulas(frame).to_excel(writer, sheet_name=name, index=index)
            _readable(writer.sheets[name])
    return buffer.getvalue()


XLSX_MAX_WIDTH = 60
"""The widest column of a workbook, in characters; longer texts (quotes) wrap."""


def _readable(sheet: Any) -> None:  # an openpyxl Worksheet (untyped)
    """Freeze the header row, fit each column to its text, and wrap texts that are too long.

    A CJK character counts as two widths (it is drawn about twice as wide as a Latin one).
    openpyxl is imported here, when a workbook is written: a server's first page needs none.
    """
    # openpyxl ships no type stubs (types-openpyxl is not a dependency of the project).
    from openpyxl.styles import Alignment  # type: ignore[import-untyped]

    sheet.freeze_panes = "A2"
    for cells in sheet.iter_cols():
        widths = [_text_width(cell.value) for cell in cells]
        width = max(widths, default=0)
        letter = cells[0].column_letter
        sheet.column_dimensions[letter].width = min(max(width, 6) + 2, XLSX_MAX_WIDTH)
        if width > XLSX_MAX_WIDTH:
            for cell in cells[1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _text_width(value: object) -> int:
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def with_geometry(table: pd.DataFrame, prefectures: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Join a one-row-per-city table to prefecture shapes on ``adcode`` (WGS84).

    ``table`` needs an ``adcode`` column or index with each city once; the result has the
    prefectures' names first, then the table's columns, then the geometry.

    Raises
    ------
    FootprintsError
        If the table has no adcode, repeats one, or names one the prefectures lack.
    """
    flat = table.reset_index() if "adcode" not in table.columns else table
    if "adcode" not in flat.columns or flat["adcode"].duplicated().any():
        msg = "with_geometry: the table needs an 'adcode' column with each city once"
        raise FootprintsError(msg)
    unknown = sorted(set(flat["adcode"]) - set(prefectures["adcode"]))
    if unknown:
        msg = f"with_geometry: adcodes {', '.join(unknown)} are not among the prefectures"
        raise FootprintsError(msg)
    places = prefectures[[*_PLACE_COLUMNS, "geometry"]].to_crs(4326)
    extra = [c for c in flat.columns if c not in _PLACE_COLUMNS]
    joined = places.merge(flat[["adcode", *extra]], on="adcode", how="inner")
    return joined[[*_PLACE_COLUMNS, *extra, "geometry"]]


def to_geojson_bytes(table: pd.DataFrame, prefectures: gpd.GeoDataFrame) -> bytes:
    """Return a one-row-per-city table as GeoJSON (RFC 7946, WGS84) of prefecture polygons.

    See :func:`with_geometry` for the join and its errors.
    """
    return shapes_to_geojson(with_geometry(table, prefectures))


def shapes_to_geojson(shapes: gpd.GeoDataFrame) -> bytes:
    """Return shapes with their properties as GeoJSON (UTF-8, CJK kept as written)."""
    text: str = shapes.to_json(drop_id=True, ensure_ascii=False)
    return text.encode("utf-8")
