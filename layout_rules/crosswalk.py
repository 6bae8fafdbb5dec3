"""The crosswalk: how industries of different documents relate, and one industry's kin."""

from __future__ import annotations

import pandas as pd

from layout_rules.roles import ROLE_COLUMNS, role_records, role_row
from layout_rules.rules import DEFAULT_DOCUMENT, Rules
from layout_rules.schema import CrosswalkRelation

ACROSS_COLUMNS = (*ROLE_COLUMNS, "relation", "link_note")
_INVERSE: dict[str, CrosswalkRelation] = {
    "same": "same",
    "broader": "narrower",
    "narrower": "broader",
    "overlaps": "overlaps",
}


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
        (*role_row(role), *wanted[(role.document, role.industry_id)])
        for role in role_records(rules)
        if (role.document, role.industry_id) in wanted
    ]
    return pd.DataFrame(rows, columns=list(ACROSS_COLUMNS))


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
