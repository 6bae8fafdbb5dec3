"""Real-browser benchmark of the map: what a planner waits for, beside ``explore()``.

Run ``python bench/browser.py [--runs N]`` (default 5). It drives the system Chromium
(``/usr/bin/chromium``, via Playwright) against the app on a localhost port with every other
request refused (sent to a proxy on a closed port), and prints medians of ``N`` runs; the last
line is JSON::

    {"switch_first_ms", "switch_revisit_ms", "ws_bytes_per_switch", "shape_bytes_once",
     "page_warm_ms", "page_cold_ms", "explore_switch_ms", "explore_simplified_switch_ms",
     "rss_10_sessions_mb"}

plus ``ws_bytes_per_switch_max`` (the largest switch), ``page_warm_cached_ms`` and
``page_first_visit_ms`` (below), ``server_ready_ms``, ``script_check_ms``,
``page_cold_no_warmup_ms`` and ``server_start_ms`` (the cold page, below),
``page_warm_steps_ms`` and ``page_first_visit_steps_ms``:
when each step of a page load ended (see :func:`page_timeline`), from navigation, medians;
and ``probe_s`` and ``load_average`` (the machine's speed and load when the run began).

``--only page`` measures the page loads alone (warm, first visit, cold): an A/B of a change
to the page's start takes minutes instead of the whole bench.

- ``switch_*_ms``: an industry switch in the sidebar's industry list (one rerun), from the
  click on the new industry until every prefecture's SVG path has its tier colour; first
  visit of the industry on this server, then a revisit. Timed by the browser (the click
  event's time in the page, the first animation frame with the new colours in the map's
  frame); ``switch_*_playwright_ms`` are the same switches timed from Playwright's click
  call to its seeing the colours, which adds Playwright's own checks and polling.
- ``ws_bytes_per_switch``: websocket bytes the page received during one switch
  (CDP ``Network.webSocketFrameReceived``; binary frames counted decoded), median.
- ``shape_bytes_once``: the shape files the page fetched (overview, then the finer level
  prefetched), once per page.
- ``page_warm_ms``: a warm page load, navigation to prefecture polygons drawn, on a warm
  server: the planner who reopens the app (``page_warm_cached_ms``, below). In web
  performance a "warm" load means warm caches, and a returning planner is the usual case:
  Streamlit's scripts are served as immutable (content-hashed names), so the browser keeps
  them and V8 its compiled code; what is left to wait for is the server and our map.
  Two loads are measured, and printed side by side:

  - ``page_warm_cached_ms``: a new tab in the same browser context as an earlier load of the
    page (HTTP cache and code cache warm; a new Streamlit session each time);
  - ``page_first_visit_ms``: a new browser context each time (empty HTTP cache): the first
    visit of a planner, which also pays for Streamlit's 3 MB of front end.

- ``page_cold_ms``: the first page of a fresh server process **as deployed**, in a fresh
  browser context (empty cache), timed from navigation. A deployed server is ready once its
  script health check passed (``/_stcore/script-health-check``, the readiness step of
  docs/deploy.md: it runs the app once in a throw-away session, which loads the imports,
  rules, boundaries and map parts); ``server_ready_ms`` is the time from the process start
  to that check's answer, ``script_check_ms`` the check alone. ``page_cold_no_warmup_ms`` is
  the strict old number: the first page once the server answers its plain health check
  (``/_stcore/health``; ``server_start_ms`` from the process start), no warm-up at all.
  Each run starts one server of each kind, in turn.

  Page loads are timed by the browser: from the navigation's start to the first animation
  frame in which all 21 prefectures are drawn (an observer in the map's frame, installed
  before the page loads). ``*_playwright_ms`` are the same loads as Playwright saw them: its
  polling of the page's frames adds 50–250 ms on a busy machine.
- ``explore_*_switch_ms``: the baseline, ``GeoDataFrame.explore()`` of the same tiers as a
  page from disk (Leaflet inlined; its other CDN links blocked like ours), navigation to
  polygons drawn: an app built on it redraws the page on every switch. Full-resolution and
  web-variant shapes. A lower bound: no server time, no transfer through Streamlit.
- ``rss_10_sessions_mb``: the server's resident memory after 10 sessions loaded the map.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import Offline, launch_chromium, new_context, running_app  # noqa: E402

import geodata  # noqa: E402
from layers.assets import inline_assets, localise  # noqa: E402
from layers.tables import city_roles  # noqa: E402
from layout_rules import Rules, load_rules  # noqa: E402
from layout_rules.vocab import role_colour  # noqa: E402

DOCUMENT = "sei-2016-2020"
SESSIONS = 10
FILLS = """() => {
  const fills = {};
  window.map && window.map.eachLayer(l => {
    const id = l.feature && String(l.feature.id);
    if (id && /^51\\d\\d00$/.test(id) && l._path) { fills[id] = l._path.getAttribute('fill'); }
  });
  return fills;
}"""
MATCHES = f"expected => {{ const f = ({FILLS})();"
MATCHES += " return Object.keys(expected).every(k => f[k] === expected[k]); }"
ALL_DRAWN = f"() => Object.keys(({FILLS})()).length === 21"
STATE = "document.querySelector('[data-testid=stApp]')?.dataset.testScriptState"
IDLE = f"() => {STATE} === 'notRunning'"
BUSY = f"() => {STATE} === 'running'"
EXPLORE_DRAWN = "() => document.querySelectorAll('path.leaflet-interactive').length >= 21"


def expected_fills(rules: Rules, industry: str) -> dict[str, str]:
    """Return adcode -> the tier colour the map must show for one industry."""
    cities = city_roles(rules, document=DOCUMENT, industry=industry)
    return {row.adcode: role_colour(row.role or "none") for row in cities.itertuples()}


def _map_frame(page: Any, timeout_s: float = 90) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for frame in page.frames:
            with contextlib.suppress(Exception):
                if "streamlit_folium" in frame.url and frame.evaluate(ALL_DRAWN):
                    return frame
        page.wait_for_timeout(10)  # lets Playwright deliver the page's events meanwhile
    msg = "the map did not draw its prefectures"
    raise RuntimeError(msg)


POLYGON_CLOCK = f"""(() => {{ if (window !== window.top) {{ return; }}
  const drawn = {json.dumps(f"({ALL_DRAWN})()")};
  const watch = frame => frame.addEventListener('load', () => {{
    const w = frame.contentWindow;
    if (!w || !w.location.href.includes('streamlit_folium') || w.__scxPolygons) {{ return; }}
    const check = () => {{ if (w.eval(drawn)) {{
      w.__scxPolygons = w.performance.timeOrigin + w.performance.now(); }}
      else {{ w.requestAnimationFrame(check); }} }};
    w.requestAnimationFrame(check); }});
  new MutationObserver(changes => changes.forEach(change => change.addedNodes.forEach(node => {{
    if (node.tagName === 'IFRAME') {{ watch(node); }}
    else if (node.querySelectorAll) {{ node.querySelectorAll('iframe').forEach(watch); }}
  }}))).observe(document, {{childList: true, subtree: true}}); }})();"""
"""Run in the page from its start: notes, in the map's frame (once it has loaded), the
wall-clock time (ms) of the first animation frame in which all 21 prefectures are drawn. The
page watches the frame, because a frame's own init script runs in its first, blank document,
whose timers and animation frames its navigation cancels."""


def page_load(owner: Any, url: str) -> tuple[float, float, Offline]:
    """Open the map in a new page; return ms to prefecture polygons on two clocks, and the page.

    ``owner`` is a browser (a new context: empty cache) or a context (its cache shared). The
    first time is the browser's own, from the navigation's start to the first animation frame
    with every prefecture drawn (what a planner waits for); the second is Playwright's, from its
    call to navigate to its seeing the polygons, which adds its polling of the frames (each
    look a round trip to the browser: 50–250 ms on a busy machine).
    """
    offline = Offline(owner)
    offline.page.add_init_script(POLYGON_CLOCK)
    start = time.perf_counter()
    offline.page.goto(url, wait_until="commit")
    frame = _map_frame(offline.page)
    elapsed = (time.perf_counter() - start) * 1000
    own = elapsed
    with contextlib.suppress(Exception):
        frame.wait_for_function("() => !!window.__scxPolygons", timeout=2_000)
        own = frame.evaluate("window.__scxPolygons") - offline.page.evaluate(
            "performance.timeOrigin")  # fmt: skip
    return own, elapsed, offline


def page_load_ms(owner: Any, url: str) -> tuple[float, Offline]:
    """Open the map like :func:`page_load`; return the browser's ms to polygons, and the page."""
    own, _, offline = page_load(owner, url)
    return own, offline


TIMELINE = """() => {
  const origin = performance.timeOrigin, nav = performance.getEntriesByType('navigation')[0];
  return {origin: origin, now: origin + performance.now(),
          html: nav ? origin + nav.responseEnd : null,
          resources: performance.getEntriesByType('resource').map(
            e => [e.name, origin + e.startTime, origin + e.responseEnd])};
}"""
MILESTONES = {
    "streamlit_js": ("page", "/static/js/", "end"),
    "component_html": ("frame", None, "end"),
    "leaflet_js": ("frame", "/leaflet/leaflet.js", "end"),
    "runtime_js": ("frame", "/scx/runtime-", "end"),
    "rivers_js": ("frame", "/scx/data-rivers-", "end"),
    "shapes_asked": ("frame", "/app/static/shapes/", "start"),
    "shapes_file": ("frame", "/app/static/shapes/", "end"),
}
"""Where a milestone's time is read: the page or the map's frame, the URL part, and whether
the request's start or its end (the first such request in the frame, the last in the page)."""


def page_timeline(offline: Offline, first_frame_ms: float | None) -> dict[str, float]:
    """Return ms from navigation to each step of a page load, up to the polygons drawn.

    ``html`` (the page's HTML received), ``streamlit_js`` (the last of Streamlit's scripts),
    ``ws_first_frame`` (the first websocket message), ``component_html`` (the map's iframe),
    ``leaflet_js``, ``runtime_js``, ``shapes_file`` (the first shape file received) and
    ``polygons`` (seen drawn by Playwright; :func:`page_load_timed` puts the browser's own
    time there, and this one in ``polygons_seen``). Times are the browser's own (Resource
    Timing), wall clock.
    """
    page = offline.page.evaluate(TIMELINE)
    frame = _map_frame(offline.page)
    inner = frame.evaluate(TIMELINE)
    start = page["origin"]
    steps = {"html": page["html"]}
    for key, (where, part, which) in MILESTONES.items():
        found = page if where == "page" else inner
        if part is None:
            steps[key] = found["html"]
            continue
        times = [r[1 if which == "start" else 2] for r in found["resources"] if part in r[0]]
        steps[key] = (max(times) if where == "page" else min(times)) if times else None
    steps["ws_first_frame"] = first_frame_ms
    steps["polygons"] = inner["now"]
    return {k: round(v - start, 1) for k, v in sorted(steps.items(), key=_when) if v}


def _when(item: tuple[str, float | None]) -> float:
    return item[1] or 0.0


def first_frame_clock(page: Any) -> list[float]:
    """Return a list that will hold the wall-clock time (ms) of the page's first websocket frame."""
    first: list[float] = []
    page.on("websocket", lambda ws: ws.on(
        "framereceived", lambda _: first or first.append(time.time() * 1000)))  # fmt: skip
    return first


def page_load_timed(owner: Any, url: str) -> tuple[float, float, Offline, dict[str, float]]:
    """Open the map like :func:`page_load`; also return the load's timeline."""
    offline = Offline(owner)
    offline.page.add_init_script(POLYGON_CLOCK)
    first = first_frame_clock(offline.page)
    start = time.perf_counter()
    offline.page.goto(url, wait_until="commit")
    frame = _map_frame(offline.page)
    elapsed = (time.perf_counter() - start) * 1000
    timeline = page_timeline(offline, first[0] if first else None)
    with contextlib.suppress(Exception):
        frame.wait_for_function("() => !!window.__scxPolygons", timeout=2_000)
        timeline["polygons_seen"] = timeline["polygons"]
        origin = offline.page.evaluate("performance.timeOrigin")
        timeline["polygons"] = round(frame.evaluate("window.__scxPolygons") - origin, 1)
    return timeline.get("polygons", elapsed), elapsed, offline, timeline


class Socket:
    """Counts the websocket bytes a page receives (Chrome DevTools Protocol)."""

    def __init__(self, page: Any) -> None:
        self.bytes = 0
        session = page.context.new_cdp_session(page)
        session.send("Network.enable")
        session.on("Network.webSocketFrameReceived", self._frame)

    def _frame(self, event: dict[str, Any]) -> None:
        response = event["response"]
        payload = response["payloadData"]
        binary = response.get("opcode") == 2  # a binary frame (RFC 6455)
        self.bytes += len(base64.b64decode(payload)) if binary else len(payload.encode())


def _idle(page: Any) -> None:
    page.wait_for_function(IDLE, polling="raf", timeout=60_000)


CLICK_CLOCK = """() => { window.__scxClick = null; document.addEventListener('click',
  e => { window.__scxClick = performance.timeOrigin + e.timeStamp; }, {capture: true, once: true});
}"""
"""Notes the wall-clock time (ms) of the next click's event in the page."""
DRAWN_CLOCK = f"""expected => {{ window.__scxDrawn = null; const matches = ({MATCHES});
  const check = () => {{ if (matches(expected)) {{
    window.__scxDrawn = performance.timeOrigin + performance.now(); }}
    else {{ requestAnimationFrame(check); }} }};
  requestAnimationFrame(check); }}"""
"""Notes, in the map's frame, the wall-clock time (ms) of the first animation frame in which
every prefecture has its expected fill."""


def switch_ms(page: Any, new: str, expected: dict[str, str]) -> tuple[float | None, float]:
    """Choose another industry in the sidebar; return ms until the map shows its tiers.

    Two clocks: the browser's own, from the click event on the new industry in the open list
    (one rerun) to the first animation frame in which every prefecture's SVG path has the
    new industry's tier colour (what a planner waits for); and Playwright's, from the call
    that clicks to the moment it sees those colours, which adds its own work (checks that
    the option is visible and still, moving the mouse, and polling the frame): 50–100 ms
    on the reference machine. The browser's time is None when the map's frame was
    replaced during the switch (a remount: its watcher went with it).
    """
    select = page.locator("[data-testid=stSidebar] .st-key-w_one [data-testid=stSelectbox]")
    _idle(page)
    with contextlib.suppress(Exception):
        _map_frame(page).evaluate(DRAWN_CLOCK, expected)
    select.first.click()
    option = page.get_by_role("option", name=new, exact=True).first  # 新能源 ≠ 新能源汽车
    option.wait_for(timeout=10_000)
    page.evaluate(CLICK_CLOCK)
    start = time.perf_counter()
    option.click()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):  # a remounted map detaches the frame: look again
            frame = _map_frame(page)
            frame.wait_for_function(MATCHES, arg=expected, polling="raf", timeout=5_000)
            elapsed = (time.perf_counter() - start) * 1000
            return _browser_ms(page, frame), elapsed
    msg = f"the map did not show {new}"
    raise RuntimeError(msg)


def _browser_ms(page: Any, frame: Any) -> float | None:
    """Return the browser's own click-to-recoloured time of the last switch, if it has one."""
    clicked, drawn = None, None
    with contextlib.suppress(Exception):
        clicked = page.evaluate("window.__scxClick")
        frame.wait_for_function("() => window.__scxDrawn !== null", timeout=1_000)
        drawn = frame.evaluate("window.__scxDrawn")
    if clicked is None or drawn is None:
        return None
    return float(drawn) - float(clicked)


def explore_page(rules: Rules, industry: str, variant: str) -> str:
    """Return ``GeoDataFrame.explore()`` of one industry's tiers as a self-contained page."""
    cities = city_roles(rules, document=DOCUMENT, industry=industry)
    load = geodata.load_prefectures
    shapes = load(variant=variant)[["adcode", "geometry"]]  # type: ignore[arg-type]  # full or web
    frame = shapes.merge(cities.drop(columns=["roles", "places"]), on="adcode")
    frame["themes"] = frame["themes"].map("、".join)
    roles = sorted(set(frame["role"]))
    colours = [role_colour(r or "none") for r in roles]
    fmap = frame.explore(column="role", categories=roles, cmap=colours,
                         tooltip=["city", "role", "themes"])  # fmt: skip
    with contextlib.suppress(Exception):
        localise(fmap)
    return inline_assets(fmap.get_root().render())


def explore_ms(browser: Any, pages: list[Path], runs: int) -> list[float]:
    """Return ms from navigation to polygons for explore() pages, alternating industries."""
    times = []
    offline = Offline(browser)
    for k in range(runs):
        start = time.perf_counter()
        offline.page.goto(pages[k % len(pages)].as_uri(), wait_until="commit")
        offline.page.wait_for_function(EXPLORE_DRAWN, polling="raf", timeout=120_000)
        times.append((time.perf_counter() - start) * 1000)
    offline.page.close()
    return times


def server_rss_mb(port: str) -> float:
    """Return the resident memory (MB) of the streamlit process serving ``port``."""
    for proc in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            command = (proc / "cmdline").read_bytes().split(b"\0")
            if b"streamlit" in b" ".join(command) and port.encode() in command:
                status = (proc / "status").read_text()
                line = next(s for s in status.splitlines() if s.startswith("VmRSS:"))
                return int(line.split()[1]) / 1024
    msg = f"no streamlit process on port {port}"
    raise RuntimeError(msg)


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Yield the system Chromium under Playwright; always close it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()


def median(values: list[float]) -> float:
    """Return the median, rounded to 0.1."""
    return round(statistics.median(values), 1)


SCRIPT_CHECK = "/_stcore/script-health-check"
"""Streamlit's script health check (``server.scriptHealthCheckEnabled``): it runs the app
once in a throw-away session and answers 200 when the run ended without an error. The
deployment calls it once as its readiness step (docs/deploy.md), which also warms the
process: imports, rules, boundaries and map parts are loaded before the first planner."""


def script_check(url: str, timeout_s: float = 120) -> None:
    """Call the app's script health check once; raise unless it answers 200."""
    with urllib.request.urlopen(url + SCRIPT_CHECK, timeout=timeout_s) as response:
        if response.status != 200:
            msg = f"the script health check answered {response.status}"
            raise RuntimeError(msg)


def cold_ms(browser: Any, runs: int) -> dict[str, float]:
    """Return medians over fresh servers: the first page as deployed and without warm-up.

    Each run starts two servers in turn (so a change in the machine's speed touches both):

    - as deployed: the server is ready once its script health check passed
      (:func:`script_check`, the readiness step of docs/deploy.md); ``page_cold_ms`` is the
      first page then, timed from navigation (the browser's clock), and
      ``server_ready_ms`` the time from the process start to that check's answer
      (``script_check_ms`` the check alone);
    - without any warm-up: ``page_cold_no_warmup_ms`` is the first page once the server
      answers its plain health check (the strict old number), ``server_start_ms`` the time
      from the process start to that answer.
    """
    keys = ("page_cold_ms", "page_cold_playwright_ms", "server_ready_ms", "script_check_ms",
            "page_cold_no_warmup_ms", "page_cold_no_warmup_playwright_ms",
            "server_start_ms")  # fmt: skip
    times: dict[str, list[float]] = {key: [] for key in keys}
    for _ in range(runs):
        for warm in (True, False):
            start = time.perf_counter()
            with running_app() as url:
                started = time.perf_counter()
                if warm:
                    script_check(url)
                    ready = time.perf_counter()
                    times["script_check_ms"].append((ready - started) * 1000)
                    times["server_ready_ms"].append((ready - start) * 1000)
                else:
                    times["server_start_ms"].append((started - start) * 1000)
                own, playwright, offline = page_load(browser, f"{url}/?doc={DOCUMENT}")
                offline.page.close()
            name = "page_cold_ms" if warm else "page_cold_no_warmup_ms"
            times[name].append(own)
            times[name.replace("_ms", "_playwright_ms")].append(playwright)
    return {key: median(values) for key, values in times.items()}


def page_numbers(browser: Any, url: str, runs: int) -> dict[str, Any]:
    """Measure warm page loads on a warm server: a returning planner's, then first visits.

    The cached loads open new tabs in one browser context that loaded the page before; the
    first visits open a new context each time. Loads alternate between the two kinds, so a
    change in the machine's speed touches both alike.
    """
    view = f"{url}/?doc={DOCUMENT}"
    page_load_ms(browser, view)[1].page.close()  # the server warms up
    context = new_context(browser)
    try:
        page_load_ms(context, view)[1].page.close()  # the planner's first visit, earlier
        cached: list[tuple[float, float, dict[str, float]]] = []
        first: list[tuple[float, float, dict[str, float]]] = []
        shapes = 0
        for _ in range(runs):
            for owner, times in ((context, cached), (browser, first)):
                own, seen, offline, timeline = page_load_timed(owner, view)
                times.append((own, seen, timeline))
                shapes = max(shapes, sum(len(r) for r in _shape_bodies(offline)))
                offline.page.close()
    finally:
        context.close()
    return {"page_warm_ms": median([t[0] for t in cached]),
            "page_warm_cached_ms": median([t[0] for t in cached]),
            "page_first_visit_ms": median([t[0] for t in first]),
            "page_warm_playwright_ms": median([t[1] for t in cached]),
            "page_first_visit_playwright_ms": median([t[1] for t in first]),
            "page_warm_steps_ms": _median_steps([t[2] for t in cached]),
            "page_first_visit_steps_ms": _median_steps([t[2] for t in first]),
            "shape_bytes_once": shapes}  # fmt: skip


def _median_steps(timelines: list[dict[str, float]]) -> dict[str, float]:
    """Return each step's median time over the loads that reached it, in order."""
    keys = dict.fromkeys(key for timeline in timelines for key in timeline)
    steps = {key: median([t[key] for t in timelines if key in t]) for key in keys}
    return dict(sorted(steps.items(), key=_when))


def warm_numbers(browser: Any, rules: Rules, runs: int) -> dict[str, Any]:
    """Measure page loads, switches, websocket and shape bytes, RSS on one warm server."""
    industries = list(rules.document(DOCUMENT).industries)[: runs + 1]
    names = {i.id: i.name for i in industries}
    with running_app() as url:
        result = page_numbers(browser, url, runs)
        view = f"{url}/?doc={DOCUMENT}&ind={industries[0].id}"
        _, offline = page_load_ms(browser, view)
        socket = Socket(offline.page)
        first: list[float] = []
        again: list[float] = []
        sent: list[int] = []
        called: dict[int, list[float]] = {id(first): [], id(again): []}
        for visit in (first, again):
            for industry in [*industries[1:], industries[0]]:
                before = socket.bytes
                fills = expected_fills(rules, industry.id)
                own, playwright = switch_ms(offline.page, names[industry.id], fills)
                visit.append(playwright if own is None else own)
                called[id(visit)].append(playwright)
                offline.page.wait_for_timeout(300)  # late frames of the rerun
                sent.append(socket.bytes - before)
        offline.page.close()
        sessions = [page_load_ms(browser, view)[1] for _ in range(SESSIONS)]
        rss = server_rss_mb(url.rsplit(":", 1)[1])
        for session in sessions:
            session.page.close()
    return {**result, "switch_first_ms": median(first[:-1]), "switch_revisit_ms": median(again),
            "switch_first_playwright_ms": median(called[id(first)][:-1]),
            "switch_revisit_playwright_ms": median(called[id(again)]),
            "ws_bytes_per_switch": median(sent), "ws_bytes_per_switch_max": max(sent),
            "rss_10_sessions_mb": round(rss, 1)}  # fmt: skip


def _shape_bodies(offline: Offline) -> list[bytes]:
    urls = sorted({u for u in offline.local if "/app/static/shapes/" in u})
    return [(ROOT / "static" / "shapes" / u.rsplit("/", 1)[1]).read_bytes() for u in urls]


def _timed(label: str, work: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = work()
    print(f"  {label}: {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return result


def probe_s() -> float:
    """Return the seconds a fixed pure-Python loop takes now: the machine's speed."""
    start = time.perf_counter()
    sum(i * i for i in range(2 * 10**7))
    return round(time.perf_counter() - start, 2)


KEYS = ("switch_first_ms", "switch_revisit_ms", "ws_bytes_per_switch", "shape_bytes_once",
        "page_warm_ms", "page_cold_ms", "explore_switch_ms", "explore_simplified_switch_ms",
        "rss_10_sessions_mb")  # fmt: skip
"""The issue's JSON keys."""
PAGE_KEYS = ("page_warm_ms", "page_warm_cached_ms", "page_first_visit_ms", "page_cold_ms",
             "page_cold_no_warmup_ms", "server_ready_ms", "shape_bytes_once")  # fmt: skip
EXTRA = ("ws_bytes_per_switch_max", "switch_first_playwright_ms", "switch_revisit_playwright_ms",
         "page_warm_cached_ms", "page_first_visit_ms", "page_warm_steps_ms",
         "page_warm_playwright_ms", "page_first_visit_playwright_ms",
         "page_first_visit_steps_ms", "page_cold_playwright_ms", "server_ready_ms",
         "script_check_ms", "page_cold_no_warmup_ms", "page_cold_no_warmup_playwright_ms",
         "server_start_ms", "probe_s", "load_average")  # fmt: skip


def measure(runs: int, *, only_page: bool) -> dict[str, Any]:
    """Run the measurements (the page loads alone with ``only_page``); return the numbers."""
    rules = load_rules()
    ids = [i.id for i in rules.document(DOCUMENT).industries][:2]
    with tempfile.TemporaryDirectory() as folder, chromium() as browser:
        if only_page:
            with running_app() as url:
                result = _timed("warm server", lambda: page_numbers(browser, url, runs))
        else:
            result = _timed("warm server", lambda: warm_numbers(browser, rules, runs))
        result.update(_timed("cold servers", lambda: cold_ms(browser, runs)))
        if only_page:
            return result
        pages = {}
        for variant in ("full", "web"):
            pages[variant] = [Path(folder) / f"{variant}-{i}.html" for i in ids]
            for industry, path in zip(ids, pages[variant], strict=True):
                path.write_text(explore_page(rules, industry, variant), encoding="utf-8")
        result["explore_switch_ms"] = median(explore_ms(browser, pages["full"], runs))
        result["explore_simplified_switch_ms"] = median(explore_ms(browser, pages["web"], runs))
    return result


def main() -> None:
    """Measure and print the numbers, the JSON line last."""
    parser = argparse.ArgumentParser(prog="python bench/browser.py")
    parser.add_argument("--runs", type=int, default=5, help="runs per median (default 5)")
    parser.add_argument("--only", choices=["page"], help="measure the page loads alone")
    args = parser.parse_args()
    machine = {"probe_s": probe_s(), "load_average": round(os.getloadavg()[0], 2)}
    result = {**measure(args.runs, only_page=args.only == "page"), **machine}
    keys = PAGE_KEYS if args.only == "page" else KEYS
    for key in keys:
        print(f"{key:>30}: {result[key]:,}")
    for name in ("page_warm_steps_ms", "page_first_visit_steps_ms"):
        print(f"  {name}, ms from navigation (medians):")
        for step, ms in result[name].items():
            print(f"{step:>30}: {ms:,}")
    for key in EXTRA:
        if key in result and key not in keys and not isinstance(result[key], dict):
            print(f"{key:>30}: {result[key]:,}")
    print(json.dumps({key: result[key] for key in dict.fromkeys((*keys, *EXTRA)) if key in result}))


if __name__ == "__main__":
    main()
