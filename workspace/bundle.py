"""A draft as a rules folder (``data/<id>.yaml`` + ``sources/<id>.txt``) and back, and as zip.

The folder is the same format as the shipped rules, so ``python -m layout_rules check
FOLDER/data`` validates an exported draft with every check the shipped data gets: places,
tiers, references, and every quote against its text (the official text the draft started from,
followed by the rationales the draft cites). Imports are checked the same way before anything
is stored, and zips are size-limited and unpacked without trusting their paths.
"""

from __future__ import annotations

import io
import logging
import tempfile
import zipfile
from functools import partial
from pathlib import Path, PurePosixPath

import yaml

from layout_rules import DATA_DIR, LayoutRulesError, Rules, load_rules
from layout_rules.schema import DocumentRules
from words import Localised, worded
from workspace import content as wc
from workspace._errors import WorkspaceError
from workspace.store import Draft, Store

_LOG = logging.getLogger(__name__)
MAX_ZIP_BYTES = 5_000_000
"""Largest zip accepted (checked before it is opened)."""
MAX_UNPACKED_BYTES = 20_000_000
MAX_MEMBERS = 200
SHIPPED_SOURCES = DATA_DIR.parent / "sources"


def document_yaml(rules: DocumentRules) -> str:
    """Return a document as YAML in the shipped files' shape."""
    data = rules.model_dump(mode="json", exclude_none=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def copy_document(
    store: Store, rules: Rules, document_id: str, title: str, *, author: str
) -> Draft:
    """Create a draft copied from a document of ``rules`` (official, imported or a draft).

    The draft keeps the text its quotes come from, so that it exports as a valid folder.
    """
    original = rules.document(document_id)
    if original.document.draft:
        text = wc.export_text(original, store.source_text(document_id))
    else:
        path = SHIPPED_SOURCES / original.document.file
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
    return store.create(title, author=author, copy_of=original, source_text=text)


def export_folder(store: Store, draft_id: str, folder: Path | str) -> Path:
    """Write a draft as a rules folder and return its ``data`` folder (what ``check`` takes)."""
    draft = store.open(draft_id)
    root = Path(folder)
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "sources").mkdir(parents=True, exist_ok=True)
    (root / "data" / f"{draft_id}.yaml").write_text(document_yaml(draft.rules), encoding="utf-8")
    text = wc.export_text(draft.rules, store.source_text(draft_id))
    (root / "sources" / draft.rules.document.file).write_text(text, encoding="utf-8")
    return root / "data"


def export_zip(store: Store, draft_id: str) -> bytes:
    """Return a draft's rules folder as zip bytes (``<id>/data/…``, ``<id>/sources/…``)."""
    with tempfile.TemporaryDirectory() as tmp:
        export_folder(store, draft_id, Path(tmp) / draft_id)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for file in sorted((Path(tmp) / draft_id).rglob("*.*")):
                archive.write(file, file.relative_to(tmp).as_posix())
    return buffer.getvalue()


def import_folder(store: Store, folder: Path | str, *, author: str, rationale: str) -> list[Draft]:
    """Validate a rules folder and store each of its documents as a new draft.

    The folder holds ``data/`` + ``sources/``, or YAML files; nothing is stored unless every
    file is valid.

    Raises
    ------
    WorkspaceError
        With every problem of every file (``file: entry: reason``).
    """
    data = Path(folder)
    if (data / "data").is_dir():
        data = data / "data"
    sources = data.parent / "sources"
    if not sources.is_dir():
        sources = SHIPPED_SOURCES
    try:
        rules = load_rules(data, sources=sources)
    except LayoutRulesError as error:
        problems = Localised(partial(_problems_in, error))
        raise WorkspaceError(worded("error.workspace.bundle_invalid", name=data.name,
                                    problems=problems)) from error  # fmt: skip
    texts = {
        doc_id: (sources / doc.document.file).read_text(encoding="utf-8")
        for doc_id, doc in rules.documents.items()
    }
    return [
        store.adopt(doc, author=author, source_text=texts[doc_id], rationale=rationale)
        for doc_id, doc in rules.documents.items()
    ]


def import_zip(
    store: Store, name: str, payload: bytes, *, author: str, rationale: str
) -> list[Draft]:
    """Store the documents of an uploaded zip (a rules folder) as drafts; see import_folder.

    Raises
    ------
    WorkspaceError
        If the zip is too large, unreadable, holds unsafe paths, or its rules are not valid.
    """
    if len(payload) > MAX_ZIP_BYTES:
        msg = worded("error.workspace.zip_too_big", name=name, size=len(payload),
                     limit=MAX_ZIP_BYTES)  # fmt: skip
        raise WorkspaceError(msg)
    try:
        archive = zipfile.ZipFile(io.BytesIO(payload))
        members = _safe_members(name, archive)
        with tempfile.TemporaryDirectory() as tmp:
            for member in members:
                target = Path(tmp, *PurePosixPath(member.filename).parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(member))
            return import_folder(store, _rules_folder(name, Path(tmp)), author=author,
                                 rationale=rationale)  # fmt: skip
    except (zipfile.BadZipFile, OSError) as error:
        _LOG.info("%s: not a readable zip file: %s", name, error)  # the library's words
        raise WorkspaceError(worded("error.workspace.zip_unreadable", name=name)) from error


def _safe_members(name: str, archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) > MAX_MEMBERS:
        msg = worded("error.workspace.zip_files", name=name, count=len(members), limit=MAX_MEMBERS)
        raise WorkspaceError(msg)
    if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        msg = worded("error.workspace.zip_unpacked", name=name, limit=MAX_UNPACKED_BYTES)
        raise WorkspaceError(msg)
    wanted = []
    for member in members:
        path = PurePosixPath(member.filename)
        if path.is_absolute() or ".." in path.parts or "\\" in member.filename:
            msg = worded("error.workspace.zip_unsafe", name=name, path=repr(member.filename))
            raise WorkspaceError(msg)
        if path.suffix in {".yaml", ".yml", ".txt"}:
            wanted.append(member)
    return wanted


def _rules_folder(name: str, root: Path) -> Path:
    folders = sorted({file.parent for file in root.rglob("*.yaml")})
    if len(folders) != 1:
        found = ", ".join(str(f.relative_to(root)) for f in folders)
        msg = (
            worded("error.workspace.zip_folders", name=name, found=found)
            if folders
            else worded("error.workspace.zip_no_rules", name=name)
        )
        raise WorkspaceError(msg)
    return folders[0]


def _problems_in(error: LayoutRulesError, lang: str) -> str:
    """Return a rules error's problems as ``lang`` words them (the page's language)."""
    return error.in_language(lang)
