"""The validated rules of every document, as one immutable :class:`Rules`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from layout_rules._errors import LayoutRulesError, Problem
from layout_rules.schema import Crosswalk, DocumentRules, Industry
from words import worded

DEFAULT_DOCUMENT = "sei-2016-2020"
"""The backbone document: the 十三五 plan, whose eight industries all have a layout sentence."""


@dataclass(frozen=True)
class Rules:
    """Every document's rules and the crosswalk, validated and immutable.

    Attributes
    ----------
    documents
        Document id -> its rules, ordered by document date (then id).
    crosswalk
        The editorial links between industries of different documents, or None when the
        folder has no ``crosswalk.yaml``.
    data_version
        A short hash of the YAML files' names and contents: a cache key for derived data.
    files
        Document id -> the YAML file it was read from (for messages).
    """

    documents: Mapping[str, DocumentRules]
    crosswalk: Crosswalk | None
    data_version: str
    files: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def __hash__(self) -> int:
        """Hash by data version, so caches key a rules set by what it holds."""
        return hash(self.data_version)

    def document(self, document_id: str) -> DocumentRules:
        """Return one document's rules, or raise LayoutRulesError naming the known ids."""
        if document_id not in self.documents:
            known = ", ".join(self.documents)
            reason = worded("error.rules.unknown_document", doc=document_id, known=known)
            raise LayoutRulesError([Problem("rules", "document", reason)])
        return self.documents[document_id]

    def industry(self, document_id: str, industry_id: str) -> Industry:
        """Return one industry of one document, or raise LayoutRulesError naming the known ids."""
        rules = self.document(document_id)
        for industry in rules.industries:
            if industry.id == industry_id:
                return industry
        known = ", ".join(industry.id for industry in rules.industries)
        reason = worded("error.rules.no_industry", id=industry_id, doc=document_id, known=known)
        raise LayoutRulesError([Problem(self.files.get(document_id, "rules"), "industry", reason)])
