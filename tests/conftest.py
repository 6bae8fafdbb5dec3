"""Shared fixtures, made once per test worker.

The real boundaries, the shipped rules, a local PostgreSQL server, and for real-browser tests
one Chromium and one app server. A new browser test asks for ``offline`` (a page in the
shared browser context, internet refused) and ``app_url`` (the shared app server); see
``tests/browser_support.py``.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import geodata
from layers import Boundaries
from layout_rules import Rules, load_rules

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ARTIFACTS = ROOT / "artifacts"

from tests.browser_support import Offline, launch_chromium, new_context, running_app  # noqa: E402
from tests.workspace_support import pg_server, store_url  # noqa: E402, F401  (fixtures, shared)


def _scan_installed_components_once() -> None:
    """Let every ``AppTest`` of a worker share one scan of the installed packages.

    Each new ``AppTest`` reads the metadata of every installed distribution, looking for
    Streamlit components (0.15 s, hundreds of times a run); the packages do not change during
    a run.
    """
    from streamlit.components.v2 import manifest_scanner

    manifest_scanner.scan_component_manifests = functools.cache(  # type: ignore[assignment]  # the same function, memoised
        manifest_scanner.scan_component_manifests
    )


_scan_installed_components_once()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put the costliest test files first, so that the workers finish together.

    ``pytest -n 2 --dist loadfile --no-loadscope-reorder`` hands out whole files in this order;
    a file marked ``cost(seconds)`` (its measured wall time) runs before the unmarked ones, the
    costliest first. Left to xdist's own order (most tests first), the few-test browser files
    came last and one worker ran them alone for half a minute.
    """
    first_seen: dict[str, int] = {}
    for index, item in enumerate(items):
        first_seen.setdefault(item.nodeid.split("::")[0], index)

    def order(item: pytest.Item) -> tuple[float, int]:
        mark = item.get_closest_marker("cost")
        cost = float(mark.args[0]) if mark else 0.0
        return (-cost, first_seen[item.nodeid.split("::")[0]])

    items.sort(key=order)  # stable: a file's tests keep their order and stay together


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder for test artefacts (screenshots, rendered pages) to look at after a run."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def rules() -> Rules:
    """Load the shipped rules once for the whole run (the model is immutable)."""
    return load_rules()


@pytest.fixture(scope="session", autouse=True)
def _private_workspace_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the app's drafts in a throw-away SQLite file, never in the developer's store.

    Nor in a team database: tests that need PostgreSQL pass their URL explicitly.
    """
    saved = {key: os.environ.pop(key, None) for key in ("WORKSPACE_DB", "DATABASE_URL")}
    os.environ["WORKSPACE_DB"] = str(tmp_path_factory.mktemp("workspace") / "drafts.sqlite3")
    yield
    for key, value in saved.items():
        os.environ.pop(key, None)
        if value is not None:
            os.environ[key] = value


@pytest.fixture(scope="session")
def boundaries() -> Boundaries:
    """Read the web-variant boundaries the map draws, once for the whole run."""
    return Boundaries(
        province=geodata.load_province(variant="web"),
        prefectures=geodata.load_prefectures(variant="web"),
        counties=geodata.load_counties(variant="web"),
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless system Chromium per test worker, shared by every browser test file.

    The ``offline`` pages share one context (``browser_context``: its HTTP cache, cookies
    cleared after each test); a test that needs a browser of its own (another user, an empty
    cache) opens its own context in it.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it


@pytest.fixture(scope="session")
def app_url(_private_workspace_store: None) -> Iterator[str]:
    """One app server per test worker, shared by every browser test file; yield its URL.

    It keeps drafts in the session's private store (``WORKSPACE_DB``), so a test can put a
    draft there with ``Store(f"sqlite:///{os.environ['WORKSPACE_DB']}")`` and open it. A
    closed page's session is kept for reconnection 1 s (``SESSION_TTL_S``; Streamlit's default
    is 2 min), so a test can see what goes when a session ends without a server of its own.
    """
    with running_app(None, "--server.disconnectedSessionTTL", str(SESSION_TTL_S)) as url:
        yield url


SESSION_TTL_S = 1
"""How long the shared app server keeps a closed page's session for reconnection."""


@pytest.fixture(scope="session")
def browser_context(browser: object) -> Iterator[object]:
    """One browser context per test worker, whose HTTP cache the ``offline`` pages share.

    Like a planner's browser, later pages load Streamlit's scripts from the cache; cookies are
    cleared after each test, so no test sees another's.
    """
    context = new_context(browser)
    try:
        yield context
    finally:
        context.close()  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it


@pytest.fixture
def offline(browser_context: object) -> Iterator[Offline]:
    """Open a page in the shared context, internet refused; close it after the test."""
    page = Offline(browser_context)
    yield page
    page.page.close()
    browser_context.clear_cookies()  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
