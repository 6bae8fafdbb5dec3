"""One vocabulary and one colour scheme for roles, shared by maps, charts and fact sheets."""

from __future__ import annotations

from types import MappingProxyType
from typing import NamedTuple

from words import t


class Role(NamedTuple):
    """How a role is called and drawn."""

    id: str
    zh: str
    en: str
    colour: str


_ROLES = (
    Role("core", "核心发展区", "Core development zone", "#c0392b"),
    Role("expansion", "重点拓展区", "Key expansion zone", "#f39c12"),
    Role("radiated", "辐射带动", "Radiated", "#f6e7c1"),
    Role("lead", "牵头/重点布局", "Lead city", "#8e44ad"),
    Role("named", "点名布局", "Named", "#2980b9"),
    Role("base", "产业基地", "Industrial base", "#16a085"),
    Role("pilot", "试点示范", "Pilot / demonstration", "#27ae60"),
    Role("national_cluster", "国家级集群", "National cluster", "#d35400"),
    Role("none", "未提及", "Not named", "#dddddd"),
)

ROLES: MappingProxyType[str, Role] = MappingProxyType({role.id: role for role in _ROLES})
"""Every role by id, in display order (tiers first)."""

TIERS: tuple[str, ...] = ("core", "expansion", "radiated")
"""The tiers of a layout sentence, strongest first."""

TIER_RANK: MappingProxyType[str, int] = MappingProxyType({"core": 3, "expansion": 2, "radiated": 1})
"""Tier strength, for sorting and for weighted similarity."""


def role_label(role: str, *, lang: str = "zh") -> str:
    """Return the display name of a role in ``lang`` (the catalogue's ``role.<id>``)."""
    entry = ROLES.get(role, ROLES["none"])
    return t(f"role.{entry.id}", lang)


def role_colour(role: str) -> str:
    """Return the colour of a role; unknown or empty roles get the 'not named' grey."""
    return ROLES.get(role, ROLES["none"]).colour


_STATUSES = (
    Role("gained", "新增点名", "Gained (newly named)", "#1a9641"),
    Role("kept", "再次点名", "Kept (named in both)", "#2b83ba"),
    Role("lost", "未再点名", "Lost (not named again)", "#d7191c"),
    Role("neither", "两者均未点名", "Named in neither", ROLES["none"].colour),
    Role("out_of_scope", "不在文件范围", "Outside the document's area", "#f7f7f7"),
    Role("unplaced", "后文未点名城市", "Later document names no city", "#f7f7f7"),
    Role("unlinked", "后文无对应产业", "No linked industry", "#f7f7f7"),
)

STATUSES: MappingProxyType[str, Role] = MappingProxyType({s.id: s for s in _STATUSES})
"""How a city's standing for an industry changed between two documents, in display order.
``neither`` uses the 'not named' grey; the three statuses that mean "nothing to compare"
are near-white."""


def status_label(status: str, *, lang: str = "zh") -> str:
    """Return the display name of a change status in ``lang`` (the catalogue's ``status.<id>``)."""
    entry = STATUSES[status]
    return t(f"status.{entry.id}", lang)
