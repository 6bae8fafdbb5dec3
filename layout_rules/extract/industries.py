"""Industries in a sentence or heading: the shipped documents' vocabulary, plus variants.

The vocabulary is every industry name and alias of the shipped rules, the crosswalk's
industries, and the variant groups of ``patterns.yaml`` (生物医药 ~ 生物). A heading that
names no known industry but reads as one (``1.白酒产业``) introduces a new industry.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from layout_rules.extract.patterns import patterns

_SUFFIXES = ("产业", "行业", "业")
_NEW_INDUSTRY = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,12}?)(?:产业|行业|制造业|服务业)$")
_HEADING_VERBS = re.compile(
    r"^(?:推动|促进|推进|加快|做强|做优|做大|培育|壮大|发展|提升|打造|大力发展|加快发展)+"
)


@dataclass(frozen=True)
class IndustryHit:
    """An industry named in text: offsets, the words as written, and known matches."""

    begin: int
    end: int
    written: str
    known: tuple[tuple[str, str], ...] = ()
    """(document id, industry id) of shipped industries the words name (or a variant does)."""


@functools.cache
def shipped_words() -> dict[str, frozenset[tuple[str, str]]]:
    """Return the shipped industries' names and aliases → the (document, industry) they name."""
    from layout_rules import load_rules

    words: dict[str, set[tuple[str, str]]] = {}
    for doc_id, doc in load_rules().documents.items():
        for industry in doc.industries:
            for word in (industry.name, *industry.aliases):
                words.setdefault(_stem(word), set()).add((doc_id, industry.id))
    return {word: frozenset(pairs) for word, pairs in words.items()}


@functools.cache
def vocabulary() -> dict[str, tuple[tuple[str, str], ...]]:
    """Return industry words → the shipped (document, industry) pairs they name or vary."""
    words = {word: set(pairs) for word, pairs in shipped_words().items()}
    for variant in patterns().industry_variants:
        if variant.suggest:
            continue
        known = set().union(*(words.get(_stem(n), set()) for n in variant.names))
        for name in variant.names:
            words.setdefault(_stem(name), set()).update(known)
    return {word: tuple(sorted(pairs)) for word, pairs in words.items() if len(word) > 1}


def suggestions(written: str) -> tuple[tuple[str, str, str], ...]:
    """Return (document, industry, relation) crosswalk suggestions for an industry's name.

    Exact vocabulary matches are ``same``; variant groups give their own relation.
    """
    stem = _stem(written)
    found = {(d, i, "same") for d, i in shipped_words().get(stem, ())}
    for variant in patterns().industry_variants:
        if stem in {_stem(n) for n in variant.names}:
            for name in variant.names:
                pairs = shipped_words().get(_stem(name), ())
                found |= {(d, i, variant.relation) for d, i in pairs}
    best: dict[tuple[str, str], str] = {}
    for doc, industry, relation in sorted(found, key=lambda f: f[2] != "same"):
        best.setdefault((doc, industry), relation)
    return tuple((d, i, r) for (d, i), r in sorted(best.items()))


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:  # noqa: PLR2004
            return word[: -len(suffix)]
    return word


@functools.cache
def _matcher() -> re.Pattern[str]:
    words = sorted(vocabulary(), key=lambda w: (-len(w), w))
    return re.compile("|".join(map(re.escape, words)))


def find_industries(text: str) -> list[IndustryHit]:
    """Return the known industries named in ``text``, longest match first at each place.

    >>> [h.written for h in find_industries("辐射带动全省其他地区新能源汽车产业发展")]
    ['新能源汽车']
    """
    return [
        IndustryHit(m.start(), m.end(), m.group(), vocabulary()[m.group()])
        for m in _matcher().finditer(text)
    ]


def phrased_industries(text: str) -> list[IndustryHit]:
    """Return industries a sentence names in a planning phrase, known or not.

    >>> [h.written for h in phrased_industries("辐射带动全市其他县（区）动力电池产业发展")]
    ['动力电池']
    """
    hits = []
    for regex in patterns().industry_phrases:
        for match in re.finditer(regex, text):
            name = match["name"]
            known = vocabulary().get(_stem(name), ())
            hits.append(IndustryHit(match.start("name"), match.end("name"), name, known))
    return hits


def heading_industry(heading: str) -> str | None:
    """Return the industry a heading introduces, known or new, or None.

    >>> heading_industry("三、推动新一代信息技术产业跨越发展"), heading_industry("1.白酒产业")
    ('新一代信息技术', '白酒')
    """
    body = re.sub(r"^[^\u4e00-\u9fff]*(?:[一二三四五六七八九十]+、)?", "", heading)
    body = re.sub(r"^第[一二三四五六七八九十]+[章节篇]", "", body).strip("。 ")
    known = find_industries(body)
    if known:
        return known[0].written
    new = _NEW_INDUSTRY.match(_HEADING_VERBS.sub("", body))
    return new["name"] if new else None
