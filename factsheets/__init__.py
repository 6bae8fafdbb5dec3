"""Fact sheets: one city's industrial role as a printable, cited document, and all 21 at once.

:func:`fact_sheet` gathers what every document says about a prefecture into a frozen
:class:`FactSheet` (pure; every claim footnoted to document, section and verbatim quote);
:func:`render_html` lays it out as one self-contained page with vector locator maps, and
:func:`render_pdf` renders the same page to PDF with an embedded CJK font subset. The export
functions write sheets atomically under safe names; ``python -m factsheets`` is the CLI.

>>> import datetime as dt
>>> from layout_rules import load_rules
>>> sheet = fact_sheet(load_rules(), "Chengdu", generated=dt.date(2024, 1, 1))
>>> sheet.name, file_stem(sheet)
('成都市', '510100-chengdu')
"""

from __future__ import annotations

from factsheets._errors import FactSheetError
from factsheets.content import (
    DocumentRef,
    DocumentRoles,
    FactSheet,
    FocusItem,
    Footnote,
    GroupItem,
    IndustryMap,
    IndustryRoles,
    ParkItem,
    Peer,
    RoleMark,
    city_of,
    fact_sheet,
)
from factsheets.export import (
    FORMATS,
    BatchInterrupted,
    all_sheets,
    check_out,
    export_all,
    export_sheet,
    export_zip,
    file_stem,
    render_all,
    render_files,
    zip_bytes,
    zip_name,
)
from factsheets.fonts import CJKFont, find_cjk_font, font_stack
from factsheets.html import render_html
from factsheets.pdf import pdf_font, render_pdf

__all__ = [
    "FORMATS",
    "BatchInterrupted",
    "CJKFont",
    "DocumentRef",
    "DocumentRoles",
    "FactSheet",
    "FactSheetError",
    "FocusItem",
    "Footnote",
    "GroupItem",
    "IndustryMap",
    "IndustryRoles",
    "ParkItem",
    "Peer",
    "RoleMark",
    "all_sheets",
    "check_out",
    "city_of",
    "export_all",
    "export_sheet",
    "export_zip",
    "fact_sheet",
    "file_stem",
    "find_cjk_font",
    "font_stack",
    "pdf_font",
    "render_all",
    "render_files",
    "render_html",
    "render_pdf",
    "zip_bytes",
    "zip_name",
]
