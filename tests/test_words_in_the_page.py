"""Words the packages would show in English, put in the chosen language (issue 13).

Streamlit's uploader words, the rules check line and the operating system's error texts:
each is shown from the word catalogues, in the page's language.
"""

from __future__ import annotations

import datetime as dt
import errno
import re
from dataclasses import replace
from pathlib import Path

import folium
import pytest
from streamlit.testing.v1 import AppTest

import geodata
from factsheets import FactSheetError, fact_sheet, render_html
from geodata import GeodataError
from geodata.romanise import romanised_text
from layers import Boundaries, printing
from layers.overlays import county_layer, park_popup
from layers.tables import park_table
from layers.view import county_data
from layout_rules import Rules
from layout_rules.__main__ import counts, summary
from layout_rules.extract import DocumentInfo, document_rules
from layout_rules.extract.rules import english_title
from tests.language_scan import foreign_words
from ui import uploads
from ui.errors import error_text
from words import romanised, t
from workspace import WorkspaceError
from workspace.content import validate as validate_draft

APP = Path(__file__).resolve().parent.parent / "app.py"
STREAMLIT_WORDS = ("Upload", "MB per file •", "Drag and drop")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_uploader_shows_the_catalogue_words_and_the_real_limit(lang: str) -> None:
    css = uploads._stylesheet("w_import_file", ["txt", "htm", "html"], 5_000_000, lang)
    assert t("upload.button", lang) in css and t("upload.drop", lang) in css
    limit = t("upload.limit", lang, size="5", types=t("sep.list", lang).join(["TXT", "HTML"]))
    assert limit in css  # the alias htm is accepted but not listed
    shown = " ".join(re.findall(r'content:"([^"]*)"', css))
    assert foreign_words(shown, lang) == []
    assert not [word for word in STREAMLIT_WORDS if word in shown]
    # every rule is scoped to the one uploader and hides the original words
    selectors = re.findall(r"([^{}]+)\{", css.removeprefix("<style>"))
    assert selectors and all(s.startswith(".st-key-w_import_file ") for s in selectors)
    assert css.count("visibility:hidden") == 3
    together = uploads._stylesheet("w_rules_upload", ["zip"], 5_000_000, lang, together=True)
    assert t("upload.limit_total", lang, size="5", types="ZIP") in together


def test_the_limit_shown_is_the_smaller_of_the_apps_and_the_servers() -> None:
    server = 5 * 2**20  # .streamlit/config.toml: server.maxUploadSize = 5
    assert uploads.upload_limit(20 * 2**20) == server
    assert uploads.upload_limit(5_000_000) == 5_000_000
    assert uploads.megabytes(server) == "5.2"


def test_catalogue_text_cannot_leave_the_css_string() -> None:
    quoted = uploads.css_string('a"b\\c</style><script>')
    assert "<" not in quoted and quoted.count('"') == 2


def test_the_check_line_is_counted_once_and_written_in_each_language(rules: Rules) -> None:
    counted = counts(rules)
    cli = summary(rules)
    assert cli.startswith(f"OK: {counted['documents']} documents, ")  # the CLI's line as before
    assert f"{counted['crosswalk_links']} crosswalk links" in cli
    for lang in ("zh", "en"):
        line = t("workspace.check_ok", lang, version=rules.data_version, **counted)
        assert foreign_words(line, lang) == [], line
        assert all(str(n) in line for n in counted.values())
    assert t("workspace.check_ok", "zh", version="v", **counted).startswith(
        f"检查通过：{counted['documents']} 个文件、{counted['industries']} 个产业"
    )


OS_ERRORS = [
    (PermissionError(errno.EACCES, "Permission denied", "/srv/cache"), "permission"),
    (OSError(errno.ENOSPC, "No space left on device", "/srv/cache/x"), "disk_full"),
    (FileNotFoundError(errno.ENOENT, "No such file or directory", "/srv/x"), "not_found"),
    (OSError(errno.EROFS, "Read-only file system", "/srv/x"), "read_only"),
    (OSError(errno.EIO, "Input/output error", "/srv/x"), "other"),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("error", "case"), OS_ERRORS)
def test_an_os_error_is_shown_in_the_catalogue_words_naming_the_file(
    error: OSError, case: str, lang: str, caplog: pytest.LogCaptureFixture
) -> None:
    shown = error_text(error, lang)
    assert shown == t(f"error.os.{case}", lang, file=error.filename)
    assert error.strerror not in shown
    assert error.strerror in caplog.text  # the package's own words go to the server log


def test_an_os_error_wrapped_by_a_project_error_is_found() -> None:
    cause = PermissionError(errno.EACCES, "Permission denied", "/srv/cache")
    try:
        try:
            raise cause
        except OSError as error:
            msg = "cannot write the boundary cache at /srv/cache (Permission denied)"
            raise GeodataError(msg) from error
    except GeodataError as wrapped:
        assert error_text(wrapped, "zh") == "服务器没有权限读写 /srv/cache。"
    unnamed = OSError(errno.ENOSPC, "No space left on device")
    assert error_text(unnamed, "zh") == "服务器磁盘已满，无法写入 一个文件。"


def test_other_packages_words_are_not_shown_and_project_words_are() -> None:
    assert error_text(RuntimeError("/srv/secret exploded"), "zh") == t("error.unexpected", "zh")
    assert error_text(GeodataError("unknown place 'x'"), "zh") == "unknown place 'x'"


def test_project_messages_that_carry_their_key_are_shown_in_the_page_language(
    rules: Rules,
) -> None:
    with pytest.raises(GeodataError) as place:
        geodata.find_place("成督")
    nearest = "未知的地名 '成督'；最接近的已知地名：成都市、成都市成华区"
    assert error_text(place.value, "zh") == nearest
    assert error_text(place.value, "en") == str(place.value)  # the command line's words
    with pytest.raises(FactSheetError) as sheet:
        fact_sheet(rules, "510100", document="nope")  # passes on the rules' error as text
    shown = error_text(sheet.value, "zh")
    assert shown.startswith("rules：document：未知的文件编号 'nope'；已有：")
    assert error_text(sheet.value, "en") == str(sheet.value)


def test_a_draft_that_fails_validation_is_worded_in_the_page_language(rules: Rules) -> None:
    """A draft's content is validated as loading validates: pydantic's English stays out."""
    data = rules.document("sei-2016-2020").model_dump(mode="json")
    data["clusters"][0]["kind"] = "megacluster"
    data["document"]["date"] = "early 2017"
    with pytest.raises(WorkspaceError) as caught:
        validate_draft(data, "draft-0000abcd")
    lines = error_text(caught.value, "zh").splitlines()
    assert lines == [
        "draft-0000abcd：document.date：应为有效日期（YYYY-MM-DD）；实际为 'early 2017'",
        "draft-0000abcd：clusters[0].kind：应为以下之一：'cluster', 'national_cluster', "
        "'city_group', 'pilot_zone', 'demonstration_zone', 'region'；实际为 'megacluster'",
    ]
    assert error_text(caught.value, "en") == str(caught.value)  # the CLI's English


def test_the_app_shows_an_unwritable_cache_in_the_page_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import ui.data

    def broken() -> None:
        try:
            raise PermissionError(errno.EACCES, "Permission denied", "/srv/cache")
        except OSError as error:
            msg = "cannot write the boundary cache at /srv/cache (Permission denied)"
            raise GeodataError(msg) from error

    monkeypatch.setattr(ui.data, "shipped_rules", broken)
    at = AppTest.from_file(str(APP), default_timeout=90).run()
    assert not at.exception
    assert at.error[0].value == "页面无法显示：服务器没有权限读写 /srv/cache。"


def test_a_title_is_romanised_word_by_word_without_chinese_left() -> None:
    title = "四川省“十四五”战略性新兴产业发展规划（2021—2025年）"
    pinyin = romanised_text(title, words=["四川省"])
    assert pinyin.startswith("Sichuan Sheng “Shisiwu” ") and pinyin.endswith("(2021–2025 Nian)")
    assert "Fazhan Guihua" in pinyin  # 发展 and 规划 are words: one capitalised word each
    assert foreign_words(pinyin, "en") == []


def test_an_imported_documents_english_title_is_given_or_marked_romanised() -> None:
    title = "某市人民政府办公室关于印发《某市电子信息产业发展规划》的通知"
    info = DocumentInfo(title=title, issuer=None, number=None, date=None)
    romanised = english_title(info, "plan")
    assert romanised.endswith(" (romanised)") and "“Moushi Dianzi Xinxi" in romanised
    assert not [ch for ch in romanised if "\u4e00" <= ch <= "\u9fff"]
    given = replace(info, title_en="  Electronics  plan of a city ")
    assert english_title(given, "plan") == "Electronics plan of a city"
    assert document_rules("plan", given, [])["document"]["title_en"] == "Electronics plan of a city"
    # an id used as the title (no title found) is not a romanisation
    assert english_title(replace(info, title=None), "plan-2025") == "plan-2025"


def test_romanised_county_names_are_italic_with_a_legend_line_in_the_fact_sheet(
    rules: Rules,
) -> None:
    county = {"name": "仁寿县", "name_en": "Renshou County", "name_en_romanised": True}
    assert romanised(county, "name", "en") and not romanised(county, "name", "zh")
    assert not romanised({"name": "成都", "name_en": "Chengdu"}, "name", "en")  # curated
    sheet = fact_sheet(rules, "绵阳", generated=dt.date(2024, 5, 1))
    english, chinese = render_html(sheet, lang="en"), render_html(sheet, lang="zh")
    italic = re.findall(r"<text [^>]*skewX[^>]*>([^<]*)</text>", english)
    assert "Beichuan Qiang Autonomous County" in italic  # every county label of the city map
    assert t("romanised.legend", "en") in english
    assert "skewX" not in chinese and t("romanised.legend", "zh") not in chinese


def test_romanised_county_names_are_italic_on_the_map_with_a_legend_line(
    boundaries: Boundaries,
) -> None:
    data = county_data(boundaries.counties, "511400", datum="wgs84")  # 眉山: 仁寿县, 彭山区 …
    drawn = {}
    for lang in ("zh", "en"):
        fmap = folium.Map(tiles=None)
        county_layer(data.rows, data.shapes, lang=lang).add_to(fmap)
        # the layer's data is JSON with < and > escaped (a name cannot close the script)
        drawn[lang] = fmap.get_root().render().replace("\\u003c", "<").replace("\\u003e", ">")
    assert "<i>Renshou County</i>" in drawn["en"]
    assert "Italic: romanised" in drawn["en"]
    assert "仁寿县" in drawn["zh"] and "<i>" not in drawn["zh"]


def test_a_park_popup_names_a_romanised_host_county_in_italics(rules: Rules) -> None:
    document = rules.document("sei-2016-2020")
    parks = park_table(rules, document=document.document.id,
                       industries=[i.id for i in document.industries])  # fmt: skip
    shuangliu = parks[parks["host_name"] == "双流区"].to_dict("records")
    assert "<b><i>Shuangliu District</i></b>" in park_popup(shuangliu, "en")
    assert "<b>双流区</b>" in park_popup(shuangliu, "zh")


def test_a_refused_connection_under_a_project_error_keeps_the_project_words() -> None:
    try:
        try:
            raise ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused")
        except OSError as error:
            msg = "the workspace database postgresql://db is unreachable"
            raise WorkspaceError(msg) from error
    except WorkspaceError as wrapped:
        assert error_text(wrapped, "zh") == "the workspace database postgresql://db is unreachable"


def test_the_print_sets_romanised_county_names_in_italics_and_says_so(
    boundaries: Boundaries,
) -> None:
    crs = geodata.equal_area_crs()
    counties = boundaries.counties.to_crs(crs)
    meishan = counties[counties["prefecture_adcode"] == "511400"]
    labels = {lang: printing._county_labels(meishan, printing._projector(), lang)
              for lang in ("zh", "en")}  # fmt: skip
    assert labels["en"] and all(label.style.italic for label in labels["en"])
    assert not any(label.style.italic for label in labels["zh"])
    assert printing._romanised_counties(boundaries, "511400", "en")
    assert not printing._romanised_counties(boundaries, "511400", "zh")
