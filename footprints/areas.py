"""Footprint areas: how much of Sichuan each industry's tiers cover, in km² and share.

Areas are measured in :func:`geodata.equal_area_crs` (an Albers for Sichuan), never in
degrees. The 21 prefectures tile the province, so for every industry the areas of its roles
(including "none") sum to the province's area.
"""

from __future__ import annotations

import functools

import geopandas as gpd
import pandas as pd

import geodata
from footprints._errors import FootprintsError
from footprints.matrix import footprint_table
from layout_rules import DEFAULT_DOCUMENT, Rules
from layout_rules.vocab import role_rank

AREA_COLUMNS = (
    "document",
    "industry_id",
    "industry",
    "industry_en",
    "role",
    "cities",
    "city_names",
    "area_km2",
    "share",
)
_M2_PER_KM2 = 1e6


def prefecture_areas(prefectures: gpd.GeoDataFrame) -> pd.Series:
    """Return each prefecture's area in km², measured in the equal-area CRS.

    Parameters
    ----------
    prefectures
        A GeoDataFrame with an ``adcode`` column and a CRS (any; it is projected here).

    Returns
    -------
    Series
        km² indexed by adcode.

    Raises
    ------
    FootprintsError
        If the frame has no CRS or no ``adcode`` column.
    """
    if prefectures.crs is None or "adcode" not in prefectures.columns:
        msg = "prefecture_areas: expected a GeoDataFrame with a CRS and an 'adcode' column"
        raise FootprintsError(msg)
    projected = prefectures.to_crs(geodata.equal_area_crs())
    areas = pd.Series(projected.area.to_numpy() / _M2_PER_KM2, index=prefectures["adcode"])
    return areas.rename("area_km2")


@functools.lru_cache(maxsize=1)
def _shipped_areas() -> pd.Series:
    return prefecture_areas(geodata.load_prefectures(variant="full"))


def shipped_prefecture_areas() -> pd.Series:
    """Return :func:`prefecture_areas` of the full-resolution boundaries, computed once."""
    return _shipped_areas().copy()


def footprint_areas(
    rules: Rules, *, document: str = DEFAULT_DOCUMENT, areas: pd.Series | None = None
) -> pd.DataFrame:
    """Return the area and share of the province each role of each industry covers.

    A city counts with its cell's role (see :func:`footprints.footprint_table`), so the rows
    of one industry partition the province.

    Parameters
    ----------
    rules
        Loaded rules.
    document
        Document id.
    areas
        km² per prefecture adcode (:func:`prefecture_areas`); the shipped full-resolution
        boundaries when omitted.

    Returns
    -------
    DataFrame
        Columns :data:`AREA_COLUMNS`: one row per industry and role held by at least one
        city, roles in vocabulary order and ``""`` (none) last; ``cities`` is their count,
        ``city_names`` their names (、-separated), ``share`` the fraction of the province.

    Raises
    ------
    FootprintsError
        If the document is unknown or ``areas`` lacks a prefecture.

    Examples
    --------
    >>> from layout_rules import load_rules
    >>> table = footprint_areas(load_rules())
    >>> shares = table.groupby("industry_id")["share"].sum()
    >>> bool(((shares - 1).abs() < 1e-9).all())
    True
    """
    table = footprint_table(rules, document=document)
    km2 = shipped_prefecture_areas() if areas is None else areas
    missing = sorted(set(table["adcode"]) - set(km2.index))
    if missing:
        msg = f"footprint_areas: areas lack prefectures {', '.join(missing)}"
        raise FootprintsError(msg)
    province = float(km2.loc[list(dict.fromkeys(table["adcode"]))].sum())
    groups: dict[tuple[str, str], list[tuple[str, float]]] = {}
    names: dict[str, tuple[str, str]] = {}
    columns = ["industry_id", "industry", "industry_en", "role", "city", "adcode"]
    for industry_id, industry, industry_en, role, city, adcode in table[columns].itertuples(
        index=False, name=None
    ):
        names[industry_id] = (industry, industry_en)
        groups.setdefault((industry_id, role), []).append((city, float(km2[adcode])))
    industries = list(names)
    keys = sorted(groups, key=lambda key: (industries.index(key[0]), role_rank(key[1])))
    rows = [_area_row(document, key, names[key[0]], groups[key], province) for key in keys]
    return pd.DataFrame(rows, columns=list(AREA_COLUMNS))


def _area_row(
    document: str,
    key: tuple[str, str],
    names: tuple[str, str],
    cities: list[tuple[str, float]],
    province: float,
) -> tuple[object, ...]:
    area = sum(km2 for _, km2 in cities)
    city_names = "、".join(city for city, _ in cities)
    return (document, key[0], *names, key[1], len(cities), city_names, area, area / province)
