"""The one exception type of :mod:`geodata`."""

from __future__ import annotations


class GeodataError(ValueError):
    """A boundary file, cache or place name could not be used; the message says which and why."""
