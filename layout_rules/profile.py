"""A place's profile: everything the documents say about one prefecture and its counties."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from geodata.places import PlaceError, place, prefecture, prefecture_of
from layout_rules._errors import LayoutRulesError, Problem
from layout_rules.roles import RoleRecord, role_records
from layout_rules.rules import Rules
from layout_rules.schema import Cluster, Corridor, Park, Source
from words import Worded


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
    themes_en: tuple[str, ...] = ()
    note_en: str | None = None


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
    roles: tuple[RoleRecord, ...]
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
    try:
        city = place(prefecture(adcode))
    except PlaceError as error:
        said = error.args[0] if error.args else None
        reason = said if isinstance(said, Worded) else str(error)  # a worded one keeps its key
        raise LayoutRulesError([Problem("rules", "place", reason)]) from error
    here = city.adcode
    return PlaceProfile(
        adcode=here,
        name=city.name,
        short_name=city.short_name,
        name_en=city.name_en or "",
        roles=tuple(role for role in role_records(rules) if role.prefecture == here),
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


def _in(name: str, prefecture: str) -> bool:
    return prefecture_of(name) == prefecture


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
                        focus.themes_en,
                        focus.note_en,
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
