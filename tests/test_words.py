"""Words: one catalogue per language, every key in every language, every key used, one lookup."""

from __future__ import annotations

import ast
import copy
import datetime as dt
import pickle
import re
import shutil
import string
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

import words.catalogue
from layers import BASEMAPS, OVERLAYS
from layout_rules import LayoutRulesError, Problem, Rules, load_rules
from layout_rules.schema import (
    RECORD_KINDS,
    ClusterKind,
    CorridorKind,
    CrosswalkRelation,
    ParkKind,
)
from layout_rules.text import escape_html
from layout_rules.vocab import ROLES, STATUSES, role_label, status_label
from ui.compare import PARTS
from words import (
    CATALOGUES,
    SOURCE_LANGUAGE,
    Catalogues,
    Worded,
    WordsError,
    column_in,
    every,
    in_language,
    languages,
    load_catalogues,
    t,
    text_in,
    translated,
    worded,
)

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = (
    "ui",
    "layers",
    "factsheets",
    "footprints",
    "layout_rules",
    "geodata",
    "words",
    "workspace",
)
"""Where code may look up words (tests and benchmarks excluded)."""
_FILES = (".sqlite3",)
"""Endings of file names in the code that read like keys (``workspace.sqlite3``)."""


def _code_files() -> Iterator[Path]:
    yield ROOT / "app.py"
    for package in PACKAGES:
        yield from (ROOT / package).rglob("*.py")


def _templates() -> Iterator[Path]:
    yield from (ROOT / "factsheets" / "templates").glob("*.j2")


def _literals() -> tuple[set[str], set[str]]:
    """Every string literal of the code and templates, and the constant heads of f-strings."""
    literals: set[str] = set()
    heads: set[str] = set()
    for path in _code_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values:
                first = node.values[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    heads.add(first.value)
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        literals |= set(re.findall(r'"([^"{}]*)"', text))
        heads |= set(re.findall(r'"([a-z_.]+\.)" ~', text))  # t("kind." ~ park.kind, lang)
    return literals, heads


@pytest.fixture(scope="module")
def shipped() -> Catalogues:
    return load_catalogues()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Copy the shipped catalogues to break or extend."""
    for path in CATALOGUES.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def _french(folder: Path) -> Path:
    """Add a third catalogue: the English one with a few words in French."""
    data = yaml.safe_load((folder / "en.yaml").read_text(encoding="utf-8"))
    data["language"] = "Français"
    data["html_lang"] = "fr"
    data["map"]["layer"]["parks"] = "Parcs (position approximative)"
    data["role"]["core"] = "Zone de développement central"
    data["sheet"]["roles"] = "Rôles en un coup d'œil"
    path = folder / "fr.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


# --- the catalogues ---------------------------------------------------------------------------


def test_every_language_has_every_key(shipped: Catalogues) -> None:
    assert shipped.languages == ("zh", "en")
    assert len(shipped.keys) > 150
    for lang in shipped.languages:
        assert set(shipped.words[lang]) == set(shipped.keys), lang
        assert all(text.strip() for text in shipped.words[lang].values()), lang


def test_every_key_is_used_by_the_code(shipped: Catalogues) -> None:
    literals, heads = _literals()
    families = {head for head in heads if head.endswith(".") and head.count(".") >= 1}
    unused = sorted(
        key
        for key in shipped.keys
        if key not in literals and not any(key.startswith(family) for family in families)
    )
    assert not unused, f"keys no code looks up: {unused}"


def test_every_key_the_code_names_is_in_the_catalogues(shipped: Catalogues) -> None:
    literals, heads = _literals()
    sections = {key.split(".")[0] for key in shipped.keys if "." in key}
    key_like = re.compile(rf"^({'|'.join(sections)})(\.[a-z0-9_]+)+$")
    named = {text for text in literals if key_like.match(text) and not text.endswith(_FILES)}
    assert named, "the scan found no keys: it is not looking where the code is"
    assert not sorted(named - shipped.keys)
    families = {head for head in heads if head.endswith(".") and key_like.match(head + "x")}
    assert families >= {"map.layer.", "role.", "status.", "basemap.", "compare.part."}
    for family in families:
        assert any(key.startswith(family) for key in shipped.keys), family


def test_every_vocabulary_entry_has_its_words(shipped: Catalogues) -> None:
    kinds = {
        kind
        for literal in (ClusterKind, CorridorKind, ParkKind)
        for kind in typing.get_args(literal)
    }
    expected = {
        *(f"role.{role}" for role in ROLES),
        *(f"status.{status}" for status in STATUSES),
        *(f"basemap.{base}" for base in BASEMAPS),
        *(f"map.layer.{overlay}" for overlay in OVERLAYS),
        *(f"compare.part.{part}" for part in PARTS),
        *(f"kind.{kind}" for kind in kinds),
        *(f"compare.relation.{relation}" for relation in typing.get_args(CrosswalkRelation)),
    }
    assert not sorted(expected - shipped.keys)


def test_no_language_branches_left_in_code() -> None:
    branch = re.compile(
        r"""if en\b|\ben if\b|lang == ["']en["']|lang != ["']en["']|["']en["'] if|_en if """
    )
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in [*_code_files(), *_templates()]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if branch.search(line)
    ]
    assert not found


# --- the lookup -------------------------------------------------------------------------------


def test_lookup_returns_the_text_of_the_language() -> None:
    assert t("map.layer.parks", "zh") == "园区（示意位置）"
    assert t("map.layer.parks", "en") == "Parks (approximate location)"
    assert t("sources.cited", "en", n=3) == "3 cited roles"
    assert t("sources.cited", "zh", n=3) == "3 条引用"
    assert role_label("core", lang="en") == "Core development zone"
    assert status_label("lost", lang="zh") == "未再点名"
    assert dict(every("sep.list")) == {"zh": "、", "en": ", "}


def test_unknown_key_language_or_field_is_a_clear_error() -> None:
    with pytest.raises(WordsError, match=r"unknown word key 'map\.nope' \(catalogue en\.yaml\)"):
        t("map.nope", "en")
    with pytest.raises(WordsError, match="unknown language 'fr'; catalogues exist for zh, en"):
        t("map.layer.parks", "fr")
    with pytest.raises(WordsError, match=r"sheet\.peers_basis.*needs the field 'title'"):
        t("sheet.peers_basis", "zh")


def test_languages_are_the_catalogue_files_source_first() -> None:
    assert languages() == (SOURCE_LANGUAGE, "en")
    assert list(every("language")) == ["zh", "en"]


# --- messages that carry their key (words.worded) ---------------------------------------------


def test_a_worded_message_is_its_english_text_and_words_again_in_any_language() -> None:
    reason = worded("error.rules.unknown_industry", id="nope", doc="sei-2016")
    message = worded("error.limit.source_refused", name="a.txt", reason=reason)
    assert message == "source text 'a.txt': 'nope' is not an industry of sei-2016"
    assert in_language(message, "zh") == "原文 'a.txt'：'nope' 不是 sei-2016 中的产业"
    assert in_language(message, "en") == message
    assert in_language("a plain message", "zh") == "a plain message"
    for kept in (copy.deepcopy(message), pickle.loads(pickle.dumps(message))):
        assert isinstance(kept, Worded) and in_language(kept, "zh") == in_language(message, "zh")


def test_a_rules_error_is_english_for_the_cli_and_worded_for_the_page() -> None:
    problem = Problem("a.yaml", "industries[0].id", worded("error.rules.missing"))
    error = LayoutRulesError([problem, Problem("b.yaml", "-", "plain words")])
    assert (
        str(error) == "a.yaml: industries[0].id: required field is missing\nb.yaml: -: plain words"
    )
    assert (
        error.in_language("zh") == "a.yaml：industries[0].id：缺少必填字段\nb.yaml：-：plain words"
    )


def test_every_message_fills_in_every_language(shipped: Catalogues) -> None:
    """A message's parameters fill its words in each language: the same fields everywhere."""
    special = {
        f"error.limit.special.{k}" for k in ("directory", "fifo", "socket", "device", "other")
    }
    records = {f"error.rules.duplicate.{kind[:-1]}" for kind in RECORD_KINDS}
    assert not sorted((special | records) - shipped.keys)
    for key in (key for key in shipped.keys if key.startswith("error.")):
        fields = {
            lang: {name for _, name, _, _ in string.Formatter().parse(words[key]) if name}
            for lang, words in shipped.words.items()
        }
        assert fields["zh"] == fields["en"], key


# --- a broken or third catalogue --------------------------------------------------------------


def test_a_third_language_is_one_file(folder: Path) -> None:
    _french(folder)
    catalogues = load_catalogues(folder)
    assert catalogues.languages == ("zh", "en", "fr")
    assert catalogues.t("map.layer.parks", "fr") == "Parcs (position approximative)"
    assert catalogues.t("language", "fr") == "Français"


def test_a_third_language_reaches_the_fact_sheet_and_the_map(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factsheets import fact_sheet, render_html
    from layers import park_layer

    _french(folder)
    catalogues = load_catalogues(folder)
    monkeypatch.setattr(words.catalogue, "catalogues", lambda: catalogues)
    sheet = fact_sheet(load_rules(), "成都", generated=dt.date(2024, 5, 1))
    page = render_html(sheet, lang="fr")
    assert 'lang="fr"' in page
    assert escape_html("Rôles en un coup d'œil") in page  # catalogue text is escaped too
    assert "Zone de développement central" in page
    # Data without a French translation shows the source (Chinese) text, never a blank.
    assert "新一代信息技术" in page
    assert park_layer(_empty_parks(), lang="fr").layer_name == "Parcs (position approximative)"


def _empty_parks() -> typing.Any:
    import pandas as pd

    columns = ["id", "name", "name_en", "kind", "host", "host_adcode", "host_name", "lon", "lat"]
    return pd.DataFrame(columns=[*columns, "industries", "note", "section", "quote"])


def test_a_catalogue_lacking_a_key_names_the_file_and_the_key(folder: Path) -> None:
    path = _french(folder)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["sheet"]["footer"]
    data["sheet"]["extra"] = "?"
    data["sheet"]["peers_basis"] = "Comparé dans : {titre}."
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(WordsError) as caught:
        load_catalogues(folder)
    message = str(caught.value)
    assert "fr.yaml: sheet.footer: missing (the zh catalogue has it)" in message
    assert "fr.yaml: sheet.extra: not in the zh catalogue" in message
    assert "fr.yaml: sheet.peers_basis: fields ['titre'] differ" in message


def test_malformed_and_oversized_catalogues_are_refused(folder: Path) -> None:
    (folder / "fr.yaml").write_text("map: [unclosed", encoding="utf-8")
    (folder / "de.yaml").write_text("x" * (words.catalogue.MAX_BYTES + 1), encoding="utf-8")
    (folder / "it.yaml").write_text("map:\n  Bad-Key: 1\n", encoding="utf-8")
    with pytest.raises(WordsError) as caught:
        load_catalogues(folder)
    message = str(caught.value)
    assert "fr.yaml: not readable YAML" in message
    assert "de.yaml: larger than" in message
    assert "it.yaml: map.Bad-Key: a key is lower-case letters, digits and _" in message


def test_without_the_source_catalogue_nothing_loads(tmp_path: Path) -> None:
    shutil.copy(CATALOGUES / "en.yaml", tmp_path / "en.yaml")
    with pytest.raises(WordsError, match=r"no catalogue zh\.yaml"):
        load_catalogues(tmp_path)


# --- data text --------------------------------------------------------------------------------


def test_data_text_picks_the_translation_or_falls_back_to_the_source(rules: Rules) -> None:
    industry = rules.document("sei-2016-2020").industries[0]
    assert text_in(industry, "name", "zh") == industry.name
    assert text_in(industry, "name", "en") == industry.name_en
    assert text_in(industry, "name", "fr") == industry.name  # no French: the source text
    park = {"name": "成都高新区", "name_en": None, "name_fr": "Zone high-tech de Chengdu"}
    assert text_in(park, "name", "en") == "成都高新区"
    assert text_in(park, "name", "fr") == "Zone high-tech de Chengdu"
    assert translated(park, "name", "zh") is None
    city = {"short_name": "成都", "name": "成都市", "name_en": "Chengdu"}
    assert text_in(city, "name", "zh", source="short_name") == "成都"


def test_a_table_column_falls_back_row_by_row() -> None:
    import pandas as pd

    table = pd.DataFrame({"city": ["成都", "仁寿县"], "city_en": ["Chengdu", None]})
    assert column_in(table, "city", "en").tolist() == ["Chengdu", "仁寿县"]
    assert column_in(table, "city", "zh").tolist() == ["成都", "仁寿县"]
    assert column_in(table, "city", "fr").tolist() == ["成都", "仁寿县"]
