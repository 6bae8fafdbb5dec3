"""Old hashed files go once new ones are written: the served folders stop growing.

Every change of the runtime, of shared data, of the relief or of the shape files writes a file
under a new hash. After a successful write the older files of the same family are removed,
except the newest few (pages of an app process of an older version still link them) and any
written within the grace period.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from layers import assets, shape_files
from layers.assets import GRACE_SECONDS, KEEP_PER_FAMILY, prune_family, publish

HOUR = 3600.0


def _aged(folder: Path, name: str, hours: float) -> Path:
    """Write a file that was last written ``hours`` ago."""
    path = folder / name
    path.write_text(name)
    when = time.time() - hours * HOUR
    os.utime(path, (when, when))
    return path


def _names(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


def test_a_new_runtime_removes_old_ones_past_the_newest_few(tmp_path: Path) -> None:
    old = [_aged(tmp_path, f"runtime-{n:016x}.js", hours=10 + n) for n in range(5)]
    others = {
        _aged(tmp_path, "runtime-extra-00000000000000aa.js", hours=50).name,  # another family
        _aged(tmp_path, "data-rivers-wgs84-00000000000000bb.js", hours=50).name,
        _aged(tmp_path, "notes.txt", hours=50).name,  # not named by a hash
    }
    publish(tmp_path, "runtime-ffffffffffffffff.js", b"new", what="the script runtime")
    kept = {"runtime-ffffffffffffffff.js", *(p.name for p in old[: KEEP_PER_FAMILY - 1])}
    assert _names(tmp_path) == kept | others
    # Nothing to write, nothing to prune: publishing an existing file removes nothing.
    _aged(tmp_path, "runtime-00000000000000ee.js", hours=99)
    publish(tmp_path, "runtime-ffffffffffffffff.js", b"new", what="the script runtime")
    assert "runtime-00000000000000ee.js" in _names(tmp_path)


def test_files_written_within_the_grace_period_stay(tmp_path: Path) -> None:
    recent = [_aged(tmp_path, f"relief-{n:016x}.png", hours=0.1 * n) for n in range(5)]
    stale = _aged(tmp_path, "relief-00000000000000ff.png", hours=GRACE_SECONDS / HOUR + 1)
    removed = prune_family(tmp_path, recent[0].name)
    assert removed == [stale]
    assert _names(tmp_path) == {p.name for p in recent}


def test_a_file_that_cannot_be_removed_is_kept_and_the_write_succeeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    for n in range(KEEP_PER_FAMILY + 1):
        _aged(tmp_path, f"runtime-{n:016x}.js", hours=10 + n)

    def refuse(path: Path) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "unlink", refuse)
    path = publish(tmp_path, "runtime-ffffffffffffffff.js", b"new", what="the script runtime")
    assert path.read_bytes() == b"new"
    assert len(_names(tmp_path)) == KEEP_PER_FAMILY + 2
    assert "cannot remove the old file" in caplog.text and "Permission denied" in caplog.text


def test_new_shape_files_remove_the_old_ones_of_each_layer_level_and_datum(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A tiny topology instead of the real one: what is tested is the files' housekeeping.
    monkeypatch.setattr(shape_files, "topology", lambda layer, level, datum: {"k": [layer]})
    stale = [
        _aged(tmp_path, f"prefectures-web-wgs84-{n:012x}.json", hours=10 + n)
        for n in range(KEEP_PER_FAMILY + 1)
    ]
    files = shape_files.write_shape_files(tmp_path)
    assert len(files) == 8
    assert set(files.values()) <= _names(tmp_path)
    assert stale[-1].name not in _names(tmp_path)  # the oldest, past the kept few
    assert {p.name for p in stale[: KEEP_PER_FAMILY - 1]} <= _names(tmp_path)
    assert shape_files.MANIFEST in _names(tmp_path)
    assert assets.prune_family(tmp_path, shape_files.MANIFEST) == []
