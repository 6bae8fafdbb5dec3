"""The interface's words: one catalogue file per language, looked up by key.

Each ``catalogues/<lang>.yaml`` maps dotted keys (``map.parks``, written as nested mappings) to
the text in that language; ``str.format`` fields (``{title}``) are filled by :func:`t`. The
source language (Chinese) is the reference: every other catalogue must have exactly its keys
and, for each key, the same fields, so a lookup can never miss in one language only. Adding
a language is adding one file.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml

from words._errors import WordsError

CATALOGUES = Path(__file__).parent / "catalogues"
"""The folder of the shipped catalogues, one ``<lang>.yaml`` each."""

SOURCE_LANGUAGE = "zh"
"""The language of the documents and of the data's plain fields (``name``, ``title``)."""

MAX_BYTES = 256 * 1024
"""A catalogue larger than this is refused before it is parsed."""

_LANG = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Catalogues:
    """Every language's catalogue, by language code; the source language first."""

    words: Mapping[str, Mapping[str, str]]

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages, the source language first, then alphabetically."""
        return tuple(self.words)

    @property
    def keys(self) -> frozenset[str]:
        """The keys every catalogue has."""
        return frozenset(self.words[SOURCE_LANGUAGE])

    def t(self, key: str, lang: str, **fields: object) -> str:
        """Return the text of ``key`` in ``lang``, with ``fields`` filled in.

        Raises
        ------
        WordsError
            If the language or the key is unknown, or a field of the text is not given.
        """
        if lang not in self.words:
            msg = f"unknown language {lang!r}; catalogues exist for {', '.join(self.words)}"
            raise WordsError(msg)
        text = self.words[lang].get(key)
        if text is None:
            msg = f"unknown word key {key!r} (catalogue {lang}.yaml)"
            raise WordsError(msg)
        try:
            return text.format_map(fields) if fields or "{" in text else text
        except (KeyError, IndexError) as error:
            msg = f"word {key!r} in {lang}.yaml needs the field {error}"
            raise WordsError(msg) from None

    def every(self, key: str) -> Mapping[str, str]:
        """Return the text of ``key`` in every language, by language code."""
        return MappingProxyType({lang: self.t(key, lang) for lang in self.words})


def load_catalogues(folder: Path = CATALOGUES) -> Catalogues:
    """Read and check every ``<lang>.yaml`` catalogue in ``folder``.

    Every problem of every file is gathered and reported together.

    Raises
    ------
    WordsError
        If a file is too large, not YAML, not a mapping of keys to texts, or its keys or
        fields differ from the source language's catalogue.

    Examples
    --------
    >>> load_catalogues().t("map.layer.parks", "en")
    'Parks (approximate location)'
    """
    files = {path.stem: path for path in sorted(folder.glob("*.yaml"))}
    if SOURCE_LANGUAGE not in files:
        msg = f"{folder}: no catalogue {SOURCE_LANGUAGE}.yaml of the source language"
        raise WordsError(msg)
    problems: list[str] = []
    words = {lang: _read(path, problems) for lang, path in _ordered(files)}
    for lang, catalogue in words.items():
        problems.extend(_compare(files[lang].name, catalogue, words[SOURCE_LANGUAGE]))
    if problems:
        msg = "the word catalogues are not usable:\n" + "\n".join(f"- {p}" for p in problems)
        raise WordsError(msg)
    return Catalogues(MappingProxyType({k: MappingProxyType(v) for k, v in words.items()}))


def _ordered(files: Mapping[str, Path]) -> Iterator[tuple[str, Path]]:
    yield SOURCE_LANGUAGE, files[SOURCE_LANGUAGE]
    yield from ((lang, path) for lang, path in files.items() if lang != SOURCE_LANGUAGE)


def _read(path: Path, problems: list[str]) -> dict[str, str]:
    """Return a catalogue's texts by dotted key; append what is wrong to ``problems``."""
    if not _LANG.match(path.stem):
        problems.append(f"{path.name}: the file name is not a language code (zh, en, pt_BR)")
    if path.stat().st_size > MAX_BYTES:
        problems.append(f"{path.name}: larger than {MAX_BYTES} bytes")
        return {}
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)  # libyaml
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        problems.append(f"{path.name}: not readable YAML ({error})")
        return {}
    words: dict[str, str] = {}
    _flatten(data, "", path.name, words, problems)
    return words


def _flatten(
    node: object, prefix: str, file: str, words: dict[str, str], problems: list[str]
) -> None:
    if not isinstance(node, dict):
        problems.append(f"{file}: {prefix or 'the file'} must be a mapping of keys to texts")
        return
    for name, value in node.items():
        key = f"{prefix}{name}"
        if not isinstance(name, str) or not _KEY.match(name):
            problems.append(f"{file}: {key}: a key is lower-case letters, digits and _")
        elif isinstance(value, str):
            words[key] = value
        else:
            _flatten(value, f"{key}.", file, words, problems)


def _compare(file: str, words: Mapping[str, str], source: Mapping[str, str]) -> Iterator[str]:
    """Say which keys ``words`` lacks or adds, and where its fields differ from the source."""
    for key in sorted(source.keys() - words.keys()):
        yield f"{file}: {key}: missing (the {SOURCE_LANGUAGE} catalogue has it)"
    for key in sorted(words.keys() - source.keys()):
        yield f"{file}: {key}: not in the {SOURCE_LANGUAGE} catalogue"
    for key in sorted(words.keys() & source.keys()):
        if _fields(words[key]) != _fields(source[key]):
            yield f"{file}: {key}: fields {sorted(_fields(words[key]))} differ from the source's"


def _fields(text: str) -> frozenset[str]:
    try:
        return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)
    except ValueError:
        return frozenset({"<unbalanced braces>"})


@functools.cache
def catalogues() -> Catalogues:
    """Return the shipped catalogues, read once."""
    return load_catalogues()


def t(key: str, lang: str, **fields: object) -> str:
    """Return the interface text of ``key`` in ``lang``: the one way code gets a fixed word.

    Raises
    ------
    WordsError
        If the language or the key is unknown.

    Examples
    --------
    >>> t("map.layer.parks", "zh"), t("sheet.peers_basis", "en", title="T")
    ('园区（示意位置）', 'Compared in: T. ')
    """
    return catalogues().t(key, lang, **fields)


def languages() -> tuple[str, ...]:
    """Return the interface languages (one per catalogue file), the source language first."""
    return catalogues().languages


def every(key: str) -> Mapping[str, str]:
    """Return the text of ``key`` in every language, by language code, read when looked up.

    For module-level constants that other packages export (``footprints.SIMILARITY_NOTE``):
    the catalogues are not read at import time, and the key is checked on first use.

    >>> every("map.source")["en"], list(every("map.source"))
    ('Source', ['zh', 'en'])
    """
    return _Every(key)


class _Every(Mapping[str, str]):
    def __init__(self, key: str) -> None:
        self.key = key

    def __getitem__(self, lang: str) -> str:
        return catalogues().every(self.key)[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(catalogues().languages)

    def __len__(self) -> int:
        return len(catalogues().languages)

    def __repr__(self) -> str:
        return f"every({self.key!r})"
