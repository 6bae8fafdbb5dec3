"""What Sichuan's industrial policy documents say about where each industry should grow.

The rules live in ``layout_rules/data/*.yaml`` (one file per document plus the editorial
``crosswalk.yaml``); every fact carries its section and a verbatim quote from the texts in
``layout_rules/sources/``. :func:`load_rules` validates them all and returns one immutable
:class:`Rules`; the query functions turn it into tables of tiers and roles.

>>> from layout_rules import load_rules, tier_table
>>> len(tier_table(load_rules()))
168
"""

from __future__ import annotations

from layout_rules._errors import LayoutRulesError, Problem
from layout_rules.load import (
    DATA_DIR,
    Rules,
    load_rules,
    place_info,
    prefecture_of,
    resolve_place,
)
from layout_rules.query import (
    DEFAULT_DOCUMENT,
    PlaceProfile,
    counties_of_rules,
    industries_table,
    industry_across_documents,
    linked_industries,
    place_profile,
    prefectures,
    roles_table,
    tier_table,
)

__all__ = [
    "DATA_DIR",
    "DEFAULT_DOCUMENT",
    "LayoutRulesError",
    "PlaceProfile",
    "Problem",
    "Rules",
    "counties_of_rules",
    "industries_table",
    "industry_across_documents",
    "linked_industries",
    "load_rules",
    "place_info",
    "place_profile",
    "prefecture_of",
    "prefectures",
    "resolve_place",
    "roles_table",
    "tier_table",
]
