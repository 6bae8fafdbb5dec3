"""Test support for the workspace: a local PostgreSQL server, and stores on both backends.

The PostgreSQL tests need a server on localhost. ``WORKSPACE_TEST_DATABASE_URL`` names one
(any database on it; each test gets its own fresh database); otherwise the Debian
``postgresql`` package's binaries start a throw-away cluster in a temporary folder, as the
``postgres`` user when the tests run as root, on a free port. If no server can be started the
PostgreSQL tests are skipped with the reason, except in CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from layout_rules.schema import DocumentRules
from workspace import Draft, Store

PG_ROOT = Path("/usr/lib/postgresql")


@dataclass
class PgServer:
    """A running PostgreSQL server: its URL (database ``postgres``) and how to stop it."""

    url: str
    folder: Path | None = None
    bindir: Path | None = None

    def database(self) -> str:
        """Create a fresh database and return its URL."""
        import psycopg

        name = f"ws_{uuid.uuid4().hex[:12]}"
        plain = make_url(self.url).set(drivername="postgresql").render_as_string(False)
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return make_url(self.url).set(database=name).render_as_string(False)

    def stop(self) -> None:
        """Stop a server this module started, and remove its folder."""
        if self.folder is None or self.bindir is None:
            return
        data = str(self.folder / "data")
        _as_postgres([str(self.bindir / "pg_ctl"), "-D", data, "-m", "immediate", "stop"],
                     check=False)  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)


def _bindir() -> Path:
    versions = sorted(PG_ROOT.glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
    if not versions:
        msg = "the Debian postgresql package is not installed (no /usr/lib/postgresql/*/bin)"
        raise RuntimeError(msg)
    return versions[-1].parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(args: list[str], *, check: bool = True) -> subprocess.CompletedProcess:
    """Run a server command; as the ``postgres`` user when we are root (PostgreSQL refuses root)."""
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=check, capture_output=True, text=True, timeout=120)


def start_postgres() -> PgServer:
    """Start a throw-away PostgreSQL cluster on localhost and return it."""
    bindir = _bindir()
    folder = Path(tempfile.mkdtemp(prefix="ws-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data = folder / "data"
    port = _free_port()
    try:
        _as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                      "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])  # fmt: skip
        # A throw-away cluster: no fsync (a killed client loses nothing; only an OS crash would)
        options = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
                   " -c fsync=off -c synchronous_commit=off -c full_page_writes=off")  # fmt: skip
        _as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-o", options,
                      "-l", str(folder / "server.log"), "-w", "start"])  # fmt: skip
    except subprocess.CalledProcessError as error:
        shutil.rmtree(folder, ignore_errors=True)
        msg = f"PostgreSQL did not start: {error.stderr or error.stdout}"
        raise RuntimeError(msg) from error
    return PgServer(f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", folder, bindir)


def pg_server_or_skip() -> Iterator[PgServer]:
    """Yield a PostgreSQL server (given or started); skip loudly, or fail in CI, if none."""
    given = os.environ.get("WORKSPACE_TEST_DATABASE_URL", "").strip()
    if given:
        yield PgServer(given)
        return
    try:
        server = start_postgres()
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        reason = f"NO POSTGRESQL: the PostgreSQL store tests did not run: {error}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """Run a PostgreSQL server on localhost for the whole session."""
    yield from pg_server_or_skip()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Return a fresh, empty store's URL on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'workspace.sqlite3'}"
    return request.getfixturevalue("pg_server").database()


@contextlib.contextmanager
def shared_draft(title: str, copy_of: DocumentRules) -> Iterator[tuple[Store, Draft]]:
    """Put a shared draft (owner ``ann``) in the app server's store; archive it afterwards.

    The store is the test session's (``WORKSPACE_DB``), which every app server and AppTest of
    the worker reads: archived, the draft leaves the document list of the tests that follow.
    """
    store = Store(f"sqlite:///{os.environ['WORKSPACE_DB']}")
    draft = store.create(title, author="ann", copy_of=copy_of)
    shared = store.set_status(draft.id, "shared", base=1, author="ann", rationale="团队共同编辑")
    try:
        yield store, shared
    finally:
        head = store.open(draft.id).head
        store.set_status(draft.id, "archived", base=head, author="ann", rationale="测试结束")
        store.dispose()
