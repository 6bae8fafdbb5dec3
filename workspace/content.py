"""A draft's content: a :class:`~layout_rules.schema.DocumentRules` marked as a draft.

A draft is stored as the same validated model as a shipped document, so maps, comparisons and
fact sheets show it without asking where it came from. What differs is where its sources point:
a fact a planner set cites the planner's rationale (理由) as its quote, in a section naming the
revision; a fact copied from an official document keeps that document's quote, and the draft
keeps the official text (``source_text``) so that an exported draft still proves every quote.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import Any

from pydantic import BaseModel, ValidationError

from layout_rules import LayoutRulesError, quotes
from layout_rules.library_errors import validation_problems
from layout_rules.schema import Document, DocumentRules, Source
from words import worded
from workspace._errors import WorkspaceError

MIN_RATIONALE = 4
"""A rationale stands where a quote stands, and a quote has at least four characters."""
MAX_RATIONALE = 2_000
RATIONALE_HEADING = "理由 · Rationales"
_DRAFT_ID = re.compile(r"^draft-[0-9a-f]{8}$")


def new_draft_id() -> str:
    """Return a fresh draft id (``draft-`` and 8 hex digits), a valid document id.

    >>> bool(_DRAFT_ID.match(new_draft_id()))
    True
    """
    return f"draft-{secrets.token_hex(4)}"


def check_rationale(rationale: str) -> str:
    """Return the rationale stripped, or raise WorkspaceError saying what it lacks.

    >>> check_rationale("  成渝双城经济圈需要  ")
    '成渝双城经济圈需要'
    """
    text = " ".join(str(rationale).split())
    if len(text) < MIN_RATIONALE:
        msg = worded("error.workspace.rationale_short", least=MIN_RATIONALE, text=repr(text))
        raise WorkspaceError(msg)
    if len(text) > MAX_RATIONALE:
        msg = worded("error.workspace.rationale_long", limit=MAX_RATIONALE, count=len(text))
        raise WorkspaceError(msg)
    return text


def rationale_source(draft_id: str, revision: int, rationale: str) -> Source:
    """Return the source of a fact a planner set: the rationale, cited as revision ``r<n>``.

    >>> rationale_source("draft-0a1b2c3d", 3, "按新规划调整").section
    '草案 r3 理由'
    """
    return Source(doc=draft_id, section=f"草案 r{revision} 理由", quote=check_rationale(rationale))


def empty_draft(draft_id: str, title: str, *, author: str, today: dt.date) -> DocumentRules:
    """Return a draft with no industries yet."""
    return DocumentRules(document=_draft_document(draft_id, title, author=author, today=today))


def copy_as_draft(
    original: DocumentRules, draft_id: str, title: str, *, author: str, today: dt.date
) -> DocumentRules:
    """Return a draft holding everything ``original`` says, under the draft's id.

    Every source keeps its section and quote (prefixed by the original's id), so the copied
    facts still cite the official text; only ``doc`` points at the draft, as the loader requires.
    """
    data = original.model_dump(mode="json")
    data["document"] = _draft_document(
        draft_id, title, author=author, today=today, period=original.document.period,
        note=f"Copied from {original.document.id} ({original.document.title}).",
    ).model_dump(mode="json")  # fmt: skip
    _retarget_sources(data, draft_id, original.document.id)
    return validate(data, draft_id)


def _draft_document(
    draft_id: str,
    title: str,
    *,
    author: str,
    today: dt.date,
    period: tuple[int, int] | None = None,
    note: str | None = None,
) -> Document:
    title = " ".join(str(title).split())
    if not title:
        msg = worded("error.workspace.title_needed")
        raise WorkspaceError(msg)
    return Document(
        id=draft_id, title=title, title_en=title, issuer=author or "-", date=today,
        period=period, file=f"{draft_id}.txt", note=note, draft=True,
    )  # fmt: skip


def _retarget_sources(data: Any, draft_id: str, original_id: str) -> None:
    """Point every ``source`` in the dumped data at the draft, in place."""
    if isinstance(data, dict):
        source = data.get("source")
        if isinstance(source, dict) and "quote" in source:
            source["doc"] = draft_id
            if not str(source["section"]).startswith(original_id):
                source["section"] = f"{original_id} {source['section']}"
        for value in data.values():
            _retarget_sources(value, draft_id, original_id)
    elif isinstance(data, list):
        for value in data:
            _retarget_sources(value, draft_id, original_id)


def retarget(original: DocumentRules, draft_id: str, title: str | None = None) -> DocumentRules:
    """Return an imported document as a draft: the draft's id, file and ``draft`` mark."""
    data = original.model_dump(mode="json")
    data["document"].update(
        id=draft_id, file=f"{draft_id}.txt", draft=True,
        title=title or data["document"]["title"],
    )  # fmt: skip
    _retarget_sources(data, draft_id, original.document.id)
    return validate(data, draft_id)


# --- storage form ---------------------------------------------------------------------------


def to_json(rules: DocumentRules) -> str:
    """Return the storage form of a draft's content (compact JSON)."""
    return rules.model_dump_json()


def from_json(text: str | bytes, draft_id: str = "draft") -> DocumentRules:
    """Return a draft's content from its storage form, validated."""
    try:
        return DocumentRules.model_validate_json(text)
    except ValidationError as error:
        problems = _problems(error, draft_id)
        raise WorkspaceError(str(problems)) from problems


def validate(data: Any, draft_id: str) -> DocumentRules:
    """Validate dumped content (or a model) as a document; WorkspaceError naming each problem."""
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    try:
        return DocumentRules.model_validate(data)
    except ValidationError as error:
        problems = _problems(error, draft_id)
        raise WorkspaceError(str(problems)) from problems


def _problems(error: ValidationError, draft_id: str) -> LayoutRulesError:
    """Return the problems of invalid content, worded as loading words them.

    The workspace error is raised from it, so a page words each problem in its language
    (``ui.errors``).
    """
    return LayoutRulesError(validation_problems(draft_id, error, DocumentRules))


# --- the text an exported draft cites -------------------------------------------------------


def export_text(rules: DocumentRules, source_text: str) -> str:
    """Return the source text of an exported draft.

    The official text it started from, then every rationale the draft cites that the official
    text does not hold.
    """
    normalised = quotes.normalise(source_text)
    rationales = [
        quote for quote in dict.fromkeys(source.quote for source in sources(rules))
        if quotes.missing_fragment(quote, normalised) is not None
    ]  # fmt: skip
    parts = (
        [source_text.rstrip(), "", RATIONALE_HEADING, *rationales]
        if source_text.strip()
        else [RATIONALE_HEADING, *rationales]
    )
    return "\n".join(parts) + "\n"


def sources(rules: DocumentRules) -> list[Source]:
    """Return every source of a document, in reading order."""
    found: list[Source] = []
    for industry in rules.industries:
        if industry.source is not None:
            found.append(industry.source)
        if industry.layout is not None:
            found.append(industry.layout.source)
        found += [focus.source for focus in industry.focus]
        found += [designation.source for designation in industry.designations]
    for kind in ("clusters", "parks", "corridors"):
        found += [record.source for record in getattr(rules, kind)]
    return found
