"""Listings of what the rules hold: every industry (for pickers), every county they name."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from geodata.places import place, resolve
from layout_rules.rules import Rules
from layout_rules.schema import RECORD_KINDS, DocumentRules, Source

COUNTY_COLUMNS = (
    "document",
    "record",
    "record_id",
    "adcode",
    "county",
    "prefecture_adcode",
    "city",
    "place",
    "section",
    "quote",
)
INDUSTRY_COLUMNS = (
    "document",
    "industry_id",
    "industry",
    "industry_en",
    "colour",
    "has_layout",
)


def industries_table(rules: Rules) -> pd.DataFrame:
    """Return every industry of every document (for pickers), columns :data:`INDUSTRY_COLUMNS`."""
    rows = [
        (
            doc_id,
            industry.id,
            industry.name,
            industry.name_en,
            industry.colour or "",
            industry.layout is not None,
        )
        for doc_id, doc in rules.documents.items()
        for industry in doc.industries
    ]
    return pd.DataFrame(rows, columns=list(INDUSTRY_COLUMNS)).astype({"has_layout": bool})


def counties_of_rules(rules: Rules) -> pd.DataFrame:
    """Return every county-level place the rules name, with its prefecture and source.

    ``record`` says what names it (``focus``, ``designation``, ``cluster``, ``park``,
    ``corridor``) and ``record_id`` which one (industry id for focus and designations).
    Maps use it to mark counties inside a highlighted prefecture.
    """
    rows = []
    for doc_id, doc in rules.documents.items():
        for record, record_id, name, source in _named_places(doc):
            adcode = resolve(name)
            info = place(adcode)
            if info.level == "county" and info.parent_adcode:
                city = place(info.parent_adcode)
                rows.append(
                    (
                        doc_id,
                        record,
                        record_id,
                        adcode,
                        info.name,
                        city.adcode,
                        city.short_name,
                        name,
                        source.section,
                        source.quote,
                    )
                )
    return pd.DataFrame(list(dict.fromkeys(rows)), columns=list(COUNTY_COLUMNS))


def _named_places(doc: DocumentRules) -> Iterator[tuple[str, str, str, Source]]:
    for industry in doc.industries:
        for focus in industry.focus:
            yield "focus", industry.id, focus.place, focus.source
        for designation in industry.designations:
            for name in designation.places:
                yield "designation", industry.id, name, designation.source
    for kind in RECORD_KINDS:
        for record in getattr(doc, kind):
            for _, name in record.place_refs():
                yield kind.removesuffix("s"), record.id, name, record.source
