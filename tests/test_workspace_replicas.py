"""Two app replicas (two ``streamlit run`` servers) on one PostgreSQL, driven by a real browser.

A save in one replica is seen by the other on its next rerun; two saves based on the same
revision: exactly one wins, the other shows the conflict, and its change is not lost.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from layout_rules import Rules
from tests.browser_support import BROWSER_MARKS, Offline, running_apps
from tests.workspace_support import PgServer
from workspace import Store, tier_of

# The browser and the PostgreSQL server: fixtures of conftest.py.
pytestmark = [*BROWSER_MARKS, pytest.mark.cost(15)]
YIBIN = "511500"
NAME = "你的名字（记录在每次修改中）"
WHY = "理由（必填，至少4个字）"


@pytest.fixture(scope="module")
def replicas(pg_server: PgServer, rules: Rules) -> Iterator[tuple[str, str, Store, str]]:
    """Two app servers (started together) on one fresh PostgreSQL database, one shared draft."""
    url = pg_server.database()
    store = Store(url)
    draft = store.create("团队草案", author="ann", copy_of=rules.document("sei-2016-2020"))
    store.set_status(draft.id, "shared", base=1, author="ann", rationale="团队共同编辑")
    env = {"DATABASE_URL": url}
    try:
        with running_apps(2, env) as (a, b):
            yield a, b, store, draft.id
    finally:
        store.dispose()


def _open(browser: object, url: str, draft_id: str) -> Offline:
    """Start loading the draft's page; :func:`_shown` waits for it (pages load side by side)."""
    page = Offline(browser)
    page.page.goto(f"{url}/?doc={draft_id}&ind=next-gen-it&city=511500",
                   wait_until="commit")  # fmt: skip
    return page


def _shown(page: Offline) -> None:
    """Wait until the page shows the draft's form for 宜宾."""
    page.page.get_by_text("草案：设置 宜宾").wait_for(timeout=60_000)


def _name(page: object, name: str) -> None:
    box = page.get_by_label(NAME)  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    box.fill(name)
    box.press("Enter")


def _set(page: object, tier: str, why: str) -> None:
    form = page.locator("[data-testid='stForm']").filter(has_text="草案：设置 宜宾")  # type: ignore[attr-defined]  # Playwright object, typed as object so the module imports without it
    form.get_by_text(tier, exact=True).click()
    form.get_by_label(WHY).fill(why)
    form.get_by_role("button", name="保存").click()


def test_two_replicas_share_saves_and_refuse_a_stale_one(
    replicas: tuple[str, str, Store, str], browser: object, artifacts: Path
) -> None:
    a_url, b_url, store, draft_id = replicas
    a, b = _open(browser, a_url, draft_id), _open(browser, b_url, draft_id)
    try:
        _shown(a)  # each replica's first run (its start-up) went on beside the other's
        _shown(b)
        _name(a.page, "ann")
        # Replica A saves; replica B, opened before, sees it on its next rerun.
        a.page.get_by_text("核心发展区 2 · 重点拓展区 12 · 辐射带动 7").wait_for(timeout=30_000)
        _set(a.page, "核心发展区", "副本甲：宜宾升为核心")
        a.page.get_by_text("已保存为第 3 版。").wait_for(timeout=60_000)
        _name(b.page, "bo")  # any interaction reruns B's script
        b.page.get_by_text("核心发展区 3 · 重点拓展区 11 · 辐射带动 7").wait_for(timeout=60_000)
        # Both now show revision 3; both save a different tier for 宜宾.
        _set(a.page, "重点拓展区", "副本甲：宜宾仍为拓展")
        a.page.get_by_text("已保存为第 4 版。").wait_for(timeout=60_000)
        _set(b.page, "未列入", "副本乙：宜宾不列入")
        b.page.get_by_text("冲突：", exact=False).wait_for(timeout=60_000)
        opened = store.open(draft_id)
        assert opened.head == 4 and store.count_revisions(draft_id) == 4
        assert tier_of(opened.rules, "next-gen-it", YIBIN) == "expansion"
        assert store.revisions(draft_id)[0].rationale == "副本甲：宜宾仍为拓展"
        # Nothing lost: B's change is shown and can be applied on the newest version.
        # (the refusal streams in first; the two versions beside each other follow)
        b.page.get_by_text("副本乙：宜宾不列入").first.wait_for(timeout=30_000)
        assert b.page.get_by_text('{"key"').count() == 0  # the summary in words, not stored form
        b.page.screenshot(path=str(artifacts / "workspace_conflict.png"), full_page=True)
        b.page.get_by_role("button", name="把我的修改应用到最新版本并保存").click()
        b.page.get_by_text("已保存为第 5 版。").wait_for(timeout=60_000)
        final = store.open(draft_id)
        assert final.head == 5 and tier_of(final.rules, "next-gen-it", YIBIN) is None
        assert [r.author for r in store.revisions(draft_id)[:3]] == ["bo", "ann", "ann"]
        assert a.blocked == [] and b.blocked == []
    finally:
        a.page.close()
        b.page.close()
