"""Change between documents: who the later document names, against the 2016–2020 tiers.

The two sides are different kinds of designation. The 2016–2020 plan sorts every city into a
tier of a layout sentence (核心发展区 / 重点拓展区 / 辐射带动); later documents name cities as
leads, bases, pilots, national clusters or bare mentions, for industries cut differently. The
industries are matched through the editorial crosswalk (``rules.crosswalk``), a judgement of
the project rather than a statement of any text. "Kept" therefore means "named in both", not
"same role", and "lost" means "not named again", not "dropped by policy".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from footprints._errors import FootprintsError
from footprints._validate import check_document, city_code
from layout_rules import (
    DEFAULT_DOCUMENT,
    Rules,
    linked_industries,
    prefectures,
    roles_table,
    tier_table,
)
from layout_rules.schema import CrosswalkRelation, Designation, Industry, Layout
from layout_rules.tiers import CELL_COLUMNS
from layout_rules.vocab import DESIGNATED, NAMED_TIERS
from words import every

CHANGE_COLUMNS = (
    "baseline",
    *CELL_COLUMNS,
    "baseline_tier",
    "later_roles",
    "later_industries",
    "relations",
    "open_list",
    "status",
    "baseline_section",
    "baseline_quote",
    "later_section",
    "later_quote",
)

CHANGES_NOTE = every("footprints.changes_note")
"""What :func:`document_changes` compares, for the UI to show above its results."""


def document_scope(rules: Rules, document: str) -> tuple[str, ...]:
    """Return the adcodes of the prefectures a document speaks for.

    A document issued by a prefecture's government (its issuer begins with the prefecture's
    full name, 眉山市人民政府办公室) covers that prefecture only; any other covers all 21.
    A city outside the scope cannot be "lost" by the document.
    """
    check_document(rules, document, where="document_scope")
    issuer = rules.documents[document].document.issuer
    cities = prefectures()
    own = tuple(city.adcode for city in cities if issuer.startswith(city.name))
    return own or tuple(city.adcode for city in cities)


def document_changes(
    rules: Rules, *, document: str, baseline: str = DEFAULT_DOCUMENT
) -> pd.DataFrame:
    """Compare the cities a later document names with their tier in the baseline plan.

    For each industry of ``baseline`` that has a layout sentence, the crosswalk gives the
    industries of ``document`` linked to it; a city is named later when the document gives it
    any role but radiated for one of them. Each city then gets a ``status``:

    - ``kept``: core or expansion in the baseline, and named later;
    - ``gained``: radiated or unnamed in the baseline, and named later;
    - ``lost``: core or expansion in the baseline, not named later;
    - ``neither``: named in neither;
    - ``out_of_scope``: not named later, and outside the area a city-level document covers
      (:func:`document_scope`), so not "lost" by it;
    - ``unplaced``: linked industries exist, but the later document names no city for them;
    - ``unlinked``: the crosswalk links no industry of the later document to this one.

    Parameters
    ----------
    rules
        Loaded rules, with a crosswalk.
    document
        The later document's id.
    baseline
        The document with the tiers, the 2016–2020 plan by default.

    Returns
    -------
    DataFrame
        One row per baseline industry and prefecture, columns :data:`CHANGE_COLUMNS`.
        ``later_roles``, ``later_industries`` and ``relations`` are comma-separated (the
        crosswalk relation says how the later industry relates to the baseline one);
        ``open_list`` is true when a later list naming places for a linked industry ends in 等.

    Raises
    ------
    FootprintsError
        If a document is unknown, the two are the same, or the rules have no crosswalk.

    Examples
    --------
    >>> from layout_rules import load_rules
    >>> changes = document_changes(load_rules(), document="new-economy-2021")
    >>> saving = changes[changes["industry_id"] == "energy-saving"]
    >>> saving.loc[saving["status"] == "kept", "city"].tolist()
    ['自贡']
    """
    _check_pair(rules, document, baseline)
    scope = set(document_scope(rules, document))
    later = _later_roles(rules, document)
    rows = []
    for industry_id, cities in tier_table(rules, document=baseline).groupby(
        "industry_id", sort=False
    ):
        links = {
            ind: relation
            for (doc, ind), (relation, _) in linked_industries(
                rules, str(industry_id), document=baseline
            ).items()
            if doc == document
        }
        named = [role for role in later if role.industry_id in links]
        comparison = _Comparison(links, named, _open_list(rules, document, named), scope)
        rows += [
            _change_row(baseline, document, city, comparison)
            for city in cities.itertuples(index=False)
        ]
    return pd.DataFrame(rows, columns=list(CHANGE_COLUMNS)).astype({"open_list": bool})


def city_changes(rules: Rules, city: str, *, baseline: str = DEFAULT_DOCUMENT) -> pd.DataFrame:
    """Return what changed for one city: every later document against every baseline industry.

    The rows of :func:`document_changes` for this city, for each document but ``baseline``,
    later documents in order of their date, so "what changed for 达州?" is one table.

    Parameters
    ----------
    rules
        Loaded rules, with a crosswalk.
    city
        One of the 21 prefectures, by adcode or any name the gazetteer knows (达州, Dazhou).
    baseline
        The document with the tiers, the 2016–2020 plan by default.

    Returns
    -------
    DataFrame
        Columns :data:`CHANGE_COLUMNS`, one row per later document and baseline industry.

    Raises
    ------
    FootprintsError
        If the city is not a prefecture, a document is unknown or the rules have no crosswalk.

    Examples
    --------
    >>> from layout_rules import load_rules
    >>> dazhou = city_changes(load_rules(), "达州")
    >>> sorted(set(dazhou["city"])), dazhou["document"].nunique()
    (['达州'], 4)
    """
    adcode = city_code(city, where="city_changes")
    check_document(rules, baseline, where="city_changes")
    documents = rules.documents
    later = sorted(
        (d for d in documents if d != baseline), key=lambda d: documents[d].document.date
    )
    frames = [document_changes(rules, document=d, baseline=baseline) for d in later]
    if not frames:
        return pd.DataFrame(columns=list(CHANGE_COLUMNS))
    table = pd.concat(frames, ignore_index=True)
    return table[table["adcode"] == adcode].reset_index(drop=True)


@dataclass(frozen=True)
class _Comparison:
    """One baseline industry against the later document: its links and the roles they get."""

    links: dict[str, CrosswalkRelation]
    """Later industry id -> how it relates to the baseline industry (crosswalk)."""
    named: list[Any]
    """The later document's naming roles for the linked industries (roles_table rows)."""
    open_list: bool
    scope: set[str]

    def at(self, adcode: str) -> list[Any]:
        return [role for role in self.named if role.adcode == adcode]

    def status(self, tier: str, adcode: str) -> str:
        if not self.links:
            return "unlinked"
        if not self.named:
            return "unplaced"
        before, after = tier in NAMED_TIERS, bool(self.at(adcode))
        if after:
            return "kept" if before else "gained"
        if adcode not in self.scope:
            return "out_of_scope"
        return "lost" if before else "neither"


def _check_pair(rules: Rules, document: str, baseline: str) -> None:
    check_document(rules, document, where="document_changes")
    check_document(rules, baseline, where="document_changes")
    if document == baseline:
        msg = f"document_changes: compare a later document with {baseline!r}, not with itself"
        raise FootprintsError(msg)
    if rules.crosswalk is None:
        msg = "document_changes: the rules have no crosswalk.yaml to match industries by"
        raise FootprintsError(msg)


def _later_roles(rules: Rules, document: str) -> list[Any]:
    """Return the later document's roles that name a city (all but radiated), as records."""
    roles = roles_table(rules)
    roles = roles[(roles["document"] == document) & roles["role"].isin(DESIGNATED)]
    return list(roles.itertuples(index=False))


def _open_list(rules: Rules, document: str, named: list[Any]) -> bool:
    industries = {role.industry_id for role in named}
    return any(
        entry.open_list
        for industry in rules.documents[document].industries
        if industry.id in industries
        for entry in _lists(industry)
    )


def _lists(industry: Industry) -> Iterator[Layout | Designation]:
    """Yield the place lists of an industry: its layout (if any) and its designations."""
    if industry.layout is not None:
        yield industry.layout
    yield from industry.designations


def _change_row(
    baseline: str, document: str, city: Any, comparison: _Comparison
) -> tuple[object, ...]:
    here = comparison.at(city.adcode)
    industries = list(dict.fromkeys(role.industry_id for role in here))
    relations = [comparison.links[ind] for ind in industries or comparison.links]
    return (
        baseline,
        document,
        city.industry_id,
        city.industry,
        city.industry_en,
        city.adcode,
        city.city,
        city.city_en,
        city.tier,
        ",".join(dict.fromkeys(role.role for role in here)),
        ",".join(industries),
        ",".join(dict.fromkeys(relations)),
        comparison.open_list,
        comparison.status(city.tier, city.adcode),
        city.section,
        city.quote,
        here[0].section if here else "",
        here[0].quote if here else "",
    )


def change_matrix(changes: pd.DataFrame) -> pd.DataFrame:
    """Pivot :func:`document_changes` to one row per city and one status column per industry.

    The wide form suits a map layer or a GeoJSON export (one feature per city).
    """
    wide = changes.pivot(index="adcode", columns="industry_id", values="status")
    wide = wide.reindex(columns=list(dict.fromkeys(changes["industry_id"])))
    wide.columns.name = None
    return wide
