"""The one error type of :mod:`workspace`, and the conflict record it may carry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from layout_rules.schema import DocumentRules


@dataclass(frozen=True)
class Conflict:
    """Why a save was refused: the draft moved on since the revision the save was based on.

    Both versions are kept, so nothing is lost: ``theirs`` is what the store holds now (saved
    by ``their_author`` at revision ``head``), ``mine`` is what the refused save wanted to
    store, with its rationale.
    """

    draft_id: str
    base: int
    head: int
    their_author: str
    their_rationale: str
    theirs: DocumentRules
    mine: DocumentRules
    my_rationale: str
    my_summary: str


class WorkspaceError(ValueError):
    """The workspace store cannot do what was asked.

    Unreachable, unknown draft, bad input, or a save against a stale revision (then
    :attr:`conflict` holds both versions).
    """

    def __init__(self, message: str, *, conflict: Conflict | None = None) -> None:
        super().__init__(message)
        self.conflict = conflict
