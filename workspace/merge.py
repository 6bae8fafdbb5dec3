"""Drafts join the official documents: one :class:`~layout_rules.Rules` for the whole app."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from types import MappingProxyType

from layout_rules import Rules
from layout_rules.schema import Crosswalk, CrosswalkLink, IndustryRef
from workspace.store import Draft


def rules_with_drafts(rules: Rules, drafts: Sequence[Draft]) -> Rules:
    """Return ``rules`` with each draft added as a document, after the official ones.

    The data version changes with every draft's head revision, so caches keyed on it see each
    save. A draft whose id an official document already uses is left out (ids are the keys).

    >>> from layout_rules import load_rules
    >>> rules_with_drafts(load_rules(), []) .data_version == load_rules().data_version
    True
    """
    added = [draft for draft in drafts if draft.id not in rules.documents]
    if not added:
        return rules
    digest = hashlib.sha256(rules.data_version.encode())
    for draft in added:
        digest.update(f"\0{draft.id}@{draft.head}".encode())
    documents = {**rules.documents, **{draft.id: draft.rules for draft in added}}
    links = [link for draft in added for link in _copied_links(rules, draft)]
    files = {**rules.files, **{draft.id: f"workspace:{draft.id}@r{draft.head}" for draft in added}}
    return Rules(
        documents=MappingProxyType(documents),
        crosswalk=_with_links(rules.crosswalk, links),
        data_version=digest.hexdigest()[:12],
        files=MappingProxyType(files),
    )


_NOTE = (
    "Editorial: the draft's industry of the same id was copied from {base}, so it links where "
    "that industry links."
)


def _copied_links(rules: Rules, draft: Draft) -> list[CrosswalkLink]:
    """Return the crosswalk links of a draft copied from a document.

    Its industries link as the original's do, and to the original's own industries as ``same``,
    so Compare shows draft vs source.
    """
    base = draft.info.base_document
    if base is None or base not in rules.documents:
        return []
    mine = {industry.id for industry in draft.rules.industries}
    note = _NOTE.format(base=base)
    links = [
        CrosswalkLink(source_industry=IndustryRef(doc=draft.id, industry=industry.id),
                      target_industry=IndustryRef(doc=base, industry=industry.id),
                      relation="same", note=note)
        for industry in rules.documents[base].industries if industry.id in mine
    ]  # fmt: skip
    if rules.crosswalk is not None:
        links += [
            CrosswalkLink(
                source_industry=IndustryRef(doc=draft.id, industry=link.source_industry.industry),
                target_industry=link.target_industry, relation=link.relation, note=note,
            )
            for link in rules.crosswalk.links
            if link.source_industry.doc == base and link.source_industry.industry in mine
        ]  # fmt: skip
    return links


def _with_links(crosswalk: Crosswalk | None, links: list[CrosswalkLink]) -> Crosswalk | None:
    if not links:
        return crosswalk
    if crosswalk is None:
        return Crosswalk(editorial_note=_NOTE.format(base="its source"), links=tuple(links))
    return Crosswalk(editorial_note=crosswalk.editorial_note, links=(*crosswalk.links, *links))
