"""Drafts join the official documents: one :class:`~layout_rules.Rules` for the whole app."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from types import MappingProxyType

from layout_rules import Rules
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
    files = {**rules.files, **{draft.id: f"workspace:{draft.id}@r{draft.head}" for draft in added}}
    return Rules(
        documents=MappingProxyType(documents),
        crosswalk=rules.crosswalk,
        data_version=digest.hexdigest()[:12],
        files=MappingProxyType(files),
    )
