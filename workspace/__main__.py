"""Command line for the store: ``python -m workspace migrate | list | export | import``.

Uses ``DATABASE_URL`` (PostgreSQL) or the SQLite file, like the app. Errors are one line each
and exit status 1; never a traceback for bad input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from workspace._errors import WorkspaceError
from workspace.bundle import export_folder, import_folder
from workspace.db import migrate, safe_url
from workspace.store import Store


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    parser = argparse.ArgumentParser(prog="python -m workspace", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="create or upgrade the tables (the app does this too)")
    commands.add_parser("list", help="list every draft")
    export = commands.add_parser("export", help="write a draft as a rules folder")
    export.add_argument("draft")
    export.add_argument("folder", type=Path)
    imported = commands.add_parser("import", help="store a rules folder's documents as drafts")
    imported.add_argument("folder", type=Path)
    imported.add_argument("--author", required=True)
    imported.add_argument("--rationale", default="导入规则文件夹 · imported")
    args = parser.parse_args(argv)
    store = Store()
    try:
        return _run(store, args)
    except WorkspaceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        store.dispose()


def _run(store: Store, args: argparse.Namespace) -> int:
    if args.command == "migrate":
        migrate(store._engine)
        print(f"OK: {safe_url(store.url)} is at the newest schema")
    elif args.command == "list":
        for info in store.list_drafts(archived=True):
            print(f"{info.id}\tr{info.head}\t{info.status}\t{info.owner}\t"
                  f"{info.updated_at:%Y-%m-%d %H:%M}\t{info.title}")  # fmt: skip
    elif args.command == "export":
        data = export_folder(store, args.draft, args.folder)
        print(f"OK: wrote {data}; check it with: python -m layout_rules check {data}")
    else:
        drafts = import_folder(store, args.folder, author=args.author, rationale=args.rationale)
        for draft in drafts:
            print(f"OK: {draft.id} {draft.rules.document.title}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
