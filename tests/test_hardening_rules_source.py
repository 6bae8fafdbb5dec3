"""Where a user's rules come from on a shared server: uploads, or a folder under an allowed root.

The probe behind issue 14 typed a server configuration folder into the old path box and read
its keys in the error list. Now the box is absent by default; uploads (files or a zip) go to
a folder private to the session and removed with it; an enabled box stays inside its root.
"""

from __future__ import annotations

import gc
import io
import os
import shutil
import stat
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geodata import GeodataError, find_place
from layout_rules import LayoutRulesError, Problem
from layout_rules.limits import Limits
from layout_rules.uploads import allowed_folder, unpack, write_upload
from ui.data import _hide_folder
from words import in_language

pytestmark = pytest.mark.cost(9)  # seconds; the costliest files run first (conftest.py)

APP = str(Path(__file__).resolve().parent.parent / "app.py")
VALID = Path(__file__).parent / "broken_rules" / "_valid"
TIMEOUT = 90
UPLOAD = "w_rules_upload"


_REFUSED = "规则无法使用"
"""The start of the refusal message in the app's default language (zh)."""


def _app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=TIMEOUT).run()


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _rules_accepted(at: AppTest) -> None:
    """No error about the rules (the URL's shipped document is reported apart, as unknown)."""
    assert not [e.value for e in at.error if _REFUSED in e.value]


def _valid_files() -> list[tuple[str, bytes, str]]:
    return [
        (path.name, path.read_bytes(), "application/octet-stream")
        for folder in ("data", "sources")
        for path in sorted((VALID / folder).iterdir())
    ]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _folder(at: AppTest) -> Path:
    return Path(at.session_state["_rules_upload_folder"].name)


# --- the app --------------------------------------------------------------------------------


def test_the_path_box_is_absent_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SICHUAN_RULES_ROOT", raising=False)
    at = _app()
    _ok(at)
    assert "w_rules_path" not in [box.key for box in at.sidebar.text_input]
    assert not [box for box in at.sidebar.text_input if "server" in box.label.lower()]
    uploader = at.sidebar.get("file_uploader")[0]
    assert sorted(uploader.proto.type) == [".txt", ".yaml", ".yml", ".zip"]


def test_uploaded_files_are_used_and_kept_in_a_private_session_folder() -> None:
    at = _app()
    at.sidebar.file_uploader(key=UPLOAD).set_value(_valid_files()).run()
    _ok(at)
    _rules_accepted(at)
    assert at.sidebar.selectbox(key="w_doc").options == ["迷你甲规划", "迷你乙方案"]
    folder = _folder(at)
    assert sorted(p.name for p in (folder / "data").iterdir()) == [
        "crosswalk.yaml", "mini_a.yaml", "mini_b.yaml"
    ]  # fmt: skip
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_each_session_has_its_own_folder_and_it_is_removed_with_the_session() -> None:
    first, second = _app(), _app()
    for at in (first, second):
        at.sidebar.file_uploader(key=UPLOAD).set_value(_valid_files()).run()
        _ok(at)
    one, two = _folder(first), _folder(second)
    assert one != two and one.is_dir() and two.is_dir()
    del first
    gc.collect()
    assert not one.exists()
    assert two.is_dir()


def test_a_zip_of_a_rules_folder_is_used() -> None:
    members = {f"rules/{folder}/{p.name}": p.read_bytes()
               for folder in ("data", "sources") for p in (VALID / folder).iterdir()}  # fmt: skip
    at = _app()
    at.sidebar.file_uploader(key=UPLOAD).set_value(
        ("rules.zip", _zip(members), "application/zip")
    ).run()
    _ok(at)
    _rules_accepted(at)
    assert at.sidebar.selectbox(key="w_doc").options == ["迷你甲规划", "迷你乙方案"]


def test_a_broken_upload_lists_its_problems_without_server_paths() -> None:
    files = _valid_files()
    hostile = files[1][1].replace(b"core: [", b"core: [[x](http://evil.example), ")
    files[1] = ("mini_a.yaml", hostile, "text/yaml")
    at = _app()
    at.sidebar.file_uploader(key=UPLOAD).set_value(files).run()
    _ok(at)
    message = at.error[0].value
    assert _REFUSED in message
    assert "mini\\_a\\.yaml" in message
    assert "](http" not in message  # the link stays text
    assert "/tmp" not in message and "sichuan-rules-" not in message
    shipped = "四川省“十三五”战略性新兴产业发展规划"
    assert at.sidebar.selectbox(key="w_doc").options[0] == shipped


def test_an_upload_over_the_limit_is_refused_with_the_limit() -> None:
    at = _app()
    at.sidebar.file_uploader(key=UPLOAD).set_value(
        ("big.yaml", b"a: 1\n" * 120_000, "text/yaml")
    ).run()
    _ok(at)
    assert "上限为 512,000 字节（Limits\\.file\\_bytes）" in at.error[0].value  # zh page


def test_an_enabled_path_box_reads_folders_under_its_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(VALID, tmp_path / "rules")
    monkeypatch.setenv("SICHUAN_RULES_ROOT", str(tmp_path))
    at = _app()
    at.sidebar.text_input(key="w_rules_path").input("rules").run()
    _ok(at)
    _rules_accepted(at)
    assert at.sidebar.selectbox(key="w_doc").options == ["迷你甲规划", "迷你乙方案"]


@pytest.mark.parametrize("typed", ["/etc", "../", "rules/../../etc", "link"])
def test_an_enabled_path_box_refuses_paths_outside_its_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: str
) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (root / "rules").mkdir()
    (root / "link").symlink_to("/etc")
    monkeypatch.setenv("SICHUAN_RULES_ROOT", str(root))
    at = _app()
    at.sidebar.text_input(key="w_rules_path").input(typed).run()
    _ok(at)
    message = at.error[0].value
    assert "不在允许的根目录" in message
    assert "passwd" not in message and "hostname" not in message


# --- the pure functions ---------------------------------------------------------------------


def test_unpack_keeps_base_names_only_so_nothing_is_written_outside(tmp_path: Path) -> None:
    files = unpack([("x.zip", _zip({"../../../etc/evil.yaml": b"a: 1\n"}))])
    assert list(files) == ["evil.yaml"]
    written = write_upload(files, tmp_path / "session")
    assert (written.data / "evil.yaml").read_bytes() == b"a: 1\n"
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["evil.yaml"]


def test_unpack_renames_yml_and_refuses_other_files() -> None:
    assert list(unpack([("a.yml", b"a: 1\n")])) == ["a.yaml"]
    with pytest.raises(LayoutRulesError, match=r"not a rule file \(\.yaml, \.yml\)"):
        unpack([("run.sh", b"#!/bin/sh\n")])


def test_a_zip_bomb_is_refused_from_its_declared_size() -> None:
    bomb = _zip({"a.yaml": b"a" * 50_000_000})
    assert len(bomb) < 100_000
    with pytest.raises(LayoutRulesError) as caught:
        unpack([("bomb.zip", bomb)])
    assert str(caught.value) == (
        "bomb.zip: -: unpacks to 50,000,000 bytes; the limit is 5,000,000 bytes "
        "(Limits.upload_bytes)"
    )


def test_a_broken_zip_is_refused() -> None:
    with pytest.raises(LayoutRulesError, match=r"x\.zip: -: not a readable zip file") as caught:
        unpack([("x.zip", b"PK\x03\x04 not really")])
    (problem,) = caught.value.problems  # zipfile's words stay in the log
    assert (
        problem.in_language("zh")
        == "x.zip：-：不是可读取的 ZIP 文件（不是 ZIP 压缩包，或压缩包已损坏）"
    )


def test_too_many_uploaded_files_are_refused() -> None:
    files = [(f"f{i}.yaml", b"a: 1\n") for i in range(5)]
    with pytest.raises(LayoutRulesError, match=r"5 files; the limit is 4 \(Limits.files\)"):
        unpack(files, Limits(files=4))


def test_an_upload_over_the_byte_limit_is_refused_before_reading() -> None:
    with pytest.raises(LayoutRulesError, match=r"upload: -: 11 bytes; the limit is 10 bytes"):
        unpack([("a.yaml", b"a: 1\nb: 22\n")], Limits(upload_bytes=10))


def test_two_files_of_one_name_are_refused() -> None:
    with pytest.raises(LayoutRulesError, match="two uploaded files have this name"):
        unpack([("a.yaml", b"a: 1\n"), ("x.zip", _zip({"d/a.yaml": b"b: 2\n"}))])


def test_a_new_upload_replaces_the_previous_one(tmp_path: Path) -> None:
    write_upload({"a.yaml": b"a: 1\n"}, tmp_path)
    write_upload({"b.yaml": b"b: 1\n"}, tmp_path)
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["b.yaml"]


def test_allowed_folder_resolves_inside_its_root(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    assert allowed_folder("a/b", tmp_path) == (tmp_path / "a" / "b").resolve()
    assert allowed_folder(str(tmp_path / "a"), tmp_path) == (tmp_path / "a").resolve()
    for typed in ("..", "a/../..", "/"):
        with pytest.raises(LayoutRulesError, match="outside the allowed root"):
            allowed_folder(typed, tmp_path)
    with pytest.raises(LayoutRulesError, match="no such folder"):
        allowed_folder("nope", tmp_path)


def test_idle_upload_folders_are_swept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    from ui.data import IDLE_UPLOAD_S, UPLOAD_PREFIX, sweep_idle_uploads

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    old, fresh, other = (tmp_path / f"{UPLOAD_PREFIX}old", tmp_path / f"{UPLOAD_PREFIX}new",
                         tmp_path / "someone-elses")  # fmt: skip
    for folder in (old, fresh, other):
        (folder / "data").mkdir(parents=True)
    now = 1_800_000_000.0
    os.utime(old, (now - IDLE_UPLOAD_S - 5, now - IDLE_UPLOAD_S - 5))
    os.utime(fresh, (now - 10, now - 10))
    os.utime(other, (now - 10 * IDLE_UPLOAD_S, now - 10 * IDLE_UPLOAD_S))
    assert sweep_idle_uploads(now) == [old]
    assert not old.exists() and fresh.is_dir() and other.is_dir()


# --- a real server --------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="no system Chromium")
def test_a_real_server_removes_the_upload_folder_when_the_session_expires(
    tmp_path: Path, browser: object, app_url: str
) -> None:
    """Remove the upload folder when Streamlit drops the closed session.

    Streamlit keeps a closed session for reconnection (on the shared server of conftest.py,
    ``SESSION_TTL_S``: 1 s), then drops it: the upload folder goes with it, at the server's
    next session activity. The browser is the shared one, in contexts of this test's own.
    """
    import tempfile
    import time

    from tests.browser_support import new_context

    before = set(Path(tempfile.gettempdir()).glob("sichuan-rules-*"))
    context = new_context(browser)
    page = context.new_page()
    page.goto(f"{app_url}/?ind=next-gen-it")
    page.get_by_text("规则", exact=True).click()
    files = sorted(str(path) for path in (VALID / "data").glob("*.yaml"))
    page.locator("[data-testid=stSidebar] input[type=file]").set_input_files(files)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        created = set(Path(tempfile.gettempdir()).glob("sichuan-rules-*")) - before
        if created:
            break
        time.sleep(0.2)
    assert len(created) == 1
    (folder,) = created
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    context.close()
    assert folder.exists(), "removed at once, not when the session expired"
    other = new_context(browser)
    try:
        page = other.new_page()
        deadline = time.monotonic() + 90
        industries = ("biotech", "next-gen-it")
        visits = 0
        while folder.exists() and time.monotonic() < deadline:
            # later activity (a new session) expires the closed one once its TTL is over
            page.goto(f"{app_url}/?ind={industries[visits % 2]}")
            visits += 1
            page.wait_for_timeout(1000)
        assert not folder.exists()
    finally:
        other.close()


def test_a_closed_session_s_folder_goes_after_the_reconnection_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tempfile
    import weakref

    from ui import data

    folders = {s: tempfile.TemporaryDirectory(prefix=data.UPLOAD_PREFIX) for s in ("a", "b")}
    monkeypatch.setattr(data, "_SESSION_FOLDERS", {s: weakref.ref(f) for s, f in folders.items()})
    monkeypatch.setattr(data, "_CLOSED_SINCE", {})
    active = {"a"}
    assert data.release_closed_sessions(100.0, active.__contains__, grace_s=5) == []
    assert data.release_closed_sessions(104.0, active.__contains__, grace_s=5) == []  # may return
    assert data.release_closed_sessions(105.0, active.__contains__, grace_s=5) == [
        Path(folders["b"].name)
    ]
    assert not Path(folders["b"].name).exists() and Path(folders["a"].name).exists()
    active.clear()
    assert data.release_closed_sessions(200.0, active.__contains__, grace_s=5) == []
    active.add("a")  # reconnected within the time: kept, and its clock starts again
    assert data.release_closed_sessions(203.0, active.__contains__, grace_s=5) == []
    active.clear()
    assert data.release_closed_sessions(207.0, active.__contains__, grace_s=5) == []
    assert Path(folders["a"].name).exists()
    folders["a"].cleanup()


def test_hiding_the_upload_folder_keeps_place_names_in_the_page_language(tmp_path: Path) -> None:
    """Places a problem suggests stay in the page's language once the folder is hidden."""
    with pytest.raises(GeodataError) as caught:
        find_place("绵羊")
    problem = Problem(str(tmp_path / "mini_a.yaml"), "industries[0]", caught.value.args[0])
    hidden = _hide_folder(problem, tmp_path)
    chinese, english = in_language(hidden.reason, "zh"), in_language(hidden.reason, "en")
    assert hidden.file == "upload/mini_a.yaml"
    assert "绵阳市" in chinese and "Mianyang" not in chinese
    assert "Mianyang" in english and "绵阳市" not in english
