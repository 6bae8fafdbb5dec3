"""The served app's settings and the reverse proxy's compression, as docs/deploy.md gives them."""

from __future__ import annotations

import re
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.browser_support import running_app

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".streamlit" / "config.toml"
SNIPPET = ROOT / "docs" / "nginx" / "compression.conf"
DEPLOY = ROOT / "docs" / "deploy.md"
pytestmark = pytest.mark.cost(4)  # one app server (the readiness check of a broken replica)


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


SCRIPT_CHECK = "/_stcore/script-health-check"


def test_the_server_offers_the_script_health_check_and_the_doc_turns_it_on_too() -> None:
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert config["server"]["scriptHealthCheckEnabled"] is True
    deploy = DEPLOY.read_text(encoding="utf-8")
    blocks = [tomllib.loads(b) for b in re.findall(r"```toml\n(.*?)```", deploy, re.DOTALL)]
    served = next(b["server"] for b in blocks if "server" in b)
    assert served.items() <= config["server"].items()  # the doc's settings are the app's
    assert served["scriptHealthCheckEnabled"] is True


def _unit(deploy: str) -> dict[str, list[str]]:
    """Return the systemd unit of the doc as key -> values (the [Service] lines)."""
    block = next(b for b in re.findall(r"```ini\n(.*?)```", deploy, re.DOTALL) if "[Service]" in b)
    lines = [line for line in block.splitlines() if "=" in line and not line.startswith("#")]
    unit: dict[str, list[str]] = {}
    for line in lines:
        key, value = line.split("=", 1)
        unit.setdefault(key, []).append(value)
    return unit


def test_each_replica_is_ready_only_once_the_app_ran_once() -> None:
    deploy = DEPLOY.read_text(encoding="utf-8")
    unit = _unit(deploy)
    (start,) = unit["ExecStart"]
    port = re.search(r"--server\.port (\S+)", start)
    assert port is not None
    (ready,) = unit["ExecStartPost"]
    command = ready.split()
    assert command[0] == "/usr/bin/curl"
    assert "-f" in command[1] or "--fail" in command  # a 503 (the app failed) fails the start
    assert "--retry-connrefused" in command  # the port opens a moment after the process starts
    assert f"http://127.0.0.1:{port.group(1)}{SCRIPT_CHECK}" in command
    timeout = int(unit["TimeoutStartSec"][0])
    assert timeout >= 120  # room for the first run on a busy machine
    proxy = next(b for b in re.findall(r"```nginx\n(.*?)```", deploy, re.DOTALL) if "upstream" in b)
    refused = f"location = {SCRIPT_CHECK} {{ return 404"
    assert refused in _directives(proxy)  # each call runs the app: not for the internet
    operator = [
        b for b in re.findall(r"```bash\n(.*?)```", deploy, re.DOTALL) if "enable --now" in b
    ]
    assert any(
        f"127.0.0.1:8501{SCRIPT_CHECK}" in b and f"8502{SCRIPT_CHECK}" in b for b in operator
    )


def test_a_replica_that_cannot_load_its_boundaries_is_not_ready(tmp_path: Path) -> None:
    """The app shows its errors as a message; in the readiness check's run it raises them."""
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    broken = {"SICHUAN_GEODATA_CACHE": str(blocked / "cache")}  # cannot be made: not ready
    with running_app(broken) as url, pytest.raises(urllib.error.HTTPError) as failed:
        urllib.request.urlopen(url + SCRIPT_CHECK, timeout=120)
    assert (failed.value.code, failed.value.read()) == (503, b"error")
