"""Edits of a draft's content, as pure functions: content in, new validated content out.

Each edit takes the :class:`~layout_rules.schema.Source` that justifies it (the planner's
rationale, see :func:`workspace.content.rationale_source`) and returns new content; the store
saves it as one revision. Places are matched by adcode, whatever name the content uses for them
(凉山 or 凉山州), and new places are written with the gazetteer's short name.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any, Literal

from pydantic import BaseModel

from geodata import place_name
from layout_rules import place_info, resolve_place
from layout_rules.schema import DocumentRules, Source
from words import Localised, worded
from workspace._errors import WorkspaceError
from workspace.content import validate

TierChoice = Literal["core", "expansion"] | None
"""What a planner sets a city to: core, expansion, or not named (None)."""
RecordKind = Literal["industries", "clusters", "parks", "corridors"]
KINDS: tuple[RecordKind, ...] = ("industries", "clusters", "parks", "corridors")
_CHOICES: dict[str | None, TierChoice] = {
    "core": "core",
    "expansion": "expansion",
    "": None,
    None: None,
}


def tier_choice(value: str | None) -> TierChoice:
    """Return the tier a form or table cell asks for (``""`` or None: not named).

    >>> tier_choice("core"), tier_choice("")
    ('core', None)

    Raises
    ------
    WorkspaceError
        If the value is not a tier a planner can set.
    """
    if value not in _CHOICES:
        msg = worded("error.workspace.unknown_tier", value=repr(value))
        raise WorkspaceError(msg)
    return _CHOICES[value]


def tier_of(rules: DocumentRules, industry_id: str, adcode: str) -> TierChoice:
    """Return the tier the layout names a prefecture in, or None."""
    layout = _industry(rules, industry_id).get("layout")
    for tier in ("core", "expansion"):
        if layout and any(resolve_place(name) == adcode for name in layout[tier]):
            return tier
    return None


def set_tiers(
    rules: DocumentRules, industry_id: str, tiers: Mapping[str, TierChoice], source: Source
) -> DocumentRules:
    """Return ``rules`` with each prefecture (adcode) of ``tiers`` moved to its new tier.

    The layout's source becomes ``source``: the sentence is now the planner's. A layout left
    with no city is removed, and the industry then cites ``source`` itself.

    Raises
    ------
    WorkspaceError
        If the industry is unknown or a place is not a prefecture.
    """
    data = rules.model_dump(mode="json")
    industry = _industry_of(data, industry_id, rules.document.id)
    layout = industry.get("layout") or {"core": [], "expansion": [], "open_list": False,
                                        "radiates_rest": False}  # fmt: skip
    for adcode, tier in tiers.items():
        _check_prefecture(adcode)
        for name in ("core", "expansion"):
            layout[name] = [n for n in layout[name] if resolve_place(n) != adcode]
        if tier is not None:
            layout[tier].append(place_info(adcode).short_name)
    if layout["core"] or layout["expansion"]:
        industry["layout"] = {**layout, "source": source.model_dump()}
    else:
        industry["layout"] = None
        if not industry.get("designations"):
            industry["source"] = source.model_dump()
    return validate(data, rules.document.id)


def put_record(
    rules: DocumentRules, kind: RecordKind, record: BaseModel | Mapping[str, Any]
) -> DocumentRules:
    """Return ``rules`` with ``record`` added to ``kind``, or replacing the record of its id."""
    data = rules.model_dump(mode="json")
    new = record.model_dump(mode="json") if isinstance(record, BaseModel) else dict(record)
    records = data[_kind(kind)]
    ids = [r["id"] for r in records]
    if kind == "industries" and new["id"] in ids:
        # Keep what the editor does not touch (layout, focus, designations).
        old = records[ids.index(new["id"])]
        new = {**old, **{k: v for k, v in new.items() if k not in _INDUSTRY_KEPT or v}}
    if new["id"] in ids:
        records[ids.index(new["id"])] = new
    else:
        records.append(new)
    return validate(data, rules.document.id)


_INDUSTRY_KEPT = ("layout", "focus", "designations", "source")


def remove_record(rules: DocumentRules, kind: RecordKind, record_id: str) -> DocumentRules:
    """Return ``rules`` without the record ``record_id`` of ``kind``.

    Raises
    ------
    WorkspaceError
        If there is no such record, or other records still refer to it.
    """
    data = rules.model_dump(mode="json")
    records = data[_kind(kind)]
    if record_id not in [r["id"] for r in records]:
        msg = worded("error.workspace.no_record", document=rules.document.id,
                     kind=worded(f"error.workspace.record.{kind}"), id=repr(record_id))  # fmt: skip
        raise WorkspaceError(msg)
    users = _references(data, kind, record_id)
    if users:
        msg = worded("error.workspace.record_in_use", document=rules.document.id,
                     kind=worded(f"error.workspace.record.{kind}"), id=repr(record_id),
                     users=", ".join(users))  # fmt: skip
        raise WorkspaceError(msg)
    data[kind] = [r for r in records if r["id"] != record_id]
    return validate(data, rules.document.id)


def _references(data: dict[str, Any], kind: RecordKind, record_id: str) -> list[str]:
    if kind == "parks":
        return [
            f"industries.{i['id']}.focus" for i in data["industries"]
            if any(record_id in f["parks"] for f in i["focus"])
        ]  # fmt: skip
    if kind == "industries":
        return [
            f"{other}.{r['id']}" for other in ("clusters", "parks", "corridors")
            for r in data[other] if record_id in r["industries"]
        ]  # fmt: skip
    return []


def _kind(kind: str) -> str:
    if kind not in KINDS:
        msg = worded("error.workspace.unknown_kind", kind=repr(kind), kinds=", ".join(KINDS))
        raise WorkspaceError(msg)
    return kind


def _industry(rules: DocumentRules, industry_id: str) -> dict[str, Any]:
    return _industry_of(rules.model_dump(mode="json"), industry_id, rules.document.id)


def _industry_of(data: dict[str, Any], industry_id: str, document_id: str) -> dict[str, Any]:
    industries: list[dict[str, Any]] = data["industries"]
    for industry in industries:
        if industry["id"] == industry_id:
            return industry
    known = ", ".join(i["id"] for i in data["industries"]) or "—"
    msg = worded("error.workspace.unknown_industry", document=document_id,
                 industry=repr(industry_id), known=known)  # fmt: skip
    raise WorkspaceError(msg)


def _place_in(adcode: str, lang: str) -> str:
    """Return a place's name as ``lang`` shows it (romanised names marked)."""
    return place_name(adcode, lang=lang, marked=True)


def _check_prefecture(adcode: str) -> None:
    if place_info(adcode).level != "prefecture":
        msg = worded("error.workspace.not_prefecture", adcode=adcode,
                     name=Localised(partial(_place_in, adcode)))  # fmt: skip
        raise WorkspaceError(msg)
