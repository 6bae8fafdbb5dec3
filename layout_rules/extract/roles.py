"""Roles of places in a sentence, from the phrasing families of ``patterns.yaml``.

Each pattern's named groups say which role the places they capture take. A place given a
stronger role by an earlier pattern keeps it; ``named`` is only kept for places no other
pattern gave a role in the same sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from layout_rules.extract.patterns import Pattern, patterns
from layout_rules.extract.places import PlaceHit, find_places, is_province, places_in
from layout_rules.vocab import TIERS

_NAME_ROLES = frozenset(("cluster", "pilot", "national_cluster"))
_TITLE = re.compile(r"《[^《》]*》")
_DASH = re.compile(r"—{1,2}|－|–|-")


@dataclass(frozen=True)
class RoleHit:
    """A place given a role by one pattern in one sentence."""

    place: PlaceHit
    role: str
    open_list: bool
    pattern: str
    confidence: float
    group: tuple[int, int]
    """Offsets (in the compact sentence) of the words that gave the role."""
    label: str = ""
    """The name of the cluster, pilot zone or corridor the place belongs to."""


def roles_in(sentence: str, *, home: PlaceHit | None = None) -> list[RoleHit]:
    """Return every place given a role in a (compact) sentence.

    ``home`` is the document's own place (the issuing city), the implied subject of a
    sentence such as ``打造全球新能源新材料制造基地`` that names no place.

    >>> [(h.place.name, h.role) for h in roles_in("以成都、绵阳为主体形成核心发展区")]
    [('成都', 'core'), ('绵阳', 'core')]
    """
    sentence = mask_titles(sentence)
    hits: list[RoleHit] = []
    for pattern in patterns().patterns:
        for match in pattern.compiled.finditer(sentence):
            hits += _from_match(pattern, match, home)
    return _strongest(hits)


def mask_titles(sentence: str) -> str:
    """Blank out the titles of other documents (《成渝地区双城经济圈建设规划纲要》).

    A title names a plan, not a role; offsets stay the same.

    >>> mask_titles("落实《成渝双城规划》")
    '落实《＿＿＿＿＿＿》'
    """
    return _TITLE.sub(lambda m: "《" + "＿" * (len(m.group()) - 2) + "》", sentence)


def _from_match(pattern: Pattern, match: re.Match[str], home: PlaceHit | None) -> list[RoleHit]:
    groups = {k: v for k, v in match.groupdict().items() if v}
    if "object" in groups:
        role = object_role(groups["object"])
        if "subject" in groups:
            return _listed(pattern, match, "subject", role)
        if home is None or find_places(match.group()):
            return []
        factor = _confidence(pattern, home)
        return [RoleHit(home, role, False, pattern.id, factor, match.span("object"))]
    hits: list[RoleHit] = []
    for role in groups:
        if role == "corridor":
            hits += _corridor(pattern, match)
        elif role in _NAME_ROLES:
            hits += _named_group(pattern, match, role)
        else:
            hits += _listed(pattern, match, role, role)
    return hits


def object_role(text: str) -> str:
    """Return the role that building ``text`` gives (…基地 → base, …示范区 → pilot)."""
    for rule in patterns().objects:
        if rule.contains in text and (rule.and_ is None or rule.and_ in text):
            return rule.role
    return "named"


def _listed(pattern: Pattern, match: re.Match[str], group: str, role: str) -> list[RoleHit]:
    begin, end = match.span(group)
    places, open_list = places_in(match[group])
    if role == "named":  # merely naming the province (四川省) is no role
        places = [p for p in places if p.adcode is not None and not is_province(p.adcode)]
    return [RoleHit(_at(p, begin), role, open_list, pattern.id, _confidence(pattern, p),
                    (begin, end)) for p in places]  # fmt: skip


def _named_group(pattern: Pattern, match: re.Match[str], role: str) -> list[RoleHit]:
    begin, end = match.span(role)
    name = match[role]
    regions = [region for region in patterns().regions if region in name]
    if regions:
        places = [_at(p, begin + name.find(r)) for r in regions for p in places_in(r)[0]]
    else:
        places = [_at(p, begin) for p in find_places(name)]
    return [RoleHit(p, role, False, pattern.id, _confidence(pattern, p), (begin, end), name)
            for p in places]  # fmt: skip


def _corridor(pattern: Pattern, match: re.Match[str]) -> list[RoleHit]:
    begin, end = match.span("corridor")
    stops = _DASH.split(match["corridor"])
    hits: list[RoleHit] = []
    position = begin
    for stop in stops:
        found = [_at(p, position) for p in find_places(stop)[:1]]
        position += len(stop) + 1
        hits += [RoleHit(p, "corridor", False, pattern.id, _confidence(pattern, p),
                         (begin, end), match["corridor"]) for p in found]  # fmt: skip
    enough = 2
    return hits if len(hits) >= enough else []


def _at(place: PlaceHit, offset: int) -> PlaceHit:
    return PlaceHit(place.begin + offset, place.end + offset, place.written, place.name,
                    place.adcode, place.park, place.editorial, place.note)  # fmt: skip


def _confidence(pattern: Pattern, place: PlaceHit) -> float:
    factor = 0.3 if place.adcode is None else 0.7 if place.editorial else 1.0
    return round(pattern.confidence * factor, 2)


def _strongest(hits: list[RoleHit]) -> list[RoleHit]:
    """One hit per (place, role); ``named`` only where nothing stronger names the place.

    A place that builds a base (成都依托……重点发展……建设……基地) is both named for the
    industry and a base (its pattern ``coexists``); a core city is never also "named" by its
    own tier sentence.
    """
    kept: dict[tuple[str, str], RoleHit] = {}
    for hit in hits:
        key = (hit.place.name, hit.role)
        if key not in kept or hit.confidence > kept[key].confidence:
            kept[key] = hit
    strong = {place for place, role in kept if role in (*TIERS, "lead")}
    roled = {place for place, role in kept if role != "named"}
    tiers = {place for place, role in kept if role in TIERS}
    coexisting = {p.id for p in patterns().patterns if p.coexists}

    def keep(place: str, role: str, hit: RoleHit) -> bool:
        if role != "named":
            return True
        return place not in strong and (place not in roled or hit.pattern in coexisting)

    result = [h for (place, role), h in kept.items() if keep(place, role, h)]
    # a place in a tier list is not also its own tier's "base" or "lead" in the same sentence
    return [h for h in result if h.role in TIERS or h.place.name not in tiers]
