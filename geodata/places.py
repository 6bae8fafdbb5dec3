"""Places: any reference a document or a user makes to a place, turned into one place.

The one resolver of the project. A reference is matched exactly after trimming and
case-folding: full names (成都市, 凉山彝族自治州), short names (成都, 凉山), aliases (凉山州),
English names (Chengdu), adcodes (510100), and counties by full name (仁寿县) or, when
unambiguous, short name (仁寿). A county can also be qualified by its prefecture (乐山市中区,
乐山市市中区). Prefecture short names win over a county of the same short name (广安 is the
city, 广安区 the district).

Every function here raises :class:`PlaceError` (a :class:`~geodata.GeodataError`) for a
reference it cannot use, with a message that names the reference and the nearest known places.

>>> prefecture("Chengdu"), prefecture_of("仁寿县"), prefecture_of("重庆")
('510100', '511400', None)
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from types import MappingProxyType

import pandas as pd

from geodata._errors import GeodataError
from geodata.gazetteer import table
from words import Localised, romanised, t, translated, worded

_PRIORITY = {"province": 0, "prefecture": 0, "external": 0, "county": 1}


class PlaceError(GeodataError):
    """A place reference is unknown, ambiguous, or not the kind of place asked for."""


@dataclass(frozen=True)
class Place:
    """One place of the gazetteer; ``label_lon``/``label_lat`` lie inside its polygon."""

    adcode: str
    name: str
    short_name: str
    name_en: str | None
    level: str
    parent_adcode: str | None
    label_lon: float
    label_lat: float
    name_en_romanised: bool = False
    """True when ``name_en`` is a pinyin romanisation (counties), not a curated name."""


def _key(name: object) -> str:
    return "".join(str(name).split()).casefold()


def _names_of(row: pd.Series, short_names: dict[str, str]) -> set[str]:
    names = {row.adcode, row["name"], row.short_name, *list(row.aliases)}
    if row.name_en:
        names.add(row.name_en)
    if row.level == "county" and row.parent_adcode in short_names:
        parent = short_names[row.parent_adcode]
        names |= {parent + row["name"], parent + "市" + row["name"]}
    return {_key(n) for n in names if n}


@lru_cache(maxsize=1)
def _index() -> MappingProxyType[str, tuple[str, ...]]:
    """Map every normalised name to the adcodes it may mean, best-priority first."""
    places = table()
    short_names = dict(zip(places.adcode, places.short_name, strict=True))
    candidates: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for _, row in places.iterrows():
        for name in _names_of(row, short_names):
            candidates[name][_PRIORITY[row.level]].add(row.adcode)
    best = {name: tuple(sorted(tiers[min(tiers)])) for name, tiers in candidates.items()}
    return MappingProxyType(best)


def resolve(name: str) -> str:
    """Return the adcode of a place named as the documents (or a user) name it.

    Raises
    ------
    PlaceError
        If the name is unknown (the message lists the nearest known names) or ambiguous
        (the message lists the places it may mean).

    Examples
    --------
    >>> resolve("凉山")
    '513400'
    >>> resolve("Chengdu")
    '510100'
    """
    index = _index()
    matches = index.get(_key(name), ())
    if len(matches) == 1:
        return matches[0]
    if matches:
        options = Localised(partial(_names_in, matches, with_code=True))
        msg = worded("error.place.ambiguous", name=name, options=options)
        raise PlaceError(msg)
    msg = worded("error.place.unknown", name=name, hint=_suggestions(_key(name), index))
    raise PlaceError(msg)


def _suggestions(key: str, index: Mapping[str, tuple[str, ...]]) -> str:
    """Name the known places closest in spelling to ``key``, each once, by its full name.

    The names are said in the language the message is shown in (:func:`_names_in`).
    """
    codes: list[str] = []
    for match in difflib.get_close_matches(key, list(index), n=12, cutoff=0.4):
        codes += [code for code in index[match] if code not in codes]
    if not codes:
        return worded("error.place.try")
    places = Localised(partial(_names_in, tuple(codes[:5])))
    return worded("error.place.nearest", places=places)


def _names_in(codes: tuple[str, ...], lang: str, *, with_code: bool = False) -> str:
    """Return places as ``lang`` names them in a message, a county with its prefecture.

    Romanised names are marked as such (``romanised.mark``); ``with_code`` adds each adcode.

    >>> _names_in(("511102",), "en", with_code=True)
    'Shizhong District (romanised), Leshan (511102)'
    >>> _names_in(("510100", "510105"), "zh")
    '成都市、成都市青羊区'
    """
    names = [_qualified_name(code, lang) for code in codes]
    if with_code:
        names = [
            t("error.place.option", lang, name=n, adcode=c)
            for n, c in zip(names, codes, strict=True)
        ]
    return t("sep.items", lang).join(names)


@cache
def place(adcode: str) -> Place:
    """Return the :class:`Place` with this adcode, or raise :class:`PlaceError`."""
    rows = table()[table().adcode == adcode]
    if rows.empty:
        msg = f"unknown adcode {adcode!r}"
        raise PlaceError(msg)
    row = rows.iloc[0]
    return Place(
        adcode=row.adcode,
        name=row["name"],
        short_name=row.short_name,
        name_en=row.name_en or None,
        level=row.level,
        parent_adcode=row.parent_adcode or None,
        label_lon=float(row.label_lon),
        label_lat=float(row.label_lat),
        name_en_romanised=bool(row.get("name_en_romanised", False)),
    )


def find_place(reference: str) -> Place:
    """Return the place any reference means (成都, 成都市, Chengdu, 510100, 仁寿县, 乐山市中区).

    Raises
    ------
    PlaceError
        If the reference is unknown or ambiguous.

    Examples
    --------
    >>> find_place("乐山市中区").name
    '市中区'
    """
    return place(resolve(str(reference)))


def _qualified_name(adcode: str, lang: str) -> str:
    """Return a county's name with its prefecture's (乐山市市中区), else the plain name.

    In ``lang``: romanised names are marked as such, as plain text marks them.
    """
    found = place(adcode)
    name = _shown(found, lang, marked=True)
    if found.level == "county" and found.parent_adcode:
        parent = _shown(place(found.parent_adcode), lang, marked=True)
        return t("error.place.county_in", lang, county=name, prefecture=parent)
    return name


def _shown(found: Place, lang: str, *, marked: bool) -> str:
    """Return a place's full name as ``lang`` shows it (see :func:`place_name`)."""
    shown: str | None = translated(found, "name", lang)
    if shown is None:
        return found.name
    if marked and romanised(found, "name", lang):
        return t("romanised.mark", lang, name=shown)
    return shown


def prefecture_of(reference: str) -> str | None:
    """Return the adcode of the Sichuan prefecture a place is or lies in.

    Counties are lifted to their prefecture; the province and places outside Sichuan (重庆)
    lie in no prefecture and give None.

    Raises
    ------
    PlaceError
        If the reference is unknown or ambiguous.

    Examples
    --------
    >>> prefecture_of("511421"), prefecture_of("眉山"), prefecture_of("四川省")
    ('511400', '511400', None)
    """
    found = find_place(reference)
    if found.level == "prefecture":
        return found.adcode
    if found.level == "county" and found.parent_adcode:
        return found.parent_adcode
    return None


def prefecture(reference: str, *, lift: bool = False) -> str:
    """Return the adcode of the Sichuan prefecture a reference names.

    Parameters
    ----------
    reference
        Any place reference.
    lift
        Accept a county and return its prefecture (a click on a county, a URL naming one);
        by default a county is an error, since the caller asked for a city.

    Raises
    ------
    PlaceError
        If the reference is unknown or ambiguous, or is not (with ``lift``: not in) one of
        Sichuan's 21 prefectures; the message says where a county lies.
    """
    found = find_place(reference)
    code = prefecture_of(found.adcode)
    if code is not None and (lift or code == found.adcode):
        return code
    what = Localised(partial(_reference_in, reference, found.adcode))
    name = Localised(partial(_names_in, (code,))) if code is not None else ""
    msg = (
        worded("error.place.in_prefecture", what=what, name=name, adcode=code)
        if code is not None
        else worded("error.place.not_prefecture", what=what)
    )
    raise PlaceError(msg)


def _reference_in(reference: str, adcode: str, lang: str) -> str:
    """Return a reference with the place it resolved to, as ``lang`` names that place."""
    name = _qualified_name(adcode, lang)
    return t("error.place.reference", lang, reference=repr(reference), adcode=adcode, name=name)


@cache
def prefectures() -> tuple[Place, ...]:
    """Return Sichuan's 21 prefectures in adcode order."""
    places = table()
    codes = sorted(places.loc[places["level"] == "prefecture", "adcode"].astype(str))
    return tuple(place(code) for code in codes)


def place_name(name: str, *, lang: str, marked: bool = False) -> str:
    """Return a place as the documents write it, or as ``lang`` names it where the gazetteer can.

    Prefectures have curated English names, counties romanised ones (``name_en_romanised``).
    ``marked`` adds the catalogue's ``romanised.mark`` to a romanised name: the way plain
    text (tables, lists, downloads) says so, where drawn text uses italics.

    >>> place_name("成都", lang="en"), place_name("成都", lang="zh")
    ('Chengdu', '成都')
    >>> place_name("仁寿县", lang="en"), place_name("仁寿县", lang="en", marked=True)
    ('Renshou County', 'Renshou County (romanised)')
    """
    if not name:
        return name
    try:
        place = find_place(name)
    except GeodataError:
        return name
    return name if translated(place, "name", lang) is None else _shown(place, lang, marked=marked)


def label_name(label: str, reference: str, *, lang: str) -> str:
    """Return a text's own label of a place (a corridor stop) as ``lang`` shows it.

    The label as written (仁寿城区) in the source language; elsewhere the name of the
    place it stands for (``reference``), since a label has no translation of its own.

    >>> label_name("仁寿城区", "仁寿县", lang="zh"), label_name("仁寿城区", "仁寿县", lang="en")
    ('仁寿城区', 'Renshou County')
    """
    try:
        place = find_place(reference)
    except GeodataError:
        return label
    return translated(place, "name", lang) or label
