"""English names of counties: Hanyu Pinyin of the stem plus the English of the suffix.

The gazetteer's prefectures have curated English names (``names.csv``); the 183 counties get
romanised ones, built here with ``pypinyin`` and marked ``name_en_romanised`` so that a reader
(and a test) can tell a romanisation from a curated name. The stem is written as one word with
an apostrophe before a syllable that starts with a, o or e (大安区 → Da'an District); the
suffix says what the county is: 区 District, 县 County, 市 City, 自治县 Autonomous County with
the people it is named for (北川羌族自治县 → Beichuan Qiang Autonomous County).

Where a character of a place name has a reading pypinyin does not pick (都 in 新都 reads dū),
the reading comes from ``readings.csv``, one row per stem with the reason.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType

from pypinyin import lazy_pinyin
from pypinyin.constants import PHRASES_DICT
from pypinyin.contrib.mmseg import PrefixSet, Seg

from geodata._errors import GeodataError

SUFFIXES = (("自治县", "Autonomous County"), ("区", "District"), ("县", "County"),
            ("市", "City"))  # fmt: skip
"""Chinese county suffixes and their English, longest first."""

PEOPLES = MappingProxyType({"羌族": "Qiang", "彝族": "Yi", "藏族": "Tibetan"})
"""The peoples Sichuan's autonomous counties are named for, in English."""

_READINGS_FILE = Path(__file__).with_name("readings.csv")
_VOWELS = ("a", "o", "e")


@functools.cache
def readings() -> MappingProxyType[str, tuple[str, ...]]:
    """Return stem -> syllables for the place names whose reading pypinyin gets wrong."""
    with _READINGS_FILE.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    return MappingProxyType({row["stem"]: tuple(row["syllables"].split()) for row in rows})


def pinyin_word(stem: str) -> str:
    """Return a place-name stem as one capitalised pinyin word without tone marks.

    >>> pinyin_word("仁寿"), pinyin_word("大安"), pinyin_word("新都")
    ('Renshou', "Da'an", 'Xindu')
    """
    syllables = readings().get(stem) or tuple(lazy_pinyin(stem, v_to_u=True))
    word = syllables[0] + "".join(f"'{s}" if s.startswith(_VOWELS) else s for s in syllables[1:])
    return word[:1].upper() + word[1:]


def county_name_en(name: str) -> str:
    """Return the romanised English name of a Sichuan county.

    Raises
    ------
    GeodataError
        If the name has no known suffix, or names a people without an English name here.

    Examples
    --------
    >>> county_name_en("仁寿县"), county_name_en("市中区"), county_name_en("峨眉山市")
    ('Renshou County', 'Shizhong District', 'Emeishan City')
    >>> county_name_en("北川羌族自治县")
    'Beichuan Qiang Autonomous County'
    """
    for suffix, english in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if suffix == "自治县":
                return _autonomous(name, stem, english)
            return f"{pinyin_word(stem)} {english}"
    msg = f"county {name!r}: no known suffix ({', '.join(s for s, _ in SUFFIXES)})"
    raise GeodataError(msg)


def _autonomous(name: str, stem: str, english: str) -> str:
    for people, people_en in PEOPLES.items():
        if stem.endswith(people):
            return f"{pinyin_word(stem[: -len(people)])} {people_en} {english}"
    msg = f"county {name!r}: autonomous county of a people not in PEOPLES ({', '.join(PEOPLES)})"
    raise GeodataError(msg)


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_PUNCTUATION = str.maketrans({
    "《": "“", "》": "”", "（": "(", "）": ")", "，": ",", "、": ",", "：": ":", "；": ";",
    "—": "–", "－": "-", "　": " ", "〔": "[", "〕": "]", "！": "!", "？": "?", "。": ".",
})  # fmt: skip
_NO_SPACE_AFTER = "“(["
_NO_SPACE_BEFORE = "”)],.:;!?"


def romanised_text(text: str, *, words: Iterable[str] = ()) -> str:
    """Return a Chinese text (a document's title) in Hanyu Pinyin, word by word.

    The Chinese runs are cut into words by the longest match in pypinyin's phrase list and
    ``words`` (place names: 四川省 is one word); each word is one capitalised pinyin word
    (:func:`pinyin_word`). Latin letters and digits stay as written; Chinese punctuation
    becomes its Latin counterpart. A romanisation, not a translation: callers mark it so.

    Examples
    --------
    >>> romanised_text("四川省“十四五”规划（2021—2025年）", words=["四川省"])
    'Sichuansheng “Shisi Wu” Guihua (2021–2025 Nian)'
    """
    cutter = _cutter(frozenset(words))
    tokens: list[str] = []
    for piece in re.split(f"({_HAN.pattern})", text):
        if _HAN.fullmatch(piece):
            tokens.extend(pinyin_word(word) for word in cutter.cut(piece))
        elif piece.strip():
            tokens.extend(piece.translate(_PUNCTUATION).split())
    return _joined(tokens)


def _joined(tokens: list[str]) -> str:
    """Join words with spaces, none inside brackets and quotes or before punctuation."""
    text = ""
    for token in tokens:
        glued = not text or text[-1] in _NO_SPACE_AFTER or token[0] in _NO_SPACE_BEFORE
        text += token if glued else f" {token}"
    return text


@functools.cache
def _cutter(words: frozenset[str]) -> Seg:
    """Return a longest-match word cutter knowing pypinyin's phrases and ``words``."""
    known = PrefixSet()
    known.train(iter([*PHRASES_DICT, *words]))
    return Seg(known)
