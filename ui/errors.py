"""An error as the page shows it: the one way a caught exception becomes words for the user.

The project's own errors (``LayoutRulesError``, ``GeodataError``, …) carry messages written for
the user (file, entry, reason). A message (or a rules problem's reason) that carries its
catalogue key (:func:`words.worded`) is worded in the page's language; other messages are
shown as they are. Text that comes from other packages is not: an operating system's ``strerror``
("Permission denied", "No space left on device") or a library's message would show English in
a Chinese page, and server details besides. For those :func:`error_text` shows the
catalogue's words (``error.*``) in the page's language —
for the known ``errno`` cases with the file's name — and writes the package's own text to the
server log only. An ``OSError`` is found where a project error wraps it (``raise … from``).
"""

from __future__ import annotations

import errno
import logging

from factsheets import FactSheetError
from footprints import FootprintsError
from geodata import GeodataError
from layers import LayersError
from layout_rules import LayoutRulesError
from words import Worded, WordsError, in_language, t
from workspace import WorkspaceError

_LOG = logging.getLogger("sichuan.app")
PROJECT_ERRORS: tuple[type[Exception], ...] = (
    LayoutRulesError, GeodataError, LayersError, FactSheetError, FootprintsError,
    WorkspaceError, WordsError,
)  # fmt: skip
"""The project's error types: their messages are the project's own words."""
OS_CASES = {
    errno.ENOENT: "not_found",
    errno.EACCES: "permission",
    errno.EPERM: "permission",
    errno.ENOSPC: "disk_full",
    errno.EDQUOT: "disk_full",
    errno.EROFS: "read_only",
}
"""The operating system's errors the catalogue words by name (``error.os.<case>``)."""


def error_text(error: BaseException, lang: str) -> str:
    """Return what the page says of ``error``, in ``lang`` (plain text: escape it to show it).

    An ``OSError`` (the error itself or the one a project error wraps) becomes the catalogue's
    words for its ``errno``, naming the file (a file's error only: a known ``errno`` or a file
    name); another package's error becomes the catalogue's
    "unexpected" words. Either way the original text goes to the server log. A project error
    is its own message, its problems worded in ``lang`` where they carry their keys.

    >>> error_text(PermissionError(13, "Permission denied", "/srv/cache"), "en")
    'The server may not read or write /srv/cache (no permission).'
    """
    found = _os_error(error)
    if found is not None and (found.errno in OS_CASES or found.filename):
        _LOG.warning("shown as the catalogue's words: %s", error, exc_info=error)
        case = OS_CASES.get(found.errno or 0, "other")
        name = found.filename or t("error.os.unnamed", lang)
        return t(f"error.os.{case}", lang, file=name)
    if isinstance(error, PROJECT_ERRORS):
        return _worded(error, lang)
    _LOG.warning("shown as the catalogue's words: %s", error, exc_info=error)
    return t("error.unexpected", lang)


def _worded(error: BaseException, lang: str) -> str:
    """Return a project error's message in ``lang`` where it carries its catalogue key.

    A rules error words each problem; an error whose message is one :class:`words.Worded` is
    worded again; an error that only passes on the message of the one it was raised from
    (``raise FactSheetError(str(error)) from error``) is worded as that one. Else its text.
    """
    current: BaseException | None = error
    while current is not None:
        if isinstance(current, LayoutRulesError):
            return current.in_language(lang)
        said = current.args[0] if len(current.args) == 1 else None
        if isinstance(said, Worded):
            return in_language(said, lang)
        cause = current.__cause__
        current = cause if cause is not None and str(cause) == str(error) else None
    return str(error)


def _os_error(error: BaseException) -> OSError | None:
    """Return the first ``OSError`` of ``error`` and the errors it was raised from.

    Only a file's error is worded here (a known ``errno`` or a file name): a refused network
    connection, say, is an ``OSError`` too, and its project error says it better.
    """
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, OSError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None
