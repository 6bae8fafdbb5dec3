"""``python -m layout_rules check``: exit status and output.

The behaviour runs in-process through ``main(argv)``, what ``python -m layout_rules`` calls;
one test runs the real ``python -m layout_rules`` as a subprocess.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from layout_rules.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
BROKEN = Path(__file__).parent / "broken_rules"


class Run(NamedTuple):
    """What a command left: its exit status and its two streams."""

    returncode: int
    stdout: str
    stderr: str


Check = Callable[..., Run]


@pytest.fixture
def check(capsys: pytest.CaptureFixture[str]) -> Check:
    """Return a runner of ``python -m layout_rules check ARGS``, in-process."""

    def run(*args: str) -> Run:
        capsys.readouterr()
        status = main(["check", *args])
        out, err = capsys.readouterr()
        return Run(status, out, err)

    return run


def test_the_shipped_rules_pass() -> None:
    # The one subprocess: `python -m layout_rules` runs and sets the exit status.
    result = subprocess.run([sys.executable, "-m", "layout_rules", "check"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK: 5 documents, ")
    assert "(data version " in result.stdout
    assert result.stderr == ""


def test_a_valid_folder_passes(check: Check) -> None:
    result = check(str(BROKEN / "_valid" / "data"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK: 2 documents, 3 industries, 1 layouts, 2 clusters")


@pytest.mark.parametrize(
    "case", ["many_problems", "yaml_syntax", "not_utf8", "problems_in_two_files"]
)
def test_a_broken_folder_fails_listing_every_problem(case: str, check: Check) -> None:
    expected = [
        line
        for line in (BROKEN / case / "expected.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    result = check(str(BROKEN / case / "data"))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == len(expected)
    for fragment in expected:
        assert any(fragment in line for line in lines), (fragment, lines)
    assert "Traceback" not in result.stderr
    assert f"FAILED: {len(expected)} problem(s)" in result.stderr


def test_a_missing_folder_fails_without_traceback(tmp_path: Path, check: Check) -> None:
    result = check(str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert result.stdout.strip() == f"{tmp_path / 'nowhere'}: -: not a folder of rule files"
    assert "Traceback" not in result.stderr


def test_sources_can_be_given_explicitly(tmp_path: Path, check: Check) -> None:
    valid = BROKEN / "_valid"
    assert check(str(valid / "data"), "--sources", str(valid / "sources")).returncode == 0
    result = check(str(valid / "data"), "--sources", str(tmp_path))
    assert result.returncode == 1
    assert "document.file: source text 'mini_a.txt' not found" in result.stdout
