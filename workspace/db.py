"""Where the store lives and how to reach it: SQLite by default, PostgreSQL for a team.

``DATABASE_URL`` (``postgresql+psycopg://user:pass@host/db``) selects the team's server;
without it the store is an SQLite file, ``WORKSPACE_DB`` or ``workspace/_data/workspace.sqlite3``
(git-ignored). SQLite runs in WAL mode with a busy timeout, so readers never block the writer
and concurrent writers wait instead of failing. The schema is brought up to date by Alembic on
first use (:func:`migrate`), under a lock so that replicas starting together migrate once.
Alembic itself (and its templates) is imported only when the schema is behind: a store at
the newest revision costs one query (:func:`at_head`), not a tenth of a second of imports in
every app process's first run.
"""

from __future__ import annotations

import ast
import functools
import logging
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.exc import SQLAlchemyError

from words import worded
from workspace._errors import WorkspaceError

if TYPE_CHECKING:
    from alembic.config import Config

_LOG = logging.getLogger(__name__)
DEFAULT_SQLITE = Path(__file__).resolve().parent / "_data" / "workspace.sqlite3"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 10_000
CONNECT_TIMEOUT_S = 3
_MIGRATION_LOCK = 7_310_010
"""PostgreSQL advisory-lock key held while migrating (any constant shared by all replicas)."""


def database_url(url: str | None = None) -> str:
    """Return the store's URL: ``url``, else ``DATABASE_URL``, else the default SQLite file.

    >>> database_url("sqlite:///x.db")
    'sqlite:///x.db'
    """
    if url:
        return url
    env = os.environ.get("DATABASE_URL", "").strip()
    if env:
        # Heroku-style URLs name the dialect only; the driver is psycopg 3.
        for prefix in ("postgres://", "postgresql://"):
            if env.startswith(prefix):
                return "postgresql+psycopg://" + env.removeprefix(prefix)
        return env
    path = Path(os.environ.get("WORKSPACE_DB", "") or DEFAULT_SQLITE)
    return f"sqlite:///{path}"


def make_engine(url: str) -> Engine:
    """Return an engine for ``url`` with the pragmas (SQLite) or timeouts (PostgreSQL) set."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    return create_engine(
        url,
        pool_pre_ping=True,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S},
    )


def _sqlite_engine(url: str) -> Engine:
    path = url.split("///", 1)[1] if "///" in url else ""
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy issue BEGIN itself (see "begin" below), so BEGIN IMMEDIATE works.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # Take the write lock at the start: a save reads the head and then writes it, and
        # a deferred transaction could not upgrade its read lock once another writer wins.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _alembic_config(connection: object) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (no-op when it is already there).

    Raises
    ------
    WorkspaceError
        If the database cannot be reached or migrated.
    """
    try:
        with engine.begin() as connection:
            if at_head(connection):
                return
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK}
                )
            from alembic import command  # only when migrating: see the module's docstring

            command.upgrade(_alembic_config(connection), "head")
    except SQLAlchemyError as error:
        where = safe_url(str(engine.url))
        _LOG.warning("workspace database %s cannot be used: %s", where, _first_line(error))
        raise WorkspaceError(worded("error.workspace.db_unusable", where=where)) from error


def at_head(connection: Connection) -> bool:
    """Return whether the database's schema is at the newest revision of the migrations.

    Reads Alembic's own record (its ``alembic_version`` table) without importing Alembic;
    a missing table (a new database) or any other revision means "migrate".
    """
    if not inspect(connection).has_table("alembic_version"):
        return False
    found = {row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))}
    return found == set(head_revisions())


@functools.cache
def head_revisions() -> tuple[str, ...]:
    """Return the newest revision(s) of ``migrations/versions``: none revises them.

    Read from each migration's ``revision`` and ``down_revision`` assignments (the files are
    not imported: they import Alembic).
    """
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        values = _assignments(path)
        revisions.add(str(values["revision"]))
        down = values.get("down_revision")
        if isinstance(down, str):
            revised.add(down)
        elif isinstance(down, tuple | list):  # a merge revises several
            revised.update(str(d) for d in down)
    return tuple(sorted(revisions - revised))


def _assignments(path: Path) -> dict[str, object]:
    """Return a migration file's top-level ``revision`` and ``down_revision`` values."""
    values: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in {"revision", "down_revision"}:
            values[target.id] = ast.literal_eval(value)
    return values


@functools.cache
def safe_url(url: str) -> str:
    """Return a URL without its password, for messages.

    >>> safe_url("postgresql+psycopg://ann:secret@db:5432/layout")
    'postgresql+psycopg://ann:***@db:5432/layout'
    """
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ValueError, SQLAlchemyError):
        return "(unreadable URL)"


def _first_line(error: BaseException) -> str:
    message = str(getattr(error, "orig", None) or error).strip()
    return message.splitlines()[0] if message else type(error).__name__
