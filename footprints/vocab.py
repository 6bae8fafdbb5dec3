"""How footprints weigh roles, and how changes between documents are called and drawn.

Role names and colours are :mod:`layout_rules.vocab`'s; this module adds only what the
comparisons need on top: a weight for every role (not just the tiers) and the statuses of a
city between two documents.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import NamedTuple

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


class Status(NamedTuple):
    """How a city's standing for an industry changed between two documents."""

    id: str
    zh: str
    en: str
    colour: str


_STATUSES = (
    Status("gained", "新增点名", "Gained (newly named)", "#1a9641"),
    Status("kept", "再次点名", "Kept (named in both)", "#2b83ba"),
    Status("lost", "未再点名", "Lost (not named again)", "#d7191c"),
    Status("neither", "两者均未点名", "Named in neither", "#dddddd"),
    Status("out_of_scope", "不在文件范围", "Outside the document's area", "#f7f7f7"),
    Status("unplaced", "后文未点名城市", "Later document names no city", "#f7f7f7"),
    Status("unlinked", "后文无对应产业", "No linked industry", "#f7f7f7"),
)

STATUSES: MappingProxyType[str, Status] = MappingProxyType({s.id: s for s in _STATUSES})
"""Every change status by id, in display order. ``neither`` uses the 'not named' grey of
:mod:`layout_rules.vocab`; the three statuses that mean "nothing to compare" are near-white."""


def status_label(status: str, *, lang: str = "zh") -> str:
    """Return the display name of a change status in Chinese (``zh``) or English (``en``)."""
    entry = STATUSES[status]
    return entry.en if lang == "en" else entry.zh
