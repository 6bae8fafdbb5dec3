"""The city × industry footprint of a document: one cell per prefecture and industry.

A cell holds every role the document gives the city for the industry (the tiers of the layout
sentence and designations such as base or pilot, from :func:`layout_rules.roles_table`).
The cell's ``role`` is the first of them in the vocabulary's order, so a document with layout
sentences shows its tiers and a document without them shows its strongest-listed designation;
its ``weight`` is the largest :data:`~layout_rules.vocab.ROLE_WEIGHT` among them.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from footprints._errors import FootprintsError
from footprints._validate import check_document, city_code
from layout_rules import DEFAULT_DOCUMENT, Rules, prefectures, roles_table
from layout_rules.tiers import CELL_COLUMNS
from layout_rules.vocab import DESIGNATED, ROLE_WEIGHT, ROLES, by_strength

FOOTPRINT_COLUMNS = (*CELL_COLUMNS, "role", "roles", "weight", "section", "quote")
SOURCE_COLUMNS = ("role", "place", "section", "quote")
TOTAL_COLUMNS = (*ROLES, "designated")
"""Columns of :func:`matrix_totals`: a count per vocabulary role (``none`` counts empty
cells) and ``designated``, the cells whose role names the city (any role but radiated
and none)."""


def footprint_table(rules: Rules, *, document: str = DEFAULT_DOCUMENT) -> pd.DataFrame:
    """Return one row per industry and prefecture of a document: the long form of the matrix.

    Parameters
    ----------
    rules
        Loaded rules.
    document
        Document id.

    Returns
    -------
    DataFrame
        Columns :data:`FOOTPRINT_COLUMNS`, industries in document order and cities by adcode.
        ``role`` is the cell's first role in vocabulary order, ``""`` when the document gives
        the city none; ``roles`` all of them, comma-separated; ``weight`` the largest role
        weight (0 for none); ``section`` and ``quote`` the source of ``role``.

    Raises
    ------
    FootprintsError
        If the document is unknown.

    Examples
    --------
    >>> from layout_rules import load_rules
    >>> table = footprint_table(load_rules())
    >>> len(table), table.loc[table["city"] == "成都", "role"].unique().tolist()
    (168, ['core'])
    """
    check_document(rules, document, where="footprint_table")
    cells = _cells(roles_table(rules), document)
    rows = [
        (
            *(document, industry.id, industry.name, industry.name_en),
            *(city.adcode, city.short_name, city.name_en),
            *cells.get((industry.id, city.adcode), _EMPTY),
        )
        for industry in rules.documents[document].industries
        for city in prefectures()
    ]
    return pd.DataFrame(rows, columns=list(FOOTPRINT_COLUMNS))


_EMPTY = ("", "", 0, "", "")


def _cells(roles: pd.DataFrame, document: str) -> dict[tuple[str, str], tuple[object, ...]]:
    """Collapse a document's role rows to (industry, city) -> role, roles, weight, source.

    A plain loop: a few hundred rows, where a pandas group-by costs ten times as much.
    """
    mine = roles.loc[
        roles["document"] == document, ["industry_id", "adcode", "role", "section", "quote"]
    ]
    found: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for industry_id, adcode, role, section, quote in mine.itertuples(index=False, name=None):
        found.setdefault((industry_id, adcode), []).append((role, section, quote))
    cells: dict[tuple[str, str], tuple[object, ...]] = {}
    for key, entries in found.items():
        role, section, quote = by_strength(entries, role=lambda entry: entry[0])[0]
        names = dict.fromkeys(entry[0] for entry in entries)
        weight = max(ROLE_WEIGHT[name] for name in names)
        cells[key] = (role, ",".join(names), weight, section, quote)
    return cells


def tier_matrix(rules: Rules, *, document: str = DEFAULT_DOCUMENT) -> pd.DataFrame:
    """Return the city × industry matrix of cell roles of a document.

    For the 2016–2020 plan every cell is a tier (``core``, ``expansion``, ``radiated``);
    documents without layout sentences fill cells with designations (``lead``, ``named`` …).

    Returns
    -------
    DataFrame
        Index ``adcode`` (the 21 prefectures in adcode order), one column per industry id in
        document order, values role ids (``""`` for none). Totals: :func:`matrix_totals`.

    Examples
    --------
    >>> from layout_rules import load_rules
    >>> matrix = tier_matrix(load_rules())
    >>> matrix.shape, matrix.loc["510700", "next-gen-it"]
    ((21, 8), 'core')
    """
    return matrix_of(footprint_table(rules, document=document))


def matrix_of(table: pd.DataFrame, *, values: str = "role") -> pd.DataFrame:
    """Pivot a :func:`footprint_table` to cities × industries, keeping both orders."""
    industries = list(dict.fromkeys(table["industry_id"]))
    cities = list(dict.fromkeys(table["adcode"]))
    matrix = table.pivot(index="adcode", columns="industry_id", values=values)
    matrix = matrix.reindex(index=cities, columns=industries)
    matrix.columns.name = None
    return matrix


def matrix_totals(
    matrix: pd.DataFrame, *, by: Literal["city", "industry"] = "city"
) -> pd.DataFrame:
    """Count each role per city (row totals) or per industry (column totals) of a matrix.

    Parameters
    ----------
    matrix
        A :func:`tier_matrix`.
    by
        ``"city"`` for one row per city, ``"industry"`` for one row per industry.

    Returns
    -------
    DataFrame
        Columns :data:`TOTAL_COLUMNS` (integer counts); the vocabulary columns of a row sum to
        the number of industries (by city) or cities (by industry).

    Examples
    --------
    >>> from layout_rules import load_rules
    >>> totals = matrix_totals(tier_matrix(load_rules()), by="industry")
    >>> int(totals.loc["new-materials", "core"]), int(totals.loc["new-materials", "expansion"])
    (6, 12)
    """
    if by not in ("city", "industry"):
        msg = f"matrix_totals: by={by!r} must be 'city' or 'industry'"
        raise FootprintsError(msg)
    cells = matrix if by == "city" else matrix.T
    values = cells.to_numpy(dtype=object)
    values = np.where(values == "", "none", values)
    counts = {role: (values == role).sum(axis=1) for role in ROLES}
    counts["designated"] = sum(counts[role] for role in DESIGNATED)
    return pd.DataFrame(counts, index=cells.index, columns=list(TOTAL_COLUMNS)).astype(int)


def sort_cities(matrix: pd.DataFrame, *, by: str = "core") -> list[str]:
    """Return the matrix's city adcodes ordered by how many cells hold role ``by``.

    Ties fall to the count of ``designated`` cells, then to adcode; ``by="adcode"`` keeps the
    gazetteer order.

    Examples
    --------
    >>> from layout_rules import load_rules
    >>> sort_cities(tier_matrix(load_rules()))[:3]
    ['510100', '510600', '510700']
    """
    return _ranked(matrix_totals(matrix, by="city"), by=by, where="sort_cities")


def sort_industries(matrix: pd.DataFrame, *, by: str = "document") -> list[str]:
    """Return the matrix's industry ids by count of cells with role ``by`` (or document order)."""
    if by == "document":
        return list(matrix.columns)
    return _ranked(matrix_totals(matrix, by="industry"), by=by, where="sort_industries")


def _ranked(totals: pd.DataFrame, *, by: str, where: str) -> list[str]:
    if by == "adcode":
        return sorted(totals.index)
    if by not in totals.columns:
        msg = f"{where}: by={by!r} must be one of {', '.join(totals.columns)} or 'adcode'"
        raise FootprintsError(msg)
    by_count = totals[by].to_dict()
    designated = totals["designated"].to_dict()
    return sorted(totals.index, key=lambda key: (-by_count[key], -designated[key], key))


def cell_sources(rules: Rules, *, document: str, industry_id: str, adcode: str) -> pd.DataFrame:
    """Return every role behind one cell with its source: what a click on the cell shows.

    Returns
    -------
    DataFrame
        Columns :data:`SOURCE_COLUMNS`, one row per role and source, in vocabulary order;
        empty when the document gives the city no role for the industry.

    Raises
    ------
    FootprintsError
        If the document, industry or city is unknown.
    """
    check_document(rules, document, where="cell_sources")
    known = [industry.id for industry in rules.documents[document].industries]
    if industry_id not in known:
        msg = f"cell_sources: unknown industry {industry_id!r}; {document} has: {', '.join(known)}"
        raise FootprintsError(msg)
    code = city_code(adcode, where="cell_sources")
    roles = roles_table(rules)
    here = roles[
        (roles["document"] == document)
        & (roles["industry_id"] == industry_id)
        & (roles["adcode"] == code)
    ]
    return here[list(SOURCE_COLUMNS)].drop_duplicates().reset_index(drop=True)
