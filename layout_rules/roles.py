"""Roles: every role every document gives a prefecture for an industry, with its source.

Roles are the tiers of a layout sentence, the designations of an industry, and the role a
cluster's kind confers on its members (:data:`~layout_rules.vocab.CLUSTER_ROLES`). Counties
are lifted to their prefecture, keeping the county in ``place``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from geodata.places import place, prefecture_of, prefectures, resolve
from layout_rules.rules import Rules
from layout_rules.schema import DocumentRules, Industry, Layout, Source
from layout_rules.tiers import CELL_COLUMNS, layout_tiers
from layout_rules.vocab import CLUSTER_ROLES, NAMED_TIERS, role_rank

ROLE_COLUMNS = (*CELL_COLUMNS, "role", "place", "place_adcode", "section", "quote")


@dataclass(frozen=True)
class RoleRecord:
    """One role of one place for one industry of one document, and its source.

    ``place`` is the place as the document writes it (empty for a radiated city),
    ``place_adcode`` its adcode, ``prefecture`` the adcode of the prefecture it is or lies in.
    A place profile lists the records of its prefecture.
    """

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
    rows = [role_row(role) for role in role_records(rules)]
    return pd.DataFrame(rows, columns=list(ROLE_COLUMNS))


@functools.lru_cache(maxsize=4)
def role_records(rules: Rules) -> tuple[RoleRecord, ...]:
    """All roles, computed once per rules version (the app asks for them on every rerun)."""
    found: list[tuple[tuple[int, int, int, str, str], RoleRecord]] = []
    for d, doc in enumerate(rules.documents.values()):
        for i, industry in enumerate(doc.industries):
            for role in _industry_roles(doc, industry):
                key = (d, i, role_rank(role.role), role.prefecture, role.place)
                found.append((key, role))
    unique = dict.fromkeys(role for _, role in sorted(found, key=lambda item: item[0]))
    return tuple(unique)


def _industry_roles(doc: DocumentRules, industry: Industry) -> Iterator[RoleRecord]:
    doc_id = doc.document.id
    if industry.layout is not None:
        yield from _tier_roles(doc_id, industry, industry.layout)
    for designation in industry.designations:
        for name in designation.places:
            yield from _placed(doc_id, industry, designation.kind, name, designation.source)
    for cluster in doc.clusters:
        role = CLUSTER_ROLES.get(cluster.kind)
        if role is not None and industry.id in cluster.industries:
            for name in cluster.places:
                yield from _placed(doc_id, industry, role, name, cluster.source)


def _tier_roles(doc_id: str, industry: Industry, layout: Layout) -> Iterator[RoleRecord]:
    for tier in NAMED_TIERS:
        for name in getattr(layout, tier):
            yield from _placed(doc_id, industry, tier, name, layout.source)
    if layout.radiates_rest:
        named = layout_tiers(layout)
        for city in prefectures():
            if city.adcode not in named:
                yield _role(doc_id, industry, "radiated", layout.source, at=("", "", city.adcode))


def _placed(
    doc_id: str, industry: Industry, role: str, name: str, source: Source
) -> Iterator[RoleRecord]:
    adcode = resolve(name)
    prefecture = prefecture_of(adcode)
    if prefecture is not None:
        yield _role(doc_id, industry, role, source, at=(name, adcode, prefecture))


def _role(
    doc_id: str, industry: Industry, role: str, source: Source, *, at: tuple[str, str, str]
) -> RoleRecord:
    """Build a role; ``at`` is (place as written, its adcode, its prefecture's adcode)."""
    return RoleRecord(doc_id, industry.id, industry.name, industry.name_en, role, *at, source)


def role_row(role: RoleRecord) -> tuple[object, ...]:
    """Return one role as a row of :data:`ROLE_COLUMNS`, its city named from the gazetteer."""
    city = place(role.prefecture)
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
