"""The served app's settings and the reverse proxy's compression, as docs/deploy.md gives them."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".streamlit" / "config.toml"
SNIPPET = ROOT / "docs" / "nginx" / "compression.conf"
DEPLOY = ROOT / "docs" / "deploy.md"


def test_the_server_compresses_its_websocket_and_skips_per_rerun_work() -> None:
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert config["server"]["enableWebsocketCompression"] is True
    assert config["server"]["fileWatcherType"] == "none"


def _directives(text: str) -> list[str]:
    """Return the nginx directives of a text, one string each, comments and layout dropped."""
    lines = [line.split("#", 1)[0] for line in text.splitlines()]
    return [" ".join(d.split()) for d in " ".join(lines).split(";") if d.strip()]


def test_deploy_shows_the_nginx_compression_file_verbatim_and_includes_it() -> None:
    deploy = DEPLOY.read_text(encoding="utf-8")
    blocks = re.findall(r"```nginx\n(.*?)```", deploy, flags=re.DOTALL)
    snippet = _directives(SNIPPET.read_text(encoding="utf-8"))
    assert "gzip on" in snippet
    assert any("application/javascript" in d for d in snippet if d.startswith("gzip_types"))
    assert snippet in [_directives(block) for block in blocks]
    assert any(f"include /srv/layout/{SNIPPET.relative_to(ROOT)}" in b for b in blocks)
