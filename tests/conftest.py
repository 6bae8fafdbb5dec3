"""Shared fixtures: the real boundaries and the shipped rules, loaded once per session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ARTIFACTS = ROOT / "artifacts"


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder for test artefacts (screenshots, rendered pages) to look at after a run."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
