"""Writing a file whole: readers see the old file or the new one, never a partial one.

One way for every file the project writes: fact sheets, prints, served map files and the
caches beside the boundary cache. An unnamed temporary file in the same folder where the
system has them (Linux ``O_TMPFILE``), so even a killed process leaves no temporary file
behind; else a named temporary file; then ``os.replace``.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

FILE_MODE = 0o644
"""Mode of written files (``mkstemp`` would leave them readable by the owner only)."""


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and ``os.replace``.

    Readers see the old file or the new one, never a partial one; on any failure the
    temporary file is removed and ``path`` is left as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if _write_unnamed(path, data):
        return path
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    with _removed_on_failure(Path(temporary)):
        with os.fdopen(handle, "wb") as stream:
            _fill(stream, data)
        os.replace(temporary, path)
    return path


@contextlib.contextmanager
def _removed_on_failure(temporary: Path) -> Iterator[None]:
    """Remove ``temporary`` (if it was named) when the block fails, then re-raise."""
    try:
        yield
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _fill(stream: io.BufferedWriter, data: bytes) -> None:
    if hasattr(os, "fchmod"):  # POSIX; Windows has no modes to set
        os.fchmod(stream.fileno(), FILE_MODE)
    stream.write(data)
    stream.flush()
    os.fsync(stream.fileno())


def _write_unnamed(path: Path, data: bytes) -> bool:
    """Write through an unnamed file (Linux ``O_TMPFILE``), named only once complete.

    A batch killed while writing leaves nothing behind: the unnamed file vanishes with the
    process. Return False where the system or file system has no unnamed files.
    """
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag:
        return False
    try:
        handle = os.open(path.parent, flag | os.O_WRONLY, FILE_MODE)
    except OSError as error:
        if error.errno in {errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL}:
            return False
        raise
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.part")
    with _removed_on_failure(temporary):
        with os.fdopen(handle, "wb") as stream:
            _fill(stream, data)
            try:  # a new file is named at once, complete: no moment with a temporary name
                _link_open_file(stream.fileno(), path)
                return True
            except FileExistsError:
                # Replacing a file needs a name to rename from: a kill between this link and
                # the rename below (two system calls) can leave that temporary name behind.
                _link_open_file(stream.fileno(), temporary)
        os.replace(temporary, path)
    return True


def _link_open_file(descriptor: int, target: Path) -> None:
    """Give an unnamed file a name: ``linkat`` following ``/proc/self/fd``.

    A directory descriptor makes Python call ``linkat`` (with ``AT_SYMLINK_FOLLOW``) rather
    than ``link``, which would link the ``/proc`` symlink itself.
    """
    root = os.open("/", os.O_RDONLY)
    try:
        os.link(f"/proc/self/fd/{descriptor}", target, src_dir_fd=root, follow_symlinks=True)
    finally:
        os.close(root)
