"""File uploads in the chosen language: the one way the app asks for a file.

Streamlit's uploader writes its own words in English (the button "Upload", the size limit
"5MB per file • TXT, PDF", "Drag and drop a file here" while a file is dragged) and has no
way to translate them. :func:`file_uploader` draws the uploader and, beside it, a stylesheet
scoped to that one widget (Streamlit gives a keyed widget the class ``st-key-<key>``) that
hides those words and shows the catalogue's words instead (``upload.*``), with the limit that
really applies: the smaller of the caller's own limit (checked again by the caller) and the
server's ``server.maxUploadSize``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from words import t

_ALIASES = frozenset({"yml", "htm"})
"""Second spellings of a file type: accepted, not listed again to the user."""
_TEXT_SIZE = "0.875rem"
"""The size of the instructions' text (Streamlit's small font), for the words put in."""
_SMALL = 100_000
"""Below this many bytes a limit is shown with two decimals (0.02 MB), else one."""


def upload_limit(own: int) -> int:
    """Return the bytes an upload may have: the caller's limit or the server's, the smaller.

    Above ``server.maxUploadSize`` (MB of 2**20 bytes) the server refuses the file before
    the app sees it; below it the app's own check (``own``) applies.
    """
    server = int(st.get_option("server.maxUploadSize")) * 2**20
    return min(own, server)


def megabytes(size: int) -> str:
    """Return a byte count as megabytes (10**6 bytes) for the user, one decimal at most.

    >>> megabytes(5_000_000), megabytes(5 * 2**20), megabytes(20_000)
    ('5', '5.2', '0.02')
    """
    if size < _SMALL:
        return f"{size / 1e6:.2f}"
    return f"{size / 1e6:.1f}".removesuffix(".0")


def file_uploader(
    label: str,
    *,
    types: Sequence[str],
    key: str,
    limit: int,
    lang: str,
    where: Any = st,
    multiple: bool = False,
    help: str | None = None,
) -> UploadedFile | list[UploadedFile] | None:
    """Draw a file uploader whose words are in ``lang``, and return what Streamlit returns.

    Parameters
    ----------
    label
        The uploader's label (already in ``lang``).
    types
        The accepted file extensions, without dots.
    key
        The widget's key; it scopes the stylesheet to this uploader.
    limit
        The caller's own size limit in bytes (the caller still checks it): per file, or for
        all files together when ``multiple``.
    lang
        The language of the words put in.
    where
        The container to draw in (``st``, ``st.sidebar``, an expander).
    multiple
        Whether several files may be given.
    help
        The tooltip of the label.
    """
    where.html(_stylesheet(key, types, upload_limit(limit), lang, together=multiple))
    uploaded: UploadedFile | list[UploadedFile] | None = where.file_uploader(
        label, type=list(types), key=key, accept_multiple_files=multiple, help=help
    )
    return uploaded


def _stylesheet(
    key: str, types: Sequence[str], limit: int, lang: str, *, together: bool = False
) -> str:
    """Return the ``<style>`` that replaces the English words of the uploader ``key``.

    ``together``: the limit holds for all files of the upload together (several files).
    """
    shown = [kind.upper() for kind in types if kind not in _ALIASES]
    listed = t("sep.list", lang).join(shown)
    limit_key = "upload.limit_total" if together else "upload.limit"
    words = {
        "button": t("upload.button", lang),
        "drop": t("upload.drop", lang),
        "limit": t(limit_key, lang, size=megabytes(limit), types=listed),
    }
    scope = f".st-key-{key} [data-testid=stFileUploaderDropzone]"
    button = "[data-testid=stBaseButton-secondary] [data-testid=stMarkdownContainer] p"
    targets = {
        "button": f"{scope} {button}",
        "drop": f"{scope} > div:not([data-testid]) > span",
        "limit": f"{scope} [data-testid=stFileUploaderDropzoneInstructions] span",
    }  # fmt: skip
    rules = [
        f"{target}{{visibility:hidden;font-size:0}}"
        f"{target}::after{{visibility:visible;font-size:{_TEXT_SIZE};"
        f"content:{css_string(words[part])}}}"
        for part, target in targets.items()
    ]
    return "<style>" + "".join(rules) + "</style>"


def css_string(text: str) -> str:
    r"""Return ``text`` as a quoted CSS string that cannot end the string or the style element.

    >>> print(css_string('5 MB "max" </style>'))
    "5 MB \22 max\22  \3c /style>"
    """
    escaped = "".join(f"\\{ord(char):x} " if char in '"\\<\n' else char for char in text)
    return f'"{escaped}"'
