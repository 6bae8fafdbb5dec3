"""Proposed statements: (industry, place, role) rows, each with its sentence and offsets.

One row per industry, place and role in a sentence. The industry is the one the sentence
names, else the one its nearest heading names. The quote is the sentence itself (white space
removed, as quotes are compared); ``start``/``end`` are offsets into the document text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from layout_rules.extract.industries import (
    find_industries,
    heading_industry,
    phrased_industries,
)
from layout_rules.extract.meta import DocumentInfo, document_info
from layout_rules.extract.places import PlaceHit, find_places
from layout_rules.extract.read import SourceText, fail
from layout_rules.extract.roles import RoleHit, roles_in
from layout_rules.extract.sentences import Sentence, split
from words import worded

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
        """Return the row as the CLI's ``--format json`` prints it."""
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
    info = document_info(source.text, title=source.title)
    home = home_place(info)
    rows: list[Candidate] = []
    for sentence, industries in zip(sentences, paragraph_industries(sentences), strict=True):
        rows += sentence_candidates(sentence, industries, home=home)
    if not rows:
        raise fail(source.name, worded("error.read.no_place"))
    return Extraction(source, info, sentences, tuple(rows))


_Named = tuple[str, tuple[int, int] | None, float]


def sentence_industries(sentence: Sentence) -> list[_Named]:
    """Return the industries a sentence is about: its nearest heading's, else those it names.

    Each comes with the offsets of its words in the sentence (None for a heading's) and a
    confidence factor. A heading gives "the industry of the paragraph that follows".
    """
    named = next((i for i in map(heading_industry, _inner_first(sentence)) if i), None)
    if named:
        return [(named, None, HEADING_FACTOR)]
    found = find_industries(sentence.compact) or phrased_industries(sentence.compact)
    hits = {h.written: h for h in found}.values()
    return [(h.written, (h.begin, h.end), 1.0) for h in hits]


def paragraph_industries(sentences: tuple[Sentence, ...]) -> list[list[_Named]]:
    """Each sentence's industries; one that names none takes its paragraph's first industry.

    (``电子信息：……建成世界级电子信息产业集群。成都绵阳等，3万亿。``: the second sentence is
    about the paragraph's industry.)
    """
    result: list[list[_Named]] = []
    first: dict[int, list[_Named]] = {}
    for sentence in sentences:
        own = sentence_industries(sentence)
        if own:
            first.setdefault(sentence.paragraph, [(own[0][0], None, HEADING_FACTOR)])
        result.append(own or first.get(sentence.paragraph, []))
    return result


def home_place(info: DocumentInfo) -> PlaceHit | None:
    """Return the place that issued the document (眉山市人民政府办公室 → 眉山), or None.

    A city or county; a province's documents have no home place: "打造…基地" there names no
    city.
    """
    issuer = info.issuer or ""
    for hit in find_places(issuer):
        if hit.adcode and hit.begin == 0 and hit.name not in ("四川", "四川省"):
            note = f"implied subject: the issuing government ({issuer})"
            return PlaceHit(0, 0, hit.name, hit.name, hit.adcode, editorial=True, note=note)
    return None


def sentence_candidates(
    sentence: Sentence, industries: list[_Named], *, home: PlaceHit | None = None
) -> list[Candidate]:
    """Return the proposed statements of one sentence, for the given industries."""
    hits = roles_in(sentence.compact, home=home)
    if not hits:
        return []
    industries = industries or [("", None, 0.5)]
    return [_row(sentence, hit, name, mark, factor)
            for name, mark, factor in industries for hit in hits]  # fmt: skip


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
