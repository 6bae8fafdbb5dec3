"""Accepted statements → one document's rules (the YAML the loader reads), and a folder.

Tiers (core, expansion) go to an industry's ``layout`` at prefecture level; every other role
becomes a designation of that kind; clusters and corridors become clusters and corridors.
Unresolved places cannot be cited on a map and are left out (the review shows them).
The written folder holds ``data/<id>.yaml`` and ``sources/<id>.txt``; it is built in a
temporary folder and moved into place only once the loader has accepted it.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

from layout_rules.extract.candidates import Candidate
from layout_rules.extract.meta import DocumentInfo
from layout_rules.extract.places import gazetteer_names
from layout_rules.load import DATA_DIR, load_rules
from layout_rules.quotes import ELLIPSIS
from layout_rules.rules import Rules
from layout_rules.validate import CROSSWALK_FILE
from layout_rules.vocab import NAMED_TIERS
from words import languages, t, text_field

_DESIGNATIONS = {"lead": "lead", "named": "named", "base": "base", "pilot": "pilot",
                 "national_cluster": "national_cluster", "radiated": "named"}  # fmt: skip


def document_rules(doc_id: str, info: DocumentInfo, rows: Iterable[Candidate]) -> dict[str, Any]:
    """Return the YAML content (a plain dict[str, Any]) of one imported document.

    Raises nothing: rows without an industry or an adcode are left out.
    """
    rows = [r for r in rows if r.adcode and r.industry]
    industries = _industries(doc_id, rows)
    return {
        "document": {
            "id": doc_id,
            "title": info.title or doc_id,
            "title_en": english_title(info, doc_id),
            "issuer": info.issuer or "未注明",  # "not stated"; the note (both languages) says so
            "number": info.number,
            "date": (info.date or dt.date.today()).isoformat(),
            "file": f"{doc_id}.txt",
            **_document_note(info),
        },
        "industries": industries,
        "clusters": _groups(doc_id, rows, industries, "cluster"),
        "corridors": _corridors(doc_id, rows, industries),
    }


def english_title(info: DocumentInfo, doc_id: str) -> str:
    """Return the document's English title: the planner's, else the title romanised and marked.

    A romanisation is marked as such (the ``romanised.mark`` word: ``… (romanised)``), so a
    reader (and the language scan) can tell it from a translation.
    """
    if info.title_en and info.title_en.strip():
        return " ".join(info.title_en.split())
    # pypinyin's dictionaries take some 56 MB: loaded when a title is romanised, not with the app
    from geodata.romanise import romanised_text

    title = info.title or doc_id
    pinyin = romanised_text(title, words=gazetteer_names())
    return title if pinyin == title else t("romanised.mark", "en", name=pinyin)


def _document_note(info: DocumentInfo) -> dict[str, str]:
    """Say what was imported, and which identity fields the document did not state."""
    missing = [name for name, value in (("title", info.title), ("issuer", info.issuer),
                                        ("date", info.date)) if not value]  # fmt: skip
    return _notes(
        lambda lang: t("importer.note.imported", lang)
        + (t("importer.note.missing", lang, fields=t("sep.list", lang).join(
            t(f"importer.field.{name}", lang) for name in missing)) if missing else "")
    )  # fmt: skip


def _notes(text: Callable[[str], str], field: str = "note") -> dict[str, str]:
    """Return a note in every language the data holds: ``note`` and ``note_en``."""
    return {text_field(field, lang): text(lang) for lang in languages()}


def _industries(doc_id: str, rows: list[Candidate]) -> list[dict[str, Any]]:
    by_name: dict[str, list[Candidate]] = defaultdict(list)
    for row in rows:
        by_name[row.industry].append(row)
    return [_industry(doc_id, f"industry-{n}", name, group)
            for n, (name, group) in enumerate(by_name.items(), start=1)]  # fmt: skip


def _industry(doc_id: str, industry_id: str, name: str, rows: list[Candidate]) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": industry_id, "name": name, "name_en": f"{name} (untranslated)"}
    layout = _layout(doc_id, [r for r in rows if r.role in NAMED_TIERS])
    if layout:
        entry["layout"] = layout
    designations: list[dict[str, Any]] = []
    for (role, quote), group in _grouped(r for r in rows if r.role in _DESIGNATIONS).items():
        places = _unique(_place_name(r) for r in group)
        designations.append({"kind": _DESIGNATIONS[role], "places": places,
                             "open_list": any(r.open_list for r in group),
                             "source": _source(doc_id, group[0].section, [quote])})  # fmt: skip
    if designations:
        entry["designations"] = designations
    if not layout and not designations:
        entry["source"] = _source(doc_id, rows[0].section, [rows[0].quote])
    return entry


def _layout(doc_id: str, rows: list[Candidate]) -> dict[str, Any] | None:
    core = _unique(_prefecture_name(r) for r in rows if r.role == "core")
    expansion = [p for p in _unique(_prefecture_name(r) for r in rows if r.role == "expansion")
                 if p not in core]  # fmt: skip
    if not core and not expansion:
        return None
    quotes = _unique(r.quote for r in sorted(rows, key=lambda r: r.start))
    return {"core": core, "expansion": expansion, "open_list": any(r.open_list for r in rows),
            "source": _source(doc_id, rows[0].section, quotes)}  # fmt: skip


def _groups(
    doc_id: str, rows: list[Candidate], industries: list[dict[str, Any]], role: str
) -> list[dict[str, Any]]:
    ids = {i["name"]: i["id"] for i in industries}
    clusters: list[dict[str, Any]] = []
    for (label, quote), group in _grouped((r for r in rows if r.role in ("cluster",)),
                                          by_label=True).items():  # fmt: skip
        clusters.append({
            "id": f"cluster-{len(clusters) + 1}", "name": label or group[0].place,
            "name_en": f"{label or group[0].place} (untranslated)", "kind": role,
            "places": _unique(_place_name(r) for r in group),
            "industries": _unique(ids[r.industry] for r in group),
            "source": _source(doc_id, group[0].section, [quote]),
        })  # fmt: skip
    return clusters


def _corridors(
    doc_id: str, rows: list[Candidate], industries: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """One corridor per chain (A—B—C) and sentence, its waypoints in the text's order."""
    ids = {i["name"]: i["id"] for i in industries}
    corridors: list[dict[str, Any]] = []
    chains = _grouped((r for r in rows if r.role == "corridor"), by_label=True)
    for (label, quote), group in chains.items():
        corridors.append({
            "id": f"corridor-{len(corridors) + 1}", "name": label,
            "name_en": f"{label} (untranslated)", "kind": "economic",
            "waypoints": _unique(_place_name(r) for r in group),
            "industries": _unique(ids[r.industry] for r in group),
            **_notes(lambda lang: t("importer.note.schematic", lang)),
            "source": _source(doc_id, group[0].section, [quote]),
        })  # fmt: skip
    return corridors


def _grouped(
    rows: Iterable[Candidate], *, by_label: bool = False
) -> dict[tuple[str, str], list[Candidate]]:
    groups: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    for row in rows:
        groups[(row.label if by_label else row.role, row.quote)].append(row)
    return groups


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _place_name(row: Candidate) -> str:
    return readable_name(row.adcode) if row.adcode else row.place


def _prefecture_name(row: Candidate) -> str:
    from layout_rules import prefecture_of

    if row.adcode is None:  # not reached: document_rules keeps only rows with an adcode
        return row.place
    return readable_name(prefecture_of(row.adcode) or row.adcode)


def readable_name(adcode: str) -> str:
    """Return the shortest name that resolves back to ``adcode`` (成都, 仁寿, 乐山市中区).

    Rules files name places as people write them; the adcode is the fallback.
    """
    from layout_rules import place_info
    from layout_rules.extract.places import resolve

    info = place_info(adcode)
    county = info.level == "county" and isinstance(info.parent_adcode, str)
    parent = place_info(info.parent_adcode).short_name if county else ""
    for name in (info.short_name, info.name, parent + info.name):
        if name and resolve(name) == adcode:
            return name
    return adcode


def _source(doc_id: str, section: str, quotes: list[str]) -> dict[str, Any]:
    return {"doc": doc_id, "section": section or "-", "quote": ELLIPSIS.join(quotes)}


def document_id(text: str) -> str:
    """Return a valid document id from a file name or title (``imported`` when none is left).

    >>> document_id("Chengdu Plan 2025.pdf")
    'chengdu-plan-2025'
    """
    stem = re.sub(r"\.(txt|pdf|docx|html?)$", "", text.lower())
    words = re.findall(r"[a-z0-9]+", stem)
    return "-".join(words)[:60].strip("-") or "imported"


def write_folder(folder: Path, doc_id: str, content: dict[str, Any], text: str) -> Path:
    """Write ``data/<id>.yaml`` and ``sources/<id>.txt`` under ``folder``; return it.

    The files are written to a temporary folder beside ``folder``, checked by the loader,
    and only then moved into place, so a failure never leaves a half-written folder.

    Raises
    ------
    LayoutRulesError
        If the loader rejects the result (nothing is written then).
    """
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".import-", dir=folder.parent))
    try:
        (staging / "data").mkdir()
        (staging / "sources").mkdir()
        dumped = yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=1000)
        (staging / "data" / f"{doc_id}.yaml").write_text(dumped, encoding="utf-8")
        (staging / "sources" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        load_rules(staging / "data")
        for part in ("data", "sources"):
            (folder / part).mkdir(parents=True, exist_ok=True)
            for file in (staging / part).iterdir():
                shutil.move(file, folder / part / file.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def crosswalk_link(doc_id: str, industry_id: str, target: tuple[str, str, str]) -> dict[str, Any]:
    """Return a crosswalk link from an imported industry to a shipped one (editorial)."""
    document, industry, relation = target
    notes = _notes(lambda lang: t("importer.note.crosswalk", lang))
    source = {"doc": doc_id, "industry": industry_id}
    target_ref = {"doc": document, "industry": industry}
    return {"from": source, "to": target_ref, "relation": relation, **notes}


def _dump(content: dict[str, Any]) -> bytes:
    return yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=1000).encode()


def rules_zip(
    doc_id: str, content: dict[str, Any], text: str, *, links: Iterable[dict[str, Any]] = ()
) -> bytes:
    """Return a zip of a complete rules folder: the shipped rules plus the imported document.

    Self-contained (``data/`` with the crosswalk and its new links, ``sources/``), so
    ``python -m layout_rules check data`` accepts it once unpacked, and the app can use it.
    """
    import io
    import zipfile

    buffer = io.BytesIO()
    with (
        tempfile.TemporaryDirectory(prefix="import-") as folder,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        root = _combined_folder(Path(folder), doc_id, content, text, links)
        for file in sorted(root.rglob("*")):
            if file.is_file():
                archive.write(file, file.relative_to(root).as_posix())
    return buffer.getvalue()


def combined_rules(
    doc_id: str, content: dict[str, Any], text: str, *, links: Iterable[dict[str, Any]] = ()
) -> Rules:
    """Load the shipped rules plus one imported document (and crosswalk links) as one Rules.

    Built in a private temporary folder that is removed once loaded: nothing is written
    where another user could see it, and nothing stays behind.

    Raises
    ------
    LayoutRulesError
        If the imported document (or a link) does not validate with the shipped rules.
    """
    with tempfile.TemporaryDirectory(prefix="import-") as folder:
        root = _combined_folder(Path(folder), doc_id, content, text, links)
        return load_rules(root / "data")


def _combined_folder(
    root: Path, doc_id: str, content: dict[str, Any], text: str, links: Iterable[dict[str, Any]]
) -> Path:
    """Write shipped ``data/`` and ``sources/`` plus the imported document under ``root``."""
    data, sources = root / "data", root / "sources"
    shutil.copytree(DATA_DIR, data)
    shutil.copytree(DATA_DIR.parent / "sources", sources)
    (data / f"{doc_id}.yaml").write_bytes(_dump(content))
    (sources / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    links = list(links)
    if links:
        crosswalk = yaml.safe_load((data / CROSSWALK_FILE).read_text(encoding="utf-8"))
        crosswalk["links"] = [*crosswalk["links"], *links]
        (data / CROSSWALK_FILE).write_bytes(_dump(crosswalk))
    return root
