"""A draft as a rules folder: export → ``python -m layout_rules check`` accepts it; import back."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from layout_rules import Rules, load_rules
from layout_rules.schema import Cluster, Park
from workspace import (
    Store,
    WorkspaceError,
    copy_document,
    export_folder,
    export_zip,
    import_zip,
    put_record,
    rationale_source,
    remove_record,
    set_tiers,
    tier_of,
)
from workspace.content import RATIONALE_HEADING

ROOT = Path(__file__).resolve().parent.parent
WHY = "<b>成渝</b> 协同：*眉山* 承接成都外溢"


@pytest.fixture(scope="module")
def official(rules: Rules) -> Rules:
    return rules


@pytest.fixture
def store(tmp_path: Path):
    store = Store(f"sqlite:///{tmp_path / 'ws.sqlite3'}")
    yield store
    store.dispose()


def _edited(store: Store, official):
    draft = copy_document(store, official, "sei-2016-2020", "出口草案", author="ann")
    source = rationale_source(draft.id, 2, WHY)
    rules = set_tiers(draft.rules, "next-gen-it", {"511400": "core", "510700": None}, source)
    rules = put_record(rules, "clusters", Cluster(
        id="meishan-chengdu-cluster", name="成眉电子信息协作区", name_en="Chengdu–Meishan cluster",
        kind="cluster", places=("成都", "眉山"), industries=("next-gen-it",), source=source,
    ))  # fmt: skip
    rules = put_record(rules, "parks", Park(
        id="meishan-new-park", name="眉山新区园", host="东坡区", industries=("next-gen-it",),
        source=source,
    ))  # fmt: skip
    return store.save(draft.id, rules, base=1, author="ann", rationale=WHY, summary="edits")


def test_export_is_accepted_by_layout_rules_check(store: Store, official, tmp_path: Path) -> None:
    draft = _edited(store, official)
    data = export_folder(store, draft.id, tmp_path / "out")
    text = (tmp_path / "out" / "sources" / f"{draft.id}.txt").read_text(encoding="utf-8")
    official_text, rationales = text.split(RATIONALE_HEADING)
    assert "以成都、绵阳为主体形成核心发展区" in official_text
    assert rationales.strip() == WHY  # copied quotes are proved against the official text
    result = subprocess.run(
        [sys.executable, "-m", "layout_rules", "check", str(data)],
        check=False, cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK: 1 documents, 8 industries")
    loaded = load_rules(data).document(draft.id)
    assert loaded == draft.rules and loaded.document.draft


def test_an_empty_draft_exports_as_a_valid_folder(store: Store, tmp_path: Path) -> None:
    draft = store.create("空草案", author="ann")
    data = export_folder(store, draft.id, tmp_path / "out")
    result = subprocess.run(
        [sys.executable, "-m", "layout_rules", "check", str(data)],
        check=False, cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    # An empty draft is a valid document with nothing in it.
    assert result.returncode == 0, result.stdout + result.stderr


def test_zip_round_trip(store: Store, official) -> None:
    draft = _edited(store, official)
    payload = export_zip(store, draft.id)
    (imported,) = import_zip(store, "mine.zip", payload, author="bo", rationale="从文件导入草案")
    assert imported.id != draft.id and imported.info.owner == "bo"
    assert tier_of(imported.rules, "next-gen-it", "511400") == "core"
    assert imported.rules.clusters[-1].source.quote == WHY
    assert imported.rules.document.draft
    assert "以成都、绵阳为主体形成核心发展区" in store.source_text(imported.id)
    again = export_zip(store, imported.id)
    assert zipfile.ZipFile(io.BytesIO(again)).namelist() == [
        f"{imported.id}/data/{imported.id}.yaml", f"{imported.id}/sources/{imported.id}.txt",
    ]  # fmt: skip


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_bad_zips_are_refused_with_reasons(store: Store) -> None:
    with pytest.raises(WorkspaceError, match="over the 5,000,000-byte limit"):
        import_zip(store, "big.zip", b"0" * 5_000_001, author="ann", rationale="导入测试用")
    with pytest.raises(WorkspaceError, match="not a readable zip"):
        import_zip(store, "x.zip", b"not a zip", author="ann", rationale="导入测试用")
    evil = _zip({"../../etc/x.yaml": b"a: 1"})
    with pytest.raises(WorkspaceError, match="unsafe path"):
        import_zip(store, "evil.zip", evil, author="ann", rationale="导入测试用")
    bad = _zip({"data/d.yaml": b"document: {id: Bad Id}\n"})
    with pytest.raises(WorkspaceError, match=r"d\.yaml: document\.id") as caught:
        import_zip(store, "bad.zip", bad, author="ann", rationale="导入测试用")
    assert "not valid" in str(caught.value)
    assert store.list_drafts() == []


def test_edits_keep_references_whole(official) -> None:
    sei = official.document("sei-2016-2020")
    park = sei.parks[0].id
    with pytest.raises(WorkspaceError, match=f"park {park!r} is still used"):
        remove_record(sei, "parks", park)
    with pytest.raises(WorkspaceError, match="unknown industry 'nope'"):
        set_tiers(sei, "nope", {"510100": "core"}, sei.industries[0].layout.source)
    with pytest.raises(WorkspaceError, match="not a prefecture"):
        set_tiers(sei, "next-gen-it", {"510104": "core"}, sei.industries[0].layout.source)
