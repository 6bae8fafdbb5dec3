"""Proving that a quote occurs in its source text.

PDF-derived texts break lines mid-sentence, carry page markers (``- 14 -``) and mix full-
and half-width punctuation. Both the text and the quote are normalised the same way, then
each ``……``-separated fragment of the quote must occur, in order.
"""

from __future__ import annotations

import re
import unicodedata

ELLIPSIS = "……"
_PAGE_MARKER = re.compile(r"^\s*-\s*\d+\s*-\s*$", re.MULTILINE)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Return ``text`` without page markers and white space, in NFKC form.

    NFKC folds full-width punctuation (，：（）) into its half-width form, so a quote matches
    whichever form the PDF extraction produced.
    """
    text = _PAGE_MARKER.sub("", text)
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def fragments(quote: str) -> list[str]:
    """Split a quote at its ``……`` elisions into normalised, non-empty fragments."""
    parts = (normalise(part) for part in quote.split(ELLIPSIS))
    return [part for part in parts if part]


def missing_fragment(quote: str, normalised_text: str) -> str | None:
    """Return the first fragment of ``quote`` not found (in order) in the text, else None.

    ``normalised_text`` must already have passed :func:`normalise`; callers normalise each
    document once and check many quotes against it.
    """
    parts = fragments(quote)
    if not parts:
        return quote
    position = 0
    for part in parts:
        found = normalised_text.find(part, position)
        if found < 0:
            return part
        position = found + len(part)
    return None
