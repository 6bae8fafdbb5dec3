"""What a print export is called and served as: its formats, MIME types and file names.

Kept apart from :mod:`layers.printing`, which draws the print with matplotlib: the app
offers the print downloads on every map, but imports matplotlib (about a third of a
second of a cold start) only when a planner asks for a print.
"""

from __future__ import annotations

from layers.view import MapView

FORMATS = ("pdf", "png", "svg")
"""Formats of the print export."""
MIME_TYPES = {"pdf": "application/pdf", "png": "image/png", "svg": "image/svg+xml"}


def print_file_name(view: MapView, fmt: str) -> str:
    """Return the file name of a print: ids only, never typed text.

    >>> print_file_name(MapView(document="sei-2016-2020", industries=("biotech",)), "pdf")
    'sichuan-sei-2016-2020-biotech-zh.pdf'
    """
    parts = ["sichuan", view.document, "+".join(view.industries)]
    if view.city:
        parts.append(view.city)
    return "-".join([*parts, view.lang]) + f".{fmt}"
