"""Tiers: what a layout sentence (核心发展区 / 重点拓展区 / 辐射带动) makes each prefecture."""

from __future__ import annotations

import pandas as pd

from geodata.places import Place, prefectures, resolve
from layout_rules.rules import DEFAULT_DOCUMENT, Rules
from layout_rules.schema import Industry, Layout
from layout_rules.vocab import NAMED_TIERS

CELL_COLUMNS = ("document", "industry_id", "industry", "industry_en", "adcode", "city", "city_en")
"""The columns that name one cell of a document's city × industry table: every table of
tiers, roles, footprints and changes starts with them."""
TIER_COLUMNS = (*CELL_COLUMNS, "tier", "open_list", "section", "quote")


def layout_tiers(layout: Layout) -> dict[str, str]:
    """Return prefecture adcode -> ``core`` or ``expansion`` for the cities a layout names."""
    tiers: dict[str, str] = {}
    for tier in NAMED_TIERS:
        for name in getattr(layout, tier):
            tiers.setdefault(resolve(name), tier)
    return tiers


def tier_table(rules: Rules, *, document: str = DEFAULT_DOCUMENT) -> pd.DataFrame:
    """Return the tier of every prefecture for every industry of a document that has a layout.

    ``tier`` is ``core`` or ``expansion`` for the cities the layout sentence names,
    ``radiated`` for every other city when the text says 辐射带动全省其他地区, else ``""``.
    ``section`` and ``quote`` are the layout sentence's source, empty where the tier is ``""``.

    Parameters
    ----------
    rules
        Loaded rules.
    document
        Document id.

    Returns
    -------
    DataFrame
        One row per industry and prefecture (industries in document order, cities by adcode),
        columns :data:`TIER_COLUMNS`.

    Raises
    ------
    LayoutRulesError
        If the document is unknown.

    Examples
    --------
    >>> from layout_rules import load_rules
    >>> table = tier_table(load_rules())
    >>> table.loc[table["city"] == "成都", "tier"].unique().tolist()
    ['core']
    """
    doc = rules.document(document)
    rows = [
        row
        for industry in doc.industries
        if industry.layout is not None
        for row in _tier_rows(document, industry, industry.layout)
    ]
    return pd.DataFrame(rows, columns=list(TIER_COLUMNS)).astype({"open_list": bool})


def _tier_rows(document: str, industry: Industry, layout: Layout) -> list[tuple[object, ...]]:
    named = layout_tiers(layout)
    rest = "radiated" if layout.radiates_rest else ""
    return [_tier_row(document, industry, layout, city, named.get(city.adcode, rest))
            for city in prefectures()]  # fmt: skip


def _tier_row(
    document: str, industry: Industry, layout: Layout, city: Place, tier: str
) -> tuple[object, ...]:
    section, quote = (layout.source.section, layout.source.quote) if tier else ("", "")
    return (
        document,
        industry.id,
        industry.name,
        industry.name_en,
        city.adcode,
        city.short_name,
        city.name_en,
        tier,
        layout.open_list,
        section,
        quote,
    )
