"""Shared fixtures: the real boundaries and the shipped rules, loaded once per session."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import geodata
from layers import Boundaries
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
    """Load the shipped rules once for the whole run (the model is immutable)."""
    return load_rules()


@pytest.fixture(scope="session", autouse=True)
def _private_workspace_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the app's drafts in a throw-away SQLite file, never in the developer's store.

    Nor in a team database: tests that need PostgreSQL pass their URL explicitly.
    """
    saved = {key: os.environ.pop(key, None) for key in ("WORKSPACE_DB", "DATABASE_URL")}
    os.environ["WORKSPACE_DB"] = str(tmp_path_factory.mktemp("workspace") / "drafts.sqlite3")
    yield
    for key, value in saved.items():
        os.environ.pop(key, None)
        if value is not None:
            os.environ[key] = value


@pytest.fixture(scope="session")
def boundaries() -> Boundaries:
    """Read the web-variant boundaries the map draws, once for the whole run."""
    return Boundaries(
        province=geodata.load_province(variant="web"),
        prefectures=geodata.load_prefectures(variant="web"),
        counties=geodata.load_counties(variant="web"),
    )
