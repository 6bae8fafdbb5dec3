"""Places in a sentence: gazetteer names, parks by their suffix, abbreviations, named areas.

Names are resolved through :func:`resolve` alone (the importer's one call of the package's
resolver, ``layout_rules.resolve_place``); the list of names to look for in text comes from
:func:`_gazetteer` (the one read of ``geodata.gazetteer()``). Nothing else here knows where
places come from. A place that does not resolve is returned
with ``adcode=None`` and a reason, never dropped and never guessed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from layout_rules.extract.patterns import patterns

if TYPE_CHECKING:
    import pandas as pd

_SEPARATORS = re.compile(r"[、，,和及与/]|以及|或")
_PARKISH = re.compile(r"(开发区|高新区|经开区|新区|园区|产业园|功能区|城|基地|集中区|县|州)$")
_VERBS = (
    "建设",
    "打造",
    "发展",
    "推进",
    "推动",
    "支持",
    "重点",
    "加快",
    "依托",
    "形成",
    "开展",
    "争创",
    "创建",
    "培育",
    "布局",
    "为",
    "以",
    "在",
    "有条件",
    "积极",
    "鼓励",
)
_COUNT_TAIL = re.compile(r"等(?:\d+|[一二两三四五六七八九十]+)个\S*$")


@dataclass(frozen=True)
class PlaceHit:
    """A place found in a sentence's compact text.

    Attributes
    ----------
    begin, end
        Offsets into the sentence's compact text.
    written
        The place as written (成都, 仁寿经开区, 成德绵 → 成都).
    name
        The gazetteer name it stands for (成都, 仁寿) or the written text when unresolved.
    adcode
        The resolved adcode, or None (then ``note`` says why).
    park
        The park's name when the place was written as a park (德阳经开区).
    editorial
        True when the place comes from an abbreviation, named area or region definition.
    """

    begin: int
    end: int
    written: str
    name: str
    adcode: str | None
    park: str | None = None
    editorial: bool = False
    note: str = ""


def resolve(name: str) -> str | None:
    """Return the adcode of a place name, or None when the gazetteer does not know it.

    The importer's only call into the place resolver.
    """
    from geodata import GeodataError
    from layout_rules import resolve_place

    try:
        return resolve_place(name)
    except GeodataError:
        return None


@functools.cache
def _gazetteer() -> pd.DataFrame:
    """Return the gazetteer's table (read once): what names to look for, not how to resolve them."""
    import geodata

    return geodata.gazetteer()


def gazetteer_names() -> tuple[str, ...]:
    """Every place name the importer looks for in text, longest first (成都市 before 成都)."""
    return _gazetteer_names()


@functools.cache
def _gazetteer_names() -> tuple[str, ...]:
    """Every name worth looking for in text, longest first (成都市 before 成都)."""
    table = _gazetteer()
    names: set[str] = set()
    short_of = dict(zip(table.adcode, table.short_name, strict=True))
    for row in table.to_dict("records"):
        names |= {row["name"], row["short_name"], *(a for a in row["aliases"] if len(a) > 1)}
        if row["level"] == "county" and row["parent_adcode"] in short_of:
            names.add(short_of[row["parent_adcode"]] + row["name"])
    skip = set(patterns().not_places)
    found = {n for n in names if len(n) > 1 and n not in skip and not n.isascii()}
    return tuple(sorted((n for n in found if resolve(n)), key=lambda n: (-len(n), n)))


@functools.cache
def is_province(adcode: str) -> bool:
    """Tell whether an adcode is the province (四川省): a whole-province mention, not a role."""
    table = _gazetteer()
    return adcode in set(table.loc[table["level"] == "province", "adcode"])


@functools.cache
def _matcher() -> re.Pattern[str]:
    areas = sorted(patterns().named_areas, key=len, reverse=True)
    parks = "|".join(map(re.escape, patterns().park_suffixes))
    names = "|".join(map(re.escape, [*areas, *_gazetteer_names()]))
    verbs = "|".join(_VERBS)
    park = rf"(?P<park>(?:(?!{verbs})[^、，,；。和及与“”（）()]){{0,10}}?(?:{parks}))?"
    return re.compile(rf"(?P<place>{names}){park}")


def find_places(text: str) -> list[PlaceHit]:
    """Return every gazetteer place and park named in ``text``, left to right.

    >>> [(h.name, h.adcode, h.park) for h in find_places("支持仁寿经开区、德阳发展")]
    [('仁寿', '511421', '仁寿经开区'), ('德阳', '510600', None)]
    """
    hits = [_hit(match) for match in _matcher().finditer(text)]
    return hits + find_abbreviations(text, taken=hits)


def _hit(match: re.Match[str]) -> PlaceHit:
    name = match["place"]
    park = match["place"] + match["park"] if match["park"] else None
    area = patterns().named_areas.get(name)
    if area is not None:
        adcode = resolve(area.host)
        return PlaceHit(match.start(), match.end(), park or name, area.host, adcode,
                        park or name, editorial=True, note=area.note)  # fmt: skip
    return PlaceHit(match.start(), match.end(), park or name, name, resolve(name), park)


def find_abbreviations(text: str, *, taken: Sequence[PlaceHit] = ()) -> list[PlaceHit]:
    """Return the places of abbreviation runs (成德绵航空…, 成渝地区) not already found.

    >>> [h.name for h in find_abbreviations("成德眉资同城化")]
    ['成都', '德阳', '眉山', '资阳']
    """
    table = patterns().abbreviations
    chars = "".join(table)
    after = "|".join(map(re.escape, patterns().abbreviation_before))
    hits: list[PlaceHit] = []
    for match in re.finditer(rf"[{chars}]{{2,5}}(?={after})", text):
        if any(h.begin <= match.start() < h.end for h in taken):
            continue
        for i, char in enumerate(match.group()):
            name = table[char]
            hits.append(PlaceHit(match.start() + i, match.start() + i + 1, char, name,
                                 resolve(name), editorial=True,
                                 note=f"{char} abbreviates {name}"))  # fmt: skip
    return hits


def list_items(text: str) -> tuple[list[str], bool]:
    """Split a written list of places into items; say whether it ends open (等地, 等N个市州).

    >>> list_items("泸州、德阳和宜宾等地")
    (['泸州', '德阳', '宜宾'], True)
    """
    text = text.strip()
    count = _COUNT_TAIL.search(text)
    open_list = count is not None
    if count:
        text = text[: count.start()]
    for tail in patterns().open_list:
        if text.endswith(tail):
            text, open_list = text[: -len(tail)], True
            break
    items = [item.strip() for item in _SEPARATORS.split(text)]
    return [item for item in items if item], open_list


def places_in(text: str) -> tuple[list[PlaceHit], bool]:
    """Return the places of a written list, unresolved items kept; and its openness.

    An item with no known place that still reads as a place or park (ends with 区, 园, 城,
    基地, 市, 县, 州 …) is returned unresolved; other items (全省其他地区) are not places.
    """
    items, open_list = list_items(text)
    hits: list[PlaceHit] = []
    position = 0
    for item in items:
        at = text.find(item, position)
        position = at + len(item)
        region = patterns().regions.get(item)
        found = [] if region else [_shift(h, at) for h in find_places(item)]
        if region:
            hits += _region(item, region, at)
        elif found:
            hits += found
        elif _looks_like_a_place(item):
            reason = "unresolved place: the gazetteer knows no place in this name"
            hits.append(PlaceHit(at, at + len(item), item, item, None, note=reason))
    return hits, open_list


def _looks_like_a_place(item: str) -> bool:
    """Tell whether an item is a short name ending like a place or park, with no verb or bracket."""
    short = 1 < len(item) <= 15  # noqa: PLR2004
    plain = not any(verb in item for verb in _VERBS) and not re.search(r"[(（:：“”]", item)
    return short and plain and _PARKISH.search(item) is not None


def _region(item: str, members: tuple[str, ...], at: int) -> list[PlaceHit]:
    note = f"{item}: members by its standard definition (editorial)"
    return [PlaceHit(at, at + len(item), item, name, resolve(name), editorial=True, note=note)
            for name in members]  # fmt: skip


def _shift(hit: PlaceHit, by: int) -> PlaceHit:
    return PlaceHit(hit.begin + by, hit.end + by, hit.written, hit.name, hit.adcode, hit.park,
                    hit.editorial, hit.note)  # fmt: skip
