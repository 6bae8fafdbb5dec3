"""Places: every reference form resolves to one place, with one prefecture contract and error."""

from __future__ import annotations

import pickle
import re

import pytest

import geodata
from geodata import places
from geodata.places import PlaceError, find_place, prefecture, prefecture_of
from words import in_language

REFERENCES = [
    ("成都", "510100", "510100"), ("成都市", "510100", "510100"),
    ("Chengdu", "510100", "510100"), ("510100", "510100", "510100"),
    ("仁寿县", "511421", "511400"), ("乐山市中区", "511102", "511100"),
    ("凉山州", "513400", "513400"), ("重庆", "500000", None), ("四川省", "510000", None),
]  # fmt: skip


@pytest.mark.parametrize(("reference", "adcode", "city"), REFERENCES)
def test_every_reference_form_is_one_place(reference: str, adcode: str, city: str | None) -> None:
    assert find_place(reference).adcode == adcode
    assert prefecture_of(reference) == city
    assert prefecture_of(adcode) == city


def test_a_place_carries_its_names_level_parent_and_label_point() -> None:
    district = find_place("乐山市中区")
    assert (district.name, district.level, district.parent_adcode) == ("市中区", "county", "511100")
    chengdu = find_place("Chengdu")
    assert (chengdu.name, chengdu.short_name, chengdu.name_en) == ("成都市", "成都", "Chengdu")
    assert 103 < chengdu.label_lon < 105 and 30 < chengdu.label_lat < 31.5


def test_prefecture_takes_cities_and_lifts_counties_only_when_asked() -> None:
    assert prefecture("成都") == "510100"
    assert prefecture("仁寿县", lift=True) == "511400"
    with pytest.raises(
        PlaceError,
        match=r"'仁寿县' \(511421, Renshou County \(romanised\), Meishan\) is not a Sichuan "
        r"prefecture; it lies in Meishan \(5114",
    ) as county:
        prefecture("仁寿县")
    chinese = "'仁寿县'（511421，眉山市仁寿县） 不是四川的市（州）；它位于 眉山市（511400）"
    assert in_language(county.value.args[0], "zh") == chinese
    with pytest.raises(
        PlaceError, match=r"'重庆' \(500000, Chongqing\) is not a Sichuan prefecture$"
    ):
        prefecture("重庆", lift=True)


@pytest.mark.parametrize("call", [find_place, prefecture_of, prefecture])
def test_an_unknown_reference_is_a_place_error_naming_the_nearest_places(call) -> None:
    with pytest.raises(
        PlaceError, match=r"unknown place name '成督'; nearest known places: Chengdu; "
    ):
        call("成督")


def test_an_ambiguous_reference_is_a_place_error_listing_what_it_may_mean() -> None:
    with pytest.raises(
        PlaceError,
        match=r"ambiguous: it may mean Shizhong District \(romanised\), Neijiang \(511002\); "
        r"Shizhong District \(romanised\), Leshan \(511102\)",
    ) as ambiguous:
        prefecture_of("市中区")
    chinese = "地名 '市中区' 有歧义：可能指 内江市市中区（511002）、乐山市市中区（511102）"
    assert in_language(ambiguous.value.args[0], "zh") == chinese


def test_the_places_a_message_suggests_are_named_in_the_page_language() -> None:
    """English names (romanised ones marked) on an English page, Chinese on a Chinese one."""
    with pytest.raises(PlaceError) as caught:
        find_place("Atlantis")
    message = caught.value.args[0]
    english, chinese = in_language(message, "en"), in_language(message, "zh")
    assert english == str(message)  # the command line's words: English throughout
    assert not re.search(r"[\u4e00-\u9fff]", english), english
    assert "Batang County (romanised), Garzê (Ganzi)" in english
    assert chinese.startswith("未知的地名 'Atlantis'；最接近的已知地名：")
    assert "甘孜藏族自治州巴塘县" in chinese and "Batang" not in chinese
    copied = pickle.loads(pickle.dumps(message))  # Streamlit's session state may copy it
    assert in_language(copied, "zh") == chinese


def test_the_place_error_is_the_packages_error_type() -> None:
    assert issubclass(PlaceError, geodata.GeodataError)
    with pytest.raises(geodata.GeodataError):
        places.place("999999")


def test_prefectures_are_the_21_in_adcode_order() -> None:
    cities = places.prefectures()
    assert len(cities) == 21
    assert [city.adcode for city in cities] == sorted(city.adcode for city in cities)
    assert {city.level for city in cities} == {"prefecture"}
    assert all(prefecture(city.short_name) == city.adcode for city in cities)


def test_every_package_resolves_through_the_same_function() -> None:
    import layout_rules

    assert layout_rules.prefecture_of is geodata.prefecture_of is prefecture_of
    assert layout_rules.resolve_place is geodata.resolve is places.resolve
    assert layout_rules.prefectures is geodata.prefectures
