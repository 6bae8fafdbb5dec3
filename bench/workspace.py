"""Benchmark the workspace store: saves, opening a long draft, and 20 concurrent writers.

On an SQLite file (always) and on PostgreSQL where ``DATABASE_URL`` is set:

- ``save_median_ms``: one save (a tier moved, validated, stored as a revision with its
  snapshot), median of 200;
- ``open_draft_ms``: opening a draft with 2,000 revisions, median of 30, and
  ``revision_list_ms`` listing its 2,000 revisions (who, when, what, why); the naive baseline
  (``open_replay_ms``) reads the whole history, as a store of deltas only would have to;
- ``writers``: 20 threads, each with its own engine (as 20 app replicas would be), saving for
  10 s with optimistic concurrency and retrying on conflict. Each successful save adds one
  marker to the draft; ``lost_updates`` counts successful saves whose marker is missing from
  the final draft, and revision numbers must run without gaps.

Budgets: save ≤ 50 ms, open ≤ 300 ms, 0 lost updates. Prints a few human lines, then one JSON
line last: ``{"save_median_ms": …, "open_draft_ms": …, "writers": 20, "lost_updates": 0, …}``
for SQLite, with the PostgreSQL numbers under ``"postgresql"`` when measured.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select

from layout_rules import load_rules
from layout_rules.schema import DocumentRules
from workspace import Store, WorkspaceError, rationale_source, set_tiers
from workspace.store import REVISIONS

SAVES = 200
HISTORY = 2_000
OPENS = 30
WRITERS = 20
SECONDS = float(os.environ.get("BENCH_WRITER_SECONDS", "10"))
BUDGETS = {"save_ms": 50, "open_ms": 300}
CITIES = ("510300", "510400", "510500", "510600", "511500")


def _ms(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return (time.perf_counter() - start) * 1000


def _toggle(rules: DocumentRules, n: int) -> DocumentRules:
    city = CITIES[n % len(CITIES)]
    tier = "core" if n % 2 else "expansion"
    source = rationale_source(rules.document.id, n + 1, f"基准测试第{n}次修改")
    return set_tiers(rules, "next-gen-it", {city: tier}, source)


def _saves(store: Store, original: DocumentRules) -> tuple[float, int]:
    """Save SAVES times, then up to HISTORY revisions; return the save median and the draft."""
    draft = store.create("基准草案", author="bench", copy_of=original)
    times = []
    for n in range(HISTORY - 1):
        rules = _toggle(draft.rules, n)
        start = time.perf_counter()
        draft = store.save(draft.id, rules, base=draft.head, author="bench",
                           rationale=f"基准测试第{n}次修改", summary="bench")  # fmt: skip
        if n < SAVES:
            times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2), draft


def _open(store: Store, draft_id: str) -> tuple[float, float, float]:
    opened = round(statistics.median(_ms(lambda: store.open(draft_id)) for _ in range(OPENS)), 2)
    listed = round(statistics.median(_ms(lambda: store.revisions(draft_id)) for _ in range(5)), 1)

    def replay() -> None:
        query = select(REVISIONS.c.snapshot).where(REVISIONS.c.draft_id == draft_id)
        with store._engine.connect() as connection:
            for (blob,) in connection.execute(query):
                zlib.decompress(blob)

    return opened, listed, round(_ms(replay), 1)


def _writers(url: str, original: DocumentRules) -> dict:
    setup = Store(url)
    draft = setup.create("并发草案", author="bench", copy_of=original)
    draft = setup.set_status(draft.id, "shared", base=1, author="bench", rationale="并发写入测试")
    won: list[str] = []
    conflicts = [0]
    lock = threading.Lock()
    stop = time.monotonic() + SECONDS

    def writer(i: int) -> None:
        store, n = Store(url), 0
        while time.monotonic() < stop:
            current = store.open(draft.id)
            marker = f"w{i}-{n}"
            data = current.rules.model_dump(mode="json")
            data["industries"][0]["aliases"].append(marker)
            rules = DocumentRules.model_validate(data)
            try:
                store.save(draft.id, rules, base=current.head, author=f"writer{i}",
                           rationale=f"并发写入 {marker}", summary=marker)  # fmt: skip
            except WorkspaceError as error:
                if error.conflict is None:
                    raise
                with lock:
                    conflicts[0] += 1
                continue
            with lock:
                won.append(marker)
            n += 1
        store.dispose()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    final = setup.open(draft.id)
    present = set(final.rules.industries[0].aliases)
    numbers = sorted(r.number for r in setup.revisions(draft.id))
    setup.dispose()
    return {
        "writers": WRITERS,
        "writer_seconds": SECONDS,
        "saves": len(won),
        "conflicts_retried": conflicts[0],
        "lost_updates": sum(marker not in present for marker in won),
        "revisions_contiguous": numbers == list(range(1, len(numbers) + 1)),
        "final_head": final.head,
    }


def measure(url: str, original: DocumentRules) -> dict:
    """Return the numbers of one backend."""
    store = Store(url)
    save_median, draft = _saves(store, original)
    opened, listed, replay = _open(store, draft.id)
    result = {"backend": store.backend, "save_median_ms": save_median, "open_draft_ms": opened,
              "revision_list_ms": listed, "open_replay_ms": replay, "revisions": draft.head,
              **_writers(url, original)}  # fmt: skip
    store.dispose()
    print(f"{result['backend']}: save median {save_median} ms; open {draft.head} revisions "
          f"{opened} ms (replaying the history: {replay} ms); {WRITERS} writers for {SECONDS} s: "
          f"{result['saves']} saves, {result['conflicts_retried']} conflicts retried, "
          f"{result['lost_updates']} lost")  # fmt: skip
    return result


def main() -> None:
    """Run the benchmark and print its JSON line last."""
    original = load_rules().document("sei-2016-2020")
    with tempfile.TemporaryDirectory() as tmp:
        result = measure(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", original)
    pg = os.environ.get("DATABASE_URL", "").strip()
    if pg:
        result["postgresql"] = measure(Store(pg).url, original)
    result["budgets"] = BUDGETS
    print(json.dumps(result))


if __name__ == "__main__":
    main()
