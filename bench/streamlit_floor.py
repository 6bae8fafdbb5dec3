"""The floor of a warm page load: a bare Streamlit app (one ``st.write``), measured like ours.

Run ``python bench/streamlit_floor.py [--runs N]`` (default 5). It serves a one-line app
with this project's Streamlit settings (``.streamlit/config.toml``: static serving,
websocket compression, no file watcher) and loads it in the system Chromium the way
``bench/browser.py`` loads the map, on a warm server with every non-localhost request
refused, both ways: a returning visitor (a new tab in a browser context that loaded the
page before: HTTP and code cache warm) and a first visit (a new context each time, empty
cache), alternately. Each load is timed by the browser, from navigation to the first
animation frame with the written text on the page. Whatever Streamlit's own front end needs
for that is a floor no app code can lower: ``page_warm_ms`` (a returning planner) and
``page_first_visit_ms`` of the map are compared with the matching floor. Medians; the last
line is JSON::

    {"bare_page_warm_ms", "bare_page_first_visit_ms", "bare_streamlit_js_ms",
     "bare_ws_first_frame_ms", "bare_first_visit_streamlit_js_ms",
     "bare_first_visit_ws_first_frame_ms", "probe_s", "load_average"}

``*_streamlit_js_ms`` is when the last of Streamlit's scripts arrived, as the map's bench
step ``streamlit_js``; ``*_ws_first_frame_ms`` the first websocket message.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser import TIMELINE, chromium, first_frame_clock, probe_s  # noqa: E402
from browser_support import Offline, _free_port, _wait_healthy, new_context  # noqa: E402

TEXT = "bare-streamlit-floor"
APP = f'import streamlit as st\n\nst.write("{TEXT}")\n'
WRITTEN = f"() => document.body && document.body.innerText.includes({TEXT!r})"
TEXT_CLOCK = f"""(() => {{ const check = () => {{ if (({WRITTEN})()) {{
  window.__scxWritten = performance.timeOrigin + performance.now(); }}
  else {{ requestAnimationFrame(check); }} }}; requestAnimationFrame(check); }})();"""
"""Notes the wall-clock time (ms) of the first animation frame with the text on the page."""


def bare_server(folder: Path) -> tuple[str, subprocess.Popen[bytes]]:
    """Start the one-line app with the project's settings; return its URL and process."""
    script = folder / "bare_app.py"
    script.write_text(APP, encoding="utf-8")
    port = _free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    _wait_healthy(url, process)
    return url, process


KEYS = {
    "warm": ("bare_page_warm_ms", "bare_streamlit_js_ms", "bare_ws_first_frame_ms"),
    "first_visit": ("bare_page_first_visit_ms", "bare_first_visit_streamlit_js_ms",
                    "bare_first_visit_ws_first_frame_ms"),
}  # fmt: skip
"""The JSON keys of a load of each kind: the text, Streamlit's last script, the first message."""


def load_once(owner: Any, url: str, kind: str) -> dict[str, float]:
    """Load the bare page once in a new tab of ``owner`` (a browser or a context).

    Returns ms from navigation to the text (the browser's clock) and to each step, under the
    keys of ``kind`` (:data:`KEYS`).
    """
    offline = Offline(owner)
    offline.page.add_init_script(TEXT_CLOCK)
    first = first_frame_clock(offline.page)
    offline.page.goto(url, wait_until="commit")
    offline.page.wait_for_function("() => !!window.__scxWritten", polling="raf", timeout=60_000)
    timing = offline.page.evaluate(TIMELINE)
    written = offline.page.evaluate("window.__scxWritten")
    scripts = [r[2] for r in timing["resources"] if "/static/js/" in r[0]]
    offline.page.close()
    origin = timing["origin"]
    text, streamlit_js, ws_first_frame = KEYS[kind]
    return {
        text: written - origin,
        streamlit_js: (max(scripts) - origin) if scripts else float("nan"),
        ws_first_frame: (first[0] - origin) if first else float("nan"),
    }


def main() -> None:
    """Measure and print the floor, the JSON line last."""
    parser = argparse.ArgumentParser(prog="python bench/streamlit_floor.py")
    parser.add_argument("--runs", type=int, default=5, help="runs per median (default 5)")
    runs = parser.parse_args().runs
    machine = {"probe_s": probe_s(), "load_average": round(os.getloadavg()[0], 2)}
    loads: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as folder, chromium() as browser:
        url, process = bare_server(Path(folder))
        context = new_context(browser)
        try:
            load_once(browser, url, "first_visit")  # the server warms up
            load_once(context, url, "warm")  # the visitor's earlier visit
            for _ in range(runs):
                loads.append({**load_once(context, url, "warm"),
                              **load_once(browser, url, "first_visit")})  # fmt: skip
        finally:
            context.close()
            process.terminate()
            process.wait(timeout=15)
    result: dict[str, float] = {
        key: round(statistics.median(run[key] for run in loads), 1) for key in loads[0]
    }
    result.update(machine)
    for key, value in result.items():
        print(f"{key:>36}: {value:,}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
