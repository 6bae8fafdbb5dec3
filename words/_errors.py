"""The one error type of :mod:`words`."""

from __future__ import annotations


class WordsError(KeyError):
    """A catalogue file is malformed or incomplete, or a key or language is unknown.

    A ``KeyError`` because a lookup of an unknown key is what most often raises it; the
    message names the catalogue file, the key and the reason.
    """

    def __str__(self) -> str:
        # KeyError would quote the message as a repr; show it as written.
        return str(self.args[0]) if self.args else ""
