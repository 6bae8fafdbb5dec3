"""The fact sheet's content model: complete, cited, and built only from the rules."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest

from factsheets import FactSheet, FactSheetError, city_of, fact_sheet, render_html
from layout_rules import Rules, prefectures, roles_table, tier_table
from layout_rules.quotes import missing_fragment, normalise

DAY = dt.date(2024, 5, 1)
SOURCES = Path(__file__).resolve().parent.parent / "layout_rules" / "sources"


@pytest.fixture(scope="module")
def sheets(rules: Rules) -> dict[str, FactSheet]:
    return {city.adcode: fact_sheet(rules, city.adcode, generated=DAY) for city in prefectures()}


@pytest.fixture(scope="module")
def texts(rules: Rules) -> dict[str, str]:
    """Each document's normalised source text, by document id."""
    return {
        doc_id: normalise((SOURCES / doc.document.file).read_text(encoding="utf-8"))
        for doc_id, doc in rules.documents.items()
    }


@pytest.mark.parametrize("name", ["成都", "成都市", "Chengdu", "chengdu", "510100", " 成都 "])
def test_city_names_resolve_through_the_gazetteer(name: str) -> None:
    assert city_of(name) == "510100"


def test_an_unknown_name_is_refused_with_the_nearest_candidates() -> None:
    with pytest.raises(FactSheetError, match="nearest known places: Chengdu;"):
        city_of("成督")


def test_a_county_is_not_a_city_and_the_message_names_its_prefecture() -> None:
    with pytest.raises(FactSheetError, match="it lies in Meishan"):
        city_of("仁寿县")


def test_sheet_identity_and_title_block(sheets: dict[str, FactSheet], rules: Rules) -> None:
    sheet = sheets["510100"]
    assert (sheet.name, sheet.short_name, sheet.name_en) == ("成都市", "成都", "Chengdu")
    assert sheet.generated == DAY
    assert sheet.data_version == rules.data_version
    assert [doc.id for doc in sheet.documents] == list(rules.documents)
    assert sheet.primary.id == "sei-2016-2020"


def test_core_industries_match_the_tier_table(sheets: dict[str, FactSheet], rules: Rules) -> None:
    tiers = tier_table(rules)
    for adcode, sheet in sheets.items():
        expected = tiers.loc[(tiers["adcode"] == adcode) & (tiers["tier"] == "core"), "industry"]
        assert set(sheet.core_for) == set(expected), adcode
    assert "新一代信息技术" in sheets["510700"].core_for
    assert sheets["513300"].core_for == ()


def test_role_table_lists_every_industry_of_every_document(
    sheets: dict[str, FactSheet], rules: Rules
) -> None:
    expected = [
        (doc_id, industry.id)
        for doc_id, doc in rules.documents.items()
        for industry in doc.industries
    ]
    for sheet in sheets.values():
        listed = [(g.document.id, row.industry_id) for g in sheet.roles for row in g.industries]
        assert listed == expected


def test_every_role_of_the_roles_table_is_on_the_sheet_with_its_quote(
    sheets: dict[str, FactSheet], rules: Rules
) -> None:
    roles = roles_table(rules)
    for adcode, sheet in sheets.items():
        notes = {note.number: note for note in sheet.footnotes}
        shown = {
            (group.document.id, row.industry_id, mark.role, notes[mark.note].quote)
            for group in sheet.roles
            for row in group.industries
            for mark in row.roles
        }
        mine = roles[roles["adcode"] == adcode]
        wanted = set(
            zip(mine["document"], mine["industry_id"], mine["role"], mine["quote"], strict=True)
        )
        assert shown == wanted, adcode


def test_footnotes_are_numbered_in_reading_order_without_gaps(
    sheets: dict[str, FactSheet],
) -> None:
    for sheet in sheets.values():
        numbers = [note.number for note in sheet.footnotes]
        assert numbers == list(range(1, len(numbers) + 1))
        cited = [mark.note for g in sheet.roles for row in g.industries for mark in row.roles]
        cited += [item.footnote for item in (*sheet.focus, *sheet.parks)]
        cited += [item.footnote for item in (*sheet.clusters, *sheet.corridors)]
        assert set(cited) == set(numbers)
        first_use = list(dict.fromkeys(cited))
        assert first_use == sorted(first_use)


def test_every_footnoted_quote_is_in_its_source(
    sheets: dict[str, FactSheet], texts: dict[str, str]
) -> None:
    checked = 0
    for sheet in sheets.values():
        for note in sheet.footnotes:
            assert missing_fragment(note.quote, texts[note.doc]) is None, (sheet.adcode, note)
            checked += 1
    assert checked > 100


def test_every_quote_printed_in_the_html_is_in_its_source(
    sheets: dict[str, FactSheet], texts: dict[str, str]
) -> None:
    """The rendered footnotes, unescaped, are the verbatim quotes (the renderer alters none)."""
    pattern = re.compile(r'<li id="fn-(\d+)" value="\d+" data-doc="([^"]+)">.*?<q>(.*?)</q></li>')
    for sheet in (sheets["510100"], sheets["511400"], sheets["513400"]):
        printed = pattern.findall(render_html(sheet))
        assert len(printed) == len(sheet.footnotes)
        for number, doc, quote in printed:
            assert missing_fragment(html.unescape(quote), texts[html.unescape(doc)]) is None
            assert html.unescape(quote) == sheet.footnotes[int(number) - 1].quote


def test_a_forged_quote_would_be_caught(texts: dict[str, str]) -> None:
    """The check above can fail: one changed character is not found."""
    quote = "以成都、绵阳为主体形成核心发展区"
    assert missing_fragment(quote, texts["sei-2016-2020"]) is None
    assert missing_fragment(quote.replace("绵阳", "德阳"), texts["sei-2016-2020"]) is not None


def test_focus_parks_clusters_and_corridors_of_chengdu(sheets: dict[str, FactSheet]) -> None:
    sheet = sheets["510100"]
    assert any("集成电路" in item.themes for item in sheet.focus)
    assert "成都高新技术产业开发区" in {park.name for park in sheet.parks}
    assert "成德绵航空产业集聚区" in {cluster.name for cluster in sheet.clusters}
    assert all(set(cluster.here) <= set(cluster.members) for cluster in sheet.clusters)
    assert sheet.corridors


def test_county_roles_name_the_county(sheets: dict[str, FactSheet]) -> None:
    meishan = sheets["511400"]
    places = {mark.place for g in meishan.roles for row in g.industries for mark in row.roles}
    assert {"仁寿县", "彭山区"} <= places
    assert set(meishan.counties) >= {"511421"}


def test_peers_are_other_cities_most_similar_first(sheets: dict[str, FactSheet]) -> None:
    peers = sheets["510100"].peers
    assert 0 < len(peers) <= 3
    assert "510100" not in {peer.adcode for peer in peers}
    assert [peer.similarity for peer in peers] == sorted(
        (peer.similarity for peer in peers), reverse=True
    )
    assert peers[0].city == "德阳"


def test_industry_maps_follow_the_primary_document(rules: Rules) -> None:
    sheet = fact_sheet(rules, "510100", document="meishan-new-economy-2022", generated=DAY)
    assert [item.industry_id for item in sheet.industry_maps] == [
        industry.id for industry in rules.document("meishan-new-economy-2022").industries
    ]
    sei = fact_sheet(rules, "510100", generated=DAY).industry_maps[0]
    assert dict(sei.roles)["510100"] == "core" and len(sei.roles) == 21


def test_unknown_document_or_place_is_a_fact_sheet_error(rules: Rules) -> None:
    with pytest.raises(FactSheetError, match="unknown document"):
        fact_sheet(rules, "510100", document="no-such-document")
    with pytest.raises(FactSheetError, match="not a Sichuan prefecture"):
        fact_sheet(rules, "511421")


def test_the_document_wide_parts_are_computed_once_for_all_sheets(
    rules: Rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factsheets import content

    calls: list[str] = []
    real = content.footprint_table

    def counted(rules: Rules, *, document: str) -> object:
        calls.append(document)
        return real(rules, document=document)

    monkeypatch.setattr(content, "footprint_table", counted)
    content._weights.cache_clear()
    content._industry_maps.cache_clear()
    made = [fact_sheet(rules, city.adcode, generated=DAY) for city in prefectures()[:3]]
    assert calls == ["sei-2016-2020"]  # once for three sheets, not once a sheet
    assert made[0].industry_maps is made[2].industry_maps
    assert all(sheet.peers for sheet in made)
