"""Sentences and headings, places, industries, document facts and whole-document extraction."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout_rules import DATA_DIR, LayoutRulesError, Rules, load_rules
from layout_rules.extract import SourceText, document_info, extract, read_file, suggestions
from layout_rules.extract.industries import find_industries, heading_industry
from layout_rules.extract.patterns import read_patterns
from layout_rules.extract.places import find_places
from layout_rules.extract.sentences import split
from layout_rules.quotes import missing_fragment, normalise

SOURCES = DATA_DIR.parent / "sources"

PLAN = """某市“十五五”产业发展规划

一、电子信息
（一）空间布局
以成都、绵阳为主体形成核心发展区，以德阳、遂宁
- 3 -
等地为主体形成重点拓展区。
支持宜宾打造全国动力电池主基地。
二、生物医药
以天府国际生物城为核心发展区。
"""


def test_sentences_run_across_line_breaks_and_page_markers() -> None:
    sentences = split(PLAN)
    layout = next(s for s in sentences if "核心发展区" in s.compact and "成都" in s.compact)
    assert (
        layout.compact == "以成都、绵阳为主体形成核心发展区，以德阳、遂宁等地为主体形成重点拓展区。"
    )
    assert PLAN[layout.start : layout.end].startswith("以成都")
    assert PLAN[layout.start : layout.end].endswith("重点拓展区。")
    assert [h.text for h in layout.headings] == ["一、电子信息", "（一）空间布局"]


def test_a_new_chapter_replaces_the_old_headings() -> None:
    last = split(PLAN)[-1]
    assert [h.text for h in last.headings] == ["二、生物医药"]


def test_run_in_heading_is_split_from_its_sentence() -> None:
    (sentence,) = split("1.电子信息。以成都为核心发展区。")
    assert sentence.compact == "以成都为核心发展区。"
    assert sentence.headings[0].text == "1.电子信息"


def test_table_cells_are_sentences_of_their_own() -> None:
    text = "| 55 | 加快成都京东方、绵阳京东方等重点项目建设 | 泸州市人民政府 | 全年推进 |"
    compact = [s.compact for s in split(text)]
    assert "加快成都京东方、绵阳京东方等重点项目建设" in compact
    assert "泸州市人民政府" in compact


def test_titles_of_other_documents_give_no_roles() -> None:
    from layout_rules.extract.roles import roles_in

    assert roles_in("落实《成渝地区双城经济圈建设规划纲要》和《成都平原城市群发展规划》。") == []
    assert roles_in("开展《四川省大数据发展应用促进条例》立法调研。") == []


def test_double_spaced_pdf_text_keeps_sentences_whole() -> None:
    text = "加快建设成都轨道交\n\n通装备国家战略性\n\n新兴产业集群。\n\n"
    assert [s.compact for s in split(text)] == ["加快建设成都轨道交通装备国家战略性新兴产业集群。"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("德阳经开区", ("德阳", "510600", "德阳经开区")),
        ("仁寿经开区", ("仁寿", "511421", "仁寿经开区")),
        ("凉山州", ("凉山州", "513400", None)),
        ("乐山市中区", ("乐山市中区", "511102", None)),
        ("成都高新技术产业开发区", ("成都", "510100", "成都高新技术产业开发区")),
        ("天府新区", ("成都", "510100", "天府新区")),
    ],
)
def test_places_in_every_form(text: str, expected: tuple) -> None:
    (hit,) = find_places(text)
    assert (hit.name, hit.adcode, hit.park) == expected


def test_named_area_is_editorial_and_says_so() -> None:
    (hit,) = find_places("天府新区")
    assert hit.editorial and "approximate" in hit.note


def test_industries_from_vocabulary_and_headings() -> None:
    assert [h.written for h in find_industries("推动生物医药和高端装备产业发展")] == [
        "生物医药", "高端装备"]  # fmt: skip
    assert heading_industry("（一）新一代信息技术") == "新一代信息技术"
    assert heading_industry("3.白酒产业") == "白酒"
    assert heading_industry("（九）优化产业空间布局") is None


def test_crosswalk_suggestions_from_variants() -> None:
    found = suggestions("生物医药")
    assert ("sei-2016-2020", "biotech", "overlaps") in found
    assert ("meishan-new-economy-2022", "biomedicine", "same") in found
    assert ("sei-2016-2020", "high-end-equipment", "same") in suggestions("高端装备")
    assert any(i == "next-gen-it" for _, i, _ in suggestions("新一代信息技术"))


def test_document_facts_of_a_shipped_notice() -> None:
    info = document_info((SOURCES / "digital-economy-2021.txt").read_text(encoding="utf-8"))
    assert info.issuer == "四川省推进数字经济发展领导小组办公室"
    assert info.number == "川数字经济办〔2021〕3号"
    assert info.date.isoformat() == "2021-04-28"
    assert "数字经济发展工作方案" in info.title


def test_extraction_of_a_small_plan() -> None:
    result = extract(SourceText("plan.txt", PLAN))
    rows = {(c.industry, c.place, c.adcode, c.role, c.open_list) for c in result.candidates}
    assert ("电子信息", "成都", "510100", "core", False) in rows
    assert ("电子信息", "遂宁", "510900", "expansion", True) in rows
    assert ("电子信息", "宜宾", "511500", "base", False) in rows
    assert ("生物医药", "天府国际生物城", None, "core", False) in rows
    unresolved = next(c for c in result.candidates if c.adcode is None)
    assert unresolved.note == "unresolved place: the gazetteer knows no place in this name"


def test_quotes_are_the_documents_own_sentences_and_offsets_point_at_them() -> None:
    source = read_file(SOURCES / "sei-2016-2020.txt")
    text = normalise(source.text)
    result = extract(source)
    assert len(result.candidates) > 100
    for row in result.candidates:
        assert missing_fragment(row.quote, text) is None
        assert normalise(source.text[row.start : row.end]) == normalise(row.quote)


def test_the_2016_plan_layout_sentences_match_the_curated_tiers(rules: Rules) -> None:
    rows = extract(read_file(SOURCES / "sei-2016-2020.txt")).candidates
    for industry in rules.document("sei-2016-2020").industries:
        quote = normalise(industry.layout.source.quote)
        tiers = {(c.place, c.role) for c in rows if normalise(c.quote) == quote}
        assert {p for p, r in tiers if r == "core"} == set(industry.layout.core), industry.id
        expansion = {p for p, r in tiers if r == "expansion"}
        assert expansion == set(industry.layout.expansion), industry.id


def test_a_document_without_places_is_refused() -> None:
    text = "加强关键核心技术攻关，提升产业链供应链现代化水平。推动数字化转型。"
    with pytest.raises(LayoutRulesError) as error:
        extract(SourceText("none.txt", text))
    assert str(error.value) == (
        "none.txt: -: no place (prefecture, county or park) found in the document"
    )


def test_a_bad_pattern_file_names_the_entry(tmp_path: Path) -> None:
    bad = tmp_path / "patterns.yaml"
    good = (Path(__file__).parent.parent / "layout_rules/extract/patterns.yaml").read_text()
    bad.write_text(good.replace("regex: '以(?P<core>", "regex: '以(?P<core"), encoding="utf-8")
    with pytest.raises(LayoutRulesError) as error:
        read_patterns(bad)
    assert str(error.value).startswith("patterns.yaml: patterns[0].regex: ")


def test_an_imported_document_compares_with_the_2016_plan_through_the_crosswalk() -> None:
    from footprints import document_changes
    from layout_rules.extract import document_rules
    from layout_rules.extract.rules import combined_rules, crosswalk_link

    result = extract(SourceText("plan.txt", PLAN))
    content = document_rules("plan", result.info, result.candidates)
    industry = next(i["id"] for i in content["industries"] if i["name"] == "电子信息")
    link = crosswalk_link("plan", industry, ("sei-2016-2020", "next-gen-it", "overlaps"))
    rules = combined_rules("plan", content, PLAN, links=[link])
    changes = document_changes(rules, document="plan", baseline="sei-2016-2020")
    it = changes[changes["industry_id"] == "next-gen-it"].set_index("adcode")
    assert it.loc["510100", "status"] == "kept"  # 成都: core in 2016, core again
    assert it.loc["511500", "status"] == "kept"  # 宜宾: expansion in 2016, a base now
    assert it.loc["511500", "later_roles"] == "base"
    assert it.loc["510500", "status"] == "lost"  # 泸州: expansion in 2016, not named now
    assert it.loc["510300", "status"] == "neither"  # 自贡: radiated in 2016, not named now
    assert (
        it.loc["510100", "later_quote"]
        == "以成都、绵阳为主体形成核心发展区，以德阳、遂宁等地为主体形成重点拓展区。"
    )


def test_the_downloaded_zip_is_a_rules_folder_check_accepts(tmp_path: Path) -> None:
    import io
    import zipfile

    from layout_rules.extract import document_rules
    from layout_rules.extract.rules import crosswalk_link, rules_zip

    result = extract(SourceText("plan.txt", PLAN))
    content = document_rules("plan", result.info, result.candidates)
    link = crosswalk_link("plan", "industry-1", ("sei-2016-2020", "next-gen-it", "overlaps"))
    data = rules_zip("plan", content, PLAN, links=[link])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {"data/plan.yaml", "sources/plan.txt", "data/crosswalk.yaml"} <= set(
            archive.namelist()
        )
        archive.extractall(tmp_path)
    rules = load_rules(tmp_path / "data")
    assert list(rules.documents)[-1] == "plan"
    assert rules.crosswalk.links[-1].relation == "overlaps"
