"""The shape of the layout-rule YAML files, as immutable pydantic models.

One YAML file per policy document (``layout_rules/data/*.yaml``) plus one editorial
``crosswalk.yaml``. Place names are kept as the documents write them (成都, 凉山州, 仁寿县);
:mod:`layout_rules.validate` resolves every one of them through :mod:`geodata.places`.
The models only check shape and local consistency; cross-file checks live in ``validate.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from layout_rules.vocab import DESIGNATIONS
from words import worded

ClusterKind = Literal[
    "cluster", "national_cluster", "city_group", "pilot_zone", "demonstration_zone", "region"
]
ParkKind = Literal["park", "district", "project", "data_centre", "base"]
CorridorKind = Literal[
    "innovation", "hydrogen", "test_highway", "trunk", "industry_chain", "economic"
]
MemberSource = Literal["text", "editorial"]
CrosswalkRelation = Literal["same", "broader", "narrower", "overlaps"]

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class Frozen(BaseModel):
    """Base model: immutable, and unknown keys are an error (a typo must not pass silently)."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _check_id(value: str) -> str:
    if not _ID.match(value):
        msg = worded("error.rules.bad_id", id=value)
        raise ValueError(msg)
    return value


class Source(Frozen):
    """Where a fact comes from: document id, section label and a verbatim quote.

    The quote may elide with ``……``; each fragment must occur in the document, in order.
    """

    doc: str
    section: str = Field(min_length=1)
    quote: str = Field(min_length=4)


class Document(Frozen):
    """A policy document's identity; ``file`` is its text under ``layout_rules/sources/``."""

    id: str
    title: str
    title_en: str
    issuer: str
    number: str | None = None
    date: dt.date
    period: tuple[int, int] | None = None
    file: str
    note: str | None = None
    note_en: str | None = None
    draft: bool = False
    """A planner's draft from the workspace, not an official document: its sources' quotes
    are the planners' rationales (理由), and it is shown marked 草案 / DRAFT."""

    _id = field_validator("id")(_check_id)

    @field_validator("file")
    @classmethod
    def _plain_file_name(cls, value: str) -> str:
        if "/" in value or "\\" in value or value.startswith("."):
            msg = worded("error.rules.bad_file", file=value)
            raise ValueError(msg)
        return value


class Layout(Frozen):
    """The 核心发展区 / 重点拓展区 sentence of one industry."""

    core: tuple[str, ...] = ()
    expansion: tuple[str, ...] = ()
    open_list: bool = False
    """The text ends the expansion (or core) list with 等地: other cities may belong."""
    radiates_rest: bool = False
    """The text says 辐射带动全省其他地区: every unnamed prefecture is "radiated"."""
    source: Source

    @model_validator(mode="after")
    def _no_city_in_two_tiers(self) -> Layout:
        both = sorted(set(self.core) & set(self.expansion))
        if both:
            msg = worded("error.rules.core_and_expansion", places="、".join(both))
            raise ValueError(msg)
        if not self.core and not self.expansion:
            msg = worded("error.rules.no_core_no_expansion")
            raise ValueError(msg)
        return self


class Focus(Frozen):
    """What one named place is to build for an industry, and where (parks)."""

    place: str
    themes: tuple[str, ...] = ()
    themes_en: tuple[str, ...] = ()
    """The themes in English, one for each theme, in the same order."""
    parks: tuple[str, ...] = ()
    """Park ids (see :class:`Park`) the text names for this place and industry."""
    note: str | None = None
    note_en: str | None = None
    source: Source

    @model_validator(mode="after")
    def _themes_en_match(self) -> Focus:
        if self.themes_en and len(self.themes_en) != len(self.themes):
            msg = (f"themes_en has {len(self.themes_en)} entries for {len(self.themes)} themes; "
                   "give one English theme for each theme, in the same order")  # fmt: skip
            raise ValueError(msg)
        return self


class Designation(Frozen):
    """A role other than a tier that a document gives places for an industry.

    ``kind`` is one of the designation roles of :mod:`layout_rules.vocab` (lead, named,
    base, pilot, national_cluster, …), declared in ``roles.toml``.
    """

    kind: str
    places: tuple[str, ...] = Field(min_length=1)
    open_list: bool = False
    note: str | None = None
    note_en: str | None = None
    source: Source

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in DESIGNATIONS:
            msg = worded("error.rules.designation_kind", kind=value, known=", ".join(DESIGNATIONS))
            raise ValueError(msg)
        return value


class Industry(Frozen):
    """One industry of one document, with its layout, focus and other designations."""

    id: str
    name: str
    name_en: str
    aliases: tuple[str, ...] = ()
    colour: str | None = None
    layout: Layout | None = None
    focus: tuple[Focus, ...] = ()
    designations: tuple[Designation, ...] = ()
    source: Source | None = None
    """Where the document names the industry itself, when there is no layout sentence."""

    _id = field_validator("id")(_check_id)

    @field_validator("colour")
    @classmethod
    def _hex_colour(cls, value: str | None) -> str | None:
        if value is not None and not _COLOUR.match(value):
            msg = worded("error.rules.bad_colour", colour=value)
            raise ValueError(msg)
        return value

    @model_validator(mode="after")
    def _has_a_source(self) -> Industry:
        if self.layout is None and self.source is None and not self.designations:
            msg = worded("error.rules.industry_unsourced")
            raise ValueError(msg)
        return self


class Cluster(Frozen):
    """A named group of places: an industry cluster, city group, pilot or demonstration zone."""

    id: str
    name: str
    name_en: str
    kind: ClusterKind
    places: tuple[str, ...] = Field(min_length=1)
    members: MemberSource = "text"
    """``editorial`` when the text names the group but not its members, and the members come
    from the group's standard definition elsewhere; the ``note`` must say where."""
    industries: tuple[str, ...] = ()
    open_list: bool = False
    note: str | None = None
    note_en: str | None = None
    source: Source

    _id = field_validator("id")(_check_id)

    def place_refs(self) -> tuple[tuple[str, str], ...]:
        """Return (entry within the record, place name) for every place the record names."""
        return tuple((f"places[{k}]", name) for k, name in enumerate(self.places))

    @model_validator(mode="after")
    def _editorial_members_are_explained(self) -> Cluster:
        if self.members == "editorial" and not self.note:
            msg = worded("error.rules.editorial_note")
            raise ValueError(msg)
        return self


class Park(Frozen):
    """A park, district, project or data centre, located at its host place.

    ``host`` is the county (or, when the text gives no more, the prefecture) it lies in;
    maps draw it at the host's label point, marked as approximate.
    """

    id: str
    name: str
    name_en: str | None = None
    kind: ParkKind = "park"
    host: str
    industries: tuple[str, ...] = ()
    note: str | None = None
    note_en: str | None = None
    source: Source

    _id = field_validator("id")(_check_id)

    def place_refs(self) -> tuple[tuple[str, str], ...]:
        """Return (entry within the record, place name) for every place the record names."""
        return (("host", self.host),)


class Waypoint(Frozen):
    """One stop of a corridor: the text's own label and the gazetteer place it stands for."""

    label: str
    place: str


class Corridor(Frozen):
    """A corridor through ordered waypoints; always drawn schematically."""

    id: str
    name: str
    name_en: str
    kind: CorridorKind
    waypoints: tuple[Waypoint, ...] = Field(min_length=2)
    industries: tuple[str, ...] = ()
    note: str | None = None
    note_en: str | None = None
    source: Source

    _id = field_validator("id")(_check_id)

    def place_refs(self) -> tuple[tuple[str, str], ...]:
        """Return (entry within the record, place name) for every place the record names."""
        return tuple((f"waypoints[{k}].place", w.place) for k, w in enumerate(self.waypoints))

    @field_validator("waypoints", mode="before")
    @classmethod
    def _plain_names(cls, value: object) -> object:
        """Allow ``- 成都`` as shorthand for ``- {label: 成都, place: 成都}``."""
        if isinstance(value, list | tuple):
            return [{"label": v, "place": v} if isinstance(v, str) else v for v in value]
        return value


RECORD_KINDS = ("clusters", "parks", "corridors")
"""The kinds of records a document holds beside its industries (each drawn as a map overlay).
Each is a field of :class:`DocumentRules` holding records with ``id``, ``industries``,
``source`` and ``place_refs()``, so validation and listings treat every kind alike."""


class DocumentRules(Frozen):
    """Everything one document says: the content of one YAML file."""

    document: Document
    industries: tuple[Industry, ...] = ()
    clusters: tuple[Cluster, ...] = ()
    parks: tuple[Park, ...] = ()
    corridors: tuple[Corridor, ...] = ()


class IndustryRef(Frozen):
    """An industry of a document, as the crosswalk names it."""

    doc: str
    industry: str


class CrosswalkLink(Frozen):
    """An editorial link between industries of two documents (not a quote: a judgement)."""

    source_industry: IndustryRef = Field(alias="from")
    target_industry: IndustryRef = Field(alias="to")
    relation: CrosswalkRelation
    note: str
    note_en: str | None = None

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Crosswalk(Frozen):
    """The content of ``crosswalk.yaml``."""

    editorial_note: str
    editorial_note_en: str | None = None
    links: tuple[CrosswalkLink, ...] = Field(min_length=1)
