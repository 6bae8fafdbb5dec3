"""SIGKILL in the middle of a save leaves the last committed revision, nothing half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from layout_rules import Rules
from workspace import Store, tier_of

ROOT = Path(__file__).resolve().parent.parent

# The child saves one change; a hook stops it after the draft row is updated and while the
# revision row is being written (inside the transaction), and tells the parent so.
CHILD = """
import sys, time
from pathlib import Path
from sqlalchemy import event
from workspace import Store, rationale_source, set_tiers
url, draft_id, marker = sys.argv[1:4]
store = Store(url)
draft = store.open(draft_id)
rules = set_tiers(draft.rules, "next-gen-it", {"510100": None},
                  rationale_source(draft_id, draft.head + 1, "被杀死的保存"))

@event.listens_for(store._engine, "after_cursor_execute")
def _stall(conn, cursor, statement, *args):
    if statement.lstrip().upper().startswith("INSERT INTO REVISIONS"):
        Path(marker).write_text("mid-save")
        time.sleep(120)

store.save(draft_id, rules, base=draft.head, author="ann", rationale="被杀死的保存", summary="x")
"""


def test_sigkill_mid_save_keeps_last_committed_revision(
    store_url: str, tmp_path: Path, rules: Rules
) -> None:
    store = Store(store_url)
    draft = store.create("草案", author="ann", copy_of=rules.document("sei-2016-2020"))
    marker = tmp_path / "marker"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, store_url, draft.id, str(marker)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
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
