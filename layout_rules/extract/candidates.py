"""Proposed statements: (industry, place, role) rows, each with its sentence and offsets.

One row per industry, place and role in a sentence. The industry is the one the sentence
names, else the one its nearest heading names. The quote is the sentence itself (white space
removed, as quotes are compared); ``start``/``end`` are offsets into the document text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from layout_rules.extract.industries import find_industries, heading_industry
from layout_rules.extract.meta import DocumentInfo, document_info
from layout_rules.extract.read import SourceText, fail
from layout_rules.extract.roles import RoleHit, roles_in
from layout_rules.extract.sentences import Sentence, split

HEADING_FACTOR = 0.9
"""Confidence factor when the industry comes from a heading rather than the sentence."""


@dataclass(frozen=True)
class Candidate:
    """One proposed statement, as the CLI prints it and the Import tab reviews it."""

    industry: str
    place: str
    adcode: str | None
    role: str
    open_list: bool
    quote: str
    start: int
    end: int
    confidence: float
    section: str = "-"
    park: str | None = None
    pattern: str = ""
    note: str = ""
    label: str = ""
    marks: tuple[tuple[int, int], ...] = ()
    """Offsets (in ``quote``) of the words that matched: industry, place, role phrase."""

    def as_json(self) -> dict[str, object]:
        """The row as the CLI's ``--format json`` prints it."""
        data = asdict(self)
        data["marks"] = [list(mark) for mark in self.marks]
        return data


@dataclass(frozen=True)
class Extraction:
    """A document's text, what it says about itself, its sentences and proposed statements."""

    source: SourceText
    info: DocumentInfo
    sentences: tuple[Sentence, ...]
    candidates: tuple[Candidate, ...]


def extract(source: SourceText) -> Extraction:
    """Propose the statements of a document.

    Raises
    ------
    LayoutRulesError
        If no place of Sichuan (or Chongqing) is found anywhere in the document.
    """
    sentences = tuple(split(source.text))
    rows = [row for sentence in sentences for row in sentence_candidates(sentence)]
    if not rows:
        raise fail(source.name, "no place (prefecture, county or park) found in the document")
    info = document_info(source.text, title=source.title)
    return Extraction(source, info, sentences, tuple(rows))


def sentence_candidates(sentence: Sentence) -> list[Candidate]:
    """Return the proposed statements of one sentence."""
    hits = roles_in(sentence.compact)
    if not hits:
        return []
    industries = [(h.written, (h.begin, h.end), 1.0) for h in _sentence_industries(sentence)]
    if not industries:
        named = next((i for i in map(heading_industry, _inner_first(sentence)) if i), None)
        industries = [(named or "", None, HEADING_FACTOR if named else 0.5)]
    return [_row(sentence, hit, name, mark, factor)
            for name, mark, factor in industries for hit in hits]  # fmt: skip


def _sentence_industries(sentence: Sentence) -> list:
    """Industries the sentence names outside place names and matched role words."""
    return list({h.written: h for h in find_industries(sentence.compact)}.values())


def _inner_first(sentence: Sentence) -> list[str]:
    return [h.text for h in reversed(sentence.headings)]


def _row(sentence: Sentence, hit: RoleHit, industry: str, mark: tuple[int, int] | None,
         factor: float) -> Candidate:  # fmt: skip
    marks = [(hit.place.begin, hit.place.end), hit.group]
    if mark:
        marks.append(mark)
    note = hit.place.note if hit.place.adcode or hit.place.note else "unresolved place"
    return Candidate(
        industry=industry,
        place=hit.place.written,
        adcode=hit.place.adcode,
        role=hit.role,
        open_list=hit.open_list,
        quote=sentence.compact,
        start=sentence.start,
        end=sentence.end,
        confidence=round(hit.confidence * factor, 2),
        section=sentence.section,
        park=hit.place.park,
        pattern=hit.pattern,
        note=note,
        label=hit.label,
        marks=tuple(sorted(set(marks))),
    )
