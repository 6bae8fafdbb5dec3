"""A document written for this test, in the style of a city's plan, that no rule was fitted to.

It mixes the families (tiers of counties, a new industry named only in its layout sentence, a
base, core-and-linked, a park, a pilot, a corridor chain, 等N个县区) and a named area the
gazetteer does not know (三江新区): every statement is found, and nothing else.
"""

from __future__ import annotations

from layout_rules.extract import SourceText, extract

PLAN = """宜宾市人民政府办公室文件
宜府办发〔2026〕8号
宜宾市人民政府办公室关于印发《宜宾市“十五五”先进制造业发展规划》的通知
各县（区）人民政府，市级各部门：
现将《宜宾市“十五五”先进制造业发展规划》印发给你们，请认真贯彻执行。

一、动力电池
（一）优化空间布局
以三江新区、叙州区为主体形成核心发展区，以南溪区、江安县等地为主体形成重点拓展区，辐射带动全市其他县（区）动力电池产业发展。
支持屏山县建设锂电材料产业基地。
二、晶硅光伏
以高县、筠连县为核心，联动珙县、兴文县协同发展。
推动宜宾高新区创建国家级绿色制造示范区。
三、数字经济
构建宜宾—泸州—自贡数字经济走廊。
在翠屏区、叙州区等2个县区布局建设算力中心。
2026年1月15日
"""

TRUTH = {
    ("动力电池", None, "core", False),  # 三江新区: unresolved, kept and flagged
    ("动力电池", "511504", "core", False),  # 叙州区
    ("动力电池", "511503", "expansion", True),  # 南溪区
    ("动力电池", "511523", "expansion", True),  # 江安县
    ("锂电", "511529", "base", False),  # 屏山县
    ("晶硅光伏", "511525", "core", False),  # 高县
    ("晶硅光伏", "511527", "core", False),  # 筠连县
    ("晶硅光伏", "511526", "expansion", False),  # 珙县
    ("晶硅光伏", "511528", "expansion", False),  # 兴文县
    ("晶硅光伏", "511500", "pilot", False),  # 宜宾高新区 → 宜宾
    ("数字经济", "511500", "corridor", False),
    ("数字经济", "510500", "corridor", False),
    ("数字经济", "510300", "corridor", False),
    ("数字经济", "511502", "named", True),  # 翠屏区
    ("数字经济", "511504", "named", True),  # 叙州区
}


def test_every_statement_and_nothing_else() -> None:
    result = extract(SourceText("yibin.txt", PLAN))
    found = {(c.industry, c.adcode, c.role, c.open_list) for c in result.candidates}
    assert found == TRUTH


def test_document_facts() -> None:
    info = extract(SourceText("yibin.txt", PLAN)).info
    assert info.issuer == "宜宾市人民政府办公室"
    assert info.number == "宜府办发〔2026〕8号"
    assert info.date.isoformat() == "2026-01-15"
    assert info.title == "宜宾市人民政府办公室关于印发《宜宾市“十五五”先进制造业发展规划》的通知"


def test_the_park_and_the_unresolved_area_say_what_they_are() -> None:
    rows = extract(SourceText("yibin.txt", PLAN)).candidates
    park = next(c for c in rows if c.place == "宜宾高新区")
    assert park.park == "宜宾高新区" and park.adcode == "511500"
    area = next(c for c in rows if c.adcode is None)
    assert area.place == "三江新区"
    assert area.note == "unresolved place: the gazetteer knows no place in this name"
    assert area.confidence < 0.5
