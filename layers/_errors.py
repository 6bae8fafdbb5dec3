"""The one error type of :mod:`layers`."""

from __future__ import annotations


class LayersError(ValueError):
    """A map layer cannot be built: unknown industry or base map, missing asset, bad geometry.

    The message names what was asked for and what is known or expected instead.
    """
