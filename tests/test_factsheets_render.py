"""Rendering: self-contained, escaped HTML; PDF with its text and an embedded CJK font subset."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from PIL import Image
from pypdf import PdfReader

import factsheets.pdf
from factsheets import (
    FactSheet,
    FactSheetError,
    export_sheet,
    fact_sheet,
    find_cjk_font,
    render_html,
    render_pdf,
)
from factsheets.fonts import CJKFont, _choose, _parse_fc_list
from factsheets.html import ink
from factsheets.maps import HIGHLIGHT
from factsheets.pdf import html_to_pdf
from layout_rules import DATA_DIR, Rules, load_rules
from layout_rules.vocab import ROLES, role_label
from tests.pdf_support import pdf_pages

pytestmark = pytest.mark.cost(17)  # seconds; the costliest files run first (conftest.py)

DAY = dt.date(2024, 5, 1)
HOSTILE_NOTE = "<img src=x onerror=alert(1)>"
HOSTILE_PARK = "`${x}` <script>alert(2)</script>"
HOSTILE_CLUSTER = '"><svg onload=alert(3)>'
MAX_PDF_BYTES = 1_500_000

needs_font = pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font installed")
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
    reason="poppler-utils not installed",
)


@pytest.fixture(scope="module")
def chengdu(rules: Rules) -> FactSheet:
    return fact_sheet(rules, "成都", generated=DAY)


@pytest.fixture(scope="module")
def chengdu_pdf(chengdu: FactSheet) -> bytes:
    return render_pdf(chengdu)


@pytest.fixture(scope="module")
def hostile_rules(tmp_path_factory: pytest.TempPathFactory) -> Rules:
    """Copy the shipped rules with script-like text in a focus note, a park and a cluster."""
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(DATA_DIR, root / "data")
    shutil.copytree(DATA_DIR.parent / "sources", root / "sources")
    path = root / "data" / "sei_2016_2020.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["industries"][0]["focus"][0]["note"] = HOSTILE_NOTE
    data["industries"][0]["focus"][0]["note_en"] = HOSTILE_NOTE  # the English sheet's note
    park = next(p for p in data["parks"] if p["id"] == "chengdu-hi-tech-zone")
    park["name"] = HOSTILE_PARK
    park["name_en"] = HOSTILE_PARK
    cluster = next(c for c in data["clusters"] if "成都" in c["places"])
    cluster["name"] = HOSTILE_CLUSTER
    cluster["name_en"] = HOSTILE_CLUSTER
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_rules(root / "data")


# --- HTML -----------------------------------------------------------------------------------


def test_hostile_strings_in_the_data_appear_escaped(hostile_rules: Rules) -> None:
    sheet = fact_sheet(hostile_rules, "510100", generated=DAY)
    assert HOSTILE_NOTE in {item.note for item in sheet.focus}
    for lang in ("zh", "en"):
        page = render_html(sheet, lang=lang)
        assert "&lt;img src=x onerror=alert(1)&gt;" in page
        assert "&#96;&#36;&#123;x&#125;&#96; &lt;script&gt;alert(2)&lt;/script&gt;" in page
        assert "&quot;&gt;&lt;svg onload=alert(3)&gt;" in page
        for raw in ("<img", "<script", "<svg onload", "${x}", "`"):
            assert raw not in page, raw


def test_html_is_self_contained(chengdu: FactSheet) -> None:
    page = render_html(chengdu)
    assert "<script" not in page and "<link" not in page and "<img" not in page
    targets = re.findall(r'\b(?:src|href)\s*=\s*"([^"]*)"', page)
    assert targets and all(target.startswith("#fn-") for target in targets)
    assert "@import" not in page and "url(" not in page
    assert page.count("<svg") == 2 + len(chengdu.industry_maps)


def test_html_uses_the_shared_role_colours(chengdu: FactSheet) -> None:
    page = render_html(chengdu)
    for role in ("core", "base", "pilot", "none"):
        assert f"background:{ROLES[role].colour};color:{ink(ROLES[role].colour)}" in page
    assert role_label("core") in page and ROLES["expansion"].colour in page


def test_english_sheet_uses_english_names(chengdu: FactSheet) -> None:
    page = render_html(chengdu, lang="en")
    assert "Role at a glance" in page and "Core development zone" in page
    assert "Next-generation information technology" in page
    assert 'lang="en"' in page
    with pytest.raises(FactSheetError, match="unknown language"):
        render_html(chengdu, lang="fr")


def test_maps_are_drawn_from_the_boundaries(chengdu: FactSheet) -> None:
    page = render_html(chengdu)
    province = re.search(r"<svg.*?</svg>", page, re.S)
    assert province is not None
    assert f'fill="{HIGHLIGHT}"' in province.group(0)
    assert ">成都</text>" in province.group(0)
    rings = sum(d.count("M") for d in re.findall(r' d="([^"]*)"', province.group(0)))
    assert rings >= 21 + 20, "every prefecture and Chengdu's 20 counties"


# --- fonts ----------------------------------------------------------------------------------


def test_font_choice_prefers_simplified_chinese_faces() -> None:
    listing = (
        "/f/NotoSansCJK-Regular.ttc|Noto Sans CJK JP,Noto Sans CJK JP Regular\n"
        "/f/NotoSansCJK-Regular.ttc|Noto Sans CJK SC,Noto Sans CJK SC Regular\n"
        "/f/wqy.ttc|WenQuanYi Zen Hei\n"
    )
    font = _choose(_parse_fc_list(listing), via_fontconfig=True)
    assert font is not None and font.family == "Noto Sans CJK SC"
    assert _choose({}, via_fontconfig=True) is None


def test_without_a_cjk_font_pdf_export_says_so_and_html_still_works(
    chengdu: FactSheet, rules: Rules, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(factsheets.pdf, "find_cjk_font", lambda: None)
    with pytest.raises(FactSheetError, match="fonts-noto-cjk"):
        render_pdf(chengdu)
    with pytest.raises(FactSheetError, match="none is installed"):
        export_sheet(rules, "510100", tmp_path, formats=("html", "pdf"))
    assert list(tmp_path.iterdir()) == []
    assert export_sheet(rules, "510100", tmp_path, formats=("html",)) == [
        tmp_path / "510100-chengdu.html"
    ]


# --- PDF ------------------------------------------------------------------------------------


def _pdf_text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(pdf_pages(pdf)))


@needs_font
@pytest.mark.parametrize("name", ["成都", "攀枝花", "眉山"])
def test_pdf_text_has_the_city_and_every_industry_it_is_core_for(
    rules: Rules, name: str, request: pytest.FixtureRequest
) -> None:
    if name == "成都":  # the module's Chengdu sheet and PDF (the same call): rendered once
        sheet, pdf = request.getfixturevalue("chengdu"), request.getfixturevalue("chengdu_pdf")
    else:
        sheet = fact_sheet(rules, name, generated=DAY)
        pdf = render_pdf(sheet)
    assert sheet.name in _pdf_text(pdf)
    core = role_label("core")
    # The role table prints one line per industry: "新材料 核心发展区 5 产业基地 6".
    lines = [line.split() for line in _pdf_lines(pdf)]
    core_rows = {parts[0] for parts in lines if len(parts) > 1 and parts[1] == core}
    assert core_rows == set(sheet.core_for)
    assert bool(core_rows) == (name != "眉山")


def _pdf_lines(pdf: bytes) -> list[str]:
    return [line for page in pdf_pages(pdf, layout=True) for line in page.splitlines()]


@needs_font
def test_pdf_embeds_a_cjk_font_subset(chengdu_pdf: bytes) -> None:
    fonts = {}
    for page in PdfReader(io.BytesIO(chengdu_pdf)).pages:
        for reference in page["/Resources"]["/Font"].values():
            font = reference.get_object()
            described = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = described["/FontDescriptor"].get_object()
            files = {key for key in ("/FontFile", "/FontFile2", "/FontFile3") if key in descriptor}
            fonts[str(font["/BaseFont"])] = files
    cjk = {name: files for name, files in fonts.items() if "CJK" in name}
    assert cjk, fonts
    assert all(re.match(r"^/[A-Z]{6}\+", name) for name in cjk), "fonts are not subsets"
    assert all(files for files in fonts.values()), f"a font is not embedded: {fonts}"
    assert len(chengdu_pdf) <= MAX_PDF_BYTES


@needs_font
@needs_poppler
def test_pdffonts_agrees_that_the_font_is_embedded(chengdu_pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "chengdu.pdf"
    path.write_bytes(chengdu_pdf)
    listing = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert rows and any("CJK" in row[0] for row in rows)
    # columns: name type... emb sub uni object ID; emb and sub are "yes" for every font
    assert all(row[-5] == "yes" and row[-4] == "yes" for row in rows), listing


@needs_font
def test_hostile_text_prints_literally_in_the_pdf(hostile_rules: Rules) -> None:
    text = _pdf_text(render_pdf(fact_sheet(hostile_rules, "510100", generated=DAY)))
    assert re.sub(r"\s+", "", HOSTILE_NOTE) in text


@needs_font
@needs_poppler
def test_first_page_renders_to_png_with_map_and_role_colours(
    chengdu_pdf: bytes, artifacts: Path, tmp_path: Path
) -> None:
    """Writes artifacts/factsheet-510100-p1.png to look at; checks the map and chips show."""
    pdf = tmp_path / "chengdu.pdf"
    pdf.write_bytes(chengdu_pdf)
    stem = artifacts / "factsheet-510100-p1"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
        check=True,
    )
    image = Image.open(stem.with_suffix(".png")).convert("RGB")
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 20)}
    assert _has(colours, HIGHLIGHT), "the highlighted city is missing from the locator map"
    assert _has(colours, ROLES["core"].colour), "no core-tier chip on page 1"
    assert _has(colours, ROLES["base"].colour), "no base chip on page 1"


def _has(colours: set[tuple[int, int, int]], hex_colour: str) -> bool:
    wanted = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return any(all(abs(a - b) <= 3 for a, b in zip(c, wanted, strict=True)) for c in colours)


@needs_font
def test_a_font_fontconfig_does_not_know_is_loaded_from_its_file(chengdu: FactSheet) -> None:
    """The macOS/Windows fallback: a known file path declared with @font-face, nothing else."""
    found = find_cjk_font()
    assert found is not None
    font = CJKFont("Factsheet File Font", found.path, via_fontconfig=False)
    pdf = render_pdf(chengdu, font=font)
    names = {
        str(reference.get_object()["/BaseFont"])
        for page in PdfReader(io.BytesIO(pdf)).pages
        for reference in page["/Resources"]["/Font"].values()
    }
    assert any(re.match(r"^/[A-Z]{6}\+Factsheet-File-Font", name) for name in names), names


@needs_font
def test_pdf_rendering_fetches_no_resource(tmp_path: Path) -> None:
    """Even markup that slipped through could load no file and no URL into a PDF."""
    import weasyprint

    picture = tmp_path / "picture.png"
    Image.new("RGB", (8, 8), "red").save(picture)
    page = f'<p>四川</p><img src="{picture.as_uri()}"><img src="http://example.invalid/x.png">'
    font = find_cjk_font()
    assert font is not None
    assert _images(weasyprint.HTML(string=page).write_pdf()) == 1  # the check can fail
    assert _images(html_to_pdf(page, font=font)) == 0


def _images(pdf: bytes) -> int:
    resources = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]
    xobjects = resources.get("/XObject", {})
    return sum(x.get_object()["/Subtype"] == "/Image" for x in xobjects.values())
