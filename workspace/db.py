"""Where the store lives and how to reach it: SQLite by default, PostgreSQL for a team.

``DATABASE_URL`` (``postgresql+psycopg://user:pass@host/db``) selects the team's server;
without it the store is an SQLite file, ``WORKSPACE_DB`` or ``workspace/_data/workspace.sqlite3``
(git-ignored). SQLite runs in WAL mode with a busy timeout, so readers never block the writer
and concurrent writers wait instead of failing. The schema is brought up to date by Alembic on
first use (:func:`migrate`), under a lock so that replicas starting together migrate once.
"""

from __future__ import annotations

import functools
import logging
import os
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import SQLAlchemyError

from words import worded
from workspace._errors import WorkspaceError

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
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK}
                )
            command.upgrade(_alembic_config(connection), "head")
    except SQLAlchemyError as error:
        where = safe_url(str(engine.url))
        _LOG.warning("workspace database %s cannot be used: %s", where, _first_line(error))
        raise WorkspaceError(worded("error.workspace.db_unusable", where=where)) from error


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
