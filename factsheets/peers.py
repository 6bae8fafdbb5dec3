"""Peers: the cities whose footprint in a document is most like a city's own.

A city's footprint in a document is, for each industry, the weight of the strongest role the
document gives it (tiers by :data:`layout_rules.vocab.TIER_RANK`, designations by
:data:`ROLE_WEIGHT`). Two footprints are compared with the weighted Jaccard (Ruzicka) index,
Σ min / Σ max: 1 for identical footprints, 0 when they share no industry.
"""

from __future__ import annotations

import pandas as pd

from layout_rules import Rules, prefectures, roles_table
from layout_rules.vocab import TIER_RANK

ROLE_WEIGHT: dict[str, int] = {
    **TIER_RANK,
    "lead": 3,
    "national_cluster": 3,
    "base": 2,
    "pilot": 2,
    "named": 1,
}
"""How much a role weighs in a footprint: a lead city or national cluster counts like a core
city, a base or pilot like an expansion city, a mere mention like a radiated city."""

PEER_COLUMNS = ("adcode", "city", "city_en", "similarity")


def footprint_matrix(rules: Rules, *, document: str) -> pd.DataFrame:
    """Return the city × industry matrix of role weights of one document.

    Rows are the 21 prefecture adcodes, columns the document's industry ids; 0 where the
    document gives the city no role for the industry.
    """
    industries = [industry.id for industry in rules.document(document).industries]
    roles = roles_table(rules)
    roles = roles[roles["document"] == document]
    weights = roles.assign(weight=roles["role"].map(ROLE_WEIGHT).fillna(0))
    matrix = weights.pivot_table(
        index="adcode", columns="industry_id", values="weight", aggfunc="max", fill_value=0
    )
    codes = [city.adcode for city in prefectures()]
    return matrix.reindex(index=codes, columns=industries, fill_value=0).astype(float)


def similar_cities(rules: Rules, adcode: str, *, document: str, n: int = 3) -> pd.DataFrame:
    """Return the ``n`` cities whose footprint in ``document`` is most like ``adcode``'s.

    Cities with similarity 0 are left out; ties are broken by adcode.

    Returns
    -------
    DataFrame
        Columns ``adcode``, ``city`` (short zh name), ``city_en``, ``similarity`` in [0, 1],
        most similar first.

    Examples
    --------
    >>> from layout_rules import load_rules
    >>> peers = similar_cities(load_rules(), "510100", document="sei-2016-2020")
    >>> "510100" in set(peers["adcode"]), len(peers) <= 3
    (False, True)
    """
    matrix = footprint_matrix(rules, document=document)
    mine = matrix.loc[adcode]
    others = matrix.drop(index=adcode)
    low = others.clip(upper=mine, axis=1).sum(axis=1)
    high = others.clip(lower=mine, axis=1).sum(axis=1)
    similarity = (low / high.where(high > 0)).fillna(0.0)
    names = {city.adcode: city for city in prefectures()}
    table = pd.DataFrame(
        {
            "adcode": similarity.index,
            "city": [names[code].short_name for code in similarity.index],
            "city_en": [names[code].name_en for code in similarity.index],
            "similarity": similarity.to_numpy(),
        }
    )
    table = table[table["similarity"] > 0]
    table = table.sort_values(["similarity", "adcode"], ascending=[False, True])
    return table.head(n).reset_index(drop=True)
