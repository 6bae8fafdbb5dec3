"""Rules given by a user of a shared server: uploaded files or a zip, or an allowed folder.

Uploads are unpacked within :class:`~layout_rules.limits.Limits` (files, bytes per file and
per upload, checked before anything is read or parsed) into a private folder the caller
owns; names are reduced to a safe base name, so nothing can be written outside it. A typed
server path is used only inside one allowed root, which the operator names; ``..`` and
symlinks that lead out of it are refused.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from layout_rules._errors import LayoutRulesError, Problem
from layout_rules.library_errors import reading_detail
from layout_rules.limits import DEFAULT_LIMITS, WHOLE, Limits
from words import worded

RULE_SUFFIXES = (".yaml", ".yml")
TEXT_SUFFIX = ".txt"
_SAFE_NAME = re.compile(r"[^\W][\w.\- ]*", re.UNICODE)


@dataclass(frozen=True)
class UploadedRules:
    """Where unpacked uploads were written: ``data`` always, ``sources`` when texts came too."""

    data: Path
    sources: Path | None


def _refuse(file: str, reason: str) -> LayoutRulesError:
    return LayoutRulesError([Problem(file, WHOLE, reason)])


def unpack(files: list[tuple[str, bytes]], limits: Limits = DEFAULT_LIMITS) -> dict[str, bytes]:
    """Return ``{safe name: bytes}`` of uploaded rule files and texts, zips opened.

    A ``.yml`` file is renamed ``.yaml``; a zip contributes its ``*.yaml``/``*.yml`` and
    ``*.txt`` members (folders inside it are flattened; other members are ignored).

    Raises
    ------
    LayoutRulesError
        If the upload exceeds a limit (checked on the sizes before any content is read or
        parsed), a name is unsafe or repeated, or a zip is broken.
    """
    total = sum(len(content) for _, content in files)
    if total > limits.upload_bytes:
        reason = worded("error.upload.too_big", size=total, limit=limits.upload_bytes)
        raise _refuse(worded("error.upload.name"), reason)
    found: dict[str, bytes] = {}
    for name, content in files:
        members = _zip_members(name, content, limits) if _is_zip(name) else [(name, content)]
        for member, data in members:
            _add(found, member, data, limits)
    if len(found) > limits.files:
        reason = worded("error.upload.files", count=len(found), limit=limits.files)
        raise _refuse(worded("error.upload.name"), reason)
    return found


def _is_zip(name: str) -> bool:
    return name.lower().endswith(".zip")


def _zip_members(name: str, content: bytes, limits: Limits) -> list[tuple[str, bytes]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _refuse(name, worded("error.upload.bad_zip", detail=reading_detail(error))) from None
    wanted = [info for info in infos if _kind(info.filename) is not None]
    if len(wanted) > limits.files:
        reason = worded("error.upload.zip_files", count=len(wanted), limit=limits.files)
        raise _refuse(name, reason)
    unpacked = sum(info.file_size for info in wanted)
    if unpacked > limits.upload_bytes:
        reason = worded("error.upload.unpacks_to", size=unpacked, limit=limits.upload_bytes)
        raise _refuse(name, reason)
    members = []
    for info in wanted:
        try:
            with archive.open(info) as stream:
                data = stream.read(limits.upload_bytes + 1)
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError) as error:
            reason = worded("error.upload.cannot_unpack", detail=reading_detail(error))
            raise _refuse(f"{name}/{info.filename}", reason) from None
        if len(data) > info.file_size:
            reason = worded("error.upload.unpacks_more")
            raise _refuse(f"{name}/{info.filename}", reason)
        members.append((info.filename, data))
    return members


def _kind(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith(RULE_SUFFIXES):
        return "rules"
    return "text" if lower.endswith(TEXT_SUFFIX) else None


def _add(found: dict[str, bytes], name: str, data: bytes, limits: Limits) -> None:
    base = PurePosixPath(name.replace("\\", "/")).name
    if _kind(base) is None or not _SAFE_NAME.fullmatch(base):
        reason = worded("error.upload.not_a_rule_file")
        raise _refuse(name, reason)
    if base.lower().endswith(".yml"):
        base = base[:-4] + ".yaml"
    limit = limits.file_bytes if _kind(base) == "rules" else limits.text_bytes
    if len(data) > limit:
        setting = "file_bytes" if _kind(base) == "rules" else "text_bytes"
        reason = worded("error.upload.file_too_big", size=len(data), limit=limit, setting=setting)
        raise _refuse(base, reason)
    if base in found:
        raise _refuse(base, worded("error.upload.same_name"))
    found[base] = data


def write_upload(files: dict[str, bytes], folder: Path) -> UploadedRules:
    """Write unpacked uploads into ``folder`` (private to one session): ``data/``, ``sources/``.

    The folder is emptied first, so a new upload never mixes with an earlier one.
    """
    data, sources = folder / "data", folder / "sources"
    for sub in (data, sources):
        sub.mkdir(mode=0o700, parents=True, exist_ok=True)
        for old in sub.iterdir():
            old.unlink()
    for name, content in files.items():
        target = data if _kind(name) == "rules" else sources
        (target / name).write_bytes(content)
    has_texts = any(_kind(name) == "text" for name in files)
    return UploadedRules(data=data, sources=sources if has_texts else None)


def allowed_folder(path: str, root: Path) -> Path:
    """Return the folder ``path`` (absolute, or relative to ``root``) if it lies inside ``root``.

    The path is resolved first, so ``..`` and symlinks that lead out of ``root`` are refused.

    Raises
    ------
    LayoutRulesError
        If the folder does not exist, is not a folder, or is outside ``root``; the message
        names the path as typed, never what lies outside.
    """
    base = root.resolve()
    typed = Path(path).expanduser()
    candidate = typed if typed.is_absolute() else base / typed
    try:
        folder = candidate.resolve()
    except (OSError, RuntimeError):
        raise _refuse(path, worded("error.limit.symlink_loop")) from None
    if not folder.is_relative_to(base):
        raise _refuse(path, worded("error.upload.outside_root", root=str(base)))
    if not folder.exists():
        raise _refuse(path, worded("error.upload.no_folder", root=str(base)))
    if not folder.is_dir():
        raise _refuse(path, worded("error.limit.not_a_folder"))
    return folder
