"""The map in a real browser (system Chromium via Playwright), with the internet blocked.

Every request that does not go to the local app is aborted and recorded; the tests assert
there was none. Screenshots go to ``artifacts/``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from layout_rules import DATA_DIR

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
HOSTILE_THEME = "<img src=x onerror=alert(1)>"
HOSTILE_TEMPLATE = "`${window.pwned=1}`"
HOSTILE_NOTE = "</script><script>window.pwned=2</script>"
CHENGDU = (30.67, 104.06)
_DRAWN = "() => !!(window.map && document.querySelectorAll('path.leaflet-interactive').length > 20)"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="system Chromium (/usr/bin/chromium) absent"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"streamlit did not answer at {url} within {timeout} s")


@contextlib.contextmanager
def running_app(env: Mapping[str, str | None] | None = None, *options: str) -> Iterator[str]:
    """Run the app on a free localhost port and yield its URL; always stop it.

    ``env`` changes the server's environment (None unsets a variable); ``options`` are extra
    ``streamlit run`` options.
    """
    port = _free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false", *options,
    ]  # fmt: skip
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    for key, value in (env or {}).items():
        environment.pop(key, None)
        if value is not None:
            environment[key] = value
    process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    """Run the app on a free localhost port for this module; always stop it."""
    with running_app() as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Offline:
    """A page whose non-local requests are aborted and recorded, with dialogs recorded too."""

    def __init__(self, browser: object) -> None:
        viewport = {"width": 1500, "height": 1000}
        self.page = browser.new_page(viewport=viewport)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.local: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("dialog", self._dialog)

    def _route(self, route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        host = urlparse(url).hostname
        local = url.startswith(("data:", "blob:", "file:", "about:"))
        if local or host in {"127.0.0.1", "localhost"}:
            self.local.append(url)
            route.continue_()  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        else:
            self.blocked.append(url)
            route.abort()  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it

    def _dialog(self, dialog: object) -> None:
        self.dialogs.append(dialog.message)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        dialog.dismiss()  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it

    def map_frame(self) -> object:
        """Return the frame of the folium map once Leaflet has drawn the layers."""
        self.page.wait_for_selector("iframe[title*='st_folium']", timeout=60_000)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for frame in self.page.frames:
                if "streamlit_folium" in frame.url and frame.evaluate(_DRAWN):
                    return frame
            time.sleep(0.3)
        pytest.fail("the map did not render")

    def click_latlng(self, frame: object, lat: float, lon: float) -> None:
        """Click the map at a WGS84 point (the iframe's offset plus Leaflet's pixel)."""
        point = frame.evaluate(  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
            "([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);"
            " const r = document.getElementById('map_div').getBoundingClientRect();"
            " return [p.x + r.left, p.y + r.top]; }",
            [lat, lon],
        )
        box = frame.frame_element().bounding_box()  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        self.page.mouse.click(box["x"] + point[0], box["y"] + point[1])

    def hover_latlng(self, frame: object, lat: float, lon: float) -> None:
        point = frame.evaluate(  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
            "([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);"
            " return [p.x, p.y]; }",
            [lat, lon],
        )
        box = frame.frame_element().bounding_box()  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        self.page.mouse.move(box["x"] + point[0], box["y"] + point[1])


@pytest.fixture
def offline(browser: object) -> Iterator[Offline]:
    page = Offline(browser)
    yield page
    page.page.close()


def _fills(frame: object) -> dict[str, int]:
    return frame.evaluate(  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        "() => { const c = {}; document.querySelectorAll('path.leaflet-interactive').forEach("
        "p => { const f = p.getAttribute('fill'); c[f] = (c[f] || 0) + 1; }); return c; }"
    )


def test_map_renders_offline_with_legend_and_tiers(
    app_url: str, offline: Offline, artifacts: Path
) -> None:
    url = f"{app_url}/?doc=sei-2016-2020&ind=next-gen-it"
    offline.page.goto(url, wait_until="domcontentloaded")
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
    offline.page.wait_for_timeout(800)
    offline.page.screenshot(path=str(artifacts / "map_offline.png"), full_page=True)
    assert offline.blocked == []
    assert offline.dialogs == []


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
    offline.page.wait_for_timeout(800)
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
    offline.page.wait_for_timeout(500)
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
    offline.page.wait_for_timeout(500)
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
    offline: Offline, artifacts: Path, tmp_path: Path
) -> None:
    import geodata
    from layers import Boundaries, MapView, export_html, map_data
    from layout_rules import load_rules

    boundaries = Boundaries(
        geodata.load_province(variant="web"),
        geodata.load_prefectures(variant="web"),
        geodata.load_counties(variant="web"),
    )
    view = MapView(industries=("new-materials",), city="510400", counties=True)
    path = tmp_path / "export.html"
    path.write_text(export_html(map_data(load_rules(), view, boundaries), view), encoding="utf-8")
    offline.page.goto(path.as_uri())
    offline.page.locator(".scx-legend").wait_for(timeout=20_000)
    assert "新材料" in offline.page.locator(".scx-legend").inner_text()
    assert offline.page.locator("path.leaflet-interactive").count() > 21
    offline.page.screenshot(path=str(artifacts / "map_export.png"))
    assert [u for u in offline.local if not u.startswith(("file:", "data:"))] == []
    assert offline.blocked == []


def test_a_tooltip_is_wide_enough_to_read(app_url: str, offline: Offline) -> None:
    # Leaflet's panes have no width: a wrapping tooltip used to shrink to one or two
    # characters a line, a tall thin strip over the map.
    offline.page.goto(f"{app_url}/?ind=next-gen-it", wait_until="domcontentloaded")
    frame = offline.map_frame()
    offline.hover_latlng(frame, *CHENGDU)
    tooltip = frame.locator(".leaflet-tooltip")  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    tooltip.wait_for(timeout=10_000)
    box = tooltip.bounding_box()
    assert "成都" in tooltip.inner_text()
    assert box["width"] > 200, box
    assert box["height"] < box["width"], box


def _settled(page: object) -> None:
    page.wait_for_function(  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        "() => document.querySelector('[data-testid=stApp]')"
        "?.getAttribute('data-test-script-state') === 'notRunning'",
        timeout=60_000,
    )
    page.wait_for_timeout(500)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it


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


def test_the_rules_sidebar_offers_uploads_only(app_url: str, offline: Offline) -> None:
    page = offline.page
    page.goto(f"{app_url}/?ind=next-gen-it", wait_until="domcontentloaded")
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
