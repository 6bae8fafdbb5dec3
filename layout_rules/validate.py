"""The second pass of loading: what the schema cannot see.

That every place resolves through :mod:`geodata.places` (the one resolver, which every query
uses too), that tiers name each prefecture once, that ids are unique and references point to
something, and that every quote occurs in its document's text. Each check returns the
problems it found; :func:`layout_rules.load.load_rules` gathers them all.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from pathlib import Path

from geodata.places import PlaceError, place, resolve
from layout_rules import limits as bounds
from layout_rules import quotes
from layout_rules._errors import Problem, one_line, repeats, shorten
from layout_rules.limits import DEFAULT_LIMITS, Limits
from layout_rules.schema import RECORD_KINDS, Crosswalk, DocumentRules, Industry, Layout, Source
from layout_rules.vocab import NAMED_TIERS
from words import Worded, worded

CROSSWALK_FILE = "crosswalk.yaml"
"""The file of a rules folder that holds the crosswalk; every other file is one document."""


def try_resolve(name: str) -> tuple[str | None, str]:
    """Return ``(adcode, "")``, or ``(None, reason)`` when the name does not resolve."""
    try:
        return resolve(name), ""
    except PlaceError as error:
        said = error.args[0] if error.args else ""
        detail = said if isinstance(said, Worded) else one_line(str(error))
        return None, worded("error.rules.unknown_place", name=name, detail=detail)


def check_document(
    file: str, model: DocumentRules, texts: Path, limits: Limits = DEFAULT_LIMITS
) -> list[Problem]:
    """Return every problem of one parsed document: ids, references, quotes and places."""
    return [
        *_check_industry_ids(file, model),
        *_check_references(file, model),
        *_check_sources(file, model, texts, limits),
        *_check_places(file, model),
    ]


def _check_industry_ids(file: str, model: DocumentRules) -> list[Problem]:
    ids = ((industry.id, i) for i, industry in enumerate(model.industries))
    return [
        Problem(file, f"industries[{i}].id", worded("error.rules.duplicate.industry", id=key, j=j))
        for key, i, j in repeats(ids)
    ]


def _check_references(file: str, model: DocumentRules) -> list[Problem]:
    """Focus parks must be parks of the document; record industries its industries."""
    parks = {park.id for park in model.parks}
    industries = {industry.id for industry in model.industries}
    problems = []
    for i, industry in enumerate(model.industries):
        for j, focus in enumerate(industry.focus):
            for k, park in enumerate(focus.parks):
                if park not in parks:
                    reason = worded("error.rules.unknown_park", id=park, doc=model.document.id)
                    problems.append(Problem(file, f"industries[{i}].focus[{j}].parks[{k}]", reason))
    for kind in RECORD_KINDS:
        for i, record in enumerate(getattr(model, kind)):
            for k, industry_id in enumerate(record.industries):
                if industry_id not in industries:
                    reason = worded(
                        "error.rules.unknown_industry", id=industry_id, doc=model.document.id
                    )
                    problems.append(Problem(file, f"{kind}[{i}].industries[{k}]", reason))
    return problems


def sources(model: DocumentRules) -> Iterator[tuple[str, Source]]:
    """Yield (entry, source) for every sourced record of a document."""
    for i, industry in enumerate(model.industries):
        at = f"industries[{i}]"
        if industry.source is not None:
            yield f"{at}.source", industry.source
        if industry.layout is not None:
            yield f"{at}.layout.source", industry.layout.source
        for j, focus in enumerate(industry.focus):
            yield f"{at}.focus[{j}].source", focus.source
        for j, designation in enumerate(industry.designations):
            yield f"{at}.designations[{j}].source", designation.source
    for kind in RECORD_KINDS:
        for i, record in enumerate(getattr(model, kind)):
            yield f"{kind}[{i}].source", record.source


def _check_sources(
    file: str, model: DocumentRules, texts: Path, limits: Limits = DEFAULT_LIMITS
) -> list[Problem]:
    """Every source names this document, and its quote occurs in this document's text."""
    document = model.document
    problems = [
        Problem(
            file,
            f"{entry}.doc",
            worded("error.rules.other_document", doc=source.doc, document=document.id),
        )
        for entry, source in sources(model)
        if source.doc != document.id
    ]
    raw_text, reason = bounds.read_text(texts, document.file, limits)
    if raw_text is None:
        return [*problems, Problem(file, "document.file", reason)]
    text = _normalised_text(raw_text)
    for entry, source in sources(model):
        fragment = quotes.missing_fragment(source.quote, text)
        if fragment is not None:
            reason = worded(
                "error.rules.quote_not_found", file=document.file, fragment=shorten(fragment, 40)
            )
            problems.append(Problem(file, f"{entry}.quote", reason))
    return problems


@functools.lru_cache(maxsize=16)
def _normalised_text(text: str) -> str:
    """Each source text is normalised once (per content), then matched many times."""
    return quotes.normalise(text)


def _places(model: DocumentRules) -> Iterator[tuple[str, str, bool]]:
    """Yield (entry, place name, must be a prefecture) for every place a document names."""
    for i, industry in enumerate(model.industries):
        yield from _industry_places(f"industries[{i}]", industry)
    for kind in RECORD_KINDS:
        for i, record in enumerate(getattr(model, kind)):
            for at, name in record.place_refs():
                yield f"{kind}[{i}].{at}", name, False


def _industry_places(at: str, industry: Industry) -> Iterator[tuple[str, str, bool]]:
    if industry.layout is not None:
        for tier in NAMED_TIERS:
            for k, name in enumerate(getattr(industry.layout, tier)):
                yield f"{at}.layout.{tier}[{k}]", name, True
    for j, focus in enumerate(industry.focus):
        yield f"{at}.focus[{j}].place", focus.place, False
    for j, designation in enumerate(industry.designations):
        for k, name in enumerate(designation.places):
            yield f"{at}.designations[{j}].places[{k}]", name, False


def _check_places(file: str, model: DocumentRules) -> list[Problem]:
    """Every place resolves; tiers name prefectures, each once, in one tier only."""
    problems = []
    for entry, name, needs_prefecture in _places(model):
        adcode, reason = try_resolve(name)
        if adcode is None:
            problems.append(Problem(file, entry, reason))
            continue
        level = place(adcode).level
        if needs_prefecture and level != "prefecture":
            level_word = worded(f"error.level.{level}")
            reason = worded(
                "error.rules.not_a_prefecture", name=name, adcode=adcode, level=level_word
            )
            problems.append(Problem(file, entry, reason))
    for i, industry in enumerate(model.industries):
        if industry.layout is not None:
            problems += _check_tiers(file, f"industries[{i}].layout", industry.layout)
    return problems


def _check_tiers(file: str, at: str, layout: Layout) -> list[Problem]:
    """Check that a prefecture appears once per layout, whatever name (凉山, 凉山州) it has."""
    first: dict[str, tuple[str, str]] = {}
    problems = []
    for tier in NAMED_TIERS:
        for k, name in enumerate(getattr(layout, tier)):
            adcode, _ = try_resolve(name)
            if adcode is None:
                continue
            if adcode not in first:
                first[adcode] = (tier, name)
                continue
            first_tier, first_name = first[adcode]
            if first_tier == tier:
                reason = worded(
                    "error.rules.twice_in_tier",
                    name=name,
                    tier=worded(f"error.tier.{tier}"),
                    first=first_name,
                    adcode=adcode,
                )
            else:
                reason = worded(
                    "error.rules.contradictory_tiers",
                    name=name,
                    tier=worded(f"error.tier.{tier}"),
                    first_tier=worded(f"error.tier.{first_tier}"),
                    first=first_name,
                    adcode=adcode,
                )
            problems.append(Problem(file, f"{at}.{tier}[{k}]", reason))
    return problems


def check_unique_ids(models: list[tuple[str, DocumentRules]]) -> list[Problem]:
    """Cluster, park and corridor ids are unique across all files (maps key layers on them)."""
    problems = []
    for kind in RECORD_KINDS:
        ids = (
            (record.id, (file, i))
            for file, model in models
            for i, record in enumerate(getattr(model, kind))
        )
        for key, (file, i), (first_file, j) in repeats(ids):
            reason = worded(
                f"error.rules.duplicate.{kind[:-1]}", id=key, file=first_file, entry=f"{kind}[{j}]"
            )
            problems.append(Problem(file, f"{kind}[{i}].id", reason))
    return problems


def check_crosswalk(
    crosswalk: Crosswalk, documents: Mapping[str, DocumentRules], *, unchecked: set[str] | None
) -> list[Problem]:
    """Each link joins an existing industry of one document to one of another.

    ``unchecked`` holds the ids of documents whose file is invalid (links to them cannot be
    checked); None when some document file could not even be read, so any id may be one.
    """
    problems = []
    known = ", ".join(sorted(documents))
    for i, link in enumerate(crosswalk.links):
        for side, ref in (("from", link.source_industry), ("to", link.target_industry)):
            model = documents.get(ref.doc)
            if model is None:
                if unchecked is not None and ref.doc not in unchecked:
                    reason = worded("error.rules.unknown_document", doc=ref.doc, known=known)
                    problems.append(Problem(CROSSWALK_FILE, f"links[{i}].{side}.doc", reason))
            elif ref.industry not in {industry.id for industry in model.industries}:
                reason = worded("error.rules.unknown_industry", id=ref.industry, doc=ref.doc)
                problems.append(Problem(CROSSWALK_FILE, f"links[{i}].{side}.industry", reason))
    return problems
