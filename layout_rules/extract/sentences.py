"""Sentences and headings of a document, with character offsets into its text.

PDF text breaks lines mid-sentence and carries page markers (``- 14 -``); a sentence runs
across such breaks and ends at 。！？； or at a blank line or heading. A heading is a short
numbered line (``一、`` ``（一）`` ``1.`` ``(1)``) without final punctuation; its level comes
from its numbering, so a paragraph knows every heading above it (an industry named in
``三、新一代信息技术`` still applies under ``（九）优化产业空间布局``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBERINGS = (
    (1, re.compile(r"^第[一二三四五六七八九十百]+[章篇部分]")),
    (2, re.compile(r"^[一二三四五六七八九十]+[、.．]")),
    (3, re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),
    (4, re.compile(r"^\d{1,2}[.．、](?!\d)")),
    (5, re.compile(r"^[（(]\d{1,2}[）)]")),
    (6, re.compile(r"^(?:——|➢|•|●|◆|■|▶|▪)\s*")),
)
_BULLET = re.compile(r"^\s*(?:——|➢|•|●|◆|■|▶|▪)")
MAX_HEADING_CHARS = 30
BULLET_LEVEL = 6
MAX_SENTENCE_CHARS = 400
"""A sentence longer than this closes at its next comma (and at twice this, anyway)."""
_CELL = "|"
_END = re.compile(r"[。！？；!?;]")
_PAGE_MARKER = re.compile(r"^\s*[-－—]\s*\d+\s*[-－—]\s*$")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Heading:
    """A numbered heading: its nesting level (1 outermost), text and offsets."""

    level: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    """A sentence: offsets into the document text, its compact form and enclosing headings.

    ``compact`` is the sentence with white space and page markers removed (the form quotes
    are compared in); ``index[i]`` is the text offset of ``compact[i]``.
    """

    start: int
    end: int
    compact: str
    index: tuple[int, ...]
    headings: tuple[Heading, ...]
    paragraph: int = 0
    """Paragraph number: a blank line or a heading starts a new paragraph."""

    def span(self, begin: int, stop: int) -> tuple[int, int]:
        """Return the text offsets of ``compact[begin:stop]``."""
        return self.index[begin], self.index[stop - 1] + 1

    @property
    def section(self) -> str:
        """The enclosing headings, outermost first, as a section label."""
        return " ".join(h.text for h in self.headings) or "-"


def heading_level(line: str) -> int | None:
    """Return the level of a heading line, or None when the line is body text.

    >>> heading_level("（一）新一代信息技术"), heading_level("1.电子信息"), heading_level("成都。")
    (3, 4, None)
    """
    found = heading(line)
    return None if found is None or found[1] != len(line.strip()) else found[0]


def heading(line: str) -> tuple[int, int] | None:
    """Return ``(level, length)`` of the heading a line opens with, or None.

    A heading is numbered, short, has no comma or enumeration mark, and ends at the line's end
    or at its first sentence mark (a run-in heading: ``（九）优化产业空间布局。`` or
    ``1.电子信息。以成都为核心……``).

    >>> heading("（九）优化产业空间布局。以成都为主体形成核心发展区。")
    (3, 12)
    """
    line = line.strip()
    numbered = ((lvl, pattern.match(line)) for lvl, pattern in _NUMBERINGS)
    level, number = next(((lvl, m) for lvl, m in numbered if m), (0, None))
    if number is None:
        return None
    mark = _END.search(line)
    length = mark.end() if mark else len(line)
    head = line[number.end() : length]
    if length > MAX_HEADING_CHARS or any(c in head for c in "，,、：:"):
        return None
    return level, length


def split(text: str) -> list[Sentence]:
    """Return the document's sentences in order, each with the headings above it.

    A heading line opens with its own numbering and stops at its first sentence mark, so
    ``1.电子信息。以成都为核心……`` yields the heading ``1.电子信息`` and one sentence.
    """
    sentences: list[Sentence] = []
    stack: list[Heading] = []
    chars: list[tuple[str, int]] = []
    offset = paragraph = 0
    lines = text.splitlines(keepends=True)
    blank_breaks = not double_spaced(lines)
    for line in lines:
        start, offset = offset, offset + len(line)
        if _PAGE_MARKER.match(line):
            continue
        found = heading(line)
        skip = 0
        bullet = _BULLET.match(line) is not None
        if found is not None or bullet or (blank_breaks and not line.strip()):
            sentences += _close(chars, stack, paragraph)
            chars = []
            paragraph += 1
            # a bullet heading (——人工智能。) heads its own paragraph only
            stack = [h for h in stack if h.level < BULLET_LEVEL]
        if found is not None:
            level, length = found
            skip = len(line) - len(line.lstrip()) + length
            label = _SPACE.sub("", line[:skip]).rstrip("。！？；")
            stack = [h for h in stack if h.level < level]
            stack.append(Heading(level, label, start, start + skip))
        for i, char in enumerate(line):
            if i < skip:
                continue
            if char == _CELL:  # a table cell (| a | b |) is a sentence of its own
                sentences += _close(chars, stack, paragraph)
                chars = []
                continue
            if not char.isspace():
                chars.append((char, start + i))
            if _END.match(char) or _too_long(chars, char):
                sentences += _close(chars, stack, paragraph)
                chars = []
    return sentences + _close(chars, stack, paragraph)


def _too_long(chars: list[tuple[str, int]], char: str) -> bool:
    """Close a run-on "sentence" (a table or list without 。) at a comma, or at a hard cap.

    Keeps every pattern's work per sentence bounded, whatever the document.
    """
    return len(chars) >= MAX_SENTENCE_CHARS and (
        char in "，," or len(chars) >= 2 * MAX_SENTENCE_CHARS
    )


def double_spaced(lines: list[str]) -> bool:
    r"""Tell whether wrapped lines are each followed by a blank one (some PDF conversions do so).

    Then a blank line says nothing about paragraphs and must not end a sentence. (A page
    whose paragraphs are single lines separated by blank lines is not double-spaced: its
    lines end with a sentence mark.)

    >>> double_spaced(["第一行没有\n", "\n", "句号的折行\n", "\n", "三行。\n", "\n"])
    True
    """
    numbered = list(enumerate(lines))
    text = [(i, line.strip()) for i, line in numbered if line.strip()]
    if len(text) < 3:  # noqa: PLR2004
        return False
    followed = sum(1 for i, _ in text if i + 1 < len(lines) and not lines[i + 1].strip())
    wrapped = sum(1 for _, line in text if not _END.search(line[-1]))
    return followed >= 0.8 * len(text) and wrapped >= 0.5 * len(text)


def _close(chars: list[tuple[str, int]], stack: list[Heading], paragraph: int) -> list[Sentence]:
    if not chars:
        return []
    compact = "".join(c for c, _ in chars)
    index = tuple(i for _, i in chars)
    return [Sentence(index[0], index[-1] + 1, compact, index, tuple(stack), paragraph)]
