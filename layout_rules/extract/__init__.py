"""The importer: a new policy document → proposed, cited layout statements → a rules folder.

``read_file``/``read_document`` turn a .txt, .pdf, .docx or .html into text (size-limited,
safe); :func:`extract` splits it into sentences and proposes (industry, place, role) rows from
the pattern file ``patterns.yaml`` and the gazetteer; :func:`document_rules` and
:func:`write_folder` turn accepted rows into a rules folder the loader accepts.
"""

from __future__ import annotations

from layout_rules.extract.candidates import Candidate, Extraction, extract
from layout_rules.extract.industries import suggestions
from layout_rules.extract.meta import DocumentInfo, document_info
from layout_rules.extract.read import MAX_BYTES, SourceText, read_document, read_file
from layout_rules.extract.rules import document_id, document_rules, write_folder

__all__ = [
    "MAX_BYTES",
    "Candidate",
    "DocumentInfo",
    "Extraction",
    "SourceText",
    "document_id",
    "document_info",
    "document_rules",
    "extract",
    "read_document",
    "read_file",
    "suggestions",
    "write_folder",
]
