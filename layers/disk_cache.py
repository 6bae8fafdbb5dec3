"""Results computed once per boundary cache and kept on disk beside it, checked before use.

The map-data store (:mod:`layers.precomputed`) and the fact sheets' projected, simplified
layers (:func:`layers.svg.map_layers`) are costly to compute and depend only on the boundary
cache (and, for the store, the rules). Each is kept as one file: a JSON line of meta (what it
was computed from, and the SHA-256 of the rest), then a pickle. A reader checks both before
unpickling, so a rebuilt boundary cache or a damaged file is never served; one file means two
processes writing at once cannot pair one's meta with the other's data.

Pickle is safe here because these files are only read from the install's own cache folder,
after their checksum; they never come from a user.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path

from geodata.build import cache_dir
from layers.files import write_atomic

_META_LIMIT = 1 << 16
"""The meta line is a few hundred bytes; a longer first line is not a file of ours."""


def cache_folder() -> Path:
    """Return where these files live: inside the boundary cache (rebuilt with it)."""
    return cache_dir() / "map_parts"


def boundary_checksums() -> object:
    """Return the boundary cache's recorded checksums (a file is stale when they change)."""
    try:
        meta = json.loads((cache_dir() / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta.get("files") if isinstance(meta, dict) else None


def write_checked(path: Path, value: object, meta: dict[str, object]) -> Path:
    """Write ``value`` atomically, after a meta line that carries ``meta`` and its SHA-256."""
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    line = json.dumps({**meta, "sha256": hashlib.sha256(data).hexdigest()}).encode()
    return write_atomic(path, line + b"\n" + data)


def read_checked(path: Path, meta: dict[str, object]) -> object | None:
    """Return what :func:`write_checked` wrote with this ``meta``; None if missing or not so.

    None too when the file is damaged (its checksum differs) or was pickled by another
    version of this code.
    """
    try:
        with path.open("rb") as stream:
            found = json.loads(stream.readline(_META_LIMIT))
            data = stream.read()
    except (OSError, ValueError):
        return None
    if not isinstance(found, dict) or found.pop("sha256", None) != hashlib.sha256(data).hexdigest():
        return None
    if found != json.loads(json.dumps(meta)):
        return None
    try:
        value: object = pickle.loads(data)  # our own cache, checked against its checksum
    except (pickle.UnpicklingError, AttributeError, ImportError, EOFError, TypeError):
        return None
    return value
