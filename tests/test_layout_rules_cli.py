"""``python -m layout_rules check``: exit status and output, run as a real subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BROKEN = Path(__file__).parent / "broken_rules"


def _check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "layout_rules", "check", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_shipped_rules_pass() -> None:
    result = _check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK: 5 documents, ")
    assert "(data version " in result.stdout
    assert result.stderr == ""


def test_a_valid_folder_passes() -> None:
    result = _check(str(BROKEN / "_valid" / "data"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK: 2 documents, 3 industries, 1 layouts, 2 clusters")


@pytest.mark.parametrize(
    "case", ["many_problems", "yaml_syntax", "not_utf8", "problems_in_two_files"]
)
def test_a_broken_folder_fails_listing_every_problem(case: str) -> None:
    expected = [
        line
        for line in (BROKEN / case / "expected.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    result = _check(str(BROKEN / case / "data"))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == len(expected)
    for fragment in expected:
        assert any(fragment in line for line in lines), (fragment, lines)
    assert "Traceback" not in result.stderr
    assert f"FAILED: {len(expected)} problem(s)" in result.stderr


def test_a_missing_folder_fails_without_traceback(tmp_path: Path) -> None:
    result = _check(str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert result.stdout.strip() == f"{tmp_path / 'nowhere'}: -: not a folder of rule files"
    assert "Traceback" not in result.stderr


def test_sources_can_be_given_explicitly(tmp_path: Path) -> None:
    valid = BROKEN / "_valid"
    assert _check(str(valid / "data"), "--sources", str(valid / "sources")).returncode == 0
    result = _check(str(valid / "data"), "--sources", str(tmp_path))
    assert result.returncode == 1
    assert "document.file: source text 'mini_a.txt' not found" in result.stdout
