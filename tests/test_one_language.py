"""One language at a time (issue 13): data text in both languages, and no word of the other.

The scans use :mod:`tests.language_scan` (its allow-list is explained there): in Chinese mode
no English word, in English mode no Chinese character, except the documents' quotes.
"""

from __future__ import annotations

import html
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pydantic import BaseModel
from streamlit.testing.v1 import AppTest

import footprints as fp
from factsheets import fact_sheet, render_html, render_pdf
from factsheets.maps import NAMED_COUNTY
from layers import Boundaries, MapView, joined_frame, map_data, view_layers
from layout_rules import Rules
from layout_rules.schema import Focus
from tests.app_text import visible_texts
from tests.language_scan import cited_terms, foreign_words, quotes_of
from tests.pdf_support import pdf_pages
from ui.state import TAB_NAMES
from words import t

pytestmark = pytest.mark.cost(13)  # seconds; the costliest files run first (conftest.py)


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _records(node: object, where: str) -> Iterator[tuple[str, BaseModel]]:
    """Yield every model of a rules tree with where it is (document, kind, index)."""
    if isinstance(node, (tuple, list)):
        for k, item in enumerate(node):
            yield from _records(item, f"{where}[{k}]")
        return
    if not isinstance(node, BaseModel):
        return
    yield where, node
    for name in type(node).model_fields:
        yield from _records(getattr(node, name), f"{where}.{name}")


def _all_records(rules: Rules) -> Iterator[tuple[str, BaseModel]]:
    for doc_id, document in rules.documents.items():
        yield from _records(document, doc_id)
    yield from _records(rules.crosswalk, "crosswalk")


def test_every_note_is_written_in_both_languages(rules: Rules) -> None:
    missing = []
    for where, record in _all_records(rules):
        for field in ("note", "editorial_note"):
            note = getattr(record, field, None)
            if note is None:
                continue
            english = getattr(record, f"{field}_en", None)
            if not _has_cjk(note) or not english or english == note:
                missing.append(f"{where}.{field}")
    assert not missing, f"notes without a Chinese text and an English one: {missing}"


def test_every_focus_theme_has_its_english_name(rules: Rules) -> None:
    missing = [
        where for where, record in _all_records(rules)
        if isinstance(record, Focus) and len(record.themes_en) != len(record.themes)
    ]  # fmt: skip
    assert not missing, f"focus entries without English themes: {missing}"
    english = [t for _, r in _all_records(rules) if isinstance(r, Focus) for t in r.themes_en]
    assert english and not [t for t in english if _has_cjk(t)]


def test_english_themes_must_match_the_themes_one_for_one() -> None:
    source = {"doc": "sei-2016-2020", "section": "三（九）", "quote": "集成电路设计"}
    with pytest.raises(ValueError, match="themes_en has 1 entries for 2 themes"):
        Focus(place="成都", themes=("集成电路", "大数据"), themes_en=("ICs",), source=source)


# --- the scans: page text, downloads, fact-sheet PDF ------------------------------------------

APP = str(Path(__file__).resolve().parent.parent / "app.py")
FULL_VIEW = {"city": "510700", "ov": "clusters,designations,parks,corridors,labels"}
"""绵阳 with every overlay: notes, parks, clusters and corridors all show in its profile."""


@pytest.fixture(scope="module")
def allowed(rules: Rules) -> tuple[list[str], frozenset[str]]:
    """Return the quotes and cited terms the scans allow (see tests/language_scan.py)."""
    return quotes_of(rules), cited_terms(rules)


def id_headers(lang: str) -> set[str]:
    """Return the id columns' headers (adcodes, industry ids): their cells are not words."""
    keys = ("adcode", "document", "industry_id", "role", "status", "file", "file_in_rules",
            "industry_a", "industry_b", "by_industry")  # fmt: skip
    return {t(f"download.id.{key}", lang) for key in keys}


def _page_texts(lang: str, params: dict[str, str]) -> list[str]:
    """Run the app at a link in ``lang``; return its visible texts (no exception, no error)."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({"lang": lang, **params})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return visible_texts(at, skip_columns=id_headers(lang))


def _scan(texts: list[str], lang: str, allowed: tuple[list[str], frozenset[str]]) -> dict:
    quotes, terms = allowed
    found = {text[:120]: foreign_words(text, lang, quotes, terms) for text in texts}
    return {text: words for text, words in found.items() if words}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_tab_shows_only_the_chosen_language(
    lang: str, allowed: tuple[list[str], frozenset[str]]
) -> None:
    for name in TAB_NAMES:
        texts = _page_texts(lang, {"tab": t(f"tab.{name}", lang), **FULL_VIEW})
        assert len(texts) > 20, f"tab {name} shows almost nothing: {texts}"
        assert not _scan(texts, lang, allowed), f"{lang}, tab {name}"


def test_an_old_link_and_a_language_switch_keep_the_open_tab() -> None:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({"lang": "en", "tab": "Sources · 出处"})  # a link made before
    at.run()
    assert [tab.label for tab in at.tabs] == [t(f"tab.{n}", "en") for n in TAB_NAMES]
    assert at.session_state["tab"] == "Sources"
    assert at.markdown[0].value == f"**{t('sources.documents', 'en')}**"  # the tab that runs
    at.sidebar.radio(key="w_lang").set_value("zh").run()
    assert at.session_state["tab"] == "出处"
    assert at.markdown[0].value == f"**{t('sources.documents', 'zh')}**"


def _frame_texts(frame: pd.DataFrame, lang: str) -> list[str]:
    """Headers and cells of a table, without the cells of its id columns."""
    texts = [str(column) for column in frame.columns]
    for column in frame.columns:
        if column not in id_headers(lang):
            texts.extend(str(v) for v in frame[column].tolist())
    return texts


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_downloads_are_in_the_chosen_language_with_ids_apart(
    lang: str, rules: Rules, boundaries: Boundaries, allowed: tuple[list[str], frozenset[str]]
) -> None:
    from ui.compare import changes, matrix

    view = MapView(document="sei-2016-2020", industries=("next-gen-it",), lang=lang)
    table = fp.for_download(joined_frame(map_data(rules, view, boundaries), view), lang, rules)
    csv = pd.read_csv(io.BytesIO(fp.to_csv_bytes(table)), encoding="utf-8-sig", dtype=str)
    assert not _scan(_frame_texts(csv.fillna(""), lang), lang, allowed)
    assert t("download.id.adcode", lang) in csv.columns  # the ids stay, in their own column
    assert "510100" in csv[t("download.id.adcode", lang)].tolist()
    city = t("download.column.city", lang)
    assert csv[city].iloc[0] == {"zh": "成都", "en": "Chengdu"}[lang]

    files = {**matrix.download_files(rules, "sei-2016-2020", lang),
             **{f"changes_{k}": v for k, v in changes.download_files(
                 rules, "new-economy-2021", lang).items()}}  # fmt: skip
    from ui.compare import overlap, side

    files["side_xlsx"] = side.download_files(rules, "sei-2016-2020", ["510100", "510600"], lang)[
        "xlsx"
    ]
    files["overlap_xlsx"] = overlap.download_files(rules, "sei-2016-2020", ("core",), lang)["xlsx"]
    for name in ("xlsx", "changes_xlsx", "side_xlsx", "overlap_xlsx"):
        book = openpyxl.load_workbook(io.BytesIO(files[name]()))
        for sheet in book.worksheets:
            rows = list(sheet.values)
            frame = pd.DataFrame(rows[1:], columns=rows[0]).fillna("")
            assert not _scan(_frame_texts(frame, lang), lang, allowed), (name, sheet.title)
            assert sheet.freeze_panes == "A2", sheet.title
    for name in ("geojson", "changes_geojson"):
        features = json.loads(files[name]())["features"]
        properties = pd.DataFrame([f["properties"] for f in features]).fillna("")
        assert len(features) == 21
        assert not _scan(_frame_texts(properties, lang), lang, allowed), name


def test_xlsx_quotes_wrap_and_columns_fit_their_text(rules: Rules) -> None:
    from ui.compare import matrix

    files = matrix.download_files(rules, "sei-2016-2020", "zh")
    book = openpyxl.load_workbook(io.BytesIO(files["xlsx"]()))
    cells = book[t("download.sheet.cells", "zh")]
    header = [c.value for c in cells[1]]
    quote = cells.cell(row=1, column=header.index("原文") + 1).column_letter
    assert cells.column_dimensions[quote].width == fp.export.XLSX_MAX_WIDTH
    assert cells[f"{quote}2"].alignment.wrap_text
    city = cells.cell(row=1, column=header.index("城市") + 1).column_letter
    assert 6 < cells.column_dimensions[city].width < 20  # fitted, not the default


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_fact_sheet_pdf_is_in_one_language(
    lang: str, rules: Rules, allowed: tuple[list[str], frozenset[str]]
) -> None:
    pytest.importorskip("weasyprint")
    sheet = fact_sheet(rules, "510700")  # 绵阳: notes, parks, clusters, corridors, counties
    pdf = render_pdf(sheet, lang=lang)
    text = "\n".join(pdf_pages(pdf))
    # a quote wraps across lines: join Chinese text broken by a line end, then scan it whole
    cjk = "[\u3000-\u9fff\uff00-\uffef]"
    text = re.sub(rf"(?<={cjk})\n|\n(?={cjk})", "", text)
    quotes, terms = allowed
    assert not foreign_words(text, lang, quotes, terms)
    county = {"zh": "北川羌族自治县", "en": "Beichuan Qiang Autonomous County"}[lang]
    assert county in text.replace("\n", "")  # the full county name, not 北川羌族自治


def test_the_fact_sheet_lists_unmentioned_industries_in_one_line(rules: Rules) -> None:
    sheet = fact_sheet(rules, "511400")  # 眉山: most industries of most documents name it not
    html = render_html(sheet, lang="zh")
    assert 'class="mark none"' not in html  # no 未提及 padding row per industry
    unnamed = [i for group in sheet.roles for i in group.industries if not i.roles]
    documents = [g for g in sheet.roles if any(not i.roles for i in g.industries)]
    assert unnamed and html.count('class="unnamed"') == len(documents)
    assert all(i.industry in html for i in unnamed)


def test_the_city_map_caption_promises_only_what_is_drawn(rules: Rules) -> None:
    named = fact_sheet(rules, "511400")  # 眉山: the documents name its counties' parks
    html = render_html(named, lang="zh")
    assert named.counties and t("sheet.city_map_named", "zh") in html
    assert NAMED_COUNTY in html  # the light-blue fill the caption promises is drawn
    unnamed = fact_sheet(rules, "510700")  # 绵阳: no county named (the sheet)
    html = render_html(unnamed, lang="zh")
    assert not unnamed.counties and NAMED_COUNTY not in html
    assert t("sheet.city_map_named", "zh") not in html and t("sheet.city_map", "zh") in html


def test_revision_summaries_are_stored_as_ids_and_shown_in_the_reader_language() -> None:
    from ui.workspace import summary_text
    from workspace.summary import summary

    stored = summary("tier", city="510100", industry="新材料", industry_en="New materials",
                     old="none", new="core")  # fmt: skip
    assert "510100" in stored and "成都" not in stored  # ids in the store, words at display
    assert summary_text(stored, "zh") == "成都 · 新材料：未提及 → 核心发展区"
    english = "Chengdu · New materials: Not named → Core development zone"
    assert summary_text(stored, "en") == english
    assert summary_text(summary("removed", kind="parks", id="p-1"), "zh") == "园区 p-1：删除"
    assert summary_text("revert to r2 · 恢复到第2版", "en") == "revert to r2 · 恢复到第2版"  # older


def _map_texts(node: object) -> Iterator[str]:
    """Yield the tooltips, popups, labels and legend of folium feature groups, as text."""
    spec = getattr(node, "spec", None)
    if spec is not None:
        yield from _spec_texts(spec)
    legend = getattr(node, "html", None)
    if isinstance(legend, str):
        yield _plain_text(legend)
    for child in getattr(node, "_children", {}).values():
        yield from _map_texts(child)


def _spec_texts(spec: object) -> Iterator[str]:
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in ("tooltip", "popup", "html") and isinstance(value, str):
                yield _plain_text(value)
            else:
                yield from _spec_texts(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from _spec_texts(item)


def _plain_text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_map_popups_tooltips_and_legends_are_in_one_language(
    lang: str, rules: Rules, boundaries: Boundaries, allowed: tuple[list[str], frozenset[str]]
) -> None:
    overlays = ("labels", "clusters", "designations", "parks", "corridors")
    views = (
        ("sei-2016-2020", ("next-gen-it",), "510700"),  # tiers; notes of 绵阳's parks
        ("meishan-new-economy-2022", ("new-energy-new-materials", "biomedicine"), "511400"),
    )  # the second: several industries (counts), counties, parks with notes
    for document, industries, city in views:
        view = MapView(document=document, industries=industries, lang=lang, city=city,
                       overlays=overlays, counties=True)  # fmt: skip
        groups = view_layers(map_data(rules, view, boundaries), view)
        texts = [text for group in groups for text in _map_texts(group) if text.strip()]
        assert any(t("map.source", lang) in text for text in texts)  # popups are there
        assert not _scan(texts, lang, allowed), (document, lang)


def test_a_link_s_problems_are_told_in_its_language(rules: Rules) -> None:
    from ui.state import parse_params

    link = {"ind": "nope", "ov": "rail", "base": "x"}
    _, zh = parse_params(link, rules)
    _, en = parse_params({**link, "lang": "en"}, rules)
    assert len(zh) == len(en) == 3
    assert not [w for p in zh for w in foreign_words(p, "zh", terms=frozenset({"nope", "rail"}))]
    title = "Sichuan 13th Five-Year Plan for Strategic Emerging Industries"
    assert en[0] == f"unknown industry 'nope' in {title}: ignored"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_part_of_the_compare_tab_shows_only_the_chosen_language(
    lang: str, allowed: tuple[list[str], frozenset[str]]
) -> None:
    from ui.compare import PARTS

    for name in PARTS:
        texts = _page_texts(lang, {"tab": t("tab.compare", lang), "cmp": "510100,510700",
                                   "cmp_part": t(f"compare.part.{name}", lang)})  # fmt: skip
        assert not _scan(texts, lang, allowed), f"{lang}, compare part {name}"


# --- Streamlit's own words (ui/streamlit_words.py) --------------------------------------------


def _streamlit_frontend() -> str:
    """Return the text of the installed Streamlit frontend's scripts (about 12 MB)."""
    import streamlit

    scripts = Path(streamlit.__file__).parent / "static" / "static" / "js"
    return "".join(path.read_text(encoding="utf-8") for path in sorted(scripts.glob("*.js")))


def test_the_words_put_in_are_streamlit_s_words_as_it_writes_them() -> None:
    """A Streamlit upgrade that rewords one (and would bring English back) fails here."""
    from ui.streamlit_words import STREAMLIT_WORDS

    frontend = _streamlit_frontend()
    composed = {  # words Streamlit puts together from parts
        "Press Enter to apply": ("Press Enter to ${e}", "`apply`"),
        "Press Enter to submit form": ("Press Enter to ${e}", "`submit form`"),
        "add icon": ("${n} icon",),  # a material icon's name, "add", read out
        "{n} options available.": ("options`", "} available.`"),  # read out, by count
        "{n} option available.": ("option`", "} available.`"),
        "{n} results available": ("result${", "} available`"),
    }
    missing = [
        english for english in STREAMLIT_WORDS
        if not all(part in frontend for part in composed.get(english, ())
                   or [p for p in re.split(r"\{\w+\}", english) if p.strip()])
    ]  # fmt: skip
    assert not missing, f"not in Streamlit's frontend (reworded?): {missing}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_streamlit_s_words_are_in_the_language_with_their_fields(lang: str) -> None:
    from ui.streamlit_words import STREAMLIT_WORDS, word_pairs

    pairs = dict(word_pairs(lang))
    for english, key in STREAMLIT_WORDS.items():
        fields = re.findall(r"\{\w+\}", english)
        word = pairs.get(english, english)  # English in English: nothing to put in
        assert sorted(re.findall(r"\{\w+\}", word)) == sorted(fields), (key, word)
        assert not foreign_words(re.sub(r"\{\w+\}", " ", word), lang), (key, word)
    other = "en" if lang == "zh" else "zh"  # a switch rewrites the words put in before
    assert pairs[t("streamlit.download_csv", other)] == t("streamlit.download_csv", lang)


def test_the_page_script_is_a_cached_file_no_word_can_end() -> None:
    from ui.streamlit_words import page_script, words_script

    assert len(page_script("zh")) < 300  # a rerun sends the link, not the words
    code = words_script("zh")
    assert "</" not in code
    assert '"File must be {size} or smaller.", "文件不得超过 {size}。"' in code
