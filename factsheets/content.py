"""The content of a fact sheet: everything the documents say about one prefecture, footnoted.

:func:`fact_sheet` is a pure function of the loaded rules (and the gazetteer they resolve
through): it reads and writes no files and returns a frozen :class:`FactSheet` that the HTML
and PDF renderers only lay out. Every claim carries the number of a :class:`Footnote` holding
its document, section and verbatim quote; footnotes are numbered in reading order and shared
by claims that rest on the same quote.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

import geodata
from factsheets._errors import FactSheetError
from footprints import footprint_table, matrix_of, similar_cities
from layout_rules import (
    DEFAULT_DOCUMENT,
    LayoutRulesError,
    PlaceProfile,
    Rules,
    counties_of_rules,
    place_profile,
    roles_table,
    tier_table,
)
from layout_rules.schema import Document, Industry, Source
from layout_rules.vocab import by_strength, strongest_role

PEER_COUNT = 3
"""How many peers a sheet lists."""
_SHARED_WEIGHT = 2
"""A peer 'shares' an industry when both cities weigh at least this much in it (expansion,
base or pilot and above)."""


@dataclass(frozen=True)
class Footnote:
    """A source of one or more claims: document, section and the verbatim quote."""

    number: int
    doc: str
    document: str
    section: str
    quote: str


@dataclass(frozen=True)
class DocumentRef:
    """A policy document the sheet covers."""

    id: str
    title: str
    title_en: str
    issuer: str
    number: str | None
    date: dt.date
    period: tuple[int, int] | None
    note: str | None
    draft: bool = False
    """A planner's draft: its sources quote rationales (理由), and the sheet is marked DRAFT."""
    note_en: str | None = None


@dataclass(frozen=True)
class RoleMark:
    """One role for one industry; ``place`` names the county when the role is not citywide."""

    role: str
    place: str
    note: int


@dataclass(frozen=True)
class IndustryRoles:
    """The city's roles for one industry of one document (empty: the document names it not)."""

    industry_id: str
    industry: str
    industry_en: str
    roles: tuple[RoleMark, ...]


@dataclass(frozen=True)
class DocumentRoles:
    """The "role at a glance" rows of one document."""

    document: DocumentRef
    industries: tuple[IndustryRoles, ...]


@dataclass(frozen=True)
class FocusItem:
    """What a document tells the city (or one of its counties) to build for an industry."""

    document: str
    industry: str
    industry_en: str
    place: str
    themes: tuple[str, ...]
    parks: tuple[str, ...]
    note: str | None
    footnote: int
    themes_en: tuple[str, ...] = ()
    parks_en: tuple[str, ...] = ()
    note_en: str | None = None


@dataclass(frozen=True)
class ParkItem:
    """A park, district, project or data centre hosted in the city."""

    document: str
    name: str
    name_en: str | None
    kind: str
    host: str
    industries: tuple[str, ...]
    industries_en: tuple[str, ...]
    note: str | None
    footnote: int
    note_en: str | None = None


@dataclass(frozen=True)
class GroupItem:
    """A cluster, city group, zone or corridor the city belongs to.

    ``members`` are all its places (waypoint labels for a corridor), ``here`` those inside
    the city.
    """

    document: str
    name: str
    name_en: str
    kind: str
    members: tuple[str, ...]
    here: tuple[str, ...]
    note: str | None
    footnote: int
    note_en: str | None = None
    places: tuple[str, ...] = ()
    """The place each member stands for (a corridor's stops); empty when members are places."""


@dataclass(frozen=True)
class Peer:
    """A city with a similar footprint, and the industries both weigh in."""

    adcode: str
    city: str
    city_en: str
    similarity: float
    shared: tuple[str, ...]
    shared_en: tuple[str, ...]


@dataclass(frozen=True)
class IndustryMap:
    """One industry's strongest role per prefecture, for a small map of the whole province."""

    industry_id: str
    industry: str
    industry_en: str
    roles: tuple[tuple[str, str], ...]
    """(adcode, role) for every prefecture with a role; others are 'not named'."""


@dataclass(frozen=True)
class FactSheet:
    """One prefecture's fact sheet, ready to render.

    ``document`` is the primary document: the one whose industries get a small map each and
    against which peers are computed. ``roles`` covers every industry of every document.
    """

    adcode: str
    name: str
    short_name: str
    name_en: str
    document: str
    documents: tuple[DocumentRef, ...]
    generated: dt.date
    data_version: str
    core_for: tuple[str, ...]
    """Industries (zh) any document makes the city a core development zone for."""
    core_for_en: tuple[str, ...]
    roles: tuple[DocumentRoles, ...]
    focus: tuple[FocusItem, ...]
    parks: tuple[ParkItem, ...]
    clusters: tuple[GroupItem, ...]
    corridors: tuple[GroupItem, ...]
    peers: tuple[Peer, ...]
    industry_maps: tuple[IndustryMap, ...]
    counties: tuple[str, ...]
    """Adcodes of the city's counties that the documents name (drawn shaded)."""
    footnotes: tuple[Footnote, ...]

    @property
    def primary(self) -> DocumentRef:
        """The primary document's reference."""
        return next(doc for doc in self.documents if doc.id == self.document)


class _Notes:
    """Numbers sources in order of first citation; the same source keeps its number."""

    def __init__(self, rules: Rules) -> None:
        self._titles = {doc_id: doc.document.title for doc_id, doc in rules.documents.items()}
        self._numbers: dict[tuple[str, str, str], int] = {}

    def cite(self, source: Source) -> int:
        key = (source.doc, source.section, source.quote)
        return self._numbers.setdefault(key, len(self._numbers) + 1)

    def footnotes(self) -> tuple[Footnote, ...]:
        return tuple(
            Footnote(number, doc, self._titles.get(doc, doc), section, quote)
            for (doc, section, quote), number in self._numbers.items()
        )


def fact_sheet(
    rules: Rules,
    adcode: str,
    *,
    document: str = DEFAULT_DOCUMENT,
    generated: dt.date | None = None,
) -> FactSheet:
    """Return the fact sheet of one prefecture.

    Parameters
    ----------
    rules
        Loaded rules.
    adcode
        The prefecture's adcode (``"510100"``) or any name the gazetteer knows (成都).
    document
        The primary document: its industries get a small map each, and peers are the cities
        with the most similar footprint in it.
    generated
        The date printed as the generation date; today when omitted.

    Returns
    -------
    FactSheet
        Frozen content; every claim carries a footnote number.

    Raises
    ------
    FactSheetError
        If the place is not a Sichuan prefecture or the document is unknown.

    Examples
    --------
    >>> from layout_rules import load_rules
    >>> sheet = fact_sheet(load_rules(), "成都", generated=dt.date(2024, 1, 1))
    >>> sheet.adcode, sheet.name, "新一代信息技术" in sheet.core_for
    ('510100', '成都市', True)
    """
    try:
        profile = place_profile(rules, adcode)
        rules.document(document)
    except LayoutRulesError as error:
        raise FactSheetError(str(error)) from error
    notes = _Notes(rules)
    roles = tuple(_document_roles(rules, profile, notes))
    return FactSheet(
        adcode=profile.adcode,
        name=profile.name,
        short_name=profile.short_name,
        name_en=profile.name_en,
        document=document,
        documents=tuple(_document_ref(doc.document) for doc in rules.documents.values()),
        generated=generated or dt.date.today(),
        data_version=rules.data_version,
        core_for=tuple(row.industry for row in _core_rows(roles)),
        core_for_en=tuple(row.industry_en for row in _core_rows(roles)),
        roles=roles,
        focus=tuple(_focus(profile, notes)),
        parks=tuple(_parks(rules, profile, notes)),
        clusters=tuple(_clusters(profile, notes)),
        corridors=tuple(_corridors(profile, notes)),
        peers=_peers(rules, profile.adcode, document=document),
        industry_maps=_industry_maps(rules, document),
        counties=_named_counties(rules, profile.adcode),
        footnotes=notes.footnotes(),
    )


def _document_ref(document: Document) -> DocumentRef:
    return DocumentRef(
        document.id,
        document.title,
        document.title_en,
        document.issuer,
        document.number,
        document.date,
        document.period,
        document.note,
        document.draft,
        document.note_en,
    )


# --- role at a glance -----------------------------------------------------------------------


def _document_roles(rules: Rules, profile: PlaceProfile, notes: _Notes) -> Iterable[DocumentRoles]:
    for doc_id, doc in rules.documents.items():
        rows = tuple(
            IndustryRoles(
                industry.id,
                industry.name,
                industry.name_en,
                _marks(profile, doc_id, industry.id, notes),
            )
            for industry in doc.industries
        )
        yield DocumentRoles(_document_ref(doc.document), rows)


def _marks(
    profile: PlaceProfile, document: str, industry_id: str, notes: _Notes
) -> tuple[RoleMark, ...]:
    """Return the city's roles for one industry, strongest first.

    Repeats (a city named twice in one quote) are dropped.
    """
    entries = by_strength(
        (
            entry
            for entry in profile.roles
            if entry.document == document and entry.industry_id == industry_id
        ),
        role=lambda entry: entry.role,
    )
    marks = (
        RoleMark(entry.role, _county_part(entry.place, profile.adcode), notes.cite(entry.source))
        for entry in entries
    )
    return tuple(dict.fromkeys(marks))


def _county_part(place: str, city: str) -> str:
    """Return the place as written when it is a county of the city, else ``""``."""
    if not place:
        return ""
    return place if geodata.resolve(place) != city else ""


def _core_rows(roles: tuple[DocumentRoles, ...]) -> list[IndustryRoles]:
    rows = (
        row
        for group in roles
        for row in group.industries
        if any(mark.role == "core" for mark in row.roles)
    )
    return list({row.industry: row for row in rows}.values())


# --- focus, parks, clusters, corridors ------------------------------------------------------


def _focus(profile: PlaceProfile, notes: _Notes) -> Iterable[FocusItem]:
    for entry in profile.focus:
        yield FocusItem(
            entry.document,
            entry.industry,
            entry.industry_en,
            entry.place,
            entry.themes,
            tuple(park.name for park in entry.parks),
            entry.note,
            notes.cite(entry.source),
            entry.themes_en,
            tuple(park.name_en or park.name for park in entry.parks),
            entry.note_en,
        )


def _parks(rules: Rules, profile: PlaceProfile, notes: _Notes) -> Iterable[ParkItem]:
    for entry in profile.parks:
        park = entry.park
        industries = _industries(rules, entry.document, park.industries)
        yield ParkItem(
            entry.document,
            park.name,
            park.name_en,
            park.kind,
            park.host,
            tuple(industry.name for industry in industries),
            tuple(industry.name_en for industry in industries),
            park.note,
            notes.cite(park.source),
            park.note_en,
        )


def _industries(rules: Rules, document: str, ids: Iterable[str]) -> list[Industry]:
    known = {industry.id: industry for industry in rules.document(document).industries}
    return [known[industry_id] for industry_id in ids if industry_id in known]


def _clusters(profile: PlaceProfile, notes: _Notes) -> Iterable[GroupItem]:
    for entry in profile.clusters:
        cluster = entry.cluster
        yield GroupItem(
            entry.document,
            cluster.name,
            cluster.name_en,
            cluster.kind,
            cluster.places,
            entry.members,
            cluster.note,
            notes.cite(cluster.source),
            cluster.note_en,
        )


def _corridors(profile: PlaceProfile, notes: _Notes) -> Iterable[GroupItem]:
    for entry in profile.corridors:
        corridor = entry.corridor
        yield GroupItem(
            entry.document,
            corridor.name,
            corridor.name_en,
            corridor.kind,
            tuple(stop.label for stop in corridor.waypoints),
            entry.waypoints,
            corridor.note,
            notes.cite(corridor.source),
            corridor.note_en,
            tuple(stop.place for stop in corridor.waypoints),
        )


# --- peers and industry maps ----------------------------------------------------------------


def _peers(rules: Rules, adcode: str, *, document: str) -> tuple[Peer, ...]:
    """Return the most similar cities (:func:`footprints.similar_cities`), leaving out 0."""
    weights = _weights(rules, document)
    table = similar_cities(rules, adcode, document=document, weights=weights)
    table = table[table["similarity"] > 0].head(PEER_COUNT)
    industries = {industry.id: industry for industry in rules.document(document).industries}
    peers = []
    for row in table.to_dict("records"):
        both = weights.loc[[adcode, row["adcode"]]].min(axis=0)
        shared = [industries[i] for i in both.index if both[i] >= _SHARED_WEIGHT]
        peers.append(
            Peer(
                row["adcode"],
                row["city"],
                row["city_en"],
                float(row["similarity"]),
                tuple(industry.name for industry in shared),
                tuple(industry.name_en for industry in shared),
            )
        )
    return tuple(peers)


# The document-wide parts of a sheet are the same for all 21 cities: computed once per rules
# and document (a batch paid them 21 times, about 0.2 s a sheet). Rules hash by data version.


@functools.lru_cache(maxsize=8)
def _weights(rules: Rules, document: str) -> pd.DataFrame:
    """Return the document's city × industry role weights (read only: shared by the sheets)."""
    return matrix_of(footprint_table(rules, document=document), values="weight")


@functools.lru_cache(maxsize=8)
def _industry_maps(rules: Rules, document: str) -> tuple[IndustryMap, ...]:
    """Tiers where the industry has a layout sentence, else the strongest designation."""
    tiers = tier_table(rules, document=document)
    roles = roles_table(rules)
    roles = roles[roles["document"] == document]
    maps = []
    for industry in rules.document(document).industries:
        pairs: Iterable[tuple[str, str]]
        if industry.layout is not None:
            mine = tiers[(tiers["industry_id"] == industry.id) & (tiers["tier"] != "")]
            pairs = zip(mine["adcode"], mine["tier"], strict=True)
        else:
            mine = roles[roles["industry_id"] == industry.id]
            found_roles: dict[str, list[str]] = {}
            for code, role in zip(mine["adcode"], mine["role"], strict=True):
                found_roles.setdefault(code, []).append(role)
            pairs = ((code, strongest_role(r)) for code, r in found_roles.items())
        found = tuple(sorted((str(code), str(role)) for code, role in pairs))
        maps.append(IndustryMap(industry.id, industry.name, industry.name_en, found))
    return tuple(maps)


def _named_counties(rules: Rules, adcode: str) -> tuple[str, ...]:
    counties = counties_of_rules(rules)
    here = counties.loc[counties["prefecture_adcode"] == adcode, "adcode"]
    return tuple(sorted(set(here.astype(str))))


def city_of(name: str) -> str:
    """Return the prefecture adcode a user's name for a city means (成都, Chengdu, 510100).

    Raises
    ------
    FactSheetError
        If the name is unknown (the message lists the nearest known names), ambiguous, or
        is not (in) a Sichuan prefecture.
    """
    try:
        return geodata.prefecture(name)
    except geodata.PlaceError as error:
        raise FactSheetError(str(error)) from error
