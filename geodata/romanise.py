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
import logging
import re
import threading
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType

import jieba  # type: ignore[import-untyped]  # jieba ships no type hints
from pypinyin import lazy_pinyin

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

    Hanyu Pinyin orthography (GB/T 16159) joins the syllables of one word (政府 → Zhengfu)
    and writes words apart, each capitalised here as in a title. The Chinese runs are cut
    into words by jieba's dictionary (:func:`_words_of`) knowing ``words`` (place names:
    四川省 is one word); a place name is written as its name and its generic part (四川省 →
    Sichuan Sheng), with the readings place names need (新都 → Xindu). Latin letters and
    digits stay as written; Chinese punctuation becomes its Latin counterpart. A
    romanisation, not a translation: callers mark it so.

    Examples
    --------
    >>> romanised_text("四川省“十四五”规划（2021—2025年）", words=["四川省"])
    'Sichuan Sheng “Shisiwu” Guihua (2021–2025 Nian)'
    >>> romanised_text("成都市新都区人民政府关于集成电路产业的意见", words=["成都市", "新都区"])
    'Chengdu Shi Xindu Qu Renmin Zhengfu Guanyu Jicheng Dianlu Chanye De Yijian'
    """
    places = frozenset(words)
    tokens: list[str] = []
    for piece in re.split(f"({_HAN.pattern})", text):
        if _HAN.fullmatch(piece):
            tokens.extend(_romanised_word(word, places) for word in _words_of(piece, places))
        elif piece.strip():
            tokens.extend(piece.translate(_PUNCTUATION).split())
    return _joined(tokens)


_GENERIC = ("自治州", "自治县", "省", "市", "州", "区", "县")
"""Generic parts of place names, written apart from the name (四川省 → Sichuan Sheng)."""

_LONG_WORD = 4
"""Words of this many characters or more are split where the dictionary has their parts."""


def _romanised_word(word: str, places: frozenset[str]) -> str:
    """Return one word in pinyin; a place name as its name and its generic part, apart."""
    if word in places:
        generic = next((g for g in _GENERIC if word.endswith(g) and len(word) > len(g)), "")
        stem = word[: len(word) - len(generic)]
        people = next((p for p in PEOPLES if stem.endswith(p) and len(stem) > len(p)), "")
        stem = stem[: len(stem) - len(people)]
        parts = [part for part in (stem, people, generic) if part]
        return " ".join(pinyin_word(part) for part in parts)
    return pinyin_word(word)


def _words_of(text: str, places: frozenset[str]) -> list[str]:
    """Cut a run of Chinese characters into words: jieba's, long ones split into their parts.

    jieba's dictionary holds some compounds (人民政府, 中华人民共和国) that the orthography
    writes as several words; a word of :data:`_LONG_WORD` characters or more is cut into the
    fewest dictionary words of two characters or more that make it up, if there are such.
    Place names (``places``) stay whole.
    """
    cutter = _cutter()
    with _ADDING:  # app sessions run in threads and share the cutter
        for place in places - _added:
            cutter.add_word(place)
            _added.add(place)
    words: list[str] = []
    for word in cutter.lcut(text, HMM=False):
        words.extend([word] if word in places else _parts(cutter, word))
    return words


def _parts(cutter: jieba.Tokenizer, word: str) -> list[str]:
    """Return ``word`` as the fewest dictionary words (2+ characters) that make it up.

    A word shorter than :data:`_LONG_WORD`, or one with no such parts, is itself.
    """
    if len(word) < _LONG_WORD:
        return [word]
    ends = cutter.get_DAG(word)
    best: dict[int, list[str]] = {len(word): []}
    for start in range(len(word) - 1, -1, -1):
        options = [
            [word[start : end + 1], *best[end + 1]]
            for end in ends[start]
            if end > start and end + 1 in best and (start, end + 1) != (0, len(word))
        ]
        if options:
            best[start] = min(options, key=len)
    found = best.get(0)
    return [part for whole in found for part in _parts(cutter, whole)] if found else [word]


def _joined(tokens: list[str]) -> str:
    """Join words with spaces, none inside brackets and quotes or before punctuation."""
    text = ""
    for token in tokens:
        glued = not text or text[-1] in _NO_SPACE_AFTER or token[0] in _NO_SPACE_BEFORE
        text += token if glued else f" {token}"
    return text


_added: set[str] = set()
"""Place names already added to the cutter's dictionary."""
_ADDING = threading.Lock()


@functools.cache
def _cutter() -> jieba.Tokenizer:
    """Return jieba's word cutter, its dictionary read from the package (no cache file).

    jieba would keep its dictionary in a cache file in the shared temporary folder and read it
    back from there; on a shared server that file is anyone's to replace, so it is read from
    the installed package instead (about a second, once per process).
    """
    jieba.setLogLevel(logging.WARNING)
    cutter = jieba.Tokenizer()
    with cutter.get_dict_file() as stream:
        cutter.FREQ, cutter.total = cutter.gen_pfdict(stream)
    cutter.initialized = True
    return cutter
