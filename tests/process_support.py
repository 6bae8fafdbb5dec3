"""Test support: run a function in a child forked from the test process, as its own program.

A child forked from the test process starts with everything the process has imported and
loaded, where ``python -c ...`` or ``python -m ...`` would spend seconds importing it again;
tests that kill or signal a program mid-way (a batch, a writer, a save) use it.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable


class Forked:
    """A process forked from this one to run ``target``, as its own program would run.

    The child starts with what this test process has loaded (say the fact-sheet modules,
    the map layers, WeasyPrint and the CJK font, which ``python -m factsheets`` spends
    seconds importing and loading); otherwise it is that program: SIGINT raises
    KeyboardInterrupt, SIGTERM and SIGKILL end it, an uncaught exception prints a traceback
    and exits 1, and ``target``'s return value is the exit status. Its standard error (and,
    with ``stdout=True``, its standard output) is a pipe read here; the rest goes to
    ``/dev/null``. The interface is the part of :class:`subprocess.Popen` the tests use.
    """

    def __init__(self, target: Callable[[], int], *, stdout: bool = False) -> None:
        out_read, out_write = os.pipe() if stdout else (-1, os.open(os.devnull, os.O_WRONLY))
        err_read, err_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: it never returns
            _run_child(target, out_write, err_write)
        os.close(out_write)
        os.close(err_write)
        self.pid = pid
        self.returncode: int | None = None
        self.stdout = os.fdopen(out_read, "rb") if stdout else None
        self._stderr = os.fdopen(err_read, "rb")

    def poll(self) -> int | None:
        """Return the exit status once the child has ended (negative: killed by that signal)."""
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def send_signal(self, sent: int) -> None:
        """Send a signal to the child, unless it has ended."""
        if self.poll() is None:
            os.kill(self.pid, sent)

    def kill(self) -> None:
        """SIGKILL the child, unless it has ended."""
        self.send_signal(signal.SIGKILL)

    def wait(self, timeout: float) -> int:
        """Wait for the child to end; return its exit status."""
        deadline = time.monotonic() + timeout
        while self.poll() is None:
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"forked {self.pid}", timeout)
            time.sleep(0.02)
        assert self.returncode is not None
        return self.returncode

    def communicate(self, timeout: float) -> tuple[None, str]:
        """Read standard error to its end (every holder closed it), wait; return it as text."""
        deadline, chunks = time.monotonic() + timeout, []
        descriptor = self._stderr.fileno()
        while True:
            ready, _, _ = select.select([descriptor], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise subprocess.TimeoutExpired(f"forked {self.pid}", timeout)
            chunk = os.read(descriptor, 65536)
            if not chunk:
                break
            chunks.append(chunk)
        self._stderr.close()
        self.wait(max(0.0, deadline - time.monotonic()))
        return None, b"".join(chunks).decode("utf-8")


def _run_child(target: Callable[[], int], out: int, err: int) -> None:
    """In a forked child: set up streams and signals as a fresh program has them, run, exit."""
    status = 1
    try:
        os.dup2(out, 1)
        os.dup2(err, 2)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False, buffering=1)  # noqa: SIM115 (closed by os._exit)
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False, buffering=1)  # noqa: SIM115 (closed by os._exit)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        status = target()
    except SystemExit as done:
        status = done.code if isinstance(done.code, int) else 1
    except BaseException:  # as the interpreter would: the traceback, then status 1
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
