"""Doctest collection: Alembic's migration scripts run only inside Alembic."""

collect_ignore_glob = ["migrations/*"]
