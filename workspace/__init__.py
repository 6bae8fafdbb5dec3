"""The workspace: planners' drafts in a database, with revisions and optimistic concurrency.

A draft is a :class:`layout_rules.schema.DocumentRules` marked ``draft`` whose facts cite the
planners' rationales (理由); :func:`rules_with_drafts` adds drafts to the official rules, so the
rest of the code shows them like any document. The store is an SQLite file by default and
PostgreSQL when ``DATABASE_URL`` is set; Alembic migrates it on first use.

>>> import tempfile, pathlib
>>> store = Store(f"sqlite:///{pathlib.Path(tempfile.mkdtemp()) / 'ws.sqlite3'}")
>>> draft = store.create("我的十五五布局草案", author="ann")
>>> draft.head, draft.rules.document.draft
(1, True)
"""

from __future__ import annotations

from workspace._errors import Conflict, WorkspaceError
from workspace.bundle import copy_document, export_folder, export_zip, import_folder, import_zip
from workspace.content import check_rationale, rationale_source
from workspace.db import database_url
from workspace.edits import put_record, remove_record, set_tiers, tier_of
from workspace.merge import rules_with_drafts
from workspace.models import STATUSES
from workspace.store import Draft, DraftInfo, Revision, Store

__all__ = [
    "STATUSES",
    "Conflict",
    "Draft",
    "DraftInfo",
    "Revision",
    "Store",
    "WorkspaceError",
    "check_rationale",
    "copy_document",
    "database_url",
    "export_folder",
    "export_zip",
    "import_folder",
    "import_zip",
    "put_record",
    "rationale_source",
    "remove_record",
    "rules_with_drafts",
    "set_tiers",
    "tier_of",
]
