"""What Sichuan's industrial policy documents say about where each industry should grow.

The rules live in ``layout_rules/data/*.yaml`` (one file per document plus the editorial
``crosswalk.yaml``); every fact carries its section and a verbatim quote from the texts in
``layout_rules/sources/``. :func:`load_rules` validates them all and returns one immutable
:class:`Rules`; one module per topic turns it into tables: :mod:`~layout_rules.tiers`,
:mod:`~layout_rules.roles`, :mod:`~layout_rules.profile`, :mod:`~layout_rules.crosswalk`,
:mod:`~layout_rules.listings`. Places resolve through :mod:`geodata.places` (re-exported here
as ``resolve_place``, ``place_info``, ``prefecture_of`` and ``prefectures``); the role
vocabulary is data (``roles.toml``, read by :mod:`~layout_rules.vocab`).

>>> from layout_rules import load_rules, tier_table
>>> len(tier_table(load_rules()))
168
"""

from __future__ import annotations

from geodata.places import place as place_info
from geodata.places import prefecture_of, prefectures
from geodata.places import resolve as resolve_place
from layout_rules._errors import LayoutRulesError, Problem
from layout_rules.crosswalk import industry_across_documents, linked_industries
from layout_rules.listings import counties_of_rules, industries_table
from layout_rules.load import DATA_DIR, load_rules
from layout_rules.profile import (
    ClusterEntry,
    CorridorEntry,
    FocusEntry,
    ParkEntry,
    PlaceProfile,
    place_profile,
)
from layout_rules.roles import roles_table
from layout_rules.rules import DEFAULT_DOCUMENT, Rules
from layout_rules.tiers import tier_table

__all__ = [
    "DATA_DIR",
    "DEFAULT_DOCUMENT",
    "ClusterEntry",
    "CorridorEntry",
    "FocusEntry",
    "LayoutRulesError",
    "ParkEntry",
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
