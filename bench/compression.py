"""Benchmark of the page's bytes with and without compression, in the system Chromium.

Run ``python bench/compression.py``. It starts the app on a free localhost port and nginx in
front of it with ``docs/nginx/compression.conf`` (the file ``docs/deploy.md`` includes), then
loads the default view and switches the document once, twice: straight from Streamlit, and
through nginx. Every request that does not go to localhost is refused.

- ``http_bytes_direct`` / ``http_bytes_nginx``: bytes on the wire for the page's HTTP
  responses (Chromium's ``encodedDataLength``: headers and body as transferred).
- ``ws_bytes_page`` / ``ws_bytes_switch``: the WebSocket messages of the page load and of one
  switch as Streamlit writes them; ``…_deflated`` is the same messages through
  permessage-deflate with context takeover (what goes on the wire when
  ``server.enableWebsocketCompression`` is on: Chromium reports messages after inflating, so
  the compressed size is recomputed here with zlib, one sync flush per message).
- ``ws_deflate_negotiated``: whether the handshake agreed on permessage-deflate.

The last line printed is JSON.
"""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from load import (  # noqa: E402  (bench/load.py: the same server, browser and switch)
    ARGS,
    CHROMIUM,
    DOCUMENTS,
    NO_INTERNET,
    Results,
    _free_port,
    _open,
    _page_load,
    _switch,
    _titles,
    start_server,
)

NGINX_SNIPPET = ROOT / "docs" / "nginx" / "compression.conf"
NGINX_CONF = """
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body; proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi; uwsgi_temp_path {dir}/uwsgi; scgi_temp_path {dir}/scgi;
    types {{ text/html html; text/css css; application/javascript js; }}
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    server {{
        listen 127.0.0.1:{port};
        include {snippet};
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_read_timeout 86400;
            proxy_buffering off;
        }}
    }}
}}
"""
TIMEOUT_MS = 120_000


def start_nginx(upstream_url: str, folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start nginx (foreground, own prefix) in front of the app; return it and its URL."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    port = _free_port()
    upstream = upstream_url.rsplit(":", 1)[1]
    conf = folder / "nginx.conf"
    conf.write_text(NGINX_CONF.format(dir=folder, port=port, upstream=upstream,
                                      snippet=NGINX_SNIPPET))  # fmt: skip
    process = subprocess.Popen([nginx, "-p", str(folder), "-c", str(conf), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    time.sleep(1.0)
    if process.poll() is not None:
        raise SystemExit(f"nginx did not start: {(folder / 'error.log').read_text()[-400:]}")
    return process, f"http://127.0.0.1:{port}"


class Wire:
    """What Chromium's DevTools report for one page: HTTP bytes and WebSocket messages."""

    def __init__(self) -> None:
        self.http_bytes = 0.0
        self.ws_messages: list[bytes] = []
        self.deflate = False

    def on_finished(self, event: dict) -> None:
        """Count a finished HTTP response's bytes on the wire."""
        self.http_bytes += float(event.get("encodedDataLength", 0))

    def on_frame(self, event: dict) -> None:
        """Keep one received WebSocket message (base64 for binary frames)."""
        response = event["response"]
        data = response["payloadData"]
        self.ws_messages.append(base64.b64decode(data) if response["opcode"] == 2 else
                                data.encode())  # fmt: skip

    def on_handshake(self, event: dict) -> None:
        """Note whether the WebSocket handshake agreed on permessage-deflate."""
        headers = {k.lower(): v for k, v in event["response"]["headers"].items()}
        self.deflate = "permessage-deflate" in headers.get("sec-websocket-extensions", "")


def deflated_bytes(messages: list[bytes]) -> int:
    """Return the bytes of messages through permessage-deflate with context takeover."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    total = 0
    for message in messages:
        chunk = compressor.compress(message) + compressor.flush(zlib.Z_SYNC_FLUSH)
        total += len(chunk) - 4  # the trailing 00 00 ff ff is not sent
    return total


async def measure(browser: object, url: str) -> dict:
    """Load the default view and switch the document once; return the bytes of each."""
    context, page = await _open(browser, url, Results(), TIMEOUT_MS)
    wire = Wire()
    cdp = await context.new_cdp_session(page)  # type: ignore[attr-defined]
    await cdp.send("Network.enable")
    cdp.on("Network.loadingFinished", wire.on_finished)
    cdp.on("Network.webSocketFrameReceived", wire.on_frame)
    cdp.on("Network.webSocketHandshakeResponseReceived", wire.on_handshake)
    await _page_load(page, url, TIMEOUT_MS)
    await asyncio.sleep(1.0)
    page_messages, http_bytes = list(wire.ws_messages), wire.http_bytes
    document = DOCUMENTS[1]
    await _switch(page, document, _titles()[document], TIMEOUT_MS)
    await asyncio.sleep(1.0)
    switch_messages = wire.ws_messages[len(page_messages) :]
    await context.close()  # type: ignore[attr-defined]
    return {
        "http_bytes": round(http_bytes),
        "ws_bytes_page": sum(map(len, page_messages)),
        "ws_bytes_page_deflated": deflated_bytes(page_messages),
        "ws_bytes_switch": sum(map(len, switch_messages)),
        "ws_bytes_switch_deflated": deflated_bytes(switch_messages),
        "ws_deflate_negotiated": wire.deflate,
    }


async def run() -> dict:
    """Measure straight from Streamlit and through nginx; stop both servers."""
    from playwright.async_api import async_playwright

    app, url = start_server()
    folder = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    nginx, proxied = start_nginx(url, folder)
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=ARGS, proxy=NO_INTERNET
            )
            try:
                await measure(browser, url)  # warm the server's caches
                direct = await measure(browser, url)
                through = await measure(browser, proxied)
            finally:
                await browser.close()
    finally:
        for process in (nginx, app):
            process.terminate()
            process.wait(timeout=20)
        shutil.rmtree(folder, ignore_errors=True)
    return _summary(direct, through)


def _summary(direct: dict, through: dict) -> dict:
    return {
        "http_bytes_direct": direct["http_bytes"],
        "http_bytes_nginx": through["http_bytes"],
        "ws_bytes_page": direct["ws_bytes_page"],
        "ws_bytes_page_deflated": direct["ws_bytes_page_deflated"],
        "ws_bytes_switch": direct["ws_bytes_switch"],
        "ws_bytes_switch_deflated": direct["ws_bytes_switch_deflated"],
        "ws_deflate_negotiated": direct["ws_deflate_negotiated"],
        "ws_deflate_negotiated_nginx": through["ws_deflate_negotiated"],
        "page_bytes_uncompressed": direct["http_bytes"] + direct["ws_bytes_page"],
        "page_bytes_compressed": through["http_bytes"] + direct["ws_bytes_page_deflated"],
    }


def main() -> None:
    """Run the measurement and print the JSON line last."""
    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} is missing: install the system Chromium")
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        raise SystemExit("nginx is missing: apt-get install nginx-light")
    print(json.dumps(asyncio.run(run())))


if __name__ == "__main__":
    main()
