"""SIGKILL in the middle of a save leaves the last committed revision, nothing half-written."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from sqlalchemy import event

from layout_rules import Rules
from tests.process_support import Forked
from workspace import Store, rationale_source, set_tiers, tier_of


def _save_and_stall(url: str, draft_id: str, marker: Path) -> int:
    """Save one change; a hook stops the save inside its transaction and tells the parent.

    The hook fires after the draft row is updated, while the revision row is being written.
    """
    store = Store(url)
    draft = store.open(draft_id)
    rules = set_tiers(draft.rules, "next-gen-it", {"510100": None},
                      rationale_source(draft_id, draft.head + 1, "被杀死的保存"))  # fmt: skip

    @event.listens_for(store._engine, "after_cursor_execute")
    def _stall(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO REVISIONS"):
            marker.write_text("mid-save")
            time.sleep(120)

    store.save(draft_id, rules, base=draft.head, author="ann", rationale="被杀死的保存",
               summary="x")  # fmt: skip
    return 0


def test_sigkill_mid_save_keeps_last_committed_revision(
    store_url: str, tmp_path: Path, rules: Rules
) -> None:
    store = Store(store_url)
    draft = store.create("草案", author="ann", copy_of=rules.document("sei-2016-2020"))
    store.dispose()  # no connection of this process goes into the child
    marker = tmp_path / "marker"
    # A child forked from this process (the store's modules loaded), its own program.
    child = Forked(lambda: _save_and_stall(store_url, draft.id, marker))
    deadline = time.monotonic() + 120
    while not marker.exists():
        if child.poll() is not None or time.monotonic() > deadline:
            child.kill()
            pytest.fail(f"the child never reached the middle of its save (exit {child.poll()})")
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    store.dispose()
    after = Store(store_url)
    opened = after.open(draft.id)
    assert opened.head == 1 and after.count_revisions(draft.id) == 1
    assert tier_of(opened.rules, "next-gen-it", "510100") == "core"
    assert opened.rules == after.revision_content(draft.id, 1)
    # The store is usable at once: the killed writer's lock is gone.
    saved = after.save(draft.id, opened.rules, base=1, author="ann", rationale="杀死之后的保存",
                       summary="after")  # fmt: skip
    assert saved.head == 2
    after.dispose()
