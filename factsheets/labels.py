"""Words of the fact sheet itself (headings, kinds of places) in Chinese and English.

Role names and colours are not here: they come from :mod:`layout_rules.vocab`, the one scheme
the maps use too.
"""

from __future__ import annotations

from types import MappingProxyType

from layout_rules.text import in_language

LANGUAGES = ("zh", "en")

_TEXT: dict[str, tuple[str, str]] = {
    "kicker": ("四川省产业布局 · 城市概况", "Sichuan industrial layout · city fact sheet"),
    "adcode": ("行政区划代码", "Adcode"),
    "generated": ("生成日期", "Generated"),
    "data_version": ("数据版本", "Data version"),
    "documents": ("涵盖文件", "Documents covered"),
    "core_for": ("核心发展区", "Core development zone for"),
    "core_none": ("无", "none"),
    "maps": ("区位", "Location"),
    "province_map": ("在全省的位置（含所辖区县）", "Position in the province, with its counties"),
    "city_map": ("所辖区县（浅蓝：文件点名的区县）", "Counties (blue: named by the documents)"),
    "roles": ("产业定位一览", "Role at a glance"),
    "industry": ("产业", "Industry"),
    "role": ("定位", "Role"),
    "not_named": ("未提及", "Not named"),
    "industry_maps": ("各产业全省布局", "Province-wide layout per industry"),
    "industry_maps_note": (
        "色块为各市在该产业中的最高定位；黑框为本市。",
        "Each city in its strongest role for the industry; this city outlined in black.",
    ),
    "focus": ("重点发展方向与载体", "Focus themes and parks"),
    "themes": ("重点方向", "Themes"),
    "parks_of_focus": ("依托", "Parks"),
    "parks": ("园区与项目", "Parks and projects"),
    "name": ("名称", "Name"),
    "kind": ("类型", "Kind"),
    "host": ("所在地", "Host"),
    "industries": ("产业", "Industries"),
    "clusters": ("集群、城市群与示范区", "Clusters, city groups and zones"),
    "members": ("成员", "Members"),
    "corridors": ("走廊与通道", "Corridors"),
    "waypoints": ("途经", "Waypoints"),
    "peers": ("布局相近的城市", "Peers: cities with the most similar footprint"),
    "similarity": ("相似度", "Similarity"),
    "shared": ("共同的重点产业", "Industries both weigh in"),
    "peers_basis": ("比较文件：《{title}》。", "Compared in: {title}. "),
    "no_peers": ("该文件中无可比城市。", "No city shares a role with this one in this document."),
    "none": ("文件未提及。", "The documents name none."),
    "sources": ("出处", "Sources"),
    "draft_mark": (
        "含规划人员的草案，非正式文件；草案条目引用的是修改理由，不是原文",
        "contains a planners' draft, not an official document; its entries cite rationales, "
        "not quotes",
    ),
    "rationale": ("理由", "Rationale"),
    "section": ("章节", "Section"),
    "note": ("注", "Note"),
    "footer": (
        "据政策原文整理，引文均为原文摘录",
        "Compiled from the policy texts; quotes verbatim",
    ),
}

TEXT: MappingProxyType[str, tuple[str, str]] = MappingProxyType(_TEXT)

KINDS: MappingProxyType[str, tuple[str, str]] = MappingProxyType(
    {
        "park": ("园区", "Park"),
        "district": ("功能区", "District"),
        "project": ("项目", "Project"),
        "data_centre": ("数据中心", "Data centre"),
        "base": ("基地", "Base"),
        "cluster": ("产业集聚区", "Cluster"),
        "national_cluster": ("国家级集群", "National cluster"),
        "city_group": ("城市群", "City group"),
        "pilot_zone": ("试点区", "Pilot zone"),
        "demonstration_zone": ("示范区", "Demonstration zone"),
        "region": ("区域", "Region"),
        "innovation": ("科创走廊", "Innovation corridor"),
        "hydrogen": ("氢走廊", "Hydrogen corridor"),
        "test_highway": ("车路协同测试路段", "Connected-vehicle test road"),
        "trunk": ("干线", "Trunk line"),
        "industry_chain": ("产业链走廊", "Industry-chain corridor"),
        "economic": ("经济走廊", "Economic corridor"),
    }
)
"""Kinds of parks, clusters and corridors, as :mod:`layout_rules.schema` names them."""


def text(key: str, lang: str) -> str:
    """Return a heading or phrase of the sheet in ``lang`` (``zh`` or ``en``)."""
    return in_language(TEXT[key], lang)


def kind_label(kind: str, lang: str) -> str:
    """Return the display name of a park, cluster or corridor kind (the id if unknown)."""
    return in_language(KINDS.get(kind, (kind, kind)), lang)
