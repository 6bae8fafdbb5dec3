"""The data audit's findings (issue 9), as a planner sees them in place profiles and roles.

Each record the audit found missing must exist with its quote, and each role it found too strong
must now be recorded at the strength the text supports. The quotes themselves are proven to occur
in their texts by ``test_layout_rules_quotes.py``; here the phrases checked are read from the
texts, not from the YAML.
"""

from __future__ import annotations

import pytest

from layout_rules import (
    ClusterEntry,
    CorridorEntry,
    ParkEntry,
    Rules,
    place_profile,
    roles_table,
)
from layout_rules.schema import Cluster, Corridor, Park

Record = Cluster | Park | Corridor

DECISION = "new-industrialisation-2023"
MEISHAN = "meishan-new-economy-2022"
SEI = "sei-2016-2020"


def _records(rules: Rules, document: str) -> dict[str, Record]:
    """Return every cluster, park and corridor of a document by its name."""
    doc = rules.document(document)
    records: list[Record] = [*doc.clusters, *doc.parks, *doc.corridors]
    return {record.name: record for record in records}


def _named_here(rules: Rules, city: str, document: str) -> set[str]:
    """Names of the clusters, parks and corridors a city's profile shows for a document."""
    profile = place_profile(rules, city)
    entries: list[ClusterEntry | ParkEntry | CorridorEntry] = [
        *profile.clusters,
        *profile.parks,
        *profile.corridors,
    ]
    return {_record(entry).name for entry in entries if entry.document == document}


def _record(entry: ClusterEntry | ParkEntry | CorridorEntry) -> Record:
    if isinstance(entry, ClusterEntry):
        return entry.cluster
    return entry.park if isinstance(entry, ParkEntry) else entry.corridor


MISSING_2023 = {
    "全国一体化算力网络成渝国家枢纽节点（四川）": "成渝国家枢纽节点（四川）",
    "成都平原经济区": "推动成都平原经济区与其他片区产业协同联动",
    "天府大道协同创新共同体": "推进天府大道协同创新共同体建设",
    "国家数字经济创新发展试验区": "深化建设国家数字经济创新发展试验区",
    "川渝特高压交流工程": "推进川渝、阿坝—成都东、攀西地区等特高压交流工程",
    "攀西地区特高压交流工程": "推进川渝、阿坝—成都东、攀西地区等特高压交流工程",
    "川东北高效清洁煤电综合利用一体化项目": "实施川东北高效清洁煤电综合利用一体化项目",
    "“空中丝绸之路”重要枢纽（成都“双国际机场”）": "发挥成都“双国际机场”优势",
    "岷江港航电综合开发": "推进岷江港航电综合开发",
    "川渝毗邻地区合作园区": "以川渝毗邻地区合作园区",
    "大熊猫国家公园": "大熊猫国家公园",
}
MISSING_MEISHAN = {
    "全国信息消费示范城市（眉山）": "用好全国信息消费示范城市",
    "全国首批“千兆城市”（眉山）": "全国首批“千兆城市”金字招牌",
    "瓦屋山": "鼓励瓦屋山、三苏祠等重点景区开发“云旅游”",
    "三苏祠": "鼓励瓦屋山、三苏祠等重点景区开发“云旅游”",
    "四川国际电台旧址": "强化对四川国际电台旧址等工业遗产的保护利用",
    "高新技术和现代服务业科技成果转化攻坚地（眉山天府新区）": "把眉山天府新区打造为高新技术",
}


@pytest.mark.parametrize(
    ("document", "name", "phrase"),
    [(DECISION, name, phrase) for name, phrase in MISSING_2023.items()]
    + [(MEISHAN, name, phrase) for name, phrase in MISSING_MEISHAN.items()]
    + [(SEI, "国家军民两用技术交易中心", "充分发挥国家军民两用技术交易中心作用")],
)
def test_each_missing_record_now_exists_with_its_quote(
    rules: Rules, document: str, name: str, phrase: str
) -> None:
    record = _records(rules, document).get(name)
    assert record is not None, name
    assert phrase in record.source.quote


def test_missing_records_reach_the_cities_they_name(rules: Rules) -> None:
    assert "瓦屋山" in _named_here(rules, "眉山", MEISHAN)
    assert "三苏祠" in _named_here(rules, "眉山", MEISHAN)
    assert "国家军民两用技术交易中心" in _named_here(rules, "绵阳", SEI)
    assert "成都平原经济区" in _named_here(rules, "雅安", DECISION)
    assert "川东北高效清洁煤电综合利用一体化项目" in _named_here(rules, "达州", DECISION)
    assert "岷江港航电综合开发" in _named_here(rules, "宜宾", DECISION)
    assert "攀西地区特高压交流工程" in _named_here(rules, "凉山", DECISION)
    # Vague records name no city they cannot support: the panda park sits at province level.
    assert "大熊猫国家公园" not in _named_here(rules, "雅安", DECISION)


def _roles(rules: Rules, document: str, industry: str, city: str) -> set[str]:
    roles = roles_table(rules)
    mask = (
        (roles["document"] == document)
        & (roles["industry_id"] == industry)
        & (roles["city"] == city)
    )
    return set(roles.loc[mask, "role"])


def test_aims_and_projects_are_not_recorded_as_pilots(rules: Rules) -> None:
    centre = _records(rules, DECISION)["国际消费中心城市（成都）"]
    assert centre.kind not in {"pilot_zone", "demonstration_zone"}
    # 德阳's gas-turbine plant is a project: 德阳 is named for it, not a pilot.
    assert _roles(rules, SEI, "high-end-equipment", "德阳") == {"core", "named"}
    # 成都's 超大城市智慧治理 is something it is to explore (探索), not a pilot.
    assert _roles(rules, "digital-economy-2021", "digital-economy", "成都") == {"named"}
    # 争取将成都创建为国家级工业设计示范城市: a goal, recorded as named.
    design = [
        d
        for i in rules.document(SEI).industries
        for d in i.designations
        if "工业设计示范城市" in d.source.quote
    ]
    assert [d.kind for d in design] == ["named"]


def test_chengdu_metropolitan_area_is_one_group_in_every_document(rules: Rules) -> None:
    groups = [
        cluster
        for doc in rules.documents.values()
        for cluster in doc.clusters
        if cluster.name == "成都都市圈"
    ]
    assert len(groups) == 2
    assert {(g.kind, g.places, g.members, g.open_list) for g in groups} == {
        ("city_group", ("成都", "德阳", "眉山", "资阳"), "editorial", False)
    }


def _relation(rules: Rules, source: tuple[str, str], target: tuple[str, str]) -> str | None:
    assert rules.crosswalk is not None
    for link in rules.crosswalk.links:
        ends = (link.source_industry, link.target_industry)
        if [(ref.doc, ref.industry) for ref in ends] == [source, target]:
            return link.relation
    return None


def test_crosswalk_follows_the_scope_of_the_2021_industries(rules: Rules) -> None:
    equipment = ("new-economy-2021", "high-end-equipment")
    assert _relation(rules, equipment, (SEI, "high-end-equipment")) == "overlaps"
    assert _relation(rules, equipment, (SEI, "new-energy")) == "overlaps"
    assert _relation(rules, ("new-economy-2021", "biotech"), (SEI, "biotech")) == "narrower"
