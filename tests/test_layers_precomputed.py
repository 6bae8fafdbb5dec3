"""The precomputed map parts: a stored view is served without computing, a changed one is not.

One document in one datum keeps the store small (its build is what a first visit used to
pay); the shipped store holds every document in every datum the same way.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import layers.view
from layers import Boundaries, MapParts, MapView, map_data
from layers.precomputed import (
    MapStore,
    StoredParts,
    build_store,
    ensure_store,
    read_store,
    write_store,
)
from layout_rules import DEFAULT_DOCUMENT, Rules

DATUM = "wgs84"


@pytest.fixture(scope="module")
def store(rules: Rules, boundaries: Boundaries) -> MapStore:
    """Return the parts of the default document's industries, WGS84 only."""
    return build_store(rules, MapParts(boundaries), datums=(DATUM,), documents=(DEFAULT_DOCUMENT,))


@pytest.fixture
def builder_calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count the calls of the builders a view's joined tiers and overlays come from."""
    calls = {"joined_data": 0, "overlay_data": 0}

    def counted(name: str) -> Callable[..., Any]:
        original = getattr(layers.view, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return original(*args, **kwargs)

        return wrapper

    for name in calls:
        monkeypatch.setattr(layers.view, name, counted(name))
    return calls


def _industry(rules: Rules) -> str:
    return rules.document(DEFAULT_DOCUMENT).industries[1].id


def test_a_first_visit_of_a_stored_view_computes_nothing(
    rules: Rules, boundaries: Boundaries, store: MapStore, tmp_path: Path,
    builder_calls: dict[str, int],
) -> None:  # fmt: skip
    write_store(store, tmp_path)
    read = read_store(rules.data_version, tmp_path)
    assert read is not None
    view = MapView(industries=(_industry(rules),))
    data = map_data(rules, view, parts=StoredParts(read, fallback=MapParts(boundaries)))
    assert builder_calls == {"joined_data": 0, "overlay_data": 0}
    fresh = map_data(rules, view, boundaries)
    assert data.cities is not None and fresh.cities is not None
    assert data.cities["role"].tolist() == fresh.cities["role"].tolist()
    assert set(data.overlays) == set(fresh.overlays)
    assert data.overlays["parks"].rows.equals(fresh.overlays["parks"].rows)


def test_views_outside_the_store_are_computed(
    rules: Rules, boundaries: Boundaries, store: MapStore, builder_calls: dict[str, int]
) -> None:
    parts = StoredParts(store, fallback=MapParts(boundaries))
    industries = tuple(i.id for i in rules.document(DEFAULT_DOCUMENT).industries[:2])
    map_data(rules, MapView(industries=industries), parts=parts)  # several industries
    assert builder_calls == {"joined_data": 1, "overlay_data": 1}
    map_data(rules, MapView(industries=industries[:1], base="amap"), parts=parts)  # GCJ-02
    assert builder_calls == {"joined_data": 1, "overlay_data": 2}  # tiers have no datum


def test_changed_rules_are_not_served_stale(
    rules: Rules, boundaries: Boundaries, store: MapStore, tmp_path: Path,
    builder_calls: dict[str, int],
) -> None:  # fmt: skip
    changed = dataclasses.replace(rules, data_version="0123456789ab")
    write_store(store, tmp_path)
    assert read_store(changed.data_version, tmp_path) is None
    parts = StoredParts(store, fallback=MapParts(boundaries))
    map_data(changed, MapView(industries=(_industry(rules),)), parts=parts)
    assert builder_calls == {"joined_data": 1, "overlay_data": 1}


def test_a_damaged_or_outdated_store_is_not_read(
    rules: Rules, store: MapStore, tmp_path: Path
) -> None:
    path = write_store(store, tmp_path)
    meta, data = path.read_bytes().split(b"\n", 1)
    path.write_bytes(meta + b"\n" + data[:-10])  # truncated
    assert read_store(rules.data_version, tmp_path) is None
    rebuilt = json.loads(meta)
    rebuilt["boundaries"] = {"web/prefectures.parquet": "0" * 64}  # a rebuilt boundary cache
    path.write_bytes(json.dumps(rebuilt).encode() + b"\n" + data)
    assert read_store(rules.data_version, tmp_path) is None
    path.write_bytes(meta + b"\n" + data)  # the same bytes again: read
    assert read_store(rules.data_version, tmp_path) is not None


def test_ensure_builds_a_missing_store_once(
    rules: Rules, store: MapStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    builds: list[str] = []

    def build(rules: Rules, parts: MapParts) -> MapStore:
        builds.append(rules.data_version)
        return store

    monkeypatch.setattr("layers.precomputed.build_store", build)
    parts = MapParts.__new__(MapParts)  # never asked: the build is replaced
    assert ensure_store(rules, parts, tmp_path) is store
    again = ensure_store(rules, parts, tmp_path)  # read back from disk
    assert again.joined.keys() == store.joined.keys()
    assert builds == [rules.data_version]


def test_equal_parts_of_different_views_are_stored_once(
    rules: Rules, store: MapStore, tmp_path: Path
) -> None:
    # Every industry's view has the same city labels: held once, not once per view.
    write_store(store, tmp_path)
    read = read_store(rules.data_version, tmp_path)
    assert read is not None
    first, second = (i.id for i in rules.document(DEFAULT_DOCUMENT).industries[:2])
    one, two = (read.overlays[DEFAULT_DOCUMENT, i, DATUM] for i in (first, second))
    assert one["labels"] is two["labels"]
    assert one["labels"].rows["adcode"].tolist() == two["labels"].rows["adcode"].tolist()
