"""The gazetteer: every way the documents name a place, resolved to one adcode.

Names are matched exactly after trimming and case-folding: full names (成都市,
凉山彝族自治州), short names (成都, 凉山), aliases (凉山州), English names (Chengdu), adcodes,
and counties by full name (仁寿县) or, when unambiguous, short name (仁寿). A county can also
be qualified by its prefecture (乐山市中区, 乐山市市中区). Prefecture short names win over a
county of the same short name (广安 is the city, 广安区 the district).
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from types import MappingProxyType

import pandas as pd

from geodata._errors import GeodataError
from geodata.build import ensure_cache

_PRIORITY = {"province": 0, "prefecture": 0, "external": 0, "county": 1}


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


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    path = ensure_cache() / "places.parquet"
    try:
        return pd.read_parquet(path)
    except (OSError, ValueError) as error:
        msg = f"{path}: cannot read the place table ({error}); run 'python -m geodata build'"
        raise GeodataError(msg) from error


def gazetteer() -> pd.DataFrame:
    """Return every place: province, 21 prefectures, 183 counties and Chongqing.

    Columns ``adcode``, ``name``, ``short_name``, ``name_en``, ``level``, ``parent_adcode``,
    ``label_lon``, ``label_lat``, ``aliases``.
    """
    return _table().copy()


def _key(name: str) -> str:
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
    table = _table()
    short_names = dict(zip(table.adcode, table.short_name, strict=True))
    candidates: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for _, row in table.iterrows():
        for name in _names_of(row, short_names):
            candidates[name][_PRIORITY[row.level]].add(row.adcode)
    best = {name: tuple(sorted(tiers[min(tiers)])) for name, tiers in candidates.items()}
    return MappingProxyType(best)


def resolve(name: str) -> str:
    """Return the adcode of a place named as the documents (or a user) name it.

    Raises
    ------
    GeodataError
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
        options = "、".join(f"{_qualified_name(code)} ({code})" for code in matches)
        msg = f"place name {name!r} is ambiguous: it may mean {options}"
        raise GeodataError(msg)
    msg = f"unknown place name {name!r}; {_suggestions(_key(name), index)}"
    raise GeodataError(msg)


def _suggestions(key: str, index: Mapping[str, tuple[str, ...]]) -> str:
    """Name the known places closest in spelling to ``key``, each once, by its full name."""
    codes: list[str] = []
    for match in difflib.get_close_matches(key, list(index), n=12, cutoff=0.4):
        codes += [code for code in index[match] if code not in codes]
    if not codes:
        return "try a prefecture or county name (成都, 凉山州, 仁寿县), English name or adcode"
    return "nearest known places: " + "、".join(_qualified_name(code) for code in codes[:5])


@cache
def place(adcode: str) -> Place:
    """Return the :class:`Place` with this adcode, or raise :class:`GeodataError`."""
    rows = _table()[_table().adcode == adcode]
    if rows.empty:
        msg = f"unknown adcode {adcode!r}"
        raise GeodataError(msg)
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
    )


def _qualified_name(adcode: str) -> str:
    """Return a county's name prefixed by its prefecture (乐山市市中区), else the plain name."""
    found = place(adcode)
    if found.level == "county" and found.parent_adcode:
        return place(found.parent_adcode).name + found.name
    return found.name


def prefecture_of(adcode: str) -> str:
    """Return the prefecture adcode a prefecture or county belongs to (itself for a prefecture)."""
    found = place(adcode)
    if found.level == "county" and found.parent_adcode:
        return found.parent_adcode
    return found.adcode
