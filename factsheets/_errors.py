"""The one exception type of :mod:`factsheets`."""

from __future__ import annotations


class FactSheetError(ValueError):
    """A fact sheet could not be built, rendered or written; the message says which and why."""
