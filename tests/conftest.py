"""Shared fixtures: the real boundaries and the shipped rules, loaded once per session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from layout_rules import Rules, load_rules

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ARTIFACTS = ROOT / "artifacts"


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder for test artefacts (screenshots, rendered pages) to look at after a run."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def rules() -> Rules:
    """The shipped rules, validated once for the whole run (the model is immutable)."""
    return load_rules()
