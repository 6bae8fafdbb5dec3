"""Import in a real browser: upload a document, accept, publish, see it on the map with quotes.

Uses the shared fixtures of conftest.py (system Chromium, internet blocked). The whole flow
runs in one browser session: a published document belongs to that session only.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from tests.browser_support import BROWSER_MARKS, Offline
from tests.test_browser_map import CHENGDU

pytestmark = BROWSER_MARKS  # browser marker; skipped without the system Chromium

TITLE = "某市人民政府办公室关于印发《某市电子信息产业发展规划》的通知"
LAYOUT = "以成都、绵阳为主体形成核心发展区，以德阳、遂宁等地为主体形成重点拓展区。"
PLAN = "\n".join([TITLE, "一、电子信息", LAYOUT, "2025年3月1日"])


def _click_until(page: object, button: str, text: str, tries: int = 3) -> None:
    """Click a button until ``text`` shows: a click during a rerun may be dropped."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(tries):
        page.get_by_role("button", name=button).click()  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        try:
            page.get_by_text(text).wait_for(timeout=30_000)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
        except PlaywrightTimeout:
            continue
        return
    pytest.fail(f"{text!r} did not show after {tries} clicks on {button!r}")


def test_upload_accept_publish_and_map(
    app_url: str,
    offline: Offline,
    artifacts: Path,
    tmp_path: Path,
) -> None:
    page = offline.page
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    page.goto(f"{app_url}/?tab={quote('导入')}", wait_until="domcontentloaded")
    page.locator("[data-testid='stTabs'] input[type=file]").set_input_files(
        str(tmp_path / "plan.txt")
    )
    page.get_by_text("候选布局表述").wait_for(timeout=60_000)
    page.get_by_text("原句（高亮匹配词）").click()
    assert page.locator("mark").first.inner_text() == "成都、绵阳"
    page.get_by_role("button", name="全部采纳").click()
    _click_until(page, "发布（仅本会话）", "已发布 plan")
    page.screenshot(path=str(artifacts / "import_published.png"), full_page=True)

    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("文件", exact=True).wait_for()
    sidebar.locator("[data-testid='stSelectbox']").first.click()
    page.get_by_role("option", name=TITLE).click()
    page.get_by_role("tab", name="地图", exact=True).click()
    frame = offline.map_frame()
    # The map redraws for the chosen document: wait for its legend, not the one before it.
    legend = frame.locator(".scx-legend", has_text="电子信息")
    legend.wait_for(timeout=60_000)
    text = legend.inner_text()
    assert "核心发展区 · 2" in text and "重点拓展区 · 2" in text
    offline.click_latlng(frame, *CHENGDU)
    page.get_by_role("heading", name="成都市", exact=True).wait_for(timeout=30_000)
    # the profile's table of roles (below the map, wrapped cells) cites the new sentence
    cell = page.locator("[data-testid=stTable] td", has_text=LAYOUT).first
    cell.wait_for(timeout=30_000)
    page.screenshot(path=str(artifacts / "import_on_map.png"), full_page=True)
    assert offline.blocked == []
    assert offline.dialogs == []
