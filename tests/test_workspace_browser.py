"""A draft edited on the map in a real browser: set a city's tier, reload, the change is there.

Uses the shared fixtures of conftest.py (system Chromium, every non-local request aborted,
one app server); the draft is put in that server's store, the session's private SQLite file.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

import geodata
import tests.test_browser_map as harness
from layout_rules import Rules
from layout_rules.schema import Cluster
from tests.browser_support import BROWSER_MARKS, Offline
from tests.workspace_support import shared_draft
from ui.workspace import COOKIE
from workspace import Store, put_record, rationale_source, tier_of

pytestmark = [*BROWSER_MARKS, pytest.mark.cost(9)]
YIBIN = "511500"


@pytest.fixture(scope="module")
def served(app_url: str, rules: Rules) -> Iterator[tuple[str, Store, str]]:
    """Put one shared draft of the 2016 plan in the store of the shared app server."""
    with shared_draft("浏览器草案", rules.document("sei-2016-2020")) as (store, draft):
        # Draft text is data: a hostile cluster name and note must reach the map inert.
        hostile = Cluster(
            id="hostile-cluster", name=harness.HOSTILE_THEME, name_en=harness.HOSTILE_TEMPLATE,
            kind="cluster", places=("成都", "德阳"), industries=("next-gen-it",),
            note=harness.HOSTILE_NOTE, source=rationale_source(draft.id, 3, harness.HOSTILE_NOTE),
        )  # fmt: skip
        store.save(draft.id, put_record(draft.rules, "clusters", hostile), base=2, author="ann",
                   rationale=harness.HOSTILE_NOTE, summary=harness.HOSTILE_THEME)  # fmt: skip
        yield app_url, store, draft.id


def test_set_a_city_tier_on_the_map_and_find_it_after_reload(
    served: tuple[str, Store, str], offline: Offline, artifacts: Path
) -> None:
    url, store, draft_id = served
    page = offline.page
    page.goto(f"{url}/?doc={draft_id}&ind=next-gen-it", wait_until="domcontentloaded")
    frame = offline.map_frame()
    page.wait_for_timeout(500)
    yibin = geodata.place(YIBIN)
    offline.click_latlng(frame, yibin.label_lat, yibin.label_lon)
    page.get_by_role("heading", name="宜宾市", exact=True).wait_for(timeout=30_000)
    name = page.get_by_label("你的名字（记录在每次修改中）")
    name.fill("ann")
    name.press("Enter")
    page.get_by_text("核心发展区", exact=True).first.wait_for(timeout=30_000)
    form = page.locator("[data-testid='stForm']").filter(has_text="草案：设置 宜宾")
    form.get_by_text("核心发展区", exact=True).click()
    form.get_by_label("理由（必填，至少4个字）").fill("宜宾动力电池与电子信息联动")
    form.get_by_role("button", name="保存").click()
    page.get_by_text("已保存为第 4 版。").wait_for(timeout=60_000)
    assert tier_of(store.open(draft_id).rules, "next-gen-it", YIBIN) == "core"
    # The name is kept by a cookie that a small frame sets; on a busy machine it may lag.
    page.wait_for_function(f"() => document.cookie.includes('{COOKIE}=')", timeout=30_000)
    page.reload(wait_until="domcontentloaded")
    frame = offline.map_frame()
    legend = frame.locator(".scx-legend")
    legend.wait_for(timeout=30_000)
    assert "核心发展区 · 3" in legend.inner_text()
    # The display name was typed once: the browser keeps it, the reload does not ask again.
    assert page.get_by_label("你的名字（记录在每次修改中）").count() == 0
    fills = harness._fills(frame)
    assert fills.get("#c0392b") == 3
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / "workspace_map_edit.png"), full_page=True)
    # The hostile name is text (its label may be hidden by the placement, never markup).
    frame.get_by_text(harness.HOSTILE_THEME).first.wait_for(state="attached", timeout=30_000)
    assert frame.locator("img[src=x]").count() == 0
    assert frame.evaluate("() => window.pwned === undefined")
    assert page.evaluate("() => window.pwned === undefined")
    assert offline.blocked == []
    assert offline.dialogs == []


def test_the_readiness_check_runs_the_app_and_leaves_the_store_as_it_was(
    served: tuple[str, Store, str],
) -> None:
    """The deployment's readiness step (docs/deploy.md) runs the app in a throw-away session."""
    url, store, _ = served
    before = store.heads(), store.list_drafts(archived=True)
    with urllib.request.urlopen(f"{url}/_stcore/script-health-check", timeout=120) as response:
        assert (response.status, response.read()) == (200, b"ok")
    assert (store.heads(), store.list_drafts(archived=True)) == before
