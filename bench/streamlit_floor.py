"""The floor of a warm page load: a bare Streamlit app (one ``st.write``), measured like ours.

Run ``python bench/streamlit_floor.py [--runs N]`` (default 5). It serves a one-line app
with this project's Streamlit settings (``.streamlit/config.toml``: static serving,
websocket compression, no file watcher) and loads it in the system Chromium the way
``bench/browser.py`` loads the map (a new context each time, empty HTTP cache, every
non-localhost request refused, a warm server), timing navigation to the written text on the
page. Whatever Streamlit's own front end needs for that is a floor no app code can lower:
``page_warm_ms`` of the map is compared with it. Medians; the last line is JSON::

    {"bare_page_warm_ms", "bare_streamlit_js_ms", "bare_ws_first_frame_ms", "load_average"}

``bare_streamlit_js_ms`` is when the last of Streamlit's scripts arrived, as the map's bench
step ``streamlit_js``; ``bare_ws_first_frame_ms`` the first websocket message.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser import TIMELINE, chromium, first_frame_clock  # noqa: E402
from browser_support import Offline, _free_port, _wait_healthy  # noqa: E402

TEXT = "bare-streamlit-floor"
APP = f'import streamlit as st\n\nst.write("{TEXT}")\n'
WRITTEN = f"() => document.body && document.body.innerText.includes({TEXT!r})"


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


def load_once(browser: Any, url: str) -> dict[str, float]:
    """Load the bare page once in a new context; return ms to the text and to each step."""
    offline = Offline(browser)
    first = first_frame_clock(offline.page)
    start = time.perf_counter()
    offline.page.goto(url, wait_until="commit")
    offline.page.wait_for_function(WRITTEN, polling="raf", timeout=60_000)
    elapsed = (time.perf_counter() - start) * 1000
    timing = offline.page.evaluate(TIMELINE)
    scripts = [r[2] for r in timing["resources"] if "/static/js/" in r[0]]
    offline.page.close()
    origin = timing["origin"]
    return {
        "bare_page_warm_ms": elapsed,
        "bare_streamlit_js_ms": (max(scripts) - origin) if scripts else float("nan"),
        "bare_ws_first_frame_ms": (first[0] - origin) if first else float("nan"),
    }


def main() -> None:
    """Measure and print the floor, the JSON line last."""
    parser = argparse.ArgumentParser(prog="python bench/streamlit_floor.py")
    parser.add_argument("--runs", type=int, default=5, help="runs per median (default 5)")
    runs = parser.parse_args().runs
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder, chromium() as browser:
        url, process = bare_server(Path(folder))
        try:
            load_once(browser, url)  # the server warms up
            loads = [load_once(browser, url) for _ in range(runs)]
        finally:
            process.terminate()
            process.wait(timeout=15)
    result: dict[str, float] = {
        key: round(statistics.median(run[key] for run in loads), 1) for key in loads[0]
    }
    result["load_average"] = round(load, 2)
    for key, value in result.items():
        print(f"{key:>24}: {value:,}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
