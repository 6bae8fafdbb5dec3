"""Questions asked of the validated rules: tiers, roles, a place's profile, an industry's kin.

Pure functions of a :class:`~layout_rules.load.Rules`: they read no rule files and return new
frames or frozen records. Every place name goes through :func:`~layout_rules.load.resolve_place`,
the resolver the loader validated with, and every row carries the section and verbatim quote
it rests on. Counties are lifted to their prefecture, keeping the county in ``place``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from layout_rules._errors import LayoutRulesError, Problem
from layout_rules.load import (
    Rules,
    place_info,
    prefecture_codes,
    prefecture_of,
    resolve_place,
    try_resolve_place,
)
from layout_rules.schema import (
    Cluster,
    Corridor,
    CrosswalkRelation,
    DocumentRules,
    Industry,
    Layout,
    Park,
    Source,
)
from layout_rules.vocab import ROLES

DEFAULT_DOCUMENT = "sei-2016-2020"
"""The backbone document: the 十三五 plan, whose eight industries all have a layout sentence."""

TIER_COLUMNS = (
    "document",
    "industry_id",
    "industry",
    "industry_en",
    "adcode",
    "city",
    "city_en",
    "tier",
    "open_list",
    "section",
    "quote",
)
ROLE_COLUMNS = (
    "document",
    "industry_id",
    "industry",
    "industry_en",
    "adcode",
    "city",
    "city_en",
    "role",
    "place",
    "place_adcode",
    "section",
    "quote",
)
ACROSS_COLUMNS = (*ROLE_COLUMNS, "relation", "link_note")
COUNTY_COLUMNS = (
    "document",
    "record",
    "record_id",
    "adcode",
    "county",
    "prefecture_adcode",
    "city",
    "place",
    "section",
    "quote",
)
INDUSTRY_COLUMNS = (
    "document",
    "industry_id",
    "industry",
    "industry_en",
    "colour",
    "has_layout",
)

_CLUSTER_ROLES = {
    "national_cluster": "national_cluster",
    "pilot_zone": "pilot",
    "demonstration_zone": "pilot",
}
"""Cluster kinds that give their member places a role for the cluster's industries."""
_INVERSE: dict[str, CrosswalkRelation] = {
    "same": "same",
    "broader": "narrower",
    "narrower": "broader",
    "overlaps": "overlaps",
}
_ROLE_ORDER = {role: rank for rank, role in enumerate(ROLES)}


# --- places ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class City:
    """A Sichuan prefecture as the tables name it."""

    adcode: str
    name: str
    short_name: str
    name_en: str


def prefectures() -> tuple[City, ...]:
    """Return Sichuan's 21 prefectures in adcode order, from the gazetteer."""
    return tuple(_city(code) for code in prefecture_codes())


def _city(adcode: str) -> City:
    info = place_info(adcode)
    return City(adcode, info.name, info.short_name, info.name_en)


def layout_tiers(layout: Layout) -> dict[str, str]:
    """Return prefecture adcode -> ``core`` or ``expansion`` for the cities a layout names."""
    tiers = {resolve_place(name): "core" for name in layout.core}
    for name in layout.expansion:
        tiers.setdefault(resolve_place(name), "expansion")
    return tiers


# --- tiers ----------------------------------------------------------------------------------


def tier_table(rules: Rules, *, document: str = DEFAULT_DOCUMENT) -> pd.DataFrame:
    """Return the tier of every prefecture for every industry of a document that has a layout.

    ``tier`` is ``core`` or ``expansion`` for the cities the layout sentence names,
    ``radiated`` for every other city when the text says 辐射带动全省其他地区, else ``""``.
    ``section`` and ``quote`` are the layout sentence's source, empty where the tier is ``""``.

    Parameters
    ----------
    rules
        Loaded rules.
    document
        Document id.

    Returns
    -------
    DataFrame
        One row per industry and prefecture (industries in document order, cities by adcode),
        columns :data:`TIER_COLUMNS`.

    Raises
    ------
    LayoutRulesError
        If the document is unknown.

    Examples
    --------
    >>> from layout_rules import load_rules
    >>> table = tier_table(load_rules())
    >>> table.loc[table["city"] == "成都", "tier"].unique().tolist()
    ['core']
    """
    doc = rules.document(document)
    rows = [
        _tier_row(document, industry, industry.layout, city)
        for industry in doc.industries
        if industry.layout is not None
        for city in prefectures()
    ]
    return _frame(rows, TIER_COLUMNS).astype({"open_list": bool})


def _tier_row(document: str, industry: Industry, layout: Layout, city: City) -> tuple[object, ...]:
    tier = layout_tiers(layout).get(city.adcode, "radiated" if layout.radiates_rest else "")
    section, quote = (layout.source.section, layout.source.quote) if tier else ("", "")
    return (
        document,
        industry.id,
        industry.name,
        industry.name_en,
        city.adcode,
        city.short_name,
        city.name_en,
        tier,
        layout.open_list,
        section,
        quote,
    )


# --- roles ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Role:
    document: str
    industry_id: str
    industry: str
    industry_en: str
    role: str
    place: str
    place_adcode: str
    prefecture: str
    source: Source


def roles_table(rules: Rules) -> pd.DataFrame:
    """Return every role every document gives a prefecture for an industry.

    Roles are the tiers (``core``, ``expansion``, ``radiated``), the designations (``lead``,
    ``named``, ``base``, ``pilot``, ``national_cluster``) and membership of a cluster of kind
    national cluster (``national_cluster``) or pilot/demonstration zone (``pilot``) for each
    industry the cluster names. A county is lifted to its prefecture (``adcode``, ``city``)
    and kept in ``place`` / ``place_adcode``; places outside Sichuan's prefectures (重庆) give
    no row. ``place`` is the name as the document writes it, empty for radiated cities.

    Returns
    -------
    DataFrame
        Columns :data:`ROLE_COLUMNS`, ordered by document date, industry, role, city.
    """
    rows = [_role_row(role) for role in _roles(rules)]
    return _frame(rows, ROLE_COLUMNS)


@functools.lru_cache(maxsize=4)
def _roles(rules: Rules) -> tuple[_Role, ...]:
    """All roles, computed once per rules version (the app asks for them on every rerun)."""
    found: list[tuple[tuple[int, int, int, str, str], _Role]] = []
    for d, doc in enumerate(rules.documents.values()):
        for i, industry in enumerate(doc.industries):
            for role in _industry_roles(doc, industry):
                key = (d, i, _ROLE_ORDER[role.role], role.prefecture, role.place)
                found.append((key, role))
    unique = dict.fromkeys(role for _, role in sorted(found, key=lambda item: item[0]))
    return tuple(unique)


def _industry_roles(doc: DocumentRules, industry: Industry) -> Iterator[_Role]:
    doc_id = doc.document.id
    if industry.layout is not None:
        yield from _tier_roles(doc_id, industry, industry.layout)
    for designation in industry.designations:
        for name in designation.places:
            yield from _placed(doc_id, industry, designation.kind, name, designation.source)
    for cluster in doc.clusters:
        role = _CLUSTER_ROLES.get(cluster.kind)
        if role is not None and industry.id in cluster.industries:
            for name in cluster.places:
                yield from _placed(doc_id, industry, role, name, cluster.source)


def _tier_roles(doc_id: str, industry: Industry, layout: Layout) -> Iterator[_Role]:
    for tier in ("core", "expansion"):
        for name in getattr(layout, tier):
            yield from _placed(doc_id, industry, tier, name, layout.source)
    if layout.radiates_rest:
        named = layout_tiers(layout)
        for city in prefectures():
            if city.adcode not in named:
                yield _role(doc_id, industry, "radiated", layout.source, at=("", "", city.adcode))


def _placed(
    doc_id: str, industry: Industry, role: str, name: str, source: Source
) -> Iterator[_Role]:
    adcode = resolve_place(name)
    prefecture = prefecture_of(adcode)
    if prefecture is not None:
        yield _role(doc_id, industry, role, source, at=(name, adcode, prefecture))


def _role(
    doc_id: str, industry: Industry, role: str, source: Source, *, at: tuple[str, str, str]
) -> _Role:
    """Build a role; ``at`` is (place as written, its adcode, its prefecture's adcode)."""
    return _Role(doc_id, industry.id, industry.name, industry.name_en, role, *at, source)


def _role_row(role: _Role) -> tuple[object, ...]:
    city = _city(role.prefecture)
    return (
        role.document,
        role.industry_id,
        role.industry,
        role.industry_en,
        city.adcode,
        city.short_name,
        city.name_en,
        role.role,
        role.place,
        role.place_adcode,
        role.source.section,
        role.source.quote,
    )


# --- one place ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleEntry:
    """A role a document gives the place (or one of its counties) for an industry."""

    document: str
    industry_id: str
    industry: str
    industry_en: str
    role: str
    place: str
    source: Source


@dataclass(frozen=True)
class FocusEntry:
    """What a document says the place (or a county of it) is to build for an industry."""

    document: str
    industry_id: str
    industry: str
    industry_en: str
    place: str
    themes: tuple[str, ...]
    parks: tuple[Park, ...]
    note: str | None
    source: Source


@dataclass(frozen=True)
class ParkEntry:
    """A park hosted by the place or one of its counties."""

    document: str
    park: Park

    @property
    def source(self) -> Source:
        """The park's source."""
        return self.park.source


@dataclass(frozen=True)
class ClusterEntry:
    """A cluster the place belongs to; ``members`` are its places inside this prefecture."""

    document: str
    cluster: Cluster
    members: tuple[str, ...]

    @property
    def source(self) -> Source:
        """The cluster's source."""
        return self.cluster.source


@dataclass(frozen=True)
class CorridorEntry:
    """A corridor through the place; ``waypoints`` are the labels of its stops in it."""

    document: str
    corridor: Corridor
    waypoints: tuple[str, ...]

    @property
    def source(self) -> Source:
        """The corridor's source."""
        return self.corridor.source


@dataclass(frozen=True)
class PlaceProfile:
    """Everything the documents say about one prefecture, each item with its source."""

    adcode: str
    name: str
    short_name: str
    name_en: str
    roles: tuple[RoleEntry, ...]
    focus: tuple[FocusEntry, ...]
    parks: tuple[ParkEntry, ...]
    clusters: tuple[ClusterEntry, ...]
    corridors: tuple[CorridorEntry, ...]


def place_profile(rules: Rules, adcode: str) -> PlaceProfile:
    """Return what every document says about a prefecture and its counties.

    Parameters
    ----------
    rules
        Loaded rules.
    adcode
        A prefecture's adcode (``"510700"``); any name the gazetteer knows (绵阳) also works.

    Returns
    -------
    PlaceProfile
        Its roles, focus entries, parks, clusters and corridors, in document order.

    Raises
    ------
    LayoutRulesError
        If the place is unknown or is not a Sichuan prefecture.

    Examples
    --------
    >>> from layout_rules import load_rules
    >>> profile = place_profile(load_rules(), "510700")
    >>> profile.short_name, "core" in {role.role for role in profile.roles}
    ('绵阳', True)
    """
    city = _city(_prefecture_code(adcode))
    here = city.adcode
    return PlaceProfile(
        adcode=here,
        name=city.name,
        short_name=city.short_name,
        name_en=city.name_en,
        roles=tuple(
            RoleEntry(
                r.document, r.industry_id, r.industry, r.industry_en, r.role, r.place, r.source
            )
            for r in _roles(rules)
            if r.prefecture == here
        ),
        focus=tuple(_focus_here(rules, here)),
        parks=tuple(
            ParkEntry(doc_id, park)
            for doc_id, doc in rules.documents.items()
            for park in doc.parks
            if _in(park.host, here)
        ),
        clusters=tuple(_clusters_here(rules, here)),
        corridors=tuple(_corridors_here(rules, here)),
    )


def _prefecture_code(adcode: str) -> str:
    code, reason = try_resolve_place(str(adcode))
    if code is None:
        raise LayoutRulesError([Problem("rules", "place", reason)])
    level = place_info(code).level
    if level != "prefecture":
        reason = f"{adcode!r} ({code}, level {level}) is not a Sichuan prefecture"
        raise LayoutRulesError([Problem("rules", "place", reason)])
    return code


def _in(name: str, prefecture: str) -> bool:
    return prefecture_of(resolve_place(name)) == prefecture


def _focus_here(rules: Rules, here: str) -> Iterator[FocusEntry]:
    for doc_id, doc in rules.documents.items():
        parks = {park.id: park for park in doc.parks}
        for industry in doc.industries:
            for focus in industry.focus:
                if _in(focus.place, here):
                    yield FocusEntry(
                        doc_id,
                        industry.id,
                        industry.name,
                        industry.name_en,
                        focus.place,
                        focus.themes,
                        tuple(parks[p] for p in focus.parks),
                        focus.note,
                        focus.source,
                    )


def _clusters_here(rules: Rules, here: str) -> Iterator[ClusterEntry]:
    for doc_id, doc in rules.documents.items():
        for cluster in doc.clusters:
            members = tuple(name for name in cluster.places if _in(name, here))
            if members:
                yield ClusterEntry(doc_id, cluster, members)


def _corridors_here(rules: Rules, here: str) -> Iterator[CorridorEntry]:
    for doc_id, doc in rules.documents.items():
        for corridor in doc.corridors:
            stops = tuple(stop.label for stop in corridor.waypoints if _in(stop.place, here))
            if stops:
                yield CorridorEntry(doc_id, corridor, stops)


# --- one industry across documents ----------------------------------------------------------


def industry_across_documents(
    rules: Rules, industry_id: str, *, document: str = DEFAULT_DOCUMENT
) -> pd.DataFrame:
    """Return an industry's roles and those of the industries the crosswalk links to it.

    Parameters
    ----------
    rules
        Loaded rules.
    industry_id
        Industry id within ``document``.
    document
        Document id of the industry.

    Returns
    -------
    DataFrame
        Columns :data:`ACROSS_COLUMNS`: the :func:`roles_table` columns plus ``relation``
        (``self`` for the industry's own roles; otherwise how the linked industry relates to
        it: ``same``, ``broader``, ``narrower`` or ``overlaps``) and the crosswalk's
        editorial ``link_note``.

    Raises
    ------
    LayoutRulesError
        If the document or industry is unknown.
    """
    rules.industry(document, industry_id)
    wanted = {
        (document, industry_id): ("self", ""),
        **linked_industries(rules, industry_id, document=document),
    }
    rows = [
        (*_role_row(role), *wanted[(role.document, role.industry_id)])
        for role in _roles(rules)
        if (role.document, role.industry_id) in wanted
    ]
    return _frame(rows, ACROSS_COLUMNS)


def linked_industries(
    rules: Rules, industry_id: str, *, document: str = DEFAULT_DOCUMENT
) -> dict[tuple[str, str], tuple[CrosswalkRelation, str]]:
    """Return (document, industry id) -> (relation, note) for industries linked to one industry.

    A link reads "``from`` is ``relation`` of ``to``" (``broader``: ``from`` covers more);
    the relation returned says how the linked industry relates to the given one.
    """
    links: dict[tuple[str, str], tuple[CrosswalkRelation, str]] = {}
    if rules.crosswalk is None:
        return links
    me = (document, industry_id)
    for link in rules.crosswalk.links:
        source = (link.source_industry.doc, link.source_industry.industry)
        target = (link.target_industry.doc, link.target_industry.industry)
        if source == me:
            links[target] = (_INVERSE[link.relation], link.note)
        elif target == me:
            links[source] = (link.relation, link.note)
    return links


# --- small tables ---------------------------------------------------------------------------


def industries_table(rules: Rules) -> pd.DataFrame:
    """Return every industry of every document (for pickers), columns :data:`INDUSTRY_COLUMNS`."""
    rows = [
        (
            doc_id,
            industry.id,
            industry.name,
            industry.name_en,
            industry.colour or "",
            industry.layout is not None,
        )
        for doc_id, doc in rules.documents.items()
        for industry in doc.industries
    ]
    return _frame(rows, INDUSTRY_COLUMNS).astype({"has_layout": bool})


def counties_of_rules(rules: Rules) -> pd.DataFrame:
    """Return every county-level place the rules name, with its prefecture and source.

    ``record`` says what names it (``focus``, ``designation``, ``cluster``, ``park``,
    ``corridor``) and ``record_id`` which one (industry id for focus and designations).
    Maps use it to mark counties inside a highlighted prefecture.
    """
    rows = []
    for doc_id, doc in rules.documents.items():
        for record, record_id, name, source in _named_places(doc):
            adcode = resolve_place(name)
            info = place_info(adcode)
            if info.level == "county" and info.parent_adcode:
                city = _city(info.parent_adcode)
                rows.append(
                    (
                        doc_id,
                        record,
                        record_id,
                        adcode,
                        info.name,
                        city.adcode,
                        city.short_name,
                        name,
                        source.section,
                        source.quote,
                    )
                )
    return _frame(list(dict.fromkeys(rows)), COUNTY_COLUMNS)


def _named_places(doc: DocumentRules) -> Iterator[tuple[str, str, str, Source]]:
    for industry in doc.industries:
        for focus in industry.focus:
            yield "focus", industry.id, focus.place, focus.source
        for designation in industry.designations:
            for name in designation.places:
                yield "designation", industry.id, name, designation.source
    for cluster in doc.clusters:
        for name in cluster.places:
            yield "cluster", cluster.id, name, cluster.source
    for park in doc.parks:
        yield "park", park.id, park.host, park.source
    for corridor in doc.corridors:
        for stop in corridor.waypoints:
            yield "corridor", corridor.id, stop.place, corridor.source


def _frame(rows: list[tuple[object, ...]], columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns))
