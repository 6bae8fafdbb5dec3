"""Greedy label placement: labels by priority, each at its first free position, else skipped.

Pure geometry on axis-aligned boxes, independent of any drawing library, so the print export
(and any other renderer) can use it and tests can check it with plain numbers. A label that
finds no position free of the labels placed before it, of the obstacles (symbols, the scale
bar) and inside the frame is left out: a missing label reads better than two on top of
each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

PRIORITIES = ("selected", "prefecture", "cluster", "corridor", "park", "county")
"""Kinds of label, most important first: the selected city wins over everything."""


def priority(kind: str) -> int:
    """Return the rank of a kind of label (0 first), for the browser's placement too.

    >>> priority("selected"), priority("county")
    (0, 5)
    """
    return PRIORITIES.index(kind)


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle (any units; y may grow up or down)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def shifted(self, dx: float, dy: float) -> Box:
        """Return the box moved by ``(dx, dy)``."""
        return Box(self.x0 + dx, self.y0 + dy, self.x1 + dx, self.y1 + dy)

    def overlaps(self, other: Box) -> bool:
        """Return True when the boxes share more than an edge.

        >>> Box(0, 0, 2, 2).overlaps(Box(1, 1, 3, 3)), Box(0, 0, 1, 1).overlaps(Box(1, 0, 2, 1))
        (True, False)
        """
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    def inside(self, frame: Box) -> bool:
        """Return True when the box lies within ``frame``."""
        return (
            self.x0 >= frame.x0 and self.x1 <= frame.x1 and self.y0 >= frame.y0
            and self.y1 <= frame.y1
        )  # fmt: skip


@dataclass(frozen=True)
class Candidate:
    """A label to place: its kind (see :data:`PRIORITIES`) and its positions in preference order."""

    kind: str
    positions: tuple[Box, ...]


def place_labels(
    candidates: Sequence[Candidate],
    *,
    frame: Box,
    obstacles: Sequence[Box] = (),
) -> list[int | None]:
    """Return, per candidate, the index of the position it takes, or None when it is skipped.

    Candidates are placed by the priority of their kind, then in the given order (so callers
    order the labels of one kind by importance); each takes the first of its positions that
    lies inside ``frame`` and overlaps neither an obstacle nor a label placed before it.

    Examples
    --------
    >>> a = Candidate("park", (Box(0, 0, 4, 2),))
    >>> b = Candidate("prefecture", (Box(1, 1, 5, 3), Box(1, 3, 5, 5)))
    >>> place_labels([a, b], frame=Box(0, 0, 10, 10))
    [None, 0]
    """
    unknown = sorted({c.kind for c in candidates} - set(PRIORITIES))
    if unknown:
        msg = f"unknown label kind {', '.join(unknown)}; known: {', '.join(PRIORITIES)}"
        raise ValueError(msg)
    order = sorted(range(len(candidates)), key=lambda k: PRIORITIES.index(candidates[k].kind))
    taken: list[Box] = list(obstacles)
    chosen: list[int | None] = [None] * len(candidates)
    for k in order:
        free = _first_free(candidates[k].positions, taken, frame)
        chosen[k] = free
        if free is not None:
            taken.append(candidates[k].positions[free])
    return chosen


def _first_free(positions: Sequence[Box], taken: Sequence[Box], frame: Box) -> int | None:
    for index, box in enumerate(positions):
        if box.inside(frame) and not any(box.overlaps(other) for other in taken):
            return index
    return None
