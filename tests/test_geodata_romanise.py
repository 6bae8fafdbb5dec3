"""English names of counties: pinyin of the stem and the English suffix, marked as romanised."""

from __future__ import annotations

import re

import pytest

import geodata
from geodata.romanise import county_name_en, readings, romanised_text
from layers import county_data, county_layer, explorer_map, park_layer, park_table
from layout_rules import Rules
from ui.map import place_name

SAMPLES = [
    ("仁寿县", "Renshou County"), ("乐山市中区", "Shizhong District"),
    ("北川羌族自治县", "Beichuan Qiang Autonomous County"),
    ("峨边彝族自治县", "Ebian Yi Autonomous County"),
    ("木里藏族自治县", "Muli Tibetan Autonomous County"),
    ("都江堰市", "Dujiangyan City"), ("东区", "Dong District"), ("渠县", "Qu County"),
    ("大安区", "Da'an District"), ("广安区", "Guang'an District"), ("新都区", "Xindu District"),
    ("长宁县", "Changning County"), ("什邡市", "Shifang City"), ("荥经县", "Yingjing County"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "english"), SAMPLES)
def test_sample_counties_have_their_english_names(name: str, english: str) -> None:
    place = geodata.place(geodata.resolve(name))
    assert (place.level, place.name_en, place.name_en_romanised) == ("county", english, True)


def test_every_county_gets_a_romanised_name_and_only_counties_are_marked() -> None:
    table = geodata.gazetteer()
    counties = table[table.level == "county"]
    assert len(counties) == 183
    pattern = re.compile(r"^[A-Z][a-z']+( [A-Z][a-z]+)* (District|County|City)$")
    bad = [(n, e) for n, e in zip(counties["name"], counties["name_en"], strict=True)
           if not pattern.match(e or "")]  # fmt: skip
    assert bad == []
    assert counties["name_en_romanised"].all()
    assert not table[table.level != "county"]["name_en_romanised"].any()
    assert geodata.place("510100").name_en == "Chengdu"


def test_county_boundaries_carry_the_english_name() -> None:
    counties = geodata.load_counties(variant="web").set_index("adcode")
    assert counties.loc["511421", ["name", "name_en"]].tolist() == ["仁寿县", "Renshou County"]
    assert counties["name_en_romanised"].all()


def test_romanised_names_resolve_and_shared_ones_are_ambiguous() -> None:
    assert geodata.resolve("Renshou County") == "511421"
    with pytest.raises(geodata.GeodataError, match="ambiguous"):
        geodata.resolve("Shizhong District")


def test_every_override_is_used_by_a_county() -> None:
    stems = {name[:-1] for name in geodata.gazetteer().query("level == 'county'")["name"]}
    assert set(readings()) <= stems


def test_unknown_suffix_or_people_is_an_error() -> None:
    with pytest.raises(geodata.GeodataError, match="no known suffix"):
        county_name_en("成都")
    with pytest.raises(geodata.GeodataError, match="people not in PEOPLES"):
        county_name_en("某某苗族自治县")


def test_english_mode_shows_county_names_in_english() -> None:
    assert place_name("仁寿县", lang="en") == "Renshou County"
    assert place_name("仁寿县", lang="zh") == "仁寿县"
    counties = county_data(geodata.load_counties(variant="web"), "511400", datum="wgs84")
    html = {
        lang: _render(county_layer(counties.rows, counties.shapes, lang=lang))
        for lang in ("zh", "en")
    }
    assert "Renshou County" in html["en"] and "仁寿县" not in html["en"]
    assert "仁寿县" in html["zh"] and "Renshou County" not in html["zh"]


def _render(group: object) -> str:
    fmap = explorer_map()
    group.add_to(fmap)  # type: ignore[attr-defined]  # a folium layer, typed as object
    return fmap.get_root().render()


def test_english_park_popups_name_the_host_county_in_english(rules: Rules) -> None:
    parks = park_table(rules, document="sei-2016-2020", industries=["next-gen-it"])
    host = parks.set_index("host")["host_name_en"]
    assert host["双流区"] == "Shuangliu District" and host["成都"] == "Chengdu"
    html = {lang: _render(park_layer(parks, lang=lang)) for lang in ("zh", "en")}
    # a romanised county in italics (the map's JSON escapes < and >)
    assert "≈ \\u003ci\\u003eShuangliu District\\u003c/i\\u003e" in html["en"]
    assert "≈ 双流区" in html["zh"]


@pytest.mark.parametrize(
    ("text", "pinyin"),
    [
        ("政府", "Zhengfu"),  # one word, its syllables joined (not "Zheng Fu")
        ("关于印发的通知", "Guanyu Yinfa De Tongzhi"),  # words apart, a particle too
        ("中华人民共和国", "Zhonghua Renmin Gongheguo"),  # a compound: the words it is made of
        ("集成电路产业", "Jicheng Dianlu Chanye"),
        ("四川省人民政府", "Sichuan Sheng Renmin Zhengfu"),  # a place: name and generic apart
        ("成都市新都区", "Chengdu Shi Xindu Qu"),  # 新都 reads Xindu, as the county's name
        ("凉山彝族自治州", "Liangshan Yizu Zizhizhou"),
    ],
)
def test_a_text_is_romanised_by_words_not_syllables(text: str, pinyin: str) -> None:
    """Hanyu Pinyin orthography (GB/T 16159): syllables of one word joined, words apart."""
    places = ["四川省", "成都市", "新都区", "凉山彝族自治州"]
    assert romanised_text(text, words=places) == pinyin
