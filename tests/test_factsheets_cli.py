"""CLI and export: names resolve, unknown names fail with candidates, files are safe and whole."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

import factsheets.export
from factsheets import FactSheetError, file_stem, find_cjk_font
from factsheets.__main__ import main
from layers.files import write_atomic
from layout_rules import prefectures

pytestmark = pytest.mark.cost(9)  # seconds; the costliest files run first (conftest.py)

ROOT = Path(__file__).resolve().parent.parent
needs_font = pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font installed")


def _tree(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


@pytest.mark.parametrize("name", ["成都", "成都市", "Chengdu", "510100"])
def test_cli_resolves_names(name: str, tmp_path: Path) -> None:
    assert main([name, "--format", "html", "--out", str(tmp_path)]) == 0
    assert _tree(tmp_path) == ["510100-chengdu.html"]


def test_cli_unknown_name_exits_non_zero_with_candidates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # In-process; the subprocess test of `python -m factsheets` is the 21-city batch in
    # test_factsheets_batch.py.
    assert main(["成督", "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "unknown place name '成督'" in err
    assert "nearest known places: Chengdu;" in err
    assert not (tmp_path / "out").exists()


def test_cli_needs_cities_or_all(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--out", str(tmp_path)])
    assert exit_.value.code == 2
    assert "--all" in capsys.readouterr().err


@pytest.mark.parametrize(
    "name",
    ["../../escaped", "/tmp/escaped", "..\\escaped", "成都/../../escaped", "510100/..", "~"],
)
def test_path_traversal_names_are_impossible(name: str, tmp_path: Path) -> None:
    out = tmp_path / "deep" / "out"
    assert main([name, "--format", "html", "--out", str(out)]) == 1
    assert _tree(tmp_path) == []


def test_file_names_come_from_the_adcode_and_english_name_only() -> None:
    names = {file_stem(city) for city in prefectures()}
    assert len(names) == 21
    assert all(name.isascii() and "/" not in name and ".." not in name for name in names)
    assert file_stem(SimpleNamespace(adcode="510100", name_en="../../etc/passwd")) == (
        "510100-etc-passwd"
    )
    with pytest.raises(FactSheetError, match="six digits"):
        file_stem(SimpleNamespace(adcode="../x00", name_en="x"))


def test_a_failed_export_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_: object, **__: object) -> bytes:
        msg = "PDF rendering failed: simulated"
        raise FactSheetError(msg)

    monkeypatch.setattr(factsheets.export, "html_to_pdf", broken)
    assert main(["成都", "--format", "both", "--out", str(tmp_path), "--workers", "1"]) == 1
    assert "simulated" in capsys.readouterr().err
    assert _tree(tmp_path) == []


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "510100-chengdu.html"
    write_atomic(target, b"old")
    assert target.stat().st_mode & 0o777 == 0o644

    def interrupted(*_: object) -> None:
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(OSError, match="simulated"):
        write_atomic(target, b"new content")
    assert target.read_bytes() == b"old"
    assert _tree(tmp_path) == ["510100-chengdu.html"]


@needs_font
def test_cli_writes_files_and_lists_them_in_the_order_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["绵阳", "成都", "--format", "both", "--out", str(tmp_path)])
    out, err = capsys.readouterr()
    assert status == 0, err
    files = _tree(tmp_path)
    assert files == sorted(
        ["510100-chengdu.html", "510100-chengdu.pdf", "510700-mianyang.html", "510700-mianyang.pdf"]
    )
    listed = ["510700-mianyang.html", "510700-mianyang.pdf", "510100-chengdu.html",
              "510100-chengdu.pdf"]  # fmt: skip
    assert out.splitlines() == [str(tmp_path / name) for name in listed]
