"""Hostile rule folders: every limit is checked before parsing and ends in a clear message.

Each case starts from the valid fixture (``tests/broken_rules/_valid``) copied to a temporary
folder, breaks one thing, and asserts the exact problem a user would read, and that it came
fast (the probe behind issue 14 saw these run for minutes or forever).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from layout_rules import LayoutRulesError, load_rules
from layout_rules.limits import DEFAULT_LIMITS, Limits, compose

VALID = Path(__file__).parent / "broken_rules" / "_valid"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Copy the valid fixture privately: ``data/`` and ``sources/``."""
    shutil.copytree(VALID, tmp_path / "rules")
    return tmp_path / "rules"


def _problems(data: Path, *, limits: Limits = DEFAULT_LIMITS, seconds: float = 10) -> list[str]:
    start = time.perf_counter()
    with pytest.raises(LayoutRulesError) as caught:
        load_rules(data, limits=limits)
    elapsed = time.perf_counter() - start
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    return [str(problem) for problem in caught.value.problems]


BOMB = """\
document: {id: bomb}
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_the_valid_fixture_loads_within_the_default_limits(folder: Path) -> None:
    """Control: the limits refuse the hostile cases below, not ordinary rules."""
    assert list(load_rules(folder / "data").documents) == ["mini-a", "mini-b"]


def test_the_shipped_rules_load_within_the_default_limits() -> None:
    assert len(load_rules().documents) == 5


def test_an_alias_bomb_is_refused_in_seconds(folder: Path) -> None:
    (folder / "data" / "bomb.yaml").write_text(BOMB, encoding="utf-8")
    problems = _problems(folder / "data", seconds=3)
    assert any(p.startswith("bomb.yaml: line 6: more than 32 aliases") for p in problems)


def test_an_alias_bomb_within_the_alias_count_is_refused_by_its_expanded_size() -> None:
    with pytest.raises(Exception, match=r"more than 20,000 YAML values, aliases expanded"):
        compose(BOMB, Limits(aliases=1_000))


def test_a_recursive_alias_is_refused(folder: Path) -> None:
    (folder / "data" / "loop.yaml").write_text("a: &a [1, *a]\n", encoding="utf-8")
    problems = _problems(folder / "data")
    assert "loop.yaml: line 1: a recursive alias (a value that contains itself); refused" in (
        problems
    )


def test_a_few_aliases_are_fine() -> None:
    assert compose("a: &x [1, 2]\nb: *x\n") is not None


@pytest.mark.parametrize("opener", ["[", "- ", "{a: "])
def test_deep_nesting_is_refused_without_recursion_error(folder: Path, opener: str) -> None:
    closer = {"[": "]", "- ": "", "{a: ": "}"}[opener]
    depth = 5_000
    if opener == "- ":
        text = "".join("  " * i + "-\n" for i in range(500))
    else:
        text = opener * depth + "1" + closer * depth
    (folder / "data" / "deep.yaml").write_text(text, encoding="utf-8")
    problems = _problems(folder / "data", seconds=5)
    assert [p for p in problems if p.startswith("deep.yaml")] == [
        p for p in problems if "nested deeper than 32 levels (Limits.depth)" in p
    ]
    assert any("deep.yaml: line " in p for p in problems)


def test_a_50_mb_file_is_refused_before_parsing(folder: Path) -> None:
    entry = "  - id: x\n    name: 名字\n    name_en: name\n"
    big = "industries:\n" + entry * (50_000_000 // len(entry.encode()))
    (folder / "data" / "big.yaml").write_text(big, encoding="utf-8")
    problems = _problems(folder / "data", seconds=3)
    size = (folder / "data" / "big.yaml").stat().st_size
    assert (
        f"big.yaml: -: file is {size:,} bytes; the limit is 512,000 bytes (Limits.file_bytes)"
        in problems
    )


def test_the_file_size_limit_is_a_setting(folder: Path) -> None:
    problems = _problems(folder / "data", limits=Limits(file_bytes=500))
    assert any("mini_a.yaml: -: file is " in p and "the limit is 500 bytes" in p for p in problems)


def test_a_folder_over_the_total_byte_limit_is_refused_as_one_problem(folder: Path) -> None:
    for i in range(3):
        (folder / "data" / f"pad_{i}.yaml").write_text("# " + "x" * 400 + "\n")
    assert _problems(folder / "data", limits=Limits(upload_bytes=1_000)) == [
        f"{folder / 'data'}: -: the YAML files hold more than 1,000 bytes together "
        "(Limits.upload_bytes); refused"
    ]


def test_too_many_files_are_refused_as_one_problem(folder: Path) -> None:
    for i in range(101):
        (folder / "data" / f"extra_{i:03}.yaml").write_text("a: 1\n", encoding="utf-8")
    assert _problems(folder / "data") == [
        f"{folder / 'data'}: -: 104 YAML files; the limit is 100 (Limits.files)"
    ]


def test_a_fifo_is_refused_not_waited_on(folder: Path) -> None:
    os.mkfifo(folder / "data" / "x.yaml")
    problems = _problems(folder / "data", seconds=5)
    assert "x.yaml: -: a FIFO (named pipe), not a regular file; refused" in problems


def test_a_directory_named_yaml_is_refused(folder: Path) -> None:
    (folder / "data" / "x.yaml").mkdir()
    problems = _problems(folder / "data")
    assert "x.yaml: -: a directory, not a regular file; refused" in problems


def test_a_dangling_symlink_is_refused(folder: Path) -> None:
    (folder / "data" / "x.yaml").symlink_to(folder / "nowhere.yaml")
    problems = _problems(folder / "data")
    assert "x.yaml: -: a dangling symlink (its target does not exist); refused" in problems


def test_a_looping_symlink_is_refused(folder: Path) -> None:
    (folder / "data" / "x.yaml").symlink_to(folder / "data" / "y.yaml")
    (folder / "data" / "y.yaml").symlink_to(folder / "data" / "x.yaml")
    problems = _problems(folder / "data")
    assert "x.yaml: -: a symlink loop; refused" in problems
    assert "y.yaml: -: a symlink loop; refused" in problems


def test_a_symlink_out_of_the_folder_is_not_followed(folder: Path) -> None:
    (folder / "data" / "x.yaml").symlink_to("/etc/passwd")
    problems = _problems(folder / "data")
    assert problems == ["x.yaml: -: a symlink to a file outside the folder; refused"]
    assert not any("root" in p for p in problems)


def test_a_symlink_inside_the_folder_is_followed(folder: Path) -> None:
    data = folder / "data"
    (data / "mini_b.yaml").rename(folder / "mini_b.orig")
    (data / "sub").mkdir()
    (folder / "mini_b.orig").rename(data / "sub" / "b.txt")
    (data / "mini_b.yaml").symlink_to(data / "sub" / "b.txt")
    assert list(load_rules(data).documents) == ["mini-a", "mini-b"]


def test_a_rule_file_that_is_not_utf8_names_the_file(folder: Path) -> None:
    (folder / "data" / "latin.yaml").write_bytes("document: {id: café}\n".encode("latin-1"))
    assert "latin.yaml: byte 18: not UTF-8 text" in _problems(folder / "data")


def test_a_binary_rule_file_names_the_file(folder: Path) -> None:
    (folder / "data" / "bin.yaml").write_bytes(bytes(range(256)) * 4)
    assert "bin.yaml: byte 128: not UTF-8 text" in _problems(folder / "data")


def _text_problem(folder: Path) -> list[str]:
    return [p for p in _problems(folder / "data") if "document.file" in p]


def test_a_binary_source_text_names_the_file(folder: Path) -> None:
    (folder / "sources" / "mini_a.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    assert _text_problem(folder) == [
        "mini_a.yaml: document.file: source text 'mini_a.txt': not UTF-8 text "
        "(binary, wrongly encoded or truncated at byte 0)"
    ]


def test_a_wrongly_encoded_source_text_names_the_file(folder: Path) -> None:
    text = (folder / "sources" / "mini_a.txt").read_text(encoding="utf-8")
    (folder / "sources" / "mini_a.txt").write_bytes(text.encode("gb18030"))
    assert _text_problem(folder)[0].startswith(
        "mini_a.yaml: document.file: source text 'mini_a.txt': not UTF-8 text"
    )


def test_a_truncated_source_text_names_the_file(folder: Path) -> None:
    (folder / "sources" / "mini_a.txt").write_bytes("成都".encode()[:-1])
    assert _text_problem(folder) == [
        "mini_a.yaml: document.file: source text 'mini_a.txt': not UTF-8 text "
        "(binary, wrongly encoded or truncated at byte 3)"
    ]


def test_a_source_text_linked_out_of_the_folder_is_refused(folder: Path) -> None:
    (folder / "sources" / "mini_a.txt").unlink()
    (folder / "sources" / "mini_a.txt").symlink_to("/etc/passwd")
    assert _text_problem(folder) == [
        "mini_a.yaml: document.file: source text 'mini_a.txt': "
        "a symlink to a file outside the folder; refused"
    ]


def test_a_source_text_that_is_a_fifo_is_refused(folder: Path) -> None:
    (folder / "sources" / "mini_a.txt").unlink()
    os.mkfifo(folder / "sources" / "mini_a.txt")
    assert _text_problem(folder) == [
        "mini_a.yaml: document.file: source text 'mini_a.txt': "
        "a FIFO (named pipe), not a regular file; refused"
    ]


def test_a_source_text_over_the_limit_is_refused(folder: Path) -> None:
    with pytest.raises(LayoutRulesError) as caught:
        load_rules(folder / "data", limits=Limits(text_bytes=100))
    assert any(
        "the limit is 100 bytes (Limits.text_bytes)" in str(p) for p in caught.value.problems
    )


def test_a_file_of_ten_thousand_entries_is_refused_by_its_count_of_values(folder: Path) -> None:
    lines = "".join(f"- {{id: X{i}}}\n" for i in range(10_000))
    (folder / "data" / "many.yaml").write_text(
        "document: {id: many}\nindustries:\n" + lines, encoding="utf-8"
    )
    problems = _problems(folder / "data", seconds=5)
    assert len(problems) == 1
    assert re.fullmatch(
        r"many\.yaml: line \d+: more than 20,000 YAML values, aliases expanded \(Limits\.nodes\); "
        r"refused",
        problems[0],
    )


def test_five_thousand_industries_problems_are_listed_as_the_first_hundred_and_a_count(
    folder: Path,
) -> None:
    lines = "".join(f"- {{id: X{i}}}\n" for i in range(5_000))
    (folder / "data" / "many.yaml").write_text(
        "document: {id: many}\nindustries:\n" + lines, encoding="utf-8"
    )
    problems = _problems(folder / "data", seconds=15)
    assert len(problems) == 101
    assert problems[0] == "many.yaml: document.date: required field is missing"
    assert problems[-1].startswith("(all files): -: … and ")
    assert problems[-1].endswith("more problems not listed (Limits.problems = 100)")
