"""Test support for real-browser tests: the app server and an offline page in Chromium.

The fixtures that use these (``browser``, ``app_url``, ``offline``) are in ``conftest.py``:
one Chromium and one app server per test worker, shared by every browser test file. A test
that needs a server of its own (another store, other server options) starts one with
:func:`running_app` and still uses the shared ``browser``.

Chromium is launched with every non-local request sent to a closed port (:data:`NO_INTERNET`),
so it fails; an :class:`Offline` page records each request that does not go to the local
app, and the tests assert there was none.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
NO_INTERNET = {"server": "http://127.0.0.1:9", "bypass": "127.0.0.1,localhost"}
"""Chromium's proxy: every request to another host goes to a closed local port and fails."""
_DRAWN = "() => !!(window.map && document.querySelectorAll('path.leaflet-interactive').length > 20)"

BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="system Chromium (/usr/bin/chromium) absent"),
]
"""The ``pytestmark`` of a browser test file: marked, and skipped without the system Chromium."""


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
            time.sleep(0.2)
    pytest.fail(f"streamlit did not answer at {url} within {timeout} s")


def _start(
    env: Mapping[str, str | None] | None, options: tuple[str, ...]
) -> tuple[str, subprocess.Popen]:
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
    return f"http://127.0.0.1:{port}", process


def _stop(processes: list[subprocess.Popen]) -> None:
    """Stop servers: all are told at once, then each is waited for (killed if it lingers)."""
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@contextlib.contextmanager
def running_apps(
    count: int, env: Mapping[str, str | None] | None = None, *options: str
) -> Iterator[list[str]]:
    """Run ``count`` app servers on free localhost ports, started together; yield their URLs.

    ``env`` changes the servers' environment (None unsets a variable); ``options`` are extra
    ``streamlit run`` options. The servers are always stopped.
    """
    started: list[tuple[str, subprocess.Popen]] = []
    try:
        for _ in range(count):
            started.append(_start(env, options))
        for url, process in started:
            _wait_healthy(url, process)
        yield [url for url, _ in started]
    finally:
        _stop([process for _, process in started])


@contextlib.contextmanager
def running_app(env: Mapping[str, str | None] | None = None, *options: str) -> Iterator[str]:
    """Run the app on a free localhost port and yield its URL; always stop it.

    ``env`` changes the server's environment (None unsets a variable); ``options`` are extra
    ``streamlit run`` options.
    """
    with running_apps(1, env, *options) as (url,):
        yield url


def launch_chromium(playwright: object) -> object:
    """Launch the system Chromium headless through a started Playwright, internet refused."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, proxy=NO_INTERNET)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it


VIEWPORT = {"width": 1500, "height": 1000}


def new_context(browser: object) -> object:
    """Open a browser context (cookies, storage, HTTP cache of its own) of the test size."""
    return browser.new_context(viewport=VIEWPORT)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it


class Offline:
    """A page whose non-local requests fail and are recorded, with dialogs recorded too.

    ``owner`` is a browser (the page gets a context of its own: empty cache, no cookies) or a
    context (the page shares its HTTP cache and cookies, as a returning visitor's tab does).
    Requests are not routed through Playwright, which would turn the browser's cache off and
    make every request wait for this process: the browser itself refuses non-local hosts
    (:data:`NO_INTERNET`), and each request is recorded as it starts.
    """

    def __init__(self, owner: object) -> None:
        if hasattr(owner, "new_context"):
            self.page = owner.new_page(viewport=VIEWPORT)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        else:
            self.page = owner.new_page()  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.local: list[str] = []
        self.page.on("request", self._request)
        self.page.on("dialog", self._dialog)

    def _request(self, request: object) -> None:
        url = request.url  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        host = urlparse(url).hostname
        local = url.startswith(("data:", "blob:", "file:", "about:"))
        if local or host in {"127.0.0.1", "localhost"}:
            self.local.append(url)
        else:
            self.blocked.append(url)

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
            time.sleep(0.2)
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
        """Move the mouse over the map at a WGS84 point."""
        point = frame.evaluate(  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
            "([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);"
            " return [p.x, p.y]; }",
            [lat, lon],
        )
        box = frame.frame_element().bounding_box()  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        self.page.mouse.move(box["x"] + point[0], box["y"] + point[1])


def settled(page: object) -> None:
    """Wait until the app's script is not running, then half a second for the page to draw.

    A click that lands during a rerun may be lost (the rerun's result redraws the widget):
    wait for this before a click that must count.
    """
    page.wait_for_function(  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        "() => document.querySelector('[data-testid=stApp]')"
        "?.getAttribute('data-test-script-state') === 'notRunning'",
        timeout=60_000,
    )
    page.wait_for_timeout(500)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it


def painted(page: object) -> None:
    """Wait for the fonts and two animation frames: what the browser changed is drawn.

    Enough after a change the browser makes on its own (a hover, an open menu, a typed key,
    a screenshot's last frame); after a click that reruns the script, see :func:`settled`.
    """
    page.evaluate(  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        "() => document.fonts.ready.then(() => new Promise(done =>"
        " requestAnimationFrame(() => requestAnimationFrame(done))))"
    )
