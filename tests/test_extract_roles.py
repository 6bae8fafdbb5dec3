"""Each phrasing family of ``patterns.yaml``: sentences from the seeds and variants of ours.

Every test states what a planner would read in the review table: which place gets which role,
whether the list is open. Variants change the wording, the places and the list shape so the
patterns are proven on general planning language, not on one sentence.
"""

from __future__ import annotations

import pytest

from layout_rules import place_info
from layout_rules.extract.places import PlaceHit
from layout_rules.extract.roles import roles_in


def short(place: PlaceHit) -> str:
    """Return the gazetteer's short name of a resolved place (德阳市 → 德阳), else as written."""
    return place_info(place.adcode).short_name if place.adcode else place.written


def roles(sentence: str, **kwargs: object) -> set[tuple[str, str]]:
    return {(short(hit.place), hit.role) for hit in roles_in(sentence, **kwargs)}


def open_lists(sentence: str) -> dict[str, bool]:
    return {short(hit.place): hit.open_list for hit in roles_in(sentence)}


SEED_LAYOUT = (
    "以成都、绵阳为主体形成核心发展区，以泸州、德阳、广元、遂宁、内江、乐山、南充、宜宾、"
    "广安、达州、眉山、资阳等地为主体形成重点拓展区，辐射带动全省其他地区新一代电子信息产业发展。"
)


def test_seed_layout_sentence_gives_core_and_open_expansion() -> None:
    found = roles(SEED_LAYOUT)
    assert {p for p, r in found if r == "core"} == {"成都", "绵阳"}
    expansion = {p for p, r in found if r == "expansion"}
    assert len(expansion) == 12 and {"泸州", "资阳"} <= expansion
    assert open_lists(SEED_LAYOUT)["泸州"] is True
    assert open_lists(SEED_LAYOUT)["成都"] is False


@pytest.mark.parametrize(
    ("sentence", "core", "expansion"),
    [
        ("以成都、德阳、攀枝花、乐山等地为主体形成核心发展区，以自贡、泸州和宜宾等地为主体形成重点拓展区。",
         {"成都", "德阳", "攀枝花", "乐山"}, {"自贡", "泸州", "宜宾"}),
        ("以宜宾为核心发展区，以泸州、自贡为拓展区。", {"宜宾"}, {"泸州", "自贡"}),
        ("以绵阳市、德阳市为主体打造核心承载区，以广元市为主体形成重点发展区。",
         {"绵阳", "德阳"}, {"广元"}),
        ("以凉山州为主体形成核心发展区，以甘孜州、阿坝州等为主体形成重点拓展区。",
         {"凉山"}, {"甘孜", "阿坝"}),
    ],
)  # fmt: skip
def test_tier_variants(sentence: str, core: set[str], expansion: set[str]) -> None:
    found = roles(sentence)
    assert {p for p, r in found if r == "core"} == core
    assert {p for p, r in found if r == "expansion"} == expansion


def test_counties_and_parks_in_a_tier_list_resolve_to_their_hosts() -> None:
    hits = roles_in("以仁寿经开区、彭山经开区为核心发展区，以乐山市中区为重点拓展区。")
    by_place = {(h.place.written, h.place.adcode, h.place.park, h.role) for h in hits}
    assert ("仁寿经开区", "511421", "仁寿经开区", "core") in by_place
    assert ("彭山经开区", "511403", "彭山经开区", "core") in by_place
    assert ("乐山市中区", "511102", None, "expansion") in by_place


def test_key_expansion_verb() -> None:
    assert roles("重点拓展南充、达州等地，形成产业配套。") >= {
        ("南充", "expansion"),
        ("达州", "expansion"),
    }


@pytest.mark.parametrize(
    "sentence",
    ["以成都为核心，联动德阳、眉山、资阳协同发展汽车产业。",
     "以成都为核心,联动德阳、眉山和资阳,打造都市圈汽车产业带。"],
)  # fmt: skip
def test_core_linked(sentence: str) -> None:
    found = roles(sentence)
    assert ("成都", "core") in found
    assert {("德阳", "expansion"), ("眉山", "expansion"), ("资阳", "expansion")} <= found


@pytest.mark.parametrize(
    "sentence",
    ["构建以宜宾为一核、泸州自贡等多地协作的动力电池产业格局。",
     "形成成都一核引领、德阳绵阳眉山多地协同的发展格局。"],
)  # fmt: skip
def test_one_core_many_places(sentence: str) -> None:
    found = roles(sentence)
    core = {p for p, r in found if r == "core"}
    assert len(core) == 1 and core <= {"宜宾", "成都"}
    assert len({p for p, r in found if r == "expansion"}) >= 2


def test_main_base() -> None:
    assert roles("支持宜宾打造全国动力电池主基地。") == {("宜宾", "base")}
    assert ("遂宁", "base") in roles("以遂宁为锂电材料主基地，带动射洪发展。")


def test_radiation_and_supporting_zones() -> None:
    assert roles("以巴中、广元为辐射区。") == {("巴中", "radiated"), ("广元", "radiated")}
    found = roles("以雅安、眉山为主体形成配套发展区。")
    assert found == {("雅安", "expansion"), ("眉山", "expansion")}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("支持眉山建设国家级新材料产业示范基地。", {("眉山", "pilot")}),
        ("支持攀枝花打造世界级钒钛产业基地。", {("攀枝花", "base")}),
        ("推动自贡争创国家节能环保产业集群。", {("自贡", "national_cluster")}),
        ("支持成都、德阳等8个市州开展试点。", {("成都", "pilot"), ("德阳", "pilot")}),
    ],
)
def test_support_to_build(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert roles(sentence) == expected


def test_count_of_cities_is_an_open_list() -> None:
    hits = roles_in("在成都、绵阳、宜宾等5个市州布局建设算力中心。")
    assert {short(h.place) for h in hits} == {"成都", "绵阳", "宜宾"}
    assert all(h.open_list for h in hits)


def test_cluster_from_abbreviations_and_named_members() -> None:
    members = {
        place for place, role in roles("推动成德绵航空产业集聚区发展。") if role == "cluster"
    }
    assert members == {"成都", "德阳", "绵阳"}
    members = {place for place, role in roles("深化成德眉资同城化。") if role == "cluster"}
    assert members == {"成都", "德阳", "眉山", "资阳"}


def test_city_group_named_without_members_uses_its_standard_definition() -> None:
    hits = roles_in("形成川南城市群新能源汽车应用基地。")
    assert {short(h.place) for h in hits} == {"自贡", "泸州", "内江", "宜宾"}
    assert all(h.place.editorial and "editorial" in h.place.note for h in hits)


def test_pilot_and_national_cluster_names() -> None:
    assert ("宜宾", "pilot") in roles("宜宾入选国家首批新能源汽车换电模式试点。")
    assert ("成都", "national_cluster") in roles("加快建设成都轨道交通装备国家战略性新兴产业集群。")


@pytest.mark.parametrize(
    ("sentence", "stops"),
    [("打造成都—德阳—绵阳—广元科技创新走廊。", ["成都", "德阳", "绵阳", "广元"]),
     ("建设宜宾－泸州－自贡沿江产业带。", ["宜宾", "泸州", "自贡"])],
)  # fmt: skip
def test_corridor_chain_keeps_the_order(sentence: str, stops: list[str]) -> None:
    hits = [h for h in roles_in(sentence) if h.role == "corridor"]
    assert [short(h.place) for h in sorted(hits, key=lambda h: h.place.begin)] == stops


def test_lead_and_implicit_subject_of_a_city_plan() -> None:
    hits = roles_in("以眉山高新区、彭山经开区等为核心,重点发展锂电材料。")
    assert {(h.place.park, h.role, h.open_list) for h in hits} == {
        ("眉山高新区", "lead", True), ("彭山经开区", "lead", True)}  # fmt: skip
    home = PlaceHit(0, 0, "眉山", "眉山", "511400", editorial=True, note="issuer")
    assert roles("打造全球新能源新材料制造基地。", home=home) == {("眉山", "base")}
    assert roles("打造全球新能源新材料制造基地。") == set()


def test_unresolved_park_is_kept_and_flagged() -> None:
    hits = roles_in("以天府国际生物城、甘眉工业园区为核心发展区。")
    assert {(h.place.written, h.place.adcode) for h in hits} == {
        ("天府国际生物城", None), ("甘眉工业园区", None)}  # fmt: skip
    assert all("unresolved place" in h.place.note for h in hits)
    assert all(h.confidence < 0.5 for h in hits)


def test_a_sentence_without_a_layout_phrase_gives_no_roles() -> None:
    assert roles("加强关键核心技术攻关，提升产业链供应链现代化水平。") == set()
