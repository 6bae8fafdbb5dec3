"""The one error type of :mod:`layout_rules`, the problem records it carries, and their text."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from words import in_language, t

_W = TypeVar("_W")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the rules: which file, which entry in it, and why.

    ``entry`` is a path into the YAML (``industries[2].layout.core[0]``), ``line 12`` for
    a YAML syntax error, or ``-`` when the problem concerns the whole file or folder.
    """

    file: str
    entry: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: {self.reason}"

    def in_language(self, lang: str) -> str:
        """Return the problem as a page in ``lang`` shows it (plain text: escape it to show it).

        The reason (and a file that is no file's name, like "upload") is worded in ``lang``
        when it carries its catalogue key (a :class:`words.Worded` message), else shown as
        written; entries are paths into the YAML, the same in every language, or a worded
        place in the file (``line 12``).
        """
        file, entry = in_language(self.file, lang), in_language(self.entry, lang)
        reason = in_language(self.reason, lang)
        return t("error.problem", lang, file=file, entry=entry, reason=reason)


class LayoutRulesError(ValueError):
    """The layout rules are invalid, or a query asked for something they do not hold.

    Validation gathers every problem before raising, so one run shows all of them;
    :attr:`problems` holds them and the message has one line per problem.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))

    def in_language(self, lang: str) -> str:
        """Return the message in ``lang``, one line per problem (:meth:`Problem.in_language`)."""
        return "\n".join(problem.in_language(lang) for problem in self.problems)


def one_line(text: str) -> str:
    """Collapse a message's whitespace and line breaks, so a problem reads as one line."""
    return " ".join(str(text).split())


def shorten(text: str, limit: int = 60) -> str:
    """Cut a text quoted in a message to ``limit`` characters, ending in ``…`` when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def repeats(items: Iterable[tuple[Hashable, _W]]) -> Iterator[tuple[Hashable, _W, _W]]:
    """Yield ``(key, where, where first)`` for every key already seen, in order.

    The one duplicate finder of the package: ids of industries, records and roles.

    >>> list(repeats([("a", 0), ("b", 1), ("a", 2)]))
    [('a', 2, 0)]
    """
    first: dict[Hashable, _W] = {}
    for key, where in items:
        if key in first:
            yield key, where, first[key]
        else:
            first[key] = where
