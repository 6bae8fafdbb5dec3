"""Comparing cities: a few side by side, their shared and unique roles, and similar cities."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from footprints._validate import check_document, city_code, city_codes
from footprints.matrix import footprint_table, matrix_of
from layout_rules import DEFAULT_DOCUMENT, Rules, prefectures, roles_table
from layout_rules.vocab import DESIGNATED
from words import every

MIN_CITIES = 2
MAX_CITIES = 4
"""A side-by-side comparison shows 2–4 cities: fewer is no comparison, more is unreadable."""

ROLE_SET_COLUMNS = ("kind", "adcode", "city", "industry_id", "industry", "role", "section", "quote")
SIMILAR_COLUMNS = ("adcode", "city", "city_en", "similarity", "shared")

SIMILARITY_NOTE = every("footprints.similarity_note")
"""How :func:`similar_cities` measures similarity, for the UI to show next to the ranking."""


def side_by_side(
    rules: Rules, adcodes: Sequence[str], *, document: str = DEFAULT_DOCUMENT
) -> pd.DataFrame:
    """Return the role of 2–4 cities in every industry of a document, as one table.

    Parameters
    ----------
    rules
        Loaded rules.
    adcodes
        Two to four prefectures, by adcode or any name the gazetteer knows.
    document
        Document id.

    Returns
    -------
    DataFrame
        Index ``industry_id`` in document order; columns ``industry``, ``industry_en`` and one
        column per city adcode (in the given order) holding its role id (``""`` for none).

    Raises
    ------
    FootprintsError
        If the document or a city is unknown, or there are not 2–4 distinct cities.

    Examples
    --------
    >>> from layout_rules import load_rules
    >>> table = side_by_side(load_rules(), ["成都", "510600"])
    >>> table.loc["new-materials", ["510100", "510600"]].tolist()
    ['core', 'core']
    """
    codes = city_codes(adcodes, where="side_by_side", least=MIN_CITIES, most=MAX_CITIES)
    table = footprint_table(rules, document=document)
    names = table.drop_duplicates("industry_id").set_index("industry_id")
    matrix = matrix_of(table).T[codes]
    return names[["industry", "industry_en"]].join(matrix)


def shared_and_unique_roles(
    rules: Rules, adcodes: Sequence[str], *, document: str = DEFAULT_DOCUMENT
) -> pd.DataFrame:
    """Return the roles all of 2–4 cities hold, and those only one of them holds.

    A role is an (industry, role) pair the document gives a city, counting every role that
    names the city (tiers core/expansion and designations; radiated is left out, since it is
    what unnamed cities get).

    Returns
    -------
    DataFrame
        Columns :data:`ROLE_SET_COLUMNS`. ``kind`` is ``shared`` (``adcode`` and ``city`` empty;
        the source is the first city's) or ``unique`` (one row per city and role).

    Raises
    ------
    FootprintsError
        If the document or a city is unknown, or there are not 2–4 distinct cities.
    """
    codes = city_codes(adcodes, where="shared_and_unique_roles", least=MIN_CITIES, most=MAX_CITIES)
    check_document(rules, document, where="shared_and_unique_roles")
    roles = roles_table(rules)
    roles = roles[(roles["document"] == document) & roles["role"].isin(DESIGNATED)]
    roles = roles.drop_duplicates(["industry_id", "adcode", "role"])
    held = {code: set(zip(*_pairs(roles, code), strict=True)) for code in codes}
    shared = set.intersection(*held.values())
    rows = [_row("shared", roles, codes[0], pair) for pair in _ordered(roles, shared)]
    for code in codes:
        others = set().union(*(held[other] for other in codes if other != code))
        rows += [_row("unique", roles, code, pair) for pair in _ordered(roles, held[code] - others)]
    return pd.DataFrame(rows, columns=list(ROLE_SET_COLUMNS))


def _pairs(roles: pd.DataFrame, code: str) -> tuple[list[str], list[str]]:
    here = roles[roles["adcode"] == code]
    return here["industry_id"].tolist(), here["role"].tolist()


def _ordered(roles: pd.DataFrame, pairs: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return pairs in the roles table's order (document industry order, then role rank)."""
    order = dict.fromkeys(zip(roles["industry_id"], roles["role"], strict=True))
    return [pair for pair in order if pair in pairs]


def _row(kind: str, roles: pd.DataFrame, code: str, pair: tuple[str, str]) -> tuple[str, ...]:
    """One result row; a shared row cites the first city's source and names no city."""
    match = roles[
        (roles["adcode"] == code) & (roles["industry_id"] == pair[0]) & (roles["role"] == pair[1])
    ].iloc[0]
    adcode, city = (code, match["city"]) if kind == "unique" else ("", "")
    industry, section, quote = match["industry"], match["section"], match["quote"]
    return (kind, adcode, city, pair[0], industry, pair[1], section, quote)


def similar_cities(
    rules: Rules,
    adcode: str,
    *,
    document: str = DEFAULT_DOCUMENT,
    weights: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Rank the other 20 prefectures by how similar their footprint is to one city's.

    Each city's footprint is the weight of its cell in every industry of the document
    (:data:`~layout_rules.vocab.ROLE_WEIGHT` of its strongest role); two footprints ``a`` and
    ``b`` are compared with the weighted Jaccard index Σ min(a, b) / Σ max(a, b). Two cities the
    document never names score 0, not 1: having nothing in common is no similarity.
    :data:`SIMILARITY_NOTE` says the same for the UI.

    Parameters
    ----------
    rules
        Loaded rules.
    adcode
        The city to compare with, by adcode or name.
    document
        Document id.
    weights
        The document's city × industry weights (``matrix_of(footprint_table(...),
        values="weight")``) if the caller has them already: a batch of 21 fact sheets
        builds them once, not once per city.

    Returns
    -------
    DataFrame
        Columns :data:`SIMILAR_COLUMNS`: the other cities, most similar first (ties by
        adcode); ``similarity`` in [0, 1]; ``shared`` the number of industries in which both
        have a role.

    Examples
    --------
    >>> from layout_rules import load_rules
    >>> similar_cities(load_rules(), "成都")["city"].head(3).tolist()
    ['德阳', '绵阳', '乐山']
    """
    code = city_code(adcode, where="similar_cities")
    if weights is None:
        weights = matrix_of(footprint_table(rules, document=document), values="weight")
    values = weights.to_numpy(dtype=float)
    mine = weights.index.get_loc(code)
    low = np.minimum(values, values[mine]).sum(axis=1)
    high = np.maximum(values, values[mine]).sum(axis=1)
    similarity = np.divide(low, high, out=np.zeros_like(low), where=high > 0)
    shared = ((values > 0) & (values[mine] > 0)).sum(axis=1)
    names = {city.adcode: city for city in prefectures()}
    table = pd.DataFrame(
        {
            "adcode": weights.index,
            "city": [names[c].short_name for c in weights.index],
            "city_en": [names[c].name_en for c in weights.index],
            "similarity": similarity,
            "shared": shared.astype(int),
        }
    )
    table = table[table["adcode"] != code]
    table = table.sort_values(["similarity", "adcode"], ascending=[False, True], kind="stable")
    return table.reset_index(drop=True)
