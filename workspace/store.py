"""The store: drafts and their revisions in a database, saved with optimistic concurrency.

Every save names the revision it was based on. The draft row is updated only where its head is
still that revision, in the same transaction that inserts the new revision, so a save is all or
nothing (a killed process leaves the last committed revision) and of two saves based on the same
revision exactly one wins; the other raises :class:`~workspace.WorkspaceError` whose
``conflict`` holds both versions.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Engine, Row, Table, func, insert, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from layout_rules.schema import DocumentRules
from words import worded
from workspace import content as wc
from workspace._errors import Conflict, WorkspaceError
from workspace.db import database_url, make_engine, migrate, safe_url
from workspace.models import STATUSES, DraftRow, RevisionRow
from workspace.summary import summary

# A declarative class's table is a Table; SQLAlchemy types ``__table__`` as any FromClause.
_LOG = logging.getLogger(__name__)
DRAFTS = cast(Table, DraftRow.__table__)
REVISIONS = cast(Table, RevisionRow.__table__)
_HeadRow = Row[int, str, str, str | None, str, str]
"""A draft's head: number, owner, status, base document, last author, content (JSON)."""
CREATED = "新建草案 · created"
MAX_AUTHOR = 200


@dataclass(frozen=True)
class DraftInfo:
    """A draft as the list shows it: who owns it, its status, its last change."""

    id: str
    title: str
    owner: str
    status: str
    base_document: str | None
    head: int
    updated_at: dt.datetime
    updated_by: str


@dataclass(frozen=True)
class Draft:
    """An opened draft: its list entry and its content at the head revision."""

    info: DraftInfo
    rules: DocumentRules

    @property
    def id(self) -> str:
        """The draft's id, also its document id."""
        return self.info.id

    @property
    def head(self) -> int:
        """The revision the content is at: the base of the next save."""
        return self.info.head


@dataclass(frozen=True)
class Revision:
    """One saved change: number, who, when, what and why."""

    number: int
    author: str
    created_at: dt.datetime
    summary: str
    rationale: str


_INFO_COLUMNS = (
    DRAFTS.c.id, DRAFTS.c.title, DRAFTS.c.owner, DRAFTS.c.status, DRAFTS.c.base_document,
    DRAFTS.c.head, DRAFTS.c.updated_at, DRAFTS.c.updated_by,
)  # fmt: skip


class Store:
    """Drafts in one database (SQLite file or PostgreSQL), migrated on first use.

    Parameters
    ----------
    url
        SQLAlchemy URL; default :func:`workspace.db.database_url` (``DATABASE_URL`` or the
        SQLite file).
    """

    def __init__(self, url: str | None = None) -> None:
        self.url = database_url(url)
        self._engine: Engine = make_engine(self.url)
        self._migrated = False
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        """Show the store's URL without its password."""
        return f"Store({safe_url(self.url)!r})"

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._engine.dialect.name

    def dispose(self) -> None:
        """Close the pooled connections."""
        self._engine.dispose()

    # --- transactions -----------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """One transaction; database failures become a WorkspaceError saying so plainly."""
        self._ensure_schema()
        try:
            with self._engine.begin() as connection:
                yield connection
        except WorkspaceError:
            raise
        except SQLAlchemyError as error:
            where = safe_url(self.url)
            _LOG.warning("workspace database %s failed: %s", where, _line(error))
            raise WorkspaceError(worded("error.workspace.db_failed", where=where)) from error

    def _ensure_schema(self) -> None:
        if self._migrated:
            return
        with self._lock:
            if not self._migrated:
                migrate(self._engine)
                self._migrated = True

    # --- reading ----------------------------------------------------------------------------

    def list_drafts(self, *, viewer: str | None = None, archived: bool = False) -> list[DraftInfo]:
        """Return the drafts ``viewer`` may see (their own and shared ones), newest change first.

        ``viewer=None`` lists every draft (for tools and tests). Archived drafts are left out
        unless ``archived``.
        """
        query = select(*_INFO_COLUMNS).order_by(DRAFTS.c.updated_at.desc(), DRAFTS.c.id)
        if viewer is not None:
            query = query.where(or_(DRAFTS.c.owner == viewer, DRAFTS.c.status == "shared"))
        if not archived:
            query = query.where(DRAFTS.c.status != "archived")
        with self._transaction() as connection:
            return [DraftInfo(*row) for row in connection.execute(query)]

    def open(self, draft_id: str) -> Draft:
        """Return a draft at its head revision (one row, however long its history).

        Raises
        ------
        WorkspaceError
            If there is no such draft.
        """
        query = select(*_INFO_COLUMNS, DRAFTS.c.content).where(DRAFTS.c.id == draft_id)
        with self._transaction() as connection:
            row = connection.execute(query).one_or_none()
        if row is None:
            raise WorkspaceError(worded("error.workspace.no_draft", id=repr(draft_id)))
        return Draft(DraftInfo(*row[:-1]), wc.from_json(row[-1], draft_id))

    def revisions(self, draft_id: str) -> list[Revision]:
        """Return a draft's revisions, newest first (without their snapshots)."""
        query = (
            select(REVISIONS.c.number, REVISIONS.c.author, REVISIONS.c.created_at,
                   REVISIONS.c.summary, REVISIONS.c.rationale)
            .where(REVISIONS.c.draft_id == draft_id)
            .order_by(REVISIONS.c.number.desc())
        )  # fmt: skip
        with self._transaction() as connection:
            return [Revision(*row) for row in connection.execute(query)]

    def revision_content(self, draft_id: str, number: int) -> DocumentRules:
        """Return a draft's content as it was after revision ``number``."""
        with self._transaction() as connection:
            return _snapshot(connection, draft_id, number)

    def source_text(self, draft_id: str) -> str:
        """Return the official text the draft's copied quotes come from ('' for empty drafts)."""
        query = select(DRAFTS.c.source_text).where(DRAFTS.c.id == draft_id)
        with self._transaction() as connection:
            text: str | None = connection.execute(query).scalar_one_or_none()
        if text is None:
            raise WorkspaceError(worded("error.workspace.no_draft", id=repr(draft_id)))
        return text

    # --- writing ----------------------------------------------------------------------------

    def create(
        self,
        title: str,
        *,
        author: str,
        copy_of: DocumentRules | None = None,
        source_text: str = "",
        rationale: str = CREATED,
    ) -> Draft:
        """Create a draft, empty or copied from a document, as revision 1 owned by ``author``."""
        author = _author(author)
        draft_id = wc.new_draft_id()
        today = _now().date()
        rules = (
            wc.copy_as_draft(copy_of, draft_id, title, author=author, today=today)
            if copy_of is not None
            else wc.empty_draft(draft_id, title, author=author, today=today)
        )
        base = copy_of.document.id if copy_of is not None else None
        return self._insert(rules, author=author, base=base, text=source_text, rationale=rationale)

    def adopt(
        self, rules: DocumentRules, *, author: str, source_text: str, rationale: str
    ) -> Draft:
        """Store an imported document as a new draft of ``author`` (its id becomes a draft id)."""
        draft_id = wc.new_draft_id()
        draft = wc.retarget(rules, draft_id)
        return self._insert(
            draft, author=_author(author), base=None, text=source_text, rationale=rationale
        )

    def _insert(
        self, rules: DocumentRules, *, author: str, base: str | None, text: str, rationale: str
    ) -> Draft:
        now = _now()
        body = wc.to_json(rules)
        info = DraftInfo(rules.document.id, rules.document.title, author, "draft", base, 1, now,
                         author)  # fmt: skip
        with self._transaction() as connection:
            connection.execute(
                insert(DRAFTS).values(
                    id=info.id, title=info.title, owner=author, status="draft",
                    base_document=base, head=1, content=body, source_text=text,
                    created_at=now, updated_at=now, updated_by=author,
                )
            )  # fmt: skip
            _add_revision(
                connection,
                draft_id=info.id,
                number=1,
                author=author,
                when=now,
                summary=summary("created"),
                rationale=rationale,
                body=body,
            )
        return Draft(info, rules)

    def save(
        self,
        draft_id: str,
        rules: DocumentRules,
        *,
        base: int,
        author: str,
        rationale: str,
        summary: str,
    ) -> Draft:
        """Save new content as revision ``base + 1``, if the draft is still at ``base``.

        Raises
        ------
        WorkspaceError
            If the draft moved on since ``base`` (``conflict`` then holds both versions and
            the rationale of each), the author may not edit it, or the content is invalid.
        """
        return self._write(draft_id, rules, base=base, author=author, rationale=rationale,
                           summary=summary)  # fmt: skip

    def _write(
        self,
        draft_id: str,
        rules: DocumentRules,
        *,
        base: int,
        author: str,
        rationale: str,
        summary: str,
        status: str | None = None,
    ) -> Draft:
        author, rationale = _author(author), wc.check_rationale(rationale)
        rules = _as_draft(rules, draft_id)
        body, now = wc.to_json(rules), _now()
        with self._transaction() as connection:
            current = _head_row(connection, draft_id)
            _check_may_edit(current, author, status)
            if current.head != base:
                raise _conflict(
                    connection, current, base=base, mine=rules, rationale=rationale, summary=summary
                )
            values: dict[str, Any] = {
                "head": base + 1,
                "content": body,
                "title": rules.document.title,
                "updated_at": now,
                "updated_by": author,
                "status": status or current.status,
            }
            moved = connection.execute(
                update(DRAFTS).where(DRAFTS.c.id == draft_id, DRAFTS.c.head == base).values(values)
            )  # fmt: skip
            if moved.rowcount != 1:
                current = _head_row(connection, draft_id)
                raise _conflict(
                    connection, current, base=base, mine=rules, rationale=rationale, summary=summary
                )
            # The update above holds the draft's row, so the new number cannot be taken.
            _add_revision(
                connection,
                draft_id=draft_id,
                number=base + 1,
                author=author,
                when=now,
                summary=summary,
                rationale=rationale,
                body=body,
            )
        info = DraftInfo(draft_id, rules.document.title, current.owner, values["status"],
                         current.base_document, base + 1, now, author)  # fmt: skip
        return Draft(info, rules)

    def revert(
        self, draft_id: str, number: int, *, base: int, author: str, rationale: str
    ) -> Draft:
        """Save the content of revision ``number`` as a new revision (history is kept)."""
        old = self.revision_content(draft_id, number)
        return self.save(
            draft_id, old, base=base, author=author, rationale=rationale,
            summary=summary("revert", number=number),
        )  # fmt: skip

    def set_status(
        self, draft_id: str, status: str, *, base: int, author: str, rationale: str
    ) -> Draft:
        """Change a draft's status (draft, shared, archived), recorded as a revision."""
        if status not in STATUSES:
            msg = worded("error.workspace.unknown_status", status=repr(status),
                         statuses=", ".join(STATUSES))  # fmt: skip
            raise WorkspaceError(msg)
        draft = self.open(draft_id)
        if draft.info.owner != _author(author):
            msg = worded("error.workspace.owner_only", owner=draft.info.owner, id=draft_id)
            raise WorkspaceError(msg)
        return self._write(
            draft_id, draft.rules, base=base, author=author, rationale=rationale,
            summary=summary("status", old_status=draft.info.status, status=status),
            status=status,
        )  # fmt: skip

    def heads(self, *, viewer: str | None = None) -> dict[str, int]:
        """Return draft id → head revision of the drafts ``viewer`` sees (a cheap poll)."""
        return {info.id: info.head for info in self.list_drafts(viewer=viewer)}

    def count_revisions(self, draft_id: str) -> int:
        """Return how many revisions a draft has."""
        query = select(func.count()).where(REVISIONS.c.draft_id == draft_id)
        with self._transaction() as connection:
            return int(connection.execute(query).scalar_one())


# --- helpers --------------------------------------------------------------------------------


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _line(error: BaseException) -> str:
    message = str(getattr(error, "orig", None) or error).strip()
    return message.splitlines()[0] if message else type(error).__name__


def _author(author: str) -> str:
    name = " ".join(str(author).split())
    if not name:
        msg = worded("error.workspace.author_needed")
        raise WorkspaceError(msg)
    if len(name) > MAX_AUTHOR:
        msg = worded("error.workspace.author_long", limit=MAX_AUTHOR, count=len(name))
        raise WorkspaceError(msg)
    return name


def _as_draft(rules: DocumentRules, draft_id: str) -> DocumentRules:
    document = rules.document
    if document.id != draft_id or not document.draft or document.file != f"{draft_id}.txt":
        msg = worded("error.workspace.not_this_draft", document=repr(document.id),
                     id=repr(draft_id))  # fmt: skip
        raise WorkspaceError(msg)
    return rules


def _compress(body: str) -> bytes:
    return zlib.compress(body.encode("utf-8"), 6)


def _add_revision(
    connection: Connection,
    *,
    draft_id: str,
    number: int,
    author: str,
    when: dt.datetime,
    summary: str,
    rationale: str,
    body: str,
) -> None:
    connection.execute(
        insert(REVISIONS).values(
            draft_id=draft_id, number=number, author=author, created_at=when,
            summary=summary, rationale=rationale, snapshot=_compress(body),
        )
    )  # fmt: skip


def _head_row(connection: Connection, draft_id: str) -> _HeadRow:
    query = select(
        DRAFTS.c.head, DRAFTS.c.owner, DRAFTS.c.status, DRAFTS.c.base_document,
        DRAFTS.c.updated_by, DRAFTS.c.content,
    ).where(DRAFTS.c.id == draft_id)  # fmt: skip
    row = connection.execute(query).one_or_none()
    if row is None:
        raise WorkspaceError(worded("error.workspace.no_draft", id=repr(draft_id)))
    return row


def _check_may_edit(current: _HeadRow, author: str, status: str | None) -> None:
    """Private drafts are their owner's; archived ones change only by a status change."""
    if current.status == "draft" and current.owner != author:
        msg = worded("error.workspace.private", owner=current.owner)
        raise WorkspaceError(msg)
    if current.status == "archived" and status is None:
        msg = worded("error.workspace.archived")
        raise WorkspaceError(msg)


def _conflict(
    connection: Connection,
    current: _HeadRow,
    *,
    base: int,
    mine: DocumentRules,
    rationale: str,
    summary: str,
) -> WorkspaceError:
    draft_id = mine.document.id
    query = select(REVISIONS.c.rationale).where(
        REVISIONS.c.draft_id == draft_id, REVISIONS.c.number == current.head
    )
    their_rationale = connection.execute(query).scalar_one_or_none() or ""
    conflict = Conflict(
        draft_id=draft_id, base=base, head=current.head, their_author=current.updated_by,
        their_rationale=their_rationale, theirs=wc.from_json(current.content, draft_id),
        mine=mine, my_rationale=rationale, my_summary=summary,
    )  # fmt: skip
    msg = worded("error.workspace.conflict", id=draft_id, author=current.updated_by,
                 head=current.head, base=base, summary=summary)  # fmt: skip
    return WorkspaceError(msg, conflict=conflict)


def _snapshot(connection: Connection, draft_id: str, number: int) -> DocumentRules:
    query = select(REVISIONS.c.snapshot).where(
        REVISIONS.c.draft_id == draft_id, REVISIONS.c.number == number
    )
    blob = connection.execute(query).scalar_one_or_none()
    if blob is None:
        msg = worded("error.workspace.no_revision", id=repr(draft_id), number=number)
        raise WorkspaceError(msg)
    return wc.from_json(zlib.decompress(blob), draft_id)
