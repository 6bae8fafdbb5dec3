"""The shipped source texts: named by document id, and unchanged copies of the project's seeds.

``layout_rules/sources/seeds.yaml`` is the one map from a document id to its text and the seed
file (``../shared/seeds/`` beside the main repository) it was copied from, with the seed's
sha256. The texts are the evidence every quote is checked against, so a silently edited text
would let a quote "verify" against words no document contains.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from layout_rules import DATA_DIR

SOURCES = DATA_DIR.parent / "sources"
MANIFEST = yaml.safe_load((SOURCES / "seeds.yaml").read_text(encoding="utf-8"))


def _documents() -> dict[str, str]:
    """Return document id -> ``document.file`` of every shipped rule file."""
    files = {}
    for path in sorted(DATA_DIR.glob("*.yaml")):
        if path.name != "crosswalk.yaml":
            document = yaml.safe_load(path.read_text(encoding="utf-8"))["document"]
            files[document["id"]] = document["file"]
    return files


def _seed_folder() -> Path | None:
    """Return the nearest ``shared/seeds`` folder above the repository, if there is one."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "seeds"
        if candidate.is_dir():
            return candidate
    return None


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_document_has_one_text_named_by_its_id() -> None:
    documents = _documents()
    assert sorted(MANIFEST) == sorted(documents)
    for doc_id, entry in MANIFEST.items():
        assert entry["file"] == f"{doc_id}.txt"
        assert documents[doc_id] == entry["file"]
    shipped = sorted(path.name for path in SOURCES.glob("*.txt"))
    assert shipped == sorted(entry["file"] for entry in MANIFEST.values())


@pytest.mark.parametrize("doc_id", sorted(MANIFEST))
def test_each_text_is_unchanged_since_it_was_copied(doc_id: str) -> None:
    entry = MANIFEST[doc_id]
    assert _sha256(SOURCES / entry["file"]) == entry["sha256"]


@pytest.mark.parametrize("doc_id", sorted(MANIFEST))
def test_each_text_is_byte_identical_to_its_seed(doc_id: str) -> None:
    seeds = _seed_folder()
    if seeds is None:
        pytest.skip("no shared/seeds folder above this checkout (the sha256 test still ran)")
    entry = MANIFEST[doc_id]
    assert (seeds / entry["seed"]).read_bytes() == (SOURCES / entry["file"]).read_bytes()
    assert _sha256(seeds / entry["seed"]) == entry["sha256"]
