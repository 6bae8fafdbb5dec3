"""The fact-sheet batch on a shared server: bad ``--out`` found first, clean interruption.

The probe behind issue 14 found ``--out`` problems only after all the rendering (with a
traceback), two pool workers alive 15 minutes after SIGTERM, and hidden ``.part`` files
beside a batch killed while writing.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import factsheets.export
from factsheets import FORMATS, FactSheetError, check_out
from factsheets.__main__ import main
from layers.files import write_atomic
from tests.process_support import Forked

pytestmark = pytest.mark.cost(7)  # seconds; the costliest files run first (conftest.py)


@pytest.fixture
def no_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if anything is rendered: ``--out`` must be refused before."""

    def render(*_: object, **__: object) -> None:
        raise AssertionError("rendered before --out was checked")

    monkeypatch.setattr(factsheets.export, "render_all", render)


def _run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(args)
    return status, capsys.readouterr().err


def test_out_that_is_a_file_is_refused_before_rendering(
    tmp_path: Path, no_rendering: None, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x")
    status, err = _run_cli(["--all", "--out", str(target)], capsys)
    assert status == 1
    assert err == f"error: --out {target}: is a file, not a folder; name a folder\n"


def test_out_under_a_file_is_refused_before_rendering(
    tmp_path: Path, no_rendering: None, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file.txt").write_text("x")
    target = tmp_path / "file.txt" / "sub" / "out"
    status, err = _run_cli(["成都", "--out", str(target)], capsys)
    assert status == 1
    assert err == (
        f"error: --out {target}: {tmp_path / 'file.txt'} is a file, so no folder can be made "
        "under it\n"
    )


def _mount(tmp_path: Path, options: str) -> Iterator[Path]:
    point = tmp_path / "mnt"
    point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)],
                          capture_output=True, check=False)  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield point
    finally:
        subprocess.run(["umount", str(point)], check=False)


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """Mount a read-only file system (root ignores permission bits: chmod would prove nothing)."""
    yield from _mount(tmp_path, "ro,size=1m")


@pytest.fixture
def full_device(tmp_path: Path) -> Iterator[Path]:
    """Mount a 64 KB file system: room for the probe, not for 21 fact sheets."""
    yield from _mount(tmp_path, "size=64k")


def test_a_read_only_out_is_refused_before_rendering(
    read_only: Path, no_rendering: None, capsys: pytest.CaptureFixture[str]
) -> None:
    status, err = _run_cli(["--all", "--out", str(read_only / "out")], capsys)
    assert status == 1
    assert err.startswith(f"error: --out {read_only / 'out'}: cannot write there (Read-only")


def test_a_full_device_is_refused_before_rendering(
    full_device: Path, no_rendering: None, capsys: pytest.CaptureFixture[str]
) -> None:
    status, err = _run_cli(["--all", "--out", str(full_device)], capsys)
    assert status == 1
    assert "bytes free, about 84,000,000 needed; free space" in err
    assert list(full_device.iterdir()) == []


def test_check_out_creates_a_missing_folder(tmp_path: Path) -> None:
    assert check_out(tmp_path / "a" / "b") == tmp_path / "a" / "b"
    assert (tmp_path / "a" / "b").is_dir()
    assert list((tmp_path / "a" / "b").iterdir()) == []  # the probe left nothing


def test_check_out_is_a_fact_sheet_error(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(FactSheetError, match="is a file"):
        check_out(tmp_path / "f")


# --- interruption ---------------------------------------------------------------------------


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(p) for p in (task / "children").read_text().split()}
        except OSError:
            continue
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.fixture(scope="module")
def warmed_up() -> None:
    """Load once here what every batch loads before forking its workers (layers, fonts)."""
    factsheets.export._warm_up(FORMATS)


def _start_batch(out: Path, *, render: object = None) -> tuple[Forked, set[int]]:
    """Start ``python -m factsheets --all --format both --workers 2 --out OUT`` (forked).

    ``render``, if given, replaces the sheet renderer in the batch (its forked workers too).
    """
    args = ["--all", "--format", "both", "--workers", "2", "--out", str(out)]

    def batch() -> int:
        if render is not None:
            factsheets.export.render_files = render  # type: ignore[assignment]  # a test double, in the forked batch only
        return main(args)

    process = Forked(batch)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        workers = _children(process.pid)
        if len(workers) >= 2:
            _rendering(workers)
            return process, _children(process.pid)
        if process.poll() is not None:
            break
        time.sleep(0.2)
    process.kill()
    pytest.fail(f"the pool never started: {process.communicate(timeout=60)[1][-2000:]}")


def _cpu_ticks(pid: int) -> int:
    """Return the CPU time a process has used, in clock ticks (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().split(") ")[1].split()
    except (OSError, IndexError):
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime


def _rendering(workers: set[int], seconds: float = 30) -> None:
    """Wait until every worker has used a tenth of a second of CPU: it is rendering a sheet.

    (A waiting worker uses almost none; this replaces a fixed second that a busy machine
    could make too short.)
    """
    busy = os.sysconf("SC_CLK_TCK") // 10
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and min(_cpu_ticks(pid) for pid in workers) < busy:
        time.sleep(0.05)


def _gone(pids: set[int], seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(_alive(pid) for pid in pids):
            return True
        time.sleep(0.2)
    return False


@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_the_batch_ends_the_workers_and_leaves_nothing(
    tmp_path: Path, sent: signal.Signals, warmed_up: None
) -> None:
    process, workers = _start_batch(tmp_path / "out")
    process.send_signal(sent)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "interrupted: the workers were stopped" in err
    assert "Traceback" not in err
    assert _gone(workers), "pool workers outlived the batch"
    assert list((tmp_path / "out").iterdir()) == []


def _endless_sheet(*args: object, **kwargs: object) -> dict[str, bytes]:
    """Render nothing for a minute, on the CPU: a worker ends sooner only if it is made to."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        pass
    return {}


def test_workers_end_with_a_killed_parent(tmp_path: Path, warmed_up: None) -> None:
    # A pool worker ends by itself once it finds its parent's pipes closed, but only between
    # sheets; a worker in the middle of a sheet must be ended by the parent's death signal.
    process, workers = _start_batch(tmp_path / "out", render=_endless_sheet)
    try:
        process.kill()
        process.wait(timeout=60)  # not communicate(): the workers hold its pipes while alive
        assert _gone(workers), "pool workers outlived a SIGKILLed parent"
    finally:
        for pid in workers:  # should the test fail: no worker spins on
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _writer(out: Path) -> int:
    """Write sheets into ``out`` as a batch does, for ever (until killed)."""
    print("ready", flush=True)
    for i in range(100_000):
        target = out / f"sheet-{i % 50}.pdf"
        target.unlink(missing_ok=True)  # a batch writes new files (bounded disk: 50 names)
        write_atomic(target, b"%PDF-" + b"x" * 4_000_000)
    return 0


def test_a_batch_killed_while_writing_leaves_no_temporary_file(tmp_path: Path) -> None:
    # Four writers (forked: no start-up), each killed after its own delay once it is writing.
    delays = (0.3, 0.7, 1.1, 1.9)
    writers = []
    for delay in delays:
        out = tmp_path / f"out-{delay}"
        out.mkdir()
        process = Forked(lambda out=out: _writer(out), stdout=True)
        writers.append((delay, out, process))
    try:
        ready = []
        for delay, _, process in writers:
            assert process.stdout is not None and process.stdout.readline() == b"ready\n"
            ready.append(time.monotonic() + delay)
        for kill_at, (_, _, process) in sorted(zip(ready, writers, strict=True)):
            time.sleep(max(0.0, kill_at - time.monotonic()))
            process.kill()
    finally:
        for _, _, process in writers:
            process.kill()
            process.wait(timeout=30)
    for _, out, _ in writers:
        names = [path.name for path in out.iterdir()]
        assert names, "nothing was written before the kill"
        assert [name for name in names if name.startswith(".") or name.endswith(".part")] == []


def test_write_atomic_still_replaces_whole_files(tmp_path: Path) -> None:
    target = tmp_path / "a.html"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["a.html"]


@pytest.mark.parametrize("unnamed", [True, False], ids=["unnamed-file", "named-temporary"])
def test_a_failed_replace_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unnamed: bool
) -> None:
    import layers.files

    target = tmp_path / "a.html"
    write_atomic(target, b"one")
    if not unnamed:  # a system without O_TMPFILE: mkstemp's named temporary file
        monkeypatch.setattr(layers.files, "_write_unnamed", lambda path, data: False)

    def full_disk(source: object, destination: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(layers.files.os, "replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, b"two")
    assert target.read_bytes() == b"one"
    assert [p.name for p in tmp_path.iterdir()] == ["a.html"]
