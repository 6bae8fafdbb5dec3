"""Formula injection in CSV and XLSX, and one CSV and one GeoJSON writer for the whole app.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` is run as a formula by spreadsheets:
``=HYPERLINK("http://evil.example","click")`` in a park name became a live link in XLSX.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import footprints as fp
from layout_rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
VALID = Path(__file__).parent / "broken_rules" / "_valid"
HOSTILE = ['=HYPERLINK("http://evil.example","click")', "+1+cmd|' /C calc'!A0", "-2+3",
           "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]  # fmt: skip


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"name": [*HOSTILE, "成都", "a-b"], "value": [-1.5, 2, 3, 4, 5, 6, 7, 8]})


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_cells_that_would_be_formulas_are_neutralised() -> None:
    rows = _csv_rows(fp.to_csv_bytes(_frame()))
    names = [row[0] for row in rows[1:]]
    assert names == [f"'{value}" for value in HOSTILE] + ["成都", "a-b"]
    assert rows[1][1] == "-1.5"  # numbers stay numbers


def test_xlsx_cells_that_would_be_formulas_are_text() -> None:
    book = openpyxl.load_workbook(io.BytesIO(fp.to_xlsx_bytes({"t": _frame()})))
    sheet = book["t"]
    cells = [sheet.cell(row=r, column=1) for r in range(2, 2 + len(HOSTILE))]
    assert [cell.data_type for cell in cells] == ["s"] * len(HOSTILE)
    # (XLSX keeps line ends as \n: the carriage return case reads back as a newline)
    assert [cell.value.replace("\n", "\r") for cell in cells][:-1] == [
        f"'{value}" for value in HOSTILE
    ][:-1]
    assert cells[-1].value.startswith("'")
    assert sheet.cell(row=2, column=2).value == -1.5


def test_a_hostile_index_is_neutralised_too() -> None:
    frame = pd.DataFrame({"n": [1]}, index=pd.Index(["=cmd"], name="city"))
    assert _csv_rows(fp.to_csv_bytes(frame, index=True))[1] == ["'=cmd", "1"]


@pytest.fixture
def hostile_rules(tmp_path: Path):
    """Copy the valid fixture with a formula as an industry name and a focus theme."""
    shutil.copytree(VALID, tmp_path / "rules")
    path = tmp_path / "rules" / "data" / "mini_a.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("name: 小部件", 'name: \'=HYPERLINK("http://evil.example","x")\'')
    text = text.replace("themes: [微型部件, 智能部件]", "themes: ['@SUM(A1)', 智能部件]")
    path.write_text(text, encoding="utf-8")
    return load_rules(tmp_path / "rules" / "data")


def test_data_from_rules_is_neutralised_in_the_comparison_downloads(hostile_rules) -> None:
    table = fp.footprint_table(hostile_rules, document="mini-a")
    data = fp.to_csv_bytes(table).decode("utf-8-sig")
    assert "HYPERLINK" in data
    cells = [cell for row in _csv_rows(data.encode()) for cell in row]
    assert [cell for cell in cells if cell[:1] in {"=", "+", "-", "@"}] == []
    book = openpyxl.load_workbook(io.BytesIO(fp.to_xlsx_bytes({"t": table})))
    formulas = [c.coordinate for row in book["t"].iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


_WRITERS = re.compile(r"\.to_csv\(|\.to_json\(|\.to_excel\(")


def test_the_app_has_one_csv_xlsx_and_geojson_writer() -> None:
    """Only footprints/export.py writes CSV, XLSX or GeoJSON; everything else calls it."""
    packages = ("app.py", "ui", "layers", "footprints", "factsheets", "layout_rules", "geodata")
    found = sorted(
        str(path.relative_to(ROOT))
        for name in packages
        for path in ([ROOT / name] if name.endswith(".py") else (ROOT / name).rglob("*.py"))
        if _WRITERS.search(path.read_text(encoding="utf-8"))
    )
    assert found == ["footprints/export.py"]
