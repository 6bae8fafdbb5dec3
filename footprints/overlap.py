"""Overlap between industries: how many cities two industries' footprints share (Jaccard)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from footprints._validate import check_roles
from footprints.matrix import footprint_table
from layout_rules import DEFAULT_DOCUMENT, Rules

PAIR_COLUMNS = (
    "industry_a",
    "industry_b",
    "name_a",
    "name_b",
    "cities_a",
    "cities_b",
    "shared",
    "union",
    "jaccard",
    "shared_cities",
)


def footprint_sets(
    rules: Rules, *, document: str = DEFAULT_DOCUMENT, tiers: Iterable[str] = ("core",)
) -> pd.DataFrame:
    """Return a city × industry boolean matrix: whether the city holds one of ``tiers``.

    ``tiers`` may name any roles of :mod:`layout_rules.vocab` (``("core", "expansion")``, or
    designations such as ``("lead", "named")`` for documents without layout sentences); a
    cell counts when any of its roles is among them.
    """
    wanted = set(check_roles(tiers, where="industry_overlap"))
    table = footprint_table(rules, document=document)
    held = [bool(wanted.intersection(roles.split(","))) for roles in table["roles"]]
    table = table.assign(held=held)
    matrix = table.pivot(index="adcode", columns="industry_id", values="held")
    return matrix.reindex(columns=list(dict.fromkeys(table["industry_id"]))).astype(bool)


def industry_overlap(
    rules: Rules, *, document: str = DEFAULT_DOCUMENT, tiers: Iterable[str] = ("core",)
) -> pd.DataFrame:
    """Return the Jaccard index of every pair of industries' footprints.

    The footprint of an industry is the set of cities holding one of ``tiers`` for it;
    Jaccard = |A ∩ B| / |A ∪ B|, NaN when neither industry has such a city.

    Parameters
    ----------
    rules
        Loaded rules.
    document
        Document id.
    tiers
        Roles that put a city in a footprint: ``("core",)`` by default, ``("core",
        "expansion")`` for core-or-expansion.

    Returns
    -------
    DataFrame
        Square, index and columns the industry ids in document order, values in [0, 1].

    Raises
    ------
    FootprintsError
        If the document is unknown or ``tiers`` names no known role.

    Examples
    --------
    >>> from layout_rules import load_rules
    >>> overlap = industry_overlap(load_rules())
    >>> round(float(overlap.loc["new-materials", "new-energy"]), 4)
    0.6667
    """
    held = footprint_sets(rules, document=document, tiers=tiers)
    shared, union = _counts(held.to_numpy())
    jaccard = np.divide(shared, union, out=np.full(shared.shape, np.nan), where=union > 0)
    return pd.DataFrame(jaccard, index=held.columns, columns=held.columns)


def _counts(held: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Shared and union counts of every pair of columns of a boolean matrix."""
    ones = held.astype(np.int64)
    shared = ones.T @ ones
    sizes = ones.sum(axis=0)
    return shared, sizes[:, None] + sizes[None, :] - shared


def overlap_pairs(
    rules: Rules, *, document: str = DEFAULT_DOCUMENT, tiers: Iterable[str] = ("core",)
) -> pd.DataFrame:
    """Return :func:`industry_overlap` as one row per ordered pair, with the shared cities.

    Returns
    -------
    DataFrame
        Columns :data:`PAIR_COLUMNS`: both industry ids and names, each footprint's size,
        shared and union counts, ``jaccard`` and the shared cities' names (、-separated).
    """
    table = footprint_table(rules, document=document)
    held = footprint_sets(rules, document=document, tiers=tiers)
    shared, union = _counts(held.to_numpy())
    names = dict(zip(table["industry_id"], table["industry"], strict=False))
    cities = dict(zip(table["adcode"], table["city"], strict=False))
    columns = list(held.columns)
    sets = {ind: [c for c in held.index if held.at[c, ind]] for ind in columns}
    rows = []
    for i, a in enumerate(columns):
        for j, b in enumerate(columns):
            both = [cities[c] for c in sets[a] if c in set(sets[b])]
            score = shared[i, j] / union[i, j] if union[i, j] else float("nan")
            rows.append(
                (
                    a,
                    b,
                    names[a],
                    names[b],
                    len(sets[a]),
                    len(sets[b]),
                    int(shared[i, j]),
                    int(union[i, j]),
                    score,
                    "、".join(both),
                )
            )
    return pd.DataFrame(rows, columns=list(PAIR_COLUMNS))
