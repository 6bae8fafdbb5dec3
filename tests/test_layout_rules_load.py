"""Loading and validation of layout rules: the shipped data, a valid fixture, a broken corpus.

Each folder of ``tests/broken_rules/`` is the valid fixture ``_valid`` with one thing broken;
its ``expected.txt`` lists, one per line, a fragment ``file: entry: reason`` that exactly one
reported problem must contain. The loader must report exactly those problems: no fewer (a
miss) and no more (noise that would hide the real problem).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import shutil
from enum import Enum
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel, ValidationError

import geodata
from layout_rules import DATA_DIR, LayoutRulesError, Problem, Rules, load_rules
from layout_rules.library_errors import choices_at, validation_problems, yaml_problem
from layout_rules.schema import DocumentRules
from tests.language_scan import foreign_words
from words import Worded, in_language

pytestmark = pytest.mark.cost(5)  # seconds; the costliest files run first (conftest.py)

BROKEN = Path(__file__).parent / "broken_rules"
VALID = BROKEN / "_valid"
SOURCES = DATA_DIR.parent / "sources"
CASES = sorted(path.name for path in BROKEN.iterdir() if path.is_dir() and path.name != "_valid")


def _expected(case: str) -> list[str]:
    lines = (BROKEN / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def _hashes(*folders: Path) -> dict[str, str]:
    return {
        str(path): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in folders
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# --- the broken corpus ----------------------------------------------------------------------


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 20


def test_the_valid_fixture_loads() -> None:
    """Control: every broken case differs from this folder, so the break is what fails it."""
    rules = load_rules(VALID / "data")
    assert list(rules.documents) == ["mini-a", "mini-b"]
    assert rules.crosswalk is not None


@pytest.mark.parametrize("case", CASES)
def test_broken_rules_are_rejected_naming_file_entry_and_reason(case: str) -> None:
    expected = _expected(case)
    assert expected, f"{case}/expected.txt lists no expected problem"
    with pytest.raises(LayoutRulesError) as caught:
        load_rules(BROKEN / case / "data")
    problems = [str(problem) for problem in caught.value.problems]
    for fragment in expected:
        matching = [problem for problem in problems if fragment in problem]
        assert len(matching) == 1, f"{fragment!r} not reported once in {problems}"
    assert len(problems) == len(expected), problems


def test_every_problem_of_the_broken_corpus_is_worded_in_every_language() -> None:
    """Each reason carries its catalogue key: a Chinese page words it in Chinese (issue 13)."""
    for case in CASES:
        with pytest.raises(LayoutRulesError) as caught:
            load_rules(BROKEN / case / "data")
        for problem in caught.value.problems:
            assert isinstance(problem.reason, Worded), (case, str(problem))
            chinese = problem.in_language("zh")
            assert chinese != str(problem), (case, chinese)
            assert in_language(problem.reason, "zh") in chinese
            assert problem.in_language("en") == str(problem)  # the CLI's words, unchanged


_PATH = re.compile(r"[a-z_]+(\[\d+\]|\.[a-z_]+)+")
"""A path into the YAML (``clusters[0]``, ``document.file``): names, not words."""


def _library_text(reason: str) -> list[str]:
    """Return the English words of a Chinese reason, once the data it quotes is removed.

    What a reason quotes from the broken file (values in quotes, ids, the schema's allowed
    values, YAML's ``true``/``false``, the format names ``YYYY-MM-DD`` and ``UTF-8``, file
    names and paths) is data,
    not words; anything English left over is a library's message shown as it is.
    """
    text = reason
    for data in (
        r"'[^']*'",
        "YYYY-MM-DD|UTF-8|true|false",
        r"[a-z_]+:",
        r"\S*/\S+",
        r"[\w-]+\.(yaml|txt)",
    ):
        text = re.sub(data, " ", text)
    text = _PATH.sub(" ", text.replace("mini-a", " ").replace("mini-b", " "))
    return foreign_words(text, "zh")


def test_no_problem_of_the_broken_corpus_shows_library_text_in_chinese() -> None:
    """PyYAML's and pydantic's English is worded by the error's type, for every case (issue 13).

    Entries that are places in the file (line, column, byte) are worded too; entries that are
    paths into the YAML (``industries[0].layout``) are names, the same in every language.
    """
    for case in CASES:
        with pytest.raises(LayoutRulesError) as caught:
            load_rules(BROKEN / case / "data")
        for problem in caught.value.problems:
            reason = in_language(problem.reason, "zh")
            assert not _library_text(reason), (case, reason)
            entry = in_language(problem.entry, "zh")
            assert entry == problem.entry or not foreign_words(entry, "zh"), (case, entry)
            assert _PATH.fullmatch(problem.entry) or entry != problem.entry or entry == "-", entry


@pytest.mark.parametrize("case", CASES)
def test_the_message_has_one_line_per_problem(case: str) -> None:
    with pytest.raises(LayoutRulesError) as caught:
        load_rules(BROKEN / case / "data")
    error = caught.value
    assert isinstance(error, ValueError)
    assert str(error).splitlines() == [str(problem) for problem in error.problems]
    for problem in error.problems:
        assert problem.file and problem.entry and problem.reason
        assert "\n" not in problem.reason


def test_failed_loads_leave_every_file_unchanged(tmp_path: Path) -> None:
    before = _hashes(DATA_DIR, SOURCES, BROKEN)
    broken_copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, broken_copy)
    target = broken_copy / "sei_2016_2020.yaml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("core: [成都, 绵阳]", "core: [成都, 绵羊]", 1), encoding="utf-8")
    copy_before = _hashes(broken_copy)
    with pytest.raises(LayoutRulesError, match=r"sei_2016_2020\.yaml: industries"):
        load_rules(broken_copy, sources=SOURCES)
    for case in CASES:
        with pytest.raises(LayoutRulesError):
            load_rules(BROKEN / case / "data")
    assert _hashes(DATA_DIR, SOURCES, BROKEN) == before
    assert _hashes(broken_copy) == copy_before


def test_a_missing_folder_is_one_problem(tmp_path: Path) -> None:
    with pytest.raises(LayoutRulesError) as caught:
        load_rules(tmp_path / "nowhere")
    assert caught.value.problems == (
        Problem(str(tmp_path / "nowhere"), "-", "not a folder of rule files"),
    )


def test_problem_and_error_text() -> None:
    problem = Problem("a.yaml", "industries[0].id", "bad")
    assert str(problem) == "a.yaml: industries[0].id: bad"
    error = LayoutRulesError([problem, problem])
    assert str(error) == "a.yaml: industries[0].id: bad\na.yaml: industries[0].id: bad"
    assert error.problems == (problem, problem)


# --- the shipped data -----------------------------------------------------------------------


def test_the_shipped_data_loads(rules: Rules) -> None:
    assert set(rules.documents) == {
        "sei-2016-2020",
        "new-economy-2021",
        "digital-economy-2021",
        "meishan-new-economy-2022",
        "new-industrialisation-2023",
    }
    assert rules.crosswalk is not None
    assert len(rules.document("sei-2016-2020").industries) == 8


def test_documents_are_ordered_by_date(rules: Rules) -> None:
    dates = [doc.document.date for doc in rules.documents.values()]
    assert dates == sorted(dates)
    assert next(iter(rules.documents)) == "sei-2016-2020"


def test_rules_are_immutable(rules: Rules) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        rules.data_version = "x"  # type: ignore[misc]  # the write the test proves is refused
    with pytest.raises(TypeError):
        rules.documents["x"] = rules.documents["sei-2016-2020"]  # type: ignore[index]  # the write the test proves is refused
    doc = rules.documents["sei-2016-2020"]
    with pytest.raises(ValidationError):
        doc.industries[0].name = "x"  # type: ignore[misc]  # the write the test proves is refused
    assert isinstance(doc.industries, tuple)
    assert isinstance(doc.industries[0].layout.core, tuple)  # type: ignore[union-attr]  # this industry has a layout


def test_data_version_follows_the_content(tmp_path: Path, rules: Rules) -> None:
    assert len(rules.data_version) == 12
    assert load_rules().data_version == rules.data_version
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    assert load_rules(copy, sources=SOURCES).data_version == rules.data_version
    target = copy / "crosswalk.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert load_rules(copy, sources=SOURCES).data_version != rules.data_version


def test_unknown_document_and_industry_raise(rules: Rules) -> None:
    with pytest.raises(LayoutRulesError, match="unknown document 'sei-2099'"):
        rules.document("sei-2099")
    with pytest.raises(LayoutRulesError, match="unknown industry 'steel'"):
        rules.industry("sei-2016-2020", "steel")


def _raw_places(node: object) -> list[tuple[str, str]]:
    """Every (key, place name) in raw YAML, found without the loader's own walker."""
    found: list[tuple[str, str]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {"core", "expansion", "places"}:
                found += [(key, name) for name in value]
            elif key in {"place", "host"}:
                found.append((key, value))
            elif key == "waypoints":
                found += [("waypoint", w if isinstance(w, str) else w["place"]) for w in value]
            else:
                found += _raw_places(value)
    elif isinstance(node, list):
        for item in node:
            found += _raw_places(item)
    return found


def _raw_documents() -> dict[str, object]:
    return {
        path.name: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(DATA_DIR.glob("*.yaml"))
        if path.name != "crosswalk.yaml"
    }


def test_every_shipped_place_resolves_and_tiers_name_prefectures() -> None:
    places = [
        (file, key, name)
        for file, raw in _raw_documents().items()
        for key, name in _raw_places(raw)
    ]
    assert len(places) > 200
    unresolved = []
    for file, key, name in places:
        try:
            code = geodata.resolve(name)
        except geodata.GeodataError:
            unresolved.append((file, name))
            continue
        if key in {"core", "expansion"}:
            assert geodata.place(code).level == "prefecture", (file, name)
    assert unresolved == []


def test_no_shipped_city_is_both_core_and_expansion(rules: Rules) -> None:
    for doc in rules.documents.values():
        for industry in doc.industries:
            if industry.layout is None:
                continue
            core = [geodata.resolve(name) for name in industry.layout.core]
            expansion = [geodata.resolve(name) for name in industry.layout.expansion]
            assert len(set(core)) == len(core), industry.id
            assert len(set(expansion)) == len(expansion), industry.id
            assert not set(core) & set(expansion), industry.id


def test_shipped_ids_are_unique(rules: Rules) -> None:
    for kind in ("clusters", "parks", "corridors"):
        ids = [record.id for doc in rules.documents.values() for record in getattr(doc, kind)]
        assert len(ids) == len(set(ids)), kind
    for doc in rules.documents.values():
        ids = [industry.id for industry in doc.industries]
        assert len(ids) == len(set(ids)), doc.document.id


def test_a_model_rejects_an_unknown_key() -> None:
    raw = yaml.safe_load((VALID / "data" / "mini_a.yaml").read_text(encoding="utf-8"))
    raw["document"]["sponsor"] = "x"
    with pytest.raises(ValidationError):
        DocumentRules.model_validate(raw)


def test_library_errors_are_worded_by_their_type_not_their_text() -> None:
    """An enum's values come from the model; a type no catalogue words names field and value."""

    class Colour(Enum):
        RED = "red"
        GREEN = "green"

    class Lamp(BaseModel):
        colour: Colour
        serial: complex

    with pytest.raises(ValidationError) as caught:
        Lamp.model_validate({"colour": "blue", "serial": "x"})
    colour, serial = validation_problems("lamp.yaml", caught.value, Lamp)
    assert choices_at(Lamp, ("colour",)) == ("red", "green")
    assert str(colour) == "lamp.yaml: colour: Input should be one of 'red', 'green'; got 'blue'"
    assert (
        colour.in_language("zh") == "lamp.yaml：colour：应为以下之一：'red', 'green'；实际为 'blue'"
    )
    assert serial.in_language("zh") == "lamp.yaml：serial：'x' 不是 serial 的有效值"
    with pytest.raises(yaml.YAMLError) as broken:
        yaml.safe_load('a: "unclosed\n')
    problem = yaml_problem("a.yaml", broken.value)
    assert problem.in_language("zh").startswith(
        "a.yaml：第 2 行第 1 列：YAML 格式有误：此处无法读取"
    )
