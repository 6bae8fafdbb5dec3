"""Load benchmark: many concurrent browser sessions against one app server, on localhost.

Run ``python bench/load.py --sessions 10``. It starts the app on a free localhost port, then
drives the system Chromium through Playwright with one browser context per session (its own
cookies and websocket: a separate Streamlit session). Every request that does not go to the
local server is refused by Chromium (a proxy on a closed port) and counted as an error.
Bounded: at most ``MAX_SESSIONS`` sessions, ``MAX_SWITCHES`` switches each,
``MAX_SEQUENTIAL`` sequential sessions and ``--deadline`` seconds in all; whatever is
unfinished then counts as errors.

1. All sessions open the default view at once; ``page_load`` is the time from navigation to
   the map drawn (Leaflet paths in the map frame) and the script idle.
2. Each session switches document ``--switches`` times (sidebar select box → next document),
   at once; ``switch`` is the time from the click to the new view in the URL and the script
   idle.
3. ``--sequential`` sessions open and close one after another, then the server's RSS is read
   again (a leak shows as growth).

The browsers share the machine with the server, so wall times include their CPU too; the
server's own CPU seconds (``/proc/PID/stat``, all threads), divided by page loads and by
switches, are what a bigger or replicated server divides. The last line printed is JSON::

    {"sessions", "page_load_p50_ms", "switch_p50_ms", "switch_p95_ms", "errors",
     "server_cpu_ms_per_switch", "server_cpu_ms_per_page", "rss_start_mb", "rss_end_mb",
     "rss_after_50_sequential_mb", …}
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import ARGS, CHROMIUM, NO_INTERNET  # noqa: E402  (the tests' Chromium)

MAX_SESSIONS = 40
MAX_SWITCHES = 10
MAX_SEQUENTIAL = 60
TICKS = os.sysconf("SC_CLK_TCK")
DOCUMENTS = ("sei-2016-2020", "new-economy-2021", "digital-economy-2021",
             "meishan-new-economy-2022", "new-industrialisation-2023")  # fmt: skip
_DRAWN = (
    "() => [...document.querySelectorAll('iframe')].some(f => { try {"
    " return f.contentDocument.querySelectorAll('path.leaflet-interactive').length > 20 }"
    " catch (e) { return false } })"
)
_IDLE = (
    "() => document.querySelector('[data-testid=stApp]')"
    "?.getAttribute('data-test-script-state') === 'notRunning'"
)


@dataclass
class Results:
    """What the sessions measured."""

    page_loads_ms: list[float] = field(default_factory=list)
    switches_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


# --- the server -----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    """Start the app on a free localhost port; return the process and its URL once healthy."""
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
               "--server.port", str(port), "--server.address", "127.0.0.1",
               "--server.headless", "true", "--browser.gatherUsageStats", "false"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the app exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("the app did not start within 120 s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process, all threads (``/proc/PID/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (``VmRSS``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


# --- the sessions ---------------------------------------------------------------------------


async def _open(
    browser: object, url: str, results: Results, plan_timeout_ms: float = 180_000
) -> tuple[object, object]:
    context = await browser.new_context(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]

    def request(started: object) -> None:
        """Note a request to another host (Chromium refuses it: :data:`NO_INTERNET`)."""
        target = started.url  # type: ignore[attr-defined]
        local = target.startswith(("data:", "blob:", "about:"))
        if not local and urlparse(target).hostname not in {"127.0.0.1", "localhost"}:
            results.blocked.append(target)

    context.on("request", request)  # type: ignore[attr-defined]
    context.set_default_timeout(plan_timeout_ms)  # type: ignore[attr-defined]
    return context, await context.new_page()


async def _page_load(page: object, url: str, timeout_ms: float) -> float:
    start = time.perf_counter()
    await page.goto(  # type: ignore[attr-defined]
        f"{url}/?doc={DOCUMENTS[0]}", wait_until="domcontentloaded", timeout=timeout_ms
    )
    await page.wait_for_function(_DRAWN, timeout=timeout_ms, polling=100)  # type: ignore[attr-defined]
    await page.wait_for_function(_IDLE, timeout=timeout_ms, polling=100)  # type: ignore[attr-defined]
    return (time.perf_counter() - start) * 1000


async def _switch(page: object, document: str, title: str, timeout_ms: float) -> float:
    select = page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").first  # type: ignore[attr-defined]
    start = time.perf_counter()
    await select.click()
    await page.get_by_role("option", name=title, exact=True).click()  # type: ignore[attr-defined]
    await page.wait_for_function(  # type: ignore[attr-defined]
        f"() => location.search.includes('doc={document}') && ({_IDLE})()",
        timeout=timeout_ms, polling=50,
    )  # fmt: skip
    return (time.perf_counter() - start) * 1000


async def _exception_shown(page: object) -> bool:
    return bool(await page.locator("[data-testid=stException]").count())  # type: ignore[attr-defined]


@dataclass
class Plan:
    """What to run and how long to wait."""

    url: str
    sessions: int
    switches: int
    timeout_ms: float
    titles: dict[str, str]


async def concurrent_phase(browser: object, plan: Plan, results: Results, pid: int) -> dict:
    """Open all sessions at once, then switch in all at once; return the CPU of each phase."""
    opened = [
        await _open(browser, plan.url, results, plan.timeout_ms) for _ in range(plan.sessions)
    ]
    cpu0 = cpu_seconds(pid)
    loads = await asyncio.gather(
        *(_page_load(page, plan.url, plan.timeout_ms) for _, page in opened),
        return_exceptions=True,
    )
    cpu1 = cpu_seconds(pid)
    ready = []
    for (context, page), load in zip(opened, loads, strict=True):
        if isinstance(load, BaseException):
            results.errors.append(f"page load: {type(load).__name__}: {str(load)[:120]}")
        elif await _exception_shown(page):
            results.errors.append("page load: the app showed an exception")
        else:
            results.page_loads_ms.append(load)
            ready.append((context, page))
    await asyncio.sleep(1.0)
    cpu2 = cpu_seconds(pid)
    await asyncio.gather(*(_switches(page, plan, results, i) for i, (_, page) in enumerate(ready)))
    cpu3 = cpu_seconds(pid)
    for context, _ in opened:
        await context.close()
    return {"load_cpu_s": cpu1 - cpu0, "switch_cpu_s": cpu3 - cpu2}


async def _switches(page: object, plan: Plan, results: Results, offset: int) -> None:
    current = DOCUMENTS[0]
    for k in range(plan.switches):
        document = DOCUMENTS[(offset + k + 1) % len(DOCUMENTS)]
        if document == current:
            document = DOCUMENTS[(offset + k + 2) % len(DOCUMENTS)]
        try:
            results.switches_ms.append(
                await _switch(page, document, plan.titles[document], plan.timeout_ms)
            )
        except Exception as error:  # a timeout or a vanished element: one error, go on
            results.errors.append(f"switch: {type(error).__name__}: {str(error)[:120]}")
            return
        if await _exception_shown(page):
            results.errors.append("switch: the app showed an exception")
            return
        current = document


async def sequential_phase(browser: object, plan: Plan, count: int, results: Results) -> None:
    """Open and close ``count`` sessions one after another."""
    for _ in range(count):
        context, page = await _open(browser, plan.url, results, plan.timeout_ms)
        try:
            await _page_load(page, plan.url, plan.timeout_ms)
        except Exception as error:  # counted, the next session still runs
            results.errors.append(f"sequential: {type(error).__name__}: {str(error)[:120]}")
        finally:
            await context.close()


def _titles() -> dict[str, str]:
    sys.path.insert(0, str(ROOT))
    from layout_rules import load_rules

    rules = load_rules()
    return {doc: rules.documents[doc].document.title for doc in DOCUMENTS}


async def run(args: argparse.Namespace) -> dict:
    """Start the server, run the phases within the deadline, stop everything; return figures."""
    from playwright.async_api import async_playwright

    process, url = start_server()
    results = Results()
    figures: dict = {}
    plan = Plan(url, args.sessions, args.switches, args.timeout * 1000, _titles())
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=ARGS, proxy=NO_INTERNET
            )
            try:
                await sequential_phase(browser, plan, 1, Results())  # warm the server's caches
                figures["rss_start_mb"] = rss_mb(process.pid)
                phases = asyncio.wait_for(
                    _phases(browser, plan, args, results=results, pid=process.pid, figures=figures),
                    args.deadline,
                )
                try:
                    await phases
                except TimeoutError:
                    results.errors.append(f"deadline of {args.deadline} s reached")
            finally:
                await browser.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    return _summary(args, results, figures)


async def _phases(browser: object, plan: Plan, args: argparse.Namespace, *, results: Results,
                  pid: int, figures: dict) -> None:  # fmt: skip
    figures.update(await concurrent_phase(browser, plan, results, pid))
    figures["rss_end_mb"] = rss_mb(pid)
    await sequential_phase(browser, plan, args.sequential, results)
    figures["rss_after_50_sequential_mb"] = rss_mb(pid)


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _summary(args: argparse.Namespace, results: Results, figures: dict) -> dict:
    loads, switches = results.page_loads_ms, results.switches_ms
    errors = results.errors + [f"blocked request: {u}" for u in results.blocked]
    for line in errors[:20]:
        print("error:", line)
    return {
        "sessions": args.sessions,
        "switches_per_session": args.switches,
        "sequential_sessions": args.sequential,
        "page_load_p50_ms": round(statistics.median(loads)) if loads else None,
        "page_load_p95_ms": round(_percentile(loads, 0.95) or 0) if loads else None,
        "switch_p50_ms": round(statistics.median(switches)) if switches else None,
        "switch_p95_ms": round(_percentile(switches, 0.95) or 0) if switches else None,
        "page_loads": len(loads),
        "switches": len(switches),
        "errors": len(errors),
        "server_cpu_ms_per_page": _per(figures.get("load_cpu_s"), len(loads)),
        "server_cpu_ms_per_switch": _per(figures.get("switch_cpu_s"), len(switches)),
        "rss_start_mb": _mb(figures.get("rss_start_mb")),
        "rss_end_mb": _mb(figures.get("rss_end_mb")),
        "rss_after_50_sequential_mb": _mb(figures.get("rss_after_50_sequential_mb")),
        "cpu_cores": os.cpu_count(),
    }


def _per(seconds: float | None, count: int) -> float | None:
    return round(seconds * 1000 / count, 1) if seconds is not None and count else None


def _mb(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def main() -> None:
    """Parse the bounds, run, print the JSON line last."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--switches", type=int, default=5)
    parser.add_argument("--sequential", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=180, help="seconds per page or switch")
    parser.add_argument("--deadline", type=float, default=1800, help="seconds for all phases")
    args = parser.parse_args()
    if not (1 <= args.sessions <= MAX_SESSIONS and 0 <= args.switches <= MAX_SWITCHES
            and 0 <= args.sequential <= MAX_SEQUENTIAL):  # fmt: skip
        parser.error(f"bounds: sessions 1–{MAX_SESSIONS}, switches 0–{MAX_SWITCHES}, "
                     f"sequential 0–{MAX_SEQUENTIAL}")  # fmt: skip
    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} is missing: install the system Chromium")
    print(json.dumps(asyncio.run(run(args)), ensure_ascii=False))


if __name__ == "__main__":
    main()
