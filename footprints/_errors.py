"""The one exception type of :mod:`footprints`."""

from __future__ import annotations


class FootprintsError(ValueError):
    """A comparison was asked of something the rules or boundaries cannot answer.

    The message names the function, the argument or entry at fault, and why.
    """
