"""The tables of the store, as SQLAlchemy 2.x declarative models.

A draft row holds the draft's *current* state (``content``, the JSON of a
:class:`layout_rules.schema.DocumentRules`) and its head revision number; each revision row
holds who, when, what and why, and a full snapshot of the content after the change
(compressed). Opening a draft reads one row however long its history; reverting reads one
snapshot. The head number is the optimistic lock: a save updates the draft only where the head
is still the revision the save was based on.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

STATUSES = ("draft", "shared", "archived")
"""A draft's status: ``draft`` (its owner's), ``shared`` (the team's), ``archived``."""


class Base(DeclarativeBase):
    """Declarative base of the workspace tables."""


class DraftRow(Base):
    """One draft: identity, owner, status and current state."""

    __tablename__ = "drafts"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    base_document: Mapped[str | None] = mapped_column(String(80), nullable=True)
    """The official (or imported) document the draft was copied from, if any."""
    head: Mapped[int] = mapped_column(Integer)
    """Number of the newest revision; the optimistic lock."""
    content: Mapped[str] = mapped_column(Text)
    source_text: Mapped[str] = mapped_column(Text, deferred=True)
    """The text the copied quotes come from (the base document's), for export."""
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(String(200))


class RevisionRow(Base):
    """One saved change of a draft: who, when, what, why, and the content after it."""

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("draft_id", "number", name="uq_revision_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    summary: Mapped[str] = mapped_column(Text)
    """What changed, in a line (``成都: 新一代信息技术 core → expansion``)."""
    rationale: Mapped[str] = mapped_column(Text)
    """Why (理由): the planner's argument, which stands where a quote stands in a document."""
    snapshot: Mapped[bytes] = mapped_column(LargeBinary)
    """zlib-compressed JSON of the content after this revision."""
