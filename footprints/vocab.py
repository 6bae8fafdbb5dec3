"""How footprints weigh roles.

Role names and colours, and the names and colours of changes between documents, are
:mod:`layout_rules.vocab`'s; this module adds only what the comparisons need on top: a weight
for every role (not just the tiers).
"""

from __future__ import annotations

from types import MappingProxyType

from layout_rules.vocab import ROLES, TIER_RANK

ROLE_WEIGHT: MappingProxyType[str, int] = MappingProxyType(
    {
        **TIER_RANK,
        "lead": 3,
        "national_cluster": 3,
        "base": 2,
        "pilot": 2,
        "named": 1,
    }
)
"""How much a role weighs in a footprint: tiers by :data:`~layout_rules.vocab.TIER_RANK`
(core 3, expansion 2, radiated 1); a lead city or national cluster counts like a core city, a
base or pilot like an expansion city, a bare mention like a radiated city."""

DESIGNATED: tuple[str, ...] = tuple(role for role in ROLES if role not in ("radiated", "none"))
"""Roles by which a text names a city for an industry (every role except radiated and none)."""
