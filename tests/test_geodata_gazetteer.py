"""Gazetteer: every way the documents name a place resolves to one adcode."""

from __future__ import annotations

import pytest

import geodata
from words import in_language

ALIASES = [
    ("成都", "510100"), ("成都市", "510100"), ("Chengdu", "510100"), ("chengdu", "510100"),
    ("510100", "510100"), ("凉山", "513400"), ("凉山州", "513400"),
    ("凉山彝族自治州", "513400"), ("阿坝", "513200"), ("阿坝州", "513200"),
    ("甘孜", "513300"), ("甘孜州", "513300"), ("仁寿县", "511421"), ("仁寿", "511421"),
    ("彭山区", "511403"), ("东坡区", "511402"), ("重庆", "500000"), ("重庆市", "500000"),
    ("广安", "511600"), ("广安区", "511602"), ("乐山市中区", "511102"),
    ("内江市市中区", "511002"), ("四川省", "510000"), (" 眉山 ", "511400"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "adcode"), ALIASES)
def test_names_resolve(name: str, adcode: str) -> None:
    assert geodata.resolve(name) == adcode


def test_unknown_name_names_the_input_and_nearest_candidates() -> None:
    with pytest.raises(
        geodata.GeodataError, match=r"unknown place name '成都县'; nearest known places: Chengdu"
    ):
        geodata.resolve("成都县")


def test_ambiguous_county_name_lists_both_places() -> None:
    with pytest.raises(geodata.GeodataError, match="ambiguous") as info:
        geodata.resolve("市中区")
    chinese = in_language(info.value.args[0], "zh")  # the page's names; English in the CLI
    assert "乐山市市中区" in chinese and "内江市市中区" in chinese
    assert "511102" in str(info.value) and "511002" in str(info.value)


def test_place_record_and_prefecture_of_county() -> None:
    renshou = geodata.place("511421")
    assert (renshou.name, renshou.level, renshou.parent_adcode) == ("仁寿县", "county", "511400")
    assert geodata.prefecture_of("511421") == "511400"
    assert geodata.prefecture_of("511400") == "511400"
    with pytest.raises(geodata.GeodataError, match="999999"):
        geodata.place("999999")


def test_gazetteer_counts_levels() -> None:
    table = geodata.gazetteer()
    assert table.level.value_counts().to_dict() == {
        "county": 183, "prefecture": 21, "province": 1, "external": 1,
    }  # fmt: skip
    assert table.adcode.is_unique


def test_every_gazetteer_name_resolves_back_to_its_place() -> None:
    table = geodata.gazetteer()
    for row in table[table.level != "county"].itertuples():
        assert geodata.resolve(row.name) == row.adcode
        assert geodata.resolve(row.short_name) == row.adcode
